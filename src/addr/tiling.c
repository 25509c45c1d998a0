/* tiling.c: see tiling.h */
#include "addr/tiling.h"

#include <math.h>
#include <stddef.h>

typedef struct tile_rec
{
	double		x,
				y;				/* centre */
	double		ar,
				ai;				/* a of the SU(1,1) matrix; b = centre * conj(a) */
	double		theta;			/* atan2(y, x) normalised to [0, 2 pi) */
} tile_rec;

typedef struct su11
{
	double		ar,
				ai,
				br,
				bi;
} su11;

static const int32_t ring_offset[QTCL_TILING_RINGS + 1] = {
	0, 1, 9, 41, 161, 609, 2281, 8521, 31809, 118721
};

/* The once-per-process table (the only global state of the module). */
static tile_rec tiles[QTCL_TILING_TILES];
static int	tiling_state;		/* 0 not built, 1 built, -1 build failed */
static su11 step_mat[QTCL_TILING_NEIGHBOURS];	/* S_0 .. S_7, filled by tiling_init */

#define TWO_PI		6.283185307179586476925286766559
#define MATCH_EUCL	1e-8		/* same centre: Euclidean distance below this */
#define MATCH_ANGLE 1e-8		/* angular search window */
#define WALK_MAX	64

const char *
tiling_strerror(int code)
{
	switch (code)
	{
		case TILING_OK:
			return "ok";
		case TILING_ERR_RANGE:
			return "tile index out of range";
		case TILING_ERR_BUILD:
			return "internal error: the {8,3} tile table could not be built";
		case TILING_ERR_WALK:
			return "internal error: the tile walk did not reach its target";
	}
	return "unknown tiling error";
}

int32_t
tiling_ring_count(int ring)
{
	if (ring < 0 || ring >= QTCL_TILING_RINGS)
		return -1;
	return ring_offset[ring + 1] - ring_offset[ring];
}

int32_t
tiling_ring_offset(int ring)
{
	if (ring < 0 || ring > QTCL_TILING_RINGS)
		return -1;
	return ring_offset[ring];
}

static int
ring_of(int32_t idx)
{
	int			r = 0;

	while (idx >= ring_offset[r + 1])
		r++;
	return r;
}

static double
norm_angle(double x, double y)
{
	double		t = atan2(y, x);

	if (t < 0)
		t += TWO_PI;
	if (t >= TWO_PI - 1e-9)
		t = 0;
	return t;
}

static su11
mat_of(int32_t idx)
{
	const tile_rec *t = &tiles[idx];
	su11		g;

	g.ar = t->ar;
	g.ai = t->ai;
	/* b = z * conj(a) */
	g.br = t->x * t->ar + t->y * t->ai;
	g.bi = t->y * t->ar - t->x * t->ai;
	return g;
}

/* g S: a' = a sa + b conj(sb), b' = a sb + b conj(sa). */
static su11
mat_step(const su11 *g, const su11 *s)
{
	su11		r;

	r.ar = g->ar * s->ar - g->ai * s->ai + g->br * s->br + g->bi * s->bi;
	r.ai = g->ar * s->ai + g->ai * s->ar + g->bi * s->br - g->br * s->bi;
	r.br = g->ar * s->br - g->ai * s->bi + g->br * s->ar + g->bi * s->ai;
	r.bi = g->ar * s->bi + g->ai * s->br + g->bi * s->ar - g->br * s->ai;
	return r;
}

/* Centre b / conj(a) and |a|^2 (= 1 / (1 - |centre|^2)). */
static void
mat_centre(const su11 *g, double *x, double *y, double *a2)
{
	double		n = g->ar * g->ar + g->ai * g->ai;

	/* b / conj(a) = b a / |a|^2 */
	*x = (g->br * g->ar - g->bi * g->ai) / n;
	*y = (g->bi * g->ar + g->br * g->ai) / n;
	*a2 = n;
}

/* Index of the tile of ring r centred at (x, y), or -1. */
static int32_t
lookup(int r, double x, double y)
{
	int32_t		lo,
				hi,
				end,
				i;
	double		th;

	if (r < 0 || r >= QTCL_TILING_RINGS)
		return -1;
	if (r == 0)
		return (hypot(x, y) < MATCH_EUCL) ? 0 : -1;
	th = norm_angle(x, y);
	lo = ring_offset[r];
	end = hi = ring_offset[r + 1];
	/* first entry with theta >= th - window */
	while (lo < hi)
	{
		int32_t		mid = lo + (hi - lo) / 2;

		if (tiles[mid].theta < th - MATCH_ANGLE)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < end && tiles[i].theta <= th + MATCH_ANGLE; i++)
		if (hypot(tiles[i].x - x, tiles[i].y - y) < MATCH_EUCL)
			return i;
	/* wrap-around at theta = 0 / 2 pi */
	if (th < MATCH_ANGLE)
	{
		for (i = end - 1; i >= ring_offset[r] && tiles[i].theta >= TWO_PI + th - MATCH_ANGLE; i--)
			if (hypot(tiles[i].x - x, tiles[i].y - y) < MATCH_EUCL)
				return i;
	}
	if (th > TWO_PI - MATCH_ANGLE)
	{
		for (i = ring_offset[r]; i < end && tiles[i].theta <= th + MATCH_ANGLE - TWO_PI; i++)
			if (hypot(tiles[i].x - x, tiles[i].y - y) < MATCH_EUCL)
				return i;
	}
	return -1;
}

/* In-place heap sort of tiles[lo, lo + n) by theta. */
static void
sift_down(tile_rec *a, size_t start, size_t n)
{
	size_t		root = start;

	while (2 * root + 1 < n)
	{
		size_t		child = 2 * root + 1;
		tile_rec	tmp;

		if (child + 1 < n && a[child + 1].theta > a[child].theta)
			child++;
		if (a[root].theta >= a[child].theta)
			return;
		tmp = a[root];
		a[root] = a[child];
		a[child] = tmp;
		root = child;
	}
}

static void
sort_by_theta(tile_rec *a, size_t n)
{
	size_t		i;

	if (n < 2)
		return;
	for (i = n / 2; i > 0; i--)
		sift_down(a, i - 1, n);
	for (i = n - 1; i > 0; i--)
	{
		tile_rec	tmp = a[0];

		a[0] = a[i];
		a[i] = tmp;
		sift_down(a, 0, i);
	}
}

static void
store(int32_t idx, const su11 *g)
{
	double		x,
				y,
				a2;

	mat_centre(g, &x, &y, &a2);
	tiles[idx].x = x;
	tiles[idx].y = y;
	tiles[idx].ar = g->ar;
	tiles[idx].ai = g->ai;
	tiles[idx].theta = norm_angle(x, y);
}

static int
build(void)
{
	double		ch = 1.0 / sqrt(2.0 - sqrt(2.0));
	double		sh = pow(2.0, -0.25);
	int			k,
				r;

	for (k = 0; k < QTCL_TILING_NEIGHBOURS; k++)
	{
		double		phi = k * (M_PI / 8.0);

		step_mat[k].ar = cos(phi) * ch;
		step_mat[k].ai = sin(phi) * ch;
		step_mat[k].br = cos(phi) * sh;
		step_mat[k].bi = sin(phi) * sh;
	}

	{
		su11		id = {1.0, 0.0, 0.0, 0.0};

		store(0, &id);
	}

	for (r = 0; r + 1 < QTCL_TILING_RINGS; r++)
	{
		int32_t		t,
					count = 0,
					want = ring_offset[r + 2] - ring_offset[r + 1];

		for (t = ring_offset[r]; t < ring_offset[r + 1]; t++)
		{
			su11		g = mat_of(t);

			for (k = 0; k < QTCL_TILING_NEIGHBOURS; k++)
			{
				su11		c = mat_step(&g, &step_mat[k]);
				double		x,
							y,
							a2;
				int			j,
							mine = 1;

				mat_centre(&c, &x, &y, &a2);
				if (lookup(r - 1, x, y) >= 0 || lookup(r, x, y) >= 0)
					continue;	/* not a child: parent or sibling */
				/* A child; emit it from its lowest-index parent only. */
				for (j = 0; j < QTCL_TILING_NEIGHBOURS && mine; j++)
				{
					su11		p = mat_step(&c, &step_mat[j]);
					double		px,
								py,
								pa2;
					int32_t		q;

					mat_centre(&p, &px, &py, &pa2);
					q = lookup(r, px, py);
					if (q >= 0 && q < t)
						mine = 0;
				}
				if (!mine)
					continue;
				if (count >= want)
					return TILING_ERR_BUILD;
				store(ring_offset[r + 1] + count, &c);
				count++;
			}
		}
		if (count != want)
			return TILING_ERR_BUILD;
		sort_by_theta(&tiles[ring_offset[r + 1]], (size_t) count);
		/* Distinct positions in the ring (a failed dedup would show here). */
		for (t = ring_offset[r + 1] + 1; t < ring_offset[r + 2]; t++)
			if (tiles[t].theta - tiles[t - 1].theta < 1e-7)
				return TILING_ERR_BUILD;
	}
	return TILING_OK;
}

int
tiling_init(void)
{
	if (tiling_state == 0)
		tiling_state = (build() == TILING_OK) ? 1 : -1;
	return tiling_state == 1 ? TILING_OK : TILING_ERR_BUILD;
}

int
tiling_tile(int32_t idx, int *ring, int32_t *pos, double *x, double *y)
{
	int			rc = tiling_init();
	int			r;

	if (rc != TILING_OK)
		return rc;
	if (idx < 0 || idx >= QTCL_TILING_TILES)
		return TILING_ERR_RANGE;
	r = ring_of(idx);
	if (ring)
		*ring = r;
	if (pos)
		*pos = idx - ring_offset[r];
	if (x)
		*x = tiles[idx].x;
	if (y)
		*y = tiles[idx].y;
	return TILING_OK;
}

int
tiling_neighbours(int32_t idx, int32_t out[QTCL_TILING_NEIGHBOURS], int *nin)
{
	int			rc = tiling_init();
	int			r,
				k,
				found = 0;
	su11		g;

	if (rc != TILING_OK)
		return rc;
	if (idx < 0 || idx >= QTCL_TILING_TILES)
		return TILING_ERR_RANGE;
	r = ring_of(idx);
	g = mat_of(idx);
	for (k = 0; k < QTCL_TILING_NEIGHBOURS; k++)
	{
		su11		c = mat_step(&g, &step_mat[k]);
		double		x,
					y,
					a2;
		int32_t		q;

		mat_centre(&c, &x, &y, &a2);
		q = lookup(r - 1, x, y);
		if (q < 0)
			q = lookup(r, x, y);
		if (q < 0)
			q = lookup(r + 1, x, y);
		if (q < 0 && r + 1 < QTCL_TILING_RINGS)
			return TILING_ERR_BUILD;	/* every neighbour of rings 0..7 is in the table */
		out[k] = q;
		if (q >= 0)
			found++;
	}
	if (nin)
		*nin = found;
	return TILING_OK;
}

/* sinh^2(d/2) for centres z, w with |a|^2 = 1/(1 - |.|^2) given. */
static double
half_sinh2(double zx, double zy, double za2, double wx, double wy, double wa2)
{
	double		dx = zx - wx,
				dy = zy - wy;

	return (dx * dx + dy * dy) * za2 * wa2;
}

double
tiling_point_distance(double zx, double zy, double wx, double wy)
{
	double		za2 = 1.0 / ((1.0 - zx * zx - zy * zy));
	double		wa2 = 1.0 / ((1.0 - wx * wx - wy * wy));

	/* cosh d = 1 + 2 |z-w|^2 / ((1-|z|^2)(1-|w|^2)) = 1 + 2 sinh^2(d/2) */
	return 2.0 * asinh(sqrt(half_sinh2(zx, zy, za2, wx, wy, wa2)));
}

int
tiling_distance(int32_t i, int32_t j, double *d)
{
	int			rc = tiling_init();
	const tile_rec *a,
			   *b;

	if (rc != TILING_OK)
		return rc;
	if (i < 0 || i >= QTCL_TILING_TILES || j < 0 || j >= QTCL_TILING_TILES)
		return TILING_ERR_RANGE;
	/* fixed operand order, so that d(i, j) and d(j, i) round identically */
	a = &tiles[i < j ? i : j];
	b = &tiles[i < j ? j : i];
	*d = 2.0 * asinh(sqrt(half_sinh2(a->x, a->y, a->ar * a->ar + a->ai * a->ai,
									 b->x, b->y, b->ar * b->ar + b->ai * b->ai)));
	return TILING_OK;
}

int
tiling_hops(int32_t i, int32_t j, int32_t *hops)
{
	int			rc = tiling_init();
	su11		g;
	double		wx,
				wy,
				wa2;
	int32_t		steps;

	if (rc != TILING_OK)
		return rc;
	if (i < 0 || i >= QTCL_TILING_TILES || j < 0 || j >= QTCL_TILING_TILES)
		return TILING_ERR_RANGE;
	wx = tiles[j].x;
	wy = tiles[j].y;
	wa2 = tiles[j].ar * tiles[j].ar + tiles[j].ai * tiles[j].ai;
	g = mat_of(i);
	for (steps = 0; steps <= WALK_MAX; steps++)
	{
		double		x,
					y,
					a2,
					best = INFINITY;
		int			k,
					bestk = 0;
		su11		next[QTCL_TILING_NEIGHBOURS];

		mat_centre(&g, &x, &y, &a2);
		/* Same tile: centres coincide (distinct centres are 2 r_in apart). */
		if (half_sinh2(x, y, a2, wx, wy, wa2) < 0.01)
		{
			*hops = steps;
			return TILING_OK;
		}
		for (k = 0; k < QTCL_TILING_NEIGHBOURS; k++)
		{
			double		v;

			next[k] = mat_step(&g, &step_mat[k]);
			mat_centre(&next[k], &x, &y, &a2);
			v = half_sinh2(x, y, a2, wx, wy, wa2);
			if (v < best)
			{
				best = v;
				bestk = k;
			}
		}
		g = next[bestk];
	}
	return TILING_ERR_WALK;
}
