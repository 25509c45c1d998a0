/*
 * mempool_upkeep.c: keeping the mempool consistent with the chain and within
 * its limits.
 *
 *   resync   after blocks connect or disconnect: each affected sender keeps
 *            only the pending transactions that still follow its confirmed
 *            state (a gap-free nonce run from its confirmed nonce, affordable
 *            in total, at most 25; src/chain/ledger.c)
 *   return   transactions of disconnected blocks go back to the mempool when
 *            not confirmed again on the new branch (their signatures were
 *            checked when their block was; resync then judges nonce and
 *            balance)
 *   trim     expiry (qtcl.mempool_expiry) and the size cap
 *            (qtcl.mempool_max_txs), evicting the lowest fees first together
 *            with the sender's later nonces (src/chain/template.c)
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "storage/bufmgr.h"

#include "chain/ledger.h"
#include "chain/template.h"
#include "chain/tx.h"
#include "pg/blockstore.h"
#include "pg/guc.h"
#include "pg/sender_state.h"
#include "pg/types.h"
#include "pg/util.h"

bool		qtcl_mempool_internal_insert = false;

static Datum
bytea_array(List *items)
{
	int			n = list_length(items),
				i = 0;
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	ListCell   *lc;

	foreach(lc, items)
		d[i++] = PointerGetDatum(lfirst(lc));
	return PointerGetDatum(construct_array(d, n, BYTEAOID, -1, false, TYPALIGN_INT));
}

qtcl_template_tx *
qtcl_mempool_candidates(SPITupleTable *tt, uint64 n)
{
	qtcl_template_tx *c = palloc(sizeof(*c) * Max(n, 1));
	uint64		k;

	for (k = 0; k < n; k++)
	{
		bool		isnull;

		memcpy(c[k].sender, DatumGetPointer(SPI_getbinval(tt->vals[k], tt->tupdesc, 1, &isnull)), 32);
		c[k].nonce = (uint64) DatumGetInt64(SPI_getbinval(tt->vals[k], tt->tupdesc, 2, &isnull));
		c[k].amount = DatumGetInt64(SPI_getbinval(tt->vals[k], tt->tupdesc, 3, &isnull));
		c[k].fee = DatumGetInt64(SPI_getbinval(tt->vals[k], tt->tupdesc, 4, &isnull));
		c[k].index = (size_t) k;
	}
	return c;
}

/* Deletes the pending transactions whose hashes are listed. */
static void
delete_hashes(List *hashes)
{
	Oid			types[1] = {BYTEAARRAYOID};
	Datum		args[1];

	if (hashes == NIL)
		return;
	args[0] = bytea_array(hashes);
	if (SPI_execute_with_args("DELETE FROM qtcl.mempool WHERE tx_hash = ANY ($1)", 1, types, args, NULL, false, 0)
		!= SPI_OK_DELETE)
		elog(ERROR, "evicting pending transactions failed");
}

void
qtcl_mempool_resync(uint8 (*addrs)[32], int n)
{
	Oid			addr_oid = qtcl_type_oid("hyper_addr");
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	Oid			types[1] = {get_array_type(addr_oid)};
	Datum		args[1];
	int			i;
	uint64		k,
				rows;
	SPITupleTable *tt;
	List	   *drop = NIL;

	for (i = 0; i < n; i++)
		d[i] = PointerGetDatum(addrs[i]);
	args[0] = PointerGetDatum(construct_array(d, n, addr_oid, 32, false, TYPALIGN_CHAR));
	/* Every pending transaction of the listed senders with the sender's state, in nonce order. */
	if (SPI_execute_with_args("SELECT m.sender, m.nonce, m.amount, m.fee, m.tx_hash, coalesce(a.balance, 0), coalesce(a.nonce, 0) "
							  "FROM qtcl.mempool m LEFT JOIN qtcl.account_state a ON a.address OPERATOR(qtcl.=) m.sender "
							  "WHERE m.sender OPERATOR(qtcl.=) ANY ($1) ORDER BY m.sender, m.nonce",
							  1, types, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading pending transactions failed");
	tt = SPI_tuptable;
	rows = SPI_processed;
	for (k = 0; k < rows;)
	{
		bool		isnull;
		const uint8 *sender = (const uint8 *) DatumGetPointer(SPI_getbinval(tt->vals[k], tt->tupdesc, 1, &isnull));
		int64		balance = DatumGetInt64(SPI_getbinval(tt->vals[k], tt->tupdesc, 6, &isnull));
		uint64		confirmed = (uint64) DatumGetInt64(SPI_getbinval(tt->vals[k], tt->tupdesc, 7, &isnull));
		uint64		end = k,
					j;
		size_t		cnt,
					keep,
					stale;
		uint64	   *nonces;
		int64	   *amounts,
				   *fees;

		while (end < rows &&
			   memcmp(DatumGetPointer(SPI_getbinval(tt->vals[end], tt->tupdesc, 1, &isnull)), sender, 32) == 0)
			end++;
		cnt = (size_t) (end - k);
		nonces = palloc(sizeof(uint64) * cnt);
		amounts = palloc(sizeof(int64) * cnt);
		fees = palloc(sizeof(int64) * cnt);
		for (j = k; j < end; j++)
		{
			nonces[j - k] = (uint64) DatumGetInt64(SPI_getbinval(tt->vals[j], tt->tupdesc, 2, &isnull));
			amounts[j - k] = DatumGetInt64(SPI_getbinval(tt->vals[j], tt->tupdesc, 3, &isnull));
			fees[j - k] = DatumGetInt64(SPI_getbinval(tt->vals[j], tt->tupdesc, 4, &isnull));
		}
		keep = qtcl_ledger_pending_keep(confirmed, balance, nonces, amounts, fees, cnt,
										QTCL_MAX_PENDING_PER_SENDER, &stale);
		for (j = k; j < end; j++)
			if (j - k < stale || j - k >= stale + keep)
				drop = lappend(drop, DatumGetByteaPCopy(SPI_getbinval(tt->vals[j], tt->tupdesc, 5, &isnull)));
		k = end;
	}
	SPI_freetuptable(tt);
	delete_hashes(drop);
}

void
qtcl_mempool_return(List *raws)
{
	ListCell   *lc;
	Oid			types[7];
	SPIPlanPtr	plan;

	types[0] = BYTEAOID;
	types[1] = qtcl_type_oid("hyper_addr");
	types[2] = INT8OID;
	types[3] = INT8OID;
	types[4] = INT8OID;
	types[5] = qtcl_type_oid("hlwe_signature");
	types[6] = BYTEAOID;
	/* Not when confirmed again on the new branch; not over a pending transaction with its hash or nonce. */
	plan = SPI_prepare("INSERT INTO qtcl.mempool (sender_key, recipient, amount, fee, nonce, signature) "
					   "SELECT $1, $2, $3, $4, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM qtcl.transactions WHERE tx_hash = $7) "
					   "ON CONFLICT DO NOTHING", 7, types);
	if (plan == NULL)
		elog(ERROR, "preparing the mempool return failed");
	qtcl_mempool_internal_insert = true;
	PG_TRY();
	{
		foreach(lc, raws)
		{
			bytea	   *raw = lfirst(lc);
			qtcl_tx		tx;
			uint8		h[32];
			Datum		args[7];

			if (qtcl_tx_decode((const uint8 *) VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw), &tx) != QTCL_TX_OK ||
				qtcl_tx_hash(&tx, h) != QTCL_TX_OK)
				ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("a confirmed transaction does not decode")));
			args[0] = PointerGetDatum(qtcl_bytea_of(tx.sender_pk, QTCL_TX_PK_BYTES));
			args[1] = PointerGetDatum(palloc(32));
			memcpy(DatumGetPointer(args[1]), tx.recipient, 32);
			args[2] = Int64GetDatum(tx.amount);
			args[3] = Int64GetDatum(tx.fee);
			args[4] = Int64GetDatum((int64) tx.nonce);
			args[5] = qtcl_hlwe_signature_datum(tx.signature, QTCL_TX_SIG_BYTES);
			args[6] = PointerGetDatum(qtcl_bytea_of(h, 32));
			if (SPI_execute_plan(plan, args, NULL, false, 0) != SPI_OK_INSERT)
				elog(ERROR, "returning a transaction to the mempool failed");
		}
	}
	PG_FINALLY();
	{
		qtcl_mempool_internal_insert = false;
	}
	PG_END_TRY();
	SPI_freeplan(plan);
}

/* Hashes (bytea) of a column of the current SPI result. */
static List *
hashes_of(int col)
{
	List	   *out = NIL;
	uint64		k;

	for (k = 0; k < SPI_processed; k++)
	{
		bool		isnull;

		out = lappend(out, DatumGetByteaPCopy(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, col, &isnull)));
	}
	return out;
}

/* The number of rows in the mempool. */
static int64
pool_count(void)
{
	static SPIPlanPtr plan = NULL;
	bool		isnull;

	if (SPI_execute_plan(qtcl_spi_kept_plan(&plan, "SELECT count(*) FROM qtcl.mempool", 0, NULL), NULL, NULL, false, 1)
		!= SPI_OK_SELECT)
		elog(ERROR, "counting the mempool failed");
	return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
}

/*
 * Evicts each listed sender's pending transactions from nonce from[i] on,
 * under the sender's account lock, and returns the hashes deleted. The lock
 * keeps out an INSERT for that sender in flight: one committing after the
 * pool was read would otherwise stay pending above the evicted nonce, a
 * gap that blocks the sender (its next nonce is counted from the pending
 * ones). A sender locked by another transaction right now is skipped: its
 * transactions go at a later trim. The delete reads with the latest
 * snapshot, so it takes what the previous lock holder committed.
 */
static List *
evict_from(uint8 (*senders)[32], const int64 *from, int n)
{
	static SPIPlanPtr plan = NULL;
	Oid			types[2] = {qtcl_type_oid("hyper_addr"), INT8OID};
	List	   *out = NIL;
	int			i;

	for (i = 0; i < n; i++)
	{
		Datum		args[2] = {PointerGetDatum(senders[i]), Int64GetDatum(from[i])};

		if (!qtcl_lock_sender_nowait(senders[i]))
			continue;
		if (SPI_execute_snapshot(qtcl_spi_kept_plan(&plan, "DELETE FROM qtcl.mempool WHERE sender OPERATOR(qtcl.=) $1 "
													"AND nonce >= $2 RETURNING tx_hash", 2, types),
								 args, NULL, GetLatestSnapshot(), InvalidSnapshot, false, false, 0)
			!= SPI_OK_DELETE_RETURNING)
			elog(ERROR, "evicting pending transactions failed");
		out = list_concat(out, hashes_of(1));
	}
	return out;
}

/*
 * Most rows a heap page of qtcl.mempool can hold: a row is at least ~190
 * bytes (fixed columns, and the key and signature always moved out of line:
 * 18-byte TOAST pointers), so at most 42 fit in 8 kB; 48 leaves a margin.
 * Pages x 48 bounds the row count without counting.
 */
#define MEMPOOL_MAX_ROWS_PER_PAGE 48

/* When this backend last ran the expiry on the INSERT path. */
static TimestampTz last_expiry = 0;

/*
 * This backend's last exact count of the pool: its result, when it ended and
 * how long it took. Between counts, that result plus the rows this backend
 * has accepted since bounds the pool but for other sessions' inserts; while
 * it is under the cap the INSERT path counts again only after 20 times the
 * last count's duration (at least 20 ms). So counting takes at most about 5%
 * of a session's time however large the pool, and with several sessions
 * inserting at once the pool can exceed the cap by what the others inserted
 * in that interval, until the next count evicts it.
 */
int64		qtcl_mempool_accepted_since_count = 0;
static int64 last_count = -1;
static TimestampTz last_count_end = 0;
static TimestampTz last_count_took = 0;

#define RECOUNT_FACTOR 20
#define RECOUNT_MIN_USECS 20000

/* An abort undoes evictions the count was lowered by: forget the count. */
static void
forget_count_xact(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		last_count = -1;
}

static void
forget_count_subxact(SubXactEvent event, SubTransactionId sub, SubTransactionId parent, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		last_count = -1;
}

/* The pool's size, counted, or known to be under the cap from a recent count (on the INSERT path). */
static bool
under_cap_recently(void)
{
	TimestampTz since = GetCurrentTimestamp() - last_count_end;

	return last_count >= 0 && since >= 0 && since < Max(RECOUNT_MIN_USECS, RECOUNT_FACTOR * last_count_took) &&
		last_count + qtcl_mempool_accepted_since_count <= (int64) qtcl_mempool_max_txs;
}

static int64
count_now(void)
{
	static bool callbacks = false;
	TimestampTz start = GetCurrentTimestamp();

	if (!callbacks)
	{
		RegisterXactCallback(forget_count_xact, NULL);
		RegisterSubXactCallback(forget_count_subxact, NULL);
		callbacks = true;
	}

	last_count = pool_count();
	last_count_end = GetCurrentTimestamp();
	last_count_took = last_count_end - start;
	qtcl_mempool_accepted_since_count = 0;
	return last_count;
}

/* Is there anything for the INSERT path's trim to do? (No query: a clock read and the table's size.) */
static bool
trim_due(Relation rel)
{
	return GetCurrentTimestamp() - last_expiry >= USECS_PER_SEC ||
		((uint64) RelationGetNumberOfBlocks(rel) * MEMPOOL_MAX_ROWS_PER_PAGE > (uint64) qtcl_mempool_max_txs &&
		 !under_cap_recently());
}

/*
 * Expiry, then the size cap. Returns the evicted hashes (bytea). rel (may be
 * NULL): qtcl.mempool, to skip counting while its size alone shows the pool
 * is under the cap (the common case, on the path of every INSERT).
 */
static List *
trim(Relation rel)
{
	static SPIPlanPtr plan_expire = NULL;
	Oid			types[1] = {TIMESTAMPTZOID};
	/* The cutoff as a parameter (not clock_timestamp() in SQL, which is volatile): the index on received_at serves it. */
	Datum		args[1] = {TimestampTzGetDatum(GetCurrentTimestamp() - (TimestampTz) qtcl_mempool_expiry_s * USECS_PER_SEC)};
	List	   *evicted = NIL;
	uint64		k,
				n;

	/*
	 * Expiry: whatever arrived before now - qtcl.mempool_expiry, with those
	 * senders' later nonces. On the INSERT path at most once a second per
	 * backend: expiry is housekeeping, not a per-row check.
	 */
	if (rel == NULL || GetCurrentTimestamp() - last_expiry >= USECS_PER_SEC)
	{
		last_expiry = GetCurrentTimestamp();
		if (SPI_execute_plan(qtcl_spi_kept_plan(&plan_expire, "SELECT sender, min(nonce) FROM qtcl.mempool "
												"WHERE received_at < $1 GROUP BY sender", 1, types),
							 args, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "finding expired transactions failed");
		n = SPI_processed;
		if (n > 0)
		{
			uint8		(*addrs)[32] = palloc(32 * n);
			int64	   *from = palloc(sizeof(int64) * n);

			for (k = 0; k < n; k++)
			{
				bool		isnull;

				memcpy(addrs[k], DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull)), 32);
				from[k] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 2, &isnull));
			}
			evicted = evict_from(addrs, from, (int) n);
		}
	}

	/* Size cap: evict whole packages from the front of the eviction order until it fits. */
	if (rel != NULL && ((uint64) RelationGetNumberOfBlocks(rel) * MEMPOOL_MAX_ROWS_PER_PAGE <= (uint64) qtcl_mempool_max_txs ||
						under_cap_recently()))
		return evicted;
	if (count_now() <= (int64) qtcl_mempool_max_txs)
		return evicted;
	if (SPI_execute("SELECT sender, nonce, amount, fee FROM qtcl.mempool", false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the mempool failed");
	n = SPI_processed;
	if (n > (uint64) qtcl_mempool_max_txs)
	{
		SPITupleTable *tt = SPI_tuptable;
		qtcl_template_tx *c = qtcl_mempool_candidates(tt, n);
		qtcl_template_work *w = palloc(sizeof(*w) * n);
		size_t	   *order = palloc(sizeof(size_t) * n);
		uint8	   *last = palloc(n);
		/*
		 * Down to 1% under the cap (nothing for caps under 100): a full pool
		 * then takes the next 1% of transactions without this whole-pool
		 * pass, instead of paying it for each one. Those lowest fees are
		 * what a full pool refuses anyway.
		 */
		uint64		excess = n - (uint64) (qtcl_mempool_max_txs - qtcl_mempool_max_txs / 100);
		uint8		(*senders)[32] = palloc(32 * n);
		int64	   *from = palloc(sizeof(int64) * n);
		int			m = 0,
					i;

		if (qtcl_template_evict_packages(c, n, w, n, order, last) != QTCL_TEMPLATE_OK)
			elog(ERROR, "ordering the mempool for eviction failed");
		/*
		 * Whole packages from the front (the lowest fee with its sender's
		 * later nonces) until the pool fits: per sender, from its lowest
		 * nonce among them on.
		 */
		for (k = 0; k < n && (k < excess || !last[k - 1]); k++)
		{
			const qtcl_template_tx *t = &c[order[k]];

			for (i = 0; i < m && memcmp(senders[i], t->sender, 32) != 0; i++)
				;
			if (i == m)
			{
				memcpy(senders[m], t->sender, 32);
				from[m++] = (int64) t->nonce;
			}
			else if ((int64) t->nonce < from[i])
				from[i] = (int64) t->nonce;
		}
		{
			List	   *gone = evict_from(senders, from, m);

			/* The count stays an upper bound: what was counted less what is gone. */
			last_count -= list_length(gone);
			evicted = list_concat(evicted, gone);
		}
	}
	return evicted;
}

int64
qtcl_mempool_trim_now(void)
{
	return (int64) list_length(trim(NULL));
}

PG_FUNCTION_INFO_V1(qtcl_mempool_trim);

Datum
qtcl_mempool_trim(PG_FUNCTION_ARGS)
{
	int64		n;

	qtcl_spi_connect();
	n = qtcl_mempool_trim_now();
	SPI_finish();
	PG_RETURN_INT64(n);
}

PG_FUNCTION_INFO_V1(qtcl_mempool_after_insert);

/* AFTER INSERT ... FOR EACH STATEMENT on qtcl.mempool: keep the pool within its limits. */
Datum
qtcl_mempool_after_insert(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_AFTER(td->tg_event) || !TRIGGER_FIRED_FOR_STATEMENT(td->tg_event))
		elog(ERROR, "qtcl_mempool_after_insert must run as an AFTER statement trigger");
	if (!qtcl_mempool_internal_insert && trim_due(td->tg_relation))
	{
		List	   *evicted;

		qtcl_spi_connect();
		evicted = trim(td->tg_relation);
		/* A transaction of this very statement evicted: the pool is full and its fee too low. Refuse it. */
		if (evicted != NIL)
		{
			Oid			types[1] = {BYTEAARRAYOID};
			Datum		args[1] = {bytea_array(evicted)};

			if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER ||
				SPI_execute_with_args("SELECT count(*) FROM inserted WHERE tx_hash = ANY ($1)", 1, types, args, NULL, false, 1)
				!= SPI_OK_SELECT)
				elog(ERROR, "reading the inserted transactions failed");
			{
				bool		isnull;
				int64		mine = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));

				if (mine > 0)
					ereport(ERROR,
							(errcode(ERRCODE_QTCL_MEMPOOL_FULL),
							 errmsg("transaction refused: the mempool is full (qtcl.mempool_max_txs = %d) and "
									INT64_FORMAT " of the inserted transactions have the lowest fees",
									qtcl_mempool_max_txs, mine),
							 errhint("Pay a higher fee.")));
			}
		}
		SPI_finish();
	}
	return PointerGetDatum(NULL);
}
