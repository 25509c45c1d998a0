/*
 * tx.c: transaction encoding, signing and stateless checks (see tx.h).
 */
#include "chain/tx.h"

#include <stdio.h>
#include <string.h>

#include "chain/keycache.h"
#include "chain/money.h"
#include "crypto/mldsa.h"
#include "crypto/sha3.h"

const char *
qtcl_tx_strerror(int code)
{
	switch (code)
	{
		case QTCL_TX_OK:
			return "ok";
		case QTCL_TX_ERR_TRUNCATED:
			return "malformed transaction: encoding shorter than 5328 bytes";
		case QTCL_TX_ERR_TRAILING:
			return "malformed transaction: encoding longer than 5328 bytes (trailing bytes)";
		case QTCL_TX_ERR_MAGIC:
			return "malformed transaction: encoding does not start with the magic \"QTCLTX\"";
		case QTCL_TX_ERR_VERSION:
			return "malformed transaction: unsupported version (expected 1)";
		case QTCL_TX_ERR_NONCE:
			return "malformed transaction: nonce must be below 2^63";
		case QTCL_TX_ERR_CHAIN_ID:
			return "wrong chain id: the transaction was signed for another chain";
		case QTCL_TX_ERR_AMOUNT:
			return "amount is not positive (must be at least 1 base unit)";
		case QTCL_TX_ERR_FEE_NEGATIVE:
			return "fee is negative (must be at least 0)";
		case QTCL_TX_ERR_FEE_TOO_LOW:
			return "fee below the minimum fee";
		case QTCL_TX_ERR_MONEY_RANGE:
			return "amount + fee overflows or exceeds the maximum money 2100000000000000 base units";
		case QTCL_TX_ERR_SIGNATURE:
			return "bad signature: ML-DSA-65 signature (context \"qtcl-tx-v1\") does not verify under the sender public key";
		case QTCL_TX_ERR_KEY:
			return "secret key does not decode or does not belong to the sender public key";
		case QTCL_TX_ERR_ARGUMENT:
			return "invalid argument (NULL pointer or buffer too small)";
		case QTCL_TX_ERR_HASH:
			return "internal failure in SHA3 or ML-DSA (out of memory?)";
	}
	return "unknown transaction error code";
}

char *
qtcl_tx_describe(int code, const qtcl_tx *tx, uint32_t expected_chain_id, int64_t min_fee,
				 char *buf, size_t buflen)
{
	if (buf == NULL || buflen == 0)
		return buf;
	if (tx == NULL)
	{
		snprintf(buf, buflen, "%s", qtcl_tx_strerror(code));
		return buf;
	}
	switch (code)
	{
		case QTCL_TX_ERR_NONCE:
			snprintf(buf, buflen, "malformed transaction: nonce %llu is not below 2^63",
					 (unsigned long long) tx->nonce);
			break;
		case QTCL_TX_ERR_CHAIN_ID:
			snprintf(buf, buflen, "wrong chain id %lu (this chain is %lu)",
					 (unsigned long) tx->chain_id, (unsigned long) expected_chain_id);
			break;
		case QTCL_TX_ERR_AMOUNT:
			snprintf(buf, buflen, "amount %lld is not positive (must be at least 1 base unit)",
					 (long long) tx->amount);
			break;
		case QTCL_TX_ERR_FEE_NEGATIVE:
			snprintf(buf, buflen, "fee %lld is negative (must be at least 0)", (long long) tx->fee);
			break;
		case QTCL_TX_ERR_FEE_TOO_LOW:
			snprintf(buf, buflen, "fee %lld below the minimum %lld",
					 (long long) tx->fee, (long long) min_fee);
			break;
		case QTCL_TX_ERR_MONEY_RANGE:
			snprintf(buf, buflen, "amount %lld + fee %lld overflows or exceeds the maximum money %lld base units",
					 (long long) tx->amount, (long long) tx->fee, (long long) QTCL_MAX_MONEY);
			break;
		default:
			snprintf(buf, buflen, "%s", qtcl_tx_strerror(code));
			break;
	}
	return buf;
}

static void
put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
}

static void
put_u64(uint8_t *p, uint64_t v)
{
	int			i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t) (v >> (56 - 8 * i));
}

static uint32_t
get_u32(const uint8_t *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static uint64_t
get_u64(const uint8_t *p)
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

/* Two's complement reinterpretation without implementation-defined conversion. */
static int64_t
u64_to_i64(uint64_t u)
{
	int64_t		v;

	memcpy(&v, &u, sizeof v);
	return v;
}

static uint64_t
i64_to_u64(int64_t v)
{
	uint64_t	u;

	memcpy(&u, &v, sizeof u);
	return u;
}

/* nonce, amount, fee >= 0, amount + fee; shared by decode, encode and check. */
static int
check_values(int64_t amount, int64_t fee, uint64_t nonce, int64_t min_fee, int with_min_fee)
{
	int64_t		total;

	if (nonce >= QTCL_TX_NONCE_LIMIT)
		return QTCL_TX_ERR_NONCE;
	if (amount <= 0)
		return QTCL_TX_ERR_AMOUNT;
	if (fee < 0)
		return QTCL_TX_ERR_FEE_NEGATIVE;
	if (with_min_fee && fee < min_fee)
		return QTCL_TX_ERR_FEE_TOO_LOW;
	if (!qtcl_money_add(amount, fee, &total))
		return QTCL_TX_ERR_MONEY_RANGE;
	return QTCL_TX_OK;
}

int
qtcl_tx_check_fields(const qtcl_tx *tx)
{
	if (tx == NULL)
		return QTCL_TX_ERR_ARGUMENT;
	return check_values(tx->amount, tx->fee, tx->nonce, 0, 0);
}

/* Writes the signing message without checks. */
static void
put_signed(uint32_t chain_id, const uint8_t *sender_pk, const uint8_t *recipient,
		   int64_t amount, int64_t fee, uint64_t nonce, uint8_t *out)
{
	memcpy(out, QTCL_TX_MAGIC, QTCL_TX_MAGIC_BYTES);
	out[QTCL_TX_OFF_VERSION] = QTCL_TX_VERSION;
	put_u32(out + QTCL_TX_OFF_CHAIN_ID, chain_id);
	memcpy(out + QTCL_TX_OFF_SENDER, sender_pk, QTCL_TX_PK_BYTES);
	memcpy(out + QTCL_TX_OFF_RECIPIENT, recipient, QTCL_TX_ADDR_BYTES);
	put_u64(out + QTCL_TX_OFF_AMOUNT, i64_to_u64(amount));
	put_u64(out + QTCL_TX_OFF_FEE, i64_to_u64(fee));
	put_u64(out + QTCL_TX_OFF_NONCE, nonce);
}

int
qtcl_tx_signing_message(uint32_t chain_id, const uint8_t sender_pk[QTCL_TX_PK_BYTES],
						const uint8_t recipient[QTCL_TX_ADDR_BYTES],
						int64_t amount, int64_t fee, uint64_t nonce,
						uint8_t out[QTCL_TX_SIGNED_BYTES])
{
	int			rc;

	if (sender_pk == NULL || recipient == NULL || out == NULL)
		return QTCL_TX_ERR_ARGUMENT;
	rc = check_values(amount, fee, nonce, 0, 0);
	if (rc != QTCL_TX_OK)
		return rc;
	put_signed(chain_id, sender_pk, recipient, amount, fee, nonce, out);
	return QTCL_TX_OK;
}

int
qtcl_tx_encode(const qtcl_tx *tx, uint8_t out[QTCL_TX_ENCODED_BYTES])
{
	int			rc;

	if (tx == NULL || out == NULL)
		return QTCL_TX_ERR_ARGUMENT;
	rc = qtcl_tx_check_fields(tx);
	if (rc != QTCL_TX_OK)
		return rc;
	put_signed(tx->chain_id, tx->sender_pk, tx->recipient, tx->amount, tx->fee, tx->nonce, out);
	memcpy(out + QTCL_TX_OFF_SIG, tx->signature, QTCL_TX_SIG_BYTES);
	return QTCL_TX_OK;
}

int
qtcl_tx_decode(const uint8_t *buf, size_t len, qtcl_tx *tx)
{
	if (tx == NULL || (buf == NULL && len > 0))
		return QTCL_TX_ERR_ARGUMENT;
	if (len < QTCL_TX_ENCODED_BYTES)
		return QTCL_TX_ERR_TRUNCATED;
	if (len > QTCL_TX_ENCODED_BYTES)
		return QTCL_TX_ERR_TRAILING;
	if (memcmp(buf, QTCL_TX_MAGIC, QTCL_TX_MAGIC_BYTES) != 0)
		return QTCL_TX_ERR_MAGIC;
	if (buf[QTCL_TX_OFF_VERSION] != QTCL_TX_VERSION)
		return QTCL_TX_ERR_VERSION;
	tx->chain_id = get_u32(buf + QTCL_TX_OFF_CHAIN_ID);
	memcpy(tx->sender_pk, buf + QTCL_TX_OFF_SENDER, QTCL_TX_PK_BYTES);
	memcpy(tx->recipient, buf + QTCL_TX_OFF_RECIPIENT, QTCL_TX_ADDR_BYTES);
	tx->amount = u64_to_i64(get_u64(buf + QTCL_TX_OFF_AMOUNT));
	tx->fee = u64_to_i64(get_u64(buf + QTCL_TX_OFF_FEE));
	tx->nonce = get_u64(buf + QTCL_TX_OFF_NONCE);
	memcpy(tx->signature, buf + QTCL_TX_OFF_SIG, QTCL_TX_SIG_BYTES);
	return qtcl_tx_check_fields(tx);
}

int
qtcl_tx_sign(qtcl_tx *tx, const uint8_t sk[QTCL_TX_SK_BYTES],
			 const uint8_t rnd_or_null[QTCL_TX_RND_BYTES])
{
	static const uint8_t zero_rnd[QTCL_TX_RND_BYTES] = {0};
	uint8_t		msg[QTCL_TX_SIGNED_BYTES];
	uint8_t		pk[QTCL_TX_PK_BYTES];
	uint8_t		sig[QTCL_TX_SIG_BYTES];
	mldsa_status st;
	int			rc;

	if (tx == NULL || sk == NULL)
		return QTCL_TX_ERR_ARGUMENT;
	rc = qtcl_tx_check_fields(tx);
	if (rc != QTCL_TX_OK)
		return rc;
	/* The key must be consistent and be the sender's: a signature by any other key is useless. */
	st = mldsa_pk_from_sk(MLDSA_65, sk, pk);
	if (st == MLDSA_ERR_BAD_KEY)
		return QTCL_TX_ERR_KEY;
	if (st != MLDSA_OK)
		return QTCL_TX_ERR_HASH;
	if (memcmp(pk, tx->sender_pk, QTCL_TX_PK_BYTES) != 0)
		return QTCL_TX_ERR_KEY;
	put_signed(tx->chain_id, tx->sender_pk, tx->recipient, tx->amount, tx->fee, tx->nonce, msg);
	st = mldsa_sign(MLDSA_65, sk, msg, sizeof msg,
					(const uint8_t *) QTCL_TX_CONTEXT, QTCL_TX_CONTEXT_BYTES,
					rnd_or_null != NULL ? rnd_or_null : zero_rnd, sig);
	if (st == MLDSA_ERR_BAD_KEY)
		return QTCL_TX_ERR_KEY;
	if (st != MLDSA_OK)
		return QTCL_TX_ERR_HASH;
	memcpy(tx->signature, sig, sizeof sig);
	return QTCL_TX_OK;
}

int
qtcl_tx_verify_signature(const qtcl_tx *tx)
{
	uint8_t		msg[QTCL_TX_SIGNED_BYTES];

	if (tx == NULL || qtcl_tx_check_fields(tx) != QTCL_TX_OK)
		return 0;
	put_signed(tx->chain_id, tx->sender_pk, tx->recipient, tx->amount, tx->fee, tx->nonce, msg);
	return qtcl_keycache_verify(tx->sender_pk, msg, sizeof msg, (const uint8_t *) QTCL_TX_CONTEXT,
								QTCL_TX_CONTEXT_BYTES, tx->signature, QTCL_TX_SIG_BYTES) == 1;
}

int
qtcl_tx_hash(const qtcl_tx *tx, uint8_t out[QTCL_TX_HASH_BYTES])
{
	uint8_t		enc[QTCL_TX_ENCODED_BYTES];
	int			rc;

	if (out == NULL)
		return QTCL_TX_ERR_ARGUMENT;
	rc = qtcl_tx_encode(tx, enc);
	if (rc != QTCL_TX_OK)
		return rc;
	return qtcl_sha3_256(enc, sizeof enc, out) == 0 ? QTCL_TX_OK : QTCL_TX_ERR_HASH;
}

int
qtcl_tx_sender_address(const qtcl_tx *tx, uint8_t out[QTCL_TX_ADDR_BYTES])
{
	if (tx == NULL || out == NULL)
		return QTCL_TX_ERR_ARGUMENT;
	return qtcl_keycache_address(tx->sender_pk, out) == 0 ? QTCL_TX_OK : QTCL_TX_ERR_HASH;
}

int
qtcl_tx_check_stateless(const qtcl_tx *tx, uint32_t expected_chain_id, int64_t min_fee, int *code)
{
	int			rc;

	if (tx == NULL)
		rc = QTCL_TX_ERR_ARGUMENT;
	else if (tx->nonce >= QTCL_TX_NONCE_LIMIT)
		rc = QTCL_TX_ERR_NONCE;
	else if (tx->chain_id != expected_chain_id)
		rc = QTCL_TX_ERR_CHAIN_ID;
	else
	{
		/* amount, fee >= 0, fee >= minimum, amount + fee in range */
		rc = check_values(tx->amount, tx->fee, tx->nonce, min_fee, 1);
		if (rc == QTCL_TX_OK && !qtcl_tx_verify_signature(tx))
			rc = QTCL_TX_ERR_SIGNATURE;
	}
	if (code != NULL)
		*code = rc;
	return rc;
}
