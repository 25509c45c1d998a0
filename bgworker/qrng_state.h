/*
 * qrng_state.h: per-source entropy state in shared memory (breaker, health
 * tests, counters). Plain data only; guarded by QtclShared.sources_lock.
 */
#ifndef QTCL_BGWORKER_QRNG_STATE_H
#define QTCL_BGWORKER_QRNG_STATE_H

#include "postgres.h"

#include "datatype/timestamp.h"

#include "entropy/breaker.h"
#include "entropy/health.h"
#include "entropy/sources.h"

#define QTCL_QRNG_SOURCES QTCL_SRC_COUNT

typedef struct QtclSourceState
{
	qtcl_breaker breaker;
	qtcl_health_state health;
	uint64		successes;		/* refills this source contributed to */
	uint64		failures;		/* refills it failed in */
	uint64		bytes_delivered;	/* healthy bytes it contributed */
	TimestampTz last_success_at;	/* 0: never */
	char		last_error[128];	/* static text and numbers only: never a key or URL */
} QtclSourceState;

void		qtcl_qrng_state_init(QtclSourceState *sources);

#endif
