/*
 * rounding.c: FIPS 204 Algorithms 35-40.
 *
 * Decompose is computed without branches or hardware division: the divisor
 * 2*gamma2 is a compile-time constant in each of the two specialised forms,
 * so the compiler emits a multiply and shifts (w depends on the secret y).
 */
#include "crypto/mldsa/poly_avx2.h"
#include "crypto/mldsa/reduce.h"
#include "crypto/mldsa/rounding.h"

#define GAMMA2_88 ((MLDSA_Q - 1) / 88)	/* ML-DSA-44 */
#define GAMMA2_32 ((MLDSA_Q - 1) / 32)	/* ML-DSA-65, -87 */

void
mldsa_poly_power2round(mldsa_poly *t1, mldsa_poly *t0, const mldsa_poly *a)
{
	int			i;

	if (mldsa_poly_use_avx2())
	{
		mldsa_poly_power2round_avx2(t1->c, t0->c, a->c);
		return;
	}
	for (i = 0; i < MLDSA_N; i++)
	{
		int32_t		r1 = (a->c[i] + (1 << (MLDSA_D - 1)) - 1) >> MLDSA_D;

		t1->c[i] = r1;
		t0->c[i] = a->c[i] - (r1 << MLDSA_D);
	}
}

/*
 * a1 = floor((a + gamma2 - 1) / (2 gamma2)) gives the a0 in (-gamma2, gamma2]
 * of "a mod+- 2 gamma2". The top value (q-1)/(2 gamma2) only arises when
 * a - a0 = q - 1; FIPS 204 then sets a1 = 0 and a0 = a0 - 1 = a - q, which is
 * what the wrap to 0 and the "a0 > (q-1)/2 -> a0 - q" correction produce.
 */
static inline int32_t
decompose_88(int32_t a, int32_t *a0)
{
	int32_t		a1 = (int32_t) ((uint32_t) (a + GAMMA2_88 - 1) / (2 * GAMMA2_88));
	int32_t		r0;

	a1 ^= ((43 - a1) >> 31) & a1;	/* 44 -> 0 */
	r0 = a - a1 * 2 * GAMMA2_88;
	r0 -= (((MLDSA_Q - 1) / 2 - r0) >> 31) & MLDSA_Q;
	*a0 = r0;
	return a1;
}

static inline int32_t
decompose_32(int32_t a, int32_t *a0)
{
	int32_t		a1 = (int32_t) ((uint32_t) (a + GAMMA2_32 - 1) / (2 * GAMMA2_32));
	int32_t		r0;

	a1 &= 15;					/* 16 -> 0 */
	r0 = a - a1 * 2 * GAMMA2_32;
	r0 -= (((MLDSA_Q - 1) / 2 - r0) >> 31) & MLDSA_Q;
	*a0 = r0;
	return a1;
}

void
mldsa_poly_decompose(mldsa_poly *a1, mldsa_poly *a0, const mldsa_poly *a, int32_t gamma2)
{
	int			i;

	if (mldsa_poly_use_avx2())
	{
		mldsa_poly_decompose_avx2(a1->c, a0->c, a->c, gamma2);
		return;
	}
	if (gamma2 == GAMMA2_88)
		for (i = 0; i < MLDSA_N; i++)
			a1->c[i] = decompose_88(a->c[i], &a0->c[i]);
	else
		for (i = 0; i < MLDSA_N; i++)
			a1->c[i] = decompose_32(a->c[i], &a0->c[i]);
}

int
mldsa_poly_make_hint(mldsa_poly *h, const mldsa_poly *a, const mldsa_poly *b, int32_t gamma2)
{
	int			i,
				n = 0;
	int32_t		x0,
				y0;

	if (mldsa_poly_use_avx2())
		return mldsa_poly_make_hint_avx2(h->c, a->c, b->c, gamma2);
	if (gamma2 == GAMMA2_88)
		for (i = 0; i < MLDSA_N; i++)
		{
			h->c[i] = decompose_88(a->c[i], &x0) != decompose_88(b->c[i], &y0);
			n += h->c[i];
		}
	else
		for (i = 0; i < MLDSA_N; i++)
		{
			h->c[i] = decompose_32(a->c[i], &x0) != decompose_32(b->c[i], &y0);
			n += h->c[i];
		}
	return n;
}

void
mldsa_poly_use_hint(mldsa_poly *w1, const mldsa_poly *a, const mldsa_poly *h, int32_t gamma2)
{
	int			i;

	if (mldsa_poly_use_avx2())
	{
		mldsa_poly_use_hint_avx2(w1->c, a->c, h->c, gamma2);
		return;
	}

	/*
	 * With a hint, a1 moves one step up (a0 > 0) or down, modulo m = 44 or
	 * 16; the step is computed without branches, one loop per gamma2.
	 */
	if (gamma2 == GAMMA2_88)
		for (i = 0; i < MLDSA_N; i++)
		{
			int32_t		a0;
			int32_t		a1 = decompose_88(a->c[i], &a0);
			int32_t		step = (int32_t) (a0 > 0) * 2 - 1;

			a1 += -(int32_t) (h->c[i] != 0) & step;
			a1 += (a1 >> 31) & 44;	/* -1 -> 43 */
			a1 = a1 == 44 ? 0 : a1;	/* 44 -> 0 */
			w1->c[i] = a1;
		}
	else
		for (i = 0; i < MLDSA_N; i++)
		{
			int32_t		a0;
			int32_t		a1 = decompose_32(a->c[i], &a0);
			int32_t		step = (int32_t) (a0 > 0) * 2 - 1;

			w1->c[i] = (a1 + (-(int32_t) (h->c[i] != 0) & step)) & 15;
		}
}
