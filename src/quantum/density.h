/*
 * density.h: n-qubit density matrices, 1 <= n <= 6 (conventions in
 * ../shared/conventions/density_matrix.md).
 *
 * Representation: rho[i][j] = <i|rho|j> = re[i*dim + j] + i im[i*dim + j],
 * dim = 2^n, row-major, 4^n entries in each array. Qubit 0 is the most
 * significant bit of the basis index.
 *
 * Validation (every input: text, binary, arrays), tolerance QTCL_DM_TOL =
 * 1e-9, in this order, each failure with its own code:
 *   size      4^n entries, 1 <= n <= 6, re and im of equal length
 *   finite    every entry finite
 *   Hermitian max |rho_ij - conj(rho_ji)| <= tol
 *   trace     |tr rho - 1| <= tol
 *   positive  smallest eigenvalue >= -tol
 * Stored values are kept exactly as given (no symmetrisation or
 * renormalisation), so every form round-trips bit for bit.
 *
 * Text form (valid JSON; output uses %.17g, which strtod reads back
 * exactly):
 *     {"n": 1, "re": [0.5, 0, 0, 0.5], "im": [0, 0, 0, 0]}
 * "n" is the number of qubits, "re"/"im" the row-major real and imaginary
 * parts. Input: the three keys exactly once each, in any order, JSON
 * whitespace anywhere between tokens; numbers in JSON syntax
 * (-?int(.frac)?(e[+-]?digits)?, at most 400 characters); nothing after the
 * closing brace except whitespace. Syntax errors are the "unparsable" class;
 * a well-formed text whose content fails a validation condition (including
 * a number that overflows to infinity) is the "invalid state" class.
 * The output depends on LC_NUMERIC being "C" (as it always is in a
 * PostgreSQL backend).
 *
 * Binary form: one byte n, then the 4^n real parts, then the 4^n imaginary
 * parts, each an IEEE-754 double in big-endian byte order
 * (1 + 16 * 4^n bytes).
 *
 * Fidelity (Uhlmann, squared): with rho = V diag(l) V^H (eigenvalues below
 * 1e-13 clipped to 0), F = (sum sqrt eig K)^2 for the r x r matrix
 * K = diag(sqrt l) V^H sigma V diag(sqrt l) when every eigenvalue of K is
 * >= 1e-6 (or r = 1); otherwise (rank-deficient products) F = (sum of
 * singular values of sqrt(rho) sqrt(sigma))^2 by one-sided Jacobi on the
 * reduced factor, which keeps small singular values exact to ~1e-16.
 * Concurrence uses the same singular values for rho and the spin-flipped
 * rho~. About 9 us for two 3-qubit states; 6-qubit full-rank pairs take
 * the Jacobi route (~16 ms).
 *
 * Functions that need eigenvalues take a caller-provided qtcl_dm_work
 * (about 200 KB: palloc it, or keep one static in a test). A qtcl_dm itself
 * is 64 KB. No allocation, no global state, no printing. Functions return
 * QTCL_DM_OK (0) or a positive QTCL_DM_ERR_* code; qtcl_dm_strerror() gives
 * a static message naming the failed condition and qtcl_dm_error_class()
 * says which kind of error it is.
 */
#ifndef QTCL_DENSITY_H
#define QTCL_DENSITY_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_DM_MAX_QUBITS	6
#define QTCL_DM_MAX_DIM		64
#define QTCL_DM_MAX_ENTRIES 4096
#define QTCL_DM_TOL			1e-9
#define QTCL_DM_EIG_CLIP	1e-13	/* eigenvalues below this count as 0 in square roots */
#define QTCL_DM_ENTROPY_EPS 1e-15	/* eigenvalues at or below this add nothing to the entropy */

typedef struct qtcl_dm
{
	int			n;				/* qubits, 1..6 */
	int			dim;			/* 2^n */
	double		re[QTCL_DM_MAX_ENTRIES];
	double		im[QTCL_DM_MAX_ENTRIES];
} qtcl_dm;

typedef struct qtcl_dm_work
{
	double		m[6][QTCL_DM_MAX_ENTRIES];
	double		v[4][QTCL_DM_MAX_DIM];
} qtcl_dm_work;

enum
{
	QTCL_DM_OK = 0,
	/* class QTCL_DM_CLASS_SYNTAX: the text cannot be parsed */
	QTCL_DM_ERR_SYNTAX = 1,			/* unexpected character / malformed structure */
	QTCL_DM_ERR_NUMBER,				/* malformed or over-long number */
	QTCL_DM_ERR_KEY,				/* unknown, duplicate or missing key */
	QTCL_DM_ERR_TRAILING,			/* characters after the closing brace */
	/* class QTCL_DM_CLASS_STATE: parsed, but not a valid density matrix */
	QTCL_DM_ERR_SIZE,				/* not 4^n entries with 1 <= n <= 6 */
	QTCL_DM_ERR_SIZE_MISMATCH,		/* re and im lengths differ, or n disagrees with them */
	QTCL_DM_ERR_NONFINITE,
	QTCL_DM_ERR_NOT_HERMITIAN,
	QTCL_DM_ERR_TRACE,
	QTCL_DM_ERR_NEGATIVE,
	/* class QTCL_DM_CLASS_ARGUMENT: a bad argument to an operation */
	QTCL_DM_ERR_QUBITS,				/* number of qubits outside 1..6 */
	QTCL_DM_ERR_PARAM,				/* channel parameter outside [0, 1] */
	QTCL_DM_ERR_QUBIT_RANGE,		/* qubit index outside 0..n-1 */
	QTCL_DM_ERR_QUBIT_DUP,			/* qubit listed twice */
	QTCL_DM_ERR_KEEP_EMPTY,			/* partial trace keeping no qubit */
	QTCL_DM_ERR_NOT_TWO_QUBITS,		/* concurrence of a state that is not 2 qubits */
	QTCL_DM_ERR_DIM_MISMATCH,		/* two states of different sizes */
	QTCL_DM_ERR_BUFFER,				/* output buffer too small */
	/* class QTCL_DM_CLASS_INTERNAL */
	QTCL_DM_ERR_EIGEN				/* eigensolver did not converge */
};

enum
{
	QTCL_DM_CLASS_NONE = 0,
	QTCL_DM_CLASS_SYNTAX,			/* SQL: invalid_text_representation */
	QTCL_DM_CLASS_STATE,			/* SQL: e.g. invalid_parameter_value / data_exception */
	QTCL_DM_CLASS_ARGUMENT,			/* SQL: invalid_parameter_value */
	QTCL_DM_CLASS_INTERNAL
};

const char *qtcl_dm_strerror(int code);
int			qtcl_dm_error_class(int code);

/*
 * Validation of rho->n, rho->dim and the entries. *detail (may be NULL)
 * receives the measured quantity of the failed condition: max asymmetry,
 * the trace, or the smallest eigenvalue.
 */
int			qtcl_dm_validate(const qtcl_dm *rho, qtcl_dm_work *w, double *detail);

/* From row-major arrays (nre, nim = 4^n entries each); validated. */
int			qtcl_dm_from_arrays(qtcl_dm *out, const double *re, size_t nre,
								const double *im, size_t nim, qtcl_dm_work *w,
								double *detail);

/* Text form: parse (len bytes, no NUL needed) and validate. */
int			qtcl_dm_parse(const char *s, size_t len, qtcl_dm *out, qtcl_dm_work *w,
						  double *detail);

/* Upper bound of the text length (without NUL) for n qubits. */
size_t		qtcl_dm_text_max(int n);

/*
 * Writes the text form with a NUL into buf[cap] if it fits; returns the
 * length without the NUL (snprintf style: a result >= cap means truncated).
 */
size_t		qtcl_dm_format(const qtcl_dm *rho, char *buf, size_t cap);

/* Binary form. */
size_t		qtcl_dm_binary_size(int n);
size_t		qtcl_dm_to_binary(const qtcl_dm *rho, uint8_t *buf, size_t cap);	/* bytes written, 0 if cap too small */
int			qtcl_dm_from_binary(const uint8_t *buf, size_t len, qtcl_dm *out,
								qtcl_dm_work *w, double *detail);

/* |W_n><W_n| (one excitation, uniform) and |GHZ_n><GHZ_n|. */
int			qtcl_dm_w_state(qtcl_dm *out, int n);
int			qtcl_dm_ghz_state(qtcl_dm *out, int n);

/* Metrics. */
double		qtcl_dm_purity(const qtcl_dm *rho);
double		qtcl_dm_l1_coherence(const qtcl_dm *rho);
int			qtcl_dm_eigenvalues(const qtcl_dm *rho, qtcl_dm_work *w, double *out);	/* dim values, ascending */
int			qtcl_dm_entropy(const qtcl_dm *rho, qtcl_dm_work *w, double *bits);
int			qtcl_dm_fidelity(const qtcl_dm *rho, const qtcl_dm *sigma, qtcl_dm_work *w, double *f);
int			qtcl_dm_trace_distance(const qtcl_dm *rho, const qtcl_dm *sigma, qtcl_dm_work *w, double *d);
int			qtcl_dm_concurrence(const qtcl_dm *rho, qtcl_dm_work *w, double *c);

/*
 * Channels, in place. qubits == NULL means every qubit; otherwise
 * qubits[nqubits] lists distinct qubits 0..n-1 (nqubits == 0: no-op).
 * p, gamma, lambda must lie in [0, 1]. On error rho is unchanged.
 */
int			qtcl_dm_depolarize(qtcl_dm *rho, double p);
int			qtcl_dm_depolarize_local(qtcl_dm *rho, double p, const int32_t *qubits, int nqubits);
int			qtcl_dm_amplitude_damp(qtcl_dm *rho, double gamma, const int32_t *qubits, int nqubits);
int			qtcl_dm_phase_damp(qtcl_dm *rho, double lambda, const int32_t *qubits, int nqubits);

/*
 * Partial trace keeping the listed qubits (distinct, 0..n-1, any order,
 * at least one); they are kept in increasing order, the lowest becoming the
 * most significant. out must not be rho.
 */
int			qtcl_dm_partial_trace(const qtcl_dm *rho, const int32_t *keep, int nkeep, qtcl_dm *out);

#endif
