/*
 * test_chain_asert.c: ASERT difficulty. The fixed-point factor against
 * exp2l, steady state, fast and slow blocks against the exact exponential
 * (long double, within the documented error), whole halflives exactly,
 * clamping at the pow limit and at 1, monotonicity in the time delta,
 * BCH-style runs of blocks with different solve-time patterns, the network
 * parameters, argument errors, and the "Difficulty (ASERT)" examples of
 * docs/PROTOCOL.block.md (computed independently by a Python script).
 *
 * Floating point appears only here, as the independent reference.
 */
#include <math.h>
#include <stdlib.h>

#include "chain/asert.h"
#include "chain/target.h"
#include "unit.h"

/*
 * Error budget of target / (anchor * 2^x): the cubic (< 0.013 %), the
 * exponent truncated to 1/65536 (< 2^(1/65536) - 1 = 0.00106 %), the final
 * truncation (negligible for targets above 2^64) and, for compact values,
 * the mantissa truncation (< 2^-15 = 0.003 %).
 */
#define TOL_TARGET	1.5e-4L
#define TOL_COMPACT	1.9e-4L

static uint64_t rng_state = 0xfeedfacecafebeefull;

static uint64_t
rnd64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static long double
to_ld(const qtcl_u256 *a)
{
	return ldexpl((long double) a->w[3], 192) + ldexpl((long double) a->w[2], 128) +
		ldexpl((long double) a->w[1], 64) + (long double) a->w[0];
}

static qtcl_asert_params
devnet(void)
{
	qtcl_net_params np;

	qtcl_net_params_get(QTCL_NET_DEVNET, &np);
	return np.asert;
}

static void
factor_table(void)
{
	uint32_t	f,
				prev = 0;
	int			bad_mono = 0,
				bad_err = 0;
	long double worst = 0;

	CHECK(qtcl_asert_factor(0) == 65536, "factor(0) = 65536 (2^0)");
	for (f = 0; f < 65536; f++)
	{
		uint32_t	v = qtcl_asert_factor(f);
		long double exact = 65536.0L * exp2l((long double) f / 65536.0L);
		long double err = fabsl((long double) v - exact) / exact;

		if (f > 0 && v < prev)
			bad_mono++;
		if (err > worst)
			worst = err;
		if (err > 1.3e-4L)
			bad_err++;
		prev = v;
	}
	CHECK(bad_mono == 0, "factor is non-decreasing over all 65536 fractions");
	CHECK(prev <= 131072, "factor(65535) = %u <= 131072 (no jump back at the next whole shift)", prev);
	CHECK(bad_err == 0, "factor within 0.013 %% of 65536 * 2^(f/65536) everywhere (worst %.3Le)", worst);
	/* the polynomial sum fits in 64 bits (checked with 128-bit arithmetic) */
	{
		unsigned __int128 x = 65535;
		unsigned __int128 sum = (unsigned __int128) 195766423245049ull * x + (unsigned __int128) 971821376ull * x * x +
			(unsigned __int128) 5127ull * x * x * x + ((unsigned __int128) 1 << 47);

		CHECK((sum >> 64) == 0, "polynomial sum at frac 65535 fits in 64 bits");
	}
}

static void
steady_and_exact(void)
{
	qtcl_asert_params p = devnet();
	qtcl_u256	anchor,
				t,
				want;
	int64_t		hd,
				e;
	int			bad = 0,
				k;

	qtcl_target_decode(QTCL_DEVNET_GENESIS_COMPACT, &anchor);
	for (hd = 0; hd <= 5000; hd += (hd < 100 ? 1 : 97))
	{
		if (qtcl_asert_target(&p, &anchor, p.ideal_ms * (hd + 1), hd, &t, &e) != QTCL_ASERT_OK ||
			qtcl_u256_cmp(&t, &anchor) != 0 || e != 0)
			bad++;
	}
	CHECK(bad == 0, "steady state: blocks exactly on time keep the anchor target (%d bad)", bad);

	/* whole halflives late / early: exact doubling / halving */
	for (k = -8; k <= 8; k++)
	{
		int64_t		td = p.ideal_ms * 101 + (int64_t) k * p.halflife_ms;

		qtcl_asert_target(&p, &anchor, td, 100, &t, &e);
		if (k >= 0)
			qtcl_u256_shl(&want, &anchor, k);
		else
			qtcl_u256_shr(&want, &anchor, -k);
		CHECK(qtcl_u256_cmp(&t, &want) == 0 && e == (int64_t) k * 65536,
			  "%d halflives %s: target exactly anchor * 2^%d", k < 0 ? -k : k, k < 0 ? "early" : "late", k);
	}
	/* one halflife late on an odd anchor: doubling is exact to the last bit */
	qtcl_u256_from_u64(&anchor, 0x123456789abcdefull);
	qtcl_u256_shl(&anchor, &anchor, 100);
	anchor.w[0] |= 1;
	qtcl_asert_target(&p, &anchor, p.ideal_ms + p.halflife_ms, 0, &t, NULL);
	qtcl_u256_shl(&want, &anchor, 1);
	CHECK(qtcl_u256_cmp(&t, &want) == 0, "odd anchor, one halflife late: exactly 2 * anchor");
	qtcl_asert_target(&p, &anchor, p.ideal_ms - p.halflife_ms, 0, &t, NULL);
	qtcl_u256_shr(&want, &anchor, 1);
	CHECK(qtcl_u256_cmp(&t, &want) == 0, "odd anchor, one halflife early: exactly floor(anchor / 2)");
}

static void
fast_and_slow(void)
{
	qtcl_asert_params p = devnet();
	qtcl_u256	anchor,
				t;
	int64_t		n;
	int			bad = 0,
				lower = 1;
	long double worst = 0;

	qtcl_target_decode(QTCL_DEVNET_GENESIS_COMPACT, &anchor);
	/* blocks twice as fast: after n blocks the schedule deficit is n * 5 s */
	for (n = 1; n <= 2000; n++)
	{
		int64_t		td = p.ideal_ms + n * p.ideal_ms / 2;	/* parent at height n, half-time blocks */
		long double x = (long double) (td - p.ideal_ms * (n + 1)) / (long double) p.halflife_ms;
		long double want = to_ld(&anchor) * exp2l(x);
		long double err;

		qtcl_asert_target(&p, &anchor, td, n, &t, NULL);
		err = fabsl(to_ld(&t) - want) / want;
		if (err > worst)
			worst = err;
		if (err > TOL_TARGET)
			bad++;
		if (qtcl_u256_cmp(&t, &anchor) >= 0)
			lower = 0;
	}
	CHECK(lower, "blocks twice as fast: every target below the anchor (difficulty up)");
	CHECK(bad == 0, "twice as fast: target = anchor * 2^(-n * 5 s / 1 h) within %.2Le (worst %.3Le)",
		  TOL_TARGET, worst);
	/* after 720 fast blocks the deficit is exactly one halflife: exactly half */
	{
		qtcl_u256	half;

		qtcl_asert_target(&p, &anchor, p.ideal_ms + 720 * 5000, 720, &t, NULL);
		qtcl_u256_shr(&half, &anchor, 1);
		CHECK(qtcl_u256_cmp(&t, &half) == 0, "720 blocks at 5 s (1 h deficit): exactly half the target");
	}
	/* random deltas */
	bad = 0;
	worst = 0;
	for (n = 0; n < 20000; n++)
	{
		int64_t		hd = (int64_t) (rnd64() % 100000);
		int64_t		td = p.ideal_ms * (hd + 1) + (int64_t) (rnd64() % (16 * 3600000ull)) - 8 * 3600000;
		long double x = (long double) (td - p.ideal_ms * (hd + 1)) / (long double) p.halflife_ms;
		long double want = to_ld(&anchor) * exp2l(x);
		long double err;

		qtcl_asert_target(&p, &anchor, td, hd, &t, NULL);
		err = fabsl(to_ld(&t) - want) / want;
		if (err > worst)
			worst = err;
		if (err > TOL_TARGET)
			bad++;
	}
	CHECK(bad == 0, "20000 random (height, time) within +-8 halflives: within %.2Le (worst %.3Le)",
		  TOL_TARGET, worst);
}

static void
clamping(void)
{
	qtcl_asert_params p = devnet();
	qtcl_net_params rt;
	qtcl_u256	anchor,
				t,
				one;
	int64_t		e;

	qtcl_u256_from_u64(&one, 1);
	qtcl_target_decode(QTCL_DEVNET_GENESIS_COMPACT, &anchor);
	CHECK(qtcl_asert_target(&p, &anchor, p.ideal_ms + 20 * p.halflife_ms, 0, &t, NULL) == QTCL_ASERT_OK &&
		  qtcl_u256_cmp(&t, &p.pow_limit) == 0, "20 halflives late: clamped at the devnet pow limit");
	CHECK(qtcl_asert_target(&p, &anchor, p.ideal_ms - 240 * p.halflife_ms, 0, &t, NULL) == QTCL_ASERT_OK &&
		  qtcl_u256_cmp(&t, &one) == 0, "240 halflives early: clamped at 1");
	CHECK(qtcl_asert_target(&p, &anchor, INT64_MAX, 0, &t, &e) == QTCL_ASERT_OK &&
		  qtcl_u256_cmp(&t, &p.pow_limit) == 0 && e > 0, "time delta INT64_MAX: pow limit, no overflow");
	CHECK(qtcl_asert_target(&p, &anchor, INT64_MIN + 20000, 0, &t, &e) == QTCL_ASERT_OK &&
		  qtcl_u256_cmp(&t, &one) == 0 && e < 0, "time delta near INT64_MIN: 1, no overflow");
	/* anchor target 1 cannot go lower */
	CHECK(qtcl_asert_target(&p, &one, p.ideal_ms - p.halflife_ms, 0, &t, NULL) == QTCL_ASERT_OK &&
		  qtcl_u256_cmp(&t, &one) == 0, "anchor 1, early: stays 1 (0 becomes 1)");

	/* regtest: anchor 2^255 - 1 uses the 320-bit product */
	qtcl_net_params_get(QTCL_NET_REGTEST, &rt);
	CHECK(qtcl_asert_target(&rt.asert, &rt.asert.pow_limit, rt.asert.ideal_ms + rt.asert.halflife_ms / 2, 0,
							&t, NULL) == QTCL_ASERT_OK && qtcl_u256_cmp(&t, &rt.asert.pow_limit) == 0,
		  "regtest anchor at the limit, late: clamped at 2^255 - 1 (no 256-bit overflow)");
	{
		qtcl_u256	anchor_rt,
					want;
		long double x = -0.5L,
					err;

		qtcl_target_decode(rt.genesis_compact, &anchor_rt);
		qtcl_asert_target(&rt.asert, &anchor_rt, rt.asert.ideal_ms - rt.asert.halflife_ms / 2, 0, &t, NULL);
		err = fabsl(to_ld(&t) - to_ld(&anchor_rt) * exp2l(x)) / (to_ld(&anchor_rt) * exp2l(x));
		CHECK(err < TOL_TARGET, "regtest anchor 0x207fffff, half a halflife early: 2^-0.5 within tolerance (%.3Le)",
			  err);
		qtcl_asert_target(&rt.asert, &anchor_rt, rt.asert.ideal_ms - rt.asert.halflife_ms, 0, &t, NULL);
		qtcl_u256_shr(&want, &anchor_rt, 1);
		CHECK(qtcl_u256_cmp(&t, &want) == 0, "regtest anchor, one halflife early: exactly half");
		/* the anchor times the largest factor exceeds 2^256: kept in 320 bits, then shifted */
		qtcl_asert_target(&rt.asert, &anchor_rt, rt.asert.ideal_ms - rt.asert.halflife_ms - 100, 0, &t, NULL);
		CHECK(qtcl_u256_cmp(&t, &want) < 0 && to_ld(&t) > to_ld(&want) * 0.9999L,
			  "regtest anchor, 100 ms over one halflife early: a hair below half (anchor * 131071 needs 320 bits)");
	}
	/* a pow limit below the anchor clamps even on schedule */
	{
		qtcl_asert_params small = p;

		qtcl_u256_from_u64(&small.pow_limit, 1000);
		qtcl_asert_target(&small, &anchor, small.ideal_ms, 0, &t, NULL);
		CHECK(t.w[0] == 1000 && qtcl_u256_fits_u64(&t), "result above a small pow limit is clamped to it");
	}
}

static void
monotonic(void)
{
	qtcl_asert_params p = devnet();
	qtcl_u256	anchor,
				t,
				prev;
	int			bad = 0,
				r,
				i;

	for (r = 0; r < 6; r++)
	{
		int64_t		td;
		int64_t		hd = (int64_t) (rnd64() % 10000);

		for (i = 0; i < 4; i++)
			anchor.w[i] = rnd64();
		qtcl_u256_shr(&anchor, &anchor, 20 + (int) (rnd64() % 200));
		anchor.w[0] |= 1;
		/* sweep 3 halflives around the schedule in steps finer than one fraction unit (54.9 ms) */
		for (td = p.ideal_ms * (hd + 1) - 3 * p.halflife_ms + (int64_t) (rnd64() % 50), i = 0;
			 td <= p.ideal_ms * (hd + 1) + 3 * p.halflife_ms; td += 37, i++)
		{
			qtcl_asert_target(&p, &anchor, td, hd, &t, NULL);
			if (i > 0 && qtcl_u256_cmp(&t, &prev) < 0)
				bad++;
			prev = t;
		}
	}
	CHECK(bad == 0, "target non-decreasing in the time delta (6 anchors, 37 ms steps over 6 halflives; %d drops)",
		  bad);
	/* and non-increasing in the height delta at a fixed time */
	bad = 0;
	qtcl_target_decode(QTCL_DEVNET_GENESIS_COMPACT, &anchor);
	for (i = 0; i < 3000; i++)
	{
		qtcl_asert_target(&p, &anchor, 5000000, i, &t, NULL);
		if (i > 0 && qtcl_u256_cmp(&t, &prev) > 0)
			bad++;
		prev = t;
	}
	CHECK(bad == 0, "target non-increasing in the height at a fixed time (%d rises)", bad);
}

/*
 * BCH-style runs: an anchor (genesis) and a sequence of blocks whose solve
 * times follow a pattern; each block's compact target from the chain form
 * must match the exact exponential within the compact tolerance.
 */
typedef int64_t (*solve_fn) (int64_t i);

static int64_t solve_on_time(int64_t i) { (void) i; return 10000; }
static int64_t solve_fast(int64_t i) { (void) i; return 3000; }
static int64_t solve_slow(int64_t i) { (void) i; return 45000; }
static int64_t solve_alternating(int64_t i) { return (i % 2) ? 1 : 19999; }
static int64_t solve_random(int64_t i) { (void) i; return (int64_t) (rnd64() % 40001); }
static int64_t solve_stall(int64_t i) { return i == 50 ? 6 * 3600000 : 10000; }
static int64_t solve_ramp(int64_t i) { return 100 + i * 20; }

static void
runs(void)
{
	static const struct
	{
		const char *name;
		solve_fn	fn;
		uint32_t	anchor;
	}			run[] = {
		{"on time", solve_on_time, QTCL_DEVNET_GENESIS_COMPACT},
		{"3 s blocks", solve_fast, QTCL_DEVNET_GENESIS_COMPACT},
		{"45 s blocks", solve_slow, QTCL_DEVNET_GENESIS_COMPACT},
		{"alternating 1 ms / 20 s", solve_alternating, QTCL_DEVNET_GENESIS_COMPACT},
		{"random 0..40 s", solve_random, 0x1c0ffff0u},
		{"6 h stall at block 50", solve_stall, QTCL_DEVNET_GENESIS_COMPACT},
		{"ramp 0.1 s .. 20 s", solve_ramp, 0x1a7fffffu},
		{"random, high anchor", solve_random, 0x1f7fffffu},
	};
	qtcl_asert_params p = devnet();
	size_t		r;

	for (r = 0; r < sizeof run / sizeof run[0]; r++)
	{
		int64_t		genesis_time = 1700000000000;
		int64_t		parent_time = genesis_time;
		uint64_t	h;
		qtcl_u256	anchor;
		int			bad = 0,
					errors = 0;
		long double worst = 0;

		qtcl_target_decode(run[r].anchor, &anchor);
		for (h = 0; h < 1000; h++)
		{
			uint32_t	c;
			qtcl_u256	t;
			long double x,
						want,
						err;

			/* the block at height h+1 builds on the parent at height h */
			if (qtcl_asert_next_compact(&p, run[r].anchor, 0, genesis_time, h, parent_time, &c) != QTCL_ASERT_OK ||
				qtcl_target_decode(c, &t) != QTCL_TARGET_OK)
			{
				errors++;
				break;
			}
			x = (long double) (parent_time - genesis_time - (int64_t) h * p.ideal_ms) / p.halflife_ms;
			want = to_ld(&anchor) * exp2l(x);
			if (want > to_ld(&p.pow_limit))
				want = to_ld(&p.pow_limit);
			err = fabsl(to_ld(&t) - want) / want;
			if (err > worst)
				worst = err;
			if (err > TOL_COMPACT)
				bad++;
			parent_time += run[r].fn((int64_t) h);
		}
		CHECK(errors == 0 && bad == 0, "run \"%s\" (1000 blocks, anchor %08x): every compact target within %.2Le of "
			  "anchor * 2^x (worst %.3Le)", run[r].name, run[r].anchor, TOL_COMPACT, worst);
	}
}

static void
networks_and_errors(void)
{
	qtcl_net_params np;
	qtcl_asert_params p = devnet(),
				bad;
	qtcl_u256	t,
				lim,
				start,
				zero;
	uint32_t	c;

	CHECK(qtcl_net_params_get(QTCL_NET_REGTEST, &np) == QTCL_ASERT_OK && strcmp(np.name, "regtest") == 0,
		  "regtest parameters");
	qtcl_u256_max(&lim);
	qtcl_u256_shr(&lim, &lim, 1);
	CHECK(qtcl_u256_cmp(&np.asert.pow_limit, &lim) == 0, "regtest pow limit = 2^255 - 1");
	CHECK(np.genesis_compact == QTCL_REGTEST_GENESIS_COMPACT &&
		  qtcl_target_encode(&np.asert.pow_limit) == QTCL_REGTEST_POW_LIMIT_COMPACT,
		  "regtest genesis and limit compact 0x207fffff");
	CHECK(np.asert.ideal_ms == 10000 && np.asert.halflife_ms == 3600000 && np.max_future_ms == 15000,
		  "regtest: 10 s, 1 h halflife, 15 s future");

	CHECK(qtcl_net_params_get(QTCL_NET_DEVNET, &np) == QTCL_ASERT_OK && strcmp(np.name, "devnet") == 0,
		  "devnet parameters");
	qtcl_u256_max(&lim);
	qtcl_u256_shr(&lim, &lim, 8);
	CHECK(qtcl_u256_cmp(&np.asert.pow_limit, &lim) == 0, "devnet pow limit = 2^248 - 1");
	CHECK(qtcl_target_encode(&np.asert.pow_limit) == QTCL_DEVNET_POW_LIMIT_COMPACT, "devnet limit compact 0x2000ffff");
	qtcl_target_from_hashrate(QTCL_DEVNET_HASHRATE, 10000, &start);
	CHECK(np.genesis_compact == QTCL_DEVNET_GENESIS_COMPACT && qtcl_target_encode(&start) == np.genesis_compact,
		  "devnet genesis compact 0x1e011e54 = encode(from_hashrate(1.5e6, 10 s))");
	qtcl_target_decode(np.genesis_compact, &t);
	qtcl_u256_shr(&lim, &np.asert.pow_limit, 15);
	CHECK(qtcl_u256_cmp(&t, &lim) < 0, "devnet start is more than 2^15 below the pow limit");
	CHECK(qtcl_net_params_get((qtcl_net) 99, &np) == QTCL_ASERT_ERR_NET, "unknown network refused");

	qtcl_target_decode(QTCL_DEVNET_GENESIS_COMPACT, &t);
	qtcl_u256_zero(&zero);
	bad = p;
	bad.ideal_ms = 0;
	CHECK(qtcl_asert_target(&bad, &t, 0, 0, &start, NULL) == QTCL_ASERT_ERR_PARAMS, "ideal 0 refused");
	bad = p;
	bad.halflife_ms = 0;
	CHECK(qtcl_asert_target(&bad, &t, 0, 0, &start, NULL) == QTCL_ASERT_ERR_PARAMS, "halflife 0 refused");
	bad.halflife_ms = QTCL_ASERT_HALFLIFE_MS_MAX + 1;
	CHECK(qtcl_asert_target(&bad, &t, 0, 0, &start, NULL) == QTCL_ASERT_ERR_PARAMS, "halflife above 2^46 refused");
	bad = p;
	bad.pow_limit = zero;
	CHECK(qtcl_asert_target(&bad, &t, 0, 0, &start, NULL) == QTCL_ASERT_ERR_PARAMS, "zero pow limit refused");
	CHECK(qtcl_asert_target(&p, &zero, 0, 0, &start, NULL) == QTCL_ASERT_ERR_ANCHOR, "zero anchor refused");
	CHECK(qtcl_asert_target(&p, &t, 0, -1, &start, NULL) == QTCL_ASERT_ERR_HEIGHT, "negative height delta refused");
	CHECK(qtcl_asert_target(&p, &t, 0, INT64_MAX / 1000, &start, NULL) == QTCL_ASERT_ERR_RANGE,
		  "ideal * (height delta + 1) overflow refused");
	CHECK(qtcl_asert_next_compact(&p, QTCL_DEVNET_GENESIS_COMPACT, 10, 0, 9, 0, &c) == QTCL_ASERT_ERR_HEIGHT,
		  "parent below the anchor refused");
	CHECK(qtcl_asert_next_compact(&p, 0x04923456u, 0, 0, 1, 0, &c) == QTCL_ASERT_ERR_ANCHOR && c == 0,
		  "invalid anchor compact refused");
	CHECK(qtcl_asert_next_compact(&p, QTCL_DEVNET_GENESIS_COMPACT, 0, INT64_MIN + 5, 1, INT64_MAX, &c) ==
		  QTCL_ASERT_ERR_RANGE, "time difference overflow refused");
	CHECK(strcmp(qtcl_asert_strerror(QTCL_ASERT_ERR_RANGE), "unknown difficulty error") != 0, "messages exist");
}

/* docs/PROTOCOL.block.md "Difficulty (ASERT)": devnet, genesis at 1700000000000 ms, height 0. */
static void
doc_examples(void)
{
	static const struct
	{
		const char *name;
		uint64_t	parent_height;
		int64_t		parent_time;
		int64_t		exponent;
		uint32_t	compact;
	}			ex[] = {
		{"block 1 on time", 0, 1700000000000, 0, 0x1e011e54u},
		{"height 100 on time", 100, 1700001000000, 0, 0x1e011e54u},
		{"height 100, blocks twice as fast", 100, 1700000500000, -9102, 0x1e010414u},
		{"height 100, one halflife late", 100, 1700004600000, 65536, 0x1e023ca8u},
		{"height 100, one halflife early", 100, 1699997400000, -65536, 0x1e008f2au},
		{"height 100, 30 minutes late", 100, 1700002800000, 32768, 0x1e0194e5u},
		{"height 360, all at genesis time", 360, 1700000000000, -65536, 0x1e008f2au},
		{"height 10, 20 halflives late", 10, 1700072100000, 1310720, 0x2000ffffu},
	};
	qtcl_asert_params p = devnet();
	size_t		i;

	for (i = 0; i < sizeof ex / sizeof ex[0]; i++)
	{
		uint32_t	c = 0;
		qtcl_u256	anchor,
					t;
		int64_t		e = 0;
		int64_t		td = ex[i].parent_time - (1700000000000 - p.ideal_ms);

		qtcl_target_decode(QTCL_DEVNET_GENESIS_COMPACT, &anchor);
		qtcl_asert_target(&p, &anchor, td, (int64_t) ex[i].parent_height, &t, &e);
		CHECK(qtcl_asert_next_compact(&p, QTCL_DEVNET_GENESIS_COMPACT, 0, 1700000000000, ex[i].parent_height,
									  ex[i].parent_time, &c) == QTCL_ASERT_OK &&
			  c == ex[i].compact && e == ex[i].exponent,
			  "PROTOCOL.block.md example \"%s\": exponent %lld, compact %08x (got %lld, %08x)", ex[i].name,
			  (long long) ex[i].exponent, ex[i].compact, (long long) e, c);
	}
	/* regtest: 1000 blocks 1 ms apart after genesis */
	{
		qtcl_net_params rt;
		uint32_t	c = 0;

		qtcl_net_params_get(QTCL_NET_REGTEST, &rt);
		CHECK(qtcl_asert_next_compact(&rt.asert, rt.genesis_compact, 0, 1700000000000, 1000, 1700000001000, &c) ==
			  QTCL_ASERT_OK && c == 0x2012ab3fu,
			  "PROTOCOL.block.md example: regtest after 1000 instant blocks -> 0x2012ab3f (got %08x)", c);
	}
}

int
main(void)
{
	factor_table();
	steady_and_exact();
	fast_and_slow();
	clamping();
	monotonic();
	runs();
	networks_and_errors();
	doc_examples();
	return unit_done();
}
