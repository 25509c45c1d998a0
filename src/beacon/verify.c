/* verify.c: see verify.h */
#include "beacon/verify.h"

#include <math.h>
#include <string.h>

#include "beacon/noise.h"
#include "crypto/mldsa.h"

#define CTX_BYTES (sizeof(QTCL_BEACON_CONTEXT) - 1)

static const uint8_t zero_hash[QTCL_BEACON_HASH_BYTES];

int
qtcl_beacon_link_of(const qtcl_beacon_round *r, qtcl_beacon_link *out)
{
	if (r == NULL || out == NULL)
		return QTCL_BEACON_ERR_ARGUMENT;
	out->round = r->round;
	out->timestamp_ms = r->timestamp_ms;
	memcpy(out->commitment, r->commitment, QTCL_BEACON_HASH_BYTES);
	return qtcl_beacon_round_hash(r, out->hash);
}

static int
metric_close(double stored, double recomputed)
{
	return fabs(stored - recomputed) <= QTCL_BEACON_METRIC_TOL;	/* false for NaN */
}

int
qtcl_beacon_verify(const qtcl_beacon_round *r, const qtcl_beacon_link *prev,
				   const uint8_t *const *trusted, size_t ntrusted, qtcl_beacon_work *w)
{
	uint8_t		h[QTCL_BEACON_HASH_BYTES];
	double		re[QTCL_BEACON_ENTRIES],
				im[QTCL_BEACON_ENTRIES];
	qtcl_beacon_metrics m;
	const uint8_t *pk = NULL;
	size_t		k;
	int			rc;

	if (r == NULL || w == NULL || (trusted == NULL && ntrusted > 0))
		return QTCL_BEACON_ERR_ARGUMENT;
	/* 1 */
	rc = qtcl_beacon_check_fields(r);
	if (rc != QTCL_BEACON_OK)
		return rc;
	/* 2 */
	for (k = 0; k < ntrusted && pk == NULL; k++)
	{
		if (trusted[k] == NULL)
			continue;
		rc = qtcl_beacon_key_id(trusted[k], h);
		if (rc != QTCL_BEACON_OK)
			return rc;
		if (memcmp(h, r->key_id, QTCL_BEACON_HASH_BYTES) == 0)
			pk = trusted[k];
	}
	if (pk == NULL)
		return QTCL_BEACON_ERR_UNTRUSTED_KEY;
	/* 3 */
	qtcl_beacon_signed_message(r, w->buf);
	if (!mldsa_verify(MLDSA_65, pk, QTCL_BEACON_PK_BYTES, w->buf, QTCL_BEACON_SIGNED_BYTES,
					  (const uint8_t *) QTCL_BEACON_CONTEXT, CTX_BYTES,
					  r->signature, QTCL_BEACON_SIG_BYTES))
		return QTCL_BEACON_ERR_SIGNATURE;
	/* 4 - 7 */
	if (prev == NULL)
	{
		if (r->round != 1)
			return QTCL_BEACON_ERR_SEQUENCE;
		if (memcmp(r->prev_hash, zero_hash, QTCL_BEACON_HASH_BYTES) != 0)
			return QTCL_BEACON_ERR_PREV_HASH;
	}
	else
	{
		if (prev->round == UINT64_MAX || r->round != prev->round + 1)
			return QTCL_BEACON_ERR_SEQUENCE;
		if (r->timestamp_ms < prev->timestamp_ms)
			return QTCL_BEACON_ERR_TIMESTAMP_ORDER;
		if (memcmp(r->prev_hash, prev->hash, QTCL_BEACON_HASH_BYTES) != 0)
			return QTCL_BEACON_ERR_PREV_HASH;
		rc = qtcl_beacon_commit(r->secret, h);
		if (rc != QTCL_BEACON_OK)
			return rc;
		if (memcmp(h, prev->commitment, QTCL_BEACON_HASH_BYTES) != 0)
			return QTCL_BEACON_ERR_REVEAL;
	}
	/* 8: compare the bit patterns (memcmp), not the values: -0.0 != +0.0 here */
	rc = qtcl_beacon_density(r->secret, re, im);
	if (rc != QTCL_BEACON_OK)
		return rc;
	if (memcmp(re, r->rho_re, sizeof re) != 0 || memcmp(im, r->rho_im, sizeof im) != 0)
		return QTCL_BEACON_ERR_DENSITY;
	/* 9 */
	rc = qtcl_beacon_compute_output(r, h);
	if (rc != QTCL_BEACON_OK)
		return rc;
	if (memcmp(h, r->output, QTCL_BEACON_HASH_BYTES) != 0)
		return QTCL_BEACON_ERR_OUTPUT;
	/* 10 */
	rc = qtcl_beacon_metrics_of(re, im, w, &m);
	if (rc != QTCL_BEACON_OK)
		return rc;
	if (!metric_close(r->metrics.purity, m.purity) ||
		!metric_close(r->metrics.entropy, m.entropy) ||
		!metric_close(r->metrics.fidelity_w, m.fidelity_w) ||
		!metric_close(r->metrics.l1_coherence, m.l1_coherence))
		return QTCL_BEACON_ERR_METRICS;
	return QTCL_BEACON_OK;
}

int
qtcl_beacon_verify_unlinked(const qtcl_beacon_round *r, const uint8_t *const *trusted, size_t ntrusted,
							qtcl_beacon_work *w)
{
	qtcl_beacon_link fit;
	int			rc;

	if (r == NULL)
		return QTCL_BEACON_ERR_ARGUMENT;
	if (r->round <= 1)
		return qtcl_beacon_verify(r, NULL, trusted, ntrusted, w);
	/* A link made to fit: the previous round's number, this round's time, its stated hash and reveal. */
	fit.round = r->round - 1;
	fit.timestamp_ms = r->timestamp_ms;
	memcpy(fit.hash, r->prev_hash, sizeof fit.hash);
	rc = qtcl_beacon_commit(r->secret, fit.commitment);
	if (rc != QTCL_BEACON_OK)
		return rc;
	return qtcl_beacon_verify(r, &fit, trusted, ntrusted, w);
}

int
qtcl_beacon_verify_bytes(const uint8_t *buf, size_t len, const qtcl_beacon_link *prev,
						 const uint8_t *const *trusted, size_t ntrusted,
						 qtcl_beacon_work *w, qtcl_beacon_round *out)
{
	qtcl_beacon_round local;
	qtcl_beacon_round *r = out != NULL ? out : &local;
	int			rc = qtcl_beacon_decode(buf, len, r, w, NULL);

	if (rc != QTCL_BEACON_OK)
		return rc;
	return qtcl_beacon_verify(r, prev, trusted, ntrusted, w);
}

int
qtcl_beacon_fill(qtcl_beacon_round *r, qtcl_beacon_work *w)
{
	int			rc;

	if (r == NULL || w == NULL)
		return QTCL_BEACON_ERR_ARGUMENT;
	rc = qtcl_beacon_density(r->secret, r->rho_re, r->rho_im);
	if (rc == QTCL_BEACON_OK)
		rc = qtcl_beacon_metrics_of(r->rho_re, r->rho_im, w, &r->metrics);
	if (rc == QTCL_BEACON_OK)
		rc = qtcl_beacon_compute_output(r, r->output);
	return rc;
}

int
qtcl_beacon_sign(qtcl_beacon_round *r, const uint8_t *sk, const uint8_t *pk)
{
	static const uint8_t rnd[MLDSA_RND_BYTES];	/* zero: deterministic signing */
	uint8_t		msg[QTCL_BEACON_SIGNED_BYTES];
	mldsa_status st;
	int			rc;

	if (r == NULL || sk == NULL || pk == NULL)
		return QTCL_BEACON_ERR_ARGUMENT;
	rc = qtcl_beacon_key_id(pk, r->key_id);
	if (rc != QTCL_BEACON_OK)
		return rc;
	qtcl_beacon_signed_message(r, msg);
	st = mldsa_sign(MLDSA_65, sk, msg, sizeof msg, (const uint8_t *) QTCL_BEACON_CONTEXT,
					CTX_BYTES, rnd, r->signature);
	if (st == MLDSA_ERR_BAD_KEY)
		return QTCL_BEACON_ERR_KEY;
	if (st != MLDSA_OK)
		return QTCL_BEACON_ERR_HASH;
	if (!mldsa_verify(MLDSA_65, pk, QTCL_BEACON_PK_BYTES, msg, sizeof msg,
					  (const uint8_t *) QTCL_BEACON_CONTEXT, CTX_BYTES,
					  r->signature, QTCL_BEACON_SIG_BYTES))
		return QTCL_BEACON_ERR_KEY;
	return QTCL_BEACON_OK;
}

int
qtcl_beacon_make(qtcl_beacon_round *out, const qtcl_beacon_round *prev,
				 const uint8_t s_n[QTCL_BEACON_SECRET_BYTES],
				 const uint8_t s_next[QTCL_BEACON_SECRET_BYTES],
				 int64_t timestamp_ms, uint32_t sources,
				 const uint8_t *sk, const uint8_t *pk, qtcl_beacon_work *w)
{
	uint8_t		c[QTCL_BEACON_HASH_BYTES];
	int			rc;

	if (out == NULL || s_n == NULL || s_next == NULL || sk == NULL || pk == NULL || w == NULL ||
		out == prev)
		return QTCL_BEACON_ERR_ARGUMENT;
	memset(out, 0, sizeof *out);
	if (prev == NULL)
		out->round = 1;
	else
	{
		rc = qtcl_beacon_check_fields(prev);
		if (rc != QTCL_BEACON_OK)
			return rc;
		rc = qtcl_beacon_commit(s_n, c);
		if (rc != QTCL_BEACON_OK)
			return rc;
		if (memcmp(c, prev->commitment, QTCL_BEACON_HASH_BYTES) != 0)
			return QTCL_BEACON_ERR_REVEAL;
		if (timestamp_ms < prev->timestamp_ms)
			return QTCL_BEACON_ERR_TIMESTAMP_ORDER;
		out->round = prev->round + 1;
		rc = qtcl_beacon_round_hash(prev, out->prev_hash);
		if (rc != QTCL_BEACON_OK)
			return rc;
	}
	out->timestamp_ms = timestamp_ms;
	out->sources = sources;
	memcpy(out->secret, s_n, QTCL_BEACON_SECRET_BYTES);
	rc = qtcl_beacon_commit(s_next, out->commitment);
	if (rc != QTCL_BEACON_OK)
		return rc;
	rc = qtcl_beacon_fill(out, w);
	if (rc != QTCL_BEACON_OK)
		return rc;
	rc = qtcl_beacon_check_fields(out);	/* round range, timestamp, sources */
	if (rc != QTCL_BEACON_OK)
		return rc;
	return qtcl_beacon_sign(out, sk, pk);
}
