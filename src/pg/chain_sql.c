/*
 * chain_sql.c: consensus bytes for SQL: block headers, targets and work, the
 * network parameters, and the transaction helpers (signing message, signing).
 * The chain's tables and init_chain live in sql/install/60_chain.sql; the
 * mempool's validation is mempool_sql.c.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/array.h"
#include "utils/numeric.h"
#include "catalog/pg_type.h"

#include "chain/asert.h"
#include "chain/header.h"
#include "chain/merkle.h"
#include "chain/money.h"
#include "chain/target.h"
#include "chain/tx.h"
#include "crypto/sha3.h"
#include "pg/chain.h"
#include "pg/errors.h"
#include "pg/types.h"
#include "pg/util.h"

static void
bytes_arg(bytea *b, uint8 *out, size_t len, const char *what)
{
	if (VARSIZE_ANY_EXHDR(b) != len)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
				 errmsg("%s must be %zu bytes, not %zu", what, len, (size_t) VARSIZE_ANY_EXHDR(b))));
	memcpy(out, VARDATA_ANY(b), len);
}

PG_FUNCTION_INFO_V1(qtcl_block_header_sql);

/*
 * block_header(version, chain_id, height, parent, merkle_root, timestamp_ms,
 *              target_compact, miner, beacon_round_hash, nonce) RETURNS bytea
 */
Datum
qtcl_block_header_sql(PG_FUNCTION_ARGS)
{
	qtcl_block_header h;
	uint8		out[QTCL_HEADER_BYTES];
	int64		chain_id = PG_GETARG_INT64(1),
				height = PG_GETARG_INT64(2),
				target = PG_GETARG_INT64(6),
				version = PG_GETARG_INT32(0);
	int			rc;

	if (chain_id < 0 || chain_id > PG_UINT32_MAX || target < 0 || target > PG_UINT32_MAX || version < 0)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("chain id and compact target are unsigned 32-bit values; version is not negative")));
	memset(&h, 0, sizeof(h));
	h.version = (uint32) version;
	h.chain_id = (uint32) chain_id;
	h.height = (uint64) height;
	bytes_arg(PG_GETARG_BYTEA_PP(3), h.parent, 32, "parent hash");
	bytes_arg(PG_GETARG_BYTEA_PP(4), h.merkle_root, 32, "merkle root");
	h.timestamp_ms = PG_GETARG_INT64(5);
	h.target_compact = (uint32) target;
	bytes_arg(PG_GETARG_BYTEA_PP(7), h.miner, 32, "miner address hash");
	bytes_arg(PG_GETARG_BYTEA_PP(8), h.beacon_round_hash, 32, "beacon round hash");
	h.nonce = (uint64) PG_GETARG_INT64(9);
	rc = qtcl_header_check_fields(&h);
	if (rc != QTCL_HEADER_OK)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s", qtcl_header_strerror(rc))));
	qtcl_header_encode(&h, out);
	PG_RETURN_BYTEA_P(qtcl_bytea_of(out, sizeof(out)));
}

/* numeric from an unsigned 256-bit value (for cumulative work, which SQL compares and sums). */
static Datum
numeric_of_u256(const qtcl_u256 *v)
{
	uint8		be[32];
	int			i;
	Datum		acc = DirectFunctionCall1(int8_numeric, Int64GetDatum(0));
	Datum		base = DirectFunctionCall1(int8_numeric, Int64GetDatum(256));

	qtcl_u256_to_be(v, be);
	for (i = 0; i < 32; i++)
	{
		acc = DirectFunctionCall2(numeric_mul, acc, base);
		acc = DirectFunctionCall2(numeric_add, acc, DirectFunctionCall1(int8_numeric, Int64GetDatum(be[i])));
	}
	return acc;
}

PG_FUNCTION_INFO_V1(qtcl_target_work_sql);

/* target_work(compact bigint) RETURNS numeric: floor(2^256 / (target + 1)). */
Datum
qtcl_target_work_sql(PG_FUNCTION_ARGS)
{
	int64		compact = PG_GETARG_INT64(0);
	qtcl_u256	work;
	int			rc;

	if (compact < 0 || compact > PG_UINT32_MAX)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE), errmsg("a compact target is an unsigned 32-bit value")));
	rc = qtcl_target_work_compact((uint32) compact, &work);
	if (rc != 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s", qtcl_target_strerror(rc))));
	PG_RETURN_DATUM(numeric_of_u256(&work));
}

PG_FUNCTION_INFO_V1(qtcl_network_params_sql);

/* network_params(network text) RETURNS TABLE(genesis_target bigint, pow_limit bigint, target_block_ms bigint, max_future_ms bigint) */
Datum
qtcl_network_params_sql(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	qtcl_net_params np;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	qtcl_net	net;

	if (strcmp(name, "regtest") == 0)
		net = QTCL_NET_REGTEST;
	else if (strcmp(name, "devnet") == 0)
		net = QTCL_NET_DEVNET;
	else
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("unknown network \"%s\"", name), errhint("The networks are regtest and devnet.")));
	if (qtcl_net_params_get(net, &np) != QTCL_ASERT_OK)
		elog(ERROR, "network parameters unavailable");
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "network_params must return a row");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int64GetDatum(np.genesis_compact);
	values[1] = Int64GetDatum(qtcl_target_encode(&np.asert.pow_limit));
	values[2] = Int64GetDatum(np.asert.ideal_ms);
	values[3] = Int64GetDatum(np.max_future_ms);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---- transactions ---- */

void
qtcl_tx_from_parts(qtcl_tx *tx, uint32 chain_id, bytea *sender_key, const uint8 *recipient,
				   int64 amount, int64 fee, int64 nonce)
{
	memset(tx, 0, sizeof(*tx));
	tx->chain_id = chain_id;
	if (VARSIZE_ANY_EXHDR(sender_key) != QTCL_TX_PK_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
				 errmsg("a sender key is an ML-DSA-65 public key of 1952 bytes, not %zu",
						(size_t) VARSIZE_ANY_EXHDR(sender_key))));
	memcpy(tx->sender_pk, VARDATA_ANY(sender_key), QTCL_TX_PK_BYTES);
	memcpy(tx->recipient, recipient, QTCL_TX_ADDR_BYTES);
	tx->amount = amount;
	tx->fee = fee;
	tx->nonce = (uint64) nonce;
	if (nonce < 0)
		tx->nonce = QTCL_TX_NONCE_LIMIT;	/* refused as malformed by every check */
}

PG_FUNCTION_INFO_V1(qtcl_tx_signing_message_sql);

/* tx_signing_message(sender_key, recipient, amount, fee, nonce) RETURNS bytea */
Datum
qtcl_tx_signing_message_sql(PG_FUNCTION_ARGS)
{
	qtcl_tx		tx;
	uint8		out[QTCL_TX_SIGNED_BYTES];
	int			rc;
	char		msg[QTCL_TX_MESSAGE_SIZE];

	qtcl_tx_from_parts(&tx, qtcl_chain_id(), PG_GETARG_BYTEA_PP(0), (const uint8 *) PG_GETARG_POINTER(1),
					   PG_GETARG_INT64(2), PG_GETARG_INT64(3), PG_GETARG_INT64(4));
	rc = qtcl_tx_signing_message(tx.chain_id, tx.sender_pk, tx.recipient, tx.amount, tx.fee, tx.nonce, out);
	if (rc != QTCL_TX_OK)
		qtcl_tx_raise(rc, &tx, qtcl_tx_describe(rc, &tx, tx.chain_id, 0, msg, sizeof(msg)));
	PG_RETURN_BYTEA_P(qtcl_bytea_of(out, sizeof(out)));
}

PG_FUNCTION_INFO_V1(qtcl_sign_transaction_sql);

/* sign_transaction(secret_key, public_key, recipient, amount, fee, nonce) RETURNS hlwe_signature */
Datum
qtcl_sign_transaction_sql(PG_FUNCTION_ARGS)
{
	bytea	   *sk = PG_GETARG_BYTEA_PP(0);
	qtcl_tx		tx;
	uint8		rnd[QTCL_TX_RND_BYTES];
	int			rc;
	char		msg[QTCL_TX_MESSAGE_SIZE];

	qtcl_tx_from_parts(&tx, qtcl_chain_id(), PG_GETARG_BYTEA_PP(1), (const uint8 *) PG_GETARG_POINTER(2),
					   PG_GETARG_INT64(3), PG_GETARG_INT64(4), PG_GETARG_INT64(5));
	if (VARSIZE_ANY_EXHDR(sk) != QTCL_TX_SK_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
				 errmsg("a secret key is an ML-DSA-65 expanded secret key of 4032 bytes, not %zu",
						(size_t) VARSIZE_ANY_EXHDR(sk))));
	if (!pg_strong_random(rnd, sizeof(rnd)))
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("could not obtain random bytes")));
	rc = qtcl_tx_sign(&tx, (const uint8 *) VARDATA_ANY(sk), rnd);
	qtcl_wipe(rnd, sizeof(rnd));
	if (rc == QTCL_TX_ERR_KEY)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("the secret key does not decode or does not belong to the public key")));
	if (rc != QTCL_TX_OK)
		qtcl_tx_raise(rc, &tx, qtcl_tx_describe(rc, &tx, tx.chain_id, 0, msg, sizeof(msg)));
	PG_RETURN_DATUM(qtcl_hlwe_signature_datum(tx.signature, QTCL_TX_SIG_BYTES));
}

/* ---- building blocks by hand (tests, external miners) ---- */

PG_FUNCTION_INFO_V1(qtcl_merkle_root_sql);

/* merkle_root(tx_hashes bytea[]) RETURNS bytea: the transaction merkle root of the hashes, in order. */
Datum
qtcl_merkle_root_sql(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;
	uint8		(*hashes)[32];
	uint8		root[32];

	deconstruct_array(arr, BYTEAOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	hashes = palloc(sizeof(*hashes) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("a transaction hash must not be NULL")));
		bytes_arg(DatumGetByteaPP(elems[i]), hashes[i], 32, "a transaction hash");
	}
	if (qtcl_merkle_root((const uint8 (*)[32]) hashes, (size_t) n, root) != QTCL_MERKLE_OK)
		elog(ERROR, "computing the merkle root failed");
	PG_RETURN_BYTEA_P(qtcl_bytea_of(root, 32));
}

PG_FUNCTION_INFO_V1(qtcl_tx_encode_sql);

/* tx_encode(sender_key, recipient, amount, fee, nonce, signature) RETURNS bytea: canonical bytes for this chain. */
Datum
qtcl_tx_encode_sql(PG_FUNCTION_ARGS)
{
	qtcl_tx		tx;
	uint8		out[QTCL_TX_ENCODED_BYTES];
	const uint8 *sig;
	size_t		siglen;
	int			rc;
	char		msg[QTCL_TX_MESSAGE_SIZE];

	qtcl_tx_from_parts(&tx, qtcl_chain_id(), PG_GETARG_BYTEA_PP(0), (const uint8 *) PG_GETARG_POINTER(1),
					   PG_GETARG_INT64(2), PG_GETARG_INT64(3), PG_GETARG_INT64(4));
	siglen = qtcl_hlwe_signature_bytes(PG_GETARG_DATUM(5), &sig);
	if (siglen != QTCL_TX_SIG_BYTES)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("a transaction signature is ML-DSA-65 (3309 bytes)")));
	memcpy(tx.signature, sig, QTCL_TX_SIG_BYTES);
	rc = qtcl_tx_encode(&tx, out);
	if (rc != QTCL_TX_OK)
		qtcl_tx_raise(rc, &tx, qtcl_tx_describe(rc, &tx, tx.chain_id, 0, msg, sizeof(msg)));
	PG_RETURN_BYTEA_P(qtcl_bytea_of(out, sizeof(out)));
}
