/*
 * ntt_avx2.c: AVX2 versions of the NTT, inverse NTT and pointwise products
 * (FIPS 204 Algorithms 41, 42, 45), eight coefficients per 256-bit vector.
 *
 * They perform exactly the portable arithmetic (same butterflies, same
 * Montgomery reduction, same lazy bounds), only eight lanes at a time, so
 * they return the same integers as ntt.c; the unit tests check this. The
 * functions carry a target attribute, so this file builds without -mavx2;
 * poly.c calls them only after __builtin_cpu_supports("avx2").
 *
 * Layers with butterfly distance >= 8 pair whole vectors. The three last
 * forward layers (distances 4, 2, 1; the first three inverse layers) work on
 * 16 coefficients held in two vectors, regrouped by shuffles so that each
 * butterfly pairs lane i of one vector with lane i of the other; their zetas
 * are pre-arranged in that lane order in the tables below.
 */
#include "crypto/mldsa/ntt.h"
#include "crypto/mldsa/reduce.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(QTCL_MLDSA_NO_AVX2)

#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

/*
 * Per 16-coefficient group g: the zetas of the distance-4, distance-2 and
 * distance-1 layers in the lane order used below (generated from mldsa_zetas:
 * group g covers blocks 2g..2g+1, 4g..4g+3 and 8g..8g+7 of those layers).
 */
static const int32_t zetas_fwd_tail[16 * 24] __attribute__((aligned(32))) = {
	2706023, 2706023, 2706023, 2706023, 95776, 95776, 95776, 95776,
	-3930395, -3930395, -3677745, -3677745, -1528703, -1528703, -3041255, -3041255,
	2091667, -3342478, 3407706, 2244091, 2316500, -2446433, 3817976, -3562462,
	3077325, 3077325, 3077325, 3077325, 3530437, 3530437, 3530437, 3530437,
	-1452451, -1452451, 2176455, 2176455, 3475950, 3475950, -1585221, -1585221,
	266997, -3520352, 2434439, -3759364, -1235728, -1197226, 3513181, -3193378,
	-1661693, -1661693, -1661693, -1661693, -3592148, -3592148, -3592148, -3592148,
	-1257611, -1257611, -4083598, -4083598, 1939314, 1939314, -1000202, -1000202,
	900702, 495491, 1859098, -1613174, 909542, -43260, 819034, -522500,
	-2537516, -2537516, -2537516, -2537516, 3915439, 3915439, 3915439, 3915439,
	-3190144, -3190144, -3632928, -3632928, -3157330, -3157330, 126922, 126922,
	-655327, -3556995, -3122442, -525098, 2031748, -768622, 3207046, -3595838,
	-3861115, -3861115, -3861115, -3861115, -3043716, -3043716, -3043716, -3043716,
	3412210, 3412210, 2147896, 2147896, -983419, -983419, 2715295, 2715295,
	342297, 3437287, 286988, -3342277, -2437823, 1735879, 4108315, 203044,
	3574422, 3574422, 3574422, 3574422, -2867647, -2867647, -2867647, -2867647,
	-2967645, -2967645, -411027, -411027, -3693493, -3693493, -2477047, -2477047,
	2842341, 4055324, 2691481, 1247620, -2590150, 2486353, 1265009, 1595974,
	3539968, 3539968, 3539968, 3539968, -300467, -300467, -300467, -300467,
	-671102, -671102, -22981, -22981, -1228525, -1228525, -1308169, -1308169,
	-3767016, -2994039, 1250494, 1869119, 2635921, 1903435, -3548272, -1050970,
	2348700, 2348700, 2348700, 2348700, -539299, -539299, -539299, -539299,
	-381987, -381987, 1852771, 1852771, 1349076, 1349076, -1430430, -1430430,
	-1333058, -451100, 1237275, 1312455, -3318210, 3306115, -1430225, -1962642,
	-1699267, -1699267, -1699267, -1699267, -1643818, -1643818, -1643818, -1643818,
	-3343383, -3343383, 508951, 508951, 264944, 264944, 3097992, 3097992,
	-1279661, 1500165, 1917081, 777191, -2546312, 2235880, -1374803, 3406031,
	3505694, 3505694, 3505694, 3505694, -3821735, -3821735, -3821735, -3821735,
	44288, 44288, 904516, 904516, -1100098, -1100098, 3958618, 3958618,
	-542412, -2584293, -2831860, -3724270, -1671176, 594136, -1846953, -3776993,
	3507263, 3507263, 3507263, 3507263, -2140649, -2140649, -2140649, -2140649,
	-3724342, -3724342, 1653064, 1653064, -8578, -8578, -3249728, -3249728,
	-2013608, 1957272, 2432395, 3369112, 2454455, 185531, -164721, -1207385,
	-1600420, -1600420, -1600420, -1600420, 3699596, 3699596, 3699596, 3699596,
	2389356, 2389356, 759969, 759969, -210977, -210977, -1316856, -1316856,
	-3183426, 810149, 162844, 1652634, 1616392, -3694233, 3014001, -1799107,
	811944, 811944, 811944, 811944, 531354, 531354, 531354, 531354,
	189548, 189548, 3159746, 3159746, -3553272, -3553272, -1851402, -1851402,
	-3038916, 2213111, 3523897, -975884, 3866901, 1717735, 269760, 472078,
	954230, 954230, 954230, 954230, 3881043, 3881043, 3881043, 3881043,
	-2409325, -2409325, 1315589, 1315589, -177440, -177440, 1341330, 1341330,
	-426683, -1667432, 1723600, -1104333, -1803090, -260646, 1910376, -3833893,
	3900724, 3900724, 3900724, 3900724, -2556880, -2556880, -2556880, -2556880,
	1285669, 1285669, -812732, -812732, -1584928, -1584928, -1439742, -1439742,
	-2939036, 183443, -2235985, -976891, -420899, 1612842, -2286327, -3545687,
	2071892, 2071892, 2071892, 2071892, -2797779, -2797779, -2797779, -2797779,
	-3019102, -3019102, -3628969, -3628969, -3881060, -3881060, 3839961, 3839961,
	-554416, 3937738, 3919660, 1400424, -48306, -846154, -1362209, 1976782,
};

/* Same for the inverse: distance 1, 2, 4, with the negated zetas of Algorithm 42. */
static const int32_t zetas_inv_head[16 * 24] __attribute__((aligned(32))) = {
	-1976782, 1362209, 846154, 48306, -1400424, -3919660, -3937738, 554416,
	-3839961, -3839961, 3881060, 3881060, 3628969, 3628969, 3019102, 3019102,
	2797779, 2797779, 2797779, 2797779, -2071892, -2071892, -2071892, -2071892,
	3545687, 2286327, -1612842, 420899, 976891, 2235985, -183443, 2939036,
	1439742, 1439742, 1584928, 1584928, 812732, 812732, -1285669, -1285669,
	2556880, 2556880, 2556880, 2556880, -3900724, -3900724, -3900724, -3900724,
	3833893, -1910376, 260646, 1803090, 1104333, -1723600, 1667432, 426683,
	-1341330, -1341330, 177440, 177440, -1315589, -1315589, 2409325, 2409325,
	-3881043, -3881043, -3881043, -3881043, -954230, -954230, -954230, -954230,
	-472078, -269760, -1717735, -3866901, 975884, -3523897, -2213111, 3038916,
	1851402, 1851402, 3553272, 3553272, -3159746, -3159746, -189548, -189548,
	-531354, -531354, -531354, -531354, -811944, -811944, -811944, -811944,
	1799107, -3014001, 3694233, -1616392, -1652634, -162844, -810149, 3183426,
	1316856, 1316856, 210977, 210977, -759969, -759969, -2389356, -2389356,
	-3699596, -3699596, -3699596, -3699596, 1600420, 1600420, 1600420, 1600420,
	1207385, 164721, -185531, -2454455, -3369112, -2432395, -1957272, 2013608,
	3249728, 3249728, 8578, 8578, -1653064, -1653064, 3724342, 3724342,
	2140649, 2140649, 2140649, 2140649, -3507263, -3507263, -3507263, -3507263,
	3776993, 1846953, -594136, 1671176, 3724270, 2831860, 2584293, 542412,
	-3958618, -3958618, 1100098, 1100098, -904516, -904516, -44288, -44288,
	3821735, 3821735, 3821735, 3821735, -3505694, -3505694, -3505694, -3505694,
	-3406031, 1374803, -2235880, 2546312, -777191, -1917081, -1500165, 1279661,
	-3097992, -3097992, -264944, -264944, -508951, -508951, 3343383, 3343383,
	1643818, 1643818, 1643818, 1643818, 1699267, 1699267, 1699267, 1699267,
	1962642, 1430225, -3306115, 3318210, -1312455, -1237275, 451100, 1333058,
	1430430, 1430430, -1349076, -1349076, -1852771, -1852771, 381987, 381987,
	539299, 539299, 539299, 539299, -2348700, -2348700, -2348700, -2348700,
	1050970, 3548272, -1903435, -2635921, -1869119, -1250494, 2994039, 3767016,
	1308169, 1308169, 1228525, 1228525, 22981, 22981, 671102, 671102,
	300467, 300467, 300467, 300467, -3539968, -3539968, -3539968, -3539968,
	-1595974, -1265009, -2486353, 2590150, -1247620, -2691481, -4055324, -2842341,
	2477047, 2477047, 3693493, 3693493, 411027, 411027, 2967645, 2967645,
	2867647, 2867647, 2867647, 2867647, -3574422, -3574422, -3574422, -3574422,
	-203044, -4108315, -1735879, 2437823, 3342277, -286988, -3437287, -342297,
	-2715295, -2715295, 983419, 983419, -2147896, -2147896, -3412210, -3412210,
	3043716, 3043716, 3043716, 3043716, 3861115, 3861115, 3861115, 3861115,
	3595838, -3207046, 768622, -2031748, 525098, 3122442, 3556995, 655327,
	-126922, -126922, 3157330, 3157330, 3632928, 3632928, 3190144, 3190144,
	-3915439, -3915439, -3915439, -3915439, 2537516, 2537516, 2537516, 2537516,
	522500, -819034, 43260, -909542, 1613174, -1859098, -495491, -900702,
	1000202, 1000202, -1939314, -1939314, 4083598, 4083598, 1257611, 1257611,
	3592148, 3592148, 3592148, 3592148, 1661693, 1661693, 1661693, 1661693,
	3193378, -3513181, 1197226, 1235728, 3759364, -2434439, 3520352, -266997,
	1585221, 1585221, -3475950, -3475950, -2176455, -2176455, 1452451, 1452451,
	-3530437, -3530437, -3530437, -3530437, -3077325, -3077325, -3077325, -3077325,
	3562462, -3817976, 2446433, -2316500, -2244091, -3407706, 3342478, -2091667,
	3041255, 3041255, 1528703, 1528703, 3677745, 3677745, 3930395, 3930395,
	-95776, -95776, -95776, -95776, -2706023, -2706023, -2706023, -2706023,
};

/* r_i = a_i * b_i * 2^-32 mod q exactly as mldsa_mont_reduce((int64_t) a_i * b_i). */
static inline AVX2 __m256i
mont_mul(__m256i a, __m256i b)
{
	const __m256i qinv = _mm256_set1_epi32(MLDSA_QINV);
	const __m256i q = _mm256_set1_epi32(MLDSA_Q);
	__m256i		a1 = _mm256_srli_epi64(a, 32),
				b1 = _mm256_srli_epi64(b, 32);
	__m256i		p0 = _mm256_mul_epi32(a, b);	/* even lanes, 64-bit products */
	__m256i		p1 = _mm256_mul_epi32(a1, b1);	/* odd lanes */
	/* t = (int32) (p * qinv); the product with q only reads t's low 32 bits, signed. */
	__m256i		m0 = _mm256_mul_epi32(_mm256_mul_epi32(p0, qinv), q);
	__m256i		m1 = _mm256_mul_epi32(_mm256_mul_epi32(p1, qinv), q);

	/* p - t q has zero low halves; its high halves are the results. */
	p0 = _mm256_sub_epi64(p0, m0);
	p1 = _mm256_sub_epi64(p1, m1);
	return _mm256_blend_epi32(_mm256_srli_epi64(p0, 32), p1, 0xAA);
}

/* Cooley-Tukey butterfly on vectors: (x, y) -> (x + z y, x - z y). */
#define CT(x, y, z) \
	do { \
		__m256i		t_ = mont_mul((z), (y)); \
		(y) = _mm256_sub_epi32((x), t_); \
		(x) = _mm256_add_epi32((x), t_); \
	} while (0)

/* Gentleman-Sande butterfly on vectors: (x, y) -> (x + y, z (x - y)). */
#define GS(x, y, z) \
	do { \
		__m256i		t_ = (x); \
		(x) = _mm256_add_epi32(t_, (y)); \
		(y) = mont_mul((z), _mm256_sub_epi32(t_, (y))); \
	} while (0)

/*
 * Regroupings of two vectors A (coefficients 0-7) and B (8-15) into lo/hi so
 * that the butterflies of one layer pair lo lane i with hi lane i; each is its
 * own inverse up to swapping the roles (see the _back forms).
 */
static inline AVX2 void
split4(__m256i *lo, __m256i *hi, __m256i a, __m256i b)
{
	*lo = _mm256_permute2x128_si256(a, b, 0x20);	/* A0-3 B0-3 */
	*hi = _mm256_permute2x128_si256(a, b, 0x31);	/* A4-7 B4-7 */
}

static inline AVX2 void
split2(__m256i *lo, __m256i *hi, __m256i a, __m256i b)
{
	*lo = _mm256_unpacklo_epi64(a, b);	/* A0 A1 B0 B1 | A4 A5 B4 B5 */
	*hi = _mm256_unpackhi_epi64(a, b);	/* A2 A3 B2 B3 | A6 A7 B6 B7 */
}

static inline AVX2 void
split1(__m256i *lo, __m256i *hi, __m256i a, __m256i b)
{
	*lo = _mm256_blend_epi32(a, _mm256_slli_epi64(b, 32), 0xAA);	/* A0 B0 A2 B2 ... */
	*hi = _mm256_blend_epi32(_mm256_srli_epi64(a, 32), b, 0xAA);	/* A1 B1 A3 B3 ... */
}

static inline AVX2 void
join1(__m256i *a, __m256i *b, __m256i lo, __m256i hi)
{
	*a = _mm256_blend_epi32(lo, _mm256_slli_epi64(hi, 32), 0xAA);
	*b = _mm256_blend_epi32(_mm256_srli_epi64(lo, 32), hi, 0xAA);
}

AVX2 void
mldsa_ntt_avx2(int32_t a[MLDSA_N])
{
	unsigned	len,
				start,
				j,
				m = 0,
				g;

	for (len = 128; len >= 8; len >>= 1)
	{
		for (start = 0; start < MLDSA_N; start += 2 * len)
		{
			__m256i		z = _mm256_set1_epi32(mldsa_zetas[++m]);

			for (j = start; j < start + len; j += 8)
			{
				__m256i		x = _mm256_load_si256((const __m256i *) &a[j]);
				__m256i		y = _mm256_load_si256((const __m256i *) &a[j + len]);

				CT(x, y, z);
				_mm256_store_si256((__m256i *) &a[j], x);
				_mm256_store_si256((__m256i *) &a[j + len], y);
			}
		}
	}
	for (g = 0; g < MLDSA_N / 16; g++)
	{
		const int32_t *zt = zetas_fwd_tail + 24 * g;
		__m256i		A = _mm256_load_si256((const __m256i *) &a[16 * g]);
		__m256i		B = _mm256_load_si256((const __m256i *) &a[16 * g + 8]);
		__m256i		lo,
					hi;

		split4(&lo, &hi, A, B);
		CT(lo, hi, _mm256_load_si256((const __m256i *) zt));
		split4(&A, &B, lo, hi);
		split2(&lo, &hi, A, B);
		CT(lo, hi, _mm256_load_si256((const __m256i *) (zt + 8)));
		split2(&A, &B, lo, hi);
		split1(&lo, &hi, A, B);
		CT(lo, hi, _mm256_load_si256((const __m256i *) (zt + 16)));
		join1(&A, &B, lo, hi);
		_mm256_store_si256((__m256i *) &a[16 * g], A);
		_mm256_store_si256((__m256i *) &a[16 * g + 8], B);
	}
}

AVX2 void
mldsa_invntt_tomont_avx2(int32_t a[MLDSA_N])
{
	const __m256i f = _mm256_set1_epi32(41978);
	unsigned	len,
				start,
				j,
				m = 32,
				g;

	for (g = 0; g < MLDSA_N / 16; g++)
	{
		const int32_t *zt = zetas_inv_head + 24 * g;
		__m256i		A = _mm256_load_si256((const __m256i *) &a[16 * g]);
		__m256i		B = _mm256_load_si256((const __m256i *) &a[16 * g + 8]);
		__m256i		lo,
					hi;

		split1(&lo, &hi, A, B);
		GS(lo, hi, _mm256_load_si256((const __m256i *) zt));
		join1(&A, &B, lo, hi);
		split2(&lo, &hi, A, B);
		GS(lo, hi, _mm256_load_si256((const __m256i *) (zt + 8)));
		split2(&A, &B, lo, hi);
		split4(&lo, &hi, A, B);
		GS(lo, hi, _mm256_load_si256((const __m256i *) (zt + 16)));
		split4(&A, &B, lo, hi);
		_mm256_store_si256((__m256i *) &a[16 * g], A);
		_mm256_store_si256((__m256i *) &a[16 * g + 8], B);
	}
	for (len = 8; len < MLDSA_N; len <<= 1)
	{
		for (start = 0; start < MLDSA_N; start += 2 * len)
		{
			__m256i		z = _mm256_set1_epi32(-mldsa_zetas[--m]);

			for (j = start; j < start + len; j += 8)
			{
				__m256i		x = _mm256_load_si256((const __m256i *) &a[j]);
				__m256i		y = _mm256_load_si256((const __m256i *) &a[j + len]);

				GS(x, y, z);
				_mm256_store_si256((__m256i *) &a[j], x);
				_mm256_store_si256((__m256i *) &a[j + len], y);
			}
		}
	}
	for (j = 0; j < MLDSA_N; j += 8)
	{
		__m256i		x = _mm256_load_si256((const __m256i *) &a[j]);

		_mm256_store_si256((__m256i *) &a[j], mont_mul(f, x));
	}
}

AVX2 void
mldsa_pointwise_avx2(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N])
{
	unsigned	j;

	for (j = 0; j < MLDSA_N; j += 8)
	{
		__m256i		x = _mm256_load_si256((const __m256i *) &a[j]);
		__m256i		y = _mm256_load_si256((const __m256i *) &b[j]);

		_mm256_store_si256((__m256i *) &r[j], mont_mul(x, y));
	}
}

/*
 * a and b point at n consecutive polynomials (256 coefficients each). As in
 * the portable mldsa_poly_pointwise_acc: the 64-bit products are summed
 * (even and odd lanes apart) and the sum is Montgomery-reduced once, which
 * gives the same integers as the portable code.
 */
AVX2 void
mldsa_pointwise_acc_avx2(int32_t r[MLDSA_N], const int32_t *a, const int32_t *b, int n)
{
	const __m256i qinv = _mm256_set1_epi32(MLDSA_QINV);
	const __m256i q = _mm256_set1_epi32(MLDSA_Q);
	unsigned	j;
	int			k;

	for (j = 0; j < MLDSA_N; j += 8)
	{
		__m256i		s0 = _mm256_setzero_si256(),
					s1 = _mm256_setzero_si256(),
					m0,
					m1;

		for (k = 0; k < n; k++)
		{
			__m256i		x = _mm256_load_si256((const __m256i *) &a[k * MLDSA_N + j]);
			__m256i		y = _mm256_load_si256((const __m256i *) &b[k * MLDSA_N + j]);

			s0 = _mm256_add_epi64(s0, _mm256_mul_epi32(x, y));
			s1 = _mm256_add_epi64(s1, _mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(y, 32)));
		}
		/* t = (int32) (s * qinv); s - t q has zero low halves, its high halves are r. */
		m0 = _mm256_mul_epi32(_mm256_mul_epu32(s0, qinv), q);
		m1 = _mm256_mul_epi32(_mm256_mul_epu32(s1, qinv), q);
		s0 = _mm256_sub_epi64(s0, m0);
		s1 = _mm256_sub_epi64(s1, m1);
		_mm256_store_si256((__m256i *) &r[j], _mm256_blend_epi32(_mm256_srli_epi64(s0, 32), s1, 0xAA));
	}
}

int
mldsa_avx2_available(void)
{
	return __builtin_cpu_supports("avx2") ? 1 : 0;
}

#else							/* not x86-64 with GCC or clang, or QTCL_MLDSA_NO_AVX2: portable only */

int
mldsa_avx2_available(void)
{
	return 0;
}

void
mldsa_ntt_avx2(int32_t a[MLDSA_N])
{
	mldsa_ntt_c(a);
}

void
mldsa_invntt_tomont_avx2(int32_t a[MLDSA_N])
{
	mldsa_invntt_tomont_c(a);
}

void
mldsa_pointwise_avx2(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N])
{
	mldsa_pointwise_c(r, a, b);
}

void
mldsa_pointwise_acc_avx2(int32_t r[MLDSA_N], const int32_t *a, const int32_t *b, int n)
{
	unsigned	j;
	int			k;

	for (j = 0; j < MLDSA_N; j++)
	{
		int64_t		s = 0;

		for (k = 0; k < n; k++)
			s += (int64_t) a[k * MLDSA_N + j] * b[k * MLDSA_N + j];
		r[j] = mldsa_mont_reduce(s);
	}
}

#endif
