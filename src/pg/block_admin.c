/*
 * block_admin.c: block transport (block_bytes, get_blocks), the operator's
 * invalidate_block / reconsider_block, and the regtest mock clock.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "miscadmin.h"
#include "utils/tuplestore.h"
#include "utils/timestamp.h"

#include "pg/block.h"
#include "pg/util.h"

#define QTCL_GET_BLOCKS_MAX 1000

static const uint8 *
hash_arg(bytea *b)
{
	if (VARSIZE_ANY_EXHDR(b) != 32)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
				 errmsg("a block hash is 32 bytes, not %zu", (size_t) VARSIZE_ANY_EXHDR(b))));
	return (const uint8 *) VARDATA_ANY(b);
}

PG_FUNCTION_INFO_V1(qtcl_block_bytes);

Datum
qtcl_block_bytes(PG_FUNCTION_ARGS)
{
	const uint8 *h = hash_arg(PG_GETARG_BYTEA_PP(0));
	bytea	   *raw,
			   *copy = NULL;

	qtcl_spi_connect();
	raw = qtcl_block_raw(h);
	if (raw != NULL)
	{
		copy = SPI_palloc(VARSIZE(raw));
		memcpy(copy, raw, VARSIZE(raw));
	}
	SPI_finish();
	if (copy == NULL)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(copy);
}

PG_FUNCTION_INFO_V1(qtcl_get_blocks);

Datum
qtcl_get_blocks(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		from = PG_GETARG_INT64(0);
	int32		max = PG_GETARG_INT32(1);
	Oid			types[2] = {INT8OID, INT4OID};
	Datum		args[2];
	uint64		k;

	if (max < 1 || max > QTCL_GET_BLOCKS_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_count must be between 1 and %d, not %d", QTCL_GET_BLOCKS_MAX, max)));
	{
		/* A set of bytea: materialise with a one-column descriptor of our own (the call site may give none). */
		MemoryContext old;
		TupleDesc	td;

		if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) || !(rsinfo->allowedModes & SFRM_Materialize))
			ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED), errmsg("get_blocks must be called where a set is allowed")));
		old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
		td = CreateTemplateTupleDesc(1);
		TupleDescInitEntry(td, (AttrNumber) 1, "get_blocks", BYTEAOID, -1, 0);
		rsinfo->setDesc = td;
		rsinfo->setResult = tuplestore_begin_heap(true, false, work_mem);
		rsinfo->returnMode = SFRM_Materialize;
		MemoryContextSwitchTo(old);
	}
	args[0] = Int64GetDatum(from);
	args[1] = Int32GetDatum(max);
	qtcl_spi_connect();
	if (SPI_execute_with_args("SELECT raw FROM qtcl.blocks WHERE status = 'active' AND height >= $1 ORDER BY height LIMIT $2",
							  2, types, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading blocks failed");
	for (k = 0; k < SPI_processed; k++)
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull);

		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, &d, &isnull);
	}
	SPI_finish();
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(qtcl_invalidate_block);

Datum
qtcl_invalidate_block(PG_FUNCTION_ARGS)
{
	const uint8 *h = hash_arg(PG_GETARG_BYTEA_PP(0));
	qtcl_chain_cfg cfg;
	qtcl_stored_block b;

	qtcl_require_read_committed("qtcl.invalidate_block");
	qtcl_spi_connect();
	qtcl_chain_lock();
	qtcl_chain_cfg_load(&cfg);
	if (!qtcl_block_load(h, &b))
		ereport(ERROR, (errcode(ERRCODE_NO_DATA_FOUND), errmsg("no such block")));
	if (b.height == 0 && b.status == 'a')
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("the genesis block cannot be invalidated")));
	if (b.status == 'a')
	{
		uint8		failed[32];
		char		why[QTCL_WHY_SIZE];

		/* Back to its parent (which is active): disconnects it and everything above it. */
		if (!qtcl_reorg_to(&cfg, b.parent, failed, why, true))
			elog(ERROR, "disconnecting failed: %s", why);
	}
	qtcl_mark_invalid(h, "invalidated by qtcl.invalidate_block");
	qtcl_activate_best(&cfg, NULL);
	SPI_finish();
	PG_RETURN_VOID();
}

typedef struct recon_arg
{
	const qtcl_chain_cfg *cfg;
	uint8		hash[32];
	bytea	   *raw;
	int64		seq;			/* first-seen order, kept across the re-validation */
} recon_arg;

static void
recon_fn(void *p)
{
	recon_arg  *a = p;
	Oid			types[1] = {BYTEAOID};
	Datum		args[1] = {PointerGetDatum(qtcl_bytea_of(a->hash, 32))};
	uint8		h[32];

	if (SPI_execute_with_args("DELETE FROM qtcl.blocks WHERE hash = $1", 1, types, args, NULL, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "taking a block failed");
	qtcl_process_block(a->cfg, a->raw, h);
	{
		Oid			t2[2] = {BYTEAOID, INT8OID};
		Datum		a2[2] = {PointerGetDatum(qtcl_bytea_of(a->hash, 32)), Int64GetDatum(a->seq)};

		if (SPI_execute_with_args("UPDATE qtcl.blocks SET seq = $2 WHERE hash = $1", 2, t2, a2, NULL, false, 0) != SPI_OK_UPDATE)
			elog(ERROR, "restoring first-seen order failed");
	}
}

PG_FUNCTION_INFO_V1(qtcl_reconsider_block);

/*
 * Clears the invalid mark of the block, its ancestors and its descendants by
 * validating each of them again from its bytes, lowest first (a block that
 * fails again keeps its mark, with the new reason).
 */
Datum
qtcl_reconsider_block(PG_FUNCTION_ARGS)
{
	const uint8 *h = hash_arg(PG_GETARG_BYTEA_PP(0));
	qtcl_chain_cfg cfg;
	qtcl_stored_block b;
	Oid			types[1] = {BYTEAOID};
	Datum		args[1] = {PointerGetDatum(qtcl_bytea_of(h, 32))};
	List	   *again = NIL;
	ListCell   *lc;
	uint64		k;

	qtcl_require_read_committed("qtcl.reconsider_block");
	qtcl_spi_connect();
	qtcl_chain_lock();
	qtcl_chain_cfg_load(&cfg);
	if (!qtcl_block_load(h, &b))
		ereport(ERROR, (errcode(ERRCODE_NO_DATA_FOUND), errmsg("no such block")));
	if (SPI_execute_with_args("WITH RECURSIVE d(hash) AS (SELECT $1::bytea UNION SELECT b.hash FROM qtcl.blocks b JOIN d ON b.parent = d.hash), "
							  "a(hash, parent) AS (SELECT hash, parent FROM qtcl.blocks WHERE hash = $1 UNION ALL "
							  "SELECT b.hash, b.parent FROM qtcl.blocks b JOIN a ON b.hash = a.parent) "
							  "SELECT hash, raw, seq FROM qtcl.blocks WHERE status = 'invalid' AND "
							  "(hash IN (SELECT hash FROM d) OR hash IN (SELECT hash FROM a)) ORDER BY height, seq",
							  1, types, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading invalid blocks failed");
	for (k = 0; k < SPI_processed; k++)
	{
		bool		isnull;
		recon_arg  *a = palloc(sizeof(*a));

		a->cfg = &cfg;
		memcpy(a->hash, VARDATA_ANY(DatumGetByteaPP(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull))), 32);
		a->raw = DatumGetByteaPCopy(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 2, &isnull));
		a->seq = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 3, &isnull));
		again = lappend(again, a);
	}
	foreach(lc, again)
	{
		recon_arg  *a = lfirst(lc);
		ErrorData  *err = qtcl_in_subxact(recon_fn, a, true, true);

		if (err != NULL)
		{
			Oid			t2[2] = {BYTEAOID, TEXTOID};
			Datum		a2[2] = {PointerGetDatum(qtcl_bytea_of(a->hash, 32)), CStringGetTextDatum(err->message)};

			if (err->sqlerrcode == ERRCODE_QUERY_CANCELED || err->sqlerrcode == ERRCODE_ADMIN_SHUTDOWN)
				ReThrowError(err);
			if (SPI_execute_with_args("UPDATE qtcl.blocks SET invalid_reason = $2 WHERE hash = $1", 2, t2, a2, NULL, false, 0)
				!= SPI_OK_UPDATE)
				elog(ERROR, "updating a block failed");
			FreeErrorData(err);
		}
	}
	qtcl_activate_best(&cfg, NULL);
	SPI_finish();
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(qtcl_set_mock_time);

Datum
qtcl_set_mock_time(PG_FUNCTION_ARGS)
{
	Oid			types[1] = {INT8OID};
	Datum		args[1];
	char		nulls[2] = " ";
	qtcl_chain_cfg cfg;

	qtcl_spi_connect();
	qtcl_chain_cfg_load(&cfg);
	if (strcmp(cfg.network, "regtest") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("mock time is for regtest chains only; this chain is %s", cfg.network)));
	if (PG_ARGISNULL(0))
	{
		nulls[0] = 'n';
		args[0] = (Datum) 0;
	}
	else
	{
		TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);

		if (TIMESTAMP_NOT_FINITE(t))
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("mock time must be finite")));
		args[0] = Int64GetDatum(qtcl_timestamptz_to_unix_ms(t));
	}
	if (SPI_execute_with_args("UPDATE qtcl.chain_params SET mock_time_ms = $1", 1, types, args, nulls, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "setting mock time failed");
	SPI_finish();
	PG_RETURN_VOID();
}
