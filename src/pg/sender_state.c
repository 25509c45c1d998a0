/*
 * sender_state.c: what the mempool trigger reads for each transaction, read
 * with direct index scans instead of SQL through SPI.
 *
 * Why: the trigger runs once per submitted transaction and its reads are
 * three single-key lookups; through SPI each one pays for an executor start
 * (plan checks, node setup, permission checks, a snapshot push), which cost
 * more than the lookups themselves. These functions do what those queries
 * did, with the same visibility: the command counter is advanced first (rows
 * inserted earlier by the same statement are seen, as SPI would) and every
 * read takes the latest snapshot. The account row lock has the semantics of
 * SELECT ... FOR NO KEY UPDATE: wait for the holder, then in READ COMMITTED
 * lock and return the row's newest version; under REPEATABLE READ or
 * SERIALIZABLE a concurrent update is a serialization failure (40001).
 * Eviction (mempool_upkeep.c) takes the same lock without waiting.
 *
 * No permission checks happen here: the trigger runs as the extension's
 * owner, who may read and lock these tables anyway.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_index.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "pg/chain.h"
#include "pg/sender_state.h"

static Relation
open_qtcl_table(const char *name, LOCKMODE mode)
{
	Oid			nsp = get_namespace_oid("qtcl", false);
	Oid			relid = get_relname_relid(name, nsp);

	if (!OidIsValid(relid))
		elog(ERROR, "qtcl.%s does not exist", name);
	return table_open(relid, mode);
}

static AttrNumber
column(Relation rel, const char *name)
{
	int			attno = SPI_fnumber(RelationGetDescr(rel), name);

	if (attno <= 0)
		elog(ERROR, "%s has no column %s", RelationGetRelationName(rel), name);
	return (AttrNumber) attno;
}

/* The index of rel whose first key column is attno (the unique ones are the candidates). */
static Relation
open_index_on(Relation rel, AttrNumber attno)
{
	List	   *indexes = RelationGetIndexList(rel);
	ListCell   *lc;
	Oid			found = InvalidOid;

	foreach(lc, indexes)
	{
		HeapTuple	t = SearchSysCache1(INDEXRELID, ObjectIdGetDatum(lfirst_oid(lc)));
		Form_pg_index ix;

		if (!HeapTupleIsValid(t))
			continue;
		ix = (Form_pg_index) GETSTRUCT(t);
		if (ix->indisunique && ix->indisvalid && ix->indnkeyatts >= 1 && ix->indkey.values[0] == attno)
			found = ix->indexrelid;
		ReleaseSysCache(t);
		if (OidIsValid(found))
			break;
	}
	list_free(indexes);
	if (!OidIsValid(found))
		elog(ERROR, "%s has no unique index on column %d", RelationGetRelationName(rel), attno);
	return index_open(found, AccessShareLock);
}

/* Equality on the index's first column, as a btree scan key. */
static void
equal_key(ScanKey key, Relation index, Datum value)
{
	Oid			type = index->rd_opcintype[0];
	Oid			op = get_opfamily_member(index->rd_opfamily[0], type, type, BTEqualStrategyNumber);

	if (!OidIsValid(op))
		elog(ERROR, "no equality operator for index %s", RelationGetRelationName(index));
	ScanKeyInit(key, 1, BTEqualStrategyNumber, get_opcode(op), value);
}

/* The latest snapshot, after making this statement's earlier rows visible. Registered: unregister it. */
static Snapshot
latest_snapshot(void)
{
	CommandCounterIncrement();
	return RegisterSnapshot(GetLatestSnapshot());
}

bool
qtcl_read_chain_params(bool latest, uint32 *chain_id, int64 *min_fee)
{
	Relation	rel = open_qtcl_table("chain_params", AccessShareLock);
	/* Not latest: the running query's snapshot, no command counter step (callable in parallel workers). */
	Snapshot	snap = latest ? latest_snapshot()
		: RegisterSnapshot(ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot());
	TableScanDesc scan = table_beginscan(rel, snap, 0, NULL);
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	bool		found = table_scan_getnextslot(scan, ForwardScanDirection, slot);

	if (found)
	{
		bool		isnull;

		*chain_id = (uint32) DatumGetInt64(slot_getattr(slot, column(rel, "chain_id"), &isnull));
		*min_fee = DatumGetInt64(slot_getattr(slot, column(rel, "min_fee"), &isnull));
	}
	ExecDropSingleTupleTableSlot(slot);
	table_endscan(scan);
	UnregisterSnapshot(snap);
	table_close(rel, NoLock);
	return found;
}

/*
 * Finds the account at address and, with lock, locks it (wait: LockWaitBlock
 * or LockWaitSkip). Returns 1 found (and locked), 0 no account, -1 locked
 * by another transaction (LockWaitSkip only).
 */
static int
find_account(const uint8 *address, bool lock, LockWaitPolicy wait, int64 *balance, int64 *nonce)
{
	Relation	rel = open_qtcl_table("account_state", lock ? RowShareLock : AccessShareLock);
	AttrNumber	a_addr = column(rel, "address");
	Relation	index = open_index_on(rel, a_addr);
	Snapshot	snap = latest_snapshot();
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	ScanKeyData key;
	IndexScanDesc scan;
	bool		found;

	equal_key(&key, index, PointerGetDatum(address));
	scan = index_beginscan(rel, index, snap, 1, 0);
	index_rescan(scan, &key, 1, NULL, 0);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	index_endscan(scan);

	if (found && lock)
	{
		ItemPointerData tid = slot->tts_tid;
		TM_FailureData tmfd;
		TM_Result	r;
		int			flags = TUPLE_LOCK_FLAG_LOCK_UPDATE_IN_PROGRESS;

		if (!IsolationUsesXactSnapshot())
			flags |= TUPLE_LOCK_FLAG_FIND_LAST_VERSION;
		r = table_tuple_lock(rel, &tid, snap, slot, GetCurrentCommandId(true), LockTupleNoKeyExclusive,
							 wait, flags, &tmfd);
		switch (r)
		{
			case TM_Ok:
				break;
			case TM_WouldBlock:
				ExecDropSingleTupleTableSlot(slot);
				UnregisterSnapshot(snap);
				index_close(index, NoLock);
				table_close(rel, NoLock);
				return -1;
			case TM_SelfModified:
				/* Changed by a later command of this transaction: nothing for us to lock, as FOR UPDATE skips it. */
				found = false;
				break;
			case TM_Updated:
			case TM_Deleted:
				if (IsolationUsesXactSnapshot())
					ereport(ERROR,
							(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
							 errmsg("could not serialize access due to concurrent update of the sender's account")));
				if (r == TM_Updated)
					elog(ERROR, "unexpected status %d locking the sender's account", (int) r);
				found = false;	/* the account was removed (its block disconnected) */
				break;
			default:
				elog(ERROR, "unexpected status %d locking the sender's account", (int) r);
		}
		/* The version locked may be newer than the one found: it must still be this address's. */
		if (found && tmfd.traversed)
		{
			bool		isnull;
			Datum		got = slot_getattr(slot, a_addr, &isnull);

			if (isnull || memcmp(DatumGetPointer(got), address, QTCL_TX_ADDR_BYTES) != 0)
				found = false;
		}
	}
	if (found)
	{
		bool		isnull;

		*balance = DatumGetInt64(slot_getattr(slot, column(rel, "balance"), &isnull));
		*nonce = DatumGetInt64(slot_getattr(slot, column(rel, "nonce"), &isnull));
	}
	ExecDropSingleTupleTableSlot(slot);
	UnregisterSnapshot(snap);
	index_close(index, NoLock);
	table_close(rel, NoLock);
	return found ? 1 : 0;
}

bool
qtcl_read_sender_account(const uint8 *address, bool lock, int64 *balance, int64 *nonce)
{
	return find_account(address, lock, LockWaitBlock, balance, nonce) == 1;
}

bool
qtcl_lock_sender_nowait(const uint8 *address)
{
	int64		balance,
				nonce;

	return find_account(address, true, LockWaitSkip, &balance, &nonce) >= 0;
}

int
qtcl_read_sender_pending(const uint8 *address, qtcl_pending_tx **out)
{
	Relation	rel = open_qtcl_table("mempool", AccessShareLock);
	AttrNumber	a_sender = column(rel, "sender"),
				a_nonce = column(rel, "nonce"),
				a_amount = column(rel, "amount"),
				a_fee = column(rel, "fee"),
				a_hash = column(rel, "tx_hash");
	Relation	index = open_index_on(rel, a_sender);
	Snapshot	snap = latest_snapshot();
	TupleTableSlot *slot = table_slot_create(rel, NULL);
	ScanKeyData key;
	IndexScanDesc scan;
	int			n = 0,
				room = QTCL_MAX_PENDING_PER_SENDER + 1;

	*out = palloc(room * sizeof(qtcl_pending_tx));
	equal_key(&key, index, PointerGetDatum(address));
	scan = index_beginscan(rel, index, snap, 1, 0);
	index_rescan(scan, &key, 1, NULL, 0);
	/* The index is on (sender, nonce): the rows come in nonce order. */
	while (index_getnext_slot(scan, ForwardScanDirection, slot))
	{
		bool		isnull;
		bytea	   *h;

		/* More than 25 happen when a reorganisation returns a sender's transactions. */
		if (n == room)
			*out = repalloc(*out, (room *= 2) * sizeof(qtcl_pending_tx));
		(*out)[n].nonce = DatumGetInt64(slot_getattr(slot, a_nonce, &isnull));
		(*out)[n].amount = DatumGetInt64(slot_getattr(slot, a_amount, &isnull));
		(*out)[n].fee = DatumGetInt64(slot_getattr(slot, a_fee, &isnull));
		h = DatumGetByteaPP(slot_getattr(slot, a_hash, &isnull));
		if (VARSIZE_ANY_EXHDR(h) != QTCL_TX_HASH_BYTES)
			elog(ERROR, "a pending transaction has a hash of %zu bytes", (size_t) VARSIZE_ANY_EXHDR(h));
		memcpy((*out)[n].hash, VARDATA_ANY(h), QTCL_TX_HASH_BYTES);
		n++;
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	UnregisterSnapshot(snap);
	index_close(index, NoLock);
	table_close(rel, NoLock);
	return n;
}
