/*
 * test_chain_template.c: block template selection and the mempool eviction
 * order (chain/template.h).
 *
 * - selection: fee order across senders; nonce order within a sender even
 *   when a later nonce pays more; a gap stops the sender; stale nonces are
 *   skipped; balance exhaustion stops the sender; unknown senders; max_txs;
 *   duplicate nonces; ties; determinism under permutation of the inputs
 *   (and against a brute-force reference on random pools); empty input;
 *   argument checks;
 * - eviction: lowest fee first; a sender's later nonces go with (before) an
 *   evicted transaction; every prefix leaves gap-free nonce runs; ties;
 *   determinism under permutation.
 */
#include <stdlib.h>

#include "chain/money.h"
#include "chain/template.h"
#include "unit.h"

#define MAXN 600

static qtcl_template_tx cands[MAXN];
static qtcl_template_sender states[MAXN];
static qtcl_template_work work[MAXN];
static size_t out[MAXN],
			out2[MAXN],
			ref[MAXN];

static void
addr(uint8_t *a, int who)
{
	memset(a, 0, 32);
	a[0] = (uint8_t) who;
	a[31] = 0x5a;
}

static size_t ncand,
			nstate;

static void
reset(void)
{
	ncand = 0;
	nstate = 0;
}

static void
tx(int who, uint64_t nonce, int64_t amount, int64_t fee, size_t index)
{
	qtcl_template_tx *t = &cands[ncand++];

	addr(t->sender, who);
	t->nonce = nonce;
	t->amount = amount;
	t->fee = fee;
	t->index = index;
}

static void
state(int who, uint64_t nonce, int64_t balance)
{
	qtcl_template_sender *s = &states[nstate++];

	addr(s->address, who);
	s->nonce = nonce;
	s->balance = balance;
}

static size_t
run(size_t max_txs)
{
	size_t		cnt = 12345;
	int			rc = qtcl_template_select(cands, ncand, states, nstate, max_txs, work, MAXN, out, &cnt);

	if (rc != QTCL_TEMPLATE_OK)
		return (size_t) -1;
	return cnt;
}

static int
same(const size_t *got, size_t n, const size_t *want, size_t wn)
{
	size_t		i;

	if (n != wn)
		return 0;
	for (i = 0; i < n; i++)
		if (got[i] != want[i])
			return 0;
	return 1;
}

static void
show(const char *label, const size_t *v, size_t n)
{
	size_t		i;

	printf("# %s:", label);
	for (i = 0; i < n && i < 40; i++)
		printf(" %zu", v[i]);
	printf("\n");
}

static int
expect_list(size_t cnt, const size_t *want, size_t wn)
{
	if (!same(out, cnt, want, wn))
	{
		show("got", out, cnt == (size_t) -1 ? 0 : cnt);
		show("want", want, wn);
		return 0;
	}
	return 1;
}

#define LIST(...) (const size_t[]){__VA_ARGS__}, sizeof((const size_t[]){__VA_ARGS__}) / sizeof(size_t)

static void
selection_basic(void)
{
	size_t		cnt;

	/* fee order across senders */
	reset();
	state(1, 0, 1000000);
	state(2, 0, 1000000);
	state(3, 0, 1000000);
	tx(1, 0, 100, 10, 100);
	tx(2, 0, 100, 30, 200);
	tx(3, 0, 100, 20, 300);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(200, 300, 100)), "fee order across senders: 30, 20, 10");

	/* nonce order within a sender even when a later nonce pays more */
	reset();
	state(1, 0, 1000000);
	state(2, 0, 1000000);
	tx(1, 1, 100, 100, 11);		/* nonce 1 pays 100 */
	tx(1, 0, 100, 5, 10);		/* nonce 0 pays 5 */
	tx(2, 0, 100, 50, 20);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(20, 10, 11)), "sender 1: nonce 0 (fee 5) before nonce 1 (fee 100); sender 2 (50) first");

	/* the later high fee follows immediately once its parent is in */
	reset();
	state(1, 0, 1000000);
	state(2, 0, 1000000);
	tx(1, 0, 100, 60, 10);
	tx(1, 1, 100, 100, 11);
	tx(2, 0, 100, 50, 20);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(10, 11, 20)), "60 then its child 100, then 50");

	/* confirmed nonce is the next nonce; a gap stops the sender */
	reset();
	state(1, 5, 1000000);
	state(2, 0, 1000000);
	tx(1, 5, 100, 10, 15);
	tx(1, 6, 100, 10, 16);
	tx(1, 8, 100, 90, 18);		/* gap: 7 missing */
	tx(1, 9, 100, 90, 19);
	tx(2, 0, 100, 1, 20);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(15, 16, 20)), "gap at nonce 7 stops sender 1 after 5, 6");

	/* first pending nonce above the confirmed one: nothing of that sender */
	reset();
	state(1, 3, 1000000);
	tx(1, 4, 100, 10, 14);
	tx(1, 5, 100, 10, 15);
	cnt = run(10);
	CHECK(cnt == 0, "sender whose lowest nonce is above the confirmed nonce: nothing chosen");

	/* stale nonces (below the confirmed) are skipped, not blocking */
	reset();
	state(1, 2, 1000000);
	tx(1, 0, 100, 99, 10);
	tx(1, 1, 100, 99, 11);
	tx(1, 2, 100, 10, 12);
	tx(1, 3, 100, 10, 13);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(12, 13)), "stale nonces 0, 1 skipped; 2, 3 chosen");

	/* balance exhaustion stops the sender */
	reset();
	state(1, 0, 1000);
	state(2, 0, 1000000);
	tx(1, 0, 400, 100, 10);		/* 500, leaves 500 */
	tx(1, 1, 400, 100, 11);		/* 500, leaves 0 */
	tx(1, 2, 1, 0, 12);			/* 1 > 0: stops */
	tx(1, 3, 1, 0, 13);
	tx(2, 0, 100, 50, 20);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(10, 11, 20)), "balance 1000 covers exactly two spends of 500, then stops");

	/* an unaffordable transaction blocks later cheap ones of the same sender */
	reset();
	state(1, 0, 1000);
	tx(1, 0, 100, 10, 10);
	tx(1, 1, 5000, 10, 11);
	tx(1, 2, 1, 10, 12);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(10)), "unaffordable nonce 1 blocks the affordable nonce 2");

	/* exact balance */
	reset();
	state(1, 0, 110);
	tx(1, 0, 100, 10, 10);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(10)), "amount + fee == balance is affordable");
	reset();
	state(1, 0, 109);
	tx(1, 0, 100, 10, 10);
	cnt = run(10);
	CHECK(cnt == 0, "amount + fee == balance + 1 is not");

	/* unknown sender, malformed candidates */
	reset();
	state(1, 0, 1000000);
	tx(9, 0, 100, 1000, 90);	/* no state */
	tx(1, 0, 0, 10, 10);		/* amount 0: malformed, blocks */
	tx(1, 1, 100, 10, 11);
	cnt = run(10);
	CHECK(cnt == 0, "unknown sender and amount-0 candidate: nothing chosen");
	reset();
	state(1, 0, QTCL_MAX_MONEY);
	tx(1, 0, QTCL_MAX_MONEY, 1, 10);	/* sum out of money range */
	cnt = run(10);
	CHECK(cnt == 0, "amount + fee above MAX_MONEY: not chosen");

	/* max_txs */
	reset();
	state(1, 0, 1000000);
	state(2, 0, 1000000);
	tx(1, 0, 100, 10, 10);
	tx(1, 1, 100, 10, 11);
	tx(2, 0, 100, 20, 20);
	tx(2, 1, 100, 5, 21);
	cnt = run(2);
	CHECK(expect_list(cnt, LIST(20, 10)), "max_txs 2: the two best eligible");
	cnt = run(0);
	CHECK(cnt == 0, "max_txs 0: nothing");
	cnt = run(4);
	CHECK(expect_list(cnt, LIST(20, 10, 11, 21)), "max_txs 4: all, 20 10 11 21");

	/* ties: equal fees ordered by sender address bytes */
	reset();
	state(3, 0, 1000000);
	state(1, 0, 1000000);
	state(2, 0, 1000000);
	tx(3, 0, 100, 10, 30);
	tx(1, 0, 100, 10, 10);
	tx(2, 0, 100, 10, 20);
	tx(2, 1, 100, 10, 21);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(10, 20, 21, 30)), "equal fees: sender bytes ascending, then nonce");

	/* duplicate nonce of a sender: the higher fee is taken, the other skipped */
	reset();
	state(1, 0, 1000000);
	tx(1, 0, 100, 10, 10);
	tx(1, 0, 100, 20, 99);
	tx(1, 1, 100, 10, 11);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(99, 11)), "two candidates with nonce 0: the higher fee, then nonce 1");

	/* duplicate state entries: the first wins */
	reset();
	state(1, 0, 1000000);
	state(1, 0, 0);
	tx(1, 0, 100, 10, 10);
	cnt = run(10);
	CHECK(expect_list(cnt, LIST(10)), "duplicate state entry: the first one is used");

	/* empty input */
	reset();
	CHECK(qtcl_template_select(NULL, 0, NULL, 0, 10, NULL, 0, NULL, &cnt) == QTCL_TEMPLATE_OK && cnt == 0,
		  "empty input: OK, nothing chosen");
	state(1, 0, 10);
	cnt = run(10);
	CHECK(cnt == 0, "states but no candidates");

	/* arguments */
	reset();
	tx(1, 0, 100, 10, 10);
	state(1, 0, 1000);
	CHECK(qtcl_template_select(cands, 1, states, 1, 10, work, 0, out, &cnt) == QTCL_TEMPLATE_ERR_ARGUMENT,
		  "work too small refused");
	CHECK(qtcl_template_select(cands, 1, states, 1, 10, work, 1, NULL, &cnt) == QTCL_TEMPLATE_ERR_ARGUMENT,
		  "NULL out refused");
	CHECK(qtcl_template_select(cands, 1, NULL, 1, 10, work, 1, out, &cnt) == QTCL_TEMPLATE_ERR_ARGUMENT,
		  "NULL states with m > 0 refused");
	CHECK(qtcl_template_select(cands, 1, states, 1, 10, work, 1, out, NULL) == QTCL_TEMPLATE_ERR_ARGUMENT,
		  "NULL out_count refused");
	CHECK(qtcl_template_select(cands, 1, states, 1, 10, work, 1, out, &cnt) == QTCL_TEMPLATE_OK && cnt == 1,
		  "work of exactly max(n, m) entries suffices");
	CHECK(strcmp(qtcl_template_strerror(QTCL_TEMPLATE_ERR_ARGUMENT), "ok") != 0, "strerror");
}

/* ---- random pools: permutation invariance and a brute-force reference ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Reference: repeatedly scan every candidate for the best eligible one. O(n^2 * m). */
static size_t
reference(size_t max_txs, size_t *res)
{
	static uint64_t next[MAXN];
	static int64_t bal[MAXN];
	static int	blocked[MAXN],
				used[MAXN];
	size_t		i,
				j,
				cnt = 0;

	/* senders are the states 0..nstate-1 (distinct); candidate sender id = addr[0] */
	for (j = 0; j < nstate; j++)
	{
		next[j] = states[j].nonce;
		bal[j] = states[j].balance;
		blocked[j] = 0;
	}
	memset(used, 0, sizeof used);
	while (cnt < max_txs)
	{
		int			best = -1;

		/* block senders whose lowest remaining usable nonce has a gap or is unaffordable */
		for (j = 0; j < nstate; j++)
		{
			int			have = 0,
						besti = -1;

			if (blocked[j])
				continue;
			for (i = 0; i < ncand; i++)
			{
				if (used[i] || memcmp(cands[i].sender, states[j].address, 32) != 0 || cands[i].nonce < next[j])
					continue;
				have = 1;
				if (cands[i].nonce == next[j] &&
					(besti < 0 || cands[i].fee > cands[besti].fee ||
					 (cands[i].fee == cands[besti].fee && cands[i].amount < cands[besti].amount) ||
					 (cands[i].fee == cands[besti].fee && cands[i].amount == cands[besti].amount &&
					  cands[i].index < cands[besti].index)))
					besti = (int) i;
			}
			if (!have)
				continue;
			if (besti < 0 || cands[besti].amount + cands[besti].fee > bal[j])
			{
				blocked[j] = 1;
				continue;
			}
			if (best < 0 || cands[besti].fee > cands[best].fee ||
				(cands[besti].fee == cands[best].fee &&
				 memcmp(cands[besti].sender, cands[best].sender, 32) < 0))
				best = besti;
		}
		if (best < 0)
			break;
		res[cnt++] = cands[best].index;
		for (j = 0; j < nstate; j++)
			if (memcmp(cands[best].sender, states[j].address, 32) == 0)
			{
				bal[j] -= cands[best].amount + cands[best].fee;
				next[j] = cands[best].nonce + 1;
			}
		/* every candidate of that sender with nonce < next is now stale */
		for (i = 0; i < ncand; i++)
			if (memcmp(cands[i].sender, cands[best].sender, 32) == 0 && cands[i].nonce < cands[best].nonce + 1)
				used[i] = 1;
	}
	return cnt;
}

static void
random_pool(size_t n, int senders)
{
	size_t		i;
	int			s;

	reset();
	for (s = 1; s <= senders; s++)
		state(s, rnd() % 3, (int64_t) (rnd() % 5000));
	for (i = 0; i < n; i++)
	{
		int			who = 1 + (int) (rnd() % (uint64_t) senders);

		/* nonces near the confirmed one, with gaps and stale ones now and then */
		tx(who, states[who - 1].nonce + rnd() % 8 - (rnd() % 10 == 0 ? 1 : 0) * (states[who - 1].nonce > 0),
		   1 + (int64_t) (rnd() % 400), (int64_t) (rnd() % 50), 1000 + i);
	}
}

static void
shuffle(void)
{
	size_t		i;

	for (i = ncand; i > 1; i--)
	{
		size_t		j = rnd() % i;
		qtcl_template_tx t = cands[i - 1];

		cands[i - 1] = cands[j];
		cands[j] = t;
	}
	for (i = nstate; i > 1; i--)
	{
		size_t		j = rnd() % i;
		qtcl_template_sender t = states[i - 1];

		states[i - 1] = states[j];
		states[j] = t;
	}
}

static void
selection_random(void)
{
	int			round,
				ok_perm = 1,
				ok_ref = 1,
				ok_valid = 1;

	for (round = 0; round < 200; round++)
	{
		size_t		n = 1 + rnd() % 60,
					max = rnd() % 70,
					cnt,
					cnt2,
					rcnt,
					i;
		int			senders = 1 + (int) (rnd() % 8);

		random_pool(n, senders);
		cnt = run(max);
		memcpy(out2, out, cnt * sizeof out[0]);
		rcnt = reference(max, ref);
		if (!same(out, cnt, ref, rcnt))
		{
			if (ok_ref)
			{
				show("select", out, cnt);
				show("reference", ref, rcnt);
			}
			ok_ref = 0;
		}
		/* validity: per sender consecutive nonces from the confirmed one, within balance */
		{
			int			s;

			for (s = 0; s < senders; s++)
			{
				uint64_t	nx = states[s].nonce;
				int64_t		b = states[s].balance;

				for (i = 0; i < cnt; i++)
				{
					const qtcl_template_tx *t = &cands[out[i] - 1000];

					if (memcmp(t->sender, states[s].address, 32) != 0)
						continue;
					if (t->nonce != nx || t->amount + t->fee > b)
						ok_valid = 0;
					nx++;
					b -= t->amount + t->fee;
				}
			}
			if (cnt > max)
				ok_valid = 0;
		}
		/* permutation invariance (indices are distinct, so exact) */
		shuffle();
		cnt2 = run(max);
		if (!same(out, cnt2, out2, cnt))
			ok_perm = 0;
	}
	CHECK(ok_ref, "200 random pools: selection equals the brute-force reference");
	CHECK(ok_valid, "200 random pools: every sender's chosen nonces are consecutive from the confirmed nonce and paid for");
	CHECK(ok_perm, "200 random pools: shuffled inputs give the same template");
}

static void
selection_large(void)
{
	size_t		i,
				cnt,
				cnt2;

	/* 600 candidates from 100 senders: runs, result is valid and max_txs respected */
	reset();
	for (i = 0; i < 100; i++)
		state((int) i + 1, 0, 1000000);
	for (i = 0; i < MAXN; i++)
		tx((int) (i % 100) + 1, i / 100, 100, (int64_t) ((i * 7919) % 1000), i);
	cnt = run(100);
	CHECK(cnt == 100, "600 candidates, max_txs 100: 100 chosen");
	memcpy(out2, out, sizeof out);
	cnt2 = run(100);
	CHECK(same(out, cnt2, out2, cnt), "same input, same template");
	cnt = run(1000);
	CHECK(cnt == MAXN, "all 600 fit with max_txs 1000");
}

/* ---- eviction ---- */

static size_t
evict(void)
{
	int			rc = qtcl_template_evict_order(cands, ncand, work, MAXN, out);

	return rc == QTCL_TEMPLATE_OK ? ncand : (size_t) -1;
}

/* every prefix of out leaves gap-free runs: an evicted tx's later nonces are already evicted */
static int
prefix_consistent(size_t n)
{
	static int	gone[MAXN];
	size_t		i,
				k;

	memset(gone, 0, sizeof gone);
	for (k = 0; k < n; k++)
	{
		size_t		p = out[k] - 1000;

		gone[p] = 1;
		for (i = 0; i < ncand; i++)
			if (!gone[i] && memcmp(cands[i].sender, cands[p].sender, 32) == 0 && cands[i].nonce > cands[p].nonce)
				return 0;
	}
	return 1;
}

static void
eviction(void)
{
	size_t		cnt;

	/* lowest fee first across senders */
	reset();
	tx(1, 0, 100, 30, 1000);
	tx(2, 0, 100, 10, 1001);
	tx(3, 0, 100, 20, 1002);
	cnt = evict();
	CHECK(expect_list(cnt, LIST(1001, 1002, 1000)), "single transactions: fee 10, 20, 30");

	/* evicting a low-fee nonce takes the later nonces with it, latest first */
	reset();
	tx(1, 0, 100, 50, 1000);
	tx(1, 1, 100, 5, 1001);
	tx(1, 2, 100, 90, 1002);
	tx(1, 3, 100, 60, 1003);
	tx(2, 0, 100, 20, 1004);
	cnt = evict();
	CHECK(expect_list(cnt, LIST(1003, 1002, 1001, 1004, 1000)),
		  "fee 5 at nonce 1 evicts nonces 3, 2, 1 first; then 20; then 50");
	CHECK(prefix_consistent(cnt), "every prefix leaves gap-free runs");

	/* decreasing fees within a sender: one at a time from the end */
	reset();
	tx(1, 0, 100, 40, 1000);
	tx(1, 1, 100, 30, 1001);
	tx(1, 2, 100, 20, 1002);
	tx(2, 0, 100, 25, 1003);
	cnt = evict();
	CHECK(expect_list(cnt, LIST(1002, 1003, 1001, 1000)), "interleaved: 20, 25, 30, 40");

	/* ties: equal fees, sender bytes descending; within a sender the latest minimum first */
	reset();
	tx(1, 0, 100, 10, 1000);
	tx(2, 0, 100, 10, 1001);
	tx(3, 0, 100, 10, 1002);
	tx(3, 1, 100, 10, 1003);
	cnt = evict();
	CHECK(expect_list(cnt, LIST(1003, 1002, 1001, 1000)),
		  "equal fees: the reverse of the selection order");

	/* empty and arguments */
	reset();
	CHECK(qtcl_template_evict_order(NULL, 0, NULL, 0, NULL) == QTCL_TEMPLATE_OK, "empty input: OK");
	tx(1, 0, 100, 10, 1000);
	CHECK(qtcl_template_evict_order(cands, 1, work, 0, out) == QTCL_TEMPLATE_ERR_ARGUMENT, "work too small refused");

	/* random pools: a permutation, prefix-consistent, shuffle-invariant, and fee-monotone heads */
	{
		int			round,
					ok_perm = 1,
					ok_prefix = 1,
					ok_permute = 1;

		for (round = 0; round < 200; round++)
		{
			size_t		n = 1 + rnd() % 80,
						i;
			static int	seen[MAXN];

			random_pool(n, 1 + (int) (rnd() % 6));
			cnt = evict();
			memset(seen, 0, sizeof seen);
			for (i = 0; i < cnt; i++)
			{
				if (out[i] < 1000 || out[i] >= 1000 + n || seen[out[i] - 1000])
					ok_perm = 0;
				else
					seen[out[i] - 1000] = 1;
			}
			if (!prefix_consistent(cnt))
				ok_prefix = 0;
			memcpy(out2, out, cnt * sizeof out[0]);
			shuffle();
			evict();
			if (!same(out, cnt, out2, cnt))
				ok_permute = 0;
		}
		CHECK(ok_perm, "200 random pools: the order lists every candidate once");
		CHECK(ok_prefix, "200 random pools: every prefix leaves gap-free nonce runs");
		CHECK(ok_permute, "200 random pools: shuffled inputs give the same order");
	}
}

/* Package ends: the lowest-fee transaction closes its package, after its sender's later nonces. */
static void
eviction_packages(void)
{
	static uint8_t last[MAXN];
	size_t		order2[MAXN];

	reset();
	tx(1, 0, 100, 5000, 1000);	/* a0 */
	tx(1, 1, 100, 1500, 1001);	/* a1: the lowest fee */
	tx(1, 2, 100, 9000, 1002);	/* a2: rides with a1 */
	tx(2, 0, 100, 3000, 1003);	/* b0 */
	CHECK(qtcl_template_evict_packages(cands, ncand, work, MAXN, out, last) == QTCL_TEMPLATE_OK, "packages: OK");
	CHECK(expect_list(ncand, LIST(1002, 1001, 1003, 1000)), "packages: a2 a1 | b0 | a0");
	CHECK(last[0] == 0 && last[1] == 1 && last[2] == 1 && last[3] == 1, "packages: ends after a1, b0 and a0");
	CHECK(qtcl_template_evict_order(cands, ncand, work, MAXN, order2) == QTCL_TEMPLATE_OK &&
		  memcmp(order2, out, sizeof(size_t) * ncand) == 0, "packages: the same order as qtcl_template_evict_order");
	CHECK(qtcl_template_evict_packages(cands, ncand, work, MAXN, out, NULL) == QTCL_TEMPLATE_OK, "packages: last may be NULL");
}

int
main(void)
{
	selection_basic();
	selection_random();
	selection_large();
	eviction();
	eviction_packages();
	return unit_done();
}
