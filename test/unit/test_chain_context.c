/*
 * test_chain_context.c: the contextual header checks (chain/context.h):
 * height, the ASERT target, median time past, the future limit, the beacon
 * round newer than the parent's, and the beacon round's age. Each verdict at
 * its boundary, the order of the checks when several fail, the result's
 * numbers, the describe() messages and the argument errors.
 *
 * The network parameters are the real ones (qtcl_net_params_get) and every
 * expected target is computed with qtcl_asert_next_compact directly.
 */
#include <stdlib.h>

#include "chain/asert.h"
#include "chain/context.h"
#include "chain/header.h"
#include "chain/target.h"
#include "unit.h"

#define GENESIS_MS	INT64_C(1700000000000)
#define PARENT_H	UINT64_C(10)
/* parent at height 10, 7 s ahead of the 10 s schedule: a target below the anchor's */
#define PARENT_MS	(GENESIS_MS + INT64_C(93000))
#define SPACING_MS	INT64_C(9000)
#define MTP_MS		(PARENT_MS - 5 * SPACING_MS)	/* median of 11 timestamps 9 s apart */
#define BLOCK_MS	(PARENT_MS + INT64_C(8000))
#define PARENT_ROUND UINT64_C(41)
#define ROUND		UINT64_C(42)
#define ROUND_AGE_MS INT64_C(4000)
#define MAX_AGE_MS	INT64_C(30000)

static qtcl_net_params devnet,
			regtest;
static int64_t recent[QTCL_MTP_SPAN];
static uint32_t expected_target;	/* the ASERT value for the parent, computed directly */

/* A context and header that pass every check; tests then change one thing. */
static void
base(qtcl_block_context *ctx, qtcl_block_header *h)
{
	int			i;

	for (i = 0; i < QTCL_MTP_SPAN; i++)
		recent[i] = PARENT_MS - SPACING_MS * i;
	memset(ctx, 0, sizeof *ctx);
	ctx->parent_height = PARENT_H;
	ctx->recent_ms = recent;
	ctx->n_recent = QTCL_MTP_SPAN;
	ctx->parent_beacon_round = PARENT_ROUND;
	ctx->asert = devnet.asert;
	ctx->anchor_compact = devnet.genesis_compact;
	ctx->anchor_height = 0;
	ctx->anchor_time_ms = GENESIS_MS;
	ctx->check_future = 1;
	ctx->node_time_ms = BLOCK_MS;
	ctx->max_future_ms = devnet.max_future_ms;
	ctx->max_beacon_age_ms = MAX_AGE_MS;

	memset(h, 0, sizeof *h);
	h->version = 1;
	h->chain_id = 2;
	h->height = PARENT_H + 1;
	memset(h->parent, 0xAA, 32);
	h->timestamp_ms = BLOCK_MS;
	h->target_compact = expected_target;
	memset(h->miner, 0x11, 32);
	memset(h->beacon_round_hash, 0x22, 32);
}

/* Check h (round, round time) against ctx; expect `want`, print the message. */
static int
expect(const qtcl_block_header *h, uint64_t round, int64_t round_ms, const qtcl_block_context *ctx,
	   int want, qtcl_context_result *res, const char *what)
{
	char		msg[QTCL_CTX_MESSAGE_SIZE];
	int			rc = qtcl_block_check_context(h, round, round_ms, ctx, res);

	qtcl_context_describe(res, h, round, ctx, msg, sizeof msg);
	return CHECK(rc == want && res->code == want, "%s -> %d (%s), want %d", what, rc, msg, want);
}

static void
setup(void)
{
	uint32_t	t;
	qtcl_u256	a,
				b;

	CHECK(qtcl_net_params_get(QTCL_NET_DEVNET, &devnet) == QTCL_ASERT_OK, "devnet parameters");
	CHECK(qtcl_net_params_get(QTCL_NET_REGTEST, &regtest) == QTCL_ASERT_OK, "regtest parameters");
	CHECK(qtcl_asert_next_compact(&devnet.asert, devnet.genesis_compact, 0, GENESIS_MS, PARENT_H, PARENT_MS,
								  &expected_target) == QTCL_ASERT_OK, "ASERT target for the parent 0x%08x",
		  expected_target);
	/* the fixture must be able to tell the anchor's target from the rule's value */
	qtcl_target_decode(expected_target, &a);
	qtcl_target_decode(devnet.genesis_compact, &b);
	CHECK(expected_target != devnet.genesis_compact && qtcl_u256_cmp(&a, &b) < 0,
		  "a parent ahead of schedule gives a target below the anchor's (0x%08x < 0x%08x)",
		  expected_target, devnet.genesis_compact);
	CHECK(qtcl_asert_next_compact(&devnet.asert, devnet.genesis_compact, 0, GENESIS_MS, PARENT_H,
								  PARENT_MS + 1000, &t) == QTCL_ASERT_OK && t != expected_target,
		  "the rule's value moves with the parent's time (0x%08x vs 0x%08x)", t, expected_target);
}

static void
passing(void)
{
	qtcl_block_context ctx;
	qtcl_block_header h;
	qtcl_context_result res;
	uint32_t	t = 0;

	base(&ctx, &h);
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_OK, &res, "valid header");
	CHECK(res.expected_target == expected_target, "result expected target 0x%08x", res.expected_target);
	CHECK(res.mtp == MTP_MS, "result MTP %lld, want %lld", (long long) res.mtp, (long long) MTP_MS);
	CHECK(res.limit_ms == BLOCK_MS + devnet.max_future_ms, "result limit %lld", (long long) res.limit_ms);
	CHECK(res.beacon_age_ms == ROUND_AGE_MS, "result beacon age %lld", (long long) res.beacon_age_ms);
	CHECK(res.detail == 0, "result detail 0");
	CHECK(qtcl_block_check_context(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, NULL) == QTCL_CTX_OK,
		  "res may be NULL");

	/* qtcl_context_next_target is the ASERT rule with the context's anchor */
	CHECK(qtcl_context_next_target(&ctx, PARENT_MS, &t) == QTCL_ASERT_OK && t == expected_target,
		  "next target for the parent = qtcl_asert_next_compact (0x%08x)", t);
	{
		static const int64_t deltas[] = {-3600000, -1, 0, 1, 20000, 3600000, INT64_C(7200000)};
		int			bad = 0;
		size_t		k;

		for (k = 0; k < sizeof deltas / sizeof deltas[0]; k++)
		{
			uint32_t	want = 0,
						got = 1;

			qtcl_asert_next_compact(&devnet.asert, devnet.genesis_compact, 0, GENESIS_MS, PARENT_H,
									PARENT_MS + deltas[k], &want);
			if (qtcl_context_next_target(&ctx, PARENT_MS + deltas[k], &got) != QTCL_ASERT_OK || got != want)
				bad++;
		}
		CHECK(bad == 0, "next target = qtcl_asert_next_compact for 7 parent times (%d differ)", bad);
	}
	CHECK(qtcl_context_next_target(NULL, PARENT_MS, &t) == QTCL_ASERT_ERR_PARAMS, "next target: NULL context");
	CHECK(qtcl_context_next_target(&ctx, PARENT_MS, NULL) == QTCL_ASERT_ERR_PARAMS, "next target: NULL out");

	/* the block right after genesis: anchor target, parent round 0 */
	{
		int64_t		g[1] = {GENESIS_MS};

		base(&ctx, &h);
		ctx.parent_height = 0;
		ctx.recent_ms = g;
		ctx.n_recent = 1;
		ctx.parent_beacon_round = 0;
		h.height = 1;
		h.timestamp_ms = GENESIS_MS + 10000;
		ctx.node_time_ms = GENESIS_MS + 10000;
		h.target_compact = devnet.genesis_compact;
		expect(&h, 1, GENESIS_MS + 9000, &ctx, QTCL_CTX_OK, &res,
			   "block 1 after genesis: the anchor's target, round 1 after none");
		CHECK(res.mtp == GENESIS_MS, "one recent timestamp: MTP is the parent's");
		h.timestamp_ms = GENESIS_MS;
		expect(&h, 1, GENESIS_MS - 1000, &ctx, QTCL_CTX_ERR_TIME_TOO_OLD, &res,
			   "block 1 at the genesis timestamp");
		h.timestamp_ms = GENESIS_MS + 10000;
		expect(&h, 0, GENESIS_MS + 9000, &ctx, QTCL_CTX_ERR_BEACON_NOT_NEWER, &res,
			   "block 1 with round 0 after genesis' none");
	}

	/* regtest: on schedule and late both give the pow limit itself */
	{
		int64_t		p[2] = {GENESIS_MS + 10000, GENESIS_MS};
		uint32_t	want = 0;

		base(&ctx, &h);
		ctx.asert = regtest.asert;
		ctx.anchor_compact = regtest.genesis_compact;
		ctx.parent_height = 1;
		ctx.recent_ms = p;
		ctx.n_recent = 2;
		h.height = 2;
		h.timestamp_ms = GENESIS_MS + 20000;
		ctx.node_time_ms = h.timestamp_ms;
		CHECK(qtcl_asert_next_compact(&regtest.asert, regtest.genesis_compact, 0, GENESIS_MS, 1,
									  GENESIS_MS + 10000, &want) == QTCL_ASERT_OK &&
			  want == QTCL_REGTEST_POW_LIMIT_COMPACT, "regtest on schedule: 0x%08x", want);
		h.target_compact = QTCL_REGTEST_POW_LIMIT_COMPACT;
		expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "regtest block at the pow limit");
		h.target_compact = QTCL_REGTEST_POW_LIMIT_COMPACT - 1;
		expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_ERR_TARGET, &res, "regtest block one below");
		CHECK(res.expected_target == QTCL_REGTEST_POW_LIMIT_COMPACT, "regtest expected target 0x%08x",
			  res.expected_target);
		/* a parent an hour late: pinned at the limit, not above */
		p[0] = GENESIS_MS + 3600000;
		h.timestamp_ms = p[0] + 10000;
		ctx.node_time_ms = h.timestamp_ms;
		h.target_compact = QTCL_REGTEST_POW_LIMIT_COMPACT;
		expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "regtest parent an hour late: still the limit");
	}
}

static void
height(void)
{
	qtcl_block_context ctx;
	qtcl_block_header h;
	qtcl_context_result res;

	base(&ctx, &h);
	h.height = PARENT_H + 2;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_HEIGHT, &res, "height parent + 2");
	CHECK(res.expected_target == 0 && res.mtp == 0, "height failure: nothing further computed");
	h.height = PARENT_H;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_HEIGHT, &res, "height == parent's");
	h.height = 0;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_HEIGHT, &res, "height 0");
	h.height = UINT64_MAX;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_HEIGHT, &res, "height 2^64 - 1");
	/* parent at 2^64 - 1: parent + 1 wraps to 0, which must not match */
	ctx.parent_height = UINT64_MAX;
	h.height = 0;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_HEIGHT, &res,
		   "parent height 2^64 - 1, block height 0 (no wrap)");
}

static void
target(void)
{
	qtcl_block_context ctx;
	qtcl_block_header h;
	qtcl_context_result res;
	uint32_t	other = 0;

	base(&ctx, &h);
	h.target_compact = expected_target + 1;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_TARGET, &res, "target one above the rule's");
	CHECK(res.expected_target == expected_target, "expected target reported 0x%08x", res.expected_target);
	h.target_compact = expected_target - 1;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_TARGET, &res, "target one below the rule's");
	h.target_compact = devnet.genesis_compact;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_TARGET, &res, "the anchor's target");
	h.target_compact = QTCL_DEVNET_POW_LIMIT_COMPACT;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_TARGET, &res, "the pow limit");
	h.target_compact = 0;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_TARGET, &res, "target 0 (not a compact)");

	/* the parent's time is recent_ms[0]: a later parent changes the rule's value */
	qtcl_asert_next_compact(&devnet.asert, devnet.genesis_compact, 0, GENESIS_MS, PARENT_H, PARENT_MS + 60000,
							&other);
	h.target_compact = other;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_TARGET, &res,
		   "target for a parent 60 s later refused");
	recent[0] = PARENT_MS + 60000;
	h.timestamp_ms = PARENT_MS + 61000;
	ctx.node_time_ms = h.timestamp_ms;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "and accepted when the parent is 60 s later");
	CHECK(res.expected_target == other, "expected target follows recent_ms[0]");

	/* a different anchor height changes the value too */
	base(&ctx, &h);
	ctx.anchor_height = 1;
	qtcl_asert_next_compact(&devnet.asert, devnet.genesis_compact, 1, GENESIS_MS, PARENT_H, PARENT_MS, &other);
	CHECK(other != expected_target, "anchor height 1 gives another value 0x%08x", other);
	h.target_compact = other;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_OK, &res, "anchor height 1: its own value accepted");
	h.target_compact = expected_target;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_TARGET, &res,
		   "anchor height 1: the height-0 anchor's value refused");

	/* the difficulty parameters are checked (ASERT code in detail) */
	base(&ctx, &h);
	ctx.asert.ideal_ms = 0;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_ARGUMENT, &res, "ideal 0 ms");
	CHECK(res.detail == QTCL_ASERT_ERR_PARAMS, "detail %d = ASERT params", res.detail);
	base(&ctx, &h);
	ctx.asert.halflife_ms = 0;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_ARGUMENT, &res, "halflife 0 ms");
	CHECK(res.detail == QTCL_ASERT_ERR_PARAMS, "detail %d = ASERT params", res.detail);
	base(&ctx, &h);
	ctx.anchor_compact = 0;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_ARGUMENT, &res, "anchor compact 0");
	CHECK(res.detail == QTCL_ASERT_ERR_ANCHOR, "detail %d = ASERT anchor", res.detail);
	base(&ctx, &h);
	ctx.anchor_height = PARENT_H + 1;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_ARGUMENT, &res, "parent below the anchor");
	CHECK(res.detail == QTCL_ASERT_ERR_HEIGHT, "detail %d = ASERT height", res.detail);
	base(&ctx, &h);
	ctx.anchor_time_ms = INT64_MIN;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_ARGUMENT, &res, "anchor time INT64_MIN");
	CHECK(res.detail == QTCL_ASERT_ERR_RANGE, "detail %d = ASERT range", res.detail);
	/* the height check comes before the target's parameters */
	base(&ctx, &h);
	ctx.asert.ideal_ms = 0;
	h.height = PARENT_H + 2;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_HEIGHT, &res,
		   "wrong height and bad ASERT parameters: HEIGHT first");
}

static void
times(void)
{
	qtcl_block_context ctx;
	qtcl_block_header h;
	qtcl_context_result res;

	/* median time past */
	base(&ctx, &h);
	h.timestamp_ms = MTP_MS;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_ERR_TIME_TOO_OLD, &res, "timestamp == MTP");
	CHECK(res.mtp == MTP_MS && res.expected_target == expected_target, "TOO_OLD result: MTP %lld, target",
		  (long long) res.mtp);
	h.timestamp_ms = MTP_MS + 1;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "timestamp == MTP + 1 (below the parent's)");
	h.timestamp_ms = MTP_MS - 1;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_ERR_TIME_TOO_OLD, &res, "timestamp == MTP - 1");
	h.timestamp_ms = 0;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_ERR_TIME_TOO_OLD, &res, "timestamp 0");

	/* the median, not the first or the last timestamp; any order */
	{
		static const int64_t shuffled[QTCL_MTP_SPAN] = {50, 10, 110, 30, 90, 70, 20, 100, 40, 80, 60};

		base(&ctx, &h);
		for (int i = 0; i < QTCL_MTP_SPAN; i++)
			recent[i] = PARENT_MS - 1000 * shuffled[i];
		/* the target depends on recent_ms[0], which is now 50 s earlier */
		qtcl_asert_next_compact(&devnet.asert, devnet.genesis_compact, 0, GENESIS_MS, PARENT_H, recent[0],
								&h.target_compact);
		/* median of {10..110} * 1000 back is 60 s back */
		h.timestamp_ms = PARENT_MS - 60000;
		expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_ERR_TIME_TOO_OLD, &res,
			   "unsorted ancestors: timestamp == their median");
		CHECK(res.mtp == PARENT_MS - 60000, "unsorted ancestors: MTP %lld", (long long) res.mtp);
		h.timestamp_ms = PARENT_MS - 59999;
		expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "unsorted ancestors: median + 1");
	}
	/* only the first 11 count: a 12th, much later, changes nothing */
	{
		int64_t		twelve[12];

		base(&ctx, &h);
		for (int i = 0; i < 11; i++)
			twelve[i] = recent[i];
		twelve[11] = BLOCK_MS + 1000000;
		ctx.recent_ms = twelve;
		ctx.n_recent = 12;
		h.timestamp_ms = MTP_MS + 1;
		expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "12 timestamps: the 12th is ignored");
		CHECK(res.mtp == MTP_MS, "12 timestamps: MTP %lld", (long long) res.mtp);
		/* with fewer ancestors the median moves: 3 of them -> the middle one */
		ctx.n_recent = 3;
		expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_ERR_TIME_TOO_OLD, &res, "3 timestamps: MTP + 1 too old");
		CHECK(res.mtp == PARENT_MS - SPACING_MS, "3 timestamps: MTP is the middle one (%lld)", (long long) res.mtp);
		/* two: the upper median, the parent's */
		ctx.n_recent = 2;
		h.timestamp_ms = PARENT_MS;
		expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_ERR_TIME_TOO_OLD, &res,
			   "2 timestamps: timestamp == parent's is too old (upper median)");
		h.timestamp_ms = PARENT_MS + 1;
		expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "2 timestamps: parent's + 1");
	}

	/* the future limit */
	base(&ctx, &h);
	h.timestamp_ms = ctx.node_time_ms + ctx.max_future_ms;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "timestamp == node time + max future");
	h.timestamp_ms++;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_TOO_NEW, &res, "timestamp == node time + max future + 1");
	CHECK(res.limit_ms == BLOCK_MS + 15000 && res.mtp == MTP_MS, "TOO_NEW result: limit %lld, MTP",
		  (long long) res.limit_ms);
	ctx.check_future = 0;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "the same with check_future = 0");
	h.timestamp_ms = INT64_MAX;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "timestamp 2^63 - 1 with check_future = 0");
	ctx.check_future = 1;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_TOO_NEW, &res, "timestamp 2^63 - 1 with check_future = 1");
	/* check_future = 0 skips the rule whatever the node time (even one where the sum does not saturate) */
	ctx.check_future = 0;
	ctx.node_time_ms = -1;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res,
		   "timestamp 2^63 - 1, node time -1, check_future = 0");
	ctx.node_time_ms = BLOCK_MS;
	/* check_future = 0 does not skip the median time past */
	ctx.check_future = 0;
	h.timestamp_ms = MTP_MS;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_ERR_TIME_TOO_OLD, &res, "check_future = 0 still checks MTP");
	/* node time + max future saturates */
	base(&ctx, &h);
	ctx.node_time_ms = INT64_MAX - 5;
	h.timestamp_ms = INT64_MAX;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "node time + max future beyond 2^63: saturated");
	CHECK(res.limit_ms == INT64_MAX, "saturated limit %lld", (long long) res.limit_ms);
	/* max future 0: exactly node time */
	base(&ctx, &h);
	ctx.max_future_ms = 0;
	h.timestamp_ms = ctx.node_time_ms;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_OK, &res, "max future 0: timestamp == node time");
	h.timestamp_ms++;
	expect(&h, ROUND, h.timestamp_ms, &ctx, QTCL_CTX_TOO_NEW, &res, "max future 0: node time + 1");
	/* a node clock behind the chain: every block too new, the chain still valid without the check */
	base(&ctx, &h);
	ctx.node_time_ms = MTP_MS - 100000;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_TOO_NEW, &res, "node clock behind the chain");
	ctx.check_future = 0;
	expect(&h, ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_OK, &res, "node clock behind, check_future = 0");
}

static void
beacon(void)
{
	qtcl_block_context ctx;
	qtcl_block_header h;
	qtcl_context_result res;

	/* newer than the parent's round */
	base(&ctx, &h);
	expect(&h, PARENT_ROUND, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_BEACON_NOT_NEWER, &res,
		   "round == parent's round");
	CHECK(res.mtp == MTP_MS && res.expected_target == expected_target && res.beacon_age_ms == 0,
		  "NOT_NEWER result: MTP and target set, age not computed");
	expect(&h, PARENT_ROUND + 1, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_OK, &res, "round == parent's + 1");
	expect(&h, PARENT_ROUND + 1000, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_OK, &res,
		   "round far above the parent's (rounds may be skipped)");
	expect(&h, PARENT_ROUND - 1, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_BEACON_NOT_NEWER, &res,
		   "round below the parent's");
	expect(&h, 0, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_BEACON_NOT_NEWER, &res, "round 0");
	ctx.parent_beacon_round = UINT64_MAX;
	expect(&h, UINT64_MAX, BLOCK_MS - ROUND_AGE_MS, &ctx, QTCL_CTX_ERR_BEACON_NOT_NEWER, &res,
		   "parent round 2^64 - 1: nothing is newer");

	/* age at the block's timestamp */
	base(&ctx, &h);
	expect(&h, ROUND, BLOCK_MS - MAX_AGE_MS, &ctx, QTCL_CTX_OK, &res, "age == max");
	CHECK(res.beacon_age_ms == MAX_AGE_MS, "age %lld reported", (long long) res.beacon_age_ms);
	expect(&h, ROUND, BLOCK_MS - MAX_AGE_MS - 1, &ctx, QTCL_CTX_ERR_BEACON_STALE, &res, "age == max + 1");
	CHECK(res.beacon_age_ms == MAX_AGE_MS + 1, "stale age %lld reported", (long long) res.beacon_age_ms);
	expect(&h, ROUND, BLOCK_MS, &ctx, QTCL_CTX_OK, &res, "age 0");
	expect(&h, ROUND, BLOCK_MS + 5000, &ctx, QTCL_CTX_OK, &res, "round 5 s after the block (age -5000)");
	CHECK(res.beacon_age_ms == -5000, "negative age %lld reported", (long long) res.beacon_age_ms);
	expect(&h, ROUND, INT64_MAX, &ctx, QTCL_CTX_OK, &res, "round time 2^63 - 1");
	expect(&h, ROUND, 0, &ctx, QTCL_CTX_ERR_BEACON_STALE, &res, "round time 0");
	CHECK(res.beacon_age_ms == BLOCK_MS, "round time 0: age = block time");
	expect(&h, ROUND, INT64_MIN, &ctx, QTCL_CTX_ERR_BEACON_STALE, &res, "round time -2^63 (age overflows)");
	CHECK(res.beacon_age_ms == INT64_MAX, "overflowing age saturates at 2^63 - 1 (%lld)",
		  (long long) res.beacon_age_ms);
	/* the age is taken at the block's timestamp, not the node's time */
	ctx.node_time_ms = BLOCK_MS + 10 * MAX_AGE_MS;
	expect(&h, ROUND, BLOCK_MS - MAX_AGE_MS, &ctx, QTCL_CTX_OK, &res,
		   "age measured at the block's time, not the node's");
	ctx.max_beacon_age_ms = 0;
	ctx.node_time_ms = BLOCK_MS;
	expect(&h, ROUND, BLOCK_MS, &ctx, QTCL_CTX_OK, &res, "max age 0, age 0");
	expect(&h, ROUND, BLOCK_MS - 1, &ctx, QTCL_CTX_ERR_BEACON_STALE, &res, "max age 0, age 1");
	ctx.max_beacon_age_ms = -1;
	expect(&h, ROUND, BLOCK_MS, &ctx, QTCL_CTX_ERR_ARGUMENT, &res, "max age -1 refused");
}

static void
order(void)
{
	qtcl_block_context ctx;
	qtcl_block_header h;
	qtcl_context_result res;

	/* every rule broken at once, then repaired one by one from the first */
	base(&ctx, &h);
	h.height = PARENT_H + 5;
	h.target_compact = expected_target + 1;
	h.timestamp_ms = MTP_MS;
	ctx.node_time_ms = MTP_MS - 100000;	/* also too new */
	expect(&h, PARENT_ROUND, 0, &ctx, QTCL_CTX_ERR_HEIGHT, &res, "all wrong: HEIGHT first");
	h.height = PARENT_H + 1;
	expect(&h, PARENT_ROUND, 0, &ctx, QTCL_CTX_ERR_TARGET, &res, "target, time, beacon wrong: TARGET first");
	h.target_compact = expected_target;
	expect(&h, PARENT_ROUND, 0, &ctx, QTCL_CTX_ERR_TIME_TOO_OLD, &res,
		   "too old (and too new), beacon wrong: TIME_TOO_OLD first");
	h.timestamp_ms = MTP_MS + 1;
	expect(&h, PARENT_ROUND, 0, &ctx, QTCL_CTX_TOO_NEW, &res, "too new, beacon not newer and stale: TOO_NEW first");
	ctx.check_future = 0;
	expect(&h, PARENT_ROUND, 0, &ctx, QTCL_CTX_ERR_BEACON_NOT_NEWER, &res,
		   "check_future = 0, beacon not newer and stale: NOT_NEWER first");
	expect(&h, ROUND, 0, &ctx, QTCL_CTX_ERR_BEACON_STALE, &res, "only stale left: STALE");
	expect(&h, ROUND, MTP_MS + 1, &ctx, QTCL_CTX_OK, &res, "all repaired: OK");

	/* TOO_NEW is reported before the beacon rules: a later retry may still fail them */
	base(&ctx, &h);
	h.timestamp_ms = BLOCK_MS + devnet.max_future_ms + 1;
	expect(&h, PARENT_ROUND, 0, &ctx, QTCL_CTX_TOO_NEW, &res, "too new and beacon not newer: TOO_NEW");
	/* the argument check comes before everything */
	base(&ctx, &h);
	h.height = 0;
	ctx.n_recent = 0;
	expect(&h, ROUND, BLOCK_MS, &ctx, QTCL_CTX_ERR_ARGUMENT, &res, "no recent timestamps and wrong height: ARGUMENT");
}

static void
arguments(void)
{
	qtcl_block_context ctx;
	qtcl_block_header h;
	qtcl_context_result res;

	base(&ctx, &h);
	CHECK(qtcl_block_check_context(NULL, ROUND, BLOCK_MS, &ctx, &res) == QTCL_CTX_ERR_ARGUMENT &&
		  res.code == QTCL_CTX_ERR_ARGUMENT, "NULL header");
	CHECK(qtcl_block_check_context(&h, ROUND, BLOCK_MS, NULL, &res) == QTCL_CTX_ERR_ARGUMENT &&
		  res.code == QTCL_CTX_ERR_ARGUMENT, "NULL context");
	CHECK(qtcl_block_check_context(NULL, ROUND, BLOCK_MS, NULL, NULL) == QTCL_CTX_ERR_ARGUMENT,
		  "NULL everything");
	ctx.recent_ms = NULL;
	CHECK(qtcl_block_check_context(&h, ROUND, BLOCK_MS, &ctx, &res) == QTCL_CTX_ERR_ARGUMENT,
		  "NULL recent timestamps");
	base(&ctx, &h);
	ctx.n_recent = 0;
	CHECK(qtcl_block_check_context(&h, ROUND, BLOCK_MS, &ctx, &res) == QTCL_CTX_ERR_ARGUMENT,
		  "zero recent timestamps");
	/* the result is reset on every call */
	base(&ctx, &h);
	memset(&res, 0x5a, sizeof res);
	h.height = 0;
	qtcl_block_check_context(&h, ROUND, BLOCK_MS, &ctx, &res);
	CHECK(res.code == QTCL_CTX_ERR_HEIGHT && res.detail == 0 && res.expected_target == 0 && res.mtp == 0 &&
		  res.limit_ms == 0 && res.beacon_age_ms == 0, "result cleared before the checks");
}

static void
messages(void)
{
	qtcl_block_context ctx;
	qtcl_block_header h;
	qtcl_context_result res;
	char		msg[QTCL_CTX_MESSAGE_SIZE],
				want[64];
	int			codes[] = {QTCL_CTX_OK, QTCL_CTX_ERR_HEIGHT, QTCL_CTX_ERR_TARGET, QTCL_CTX_ERR_TIME_TOO_OLD,
		QTCL_CTX_TOO_NEW, QTCL_CTX_ERR_BEACON_NOT_NEWER, QTCL_CTX_ERR_BEACON_STALE, QTCL_CTX_ERR_ARGUMENT};
	int			i,
				j,
				distinct = 1;

	/* strerror: a message per code, distinct, and a fallback */
	for (i = 0; i < 8; i++)
		for (j = 0; j < i; j++)
			if (strcmp(qtcl_context_strerror(codes[i]), qtcl_context_strerror(codes[j])) == 0)
				distinct = 0;
	CHECK(distinct, "strerror: 8 distinct messages");
	CHECK(strcmp(qtcl_context_strerror(QTCL_CTX_OK), "ok") == 0, "strerror(OK) = \"ok\"");
	CHECK(strcmp(qtcl_context_strerror(999), "unknown context error") == 0, "strerror unknown code");
	CHECK(strstr(qtcl_context_strerror(QTCL_CTX_TOO_NEW), "not invalid") != NULL,
		  "strerror(TOO_NEW) says it is not invalid");

	/* describe: the numbers of each verdict */
	base(&ctx, &h);
	h.height = 17;
	qtcl_block_check_context(&h, ROUND, BLOCK_MS, &ctx, &res);
	qtcl_context_describe(&res, &h, ROUND, &ctx, msg, sizeof msg);
	CHECK(res.code == QTCL_CTX_ERR_HEIGHT && strstr(msg, "17") && strstr(msg, "11"),
		  "HEIGHT message names 17 and 11: %s", msg);

	base(&ctx, &h);
	h.target_compact = expected_target + 1;
	qtcl_block_check_context(&h, ROUND, BLOCK_MS, &ctx, &res);
	qtcl_context_describe(&res, &h, ROUND, &ctx, msg, sizeof msg);
	{
		char		want2[16];

		snprintf(want, sizeof want, "0x%08x", (unsigned) (expected_target + 1));
		snprintf(want2, sizeof want2, "0x%08x", (unsigned) expected_target);
		CHECK(res.code == QTCL_CTX_ERR_TARGET && strstr(msg, want) && strstr(msg, want2) &&
			  strstr(msg, want) < strstr(msg, want2),
			  "TARGET message names the header's %s, then the rule's %s: %s", want, want2, msg);
	}

	base(&ctx, &h);
	h.timestamp_ms = MTP_MS - 3;
	qtcl_block_check_context(&h, ROUND, BLOCK_MS, &ctx, &res);
	qtcl_context_describe(&res, &h, ROUND, &ctx, msg, sizeof msg);
	{
		char		want2[32];

		snprintf(want, sizeof want, "%lld", (long long) (MTP_MS - 3));
		snprintf(want2, sizeof want2, "%lld", (long long) MTP_MS);
		CHECK(res.code == QTCL_CTX_ERR_TIME_TOO_OLD && strstr(msg, want) && strstr(msg, want2),
			  "TIME_TOO_OLD message names the timestamp and the MTP: %s", msg);
	}

	base(&ctx, &h);
	h.timestamp_ms = BLOCK_MS + 15001;
	qtcl_block_check_context(&h, ROUND, h.timestamp_ms, &ctx, &res);
	qtcl_context_describe(&res, &h, ROUND, &ctx, msg, sizeof msg);
	{
		char		want2[32];

		snprintf(want, sizeof want, "%lld", (long long) (BLOCK_MS + 15001));
		snprintf(want2, sizeof want2, "%lld ms", (long long) (BLOCK_MS + 15000));
		CHECK(res.code == QTCL_CTX_TOO_NEW && strstr(msg, want) && strstr(msg, want2) && strstr(msg, "15000"),
			  "TOO_NEW message names the timestamp, the max future and the limit: %s", msg);
	}

	base(&ctx, &h);
	qtcl_block_check_context(&h, PARENT_ROUND - 2, BLOCK_MS, &ctx, &res);
	qtcl_context_describe(&res, &h, PARENT_ROUND - 2, &ctx, msg, sizeof msg);
	CHECK(res.code == QTCL_CTX_ERR_BEACON_NOT_NEWER && strstr(msg, "round 39") && strstr(msg, "41"),
		  "NOT_NEWER message names rounds 39 and 41: %s", msg);

	base(&ctx, &h);
	qtcl_block_check_context(&h, ROUND, BLOCK_MS - 30123, &ctx, &res);
	qtcl_context_describe(&res, &h, ROUND, &ctx, msg, sizeof msg);
	CHECK(res.code == QTCL_CTX_ERR_BEACON_STALE && strstr(msg, "round 42") && strstr(msg, "30123") &&
		  strstr(msg, "30000"), "STALE message names the round, the age and the maximum: %s", msg);

	base(&ctx, &h);
	ctx.asert.ideal_ms = 0;
	qtcl_block_check_context(&h, ROUND, BLOCK_MS, &ctx, &res);
	qtcl_context_describe(&res, &h, ROUND, &ctx, msg, sizeof msg);
	CHECK(strcmp(msg, qtcl_context_strerror(QTCL_CTX_ERR_ARGUMENT)) == 0, "ARGUMENT message: %s", msg);
	base(&ctx, &h);
	qtcl_block_check_context(&h, ROUND, BLOCK_MS, &ctx, &res);
	qtcl_context_describe(&res, &h, ROUND, &ctx, msg, sizeof msg);
	CHECK(strcmp(msg, "ok") == 0, "OK message: %s", msg);

	/* extreme numbers still fit QTCL_CTX_MESSAGE_SIZE */
	{
		char		big[1024];
		int			fits = 1;

		base(&ctx, &h);
		memset(&res, 0, sizeof res);
		h.timestamp_ms = INT64_MIN;
		h.height = UINT64_MAX;
		ctx.parent_height = UINT64_MAX;
		ctx.parent_beacon_round = UINT64_MAX;
		ctx.max_future_ms = INT64_MIN;
		ctx.max_beacon_age_ms = INT64_MIN;
		res.mtp = INT64_MIN;
		res.limit_ms = INT64_MIN;
		res.beacon_age_ms = INT64_MIN;
		res.expected_target = 0xffffffffu;
		h.target_compact = 0xffffffffu;
		for (i = 0; i < 8; i++)
		{
			res.code = codes[i];
			qtcl_context_describe(&res, &h, UINT64_MAX, &ctx, big, sizeof big);
			if (strlen(big) >= QTCL_CTX_MESSAGE_SIZE)
				fits = 0;
		}
		CHECK(fits, "every message with extreme numbers fits in QTCL_CTX_MESSAGE_SIZE");
	}

	/* buffer handling */
	base(&ctx, &h);
	h.height = 17;
	qtcl_block_check_context(&h, ROUND, BLOCK_MS, &ctx, &res);
	{
		char		small[8];

		memset(small, 'x', sizeof small);
		CHECK(qtcl_context_describe(&res, &h, ROUND, &ctx, small, sizeof small) == small &&
			  strlen(small) == sizeof small - 1 && strncmp(small, "block h", 7) == 0,
			  "describe truncates into a small buffer with a NUL");
		memset(small, 'x', sizeof small);
		CHECK(qtcl_context_describe(&res, &h, ROUND, &ctx, small, 0) == small && small[0] == 'x',
			  "describe with buflen 0 writes nothing");
		CHECK(qtcl_context_describe(&res, &h, ROUND, &ctx, NULL, 64) == NULL, "describe into NULL returns NULL");
	}
	qtcl_context_describe(NULL, &h, ROUND, &ctx, msg, sizeof msg);
	CHECK(strcmp(msg, qtcl_context_strerror(QTCL_CTX_ERR_ARGUMENT)) == 0, "describe NULL result: %s", msg);
	qtcl_context_describe(&res, NULL, ROUND, &ctx, msg, sizeof msg);
	CHECK(strcmp(msg, qtcl_context_strerror(QTCL_CTX_ERR_ARGUMENT)) == 0, "describe NULL header");
	qtcl_context_describe(&res, &h, ROUND, NULL, msg, sizeof msg);
	CHECK(strcmp(msg, qtcl_context_strerror(QTCL_CTX_ERR_ARGUMENT)) == 0, "describe NULL context");
	res.code = 4242;
	qtcl_context_describe(&res, &h, ROUND, &ctx, msg, sizeof msg);
	CHECK(strcmp(msg, "unknown context error") == 0, "describe unknown code: %s", msg);
}

int
main(void)
{
	setup();
	passing();
	height();
	target();
	times();
	beacon();
	order();
	arguments();
	messages();
	return unit_done();
}
