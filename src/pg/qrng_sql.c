/*
 * qrng_sql.c: the entropy pool's steps and their SQL functions.
 *
 *   qtcl.qrng_refill()       one refill round over the enabled sources (the qrng
 *                            worker will call qtcl_qrng_refill_round too)
 *   qtcl.qrng_fetch(source)  one diagnostic fetch with every check, feeding nothing
 *   qtcl.entropy(n)          n bytes drawn from the pool (never handed out twice)
 *   qtcl.qrng_status         per-source breaker state and counters (view)
 *   qtcl.qrng_pool_status()  pool level and draw counters
 *
 * A refill asks every enabled remote source whose breaker allows it for
 * qtcl.qrng_block_bytes bytes, in parallel (src/pg/qrng_http.c), parses each
 * answer (src/entropy/sources.c), runs the per-source health tests on the raw
 * bytes (src/entropy/health.c), reads the same amount from getrandom, and
 * conditions the XOR of the healthy blocks with SHAKE256
 * (src/entropy/combine.c) into the pool (bgworker/entropy_pool.c). A short,
 * failed or unhealthy answer contributes nothing: never padded or stretched.
 * The source locks are never held across network waits.
 */
#include "postgres.h"

#include <signal.h>

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/lwlock.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "bgworker/entropy_pool.h"
#include "bgworker/shmem.h"
#include "crypto/sha3.h"
#include "entropy/combine.h"
#include "pg/guc.h"
#include "pg/qrng.h"
#include "pg/qrng_http.h"

#define MAX_ENTROPY_REQUEST (16 * 1024 * 1024)

static void
require_shmem(void)
{
	if (!qtcl_shmem_ready())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the qtcl entropy pool needs qtcl in shared_preload_libraries")));
}

static int64
now_ms(void)
{
	return (int64) (GetCurrentTimestamp() / 1000);
}

/* Map a settings index (guc.c order) to a source id (sources.h); both use the same names. */
static int
source_id_of_setting(int i)
{
	return qtcl_source_by_name(qtcl_qrng_source_names[i]);
}

/*
 * Refills are serialised: the breaker assumes one request per source at a
 * time. The owner is recorded by pid; a dead owner (crashed backend) does not
 * block the next refill.
 */
static void
refill_lock(void)
{
	for (;;)
	{
		bool		mine = false;

		LWLockAcquire(qtcl_shared->sources_lock, LW_EXCLUSIVE);
		if (qtcl_shared->refill_owner == 0 ||
			(qtcl_shared->refill_owner != MyProcPid && kill(qtcl_shared->refill_owner, 0) != 0))
		{
			qtcl_shared->refill_owner = MyProcPid;
			mine = true;
		}
		LWLockRelease(qtcl_shared->sources_lock);
		if (mine)
			return;
		pg_usleep(10 * 1000L);
		CHECK_FOR_INTERRUPTS();
	}
}

static void
refill_unlock(void)
{
	LWLockAcquire(qtcl_shared->sources_lock, LW_EXCLUSIVE);
	if (qtcl_shared->refill_owner == MyProcPid)
		qtcl_shared->refill_owner = 0;
	LWLockRelease(qtcl_shared->sources_lock);
}

/* Record the outcome of one source in a refill (lock held by the caller). */
static void
record(QtclSourceState *st, bool success, const char *reason, size_t bytes, int64 t)
{
	if (success)
	{
		qtcl_breaker_success(&st->breaker, t);
		st->successes++;
		st->bytes_delivered += bytes;
		st->last_success_at = GetCurrentTimestamp();
	}
	else
	{
		qtcl_breaker_failure(&st->breaker, t);
		st->failures++;
	}
	if (reason)
		strlcpy(st->last_error, reason, sizeof(st->last_error));
}

/*
 * Health-checks a block of source id against its shared state. Returns
 * QTCL_HEALTH_OK when the block may be used; otherwise writes why into reason.
 */
static int
health_check(int id, const uint8 *block, size_t len, char *reason, size_t cap)
{
	int			rc;
	QtclSourceState *st = &qtcl_shared->sources[id];

	LWLockAcquire(qtcl_shared->sources_lock, LW_EXCLUSIVE);
	rc = qtcl_health_check(&st->health, block, len, NULL);
	LWLockRelease(qtcl_shared->sources_lock);
	if (rc == QTCL_HEALTH_STARTUP)
		snprintf(reason, cap, "start-up health testing (%d bytes needed before first use)",
				 QTCL_HEALTH_STARTUP_SAMPLES);
	else if (rc != QTCL_HEALTH_OK)
		snprintf(reason, cap, "health test failed: %s", qtcl_health_strerror(rc));
	return rc;
}

/* len bytes from getrandom that passed the os source's health tests (start-up blocks are skipped). */
static void
os_block(uint8 *out, size_t len)
{
	char		reason[QTCL_SRC_REASON_MAX];
	int			tries;

	for (tries = 0; tries < 8; tries++)
	{
		int			rc;

		if (qtcl_source_os_read(out, len, reason, sizeof(reason)) != QTCL_SRC_OK)
			ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("entropy source os: %s", reason)));
		rc = health_check(QTCL_SRC_OS, out, len, reason, sizeof(reason));
		if (rc == QTCL_HEALTH_OK)
			return;
		if (rc != QTCL_HEALTH_STARTUP)
		{
			/* An operating system generator failing RCT/APT: refuse, do not mask it. */
			LWLockAcquire(qtcl_shared->sources_lock, LW_EXCLUSIVE);
			record(&qtcl_shared->sources[QTCL_SRC_OS], false, reason, 0, now_ms());
			LWLockRelease(qtcl_shared->sources_lock);
			ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("entropy source os: %s", reason)));
		}
	}
	ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("entropy source os: start-up testing did not complete")));
}

/* Conditions the healthy blocks (os first) into the pool; returns the number of remote contributors. */
static int
mix_into_pool(qtcl_entropy_block *blocks, int k, size_t len)
{
	uint8	   *out = palloc(len);
	qtcl_entropy_draw_info info;
	int			rc = qtcl_entropy_mix(blocks, k, len, out, len, &info);

	if (rc != QTCL_COMBINE_OK)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("entropy conditioning failed: %s", qtcl_combine_strerror(rc))));
	qtcl_pool_add(out, len, (int) info.n_remote);
	qtcl_wipe(out, len);
	pfree(out);
	return (int) info.n_remote;
}

/* An os-only refill: keeps an offline node (qtcl.qrng_min_sources = 0) drawing. */
static void
os_only_refill(void)
{
	size_t		len = qtcl_qrng_block_bytes;
	uint8	   *os = palloc(len);
	qtcl_entropy_block b = {QTCL_SRC_OS, os};

	os_block(os, len);
	LWLockAcquire(qtcl_shared->sources_lock, LW_EXCLUSIVE);
	record(&qtcl_shared->sources[QTCL_SRC_OS], true, NULL, len, now_ms());
	LWLockRelease(qtcl_shared->sources_lock);
	mix_into_pool(&b, 1, len);
	qtcl_wipe(os, len);
	pfree(os);
}

typedef struct attempt
{
	int			id;
	qtcl_source_request req;
	uint8	   *bytes;
	bool		asked;
	bool		healthy;
	char		reason[QTCL_SRC_REASON_MAX];
} attempt;

/* Builds the request of source id; false (reason set) when it cannot be made. */
static bool
build_request(int setting, attempt *a, size_t len)
{
	uint32		rpc_id;
	const char *key = qtcl_qrng_key[setting] ? qtcl_qrng_key[setting] : "";

	if (!pg_strong_random(&rpc_id, sizeof(rpc_id)))
		rpc_id = 1;
	return qtcl_source_build_request(&a->req, a->id, qtcl_qrng_url[setting], key, len,
									 rpc_id & 0x7fffffff, a->reason, sizeof(a->reason)) == QTCL_SRC_OK;
}

/* Parses and health-checks one completed HTTP answer into a->bytes. */
static void
judge_answer(attempt *a, const qtcl_http_req *h, size_t len)
{
	if (!h->ok)
	{
		snprintf(a->reason, sizeof(a->reason), "request failed: %s", h->error);
		return;
	}
	if (qtcl_source_parse_response(&a->req, h->status, h->resp ? h->resp : "", h->resp_len,
								   a->bytes, NULL, a->reason, sizeof(a->reason)) != QTCL_SRC_OK)
		return;
	a->healthy = health_check(a->id, a->bytes, len, a->reason, sizeof(a->reason)) == QTCL_HEALTH_OK;
}

int
qtcl_qrng_refill_round(void)
{
	size_t		len = qtcl_qrng_block_bytes;
	attempt		at[QTCL_QRNG_NSOURCES];
	qtcl_http_req http[QTCL_QRNG_NSOURCES];
	int			slot_of[QTCL_QRNG_NSOURCES];
	volatile int na = 0;		/* volatile: read in PG_FINALLY after a longjmp */
	volatile int nh = 0;
	int			i,
				k = 0;
	volatile int healthy_remote = 0;
	qtcl_entropy_block blocks[QTCL_QRNG_NSOURCES];
	uint8	   *os = palloc(len);
	int64		t = now_ms();

	require_shmem();
	refill_lock();
	PG_TRY();
	{
		/* Which remote sources to ask: enabled, and allowed by their breaker. */
		for (i = 0; i < QTCL_QRNG_NSOURCES; i++)
		{
			int			id = source_id_of_setting(i);
			attempt    *a;
			bool		allowed;

			if (id < 0 || !qtcl_source_is_remote(id) || !qtcl_qrng_source_enabled(i))
				continue;
			LWLockAcquire(qtcl_shared->sources_lock, LW_EXCLUSIVE);
			allowed = qtcl_breaker_allow(&qtcl_shared->sources[id].breaker, t);
			LWLockRelease(qtcl_shared->sources_lock);
			if (!allowed)
				continue;
			a = &at[na];
			memset(a, 0, sizeof(*a));
			a->id = id;
			a->bytes = palloc(len);
			na++;				/* only now: the cleanup wipes a->bytes */
			if (!build_request(i, a, len))
				continue;
			a->asked = true;
			memset(&http[nh], 0, sizeof(http[nh]));
			http[nh].url = a->req.url;
			http[nh].method = a->req.method;
			http[nh].body = a->req.body_len ? a->req.body : NULL;
			http[nh].header = a->req.header[0] ? a->req.header : NULL;
			slot_of[nh] = na - 1;
			nh++;
		}

		qtcl_http_perform(http, nh, qtcl_qrng_connect_timeout_ms, qtcl_qrng_timeout_ms,
						  (size_t) qtcl_qrng_max_response_bytes);
		for (i = 0; i < nh; i++)
			judge_answer(&at[slot_of[i]], &http[i], len);
		qtcl_http_free(http, nh);

		/* Record every outcome; start-up blocks are neither used nor failures. */
		t = now_ms();
		LWLockAcquire(qtcl_shared->sources_lock, LW_EXCLUSIVE);
		for (i = 0; i < na; i++)
		{
			attempt    *a = &at[i];
			QtclSourceState *st = &qtcl_shared->sources[a->id];

			if (a->healthy)
				record(st, true, NULL, len, t);
			else if (a->asked && strncmp(a->reason, "start-up", 8) == 0)
				strlcpy(st->last_error, a->reason, sizeof(st->last_error));
			else
				record(st, false, a->reason, 0, t);
		}
		LWLockRelease(qtcl_shared->sources_lock);

		/* os always contributes; then every healthy remote block. */
		os_block(os, len);
		LWLockAcquire(qtcl_shared->sources_lock, LW_EXCLUSIVE);
		record(&qtcl_shared->sources[QTCL_SRC_OS], true, NULL, len, t);
		LWLockRelease(qtcl_shared->sources_lock);
		blocks[k].source = QTCL_SRC_OS;
		blocks[k++].data = os;
		for (i = 0; i < na; i++)
			if (at[i].healthy)
			{
				blocks[k].source = at[i].id;
				blocks[k++].data = at[i].bytes;
			}
		healthy_remote = mix_into_pool(blocks, k, len);
	}
	PG_FINALLY();
	{
		refill_unlock();
		for (i = 0; i < na; i++)
		{
			qtcl_wipe(at[i].bytes, len);
			pfree(at[i].bytes);
		}
		qtcl_wipe(os, len);
		pfree(os);
	}
	PG_END_TRY();
	return healthy_remote + 1;	/* os included */
}

PG_FUNCTION_INFO_V1(qtcl_qrng_refill);

Datum
qtcl_qrng_refill(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(qtcl_qrng_refill_round());
}

PG_FUNCTION_INFO_V1(qtcl_qrng_fetch);

/*
 * qrng_fetch(source text) RETURNS TABLE(bytes bytea, ok boolean, error text):
 * one synchronous fetch with every check of a refill, whatever the breaker
 * says; the health-test state and previous-block digest advance (they are
 * continuous per source), the breaker, the counters and the pool do not.
 */
Datum
qtcl_qrng_fetch(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int			setting = qtcl_qrng_source_index(name);
	int			id = setting < 0 ? -1 : source_id_of_setting(setting);
	size_t		len = qtcl_qrng_block_bytes;
	attempt		a;
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	require_shmem();
	if (id < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown entropy source \"%s\"", name),
				 errhint("The sources are anu, random_org, qbck, hotbits and os.")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "qrng_fetch must be declared to return a row");
	tupdesc = BlessTupleDesc(tupdesc);

	memset(&a, 0, sizeof(a));
	a.id = id;
	a.bytes = palloc(len);
	if (id == QTCL_SRC_OS)
	{
		if (qtcl_source_os_read(a.bytes, len, a.reason, sizeof(a.reason)) == QTCL_SRC_OK)
			a.healthy = health_check(id, a.bytes, len, a.reason, sizeof(a.reason)) == QTCL_HEALTH_OK;
	}
	else if (build_request(setting, &a, len))
	{
		qtcl_http_req h;

		memset(&h, 0, sizeof(h));
		h.url = a.req.url;
		h.method = a.req.method;
		h.body = a.req.body_len ? a.req.body : NULL;
		h.header = a.req.header[0] ? a.req.header : NULL;
		qtcl_http_perform(&h, 1, qtcl_qrng_connect_timeout_ms, qtcl_qrng_timeout_ms,
						  (size_t) qtcl_qrng_max_response_bytes);
		judge_answer(&a, &h, len);
		qtcl_http_free(&h, 1);
	}

	if (a.healthy)
	{
		bytea	   *b = palloc(VARHDRSZ + len);

		SET_VARSIZE(b, VARHDRSZ + len);
		memcpy(VARDATA(b), a.bytes, len);
		values[0] = PointerGetDatum(b);
		nulls[2] = true;
	}
	else
	{
		nulls[0] = true;
		values[2] = CStringGetTextDatum(a.reason);
	}
	values[1] = BoolGetDatum(a.healthy);
	qtcl_wipe(a.bytes, len);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

void
qtcl_entropy_draw(uint8 *out, size_t len, int *sources)
{
	size_t		got = 0;
	int			least = INT_MAX;

	require_shmem();
	while (got < len)
	{
		size_t		chunk = Min(len - got, (size_t) 4096);
		int			s;

		CHECK_FOR_INTERRUPTS();
		if (qtcl_pool_draw(out + got, chunk, qtcl_qrng_min_sources, &s))
		{
			got += chunk;
			least = Min(least, s);
			continue;
		}
		if (qtcl_qrng_min_sources > 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("the entropy pool holds too few bytes from at least %d healthy remote sources",
							qtcl_qrng_min_sources),
					 errhint("Run qtcl.qrng_refill() (the qrng worker does it on a schedule), or lower qtcl.qrng_min_sources.")));
		os_only_refill();
	}
	if (sources)
		*sources = (len == 0) ? 0 : least;
}

PG_FUNCTION_INFO_V1(qtcl_entropy_sql);

/* entropy(n int4) RETURNS bytea */
Datum
qtcl_entropy_sql(PG_FUNCTION_ARGS)
{
	int32		n = PG_GETARG_INT32(0);
	bytea	   *b;

	if (n < 0 || n > MAX_ENTROPY_REQUEST)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("entropy length must be between 0 and %d bytes, not %d", MAX_ENTROPY_REQUEST, n)));
	b = palloc(VARHDRSZ + n);
	SET_VARSIZE(b, VARHDRSZ + n);
	qtcl_entropy_draw((uint8 *) VARDATA(b), n, NULL);
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(qtcl_qrng_status_rows);

/* Rows of the qtcl.qrng_status view, one per source in settings order. */
Datum
qtcl_qrng_status_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	QtclSourceState copy[QTCL_QRNG_SOURCES];
	int			i;

	require_shmem();
	InitMaterializedSRF(fcinfo, 0);
	LWLockAcquire(qtcl_shared->sources_lock, LW_SHARED);
	memcpy(copy, qtcl_shared->sources, sizeof(copy));
	LWLockRelease(qtcl_shared->sources_lock);

	for (i = 0; i < QTCL_QRNG_NSOURCES; i++)
	{
		int			id = source_id_of_setting(i);
		QtclSourceState *st = &copy[id];
		Datum		values[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};

		values[0] = CStringGetTextDatum(qtcl_qrng_source_names[i]);
		values[1] = CStringGetTextDatum(qtcl_breaker_state_name(st->breaker.state));
		values[2] = Int64GetDatum((int64) st->successes);
		values[3] = Int64GetDatum((int64) st->failures);
		if (st->last_error[0])
			values[4] = CStringGetTextDatum(st->last_error);
		else
			nulls[4] = true;
		if (st->last_success_at)
			values[5] = TimestampTzGetDatum(st->last_success_at);
		else
			nulls[5] = true;
		values[6] = Int64GetDatum((int64) st->bytes_delivered);
		values[7] = BoolGetDatum(qtcl_qrng_source_enabled(i));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(qtcl_qrng_pool_status);

Datum
qtcl_qrng_pool_status(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};
	QtclPool   *p;

	require_shmem();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "qrng_pool_status must be declared to return a row");
	tupdesc = BlessTupleDesc(tupdesc);
	p = &qtcl_shared->pool;
	LWLockAcquire(qtcl_shared->pool_lock, LW_SHARED);
	values[0] = Int64GetDatum((int64) (p->written - p->read));
	values[1] = Int64GetDatum((int64) p->draws);
	values[2] = Int64GetDatum((int64) p->bytes_drawn);
	values[3] = Int64GetDatum((int64) p->bytes_discarded);
	values[4] = Int32GetDatum(p->last_draw_sources);
	LWLockRelease(qtcl_shared->pool_lock);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
