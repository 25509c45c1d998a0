/*
 * sha3.h: SHA3-256, SHAKE128 and SHAKE256 (FIPS 202) over OpenSSL EVP.
 *
 * Pure core: no PostgreSQL headers. Every function returns 0 on success and -1
 * when OpenSSL fails (allocation); callers turn that into their own error.
 *
 * OpenSSL 3.0 has no EVP_DigestSqueeze: EVP_DigestFinalXOF may be called once
 * per absorbed state (a second call "succeeds" with wrong bytes). The XOF API
 * below therefore squeezes by cloning the absorbed state and asking for the
 * whole prefix up to the wanted position; it never finalises the same context
 * twice.
 */
#ifndef QTCL_SHA3_H
#define QTCL_SHA3_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_SHA3_256_BYTES 32
#define QTCL_SHAKE128_RATE 168
#define QTCL_SHAKE256_RATE 136

int qtcl_sha3_256(const void *in, size_t inlen, uint8_t out[QTCL_SHA3_256_BYTES]);
int qtcl_shake128(const void *in, size_t inlen, uint8_t *out, size_t outlen);
int qtcl_shake256(const void *in, size_t inlen, uint8_t *out, size_t outlen);

/* Incremental hashing: absorb any number of pieces, then finish once. */
typedef enum
{
	QTCL_SHA3_256,
	QTCL_SHAKE128,
	QTCL_SHAKE256
} qtcl_hash_alg;

typedef struct qtcl_hash
{
	void	   *ctx;			/* EVP_MD_CTX *, opaque to callers */
	qtcl_hash_alg alg;
} qtcl_hash;

int			qtcl_hash_init(qtcl_hash *h, qtcl_hash_alg alg);
int			qtcl_hash_update(qtcl_hash *h, const void *in, size_t inlen);

/*
 * Produce output from the absorbed state without consuming it: the state can
 * be read again, with a longer outlen, to extend the same stream (the XOF
 * prefix property). For SHA3-256 outlen must be 32.
 */
int			qtcl_hash_peek(const qtcl_hash *h, uint8_t *out, size_t outlen);

/* Produce output and release the state (h may be reused after init). */
int			qtcl_hash_final(qtcl_hash *h, uint8_t *out, size_t outlen);

/* Release without output (error paths). Safe on a zeroed or released h. */
void		qtcl_hash_free(qtcl_hash *h);

/* Copy the absorbed state of src into dst (dst must not hold a state). */
int			qtcl_hash_clone(qtcl_hash *dst, const qtcl_hash *src);

/* Overwrite secret memory in a way the compiler cannot drop. */
void		qtcl_wipe(void *p, size_t n);

#endif
