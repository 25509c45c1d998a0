/*
 * mldsa.h: ML-DSA (FIPS 204), the module-lattice digital signature standard.
 *
 * Pure core: no PostgreSQL headers, no OS randomness (the caller supplies xi
 * for key generation and rnd for signing), no allocation on the heap except
 * the SHAKE contexts that sha3.c takes from OpenSSL.
 *
 * Keys: pk is pkEncode (Algorithm 22); sk is the expanded skEncode form
 * (Algorithm 24), not the 32-byte seed. Signatures are sigEncode (Algorithm 26).
 *
 * Two interfaces, as in FIPS 204:
 *  - internal (Algorithms 6, 7, 8): the message M' is signed as given;
 *  - external, pure (Algorithms 2, 3): M' = 0x00 || len(ctx) || ctx || M.
 * Interoperable applications use the external one.
 */
#ifndef QTCL_MLDSA_H
#define QTCL_MLDSA_H

#include <stddef.h>
#include <stdint.h>

typedef enum
{
	MLDSA_44 = 0,
	MLDSA_65 = 1,
	MLDSA_87 = 2
} mldsa_level;

/* FIPS 204 Table 1 and Table 2. */
typedef struct
{
	const char *name;			/* "ml-dsa-44", "ml-dsa-65", "ml-dsa-87" */
	int			k,
				l,
				eta,
				tau,
				beta,
				omega,
				lambda;
	int32_t		gamma1,
				gamma2;
	size_t		pk_bytes,
				sk_bytes,
				sig_bytes;
} mldsa_params;

#define MLDSA_SEED_BYTES 32
#define MLDSA_RND_BYTES 32
#define MLDSA_MAX_PK_BYTES 2592
#define MLDSA_MAX_SK_BYTES 4896
#define MLDSA_MAX_SIG_BYTES 4627
#define MLDSA_MAX_CTX_BYTES 255

typedef enum
{
	MLDSA_OK = 0,
	MLDSA_ERR_CTX_TOO_LONG,		/* context over 255 bytes */
	MLDSA_ERR_BAD_LENGTH,		/* unknown parameter set */
	MLDSA_ERR_BAD_KEY,			/* secret key does not decode (s1/s2 out of range) or is inconsistent */
	MLDSA_ERR_HASH				/* OpenSSL failed (allocation), or another internal failure */
} mldsa_status;

/* NULL for an unknown level. */
const mldsa_params *mldsa_params_get(mldsa_level level);

/* -1 if unknown; accepts exactly "ml-dsa-44", "ml-dsa-65", "ml-dsa-87". */
int			mldsa_level_by_name(const char *name);

/* Level whose encoding has this length, -1 if none. */
int			mldsa_level_by_pk_len(size_t len);
int			mldsa_level_by_sk_len(size_t len);
int			mldsa_level_by_sig_len(size_t len);

/* Algorithm 6: xi -> pk (pk_bytes), sk (sk_bytes, expanded skEncode form). */
mldsa_status mldsa_keygen_internal(mldsa_level level, const uint8_t xi[MLDSA_SEED_BYTES],
								   uint8_t *pk, uint8_t *sk);

/*
 * Algorithm 7 on M' = pre || msg (two pieces so that external signing need not
 * copy the message). sig receives sig_bytes. rnd all zero = deterministic.
 */
mldsa_status mldsa_sign_internal(mldsa_level level, const uint8_t *sk,
								 const uint8_t *pre, size_t prelen,
								 const uint8_t *msg, size_t msglen,
								 const uint8_t rnd[MLDSA_RND_BYTES], uint8_t *sig);

/* Algorithm 2 (pure ML-DSA.Sign with a context of at most 255 bytes). */
mldsa_status mldsa_sign(mldsa_level level, const uint8_t *sk,
						const uint8_t *msg, size_t msglen,
						const uint8_t *ctx, size_t ctxlen,
						const uint8_t rnd[MLDSA_RND_BYTES], uint8_t *sig);

/*
 * Algorithms 8 / 3: 1 for a valid signature, 0 for anything else (wrong pk or
 * signature length, malformed hints, norm violation, context over 255 bytes,
 * internal failure).
 */
int			mldsa_verify_internal(mldsa_level level, const uint8_t *pk, size_t pklen,
								  const uint8_t *pre, size_t prelen,
								  const uint8_t *msg, size_t msglen,
								  const uint8_t *sig, size_t siglen);
int			mldsa_verify(mldsa_level level, const uint8_t *pk, size_t pklen,
						 const uint8_t *msg, size_t msglen,
						 const uint8_t *ctx, size_t ctxlen,
						 const uint8_t *sig, size_t siglen);

/*
 * Verifying many signatures under one public key: mldsa_expand_pk derives
 * once what Algorithm 8 computes from pk alone (tr, A-hat, NTT(t1 * 2^d));
 * mldsa_verify_expanded is then mldsa_verify (pure, with a context) without
 * that work, with the same verdict. The struct is opaque: allocate
 * mldsa_expanded_pk_size() bytes aligned to 32. mldsa_expand_pk returns 0, or
 * -1 for a wrong length or level, or a hashing failure.
 */
typedef struct mldsa_expanded_pk mldsa_expanded_pk;
size_t		mldsa_expanded_pk_size(void);
int			mldsa_expand_pk(mldsa_level level, const uint8_t *pk, size_t pklen, mldsa_expanded_pk *out);
int			mldsa_verify_expanded(const mldsa_expanded_pk *epk, const uint8_t *msg, size_t msglen,
								  const uint8_t *ctx, size_t ctxlen, const uint8_t *sig, size_t siglen);

/*
 * Structural checks for the SQL type input: 1 if the bytes decode, 0 otherwise.
 * A signature decodes when its length is right, its hint encoding is canonical
 * (Algorithm 21) and ||z||inf < gamma1 - beta (no signature outside that bound
 * can ever verify). Every byte string of the right length is a public key.
 */
int			mldsa_sig_decodes(mldsa_level level, const uint8_t *sig, size_t siglen);
int			mldsa_pk_decodes(mldsa_level level, const uint8_t *pk, size_t pklen);

/*
 * Public key from the expanded secret key: rho is taken from sk and t1
 * recomputed from s1, s2. Returns MLDSA_ERR_BAD_KEY, without writing pk, when
 * s1/s2 are out of range or when the t0 or tr stored in sk do not match the
 * recomputed ones (an inconsistent key could not produce verifiable
 * signatures).
 */
mldsa_status mldsa_pk_from_sk(mldsa_level level, const uint8_t *sk, uint8_t *pk);

/*
 * Implementation choice for the NTT-domain arithmetic: 1 = AVX2 (only taken if
 * the CPU has it), 0 = portable C. Both give identical bytes. The default is
 * AVX2 when available. Returns the implementation now in use (0 or 1).
 * Process-wide; meant for tests and benchmarks.
 */
int			mldsa_set_impl(int use_avx2);

#endif
