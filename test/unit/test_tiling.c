/*
 * test_tiling.c: the {8,3} tile table (addr/tiling.h) against
 * ../shared/conventions/hyper_addr.md: ring counts and offsets, the
 * positions of tile 1 and tile 106495, the geometry of the origin's
 * neighbours, neighbour symmetry, hyperbolic distances, and the greedy hop
 * walk: exact ring numbers from the origin, agreement with breadth-first
 * search on the neighbour graph, and the distance invariants. Also measures
 * the table build time.
 */
#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "addr/tiling.h"
#include "unit.h"

static uint64_t rng_state = 0x853c49e6748fea9bull;

static uint64_t
rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int32_t nbr[QTCL_TILING_TILES][8];
static int32_t bfs_dist[QTCL_TILING_TILES];
static int32_t queue[QTCL_TILING_TILES];

static void
build_and_counts(void)
{
	static const int32_t counts[9] = {1, 8, 32, 120, 448, 1672, 6240, 23288, 86912};
	static const int32_t offsets[10] = {0, 1, 9, 41, 161, 609, 2281, 8521, 31809, 118721};
	struct timespec a,
				b;
	double		ms;
	int			r,
				ok = 1,
				rc;

	clock_gettime(CLOCK_MONOTONIC, &a);
	rc = tiling_init();
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6;
	CHECK(rc == TILING_OK, "tile table builds: %s", tiling_strerror(rc));
	CHECK(ms < 1000.0, "build takes %.1f ms (< 1 s)", ms);
	clock_gettime(CLOCK_MONOTONIC, &a);
	rc = tiling_init();
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK(rc == TILING_OK && (b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6 < 1.0,
		  "tiling_init is idempotent (second call returns at once)");
	for (r = 0; r < 9; r++)
		if (tiling_ring_count(r) != counts[r] || tiling_ring_offset(r) != offsets[r])
			ok = 0;
	CHECK(ok && tiling_ring_offset(9) == 118721, "ring counts 1, 8, 32, 120, 448, 1672, 6240, 23288, 86912 and offsets");
	for (r = 3; r < 9; r++)
		if (counts[r] != 4 * counts[r - 1] - counts[r - 2])
			ok = 0;
	CHECK(ok, "T(r) = 4 T(r-1) - T(r-2) for r >= 3");
	CHECK(tiling_ring_count(9) == -1 && tiling_ring_count(-1) == -1, "rings outside 0..8 have no count");
}

static void
positions(void)
{
	double		x,
				y,
				d;
	int			ring,
				k,
				ok = 1;
	int32_t		pos;
	double		rin = acosh(1.0 / sqrt(2.0 - sqrt(2.0)));

	CHECK(tiling_tile(0, &ring, &pos, &x, &y) == TILING_OK && ring == 0 && pos == 0 && x == 0 && y == 0,
		  "tile 0 is the origin");
	tiling_tile(1, &ring, &pos, &x, &y);
	CHECK(ring == 1 && pos == 0 && fabs(x - 0.6435942529055826) <= 1e-15 && fabs(y) <= 1e-15,
		  "tile 1 on the positive x axis at radius 0.6435942529055826 (%.17g, %.3g)", x, y);
	CHECK(fabs(0.6435942529055826 - sqrt(sqrt(2.0) - 1.0)) < 1e-15 && fabs(tanh(rin) - 0.6435942529055826) < 1e-15,
		  "tanh r_in = sqrt(sqrt 2 - 1)");
	for (k = 0; k < 8; k++)
	{
		tiling_tile(1 + k, &ring, &pos, &x, &y);
		if (ring != 1 || pos != k || fabs(atan2(y, x) - (k <= 4 ? k : k - 8) * M_PI / 4) > 1e-12 ||
			fabs(hypot(x, y) - 0.6435942529055826) > 1e-15)
			ok = 0;
	}
	CHECK(ok, "ring 1: tiles 1..8 at angles k pi/4, radius tanh r_in");
	tiling_tile(106495, &ring, &pos, &x, &y);
	CHECK(ring == 8 && pos == 106495 - 31809 &&
		  fabs(x - 0.6490127460407864) <= 1e-12 && fabs(y + 0.7607454127468497) <= 1e-12,
		  "tile 106495 (ring 8, position %d) at (%.16f, %.16f)", pos, x, y);
	CHECK(tiling_tile(QTCL_TILING_TILES - 1, &ring, &pos, NULL, NULL) == TILING_OK && ring == 8 && pos == 86911,
		  "last table tile 118720 is ring 8 position 86911");
	CHECK(tiling_tile(QTCL_TILING_TILES, NULL, NULL, NULL, NULL) == TILING_ERR_RANGE &&
		  tiling_tile(-1, NULL, NULL, NULL, NULL) == TILING_ERR_RANGE, "indices outside the table refused");

	/* angles ascending within every ring, in [0, 2 pi) */
	{
		int			r,
					sorted = 1;

		for (r = 1; r < 9; r++)
		{
			int32_t		i;
			double		prev = -1.0;

			for (i = tiling_ring_offset(r); i < tiling_ring_offset(r + 1); i++)
			{
				double		th;

				tiling_tile(i, NULL, NULL, &x, &y);
				th = atan2(y, x);
				if (th < 0)
					th += 2 * M_PI;
				if (th >= 2 * M_PI - 1e-9)
					th = 0;
				if (!(th > prev))
					sorted = 0;
				prev = th;
			}
		}
		CHECK(sorted, "tiles ordered by strictly ascending angle within each ring");
	}
	/* distances */
	tiling_distance(0, 1, &d);
	CHECK(fabs(d - QTCL_TILING_TWO_R_IN) < 1e-14 && fabs(d - 2 * rin) < 1e-14 && fabs(cosh(d) - (1 + sqrt(2.0))) < 1e-14,
		  "distance tile 0 - tile 1 = 2 r_in = 1.528570919480998 (%.16f)", d);
	CHECK(fabs(tiling_point_distance(0, 0, 0.6435942529055826, 0) - QTCL_TILING_TWO_R_IN) < 1e-14,
		  "point distance from the origin to tanh r_in is 2 r_in");
	CHECK(tiling_distance(5, 5, &d) == TILING_OK && d == 0.0, "distance of a tile to itself is 0");
	CHECK(tiling_distance(0, QTCL_TILING_TILES, &d) == TILING_ERR_RANGE, "distance refuses indices outside the table");
}

static void
neighbours(void)
{
	int32_t		i;
	int			ok_in = 1,
				ok_sym = 1,
				ok_dist = 1,
				ok_parents = 1,
				ok_ring = 1,
				missing8 = 0,
				rc;

	for (i = 0; i < QTCL_TILING_TILES; i++)
	{
		int			nin,
					ring,
					k,
					parents = 0;

		rc = tiling_neighbours(i, nbr[i], &nin);
		if (rc != TILING_OK)
		{
			CHECK(0, "neighbours of %d: %s", i, tiling_strerror(rc));
			return;
		}
		tiling_tile(i, &ring, NULL, NULL, NULL);
		if (ring < 8 && nin != 8)
			ok_in = 0;
		if (ring == 8)
			missing8 += 8 - nin;
		for (k = 0; k < 8; k++)
		{
			int			r2;
			double		d;

			if (nbr[i][k] < 0)
				continue;
			tiling_tile(nbr[i][k], &r2, NULL, NULL, NULL);
			if (abs(r2 - ring) > 1)
				ok_ring = 0;
			if (r2 == ring - 1)
				parents++;
			tiling_distance(i, nbr[i][k], &d);
			if (fabs(d - QTCL_TILING_TWO_R_IN) > 1e-9)
				ok_dist = 0;
		}
		if (ring >= 1 && (parents < 1 || parents > 2))
			ok_parents = 0;
	}
	for (i = 0; i < QTCL_TILING_TILES; i++)
	{
		int			k;

		for (k = 0; k < 8; k++)
		{
			int32_t		j = nbr[i][k];
			int			back = 0,
						m;

			if (j < 0)
				continue;
			for (m = 0; m < 8; m++)
				if (nbr[j][m] == i)
					back++;
			if (back != 1)
				ok_sym = 0;
		}
	}
	CHECK(ok_in, "every tile of rings 0..7 has 8 neighbours in the table");
	CHECK(ok_sym, "neighbour relation symmetric (j in N(i) iff i in N(j), once)");
	CHECK(ok_ring, "neighbours differ by at most one ring");
	CHECK(ok_parents, "every tile of rings 1..8 has 1 or 2 neighbours in the ring before");
	CHECK(ok_dist, "adjacent centres are 2 r_in apart (1e-9)");
	/* ring-9 tiles: each ring-9 tile T(9) = 4*86912 - 23288 = 324360 */
	CHECK(missing8 > 0, "ring-8 tiles report %d neighbour slots in ring 9 as -1", missing8);
	{
		int32_t		out[8];

		CHECK(tiling_neighbours(QTCL_TILING_TILES, out, NULL) == TILING_ERR_RANGE, "neighbours refuse an index outside the table");
		tiling_neighbours(0, out, NULL);
		CHECK(out[0] == 1 && out[1] == 2 && out[7] == 8, "neighbours of the origin are tiles 1..8 in angle order");
	}
}

/* Breadth-first search over the table's neighbour graph (ring-9 shortcuts unavailable). */
static void
bfs(int32_t src)
{
	int32_t		head = 0,
				tail = 0,
				i;

	for (i = 0; i < QTCL_TILING_TILES; i++)
		bfs_dist[i] = -1;
	bfs_dist[src] = 0;
	queue[tail++] = src;
	while (head < tail)
	{
		int32_t		u = queue[head++];
		int			k;

		for (k = 0; k < 8; k++)
		{
			int32_t		v = nbr[u][k];

			if (v >= 0 && bfs_dist[v] < 0)
			{
				bfs_dist[v] = bfs_dist[u] + 1;
				queue[tail++] = v;
			}
		}
	}
}

static void
hops(void)
{
	int32_t		t,
				h,
				h2;
	int			ok = 1,
				okinv = 1,
				oksym = 1,
				okbfs = 1,
				ring,
				rc,
				s,
				nbfs = 0,
				nless = 0;
	double		d,
				two_rin = QTCL_TILING_TWO_R_IN;

	/* from the origin: hops == ring, for every tile */
	for (t = 0; t < QTCL_TILING_TILES; t++)
	{
		rc = tiling_hops(0, t, &h);
		tiling_tile(t, &ring, NULL, NULL, NULL);
		if (rc != TILING_OK || h != ring)
			ok = 0;
	}
	CHECK(ok, "hops(0, t) == ring(t) for all 118721 tiles");
	ok = 1;
	for (t = 1; t <= 8; t++)
		if (tiling_hops(0, t, &h) != TILING_OK || h != 1 || tiling_hops(t, 0, &h) != TILING_OK || h != 1)
			ok = 0;
	CHECK(ok, "hops to and from each ring-1 tile and the origin is 1");

	/* greedy walk == BFS distance; sources in rings 0..4, targets in rings 0..6 */
	for (s = 0; s < 12; s++)
	{
		int32_t		src = s == 0 ? 0 : (int32_t) (1 + rng_next() % (tiling_ring_offset(5) - 1));

		bfs(src);
		for (t = 0; t < tiling_ring_offset(7); t++)
		{
			rc = tiling_hops(src, t, &h);
			nbfs++;
			if (rc != TILING_OK || h != bfs_dist[t])
			{
				if (okbfs)
					printf("# hops(%d, %d) = %d, bfs %d\n", src, t, h, bfs_dist[t]);
				okbfs = 0;
			}
		}
	}
	CHECK(okbfs, "greedy hops equal breadth-first distances on %d pairs (sources in rings 0..4, targets in rings 0..6)", nbfs);

	/* between ring-8 tiles the walk may shortcut through ring 9: never longer than BFS in the table */
	{
		int32_t		src = tiling_ring_offset(8) + 12345;

		bfs(src);
		ok = 1;
		for (t = tiling_ring_offset(6); t < QTCL_TILING_TILES; t += 7)
		{
			rc = tiling_hops(src, t, &h);
			if (rc != TILING_OK || h > bfs_dist[t])
				ok = 0;
			if (h < bfs_dist[t])
				nless++;
		}
		CHECK(ok, "from a ring-8 tile: walk <= table BFS everywhere (%d targets shorter via ring 9)", nless);
	}

	/* invariants on random pairs */
	for (s = 0; s < 20000; s++)
	{
		int32_t		i = (int32_t) (rng_next() % QTCL_TILING_ADDRESS_TILES),
					j = (int32_t) (rng_next() % QTCL_TILING_ADDRESS_TILES);
		double		d2;

		if (s < 100)
			j = i;
		tiling_hops(i, j, &h);
		tiling_hops(j, i, &h2);
		tiling_distance(i, j, &d);
		tiling_distance(j, i, &d2);
		if (h != h2 || d != d2)
		{
			if (oksym)
				printf("# i %d j %d hops %d %d dist %.17g %.17g\n", i, j, h, h2, d, d2);
			oksym = 0;
		}
		if (h < (int32_t) ceil(d / two_rin - 1e-12) || d > h * two_rin + 1e-9)
			okinv = 0;
		if (i == j && (h != 0 || d != 0))
			okinv = 0;
	}
	CHECK(oksym, "hops and distance symmetric on 20000 random pairs");
	CHECK(okinv, "hops >= ceil(d / 2 r_in), d <= hops * 2 r_in, zero diagonal on 20000 random pairs");
	CHECK(tiling_hops(0, -1, &h) == TILING_ERR_RANGE, "hops refuse an index outside the table");
}

int
main(void)
{
	build_and_counts();
	positions();
	neighbours();
	hops();
	return unit_done();
}
