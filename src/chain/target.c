/*
 * target.c: compact targets, work, starting target, leading-zero display
 * (see target.h for the rules and why).
 */
#include "chain/target.h"

#include <stddef.h>

const char *
qtcl_target_strerror(int code)
{
	switch (code)
	{
		case QTCL_TARGET_OK:
			return "ok";
		case QTCL_TARGET_ERR_NEGATIVE:
			return "invalid target: compact mantissa has the sign bit (0x00800000) set";
		case QTCL_TARGET_ERR_OVERFLOW:
			return "invalid target: compact value above 2^256 - 1";
		case QTCL_TARGET_ERR_ZERO:
			return "invalid target: zero";
		case QTCL_TARGET_ERR_NONCANONICAL:
			return "invalid target: compact form is not canonical";
		case QTCL_TARGET_ERR_ARGUMENT:
			return "invalid argument: hash rate and block time must be positive";
	}
	return "unknown target error";
}

uint32_t
qtcl_target_encode(const qtcl_u256 *t)
{
	int			size = (qtcl_u256_bits(t) + 7) / 8;
	uint32_t	mantissa;

	if (size <= 3)
		mantissa = (uint32_t) (t->w[0] << (8 * (3 - size)));
	else
	{
		qtcl_u256	s;

		qtcl_u256_shr(&s, t, 8 * (size - 3));
		mantissa = (uint32_t) s.w[0];
	}
	/* Keep the sign bit clear: move to a 2-byte mantissa one exponent up. */
	if (mantissa & 0x00800000u)
	{
		mantissa >>= 8;
		size++;
	}
	return ((uint32_t) size << 24) | (mantissa & 0x007fffffu);
}

int
qtcl_target_decode(uint32_t compact, qtcl_u256 *out)
{
	int			exponent = (int) (compact >> 24);
	uint32_t	mantissa = compact & 0x00ffffffu;
	qtcl_u256	v;

	qtcl_u256_zero(out);
	if (mantissa & 0x00800000u)
		return QTCL_TARGET_ERR_NEGATIVE;
	qtcl_u256_from_u64(&v, mantissa);
	if (exponent <= 3)
		qtcl_u256_shr(&v, &v, 8 * (3 - exponent));
	else
	{
		/* bits(M) + 8 (E - 3) > 256 would not fit */
		if (mantissa != 0 && qtcl_u256_bits(&v) + 8 * (exponent - 3) > 256)
			return QTCL_TARGET_ERR_OVERFLOW;
		qtcl_u256_shl(&v, &v, 8 * (exponent - 3));
	}
	if (qtcl_u256_is_zero(&v))
		return QTCL_TARGET_ERR_ZERO;
	if (qtcl_target_encode(&v) != compact)
		return QTCL_TARGET_ERR_NONCANONICAL;
	*out = v;
	return QTCL_TARGET_OK;
}

int
qtcl_target_work(const qtcl_u256 *target, qtcl_u256 *work)
{
	qtcl_u256	one,
				d,
				n;

	qtcl_u256_zero(work);
	if (qtcl_u256_is_zero(target))
		return QTCL_TARGET_ERR_ZERO;
	qtcl_u256_from_u64(&one, 1);
	if (qtcl_u256_add(&d, target, &one))
	{
		/* target = 2^256 - 1: 2^256 / 2^256 = 1 */
		*work = one;
		return QTCL_TARGET_OK;
	}
	/* floor(2^256 / d) = floor((2^256 - d) / d) + 1, and 2^256 - d = ~target */
	qtcl_u256_not(&n, target);
	qtcl_u256_divmod(work, NULL, &n, &d);
	qtcl_u256_add(work, work, &one);
	return QTCL_TARGET_OK;
}

int
qtcl_target_work_compact(uint32_t compact, qtcl_u256 *work)
{
	qtcl_u256	t;
	int			rc = qtcl_target_decode(compact, &t);

	if (rc != QTCL_TARGET_OK)
	{
		qtcl_u256_zero(work);
		return rc;
	}
	return qtcl_target_work(&t, work);
}

int
qtcl_target_from_hashrate(uint64_t hashes_per_second, uint64_t block_ms, qtcl_u256 *out)
{
	qtcl_u256	h,
				max,
				q,
				r,
				hm1,
				one;

	qtcl_u256_max(out);
	if (hashes_per_second == 0 || block_ms == 0)
		return QTCL_TARGET_ERR_ARGUMENT;
	/* H = floor(rate * ms / 1000); the product is below 2^128, no overflow */
	qtcl_u256_from_u64(&h, hashes_per_second);
	qtcl_u256_mul_u64(&h, &h, block_ms);
	qtcl_u256_div_u64(&h, &h, 1000, NULL);
	qtcl_u256_from_u64(&one, 1);
	if (qtcl_u256_cmp(&h, &one) <= 0)
		return QTCL_TARGET_OK;	/* 2^256 - 1 */
	/* floor(2^256 / H) = floor((2^256 - 1) / H) + [ (2^256 - 1) mod H == H - 1 ] */
	qtcl_u256_max(&max);
	qtcl_u256_divmod(&q, &r, &max, &h);
	qtcl_u256_sub(&hm1, &h, &one);
	if (qtcl_u256_cmp(&r, &hm1) == 0)
		qtcl_u256_add(&q, &q, &one);
	/* H >= 2 so q >= 1 and the target q - 1 >= 0; H < 2^128 makes it > 0 */
	qtcl_u256_sub(out, &q, &one);
	return QTCL_TARGET_OK;
}

int
qtcl_hash_leading_zero_bits(const uint8_t hash[32])
{
	int			i,
				n = 0;

	for (i = 0; i < 32; i++)
	{
		uint8_t		b = hash[i];

		if (b == 0)
		{
			n += 8;
			continue;
		}
		while ((b & 0x80) == 0)
		{
			n++;
			b <<= 1;
		}
		return n;
	}
	return n;
}

int
qtcl_hash_meets_target(const uint8_t hash[32], const qtcl_u256 *target)
{
	qtcl_u256	h;

	qtcl_u256_from_be(&h, hash);
	return qtcl_u256_cmp(&h, target) <= 0;
}
