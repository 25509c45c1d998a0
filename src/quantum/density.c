/* density.c: see density.h */
#include "quantum/density.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quantum/eigen.h"

#define NUMBER_MAX_CHARS 400

const char *
qtcl_dm_strerror(int code)
{
	switch (code)
	{
		case QTCL_DM_OK:
			return "ok";
		case QTCL_DM_ERR_SYNTAX:
			return "malformed density matrix text: expected {\"n\": N, \"re\": [...], \"im\": [...]}";
		case QTCL_DM_ERR_NUMBER:
			return "malformed density matrix text: bad number";
		case QTCL_DM_ERR_KEY:
			return "malformed density matrix text: keys must be \"n\", \"re\" and \"im\", each exactly once";
		case QTCL_DM_ERR_TRAILING:
			return "malformed density matrix text: characters after the closing brace";
		case QTCL_DM_ERR_SIZE:
			return "invalid density matrix: wrong size (need 4^n entries for 1 <= n <= 6 qubits)";
		case QTCL_DM_ERR_SIZE_MISMATCH:
			return "invalid density matrix: wrong size (re, im and n disagree)";
		case QTCL_DM_ERR_NONFINITE:
			return "invalid density matrix: an entry is not finite";
		case QTCL_DM_ERR_NOT_HERMITIAN:
			return "invalid density matrix: not Hermitian (max |rho_ij - conj(rho_ji)| > 1e-9)";
		case QTCL_DM_ERR_TRACE:
			return "invalid density matrix: trace is not 1 (|tr rho - 1| > 1e-9)";
		case QTCL_DM_ERR_NEGATIVE:
			return "invalid density matrix: not positive semidefinite (smallest eigenvalue < -1e-9)";
		case QTCL_DM_ERR_QUBITS:
			return "number of qubits must be between 1 and 6";
		case QTCL_DM_ERR_PARAM:
			return "channel parameter must lie in [0, 1]";
		case QTCL_DM_ERR_QUBIT_RANGE:
			return "qubit index out of range";
		case QTCL_DM_ERR_QUBIT_DUP:
			return "qubit listed more than once";
		case QTCL_DM_ERR_KEEP_EMPTY:
			return "partial trace must keep at least one qubit";
		case QTCL_DM_ERR_NOT_TWO_QUBITS:
			return "concurrence is defined for two-qubit states only";
		case QTCL_DM_ERR_DIM_MISMATCH:
			return "density matrices have different numbers of qubits";
		case QTCL_DM_ERR_BUFFER:
			return "output buffer too small";
		case QTCL_DM_ERR_EIGEN:
			return "internal error: Hermitian eigensolver did not converge";
	}
	return "unknown density matrix error";
}

int
qtcl_dm_error_class(int code)
{
	if (code == QTCL_DM_OK)
		return QTCL_DM_CLASS_NONE;
	if (code >= QTCL_DM_ERR_SYNTAX && code <= QTCL_DM_ERR_TRAILING)
		return QTCL_DM_CLASS_SYNTAX;
	if (code >= QTCL_DM_ERR_SIZE && code <= QTCL_DM_ERR_NEGATIVE)
		return QTCL_DM_CLASS_STATE;
	if (code >= QTCL_DM_ERR_QUBITS && code <= QTCL_DM_ERR_BUFFER)
		return QTCL_DM_CLASS_ARGUMENT;
	return QTCL_DM_CLASS_INTERNAL;
}

/* n with 4^n == count, or -1. */
static int
qubits_of_count(size_t count)
{
	int			n;

	for (n = 1; n <= QTCL_DM_MAX_QUBITS; n++)
		if (count == ((size_t) 1 << (2 * n)))
			return n;
	return -1;
}

/* Hermitian part of rho into (ar, ai), stride dim. */
static void
load_hermitian(int d, const double *re, const double *im, double *ar, double *ai)
{
	int			i,
				j;

	for (i = 0; i < d; i++)
	{
		ar[i * d + i] = re[i * d + i];
		ai[i * d + i] = 0.0;
		for (j = 0; j < i; j++)
		{
			double		r = 0.5 * (re[i * d + j] + re[j * d + i]);
			double		m = 0.5 * (im[i * d + j] - im[j * d + i]);

			ar[i * d + j] = r;
			ai[i * d + j] = m;
			ar[j * d + i] = r;
			ai[j * d + i] = -m;
		}
	}
}

static int
eig_of(const qtcl_dm *rho, qtcl_dm_work *w, double *vals)
{
	load_hermitian(rho->dim, rho->re, rho->im, w->m[0], w->m[1]);
	return qtcl_heig(rho->dim, w->m[0], w->m[1], vals, 0) == QTCL_EIG_OK
		? QTCL_DM_OK : QTCL_DM_ERR_EIGEN;
}

int
qtcl_dm_validate(const qtcl_dm *rho, qtcl_dm_work *w, double *detail)
{
	int			d,
				i,
				j,
				rc;
	double		asym = 0.0,
				tr = 0.0;

	if (rho->n < 1 || rho->n > QTCL_DM_MAX_QUBITS || rho->dim != (1 << rho->n))
		return QTCL_DM_ERR_SIZE;
	d = rho->dim;
	for (i = 0; i < d * d; i++)
		if (!isfinite(rho->re[i]) || !isfinite(rho->im[i]))
			return QTCL_DM_ERR_NONFINITE;
	for (i = 0; i < d; i++)
		for (j = 0; j <= i; j++)
		{
			double		a = hypot(rho->re[i * d + j] - rho->re[j * d + i],
								  rho->im[i * d + j] + rho->im[j * d + i]);

			if (a > asym)
				asym = a;
		}
	if (!(asym <= QTCL_DM_TOL))
	{
		if (detail)
			*detail = asym;
		return QTCL_DM_ERR_NOT_HERMITIAN;
	}
	for (i = 0; i < d; i++)
		tr += rho->re[i * d + i];
	if (!(fabs(tr - 1.0) <= QTCL_DM_TOL))
	{
		if (detail)
			*detail = tr;
		return QTCL_DM_ERR_TRACE;
	}
	rc = eig_of(rho, w, w->v[0]);
	if (rc != QTCL_DM_OK)
		return rc;
	if (!(w->v[0][0] >= -QTCL_DM_TOL))
	{
		if (detail)
			*detail = w->v[0][0];
		return QTCL_DM_ERR_NEGATIVE;
	}
	return QTCL_DM_OK;
}

int
qtcl_dm_from_arrays(qtcl_dm *out, const double *re, size_t nre,
					const double *im, size_t nim, qtcl_dm_work *w, double *detail)
{
	int			n;

	if (nre != nim)
		return QTCL_DM_ERR_SIZE_MISMATCH;
	n = qubits_of_count(nre);
	if (n < 0)
		return QTCL_DM_ERR_SIZE;
	out->n = n;
	out->dim = 1 << n;
	memcpy(out->re, re, nre * sizeof(double));
	memcpy(out->im, im, nim * sizeof(double));
	return qtcl_dm_validate(out, w, detail);
}

/* ---- text form ---- */

typedef struct parser
{
	const char *s;
	size_t		len;
	size_t		pos;
} parser;

static void
skip_ws(parser *p)
{
	while (p->pos < p->len &&
		   (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
			p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
}

static int
peek(parser *p)
{
	return p->pos < p->len ? (unsigned char) p->s[p->pos] : -1;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* A JSON number; *v gets strtod's value (possibly infinite on overflow). */
static int
parse_number(parser *p, double *v)
{
	size_t		start = p->pos,
				n;
	char		buf[NUMBER_MAX_CHARS + 1];

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0')
		p->pos++;
	else if (is_digit(peek(p)))
		while (is_digit(peek(p)))
			p->pos++;
	else
		return QTCL_DM_ERR_NUMBER;
	if (peek(p) == '.')
	{
		p->pos++;
		if (!is_digit(peek(p)))
			return QTCL_DM_ERR_NUMBER;
		while (is_digit(peek(p)))
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E')
	{
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!is_digit(peek(p)))
			return QTCL_DM_ERR_NUMBER;
		while (is_digit(peek(p)))
			p->pos++;
	}
	n = p->pos - start;
	if (n > NUMBER_MAX_CHARS)
		return QTCL_DM_ERR_NUMBER;
	memcpy(buf, p->s + start, n);
	buf[n] = '\0';
	*v = strtod(buf, NULL);
	return QTCL_DM_OK;
}

/* "[" number ("," number)* "]" or "[]"; stores at most cap values, counts all. */
static int
parse_array(parser *p, double *out, size_t cap, size_t *count)
{
	size_t		k = 0;
	int			rc;

	if (peek(p) != '[')
		return QTCL_DM_ERR_SYNTAX;
	p->pos++;
	skip_ws(p);
	if (peek(p) == ']')
	{
		p->pos++;
		*count = 0;
		return QTCL_DM_OK;
	}
	for (;;)
	{
		double		v;

		skip_ws(p);
		rc = parse_number(p, &v);
		if (rc != QTCL_DM_OK)
			return rc;
		if (k < cap)
			out[k] = v;
		k++;
		skip_ws(p);
		if (peek(p) == ',')
		{
			p->pos++;
			continue;
		}
		if (peek(p) == ']')
		{
			p->pos++;
			break;
		}
		return QTCL_DM_ERR_SYNTAX;
	}
	*count = k;
	return QTCL_DM_OK;
}

/* Key: '"' name '"'; returns 0 n, 1 re, 2 im, -1 unknown. */
static int
parse_key(parser *p, int *which)
{
	static const char *const names[3] = {"n", "re", "im"};
	size_t		start,
				n;
	int			k;

	if (peek(p) != '"')
		return QTCL_DM_ERR_SYNTAX;
	p->pos++;
	start = p->pos;
	while (p->pos < p->len && p->s[p->pos] != '"')
		p->pos++;
	if (p->pos >= p->len)
		return QTCL_DM_ERR_SYNTAX;
	n = p->pos - start;
	p->pos++;
	*which = -1;
	for (k = 0; k < 3; k++)
		if (strlen(names[k]) == n && memcmp(names[k], p->s + start, n) == 0)
			*which = k;
	return *which < 0 ? QTCL_DM_ERR_KEY : QTCL_DM_OK;
}

int
qtcl_dm_parse(const char *s, size_t len, qtcl_dm *out, qtcl_dm_work *w, double *detail)
{
	parser		p = {s, len, 0};
	int			seen[3] = {0, 0, 0};
	double		nval = 0.0;
	size_t		nre = 0,
				nim = 0;
	int			rc,
				n;

	skip_ws(&p);
	if (peek(&p) != '{')
		return QTCL_DM_ERR_SYNTAX;
	p.pos++;
	for (;;)
	{
		int			which;

		skip_ws(&p);
		rc = parse_key(&p, &which);
		if (rc != QTCL_DM_OK)
			return rc;
		if (seen[which])
			return QTCL_DM_ERR_KEY;
		seen[which] = 1;
		skip_ws(&p);
		if (peek(&p) != ':')
			return QTCL_DM_ERR_SYNTAX;
		p.pos++;
		skip_ws(&p);
		if (which == 0)
			rc = parse_number(&p, &nval);
		else if (which == 1)
			rc = parse_array(&p, out->re, QTCL_DM_MAX_ENTRIES, &nre);
		else
			rc = parse_array(&p, out->im, QTCL_DM_MAX_ENTRIES, &nim);
		if (rc != QTCL_DM_OK)
			return rc;
		skip_ws(&p);
		if (peek(&p) == ',')
		{
			p.pos++;
			continue;
		}
		if (peek(&p) == '}')
		{
			p.pos++;
			break;
		}
		return QTCL_DM_ERR_SYNTAX;
	}
	if (!seen[0] || !seen[1] || !seen[2])
		return QTCL_DM_ERR_KEY;
	skip_ws(&p);
	if (p.pos != p.len)
		return QTCL_DM_ERR_TRAILING;

	/* Well-formed: the rest are state conditions. */
	if (nre != nim)
		return QTCL_DM_ERR_SIZE_MISMATCH;
	n = qubits_of_count(nre);
	if (n < 0)
		return QTCL_DM_ERR_SIZE;
	if (nval != (double) n)
		return QTCL_DM_ERR_SIZE_MISMATCH;
	out->n = n;
	out->dim = 1 << n;
	return qtcl_dm_validate(out, w, detail);
}

/* Longest %.17g output: "-1.2345678901234567e-308" = 24 characters. */
#define NUM_MAX 24

size_t
qtcl_dm_text_max(int n)
{
	size_t		entries;

	if (n < 1 || n > QTCL_DM_MAX_QUBITS)
		return 0;
	entries = (size_t) 1 << (2 * n);
	/* {"n": N, "re": [...], "im": [...]} : each entry a number and ", " */
	return 40 + 2 * entries * (NUM_MAX + 2);
}

static size_t
append(char *buf, size_t cap, size_t pos, const char *text)
{
	size_t		n = strlen(text);

	if (pos < cap)
	{
		size_t		room = cap - pos;
		size_t		c = n < room ? n : room - 1;

		memcpy(buf + pos, text, c);
		buf[pos + c] = '\0';
	}
	return pos + n;
}

size_t
qtcl_dm_format(const qtcl_dm *rho, char *buf, size_t cap)
{
	size_t		pos = 0,
				count = (size_t) rho->dim * rho->dim,
				k;
	char		num[64];
	int			part;

	if (cap > 0)
		buf[0] = '\0';
	snprintf(num, sizeof num, "{\"n\": %d", rho->n);
	pos = append(buf, cap, pos, num);
	for (part = 0; part < 2; part++)
	{
		const double *v = part == 0 ? rho->re : rho->im;

		pos = append(buf, cap, pos, part == 0 ? ", \"re\": [" : ", \"im\": [");
		for (k = 0; k < count; k++)
		{
			snprintf(num, sizeof num, k ? ", %.17g" : "%.17g", v[k]);
			pos = append(buf, cap, pos, num);
		}
		pos = append(buf, cap, pos, "]");
	}
	pos = append(buf, cap, pos, "}");
	return pos;
}

/* ---- binary form ---- */

size_t
qtcl_dm_binary_size(int n)
{
	if (n < 1 || n > QTCL_DM_MAX_QUBITS)
		return 0;
	return 1 + 16 * ((size_t) 1 << (2 * n));
}

static void
put_double(uint8_t *b, double v)
{
	uint64_t	u;
	int			i;

	memcpy(&u, &v, 8);
	for (i = 7; i >= 0; i--)
	{
		b[i] = (uint8_t) (u & 0xff);
		u >>= 8;
	}
}

static double
get_double(const uint8_t *b)
{
	uint64_t	u = 0;
	double		v;
	int			i;

	for (i = 0; i < 8; i++)
		u = (u << 8) | b[i];
	memcpy(&v, &u, 8);
	return v;
}

size_t
qtcl_dm_to_binary(const qtcl_dm *rho, uint8_t *buf, size_t cap)
{
	size_t		need = qtcl_dm_binary_size(rho->n),
				count = (size_t) rho->dim * rho->dim,
				k;

	if (need == 0 || cap < need)
		return 0;
	buf[0] = (uint8_t) rho->n;
	for (k = 0; k < count; k++)
	{
		put_double(buf + 1 + 8 * k, rho->re[k]);
		put_double(buf + 1 + 8 * (count + k), rho->im[k]);
	}
	return need;
}

int
qtcl_dm_from_binary(const uint8_t *buf, size_t len, qtcl_dm *out, qtcl_dm_work *w, double *detail)
{
	size_t		count,
				k;
	int			n;

	if (len < 1)
		return QTCL_DM_ERR_SIZE;
	n = buf[0];
	if (n < 1 || n > QTCL_DM_MAX_QUBITS)
		return QTCL_DM_ERR_SIZE;
	if (len != qtcl_dm_binary_size(n))
		return QTCL_DM_ERR_SIZE_MISMATCH;
	count = (size_t) 1 << (2 * n);
	out->n = n;
	out->dim = 1 << n;
	for (k = 0; k < count; k++)
	{
		out->re[k] = get_double(buf + 1 + 8 * k);
		out->im[k] = get_double(buf + 1 + 8 * (count + k));
	}
	return qtcl_dm_validate(out, w, detail);
}

/* ---- constructors ---- */

static int
init_zero(qtcl_dm *rho, int n)
{
	size_t		count;

	if (n < 1 || n > QTCL_DM_MAX_QUBITS)
		return QTCL_DM_ERR_QUBITS;
	rho->n = n;
	rho->dim = 1 << n;
	count = (size_t) rho->dim * rho->dim;
	memset(rho->re, 0, count * sizeof(double));
	memset(rho->im, 0, count * sizeof(double));
	return QTCL_DM_OK;
}

int
qtcl_dm_w_state(qtcl_dm *out, int n)
{
	int			rc = init_zero(out, n),
				a,
				b;

	if (rc != QTCL_DM_OK)
		return rc;
	for (a = 0; a < n; a++)
		for (b = 0; b < n; b++)
			out->re[(1 << a) * out->dim + (1 << b)] = 1.0 / n;
	return QTCL_DM_OK;
}

int
qtcl_dm_ghz_state(qtcl_dm *out, int n)
{
	int			rc = init_zero(out, n),
				d;

	if (rc != QTCL_DM_OK)
		return rc;
	d = out->dim;
	out->re[0] = out->re[d - 1] = out->re[(d - 1) * d] = out->re[(d - 1) * d + d - 1] = 0.5;
	return QTCL_DM_OK;
}

/* ---- metrics ---- */

double
qtcl_dm_purity(const qtcl_dm *rho)
{
	size_t		count = (size_t) rho->dim * rho->dim,
				k;
	double		s = 0.0;

	for (k = 0; k < count; k++)
		s += rho->re[k] * rho->re[k] + rho->im[k] * rho->im[k];
	return s;
}

double
qtcl_dm_l1_coherence(const qtcl_dm *rho)
{
	int			d = rho->dim,
				i,
				j;
	double		s = 0.0;

	for (i = 0; i < d; i++)
		for (j = 0; j < d; j++)
			if (i != j)
				s += hypot(rho->re[i * d + j], rho->im[i * d + j]);
	return s;
}

int
qtcl_dm_eigenvalues(const qtcl_dm *rho, qtcl_dm_work *w, double *out)
{
	return eig_of(rho, w, out);
}

int
qtcl_dm_entropy(const qtcl_dm *rho, qtcl_dm_work *w, double *bits)
{
	int			rc = eig_of(rho, w, w->v[0]),
				i;
	double		s = 0.0;

	if (rc != QTCL_DM_OK)
		return rc;
	for (i = 0; i < rho->dim; i++)
	{
		double		l = w->v[0][i];

		if (l > QTCL_DM_ENTROPY_EPS)
			s -= l * log2(l);
	}
	*bits = s > 0.0 ? s : 0.0;
	return QTCL_DM_OK;
}

/*
 * Singular values of sqrt(rho) sqrt(sigma) into s (descending, *ns of them;
 * the others are 0). With rho = V diag(l) V^H and sigma = U diag(m) U^H,
 * they are the singular values of N = diag(sqrt l) V^H U diag(sqrt m)
 * restricted to l, m above the clip level, a small matrix for low-rank
 * states. Uses w->m[0..5] and w->v[0..1].
 */
static int
sqrt_product_svals(int d, const double *rre, const double *rim,
				   const double *sre, const double *sim_, qtcl_dm_work *w,
				   double *s, int *ns)
{
	int			i,
				j,
				k;
	int			ri[QTCL_DM_MAX_DIM],
				si[QTCL_DM_MAX_DIM];
	int			nr = 0,
				nsg = 0,
				rows,
				cols,
				transpose;
	double	   *vr = w->m[0],
			   *vi = w->m[1],
			   *ur = w->m[2],
			   *ui = w->m[3],
			   *nrr = w->m[4],
			   *nri = w->m[5];
	double	   *l = w->v[0],
			   *m = w->v[1];

	load_hermitian(d, rre, rim, vr, vi);
	if (qtcl_heig(d, vr, vi, l, 1) != QTCL_EIG_OK)
		return QTCL_DM_ERR_EIGEN;
	load_hermitian(d, sre, sim_, ur, ui);
	if (qtcl_heig(d, ur, ui, m, 1) != QTCL_EIG_OK)
		return QTCL_DM_ERR_EIGEN;
	for (i = 0; i < d; i++)
	{
		if (l[i] >= QTCL_DM_EIG_CLIP)
			ri[nr++] = i;
		if (m[i] >= QTCL_DM_EIG_CLIP)
			si[nsg++] = i;
	}
	if (nr == 0 || nsg == 0)
	{
		*ns = 0;
		return QTCL_DM_OK;
	}
	/* Fewer columns is cheaper for one-sided Jacobi: store N or N^H column-major. */
	transpose = nsg > nr;
	rows = transpose ? nsg : nr;
	cols = transpose ? nr : nsg;
	for (i = 0; i < nr; i++)
	{
		int			a = ri[i];
		double		sl = sqrt(l[a]);

		for (j = 0; j < nsg; j++)
		{
			int			b = si[j];
			double		sr = 0.0,
						sim = 0.0,
						f = sl * sqrt(m[b]);

			/* sum_k conj(V[k][a]) U[k][b] */
			for (k = 0; k < d; k++)
			{
				double		ar = vr[k * d + a],
							ai = vi[k * d + a],
							br = ur[k * d + b],
							bi = ui[k * d + b];

				sr += ar * br + ai * bi;
				sim += ar * bi - ai * br;
			}
			if (!transpose)
			{
				nrr[j * rows + i] = f * sr;
				nri[j * rows + i] = f * sim;
			}
			else
			{
				nrr[i * rows + j] = f * sr;
				nri[i * rows + j] = -f * sim;
			}
		}
	}
	/*
	 * Fast path: s_i = sqrt(eig(N^H N)). An eigenvalue error of ~1e-16
	 * becomes 1e-16 / (2 s_i) in s_i, harmless while every s_i >= 1e-3
	 * (error < 1e-13); otherwise (rank-deficient products) one-sided Jacobi,
	 * accurate for small singular values too.
	 */
	if (cols > 1)
	{
		double	   *gr = w->m[0],
				   *gi = w->m[1],
				   *ev = w->v[0];

		for (i = 0; i < cols; i++)
			for (j = 0; j <= i; j++)
			{
				const double *xr = &nrr[i * rows],
						   *xi = &nri[i * rows],
						   *yr = &nrr[j * rows],
						   *yi = &nri[j * rows];
				double		sr = 0.0,
							sm = 0.0;

				/* G[i][j] = sum_k conj(N[k][i]) N[k][j] */
				for (k = 0; k < rows; k++)
				{
					sr += xr[k] * yr[k] + xi[k] * yi[k];
					sm += xr[k] * yi[k] - xi[k] * yr[k];
				}
				gr[i * cols + j] = gr[j * cols + i] = sr;
				gi[i * cols + j] = sm;
				gi[j * cols + i] = -sm;
			}
		for (i = 0; i < cols; i++)
			gi[i * cols + i] = 0.0;
		if (qtcl_heig(cols, gr, gi, ev, 0) != QTCL_EIG_OK)
			return QTCL_DM_ERR_EIGEN;
		if (ev[0] >= 1e-6)
		{
			for (i = 0; i < cols; i++)
				s[i] = sqrt(ev[cols - 1 - i]);
			*ns = cols;
			return QTCL_DM_OK;
		}
	}
	if (qtcl_svals(rows, cols, nrr, nri, s) != QTCL_EIG_OK)
		return QTCL_DM_ERR_EIGEN;
	*ns = cols;
	return QTCL_DM_OK;
}

/*
 * Fast route to tr sqrt(sqrt(rho) sigma sqrt(rho)): with rho = V diag(l) V^H
 * restricted to l >= clip (r columns), the nonzero eigenvalues of
 * sqrt(rho) sigma sqrt(rho) are those of the r x r matrix
 * K = diag(sqrt l) V^H sigma V diag(sqrt l). Their square roots are exact
 * enough while every eigenvalue of K is >= 1e-6 (see sqrt_product_svals);
 * a rank-one K is exact. Returns 1 and the sum in *sum when usable, 0 when
 * the caller must take the robust route. Uses w->m[0..3], w->v[0..1].
 */
static int
fidelity_fast(const qtcl_dm *rho, const qtcl_dm *sigma, qtcl_dm_work *w, double *sum, int *rc)
{
	int			d = rho->dim,
				sup[QTCL_DM_MAX_DIM],
				r = 0,
				i,
				j,
				k;
	double	   *vr = w->m[0],
			   *vi = w->m[1],
			   *tr = w->m[2],
			   *ti = w->m[3],
			   *l = w->v[0],
			   *ev = w->v[1];
	double		t = 0.0;

	*rc = QTCL_DM_OK;
	load_hermitian(d, rho->re, rho->im, vr, vi);
	if (qtcl_heig(d, vr, vi, l, 1) != QTCL_EIG_OK)
	{
		*rc = QTCL_DM_ERR_EIGEN;
		return 1;
	}
	for (i = 0; i < d; i++)
		if (l[i] >= QTCL_DM_EIG_CLIP)
			sup[r++] = i;
	if (r == 0)
	{
		*sum = 0.0;
		return 1;
	}
	/* T = sigma V_S (d x r, stride r) */
	for (i = 0; i < d; i++)
		for (j = 0; j < r; j++)
		{
			double		sr = 0.0,
						sm = 0.0;
			int			c = sup[j];

			for (k = 0; k < d; k++)
			{
				double		ar = sigma->re[i * d + k],
							ai = sigma->im[i * d + k],
							br = vr[k * d + c],
							bi = vi[k * d + c];

				sr += ar * br - ai * bi;
				sm += ar * bi + ai * br;
			}
			tr[i * r + j] = sr;
			ti[i * r + j] = sm;
		}
	/* K = diag(sqrt l) V_S^H T diag(sqrt l), Hermitian r x r, into (vr, vi) after V is read */
	{
		double	   *kr = w->m[4],
				   *ki = w->m[5];

		for (i = 0; i < r; i++)
			for (j = 0; j <= i; j++)
			{
				double		sr = 0.0,
							sm = 0.0,
							f = sqrt(l[sup[i]] * l[sup[j]]);
				int			c = sup[i];

				for (k = 0; k < d; k++)
				{
					double		ar = vr[k * d + c],
								ai = -vi[k * d + c],
								br = tr[k * r + j],
								bi = ti[k * r + j];

					sr += ar * br - ai * bi;
					sm += ar * bi + ai * br;
				}
				kr[i * r + j] = kr[j * r + i] = f * sr;
				ki[i * r + j] = f * sm;
				ki[j * r + i] = -f * sm;
			}
		for (i = 0; i < r; i++)
			ki[i * r + i] = 0.0;
		if (r == 1)
		{
			*sum = sqrt(fmax(kr[0], 0.0));
			return 1;
		}
		if (qtcl_heig(r, kr, ki, ev, 0) != QTCL_EIG_OK)
		{
			*rc = QTCL_DM_ERR_EIGEN;
			return 1;
		}
	}
	if (ev[0] < 1e-6)
		return 0;
	for (i = 0; i < r; i++)
		t += sqrt(ev[i]);
	*sum = t;
	return 1;
}

int
qtcl_dm_fidelity(const qtcl_dm *rho, const qtcl_dm *sigma, qtcl_dm_work *w, double *f)
{
	double		s[QTCL_DM_MAX_DIM],
				t = 0.0;
	int			ns,
				i,
				rc;

	if (rho->n != sigma->n)
		return QTCL_DM_ERR_DIM_MISMATCH;
	if (!fidelity_fast(rho, sigma, w, &t, &rc))
	{
		/* rank-deficient sqrt(rho) sigma sqrt(rho): singular values by Jacobi */
		rc = sqrt_product_svals(rho->dim, rho->re, rho->im, sigma->re, sigma->im, w, s, &ns);
		t = 0.0;
		for (i = 0; i < ns; i++)
			t += s[i];
	}
	if (rc != QTCL_DM_OK)
		return rc;
	t *= t;
	*f = t > 1.0 ? 1.0 : t;
	return QTCL_DM_OK;
}

int
qtcl_dm_trace_distance(const qtcl_dm *rho, const qtcl_dm *sigma, qtcl_dm_work *w, double *dist)
{
	int			d = rho->dim,
				i,
				j;
	double	   *ar = w->m[0],
			   *ai = w->m[1],
				s = 0.0;

	if (rho->n != sigma->n)
		return QTCL_DM_ERR_DIM_MISMATCH;
	for (i = 0; i < d; i++)
		for (j = 0; j <= i; j++)
		{
			double		r = 0.5 * (rho->re[i * d + j] + rho->re[j * d + i]
								   - sigma->re[i * d + j] - sigma->re[j * d + i]);
			double		m = 0.5 * (rho->im[i * d + j] - rho->im[j * d + i]
								   - sigma->im[i * d + j] + sigma->im[j * d + i]);

			ar[i * d + j] = ar[j * d + i] = r;
			ai[i * d + j] = m;
			ai[j * d + i] = -m;
		}
	if (qtcl_heig(d, ar, ai, w->v[0], 0) != QTCL_EIG_OK)
		return QTCL_DM_ERR_EIGEN;
	for (i = 0; i < d; i++)
		s += fabs(w->v[0][i]);
	s *= 0.5;
	*dist = s > 1.0 ? 1.0 : s;
	return QTCL_DM_OK;
}

/*
 * Wootters: the square roots of the eigenvalues of rho (Y(x)Y) rho* (Y(x)Y)
 * are the singular values of sqrt(rho) sqrt(rho~), rho~ = (Y(x)Y) rho* (Y(x)Y),
 * rho~_ij = s_i s_j conj(rho_{3-i,3-j}) with s = (-1, 1, 1, -1).
 */
int
qtcl_dm_concurrence(const qtcl_dm *rho, qtcl_dm_work *w, double *c)
{
	static const double sg[4] = {-1.0, 1.0, 1.0, -1.0};
	double		fre[16],
				fim[16];
	double		s[QTCL_DM_MAX_DIM] = {0};
	int			ns,
				i,
				j,
				rc;
	double		v;

	if (rho->n != 2)
		return QTCL_DM_ERR_NOT_TWO_QUBITS;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
		{
			fre[i * 4 + j] = sg[i] * sg[j] * rho->re[(3 - i) * 4 + (3 - j)];
			fim[i * 4 + j] = -sg[i] * sg[j] * rho->im[(3 - i) * 4 + (3 - j)];
		}
	rc = sqrt_product_svals(4, rho->re, rho->im, fre, fim, w, s, &ns);
	if (rc != QTCL_DM_OK)
		return rc;
	v = s[0] - s[1] - s[2] - s[3];
	*c = v > 0.0 ? (v > 1.0 ? 1.0 : v) : 0.0;
	return QTCL_DM_OK;
}

/* ---- channels ---- */

static int
check_param(double p)
{
	return (p >= 0.0 && p <= 1.0) ? QTCL_DM_OK : QTCL_DM_ERR_PARAM;
}

static int
check_qubits(const qtcl_dm *rho, const int32_t *qubits, int nqubits)
{
	int			i,
				j;

	if (qubits == NULL)
		return QTCL_DM_OK;
	if (nqubits < 0)
		return QTCL_DM_ERR_QUBIT_RANGE;
	for (i = 0; i < nqubits; i++)
	{
		if (qubits[i] < 0 || qubits[i] >= rho->n)
			return QTCL_DM_ERR_QUBIT_RANGE;
		for (j = 0; j < i; j++)
			if (qubits[j] == qubits[i])
				return QTCL_DM_ERR_QUBIT_DUP;
	}
	return QTCL_DM_OK;
}

/*
 * A single-qubit channel of the form (blocks by the bit of qubit q in row and
 * column index):  new00 = a rho00 + b rho11, new11 = c rho11 + e rho00,
 * new01 = f rho01, new10 = f rho10.
 */
typedef struct qubit_map
{
	double		a,
				b,
				c,
				e,
				f;
} qubit_map;

static void
apply_qubit(qtcl_dm *rho, int q, const qubit_map *k)
{
	int			d = rho->dim,
				mask = 1 << (rho->n - 1 - q),
				i,
				j;

	for (i = 0; i < d; i++)
	{
		if (i & mask)
			continue;
		for (j = 0; j < d; j++)
		{
			int			i1 = i | mask,
						j1 = j | mask;
			size_t		p00,
						p01,
						p10,
						p11;
			double		r00,
						m00,
						r11,
						m11;

			if (j & mask)
				continue;
			p00 = (size_t) i * d + j;
			p01 = (size_t) i * d + j1;
			p10 = (size_t) i1 * d + j;
			p11 = (size_t) i1 * d + j1;
			r00 = rho->re[p00];
			m00 = rho->im[p00];
			r11 = rho->re[p11];
			m11 = rho->im[p11];
			rho->re[p00] = k->a * r00 + k->b * r11;
			rho->im[p00] = k->a * m00 + k->b * m11;
			rho->re[p11] = k->c * r11 + k->e * r00;
			rho->im[p11] = k->c * m11 + k->e * m00;
			rho->re[p01] *= k->f;
			rho->im[p01] *= k->f;
			rho->re[p10] *= k->f;
			rho->im[p10] *= k->f;
		}
	}
}

static int
apply_channel(qtcl_dm *rho, double param, const int32_t *qubits, int nqubits, const qubit_map *k)
{
	int			rc = check_param(param),
				i;

	if (rc == QTCL_DM_OK)
		rc = check_qubits(rho, qubits, nqubits);
	if (rc != QTCL_DM_OK)
		return rc;
	if (qubits == NULL)
		for (i = 0; i < rho->n; i++)
			apply_qubit(rho, i, k);
	else
		for (i = 0; i < nqubits; i++)
			apply_qubit(rho, qubits[i], k);
	return QTCL_DM_OK;
}

int
qtcl_dm_depolarize(qtcl_dm *rho, double p)
{
	int			d = rho->dim,
				i;
	size_t		count = (size_t) d * d,
				k;
	double		tr = 0.0;

	if (check_param(p) != QTCL_DM_OK)
		return QTCL_DM_ERR_PARAM;
	for (i = 0; i < d; i++)
		tr += rho->re[i * d + i];
	for (k = 0; k < count; k++)
	{
		rho->re[k] *= 1.0 - p;
		rho->im[k] *= 1.0 - p;
	}
	for (i = 0; i < d; i++)
		rho->re[i * d + i] += p * tr / d;
	return QTCL_DM_OK;
}

int
qtcl_dm_depolarize_local(qtcl_dm *rho, double p, const int32_t *qubits, int nqubits)
{
	/* (1-p) rho + p (I/2)_q (x) tr_q rho */
	qubit_map	k = {1.0 - 0.5 * p, 0.5 * p, 1.0 - 0.5 * p, 0.5 * p, 1.0 - p};

	return apply_channel(rho, p, qubits, nqubits, &k);
}

int
qtcl_dm_amplitude_damp(qtcl_dm *rho, double gamma, const int32_t *qubits, int nqubits)
{
	qubit_map	k = {1.0, gamma, 1.0 - gamma, 0.0, sqrt(fmax(0.0, 1.0 - gamma))};

	return apply_channel(rho, gamma, qubits, nqubits, &k);
}

int
qtcl_dm_phase_damp(qtcl_dm *rho, double lambda, const int32_t *qubits, int nqubits)
{
	qubit_map	k = {1.0, 0.0, 1.0, 0.0, sqrt(fmax(0.0, 1.0 - lambda))};

	return apply_channel(rho, lambda, qubits, nqubits, &k);
}

/* ---- partial trace ---- */

int
qtcl_dm_partial_trace(const qtcl_dm *rho, const int32_t *keep, int nkeep, qtcl_dm *out)
{
	int			kept[QTCL_DM_MAX_QUBITS],
				nk = 0,
				q,
				i,
				a,
				b,
				t,
				rc;
	int			kidx[QTCL_DM_MAX_DIM],
				tidx[QTCL_DM_MAX_DIM];
	int			n = rho->n,
				d = rho->dim,
				dk,
				dt;

	if (keep == NULL || nkeep <= 0)
		return QTCL_DM_ERR_KEEP_EMPTY;
	rc = check_qubits(rho, keep, nkeep);
	if (rc != QTCL_DM_OK)
		return rc;
	/* kept qubits in increasing order */
	for (q = 0; q < n; q++)
		for (i = 0; i < nkeep; i++)
			if (keep[i] == q)
				kept[nk++] = q;
	dk = 1 << nk;
	dt = 1 << (n - nk);
	/* full-index bits of each kept index a and traced index t */
	for (a = 0; a < dk; a++)
	{
		int			idx = 0;

		for (i = 0; i < nk; i++)
			if (a & (1 << (nk - 1 - i)))
				idx |= 1 << (n - 1 - kept[i]);
		kidx[a] = idx;
	}
	for (t = 0; t < dt; t++)
	{
		int			idx = 0,
					bit = n - nk - 1;

		for (q = 0; q < n; q++)
		{
			int			isk = 0;

			for (i = 0; i < nk; i++)
				if (kept[i] == q)
					isk = 1;
			if (isk)
				continue;
			if (t & (1 << bit))
				idx |= 1 << (n - 1 - q);
			bit--;
		}
		tidx[t] = idx;
	}
	out->n = nk;
	out->dim = dk;
	for (a = 0; a < dk; a++)
		for (b = 0; b < dk; b++)
		{
			double		sr = 0.0,
						si = 0.0;

			for (t = 0; t < dt; t++)
			{
				size_t		p = (size_t) (kidx[a] | tidx[t]) * d + (kidx[b] | tidx[t]);

				sr += rho->re[p];
				si += rho->im[p];
			}
			out->re[a * dk + b] = sr;
			out->im[a * dk + b] = si;
		}
	return QTCL_DM_OK;
}
