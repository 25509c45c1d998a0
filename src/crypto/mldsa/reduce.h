/*
 * reduce.h: modular reduction for q = 8380417 on int32 coefficients.
 *
 * Montgomery form uses R = 2^32: mont_reduce(a) = a * R^-1 mod q, which turns
 * a product of a Montgomery constant and a coefficient into a plain product
 * without any division. Reductions are lazy: callers keep sums unreduced
 * while they provably fit in int32 (bounds noted where used).
 */
#ifndef QTCL_MLDSA_REDUCE_H
#define QTCL_MLDSA_REDUCE_H

#include <stdint.h>

#include "crypto/mldsa/params.h"

#define MLDSA_QINV 58728449		/* q^-1 mod 2^32 */
#define MLDSA_MONT (-4186625)	/* 2^32 mod q, centered */

/* For |a| < 2^31 * q: returns r = a * 2^-32 mod q with |r| < q. */
static inline int32_t
mldsa_mont_reduce(int64_t a)
{
	int32_t		t = (int32_t) ((uint32_t) a * (uint32_t) MLDSA_QINV);

	return (int32_t) ((a - (int64_t) t * MLDSA_Q) >> 32);
}

/*
 * The same with q passed in, for hot loops that first make q opaque with
 * MLDSA_OPAQUE: GCC otherwise expands t * q (q = 2^23 - 2^13 + 1) into a
 * chain of shifts and subtractions, which costs more than one multiply when
 * a loop does nothing but these reductions (the portable NTT gains ~10%).
 */
static inline int32_t
mldsa_mont_reduce_q(int64_t a, int64_t q)
{
	int32_t		t = (int32_t) ((uint32_t) a * (uint32_t) MLDSA_QINV);

	return (int32_t) ((a - (int64_t) t * q) >> 32);
}

#if defined(__GNUC__) || defined(__clang__)
#define MLDSA_OPAQUE(x) __asm__("" : "+r"(x))
#else
#define MLDSA_OPAQUE(x) ((void) 0)
#endif

/*
 * For a <= 2^31 - 2^22 - 1: r = a mod q with -6283008 <= r <= 6283008
 * (so |r| < q). Subtracts round(a / 2^23) * q, using 2^23 ~ q.
 */
static inline int32_t
mldsa_reduce32(int32_t a)
{
	int32_t		t = (a + (1 << 22)) >> 23;

	return a - t * MLDSA_Q;
}

/* For -q < a < q (any a >= -q works): adds q when negative, branch-free. */
static inline int32_t
mldsa_caddq(int32_t a)
{
	return a + ((a >> 31) & MLDSA_Q);
}

/* Standard representative in [0, q). */
static inline int32_t
mldsa_freeze(int32_t a)
{
	return mldsa_caddq(mldsa_reduce32(a));
}

#endif
