/*
 * mempool_sql.c: transactions submitted by INSERT INTO qtcl.mempool.
 *
 * A C trigger (BEFORE INSERT, SECURITY DEFINER) validates each row and fills
 * its derived columns (tx_hash, sender, received_at). Stateless checks come
 * first (src/chain/tx.c: fields, chain id, minimum fee, money range,
 * signature), then, under a row lock on the sender's account, the stateful
 * ones against the tables: duplicate, nonce = confirmed nonce + pending count
 * (or a replacement of a pending nonce with a fee at least 10% higher), at
 * most 25 pending per sender, and balance >= amount + fee + the sender's
 * other pending spends. The lock makes concurrent INSERTs from one sender
 * take turns; the reads use the latest snapshot, so each sees what the
 * previous holder committed whatever the isolation level; no two pending
 * transactions share a nonce and no sender overspends. UNIQUE (sender,
 * nonce) backs this. Ordinary roles cannot take that row lock (no UPDATE
 * privilege), so they cannot stall another sender.
 *
 * The reads on this path (chain parameters, the locked account, the
 * sender's pending transactions) are direct index scans (sender_state.c),
 * and the signature check reuses the sender key's expanded form
 * (chain/keycache.c): the trigger runs once per transaction, and SQL
 * through SPI cost more than the checks. Rare cases (a replacement, a nonce
 * below the confirmed one) still use SPI.
 *
 * qtcl.test_accept runs the same checks as a dry run and returns the verdict.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "chain/money.h"
#include "chain/tx.h"
#include "pg/blockstore.h"
#include "pg/chain.h"
#include "pg/sender_state.h"
#include "pg/types.h"
#include "pg/util.h"

typedef struct verdict
{
	int			sqlstate;		/* 0 = accepted */
	char		msg[QTCL_TX_MESSAGE_SIZE];
} verdict;

static int
sqlstate_of(int code)
{
	switch (code)
	{
		case QTCL_TX_ERR_SIGNATURE:
			return ERRCODE_QTCL_BAD_SIGNATURE;
		case QTCL_TX_ERR_CHAIN_ID:
			return ERRCODE_QTCL_WRONG_CHAIN;
		case QTCL_TX_ERR_AMOUNT:
			return ERRCODE_QTCL_AMOUNT;
		case QTCL_TX_ERR_MONEY_RANGE:
			return ERRCODE_QTCL_MONEY_RANGE;
		case QTCL_TX_ERR_FEE_TOO_LOW:
			return ERRCODE_QTCL_FEE_TOO_LOW;
		case QTCL_TX_ERR_HASH:
		case QTCL_TX_ERR_ARGUMENT:
			return ERRCODE_INTERNAL_ERROR;
		default:
			return ERRCODE_QTCL_MALFORMED;
	}
}

void
qtcl_tx_raise(int code, const qtcl_tx *tx, const char *message)
{
	ereport(ERROR, (errcode(sqlstate_of(code)), errmsg("transaction refused: %s", message)));
}

uint32
qtcl_chain_id(void)
{
	uint32		id;
	int64		fee;

	if (!qtcl_read_chain_params(false, &id, &fee))
		qtcl_raise_no_chain();
	return id;
}

/* Plans of the trigger's rare queries, prepared once per backend (qtcl_spi_kept_plan). */
static SPIPlanPtr plan_dup,
			plan_replace;

#define REFUSE(code, ...) \
	do { v->sqlstate = (code); snprintf(v->msg, sizeof(v->msg), __VA_ARGS__); return false; } while (0)

/*
 * Whether a transaction with this hash is confirmed (qtcl.transactions, via
 * SPI: only asked for a nonce below the sender's confirmed one).
 */
static bool
confirmed_tx(const uint8 hash[QTCL_TX_HASH_BYTES])
{
	Oid			t1[1] = {BYTEAOID};
	Datum		a1[1] = {PointerGetDatum(qtcl_bytea_of(hash, QTCL_TX_HASH_BYTES))};
	bool		found;

	qtcl_spi_connect();
	qtcl_spi_read_latest_plan(qtcl_spi_kept_plan(&plan_dup, "SELECT 1 FROM qtcl.transactions WHERE tx_hash = $1",
												 1, t1), a1);
	found = SPI_processed > 0;
	SPI_finish();
	return found;
}

/*
 * The checks. On acceptance fills hash and sender and sets *replace (the
 * hash of the pending transaction to replace, or false). explicit_chain: the
 * row named a chain id (else the tx has ours). take_lock: lock the sender's
 * account first (the trigger; test_accept only reads).
 */
static bool
validate(qtcl_tx *tx, bool explicit_chain, bool take_lock, verdict *v,
		 uint8 hash[QTCL_TX_HASH_BYTES], uint8 sender[QTCL_TX_ADDR_BYTES], bool *replace,
		 uint8 replaced[QTCL_TX_HASH_BYTES])
{
	uint32		chain_id;
	int64		min_fee,
				balance = 0,
				confirmed = 0,
				spends = 0,
				need;
	int			rc,
				i,
				npending;
	uint64		pending = 0;
	qtcl_pending_tx *p;

	*replace = false;
	v->sqlstate = 0;
	if (!qtcl_read_chain_params(true, &chain_id, &min_fee))
		qtcl_raise_no_chain();
	if (!explicit_chain)
		tx->chain_id = chain_id;
	rc = qtcl_tx_check_stateless(tx, chain_id, min_fee, NULL);
	if (rc != QTCL_TX_OK)
	{
		v->sqlstate = sqlstate_of(rc);
		qtcl_tx_describe(rc, tx, chain_id, min_fee, v->msg, sizeof(v->msg));
		return false;
	}
	if (qtcl_tx_hash(tx, hash) != QTCL_TX_OK || qtcl_tx_sender_address(tx, sender) != QTCL_TX_OK)
		elog(ERROR, "hashing the transaction failed");

	/*
	 * Serialise on the sender: a row lock on its account, taken as the
	 * extension's owner (ordinary roles cannot lock these rows), then read:
	 * after a wait, the version read is the one locked, the newest.
	 * Concurrent INSERTs from one sender queue here. A sender without an
	 * account row has no balance, so its transaction is refused below
	 * whatever else happens.
	 */
	(void) qtcl_read_sender_account(sender, take_lock, &balance, &confirmed);

	/*
	 * Pending transactions of the sender, read after the lock (a new latest
	 * snapshot: what the previous holder committed). A pending duplicate is
	 * one of them (the hash covers the sender key) and has this nonce.
	 */
	npending = qtcl_read_sender_pending(sender, &p);
	for (i = 0; i < npending; i++)
	{
		if ((uint64) p[i].nonce == tx->nonce)
		{
			if (memcmp(p[i].hash, hash, QTCL_TX_HASH_BYTES) == 0)
				REFUSE(ERRCODE_QTCL_DUPLICATE, "duplicate transaction: it is already pending or confirmed");
			/* Replace-by-fee: at least 10% more, in integers. */
			if ((__int128) tx->fee * 10 < (__int128) p[i].fee * 11)
				REFUSE(ERRCODE_QTCL_REPLACEMENT_FEE,
					   "a transaction with nonce " INT64_FORMAT " is already pending with fee " INT64_FORMAT
					   "; a replacement needs a fee of at least " INT64_FORMAT " (10%% more), not " INT64_FORMAT,
					   p[i].nonce, p[i].fee, (int64) (((__int128) p[i].fee * 11 + 9) / 10), tx->fee);
			*replace = true;
			memcpy(replaced, p[i].hash, QTCL_TX_HASH_BYTES);
			continue;
		}
		pending++;
		if (!qtcl_money_add(spends, p[i].amount, &spends) || !qtcl_money_add(spends, p[i].fee, &spends))
			spends = QTCL_MAX_MONEY + (int64) 1;	/* beyond any balance */
	}
	pfree(p);

	/*
	 * A confirmed duplicate has a nonce below the sender's confirmed nonce
	 * (each confirmed transaction of a sender took the next one): only such a
	 * nonce needs the look into qtcl.transactions.
	 */
	if (tx->nonce < (uint64) confirmed && confirmed_tx(hash))
		REFUSE(ERRCODE_QTCL_DUPLICATE, "duplicate transaction: it is already pending or confirmed");
	if (!*replace)
	{
		int64		expected = confirmed + (int64) pending;

		if (tx->nonce != (uint64) expected)
			REFUSE(ERRCODE_QTCL_NONCE, "nonce " UINT64_FORMAT " is not the sender's next: expected " INT64_FORMAT
				   " (confirmed nonce " INT64_FORMAT " plus " UINT64_FORMAT " pending)",
				   tx->nonce, expected, confirmed, pending);
		if (pending >= QTCL_MAX_PENDING_PER_SENDER)
			REFUSE(ERRCODE_QTCL_TOO_MANY_PENDING, "the sender already has " UINT64_FORMAT
				   " pending transactions, the most allowed is %d", pending, QTCL_MAX_PENDING_PER_SENDER);
	}
	if (!qtcl_money_add(tx->amount, tx->fee, &need) || !qtcl_money_add(need, spends, &need) || balance < need)
		REFUSE(ERRCODE_QTCL_BALANCE, "balance " INT64_FORMAT " is below amount + fee + pending spends = "
			   INT64_FORMAT " + " INT64_FORMAT " + " INT64_FORMAT,
			   balance, tx->amount, tx->fee, spends > QTCL_MAX_MONEY ? QTCL_MAX_MONEY : spends);
	return true;
}

/* The transaction of a mempool row or of test_accept's arguments. */
static void
tx_of(qtcl_tx *tx, bytea *sender_key, const uint8 *recipient, int64 amount, int64 fee, int64 nonce,
	  Datum signature)
{
	const uint8 *sig;
	size_t		len = qtcl_hlwe_signature_bytes(signature, &sig);

	qtcl_tx_from_parts(tx, 0, sender_key, recipient, amount, fee, nonce);
	/* Another parameter set than ML-DSA-65 cannot verify: leave zeros, refused as a bad signature. */
	if (len == QTCL_TX_SIG_BYTES)
		memcpy(tx->signature, sig, QTCL_TX_SIG_BYTES);
}

PG_FUNCTION_INFO_V1(qtcl_mempool_before_insert);

Datum
qtcl_mempool_before_insert(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	TupleDesc	desc;
	HeapTuple	row;
	Datum		vals[7];
	bool		nulls[7];
	static const char *const cols[7] = {"sender_key", "recipient", "amount", "fee", "nonce", "signature", "chain_id"};
	int			i;
	qtcl_tx		tx;
	verdict		v;
	uint8		hash[QTCL_TX_HASH_BYTES],
				sender[QTCL_TX_ADDR_BYTES],
				replaced[QTCL_TX_HASH_BYTES];
	bool		replace;
	int			setcols[3];
	Datum		setvals[3];
	bool		setnulls[3] = {false, false, false};

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_BEFORE(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		elog(ERROR, "qtcl_mempool_before_insert must run as a BEFORE INSERT row trigger");
	/* Only on qtcl.mempool: the function runs as its owner and deletes from there. */
	{
		char	   *nsp = get_namespace_name(RelationGetNamespace(td->tg_relation));

		if (nsp == NULL || strcmp(nsp, "qtcl") != 0 || strcmp(RelationGetRelationName(td->tg_relation), "mempool") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("qtcl.mempool_before_insert() validates rows of qtcl.mempool only")));
	}
	desc = td->tg_relation->rd_att;
	row = td->tg_trigtuple;
	for (i = 0; i < 7; i++)
	{
		int			attno = SPI_fnumber(desc, cols[i]);

		if (attno <= 0)
			elog(ERROR, "qtcl.mempool has no column %s", cols[i]);
		vals[i] = heap_getattr(row, attno, desc, &nulls[i]);
		if (nulls[i] && i < 6)
			ereport(ERROR, (errcode(ERRCODE_NOT_NULL_VIOLATION), errmsg("a transaction needs %s", cols[i])));
	}
	tx_of(&tx, DatumGetByteaPP(vals[0]), (const uint8 *) DatumGetPointer(vals[1]), DatumGetInt64(vals[2]),
		  DatumGetInt64(vals[3]), DatumGetInt64(vals[4]), vals[5]);
	if (!nulls[6])
	{
		int64		cid = DatumGetInt64(vals[6]);

		if (cid < 0 || cid > PG_UINT32_MAX)
			ereport(ERROR, (errcode(ERRCODE_QTCL_WRONG_CHAIN),
							errmsg("transaction refused: chain id " INT64_FORMAT " is not an unsigned 32-bit value", cid)));
		tx.chain_id = (uint32) cid;
	}

	if (qtcl_mempool_internal_insert)
	{
		/* A transaction of a disconnected block, re-added by the node (mempool_upkeep.c): already verified. */
		if (nulls[6])
			tx.chain_id = qtcl_chain_id();
		if (qtcl_tx_hash(&tx, hash) != QTCL_TX_OK || qtcl_tx_sender_address(&tx, sender) != QTCL_TX_OK)
			elog(ERROR, "hashing the transaction failed");
	}
	else
	{
		if (!validate(&tx, !nulls[6], true, &v, hash, sender, &replace, replaced))
			ereport(ERROR, (errcode(v.sqlstate), errmsg("transaction refused: %s", v.msg)));
		if (replace)
		{
			Oid			t1[1] = {BYTEAOID};
			Datum		a1[1] = {PointerGetDatum(qtcl_bytea_of(replaced, QTCL_TX_HASH_BYTES))};

			qtcl_spi_connect();
			/* With the latest snapshot, as the pending list was read: the row replaced may be newer than ours. */
			if (SPI_execute_snapshot(qtcl_spi_kept_plan(&plan_replace, "DELETE FROM qtcl.mempool WHERE tx_hash = $1", 1, t1),
									 a1, NULL, GetLatestSnapshot(), InvalidSnapshot, false, false, 0) != SPI_OK_DELETE ||
				SPI_processed != 1)
				elog(ERROR, "replacing the pending transaction failed");
			SPI_finish();
		}
	}

	qtcl_mempool_accepted_since_count++;
	setcols[0] = SPI_fnumber(desc, "tx_hash");
	setcols[1] = SPI_fnumber(desc, "sender");
	setcols[2] = SPI_fnumber(desc, "received_at");
	setvals[0] = PointerGetDatum(qtcl_bytea_of(hash, sizeof(hash)));
	{
		uint8	   *addr = palloc(QTCL_TX_ADDR_BYTES);

		memcpy(addr, sender, QTCL_TX_ADDR_BYTES);
		setvals[1] = PointerGetDatum(addr);
	}
	setvals[2] = TimestampTzGetDatum(GetCurrentTimestamp());
	return PointerGetDatum(heap_modify_tuple_by_cols(row, desc, 3, setcols, setvals, setnulls));
}

PG_FUNCTION_INFO_V1(qtcl_test_accept);

/* test_accept(sender_key, recipient, amount, fee, nonce, signature) RETURNS text: 'ok' or the reason. */
Datum
qtcl_test_accept(PG_FUNCTION_ARGS)
{
	qtcl_tx		tx;
	verdict		v;
	uint8		hash[QTCL_TX_HASH_BYTES],
				sender[QTCL_TX_ADDR_BYTES],
				replaced[QTCL_TX_HASH_BYTES];
	bool		replace;
	bytea	   *key = PG_GETARG_BYTEA_PP(0);
	bool		ok;

	if (VARSIZE_ANY_EXHDR(key) != QTCL_TX_PK_BYTES)
		PG_RETURN_TEXT_P(cstring_to_text(psprintf("a sender key is an ML-DSA-65 public key of 1952 bytes, not %zu",
												  (size_t) VARSIZE_ANY_EXHDR(key))));
	tx_of(&tx, key, (const uint8 *) PG_GETARG_POINTER(1), PG_GETARG_INT64(2), PG_GETARG_INT64(3),
		  PG_GETARG_INT64(4), PG_GETARG_DATUM(5));
	ok = validate(&tx, false, false, &v, hash, sender, &replace, replaced);
	PG_RETURN_TEXT_P(cstring_to_text(ok ? (replace ? "ok (replaces the pending transaction with the same nonce)" : "ok")
									 : v.msg));
}
