/*
 * bench_pow.c: proof-of-work hashes per second on one core, in one run:
 *
 *   baseline       a tight loop that builds the whole 196-byte PoW input and
 *                  hashes it with OpenSSL SHA3-256 (qtcl_sha3_256, EVP) per nonce
 *   pow.c midstate qtcl_pow_search (clones the absorbed EVP state per nonce)
 *   powfast scalar qtcl_powfast_search, scalar: one own Keccak-f per nonce
 *   powfast avx2   qtcl_powfast_search, AVX2: one 4-way Keccak-f per 4 nonces
 *   (and, for reference, the per-call APIs qtcl_powfast_hash / qtcl_powfast_hash4)
 *
 * The searches run with target 0, which no hash meets, so every nonce of the
 * range is hashed and compared. Each variant runs for about 1.2 s (chunks of
 * nonces until the time is up), three times, the variants interleaved (each
 * one's first run, then each one's second, ...) so that a change in the
 * machine's load does not fall on one variant alone; the median rate is
 * reported with its ratio to the baseline's median, both per second of wall
 * time and per second of the thread's CPU time (on a shared machine, where
 * other processes take turns on the core, the CPU-time figure is the rate the
 * code reaches while it runs).
 *
 *   bench_pow [seconds per measurement]
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chain/pow.h"
#include "chain/powfast.h"
#include "chain/u256.h"
#include "crypto/sha3.h"

static uint8_t beacon[QTCL_POW_BEACON_BYTES];
static uint8_t header156[QTCL_HEADER_PREFIX_BYTES];
static qtcl_pow_ctx ref_ctx;
static qtcl_powfast_ctx fast_ctx;
static qtcl_u256 zero_target;
static volatile uint8_t sink;
static uint64_t next_nonce = 1;

static double
clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
now_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of this thread: on a shared machine, the time we actually ran. */
static double
cpu_s(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

/* Each runner hashes n nonces from next_nonce on. */
static void
run_baseline(uint64_t n)
{
	uint8_t		buf[QTCL_POW_INPUT_BYTES],
				out[32];
	uint64_t	i;
	int			b;

	for (i = 0; i < n; i++)
	{
		uint64_t	nonce = next_nonce + i;

		memcpy(buf, beacon, sizeof beacon);
		memcpy(buf + QTCL_POW_BEACON_BYTES, header156, sizeof header156);
		for (b = 0; b < 8; b++)
			buf[QTCL_POW_BEACON_BYTES + QTCL_HEADER_PREFIX_BYTES + b] = (uint8_t) (nonce >> (56 - 8 * b));
		if (qtcl_sha3_256(buf, sizeof buf, out) != 0)
			exit(1);
		sink ^= out[0];
	}
}

static void
run_pow_search(uint64_t n)
{
	uint64_t	nonce;

	if (qtcl_pow_search(&ref_ctx, &zero_target, next_nonce, n, &nonce, NULL) != QTCL_POW_NOT_FOUND)
		exit(1);
}

static void
run_fast_search(uint64_t n)
{
	uint64_t	nonce;

	if (qtcl_powfast_search(&fast_ctx, &zero_target, next_nonce, n, &nonce, NULL) != QTCL_POW_NOT_FOUND)
		exit(1);
}

static void
run_fast_hash(uint64_t n)
{
	uint8_t		out[32];
	uint64_t	i;

	for (i = 0; i < n; i++)
	{
		qtcl_powfast_hash(&fast_ctx, next_nonce + i, out);
		sink ^= out[0];
	}
}

static void
run_fast_hash4(uint64_t n)
{
	uint8_t		out[4][32];
	uint64_t	i;

	for (i = 0; i < n; i += 4)
	{
		qtcl_powfast_hash4(&fast_ctx, next_nonce + i, out);
		sink ^= out[0][0] ^ out[3][31];
	}
}

/*
 * Hashes per second of one runner over about `seconds` of wall time; *per_cpu gets the
 * hashes per second of this thread's CPU time over the same stretch.
 */
static double
measure(void (*run) (uint64_t), double seconds, double *per_cpu)
{
	const uint64_t chunk = 1 << 14;
	uint64_t	done = 0;
	double		t0 = now_s(),
				c0 = cpu_s(),
				t;

	do
	{
		run(chunk);
		next_nonce += chunk;
		done += chunk;
		t = now_s() - t0;
	} while (t < seconds);
	*per_cpu = done / (cpu_s() - c0);
	return done / t;
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	struct
	{
		const char *name;
		void		(*run) (uint64_t);
		int			impl;		/* powfast implementation: -1 n/a, 0 scalar, 1 AVX2 */
	}			v[] = {
		{"baseline: OpenSSL SHA3-256 of the full 196-byte input", run_baseline, -1},
		{"pow.c midstate: qtcl_pow_search (EVP clone per nonce)", run_pow_search, -1},
		{"powfast scalar: qtcl_powfast_search", run_fast_search, 0},
		{"powfast avx2 4-way: qtcl_powfast_search", run_fast_search, 1},
		{"powfast scalar: qtcl_powfast_hash per call", run_fast_hash, 0},
		{"powfast avx2 4-way: qtcl_powfast_hash4 per call", run_fast_hash4, 1},
	};
	const int	nv = (int) (sizeof v / sizeof v[0]);
	double		seconds = argc > 1 ? atof(argv[1]) : 1.2;
	double		wall[8][3],
				cpu[8][3],
				med[8],
				medc[8];
	bool		avail[8];
	int			i,
				k;

	if (seconds <= 0)
		seconds = 1.2;
	for (i = 0; i < (int) sizeof beacon; i++)
		beacon[i] = (uint8_t) (0x55 ^ i);
	for (i = 0; i < (int) sizeof header156; i++)
		header156[i] = (uint8_t) (i * 7 + 1);
	qtcl_u256_zero(&zero_target);
	if (qtcl_pow_prepare(&ref_ctx, beacon, header156) != QTCL_POW_OK ||
		qtcl_powfast_prepare(&fast_ctx, beacon, header156) != QTCL_POW_OK)
	{
		fprintf(stderr, "prepare failed\n");
		return 1;
	}
	printf("# PoW hashes per second on one core; %.1f s per measurement, median of 3 (the variants\n"
		   "# interleaved: round 1 of each, then round 2, ...); H/s of wall time, and per CPU-second\n"
		   "# (this thread's CPU time: on a shared machine, the rate while it ran)\n", seconds);
	printf("# CPU AVX2: %s\n", qtcl_powfast_avx2_available() ? "yes" : "no");
	for (i = 0; i < nv; i++)
		avail[i] = v[i].impl < 0 || qtcl_powfast_set_impl(v[i].impl) == v[i].impl;
	for (k = 0; k < 3; k++)
		for (i = 0; i < nv; i++)
			if (avail[i])
			{
				if (v[i].impl >= 0)
					qtcl_powfast_set_impl(v[i].impl);
				wall[i][k] = measure(v[i].run, seconds, &cpu[i][k]);
			}
	for (i = 0; i < nv; i++)
	{
		if (!avail[i])
		{
			med[i] = medc[i] = 0;
			printf("%-58s  (not available on this CPU)\n", v[i].name);
			continue;
		}
		qsort(wall[i], 3, sizeof wall[i][0], cmp_double);
		qsort(cpu[i], 3, sizeof cpu[i][0], cmp_double);
		med[i] = wall[i][1];
		medc[i] = cpu[i][1];
		printf("%-58s %12.0f H/s  (runs %.0f %.0f %.0f; %.0f per CPU-second)\n", v[i].name, med[i],
			   wall[i][0], wall[i][1], wall[i][2], medc[i]);
	}
	printf("\n%-58s %12s %10s %14s %10s\n", "variant", "H/s/core", "x baseline", "H/CPU-second", "x baseline");
	for (i = 0; i < nv; i++)
		if (med[i] > 0)
			printf("%-58s %12.0f %9.2fx %14.0f %9.2fx\n", v[i].name, med[i], med[i] / med[0], medc[i], medc[i] / medc[0]);
	qtcl_pow_release(&ref_ctx);
	return 0;
}
