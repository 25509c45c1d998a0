/*
 * bench_mldsa.c: ML-DSA keygen, sign and verify timings per parameter set.
 *
 *   bench_mldsa [iterations] [portable|avx2|both]
 *
 * For each operation: operations per second (from the mean), mean and median
 * microseconds. Signing uses a different message and hedged rnd each time so
 * the median and mean reflect the rejection loop's spread. Also times one
 * ExpandA (the SHAKE128 share of the work through OpenSSL EVP).
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

	for (i = 0; i < iters; i++)
	{
		double		t0 = now_us();
		mldsa_poly	a;
		int			r,
					c;

		for (r = 0; r < p->k; r++)
			for (c = 0; c < p->l; c++)
				mldsa_expand_a_entry(&a, pk, r, c);
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
		for (lv = 0; lv < 3; lv++)
			bad |= bench_level((mldsa_level) lv, iters);
	}
	return bad ? 1 : 0;
}
