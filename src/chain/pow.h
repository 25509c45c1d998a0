/*
 * pow.h: the proof-of-work hash and the check "hash <= target".
 *
 *   PoW hash = SHA3-256(beacon output (32) || header bytes 0..155 (156) || nonce (8, BE))
 *
 * 196 bytes in. The header's first 156 bytes are everything but the nonce
 * (header.h), so a miner absorbs beacon output and prefix once
 * (qtcl_pow_prepare) and then, per nonce, clones that absorbed state and
 * finishes it with 8 bytes (qtcl_pow_hash_nonce). The block hash (header.h,
 * SHA3-256 of the 164-byte header) identifies a block; the PoW hash is a
 * different value on purpose: it includes the beacon round's output value,
 * which nobody knows before the round is published, so no work can be done
 * ahead of the round. The header carries the round's hash; validation must
 * check that beacon_output is the output value of that very round before
 * calling qtcl_pow_check (that lookup belongs to the caller).
 *
 * A block is valid under proof of work when its compact target decodes
 * strictly (target.h) and the PoW hash, read as a 256-bit big-endian integer,
 * is <= the target.
 *
 * Pure core: no PostgreSQL headers. A qtcl_pow_ctx holds an OpenSSL digest
 * state (allocated by OpenSSL): release it with qtcl_pow_release on every
 * path. The per-nonce clone costs one OpenSSL context allocation; a faster
 * own-Keccak path is future work.
 */
#ifndef QTCL_CHAIN_POW_H
#define QTCL_CHAIN_POW_H

#include <stdint.h>

#include "chain/header.h"
#include "chain/u256.h"
#include "crypto/sha3.h"

#define QTCL_POW_BEACON_BYTES	32
#define QTCL_POW_HASH_BYTES		32
#define QTCL_POW_INPUT_BYTES	(QTCL_POW_BEACON_BYTES + QTCL_HEADER_BYTES)	/* 196 */

enum
{
	QTCL_POW_OK = 0,
	QTCL_POW_ERR_HIGH_HASH = 1,		/* PoW hash above the target */
	QTCL_POW_ERR_TARGET,			/* compact target does not decode (see target code) */
	QTCL_POW_NOT_FOUND,				/* qtcl_pow_search: no nonce in the range */
	QTCL_POW_ERR_ARGUMENT,			/* NULL pointer or unprepared context */
	QTCL_POW_ERR_HASH				/* SHA3 failed (OpenSSL allocation) */
};

const char *qtcl_pow_strerror(int code);

/* The absorbed fixed prefix (beacon output || 156 header bytes). */
typedef struct qtcl_pow_ctx
{
	qtcl_hash	prefix;
	int			ready;
} qtcl_pow_ctx;

/* Absorb the fixed prefix. On error ctx holds nothing (release is still safe). */
int			qtcl_pow_prepare(qtcl_pow_ctx *ctx, const uint8_t beacon_output[QTCL_POW_BEACON_BYTES],
							 const uint8_t header156[QTCL_HEADER_PREFIX_BYTES]);

/* PoW hash for one nonce from the prepared state (the state is unchanged). */
int			qtcl_pow_hash_nonce(const qtcl_pow_ctx *ctx, uint64_t nonce,
								uint8_t out[QTCL_POW_HASH_BYTES]);

/* Free the state. Safe on a zeroed, failed or released ctx. */
void		qtcl_pow_release(qtcl_pow_ctx *ctx);

/* One-shot PoW hash of the 156-byte prefix and a nonce. */
int			qtcl_pow_hash(const uint8_t beacon_output[QTCL_POW_BEACON_BYTES],
						  const uint8_t header156[QTCL_HEADER_PREFIX_BYTES], uint64_t nonce,
						  uint8_t out[QTCL_POW_HASH_BYTES]);

/* One-shot PoW hash of a header record (its own nonce). */
int			qtcl_pow_hash_header(const uint8_t beacon_output[QTCL_POW_BEACON_BYTES],
								 const qtcl_block_header *h, uint8_t out[QTCL_POW_HASH_BYTES]);

/*
 * Stage 1 of header validation: decode the compact target strictly, hash,
 * compare. Returns QTCL_POW_OK, QTCL_POW_ERR_TARGET (*target_code, may be
 * NULL, gets the QTCL_TARGET_ERR_*), QTCL_POW_ERR_HIGH_HASH or
 * QTCL_POW_ERR_HASH. hash_out (may be NULL) receives the PoW hash when it
 * was computed.
 */
int			qtcl_pow_check(const qtcl_block_header *h,
						   const uint8_t beacon_output[QTCL_POW_BEACON_BYTES],
						   int *target_code, uint8_t hash_out[QTCL_POW_HASH_BYTES]);

/*
 * Mining loop: try nonces first_nonce, first_nonce + 1, ... (count of them,
 * wrapping modulo 2^64) until a PoW hash <= target. QTCL_POW_OK with
 * *nonce_out and hash_out set, or QTCL_POW_NOT_FOUND, or an error.
 */
int			qtcl_pow_search(const qtcl_pow_ctx *ctx, const qtcl_u256 *target,
							uint64_t first_nonce, uint64_t count, uint64_t *nonce_out,
							uint8_t hash_out[QTCL_POW_HASH_BYTES]);

#endif
