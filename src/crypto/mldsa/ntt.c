/*
 * ntt.c: portable number-theoretic transform over Z_q (FIPS 204 Algorithms
 * 41, 42, 45), in Montgomery arithmetic with a precomputed table.
 */
#include "crypto/mldsa/ntt.h"
#include "crypto/mldsa/reduce.h"

/* Generated from the formula in ntt.h (pow(1753, brv8(i), q) * 2^32 mod q). */
const int32_t mldsa_zetas[MLDSA_N] = {
	-4186625, 25847, -2608894, -518909, 237124, -777960, -876248, 466468,
	1826347, 2353451, -359251, -2091905, 3119733, -2884855, 3111497, 2680103,
	2725464, 1024112, -1079900, 3585928, -549488, -1119584, 2619752, -2108549,
	-2118186, -3859737, -1399561, -3277672, 1757237, -19422, 4010497, 280005,
	2706023, 95776, 3077325, 3530437, -1661693, -3592148, -2537516, 3915439,
	-3861115, -3043716, 3574422, -2867647, 3539968, -300467, 2348700, -539299,
	-1699267, -1643818, 3505694, -3821735, 3507263, -2140649, -1600420, 3699596,
	811944, 531354, 954230, 3881043, 3900724, -2556880, 2071892, -2797779,
	-3930395, -1528703, -3677745, -3041255, -1452451, 3475950, 2176455, -1585221,
	-1257611, 1939314, -4083598, -1000202, -3190144, -3157330, -3632928, 126922,
	3412210, -983419, 2147896, 2715295, -2967645, -3693493, -411027, -2477047,
	-671102, -1228525, -22981, -1308169, -381987, 1349076, 1852771, -1430430,
	-3343383, 264944, 508951, 3097992, 44288, -1100098, 904516, 3958618,
	-3724342, -8578, 1653064, -3249728, 2389356, -210977, 759969, -1316856,
	189548, -3553272, 3159746, -1851402, -2409325, -177440, 1315589, 1341330,
	1285669, -1584928, -812732, -1439742, -3019102, -3881060, -3628969, 3839961,
	2091667, 3407706, 2316500, 3817976, -3342478, 2244091, -2446433, -3562462,
	266997, 2434439, -1235728, 3513181, -3520352, -3759364, -1197226, -3193378,
	900702, 1859098, 909542, 819034, 495491, -1613174, -43260, -522500,
	-655327, -3122442, 2031748, 3207046, -3556995, -525098, -768622, -3595838,
	342297, 286988, -2437823, 4108315, 3437287, -3342277, 1735879, 203044,
	2842341, 2691481, -2590150, 1265009, 4055324, 1247620, 2486353, 1595974,
	-3767016, 1250494, 2635921, -3548272, -2994039, 1869119, 1903435, -1050970,
	-1333058, 1237275, -3318210, -1430225, -451100, 1312455, 3306115, -1962642,
	-1279661, 1917081, -2546312, -1374803, 1500165, 777191, 2235880, 3406031,
	-542412, -2831860, -1671176, -1846953, -2584293, -3724270, 594136, -3776993,
	-2013608, 2432395, 2454455, -164721, 1957272, 3369112, 185531, -1207385,
	-3183426, 162844, 1616392, 3014001, 810149, 1652634, -3694233, -1799107,
	-3038916, 3523897, 3866901, 269760, 2213111, -975884, 1717735, 472078,
	-426683, 1723600, -1803090, 1910376, -1667432, -1104333, -260646, -3833893,
	-2939036, -2235985, -420899, -2286327, 183443, -976891, 1612842, -3545687,
	-554416, 3919660, -48306, -1362209, 3937738, 1400424, -846154, 1976782,
};

/*
 * One Cooley-Tukey butterfly: (x, y) -> (x + z y, x - z y), z in Montgomery
 * form. The butterflies use a local qv = q made opaque (see reduce.h).
 */
#define CT_BUTTERFLY(x, y, z) \
	do { \
		int32_t		t_ = mldsa_mont_reduce_q((int64_t) (z) * (y), qv); \
		(y) = (x) - t_; \
		(x) = (x) + t_; \
	} while (0)

/* One Gentleman-Sande butterfly: (x, y) -> (x + y, z (x - y)). */
#define GS_BUTTERFLY(x, y, z) \
	do { \
		int32_t		t_ = (x); \
		(x) = t_ + (y); \
		(y) = mldsa_mont_reduce_q((int64_t) (z) * (t_ - (y)), qv); \
	} while (0)

/*
 * Algorithm 41, Cooley-Tukey butterflies from length 128 down to 1. Each layer
 * adds at most q to the magnitude (the product is Montgomery-reduced below q),
 * so no reduction is needed inside: |in| < q gives |out| < 9q.
 *
 * The layers are taken two at a time (lengths 128+64, 32+16, 8+4, 2+1): four
 * coefficients a[j], a[j + L/2], a[j + L], a[j + 3L/2] stay in registers for
 * both layers, which halves the loads and stores and the loop control. The
 * zeta of the block at `start` in the layer of length L is
 * zetas[128/L + start/(2L)] (the order of Algorithm 41's counter m). Every
 * butterfly is the one the layer-by-layer loop does, so the results are the
 * same integers.
 */
void
mldsa_ntt_c(int32_t a[MLDSA_N])
{
	unsigned	len,
				start,
				j;
	int64_t		qv = MLDSA_Q;

	MLDSA_OPAQUE(qv);
	for (len = 128; len > 2; len >>= 2)
	{
		unsigned	h = len / 2;

		for (start = 0; start < MLDSA_N; start += 2 * len)
		{
			int32_t		z1 = mldsa_zetas[128 / len + start / (2 * len)];
			int32_t		z2a = mldsa_zetas[256 / len + start / len];
			int32_t		z2b = mldsa_zetas[256 / len + start / len + 1];

			for (j = start; j < start + h; j++)
			{
				int32_t		x0 = a[j],
							x1 = a[j + h],
							x2 = a[j + len],
							x3 = a[j + len + h];

				CT_BUTTERFLY(x0, x2, z1);
				CT_BUTTERFLY(x1, x3, z1);
				CT_BUTTERFLY(x0, x1, z2a);
				CT_BUTTERFLY(x2, x3, z2b);
				a[j] = x0;
				a[j + h] = x1;
				a[j + len] = x2;
				a[j + len + h] = x3;
			}
		}
	}
	/* The length-2 layer uses zetas 64..127, the length-1 layer 128..255. */
	for (start = 0; start < MLDSA_N; start += 4)
	{
		int32_t		x0 = a[start],
					x1 = a[start + 1],
					x2 = a[start + 2],
					x3 = a[start + 3];
		int32_t		z2 = mldsa_zetas[64 + start / 4];

		CT_BUTTERFLY(x0, x2, z2);
		CT_BUTTERFLY(x1, x3, z2);
		CT_BUTTERFLY(x0, x1, mldsa_zetas[128 + start / 2]);
		CT_BUTTERFLY(x2, x3, mldsa_zetas[129 + start / 2]);
		a[start] = x0;
		a[start + 1] = x1;
		a[start + 2] = x2;
		a[start + 3] = x3;
	}
}

/*
 * Algorithm 42, Gentleman-Sande butterflies from length 1 up to 128 with the
 * negated zetas in reverse order, two layers at a time as in the forward
 * transform (lengths 1+2, 4+8, 16+32, 64+128); the block at `start` in the
 * layer of length L uses -zetas[256/L - 1 - start/(2L)]. The unreduced sums
 * at most double per layer: |in| < q keeps every value under 256q < 2^31.
 * The final factor 41978 = 2^64 / 256 mod q both divides by 256 (Algorithm
 * 42, line 21) and multiplies by 2^32, cancelling the 2^-32 of a preceding
 * pointwise product; it is applied as the last pair of layers stores.
 */
void
mldsa_invntt_tomont_c(int32_t a[MLDSA_N])
{
	const int32_t f = 41978;
	unsigned	len,
				start,
				j;
	int64_t		qv = MLDSA_Q;

	MLDSA_OPAQUE(qv);

	for (start = 0; start < MLDSA_N; start += 4)
	{
		int32_t		x0 = a[start],
					x1 = a[start + 1],
					x2 = a[start + 2],
					x3 = a[start + 3];
		int32_t		z2 = -mldsa_zetas[127 - start / 4];

		GS_BUTTERFLY(x0, x1, -mldsa_zetas[255 - start / 2]);
		GS_BUTTERFLY(x2, x3, -mldsa_zetas[254 - start / 2]);
		GS_BUTTERFLY(x0, x2, z2);
		GS_BUTTERFLY(x1, x3, z2);
		a[start] = x0;
		a[start + 1] = x1;
		a[start + 2] = x2;
		a[start + 3] = x3;
	}
	for (len = 4; len < MLDSA_N; len <<= 2)
	{
		for (start = 0; start < MLDSA_N; start += 4 * len)
		{
			int32_t		za = -mldsa_zetas[256 / len - 1 - start / (2 * len)];
			int32_t		zb = -mldsa_zetas[256 / len - 2 - start / (2 * len)];
			int32_t		zc = -mldsa_zetas[128 / len - 1 - start / (4 * len)];

			for (j = start; j < start + len; j++)
			{
				int32_t		x0 = a[j],
							x1 = a[j + len],
							x2 = a[j + 2 * len],
							x3 = a[j + 3 * len];

				GS_BUTTERFLY(x0, x1, za);
				GS_BUTTERFLY(x2, x3, zb);
				GS_BUTTERFLY(x0, x2, zc);
				GS_BUTTERFLY(x1, x3, zc);
				if (len == 64)
				{
					x0 = mldsa_mont_reduce_q((int64_t) f * x0, qv);
					x1 = mldsa_mont_reduce_q((int64_t) f * x1, qv);
					x2 = mldsa_mont_reduce_q((int64_t) f * x2, qv);
					x3 = mldsa_mont_reduce_q((int64_t) f * x3, qv);
				}
				a[j] = x0;
				a[j + len] = x1;
				a[j + 2 * len] = x2;
				a[j + 3 * len] = x3;
			}
		}
	}
}

/* Algorithm 45 with a Montgomery reduction: r = a * b * 2^-32. */
void
mldsa_pointwise_c(int32_t r[MLDSA_N], const int32_t a[MLDSA_N], const int32_t b[MLDSA_N])
{
	unsigned	i;
	int64_t		qv = MLDSA_Q;

	MLDSA_OPAQUE(qv);
	for (i = 0; i < MLDSA_N; i++)
		r[i] = mldsa_mont_reduce_q((int64_t) a[i] * b[i], qv);
}
