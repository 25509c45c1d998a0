/*
 * u256.h: unsigned 256-bit integers for proof-of-work targets and chain work.
 *
 * Why our own: targets, hashes-as-numbers and cumulative work are consensus
 * values; every node must compute them to the bit, so they are plain integer
 * arithmetic in four 64-bit limbs (no floating point, no compiler-specific
 * 128-bit type). Overflow is never silent: operations that can wrap report
 * the carry, borrow or the lost high part.
 *
 * Representation: w[0] is the least significant limb. On the wire (hashes,
 * the documentation) a u256 is 32 bytes big-endian.
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state.
 */
#ifndef QTCL_CHAIN_U256_H
#define QTCL_CHAIN_U256_H

#include <stdint.h>

#define QTCL_U256_BYTES 32

typedef struct qtcl_u256
{
	uint64_t	w[4];			/* w[0] least significant */
} qtcl_u256;

/* Conversions. */
void		qtcl_u256_from_be(qtcl_u256 *r, const uint8_t in[QTCL_U256_BYTES]);
void		qtcl_u256_to_be(const qtcl_u256 *a, uint8_t out[QTCL_U256_BYTES]);
void		qtcl_u256_from_u64(qtcl_u256 *r, uint64_t v);
void		qtcl_u256_zero(qtcl_u256 *r);
void		qtcl_u256_max(qtcl_u256 *r);	/* 2^256 - 1 */

/* Tests. */
int			qtcl_u256_is_zero(const qtcl_u256 *a);
int			qtcl_u256_cmp(const qtcl_u256 *a, const qtcl_u256 *b);	/* -1, 0, 1 */
int			qtcl_u256_fits_u64(const qtcl_u256 *a);

/* Bit length: 0 for zero, else 1 + index of the highest set bit (1..256). */
int			qtcl_u256_bits(const qtcl_u256 *a);

/* Leading zero bits of the 256-bit value: 256 for zero, 0 when bit 255 is set. */
int			qtcl_u256_clz(const qtcl_u256 *a);

/* Bit i (0 = least significant), i in 0..255; 0 for i out of range. */
int			qtcl_u256_bit(const qtcl_u256 *a, int i);

/*
 * r = a + b mod 2^256, returns the carry (0 or 1).
 * r = a - b mod 2^256, returns the borrow (1 when a < b).
 * r may alias a or b.
 */
int			qtcl_u256_add(qtcl_u256 *r, const qtcl_u256 *a, const qtcl_u256 *b);
int			qtcl_u256_sub(qtcl_u256 *r, const qtcl_u256 *a, const qtcl_u256 *b);

/* r = ~a (bitwise complement, = 2^256 - 1 - a). */
void		qtcl_u256_not(qtcl_u256 *r, const qtcl_u256 *a);

/* Shifts by n bits; n >= 256 gives zero, n < 0 is treated as 0. r may alias a. */
void		qtcl_u256_shl(qtcl_u256 *r, const qtcl_u256 *a, int n);
void		qtcl_u256_shr(qtcl_u256 *r, const qtcl_u256 *a, int n);

/*
 * r = (a * m) mod 2^256; returns the high part floor(a * m / 2^256), which
 * fits in 64 bits (0 means no overflow). r may alias a.
 */
uint64_t	qtcl_u256_mul_u64(qtcl_u256 *r, const qtcl_u256 *a, uint64_t m);

/*
 * q = floor(a / d), *rem = a mod d (rem may be NULL). Returns -1 (q and
 * *rem untouched) when d == 0, else 0. q may alias a.
 */
int			qtcl_u256_div_u64(qtcl_u256 *q, const qtcl_u256 *a, uint64_t d, uint64_t *rem);

/*
 * Full division: q = floor(a / b), r = a mod b (q or r may be NULL).
 * Returns -1 (outputs untouched) when b == 0, else 0. Outputs may alias inputs.
 */
int			qtcl_u256_divmod(qtcl_u256 *q, qtcl_u256 *r, const qtcl_u256 *a, const qtcl_u256 *b);

#endif
