/*
 * workers.c: see workers.h.
 *
 * Loop of every worker:
 *   wait on the latch until the next scheduled step (WL_EXIT_ON_PM_DEATH)
 *   CHECK_FOR_INTERRUPTS (SIGTERM, ProcSignalBarrier), reload on SIGHUP
 *   skip while disabled, in recovery, or without the extension
 *   run the step in its own transaction; on error log it, roll back, and back
 *   off exponentially (100 ms doubling to 30 s) before the next try
 * The beacon keeps a fixed cadence: when a step overruns, the schedule skips
 * ahead to the next future slot instead of piling up missed ticks.
 */
#include "postgres.h"

#include "access/xact.h"
#include "access/xlog.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/lwlock.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "bgworker/miner.h"
#include "bgworker/shmem.h"
#include "bgworker/workers.h"
#include "pg/qrng.h"

static char *qtcl_database = NULL;
static bool qtcl_qrng_worker = true;
static bool qtcl_beacon_worker = true;
static int	qtcl_qrng_interval_ms = 1000;
static int	qtcl_beacon_interval_ms = 10;
static int	qtcl_beacon_retention = 360000;

static const char *const worker_names[QTCL_WORKER_COUNT] = {"qtcl qrng", "qtcl beacon", "qtcl miner"};

void
qtcl_define_worker_gucs(bool preloading)
{
	if (preloading)
		DefineCustomStringVariable("qtcl.database",
								   "Database the background workers work in.",
								   "Read at server start. The workers wait while the extension is not created there.",
								   &qtcl_database, "postgres", PGC_POSTMASTER, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("qtcl.qrng_worker", "Runs the entropy pool's refill worker.", NULL,
							 &qtcl_qrng_worker, true, PGC_SIGHUP, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("qtcl.beacon_worker", "Runs the beacon worker.", NULL,
							 &qtcl_beacon_worker, true, PGC_SIGHUP, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("qtcl.qrng_interval_ms", "Time between entropy pool refills.", NULL,
							&qtcl_qrng_interval_ms, 1000, 10, 3600000, PGC_SIGHUP, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomIntVariable("qtcl.beacon_interval_ms", "Time between beacon rounds.", "10 ms, as the seed system.",
							&qtcl_beacon_interval_ms, 10, 1, 3600000, PGC_SIGHUP, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomIntVariable("qtcl.beacon_retention", "Beacon rounds kept; older ones are pruned by the beacon worker.",
							"At the 10 ms default, 360000 rounds are one hour.",
							&qtcl_beacon_retention, 360000, 1, INT_MAX, PGC_SIGHUP, 0, NULL, NULL, NULL);
	qtcl_define_miner_gucs();
}

void
qtcl_register_workers(void)
{
	int			i;

	for (i = 0; i < QTCL_WORKER_COUNT; i++)
	{
		BackgroundWorker w;

		memset(&w, 0, sizeof(w));
		w.bgw_flags = BGWORKER_SHMEM_ACCESS | BGWORKER_BACKEND_DATABASE_CONNECTION;
		/* Consistent state: on a hot standby the worker exists but stays idle. */
		w.bgw_start_time = BgWorkerStart_ConsistentState;
		w.bgw_restart_time = 5;
		snprintf(w.bgw_library_name, BGW_MAXLEN, "qtcl");
		snprintf(w.bgw_function_name, BGW_MAXLEN, "qtcl_worker_main");
		snprintf(w.bgw_name, BGW_MAXLEN, "%s", worker_names[i]);
		snprintf(w.bgw_type, BGW_MAXLEN, "%s", worker_names[i]);
		w.bgw_main_arg = Int32GetDatum(i);
		RegisterBackgroundWorker(&w);
	}
}

static QtclWorkerStatus *
my_status(int kind)
{
	return &qtcl_shared->workers[kind];
}

static void
set_state(int kind, const char *state)
{
	QtclWorkerStatus *s = my_status(kind);

	LWLockAcquire(qtcl_shared->lock, LW_EXCLUSIVE);
	if (strcmp(s->state, state) != 0)
		strlcpy(s->state, state, sizeof(s->state));
	LWLockRelease(qtcl_shared->lock);
}

static void
on_exit_clear(int code, Datum arg)
{
	QtclWorkerStatus *s = my_status(DatumGetInt32(arg));

	LWLockAcquire(qtcl_shared->lock, LW_EXCLUSIVE);
	s->pid = 0;
	strlcpy(s->state, "stopped", sizeof(s->state));
	LWLockRelease(qtcl_shared->lock);
}

/* Is the extension there? (inside a transaction) */
static bool
extension_ready(void)
{
	bool		ok;

	/* Plain SPI on purpose (no kept plan): the extension's objects may not exist yet. */
	if (SPI_execute("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'qtcl'", true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading pg_extension failed");
	ok = SPI_processed == 1;
	return ok;
}

/* One step; returns false when it did nothing because the extension is missing. */
static bool
run_step(int kind)
{
	bool		did = false;

	SetCurrentStatementStartTimestamp();
	StartTransactionCommand();
	SPI_connect();
	PushActiveSnapshot(GetTransactionSnapshot());
	if (kind != QTCL_WORKER_MINER)
		pgstat_report_activity(STATE_RUNNING, kind == QTCL_WORKER_QRNG ? "qtcl qrng: refill" : "qtcl beacon: tick");
	if (extension_ready())
	{
		if (kind == QTCL_WORKER_QRNG)
		{
			(void) qtcl_qrng_refill_round();
			did = true;
		}
		else if (kind == QTCL_WORKER_MINER)
			did = qtcl_miner_step();	/* false: no chain yet */
		else
		{
			if (SPI_execute("SELECT qtcl.beacon_tick()", false, 0) != SPI_OK_SELECT)
				elog(ERROR, "qtcl.beacon_tick() failed");
			/* Prune now and then, not on every 10 ms tick. */
			if (my_status(kind)->steps % 1000 == 999)
			{
				char		q[64];

				snprintf(q, sizeof(q), "SELECT qtcl.beacon_prune(%d)", qtcl_beacon_retention);
				if (SPI_execute(q, false, 0) != SPI_OK_SELECT)
					elog(ERROR, "qtcl.beacon_prune() failed");
			}
			did = true;
		}
	}
	SPI_finish();
	PopActiveSnapshot();
	CommitTransactionCommand();
	pgstat_report_stat(false);
	pgstat_report_activity(STATE_IDLE, NULL);
	return did;
}

void
qtcl_worker_main(Datum arg)
{
	int			kind = DatumGetInt32(arg);
	volatile int backoff_ms = 0;
	volatile TimestampTz next = 0;
	MemoryContext loop_cxt;

	pqsignal(SIGHUP, SignalHandlerForConfigReload);
	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	if (!qtcl_shmem_ready())
		ereport(ERROR, (errmsg("%s: qtcl shared memory is not set up", worker_names[kind])));

	LWLockAcquire(qtcl_shared->lock, LW_EXCLUSIVE);
	my_status(kind)->pid = MyProcPid;
	strlcpy(my_status(kind)->state, "starting", sizeof(my_status(kind)->state));
	LWLockRelease(qtcl_shared->lock);
	before_shmem_exit(on_exit_clear, arg);

	BackgroundWorkerInitializeConnection(qtcl_database, NULL, 0);
	loop_cxt = AllocSetContextCreate(TopMemoryContext, "qtcl worker loop", ALLOCSET_DEFAULT_SIZES);

	for (;;)
	{
		bool		enabled = kind == QTCL_WORKER_QRNG ? qtcl_qrng_worker :
			kind == QTCL_WORKER_BEACON ? qtcl_beacon_worker : qtcl_miner_configured();
		/* The miner has no cadence: batch after batch (each bounded to ~50 ms), signals handled between. */
		int			interval = kind == QTCL_WORKER_QRNG ? qtcl_qrng_interval_ms :
			kind == QTCL_WORKER_BEACON ? qtcl_beacon_interval_ms : 0;
		TimestampTz now = GetCurrentTimestamp();
		long		wait_ms;

		if (next == 0)
			next = now;
		wait_ms = (long) ((next - now + 999) / 1000);	/* rounded up: no spinning through the last millisecond */
		if (backoff_ms > 0)
			wait_ms = Max(wait_ms, backoff_ms);
		if (!enabled)
			wait_ms = 1000;		/* re-check the flag now and then */
		/* Also with nothing to wait for (the miner): a zero wait still notices postmaster death. */
		(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, Max(wait_ms, 0), PG_WAIT_EXTENSION);
		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();
		if (ConfigReloadPending)
		{
			ConfigReloadPending = false;
			ProcessConfigFile(PGC_SIGHUP);
			next = 0;			/* a new interval applies from now */
			if (kind == QTCL_WORKER_MINER)
				qtcl_miner_reset();	/* settings may change the template */
			continue;
		}
		if (!enabled)
		{
			set_state(kind, kind == QTCL_WORKER_MINER && qtcl_miner_worker ? "idle (no miner_address)" : "idle (disabled)");
			next = 0;
			continue;
		}
		now = GetCurrentTimestamp();
		if (now < next && backoff_ms == 0)
			continue;			/* woken early by the latch */
		if (RecoveryInProgress())
		{
			/* A hot standby: reads work, this writer waits for promotion. */
			set_state(kind, "standby");
			next = now + (TimestampTz) 1000 * 1000;
			continue;
		}

		/* Fixed cadence; after an overrun, the next slot in the future (no pile-up). */
		next += (TimestampTz) interval * 1000;
		if (next <= now)
			next = now + (TimestampTz) interval * 1000;

		MemoryContextSwitchTo(loop_cxt);
		PG_TRY();
		{
			bool		did = run_step(kind);

			LWLockAcquire(qtcl_shared->lock, LW_EXCLUSIVE);
			if (did)
			{
				my_status(kind)->steps++;
				my_status(kind)->last_step_at = GetCurrentTimestamp();
				strlcpy(my_status(kind)->state, "running", sizeof(my_status(kind)->state));
			}
			else
			{
				strlcpy(my_status(kind)->state, kind == QTCL_WORKER_MINER ? "waiting for chain" : "waiting for extension",
						sizeof(my_status(kind)->state));
				next = GetCurrentTimestamp() + (TimestampTz) 2000 * 1000;
			}
			LWLockRelease(qtcl_shared->lock);
			backoff_ms = 0;
		}
		PG_CATCH();
		{
			ErrorData  *edata;

			/* Log, roll back, back off: never a tight restart loop. No interrupt while cleaning up. */
			HOLD_INTERRUPTS();
			MemoryContextSwitchTo(loop_cxt);
			edata = CopyErrorData();
			EmitErrorReport();
			AbortCurrentTransaction();
			FlushErrorState();
			SPI_finish();
			pgstat_report_activity(STATE_IDLE, NULL);
			LWLockAcquire(qtcl_shared->lock, LW_EXCLUSIVE);
			my_status(kind)->errors++;
			strlcpy(my_status(kind)->last_error, edata->message ? edata->message : "error",
					sizeof(my_status(kind)->last_error));
			strlcpy(my_status(kind)->state, "backoff", sizeof(my_status(kind)->state));
			LWLockRelease(qtcl_shared->lock);
			FreeErrorData(edata);
			backoff_ms = backoff_ms == 0 ? 100 : Min(backoff_ms * 2, 30000);
			if (kind == QTCL_WORKER_MINER)
				qtcl_miner_reset();
			RESUME_INTERRUPTS();
		}
		PG_END_TRY();
		MemoryContextReset(loop_cxt);
	}
}

PG_FUNCTION_INFO_V1(qtcl_workers_rows);

/* Rows of the qtcl.workers view. */
Datum
qtcl_workers_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	QtclWorkerStatus copy[QTCL_WORKER_COUNT];
	int			i;

	if (!qtcl_shmem_ready())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the qtcl workers need qtcl in shared_preload_libraries")));
	InitMaterializedSRF(fcinfo, 0);
	LWLockAcquire(qtcl_shared->lock, LW_SHARED);
	memcpy(copy, qtcl_shared->workers, sizeof(copy));
	LWLockRelease(qtcl_shared->lock);
	for (i = 0; i < QTCL_WORKER_COUNT; i++)
	{
		Datum		values[7];
		bool		nulls[7] = {false, false, false, false, false, false, false};

		values[0] = CStringGetTextDatum(worker_names[i]);
		values[1] = Int32GetDatum(copy[i].pid);
		nulls[1] = copy[i].pid == 0;
		values[2] = CStringGetTextDatum(copy[i].state[0] ? copy[i].state : "not started");
		values[3] = TimestampTzGetDatum(copy[i].last_step_at);
		nulls[3] = copy[i].last_step_at == 0;
		values[4] = Int64GetDatum((int64) copy[i].steps);
		values[5] = Int64GetDatum((int64) copy[i].errors);
		values[6] = CStringGetTextDatum(copy[i].last_error);
		nulls[6] = copy[i].last_error[0] == '\0';
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
