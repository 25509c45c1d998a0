/*
 * target.h: proof-of-work targets: the compact 32-bit form carried in block
 * headers, the work a target represents, the starting target sized from a
 * hash rate, and the leading-zero-bit display of a hash.
 *
 * Why a 256-bit target and not "difficulty = leading zero bits": one bit of
 * difficulty doubles or halves the expected block time, so a whole-bit rule
 * oscillates (7 s <-> 14 s for 10 s blocks). A hash is valid when, read as a
 * 256-bit big-endian integer, it is <= the target; leading zero bits are only
 * a display (see ../shared/research/chain-anchors.md section 1.2).
 *
 * Compact form (Bitcoin's nBits, for unsigned values): the top byte is an
 * exponent E, the low 24 bits a mantissa M, and the value is M * 256^(E-3)
 * (for E < 3: M / 256^(3-E), which must be exact). A compact value is
 * accepted only when it is canonical, i.e. exactly what qtcl_target_encode
 * produces for the value it denotes:
 *   - M & 0x00800000 must be clear (Bitcoin's sign bit)     -> ERR_NEGATIVE
 *   - the value must be <= 2^256 - 1                        -> ERR_OVERFLOW
 *   - the value must not be zero                            -> ERR_ZERO
 *   - 0x008000 <= M <= 0x7fffff (the mantissa is normalised: its first byte is
 *     non-zero, or it is zero because the next byte has its top bit set), and
 *     for E < 3 no non-zero byte is shifted out              -> ERR_NONCANONICAL
 * checked in that order. The encoder keeps the top 3 significant bytes (2
 * when the first of them is >= 0x80), truncating the rest, so
 * decode(encode(x)) is the largest compact-representable value <= x.
 *
 * Work: the expected number of hashes to meet target T is 2^256 / (T + 1);
 * chain work sums floor(2^256 / (T + 1)) over blocks (Bitcoin's GetBlockProof).
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state, no
 * floating point.
 */
#ifndef QTCL_CHAIN_TARGET_H
#define QTCL_CHAIN_TARGET_H

#include <stdint.h>

#include "chain/u256.h"

enum
{
	QTCL_TARGET_OK = 0,
	QTCL_TARGET_ERR_NEGATIVE = 1,	/* mantissa has the 0x00800000 bit set */
	QTCL_TARGET_ERR_OVERFLOW,		/* value above 2^256 - 1 */
	QTCL_TARGET_ERR_ZERO,			/* value zero */
	QTCL_TARGET_ERR_NONCANONICAL,	/* not the encoder's form of its value */
	QTCL_TARGET_ERR_ARGUMENT		/* zero hash rate or block time, or overflow */
};

const char *qtcl_target_strerror(int code);

/* Decode a compact target strictly (see above). On error *out is zero. */
int			qtcl_target_decode(uint32_t compact, qtcl_u256 *out);

/*
 * Canonical compact form of the largest representable value <= t. Zero
 * encodes as 0 (which decode refuses: a zero target is invalid).
 */
uint32_t	qtcl_target_encode(const qtcl_u256 *t);

/*
 * work = floor(2^256 / (target + 1)), computed as ~target / (target + 1) + 1
 * (2^256 itself never appears). Target 2^256 - 1 gives 1, 2^255 - 1 gives 2.
 * Returns QTCL_TARGET_ERR_ZERO for a zero target (work would be 2^256).
 */
int			qtcl_target_work(const qtcl_u256 *target, qtcl_u256 *work);

/* Work of a compact target: decode (strictly) then qtcl_target_work. */
int			qtcl_target_work_compact(uint32_t compact, qtcl_u256 *work);

/*
 * The target at which a miner hashing hashes_per_second finds a block every
 * block_ms milliseconds on average: with H = floor(hashes_per_second *
 * block_ms / 1000) expected hashes per block, target = floor(2^256 / H) - 1,
 * so that work(target) = H exactly when H is a power of two and within one
 * otherwise. H <= 1 gives 2^256 - 1. Returns QTCL_TARGET_ERR_ARGUMENT when
 * either input is zero. The caller clamps to its network's pow limit and
 * encodes.
 */
int			qtcl_target_from_hashrate(uint64_t hashes_per_second, uint64_t block_ms,
									  qtcl_u256 *out);

/* Leading zero bits of a 32-byte hash (0..256). Display only. */
int			qtcl_hash_leading_zero_bits(const uint8_t hash[32]);

/* 1 when the 32-byte big-endian hash, as an integer, is <= target. */
int			qtcl_hash_meets_target(const uint8_t hash[32], const qtcl_u256 *target);

#endif
