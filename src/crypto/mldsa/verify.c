/*
 * verify.c: ML-DSA.Verify_internal (FIPS 204 Algorithm 8), the pure external
 * ML-DSA.Verify (Algorithm 3) and the structural decoders used for input
 * validation. Everything here is public data; lengths are checked before any
 * byte is parsed.
 */
#include <string.h>

#include "crypto/sha3.h"
#include "crypto/mldsa/mu.h"
#include "crypto/mldsa/packing.h"
#include "crypto/mldsa/params.h"
#include "crypto/mldsa/reduce.h"
#include "crypto/mldsa/rounding.h"
#include "crypto/mldsa/sampling.h"

typedef struct verify_state
{
	mldsa_poly	z[MLDSA_L_MAX];	/* NTT(z) after the norm check */
	mldsa_poly	h[MLDSA_K_MAX];
	mldsa_poly	t1[MLDSA_K_MAX];
	mldsa_poly	arow[2][MLDSA_L_MAX];	/* two rows of A-hat */
	mldsa_poly	c;
	mldsa_poly	w;
	mldsa_poly	w1;
	uint8_t		rho[32];
	uint8_t		tr[MLDSA_TR_BYTES];
	uint8_t		mu[MLDSA_MU_BYTES];
	uint8_t		ctilde[MLDSA_CTILDE_MAX];
	uint8_t		ctilde2[MLDSA_CTILDE_MAX];
	uint8_t		w1buf[MLDSA_K_MAX * 32 * 6];
} verify_state;

/* Line 13's norm check, done first since it needs nothing else: ||z||inf < gamma1 - beta. */
static int
z_in_bound(const mldsa_params *p, const mldsa_poly *z)
{
	int			j;

	for (j = 0; j < p->l; j++)
		if (mldsa_poly_chknorm(&z[j], p->gamma1 - p->beta))
			return 0;
	return 1;
}

/* NTT(t1 * 2^d), the form line 9 multiplies by NTT(c). */
static void
t1_to_ntt(mldsa_poly *t1)
{
	mldsa_poly_shiftl(t1);		/* < 2^23 < q */
	mldsa_poly_ntt(t1);
}

/*
 * Lines 9-11 for row i: w'approx_i = NTT^-1(A-hat_i o NTT(z) - NTT(c) o
 * t1hat_i), then w1'_i = UseHint(h_i, w'approx_i), packed into st->w1buf.
 */
static void
w1_row(const mldsa_params *p, verify_state *st, const mldsa_poly *arow, const mldsa_poly *t1hat, int i)
{
	size_t		w1bytes = 32 * mldsa_w1_bits(p);

	mldsa_poly_pointwise_acc(&st->w, arow, st->z, p->l);
	mldsa_poly_pointwise(&st->w1, &st->c, t1hat);
	mldsa_poly_sub(&st->w, &st->w, &st->w1);	/* |w| < q + q */
	mldsa_poly_reduce(&st->w);
	mldsa_poly_invntt_tomont(&st->w);
	mldsa_poly_caddq(&st->w);
	mldsa_poly_use_hint(&st->w1, &st->w, &st->h[i], p->gamma2);
	mldsa_pack_w1(st->w1buf + i * w1bytes, &st->w1, (unsigned) mldsa_w1_bits(p));
}

/*
 * Lines 1-8 that need no public key beyond tr: decode the signature (a
 * malformed hint encoding is bottom), the norm check, mu = H(tr || M', 64),
 * c = SampleInBall(c~), and NTT(c), NTT(z). 0 = reject.
 */
static int
prepare(const mldsa_params *p, verify_state *st, const uint8_t *pre, size_t prelen,
		const uint8_t *msg, size_t msglen, const uint8_t *sig)
{
	int			j;

	if (mldsa_sig_decode(p, sig, st->ctilde, st->z, st->h) != 0)
		return 0;
	if (!z_in_bound(p, st->z))
		return 0;
	if (mldsa_compute_mu(st->tr, pre, prelen, msg, msglen, st->mu) != 0)
		return 0;
	if (mldsa_sample_in_ball(&st->c, st->ctilde, mldsa_ctilde_bytes(p), p->tau) != 0)
		return 0;
	mldsa_poly_ntt(&st->c);
	for (j = 0; j < p->l; j++)
		mldsa_poly_ntt(&st->z[j]);
	return 1;
}

/* Lines 12-13: c~' = H(mu || w1Encode(w1'), lambda/4), compared in all lambda/4 bytes. */
static int
ctilde_matches(const mldsa_params *p, verify_state *st)
{
	qtcl_hash	hh;
	size_t		ctlen = mldsa_ctilde_bytes(p);
	uint8_t		diff = 0;
	size_t		i;

	if (qtcl_hash_init(&hh, QTCL_SHAKE256) != 0)
		return 0;
	if (qtcl_hash_update(&hh, st->mu, sizeof st->mu) != 0 ||
		qtcl_hash_update(&hh, st->w1buf, (size_t) p->k * 32 * mldsa_w1_bits(p)) != 0)
	{
		qtcl_hash_free(&hh);
		return 0;
	}
	if (qtcl_hash_final(&hh, st->ctilde2, ctlen) != 0)
		return 0;
	/* A leading zero byte must not end the comparison. */
	for (i = 0; i < ctlen; i++)
		diff |= st->ctilde[i] ^ st->ctilde2[i];
	return diff == 0;
}

int
mldsa_verify_internal(mldsa_level level, const uint8_t *pk, size_t pklen,
					  const uint8_t *pre, size_t prelen,
					  const uint8_t *msg, size_t msglen,
					  const uint8_t *sig, size_t siglen)
{
	const mldsa_params *p = mldsa_params_get(level);
	verify_state st;
	int			i,
				j,
				e;

	if (p == NULL || pk == NULL || sig == NULL || pklen != p->pk_bytes || siglen != p->sig_bytes)
		return 0;
	/* Lines 5-6: pkDecode, tr = H(pk, 64). */
	mldsa_pk_decode(p, pk, st.rho, st.t1);
	if (qtcl_shake256(pk, pklen, st.tr, sizeof st.tr) != 0)
		return 0;
	if (!prepare(p, &st, pre, prelen, msg, msglen, sig))
		return 0;

	/*
	 * Lines 9-10: w'approx = NTT^-1(A-hat o NTT(z) - NTT(c) o NTT(t1 * 2^d)),
	 * then w1' = UseHint(h, w'approx). A is sampled in batches of four
	 * consecutive entries (row-major) into a buffer of two rows (l >= 4), and
	 * a row is finished as soon as its last entry is in.
	 */
	for (e = 0; e < p->k * p->l; e += 4)
	{
		mldsa_poly *ap[4];
		uint16_t	nonce[4];
		int			b,
					n = p->k * p->l - e < 4 ? p->k * p->l - e : 4;

		for (b = 0; b < n; b++)
		{
			i = (e + b) / p->l;
			j = (e + b) % p->l;
			ap[b] = &st.arow[i & 1][j];
			nonce[b] = (uint16_t) (i << 8 | j);
		}
		if (mldsa_expand_a_x4(ap, st.rho, nonce, n) != 0)
			return 0;
		for (b = 0; b < n; b++)
		{
			if ((e + b) % p->l != p->l - 1)
				continue;
			i = (e + b) / p->l;
			t1_to_ntt(&st.t1[i]);
			w1_row(p, &st, st.arow[i & 1], &st.t1[i], i);
		}
	}
	return ctilde_matches(p, &st);
}

int
mldsa_verify(mldsa_level level, const uint8_t *pk, size_t pklen,
			 const uint8_t *msg, size_t msglen,
			 const uint8_t *ctx, size_t ctxlen,
			 const uint8_t *sig, size_t siglen)
{
	uint8_t		pre[2 + MLDSA_MAX_CTX_BYTES];

	/* Algorithm 3 lines 1-3: a context over 255 bytes is an error, hence invalid. */
	if (ctxlen > MLDSA_MAX_CTX_BYTES)
		return 0;
	pre[0] = 0;
	pre[1] = (uint8_t) ctxlen;
	if (ctxlen > 0)
		memcpy(pre + 2, ctx, ctxlen);
	return mldsa_verify_internal(level, pk, pklen, pre, 2 + ctxlen, msg, msglen, sig, siglen);
}

/*
 * A public key prepared once for many verifications: tr, A-hat and NTT(t1 *
 * 2^d), everything Algorithm 8 derives from pk alone. Verifying with it is
 * the same computation as mldsa_verify_internal minus lines 5-6 and the
 * sampling of A (the larger part of the cost).
 */
struct mldsa_expanded_pk
{
	mldsa_poly	a[MLDSA_K_MAX][MLDSA_L_MAX];
	mldsa_poly	t1hat[MLDSA_K_MAX];
	uint8_t		tr[MLDSA_TR_BYTES];
	int			level;
};

size_t
mldsa_expanded_pk_size(void)
{
	return sizeof(struct mldsa_expanded_pk);
}

int
mldsa_expand_pk(mldsa_level level, const uint8_t *pk, size_t pklen, mldsa_expanded_pk *out)
{
	const mldsa_params *p = mldsa_params_get(level);
	uint8_t		rho[32];
	int			i;

	if (p == NULL || pk == NULL || out == NULL || pklen != p->pk_bytes)
		return -1;
	mldsa_pk_decode(p, pk, rho, out->t1hat);
	if (qtcl_shake256(pk, pklen, out->tr, sizeof out->tr) != 0)
		return -1;
	for (i = 0; i < p->k; i++)
		t1_to_ntt(&out->t1hat[i]);
	if (mldsa_expand_matrix(p->k, p->l, rho, out->a) != 0)
		return -1;
	out->level = (int) level;
	return 0;
}

int
mldsa_verify_expanded(const mldsa_expanded_pk *epk, const uint8_t *msg, size_t msglen,
					  const uint8_t *ctx, size_t ctxlen, const uint8_t *sig, size_t siglen)
{
	const mldsa_params *p;
	verify_state st;
	uint8_t		pre[2 + MLDSA_MAX_CTX_BYTES];
	int			i;

	if (epk == NULL || sig == NULL || ctxlen > MLDSA_MAX_CTX_BYTES)
		return 0;
	p = mldsa_params_get((mldsa_level) epk->level);
	if (p == NULL || siglen != p->sig_bytes)
		return 0;
	pre[0] = 0;
	pre[1] = (uint8_t) ctxlen;
	if (ctxlen > 0)
		memcpy(pre + 2, ctx, ctxlen);
	memcpy(st.tr, epk->tr, sizeof st.tr);
	if (!prepare(p, &st, pre, 2 + ctxlen, msg, msglen, sig))
		return 0;
	for (i = 0; i < p->k; i++)
		w1_row(p, &st, epk->a[i], &epk->t1hat[i], i);
	return ctilde_matches(p, &st);
}

int
mldsa_sig_decodes(mldsa_level level, const uint8_t *sig, size_t siglen)
{
	const mldsa_params *p = mldsa_params_get(level);
	mldsa_poly	z[MLDSA_L_MAX];
	mldsa_poly	h[MLDSA_K_MAX];
	uint8_t		ctilde[MLDSA_CTILDE_MAX];

	if (p == NULL || sig == NULL || siglen != p->sig_bytes)
		return 0;
	if (mldsa_sig_decode(p, sig, ctilde, z, h) != 0)
		return 0;
	return z_in_bound(p, z);
}

int
mldsa_pk_decodes(mldsa_level level, const uint8_t *pk, size_t pklen)
{
	const mldsa_params *p = mldsa_params_get(level);

	/* pkDecode (Algorithm 23) accepts every byte string of this length. */
	return p != NULL && pk != NULL && pklen == p->pk_bytes;
}
