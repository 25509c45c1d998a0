/*
 * test_chain_target.c: compact targets (known values, refusals in each class,
 * canonical round trips, "largest representable <= x"), work for known
 * targets, the starting target from a hash rate, leading-zero display, and
 * the "Targets and work" examples of docs/PROTOCOL.block.md.
 */
#include <stdlib.h>

#include "chain/asert.h"
#include "chain/target.h"
#include "unit.h"

static uint64_t rng_state = 0x0123456789abcdefull;

static uint64_t
rnd64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static void
hex_u256(const char *hex, qtcl_u256 *out)	/* big-endian hex, up to 64 digits */
{
	uint8_t		be[32] = {0};
	size_t		n = strlen(hex),
				i;

	for (i = 0; i < n; i++)
	{
		char		c = hex[n - 1 - i];
		int			v = (c >= '0' && c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10;

		be[31 - i / 2] |= (uint8_t) (v << (4 * (i % 2)));
	}
	qtcl_u256_from_be(out, be);
}

static void
pow2(int k, qtcl_u256 *out)
{
	qtcl_u256	one;

	qtcl_u256_from_u64(&one, 1);
	qtcl_u256_shl(out, &one, k);
}

static void
pow2m1(int k, qtcl_u256 *out)	/* 2^k - 1, k in 1..256 */
{
	qtcl_u256	one;

	qtcl_u256_from_u64(&one, 1);
	if (k == 256)
		qtcl_u256_max(out);
	else
	{
		pow2(k, out);
		qtcl_u256_sub(out, out, &one);
	}
}

static void
known_compacts(void)
{
	static const struct
	{
		uint32_t	compact;
		const char *hex;
	}			ok[] = {
		{0x1d00ffffu, "ffff0000000000000000000000000000000000000000000000000000"},	/* Bitcoin genesis */
		{0x207fffffu, "7fffff0000000000000000000000000000000000000000000000000000000000"},
		{0x2000ffffu, "ffff0000000000000000000000000000000000000000000000000000000000"},
		{0x2100ffffu, "ffff000000000000000000000000000000000000000000000000000000000000"},
		{0x1e011e54u, "11e54000000000000000000000000000000000000000000000000000000"},
		{0x01010000u, "1"},
		{0x017f0000u, "7f"},
		{0x02008000u, "80"},
		{0x02010000u, "100"},
		{0x03123456u, "123456"},
		{0x04123456u, "12345600"},
		{0x20010000u, "1" "00000000000000000000000000000000000000000000000000000000000000"},
	};
	static const struct
	{
		uint32_t	compact;
		int			code;
		const char *why;
	}			bad[] = {
		{0x04923456u, QTCL_TARGET_ERR_NEGATIVE, "sign bit"},
		{0x01800000u, QTCL_TARGET_ERR_NEGATIVE, "sign bit, small exponent"},
		{0x00800000u, QTCL_TARGET_ERR_NEGATIVE, "sign bit, exponent 0"},
		{0x21010000u, QTCL_TARGET_ERR_OVERFLOW, "2^256 exactly"},
		{0x22010000u, QTCL_TARGET_ERR_OVERFLOW, "2^264"},
		{0xff123456u, QTCL_TARGET_ERR_OVERFLOW, "exponent 255"},
		{0x217fffffu, QTCL_TARGET_ERR_OVERFLOW, "0x7fffff * 2^240"},
		{0x00000000u, QTCL_TARGET_ERR_ZERO, "all zero"},
		{0x20000000u, QTCL_TARGET_ERR_ZERO, "zero mantissa"},
		{0x00123456u, QTCL_TARGET_ERR_ZERO, "exponent 0 shifts everything out"},
		{0x01003456u, QTCL_TARGET_ERR_ZERO, "exponent 1, value 0"},
		{0x04001234u, QTCL_TARGET_ERR_NONCANONICAL, "mantissa below 0x8000"},
		{0x05000080u, QTCL_TARGET_ERR_NONCANONICAL, "mantissa 0x80"},
		{0x03000080u, QTCL_TARGET_ERR_NONCANONICAL, "0x80 not as 0x02008000"},
		{0x02123456u, QTCL_TARGET_ERR_NONCANONICAL, "exponent 2 drops a non-zero byte"},
		{0x01120000u + 0x3400u, QTCL_TARGET_ERR_NONCANONICAL, "exponent 1 drops a non-zero byte"},
		{0x21000100u, QTCL_TARGET_ERR_NONCANONICAL, "2^248 with a 2-byte-short mantissa"},
	};
	size_t		i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
	{
		qtcl_u256	got,
					want;
		int			rc = qtcl_target_decode(ok[i].compact, &got);

		hex_u256(ok[i].hex, &want);
		CHECK(rc == QTCL_TARGET_OK && qtcl_u256_cmp(&got, &want) == 0,
			  "compact %08x decodes to 0x%s (rc %d)", ok[i].compact, ok[i].hex, rc);
		CHECK(qtcl_target_encode(&want) == ok[i].compact, "0x%s encodes to %08x (got %08x)",
			  ok[i].hex, ok[i].compact, qtcl_target_encode(&want));
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
	{
		qtcl_u256	got;
		int			rc = qtcl_target_decode(bad[i].compact, &got);

		CHECK(rc == bad[i].code && qtcl_u256_is_zero(&got), "compact %08x refused: %s (rc %d, want %d: %s)",
			  bad[i].compact, bad[i].why, rc, bad[i].code, qtcl_target_strerror(bad[i].code));
	}
	{
		qtcl_u256	z;

		qtcl_u256_zero(&z);
		CHECK(qtcl_target_encode(&z) == 0, "zero encodes as 0");
	}
}

/* For a compact of exponent E (>= 3), one unit of its mantissa is 256^(E-3). */
static void
compact_ulp(uint32_t compact, qtcl_u256 *ulp)
{
	int			e = (int) (compact >> 24);

	pow2(e >= 3 ? 8 * (e - 3) : 0, ulp);
}

static void
round_trips(void)
{
	int			n,
				bad_trip = 0,
				bad_largest = 0,
				bad_canon = 0,
				valid = 0;
	uint32_t	e,
				m;

	/* random x: decode(encode(x)) <= x, and x < decoded + ulp (nothing representable between) */
	for (n = 0; n < 5000; n++)
	{
		qtcl_u256	x,
					v,
					ulp,
					next;
		int			bits = 1 + (int) (rnd64() % 256),
					i;
		uint32_t	c;

		for (i = 0; i < 4; i++)
			x.w[i] = rnd64();
		qtcl_u256_shr(&x, &x, 256 - bits);
		if (qtcl_u256_is_zero(&x))
			continue;
		c = qtcl_target_encode(&x);
		if (qtcl_target_decode(c, &v) != QTCL_TARGET_OK || qtcl_target_encode(&v) != c)
		{
			bad_trip++;
			continue;
		}
		compact_ulp(c, &ulp);
		if (qtcl_u256_cmp(&v, &x) > 0 || (qtcl_u256_add(&next, &v, &ulp) == 0 && qtcl_u256_cmp(&next, &x) <= 0))
			bad_largest++;
		if (bits <= 16 && qtcl_u256_cmp(&v, &x) != 0)
			bad_largest++;	/* up to 2 bytes every value is exact */
	}
	CHECK(bad_trip == 0, "5000 random values: encode gives a compact that decodes and re-encodes (%d bad)",
		  bad_trip);
	CHECK(bad_largest == 0, "decode(encode(x)) is the largest compact value <= x (%d bad)", bad_largest);

	/*
	 * Every exponent 0..40 with sampled mantissas: decoding succeeds exactly
	 * for the canonical set 0x008000 <= M <= 0x7fffff (no bytes lost for E < 3,
	 * value <= 2^256 - 1), and then re-encodes to the same compact.
	 */
	for (e = 0; e <= 40; e++)
		for (m = 0; m < 0x1000000; m += (m < 0x10100 ? 1 : 0x3f1))
		{
			uint32_t	c = (e << 24) | m;
			qtcl_u256	v;
			int			rc = qtcl_target_decode(c, &v);
			int			lost = e < 3 && (m & ((1u << (8 * (3 - e))) - 1)) != 0;
			int			bits = 0;
			int			expect;

			for (uint32_t t = m; t; t >>= 1)
				bits++;
			if (m & 0x800000)
				expect = QTCL_TARGET_ERR_NEGATIVE;
			else if (e > 3 && m != 0 && bits + 8 * ((int) e - 3) > 256)
				expect = QTCL_TARGET_ERR_OVERFLOW;
			else if (m == 0 || (e < 3 && (m >> (8 * (3 - e))) == 0))
				expect = QTCL_TARGET_ERR_ZERO;
			else if (m < 0x8000 || lost)
				expect = QTCL_TARGET_ERR_NONCANONICAL;
			else
				expect = QTCL_TARGET_OK;
			if (rc != expect || (rc == QTCL_TARGET_OK && qtcl_target_encode(&v) != c))
			{
				if (bad_canon++ < 5)
					printf("# compact %08x: rc %d, expected %d\n", c, rc, expect);
			}
			if (rc == QTCL_TARGET_OK)
				valid++;
		}
	CHECK(bad_canon == 0 && valid > 0,
		  "exponents 0..40: decode accepts exactly the canonical mantissas 0x8000..0x7fffff (%d bad, %d valid)",
		  bad_canon, valid);
}

static void
work_cases(void)
{
	qtcl_u256	t,
				w,
				want;
	int			k,
				bad = 0,
				n;

	pow2m1(255, &t);
	CHECK(qtcl_target_work(&t, &w) == QTCL_TARGET_OK && w.w[0] == 2 && qtcl_u256_fits_u64(&w),
		  "work(2^255 - 1) = 2");
	qtcl_u256_max(&t);
	CHECK(qtcl_target_work(&t, &w) == QTCL_TARGET_OK && w.w[0] == 1 && qtcl_u256_fits_u64(&w),
		  "work(2^256 - 1) = 1");
	qtcl_u256_zero(&t);
	CHECK(qtcl_target_work(&t, &w) == QTCL_TARGET_ERR_ZERO && qtcl_u256_is_zero(&w), "work(0) refused");
	qtcl_u256_from_u64(&t, 1);
	pow2(255, &want);
	CHECK(qtcl_target_work(&t, &w) == QTCL_TARGET_OK && qtcl_u256_cmp(&w, &want) == 0, "work(1) = 2^255");
	/* 2^k - 1 -> 2^(256-k) exactly */
	for (k = 1; k <= 256; k++)
	{
		pow2m1(k, &t);
		if (k == 256)
			qtcl_u256_from_u64(&want, 1);
		else
			pow2(256 - k, &want);
		if (qtcl_target_work(&t, &w) != QTCL_TARGET_OK || qtcl_u256_cmp(&w, &want) != 0)
			bad++;
	}
	CHECK(bad == 0, "work(2^k - 1) = 2^(256-k) for k = 1..256 (%d bad)", bad);
	/* random targets: w (t + 1) <= 2^256 < (w + 1)(t + 1), checked as w = floor(max / (t+1)) + [..] */
	bad = 0;
	for (n = 0; n < 500; n++)
	{
		qtcl_u256	d,
					one,
					max,
					q,
					r,
					dm1;
		int			i;

		for (i = 0; i < 4; i++)
			t.w[i] = rnd64();
		qtcl_u256_shr(&t, &t, (int) (rnd64() % 256));
		if (qtcl_u256_is_zero(&t))
			continue;
		qtcl_u256_from_u64(&one, 1);
		qtcl_u256_max(&max);
		if (qtcl_u256_add(&d, &t, &one))
			continue;
		/* floor(2^256 / d) = floor((2^256 - 1) / d) + [(2^256 - 1) mod d == d - 1] */
		qtcl_u256_divmod(&q, &r, &max, &d);
		qtcl_u256_sub(&dm1, &d, &one);
		if (qtcl_u256_cmp(&r, &dm1) == 0)
			qtcl_u256_add(&q, &q, &one);
		if (qtcl_target_work(&t, &w) != QTCL_TARGET_OK || qtcl_u256_cmp(&w, &q) != 0)
			bad++;
	}
	CHECK(bad == 0, "work of 500 random targets = floor(2^256 / (t + 1)) by a second route (%d bad)", bad);

	CHECK(qtcl_target_work_compact(0x1d00ffffu, &w) == QTCL_TARGET_OK && w.w[0] == 0x100010001ull &&
		  qtcl_u256_fits_u64(&w), "work of Bitcoin's genesis nBits 0x1d00ffff = 0x100010001");
	CHECK(qtcl_target_work_compact(0x04923456u, &w) == QTCL_TARGET_ERR_NEGATIVE, "work of a bad compact refused");
}

static void
start_target(void)
{
	qtcl_u256	t,
				w,
				want,
				max;

	/* devnet: 1.5 M hashes/s, 10 s -> H = 15,000,000 */
	CHECK(qtcl_target_from_hashrate(1500000, 10000, &t) == QTCL_TARGET_OK, "from_hashrate(1.5e6, 10 s) runs");
	hex_u256("11e54c672874dae505198c09d5b36cf10bb80bbc3d7a25a7a10aeeb820a", &want);
	CHECK(qtcl_u256_cmp(&t, &want) == 0, "starting target = floor(2^256 / 15e6) - 1");
	CHECK(qtcl_target_work(&t, &w) == QTCL_TARGET_OK && qtcl_u256_fits_u64(&w) && w.w[0] == 15000000,
		  "work(starting target) = 15,000,000 exactly");
	CHECK(qtcl_target_encode(&t) == QTCL_DEVNET_GENESIS_COMPACT, "its compact form is 0x1e011e54");
	CHECK(qtcl_target_work_compact(QTCL_DEVNET_GENESIS_COMPACT, &w) == QTCL_TARGET_OK && w.w[0] == 15000158,
		  "work of 0x1e011e54 = 15,000,158 (the compact truncation makes it 0.001 %% harder)");

	CHECK(qtcl_target_from_hashrate(1024, 1000, &t) == QTCL_TARGET_OK, "power of two rate runs");
	pow2m1(246, &want);
	CHECK(qtcl_u256_cmp(&t, &want) == 0, "H = 1024 -> target 2^246 - 1");
	qtcl_u256_max(&max);
	CHECK(qtcl_target_from_hashrate(1, 1000, &t) == QTCL_TARGET_OK && qtcl_u256_cmp(&t, &max) == 0,
		  "H = 1 -> 2^256 - 1");
	CHECK(qtcl_target_from_hashrate(1, 999, &t) == QTCL_TARGET_OK && qtcl_u256_cmp(&t, &max) == 0,
		  "H = 0 (rounded down) -> 2^256 - 1");
	CHECK(qtcl_target_from_hashrate(0, 10000, &t) == QTCL_TARGET_ERR_ARGUMENT, "zero hash rate refused");
	CHECK(qtcl_target_from_hashrate(1000, 0, &t) == QTCL_TARGET_ERR_ARGUMENT, "zero block time refused");
	CHECK(qtcl_target_from_hashrate(UINT64_MAX, UINT64_MAX, &t) == QTCL_TARGET_OK &&
		  qtcl_target_work(&t, &w) == QTCL_TARGET_OK && qtcl_u256_bits(&w) == 119,
		  "largest inputs: no overflow (work ~ 2^118.03, 119 bits)");
	{
		/* several rates: work(target) == H exactly (H < 2^128) */
		static const uint64_t rates[] = {2, 3, 7, 1000, 1500000, 1660000, 123456789, 1ull << 40};
		size_t		i;
		int			bad = 0;

		for (i = 0; i < sizeof rates / sizeof rates[0]; i++)
		{
			uint64_t	h = rates[i] * 10;	/* 10 s */

			qtcl_target_from_hashrate(rates[i], 10000, &t);
			qtcl_target_work(&t, &w);
			if (!qtcl_u256_fits_u64(&w) || w.w[0] != h)
				bad++;
		}
		CHECK(bad == 0, "work(from_hashrate(r, 10 s)) = 10 r exactly for 8 rates (%d bad)", bad);
	}
}

static void
leading_zeros(void)
{
	uint8_t		h[32];
	int			i,
				bad = 0;
	qtcl_u256	v,
				t;

	memset(h, 0, 32);
	CHECK(qtcl_hash_leading_zero_bits(h) == 256, "zero hash: 256 leading zero bits");
	h[0] = 0x80;
	CHECK(qtcl_hash_leading_zero_bits(h) == 0, "0x80...: 0");
	h[0] = 0x00;
	h[1] = 0x01;
	CHECK(qtcl_hash_leading_zero_bits(h) == 15, "0x0001...: 15");
	h[1] = 0x00;
	h[31] = 0x01;
	CHECK(qtcl_hash_leading_zero_bits(h) == 255, "0x00..01: 255");
	for (i = 0; i < 2000; i++)
	{
		int			k;

		for (k = 0; k < 32; k++)
			h[k] = (uint8_t) rnd64();
		for (k = 0; k < (int) (rnd64() % 33); k++)
			h[k] = 0;
		qtcl_u256_from_be(&v, h);
		if (qtcl_hash_leading_zero_bits(h) != qtcl_u256_clz(&v))
			bad++;
	}
	CHECK(bad == 0, "leading zero bits agree with the integer's clz on 2000 hashes (%d bad)", bad);
	/* hash <= target: equality wins, one above loses */
	qtcl_u256_from_be(&t, h);
	CHECK(qtcl_hash_meets_target(h, &t), "hash equal to the target meets it");
	{
		qtcl_u256	one;

		qtcl_u256_from_u64(&one, 1);
		if (!qtcl_u256_is_zero(&t))
		{
			qtcl_u256_sub(&t, &t, &one);
			CHECK(!qtcl_hash_meets_target(h, &t), "hash one above the target does not");
		}
	}
}

/* docs/PROTOCOL.block.md, "Targets and work": the table of examples. */
static void
doc_examples(void)
{
	static const struct
	{
		uint32_t	compact;
		const char *target;
		const char *work;
	}			ex[] = {
		{0x207fffffu, "7fffff0000000000000000000000000000000000000000000000000000000000", "2"},
		{0x2000ffffu, "ffff0000000000000000000000000000000000000000000000000000000000", "100"},
		{0x1e011e54u, "11e54000000000000000000000000000000000000000000000000000000", "e4e25e"},
		{0x1d00ffffu, "ffff0000000000000000000000000000000000000000000000000000", "100010001"},
		{0x2100ffffu, "ffff000000000000000000000000000000000000000000000000000000000000", "1"},
		{0x01010000u, "1", "8000000000000000000000000000000000000000000000000000000000000000"},
	};
	size_t		i;

	for (i = 0; i < sizeof ex / sizeof ex[0]; i++)
	{
		qtcl_u256	t,
					w,
					wt,
					ww;

		hex_u256(ex[i].target, &wt);
		hex_u256(ex[i].work, &ww);
		CHECK(qtcl_target_decode(ex[i].compact, &t) == QTCL_TARGET_OK && qtcl_u256_cmp(&t, &wt) == 0 &&
			  qtcl_target_work(&t, &w) == QTCL_TARGET_OK && qtcl_u256_cmp(&w, &ww) == 0,
			  "PROTOCOL.block.md example: %08x -> work 0x%s", ex[i].compact, ex[i].work);
	}
}

int
main(void)
{
	known_compacts();
	round_trips();
	work_cases();
	start_target();
	leading_zeros();
	doc_examples();
	return unit_done();
}
