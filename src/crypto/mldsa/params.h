/*
 * params.h: ML-DSA constants shared by the implementation files (FIPS 204
 * section 4) and the upper bounds used to size stack buffers.
 */
#ifndef QTCL_MLDSA_PARAMS_H
#define QTCL_MLDSA_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/mldsa.h"

#define MLDSA_N 256
#define MLDSA_Q 8380417
#define MLDSA_D 13

/* Largest k and l over the three parameter sets (ML-DSA-87). */
#define MLDSA_K_MAX 8
#define MLDSA_L_MAX 7
#define MLDSA_OMEGA_MAX 80

#define MLDSA_TR_BYTES 64
#define MLDSA_MU_BYTES 64
#define MLDSA_CRH_BYTES 64		/* rho' and rho'' */
#define MLDSA_CTILDE_MAX 64		/* lambda/4 for lambda = 256 */

/* Bytes of each encoded polynomial. */
#define MLDSA_T1_POLY_BYTES 320		/* 10 bits */
#define MLDSA_T0_POLY_BYTES 416		/* 13 bits */

/* Per-level sizes derived from the parameters (section 7.2). */
static inline size_t
mldsa_eta_bits(const mldsa_params *p)
{
	return p->eta == 2 ? 3 : 4;
}

static inline size_t
mldsa_z_bits(const mldsa_params *p)
{
	return p->gamma1 == (1 << 17) ? 18 : 20;
}

static inline size_t
mldsa_w1_bits(const mldsa_params *p)
{
	/* bitlen((q-1)/(2*gamma2) - 1): 43 -> 6 bits, 15 -> 4 bits */
	return p->gamma2 == (MLDSA_Q - 1) / 88 ? 6 : 4;
}

static inline size_t
mldsa_ctilde_bytes(const mldsa_params *p)
{
	return (size_t) p->lambda / 4;
}

#endif
