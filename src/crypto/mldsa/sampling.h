/*
 * sampling.h: the pseudorandom samplers of FIPS 204 section 7.3, all driven
 * by SHAKE through sha3.h. Each returns 0, or -1 when hashing failed.
 */
#ifndef QTCL_MLDSA_SAMPLING_H
#define QTCL_MLDSA_SAMPLING_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/mldsa/poly.h"

/* SHAKE256(a || b) -> out; one absorbed state, finalised once. */
int			mldsa_h2(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
					 uint8_t *out, size_t outlen);

/*
 * Algorithm 30 for entry A[row][col] of ExpandA (Algorithm 32): RejNTTPoly on
 * rho || col || row. The result is already in the NTT domain, coefficients in
 * [0, q).
 */
int			mldsa_expand_a_entry(mldsa_poly *a, const uint8_t rho[32], int row, int col);

/*
 * Algorithm 31 for polynomial r of ExpandS (Algorithm 33): RejBoundedPoly on
 * rho' || IntegerToBytes(r, 2); s1 uses r = 0..l-1, s2 uses r = l..l+k-1.
 * Coefficients in [-eta, eta].
 */
int			mldsa_expand_s_poly(mldsa_poly *s, const uint8_t rhoprime[64], int r, int eta);

/*
 * Polynomial r of ExpandMask (Algorithm 34): BitUnpack of
 * SHAKE256(rho'' || IntegerToBytes(kappa + r, 2)), coefficients in
 * (-gamma1, gamma1].
 */
int			mldsa_expand_mask_poly(mldsa_poly *y, const uint8_t rhopp[64], unsigned kappa_r, int32_t gamma1);

/* Algorithm 29: c with tau coefficients +-1, the rest 0, from all of c~. */
int			mldsa_sample_in_ball(mldsa_poly *c, const uint8_t *ctilde, size_t ctlen, int tau);

/*
 * Batches: the n <= 4 polynomials *a[j] (distinct) from the seed and the
 * 16-bit nonces nonce[j] (IntegerToBytes(nonce, 2) is appended to the seed;
 * for ExpandA the nonce is 256 * row + col, i.e. the bytes col, row). Same
 * results as the single-polynomial functions above; under the AVX2 back end
 * they are sampled together with the four-way Keccak.
 */
int			mldsa_expand_a_x4(mldsa_poly *const a[4], const uint8_t rho[32], const uint16_t nonce[4], int n);
int			mldsa_expand_s_x4(mldsa_poly *const s[4], const uint8_t rhoprime[64], const uint16_t nonce[4],
							  int n, int eta);
int			mldsa_expand_mask_x4(mldsa_poly *const y[4], const uint8_t rhopp[64], const uint16_t nonce[4],
								 int n, int32_t gamma1);

/* ExpandA (Algorithm 32) whole: the k x l matrix A-hat into a, in batches of four. 0 ok, -1 hashing failed. */
int			mldsa_expand_matrix(int k, int l, const uint8_t rho[32], mldsa_poly a[][MLDSA_L_MAX]);

/* The same on the four-way Keccak; only with AVX2 (sampling_avx2.c). */
int			mldsa_expand_a_x4_avx2(mldsa_poly *const a[4], const uint8_t rho[32], const uint16_t nonce[4], int n);
int			mldsa_expand_s_x4_avx2(mldsa_poly *const s[4], const uint8_t rhoprime[64],
								   const uint16_t nonce[4], int n, int eta);
int			mldsa_expand_mask_x4_avx2(mldsa_poly *const y[4], const uint8_t rhopp[64],
									  const uint16_t nonce[4], int n, int32_t gamma1);

/*
 * Rejection parsers shared by both back ends: fill c[i..] from n bytes and
 * return the new count (at most 256). Uniform: 3-byte candidates below q
 * (Algorithm 14); eta: half-bytes (Algorithm 15).
 */
unsigned	mldsa_rej_uniform(int32_t *c, unsigned i, const uint8_t *buf, size_t n);
unsigned	mldsa_rej_eta(int32_t *c, unsigned i, const uint8_t *buf, size_t n, int eta);

/* The same, eight or sixteen candidates per AVX2 step (sampling_avx2.c); AVX2 CPUs only. */
unsigned	mldsa_rej_uniform_avx2(int32_t *c, unsigned i, const uint8_t *buf, size_t n);
unsigned	mldsa_rej_eta_avx2(int32_t *c, unsigned i, const uint8_t *buf, size_t n, int eta);

#endif
