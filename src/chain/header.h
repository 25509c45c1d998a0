/*
 * header.h: block headers: the record, its canonical 164-byte encoding, the
 * block hash, and the timestamp rules (median time past, future limit).
 *
 * Why this shape: fixed-size, fixed-order fields so that a header has exactly
 * one encoding (no varints, no optional parts), and the 64-bit nonce last so
 * that a miner absorbs the first 156 bytes once and only hashes the nonce per
 * try (pow.h). The header commits to the beacon round the block builds on by
 * that round's hash; the proof of work additionally mixes in the round's
 * output value (pow.h), so work cannot be precomputed before the round.
 *
 * Canonical encoding, version 1 (QTCL_HEADER_BYTES = 164, big-endian):
 *      0   4  version = 1
 *      4   4  chain id
 *      8   8  height, 0 .. 2^63-1 (genesis is 0)
 *     16  32  parent block hash (32 zero bytes in genesis)
 *     48  32  transaction merkle root
 *     80   8  timestamp, ms since the Unix epoch, signed, must be >= 0
 *     88   4  target, compact form (target.h)
 *     92  32  miner hyper_addr (32-byte hash)
 *    124  32  hash of the beacon round the block builds on
 *    156   8  nonce
 *   block hash = SHA3-256(all 164 bytes)
 * Decoding accepts exactly 164 bytes and refuses, in this order: a short or
 * long buffer, a version other than 1, a height above 2^63-1, a negative
 * timestamp. It does not judge the target or the hashes (that is validation,
 * pow.h / asert.h), so encode(decode(b)) == b for every accepted b.
 *
 * Timestamp rules (header context, after proof of work and target):
 *   too old : timestamp <= median of the previous (up to) 11 timestamps
 *   too new : timestamp >  node time + max future (default 15 s)
 * "Too new" is not invalid: the block may be retried later. "Too old" is.
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state.
 */
#ifndef QTCL_CHAIN_HEADER_H
#define QTCL_CHAIN_HEADER_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_HEADER_VERSION			1
#define QTCL_HEADER_BYTES			164
#define QTCL_HEADER_PREFIX_BYTES	156	/* everything before the nonce */
#define QTCL_HEADER_HASH_BYTES		32
#define QTCL_MTP_SPAN				11	/* timestamps in the median time past */
#define QTCL_MAX_FUTURE_MS_DEFAULT	15000

/* Offsets into the encoding. */
#define QTCL_HEADER_OFF_VERSION		0
#define QTCL_HEADER_OFF_CHAIN_ID	4
#define QTCL_HEADER_OFF_HEIGHT		8
#define QTCL_HEADER_OFF_PARENT		16
#define QTCL_HEADER_OFF_MERKLE		48
#define QTCL_HEADER_OFF_TIMESTAMP	80
#define QTCL_HEADER_OFF_TARGET		88
#define QTCL_HEADER_OFF_MINER		92
#define QTCL_HEADER_OFF_BEACON		124
#define QTCL_HEADER_OFF_NONCE		156

/* A header: plain data, no pointers. */
typedef struct qtcl_block_header
{
	uint32_t	version;
	uint32_t	chain_id;
	uint64_t	height;
	uint8_t		parent[QTCL_HEADER_HASH_BYTES];
	uint8_t		merkle_root[QTCL_HEADER_HASH_BYTES];
	int64_t		timestamp_ms;
	uint32_t	target_compact;
	uint8_t		miner[QTCL_HEADER_HASH_BYTES];		/* hyper_addr hash */
	uint8_t		beacon_round_hash[QTCL_HEADER_HASH_BYTES];
	uint64_t	nonce;
} qtcl_block_header;

enum
{
	QTCL_HEADER_OK = 0,
	QTCL_HEADER_ERR_TRUNCATED = 1,	/* shorter than 164 bytes */
	QTCL_HEADER_ERR_TRAILING,		/* longer than 164 bytes */
	QTCL_HEADER_ERR_VERSION,		/* version is not 1 */
	QTCL_HEADER_ERR_HEIGHT,			/* height above 2^63-1 */
	QTCL_HEADER_ERR_TIMESTAMP,		/* negative timestamp */
	QTCL_HEADER_ERR_HASH			/* SHA3 failed (OpenSSL allocation) */
};

const char *qtcl_header_strerror(int code);

/* Timestamp verdicts (qtcl_header_check_time). */
enum
{
	QTCL_TIME_OK = 0,
	QTCL_TIME_TOO_OLD = 1,			/* <= median time past: invalid */
	QTCL_TIME_TOO_NEW = 2			/* > node time + max future: not yet acceptable, not invalid */
};

const char *qtcl_time_strerror(int code);

/* Canonical encoding (cannot fail; no checks) and its first 156 bytes. */
void		qtcl_header_encode(const qtcl_block_header *h, uint8_t out[QTCL_HEADER_BYTES]);
void		qtcl_header_encode_prefix(const qtcl_block_header *h,
									  uint8_t out[QTCL_HEADER_PREFIX_BYTES]);

/* Strict decoding (see above). On error *h is unspecified. */
int			qtcl_header_decode(const uint8_t *buf, size_t len, qtcl_block_header *h);

/* Field range checks done by decoding (version, height, timestamp). */
int			qtcl_header_check_fields(const qtcl_block_header *h);

/* Block hash = SHA3-256 of the 164-byte encoding. QTCL_HEADER_OK or ERR_HASH. */
int			qtcl_header_hash(const qtcl_block_header *h, uint8_t out[QTCL_HEADER_HASH_BYTES]);

/*
 * Median time past: the median of the n timestamps (any order; n is capped
 * at QTCL_MTP_SPAN by using only the first 11 given, so pass the most recent
 * first). For an even count the upper median (element n/2 of the sorted
 * list) is used, as in Bitcoin. n == 0 gives INT64_MIN (no constraint: the
 * genesis block has no predecessor).
 */
int64_t		qtcl_median_time_past(const int64_t *timestamps, size_t n);

/*
 * The two timestamp rules: QTCL_TIME_TOO_OLD when timestamp_ms <= mtp,
 * QTCL_TIME_TOO_NEW when timestamp_ms > node_time_ms + max_future_ms
 * (saturating), else QTCL_TIME_OK. Too old is checked first.
 */
int			qtcl_header_check_time(int64_t timestamp_ms, int64_t mtp,
								   int64_t node_time_ms, int64_t max_future_ms);

#endif
