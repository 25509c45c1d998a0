/*
 * test_chain_money.c: checked money arithmetic at its edges (0, MAX_MONEY +/- 1,
 * INT64_MAX, INT64_MIN), the subsidy at halving boundaries, the supply cap and
 * the miner reward.
 */
#include "chain/money.h"
#include "unit.h"

#define MAXM QTCL_MAX_MONEY

static void
constants(void)
{
	CHECK(QTCL_COIN == 100000000, "1 QTCL = 10^8 base units");
	CHECK(QTCL_MAX_MONEY == INT64_C(2100000000000000), "MAX_MONEY = 21,000,000 * 10^8");
	CHECK(qtcl_money_valid(0) && qtcl_money_valid(MAXM) && qtcl_money_valid(1),
		  "0, 1 and MAX_MONEY are valid");
	CHECK(!qtcl_money_valid(-1) && !qtcl_money_valid(MAXM + 1) && !qtcl_money_valid(INT64_MAX) &&
		  !qtcl_money_valid(INT64_MIN), "-1, MAX_MONEY+1, INT64_MAX, INT64_MIN are not");
}

static void
add_sub_mul(void)
{
	int64_t		r = 12345;

	CHECK(qtcl_money_add(MAXM - 1, 1, &r) && r == MAXM, "MAX-1 + 1 = MAX");
	r = 777;
	CHECK(!qtcl_money_add(MAXM, 1, &r) && r == 777, "MAX + 1 refused, out untouched");
	CHECK(!qtcl_money_add(MAXM + 1, 0, &r), "operand MAX+1 refused");
	CHECK(!qtcl_money_add(-1, 5, &r), "negative operand refused");
	CHECK(!qtcl_money_add(INT64_MAX, 1, &r), "INT64_MAX + 1 refused (no wrap)");
	CHECK(!qtcl_money_add(INT64_MAX, INT64_MAX, &r), "INT64_MAX + INT64_MAX refused");
	CHECK(!qtcl_money_add(INT64_MIN, INT64_MIN, &r), "INT64_MIN + INT64_MIN refused");
	CHECK(!qtcl_money_add(MAXM, MAXM, &r), "MAX + MAX refused");
	CHECK(qtcl_money_add(0, 0, &r) && r == 0, "0 + 0 = 0");
	CHECK(qtcl_money_add(150000000, 1000, &r) && r == 150001000, "1.5 QTCL + 1000 units");

	CHECK(qtcl_money_sub(MAXM, MAXM, &r) && r == 0, "MAX - MAX = 0");
	CHECK(qtcl_money_sub(MAXM, 1, &r) && r == MAXM - 1, "MAX - 1");
	r = 5;
	CHECK(!qtcl_money_sub(0, 1, &r) && r == 5, "0 - 1 refused (negative), out untouched");
	CHECK(!qtcl_money_sub(MAXM + 1, 1, &r), "operand MAX+1 refused even if the result is in range");
	CHECK(!qtcl_money_sub(5, -1, &r), "negative subtrahend refused");
	CHECK(!qtcl_money_sub(INT64_MIN, 1, &r), "INT64_MIN - 1 refused");

	CHECK(qtcl_money_mul(QTCL_COIN, QTCL_MAX_COINS, &r) && r == MAXM, "COIN * 21e6 = MAX");
	CHECK(!qtcl_money_mul(QTCL_COIN, QTCL_MAX_COINS + 1, &r), "COIN * (21e6+1) refused");
	CHECK(!qtcl_money_mul(MAXM, INT64_MAX, &r), "MAX * INT64_MAX refused (int64 overflow)");
	CHECK(!qtcl_money_mul(2, INT64_MAX / 2 + 1, &r), "2 * (INT64_MAX/2+1) refused");
	CHECK(!qtcl_money_mul(1, -1, &r), "negative count refused");
	CHECK(qtcl_money_mul(MAXM, 0, &r) && r == 0, "MAX * 0 = 0");
	CHECK(qtcl_money_mul(MAXM, 1, &r) && r == MAXM, "MAX * 1 = MAX");
	CHECK(!qtcl_money_mul(MAXM, 2, &r), "MAX * 2 refused");
}

static void
subsidy(void)
{
	const int64_t reward = 50 * QTCL_COIN,
				interval = 210000;
	int64_t		s = -5;
	int			k;

	CHECK(qtcl_block_subsidy(0, reward, interval, &s) && s == 0, "genesis (height 0) has no subsidy");
	CHECK(qtcl_block_subsidy(1, reward, interval, &s) && s == reward, "height 1: full reward");
	CHECK(qtcl_block_subsidy(interval - 1, reward, interval, &s) && s == reward,
		  "last block before the first halving: full reward");
	CHECK(qtcl_block_subsidy(interval, reward, interval, &s) && s == reward / 2,
		  "first halving at height = interval");
	CHECK(qtcl_block_subsidy(2 * interval - 1, reward, interval, &s) && s == reward / 2,
		  "2*interval-1: half");
	CHECK(qtcl_block_subsidy(2 * interval, reward, interval, &s) && s == reward / 4, "2*interval: quarter");
	/* 50 QTCL = 5e9 < 2^33: 33 halvings reach 0 */
	CHECK(qtcl_block_subsidy(32 * interval, reward, interval, &s) && s == 1, "32 halvings of 5e9 = 1");
	CHECK(qtcl_block_subsidy(33 * interval, reward, interval, &s) && s == 0, "33 halvings of 5e9 = 0");
	for (k = 1; k < 64; k++)
		if (!qtcl_block_subsidy(k, MAXM, 1, &s) || s != (MAXM >> k))
			break;
	CHECK(k == 64, "interval 1: subsidy(h) = MAX >> h for h = 1..63 (stopped at %d)", k);
	CHECK(qtcl_block_subsidy(51, MAXM, 1, &s) && s == 0 && qtcl_block_subsidy(50, MAXM, 1, &s) && s == 1,
		  "MAX_MONEY < 2^51: 50 halvings leave 1, 51 leave 0");
	CHECK(qtcl_block_subsidy(63, MAXM, 1, &s) && s == 0, "63 halvings give 0");
	CHECK(qtcl_block_subsidy(64, MAXM, 1, &s) && s == 0, "64 halvings give 0 (no shift by 64)");
	CHECK(qtcl_block_subsidy(INT64_MAX, MAXM, 1, &s) && s == 0, "height INT64_MAX gives 0");
	CHECK(qtcl_block_subsidy(INT64_MAX, 1, INT64_MAX, &s) && s == 0, "height = interval = INT64_MAX: 1 >> 1 = 0");
	CHECK(qtcl_block_subsidy(INT64_MAX - 1, 1, INT64_MAX, &s) && s == 1, "height INT64_MAX-1 < interval: 1");
	s = 99;
	CHECK(!qtcl_block_subsidy(-1, reward, interval, &s) && s == 99, "negative height refused");
	CHECK(!qtcl_block_subsidy(1, reward, 0, &s), "halving interval 0 refused");
	CHECK(!qtcl_block_subsidy(1, reward, -5, &s), "negative halving interval refused");
	CHECK(!qtcl_block_subsidy(1, MAXM + 1, interval, &s), "block reward MAX+1 refused");
	CHECK(!qtcl_block_subsidy(1, -1, interval, &s), "negative block reward refused");
}

static void
cap(void)
{
	int64_t		m = 0,
				minted = 0,
				credit = 0,
				issued = 0,
				h;

	CHECK(qtcl_mintable(0, 100, &m) && m == 100, "mintable far from the cap: all");
	CHECK(qtcl_mintable(MAXM - 40, 100, &m) && m == 40, "mintable near the cap: the rest (40)");
	CHECK(qtcl_mintable(MAXM, 100, &m) && m == 0, "mintable at the cap: 0");
	CHECK(qtcl_mintable(MAXM - 100, 100, &m) && m == 100, "mintable exactly to the cap");
	CHECK(!qtcl_mintable(MAXM + 1, 0, &m), "issued MAX+1 refused");
	CHECK(!qtcl_mintable(-1, 0, &m), "negative issued refused");
	CHECK(!qtcl_mintable(0, MAXM + 1, &m), "reward MAX+1 refused");

	CHECK(qtcl_miner_reward(1, 50 * QTCL_COIN, 210000, 0, 1234, &minted, &credit) &&
		  minted == 50 * QTCL_COIN && credit == 50 * QTCL_COIN + 1234, "miner reward = subsidy + fees");
	CHECK(qtcl_miner_reward(0, 50 * QTCL_COIN, 210000, 0, 0, &minted, &credit) &&
		  minted == 0 && credit == 0, "genesis: nothing minted");
	CHECK(qtcl_miner_reward(5, 50 * QTCL_COIN, 210000, MAXM - 7, 3, &minted, &credit) &&
		  minted == 7 && credit == 10, "near the cap only the rest is minted, fees still paid");
	CHECK(!qtcl_miner_reward(5, 50 * QTCL_COIN, 210000, 0, -1, &minted, &credit), "negative fees refused");
	CHECK(!qtcl_miner_reward(5, 50 * QTCL_COIN, 210000, 0, MAXM, &minted, &credit),
		  "subsidy + fees above MAX refused");

	/* A schedule that would overshoot the cap: the cap holds exactly. */
	for (h = 1; h <= 100; h++)
	{
		if (!qtcl_miner_reward(h, MAXM / 10 + 3, 1000, issued, 0, &minted, &credit) ||
			!qtcl_money_add(issued, minted, &issued))
			break;
	}
	CHECK(h == 101 && issued == MAXM, "100 blocks of MAX/10+3: total issued stops exactly at the cap");

	/* Total issued by a Bitcoin-like schedule from height 1 on stays below the cap. */
	{
		int64_t		total = 0,
					halving;
		int			ok = 1;

		for (halving = 0; halving < 70; halving++)
		{
			int64_t		s,
						blocks = halving == 0 ? 209999 : 210000,
						part;

			ok &= qtcl_block_subsidy(halving == 0 ? 1 : halving * 210000, 50 * QTCL_COIN, 210000, &s);
			ok &= qtcl_money_mul(s, blocks, &part);
			ok &= qtcl_money_add(total, part, &total);
		}
		CHECK(ok && total < MAXM && total == INT64_C(2099994997690000),
			  "50 QTCL / 210000 schedule issues %lld base units in total (< cap)", (long long) total);
	}
}

static void
format(void)
{
	char		buf[QTCL_MONEY_TEXT_SIZE];

	CHECK(strcmp(qtcl_money_format(150000000, buf), "1.50000000") == 0, "format 1.5 QTCL");
	CHECK(strcmp(qtcl_money_format(0, buf), "0.00000000") == 0, "format 0");
	CHECK(strcmp(qtcl_money_format(1, buf), "0.00000001") == 0, "format 1 unit");
	CHECK(strcmp(qtcl_money_format(-5, buf), "-0.00000005") == 0, "format -5 units");
	CHECK(strcmp(qtcl_money_format(MAXM, buf), "21000000.00000000") == 0, "format MAX");
	CHECK(strcmp(qtcl_money_format(INT64_MIN, buf), "-92233720368.54775808") == 0, "format INT64_MIN");
	CHECK(strcmp(qtcl_money_format(INT64_MAX, buf), "92233720368.54775807") == 0, "format INT64_MAX");
}

int
main(void)
{
	constants();
	add_sub_mul();
	subsidy();
	cap();
	format();
	return unit_done();
}
