/*
 * test_entropy_combine.c: XOR of equal-length blocks and the SHAKE256
 * conditioning of src/entropy/combine.c: known answers computed here
 * independently (byte-wise XOR and the documented input layout hashed with
 * qtcl_hash), determinism, sensitivity to every input, and refusals (no os
 * block, repeated source, stretching).
 */
#include "crypto/sha3.h"
#include "entropy/combine.h"
#include "entropy/sources.h"
#include "unit.h"

static void
fill(uint8_t *b, size_t n, uint8_t seed)
{
	qtcl_shake128(&seed, 1, b, n);
}

/* The conditioning of combine.h, recomputed from its description. */
static void
reference(const uint8_t *x, size_t len, unsigned k, uint8_t *out, size_t outlen)
{
	qtcl_hash	h;
	uint8_t		hdr[5] = {(uint8_t) k, (uint8_t) (len >> 24), (uint8_t) (len >> 16),
	(uint8_t) (len >> 8), (uint8_t) len};

	qtcl_hash_init(&h, QTCL_SHAKE256);
	qtcl_hash_update(&h, "qtcl-entropy-v1", 15);
	qtcl_hash_update(&h, hdr, 5);
	qtcl_hash_update(&h, x, len);
	qtcl_hash_final(&h, out, outlen);
}

static void
xor_and_condition(void)
{
	enum
	{
		LEN = 700				/* not a multiple of the 256-byte streaming chunk */
	};
	static uint8_t a[LEN],
				b[LEN],
				c[LEN],
				x[LEN],
				want_x[LEN];
	uint8_t		got[64],
				want[64],
				again[64];
	const uint8_t *blocks[3] = {a, b, c};
	size_t		i;

	fill(a, LEN, 1);
	fill(b, LEN, 2);
	fill(c, LEN, 3);
	for (i = 0; i < LEN; i++)
		want_x[i] = a[i] ^ b[i] ^ c[i];
	CHECK(qtcl_entropy_xor(x, blocks, 3, LEN) == QTCL_COMBINE_OK, "xor of 3 blocks");
	CHECK_BYTES(x, LEN, want_x, LEN, "xor equals the byte-wise XOR");
	CHECK(qtcl_entropy_xor(x, blocks, 1, LEN) == 0 && memcmp(x, a, LEN) == 0, "xor of one block is the block");

	reference(want_x, LEN, 3, want, sizeof(want));
	CHECK(qtcl_entropy_condition(blocks, 3, LEN, got, sizeof(got)) == QTCL_COMBINE_OK, "conditioning runs");
	CHECK_BYTES(got, sizeof(got), want, sizeof(want), "known answer: SHAKE256(label || k || len || xor)");
	CHECK(qtcl_entropy_condition(blocks, 3, LEN, again, sizeof(again)) == 0 && memcmp(got, again, 64) == 0,
		  "deterministic");

	/* the order of blocks does not matter (XOR commutes) */
	{
		const uint8_t *perm[3] = {c, a, b};

		CHECK(qtcl_entropy_condition(perm, 3, LEN, again, sizeof(again)) == 0 && memcmp(got, again, 64) == 0,
			  "block order does not matter");
	}
	/* but the count does: a zero block changes k, not the XOR */
	{
		static uint8_t z[LEN];
		const uint8_t *four[4] = {a, b, c, z};

		CHECK(qtcl_entropy_condition(four, 4, LEN, again, sizeof(again)) == 0 && memcmp(got, again, 64) != 0,
			  "the number of blocks is bound into the output");
		reference(want_x, LEN, 4, want, sizeof(want));
		CHECK_BYTES(again, 64, want, 64, "known answer with k = 4");
	}
	/* every byte matters */
	c[LEN - 1] ^= 1;
	CHECK(qtcl_entropy_condition(blocks, 3, LEN, again, sizeof(again)) == 0 && memcmp(got, again, 64) != 0,
		  "a flipped last bit changes the output");
	c[LEN - 1] ^= 1;
	/* the length is bound: a prefix is not a prefix of the output */
	reference(want_x, LEN - 1, 3, want, sizeof(want));
	CHECK(qtcl_entropy_condition(blocks, 3, LEN - 1, again, sizeof(again)) == 0 &&
		  memcmp(again, want, 64) == 0 && memcmp(got, again, 64) != 0, "length bound into the output");
	/* outlen: a prefix of the same XOF stream */
	CHECK(qtcl_entropy_condition(blocks, 3, LEN, again, 16) == 0 && memcmp(got, again, 16) == 0,
		  "shorter output is a prefix");

	/* fixed vector: all-zero and all-0xff blocks of 32 bytes, k = 2 */
	{
		uint8_t		z[32],
					f[32],
					ones[32];
		const uint8_t *zf[2] = {z, f};

		memset(z, 0, 32);
		memset(f, 0xff, 32);
		memset(ones, 0xff, 32);
		reference(ones, 32, 2, want, 32);
		CHECK(qtcl_entropy_condition(zf, 2, 32, got, 32) == 0, "32-byte conditioning");
		CHECK_BYTES(got, 32, want, 32, "known answer for 0x00.. xor 0xff..");
	}

	/* refusals */
	{
		static uint8_t big[LEN + 1];

		CHECK(qtcl_entropy_condition(blocks, 3, 16, big, 17) == QTCL_COMBINE_ERR_STRETCH,
			  "output longer than the blocks refused");
		CHECK(qtcl_entropy_condition(blocks, 3, 16, big, 16) == QTCL_COMBINE_OK, "output as long as the blocks allowed");
	}
	CHECK(qtcl_entropy_condition(blocks, 0, LEN, got, 32) == QTCL_COMBINE_ERR_ARG &&
		  qtcl_entropy_condition(blocks, 3, 0, got, 0) == QTCL_COMBINE_ERR_ARG &&
		  qtcl_entropy_condition(NULL, 3, LEN, got, 32) == QTCL_COMBINE_ERR_ARG &&
		  qtcl_entropy_condition(blocks, 3, LEN, NULL, 32) == QTCL_COMBINE_ERR_ARG &&
		  qtcl_entropy_xor(NULL, blocks, 3, LEN) == QTCL_COMBINE_ERR_ARG, "bad arguments refused");
	{
		const uint8_t *withnull[2] = {a, NULL};

		CHECK(qtcl_entropy_xor(x, withnull, 2, LEN) == QTCL_COMBINE_ERR_ARG, "NULL block refused");
	}
}

static void
mix(void)
{
	uint8_t		os[64],
				anu[64],
				qb[64],
				x[64],
				want[32],
				got[32];
	qtcl_entropy_block bl[5];
	qtcl_entropy_draw_info info;
	size_t		i;

	fill(os, 64, 10);
	fill(anu, 64, 11);
	fill(qb, 64, 12);
	bl[0].source = QTCL_SRC_OS;
	bl[0].data = os;
	bl[1].source = QTCL_SRC_ANU;
	bl[1].data = anu;
	bl[2].source = QTCL_SRC_QBCK;
	bl[2].data = qb;
	for (i = 0; i < 64; i++)
		x[i] = os[i] ^ anu[i] ^ qb[i];
	reference(x, 64, 3, want, 32);
	CHECK(qtcl_entropy_mix(bl, 3, 64, got, 32, &info) == QTCL_COMBINE_OK, "mix of os, anu, qbck");
	CHECK_BYTES(got, 32, want, 32, "mix known answer");
	CHECK(info.n_blocks == 3 && info.n_remote == 2 && info.block_len == 64 &&
		  info.source_mask == ((1u << QTCL_SRC_OS) | (1u << QTCL_SRC_ANU) | (1u << QTCL_SRC_QBCK)),
		  "draw records 3 blocks, 2 remote, and the source mask");

	CHECK(qtcl_entropy_mix(bl, 1, 64, got, 32, &info) == QTCL_COMBINE_OK && info.n_remote == 0 &&
		  info.n_blocks == 1, "os alone: 0 remote sources recorded");
	CHECK(qtcl_entropy_mix(bl + 1, 2, 64, got, 32, &info) == QTCL_COMBINE_ERR_NO_OS, "draw without os refused");
	bl[2].source = QTCL_SRC_ANU;
	CHECK(qtcl_entropy_mix(bl, 3, 64, got, 32, &info) == QTCL_COMBINE_ERR_DUP, "same source twice refused");
	bl[2].source = 17;
	CHECK(qtcl_entropy_mix(bl, 3, 64, got, 32, &info) == QTCL_COMBINE_ERR_DUP, "unknown source refused");
	bl[2].source = QTCL_SRC_QBCK;
	CHECK(qtcl_entropy_mix(bl, 3, 64, got, 32, NULL) == QTCL_COMBINE_OK, "info is optional");
	CHECK(qtcl_entropy_mix(bl, 6, 64, got, 32, &info) == QTCL_COMBINE_ERR_DUP, "more blocks than sources refused");
	CHECK(strcmp(qtcl_combine_strerror(QTCL_COMBINE_ERR_NO_OS), "no os block in the draw") == 0, "messages");
}

int
main(void)
{
	xor_and_condition();
	mix();
	return unit_done();
}
