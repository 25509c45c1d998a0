/*
 * block_connect.c: connecting and disconnecting blocks, reorganisations and
 * fork choice (blockstore.h).
 *
 * Connecting the tip's child: load every account the block touches (row
 * locks: mempool INSERTs of those senders wait), apply the transactions and
 * the miner's credit in memory (src/chain/ledger.c), then write the undo rows
 * (each account as it was), the new account states, the confirmed
 * transactions, and drop them from the mempool; all in the caller's
 * transaction, so a block is connected with its undo rows or not at all.
 * Disconnecting the tip restores the accounts from its undo rows.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "commands/async.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "chain/ledger.h"
#include "chain/tx.h"
#include "crypto/sha3.h"
#include "pg/blockstore.h"
#include "pg/util.h"

static Datum
array_of(Datum *elems, bool *nulls, int n, Oid elemtype)
{
	int16		len;
	bool		byval;
	char		align;
	int			dims[1] = {n};
	int			lbs[1] = {1};

	get_typlenbyvalalign(elemtype, &len, &byval, &align);
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, elemtype, len, byval, align));
}

static void
notify_block(const char *what, int64 height, const uint8 *hash)
{
	char		hex[65];
	int			i;

	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", hash[i]);
	Async_Notify("qtcl_block", psprintf("%s " INT64_FORMAT " %s", what, height, hex));
}

static void
set_status(const uint8 *hash, const char *status)
{
	Oid			types[2] = {BYTEAOID, TEXTOID};
	Datum		args[2] = {PointerGetDatum(qtcl_bytea_of(hash, 32)), CStringGetTextDatum(status)};

	static SPIPlanPtr plan = NULL;

	if (SPI_execute_plan(qtcl_spi_kept_plan(&plan, "UPDATE qtcl.blocks SET status = $2 WHERE hash = $1", 2, types),
						 args, NULL, false, 0) != SPI_OK_UPDATE || SPI_processed != 1)
		elog(ERROR, "updating a block's status failed");
}

/* Addresses touched by connected or disconnected blocks, for the mempool's resync. */
typedef struct touched
{
	uint8		(*addrs)[32];
	int			n;
	int			cap;
} touched;

static void
touched_add(touched *t, const uint8 *a)
{
	if (t->n == t->cap)
	{
		t->cap = t->cap ? t->cap * 2 : 256;
		t->addrs = t->addrs ? repalloc(t->addrs, (Size) t->cap * 32) : palloc((Size) t->cap * 32);
	}
	memcpy(t->addrs[t->n++], a, 32);
}

/* Connect block `hash` on the tip. false (nothing written) with the reason when its transactions fail. */
static bool
connect_tip(const qtcl_stored_block *b, touched *tch, char *why)
{
	bytea	   *raw = qtcl_block_raw(b->hash);
	qtcl_block_view v;
	qtcl_block_result bres;
	qtcl_ledger_result lres;
	qtcl_ledger_account *accts;
	uint8		(*addrs)[32];
	size_t		naddr,
				i;
	Oid			addr_oid = qtcl_type_oid("hyper_addr");
	Datum	   *ad;
	uint64		k;

	if (raw == NULL ||
		qtcl_block_decode((const uint8 *) VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw), UINT32_MAX, &v, &bres) != QTCL_BLOCK_OK)
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("stored block bytes do not decode")));
	addrs = palloc(sizeof(*addrs) * (2 * (Size) v.tx_count + 1));
	if (qtcl_ledger_addresses(&v, addrs, 2 * (size_t) v.tx_count + 1, &naddr) != QTCL_LEDGER_OK)
		elog(ERROR, "listing the block's accounts failed");

	/* Load them, locked. */
	accts = palloc0(sizeof(*accts) * naddr);
	ad = palloc(sizeof(Datum) * naddr);
	for (i = 0; i < naddr; i++)
	{
		memcpy(accts[i].address, addrs[i], 32);
		ad[i] = PointerGetDatum(addrs[i]);
	}
	{
		Oid			types[1] = {get_array_type(addr_oid)};
		Datum		args[1] = {array_of(ad, NULL, (int) naddr, addr_oid)};

		if (SPI_execute_with_args("SELECT address, balance, nonce FROM qtcl.account_state "
								  "WHERE address OPERATOR(qtcl.=) ANY ($1) FOR UPDATE",
								  1, types, args, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "reading the block's accounts failed");
	}
	for (k = 0; k < SPI_processed; k++)
	{
		bool		isnull;
		HeapTuple	t = SPI_tuptable->vals[k];
		TupleDesc	td = SPI_tuptable->tupdesc;
		qtcl_ledger_account *a = qtcl_ledger_find(accts, naddr, (const uint8 *) DatumGetPointer(SPI_getbinval(t, td, 1, &isnull)));

		if (a == NULL)
			elog(ERROR, "unexpected account row");
		a->balance = DatumGetInt64(SPI_getbinval(t, td, 2, &isnull));
		a->nonce = (uint64) DatumGetInt64(SPI_getbinval(t, td, 3, &isnull));
		a->exists = 1;
	}
	SPI_freetuptable(SPI_tuptable);

	/* Undo rows first: the state before the block. */
	{
		Datum	   *bal = palloc(sizeof(Datum) * naddr),
				   *non = palloc(sizeof(Datum) * naddr);
		bool	   *nulls = palloc(sizeof(bool) * naddr);
		Oid			types[4] = {BYTEAOID, get_array_type(addr_oid), INT8ARRAYOID, INT8ARRAYOID};
		Datum		args[4];

		for (i = 0; i < naddr; i++)
		{
			bal[i] = Int64GetDatum(accts[i].balance);
			non[i] = Int64GetDatum((int64) accts[i].nonce);
			nulls[i] = !accts[i].exists;
		}
		args[0] = PointerGetDatum(qtcl_bytea_of(b->hash, 32));
		args[1] = array_of(ad, NULL, (int) naddr, addr_oid);
		args[2] = array_of(bal, nulls, (int) naddr, INT8OID);
		args[3] = array_of(non, nulls, (int) naddr, INT8OID);

		/* The state transition, in memory. */
		if (qtcl_ledger_apply(&v, v.claimed_reward, accts, naddr, &lres) != QTCL_LEDGER_OK)
		{
			qtcl_ledger_describe(&lres, why, QTCL_WHY_SIZE);
			return false;
		}
		if (SPI_execute_with_args("INSERT INTO qtcl.block_undo (block_hash, address, balance, nonce) "
								  "SELECT $1, a, b, n FROM unnest($2, $3, $4) AS u(a, b, n)",
								  4, types, args, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "writing undo rows failed");
	}

	/* New account states. */
	{
		Datum	   *bal = palloc(sizeof(Datum) * naddr),
				   *non = palloc(sizeof(Datum) * naddr);
		Oid			types[3] = {get_array_type(addr_oid), INT8ARRAYOID, INT8ARRAYOID};
		Datum		args[3];

		for (i = 0; i < naddr; i++)
		{
			bal[i] = Int64GetDatum(accts[i].balance);
			non[i] = Int64GetDatum((int64) accts[i].nonce);
		}
		args[0] = array_of(ad, NULL, (int) naddr, addr_oid);
		args[1] = array_of(bal, NULL, (int) naddr, INT8OID);
		args[2] = array_of(non, NULL, (int) naddr, INT8OID);
		if (SPI_execute_with_args("INSERT INTO qtcl.account_state (address, balance, nonce) "
								  "SELECT a, b, n FROM unnest($1, $2, $3) AS u(a, b, n) "
								  "ON CONFLICT (address) DO UPDATE SET balance = EXCLUDED.balance, nonce = EXCLUDED.nonce",
								  3, types, args, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "writing account states failed");
		for (i = 0; i < naddr; i++)
			touched_add(tch, addrs[i]);
	}

	/* Confirmed transactions, out of the mempool. */
	if (v.tx_count > 0)
	{
		int			n = (int) v.tx_count;
		Datum	   *hashes = palloc(sizeof(Datum) * n),
				   *pos = palloc(sizeof(Datum) * n),
				   *snd = palloc(sizeof(Datum) * n),
				   *rcp = palloc(sizeof(Datum) * n),
				   *amt = palloc(sizeof(Datum) * n),
				   *fee = palloc(sizeof(Datum) * n),
				   *non = palloc(sizeof(Datum) * n),
				   *raws = palloc(sizeof(Datum) * n);
		Oid			aoid = get_array_type(addr_oid);
		Oid			types[9] = {BYTEAOID, BYTEAARRAYOID, INT4ARRAYOID, aoid, aoid, INT8ARRAYOID, INT8ARRAYOID,
		INT8ARRAYOID, BYTEAARRAYOID};
		Datum		args[9];
		int			j;

		for (j = 0; j < n; j++)
		{
			const uint8 *p = qtcl_block_tx_bytes(&v, (uint32) j);
			qtcl_tx		tx;
			uint8	   *h = palloc(32),
					   *s = palloc(32),
					   *r = palloc(32);

			if (qtcl_tx_decode(p, QTCL_TX_ENCODED_BYTES, &tx) != QTCL_TX_OK ||
				qtcl_sha3_256(p, QTCL_TX_ENCODED_BYTES, h) != 0 || qtcl_tx_sender_address(&tx, s) != QTCL_TX_OK)
				elog(ERROR, "decoding a connected transaction failed");
			memcpy(r, tx.recipient, 32);
			hashes[j] = PointerGetDatum(qtcl_bytea_of(h, 32));
			pos[j] = Int32GetDatum(j);
			snd[j] = PointerGetDatum(s);
			rcp[j] = PointerGetDatum(r);
			amt[j] = Int64GetDatum(tx.amount);
			fee[j] = Int64GetDatum(tx.fee);
			non[j] = Int64GetDatum((int64) tx.nonce);
			raws[j] = PointerGetDatum(qtcl_bytea_of(p, QTCL_TX_ENCODED_BYTES));
		}
		args[0] = PointerGetDatum(qtcl_bytea_of(b->hash, 32));
		args[1] = array_of(hashes, NULL, n, BYTEAOID);
		args[2] = array_of(pos, NULL, n, INT4OID);
		args[3] = array_of(snd, NULL, n, addr_oid);
		args[4] = array_of(rcp, NULL, n, addr_oid);
		args[5] = array_of(amt, NULL, n, INT8OID);
		args[6] = array_of(fee, NULL, n, INT8OID);
		args[7] = array_of(non, NULL, n, INT8OID);
		args[8] = array_of(raws, NULL, n, BYTEAOID);
		if (SPI_execute_with_args("INSERT INTO qtcl.transactions (tx_hash, block_hash, position, sender, recipient, amount, fee, nonce, raw) "
								  "SELECT h, $1, p, s, r, a, f, n, x FROM unnest($2, $3, $4, $5, $6, $7, $8, $9) AS u(h, p, s, r, a, f, n, x)",
								  9, types, args, NULL, false, 0) != SPI_OK_INSERT)
			elog(ERROR, "writing confirmed transactions failed");
		if (SPI_execute_with_args("DELETE FROM qtcl.mempool WHERE tx_hash = ANY ($2)", 2, types, args, NULL, false, 0)
			!= SPI_OK_DELETE)
			elog(ERROR, "removing confirmed transactions from the mempool failed");
	}
	set_status(b->hash, "active");
	notify_block("connect", b->height, b->hash);
	return true;
}

/* Disconnect the tip; its transactions are appended to *returned (bytea each). */
static void
disconnect_tip(const qtcl_stored_block *tip, touched *tch, List **returned)
{
	Oid			types[1] = {BYTEAOID};
	Datum		args[1] = {PointerGetDatum(qtcl_bytea_of(tip->hash, 32))};
	uint64		k;
	static SPIPlanPtr p_txs,
				p_undo,
				p_del_new,
				p_restore,
				p_del_txs,
				p_del_undo;

	if (tip->height == 0)
		elog(ERROR, "the genesis block cannot be disconnected");
	if (SPI_execute_plan(qtcl_spi_kept_plan(&p_txs, "SELECT raw FROM qtcl.transactions WHERE block_hash = $1 ORDER BY position", 1, types), args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the block's transactions failed");
	for (k = 0; k < SPI_processed; k++)
	{
		bool		isnull;

		*returned = lappend(*returned, DatumGetByteaPCopy(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull)));
	}
	if (SPI_execute_plan(qtcl_spi_kept_plan(&p_undo, "SELECT address FROM qtcl.block_undo WHERE block_hash = $1", 1, types), args, NULL, false, 0)
		!= SPI_OK_SELECT)
		elog(ERROR, "reading undo rows failed");
	if (SPI_processed == 0)
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("the tip has no undo rows")));
	for (k = 0; k < SPI_processed; k++)
	{
		bool		isnull;

		touched_add(tch, (const uint8 *) DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull)));
	}
	if (SPI_execute_plan(qtcl_spi_kept_plan(&p_del_new, "DELETE FROM qtcl.account_state a USING qtcl.block_undo u "
							  "WHERE u.block_hash = $1 AND u.balance IS NULL AND a.address OPERATOR(qtcl.=) u.address", 1, types), args, NULL, false, 0) != SPI_OK_DELETE ||
		SPI_execute_plan(qtcl_spi_kept_plan(&p_restore, "UPDATE qtcl.account_state a SET balance = u.balance, nonce = u.nonce FROM qtcl.block_undo u "
							  "WHERE u.block_hash = $1 AND u.balance IS NOT NULL AND a.address OPERATOR(qtcl.=) u.address", 1, types), args, NULL, false, 0) != SPI_OK_UPDATE ||
		SPI_execute_plan(qtcl_spi_kept_plan(&p_del_txs, "DELETE FROM qtcl.transactions WHERE block_hash = $1", 1, types), args, NULL, false, 0) != SPI_OK_DELETE ||
		SPI_execute_plan(qtcl_spi_kept_plan(&p_del_undo, "DELETE FROM qtcl.block_undo WHERE block_hash = $1", 1, types), args, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "disconnecting the tip failed");
	set_status(tip->hash, "side");
	notify_block("disconnect", tip->height, tip->hash);
}

/* The path from target down to (excluding) its first active ancestor, lowest first. */
static List *
path_to(const uint8 *target, qtcl_stored_block *fork)
{
	Oid			types[1] = {BYTEAOID};
	Datum		args[1] = {PointerGetDatum(qtcl_bytea_of(target, 32))};
	List	   *path = NIL;
	uint64		k;
	bool		have_fork = false;

	if (SPI_execute_with_args("WITH RECURSIVE p(hash, parent, status, height) AS ("
							  " SELECT hash, parent, status, height FROM qtcl.blocks WHERE hash = $1"
							  " UNION ALL SELECT b.hash, b.parent, b.status, b.height FROM p JOIN qtcl.blocks b ON b.hash = p.parent"
							  " WHERE p.status <> 'active') SELECT hash FROM p ORDER BY height",
							  1, types, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "walking a branch failed");
	{
		SPITupleTable *tt = SPI_tuptable;
		uint64		n = SPI_processed;

		for (k = 0; k < n; k++)
		{
			bool		isnull;
			bytea	   *h = DatumGetByteaPP(SPI_getbinval(tt->vals[k], tt->tupdesc, 1, &isnull));
			qtcl_stored_block *b = palloc(sizeof(*b));
			uint8		hh[32];

			memcpy(hh, VARDATA_ANY(h), 32);
			if (!qtcl_block_load(hh, b))
				elog(ERROR, "block vanished");
			if (k == 0 && b->status == 'a')
			{
				*fork = *b;
				have_fork = true;
				continue;
			}
			if (b->status != 's')
				elog(ERROR, "branch block of height " INT64_FORMAT " is neither active nor side (%c)", b->height, b->status);
			path = lappend(path, b);
		}
	}
	if (!have_fork)
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("a branch does not meet the active chain")));
	return path;
}

bool
qtcl_reorg_to(const qtcl_chain_cfg *cfg, const uint8 *target, uint8 failed[32], char *why, bool mempool)
{
	qtcl_stored_block fork,
				tip;
	List	   *path;
	List	   *returned = NIL;
	touched		tch = {NULL, 0, 0};
	ListCell   *lc;
	bool		ok = true;

	path = path_to(target, &fork);
	qtcl_block_tip(&tip);
	while (tip.height > fork.height)
	{
		disconnect_tip(&tip, &tch, &returned);
		qtcl_block_tip(&tip);
	}
	if (memcmp(tip.hash, fork.hash, 32) != 0)
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("the active chain does not pass through the fork point")));
	foreach(lc, path)
	{
		qtcl_stored_block *b = lfirst(lc);

		if (!connect_tip(b, &tch, why))
		{
			memcpy(failed, b->hash, 32);
			ok = false;
			break;
		}
	}
	if (mempool && returned != NIL)
		qtcl_mempool_return(returned);
	if (mempool && tch.n > 0)
		qtcl_mempool_resync(tch.addrs, tch.n);
	return ok;
}

/* The stored block with the most work, first seen on ties. */
static void
best_candidate(uint8 out[32])
{
	bool		isnull;

	if (SPI_execute("SELECT hash FROM qtcl.blocks WHERE status IN ('active', 'side') ORDER BY chainwork DESC, seq LIMIT 1",
					false, 1) != SPI_OK_SELECT || SPI_processed != 1)
		elog(ERROR, "choosing the best chain failed");
	memcpy(out, VARDATA_ANY(DatumGetByteaPP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull))), 32);
}

/* Is `anc` the block `desc` or one of its ancestors? */
static bool
is_ancestor_or_self(const uint8 *anc, const uint8 *desc)
{
	Oid			types[2] = {BYTEAOID, BYTEAOID};
	Datum		args[2] = {PointerGetDatum(qtcl_bytea_of(desc, 32)), PointerGetDatum(qtcl_bytea_of(anc, 32))};

	if (SPI_execute_with_args("WITH RECURSIVE a(hash, parent) AS (SELECT hash, parent FROM qtcl.blocks WHERE hash = $1 "
							  "UNION ALL SELECT b.hash, b.parent FROM qtcl.blocks b JOIN a ON b.hash = a.parent) "
							  "SELECT 1 FROM a WHERE hash = $2", 2, types, args, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "walking ancestors failed");
	return SPI_processed > 0;
}

void
qtcl_activate_best(const qtcl_chain_cfg *cfg, const uint8 *submitted)
{
	for (;;)
	{
		uint8		best[32],
					failed[32];
		char		why[QTCL_WHY_SIZE];
		qtcl_stored_block tip;

		CHECK_FOR_INTERRUPTS();
		best_candidate(best);
		qtcl_block_tip(&tip);
		if (memcmp(best, tip.hash, 32) == 0)
			return;
		if (qtcl_reorg_to(cfg, best, failed, why, true))
			continue;
		if (submitted != NULL && is_ancestor_or_self(failed, submitted))
		{
			if (memcmp(failed, submitted, 32) == 0)
				ereport(ERROR, (errcode(ERRCODE_QTCL_BLOCK_STATE), errmsg("block refused: %s", why)));
			ereport(ERROR,
					(errcode(ERRCODE_QTCL_BLOCK_BAD_PARENT),
					 errmsg("block refused: an ancestor fails against the state: %s", why)));
		}
		qtcl_mark_invalid(failed, why);
	}
}
