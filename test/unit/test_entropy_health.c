/*
 * test_entropy_health.c: the SP 800-90B continuous tests of
 * src/entropy/health.c: the cutoffs recomputed from their formulas, RCT on
 * constant bytes (6 equal pass, 7 fail, across responses too), APT on a
 * biased block, the repeated-block check, start-up, and reset on failure.
 */
#include <math.h>

#include "crypto/sha3.h"
#include "entropy/health.h"
#include "unit.h"

/* Deterministic "random-looking" bytes: SHAKE256 of a seed. */
static void
noise(uint8_t *out, size_t n, uint8_t seed)
{
	qtcl_shake256(&seed, 1, out, n);
}

/* log of comb(n, k) p^k (1-p)^(n-k) */
static double
log_binom_pmf(int n, int k, double p)
{
	return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0) + k * log(p) + (n - k) * log1p(-p);
}

static void
cutoffs(void)
{
	double		h = QTCL_HEALTH_H_BITS;
	double		alpha = ldexp(1.0, -QTCL_HEALTH_ALPHA_LOG2);
	int			rct = 1 + (int) ceil(QTCL_HEALTH_ALPHA_LOG2 / h);
	int			k;
	double		tail;

	CHECK(rct == QTCL_HEALTH_RCT_CUTOFF, "RCT cutoff 1 + ceil(40/7) = %d", rct);

	/*
	 * APT: C = 1 + smallest k with P[X <= k] >= 1 - alpha, X ~ Bin(512, 2^-7).
	 * Equivalently P[X > k] <= alpha; the upper tail is summed directly (the
	 * lower sum would lose 2^-40 to rounding).
	 */
	for (k = 0; k < QTCL_HEALTH_APT_WINDOW; k++)
	{
		int			j;

		tail = 0;
		for (j = k + 1; j <= QTCL_HEALTH_APT_WINDOW; j++)
			tail += exp(log_binom_pmf(QTCL_HEALTH_APT_WINDOW, j, ldexp(1.0, -QTCL_HEALTH_H_BITS)));
		if (tail <= alpha)
			break;
	}
	CHECK(k + 1 == QTCL_HEALTH_APT_CUTOFF, "APT cutoff 1 + CRITBINOM(512, 2^-7, 1 - 2^-40) = %d", k + 1);
}

static void
rct(void)
{
	qtcl_health_state st;
	uint8_t		b[1100];
	size_t		at = 99;
	int			rc;

	/* constant bytes: RCT trips at the 7th equal byte */
	qtcl_health_init(&st);
	memset(b, 0x42, 64);
	rc = qtcl_health_check(&st, b, 64, &at);
	CHECK(rc == QTCL_HEALTH_ERR_RCT && at == QTCL_HEALTH_RCT_CUTOFF - 1,
		  "constant block fails RCT at sample %zu", at);
	CHECK(st.fail_rct == 1 && st.samples == 0, "failure counted, start-up reset");

	/* 6 equal bytes pass, 7 fail */
	qtcl_health_init(&st);
	noise(b, 1100, 1);
	memset(b + 500, 0xAA, 6);
	b[499] = 0x00;
	b[506] = 0x01;
	CHECK(qtcl_health_check(&st, b, 1100, NULL) == QTCL_HEALTH_OK, "run of 6 equal bytes passes");
	qtcl_health_init(&st);
	memset(b + 500, 0xAA, 7);
	b[507] = 0x01;
	rc = qtcl_health_check(&st, b, 1100, &at);
	CHECK(rc == QTCL_HEALTH_ERR_RCT && at == 506, "run of 7 equal bytes fails at sample 506 (%zu)", at);

	/* continuity: a run split across two responses */
	qtcl_health_init(&st);
	noise(b, 1100, 2);
	b[1095] = 0x10;
	memset(b + 1096, 0x77, 4);
	CHECK(qtcl_health_check(&st, b, 1100, NULL) == QTCL_HEALTH_OK, "block ending in 4 equal bytes passes");
	noise(b, 100, 3);
	memset(b, 0x77, 3);
	b[3] = 0x78;
	rc = qtcl_health_check(&st, b, 100, &at);
	CHECK(rc == QTCL_HEALTH_ERR_RCT && at == 2, "4 + 3 equal bytes across two responses fail RCT (at %zu)", at);
}

static void
apt(void)
{
	qtcl_health_state st;
	uint8_t		b[1024];
	size_t		i,
				at = 0;
	int			rc;

	/*
	 * Biased block without runs: byte 0x00 at every even position, distinct
	 * non-zero bytes between. The window's first sample is 0x00; its 26th
	 * occurrence is at sample 50.
	 */
	qtcl_health_init(&st);
	for (i = 0; i < sizeof(b); i++)
		b[i] = i % 2 == 0 ? 0x00 : (uint8_t) (1 + (i / 2) % 255);
	rc = qtcl_health_check(&st, b, sizeof(b), &at);
	CHECK(rc == QTCL_HEALTH_ERR_APT && at == 2 * (QTCL_HEALTH_APT_CUTOFF - 1),
		  "biased block fails APT at sample %zu", at);
	CHECK(st.fail_apt == 1 && st.fail_rct == 0, "APT failure counted");

	/* exactly 25 occurrences of the first value in a window pass, 26 fail */
	qtcl_health_init(&st);
	noise(b, sizeof(b), 4);
	for (i = 1; i < 512; i++)
		if (b[i] == 0x5A)
			b[i] ^= 0xFF;
	b[0] = 0x5A;
	for (i = 1; i < QTCL_HEALTH_APT_CUTOFF - 1; i++)
		b[i * 20] = 0x5A;		/* 24 more: 25 in the window */
	CHECK(qtcl_health_check(&st, b, 512, NULL) == QTCL_HEALTH_STARTUP, "25 of 512 equal to the first passes");
	qtcl_health_init(&st);
	b[500] = 0x5A;
	rc = qtcl_health_check(&st, b, 512, &at);
	CHECK(rc == QTCL_HEALTH_ERR_APT && at == 500, "26 of 512 equal to the first fails (at %zu)", at);

	/* the window continues across responses: 13 + 13 in one window fail in the second block */
	qtcl_health_init(&st);
	noise(b, sizeof(b), 5);
	for (i = 1; i < sizeof(b); i++)
		if (b[i] == 0x33)
			b[i] ^= 0xFF;
	b[0] = 0x33;
	for (i = 1; i < 13; i++)
		b[i * 19] = 0x33;		/* 13 in the first 256 bytes */
	for (i = 0; i < 13; i++)
		b[256 + 3 + i * 19] = 0x33;	/* 13 more in bytes 256..511 */
	CHECK(qtcl_health_check(&st, b, 256, NULL) == QTCL_HEALTH_STARTUP, "first half of a window passes");
	rc = qtcl_health_check(&st, b + 256, 256, &at);
	CHECK(rc == QTCL_HEALTH_ERR_APT, "second half trips the window that spans both responses (at %zu)", at);

	/* a new window starts after 512 samples: the same counts split over two windows pass */
	qtcl_health_init(&st);
	noise(b, sizeof(b), 6);
	for (i = 0; i < sizeof(b); i++)
		if (b[i] == 0x33)
			b[i] ^= 0xFF;
	b[0] = 0x33;
	b[512] = 0x33;
	for (i = 1; i < 20; i++)
	{
		b[i * 25] = 0x33;		/* 20 in window 1 (all < 512) */
		b[512 + i * 25] = 0x33;	/* 20 in window 2 */
	}
	CHECK(qtcl_health_check(&st, b, sizeof(b), NULL) == QTCL_HEALTH_OK, "20 + 20 in two windows pass");
}

static void
repeat_and_startup(void)
{
	qtcl_health_state st;
	uint8_t		a[600],
				b[600];
	uint8_t		d[32];

	qtcl_health_init(&st);
	noise(a, sizeof(a), 7);
	noise(b, sizeof(b), 8);
	CHECK(qtcl_health_check(&st, a, sizeof(a), NULL) == QTCL_HEALTH_STARTUP, "600 samples: start-up pending");
	CHECK(!qtcl_health_ready(&st), "not ready after 600 samples");
	CHECK(qtcl_health_check(&st, b, sizeof(b), NULL) == QTCL_HEALTH_OK, "1200 samples: usable");
	CHECK(qtcl_health_ready(&st) && st.samples == 1200 && st.blocks_passed == 2, "ready, 1200 samples, 2 blocks");

	qtcl_sha3_256(b, sizeof(b), d);
	CHECK(st.have_prev && memcmp(st.prev_digest, d, 32) == 0, "only the SHA3-256 of the previous block is kept");

	CHECK(qtcl_health_check(&st, b, sizeof(b), NULL) == QTCL_HEALTH_ERR_REPEAT, "same block twice fails");
	CHECK(st.fail_repeat == 1 && !qtcl_health_ready(&st), "repeat counted; start-up must be redone");
	CHECK(qtcl_health_check(&st, b, sizeof(b), NULL) == QTCL_HEALTH_ERR_REPEAT, "same block a third time fails");
	CHECK(qtcl_health_check(&st, a, sizeof(a), NULL) == QTCL_HEALTH_STARTUP, "a different block passes again");
	CHECK(qtcl_health_check(&st, b, sizeof(b), NULL) == QTCL_HEALTH_OK, "A, B, A, B: only consecutive repeats fail");

	/* a failed block still becomes "previous" */
	memset(a, 0, sizeof(a));
	CHECK(qtcl_health_check(&st, a, sizeof(a), NULL) == QTCL_HEALTH_ERR_RCT, "zero block fails RCT");
	CHECK(qtcl_health_check(&st, a, sizeof(a), NULL) == QTCL_HEALTH_ERR_REPEAT, "and again fails as a repeat");

	CHECK(qtcl_health_check(&st, a, 0, NULL) == QTCL_HEALTH_ERR_ARG && qtcl_health_check(NULL, a, 1, NULL) == QTCL_HEALTH_ERR_ARG &&
		  qtcl_health_check(&st, NULL, 1, NULL) == QTCL_HEALTH_ERR_ARG, "empty block and NULL refused");
	CHECK(strcmp(qtcl_health_strerror(QTCL_HEALTH_ERR_APT), "adaptive proportion test failed") == 0 &&
		  strcmp(qtcl_health_strerror(42), "unknown health error") == 0, "messages");
}

static void
good_data(void)
{
	qtcl_health_state st;
	uint8_t		b[4096];
	int			i,
				fails = 0;

	/* 256 KiB of SHAKE output in 4 KiB blocks: no false alarm expected at alpha = 2^-40 */
	qtcl_health_init(&st);
	for (i = 0; i < 64; i++)
	{
		noise(b, sizeof(b), (uint8_t) (100 + i));
		if (qtcl_health_check(&st, b, sizeof(b), NULL) != QTCL_HEALTH_OK)
			fails++;
	}
	CHECK(fails == 0 && st.blocks_passed == 64, "pseudo-random data passes (%d failures)", fails);
}

int
main(void)
{
	cutoffs();
	rct();
	apt();
	repeat_and_startup();
	good_data();
	return unit_done();
}
