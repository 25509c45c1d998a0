/*
 * address_sql.c: the qtcl.hyper_addr type and the {8,3} tiling functions over
 * the pure core in src/addr/ (address.c, tiling.c).
 *
 * Storage: the 32-byte address hash h = SHA3-256(public key), fixed length.
 * Text form: "qtcl1" + 58 bech32m characters (63 in all), lower case.
 * Binary form: the 32 bytes of h.
 * Ordering (btree): the bytes of h; equality and hashing likewise.
 *
 * The tile table is built once per process, on first use (tiling_init).
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/geo_decls.h"

#include "addr/address.h"
#include "addr/tiling.h"
#include "pg/errors.h"

typedef struct HyperAddr
{
	uint8		h[QTCL_ADDR_HASH_BYTES];
} HyperAddr;

#define PG_GETARG_HYPERADDR(n) ((const HyperAddr *) PG_GETARG_POINTER(n))

static HyperAddr *
addr_new(const uint8 *h)
{
	HyperAddr  *a = palloc(sizeof(HyperAddr));

	memcpy(a->h, h, QTCL_ADDR_HASH_BYTES);
	return a;
}

PG_FUNCTION_INFO_V1(hyper_addr_in);

Datum
hyper_addr_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);
	uint8		h[QTCL_ADDR_HASH_BYTES];
	int			rc = qtcl_addr_decode(s, strlen(s), h);

	if (rc != QTCL_ADDR_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("%s", qtcl_addr_strerror(rc)),
				 errdetail("A qtcl address is \"qtcl1\" followed by 58 bech32m characters (63 in all), in one case."),
				 rc == QTCL_ADDR_ERR_CHECKSUM ? errhint("Check the address for a typing error.") : 0));
	PG_RETURN_POINTER(addr_new(h));
}

PG_FUNCTION_INFO_V1(hyper_addr_out);

Datum
hyper_addr_out(PG_FUNCTION_ARGS)
{
	const HyperAddr *a = PG_GETARG_HYPERADDR(0);
	char	   *out = palloc(QTCL_ADDR_TEXT_SIZE);

	qtcl_addr_encode(a->h, out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(hyper_addr_recv);

Datum
hyper_addr_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;

	if (len != QTCL_ADDR_HASH_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary hyper_addr: %d bytes, expected 32", len)));
	PG_RETURN_POINTER(addr_new((const uint8 *) pq_getmsgbytes(buf, len)));
}

PG_FUNCTION_INFO_V1(hyper_addr_send);

Datum
hyper_addr_send(PG_FUNCTION_ARGS)
{
	const HyperAddr *a = PG_GETARG_HYPERADDR(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) a->h, QTCL_ADDR_HASH_BYTES);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(hyper_addr_from_pubkey);

/* hyper_addr(public_key bytea): the address of a public key, SHA3-256 of its bytes. */
Datum
hyper_addr_from_pubkey(PG_FUNCTION_ARGS)
{
	bytea	   *pk = PG_GETARG_BYTEA_PP(0);
	uint8		h[QTCL_ADDR_HASH_BYTES];

	if (VARSIZE_ANY_EXHDR(pk) == 0)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
				 errmsg("an address needs a public key, not an empty byte string")));
	if (qtcl_addr_from_pubkey(VARDATA_ANY(pk), VARSIZE_ANY_EXHDR(pk), h) != QTCL_ADDR_OK)
		qtcl_crypto_failure("SHA3-256");
	PG_RETURN_POINTER(addr_new(h));
}

PG_FUNCTION_INFO_V1(hyper_addr_from_hash);

Datum
hyper_addr_from_hash(PG_FUNCTION_ARGS)
{
	bytea	   *h = PG_GETARG_BYTEA_PP(0);

	if (VARSIZE_ANY_EXHDR(h) != QTCL_ADDR_HASH_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH),
				 errmsg("an address hash is 32 bytes, not %zu", (size_t) VARSIZE_ANY_EXHDR(h))));
	PG_RETURN_POINTER(addr_new((const uint8 *) VARDATA_ANY(h)));
}

PG_FUNCTION_INFO_V1(hyper_addr_hash_bytes);

/* addr_hash(hyper_addr): the 32-byte hash. */
Datum
hyper_addr_hash_bytes(PG_FUNCTION_ARGS)
{
	const HyperAddr *a = PG_GETARG_HYPERADDR(0);
	bytea	   *b = palloc(VARHDRSZ + QTCL_ADDR_HASH_BYTES);

	SET_VARSIZE(b, VARHDRSZ + QTCL_ADDR_HASH_BYTES);
	memcpy(VARDATA(b), a->h, QTCL_ADDR_HASH_BYTES);
	PG_RETURN_BYTEA_P(b);
}

PG_FUNCTION_INFO_V1(hyper_addr_pseudoqubit);

Datum
hyper_addr_pseudoqubit(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(qtcl_addr_pseudoqubit(PG_GETARG_HYPERADDR(0)->h));
}

/* ---- comparison: byte order of h ---- */

static int
addr_cmp(FunctionCallInfo fcinfo)
{
	return memcmp(PG_GETARG_HYPERADDR(0)->h, PG_GETARG_HYPERADDR(1)->h, QTCL_ADDR_HASH_BYTES);
}

#define ADDR_CMP_FN(name, expr) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	int			c = addr_cmp(fcinfo); \
	expr; \
}

ADDR_CMP_FN(hyper_addr_cmp, PG_RETURN_INT32(c < 0 ? -1 : (c > 0 ? 1 : 0)))
ADDR_CMP_FN(hyper_addr_eq, PG_RETURN_BOOL(c == 0))
ADDR_CMP_FN(hyper_addr_ne, PG_RETURN_BOOL(c != 0))
ADDR_CMP_FN(hyper_addr_lt, PG_RETURN_BOOL(c < 0))
ADDR_CMP_FN(hyper_addr_le, PG_RETURN_BOOL(c <= 0))
ADDR_CMP_FN(hyper_addr_gt, PG_RETURN_BOOL(c > 0))
ADDR_CMP_FN(hyper_addr_ge, PG_RETURN_BOOL(c >= 0))

PG_FUNCTION_INFO_V1(hyper_addr_hash);

Datum
hyper_addr_hash(PG_FUNCTION_ARGS)
{
	return hash_any(PG_GETARG_HYPERADDR(0)->h, QTCL_ADDR_HASH_BYTES);
}

PG_FUNCTION_INFO_V1(hyper_addr_hash_extended);

Datum
hyper_addr_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended(PG_GETARG_HYPERADDR(0)->h, QTCL_ADDR_HASH_BYTES, PG_GETARG_INT64(1));
}

/* ---- the tiling ---- */

static void
tiling_ready(void)
{
	int			rc = tiling_init();

	if (rc != TILING_OK)
		elog(ERROR, "could not build the {8,3} tile table: %s", tiling_strerror(rc));
}

/* Tile indices from SQL are pseudoqubit indices: 0 .. 106495. */
static int32
tile_arg(int32 idx, const char *what)
{
	if (idx < 0 || idx >= QTCL_TILING_ADDRESS_TILES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %d is out of range", what, idx),
				 errdetail("Tile indices run from 0 to %d (the pseudoqubit address space).",
						   QTCL_TILING_ADDRESS_TILES - 1)));
	return idx;
}

static void
tiling_check(int rc)
{
	if (rc != TILING_OK)
		elog(ERROR, "tiling: %s", tiling_strerror(rc));
}

PG_FUNCTION_INFO_V1(qtcl_tile);

/* tile(index int4) RETURNS TABLE(ring int4, pos int4, x float8, y float8) */
Datum
qtcl_tile(PG_FUNCTION_ARGS)
{
	int32		idx = tile_arg(PG_GETARG_INT32(0), "tile index");
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};
	int			ring;
	int32		pos;
	double		x,
				y;

	tiling_ready();
	tiling_check(tiling_tile(idx, &ring, &pos, &x, &y));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "tile must be declared to return a row");
	tupdesc = BlessTupleDesc(tupdesc);
	values[0] = Int32GetDatum(ring);
	values[1] = Int32GetDatum(pos);
	values[2] = Float8GetDatum(x);
	values[3] = Float8GetDatum(y);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

static double
distance_of(int32 i, int32 j)
{
	double		d;

	tiling_ready();
	tiling_check(tiling_distance(i, j, &d));
	return d;
}

static int32
hops_of(int32 i, int32 j)
{
	int32		h;

	tiling_ready();
	tiling_check(tiling_hops(i, j, &h));
	return h;
}

PG_FUNCTION_INFO_V1(qtcl_tile_distance);

Datum
qtcl_tile_distance(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(distance_of(tile_arg(PG_GETARG_INT32(0), "tile index"),
								 tile_arg(PG_GETARG_INT32(1), "tile index")));
}

PG_FUNCTION_INFO_V1(qtcl_tile_hops);

Datum
qtcl_tile_hops(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(hops_of(tile_arg(PG_GETARG_INT32(0), "tile index"),
							tile_arg(PG_GETARG_INT32(1), "tile index")));
}

PG_FUNCTION_INFO_V1(hyper_addr_distance);

/* hyper_addr <-> hyper_addr: hyperbolic distance between the addresses' tile centres. */
Datum
hyper_addr_distance(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(distance_of(qtcl_addr_pseudoqubit(PG_GETARG_HYPERADDR(0)->h),
								 qtcl_addr_pseudoqubit(PG_GETARG_HYPERADDR(1)->h)));
}

PG_FUNCTION_INFO_V1(hyper_addr_hops);

Datum
hyper_addr_hops(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(hops_of(qtcl_addr_pseudoqubit(PG_GETARG_HYPERADDR(0)->h),
							qtcl_addr_pseudoqubit(PG_GETARG_HYPERADDR(1)->h)));
}

PG_FUNCTION_INFO_V1(hyper_addr_point);

/* hyper_point(hyper_addr): the tile centre in the Poincare disk. */
Datum
hyper_addr_point(PG_FUNCTION_ARGS)
{
	Point	   *p = palloc(sizeof(Point));

	tiling_ready();
	tiling_check(tiling_tile(qtcl_addr_pseudoqubit(PG_GETARG_HYPERADDR(0)->h), NULL, NULL, &p->x, &p->y));
	PG_RETURN_POINT_P(p);
}
