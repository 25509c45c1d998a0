/*
 * tx.h: qtcl transactions: the record, its canonical encoding, the signing
 * message, signing, the transaction hash and the stateless checks.
 * docs/PROTOCOL.tx.md, section "Transactions", describes the same byte by byte.
 *
 * Why this shape: the seed system signed JSON (two serialisers with different
 * separators, so signatures made by one path failed in the other), had a
 * legacy signing hash that left out the fee, accepted unsigned transactions,
 * and used floats for amounts. Here there is exactly one encoding, fixed
 * length, every integer big-endian; the signature covers every other field
 * including the chain id (no cross-chain replay) and the fee; the decoder
 * accepts only that encoding (so a transaction has exactly one hash); amounts
 * are int64 base units checked with chain/money.h.
 *
 * Canonical encoding, version 1 (QTCL_TX_ENCODED_BYTES = 5328 bytes):
 *      off  len
 *        0    6  magic "QTCLTX" (ASCII, 51 54 43 4c 54 58)
 *        6    1  version = 1
 *        7    4  chain id, u32
 *       11 1952  sender public key, ML-DSA-65 pkEncode
 *     1963   32  recipient hyper_addr (SHA3-256 of the recipient's public key)
 *     1995    8  amount, i64 two's complement, 1 .. QTCL_MAX_MONEY
 *     2003    8  fee, i64, 0 .. QTCL_MAX_MONEY
 *     2011    8  nonce, u64, < 2^63
 *     2019 3309  signature, ML-DSA-65 sigEncode
 * Signing message = bytes 0 .. 2018 (QTCL_TX_SIGNED_BYTES = 2019, everything
 * before the signature). Signature = ML-DSA-65 pure (external) signing with
 * context "qtcl-tx-v1". tx hash = SHA3-256(all 5328 bytes). Sender address =
 * SHA3-256(sender public key) (addr/address.h).
 *
 * Error codes (positive; QTCL_TX_OK = 0). The checks run in this order, and
 * the first failure is reported:
 *   malformed (decode only): TRUNCATED, TRAILING, MAGIC, VERSION;
 *   malformed field:         NONCE (nonce >= 2^63);
 *   wrong chain id:          CHAIN_ID               (check_stateless only);
 *   amount not positive:     AMOUNT;
 *   fee negative:            FEE_NEGATIVE;
 *   fee below the minimum:   FEE_TOO_LOW            (check_stateless only);
 *   amount + fee overflows or exceeds QTCL_MAX_MONEY: MONEY_RANGE;
 *   bad signature:           SIGNATURE              (check_stateless only).
 * Decoding therefore refuses everything that is wrong regardless of context;
 * qtcl_tx_check_stateless repeats those field checks (a struct may have been
 * filled by hand) and adds the chain id, minimum fee and signature. The
 * stateful checks (nonce sequence, balance, pending spends) belong to the
 * caller, against its tables.
 *
 * Messages: qtcl_tx_strerror() gives a static message stating the rule
 * ("fee below the minimum fee"); qtcl_tx_describe() writes the same with the
 * transaction's numbers into a caller buffer ("fee 5 below the minimum 10").
 *
 * Pure core: no PostgreSQL headers, no allocation (except OpenSSL's SHA3
 * contexts) and no global state of its own (verification and the sender
 * address go through the per-process key cache, chain/keycache.h, which
 * gives the same results), no OS randomness (hedged signing takes rnd
 * from the caller). A qtcl_tx is 5.3 KB; functions use at most about two
 * encodings' worth of stack on top of ML-DSA's own.
 */
#ifndef QTCL_CHAIN_TX_H
#define QTCL_CHAIN_TX_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_TX_MAGIC			"QTCLTX"	/* 6 bytes, no NUL in the encoding */
#define QTCL_TX_MAGIC_BYTES		6
#define QTCL_TX_VERSION			1
#define QTCL_TX_PK_BYTES		1952	/* ML-DSA-65 public key */
#define QTCL_TX_SK_BYTES		4032	/* ML-DSA-65 expanded secret key */
#define QTCL_TX_SIG_BYTES		3309	/* ML-DSA-65 signature */
#define QTCL_TX_ADDR_BYTES		32
#define QTCL_TX_HASH_BYTES		32
#define QTCL_TX_RND_BYTES		32
#define QTCL_TX_CONTEXT			"qtcl-tx-v1"	/* ML-DSA context string */
#define QTCL_TX_CONTEXT_BYTES	10
#define QTCL_TX_NONCE_LIMIT		(UINT64_C(1) << 63)	/* nonces are < 2^63 (fit a SQL bigint) */

/* Offsets into the encoding. */
#define QTCL_TX_OFF_VERSION		6
#define QTCL_TX_OFF_CHAIN_ID	7
#define QTCL_TX_OFF_SENDER		11
#define QTCL_TX_OFF_RECIPIENT	1963
#define QTCL_TX_OFF_AMOUNT		1995
#define QTCL_TX_OFF_FEE			2003
#define QTCL_TX_OFF_NONCE		2011
#define QTCL_TX_OFF_SIG			2019
#define QTCL_TX_SIGNED_BYTES	2019
#define QTCL_TX_ENCODED_BYTES	(QTCL_TX_SIGNED_BYTES + QTCL_TX_SIG_BYTES)	/* 5328 */

/* Buffer size that always holds a qtcl_tx_describe() message. */
#define QTCL_TX_MESSAGE_SIZE	256

/* A transaction: plain data, no pointers (can be copied with memcpy). */
typedef struct qtcl_tx
{
	uint32_t	chain_id;
	uint8_t		sender_pk[QTCL_TX_PK_BYTES];
	uint8_t		recipient[QTCL_TX_ADDR_BYTES];	/* hyper_addr of the recipient */
	int64_t		amount;			/* base units, > 0 */
	int64_t		fee;			/* base units, >= 0 */
	uint64_t	nonce;			/* < 2^63 */
	uint8_t		signature[QTCL_TX_SIG_BYTES];
} qtcl_tx;

enum
{
	QTCL_TX_OK = 0,
	/* malformed encoding (qtcl_tx_decode) */
	QTCL_TX_ERR_TRUNCATED = 1,	/* shorter than 5328 bytes */
	QTCL_TX_ERR_TRAILING,		/* longer than 5328 bytes */
	QTCL_TX_ERR_MAGIC,			/* does not start with "QTCLTX" */
	QTCL_TX_ERR_VERSION,		/* version byte is not 1 */
	/* field and stateless checks, in the order checked */
	QTCL_TX_ERR_NONCE,			/* nonce >= 2^63 (malformed field) */
	QTCL_TX_ERR_CHAIN_ID,		/* chain id differs from the expected one */
	QTCL_TX_ERR_AMOUNT,			/* amount <= 0 */
	QTCL_TX_ERR_FEE_NEGATIVE,	/* fee < 0 */
	QTCL_TX_ERR_FEE_TOO_LOW,	/* fee < the minimum fee */
	QTCL_TX_ERR_MONEY_RANGE,	/* amount + fee overflows or exceeds QTCL_MAX_MONEY */
	QTCL_TX_ERR_SIGNATURE,		/* ML-DSA-65 signature does not verify */
	/* operations */
	QTCL_TX_ERR_KEY,			/* secret key does not decode or is not the sender's */
	QTCL_TX_ERR_ARGUMENT,		/* NULL pointer or buffer too small */
	QTCL_TX_ERR_HASH			/* SHA3 / ML-DSA internal failure (OpenSSL allocation) */
};

/* Static message for a code, stating what was expected. Never NULL. */
const char *qtcl_tx_strerror(int code);

/*
 * The message for `code` with the numbers of `tx` filled in, e.g.
 * "fee 5 below the minimum 10", "wrong chain id 2 (this chain is 1)",
 * "amount 0 is not positive (must be at least 1 base unit)". tx may be NULL
 * (then the static message is copied). Always NUL-terminates when buflen > 0
 * (QTCL_TX_MESSAGE_SIZE is always enough). Returns buf.
 */
char	   *qtcl_tx_describe(int code, const qtcl_tx *tx, uint32_t expected_chain_id,
							 int64_t min_fee, char *buf, size_t buflen);

/*
 * Range checks of the fields that need no context, in the documented order:
 * nonce, amount, fee >= 0, amount + fee. Returns QTCL_TX_OK or the first
 * failing code.
 */
int			qtcl_tx_check_fields(const qtcl_tx *tx);

/*
 * The signing message (2019 bytes) from its parts; exactly what the SQL
 * helper qtcl.tx_signing_message returns. Refuses (writing nothing) the
 * field values the decoder would refuse: QTCL_TX_ERR_NONCE, _AMOUNT,
 * _FEE_NEGATIVE, _MONEY_RANGE.
 */
int			qtcl_tx_signing_message(uint32_t chain_id, const uint8_t sender_pk[QTCL_TX_PK_BYTES],
									const uint8_t recipient[QTCL_TX_ADDR_BYTES],
									int64_t amount, int64_t fee, uint64_t nonce,
									uint8_t out[QTCL_TX_SIGNED_BYTES]);

/* Canonical encoding. Refuses (writing nothing) what qtcl_tx_check_fields refuses. */
int			qtcl_tx_encode(const qtcl_tx *tx, uint8_t out[QTCL_TX_ENCODED_BYTES]);

/*
 * Strict decoding: exactly 5328 bytes, magic, version 1, then the field
 * checks of qtcl_tx_check_fields. The signature is not verified. On error
 * *tx is unspecified.
 */
int			qtcl_tx_decode(const uint8_t *buf, size_t len, qtcl_tx *tx);

/*
 * Sign: tx->signature = ML-DSA-65.Sign(sk, signing message, "qtcl-tx-v1").
 * sk is the 4032-byte expanded secret key; it must belong to tx->sender_pk
 * (checked: QTCL_TX_ERR_KEY otherwise). rnd: 32 fresh random bytes for hedged
 * signing, or NULL for deterministic signing (rnd = 32 zero bytes). Field
 * errors as for encode. tx->signature is only written on success.
 */
int			qtcl_tx_sign(qtcl_tx *tx, const uint8_t sk[QTCL_TX_SK_BYTES],
						 const uint8_t rnd_or_null[QTCL_TX_RND_BYTES]);

/* 1 when tx->signature verifies over the signing message, 0 otherwise (also for bad fields). */
int			qtcl_tx_verify_signature(const qtcl_tx *tx);

/* tx hash = SHA3-256(canonical encoding). Field errors as for encode. */
int			qtcl_tx_hash(const qtcl_tx *tx, uint8_t out[QTCL_TX_HASH_BYTES]);

/* Sender address = SHA3-256(sender public key). */
int			qtcl_tx_sender_address(const qtcl_tx *tx, uint8_t out[QTCL_TX_ADDR_BYTES]);

/*
 * Every check that needs no chain state, in the documented order: fields,
 * chain id == expected_chain_id, fee >= min_fee (min_fee <= 0 means no
 * minimum), amount + fee in range, signature. Returns QTCL_TX_OK or the
 * first failing code; the same value is stored in *code when code is not
 * NULL (for callers that keep the verdict beside other results).
 */
int			qtcl_tx_check_stateless(const qtcl_tx *tx, uint32_t expected_chain_id,
									int64_t min_fee, int *code);

#endif
