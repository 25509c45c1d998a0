/* block_store.c: stored blocks; see blockstore.h. */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/numeric.h"

#include "pg/blockstore.h"
#include "pg/util.h"

void
qtcl_chain_lock(void)
{
	if (SPI_execute("LOCK TABLE qtcl.blocks IN SHARE ROW EXCLUSIVE MODE", false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "locking qtcl.blocks failed");
}

#define BLOCK_COLS "hash, parent, height, status, timestamp_ms, issued, beacon_round, chainwork, seq, header"

static void
row_to_block(HeapTuple t, TupleDesc td, qtcl_stored_block *out)
{
	bool		isnull;
	bytea	   *b;
	char	   *st;
	Datum		d;

	memset(out, 0, sizeof(*out));
	b = DatumGetByteaPP(SPI_getbinval(t, td, 1, &isnull));
	memcpy(out->hash, VARDATA_ANY(b), 32);
	b = DatumGetByteaPP(SPI_getbinval(t, td, 2, &isnull));
	if (VARSIZE_ANY_EXHDR(b) == 32)
		memcpy(out->parent, VARDATA_ANY(b), 32);
	out->height = DatumGetInt64(SPI_getbinval(t, td, 3, &isnull));
	st = TextDatumGetCString(SPI_getbinval(t, td, 4, &isnull));
	out->status = st[0];
	out->timestamp_ms = DatumGetInt64(SPI_getbinval(t, td, 5, &isnull));
	d = SPI_getbinval(t, td, 6, &isnull);
	out->has_issued = !isnull;
	out->issued = isnull ? 0 : DatumGetInt64(d);
	out->beacon_round = DatumGetInt64(SPI_getbinval(t, td, 7, &isnull));
	out->chainwork = datumCopy(SPI_getbinval(t, td, 8, &isnull), false, -1);
	out->seq = DatumGetInt64(SPI_getbinval(t, td, 9, &isnull));
	b = DatumGetByteaPP(SPI_getbinval(t, td, 10, &isnull));
	if (VARSIZE_ANY_EXHDR(b) == QTCL_HEADER_BYTES)
	{
		const uint8 *p = (const uint8 *) VARDATA_ANY(b) + QTCL_HEADER_OFF_TARGET;

		out->target = ((uint32) p[0] << 24) | ((uint32) p[1] << 16) | ((uint32) p[2] << 8) | p[3];
	}
}

bool
qtcl_block_load(const uint8 *hash, qtcl_stored_block *out)
{
	Oid			types[1] = {BYTEAOID};
	Datum		args[1] = {PointerGetDatum(qtcl_bytea_of(hash, 32))};

	static SPIPlanPtr plan = NULL;

	if (SPI_execute_plan(qtcl_spi_kept_plan(&plan, "SELECT " BLOCK_COLS " FROM qtcl.blocks WHERE hash = $1", 1, types),
						 args, NULL, qtcl_spi_one_snapshot, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading qtcl.blocks failed");
	if (SPI_processed == 0)
		return false;
	row_to_block(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, out);
	SPI_freetuptable(SPI_tuptable);
	return true;
}

void
qtcl_block_tip(qtcl_stored_block *out)
{
	static SPIPlanPtr plan = NULL;

	if (SPI_execute_plan(qtcl_spi_kept_plan(&plan, "SELECT " BLOCK_COLS " FROM qtcl.blocks WHERE status = 'active' "
											"ORDER BY height DESC LIMIT 1", 0, NULL), NULL, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading qtcl.blocks failed");
	if (SPI_processed == 0)
		qtcl_raise_no_chain();
	row_to_block(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, out);
	SPI_freetuptable(SPI_tuptable);
}

bytea *
qtcl_block_raw(const uint8 *hash)
{
	Oid			types[1] = {BYTEAOID};
	Datum		args[1] = {PointerGetDatum(qtcl_bytea_of(hash, 32))};
	bool		isnull;
	Datum		d;
	bytea	   *out;

	static SPIPlanPtr plan = NULL;

	if (SPI_execute_plan(qtcl_spi_kept_plan(&plan, "SELECT raw FROM qtcl.blocks WHERE hash = $1", 1, types), args, NULL, false, 1)
		!= SPI_OK_SELECT)
		elog(ERROR, "reading qtcl.blocks failed");
	if (SPI_processed == 0)
		return NULL;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	out = isnull ? NULL : DatumGetByteaPCopy(d);
	SPI_freetuptable(SPI_tuptable);
	return out;
}

void
qtcl_mark_invalid(const uint8 *hash, const char *reason)
{
	Oid			types[2] = {BYTEAOID, TEXTOID};
	Datum		args[2] = {PointerGetDatum(qtcl_bytea_of(hash, 32)), CStringGetTextDatum(reason)};

	if (SPI_execute_with_args("WITH RECURSIVE d(hash) AS (SELECT $1::bytea UNION "
							  "SELECT b.hash FROM qtcl.blocks b JOIN d ON b.parent = d.hash) "
							  "UPDATE qtcl.blocks SET status = 'invalid', invalid_reason = CASE WHEN hash = $1 THEN $2 "
							  "ELSE 'descends from invalid block ' || encode($1, 'hex') END "
							  "WHERE hash IN (SELECT hash FROM d) AND status <> 'active'",
							  2, types, args, NULL, false, 0) != SPI_OK_UPDATE)
		elog(ERROR, "marking blocks invalid failed");
}

int
qtcl_work_cmp(Datum a, Datum b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, a, b));
}
