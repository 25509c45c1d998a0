/*
 * test_chain_keycache.c: the per-process cache of expanded sender keys gives
 * the verdicts and addresses the uncached functions give, on hits, misses,
 * evictions and with caching off; a hit never lets a bad signature through.
 */
#include <stdlib.h>

#include "chain/keycache.h"
#include "crypto/mldsa.h"
#include "crypto/sha3.h"
#include "unit.h"

#define NKEYS (QTCL_KEYCACHE_SLOTS + 4)
#define CTX "qtcl-tx-v1"

static uint8_t pk[NKEYS][1952],
			sk[NKEYS][4032],
			sig[NKEYS][3309],
			msg[NKEYS][64];

static int
plain_verify(int k, const uint8_t *m, const uint8_t *s)
{
	return mldsa_verify(MLDSA_65, pk[k], 1952, m, sizeof msg[0], (const uint8_t *) CTX, 10, s, 3309);
}

static int
cached_verify(int k, const uint8_t *m, const uint8_t *s)
{
	return qtcl_keycache_verify(pk[k], m, sizeof msg[0], (const uint8_t *) CTX, 10, s, 3309);
}

static void
setup(void)
{
	uint8_t		xi[32],
				rnd[32] = {0};
	int			k,
				ok = 1;

	for (k = 0; k < NKEYS; k++)
	{
		memset(xi, 0x40 + k, sizeof xi);
		memset(msg[k], k, sizeof msg[k]);
		ok &= mldsa_keygen_internal(MLDSA_65, xi, pk[k], sk[k]) == MLDSA_OK;
		ok &= mldsa_sign(MLDSA_65, sk[k], msg[k], sizeof msg[k], (const uint8_t *) CTX, 10, rnd, sig[k]) == MLDSA_OK;
	}
	CHECK(ok, "%d ML-DSA-65 keys and signatures", NKEYS);
}

/* Every verdict of one pass over the keys: valid, tampered signature, tampered message, another key's signature. */
static void
pass(const char *name)
{
	uint8_t		bad_sig[3309],
				bad_msg[64];
	int			k,
				agree = 1,
				valid = 1,
				refused = 1;

	for (k = 0; k < NKEYS; k++)
	{
		int			other = (k + 1) % NKEYS;

		memcpy(bad_sig, sig[k], sizeof bad_sig);
		bad_sig[k % 48] ^= 0x01;	/* in c~: decodes, does not verify */
		memcpy(bad_msg, msg[k], sizeof bad_msg);
		bad_msg[63] ^= 0x80;
		valid &= cached_verify(k, msg[k], sig[k]) == 1;
		refused &= cached_verify(k, msg[k], bad_sig) == 0 && cached_verify(k, bad_msg, sig[k]) == 0 &&
			cached_verify(k, msg[other], sig[other]) == 0;
		agree &= cached_verify(k, msg[k], bad_sig) == plain_verify(k, msg[k], bad_sig) &&
			cached_verify(k, msg[other], sig[other]) == plain_verify(k, msg[other], sig[other]);
	}
	CHECK(valid, "%s: every signature verifies", name);
	CHECK(refused, "%s: tampered signatures, tampered messages and other keys' signatures are refused", name);
	CHECK(agree, "%s: the same verdicts as mldsa_verify", name);
}

static void
hits_and_evictions(void)
{
	uint64_t	h0,
				m0,
				h1,
				m1;
	int			k;

	qtcl_keycache_set_capacity(QTCL_KEYCACHE_SLOTS);
	qtcl_keycache_stats(&h0, &m0);
	cached_verify(0, msg[0], sig[0]);
	cached_verify(0, msg[0], sig[0]);
	cached_verify(0, msg[0], sig[0]);
	qtcl_keycache_stats(&h1, &m1);
	CHECK(m1 - m0 == 1 && h1 - h0 == 2, "three verifications under one key: one miss, two hits (got %llu, %llu)",
		  (unsigned long long) (m1 - m0), (unsigned long long) (h1 - h0));

	/* QTCL_KEYCACHE_SLOTS other keys push key 0 out (least recently used). */
	for (k = 1; k <= QTCL_KEYCACHE_SLOTS; k++)
		cached_verify(k, msg[k], sig[k]);
	qtcl_keycache_stats(&h0, &m0);
	CHECK(cached_verify(0, msg[0], sig[0]) == 1, "key 0 verifies after it was evicted");
	qtcl_keycache_stats(&h1, &m1);
	CHECK(m1 - m0 == 1 && h1 == h0, "and that lookup was a miss");
	/* Key 2 was used less recently than keys 3..16 and 0: key 1 went for 0, key 2 is still there. */
	qtcl_keycache_stats(&h0, &m0);
	cached_verify(2, msg[2], sig[2]);
	qtcl_keycache_stats(&h1, &m1);
	CHECK(h1 - h0 == 1 && m1 == m0, "the least recently used key is the one evicted");
}

static void
addresses(void)
{
	uint8_t		want[32],
				got[32];
	int			k,
				ok = 1;

	for (k = 0; k < NKEYS; k++)
	{
		qtcl_sha3_256(pk[k], 1952, want);
		ok &= qtcl_keycache_address(pk[k], got) == 0 && memcmp(got, want, 32) == 0;
		ok &= qtcl_keycache_address(pk[k], got) == 0 && memcmp(got, want, 32) == 0;	/* from the cache */
		ok &= cached_verify(k, msg[k], sig[k]) == 1;	/* same slot, now with the expanded key too */
		ok &= qtcl_keycache_address(pk[k], got) == 0 && memcmp(got, want, 32) == 0;
	}
	CHECK(ok, "addresses are SHA3-256 of the key, computed or cached, before and after a verification");
}

int
main(void)
{
	setup();
	pass("cold cache");
	pass("warm cache (more keys than slots)");
	hits_and_evictions();
	addresses();
	qtcl_keycache_set_capacity(1);
	pass("one slot");
	qtcl_keycache_set_capacity(0);
	pass("no caching");
	return unit_done();
}
