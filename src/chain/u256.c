/*
 * u256.c: 256-bit unsigned arithmetic (see u256.h).
 *
 * Everything is written with 64-bit limbs and 32-bit half products so that the
 * result does not depend on a compiler's 128-bit integer support. Division is
 * plain binary long division: it runs once per block (work, ASERT, starting
 * target), never per hash, so clarity wins over speed.
 */
#include "chain/u256.h"

#include <stddef.h>


void
qtcl_u256_from_be(qtcl_u256 *r, const uint8_t in[QTCL_U256_BYTES])
{
	int			limb,
				k;

	for (limb = 0; limb < 4; limb++)
	{
		uint64_t	v = 0;
		const uint8_t *p = in + (3 - limb) * 8;

		for (k = 0; k < 8; k++)
			v = (v << 8) | p[k];
		r->w[limb] = v;
	}
}

void
qtcl_u256_to_be(const qtcl_u256 *a, uint8_t out[QTCL_U256_BYTES])
{
	int			limb,
				k;

	for (limb = 0; limb < 4; limb++)
	{
		uint64_t	v = a->w[limb];
		uint8_t    *p = out + (3 - limb) * 8;

		for (k = 7; k >= 0; k--)
		{
			p[k] = (uint8_t) (v & 0xff);
			v >>= 8;
		}
	}
}

void
qtcl_u256_from_u64(qtcl_u256 *r, uint64_t v)
{
	r->w[0] = v;
	r->w[1] = 0;
	r->w[2] = 0;
	r->w[3] = 0;
}

void
qtcl_u256_zero(qtcl_u256 *r)
{
	qtcl_u256_from_u64(r, 0);
}

void
qtcl_u256_max(qtcl_u256 *r)
{
	r->w[0] = r->w[1] = r->w[2] = r->w[3] = UINT64_MAX;
}

int
qtcl_u256_is_zero(const qtcl_u256 *a)
{
	return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0;
}

int
qtcl_u256_cmp(const qtcl_u256 *a, const qtcl_u256 *b)
{
	int			i;

	for (i = 3; i >= 0; i--)
	{
		if (a->w[i] < b->w[i])
			return -1;
		if (a->w[i] > b->w[i])
			return 1;
	}
	return 0;
}

int
qtcl_u256_fits_u64(const qtcl_u256 *a)
{
	return (a->w[1] | a->w[2] | a->w[3]) == 0;
}

static int
bits64(uint64_t v)
{
	int			n = 0;

	while (v != 0)
	{
		n++;
		v >>= 1;
	}
	return n;
}

int
qtcl_u256_bits(const qtcl_u256 *a)
{
	int			i;

	for (i = 3; i >= 0; i--)
		if (a->w[i] != 0)
			return i * 64 + bits64(a->w[i]);
	return 0;
}

int
qtcl_u256_clz(const qtcl_u256 *a)
{
	return 256 - qtcl_u256_bits(a);
}

int
qtcl_u256_bit(const qtcl_u256 *a, int i)
{
	if (i < 0 || i > 255)
		return 0;
	return (int) ((a->w[i / 64] >> (i % 64)) & 1);
}

int
qtcl_u256_add(qtcl_u256 *r, const qtcl_u256 *a, const qtcl_u256 *b)
{
	uint64_t	carry = 0;
	int			i;

	for (i = 0; i < 4; i++)
	{
		uint64_t	x = a->w[i];
		uint64_t	s = x + b->w[i];
		uint64_t	c1 = s < x;
		uint64_t	t = s + carry;
		uint64_t	c2 = t < s;

		r->w[i] = t;
		carry = c1 | c2;
	}
	return (int) carry;
}

int
qtcl_u256_sub(qtcl_u256 *r, const qtcl_u256 *a, const qtcl_u256 *b)
{
	uint64_t	borrow = 0;
	int			i;

	for (i = 0; i < 4; i++)
	{
		uint64_t	x = a->w[i];
		uint64_t	y = b->w[i];
		uint64_t	d = x - y;
		uint64_t	b1 = x < y;
		uint64_t	t = d - borrow;
		uint64_t	b2 = d < borrow;

		r->w[i] = t;
		borrow = b1 | b2;
	}
	return (int) borrow;
}

void
qtcl_u256_not(qtcl_u256 *r, const qtcl_u256 *a)
{
	int			i;

	for (i = 0; i < 4; i++)
		r->w[i] = ~a->w[i];
}

void
qtcl_u256_shl(qtcl_u256 *r, const qtcl_u256 *a, int n)
{
	qtcl_u256	t;
	int			limbs,
				bits,
				i;

	if (n < 0)
		n = 0;
	if (n >= 256)
	{
		qtcl_u256_zero(r);
		return;
	}
	limbs = n / 64;
	bits = n % 64;
	for (i = 3; i >= 0; i--)
	{
		uint64_t	v = 0;
		int			src = i - limbs;

		if (src >= 0)
		{
			v = a->w[src] << bits;
			if (bits != 0 && src >= 1)
				v |= a->w[src - 1] >> (64 - bits);
		}
		t.w[i] = v;
	}
	*r = t;
}

void
qtcl_u256_shr(qtcl_u256 *r, const qtcl_u256 *a, int n)
{
	qtcl_u256	t;
	int			limbs,
				bits,
				i;

	if (n < 0)
		n = 0;
	if (n >= 256)
	{
		qtcl_u256_zero(r);
		return;
	}
	limbs = n / 64;
	bits = n % 64;
	for (i = 0; i < 4; i++)
	{
		uint64_t	v = 0;
		int			src = i + limbs;

		if (src <= 3)
		{
			v = a->w[src] >> bits;
			if (bits != 0 && src + 1 <= 3)
				v |= a->w[src + 1] << (64 - bits);
		}
		t.w[i] = v;
	}
	*r = t;
}

/* 64 x 64 -> 128 bits from 32-bit halves: *hi:*lo = x * y. */
static void
mul64(uint64_t x, uint64_t y, uint64_t *hi, uint64_t *lo)
{
	uint64_t	xl = x & 0xffffffffu,
				xh = x >> 32;
	uint64_t	yl = y & 0xffffffffu,
				yh = y >> 32;
	uint64_t	ll = xl * yl;
	uint64_t	lh = xl * yh;
	uint64_t	hl = xh * yl;
	uint64_t	hh = xh * yh;
	/* middle column: at most 3 * (2^32 - 1) + ..., fits in 64 bits */
	uint64_t	mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);

	*lo = (mid << 32) | (ll & 0xffffffffu);
	*hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

uint64_t
qtcl_u256_mul_u64(qtcl_u256 *r, const qtcl_u256 *a, uint64_t m)
{
	uint64_t	carry = 0;
	int			i;

	for (i = 0; i < 4; i++)
	{
		uint64_t	hi,
					lo;

		mul64(a->w[i], m, &hi, &lo);
		lo += carry;
		hi += lo < carry;		/* cannot overflow: hi <= 2^64 - 2 */
		r->w[i] = lo;
		carry = hi;
	}
	return carry;
}

int
qtcl_u256_div_u64(qtcl_u256 *q, const qtcl_u256 *a, uint64_t d, uint64_t *rem)
{
	qtcl_u256	quot;
	uint64_t	r = 0;
	int			i;

	if (d == 0)
		return -1;
	qtcl_u256_zero(&quot);
	for (i = qtcl_u256_bits(a) - 1; i >= 0; i--)
	{
		uint64_t	top = r >> 63;	/* the bit shifted out of r */

		r = (r << 1) | (uint64_t) qtcl_u256_bit(a, i);
		/* true remainder is top * 2^64 + r < 2 d; subtract d once if it is >= d */
		if (top || r >= d)
		{
			r -= d;				/* wraps to the right value when top is set */
			quot.w[i / 64] |= (uint64_t) 1 << (i % 64);
		}
	}
	*q = quot;
	if (rem != NULL)
		*rem = r;
	return 0;
}

int
qtcl_u256_divmod(qtcl_u256 *q, qtcl_u256 *r, const qtcl_u256 *a, const qtcl_u256 *b)
{
	qtcl_u256	quot,
				rem,
				num = *a,
				den = *b;
	int			i;

	if (qtcl_u256_is_zero(&den))
		return -1;
	qtcl_u256_zero(&quot);
	qtcl_u256_zero(&rem);
	for (i = qtcl_u256_bits(&num) - 1; i >= 0; i--)
	{
		int			top = qtcl_u256_bit(&rem, 255);

		qtcl_u256_shl(&rem, &rem, 1);
		rem.w[0] |= (uint64_t) qtcl_u256_bit(&num, i);
		/* true remainder is top * 2^256 + rem < 2 den */
		if (top || qtcl_u256_cmp(&rem, &den) >= 0)
		{
			qtcl_u256_sub(&rem, &rem, &den);
			quot.w[i / 64] |= (uint64_t) 1 << (i % 64);
		}
	}
	if (q != NULL)
		*q = quot;
	if (r != NULL)
		*r = rem;
	return 0;
}
