/*
 * test_beacon_noise.c: the beacon noise model (beacon/noise.h) and the
 * Born-rule sampler (beacon/measure.h): determinism, parameter ranges,
 * exact Hermiticity, validity as a state, metrics in the expected ranges,
 * agreement with an independent computation through quantum/density.h's
 * channels, and the sampler's exact weights, determinism, support and
 * frequencies (chi-square).
 */
#include <math.h>
#include <stdlib.h>

#include "beacon/measure.h"
#include "beacon/noise.h"
#include "beacon/round.h"
#include "quantum/density.h"
#include "unit.h"

#define NSEEDS 200

static qtcl_beacon_work work;
static qtcl_dm ref;
static uint8_t outs[QTCL_BEACON_MAX_SHOTS];
static uint8_t outs2[QTCL_BEACON_MAX_SHOTS];

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

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

static void
rand_secret(uint8_t s[32])
{
	int			i;

	for (i = 0; i < 32; i++)
		s[i] = (uint8_t) (rng_next() >> 56);
}

/* The same model through density.h (its own channel code): equal within 1e-15. */
static double
reference_diff(const uint8_t s[32], const double *re, const double *im)
{
	qtcl_beacon_noise p;
	double		pre[64],
				pim[64],
				d = 0.0;
	int			q,
				k;

	qtcl_beacon_noise_params(s, &p);
	{
		/* pure state only: channels off */
		qtcl_beacon_noise p0 = p;

		for (q = 0; q < 3; q++)
			p0.gamma[q] = p0.lambda[q] = 0.0;
		qtcl_beacon_noise_state(&p0, pre, pim);
	}
	ref.n = 3;
	ref.dim = 8;
	memcpy(ref.re, pre, sizeof pre);
	memcpy(ref.im, pim, sizeof pim);
	for (q = 0; q < 3; q++)
	{
		int32_t		qq = q;

		qtcl_dm_amplitude_damp(&ref, p.gamma[q], &qq, 1);
	}
	for (q = 0; q < 3; q++)
	{
		int32_t		qq = q;

		qtcl_dm_phase_damp(&ref, p.lambda[q], &qq, 1);
	}
	for (k = 0; k < 64; k++)
	{
		d = fmax(d, fabs(ref.re[k] - re[k]));
		d = fmax(d, fabs(ref.im[k] - im[k]));
	}
	return d;
}

static void
test_model(void)
{
	uint8_t		s[32],
				s2[32];
	double		re[64],
				im[64],
				re2[64],
				im2[64];
	int			n,
				bad_range = 0,
				bad_herm = 0,
				bad_valid = 0,
				bad_trace = 0,
				bad_metrics = 0,
				bad_ref = 0,
				bad_fid = 0,
				bad_support = 0;
	double		fmin = 1.0,
				pmin = 1.0,
				smax = 0.0;

	memset(s, 0x11, 32);
	CHECK(qtcl_beacon_density(s, re, im) == QTCL_BEACON_OK, "density from s");
	CHECK(qtcl_beacon_density(s, re2, im2) == QTCL_BEACON_OK, "density from s again");
	CHECK(memcmp(re, re2, sizeof re) == 0 && memcmp(im, im2, sizeof im) == 0, "same s gives identical bytes");
	memcpy(s2, s, 32);
	s2[31] ^= 1;
	qtcl_beacon_density(s2, re2, im2);
	CHECK(memcmp(re, re2, sizeof re) != 0 && memcmp(im, im2, sizeof im) != 0, "s differing in one bit gives another matrix");

	for (n = 0; n < NSEEDS; n++)
	{
		qtcl_beacon_noise p;
		qtcl_beacon_metrics m;
		double		tr = 0.0,
					fw = 0.0;
		int			i,
					j,
					q;

		rand_secret(s);
		qtcl_beacon_noise_params(s, &p);
		if (!(p.eps1 >= -0.05 && p.eps1 <= 0.05 && p.eps2 >= -0.05 && p.eps2 <= 0.05 &&
			  p.t1 >= -0.05 && p.t1 <= 0.05 && p.t2 >= -0.05 && p.t2 <= 0.05))
			bad_range++;
		for (q = 0; q < 3; q++)
			if (!(p.gamma[q] >= 0.0 && p.gamma[q] < 0.02 && p.lambda[q] >= 0.0 && p.lambda[q] < 0.02))
				bad_range++;
		qtcl_beacon_noise_state(&p, re, im);
		for (i = 0; i < 8; i++)
		{
			tr += re[9 * i];
			if (im[9 * i] != 0.0)
				bad_herm++;
			for (j = 0; j < 8; j++)
				if (re[8 * i + j] != re[8 * j + i] || im[8 * i + j] != -im[8 * j + i])
					bad_herm++;
		}
		/* support: one excitation (4, 2, 1) plus |000> from amplitude damping */
		for (i = 0; i < 8; i++)
			if ((i == 3 || i >= 5) && re[9 * i] != 0.0)
				bad_support++;
		if (fabs(tr - 1.0) > 1e-14)
			bad_trace++;
		ref.n = 3;
		ref.dim = 8;
		memcpy(ref.re, re, sizeof re);
		memcpy(ref.im, im, sizeof im);
		if (qtcl_dm_validate(&ref, &work.dm, NULL) != QTCL_DM_OK)
			bad_valid++;
		if (qtcl_beacon_metrics_of(re, im, &work, &m) != QTCL_BEACON_OK ||
			!(m.fidelity_w > 0.9 && m.fidelity_w <= 1.0 && m.purity > 0.85 && m.purity <= 1.0 + 1e-12 &&
			  m.entropy >= 0.0 && m.entropy < 0.6 && m.l1_coherence > 1.6 && m.l1_coherence <= 2.0 + 1e-12))
			bad_metrics++;
		/* fidelity to a pure state = <W|rho|W> = (1/3) sum over a, b in {4,2,1} of rho_ab */
		{
			static const int idx[3] = {4, 2, 1};
			int			a,
						b;

			for (a = 0; a < 3; a++)
				for (b = 0; b < 3; b++)
					fw += re[8 * idx[a] + idx[b]];
			fw /= 3.0;
		}
		if (fabs(fw - m.fidelity_w) > 1e-9)
		{
			if (bad_fid < 3)
				printf("# fidelity %.17g vs closed form %.17g\n", m.fidelity_w, fw);
			bad_fid++;
		}
		if (reference_diff(s, re, im) > 1e-15)
			bad_ref++;
		fmin = fmin < m.fidelity_w ? fmin : m.fidelity_w;
		pmin = pmin < m.purity ? pmin : m.purity;
		smax = smax > m.entropy ? smax : m.entropy;
	}
	printf("# over %d secrets: min fidelity %.6f, min purity %.6f, max entropy %.6f\n", NSEEDS, fmin, pmin, smax);
	CHECK(bad_range == 0, "noise parameters within their ranges (%d out)", bad_range);
	CHECK(bad_herm == 0, "matrices exactly Hermitian, zero imaginary diagonal (%d entries off)", bad_herm);
	CHECK(bad_support == 0, "populations only on |000>, |001>, |010>, |100> (%d off)", bad_support);
	CHECK(bad_trace == 0, "trace within 1e-14 of 1 (%d off)", bad_trace);
	CHECK(bad_valid == 0, "every matrix passes qtcl_dm_validate (%d fail)", bad_valid);
	CHECK(bad_metrics == 0, "metrics in range: fidelity to W > 0.9, purity > 0.85, entropy < 0.6, l1 in (1.6, 2] (%d out)",
		  bad_metrics);
	CHECK(bad_fid == 0, "qtcl_dm_fidelity agrees with <W|rho|W> within 1e-9 (%d off)", bad_fid);
	CHECK(bad_ref == 0, "model agrees with density.h's channels within 1e-15 (%d off)", bad_ref);

	/* no noise at all: the W state itself */
	{
		qtcl_beacon_noise z;
		qtcl_beacon_metrics m;
		double		d = 0.0;
		int			k;

		memset(&z, 0, sizeof z);
		qtcl_beacon_noise_state(&z, re, im);
		qtcl_dm_w_state(&ref, 3);
		for (k = 0; k < 64; k++)
			d = fmax(d, fmax(fabs(re[k] - ref.re[k]), fabs(im[k] - ref.im[k])));
		CHECK(d < 1e-15, "zero noise gives |W_3><W_3| (max difference %.3g)", d);
		qtcl_beacon_metrics_of(re, im, &work, &m);
		CHECK(fabs(m.fidelity_w - 1.0) < 1e-9 && fabs(m.purity - 1.0) < 1e-12 && fabs(m.entropy) < 1e-9 &&
			  fabs(m.l1_coherence - 2.0) < 1e-12, "zero noise: fidelity 1, purity 1, entropy 0, l1 2");
	}
	/* the extreme over-rotation is still a valid state */
	{
		qtcl_beacon_noise x;

		memset(&x, 0, sizeof x);
		x.eps1 = x.eps2 = x.t1 = x.t2 = -0.05;
		x.gamma[0] = x.gamma[1] = x.gamma[2] = x.lambda[0] = x.lambda[1] = x.lambda[2] = 0.02;
		qtcl_beacon_noise_state(&x, re, im);
		ref.n = 3;
		ref.dim = 8;
		memcpy(ref.re, re, sizeof re);
		memcpy(ref.im, im, sizeof im);
		CHECK(qtcl_dm_validate(&ref, &work.dm, NULL) == QTCL_DM_OK, "extreme parameters give a valid state");
	}
}

static void
test_params_exact(void)
{
	/* s = 0x11 * 32: parameters printed in docs/PROTOCOL.md, bit for bit */
	uint8_t		s[32];
	qtcl_beacon_noise p;

	memset(s, 0x11, 32);
	qtcl_beacon_noise_params(s, &p);
	CHECK(p.eps1 == -0.0095488117561016387 && p.eps2 == -0.0044853783683860169 &&
		  p.t1 == -0.010482927130864229 && p.t2 == -0.047020552570376233, "s_1 over-rotations and phases");
	CHECK(p.gamma[0] == 0.017442948129349902 && p.gamma[1] == 0.00029436587384536585 &&
		  p.gamma[2] == 0.017513090620332204, "s_1 amplitude damping");
	CHECK(p.lambda[0] == 0.011617700728281465 && p.lambda[1] == 0.0078307541469668715 &&
		  p.lambda[2] == 0.011798696386974221, "s_1 phase damping");
}

static void
diag_round(qtcl_beacon_round *r, const double *diag)
{
	int			i;

	memset(r, 0, sizeof *r);
	for (i = 0; i < 8; i++)
		r->rho_re[9 * i] = diag[i];
	memset(r->output, 0xa5, 32);
}

static double
chi_square(const uint8_t *o, uint32_t shots, const uint64_t *w, int *df, int *outside)
{
	uint64_t	total = 0;
	long		count[8] = {0};
	double		x2 = 0.0;
	uint32_t	s;
	int			i;

	for (i = 0; i < 8; i++)
		total += w[i];
	for (s = 0; s < shots; s++)
		count[o[s] & 7]++;
	*df = -1;
	*outside = 0;
	for (i = 0; i < 8; i++)
	{
		double		e = (double) shots * (double) w[i] / (double) total;

		if (w[i] == 0)
		{
			*outside += (int) count[i];
			continue;
		}
		(*df)++;
		x2 += (count[i] - e) * (count[i] - e) / e;
	}
	return x2;
}

static void
test_measure(void)
{
	uint8_t		s[32];
	qtcl_beacon_round r;
	uint64_t	w[8];
	uint32_t	shots = 400000,
				k;
	int			df,
				outside,
				rc,
				i,
				bad = 0;
	double		x2;

	/* weights */
	{
		static const double d[8] = {0.5, 0.25, 0.125, 0.0625, 0.0625, 0.0, -0.0, 0.0};

		diag_round(&r, d);
		qtcl_beacon_measure_weights(r.rho_re, w);
		CHECK(w[0] == (uint64_t) 1 << 52 && w[1] == (uint64_t) 1 << 51 && w[4] == (uint64_t) 1 << 49 &&
			  w[5] == 0 && w[6] == 0, "dyadic probabilities give exact weights");
		r.rho_re[0] = NAN;
		r.rho_re[9] = -1e-3;
		r.rho_re[18] = 1.5;
		r.rho_re[27] = 0x1p-54;
		qtcl_beacon_measure_weights(r.rho_re, w);
		CHECK(w[0] == 0 && w[1] == 0 && w[2] == (uint64_t) 1 << 53 && w[3] == 0,
			  "NaN and negative give 0, >= 1 gives 2^53, below 2^-53 gives 0");
	}

	/* a beacon matrix */
	memset(s, 0x5c, 32);
	diag_round(&r, (double[8]) {0});
	qtcl_beacon_density(s, r.rho_re, r.rho_im);
	memset(r.output, 0x3c, 32);
	rc = qtcl_beacon_measure(&r, shots, outs);
	CHECK(rc == QTCL_BEACON_OK, "measure %u shots", shots);
	qtcl_beacon_measure(&r, shots, outs2);
	CHECK(memcmp(outs, outs2, shots) == 0, "measurement is deterministic");
	qtcl_beacon_measure(&r, 1000, outs2);
	CHECK(memcmp(outs, outs2, 1000) == 0, "fewer shots give a prefix of the same sequence");
	r.output[0] ^= 1;
	qtcl_beacon_measure(&r, 1000, outs2);
	CHECK(memcmp(outs, outs2, 1000) != 0, "another output value gives another sequence");
	r.output[0] ^= 1;
	qtcl_beacon_measure_weights(r.rho_re, w);
	x2 = chi_square(outs, shots, w, &df, &outside);
	printf("# beacon matrix: chi-square %.2f with %d degrees of freedom\n", x2, df);
	CHECK(outside == 0, "outcomes only where the diagonal is non-zero (%d outside)", outside);
	CHECK(df == 3, "four outcomes possible (|000>, |001>, |010>, |100>)");
	CHECK(x2 < 27.9, "frequencies match the diagonal (chi-square %.2f < 27.9, p ~ 4e-6 at 3 df)", x2);
	for (k = 0; k < shots; k++)
		if (outs[k] > 7)
			bad++;
	CHECK(bad == 0, "outcomes in 0..7");

	/* maximally mixed: all 8 outcomes */
	{
		static const double d[8] = {0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125};

		diag_round(&r, d);
		qtcl_beacon_measure(&r, shots, outs);
		qtcl_beacon_measure_weights(r.rho_re, w);
		x2 = chi_square(outs, shots, w, &df, &outside);
		CHECK(df == 7 && x2 < 40.0, "maximally mixed: uniform (chi-square %.2f < 40 at 7 df)", x2);
	}
	/* skewed, with a tiny outcome and holes */
	{
		static const double d[8] = {0.0, 0.7, 0.0, 0.001, 0.0, 0.299, 0.0, 0.0};

		diag_round(&r, d);
		qtcl_beacon_measure(&r, shots, outs);
		qtcl_beacon_measure_weights(r.rho_re, w);
		x2 = chi_square(outs, shots, w, &df, &outside);
		CHECK(df == 2 && outside == 0 && x2 < 26.0, "skewed diagonal: support and frequencies (chi-square %.2f < 26 at 2 df)", x2);
	}
	/* a pure basis state: always the same outcome */
	{
		static const double d[8] = {0, 0, 0, 0, 0, 0, 1.0, 0};

		diag_round(&r, d);
		qtcl_beacon_measure(&r, 1000, outs);
		for (i = 0, bad = 0; i < 1000; i++)
			bad += outs[i] != 6;
		CHECK(bad == 0, "|110><110| always gives 6");
	}
	/* errors */
	{
		static const double d[8] = {0, -0.5, 0, 0, 0, 0, 0, 0};

		diag_round(&r, d);
		CHECK(qtcl_beacon_measure(&r, 10, outs) == QTCL_BEACON_ERR_NO_PROBABILITY, "no positive diagonal entry");
		CHECK(qtcl_beacon_measure(&r, 0, NULL) == QTCL_BEACON_ERR_NO_PROBABILITY,
			  "the diagonal is checked even for zero shots");
		r.rho_re[0] = 1.0;
		CHECK(qtcl_beacon_measure(&r, 0, NULL) == QTCL_BEACON_OK, "zero shots");
		CHECK(qtcl_beacon_measure(&r, QTCL_BEACON_MAX_SHOTS + 1, outs) == QTCL_BEACON_ERR_SHOTS, "too many shots");
		CHECK(qtcl_beacon_measure(&r, QTCL_BEACON_MAX_SHOTS, outs) == QTCL_BEACON_OK, "the maximum number of shots");
		CHECK(qtcl_beacon_measure(&r, 5, NULL) == QTCL_BEACON_ERR_ARGUMENT, "NULL output");
	}
}

int
main(void)
{
	test_model();
	test_params_exact();
	test_measure();
	return unit_done();
}
