/*
 * test_mldsa.c: ML-DSA (FIPS 204) against ../shared/vectors/ml-dsa/{keygen,siggen,sigver}.json:
 * KeyGen_internal, Sign_internal and Sign (with context), Verify_internal and
 * Verify (with context). Every vector runs under the portable back end and,
 * when the CPU has it, again under AVX2; both must give the same bytes. The
 * AVX2 run covers all of that back end's paths (NTT, four-way Keccak
 * samplers for ExpandA/ExpandS/ExpandMask, vector rejection parsers,
 * Decompose/MakeHint/UseHint/Power2Round, norm checks); cross_backend() adds
 * random keys and hedged signatures compared between the two back ends.
 */
#include <stdlib.h>

#include "crypto/mldsa.h"
#include "crypto/mldsa/mu.h"
#include "crypto/sha3.h"
#include "unit.h"
#include "vectors.h"

static const char *impl_name[2] = {"portable", "avx2"};

/* "ML-DSA-65" -> MLDSA_65 (the vectors use upper case). */
static int
level_of(const vec_record *r)
{
	const char *s = vec_get(r, "parameterSet");

	if (s == NULL)
		return -1;
	if (strcmp(s, "ML-DSA-44") == 0)
		return MLDSA_44;
	if (strcmp(s, "ML-DSA-65") == 0)
		return MLDSA_65;
	if (strcmp(s, "ML-DSA-87") == 0)
		return MLDSA_87;
	return -1;
}

static int
is_true(const vec_record *r, const char *key)
{
	const char *v = vec_get(r, key);

	return v != NULL && strcmp(v, "true") == 0;
}

static void
keygen_vectors(int impl)
{
	FILE	   *f = vec_open("ml-dsa_keygen");
	vec_record	r = {0};
	int			n = 0;

	if (!CHECK(f != NULL, "ml-dsa keygen vector file opens"))
		return;
	while (vec_next(f, &r))
	{
		int			lv = level_of(&r);
		size_t		seedlen,
					pklen,
					sklen;
		uint8_t    *seed = vec_hex(&r, "seed", &seedlen);
		uint8_t    *pk = vec_hex(&r, "pk", &pklen);
		uint8_t    *sk = vec_hex(&r, "sk", &sklen);
		uint8_t		gpk[MLDSA_MAX_PK_BYTES],
					gsk[MLDSA_MAX_SK_BYTES];
		const mldsa_params *p = mldsa_params_get((mldsa_level) lv);

		n++;
		if (CHECK(lv >= 0 && seed && pk && sk && seedlen == 32, "[%s] keygen %d fields", impl_name[impl], n))
		{
			CHECK(mldsa_keygen_internal((mldsa_level) lv, seed, gpk, gsk) == MLDSA_OK,
				  "[%s] keygen %d (%s tc %s) runs", impl_name[impl], n, p->name, vec_get(&r, "source_tcId"));
			CHECK_BYTES(gpk, p->pk_bytes, pk, pklen, "[%s] keygen %d pk", impl_name[impl], n);
			CHECK_BYTES(gsk, p->sk_bytes, sk, sklen, "[%s] keygen %d sk", impl_name[impl], n);
			if (impl == 0)
			{
				CHECK(mldsa_level_by_pk_len(pklen) == lv && mldsa_level_by_sk_len(sklen) == lv,
					  "keygen %d level by length", n);
				CHECK(mldsa_pk_from_sk((mldsa_level) lv, sk, gpk) == MLDSA_OK &&
					  memcmp(gpk, pk, pklen) == 0, "keygen %d pk_from_sk", n);
			}
		}
		free(seed);
		free(pk);
		free(sk);
	}
	vec_free(&r);
	fclose(f);
	CHECK(n == 15, "[%s] all 15 keygen vectors read (got %d)", impl_name[impl], n);
}

static void
siggen_vectors(int impl)
{
	FILE	   *f = vec_open("ml-dsa_siggen");
	vec_record	r = {0};
	int			n = 0,
				n_int = 0,
				n_ext = 0,
				n_invalid = 0;

	if (!CHECK(f != NULL, "ml-dsa siggen vector file opens"))
		return;
	while (vec_next(f, &r))
	{
		int			lv = level_of(&r);
		const mldsa_params *p = mldsa_params_get((mldsa_level) lv);
		const char *iface = vec_get(&r, "interface");
		const char *id = vec_get(&r, "id");
		int			valid = strcmp(vec_get(&r, "expected"), "valid") == 0;
		size_t		sklen,
					rndlen,
					siglen = 0;
		uint8_t    *sk = vec_hex(&r, "sk", &sklen);
		uint8_t    *rnd = vec_hex(&r, "rnd", &rndlen);
		uint8_t    *sig = vec_hex(&r, "signature", &siglen);
		uint8_t		gsig[MLDSA_MAX_SIG_BYTES];

		n++;
		if (!CHECK(p != NULL && sk && rnd && sig && rndlen == 32 && sklen == p->sk_bytes,
				   "[%s] siggen %s fields", impl_name[impl], id))
			goto next;
		if (strcmp(iface, "internal") == 0)
		{
			size_t		mlen;
			uint8_t    *m = vec_hex(&r, "message_prime", &mlen);

			n_int++;
			CHECK(mldsa_sign_internal((mldsa_level) lv, sk, NULL, 0, m, mlen, rnd, gsig) == MLDSA_OK,
				  "[%s] %s %s Sign_internal (%s) runs", impl_name[impl], id, p->name,
				  is_true(&r, "deterministic") ? "deterministic" : "hedged");
			CHECK_BYTES(gsig, p->sig_bytes, sig, siglen, "[%s] %s signature", impl_name[impl], id);
			free(m);
		}
		else
		{
			size_t		seedlen,
						pklen,
						mlen,
						ctxlen,
						mulen;
			uint8_t    *seed = vec_hex(&r, "seed", &seedlen);
			uint8_t    *pk = vec_hex(&r, "pk", &pklen);
			uint8_t    *m = vec_hex(&r, "message", &mlen);
			uint8_t    *ctx = vec_hex(&r, "context", &ctxlen);
			uint8_t    *mu = vec_hex(&r, "mu", &mulen);
			uint8_t		gpk[MLDSA_MAX_PK_BYTES],
						gsk[MLDSA_MAX_SK_BYTES];
			mldsa_status st;

			n_ext++;
			CHECK(mldsa_keygen_internal((mldsa_level) lv, seed, gpk, gsk) == MLDSA_OK &&
				  pklen == p->pk_bytes && memcmp(gpk, pk, pklen) == 0 &&
				  memcmp(gsk, sk, sklen) == 0,
				  "[%s] %s KeyGen_internal(seed) gives pk and sk", impl_name[impl], id);
			st = mldsa_sign((mldsa_level) lv, sk, m, mlen, ctx, ctxlen, rnd, gsig);
			if (valid)
			{
				CHECK(st == MLDSA_OK, "[%s] %s %s Sign (%s, %zu-byte context, \"%s\") runs",
					  impl_name[impl], id, p->name,
					  is_true(&r, "deterministic") ? "deterministic" : "hedged", ctxlen,
					  vec_get(&r, "comment"));
				CHECK_BYTES(gsig, p->sig_bytes, sig, siglen, "[%s] %s signature", impl_name[impl], id);
				CHECK(mldsa_verify((mldsa_level) lv, pk, pklen, m, mlen, ctx, ctxlen, gsig, p->sig_bytes) == 1,
					  "[%s] %s own signature verifies", impl_name[impl], id);
			}
			else
			{
				n_invalid++;
				CHECK(st == MLDSA_ERR_CTX_TOO_LONG, "[%s] %s %zu-byte context refused (got %d)",
					  impl_name[impl], id, ctxlen, (int) st);
			}
			/* mu = H(H(pk, 64) || 0 || len(ctx) || ctx || M, 64) as given by the source. */
			if (mu != NULL && mulen == 64 && ctxlen <= 255)
			{
				uint8_t		tr[64],
							gmu[64];
				uint8_t    *mp = malloc(2 + ctxlen);

				mp[0] = 0;
				mp[1] = (uint8_t) ctxlen;
				memcpy(mp + 2, ctx, ctxlen);
				qtcl_shake256(pk, pklen, tr, 64);
				CHECK(mldsa_compute_mu(tr, mp, 2 + ctxlen, m, mlen, gmu) == 0 &&
					  memcmp(gmu, mu, 64) == 0, "[%s] %s mu", impl_name[impl], id);
				free(mp);
			}
			free(seed);
			free(pk);
			free(m);
			free(ctx);
			free(mu);
		}
next:
		free(sk);
		free(rnd);
		free(sig);
	}
	vec_free(&r);
	fclose(f);
	CHECK(n == 42 && n_int == 21 && n_ext == 21 && n_invalid == 3,
		  "[%s] all 42 siggen vectors read (got %d: %d internal, %d external, %d invalid)",
		  impl_name[impl], n, n_int, n_ext, n_invalid);
}

/* mldsa_verify through mldsa_expand_pk + mldsa_verify_expanded; 0 when the key does not expand. */
static int
verify_expanded(int lv, const uint8_t *pk, size_t pklen, const uint8_t *m, size_t mlen,
				const uint8_t *ctx, size_t ctxlen, const uint8_t *sig, size_t siglen)
{
	void	   *epk = NULL;
	int			got = 0;

	if (posix_memalign(&epk, 32, mldsa_expanded_pk_size()) != 0)
		return -1;
	if (lv >= 0 && mldsa_expand_pk((mldsa_level) lv, pk, pklen, epk) == 0)
		got = mldsa_verify_expanded(epk, m, mlen, ctx, ctxlen, sig, siglen);
	free(epk);
	return got;
}

static void
sigver_vectors(int impl)
{
	FILE	   *f = vec_open("ml-dsa_sigver");
	vec_record	r = {0};
	int			n = 0,
				n_int = 0,
				n_ext = 0,
				n_valid = 0;

	if (!CHECK(f != NULL, "ml-dsa sigver vector file opens"))
		return;
	while (vec_next(f, &r))
	{
		int			lv = level_of(&r);
		const char *iface = vec_get(&r, "interface");
		const char *id = vec_get(&r, "id");
		const char *reason = vec_get(&r, "reason");
		int			want = is_true(&r, "expected_valid");
		size_t		pklen,
					siglen,
					mlen;
		uint8_t    *pk = vec_hex(&r, "pk", &pklen);
		uint8_t    *sig = vec_hex(&r, "signature", &siglen);
		uint8_t    *m;
		int			got;

		n++;
		n_valid += want;
		if (strcmp(iface, "internal") == 0)
		{
			n_int++;
			m = vec_hex(&r, "message_prime", &mlen);
			got = mldsa_verify_internal((mldsa_level) lv, pk, pklen, NULL, 0, m, mlen, sig, siglen);
		}
		else
		{
			size_t		ctxlen;
			uint8_t    *ctx = vec_hex(&r, "context", &ctxlen);

			n_ext++;
			m = vec_hex(&r, "message", &mlen);
			got = mldsa_verify((mldsa_level) lv, pk, pklen, m, mlen, ctx, ctxlen, sig, siglen);
			/* The same verdict through a key expanded beforehand (a key of a wrong length does not expand). */
			CHECK(verify_expanded(lv, pk, pklen, m, mlen, ctx, ctxlen, sig, siglen) == want,
				  "[%s] %s %s verify with the expanded key: %s (expected %s)", impl_name[impl], id,
				  vec_get(&r, "parameterSet"), reason, want ? "valid" : "invalid");
			free(ctx);
		}
		CHECK(lv >= 0 && got == want, "[%s] %s %s verify: %s (expected %s, got %d)",
			  impl_name[impl], id, vec_get(&r, "parameterSet"), reason, want ? "valid" : "invalid", got);
		/* Malformed hint encodings and the z boundary must already fail to decode. */
		if (impl == 0 && (strstr(reason, "hint") != NULL || strstr(reason, "gamma1") != NULL))
			CHECK(mldsa_sig_decodes((mldsa_level) lv, sig, siglen) == (strstr(reason, "maximum") != NULL),
				  "%s sig_decodes agrees (%s)", id, reason);
		if (impl == 0 && want)
			CHECK(mldsa_sig_decodes((mldsa_level) lv, sig, siglen) == 1 &&
				  mldsa_pk_decodes((mldsa_level) lv, pk, pklen) == 1, "%s decodes", id);
		free(pk);
		free(sig);
		free(m);
	}
	vec_free(&r);
	fclose(f);
	CHECK(n == 57 && n_int == 24 && n_ext == 33 && n_valid == 12,
		  "[%s] all 57 sigver vectors read (got %d: %d internal, %d external, %d valid)",
		  impl_name[impl], n, n_int, n_ext, n_valid);
}

/* Random seeds, messages and rnd: both back ends must give identical keys and signatures. */
static void
cross_backend(void)
{
	static uint8_t pk[2][MLDSA_MAX_PK_BYTES],
				sk[2][MLDSA_MAX_SK_BYTES],
				sig[2][MLDSA_MAX_SIG_BYTES];
	uint32_t	x = 0x2545f491u;
	int			lv;

	for (lv = 0; lv < 3; lv++)
	{
		const mldsa_params *p = mldsa_params_get((mldsa_level) lv);
		int			t,
					ok = 1,
					impl;

		for (t = 0; t < 20; t++)
		{
			uint8_t		xi[32],
						rnd[32],
						msg[48];
			int			i;

			for (i = 0; i < 32; i++)
			{
				x = x * 1103515245u + 12345u;
				xi[i] = (uint8_t) (x >> 16);
				rnd[i] = (uint8_t) (x >> 8);
			}
			for (i = 0; i < 48; i++)
				msg[i] = (uint8_t) (t * 7 + i);
			for (impl = 0; impl < 2; impl++)
			{
				mldsa_set_impl(impl);
				ok &= mldsa_keygen_internal((mldsa_level) lv, xi, pk[impl], sk[impl]) == MLDSA_OK;
				ok &= mldsa_sign((mldsa_level) lv, sk[impl], msg, sizeof msg, rnd, 3, rnd, sig[impl]) == MLDSA_OK;
			}
			ok &= memcmp(pk[0], pk[1], p->pk_bytes) == 0 && memcmp(sk[0], sk[1], p->sk_bytes) == 0 &&
				memcmp(sig[0], sig[1], p->sig_bytes) == 0;
			for (impl = 0; impl < 2; impl++)
			{
				mldsa_set_impl(impl);
				ok &= mldsa_verify((mldsa_level) lv, pk[0], p->pk_bytes, msg, sizeof msg, rnd, 3,
								   sig[1 - impl], p->sig_bytes) == 1;
				sig[0][p->sig_bytes / 2] ^= 1;
				ok &= mldsa_verify((mldsa_level) lv, pk[0], p->pk_bytes, msg, sizeof msg, rnd, 3,
								   sig[0], p->sig_bytes) == 0;
				sig[0][p->sig_bytes / 2] ^= 1;
			}
		}
		CHECK(ok, "%s: 20 random keys and hedged signatures identical under both back ends, cross-verified",
			  p->name);
	}
}

int
main(void)
{
	int			impl;
	int			have_avx2 = mldsa_set_impl(1);

	printf("# AVX2 back end %s\n", have_avx2 ? "available: vectors run under both" : "not available: portable only");
	for (impl = 0; impl <= have_avx2; impl++)
	{
		CHECK(mldsa_set_impl(impl) == impl, "back end %s selected", impl_name[impl]);
		keygen_vectors(impl);
		siggen_vectors(impl);
		sigver_vectors(impl);
	}
	if (have_avx2)
		cross_backend();
	mldsa_set_impl(1);
	return unit_done();
}
