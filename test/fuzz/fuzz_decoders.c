/*
 * fuzz_decoders.c: libFuzzer harness for the parsers and decoders of
 * untrusted input (network responses, SQL text and bytea input, blocks and
 * beacon rounds from peers).
 *
 * Input layout: byte 0 picks the target (value mod 5); the rest is copied
 * into a heap buffer of exactly its length, so AddressSanitizer reports any
 * read past the length the library was given:
 *   0  JSON: qtcl_json_parse, then a walk of the whole document (every
 *      array element by iteration, a few member names of every object,
 *      count / uint / int64 / bool / string on every value, whatever its
 *      type) and qtcl_json_find on fixed dotted paths.
 *   1  entropy sources: rest[0] bits 0-1 pick the source (anu, random_org,
 *      qbck, hotbits), bits 2-7 the HTTP status (mostly 200); rest[1..2]
 *      the byte count (1 .. the source's maximum); rest[3..6] the JSON-RPC
 *      id; the remainder is the response body. The request is built with
 *      qtcl_source_build_request("http://127.0.0.1:1", key "k"), the body
 *      parsed twice (full and tiny reason buffer) into an exact-size output.
 *   2  addresses: qtcl_addr_decode, bech32_decode / bech32m_decode (normal
 *      and too-small output buffers) and the 5 -> 8 bit regrouping.
 *   3  density matrices: qtcl_dm_parse (text) and qtcl_dm_from_binary.
 *   4  chain: qtcl_tx_decode, qtcl_header_decode, qtcl_block_decode (at most
 *      4 transactions; every transaction and the beacon bytes of a decoded
 *      block are decoded too) and qtcl_beacon_decode.
 * Decoding and parsing only: no signature verification, no block stateless
 * check (both run ML-DSA). Every accepted input is re-encoded and must give
 * back the same bytes (the decoders are documented to accept only canonical
 * forms); a violated invariant aborts.
 */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr/address.h"
#include "addr/bech32m.h"
#include "beacon/round.h"
#include "chain/block.h"
#include "chain/header.h"
#include "chain/tx.h"
#include "entropy/json.h"
#include "entropy/sources.h"
#include "quantum/density.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Large state: static, as the library expects the caller to provide it. */
static qtcl_dm dm_a,
			dm_b;
static qtcl_dm_work dm_work;
static qtcl_beacon_work beacon_work;
static qtcl_beacon_round beacon_round;
static qtcl_tx tx_rec;

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* Exact-size heap buffer (at least 1 byte so malloc(0) never matters). */
static void *
xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

/* ---------------------------------------------------------------- JSON */

static const char *const member_names[] = {
	"success", "type", "length", "data", "result", "random", "id", "error",
	"code", "status", "", "a"
};

static void
json_walk(const qtcl_json *doc, const qtcl_json_value *v, int depth)
{
	uint64_t	u;
	int64_t		i64;
	bool		b;
	size_t		cnt,
				span,
				outlen = 0;
	char	   *s;
	int			rc;

	CHECK(depth <= QTCL_JSON_MAX_DEPTH + 1);
	CHECK(v->type != QTCL_JSON_NONE && v->start < v->end && v->end <= doc->len);
	span = v->end - v->start;

	/* Typed accessors on every value: wrong types must be refused cleanly. */
	rc = qtcl_json_uint(doc, v, UINT64_MAX, &u);
	CHECK(rc != QTCL_JSON_OK || v->type == QTCL_JSON_NUMBER);
	(void) qtcl_json_uint(doc, v, 255, &u);
	(void) qtcl_json_int64(doc, v, &i64);
	rc = qtcl_json_bool(doc, v, &b);
	CHECK((rc == QTCL_JSON_OK) == (v->type == QTCL_JSON_TRUE || v->type == QTCL_JSON_FALSE));
	if (rc == QTCL_JSON_OK)
		CHECK(b == (v->type == QTCL_JSON_TRUE));
	rc = qtcl_json_count(doc, v, &cnt);
	(void) rc;

	/*
	 * Strings: the decoded form is never longer than the escaped span minus
	 * its quotes, so span - 1 bytes (with the NUL) must always suffice.
	 */
	s = xmalloc(span);
	rc = qtcl_json_string(doc, v, s, span, &outlen);
	if (v->type == QTCL_JSON_STRING)
	{
		CHECK(rc == QTCL_JSON_OK);
		CHECK(outlen < span && s[outlen] == '\0');
		if (memchr(s, '\0', outlen) == NULL)
			CHECK(qtcl_json_string_eq(doc, v, s));
	}
	else
		CHECK(rc == QTCL_JSON_ERR_TYPE);
	free(s);
	s = xmalloc(4);
	rc = qtcl_json_string(doc, v, s, 4, &outlen);
	CHECK(rc != QTCL_JSON_OK || outlen < 4);
	free(s);

	if (v->type == QTCL_JSON_ARRAY)
	{
		qtcl_json_iter it;
		qtcl_json_value e;
		size_t		n = 0;

		CHECK(qtcl_json_iter_init(doc, v, &it) == QTCL_JSON_OK);
		while ((rc = qtcl_json_iter_next(doc, &it, &e)) == 1)
		{
			CHECK(e.start > v->start && e.end < v->end);
			json_walk(doc, &e, depth + 1);
			n++;
		}
		CHECK(rc == 0);
		CHECK(qtcl_json_count(doc, v, &cnt) == QTCL_JSON_OK && cnt == n);
	}
	else
	{
		qtcl_json_iter it;

		CHECK(qtcl_json_iter_init(doc, v, &it) != QTCL_JSON_OK);
	}

	if (v->type == QTCL_JSON_OBJECT)
	{
		size_t		k;

		CHECK(qtcl_json_count(doc, v, &cnt) == QTCL_JSON_OK);
		for (k = 0; k < sizeof member_names / sizeof member_names[0]; k++)
		{
			qtcl_json_value m;

			rc = qtcl_json_get(doc, v, member_names[k], &m);
			if (rc == QTCL_JSON_OK)
			{
				CHECK(m.start > v->start && m.end < v->end);
				json_walk(doc, &m, depth + 1);
			}
			else
				CHECK(rc == QTCL_JSON_ERR_NOT_FOUND || rc == QTCL_JSON_ERR_DUPLICATE);
		}
	}
}

static void
fuzz_json(const char *buf, size_t len)
{
	static const char *const paths[] = {
		"", "success", "data", "result.random.data", "data.result", "error.code",
		"requestInformation.quotaRequestsRemaining", "result.advisoryDelay",
		"a.b.c.d.e", ".", "a.", ".a", "a..b"
	};
	qtcl_json	doc;
	size_t		errpos = SIZE_MAX,
				k;
	int			rc;

	rc = qtcl_json_parse(&doc, buf, len, &errpos);
	CHECK(rc <= 0);
	(void) qtcl_json_strerror(rc);
	if (rc != QTCL_JSON_OK)
	{
		CHECK(doc.root.type == QTCL_JSON_NONE);
		CHECK(errpos <= len);
		return;
	}
	CHECK(doc.buf == buf && doc.len == len);
	(void) qtcl_json_type_name(doc.root.type);
	json_walk(&doc, &doc.root, 0);

	for (k = 0; k < sizeof paths / sizeof paths[0]; k++)
	{
		qtcl_json_value v,
					w;
		uint64_t	u;
		char	   *s = xmalloc(64);

		rc = qtcl_json_find(&doc, NULL, paths[k], &v);
		if (rc == QTCL_JSON_OK)
		{
			CHECK(v.start < v.end && v.end <= len);
			(void) qtcl_json_uint(&doc, &v, INT64_MAX, &u);
			(void) qtcl_json_string(&doc, &v, s, 64, NULL);
			if (v.type == QTCL_JSON_ARRAY)
			{
				qtcl_json_iter it;
				qtcl_json_value e;

				if (qtcl_json_iter_init(&doc, &v, &it) == QTCL_JSON_OK)
					while (qtcl_json_iter_next(&doc, &it, &e) == 1)
						(void) qtcl_json_uint(&doc, &e, 255, &u);
			}
			/* a path below the found value */
			rc = qtcl_json_find(&doc, &v, "data.result", &w);
			CHECK(rc != QTCL_JSON_OK || (w.start > v.start && w.end < v.end));
			if (paths[k][0] == '\0')
				CHECK(v.start == doc.root.start && v.end == doc.root.end && v.type == doc.root.type);
		}
		free(s);
	}
}

/* ------------------------------------------------------------- sources */

static const long status_table[16] = {
	0, 100, 199, 201, 204, 301, 400, 401, 403, 404, 429, 500, 503, -1, LONG_MAX, LONG_MIN
};

static void
fuzz_sources(const uint8_t *buf, size_t len)
{
	qtcl_source_request req;
	qtcl_source_meta meta;
	int			id,
				mode,
				rc,
				rc2;
	long		status;
	size_t		max,
				nbytes;
	uint32_t	rpc_id;
	const char *body;
	size_t		bodylen;
	char	   *body_copy;
	uint8_t    *out;
	char	   *reason,
			   *tiny;

	if (len < 7)
		return;
	id = buf[0] & 3;
	mode = buf[0] >> 2;
	status = mode < 48 ? 200 : status_table[mode - 48];
	max = qtcl_source_max_bytes(id);
	CHECK(max > 0);
	nbytes = 1 + ((size_t) (buf[1] << 8 | buf[2])) % max;
	rpc_id = (uint32_t) buf[3] << 24 | (uint32_t) buf[4] << 16 | (uint32_t) buf[5] << 8 | buf[6];
	bodylen = len - 7;
	body_copy = xmalloc(bodylen);
	memcpy(body_copy, buf + 7, bodylen);
	body = body_copy;

	rc = qtcl_source_build_request(&req, id, "http://127.0.0.1:1", "k", nbytes, rpc_id, NULL, 0);
	CHECK(rc == QTCL_SRC_OK);
	CHECK(req.nbytes == nbytes && req.source == id);

	out = xmalloc(nbytes);
	reason = xmalloc(QTCL_SRC_REASON_MAX);
	rc = qtcl_source_parse_response(&req, status, body, bodylen, out, &meta,
									reason, QTCL_SRC_REASON_MAX);
	CHECK(rc <= 0);
	CHECK(memchr(reason, '\0', QTCL_SRC_REASON_MAX) != NULL);
	(void) qtcl_source_strerror(rc);
	if (rc == QTCL_SRC_OK)
		CHECK(status == 200);

	/* same answer with a tiny reason buffer and no meta */
	tiny = xmalloc(5);
	rc2 = qtcl_source_parse_response(&req, status, body, bodylen, out, NULL, tiny, 5);
	CHECK(rc2 == rc);
	CHECK(memchr(tiny, '\0', 5) != NULL);

	free(tiny);
	free(reason);
	free(out);
	free(body_copy);
}

/* ----------------------------------------------------------- addresses */

static bool
lower_equal(const char *a, size_t alen, const char *lower, size_t llen)
{
	size_t		i;

	if (alen != llen)
		return false;
	for (i = 0; i < alen; i++)
		if (tolower((unsigned char) a[i]) != lower[i])
			return false;
	return true;
}

static void
fuzz_address(const char *s, size_t len)
{
	uint8_t    *h = xmalloc(QTCL_ADDR_HASH_BYTES);
	char	   *hrp = xmalloc(BECH32_MAX_HRP + 1);
	uint8_t    *d5 = xmalloc(BECH32_MAX_DATA);
	char	   *hrp_small;
	uint8_t    *d5_small;
	size_t		dlen = 0;
	bech32_variant var = BECH32_VARIANT_NONE;
	int			rc;

	rc = qtcl_addr_decode(s, len, h);
	CHECK(rc <= 0);
	(void) qtcl_addr_strerror(rc);
	if (rc == QTCL_ADDR_OK)
	{
		char	   *txt = xmalloc(QTCL_ADDR_TEXT_SIZE);
		int32_t		pq;

		CHECK(len == QTCL_ADDR_TEXT_LEN);
		qtcl_addr_encode(h, txt);
		CHECK(txt[QTCL_ADDR_TEXT_LEN] == '\0');
		CHECK(lower_equal(s, len, txt, QTCL_ADDR_TEXT_LEN));
		pq = qtcl_addr_pseudoqubit(h);
		CHECK(pq >= 0 && pq < QTCL_PSEUDOQUBITS);
		free(txt);
	}

	rc = bech32_decode(s, len, hrp, BECH32_MAX_HRP + 1, d5, BECH32_MAX_DATA, &dlen, &var);
	CHECK(rc <= 0);
	(void) bech32_strerror(rc);
	if (rc == BECH32_OK)
	{
		char	   *enc = xmalloc(BECH32_MAX_LENGTH + 1);
		size_t		enclen = 0,
					n8 = 0,
					cap8 = dlen * 5 / 8;
		uint8_t    *d8 = xmalloc(cap8);

		CHECK(dlen <= BECH32_MAX_DATA && var != BECH32_VARIANT_NONE);
		CHECK(bech32_encode(enc, BECH32_MAX_LENGTH + 1, &enclen, hrp, d5, dlen, var) == BECH32_OK);
		CHECK(lower_equal(s, len, enc, enclen));
		rc = bech32_convert_bits(d8, cap8, &n8, 8, d5, dlen, 5, 0);
		CHECK(rc == BECH32_OK || rc == BECH32_ERR_PADDING);
		if (rc == BECH32_OK)
			CHECK(n8 <= cap8);
		free(d8);
		free(enc);
	}
	rc = bech32m_decode(s, len, hrp, BECH32_MAX_HRP + 1, d5, BECH32_MAX_DATA, &dlen);
	CHECK(rc <= 0);

	/* too-small output buffers must be refused, never overrun */
	hrp_small = xmalloc(5);
	d5_small = xmalloc(52);
	rc = bech32_decode(s, len, hrp_small, 5, d5_small, 52, &dlen, &var);
	CHECK(rc <= 0);
	if (rc == BECH32_OK)
		CHECK(dlen <= 52 && memchr(hrp_small, '\0', 5) != NULL);
	free(d5_small);
	free(hrp_small);
	free(d5);
	free(hrp);
	free(h);
}

/* ---------------------------------------------------- density matrices */

static bool
dm_same(const qtcl_dm *a, const qtcl_dm *b)
{
	size_t		n = (size_t) a->dim * (size_t) a->dim;

	return a->n == b->n && a->dim == b->dim &&
		memcmp(a->re, b->re, n * sizeof(double)) == 0 &&
		memcmp(a->im, b->im, n * sizeof(double)) == 0;
}

static void
fuzz_density(const uint8_t *buf, size_t len)
{
	double		detail = 0;
	int			rc;

	rc = qtcl_dm_parse((const char *) buf, len, &dm_a, &dm_work, &detail);
	(void) qtcl_dm_strerror(rc);
	(void) qtcl_dm_error_class(rc);
	if (rc == QTCL_DM_OK)
	{
		size_t		max,
					tlen;
		char	   *txt;

		CHECK(dm_a.n >= 1 && dm_a.n <= QTCL_DM_MAX_QUBITS && dm_a.dim == 1 << dm_a.n);
		max = qtcl_dm_text_max(dm_a.n);
		txt = xmalloc(max + 1);
		tlen = qtcl_dm_format(&dm_a, txt, max + 1);
		CHECK(tlen <= max);
		CHECK(qtcl_dm_parse(txt, tlen, &dm_b, &dm_work, NULL) == QTCL_DM_OK);
		CHECK(dm_same(&dm_a, &dm_b));
		free(txt);
	}
	else
		CHECK(qtcl_dm_error_class(rc) == QTCL_DM_CLASS_SYNTAX ||
			  qtcl_dm_error_class(rc) == QTCL_DM_CLASS_STATE);

	rc = qtcl_dm_from_binary(buf, len, &dm_a, &dm_work, &detail);
	if (rc == QTCL_DM_OK)
	{
		size_t		bsz;
		uint8_t    *bin;

		CHECK(dm_a.n >= 1 && dm_a.n <= QTCL_DM_MAX_QUBITS && dm_a.dim == 1 << dm_a.n);
		bsz = qtcl_dm_binary_size(dm_a.n);
		CHECK(bsz == len);
		bin = xmalloc(bsz);
		CHECK(qtcl_dm_to_binary(&dm_a, bin, bsz) == bsz);
		CHECK(memcmp(bin, buf, bsz) == 0);
		free(bin);
	}
}

/* --------------------------------------------------------------- chain */

static void
fuzz_chain(const uint8_t *buf, size_t len)
{
	qtcl_block_header hdr;
	qtcl_block_view view;
	qtcl_block_result res;
	char		msg[QTCL_BLOCK_MESSAGE_SIZE];
	int			rc,
				dm_code = 0;

	/* transaction */
	rc = qtcl_tx_decode(buf, len, &tx_rec);
	(void) qtcl_tx_strerror(rc);
	if (rc == QTCL_TX_OK)
	{
		uint8_t    *enc = xmalloc(QTCL_TX_ENCODED_BYTES);

		CHECK(len == QTCL_TX_ENCODED_BYTES);
		CHECK(qtcl_tx_check_fields(&tx_rec) == QTCL_TX_OK);
		CHECK(qtcl_tx_encode(&tx_rec, enc) == QTCL_TX_OK);
		CHECK(memcmp(enc, buf, QTCL_TX_ENCODED_BYTES) == 0);
		(void) qtcl_tx_describe(QTCL_TX_ERR_FEE_TOO_LOW, &tx_rec, 1, INT64_MAX, msg, QTCL_TX_MESSAGE_SIZE);
		free(enc);
	}

	/* header */
	rc = qtcl_header_decode(buf, len, &hdr);
	(void) qtcl_header_strerror(rc);
	if (rc == QTCL_HEADER_OK)
	{
		uint8_t    *enc = xmalloc(QTCL_HEADER_BYTES);

		CHECK(len == QTCL_HEADER_BYTES);
		CHECK(qtcl_header_check_fields(&hdr) == QTCL_HEADER_OK);
		qtcl_header_encode(&hdr, enc);
		CHECK(memcmp(enc, buf, QTCL_HEADER_BYTES) == 0);
		free(enc);
	}

	/* block (a view into buf) */
	memset(&res, 0, sizeof res);
	rc = qtcl_block_decode(buf, len, 4, &view, &res);
	(void) qtcl_block_strerror(rc);
	(void) qtcl_block_describe(&res, msg, sizeof msg);
	if (rc == QTCL_BLOCK_OK)
	{
		uint8_t    *prefix = xmalloc(QTCL_BLOCK_FIXED_BYTES);
		uint32_t	i;

		CHECK(view.tx_count <= 4);
		CHECK(len == QTCL_BLOCK_ENCODED_BYTES(view.tx_count));
		CHECK(view.beacon == buf + QTCL_BLOCK_OFF_BEACON);
		qtcl_block_encode_prefix(&view.header, view.beacon, view.claimed_reward,
								 view.tx_count, prefix);
		CHECK(memcmp(prefix, buf, QTCL_BLOCK_FIXED_BYTES) == 0);
		free(prefix);
		for (i = 0; i < view.tx_count; i++)
		{
			const uint8_t *tb = qtcl_block_tx_bytes(&view, i);

			CHECK(tb == buf + QTCL_BLOCK_OFF_TXS + (size_t) i * QTCL_TX_ENCODED_BYTES);
			(void) qtcl_block_tx_decode(&view, i, &tx_rec);
		}
		CHECK(qtcl_block_tx_bytes(&view, view.tx_count) == NULL);
		CHECK(qtcl_block_tx_decode(&view, view.tx_count, &tx_rec) == QTCL_TX_ERR_ARGUMENT);
		(void) qtcl_beacon_decode(view.beacon, QTCL_BEACON_ENCODED_BYTES, &beacon_round,
								  &beacon_work, &dm_code);
	}

	/* beacon round */
	rc = qtcl_beacon_decode(buf, len, &beacon_round, &beacon_work, &dm_code);
	(void) qtcl_beacon_strerror(rc);
	if (rc == QTCL_BEACON_OK)
	{
		uint8_t    *enc = xmalloc(QTCL_BEACON_ENCODED_BYTES);

		CHECK(len == QTCL_BEACON_ENCODED_BYTES);
		CHECK(qtcl_beacon_check_fields(&beacon_round) == QTCL_BEACON_OK);
		qtcl_beacon_encode(&beacon_round, enc);
		CHECK(memcmp(enc, buf, QTCL_BEACON_ENCODED_BYTES) == 0);
		free(enc);
	}
	else if (rc == QTCL_BEACON_ERR_DM_INVALID)
		(void) qtcl_dm_strerror(dm_code);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t    *rest;
	size_t		len;

	if (size < 1)
		return 0;
	len = size - 1;
	rest = xmalloc(len);
	memcpy(rest, data + 1, len);
	switch (data[0] % 5)
	{
		case 0:
			fuzz_json((const char *) rest, len);
			break;
		case 1:
			fuzz_sources(rest, len);
			break;
		case 2:
			fuzz_address((const char *) rest, len);
			break;
		case 3:
			fuzz_density(rest, len);
			break;
		default:
			fuzz_chain(rest, len);
			break;
	}
	free(rest);
	return 0;
}
