/*
 * eigen.h: dense complex linear algebra for the density-matrix type:
 * a Hermitian eigensolver and singular values of a complex matrix.
 *
 * Hermitian eigensolver (qtcl_heig): unitary Householder reduction of the
 * complex Hermitian matrix to a real symmetric tridiagonal one (the complex
 * off-diagonal is made real by a diagonal phase similarity), then the
 * implicit QL algorithm with Wilkinson shifts, the plane rotations applied
 * directly to the accumulated complex transform. Backward stable: eigenvalues
 * to about n * 1e-16 * ||A||, eigenvectors orthonormal to the same order, so
 * V diag(w) V^H reproduces A to 1e-13 for the 64 x 64 matrices used here.
 * (Chosen over cyclic Jacobi for speed: about 10x fewer operations at 8 x 8.)
 *
 * Singular values (qtcl_svals): one-sided (Hestenes) Jacobi on the columns,
 * which keeps small singular values accurate to about 1e-16 * ||A|| in
 * absolute terms (the route through eigenvalues of A^H A would lose them to
 * about 1e-8).
 *
 * Storage: separate real and imaginary arrays of doubles. No allocation, no
 * global state; work arrays of at most QTCL_EIG_MAX_N doubles live on the
 * stack.
 */
#ifndef QTCL_EIGEN_H
#define QTCL_EIGEN_H

#define QTCL_EIG_MAX_N 64

enum
{
	QTCL_EIG_OK = 0,
	QTCL_EIG_ERR_SIZE = -1,		/* n outside 1 .. QTCL_EIG_MAX_N */
	QTCL_EIG_ERR_NOCONV = -2	/* no convergence (does not happen for finite input) */
};

/*
 * Eigen-decomposition of the n x n Hermitian matrix A (row-major, stride n:
 * A[i][j] = ar[i*n+j] + i ai[i*n+j]; both triangles are read and must agree).
 * w[n] receives the eigenvalues in ascending order. With vectors != 0, ar/ai
 * are overwritten with the eigenvectors as columns, in the order of w
 * (A = V diag(w) V^H); otherwise ar/ai are destroyed.
 */
int			qtcl_heig(int n, double *ar, double *ai, double *w, int vectors);

/*
 * Singular values of the rows x cols complex matrix stored COLUMN-major
 * (element (i,j) at j*rows + i), 1 <= rows, cols <= QTCL_EIG_MAX_N. The
 * matrix is destroyed; s[cols] receives the singular values in descending
 * order (when cols > rows the last cols - rows are 0 up to rounding).
 */
int			qtcl_svals(int rows, int cols, double *ar, double *ai, double *s);

#endif
