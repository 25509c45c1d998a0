/*
 * test_chain_u256.c: 256-bit arithmetic against independent references: a
 * byte-wise big-endian implementation (add, subtract, shifts), 128-bit
 * compiler arithmetic per limb (multiply by u64, small divisions), a 32-bit
 * schoolbook multiplier (to check q * b + r == a for full division), and
 * known identities, over fixed edge cases and deterministic random values.
 */
#include <stdlib.h>

#include "chain/u256.h"
#include "unit.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t
rnd64(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* Random value with a random bit length (so small and large values both occur). */
static void
rnd_u256(qtcl_u256 *r)
{
	int			bits = (int) (rnd64() % 257);
	int			i;

	for (i = 0; i < 4; i++)
		r->w[i] = rnd64();
	if (bits < 256)
	{
		qtcl_u256	t = *r;

		qtcl_u256_shr(r, &t, 256 - bits);
	}
	/* sometimes all-ones patterns */
	if (rnd64() % 16 == 0)
		r->w[rnd64() % 4] = UINT64_MAX;
}

/* ---- byte-wise references on 32-byte big-endian arrays ---- */

static int
ref_add(uint8_t r[32], const uint8_t a[32], const uint8_t b[32])
{
	int			i,
				c = 0;

	for (i = 31; i >= 0; i--)
	{
		int			s = a[i] + b[i] + c;

		r[i] = (uint8_t) s;
		c = s >> 8;
	}
	return c;
}

static int
ref_sub(uint8_t r[32], const uint8_t a[32], const uint8_t b[32])
{
	int			i,
				borrow = 0;

	for (i = 31; i >= 0; i--)
	{
		int			d = a[i] - b[i] - borrow;

		borrow = d < 0;
		r[i] = (uint8_t) (d + (borrow ? 256 : 0));
	}
	return borrow;
}

static int
getbit(const uint8_t a[32], int i)	/* bit i, 0 = least significant */
{
	if (i < 0 || i > 255)
		return 0;
	return (a[31 - i / 8] >> (i % 8)) & 1;
}

static void
ref_shift(uint8_t r[32], const uint8_t a[32], int n)	/* n > 0 left, n < 0 right */
{
	int			i;

	memset(r, 0, 32);
	for (i = 0; i < 256; i++)
		if (getbit(a, i - n))
			r[31 - i / 8] |= (uint8_t) (1 << (i % 8));
}

/* ---- 32-bit schoolbook multiplier: 256 x 256 -> 512 bits, limbs little-endian ---- */

static void
mul_full(const qtcl_u256 *a, const qtcl_u256 *b, uint32_t out[16])
{
	uint32_t	x[8],
				y[8];
	int			i,
				j;

	for (i = 0; i < 4; i++)
	{
		x[2 * i] = (uint32_t) a->w[i];
		x[2 * i + 1] = (uint32_t) (a->w[i] >> 32);
		y[2 * i] = (uint32_t) b->w[i];
		y[2 * i + 1] = (uint32_t) (b->w[i] >> 32);
	}
	memset(out, 0, 16 * sizeof(uint32_t));
	for (i = 0; i < 8; i++)
	{
		uint64_t	carry = 0;

		for (j = 0; j < 8; j++)
		{
			uint64_t	t = (uint64_t) x[i] * y[j] + out[i + j] + carry;

			out[i + j] = (uint32_t) t;
			carry = t >> 32;
		}
		out[i + 8] = (uint32_t) carry;
	}
}

/* 1 when divmod(a, b) gives q, r with r < b and q * b + r == a (no overflow). */
static int
divmod_ok(const qtcl_u256 *a, const qtcl_u256 *b)
{
	qtcl_u256	q,
				r,
				back;
	uint32_t	prod[16];
	int			i,
				carry;

	if (qtcl_u256_divmod(&q, &r, a, b) != 0 || qtcl_u256_cmp(&r, b) >= 0)
		return 0;
	mul_full(&q, b, prod);
	for (i = 8; i < 16; i++)
		if (prod[i] != 0)
			return 0;
	for (i = 0; i < 4; i++)
		back.w[i] = prod[2 * i] | ((uint64_t) prod[2 * i + 1] << 32);
	carry = qtcl_u256_add(&back, &back, &r);
	return !carry && qtcl_u256_cmp(&back, a) == 0;
}

static void
check_divmod(const qtcl_u256 *a, const qtcl_u256 *b, const char *what)
{
	CHECK(divmod_ok(a, b), "divmod %s: r < b and q * b + r == a", what);
}

static void
fixed_cases(void)
{
	uint8_t		be[32],
				out[32];
	qtcl_u256	a,
				b,
				r,
				one,
				max;
	int			i;

	for (i = 0; i < 32; i++)
		be[i] = (uint8_t) i;
	qtcl_u256_from_be(&a, be);
	CHECK(a.w[0] == 0x18191a1b1c1d1e1full && a.w[3] == 0x0001020304050607ull,
		  "from_be: byte 31 is the least significant");
	qtcl_u256_to_be(&a, out);
	CHECK_BYTES(out, 32, be, 32, "to_be inverts from_be");

	qtcl_u256_from_u64(&one, 1);
	qtcl_u256_max(&max);
	CHECK(qtcl_u256_add(&r, &max, &one) == 1 && qtcl_u256_is_zero(&r), "max + 1 = 0 with carry");
	CHECK(qtcl_u256_sub(&r, &r, &one) == 1 && qtcl_u256_cmp(&r, &max) == 0, "0 - 1 = max with borrow");
	CHECK(qtcl_u256_bits(&max) == 256 && qtcl_u256_clz(&max) == 0, "max: 256 bits, clz 0");
	qtcl_u256_zero(&a);
	CHECK(qtcl_u256_bits(&a) == 0 && qtcl_u256_clz(&a) == 256, "zero: 0 bits, clz 256");
	CHECK(qtcl_u256_clz(&one) == 255, "one: clz 255");
	for (i = 0; i < 256; i++)
	{
		qtcl_u256_shl(&b, &one, i);
		if (qtcl_u256_clz(&b) != 255 - i || qtcl_u256_bits(&b) != i + 1 || !qtcl_u256_bit(&b, i))
			break;
	}
	CHECK(i == 256, "clz and bits of every single-bit value (stopped at %d)", i);
	qtcl_u256_shl(&b, &one, 256);
	CHECK(qtcl_u256_is_zero(&b), "shift by 256 gives zero");
	qtcl_u256_shr(&b, &max, 255);
	CHECK(qtcl_u256_cmp(&b, &one) == 0, "max >> 255 = 1");
	qtcl_u256_not(&b, &max);
	CHECK(qtcl_u256_is_zero(&b), "~max = 0");
	CHECK(qtcl_u256_fits_u64(&one) && !qtcl_u256_fits_u64(&max), "fits_u64");

	/* multiply and divide edge cases */
	CHECK(qtcl_u256_mul_u64(&r, &max, UINT64_MAX) == UINT64_MAX - 1,
		  "max * (2^64-1): high part 2^64 - 2");
	qtcl_u256_from_u64(&b, 1);
	qtcl_u256_sub(&b, &max, &b);
	qtcl_u256_add(&b, &b, &one);	/* b = max again, roundabout */
	CHECK(qtcl_u256_cmp(&r, &b) != 0 && r.w[0] == 1 && r.w[1] == UINT64_MAX,
		  "max * (2^64-1): low part = 2^256 - 2^64 + 1");
	CHECK(qtcl_u256_div_u64(&r, &max, 0, NULL) == -1, "division by zero u64 refused");
	qtcl_u256_zero(&b);
	CHECK(qtcl_u256_divmod(&r, NULL, &max, &b) == -1, "division by zero u256 refused");
	{
		uint64_t	rem = 0;

		CHECK(qtcl_u256_div_u64(&r, &max, UINT64_MAX, &rem) == 0 && rem == 0 &&
			  r.w[0] == 1 && r.w[1] == 1 && r.w[2] == 1 && r.w[3] == 1,
			  "(2^256-1) / (2^64-1) = 1 + 2^64 + 2^128 + 2^192 exactly");
		CHECK(qtcl_u256_div_u64(&r, &max, 0x8000000000000001ull, &rem) == 0, "div by 2^63+1 runs");
	}
	check_divmod(&max, &max, "max / max");
	check_divmod(&max, &one, "max / 1");
	qtcl_u256_shl(&b, &one, 255);
	check_divmod(&max, &b, "max / 2^255");
	{
		qtcl_u256	q;

		qtcl_u256_divmod(&q, NULL, &max, &b);
		CHECK(qtcl_u256_cmp(&q, &one) == 0, "max / 2^255 = 1");
		qtcl_u256_add(&b, &b, &one);
		check_divmod(&max, &b, "max / (2^255 + 1)");
		qtcl_u256_divmod(&q, &r, &one, &max);
		CHECK(qtcl_u256_is_zero(&q) && qtcl_u256_cmp(&r, &one) == 0, "1 / max = 0 rem 1");
	}
	/* aliasing */
	a = max;
	qtcl_u256_divmod(&a, NULL, &a, &a);
	CHECK(qtcl_u256_cmp(&a, &one) == 0, "divmod with q aliasing a and b");
}

static void
random_cases(void)
{
	int			n,
				bad_add = 0,
				bad_sub = 0,
				bad_shift = 0,
				bad_mul = 0,
				bad_div = 0,
				bad_cmp = 0,
				bad_clz = 0,
				bad_fulldiv = 0;

	for (n = 0; n < 3000; n++)
	{
		qtcl_u256	a,
					b,
					r,
					back;
		uint8_t		ab[32],
					bb[32],
					rb[32],
					want[32];
		int			c,
					k,
					i;
		uint64_t	m = rnd64() >> (rnd64() % 64),
					hi,
					rem;

		rnd_u256(&a);
		rnd_u256(&b);
		qtcl_u256_to_be(&a, ab);
		qtcl_u256_to_be(&b, bb);

		c = qtcl_u256_add(&r, &a, &b);
		qtcl_u256_to_be(&r, rb);
		if (c != ref_add(want, ab, bb) || memcmp(rb, want, 32) != 0)
			bad_add++;
		c = qtcl_u256_sub(&r, &a, &b);
		qtcl_u256_to_be(&r, rb);
		if (c != ref_sub(want, ab, bb) || memcmp(rb, want, 32) != 0)
			bad_sub++;
		/* byte-wise compare is the reference for cmp */
		if (qtcl_u256_cmp(&a, &b) != (memcmp(ab, bb, 32) > 0) - (memcmp(ab, bb, 32) < 0))
			bad_cmp++;

		k = (int) (rnd64() % 260);
		qtcl_u256_shl(&r, &a, k);
		qtcl_u256_to_be(&r, rb);
		ref_shift(want, ab, k);
		if (memcmp(rb, want, 32) != 0)
			bad_shift++;
		qtcl_u256_shr(&r, &a, k);
		qtcl_u256_to_be(&r, rb);
		ref_shift(want, ab, -k);
		if (memcmp(rb, want, 32) != 0)
			bad_shift++;

		/* clz against a bit scan of the bytes */
		for (i = 255; i >= 0 && !getbit(ab, i); i--)
			;
		if (qtcl_u256_clz(&a) != 255 - i)
			bad_clz++;

		/* multiply by u64: per-limb 128-bit reference */
		hi = qtcl_u256_mul_u64(&r, &a, m);
		{
			unsigned __int128 carry = 0;

			for (i = 0; i < 4; i++)
			{
				unsigned __int128 t = (unsigned __int128) a.w[i] * m + carry;

				if ((uint64_t) t != r.w[i])
					bad_mul++;
				carry = t >> 64;
			}
			if ((uint64_t) carry != hi)
				bad_mul++;
		}

		/* divide by u64: q * d + rem == a, rem < d; 128-bit reference on small values */
		if (m == 0)
			m = 1;
		qtcl_u256_div_u64(&r, &a, m, &rem);
		if (rem >= m)
			bad_div++;
		hi = qtcl_u256_mul_u64(&back, &r, m);
		{
			qtcl_u256	rr;

			qtcl_u256_from_u64(&rr, rem);
			if (hi != 0 || qtcl_u256_add(&back, &back, &rr) || qtcl_u256_cmp(&back, &a) != 0)
				bad_div++;
		}
		if (a.w[2] == 0 && a.w[3] == 0)
		{
			unsigned __int128 av = ((unsigned __int128) a.w[1] << 64) | a.w[0];
			unsigned __int128 qv = av / m;

			if ((uint64_t) qv != r.w[0] || (uint64_t) (qv >> 64) != r.w[1] || (uint64_t) (av % m) != rem)
				bad_div++;
		}
		/* full division agrees with div_u64 when the divisor fits 64 bits */
		{
			qtcl_u256	d,
						q2,
						r2;

			qtcl_u256_from_u64(&d, m);
			qtcl_u256_divmod(&q2, &r2, &a, &d);
			if (qtcl_u256_cmp(&q2, &r) != 0 || r2.w[0] != rem || !qtcl_u256_fits_u64(&r2))
				bad_div++;
		}
		if (!qtcl_u256_is_zero(&b) && !divmod_ok(&a, &b))
			bad_fulldiv++;
	}
	CHECK(bad_add == 0, "add matches byte-wise reference on 3000 pairs (%d bad)", bad_add);
	CHECK(bad_sub == 0, "sub matches byte-wise reference on 3000 pairs (%d bad)", bad_sub);
	CHECK(bad_cmp == 0, "cmp matches memcmp of big-endian bytes (%d bad)", bad_cmp);
	CHECK(bad_shift == 0, "shl/shr match the bit-wise reference (%d bad)", bad_shift);
	CHECK(bad_clz == 0, "clz matches a bit scan (%d bad)", bad_clz);
	CHECK(bad_mul == 0, "mul_u64 matches 128-bit limb arithmetic (%d bad)", bad_mul);
	CHECK(bad_fulldiv == 0, "divmod: r < b and q * b + r == a by a 32-bit schoolbook product (%d bad)",
		  bad_fulldiv);
	CHECK(bad_div == 0, "div_u64: q*d + r == a, r < d, 128-bit reference, agrees with divmod (%d bad)",
		  bad_div);
}

int
main(void)
{
	fixed_cases();
	random_cases();
	return unit_done();
}
