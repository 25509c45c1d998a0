/*
 * density_sql.c: the qtcl.density_matrix type and its functions over the pure
 * core in src/quantum/ (density.c, eigen.c).
 *
 * Storage: varlena [header][int32 n][4^n real parts][4^n imaginary parts],
 * doubles, row-major, exactly as validated (no renormalisation), so every form
 * round-trips bit for bit. Text form: {"n": N, "re": [...], "im": [...]}
 * (density.h). Binary form: one byte n, then the real and imaginary parts as
 * big-endian IEEE-754 doubles.
 *
 * The core works on a fixed 64 KB struct plus a 200 KB work area; both are
 * kept per process in TopMemoryContext rather than allocated per call.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "pg/types.h"
#include "quantum/density.h"

typedef struct DensityMatrix
{
	int32		vl_len_;
	int32		n;
	double		v[FLEXIBLE_ARRAY_MEMBER];	/* 4^n re, then 4^n im */
} DensityMatrix;

#define DM_ENTRIES(n) ((size_t) 1 << (2 * (n)))
#define DM_SIZE(n) (offsetof(DensityMatrix, v) + 2 * DM_ENTRIES(n) * sizeof(double))
#define PG_GETARG_DM_P(i) ((DensityMatrix *) PG_DETOAST_DATUM(PG_GETARG_DATUM(i)))

/* Per-process scratch: three states (two inputs, one output) and the work area. */
static qtcl_dm *scratch_dm[3];
static qtcl_dm_work *scratch_work;

static qtcl_dm *
dm_slot(int i)
{
	if (scratch_dm[i] == NULL)
		scratch_dm[i] = MemoryContextAlloc(TopMemoryContext, sizeof(qtcl_dm));
	return scratch_dm[i];
}

static qtcl_dm_work *
dm_work(void)
{
	if (scratch_work == NULL)
		scratch_work = MemoryContextAlloc(TopMemoryContext, sizeof(qtcl_dm_work));
	return scratch_work;
}

/* Raise the error of a core code, with the measured quantity when there is one. */
static void
dm_raise(int rc, double detail)
{
	int			cls = qtcl_dm_error_class(rc);
	int			sqlstate = cls == QTCL_DM_CLASS_SYNTAX ? ERRCODE_INVALID_TEXT_REPRESENTATION :
		cls == QTCL_DM_CLASS_INTERNAL ? ERRCODE_INTERNAL_ERROR : ERRCODE_INVALID_PARAMETER_VALUE;

	switch (rc)
	{
		case QTCL_DM_ERR_NOT_HERMITIAN:
			ereport(ERROR, (errcode(sqlstate), errmsg("%s", qtcl_dm_strerror(rc)),
							errdetail("max |rho_ij - conj(rho_ji)| = %.3g", detail)));
			break;
		case QTCL_DM_ERR_TRACE:
			ereport(ERROR, (errcode(sqlstate), errmsg("%s", qtcl_dm_strerror(rc)),
							errdetail("The trace is %.17g.", detail)));
			break;
		case QTCL_DM_ERR_NEGATIVE:
			ereport(ERROR, (errcode(sqlstate), errmsg("%s", qtcl_dm_strerror(rc)),
							errdetail("The smallest eigenvalue is %.3g.", detail)));
			break;
		default:
			ereport(ERROR, (errcode(sqlstate), errmsg("%s", qtcl_dm_strerror(rc))));
	}
}

static void
dm_check(int rc)
{
	if (rc != QTCL_DM_OK)
		dm_raise(rc, 0);
}

/* As dm_check, for operations taking qubit indices of an n-qubit state. */
static void
dm_check_qubits(int rc, int n)
{
	if (rc == QTCL_DM_ERR_QUBIT_RANGE)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("%s", qtcl_dm_strerror(rc)),
						errdetail("The qubits of a %d-qubit state are numbered 0 to %d.", n, n - 1)));
	dm_check(rc);
}

/* varlena -> core struct (no validation: stored values were validated on the way in). */
static qtcl_dm *
dm_unpack(const DensityMatrix *d, int slot)
{
	qtcl_dm    *m = dm_slot(slot);
	size_t		e;

	if (d->n < 1 || d->n > QTCL_DM_MAX_QUBITS || VARSIZE(d) != DM_SIZE(d->n))
		elog(ERROR, "corrupt density_matrix value");
	e = DM_ENTRIES(d->n);
	m->n = d->n;
	m->dim = 1 << d->n;
	memcpy(m->re, d->v, e * sizeof(double));
	memcpy(m->im, d->v + e, e * sizeof(double));
	return m;
}

static DensityMatrix *
dm_pack(const qtcl_dm *m)
{
	return (DensityMatrix *) DatumGetPointer(qtcl_density_datum(m->n, m->re, m->im));
}

PG_FUNCTION_INFO_V1(density_matrix_in);

Datum
density_matrix_in(PG_FUNCTION_ARGS)
{
	const char *s = PG_GETARG_CSTRING(0);
	qtcl_dm    *m = dm_slot(0);
	double		detail = 0;
	int			rc = qtcl_dm_parse(s, strlen(s), m, dm_work(), &detail);

	if (rc != QTCL_DM_OK)
		dm_raise(rc, detail);
	PG_RETURN_POINTER(dm_pack(m));
}

PG_FUNCTION_INFO_V1(density_matrix_out);

Datum
density_matrix_out(PG_FUNCTION_ARGS)
{
	qtcl_dm    *m = dm_unpack(PG_GETARG_DM_P(0), 0);
	size_t		cap = qtcl_dm_text_max(m->n) + 1;
	char	   *buf = palloc(cap);

	if (qtcl_dm_format(m, buf, cap) >= cap)
		elog(ERROR, "density_matrix text form longer than its bound");
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(density_matrix_recv);

Datum
density_matrix_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	qtcl_dm    *m = dm_slot(0);
	double		detail = 0;
	int			rc;

	rc = qtcl_dm_from_binary((const uint8 *) pq_getmsgbytes(buf, len), len, m, dm_work(), &detail);
	if (rc != QTCL_DM_OK)
	{
		if (qtcl_dm_error_class(rc) == QTCL_DM_CLASS_SYNTAX)
			ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
							errmsg("invalid binary density_matrix: %s", qtcl_dm_strerror(rc))));
		dm_raise(rc, detail);
	}
	PG_RETURN_POINTER(dm_pack(m));
}

PG_FUNCTION_INFO_V1(density_matrix_send);

Datum
density_matrix_send(PG_FUNCTION_ARGS)
{
	qtcl_dm    *m = dm_unpack(PG_GETARG_DM_P(0), 0);
	size_t		size = qtcl_dm_binary_size(m->n);
	bytea	   *out = palloc(VARHDRSZ + size);

	if (qtcl_dm_to_binary(m, (uint8 *) VARDATA(out), size) != size)
		elog(ERROR, "density_matrix binary form has an unexpected size");
	SET_VARSIZE(out, VARHDRSZ + size);
	PG_RETURN_BYTEA_P(out);
}

/* float8[] -> C array; NULL elements and multi-dimensional arrays are refused. */
static double *
float8_array(ArrayType *a, int *count, const char *what)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;
	double	   *out;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						errmsg("%s must be a one-dimensional array (row-major, 4^n entries)", what)));
	deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &n);
	out = palloc(sizeof(double) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("%s must not contain NULL (element %d)", what, i + 1)));
		out[i] = DatumGetFloat8(elems[i]);
	}
	*count = n;
	return out;
}

static ArrayType *
array_of(const double *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Float8GetDatum(v[i]);
	return construct_array(d, n, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

PG_FUNCTION_INFO_V1(density_matrix_from_arrays);

/* density_matrix(re float8[], im float8[]) */
Datum
density_matrix_from_arrays(PG_FUNCTION_ARGS)
{
	int			nre,
				nim;
	double	   *re = float8_array(PG_GETARG_ARRAYTYPE_P(0), &nre, "re");
	double	   *im = float8_array(PG_GETARG_ARRAYTYPE_P(1), &nim, "im");
	qtcl_dm    *m = dm_slot(0);
	double		detail = 0;
	int			rc = qtcl_dm_from_arrays(m, re, nre, im, nim, dm_work(), &detail);

	if (rc != QTCL_DM_OK)
		dm_raise(rc, detail);
	PG_RETURN_POINTER(dm_pack(m));
}

PG_FUNCTION_INFO_V1(density_matrix_re);

Datum
density_matrix_re(PG_FUNCTION_ARGS)
{
	DensityMatrix *d = PG_GETARG_DM_P(0);

	PG_RETURN_ARRAYTYPE_P(array_of(dm_unpack(d, 0)->re, (int) DM_ENTRIES(d->n)));
}

PG_FUNCTION_INFO_V1(density_matrix_im);

Datum
density_matrix_im(PG_FUNCTION_ARGS)
{
	DensityMatrix *d = PG_GETARG_DM_P(0);

	PG_RETURN_ARRAYTYPE_P(array_of(dm_unpack(d, 0)->im, (int) DM_ENTRIES(d->n)));
}

PG_FUNCTION_INFO_V1(density_matrix_qubits);

Datum
density_matrix_qubits(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_DM_P(0)->n);
}

PG_FUNCTION_INFO_V1(density_matrix_w_state);

Datum
density_matrix_w_state(PG_FUNCTION_ARGS)
{
	qtcl_dm    *m = dm_slot(0);

	dm_check(qtcl_dm_w_state(m, PG_GETARG_INT32(0)));
	PG_RETURN_POINTER(dm_pack(m));
}

PG_FUNCTION_INFO_V1(density_matrix_ghz_state);

Datum
density_matrix_ghz_state(PG_FUNCTION_ARGS)
{
	qtcl_dm    *m = dm_slot(0);

	dm_check(qtcl_dm_ghz_state(m, PG_GETARG_INT32(0)));
	PG_RETURN_POINTER(dm_pack(m));
}

/* ---- metrics ---- */

PG_FUNCTION_INFO_V1(density_matrix_purity);

Datum
density_matrix_purity(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(qtcl_dm_purity(dm_unpack(PG_GETARG_DM_P(0), 0)));
}

PG_FUNCTION_INFO_V1(density_matrix_l1_coherence);

Datum
density_matrix_l1_coherence(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(qtcl_dm_l1_coherence(dm_unpack(PG_GETARG_DM_P(0), 0)));
}

PG_FUNCTION_INFO_V1(density_matrix_entropy);

Datum
density_matrix_entropy(PG_FUNCTION_ARGS)
{
	double		s;

	dm_check(qtcl_dm_entropy(dm_unpack(PG_GETARG_DM_P(0), 0), dm_work(), &s));
	PG_RETURN_FLOAT8(s);
}

PG_FUNCTION_INFO_V1(density_matrix_eigenvalues);

Datum
density_matrix_eigenvalues(PG_FUNCTION_ARGS)
{
	qtcl_dm    *m = dm_unpack(PG_GETARG_DM_P(0), 0);
	double		w[QTCL_DM_MAX_DIM];

	dm_check(qtcl_dm_eigenvalues(m, dm_work(), w));
	PG_RETURN_ARRAYTYPE_P(array_of(w, m->dim));
}

PG_FUNCTION_INFO_V1(density_matrix_fidelity);

Datum
density_matrix_fidelity(PG_FUNCTION_ARGS)
{
	double		f;

	dm_check(qtcl_dm_fidelity(dm_unpack(PG_GETARG_DM_P(0), 0), dm_unpack(PG_GETARG_DM_P(1), 1), dm_work(), &f));
	PG_RETURN_FLOAT8(f);
}

PG_FUNCTION_INFO_V1(density_matrix_trace_distance);

Datum
density_matrix_trace_distance(PG_FUNCTION_ARGS)
{
	double		d;

	dm_check(qtcl_dm_trace_distance(dm_unpack(PG_GETARG_DM_P(0), 0), dm_unpack(PG_GETARG_DM_P(1), 1), dm_work(), &d));
	PG_RETURN_FLOAT8(d);
}

PG_FUNCTION_INFO_V1(density_matrix_concurrence);

Datum
density_matrix_concurrence(PG_FUNCTION_ARGS)
{
	double		c;

	dm_check(qtcl_dm_concurrence(dm_unpack(PG_GETARG_DM_P(0), 0), dm_work(), &c));
	PG_RETURN_FLOAT8(c);
}

/* ---- channels ---- */

/* int4[] of qubit indices (NULL elements refused); the core checks range and repeats. */
static int32 *
qubit_list(ArrayType *a, int *count)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;
	int32	   *out;

	if (ARR_NDIM(a) > 1)
		ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						errmsg("qubit lists must be one-dimensional arrays")));
	deconstruct_array(a, INT4OID, 4, true, TYPALIGN_INT, &elems, &nulls, &n);
	out = palloc(sizeof(int32) * Max(n, 1));
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("qubit lists must not contain NULL")));
		out[i] = DatumGetInt32(elems[i]);
	}
	*count = n;
	return out;
}

typedef int (*channel_fn) (qtcl_dm *rho, double p, const int32_t *qubits, int nqubits);

/*
 * Common body of the channels taking (dm, parameter, qubits int4[] or NULL):
 * NULL state or parameter gives NULL (as STRICT would); NULL qubits means all.
 */
static Datum
apply_channel(FunctionCallInfo fcinfo, channel_fn fn, bool has_qubits)
{
	qtcl_dm    *m;
	int32	   *qubits = NULL;
	int			nq = 0;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	m = dm_unpack(PG_GETARG_DM_P(0), 0);
	if (has_qubits && !PG_ARGISNULL(2))
		qubits = qubit_list(PG_GETARG_ARRAYTYPE_P(2), &nq);
	dm_check_qubits(fn(m, PG_GETARG_FLOAT8(1), qubits, nq), m->n);
	PG_RETURN_POINTER(dm_pack(m));
}

static int
depolarize_global(qtcl_dm *rho, double p, const int32_t *qubits, int nqubits)
{
	return qtcl_dm_depolarize(rho, p);
}

PG_FUNCTION_INFO_V1(density_matrix_depolarize);

Datum
density_matrix_depolarize(PG_FUNCTION_ARGS)
{
	return apply_channel(fcinfo, depolarize_global, false);
}

PG_FUNCTION_INFO_V1(density_matrix_depolarize_local);

Datum
density_matrix_depolarize_local(PG_FUNCTION_ARGS)
{
	return apply_channel(fcinfo, qtcl_dm_depolarize_local, true);
}

PG_FUNCTION_INFO_V1(density_matrix_amplitude_damp);

Datum
density_matrix_amplitude_damp(PG_FUNCTION_ARGS)
{
	return apply_channel(fcinfo, qtcl_dm_amplitude_damp, true);
}

PG_FUNCTION_INFO_V1(density_matrix_phase_damp);

Datum
density_matrix_phase_damp(PG_FUNCTION_ARGS)
{
	return apply_channel(fcinfo, qtcl_dm_phase_damp, true);
}

PG_FUNCTION_INFO_V1(density_matrix_partial_trace);

Datum
density_matrix_partial_trace(PG_FUNCTION_ARGS)
{
	qtcl_dm    *m = dm_unpack(PG_GETARG_DM_P(0), 0);
	int			nk;
	int32	   *keep = qubit_list(PG_GETARG_ARRAYTYPE_P(1), &nk);
	qtcl_dm    *out = dm_slot(2);

	dm_check_qubits(qtcl_dm_partial_trace(m, keep, nk, out), m->n);
	PG_RETURN_POINTER(dm_pack(out));
}

Datum
qtcl_density_datum(int n, const double *re, const double *im)
{
	size_t		e = DM_ENTRIES(n);
	DensityMatrix *d = palloc(DM_SIZE(n));

	SET_VARSIZE(d, DM_SIZE(n));
	d->n = n;
	memcpy(d->v, re, e * sizeof(double));
	memcpy(d->v + e, im, e * sizeof(double));
	return PointerGetDatum(d);
}

bool
qtcl_density_equals(Datum datum, int n, const double *re, const double *im)
{
	DensityMatrix *d = (DensityMatrix *) PG_DETOAST_DATUM(datum);
	size_t		e = DM_ENTRIES(n);

	return d->n == n && VARSIZE(d) == DM_SIZE(n) &&
		memcmp(d->v, re, e * sizeof(double)) == 0 &&
		memcmp(d->v + e, im, e * sizeof(double)) == 0;
}
