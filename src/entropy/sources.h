/*
 * sources.h: the entropy sources: names, default endpoints, building the
 * HTTP request for N bytes, and turning a response body into exactly N
 * bytes or a failure with a short reason.
 *
 * Why this split: the network code (libcurl, in the PostgreSQL glue) only
 * moves bytes; everything that decides what a request looks like and
 * whether an answer is acceptable lives here, where it can be tested
 * against every response shape and fault without a server.
 *
 * Sources (names are the settings' spelling):
 *
 *   anu         ANU QRNG. GET <base>?length=N&type=uint8, header
 *               "x-api-key: KEY" when a key is set (the current keyed API
 *               at api.quantumnumbers.anu.edu.au; the legacy jsonI.php
 *               endpoint takes no key, so an empty key sends no header).
 *               Answers {"success":true,"type":"uint8","length":"N" or N,
 *               "data":[...]}. Accepted types: uint8 (integers 0..255) and
 *               hex8/hex16 (hex strings, concatenated). success:false
 *               (even with HTTP 200) is a failure.
 *   random_org  Random.org JSON-RPC 4 (atmospheric noise, not quantum).
 *               POST <base>, header "Content-Type: application/json", body
 *               {"jsonrpc":"2.0","method":"generateIntegers","params":
 *               {"apiKey":"KEY","n":N,"min":0,"max":255,"replacement":true},
 *               "id":ID}. Answers result.random.data or a JSON-RPC error
 *               object. The response id must equal the request id.
 *               result.advisoryDelay and result.requestsLeft are reported.
 *   qbck        QBCK (Quantis hardware). GET <base>/KEY/qbck/block/hex?size=1&length=N
 *               (the key is in the PATH). Answers {"data":{"result":[hex
 *               strings]}}; the decoded strings are concatenated.
 *   hotbits     Fourmilab HotBits (radioactive decay). GET
 *               <base>?nbytes=N&fmt=json&apikey=KEY. Answers JSON with
 *               "data":[bytes]. An invalid key yields an HTML page "HotBits
 *               API Key invalid". The key "Pseudorandom" (any case) asks for
 *               pseudorandom data and is refused before any request.
 *   os          getrandom(2); no HTTP (qtcl_source_os_read).
 *
 * Strictness: exactly N bytes or failure. Fewer values than asked is a
 * failure (never padded or stretched); MORE values than asked is a failure
 * too (QTCL_SRC_ERR_LONG): the request named N, so a different count means
 * the service did not do what was asked, and silently truncating would hide
 * that. Values must be JSON integers 0..255 (no fractions, exponents,
 * strings or negatives) or well-formed hex strings for the hex types. Any
 * HTTP status other than 200 fails, whatever the body.
 *
 * Secrets: the key ends up in the URL (qbck path, hotbits query), in a
 * header (anu) or in the body (random_org). Reasons are composed only of
 * static text and numbers, never of URLs, bodies or server messages, so a
 * reason can be logged. The request also carries url_redacted, the URL with
 * the key replaced by "REDACTED", for logging. Keys are limited to the URL
 * "unreserved" characters A-Z a-z 0-9 - . _ ~ (1..QTCL_SRC_KEY_MAX), so they
 * can be placed in a path, query, header or JSON string without escaping
 * and cannot inject anything.
 *
 * Base URLs must start with http:// or https:// (any case), have a host,
 * contain only printable ASCII, and contain none of ? # " < > \ ^ ` { | }
 * or space (the query string is ours). NULL or "" means the default URL.
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state, no
 * network. Functions return QTCL_SRC_OK (0) or a negative QTCL_SRC_ERR_*
 * code; qtcl_source_strerror() gives a static message for a code, and the
 * optional reason buffer (at least QTCL_SRC_REASON_MAX bytes recommended;
 * truncated to fit otherwise) gets a more specific one.
 */
#ifndef QTCL_ENTROPY_SOURCES_H
#define QTCL_ENTROPY_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum qtcl_source_id
{
	QTCL_SRC_ANU = 0,
	QTCL_SRC_RANDOM_ORG = 1,
	QTCL_SRC_QBCK = 2,
	QTCL_SRC_HOTBITS = 3,
	QTCL_SRC_OS = 4,
	QTCL_SRC_COUNT = 5
} qtcl_source_id;

#define QTCL_SRC_URL_MAX		1024	/* whole request URL, with NUL */
#define QTCL_SRC_BODY_MAX		512
#define QTCL_SRC_HEADER_MAX		192
#define QTCL_SRC_KEY_MAX		128
#define QTCL_SRC_REASON_MAX		128

enum
{
	QTCL_SRC_OK = 0,
	QTCL_SRC_ERR_ARG = -1,			/* unknown source, NULL, N = 0 or above the source's maximum */
	QTCL_SRC_ERR_URL = -2,			/* base URL not http(s) or malformed */
	QTCL_SRC_ERR_KEY = -3,			/* key missing or with characters outside A-Za-z0-9-._~ */
	QTCL_SRC_ERR_PSEUDORANDOM = -4, /* HotBits key "Pseudorandom" */
	QTCL_SRC_ERR_BUFFER = -5,		/* request does not fit the buffers */
	QTCL_SRC_ERR_NOT_HTTP = -6,		/* the os source has no HTTP request */
	QTCL_SRC_ERR_HTTP = -7,			/* HTTP status other than 200 */
	QTCL_SRC_ERR_BODY = -8,			/* empty, HTML, not JSON, truncated or trailing junk */
	QTCL_SRC_ERR_REFUSED = -9,		/* the service said no: success:false, JSON-RPC error, invalid key */
	QTCL_SRC_ERR_FORMAT = -10,		/* valid JSON of the wrong shape, type or value range */
	QTCL_SRC_ERR_SHORT = -11,		/* fewer bytes than asked */
	QTCL_SRC_ERR_LONG = -12,		/* more bytes than asked */
	QTCL_SRC_ERR_OS = -13			/* getrandom failed */
};

/* Everything the network layer needs for one request. */
typedef struct qtcl_source_request
{
	int			source;			/* qtcl_source_id */
	size_t		nbytes;			/* bytes asked for */
	uint32_t	rpc_id;			/* JSON-RPC id (random_org), checked in the answer */
	const char *method;			/* static "GET" or "POST" */
	char		url[QTCL_SRC_URL_MAX];		/* contains the key for qbck/hotbits: never log */
	char		url_redacted[QTCL_SRC_URL_MAX]; /* same URL, key replaced by "REDACTED" */
	char		body[QTCL_SRC_BODY_MAX];	/* "" when none; contains the key for random_org */
	size_t		body_len;
	char		header[QTCL_SRC_HEADER_MAX];	/* one extra header line without CRLF, "" when none */
} qtcl_source_request;

/* Optional facts from a response; -1 when the service did not say. */
typedef struct qtcl_source_meta
{
	int64_t		advisory_delay_ms;	/* random_org result.advisoryDelay */
	int64_t		requests_left;		/* random_org result.requestsLeft, hotbits quotaRequestsRemaining */
} qtcl_source_meta;

/* Static message for a code (never NULL). */
const char *qtcl_source_strerror(int code);

/* "anu", "random_org", "qbck", "hotbits", "os"; NULL for an unknown id. */
const char *qtcl_source_name(int id);

/* The id for an exact (case-sensitive) name, or -1. */
int			qtcl_source_by_name(const char *name);

/* Public default base URL; NULL for os and unknown ids. */
const char *qtcl_source_default_url(int id);

/* true for the HTTP sources. */
bool		qtcl_source_is_remote(int id);

/* Largest N one request may ask for (the services' documented limits); 0 for an unknown id. */
size_t		qtcl_source_max_bytes(int id);

/*
 * Builds the request for nbytes from source `id`. base_url NULL or "" uses
 * the default. key may be NULL or "" only for anu (legacy endpoint); the
 * others require one. rpc_id is used by random_org only.
 */
int			qtcl_source_build_request(qtcl_source_request *req, int id, const char *base_url,
									  const char *key, size_t nbytes, uint32_t rpc_id,
									  char *reason, size_t reasoncap);

/*
 * Parses the answer to req: http_status and body[len] (need not be
 * NUL-terminated). On success out[req->nbytes] holds the bytes; on failure
 * out's contents are unspecified (and must not be used) and reason says
 * why. meta may be NULL.
 */
int			qtcl_source_parse_response(const qtcl_source_request *req, long http_status,
									   const char *body, size_t len, uint8_t *out,
									   qtcl_source_meta *meta, char *reason, size_t reasoncap);

/* n bytes from getrandom(2) (blocking until the kernel pool is initialised). */
int			qtcl_source_os_read(uint8_t *out, size_t n, char *reason, size_t reasoncap);

#endif
