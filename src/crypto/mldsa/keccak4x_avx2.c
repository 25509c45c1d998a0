/*
 * keccak4x_avx2.c: Keccak-f[1600] on four states at once with AVX2 (FIPS 202
 * section 3), and SHAKE128/SHAKE256 absorb/squeeze on top of it. Lane i of
 * the four states is one 256-bit vector; every step of a round (theta, rho,
 * pi, chi, iota) is then the scalar formula applied to vectors. A 64-bit
 * rotation is two shifts and an or, except the byte-multiple rotations by 8
 * and 56, which are one byte shuffle, and the rotation by 1, whose left
 * shift is an addition (vector shifts are the bottleneck of the round).
 *
 * Functions carry a target attribute (as in ntt_avx2.c), so this file builds
 * without -mavx2; callers check the CPU first.
 */
#include <string.h>

#include "crypto/sha3.h"
#include "crypto/mldsa/keccak4x.h"
#include "crypto/mldsa/ntt.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(QTCL_MLDSA_NO_AVX2)

#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

/* Round constants RC[i] (FIPS 202 Algorithm 5/6), i = 0..23. */
static const uint64_t keccak_rc[24] = {
	0x0000000000000001ULL,
	0x0000000000008082ULL,
	0x800000000000808aULL,
	0x8000000080008000ULL,
	0x000000000000808bULL,
	0x0000000080000001ULL,
	0x8000000080008081ULL,
	0x8000000000008009ULL,
	0x000000000000008aULL,
	0x0000000000000088ULL,
	0x0000000080008009ULL,
	0x000000008000000aULL,
	0x000000008000808bULL,
	0x800000000000008bULL,
	0x8000000000008089ULL,
	0x8000000000008003ULL,
	0x8000000000008002ULL,
	0x8000000000000080ULL,
	0x000000000000800aULL,
	0x800000008000000aULL,
	0x8000000080008081ULL,
	0x8000000000008080ULL,
	0x0000000080000001ULL,
	0x8000000080008008ULL
};

static inline AVX2 __m256i
rol_any(__m256i x, int n)
{
	return _mm256_or_si256(_mm256_slli_epi64(x, n), _mm256_srli_epi64(x, 64 - n));
}

/* Rotations by a whole number of bytes: one shuffle within each 64-bit lane. */
static inline AVX2 __m256i
rol8(__m256i x)
{
	const __m256i idx = _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14,
										 7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14);

	return _mm256_shuffle_epi8(x, idx);
}

static inline AVX2 __m256i
rol56(__m256i x)
{
	const __m256i idx = _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
										 1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8);

	return _mm256_shuffle_epi8(x, idx);
}

/* x << 1 as x + x: the adder pipes are less busy than the single shift pipe on some cores. */
static inline AVX2 __m256i
rol1(__m256i x)
{
	return _mm256_or_si256(_mm256_add_epi64(x, x), _mm256_srli_epi64(x, 63));
}

#define ROL(x, n) ((n) == 1 ? rol1(x) : (n) == 8 ? rol8(x) : (n) == 56 ? rol56(x) : rol_any((x), (n)))
#define XOR5(a, b, c, d, e) \
	_mm256_xor_si256(_mm256_xor_si256(_mm256_xor_si256(a, b), _mm256_xor_si256(c, d)), e)

/*
 * One round from state A into state E. On entry C0..C4 hold theta's column
 * parities of A; D combines them. Each output row y' takes its five inputs
 * through theta, rho and pi (B[x'] = rot(A[x + 5y] ^ D[x], rho[x + 5y]) with
 * y = x', x = 3 (y' - 3x') mod 5), then chi, and iota on lane 0; the
 * parities of E for the next round are gathered on the way. Reading A and
 * writing a separate E keeps few vectors alive at once. Generated from the
 * FIPS 202 definitions.
 */
#define KECCAK4X_ROUND(A, E, rc) \
	do { \
		D0 = _mm256_xor_si256(C4, ROL(C1, 1)); \
		D1 = _mm256_xor_si256(C0, ROL(C2, 1)); \
		D2 = _mm256_xor_si256(C1, ROL(C3, 1)); \
		D3 = _mm256_xor_si256(C2, ROL(C4, 1)); \
		D4 = _mm256_xor_si256(C3, ROL(C0, 1)); \
		B0 = _mm256_xor_si256(A[0], D0); \
		B1 = ROL(_mm256_xor_si256(A[6], D1), 44); \
		B2 = ROL(_mm256_xor_si256(A[12], D2), 43); \
		B3 = ROL(_mm256_xor_si256(A[18], D3), 21); \
		B4 = ROL(_mm256_xor_si256(A[24], D4), 14); \
		E[0] = _mm256_xor_si256(_mm256_xor_si256(B0, _mm256_andnot_si256(B1, B2)), _mm256_set1_epi64x((long long) (rc))); \
		C0 = E[0]; \
		E[1] = _mm256_xor_si256(B1, _mm256_andnot_si256(B2, B3)); \
		C1 = E[1]; \
		E[2] = _mm256_xor_si256(B2, _mm256_andnot_si256(B3, B4)); \
		C2 = E[2]; \
		E[3] = _mm256_xor_si256(B3, _mm256_andnot_si256(B4, B0)); \
		C3 = E[3]; \
		E[4] = _mm256_xor_si256(B4, _mm256_andnot_si256(B0, B1)); \
		C4 = E[4]; \
		B0 = ROL(_mm256_xor_si256(A[3], D3), 28); \
		B1 = ROL(_mm256_xor_si256(A[9], D4), 20); \
		B2 = ROL(_mm256_xor_si256(A[10], D0), 3); \
		B3 = ROL(_mm256_xor_si256(A[16], D1), 45); \
		B4 = ROL(_mm256_xor_si256(A[22], D2), 61); \
		E[5] = _mm256_xor_si256(B0, _mm256_andnot_si256(B1, B2)); \
		C0 = _mm256_xor_si256(C0, E[5]); \
		E[6] = _mm256_xor_si256(B1, _mm256_andnot_si256(B2, B3)); \
		C1 = _mm256_xor_si256(C1, E[6]); \
		E[7] = _mm256_xor_si256(B2, _mm256_andnot_si256(B3, B4)); \
		C2 = _mm256_xor_si256(C2, E[7]); \
		E[8] = _mm256_xor_si256(B3, _mm256_andnot_si256(B4, B0)); \
		C3 = _mm256_xor_si256(C3, E[8]); \
		E[9] = _mm256_xor_si256(B4, _mm256_andnot_si256(B0, B1)); \
		C4 = _mm256_xor_si256(C4, E[9]); \
		B0 = ROL(_mm256_xor_si256(A[1], D1), 1); \
		B1 = ROL(_mm256_xor_si256(A[7], D2), 6); \
		B2 = ROL(_mm256_xor_si256(A[13], D3), 25); \
		B3 = ROL(_mm256_xor_si256(A[19], D4), 8); \
		B4 = ROL(_mm256_xor_si256(A[20], D0), 18); \
		E[10] = _mm256_xor_si256(B0, _mm256_andnot_si256(B1, B2)); \
		C0 = _mm256_xor_si256(C0, E[10]); \
		E[11] = _mm256_xor_si256(B1, _mm256_andnot_si256(B2, B3)); \
		C1 = _mm256_xor_si256(C1, E[11]); \
		E[12] = _mm256_xor_si256(B2, _mm256_andnot_si256(B3, B4)); \
		C2 = _mm256_xor_si256(C2, E[12]); \
		E[13] = _mm256_xor_si256(B3, _mm256_andnot_si256(B4, B0)); \
		C3 = _mm256_xor_si256(C3, E[13]); \
		E[14] = _mm256_xor_si256(B4, _mm256_andnot_si256(B0, B1)); \
		C4 = _mm256_xor_si256(C4, E[14]); \
		B0 = ROL(_mm256_xor_si256(A[4], D4), 27); \
		B1 = ROL(_mm256_xor_si256(A[5], D0), 36); \
		B2 = ROL(_mm256_xor_si256(A[11], D1), 10); \
		B3 = ROL(_mm256_xor_si256(A[17], D2), 15); \
		B4 = ROL(_mm256_xor_si256(A[23], D3), 56); \
		E[15] = _mm256_xor_si256(B0, _mm256_andnot_si256(B1, B2)); \
		C0 = _mm256_xor_si256(C0, E[15]); \
		E[16] = _mm256_xor_si256(B1, _mm256_andnot_si256(B2, B3)); \
		C1 = _mm256_xor_si256(C1, E[16]); \
		E[17] = _mm256_xor_si256(B2, _mm256_andnot_si256(B3, B4)); \
		C2 = _mm256_xor_si256(C2, E[17]); \
		E[18] = _mm256_xor_si256(B3, _mm256_andnot_si256(B4, B0)); \
		C3 = _mm256_xor_si256(C3, E[18]); \
		E[19] = _mm256_xor_si256(B4, _mm256_andnot_si256(B0, B1)); \
		C4 = _mm256_xor_si256(C4, E[19]); \
		B0 = ROL(_mm256_xor_si256(A[2], D2), 62); \
		B1 = ROL(_mm256_xor_si256(A[8], D3), 55); \
		B2 = ROL(_mm256_xor_si256(A[14], D4), 39); \
		B3 = ROL(_mm256_xor_si256(A[15], D0), 41); \
		B4 = ROL(_mm256_xor_si256(A[21], D1), 2); \
		E[20] = _mm256_xor_si256(B0, _mm256_andnot_si256(B1, B2)); \
		C0 = _mm256_xor_si256(C0, E[20]); \
		E[21] = _mm256_xor_si256(B1, _mm256_andnot_si256(B2, B3)); \
		C1 = _mm256_xor_si256(C1, E[21]); \
		E[22] = _mm256_xor_si256(B2, _mm256_andnot_si256(B3, B4)); \
		C2 = _mm256_xor_si256(C2, E[22]); \
		E[23] = _mm256_xor_si256(B3, _mm256_andnot_si256(B4, B0)); \
		C3 = _mm256_xor_si256(C3, E[23]); \
		E[24] = _mm256_xor_si256(B4, _mm256_andnot_si256(B0, B1)); \
		C4 = _mm256_xor_si256(C4, E[24]); \
	} while (0)

AVX2 void
mldsa_keccak4x_permute(mldsa_keccak4x *st)
{
	__m256i		A[25],
				E[25];
	__m256i		B0, B1, B2, B3, B4;
	__m256i		C0, C1, C2, C3, C4, D0, D1, D2, D3, D4;
	int			i;

	for (i = 0; i < 25; i++)
		A[i] = _mm256_load_si256((const __m256i *) st->s[i]);
	C0 = XOR5(A[0], A[5], A[10], A[15], A[20]);
	C1 = XOR5(A[1], A[6], A[11], A[16], A[21]);
	C2 = XOR5(A[2], A[7], A[12], A[17], A[22]);
	C3 = XOR5(A[3], A[8], A[13], A[18], A[23]);
	C4 = XOR5(A[4], A[9], A[14], A[19], A[24]);
	for (i = 0; i < 24; i += 2)
	{
		KECCAK4X_ROUND(A, E, keccak_rc[i]);
		KECCAK4X_ROUND(E, A, keccak_rc[i + 1]);
	}
	for (i = 0; i < 25; i++)
		_mm256_store_si256((__m256i *) st->s[i], A[i]);
}

int
mldsa_keccak4x_usable(void)
{
	return mldsa_avx2_available();
}

#else							/* no AVX2 build: a plain scalar permutation keeps the API defined */

int
mldsa_keccak4x_usable(void)
{
	return 1;
}

#define ROTL64(x, n) ((n) == 0 ? (x) : (((x) << (n)) | ((x) >> (64 - (n)))))

void
mldsa_keccak4x_permute(mldsa_keccak4x *st)
{
	static const uint64_t rc[24] = {
		0x0000000000000001ULL,
		0x0000000000008082ULL,
		0x800000000000808aULL,
		0x8000000080008000ULL,
		0x000000000000808bULL,
		0x0000000080000001ULL,
		0x8000000080008081ULL,
		0x8000000000008009ULL,
		0x000000000000008aULL,
		0x0000000000000088ULL,
		0x0000000080008009ULL,
		0x000000008000000aULL,
		0x000000008000808bULL,
		0x800000000000008bULL,
		0x8000000000008089ULL,
		0x8000000000008003ULL,
		0x8000000000008002ULL,
		0x8000000000000080ULL,
		0x000000000000800aULL,
		0x800000008000000aULL,
		0x8000000080008081ULL,
		0x8000000000008080ULL,
		0x0000000080000001ULL,
		0x8000000080008008ULL
	};
	static const unsigned rho[25] = {0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39,
	41, 45, 15, 21, 8, 18, 2, 61, 56, 14};
	int			j,
				r,
				x,
				y;

	for (j = 0; j < 4; j++)
	{
		uint64_t	a[25],
					b[25],
					c[5];

		for (x = 0; x < 25; x++)
			a[x] = st->s[x][j];
		for (r = 0; r < 24; r++)
		{
			for (x = 0; x < 5; x++)
				c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
			for (x = 0; x < 5; x++)
			{
				uint64_t	d = c[(x + 4) % 5] ^ ROTL64(c[(x + 1) % 5], 1);

				for (y = 0; y < 5; y++)
					a[x + 5 * y] ^= d;
			}
			for (x = 0; x < 5; x++)
				for (y = 0; y < 5; y++)
					b[y + 5 * ((2 * x + 3 * y) % 5)] = ROTL64(a[x + 5 * y], rho[x + 5 * y]);
			for (y = 0; y < 5; y++)
				for (x = 0; x < 5; x++)
					a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
			a[0] ^= rc[r];
		}
		for (x = 0; x < 25; x++)
			st->s[x][j] = a[x];
	}
}

#endif

static inline uint64_t
load64_le(const uint8_t *p)
{
	uint64_t	v = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&v, p, 8);
#else
	int			i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
#endif
	return v;
}

static inline void
store64_le(uint8_t *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(p, &v, 8);
#else
	int			i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t) (v >> (8 * i));
#endif
}

void
mldsa_keccak4x_absorb_shake(mldsa_keccak4x *st, unsigned rate,
							const uint8_t *const in[4], size_t inlen)
{
	uint8_t		last[200];
	size_t		off = 0,
				rest;
	unsigned	i;
	int			j;

	memset(st, 0, sizeof *st);
	while (inlen - off >= rate)
	{
		for (i = 0; i < rate / 8; i++)
			for (j = 0; j < 4; j++)
				st->s[i][j] ^= load64_le(in[j] + off + 8 * i);
		mldsa_keccak4x_permute(st);
		off += rate;
	}
	/* Final block: the rest, the SHAKE suffix 1111 with pad10*1 (0x1F ... 0x80). */
	rest = inlen - off;
	for (j = 0; j < 4; j++)
	{
		memset(last, 0, rate);
		if (rest > 0)
			memcpy(last, in[j] + off, rest);
		last[rest] ^= 0x1F;
		last[rate - 1] ^= 0x80;
		for (i = 0; i < rate / 8; i++)
			st->s[i][j] ^= load64_le(last + 8 * i);
	}
	qtcl_wipe(last, rate);
}

void
mldsa_keccak4x_squeezeblocks(uint8_t *const out[4], size_t nblocks, mldsa_keccak4x *st, unsigned rate)
{
	size_t		b;
	unsigned	i;
	int			j;

	for (b = 0; b < nblocks; b++)
	{
		mldsa_keccak4x_permute(st);
		for (j = 0; j < 4; j++)
		{
			uint8_t    *o = out[j] + b * rate;

			for (i = 0; i < rate / 8; i++)
				store64_le(o + 8 * i, st->s[i][j]);
		}
	}
}
