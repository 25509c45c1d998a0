/*
 * util.h: small helpers shared by the SQL glue.
 */
#ifndef QTCL_PG_UTIL_H
#define QTCL_PG_UTIL_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "executor/spi.h"

/* A palloc'd bytea holding a copy of p[0 .. len-1]. */
bytea	   *qtcl_bytea_of(const uint8 *p, size_t len);

/* SPI_connect or raise. */
void		qtcl_spi_connect(void);

/*
 * A read (inside SPI) with the latest snapshot instead of the transaction's:
 * after taking a lock, see what the previous holder committed, whatever the
 * isolation level (as PostgreSQL's RI triggers do). Results in SPI_tuptable.
 */
void		qtcl_spi_read_latest(const char *sql, int nargs, Oid *types, Datum *args);

/*
 * A plan prepared once per backend and kept (*slot caches it). Hot paths
 * (the mempool triggers) use these instead of parsing and planning each call.
 * Pass qtcl types as bytea and convert in SQL (qtcl.hyper_addr_from_hash($1)):
 * a kept plan must not hold a type OID that a re-created extension changes.
 */
SPIPlanPtr	qtcl_spi_kept_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types);

/* qtcl_spi_read_latest with a (kept) plan. */
void		qtcl_spi_read_latest_plan(SPIPlanPtr plan, Datum *args);

/*
 * While set, the chain's read helpers (chain parameters, stored blocks, a
 * block's context) read with the caller's snapshot (SPI read_only) instead of
 * a fresh one per query: qtcl.verify_chain sees one consistent chain while a
 * miner keeps committing blocks. Block processing leaves it unset: under its
 * lock it must see what the previous holder committed.
 */
extern bool qtcl_spi_one_snapshot;

/* OID of the type qtcl.<name>, whatever the search_path. */
Oid			qtcl_type_oid(const char *name);

/* Times: ms since the Unix epoch (the protocol's) <-> TimestampTz (us since 2000-01-01). */
int64		qtcl_now_unix_ms(void);
TimestampTz qtcl_unix_ms_to_timestamptz(int64 ms);
int64		qtcl_timestamptz_to_unix_ms(TimestampTz t);

#endif
