/*
 * breaker.h: the circuit breaker of one entropy source.
 *
 * Why: a remote service that is down, out of quota or returning garbage
 * must not be hammered, and must not slow every draw down with timeouts;
 * but it must be retried, and retries must back off. The predecessor opened
 * after 5 failures and (through a lookup bug) always waited a fixed 45 s.
 * Here:
 *
 *   CLOSED     requests allowed. A success resets the failure count.
 *              QTCL_BREAKER_THRESHOLD (3) consecutive failures open it with
 *              a backoff of QTCL_BREAKER_BASE_MS (1 s).
 *   OPEN       no request until now >= retry_at (= opening time + backoff).
 *              The first qtcl_breaker_allow() call at or after retry_at
 *              moves it to HALF_OPEN and allows that one call: the probe.
 *   HALF_OPEN  exactly one probe is in flight; every other allow() is
 *              refused. Probe success: CLOSED, failure count and backoff
 *              reset. Probe failure: OPEN again with the backoff doubled,
 *              capped at QTCL_BREAKER_MAX_MS (5 min).
 *
 * Backoffs in consecutive openings: 1, 2, 4, 8, 16, 32, 64, 128, 256, 300,
 * 300, ... seconds.
 *
 * A probe that never reports back (the fetching process died) would leave
 * the breaker half-open forever; so a probe not resolved within
 * QTCL_BREAKER_PROBE_TIMEOUT_MS counts as a failed probe, applied on the
 * next allow() call.
 *
 * Results that arrive while OPEN (a request allowed while CLOSED that ended
 * after the breaker opened) are ignored: they say nothing about the state
 * after the trip. The caller should run at most one request per source at a
 * time, so that a result in HALF_OPEN is the probe's.
 *
 * Time is an explicit argument (milliseconds of a monotonic clock of the
 * caller's choice): nothing here reads a clock, so tests are exact. The
 * struct is plain data (no pointers) and can live in shared memory; the
 * caller provides the locking.
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state.
 */
#ifndef QTCL_ENTROPY_BREAKER_H
#define QTCL_ENTROPY_BREAKER_H

#include <stdbool.h>
#include <stdint.h>

#define QTCL_BREAKER_THRESHOLD			3			/* K consecutive failures open it */
#define QTCL_BREAKER_BASE_MS			1000		/* first backoff */
#define QTCL_BREAKER_MAX_MS				300000		/* backoff cap, 5 min */
#define QTCL_BREAKER_PROBE_TIMEOUT_MS	60000		/* unresolved probe counts as failed */

typedef enum qtcl_breaker_state
{
	QTCL_BREAKER_CLOSED = 0,
	QTCL_BREAKER_OPEN = 1,
	QTCL_BREAKER_HALF_OPEN = 2
} qtcl_breaker_state;

typedef struct qtcl_breaker
{
	int32_t		state;			/* qtcl_breaker_state */
	uint32_t	failures;		/* consecutive failures while closed */
	int64_t		backoff_ms;		/* backoff of the current/last opening (0 = never opened since close) */
	int64_t		retry_at_ms;	/* OPEN: first time a probe is allowed */
	int64_t		probe_at_ms;	/* HALF_OPEN: when the probe was allowed */

	/* lifetime counters, for monitoring */
	uint64_t	successes;
	uint64_t	total_failures;
	uint64_t	trips;			/* times it went to OPEN */
} qtcl_breaker;

/* Static name: "closed", "open", "half-open". */
const char *qtcl_breaker_state_name(int state);

/* CLOSED, no failures, counters zero. */
void		qtcl_breaker_init(qtcl_breaker *b);

/*
 * May a request be made now? true in CLOSED; in OPEN true once (the probe)
 * at or after retry_at, moving to HALF_OPEN; in HALF_OPEN false (one probe
 * is in flight) unless the probe timed out, which re-opens the breaker.
 */
bool		qtcl_breaker_allow(qtcl_breaker *b, int64_t now_ms);

/* Report the outcome of an allowed request. */
void		qtcl_breaker_success(qtcl_breaker *b, int64_t now_ms);
void		qtcl_breaker_failure(qtcl_breaker *b, int64_t now_ms);

/* Milliseconds until a request would be allowed (0 = now; for HALF_OPEN, until the probe times out). */
int64_t		qtcl_breaker_wait_ms(const qtcl_breaker *b, int64_t now_ms);

#endif
