/*
 * measure.h: Born-rule "measurements" of a beacon round's density matrix in
 * the computational basis, from a generator seeded by the round's output
 * value, so that any node can recompute a miner's measurement exactly.
 *
 * Exact rule (integer arithmetic only once the weights are fixed):
 *  - Weights: for each basis index i = 0..7, with p = re[9 i] (the real
 *    diagonal entry, as stored): w_i = 0 if not (p > 0) (negative, zero,
 *    NaN); 2^53 if p >= 1; otherwise floor(p * 2^53) (p * 2^53 is exact, a
 *    power-of-two scaling, and the conversion to an integer truncates).
 *    T = w_0 + ... + w_7 (< 2^56). T == 0 is an error.
 *  - Stream: blocks B_j = SHAKE256("qtcl-beacon-measure-v1" || output value
 *    || j as a big-endian u64), 1088 bytes each, j = 0, 1, 2, ...,
 *    concatenated; read 8 bytes at a time as big-endian u64 values x.
 *  - One shot: L = floor(2^64 / T) * T (= 2^64 - (2^64 mod T)). Draw x;
 *    while x >= L draw again (rejection, probability < 2^-8 per draw);
 *    v = x mod T. The outcome is the smallest i with v < w_0 + ... + w_i.
 *    An index with w_i == 0 can never come out.
 *  - Shots are taken one after the other from the same stream.
 * So P(i) = w_i / T exactly, i.e. the diagonal rounded down to multiples of
 * 2^-53 and renormalised.
 *
 * Pure core: no allocation; returns QTCL_BEACON_OK or a QTCL_BEACON_ERR_*
 * code of beacon/round.h.
 */
#ifndef QTCL_BEACON_MEASURE_H
#define QTCL_BEACON_MEASURE_H

#include <stdint.h>

#include "beacon/round.h"

#define QTCL_BEACON_MEASURE_LABEL	"qtcl-beacon-measure-v1"
#define QTCL_BEACON_MEASURE_BLOCK	1088	/* 8 SHAKE256 rates: 136 draws */
#define QTCL_BEACON_MAX_SHOTS		1048576

/* The integer weights w_0..w_7 of the rule above. */
void		qtcl_beacon_measure_weights(const double re[QTCL_BEACON_ENTRIES], uint64_t w[QTCL_BEACON_DIM]);

/*
 * outcomes[0 .. shots-1] receive basis indices 0..7 sampled from the round's
 * matrix with the stream seeded by r->output (the stored value: verify the
 * round first). shots may be 0; more than QTCL_BEACON_MAX_SHOTS is
 * QTCL_BEACON_ERR_SHOTS.
 */
int			qtcl_beacon_measure(const qtcl_beacon_round *r, uint32_t shots, uint8_t *outcomes);

#endif
