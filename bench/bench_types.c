/*
 * bench_types.c: throughput of the hyper_addr and density_matrix cores.
 * Built and run by bench/bench_types.sh (cc -O2, no PostgreSQL).
 *
 *   entropy + fidelity of random 3-qubit states (full rank and pure)
 *   address format (hash -> text) and parse (text -> hash)
 *   tile-table build, tile distance, hop distance
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addr/address.h"
#include "addr/tiling.h"
#include "quantum/density.h"

static qtcl_dm_work work;
static qtcl_dm states[16];
static volatile double sink;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rng = 88172645463325252ull;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double
gauss(void)
{
	double		u = ((next() >> 11) + 0.5) / 9007199254740992.0,
				v = ((next() >> 11) + 0.5) / 9007199254740992.0;

	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static void
random_state(qtcl_dm *rho, int n, int rank)
{
	int			d = 1 << n,
				i,
				j,
				k;
	double		gr[64 * 64],
				gi[64 * 64],
				tr = 0;

	for (i = 0; i < d * rank; i++)
	{
		gr[i] = gauss();
		gi[i] = gauss();
	}
	rho->n = n;
	rho->dim = d;
	for (i = 0; i < d; i++)
		for (j = 0; j < d; j++)
		{
			double		sr = 0,
						si = 0;

			for (k = 0; k < rank; k++)
			{
				sr += gr[i * rank + k] * gr[j * rank + k] + gi[i * rank + k] * gi[j * rank + k];
				si += gi[i * rank + k] * gr[j * rank + k] - gr[i * rank + k] * gi[j * rank + k];
			}
			rho->re[i * d + j] = sr;
			rho->im[i * d + j] = i == j ? 0 : si;
		}
	for (i = 0; i < d; i++)
		tr += rho->re[i * d + i];
	for (i = 0; i < d * d; i++)
	{
		rho->re[i] /= tr;
		rho->im[i] /= tr;
	}
}

static void
bench_density(int n, int rank, int rank_odd, const char *label)
{
	int			i,
				iters = 200000 >> (n > 3 ? 2 * (n - 3) : 0);
	double		t0,
				t1,
				te,
				tf,
				s,
				f;

	for (i = 0; i < 16; i++)
		random_state(&states[i], n, (i & 1) ? rank_odd : rank);
	t0 = now();
	for (i = 0; i < iters; i++)
	{
		qtcl_dm_entropy(&states[i & 15], &work, &s);
		sink += s;
	}
	t1 = now();
	te = (t1 - t0) / iters;
	t0 = now();
	for (i = 0; i < iters; i++)
	{
		qtcl_dm_fidelity(&states[i & 15], &states[(i + 1) & 15], &work, &f);
		sink += f;
	}
	t1 = now();
	tf = (t1 - t0) / iters;
	printf("density %d qubits %-10s entropy %7.2f us  fidelity %7.2f us  entropy+fidelity %7.2f us (%.0f pairs/s)\n",
		   n, label, te * 1e6, tf * 1e6, (te + tf) * 1e6, 1.0 / (te + tf));
}

int
main(void)
{
	int			i,
				iters = 1000000;
	double		t0,
				t1;
	uint8_t		h[32];
	char		text[QTCL_ADDR_TEXT_SIZE];
	int32_t		acc = 0;

	/* tile table first, so the build is measured cold */
	t0 = now();
	if (tiling_init() != TILING_OK)
	{
		printf("tiling_init failed\n");
		return 1;
	}
	t1 = now();
	printf("tile table build (rings 0..8, %d tiles): %.1f ms\n", QTCL_TILING_TILES, (t1 - t0) * 1e3);

	bench_density(3, 8, 8, "full-rank");
	bench_density(3, 1, 1, "pure");
	bench_density(3, 8, 1, "mixed/pure");
	bench_density(2, 4, 4, "full-rank");
	bench_density(6, 64, 64, "full-rank");

	memset(h, 0x5a, sizeof h);
	t0 = now();
	for (i = 0; i < iters; i++)
	{
		h[i & 31] ^= (uint8_t) i;
		qtcl_addr_encode(h, text);
		acc += text[10];
	}
	t1 = now();
	printf("address format: %.0f /s (%.3f us)\n", iters / (t1 - t0), (t1 - t0) / iters * 1e6);
	t0 = now();
	for (i = 0; i < iters; i++)
		acc += qtcl_addr_decode(text, QTCL_ADDR_TEXT_LEN, h) + h[3];
	t1 = now();
	printf("address parse:  %.0f /s (%.3f us)\n", iters / (t1 - t0), (t1 - t0) / iters * 1e6);

	{
		int			n = 200000;
		double		d;
		int32_t		hops;

		t0 = now();
		for (i = 0; i < n; i++)
		{
			tiling_distance((int32_t) (next() % QTCL_TILING_ADDRESS_TILES),
							(int32_t) (next() % QTCL_TILING_ADDRESS_TILES), &d);
			sink += d;
		}
		t1 = now();
		printf("tile_distance (random pairs): %.3f us/call\n", (t1 - t0) / n * 1e6);
		t0 = now();
		for (i = 0; i < n; i++)
		{
			tiling_hops((int32_t) (next() % QTCL_TILING_ADDRESS_TILES),
						(int32_t) (next() % QTCL_TILING_ADDRESS_TILES), &hops);
			acc += hops;
		}
		t1 = now();
		printf("tile_hops (random pairs, mostly ring 7-8, ~14 hops): %.3f us/call\n", (t1 - t0) / n * 1e6);
	}
	sink += acc;
	return 0;
}
