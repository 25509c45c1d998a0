/*
 * powfast.h: a fast proof-of-work hashing path on our own Keccak-f[1600]
 * (FIPS 202), with no OpenSSL call per nonce.
 *
 *   PoW hash = SHA3-256(beacon output (32) || header bytes 0..155 (156) || nonce (8, BE))
 *
 * The input is 196 bytes; SHA3-256's rate is 136 bytes, so the sponge
 * absorbs two blocks:
 *
 *   block 1 = input bytes   0..135  (fixed for a block template)
 *   block 2 = input bytes 136..187  (52 fixed bytes: the end of the header prefix)
 *             input bytes 188..195  (the nonce, big-endian: block-2 bytes 52..59)
 *             SHA3 padding: 0x06 at block-2 byte 60, 0x80 at byte 135
 *
 * qtcl_powfast_prepare absorbs block 1 once (one permutation) and keeps the
 * resulting state; each nonce then costs exactly ONE permutation. The nonce
 * sits in lanes 6 and 7 of block 2 only (bytes 48..55 and 56..63, little-endian
 * lanes), so a nonce changes nothing but those two lanes of the absorbed state.
 *
 * qtcl_powfast_hash4 and qtcl_powfast_search hash four consecutive nonces per
 * permutation with AVX2 when the CPU has it (one 64-bit lane of a 256-bit
 * vector per nonce), else with the portable scalar permutation. Both give the
 * same bytes as qtcl_pow_hash (pow.h); test/unit/test_chain_powfast.c checks it.
 *
 * Pure core: no PostgreSQL headers, no allocation. The context is plain data
 * (no pointers): it can be copied, kept in shared memory or on the stack, and
 * needs no release. The only process-wide state is the cached choice of
 * implementation (see qtcl_powfast_set_impl), as in the ML-DSA back end.
 */
#ifndef QTCL_CHAIN_POWFAST_H
#define QTCL_CHAIN_POWFAST_H

#include <stdint.h>

#include "chain/pow.h"
#include "chain/u256.h"

#define QTCL_POWFAST_RATE		136		/* SHA3-256 rate in bytes */
#define QTCL_POWFAST_TAIL_BYTES	52		/* fixed bytes of block 2: input 136..187 */

typedef struct qtcl_powfast_ctx
{
	uint64_t	state[25];		/* Keccak state after absorbing and permuting block 1 */
	uint64_t	base[25];		/* state ^ block 2 with the nonce bytes zero (tail and padding) */
	uint8_t		tail[QTCL_POWFAST_TAIL_BYTES];	/* block-2 fixed bytes, as given */
	int			ready;			/* 1 after a successful qtcl_powfast_prepare */
} qtcl_powfast_ctx;

/*
 * Absorb beacon output || header156 up to the nonce. Returns QTCL_POW_OK, or
 * QTCL_POW_ERR_ARGUMENT for a NULL pointer (ctx, when not NULL, is then not ready).
 */
int			qtcl_powfast_prepare(qtcl_powfast_ctx *ctx,
								 const uint8_t beacon_output[QTCL_POW_BEACON_BYTES],
								 const uint8_t header156[QTCL_HEADER_PREFIX_BYTES]);

/* PoW hash of one nonce. QTCL_POW_OK or QTCL_POW_ERR_ARGUMENT (NULL, not ready). */
int			qtcl_powfast_hash(const qtcl_powfast_ctx *ctx, uint64_t nonce,
							  uint8_t out[QTCL_POW_HASH_BYTES]);

/*
 * PoW hashes of nonces first_nonce + j (j = 0..3, modulo 2^64) into out[j]:
 * one four-way AVX2 permutation when that implementation is in use, else four
 * scalar ones. QTCL_POW_OK or QTCL_POW_ERR_ARGUMENT.
 */
int			qtcl_powfast_hash4(const qtcl_powfast_ctx *ctx, uint64_t first_nonce,
							   uint8_t out[4][QTCL_POW_HASH_BYTES]);

/*
 * Mining loop, the same contract and results as qtcl_pow_search: tries
 * first_nonce, first_nonce + 1, ... (count of them, wrapping modulo 2^64) and
 * returns QTCL_POW_OK with the lowest winning nonce of that order in
 * *nonce_out (and its hash in hash_out, which may be NULL), or
 * QTCL_POW_NOT_FOUND (count 0 included), or QTCL_POW_ERR_ARGUMENT (ctx NULL
 * or not ready, target NULL, nonce_out NULL).
 */
int			qtcl_powfast_search(const qtcl_powfast_ctx *ctx, const qtcl_u256 *target,
								uint64_t first_nonce, uint64_t count, uint64_t *nonce_out,
								uint8_t hash_out[QTCL_POW_HASH_BYTES]);

/*
 * Implementation choice for hash4 and search: 1 = AVX2 four-way, 0 = scalar.
 * Decided from the CPU on first use; qtcl_powfast_set_impl(0) forces scalar,
 * qtcl_powfast_set_impl(1) asks for AVX2 (granted only when the CPU has it).
 * Returns the implementation now in use. Both give the same bytes.
 */
int			qtcl_powfast_set_impl(int use_avx2);
int			qtcl_powfast_get_impl(void);
const char *qtcl_powfast_impl_name(void);

/* ---- building blocks, exposed for the tests and the AVX2 file ---- */

/* Keccak-f[1600], 24 rounds, scalar (FIPS 202 section 3.3); lane i = x + 5y. */
void		qtcl_powfast_keccakf(uint64_t st[25]);

/*
 * The first four output lanes (the 32 hash bytes, little-endian per lane) of
 * one nonce, scalar: hash byte 8k + b = (lanes[k] >> 8b) & 0xff.
 */
void		qtcl_powfast_lanes(const qtcl_powfast_ctx *ctx, uint64_t nonce, uint64_t lanes[4]);

/* 1 when the CPU can run the AVX2 code of powfast_avx2.c (0 on other builds). */
int			qtcl_powfast_avx2_available(void);

/*
 * lanes[j] = qtcl_powfast_lanes of nonce first_nonce + j, j = 0..3, with one
 * four-way AVX2 permutation. Call only when qtcl_powfast_avx2_available();
 * on builds without AVX2 code it falls back to four scalar calls.
 */
void		qtcl_powfast_lanes4_avx2(const qtcl_powfast_ctx *ctx, uint64_t first_nonce,
									 uint64_t lanes[4][4]);

#endif
