/*
 * keccak4x.h: four independent Keccak-f[1600] states side by side (FIPS 202),
 * for the AVX2 back end's samplers. SHAKE has no multi-buffer interface in
 * OpenSSL, and ExpandA, ExpandS and ExpandMask each hash many short seeds
 * that differ only in a two-byte nonce: four of them go through one AVX2
 * permutation (one 64-bit lane of a 256-bit vector per stream).
 *
 * Only call these when mldsa_avx2_available() says so. The portable back end
 * keeps all its hashing on OpenSSL EVP (sha3.h).
 */
#ifndef QTCL_MLDSA_KECCAK4X_H
#define QTCL_MLDSA_KECCAK4X_H

#include <stddef.h>
#include <stdint.h>

#define MLDSA_SHAKE128_RATE 168
#define MLDSA_SHAKE256_RATE 136

/* s[i][j] is lane i (FIPS 202 index x + 5y) of stream j. */
typedef struct
{
	uint64_t	s[25][4];
} __attribute__((aligned(32))) mldsa_keccak4x;

/*
 * 1 when these functions may be called here: the CPU has AVX2, or this is
 * the plain C build of keccak4x_avx2.c (not x86-64, or QTCL_MLDSA_NO_AVX2),
 * which the samplers never use but the tests still check.
 */
int			mldsa_keccak4x_usable(void);

/* The 24-round permutation on all four states. */
void		mldsa_keccak4x_permute(mldsa_keccak4x *st);

/*
 * Starts four SHAKE states (rate 168 for SHAKE128, 136 for SHAKE256) and
 * absorbs in[j] (inlen bytes each, the same length for all four) with the
 * SHAKE padding. Output is then read with mldsa_keccak4x_squeezeblocks.
 */
void		mldsa_keccak4x_absorb_shake(mldsa_keccak4x *st, unsigned rate,
										const uint8_t *const in[4], size_t inlen);

/* Next nblocks * rate bytes of each stream into out[j]. */
void		mldsa_keccak4x_squeezeblocks(uint8_t *const out[4], size_t nblocks,
										 mldsa_keccak4x *st, unsigned rate);

#endif
