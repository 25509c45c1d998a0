/*
 * sender_state.h: the mempool trigger's reads, by direct index scans
 * (sender_state.c says why and with which visibility).
 */
#ifndef QTCL_PG_SENDER_STATE_H
#define QTCL_PG_SENDER_STATE_H

#include "postgres.h"

typedef struct qtcl_pending_tx
{
	int64		nonce;
	int64		amount;
	int64		fee;
	uint8		hash[32];
} qtcl_pending_tx;

/*
 * qtcl.chain_params' chain id and minimum fee; false when there is no chain.
 * latest: read with the latest snapshot after a command counter step (the
 * trigger); else with the query's own snapshot (STABLE, PARALLEL SAFE callers).
 */
bool		qtcl_read_chain_params(bool latest, uint32 *chain_id, int64 *min_fee);

/*
 * The confirmed balance and nonce of the account at address (32 bytes);
 * false when it has no account. lock: first lock the row as SELECT ... FOR
 * NO KEY UPDATE would (waits for the holder; until the end of the
 * transaction).
 */
bool		qtcl_read_sender_account(const uint8 *address, bool lock, int64 *balance, int64 *nonce);

/*
 * Locks the account at address as qtcl_read_sender_account does, without
 * waiting: false when another transaction holds the lock (it is inserting
 * for that sender now). True when locked, or when there is no account.
 */
bool		qtcl_lock_sender_nowait(const uint8 *address);

/* The sender's pending transactions in nonce order (*out palloc'd); returns their number. */
int			qtcl_read_sender_pending(const uint8 *address, qtcl_pending_tx **out);

#endif
