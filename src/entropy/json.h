/*
 * json.h: a small strict JSON (RFC 8259) reader for the entropy sources'
 * responses.
 *
 * Why not a general library: the pure core must not allocate and must not
 * pull in dependencies, and the responses are untrusted bytes from the
 * network. The reader therefore works in place over the caller's buffer:
 *
 *   1. qtcl_json_parse() validates the WHOLE document once (syntax, nesting
 *      depth, size, string escapes and UTF-8, number grammar, nothing but
 *      whitespace after the value) and records the root value. Nothing is
 *      allocated and no token array is needed: the only memory is a fixed
 *      stack of QTCL_JSON_MAX_DEPTH bytes inside the call.
 *   2. Values are spans of the buffer (qtcl_json_value). Lookups re-scan the
 *      (already validated) text: qtcl_json_get() for one object member,
 *      qtcl_json_find() for a dotted path ("result.random.data"), and
 *      qtcl_json_iter_* to walk array elements in order. A lookup costs one
 *      scan of the object it searches, which is fine for a handful of
 *      lookups per response.
 *
 * Strictness: no comments, no trailing commas, no single quotes, no NaN or
 * Infinity, no leading zeros or '+', no control characters inside strings,
 * only the escapes \" \\ \/ \b \f \n \r \t \uXXXX (surrogates must pair), raw
 * bytes must be well-formed UTF-8 (no overlong forms, no surrogates), and a
 * truncated document is reported as such (QTCL_JSON_ERR_TRUNCATED) rather than
 * as a syntax error, which makes the failure reasons readable. Duplicate
 * member names are not rejected by the parser (that would cost a quadratic
 * scan), but qtcl_json_get() refuses to answer for a name that occurs twice
 * (QTCL_JSON_ERR_DUPLICATE): a response like {"success":false,
 * "success":true} cannot be read either way.
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state. Every
 * function returning int returns QTCL_JSON_OK (0) or a negative
 * QTCL_JSON_ERR_* code, except the iterator (1 = element, 0 = end).
 * qtcl_json_strerror() gives a static message for each code.
 */
#ifndef QTCL_ENTROPY_JSON_H
#define QTCL_ENTROPY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QTCL_JSON_MAX_DEPTH	32			/* nested arrays/objects */
#define QTCL_JSON_MAX_SIZE	(1u << 20)	/* 1 MiB of input */

enum
{
	QTCL_JSON_OK = 0,
	QTCL_JSON_ERR_ARG = -1,			/* NULL argument or a value not from this document */
	QTCL_JSON_ERR_TOO_LARGE = -2,	/* input longer than QTCL_JSON_MAX_SIZE */
	QTCL_JSON_ERR_DEPTH = -3,		/* nesting deeper than QTCL_JSON_MAX_DEPTH */
	QTCL_JSON_ERR_EMPTY = -4,		/* no value at all (empty or whitespace only) */
	QTCL_JSON_ERR_SYNTAX = -5,		/* unexpected character */
	QTCL_JSON_ERR_TRUNCATED = -6,	/* input ends inside a value */
	QTCL_JSON_ERR_TRAILING = -7,	/* something other than whitespace after the value */
	QTCL_JSON_ERR_STRING = -8,		/* bad escape, control character or invalid UTF-8 */
	QTCL_JSON_ERR_NUMBER = -9,		/* malformed number */
	QTCL_JSON_ERR_NOT_FOUND = -10,	/* no such member */
	QTCL_JSON_ERR_TYPE = -11,		/* value has another type than asked */
	QTCL_JSON_ERR_DUPLICATE = -12,	/* member name occurs more than once */
	QTCL_JSON_ERR_RANGE = -13,		/* integer above the allowed maximum */
	QTCL_JSON_ERR_BUFFER = -14		/* output buffer too small */
};

typedef enum qtcl_json_type
{
	QTCL_JSON_NONE = 0,
	QTCL_JSON_OBJECT,
	QTCL_JSON_ARRAY,
	QTCL_JSON_STRING,
	QTCL_JSON_NUMBER,
	QTCL_JSON_TRUE,
	QTCL_JSON_FALSE,
	QTCL_JSON_NULL
} qtcl_json_type;

/*
 * One value: bytes [start, end) of the document. A string's span includes
 * its quotes; a container's includes its brackets.
 */
typedef struct qtcl_json_value
{
	size_t		start;
	size_t		end;
	qtcl_json_type type;
} qtcl_json_value;

/* A validated document: the caller's buffer (not copied) and its root. */
typedef struct qtcl_json
{
	const char *buf;
	size_t		len;
	qtcl_json_value root;
} qtcl_json;

/* Array walk state (see qtcl_json_iter_next). */
typedef struct qtcl_json_iter
{
	size_t		pos;			/* next element or the closing bracket */
	size_t		end;			/* end of the array span */
	bool		first;
} qtcl_json_iter;

/* Static message for a code (never NULL). */
const char *qtcl_json_strerror(int code);

/* Static name of a type ("object", "array", ...). */
const char *qtcl_json_type_name(qtcl_json_type type);

/*
 * Validates buf[0..len) (need not be NUL-terminated) and fills doc. On
 * failure doc->root.type is QTCL_JSON_NONE and *errpos (if not NULL) gets
 * the byte offset where the problem was found.
 */
int			qtcl_json_parse(qtcl_json *doc, const char *buf, size_t len, size_t *errpos);

/*
 * Member `key` (compared after decoding escapes) of object obj.
 * QTCL_JSON_ERR_TYPE if obj is not an object, QTCL_JSON_ERR_NOT_FOUND if
 * absent, QTCL_JSON_ERR_DUPLICATE if the name occurs more than once.
 */
int			qtcl_json_get(const qtcl_json *doc, const qtcl_json_value *obj,
						  const char *key, qtcl_json_value *out);

/*
 * Dotted path of member names from `from` (the root when NULL), e.g.
 * "result.random.data". The empty path returns `from` itself. Names that
 * contain '.' cannot be reached this way (use qtcl_json_get).
 */
int			qtcl_json_find(const qtcl_json *doc, const qtcl_json_value *from,
						   const char *path, qtcl_json_value *out);

/*
 * Array walk:
 *   qtcl_json_iter it; qtcl_json_value v;
 *   if (qtcl_json_iter_init(doc, &arr, &it) == QTCL_JSON_OK)
 *       while (qtcl_json_iter_next(doc, &it, &v) == 1) ...
 * qtcl_json_iter_init fails with QTCL_JSON_ERR_TYPE unless arr is an array.
 */
int			qtcl_json_iter_init(const qtcl_json *doc, const qtcl_json_value *arr,
								qtcl_json_iter *it);
int			qtcl_json_iter_next(const qtcl_json *doc, qtcl_json_iter *it,
								qtcl_json_value *out);

/* Number of elements of an array or members of an object. */
int			qtcl_json_count(const qtcl_json *doc, const qtcl_json_value *v, size_t *count);

/*
 * A number written as a plain non-negative integer (no '-', fraction or
 * exponent) not above max. QTCL_JSON_ERR_TYPE for any other value,
 * QTCL_JSON_ERR_RANGE above max.
 */
int			qtcl_json_uint(const qtcl_json *doc, const qtcl_json_value *v,
						   uint64_t max, uint64_t *out);

/*
 * A number written as an integer (optional '-', no fraction or exponent)
 * that fits int64_t. QTCL_JSON_ERR_TYPE for any other value,
 * QTCL_JSON_ERR_RANGE when it does not fit.
 */
int			qtcl_json_int64(const qtcl_json *doc, const qtcl_json_value *v, int64_t *out);

/* true / false. QTCL_JSON_ERR_TYPE for any other value. */
int			qtcl_json_bool(const qtcl_json *doc, const qtcl_json_value *v, bool *out);

/*
 * Decoded string (UTF-8, NUL-terminated) into out[cap]; *outlen (if not
 * NULL) gets the length without the NUL (a \u0000 escape decodes to a NUL
 * byte, so use *outlen, not strlen, when that matters).
 */
int			qtcl_json_string(const qtcl_json *doc, const qtcl_json_value *v,
							 char *out, size_t cap, size_t *outlen);

/* True when v is a string whose decoded bytes equal the NUL-terminated s. */
bool		qtcl_json_string_eq(const qtcl_json *doc, const qtcl_json_value *v, const char *s);

#endif
