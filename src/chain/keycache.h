/*
 * keycache.h: what a transaction sender's ML-DSA-65 public key gives once, kept
 * for the next transactions of the same sender, in this process.
 *
 * Why: a sender usually submits several transactions in a row (up to 25 may
 * be pending), and most of an ML-DSA verification is derived from the public
 * key alone: tr = H(pk), the matrix A-hat sampled from rho (SHAKE128), and
 * NTT(t1 * 2^d). The sender address (SHA3-256 of the key) is the same kind of
 * work. The cache keeps both for the most recently used keys (least recently
 * used goes first), keyed by the whole key's bytes: a hit is exactly the
 * same computation's result, so verdicts do not depend on the cache
 * (test_chain_keycache.c checks the vectors both ways).
 *
 * Pure core: process-local memory from malloc (about 57 KB per key, taken as
 * keys arrive, QTCL_KEYCACHE_SLOTS at most), no locking (a PostgreSQL backend
 * is single-threaded; so are the tests). Nothing secret is kept: only public
 * keys and what they determine.
 */
#ifndef QTCL_CHAIN_KEYCACHE_H
#define QTCL_CHAIN_KEYCACHE_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_KEYCACHE_SLOTS 16

/*
 * ML-DSA-65 pure verification (FIPS 204 Algorithm 3) of sig over msg with
 * context ctx under pk (1952 bytes): 1 valid, 0 not. Falls back to the
 * uncached mldsa_verify when memory cannot be had.
 */
int			qtcl_keycache_verify(const uint8_t *pk, const uint8_t *msg, size_t msglen,
								 const uint8_t *ctx, size_t ctxlen, const uint8_t *sig, size_t siglen);

/* SHA3-256 of pk (1952 bytes), the sender address. 0 ok, -1 hashing failed. */
int			qtcl_keycache_address(const uint8_t *pk, uint8_t out[32]);

/* Tests: keep at most n keys (0 = no caching, at most QTCL_KEYCACHE_SLOTS); empties the cache. */
void		qtcl_keycache_set_capacity(int n);

/* Tests and benchmarks: lookups that found their key, and that did not. */
void		qtcl_keycache_stats(uint64_t *hits, uint64_t *misses);

#endif
