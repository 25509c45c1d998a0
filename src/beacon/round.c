/* round.c: see round.h */
#include "beacon/round.h"

#include <math.h>
#include <string.h>

#include "crypto/sha3.h"

_Static_assert(QTCL_BEACON_OFF_DM + QTCL_BEACON_DM_BYTES == QTCL_BEACON_OFF_METRICS,
			   "density matrix ends where the metrics start");
_Static_assert(QTCL_BEACON_OFF_METRICS + 32 == QTCL_BEACON_OFF_OUTPUT, "4 metrics");
_Static_assert(QTCL_BEACON_OFF_SIG_LEN + 2 == QTCL_BEACON_SIGNED_BYTES,
			   "the signed message ends with the signature length");
_Static_assert(QTCL_BEACON_ENCODED_BYTES == 4557, "encoded round size");
_Static_assert(sizeof(double) == 8, "binary64 doubles");

const char *
qtcl_beacon_strerror(int code)
{
	switch (code)
	{
		case QTCL_BEACON_OK:
			return "ok";
		case QTCL_BEACON_ERR_TRUNCATED:
			return "invalid beacon round: encoding shorter than 4557 bytes";
		case QTCL_BEACON_ERR_TRAILING:
			return "invalid beacon round: bytes after the 4557-byte encoding";
		case QTCL_BEACON_ERR_MAGIC:
			return "invalid beacon round: missing magic \"QTCLBEAC\"";
		case QTCL_BEACON_ERR_VERSION:
			return "invalid beacon round: unsupported version";
		case QTCL_BEACON_ERR_SIG_LENGTH:
			return "invalid beacon round: signature length is not 3309 (ML-DSA-65)";
		case QTCL_BEACON_ERR_ROUND:
			return "invalid beacon round: round number outside 1..2^63-1";
		case QTCL_BEACON_ERR_TIMESTAMP:
			return "invalid beacon round: negative timestamp";
		case QTCL_BEACON_ERR_SOURCES:
			return "invalid beacon round: zero entropy sources";
		case QTCL_BEACON_ERR_DM_QUBITS:
			return "invalid beacon round: density matrix is not 3 qubits";
		case QTCL_BEACON_ERR_DM_INVALID:
			return "invalid beacon round: density matrix is not a valid state";
		case QTCL_BEACON_ERR_METRIC_NONFINITE:
			return "invalid beacon round: non-finite metric";
		case QTCL_BEACON_ERR_UNTRUSTED_KEY:
			return "beacon round verification failed: signed by an untrusted key";
		case QTCL_BEACON_ERR_SIGNATURE:
			return "beacon round verification failed: signature does not verify";
		case QTCL_BEACON_ERR_SEQUENCE:
			return "beacon round verification failed: round number does not follow the previous round";
		case QTCL_BEACON_ERR_TIMESTAMP_ORDER:
			return "beacon round verification failed: timestamp before the previous round's";
		case QTCL_BEACON_ERR_PREV_HASH:
			return "beacon round verification failed: previous round hash does not match";
		case QTCL_BEACON_ERR_REVEAL:
			return "beacon round verification failed: revealed secret does not match the previous commitment";
		case QTCL_BEACON_ERR_DENSITY:
			return "beacon round verification failed: density matrix differs from the one derived from the secret";
		case QTCL_BEACON_ERR_OUTPUT:
			return "beacon round verification failed: output value does not match";
		case QTCL_BEACON_ERR_METRICS:
			return "beacon round verification failed: metrics differ from the recomputed ones by more than 1e-9";
		case QTCL_BEACON_ERR_ARGUMENT:
			return "beacon: bad argument";
		case QTCL_BEACON_ERR_SHOTS:
			return "beacon: shot count out of range";
		case QTCL_BEACON_ERR_NO_PROBABILITY:
			return "beacon: density matrix gives no outcome a probability";
		case QTCL_BEACON_ERR_KEY:
			return "beacon: oracle secret key is malformed or does not match the public key";
		case QTCL_BEACON_ERR_EIGEN:
			return "beacon: metric computation failed";
		case QTCL_BEACON_ERR_HASH:
			return "beacon: SHA3 failed";
	}
	return "beacon: unknown error";
}

/* ---- big-endian fields ---- */

static void
put_u64(uint8_t *b, uint64_t v)
{
	int			i;

	for (i = 7; i >= 0; i--)
	{
		b[i] = (uint8_t) (v & 0xff);
		v >>= 8;
	}
}

static uint64_t
get_u64(const uint8_t *b)
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | b[i];
	return v;
}

static void
put_double(uint8_t *b, double d)
{
	uint64_t	u;

	memcpy(&u, &d, 8);
	put_u64(b, u);
}

static double
get_double(const uint8_t *b)
{
	uint64_t	u = get_u64(b);
	double		d;

	memcpy(&d, &u, 8);
	return d;
}

/* ---- checks ---- */

int
qtcl_beacon_check_fields(const qtcl_beacon_round *r)
{
	int			k;

	if (r == NULL)
		return QTCL_BEACON_ERR_ARGUMENT;
	if (r->round == 0 || r->round > (uint64_t) INT64_MAX)
		return QTCL_BEACON_ERR_ROUND;
	if (r->timestamp_ms < 0)
		return QTCL_BEACON_ERR_TIMESTAMP;
	if (r->sources == 0)
		return QTCL_BEACON_ERR_SOURCES;
	for (k = 0; k < QTCL_BEACON_ENTRIES; k++)
		if (!isfinite(r->rho_re[k]) || !isfinite(r->rho_im[k]))
			return QTCL_BEACON_ERR_DM_INVALID;
	if (!isfinite(r->metrics.purity) || !isfinite(r->metrics.entropy) ||
		!isfinite(r->metrics.fidelity_w) || !isfinite(r->metrics.l1_coherence))
		return QTCL_BEACON_ERR_METRIC_NONFINITE;
	return QTCL_BEACON_OK;
}

void
qtcl_beacon_dm_load(const qtcl_beacon_round *r, qtcl_dm *out)
{
	out->n = QTCL_BEACON_QUBITS;
	out->dim = QTCL_BEACON_DIM;
	memcpy(out->re, r->rho_re, sizeof r->rho_re);
	memcpy(out->im, r->rho_im, sizeof r->rho_im);
}

int
qtcl_beacon_dm_validate(const qtcl_beacon_round *r, qtcl_beacon_work *w, int *dm_code)
{
	int			rc;

	qtcl_beacon_dm_load(r, &w->rho);
	rc = qtcl_dm_validate(&w->rho, &w->dm, NULL);
	if (dm_code != NULL)
		*dm_code = rc;
	return rc == QTCL_DM_OK ? QTCL_BEACON_OK : QTCL_BEACON_ERR_DM_INVALID;
}

/* ---- encoding ---- */

void
qtcl_beacon_dm_bytes(const double re[QTCL_BEACON_ENTRIES], const double im[QTCL_BEACON_ENTRIES],
					 uint8_t out[QTCL_BEACON_DM_BYTES])
{
	int			k;

	out[0] = QTCL_BEACON_QUBITS;
	for (k = 0; k < QTCL_BEACON_ENTRIES; k++)
	{
		put_double(out + 1 + 8 * k, re[k]);
		put_double(out + 1 + 8 * (QTCL_BEACON_ENTRIES + k), im[k]);
	}
}

void
qtcl_beacon_signed_message(const qtcl_beacon_round *r, uint8_t out[QTCL_BEACON_SIGNED_BYTES])
{
	memcpy(out, QTCL_BEACON_MAGIC, QTCL_BEACON_MAGIC_BYTES);
	out[QTCL_BEACON_OFF_VERSION] = QTCL_BEACON_VERSION;
	put_u64(out + QTCL_BEACON_OFF_ROUND, r->round);
	put_u64(out + QTCL_BEACON_OFF_TIMESTAMP, (uint64_t) r->timestamp_ms);
	out[QTCL_BEACON_OFF_SOURCES] = (uint8_t) (r->sources >> 24);
	out[QTCL_BEACON_OFF_SOURCES + 1] = (uint8_t) (r->sources >> 16);
	out[QTCL_BEACON_OFF_SOURCES + 2] = (uint8_t) (r->sources >> 8);
	out[QTCL_BEACON_OFF_SOURCES + 3] = (uint8_t) r->sources;
	memcpy(out + QTCL_BEACON_OFF_PREV, r->prev_hash, QTCL_BEACON_HASH_BYTES);
	memcpy(out + QTCL_BEACON_OFF_SECRET, r->secret, QTCL_BEACON_SECRET_BYTES);
	memcpy(out + QTCL_BEACON_OFF_COMMIT, r->commitment, QTCL_BEACON_HASH_BYTES);
	qtcl_beacon_dm_bytes(r->rho_re, r->rho_im, out + QTCL_BEACON_OFF_DM);
	put_double(out + QTCL_BEACON_OFF_METRICS, r->metrics.purity);
	put_double(out + QTCL_BEACON_OFF_METRICS + 8, r->metrics.entropy);
	put_double(out + QTCL_BEACON_OFF_METRICS + 16, r->metrics.fidelity_w);
	put_double(out + QTCL_BEACON_OFF_METRICS + 24, r->metrics.l1_coherence);
	memcpy(out + QTCL_BEACON_OFF_OUTPUT, r->output, QTCL_BEACON_HASH_BYTES);
	memcpy(out + QTCL_BEACON_OFF_KEY_ID, r->key_id, QTCL_BEACON_HASH_BYTES);
	out[QTCL_BEACON_OFF_SIG_LEN] = (uint8_t) (QTCL_BEACON_SIG_BYTES >> 8);
	out[QTCL_BEACON_OFF_SIG_LEN + 1] = (uint8_t) (QTCL_BEACON_SIG_BYTES & 0xff);
}

void
qtcl_beacon_encode(const qtcl_beacon_round *r, uint8_t out[QTCL_BEACON_ENCODED_BYTES])
{
	qtcl_beacon_signed_message(r, out);
	memcpy(out + QTCL_BEACON_OFF_SIG, r->signature, QTCL_BEACON_SIG_BYTES);
}

int
qtcl_beacon_decode(const uint8_t *buf, size_t len, qtcl_beacon_round *r, qtcl_beacon_work *w,
				   int *dm_code)
{
	int			k,
				rc;
	uint64_t	ts;

	if (dm_code != NULL)
		*dm_code = QTCL_DM_OK;
	if (r == NULL || w == NULL || (buf == NULL && len > 0))
		return QTCL_BEACON_ERR_ARGUMENT;
	/* header first, so that a foreign blob says "magic" rather than "length" */
	if (len < QTCL_BEACON_MAGIC_BYTES + 1)
		return QTCL_BEACON_ERR_TRUNCATED;
	if (memcmp(buf, QTCL_BEACON_MAGIC, QTCL_BEACON_MAGIC_BYTES) != 0)
		return QTCL_BEACON_ERR_MAGIC;
	if (buf[QTCL_BEACON_OFF_VERSION] != QTCL_BEACON_VERSION)
		return QTCL_BEACON_ERR_VERSION;
	if (len < QTCL_BEACON_SIGNED_BYTES)
		return QTCL_BEACON_ERR_TRUNCATED;
	if (((unsigned) buf[QTCL_BEACON_OFF_SIG_LEN] << 8 | buf[QTCL_BEACON_OFF_SIG_LEN + 1]) !=
		QTCL_BEACON_SIG_BYTES)
		return QTCL_BEACON_ERR_SIG_LENGTH;
	if (len < QTCL_BEACON_ENCODED_BYTES)
		return QTCL_BEACON_ERR_TRUNCATED;
	if (len > QTCL_BEACON_ENCODED_BYTES)
		return QTCL_BEACON_ERR_TRAILING;

	memset(r, 0, sizeof *r);
	r->round = get_u64(buf + QTCL_BEACON_OFF_ROUND);
	ts = get_u64(buf + QTCL_BEACON_OFF_TIMESTAMP);
	r->timestamp_ms = ts > (uint64_t) INT64_MAX ? -1 : (int64_t) ts;
	r->sources = (uint32_t) buf[QTCL_BEACON_OFF_SOURCES] << 24 |
		(uint32_t) buf[QTCL_BEACON_OFF_SOURCES + 1] << 16 |
		(uint32_t) buf[QTCL_BEACON_OFF_SOURCES + 2] << 8 |
		(uint32_t) buf[QTCL_BEACON_OFF_SOURCES + 3];
	memcpy(r->prev_hash, buf + QTCL_BEACON_OFF_PREV, QTCL_BEACON_HASH_BYTES);
	memcpy(r->secret, buf + QTCL_BEACON_OFF_SECRET, QTCL_BEACON_SECRET_BYTES);
	memcpy(r->commitment, buf + QTCL_BEACON_OFF_COMMIT, QTCL_BEACON_HASH_BYTES);
	if (buf[QTCL_BEACON_OFF_DM] != QTCL_BEACON_QUBITS)
		return QTCL_BEACON_ERR_DM_QUBITS;
	for (k = 0; k < QTCL_BEACON_ENTRIES; k++)
	{
		r->rho_re[k] = get_double(buf + QTCL_BEACON_OFF_DM + 1 + 8 * k);
		r->rho_im[k] = get_double(buf + QTCL_BEACON_OFF_DM + 1 + 8 * (QTCL_BEACON_ENTRIES + k));
	}
	r->metrics.purity = get_double(buf + QTCL_BEACON_OFF_METRICS);
	r->metrics.entropy = get_double(buf + QTCL_BEACON_OFF_METRICS + 8);
	r->metrics.fidelity_w = get_double(buf + QTCL_BEACON_OFF_METRICS + 16);
	r->metrics.l1_coherence = get_double(buf + QTCL_BEACON_OFF_METRICS + 24);
	memcpy(r->output, buf + QTCL_BEACON_OFF_OUTPUT, QTCL_BEACON_HASH_BYTES);
	memcpy(r->key_id, buf + QTCL_BEACON_OFF_KEY_ID, QTCL_BEACON_HASH_BYTES);
	memcpy(r->signature, buf + QTCL_BEACON_OFF_SIG, QTCL_BEACON_SIG_BYTES);

	rc = qtcl_beacon_check_fields(r);
	if (rc == QTCL_BEACON_ERR_DM_INVALID && dm_code != NULL)
		*dm_code = QTCL_DM_ERR_NONFINITE;
	if (rc != QTCL_BEACON_OK)
		return rc;
	return qtcl_beacon_dm_validate(r, w, dm_code);
}

/* ---- hashes ---- */

int
qtcl_beacon_round_hash(const qtcl_beacon_round *r, uint8_t out[QTCL_BEACON_HASH_BYTES])
{
	uint8_t		enc[QTCL_BEACON_ENCODED_BYTES];
	int			rc;

	qtcl_beacon_encode(r, enc);
	rc = qtcl_sha3_256(enc, sizeof enc, out);
	return rc == 0 ? QTCL_BEACON_OK : QTCL_BEACON_ERR_HASH;
}

int
qtcl_beacon_compute_output(const qtcl_beacon_round *r, uint8_t out[QTCL_BEACON_HASH_BYTES])
{
	uint8_t		rn[8];
	uint8_t		dm[QTCL_BEACON_DM_BYTES];
	qtcl_hash	h;
	int			ok;

	put_u64(rn, r->round);
	qtcl_beacon_dm_bytes(r->rho_re, r->rho_im, dm);
	if (qtcl_hash_init(&h, QTCL_SHA3_256) != 0)
		return QTCL_BEACON_ERR_HASH;
	ok = qtcl_hash_update(&h, QTCL_BEACON_OUTPUT_LABEL, strlen(QTCL_BEACON_OUTPUT_LABEL)) == 0 &&
		qtcl_hash_update(&h, rn, sizeof rn) == 0 &&
		qtcl_hash_update(&h, r->prev_hash, QTCL_BEACON_HASH_BYTES) == 0 &&
		qtcl_hash_update(&h, r->secret, QTCL_BEACON_SECRET_BYTES) == 0 &&
		qtcl_hash_update(&h, dm, sizeof dm) == 0;
	if (!ok)
	{
		qtcl_hash_free(&h);
		return QTCL_BEACON_ERR_HASH;
	}
	return qtcl_hash_final(&h, out, QTCL_BEACON_HASH_BYTES) == 0 ? QTCL_BEACON_OK : QTCL_BEACON_ERR_HASH;
}

int
qtcl_beacon_commit(const uint8_t s[QTCL_BEACON_SECRET_BYTES], uint8_t out[QTCL_BEACON_HASH_BYTES])
{
	return qtcl_sha3_256(s, QTCL_BEACON_SECRET_BYTES, out) == 0 ? QTCL_BEACON_OK : QTCL_BEACON_ERR_HASH;
}

int
qtcl_beacon_key_id(const uint8_t *pk, uint8_t out[QTCL_BEACON_HASH_BYTES])
{
	if (pk == NULL)
		return QTCL_BEACON_ERR_ARGUMENT;
	return qtcl_sha3_256(pk, QTCL_BEACON_PK_BYTES, out) == 0 ? QTCL_BEACON_OK : QTCL_BEACON_ERR_HASH;
}
