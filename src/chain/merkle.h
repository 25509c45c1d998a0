/*
 * merkle.h: the block's transaction merkle tree, its root and inclusion proofs.
 * docs/PROTOCOL.tx.md, section "Transaction merkle tree", is the same in prose.
 *
 * Why this shape: Bitcoin's tree duplicates the last node of an odd level, so
 * the lists [a, b, c] and [a, b, c, c] have the same root (CVE-2012-2459: a
 * peer could make a valid block look invalid by "mutating" it). Bitcoin also
 * hashes leaves and inner nodes the same way, so a 64-byte leaf can pose as
 * an inner node. Here leaves and nodes are domain-separated and an odd node
 * is promoted unchanged, never duplicated:
 *
 *   leaf(t)    = SHA3-256(0x00 || t)          t = a 32-byte tx hash
 *   node(l, r) = SHA3-256(0x01 || l || r)
 *   level 0    = leaf(t_0) .. leaf(t_(n-1)), in block order
 *   level k+1  = node(x_0, x_1), node(x_2, x_3), ...; when level k has an odd
 *                count its last element is copied up unchanged
 *   root       = the single element of the last level;
 *                32 zero bytes for n = 0; leaf(t_0) for n = 1.
 *
 * This is the same tree as RFC 6962's (left subtree = the first 2^k leaves,
 * 2^k the largest power of two below n), which the implementation uses to
 * compute the root with O(log n) memory and no allocation.
 *
 * An inclusion proof for leaf i of n is the list of sibling hashes from the
 * bottom level up, skipping the levels where the node on the path is
 * promoted (it has no sibling). Its length is therefore determined by (i, n);
 * the verifier derives from (i, n) which side each sibling is on and rejects
 * a proof of any other length.
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state.
 * Functions return QTCL_MERKLE_OK (0) or a positive QTCL_MERKLE_ERR_* code.
 */
#ifndef QTCL_CHAIN_MERKLE_H
#define QTCL_CHAIN_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_MERKLE_HASH_BYTES	32
#define QTCL_MERKLE_LEAF_PREFIX	0x00
#define QTCL_MERKLE_NODE_PREFIX	0x01
#define QTCL_MERKLE_MAX_DEPTH	64	/* longest possible proof */

enum
{
	QTCL_MERKLE_OK = 0,
	QTCL_MERKLE_ERR_ARGUMENT = 1,	/* NULL pointer, index >= n, proof buffer too small */
	QTCL_MERKLE_ERR_PROOF,			/* proof has the wrong length or does not lead to the root */
	QTCL_MERKLE_ERR_HASH			/* SHA3 failed (OpenSSL allocation) */
};

const char *qtcl_merkle_strerror(int code);

/* leaf(t) and node(l, r) as defined above. */
int			qtcl_merkle_leaf(const uint8_t txhash[QTCL_MERKLE_HASH_BYTES],
							 uint8_t out[QTCL_MERKLE_HASH_BYTES]);
int			qtcl_merkle_node(const uint8_t left[QTCL_MERKLE_HASH_BYTES],
							 const uint8_t right[QTCL_MERKLE_HASH_BYTES],
							 uint8_t out[QTCL_MERKLE_HASH_BYTES]);

/* Root over n tx hashes (n = 0 allowed; txhashes may then be NULL). */
int			qtcl_merkle_root(const uint8_t (*txhashes)[QTCL_MERKLE_HASH_BYTES], size_t n,
							 uint8_t root[QTCL_MERKLE_HASH_BYTES]);

/* Number of hashes in the proof for leaf `index` of n (0 when n <= 1 or index >= n). */
size_t		qtcl_merkle_proof_length(size_t index, size_t n);

/*
 * Inclusion proof of leaf `index` (< n): writes qtcl_merkle_proof_length(index, n)
 * hashes into path (room for `cap` hashes; QTCL_MERKLE_MAX_DEPTH is always
 * enough) and their count into *path_len.
 */
int			qtcl_merkle_proof(const uint8_t (*txhashes)[QTCL_MERKLE_HASH_BYTES], size_t n,
							  size_t index, uint8_t (*path)[QTCL_MERKLE_HASH_BYTES], size_t cap,
							  size_t *path_len);

/*
 * QTCL_MERKLE_OK when `path` proves that `txhash` is leaf `index` of a tree of
 * n leaves with root `root`; QTCL_MERKLE_ERR_PROOF when it does not (wrong
 * path length, wrong hash, wrong position); QTCL_MERKLE_ERR_ARGUMENT when
 * index >= n.
 */
int			qtcl_merkle_verify(const uint8_t txhash[QTCL_MERKLE_HASH_BYTES], size_t index, size_t n,
							   const uint8_t (*path)[QTCL_MERKLE_HASH_BYTES], size_t path_len,
							   const uint8_t root[QTCL_MERKLE_HASH_BYTES]);

#endif
