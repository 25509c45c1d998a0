/*
 * sha3.c: FIPS 202 hashes over OpenSSL EVP (see sha3.h for the XOF caveat).
 *
 * The EVP_MD objects are fetched once per process: fetching per call costs
 * more than hashing a short input. PostgreSQL backends are single-threaded,
 * and the unit tests are too, so a plain static cache is enough.
 */
#include "crypto/sha3.h"

#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

static EVP_MD *md_cache[3];

static const EVP_MD *
md_for(qtcl_hash_alg alg)
{
	static const char *const names[3] = {"SHA3-256", "SHAKE128", "SHAKE256"};

	if ((unsigned) alg > QTCL_SHAKE256)
		return NULL;
	if (md_cache[alg] == NULL)
		md_cache[alg] = EVP_MD_fetch(NULL, names[alg], NULL);
	return md_cache[alg];
}

int
qtcl_hash_init(qtcl_hash *h, qtcl_hash_alg alg)
{
	const EVP_MD *md = md_for(alg);
	EVP_MD_CTX *ctx;

	h->ctx = NULL;
	h->alg = alg;
	if (md == NULL)
		return -1;
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL)
		return -1;
	if (EVP_DigestInit_ex2(ctx, md, NULL) != 1)
	{
		EVP_MD_CTX_free(ctx);
		return -1;
	}
	h->ctx = ctx;
	return 0;
}

int
qtcl_hash_update(qtcl_hash *h, const void *in, size_t inlen)
{
	if (h->ctx == NULL)
		return -1;
	if (inlen == 0)
		return 0;
	return EVP_DigestUpdate((EVP_MD_CTX *) h->ctx, in, inlen) == 1 ? 0 : -1;
}

/* Finalise ctx into out; ctx is consumed (not reusable afterwards). */
static int
finish_ctx(EVP_MD_CTX *ctx, qtcl_hash_alg alg, uint8_t *out, size_t outlen)
{
	if (alg == QTCL_SHA3_256)
	{
		unsigned int len = 0;

		if (outlen != QTCL_SHA3_256_BYTES)
			return -1;
		return (EVP_DigestFinal_ex(ctx, out, &len) == 1 && len == QTCL_SHA3_256_BYTES) ? 0 : -1;
	}
	/* Always an explicit length: the MD's default size is 16 or 32 bytes. */
	if (outlen == 0)
		return 0;
	return EVP_DigestFinalXOF(ctx, out, outlen) == 1 ? 0 : -1;
}

int
qtcl_hash_peek(const qtcl_hash *h, uint8_t *out, size_t outlen)
{
	EVP_MD_CTX *copy;
	int			rc;

	if (h->ctx == NULL)
		return -1;
	copy = EVP_MD_CTX_new();
	if (copy == NULL)
		return -1;
	if (EVP_MD_CTX_copy_ex(copy, (const EVP_MD_CTX *) h->ctx) != 1)
	{
		EVP_MD_CTX_free(copy);
		return -1;
	}
	rc = finish_ctx(copy, h->alg, out, outlen);
	EVP_MD_CTX_free(copy);
	return rc;
}

int
qtcl_hash_final(qtcl_hash *h, uint8_t *out, size_t outlen)
{
	int			rc;

	if (h->ctx == NULL)
		return -1;
	rc = finish_ctx((EVP_MD_CTX *) h->ctx, h->alg, out, outlen);
	qtcl_hash_free(h);
	return rc;
}

void
qtcl_hash_free(qtcl_hash *h)
{
	if (h->ctx != NULL)
		EVP_MD_CTX_free((EVP_MD_CTX *) h->ctx);
	h->ctx = NULL;
}

int
qtcl_hash_clone(qtcl_hash *dst, const qtcl_hash *src)
{
	EVP_MD_CTX *ctx;

	dst->ctx = NULL;
	dst->alg = src->alg;
	if (src->ctx == NULL)
		return -1;
	ctx = EVP_MD_CTX_new();
	if (ctx == NULL)
		return -1;
	if (EVP_MD_CTX_copy_ex(ctx, (const EVP_MD_CTX *) src->ctx) != 1)
	{
		EVP_MD_CTX_free(ctx);
		return -1;
	}
	dst->ctx = ctx;
	return 0;
}

static int
oneshot(qtcl_hash_alg alg, const void *in, size_t inlen, uint8_t *out, size_t outlen)
{
	qtcl_hash	h;

	if (qtcl_hash_init(&h, alg) != 0)
		return -1;
	if (qtcl_hash_update(&h, in, inlen) != 0)
	{
		qtcl_hash_free(&h);
		return -1;
	}
	return qtcl_hash_final(&h, out, outlen);
}

int
qtcl_sha3_256(const void *in, size_t inlen, uint8_t out[QTCL_SHA3_256_BYTES])
{
	return oneshot(QTCL_SHA3_256, in, inlen, out, QTCL_SHA3_256_BYTES);
}

int
qtcl_shake128(const void *in, size_t inlen, uint8_t *out, size_t outlen)
{
	return oneshot(QTCL_SHAKE128, in, inlen, out, outlen);
}

int
qtcl_shake256(const void *in, size_t inlen, uint8_t *out, size_t outlen)
{
	return oneshot(QTCL_SHAKE256, in, inlen, out, outlen);
}

void
qtcl_wipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}
