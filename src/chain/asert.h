/*
 * asert.h: difficulty adjustment: ASERT (absolutely scheduled exponentially
 * rising targets), the Bitcoin Cash "aserti3-2d" integer algorithm
 * generalised to millisecond timestamps, and the network parameters.
 *
 * Why ASERT: it adjusts every block (10 s blocks cannot wait for a 2016-block
 * window), it is absolute (the target depends only on the anchor and the
 * parent's height and time, so errors do not accumulate and there is no
 * timewarp window), and the integer form is exact and identical on every node.
 *
 * The rule, for the block after a parent at (height, time), with the anchor
 * being the genesis block:
 *   time_delta   = parent_time - anchor_parent_time,
 *                  anchor_parent_time = genesis_time - ideal_ms
 *   height_delta = parent_height - genesis_height
 *   target ~= anchor_target * 2^((time_delta - ideal_ms * (height_delta + 1)) / halflife_ms)
 * computed exactly as:
 *   exponent = trunc((time_delta - ideal_ms * (height_delta + 1)) * 65536 / halflife_ms)
 *              (16-bit fixed-point fraction, division truncated toward zero)
 *   shifts   = floor(exponent / 65536), frac = exponent - 65536 * shifts (0..65535)
 *   factor   = 65536 + ((195766423245049 * frac + 971821376 * frac^2
 *                        + 5127 * frac^3 + 2^47) >> 48)       (65536 * 2^(frac/65536))
 *   target   = (anchor_target * factor) * 2^(shifts - 16)     (right shift truncates)
 *   then 0 -> 1 and anything above pow_limit (including any overflow of
 *   256 bits) -> pow_limit. The header carries qtcl_target_encode(target).
 * The cubic approximates 2^x on [0, 1) to within 0.013 %; a whole halflife
 * late (or early) is exact: the target doubles (or halves). The product is
 * kept in 320 bits, so unlike Bitcoin Cash the anchor target may use all
 * 256 bits (regtest's limit is 2^255 - 1).
 *
 * Pure core: integers only, no PostgreSQL headers, no allocation, no global
 * state.
 */
#ifndef QTCL_CHAIN_ASERT_H
#define QTCL_CHAIN_ASERT_H

#include <stdint.h>

#include "chain/u256.h"

#define QTCL_ASERT_IDEAL_MS_DEFAULT		10000		/* 10 s blocks */
#define QTCL_ASERT_HALFLIFE_MS_DEFAULT	3600000		/* 1 hour = 360 blocks */
#define QTCL_ASERT_HALFLIFE_MS_MAX		((int64_t) 1 << 46)

/* Devnet sizing: one core hashing SHA3-256 with OpenSSL. */
#define QTCL_DEVNET_HASHRATE			1500000		/* hashes per second */

/* Compact constants (asserted in test_chain_asert.c against the functions). */
#define QTCL_REGTEST_POW_LIMIT_COMPACT	0x207fffffu	/* 2^255 - 2^232 */
#define QTCL_REGTEST_GENESIS_COMPACT	0x207fffffu
#define QTCL_DEVNET_POW_LIMIT_COMPACT	0x2000ffffu	/* 2^248 - 2^232 */
#define QTCL_DEVNET_GENESIS_COMPACT		0x1e011e54u	/* floor(2^256 / 1.5e7) - 1, truncated */

typedef struct qtcl_asert_params
{
	int64_t		ideal_ms;		/* target block time, >= 1 */
	int64_t		halflife_ms;	/* 1 .. QTCL_ASERT_HALFLIFE_MS_MAX */
	qtcl_u256	pow_limit;		/* easiest target, > 0 */
} qtcl_asert_params;

typedef enum qtcl_net
{
	QTCL_NET_REGTEST = 1,		/* trivial proof of work: pow limit 2^255 - 1 */
	QTCL_NET_DEVNET = 2			/* 10 s blocks for one core at 1.5 M hashes/s */
} qtcl_net;

typedef struct qtcl_net_params
{
	qtcl_net	net;
	const char *name;			/* static string: "regtest", "devnet" */
	qtcl_asert_params asert;
	uint32_t	genesis_compact;	/* target of the genesis block, the ASERT anchor */
	int64_t		max_future_ms;	/* timestamp limit beyond node time */
} qtcl_net_params;

enum
{
	QTCL_ASERT_OK = 0,
	QTCL_ASERT_ERR_PARAMS = 1,		/* ideal, halflife or pow limit out of range */
	QTCL_ASERT_ERR_ANCHOR,			/* anchor target zero or not a valid compact */
	QTCL_ASERT_ERR_HEIGHT,			/* parent below the anchor */
	QTCL_ASERT_ERR_RANGE,			/* a time or height difference overflows 64 bits */
	QTCL_ASERT_ERR_NET				/* unknown network */
};

const char *qtcl_asert_strerror(int code);

/*
 * Parameters of a network. regtest: ideal 10 s, halflife 1 h, pow limit
 * 2^255 - 1, genesis 0x207fffff. devnet: ideal 10 s, halflife 1 h, pow limit
 * 2^248 - 1, genesis = encode(qtcl_target_from_hashrate(1.5e6, 10000)).
 * Both: max future 15 s.
 */
int			qtcl_net_params_get(qtcl_net net, qtcl_net_params *out);

/*
 * The 65536 * 2^(frac / 65536) fixed-point factor for frac in 0..65535
 * (65536 .. 131071). Exposed for tests.
 */
uint32_t	qtcl_asert_factor(uint32_t frac);

/*
 * Core rule: target for the block after the parent, from the anchor target,
 * time_delta = parent_time - anchor_parent_time (ms, may be negative) and
 * height_delta = parent_height - anchor_height (>= 0). *exponent_out (may be
 * NULL) receives the 16.16 fixed-point exponent (saturated to +-2^36 when the
 * result is pinned at a bound anyway).
 */
int			qtcl_asert_target(const qtcl_asert_params *p, const qtcl_u256 *anchor_target,
							  int64_t time_delta_ms, int64_t height_delta,
							  qtcl_u256 *out, int64_t *exponent_out);

/*
 * Chain form: the compact target required of the block whose parent is at
 * (parent_height, parent_time_ms), with the anchor block (the genesis block)
 * at (anchor_height, anchor_time_ms) carrying anchor_compact. Validation
 * compares the header's target_compact with *out ("bad-diffbits").
 */
int			qtcl_asert_next_compact(const qtcl_asert_params *p, uint32_t anchor_compact,
									uint64_t anchor_height, int64_t anchor_time_ms,
									uint64_t parent_height, int64_t parent_time_ms,
									uint32_t *out);

#endif
