/*
 * workers.h: the node's background workers and their shared status.
 *
 * Thin scheduled loops over steps that exist as SQL functions: "qtcl qrng"
 * runs qtcl_qrng_refill_round (qtcl.qrng_refill()) every qtcl.qrng_interval_ms,
 * "qtcl beacon" runs qtcl.beacon_tick() every qtcl.beacon_interval_ms. They are
 * registered when qtcl is preloaded (topology fixed at start), work in the
 * database qtcl.database, wait quietly while the extension is missing, stay
 * idle on a hot standby, log a failed step and retry with exponential backoff
 * (no crash loop), and honour SIGTERM, reloads and ProcSignalBarriers (DROP
 * or CREATE DATABASE elsewhere) at every wait.
 */
#ifndef QTCL_BGWORKER_WORKERS_H
#define QTCL_BGWORKER_WORKERS_H

#include "postgres.h"

#include "datatype/timestamp.h"

typedef enum QtclWorkerKind
{
	QTCL_WORKER_QRNG = 0,
	QTCL_WORKER_BEACON = 1,
	QTCL_WORKER_MINER = 2,
	QTCL_WORKER_COUNT = 3
} QtclWorkerKind;

/* Plain data in shared memory (QtclShared.workers), guarded by QtclShared.lock. */
typedef struct QtclWorkerStatus
{
	int32		pid;			/* 0 when not running */
	char		state[32];		/* starting, waiting for extension, idle (disabled), standby, running, backoff */
	TimestampTz last_step_at;	/* 0: never */
	uint64		steps;
	uint64		errors;
	char		last_error[256];
} QtclWorkerStatus;

void		qtcl_register_workers(void);
void		qtcl_define_worker_gucs(bool preloading);

PGDLLEXPORT void qtcl_worker_main(Datum arg);

#endif
