/*
 * keygen.c: ML-DSA.KeyGen_internal (FIPS 204 Algorithm 6) and the public key
 * recomputed from an expanded secret key.
 */
#include <string.h>

#include "crypto/sha3.h"
#include "crypto/mldsa/packing.h"
#include "crypto/mldsa/params.h"
#include "crypto/mldsa/reduce.h"
#include "crypto/mldsa/rounding.h"
#include "crypto/mldsa/sampling.h"

/* Secret working state of key generation, wiped before returning. */
typedef struct keygen_state
{
	uint8_t		seeds[128];		/* rho || rho' || K */
	mldsa_poly	s1[MLDSA_L_MAX];
	mldsa_poly	s2[MLDSA_K_MAX];
	mldsa_poly	s1hat[MLDSA_L_MAX];
	mldsa_poly	t0[MLDSA_K_MAX];
	mldsa_poly	t;
} keygen_state;

/*
 * Wipes the parts of st this parameter set used (the arrays are sized for
 * the largest set; the rest was never written).
 */
static void
keygen_state_wipe(const mldsa_params *p, keygen_state *st)
{
	size_t		l = sizeof(mldsa_poly) * (size_t) p->l,
				k = sizeof(mldsa_poly) * (size_t) p->k;

	qtcl_wipe(st->seeds, sizeof st->seeds);
	qtcl_wipe(st->s1, l);
	qtcl_wipe(st->s2, k);
	qtcl_wipe(st->s1hat, l);
	qtcl_wipe(st->t0, k);
	qtcl_wipe(&st->t, sizeof st->t);
}

/*
 * Algorithm 6 lines 5-6: t = NTT^-1(A-hat o NTT(s1)) + s2 and its Power2Round.
 * A is sampled in batches of four consecutive entries (row-major; the AVX2
 * back end hashes the four together) into a buffer of two rows: a batch
 * spans at most two rows since l >= 4, and a row is multiplied out as soon
 * as its last entry is in, so A is never held whole.
 */
static int
compute_t(const mldsa_params *p, keygen_state *st, const uint8_t rho[32], mldsa_poly *t1)
{
	mldsa_poly	arow[2][MLDSA_L_MAX];	/* rows of A-hat (public) */
	int			kl = p->k * p->l,
				e,
				b,
				i,
				j;

	for (j = 0; j < p->l; j++)
	{
		st->s1hat[j] = st->s1[j];
		mldsa_poly_ntt(&st->s1hat[j]);
	}
	for (e = 0; e < kl; e += 4)
	{
		int			n = kl - e < 4 ? kl - e : 4;
		mldsa_poly *ap[4];
		uint16_t	nonce[4];

		for (b = 0; b < n; b++)
		{
			i = (e + b) / p->l;
			j = (e + b) % p->l;
			ap[b] = &arow[i & 1][j];
			nonce[b] = (uint16_t) (i << 8 | j);
		}
		if (mldsa_expand_a_x4(ap, rho, nonce, n) != 0)
			return -1;
		for (b = 0; b < n; b++)
		{
			if ((e + b) % p->l != p->l - 1)
				continue;
			i = (e + b) / p->l;
			/* |A| < q, |s1-hat| < 9q: within the bounds of pointwise_acc (poly.h). */
			mldsa_poly_pointwise_acc(&st->t, arow[i & 1], st->s1hat, p->l);
			mldsa_poly_reduce(&st->t);
			mldsa_poly_invntt_tomont(&st->t);
			mldsa_poly_add(&st->t, &st->t, &st->s2[i]);
			mldsa_poly_freeze(&st->t);
			mldsa_poly_power2round(&t1[i], &st->t0[i], &st->t);
		}
	}
	return 0;
}

mldsa_status
mldsa_keygen_internal(mldsa_level level, const uint8_t xi[MLDSA_SEED_BYTES], uint8_t *pk, uint8_t *sk)
{
	const mldsa_params *p = mldsa_params_get(level);
	keygen_state st;
	mldsa_poly	t1[MLDSA_K_MAX];
	uint8_t		kl[2];
	uint8_t		tr[MLDSA_TR_BYTES];
	const uint8_t *rho = st.seeds,
			   *rhoprime = st.seeds + 32,
			   *key = st.seeds + 96;
	mldsa_poly *sp[MLDSA_L_MAX + MLDSA_K_MAX];
	mldsa_status rc = MLDSA_ERR_HASH;
	int			r;

	if (p == NULL)
		return MLDSA_ERR_BAD_LENGTH;
	/* Line 1: the k and l bytes separate the parameter sets (FIPS 204 final, not the ipd). */
	kl[0] = (uint8_t) p->k;
	kl[1] = (uint8_t) p->l;
	if (mldsa_h2(xi, MLDSA_SEED_BYTES, kl, 2, st.seeds, sizeof st.seeds) != 0)
		goto out;
	/* ExpandS (Algorithm 33): s1 uses nonces 0..l-1, s2 uses l..l+k-1; four at a time. */
	for (r = 0; r < p->l; r++)
		sp[r] = &st.s1[r];
	for (r = 0; r < p->k; r++)
		sp[p->l + r] = &st.s2[r];
	for (r = 0; r < p->l + p->k; r += 4)
	{
		int			n = p->l + p->k - r < 4 ? p->l + p->k - r : 4;
		uint16_t	nonce[4];
		int			b;

		for (b = 0; b < n; b++)
			nonce[b] = (uint16_t) (r + b);
		if (mldsa_expand_s_x4(sp + r, rhoprime, nonce, n, p->eta) != 0)
			goto out;
	}
	if (compute_t(p, &st, rho, t1) != 0)
		goto out;
	mldsa_pk_encode(p, pk, rho, t1);
	if (qtcl_shake256(pk, p->pk_bytes, tr, sizeof tr) != 0)
		goto out;
	mldsa_sk_encode(p, sk, rho, key, tr, st.s1, st.s2, st.t0);
	rc = MLDSA_OK;
out:
	keygen_state_wipe(p, &st);
	return rc;
}

mldsa_status
mldsa_pk_from_sk(mldsa_level level, const uint8_t *sk, uint8_t *pk)
{
	const mldsa_params *p = mldsa_params_get(level);
	keygen_state st;
	mldsa_poly	t1[MLDSA_K_MAX];
	mldsa_poly	t0_stored[MLDSA_K_MAX];
	uint8_t		rho[32],
				tr[MLDSA_TR_BYTES],
				tr_new[MLDSA_TR_BYTES];
	uint8_t		pk_new[MLDSA_MAX_PK_BYTES];
	uint32_t	diff = 0;
	mldsa_status rc = MLDSA_ERR_HASH;
	int			i,
				j;

	if (p == NULL)
		return MLDSA_ERR_BAD_LENGTH;
	if (mldsa_sk_decode(p, sk, rho, st.seeds + 96, tr, st.s1, st.s2, t0_stored) != 0)
	{
		rc = MLDSA_ERR_BAD_KEY;
		goto out;
	}
	if (compute_t(p, &st, rho, t1) != 0)
		goto out;
	mldsa_pk_encode(p, pk_new, rho, t1);
	if (qtcl_shake256(pk_new, p->pk_bytes, tr_new, sizeof tr_new) != 0)
		goto out;
	/* The stored t0 and tr must be the ones this s1, s2 and rho give. */
	for (i = 0; i < p->k; i++)
		for (j = 0; j < MLDSA_N; j++)
			diff |= (uint32_t) (st.t0[i].c[j] ^ t0_stored[i].c[j]);
	for (i = 0; i < MLDSA_TR_BYTES; i++)
		diff |= (uint32_t) (tr[i] ^ tr_new[i]);
	if (diff != 0)
	{
		rc = MLDSA_ERR_BAD_KEY;
		goto out;
	}
	memcpy(pk, pk_new, p->pk_bytes);
	rc = MLDSA_OK;
out:
	keygen_state_wipe(p, &st);
	qtcl_wipe(t0_stored, sizeof(mldsa_poly) * (size_t) p->k);
	return rc;
}
