/*
 * test_mldsa_avx2.c: the AVX2-only paths against the portable ones.
 *
 * The batched samplers (ExpandA, ExpandS, ExpandMask four
 * polynomials at a time on the AVX2 four-way Keccak) against the
 * single-polynomial EVP samplers, for batch sizes 1 to 4 and many nonces,
 * both eta values and both gamma1 values; the vector rejection parsers
 * against the scalar ones; and the AVX2 rounding steps (Decompose, MakeHint,
 * UseHint, Power2Round, reduce/freeze, the norm check) against the portable
 * ones on every input in [0, q).
 */
#include "unit.h"
#include "crypto/mldsa.h"
#include "crypto/mldsa/poly.h"
#include "crypto/mldsa/rounding.h"
#include "crypto/mldsa/sampling.h"

static uint64_t rng_state = 0x0123456789abcdefULL;

static uint8_t
rng_byte(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint8_t) (rng_state >> 24);
}

static int
same(const mldsa_poly *a, const mldsa_poly *b)
{
	return memcmp(a, b, sizeof *a) == 0;
}

int
main(void)
{
	int			have = mldsa_set_impl(1);
	int			impl;

	printf("# AVX2 %s\n", have ? "available" : "not available: batches run the EVP path only");
	for (impl = 0; impl <= have; impl++)
	{
		int			okA = 1,
					okS = 1,
					okY = 1,
					rc = 0,
					t,
					n,
					j;

		mldsa_set_impl(impl);
		for (t = 0; t < 200; t++)
		{
			uint8_t		seed[64];
			uint16_t	nonce[4];
			mldsa_poly	got[4],
						want;
			mldsa_poly *gp[4] = {&got[0], &got[1], &got[2], &got[3]};

			for (j = 0; j < 64; j++)
				seed[j] = rng_byte();
			n = 1 + t % 4;
			for (j = 0; j < 4; j++)
				nonce[j] = (uint16_t) (rng_byte() | rng_byte() << 8);

			rc |= mldsa_expand_a_x4(gp, seed, nonce, n);
			for (j = 0; j < n; j++)
			{
				rc |= mldsa_expand_a_entry(&want, seed, nonce[j] >> 8, nonce[j] & 0xff);
				okA &= same(&got[j], &want);
			}
			rc |= mldsa_expand_s_x4(gp, seed, nonce, n, t & 4 ? 4 : 2);
			for (j = 0; j < n; j++)
			{
				rc |= mldsa_expand_s_poly(&want, seed, nonce[j], t & 4 ? 4 : 2);
				okS &= same(&got[j], &want);
			}
			rc |= mldsa_expand_mask_x4(gp, seed, nonce, n, t & 8 ? 1 << 19 : 1 << 17);
			for (j = 0; j < n; j++)
			{
				rc |= mldsa_expand_mask_poly(&want, seed, nonce[j], t & 8 ? 1 << 19 : 1 << 17);
				okY &= same(&got[j], &want);
			}
		}
		CHECK(rc == 0, "%s: batched samplers report success", impl ? "avx2" : "portable");
		CHECK(okA, "%s: ExpandA batches match single entries (200 batches)", impl ? "avx2" : "portable");
		CHECK(okS, "%s: ExpandS batches match single polynomials, eta 2 and 4", impl ? "avx2" : "portable");
		CHECK(okY, "%s: ExpandMask batches match single polynomials, both gamma1", impl ? "avx2" : "portable");
	}
	if (have)
	{
		int			okU = 1,
					okE = 1,
					t,
					j;

		/*
		 * The vector parsers against the scalar ones on biased bytes (many
		 * rejections), resumed from arbitrary counts and over pieces of the
		 * block sizes the samplers use, as in a short first squeeze.
		 */
		for (t = 0; t < 3000; t++)
		{
			uint8_t		buf[840];
			int32_t		c1[MLDSA_N],
						c2[MLDSA_N];
			unsigned	i1,
						i2,
						start = (unsigned) (rng_byte() % 200) * (t % 2);
			size_t		len = t % 3 == 0 ? 168 : t % 3 == 1 ? 136 : 840;
			int			eta = t & 4 ? 4 : 2;

			for (j = 0; j < (int) sizeof buf; j++)
				buf[j] = (t & 8) ? (uint8_t) (rng_byte() | 0x7f) : rng_byte();
			memset(c1, 0, sizeof c1);
			memset(c2, 0, sizeof c2);
			i1 = mldsa_rej_uniform(c1, start, buf, len);
			i2 = mldsa_rej_uniform_avx2(c2, start, buf, len);
			okU &= i1 == i2 && memcmp(c1, c2, sizeof(int32_t) * i1) == 0;
			i1 = mldsa_rej_eta(c1, start, buf, len, eta);
			i2 = mldsa_rej_eta_avx2(c2, start, buf, len, eta);
			okE &= i1 == i2 && memcmp(c1, c2, sizeof(int32_t) * i1) == 0;
		}
		CHECK(okU, "AVX2 uniform parser matches the scalar one (3000 buffers)");
		CHECK(okE, "AVX2 eta parser matches the scalar one (3000 buffers)");
	}
	if (have)
	{
		static const int32_t g2[2] = {(MLDSA_Q - 1) / 88, (MLDSA_Q - 1) / 32};
		int			g;

		for (g = 0; g < 2; g++)
		{
			int			okD = 1,
						okH = 1,
						okU = 1,
						okP = 1,
						okR = 1,
						okN = 1;
			int32_t		base;

			for (base = 0; base < MLDSA_Q; base += MLDSA_N)
			{
				mldsa_poly	a,
							b,
							h,
							r1[2],
							r0[2];
				int			j,
							n[2],
							impl;

				for (j = 0; j < MLDSA_N; j++)
				{
					a.c[j] = base + j < MLDSA_Q ? base + j : MLDSA_Q - 1;
					/* b near a (hints flip at the rounding boundaries), in [0, q) */
					b.c[j] = (a.c[j] + (int32_t) (rng_byte() % 64) * 4096 - 131072 + MLDSA_Q) % MLDSA_Q;
					h.c[j] = rng_byte() & 1;
				}
				for (impl = 0; impl < 2; impl++)
				{
					mldsa_set_impl(impl);
					mldsa_poly_decompose(&r1[impl], &r0[impl], &a, g2[g]);
				}
				okD &= same(&r1[0], &r1[1]) && same(&r0[0], &r0[1]);
				for (impl = 0; impl < 2; impl++)
				{
					mldsa_set_impl(impl);
					n[impl] = mldsa_poly_make_hint(&r1[impl], &a, &b, g2[g]);
				}
				okH &= n[0] == n[1] && same(&r1[0], &r1[1]);
				for (impl = 0; impl < 2; impl++)
				{
					mldsa_set_impl(impl);
					mldsa_poly_use_hint(&r1[impl], &a, &h, g2[g]);
				}
				okU &= same(&r1[0], &r1[1]);
				if (g == 0)
				{
					for (impl = 0; impl < 2; impl++)
					{
						mldsa_set_impl(impl);
						mldsa_poly_power2round(&r1[impl], &r0[impl], &a);
					}
					okP &= same(&r1[0], &r1[1]) && same(&r0[0], &r0[1]);
					/* reduce32 / freeze / caddq on values spread over the int32 range they accept */
					for (j = 0; j < MLDSA_N; j++)
						b.c[j] = (int32_t) ((uint32_t) a.c[j] * 257u) % (1 << 30) - (1 << 29);
					for (impl = 0; impl < 2; impl++)
					{
						mldsa_set_impl(impl);
						r1[impl] = b;
						mldsa_poly_reduce(&r1[impl]);
						r0[impl] = r1[impl];
						mldsa_poly_caddq(&r0[impl]);
						n[impl] = mldsa_poly_chknorm(&r1[impl], (int32_t) (base % ((MLDSA_Q - 1) / 8)) + 1);
					}
					okR &= same(&r1[0], &r1[1]) && same(&r0[0], &r0[1]);
					okN &= n[0] == n[1];
					for (impl = 0; impl < 2; impl++)
					{
						mldsa_set_impl(impl);
						r1[impl] = b;
						mldsa_poly_freeze(&r1[impl]);
					}
					okR &= same(&r1[0], &r1[1]);
				}
			}
			CHECK(okD, "gamma2 = %d: AVX2 Decompose matches portable on all of [0, q)", g2[g]);
			CHECK(okH, "gamma2 = %d: AVX2 MakeHint matches portable (values and count)", g2[g]);
			CHECK(okU, "gamma2 = %d: AVX2 UseHint matches portable on all of [0, q)", g2[g]);
			if (g == 0)
			{
				CHECK(okP, "AVX2 Power2Round matches portable on all of [0, q)");
				CHECK(okR, "AVX2 reduce32 / caddq / freeze match portable");
				CHECK(okN, "AVX2 norm check matches portable");
			}
		}
	}
	if (have)
	{
		mldsa_poly	a[8],
					b[8],
					r[2];
		int			ok = 1,
					t,
					n,
					j,
					i,
					impl;

		/* Row products at the bounds the callers guarantee: |a| < q, |b| < 9q. */
		for (t = 0; t < 50; t++)
		{
			for (j = 0; j < 8; j++)
				for (i = 0; i < MLDSA_N; i++)
				{
					uint32_t	u = (uint32_t) rng_byte() << 24 | (uint32_t) rng_byte() << 16 |
						(uint32_t) rng_byte() << 8 | rng_byte();

					a[j].c[i] = t == 0 ? MLDSA_Q - 1 : (int32_t) (u % MLDSA_Q);
					b[j].c[i] = t == 0 ? 9 * MLDSA_Q - 1 - 2 * (i & 1) * (9 * MLDSA_Q - 1)
						: (int32_t) (u % (18 * MLDSA_Q - 1)) - (9 * MLDSA_Q - 1);
				}
			for (n = 1; n <= 8; n++)
			{
				for (impl = 0; impl < 2; impl++)
				{
					mldsa_set_impl(impl);
					mldsa_poly_pointwise_acc(&r[impl], a, b, n);
				}
				ok &= same(&r[0], &r[1]);
			}
		}
		CHECK(ok, "AVX2 pointwise_acc gives the portable integers (n = 1..8, extreme inputs)");
	}
	mldsa_set_impl(1);
	return unit_done();
}
