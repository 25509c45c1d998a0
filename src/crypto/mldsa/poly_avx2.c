/*
 * poly_avx2.c: AVX2 versions of the coefficientwise steps that the signer and
 * verifier run on every polynomial: reduce32 / caddq / freeze, Power2Round,
 * Decompose, MakeHint, UseHint and the infinity-norm check (FIPS 204
 * Algorithms 35-40), eight coefficients per vector.
 *
 * Each computes exactly the integers of the portable code in poly.c and
 * rounding.c (the unit tests compare the two on random and edge inputs). The
 * division by 2*gamma2 in Decompose is a multiplication by
 * m = ceil(2^44 / (2 gamma2)) and a shift by 44, exact for every dividend
 * below 2^24 (checked exhaustively over [0, q + gamma2) when the constants
 * were derived). No branch or memory index depends on the coefficients.
 * Functions carry a target attribute (as in ntt_avx2.c).
 */
#include "crypto/mldsa/poly_avx2.h"
#include "crypto/mldsa/reduce.h"

#define GAMMA2_88 ((MLDSA_Q - 1) / 88)	/* ML-DSA-44 */
#define GAMMA2_32 ((MLDSA_Q - 1) / 32)	/* ML-DSA-65, -87 */
#define DIV_M_32 33587233u		/* ceil(2^44 / 523776) */
#define DIV_M_88 92364889u		/* ceil(2^44 / 190464) */

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(QTCL_MLDSA_NO_AVX2)

#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

#define LOAD(p) _mm256_load_si256((const __m256i *) (p))
#define STORE(p, v) _mm256_store_si256((__m256i *) (p), (v))

static inline AVX2 __m256i
reduce32_v(__m256i a)
{
	__m256i		t = _mm256_srai_epi32(_mm256_add_epi32(a, _mm256_set1_epi32(1 << 22)), 23);

	return _mm256_sub_epi32(a, _mm256_mullo_epi32(t, _mm256_set1_epi32(MLDSA_Q)));
}

static inline AVX2 __m256i
caddq_v(__m256i a)
{
	return _mm256_add_epi32(a, _mm256_and_si256(_mm256_srai_epi32(a, 31), _mm256_set1_epi32(MLDSA_Q)));
}

AVX2 void
mldsa_poly_reduce_avx2(int32_t *a)
{
	int			i;

	for (i = 0; i < MLDSA_N; i += 8)
		STORE(a + i, reduce32_v(LOAD(a + i)));
}

AVX2 void
mldsa_poly_caddq_avx2(int32_t *a)
{
	int			i;

	for (i = 0; i < MLDSA_N; i += 8)
		STORE(a + i, caddq_v(LOAD(a + i)));
}

AVX2 void
mldsa_poly_freeze_avx2(int32_t *a)
{
	int			i;

	for (i = 0; i < MLDSA_N; i += 8)
		STORE(a + i, caddq_v(reduce32_v(LOAD(a + i))));
}

AVX2 void
mldsa_poly_power2round_avx2(int32_t *t1, int32_t *t0, const int32_t *a)
{
	const __m256i h = _mm256_set1_epi32((1 << (MLDSA_D - 1)) - 1);
	int			i;

	for (i = 0; i < MLDSA_N; i += 8)
	{
		__m256i		x = LOAD(a + i);
		__m256i		r1 = _mm256_srai_epi32(_mm256_add_epi32(x, h), MLDSA_D);

		STORE(t1 + i, r1);
		STORE(t0 + i, _mm256_sub_epi32(x, _mm256_slli_epi32(r1, MLDSA_D)));
	}
}

/* floor(x / (2 gamma2)) for 0 <= x < 2^24, m the constant above. */
static inline AVX2 __m256i
div_2gamma2(__m256i x, uint32_t m)
{
	const __m256i mm = _mm256_set1_epi32((int) m);
	__m256i		pe = _mm256_srli_epi64(_mm256_mul_epu32(x, mm), 44);
	__m256i		po = _mm256_srli_epi64(_mm256_mul_epu32(_mm256_srli_epi64(x, 32), mm), 44);

	return _mm256_blend_epi32(pe, _mm256_slli_epi64(po, 32), 0xAA);
}

/* decompose_88 / decompose_32 of rounding.c on eight lanes; a in [0, q). */
static inline AVX2 __m256i
decompose_v(__m256i a, __m256i *a0, int32_t gamma2)
{
	__m256i		a1,
				r0;

	if (gamma2 == GAMMA2_88)
	{
		a1 = div_2gamma2(_mm256_add_epi32(a, _mm256_set1_epi32(GAMMA2_88 - 1)), DIV_M_88);
		a1 = _mm256_andnot_si256(_mm256_cmpeq_epi32(a1, _mm256_set1_epi32(44)), a1);	/* 44 -> 0 */
	}
	else
	{
		a1 = div_2gamma2(_mm256_add_epi32(a, _mm256_set1_epi32(GAMMA2_32 - 1)), DIV_M_32);
		a1 = _mm256_and_si256(a1, _mm256_set1_epi32(15));	/* 16 -> 0 */
	}
	r0 = _mm256_sub_epi32(a, _mm256_mullo_epi32(a1, _mm256_set1_epi32(2 * gamma2)));
	r0 = _mm256_sub_epi32(r0, _mm256_and_si256(_mm256_srai_epi32(_mm256_sub_epi32(_mm256_set1_epi32((MLDSA_Q - 1) / 2), r0), 31),
											   _mm256_set1_epi32(MLDSA_Q)));
	*a0 = r0;
	return a1;
}

AVX2 void
mldsa_poly_decompose_avx2(int32_t *a1, int32_t *a0, const int32_t *a, int32_t gamma2)
{
	int			i;

	for (i = 0; i < MLDSA_N; i += 8)
	{
		__m256i		r0;
		__m256i		r1 = decompose_v(LOAD(a + i), &r0, gamma2);

		STORE(a1 + i, r1);
		STORE(a0 + i, r0);
	}
}

AVX2 int
mldsa_poly_make_hint_avx2(int32_t *h, const int32_t *a, const int32_t *b, int32_t gamma2)
{
	const __m256i one = _mm256_set1_epi32(1);
	__m256i		cnt = _mm256_setzero_si256();
	__m128i		s;
	int			i;

	for (i = 0; i < MLDSA_N; i += 8)
	{
		__m256i		x0,
					y0;
		__m256i		x = decompose_v(LOAD(a + i), &x0, gamma2);
		__m256i		y = decompose_v(LOAD(b + i), &y0, gamma2);
		__m256i		d = _mm256_andnot_si256(_mm256_cmpeq_epi32(x, y), one);

		STORE(h + i, d);
		cnt = _mm256_add_epi32(cnt, d);
	}
	s = _mm_add_epi32(_mm256_castsi256_si128(cnt), _mm256_extracti128_si256(cnt, 1));
	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
	return _mm_cvtsi128_si32(s);
}

AVX2 void
mldsa_poly_use_hint_avx2(int32_t *w1, const int32_t *a, const int32_t *h, int32_t gamma2)
{
	const __m256i one = _mm256_set1_epi32(1);
	const __m256i zero = _mm256_setzero_si256();
	int			i;

	for (i = 0; i < MLDSA_N; i += 8)
	{
		__m256i		a0;
		__m256i		a1 = decompose_v(LOAD(a + i), &a0, gamma2);
		__m256i		up = _mm256_add_epi32(a1, one),
					down = _mm256_sub_epi32(a1, one),
					sel,
					hint;

		if (gamma2 == GAMMA2_88)
		{
			/* m = 44: 43 + 1 -> 0, 0 - 1 -> 43 */
			up = _mm256_andnot_si256(_mm256_cmpeq_epi32(up, _mm256_set1_epi32(44)), up);
			down = _mm256_blendv_epi8(down, _mm256_set1_epi32(43), _mm256_cmpeq_epi32(a1, zero));
		}
		else
		{
			/* m = 16: wrap modulo 16 */
			up = _mm256_and_si256(up, _mm256_set1_epi32(15));
			down = _mm256_and_si256(down, _mm256_set1_epi32(15));
		}
		sel = _mm256_blendv_epi8(down, up, _mm256_cmpgt_epi32(a0, zero));
		hint = _mm256_cmpeq_epi32(LOAD(h + i), zero);	/* all ones where no hint */
		STORE(w1 + i, _mm256_blendv_epi8(sel, a1, hint));
	}
}

AVX2 int
mldsa_poly_chknorm_avx2(const int32_t *a, int32_t bound)
{
	const __m256i b = _mm256_set1_epi32(bound - 1);
	__m256i		bad = _mm256_setzero_si256();
	int			i;

	for (i = 0; i < MLDSA_N; i += 8)
		bad = _mm256_or_si256(bad, _mm256_cmpgt_epi32(_mm256_abs_epi32(LOAD(a + i)), b));
	return !_mm256_testz_si256(bad, bad);
}

#else							/* no AVX2 build: never called (mldsa_avx2_available() is 0) */

void
mldsa_poly_reduce_avx2(int32_t *a)
{
	(void) a;
}

void
mldsa_poly_caddq_avx2(int32_t *a)
{
	(void) a;
}

void
mldsa_poly_freeze_avx2(int32_t *a)
{
	(void) a;
}

void
mldsa_poly_power2round_avx2(int32_t *t1, int32_t *t0, const int32_t *a)
{
	(void) t1;
	(void) t0;
	(void) a;
}

void
mldsa_poly_decompose_avx2(int32_t *a1, int32_t *a0, const int32_t *a, int32_t gamma2)
{
	(void) a1;
	(void) a0;
	(void) a;
	(void) gamma2;
}

int
mldsa_poly_make_hint_avx2(int32_t *h, const int32_t *a, const int32_t *b, int32_t gamma2)
{
	(void) h;
	(void) a;
	(void) b;
	(void) gamma2;
	return 0;
}

void
mldsa_poly_use_hint_avx2(int32_t *w1, const int32_t *a, const int32_t *h, int32_t gamma2)
{
	(void) w1;
	(void) a;
	(void) h;
	(void) gamma2;
}

int
mldsa_poly_chknorm_avx2(const int32_t *a, int32_t bound)
{
	(void) a;
	(void) bound;
	return 1;
}

#endif
