/*
 * test_chain_merkle.c: the transaction merkle tree against two references
 * written here independently of merkle.c:
 *  - ref_levels: the rule as specified, level by level (pair, promote an odd
 *    last node), with heap arrays;
 *  - ref_recursive: the RFC 6962-style recursion (left = first 2^k leaves,
 *    2^k the largest power of two below n).
 * Roots for 0..17 leaves (and some larger counts), proofs for every leaf of
 * every count, refusal of tampered proofs, the CVE-2012-2459 mutation
 * (duplicating the last tx changes the root), domain separation, and the
 * known answers of docs/PROTOCOL.tx.md.
 */
#include <stdlib.h>

#include "chain/merkle.h"
#include "crypto/sha3.h"
#include "unit.h"

#define HB 32

/* Known answers: tx hashes of the vector transactions (nonces 0, 1, 2; see test_chain_tx.c). */
#define KAT_TXHASH0		"0636f24cb4a9e26c2c650cf10a3f911c97f3bb8ce78929f41fc371a588566577"
#define KAT_TXHASH1		"d2d9843793f68d2fc7751883ebdaac3706f487c844788a43f674e3e0b6baf0dd"
#define KAT_TXHASH2		"bb61335a4561077891f949cf352b236a0aeeac8300f4666f138831e74d8c8ca6"
#define KAT_ROOT1		"2ade4947d6a25fc2b536b4470071377cff8ab753cad56d3afac376a5d6dcfde6"
#define KAT_ROOT2		"d300189dbc87bd3901bb9f34cb5f9c4da80a643e8ad3e213dc9cbc113f5f9567"
#define KAT_ROOT3		"e8d1d12dd9dfba02858a132a38a117b0492f7b19d3cb6e22bd1cab7e3f03e4bf"

static void
hex2bin(const char *hex, uint8_t *out, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		unsigned	v = 0;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t) v;
	}
}

static void
print_hex(const char *label, const uint8_t *p, size_t n)
{
	size_t		i;

	printf("# %s = ", label);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static void
ref_leaf(const uint8_t *t, uint8_t *out)
{
	uint8_t		b[33];

	b[0] = 0;
	memcpy(b + 1, t, 32);
	qtcl_sha3_256(b, 33, out);
}

static void
ref_node(const uint8_t *l, const uint8_t *r, uint8_t *out)
{
	uint8_t		b[65];

	b[0] = 1;
	memcpy(b + 1, l, 32);
	memcpy(b + 33, r, 32);
	qtcl_sha3_256(b, 65, out);
}

/* The specification, literally. */
static void
ref_levels(uint8_t (*t)[HB], size_t n, uint8_t *root)
{
	uint8_t		(*lvl)[HB];
	size_t		i,
				m;

	if (n == 0)
	{
		memset(root, 0, HB);
		return;
	}
	lvl = malloc(n * HB);
	for (i = 0; i < n; i++)
		ref_leaf(t[i], lvl[i]);
	for (m = n; m > 1; m = (m + 1) / 2)
	{
		for (i = 0; i + 1 < m; i += 2)
			ref_node(lvl[i], lvl[i + 1], lvl[i / 2]);
		if (m % 2)
			memcpy(lvl[m / 2], lvl[m - 1], HB);	/* promoted unchanged */
	}
	memcpy(root, lvl[0], HB);
	free(lvl);
}

static void
ref_recursive(uint8_t (*t)[HB], size_t n, uint8_t *out)
{
	size_t		k = 1;
	uint8_t		l[HB],
				r[HB];

	if (n == 0)
	{
		memset(out, 0, HB);
		return;
	}
	if (n == 1)
	{
		ref_leaf(t[0], out);
		return;
	}
	while (k * 2 < n)
		k *= 2;
	ref_recursive(t, k, l);
	ref_recursive(t + k, n - k, r);
	ref_node(l, r, out);
}

static void
make_hashes(uint8_t (*t)[HB], size_t n, uint32_t salt)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		uint8_t		seed[8];

		seed[0] = (uint8_t) (i >> 24);
		seed[1] = (uint8_t) (i >> 16);
		seed[2] = (uint8_t) (i >> 8);
		seed[3] = (uint8_t) i;
		seed[4] = (uint8_t) (salt >> 24);
		seed[5] = (uint8_t) (salt >> 16);
		seed[6] = (uint8_t) (salt >> 8);
		seed[7] = (uint8_t) salt;
		qtcl_sha3_256(seed, 8, t[i]);
	}
}

static void
roots(void)
{
	static const size_t extra[] = {31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 255, 1000};
	uint8_t		t[1000][HB];
	uint8_t		got[HB],
				a[HB],
				b[HB];
	size_t		n,
				e;
	int			ok_levels = 1,
				ok_rec = 1;

	make_hashes(t, 1000, 1);
	for (n = 0; n <= 17; n++)
	{
		CHECK(qtcl_merkle_root(t, n, got) == QTCL_MERKLE_OK, "root of %zu computes", n);
		ref_levels(t, n, a);
		ref_recursive(t, n, b);
		CHECK_BYTES(a, HB, b, HB, "references agree for %zu leaves", n);
		CHECK_BYTES(got, HB, a, HB, "root of %zu leaves == level-by-level reference", n);
	}
	for (e = 0; e < sizeof extra / sizeof extra[0]; e++)
	{
		n = extra[e];
		qtcl_merkle_root(t, n, got);
		ref_levels(t, n, a);
		ref_recursive(t, n, b);
		ok_levels &= memcmp(got, a, HB) == 0;
		ok_rec &= memcmp(got, b, HB) == 0;
	}
	CHECK(ok_levels && ok_rec, "roots for 31..1000 leaves match both references");

	{
		uint8_t		zero[HB] = {0};

		CHECK(qtcl_merkle_root(NULL, 0, got) == QTCL_MERKLE_OK, "root of nothing with NULL list");
		CHECK_BYTES(got, HB, zero, HB, "root of 0 transactions = 32 zero bytes");
	}
	ref_leaf(t[0], a);
	qtcl_merkle_root(t, 1, got);
	CHECK_BYTES(got, HB, a, HB, "root of 1 = SHA3-256(0x00 || tx hash)");
	CHECK(memcmp(got, t[0], HB) != 0, "root of 1 is not the tx hash itself");
	{
		uint8_t		l0[HB],
					l1[HB],
					l2[HB],
					n01[HB],
					want[HB];

		ref_leaf(t[0], l0);
		ref_leaf(t[1], l1);
		ref_leaf(t[2], l2);
		ref_node(l0, l1, n01);
		qtcl_merkle_root(t, 2, got);
		CHECK_BYTES(got, HB, n01, HB, "root of 2 = node(leaf 0, leaf 1)");
		ref_node(n01, l2, want);
		qtcl_merkle_root(t, 3, got);
		CHECK_BYTES(got, HB, want, HB, "root of 3 = node(node(l0, l1), l2): l2 promoted");
		qtcl_merkle_node(l0, l1, got);
		CHECK_BYTES(got, HB, n01, HB, "qtcl_merkle_node");
		qtcl_merkle_leaf(t[0], got);
		CHECK_BYTES(got, HB, l0, HB, "qtcl_merkle_leaf");
	}
	CHECK(qtcl_merkle_root(NULL, 3, got) == QTCL_MERKLE_ERR_ARGUMENT, "NULL list with n > 0 refused");
	CHECK(qtcl_merkle_root(t, 3, NULL) == QTCL_MERKLE_ERR_ARGUMENT, "NULL root refused");
}

static void
mutation(void)
{
	uint8_t		t[20][HB],
				a[HB],
				b[HB];
	size_t		n;
	int			differ = 1,
				swapped = 1;

	make_hashes(t, 20, 2);
	for (n = 1; n <= 17; n++)
	{
		qtcl_merkle_root(t, n, a);
		memcpy(t[n], t[n - 1], HB);	/* duplicate the last tx */
		qtcl_merkle_root(t, n + 1, b);
		if (memcmp(a, b, HB) == 0)
			differ = 0;
		make_hashes(t, 20, 2);
	}
	CHECK(differ, "duplicating the last tx changes the root for 1..17 txs (no CVE-2012-2459)");
	/* The Bitcoin construction would collide: [a,b,c] and [a,b,c,c]; here they differ. */
	qtcl_merkle_root(t, 3, a);
	memcpy(t[3], t[2], HB);
	qtcl_merkle_root(t, 4, b);
	CHECK(memcmp(a, b, HB) != 0, "[a,b,c] and [a,b,c,c] have different roots");
	make_hashes(t, 20, 2);
	for (n = 2; n <= 17; n++)
	{
		uint8_t		tmp[HB];

		qtcl_merkle_root(t, n, a);
		memcpy(tmp, t[0], HB);
		memcpy(t[0], t[n - 1], HB);
		memcpy(t[n - 1], tmp, HB);
		qtcl_merkle_root(t, n, b);
		if (memcmp(a, b, HB) == 0)
			swapped = 0;
		make_hashes(t, 20, 2);
	}
	CHECK(swapped, "order matters: swapping the first and last tx changes the root");
	/* Domain separation: a 2-leaf root is not the leaf of the concatenation. */
	{
		uint8_t		inner[HB],
					l0[HB],
					l1[HB],
					pair[1 + 2 * HB];

		qtcl_merkle_leaf(t[0], l0);
		qtcl_merkle_leaf(t[1], l1);
		pair[0] = 0;
		memcpy(pair + 1, l0, HB);
		memcpy(pair + 1 + HB, l1, HB);
		qtcl_sha3_256(pair, sizeof pair, inner);
		qtcl_merkle_root(t, 2, a);
		CHECK(memcmp(a, inner, HB) != 0, "node prefix differs from leaf prefix");
	}
}

static void
proofs(void)
{
	uint8_t		t[70][HB],
				root[HB],
				path[QTCL_MERKLE_MAX_DEPTH][HB];
	size_t		n,
				i,
				len;
	int			all_ok = 1,
				len_ok = 1,
				tamper_ok = 1,
				wrong_index_ok = 1,
				wrong_len_ok = 1,
				count = 0;

	make_hashes(t, 70, 3);
	for (n = 1; n <= 70; n++)
	{
		qtcl_merkle_root(t, n, root);
		for (i = 0; i < n; i++)
		{
			size_t		j,
						expect_len = 0,
						idx = i,
						sz = n;

			/* Expected length: one sibling per level where the node is not the odd last one. */
			for (; sz > 1; idx /= 2, sz = (sz + 1) / 2)
				if (idx % 2 == 1 || idx + 1 < sz)
					expect_len++;
			if (qtcl_merkle_proof(t, n, i, path, QTCL_MERKLE_MAX_DEPTH, &len) != QTCL_MERKLE_OK ||
				qtcl_merkle_verify(t[i], i, n, path, len, root) != QTCL_MERKLE_OK)
				all_ok = 0;
			if (len != expect_len || len != qtcl_merkle_proof_length(i, n))
				len_ok = 0;
			count++;
			/* Each path element tampered: refused. */
			for (j = 0; j < len; j++)
			{
				path[j][j % HB] ^= 0x10;
				if (qtcl_merkle_verify(t[i], i, n, path, len, root) != QTCL_MERKLE_ERR_PROOF)
					tamper_ok = 0;
				path[j][j % HB] ^= 0x10;
			}
			/* Wrong leaf. */
			if (n > 1 && qtcl_merkle_verify(t[(i + 1) % n], i, n, path, len, root) != QTCL_MERKLE_ERR_PROOF)
				tamper_ok = 0;
			/* Right leaf, claimed at another index, or another tree size. */
			for (j = 0; j < n; j++)
				if (j != i && qtcl_merkle_verify(t[i], j, n, path, len, root) == QTCL_MERKLE_OK)
					wrong_index_ok = 0;
			if (len > 0 && qtcl_merkle_verify(t[i], i, n, path, len - 1, root) == QTCL_MERKLE_OK)
				wrong_len_ok = 0;
			if (len < QTCL_MERKLE_MAX_DEPTH && qtcl_merkle_verify(t[i], i, n, path, len + 1, root) == QTCL_MERKLE_OK)
				wrong_len_ok = 0;
		}
	}
	CHECK(all_ok, "proofs for every leaf of trees with 1..70 leaves verify (%d proofs)", count);
	CHECK(len_ok, "proof lengths skip the promoted levels");
	CHECK(tamper_ok, "a changed path hash or leaf is refused");
	CHECK(wrong_index_ok, "a proof does not verify at another index");
	CHECK(wrong_len_ok, "a path one hash too short or too long is refused");

	qtcl_merkle_root(t, 1, root);
	CHECK(qtcl_merkle_proof(t, 1, 0, path, 0, &len) == QTCL_MERKLE_OK && len == 0, "1 leaf: empty proof");
	CHECK(qtcl_merkle_verify(t[0], 0, 1, NULL, 0, root) == QTCL_MERKLE_OK, "1 leaf: verifies against the leaf hash root");
	CHECK(qtcl_merkle_proof(t, 5, 5, path, 64, &len) == QTCL_MERKLE_ERR_ARGUMENT, "index = n refused");
	CHECK(qtcl_merkle_proof(t, 0, 0, path, 64, &len) == QTCL_MERKLE_ERR_ARGUMENT, "empty tree has no proof");
	CHECK(qtcl_merkle_proof(t, 8, 0, path, 2, &len) == QTCL_MERKLE_ERR_ARGUMENT, "path buffer too small refused");
	CHECK(qtcl_merkle_verify(t[0], 3, 3, path, 0, root) == QTCL_MERKLE_ERR_ARGUMENT, "verify index >= n refused");
	CHECK(qtcl_merkle_proof_length(4, 5) == 1 && qtcl_merkle_proof_length(0, 5) == 3 &&
		  qtcl_merkle_proof_length(0, 1) == 0 && qtcl_merkle_proof_length(7, 3) == 0, "proof lengths for 5 leaves");
	/* Large n without leaves (length only): 2^63 + 1 leaves, last index: one sibling at the top. */
	CHECK(qtcl_merkle_proof_length((size_t) 1 << 63, ((size_t) 1 << 63) + 1) == 1, "length for leaf 2^63 of 2^63+1");
	CHECK(qtcl_merkle_proof_length(0, SIZE_MAX) == 64, "length 64 for leaf 0 of SIZE_MAX");

	CHECK(strcmp(qtcl_merkle_strerror(QTCL_MERKLE_ERR_PROOF), qtcl_merkle_strerror(QTCL_MERKLE_ERR_ARGUMENT)) != 0 &&
		  strstr(qtcl_merkle_strerror(77), "unknown") != NULL, "merkle messages");
}

static void
known_answers(void)
{
	uint8_t		t[3][HB],
				root[HB],
				want[HB];
	const char *kat[3] = {KAT_ROOT1, KAT_ROOT2, KAT_ROOT3};
	size_t		n;

	hex2bin(KAT_TXHASH0, t[0], HB);
	hex2bin(KAT_TXHASH1, t[1], HB);
	hex2bin(KAT_TXHASH2, t[2], HB);
	for (n = 1; n <= 3; n++)
	{
		char		label[32];

		qtcl_merkle_root(t, n, root);
		snprintf(label, sizeof label, "merkle root of %zu", n);
		print_hex(label, root, HB);
		hex2bin(kat[n - 1], want, HB);
		CHECK_BYTES(root, HB, want, HB, "KAT: merkle root of the first %zu vector transactions", n);
	}
}

int
main(void)
{
	roots();
	mutation();
	proofs();
	known_answers();
	return unit_done();
}
