/*
 * oracle.h: the local oracle's files under the data directory.
 *
 *   $PGDATA/qtcl/oracle.key      the 32-byte ML-DSA-65 key seed xi (mode 0600)
 *   $PGDATA/qtcl/oracle.secrets  the secrets the newest rounds committed to
 *
 * Neither is ever stored in a table or printed. The secret round n commits to
 * (s_(n+1)) must survive until round n+1 reveals it, so it is written durably
 * (temporary file, fsync, rename) before round n is stored; the last few
 * entries are kept so that a round whose transaction aborted can be redone.
 */
#ifndef QTCL_PG_ORACLE_H
#define QTCL_PG_ORACLE_H

#include "postgres.h"

#include "beacon/round.h"

/* Loads (creating on first use) the oracle key; pointers stay valid for the process. */
void		qtcl_oracle_key(const uint8 **sk, const uint8 **pk, const uint8 **key_id);

/* The secret committed in round `round` and the sources behind it; false if not kept. */
bool		qtcl_oracle_secret_get(uint64 round, uint8 secret[QTCL_BEACON_SECRET_BYTES], uint32 *sources);

/* Records (durably) that round `round` commits to `secret`. */
void		qtcl_oracle_secret_put(uint64 round, const uint8 secret[QTCL_BEACON_SECRET_BYTES], uint32 sources);

#endif
