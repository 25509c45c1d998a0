/* block.h: block processing shared by submit_block, mining and the miner worker. */
#ifndef QTCL_PG_BLOCK_H
#define QTCL_PG_BLOCK_H

#include "postgres.h"

#include "chain/block.h"
#include "chain/context.h"
#include "pg/blockstore.h"

/*
 * Validate and store a block (inside SPI, under the chain lock): returns
 * 'connected', 'side-branch', 'orphan' or 'duplicate' and its hash; raises
 * with the reason when invalid.
 */
const char *qtcl_process_block(const qtcl_chain_cfg *cfg, bytea *raw, uint8 hash[32]);

/* After a block is stored: the orphans waiting for it (and theirs), in arrival order. */
void		qtcl_process_orphans(const qtcl_chain_cfg *cfg, const uint8 *hash);

/* Scratch space for the stateless checks of blocks of up to max_txs transactions (allocated once per process). */
qtcl_block_scratch *qtcl_block_scratch_area(int32 max_txs);

/* Consensus parameters of the stateless checks. */
void		qtcl_block_params_of(const qtcl_chain_cfg *cfg, qtcl_block_params *p);

/* The context of a block on `parent` (recent: room for 11 timestamps, which ctx points into). */
void		qtcl_block_context_of(const qtcl_chain_cfg *cfg, const qtcl_stored_block *parent, int64 *recent,
								  qtcl_block_context *ctx);

/*
 * Run fn(arg) in a subtransaction. commit: keep its effects on success
 * (otherwise always roll back). With catch_errors an error is rolled back and
 * returned (NULL: success); without, it propagates.
 */
ErrorData  *qtcl_in_subxact(void (*fn) (void *), void *arg, bool commit, bool catch_errors);

#endif
