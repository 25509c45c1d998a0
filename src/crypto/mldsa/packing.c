/*
 * packing.c: the bit-level encodings of FIPS 204 (Algorithms 16-28).
 *
 * Bit strings are little-endian (IntegerToBits then BitsToBytes), so packing
 * w bits per coefficient is a running 64-bit accumulator: coefficient i
 * occupies bits w*i .. w*i+w-1 of the byte string. Timing depends only on the
 * widths, never on the values (s1, s2 and t0 are secret).
 */
#include <string.h>

#include "crypto/mldsa/packing.h"

/*
 * Writes 32*w bytes: value v_i = b - a_i (BitPack), or a_i itself when simple.
 * Groups of 8 coefficients fill exactly w bytes, so the bit position restarts
 * at 0 for each group; inlined with a constant w (w <= 20) and the group loop
 * unrolled, every shift and byte test below folds to a constant.
 */
static inline __attribute__((always_inline)) void
pack_bits(uint8_t *out, const mldsa_poly *a, int32_t b, int simple, unsigned w)
{
	int			i,
				k;

	for (i = 0; i < MLDSA_N; i += 8)
	{
		uint64_t	acc = 0;
		unsigned	bits = 0;

#pragma GCC unroll 8
		for (k = 0; k < 8; k++)
		{
			uint32_t	v = simple ? (uint32_t) a->c[i + k] : (uint32_t) (b - a->c[i + k]);

			acc |= (uint64_t) (v & ((1u << w) - 1)) << bits;
			bits += w;
			/* At most 7 + 20 bits are pending: three bytes at most. */
			if (bits >= 8)
			{
				*out++ = (uint8_t) acc;
				acc >>= 8;
				bits -= 8;
			}
			if (bits >= 8)
			{
				*out++ = (uint8_t) acc;
				acc >>= 8;
				bits -= 8;
			}
			if (bits >= 8)
			{
				*out++ = (uint8_t) acc;
				acc >>= 8;
				bits -= 8;
			}
		}
	}
}

/* Reads exactly 32*w bytes into raw w-bit values (same structure as pack_bits). */
static inline __attribute__((always_inline)) void
unpack_bits(uint32_t *v, const uint8_t *in, unsigned w)
{
	int			i,
				k;

	for (i = 0; i < MLDSA_N; i += 8)
	{
		uint64_t	acc = 0;
		unsigned	bits = 0;

#pragma GCC unroll 8
		for (k = 0; k < 8; k++)
		{
			if (bits < w)
			{
				acc |= (uint64_t) (*in++) << bits;
				bits += 8;
			}
			if (bits < w)
			{
				acc |= (uint64_t) (*in++) << bits;
				bits += 8;
			}
			if (bits < w)
			{
				acc |= (uint64_t) (*in++) << bits;
				bits += 8;
			}
			v[i + k] = (uint32_t) acc & ((1u << w) - 1);
			acc >>= w;
			bits -= w;
		}
	}
}

/*
 * BitUnpack(v, gamma1 - 1, gamma1) for the two widths: 18 bits = 4
 * coefficients per 9 bytes, 20 bits = 2 per 5 bytes. This runs in every
 * signing iteration (ExpandMask), hence the unrolled forms.
 */
void
mldsa_unpack_z(mldsa_poly *z, const uint8_t *in, int32_t gamma1)
{
	int			i;

	if (gamma1 == (1 << 17))
	{
		for (i = 0; i < MLDSA_N / 4; i++, in += 9)
		{
			uint64_t	lo = (uint64_t) in[0] | (uint64_t) in[1] << 8 | (uint64_t) in[2] << 16 |
				(uint64_t) in[3] << 24 | (uint64_t) in[4] << 32 | (uint64_t) in[5] << 40 |
				(uint64_t) in[6] << 48 | (uint64_t) in[7] << 56;
			uint32_t	m = (1u << 18) - 1;

			z->c[4 * i + 0] = gamma1 - (int32_t) (lo & m);
			z->c[4 * i + 1] = gamma1 - (int32_t) ((lo >> 18) & m);
			z->c[4 * i + 2] = gamma1 - (int32_t) ((lo >> 36) & m);
			z->c[4 * i + 3] = gamma1 - (int32_t) (((lo >> 54) | (uint64_t) in[8] << 10) & m);
		}
	}
	else
	{
		for (i = 0; i < MLDSA_N / 2; i++, in += 5)
		{
			uint64_t	v = (uint64_t) in[0] | (uint64_t) in[1] << 8 | (uint64_t) in[2] << 16 |
				(uint64_t) in[3] << 24 | (uint64_t) in[4] << 32;
			uint32_t	m = (1u << 20) - 1;

			z->c[2 * i + 0] = gamma1 - (int32_t) (v & m);
			z->c[2 * i + 1] = gamma1 - (int32_t) ((v >> 20) & m);
		}
	}
}

void
mldsa_pack_z(uint8_t *out, const mldsa_poly *z, int32_t gamma1)
{
	if (gamma1 == (1 << 17))
		pack_bits(out, z, gamma1, 0, 18);
	else
		pack_bits(out, z, gamma1, 0, 20);
}

void
mldsa_pack_w1(uint8_t *out, const mldsa_poly *w1, unsigned bits)
{
	if (bits == 6)
		pack_bits(out, w1, 0, 1, 6);
	else
		pack_bits(out, w1, 0, 1, 4);
}

void
mldsa_pk_encode(const mldsa_params *p, uint8_t *pk, const uint8_t rho[32], const mldsa_poly *t1)
{
	int			i;

	memcpy(pk, rho, 32);
	for (i = 0; i < p->k; i++)
		pack_bits(pk + 32 + i * MLDSA_T1_POLY_BYTES, &t1[i], 0, 1, 10);
}

void
mldsa_pk_decode(const mldsa_params *p, const uint8_t *pk, uint8_t rho[32], mldsa_poly *t1)
{
	int			i;

	memcpy(rho, pk, 32);
	for (i = 0; i < p->k; i++)
		unpack_bits((uint32_t *) t1[i].c, pk + 32 + i * MLDSA_T1_POLY_BYTES, 10);
}

void
mldsa_sk_encode(const mldsa_params *p, uint8_t *sk, const uint8_t rho[32],
				const uint8_t key[32], const uint8_t tr[64],
				const mldsa_poly *s1, const mldsa_poly *s2, const mldsa_poly *t0)
{
	unsigned	eb = (unsigned) mldsa_eta_bits(p);
	int			i;

	memcpy(sk, rho, 32);
	memcpy(sk + 32, key, 32);
	memcpy(sk + 64, tr, 64);
	sk += 128;
	for (i = 0; i < p->l + p->k; i++, sk += 32 * eb)
	{
		const mldsa_poly *s = i < p->l ? &s1[i] : &s2[i - p->l];

		if (eb == 3)
			pack_bits(sk, s, p->eta, 0, 3);
		else
			pack_bits(sk, s, p->eta, 0, 4);
	}
	for (i = 0; i < p->k; i++, sk += MLDSA_T0_POLY_BYTES)
		pack_bits(sk, &t0[i], 1 << (MLDSA_D - 1), 0, MLDSA_D);
}

/* eta - v for a 3- or 4-bit v; returns a nonzero mask when v > 2*eta. */
static uint32_t
unpack_eta(mldsa_poly *s, const uint8_t *in, int eta, unsigned bits)
{
	uint32_t	bad = 0;
	int			i;

	if (bits == 3)
		unpack_bits((uint32_t *) s->c, in, 3);
	else
		unpack_bits((uint32_t *) s->c, in, 4);
	for (i = 0; i < MLDSA_N; i++)
	{
		uint32_t	v = (uint32_t) s->c[i];

		/* (2*eta - v) is negative exactly when out of range: take its sign bit. */
		bad |= (uint32_t) (2 * eta - (int32_t) v) >> 31;
		s->c[i] = eta - (int32_t) v;
	}
	return bad;
}

int
mldsa_sk_decode(const mldsa_params *p, const uint8_t *sk, uint8_t rho[32],
				uint8_t key[32], uint8_t tr[64],
				mldsa_poly *s1, mldsa_poly *s2, mldsa_poly *t0)
{
	unsigned	eb = (unsigned) mldsa_eta_bits(p);
	uint32_t	bad = 0;
	int			i,
				j;

	memcpy(rho, sk, 32);
	memcpy(key, sk + 32, 32);
	memcpy(tr, sk + 64, 64);
	sk += 128;
	for (i = 0; i < p->l; i++, sk += 32 * eb)
		bad |= unpack_eta(&s1[i], sk, p->eta, eb);
	for (i = 0; i < p->k; i++, sk += 32 * eb)
		bad |= unpack_eta(&s2[i], sk, p->eta, eb);
	for (i = 0; i < p->k; i++, sk += MLDSA_T0_POLY_BYTES)
	{
		/* Every 13-bit value is a valid t0 in [-2^12 + 1, 2^12]. */
		unpack_bits((uint32_t *) t0[i].c, sk, MLDSA_D);
		for (j = 0; j < MLDSA_N; j++)
			t0[i].c[j] = (1 << (MLDSA_D - 1)) - t0[i].c[j];
	}
	return bad ? -1 : 0;
}

void
mldsa_sig_encode(const mldsa_params *p, uint8_t *sig, const uint8_t *ctilde,
				 const mldsa_poly *z, const mldsa_poly *h)
{
	size_t		ct = mldsa_ctilde_bytes(p);
	size_t		zb = 32 * mldsa_z_bits(p);
	uint8_t    *y;
	int			i,
				j,
				index = 0;

	memcpy(sig, ctilde, ct);
	for (i = 0; i < p->l; i++)
		mldsa_pack_z(sig + ct + i * zb, &z[i], p->gamma1);

	/* Algorithm 20: indices of the ones, then the running count after each polynomial. */
	y = sig + ct + p->l * zb;
	memset(y, 0, (size_t) (p->omega + p->k));
	for (i = 0; i < p->k; i++)
	{
		for (j = 0; j < MLDSA_N; j++)
			if (h[i].c[j] != 0 && index < p->omega)
				y[index++] = (uint8_t) j;
		y[p->omega + i] = (uint8_t) index;
	}
}

int
mldsa_hint_unpack(const mldsa_params *p, const uint8_t *y, mldsa_poly *h)
{
	int			i,
				index = 0;

	memset(h, 0, sizeof(mldsa_poly) * (size_t) p->k);
	for (i = 0; i < p->k; i++)
	{
		int			cut = y[p->omega + i];
		int			first = index;

		/* Cuts must not decrease nor pass omega: otherwise reads leave the index area. */
		if (cut < index || cut > p->omega)
			return -1;
		for (; index < cut; index++)
		{
			/* Strictly increasing within a polynomial: one encoding per hint vector. */
			if (index > first && y[index - 1] >= y[index])
				return -1;
			h[i].c[y[index]] = 1;
		}
	}
	/* Unused index bytes must be zero (again for a unique encoding). */
	for (i = index; i < p->omega; i++)
		if (y[i] != 0)
			return -1;
	return 0;
}

int
mldsa_sig_decode(const mldsa_params *p, const uint8_t *sig, uint8_t *ctilde,
				 mldsa_poly *z, mldsa_poly *h)
{
	size_t		ct = mldsa_ctilde_bytes(p);
	size_t		zb = 32 * mldsa_z_bits(p);
	int			i;

	memcpy(ctilde, sig, ct);
	for (i = 0; i < p->l; i++)
		mldsa_unpack_z(&z[i], sig + ct + i * zb, p->gamma1);
	return mldsa_hint_unpack(p, sig + ct + p->l * zb, h);
}
