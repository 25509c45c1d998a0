/*
 * block.c: block encoding, strict decoding and stateless validation.
 * See block.h for the encoding and the order of the checks.
 */
#include "chain/block.h"

#include <stdio.h>
#include <string.h>

#include "beacon/round.h"
#include "chain/merkle.h"
#include "chain/money.h"
#include "chain/pow.h"
#include "chain/target.h"
#include "crypto/sha3.h"

const char *
qtcl_block_strerror(int code)
{
	switch (code)
	{
		case QTCL_BLOCK_OK:
			return "ok";
		case QTCL_BLOCK_ERR_TRUNCATED:
			return "malformed block: shorter than 4733 + 5328 * (transaction count) bytes";
		case QTCL_BLOCK_ERR_TRAILING:
			return "malformed block: longer than 4733 + 5328 * (transaction count) bytes";
		case QTCL_BLOCK_ERR_TOO_MANY_TXS:
			return "block has more transactions than the maximum per block";
		case QTCL_BLOCK_ERR_HEADER:
			return "malformed block header: a field is out of range";
		case QTCL_BLOCK_ERR_CHAIN_ID:
			return "block header has the wrong chain id";
		case QTCL_BLOCK_ERR_BEACON_DECODE:
			return "the block's beacon round bytes do not decode";
		case QTCL_BLOCK_ERR_BEACON_HASH:
			return "the block's beacon round is not the round its header names (round hash differs)";
		case QTCL_BLOCK_ERR_TARGET:
			return "block target is not a valid compact target";
		case QTCL_BLOCK_ERR_HIGH_HASH:
			return "proof of work hash is above the target";
		case QTCL_BLOCK_ERR_MERKLE:
			return "merkle root of the transactions differs from the header's";
		case QTCL_BLOCK_ERR_TX:
			return "a transaction in the block is invalid";
		case QTCL_BLOCK_ERR_DUPLICATE_TX:
			return "a transaction appears twice in the block";
		case QTCL_BLOCK_ERR_FEES_RANGE:
			return "minted amount plus the sum of fees leaves the money range";
		case QTCL_BLOCK_ERR_REWARD:
			return "claimed reward is not subsidy + fees";
		case QTCL_BLOCK_ERR_ARGUMENT:
			return "bad argument (NULL pointer, parameter out of range, scratch or buffer too small)";
		case QTCL_BLOCK_ERR_HASH:
			return "internal hashing failure";
		default:
			return "unknown block error";
	}
}

static void
hex32(const uint8_t *p, char out[65])
{
	static const char digits[] = "0123456789abcdef";
	int			i;

	for (i = 0; i < 32; i++)
	{
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[64] = '\0';
}

char *
qtcl_block_describe(const qtcl_block_result *res, char *buf, size_t buflen)
{
	char		a[65];

	if (buf == NULL || buflen == 0)
		return buf;
	if (res == NULL)
	{
		snprintf(buf, buflen, "%s", qtcl_block_strerror(QTCL_BLOCK_ERR_ARGUMENT));
		return buf;
	}
	switch (res->code)
	{
		case QTCL_BLOCK_ERR_TRUNCATED:
		case QTCL_BLOCK_ERR_TRAILING:
			snprintf(buf, buflen, "malformed block: %llu bytes, %s %llu",
					 (unsigned long long) res->length,
					 res->code == QTCL_BLOCK_ERR_TRUNCATED && res->expected_length == QTCL_BLOCK_FIXED_BYTES
					 && res->length < QTCL_BLOCK_FIXED_BYTES ? "need at least" : "expected exactly",
					 (unsigned long long) res->expected_length);
			break;
		case QTCL_BLOCK_ERR_TOO_MANY_TXS:
			snprintf(buf, buflen, "block has %lu transactions, more than the maximum %lu",
					 (unsigned long) res->tx_count, (unsigned long) res->max_block_txs);
			break;
		case QTCL_BLOCK_ERR_HEADER:
			snprintf(buf, buflen, "%s", qtcl_header_strerror(res->detail));
			break;
		case QTCL_BLOCK_ERR_CHAIN_ID:
			snprintf(buf, buflen, "block has chain id %lu (this chain is %lu)",
					 (unsigned long) res->chain_id, (unsigned long) res->expected_chain_id);
			break;
		case QTCL_BLOCK_ERR_BEACON_DECODE:
			snprintf(buf, buflen, "the block's beacon round bytes do not decode: %s",
					 qtcl_beacon_strerror(res->detail));
			break;
		case QTCL_BLOCK_ERR_TARGET:
			snprintf(buf, buflen, "block target is not a valid compact target: %s",
					 qtcl_target_strerror(res->detail));
			break;
		case QTCL_BLOCK_ERR_HIGH_HASH:
			hex32(res->pow_hash, a);
			snprintf(buf, buflen, "proof of work hash %s is above the target", a);
			break;
		case QTCL_BLOCK_ERR_TX:
			{
				/* qtcl_tx_describe reads only the numeric fields. */
				static const qtcl_tx zero;
				qtcl_tx		t;
				char		m[QTCL_TX_MESSAGE_SIZE];

				t = zero;
				t.chain_id = res->tx_chain_id;
				t.amount = res->tx_amount;
				t.fee = res->tx_fee;
				t.nonce = res->tx_nonce;
				qtcl_tx_describe(res->detail, &t, res->expected_chain_id, res->min_fee, m, sizeof m);
				snprintf(buf, buflen, "transaction %lu: %s", (unsigned long) res->tx_index, m);
				break;
			}
		case QTCL_BLOCK_ERR_DUPLICATE_TX:
			snprintf(buf, buflen, "transaction %lu repeats transaction %lu",
					 (unsigned long) res->tx_index, (unsigned long) res->tx_index_other);
			break;
		case QTCL_BLOCK_ERR_FEES_RANGE:
			snprintf(buf, buflen, "minted %lld plus the block's fees overflows or exceeds the maximum money %lld",
					 (long long) res->minted, (long long) QTCL_MAX_MONEY);
			break;
		case QTCL_BLOCK_ERR_REWARD:
			snprintf(buf, buflen, "claimed reward %lld is not subsidy + fees = %lld",
					 (long long) res->claimed_reward, (long long) res->expected_reward);
			break;
		default:
			snprintf(buf, buflen, "%s", qtcl_block_strerror(res->code));
			break;
	}
	return buf;
}

static void
put_be(uint8_t *p, uint64_t v, int bytes)
{
	int			i;

	for (i = bytes - 1; i >= 0; i--)
	{
		p[i] = (uint8_t) (v & 0xff);
		v >>= 8;
	}
}

static uint64_t
get_be(const uint8_t *p, int bytes)
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < bytes; i++)
		v = (v << 8) | p[i];
	return v;
}

void
qtcl_block_encode_prefix(const qtcl_block_header *h, const uint8_t beacon[QTCL_BEACON_ENCODED_BYTES],
						 int64_t claimed_reward, uint32_t tx_count, uint8_t out[QTCL_BLOCK_FIXED_BYTES])
{
	qtcl_header_encode(h, out + QTCL_BLOCK_OFF_HEADER);
	memcpy(out + QTCL_BLOCK_OFF_BEACON, beacon, QTCL_BEACON_ENCODED_BYTES);
	put_be(out + QTCL_BLOCK_OFF_REWARD, (uint64_t) claimed_reward, 8);
	put_be(out + QTCL_BLOCK_OFF_COUNT, tx_count, 4);
}

int
qtcl_block_encode(const qtcl_block_header *h, const uint8_t beacon[QTCL_BEACON_ENCODED_BYTES],
				  int64_t claimed_reward, const qtcl_tx *txs, uint32_t n,
				  uint8_t *out, size_t cap, size_t *len_out, uint32_t *bad_index)
{
	uint64_t	need = QTCL_BLOCK_ENCODED_BYTES(n);
	uint32_t	i;

	if (h == NULL || beacon == NULL || out == NULL || (n > 0 && txs == NULL))
		return QTCL_BLOCK_ERR_ARGUMENT;
	if ((uint64_t) cap < need)
		return QTCL_BLOCK_ERR_ARGUMENT;
	for (i = 0; i < n; i++)
	{
		if (qtcl_tx_encode(&txs[i], out + QTCL_BLOCK_OFF_TXS + (size_t) i * QTCL_TX_ENCODED_BYTES)
			!= QTCL_TX_OK)
		{
			if (bad_index)
				*bad_index = i;
			return QTCL_BLOCK_ERR_TX;
		}
	}
	qtcl_block_encode_prefix(h, beacon, claimed_reward, n, out);
	if (len_out)
		*len_out = (size_t) need;
	return QTCL_BLOCK_OK;
}

static int
set_code(qtcl_block_result *res, int code)
{
	if (res)
		res->code = code;
	return code;
}

/*
 * Structural decoding shared by qtcl_block_decode and the validation. res
 * is never NULL here.
 */
static int
decode_into(const uint8_t *buf, size_t len, uint32_t max_txs, qtcl_block_view *v,
			qtcl_block_result *res)
{
	uint64_t	n,
				want;
	int			hc;

	res->length = len;
	res->expected_length = QTCL_BLOCK_FIXED_BYTES;
	if (len < QTCL_BLOCK_FIXED_BYTES)
		return set_code(res, QTCL_BLOCK_ERR_TRUNCATED);
	n = get_be(buf + QTCL_BLOCK_OFF_COUNT, 4);
	res->tx_count = (uint32_t) n;
	if (n > max_txs)
		return set_code(res, QTCL_BLOCK_ERR_TOO_MANY_TXS);
	want = QTCL_BLOCK_ENCODED_BYTES(n);
	res->expected_length = want;
	if ((uint64_t) len < want)
		return set_code(res, QTCL_BLOCK_ERR_TRUNCATED);
	if ((uint64_t) len > want)
		return set_code(res, QTCL_BLOCK_ERR_TRAILING);
	hc = qtcl_header_decode(buf + QTCL_BLOCK_OFF_HEADER, QTCL_HEADER_BYTES, &v->header);
	if (hc != QTCL_HEADER_OK)
	{
		res->detail = hc;
		return set_code(res, QTCL_BLOCK_ERR_HEADER);
	}
	res->chain_id = v->header.chain_id;
	v->beacon = buf + QTCL_BLOCK_OFF_BEACON;
	v->claimed_reward = (int64_t) get_be(buf + QTCL_BLOCK_OFF_REWARD, 8);
	v->tx_count = (uint32_t) n;
	v->txs = buf + QTCL_BLOCK_OFF_TXS;
	res->claimed_reward = v->claimed_reward;
	return set_code(res, QTCL_BLOCK_OK);
}

int
qtcl_block_decode(const uint8_t *buf, size_t len, uint32_t max_txs, qtcl_block_view *out,
				  qtcl_block_result *res)
{
	qtcl_block_result local;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof *res);
	res->max_block_txs = max_txs;
	if (buf == NULL || out == NULL)
		return set_code(res, QTCL_BLOCK_ERR_ARGUMENT);
	return decode_into(buf, len, max_txs, out, res);
}

const uint8_t *
qtcl_block_tx_bytes(const qtcl_block_view *v, uint32_t i)
{
	if (v == NULL || i >= v->tx_count)
		return NULL;
	return v->txs + (size_t) i * QTCL_TX_ENCODED_BYTES;
}

int
qtcl_block_tx_decode(const qtcl_block_view *v, uint32_t i, qtcl_tx *tx)
{
	const uint8_t *p = qtcl_block_tx_bytes(v, i);

	if (p == NULL || tx == NULL)
		return QTCL_TX_ERR_ARGUMENT;
	return qtcl_tx_decode(p, QTCL_TX_ENCODED_BYTES, tx);
}

/* Order of order[] entries for duplicate detection: by hash, then by index. */
static int
hash_less(const uint8_t (*hs)[QTCL_TX_HASH_BYTES], uint32_t a, uint32_t b)
{
	int			c = memcmp(hs[a], hs[b], QTCL_TX_HASH_BYTES);

	return c < 0 || (c == 0 && a < b);
}

static void
sift_down(const uint8_t (*hs)[QTCL_TX_HASH_BYTES], uint32_t *o, size_t root, size_t n)
{
	for (;;)
	{
		size_t		child = 2 * root + 1,
					big = root;
		uint32_t	t;

		if (child < n && hash_less(hs, o[big], o[child]))
			big = child;
		if (child + 1 < n && hash_less(hs, o[big], o[child + 1]))
			big = child + 1;
		if (big == root)
			return;
		t = o[root];
		o[root] = o[big];
		o[big] = t;
		root = big;
	}
}

/* Heap sort of o[0..n-1] (indices into hs): O(n log n), no allocation. */
static void
sort_by_hash(const uint8_t (*hs)[QTCL_TX_HASH_BYTES], uint32_t *o, size_t n)
{
	size_t		i;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(hs, o, i, n);
	for (i = n - 1; i > 0; i--)
	{
		uint32_t	t = o[0];

		o[0] = o[i];
		o[i] = t;
		sift_down(hs, o, 0, i);
	}
}

/*
 * Steps 1-6 (structure, header, chain id, the beacon round's bytes, proof of
 * work) into *v and *round.
 */
static int
check_pow(const uint8_t *buf, size_t len, uint32_t chain_id, qtcl_beacon_work *work,
		  qtcl_block_view *vp, qtcl_beacon_round *roundp, qtcl_block_result *res)
{
	qtcl_block_view v;
	qtcl_beacon_round round;
	uint8_t		h[32];
	int			rc,
				tcode = 0;

	/* 1-2. Structure (no count limit: the length bounds n) and header fields. */
	rc = decode_into(buf, len, UINT32_MAX, &v, res);
	if (rc != QTCL_BLOCK_OK)
		return rc;
	if (qtcl_header_hash(&v.header, res->block_hash) != QTCL_HEADER_OK)
		return set_code(res, QTCL_BLOCK_ERR_HASH);

	/* 3. Chain id. */
	if (v.header.chain_id != chain_id)
		return set_code(res, QTCL_BLOCK_ERR_CHAIN_ID);

	/* 4-5. The embedded beacon round: decodes, and is the round the header names. */
	rc = qtcl_beacon_decode(v.beacon, QTCL_BEACON_ENCODED_BYTES, &round, work, NULL);
	if (rc == QTCL_BEACON_ERR_HASH)
		return set_code(res, QTCL_BLOCK_ERR_HASH);
	if (rc != QTCL_BEACON_OK)
	{
		res->detail = rc;
		return set_code(res, QTCL_BLOCK_ERR_BEACON_DECODE);
	}
	memcpy(res->beacon_output, round.output, sizeof res->beacon_output);
	if (qtcl_sha3_256(v.beacon, QTCL_BEACON_ENCODED_BYTES, h) != 0)
		return set_code(res, QTCL_BLOCK_ERR_HASH);
	if (memcmp(h, v.header.beacon_round_hash, 32) != 0)
		return set_code(res, QTCL_BLOCK_ERR_BEACON_HASH);

	/* 6. Proof of work with the round's output value. */
	rc = qtcl_pow_check(&v.header, round.output, &tcode, res->pow_hash);
	if (rc == QTCL_POW_ERR_TARGET)
	{
		res->detail = tcode;
		return set_code(res, QTCL_BLOCK_ERR_TARGET);
	}
	if (rc == QTCL_POW_ERR_HIGH_HASH)
		return set_code(res, QTCL_BLOCK_ERR_HIGH_HASH);
	if (rc != QTCL_POW_OK)
		return set_code(res, QTCL_BLOCK_ERR_HASH);

	*vp = v;
	*roundp = round;
	return QTCL_BLOCK_OK;
}

int
qtcl_block_check_pow(const uint8_t *buf, size_t len, uint32_t chain_id, qtcl_beacon_work *work,
					 qtcl_block_result *res)
{
	qtcl_block_result local;
	qtcl_block_view v;
	qtcl_beacon_round round;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof *res);
	res->expected_chain_id = chain_id;
	if (buf == NULL || work == NULL)
		return set_code(res, QTCL_BLOCK_ERR_ARGUMENT);
	if (check_pow(buf, len, chain_id, work, &v, &round, res) != QTCL_BLOCK_OK)
		return res->code;
	return set_code(res, QTCL_BLOCK_OK);
}

int
qtcl_block_check_stateless(const uint8_t *buf, size_t len, const qtcl_block_params *params,
						   int64_t issued, const qtcl_block_scratch *scratch, qtcl_block_result *res)
{
	qtcl_block_result local;
	qtcl_block_view v;
	qtcl_beacon_round round;
	qtcl_tx		tx;
	uint8_t		root[32];
	uint32_t	n,
				i;
	int			rc,
				fees_bad = 0;
	int64_t		subsidy,
				fees = 0;
	size_t		dup_b = SIZE_MAX,
				dup_a = 0;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof *res);
	if (buf == NULL || params == NULL || scratch == NULL || scratch->beacon == NULL ||
		scratch->txhashes == NULL || scratch->order == NULL)
		return set_code(res, QTCL_BLOCK_ERR_ARGUMENT);
	res->expected_chain_id = params->chain_id;
	res->max_block_txs = params->max_block_txs;
	res->min_fee = params->min_fee;
	if (!qtcl_money_valid(params->block_reward) || params->halving_interval < 1 ||
		!qtcl_money_valid(issued))
		return set_code(res, QTCL_BLOCK_ERR_ARGUMENT);

	rc = check_pow(buf, len, params->chain_id, scratch->beacon, &v, &round, res);
	if (rc != QTCL_BLOCK_OK)
		return rc;
	n = v.tx_count;

	/* 7. Count. */
	if (n > params->max_block_txs)
		return set_code(res, QTCL_BLOCK_ERR_TOO_MANY_TXS);
	if (scratch->capacity < n)
		return set_code(res, QTCL_BLOCK_ERR_ARGUMENT);

	/* 8. Merkle root over the hashes of the canonical bytes. */
	for (i = 0; i < n; i++)
		if (qtcl_sha3_256(qtcl_block_tx_bytes(&v, i), QTCL_TX_ENCODED_BYTES, scratch->txhashes[i]) != 0)
			return set_code(res, QTCL_BLOCK_ERR_HASH);
	if (qtcl_merkle_root((const uint8_t (*)[32]) scratch->txhashes, n, root) != QTCL_MERKLE_OK)
		return set_code(res, QTCL_BLOCK_ERR_HASH);
	if (memcmp(root, v.header.merkle_root, 32) != 0)
		return set_code(res, QTCL_BLOCK_ERR_MERKLE);

	/* 9. Each transaction, one at a time. */
	for (i = 0; i < n; i++)
	{
		rc = qtcl_block_tx_decode(&v, i, &tx);
		if (rc == QTCL_TX_OK)
			rc = qtcl_tx_check_stateless(&tx, params->chain_id, params->min_fee, NULL);
		if (rc == QTCL_TX_ERR_HASH)
			return set_code(res, QTCL_BLOCK_ERR_HASH);
		if (rc != QTCL_TX_OK)
		{
			/* the numbers straight from the bytes (tx may be partly filled on a decode error) */
			const uint8_t *p = qtcl_block_tx_bytes(&v, i);

			res->tx_index = i;
			res->detail = rc;
			res->tx_chain_id = (uint32_t) get_be(p + QTCL_TX_OFF_CHAIN_ID, 4);
			res->tx_amount = (int64_t) get_be(p + QTCL_TX_OFF_AMOUNT, 8);
			res->tx_fee = (int64_t) get_be(p + QTCL_TX_OFF_FEE, 8);
			res->tx_nonce = get_be(p + QTCL_TX_OFF_NONCE, 8);
			return set_code(res, QTCL_BLOCK_ERR_TX);
		}
		/* each fee is in the money range, but their sum may leave it: remembered for step 11 */
		if (!fees_bad && !qtcl_money_add(fees, tx.fee, &fees))
			fees_bad = 1;
	}

	/* 10. Duplicates: sort indices by hash; the first repeat in block order is reported. */
	for (i = 0; i < n; i++)
		scratch->order[i] = i;
	sort_by_hash((const uint8_t (*)[32]) scratch->txhashes, scratch->order, n);
	for (i = 0; i + 1 < n; i++)
	{
		uint32_t	a = scratch->order[i],
					b = scratch->order[i + 1];

		/* within a run of equal hashes, indices ascend; a run's first repeat is b of its first pair */
		if (memcmp(scratch->txhashes[a], scratch->txhashes[b], 32) == 0 &&
			(i == 0 || memcmp(scratch->txhashes[scratch->order[i - 1]], scratch->txhashes[a], 32) != 0) &&
			b < dup_b)
		{
			dup_b = b;
			dup_a = a;
		}
	}
	if (dup_b != SIZE_MAX)
	{
		res->tx_index = (uint32_t) dup_b;
		res->tx_index_other = (uint32_t) dup_a;
		return set_code(res, QTCL_BLOCK_ERR_DUPLICATE_TX);
	}

	/* 11. Reward: minted = mintable(issued, subsidy(height)); claimed must be minted + fees. */
	if (!qtcl_block_subsidy((int64_t) v.header.height, params->block_reward, params->halving_interval,
							&subsidy) ||
		!qtcl_mintable(issued, subsidy, &res->minted))
		return set_code(res, QTCL_BLOCK_ERR_ARGUMENT);
	if (fees_bad)
		return set_code(res, QTCL_BLOCK_ERR_FEES_RANGE);
	res->fees = fees;
	if (!qtcl_money_add(res->minted, fees, &res->expected_reward))
		return set_code(res, QTCL_BLOCK_ERR_FEES_RANGE);
	if (v.claimed_reward != res->expected_reward)
		return set_code(res, QTCL_BLOCK_ERR_REWARD);
	return set_code(res, QTCL_BLOCK_OK);
}
