/*
 * miner.h: the miner worker's step and its status (qtcl.miner_status).
 *
 * The step is the SQL path's steps in a loop: build a template
 * (src/pg/template_sql.c), hash a bounded batch of nonces, submit a find
 * through the same processing as qtcl.submit_block (src/pg/block_sql.c).
 * Between batches the worker loop handles signals, reloads and shutdown; the
 * template is rebuilt when the tip changes, a transaction arrives, its beacon
 * round ages past a quarter of the maximum beacon age, or the settings reload.
 */
#ifndef QTCL_BGWORKER_MINER_H
#define QTCL_BGWORKER_MINER_H

#include "postgres.h"

#include "datatype/timestamp.h"

/* Plain data in shared memory (QtclShared.miner), guarded by QtclShared.lock. */
typedef struct QtclMinerStatus
{
	double		hash_rate;		/* hashes per second, smoothed over recent batches */
	int64		template_height;	/* height of the block being mined, 0: none */
	uint64		hashes;			/* since the worker started */
	uint64		blocks_found;	/* found and accepted */
	uint64		stale;			/* found but no longer accepted as new (tip moved on) */
	TimestampTz last_block_at;	/* 0: never */
} QtclMinerStatus;

extern bool qtcl_miner_worker;	/* qtcl.miner_worker */

void		qtcl_define_miner_gucs(void);

/* Configured to run (qtcl.miner_worker on and qtcl.miner_address set)? */
bool		qtcl_miner_configured(void);

/* Forget the template (after a reload or an error). */
void		qtcl_miner_reset(void);

/*
 * One batch, inside a transaction with SPI connected. false when there is no
 * chain to mine on yet.
 */
bool		qtcl_miner_step(void);

#endif
