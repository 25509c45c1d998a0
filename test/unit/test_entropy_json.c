/*
 * test_entropy_json.c: the strict JSON reader of src/entropy/json.c:
 * acceptance of valid documents, refusal (with the right code) of garbage,
 * truncation, trailing junk, bad strings and numbers, depth and size limits,
 * and the lookup, iteration and conversion functions.
 */
#include "entropy/json.h"
#include "unit.h"

static int
parse(const char *s, qtcl_json *doc)
{
	return qtcl_json_parse(doc, s, strlen(s), NULL);
}

static void
accept_and_refuse(void)
{
	static const char *const good[] = {
		"{}", "[]", "0", "-0", "1.5e-3", "-12E+4", "\"\"", "true", "false", "null",
		" \t\r\n{ \"a\" : [ 1 , 2 , { } , [ ] ] } \n",
		"{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}",
		"[\"caf\xc3\xa9\", \"\xe2\x82\xac\", \"\xf0\x9f\x98\x80\"]",
		"{\"a\":1,\"a\":2}",	/* duplicates parse; qtcl_json_get refuses them */
	};
	static const struct
	{
		const char *s;
		int			rc;
	}			bad[] = {
		{"", QTCL_JSON_ERR_EMPTY},
		{"   \n", QTCL_JSON_ERR_EMPTY},
		{"{", QTCL_JSON_ERR_TRUNCATED},
		{"{\"a\"", QTCL_JSON_ERR_TRUNCATED},
		{"{\"a\":", QTCL_JSON_ERR_TRUNCATED},
		{"{\"a\":1", QTCL_JSON_ERR_TRUNCATED},
		{"{\"a\":1,", QTCL_JSON_ERR_TRUNCATED},
		{"[1,2", QTCL_JSON_ERR_TRUNCATED},
		{"\"abc", QTCL_JSON_ERR_TRUNCATED},
		{"\"\\u12", QTCL_JSON_ERR_TRUNCATED},
		{"tru", QTCL_JSON_ERR_TRUNCATED},
		{"-", QTCL_JSON_ERR_TRUNCATED},
		{"1.", QTCL_JSON_ERR_TRUNCATED},
		{"1e", QTCL_JSON_ERR_TRUNCATED},
		{"\"\xc3", QTCL_JSON_ERR_TRUNCATED},
		{"{}x", QTCL_JSON_ERR_TRAILING},
		{"{} {}", QTCL_JSON_ERR_TRAILING},
		{"1 2", QTCL_JSON_ERR_TRAILING},
		{"[1,]", QTCL_JSON_ERR_SYNTAX},
		{"{\"a\":1,}", QTCL_JSON_ERR_SYNTAX},
		{"{a:1}", QTCL_JSON_ERR_SYNTAX},
		{"{'a':1}", QTCL_JSON_ERR_SYNTAX},
		{"[1 2]", QTCL_JSON_ERR_SYNTAX},
		{"{\"a\" 1}", QTCL_JSON_ERR_SYNTAX},
		{"[1}", QTCL_JSON_ERR_SYNTAX},
		{"{]", QTCL_JSON_ERR_SYNTAX},
		{"trux", QTCL_JSON_ERR_SYNTAX},
		{"nul", QTCL_JSON_ERR_TRUNCATED},
		{"NaN", QTCL_JSON_ERR_SYNTAX},
		{"<html>", QTCL_JSON_ERR_SYNTAX},
		{"HotBits API Key invalid", QTCL_JSON_ERR_SYNTAX},
		{"[1]//c", QTCL_JSON_ERR_TRAILING},
		{"/*c*/[1]", QTCL_JSON_ERR_SYNTAX},
		{"+1", QTCL_JSON_ERR_SYNTAX},
		{"01", QTCL_JSON_ERR_TRAILING},
		{"[01]", QTCL_JSON_ERR_SYNTAX},
		{"1.e3", QTCL_JSON_ERR_NUMBER},
		{".5", QTCL_JSON_ERR_SYNTAX},
		{"-a", QTCL_JSON_ERR_NUMBER},
		{"1e+", QTCL_JSON_ERR_TRUNCATED},
		{"\"a\tb\"", QTCL_JSON_ERR_STRING},
		{"\"a\nb\"", QTCL_JSON_ERR_STRING},
		{"\"\\x\"", QTCL_JSON_ERR_STRING},
		{"\"\\u12g4\"", QTCL_JSON_ERR_STRING},
		{"\"\\ud800\"", QTCL_JSON_ERR_STRING},
		{"\"\\ud800\\u0041\"", QTCL_JSON_ERR_STRING},
		{"\"\\udc00\"", QTCL_JSON_ERR_STRING},
		{"\"\xff\"", QTCL_JSON_ERR_STRING},
		{"\"\xc0\xaf\"", QTCL_JSON_ERR_STRING},		/* overlong '/' */
		{"\"\xe0\x80\xaf\"", QTCL_JSON_ERR_STRING},	/* overlong */
		{"\"\xed\xa0\x80\"", QTCL_JSON_ERR_STRING},	/* UTF-8 surrogate */
		{"\"\xf4\x90\x80\x80\"", QTCL_JSON_ERR_STRING},	/* above U+10FFFF */
		{"\"\xc3\x28\"", QTCL_JSON_ERR_STRING},
		{"[\xc3\xa9]", QTCL_JSON_ERR_SYNTAX},
	};
	size_t		i;
	qtcl_json	doc;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		CHECK(parse(good[i], &doc) == QTCL_JSON_OK, "valid document %zu accepted", i);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		int			rc = parse(bad[i].s, &doc);

		CHECK(rc == bad[i].rc && doc.root.type == QTCL_JSON_NONE,
			  "invalid document %zu refused with \"%s\" (got \"%s\")", i,
			  qtcl_json_strerror(bad[i].rc), qtcl_json_strerror(rc));
	}

	/* an embedded NUL byte is not JSON anywhere */
	{
		const char	s1[] = "{\"a\":1}\0";
		const char	s2[] = "\"a\0b\"";

		CHECK(qtcl_json_parse(&doc, s1, sizeof(s1) - 1, NULL) == QTCL_JSON_ERR_TRAILING,
			  "NUL after the value is trailing junk");
		CHECK(qtcl_json_parse(&doc, s2, sizeof(s2) - 1, NULL) == QTCL_JSON_ERR_STRING,
			  "raw NUL inside a string refused");
	}

	/* not NUL-terminated: only len bytes are read */
	{
		const char	s[] = "[1,2]garbage";
		size_t		errpos = 99;

		CHECK(qtcl_json_parse(&doc, s, 5, NULL) == QTCL_JSON_OK, "length bounds the input");
		CHECK(qtcl_json_parse(&doc, s, 6, &errpos) == QTCL_JSON_ERR_TRAILING && errpos == 5,
			  "error position reported (%zu)", errpos);
	}
	CHECK(qtcl_json_parse(NULL, "{}", 2, NULL) == QTCL_JSON_ERR_ARG, "NULL document refused");
}

static void
limits(void)
{
	char		deep[2 * QTCL_JSON_MAX_DEPTH + 4];
	static char big[QTCL_JSON_MAX_SIZE + 2];
	qtcl_json	doc;
	int			i;

	for (i = 0; i < QTCL_JSON_MAX_DEPTH; i++)
	{
		deep[i] = '[';
		deep[QTCL_JSON_MAX_DEPTH + i] = ']';
	}
	CHECK(qtcl_json_parse(&doc, deep, 2 * QTCL_JSON_MAX_DEPTH, NULL) == QTCL_JSON_OK,
		  "depth %d accepted", QTCL_JSON_MAX_DEPTH);
	for (i = 0; i <= QTCL_JSON_MAX_DEPTH; i++)
	{
		deep[i] = '[';
		deep[QTCL_JSON_MAX_DEPTH + 1 + i] = ']';
	}
	CHECK(qtcl_json_parse(&doc, deep, 2 * QTCL_JSON_MAX_DEPTH + 2, NULL) == QTCL_JSON_ERR_DEPTH,
		  "depth %d refused", QTCL_JSON_MAX_DEPTH + 1);

	memset(big, ' ', sizeof(big));
	big[0] = '1';
	CHECK(qtcl_json_parse(&doc, big, QTCL_JSON_MAX_SIZE, NULL) == QTCL_JSON_OK,
		  "document of exactly the size limit accepted");
	CHECK(qtcl_json_parse(&doc, big, QTCL_JSON_MAX_SIZE + 1, NULL) == QTCL_JSON_ERR_TOO_LARGE,
		  "document over the size limit refused");
}

static void
lookups(void)
{
	const char *s =
		"{\"jsonrpc\":\"2.0\",\"result\":{\"random\":{\"data\":[1, 255 ,0,\"x\",[2,3],{\"k\":[4]}],"
		"\"completionTime\":\"2024-01-01 00:00:00Z\"},\"bitsUsed\":16,\"neg\":-42,"
		"\"big\":18446744073709551615,\"huge\":18446744073709551616,\"frac\":1.0,\"exp\":1e2},"
		"\"id\":7,\"t\":true,\"f\":false,\"n\":null,\"dup\":1,\"dup\":2,"
		"\"esc\\u0061ped\":\"\\u00e9\\n\",\"a.b\":1,\"\":5}";
	qtcl_json	doc;
	qtcl_json_value v,
				e;
	qtcl_json_iter it;
	uint64_t	u;
	int64_t		i64;
	bool		b;
	char		buf[32];
	size_t		n = 0;
	int			count = 0;

	if (!CHECK(parse(s, &doc) == QTCL_JSON_OK && doc.root.type == QTCL_JSON_OBJECT,
			   "lookup document parses"))
		return;
	CHECK(qtcl_json_find(&doc, NULL, "result.random.data", &v) == QTCL_JSON_OK &&
		  v.type == QTCL_JSON_ARRAY, "path result.random.data is an array");
	CHECK(qtcl_json_count(&doc, &v, &n) == QTCL_JSON_OK && n == 6, "array has 6 elements (%zu)", n);
	CHECK(qtcl_json_iter_init(&doc, &v, &it) == QTCL_JSON_OK, "iterator starts");
	while (qtcl_json_iter_next(&doc, &it, &e) == 1)
	{
		count++;
		if (count == 1)
			CHECK(qtcl_json_uint(&doc, &e, 255, &u) == QTCL_JSON_OK && u == 1, "element 1 is 1");
		if (count == 2)
			CHECK(qtcl_json_uint(&doc, &e, 255, &u) == QTCL_JSON_OK && u == 255, "element 2 is 255");
		if (count == 4)
			CHECK(e.type == QTCL_JSON_STRING && qtcl_json_string_eq(&doc, &e, "x"), "element 4 is \"x\"");
		if (count == 5)
			CHECK(e.type == QTCL_JSON_ARRAY && qtcl_json_count(&doc, &e, &n) == 0 && n == 2,
				  "element 5 is a 2-element array");
		if (count == 6)
			CHECK(e.type == QTCL_JSON_OBJECT && qtcl_json_find(&doc, &e, "k", &v) == QTCL_JSON_OK &&
				  v.type == QTCL_JSON_ARRAY, "element 6 is an object with k");
	}
	CHECK(count == 6, "iterator visits 6 elements (%d)", count);
	CHECK(qtcl_json_count(&doc, &doc.root, &n) == QTCL_JSON_OK && n == 11, "root has 11 members (%zu)", n);

	CHECK(qtcl_json_find(&doc, NULL, "result.random.nope", &v) == QTCL_JSON_ERR_NOT_FOUND,
		  "missing member: not found");
	CHECK(qtcl_json_find(&doc, NULL, "id.x", &v) == QTCL_JSON_ERR_TYPE, "path through a number: type error");
	CHECK(qtcl_json_find(&doc, NULL, "dup", &v) == QTCL_JSON_ERR_DUPLICATE, "duplicate member refused");
	CHECK(qtcl_json_find(&doc, NULL, "result..random", &v) == QTCL_JSON_ERR_ARG, "empty path segment refused");
	CHECK(qtcl_json_get(&doc, &doc.root, "escaped", &v) == QTCL_JSON_OK, "escaped member name matches");
	CHECK(qtcl_json_get(&doc, &doc.root, "a.b", &v) == QTCL_JSON_OK &&
		  qtcl_json_uint(&doc, &v, 9, &u) == 0 && u == 1, "member name with a dot through get");
	CHECK(qtcl_json_get(&doc, &doc.root, "", &v) == QTCL_JSON_OK, "empty member name through get");
	CHECK(qtcl_json_find(&doc, NULL, "", &v) == QTCL_JSON_OK && v.type == QTCL_JSON_OBJECT,
		  "empty path is the root");

	CHECK(qtcl_json_find(&doc, NULL, "escaped", &v) == 0 &&
		  qtcl_json_string(&doc, &v, buf, sizeof(buf), &n) == QTCL_JSON_OK &&
		  n == 3 && memcmp(buf, "\xc3\xa9\n", 4) == 0, "string decoded to UTF-8");
	CHECK(qtcl_json_string(&doc, &v, buf, 3, &n) == QTCL_JSON_ERR_BUFFER, "string buffer too small");
	CHECK(qtcl_json_string_eq(&doc, &v, "\xc3\xa9\n") && !qtcl_json_string_eq(&doc, &v, "\xc3\xa9"),
		  "string_eq compares decoded bytes, whole string");

	CHECK(qtcl_json_find(&doc, NULL, "id", &v) == 0 && qtcl_json_uint(&doc, &v, 6, &u) == QTCL_JSON_ERR_RANGE,
		  "uint above max: range error");
	CHECK(qtcl_json_find(&doc, NULL, "result.neg", &v) == 0 &&
		  qtcl_json_uint(&doc, &v, 100, &u) == QTCL_JSON_ERR_TYPE &&
		  qtcl_json_int64(&doc, &v, &i64) == 0 && i64 == -42, "negative: not uint, int64 -42");
	CHECK(qtcl_json_find(&doc, NULL, "result.big", &v) == 0 &&
		  qtcl_json_uint(&doc, &v, UINT64_MAX, &u) == 0 && u == UINT64_MAX, "uint64 max read");
	CHECK(qtcl_json_find(&doc, NULL, "result.huge", &v) == 0 &&
		  qtcl_json_uint(&doc, &v, UINT64_MAX, &u) == QTCL_JSON_ERR_RANGE, "uint64 overflow: range error");
	CHECK(qtcl_json_find(&doc, NULL, "result.frac", &v) == 0 &&
		  qtcl_json_uint(&doc, &v, 9, &u) == QTCL_JSON_ERR_TYPE, "1.0 is not an integer");
	CHECK(qtcl_json_find(&doc, NULL, "result.exp", &v) == 0 &&
		  qtcl_json_uint(&doc, &v, 999, &u) == QTCL_JSON_ERR_TYPE, "1e2 is not an integer");
	CHECK(qtcl_json_find(&doc, NULL, "t", &v) == 0 && qtcl_json_bool(&doc, &v, &b) == 0 && b, "true");
	CHECK(qtcl_json_find(&doc, NULL, "f", &v) == 0 && qtcl_json_bool(&doc, &v, &b) == 0 && !b, "false");
	CHECK(qtcl_json_find(&doc, NULL, "n", &v) == 0 && v.type == QTCL_JSON_NULL &&
		  qtcl_json_bool(&doc, &v, &b) == QTCL_JSON_ERR_TYPE, "null is not a bool");
	CHECK(qtcl_json_iter_init(&doc, &doc.root, &it) == QTCL_JSON_ERR_TYPE, "iterating an object refused");
	CHECK(strcmp(qtcl_json_type_name(QTCL_JSON_ARRAY), "array") == 0, "type names");
	CHECK(strcmp(qtcl_json_strerror(-99), "unknown JSON error") == 0 &&
		  strcmp(qtcl_json_strerror(QTCL_JSON_ERR_TRUNCATED), "JSON document truncated") == 0,
		  "error strings");

	/* an empty array iterates zero times */
	CHECK(parse("[ ]", &doc) == 0 && qtcl_json_iter_init(&doc, &doc.root, &it) == 0 &&
		  qtcl_json_iter_next(&doc, &it, &e) == 0, "empty array: no elements");
	CHECK(parse("{ }", &doc) == 0 && qtcl_json_get(&doc, &doc.root, "a", &v) == QTCL_JSON_ERR_NOT_FOUND,
		  "empty object: not found");
	CHECK(parse("\"s\"", &doc) == 0 && qtcl_json_get(&doc, &doc.root, "a", &v) == QTCL_JSON_ERR_TYPE,
		  "get on a string root: type error");
}

int
main(void)
{
	accept_and_refuse();
	limits();
	lookups();
	return unit_done();
}
