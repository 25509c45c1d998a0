/*
 * sign.c: ML-DSA.Sign_internal (FIPS 204 Algorithm 7) and the pure external
 * ML-DSA.Sign (Algorithm 2).
 *
 * Everything that does not change across the rejection loop is prepared once:
 * A-hat (sampled directly in the NTT domain), NTT(s1), NTT(s2), NTT(t0). Each
 * iteration then samples y, computes w = A y, the challenge, and runs the
 * checks in the order ||z||, ||r0||, ||ct0||, hint count, leaving at the
 * first failure. Only the accept/reject outcome is branched on; the
 * arithmetic on s1, s2, t0 and y has no secret-dependent branch or index.
 */
#include <string.h>

#include "crypto/sha3.h"
#include "crypto/mldsa/mu.h"
#include "crypto/mldsa/packing.h"
#include "crypto/mldsa/params.h"
#include "crypto/mldsa/reduce.h"
#include "crypto/mldsa/rounding.h"
#include "crypto/mldsa/sampling.h"

/* Secret working state, wiped before returning (~85 KB for ML-DSA-87). */
typedef struct sign_state
{
	uint8_t		rho[32];
	uint8_t		key[32];
	uint8_t		tr[MLDSA_TR_BYTES];
	uint8_t		mu[MLDSA_MU_BYTES];
	uint8_t		rhopp[MLDSA_CRH_BYTES];
	mldsa_poly	s1hat[MLDSA_L_MAX];
	mldsa_poly	s2hat[MLDSA_K_MAX];
	mldsa_poly	t0hat[MLDSA_K_MAX];
	mldsa_poly	y[MLDSA_L_MAX];
	mldsa_poly	z[MLDSA_L_MAX];	/* holds NTT(y) until z is computed */
	mldsa_poly	w[MLDSA_K_MAX];
	mldsa_poly	h[MLDSA_K_MAX];
	mldsa_poly	c;				/* NTT(c) */
	mldsa_poly	t0,
				t1;				/* per-polynomial scratch */
	uint8_t		w1buf[MLDSA_K_MAX * 32 * 6];
	uint8_t		ctilde[MLDSA_CTILDE_MAX];
} sign_state;

/*
 * Wipes what this parameter set used of st (the arrays are sized for
 * ML-DSA-87; wiping all of them cost more than a whole ML-DSA-44 NTT).
 */
static void
sign_state_wipe(const mldsa_params *p, sign_state *st)
{
	size_t		l = sizeof(mldsa_poly) * (size_t) p->l,
				k = sizeof(mldsa_poly) * (size_t) p->k;

	qtcl_wipe(st->rho, sizeof st->rho);
	qtcl_wipe(st->key, sizeof st->key);
	qtcl_wipe(st->tr, sizeof st->tr);
	qtcl_wipe(st->mu, sizeof st->mu);
	qtcl_wipe(st->rhopp, sizeof st->rhopp);
	qtcl_wipe(st->s1hat, l);
	qtcl_wipe(st->s2hat, k);
	qtcl_wipe(st->t0hat, k);
	qtcl_wipe(st->y, l);
	qtcl_wipe(st->z, l);
	qtcl_wipe(st->w, k);
	qtcl_wipe(st->h, k);
	qtcl_wipe(&st->c, sizeof st->c);
	qtcl_wipe(&st->t0, sizeof st->t0);
	qtcl_wipe(&st->t1, sizeof st->t1);
	qtcl_wipe(st->w1buf, sizeof st->w1buf);
	qtcl_wipe(st->ctilde, sizeof st->ctilde);
}

/* A-hat: public, but 56 KB for ML-DSA-87, so kept apart from the wiped state. */
typedef struct matrix
{
	mldsa_poly	a[MLDSA_K_MAX][MLDSA_L_MAX];
} matrix;

/* Largest kappa + r that IntegerToBytes(., 2) can carry (Algorithm 34). */
#define KAPPA_LIMIT 65536u

/*
 * One attempt of the loop of Algorithm 7 (lines 10-32). Returns 1 when the
 * candidate is accepted (st->ctilde, st->z, st->h hold the signature), 0 when
 * it is rejected, -1 when hashing failed.
 */
static int
sign_attempt(const mldsa_params *p, sign_state *st, const matrix *A, unsigned kappa)
{
	size_t		w1bytes = 32 * mldsa_w1_bits(p);
	size_t		ctlen = mldsa_ctilde_bytes(p);
	int			i,
				j,
				hints = 0;
	qtcl_hash	hh;

	/* Lines 11-13: y = ExpandMask(rho'', kappa); w = NTT^-1(A-hat o NTT(y)). */
	for (j = 0; j < p->l; j += 4)
	{
		mldsa_poly *yp[4];
		uint16_t	nonce[4];
		int			b,
					n = p->l - j < 4 ? p->l - j : 4;

		for (b = 0; b < n; b++)
		{
			yp[b] = &st->y[j + b];
			nonce[b] = (uint16_t) (kappa + (unsigned) (j + b));
		}
		if (mldsa_expand_mask_x4(yp, st->rhopp, nonce, n, p->gamma1) != 0)
			return -1;
	}
	for (j = 0; j < p->l; j++)
	{
		st->z[j] = st->y[j];
		mldsa_poly_ntt(&st->z[j]);
	}
	for (i = 0; i < p->k; i++)
	{
		mldsa_poly_pointwise_acc(&st->w[i], A->a[i], st->z, p->l);
		mldsa_poly_reduce(&st->w[i]);
		mldsa_poly_invntt_tomont(&st->w[i]);
		mldsa_poly_caddq(&st->w[i]);
		/* Line 14: w1 = HighBits(w), encoded at once (Algorithm 28). */
		mldsa_poly_decompose(&st->t1, &st->t0, &st->w[i], p->gamma2);
		mldsa_pack_w1(st->w1buf + i * w1bytes, &st->t1, (unsigned) mldsa_w1_bits(p));
	}

	/* Line 15: c~ = H(mu || w1Encode(w1), lambda/4); line 16: c from all of c~. */
	if (qtcl_hash_init(&hh, QTCL_SHAKE256) != 0)
		return -1;
	if (qtcl_hash_update(&hh, st->mu, MLDSA_MU_BYTES) != 0 ||
		qtcl_hash_update(&hh, st->w1buf, (size_t) p->k * w1bytes) != 0)
	{
		qtcl_hash_free(&hh);
		return -1;
	}
	if (qtcl_hash_final(&hh, st->ctilde, ctlen) != 0)
		return -1;
	if (mldsa_sample_in_ball(&st->c, st->ctilde, ctlen, p->tau) != 0)
		return -1;
	mldsa_poly_ntt(&st->c);

	/*
	 * Lines 17-23. Both norm checks must pass, so their order is free: r0 goes
	 * first because it rejects more often (about 2 attempts in 3 for ML-DSA-65
	 * against 1 in 3 for z) at a similar cost, and each check leaves at the
	 * first failing polynomial.
	 *
	 * r0 = LowBits(w - <<c s2>>), rejected when ||r0|| >= gamma2 - beta; w := w - cs2.
	 */
	for (i = 0; i < p->k; i++)
	{
		mldsa_poly_pointwise(&st->t0, &st->c, &st->s2hat[i]);
		mldsa_poly_invntt_tomont(&st->t0);
		mldsa_poly_sub(&st->w[i], &st->w[i], &st->t0);
		mldsa_poly_freeze(&st->w[i]);
		mldsa_poly_decompose(&st->t1, &st->t0, &st->w[i], p->gamma2);
		if (mldsa_poly_chknorm(&st->t0, p->gamma2 - p->beta))
			return 0;
	}

	/* z = y + <<c s1>>, rejected when ||z|| >= gamma1 - beta. */
	for (j = 0; j < p->l; j++)
	{
		mldsa_poly_pointwise(&st->z[j], &st->c, &st->s1hat[j]);
		mldsa_poly_invntt_tomont(&st->z[j]);
		mldsa_poly_add(&st->z[j], &st->z[j], &st->y[j]);
		mldsa_poly_reduce(&st->z[j]);
		if (mldsa_poly_chknorm(&st->z[j], p->gamma1 - p->beta))
			return 0;
	}

	/*
	 * Lines 25-28: ||<<c t0>>|| < gamma2, h = MakeHint(-ct0, w - cs2 + ct0),
	 * i.e. h_i = [HighBits(w - cs2 + ct0) != HighBits(w - cs2)], at most omega ones.
	 */
	for (i = 0; i < p->k; i++)
	{
		mldsa_poly_pointwise(&st->t0, &st->c, &st->t0hat[i]);
		mldsa_poly_invntt_tomont(&st->t0);
		mldsa_poly_reduce(&st->t0);
		if (mldsa_poly_chknorm(&st->t0, p->gamma2))
			return 0;
		mldsa_poly_add(&st->t0, &st->w[i], &st->t0);
		mldsa_poly_freeze(&st->t0);
		hints += mldsa_poly_make_hint(&st->h[i], &st->w[i], &st->t0, p->gamma2);
		if (hints > p->omega)
			return 0;
	}
	return 1;
}

mldsa_status
mldsa_sign_internal(mldsa_level level, const uint8_t *sk,
					const uint8_t *pre, size_t prelen,
					const uint8_t *msg, size_t msglen,
					const uint8_t rnd[MLDSA_RND_BYTES], uint8_t *sig)
{
	const mldsa_params *p = mldsa_params_get(level);
	sign_state	st;
	matrix		A;
	qtcl_hash	hh;
	mldsa_status rc = MLDSA_ERR_HASH;
	unsigned	kappa;
	int			i,
				j;

	if (p == NULL)
		return MLDSA_ERR_BAD_LENGTH;

	/* Line 1: skDecode, with s1 and s2 range-checked. y/z/w scratch serve as s1/s2/t0 here. */
	if (mldsa_sk_decode(p, sk, st.rho, st.key, st.tr, st.s1hat, st.s2hat, st.t0hat) != 0)
	{
		rc = MLDSA_ERR_BAD_KEY;
		goto out;
	}
	/* Lines 2-5: NTT(s1), NTT(s2), NTT(t0) and A-hat, once. */
	for (j = 0; j < p->l; j++)
		mldsa_poly_ntt(&st.s1hat[j]);
	for (i = 0; i < p->k; i++)
	{
		mldsa_poly_ntt(&st.s2hat[i]);
		mldsa_poly_ntt(&st.t0hat[i]);
	}
	if (mldsa_expand_matrix(p->k, p->l, st.rho, A.a) != 0)
		goto out;

	/* Line 6: mu = H(tr || M', 64), M' given as pre || msg. */
	if (mldsa_compute_mu(st.tr, pre, prelen, msg, msglen, st.mu) != 0)
		goto out;

	/* Line 7: rho'' = H(K || rnd || mu, 64). */
	if (qtcl_hash_init(&hh, QTCL_SHAKE256) != 0)
		goto out;
	if (qtcl_hash_update(&hh, st.key, 32) != 0 ||
		qtcl_hash_update(&hh, rnd, MLDSA_RND_BYTES) != 0 ||
		qtcl_hash_update(&hh, st.mu, MLDSA_MU_BYTES) != 0)
	{
		qtcl_hash_free(&hh);
		goto out;
	}
	if (qtcl_hash_final(&hh, st.rhopp, MLDSA_CRH_BYTES) != 0)
		goto out;

	/*
	 * Lines 9-32. Each attempt is accepted with probability about 1/4; the
	 * 16-bit counter of ExpandMask allows thousands of attempts, so running
	 * out (reported as an internal failure) does not happen in practice.
	 */
	for (kappa = 0; kappa + (unsigned) p->l <= KAPPA_LIMIT; kappa += (unsigned) p->l)
	{
		int			a = sign_attempt(p, &st, &A, kappa);

		if (a < 0)
			goto out;
		if (a > 0)
		{
			/* Line 33: sigEncode(c~, z mod+- q, h). */
			mldsa_sig_encode(p, sig, st.ctilde, st.z, st.h);
			rc = MLDSA_OK;
			goto out;
		}
	}
out:
	sign_state_wipe(p, &st);
	return rc;
}

mldsa_status
mldsa_sign(mldsa_level level, const uint8_t *sk,
		   const uint8_t *msg, size_t msglen,
		   const uint8_t *ctx, size_t ctxlen,
		   const uint8_t rnd[MLDSA_RND_BYTES], uint8_t *sig)
{
	uint8_t		pre[2 + MLDSA_MAX_CTX_BYTES];

	if (mldsa_params_get(level) == NULL)
		return MLDSA_ERR_BAD_LENGTH;
	/* Algorithm 2 lines 1-3: reject, never truncate, a context over 255 bytes. */
	if (ctxlen > MLDSA_MAX_CTX_BYTES)
		return MLDSA_ERR_CTX_TOO_LONG;
	/* Line 10: M' = IntegerToBytes(0, 1) || IntegerToBytes(|ctx|, 1) || ctx || M. */
	pre[0] = 0;
	pre[1] = (uint8_t) ctxlen;
	if (ctxlen > 0)
		memcpy(pre + 2, ctx, ctxlen);
	return mldsa_sign_internal(level, sk, pre, 2 + ctxlen, msg, msglen, rnd, sig);
}
