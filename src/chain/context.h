/*
 * context.h: the checks of a block header against its parent chain (the
 * "contextual" checks), between the proof of work and the transactions.
 * docs/PROTOCOL.md, "Block validation", lists the whole order.
 *
 * In the order checked; the first failure is reported:
 *   1. height == parent height + 1                       QTCL_CTX_ERR_HEIGHT
 *   2. target == the ASERT value for the parent, anchored at the genesis
 *      block (asert.h, qtcl_asert_next_compact)           QTCL_CTX_ERR_TARGET
 *   3. timestamp > median of the parent's and up to 10 more ancestors'
 *      timestamps (11 in all, header.h)                   QTCL_CTX_ERR_TIME_TOO_OLD
 *   4. timestamp <= node time + max future, only when asked (a block that
 *      fails only this is not invalid: it may be offered again later, and a
 *      block accepted once is not judged by it again on a reorganisation)
 *                                                         QTCL_CTX_TOO_NEW
 *   5. beacon round number > the parent's beacon round number (0 for the
 *      genesis block, which has none)                     QTCL_CTX_ERR_BEACON_NOT_NEWER
 *   6. block timestamp - round timestamp <= max beacon age (a round from
 *      after the block's timestamp is not stale)          QTCL_CTX_ERR_BEACON_STALE
 * The round's signature by a trusted oracle is the caller's (it needs the
 * trusted keys): beacon/verify.h.
 *
 * Pure core: integers only, no PostgreSQL headers, no allocation.
 */
#ifndef QTCL_CHAIN_CONTEXT_H
#define QTCL_CHAIN_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "chain/asert.h"
#include "chain/header.h"

/* Buffer size that always holds a qtcl_context_describe() message. */
#define QTCL_CTX_MESSAGE_SIZE 256

enum
{
	QTCL_CTX_OK = 0,
	QTCL_CTX_ERR_HEIGHT = 1,		/* height is not parent height + 1 */
	QTCL_CTX_ERR_TARGET,			/* target is not the difficulty rule's value */
	QTCL_CTX_ERR_TIME_TOO_OLD,		/* timestamp at or below the median time past */
	QTCL_CTX_TOO_NEW,				/* timestamp beyond node time + max future: not invalid */
	QTCL_CTX_ERR_BEACON_NOT_NEWER,	/* beacon round not newer than the parent's */
	QTCL_CTX_ERR_BEACON_STALE,		/* beacon round older than the maximum age at the block's time */
	QTCL_CTX_ERR_ARGUMENT			/* NULL pointer, bad parameters (ASERT code in detail) */
};

/* What the parent chain and the node say. */
typedef struct qtcl_block_context
{
	uint64_t	parent_height;
	const int64_t *recent_ms;	/* timestamps of the parent and its ancestors, parent first */
	size_t		n_recent;		/* >= 1 (the parent); only the first 11 are used */
	uint64_t	parent_beacon_round;	/* 0 when the parent is the genesis block */
	/* difficulty: the network's ASERT parameters and the genesis block (the anchor) */
	qtcl_asert_params asert;
	uint32_t	anchor_compact;
	uint64_t	anchor_height;
	int64_t		anchor_time_ms;
	/* node time and limits */
	int			check_future;	/* 0: skip rule 4 */
	int64_t		node_time_ms;
	int64_t		max_future_ms;
	int64_t		max_beacon_age_ms;
} qtcl_block_context;

typedef struct qtcl_context_result
{
	int			code;
	int			detail;			/* ASERT code for ERR_ARGUMENT */
	uint32_t	expected_target;	/* the rule's compact target (once computed) */
	int64_t		mtp;			/* median time past (once computed) */
	int64_t		limit_ms;		/* node time + max future (TOO_NEW) */
	int64_t		beacon_age_ms;	/* block time - round time (STALE) */
} qtcl_context_result;

const char *qtcl_context_strerror(int code);

/* The message with the numbers, e.g. "target 0x1e011e54 is not the difficulty rule's 0x1e011e60". */
char	   *qtcl_context_describe(const qtcl_context_result *res, const qtcl_block_header *h,
								  uint64_t round, const qtcl_block_context *ctx, char *buf, size_t buflen);

/*
 * The checks above for header h whose beacon round is (round, round_time_ms).
 * res (may be NULL) receives the details. Returns res->code.
 */
int			qtcl_block_check_context(const qtcl_block_header *h, uint64_t round, int64_t round_time_ms,
									 const qtcl_block_context *ctx, qtcl_context_result *res);

/* The ASERT target for the block after the parent in ctx (what a template uses). */
int			qtcl_context_next_target(const qtcl_block_context *ctx, int64_t parent_time_ms, uint32_t *out);

#endif
