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

/*
 * The secret round `round` committed to (SHA3-256(secret) == commitment) and
 * the sources behind it; false if no kept entry matches.
 */
bool		qtcl_oracle_secret_get(uint64 round, const uint8 commitment[QTCL_BEACON_HASH_BYTES],
								   uint8 secret[QTCL_BEACON_SECRET_BYTES], uint32 *sources);

/*
 * Records (durably) that round `round` may commit to `secret`. Entries are
 * only added (the oldest dropped beyond the few kept), never overwritten: an
 * attempt whose transaction aborts can never erase the secret of a round
 * that committed.
 */
void		qtcl_oracle_secret_put(uint64 round, const uint8 secret[QTCL_BEACON_SECRET_BYTES], uint32 sources);

#endif
