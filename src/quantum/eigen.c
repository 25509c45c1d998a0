/* eigen.c: see eigen.h */
#include "quantum/eigen.h"

#include <float.h>
#include <math.h>

#define QL_MAX_ITER 60

/* sqrt(a^2 + b^2) without overflow or destructive underflow (cheaper than libm hypot). */
static inline double
pyth(double a, double b)
{
	double		x = fabs(a),
				y = fabs(b),
				t;

	if (x < y)
	{
		t = x;
		x = y;
		y = t;
	}
	if (x == 0.0 || x > 1e150 || x < 1e-150)
	{
		if (x == 0.0)
			return 0.0;
		t = y / x;
		return x * sqrt(1.0 + t * t);
	}
	return sqrt(x * x + y * y);
}
#define JACOBI_MAX_SWEEPS 80

/*
 * Householder reduction: on return d[n] (diagonal), er/ei[n-1] (complex
 * subdiagonal T[k+1][k]), tau[n-1]; the Householder vector of step k is kept
 * in column k below the diagonal.
 */
static void
tridiagonalise(int n, double *ar, double *ai, double *d, double *er, double *ei, double *tau)
{
	double		pr[QTCL_EIG_MAX_N],
				pi[QTCL_EIG_MAX_N];
	int			k,
				i,
				j;

	for (k = 0; k < n - 2; k++)
	{
		int			m = n - k - 1;
		int			o = k + 1;	/* first row/col of the trailing block */
		double		x0r = ar[o * n + k],
					x0i = ai[o * n + k];
		double		s2 = 0.0,
					ax0,
					alpha,
					cr,
					ci,
					t,
					kk,
					h;

		for (i = 1; i < m; i++)
		{
			double		xr = ar[(o + i) * n + k],
						xi = ai[(o + i) * n + k];

			s2 += xr * xr + xi * xi;
		}
		if (s2 == 0.0)
		{
			tau[k] = 0.0;
			er[k] = x0r;
			ei[k] = x0i;
			continue;
		}
		ax0 = pyth(x0r, x0i);
		alpha = sqrt(ax0 * ax0 + s2);
		if (ax0 == 0.0)
		{
			cr = 1.0;
			ci = 0.0;
		}
		else
		{
			cr = x0r / ax0;
			ci = x0i / ax0;
		}
		/* v = x + e^{i phi} alpha e_1; H = I - tau v v^H maps x to -e^{i phi} alpha e_1 */
		ar[o * n + k] = cr * (ax0 + alpha);
		ai[o * n + k] = ci * (ax0 + alpha);
		t = 1.0 / (alpha * (alpha + ax0));
		tau[k] = t;
		er[k] = -cr * alpha;
		ei[k] = -ci * alpha;

		/* p = tau A v over the trailing block; kk = v^H p (real) */
		kk = 0.0;
		for (i = 0; i < m; i++)
		{
			const double *rr = &ar[(o + i) * n + o];
			const double *ri = &ai[(o + i) * n + o];
			double		sr = 0.0,
						si = 0.0;

			for (j = 0; j < m; j++)
			{
				double		vr = ar[(o + j) * n + k],
							vi = ai[(o + j) * n + k];

				sr += rr[j] * vr - ri[j] * vi;
				si += rr[j] * vi + ri[j] * vr;
			}
			pr[i] = t * sr;
			pi[i] = t * si;
			kk += ar[(o + i) * n + k] * pr[i] + ai[(o + i) * n + k] * pi[i];
		}
		/* w = p - (tau kk / 2) v, kept in p */
		h = 0.5 * t * kk;
		for (i = 0; i < m; i++)
		{
			pr[i] -= h * ar[(o + i) * n + k];
			pi[i] -= h * ai[(o + i) * n + k];
		}
		/* A -= v w^H + w v^H */
		for (i = 0; i < m; i++)
		{
			double		vir = ar[(o + i) * n + k],
						vii = ai[(o + i) * n + k];
			double	   *rr = &ar[(o + i) * n + o];
			double	   *ri = &ai[(o + i) * n + o];

			for (j = 0; j < m; j++)
			{
				double		vjr = ar[(o + j) * n + k],
							vji = ai[(o + j) * n + k];

				/* v_i conj(w_j) + w_i conj(v_j) */
				rr[j] -= vir * pr[j] + vii * pi[j] + pr[i] * vjr + pi[i] * vji;
				ri[j] -= vii * pr[j] - vir * pi[j] + pi[i] * vjr - pr[i] * vji;
			}
		}
	}
	for (k = 0; k < n; k++)
		d[k] = ar[k * n + k];
	er[n - 2] = ar[(n - 1) * n + (n - 2)];
	ei[n - 2] = ai[(n - 1) * n + (n - 2)];
	tau[n - 2] = 0.0;
}

/* Overwrites ar/ai with Q = H_0 H_1 ... H_{n-3}, from the vectors left in place. */
static void
form_q(int n, double *ar, double *ai, const double *tau)
{
	int			k,
				i,
				j;

	for (i = n - 2; i < n; i++)
		for (j = n - 2; j < n; j++)
		{
			ar[i * n + j] = (i == j) ? 1.0 : 0.0;
			ai[i * n + j] = 0.0;
		}
	for (k = n - 3; k >= 0; k--)
	{
		int			o = k + 1;

		if (tau[k] != 0.0)
		{
			/* block <- (I - tau v v^H) block, column by column */
			for (j = o; j < n; j++)
			{
				double		sr = 0.0,
							si = 0.0;

				for (i = o; i < n; i++)
				{
					double		vr = ar[i * n + k],
								vi = ai[i * n + k];

					/* conj(v_i) B[i][j] */
					sr += vr * ar[i * n + j] + vi * ai[i * n + j];
					si += vr * ai[i * n + j] - vi * ar[i * n + j];
				}
				sr *= tau[k];
				si *= tau[k];
				for (i = o; i < n; i++)
				{
					double		vr = ar[i * n + k],
								vi = ai[i * n + k];

					ar[i * n + j] -= vr * sr - vi * si;
					ai[i * n + j] -= vr * si + vi * sr;
				}
			}
		}
		for (i = o; i < n; i++)
		{
			ar[i * n + k] = ai[i * n + k] = 0.0;
			ar[k * n + i] = ai[k * n + i] = 0.0;
		}
		ar[k * n + k] = 1.0;
		ai[k * n + k] = 0.0;
	}
}

/*
 * Implicit QL with shifts on the symmetric tridiagonal (d, e), e[i] between
 * rows i and i+1, e[n-1] unused. With vectors, each rotation is applied to
 * columns i, i+1 of the complex matrix (ar, ai).
 */
static int
tridiagonal_ql(int n, double *d, double *e, double *ar, double *ai, int vectors)
{
	int			l;

	e[n - 1] = 0.0;
	for (l = 0; l < n; l++)
	{
		int			iter = 0;

		for (;;)
		{
			int			m,
						i,
						underflow = 0;
			double		g,
						r,
						s,
						c,
						p;

			for (m = l; m < n - 1; m++)
			{
				double		dd = fabs(d[m]) + fabs(d[m + 1]);

				if (fabs(e[m]) <= DBL_EPSILON * dd || fabs(e[m]) < DBL_MIN)
					break;
			}
			if (m == l)
				break;
			if (++iter > QL_MAX_ITER)
				return QTCL_EIG_ERR_NOCONV;

			/* shift: the eigenvalue of the leading 2 x 2 block nearer d[l] */
			g = (d[l + 1] - d[l]) / (2.0 * e[l]);
			r = pyth(g, 1.0);
			g = d[m] - d[l] + e[l] / (g + copysign(r, g));
			s = c = 1.0;
			p = 0.0;
			for (i = m - 1; i >= l; i--)
			{
				double		f = s * e[i],
							b = c * e[i];
				int			k;

				r = pyth(f, g);
				e[i + 1] = r;
				if (r == 0.0)
				{
					/* the rotation would divide by zero: deflate and restart */
					d[i + 1] -= p;
					e[m] = 0.0;
					underflow = 1;
					break;
				}
				s = f / r;
				c = g / r;
				g = d[i + 1] - p;
				r = (d[i] - g) * s + 2.0 * c * b;
				p = s * r;
				d[i + 1] = g + p;
				g = c * r - b;
				if (vectors)
				{
					for (k = 0; k < n; k++)
					{
						double	   *xr = &ar[k * n + i],
								   *xi = &ai[k * n + i];
						double		yr = xr[1],
									yi = xi[1];

						xr[1] = s * xr[0] + c * yr;
						xi[1] = s * xi[0] + c * yi;
						xr[0] = c * xr[0] - s * yr;
						xi[0] = c * xi[0] - s * yi;
					}
				}
			}
			if (underflow)
				continue;
			d[l] -= p;
			e[l] = g;
			e[m] = 0.0;
		}
	}
	return QTCL_EIG_OK;
}

int
qtcl_heig(int n, double *ar, double *ai, double *w, int vectors)
{
	double		e[QTCL_EIG_MAX_N],
				er[QTCL_EIG_MAX_N],
				ei[QTCL_EIG_MAX_N],
				tau[QTCL_EIG_MAX_N];
	double		phr = 1.0,
				phi = 0.0;
	int			i,
				k,
				rc;

	if (n < 1 || n > QTCL_EIG_MAX_N)
		return QTCL_EIG_ERR_SIZE;
	if (n == 1)
	{
		w[0] = ar[0];
		if (vectors)
		{
			ar[0] = 1.0;
			ai[0] = 0.0;
		}
		return QTCL_EIG_OK;
	}

	tridiagonalise(n, ar, ai, w, er, ei, tau);
	if (vectors)
		form_q(n, ar, ai, tau);

	/*
	 * Real off-diagonal: T = D T_r D^H with D = diag(ph_k), ph_0 = 1,
	 * ph_{k+1} = ph_k e_k / |e_k|; the eigenvectors of A are Q D Z.
	 */
	for (k = 0; k < n - 1; k++)
	{
		double		a = pyth(er[k], ei[k]);

		e[k] = a;
		if (a != 0.0)
		{
			double		ur = er[k] / a,
						ui = ei[k] / a,
						nr = phr * ur - phi * ui,
						ni = phr * ui + phi * ur;

			phr = nr;
			phi = ni;
		}
		if (vectors)
		{
			/* column k+1 of Q times ph_{k+1} */
			for (i = 0; i < n; i++)
			{
				double		xr = ar[i * n + k + 1],
							xi = ai[i * n + k + 1];

				ar[i * n + k + 1] = xr * phr - xi * phi;
				ai[i * n + k + 1] = xr * phi + xi * phr;
			}
		}
	}

	rc = tridiagonal_ql(n, w, e, ar, ai, vectors);
	if (rc != QTCL_EIG_OK)
		return rc;

	/* ascending order (selection sort; columns follow) */
	for (i = 0; i < n - 1; i++)
	{
		int			mi = i,
					j;

		for (j = i + 1; j < n; j++)
			if (w[j] < w[mi])
				mi = j;
		if (mi != i)
		{
			double		t = w[i];

			w[i] = w[mi];
			w[mi] = t;
			if (vectors)
				for (k = 0; k < n; k++)
				{
					t = ar[k * n + i];
					ar[k * n + i] = ar[k * n + mi];
					ar[k * n + mi] = t;
					t = ai[k * n + i];
					ai[k * n + i] = ai[k * n + mi];
					ai[k * n + mi] = t;
				}
		}
	}
	return QTCL_EIG_OK;
}

int
qtcl_svals(int rows, int cols, double *ar, double *ai, double *s)
{
	int			sweep,
				p,
				q,
				i;

	if (rows < 1 || cols < 1 || rows > QTCL_EIG_MAX_N || cols > QTCL_EIG_MAX_N)
		return QTCL_EIG_ERR_SIZE;
	for (sweep = 0;; sweep++)
	{
		int			rotated = 0;

		if (sweep >= JACOBI_MAX_SWEEPS)
			return QTCL_EIG_ERR_NOCONV;
		for (p = 0; p < cols - 1; p++)
			for (q = p + 1; q < cols; q++)
			{
				double	   *apr = &ar[p * rows],
						   *api = &ai[p * rows],
						   *aqr = &ar[q * rows],
						   *aqi = &ai[q * rows];
				double		alpha = 0.0,
							beta = 0.0,
							gr = 0.0,
							gi = 0.0,
							g,
							zeta,
							t,
							c,
							sn,
							ur,
							ui;

				for (i = 0; i < rows; i++)
				{
					alpha += apr[i] * apr[i] + api[i] * api[i];
					beta += aqr[i] * aqr[i] + aqi[i] * aqi[i];
					/* conj(a_p) a_q */
					gr += apr[i] * aqr[i] + api[i] * aqi[i];
					gi += apr[i] * aqi[i] - api[i] * aqr[i];
				}
				g = pyth(gr, gi);
				if (g == 0.0 || g <= DBL_EPSILON * sqrt(alpha * beta))
					continue;
				rotated = 1;
				/* column q times conj(gamma)/|gamma| makes the product real */
				ur = gr / g;
				ui = -gi / g;
				zeta = (beta - alpha) / (2.0 * g);
				t = copysign(1.0, zeta) / (fabs(zeta) + sqrt(1.0 + zeta * zeta));
				c = 1.0 / sqrt(1.0 + t * t);
				sn = c * t;
				for (i = 0; i < rows; i++)
				{
					double		qr = aqr[i] * ur - aqi[i] * ui,
								qi = aqr[i] * ui + aqi[i] * ur,
								xr = apr[i],
								xi = api[i];

					apr[i] = c * xr - sn * qr;
					api[i] = c * xi - sn * qi;
					aqr[i] = sn * xr + c * qr;
					aqi[i] = sn * xi + c * qi;
				}
			}
		if (!rotated)
			break;
	}
	for (p = 0; p < cols; p++)
	{
		double		acc = 0.0;

		for (i = 0; i < rows; i++)
			acc += ar[p * rows + i] * ar[p * rows + i] + ai[p * rows + i] * ai[p * rows + i];
		s[p] = sqrt(acc);
	}
	/* descending */
	for (p = 0; p < cols - 1; p++)
	{
		int			mi = p;

		for (q = p + 1; q < cols; q++)
			if (s[q] > s[mi])
				mi = q;
		if (mi != p)
		{
			double		t = s[p];

			s[p] = s[mi];
			s[mi] = t;
		}
	}
	return QTCL_EIG_OK;
}
