/*
 * health.h: continuous health tests per entropy source (NIST SP 800-90B
 * section 4.4) on the raw bytes of each response, before anything is XORed.
 *
 * Why: a remote random number service can fail silently: a stuck generator,
 * a proxy cache replaying the last answer, an error page that happens to
 * parse. XOR with the OS source keeps the pool safe against one bad source,
 * but a source that is counted as "contributing" must actually have produced
 * plausible samples, and the record of which sources contributed must be
 * honest. So every response block goes through:
 *
 *   1. Repeated-block check: the block must differ from the previous block
 *      received from the same source. Only a SHA3-256 digest (32 bytes) of
 *      the previous block is kept, never the block itself (the pool must not
 *      keep copies of bytes it hands out).
 *   2. Repetition Count Test (RCT, 90B 4.4.1) on the bytes as 8-bit samples.
 *   3. Adaptive Proportion Test (APT, 90B 4.4.2) on the bytes as 8-bit
 *      samples, window W = 512 (the 90B window for non-binary samples).
 *
 * Assumed min-entropy: H = 7 bits per byte. The services claim full entropy
 * (8 bits per byte) after their own conditioning; assuming 7 leaves a margin
 * and still catches stuck or grossly biased output. False-alarm probability
 * per test: alpha = 2^-40 (90B allows 2^-20 .. 2^-40; the low rate matters
 * because a false alarm trips a source's breaker).
 *
 * Cutoffs (computed, not copied from a table):
 *
 *   RCT: C = 1 + ceil(-log2(alpha) / H) = 1 + ceil(40 / 7) = 1 + 6 = 7.
 *        A run of 7 identical consecutive bytes fails; 6 passes. Check: the
 *        probability of a given run of 7 under H = 7 is (2^-7)^6 = 2^-42,
 *        below alpha.
 *
 *   APT: C = 1 + CRITBINOM(W, 2^-H, 1 - alpha), where CRITBINOM(n, p, q) is
 *        the smallest k with P[Binomial(n, p) <= k] >= q. With W = 512,
 *        p = 2^-7 = 1/128, q = 1 - 2^-40 this is k = 25, so C = 26.
 *        Computed by summing the binomial probability mass exactly in
 *        rational arithmetic (Python fractions: sum over j of
 *        comb(512, j) p^j (1-p)^(512-j) until the sum reaches 1 - 2^-40).
 *        The same procedure reproduces the values NIST tabulates (e.g. C = 13
 *        for H = 8, alpha = 2^-20 and C = 19 for H = 8, alpha = 2^-40).
 *        As in 90B, the first byte of a window is counted (B starts at 1),
 *        so a window fails when its first byte value occurs 26 times among
 *        its 512 bytes.
 *
 * Continuity: 90B's tests are continuous, so the RCT run and the APT window
 * carry over from one response to the next of the same source (a window can
 * span several small responses, a run can straddle a response boundary).
 * A block passes only if no sample in it trips a test; the state is then
 * committed. On any failure the block is discarded and the RCT/APT state is
 * reset (90B: after a failure the noise source is restarted), which also
 * restarts the start-up phase below.
 *
 * Start-up testing (90B 4.3 item 8): the tests must see at least
 * QTCL_HEALTH_STARTUP_SAMPLES = 1024 samples before a source's output is
 * used. Until a source has passed that many bytes since its last reset,
 * qtcl_health_check() returns QTCL_HEALTH_STARTUP (> 0): the block passed
 * every test but must not be used yet. That is not a failure of the source
 * (do not count it against the circuit breaker). Asking a fresh source for
 * 1024 bytes once finishes start-up in one response.
 *
 * The state is plain data (no pointers) so it can live in shared memory.
 * Pure core: no PostgreSQL headers, no allocation, no global state.
 */
#ifndef QTCL_ENTROPY_HEALTH_H
#define QTCL_ENTROPY_HEALTH_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_HEALTH_H_BITS			7		/* assumed min-entropy per byte */
#define QTCL_HEALTH_ALPHA_LOG2		40		/* alpha = 2^-40 */
#define QTCL_HEALTH_RCT_CUTOFF		7		/* 1 + ceil(40/7) */
#define QTCL_HEALTH_APT_WINDOW		512
#define QTCL_HEALTH_APT_CUTOFF		26		/* 1 + CRITBINOM(512, 2^-7, 1 - 2^-40) */
#define QTCL_HEALTH_STARTUP_SAMPLES	1024
#define QTCL_HEALTH_DIGEST_BYTES	32		/* SHA3-256 of the previous block */

enum
{
	QTCL_HEALTH_OK = 0,				/* passed; the block may be used */
	QTCL_HEALTH_STARTUP = 1,		/* passed, but start-up is not complete: do not use */
	QTCL_HEALTH_ERR_ARG = -1,		/* NULL state or block, or an empty block */
	QTCL_HEALTH_ERR_REPEAT = -2,	/* identical to the previous block of this source */
	QTCL_HEALTH_ERR_RCT = -3,		/* Repetition Count Test failed */
	QTCL_HEALTH_ERR_APT = -4,		/* Adaptive Proportion Test failed */
	QTCL_HEALTH_ERR_HASH = -5		/* SHA3-256 could not be computed (OpenSSL) */
};

typedef struct qtcl_health_state
{
	/* RCT: the last sample and the length of the run ending with it (0 = none yet) */
	uint32_t	rct_run;
	uint8_t		rct_last;

	/* APT: the window's first sample, its count so far, samples seen in the window (0 = none) */
	uint8_t		apt_first;
	uint32_t	apt_count;
	uint32_t	apt_seen;

	/* samples passed since init or the last reset (start-up accounting) */
	uint64_t	samples;

	/* repeated-block check */
	uint8_t		have_prev;
	uint8_t		prev_digest[QTCL_HEALTH_DIGEST_BYTES];

	/* lifetime counters, for monitoring */
	uint64_t	blocks_passed;
	uint64_t	fail_repeat;
	uint64_t	fail_rct;
	uint64_t	fail_apt;
} qtcl_health_state;

/* Static message for a code (never NULL). */
const char *qtcl_health_strerror(int code);

/* Fresh state: no previous block, start-up pending, counters zero. */
void		qtcl_health_init(qtcl_health_state *st);

/*
 * Runs every check on one response block of a source. Returns
 * QTCL_HEALTH_OK, QTCL_HEALTH_STARTUP, or the first failing test (checked in
 * the order repeat, then RCT and APT sample by sample). *fail_at (if not
 * NULL) gets the index of the sample that tripped RCT/APT (0 otherwise).
 * The digest of the block is remembered whatever the outcome, so the same
 * block sent again fails again.
 */
int			qtcl_health_check(qtcl_health_state *st, const uint8_t *block, size_t len,
							  size_t *fail_at);

/* 1 when start-up is complete (QTCL_HEALTH_STARTUP_SAMPLES passed since reset). */
int			qtcl_health_ready(const qtcl_health_state *st);

#endif
