/*
 * ledger.h: the state transition of a block: its transactions applied in
 * order to the accounts they touch, then the miner's credit. And the rule
 * that keeps a sender's pending transactions consistent with its confirmed
 * state.
 *
 * Applying transaction i (sender S = SHA3-256(sender key), recipient R):
 *   - S's account must exist with nonce == tx nonce        QTCL_LEDGER_ERR_NONCE
 *   - S's balance >= amount + fee                          QTCL_LEDGER_ERR_BALANCE
 *   - S: balance -= amount + fee, nonce += 1
 *   - R: balance += amount (R's account is created with nonce 0 when new)
 *                                                          QTCL_LEDGER_ERR_OVERFLOW
 * then the miner: balance += credit (minted + fees), created when new.
 * A sender paying itself is a debit of amount + fee and a credit of amount.
 * Any failure leaves the caller's records partly updated: callers apply to a
 * copy (the SQL glue loads the accounts, applies, and writes back only on
 * success).
 *
 * Accounts are records sorted by address (qtcl_ledger_sort) and looked up by
 * binary search; the caller loads every address qtcl_ledger_addresses lists.
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state.
 */
#ifndef QTCL_CHAIN_LEDGER_H
#define QTCL_CHAIN_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "chain/block.h"

#define QTCL_LEDGER_ADDR_BYTES	32
#define QTCL_LEDGER_MESSAGE_SIZE 256

enum
{
	QTCL_LEDGER_OK = 0,
	QTCL_LEDGER_ERR_NONCE = 1,		/* sender's nonce is not the transaction's (replay, gap, no account) */
	QTCL_LEDGER_ERR_BALANCE,		/* sender's balance below amount + fee */
	QTCL_LEDGER_ERR_OVERFLOW,		/* a credit would leave the money range */
	QTCL_LEDGER_ERR_MISSING,		/* an address was not loaded (caller's error) */
	QTCL_LEDGER_ERR_ARGUMENT,		/* NULL pointer, too little room, undecodable transaction */
	QTCL_LEDGER_ERR_HASH			/* SHA3 failed */
};

typedef struct qtcl_ledger_account
{
	uint8_t		address[QTCL_LEDGER_ADDR_BYTES];
	int64_t		balance;
	uint64_t	nonce;
	int			exists;			/* in: stored before the block; out: exists after it */
	int			touched;		/* out: changed by the block */
} qtcl_ledger_account;

typedef struct qtcl_ledger_result
{
	int			code;
	uint32_t	tx_index;
	uint64_t	expected_nonce;	/* ERR_NONCE: the sender's nonce */
	uint64_t	tx_nonce;
	int64_t		balance;		/* ERR_BALANCE: the sender's balance */
	int64_t		need;			/* ERR_BALANCE: amount + fee */
} qtcl_ledger_result;

const char *qtcl_ledger_strerror(int code);
char	   *qtcl_ledger_describe(const qtcl_ledger_result *res, char *buf, size_t buflen);

/*
 * Every address the block touches: each sender (hash of its key), each
 * recipient and the miner, without repeats, sorted. out has room for cap
 * addresses (2 n + 1 always suffices). *count receives the number.
 */
int			qtcl_ledger_addresses(const qtcl_block_view *v, uint8_t (*out)[QTCL_LEDGER_ADDR_BYTES],
								  size_t cap, size_t *count);

/* Sort records by address (then binary search works). */
void		qtcl_ledger_sort(qtcl_ledger_account *accts, size_t n);

/* The record of an address in sorted records, or NULL. */
qtcl_ledger_account *qtcl_ledger_find(qtcl_ledger_account *accts, size_t n,
									  const uint8_t address[QTCL_LEDGER_ADDR_BYTES]);

/* Apply the block's transactions and the miner's credit (rules above). */
int			qtcl_ledger_apply(const qtcl_block_view *v, int64_t credit,
							  qtcl_ledger_account *accts, size_t n, qtcl_ledger_result *res);

/*
 * A sender's pending transactions against its confirmed state: given their
 * nonces, amounts and fees sorted by nonce, how many of the first ones stay
 * (a gap-free run from the confirmed nonce, affordable in total, at most
 * max_pending); the rest must go. Entries with a nonce below the confirmed
 * one are not in the run and are counted in *stale (they come first when
 * sorted; the caller drops them too).
 */
size_t		qtcl_ledger_pending_keep(uint64_t confirmed_nonce, int64_t balance,
									 const uint64_t *nonces, const int64_t *amounts, const int64_t *fees,
									 size_t n, size_t max_pending, size_t *stale);

#endif
