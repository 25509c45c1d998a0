/*
 * powfast_avx2.c: four proof-of-work nonces through one Keccak-f[1600] with
 * AVX2 (see powfast.h). Lane i of the four states is one 256-bit vector, one
 * 64-bit element per nonce; a round is the scalar round of powfast.c with
 * vector operations. AVX2 has no 64-bit rotation: a rotation is two shifts and
 * an or, except by 8 and 56 bits (one byte shuffle within each element) and
 * by 1 (the left shift as an addition, which does not compete for the shift
 * unit).
 *
 * The four states differ only in lanes 6 and 7 (the nonce); all other lanes
 * start as the same midstate lane broadcast. Only the first four output lanes
 * (the 32 hash bytes) are computed in the last round.
 *
 * Every function that uses AVX2 carries a target attribute, so this file
 * builds without -mavx2 and nothing in it runs AVX2 before the CPU check
 * (qtcl_powfast_avx2_available) says it may.
 */
#include "chain/powfast.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(QTCL_POWFAST_NO_AVX2)

#include <immintrin.h>

#define PF_AVX2 __attribute__((target("avx2")))

/* Round constants RC[ir] (FIPS 202 Algorithms 5 and 6). */
static const uint64_t powfast_avx2_rc[24] = {
	0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
	0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
	0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
	0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
	0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
	0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL
};

static inline PF_AVX2 __m256i
pfv_rotl(__m256i x, int n)
{
	return _mm256_or_si256(_mm256_slli_epi64(x, n), _mm256_srli_epi64(x, 64 - n));
}

static inline PF_AVX2 __m256i
pfv_rotl1(__m256i x)
{
	return _mm256_or_si256(_mm256_add_epi64(x, x), _mm256_srli_epi64(x, 63));
}

/* Byte k of each result element is byte (k - 1) mod 8 (rotl 8) or (k + 1) mod 8 (rotl 56). */
static inline PF_AVX2 __m256i
pfv_rotl8(__m256i x)
{
	return _mm256_shuffle_epi8(x, _mm256_setr_epi8(7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14,
												   7, 0, 1, 2, 3, 4, 5, 6, 15, 8, 9, 10, 11, 12, 13, 14));
}

static inline PF_AVX2 __m256i
pfv_rotl56(__m256i x)
{
	return _mm256_shuffle_epi8(x, _mm256_setr_epi8(1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8,
												   1, 2, 3, 4, 5, 6, 7, 0, 9, 10, 11, 12, 13, 14, 15, 8));
}

#define PFV_ROTL(x, n) \
	((n) == 0 ? (x) : (n) == 1 ? pfv_rotl1(x) : (n) == 8 ? pfv_rotl8(x) : \
	 (n) == 56 ? pfv_rotl56(x) : pfv_rotl((x), (n)))
#define PFV_XOR(a, b) _mm256_xor_si256((a), (b))
#define PFV_CHI(a, b, c) _mm256_xor_si256((a), _mm256_andnot_si256((b), (c)))	/* a ^ (~b & c) */

#define PFV_THETA(A) \
	do { \
		C0 = PFV_XOR(PFV_XOR(PFV_XOR(A[0], A[5]), PFV_XOR(A[10], A[15])), A[20]); \
		C1 = PFV_XOR(PFV_XOR(PFV_XOR(A[1], A[6]), PFV_XOR(A[11], A[16])), A[21]); \
		C2 = PFV_XOR(PFV_XOR(PFV_XOR(A[2], A[7]), PFV_XOR(A[12], A[17])), A[22]); \
		C3 = PFV_XOR(PFV_XOR(PFV_XOR(A[3], A[8]), PFV_XOR(A[13], A[18])), A[23]); \
		C4 = PFV_XOR(PFV_XOR(PFV_XOR(A[4], A[9]), PFV_XOR(A[14], A[19])), A[24]); \
		D0 = PFV_XOR(C4, PFV_ROTL(C1, 1)); \
		D1 = PFV_XOR(C0, PFV_ROTL(C2, 1)); \
		D2 = PFV_XOR(C1, PFV_ROTL(C3, 1)); \
		D3 = PFV_XOR(C2, PFV_ROTL(C4, 1)); \
		D4 = PFV_XOR(C3, PFV_ROTL(C0, 1)); \
	} while (0)

/* Output row y, as PF_ROW in powfast.c. */
#define PFV_ROW(A, E, y, i0, d0, r0, i1, d1, r1, i2, d2, r2, i3, d3, r3, i4, d4, r4) \
	do { \
		B0 = PFV_ROTL(PFV_XOR(A[i0], d0), r0); \
		B1 = PFV_ROTL(PFV_XOR(A[i1], d1), r1); \
		B2 = PFV_ROTL(PFV_XOR(A[i2], d2), r2); \
		B3 = PFV_ROTL(PFV_XOR(A[i3], d3), r3); \
		B4 = PFV_ROTL(PFV_XOR(A[i4], d4), r4); \
		E[5 * (y) + 0] = PFV_CHI(B0, B1, B2); \
		E[5 * (y) + 1] = PFV_CHI(B1, B2, B3); \
		E[5 * (y) + 2] = PFV_CHI(B2, B3, B4); \
		E[5 * (y) + 3] = PFV_CHI(B3, B4, B0); \
		E[5 * (y) + 4] = PFV_CHI(B4, B0, B1); \
	} while (0)

#define PFV_ROW0(A, E) PFV_ROW(A, E, 0, 0, D0, 0, 6, D1, 44, 12, D2, 43, 18, D3, 21, 24, D4, 14)

#define PFV_ROUND(A, E, rc) \
	do { \
		PFV_THETA(A); \
		PFV_ROW0(A, E); \
		E[0] = PFV_XOR(E[0], _mm256_set1_epi64x((long long) (rc))); \
		PFV_ROW(A, E, 1, 3, D3, 28, 9, D4, 20, 10, D0, 3, 16, D1, 45, 22, D2, 61); \
		PFV_ROW(A, E, 2, 1, D1, 1, 7, D2, 6, 13, D3, 25, 19, D4, 8, 20, D0, 18); \
		PFV_ROW(A, E, 3, 4, D4, 27, 5, D0, 36, 11, D1, 10, 17, D2, 15, 23, D3, 56); \
		PFV_ROW(A, E, 4, 2, D2, 62, 8, D3, 55, 14, D4, 39, 15, D0, 41, 21, D1, 2); \
	} while (0)

PF_AVX2 void
qtcl_powfast_lanes4_avx2(const qtcl_powfast_ctx *ctx, uint64_t first_nonce, uint64_t lanes[4][4])
{
	__m256i		A[25],
				E[25];
	__m256i		B0, B1, B2, B3, B4, C0, C1, C2, C3, C4, D0, D1, D2, D3, D4;
	__m256i		nonce,
				nb;
	uint64_t	out[4][4] __attribute__((aligned(32)));
	int			i,
				j;

	for (i = 0; i < 25; i++)
		A[i] = _mm256_set1_epi64x((long long) ctx->base[i]);
	/* the four nonces (wrapping modulo 2^64), byte-swapped: big-endian bytes as little-endian words */
	nonce = _mm256_add_epi64(_mm256_set1_epi64x((long long) first_nonce), _mm256_setr_epi64x(0, 1, 2, 3));
	nb = _mm256_shuffle_epi8(nonce, _mm256_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
													 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8));
	A[6] = PFV_XOR(A[6], _mm256_slli_epi64(nb, 32));
	A[7] = PFV_XOR(A[7], _mm256_srli_epi64(nb, 32));

	for (i = 0; i < 22; i += 2)
	{
		PFV_ROUND(A, E, powfast_avx2_rc[i]);
		PFV_ROUND(E, A, powfast_avx2_rc[i + 1]);
	}
	PFV_ROUND(A, E, powfast_avx2_rc[22]);
	PFV_THETA(E);
	PFV_ROW0(E, A);
	A[0] = PFV_XOR(A[0], _mm256_set1_epi64x((long long) powfast_avx2_rc[23]));

	for (i = 0; i < 4; i++)
		_mm256_store_si256((__m256i *) out[i], A[i]);
	/* out[k][j] is output lane k of nonce j */
	for (j = 0; j < 4; j++)
		for (i = 0; i < 4; i++)
			lanes[j][i] = out[i][j];
}

int
qtcl_powfast_avx2_available(void)
{
	return __builtin_cpu_supports("avx2") ? 1 : 0;
}

#else							/* not x86-64 with GCC or clang, or QTCL_POWFAST_NO_AVX2: scalar only */

int
qtcl_powfast_avx2_available(void)
{
	return 0;
}

void
qtcl_powfast_lanes4_avx2(const qtcl_powfast_ctx *ctx, uint64_t first_nonce, uint64_t lanes[4][4])
{
	int			j;

	for (j = 0; j < 4; j++)
		qtcl_powfast_lanes(ctx, first_nonce + (uint64_t) j, lanes[j]);
}

#endif
