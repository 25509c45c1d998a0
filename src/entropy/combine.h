/*
 * combine.h: combining the healthy sources' blocks into pool bytes.
 *
 * Why XOR then SHAKE256: XOR of independent equal-length blocks is at least
 * as unpredictable as the best of them, so one honest source (the OS one is
 * always included) protects the result against every other source being
 * bad or hostile. The XOR is then conditioned with SHAKE256 under a
 * domain-separation label, so that pool bytes are never raw service output
 * (a service cannot choose pool bytes even when it sees the others) and are
 * unrelated to any other SHAKE256 use in the system.
 *
 * No padding and no stretching: every block must have exactly the same
 * length (a short response is a failed response, see sources.h), and the
 * conditioned output may not be longer than the combined input.
 *
 * Conditioning input, byte for byte (all integers big-endian):
 *
 *   "qtcl-entropy-v1"            15 ASCII bytes, no terminator
 *   k                            1 byte: number of XORed blocks (1..255)
 *   len                          4 bytes: block length in bytes
 *   B_1 xor B_2 xor ... xor B_k  len bytes
 *
 * output = SHAKE256(input, outlen), outlen <= len.
 *
 * qtcl_entropy_mix() is the whole step for one draw: it takes the blocks
 * tagged with their source ids, refuses a draw without exactly one os block
 * or with a source twice, and records which sources contributed and how
 * many of them were remote.
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state. The XOR
 * is streamed through a small stack buffer into the hash.
 */
#ifndef QTCL_ENTROPY_COMBINE_H
#define QTCL_ENTROPY_COMBINE_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_ENTROPY_LABEL		"qtcl-entropy-v1"
#define QTCL_ENTROPY_LABEL_LEN	15
#define QTCL_ENTROPY_MAX_BLOCKS	255
#define QTCL_ENTROPY_MAX_LEN	(1u << 20)	/* per block */

enum
{
	QTCL_COMBINE_OK = 0,
	QTCL_COMBINE_ERR_ARG = -1,		/* NULL, k = 0 or > 255, len = 0 or too large */
	QTCL_COMBINE_ERR_STRETCH = -2,	/* outlen > len */
	QTCL_COMBINE_ERR_NO_OS = -3,	/* no os block in a mix */
	QTCL_COMBINE_ERR_DUP = -4,		/* a source appears twice, or an unknown source id */
	QTCL_COMBINE_ERR_HASH = -5		/* SHAKE256 failed (OpenSSL) */
};

/* One source's block for a draw (pointers: caller memory, not for shared memory). */
typedef struct qtcl_entropy_block
{
	int			source;			/* qtcl_source_id */
	const uint8_t *data;		/* len bytes, already health-checked */
} qtcl_entropy_block;

/* What a draw was made of (plain data; store it with the draw). */
typedef struct qtcl_entropy_draw_info
{
	uint32_t	source_mask;	/* bit (1 << id) for each contributing source */
	uint32_t	n_blocks;		/* blocks XORed, os included */
	uint32_t	n_remote;		/* remote (non-os) sources among them */
	uint32_t	block_len;
} qtcl_entropy_draw_info;

/* Static message for a code (never NULL). */
const char *qtcl_combine_strerror(int code);

/* out[len] = blocks[0] ^ ... ^ blocks[k-1] (out may alias blocks[0]). */
int			qtcl_entropy_xor(uint8_t *out, const uint8_t *const *blocks, size_t k, size_t len);

/*
 * XOR of the k blocks (each len bytes), conditioned as above into
 * out[outlen], outlen <= len.
 */
int			qtcl_entropy_condition(const uint8_t *const *blocks, size_t k, size_t len,
								   uint8_t *out, size_t outlen);

/*
 * A draw: blocks[k] tagged by source, exactly one of them from os, no source
 * twice. Fills *info (if not NULL) on success.
 */
int			qtcl_entropy_mix(const qtcl_entropy_block *blocks, size_t k, size_t len,
							 uint8_t *out, size_t outlen, qtcl_entropy_draw_info *info);

#endif
