/*
 * asert.c: aserti3-2d difficulty in milliseconds, and network parameters
 * (see asert.h for the rule and why).
 */
#include "chain/asert.h"

#include <stddef.h>

#include "chain/target.h"

/* Saturation: beyond this many halflives the result is pinned at a bound. */
#define ASERT_SATURATE_HALFLIVES	1024
#define ASERT_SATURATED_EXPONENT	((int64_t) 1 << 36)

const char *
qtcl_asert_strerror(int code)
{
	switch (code)
	{
		case QTCL_ASERT_OK:
			return "ok";
		case QTCL_ASERT_ERR_PARAMS:
			return "invalid difficulty parameters (block time, halflife or pow limit)";
		case QTCL_ASERT_ERR_ANCHOR:
			return "invalid difficulty anchor target";
		case QTCL_ASERT_ERR_HEIGHT:
			return "parent block is below the difficulty anchor";
		case QTCL_ASERT_ERR_RANGE:
			return "time or height difference out of range";
		case QTCL_ASERT_ERR_NET:
			return "unknown network";
	}
	return "unknown difficulty error";
}

int
qtcl_net_params_get(qtcl_net net, qtcl_net_params *out)
{
	qtcl_u256	start;

	out->net = net;
	out->asert.ideal_ms = QTCL_ASERT_IDEAL_MS_DEFAULT;
	out->asert.halflife_ms = QTCL_ASERT_HALFLIFE_MS_DEFAULT;
	out->max_future_ms = 15000;
	qtcl_u256_max(&out->asert.pow_limit);
	switch (net)
	{
		case QTCL_NET_REGTEST:
			out->name = "regtest";
			qtcl_u256_shr(&out->asert.pow_limit, &out->asert.pow_limit, 1);	/* 2^255 - 1 */
			out->genesis_compact = qtcl_target_encode(&out->asert.pow_limit);
			return QTCL_ASERT_OK;
		case QTCL_NET_DEVNET:
			out->name = "devnet";
			qtcl_u256_shr(&out->asert.pow_limit, &out->asert.pow_limit, 8);	/* 2^248 - 1 */
			qtcl_target_from_hashrate(QTCL_DEVNET_HASHRATE,
									  (uint64_t) QTCL_ASERT_IDEAL_MS_DEFAULT, &start);
			if (qtcl_u256_cmp(&start, &out->asert.pow_limit) > 0)
				start = out->asert.pow_limit;
			out->genesis_compact = qtcl_target_encode(&start);
			return QTCL_ASERT_OK;
	}
	out->name = "unknown";
	out->genesis_compact = 0;
	return QTCL_ASERT_ERR_NET;
}

uint32_t
qtcl_asert_factor(uint32_t frac)
{
	uint64_t	f = frac & 0xffffu;

	/*
	 * Largest sum (frac = 65535) is about 1.84466e19 < 2^64: no overflow.
	 * 195766423245049 * f < 2^64, 971821376 * f^2 < 2^62, 5127 * f^3 < 2^61.
	 */
	return (uint32_t) (65536u + ((195766423245049ull * f
								  + 971821376ull * f * f
								  + 5127ull * f * f * f
								  + (1ull << 47)) >> 48));
}

static int
params_ok(const qtcl_asert_params *p)
{
	return p != NULL && p->ideal_ms >= 1 && p->halflife_ms >= 1 &&
		p->halflife_ms <= QTCL_ASERT_HALFLIFE_MS_MAX && !qtcl_u256_is_zero(&p->pow_limit);
}

/*
 * trunc(num * 65536 / h) without overflow: num = q h + r (C division, r has
 * the sign of num), so num * 65536 / h = q * 65536 + r * 65536 / h, and both
 * parts truncate toward zero in the same direction. |r| < h <= 2^46 keeps
 * r * 65536 below 2^62. Returns 0, or +1 / -1 when |q| is so large that the
 * target is pinned at pow_limit / 1 whatever the fraction.
 */
static int
fixed_exponent(int64_t num, int64_t h, int64_t *exponent)
{
	int64_t		q = num / h;
	int64_t		r = num % h;

	if (q > ASERT_SATURATE_HALFLIVES)
	{
		*exponent = ASERT_SATURATED_EXPONENT;
		return 1;
	}
	if (q < -ASERT_SATURATE_HALFLIVES)
	{
		*exponent = -ASERT_SATURATED_EXPONENT;
		return -1;
	}
	*exponent = q * 65536 + (r * 65536) / h;
	return 0;
}

int
qtcl_asert_target(const qtcl_asert_params *p, const qtcl_u256 *anchor_target,
				  int64_t time_delta_ms, int64_t height_delta, qtcl_u256 *out,
				  int64_t *exponent_out)
{
	int64_t		ideal_total,
				num,
				exponent,
				shifts,
				frac;
	uint64_t	limb[5];		/* the 320-bit product, limb[0] least significant */
	qtcl_u256	prod,
				result;
	int			sat,
				i;

	if (exponent_out != NULL)
		*exponent_out = 0;
	if (!params_ok(p))
		return QTCL_ASERT_ERR_PARAMS;
	if (anchor_target == NULL || qtcl_u256_is_zero(anchor_target))
		return QTCL_ASERT_ERR_ANCHOR;
	if (height_delta < 0)
		return QTCL_ASERT_ERR_HEIGHT;
	if (height_delta == INT64_MAX ||
		__builtin_mul_overflow(p->ideal_ms, height_delta + 1, &ideal_total) ||
		__builtin_sub_overflow(time_delta_ms, ideal_total, &num))
		return QTCL_ASERT_ERR_RANGE;

	sat = fixed_exponent(num, p->halflife_ms, &exponent);
	if (exponent_out != NULL)
		*exponent_out = exponent;
	if (sat > 0)
	{
		*out = p->pow_limit;
		return QTCL_ASERT_OK;
	}
	if (sat < 0)
	{
		qtcl_u256_from_u64(out, 1);
		if (qtcl_u256_cmp(out, &p->pow_limit) > 0)
			*out = p->pow_limit;
		return QTCL_ASERT_OK;
	}

	/* floor division by 65536 without relying on right shifts of negatives */
	if (exponent >= 0)
		shifts = exponent / 65536;
	else
		shifts = -((-exponent + 65535) / 65536);
	frac = exponent - shifts * 65536;	/* 0 .. 65535 */

	/* 320-bit product anchor * factor */
	limb[4] = qtcl_u256_mul_u64(&prod, anchor_target, qtcl_asert_factor((uint32_t) frac));
	for (i = 0; i < 4; i++)
		limb[i] = prod.w[i];

	shifts -= 16;				/* the factor carries 2^16 */
	if (shifts <= 0)
	{
		int64_t		n = -shifts;	/* 0 .. about 1040 */
		int			whole = (int) (n / 64),
					bits = (int) (n % 64);
		uint64_t	res[5] = {0, 0, 0, 0, 0};

		for (i = 0; i < 5; i++)
		{
			int			src = i + whole;

			if (src > 4)
				break;
			res[i] = limb[src] >> bits;
			if (bits != 0 && src + 1 <= 4)
				res[i] |= limb[src + 1] << (64 - bits);
		}
		if (res[4] != 0)
			result = p->pow_limit;	/* beyond 2^256: pinned at the limit */
		else
			for (i = 0; i < 4; i++)
				result.w[i] = res[i];
	}
	else
	{
		/* left shift: any bit leaving 256 bits means above any pow limit */
		if (limb[4] != 0 || qtcl_u256_bits(&prod) + shifts > 256)
			result = p->pow_limit;
		else
			qtcl_u256_shl(&result, &prod, (int) shifts);
	}

	if (qtcl_u256_is_zero(&result))
		qtcl_u256_from_u64(&result, 1);
	if (qtcl_u256_cmp(&result, &p->pow_limit) > 0)
		result = p->pow_limit;
	*out = result;
	return QTCL_ASERT_OK;
}

int
qtcl_asert_next_compact(const qtcl_asert_params *p, uint32_t anchor_compact,
						uint64_t anchor_height, int64_t anchor_time_ms,
						uint64_t parent_height, int64_t parent_time_ms, uint32_t *out)
{
	qtcl_u256	anchor,
				target;
	int64_t		anchor_parent_time,
				time_delta;
	int			rc;

	*out = 0;
	if (!params_ok(p))
		return QTCL_ASERT_ERR_PARAMS;
	if (qtcl_target_decode(anchor_compact, &anchor) != QTCL_TARGET_OK)
		return QTCL_ASERT_ERR_ANCHOR;
	if (parent_height < anchor_height)
		return QTCL_ASERT_ERR_HEIGHT;
	if (parent_height - anchor_height > (uint64_t) INT64_MAX)
		return QTCL_ASERT_ERR_RANGE;
	if (__builtin_sub_overflow(anchor_time_ms, p->ideal_ms, &anchor_parent_time) ||
		__builtin_sub_overflow(parent_time_ms, anchor_parent_time, &time_delta))
		return QTCL_ASERT_ERR_RANGE;
	rc = qtcl_asert_target(p, &anchor, time_delta, (int64_t) (parent_height - anchor_height),
						   &target, NULL);
	if (rc != QTCL_ASERT_OK)
		return rc;
	*out = qtcl_target_encode(&target);
	return QTCL_ASERT_OK;
}
