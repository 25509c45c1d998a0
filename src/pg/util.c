/* util.c: see util.h */
#include "postgres.h"

#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "nodes/makefuncs.h"
#include "parser/parse_type.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "pg/util.h"

bool		qtcl_spi_one_snapshot = false;

bytea *
qtcl_bytea_of(const uint8 *p, size_t len)
{
	bytea	   *b = palloc(VARHDRSZ + len);

	SET_VARSIZE(b, VARHDRSZ + len);
	memcpy(VARDATA(b), p, len);
	return b;
}

void
qtcl_spi_connect(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

void
qtcl_spi_read_latest(const char *sql, int nargs, Oid *types, Datum *args)
{
	SPIPlanPtr	plan = SPI_prepare(sql, nargs, types);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", sql);
	if (SPI_execute_snapshot(plan, args, NULL, GetLatestSnapshot(), InvalidSnapshot, false, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "query failed: %s", sql);
}

SPIPlanPtr
qtcl_spi_kept_plan(SPIPlanPtr *slot, const char *sql, int nargs, Oid *types)
{
	if (*slot == NULL)
	{
		/* Generic plans: planned once, not again for each call's parameter values. */
		SPIPlanPtr	plan = SPI_prepare_cursor(sql, nargs, types, CURSOR_OPT_GENERIC_PLAN);

		if (plan == NULL || SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_prepare failed: %s", sql);
		*slot = plan;
	}
	return *slot;
}

void
qtcl_spi_read_latest_plan(SPIPlanPtr plan, Datum *args)
{
	if (SPI_execute_snapshot(plan, args, NULL, GetLatestSnapshot(), InvalidSnapshot, false, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "query failed");
}

Oid
qtcl_type_oid(const char *name)
{
	return typenameTypeId(NULL, makeTypeNameFromNameList(list_make2(makeString("qtcl"), makeString(pstrdup(name)))));
}

#define UNIX_TO_PG_MS ((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY * 1000)

int64
qtcl_now_unix_ms(void)
{
	return qtcl_timestamptz_to_unix_ms(GetCurrentTimestamp());
}

TimestampTz
qtcl_unix_ms_to_timestamptz(int64 ms)
{
	return (TimestampTz) (ms - UNIX_TO_PG_MS) * 1000;
}

int64
qtcl_timestamptz_to_unix_ms(TimestampTz t)
{
	return t / 1000 + UNIX_TO_PG_MS;
}
