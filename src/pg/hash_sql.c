/*
 * hash_sql.c: SQL functions over the SHA3 core (src/crypto/sha3.c).
 *
 *   qtcl.sha3_256(bytea) -> bytea (32 bytes)
 *   qtcl.shake256(bytea, outlen int4) -> bytea (outlen bytes, 0..QTCL_SHAKE_MAX_OUT)
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "crypto/sha3.h"
#include "pg/errors.h"

/* Large enough for any use here, small enough that a typo cannot ask for a gigabyte. */
#define QTCL_SHAKE_MAX_OUT (16 * 1024 * 1024)

PG_FUNCTION_INFO_V1(qtcl_sha3_256_sql);

Datum
qtcl_sha3_256_sql(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	bytea	   *out = palloc(VARHDRSZ + QTCL_SHA3_256_BYTES);

	SET_VARSIZE(out, VARHDRSZ + QTCL_SHA3_256_BYTES);
	if (qtcl_sha3_256(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), (uint8_t *) VARDATA(out)) != 0)
		qtcl_crypto_failure("SHA3-256");
	PG_FREE_IF_COPY(in, 0);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(qtcl_shake256_sql);

Datum
qtcl_shake256_sql(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	int32		outlen = PG_GETARG_INT32(1);
	bytea	   *out;

	if (outlen < 0 || outlen > QTCL_SHAKE_MAX_OUT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("SHAKE256 output length must be between 0 and %d bytes, not %d",
						QTCL_SHAKE_MAX_OUT, outlen)));
	out = palloc(VARHDRSZ + outlen);
	SET_VARSIZE(out, VARHDRSZ + outlen);
	if (qtcl_shake256(VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), (uint8_t *) VARDATA(out), outlen) != 0)
		qtcl_crypto_failure("SHAKE256");
	PG_FREE_IF_COPY(in, 0);
	PG_RETURN_BYTEA_P(out);
}
