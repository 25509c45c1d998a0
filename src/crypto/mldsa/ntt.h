/*
 * ntt.h: the NTT back ends behind poly.h. The portable one is the reference
 * for the AVX2 one: both compute the same values coefficient by coefficient.
 */
#ifndef QTCL_MLDSA_NTT_H
#define QTCL_MLDSA_NTT_H

#include <stdint.h>

#include "crypto/mldsa/params.h"

/*
 * zeta^brv8(i) * 2^32 mod q, centered, for i = 0..255 (zeta = 1753, the
 * 512th root of unity of FIPS 204 section 7.5, bit-reversed order as in
 * Algorithms 41/42, pre-multiplied by the Montgomery factor).
 */
extern const int32_t mldsa_zetas[MLDSA_N];

void		mldsa_ntt_c(int32_t a[MLDSA_N]);
void		mldsa_invntt_tomont_c(int32_t a[MLDSA_N]);
void		mldsa_pointwise_c(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);

/* AVX2 versions (ntt_avx2.c); only call them when the CPU has AVX2. */
int			mldsa_avx2_available(void);
void		mldsa_ntt_avx2(int32_t a[MLDSA_N]);
void		mldsa_invntt_tomont_avx2(int32_t a[MLDSA_N]);
void		mldsa_pointwise_avx2(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N]);
void		mldsa_pointwise_acc_avx2(int32_t r[MLDSA_N], const int32_t *a, const int32_t *b, int n);

#endif
