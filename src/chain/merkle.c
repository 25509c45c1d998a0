/*
 * merkle.c: transaction merkle root and proofs (see merkle.h).
 *
 * The root is computed in one pass over the leaves with a stack of perfect
 * subtree roots (sizes strictly decreasing powers of two, like the bits of a
 * binary counter): each new leaf is pushed, and equal-height neighbours are
 * merged. At the end the remaining subtrees are folded from the right,
 * root = node(s_0, node(s_1, ... node(s_(m-2), s_(m-1)))), which is exactly
 * the "promote the odd node" level-by-level tree. At most 64 subtrees exist.
 */
#include "chain/merkle.h"

#include <string.h>

#include "crypto/sha3.h"

#define HB QTCL_MERKLE_HASH_BYTES

const char *
qtcl_merkle_strerror(int code)
{
	switch (code)
	{
		case QTCL_MERKLE_OK:
			return "ok";
		case QTCL_MERKLE_ERR_ARGUMENT:
			return "invalid merkle argument (NULL pointer, leaf index not below the leaf count, or proof buffer too small)";
		case QTCL_MERKLE_ERR_PROOF:
			return "merkle proof does not lead to the root (wrong length, hash or position)";
		case QTCL_MERKLE_ERR_HASH:
			return "SHA3 failed while hashing the merkle tree (out of memory?)";
	}
	return "unknown merkle error code";
}

int
qtcl_merkle_leaf(const uint8_t txhash[HB], uint8_t out[HB])
{
	uint8_t		buf[1 + HB];

	buf[0] = QTCL_MERKLE_LEAF_PREFIX;
	memcpy(buf + 1, txhash, HB);
	return qtcl_sha3_256(buf, sizeof buf, out) == 0 ? QTCL_MERKLE_OK : QTCL_MERKLE_ERR_HASH;
}

int
qtcl_merkle_node(const uint8_t left[HB], const uint8_t right[HB], uint8_t out[HB])
{
	uint8_t		buf[1 + 2 * HB];

	buf[0] = QTCL_MERKLE_NODE_PREFIX;
	memcpy(buf + 1, left, HB);
	memcpy(buf + 1 + HB, right, HB);
	return qtcl_sha3_256(buf, sizeof buf, out) == 0 ? QTCL_MERKLE_OK : QTCL_MERKLE_ERR_HASH;
}

/* Root of the subtree over txhashes[start .. start+count-1], count >= 1. */
static int
root_range(const uint8_t (*txhashes)[HB], size_t start, size_t count, uint8_t out[HB])
{
	uint8_t		stack[QTCL_MERKLE_MAX_DEPTH + 2][HB];
	unsigned	height[QTCL_MERKLE_MAX_DEPTH + 2];
	size_t		top = 0,
				i;

	for (i = 0; i < count; i++)
	{
		if (qtcl_merkle_leaf(txhashes[start + i], stack[top]) != QTCL_MERKLE_OK)
			return QTCL_MERKLE_ERR_HASH;
		height[top++] = 0;
		while (top >= 2 && height[top - 2] == height[top - 1])
		{
			if (qtcl_merkle_node(stack[top - 2], stack[top - 1], stack[top - 2]) != QTCL_MERKLE_OK)
				return QTCL_MERKLE_ERR_HASH;
			height[top - 2]++;
			top--;
		}
	}
	while (top >= 2)
	{
		if (qtcl_merkle_node(stack[top - 2], stack[top - 1], stack[top - 2]) != QTCL_MERKLE_OK)
			return QTCL_MERKLE_ERR_HASH;
		top--;
	}
	memcpy(out, stack[0], HB);
	return QTCL_MERKLE_OK;
}

int
qtcl_merkle_root(const uint8_t (*txhashes)[HB], size_t n, uint8_t root[HB])
{
	if (root == NULL || (txhashes == NULL && n > 0))
		return QTCL_MERKLE_ERR_ARGUMENT;
	if (n == 0)
	{
		memset(root, 0, HB);
		return QTCL_MERKLE_OK;
	}
	return root_range(txhashes, 0, n, root);
}

/* ceil(sz / 2) without overflow. */
static size_t
half_up(size_t sz)
{
	return sz / 2 + (sz & 1);
}

size_t
qtcl_merkle_proof_length(size_t index, size_t n)
{
	size_t		len = 0,
				sz = n;

	if (index >= n)
		return 0;
	for (; sz > 1; index >>= 1, sz = half_up(sz))
		if ((index & 1) || index + 1 < sz)
			len++;
	return len;
}

int
qtcl_merkle_proof(const uint8_t (*txhashes)[HB], size_t n, size_t index,
				  uint8_t (*path)[HB], size_t cap, size_t *path_len)
{
	size_t		len,
				used = 0,
				sz = n,
				i = index;
	unsigned	k = 0;

	if (txhashes == NULL || path_len == NULL || index >= n)
		return QTCL_MERKLE_ERR_ARGUMENT;
	len = qtcl_merkle_proof_length(index, n);
	if (len > cap || (path == NULL && len > 0))
		return QTCL_MERKLE_ERR_ARGUMENT;
	for (; sz > 1; i >>= 1, sz = half_up(sz), k++)
	{
		size_t		j = i ^ 1,
					width = (size_t) 1 << k,	/* leaves under a full node of level k; 2^k < n */
					start,
					count;

		if (j >= sz)
			continue;			/* i is the odd last node: promoted, no sibling */
		start = j << k;
		count = n - start < width ? n - start : width;
		if (root_range(txhashes, start, count, path[used]) != QTCL_MERKLE_OK)
			return QTCL_MERKLE_ERR_HASH;
		used++;
	}
	*path_len = used;
	return QTCL_MERKLE_OK;
}

int
qtcl_merkle_verify(const uint8_t txhash[HB], size_t index, size_t n,
				   const uint8_t (*path)[HB], size_t path_len, const uint8_t root[HB])
{
	uint8_t		acc[HB];
	size_t		used = 0,
				sz = n,
				i = index;

	if (txhash == NULL || root == NULL || (path == NULL && path_len > 0))
		return QTCL_MERKLE_ERR_ARGUMENT;
	if (index >= n)
		return QTCL_MERKLE_ERR_ARGUMENT;
	if (path_len != qtcl_merkle_proof_length(index, n))
		return QTCL_MERKLE_ERR_PROOF;
	if (qtcl_merkle_leaf(txhash, acc) != QTCL_MERKLE_OK)
		return QTCL_MERKLE_ERR_HASH;
	for (; sz > 1; i >>= 1, sz = half_up(sz))
	{
		int			rc;

		if (i & 1)
			rc = qtcl_merkle_node(path[used++], acc, acc);	/* sibling on the left */
		else if (i + 1 < sz)
			rc = qtcl_merkle_node(acc, path[used++], acc);	/* sibling on the right */
		else
			continue;			/* promoted */
		if (rc != QTCL_MERKLE_OK)
			return QTCL_MERKLE_ERR_HASH;
	}
	return memcmp(acc, root, HB) == 0 ? QTCL_MERKLE_OK : QTCL_MERKLE_ERR_PROOF;
}
