/*
 * poly_avx2.h: AVX2 forms of the coefficientwise steps of poly.c and
 * rounding.c (see poly_avx2.c). Same arguments and results as the portable
 * functions, on the 256 coefficients (32-byte aligned, as in mldsa_poly);
 * only call them when mldsa_avx2_available() says so.
 */
#ifndef QTCL_MLDSA_POLY_AVX2_H
#define QTCL_MLDSA_POLY_AVX2_H

#include <stdint.h>

#include "crypto/mldsa/params.h"

void		mldsa_poly_reduce_avx2(int32_t *a);
void		mldsa_poly_caddq_avx2(int32_t *a);
void		mldsa_poly_freeze_avx2(int32_t *a);
void		mldsa_poly_power2round_avx2(int32_t *t1, int32_t *t0, const int32_t *a);
void		mldsa_poly_decompose_avx2(int32_t *a1, int32_t *a0, const int32_t *a, int32_t gamma2);
int			mldsa_poly_make_hint_avx2(int32_t *h, const int32_t *a, const int32_t *b, int32_t gamma2);
void		mldsa_poly_use_hint_avx2(int32_t *w1, const int32_t *a, const int32_t *h, int32_t gamma2);
int			mldsa_poly_chknorm_avx2(const int32_t *a, int32_t bound);

#endif
