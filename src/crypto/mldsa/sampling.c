/*
 * sampling.c: SHAKE-driven samplers (FIPS 204 Algorithms 29-34).
 *
 * OpenSSL 3.0 can finalise an absorbed SHAKE state only once, so the
 * rejection samplers over-squeeze once into a stack buffer sized for the
 * common case and, only when that ran short, hash the (short) seed again for
 * a doubled output and continue from where they stopped (the XOF prefix
 * property makes the longer output extend the shorter one).
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/sha3.h"
#include "crypto/mldsa/packing.h"
#include "crypto/mldsa/sampling.h"

/* First squeeze: 5 SHAKE128 blocks cover RejNTTPoly except with probability ~2^-132. */
#define REJ_NTT_FIRST (5 * QTCL_SHAKE128_RATE)
/*
 * 2 SHAKE256 blocks for RejBoundedPoly: short with probability ~7e-6 for
 * eta = 4 (a Wycheproof ML-DSA-65 vector needs 277 bytes and takes the
 * fallback), negligible for eta = 2.
 */
#define REJ_ETA_FIRST (2 * QTCL_SHAKE256_RATE)
/* SampleInBall needs 8 + about 70 bytes for tau = 60. */
#define BALL_FIRST QTCL_SHAKE256_RATE
#define REJ_STACK_MAX REJ_NTT_FIRST
/* Far beyond any real need; stops a runaway loop if SHAKE misbehaved. */
#define REJ_GIVE_UP (1 << 20)

int
mldsa_h2(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, uint8_t *out, size_t outlen)
{
	qtcl_hash	h;

	if (qtcl_hash_init(&h, QTCL_SHAKE256) != 0)
		return -1;
	if (qtcl_hash_update(&h, a, alen) != 0 || qtcl_hash_update(&h, b, blen) != 0)
	{
		qtcl_hash_free(&h);
		return -1;
	}
	return qtcl_hash_final(&h, out, outlen);
}

/* State of one rejection sampler across squeezes. */
typedef struct rej_state
{
	int32_t    *c;				/* output coefficients */
	int			i;				/* next position to fill */
	int			param;			/* eta, or tau */
	uint64_t	signs;			/* SampleInBall sign bits */
} rej_state;

/* Consumes n new bytes; returns 1 once every coefficient is set. */
typedef int (*rej_consume) (rej_state *st, const uint8_t *buf, size_t n);

/*
 * Algorithm 30 body (CoeffFromThreeBytes, Algorithm 14): 23-bit candidates
 * below q. A is public, and a candidate is rejected with probability about
 * 2^-10, so a plain branch on acceptance is almost always predicted and is
 * the fastest form; the main loop takes two candidates per 8-byte load on
 * little-endian hosts.
 */
unsigned
mldsa_rej_uniform(int32_t *c, unsigned i, const uint8_t *buf, size_t n)
{
	size_t		pos = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (pos + 8 <= n && i + 2 <= MLDSA_N)
	{
		uint64_t	w;
		uint32_t	t0,
					t1;

		memcpy(&w, buf + pos, 8);
		t0 = (uint32_t) w & 0x7fffff;
		t1 = (uint32_t) (w >> 24) & 0x7fffff;
		if (t0 < MLDSA_Q)
			c[i++] = (int32_t) t0;
		if (t1 < MLDSA_Q)
			c[i++] = (int32_t) t1;
		pos += 6;
	}
#endif
	for (; pos + 3 <= n && i < MLDSA_N; pos += 3)
	{
		uint32_t	t = (uint32_t) buf[pos] | (uint32_t) buf[pos + 1] << 8 |
			(uint32_t) (buf[pos + 2] & 0x7f) << 16;

		if (t < MLDSA_Q)
			c[i++] = (int32_t) t;
	}
	return i;
}

static int
consume_ntt(rej_state *st, const uint8_t *buf, size_t n)
{
	st->i = (int) mldsa_rej_uniform(st->c, (unsigned) st->i, buf, n);
	return st->i >= MLDSA_N;
}

/*
 * CoeffFromHalfByte (Algorithm 15): eta = 2 keeps b < 15 as 2 - (b mod 5),
 * eta = 4 keeps b < 9 as 4 - b. Which half-bytes are rejected depends only on
 * the discarded values, so even branching on acceptance would leak nothing
 * about the accepted coefficients; the mod 5 is a constant division
 * (multiply, no div).
 */
unsigned
mldsa_rej_eta(int32_t *c, unsigned i, const uint8_t *buf, size_t n, int eta)
{
	size_t		pos;

	/*
	 * Each half-byte is written at c[i] and kept by advancing i only when it
	 * is accepted: no branch on the secret stream at all (the loop stops when
	 * 256 are kept, a public event). One loop per eta so the map is fixed.
	 */
	if (eta == 2)
	{
		for (pos = 0; pos < n && i < MLDSA_N; pos++)
		{
			uint32_t	b0 = buf[pos] & 0x0fu,
						b1 = (uint32_t) buf[pos] >> 4;

			c[i] = 2 - (int32_t) (b0 - (205 * b0 >> 10) * 5);
			i += b0 < 15;
			if (i >= MLDSA_N)
				break;
			c[i] = 2 - (int32_t) (b1 - (205 * b1 >> 10) * 5);
			i += b1 < 15;
		}
	}
	else
	{
		for (pos = 0; pos < n && i < MLDSA_N; pos++)
		{
			uint32_t	b0 = buf[pos] & 0x0fu,
						b1 = (uint32_t) buf[pos] >> 4;

			c[i] = 4 - (int32_t) b0;
			i += b0 < 9;
			if (i >= MLDSA_N)
				break;
			c[i] = 4 - (int32_t) b1;
			i += b1 < 9;
		}
	}
	return i;
}

static int
consume_eta(rej_state *st, const uint8_t *buf, size_t n)
{
	st->i = (int) mldsa_rej_eta(st->c, (unsigned) st->i, buf, n, st->param);
	return st->i >= MLDSA_N;
}

/*
 * Algorithm 29 body: the first 8 bytes are the sign bits, then each position
 * i = 256 - tau .. 255 takes the first byte j <= i (a Fisher-Yates shuffle).
 * c is public (it is part of the signature), so plain branches are fine.
 */
static int
consume_ball(rej_state *st, const uint8_t *buf, size_t n)
{
	size_t		pos = 0;

	if (st->i < 0)
	{
		int			b;

		st->signs = 0;
		for (b = 0; b < 8; b++)
			st->signs |= (uint64_t) buf[b] << (8 * b);
		pos = 8;
		st->i = MLDSA_N - st->param;
	}
	for (; pos < n && st->i < MLDSA_N; pos++)
	{
		int			j = buf[pos];

		if (j > st->i)
			continue;
		st->c[st->i] = st->c[j];
		st->c[j] = 1 - 2 * (int32_t) (st->signs & 1);
		st->signs >>= 1;
		st->i++;
	}
	return st->i >= MLDSA_N;
}

/*
 * Squeezes `first` bytes of SHAKE(seed) and feeds them to fn; if that was not
 * enough, squeezes the doubled prefix into a heap buffer (rare path) and feeds
 * only the new bytes. Buffers are wiped when secret (the ExpandS stream); A
 * is public; the SampleInBall stream of a rejected attempt is not released.
 * `first` must keep the increments a multiple of 3 for RejNTTPoly (it is 840).
 */
static int
rej_sample(rej_state *st, qtcl_hash_alg alg, const uint8_t *seed, size_t seedlen,
		   size_t first, rej_consume fn, int secret)
{
	uint8_t		stackbuf[REJ_STACK_MAX];
	uint8_t    *buf = stackbuf,
			   *heap = NULL;
	size_t		len = first,
				done = 0;
	int			rc = 0;

	for (;;)
	{
		qtcl_hash	h;

		if (qtcl_hash_init(&h, alg) != 0)
		{
			rc = -1;
			break;
		}
		if (qtcl_hash_update(&h, seed, seedlen) != 0)
		{
			qtcl_hash_free(&h);
			rc = -1;
			break;
		}
		if (qtcl_hash_final(&h, buf, len) != 0)
		{
			rc = -1;
			break;
		}
		if (fn(st, buf + done, len - done))
			break;
		done = len;
		len *= 2;
		if (len > REJ_GIVE_UP)
		{
			rc = -1;
			break;
		}
		if (heap != NULL)
		{
			if (secret)
				qtcl_wipe(heap, done);
			free(heap);
		}
		heap = malloc(len);
		if (heap == NULL)
		{
			rc = -1;
			break;
		}
		buf = heap;
	}
	if (secret)
		qtcl_wipe(stackbuf, first < sizeof stackbuf ? first : sizeof stackbuf);
	if (heap != NULL)
	{
		if (secret)
			qtcl_wipe(heap, len);
		free(heap);
	}
	return rc;
}

int
mldsa_expand_a_entry(mldsa_poly *a, const uint8_t rho[32], int row, int col)
{
	uint8_t		seed[34];
	rej_state	st = {a->c, 0, 0, 0};

	memcpy(seed, rho, 32);
	seed[32] = (uint8_t) col;
	seed[33] = (uint8_t) row;
	return rej_sample(&st, QTCL_SHAKE128, seed, sizeof seed, REJ_NTT_FIRST, consume_ntt, 0);
}

int
mldsa_expand_s_poly(mldsa_poly *s, const uint8_t rhoprime[64], int r, int eta)
{
	uint8_t		seed[66];
	rej_state	st = {s->c, 0, eta, 0};
	int			rc;

	memcpy(seed, rhoprime, 64);
	seed[64] = (uint8_t) r;
	seed[65] = (uint8_t) (r >> 8);
	rc = rej_sample(&st, QTCL_SHAKE256, seed, sizeof seed, REJ_ETA_FIRST, consume_eta, 1);
	qtcl_wipe(seed, sizeof seed);
	return rc;
}

int
mldsa_expand_mask_poly(mldsa_poly *y, const uint8_t rhopp[64], unsigned kappa_r, int32_t gamma1)
{
	uint8_t		n[2] = {(uint8_t) kappa_r, (uint8_t) (kappa_r >> 8)};
	uint8_t		buf[MLDSA_N * 20 / 8];
	size_t		len = gamma1 == (1 << 17) ? MLDSA_N * 18 / 8 : MLDSA_N * 20 / 8;
	int			rc;

	rc = mldsa_h2(rhopp, 64, n, 2, buf, len);
	if (rc == 0)
		mldsa_unpack_z(y, buf, gamma1);
	qtcl_wipe(buf, sizeof buf);
	return rc;
}

int
mldsa_sample_in_ball(mldsa_poly *c, const uint8_t *ctilde, size_t ctlen, int tau)
{
	rej_state	st = {c->c, -1, tau, 0};

	memset(c, 0, sizeof *c);
	return rej_sample(&st, QTCL_SHAKE256, ctilde, ctlen, BALL_FIRST, consume_ball, 1);
}

/*
 * Batches of up to four polynomials. The AVX2 back end samples them together
 * with the four-way Keccak (sampling_avx2.c); the portable one, and a batch
 * of one, go through EVP one polynomial at a time. Same bytes either way.
 */
int
mldsa_expand_a_x4(mldsa_poly *const a[4], const uint8_t rho[32], const uint16_t nonce[4], int n)
{
	int			j;

	if (n > 1 && mldsa_poly_use_avx2())
		return mldsa_expand_a_x4_avx2(a, rho, nonce, n);
	for (j = 0; j < n; j++)
		if (mldsa_expand_a_entry(a[j], rho, nonce[j] >> 8, nonce[j] & 0xff) != 0)
			return -1;
	return 0;
}

int
mldsa_expand_matrix(int k, int l, const uint8_t rho[32], mldsa_poly a[][MLDSA_L_MAX])
{
	int			e,
				b;

	for (e = 0; e < k * l; e += 4)
	{
		mldsa_poly *ap[4];
		uint16_t	nonce[4];
		int			n = k * l - e < 4 ? k * l - e : 4;

		for (b = 0; b < n; b++)
		{
			ap[b] = &a[(e + b) / l][(e + b) % l];
			nonce[b] = (uint16_t) ((e + b) / l << 8 | (e + b) % l);
		}
		if (mldsa_expand_a_x4(ap, rho, nonce, n) != 0)
			return -1;
	}
	return 0;
}

int
mldsa_expand_s_x4(mldsa_poly *const s[4], const uint8_t rhoprime[64], const uint16_t nonce[4], int n, int eta)
{
	int			j;

	if (n > 1 && mldsa_poly_use_avx2())
		return mldsa_expand_s_x4_avx2(s, rhoprime, nonce, n, eta);
	for (j = 0; j < n; j++)
		if (mldsa_expand_s_poly(s[j], rhoprime, nonce[j], eta) != 0)
			return -1;
	return 0;
}

int
mldsa_expand_mask_x4(mldsa_poly *const y[4], const uint8_t rhopp[64], const uint16_t nonce[4], int n, int32_t gamma1)
{
	int			j;

	if (n > 1 && mldsa_poly_use_avx2())
		return mldsa_expand_mask_x4_avx2(y, rhopp, nonce, n, gamma1);
	for (j = 0; j < n; j++)
		if (mldsa_expand_mask_poly(y[j], rhopp, nonce[j], gamma1) != 0)
			return -1;
	return 0;
}
