/* miner.c: see miner.h. */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "pgstat.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "addr/address.h"
#include "bgworker/miner.h"
#include "bgworker/shmem.h"
#include "pg/block.h"
#include "pg/template.h"
#include "pg/util.h"

bool		qtcl_miner_worker = true;
static char *qtcl_miner_address = NULL;
static uint8 miner_hash[QTCL_ADDR_HASH_BYTES];

/* The template being mined (TopMemoryContext) and what it was built from. */
static bytea *tmpl = NULL;
static uint8 tmpl_parent[32];
static int64 tmpl_height;
static int64 tmpl_round_ms;		/* its beacon round's timestamp */
static TimestampTz tmpl_pool_mark;	/* newest received_at in the mempool when built */
static uint64 next_nonce;
static double rate = 0;

static bool
check_miner_address(char **newval, void **extra, GucSource source)
{
	uint8		h[QTCL_ADDR_HASH_BYTES];
	int			rc;

	if (*newval == NULL || (*newval)[0] == '\0')
		return true;			/* empty: the miner idles */
	rc = qtcl_addr_decode(*newval, strlen(*newval), h);
	if (rc != QTCL_ADDR_OK)
	{
		GUC_check_errdetail("qtcl.miner_address must be a qtcl address (qtcl1...): %s.", qtcl_addr_strerror(rc));
		return false;
	}
	return true;
}

static void
assign_miner_address(const char *newval, void *extra)
{
	if (newval != NULL && newval[0] != '\0')
		(void) qtcl_addr_decode(newval, strlen(newval), miner_hash);
	qtcl_miner_reset();
}

void
qtcl_define_miner_gucs(void)
{
	DefineCustomBoolVariable("qtcl.miner_worker", "Runs the miner worker when qtcl.miner_address is set.", NULL,
							 &qtcl_miner_worker, true, PGC_SIGHUP, 0, NULL, NULL, NULL);
	DefineCustomStringVariable("qtcl.miner_address", "Address the miner worker pays its blocks to (empty: no mining).",
							   NULL, &qtcl_miner_address, "", PGC_SIGHUP, 0, check_miner_address,
							   assign_miner_address, NULL);
}

bool
qtcl_miner_configured(void)
{
	return qtcl_miner_worker && qtcl_miner_address != NULL && qtcl_miner_address[0] != '\0';
}

void
qtcl_miner_reset(void)
{
	if (tmpl != NULL)
		pfree(tmpl);
	tmpl = NULL;
}

static void
publish(uint64 hashes, bool found, bool stale)
{
	if (qtcl_shared == NULL)
		return;
	LWLockAcquire(qtcl_shared->lock, LW_EXCLUSIVE);
	qtcl_shared->miner.hash_rate = rate;
	qtcl_shared->miner.template_height = tmpl != NULL ? tmpl_height : 0;
	qtcl_shared->miner.hashes += hashes;
	if (found && !stale)
	{
		qtcl_shared->miner.blocks_found++;
		qtcl_shared->miner.last_block_at = GetCurrentTimestamp();
	}
	if (stale)
		qtcl_shared->miner.stale++;
	LWLockRelease(qtcl_shared->lock);
}

/* Newest received_at in the mempool (an index lookup), 0 when empty. */
static TimestampTz
pool_mark(void)
{
	static SPIPlanPtr plan = NULL;
	bool		isnull;
	Datum		d;

	if (SPI_execute_plan(qtcl_spi_kept_plan(&plan, "SELECT max(received_at) FROM qtcl.mempool", 0, NULL), NULL, NULL, true, 1)
		!= SPI_OK_SELECT)
		elog(ERROR, "reading the mempool failed");
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? 0 : DatumGetTimestampTz(d);
}

bool
qtcl_miner_step(void)
{
	qtcl_chain_cfg cfg;
	qtcl_stored_block tip;
	TimestampTz mark,
				t0;
	uint64		batch,
				done = 0;
	bool		found;
	double		secs;

	if (SPI_execute("SELECT 1 FROM qtcl.chain_params", true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading qtcl.chain_params failed");
	if (SPI_processed == 0)
		return false;
	qtcl_chain_cfg_load(&cfg);
	qtcl_block_tip(&tip);
	mark = pool_mark();

	/* A new template when the tip moved, a transaction arrived or the round is getting old. */
	if (tmpl == NULL || memcmp(tip.hash, tmpl_parent, 32) != 0 || mark != tmpl_pool_mark ||
		qtcl_node_time_ms_cfg(&cfg) - tmpl_round_ms > cfg.max_beacon_age_ms / 4 || next_nonce >= UINT64_MAX / 2)
	{
		bytea	   *t = qtcl_build_template(&cfg, miner_hash, &tip, true);
		const uint8 *b = (const uint8 *) VARDATA(t) + QTCL_BLOCK_OFF_BEACON + QTCL_BEACON_OFF_TIMESTAMP;
		int			i;

		qtcl_miner_reset();
		tmpl = MemoryContextAlloc(TopMemoryContext, VARSIZE(t));
		memcpy(tmpl, t, VARSIZE(t));
		memcpy(tmpl_parent, tip.hash, 32);
		tmpl_height = tip.height + 1;
		tmpl_round_ms = 0;
		for (i = 0; i < 8; i++)
			tmpl_round_ms = (tmpl_round_ms << 8) | b[i];
		tmpl_pool_mark = mark;
		next_nonce = 0;
	}

	/* A batch of about 50 ms at the measured rate (bounded both ways). */
	batch = rate > 0 ? (uint64) (rate * 0.05) : 65536;
	batch = Max(batch, 65536);
	batch = Min(batch, (uint64) 1 << 24);
	pgstat_report_activity(STATE_RUNNING, psprintf("qtcl miner: hashing height " INT64_FORMAT, tmpl_height));
	t0 = GetCurrentTimestamp();
	found = qtcl_mine_range(tmpl, next_nonce, batch, &done);
	next_nonce += done;
	secs = (double) (GetCurrentTimestamp() - t0) / 1e6;
	if (secs > 0)
		rate = rate > 0 ? 0.8 * rate + 0.2 * ((double) done / secs) : (double) done / secs;

	if (found)
	{
		uint8		hash[32];
		const char *verdict;

		pgstat_report_activity(STATE_RUNNING, psprintf("qtcl miner: submitting height " INT64_FORMAT, tmpl_height));
		qtcl_chain_lock();
		qtcl_chain_cfg_load(&cfg);
		verdict = qtcl_process_block(&cfg, tmpl, hash);
		if (strcmp(verdict, "connected") == 0 || strcmp(verdict, "side-branch") == 0)
			qtcl_process_orphans(&cfg, hash);
		publish(done, true, strcmp(verdict, "connected") != 0);
		qtcl_miner_reset();
	}
	else
		publish(done, false, false);
	return true;
}

PG_FUNCTION_INFO_V1(qtcl_miner_status_rows);

/* The row of the qtcl.miner_status view. */
Datum
qtcl_miner_status_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	QtclMinerStatus m;
	Datum		values[7];
	bool		nulls[7] = {false, false, false, false, false, false, false};

	if (!qtcl_shmem_ready())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the qtcl miner needs qtcl in shared_preload_libraries")));
	InitMaterializedSRF(fcinfo, 0);
	LWLockAcquire(qtcl_shared->lock, LW_SHARED);
	m = qtcl_shared->miner;
	LWLockRelease(qtcl_shared->lock);
	values[0] = CStringGetTextDatum(qtcl_miner_address ? qtcl_miner_address : "");
	nulls[0] = qtcl_miner_address == NULL || qtcl_miner_address[0] == '\0';
	values[1] = Float8GetDatum(m.hash_rate);
	values[2] = Int64GetDatum(m.template_height);
	nulls[2] = m.template_height == 0;
	values[3] = Int64GetDatum((int64) m.hashes);
	values[4] = Int64GetDatum((int64) m.blocks_found);
	values[5] = Int64GetDatum((int64) m.stale);
	values[6] = TimestampTzGetDatum(m.last_block_at);
	nulls[6] = m.last_block_at == 0;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}
