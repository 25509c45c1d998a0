/*
 * rounding.h: Power2Round, Decompose/HighBits/LowBits, MakeHint and UseHint
 * (FIPS 204 section 7.4), one polynomial at a time.
 */
#ifndef QTCL_MLDSA_ROUNDING_H
#define QTCL_MLDSA_ROUNDING_H

#include "crypto/mldsa/poly.h"

/* Algorithm 35 on a in [0, q): a = t1 * 2^13 + t0 with t0 in (-2^12, 2^12]. */
void		mldsa_poly_power2round(mldsa_poly *t1, mldsa_poly *t0, const mldsa_poly *a);

/*
 * Algorithm 36 on a in [0, q): a = a1 * 2*gamma2 + a0 (mod q), a0 centered,
 * with the q - 1 corner case folded into a1 = 0. Constant time.
 */
void		mldsa_poly_decompose(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a, int32_t gamma2);

/*
 * Algorithm 39 for the signer: h_i = [HighBits(b_i) != HighBits(a_i)] with a,
 * b in [0, q). Returns the number of ones.
 */
int			mldsa_poly_make_hint(mldsa_poly *h, const mldsa_poly *a, const mldsa_poly *b, int32_t gamma2);

/* Algorithm 40: w1 = UseHint(h, a) for a in [0, q) (public data, verifier side). */
void		mldsa_poly_use_hint(mldsa_poly *w1, const mldsa_poly *a, const mldsa_poly *h, int32_t gamma2);

#endif
