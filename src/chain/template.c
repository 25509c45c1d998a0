/*
 * template.c: block template selection and the mempool eviction order.
 * See template.h for the rules.
 */
#include "chain/template.h"

#include <stddef.h>
#include <string.h>

#include "chain/money.h"

const char *
qtcl_template_strerror(int code)
{
	switch (code)
	{
		case QTCL_TEMPLATE_OK:
			return "ok";
		case QTCL_TEMPLATE_ERR_ARGUMENT:
			return "bad argument (NULL pointer, work space too small or too many items)";
		default:
			return "unknown template error";
	}
}

/* ---- a heap sort over one uint32 field of the work entries ---- */

typedef int (*less_fn) (const void *ctx, uint32_t a, uint32_t b);

static uint32_t *
field(qtcl_template_work *w, size_t i, size_t off)
{
	return (uint32_t *) ((char *) &w[i] + off);
}

static void
sort_sift(qtcl_template_work *w, size_t off, size_t root, size_t n, less_fn less, const void *ctx)
{
	for (;;)
	{
		size_t		child = 2 * root + 1,
					big = root;
		uint32_t	t;

		if (child < n && less(ctx, *field(w, big, off), *field(w, child, off)))
			big = child;
		if (child + 1 < n && less(ctx, *field(w, big, off), *field(w, child + 1, off)))
			big = child + 1;
		if (big == root)
			return;
		t = *field(w, root, off);
		*field(w, root, off) = *field(w, big, off);
		*field(w, big, off) = t;
		root = big;
	}
}

/* Sort the values w[0..n-1].<off> ascending by less (a total order). */
static void
heap_sort(qtcl_template_work *w, size_t off, size_t n, less_fn less, const void *ctx)
{
	size_t		i;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		sort_sift(w, off, i, n, less, ctx);
	for (i = n - 1; i > 0; i--)
	{
		uint32_t	t = *field(w, 0, off);

		*field(w, 0, off) = *field(w, i, off);
		*field(w, i, off) = t;
		sort_sift(w, off, 0, i, less, ctx);
	}
}

/* Candidates: sender asc, nonce asc, fee desc, amount asc, index asc, position asc. */
static int
cand_less(const void *ctx, uint32_t a, uint32_t b)
{
	const qtcl_template_tx *c = ctx;
	int			s = memcmp(c[a].sender, c[b].sender, QTCL_TEMPLATE_ADDR_BYTES);

	if (s != 0)
		return s < 0;
	if (c[a].nonce != c[b].nonce)
		return c[a].nonce < c[b].nonce;
	if (c[a].fee != c[b].fee)
		return c[a].fee > c[b].fee;
	if (c[a].amount != c[b].amount)
		return c[a].amount < c[b].amount;
	if (c[a].index != c[b].index)
		return c[a].index < c[b].index;
	return a < b;
}

/* States: address asc, position asc. */
static int
state_less(const void *ctx, uint32_t a, uint32_t b)
{
	const qtcl_template_sender *s = ctx;
	int			r = memcmp(s[a].address, s[b].address, QTCL_TEMPLATE_ADDR_BYTES);

	if (r != 0)
		return r < 0;
	return a < b;
}

/* ---- a binary heap of group numbers in w[].heap; top = the "first" group ---- */

typedef struct heap_ctx
{
	qtcl_template_work *w;
	const qtcl_template_tx *c;
	int			evict;			/* 0: selection (best first), 1: eviction (worst first) */
} heap_ctx;

/* The candidate that represents group g in the heap. */
static const qtcl_template_tx *
group_key(const heap_ctx *h, uint32_t g)
{
	const qtcl_template_work *w = h->w;
	uint32_t	pos = h->evict ? w[w[g].group_end - 1].aux : w[g].group_start;

	return &h->c[w[pos].order];
}

/* 1 when group a comes before group b (different senders, so this is total). */
static int
group_first(const heap_ctx *h, uint32_t a, uint32_t b)
{
	const qtcl_template_tx *x = group_key(h, a),
			   *y = group_key(h, b);
	int			s;

	if (x->fee != y->fee)
		return h->evict ? x->fee < y->fee : x->fee > y->fee;
	s = memcmp(x->sender, y->sender, QTCL_TEMPLATE_ADDR_BYTES);
	if (s != 0)
		return h->evict ? s > 0 : s < 0;
	return a < b;				/* not reached: groups have distinct senders */
}

static void
heap_push(const heap_ctx *h, size_t *size, uint32_t g)
{
	qtcl_template_work *w = h->w;
	size_t		i = (*size)++;

	w[i].heap = g;
	while (i > 0)
	{
		size_t		p = (i - 1) / 2;
		uint32_t	t;

		if (!group_first(h, w[i].heap, w[p].heap))
			break;
		t = w[i].heap;
		w[i].heap = w[p].heap;
		w[p].heap = t;
		i = p;
	}
}

static uint32_t
heap_pop(const heap_ctx *h, size_t *size)
{
	qtcl_template_work *w = h->w;
	uint32_t	top = w[0].heap;
	size_t		n = --(*size),
				i = 0;

	w[0].heap = w[n].heap;
	for (;;)
	{
		size_t		l = 2 * i + 1,
					best = i;
		uint32_t	t;

		if (l < n && group_first(h, w[l].heap, w[best].heap))
			best = l;
		if (l + 1 < n && group_first(h, w[l + 1].heap, w[best].heap))
			best = l + 1;
		if (best == i)
			break;
		t = w[i].heap;
		w[i].heap = w[best].heap;
		w[best].heap = t;
		i = best;
	}
	return top;
}

/*
 * Group the sorted candidates by sender: w[g].group_start / group_end for
 * g < return value.
 */
static uint32_t
make_groups(qtcl_template_work *w, const qtcl_template_tx *c, size_t n)
{
	uint32_t	groups = 0;
	size_t		p = 0;

	while (p < n)
	{
		size_t		q = p + 1;

		while (q < n && memcmp(c[w[q].order].sender, c[w[p].order].sender, QTCL_TEMPLATE_ADDR_BYTES) == 0)
			q++;
		w[groups].group_start = (uint32_t) p;
		w[groups].group_end = (uint32_t) q;
		groups++;
		p = q;
	}
	return groups;
}

/* The first state entry (in sorted w[].aux) with this address, or UINT32_MAX. */
static uint32_t
find_state(const qtcl_template_work *w, const qtcl_template_sender *s, size_t m, const uint8_t *addr)
{
	size_t		lo = 0,
				hi = m;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (memcmp(s[w[mid].aux].address, addr, QTCL_TEMPLATE_ADDR_BYTES) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < m && memcmp(s[w[lo].aux].address, addr, QTCL_TEMPLATE_ADDR_BYTES) == 0)
		return w[lo].aux;
	return UINT32_MAX;
}

/* amount + fee of a well-formed candidate, or -1. */
static int64_t
cost_of(const qtcl_template_tx *t)
{
	int64_t		sum;

	if (t->amount < 1 || !qtcl_money_add(t->amount, t->fee, &sum))
		return -1;
	return sum;
}

/*
 * Move group g's head to its next eligible transaction: skip nonces below
 * the next nonce; stop the group (start = end) at a gap or at a transaction
 * it cannot pay for. Returns 1 when the head is eligible.
 */
static int
advance(qtcl_template_work *w, const qtcl_template_tx *c, uint32_t g)
{
	while (w[g].group_start < w[g].group_end)
	{
		const qtcl_template_tx *t = &c[w[w[g].group_start].order];
		int64_t		cost;

		if (t->nonce < w[g].group_nonce)
		{
			w[g].group_start++;
			continue;
		}
		cost = cost_of(t);
		if (t->nonce > w[g].group_nonce || cost < 0 || cost > w[g].group_balance)
		{
			w[g].group_start = w[g].group_end;
			return 0;
		}
		return 1;
	}
	return 0;
}

int
qtcl_template_select(const qtcl_template_tx *cands, size_t n,
					 const qtcl_template_sender *states, size_t m,
					 size_t max_txs, qtcl_template_work *work, size_t work_len,
					 size_t *out, size_t *out_count)
{
	heap_ctx	h;
	size_t		i,
				hsize = 0,
				count = 0;
	uint32_t	groups,
				g;

	if (out_count == NULL)
		return QTCL_TEMPLATE_ERR_ARGUMENT;
	*out_count = 0;
	if ((n > 0 && (cands == NULL || out == NULL)) || (m > 0 && states == NULL) ||
		n > QTCL_TEMPLATE_MAX_ITEMS || m > QTCL_TEMPLATE_MAX_ITEMS ||
		work_len < QTCL_TEMPLATE_WORK_LEN(n, m) || (QTCL_TEMPLATE_WORK_LEN(n, m) > 0 && work == NULL))
		return QTCL_TEMPLATE_ERR_ARGUMENT;
	if (n == 0 || max_txs == 0)
		return QTCL_TEMPLATE_OK;

	for (i = 0; i < n; i++)
		work[i].order = (uint32_t) i;
	heap_sort(work, offsetof(qtcl_template_work, order), n, cand_less, cands);
	for (i = 0; i < m; i++)
		work[i].aux = (uint32_t) i;
	heap_sort(work, offsetof(qtcl_template_work, aux), m, state_less, states);

	groups = make_groups(work, cands, n);
	h.w = work;
	h.c = cands;
	h.evict = 0;
	for (g = 0; g < groups; g++)
	{
		uint32_t	s = find_state(work, states, m, cands[work[work[g].group_start].order].sender);

		work[g].group_state = s;
		work[g].group_nonce = s == UINT32_MAX ? 0 : states[s].nonce;
		work[g].group_balance = s == UINT32_MAX || !qtcl_money_valid(states[s].balance) ? 0 : states[s].balance;
		if (advance(work, cands, g))
			heap_push(&h, &hsize, g);
	}

	while (hsize > 0 && count < max_txs)
	{
		const qtcl_template_tx *t;

		g = heap_pop(&h, &hsize);
		t = &cands[work[work[g].group_start].order];
		out[count++] = t->index;
		work[g].group_balance -= cost_of(t);	/* eligible: 0 < cost <= balance */
		work[g].group_nonce = t->nonce + 1;
		work[g].group_start++;
		if (advance(work, cands, g))
			heap_push(&h, &hsize, g);
	}
	*out_count = count;
	return QTCL_TEMPLATE_OK;
}

int
qtcl_template_evict_order(const qtcl_template_tx *cands, size_t n,
						  qtcl_template_work *work, size_t work_len, size_t *out)
{
	return qtcl_template_evict_packages(cands, n, work, work_len, out, NULL);
}

int
qtcl_template_evict_packages(const qtcl_template_tx *cands, size_t n,
							 qtcl_template_work *work, size_t work_len, size_t *out, uint8_t *last)
{
	heap_ctx	h;
	size_t		i,
				hsize = 0,
				count = 0;
	uint32_t	groups,
				g;

	if ((n > 0 && (cands == NULL || out == NULL || work == NULL)) ||
		n > QTCL_TEMPLATE_MAX_ITEMS || work_len < n)
		return QTCL_TEMPLATE_ERR_ARGUMENT;
	if (n == 0)
		return QTCL_TEMPLATE_OK;

	for (i = 0; i < n; i++)
		work[i].order = (uint32_t) i;
	heap_sort(work, offsetof(qtcl_template_work, order), n, cand_less, cands);
	groups = make_groups(work, cands, n);

	/* aux[p] = position of the lowest fee in the group's positions start..p (latest on ties). */
	for (g = 0; g < groups; g++)
	{
		uint32_t	p;

		for (p = work[g].group_start; p < work[g].group_end; p++)
		{
			uint32_t	prev = p == work[g].group_start ? p : work[p - 1].aux;

			work[p].aux = cands[work[p].order].fee <= cands[work[prev].order].fee ? p : prev;
		}
	}

	h.w = work;
	h.c = cands;
	h.evict = 1;
	for (g = 0; g < groups; g++)
		heap_push(&h, &hsize, g);
	while (hsize > 0)
	{
		uint32_t	cut,
					p;

		g = heap_pop(&h, &hsize);
		cut = work[work[g].group_end - 1].aux;
		for (p = work[g].group_end; p-- > cut;)
		{
			if (last)
				last[count] = p == cut;
			out[count++] = cands[work[p].order].index;
		}
		work[g].group_end = cut;
		if (cut > work[g].group_start)
			heap_push(&h, &hsize, g);
	}
	return QTCL_TEMPLATE_OK;
}
