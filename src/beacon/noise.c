/*
 * noise.c: see noise.h. The arithmetic here is consensus-critical: change
 * nothing in it without a new label and round version.
 *
 * Requires -ffp-contract=off (set by the Makefile); mul() below makes the
 * results independent of it anyway.
 */
#include "beacon/noise.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "crypto/sha3.h"

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "beacon/noise.c needs binary64 evaluation (FLT_EVAL_METHOD == 0, e.g. SSE2, not x87)"
#endif

#define NOISE_PARAM_BYTES 80

/*
 * A product rounded to binary64 before anyone can use it: the volatile store
 * and load stop the compiler from contracting it with a following addition
 * into a fused multiply-add.
 */
static double
mul(double a, double b)
{
	volatile double p = a * b;

	return p;
}

static double
unit_from(const uint8_t *b)
{
	uint64_t	x = 0;
	int			i;

	for (i = 0; i < 8; i++)
		x = (x << 8) | b[i];
	/* 53 bits -> double is exact, and so is the scaling by a power of two */
	return (double) (x >> 11) * 0x1p-53;
}

int
qtcl_beacon_noise_params(const uint8_t s[QTCL_BEACON_SECRET_BYTES], qtcl_beacon_noise *p)
{
	uint8_t		in[sizeof(QTCL_BEACON_NOISE_LABEL) - 1 + QTCL_BEACON_SECRET_BYTES];
	uint8_t		b[NOISE_PARAM_BYTES];
	double		u[10];
	int			k;

	memcpy(in, QTCL_BEACON_NOISE_LABEL, sizeof(QTCL_BEACON_NOISE_LABEL) - 1);
	memcpy(in + sizeof(QTCL_BEACON_NOISE_LABEL) - 1, s, QTCL_BEACON_SECRET_BYTES);
	if (qtcl_shake256(in, sizeof in, b, sizeof b) != 0)
		return QTCL_BEACON_ERR_HASH;
	for (k = 0; k < 10; k++)
		u[k] = unit_from(b + 8 * k);
	/* 2u - 1 is exact: u is a multiple of 2^-53 in [0, 1) */
	p->eps1 = mul(2.0 * u[0] - 1.0, 0.05);
	p->eps2 = mul(2.0 * u[1] - 1.0, 0.05);
	p->t1 = mul(2.0 * u[2] - 1.0, 0.05);
	p->t2 = mul(2.0 * u[3] - 1.0, 0.05);
	for (k = 0; k < QTCL_BEACON_QUBITS; k++)
	{
		p->gamma[k] = mul(u[4 + k], 0.02);
		p->lambda[k] = mul(u[7 + k], 0.02);
	}
	return QTCL_BEACON_OK;
}

/* Phase factor (c, s) = ((1 - t^2) / (1 + t^2), 2t / (1 + t^2)). */
static void
rational_phase(double t, double *c, double *s)
{
	double		tt = mul(t, t);
	double		den = 1.0 + tt;

	*c = (1.0 - tt) / den;
	*s = (2.0 * t) / den;
}

static void
amplitude_damp(double *re, double *im, int q, double gamma)
{
	int			m = 1 << (QTCL_BEACON_QUBITS - 1 - q),
				i,
				j;
	double		keep = 1.0 - gamma;
	double		f = sqrt(keep);

	for (i = 0; i < QTCL_BEACON_DIM; i++)
	{
		if (i & m)
			continue;
		for (j = 0; j < QTCL_BEACON_DIM; j++)
		{
			int			p00 = i * QTCL_BEACON_DIM + j,
						p01 = i * QTCL_BEACON_DIM + (j | m),
						p10 = (i | m) * QTCL_BEACON_DIM + j,
						p11 = (i | m) * QTCL_BEACON_DIM + (j | m);
			double		r11 = re[p11],
						m11 = im[p11];

			if (j & m)
				continue;
			re[p00] = re[p00] + mul(gamma, r11);
			im[p00] = im[p00] + mul(gamma, m11);
			re[p11] = mul(keep, r11);
			im[p11] = mul(keep, m11);
			re[p01] = mul(f, re[p01]);
			im[p01] = mul(f, im[p01]);
			re[p10] = mul(f, re[p10]);
			im[p10] = mul(f, im[p10]);
		}
	}
}

static void
phase_damp(double *re, double *im, int q, double lambda)
{
	int			m = 1 << (QTCL_BEACON_QUBITS - 1 - q),
				i,
				j;
	double		f = sqrt(1.0 - lambda);

	for (i = 0; i < QTCL_BEACON_DIM; i++)
	{
		if (i & m)
			continue;
		for (j = 0; j < QTCL_BEACON_DIM; j++)
		{
			int			p01 = i * QTCL_BEACON_DIM + (j | m),
						p10 = (i | m) * QTCL_BEACON_DIM + j;

			if (j & m)
				continue;
			re[p01] = mul(f, re[p01]);
			im[p01] = mul(f, im[p01]);
			re[p10] = mul(f, re[p10]);
			im[p10] = mul(f, im[p10]);
		}
	}
}

void
qtcl_beacon_noise_state(const qtcl_beacon_noise *p, double re[QTCL_BEACON_ENTRIES],
						double im[QTCL_BEACON_ENTRIES])
{
	static const int idx[3] = {4, 2, 1};	/* |100>, |010>, |001> */
	double		pw,
				qw,
				v[3],
				sum,
				r[3],
				c1,
				s1,
				c2,
				s2,
				x[3],
				y[3];
	int			a,
				b,
				k;

	/* 2. prepared pure state */
	pw = mul(1.0 / 3.0, 1.0 + p->eps1);
	qw = mul(0.5, 1.0 + p->eps2);
	v[0] = pw;
	v[1] = mul(1.0 - pw, qw);
	v[2] = mul(1.0 - pw, 1.0 - qw);
	sum = (v[0] + v[1]) + v[2];
	for (k = 0; k < 3; k++)
		r[k] = sqrt(v[k] / sum);
	rational_phase(p->t1, &c1, &s1);
	rational_phase(p->t2, &c2, &s2);
	x[0] = r[0];
	y[0] = 0.0;
	x[1] = mul(r[1], c1);
	y[1] = mul(r[1], s1);
	x[2] = mul(r[2], c2);
	y[2] = mul(r[2], s2);

	for (k = 0; k < QTCL_BEACON_ENTRIES; k++)
		re[k] = im[k] = 0.0;
	for (a = 0; a < 3; a++)
		for (b = 0; b < 3; b++)
		{
			int			e = idx[a] * QTCL_BEACON_DIM + idx[b];

			re[e] = mul(x[a], x[b]) + mul(y[a], y[b]);
			im[e] = mul(y[a], x[b]) - mul(x[a], y[b]);
		}

	/* 3. channels */
	for (k = 0; k < QTCL_BEACON_QUBITS; k++)
		amplitude_damp(re, im, k, p->gamma[k]);
	for (k = 0; k < QTCL_BEACON_QUBITS; k++)
		phase_damp(re, im, k, p->lambda[k]);
}

int
qtcl_beacon_density(const uint8_t s[QTCL_BEACON_SECRET_BYTES], double re[QTCL_BEACON_ENTRIES],
					double im[QTCL_BEACON_ENTRIES])
{
	qtcl_beacon_noise p;
	int			rc = qtcl_beacon_noise_params(s, &p);

	if (rc != QTCL_BEACON_OK)
		return rc;
	qtcl_beacon_noise_state(&p, re, im);
	return QTCL_BEACON_OK;
}

int
qtcl_beacon_metrics_of(const double re[QTCL_BEACON_ENTRIES], const double im[QTCL_BEACON_ENTRIES],
					   qtcl_beacon_work *w, qtcl_beacon_metrics *m)
{
	w->rho.n = QTCL_BEACON_QUBITS;
	w->rho.dim = QTCL_BEACON_DIM;
	memcpy(w->rho.re, re, QTCL_BEACON_ENTRIES * sizeof(double));
	memcpy(w->rho.im, im, QTCL_BEACON_ENTRIES * sizeof(double));
	if (qtcl_dm_w_state(&w->w3, QTCL_BEACON_QUBITS) != QTCL_DM_OK)
		return QTCL_BEACON_ERR_EIGEN;
	m->purity = qtcl_dm_purity(&w->rho);
	m->l1_coherence = qtcl_dm_l1_coherence(&w->rho);
	if (qtcl_dm_entropy(&w->rho, &w->dm, &m->entropy) != QTCL_DM_OK ||
		qtcl_dm_fidelity(&w->rho, &w->w3, &w->dm, &m->fidelity_w) != QTCL_DM_OK)
		return QTCL_BEACON_ERR_EIGEN;
	if (!isfinite(m->purity) || !isfinite(m->entropy) || !isfinite(m->fidelity_w) ||
		!isfinite(m->l1_coherence))
		return QTCL_BEACON_ERR_EIGEN;
	return QTCL_BEACON_OK;
}
