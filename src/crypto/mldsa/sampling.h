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

#endif
