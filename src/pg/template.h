/* template.h: block templates and mining, shared by SQL and the miner worker. */
#ifndef QTCL_PG_TEMPLATE_H
#define QTCL_PG_TEMPLATE_H

#include "postgres.h"

#include "pg/blockstore.h"

/* Nonces hashed between interrupt checks (a few ms). */
#define QTCL_MINE_BATCH 65536

/* A template on parent paying miner (inside SPI); with_txs: take pending transactions (parent is the tip). */
bytea	   *qtcl_build_template(const qtcl_chain_cfg *cfg, const uint8 *miner, const qtcl_stored_block *parent,
								bool with_txs);

/* Search nonces 0 .. max_hashes-1 of a template; true (nonce written into block) when one meets the target. */
bool		qtcl_mine_template(bytea *block, uint64 max_hashes, uint64 *hashes_done);

/* The same over nonces first_nonce .. first_nonce + count - 1 (the miner worker resumes where it stopped). */
bool		qtcl_mine_range(bytea *block, uint64 first_nonce, uint64 count, uint64 *hashes_done);

#endif
