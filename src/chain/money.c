/*
 * money.c: checked money arithmetic and the reward schedule (see money.h).
 */
#include "chain/money.h"

#include <stdio.h>

bool
qtcl_money_valid(int64_t v)
{
	return v >= 0 && v <= QTCL_MAX_MONEY;
}

bool
qtcl_money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t		r;

	if (!qtcl_money_valid(a) || !qtcl_money_valid(b))
		return false;
	if (__builtin_add_overflow(a, b, &r) || !qtcl_money_valid(r))
		return false;
	*out = r;
	return true;
}

bool
qtcl_money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t		r;

	if (!qtcl_money_valid(a) || !qtcl_money_valid(b))
		return false;
	if (__builtin_sub_overflow(a, b, &r) || !qtcl_money_valid(r))
		return false;
	*out = r;
	return true;
}

bool
qtcl_money_mul(int64_t a, int64_t n, int64_t *out)
{
	int64_t		r;

	if (!qtcl_money_valid(a) || n < 0)
		return false;
	if (__builtin_mul_overflow(a, n, &r) || !qtcl_money_valid(r))
		return false;
	*out = r;
	return true;
}

bool
qtcl_block_subsidy(int64_t height, int64_t block_reward, int64_t halving_interval, int64_t *out)
{
	int64_t		halvings;

	if (height < 0 || halving_interval < 1 || !qtcl_money_valid(block_reward))
		return false;
	if (height == 0)
	{
		*out = 0;				/* genesis mints nothing */
		return true;
	}
	halvings = height / halving_interval;
	*out = halvings >= QTCL_MAX_HALVINGS ? 0 : block_reward >> halvings;
	return true;
}

bool
qtcl_mintable(int64_t issued, int64_t reward, int64_t *out)
{
	int64_t		room;

	if (!qtcl_money_valid(issued) || !qtcl_money_valid(reward))
		return false;
	room = QTCL_MAX_MONEY - issued;
	*out = reward < room ? reward : room;
	return true;
}

bool
qtcl_miner_reward(int64_t height, int64_t block_reward, int64_t halving_interval,
				  int64_t issued, int64_t fees, int64_t *minted, int64_t *credit)
{
	int64_t		subsidy,
				mint,
				total;

	if (!qtcl_block_subsidy(height, block_reward, halving_interval, &subsidy) ||
		!qtcl_mintable(issued, subsidy, &mint) ||
		!qtcl_money_add(mint, fees, &total))
		return false;
	*minted = mint;
	*credit = total;
	return true;
}

char *
qtcl_money_format(int64_t v, char buf[QTCL_MONEY_TEXT_SIZE])
{
	/* Work in uint64 so that INT64_MIN has a magnitude. */
	uint64_t	mag = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
	uint64_t	coin = (uint64_t) QTCL_COIN;

	snprintf(buf, QTCL_MONEY_TEXT_SIZE, "%s%llu.%08llu", v < 0 ? "-" : "",
			 (unsigned long long) (mag / coin), (unsigned long long) (mag % coin));
	return buf;
}
