/*
 * beacon_sql.c: the beacon's SQL functions over the pure core in src/beacon/.
 *
 *   qtcl.beacon_tick()             make, sign, store and announce the next round
 *   qtcl.beacon_verify(round)      verify a stored round, columns included
 *   qtcl.beacon_round_bytes(round) its canonical bytes
 *   qtcl.beacon_verify_bytes(b)    verify round bytes from anywhere
 *   qtcl.beacon_prune(keep)        drop old rounds, keeping the link data
 *   qtcl.beacon_measure(r, shots)  reproducible Born-rule samples
 *
 * Rounds are made under a transaction-level advisory lock, so concurrent
 * ticks queue instead of racing for the same round number. The secret that
 * round n commits to is stored durably (src/pg/oracle.c) before round n's row,
 * so a crash can never leave a stored commitment without its secret.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "commands/async.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_type.h"
#include "utils/array.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "beacon/measure.h"
#include "beacon/verify.h"
#include "crypto/sha3.h"
#include "pg/beacon.h"
#include "pg/chain.h"
#include "pg/oracle.h"
#include "pg/qrng.h"
#include "pg/types.h"
#include "pg/util.h"

/*
 * Ticks and prunes take SHARE ROW EXCLUSIVE on qtcl.beacon: it conflicts with
 * itself (they queue) and with writers, not with readers; ordinary roles,
 * with SELECT only, cannot take it, so they cannot stall the beacon.
 */
static void
lock_beacon(void)
{
	if (SPI_execute("LOCK TABLE qtcl.beacon IN SHARE ROW EXCLUSIVE MODE", false, 0) != SPI_OK_UTILITY)
		elog(ERROR, "locking qtcl.beacon failed");
}

static bool
bytea_is(Datum d, const uint8 *p, size_t len)
{
	bytea	   *b = DatumGetByteaPP(d);

	return VARSIZE_ANY_EXHDR(b) == len && memcmp(VARDATA_ANY(b), p, len) == 0;
}

qtcl_beacon_work *
qtcl_beacon_work_area(void)
{
	static qtcl_beacon_work *w = NULL;

	if (w == NULL)
		w = MemoryContextAlloc(TopMemoryContext, sizeof(qtcl_beacon_work));
	return w;
}

/*
 * Bytes of a stored round (detoasted and copied out of SPI memory), or NULL.
 * Inside SPI. fresh: read with the latest snapshot (after the beacon lock).
 */
static bytea *
stored_bytes_snap(int64 round, bool fresh)
{
	Oid			types[1] = {INT8OID};
	Datum		args[1] = {Int64GetDatum(round)};
	bool		isnull;
	bytea	   *b,
			   *copy;

	if (fresh)
		qtcl_spi_read_latest("SELECT bytes FROM qtcl.beacon WHERE round = $1", 1, types, args);
	else if (SPI_execute_with_args("SELECT bytes FROM qtcl.beacon WHERE round = $1", 1, types, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading qtcl.beacon failed");
	if (SPI_processed == 0)
		return NULL;
	b = DatumGetByteaPP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	copy = SPI_palloc(VARHDRSZ + VARSIZE_ANY_EXHDR(b));
	SET_VARSIZE(copy, VARHDRSZ + VARSIZE_ANY_EXHDR(b));
	memcpy(VARDATA(copy), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
	return copy;
}

static bytea *
stored_bytes(int64 round)
{
	return stored_bytes_snap(round, false);
}

static void
decode_or_raise(bytea *b, qtcl_beacon_round *r)
{
	int			dm_code = 0;
	int			rc = qtcl_beacon_decode((const uint8 *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), r, qtcl_beacon_work_area(), &dm_code);

	if (rc != QTCL_BEACON_OK)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("stored beacon round does not decode: %s", qtcl_beacon_strerror(rc))));
}

const uint8 **
qtcl_oracle_trusted_keys(size_t *n)
{
	const uint8 **keys;
	uint64		i;

	if (SPI_execute("SELECT public_key FROM qtcl.oracle_keys", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading qtcl.oracle_keys failed");
	keys = SPI_palloc(sizeof(uint8 *) * Max(SPI_processed, 1));
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		bytea	   *b = DatumGetByteaPP(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
		uint8	   *copy = SPI_palloc(VARSIZE_ANY_EXHDR(b));

		memcpy(copy, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
		keys[i] = copy;
	}
	*n = SPI_processed;
	return keys;
}

/*
 * What round `round` must link to: the stored previous round, or the anchor
 * left by pruning. false when round > 1 and neither is known. Inside SPI.
 */
static bool
link_for(int64 round, qtcl_beacon_link *link, bool *none, uint8 *prev_key_id)
{
	bytea	   *prev;

	*none = false;
	if (prev_key_id)
		memset(prev_key_id, 0, 32);
	if (round == 1)
	{
		*none = true;
		return true;
	}
	prev = stored_bytes(round - 1);
	if (prev != NULL)
	{
		qtcl_beacon_round pr;

		decode_or_raise(prev, &pr);
		if (prev_key_id)
			memcpy(prev_key_id, pr.key_id, 32);
		return qtcl_beacon_link_of(&pr, link) == QTCL_BEACON_OK;
	}
	else
	{
		Oid			types[1] = {INT8OID};
		Datum		args[1] = {Int64GetDatum(round - 1)};
		bool		isnull;
		HeapTuple	t;
		TupleDesc	td;

		if (SPI_execute_with_args("SELECT round, ts_ms, round_hash, commitment FROM qtcl.beacon_anchor WHERE round = $1",
								  1, types, args, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "reading qtcl.beacon_anchor failed");
		if (SPI_processed == 0)
			return false;
		t = SPI_tuptable->vals[0];
		td = SPI_tuptable->tupdesc;
		link->round = (uint64) DatumGetInt64(SPI_getbinval(t, td, 1, &isnull));
		link->timestamp_ms = DatumGetInt64(SPI_getbinval(t, td, 2, &isnull));
		memcpy(link->hash, VARDATA_ANY(DatumGetByteaPP(SPI_getbinval(t, td, 3, &isnull))), 32);
		memcpy(link->commitment, VARDATA_ANY(DatumGetByteaPP(SPI_getbinval(t, td, 4, &isnull))), 32);
		return true;
	}
}

/* Records the local oracle key among the trusted ones (inside SPI). */
static void
trust_local_key(const uint8 *pk, const uint8 *key_id)
{
	Oid			kt[2] = {BYTEAOID, BYTEAOID};
	Datum		ka[2] = {PointerGetDatum(qtcl_bytea_of(key_id, 32)), PointerGetDatum(qtcl_bytea_of(pk, QTCL_BEACON_PK_BYTES))};

	if (SPI_execute_with_args("INSERT INTO qtcl.oracle_keys (key_id, public_key, local, note) "
							  "VALUES ($1, $2, true, 'this node''s oracle') ON CONFLICT DO NOTHING",
							  2, kt, ka, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "recording the oracle key failed");
}

PG_FUNCTION_INFO_V1(qtcl_oracle_public_key);

/* oracle_public_key() RETURNS bytea: this node's oracle key (made on first use), trusted locally. */
Datum
qtcl_oracle_public_key(PG_FUNCTION_ARGS)
{
	const uint8 *sk,
			   *pk,
			   *key_id;

	qtcl_oracle_key(&sk, &pk, &key_id);
	qtcl_spi_connect();
	trust_local_key(pk, key_id);
	SPI_finish();
	PG_RETURN_BYTEA_P(qtcl_bytea_of(pk, QTCL_BEACON_PK_BYTES));
}

PG_FUNCTION_INFO_V1(qtcl_beacon_tick);

Datum
qtcl_beacon_tick(PG_FUNCTION_ARGS)
{
	const uint8 *sk,
			   *pk,
			   *key_id;
	qtcl_beacon_round prev,
				r;
	bool		have_prev;
	bytea	   *prev_bytes;
	uint8		s_n[QTCL_BEACON_SECRET_BYTES],
				s_next[QTCL_BEACON_SECRET_BYTES];
	uint32		sources_n;
	int			remote;
	int64		ts;
	int			rc;
	uint8		enc[QTCL_BEACON_ENCODED_BYTES];
	uint8		rhash[QTCL_BEACON_HASH_BYTES];
	Oid			types[16] = {INT8OID, TIMESTAMPTZOID, BYTEAOID, BYTEAOID, BYTEAOID, InvalidOid,
		FLOAT8OID, FLOAT8OID, FLOAT8OID, FLOAT8OID, INT4OID, BYTEAOID, BYTEAOID, InvalidOid, BYTEAOID, BYTEAOID};
	Datum		args[16];

	if (RecoveryInProgress())
		ereport(ERROR, (errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION),
						errmsg("cannot make beacon rounds during recovery")));
	qtcl_spi_connect();
	lock_beacon();
	qtcl_oracle_key(&sk, &pk, &key_id);
	types[5] = qtcl_type_oid("density_matrix");
	types[13] = qtcl_type_oid("hlwe_signature");
	trust_local_key(pk, key_id);
	/* The latest snapshot: several ticks in one statement, or a tick queued behind another, see the round before. */
	qtcl_spi_read_latest("SELECT max(round) FROM qtcl.beacon", 0, NULL, NULL);
	{
		bool		isnull;
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);

		prev_bytes = isnull ? NULL : stored_bytes_snap(DatumGetInt64(d), true);
	}
	have_prev = prev_bytes != NULL;
	if (have_prev)
	{
		decode_or_raise(prev_bytes, &prev);
		if (!qtcl_oracle_secret_get(prev.round, prev.commitment, s_n, &sources_n))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("the secret beacon round " UINT64_FORMAT " committed to is missing from the oracle's files",
							prev.round),
					 errdetail("Round " UINT64_FORMAT " can only be made by revealing it.", prev.round + 1),
					 errhint("Restore qtcl/oracle.secrets in the data directory from a backup taken after round " UINT64_FORMAT ".",
							 prev.round)));
	}
	else
	{
		qtcl_entropy_draw(s_n, sizeof(s_n), &remote);
		sources_n = (uint32) remote + 1;	/* the OS generator always contributes */
	}
	qtcl_entropy_draw(s_next, sizeof(s_next), &remote);
	/* Durable before the round that commits to it can exist. */
	qtcl_oracle_secret_put(have_prev ? prev.round + 1 : 1, s_next, (uint32) remote + 1);

	ts = qtcl_node_time_ms();	/* the regtest mock clock when set, so rounds stay fresh for blocks */
	if (have_prev && ts < prev.timestamp_ms)
		ts = prev.timestamp_ms;	/* the clock stepped back: rounds never go back in time */
	rc = qtcl_beacon_make(&r, have_prev ? &prev : NULL, s_n, s_next, ts, sources_n, sk, pk, qtcl_beacon_work_area());
	qtcl_wipe(s_next, sizeof(s_next));
	if (rc != QTCL_BEACON_OK)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("making beacon round failed: %s", qtcl_beacon_strerror(rc))));
	qtcl_beacon_encode(&r, enc);
	if (qtcl_sha3_256(enc, sizeof(enc), rhash) != 0)
		elog(ERROR, "SHA3-256 failed");

	args[0] = Int64GetDatum((int64) r.round);
	args[1] = TimestampTzGetDatum(qtcl_unix_ms_to_timestamptz(r.timestamp_ms));
	args[2] = PointerGetDatum(qtcl_bytea_of(r.prev_hash, 32));
	args[3] = PointerGetDatum(qtcl_bytea_of(r.secret, 32));
	args[4] = PointerGetDatum(qtcl_bytea_of(r.commitment, 32));
	args[5] = qtcl_density_datum(QTCL_BEACON_QUBITS, r.rho_re, r.rho_im);
	args[6] = Float8GetDatum(r.metrics.purity);
	args[7] = Float8GetDatum(r.metrics.entropy);
	args[8] = Float8GetDatum(r.metrics.fidelity_w);
	args[9] = Float8GetDatum(r.metrics.l1_coherence);
	args[10] = Int32GetDatum((int32) r.sources);
	args[11] = PointerGetDatum(qtcl_bytea_of(r.output, 32));
	args[12] = PointerGetDatum(qtcl_bytea_of(r.key_id, 32));
	args[13] = qtcl_hlwe_signature_datum(r.signature, QTCL_BEACON_SIG_BYTES);
	args[14] = PointerGetDatum(qtcl_bytea_of(rhash, 32));
	args[15] = PointerGetDatum(qtcl_bytea_of(enc, sizeof(enc)));
	if (SPI_execute_with_args("INSERT INTO qtcl.beacon (round, ts, prev_hash, secret, commitment, density, purity, entropy, "
							  "fidelity_w, l1_coherence, sources, output, key_id, signature, round_hash, bytes) "
							  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
							  16, types, args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "storing the beacon round failed");
	SPI_finish();

	Async_Notify("qtcl_beacon", psprintf(UINT64_FORMAT, r.round));
	PG_RETURN_INT64((int64) r.round);
}

/* Every column of the stored row equal to its field in the decoded bytes? Inside SPI. */
static const char *
columns_match(int64 round, const qtcl_beacon_round *r, const uint8 *enc, size_t enclen)
{
	Oid			types[1] = {INT8OID};
	Datum		args[1] = {Int64GetDatum(round)};
	HeapTuple	t;
	TupleDesc	td;
	bool		isnull;
	uint8		rhash[32];

#define COL(i) SPI_getbinval(t, td, (i), &isnull)
	if (SPI_execute_with_args("SELECT round, ts, prev_hash, secret, commitment, density, purity, entropy, fidelity_w, "
							  "l1_coherence, sources, output, key_id, signature, round_hash FROM qtcl.beacon WHERE round = $1",
							  1, types, args, NULL, true, 1) != SPI_OK_SELECT || SPI_processed != 1)
		return "row not found";
	t = SPI_tuptable->vals[0];
	td = SPI_tuptable->tupdesc;
	if (qtcl_sha3_256(enc, enclen, rhash) != 0)
		elog(ERROR, "SHA3-256 failed");
	if (DatumGetInt64(COL(1)) != (int64) r->round)
		return "round column";
	if (DatumGetTimestampTz(COL(2)) != qtcl_unix_ms_to_timestamptz(r->timestamp_ms))
		return "ts column";
	if (!bytea_is(COL(3), r->prev_hash, 32))
		return "prev_hash column";
	if (!bytea_is(COL(4), r->secret, 32))
		return "secret column";
	if (!bytea_is(COL(5), r->commitment, 32))
		return "commitment column";
	if (!qtcl_density_equals(COL(6), QTCL_BEACON_QUBITS, r->rho_re, r->rho_im))
		return "density column";
	if (DatumGetFloat8(COL(7)) != r->metrics.purity)
		return "purity column";
	if (DatumGetFloat8(COL(8)) != r->metrics.entropy)
		return "entropy column";
	if (DatumGetFloat8(COL(9)) != r->metrics.fidelity_w)
		return "fidelity_w column";
	if (DatumGetFloat8(COL(10)) != r->metrics.l1_coherence)
		return "l1_coherence column";
	if (DatumGetInt32(COL(11)) != (int32) r->sources)
		return "sources column";
	if (!bytea_is(COL(12), r->output, 32))
		return "output column";
	if (!bytea_is(COL(13), r->key_id, 32))
		return "key_id column";
	if (!qtcl_hlwe_signature_equals(COL(14), r->signature, QTCL_BEACON_SIG_BYTES))
		return "signature column";
	if (!bytea_is(COL(15), rhash, 32))
		return "round_hash column";
#undef COL
	return NULL;
}

/* Full verification of decoded round r against what it must link to; the failure reason or NULL. Inside SPI. */
static const char *
verify_round(const qtcl_beacon_round *r)
{
	qtcl_beacon_link link;
	bool		none;
	size_t		ntrusted;
	const uint8 **trusted;
	int			rc;

	if (!link_for((int64) r->round, &link, &none, NULL))
		return "the previous round is neither stored nor the pruning anchor";
	trusted = qtcl_oracle_trusted_keys(&ntrusted);
	rc = qtcl_beacon_verify(r, none ? NULL : &link, trusted, ntrusted, qtcl_beacon_work_area());
	return rc == QTCL_BEACON_OK ? NULL : qtcl_beacon_strerror(rc);
}

PG_FUNCTION_INFO_V1(qtcl_beacon_verify_sql);

Datum
qtcl_beacon_verify_sql(PG_FUNCTION_ARGS)
{
	int64		round = PG_GETARG_INT64(0);
	bytea	   *b;
	qtcl_beacon_round r;
	const char *why = NULL;
	int			rc,
				dm_code;

	qtcl_spi_connect();
	b = stored_bytes(round);
	if (b == NULL)
	{
		SPI_finish();
		PG_RETURN_NULL();
	}
	rc = qtcl_beacon_decode((const uint8 *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), &r, qtcl_beacon_work_area(), &dm_code);
	if (rc != QTCL_BEACON_OK)
		why = qtcl_beacon_strerror(rc);
	else if (r.round != (uint64) round)
		why = "the bytes are of another round";
	if (why == NULL)
		why = columns_match(round, &r, (const uint8 *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
	if (why == NULL)
		why = verify_round(&r);
	SPI_finish();
	if (why)
		ereport(NOTICE, (errmsg("beacon round " INT64_FORMAT " does not verify: %s", round, why)));
	PG_RETURN_BOOL(why == NULL);
}

PG_FUNCTION_INFO_V1(qtcl_beacon_round_bytes);

Datum
qtcl_beacon_round_bytes(PG_FUNCTION_ARGS)
{
	bytea	   *b;

	qtcl_spi_connect();
	b = stored_bytes(PG_GETARG_INT64(0));
	SPI_finish();
	if (b == NULL)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(qtcl_beacon_verify_bytes_sql);

/*
 * Round bytes from anywhere: strict decoding, trusted signature, density
 * matrix, metrics and output; the chain link too when the previous round (or
 * the pruning anchor) is known here, otherwise the link is not judged.
 */
Datum
qtcl_beacon_verify_bytes_sql(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	qtcl_beacon_round r;
	const char *why = NULL;
	int			rc,
				dm_code;

	rc = qtcl_beacon_decode((const uint8 *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b), &r, qtcl_beacon_work_area(), &dm_code);
	if (rc != QTCL_BEACON_OK)
		why = qtcl_beacon_strerror(rc);
	else
	{
		qtcl_beacon_link link;
		bool		none;
		size_t		ntrusted;
		const uint8 **trusted;

		uint8		prev_key[32];

		qtcl_spi_connect();
		trusted = qtcl_oracle_trusted_keys(&ntrusted);
		/*
		 * Whenever this node knows round n-1 (stored, or the pruning anchor),
		 * the link and the commitment reveal are judged against it: a round
		 * from another oracle's chain does not link here and is refused.
		 */
		if (link_for((int64) r.round, &link, &none, prev_key))
			rc = qtcl_beacon_verify(&r, none ? NULL : &link, trusted, ntrusted, qtcl_beacon_work_area());
		else
		{
			/* Round n-1 unknown here: everything but the link and the reveal, which need it. */
			rc = qtcl_beacon_verify_unlinked(&r, trusted, ntrusted, qtcl_beacon_work_area());
		}
		SPI_finish();
		if (rc != QTCL_BEACON_OK)
			why = qtcl_beacon_strerror(rc);
	}
	if (why)
		ereport(NOTICE, (errmsg("beacon round bytes do not verify: %s", why)));
	PG_RETURN_BOOL(why == NULL);
}

PG_FUNCTION_INFO_V1(qtcl_beacon_prune);

Datum
qtcl_beacon_prune(PG_FUNCTION_ARGS)
{
	int64		keep = PG_GETARG_INT64(0);
	int64		newest,
				cutoff,
				deleted = 0;
	bool		isnull;

	if (keep < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("beacon_prune must keep at least the newest round, not %lld", (long long) keep),
				 errdetail("The next round is made from the newest one.")));
	qtcl_spi_connect();
	lock_beacon();
	qtcl_spi_read_latest("SELECT max(round) FROM qtcl.beacon", 0, NULL, NULL);
	newest = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	cutoff = isnull ? 0 : newest - keep;
	if (cutoff >= 1)
	{
		bytea	   *b = stored_bytes_snap(cutoff, true);

		/* Keep what the oldest remaining round links to. */
		if (b != NULL)
		{
			qtcl_beacon_round r;
			qtcl_beacon_link link;
			Oid			types[4] = {INT8OID, INT8OID, BYTEAOID, BYTEAOID};
			Datum		args[4];

			decode_or_raise(b, &r);
			qtcl_beacon_link_of(&r, &link);
			args[0] = Int64GetDatum((int64) link.round);
			args[1] = Int64GetDatum(link.timestamp_ms);
			args[2] = PointerGetDatum(qtcl_bytea_of(link.hash, 32));
			args[3] = PointerGetDatum(qtcl_bytea_of(link.commitment, 32));
			if (SPI_execute_with_args("INSERT INTO qtcl.beacon_anchor (round, ts_ms, round_hash, commitment) "
									  "VALUES ($1, $2, $3, $4) ON CONFLICT (only_row) DO UPDATE SET round = $1, "
									  "ts_ms = $2, round_hash = $3, commitment = $4 "
									  "WHERE qtcl.beacon_anchor.round < EXCLUDED.round",
									  4, types, args, NULL, false, 0) != SPI_OK_INSERT)
				elog(ERROR, "updating qtcl.beacon_anchor failed");
		}
		{
			Oid			types[1] = {INT8OID};
			Datum		args[1] = {Int64GetDatum(cutoff)};

			/* Rounds that blocks build on stay (blocks also carry their bytes). */
			if (SPI_execute_with_args("DELETE FROM qtcl.beacon WHERE round <= $1 AND round NOT IN "
									  "(SELECT beacon_round FROM qtcl.blocks WHERE beacon_round <= $1)",
									  1, types, args, NULL, false, 0) != SPI_OK_DELETE)
				elog(ERROR, "pruning qtcl.beacon failed");
			deleted = (int64) SPI_processed;
		}
	}
	SPI_finish();
	PG_RETURN_INT64(deleted);
}

PG_FUNCTION_INFO_V1(qtcl_beacon_measure_sql);

Datum
qtcl_beacon_measure_sql(PG_FUNCTION_ARGS)
{
	int64		round = PG_GETARG_INT64(0);
	int32		shots = PG_GETARG_INT32(1);
	bytea	   *b;
	qtcl_beacon_round r;
	uint8	   *outcomes;
	Datum	   *d;
	int			i,
				rc;

	if (shots < 0 || shots > QTCL_BEACON_MAX_SHOTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shots must be between 0 and %d, not %d", QTCL_BEACON_MAX_SHOTS, shots)));
	qtcl_spi_connect();
	b = stored_bytes(round);
	SPI_finish();
	if (b == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("beacon round " INT64_FORMAT " is not stored", round)));
	decode_or_raise(b, &r);
	outcomes = palloc(Max(shots, 1));
	rc = qtcl_beacon_measure(&r, (uint32) shots, outcomes);
	if (rc != QTCL_BEACON_OK)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("beacon measurement failed: %s", qtcl_beacon_strerror(rc))));
	d = palloc(sizeof(Datum) * Max(shots, 1));
	for (i = 0; i < shots; i++)
		d[i] = Int32GetDatum(outcomes[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, shots, INT4OID, 4, true, TYPALIGN_INT));
}
