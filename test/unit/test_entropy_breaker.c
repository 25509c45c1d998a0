/*
 * test_entropy_breaker.c: the circuit breaker of src/entropy/breaker.c with
 * exact timings: closed -> open after 3 consecutive failures, nothing
 * allowed before the backoff ends, half-open allows exactly one probe,
 * success closes and resets, failure re-opens with the doubled backoff up to
 * the 5-minute cap, probe timeout, stale results ignored.
 */
#include "entropy/breaker.h"
#include "unit.h"

static void
trip_and_recover(void)
{
	qtcl_breaker b;
	int64_t		t = 1000000;

	qtcl_breaker_init(&b);
	CHECK(b.state == QTCL_BREAKER_CLOSED && qtcl_breaker_allow(&b, t), "starts closed, allows");
	qtcl_breaker_failure(&b, t);
	qtcl_breaker_failure(&b, t + 1);
	CHECK(b.state == QTCL_BREAKER_CLOSED && qtcl_breaker_allow(&b, t + 2), "2 failures: still closed");
	qtcl_breaker_success(&b, t + 3);
	CHECK(b.failures == 0, "a success resets the count");
	qtcl_breaker_failure(&b, t + 4);
	qtcl_breaker_failure(&b, t + 5);
	CHECK(b.state == QTCL_BREAKER_CLOSED, "2 failures after the success: closed (failures must be consecutive)");
	qtcl_breaker_failure(&b, t + 10);
	CHECK(b.state == QTCL_BREAKER_OPEN && b.backoff_ms == 1000 && b.retry_at_ms == t + 1010 && b.trips == 1,
		  "3rd consecutive failure opens it with a 1 s backoff");
	CHECK(!qtcl_breaker_allow(&b, t + 10) && !qtcl_breaker_allow(&b, t + 1009), "nothing allowed during the backoff");
	CHECK(qtcl_breaker_wait_ms(&b, t + 500) == 510, "wait 510 ms at +500");
	CHECK(qtcl_breaker_allow(&b, t + 1010) && b.state == QTCL_BREAKER_HALF_OPEN, "probe allowed exactly at retry_at");
	CHECK(!qtcl_breaker_allow(&b, t + 1010) && !qtcl_breaker_allow(&b, t + 5000), "exactly one probe in half-open");
	qtcl_breaker_success(&b, t + 1200);
	CHECK(b.state == QTCL_BREAKER_CLOSED && b.failures == 0 && b.backoff_ms == 0, "probe success closes and resets");
	CHECK(qtcl_breaker_allow(&b, t + 1201) && qtcl_breaker_allow(&b, t + 1202), "closed allows again");

	/* after a reset the next opening starts from 1 s again */
	qtcl_breaker_failure(&b, t + 2000);
	qtcl_breaker_failure(&b, t + 2000);
	qtcl_breaker_failure(&b, t + 2000);
	CHECK(b.state == QTCL_BREAKER_OPEN && b.backoff_ms == 1000 && b.retry_at_ms == t + 3000,
		  "reopening after a close starts at 1 s");
}

static void
doubling_and_cap(void)
{
	static const int64_t want[] = {1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000};
	qtcl_breaker b;
	int64_t		t = 0;
	size_t		i;
	int			ok = 1;

	qtcl_breaker_init(&b);
	qtcl_breaker_failure(&b, t);
	qtcl_breaker_failure(&b, t);
	qtcl_breaker_failure(&b, t);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
	{
		int64_t		opened = t;

		if (!CHECK(b.state == QTCL_BREAKER_OPEN && b.backoff_ms == want[i] && b.retry_at_ms == opened + want[i],
				   "opening %zu: backoff %lld ms (got %lld)", i + 1, (long long) want[i], (long long) b.backoff_ms))
			ok = 0;
		if (qtcl_breaker_allow(&b, opened + want[i] - 1))
			ok = 0;
		t = opened + want[i] + 7;	/* probe a little after retry_at */
		if (!qtcl_breaker_allow(&b, t) || qtcl_breaker_allow(&b, t))
			ok = 0;
		qtcl_breaker_failure(&b, t);	/* probe fails: re-open from t */
	}
	CHECK(ok, "never allowed before retry_at, exactly one probe each time");
	CHECK(b.trips == 13, "13 openings counted (%llu)", (unsigned long long) b.trips);

	/* success at the cap closes and resets */
	CHECK(qtcl_breaker_allow(&b, t + 300000), "probe at the cap");
	qtcl_breaker_success(&b, t + 300001);
	CHECK(b.state == QTCL_BREAKER_CLOSED && b.backoff_ms == 0, "closed after a successful probe at the cap");
}

static void
probe_timeout_and_stale(void)
{
	qtcl_breaker b;

	qtcl_breaker_init(&b);
	qtcl_breaker_failure(&b, 0);
	qtcl_breaker_failure(&b, 0);
	qtcl_breaker_failure(&b, 0);
	/* stale results while open are ignored */
	qtcl_breaker_success(&b, 10);
	CHECK(b.state == QTCL_BREAKER_OPEN && b.retry_at_ms == 1000, "success while open ignored");
	qtcl_breaker_failure(&b, 20);
	CHECK(b.state == QTCL_BREAKER_OPEN && b.retry_at_ms == 1000 && b.backoff_ms == 1000, "failure while open ignored");

	CHECK(qtcl_breaker_allow(&b, 1000), "probe at 1000");
	CHECK(!qtcl_breaker_allow(&b, 1000 + QTCL_BREAKER_PROBE_TIMEOUT_MS - 1) && b.state == QTCL_BREAKER_HALF_OPEN,
		  "still half-open just before the probe timeout");
	CHECK(qtcl_breaker_wait_ms(&b, 1000) == QTCL_BREAKER_PROBE_TIMEOUT_MS, "wait reports the probe timeout");
	CHECK(!qtcl_breaker_allow(&b, 1000 + QTCL_BREAKER_PROBE_TIMEOUT_MS), "lost probe: not allowed");
	CHECK(b.state == QTCL_BREAKER_OPEN && b.backoff_ms == 2000 &&
		  b.retry_at_ms == 1000 + QTCL_BREAKER_PROBE_TIMEOUT_MS + 2000, "lost probe counts as a failed probe (backoff 2 s)");
	CHECK(qtcl_breaker_allow(&b, b.retry_at_ms), "next probe after the doubled backoff");

	CHECK(strcmp(qtcl_breaker_state_name(QTCL_BREAKER_HALF_OPEN), "half-open") == 0 &&
		  strcmp(qtcl_breaker_state_name(QTCL_BREAKER_OPEN), "open") == 0 &&
		  strcmp(qtcl_breaker_state_name(QTCL_BREAKER_CLOSED), "closed") == 0, "state names");
	CHECK(!qtcl_breaker_allow(NULL, 0) && qtcl_breaker_wait_ms(NULL, 0) == 0, "NULL is never allowed");
}

int
main(void)
{
	trip_and_recover();
	doubling_and_cap();
	probe_timeout_and_stale();
	return unit_done();
}
