/*
 * test_chain_ledger.c: a block's state transition (chain/ledger.h) on real
 * blocks: ML-DSA-65 keys from fixed seeds, deterministically signed
 * transactions, a real beacon round and headers mined at the regtest target,
 * encoded with qtcl_block_encode and decoded into a qtcl_block_view.
 *
 * - qtcl_ledger_addresses: senders (SHA3-256 of the key), recipients and the
 *   miner, without repeats, sorted; the room rule (2 n + 1);
 * - qtcl_ledger_sort / qtcl_ledger_find;
 * - qtcl_ledger_apply: a transfer (balances, nonces, new recipient with nonce
 *   0, miner credit), chained nonces of one sender, replay and gap, a sender
 *   without an account, the exact balance and one unit short, paying
 *   oneself, a sender funded earlier in the same block, credits beyond
 *   QTCL_MAX_MONEY, addresses not loaded, an undecodable transaction, the
 *   money conserved, messages;
 * - qtcl_ledger_pending_keep: stale entries, gaps, the cumulative balance,
 *   the max_pending limit, empty input;
 * - qtcl_block_check_pow (steps 1-6 of the stateless validation only).
 *
 * Keys: three keygens (oracle, alice, carol); six signatures in all.
 */
#include <stdlib.h>

#include "beacon/round.h"
#include "beacon/verify.h"
#include "chain/asert.h"
#include "chain/block.h"
#include "chain/ledger.h"
#include "chain/merkle.h"
#include "chain/money.h"
#include "chain/pow.h"
#include "chain/target.h"
#include "chain/tx.h"
#include "crypto/mldsa.h"
#include "crypto/sha3.h"
#include "unit.h"

#define CHAIN		2			/* regtest default chain id */
#define REWARD		INT64_C(5000000000)
#define HALVING		INT64_C(210000)
#define MAXTX		6
#define BLOCK_CAP	(QTCL_BLOCK_FIXED_BYTES + (MAXTX + 1) * QTCL_TX_ENCODED_BYTES)

static qtcl_beacon_work bwork;
static qtcl_beacon_round round1;
static uint8_t beacon_bytes[QTCL_BEACON_ENCODED_BYTES];
static uint8_t beacon_hash[32];
static uint8_t opk[QTCL_TX_PK_BYTES],
			osk[QTCL_TX_SK_BYTES];
static uint8_t apk[QTCL_TX_PK_BYTES],
			ask[QTCL_TX_SK_BYTES];
static uint8_t cpk[QTCL_TX_PK_BYTES],
			csk[QTCL_TX_SK_BYTES];
static uint8_t alice[32],		/* SHA3-256(apk) */
			carol[32],			/* SHA3-256(cpk) */
			bob[32],
			miner[32];
static qtcl_tx t_a0,			/* alice -> bob 1000, fee 10, nonce 0 */
			t_a1,				/* alice -> bob 2000, fee 20, nonce 1 */
			t_self,				/* alice -> alice 500, fee 10, nonce 0 */
			t_ac,				/* alice -> carol 5000, fee 10, nonce 0 */
			t_c0;				/* carol -> bob 1000, fee 0, nonce 0 */
static qtcl_tx txbuf[MAXTX];
static uint8_t blk[BLOCK_CAP + 1];
static uint8_t blk2[BLOCK_CAP + 1];

static void
make_tx(qtcl_tx *tx, const uint8_t *pk, const uint8_t *sk, const uint8_t *to, int64_t amount, int64_t fee,
		uint64_t nonce)
{
	int			rc;

	memset(tx, 0, sizeof *tx);
	tx->chain_id = CHAIN;
	memcpy(tx->sender_pk, pk, QTCL_TX_PK_BYTES);
	memcpy(tx->recipient, to, 32);
	tx->amount = amount;
	tx->fee = fee;
	tx->nonce = nonce;
	rc = qtcl_tx_sign(tx, sk, NULL);
	CHECK(rc == QTCL_TX_OK && qtcl_tx_check_stateless(tx, CHAIN, 0, NULL) == QTCL_TX_OK,
		  "signed tx amount %lld fee %lld nonce %llu", (long long) amount, (long long) fee,
		  (unsigned long long) nonce);
}

static void
setup(void)
{
	uint8_t		xi[32],
				s1[32],
				s2[32],
				addr[32];
	int			rc;

	memset(xi, 0x01, 32);
	CHECK(mldsa_keygen_internal(MLDSA_65, xi, opk, osk) == MLDSA_OK, "oracle key from xi = 01 * 32");
	memset(xi, 0x07, 32);
	CHECK(mldsa_keygen_internal(MLDSA_65, xi, apk, ask) == MLDSA_OK, "alice key from xi = 07 * 32");
	memset(xi, 0x08, 32);
	CHECK(mldsa_keygen_internal(MLDSA_65, xi, cpk, csk) == MLDSA_OK, "carol key from xi = 08 * 32");
	qtcl_sha3_256(apk, QTCL_TX_PK_BYTES, alice);
	qtcl_sha3_256(cpk, QTCL_TX_PK_BYTES, carol);
	qtcl_sha3_256("bob", 3, bob);
	qtcl_sha3_256("miner", 5, miner);

	memset(s1, 0x11, 32);
	memset(s2, 0x22, 32);
	rc = qtcl_beacon_make(&round1, NULL, s1, s2, INT64_C(1700000000000), 1, osk, opk, &bwork);
	CHECK(rc == QTCL_BEACON_OK, "beacon round 1 made (%s)", qtcl_beacon_strerror(rc));
	qtcl_beacon_encode(&round1, beacon_bytes);
	CHECK(qtcl_beacon_round_hash(&round1, beacon_hash) == QTCL_BEACON_OK, "beacon round hash");

	make_tx(&t_a0, apk, ask, bob, 1000, 10, 0);
	make_tx(&t_a1, apk, ask, bob, 2000, 20, 1);
	make_tx(&t_self, apk, ask, alice, 500, 10, 0);
	make_tx(&t_ac, apk, ask, carol, 5000, 10, 0);
	make_tx(&t_c0, cpk, csk, bob, 1000, 0, 0);
	CHECK(qtcl_tx_sender_address(&t_a0, addr) == QTCL_TX_OK && memcmp(addr, alice, 32) == 0,
		  "alice's address is SHA3-256 of her key (qtcl_tx_sender_address)");
}

/* How to build a test block. */
typedef struct spec
{
	const qtcl_tx *txs[MAXTX];
	uint32_t	n;
	const uint8_t *miner;		/* NULL: miner */
	uint32_t	chain_id;		/* 0: CHAIN */
	int			losing_nonce;	/* mine a nonce whose PoW hash is above the target */
	int			bad_merkle;
	int64_t		reward_delta;
} spec;

static qtcl_block_header last_header;

/* Encode the block of s into buf (qtcl_block_encode); returns its length. */
static size_t
build(const spec *s, uint8_t *buf)
{
	qtcl_block_header h;
	uint8_t		th[MAXTX][32],
				prefix[QTCL_HEADER_PREFIX_BYTES],
				ph[32];
	uint32_t	i,
				bad = 0;
	int64_t		fees = 0;
	qtcl_pow_ctx pc;
	qtcl_u256	target;
	uint64_t	nonce;
	size_t		len = 0;
	int			rc;

	for (i = 0; i < s->n; i++)
	{
		txbuf[i] = *s->txs[i];
		qtcl_tx_hash(s->txs[i], th[i]);
		fees += s->txs[i]->fee;
	}
	memset(&h, 0, sizeof h);
	h.version = 1;
	h.chain_id = s->chain_id ? s->chain_id : CHAIN;
	h.height = 1;
	memset(h.parent, 0xAA, 32);
	qtcl_merkle_root((const uint8_t (*)[32]) th, s->n, h.merkle_root);
	if (s->bad_merkle)
		h.merkle_root[0] ^= 0x80;
	h.timestamp_ms = INT64_C(1700000010000);
	h.target_compact = QTCL_REGTEST_POW_LIMIT_COMPACT;
	memcpy(h.miner, s->miner ? s->miner : miner, 32);
	memcpy(h.beacon_round_hash, beacon_hash, 32);

	/* mine: the first winning (or losing) nonce from 0 */
	qtcl_target_decode(QTCL_REGTEST_POW_LIMIT_COMPACT, &target);
	qtcl_header_encode_prefix(&h, prefix);
	memset(&pc, 0, sizeof pc);
	qtcl_pow_prepare(&pc, round1.output, prefix);
	for (nonce = 0; nonce < 1000; nonce++)
	{
		qtcl_pow_hash_nonce(&pc, nonce, ph);
		if (qtcl_hash_meets_target(ph, &target) != s->losing_nonce)
			break;
	}
	qtcl_pow_release(&pc);
	h.nonce = nonce;
	last_header = h;

	rc = qtcl_block_encode(&h, beacon_bytes, REWARD + fees + s->reward_delta, txbuf, s->n, buf, BLOCK_CAP,
						   &len, &bad);
	if (rc != QTCL_BLOCK_OK)
	{
		CHECK(0, "block encodes (%s)", qtcl_block_strerror(rc));
		return 0;
	}
	return len;
}

/* Build and decode into *v (the view points into buf). */
static int
build_view(const spec *s, uint8_t *buf, qtcl_block_view *v)
{
	size_t		len = build(s, buf);
	int			rc = qtcl_block_decode(buf, len, MAXTX, v, NULL);

	if (rc != QTCL_BLOCK_OK)
		CHECK(0, "block decodes (%s)", qtcl_block_strerror(rc));
	return rc == QTCL_BLOCK_OK;
}

static void
acct(qtcl_ledger_account *a, const uint8_t *addr, int64_t balance, uint64_t nonce, int exists)
{
	memset(a, 0, sizeof *a);
	memcpy(a->address, addr, 32);
	a->balance = balance;
	a->nonce = nonce;
	a->exists = exists;
}

static int64_t
total(const qtcl_ledger_account *a, size_t n)
{
	int64_t		t = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		if (a[i].exists)
			t += a[i].balance;
	return t;
}

/* The standard record set: alice, carol, bob, miner (sorted). */
static size_t
accounts(qtcl_ledger_account *a, int64_t alice_bal, uint64_t alice_nonce, int alice_exists)
{
	acct(&a[0], alice, alice_bal, alice_nonce, alice_exists);
	acct(&a[1], carol, 0, 0, 0);
	acct(&a[2], bob, 0, 0, 0);
	acct(&a[3], miner, 0, 0, 0);
	qtcl_ledger_sort(a, 4);
	return 4;
}

#define FIND(a, n, addr) qtcl_ledger_find((a), (n), (addr))

static void
addresses(void)
{
	spec		s = {.txs = {&t_a0, &t_a1, &t_ac, &t_c0}, .n = 4};
	qtcl_block_view v;
	uint8_t		out[2 * MAXTX + 1][32];
	const uint8_t *want[4] = {alice, carol, bob, miner};
	size_t		count = 0,
				i,
				j;
	int			sorted = 1,
				all = 1;

	if (!build_view(&s, blk, &v))
		return;
	memset(out, 0, sizeof out);
	CHECK(qtcl_ledger_addresses(&v, out, 9, &count) == QTCL_LEDGER_OK, "addresses with room 2 n + 1 = 9");
	CHECK(count == 4, "4 transactions touching 4 addresses: count %zu", count);
	for (i = 1; i < count; i++)
		if (memcmp(out[i - 1], out[i], 32) >= 0)
			sorted = 0;
	CHECK(sorted, "addresses strictly increasing (sorted, no repeats)");
	for (j = 0; j < 4; j++)
	{
		int			found = 0;

		for (i = 0; i < count; i++)
			if (memcmp(out[i], want[j], 32) == 0)
				found = 1;
		all &= found;
	}
	CHECK(all, "alice and carol (hashes of their keys), bob and the miner all listed");
	{
		uint8_t		raw[32];
		int			found = 0;

		/* the sender is the hash of the key, not the key's first bytes */
		memcpy(raw, apk, 32);
		for (i = 0; i < count; i++)
			if (memcmp(out[i], raw, 32) == 0)
				found = 1;
		CHECK(!found, "the raw key prefix is not listed");
	}
	count = 77;
	CHECK(qtcl_ledger_addresses(&v, out, 8, &count) == QTCL_LEDGER_ERR_ARGUMENT && count == 77,
		  "room 8 < 2 n + 1 refused (even though 4 would fit), count untouched");
	CHECK(qtcl_ledger_addresses(&v, out, 2 * MAXTX + 1, &count) == QTCL_LEDGER_OK && count == 4,
		  "more room than needed: same count");
	CHECK(qtcl_ledger_addresses(NULL, out, 9, &count) == QTCL_LEDGER_ERR_ARGUMENT, "NULL view");
	CHECK(qtcl_ledger_addresses(&v, NULL, 9, &count) == QTCL_LEDGER_ERR_ARGUMENT, "NULL out");
	CHECK(qtcl_ledger_addresses(&v, out, 9, NULL) == QTCL_LEDGER_ERR_ARGUMENT, "NULL count");

	/* one transaction: sender, recipient, miner */
	{
		spec		s1 = {.txs = {&t_a0}, .n = 1};

		if (build_view(&s1, blk, &v))
		{
			CHECK(qtcl_ledger_addresses(&v, out, 3, &count) == QTCL_LEDGER_OK && count == 3,
				  "one transfer: 3 addresses (%zu)", count);
			CHECK(memcmp(out[0], out[1], 32) < 0 && memcmp(out[1], out[2], 32) < 0, "one transfer: sorted");
			CHECK(qtcl_ledger_addresses(&v, out, 2, &count) == QTCL_LEDGER_ERR_ARGUMENT, "one transfer, room 2");
		}
	}
	/* the miner paid in the block, and a self-payment: repeats removed */
	{
		spec		s2 = {.txs = {&t_self}, .n = 1, .miner = alice};

		if (build_view(&s2, blk, &v))
			CHECK(qtcl_ledger_addresses(&v, out, 3, &count) == QTCL_LEDGER_OK && count == 1 &&
				  memcmp(out[0], alice, 32) == 0, "alice pays alice, alice mines: 1 address (%zu)", count);
	}
	{
		spec		s3 = {.txs = {&t_a0}, .n = 1, .miner = bob};

		if (build_view(&s3, blk, &v))
			CHECK(qtcl_ledger_addresses(&v, out, 3, &count) == QTCL_LEDGER_OK && count == 2,
				  "miner = recipient: 2 addresses (%zu)", count);
	}
	/* an empty block: the miner only */
	{
		spec		e = {.n = 0};

		if (build_view(&e, blk, &v))
		{
			CHECK(qtcl_ledger_addresses(&v, out, 1, &count) == QTCL_LEDGER_OK && count == 1 &&
				  memcmp(out[0], miner, 32) == 0, "empty block: the miner only");
			CHECK(qtcl_ledger_addresses(&v, out, 0, &count) == QTCL_LEDGER_ERR_ARGUMENT, "empty block, room 0");
		}
	}
}

static void
sort_find(void)
{
	qtcl_ledger_account a[4];
	const uint8_t *addrs[4] = {alice, carol, bob, miner};
	uint8_t		other[32];
	int			ok = 1,
				i;

	acct(&a[0], miner, 4, 0, 1);
	acct(&a[1], bob, 3, 0, 1);
	acct(&a[2], carol, 2, 0, 1);
	acct(&a[3], alice, 1, 0, 1);
	qtcl_ledger_sort(a, 4);
	for (i = 1; i < 4; i++)
		if (memcmp(a[i - 1].address, a[i].address, 32) >= 0)
			ok = 0;
	CHECK(ok, "sort: records in address order");
	ok = 1;
	for (i = 0; i < 4; i++)
	{
		qtcl_ledger_account *r = FIND(a, 4, addrs[i]);

		if (r == NULL || memcmp(r->address, addrs[i], 32) != 0 || r->balance != i + 1)
			ok = 0;
	}
	CHECK(ok, "find: every address, with its record's fields kept by the sort");
	memset(other, 0x00, 32);
	CHECK(FIND(a, 4, other) == NULL, "find: 00..00 absent");
	memset(other, 0xff, 32);
	CHECK(FIND(a, 4, other) == NULL, "find: ff..ff absent");
	CHECK(FIND(a, 0, alice) == NULL, "find in 0 records");
	CHECK(FIND(NULL, 4, alice) == NULL && FIND(a, 4, NULL) == NULL, "find with NULL");
	CHECK(FIND(a, 1, a[0].address) == &a[0], "find in 1 record");
	qtcl_ledger_sort(NULL, 4);
	qtcl_ledger_sort(a, 0);
	CHECK(FIND(a, 4, alice) != NULL, "sort of NULL or 0 records is harmless");
}

static void
apply_basic(void)
{
	qtcl_block_view v;
	qtcl_ledger_account a[4];
	qtcl_ledger_result res;
	qtcl_ledger_account *al,
			   *bo,
			   *mi,
			   *ca;
	size_t		n;
	int			rc;

	/* one transfer */
	{
		spec		s = {.txs = {&t_a0}, .n = 1};
		int64_t		before;

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		before = total(a, n);
		rc = qtcl_ledger_apply(&v, REWARD + 10, a, n, &res);
		CHECK(rc == QTCL_LEDGER_OK && res.code == QTCL_LEDGER_OK, "one transfer applies (%s)",
			  qtcl_ledger_strerror(rc));
		al = FIND(a, n, alice);
		bo = FIND(a, n, bob);
		mi = FIND(a, n, miner);
		ca = FIND(a, n, carol);
		CHECK(al->balance == 10000 - 1010 && al->nonce == 1 && al->exists && al->touched,
			  "alice: 10000 - 1010 = %lld, nonce %llu", (long long) al->balance, (unsigned long long) al->nonce);
		CHECK(bo->balance == 1000 && bo->nonce == 0 && bo->exists && bo->touched,
			  "bob created: balance %lld, nonce 0, exists", (long long) bo->balance);
		CHECK(mi->balance == REWARD + 10 && mi->nonce == 0 && mi->exists && mi->touched,
			  "miner created with the credit %lld", (long long) mi->balance);
		CHECK(ca->balance == 0 && !ca->exists && !ca->touched, "carol untouched, still absent");
		CHECK(total(a, n) == before + REWARD, "money: %lld before + minted %lld == %lld after",
			  (long long) before, (long long) REWARD, (long long) total(a, n));
		CHECK(total(a, n) == before + (REWARD + 10) - 10, "money: before + credit - fees == after");
	}
	/* a new account starts at nonce 0, whatever the absent record held */
	{
		spec		s = {.txs = {&t_a0}, .n = 1};

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		FIND(a, n, bob)->nonce = 77;
		FIND(a, n, miner)->nonce = 78;
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_OK && FIND(a, n, bob)->nonce == 0 &&
			  FIND(a, n, miner)->nonce == 0, "new recipient and new miner created with nonce 0");
	}
	/* an existing recipient keeps its nonce */
	{
		spec		s = {.txs = {&t_a0}, .n = 1};

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		bo = FIND(a, n, bob);
		bo->exists = 1;
		bo->balance = 7;
		bo->nonce = 5;
		mi = FIND(a, n, miner);
		mi->exists = 1;
		mi->balance = 100;
		mi->nonce = 3;
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_OK, "transfer to existing accounts");
		CHECK(bo->balance == 1007 && bo->nonce == 5, "existing bob: 7 + 1000, nonce 5 kept");
		CHECK(mi->balance == 110 && mi->nonce == 3, "existing miner: 100 + 10, nonce 3 kept");
	}
	/* chained nonces of one sender */
	{
		spec		s = {.txs = {&t_a0, &t_a1}, .n = 2};
		int64_t		before;

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		before = total(a, n);
		rc = qtcl_ledger_apply(&v, REWARD + 30, a, n, &res);
		al = FIND(a, n, alice);
		bo = FIND(a, n, bob);
		CHECK(rc == QTCL_LEDGER_OK, "nonces 0 and 1 of alice in one block (%s)", qtcl_ledger_strerror(rc));
		CHECK(al->balance == 10000 - 1010 - 2020 && al->nonce == 2, "alice: %lld, nonce %llu",
			  (long long) al->balance, (unsigned long long) al->nonce);
		CHECK(bo->balance == 3000, "bob: %lld", (long long) bo->balance);
		CHECK(total(a, n) == before + REWARD + 30 - 30, "money conserved over two transfers");
		/* the exact balance for both */
		n = accounts(a, 3030, 0, 1);
		CHECK(qtcl_ledger_apply(&v, 0, a, n, &res) == QTCL_LEDGER_OK && FIND(a, n, alice)->balance == 0,
			  "balance exactly 1010 + 2020: OK, left 0");
		n = accounts(a, 3029, 0, 1);
		rc = qtcl_ledger_apply(&v, 0, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_BALANCE && res.tx_index == 1 && res.balance == 2019 && res.need == 2020,
			  "one unit short for the second: BALANCE at tx %u, balance %lld, need %lld", res.tx_index,
			  (long long) res.balance, (long long) res.need);
	}
	/* a sender funded earlier in the same block */
	{
		spec		s = {.txs = {&t_ac, &t_c0}, .n = 2};

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		rc = qtcl_ledger_apply(&v, REWARD + 10, a, n, &res);
		ca = FIND(a, n, carol);
		CHECK(rc == QTCL_LEDGER_OK, "carol, created by tx 0, spends in tx 1 (%s)", qtcl_ledger_strerror(rc));
		CHECK(ca->exists && ca->balance == 4000 && ca->nonce == 1, "carol: 5000 - 1000 = %lld, nonce %llu",
			  (long long) ca->balance, (unsigned long long) ca->nonce);
		CHECK(FIND(a, n, bob)->balance == 1000 && FIND(a, n, alice)->balance == 10000 - 5010,
			  "bob 1000, alice 4990");
		/* the other order: carol has nothing yet */
		s.txs[0] = &t_c0;
		s.txs[1] = &t_ac;
		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		rc = qtcl_ledger_apply(&v, REWARD + 10, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_NONCE && res.tx_index == 0 && res.expected_nonce == 0 && res.tx_nonce == 0,
			  "carol spends before she is paid: NONCE at tx 0 (no account)");
	}
	/* an empty block credits the miner only */
	{
		spec		e = {.n = 0};

		if (!build_view(&e, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		CHECK(qtcl_ledger_apply(&v, REWARD, a, n, &res) == QTCL_LEDGER_OK &&
			  FIND(a, n, miner)->balance == REWARD && FIND(a, n, miner)->exists &&
			  !FIND(a, n, alice)->touched && FIND(a, n, alice)->balance == 10000,
			  "empty block: miner credited, nobody else touched");
		CHECK(qtcl_ledger_apply(&v, 0, a, n, &res) == QTCL_LEDGER_OK && FIND(a, n, miner)->balance == REWARD,
			  "credit 0 is allowed");
		/* the miner's record alone is enough */
		acct(&a[0], miner, 0, 0, 0);
		CHECK(qtcl_ledger_apply(&v, 1, a, 1, NULL) == QTCL_LEDGER_OK && a[0].balance == 1 && a[0].exists,
			  "empty block with the miner's record only (res NULL)");
	}
	/* paying oneself */
	{
		spec		s = {.txs = {&t_self}, .n = 1};

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		rc = qtcl_ledger_apply(&v, 10, a, n, &res);
		al = FIND(a, n, alice);
		CHECK(rc == QTCL_LEDGER_OK && al->balance == 10000 - 10 && al->nonce == 1 && al->touched,
			  "alice pays herself 500: only the fee leaves (%lld), nonce 1", (long long) al->balance);
		n = accounts(a, 510, 0, 1);
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_OK && FIND(a, n, alice)->balance == 500,
			  "self-payment with exactly amount + fee");
		n = accounts(a, 509, 0, 1);
		rc = qtcl_ledger_apply(&v, 10, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_BALANCE && res.balance == 509 && res.need == 510,
			  "self-payment needs amount + fee too (509 < 510)");
		/* alice mining her own self-payment */
		s.miner = alice;
		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		CHECK(qtcl_ledger_apply(&v, REWARD + 10, a, n, &res) == QTCL_LEDGER_OK &&
			  FIND(a, n, alice)->balance == 10000 + REWARD, "alice pays herself and mines: + subsidy");
	}
}

static void
apply_refusals(void)
{
	qtcl_block_view v;
	qtcl_ledger_account a[4];
	qtcl_ledger_result res;
	size_t		n;
	int			rc;
	char		msg[QTCL_LEDGER_MESSAGE_SIZE];

	/* nonces */
	{
		spec		s = {.txs = {&t_a0}, .n = 1};

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 1, 1);
		rc = qtcl_ledger_apply(&v, 10, a, n, &res);
		qtcl_ledger_describe(&res, msg, sizeof msg);
		CHECK(rc == QTCL_LEDGER_ERR_NONCE && res.code == rc && res.tx_index == 0 && res.expected_nonce == 1 &&
			  res.tx_nonce == 0, "replay of nonce 0 when alice is at 1: NONCE (%s)", msg);
		CHECK(strstr(msg, "transaction 0") && strstr(msg, "nonce 0") && strstr(msg, "next nonce 1"),
			  "NONCE message names the index and both nonces: %s", msg);
		n = accounts(a, 10000, 5, 0);
		rc = qtcl_ledger_apply(&v, 10, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_NONCE && res.expected_nonce == 0 && res.tx_nonce == 0,
			  "sender without an account: NONCE, expected nonce 0 (not the absent record's 5)");
		n = accounts(a, 10000, 0, 0);
		FIND(a, n, alice)->nonce = 0;
		FIND(a, n, alice)->balance = 0;
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_ERR_NONCE, "absent sender with zero record: NONCE");
	}
	{
		spec		s = {.txs = {&t_a1}, .n = 1};

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		rc = qtcl_ledger_apply(&v, 20, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_NONCE && res.expected_nonce == 0 && res.tx_nonce == 1,
			  "gap: nonce 1 when alice is at 0: NONCE (expected %llu, tx %llu)",
			  (unsigned long long) res.expected_nonce, (unsigned long long) res.tx_nonce);
		n = accounts(a, 10000, 1, 1);
		CHECK(qtcl_ledger_apply(&v, 20, a, n, &res) == QTCL_LEDGER_OK && FIND(a, n, alice)->nonce == 2,
			  "the same at nonce 1: OK, nonce 2");
	}
	{
		/* the same transaction twice in a block: the second is a replay */
		spec		s = {.txs = {&t_a0, &t_a0}, .n = 2};

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		rc = qtcl_ledger_apply(&v, 20, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_NONCE && res.tx_index == 1 && res.expected_nonce == 1 && res.tx_nonce == 0,
			  "tx 0 twice: NONCE at index 1 (expected 1, tx 0)");
		/* nonces out of order */
		s.txs[0] = &t_a1;
		s.txs[1] = &t_a0;
		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		rc = qtcl_ledger_apply(&v, 30, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_NONCE && res.tx_index == 0 && res.tx_nonce == 1, "nonces 1 then 0: NONCE at 0");
	}

	/* balance */
	{
		spec		s = {.txs = {&t_a0}, .n = 1};

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 1010, 0, 1);
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_OK && FIND(a, n, alice)->balance == 0 &&
			  FIND(a, n, alice)->nonce == 1, "balance exactly amount + fee: OK, left 0");
		n = accounts(a, 1009, 0, 1);
		rc = qtcl_ledger_apply(&v, 10, a, n, &res);
		qtcl_ledger_describe(&res, msg, sizeof msg);
		CHECK(rc == QTCL_LEDGER_ERR_BALANCE && res.tx_index == 0 && res.balance == 1009 && res.need == 1010,
			  "one unit short: BALANCE, balance %lld, need %lld", (long long) res.balance, (long long) res.need);
		CHECK(strstr(msg, "1009") && strstr(msg, "1010") && strstr(msg, "1009") < strstr(msg, "1010") &&
			  strstr(msg, "transaction 0"),
			  "BALANCE message names the numbers: %s", msg);
		n = accounts(a, 1000, 0, 1);
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_ERR_BALANCE, "amount without the fee: BALANCE");
		n = accounts(a, 0, 0, 1);
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_ERR_BALANCE && res.balance == 0,
			  "existing empty account: BALANCE");
		/* nonce is checked before balance */
		n = accounts(a, 0, 3, 1);
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_ERR_NONCE, "wrong nonce and no money: NONCE first");
	}

	/* credits beyond the money range */
	{
		spec		s = {.txs = {&t_a0}, .n = 1};
		qtcl_ledger_account *bo;

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 10000, 0, 1);
		bo = FIND(a, n, bob);
		bo->exists = 1;
		bo->balance = QTCL_MAX_MONEY - 1000;
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_OK && bo->balance == QTCL_MAX_MONEY,
			  "recipient reaches QTCL_MAX_MONEY exactly");
		n = accounts(a, 10000, 0, 1);
		bo = FIND(a, n, bob);
		bo->exists = 1;
		bo->balance = QTCL_MAX_MONEY - 999;
		rc = qtcl_ledger_apply(&v, 10, a, n, &res);
		qtcl_ledger_describe(&res, msg, sizeof msg);
		CHECK(rc == QTCL_LEDGER_ERR_OVERFLOW && res.tx_index == 0, "recipient one unit beyond: OVERFLOW (%s)", msg);
		CHECK(strstr(msg, "transaction 0") != NULL, "OVERFLOW message names the transaction: %s", msg);

		/* the miner's credit */
		n = accounts(a, 10000, 0, 1);
		FIND(a, n, miner)->exists = 1;
		FIND(a, n, miner)->balance = QTCL_MAX_MONEY - 10;
		CHECK(qtcl_ledger_apply(&v, 10, a, n, &res) == QTCL_LEDGER_OK &&
			  FIND(a, n, miner)->balance == QTCL_MAX_MONEY, "miner reaches QTCL_MAX_MONEY exactly");
		n = accounts(a, 10000, 0, 1);
		FIND(a, n, miner)->exists = 1;
		FIND(a, n, miner)->balance = QTCL_MAX_MONEY - 10;
		rc = qtcl_ledger_apply(&v, 11, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_OVERFLOW && res.tx_index == 1, "miner one unit beyond: OVERFLOW at index n = 1");
		n = accounts(a, 10000, 0, 1);
		CHECK(qtcl_ledger_apply(&v, -1, a, n, &res) == QTCL_LEDGER_ERR_OVERFLOW, "negative credit refused");
		n = accounts(a, 10000, 0, 1);
		CHECK(qtcl_ledger_apply(&v, QTCL_MAX_MONEY + 1, a, n, &res) == QTCL_LEDGER_ERR_OVERFLOW,
			  "credit above QTCL_MAX_MONEY refused");
	}

	/* addresses not loaded */
	{
		spec		s = {.txs = {&t_a0}, .n = 1};
		qtcl_ledger_account b[3];

		if (!build_view(&s, blk, &v))
			return;
		acct(&b[0], alice, 10000, 0, 1);
		acct(&b[1], miner, 0, 0, 0);
		qtcl_ledger_sort(b, 2);
		rc = qtcl_ledger_apply(&v, 10, b, 2, &res);
		CHECK(rc == QTCL_LEDGER_ERR_MISSING && res.tx_index == 0, "recipient not loaded: MISSING at 0");
		acct(&b[0], bob, 0, 0, 0);
		acct(&b[1], miner, 0, 0, 0);
		qtcl_ledger_sort(b, 2);
		CHECK(qtcl_ledger_apply(&v, 10, b, 2, &res) == QTCL_LEDGER_ERR_MISSING, "sender not loaded: MISSING");
		acct(&b[0], alice, 10000, 0, 1);
		acct(&b[1], bob, 0, 0, 0);
		qtcl_ledger_sort(b, 2);
		rc = qtcl_ledger_apply(&v, 10, b, 2, &res);
		CHECK(rc == QTCL_LEDGER_ERR_MISSING && res.tx_index == 1, "miner not loaded: MISSING at index n = 1");
		CHECK(qtcl_ledger_apply(&v, 10, NULL, 0, &res) == QTCL_LEDGER_ERR_MISSING, "no records at all: MISSING");
		qtcl_ledger_describe(&res, msg, sizeof msg);
		CHECK(strcmp(msg, qtcl_ledger_strerror(QTCL_LEDGER_ERR_MISSING)) == 0, "MISSING message: %s", msg);
	}

	/* the failing transaction in the middle reports its index */
	{
		spec		s = {.txs = {&t_ac, &t_c0, &t_a0}, .n = 3};

		if (!build_view(&s, blk, &v))
			return;
		n = accounts(a, 5010 + 1009, 0, 1);
		rc = qtcl_ledger_apply(&v, 20, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_NONCE && res.tx_index == 2 && res.expected_nonce == 1 && res.tx_nonce == 0,
			  "alice's second tx reuses nonce 0: NONCE at index 2 (%u)", res.tx_index);
	}

	/* an undecodable transaction (the block decoder does not look inside) */
	{
		spec		s = {.txs = {&t_a0, &t_a1}, .n = 2};
		size_t		len = build(&s, blk);

		memcpy(blk2, blk, len);
		blk2[QTCL_BLOCK_OFF_TXS + QTCL_TX_ENCODED_BYTES] ^= 0x01;	/* tx 1's magic */
		CHECK(qtcl_block_decode(blk2, len, MAXTX, &v, NULL) == QTCL_BLOCK_OK, "block with a bad tx 1 decodes");
		n = accounts(a, 10000, 0, 1);
		rc = qtcl_ledger_apply(&v, 30, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_ARGUMENT && res.tx_index == 1, "undecodable tx 1: ARGUMENT at index 1");
		memcpy(blk2, blk, len);
		blk2[QTCL_BLOCK_OFF_TXS + QTCL_TX_OFF_AMOUNT] = 0x80;	/* tx 0 amount negative */
		qtcl_block_decode(blk2, len, MAXTX, &v, NULL);
		n = accounts(a, 10000, 0, 1);
		rc = qtcl_ledger_apply(&v, 30, a, n, &res);
		CHECK(rc == QTCL_LEDGER_ERR_ARGUMENT && res.tx_index == 0 && FIND(a, n, alice)->balance == 10000,
			  "negative amount in tx 0: ARGUMENT at index 0, nothing applied");
	}

	/* arguments */
	n = accounts(a, 10000, 0, 1);
	memset(&res, 0x5a, sizeof res);
	CHECK(qtcl_ledger_apply(NULL, 0, a, n, &res) == QTCL_LEDGER_ERR_ARGUMENT && res.code == QTCL_LEDGER_ERR_ARGUMENT &&
		  res.tx_index == 0 && res.expected_nonce == 0 && res.need == 0, "NULL view: ARGUMENT, result cleared");
	{
		spec		e = {.n = 0};

		if (build_view(&e, blk, &v))
			CHECK(qtcl_ledger_apply(&v, 0, NULL, 3, &res) == QTCL_LEDGER_ERR_ARGUMENT, "NULL records with n 3");
	}
}

static void
messages(void)
{
	qtcl_ledger_result res;
	char		msg[QTCL_LEDGER_MESSAGE_SIZE];
	int			codes[] = {QTCL_LEDGER_OK, QTCL_LEDGER_ERR_NONCE, QTCL_LEDGER_ERR_BALANCE, QTCL_LEDGER_ERR_OVERFLOW,
		QTCL_LEDGER_ERR_MISSING, QTCL_LEDGER_ERR_ARGUMENT, QTCL_LEDGER_ERR_HASH};
	int			i,
				j,
				distinct = 1,
				fits = 1;
	char		big[1024];

	for (i = 0; i < 7; i++)
		for (j = 0; j < i; j++)
			if (strcmp(qtcl_ledger_strerror(codes[i]), qtcl_ledger_strerror(codes[j])) == 0)
				distinct = 0;
	CHECK(distinct, "strerror: 7 distinct messages");
	CHECK(strcmp(qtcl_ledger_strerror(QTCL_LEDGER_OK), "ok") == 0, "strerror(OK)");
	CHECK(strcmp(qtcl_ledger_strerror(99), "unknown ledger error") == 0, "strerror unknown");
	memset(&res, 0, sizeof res);
	res.tx_index = UINT32_MAX;
	res.expected_nonce = UINT64_MAX;
	res.tx_nonce = UINT64_MAX;
	res.balance = INT64_MIN;
	res.need = INT64_MIN;
	for (i = 0; i < 7; i++)
	{
		res.code = codes[i];
		qtcl_ledger_describe(&res, big, sizeof big);
		if (strlen(big) >= QTCL_LEDGER_MESSAGE_SIZE)
			fits = 0;
	}
	CHECK(fits, "every message with extreme numbers fits in QTCL_LEDGER_MESSAGE_SIZE");
	qtcl_ledger_describe(NULL, msg, sizeof msg);
	CHECK(strcmp(msg, qtcl_ledger_strerror(QTCL_LEDGER_ERR_ARGUMENT)) == 0, "describe NULL result");
	res.code = QTCL_LEDGER_ERR_NONCE;
	res.tx_index = 3;
	res.tx_nonce = 9;
	res.expected_nonce = 7;
	{
		char		small[6];

		memset(small, 'x', sizeof small);
		CHECK(qtcl_ledger_describe(&res, small, sizeof small) == small && strcmp(small, "trans") == 0,
			  "describe truncates with a NUL");
		memset(small, 'x', sizeof small);
		CHECK(qtcl_ledger_describe(&res, small, 0) == small && small[0] == 'x', "describe with buflen 0");
	}
	CHECK(qtcl_ledger_describe(&res, NULL, 10) == NULL, "describe into NULL");
	qtcl_ledger_describe(&res, msg, sizeof msg);
	CHECK(strstr(msg, "transaction 3") && strstr(msg, "nonce 9") && strstr(msg, "nonce 7"), "NONCE message: %s", msg);
}

static void
pending(void)
{
	static const uint64_t seq[5] = {5, 6, 7, 8, 9};
	static const int64_t am[5] = {30, 30, 30, 30, 30};
	static const int64_t fe[5] = {5, 5, 5, 5, 5};
	size_t		stale = 99,
				kept;

	kept = qtcl_ledger_pending_keep(5, 1000, seq, am, fe, 5, 100, &stale);
	CHECK(kept == 5 && stale == 0, "run 5..9 from nonce 5, affordable: keep 5 (%zu), stale 0", kept);
	stale = 99;
	CHECK(qtcl_ledger_pending_keep(5, 1000, seq, am, fe, 0, 100, &stale) == 0 && stale == 0,
		  "empty input: keep 0, stale 0");
	CHECK(qtcl_ledger_pending_keep(5, 1000, seq, am, fe, 5, 100, NULL) == 5, "stale may be NULL");

	/* stale entries below the confirmed nonce */
	{
		static const uint64_t s2[5] = {3, 4, 5, 6, 7};

		kept = qtcl_ledger_pending_keep(5, 1000, s2, am, fe, 5, 100, &stale);
		CHECK(kept == 3 && stale == 2, "nonces 3..7 at confirmed 5: stale 2, keep 3 (%zu, %zu)", stale, kept);
		kept = qtcl_ledger_pending_keep(8, 1000, s2, am, fe, 5, 100, &stale);
		CHECK(kept == 0 && stale == 5, "all below confirmed 8: stale 5, keep 0 (%zu, %zu)", stale, kept);
		kept = qtcl_ledger_pending_keep(5, 70, s2, am, fe, 5, 100, &stale);
		CHECK(kept == 2 && stale == 2, "stale entries are not charged to the balance (70 = 2 * 35): keep 2 (%zu)",
			  kept);
		kept = qtcl_ledger_pending_keep(5, 1000, s2, am, fe, 5, 2, &stale);
		CHECK(kept == 2 && stale == 2, "stale entries do not count towards max_pending: keep 2 (%zu)", kept);
	}
	/* gaps */
	{
		static const uint64_t g1[4] = {5, 6, 8, 9};
		static const uint64_t g2[2] = {6, 7};
		static const uint64_t g3[3] = {5, 5, 6};
		static const uint64_t g4[3] = {4, 5, 7};

		CHECK(qtcl_ledger_pending_keep(5, 1000, g1, am, fe, 4, 100, &stale) == 2 && stale == 0,
			  "5, 6, 8, 9: the gap at 7 stops the run at 2");
		CHECK(qtcl_ledger_pending_keep(5, 1000, g2, am, fe, 2, 100, &stale) == 0 && stale == 0,
			  "first nonce above the confirmed one: keep 0");
		CHECK(qtcl_ledger_pending_keep(5, 1000, g3, am, fe, 3, 100, &stale) == 1,
			  "5, 5, 6: a repeated nonce stops the run at 1");
		CHECK(qtcl_ledger_pending_keep(5, 1000, g4, am, fe, 3, 100, &stale) == 1 && stale == 1,
			  "4, 5, 7: stale 1, keep 1");
		CHECK(qtcl_ledger_pending_keep(0, 1000, seq, am, fe, 5, 100, &stale) == 0 && stale == 0,
			  "confirmed 0, pending from 5: keep 0");
	}
	/* the cumulative balance */
	CHECK(qtcl_ledger_pending_keep(5, 105, seq, am, fe, 5, 100, &stale) == 3,
		  "balance exactly 3 * (30 + 5) = 105: keep 3");
	CHECK(qtcl_ledger_pending_keep(5, 104, seq, am, fe, 5, 100, &stale) == 2, "balance 104: keep 2");
	CHECK(qtcl_ledger_pending_keep(5, 34, seq, am, fe, 5, 100, &stale) == 0, "balance 34 < 35: keep 0");
	CHECK(qtcl_ledger_pending_keep(5, 0, seq, am, fe, 5, 100, &stale) == 0, "balance 0: keep 0");
	{
		static const int64_t a2[3] = {10, 1000, 10};
		static const int64_t f2[3] = {0, 0, 0};

		CHECK(qtcl_ledger_pending_keep(5, 100, seq, a2, f2, 3, 100, &stale) == 1,
			  "an unaffordable second stops the run even if the third would fit: keep 1");
	}
	{
		static const int64_t a3[2] = {30, 30};
		static const int64_t f3[2] = {6, 0};

		CHECK(qtcl_ledger_pending_keep(5, 65, seq, a3, f3, 2, 100, &stale) == 1,
			  "fees count: 36 + 30 = 66 > 65: keep 1");
		CHECK(qtcl_ledger_pending_keep(5, 66, seq, a3, f3, 2, 100, &stale) == 2, "66: keep 2");
	}
	{
		static const int64_t a4[2] = {QTCL_MAX_MONEY, 1};
		static const int64_t f4[2] = {0, 0};

		CHECK(qtcl_ledger_pending_keep(5, QTCL_MAX_MONEY, seq, a4, f4, 2, 100, &stale) == 1,
			  "a sum beyond QTCL_MAX_MONEY stops the run: keep 1");
	}
	/* max_pending */
	CHECK(qtcl_ledger_pending_keep(5, 1000, seq, am, fe, 5, 3, &stale) == 3, "max_pending 3: keep 3");
	CHECK(qtcl_ledger_pending_keep(5, 1000, seq, am, fe, 5, 1, &stale) == 1, "max_pending 1: keep 1");
	CHECK(qtcl_ledger_pending_keep(5, 1000, seq, am, fe, 5, 0, &stale) == 0, "max_pending 0: keep 0");
	CHECK(qtcl_ledger_pending_keep(5, 1000, seq, am, fe, 5, 5, &stale) == 5, "max_pending == n: keep all");
	/* NULL arrays */
	stale = 99;
	CHECK(qtcl_ledger_pending_keep(5, 1000, NULL, am, fe, 5, 100, &stale) == 0 && stale == 0, "NULL nonces: 0");
	CHECK(qtcl_ledger_pending_keep(5, 1000, seq, NULL, fe, 5, 100, &stale) == 0, "NULL amounts: 0");
	CHECK(qtcl_ledger_pending_keep(5, 1000, seq, am, NULL, 5, 100, &stale) == 0, "NULL fees: 0");
}

static void
check_pow(void)
{
	static uint8_t hashes[MAXTX][32];
	static uint32_t order[MAXTX];
	qtcl_block_scratch scratch = {&bwork, hashes, order, MAXTX};
	qtcl_block_params params = {CHAIN, 100, 0, REWARD, HALVING};
	qtcl_block_result res;
	spec		s = {.txs = {&t_a0, &t_a1}, .n = 2};
	size_t		len = build(&s, blk);
	uint8_t		h[32];
	qtcl_u256	target;
	int			rc;

	rc = qtcl_block_check_pow(blk, len, CHAIN, &bwork, &res);
	CHECK(rc == QTCL_BLOCK_OK && res.code == QTCL_BLOCK_OK, "check_pow: valid regtest block (%s)",
		  qtcl_block_strerror(rc));
	qtcl_sha3_256(blk, QTCL_HEADER_BYTES, h);
	CHECK_BYTES(res.block_hash, 32, h, 32, "check_pow: block hash = SHA3-256(header)");
	CHECK_BYTES(res.beacon_output, 32, round1.output, 32, "check_pow: beacon output");
	qtcl_target_decode(QTCL_REGTEST_POW_LIMIT_COMPACT, &target);
	CHECK(qtcl_hash_meets_target(res.pow_hash, &target), "check_pow: reported PoW hash meets the target");
	CHECK(qtcl_block_check_stateless(blk, len, &params, 0, &scratch, &res) == QTCL_BLOCK_OK,
		  "the same block passes the whole stateless validation");
	CHECK(qtcl_block_check_pow(blk, len, CHAIN, &bwork, NULL) == QTCL_BLOCK_OK, "check_pow: res may be NULL");

	blk[len] = 0;
	rc = qtcl_block_check_pow(blk, len + 1, CHAIN, &bwork, &res);
	CHECK(rc == QTCL_BLOCK_ERR_TRAILING && res.length == len + 1 && res.expected_length == len,
		  "check_pow: a trailing byte: TRAILING (%s)", qtcl_block_strerror(rc));
	CHECK(qtcl_block_check_pow(blk, len - 1, CHAIN, &bwork, &res) == QTCL_BLOCK_ERR_TRUNCATED,
		  "check_pow: one byte short: TRUNCATED");
	rc = qtcl_block_check_pow(blk, len, CHAIN + 5, &bwork, &res);
	CHECK(rc == QTCL_BLOCK_ERR_CHAIN_ID && res.expected_chain_id == CHAIN + 5,
		  "check_pow: expecting chain 7: CHAIN_ID (%s)", qtcl_block_strerror(rc));
	CHECK(qtcl_block_check_pow(NULL, len, CHAIN, &bwork, &res) == QTCL_BLOCK_ERR_ARGUMENT, "check_pow: NULL buffer");
	CHECK(qtcl_block_check_pow(blk, len, CHAIN, NULL, &res) == QTCL_BLOCK_ERR_ARGUMENT, "check_pow: NULL work");

	/* a block of another chain */
	s.chain_id = 7;
	len = build(&s, blk);
	rc = qtcl_block_check_pow(blk, len, CHAIN, &bwork, &res);
	CHECK(rc == QTCL_BLOCK_ERR_CHAIN_ID && res.chain_id == 7 && res.expected_chain_id == CHAIN,
		  "check_pow: a chain 7 block: CHAIN_ID (%s)", qtcl_block_strerror(rc));
	CHECK(qtcl_block_check_pow(blk, len, 7, &bwork, &res) == QTCL_BLOCK_OK, "check_pow: the same for chain 7: OK");
	s.chain_id = 0;

	/* steps 4-6 */
	len = build(&s, blk);
	blk[QTCL_BLOCK_OFF_BEACON + QTCL_BEACON_OFF_SECRET] ^= 0x01;
	CHECK(qtcl_block_check_pow(blk, len, CHAIN, &bwork, &res) == QTCL_BLOCK_ERR_BEACON_HASH,
		  "check_pow: beacon bytes not the header's round: BEACON_HASH");
	s.losing_nonce = 1;
	len = build(&s, blk);
	CHECK(qtcl_block_check_pow(blk, len, CHAIN, &bwork, &res) == QTCL_BLOCK_ERR_HIGH_HASH,
		  "check_pow: a losing nonce: HIGH_HASH");
	s.losing_nonce = 0;

	/* nothing after step 6: merkle root, reward, signatures */
	s.bad_merkle = 1;
	len = build(&s, blk);
	CHECK(qtcl_block_check_pow(blk, len, CHAIN, &bwork, &res) == QTCL_BLOCK_OK &&
		  qtcl_block_check_stateless(blk, len, &params, 0, &scratch, &res) == QTCL_BLOCK_ERR_MERKLE,
		  "a bad merkle root passes check_pow (stateless: MERKLE)");
	s.bad_merkle = 0;
	s.reward_delta = 1;
	len = build(&s, blk);
	CHECK(qtcl_block_check_pow(blk, len, CHAIN, &bwork, &res) == QTCL_BLOCK_OK &&
		  qtcl_block_check_stateless(blk, len, &params, 0, &scratch, &res) == QTCL_BLOCK_ERR_REWARD,
		  "a reward one unit too high passes check_pow (stateless: REWARD)");
	s.reward_delta = 0;
	{
		qtcl_tx		bad = t_a1;

		bad.signature[7] ^= 0x01;
		s.txs[1] = &bad;
		len = build(&s, blk);
		CHECK(qtcl_block_check_pow(blk, len, CHAIN, &bwork, &res) == QTCL_BLOCK_OK &&
			  qtcl_block_check_stateless(blk, len, &params, 0, &scratch, &res) == QTCL_BLOCK_ERR_TX &&
			  res.tx_index == 1 && res.detail == QTCL_TX_ERR_SIGNATURE,
			  "a bad signature passes check_pow (stateless: TX 1 SIGNATURE)");
		s.txs[1] = &t_a1;
	}
}

int
main(void)
{
	setup();
	addresses();
	sort_find();
	apply_basic();
	apply_refusals();
	messages();
	pending();
	check_pow();
	return unit_done();
}
