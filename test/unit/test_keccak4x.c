/*
 * test_keccak4x.c: the four-way AVX2 SHAKE of src/crypto/mldsa/keccak4x_avx2.c
 * against OpenSSL EVP SHAKE128/SHAKE256 (sha3.h), byte for byte, over random
 * inputs of many lengths (around the rates in particular) and outputs of
 * several blocks, each of the four streams with its own input.
 */
#include <stdlib.h>

#include "unit.h"
#include "crypto/sha3.h"
#include "crypto/mldsa/keccak4x.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint8_t
rng_byte(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint8_t) (rng_state >> 24);
}

/* One absorb of four inputs of length inlen, nblocks squeezed in `steps` calls. */
static int
check_one(unsigned rate, size_t inlen, size_t nblocks, int steps)
{
	static uint8_t in[4][1200];
	static uint8_t got[4][12 * 168];
	static uint8_t want[12 * 168];
	const uint8_t *inp[4] = {in[0], in[1], in[2], in[3]};
	mldsa_keccak4x st;
	size_t		done = 0,
				i;
	int			j,
				ok = 1;

	for (j = 0; j < 4; j++)
		for (i = 0; i < inlen; i++)
			in[j][i] = rng_byte();
	mldsa_keccak4x_absorb_shake(&st, rate, inp, inlen);
	while (done < nblocks)
	{
		size_t		n = steps > 1 && nblocks - done > 1 ? 1 + (nblocks - done) / 2 : nblocks - done;
		uint8_t    *outp[4] = {got[0] + done * rate, got[1] + done * rate,
		got[2] + done * rate, got[3] + done * rate};

		mldsa_keccak4x_squeezeblocks(outp, n, &st, rate);
		done += n;
	}
	for (j = 0; j < 4; j++)
	{
		int			rc = rate == 168 ? qtcl_shake128(in[j], inlen, want, nblocks * rate)
			: qtcl_shake256(in[j], inlen, want, nblocks * rate);

		if (rc != 0 || memcmp(got[j], want, nblocks * rate) != 0)
		{
			printf("# mismatch: rate %u inlen %zu nblocks %zu stream %d\n", rate, inlen, nblocks, j);
			ok = 0;
		}
	}
	return ok;
}

int
main(void)
{
	static const size_t special[] = {0, 1, 7, 8, 9, 31, 32, 33, 34, 64, 66, 135, 136, 137,
	167, 168, 169, 200, 271, 272, 273, 300, 335, 336, 337, 503, 504, 505, 1000, 1199};
	const unsigned rates[2] = {168, 136};
	int			r;
	size_t		k;

	if (!mldsa_keccak4x_usable())
	{
		printf("# AVX2 not available: four-way Keccak not used, nothing to test\n");
		CHECK(1, "skipped");
		return unit_done();
	}
	for (r = 0; r < 2; r++)
	{
		const char *name = rates[r] == 168 ? "SHAKE128" : "SHAKE256";
		int			ok = 1,
					n = 0;

		for (k = 0; k < sizeof special / sizeof special[0]; k++)
		{
			ok &= check_one(rates[r], special[k], 1, 1);
			ok &= check_one(rates[r], special[k], 5, 1);
			ok &= check_one(rates[r], special[k], 12, 3);
			n += 3;
		}
		CHECK(ok, "%s x4 matches EVP on %d runs at lengths around the rate", name, n);
		ok = 1;
		for (k = 0; k < 300; k++)
		{
			size_t		inlen = (size_t) (rng_byte() | (rng_byte() << 8)) % 1200;
			size_t		nb = 1 + rng_byte() % 12;

			ok &= check_one(rates[r], inlen, nb, (int) (k % 3) + 1);
		}
		CHECK(ok, "%s x4 matches EVP on 300 random lengths and block counts", name);
	}
	return unit_done();
}
