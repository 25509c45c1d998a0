/* context.c: header checks against the parent chain; see context.h. */
#include "chain/context.h"

#include <stdio.h>
#include <string.h>

const char *
qtcl_context_strerror(int code)
{
	switch (code)
	{
		case QTCL_CTX_OK:
			return "ok";
		case QTCL_CTX_ERR_HEIGHT:
			return "block height is not its parent's height + 1";
		case QTCL_CTX_ERR_TARGET:
			return "block target is not the difficulty rule's value for its parent";
		case QTCL_CTX_ERR_TIME_TOO_OLD:
			return "block timestamp is not above the median of the last 11 blocks";
		case QTCL_CTX_TOO_NEW:
			return "block timestamp is too far in the future (not invalid: offer it again later)";
		case QTCL_CTX_ERR_BEACON_NOT_NEWER:
			return "the block's beacon round is not newer than its parent's";
		case QTCL_CTX_ERR_BEACON_STALE:
			return "the block's beacon round is older than the maximum beacon age at the block's timestamp";
		case QTCL_CTX_ERR_ARGUMENT:
			return "bad argument (NULL pointer or difficulty parameters out of range)";
		default:
			return "unknown context error";
	}
}

char *
qtcl_context_describe(const qtcl_context_result *res, const qtcl_block_header *h, uint64_t round,
					  const qtcl_block_context *ctx, char *buf, size_t buflen)
{
	if (buf == NULL || buflen == 0)
		return buf;
	if (res == NULL || h == NULL || ctx == NULL)
	{
		snprintf(buf, buflen, "%s", qtcl_context_strerror(QTCL_CTX_ERR_ARGUMENT));
		return buf;
	}
	switch (res->code)
	{
		case QTCL_CTX_ERR_HEIGHT:
			snprintf(buf, buflen, "block height %llu is not its parent's height + 1 = %llu",
					 (unsigned long long) h->height, (unsigned long long) ctx->parent_height + 1);
			break;
		case QTCL_CTX_ERR_TARGET:
			snprintf(buf, buflen, "block target 0x%08x is not the difficulty rule's value 0x%08x",
					 (unsigned) h->target_compact, (unsigned) res->expected_target);
			break;
		case QTCL_CTX_ERR_TIME_TOO_OLD:
			snprintf(buf, buflen, "block timestamp %lld ms is not above the median time past %lld ms",
					 (long long) h->timestamp_ms, (long long) res->mtp);
			break;
		case QTCL_CTX_TOO_NEW:
			snprintf(buf, buflen, "block timestamp %lld ms is after node time + %lld ms = %lld ms "
					 "(not invalid: offer it again later)",
					 (long long) h->timestamp_ms, (long long) ctx->max_future_ms, (long long) res->limit_ms);
			break;
		case QTCL_CTX_ERR_BEACON_NOT_NEWER:
			snprintf(buf, buflen, "beacon round %llu is not newer than the parent's round %llu",
					 (unsigned long long) round, (unsigned long long) ctx->parent_beacon_round);
			break;
		case QTCL_CTX_ERR_BEACON_STALE:
			snprintf(buf, buflen, "beacon round %llu is %lld ms older than the block, the maximum age is %lld ms",
					 (unsigned long long) round, (long long) res->beacon_age_ms, (long long) ctx->max_beacon_age_ms);
			break;
		default:
			snprintf(buf, buflen, "%s", qtcl_context_strerror(res->code));
	}
	return buf;
}

static int
finish(qtcl_context_result *res, int code)
{
	res->code = code;
	return code;
}

int
qtcl_context_next_target(const qtcl_block_context *ctx, int64_t parent_time_ms, uint32_t *out)
{
	if (ctx == NULL || out == NULL)
		return QTCL_ASERT_ERR_PARAMS;
	return qtcl_asert_next_compact(&ctx->asert, ctx->anchor_compact, ctx->anchor_height, ctx->anchor_time_ms,
								   ctx->parent_height, parent_time_ms, out);
}

int
qtcl_block_check_context(const qtcl_block_header *h, uint64_t round, int64_t round_time_ms,
						 const qtcl_block_context *ctx, qtcl_context_result *res)
{
	qtcl_context_result local;
	int			rc;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof *res);
	if (h == NULL || ctx == NULL || ctx->recent_ms == NULL || ctx->n_recent == 0 || ctx->max_beacon_age_ms < 0)
		return finish(res, QTCL_CTX_ERR_ARGUMENT);

	/* 1. Height. */
	if (ctx->parent_height == UINT64_MAX || h->height != ctx->parent_height + 1)
		return finish(res, QTCL_CTX_ERR_HEIGHT);

	/* 2. Target: the ASERT value for the parent (its time is recent_ms[0]). */
	rc = qtcl_context_next_target(ctx, ctx->recent_ms[0], &res->expected_target);
	if (rc != QTCL_ASERT_OK)
	{
		res->detail = rc;
		return finish(res, QTCL_CTX_ERR_ARGUMENT);
	}
	if (h->target_compact != res->expected_target)
		return finish(res, QTCL_CTX_ERR_TARGET);

	/* 3-4. Timestamps. */
	res->mtp = qtcl_median_time_past(ctx->recent_ms, ctx->n_recent);
	if (__builtin_add_overflow(ctx->node_time_ms, ctx->max_future_ms, &res->limit_ms))
		res->limit_ms = ctx->max_future_ms > 0 ? INT64_MAX : INT64_MIN;	/* as qtcl_header_check_time saturates */
	rc = qtcl_header_check_time(h->timestamp_ms, res->mtp, ctx->node_time_ms,
								ctx->check_future ? ctx->max_future_ms : INT64_MAX);
	if (rc == QTCL_TIME_TOO_OLD)
		return finish(res, QTCL_CTX_ERR_TIME_TOO_OLD);
	if (rc == QTCL_TIME_TOO_NEW && ctx->check_future)
		return finish(res, QTCL_CTX_TOO_NEW);

	/* 5-6. The beacon round: newer than the parent's, and fresh at the block's time. */
	if (round <= ctx->parent_beacon_round)
		return finish(res, QTCL_CTX_ERR_BEACON_NOT_NEWER);
	if (__builtin_sub_overflow(h->timestamp_ms, round_time_ms, &res->beacon_age_ms))
		res->beacon_age_ms = INT64_MAX;
	if (res->beacon_age_ms > ctx->max_beacon_age_ms)
		return finish(res, QTCL_CTX_ERR_BEACON_STALE);
	return finish(res, QTCL_CTX_OK);
}
