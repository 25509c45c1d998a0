/*
 * noise.h: the beacon's noise model, s_n -> noise parameters -> a 3-qubit
 * density matrix (a noisy W-state preparation), and the round's metrics.
 *
 * Why exact: every validator recomputes the matrix from s_n and compares it
 * byte for byte, and the output value hashes its bytes. So the model uses
 * only IEEE-754 binary64 operations that are correctly rounded on every
 * conforming machine (+ - * / sqrt, exact integer-to-double conversions), in
 * the fixed order written below; no sin, cos, exp, log, pow, hypot, no
 * eigensolver, no fused multiply-add. Build with -ffp-contract=off (the
 * module Makefile sets it); independently of that, every product below goes
 * through a volatile double (so it is rounded to binary64 before it is used,
 * and the compiler cannot fuse it into an FMA), and the file refuses to
 * compile when FLT_EVAL_METHOD != 0 (x87 extended precision).
 *
 * Notation: all values are binary64; "a * b" etc. is the correctly rounded
 * operation; constants are the binary64 values nearest the decimal shown
 * (0.05, 0.02); 1/3 means the rounded quotient 1.0 / 3.0.
 *
 * 1. Parameters. B = SHAKE256("qtcl-beacon-noise-v1" || s_n), 80 bytes (the
 *    label is the 20 ASCII bytes, no NUL). x_k = B[8k .. 8k+7] as a
 *    big-endian u64, k = 0..9. u_k = (double)(x_k >> 11) * 2^-53, exact, in
 *    [0, 1). Then (each line: the exact value 2 u - 1, times the constant):
 *      eps1     = (2 u_0 - 1) * 0.05     first over-rotation,  [-0.05, 0.05)
 *      eps2     = (2 u_1 - 1) * 0.05     second over-rotation, [-0.05, 0.05)
 *      t1       = (2 u_2 - 1) * 0.05     phase error of |010>
 *      t2       = (2 u_3 - 1) * 0.05     phase error of |001>
 *      gamma_q  = u_(4+q) * 0.02         amplitude damping of qubit q, [0, 0.02)
 *      lambda_q = u_(7+q) * 0.02         phase damping of qubit q,     [0, 0.02)
 *
 * 2. Prepared pure state. The W preparation first splits weight 1/3 onto
 *    |100> and then halves the remainder between |010> and |001>; the
 *    over-rotations perturb both splits:
 *      p  = (1/3) * (1 + eps1)
 *      q  = 0.5 * (1 + eps2)
 *      v0 = p;  v1 = (1 - p) * q;  v2 = (1 - p) * (1 - q)
 *      S  = (v0 + v1) + v2;  w_i = v_i / S;  r_i = sqrt(w_i)
 *    The phase errors use the rational parametrisation of the unit circle
 *    (angle 2 atan t, no trigonometry): for t in {t1, t2}
 *      tt = t * t;  den = 1 + tt;  c = (1 - tt) / den;  s = (2 * t) / den
 *    Amplitudes psi_b = x_b + i y_b on basis index b (qubit 0 is the most
 *    significant bit: |100> = 4, |010> = 2, |001> = 1), all others 0:
 *      x_4 = r_0,       y_4 = 0
 *      x_2 = r_1 * c1,  y_2 = r_1 * s1
 *      x_1 = r_2 * c2,  y_1 = r_2 * s2
 *    rho = |psi><psi|: every entry 0 (+0.0) except, for a, b in {4, 2, 1},
 *      re[8a + b] = x_a * x_b + y_a * y_b
 *      im[8a + b] = y_a * x_b - x_a * y_b
 *    (the two products rounded first, then the sum / difference).
 *
 * 3. Channels, applied in place in this order: amplitude damping on qubit
 *    0, 1, 2 with gamma_0, gamma_1, gamma_2, then phase damping on qubit
 *    0, 1, 2 with lambda_0, lambda_1, lambda_2. With m = 1 << (2 - q) the
 *    bit of qubit q, for every row i and column j with (i & m) == 0 and
 *    (j & m) == 0, i ascending, then j ascending, writing i1 = i | m,
 *    j1 = j | m and doing the same to the real and the imaginary parts:
 *      amplitude damping, f = sqrt(1 - gamma):
 *        rho[i][j]   = rho[i][j] + gamma * rho[i1][j1]
 *        rho[i1][j1] = (1 - gamma) * rho[i1][j1]
 *        rho[i][j1]  = f * rho[i][j1];   rho[i1][j] = f * rho[i1][j]
 *      phase damping, f = sqrt(1 - lambda):
 *        rho[i][j1]  = f * rho[i][j1];   rho[i1][j] = f * rho[i1][j]
 *    (the right-hand sides use the values before the assignment; each entry
 *    is written at most once per (i, j), so the order inside is immaterial).
 *    The result is exactly Hermitian (re symmetric, im antisymmetric, im
 *    diagonal zero) and has trace 1 to within a few ulps.
 *
 * Metrics (not bit-reproducible: eigenvalues and log2): purity, von Neumann
 * entropy in bits, Uhlmann fidelity (squared convention) to |W_3> and l1
 * coherence, by quantum/density.h (qtcl_dm_purity, qtcl_dm_entropy,
 * qtcl_dm_fidelity against qtcl_dm_w_state(3), qtcl_dm_l1_coherence).
 * Verification accepts stored metrics within QTCL_BEACON_METRIC_TOL (1e-9)
 * of its own; they enter nothing but the signed bytes.
 */
#ifndef QTCL_BEACON_NOISE_H
#define QTCL_BEACON_NOISE_H

#include <stdint.h>

#include "beacon/round.h"

#define QTCL_BEACON_NOISE_LABEL "qtcl-beacon-noise-v1"

typedef struct qtcl_beacon_noise
{
	double		eps1,
				eps2;			/* over-rotations */
	double		t1,
				t2;				/* phase errors of |010>, |001> */
	double		gamma[QTCL_BEACON_QUBITS];	/* amplitude damping */
	double		lambda[QTCL_BEACON_QUBITS];	/* phase damping */
} qtcl_beacon_noise;

/* Step 1: s_n -> parameters. QTCL_BEACON_OK or QTCL_BEACON_ERR_HASH. */
int			qtcl_beacon_noise_params(const uint8_t s[QTCL_BEACON_SECRET_BYTES],
									 qtcl_beacon_noise *p);

/* Steps 2 and 3: parameters -> rho (row-major re/im, 64 entries each). */
void		qtcl_beacon_noise_state(const qtcl_beacon_noise *p,
									double re[QTCL_BEACON_ENTRIES],
									double im[QTCL_BEACON_ENTRIES]);

/* Both: s_n -> rho. */
int			qtcl_beacon_density(const uint8_t s[QTCL_BEACON_SECRET_BYTES],
								double re[QTCL_BEACON_ENTRIES],
								double im[QTCL_BEACON_ENTRIES]);

/* The four metrics of a 3-qubit matrix. QTCL_BEACON_OK or QTCL_BEACON_ERR_EIGEN. */
int			qtcl_beacon_metrics_of(const double re[QTCL_BEACON_ENTRIES],
								   const double im[QTCL_BEACON_ENTRIES],
								   qtcl_beacon_work *w, qtcl_beacon_metrics *m);

#endif
