/*
 * test_mldsa_props.c: ML-DSA properties beyond the fixed vectors: round
 * trips, tampering, cross-level rejection, determinism and hedging, the
 * secret-key range check and consistency check, the canonical hint encoding,
 * and the arithmetic building blocks (NTT products, Decompose, hints) against
 * direct definitions, under every available back end.
 */
#include <stdlib.h>

#include "crypto/mldsa.h"
#include "crypto/mldsa/ntt.h"
#include "crypto/mldsa/packing.h"
#include "crypto/mldsa/poly.h"
#include "crypto/mldsa/reduce.h"
#include "crypto/mldsa/rounding.h"
#include "unit.h"

static const char *impl_name[2] = {"portable", "avx2"};

/* Small deterministic generator for test data (xorshift64*). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static void
fill(uint8_t *p, size_t n, uint8_t base)
{
	size_t		i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t) (base + 7 * i);
}

typedef struct keypair
{
	uint8_t		pk[MLDSA_MAX_PK_BYTES];
	uint8_t		sk[MLDSA_MAX_SK_BYTES];
} keypair;

/* Offset of the hint area and of z in a signature. */
static size_t
hint_offset(const mldsa_params *p)
{
	return p->sig_bytes - (size_t) (p->omega + p->k);
}

static size_t
z_offset(const mldsa_params *p)
{
	return (size_t) p->lambda / 4;
}

static void
round_trip_and_tamper(mldsa_level lv)
{
	const mldsa_params *p = mldsa_params_get(lv);
	keypair		kp;
	uint8_t		xi[32],
				rnd0[32] = {0},
				rnd1[32],
				rnd2[32];
	uint8_t		sig[MLDSA_MAX_SIG_BYTES],
				sig2[MLDSA_MAX_SIG_BYTES],
				sig3[MLDSA_MAX_SIG_BYTES],
				bad[MLDSA_MAX_SIG_BYTES],
				pkbad[MLDSA_MAX_PK_BYTES],
				pk2[MLDSA_MAX_PK_BYTES];
	uint8_t		msg[100],
				ctx[8] = "qtcl-ctx",
				longctx[256];
	size_t		positions[8];
	size_t		i;
	const char *pos_name[8] = {"c~ first byte", "c~ last byte", "z first byte", "z middle",
	"z last byte", "hint index 0", "hint count (first)", "hint count (last)"};

	fill(xi, sizeof xi, (uint8_t) (11 + lv));
	fill(msg, sizeof msg, 3);
	fill(rnd1, sizeof rnd1, 1);
	fill(rnd2, sizeof rnd2, 2);
	memset(longctx, 'x', sizeof longctx);

	CHECK(mldsa_keygen_internal(lv, xi, kp.pk, kp.sk) == MLDSA_OK, "%s keygen", p->name);
	CHECK(memcmp(kp.pk, kp.sk, 32) == 0, "%s pk and sk share rho", p->name);
	CHECK(mldsa_sign(lv, kp.sk, msg, sizeof msg, ctx, sizeof ctx, rnd0, sig) == MLDSA_OK, "%s sign", p->name);
	CHECK(mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx, sig, p->sig_bytes) == 1,
		  "%s round trip verifies", p->name);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 1 && mldsa_pk_decodes(lv, kp.pk, p->pk_bytes) == 1,
		  "%s signature and key decode", p->name);

	/* Deterministic signing repeats; hedged signing differs and both verify. */
	CHECK(mldsa_sign(lv, kp.sk, msg, sizeof msg, ctx, sizeof ctx, rnd0, sig2) == MLDSA_OK &&
		  memcmp(sig, sig2, p->sig_bytes) == 0, "%s deterministic signing repeats", p->name);
	CHECK(mldsa_sign(lv, kp.sk, msg, sizeof msg, ctx, sizeof ctx, rnd1, sig2) == MLDSA_OK &&
		  mldsa_sign(lv, kp.sk, msg, sizeof msg, ctx, sizeof ctx, rnd2, sig3) == MLDSA_OK,
		  "%s hedged signing", p->name);
	CHECK(memcmp(sig2, sig3, p->sig_bytes) != 0 && memcmp(sig, sig2, p->sig_bytes) != 0,
		  "%s different rnd, different signatures", p->name);
	CHECK(mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx, sig2, p->sig_bytes) == 1 &&
		  mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx, sig3, p->sig_bytes) == 1,
		  "%s both hedged signatures verify", p->name);

	/* The two-piece M' of Sign_internal is a plain concatenation. */
	{
		uint8_t		mp[2 + sizeof ctx + sizeof msg];

		mp[0] = 0;
		mp[1] = sizeof ctx;
		memcpy(mp + 2, ctx, sizeof ctx);
		memcpy(mp + 2 + sizeof ctx, msg, sizeof msg);
		CHECK(mldsa_sign_internal(lv, kp.sk, NULL, 0, mp, sizeof mp, rnd0, sig2) == MLDSA_OK &&
			  memcmp(sig, sig2, p->sig_bytes) == 0, "%s Sign = Sign_internal on 0 || len || ctx || M", p->name);
		CHECK(mldsa_verify_internal(lv, kp.pk, p->pk_bytes, mp, 5, mp + 5, sizeof mp - 5, sig, p->sig_bytes) == 1,
			  "%s Verify_internal with M' split elsewhere", p->name);
		CHECK(mldsa_verify_internal(lv, kp.pk, p->pk_bytes, NULL, 0, msg, sizeof msg, sig, p->sig_bytes) == 0,
			  "%s external signature fails Verify_internal on the bare message", p->name);
	}

	/* Message and context tampering. */
	msg[17] ^= 0x10;
	CHECK(mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx, sig, p->sig_bytes) == 0,
		  "%s one message bit flipped: invalid", p->name);
	msg[17] ^= 0x10;
	CHECK(mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg - 1, ctx, sizeof ctx, sig, p->sig_bytes) == 0,
		  "%s message shortened: invalid", p->name);
	ctx[0] ^= 1;
	CHECK(mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx, sig, p->sig_bytes) == 0,
		  "%s one context bit flipped: invalid", p->name);
	ctx[0] ^= 1;
	CHECK(mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx - 1, sig, p->sig_bytes) == 0 &&
		  mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, NULL, 0, sig, p->sig_bytes) == 0,
		  "%s shorter or empty context: invalid", p->name);

	/* Context length limit: 255 is fine, 256 is refused by both sides. */
	CHECK(mldsa_sign(lv, kp.sk, msg, sizeof msg, longctx, 255, rnd0, sig2) == MLDSA_OK &&
		  mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, longctx, 255, sig2, p->sig_bytes) == 1,
		  "%s 255-byte context works", p->name);
	CHECK(mldsa_sign(lv, kp.sk, msg, sizeof msg, longctx, 256, rnd0, sig2) == MLDSA_ERR_CTX_TOO_LONG,
		  "%s 256-byte context refused by sign", p->name);
	CHECK(mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, longctx, 256, sig2, p->sig_bytes) == 0,
		  "%s 256-byte context refused by verify", p->name);

	/* Signature tampering at several places. */
	positions[0] = 0;
	positions[1] = z_offset(p) - 1;
	positions[2] = z_offset(p);
	positions[3] = z_offset(p) + (hint_offset(p) - z_offset(p)) / 2;
	positions[4] = hint_offset(p) - 1;
	positions[5] = hint_offset(p);
	positions[6] = hint_offset(p) + (size_t) p->omega;
	positions[7] = p->sig_bytes - 1;
	for (i = 0; i < 8; i++)
	{
		memcpy(bad, sig, p->sig_bytes);
		bad[positions[i]] ^= 0x01;
		CHECK(mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx, bad, p->sig_bytes) == 0,
			  "%s signature bit flipped at %zu (%s): invalid", p->name, positions[i], pos_name[i]);
	}
	CHECK(mldsa_verify(lv, kp.pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx, sig, p->sig_bytes - 1) == 0 &&
		  mldsa_verify(lv, kp.pk, p->pk_bytes - 1, msg, sizeof msg, ctx, sizeof ctx, sig, p->sig_bytes) == 0 &&
		  mldsa_verify(lv, kp.pk, p->pk_bytes + 1, msg, sizeof msg, ctx, sizeof ctx, sig, p->sig_bytes) == 0 &&
		  mldsa_sig_decodes(lv, sig, p->sig_bytes + 1) == 0 && mldsa_pk_decodes(lv, kp.pk, p->pk_bytes - 1) == 0,
		  "%s wrong lengths: invalid", p->name);

	/* Public key tampering: rho and t1. */
	for (i = 0; i < 3; i++)
	{
		size_t		at = i == 0 ? 0 : i == 1 ? 40 : p->pk_bytes - 1;

		memcpy(pkbad, kp.pk, p->pk_bytes);
		pkbad[at] ^= 0x04;
		CHECK(mldsa_verify(lv, pkbad, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx, sig, p->sig_bytes) == 0,
			  "%s public key bit flipped at %zu: invalid", p->name, at);
	}

	/* pk_from_sk recomputes pk; an inconsistent t0 or tr is refused. */
	CHECK(mldsa_pk_from_sk(lv, kp.sk, pk2) == MLDSA_OK && memcmp(pk2, kp.pk, p->pk_bytes) == 0,
		  "%s pk_from_sk matches", p->name);
	{
		keypair		k2 = kp;

		k2.sk[p->sk_bytes - 1] ^= 0x20;	/* last t0 byte */
		CHECK(mldsa_pk_from_sk(lv, k2.sk, pk2) == MLDSA_ERR_BAD_KEY, "%s pk_from_sk refuses a changed t0", p->name);
		k2 = kp;
		k2.sk[64] ^= 1;			/* tr */
		CHECK(mldsa_pk_from_sk(lv, k2.sk, pk2) == MLDSA_ERR_BAD_KEY, "%s pk_from_sk refuses a changed tr", p->name);
	}

	/* skDecode range check: s1 coefficient 0 out of [-eta, eta]; the edge 2*eta is fine. */
	{
		keypair		k2 = kp;
		unsigned	mask = p->eta == 2 ? 0x07 : 0x0f;

		k2.sk[128] = (uint8_t) ((k2.sk[128] & ~mask) | (unsigned) (2 * p->eta));
		CHECK(mldsa_sign(lv, k2.sk, msg, sizeof msg, NULL, 0, rnd0, sig2) == MLDSA_OK,
			  "%s s1 coefficient -eta accepted", p->name);
		k2.sk[128] = (uint8_t) ((k2.sk[128] & ~mask) | (unsigned) (2 * p->eta + 1));
		CHECK(mldsa_sign(lv, k2.sk, msg, sizeof msg, NULL, 0, rnd0, sig2) == MLDSA_ERR_BAD_KEY,
			  "%s s1 coefficient -eta-1 refused by sign", p->name);
		CHECK(mldsa_pk_from_sk(lv, k2.sk, pk2) == MLDSA_ERR_BAD_KEY, "%s ... and by pk_from_sk", p->name);
		k2.sk[128] |= (uint8_t) mask;
		CHECK(mldsa_sign(lv, k2.sk, msg, sizeof msg, NULL, 0, rnd0, sig2) == MLDSA_ERR_BAD_KEY,
			  "%s s1 field all ones refused", p->name);
		k2 = kp;
		/* last s2 polynomial, last coefficient: the top bits of its last byte */
		{
			size_t		eb = p->eta == 2 ? 3 : 4;
			size_t		last = 128 + (size_t) (p->l + p->k) * 32 * eb - 1;

			k2.sk[last] |= 0xf0;
			CHECK(mldsa_sign(lv, k2.sk, msg, sizeof msg, NULL, 0, rnd0, sig2) == MLDSA_ERR_BAD_KEY,
				  "%s last s2 coefficient out of range refused", p->name);
		}
	}

	/* A signature of this level never verifies under another level. */
	{
		int			other;

		for (other = 0; other < 3; other++)
		{
			const mldsa_params *q = mldsa_params_get((mldsa_level) other);
			keypair		ko;

			if (other == (int) lv)
				continue;
			mldsa_keygen_internal((mldsa_level) other, xi, ko.pk, ko.sk);
			CHECK(mldsa_verify((mldsa_level) other, ko.pk, q->pk_bytes, msg, sizeof msg, ctx, sizeof ctx,
							   sig, p->sig_bytes) == 0 &&
				  mldsa_verify((mldsa_level) other, kp.pk, p->pk_bytes, msg, sizeof msg, ctx, sizeof ctx,
							   sig, p->sig_bytes) == 0,
				  "%s signature refused under %s", p->name, q->name);
			CHECK(memcmp(ko.pk, kp.pk, 32) != 0, "%s and %s keys from one seed differ (k, l domain separation)",
				  p->name, q->name);
		}
	}
}

/* Rebuilds the hint area of sig from explicit indices and counts. */
static void
put_hints(const mldsa_params *p, uint8_t *sig, const uint8_t *idx, const uint8_t *cuts)
{
	uint8_t    *y = sig + hint_offset(p);

	memcpy(y, idx, (size_t) p->omega);
	memcpy(y + p->omega, cuts, (size_t) p->k);
}

static void
hint_encoding(mldsa_level lv)
{
	const mldsa_params *p = mldsa_params_get(lv);
	uint8_t		sig[MLDSA_MAX_SIG_BYTES];
	uint8_t		idx[MLDSA_OMEGA_MAX],
				cuts[MLDSA_K_MAX];
	mldsa_poly	h[MLDSA_K_MAX];
	int			i;

	/* z: the byte pattern 0x55 gives every coefficient the same small value, well inside the bound. */
	memset(sig, 0, sizeof sig);
	memset(sig + z_offset(p), 0x55, hint_offset(p) - z_offset(p));

	/* Well-formed: 2 hints in poly 0, 1 in poly 1, none after. */
	memset(idx, 0, sizeof idx);
	idx[0] = 3;
	idx[1] = 200;
	idx[2] = 0;
	for (i = 0; i < p->k; i++)
		cuts[i] = (uint8_t) (i == 0 ? 2 : 3);
	put_hints(p, sig, idx, cuts);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 1, "%s well-formed hints decode", p->name);
	CHECK(mldsa_hint_unpack(p, sig + hint_offset(p), h) == 0 && h[0].c[3] == 1 && h[0].c[200] == 1 &&
		  h[1].c[0] == 1 && h[0].c[0] == 0, "%s hint unpack places the ones", p->name);

	/* Unsorted within one polynomial. */
	idx[0] = 200;
	idx[1] = 3;
	put_hints(p, sig, idx, cuts);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 0, "%s unsorted hint indices refused", p->name);
	/* Repeated index. */
	idx[0] = 3;
	idx[1] = 3;
	put_hints(p, sig, idx, cuts);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 0, "%s repeated hint index refused", p->name);
	/* A smaller index starting a new polynomial is fine (sorted per polynomial only). */
	idx[0] = 3;
	idx[1] = 200;
	put_hints(p, sig, idx, cuts);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 1, "%s index order restarts per polynomial", p->name);
	/* Non-zero padding after the last used index. */
	idx[p->omega - 1] = 1;
	put_hints(p, sig, idx, cuts);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 0, "%s non-zero hint padding refused", p->name);
	idx[p->omega - 1] = 0;
	/* Count above omega. */
	cuts[p->k - 1] = (uint8_t) (p->omega + 1);
	put_hints(p, sig, idx, cuts);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 0, "%s hint count omega+1 refused", p->name);
	cuts[p->k - 1] = 255;
	put_hints(p, sig, idx, cuts);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 0, "%s hint count 255 refused", p->name);
	/* Decreasing cut. */
	cuts[p->k - 1] = 3;
	cuts[1] = 1;
	put_hints(p, sig, idx, cuts);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 0, "%s decreasing hint cut refused", p->name);
	/* Exactly omega hints, all in the last polynomial, sorted: fine. */
	for (i = 0; i < p->omega; i++)
		idx[i] = (uint8_t) (i + 1);
	for (i = 0; i < p->k; i++)
		cuts[i] = (uint8_t) (i == p->k - 1 ? p->omega : 0);
	put_hints(p, sig, idx, cuts);
	CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == 1, "%s exactly omega hints decode", p->name);

	/* z bound: value gamma1 - beta refused, gamma1 - beta - 1 accepted (coefficient 0 of z[0]). */
	{
		int32_t		v;
		mldsa_poly	z;
		uint8_t    *zp = sig + z_offset(p);

		mldsa_unpack_z(&z, zp, p->gamma1);
		for (v = p->gamma1 - p->beta - 1; v <= p->gamma1 - p->beta; v++)
		{
			z.c[0] = v;
			mldsa_pack_z(zp, &z, p->gamma1);
			CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == (v < p->gamma1 - p->beta),
				  "%s z coefficient %d (bound %d)", p->name, v, p->gamma1 - p->beta);
			z.c[0] = -v;
			mldsa_pack_z(zp, &z, p->gamma1);
			CHECK(mldsa_sig_decodes(lv, sig, p->sig_bytes) == (v < p->gamma1 - p->beta),
				  "%s z coefficient %d", p->name, -v);
		}
	}
}

/* Schoolbook product in Z_q[X]/(X^256 + 1), the definition the NTT must match. */
static void
negacyclic(int32_t *r, const int32_t *a, const int32_t *b)
{
	int64_t		acc[2 * MLDSA_N] = {0};
	int			i,
				j;

	for (i = 0; i < MLDSA_N; i++)
		for (j = 0; j < MLDSA_N; j++)
			acc[i + j] = (acc[i + j] + (int64_t) a[i] * b[j]) % MLDSA_Q;
	for (i = 0; i < MLDSA_N; i++)
		r[i] = (int32_t) (((acc[i] - acc[i + MLDSA_N]) % MLDSA_Q + MLDSA_Q) % MLDSA_Q);
}

static void
ntt_products(int impl)
{
	int			trial,
				i,
				ok = 1,
				same = 1;

	mldsa_set_impl(impl);
	for (trial = 0; trial < 20; trial++)
	{
		mldsa_poly	a,
					b,
					r,
					rc;
		int32_t		want[MLDSA_N];

		for (i = 0; i < MLDSA_N; i++)
		{
			/* extremes of the allowed input range |a| < q in some trials */
			a.c[i] = trial % 4 == 0 ? (MLDSA_Q - 1) * (i % 2 ? 1 : -1) : (int32_t) (rng() % (2 * MLDSA_Q - 1)) - (MLDSA_Q - 1);
			b.c[i] = (int32_t) (rng() % (2 * MLDSA_Q - 1)) - (MLDSA_Q - 1);
		}
		negacyclic(want, a.c, b.c);
		mldsa_poly_ntt(&a);
		mldsa_poly_ntt(&b);
		for (i = 0; i < MLDSA_N; i++)
			if (a.c[i] <= -9 * MLDSA_Q || a.c[i] >= 9 * MLDSA_Q)
				ok = 0;
		mldsa_poly_pointwise(&r, &a, &b);
		/* the accumulating form over one pair must agree */
		mldsa_poly_pointwise_acc(&rc, &a, &b, 1);
		same &= memcmp(&r, &rc, sizeof r) == 0;
		mldsa_poly_invntt_tomont(&r);
		for (i = 0; i < MLDSA_N; i++)
		{
			if (r.c[i] <= -MLDSA_Q || r.c[i] >= MLDSA_Q)
				ok = 0;
			if (mldsa_freeze(r.c[i]) != want[i])
				ok = 0;
		}
	}
	CHECK(ok, "[%s] NTT, pointwise product and inverse NTT equal the negacyclic product (bounds hold)",
		  impl_name[impl]);
	CHECK(same, "[%s] pointwise_acc of one pair equals pointwise", impl_name[impl]);

	/* Accumulation over 7 and 8 pairs equals the sum of single products. */
	{
		mldsa_poly	a[8],
					b[8],
					acc,
					one;
		int			j,
					n;

		for (j = 0; j < 8; j++)
			for (i = 0; i < MLDSA_N; i++)
			{
				a[j].c[i] = (int32_t) (rng() % MLDSA_Q);
				b[j].c[i] = (int32_t) (rng() % (18 * MLDSA_Q - 1)) - (9 * MLDSA_Q - 1);
			}
		for (n = 1; n <= 8; n++)
		{
			int32_t		sum[MLDSA_N] = {0};

			ok = 1;
			for (j = 0; j < n; j++)
			{
				mldsa_poly_pointwise(&one, &a[j], &b[j]);
				for (i = 0; i < MLDSA_N; i++)
					sum[i] = mldsa_freeze(sum[i] + one.c[i]);
			}
			mldsa_poly_pointwise_acc(&acc, a, b, n);
			for (i = 0; i < MLDSA_N; i++)
				if (mldsa_freeze(acc.c[i]) != sum[i] || acc.c[i] <= -8 * MLDSA_Q || acc.c[i] >= 8 * MLDSA_Q)
					ok = 0;
			CHECK(ok, "[%s] pointwise_acc over %d pairs", impl_name[impl], n);
		}
	}
}

/* The two back ends give the same integers, not just the same residues. */
static void
backends_agree(void)
{
	mldsa_poly	a,
				b,
				x,
				y;
	int			i,
				trial,
				same = 1;

	if (!mldsa_set_impl(1))
		return;
	for (trial = 0; trial < 50; trial++)
	{
		for (i = 0; i < MLDSA_N; i++)
		{
			a.c[i] = (int32_t) (rng() % (2 * MLDSA_Q - 1)) - (MLDSA_Q - 1);
			b.c[i] = (int32_t) (rng() % (2 * MLDSA_Q - 1)) - (MLDSA_Q - 1);
		}
		x = a;
		y = a;
		mldsa_ntt_c(x.c);
		mldsa_ntt_avx2(y.c);
		same &= memcmp(&x, &y, sizeof x) == 0;
		mldsa_pointwise_c(x.c, x.c, b.c);
		mldsa_pointwise_avx2(y.c, y.c, b.c);
		same &= memcmp(&x, &y, sizeof x) == 0;
		mldsa_invntt_tomont_c(x.c);
		mldsa_invntt_tomont_avx2(y.c);
		same &= memcmp(&x, &y, sizeof x) == 0;
	}
	CHECK(same, "portable and AVX2 NTT, pointwise and inverse NTT give identical integers");
}

/* FIPS 204 Algorithm 36 written out literally, for comparison. */
static int32_t
decompose_ref(int32_t r, int32_t gamma2, int32_t *r0)
{
	int32_t		m = r % (2 * gamma2);

	if (m > gamma2)
		m -= 2 * gamma2;
	if (r - m == MLDSA_Q - 1)
	{
		*r0 = m - 1;
		return 0;
	}
	*r0 = m;
	return (r - m) / (2 * gamma2);
}

static void
rounding(void)
{
	int32_t		gammas[2] = {(MLDSA_Q - 1) / 88, (MLDSA_Q - 1) / 32};
	int			g;

	for (g = 0; g < 2; g++)
	{
		int32_t		gamma2 = gammas[g];
		int32_t		base;
		int			ok = 1,
					hint_ok = 1;

		/* Every r in [0, q), one polynomial at a time. */
		for (base = 0; base < MLDSA_Q; base += MLDSA_N)
		{
			mldsa_poly	a,
						a1,
						a0;
			int			i;

			for (i = 0; i < MLDSA_N; i++)
				a.c[i] = base + i < MLDSA_Q ? base + i : MLDSA_Q - 1;
			mldsa_poly_decompose(&a1, &a0, &a, gamma2);
			for (i = 0; i < MLDSA_N; i++)
			{
				int32_t		r0,
							r1 = decompose_ref(a.c[i], gamma2, &r0);

				if (r1 != a1.c[i] || r0 != a0.c[i])
					ok = 0;
			}
		}
		CHECK(ok, "Decompose matches Algorithm 36 for every r in [0, q) (gamma2 = %d)", gamma2);

		/* UseHint(MakeHint(z, r), r) = HighBits(r + z) for |z| <= gamma2 (Lemma of section 7.4). */
		{
			int			trial;

			for (trial = 0; trial < 2000; trial++)
			{
				mldsa_poly	r,
							rz,
							h,
							w1,
							hi,
							lo;
				int			i;

				for (i = 0; i < MLDSA_N; i++)
				{
					int32_t		z = (int32_t) (rng() % (uint64_t) (2 * gamma2 + 1)) - gamma2;

					r.c[i] = (int32_t) (rng() % MLDSA_Q);
					if (trial % 3 == 0)
						r.c[i] = MLDSA_Q - 1 - (int32_t) (rng() % (2 * gamma2));	/* the wrap corner */
					rz.c[i] = mldsa_freeze(r.c[i] + z);
				}
				mldsa_poly_make_hint(&h, &r, &rz, gamma2);
				mldsa_poly_use_hint(&w1, &r, &h, gamma2);
				mldsa_poly_decompose(&hi, &lo, &rz, gamma2);
				if (memcmp(&w1, &hi, sizeof w1) != 0)
					hint_ok = 0;
			}
		}
		CHECK(hint_ok, "UseHint(MakeHint(z, r), r) = HighBits(r + z) (gamma2 = %d)", gamma2);
	}

	/* Power2Round: a = t1 * 2^13 + t0 with t0 in (-2^12, 2^12]. */
	{
		mldsa_poly	a,
					t1,
					t0;
		int32_t		base;
		int			ok = 1,
					i;

		for (base = 0; base < MLDSA_Q; base += MLDSA_N)
		{
			for (i = 0; i < MLDSA_N; i++)
				a.c[i] = base + i < MLDSA_Q ? base + i : 0;
			mldsa_poly_power2round(&t1, &t0, &a);
			for (i = 0; i < MLDSA_N; i++)
				if (t1.c[i] * (1 << 13) + t0.c[i] != a.c[i] || t0.c[i] <= -(1 << 12) || t0.c[i] > (1 << 12) ||
					t1.c[i] < 0 || t1.c[i] >= 1024)
					ok = 0;
		}
		CHECK(ok, "Power2Round over [0, q)");
	}
}

static void
lookups(void)
{
	CHECK(mldsa_level_by_name("ml-dsa-44") == MLDSA_44 && mldsa_level_by_name("ml-dsa-65") == MLDSA_65 &&
		  mldsa_level_by_name("ml-dsa-87") == MLDSA_87, "level by name");
	CHECK(mldsa_level_by_name("ML-DSA-44") == -1 && mldsa_level_by_name("ml-dsa-4") == -1 &&
		  mldsa_level_by_name("ml-dsa-44 ") == -1 && mldsa_level_by_name("") == -1 &&
		  mldsa_level_by_name(NULL) == -1, "level by name is exact");
	CHECK(mldsa_level_by_pk_len(1312) == 0 && mldsa_level_by_pk_len(1952) == 1 && mldsa_level_by_pk_len(2592) == 2 &&
		  mldsa_level_by_pk_len(1311) == -1, "level by pk length");
	CHECK(mldsa_level_by_sk_len(2560) == 0 && mldsa_level_by_sk_len(4032) == 1 && mldsa_level_by_sk_len(4896) == 2 &&
		  mldsa_level_by_sk_len(32) == -1, "level by sk length");
	CHECK(mldsa_level_by_sig_len(2420) == 0 && mldsa_level_by_sig_len(3309) == 1 && mldsa_level_by_sig_len(4627) == 2 &&
		  mldsa_level_by_sig_len(3293) == -1 && mldsa_level_by_sig_len(4595) == -1,
		  "level by signature length (round-3 sizes refused)");
	CHECK(mldsa_params_get((mldsa_level) 3) == NULL && mldsa_params_get((mldsa_level) -1) == NULL,
		  "unknown level has no parameters");
	{
		uint8_t		xi[32] = {0},
					buf[MLDSA_MAX_SK_BYTES];

		CHECK(mldsa_keygen_internal((mldsa_level) 7, xi, buf, buf) == MLDSA_ERR_BAD_LENGTH &&
			  mldsa_verify((mldsa_level) 7, buf, 1312, buf, 1, NULL, 0, buf, 2420) == 0 &&
			  mldsa_sig_decodes((mldsa_level) 7, buf, 2420) == 0, "unknown level refused");
	}
	{
		int			i;
		size_t		sizes[3][3] = {{1312, 2560, 2420}, {1952, 4032, 3309}, {2592, 4896, 4627}};
		int			ok = 1;

		for (i = 0; i < 3; i++)
		{
			const mldsa_params *p = mldsa_params_get((mldsa_level) i);
			size_t		eb = p->eta == 2 ? 3 : 4;
			size_t		zb = p->gamma1 == (1 << 17) ? 18 : 20;

			ok &= p->pk_bytes == sizes[i][0] && p->sk_bytes == sizes[i][1] && p->sig_bytes == sizes[i][2];
			ok &= p->pk_bytes == 32 + (size_t) p->k * 320;
			ok &= p->sk_bytes == 128 + 32 * eb * (size_t) (p->k + p->l) + 416 * (size_t) p->k;
			ok &= p->sig_bytes == (size_t) p->lambda / 4 + 32 * zb * (size_t) p->l + (size_t) (p->omega + p->k);
			ok &= p->beta == p->tau * p->eta;
			ok &= p->pk_bytes <= MLDSA_MAX_PK_BYTES && p->sk_bytes <= MLDSA_MAX_SK_BYTES &&
				p->sig_bytes <= MLDSA_MAX_SIG_BYTES;
		}
		CHECK(ok, "parameter table consistent with the encodings (Table 2)");
	}
}

int
main(void)
{
	int			impl,
				have_avx2 = mldsa_set_impl(1);
	int			lv;

	lookups();
	rounding();
	backends_agree();
	for (impl = 0; impl <= have_avx2; impl++)
	{
		ntt_products(impl);
		mldsa_set_impl(impl);
		printf("# properties under the %s back end\n", impl_name[impl]);
		for (lv = 0; lv < 3; lv++)
			round_trip_and_tamper((mldsa_level) lv);
	}
	for (lv = 0; lv < 3; lv++)
		hint_encoding((mldsa_level) lv);
	return unit_done();
}
