/* measure.c: see measure.h */
#include "beacon/measure.h"

#include <string.h>

#include "crypto/sha3.h"

void
qtcl_beacon_measure_weights(const double re[QTCL_BEACON_ENTRIES], uint64_t w[QTCL_BEACON_DIM])
{
	int			i;

	for (i = 0; i < QTCL_BEACON_DIM; i++)
	{
		double		p = re[i * QTCL_BEACON_DIM + i];

		if (!(p > 0.0))
			w[i] = 0;
		else if (p >= 1.0)
			w[i] = (uint64_t) 1 << 53;
		else
			w[i] = (uint64_t) (p * 0x1p53);
	}
}

/* The stream of measure.h, block by block. */
typedef struct draw_stream
{
	uint8_t		seed[sizeof(QTCL_BEACON_MEASURE_LABEL) - 1 + QTCL_BEACON_HASH_BYTES + 8];
	uint8_t		block[QTCL_BEACON_MEASURE_BLOCK];
	uint64_t	next_block;
	size_t		pos;
} draw_stream;

static int
draw(draw_stream *st, uint64_t *x)
{
	uint64_t	v = 0;
	int			i;

	if (st->pos == QTCL_BEACON_MEASURE_BLOCK)
	{
		uint8_t    *ctr = st->seed + sizeof st->seed - 8;
		uint64_t	j = st->next_block++;

		for (i = 7; i >= 0; i--)
		{
			ctr[i] = (uint8_t) (j & 0xff);
			j >>= 8;
		}
		if (qtcl_shake256(st->seed, sizeof st->seed, st->block, sizeof st->block) != 0)
			return QTCL_BEACON_ERR_HASH;
		st->pos = 0;
	}
	for (i = 0; i < 8; i++)
		v = (v << 8) | st->block[st->pos + i];
	st->pos += 8;
	*x = v;
	return QTCL_BEACON_OK;
}

int
qtcl_beacon_measure(const qtcl_beacon_round *r, uint32_t shots, uint8_t *outcomes)
{
	uint64_t	w[QTCL_BEACON_DIM],
				cum[QTCL_BEACON_DIM],
				total = 0,
				rem;
	draw_stream st;
	uint32_t	s;
	int			i;

	if (r == NULL || (outcomes == NULL && shots > 0))
		return QTCL_BEACON_ERR_ARGUMENT;
	if (shots > QTCL_BEACON_MAX_SHOTS)
		return QTCL_BEACON_ERR_SHOTS;
	qtcl_beacon_measure_weights(r->rho_re, w);
	for (i = 0; i < QTCL_BEACON_DIM; i++)
	{
		total += w[i];
		cum[i] = total;
	}
	if (total == 0)
		return QTCL_BEACON_ERR_NO_PROBABILITY;
	rem = (0 - total) % total;	/* 2^64 mod T */

	memcpy(st.seed, QTCL_BEACON_MEASURE_LABEL, sizeof(QTCL_BEACON_MEASURE_LABEL) - 1);
	memcpy(st.seed + sizeof(QTCL_BEACON_MEASURE_LABEL) - 1, r->output, QTCL_BEACON_HASH_BYTES);
	st.next_block = 0;
	st.pos = QTCL_BEACON_MEASURE_BLOCK;

	for (s = 0; s < shots; s++)
	{
		uint64_t	x,
					v;
		int			rc;

		do
		{
			rc = draw(&st, &x);
			if (rc != QTCL_BEACON_OK)
				return rc;
		} while (rem != 0 && x >= 0 - rem);
		v = x % total;
		for (i = 0; v >= cum[i]; i++)
			;
		outcomes[s] = (uint8_t) i;
	}
	return QTCL_BEACON_OK;
}
