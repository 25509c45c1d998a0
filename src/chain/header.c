/*
 * header.c: block header encoding, block hash, timestamp rules (see header.h).
 */
#include "chain/header.h"

#include <string.h>

#include "crypto/sha3.h"

const char *
qtcl_header_strerror(int code)
{
	switch (code)
	{
		case QTCL_HEADER_OK:
			return "ok";
		case QTCL_HEADER_ERR_TRUNCATED:
			return "invalid block header: shorter than 164 bytes";
		case QTCL_HEADER_ERR_TRAILING:
			return "invalid block header: bytes after the 164-byte encoding";
		case QTCL_HEADER_ERR_VERSION:
			return "invalid block header: unsupported version";
		case QTCL_HEADER_ERR_HEIGHT:
			return "invalid block header: height above 2^63-1";
		case QTCL_HEADER_ERR_TIMESTAMP:
			return "invalid block header: negative timestamp";
		case QTCL_HEADER_ERR_HASH:
			return "SHA3-256 failed";
	}
	return "unknown block header error";
}

const char *
qtcl_time_strerror(int code)
{
	switch (code)
	{
		case QTCL_TIME_OK:
			return "ok";
		case QTCL_TIME_TOO_OLD:
			return "block timestamp is not after the median of the previous 11 blocks";
		case QTCL_TIME_TOO_NEW:
			return "block timestamp is too far in the future (retry later)";
	}
	return "unknown timestamp verdict";
}

static void
put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t) (v >> 24);
	p[1] = (uint8_t) (v >> 16);
	p[2] = (uint8_t) (v >> 8);
	p[3] = (uint8_t) v;
}

static void
put_u64(uint8_t *p, uint64_t v)
{
	int			i;

	for (i = 7; i >= 0; i--)
	{
		p[i] = (uint8_t) v;
		v >>= 8;
	}
}

static uint32_t
get_u32(const uint8_t *p)
{
	return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

static uint64_t
get_u64(const uint8_t *p)
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

void
qtcl_header_encode_prefix(const qtcl_block_header *h, uint8_t out[QTCL_HEADER_PREFIX_BYTES])
{
	put_u32(out + QTCL_HEADER_OFF_VERSION, h->version);
	put_u32(out + QTCL_HEADER_OFF_CHAIN_ID, h->chain_id);
	put_u64(out + QTCL_HEADER_OFF_HEIGHT, h->height);
	memcpy(out + QTCL_HEADER_OFF_PARENT, h->parent, QTCL_HEADER_HASH_BYTES);
	memcpy(out + QTCL_HEADER_OFF_MERKLE, h->merkle_root, QTCL_HEADER_HASH_BYTES);
	put_u64(out + QTCL_HEADER_OFF_TIMESTAMP, (uint64_t) h->timestamp_ms);
	put_u32(out + QTCL_HEADER_OFF_TARGET, h->target_compact);
	memcpy(out + QTCL_HEADER_OFF_MINER, h->miner, QTCL_HEADER_HASH_BYTES);
	memcpy(out + QTCL_HEADER_OFF_BEACON, h->beacon_round_hash, QTCL_HEADER_HASH_BYTES);
}

void
qtcl_header_encode(const qtcl_block_header *h, uint8_t out[QTCL_HEADER_BYTES])
{
	qtcl_header_encode_prefix(h, out);
	put_u64(out + QTCL_HEADER_OFF_NONCE, h->nonce);
}

int
qtcl_header_check_fields(const qtcl_block_header *h)
{
	if (h->version != QTCL_HEADER_VERSION)
		return QTCL_HEADER_ERR_VERSION;
	if (h->height > (uint64_t) INT64_MAX)
		return QTCL_HEADER_ERR_HEIGHT;
	if (h->timestamp_ms < 0)
		return QTCL_HEADER_ERR_TIMESTAMP;
	return QTCL_HEADER_OK;
}

int
qtcl_header_decode(const uint8_t *buf, size_t len, qtcl_block_header *h)
{
	if (buf == NULL || len < QTCL_HEADER_BYTES)
		return QTCL_HEADER_ERR_TRUNCATED;
	if (len > QTCL_HEADER_BYTES)
		return QTCL_HEADER_ERR_TRAILING;
	h->version = get_u32(buf + QTCL_HEADER_OFF_VERSION);
	h->chain_id = get_u32(buf + QTCL_HEADER_OFF_CHAIN_ID);
	h->height = get_u64(buf + QTCL_HEADER_OFF_HEIGHT);
	memcpy(h->parent, buf + QTCL_HEADER_OFF_PARENT, QTCL_HEADER_HASH_BYTES);
	memcpy(h->merkle_root, buf + QTCL_HEADER_OFF_MERKLE, QTCL_HEADER_HASH_BYTES);
	h->timestamp_ms = (int64_t) get_u64(buf + QTCL_HEADER_OFF_TIMESTAMP);
	h->target_compact = get_u32(buf + QTCL_HEADER_OFF_TARGET);
	memcpy(h->miner, buf + QTCL_HEADER_OFF_MINER, QTCL_HEADER_HASH_BYTES);
	memcpy(h->beacon_round_hash, buf + QTCL_HEADER_OFF_BEACON, QTCL_HEADER_HASH_BYTES);
	h->nonce = get_u64(buf + QTCL_HEADER_OFF_NONCE);
	return qtcl_header_check_fields(h);
}

int
qtcl_header_hash(const qtcl_block_header *h, uint8_t out[QTCL_HEADER_HASH_BYTES])
{
	uint8_t		buf[QTCL_HEADER_BYTES];

	qtcl_header_encode(h, buf);
	return qtcl_sha3_256(buf, sizeof buf, out) == 0 ? QTCL_HEADER_OK : QTCL_HEADER_ERR_HASH;
}

int64_t
qtcl_median_time_past(const int64_t *timestamps, size_t n)
{
	int64_t		s[QTCL_MTP_SPAN];
	size_t		i,
				j;

	if (timestamps == NULL || n == 0)
		return INT64_MIN;
	if (n > QTCL_MTP_SPAN)
		n = QTCL_MTP_SPAN;
	/* insertion sort of at most 11 values */
	for (i = 0; i < n; i++)
	{
		int64_t		v = timestamps[i];

		for (j = i; j > 0 && s[j - 1] > v; j--)
			s[j] = s[j - 1];
		s[j] = v;
	}
	return s[n / 2];
}

int
qtcl_header_check_time(int64_t timestamp_ms, int64_t mtp, int64_t node_time_ms,
					   int64_t max_future_ms)
{
	int64_t		limit;

	if (timestamp_ms <= mtp)
		return QTCL_TIME_TOO_OLD;
	if (__builtin_add_overflow(node_time_ms, max_future_ms, &limit))
		limit = max_future_ms > 0 ? INT64_MAX : INT64_MIN;
	if (timestamp_ms > limit)
		return QTCL_TIME_TOO_NEW;
	return QTCL_TIME_OK;
}
