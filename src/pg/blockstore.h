/*
 * blockstore.h: the chain's tables as the block functions use them: stored
 * blocks, connecting and disconnecting with undo rows, fork choice, and the
 * mempool's upkeep when the chain changes. Everything here runs inside SPI,
 * under the chain lock (qtcl_chain_lock), at READ COMMITTED.
 */
#ifndef QTCL_PG_BLOCKSTORE_H
#define QTCL_PG_BLOCKSTORE_H

#include "postgres.h"

#include "nodes/pg_list.h"

#include "chain/block.h"
#include "chain/template.h"
#include "executor/spi.h"
#include "pg/chain.h"

#define QTCL_WHY_SIZE 512

typedef struct qtcl_stored_block
{
	uint8		hash[32];
	uint8		parent[32];
	int64		height;
	char		status;			/* 'a'ctive, 's'ide, 'i'nvalid, 'o'rphan */
	int64		timestamp_ms;
	bool		has_issued;
	int64		issued;			/* minted up to and including this block */
	int64		beacon_round;	/* 0 in genesis */
	Datum		chainwork;		/* numeric, palloc'd */
	int64		seq;
	uint32		target;
} qtcl_stored_block;

/* Serialises block processing: SHARE ROW EXCLUSIVE on qtcl.blocks (readers are not blocked). */
void		qtcl_chain_lock(void);

/* A stored block by hash; false when unknown. */
bool		qtcl_block_load(const uint8 *hash, qtcl_stored_block *out);

/* The active tip (there always is one once a chain exists). */
void		qtcl_block_tip(qtcl_stored_block *out);

/* The canonical bytes of a stored block (palloc'd), or NULL. */
bytea	   *qtcl_block_raw(const uint8 *hash);

/* Marks a block and all its descendants invalid (the block with reason, the others as descendants). */
void		qtcl_mark_invalid(const uint8 *hash, const char *reason);

/* numeric comparison of two chainwork values */
int			qtcl_work_cmp(Datum a, Datum b);

/*
 * Make target the active tip: disconnect down to the fork point, connect the
 * path up to target. On a block that fails against the state, stops there
 * (the chain is then at its parent) and returns false with its hash and the
 * reason. Announces each step (NOTIFY qtcl_block) and, with mempool, keeps the
 * mempool consistent (transactions of disconnected blocks come back when still
 * valid); a trial that will be rolled back skips that.
 */
bool		qtcl_reorg_to(const qtcl_chain_cfg *cfg, const uint8 *target, uint8 failed[32], char *why,
						  bool mempool);

/*
 * Fork choice: while the stored block with the most work (first seen on ties)
 * is not the tip, reorganise to it; a block that fails is marked invalid with
 * its descendants and the next best is tried. If the failing block is
 * `submitted` or one of its ancestors, raises instead (nothing is kept).
 */
void		qtcl_activate_best(const qtcl_chain_cfg *cfg, const uint8 *submitted);

/* ---- mempool upkeep (mempool_upkeep.c) ---- */

/* Drop each listed address's pending transactions that no longer follow its confirmed state. */
void		qtcl_mempool_resync(uint8 (*addrs)[32], int n);

/* Put transactions of disconnected blocks (List of bytea, canonical bytes) back when still valid. */
void		qtcl_mempool_return(List *raws);

/* Pending transactions as template candidates, from SPI rows whose first columns are sender, nonce, amount, fee. */
qtcl_template_tx *qtcl_mempool_candidates(SPITupleTable *tt, uint64 n);

/* Expiry and size cap; returns how many were evicted. */
int64		qtcl_mempool_trim_now(void);

/* While set, the mempool trigger only fills the derived columns (rows the node itself re-adds). */
extern bool qtcl_mempool_internal_insert;

/* Rows this backend's trigger accepted since its last count of the pool (mempool_upkeep.c). */
extern int64 qtcl_mempool_accepted_since_count;

#endif
