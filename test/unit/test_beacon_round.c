/*
 * test_beacon_round.c: beacon rounds (beacon/round.h, beacon/verify.h):
 * encoding round trip, strict decoding, make -> verify over a chain, and
 * that every kind of tampering is caught: any single field, any single bit
 * of the encoding, a wrong reveal, a wrong previous hash, a non-consecutive
 * round number, an untrusted key, and re-signed rounds whose derived fields
 * do not match (to see each later check fire with its own code).
 */
#include <math.h>
#include <stdlib.h>

#include "beacon/noise.h"
#include "beacon/round.h"
#include "beacon/verify.h"
#include "crypto/mldsa.h"
#include "crypto/sha3.h"
#include "unit.h"

#define CHAIN 5

static qtcl_beacon_work work;
static uint8_t pk[QTCL_BEACON_PK_BYTES],
			sk[QTCL_BEACON_SK_BYTES],
			pk2[QTCL_BEACON_PK_BYTES],
			sk2[QTCL_BEACON_SK_BYTES];
static uint8_t secrets[CHAIN + 1][32];
static qtcl_beacon_round chain[CHAIN];
static qtcl_beacon_link links[CHAIN];
static uint8_t enc[QTCL_BEACON_ENCODED_BYTES + 16],
			enc2[QTCL_BEACON_ENCODED_BYTES + 16];

static const uint8_t *const trusted1[1] = {pk};
static const uint8_t *const trusted2[3] = {pk2, NULL, pk};
static const uint8_t *const trusted_other[1] = {pk2};

/* verify round k of the chain (a modified copy r) against its real predecessor */
static int
verify_at(const qtcl_beacon_round *r, int k)
{
	return qtcl_beacon_verify(r, k == 0 ? NULL : &links[k - 1], trusted1, 1, &work);
}

static void
setup(void)
{
	uint8_t		xi[32];
	int			k,
				ok = 1;

	memset(xi, 0x01, 32);
	mldsa_keygen_internal(MLDSA_65, xi, pk, sk);
	memset(xi, 0x02, 32);
	mldsa_keygen_internal(MLDSA_65, xi, pk2, sk2);
	for (k = 0; k <= CHAIN; k++)
	{
		int			i;

		for (i = 0; i < 32; i++)
			secrets[k][i] = (uint8_t) (37 * k + 11 * i + 5);
	}
	for (k = 0; k < CHAIN; k++)
	{
		int			rc = qtcl_beacon_make(&chain[k], k == 0 ? NULL : &chain[k - 1], secrets[k],
										  secrets[k + 1], INT64_C(1700000000000) + 3000 * k,
										  (uint32_t) (k + 1), sk, pk, &work);

		ok &= CHECK(rc == QTCL_BEACON_OK, "make round %d: %s", k + 1, qtcl_beacon_strerror(rc));
		qtcl_beacon_link_of(&chain[k], &links[k]);
	}
	(void) ok;
}

static void
test_chain(void)
{
	int			k;

	for (k = 0; k < CHAIN; k++)
	{
		int			rc = verify_at(&chain[k], k);
		uint8_t		c[32];

		CHECK(rc == QTCL_BEACON_OK, "round %d verifies (%s)", k + 1, qtcl_beacon_strerror(rc));
		CHECK(chain[k].round == (uint64_t) k + 1, "round %d has number %d", k + 1, k + 1);
		CHECK(memcmp(chain[k].prev_hash, k == 0 ? (const uint8_t[32]) {0} : links[k - 1].hash, 32) == 0,
			  "round %d links to the previous round hash", k + 1);
		qtcl_beacon_commit(secrets[k + 1], c);
		CHECK(memcmp(chain[k].commitment, c, 32) == 0, "round %d commits to the next secret", k + 1);
		qtcl_beacon_encode(&chain[k], enc);
		rc = qtcl_beacon_verify_bytes(enc, QTCL_BEACON_ENCODED_BYTES, k == 0 ? NULL : &links[k - 1],
									  trusted2, 3, &work, NULL);
		CHECK(rc == QTCL_BEACON_OK, "round %d verifies from bytes with a key list (%s)", k + 1,
			  qtcl_beacon_strerror(rc));
	}
	/* outputs differ between rounds */
	CHECK(memcmp(chain[0].output, chain[1].output, 32) != 0, "outputs of rounds 1 and 2 differ");
	/* making is deterministic */
	{
		qtcl_beacon_round again;

		qtcl_beacon_make(&again, &chain[0], secrets[1], secrets[2], chain[1].timestamp_ms,
						 chain[1].sources, sk, pk, &work);
		qtcl_beacon_encode(&again, enc);
		qtcl_beacon_encode(&chain[1], enc2);
		CHECK(memcmp(enc, enc2, QTCL_BEACON_ENCODED_BYTES) == 0, "make is deterministic (same bytes)");
	}
}

static void
test_roundtrip(void)
{
	qtcl_beacon_round d;
	int			rc,
				k;

	for (k = 0; k < CHAIN; k++)
	{
		qtcl_beacon_encode(&chain[k], enc);
		rc = qtcl_beacon_decode(enc, QTCL_BEACON_ENCODED_BYTES, &d, &work, NULL);
		CHECK(rc == QTCL_BEACON_OK, "round %d decodes (%s)", k + 1, qtcl_beacon_strerror(rc));
		qtcl_beacon_encode(&d, enc2);
		CHECK(memcmp(enc, enc2, QTCL_BEACON_ENCODED_BYTES) == 0, "round %d re-encodes to the same bytes", k + 1);
		CHECK(d.round == chain[k].round && d.timestamp_ms == chain[k].timestamp_ms &&
			  d.sources == chain[k].sources &&
			  memcmp(d.rho_re, chain[k].rho_re, sizeof d.rho_re) == 0 &&
			  memcmp(d.rho_im, chain[k].rho_im, sizeof d.rho_im) == 0 &&
			  memcmp(&d.metrics, &chain[k].metrics, sizeof d.metrics) == 0 &&
			  memcmp(d.signature, chain[k].signature, sizeof d.signature) == 0 &&
			  memcmp(d.output, chain[k].output, 32) == 0 && memcmp(d.key_id, chain[k].key_id, 32) == 0 &&
			  memcmp(d.secret, chain[k].secret, 32) == 0 &&
			  memcmp(d.commitment, chain[k].commitment, 32) == 0 &&
			  memcmp(d.prev_hash, chain[k].prev_hash, 32) == 0, "round %d: every field round-trips", k + 1);
	}
	/* layout spot checks */
	qtcl_beacon_encode(&chain[2], enc);
	CHECK(memcmp(enc, "QTCLBEAC", 8) == 0 && enc[8] == 1, "magic and version first");
	CHECK(enc[QTCL_BEACON_OFF_ROUND + 7] == 3 && enc[QTCL_BEACON_OFF_ROUND] == 0, "round number big-endian");
	CHECK(enc[QTCL_BEACON_OFF_SOURCES + 3] == 3, "sources big-endian");
	CHECK(enc[QTCL_BEACON_OFF_DM] == 3, "density matrix starts with 3 qubits");
	CHECK(enc[QTCL_BEACON_OFF_SIG_LEN] == 0x0c && enc[QTCL_BEACON_OFF_SIG_LEN + 1] == 0xed, "signature length 3309");
	CHECK(memcmp(enc + QTCL_BEACON_OFF_SIG, chain[2].signature, QTCL_BEACON_SIG_BYTES) == 0, "signature last");
	{
		uint8_t		dm[QTCL_BEACON_DM_BYTES],
					dm2[QTCL_BEACON_DM_BYTES];

		qtcl_beacon_dm_load(&chain[2], &work.rho);
		CHECK(qtcl_dm_to_binary(&work.rho, dm, sizeof dm) == QTCL_BEACON_DM_BYTES, "density.h binary form size");
		qtcl_beacon_dm_bytes(chain[2].rho_re, chain[2].rho_im, dm2);
		CHECK(memcmp(dm, dm2, sizeof dm) == 0 && memcmp(enc + QTCL_BEACON_OFF_DM, dm, sizeof dm) == 0,
			  "density matrix bytes are the binary form of quantum/density.h");
	}
	{
		uint8_t		h[32],
					msg[QTCL_BEACON_SIGNED_BYTES];

		qtcl_sha3_256(enc, QTCL_BEACON_ENCODED_BYTES, h);
		CHECK(memcmp(h, links[2].hash, 32) == 0, "round hash = SHA3-256(encoding)");
		qtcl_beacon_signed_message(&chain[2], msg);
		CHECK(memcmp(msg, enc, sizeof msg) == 0, "signed message = encoding without the signature");
	}
}

static void
expect_decode(const uint8_t *buf, size_t len, int want, const char *what)
{
	qtcl_beacon_round d;
	int			rc = qtcl_beacon_decode(buf, len, &d, &work, NULL);

	CHECK(rc == want, "decode refuses %s: got \"%s\", want \"%s\"", what, qtcl_beacon_strerror(rc),
		  qtcl_beacon_strerror(want));
}

static void
put_double_at(uint8_t *b, double v)
{
	uint64_t	u;
	int			i;

	memcpy(&u, &v, 8);
	for (i = 7; i >= 0; i--)
	{
		b[i] = (uint8_t) u;
		u >>= 8;
	}
}

static void
test_decode_refusals(void)
{
	static const size_t short_lens[] = {0, 1, 8, 9, 100, QTCL_BEACON_SIGNED_BYTES - 1,
	QTCL_BEACON_SIGNED_BYTES, QTCL_BEACON_ENCODED_BYTES - 1};
	size_t		i;
	qtcl_beacon_round d;
	int			dmc,
				rc;

	qtcl_beacon_encode(&chain[1], enc);
	for (i = 0; i < sizeof short_lens / sizeof short_lens[0]; i++)
	{
		char		what[64];

		snprintf(what, sizeof what, "a %zu-byte prefix", short_lens[i]);
		expect_decode(enc, short_lens[i], QTCL_BEACON_ERR_TRUNCATED, what);
	}
	enc[QTCL_BEACON_ENCODED_BYTES] = 0;
	expect_decode(enc, QTCL_BEACON_ENCODED_BYTES + 1, QTCL_BEACON_ERR_TRAILING, "one trailing byte");
	expect_decode(enc, QTCL_BEACON_ENCODED_BYTES + 16, QTCL_BEACON_ERR_TRAILING, "16 trailing bytes");
	CHECK(qtcl_beacon_decode(NULL, 0, &d, &work, NULL) == QTCL_BEACON_ERR_TRUNCATED, "decode of nothing");

#define MUTATE(stmt, code, what) \
	do { qtcl_beacon_encode(&chain[1], enc); stmt; \
		 expect_decode(enc, QTCL_BEACON_ENCODED_BYTES, code, what); } while (0)

	MUTATE(enc[0] = 'q', QTCL_BEACON_ERR_MAGIC, "a wrong magic");
	MUTATE(enc[8] = 0, QTCL_BEACON_ERR_VERSION, "version 0");
	MUTATE(enc[8] = 2, QTCL_BEACON_ERR_VERSION, "version 2");
	MUTATE(enc[QTCL_BEACON_OFF_SIG_LEN + 1] = 0xec, QTCL_BEACON_ERR_SIG_LENGTH, "signature length 3308");
	MUTATE((enc[QTCL_BEACON_OFF_SIG_LEN] = 0x09, enc[QTCL_BEACON_OFF_SIG_LEN + 1] = 0x74),
		   QTCL_BEACON_ERR_SIG_LENGTH, "signature length 2420 (ML-DSA-44)");
	MUTATE(memset(enc + QTCL_BEACON_OFF_ROUND, 0, 8), QTCL_BEACON_ERR_ROUND, "round 0");
	MUTATE(enc[QTCL_BEACON_OFF_ROUND] = 0x80, QTCL_BEACON_ERR_ROUND, "round >= 2^63");
	MUTATE(enc[QTCL_BEACON_OFF_TIMESTAMP] = 0xff, QTCL_BEACON_ERR_TIMESTAMP, "a negative timestamp");
	MUTATE(memset(enc + QTCL_BEACON_OFF_SOURCES, 0, 4), QTCL_BEACON_ERR_SOURCES, "zero sources");
	MUTATE(enc[QTCL_BEACON_OFF_DM] = 2, QTCL_BEACON_ERR_DM_QUBITS, "a 2-qubit density matrix tag");
	MUTATE(enc[QTCL_BEACON_OFF_DM] = 4, QTCL_BEACON_ERR_DM_QUBITS, "a 4-qubit density matrix tag");
	MUTATE(put_double_at(enc + QTCL_BEACON_OFF_DM + 1, NAN), QTCL_BEACON_ERR_DM_INVALID, "a NaN matrix entry");
	MUTATE(put_double_at(enc + QTCL_BEACON_OFF_DM + 1 + 8 * 64 + 8 * 9, INFINITY), QTCL_BEACON_ERR_DM_INVALID,
		   "an infinite imaginary part");
	MUTATE(put_double_at(enc + QTCL_BEACON_OFF_METRICS + 16, NAN), QTCL_BEACON_ERR_METRIC_NONFINITE,
		   "a NaN fidelity");

	/* corrupted density matrices, with the density.h reason */
	qtcl_beacon_encode(&chain[1], enc);
	put_double_at(enc + QTCL_BEACON_OFF_DM + 1, 0.5);	/* rho[0][0]: trace off */
	rc = qtcl_beacon_decode(enc, QTCL_BEACON_ENCODED_BYTES, &d, &work, &dmc);
	CHECK(rc == QTCL_BEACON_ERR_DM_INVALID && dmc == QTCL_DM_ERR_TRACE, "decode refuses a trace != 1 (%s / %s)",
		  qtcl_beacon_strerror(rc), qtcl_dm_strerror(dmc));
	qtcl_beacon_encode(&chain[1], enc);
	put_double_at(enc + QTCL_BEACON_OFF_DM + 1 + 8 * (4 * 8 + 2), 0.25);	/* rho[4][2] only */
	rc = qtcl_beacon_decode(enc, QTCL_BEACON_ENCODED_BYTES, &d, &work, &dmc);
	CHECK(rc == QTCL_BEACON_ERR_DM_INVALID && dmc == QTCL_DM_ERR_NOT_HERMITIAN,
		  "decode refuses a non-Hermitian matrix (%s / %s)", qtcl_beacon_strerror(rc), qtcl_dm_strerror(dmc));
	qtcl_beacon_encode(&chain[1], enc);
	{
		/* diag(1.5, -0.5, 0, ...) with everything else zero: trace 1, Hermitian, negative */
		int			k;

		for (k = 0; k < 128; k++)
			put_double_at(enc + QTCL_BEACON_OFF_DM + 1 + 8 * k, 0.0);
		put_double_at(enc + QTCL_BEACON_OFF_DM + 1, 1.5);
		put_double_at(enc + QTCL_BEACON_OFF_DM + 1 + 8 * 9, -0.5);
	}
	rc = qtcl_beacon_decode(enc, QTCL_BEACON_ENCODED_BYTES, &d, &work, &dmc);
	CHECK(rc == QTCL_BEACON_ERR_DM_INVALID && dmc == QTCL_DM_ERR_NEGATIVE,
		  "decode refuses a matrix with a negative eigenvalue (%s / %s)", qtcl_beacon_strerror(rc),
		  qtcl_dm_strerror(dmc));
#undef MUTATE
}

/* every bit position class: flip one bit in every byte, decode-or-verify must fail */
static void
test_bitflips(void)
{
	int			k = 2;
	size_t		pos,
				undetected = 0;
	int			counts[QTCL_BEACON_ERR_HASH + 1] = {0};
	qtcl_beacon_round d;

	qtcl_beacon_encode(&chain[k], enc);
	for (pos = 0; pos < QTCL_BEACON_ENCODED_BYTES; pos++)
	{
		int			rc;

		enc[pos] ^= (uint8_t) (1u << (pos % 8));
		rc = qtcl_beacon_decode(enc, QTCL_BEACON_ENCODED_BYTES, &d, &work, NULL);
		if (rc == QTCL_BEACON_OK)
			rc = verify_at(&d, k);
		if (rc == QTCL_BEACON_OK)
		{
			if (undetected < 5)
				printf("# bit flip at byte %zu went undetected\n", pos);
			undetected++;
		}
		else if (rc > 0 && rc <= QTCL_BEACON_ERR_HASH)
			counts[rc]++;
		enc[pos] ^= (uint8_t) (1u << (pos % 8));
	}
	CHECK(undetected == 0, "every one of the %d single-bit flips (one per byte) is refused (%zu not)",
		  QTCL_BEACON_ENCODED_BYTES, undetected);
	for (pos = 1; pos <= QTCL_BEACON_ERR_HASH; pos++)
		if (counts[pos])
			printf("# %d flips: %s\n", counts[pos], qtcl_beacon_strerror((int) pos));
	CHECK(verify_at(&chain[k], k) == QTCL_BEACON_OK, "the untouched round still verifies");
}

/* every single field changed in the struct, not re-signed */
static void
test_field_changes(void)
{
	int			k = 3;
	qtcl_beacon_round r;

#define FIELD(stmt, what) \
	do { r = chain[k]; stmt; { int rc_ = verify_at(&r, k); \
		CHECK(rc_ != QTCL_BEACON_OK, "changed %s is caught (%s)", what, qtcl_beacon_strerror(rc_)); } } while (0)

	FIELD(r.round++, "round number");
	FIELD(r.timestamp_ms++, "timestamp");
	FIELD(r.sources++, "sources");
	FIELD(r.prev_hash[31] ^= 1, "previous hash");
	FIELD(r.secret[0] ^= 0x80, "secret");
	FIELD(r.commitment[5] ^= 1, "commitment");
	FIELD(r.rho_re[4 * 8 + 2] = nextafter(r.rho_re[4 * 8 + 2], 1.0), "rho_re[4][2] by one ulp");
	FIELD(r.rho_im[2 * 8 + 1] = nextafter(r.rho_im[2 * 8 + 1], 1.0), "rho_im[2][1] by one ulp");
	FIELD(r.rho_im[3] = -0.0, "a zero entry to -0.0");
	FIELD(r.metrics.purity = nextafter(r.metrics.purity, 0.0), "purity by one ulp");
	FIELD(r.metrics.entropy += 1e-12, "entropy by 1e-12");
	FIELD(r.metrics.fidelity_w -= 1e-12, "fidelity by 1e-12");
	FIELD(r.metrics.l1_coherence += 1e-12, "l1 coherence by 1e-12");
	FIELD(r.output[0] ^= 1, "output value");
	FIELD(r.key_id[0] ^= 1, "key id");
	FIELD(r.signature[100] ^= 4, "signature");
	FIELD(r.signature[QTCL_BEACON_SIG_BYTES - 1] ^= 1, "last signature byte");
#undef FIELD
}

/* modified and re-signed with the trusted key: the later checks fire */
static void
resign_expect(qtcl_beacon_round *r, int k, int refill, int want, const char *what)
{
	int			rc;

	if (refill)
		qtcl_beacon_fill(r, &work);
	rc = qtcl_beacon_sign(r, sk, pk);
	CHECK(rc == QTCL_BEACON_OK, "re-sign (%s)", what);
	rc = verify_at(r, k);
	CHECK(rc == want, "%s: got \"%s\", want \"%s\"", what, qtcl_beacon_strerror(rc), qtcl_beacon_strerror(want));
}

static void
test_resigned(void)
{
	int			k = 2;
	qtcl_beacon_round r;
	int			rc;

	r = chain[k];
	memcpy(r.secret, secrets[0], 32);
	resign_expect(&r, k, 1, QTCL_BEACON_ERR_REVEAL, "wrong reveal (consistent round for another secret)");
	r = chain[k];
	r.prev_hash[0] ^= 1;
	resign_expect(&r, k, 1, QTCL_BEACON_ERR_PREV_HASH, "wrong previous hash");
	r = chain[k];
	r.round = chain[k].round + 1;
	resign_expect(&r, k, 1, QTCL_BEACON_ERR_SEQUENCE, "round number skips one");
	r = chain[k];
	r.round = chain[k].round;
	r.round--;
	resign_expect(&r, k, 1, QTCL_BEACON_ERR_SEQUENCE, "round number repeats the previous one");
	r = chain[k];
	r.timestamp_ms = chain[k - 1].timestamp_ms - 1;
	resign_expect(&r, k, 0, QTCL_BEACON_ERR_TIMESTAMP_ORDER, "timestamp before the previous round's");
	r = chain[k];
	r.timestamp_ms = chain[k - 1].timestamp_ms;
	resign_expect(&r, k, 0, QTCL_BEACON_OK, "timestamp equal to the previous round's is allowed");
	r = chain[k];
	r.rho_re[0] = nextafter(r.rho_re[0], 1.0);
	resign_expect(&r, k, 0, QTCL_BEACON_ERR_DENSITY, "density matrix off by one ulp");
	r = chain[k];
	r.rho_im[7] = -0.0;
	resign_expect(&r, k, 0, QTCL_BEACON_ERR_DENSITY, "a +0.0 entry stored as -0.0");
	r = chain[k];
	qtcl_beacon_density(secrets[0], r.rho_re, r.rho_im);
	resign_expect(&r, k, 0, QTCL_BEACON_ERR_DENSITY, "density matrix of another secret");
	r = chain[k];
	r.output[31] ^= 0x10;
	resign_expect(&r, k, 0, QTCL_BEACON_ERR_OUTPUT, "output value");
	r = chain[k];
	memcpy(r.output, chain[k].signature, 32);
	resign_expect(&r, k, 0, QTCL_BEACON_ERR_OUTPUT, "output value taken from the signature");
	r = chain[k];
	r.metrics.fidelity_w += 1e-6;
	resign_expect(&r, k, 0, QTCL_BEACON_ERR_METRICS, "fidelity off by 1e-6");
	r = chain[k];
	r.metrics.entropy -= 2e-9;
	resign_expect(&r, k, 0, QTCL_BEACON_ERR_METRICS, "entropy off by 2e-9");
	r = chain[k];
	r.metrics.purity += 1e-10;
	r.metrics.l1_coherence -= 1e-10;
	resign_expect(&r, k, 0, QTCL_BEACON_OK, "metrics within 1e-9 are accepted");

	/* round 1: no predecessor */
	r = chain[0];
	r.prev_hash[3] = 1;
	resign_expect(&r, 0, 1, QTCL_BEACON_ERR_PREV_HASH, "round 1 with a non-zero previous hash");
	rc = qtcl_beacon_verify(&chain[1], NULL, trusted1, 1, &work);
	CHECK(rc == QTCL_BEACON_ERR_SEQUENCE, "round 2 without a previous round: %s", qtcl_beacon_strerror(rc));
	rc = qtcl_beacon_verify(&chain[0], &links[0], trusted1, 1, &work);
	CHECK(rc == QTCL_BEACON_ERR_SEQUENCE, "round 1 after round 1: %s", qtcl_beacon_strerror(rc));
	rc = qtcl_beacon_verify(&chain[3], &links[1], trusted1, 1, &work);
	CHECK(rc == QTCL_BEACON_ERR_SEQUENCE, "round 4 after round 2: %s", qtcl_beacon_strerror(rc));
	{
		qtcl_beacon_link l = links[1];

		l.round = 3;			/* right number, wrong round */
		rc = qtcl_beacon_verify(&chain[3], &l, trusted1, 1, &work);
		CHECK(rc == QTCL_BEACON_ERR_PREV_HASH, "round 4 after a forged round-3 link: %s", qtcl_beacon_strerror(rc));
		l = links[2];
		l.commitment[0] ^= 1;
		rc = qtcl_beacon_verify(&chain[3], &l, trusted1, 1, &work);
		CHECK(rc == QTCL_BEACON_ERR_REVEAL, "previous commitment differs: %s", qtcl_beacon_strerror(rc));
	}

	/* keys */
	rc = qtcl_beacon_verify(&chain[2], &links[1], trusted_other, 1, &work);
	CHECK(rc == QTCL_BEACON_ERR_UNTRUSTED_KEY, "round with an untrusted key: %s", qtcl_beacon_strerror(rc));
	rc = qtcl_beacon_verify(&chain[2], &links[1], NULL, 0, &work);
	CHECK(rc == QTCL_BEACON_ERR_UNTRUSTED_KEY, "no trusted keys at all: %s", qtcl_beacon_strerror(rc));
	r = chain[2];
	CHECK(qtcl_beacon_sign(&r, sk2, pk2) == QTCL_BEACON_OK, "sign with the second key");
	rc = qtcl_beacon_verify(&r, &links[1], trusted1, 1, &work);
	CHECK(rc == QTCL_BEACON_ERR_UNTRUSTED_KEY, "signed by a key not in the list: %s", qtcl_beacon_strerror(rc));
	rc = qtcl_beacon_verify(&r, &links[1], trusted2, 3, &work);
	CHECK(rc == QTCL_BEACON_OK, "the same round with that key trusted: %s", qtcl_beacon_strerror(rc));
	memcpy(r.key_id, chain[2].key_id, 32);	/* claims the first key, signed by the second */
	rc = qtcl_beacon_verify(&r, &links[1], trusted2, 3, &work);
	CHECK(rc == QTCL_BEACON_ERR_SIGNATURE, "key id of one key, signature of another: %s", qtcl_beacon_strerror(rc));
}

static void
test_make_refusals(void)
{
	qtcl_beacon_round r;
	int			rc;

	rc = qtcl_beacon_make(&r, &chain[1], secrets[3], secrets[4], chain[1].timestamp_ms, 1, sk, pk, &work);
	CHECK(rc == QTCL_BEACON_ERR_REVEAL, "make refuses a secret the previous round did not commit to: %s",
		  qtcl_beacon_strerror(rc));
	rc = qtcl_beacon_make(&r, &chain[1], secrets[2], secrets[3], chain[1].timestamp_ms - 1, 1, sk, pk, &work);
	CHECK(rc == QTCL_BEACON_ERR_TIMESTAMP_ORDER, "make refuses an earlier timestamp: %s", qtcl_beacon_strerror(rc));
	rc = qtcl_beacon_make(&r, NULL, secrets[0], secrets[1], -1, 1, sk, pk, &work);
	CHECK(rc == QTCL_BEACON_ERR_TIMESTAMP, "make refuses a negative timestamp: %s", qtcl_beacon_strerror(rc));
	rc = qtcl_beacon_make(&r, NULL, secrets[0], secrets[1], 0, 0, sk, pk, &work);
	CHECK(rc == QTCL_BEACON_ERR_SOURCES, "make refuses zero sources: %s", qtcl_beacon_strerror(rc));
	rc = qtcl_beacon_make(&r, NULL, secrets[0], secrets[1], 0, 1, sk, pk2, &work);
	CHECK(rc == QTCL_BEACON_ERR_KEY, "make refuses a public key that does not match: %s", qtcl_beacon_strerror(rc));
	{
		uint8_t		bad[QTCL_BEACON_SK_BYTES];

		memset(bad, 0xff, sizeof bad);
		rc = qtcl_beacon_make(&r, NULL, secrets[0], secrets[1], 0, 1, bad, pk, &work);
		CHECK(rc == QTCL_BEACON_ERR_KEY, "make refuses a malformed secret key: %s", qtcl_beacon_strerror(rc));
	}
	rc = qtcl_beacon_make(&r, NULL, NULL, secrets[1], 0, 1, sk, pk, &work);
	CHECK(rc == QTCL_BEACON_ERR_ARGUMENT, "make refuses NULL: %s", qtcl_beacon_strerror(rc));
}

static void
test_strerror(void)
{
	int			c,
				c2,
				distinct = 1;

	for (c = 0; c <= QTCL_BEACON_ERR_HASH; c++)
		for (c2 = 0; c2 < c; c2++)
			if (strcmp(qtcl_beacon_strerror(c), qtcl_beacon_strerror(c2)) == 0)
				distinct = 0;
	CHECK(distinct, "every code has its own message");
	CHECK(strcmp(qtcl_beacon_strerror(QTCL_BEACON_ERR_HASH + 1), "beacon: unknown error") == 0, "unknown code");
}

int
main(void)
{
	setup();
	test_chain();
	test_roundtrip();
	test_decode_refusals();
	test_field_changes();
	test_resigned();
	test_make_refusals();
	test_bitflips();
	test_strerror();
	return unit_done();
}
