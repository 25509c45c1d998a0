/*
 * verify.h: making and verifying beacon rounds.
 *
 * Verification is pure: it needs the round, what it must link to (the
 * previous round's number, timestamp, hash and commitment, or nothing for
 * round 1) and the trusted oracle public keys. It recomputes everything that
 * is a function of the revealed secret and fails at the first check that
 * does not hold, in this order:
 *   1. fields in range (round >= 1, timestamp >= 0, sources >= 1, finite
 *      numbers)                                     QTCL_BEACON_ERR_ROUND ...
 *   2. key id = SHA3-256 of one trusted key         QTCL_BEACON_ERR_UNTRUSTED_KEY
 *   3. ML-DSA-65 signature (context "qtcl-beacon-v1") over the signed
 *      message, with that key                       QTCL_BEACON_ERR_SIGNATURE
 *   4. round = 1 without a previous round, else previous + 1
 *                                                   QTCL_BEACON_ERR_SEQUENCE
 *   5. timestamp >= previous round's timestamp      QTCL_BEACON_ERR_TIMESTAMP_ORDER
 *   6. previous round hash = previous round's hash (32 zero bytes in round 1)
 *                                                   QTCL_BEACON_ERR_PREV_HASH
 *   7. SHA3-256(s_n) = previous round's commitment (not checked in round 1:
 *      nothing committed to s_1)                    QTCL_BEACON_ERR_REVEAL
 *   8. density matrix = the one derived from s_n, byte for byte
 *                                                   QTCL_BEACON_ERR_DENSITY
 *   9. output value = the recomputed one            QTCL_BEACON_ERR_OUTPUT
 *  10. each metric within 1e-9 of the recomputed one
 *                                                   QTCL_BEACON_ERR_METRICS
 * Signatures are made deterministically (rnd = 0) but verified as plain
 * ML-DSA, so nothing depends on how the oracle signed.
 *
 * Pure core: no allocation; large scratch space is the caller's
 * qtcl_beacon_work.
 */
#ifndef QTCL_BEACON_VERIFY_H
#define QTCL_BEACON_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "beacon/round.h"

/* What round n+1 must link to. */
typedef struct qtcl_beacon_link
{
	uint64_t	round;
	int64_t		timestamp_ms;
	uint8_t		hash[QTCL_BEACON_HASH_BYTES];	/* round hash */
	uint8_t		commitment[QTCL_BEACON_HASH_BYTES];	/* SHA3-256(s_(n+1)) */
} qtcl_beacon_link;

int			qtcl_beacon_link_of(const qtcl_beacon_round *r, qtcl_beacon_link *out);

/*
 * Verify r. prev == NULL means r must be round 1. trusted[0 .. ntrusted-1]
 * point to 1952-byte ML-DSA-65 public keys (NULL entries are skipped).
 */
int			qtcl_beacon_verify(const qtcl_beacon_round *r, const qtcl_beacon_link *prev,
							   const uint8_t *const *trusted, size_t ntrusted,
							   qtcl_beacon_work *w);

/*
 * Everything but the link to round n-1 and the reveal of the secret it
 * committed to (checks 4-7 need round n-1): for a round carried by a block,
 * whose oracle's own round sequence this node may not hold.
 */
int			qtcl_beacon_verify_unlinked(const qtcl_beacon_round *r, const uint8_t *const *trusted,
										size_t ntrusted, qtcl_beacon_work *w);

/* Decode (strictly) and verify; out (may be NULL) receives the decoded round. */
int			qtcl_beacon_verify_bytes(const uint8_t *buf, size_t len, const qtcl_beacon_link *prev,
									 const uint8_t *const *trusted, size_t ntrusted,
									 qtcl_beacon_work *w, qtcl_beacon_round *out);

/*
 * Fill the derived fields of r from r->round, r->prev_hash and r->secret:
 * the density matrix, the metrics and the output value.
 */
int			qtcl_beacon_fill(qtcl_beacon_round *r, qtcl_beacon_work *w);

/*
 * Set r->key_id from pk and sign the signed message deterministically with
 * sk (the 4032-byte expanded ML-DSA-65 secret key); the new signature is
 * checked against pk (QTCL_BEACON_ERR_KEY if sk and pk do not belong
 * together or sk does not decode).
 */
int			qtcl_beacon_sign(qtcl_beacon_round *r, const uint8_t *sk, const uint8_t *pk);

/*
 * Build round n: prev == NULL makes round 1 (previous hash zero); otherwise
 * round prev->round + 1, previous hash = hash of prev, and s_n must be the
 * secret prev committed to (QTCL_BEACON_ERR_REVEAL) and timestamp_ms not
 * before prev's (QTCL_BEACON_ERR_TIMESTAMP_ORDER). The round commits to
 * s_next. Every field is filled and the round signed (qtcl_beacon_sign).
 */
int			qtcl_beacon_make(qtcl_beacon_round *out, const qtcl_beacon_round *prev,
							 const uint8_t s_n[QTCL_BEACON_SECRET_BYTES],
							 const uint8_t s_next[QTCL_BEACON_SECRET_BYTES],
							 int64_t timestamp_ms, uint32_t sources,
							 const uint8_t *sk, const uint8_t *pk, qtcl_beacon_work *w);

#endif
