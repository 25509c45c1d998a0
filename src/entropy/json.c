/* json.c: see json.h */
#include "entropy/json.h"

#include <string.h>

const char *
qtcl_json_strerror(int code)
{
	switch (code)
	{
		case QTCL_JSON_OK:
			return "ok";
		case QTCL_JSON_ERR_ARG:
			return "bad argument";
		case QTCL_JSON_ERR_TOO_LARGE:
			return "JSON document too large";
		case QTCL_JSON_ERR_DEPTH:
			return "JSON nested too deeply";
		case QTCL_JSON_ERR_EMPTY:
			return "empty JSON document";
		case QTCL_JSON_ERR_SYNTAX:
			return "JSON syntax error";
		case QTCL_JSON_ERR_TRUNCATED:
			return "JSON document truncated";
		case QTCL_JSON_ERR_TRAILING:
			return "junk after the JSON value";
		case QTCL_JSON_ERR_STRING:
			return "malformed JSON string";
		case QTCL_JSON_ERR_NUMBER:
			return "malformed JSON number";
		case QTCL_JSON_ERR_NOT_FOUND:
			return "JSON member not found";
		case QTCL_JSON_ERR_TYPE:
			return "JSON value of the wrong type";
		case QTCL_JSON_ERR_DUPLICATE:
			return "duplicate JSON member name";
		case QTCL_JSON_ERR_RANGE:
			return "JSON integer out of range";
		case QTCL_JSON_ERR_BUFFER:
			return "output buffer too small";
	}
	return "unknown JSON error";
}

const char *
qtcl_json_type_name(qtcl_json_type type)
{
	switch (type)
	{
		case QTCL_JSON_NONE:
			return "none";
		case QTCL_JSON_OBJECT:
			return "object";
		case QTCL_JSON_ARRAY:
			return "array";
		case QTCL_JSON_STRING:
			return "string";
		case QTCL_JSON_NUMBER:
			return "number";
		case QTCL_JSON_TRUE:
			return "true";
		case QTCL_JSON_FALSE:
			return "false";
		case QTCL_JSON_NULL:
			return "null";
	}
	return "unknown";
}

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t
skip_ws(const char *buf, size_t len, size_t pos)
{
	while (pos < len && is_ws(buf[pos]))
		pos++;
	return pos;
}

/* Reads \uXXXX at buf[pos] (pos at the backslash); -1 bad, -2 truncated. */
static long
read_u_escape(const char *buf, size_t len, size_t pos)
{
	long		v = 0;
	int			i;

	if (pos >= len)
		return -2;
	if (buf[pos] != '\\')
		return -1;
	if (pos + 1 >= len)
		return -2;
	if (buf[pos + 1] != 'u')
		return -1;
	for (i = 0; i < 4; i++)
	{
		int			h;

		if (pos + 2 + i >= len)
			return -2;
		h = hexval(buf[pos + 2 + i]);
		if (h < 0)
			return -1;
		v = (v << 4) | h;
	}
	return v;
}

/*
 * Validates a string starting at buf[pos] == '"'; *end gets the offset after
 * the closing quote.
 */
static int
scan_string(const char *buf, size_t len, size_t pos, size_t *end)
{
	pos++;
	for (;;)
	{
		unsigned char c;

		if (pos >= len)
			return QTCL_JSON_ERR_TRUNCATED;
		c = (unsigned char) buf[pos];
		if (c == '"')
		{
			*end = pos + 1;
			return QTCL_JSON_OK;
		}
		if (c < 0x20)
			return QTCL_JSON_ERR_STRING;
		if (c == '\\')
		{
			char		e;

			if (pos + 1 >= len)
				return QTCL_JSON_ERR_TRUNCATED;
			e = buf[pos + 1];
			if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' ||
				e == 'n' || e == 'r' || e == 't')
			{
				pos += 2;
				continue;
			}
			if (e != 'u')
				return QTCL_JSON_ERR_STRING;
			{
				long		u = read_u_escape(buf, len, pos);

				if (u == -2)
					return QTCL_JSON_ERR_TRUNCATED;
				if (u < 0)
					return QTCL_JSON_ERR_STRING;
				pos += 6;
				if (u >= 0xDC00 && u <= 0xDFFF)
					return QTCL_JSON_ERR_STRING;	/* lone low surrogate */
				if (u >= 0xD800 && u <= 0xDBFF)
				{
					long		lo = read_u_escape(buf, len, pos);

					if (lo == -2)
						return QTCL_JSON_ERR_TRUNCATED;
					if (lo < 0xDC00 || lo > 0xDFFF)
						return QTCL_JSON_ERR_STRING;	/* high surrogate not paired */
					pos += 6;
				}
			}
			continue;
		}
		if (c < 0x80)
		{
			pos++;
			continue;
		}
		/* Multi-byte UTF-8: lead byte decides the length and the second byte's range. */
		{
			size_t		n;
			unsigned char lo2 = 0x80,
						hi2 = 0xBF;
			size_t		i;

			if (c >= 0xC2 && c <= 0xDF)
				n = 2;
			else if (c >= 0xE0 && c <= 0xEF)
			{
				n = 3;
				if (c == 0xE0)
					lo2 = 0xA0;		/* overlong */
				else if (c == 0xED)
					hi2 = 0x9F;		/* UTF-16 surrogates */
			}
			else if (c >= 0xF0 && c <= 0xF4)
			{
				n = 4;
				if (c == 0xF0)
					lo2 = 0x90;		/* overlong */
				else if (c == 0xF4)
					hi2 = 0x8F;		/* above U+10FFFF */
			}
			else
				return QTCL_JSON_ERR_STRING;
			for (i = 1; i < n; i++)
			{
				unsigned char b;

				if (pos + i >= len)
					return QTCL_JSON_ERR_TRUNCATED;
				b = (unsigned char) buf[pos + i];
				if (i == 1 ? (b < lo2 || b > hi2) : (b < 0x80 || b > 0xBF))
					return QTCL_JSON_ERR_STRING;
			}
			pos += n;
		}
	}
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
scan_number(const char *buf, size_t len, size_t pos, size_t *end)
{
	if (buf[pos] == '-')
		pos++;
	if (pos >= len)
		return QTCL_JSON_ERR_TRUNCATED;
	if (buf[pos] == '0')
		pos++;
	else if (is_digit(buf[pos]))
	{
		while (pos < len && is_digit(buf[pos]))
			pos++;
	}
	else
		return QTCL_JSON_ERR_NUMBER;
	if (pos < len && buf[pos] == '.')
	{
		pos++;
		if (pos >= len)
			return QTCL_JSON_ERR_TRUNCATED;
		if (!is_digit(buf[pos]))
			return QTCL_JSON_ERR_NUMBER;
		while (pos < len && is_digit(buf[pos]))
			pos++;
	}
	if (pos < len && (buf[pos] == 'e' || buf[pos] == 'E'))
	{
		pos++;
		if (pos < len && (buf[pos] == '+' || buf[pos] == '-'))
			pos++;
		if (pos >= len)
			return QTCL_JSON_ERR_TRUNCATED;
		if (!is_digit(buf[pos]))
			return QTCL_JSON_ERR_NUMBER;
		while (pos < len && is_digit(buf[pos]))
			pos++;
	}
	*end = pos;
	return QTCL_JSON_OK;
}

static int
scan_literal(const char *buf, size_t len, size_t pos, const char *lit, size_t *end)
{
	size_t		n = strlen(lit);
	size_t		i;

	for (i = 0; i < n; i++)
	{
		if (pos + i >= len)
			return QTCL_JSON_ERR_TRUNCATED;
		if (buf[pos + i] != lit[i])
			return QTCL_JSON_ERR_SYNTAX;
	}
	*end = pos + n;
	return QTCL_JSON_OK;
}

static qtcl_json_type
type_at(char c)
{
	switch (c)
	{
		case '{':
			return QTCL_JSON_OBJECT;
		case '[':
			return QTCL_JSON_ARRAY;
		case '"':
			return QTCL_JSON_STRING;
		case 't':
			return QTCL_JSON_TRUE;
		case 'f':
			return QTCL_JSON_FALSE;
		case 'n':
			return QTCL_JSON_NULL;
		default:
			return QTCL_JSON_NUMBER;
	}
}

enum parse_state
{
	ST_VALUE,					/* a value must follow */
	ST_VALUE_OR_CLOSE,			/* just after '[' */
	ST_KEY,						/* just after ',' inside an object */
	ST_KEY_OR_CLOSE,			/* just after '{' */
	ST_AFTER					/* a value just ended */
};

int
qtcl_json_parse(qtcl_json *doc, const char *buf, size_t len, size_t *errpos)
{
	char		stack[QTCL_JSON_MAX_DEPTH];
	int			depth = 0;
	enum parse_state st = ST_VALUE;
	size_t		pos = 0;
	size_t		root_start = 0;
	int			rc = QTCL_JSON_OK;

	if (doc == NULL)
		return QTCL_JSON_ERR_ARG;
	memset(doc, 0, sizeof(*doc));
	if (buf == NULL && len > 0)
		return QTCL_JSON_ERR_ARG;
	if (len > QTCL_JSON_MAX_SIZE)
	{
		if (errpos)
			*errpos = 0;
		return QTCL_JSON_ERR_TOO_LARGE;
	}

	pos = skip_ws(buf, len, 0);
	if (pos >= len)
	{
		if (errpos)
			*errpos = pos;
		return QTCL_JSON_ERR_EMPTY;
	}
	root_start = pos;

	for (;;)
	{
		char		c;
		size_t		end = pos;

		pos = skip_ws(buf, len, pos);
		if (st == ST_AFTER && depth == 0)
		{
			if (pos < len)
				rc = QTCL_JSON_ERR_TRAILING;
			break;
		}
		if (pos >= len)
		{
			rc = QTCL_JSON_ERR_TRUNCATED;
			break;
		}
		c = buf[pos];

		if (st == ST_AFTER)
		{
			char		top = stack[depth - 1];

			if (c == ',')
			{
				st = top == '{' ? ST_KEY : ST_VALUE;
				pos++;
			}
			else if ((top == '{' && c == '}') || (top == '[' && c == ']'))
			{
				depth--;
				pos++;
			}
			else
			{
				rc = QTCL_JSON_ERR_SYNTAX;
				break;
			}
			continue;
		}

		if (st == ST_KEY || st == ST_KEY_OR_CLOSE)
		{
			if (c == '}' && st == ST_KEY_OR_CLOSE)
			{
				depth--;
				pos++;
				st = ST_AFTER;
				continue;
			}
			if (c != '"')
			{
				rc = QTCL_JSON_ERR_SYNTAX;
				break;
			}
			rc = scan_string(buf, len, pos, &end);
			if (rc != QTCL_JSON_OK)
				break;
			pos = skip_ws(buf, len, end);
			if (pos >= len)
			{
				rc = QTCL_JSON_ERR_TRUNCATED;
				break;
			}
			if (buf[pos] != ':')
			{
				rc = QTCL_JSON_ERR_SYNTAX;
				break;
			}
			pos++;
			st = ST_VALUE;
			continue;
		}

		/* ST_VALUE or ST_VALUE_OR_CLOSE */
		if (c == ']' && st == ST_VALUE_OR_CLOSE)
		{
			depth--;
			pos++;
			st = ST_AFTER;
			continue;
		}
		if (c == '{' || c == '[')
		{
			if (depth >= QTCL_JSON_MAX_DEPTH)
			{
				rc = QTCL_JSON_ERR_DEPTH;
				break;
			}
			stack[depth++] = c;
			pos++;
			st = c == '{' ? ST_KEY_OR_CLOSE : ST_VALUE_OR_CLOSE;
			continue;
		}
		if (c == '"')
			rc = scan_string(buf, len, pos, &end);
		else if (c == '-' || is_digit(c))
			rc = scan_number(buf, len, pos, &end);
		else if (c == 't')
			rc = scan_literal(buf, len, pos, "true", &end);
		else if (c == 'f')
			rc = scan_literal(buf, len, pos, "false", &end);
		else if (c == 'n')
			rc = scan_literal(buf, len, pos, "null", &end);
		else
			rc = QTCL_JSON_ERR_SYNTAX;
		if (rc != QTCL_JSON_OK)
			break;
		pos = end;
		st = ST_AFTER;
	}

	if (rc != QTCL_JSON_OK)
	{
		if (errpos)
			*errpos = pos;
		return rc;
	}
	doc->buf = buf;
	doc->len = len;
	doc->root.start = root_start;
	/* the root ends at the last non-whitespace byte */
	{
		size_t		e = len;

		while (e > root_start && is_ws(buf[e - 1]))
			e--;
		doc->root.end = e;
	}
	doc->root.type = type_at(buf[root_start]);
	return QTCL_JSON_OK;
}

/*
 * Offset just after the value starting at pos, in a validated document.
 * Never reads at or beyond `end`.
 */
static size_t
skip_value(const char *buf, size_t pos, size_t end)
{
	char		c = buf[pos];

	if (c == '"')
	{
		pos++;
		while (pos < end && buf[pos] != '"')
			pos += buf[pos] == '\\' ? 2 : 1;
		return pos < end ? pos + 1 : end;
	}
	if (c == '{' || c == '[')
	{
		int			depth = 0;

		while (pos < end)
		{
			c = buf[pos];
			if (c == '"')
			{
				pos = skip_value(buf, pos, end);
				continue;
			}
			if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']')
			{
				depth--;
				if (depth == 0)
					return pos + 1;
			}
			pos++;
		}
		return end;
	}
	while (pos < end && buf[pos] != ',' && buf[pos] != ']' && buf[pos] != '}' && !is_ws(buf[pos]))
		pos++;
	return pos;
}

static bool
value_ok(const qtcl_json *doc, const qtcl_json_value *v)
{
	return doc != NULL && v != NULL && doc->buf != NULL && v->type != QTCL_JSON_NONE &&
		v->start < v->end && v->end <= doc->len && type_at(doc->buf[v->start]) == v->type;
}

/*
 * String decoding, one UTF-8 byte sequence at a time: copies the next
 * decoded bytes of the string body at *pos into out[4] and returns how many.
 * Assumes a validated string; stops at the closing quote (returns 0).
 */
static size_t
next_decoded(const char *buf, size_t *pos, size_t end, unsigned char out[4])
{
	size_t		p = *pos;
	char		c;

	if (p >= end || buf[p] == '"')
		return 0;
	c = buf[p];
	if (c != '\\')
	{
		out[0] = (unsigned char) c;
		*pos = p + 1;
		return 1;
	}
	if (p + 1 >= end)
		return 0;
	switch (buf[p + 1])
	{
		case 'b':
			out[0] = '\b';
			break;
		case 'f':
			out[0] = '\f';
			break;
		case 'n':
			out[0] = '\n';
			break;
		case 'r':
			out[0] = '\r';
			break;
		case 't':
			out[0] = '\t';
			break;
		case 'u':
			{
				long		u = read_u_escape(buf, end, p);
				uint32_t	cp;

				if (u < 0)
					return 0;
				cp = (uint32_t) u;
				p += 6;
				if (cp >= 0xD800 && cp <= 0xDBFF)
				{
					long		lo = read_u_escape(buf, end, p);

					if (lo < 0)
						return 0;
					cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t) lo - 0xDC00);
					p += 6;
				}
				*pos = p;
				if (cp < 0x80)
				{
					out[0] = (unsigned char) cp;
					return 1;
				}
				if (cp < 0x800)
				{
					out[0] = (unsigned char) (0xC0 | (cp >> 6));
					out[1] = (unsigned char) (0x80 | (cp & 0x3F));
					return 2;
				}
				if (cp < 0x10000)
				{
					out[0] = (unsigned char) (0xE0 | (cp >> 12));
					out[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
					out[2] = (unsigned char) (0x80 | (cp & 0x3F));
					return 3;
				}
				out[0] = (unsigned char) (0xF0 | (cp >> 18));
				out[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3F));
				out[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
				out[3] = (unsigned char) (0x80 | (cp & 0x3F));
				return 4;
			}
		default:				/* \" \\ \/ */
			out[0] = (unsigned char) buf[p + 1];
			break;
	}
	*pos = p + 2;
	return 1;
}

/* Compares a string value (span with quotes) with the NUL-terminated s. */
static bool
span_string_eq(const char *buf, size_t start, size_t end, const char *s)
{
	size_t		pos = start + 1;
	size_t		si = 0;
	size_t		slen = strlen(s);

	for (;;)
	{
		unsigned char b[4];
		size_t		n = next_decoded(buf, &pos, end, b);

		if (n == 0)
			return si == slen;
		if (si + n > slen || memcmp(s + si, b, n) != 0)
			return false;
		si += n;
	}
}

bool
qtcl_json_string_eq(const qtcl_json *doc, const qtcl_json_value *v, const char *s)
{
	if (!value_ok(doc, v) || v->type != QTCL_JSON_STRING || s == NULL)
		return false;
	return span_string_eq(doc->buf, v->start, v->end, s);
}

int
qtcl_json_string(const qtcl_json *doc, const qtcl_json_value *v,
				 char *out, size_t cap, size_t *outlen)
{
	size_t		pos,
				n = 0;

	if (!value_ok(doc, v) || out == NULL || cap == 0)
		return QTCL_JSON_ERR_ARG;
	out[0] = '\0';
	if (v->type != QTCL_JSON_STRING)
		return QTCL_JSON_ERR_TYPE;
	pos = v->start + 1;
	for (;;)
	{
		unsigned char b[4];
		size_t		k = next_decoded(doc->buf, &pos, v->end, b);

		if (k == 0)
			break;
		if (n + k + 1 > cap)
		{
			out[0] = '\0';
			return QTCL_JSON_ERR_BUFFER;
		}
		memcpy(out + n, b, k);
		n += k;
	}
	out[n] = '\0';
	if (outlen)
		*outlen = n;
	return QTCL_JSON_OK;
}

int
qtcl_json_get(const qtcl_json *doc, const qtcl_json_value *obj,
			  const char *key, qtcl_json_value *out)
{
	const char *buf;
	size_t		pos,
				end;
	bool		found = false;

	if (!value_ok(doc, obj) || key == NULL || out == NULL)
		return QTCL_JSON_ERR_ARG;
	if (obj->type != QTCL_JSON_OBJECT)
		return QTCL_JSON_ERR_TYPE;
	buf = doc->buf;
	end = obj->end;
	pos = skip_ws(buf, end, obj->start + 1);
	if (pos < end && buf[pos] == '}')
		return QTCL_JSON_ERR_NOT_FOUND;
	while (pos < end && buf[pos] == '"')
	{
		size_t		kstart = pos,
					kend = skip_value(buf, pos, end);
		size_t		vstart,
					vend;

		pos = skip_ws(buf, end, kend);
		if (pos >= end || buf[pos] != ':')
			return QTCL_JSON_ERR_ARG;	/* not a validated document */
		vstart = skip_ws(buf, end, pos + 1);
		if (vstart >= end)
			return QTCL_JSON_ERR_ARG;
		vend = skip_value(buf, vstart, end);
		if (span_string_eq(buf, kstart, kend, key))
		{
			if (found)
				return QTCL_JSON_ERR_DUPLICATE;
			found = true;
			out->start = vstart;
			out->end = vend;
			out->type = type_at(buf[vstart]);
		}
		pos = skip_ws(buf, end, vend);
		if (pos < end && buf[pos] == ',')
			pos = skip_ws(buf, end, pos + 1);
		else
			break;
	}
	return found ? QTCL_JSON_OK : QTCL_JSON_ERR_NOT_FOUND;
}

int
qtcl_json_find(const qtcl_json *doc, const qtcl_json_value *from,
			   const char *path, qtcl_json_value *out)
{
	qtcl_json_value cur;
	char		name[256];

	if (doc == NULL || path == NULL || out == NULL)
		return QTCL_JSON_ERR_ARG;
	cur = from ? *from : doc->root;
	if (!value_ok(doc, &cur))
		return QTCL_JSON_ERR_ARG;
	while (*path != '\0')
	{
		const char *dot = strchr(path, '.');
		size_t		n = dot ? (size_t) (dot - path) : strlen(path);
		qtcl_json_value next;
		int			rc;

		if (n == 0 || n >= sizeof(name))
			return QTCL_JSON_ERR_ARG;
		memcpy(name, path, n);
		name[n] = '\0';
		rc = qtcl_json_get(doc, &cur, name, &next);
		if (rc != QTCL_JSON_OK)
			return rc;
		cur = next;
		path += n;
		if (*path == '.')
		{
			path++;
			if (*path == '\0')
				return QTCL_JSON_ERR_ARG;
		}
	}
	*out = cur;
	return QTCL_JSON_OK;
}

int
qtcl_json_iter_init(const qtcl_json *doc, const qtcl_json_value *arr, qtcl_json_iter *it)
{
	if (!value_ok(doc, arr) || it == NULL)
		return QTCL_JSON_ERR_ARG;
	if (arr->type != QTCL_JSON_ARRAY)
		return QTCL_JSON_ERR_TYPE;
	it->pos = skip_ws(doc->buf, arr->end, arr->start + 1);
	it->end = arr->end;
	it->first = true;
	return QTCL_JSON_OK;
}

int
qtcl_json_iter_next(const qtcl_json *doc, qtcl_json_iter *it, qtcl_json_value *out)
{
	const char *buf;
	size_t		pos;

	if (doc == NULL || doc->buf == NULL || it == NULL || out == NULL || it->end > doc->len)
		return 0;
	buf = doc->buf;
	pos = it->pos;
	if (pos >= it->end || buf[pos] == ']')
		return 0;
	if (!it->first)
	{
		if (buf[pos] != ',')
			return 0;
		pos = skip_ws(buf, it->end, pos + 1);
		if (pos >= it->end)
			return 0;
	}
	it->first = false;
	out->start = pos;
	out->end = skip_value(buf, pos, it->end);
	out->type = type_at(buf[pos]);
	it->pos = skip_ws(buf, it->end, out->end);
	return 1;
}

int
qtcl_json_count(const qtcl_json *doc, const qtcl_json_value *v, size_t *count)
{
	const char *buf;
	size_t		pos,
				end,
				n = 0;

	if (!value_ok(doc, v) || count == NULL)
		return QTCL_JSON_ERR_ARG;
	if (v->type != QTCL_JSON_ARRAY && v->type != QTCL_JSON_OBJECT)
		return QTCL_JSON_ERR_TYPE;
	buf = doc->buf;
	end = v->end;
	pos = skip_ws(buf, end, v->start + 1);
	while (pos < end && buf[pos] != ']' && buf[pos] != '}')
	{
		if (v->type == QTCL_JSON_OBJECT)
		{
			pos = skip_value(buf, pos, end);	/* the name */
			pos = skip_ws(buf, end, pos);
			if (pos >= end || buf[pos] != ':')
				return QTCL_JSON_ERR_ARG;
			pos = skip_ws(buf, end, pos + 1);
			if (pos >= end)
				return QTCL_JSON_ERR_ARG;
		}
		pos = skip_value(buf, pos, end);
		n++;
		pos = skip_ws(buf, end, pos);
		if (pos < end && buf[pos] == ',')
			pos = skip_ws(buf, end, pos + 1);
	}
	*count = n;
	return QTCL_JSON_OK;
}

int
qtcl_json_uint(const qtcl_json *doc, const qtcl_json_value *v, uint64_t max, uint64_t *out)
{
	const char *buf;
	uint64_t	x = 0;
	size_t		i;

	if (!value_ok(doc, v) || out == NULL)
		return QTCL_JSON_ERR_ARG;
	if (v->type != QTCL_JSON_NUMBER)
		return QTCL_JSON_ERR_TYPE;
	buf = doc->buf;
	for (i = v->start; i < v->end; i++)
		if (!is_digit(buf[i]))
			return QTCL_JSON_ERR_TYPE;	/* '-', fraction or exponent */
	for (i = v->start; i < v->end; i++)
	{
		unsigned	d = (unsigned) (buf[i] - '0');

		if (x > (UINT64_MAX - d) / 10)
			return QTCL_JSON_ERR_RANGE;
		x = x * 10 + d;
	}
	if (x > max)
		return QTCL_JSON_ERR_RANGE;
	*out = x;
	return QTCL_JSON_OK;
}

int
qtcl_json_int64(const qtcl_json *doc, const qtcl_json_value *v, int64_t *out)
{
	qtcl_json_value mag;
	uint64_t	m;
	bool		neg;
	int			rc;

	if (!value_ok(doc, v) || out == NULL)
		return QTCL_JSON_ERR_ARG;
	if (v->type != QTCL_JSON_NUMBER)
		return QTCL_JSON_ERR_TYPE;
	neg = doc->buf[v->start] == '-';
	mag = *v;
	if (neg)
		mag.start++;
	if (mag.start >= mag.end || !is_digit(doc->buf[mag.start]))
		return QTCL_JSON_ERR_TYPE;
	rc = qtcl_json_uint(doc, &mag, neg ? (uint64_t) INT64_MAX + 1 : (uint64_t) INT64_MAX, &m);
	if (rc != QTCL_JSON_OK)
		return rc;
	if (neg)
		*out = m == (uint64_t) INT64_MAX + 1 ? INT64_MIN : -(int64_t) m;
	else
		*out = (int64_t) m;
	return QTCL_JSON_OK;
}

int
qtcl_json_bool(const qtcl_json *doc, const qtcl_json_value *v, bool *out)
{
	if (!value_ok(doc, v) || out == NULL)
		return QTCL_JSON_ERR_ARG;
	if (v->type == QTCL_JSON_TRUE)
		*out = true;
	else if (v->type == QTCL_JSON_FALSE)
		*out = false;
	else
		return QTCL_JSON_ERR_TYPE;
	return QTCL_JSON_OK;
}
