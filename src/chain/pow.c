/*
 * pow.c: proof-of-work hash, midstate and check (see pow.h).
 */
#include "chain/pow.h"

#include <string.h>

#include "chain/target.h"

const char *
qtcl_pow_strerror(int code)
{
	switch (code)
	{
		case QTCL_POW_OK:
			return "ok";
		case QTCL_POW_ERR_HIGH_HASH:
			return "invalid block: proof-of-work hash above the target";
		case QTCL_POW_ERR_TARGET:
			return "invalid block: target is not a valid compact value";
		case QTCL_POW_NOT_FOUND:
			return "no nonce in the range meets the target";
		case QTCL_POW_ERR_ARGUMENT:
			return "invalid argument to proof of work";
		case QTCL_POW_ERR_HASH:
			return "SHA3-256 failed";
	}
	return "unknown proof-of-work error";
}

static void
nonce_bytes(uint64_t nonce, uint8_t out[8])
{
	int			i;

	for (i = 7; i >= 0; i--)
	{
		out[i] = (uint8_t) nonce;
		nonce >>= 8;
	}
}

int
qtcl_pow_prepare(qtcl_pow_ctx *ctx, const uint8_t beacon_output[QTCL_POW_BEACON_BYTES],
				 const uint8_t header156[QTCL_HEADER_PREFIX_BYTES])
{
	if (ctx == NULL)
		return QTCL_POW_ERR_ARGUMENT;
	ctx->ready = 0;
	ctx->prefix.ctx = NULL;
	if (beacon_output == NULL || header156 == NULL)
		return QTCL_POW_ERR_ARGUMENT;
	if (qtcl_hash_init(&ctx->prefix, QTCL_SHA3_256) != 0 ||
		qtcl_hash_update(&ctx->prefix, beacon_output, QTCL_POW_BEACON_BYTES) != 0 ||
		qtcl_hash_update(&ctx->prefix, header156, QTCL_HEADER_PREFIX_BYTES) != 0)
	{
		qtcl_hash_free(&ctx->prefix);
		return QTCL_POW_ERR_HASH;
	}
	ctx->ready = 1;
	return QTCL_POW_OK;
}

int
qtcl_pow_hash_nonce(const qtcl_pow_ctx *ctx, uint64_t nonce, uint8_t out[QTCL_POW_HASH_BYTES])
{
	qtcl_hash	h;
	uint8_t		nb[8];

	if (ctx == NULL || !ctx->ready || out == NULL)
		return QTCL_POW_ERR_ARGUMENT;
	if (qtcl_hash_clone(&h, &ctx->prefix) != 0)
		return QTCL_POW_ERR_HASH;
	nonce_bytes(nonce, nb);
	if (qtcl_hash_update(&h, nb, sizeof nb) != 0)
	{
		qtcl_hash_free(&h);
		return QTCL_POW_ERR_HASH;
	}
	return qtcl_hash_final(&h, out, QTCL_POW_HASH_BYTES) == 0 ? QTCL_POW_OK : QTCL_POW_ERR_HASH;
}

void
qtcl_pow_release(qtcl_pow_ctx *ctx)
{
	if (ctx == NULL)
		return;
	if (ctx->ready)
		qtcl_hash_free(&ctx->prefix);
	ctx->ready = 0;
	ctx->prefix.ctx = NULL;
}

int
qtcl_pow_hash(const uint8_t beacon_output[QTCL_POW_BEACON_BYTES],
			  const uint8_t header156[QTCL_HEADER_PREFIX_BYTES], uint64_t nonce,
			  uint8_t out[QTCL_POW_HASH_BYTES])
{
	uint8_t		buf[QTCL_POW_INPUT_BYTES];

	if (beacon_output == NULL || header156 == NULL || out == NULL)
		return QTCL_POW_ERR_ARGUMENT;
	memcpy(buf, beacon_output, QTCL_POW_BEACON_BYTES);
	memcpy(buf + QTCL_POW_BEACON_BYTES, header156, QTCL_HEADER_PREFIX_BYTES);
	nonce_bytes(nonce, buf + QTCL_POW_BEACON_BYTES + QTCL_HEADER_PREFIX_BYTES);
	return qtcl_sha3_256(buf, sizeof buf, out) == 0 ? QTCL_POW_OK : QTCL_POW_ERR_HASH;
}

int
qtcl_pow_hash_header(const uint8_t beacon_output[QTCL_POW_BEACON_BYTES],
					 const qtcl_block_header *h, uint8_t out[QTCL_POW_HASH_BYTES])
{
	uint8_t		prefix[QTCL_HEADER_PREFIX_BYTES];

	if (h == NULL)
		return QTCL_POW_ERR_ARGUMENT;
	qtcl_header_encode_prefix(h, prefix);
	return qtcl_pow_hash(beacon_output, prefix, h->nonce, out);
}

int
qtcl_pow_check(const qtcl_block_header *h, const uint8_t beacon_output[QTCL_POW_BEACON_BYTES],
			   int *target_code, uint8_t hash_out[QTCL_POW_HASH_BYTES])
{
	qtcl_u256	target;
	uint8_t		hash[QTCL_POW_HASH_BYTES];
	int			rc;

	if (target_code != NULL)
		*target_code = QTCL_TARGET_OK;
	if (h == NULL || beacon_output == NULL)
		return QTCL_POW_ERR_ARGUMENT;
	rc = qtcl_target_decode(h->target_compact, &target);
	if (rc != QTCL_TARGET_OK)
	{
		if (target_code != NULL)
			*target_code = rc;
		return QTCL_POW_ERR_TARGET;
	}
	rc = qtcl_pow_hash_header(beacon_output, h, hash);
	if (rc != QTCL_POW_OK)
		return rc;
	if (hash_out != NULL)
		memcpy(hash_out, hash, sizeof hash);
	return qtcl_hash_meets_target(hash, &target) ? QTCL_POW_OK : QTCL_POW_ERR_HIGH_HASH;
}

int
qtcl_pow_search(const qtcl_pow_ctx *ctx, const qtcl_u256 *target, uint64_t first_nonce,
				uint64_t count, uint64_t *nonce_out, uint8_t hash_out[QTCL_POW_HASH_BYTES])
{
	uint64_t	i;
	uint8_t		hash[QTCL_POW_HASH_BYTES];

	if (ctx == NULL || !ctx->ready || target == NULL || nonce_out == NULL)
		return QTCL_POW_ERR_ARGUMENT;
	for (i = 0; i < count; i++)
	{
		uint64_t	nonce = first_nonce + i;	/* wraps modulo 2^64 */
		int			rc = qtcl_pow_hash_nonce(ctx, nonce, hash);

		if (rc != QTCL_POW_OK)
			return rc;
		if (qtcl_hash_meets_target(hash, target))
		{
			*nonce_out = nonce;
			if (hash_out != NULL)
				memcpy(hash_out, hash, sizeof hash);
			return QTCL_POW_OK;
		}
	}
	return QTCL_POW_NOT_FOUND;
}
