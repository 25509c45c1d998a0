/*
 * signature_sql.c: the qtcl.hlwe_signature type and the ML-DSA SQL functions
 * over the pure core in src/crypto/mldsa/.
 *
 * Storage: varlena [header][1 byte parameter set][FIPS 204 signature bytes].
 * The type guarantees a known parameter set and the exact length for it; it
 * does not judge the contents (malformed hints, z out of range): that is
 * verification's job, which answers false for them instead of raising, so
 * that every invalid signature behaves alike in hlwe_verify.
 *
 * Text form:   ml-dsa-65:<hex of the 3309 signature bytes>   (lower-case hex
 *              on output; either case accepted on input)
 * Binary form: the FIPS 204 signature bytes alone; the parameter set follows
 *              from the length (2420 / 3309 / 4627), as for the bytea cast.
 */
#include "postgres.h"

#include "access/hash.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "port.h"
#include "utils/builtins.h"

#include "crypto/mldsa.h"
#include "crypto/sha3.h"
#include "pg/errors.h"
#include "pg/types.h"

typedef struct HlweSignature
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		level;			/* mldsa_level */
	uint8		sig[FLEXIBLE_ARRAY_MEMBER];
} HlweSignature;

#define HLWE_HDRSZ offsetof(HlweSignature, sig)
#define DatumGetHlweSignatureP(d) ((HlweSignature *) PG_DETOAST_DATUM(d))
#define PG_GETARG_HLWE_P(n) DatumGetHlweSignatureP(PG_GETARG_DATUM(n))

static const char *const valid_sig_lengths = "2420 (ml-dsa-44), 3309 (ml-dsa-65) or 4627 (ml-dsa-87)";

static inline size_t
hlwe_sig_len(const HlweSignature *s)
{
	return VARSIZE(s) - HLWE_HDRSZ;
}

/* Builds the type from raw signature bytes; the length must name a parameter set. */
static HlweSignature *
hlwe_from_bytes(const uint8 *bytes, size_t len)
{
	int			level = mldsa_level_by_sig_len(len);
	HlweSignature *s;

	if (level < 0)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
				 errmsg("invalid ML-DSA signature length: %zu bytes", len),
				 errdetail("An hlwe_signature is %s bytes long.", valid_sig_lengths)));
	s = palloc(HLWE_HDRSZ + len);
	SET_VARSIZE(s, HLWE_HDRSZ + len);
	s->level = (uint8) level;
	memcpy(s->sig, bytes, len);
	return s;
}

/*
 * Hex digit values, 0xff for anything else. A table, not comparisons: a
 * signature is 6,618 digits that are letters or numbers at random, and
 * branching on which costs a misprediction every few digits.
 */
static uint8 hexval[256];

static void
init_hexval(void)
{
	int			c;

	if (hexval[0] == 0xff)
		return;
	memset(hexval, 0xff, sizeof hexval);
	for (c = 0; c < 10; c++)
		hexval['0' + c] = (uint8) c;
	for (c = 0; c < 6; c++)
		hexval['a' + c] = hexval['A' + c] = (uint8) (10 + c);
}

PG_FUNCTION_INFO_V1(hlwe_signature_in);

Datum
hlwe_signature_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *colon = strchr(str, ':');
	char		name[16];
	int			level;
	const mldsa_params *p;
	const char *hex;
	size_t		hexlen,
				i;
	uint8	   *bytes;
	HlweSignature *s;

	if (colon == NULL || colon - str >= (ptrdiff_t) sizeof(name))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type hlwe_signature"),
				 errdetail("Expected \"ml-dsa-44:\", \"ml-dsa-65:\" or \"ml-dsa-87:\" followed by the signature in hex.")));
	memcpy(name, str, colon - str);
	name[colon - str] = '\0';
	level = mldsa_level_by_name(name);
	if (level < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type hlwe_signature: unknown parameter set \"%s\"", name),
				 errdetail("Expected ml-dsa-44, ml-dsa-65 or ml-dsa-87.")));
	p = mldsa_params_get(level);
	hex = colon + 1;
	hexlen = strlen(hex);
	if (hexlen != 2 * p->sig_bytes)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
				 errmsg("invalid %s signature length: %zu hex digits", p->name, hexlen),
				 errdetail("An %s signature is %zu bytes, %zu hex digits.", p->name, p->sig_bytes, 2 * p->sig_bytes)));
	bytes = palloc(p->sig_bytes);
	init_hexval();
	for (i = 0; i < p->sig_bytes; i++)
	{
		uint8		hi = hexval[(unsigned char) hex[2 * i]],
					lo = hexval[(unsigned char) hex[2 * i + 1]];

		if ((hi | lo) & 0xf0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type hlwe_signature: invalid hex digit at position %zu",
							(size_t) (hex - str) + 2 * i + (hi == 0xff ? 1 : 2))));
		bytes[i] = (uint8) (hi << 4 | lo);
	}
	s = hlwe_from_bytes(bytes, p->sig_bytes);
	pfree(bytes);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(hlwe_signature_out);

Datum
hlwe_signature_out(PG_FUNCTION_ARGS)
{
	HlweSignature *s = PG_GETARG_HLWE_P(0);
	const mldsa_params *p = mldsa_params_get(s->level);
	size_t		len = hlwe_sig_len(s);
	size_t		namelen;
	char	   *out;

	if (p == NULL || len != p->sig_bytes)
		elog(ERROR, "corrupt hlwe_signature: parameter set %d, %zu bytes", s->level, len);
	namelen = strlen(p->name);
	out = palloc(namelen + 1 + 2 * len + 1);
	memcpy(out, p->name, namelen);
	out[namelen] = ':';
	hex_encode((const char *) s->sig, len, out + namelen + 1);
	out[namelen + 1 + 2 * len] = '\0';
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(hlwe_signature_recv);

Datum
hlwe_signature_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	HlweSignature *s;

	s = hlwe_from_bytes((const uint8 *) buf->data + buf->cursor, len);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(hlwe_signature_send);

Datum
hlwe_signature_send(PG_FUNCTION_ARGS)
{
	HlweSignature *s = PG_GETARG_HLWE_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) s->sig, hlwe_sig_len(s));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(hlwe_signature_from_bytea);

Datum
hlwe_signature_from_bytea(PG_FUNCTION_ARGS)
{
	bytea	   *b = PG_GETARG_BYTEA_PP(0);

	PG_RETURN_POINTER(hlwe_from_bytes((const uint8 *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b)));
}

PG_FUNCTION_INFO_V1(hlwe_signature_to_bytea);

Datum
hlwe_signature_to_bytea(PG_FUNCTION_ARGS)
{
	HlweSignature *s = PG_GETARG_HLWE_P(0);
	size_t		len = hlwe_sig_len(s);
	bytea	   *b = palloc(VARHDRSZ + len);

	SET_VARSIZE(b, VARHDRSZ + len);
	memcpy(VARDATA(b), s->sig, len);
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(hlwe_signature_eq);

Datum
hlwe_signature_eq(PG_FUNCTION_ARGS)
{
	HlweSignature *a = PG_GETARG_HLWE_P(0);
	HlweSignature *b = PG_GETARG_HLWE_P(1);

	PG_RETURN_BOOL(VARSIZE(a) == VARSIZE(b) && a->level == b->level &&
				   memcmp(a->sig, b->sig, hlwe_sig_len(a)) == 0);
}

PG_FUNCTION_INFO_V1(hlwe_signature_ne);

Datum
hlwe_signature_ne(PG_FUNCTION_ARGS)
{
	return BoolGetDatum(!DatumGetBool(hlwe_signature_eq(fcinfo)));
}

/* Ordering for btree (unique indexes, sorting): parameter set first, then the bytes. */
static int
hlwe_signature_cmp_internal(const HlweSignature *a, const HlweSignature *b)
{
	size_t		la = hlwe_sig_len(a),
				lb = hlwe_sig_len(b);
	int			c;

	if (a->level != b->level)
		return a->level < b->level ? -1 : 1;
	c = memcmp(a->sig, b->sig, Min(la, lb));
	if (c != 0)
		return c < 0 ? -1 : 1;
	return la == lb ? 0 : (la < lb ? -1 : 1);
}

#define HLWE_CMP_FN(name, expr) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	int			c = hlwe_signature_cmp_internal(PG_GETARG_HLWE_P(0), PG_GETARG_HLWE_P(1)); \
	expr; \
}

HLWE_CMP_FN(hlwe_signature_cmp, PG_RETURN_INT32(c))
HLWE_CMP_FN(hlwe_signature_lt, PG_RETURN_BOOL(c < 0))
HLWE_CMP_FN(hlwe_signature_le, PG_RETURN_BOOL(c <= 0))
HLWE_CMP_FN(hlwe_signature_gt, PG_RETURN_BOOL(c > 0))
HLWE_CMP_FN(hlwe_signature_ge, PG_RETURN_BOOL(c >= 0))

PG_FUNCTION_INFO_V1(hlwe_signature_hash);

Datum
hlwe_signature_hash(PG_FUNCTION_ARGS)
{
	HlweSignature *s = PG_GETARG_HLWE_P(0);

	/* The level follows from the length, so hashing the bytes is enough. */
	return hash_any(s->sig, hlwe_sig_len(s));
}

PG_FUNCTION_INFO_V1(hlwe_params_sql);

Datum
hlwe_params_sql(PG_FUNCTION_ARGS)
{
	HlweSignature *s = PG_GETARG_HLWE_P(0);

	PG_RETURN_TEXT_P(cstring_to_text(mldsa_params_get(s->level)->name));
}

/* ---- keys and contexts passed as bytea ---- */

static mldsa_level
level_of_key(bytea *key, bool secret)
{
	size_t		len = VARSIZE_ANY_EXHDR(key);
	int			level = secret ? mldsa_level_by_sk_len(len) : mldsa_level_by_pk_len(len);

	if (level < 0)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
				 errmsg("invalid ML-DSA %s key length: %zu bytes", secret ? "secret" : "public", len),
				 errdetail(secret
						   ? "An ML-DSA secret key (FIPS 204 skEncode) is 2560 (ml-dsa-44), 4032 (ml-dsa-65) or 4896 (ml-dsa-87) bytes."
						   : "An ML-DSA public key (FIPS 204 pkEncode) is 1312 (ml-dsa-44), 1952 (ml-dsa-65) or 2592 (ml-dsa-87) bytes.")));
	return (mldsa_level) level;
}

static void
check_context(bytea *ctx)
{
	size_t		len = VARSIZE_ANY_EXHDR(ctx);

	if (len > MLDSA_MAX_CTX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ML-DSA context is %zu bytes, at most 255 are allowed", len)));
}

static void
fill_random(uint8 *buf, size_t len)
{
	if (!pg_strong_random(buf, len))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not obtain random bytes from the operating system")));
}

PG_FUNCTION_INFO_V1(hlwe_keygen_sql);

/*
 * hlwe_keygen(seed bytea DEFAULT NULL, params text DEFAULT 'ml-dsa-65')
 *   RETURNS TABLE(public_key bytea, secret_key bytea)
 * Not STRICT on purpose: a NULL seed means "draw xi from the OS".
 */
Datum
hlwe_keygen_sql(PG_FUNCTION_ARGS)
{
	uint8		xi[MLDSA_SEED_BYTES];
	uint8		pk[MLDSA_MAX_PK_BYTES];
	uint8		sk[MLDSA_MAX_SK_BYTES];
	char	   *name;
	int			level;
	const mldsa_params *p;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};
	bytea	   *pkb,
			   *skb;
	mldsa_status st;

	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("ML-DSA parameter set must not be NULL"),
				 errhint("Use 'ml-dsa-44', 'ml-dsa-65' or 'ml-dsa-87'.")));
	name = text_to_cstring(PG_GETARG_TEXT_PP(1));
	level = mldsa_level_by_name(name);
	if (level < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown ML-DSA parameter set \"%s\"", name),
				 errhint("Use 'ml-dsa-44', 'ml-dsa-65' or 'ml-dsa-87'.")));
	p = mldsa_params_get(level);

	if (PG_ARGISNULL(0))
		fill_random(xi, sizeof(xi));
	else
	{
		bytea	   *seed = PG_GETARG_BYTEA_PP(0);

		if (VARSIZE_ANY_EXHDR(seed) != MLDSA_SEED_BYTES)
			ereport(ERROR,
					(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
					 errmsg("ML-DSA key generation seed must be 32 bytes, not %zu", VARSIZE_ANY_EXHDR(seed))));
		memcpy(xi, VARDATA_ANY(seed), MLDSA_SEED_BYTES);
	}

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "hlwe_keygen must be declared to return a row");
	tupdesc = BlessTupleDesc(tupdesc);

	st = mldsa_keygen_internal(level, xi, pk, sk);
	qtcl_wipe(xi, sizeof(xi));
	if (st != MLDSA_OK)
	{
		qtcl_wipe(sk, sizeof(sk));
		qtcl_crypto_failure("ML-DSA key generation");
	}
	pkb = palloc(VARHDRSZ + p->pk_bytes);
	SET_VARSIZE(pkb, VARHDRSZ + p->pk_bytes);
	memcpy(VARDATA(pkb), pk, p->pk_bytes);
	skb = palloc(VARHDRSZ + p->sk_bytes);
	SET_VARSIZE(skb, VARHDRSZ + p->sk_bytes);
	memcpy(VARDATA(skb), sk, p->sk_bytes);
	qtcl_wipe(sk, sizeof(sk));

	values[0] = PointerGetDatum(pkb);
	values[1] = PointerGetDatum(skb);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

PG_FUNCTION_INFO_V1(hlwe_sign_sql);

/* hlwe_sign(secret_key bytea, message bytea, context bytea DEFAULT '', deterministic boolean DEFAULT false) */
Datum
hlwe_sign_sql(PG_FUNCTION_ARGS)
{
	bytea	   *sk = PG_GETARG_BYTEA_PP(0);
	bytea	   *msg = PG_GETARG_BYTEA_PP(1);
	bytea	   *ctx = PG_GETARG_BYTEA_PP(2);
	bool		deterministic = PG_GETARG_BOOL(3);
	mldsa_level level = level_of_key(sk, true);
	const mldsa_params *p = mldsa_params_get(level);
	uint8		rnd[MLDSA_RND_BYTES];
	HlweSignature *s;
	mldsa_status st;

	check_context(ctx);
	if (deterministic)
		memset(rnd, 0, sizeof(rnd));
	else
		fill_random(rnd, sizeof(rnd));	/* hedged signing (FIPS 204 default) */

	s = palloc(HLWE_HDRSZ + p->sig_bytes);
	SET_VARSIZE(s, HLWE_HDRSZ + p->sig_bytes);
	s->level = (uint8) level;
	st = mldsa_sign(level, (const uint8 *) VARDATA_ANY(sk),
					(const uint8 *) VARDATA_ANY(msg), VARSIZE_ANY_EXHDR(msg),
					(const uint8 *) VARDATA_ANY(ctx), VARSIZE_ANY_EXHDR(ctx),
					rnd, s->sig);
	qtcl_wipe(rnd, sizeof(rnd));
	if (st == MLDSA_ERR_BAD_KEY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s secret key: its coefficients are out of range", p->name),
				 errdetail("The key does not decode as FIPS 204 skEncode output.")));
	if (st != MLDSA_OK)
		qtcl_crypto_failure("ML-DSA signing");
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(hlwe_verify_sql);

/* hlwe_verify(public_key bytea, message bytea, signature hlwe_signature, context bytea DEFAULT '') */
Datum
hlwe_verify_sql(PG_FUNCTION_ARGS)
{
	bytea	   *pk = PG_GETARG_BYTEA_PP(0);
	bytea	   *msg = PG_GETARG_BYTEA_PP(1);
	HlweSignature *s = PG_GETARG_HLWE_P(2);
	bytea	   *ctx = PG_GETARG_BYTEA_PP(3);
	mldsa_level level = level_of_key(pk, false);

	check_context(ctx);
	/* A signature of another parameter set is simply not valid for this key. */
	if (s->level != level)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(mldsa_verify(level,
								(const uint8 *) VARDATA_ANY(pk), VARSIZE_ANY_EXHDR(pk),
								(const uint8 *) VARDATA_ANY(msg), VARSIZE_ANY_EXHDR(msg),
								(const uint8 *) VARDATA_ANY(ctx), VARSIZE_ANY_EXHDR(ctx),
								s->sig, hlwe_sig_len(s)) == 1);
}

PG_FUNCTION_INFO_V1(hlwe_public_key_sql);

/* hlwe_public_key(secret_key bytea) RETURNS bytea: the public key of an expanded secret key. */
Datum
hlwe_public_key_sql(PG_FUNCTION_ARGS)
{
	bytea	   *sk = PG_GETARG_BYTEA_PP(0);
	mldsa_level level = level_of_key(sk, true);
	const mldsa_params *p = mldsa_params_get(level);
	bytea	   *pk = palloc(VARHDRSZ + p->pk_bytes);
	mldsa_status st;

	SET_VARSIZE(pk, VARHDRSZ + p->pk_bytes);
	st = mldsa_pk_from_sk(level, (const uint8 *) VARDATA_ANY(sk), (uint8 *) VARDATA(pk));
	if (st == MLDSA_ERR_BAD_KEY)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s secret key: it does not decode or is inconsistent", p->name)));
	if (st != MLDSA_OK)
		qtcl_crypto_failure("ML-DSA public key derivation");
	PG_RETURN_BYTEA_P(pk);
}

Datum
qtcl_hlwe_signature_datum(const uint8 *sig, size_t len)
{
	return PointerGetDatum(hlwe_from_bytes(sig, len));
}

bool
qtcl_hlwe_signature_equals(Datum d, const uint8 *sig, size_t len)
{
	HlweSignature *s = DatumGetHlweSignatureP(d);

	return hlwe_sig_len(s) == len && memcmp(s->sig, sig, len) == 0;
}

size_t
qtcl_hlwe_signature_bytes(Datum d, const uint8 **bytes)
{
	HlweSignature *s = DatumGetHlweSignatureP(d);

	*bytes = s->sig;
	return hlwe_sig_len(s);
}
