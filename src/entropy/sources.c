/* sources.c: see sources.h */
#include "entropy/sources.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "entropy/json.h"

static const char *const source_names[QTCL_SRC_COUNT] = {
	"anu", "random_org", "qbck", "hotbits", "os"
};

static const char *const source_urls[QTCL_SRC_COUNT] = {
	"https://api.quantumnumbers.anu.edu.au",
	"https://api.random.org/json-rpc/4/invoke",
	"https://qrng.qbck.io",
	"https://www.fourmilab.ch/cgi-bin/Hotbits.api",
	NULL
};

/*
 * Per-request limits: ANU length 1..1024; Random.org generateIntegers n up
 * to 10000; HotBits about 2048 bytes per request; QBCK does not document one
 * that we found, 1024 is a conservative choice; os is bounded only to keep
 * single reads short.
 */
static const size_t source_max[QTCL_SRC_COUNT] = {1024, 10000, 1024, 2048, 65536};

const char *
qtcl_source_strerror(int code)
{
	switch (code)
	{
		case QTCL_SRC_OK:
			return "ok";
		case QTCL_SRC_ERR_ARG:
			return "bad argument";
		case QTCL_SRC_ERR_URL:
			return "base URL is not a valid http:// or https:// URL";
		case QTCL_SRC_ERR_KEY:
			return "API key missing or with invalid characters";
		case QTCL_SRC_ERR_PSEUDORANDOM:
			return "HotBits key Pseudorandom refused";
		case QTCL_SRC_ERR_BUFFER:
			return "request too long for its buffer";
		case QTCL_SRC_ERR_NOT_HTTP:
			return "source has no HTTP request";
		case QTCL_SRC_ERR_HTTP:
			return "HTTP status other than 200";
		case QTCL_SRC_ERR_BODY:
			return "response body is not a JSON document";
		case QTCL_SRC_ERR_REFUSED:
			return "service reported an error";
		case QTCL_SRC_ERR_FORMAT:
			return "response has an unexpected shape or value";
		case QTCL_SRC_ERR_SHORT:
			return "fewer bytes than asked";
		case QTCL_SRC_ERR_LONG:
			return "more bytes than asked";
		case QTCL_SRC_ERR_OS:
			return "getrandom failed";
	}
	return "unknown source error";
}

const char *
qtcl_source_name(int id)
{
	if (id < 0 || id >= QTCL_SRC_COUNT)
		return NULL;
	return source_names[id];
}

int
qtcl_source_by_name(const char *name)
{
	int			i;

	if (name == NULL)
		return -1;
	for (i = 0; i < QTCL_SRC_COUNT; i++)
		if (strcmp(name, source_names[i]) == 0)
			return i;
	return -1;
}

const char *
qtcl_source_default_url(int id)
{
	if (id < 0 || id >= QTCL_SRC_COUNT)
		return NULL;
	return source_urls[id];
}

bool
qtcl_source_is_remote(int id)
{
	return id >= 0 && id < QTCL_SRC_COUNT && id != QTCL_SRC_OS;
}

size_t
qtcl_source_max_bytes(int id)
{
	if (id < 0 || id >= QTCL_SRC_COUNT)
		return 0;
	return source_max[id];
}

/*
 * Writes a reason. Formats used with it contain only static text and
 * numbers (see the header: never URLs, keys or server text).
 */
static int
fail(int code, char *reason, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(int code, char *reason, size_t cap, const char *fmt, ...)
{
	if (reason != NULL && cap > 0)
	{
		va_list		ap;

		va_start(ap, fmt);
		vsnprintf(reason, cap, fmt, ap);
		va_end(ap);
	}
	return code;
}

static void
ok_reason(char *reason, size_t cap)
{
	if (reason != NULL && cap > 0)
		reason[0] = '\0';
}

/* ---- requests ---- */

static int
check_base_url(const char *u, size_t *len_out)
{
	size_t		n = strlen(u);
	size_t		i,
				host;

	if (strncasecmp(u, "https://", 8) == 0)
		host = 8;
	else if (strncasecmp(u, "http://", 7) == 0)
		host = 7;
	else
		return QTCL_SRC_ERR_URL;
	if (n <= host || u[host] == '/' || n > QTCL_SRC_URL_MAX / 2)
		return QTCL_SRC_ERR_URL;
	for (i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) u[i];

		if (c <= 0x20 || c >= 0x7f || strchr("?#\"<>\\^`{|}", c) != NULL)
			return QTCL_SRC_ERR_URL;
	}
	*len_out = n;
	return QTCL_SRC_OK;
}

static bool
key_chars_ok(const char *k)
{
	size_t		n = strlen(k);
	size_t		i;

	if (n > QTCL_SRC_KEY_MAX)
		return false;
	for (i = 0; i < n; i++)
	{
		char		c = k[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '.' || c == '_' || c == '~'))
			return false;
	}
	return true;
}

/* snprintf that reports truncation as failure. */
static bool
put(char *dst, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool
put(char *dst, size_t cap, const char *fmt, ...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t) n < cap;
}

/* URL for one key value (the real key, or "REDACTED"). */
static bool
build_url(int id, char *dst, size_t cap, const char *base, size_t baselen,
		  const char *key, size_t nbytes)
{
	switch (id)
	{
		case QTCL_SRC_ANU:
			return put(dst, cap, "%.*s?length=%zu&type=uint8", (int) baselen, base, nbytes);
		case QTCL_SRC_RANDOM_ORG:
			return put(dst, cap, "%.*s", (int) baselen, base);
		case QTCL_SRC_QBCK:
			return put(dst, cap, "%.*s/%s/qbck/block/hex?size=1&length=%zu",
					   (int) baselen, base, key, nbytes);
		case QTCL_SRC_HOTBITS:
			return put(dst, cap, "%.*s?nbytes=%zu&fmt=json&apikey=%s",
					   (int) baselen, base, nbytes, key);
	}
	return false;
}

int
qtcl_source_build_request(qtcl_source_request *req, int id, const char *base_url,
						  const char *key, size_t nbytes, uint32_t rpc_id,
						  char *reason, size_t reasoncap)
{
	size_t		baselen = 0;
	int			rc;

	if (req == NULL)
		return fail(QTCL_SRC_ERR_ARG, reason, reasoncap, "no request buffer");
	memset(req, 0, sizeof(*req));
	if (id < 0 || id >= QTCL_SRC_COUNT)
		return fail(QTCL_SRC_ERR_ARG, reason, reasoncap, "unknown source id %d", id);
	if (id == QTCL_SRC_OS)
		return fail(QTCL_SRC_ERR_NOT_HTTP, reason, reasoncap, "source os has no HTTP request");
	if (nbytes == 0 || nbytes > source_max[id])
		return fail(QTCL_SRC_ERR_ARG, reason, reasoncap,
					"%s: byte count %zu outside 1..%zu", source_names[id], nbytes, source_max[id]);
	if (key == NULL)
		key = "";

	/* key checks first: Pseudorandom must be refused whatever else is wrong */
	if (id == QTCL_SRC_HOTBITS && strcasecmp(key, "Pseudorandom") == 0)
		return fail(QTCL_SRC_ERR_PSEUDORANDOM, reason, reasoncap,
					"hotbits: the Pseudorandom key asks for pseudorandom data; refused");
	if (key[0] == '\0' && id != QTCL_SRC_ANU)
		return fail(QTCL_SRC_ERR_KEY, reason, reasoncap, "%s: API key required", source_names[id]);
	if (!key_chars_ok(key))
		return fail(QTCL_SRC_ERR_KEY, reason, reasoncap,
					"%s: API key longer than %d or with characters outside A-Za-z0-9-._~",
					source_names[id], QTCL_SRC_KEY_MAX);

	if (base_url == NULL || base_url[0] == '\0')
		base_url = source_urls[id];
	rc = check_base_url(base_url, &baselen);
	if (rc != QTCL_SRC_OK)
		return fail(rc, reason, reasoncap, "%s: base URL must be http:// or https:// with a host, "
					"printable, without query or fragment", source_names[id]);
	if (id == QTCL_SRC_QBCK)
		while (baselen > 0 && base_url[baselen - 1] == '/')
			baselen--;

	req->source = id;
	req->nbytes = nbytes;
	req->rpc_id = rpc_id;
	req->method = id == QTCL_SRC_RANDOM_ORG ? "POST" : "GET";
	if (!build_url(id, req->url, sizeof(req->url), base_url, baselen, key, nbytes) ||
		!build_url(id, req->url_redacted, sizeof(req->url_redacted), base_url, baselen,
				   key[0] ? "REDACTED" : "", nbytes))
		goto toolong;

	switch (id)
	{
		case QTCL_SRC_ANU:
			if (key[0] != '\0' &&
				!put(req->header, sizeof(req->header), "x-api-key: %s", key))
				goto toolong;
			break;
		case QTCL_SRC_RANDOM_ORG:
			if (!put(req->header, sizeof(req->header), "Content-Type: application/json"))
				goto toolong;
			if (!put(req->body, sizeof(req->body),
					 "{\"jsonrpc\":\"2.0\",\"method\":\"generateIntegers\",\"params\":"
					 "{\"apiKey\":\"%s\",\"n\":%zu,\"min\":0,\"max\":255,\"replacement\":true},"
					 "\"id\":%u}", key, nbytes, (unsigned) rpc_id))
				goto toolong;
			req->body_len = strlen(req->body);
			break;
		default:
			break;
	}
	ok_reason(reason, reasoncap);
	return QTCL_SRC_OK;

toolong:
	memset(req, 0, sizeof(*req));
	return fail(QTCL_SRC_ERR_BUFFER, reason, reasoncap, "%s: request too long for its buffers",
				source_names[id]);
}

/* ---- responses ---- */

typedef struct parse_ctx
{
	const qtcl_json *doc;
	const char *name;
	size_t		n;
	uint8_t    *out;
	char	   *reason;
	size_t		cap;
} parse_ctx;

/* Fails unless got == asked. */
static int
check_count(parse_ctx *c, size_t got, const char *unit)
{
	if (got < c->n)
		return fail(QTCL_SRC_ERR_SHORT, c->reason, c->cap, "%s: got %zu %s, asked for %zu",
					c->name, got, unit, c->n);
	if (got > c->n)
		return fail(QTCL_SRC_ERR_LONG, c->reason, c->cap, "%s: got %zu %s, asked for %zu",
					c->name, got, unit, c->n);
	return QTCL_SRC_OK;
}

/* An array of JSON integers 0..255: exactly c->n of them into c->out. */
static int
take_uint8_array(parse_ctx *c, const qtcl_json_value *arr, size_t *elements)
{
	qtcl_json_iter it;
	qtcl_json_value v;
	size_t		i = 0;

	if (arr->type != QTCL_JSON_ARRAY ||
		qtcl_json_iter_init(c->doc, arr, &it) != QTCL_JSON_OK)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "%s: data is not an array", c->name);
	while (qtcl_json_iter_next(c->doc, &it, &v) == 1)
	{
		uint64_t	x;
		int			rc = qtcl_json_uint(c->doc, &v, 255, &x);

		if (rc == QTCL_JSON_ERR_RANGE)
			return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap,
						"%s: data value %zu out of range 0..255", c->name, i);
		if (rc != QTCL_JSON_OK)
			return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap,
						"%s: data value %zu is not an integer 0..255", c->name, i);
		if (i < c->n)
			c->out[i] = (uint8_t) x;
		i++;
	}
	if (elements)
		*elements = i;
	return check_count(c, i, "bytes");
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* An array of hex strings, decoded and concatenated: exactly c->n bytes. */
static int
take_hex_array(parse_ctx *c, const qtcl_json_value *arr, size_t *elements)
{
	qtcl_json_iter it;
	qtcl_json_value v;
	size_t		i = 0,
				got = 0;

	if (arr->type != QTCL_JSON_ARRAY ||
		qtcl_json_iter_init(c->doc, arr, &it) != QTCL_JSON_OK)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "%s: data is not an array", c->name);
	while (qtcl_json_iter_next(c->doc, &it, &v) == 1)
	{
		const char *s;
		size_t		slen,
					j;

		if (v.type != QTCL_JSON_STRING)
			return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap,
						"%s: data value %zu is not a hex string", c->name, i);
		/* the raw span without quotes; hex needs no escapes, so any '\\' fails below */
		s = c->doc->buf + v.start + 1;
		slen = v.end - v.start - 2;
		if (slen == 0 || slen % 2 != 0)
			return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap,
						"%s: data value %zu is not an even, non-empty number of hex digits",
						c->name, i);
		for (j = 0; j < slen; j += 2)
		{
			int			hi = hexval(s[j]),
						lo = hexval(s[j + 1]);

			if (hi < 0 || lo < 0)
				return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap,
							"%s: data value %zu has a non-hex character", c->name, i);
			if (got < c->n)
				c->out[got] = (uint8_t) (hi << 4 | lo);
			got++;
		}
		i++;
	}
	if (elements)
		*elements = i;
	return check_count(c, got, "bytes");
}

/* Optional unsigned member into *dst (left at -1 when absent or not an integer). */
static void
meta_uint(const qtcl_json *doc, const char *path, int64_t *dst)
{
	qtcl_json_value v;
	uint64_t	x;

	if (qtcl_json_find(doc, NULL, path, &v) == QTCL_JSON_OK &&
		qtcl_json_uint(doc, &v, INT64_MAX, &x) == QTCL_JSON_OK)
		*dst = (int64_t) x;
}

static int
parse_anu(parse_ctx *c)
{
	const qtcl_json *doc = c->doc;
	qtcl_json_value v,
				data;
	bool		success;
	bool		hex;
	size_t		elements = 0;
	int			rc;

	rc = qtcl_json_get(doc, &doc->root, "success", &v);
	if (rc == QTCL_JSON_ERR_NOT_FOUND)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "anu: no success member");
	if (rc != QTCL_JSON_OK || qtcl_json_bool(doc, &v, &success) != QTCL_JSON_OK)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "anu: success is not a single boolean");
	if (!success)
		return fail(QTCL_SRC_ERR_REFUSED, c->reason, c->cap, "anu: service answered success:false");

	if (qtcl_json_get(doc, &doc->root, "type", &v) != QTCL_JSON_OK)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "anu: no type member");
	if (qtcl_json_string_eq(doc, &v, "uint8"))
		hex = false;
	else if (qtcl_json_string_eq(doc, &v, "hex8") || qtcl_json_string_eq(doc, &v, "hex16"))
		hex = true;
	else
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap,
					"anu: type is not uint8, hex8 or hex16");

	if (qtcl_json_get(doc, &doc->root, "data", &data) != QTCL_JSON_OK)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "anu: no data member");
	rc = hex ? take_hex_array(c, &data, &elements) : take_uint8_array(c, &data, &elements);
	if (rc != QTCL_SRC_OK)
		return rc;

	/* length: optional; a number or a string of digits (the current API), equal to the element count */
	rc = qtcl_json_get(doc, &doc->root, "length", &v);
	if (rc == QTCL_JSON_OK)
	{
		uint64_t	len = 0;
		bool		ok = false;

		if (v.type == QTCL_JSON_NUMBER)
			ok = qtcl_json_uint(doc, &v, 1000000, &len) == QTCL_JSON_OK;
		else if (v.type == QTCL_JSON_STRING)
		{
			char		s[16];
			size_t		sl = 0,
						i;

			if (qtcl_json_string(doc, &v, s, sizeof(s), &sl) == QTCL_JSON_OK && sl > 0 && sl <= 7)
			{
				ok = true;
				for (i = 0; i < sl; i++)
				{
					if (s[i] < '0' || s[i] > '9')
						ok = false;
					len = len * 10 + (uint64_t) (s[i] - '0');
				}
			}
		}
		if (!ok)
			return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "anu: length is not a count");
		if (len != elements)
			return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap,
						"anu: length %llu disagrees with %zu data values",
						(unsigned long long) len, elements);
	}
	else if (rc != QTCL_JSON_ERR_NOT_FOUND)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "anu: length member repeated");
	return QTCL_SRC_OK;
}

static int
parse_random_org(parse_ctx *c, uint32_t rpc_id, qtcl_source_meta *meta)
{
	const qtcl_json *doc = c->doc;
	qtcl_json_value v;
	uint64_t	id;
	int			rc;

	if (qtcl_json_get(doc, &doc->root, "jsonrpc", &v) != QTCL_JSON_OK ||
		!qtcl_json_string_eq(doc, &v, "2.0"))
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "random_org: not a JSON-RPC 2.0 response");

	rc = qtcl_json_get(doc, &doc->root, "error", &v);
	if (rc == QTCL_JSON_OK)
	{
		qtcl_json_value code;
		int64_t		k;

		/* the numeric code only: the message is server text and is not echoed */
		if (qtcl_json_get(doc, &v, "code", &code) == QTCL_JSON_OK &&
			qtcl_json_int64(doc, &code, &k) == QTCL_JSON_OK)
			return fail(QTCL_SRC_ERR_REFUSED, c->reason, c->cap,
						"random_org: JSON-RPC error code %lld", (long long) k);
		return fail(QTCL_SRC_ERR_REFUSED, c->reason, c->cap, "random_org: JSON-RPC error");
	}
	if (rc != QTCL_JSON_ERR_NOT_FOUND)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "random_org: error member repeated");

	if (qtcl_json_get(doc, &doc->root, "id", &v) != QTCL_JSON_OK ||
		qtcl_json_uint(doc, &v, UINT32_MAX, &id) != QTCL_JSON_OK || id != rpc_id)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap,
					"random_org: response id does not match request id %u", (unsigned) rpc_id);

	if (qtcl_json_find(doc, NULL, "result.random.data", &v) != QTCL_JSON_OK)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "random_org: no result.random.data");
	rc = take_uint8_array(c, &v, NULL);
	if (rc != QTCL_SRC_OK)
		return rc;
	if (meta)
	{
		meta_uint(doc, "result.advisoryDelay", &meta->advisory_delay_ms);
		meta_uint(doc, "result.requestsLeft", &meta->requests_left);
	}
	return QTCL_SRC_OK;
}

/* A top-level "error" member from a REST-style service. */
static int
rest_error(parse_ctx *c)
{
	qtcl_json_value v;
	int			rc = qtcl_json_get(c->doc, &c->doc->root, "error", &v);

	if (rc == QTCL_JSON_ERR_NOT_FOUND || (rc == QTCL_JSON_OK && v.type == QTCL_JSON_NULL))
		return QTCL_SRC_OK;
	return fail(QTCL_SRC_ERR_REFUSED, c->reason, c->cap, "%s: service returned an error", c->name);
}

static int
parse_qbck(parse_ctx *c)
{
	qtcl_json_value v;
	int			rc = rest_error(c);

	if (rc != QTCL_SRC_OK)
		return rc;
	if (qtcl_json_find(c->doc, NULL, "data.result", &v) != QTCL_JSON_OK)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "qbck: no data.result");
	return take_hex_array(c, &v, NULL);
}

static int
parse_hotbits(parse_ctx *c, qtcl_source_meta *meta)
{
	const qtcl_json *doc = c->doc;
	qtcl_json_value v;
	int			rc = rest_error(c);

	if (rc != QTCL_SRC_OK)
		return rc;
	rc = qtcl_json_get(doc, &doc->root, "status", &v);
	if (rc == QTCL_JSON_OK)
	{
		uint64_t	st;

		if (qtcl_json_uint(doc, &v, 999, &st) != QTCL_JSON_OK)
			return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "hotbits: status is not a number");
		if (st != 200)
			return fail(QTCL_SRC_ERR_REFUSED, c->reason, c->cap, "hotbits: status %llu",
						(unsigned long long) st);
	}
	if (qtcl_json_get(doc, &doc->root, "data", &v) != QTCL_JSON_OK)
		return fail(QTCL_SRC_ERR_FORMAT, c->reason, c->cap, "hotbits: no data member");
	rc = take_uint8_array(c, &v, NULL);
	if (rc != QTCL_SRC_OK)
		return rc;
	if (meta)
		meta_uint(doc, "requestInformation.quotaRequestsRemaining", &meta->requests_left);
	return QTCL_SRC_OK;
}

/* Case-insensitive search for a short ASCII needle in body[len]. */
static bool
body_contains(const char *body, size_t len, const char *needle)
{
	size_t		n = strlen(needle);
	size_t		i;

	if (n == 0 || len < n)
		return false;
	for (i = 0; i + n <= len; i++)
		if (strncasecmp(body + i, needle, n) == 0)
			return true;
	return false;
}

int
qtcl_source_parse_response(const qtcl_source_request *req, long http_status,
						   const char *body, size_t len, uint8_t *out,
						   qtcl_source_meta *meta, char *reason, size_t reasoncap)
{
	qtcl_json	doc;
	parse_ctx	c;
	size_t		errpos = 0,
				i;
	int			rc;

	if (meta)
	{
		meta->advisory_delay_ms = -1;
		meta->requests_left = -1;
	}
	if (req == NULL || out == NULL || req->source < 0 || req->source >= QTCL_SRC_COUNT ||
		req->source == QTCL_SRC_OS || req->nbytes == 0 || req->nbytes > source_max[req->source])
		return fail(QTCL_SRC_ERR_ARG, reason, reasoncap, "bad request or output buffer");
	if (body == NULL)
		len = 0;

	c.doc = &doc;
	c.name = source_names[req->source];
	c.n = req->nbytes;
	c.out = out;
	c.reason = reason;
	c.cap = reasoncap;

	/* HotBits reports a bad key as an HTML page, possibly with an error status */
	if (req->source == QTCL_SRC_HOTBITS && len <= 65536 &&
		body_contains(body, len, "API Key invalid"))
		return fail(QTCL_SRC_ERR_REFUSED, reason, reasoncap, "hotbits: API key invalid");
	if (http_status != 200)
		return fail(QTCL_SRC_ERR_HTTP, reason, reasoncap, "%s: HTTP status %ld", c.name, http_status);

	for (i = 0; i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'); i++)
		;
	if (i == len)
		return fail(QTCL_SRC_ERR_BODY, reason, reasoncap, "%s: empty response body", c.name);
	if (body[i] == '<')
		return fail(QTCL_SRC_ERR_BODY, reason, reasoncap, "%s: HTML response, not JSON", c.name);

	rc = qtcl_json_parse(&doc, body, len, &errpos);
	if (rc != QTCL_JSON_OK)
		return fail(QTCL_SRC_ERR_BODY, reason, reasoncap, "%s: %s at byte %zu", c.name,
					qtcl_json_strerror(rc), errpos);
	if (doc.root.type != QTCL_JSON_OBJECT)
		return fail(QTCL_SRC_ERR_FORMAT, reason, reasoncap, "%s: response is not a JSON object", c.name);

	switch (req->source)
	{
		case QTCL_SRC_ANU:
			rc = parse_anu(&c);
			break;
		case QTCL_SRC_RANDOM_ORG:
			rc = parse_random_org(&c, req->rpc_id, meta);
			break;
		case QTCL_SRC_QBCK:
			rc = parse_qbck(&c);
			break;
		default:
			rc = parse_hotbits(&c, meta);
			break;
	}
	if (rc == QTCL_SRC_OK)
		ok_reason(reason, reasoncap);
	return rc;
}

int
qtcl_source_os_read(uint8_t *out, size_t n, char *reason, size_t reasoncap)
{
	size_t		got = 0;

	if (out == NULL || n == 0 || n > source_max[QTCL_SRC_OS])
		return fail(QTCL_SRC_ERR_ARG, reason, reasoncap, "os: byte count %zu outside 1..%zu",
					n, source_max[QTCL_SRC_OS]);
	while (got < n)
	{
		ssize_t		r = getrandom(out + got, n - got, 0);

		if (r < 0)
		{
			if (errno == EINTR)
				continue;
			return fail(QTCL_SRC_ERR_OS, reason, reasoncap, "os: getrandom failed, errno %d", errno);
		}
		if (r == 0)
			return fail(QTCL_SRC_ERR_OS, reason, reasoncap, "os: getrandom returned nothing");
		got += (size_t) r;
	}
	ok_reason(reason, reasoncap);
	return QTCL_SRC_OK;
}
