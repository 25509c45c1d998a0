/* combine.c: see combine.h */
#include "entropy/combine.h"

#include <string.h>

#include "crypto/sha3.h"
#include "entropy/sources.h"

const char *
qtcl_combine_strerror(int code)
{
	switch (code)
	{
		case QTCL_COMBINE_OK:
			return "ok";
		case QTCL_COMBINE_ERR_ARG:
			return "bad argument (no blocks, too many, or bad length)";
		case QTCL_COMBINE_ERR_STRETCH:
			return "output longer than the combined input";
		case QTCL_COMBINE_ERR_NO_OS:
			return "no os block in the draw";
		case QTCL_COMBINE_ERR_DUP:
			return "unknown or repeated source in the draw";
		case QTCL_COMBINE_ERR_HASH:
			return "SHAKE256 failed";
	}
	return "unknown combine error";
}

static int
check_blocks(const uint8_t *const *blocks, size_t k, size_t len)
{
	size_t		i;

	if (blocks == NULL || k == 0 || k > QTCL_ENTROPY_MAX_BLOCKS ||
		len == 0 || len > QTCL_ENTROPY_MAX_LEN)
		return QTCL_COMBINE_ERR_ARG;
	for (i = 0; i < k; i++)
		if (blocks[i] == NULL)
			return QTCL_COMBINE_ERR_ARG;
	return QTCL_COMBINE_OK;
}

static void
xor_range(uint8_t *dst, const uint8_t *const *blocks, size_t k, size_t off, size_t n)
{
	size_t		i,
				j;

	/* blocks[0] is read before dst is written, so dst may alias blocks[0] */
	for (j = 0; j < n; j++)
	{
		uint8_t		x = blocks[0][off + j];

		for (i = 1; i < k; i++)
			x ^= blocks[i][off + j];
		dst[j] = x;
	}
}

int
qtcl_entropy_xor(uint8_t *out, const uint8_t *const *blocks, size_t k, size_t len)
{
	int			rc = check_blocks(blocks, k, len);

	if (rc != QTCL_COMBINE_OK)
		return rc;
	if (out == NULL)
		return QTCL_COMBINE_ERR_ARG;
	xor_range(out, blocks, k, 0, len);
	return QTCL_COMBINE_OK;
}

int
qtcl_entropy_condition(const uint8_t *const *blocks, size_t k, size_t len,
					   uint8_t *out, size_t outlen)
{
	uint8_t		hdr[QTCL_ENTROPY_LABEL_LEN + 1 + 4];
	uint8_t		chunk[256];
	qtcl_hash	h;
	size_t		off;
	int			rc = check_blocks(blocks, k, len);

	if (rc != QTCL_COMBINE_OK)
		return rc;
	if (out == NULL || outlen == 0)
		return QTCL_COMBINE_ERR_ARG;
	if (outlen > len)
		return QTCL_COMBINE_ERR_STRETCH;

	memcpy(hdr, QTCL_ENTROPY_LABEL, QTCL_ENTROPY_LABEL_LEN);
	hdr[QTCL_ENTROPY_LABEL_LEN] = (uint8_t) k;
	hdr[QTCL_ENTROPY_LABEL_LEN + 1] = (uint8_t) (len >> 24);
	hdr[QTCL_ENTROPY_LABEL_LEN + 2] = (uint8_t) (len >> 16);
	hdr[QTCL_ENTROPY_LABEL_LEN + 3] = (uint8_t) (len >> 8);
	hdr[QTCL_ENTROPY_LABEL_LEN + 4] = (uint8_t) len;

	if (qtcl_hash_init(&h, QTCL_SHAKE256) != 0)
		return QTCL_COMBINE_ERR_HASH;
	if (qtcl_hash_update(&h, hdr, sizeof(hdr)) != 0)
		goto fail;
	for (off = 0; off < len; off += sizeof(chunk))
	{
		size_t		n = len - off < sizeof(chunk) ? len - off : sizeof(chunk);

		xor_range(chunk, blocks, k, off, n);
		if (qtcl_hash_update(&h, chunk, n) != 0)
			goto fail;
	}
	qtcl_wipe(chunk, sizeof(chunk));
	if (qtcl_hash_final(&h, out, outlen) != 0)
	{
		qtcl_hash_free(&h);
		return QTCL_COMBINE_ERR_HASH;
	}
	return QTCL_COMBINE_OK;

fail:
	qtcl_wipe(chunk, sizeof(chunk));
	qtcl_hash_free(&h);
	return QTCL_COMBINE_ERR_HASH;
}

int
qtcl_entropy_mix(const qtcl_entropy_block *blocks, size_t k, size_t len,
				 uint8_t *out, size_t outlen, qtcl_entropy_draw_info *info)
{
	const uint8_t *ptrs[QTCL_SRC_COUNT];
	uint32_t	mask = 0;
	size_t		i;
	int			rc;

	if (blocks == NULL || k == 0)
		return QTCL_COMBINE_ERR_ARG;
	if (k > QTCL_SRC_COUNT)
		return QTCL_COMBINE_ERR_DUP;	/* more blocks than sources: some source twice */
	for (i = 0; i < k; i++)
	{
		int			s = blocks[i].source;

		if (s < 0 || s >= QTCL_SRC_COUNT || (mask & (1u << s)))
			return QTCL_COMBINE_ERR_DUP;
		mask |= 1u << s;
		ptrs[i] = blocks[i].data;
	}
	if (!(mask & (1u << QTCL_SRC_OS)))
		return QTCL_COMBINE_ERR_NO_OS;
	rc = qtcl_entropy_condition(ptrs, k, len, out, outlen);
	if (rc != QTCL_COMBINE_OK)
		return rc;
	if (info)
	{
		info->source_mask = mask;
		info->n_blocks = (uint32_t) k;
		info->n_remote = (uint32_t) (k - 1);
		info->block_len = (uint32_t) len;
	}
	return QTCL_COMBINE_OK;
}
