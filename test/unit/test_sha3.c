/*
 * test_sha3.c: SHA3-256, SHAKE128 and SHAKE256 against ../shared/vectors/sha3.json,
 * plus the incremental API: absorbing in pieces, peeking longer outputs from one
 * absorbed state (the OpenSSL 3.0 repeated-FinalXOF trap) and cloning.
 */
#include <stdlib.h>

#include "crypto/sha3.h"
#include "unit.h"
#include "vectors.h"

static int
run_alg(const char *alg, const uint8_t *msg, size_t mlen, uint8_t *out, size_t outlen)
{
	if (strcmp(alg, "SHA3-256") == 0)
		return outlen == 32 ? qtcl_sha3_256(msg, mlen, out) : -1;
	if (strcmp(alg, "SHAKE128") == 0)
		return qtcl_shake128(msg, mlen, out, outlen);
	if (strcmp(alg, "SHAKE256") == 0)
		return qtcl_shake256(msg, mlen, out, outlen);
	return -1;
}

static qtcl_hash_alg
alg_of(const char *alg)
{
	if (strcmp(alg, "SHAKE128") == 0)
		return QTCL_SHAKE128;
	if (strcmp(alg, "SHAKE256") == 0)
		return QTCL_SHAKE256;
	return QTCL_SHA3_256;
}

static void
vectors(void)
{
	FILE	   *f = vec_open("sha3");
	vec_record	r = {0};
	int			n = 0;

	if (!CHECK(f != NULL, "sha3 vector file opens"))
		return;
	while (vec_next(f, &r))
	{
		const char *alg = vec_get(&r, "algorithm");
		size_t		mlen,
					wlen;
		uint8_t    *msg = vec_hex(&r, "message", &mlen);
		uint8_t    *want = vec_hex(&r, "output", &wlen);
		uint8_t    *got = malloc(wlen);
		qtcl_hash	h;
		size_t		cut = mlen / 3;

		n++;
		CHECK(run_alg(alg, msg, mlen, got, wlen) == 0, "%s vector %d computes", alg, n);
		CHECK_BYTES(got, wlen, want, wlen, "%s vector %d (%zu-byte message) one-shot", alg, n, mlen);

		/* The same through the incremental API, message absorbed in 3 pieces. */
		memset(got, 0, wlen);
		qtcl_hash_init(&h, alg_of(alg));
		qtcl_hash_update(&h, msg, cut);
		qtcl_hash_update(&h, msg + cut, cut);
		qtcl_hash_update(&h, msg + 2 * cut, mlen - 2 * cut);
		if (alg_of(alg) != QTCL_SHA3_256 && wlen > 7)
		{
			/* Peek a short prefix first, then the whole output: must be the same stream. */
			uint8_t		prefix[7];

			CHECK(qtcl_hash_peek(&h, prefix, sizeof prefix) == 0, "%s vector %d peek", alg, n);
			CHECK_BYTES(prefix, sizeof prefix, want, sizeof prefix, "%s vector %d peeked prefix", alg, n);
		}
		CHECK(qtcl_hash_final(&h, got, wlen) == 0, "%s vector %d incremental final", alg, n);
		CHECK_BYTES(got, wlen, want, wlen, "%s vector %d incremental", alg, n);
		free(msg);
		free(want);
		free(got);
	}
	vec_free(&r);
	fclose(f);
	CHECK(n == 15, "all 15 sha3 vectors read (got %d)", n);
}

static void
clone_and_errors(void)
{
	qtcl_hash	a,
				b;
	uint8_t		x[64],
				y[64],
				z[32];

	qtcl_hash_init(&a, QTCL_SHAKE256);
	qtcl_hash_update(&a, "abc", 3);
	CHECK(qtcl_hash_clone(&b, &a) == 0, "clone");
	qtcl_hash_update(&b, "d", 1);
	qtcl_hash_final(&a, x, 64);
	qtcl_hash_final(&b, y, 64);
	qtcl_shake256("abcd", 4, z, 32);
	CHECK(memcmp(x, y, 64) != 0, "a clone absorbs independently");
	CHECK_BYTES(y, 32, z, 32, "clone continues the absorbed state");
	CHECK(qtcl_hash_final(&a, x, 64) == -1, "final on a released state fails");
	qtcl_hash_init(&a, QTCL_SHA3_256);
	CHECK(qtcl_hash_final(&a, x, 64) == -1, "SHA3-256 refuses an output length other than 32");
	qtcl_hash_free(&a);
	qtcl_hash_free(&a);
	CHECK(1, "double free of a released state is harmless");
}

int
main(void)
{
	vectors();
	clone_and_errors();
	return unit_done();
}
