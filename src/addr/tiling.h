/*
 * tiling.h: the {8,3} hyperbolic tiling (regular octagons, three at every
 * vertex) of the Poincare disk, rings 0..8, numbered as in
 * ../shared/conventions/hyper_addr.md.
 *
 * Numbering: breadth-first from the origin octagon (centred at 0, edge
 * midpoints at angles k pi/4, so tile 1 is on the positive x axis). ring(t) =
 * edge crossings from the origin tile; within a ring, tiles are ordered by
 * theta = atan2(y, x) in [0, 2 pi) ascending (theta within 1e-9 of 2 pi
 * counts as 0). Global index = offset[ring] + position in ring, offsets
 * 0, 1, 9, 41, 161, 609, 2281, 8521, 31809 (118721 after ring 8); counts
 * 1, 8, 32, 120, 448, 1672, 6240, 23288, 86912.
 *
 * The table holds every tile of rings 0..8 (QTCL_TILING_TILES = 118721);
 * the address space uses indices 0 .. QTCL_TILING_ADDRESS_TILES - 1
 * (106496: rings 0-7 whole, ring 8 in part). The functions below accept any
 * table index; the SQL functions that take a pseudoqubit index must refuse
 * index >= QTCL_TILING_ADDRESS_TILES themselves.
 *
 * Tiles are SU(1,1) matrices g = [[a, b], [conj b, conj a]], centre
 * g(0) = b / conj a; the 8 neighbours of g are g S_k with
 * S_k = [[e^{ik pi/8} cosh r_in, e^{ik pi/8} sinh r_in],
 *        [e^{-ik pi/8} sinh r_in, e^{-ik pi/8} cosh r_in]],
 * cosh r_in = 1/sqrt(2 - sqrt 2). Each table entry keeps its centre and a
 * (b = centre * conj a), so neighbours, including ring-9 ones that are not in
 * the table, are computed on the fly.
 *
 * Global state: one static table (118721 entries of 40 bytes, 4.7 MB) built
 * once per process by tiling_init() (idempotent; every other function calls
 * it). The build takes some tens of milliseconds and needs no other memory.
 *
 * Functions return TILING_OK (0) or a negative TILING_ERR_* code;
 * tiling_strerror() gives a static message.
 */
#ifndef QTCL_TILING_H
#define QTCL_TILING_H

#include <stdint.h>

#define QTCL_TILING_RINGS			9		/* rings 0..8 */
#define QTCL_TILING_TILES			118721	/* every tile of rings 0..8 */
#define QTCL_TILING_ADDRESS_TILES	106496	/* tiles used by addresses */
#define QTCL_TILING_NEIGHBOURS		8

/* 2 r_in: the distance between the centres of adjacent tiles. */
#define QTCL_TILING_TWO_R_IN		1.528570919480998

enum
{
	TILING_OK = 0,
	TILING_ERR_RANGE = -1,		/* tile index outside 0 .. QTCL_TILING_TILES - 1 */
	TILING_ERR_BUILD = -2,		/* the table could not be built (internal error) */
	TILING_ERR_WALK = -3		/* the greedy walk did not arrive (internal error) */
};

const char *tiling_strerror(int code);

/* Builds the table on first call; later calls return at once. */
int			tiling_init(void);

/* Tiles in ring r (0..8), and the index of its first tile; -1 outside 0..8. */
int32_t		tiling_ring_count(int ring);
int32_t		tiling_ring_offset(int ring);

/* Ring, position in ring and centre of tile idx. Any output may be NULL. */
int			tiling_tile(int32_t idx, int *ring, int32_t *pos, double *x, double *y);

/*
 * The 8 neighbours of tile idx in the order k = 0..7 of g S_k (a cyclic order
 * around the tile). A neighbour in ring 9 (only ring-8 tiles have them) is
 * not in the table and is reported as -1. *nin (may be NULL) gets the number
 * of neighbours found in the table.
 */
int			tiling_neighbours(int32_t idx, int32_t out[QTCL_TILING_NEIGHBOURS], int *nin);

/* Hyperbolic distance (curvature -1) between the centres of tiles i and j. */
int			tiling_distance(int32_t i, int32_t j, double *d);

/* Hyperbolic distance between disk points (|z| < 1, |w| < 1). */
double		tiling_point_distance(double zx, double zy, double wx, double wy);

/*
 * Edge crossings between tiles i and j: the greedy walk that always steps to
 * the neighbour whose centre is hyperbolically closest to the target centre
 * (exact on this tiling). The walk moves by matrices and may pass through
 * ring-9 tiles.
 */
int			tiling_hops(int32_t i, int32_t j, int32_t *hops);

#endif
