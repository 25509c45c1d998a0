/*
 * round.h: one round of the qtcl randomness beacon ("the oracle"): the round
 * record, its canonical byte encoding, the signed message, the round hash,
 * the output value and the commitment scheme. docs/PROTOCOL.md, section
 * "Beacon rounds", describes the same thing byte by byte.
 *
 * Why this shape: a beacon output must be unpredictable before the round and
 * impossible for the oracle to bias afterwards. ML-DSA signatures are not
 * unique (a signer can produce many valid ones), so nothing is ever derived
 * from the signature: the output value is a hash of the round number, the
 * previous round hash, the revealed secret s_n and the density matrix (itself
 * a pure function of s_n), and s_n was fixed one round earlier by the
 * commitment SHA3-256(s_n) (NIST beacon 2.0 "precommitment"). The signature
 * only authenticates; the round hash (over the whole encoding, signature
 * included) chains the rounds.
 *
 * Canonical encoding (QTCL_BEACON_ENCODED_BYTES = 4557 bytes; integers
 * big-endian, doubles IEEE-754 binary64 big-endian, offsets in bytes):
 *      0   8  magic "QTCLBEAC" (ASCII)
 *      8   1  version = 1
 *      9   8  round number, 1 .. 2^63-1
 *     17   8  timestamp, ms since the Unix epoch, signed, must be >= 0
 *     25   4  number of entropy sources, >= 1
 *     29  32  hash of the previous round (32 zero bytes in round 1)
 *     61  32  s_n, the revealed secret
 *     93  32  commitment to s_(n+1) = SHA3-256(s_(n+1))
 *    125 1025 density matrix, the binary form of quantum/density.h:
 *             one byte 3 (qubits), 64 real parts, 64 imaginary parts,
 *             row-major rho[i][j] at index 8 i + j
 *   1150   8  purity
 *   1158   8  von Neumann entropy (bits)
 *   1166   8  fidelity to |W_3>
 *   1174   8  l1 coherence
 *   1182  32  output value
 *   1214  32  key id = SHA3-256(oracle ML-DSA-65 public key)
 *   1246   2  signature length = 3309
 *   1248 3309 ML-DSA-65 signature
 * The signed message is the first 1248 bytes (everything before the
 * signature), signed with ML-DSA-65 (external, pure), context
 * "qtcl-beacon-v1". Decoding refuses any other length, magic or version, a
 * signature length other than 3309, field values out of range, a density
 * matrix that is not 3 qubits or fails qtcl_dm_validate, and non-finite
 * metrics; it keeps every double bit for bit, so decode(encode(r)) == r.
 *
 *   round hash   = SHA3-256(encoding)                        (4557 bytes in)
 *   output value = SHA3-256("qtcl-beacon-output-v1" || round (8, BE) ||
 *                           previous round hash || s_n || density matrix
 *                           (the 1025 bytes above))
 *   commitment   = SHA3-256(s)
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state. Large
 * scratch space comes from the caller as a qtcl_beacon_work (about 330 KB:
 * palloc it). Functions return QTCL_BEACON_OK (0) or a positive
 * QTCL_BEACON_ERR_* code; qtcl_beacon_strerror() gives a static message
 * naming the failed check.
 */
#ifndef QTCL_BEACON_ROUND_H
#define QTCL_BEACON_ROUND_H

#include <stddef.h>
#include <stdint.h>

#include "quantum/density.h"

#define QTCL_BEACON_MAGIC			"QTCLBEAC"	/* 8 bytes, no NUL in the encoding */
#define QTCL_BEACON_MAGIC_BYTES		8
#define QTCL_BEACON_VERSION			1
#define QTCL_BEACON_HASH_BYTES		32
#define QTCL_BEACON_SECRET_BYTES	32
#define QTCL_BEACON_QUBITS			3
#define QTCL_BEACON_DIM				8
#define QTCL_BEACON_ENTRIES			64
#define QTCL_BEACON_DM_BYTES		1025	/* 1 + 16 * 64 */
#define QTCL_BEACON_PK_BYTES		1952	/* ML-DSA-65 */
#define QTCL_BEACON_SK_BYTES		4032
#define QTCL_BEACON_SIG_BYTES		3309
#define QTCL_BEACON_SIGNED_BYTES	1248
#define QTCL_BEACON_ENCODED_BYTES	(QTCL_BEACON_SIGNED_BYTES + QTCL_BEACON_SIG_BYTES)
#define QTCL_BEACON_CONTEXT			"qtcl-beacon-v1"	/* ML-DSA context string */
#define QTCL_BEACON_OUTPUT_LABEL	"qtcl-beacon-output-v1"
#define QTCL_BEACON_METRIC_TOL		1e-9

/* Offsets into the encoding. */
#define QTCL_BEACON_OFF_VERSION		8
#define QTCL_BEACON_OFF_ROUND		9
#define QTCL_BEACON_OFF_TIMESTAMP	17
#define QTCL_BEACON_OFF_SOURCES		25
#define QTCL_BEACON_OFF_PREV		29
#define QTCL_BEACON_OFF_SECRET		61
#define QTCL_BEACON_OFF_COMMIT		93
#define QTCL_BEACON_OFF_DM			125
#define QTCL_BEACON_OFF_METRICS		1150
#define QTCL_BEACON_OFF_OUTPUT		1182
#define QTCL_BEACON_OFF_KEY_ID		1214
#define QTCL_BEACON_OFF_SIG_LEN		1246
#define QTCL_BEACON_OFF_SIG			1248

typedef struct qtcl_beacon_metrics
{
	double		purity;			/* tr rho^2 */
	double		entropy;		/* von Neumann, bits */
	double		fidelity_w;		/* Uhlmann fidelity (squared convention) to |W_3> */
	double		l1_coherence;	/* sum of |rho_ij|, i != j */
} qtcl_beacon_metrics;

/* A round: plain data, no pointers (can be copied with memcpy). */
typedef struct qtcl_beacon_round
{
	uint64_t	round;			/* 1, 2, ... */
	int64_t		timestamp_ms;	/* ms since the Unix epoch */
	uint32_t	sources;		/* entropy sources that contributed to s_n */
	uint8_t		prev_hash[QTCL_BEACON_HASH_BYTES];	/* round hash of round n-1; zero for round 1 */
	uint8_t		secret[QTCL_BEACON_SECRET_BYTES];	/* s_n */
	uint8_t		commitment[QTCL_BEACON_HASH_BYTES];	/* SHA3-256(s_(n+1)) */
	double		rho_re[QTCL_BEACON_ENTRIES];	/* rho[i][j] = rho_re[8i+j] + i rho_im[8i+j] */
	double		rho_im[QTCL_BEACON_ENTRIES];
	qtcl_beacon_metrics metrics;
	uint8_t		output[QTCL_BEACON_HASH_BYTES];
	uint8_t		key_id[QTCL_BEACON_HASH_BYTES];	/* SHA3-256(oracle public key) */
	uint8_t		signature[QTCL_BEACON_SIG_BYTES];
} qtcl_beacon_round;

/* Caller-provided scratch space (about 330 KB) for eigenvalue work. */
typedef struct qtcl_beacon_work
{
	qtcl_dm		rho;
	qtcl_dm		w3;
	qtcl_dm_work dm;
	uint8_t		buf[QTCL_BEACON_ENCODED_BYTES];
} qtcl_beacon_work;

enum
{
	QTCL_BEACON_OK = 0,
	/* decoding and field checks */
	QTCL_BEACON_ERR_TRUNCATED = 1,	/* encoding shorter than 4557 bytes */
	QTCL_BEACON_ERR_TRAILING,		/* encoding longer than 4557 bytes */
	QTCL_BEACON_ERR_MAGIC,
	QTCL_BEACON_ERR_VERSION,
	QTCL_BEACON_ERR_SIG_LENGTH,		/* signature length field is not 3309 */
	QTCL_BEACON_ERR_ROUND,			/* round number 0 or above 2^63-1 */
	QTCL_BEACON_ERR_TIMESTAMP,		/* negative timestamp */
	QTCL_BEACON_ERR_SOURCES,		/* zero entropy sources */
	QTCL_BEACON_ERR_DM_QUBITS,		/* density matrix is not 3 qubits */
	QTCL_BEACON_ERR_DM_INVALID,		/* density matrix fails qtcl_dm_validate */
	QTCL_BEACON_ERR_METRIC_NONFINITE,
	/* verification (qtcl_beacon_verify), in the order checked */
	QTCL_BEACON_ERR_UNTRUSTED_KEY,	/* key id matches no trusted public key */
	QTCL_BEACON_ERR_SIGNATURE,		/* ML-DSA-65 signature does not verify */
	QTCL_BEACON_ERR_SEQUENCE,		/* round number is not previous + 1 (or not 1 without a previous round) */
	QTCL_BEACON_ERR_TIMESTAMP_ORDER,	/* timestamp before the previous round's */
	QTCL_BEACON_ERR_PREV_HASH,		/* previous round hash does not match */
	QTCL_BEACON_ERR_REVEAL,			/* SHA3-256(s_n) differs from the previous round's commitment */
	QTCL_BEACON_ERR_DENSITY,		/* density matrix differs from the one recomputed from s_n */
	QTCL_BEACON_ERR_OUTPUT,			/* output value differs from the recomputed one */
	QTCL_BEACON_ERR_METRICS,		/* a metric differs from the recomputed one by more than 1e-9 */
	/* operations */
	QTCL_BEACON_ERR_ARGUMENT,		/* NULL pointer or other bad argument */
	QTCL_BEACON_ERR_SHOTS,			/* shot count outside 0..QTCL_BEACON_MAX_SHOTS */
	QTCL_BEACON_ERR_NO_PROBABILITY,	/* diagonal gives no outcome a probability */
	QTCL_BEACON_ERR_KEY,			/* secret key does not decode or does not match the public key */
	QTCL_BEACON_ERR_EIGEN,			/* metric computation failed (eigensolver) */
	QTCL_BEACON_ERR_HASH			/* SHA3 / SHAKE failed (OpenSSL allocation) */
};

const char *qtcl_beacon_strerror(int code);

/*
 * Range checks of the plain fields (round, timestamp, sources, finite
 * metrics, finite density-matrix entries). Does not validate the matrix as a
 * state (that needs work space: qtcl_beacon_dm_validate).
 */
int			qtcl_beacon_check_fields(const qtcl_beacon_round *r);

/* The round's matrix as a 3-qubit qtcl_dm, and its validation. */
void		qtcl_beacon_dm_load(const qtcl_beacon_round *r, qtcl_dm *out);
int			qtcl_beacon_dm_validate(const qtcl_beacon_round *r, qtcl_beacon_work *w,
									int *dm_code);

/* The 1025-byte binary form of the round's matrix. */
void		qtcl_beacon_dm_bytes(const double re[QTCL_BEACON_ENTRIES],
								 const double im[QTCL_BEACON_ENTRIES],
								 uint8_t out[QTCL_BEACON_DM_BYTES]);

/* Canonical encoding (cannot fail; no checks) and the signed message (its prefix). */
void		qtcl_beacon_encode(const qtcl_beacon_round *r, uint8_t out[QTCL_BEACON_ENCODED_BYTES]);
void		qtcl_beacon_signed_message(const qtcl_beacon_round *r,
									   uint8_t out[QTCL_BEACON_SIGNED_BYTES]);

/*
 * Strict decoding (see the header comment). *dm_code (may be NULL) receives
 * the QTCL_DM_ERR_* code when the result is QTCL_BEACON_ERR_DM_INVALID.
 * On error *r is unspecified.
 */
int			qtcl_beacon_decode(const uint8_t *buf, size_t len, qtcl_beacon_round *r,
							   qtcl_beacon_work *w, int *dm_code);

/* SHA3-256 of the encoding. */
int			qtcl_beacon_round_hash(const qtcl_beacon_round *r, uint8_t out[QTCL_BEACON_HASH_BYTES]);

/* Output value from the round's round number, prev_hash, secret and matrix. */
int			qtcl_beacon_compute_output(const qtcl_beacon_round *r,
									   uint8_t out[QTCL_BEACON_HASH_BYTES]);

/* commitment = SHA3-256(s). */
int			qtcl_beacon_commit(const uint8_t s[QTCL_BEACON_SECRET_BYTES],
							   uint8_t out[QTCL_BEACON_HASH_BYTES]);

/* key id = SHA3-256(pk), pk the 1952-byte ML-DSA-65 public key. */
int			qtcl_beacon_key_id(const uint8_t *pk, uint8_t out[QTCL_BEACON_HASH_BYTES]);

#endif
