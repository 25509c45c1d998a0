/*
 * sampling_avx2.c: ExpandA, ExpandS and ExpandMask four polynomials at a time
 * on the four-way Keccak (keccak4x_avx2.c), for the AVX2 back end.
 *
 * Each stream absorbs seed || nonce (same length for all four) and is
 * squeezed block by block: first as many blocks as almost always suffice,
 * then one more block at a time for the streams that still lack
 * coefficients. A batch of n < 4 fills the unused lanes with copies of the
 * last nonce and drops their output. The parsers are those of sampling.c,
 * so the coefficients are the ones the EVP path produces.
 */
#include <string.h>

#include "crypto/sha3.h"
#include "crypto/mldsa/keccak4x.h"
#include "crypto/mldsa/packing.h"
#include "crypto/mldsa/sampling.h"

/* 5 SHAKE128 blocks = 280 candidates for 256 coefficients (short with probability ~2^-132). */
#define A_FIRST_BLOCKS 5
/* 2 SHAKE256 blocks = 544 half-bytes: enough for eta = 2 and nearly always for eta = 4. */
#define S_FIRST_BLOCKS 2
/* 5 SHAKE256 blocks = 680 bytes >= 640 (20-bit z) and 576 (18-bit z). */
#define MASK_BLOCKS 5
/* Far beyond any real need; stops a runaway loop. */
#define GIVE_UP_BLOCKS 4096

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(QTCL_MLDSA_NO_AVX2)

#include <immintrin.h>

#define AVX2 __attribute__((target("avx2,popcnt")))

/*
 * compress_idx[m]: the positions of the set bits of m in increasing order,
 * padded with zeros. With _mm256_permutevar8x32_epi32 it moves the accepted
 * lanes of a vector of eight candidates to its front. m is the pattern of
 * accepted candidates: public for ExpandA; for ExpandS it depends only on
 * the rejected half-bytes, which are discarded (as in the branching parser).
 */
static const uint8_t compress_idx[256][8] __attribute__((aligned(8))) = {
	{0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 0, 0},
	{2, 0, 0, 0, 0, 0, 0, 0}, {0, 2, 0, 0, 0, 0, 0, 0}, {1, 2, 0, 0, 0, 0, 0, 0}, {0, 1, 2, 0, 0, 0, 0, 0},
	{3, 0, 0, 0, 0, 0, 0, 0}, {0, 3, 0, 0, 0, 0, 0, 0}, {1, 3, 0, 0, 0, 0, 0, 0}, {0, 1, 3, 0, 0, 0, 0, 0},
	{2, 3, 0, 0, 0, 0, 0, 0}, {0, 2, 3, 0, 0, 0, 0, 0}, {1, 2, 3, 0, 0, 0, 0, 0}, {0, 1, 2, 3, 0, 0, 0, 0},
	{4, 0, 0, 0, 0, 0, 0, 0}, {0, 4, 0, 0, 0, 0, 0, 0}, {1, 4, 0, 0, 0, 0, 0, 0}, {0, 1, 4, 0, 0, 0, 0, 0},
	{2, 4, 0, 0, 0, 0, 0, 0}, {0, 2, 4, 0, 0, 0, 0, 0}, {1, 2, 4, 0, 0, 0, 0, 0}, {0, 1, 2, 4, 0, 0, 0, 0},
	{3, 4, 0, 0, 0, 0, 0, 0}, {0, 3, 4, 0, 0, 0, 0, 0}, {1, 3, 4, 0, 0, 0, 0, 0}, {0, 1, 3, 4, 0, 0, 0, 0},
	{2, 3, 4, 0, 0, 0, 0, 0}, {0, 2, 3, 4, 0, 0, 0, 0}, {1, 2, 3, 4, 0, 0, 0, 0}, {0, 1, 2, 3, 4, 0, 0, 0},
	{5, 0, 0, 0, 0, 0, 0, 0}, {0, 5, 0, 0, 0, 0, 0, 0}, {1, 5, 0, 0, 0, 0, 0, 0}, {0, 1, 5, 0, 0, 0, 0, 0},
	{2, 5, 0, 0, 0, 0, 0, 0}, {0, 2, 5, 0, 0, 0, 0, 0}, {1, 2, 5, 0, 0, 0, 0, 0}, {0, 1, 2, 5, 0, 0, 0, 0},
	{3, 5, 0, 0, 0, 0, 0, 0}, {0, 3, 5, 0, 0, 0, 0, 0}, {1, 3, 5, 0, 0, 0, 0, 0}, {0, 1, 3, 5, 0, 0, 0, 0},
	{2, 3, 5, 0, 0, 0, 0, 0}, {0, 2, 3, 5, 0, 0, 0, 0}, {1, 2, 3, 5, 0, 0, 0, 0}, {0, 1, 2, 3, 5, 0, 0, 0},
	{4, 5, 0, 0, 0, 0, 0, 0}, {0, 4, 5, 0, 0, 0, 0, 0}, {1, 4, 5, 0, 0, 0, 0, 0}, {0, 1, 4, 5, 0, 0, 0, 0},
	{2, 4, 5, 0, 0, 0, 0, 0}, {0, 2, 4, 5, 0, 0, 0, 0}, {1, 2, 4, 5, 0, 0, 0, 0}, {0, 1, 2, 4, 5, 0, 0, 0},
	{3, 4, 5, 0, 0, 0, 0, 0}, {0, 3, 4, 5, 0, 0, 0, 0}, {1, 3, 4, 5, 0, 0, 0, 0}, {0, 1, 3, 4, 5, 0, 0, 0},
	{2, 3, 4, 5, 0, 0, 0, 0}, {0, 2, 3, 4, 5, 0, 0, 0}, {1, 2, 3, 4, 5, 0, 0, 0}, {0, 1, 2, 3, 4, 5, 0, 0},
	{6, 0, 0, 0, 0, 0, 0, 0}, {0, 6, 0, 0, 0, 0, 0, 0}, {1, 6, 0, 0, 0, 0, 0, 0}, {0, 1, 6, 0, 0, 0, 0, 0},
	{2, 6, 0, 0, 0, 0, 0, 0}, {0, 2, 6, 0, 0, 0, 0, 0}, {1, 2, 6, 0, 0, 0, 0, 0}, {0, 1, 2, 6, 0, 0, 0, 0},
	{3, 6, 0, 0, 0, 0, 0, 0}, {0, 3, 6, 0, 0, 0, 0, 0}, {1, 3, 6, 0, 0, 0, 0, 0}, {0, 1, 3, 6, 0, 0, 0, 0},
	{2, 3, 6, 0, 0, 0, 0, 0}, {0, 2, 3, 6, 0, 0, 0, 0}, {1, 2, 3, 6, 0, 0, 0, 0}, {0, 1, 2, 3, 6, 0, 0, 0},
	{4, 6, 0, 0, 0, 0, 0, 0}, {0, 4, 6, 0, 0, 0, 0, 0}, {1, 4, 6, 0, 0, 0, 0, 0}, {0, 1, 4, 6, 0, 0, 0, 0},
	{2, 4, 6, 0, 0, 0, 0, 0}, {0, 2, 4, 6, 0, 0, 0, 0}, {1, 2, 4, 6, 0, 0, 0, 0}, {0, 1, 2, 4, 6, 0, 0, 0},
	{3, 4, 6, 0, 0, 0, 0, 0}, {0, 3, 4, 6, 0, 0, 0, 0}, {1, 3, 4, 6, 0, 0, 0, 0}, {0, 1, 3, 4, 6, 0, 0, 0},
	{2, 3, 4, 6, 0, 0, 0, 0}, {0, 2, 3, 4, 6, 0, 0, 0}, {1, 2, 3, 4, 6, 0, 0, 0}, {0, 1, 2, 3, 4, 6, 0, 0},
	{5, 6, 0, 0, 0, 0, 0, 0}, {0, 5, 6, 0, 0, 0, 0, 0}, {1, 5, 6, 0, 0, 0, 0, 0}, {0, 1, 5, 6, 0, 0, 0, 0},
	{2, 5, 6, 0, 0, 0, 0, 0}, {0, 2, 5, 6, 0, 0, 0, 0}, {1, 2, 5, 6, 0, 0, 0, 0}, {0, 1, 2, 5, 6, 0, 0, 0},
	{3, 5, 6, 0, 0, 0, 0, 0}, {0, 3, 5, 6, 0, 0, 0, 0}, {1, 3, 5, 6, 0, 0, 0, 0}, {0, 1, 3, 5, 6, 0, 0, 0},
	{2, 3, 5, 6, 0, 0, 0, 0}, {0, 2, 3, 5, 6, 0, 0, 0}, {1, 2, 3, 5, 6, 0, 0, 0}, {0, 1, 2, 3, 5, 6, 0, 0},
	{4, 5, 6, 0, 0, 0, 0, 0}, {0, 4, 5, 6, 0, 0, 0, 0}, {1, 4, 5, 6, 0, 0, 0, 0}, {0, 1, 4, 5, 6, 0, 0, 0},
	{2, 4, 5, 6, 0, 0, 0, 0}, {0, 2, 4, 5, 6, 0, 0, 0}, {1, 2, 4, 5, 6, 0, 0, 0}, {0, 1, 2, 4, 5, 6, 0, 0},
	{3, 4, 5, 6, 0, 0, 0, 0}, {0, 3, 4, 5, 6, 0, 0, 0}, {1, 3, 4, 5, 6, 0, 0, 0}, {0, 1, 3, 4, 5, 6, 0, 0},
	{2, 3, 4, 5, 6, 0, 0, 0}, {0, 2, 3, 4, 5, 6, 0, 0}, {1, 2, 3, 4, 5, 6, 0, 0}, {0, 1, 2, 3, 4, 5, 6, 0},
	{7, 0, 0, 0, 0, 0, 0, 0}, {0, 7, 0, 0, 0, 0, 0, 0}, {1, 7, 0, 0, 0, 0, 0, 0}, {0, 1, 7, 0, 0, 0, 0, 0},
	{2, 7, 0, 0, 0, 0, 0, 0}, {0, 2, 7, 0, 0, 0, 0, 0}, {1, 2, 7, 0, 0, 0, 0, 0}, {0, 1, 2, 7, 0, 0, 0, 0},
	{3, 7, 0, 0, 0, 0, 0, 0}, {0, 3, 7, 0, 0, 0, 0, 0}, {1, 3, 7, 0, 0, 0, 0, 0}, {0, 1, 3, 7, 0, 0, 0, 0},
	{2, 3, 7, 0, 0, 0, 0, 0}, {0, 2, 3, 7, 0, 0, 0, 0}, {1, 2, 3, 7, 0, 0, 0, 0}, {0, 1, 2, 3, 7, 0, 0, 0},
	{4, 7, 0, 0, 0, 0, 0, 0}, {0, 4, 7, 0, 0, 0, 0, 0}, {1, 4, 7, 0, 0, 0, 0, 0}, {0, 1, 4, 7, 0, 0, 0, 0},
	{2, 4, 7, 0, 0, 0, 0, 0}, {0, 2, 4, 7, 0, 0, 0, 0}, {1, 2, 4, 7, 0, 0, 0, 0}, {0, 1, 2, 4, 7, 0, 0, 0},
	{3, 4, 7, 0, 0, 0, 0, 0}, {0, 3, 4, 7, 0, 0, 0, 0}, {1, 3, 4, 7, 0, 0, 0, 0}, {0, 1, 3, 4, 7, 0, 0, 0},
	{2, 3, 4, 7, 0, 0, 0, 0}, {0, 2, 3, 4, 7, 0, 0, 0}, {1, 2, 3, 4, 7, 0, 0, 0}, {0, 1, 2, 3, 4, 7, 0, 0},
	{5, 7, 0, 0, 0, 0, 0, 0}, {0, 5, 7, 0, 0, 0, 0, 0}, {1, 5, 7, 0, 0, 0, 0, 0}, {0, 1, 5, 7, 0, 0, 0, 0},
	{2, 5, 7, 0, 0, 0, 0, 0}, {0, 2, 5, 7, 0, 0, 0, 0}, {1, 2, 5, 7, 0, 0, 0, 0}, {0, 1, 2, 5, 7, 0, 0, 0},
	{3, 5, 7, 0, 0, 0, 0, 0}, {0, 3, 5, 7, 0, 0, 0, 0}, {1, 3, 5, 7, 0, 0, 0, 0}, {0, 1, 3, 5, 7, 0, 0, 0},
	{2, 3, 5, 7, 0, 0, 0, 0}, {0, 2, 3, 5, 7, 0, 0, 0}, {1, 2, 3, 5, 7, 0, 0, 0}, {0, 1, 2, 3, 5, 7, 0, 0},
	{4, 5, 7, 0, 0, 0, 0, 0}, {0, 4, 5, 7, 0, 0, 0, 0}, {1, 4, 5, 7, 0, 0, 0, 0}, {0, 1, 4, 5, 7, 0, 0, 0},
	{2, 4, 5, 7, 0, 0, 0, 0}, {0, 2, 4, 5, 7, 0, 0, 0}, {1, 2, 4, 5, 7, 0, 0, 0}, {0, 1, 2, 4, 5, 7, 0, 0},
	{3, 4, 5, 7, 0, 0, 0, 0}, {0, 3, 4, 5, 7, 0, 0, 0}, {1, 3, 4, 5, 7, 0, 0, 0}, {0, 1, 3, 4, 5, 7, 0, 0},
	{2, 3, 4, 5, 7, 0, 0, 0}, {0, 2, 3, 4, 5, 7, 0, 0}, {1, 2, 3, 4, 5, 7, 0, 0}, {0, 1, 2, 3, 4, 5, 7, 0},
	{6, 7, 0, 0, 0, 0, 0, 0}, {0, 6, 7, 0, 0, 0, 0, 0}, {1, 6, 7, 0, 0, 0, 0, 0}, {0, 1, 6, 7, 0, 0, 0, 0},
	{2, 6, 7, 0, 0, 0, 0, 0}, {0, 2, 6, 7, 0, 0, 0, 0}, {1, 2, 6, 7, 0, 0, 0, 0}, {0, 1, 2, 6, 7, 0, 0, 0},
	{3, 6, 7, 0, 0, 0, 0, 0}, {0, 3, 6, 7, 0, 0, 0, 0}, {1, 3, 6, 7, 0, 0, 0, 0}, {0, 1, 3, 6, 7, 0, 0, 0},
	{2, 3, 6, 7, 0, 0, 0, 0}, {0, 2, 3, 6, 7, 0, 0, 0}, {1, 2, 3, 6, 7, 0, 0, 0}, {0, 1, 2, 3, 6, 7, 0, 0},
	{4, 6, 7, 0, 0, 0, 0, 0}, {0, 4, 6, 7, 0, 0, 0, 0}, {1, 4, 6, 7, 0, 0, 0, 0}, {0, 1, 4, 6, 7, 0, 0, 0},
	{2, 4, 6, 7, 0, 0, 0, 0}, {0, 2, 4, 6, 7, 0, 0, 0}, {1, 2, 4, 6, 7, 0, 0, 0}, {0, 1, 2, 4, 6, 7, 0, 0},
	{3, 4, 6, 7, 0, 0, 0, 0}, {0, 3, 4, 6, 7, 0, 0, 0}, {1, 3, 4, 6, 7, 0, 0, 0}, {0, 1, 3, 4, 6, 7, 0, 0},
	{2, 3, 4, 6, 7, 0, 0, 0}, {0, 2, 3, 4, 6, 7, 0, 0}, {1, 2, 3, 4, 6, 7, 0, 0}, {0, 1, 2, 3, 4, 6, 7, 0},
	{5, 6, 7, 0, 0, 0, 0, 0}, {0, 5, 6, 7, 0, 0, 0, 0}, {1, 5, 6, 7, 0, 0, 0, 0}, {0, 1, 5, 6, 7, 0, 0, 0},
	{2, 5, 6, 7, 0, 0, 0, 0}, {0, 2, 5, 6, 7, 0, 0, 0}, {1, 2, 5, 6, 7, 0, 0, 0}, {0, 1, 2, 5, 6, 7, 0, 0},
	{3, 5, 6, 7, 0, 0, 0, 0}, {0, 3, 5, 6, 7, 0, 0, 0}, {1, 3, 5, 6, 7, 0, 0, 0}, {0, 1, 3, 5, 6, 7, 0, 0},
	{2, 3, 5, 6, 7, 0, 0, 0}, {0, 2, 3, 5, 6, 7, 0, 0}, {1, 2, 3, 5, 6, 7, 0, 0}, {0, 1, 2, 3, 5, 6, 7, 0},
	{4, 5, 6, 7, 0, 0, 0, 0}, {0, 4, 5, 6, 7, 0, 0, 0}, {1, 4, 5, 6, 7, 0, 0, 0}, {0, 1, 4, 5, 6, 7, 0, 0},
	{2, 4, 5, 6, 7, 0, 0, 0}, {0, 2, 4, 5, 6, 7, 0, 0}, {1, 2, 4, 5, 6, 7, 0, 0}, {0, 1, 2, 4, 5, 6, 7, 0},
	{3, 4, 5, 6, 7, 0, 0, 0}, {0, 3, 4, 5, 6, 7, 0, 0}, {1, 3, 4, 5, 6, 7, 0, 0}, {0, 1, 3, 4, 5, 6, 7, 0},
	{2, 3, 4, 5, 6, 7, 0, 0}, {0, 2, 3, 4, 5, 6, 7, 0}, {1, 2, 3, 4, 5, 6, 7, 0}, {0, 1, 2, 3, 4, 5, 6, 7},
};

/*
 * mldsa_rej_uniform with eight candidates per step: 24 bytes are spread to
 * eight 32-bit lanes (3 bytes each), masked to 23 bits, compared with q, and
 * the accepted ones packed to the front and stored. Runs while a whole vector
 * can be stored below c[256] and 32 bytes can be read; the scalar parser
 * finishes.
 */
AVX2 unsigned
mldsa_rej_uniform_avx2(int32_t *c, unsigned i, const uint8_t *buf, size_t n)
{
	const __m256i shuf = _mm256_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1,
										  4, 5, 6, -1, 7, 8, 9, -1, 10, 11, 12, -1, 13, 14, 15, -1);
	const __m256i mask = _mm256_set1_epi32(0x7fffff);
	const __m256i q = _mm256_set1_epi32(MLDSA_Q);
	size_t		pos = 0;

	while (i <= MLDSA_N - 8 && pos + 32 <= n)
	{
		__m256i		x = _mm256_loadu_si256((const __m256i *) (buf + pos));
		__m256i		idx;
		unsigned	m;

		x = _mm256_permute4x64_epi64(x, 0x94);	/* bytes 0-15 | 8-23 */
		x = _mm256_and_si256(_mm256_shuffle_epi8(x, shuf), mask);
		m = (unsigned) _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(q, x)));
		idx = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *) compress_idx[m]));
		_mm256_storeu_si256((__m256i *) (c + i), _mm256_permutevar8x32_epi32(x, idx));
		i += (unsigned) __builtin_popcount(m);
		pos += 24;
	}
	return mldsa_rej_uniform(c, i, buf + pos, n - pos);
}

/*
 * mldsa_rej_eta with sixteen half-bytes per step. The half-bytes are
 * interleaved in stream order (low then high of each byte), mapped to
 * eta - (b mod (2 eta + 1)) by a byte shuffle (a register lookup, no memory
 * access depending on them), and the accepted ones (b < 15, or b < 9) packed
 * and stored eight lanes at a time.
 */
AVX2 unsigned
mldsa_rej_eta_avx2(int32_t *c, unsigned i, const uint8_t *buf, size_t n, int eta)
{
	const __m128i lowmask = _mm_set1_epi8(0x0f);
	const __m128i bound = _mm_set1_epi8(eta == 2 ? 15 : 9);
	const __m128i map = eta == 2
		? _mm_setr_epi8(2, 1, 0, -1, -2, 2, 1, 0, -1, -2, 2, 1, 0, -1, -2, 0)
		: _mm_setr_epi8(4, 3, 2, 1, 0, -1, -2, -3, -4, 0, 0, 0, 0, 0, 0, 0);
	size_t		pos = 0;

	while (i <= MLDSA_N - 16 && pos + 8 <= n)
	{
		__m128i		b = _mm_loadl_epi64((const __m128i *) (buf + pos));
		__m128i		nib = _mm_unpacklo_epi8(_mm_and_si128(b, lowmask),
											_mm_and_si128(_mm_srli_epi16(b, 4), lowmask));
		__m128i		val = _mm_shuffle_epi8(map, nib);
		unsigned	m = (unsigned) _mm_movemask_epi8(_mm_cmpgt_epi8(bound, nib));
		__m256i		v0 = _mm256_cvtepi8_epi32(val);
		__m256i		v1 = _mm256_cvtepi8_epi32(_mm_srli_si128(val, 8));
		__m256i		idx0 = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *) compress_idx[m & 0xff]));
		__m256i		idx1 = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *) compress_idx[m >> 8]));

		_mm256_storeu_si256((__m256i *) (c + i), _mm256_permutevar8x32_epi32(v0, idx0));
		i += (unsigned) __builtin_popcount(m & 0xff);
		_mm256_storeu_si256((__m256i *) (c + i), _mm256_permutevar8x32_epi32(v1, idx1));
		i += (unsigned) __builtin_popcount(m >> 8);
		pos += 8;
	}
	return mldsa_rej_eta(c, i, buf + pos, n - pos, eta);
}

#else

unsigned
mldsa_rej_uniform_avx2(int32_t *c, unsigned i, const uint8_t *buf, size_t n)
{
	return mldsa_rej_uniform(c, i, buf, n);
}

unsigned
mldsa_rej_eta_avx2(int32_t *c, unsigned i, const uint8_t *buf, size_t n, int eta)
{
	return mldsa_rej_eta(c, i, buf, n, eta);
}

#endif

/* seed (seedlen bytes) || nonce[j] little-endian, for four lanes; unused lanes repeat the last. */
static void
make_seeds(uint8_t seeds[4][66], const uint8_t *seed, size_t seedlen, const uint16_t nonce[4], int n)
{
	int			j;

	for (j = 0; j < 4; j++)
	{
		uint16_t	v = nonce[j < n ? j : n - 1];

		memcpy(seeds[j], seed, seedlen);
		seeds[j][seedlen] = (uint8_t) v;
		seeds[j][seedlen + 1] = (uint8_t) (v >> 8);
	}
}

int
mldsa_expand_a_x4_avx2(mldsa_poly *const a[4], const uint8_t rho[32], const uint16_t nonce[4], int n)
{
	uint8_t		seeds[4][66];
	uint8_t		buf[4][A_FIRST_BLOCKS * MLDSA_SHAKE128_RATE];
	const uint8_t *in[4] = {seeds[0], seeds[1], seeds[2], seeds[3]};
	uint8_t    *out[4] = {buf[0], buf[1], buf[2], buf[3]};
	mldsa_poly	dummy;
	int32_t    *c[4];
	unsigned	cnt[4] = {0, 0, 0, 0};
	mldsa_keccak4x st;
	int			j,
				more,
				blocks = A_FIRST_BLOCKS;

	for (j = 0; j < 4; j++)
		c[j] = j < n ? a[j]->c : dummy.c;
	make_seeds(seeds, rho, 32, nonce, n);
	mldsa_keccak4x_absorb_shake(&st, MLDSA_SHAKE128_RATE, in, 34);
	mldsa_keccak4x_squeezeblocks(out, A_FIRST_BLOCKS, &st, MLDSA_SHAKE128_RATE);
	for (j = 0; j < n; j++)
		cnt[j] = mldsa_rej_uniform_avx2(c[j], 0, buf[j], sizeof buf[j]);
	for (;;)
	{
		more = 0;
		for (j = 0; j < n; j++)
			more |= cnt[j] < MLDSA_N;
		if (!more)
			return 0;
		if (++blocks > GIVE_UP_BLOCKS)
			return -1;
		mldsa_keccak4x_squeezeblocks(out, 1, &st, MLDSA_SHAKE128_RATE);
		for (j = 0; j < n; j++)
			cnt[j] = mldsa_rej_uniform_avx2(c[j], cnt[j], buf[j], MLDSA_SHAKE128_RATE);
	}
}

int
mldsa_expand_s_x4_avx2(mldsa_poly *const s[4], const uint8_t rhoprime[64], const uint16_t nonce[4],
					   int n, int eta)
{
	uint8_t		seeds[4][66];
	uint8_t		buf[4][S_FIRST_BLOCKS * MLDSA_SHAKE256_RATE];
	const uint8_t *in[4] = {seeds[0], seeds[1], seeds[2], seeds[3]};
	uint8_t    *out[4] = {buf[0], buf[1], buf[2], buf[3]};
	mldsa_poly	dummy;
	int32_t    *c[4];
	unsigned	cnt[4] = {0, 0, 0, 0};
	mldsa_keccak4x st;
	int			j,
				more,
				rc = 0,
				blocks = S_FIRST_BLOCKS;

	for (j = 0; j < 4; j++)
		c[j] = j < n ? s[j]->c : dummy.c;
	make_seeds(seeds, rhoprime, 64, nonce, n);
	mldsa_keccak4x_absorb_shake(&st, MLDSA_SHAKE256_RATE, in, 66);
	mldsa_keccak4x_squeezeblocks(out, S_FIRST_BLOCKS, &st, MLDSA_SHAKE256_RATE);
	for (j = 0; j < n; j++)
		cnt[j] = mldsa_rej_eta_avx2(c[j], 0, buf[j], sizeof buf[j], eta);
	for (;;)
	{
		more = 0;
		for (j = 0; j < n; j++)
			more |= cnt[j] < MLDSA_N;
		if (!more)
			break;
		if (++blocks > GIVE_UP_BLOCKS)
		{
			rc = -1;
			break;
		}
		mldsa_keccak4x_squeezeblocks(out, 1, &st, MLDSA_SHAKE256_RATE);
		for (j = 0; j < n; j++)
			cnt[j] = mldsa_rej_eta_avx2(c[j], cnt[j], buf[j], MLDSA_SHAKE256_RATE, eta);
	}
	qtcl_wipe(seeds, sizeof seeds);
	qtcl_wipe(buf, sizeof buf);
	qtcl_wipe(&st, sizeof st);
	qtcl_wipe(&dummy, sizeof dummy);
	return rc;
}

int
mldsa_expand_mask_x4_avx2(mldsa_poly *const y[4], const uint8_t rhopp[64], const uint16_t nonce[4],
						  int n, int32_t gamma1)
{
	uint8_t		seeds[4][66];
	uint8_t		buf[4][MASK_BLOCKS * MLDSA_SHAKE256_RATE];
	const uint8_t *in[4] = {seeds[0], seeds[1], seeds[2], seeds[3]};
	uint8_t    *out[4] = {buf[0], buf[1], buf[2], buf[3]};
	mldsa_keccak4x st;
	int			j;

	make_seeds(seeds, rhopp, 64, nonce, n);
	mldsa_keccak4x_absorb_shake(&st, MLDSA_SHAKE256_RATE, in, 66);
	mldsa_keccak4x_squeezeblocks(out, MASK_BLOCKS, &st, MLDSA_SHAKE256_RATE);
	for (j = 0; j < n; j++)
		mldsa_unpack_z(y[j], buf[j], gamma1);
	qtcl_wipe(seeds, sizeof seeds);
	qtcl_wipe(buf, sizeof buf);
	qtcl_wipe(&st, sizeof st);
	return 0;
}
