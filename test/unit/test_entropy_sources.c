/*
 * test_entropy_sources.c: names and defaults of the entropy sources, the
 * request each one builds (URL, method, body, header, key placement,
 * refusals), and the parsing of every response shape and fault into exactly
 * N bytes or a failure whose reason never contains the key.
 */
#include <stdlib.h>

#include "entropy/sources.h"
#include "unit.h"

#define KEY "Sekr3t-KEY_x.y~z"

static char body[200000];
static char reason[QTCL_SRC_REASON_MAX];

/* Appends to body; returns the new length. */
static size_t
app(size_t at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t
app(size_t at, const char *fmt, ...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(body + at, sizeof(body) - at, fmt, ap);
	va_end(ap);
	return at + (size_t) n;
}

/* Test bytes i -> (i * 37 + 11) mod 256. */
static uint8_t
pat(size_t i)
{
	return (uint8_t) (i * 37 + 11);
}

/* "[b0,b1,...]" of count pattern bytes, at body+at. */
static size_t
app_ints(size_t at, size_t count)
{
	size_t		i;

	at = app(at, "[");
	for (i = 0; i < count; i++)
		at = app(at, "%s%u", i ? "," : "", pat(i));
	return app(at, "]");
}

/* "["hex", ...]" of count pattern bytes, per bytes per string. */
static size_t
app_hex(size_t at, size_t count, size_t per)
{
	size_t		i;

	at = app(at, "[");
	for (i = 0; i < count; i++)
	{
		if (i % per == 0)
			at = app(at, "%s\"", i ? "," : "");
		at = app(at, "%02x", pat(i));
		if (i % per == per - 1 || i == count - 1)
			at = app(at, "\"");
	}
	return app(at, "]");
}

static bool
is_pattern(const uint8_t *out, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (out[i] != pat(i))
			return false;
	return true;
}

static qtcl_source_request req;

static void
mkreq(int id, size_t n)
{
	int			rc = qtcl_source_build_request(&req, id, "http://127.0.0.1:18080/mock", KEY, n, 4242,
											   reason, sizeof(reason));

	if (rc != QTCL_SRC_OK)
	{
		printf("# request build failed: %s\n", reason);
		exit(1);
	}
}

/* Parses body[len] against req; checks the code, no key in the reason, and the bytes on success. */
static void
expect(long status, size_t len, int want, const char *what)
{
	uint8_t		out[12000];
	qtcl_source_meta meta;
	int			rc;

	memset(reason, 'Z', sizeof(reason));
	rc = qtcl_source_parse_response(&req, status, body, len, out, &meta, reason, sizeof(reason));
	CHECK(rc == want, "%s %s: %s (got %d \"%s\")", qtcl_source_name(req.source), what,
		  qtcl_source_strerror(want), rc, reason);
	CHECK(memchr(reason, '\0', sizeof(reason)) != NULL && strstr(reason, KEY) == NULL &&
		  strstr(reason, "Sekr3t") == NULL && strstr(reason, "http") == NULL,
		  "%s %s: reason is terminated and holds neither key nor URL", qtcl_source_name(req.source), what);
	if (want == QTCL_SRC_OK)
		CHECK(is_pattern(out, req.nbytes) && reason[0] == '\0', "%s %s: exactly the %zu bytes sent",
			  qtcl_source_name(req.source), what, req.nbytes);
}

static void
names(void)
{
	static const char *const n[] = {"anu", "random_org", "qbck", "hotbits", "os"};
	int			i;

	for (i = 0; i < QTCL_SRC_COUNT; i++)
		CHECK(qtcl_source_by_name(n[i]) == i && strcmp(qtcl_source_name(i), n[i]) == 0,
			  "source %s has id %d both ways", n[i], i);
	CHECK(qtcl_source_by_name("ANU") == -1 && qtcl_source_by_name("random.org") == -1 &&
		  qtcl_source_by_name("fourmilab") == -1 && qtcl_source_by_name("") == -1 &&
		  qtcl_source_by_name(NULL) == -1, "other spellings are unknown");
	CHECK(qtcl_source_name(5) == NULL && qtcl_source_name(-1) == NULL, "unknown ids have no name");
	CHECK(strcmp(qtcl_source_default_url(QTCL_SRC_ANU), "https://api.quantumnumbers.anu.edu.au") == 0 &&
		  strcmp(qtcl_source_default_url(QTCL_SRC_RANDOM_ORG), "https://api.random.org/json-rpc/4/invoke") == 0 &&
		  strcmp(qtcl_source_default_url(QTCL_SRC_QBCK), "https://qrng.qbck.io") == 0 &&
		  strcmp(qtcl_source_default_url(QTCL_SRC_HOTBITS), "https://www.fourmilab.ch/cgi-bin/Hotbits.api") == 0 &&
		  qtcl_source_default_url(QTCL_SRC_OS) == NULL, "default URLs");
	CHECK(qtcl_source_is_remote(QTCL_SRC_ANU) && qtcl_source_is_remote(QTCL_SRC_HOTBITS) &&
		  !qtcl_source_is_remote(QTCL_SRC_OS) && !qtcl_source_is_remote(9), "remote flags");
	CHECK(qtcl_source_max_bytes(QTCL_SRC_ANU) == 1024 && qtcl_source_max_bytes(QTCL_SRC_RANDOM_ORG) == 10000 &&
		  qtcl_source_max_bytes(QTCL_SRC_HOTBITS) == 2048 && qtcl_source_max_bytes(7) == 0, "per-request limits");
}

static void
requests(void)
{
	int			rc;

	/* anu: query string, key in a header */
	rc = qtcl_source_build_request(&req, QTCL_SRC_ANU, "https://qrng.example/api", KEY, 32, 1, reason, sizeof(reason));
	CHECK(rc == QTCL_SRC_OK && reason[0] == '\0', "anu request builds");
	CHECK(strcmp(req.url, "https://qrng.example/api?length=32&type=uint8") == 0, "anu URL (%s)", req.url);
	CHECK(strcmp(req.method, "GET") == 0 && req.body_len == 0 && req.body[0] == '\0', "anu GET without body");
	CHECK(strcmp(req.header, "x-api-key: " KEY) == 0, "anu key in the x-api-key header");
	CHECK(strstr(req.url, KEY) == NULL && strcmp(req.url_redacted, req.url) == 0, "anu key not in the URL");
	rc = qtcl_source_build_request(&req, QTCL_SRC_ANU, "https://qrng.anu.edu.au/API/jsonI.php", "", 16, 1, reason, sizeof(reason));
	CHECK(rc == QTCL_SRC_OK && strcmp(req.url, "https://qrng.anu.edu.au/API/jsonI.php?length=16&type=uint8") == 0 &&
		  req.header[0] == '\0', "anu legacy endpoint without a key: no header");
	rc = qtcl_source_build_request(&req, QTCL_SRC_ANU, NULL, KEY, 8, 1, reason, sizeof(reason));
	CHECK(rc == QTCL_SRC_OK && strcmp(req.url, "https://api.quantumnumbers.anu.edu.au?length=8&type=uint8") == 0,
		  "anu default URL used for NULL base");

	/* random_org: POST JSON-RPC with the key in the body */
	rc = qtcl_source_build_request(&req, QTCL_SRC_RANDOM_ORG, "", KEY, 64, 77, reason, sizeof(reason));
	CHECK(rc == QTCL_SRC_OK && strcmp(req.url, "https://api.random.org/json-rpc/4/invoke") == 0 &&
		  strcmp(req.method, "POST") == 0, "random_org POST to the default URL");
	CHECK(strcmp(req.body, "{\"jsonrpc\":\"2.0\",\"method\":\"generateIntegers\",\"params\":{\"apiKey\":\""
				 KEY "\",\"n\":64,\"min\":0,\"max\":255,\"replacement\":true},\"id\":77}") == 0 &&
		  req.body_len == strlen(req.body), "random_org body (%s)", req.body);
	CHECK(strcmp(req.header, "Content-Type: application/json") == 0, "random_org content type header");
	CHECK(req.rpc_id == 77 && req.nbytes == 64 && req.source == QTCL_SRC_RANDOM_ORG, "random_org request fields");

	/* qbck: key in the path, trailing slashes of the base dropped */
	rc = qtcl_source_build_request(&req, QTCL_SRC_QBCK, "https://qrng.qbck.io//", KEY, 100, 1, reason, sizeof(reason));
	CHECK(rc == QTCL_SRC_OK && strcmp(req.url, "https://qrng.qbck.io/" KEY "/qbck/block/hex?size=1&length=100") == 0,
		  "qbck URL with the key in the path (%s)", req.url);
	CHECK(strcmp(req.url_redacted, "https://qrng.qbck.io/REDACTED/qbck/block/hex?size=1&length=100") == 0,
		  "qbck redacted URL");
	CHECK(strcmp(req.method, "GET") == 0 && req.header[0] == '\0' && req.body_len == 0, "qbck GET, no header");

	/* hotbits: key in the query */
	rc = qtcl_source_build_request(&req, QTCL_SRC_HOTBITS, NULL, KEY, 2048, 1, reason, sizeof(reason));
	CHECK(rc == QTCL_SRC_OK &&
		  strcmp(req.url, "https://www.fourmilab.ch/cgi-bin/Hotbits.api?nbytes=2048&fmt=json&apikey=" KEY) == 0,
		  "hotbits URL (%s)", req.url);
	CHECK(strcmp(req.url_redacted, "https://www.fourmilab.ch/cgi-bin/Hotbits.api?nbytes=2048&fmt=json&apikey=REDACTED") == 0,
		  "hotbits redacted URL");

	/* refusals */
	rc = qtcl_source_build_request(&req, QTCL_SRC_HOTBITS, NULL, "Pseudorandom", 16, 1, reason, sizeof(reason));
	CHECK(rc == QTCL_SRC_ERR_PSEUDORANDOM && req.url[0] == '\0', "hotbits key Pseudorandom refused (%s)", reason);
	rc = qtcl_source_build_request(&req, QTCL_SRC_HOTBITS, "ftp://x", "pseudorandom", 16, 1, reason, sizeof(reason));
	CHECK(rc == QTCL_SRC_ERR_PSEUDORANDOM, "hotbits key pseudorandom (any case) refused first");
	{
		static const char *const badurls[] = {
			"ftp://host/x", "file:///etc/passwd", "gopher://h", "httpx://h", "http:/h", "http://",
			"https:///path", "//host", "host.example", "http://h/a b", "http://h/?x=1", "http://h/#f",
			"http://h/\"", "http://h/\n", "javascript:alert(1)", "http://h/\x7f",
		};
		size_t		i;

		for (i = 0; i < sizeof(badurls) / sizeof(badurls[0]); i++)
		{
			rc = qtcl_source_build_request(&req, QTCL_SRC_ANU, badurls[i], KEY, 16, 1, reason, sizeof(reason));
			CHECK(rc == QTCL_SRC_ERR_URL && req.url[0] == '\0' && strstr(reason, KEY) == NULL,
				  "base URL %zu refused", i);
		}
		rc = qtcl_source_build_request(&req, QTCL_SRC_ANU, "HTTP://Upper.Example:8443/p", KEY, 16, 1, reason, sizeof(reason));
		CHECK(rc == QTCL_SRC_OK, "scheme in upper case accepted");
	}
	{
		static const char *const badkeys[] = {"a b", "a/b", "a?b", "a&b", "a\"b", "a\r\nX-Evil: 1", "a%20", "k\xc3\xa9"};
		size_t		i;

		for (i = 0; i < sizeof(badkeys) / sizeof(badkeys[0]); i++)
		{
			rc = qtcl_source_build_request(&req, i % 2 ? QTCL_SRC_QBCK : QTCL_SRC_RANDOM_ORG, NULL, badkeys[i],
										   16, 1, reason, sizeof(reason));
			CHECK(rc == QTCL_SRC_ERR_KEY && strstr(reason, badkeys[i]) == NULL, "key %zu with bad characters refused", i);
		}
	}
	{
		char		longkey[QTCL_SRC_KEY_MAX + 2];

		memset(longkey, 'k', sizeof(longkey) - 1);
		longkey[sizeof(longkey) - 1] = '\0';
		CHECK(qtcl_source_build_request(&req, QTCL_SRC_QBCK, NULL, longkey, 16, 1, reason, sizeof(reason)) == QTCL_SRC_ERR_KEY,
			  "overlong key refused");
		longkey[QTCL_SRC_KEY_MAX] = '\0';
		CHECK(qtcl_source_build_request(&req, QTCL_SRC_QBCK, NULL, longkey, 16, 1, reason, sizeof(reason)) == QTCL_SRC_OK,
			  "key of %d characters accepted", QTCL_SRC_KEY_MAX);
	}
	CHECK(qtcl_source_build_request(&req, QTCL_SRC_RANDOM_ORG, NULL, "", 16, 1, reason, sizeof(reason)) == QTCL_SRC_ERR_KEY &&
		  qtcl_source_build_request(&req, QTCL_SRC_QBCK, NULL, NULL, 16, 1, reason, sizeof(reason)) == QTCL_SRC_ERR_KEY &&
		  qtcl_source_build_request(&req, QTCL_SRC_HOTBITS, NULL, "", 16, 1, reason, sizeof(reason)) == QTCL_SRC_ERR_KEY,
		  "random_org, qbck and hotbits require a key");
	CHECK(qtcl_source_build_request(&req, QTCL_SRC_OS, NULL, NULL, 16, 1, reason, sizeof(reason)) == QTCL_SRC_ERR_NOT_HTTP,
		  "os has no request");
	CHECK(qtcl_source_build_request(&req, 9, NULL, KEY, 16, 1, reason, sizeof(reason)) == QTCL_SRC_ERR_ARG,
		  "unknown source refused");
	CHECK(qtcl_source_build_request(&req, QTCL_SRC_ANU, NULL, KEY, 0, 1, reason, sizeof(reason)) == QTCL_SRC_ERR_ARG &&
		  qtcl_source_build_request(&req, QTCL_SRC_ANU, NULL, KEY, 1025, 1, reason, sizeof(reason)) == QTCL_SRC_ERR_ARG &&
		  qtcl_source_build_request(&req, QTCL_SRC_ANU, NULL, KEY, 1024, 1, reason, sizeof(reason)) == QTCL_SRC_OK,
		  "anu byte count limited to 1..1024");
	{
		char		longurl[QTCL_SRC_URL_MAX];

		memset(longurl, 'a', sizeof(longurl) - 1);
		memcpy(longurl, "https://", 8);
		longurl[sizeof(longurl) - 1] = '\0';
		CHECK(qtcl_source_build_request(&req, QTCL_SRC_ANU, longurl, KEY, 16, 1, reason, sizeof(reason)) == QTCL_SRC_ERR_URL,
			  "overlong base URL refused");
	}
	/* a tiny reason buffer is truncated, not overrun */
	{
		char		tiny[6];

		CHECK(qtcl_source_build_request(&req, QTCL_SRC_HOTBITS, NULL, "Pseudorandom", 16, 1, tiny, sizeof(tiny)) ==
			  QTCL_SRC_ERR_PSEUDORANDOM && strlen(tiny) == 5, "reason truncated to its buffer");
	}
}

static void
anu(void)
{
	size_t		n;

	mkreq(QTCL_SRC_ANU, 32);
	/* current API: length as a string */
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"length\":\"32\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_OK, "new shape, length string");
	/* legacy: length a number, success last, whitespace */
	n = app(0, "{ \"type\": \"uint8\", \"length\": 32, \"data\": ");
	n = app_ints(n, 32);
	n = app(n, ", \"success\": true }\n");
	expect(200, n, QTCL_SRC_OK, "legacy shape, length number");
	/* no length member at all */
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_OK, "without length");
	/* hex8 and hex16 */
	n = app(0, "{\"success\":true,\"type\":\"hex8\",\"length\":\"32\",\"data\":");
	n = app_hex(n, 32, 1);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_OK, "hex8 strings");
	n = app(0, "{\"success\":true,\"type\":\"hex16\",\"length\":4,\"data\":");
	n = app_hex(n, 32, 8);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_OK, "hex16 blocks");
	n = app(0, "{\"success\":true,\"type\":\"hex16\",\"length\":2,\"data\":[\"0B30\",\"4f\",\"xx\"]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "non-hex character");
	n = app(0, "{\"success\":true,\"type\":\"hex16\",\"data\":[\"0b3\"]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "odd number of hex digits");
	n = app(0, "{\"success\":true,\"type\":\"hex16\",\"data\":[\"\\u0030b\"]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "escaped hex digit");
	n = app(0, "{\"success\":true,\"type\":\"hex8\",\"data\":[11]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "number in a hex array");

	/* faults */
	n = app(0, "{\"success\":false,\"message\":\"Key " KEY " is over quota\"}");
	expect(200, n, QTCL_SRC_ERR_REFUSED, "success:false with HTTP 200");
	n = app(0, "{\"type\":\"uint8\",\"length\":0,\"data\":[],\"success\":false}");
	expect(200, n, QTCL_SRC_ERR_REFUSED, "legacy success:false");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"length\":\"32\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}");
	expect(500, n, QTCL_SRC_ERR_HTTP, "good body with HTTP 500");
	expect(403, 0, QTCL_SRC_ERR_HTTP, "HTTP 403 empty");
	expect(200, 0, QTCL_SRC_ERR_BODY, "empty body");
	expect(200, n - 7, QTCL_SRC_ERR_BODY, "truncated JSON");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"length\":\"32\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}}");
	expect(200, n, QTCL_SRC_ERR_BODY, "trailing junk");
	n = app(0, "\x01\x02garbage\xff\xfe");
	expect(200, n, QTCL_SRC_ERR_BODY, "binary garbage");
	n = app(0, "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>");
	expect(200, n, QTCL_SRC_ERR_BODY, "HTML body");
	n = app(0, "[1,2,3]");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "array root");
	n = app(0, "{\"success\":true,\"type\":\"uint16\",\"length\":\"32\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "wrong type uint16");
	n = app(0, "{\"success\":\"true\",\"type\":\"uint8\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "success as a string");
	n = app(0, "{\"type\":\"uint8\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "no success member");
	n = app(0, "{\"success\":true,\"success\":false,\"type\":\"uint8\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "success twice");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"length\":\"31\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "length disagrees with data");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"length\":\"3x\",\"data\":");
	n = app_ints(n, 32);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "length not a count");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"length\":\"31\",\"data\":");
	n = app_ints(n, 31);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_SHORT, "31 of 32 values (never padded)");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"length\":0,\"data\":[]}");
	expect(200, n, QTCL_SRC_ERR_SHORT, "no values");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"length\":33,\"data\":");
	n = app_ints(n, 33);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_LONG, "33 values for 32");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"data\":[1,2,256,4]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "value 256 out of range");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"data\":[1,-1]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "value -1");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"data\":[1,2.5]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "fractional value");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"data\":[1,1e1]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "exponent value");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"data\":[1,\"2\"]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "string value in uint8 data");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"data\":[1,null]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "null value");
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"data\":{\"0\":1}}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "data not an array");
	n = app(0, "{\"success\":true,\"type\":\"uint8\"}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "no data");

	/* oversized: a huge array is refused as too long; a body over the JSON size limit as not JSON */
	mkreq(QTCL_SRC_ANU, 1024);
	n = app(0, "{\"success\":true,\"type\":\"uint8\",\"data\":");
	n = app_ints(n, 20000);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_LONG, "20000 values for 1024");
	{
		static char huge[(1u << 20) + 64];
		uint8_t		out[1024];
		size_t		k;
		int			rc;

		k = (size_t) snprintf(huge, sizeof(huge), "{\"success\":true,\"type\":\"uint8\",\"data\":[0");
		while (k + 2 < sizeof(huge) - 2)
		{
			huge[k++] = ',';
			huge[k++] = '7';
		}
		huge[k++] = ']';
		huge[k++] = '}';
		rc = qtcl_source_parse_response(&req, 200, huge, k, out, NULL, reason, sizeof(reason));
		CHECK(rc == QTCL_SRC_ERR_BODY, "anu body over 1 MiB refused (%s)", reason);
	}
}

static void
random_org(void)
{
	size_t		n;
	uint8_t		out[64];
	qtcl_source_meta meta;

	mkreq(QTCL_SRC_RANDOM_ORG, 64);
	n = app(0, "{\"jsonrpc\":\"2.0\",\"result\":{\"random\":{\"data\":");
	n = app_ints(n, 64);
	n = app(n, ",\"completionTime\":\"2011-10-10 13:19:12Z\"},\"bitsUsed\":512,\"bitsLeft\":199488,"
			"\"requestsLeft\":9999,\"advisoryDelay\":1000},\"id\":4242}");
	expect(200, n, QTCL_SRC_OK, "result");
	CHECK(qtcl_source_parse_response(&req, 200, body, n, out, &meta, reason, sizeof(reason)) == 0 &&
		  meta.advisory_delay_ms == 1000 && meta.requests_left == 9999, "random_org advisoryDelay and requestsLeft reported");
	n = app(0, "{\"jsonrpc\":\"2.0\",\"result\":{\"random\":{\"data\":");
	n = app_ints(n, 64);
	n = app(n, ",\"completionTime\":\"2011-10-10 13:19:12Z\"},\"bitsUsed\":512},\"id\":4243}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "wrong response id");
	n = app(0, "{\"jsonrpc\":\"1.0\",\"result\":{\"random\":{\"data\":");
	n = app_ints(n, 64);
	n = app(n, "}},\"id\":4242}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "wrong jsonrpc version");
	n = app(0, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":401,\"message\":\"The API key you specified (" KEY
			") does not exist\",\"data\":[\"" KEY "\"]},\"id\":4242}");
	expect(200, n, QTCL_SRC_ERR_REFUSED, "JSON-RPC error object");
	CHECK(strstr(reason, "401") != NULL, "random_org error code in the reason (%s)", reason);
	n = app(0, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params\"},\"id\":null}");
	expect(200, n, QTCL_SRC_ERR_REFUSED, "JSON-RPC standard error");
	n = app(0, "{\"jsonrpc\":\"2.0\",\"result\":{\"random\":{\"data\":");
	n = app_ints(n, 63);
	n = app(n, "}},\"id\":4242}");
	expect(200, n, QTCL_SRC_ERR_SHORT, "63 of 64");
	n = app(0, "{\"jsonrpc\":\"2.0\",\"result\":{\"random\":{\"data\":");
	n = app_ints(n, 65);
	n = app(n, "}},\"id\":4242}");
	expect(200, n, QTCL_SRC_ERR_LONG, "65 for 64");
	n = app(0, "{\"jsonrpc\":\"2.0\",\"result\":{\"random\":{\"data\":[1000]}},\"id\":4242}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "value 1000");
	n = app(0, "{\"jsonrpc\":\"2.0\",\"result\":{\"bitsUsed\":0},\"id\":4242}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "no random.data");
	n = app(0, "{\"jsonrpc\":\"2.0\",\"result\":{\"random\":{\"data\":");
	n = app_ints(n, 64);
	n = app(n, "}},\"id\":4242");
	expect(200, n, QTCL_SRC_ERR_BODY, "truncated");
	n = app(0, "Service Unavailable");
	expect(503, n, QTCL_SRC_ERR_HTTP, "HTTP 503");
	CHECK(strstr(reason, "503") != NULL, "HTTP status in the reason");
}

static void
qbck(void)
{
	size_t		n;

	mkreq(QTCL_SRC_QBCK, 48);
	n = app(0, "{\"data\":{\"result\":");
	n = app_hex(n, 48, 48);
	n = app(n, "}}");
	expect(200, n, QTCL_SRC_OK, "one hex block");
	n = app(0, "{\"data\":{\"result\":");
	n = app_hex(n, 48, 1);
	n = app(n, "}}");
	expect(200, n, QTCL_SRC_OK, "48 one-byte hex strings");
	n = app(0, "{\"data\":{\"result\":");
	n = app_hex(n, 47, 47);
	n = app(n, "}}");
	expect(200, n, QTCL_SRC_ERR_SHORT, "47 of 48 bytes");
	n = app(0, "{\"data\":{\"result\":");
	n = app_hex(n, 49, 49);
	n = app(n, "}}");
	expect(200, n, QTCL_SRC_ERR_LONG, "49 for 48");
	n = app(0, "{\"data\":{\"result\":[\"zz\"]}}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "non-hex");
	n = app(0, "{\"data\":{}}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "no result");
	n = app(0, "{\"error\":\"Invalid api key\"}");
	expect(200, n, QTCL_SRC_ERR_REFUSED, "error member");
	n = app(0, "{\"data\":{\"result\":[\"00ff\"]");
	expect(200, n, QTCL_SRC_ERR_BODY, "truncated");
	expect(401, n, QTCL_SRC_ERR_HTTP, "HTTP 401");
}

static void
hotbits(void)
{
	size_t		n;
	uint8_t		out[40];
	qtcl_source_meta meta;

	mkreq(QTCL_SRC_HOTBITS, 40);
	n = app(0, "{\n  \"version\": \"Hotbits 4.0.0\",\n  \"schema\": \"1.0\",\n  \"status\": 200,\n"
			"  \"requestInformation\": {\n    \"serverVersion\": \"4.0.0\",\n    \"generationTime\": \"2024-01-01T00:00:00Z\",\n"
			"    \"bytesRequested\": 40,\n    \"bytesReturned\": 40,\n    \"quotaRequestsRemaining\": 119,\n"
			"    \"quotaBytesRemaining\": 11960\n  },\n  \"data\": ");
	n = app_ints(n, 40);
	n = app(n, "\n}\n");
	expect(200, n, QTCL_SRC_OK, "JSON data");
	CHECK(qtcl_source_parse_response(&req, 200, body, n, out, &meta, reason, sizeof(reason)) == 0 &&
		  meta.requests_left == 119 && meta.advisory_delay_ms == -1, "hotbits quota reported");
	n = app(0, "{\"data\":");
	n = app_ints(n, 40);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_OK, "minimal JSON");
	n = app(0, "<html><head><title>HotBits API Key invalid</title></head><body>HotBits API Key invalid</body></html>");
	expect(200, n, QTCL_SRC_ERR_REFUSED, "invalid key page with 200");
	expect(403, n, QTCL_SRC_ERR_REFUSED, "invalid key page with 403");
	n = app(0, "<html><body>Server busy</body></html>");
	expect(200, n, QTCL_SRC_ERR_BODY, "other HTML page");
	n = app(0, "{\"status\":503,\"data\":[]}");
	expect(200, n, QTCL_SRC_ERR_REFUSED, "status 503 in JSON");
	n = app(0, "{\"status\":200,\"data\":");
	n = app_ints(n, 39);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_SHORT, "39 of 40");
	n = app(0, "{\"status\":200,\"data\":");
	n = app_ints(n, 41);
	n = app(n, "}");
	expect(200, n, QTCL_SRC_ERR_LONG, "41 for 40");
	n = app(0, "{\"status\":200,\"data\":[300]}");
	expect(200, n, QTCL_SRC_ERR_FORMAT, "value 300");
	n = app(0, "{\"status\":200,\"data\":");
	n = app_ints(n, 40);
	expect(200, n, QTCL_SRC_ERR_BODY, "truncated");
}

static void
os_source(void)
{
	uint8_t		a[64],
				b[64];

	CHECK(qtcl_source_os_read(a, sizeof(a), reason, sizeof(reason)) == QTCL_SRC_OK &&
		  qtcl_source_os_read(b, sizeof(b), reason, sizeof(reason)) == QTCL_SRC_OK, "getrandom reads");
	CHECK(memcmp(a, b, sizeof(a)) != 0, "two getrandom reads differ");
	CHECK(qtcl_source_os_read(a, 0, reason, sizeof(reason)) == QTCL_SRC_ERR_ARG &&
		  qtcl_source_os_read(NULL, 4, reason, sizeof(reason)) == QTCL_SRC_ERR_ARG, "os bad arguments");
}

static void
misc(void)
{
	uint8_t		out[8];
	qtcl_source_request r;
	int			code;

	memset(&r, 0, sizeof(r));
	r.source = QTCL_SRC_OS;
	r.nbytes = 8;
	CHECK(qtcl_source_parse_response(&r, 200, "{}", 2, out, NULL, reason, sizeof(reason)) == QTCL_SRC_ERR_ARG,
		  "parsing for os refused");
	CHECK(qtcl_source_parse_response(NULL, 200, "{}", 2, out, NULL, reason, sizeof(reason)) == QTCL_SRC_ERR_ARG,
		  "NULL request refused");
	for (code = 0; code >= QTCL_SRC_ERR_OS; code--)
		CHECK(strcmp(qtcl_source_strerror(code), "unknown source error") != 0, "message for code %d", code);
}

int
main(void)
{
	names();
	requests();
	anu();
	random_org();
	qbck();
	hotbits();
	os_source();
	misc();
	return unit_done();
}
