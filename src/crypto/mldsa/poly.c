/*
 * poly.c: coefficientwise polynomial helpers and the choice between the
 * portable and the AVX2 NTT back end.
 */
#include "crypto/mldsa/poly.h"
#include "crypto/mldsa/ntt.h"
#include "crypto/mldsa/poly_avx2.h"
#include "crypto/mldsa/reduce.h"

/*
 * Back-end choice: -1 = not decided yet (decided on first use from the CPU),
 * 0 = portable, 1 = AVX2. Only a cache of the CPU check plus a test switch:
 * both back ends give the same bytes.
 */
static int	mldsa_impl = -1;

int
mldsa_set_impl(int use_avx2)
{
	mldsa_impl = (use_avx2 && mldsa_avx2_available()) ? 1 : 0;
	return mldsa_impl;
}

int
mldsa_poly_use_avx2(void)
{
	if (mldsa_impl < 0)
		mldsa_impl = mldsa_avx2_available() ? 1 : 0;
	return mldsa_impl;
}

void
mldsa_poly_ntt(mldsa_poly *a)
{
	if (mldsa_poly_use_avx2())
		mldsa_ntt_avx2(a->c);
	else
		mldsa_ntt_c(a->c);
}

void
mldsa_poly_invntt_tomont(mldsa_poly *a)
{
	if (mldsa_poly_use_avx2())
		mldsa_invntt_tomont_avx2(a->c);
	else
		mldsa_invntt_tomont_c(a->c);
}

void
mldsa_poly_pointwise(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	if (mldsa_poly_use_avx2())
		mldsa_pointwise_avx2(r->c, a->c, b->c);
	else
		mldsa_pointwise_c(r->c, a->c, b->c);
}

/*
 * The 64-bit products are summed and reduced once per coefficient (|a| < q,
 * |b| < 9q, n <= 8 keeps the sum below 8 * 9q^2 < 2^31 q, the Montgomery
 * input bound), so |r| < q; the AVX2 form computes the same integers.
 */
void
mldsa_poly_pointwise_acc(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b, int n)
{
	int64_t		qv = MLDSA_Q;
	int			i,
				j;

	if (mldsa_poly_use_avx2())
	{
		mldsa_pointwise_acc_avx2(r->c, a[0].c, b[0].c, n);
		return;
	}
	MLDSA_OPAQUE(qv);
	for (i = 0; i < MLDSA_N; i++)
	{
		int64_t		s = (int64_t) a[0].c[i] * b[0].c[i];

		for (j = 1; j < n; j++)
			s += (int64_t) a[j].c[i] * b[j].c[i];
		r->c[i] = mldsa_mont_reduce_q(s, qv);
	}
}

void
mldsa_poly_freeze(mldsa_poly *a)
{
	int			i;

	if (mldsa_poly_use_avx2())
	{
		mldsa_poly_freeze_avx2(a->c);
		return;
	}
	for (i = 0; i < MLDSA_N; i++)
		a->c[i] = mldsa_freeze(a->c[i]);
}

void
mldsa_poly_add(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	int			i;

	for (i = 0; i < MLDSA_N; i++)
		r->c[i] = a->c[i] + b->c[i];
}

void
mldsa_poly_sub(mldsa_poly *r, const mldsa_poly *a, const mldsa_poly *b)
{
	int			i;

	for (i = 0; i < MLDSA_N; i++)
		r->c[i] = a->c[i] - b->c[i];
}

void
mldsa_poly_reduce(mldsa_poly *a)
{
	int			i;

	if (mldsa_poly_use_avx2())
	{
		mldsa_poly_reduce_avx2(a->c);
		return;
	}
	for (i = 0; i < MLDSA_N; i++)
		a->c[i] = mldsa_reduce32(a->c[i]);
}

void
mldsa_poly_caddq(mldsa_poly *a)
{
	int			i;

	if (mldsa_poly_use_avx2())
	{
		mldsa_poly_caddq_avx2(a->c);
		return;
	}
	for (i = 0; i < MLDSA_N; i++)
		a->c[i] = mldsa_caddq(a->c[i]);
}

void
mldsa_poly_shiftl(mldsa_poly *a)
{
	int			i;

	for (i = 0; i < MLDSA_N; i++)
		a->c[i] = (int32_t) ((uint32_t) a->c[i] << MLDSA_D);
}

int
mldsa_poly_chknorm(const mldsa_poly *a, int32_t bound)
{
	int			i;

	if (mldsa_poly_use_avx2())
		return mldsa_poly_chknorm_avx2(a->c, bound);
	/* Bounds above (q-1)/8 are never asked for; values are reduce32 outputs. */
	for (i = 0; i < MLDSA_N; i++)
	{
		int32_t		v = a->c[i];
		int32_t		s = v >> 31;
		int32_t		absv = (v ^ s) - s;

		if (absv >= bound)
			return 1;
	}
	return 0;
}
