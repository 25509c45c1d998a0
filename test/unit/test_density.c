/*
 * test_density.c: the Hermitian eigensolver and singular values
 * (quantum/eigen.h), and the density-matrix core (quantum/density.h):
 * validation with named failures, text and binary forms, constructors,
 * metrics and channels against the closed forms of
 * ../shared/conventions/density_matrix.md, and property tests on random
 * states (deterministic generator).
 */
#include <math.h>
#include <stdlib.h>

#include "quantum/density.h"
#include "quantum/eigen.h"
#include "unit.h"

static qtcl_dm_work work;
static qtcl_dm A,
			B,
			C,
			D;
static double ma[2][QTCL_DM_MAX_ENTRIES],
			mb[2][QTCL_DM_MAX_ENTRIES];

/* ---- deterministic random numbers ---- */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rng_next(void)
{
	uint64_t	x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static double
rng_uniform(void)				/* (0, 1) */
{
	return ((rng_next() >> 11) + 0.5) / 9007199254740992.0;
}

static double
rng_gauss(void)
{
	return sqrt(-2.0 * log(rng_uniform())) * cos(2.0 * M_PI * rng_uniform());
}

/* rho = G G^H / tr with G dim x rank Gaussian: a random state of that rank. */
static void
random_state(qtcl_dm *rho, int n, int rank)
{
	int			d = 1 << n,
				i,
				j,
				k;
	double		tr = 0.0;

	for (i = 0; i < d * rank; i++)
	{
		mb[0][i] = rng_gauss();
		mb[1][i] = rng_gauss();
	}
	rho->n = n;
	rho->dim = d;
	for (i = 0; i < d; i++)
		for (j = 0; j < d; j++)
		{
			double		sr = 0.0,
						si = 0.0;

			for (k = 0; k < rank; k++)
			{
				double		ar = mb[0][i * rank + k],
							ai = mb[1][i * rank + k],
							br = mb[0][j * rank + k],
							bi = -mb[1][j * rank + k];

				sr += ar * br - ai * bi;
				si += ar * bi + ai * br;
			}
			rho->re[i * d + j] = sr;
			rho->im[i * d + j] = (i == j) ? 0.0 : si;
		}
	for (i = 0; i < d; i++)
		tr += rho->re[i * d + i];
	for (i = 0; i < d * d; i++)
	{
		rho->re[i] /= tr;
		rho->im[i] /= tr;
	}
}

/* |psi><psi| from amplitudes */
static void
pure_state(qtcl_dm *rho, int n, const double *pr, const double *pi)
{
	int			d = 1 << n,
				i,
				j;

	rho->n = n;
	rho->dim = d;
	for (i = 0; i < d; i++)
		for (j = 0; j < d; j++)
		{
			rho->re[i * d + j] = pr[i] * pr[j] + pi[i] * pi[j];
			rho->im[i * d + j] = pi[i] * pr[j] - pr[i] * pi[j];
		}
}

static void
tensor(const qtcl_dm *x, const qtcl_dm *y, qtcl_dm *out)
{
	int			dx = x->dim,
				dy = y->dim,
				d = dx * dy,
				i1,
				j1,
				i2,
				j2;

	out->n = x->n + y->n;
	out->dim = d;
	for (i1 = 0; i1 < dx; i1++)
		for (j1 = 0; j1 < dx; j1++)
			for (i2 = 0; i2 < dy; i2++)
				for (j2 = 0; j2 < dy; j2++)
				{
					double		ar = x->re[i1 * dx + j1],
								ai = x->im[i1 * dx + j1],
								br = y->re[i2 * dy + j2],
								bi = y->im[i2 * dy + j2];
					int			p = (i1 * dy + i2) * d + j1 * dy + j2;

					out->re[p] = ar * br - ai * bi;
					out->im[p] = ar * bi + ai * br;
				}
}

static double
max_diff(const qtcl_dm *x, const qtcl_dm *y)
{
	double		m = 0.0;
	int			i;

	if (x->n != y->n)
		return INFINITY;
	for (i = 0; i < x->dim * x->dim; i++)
		m = fmax(m, hypot(x->re[i] - y->re[i], x->im[i] - y->im[i]));
	return m;
}

static double
trace_of(const qtcl_dm *x)
{
	double		t = 0.0;
	int			i;

	for (i = 0; i < x->dim; i++)
		t += x->re[i * x->dim + i];
	return t;
}

static double
binary_entropy(double p)
{
	return -p * log2(p) - (1 - p) * log2(1 - p);
}

#define NEAR(got, want, tol, ...) \
	(fabs((got) - (want)) <= (tol) ? CHECK(1, __VA_ARGS__) \
	 : (printf("# got %.17g want %.17g (diff %.3g)\n", (double) (got), (double) (want), \
			   fabs((double) (got) - (double) (want))), CHECK(0, __VA_ARGS__)))

/* ---- eigensolver ---- */

static void
eigen_tests(void)
{
	static const int sizes[] = {1, 2, 3, 4, 5, 7, 8, 13, 16, 31, 32, 33, 64};
	size_t		si;
	double		w[QTCL_EIG_MAX_N],
				s[QTCL_EIG_MAX_N];

	for (si = 0; si < sizeof sizes / sizeof sizes[0]; si++)
	{
		int			n = sizes[si],
					i,
					j,
					k,
					rep;

		for (rep = 0; rep < 3; rep++)
		{
			double		err = 0.0,
						orth = 0.0,
						scale = rep == 2 ? 1e-3 : 1.0;
			int			sorted = 1,
						rc;

			for (i = 0; i < n; i++)
				for (j = 0; j <= i; j++)
				{
					double		r = scale * rng_gauss(),
								m = (i == j) ? 0.0 : scale * rng_gauss();

					/* rep 1: a degenerate spectrum (many repeated eigenvalues) */
					if (rep == 1)
					{
						r = (i == j) ? (double) (i % 3) : 0.0;
						m = 0.0;
					}
					ma[0][i * n + j] = ma[0][j * n + i] = r;
					ma[1][i * n + j] = m;
					ma[1][j * n + i] = -m;
				}
			if (rep == 1 && n > 1)
			{
				/* rotate the degenerate diagonal by a random unitary-ish similarity:
				 * use the eigenvectors of a random Hermitian matrix as the basis */
				for (i = 0; i < n; i++)
					for (j = 0; j <= i; j++)
					{
						double		r = rng_gauss(),
									m = (i == j) ? 0.0 : rng_gauss();

						mb[0][i * n + j] = mb[0][j * n + i] = r;
						mb[1][i * n + j] = m;
						mb[1][j * n + i] = -m;
					}
				qtcl_heig(n, mb[0], mb[1], w, 1);
				/* A = U diag(i % 3) U^H */
				for (i = 0; i < n; i++)
					for (j = 0; j < n; j++)
					{
						double		sr = 0.0,
									sm = 0.0;

						for (k = 0; k < n; k++)
						{
							double		ur = mb[0][i * n + k],
										ui = mb[1][i * n + k],
										vr = mb[0][j * n + k],
										vi = -mb[1][j * n + k];

							sr += (k % 3) * (ur * vr - ui * vi);
							sm += (k % 3) * (ur * vi + ui * vr);
						}
						ma[0][i * n + j] = sr;
						ma[1][i * n + j] = (i == j) ? 0.0 : sm;
					}
			}
			memcpy(mb[0], ma[0], sizeof(double) * n * n);
			memcpy(mb[1], ma[1], sizeof(double) * n * n);
			rc = qtcl_heig(n, mb[0], mb[1], w, 1);
			for (i = 0; i < n; i++)
				for (j = 0; j < n; j++)
				{
					double		sr = 0.0,
								sm = 0.0,
								orr = 0.0,
								oi = 0.0;

					for (k = 0; k < n; k++)
					{
						double		ar = mb[0][i * n + k],
									ai = mb[1][i * n + k],
									br = mb[0][j * n + k],
									bi = -mb[1][j * n + k];
						double		cr = mb[0][k * n + i],
									ci = -mb[1][k * n + i],
									dr = mb[0][k * n + j],
									di = mb[1][k * n + j];

						sr += w[k] * (ar * br - ai * bi);
						sm += w[k] * (ar * bi + ai * br);
						orr += cr * dr - ci * di;
						oi += cr * di + ci * dr;
					}
					err = fmax(err, hypot(sr - ma[0][i * n + j], sm - ma[1][i * n + j]));
					orth = fmax(orth, hypot(orr - (i == j ? 1.0 : 0.0), oi));
				}
			for (i = 1; i < n; i++)
				if (w[i] < w[i - 1])
					sorted = 0;
			CHECK(rc == QTCL_EIG_OK && err <= 1e-12 && orth <= 1e-12 && sorted,
				  "heig %dx%d %s: V diag(w) V^H = A to %.2g, V^H V = I to %.2g, ascending",
				  n, n, rep == 0 ? "random" : rep == 1 ? "degenerate" : "small-scale", err, orth);
		}

		/* eigenvalues only agree with the vector run */
		{
			double		w2[QTCL_EIG_MAX_N],
						dm = 0.0;

			memcpy(mb[0], ma[0], sizeof(double) * n * n);
			memcpy(mb[1], ma[1], sizeof(double) * n * n);
			qtcl_heig(n, mb[0], mb[1], w2, 0);
			for (i = 0; i < n; i++)
				dm = fmax(dm, fabs(w2[i] - w[i]));
			CHECK(dm <= 1e-13, "heig %dx%d eigenvalues without vectors agree (%.2g)", n, n, dm);
		}

		/* singular values: sum of squares = Frobenius norm^2; rank one x y^H */
		{
			double		fro = 0.0,
						ss = 0.0,
						nx = 0.0,
						ny = 0.0,
						tail = 0.0,
						xr[QTCL_EIG_MAX_N],
						xi[QTCL_EIG_MAX_N],
						yr[QTCL_EIG_MAX_N],
						yi[QTCL_EIG_MAX_N];
			int			rows = n,
						cols = n > 3 ? n - 2 : n;

			for (i = 0; i < rows * cols; i++)
			{
				mb[0][i] = rng_gauss();
				mb[1][i] = rng_gauss();
				fro += mb[0][i] * mb[0][i] + mb[1][i] * mb[1][i];
			}
			CHECK(qtcl_svals(rows, cols, mb[0], mb[1], s) == QTCL_EIG_OK, "svals %dx%d runs", rows, cols);
			for (i = 0; i < cols; i++)
				ss += s[i] * s[i];
			NEAR(ss, fro, 1e-12 * fro, "svals %dx%d: sum of squares is the Frobenius norm^2", rows, cols);
			for (i = 0; i < n; i++)
			{
				xr[i] = rng_gauss();
				xi[i] = rng_gauss();
				yr[i] = rng_gauss();
				yi[i] = rng_gauss();
				nx += xr[i] * xr[i] + xi[i] * xi[i];
				ny += yr[i] * yr[i] + yi[i] * yi[i];
			}
			for (j = 0; j < n; j++)
				for (i = 0; i < n; i++)
				{
					mb[0][j * n + i] = xr[i] * yr[j] + xi[i] * yi[j];
					mb[1][j * n + i] = xi[i] * yr[j] - xr[i] * yi[j];
				}
			qtcl_svals(n, n, mb[0], mb[1], s);
			for (i = 1; i < n; i++)
				tail = fmax(tail, s[i]);
			CHECK(fabs(s[0] - sqrt(nx * ny)) <= 1e-12 * sqrt(nx * ny) && tail <= 1e-13 * sqrt(nx * ny),
				  "svals of a rank-one %dx%d: |x||y| and zeros (largest other %.2g)", n, n, tail);
		}
	}
	CHECK(qtcl_heig(0, ma[0], ma[1], w, 0) == QTCL_EIG_ERR_SIZE, "heig refuses n = 0");
	CHECK(qtcl_heig(65, ma[0], ma[1], w, 0) == QTCL_EIG_ERR_SIZE, "heig refuses n = 65");
}

/* ---- validation ---- */

static int
from_arrays(qtcl_dm *out, int n, const double *re, const double *im, double *detail)
{
	size_t		c = (size_t) 1 << (2 * n);

	return qtcl_dm_from_arrays(out, re, c, im, c, &work, detail);
}

static void
set_diag(double *re, double *im, int d, const double *diag)
{
	int			i;

	memset(re, 0, sizeof(double) * d * d);
	memset(im, 0, sizeof(double) * d * d);
	for (i = 0; i < d; i++)
		re[i * d + i] = diag[i];
}

static void
validation_tests(void)
{
	double		re[16],
				im[16],
				det = 0.0;
	int			rc;
	static const double half[2] = {0.5, 0.5};

	/* accepted */
	set_diag(re, im, 2, half);
	CHECK(from_arrays(&A, 1, re, im, NULL) == QTCL_DM_OK, "I/2 accepted");
	{
		double		dg[2] = {0.5 + 1e-13, 0.5};

		set_diag(re, im, 2, dg);
		CHECK(from_arrays(&A, 1, re, im, NULL) == QTCL_DM_OK, "trace 1 + 1e-13 accepted");
	}
	{
		double		dg[2] = {1.0 + 1e-14, -1e-14};

		set_diag(re, im, 2, dg);
		CHECK(from_arrays(&A, 1, re, im, NULL) == QTCL_DM_OK, "eigenvalue -1e-14 accepted");
	}
	{
		double		dg[4] = {0.25, 0.25, 0.25, 0.25};

		set_diag(re, im, 4, dg);
		re[1] = 0.1;
		re[4] = 0.1 + 1e-10;
		CHECK(from_arrays(&A, 2, re, im, NULL) == QTCL_DM_OK, "asymmetry 1e-10 accepted");
	}

	/* rejected, each with its reason */
	{
		double		dg[4] = {0.25, 0.25, 0.25, 0.25};

		set_diag(re, im, 4, dg);
		re[1] = 0.1;
		re[4] = 0.1 + 1e-6;
		rc = from_arrays(&A, 2, re, im, &det);
		CHECK(rc == QTCL_DM_ERR_NOT_HERMITIAN && fabs(det - 1e-6) < 1e-12,
			  "non-Hermitian (real part) refused: %s", qtcl_dm_strerror(rc));
		set_diag(re, im, 4, dg);
		im[6] = 0.1;
		im[9] = 0.1;			/* should be -0.1 */
		rc = from_arrays(&A, 2, re, im, NULL);
		CHECK(rc == QTCL_DM_ERR_NOT_HERMITIAN, "non-Hermitian (imaginary part) refused");
		set_diag(re, im, 4, dg);
		im[5] = 1e-6;			/* complex diagonal */
		rc = from_arrays(&A, 2, re, im, NULL);
		CHECK(rc == QTCL_DM_ERR_NOT_HERMITIAN, "complex diagonal entry refused");
		CHECK(strstr(qtcl_dm_strerror(rc), "Hermitian") != NULL, "message names Hermitian");
		CHECK(qtcl_dm_error_class(rc) == QTCL_DM_CLASS_STATE, "non-Hermitian is the invalid-state class");
	}
	{
		double		dg[2] = {0.5 + 1e-6, 0.5};

		set_diag(re, im, 2, dg);
		rc = from_arrays(&A, 1, re, im, &det);
		CHECK(rc == QTCL_DM_ERR_TRACE && fabs(det - (1.0 + 1e-6)) < 1e-15,
			  "trace 1 + 1e-6 refused: %s", qtcl_dm_strerror(rc));
		CHECK(strstr(qtcl_dm_strerror(rc), "trace") != NULL, "message names the trace");
	}
	{
		double		dg[2] = {1.0 + 1e-3, -1e-3};

		set_diag(re, im, 2, dg);
		rc = from_arrays(&A, 1, re, im, &det);
		CHECK(rc == QTCL_DM_ERR_NEGATIVE && fabs(det + 1e-3) < 1e-15,
			  "negative eigenvalue refused: %s", qtcl_dm_strerror(rc));
		/* negative eigenvalue hidden in off-diagonals: [[0.5, 0.6], [0.6, 0.5]] */
		set_diag(re, im, 2, half);
		re[1] = re[2] = 0.6;
		rc = from_arrays(&A, 1, re, im, &det);
		CHECK(rc == QTCL_DM_ERR_NEGATIVE && fabs(det + 0.1) < 1e-14,
			  "non-diagonal negative eigenvalue -0.1 refused (%.17g)", det);
		CHECK(strstr(qtcl_dm_strerror(rc), "eigenvalue") != NULL, "message names the eigenvalue");
	}
	set_diag(re, im, 2, half);
	re[1] = NAN;
	rc = from_arrays(&A, 1, re, im, NULL);
	CHECK(rc == QTCL_DM_ERR_NONFINITE, "NaN refused: %s", qtcl_dm_strerror(rc));
	set_diag(re, im, 2, half);
	im[2] = INFINITY;
	CHECK(from_arrays(&A, 1, re, im, NULL) == QTCL_DM_ERR_NONFINITE, "infinity refused");
	set_diag(re, im, 2, half);
	rc = qtcl_dm_from_arrays(&A, re, 3, im, 3, &work, NULL);
	CHECK(rc == QTCL_DM_ERR_SIZE, "3 entries refused: %s", qtcl_dm_strerror(rc));
	CHECK(qtcl_dm_from_arrays(&A, re, 1, im, 1, &work, NULL) == QTCL_DM_ERR_SIZE, "1 entry (0 qubits) refused");
	CHECK(qtcl_dm_from_arrays(&A, re, 8, im, 8, &work, NULL) == QTCL_DM_ERR_SIZE, "8 entries (not square) refused");
	CHECK(qtcl_dm_from_arrays(&A, re, 4, im, 16, &work, NULL) == QTCL_DM_ERR_SIZE_MISMATCH,
		  "re and im of different lengths refused");
	CHECK(qtcl_dm_from_arrays(&A, ma[0], 16384, ma[1], 16384, &work, NULL) == QTCL_DM_ERR_SIZE,
		  "7 qubits (4^7 entries) refused");
	CHECK(strstr(qtcl_dm_strerror(QTCL_DM_ERR_SIZE), "size") != NULL, "message names the size");
}

/* ---- text and binary ---- */

static char textbuf[300000];
static uint8_t binbuf[70000];

static int
parse_str(const char *s, qtcl_dm *out)
{
	return qtcl_dm_parse(s, strlen(s), out, &work, NULL);
}

static void
format_tests(void)
{
	int			n,
				rc;
	size_t		len;

	for (n = 1; n <= 6; n++)
	{
		size_t		blen;

		random_state(&A, n, n == 6 ? 3 : (1 << n));
		if (n == 2)
			A.re[1] = -0.0 * A.re[1];	/* a negative zero survives too (stays Hermitian: re[4] = 0 needed) */
		if (n == 2)
			A.re[4] = 0.0;
		len = qtcl_dm_format(&A, textbuf, sizeof textbuf);
		CHECK(len < sizeof textbuf && len == strlen(textbuf) && len <= qtcl_dm_text_max(n),
			  "%d qubits: text of %zu chars within the bound %zu", n, len, qtcl_dm_text_max(n));
		rc = qtcl_dm_parse(textbuf, len, &B, &work, NULL);
		CHECK(rc == QTCL_DM_OK && B.n == n &&
			  memcmp(A.re, B.re, sizeof(double) * A.dim * A.dim) == 0 &&
			  memcmp(A.im, B.im, sizeof(double) * A.dim * A.dim) == 0,
			  "%d qubits: text round trip is exact (rc %d)", n, rc);
		blen = qtcl_dm_to_binary(&A, binbuf, sizeof binbuf);
		CHECK(blen == qtcl_dm_binary_size(n) && blen == 1 + 16 * (size_t) A.dim * A.dim,
			  "%d qubits: binary form of %zu bytes", n, blen);
		memset(&B, 0, sizeof B);
		rc = qtcl_dm_from_binary(binbuf, blen, &B, &work, NULL);
		CHECK(rc == QTCL_DM_OK && B.n == n &&
			  memcmp(A.re, B.re, sizeof(double) * A.dim * A.dim) == 0 &&
			  memcmp(A.im, B.im, sizeof(double) * A.dim * A.dim) == 0,
			  "%d qubits: binary round trip is exact", n);
		CHECK(qtcl_dm_from_binary(binbuf, blen - 1, &B, &work, NULL) == QTCL_DM_ERR_SIZE_MISMATCH,
			  "%d qubits: short binary refused", n);
	}
	CHECK(binbuf[0] == 6, "binary starts with n");
	{
		qtcl_dm_ghz_state(&A, 1);
		qtcl_dm_to_binary(&A, binbuf, sizeof binbuf);
		/* 0.5 = 0x3FE0000000000000 big-endian */
		CHECK(binbuf[1] == 0x3f && binbuf[2] == 0xe0 && binbuf[3] == 0 && binbuf[8] == 0,
			  "binary doubles are big-endian IEEE-754");
		binbuf[0] = 7;
		CHECK(qtcl_dm_from_binary(binbuf, qtcl_dm_binary_size(1), &B, &work, NULL) == QTCL_DM_ERR_SIZE,
			  "binary with n = 7 refused");
		CHECK(qtcl_dm_from_binary(binbuf, 0, &B, &work, NULL) == QTCL_DM_ERR_SIZE, "empty binary refused");
	}

	qtcl_dm_w_state(&A, 1);
	len = qtcl_dm_format(&A, textbuf, sizeof textbuf);
	CHECK(strcmp(textbuf, "{\"n\": 1, \"re\": [0, 0, 0, 1], \"im\": [0, 0, 0, 0]}") == 0,
		  "documented text form: %s", textbuf);
	CHECK(qtcl_dm_format(&A, textbuf, 10) == len && strlen(textbuf) == 9, "format truncates like snprintf");

	/* accepted spellings */
	CHECK(parse_str("{\"n\":1,\"re\":[0.5,0,0,0.5],\"im\":[0,0,0,0]}", &B) == QTCL_DM_OK, "compact text accepted");
	CHECK(parse_str(" \n{ \"im\" : [ 0 , 0.25 , -0.25 , 0 ] ,\t\"re\":[5e-1,0,0,0.5E0], \"n\": 1 }\r\n", &B) == QTCL_DM_OK
		  && B.im[1] == 0.25 && B.im[2] == -0.25, "keys in any order and whitespace accepted");

	/* unparsable: syntax class */
	{
		static const struct
		{
			const char *text;
			int			code;
			const char *what;
		}			bad[] = {
			{"", QTCL_DM_ERR_SYNTAX, "empty"},
			{"{", QTCL_DM_ERR_SYNTAX, "lone brace"},
			{"[0.5, 0, 0, 0.5]", QTCL_DM_ERR_SYNTAX, "bare array"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 0.5]}", QTCL_DM_ERR_KEY, "missing im"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0], \"n\": 1}", QTCL_DM_ERR_KEY, "duplicate key"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 0.5], \"img\": [0, 0, 0, 0]}", QTCL_DM_ERR_KEY, "unknown key"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]} x", QTCL_DM_ERR_TRAILING, "trailing junk"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}}", QTCL_DM_ERR_TRAILING, "extra brace"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 0.5,], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NUMBER, "trailing comma"},
			{"{\"n\": 1, \"re\": [0.5, nan, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NUMBER, "nan"},
			{"{\"n\": 1, \"re\": [0.5, inf, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NUMBER, "inf"},
			{"{\"n\": 1, \"re\": [.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NUMBER, ".5"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 5.], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NUMBER, "5."},
			{"{\"n\": 1, \"re\": [0x1p-1, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_SYNTAX, "hex float"},
			{"{\"n\": 1, \"re\": [+0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NUMBER, "leading plus"},
			{"{\"n\": 1, \"re\": [0.5 0, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_SYNTAX, "missing comma"},
			{"{\"n\": 1 \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_SYNTAX, "missing comma between members"},
			{"{n: 1, \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_SYNTAX, "unquoted key"},
			{"{\"n\": \"1\", \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NUMBER, "n as a string"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]", QTCL_DM_ERR_SYNTAX, "unterminated"},
		};
		size_t		i;

		for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		{
			rc = parse_str(bad[i].text, &B);
			CHECK(rc == bad[i].code && qtcl_dm_error_class(rc) == QTCL_DM_CLASS_SYNTAX,
				  "unparsable (%s) refused: %s (rc %d)", bad[i].what, qtcl_dm_strerror(rc), rc);
		}
		/* over-long number */
		memset(textbuf, '0', 600);
		memcpy(textbuf, "{\"n\": 1, \"re\": [0.", 18);
		strcpy(textbuf + 500, "5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}");
		CHECK(parse_str(textbuf, &B) == QTCL_DM_ERR_NUMBER, "number of more than 400 characters refused");
	}
	/* well-formed but not a state: state class */
	{
		static const struct
		{
			const char *text;
			int			code;
			const char *what;
		}			bad[] = {
			{"{\"n\": 1, \"re\": [0.5, 0, 0], \"im\": [0, 0, 0]}", QTCL_DM_ERR_SIZE, "3 entries"},
			{"{\"n\": 1, \"re\": [], \"im\": []}", QTCL_DM_ERR_SIZE, "no entries"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0]}", QTCL_DM_ERR_SIZE_MISMATCH, "im shorter"},
			{"{\"n\": 2, \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_SIZE_MISMATCH, "n disagrees"},
			{"{\"n\": 1.5, \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_SIZE_MISMATCH, "n not an integer"},
			{"{\"n\": 1, \"re\": [0.5, 1e999, 1e999, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NONFINITE, "overflow to infinity"},
			{"{\"n\": 1, \"re\": [0.5, 0.1, 0.2, 0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NOT_HERMITIAN, "non-Hermitian"},
			{"{\"n\": 1, \"re\": [0.5, 0, 0, 0.6], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_TRACE, "trace 1.1"},
			{"{\"n\": 1, \"re\": [1.5, 0, 0, -0.5], \"im\": [0, 0, 0, 0]}", QTCL_DM_ERR_NEGATIVE, "negative eigenvalue"},
		};
		size_t		i;

		for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		{
			rc = parse_str(bad[i].text, &B);
			CHECK(rc == bad[i].code && qtcl_dm_error_class(rc) == QTCL_DM_CLASS_STATE,
				  "invalid state (%s) refused: %s (rc %d)", bad[i].what, qtcl_dm_strerror(rc), rc);
		}
	}
	/* 4097 entries: counted, not stored, refused as a size error */
	{
		size_t		p = 0;
		int			i;

		p += sprintf(textbuf + p, "{\"n\": 6, \"re\": [");
		for (i = 0; i < 4097; i++)
			p += sprintf(textbuf + p, i ? ",0" : "0");
		p += sprintf(textbuf + p, "], \"im\": [");
		for (i = 0; i < 4097; i++)
			p += sprintf(textbuf + p, i ? ",0" : "0");
		sprintf(textbuf + p, "]}");
		CHECK(parse_str(textbuf, &B) == QTCL_DM_ERR_SIZE, "4097 entries refused as a size error");
	}
}

/* ---- constructors and closed forms ---- */

static void
closed_forms(void)
{
	double		v,
				f,
				ev[QTCL_DM_MAX_DIM];
	int			n,
				i,
				rc;
	qtcl_dm    *w3 = &C;

	/* W_3 and GHZ_3 */
	qtcl_dm_w_state(w3, 3);
	{
		int			ok = 1;

		for (i = 0; i < 64; i++)
		{
			int			r = i / 8,
						c = i % 8;
			double		want = ((r == 4 || r == 2 || r == 1) && (c == 4 || c == 2 || c == 1)) ? 1.0 / 3 : 0.0;

			if (fabs(w3->re[i] - want) > 1e-16 || w3->im[i] != 0.0)
				ok = 0;
		}
		CHECK(ok, "W_3 = |W><W| with amplitude 1/sqrt(3) at indices 4, 2, 1");
	}
	CHECK(qtcl_dm_validate(w3, &work, NULL) == QTCL_DM_OK, "W_3 is a valid state");
	NEAR(qtcl_dm_l1_coherence(w3), 2.0, 1e-12, "l1 coherence of W_3 is 2");
	qtcl_dm_ghz_state(&A, 3);
	CHECK(A.re[0] == 0.5 && A.re[7] == 0.5 && A.re[56] == 0.5 && A.re[63] == 0.5, "GHZ_3 entries");
	NEAR(qtcl_dm_l1_coherence(&A), 1.0, 1e-12, "l1 coherence of GHZ_3 is 1");
	for (n = 1; n <= 6; n++)
	{
		qtcl_dm_w_state(&A, n);
		qtcl_dm_entropy(&A, &work, &v);
		CHECK(qtcl_dm_validate(&A, &work, NULL) == QTCL_DM_OK && fabs(qtcl_dm_purity(&A) - 1) < 1e-12 && v < 1e-12,
			  "W_%d valid, pure, entropy 0", n);
		NEAR(qtcl_dm_l1_coherence(&A), n - 1.0, 1e-12, "l1 coherence of W_%d is n - 1", n);
		qtcl_dm_ghz_state(&A, n);
		qtcl_dm_entropy(&A, &work, &v);
		CHECK(qtcl_dm_validate(&A, &work, NULL) == QTCL_DM_OK && fabs(qtcl_dm_purity(&A) - 1) < 1e-12 && v < 1e-12,
			  "GHZ_%d valid, pure, entropy 0", n);
		/* maximally mixed */
		qtcl_dm_ghz_state(&A, n);
		qtcl_dm_depolarize(&A, 1.0);
		qtcl_dm_entropy(&A, &work, &v);
		NEAR(v, (double) n, 1e-12, "maximally mixed %d-qubit state has entropy %d bits", n, n);
		NEAR(qtcl_dm_purity(&A), 1.0 / (1 << n), 1e-15, "maximally mixed %d-qubit purity 2^-n", n);
	}
	CHECK(qtcl_dm_w_state(&A, 0) == QTCL_DM_ERR_QUBITS && qtcl_dm_w_state(&A, 7) == QTCL_DM_ERR_QUBITS &&
		  qtcl_dm_ghz_state(&A, 0) == QTCL_DM_ERR_QUBITS && qtcl_dm_ghz_state(&A, 7) == QTCL_DM_ERR_QUBITS,
		  "w_state / ghz_state refuse 0 and 7 qubits");

	/* global depolarizing of pure 3-qubit states, p = 0.1 */
	for (i = 0; i < 3; i++)
	{
		double		p = 0.1;
		const char *name = i == 0 ? "W_3" : i == 1 ? "GHZ_3" : "random pure";
		double		l1;

		if (i == 0)
			qtcl_dm_w_state(&D, 3);
		else if (i == 1)
			qtcl_dm_ghz_state(&D, 3);
		else
			random_state(&D, 3, 1);
		A = D;
		l1 = qtcl_dm_l1_coherence(&D);
		CHECK(qtcl_dm_depolarize(&A, p) == QTCL_DM_OK, "depolarize %s p = 0.1", name);
		rc = qtcl_dm_eigenvalues(&A, &work, ev);
		{
			double		e = 0.0;
			int			k;

			for (k = 0; k < 7; k++)
				e = fmax(e, fabs(ev[k] - p / 8));
			e = fmax(e, fabs(ev[7] - (1 - 7 * p / 8)));
			CHECK(rc == QTCL_DM_OK && e <= 1e-12, "%s depolarized: eigenvalues {1-7p/8, p/8 x7} (err %.2g)", name, e);
		}
		NEAR(qtcl_dm_purity(&A), 0.83375, 1e-12, "%s depolarized: purity 0.83375", name);
		qtcl_dm_entropy(&A, &work, &v);
		NEAR(v, 0.673713184909, 1e-12, "%s depolarized: entropy 0.673713184909 bits", name);
		qtcl_dm_fidelity(&A, &D, &work, &f);
		NEAR(f, 0.9125, 1e-12, "%s depolarized: F(rho, psi) = 0.9125 (rank-deficient psi)", name);
		qtcl_dm_fidelity(&D, &A, &work, &f);
		NEAR(f, 0.9125, 1e-12, "%s depolarized: F(psi, rho) = 0.9125", name);
		NEAR(qtcl_dm_l1_coherence(&A), 0.9 * l1, 1e-12, "%s depolarized: l1 = (1-p) l1(psi)", name);
	}

	/* local depolarizing p = 0.3 on all three qubits of W */
	{
		double		p = 0.3,
					q = 1 - p;
		int32_t		all[3] = {0, 1, 2};

		A = *w3;
		CHECK(qtcl_dm_depolarize_local(&A, p, NULL, 0) == QTCL_DM_OK, "local depolarize W_3 on all qubits");
		NEAR(qtcl_dm_purity(&A), 0.289376625, 1e-12, "local depolarized W: purity 0.289376625");
		NEAR(qtcl_dm_purity(&A), 1.0 / 8 + q * q / 24 + 3 * pow(q, 4) / 8 + 11 * pow(q, 6) / 24, 1e-12,
			 "local depolarized W: purity closed form");
		qtcl_dm_fidelity(&A, w3, &work, &f);
		NEAR(f, 0.495125, 1e-12, "local depolarized W: F_W = 0.495125");
		NEAR(qtcl_dm_l1_coherence(&A), 2 * q * q, 1e-12, "local depolarized W: l1 = 2(1-p)^2");
		B = *w3;
		qtcl_dm_depolarize_local(&B, p, all, 3);
		CHECK(max_diff(&A, &B) == 0.0, "explicit list {0,1,2} equals all qubits");
		/* Kraus form on one qubit: sqrt(1-3p/4) I, sqrt(p/4) X, Y, Z */
		B = *w3;
		{
			int32_t		one = 1;

			qtcl_dm_depolarize_local(&B, p, &one, 1);
		}
		{
			/* explicit Kraus sum on qubit 1 (mask 2) */
			int			d = 8,
						r,
						c;
			double		e = 0.0;

			for (r = 0; r < d; r++)
				for (c = 0; c < d; c++)
				{
					int			br = (r >> 1) & 1,
								bc = (c >> 1) & 1;
					double		x = w3->re[r * d + c];
					double		xf = w3->re[(r ^ 2) * d + (c ^ 2)];
					/* I: x; X: xf; Y: (sign) xf with Y = [[0,-i],[i,0]]: Y rho Y entry = s xf,
					 * s = (br == bc) ? 1 : -1; Z: (br == bc ? 1 : -1) x */
					double		sgn = (br == bc) ? 1.0 : -1.0;
					double		want = (1 - 3 * p / 4) * x + p / 4 * (xf + sgn * xf + sgn * x);

					e = fmax(e, fabs(B.re[r * d + c] - want));
				}
			CHECK(e <= 1e-15, "local depolarizing on qubit 1 matches the Kraus form (err %.2g)", e);
		}
	}

	/* amplitude damping */
	{
		double		g = 0.25;

		A = *w3;
		CHECK(qtcl_dm_amplitude_damp(&A, g, NULL, 0) == QTCL_DM_OK, "amplitude damp W_3");
		B = *w3;
		for (i = 0; i < 64; i++)
		{
			B.re[i] *= 1 - g;
			B.im[i] *= 1 - g;
		}
		B.re[0] += g;
		CHECK(max_diff(&A, &B) <= 1e-15, "amplitude damped W = (1-g)|W><W| + g|000><000|");
		NEAR(qtcl_dm_purity(&A), (1 - g) * (1 - g) + g * g, 1e-12, "amplitude damped W: purity");
		qtcl_dm_entropy(&A, &work, &v);
		NEAR(v, binary_entropy(g), 1e-12, "amplitude damped W: entropy h(gamma)");
		qtcl_dm_fidelity(&A, w3, &work, &f);
		NEAR(f, 1 - g, 1e-12, "amplitude damped W: F_W = 1 - gamma");
		NEAR(qtcl_dm_l1_coherence(&A), 2 * (1 - g), 1e-12, "amplitude damped W: l1 = 2(1 - gamma)");
		A = *w3;
		qtcl_dm_amplitude_damp(&A, 1.0, NULL, 0);
		NEAR(A.re[0], 1.0, 1e-15, "amplitude damping 1 sends W to |000>");
	}

	/* phase damping */
	{
		double		l = 0.4;

		A = *w3;
		CHECK(qtcl_dm_phase_damp(&A, l, NULL, 0) == QTCL_DM_OK, "phase damp W_3");
		NEAR(qtcl_dm_purity(&A), 1.0 / 3 + 2 * (1 - l) * (1 - l) / 3, 1e-12, "phase damped W: purity");
		qtcl_dm_fidelity(&A, w3, &work, &f);
		NEAR(f, 1 - 2 * l / 3, 1e-12, "phase damped W: F_W = 1 - 2 lambda / 3");
		NEAR(qtcl_dm_l1_coherence(&A), 2 * (1 - l), 1e-12, "phase damped W: l1 = 2(1 - lambda)");
	}

	/* partial traces of W_3 */
	for (i = 0; i < 3; i++)
	{
		int32_t		k1 = i;

		CHECK(qtcl_dm_partial_trace(w3, &k1, 1, &A) == QTCL_DM_OK && A.n == 1, "W_3 traced onto qubit %d", i);
		CHECK(fabs(A.re[0] - 2.0 / 3) < 1e-15 && fabs(A.re[3] - 1.0 / 3) < 1e-15 &&
			  A.re[1] == 0 && A.re[2] == 0, "W_3 onto qubit %d is diag(2/3, 1/3)", i);
		qtcl_dm_entropy(&A, &work, &v);
		NEAR(v, 0.918295834054, 1e-12, "W_3 onto qubit %d: entropy 0.918295834054", i);
	}
	for (i = 0; i < 3; i++)
	{
		int32_t		k2[2] = {i == 2 ? 1 : 0, i == 0 ? 1 : 2};
		double		c;

		/* (1/3)|00><00| + (2/3)|Psi+><Psi+| */
		memset(&B, 0, sizeof B);
		B.n = 2;
		B.dim = 4;
		B.re[0] = 1.0 / 3;
		B.re[1 * 4 + 1] = B.re[1 * 4 + 2] = B.re[2 * 4 + 1] = B.re[2 * 4 + 2] = 1.0 / 3;
		CHECK(qtcl_dm_partial_trace(w3, k2, 2, &A) == QTCL_DM_OK && max_diff(&A, &B) < 1e-15,
			  "W_3 onto qubits {%d,%d} is (1/3)|00><00| + (2/3)|Psi+><Psi+|", k2[0], k2[1]);
		qtcl_dm_concurrence(&A, &work, &c);
		NEAR(c, 2.0 / 3, 1e-12, "W_3 onto qubits {%d,%d}: concurrence 2/3", k2[0], k2[1]);
	}
	{
		int32_t		rev[2] = {2, 0};
		int32_t		fwd[2] = {0, 2};

		qtcl_dm_partial_trace(&C, rev, 2, &A);
		qtcl_dm_partial_trace(&C, fwd, 2, &B);
		CHECK(max_diff(&A, &B) == 0.0, "partial trace keeps qubits in increasing order whatever the list order");
	}

	/* concurrence */
	{
		double		c,
					s2 = sqrt(0.5);
		double		bell_r[4] = {s2, 0, 0, s2},
					zero[4] = {0, 0, 0, 0};

		pure_state(&A, 2, bell_r, zero);
		qtcl_dm_concurrence(&A, &work, &c);
		NEAR(c, 1.0, 1e-12, "concurrence of a Bell state is 1");
		qtcl_dm_ghz_state(&A, 2);
		qtcl_dm_depolarize(&A, 1.0);
		qtcl_dm_concurrence(&A, &work, &c);
		NEAR(c, 0.0, 1e-12, "concurrence of I/4 is 0");
		/* Werner: F |Psi-><Psi-| + (1-F)/3 (I - |Psi-><Psi-|), F = 0.8 */
		{
			double		sr[4] = {0, s2, -s2, 0};
			double		F = 0.8;

			pure_state(&A, 2, sr, zero);
			for (i = 0; i < 16; i++)
				A.re[i] *= F - (1 - F) / 3;
			for (i = 0; i < 4; i++)
				A.re[i * 5] += (1 - F) / 3;
			CHECK(qtcl_dm_validate(&A, &work, NULL) == QTCL_DM_OK, "Werner state valid");
			qtcl_dm_concurrence(&A, &work, &c);
			NEAR(c, 0.6, 1e-12, "concurrence of the Werner state with singlet fidelity 0.8 is 0.6");
		}
		/* product of pure states: 0 */
		{
			double		pr[4],
						pi[4],
						ar = 0.6,
						ai = 0.0,
						br = 0.0,
						bi = 0.8,
						cr = sqrt(0.3),
						dr = sqrt(0.7);

			/* (0.6|0> + 0.8i|1>) (x) (sqrt.3|0> + sqrt.7|1>) */
			pr[0] = ar * cr;
			pi[0] = ai * cr;
			pr[1] = ar * dr;
			pi[1] = ai * dr;
			pr[2] = br * cr;
			pi[2] = bi * cr;
			pr[3] = br * dr;
			pi[3] = bi * dr;
			pure_state(&A, 2, pr, pi);
			qtcl_dm_concurrence(&A, &work, &c);
			NEAR(c, 0.0, 1e-12, "concurrence of a pure product state is 0");
		}
		/* pure a|00> + b|11>: C = 2|ab| */
		{
			double		pr[4] = {0.6, 0, 0, 0},
						pi[4] = {0, 0, 0, 0.8};

			pure_state(&A, 2, pr, pi);
			qtcl_dm_concurrence(&A, &work, &c);
			NEAR(c, 0.96, 1e-12, "concurrence of 0.6|00> + 0.8i|11> is 0.96");
		}
		qtcl_dm_w_state(&A, 3);
		CHECK(qtcl_dm_concurrence(&A, &work, &c) == QTCL_DM_ERR_NOT_TWO_QUBITS, "concurrence of 3 qubits refused: %s",
			  qtcl_dm_strerror(QTCL_DM_ERR_NOT_TWO_QUBITS));
		qtcl_dm_w_state(&A, 1);
		CHECK(qtcl_dm_concurrence(&A, &work, &c) == QTCL_DM_ERR_NOT_TWO_QUBITS, "concurrence of 1 qubit refused");
	}

	/* trace distance: orthogonal pure states 1, identical 0, |0> vs I/2 is 1/2 */
	{
		double		t;

		qtcl_dm_w_state(&A, 3);
		qtcl_dm_ghz_state(&B, 3);
		qtcl_dm_trace_distance(&A, &B, &work, &t);
		NEAR(t, 1.0, 1e-12, "trace distance W_3 vs GHZ_3 (orthogonal) is 1");
		qtcl_dm_fidelity(&A, &B, &work, &f);
		NEAR(f, 0.0, 1e-12, "fidelity W_3 vs GHZ_3 (orthogonal) is 0");
		qtcl_dm_trace_distance(&A, &A, &work, &t);
		NEAR(t, 0.0, 1e-15, "trace distance of a state to itself is 0");
		qtcl_dm_w_state(&A, 1);
		B = A;
		qtcl_dm_depolarize(&B, 1.0);
		qtcl_dm_trace_distance(&A, &B, &work, &t);
		NEAR(t, 0.5, 1e-15, "trace distance |1> vs I/2 is 1/2");
		qtcl_dm_fidelity(&A, &B, &work, &f);
		NEAR(f, 0.5, 1e-15, "fidelity |1> vs I/2 is 1/2");
	}
}

/* ---- argument errors ---- */

static void
argument_errors(void)
{
	int32_t		q[3];
	double		f;
	int			rc;

	qtcl_dm_w_state(&A, 3);
	B = A;
	CHECK(qtcl_dm_depolarize(&A, -0.1) == QTCL_DM_ERR_PARAM, "depolarize p = -0.1 refused");
	CHECK(qtcl_dm_depolarize(&A, 1.1) == QTCL_DM_ERR_PARAM, "depolarize p = 1.1 refused");
	CHECK(qtcl_dm_depolarize(&A, NAN) == QTCL_DM_ERR_PARAM, "depolarize p = NaN refused");
	CHECK(qtcl_dm_depolarize_local(&A, 1.5, NULL, 0) == QTCL_DM_ERR_PARAM, "local depolarize p = 1.5 refused");
	CHECK(qtcl_dm_amplitude_damp(&A, -1e-9, NULL, 0) == QTCL_DM_ERR_PARAM, "amplitude damp gamma < 0 refused");
	rc = qtcl_dm_phase_damp(&A, 2.0, NULL, 0);
	CHECK(rc == QTCL_DM_ERR_PARAM && qtcl_dm_error_class(rc) == QTCL_DM_CLASS_ARGUMENT,
		  "phase damp lambda = 2 refused: %s", qtcl_dm_strerror(rc));
	q[0] = 3;
	rc = qtcl_dm_amplitude_damp(&A, 0.5, q, 1);
	CHECK(rc == QTCL_DM_ERR_QUBIT_RANGE, "qubit 3 of 3 refused: %s", qtcl_dm_strerror(rc));
	q[0] = -1;
	CHECK(qtcl_dm_phase_damp(&A, 0.5, q, 1) == QTCL_DM_ERR_QUBIT_RANGE, "qubit -1 refused");
	q[0] = 0;
	q[1] = 2;
	q[2] = 0;
	CHECK(qtcl_dm_depolarize_local(&A, 0.5, q, 3) == QTCL_DM_ERR_QUBIT_DUP, "duplicate qubit refused");
	CHECK(max_diff(&A, &B) == 0.0, "refused channels leave the state unchanged");
	CHECK(qtcl_dm_amplitude_damp(&A, 0.5, q, 0) == QTCL_DM_OK && max_diff(&A, &B) == 0.0, "empty qubit list is a no-op");
	CHECK(qtcl_dm_depolarize(&A, 0.0) == QTCL_DM_OK && max_diff(&A, &B) == 0.0, "p = 0 is the identity");
	CHECK(qtcl_dm_partial_trace(&A, q, 0, &C) == QTCL_DM_ERR_KEEP_EMPTY, "partial trace keeping nothing refused");
	q[0] = 5;
	CHECK(qtcl_dm_partial_trace(&A, q, 1, &C) == QTCL_DM_ERR_QUBIT_RANGE, "partial trace of qubit 5 of 3 refused");
	q[0] = 1;
	q[1] = 1;
	CHECK(qtcl_dm_partial_trace(&A, q, 2, &C) == QTCL_DM_ERR_QUBIT_DUP, "partial trace with a repeated qubit refused");
	qtcl_dm_w_state(&C, 2);
	CHECK(qtcl_dm_fidelity(&A, &C, &work, &f) == QTCL_DM_ERR_DIM_MISMATCH, "fidelity of 3 vs 2 qubits refused");
	CHECK(qtcl_dm_trace_distance(&A, &C, &work, &f) == QTCL_DM_ERR_DIM_MISMATCH, "trace distance of 3 vs 2 qubits refused");
}

/* ---- properties on random states ---- */

static void
properties(void)
{
	int			n,
				t;

	for (n = 1; n <= 5; n++)
	{
		int			d = 1 << n,
					ok_purity = 1,
					ok_channels = 1,
					ok_fid = 1,
					ok_td = 1,
					ok_pure = 1,
					trials = n <= 3 ? 40 : 10;
		double		worst_sym = 0.0,
					worst_self = 0.0,
					worst_tr = 0.0,
					worst_pure = 0.0;

		for (t = 0; t < trials; t++)
		{
			int			rank = 1 + (int) (rng_next() % d),
						rank2 = 1 + (int) (rng_next() % d);
			double		pur,
						f1,
						f2,
						td1,
						td2,
						ff;
			int32_t		q = (int32_t) (rng_next() % n);

			random_state(&A, n, rank);
			random_state(&B, n, rank2);
			pur = qtcl_dm_purity(&A);
			if (!(pur >= 1.0 / d - 1e-15 && pur <= 1.0 + 1e-15))
				ok_purity = 0;

			/* channels keep trace 1 and positivity */
			C = A;
			qtcl_dm_depolarize(&C, rng_uniform());
			qtcl_dm_depolarize_local(&C, rng_uniform(), &q, 1);
			qtcl_dm_amplitude_damp(&C, rng_uniform(), NULL, 0);
			qtcl_dm_phase_damp(&C, rng_uniform(), &q, 1);
			qtcl_dm_depolarize_local(&C, rng_uniform(), NULL, 0);
			worst_tr = fmax(worst_tr, fabs(trace_of(&C) - 1.0));
			if (qtcl_dm_validate(&C, &work, NULL) != QTCL_DM_OK)
				ok_channels = 0;

			/* fidelity symmetric, 1 on identical states, in [0, 1] */
			qtcl_dm_fidelity(&A, &B, &work, &f1);
			qtcl_dm_fidelity(&B, &A, &work, &f2);
			worst_sym = fmax(worst_sym, fabs(f1 - f2));
			if (!(f1 >= 0 && f1 <= 1))
				ok_fid = 0;
			qtcl_dm_fidelity(&A, &A, &work, &ff);
			worst_self = fmax(worst_self, fabs(ff - 1.0));

			/* trace distance symmetric in [0, 1]; Fuchs-van de Graaf bounds */
			qtcl_dm_trace_distance(&A, &B, &work, &td1);
			qtcl_dm_trace_distance(&B, &A, &work, &td2);
			if (fabs(td1 - td2) > 1e-13 || td1 < 0 || td1 > 1 ||
				1 - sqrt(f1) > td1 + 1e-12 || td1 > sqrt(1 - f1) + 1e-12)
				ok_td = 0;

			/* F(rho, |psi><psi|) = <psi|rho|psi> */
			{
				double		pr[64],
							pi[64],
							nn = 0.0,
							er = 0.0,
							fp;
				int			i,
							j;

				for (i = 0; i < d; i++)
				{
					pr[i] = rng_gauss();
					pi[i] = rng_gauss();
					nn += pr[i] * pr[i] + pi[i] * pi[i];
				}
				nn = sqrt(nn);
				for (i = 0; i < d; i++)
				{
					pr[i] /= nn;
					pi[i] /= nn;
				}
				pure_state(&D, n, pr, pi);
				for (i = 0; i < d; i++)
					for (j = 0; j < d; j++)
					{
						/* conj(psi_i) rho_ij psi_j, real part */
						double		xr = A.re[i * d + j] * pr[j] - A.im[i * d + j] * pi[j];
						double		xi = A.re[i * d + j] * pi[j] + A.im[i * d + j] * pr[j];

						er += pr[i] * xr + pi[i] * xi;
					}
				qtcl_dm_fidelity(&A, &D, &work, &fp);
				worst_pure = fmax(worst_pure, fabs(fp - er));
				if (fabs(fp - er) > 1e-12)
					ok_pure = 0;
			}
		}
		CHECK(ok_purity, "%d qubits: purity in [2^-n, 1] on %d random states", n, trials);
		CHECK(ok_channels && worst_tr <= 1e-13, "%d qubits: channel chains keep trace 1 (%.2g) and validity", n, worst_tr);
		CHECK(ok_fid && worst_sym <= 1e-10, "%d qubits: fidelity in [0,1] and symmetric (worst %.2g)", n, worst_sym);
		CHECK(worst_self <= 1e-12, "%d qubits: F(rho, rho) = 1 (worst %.2g)", n, worst_self);
		CHECK(ok_td, "%d qubits: trace distance symmetric, in [0,1], within the Fuchs-van de Graaf bounds", n);
		CHECK(ok_pure, "%d qubits: F(rho, psi) = <psi|rho|psi> (worst %.2g)", n, worst_pure);
	}

	/* partial trace of a product state */
	for (t = 0; t < 6; t++)
	{
		int			na = 1 + t % 3,
					nb = 1 + (t / 2) % 3;
		int32_t		ka[3] = {0, 1, 2},
					kb[3];
		int			i;
		qtcl_dm    *x = &A,
				   *y = &B;

		random_state(x, na, 1 + t % 2);
		random_state(y, nb, 2);
		tensor(x, y, &C);
		for (i = 0; i < nb; i++)
			kb[i] = na + i;
		qtcl_dm_partial_trace(&C, ka, na, &D);
		CHECK(max_diff(&D, x) <= 1e-15, "partial trace of a %d (x) %d qubit product onto the first factor", na, nb);
		qtcl_dm_partial_trace(&C, kb, nb, &D);
		CHECK(max_diff(&D, y) <= 1e-15, "partial trace of a %d (x) %d qubit product onto the second factor", na, nb);
	}

	/* larger sizes: 6 qubits validate, entropy, fidelity */
	{
		double		s,
					f;

		random_state(&A, 6, 64);
		CHECK(qtcl_dm_validate(&A, &work, NULL) == QTCL_DM_OK, "random full-rank 6-qubit state valid");
		int			rc = qtcl_dm_entropy(&A, &work, &s);

		CHECK(rc == QTCL_DM_OK && s > 4 && s < 6, "6-qubit entropy %.6f in (4, 6)", s);
		CHECK(qtcl_dm_fidelity(&A, &A, &work, &f) == QTCL_DM_OK && fabs(f - 1) < 1e-12, "6-qubit F(rho, rho) = 1");
	}
}

int
main(void)
{
	eigen_tests();
	validation_tests();
	format_tests();
	closed_forms();
	argument_errors();
	properties();
	return unit_done();
}
