/*
 * entropy_pool.h: the entropy pool in shared memory.
 *
 * A ring of conditioned bytes (see src/entropy/combine.c) that refills append
 * to and draws consume. Bytes are handed out at most once: a draw copies them,
 * overwrites them with zeros and advances the read position, all under one
 * exclusive lock, so two draws can never see the same bytes. Each 64-byte cell
 * remembers how many remote (non-OS) sources contributed to the refill that
 * wrote it; a draw reports the smallest count among the cells it used, and
 * cells with fewer than the required number are discarded, never handed out.
 *
 * Plain data only: this lives in shared memory (no pointers).
 */
#ifndef QTCL_BGWORKER_ENTROPY_POOL_H
#define QTCL_BGWORKER_ENTROPY_POOL_H

#include "postgres.h"

#define QTCL_POOL_CELL 64
#define QTCL_POOL_CELLS 1024
#define QTCL_POOL_BYTES (QTCL_POOL_CELL * QTCL_POOL_CELLS)	/* 64 KiB */

typedef struct QtclPool
{
	uint64		written;		/* bytes ever appended (write position, mod size) */
	uint64		read;			/* bytes ever consumed (read position, mod size) */
	uint64		draws;			/* successful draws */
	uint64		bytes_drawn;
	uint64		bytes_discarded;	/* dropped for too few sources, or overwritten unread */
	int32		last_draw_sources;
	uint8		cell_sources[QTCL_POOL_CELLS];
	uint8		data[QTCL_POOL_BYTES];
} QtclPool;

/* Appends len bytes (a multiple of QTCL_POOL_CELL) produced with `sources` remote sources. */
void		qtcl_pool_add(const uint8 *bytes, size_t len, int sources);

/*
 * Takes len bytes into out if the pool holds that many from cells with at
 * least min_sources remote sources (poorer cells met on the way are
 * discarded). Returns true and sets *sources (smallest count used) on
 * success; false, taking nothing, when the pool is short.
 */
bool		qtcl_pool_draw(uint8 *out, size_t len, int min_sources, int *sources);

/* Bytes available now (unread), whatever their sources. */
uint64		qtcl_pool_available(void);

#endif
