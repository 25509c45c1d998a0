/*
 * bench_mldsa.c: ML-DSA keygen, sign and verify timings per parameter set.
 *
 *   bench_mldsa [iterations] [portable|avx2|both]
 *
 * For each operation: operations per second (from the mean), mean and median
 * microseconds. Signing uses a different message and hedged rnd each time so
 * the median and mean reflect the rejection loop's spread. Also times one
 * whole ExpandA (the SHAKE128 share of the work: EVP one entry at a time for
 * the portable back end, the four-way Keccak for the AVX2 one). With "both",
 * a final table puts the medians of the two back ends side by side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/mldsa.h"
#include "crypto/mldsa/params.h"
#include "crypto/mldsa/sampling.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

/* medians[impl][level][op]: keygen, sign, verify, ExpandA, verify-x (the key expanded once beforehand) */
static double medians[2][3][5];
static int	cur_impl;

static void
report(const char *set, const char *op, double *t, int n)
{
	double		sum = 0;
	int			i;

	for (i = 0; i < n; i++)
		sum += t[i];
	qsort(t, (size_t) n, sizeof *t, cmp_double);
	printf("%-10s %-8s %10.0f ops/s   mean %8.1f us   median %8.1f us\n",
		   set, op, 1e6 / (sum / n), sum / n, t[n / 2]);
	{
		static const char *const ops[5] = {"keygen", "sign", "verify", "ExpandA", "verify-x"};
		int			lv = mldsa_level_by_name(set),
					o;

		for (o = 0; o < 5; o++)
			if (lv >= 0 && strcmp(op, ops[o]) == 0)
				medians[cur_impl][lv][o] = t[n / 2];
	}
}

static int
bench_level(mldsa_level lv, int iters)
{
	const mldsa_params *p = mldsa_params_get(lv);
	uint8_t		xi[32],
				rnd[32],
				msg[64],
				ctx[4] = "bnch";
	uint8_t		pk[MLDSA_MAX_PK_BYTES],
				sk[MLDSA_MAX_SK_BYTES],
				sig[MLDSA_MAX_SIG_BYTES];
	double	   *t = malloc(sizeof(double) * (size_t) iters);
	int			i,
				bad = 0;

	memset(xi, 0x42, sizeof xi);
	memset(msg, 0x17, sizeof msg);
	/* Warm-up, untimed: caches, page faults, the CPU clock ramping up. */
	for (i = 0; i < 20 + iters / 10; i++)
	{
		mldsa_keygen_internal(lv, xi, pk, sk);
		mldsa_sign(lv, sk, msg, sizeof msg, ctx, sizeof ctx, xi, sig);
	}
	for (i = 0; i < iters; i++)
	{
		double		t0;

		memcpy(xi, &i, sizeof i);
		t0 = now_us();
		mldsa_keygen_internal(lv, xi, pk, sk);
		t[i] = now_us() - t0;
	}
	report(p->name, "keygen", t, iters);

	for (i = 0; i < iters; i++)
	{
		double		t0;

		memcpy(msg, &i, sizeof i);
		memset(rnd, 0, sizeof rnd);
		memcpy(rnd, &i, sizeof i);
		t0 = now_us();
		mldsa_sign(lv, sk, msg, sizeof msg, ctx, sizeof ctx, rnd, sig);
		t[i] = now_us() - t0;
	}
	report(p->name, "sign", t, iters);

	for (i = 0; i < iters; i++)
	{
		double		t0;
		int			ok;

		t0 = now_us();
		ok = mldsa_verify(lv, pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx, sig, p->sig_bytes);
		t[i] = now_us() - t0;
		bad += !ok;
	}
	report(p->name, "verify", t, iters);

	/* The same verifications under a key expanded once (as the mempool's key cache does per sender). */
	{
		void	   *epk = NULL;

		if (posix_memalign(&epk, 32, mldsa_expanded_pk_size()) != 0 || mldsa_expand_pk(lv, pk, p->pk_bytes, epk) != 0)
			return 1;
		for (i = 0; i < iters; i++)
		{
			double		t0;
			int			ok;

			t0 = now_us();
			ok = mldsa_verify_expanded(epk, msg, sizeof msg, ctx, sizeof ctx, sig, p->sig_bytes);
			t[i] = now_us() - t0;
			bad += !ok;
		}
		free(epk);
		report(p->name, "verify-x", t, iters);
	}

	for (i = 0; i < iters; i++)
	{
		double		t0 = now_us();
		mldsa_poly	a[4];
		mldsa_poly *ap[4] = {&a[0], &a[1], &a[2], &a[3]};
		int			e,
					b;

		for (e = 0; e < p->k * p->l; e += 4)
		{
			uint16_t	nonce[4];
			int			n = p->k * p->l - e < 4 ? p->k * p->l - e : 4;

			for (b = 0; b < n; b++)
				nonce[b] = (uint16_t) (((e + b) / p->l) << 8 | ((e + b) % p->l));
			mldsa_expand_a_x4(ap, pk, nonce, n);
		}
		t[i] = now_us() - t0;
	}
	report(p->name, "ExpandA", t, iters);
	free(t);
	if (bad)
		printf("# %d verifications FAILED\n", bad);
	return bad;
}

int
main(int argc, char **argv)
{
	int			iters = argc > 1 ? atoi(argv[1]) : 500;
	const char *which = argc > 2 ? argv[2] : "both";
	int			impl,
				lv,
				bad = 0;

	if (iters < 1)
		iters = 1;
	for (impl = 0; impl <= 1; impl++)
	{
		if ((impl == 0 && strcmp(which, "avx2") == 0) || (impl == 1 && strcmp(which, "portable") == 0))
			continue;
		if (mldsa_set_impl(impl) != impl)
		{
			printf("# AVX2 back end not available on this CPU/build\n");
			continue;
		}
		printf("# %s back end, %d iterations each\n", impl ? "AVX2" : "portable", iters);
		cur_impl = impl;
		for (lv = 0; lv < 3; lv++)
			bad |= bench_level((mldsa_level) lv, iters);
	}
	if (strcmp(which, "both") == 0 && medians[1][0][0] > 0)
	{
		static const char *const names[3] = {"ml-dsa-44", "ml-dsa-65", "ml-dsa-87"};

		printf("\n# medians, us: portable keygen / sign / verify / ExpandA / verify-x | AVX2 the same\n");
		for (lv = 0; lv < 3; lv++)
			printf("%-10s %7.1f %7.1f %7.1f %7.1f %7.1f | %7.1f %7.1f %7.1f %7.1f %7.1f\n", names[lv],
				   medians[0][lv][0], medians[0][lv][1], medians[0][lv][2], medians[0][lv][3], medians[0][lv][4],
				   medians[1][lv][0], medians[1][lv][1], medians[1][lv][2], medians[1][lv][3], medians[1][lv][4]);
	}
	return bad ? 1 : 0;
}
