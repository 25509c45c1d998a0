/*
 * test_chain_header.c: block header encoding (the documented vector, byte
 * layout, round trips, strict decoding), the block hash and the PoW hash
 * (expected values computed independently with Python's hashlib), one-shot
 * against midstate PoW hashing for 1000 nonces, brute-force mining at the
 * regtest limit and at target 2^248, the PoW check, median time past and the
 * timestamp verdicts.
 */
#include <stdlib.h>

#include "chain/asert.h"
#include "chain/header.h"
#include "chain/pow.h"
#include "chain/target.h"
#include "crypto/sha3.h"
#include "unit.h"

static void
unhex(const char *hex, uint8_t *out, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		unsigned	v;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t) v;
	}
}

/* The docs/PROTOCOL.block.md vector. */
static void
doc_header(qtcl_block_header *h)
{
	memset(h, 0, sizeof *h);
	h->version = 1;
	h->chain_id = 1;
	h->height = 1;
	memset(h->parent, 0x11, 32);
	memset(h->merkle_root, 0x22, 32);
	h->timestamp_ms = 1700000010000;
	h->target_compact = QTCL_DEVNET_GENESIS_COMPACT;
	memset(h->miner, 0x33, 32);
	memset(h->beacon_round_hash, 0x44, 32);
	h->nonce = 0;
}

static const char *doc_header_hex =
	"00000001" "00000001" "0000000000000001"
	"1111111111111111111111111111111111111111111111111111111111111111"
	"2222222222222222222222222222222222222222222222222222222222222222"
	"0000018bcfe58f10" "1e011e54"
	"3333333333333333333333333333333333333333333333333333333333333333"
	"4444444444444444444444444444444444444444444444444444444444444444"
	"0000000000000000";
static const char *doc_block_hash = "5ec45992c38850ddd25f443c94d99e4a7e0fd5b875c8109d5c2a3d05a55179be";
static const char *doc_pow_hash = "ce259b6f67d6b18cbc47e49cc8addebd9b910650e2917c8ba09f86becf440fa4";
static const char *doc_pow_hash_113 = "00772d3f486af42ea25d919ac36ed91de3e29fd03c4d6bc8461ca7ccdf2c513d";

static void
vector(void)
{
	qtcl_block_header h,
				back;
	uint8_t		enc[QTCL_HEADER_BYTES],
				want[QTCL_HEADER_BYTES],
				hash[32],
				whash[32],
				beacon[32],
				prefix[QTCL_HEADER_PREFIX_BYTES];

	doc_header(&h);
	qtcl_header_encode(&h, enc);
	unhex(doc_header_hex, want, sizeof want);
	CHECK_BYTES(enc, sizeof enc, want, sizeof want, "documented header encodes to the documented 164 bytes");
	qtcl_header_encode_prefix(&h, prefix);
	CHECK_BYTES(prefix, sizeof prefix, want, sizeof prefix, "prefix = first 156 bytes");
	memset(&back, 0, sizeof back);	/* struct padding compares equal */
	CHECK(qtcl_header_decode(want, sizeof want, &back) == QTCL_HEADER_OK &&
		  memcmp(&back, &h, sizeof h) == 0, "documented bytes decode to the documented header");

	CHECK(qtcl_header_hash(&h, hash) == QTCL_HEADER_OK, "block hash computes");
	unhex(doc_block_hash, whash, 32);
	CHECK_BYTES(hash, 32, whash, 32, "block hash = SHA3-256(164 bytes) (hashlib value)");

	memset(beacon, 0x55, 32);
	CHECK(qtcl_pow_hash_header(beacon, &h, hash) == QTCL_POW_OK, "PoW hash computes");
	unhex(doc_pow_hash, whash, 32);
	CHECK_BYTES(hash, 32, whash, 32, "PoW hash = SHA3-256(0x55*32 || 156 bytes || nonce 0) (hashlib value)");
	{
		uint8_t		block_hash[32];

		qtcl_header_hash(&h, block_hash);
		CHECK(memcmp(block_hash, hash, 32) != 0, "block hash and PoW hash differ");
	}
	/* the first nonce whose PoW hash is <= 2^248 for this header is 113 */
	{
		qtcl_u256	t248;
		qtcl_pow_ctx ctx;
		uint64_t	found = 0;

		qtcl_u256_from_u64(&t248, 1);
		qtcl_u256_shl(&t248, &t248, 248);
		qtcl_header_encode_prefix(&h, prefix);
		qtcl_pow_prepare(&ctx, beacon, prefix);
		CHECK(qtcl_pow_search(&ctx, &t248, 0, 1000, &found, hash) == QTCL_POW_OK && found == 113,
			  "first nonce with PoW hash <= 2^248 is 113 (got %llu)", (unsigned long long) found);
		qtcl_pow_release(&ctx);
		h.nonce = 113;
		qtcl_pow_hash_header(beacon, &h, hash);
		unhex(doc_pow_hash_113, whash, 32);
		CHECK_BYTES(hash, 32, whash, 32, "PoW hash at nonce 113 (hashlib value)");
		CHECK(qtcl_hash_leading_zero_bits(hash) == 9, "nonce 113: 9 leading zero bits");
		CHECK(qtcl_pow_check(&h, beacon, NULL, NULL) == QTCL_POW_ERR_HIGH_HASH,
			  "nonce 113 does not meet the header's own devnet target 0x1e011e54");
	}

	/* the PoW preimage built by hand */
	{
		uint8_t		pre[QTCL_POW_INPUT_BYTES];

		memcpy(pre, beacon, 32);
		qtcl_header_encode(&h, pre + 32);
		qtcl_sha3_256(pre, sizeof pre, whash);
		CHECK_BYTES(hash, 32, whash, 32, "PoW hash = SHA3-256 of beacon output || full 164-byte header");
	}
}

static void
layout_and_strict(void)
{
	qtcl_block_header h,
				back;
	uint8_t		enc[QTCL_HEADER_BYTES + 1],
				tmp[QTCL_HEADER_BYTES];
	int			i,
				bad = 0;

	/* every field lands at its offset */
	memset(&h, 0, sizeof h);
	h.version = 1;
	h.chain_id = 0xa1a2a3a4u;
	h.height = 0x0102030405060708ull;
	h.timestamp_ms = 0x1112131415161718ll;
	h.target_compact = 0xb1b2b3b4u;
	h.nonce = 0xc1c2c3c4c5c6c7c8ull;
	h.parent[0] = 0xd0;
	h.merkle_root[0] = 0xd1;
	h.miner[0] = 0xd2;
	h.beacon_round_hash[31] = 0xd3;
	qtcl_header_encode(&h, enc);
	CHECK(enc[3] == 1 && enc[4] == 0xa1 && enc[7] == 0xa4 && enc[8] == 0x01 && enc[15] == 0x08 &&
		  enc[16] == 0xd0 && enc[48] == 0xd1 && enc[80] == 0x11 && enc[87] == 0x18 &&
		  enc[88] == 0xb1 && enc[91] == 0xb4 && enc[92] == 0xd2 && enc[155] == 0xd3 &&
		  enc[156] == 0xc1 && enc[163] == 0xc8, "fields at their documented offsets, big-endian");

	/* random headers round-trip */
	srand(7);
	for (i = 0; i < 500; i++)
	{
		size_t		k;
		uint8_t    *p = tmp;

		for (k = 0; k < sizeof tmp; k++)
			p[k] = (uint8_t) rand();
		tmp[0] = tmp[1] = tmp[2] = 0;
		tmp[3] = 1;				/* version 1 */
		tmp[8] &= 0x7f;			/* height <= 2^63-1 */
		tmp[80] &= 0x7f;		/* timestamp >= 0 */
		if (qtcl_header_decode(tmp, sizeof tmp, &back) != QTCL_HEADER_OK)
		{
			bad++;
			continue;
		}
		qtcl_header_encode(&back, enc);
		if (memcmp(enc, tmp, sizeof tmp) != 0)
			bad++;
	}
	CHECK(bad == 0, "500 random valid encodings: encode(decode(b)) == b (%d bad)", bad);

	h.version = 1;
	qtcl_header_encode(&h, enc);
	enc[QTCL_HEADER_BYTES] = 0;
	CHECK(qtcl_header_decode(enc, QTCL_HEADER_BYTES - 1, &back) == QTCL_HEADER_ERR_TRUNCATED, "163 bytes: truncated");
	CHECK(qtcl_header_decode(enc, 0, &back) == QTCL_HEADER_ERR_TRUNCATED, "0 bytes: truncated");
	CHECK(qtcl_header_decode(NULL, 164, &back) == QTCL_HEADER_ERR_TRUNCATED, "NULL buffer: truncated");
	CHECK(qtcl_header_decode(enc, QTCL_HEADER_BYTES + 1, &back) == QTCL_HEADER_ERR_TRAILING, "165 bytes: trailing");
	CHECK(qtcl_header_decode(enc, QTCL_HEADER_BYTES, &back) == QTCL_HEADER_OK, "164 bytes: ok");
	enc[3] = 2;
	CHECK(qtcl_header_decode(enc, QTCL_HEADER_BYTES, &back) == QTCL_HEADER_ERR_VERSION, "version 2 refused");
	enc[3] = 0;
	CHECK(qtcl_header_decode(enc, QTCL_HEADER_BYTES, &back) == QTCL_HEADER_ERR_VERSION, "version 0 refused");
	enc[3] = 1;
	enc[8] = 0x80;
	CHECK(qtcl_header_decode(enc, QTCL_HEADER_BYTES, &back) == QTCL_HEADER_ERR_HEIGHT, "height 2^63 and up refused");
	enc[8] = 0x01;
	enc[80] = 0xff;
	CHECK(qtcl_header_decode(enc, QTCL_HEADER_BYTES, &back) == QTCL_HEADER_ERR_TIMESTAMP, "negative timestamp refused");
	for (i = QTCL_HEADER_OK; i <= QTCL_HEADER_ERR_HASH; i++)
		if (qtcl_header_strerror(i) == NULL || strcmp(qtcl_header_strerror(i), "unknown block header error") == 0)
			bad++;
	CHECK(bad == 0, "every header code has a message");
}

static void
midstate(void)
{
	qtcl_block_header h;
	uint8_t		prefix[QTCL_HEADER_PREFIX_BYTES],
				beacon[32],
				a[32],
				b[32];
	qtcl_pow_ctx ctx;
	int			i,
				bad = 0,
				errs = 0;

	doc_header(&h);
	h.height = 77;
	for (i = 0; i < 32; i++)
		beacon[i] = (uint8_t) (i * 7 + 1);
	qtcl_header_encode_prefix(&h, prefix);
	CHECK(qtcl_pow_prepare(&ctx, beacon, prefix) == QTCL_POW_OK, "pow_prepare");
	for (i = 0; i < 1000; i++)
	{
		uint64_t	nonce = (i < 500) ? (uint64_t) i : (uint64_t) i * 0x9e3779b97f4a7c15ull;

		if (i == 999)
			nonce = UINT64_MAX;
		if (qtcl_pow_hash_nonce(&ctx, nonce, a) != QTCL_POW_OK ||
			qtcl_pow_hash(beacon, prefix, nonce, b) != QTCL_POW_OK)
			errs++;
		if (memcmp(a, b, 32) != 0)
			bad++;
	}
	CHECK(errs == 0 && bad == 0, "midstate and one-shot PoW hashes agree for 1000 nonces (%d differ, %d errors)",
		  bad, errs);
	/* the state is reusable: nonce 0 again gives the same as the first time */
	qtcl_pow_hash_nonce(&ctx, 5, a);
	qtcl_pow_hash_nonce(&ctx, 5, b);
	CHECK(memcmp(a, b, 32) == 0, "hash_nonce leaves the prepared state unchanged");
	qtcl_pow_release(&ctx);
	qtcl_pow_release(&ctx);
	CHECK(qtcl_pow_hash_nonce(&ctx, 0, a) == QTCL_POW_ERR_ARGUMENT, "released context refused");
	CHECK(qtcl_pow_prepare(&ctx, NULL, prefix) == QTCL_POW_ERR_ARGUMENT, "NULL beacon output refused");
	qtcl_pow_release(&ctx);
}

static void
mining(void)
{
	qtcl_block_header h;
	uint8_t		prefix[QTCL_HEADER_PREFIX_BYTES],
				beacon[32],
				hash[32];
	qtcl_pow_ctx ctx;
	qtcl_u256	target;
	uint64_t	nonce = 0;
	int			rc,
				tcode;
	qtcl_net_params np;

	memset(beacon, 0xab, 32);

	/* regtest: limit 2^255 - 1, about every second hash wins */
	qtcl_net_params_get(QTCL_NET_REGTEST, &np);
	doc_header(&h);
	h.target_compact = np.genesis_compact;
	CHECK(qtcl_target_decode(h.target_compact, &target) == QTCL_TARGET_OK, "regtest target decodes");
	qtcl_header_encode_prefix(&h, prefix);
	qtcl_pow_prepare(&ctx, beacon, prefix);
	rc = qtcl_pow_search(&ctx, &target, 0, 64, &nonce, hash);
	CHECK(rc == QTCL_POW_OK && nonce < 64 && qtcl_hash_meets_target(hash, &target),
		  "regtest: nonce found within 64 tries (nonce %llu)", (unsigned long long) nonce);
	h.nonce = nonce;
	CHECK(qtcl_pow_check(&h, beacon, &tcode, NULL) == QTCL_POW_OK, "regtest: mined header passes the PoW check");
	qtcl_pow_release(&ctx);

	/* target 2^248: about 256 tries */
	h.target_compact = 0x20010000u;
	CHECK(qtcl_target_decode(h.target_compact, &target) == QTCL_TARGET_OK, "2^248 target decodes");
	h.nonce = 0;
	qtcl_header_encode_prefix(&h, prefix);
	qtcl_pow_prepare(&ctx, beacon, prefix);
	rc = qtcl_pow_search(&ctx, &target, 1000, 1 << 16, &nonce, hash);
	CHECK(rc == QTCL_POW_OK && qtcl_hash_meets_target(hash, &target) && qtcl_hash_leading_zero_bits(hash) >= 8,
		  "2^248: found nonce %llu (%llu tries), hash <= target, >= 8 leading zero bits",
		  (unsigned long long) nonce, (unsigned long long) (nonce - 1000 + 1));
	h.nonce = nonce;
	{
		uint8_t		got[32];

		CHECK(qtcl_pow_check(&h, beacon, &tcode, got) == QTCL_POW_OK && memcmp(got, hash, 32) == 0,
			  "2^248: mined header passes the PoW check with the same hash");
	}
	if (nonce != 1000)
	{
		h.nonce = 1000;			/* tried first and lost */
		CHECK(qtcl_pow_check(&h, beacon, &tcode, NULL) == QTCL_POW_ERR_HIGH_HASH, "a losing nonce: high hash");
	}
	/* the PoW binds the beacon output: another output, same header */
	h.nonce = nonce;
	{
		uint8_t		other[32];
		uint8_t		h1[32],
					h2[32];

		memset(other, 0xac, 32);
		qtcl_pow_hash_header(beacon, &h, h1);
		qtcl_pow_hash_header(other, &h, h2);
		CHECK(memcmp(h1, h2, 32) != 0, "a different beacon output gives a different PoW hash");
	}
	/* limited search range without a winner */
	{
		qtcl_u256	one;

		qtcl_u256_from_u64(&one, 1);
		CHECK(qtcl_pow_search(&ctx, &one, 0, 16, &nonce, hash) == QTCL_POW_NOT_FOUND,
			  "target 1: no nonce among 16");
	}
	qtcl_pow_release(&ctx);

	/* bad targets are refused before hashing */
	h.target_compact = 0x04923456u;
	CHECK(qtcl_pow_check(&h, beacon, &tcode, NULL) == QTCL_POW_ERR_TARGET && tcode == QTCL_TARGET_ERR_NEGATIVE,
		  "sign-bit target: ERR_TARGET / NEGATIVE");
	h.target_compact = 0;
	CHECK(qtcl_pow_check(&h, beacon, &tcode, NULL) == QTCL_POW_ERR_TARGET && tcode == QTCL_TARGET_ERR_ZERO,
		  "zero target: ERR_TARGET / ZERO");
	CHECK(strcmp(qtcl_pow_strerror(QTCL_POW_ERR_HIGH_HASH), "unknown proof-of-work error") != 0,
		  "high-hash has a message");
}

static void
time_rules(void)
{
	int64_t		ts[15] = {50, 10, 40, 20, 30, 110, 100, 90, 80, 70, 60, 1000, 1000, 1000, 1000};
	int64_t		one = 123;
	int64_t		four[4] = {4, 1, 3, 2};

	CHECK(qtcl_median_time_past(ts, 0) == INT64_MIN, "no predecessors: no constraint");
	CHECK(qtcl_median_time_past(&one, 1) == 123, "one block: its timestamp");
	CHECK(qtcl_median_time_past(ts, 5) == 30, "five unsorted: median 30");
	CHECK(qtcl_median_time_past(four, 4) == 3, "four: upper median (sorted[2])");
	CHECK(qtcl_median_time_past(ts, 11) == 60, "eleven: median 60");
	CHECK(qtcl_median_time_past(ts, 15) == 60, "more than eleven: only the first 11 count");
	CHECK(qtcl_median_time_past(ts, 2) == 50, "two: the larger");

	CHECK(qtcl_header_check_time(60, 60, 1000, 15000) == QTCL_TIME_TOO_OLD, "timestamp == MTP: too old");
	CHECK(qtcl_header_check_time(59, 60, 1000, 15000) == QTCL_TIME_TOO_OLD, "timestamp < MTP: too old");
	CHECK(qtcl_header_check_time(61, 60, 1000, 15000) == QTCL_TIME_OK, "MTP + 1 ms: ok");
	CHECK(qtcl_header_check_time(16000, 60, 1000, 15000) == QTCL_TIME_OK, "node time + 15 s: ok");
	CHECK(qtcl_header_check_time(16001, 60, 1000, 15000) == QTCL_TIME_TOO_NEW, "node time + 15 s + 1 ms: too new");
	CHECK(qtcl_header_check_time(INT64_MAX, 60, INT64_MAX - 5, QTCL_MAX_FUTURE_MS_DEFAULT) == QTCL_TIME_OK,
		  "node time near INT64_MAX: limit saturates, no overflow");
	CHECK(qtcl_header_check_time(5, INT64_MIN, 10, 0) == QTCL_TIME_OK, "genesis successor with no MTP");
	CHECK(qtcl_header_check_time(10, 20, 0, 0) == QTCL_TIME_TOO_OLD, "too old wins over too new");
	CHECK(QTCL_TIME_TOO_OLD != QTCL_TIME_TOO_NEW &&
		  strcmp(qtcl_time_strerror(QTCL_TIME_TOO_NEW), qtcl_time_strerror(QTCL_TIME_TOO_OLD)) != 0,
		  "too old and too new are distinct codes with distinct messages");
}

int
main(void)
{
	vector();
	layout_and_strict();
	midstate();
	mining();
	time_rules();
	return unit_done();
}
