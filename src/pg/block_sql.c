/*
 * block_sql.c: blocks from outside: qtcl.submit_block and what it shares
 * with mining (qtcl_process_block), orphans, invalidate / reconsider, block
 * transport (block_bytes, get_blocks) and the regtest mock clock.
 *
 * Validation runs in stages, cheap first (docs/PROTOCOL.md, "Block
 * validation"): structure and proof of work (src/chain/block.c), then the
 * parent: unknown -> held as an orphan; invalid -> refused; otherwise the
 * contextual checks (src/chain/context.c), the beacon round's signature by a
 * trusted oracle, the rest of the stateless checks, and the transactions
 * against the state of the block's own branch. A block on the best chain is
 * connected; one on a side branch is checked against its branch's state in
 * a subtransaction that is rolled back (so every stored block is known
 * valid, and a later reorganisation onto it cannot fail), then kept as a
 * side branch. An invalid block raises with its reason and changes nothing.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/timestamp.h"

#include "beacon/verify.h"
#include "chain/block.h"
#include "chain/context.h"
#include "chain/merkle.h"
#include "crypto/sha3.h"
#include "pg/beacon.h"
#include "pg/block.h"
#include "pg/blockstore.h"
#include "pg/guc.h"
#include "pg/util.h"

static int
sqlstate_of_block(int code)
{
	switch (code)
	{
		case QTCL_BLOCK_ERR_TRUNCATED:
		case QTCL_BLOCK_ERR_TRAILING:
		case QTCL_BLOCK_ERR_HEADER:
			return ERRCODE_QTCL_BLOCK_MALFORMED;
		case QTCL_BLOCK_ERR_CHAIN_ID:
			return ERRCODE_QTCL_BLOCK_CHAIN;
		case QTCL_BLOCK_ERR_BEACON_DECODE:
		case QTCL_BLOCK_ERR_BEACON_HASH:
			return ERRCODE_QTCL_BLOCK_BEACON;
		case QTCL_BLOCK_ERR_TARGET:
			return ERRCODE_QTCL_BLOCK_TARGET;
		case QTCL_BLOCK_ERR_HIGH_HASH:
			return ERRCODE_QTCL_BLOCK_POW;
		case QTCL_BLOCK_ERR_MERKLE:
			return ERRCODE_QTCL_BLOCK_MERKLE;
		case QTCL_BLOCK_ERR_TOO_MANY_TXS:
			return ERRCODE_QTCL_BLOCK_TOO_MANY_TXS;
		case QTCL_BLOCK_ERR_TX:
			return ERRCODE_QTCL_BLOCK_BAD_TX;
		case QTCL_BLOCK_ERR_DUPLICATE_TX:
			return ERRCODE_QTCL_BLOCK_DUPLICATE_TX;
		case QTCL_BLOCK_ERR_FEES_RANGE:
		case QTCL_BLOCK_ERR_REWARD:
			return ERRCODE_QTCL_BLOCK_REWARD;
		default:
			return ERRCODE_INTERNAL_ERROR;
	}
}

static int
sqlstate_of_context(int code)
{
	switch (code)
	{
		case QTCL_CTX_ERR_HEIGHT:
			return ERRCODE_QTCL_BLOCK_HEIGHT;
		case QTCL_CTX_ERR_TARGET:
			return ERRCODE_QTCL_BLOCK_TARGET;
		case QTCL_CTX_ERR_TIME_TOO_OLD:
			return ERRCODE_QTCL_BLOCK_TIME_OLD;
		case QTCL_CTX_TOO_NEW:
			return ERRCODE_QTCL_BLOCK_TIME_NEW;
		case QTCL_CTX_ERR_BEACON_NOT_NEWER:
			return ERRCODE_QTCL_BLOCK_BEACON_OLD;
		case QTCL_CTX_ERR_BEACON_STALE:
			return ERRCODE_QTCL_BLOCK_BEACON_STALE;
		default:
			return ERRCODE_INTERNAL_ERROR;
	}
}

static void
raise_block(int code, const qtcl_block_result *res)
{
	char		msg[QTCL_BLOCK_MESSAGE_SIZE];

	ereport(ERROR, (errcode(sqlstate_of_block(code)), errmsg("block refused: %s", qtcl_block_describe(res, msg, sizeof(msg)))));
}

void
qtcl_block_params_of(const qtcl_chain_cfg *cfg, qtcl_block_params *p)
{
	memset(p, 0, sizeof(*p));
	p->chain_id = cfg->chain_id;
	p->max_block_txs = (uint32) cfg->max_block_txs;
	p->min_fee = cfg->min_fee;
	p->block_reward = cfg->block_reward;
	p->halving_interval = cfg->halving_interval;
}

void
qtcl_block_context_of(const qtcl_chain_cfg *cfg, const qtcl_stored_block *parent, int64 *recent, qtcl_block_context *ctx)
{
	qtcl_net_params np;
	Oid			types[1] = {BYTEAOID};
	Datum		args[1] = {PointerGetDatum(qtcl_bytea_of(parent->hash, 32))};
	uint64		k;

	if (qtcl_net_params_get(strcmp(cfg->network, "regtest") == 0 ? QTCL_NET_REGTEST : QTCL_NET_DEVNET, &np) != QTCL_ASERT_OK)
		elog(ERROR, "network parameters unavailable");
	memset(ctx, 0, sizeof(*ctx));
	ctx->parent_height = (uint64) parent->height;
	ctx->parent_beacon_round = (uint64) parent->beacon_round;
	ctx->asert = np.asert;
	ctx->asert.ideal_ms = cfg->target_block_ms;
	ctx->anchor_compact = cfg->genesis_target;
	ctx->anchor_height = 0;
	ctx->anchor_time_ms = cfg->genesis_time_ms;
	ctx->node_time_ms = qtcl_node_time_ms_cfg(cfg);
	ctx->max_future_ms = cfg->max_future_ms;
	ctx->max_beacon_age_ms = cfg->max_beacon_age_ms;
	ctx->check_future = 1;
	/* The parent's and up to 10 more ancestors' timestamps, parent first. */
	if (SPI_execute_with_args("WITH RECURSIVE a(hash, parent, ts, depth) AS ("
							  " SELECT hash, parent, timestamp_ms, 1 FROM qtcl.blocks WHERE hash = $1"
							  " UNION ALL SELECT b.hash, b.parent, b.timestamp_ms, a.depth + 1 FROM a"
							  " JOIN qtcl.blocks b ON b.hash = a.parent WHERE a.depth < 11) SELECT ts FROM a ORDER BY depth",
							  1, types, args, NULL, qtcl_spi_one_snapshot, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading ancestors' timestamps failed");
	for (k = 0; k < SPI_processed && k < QTCL_MTP_SPAN; k++)
	{
		bool		isnull;

		recent[k] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull));
	}
	ctx->recent_ms = recent;
	ctx->n_recent = (size_t) k;
	SPI_freetuptable(SPI_tuptable);
}

qtcl_block_scratch *
qtcl_block_scratch_area(int32 max_txs)
{
	static qtcl_block_scratch s;
	static size_t cap = 0;

	if (cap < (size_t) max_txs)
	{
		if (s.txhashes)
			pfree(s.txhashes);
		if (s.order)
			pfree(s.order);
		s.txhashes = MemoryContextAlloc(TopMemoryContext, sizeof(*s.txhashes) * (Size) max_txs);
		s.order = MemoryContextAlloc(TopMemoryContext, sizeof(uint32) * (Size) max_txs);
		cap = (size_t) max_txs;
	}
	s.beacon = qtcl_beacon_work_area();
	s.capacity = cap;
	return &s;
}

/* Store a block row; its work is the parent's plus its own (0 for an orphan: unknown until its parent is). */
static void
store_block(const uint8 *hash, const qtcl_block_view *v, const char *status, const qtcl_stored_block *parent,
			bool has_issued, int64 issued, int64 beacon_round, bytea *raw)
{
	Oid			types[12] = {BYTEAOID, BYTEAOID, INT8OID, BYTEAOID, TEXTOID, INT8OID, INT4OID, BYTEAOID, INT8OID, BYTEAOID,
	INT8OID, INT8OID};
	Datum		args[12];
	char		nulls[13] = "            ";

	args[0] = PointerGetDatum(qtcl_bytea_of(hash, 32));
	args[1] = PointerGetDatum(qtcl_bytea_of(v->header.parent, 32));
	args[2] = Int64GetDatum((int64) v->header.height);
	args[3] = PointerGetDatum(qtcl_bytea_of((const uint8 *) VARDATA_ANY(raw), QTCL_HEADER_BYTES));
	args[4] = CStringGetTextDatum(status);
	args[5] = Int64GetDatum(v->header.timestamp_ms);
	args[6] = Int32GetDatum((int32) v->tx_count);
	args[7] = PointerGetDatum(qtcl_bytea_of(v->header.beacon_round_hash, 32));
	args[8] = Int64GetDatum(beacon_round);
	args[9] = PointerGetDatum(raw);
	args[10] = Int64GetDatum(issued);
	args[11] = Int64GetDatum((int64) v->header.target_compact);
	nulls[10] = has_issued ? ' ' : 'n';
	if (SPI_execute_with_args("INSERT INTO qtcl.blocks (hash, parent, height, header, status, timestamp_ms, tx_count, beacon, "
							  "beacon_round, raw, issued, chainwork) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
							  "CASE WHEN $5 = 'orphan' THEN 0 ELSE "
							  "(SELECT chainwork FROM qtcl.blocks WHERE hash = $2) + qtcl.target_work($12) END)",
							  12, types, args, nulls, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "storing the block failed");
	(void) parent;
}

/* Hold an orphan; the oldest beyond qtcl.max_orphan_blocks go. */
static void
hold_orphan(const uint8 *hash, const qtcl_block_view *v, bytea *raw)
{
	store_block(hash, v, "orphan", NULL, false, 0, 0, raw);
	if (SPI_execute(psprintf("DELETE FROM qtcl.blocks WHERE hash IN (SELECT hash FROM qtcl.blocks WHERE status = 'orphan' "
							 "ORDER BY seq DESC OFFSET %d)", qtcl_max_orphan_blocks), false, 0) != SPI_OK_DELETE)
		elog(ERROR, "bounding the orphans failed");
}

/* Drop a held orphan (no-op when it is not one). */
static void
drop_orphan(const uint8 *hash)
{
	Oid			types[1] = {BYTEAOID};
	Datum		args[1] = {PointerGetDatum(qtcl_bytea_of(hash, 32))};

	if (SPI_execute_with_args("DELETE FROM qtcl.blocks WHERE hash = $1 AND status = 'orphan'", 1, types, args, NULL, false, 0)
		!= SPI_OK_DELETE)
		elog(ERROR, "dropping an orphan failed");
}

/* ---- subtransactions ---- */

typedef struct trial_arg
{
	const qtcl_chain_cfg *cfg;
	const uint8 *target;
	bool		ok;
	uint8		failed[32];
	char		why[QTCL_WHY_SIZE];
} trial_arg;

static void
trial_fn(void *p)
{
	trial_arg  *a = p;

	a->ok = qtcl_reorg_to(a->cfg, a->target, a->failed, a->why, false);	/* rolled back: no mempool work */
}

/*
 * Run fn(arg) in a subtransaction. commit: keep its effects on success
 * (otherwise always roll back). Returns NULL on success or the error (rolled
 * back) when catch_errors; else errors propagate.
 */
ErrorData *
qtcl_in_subxact(void (*fn) (void *), void *arg, bool commit, bool catch_errors)
{
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	ErrorData  *volatile err = NULL;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcxt);
	PG_TRY();
	{
		fn(arg);
		if (commit)
			ReleaseCurrentSubTransaction();
		else
			RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(oldcxt);
		err = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
		if (!catch_errors)
			ReThrowError(err);
	}
	PG_END_TRY();
	return err;
}

/* ---- processing ---- */

const char *
qtcl_process_block(const qtcl_chain_cfg *cfg, bytea *raw, uint8 hash[32])
{
	const uint8 *buf = (const uint8 *) VARDATA_ANY(raw);
	size_t		len = VARSIZE_ANY_EXHDR(raw);
	qtcl_block_header h;
	qtcl_block_result res;
	qtcl_block_view v;
	qtcl_stored_block known,
				parent,
				tip;
	qtcl_beacon_round round;
	qtcl_block_context ctx;
	qtcl_context_result cres;
	qtcl_block_params params;
	int64		recent[QTCL_MTP_SPAN];
	int			rc;

	/* The header alone names the block: known blocks stop here. */
	rc = len < QTCL_HEADER_BYTES ? QTCL_HEADER_ERR_TRUNCATED : qtcl_header_decode(buf, QTCL_HEADER_BYTES, &h);
	if (rc != QTCL_HEADER_OK)
		ereport(ERROR, (errcode(ERRCODE_QTCL_BLOCK_MALFORMED), errmsg("block refused: %s", qtcl_header_strerror(rc))));
	if (qtcl_sha3_256(buf, QTCL_HEADER_BYTES, hash) != 0)
		elog(ERROR, "SHA3-256 failed");
	if (qtcl_block_load(hash, &known))
	{
		if (known.status == 'i')
		{
			Oid			types[1] = {BYTEAOID};
			Datum		args[1] = {PointerGetDatum(qtcl_bytea_of(hash, 32))};
			bool		isnull;

			SPI_execute_with_args("SELECT coalesce(invalid_reason, '') FROM qtcl.blocks WHERE hash = $1", 1, types, args, NULL, false, 1);
			ereport(ERROR,
					(errcode(ERRCODE_QTCL_BLOCK_KNOWN_INVALID),
					 errmsg("block refused: it is known to be invalid: %s",
							TextDatumGetCString(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)))));
		}
		if (known.status != 'o')
			return "duplicate";
		/*
		 * A held orphan offered again: judge these bytes afresh (its parent may
		 * have arrived, its time may have come, or this copy's uncommitted
		 * reward field may be the right one).
		 */
		drop_orphan(hash);
	}

	/* 1. Structure, chain id, the beacon round's bytes, proof of work. */
	rc = qtcl_block_check_pow(buf, len, cfg->chain_id, qtcl_beacon_work_area(), &res);
	if (rc != QTCL_BLOCK_OK)
		raise_block(rc, &res);
	if (qtcl_block_decode(buf, len, UINT32_MAX, &v, &res) != QTCL_BLOCK_OK)
		raise_block(res.code, &res);

	/* 2. The parent. */
	if (!qtcl_block_load(v.header.parent, &parent) || parent.status == 'o')
	{
		hold_orphan(hash, &v, raw);
		return "orphan";
	}
	if (parent.status == 'i')
		ereport(ERROR,
				(errcode(ERRCODE_QTCL_BLOCK_BAD_PARENT),
				 errmsg("block refused: it builds on an invalid block")));

	/* 3. Height, target, timestamps, beacon round number and age. */
	rc = qtcl_beacon_decode(v.beacon, QTCL_BEACON_ENCODED_BYTES, &round, qtcl_beacon_work_area(), NULL);
	if (rc != QTCL_BEACON_OK)
		ereport(ERROR, (errcode(ERRCODE_QTCL_BLOCK_BEACON), errmsg("block refused: its beacon round does not decode")));
	qtcl_block_context_of(cfg, &parent, recent, &ctx);
	rc = qtcl_block_check_context(&v.header, round.round, round.timestamp_ms, &ctx, &cres);
	if (rc != QTCL_CTX_OK)
	{
		char		msg[QTCL_CTX_MESSAGE_SIZE];

		ereport(ERROR, (errcode(sqlstate_of_context(rc)),
						errmsg("block refused: %s", qtcl_context_describe(&cres, &v.header, round.round, &ctx, msg, sizeof(msg)))));
	}

	/* 4. The round is signed by a trusted oracle and is what its secret makes (its link is the oracle's business). */
	{
		size_t		ntrusted;
		const uint8 **trusted = qtcl_oracle_trusted_keys(&ntrusted);

		rc = qtcl_beacon_verify_unlinked(&round, trusted, ntrusted, qtcl_beacon_work_area());
		if (rc != QTCL_BEACON_OK)
			ereport(ERROR, (errcode(ERRCODE_QTCL_BLOCK_BEACON),
							errmsg("block refused: its beacon round is not from a trusted oracle or is forged: %s",
								   qtcl_beacon_strerror(rc))));
	}

	/* 5. Merkle root, count, transactions, duplicates, reward. */
	qtcl_block_params_of(cfg, &params);
	rc = qtcl_block_check_stateless(buf, len, &params, parent.issued, qtcl_block_scratch_area(cfg->max_block_txs), &res);
	if (rc != QTCL_BLOCK_OK)
		raise_block(rc, &res);

	/* 6. Against the state: store it, then connect it (more work) or try it on its branch. */
	store_block(hash, &v, "side", &parent, true, parent.issued + res.minted, (int64) round.round, raw);
	qtcl_block_tip(&tip);
	qtcl_block_load(hash, &known);
	if (qtcl_work_cmp(known.chainwork, tip.chainwork) > 0)
		qtcl_activate_best(cfg, hash);
	else
	{
		trial_arg	a;

		memset(&a, 0, sizeof(a));
		a.cfg = cfg;
		a.target = hash;
		qtcl_in_subxact(trial_fn, &a, false, false);
		if (!a.ok)
		{
			if (memcmp(a.failed, hash, 32) == 0)
				ereport(ERROR, (errcode(ERRCODE_QTCL_BLOCK_STATE), errmsg("block refused: %s", a.why)));
			ereport(ERROR, (errcode(ERRCODE_QTCL_BLOCK_BAD_PARENT),
							errmsg("block refused: an ancestor fails against the state: %s", a.why)));
		}
	}
	qtcl_block_load(hash, &known);
	return known.status == 'a' ? "connected" : "side-branch";
}

/* ---- orphans ---- */

typedef struct orphan_arg
{
	const qtcl_chain_cfg *cfg;
	uint8		hash[32];
	bytea	   *raw;
} orphan_arg;

static void
orphan_fn(void *p)
{
	orphan_arg *a = p;
	uint8		h[32];

	drop_orphan(a->hash);
	qtcl_process_block(a->cfg, a->raw, h);
}

/* The orphans waiting (directly or not) for `hash`, now that it is stored: process them in arrival order. */
void
qtcl_process_orphans(const qtcl_chain_cfg *cfg, const uint8 *hash)
{
	List	   *queue = list_make1(qtcl_bytea_of(hash, 32));

	while (queue != NIL)
	{
		bytea	   *parent = linitial(queue);
		Oid			types[1] = {BYTEAOID};
		Datum		args[1] = {PointerGetDatum(parent)};
		List	   *children = NIL;
		ListCell   *lc;
		uint64		k;

		queue = list_delete_first(queue);
		if (SPI_execute_with_args("SELECT hash, raw FROM qtcl.blocks WHERE parent = $1 AND status = 'orphan' ORDER BY seq",
								  1, types, args, NULL, false, 0) != SPI_OK_SELECT)
			elog(ERROR, "reading orphans failed");
		for (k = 0; k < SPI_processed; k++)
		{
			bool		isnull;
			orphan_arg *a = palloc(sizeof(*a));

			a->cfg = cfg;
			memcpy(a->hash, VARDATA_ANY(DatumGetByteaPP(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull))), 32);
			a->raw = DatumGetByteaPCopy(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 2, &isnull));
			children = lappend(children, a);
		}
		foreach(lc, children)
		{
			orphan_arg *a = lfirst(lc);
			ErrorData  *err = qtcl_in_subxact(orphan_fn, a, true, true);

			if (err == NULL)
				queue = lappend(queue, qtcl_bytea_of(a->hash, 32));
			else if (err->sqlerrcode == ERRCODE_QTCL_BLOCK_TIME_NEW)
				FreeErrorData(err);		/* not invalid: stays an orphan, offered again later */
			else if (err->sqlerrcode == ERRCODE_QTCL_BLOCK_REWARD || err->sqlerrcode == ERRCODE_QTCL_BLOCK_MALFORMED)
			{
				/*
				 * The claimed reward (and the length) are not covered by the
				 * block hash: another body with this hash may be valid, so
				 * the hash is not marked, only this copy dropped.
				 */
				drop_orphan(a->hash);
				FreeErrorData(err);
			}
			else if (err->sqlerrcode == ERRCODE_QUERY_CANCELED || err->sqlerrcode == ERRCODE_ADMIN_SHUTDOWN ||
					 err->sqlerrcode == ERRCODE_INTERNAL_ERROR || err->sqlerrcode == ERRCODE_DATA_CORRUPTED)
				ReThrowError(err);
			else
			{
				/* An orphan that turned out invalid: kept, marked, with its own waiting descendants. */
				ereport(LOG, (errmsg("qtcl: an orphan block is invalid: %s", err->message)));
				qtcl_mark_invalid(a->hash, err->message);
				FreeErrorData(err);
			}
		}
	}
}

PG_FUNCTION_INFO_V1(qtcl_submit_block);

Datum
qtcl_submit_block(PG_FUNCTION_ARGS)
{
	bytea	   *raw = PG_GETARG_BYTEA_PP(0);
	qtcl_chain_cfg cfg;
	const char *verdict;
	uint8		hash[32];

	qtcl_require_read_committed("qtcl.submit_block");
	if (RecoveryInProgress())
		ereport(ERROR, (errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION), errmsg("cannot accept blocks during recovery")));
	qtcl_spi_connect();
	qtcl_chain_lock();
	qtcl_chain_cfg_load(&cfg);
	verdict = qtcl_process_block(&cfg, raw, hash);
	if (strcmp(verdict, "connected") == 0 || strcmp(verdict, "side-branch") == 0)
		qtcl_process_orphans(&cfg, hash);
	SPI_finish();
	PG_RETURN_TEXT_P(cstring_to_text(verdict));
}
