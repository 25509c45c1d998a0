/*
 * test_chain_powfast.c: the fast proof-of-work path (src/chain/powfast.*)
 * against OpenSSL (sha3.h) and the reference PoW code (pow.h):
 *   - the scalar Keccak-f[1600], driven as a SHA3-256 sponge here, against
 *     one-shot qtcl_sha3_256 for random inputs of many lengths and many
 *     random 196-byte inputs;
 *   - the PROTOCOL.md test vector;
 *   - qtcl_powfast_hash against qtcl_pow_hash for 10,000 nonces (edges and
 *     random) per random header and beacon output;
 *   - qtcl_powfast_hash4 against four single hashes, scalar and AVX2;
 *   - qtcl_powfast_search against qtcl_pow_search for several targets and
 *     ranges (wrapping ones, the empty one), scalar and AVX2;
 *   - argument errors.
 */
#include <stdlib.h>

#include "unit.h"
#include "chain/header.h"
#include "chain/pow.h"
#include "chain/powfast.h"
#include "chain/u256.h"
#include "crypto/sha3.h"

static uint64_t rng_state = 0x243f6a8885a308d3ULL;

static uint64_t
rng64(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void
rng_bytes(uint8_t *p, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t) (rng64() >> 29);
}

/* SHA3-256 as a sponge over qtcl_powfast_keccakf (FIPS 202 section 4, rate 136). */
static void
sponge_sha3_256(const uint8_t *in, size_t len, uint8_t out[32])
{
	uint64_t	st[25] = {0};
	uint8_t		block[136];
	size_t		off = 0,
				i;
	int			last = 0;

	while (!last)
	{
		size_t		n = len - off < 136 ? len - off : 136;

		memset(block, 0, sizeof block);
		memcpy(block, in + off, n);
		off += n;
		if (n < 136)
		{
			block[n] ^= 0x06;
			block[135] ^= 0x80;
			last = 1;
		}
		for (i = 0; i < 17; i++)
		{
			uint64_t	w = 0;
			int			b;

			for (b = 7; b >= 0; b--)
				w = (w << 8) | block[8 * i + (size_t) b];
			st[i] ^= w;
		}
		qtcl_powfast_keccakf(st);
	}
	for (i = 0; i < 32; i++)
		out[i] = (uint8_t) (st[i / 8] >> (8 * (i % 8)));
}

static void
hex_to_bytes(const char *hex, uint8_t *out, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		unsigned	v;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t) v;
	}
}

static void
test_permutation(void)
{
	static uint8_t in[600];
	uint8_t		got[32],
				want[32];
	size_t		len;
	int			i,
				bad = 0,
				n = 0;

	/* every length 0..600 (covers one, two, three, four and five blocks and the rate edges) */
	for (len = 0; len <= sizeof in; len++)
	{
		rng_bytes(in, len);
		sponge_sha3_256(in, len, got);
		if (qtcl_sha3_256(in, len, want) != 0 || memcmp(got, want, 32) != 0)
			bad++;
		n++;
	}
	CHECK(bad == 0, "scalar Keccak-f sponge == OpenSSL SHA3-256 for lengths 0..600 (%d inputs, %d bad)", n, bad);

	bad = 0;
	for (i = 0; i < 2000; i++)
	{
		rng_bytes(in, QTCL_POW_INPUT_BYTES);
		sponge_sha3_256(in, QTCL_POW_INPUT_BYTES, got);
		if (qtcl_sha3_256(in, QTCL_POW_INPUT_BYTES, want) != 0 || memcmp(got, want, 32) != 0)
			bad++;
	}
	CHECK(bad == 0, "scalar Keccak-f sponge == OpenSSL SHA3-256 for 2000 random 196-byte inputs (%d bad)", bad);

	/* the PoW midstate path on those same kind of inputs */
	bad = 0;
	for (i = 0; i < 2000; i++)
	{
		qtcl_powfast_ctx ctx;
		uint64_t	nonce = 0;
		int			b;

		rng_bytes(in, QTCL_POW_INPUT_BYTES);
		for (b = 0; b < 8; b++)
			nonce = (nonce << 8) | in[188 + b];
		if (qtcl_powfast_prepare(&ctx, in, in + 32) != QTCL_POW_OK ||
			qtcl_powfast_hash(&ctx, nonce, got) != QTCL_POW_OK ||
			qtcl_sha3_256(in, QTCL_POW_INPUT_BYTES, want) != 0 || memcmp(got, want, 32) != 0)
			bad++;
	}
	CHECK(bad == 0, "powfast prepare+hash == OpenSSL SHA3-256 for 2000 random 196-byte inputs (%d bad)", bad);
}

/* docs/PROTOCOL.md "Block headers / Test vector" */
static void
test_vector(void)
{
	static const char *header_hex =
		"00000001" "00000001" "0000000000000001"
		"1111111111111111111111111111111111111111111111111111111111111111"
		"2222222222222222222222222222222222222222222222222222222222222222"
		"0000018bcfe58f10" "1e011e54"
		"3333333333333333333333333333333333333333333333333333333333333333"
		"4444444444444444444444444444444444444444444444444444444444444444";
	uint8_t		header156[QTCL_HEADER_PREFIX_BYTES],
				beacon[32],
				got[32],
				want[32];
	qtcl_powfast_ctx ctx;
	qtcl_u256	target;
	uint64_t	nonce = 0;
	int			impl;

	hex_to_bytes(header_hex, header156, sizeof header156);
	memset(beacon, 0x55, sizeof beacon);
	CHECK(qtcl_powfast_prepare(&ctx, beacon, header156) == QTCL_POW_OK, "vector: prepare");
	qtcl_powfast_hash(&ctx, 0, got);
	hex_to_bytes("ce259b6f67d6b18cbc47e49cc8addebd9b910650e2917c8ba09f86becf440fa4", want, 32);
	CHECK_BYTES(got, 32, want, 32, "vector: PoW hash at nonce 0");
	qtcl_u256_from_u64(&target, 1);
	qtcl_u256_shl(&target, &target, 248);
	hex_to_bytes("00772d3f486af42ea25d919ac36ed91de3e29fd03c4d6bc8461ca7ccdf2c513d", want, 32);
	for (impl = 0; impl <= 1; impl++)
	{
		int			used = qtcl_powfast_set_impl(impl);
		int			rc = qtcl_powfast_search(&ctx, &target, 0, 1000, &nonce, got);

		CHECK(rc == QTCL_POW_OK && nonce == 113, "vector: first nonce <= 2^248 is 113 (%s): rc %d nonce %llu",
			  used ? "avx2" : "scalar", rc, (unsigned long long) nonce);
		CHECK_BYTES(got, 32, want, 32, "vector: PoW hash at nonce 113 (%s)", used ? "avx2" : "scalar");
	}
	qtcl_powfast_set_impl(1);
}

static void
test_hash_vs_pow(void)
{
	static const uint64_t edges[] = {
		0, 1, 2, 3, 255, 256, 0xffffffffULL, 0x100000000ULL, 0x7fffffffffffffffULL,
		0x8000000000000000ULL, 0xfffffffffffffffeULL, 0xffffffffffffffffULL,
		0x0102030405060708ULL, 0x8877665544332211ULL
	};
	int			h;

	for (h = 0; h < 4; h++)
	{
		uint8_t		beacon[32],
					header156[QTCL_HEADER_PREFIX_BYTES],
					got[32],
					want[32];
		qtcl_powfast_ctx ctx;
		int			i,
					bad = 0,
					n = 0;

		rng_bytes(beacon, sizeof beacon);
		rng_bytes(header156, sizeof header156);
		qtcl_powfast_prepare(&ctx, beacon, header156);
		for (i = 0; i < 10000; i++)
		{
			uint64_t	nonce;

			if (i < (int) (sizeof edges / sizeof edges[0]))
				nonce = edges[i];
			else if (i < 100)
				nonce = (uint64_t) i;	/* a run of small ones */
			else
				nonce = rng64() >> (rng64() % 64);	/* random, of every size */
			if (qtcl_powfast_hash(&ctx, nonce, got) != QTCL_POW_OK ||
				qtcl_pow_hash(beacon, header156, nonce, want) != QTCL_POW_OK ||
				memcmp(got, want, 32) != 0)
			{
				if (bad++ < 3)
					printf("# mismatch at nonce %llu\n", (unsigned long long) nonce);
			}
			n++;
		}
		CHECK(bad == 0, "header %d: powfast_hash == qtcl_pow_hash for %d nonces (0, 2^32-1, 2^63, 2^64-1, random): %d bad",
			  h, n, bad);
	}
}

static void
test_hash4(void)
{
	static const uint64_t firsts[] = {0, 1, 0xfffffffcULL, 0x7ffffffffffffffeULL,
		0xfffffffffffffffcULL, 0xfffffffffffffffdULL, 0xffffffffffffffffULL};
	uint8_t		beacon[32],
				header156[QTCL_HEADER_PREFIX_BYTES];
	qtcl_powfast_ctx ctx;
	int			impl;

	rng_bytes(beacon, sizeof beacon);
	rng_bytes(header156, sizeof header156);
	qtcl_powfast_prepare(&ctx, beacon, header156);
	for (impl = 0; impl <= 1; impl++)
	{
		int			used = qtcl_powfast_set_impl(impl);
		int			i,
					bad = 0,
					n = 0;

		if (impl == 1 && !used)
		{
			CHECK(1, "hash4 AVX2: skipped, the CPU has no AVX2");
			continue;
		}
		for (i = 0; i < 2000; i++)
		{
			uint64_t	first = i < (int) (sizeof firsts / sizeof firsts[0]) ? firsts[i] : rng64();
			uint8_t		got[4][32],
						want[32];
			int			j;

			if (qtcl_powfast_hash4(&ctx, first, got) != QTCL_POW_OK)
				bad++;
			for (j = 0; j < 4; j++)
			{
				qtcl_powfast_hash(&ctx, first + (uint64_t) j, want);
				if (memcmp(got[j], want, 32) != 0)
					bad++;
				if (qtcl_pow_hash(beacon, header156, first + (uint64_t) j, want) != QTCL_POW_OK ||
					memcmp(got[j], want, 32) != 0)
					bad++;
			}
			n++;
		}
		CHECK(bad == 0, "hash4 (%s) == 4 single hashes and qtcl_pow_hash, %d groups incl. wrapping ones: %d bad",
			  qtcl_powfast_impl_name(), n, bad);
	}
	qtcl_powfast_set_impl(1);
}

static void
target_pow2(qtcl_u256 *t, int e)
{
	qtcl_u256_from_u64(t, 1);
	qtcl_u256_shl(t, t, e);
}

static void
test_search(void)
{
	struct
	{
		uint64_t	first;
		uint64_t	count;
	}			ranges[] = {
		{0, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 5}, {0, 7}, {5, 30001}, {1000, 20000},
		{0xfffffffffffffff0ULL, 20003}, {0xffffffffffffffffULL, 6}, {0xffffffffffffffffULL, 1},
		{0x8000000000000000ULL, 9999}, {123456789, 4}
	};
	qtcl_u256	targets[6];
	const char *tnames[6] = {"2^255-1", "2^250", "2^244", "2^240", "0", "2^256-1"};
	int			h,
				t,
				r,
				impl;

	target_pow2(&targets[0], 255);
	{
		qtcl_u256	one;

		qtcl_u256_from_u64(&one, 1);
		qtcl_u256_sub(&targets[0], &targets[0], &one);
	}
	target_pow2(&targets[1], 250);
	target_pow2(&targets[2], 244);
	target_pow2(&targets[3], 240);
	qtcl_u256_zero(&targets[4]);
	qtcl_u256_max(&targets[5]);

	for (h = 0; h < 3; h++)
	{
		uint8_t		beacon[32],
					header156[QTCL_HEADER_PREFIX_BYTES];
		qtcl_powfast_ctx ctx;
		qtcl_pow_ctx ref;

		rng_bytes(beacon, sizeof beacon);
		rng_bytes(header156, sizeof header156);
		qtcl_powfast_prepare(&ctx, beacon, header156);
		if (!CHECK(qtcl_pow_prepare(&ref, beacon, header156) == QTCL_POW_OK, "search: reference prepare"))
			continue;
		for (impl = 0; impl <= 1; impl++)
		{
			int			used = qtcl_powfast_set_impl(impl);
			int			bad = 0,
						n = 0,
						found = 0;

			if (impl == 1 && !used)
			{
				CHECK(1, "search AVX2: skipped, the CPU has no AVX2");
				continue;
			}
			for (t = 0; t < 6; t++)
				for (r = 0; r < (int) (sizeof ranges / sizeof ranges[0]); r++)
				{
					uint64_t	got_nonce = 0xdeadbeef,
								want_nonce = 0xdeadbeef;
					uint8_t		got_hash[32],
								want_hash[32];
					int			rc_got,
								rc_want;

					memset(got_hash, 0xaa, 32);
					memset(want_hash, 0xaa, 32);
					rc_got = qtcl_powfast_search(&ctx, &targets[t], ranges[r].first, ranges[r].count,
												 &got_nonce, got_hash);
					rc_want = qtcl_pow_search(&ref, &targets[t], ranges[r].first, ranges[r].count,
											  &want_nonce, want_hash);
					n++;
					if (rc_got != rc_want || got_nonce != want_nonce || memcmp(got_hash, want_hash, 32) != 0)
					{
						bad++;
						printf("# header %d target %s range [%llu, +%llu): rc %d/%d nonce %llu/%llu\n",
							   h, tnames[t], (unsigned long long) ranges[r].first,
							   (unsigned long long) ranges[r].count, rc_got, rc_want,
							   (unsigned long long) got_nonce, (unsigned long long) want_nonce);
					}
					if (rc_want == QTCL_POW_OK)
						found++;
					if (ranges[r].count == 0)
						CHECK(rc_got == QTCL_POW_NOT_FOUND, "search (%s): empty range is not found (target %s)",
							  qtcl_powfast_impl_name(), tnames[t]);
				}
			CHECK(bad == 0, "header %d: powfast_search (%s) == qtcl_pow_search for %d target/range pairs (%d found): %d bad",
				  h, qtcl_powfast_impl_name(), n, found, bad);
		}
		/* a NULL hash_out is allowed */
		{
			uint64_t	a = 1,
						b = 2;
			int			rc_a,
						rc_b;

			qtcl_powfast_set_impl(1);
			rc_a = qtcl_powfast_search(&ctx, &targets[2], 77, 50000, &a, NULL);
			rc_b = qtcl_pow_search(&ref, &targets[2], 77, 50000, &b, NULL);
			CHECK(rc_a == rc_b && a == b, "header %d: search with hash_out NULL gives the same result (rc %d, nonce %llu)",
				  h, rc_a, (unsigned long long) a);
		}
		/* a target equal to one hash (every limb compared) and one below it */
		for (impl = 0; impl <= 1; impl++)
		{
			uint64_t	at = 1000 + rng64() % 1000,
						got_nonce = 0,
						want_nonce = 0;
			uint8_t		hash[32];
			qtcl_u256	exact,
						below,
						one;
			int			rc1,
						rc2,
						rc3,
						rc4;

			qtcl_powfast_set_impl(impl);
			qtcl_powfast_hash(&ctx, at, hash);
			qtcl_u256_from_be(&exact, hash);
			qtcl_u256_from_u64(&one, 1);
			qtcl_u256_sub(&below, &exact, &one);
			rc1 = qtcl_powfast_search(&ctx, &exact, at, 7, &got_nonce, NULL);
			rc2 = qtcl_powfast_search(&ctx, &below, at, 1, &want_nonce, NULL);
			CHECK(rc1 == QTCL_POW_OK && got_nonce == at && rc2 == QTCL_POW_NOT_FOUND,
				  "header %d (%s): target == hash meets it, target == hash - 1 does not", h, qtcl_powfast_impl_name());
			rc3 = qtcl_powfast_search(&ctx, &exact, at - 9, 23, &got_nonce, NULL);
			rc4 = qtcl_pow_search(&ref, &exact, at - 9, 23, &want_nonce, NULL);
			CHECK(rc3 == rc4 && got_nonce == want_nonce, "header %d (%s): search around an exact target agrees",
				  h, qtcl_powfast_impl_name());
			rc3 = qtcl_powfast_search(&ctx, &below, at - 9, 23, &got_nonce, NULL);
			rc4 = qtcl_pow_search(&ref, &below, at - 9, 23, &want_nonce, NULL);
			CHECK(rc3 == rc4 && (rc3 != QTCL_POW_OK || got_nonce == want_nonce),
				  "header %d (%s): search around target hash - 1 agrees", h, qtcl_powfast_impl_name());
		}
		qtcl_pow_release(&ref);
	}
	qtcl_powfast_set_impl(1);
}

static void
test_arguments(void)
{
	qtcl_powfast_ctx ctx;
	uint8_t		b[QTCL_HEADER_PREFIX_BYTES] = {0},
				out[32],
				out4[4][32];
	qtcl_u256	target;
	uint64_t	nonce;

	qtcl_u256_max(&target);
	memset(&ctx, 0, sizeof ctx);
	CHECK(qtcl_powfast_prepare(NULL, b, b) == QTCL_POW_ERR_ARGUMENT, "prepare(NULL ctx)");
	CHECK(qtcl_powfast_prepare(&ctx, NULL, b) == QTCL_POW_ERR_ARGUMENT && !ctx.ready, "prepare(NULL beacon)");
	CHECK(qtcl_powfast_prepare(&ctx, b, NULL) == QTCL_POW_ERR_ARGUMENT && !ctx.ready, "prepare(NULL header)");
	CHECK(qtcl_powfast_hash(&ctx, 0, out) == QTCL_POW_ERR_ARGUMENT, "hash on an unprepared ctx");
	CHECK(qtcl_powfast_hash4(&ctx, 0, out4) == QTCL_POW_ERR_ARGUMENT, "hash4 on an unprepared ctx");
	CHECK(qtcl_powfast_search(&ctx, &target, 0, 10, &nonce, out) == QTCL_POW_ERR_ARGUMENT,
		  "search on an unprepared ctx");
	CHECK(qtcl_powfast_prepare(&ctx, b, b) == QTCL_POW_OK && ctx.ready, "prepare");
	CHECK(qtcl_powfast_hash(&ctx, 0, NULL) == QTCL_POW_ERR_ARGUMENT, "hash(NULL out)");
	CHECK(qtcl_powfast_hash4(NULL, 0, out4) == QTCL_POW_ERR_ARGUMENT, "hash4(NULL ctx)");
	CHECK(qtcl_powfast_search(&ctx, NULL, 0, 10, &nonce, out) == QTCL_POW_ERR_ARGUMENT, "search(NULL target)");
	CHECK(qtcl_powfast_search(&ctx, &target, 0, 10, NULL, out) == QTCL_POW_ERR_ARGUMENT, "search(NULL nonce_out)");
	CHECK(qtcl_powfast_search(&ctx, &target, 0, 0, &nonce, out) == QTCL_POW_NOT_FOUND, "search: count 0");
	CHECK(qtcl_powfast_search(&ctx, &target, 42, 1, &nonce, out) == QTCL_POW_OK && nonce == 42,
		  "search: target 2^256-1 takes the first nonce");
}

static void
test_impl_switch(void)
{
	int			avail = qtcl_powfast_avx2_available();
	int			used;

	used = qtcl_powfast_set_impl(0);
	CHECK(used == 0 && strcmp(qtcl_powfast_impl_name(), "scalar") == 0, "set_impl(0) gives scalar");
	used = qtcl_powfast_set_impl(1);
	CHECK(used == avail && qtcl_powfast_get_impl() == avail &&
		  strcmp(qtcl_powfast_impl_name(), avail ? "avx2-4way" : "scalar") == 0,
		  "set_impl(1) gives %s (CPU AVX2: %d)", qtcl_powfast_impl_name(), avail);
}

int
main(void)
{
	test_impl_switch();
	test_permutation();
	test_vector();
	test_hash_vs_pow();
	test_hash4();
	test_search();
	test_arguments();
	return unit_done();
}
