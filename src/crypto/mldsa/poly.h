/*
 * poly.h: polynomials of R_q = Z_q[X]/(X^256 + 1) and the NTT-domain
 * arithmetic (FIPS 204 sections 7.5 and 7.6), with a portable and an AVX2
 * back end for the NTT, its inverse and the pointwise products.
 */
#ifndef QTCL_MLDSA_POLY_H
#define QTCL_MLDSA_POLY_H

#include <stdint.h>

#include "crypto/mldsa/params.h"

typedef struct
{
	int32_t		c[MLDSA_N];
} __attribute__((aligned(32))) mldsa_poly;

/*
 * Algorithm 41: in place, normal order in and out, coefficients multiplied by
 * the zetas in Montgomery form so the result is the plain NTT. Input |a| < q
 * gives output |a| < 9q.
 */
void		mldsa_poly_ntt(mldsa_poly *a);

/*
 * Algorithm 42 followed by a multiplication by 2^32: inverts the NTT of a
 * pointwise Montgomery product back to the plain product. Input |a| < q,
 * output |a| < q.
 */
void		mldsa_poly_invntt_tomont(mldsa_poly *a);

/* r = a * b * 2^-32 coefficientwise (Algorithm 45 on NTT-domain inputs); |r| < q. */
void		mldsa_poly_pointwise(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);

/*
 * r = sum_j a[j] * b[j] * 2^-32 over n <= 8 pairs (a row of A times a vector)
 * for |a| < q, |b| < 9q: the 64-bit products are summed and reduced once
 * (8 * 9q^2 < 2^31 q, the Montgomery input bound), so |r| < q.
 */
void		mldsa_poly_pointwise_acc(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b, int n);

/* Simple coefficientwise helpers (no reduction unless named). */
void		mldsa_poly_add(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void		mldsa_poly_sub(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b);
void		mldsa_poly_reduce(mldsa_poly *a);	/* reduce32 each coefficient */
void		mldsa_poly_caddq(mldsa_poly *a);	/* [-q, q) -> [0, q) */
void		mldsa_poly_freeze(mldsa_poly *a);	/* reduce32 then caddq: [0, q) */
void		mldsa_poly_shiftl(mldsa_poly *a);	/* times 2^d */

/*
 * 1 if some |a_i| >= bound (after centering a reduce32 output), else 0. Used
 * for the rejection checks: it stops at the first offending coefficient,
 * which reveals only that this candidate is rejected, and otherwise computes
 * |a_i| without a secret-dependent branch.
 */
int			mldsa_poly_chknorm(const mldsa_poly *a, int32_t bound);

/* Back-end selection (see mldsa_set_impl in mldsa.h). */
int			mldsa_poly_use_avx2(void);

#endif
