/*
 * block.h: whole blocks: the canonical block encoding, strict decoding
 * (a view into the caller's buffer, never a copy of the body) and the
 * block-level stateless validation. docs/PROTOCOL.blockbody.md, section
 * "Blocks", describes the same byte by byte.
 *
 * Canonical encoding, version 1 (all integers big-endian):
 *      off   len
 *        0   164  header (chain/header.h)
 *      164  4557  the beacon round the header's beacon_round_hash names,
 *                 its canonical bytes (beacon/round.h)
 *     4721     8  claimed miner reward, i64 two's complement (subsidy plus
 *                 fees; credited by the rules, not by a transaction)
 *     4729     4  transaction count n, u32
 *     4733  5328n the transactions' canonical encodings (chain/tx.h), in
 *                 block order
 *   length = 4733 + 5328 n exactly. The header's version (1) versions the
 *   whole block encoding; there is no separate block version byte.
 *
 * Decoding (qtcl_block_decode) refuses, in this order: fewer than 4733 bytes
 * (TRUNCATED); n above the caller's maximum (TOO_MANY_TXS, before the length
 * of the body is even computed); a length other than 4733 + 5328 n
 * (TRUNCATED / TRAILING); header fields out of range (HEADER, with the
 * header code as detail). It does not look inside the beacon bytes or the
 * transactions: the view points into the caller's buffer and transactions
 * are decoded one at a time (qtcl_block_tx_decode), so no block is ever
 * copied whole (a block of 100 transactions is 533 KB).
 *
 * Stateless validation (qtcl_block_check_stateless), cheap checks first;
 * the first failure is reported, each with its own code:
 *    1. decoding, without a count limit (the buffer length bounds n):
 *       TRUNCATED, TRAILING
 *    2. header fields (qtcl_header_check_fields)      HEADER (detail = header code)
 *    3. header chain id == expected                   CHAIN_ID
 *    4. beacon bytes decode strictly                  BEACON_DECODE (detail = beacon code)
 *    5. SHA3-256(beacon bytes) == beacon_round_hash   BEACON_HASH
 *    6. proof of work: compact target decodes         TARGET (detail = target code)
 *       SHA3-256(beacon output || header[0..155] || nonce) <= target
 *                                                     HIGH_HASH
 *    7. n <= max_block_txs                            TOO_MANY_TXS
 *    8. merkle root of the tx hashes == header's      MERKLE
 *    9. every transaction decodes and passes qtcl_tx_check_stateless
 *       (chain id, min fee, money range, signature)   TX (tx_index, detail = tx code)
 *   10. no tx hash twice                              DUPLICATE_TX (tx_index, tx_index_other)
 *   11. sum of fees in the money range                FEES_RANGE
 *       claimed reward == minted + fees, where minted = mintable(issued,
 *       subsidy(height)) (chain/money.h qtcl_miner_reward); the subsidy is
 *       capped by the supply, the fees are not minted and are never capped
 *                                                     REWARD (expected_reward, claimed_reward)
 * Not here (the caller does them against its tables): target == the ASERT
 * value for the parent, timestamps against median time past and node time,
 * parent and height linkage, the beacon round's signature, trusted key and
 * age, nonces and balances.
 *
 * Pure core: no PostgreSQL headers, no allocation (except OpenSSL's SHA3
 * contexts), no global state. The large scratch space (the beacon decoder's
 * qtcl_beacon_work, ~330 KB, and n tx hashes) is the caller's. Stack use is
 * a decoded beacon round and one decoded transaction (~11 KB) on top of
 * ML-DSA verification.
 */
#ifndef QTCL_CHAIN_BLOCK_H
#define QTCL_CHAIN_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "beacon/round.h"
#include "chain/header.h"
#include "chain/tx.h"

#define QTCL_BLOCK_OFF_HEADER	0
#define QTCL_BLOCK_OFF_BEACON	QTCL_HEADER_BYTES										/* 164 */
#define QTCL_BLOCK_OFF_REWARD	(QTCL_BLOCK_OFF_BEACON + QTCL_BEACON_ENCODED_BYTES)	/* 4721 */
#define QTCL_BLOCK_OFF_COUNT	(QTCL_BLOCK_OFF_REWARD + 8)							/* 4729 */
#define QTCL_BLOCK_OFF_TXS		(QTCL_BLOCK_OFF_COUNT + 4)							/* 4733 */
#define QTCL_BLOCK_FIXED_BYTES	QTCL_BLOCK_OFF_TXS		/* everything before the transactions */

/* Encoded length of a block with n transactions (n < 2^32, so no overflow in 64 bits). */
#define QTCL_BLOCK_ENCODED_BYTES(n) \
	((uint64_t) QTCL_BLOCK_FIXED_BYTES + (uint64_t) QTCL_TX_ENCODED_BYTES * (uint64_t) (n))

/* Buffer size that always holds a qtcl_block_describe() message. */
#define QTCL_BLOCK_MESSAGE_SIZE	512

enum
{
	QTCL_BLOCK_OK = 0,
	/* decoding */
	QTCL_BLOCK_ERR_TRUNCATED = 1,	/* shorter than 4733 + 5328 n bytes */
	QTCL_BLOCK_ERR_TRAILING,		/* longer than 4733 + 5328 n bytes */
	QTCL_BLOCK_ERR_TOO_MANY_TXS,	/* n above the maximum */
	QTCL_BLOCK_ERR_HEADER,			/* header field out of range (detail: QTCL_HEADER_ERR_*) */
	/* stateless validation, in the order checked (TOO_MANY_TXS sits at step 7) */
	QTCL_BLOCK_ERR_CHAIN_ID,		/* header chain id differs from the expected one */
	QTCL_BLOCK_ERR_BEACON_DECODE,	/* beacon bytes do not decode (detail: QTCL_BEACON_ERR_*) */
	QTCL_BLOCK_ERR_BEACON_HASH,		/* SHA3-256(beacon bytes) != header's beacon_round_hash */
	QTCL_BLOCK_ERR_TARGET,			/* compact target does not decode (detail: QTCL_TARGET_ERR_*) */
	QTCL_BLOCK_ERR_HIGH_HASH,		/* PoW hash above the target */
	QTCL_BLOCK_ERR_MERKLE,			/* merkle root differs from the header's */
	QTCL_BLOCK_ERR_TX,				/* a transaction fails (tx_index; detail: QTCL_TX_ERR_*) */
	QTCL_BLOCK_ERR_DUPLICATE_TX,	/* a tx hash appears twice (tx_index, tx_index_other) */
	QTCL_BLOCK_ERR_FEES_RANGE,		/* minted + sum of fees leaves the money range */
	QTCL_BLOCK_ERR_REWARD,			/* claimed reward != minted + fees */
	/* operations */
	QTCL_BLOCK_ERR_ARGUMENT,		/* NULL pointer, bad parameter, scratch or buffer too small */
	QTCL_BLOCK_ERR_HASH				/* SHA3 / ML-DSA internal failure (OpenSSL allocation) */
};

/* A decoded block: the header, and pointers into the caller's buffer. */
typedef struct qtcl_block_view
{
	qtcl_block_header header;
	const uint8_t *beacon;		/* QTCL_BEACON_ENCODED_BYTES bytes */
	int64_t		claimed_reward;
	uint32_t	tx_count;
	const uint8_t *txs;			/* tx_count * QTCL_TX_ENCODED_BYTES bytes */
} qtcl_block_view;

/* Consensus parameters of the stateless checks (qtcl.chain_params). */
typedef struct qtcl_block_params
{
	uint32_t	chain_id;
	uint32_t	max_block_txs;
	int64_t		min_fee;		/* <= 0: no minimum */
	int64_t		block_reward;	/* 0 .. QTCL_MAX_MONEY */
	int64_t		halving_interval;	/* >= 1 */
} qtcl_block_params;

/*
 * Caller-provided scratch space. txhashes must have room for max_block_txs
 * hashes (capacity); on return they hold the tx hashes of the block in block
 * order as far as they were computed (all of them when the result is OK).
 * order: room for capacity uint32 values (duplicate detection sorts it).
 */
typedef struct qtcl_block_scratch
{
	qtcl_beacon_work *beacon;
	uint8_t		(*txhashes)[QTCL_TX_HASH_BYTES];
	uint32_t   *order;
	size_t		capacity;
} qtcl_block_scratch;

/* The verdict, with the numbers that messages need. */
typedef struct qtcl_block_result
{
	int			code;			/* QTCL_BLOCK_OK or QTCL_BLOCK_ERR_* */
	int			detail;			/* header / beacon / target / tx code, else 0 */
	uint32_t	tx_index;		/* ERR_TX: the failing tx; ERR_DUPLICATE_TX: the later copy */
	uint32_t	tx_index_other;	/* ERR_DUPLICATE_TX: the earlier copy */
	uint32_t	tx_count;		/* n, once decoded */
	uint64_t	length;			/* length of the buffer */
	uint64_t	expected_length;	/* 4733 + 5328 n (TRUNCATED / TRAILING), or 4733 minimum */
	uint32_t	expected_chain_id;
	uint32_t	chain_id;		/* header's chain id */
	uint32_t	max_block_txs;
	int64_t		min_fee;
	/* the failing transaction's fields (ERR_TX), for qtcl_block_describe */
	uint32_t	tx_chain_id;
	int64_t		tx_amount;
	int64_t		tx_fee;
	uint64_t	tx_nonce;
	/* reward */
	int64_t		fees;			/* sum of fees (once computed) */
	int64_t		minted;			/* mintable(issued, subsidy(height)) */
	int64_t		expected_reward;	/* minted + fees */
	int64_t		claimed_reward;
	/* hashes, once computed */
	uint8_t		block_hash[QTCL_HEADER_HASH_BYTES];
	uint8_t		pow_hash[32];
	uint8_t		beacon_output[QTCL_BEACON_HASH_BYTES];
} qtcl_block_result;

/* Static message for a code, stating the rule. Never NULL. */
const char *qtcl_block_strerror(int code);

/*
 * The message with the result's numbers, e.g. "claimed reward 5000001001 is
 * not subsidy + fees = 5000001000", "transaction 1: fee 5 below the minimum
 * 10". Always NUL-terminates when buflen > 0 (QTCL_BLOCK_MESSAGE_SIZE is
 * always enough). Returns buf.
 */
char	   *qtcl_block_describe(const qtcl_block_result *res, char *buf, size_t buflen);

/*
 * The first 4733 bytes (header, beacon bytes, claimed reward, count); the
 * caller appends the n transaction encodings. Cannot fail.
 */
void		qtcl_block_encode_prefix(const qtcl_block_header *h,
									 const uint8_t beacon[QTCL_BEACON_ENCODED_BYTES],
									 int64_t claimed_reward, uint32_t tx_count,
									 uint8_t out[QTCL_BLOCK_FIXED_BYTES]);

/*
 * Whole encoding from transaction records (txs[0 .. n-1], block order) into
 * out (cap bytes; QTCL_BLOCK_ENCODED_BYTES(n) needed, else ERR_ARGUMENT).
 * A transaction that qtcl_tx_encode refuses gives QTCL_BLOCK_ERR_TX (its
 * index in *bad_index when not NULL). *len_out (may be NULL) gets the length.
 * On error the contents of out are unspecified.
 */
int			qtcl_block_encode(const qtcl_block_header *h,
							  const uint8_t beacon[QTCL_BEACON_ENCODED_BYTES],
							  int64_t claimed_reward, const qtcl_tx *txs, uint32_t n,
							  uint8_t *out, size_t cap, size_t *len_out, uint32_t *bad_index);

/*
 * Strict decoding (see the header comment) into a view of buf; buf must
 * outlive the view. max_txs: the largest n accepted (refused before the
 * body length is computed). res (may be NULL) receives the code and the
 * lengths / detail.
 */
int			qtcl_block_decode(const uint8_t *buf, size_t len, uint32_t max_txs,
							  qtcl_block_view *out, qtcl_block_result *res);

/* Pointer to the i-th transaction's 5328 bytes (NULL when i >= tx_count). */
const uint8_t *qtcl_block_tx_bytes(const qtcl_block_view *v, uint32_t i);

/* Decode the i-th transaction (qtcl_tx_decode; QTCL_TX_ERR_ARGUMENT for a bad i). */
int			qtcl_block_tx_decode(const qtcl_block_view *v, uint32_t i, qtcl_tx *tx);

/*
 * Steps 1-6 only (structure, header fields, chain id, the beacon round's
 * bytes and hash, proof of work against the header's own target): what a
 * node checks before holding a block whose parent it does not know yet.
 */
int			qtcl_block_check_pow(const uint8_t *buf, size_t len, uint32_t chain_id,
								 qtcl_beacon_work *work, qtcl_block_result *res);
/*
 * The stateless validation above. issued: the total minted up to and
 * including the parent block. res receives the verdict (also returned).
 * scratch->capacity must be >= min(n, params->max_block_txs) where n is the
 * block's count (>= max_block_txs always suffices).
 */
int			qtcl_block_check_stateless(const uint8_t *buf, size_t len,
									   const qtcl_block_params *params, int64_t issued,
									   const qtcl_block_scratch *scratch, qtcl_block_result *res);

#endif
