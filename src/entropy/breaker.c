/* breaker.c: see breaker.h */
#include "entropy/breaker.h"

#include <string.h>

const char *
qtcl_breaker_state_name(int state)
{
	switch (state)
	{
		case QTCL_BREAKER_CLOSED:
			return "closed";
		case QTCL_BREAKER_OPEN:
			return "open";
		case QTCL_BREAKER_HALF_OPEN:
			return "half-open";
	}
	return "unknown";
}

void
qtcl_breaker_init(qtcl_breaker *b)
{
	if (b == NULL)
		return;
	memset(b, 0, sizeof(*b));
	b->state = QTCL_BREAKER_CLOSED;
}

/* Go to OPEN with the given backoff from now. */
static void
trip(qtcl_breaker *b, int64_t now_ms, int64_t backoff_ms)
{
	if (backoff_ms > QTCL_BREAKER_MAX_MS)
		backoff_ms = QTCL_BREAKER_MAX_MS;
	b->state = QTCL_BREAKER_OPEN;
	b->backoff_ms = backoff_ms;
	b->retry_at_ms = now_ms + backoff_ms;
	b->probe_at_ms = 0;
	b->trips++;
}

/* A failed probe: re-open with the doubled backoff. */
static void
probe_failed(qtcl_breaker *b, int64_t now_ms)
{
	int64_t		next = b->backoff_ms > 0 ? b->backoff_ms * 2 : QTCL_BREAKER_BASE_MS;

	trip(b, now_ms, next);
}

bool
qtcl_breaker_allow(qtcl_breaker *b, int64_t now_ms)
{
	if (b == NULL)
		return false;
	switch (b->state)
	{
		case QTCL_BREAKER_CLOSED:
			return true;
		case QTCL_BREAKER_OPEN:
			if (now_ms < b->retry_at_ms)
				return false;
			b->state = QTCL_BREAKER_HALF_OPEN;
			b->probe_at_ms = now_ms;
			return true;
		case QTCL_BREAKER_HALF_OPEN:
			if (now_ms - b->probe_at_ms >= QTCL_BREAKER_PROBE_TIMEOUT_MS)
			{
				b->total_failures++;
				probe_failed(b, now_ms);
			}
			return false;
	}
	return false;
}

void
qtcl_breaker_success(qtcl_breaker *b, int64_t now_ms)
{
	(void) now_ms;
	if (b == NULL)
		return;
	switch (b->state)
	{
		case QTCL_BREAKER_CLOSED:
			b->successes++;
			b->failures = 0;
			break;
		case QTCL_BREAKER_HALF_OPEN:
			b->successes++;
			b->state = QTCL_BREAKER_CLOSED;
			b->failures = 0;
			b->backoff_ms = 0;
			b->retry_at_ms = 0;
			b->probe_at_ms = 0;
			break;
		default:				/* OPEN: a stale result, ignored */
			break;
	}
}

void
qtcl_breaker_failure(qtcl_breaker *b, int64_t now_ms)
{
	if (b == NULL)
		return;
	switch (b->state)
	{
		case QTCL_BREAKER_CLOSED:
			b->total_failures++;
			b->failures++;
			if (b->failures >= QTCL_BREAKER_THRESHOLD)
			{
				b->failures = 0;
				trip(b, now_ms, QTCL_BREAKER_BASE_MS);
			}
			break;
		case QTCL_BREAKER_HALF_OPEN:
			b->total_failures++;
			probe_failed(b, now_ms);
			break;
		default:				/* OPEN: a stale result, ignored */
			break;
	}
}

int64_t
qtcl_breaker_wait_ms(const qtcl_breaker *b, int64_t now_ms)
{
	int64_t		w;

	if (b == NULL)
		return 0;
	switch (b->state)
	{
		case QTCL_BREAKER_OPEN:
			w = b->retry_at_ms - now_ms;
			return w > 0 ? w : 0;
		case QTCL_BREAKER_HALF_OPEN:
			w = b->probe_at_ms + QTCL_BREAKER_PROBE_TIMEOUT_MS - now_ms;
			return w > 0 ? w : 0;
		default:
			return 0;
	}
}
