/*
 * money.h: amounts, checked money arithmetic, block subsidy and the supply cap.
 *
 * Why this file exists: the seed system kept money as floats and guessed the
 * unit from the magnitude (9,999 was QTCL, 10,000 base units), and its reward
 * code minted whatever the miner claimed. Here every amount is an int64_t
 * count of base units (1 QTCL = QTCL_COIN = 10^8 base units), never a float,
 * and every sum, difference and product goes through a helper that refuses
 * (returns false, leaves *out untouched) instead of wrapping or leaving the
 * money range [0, QTCL_MAX_MONEY]. This is Bitcoin's MoneyRange rule
 * (CVE-2010-5139 was an unchecked output sum).
 *
 *   QTCL_MAX_MONEY = 21,000,000 QTCL = 2,100,000,000,000,000 base units:
 *   the supply cap (the most that can ever be minted in total) and the
 *   bound on any single amount, fee, balance or sum of them.
 *   2.1e15 < 2^51, so sums of two valid amounts never overflow int64.
 *
 * Block subsidy (docs/PROTOCOL.tx.md "Money and rewards"):
 *   subsidy(h) = 0                                   if h = 0 (genesis mints nothing)
 *              = 0                                   if h / halving_interval >= 64
 *              = block_reward >> (h / halving_interval)  otherwise
 * (block_reward <= QTCL_MAX_MONEY < 2^63, so the 63rd halving already gives 0;
 * the >= 64 test only avoids the undefined 64-bit shift.) The minted amount is
 * further capped so that the total issued never exceeds QTCL_MAX_MONEY:
 * mintable(issued, subsidy) = min(subsidy, QTCL_MAX_MONEY - issued). The
 * miner is credited mintable + the block's fees (fees move existing money).
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state.
 */
#ifndef QTCL_CHAIN_MONEY_H
#define QTCL_CHAIN_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define QTCL_COIN			INT64_C(100000000)				/* base units per QTCL */
#define QTCL_MAX_COINS		INT64_C(21000000)
#define QTCL_MAX_MONEY		(QTCL_MAX_COINS * QTCL_COIN)	/* 2100000000000000 */
#define QTCL_MAX_HALVINGS	64	/* from this many halvings on, the subsidy is 0 */

/* Buffer size for qtcl_money_format: "-21000000.00000000" and longer int64 values. */
#define QTCL_MONEY_TEXT_SIZE 32

/* 0 <= v <= QTCL_MAX_MONEY. */
bool		qtcl_money_valid(int64_t v);

/*
 * *out = a + b, a - b, a * n. Each returns false (and leaves *out unchanged)
 * when an operand is outside [0, QTCL_MAX_MONEY] (for mul: a money value, n a
 * count >= 0) or when the exact result is outside [0, QTCL_MAX_MONEY]
 * (including int64 overflow).
 */
bool		qtcl_money_add(int64_t a, int64_t b, int64_t *out);
bool		qtcl_money_sub(int64_t a, int64_t b, int64_t *out);
bool		qtcl_money_mul(int64_t a, int64_t n, int64_t *out);

/*
 * Block subsidy as defined above. height >= 0, halving_interval >= 1,
 * 0 <= block_reward <= QTCL_MAX_MONEY; returns false for other parameters.
 */
bool		qtcl_block_subsidy(int64_t height, int64_t block_reward, int64_t halving_interval,
							   int64_t *out);

/*
 * How much of `reward` may still be minted when `issued` base units already
 * have been: min(reward, QTCL_MAX_MONEY - issued). False when issued or reward
 * is outside [0, QTCL_MAX_MONEY].
 */
bool		qtcl_mintable(int64_t issued, int64_t reward, int64_t *out);

/*
 * The miner's credit for a block: *minted = mintable(issued, subsidy(height)),
 * *credit = *minted + fees (fees = the sum of the block's fees, itself summed
 * with qtcl_money_add). False on bad parameters or an out-of-range sum; the
 * outputs are then unchanged.
 */
bool		qtcl_miner_reward(int64_t height, int64_t block_reward, int64_t halving_interval,
							  int64_t issued, int64_t fees, int64_t *minted, int64_t *credit);

/*
 * Text form for messages: "1.50000000" (always 8 decimals; a leading '-' for
 * negative values, exact for every int64 including INT64_MIN). buf must hold
 * QTCL_MONEY_TEXT_SIZE bytes. Returns buf.
 */
char	   *qtcl_money_format(int64_t v, char buf[QTCL_MONEY_TEXT_SIZE]);

#endif
