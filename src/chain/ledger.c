/* ledger.c: a block's state transition; see ledger.h. */
#include "chain/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain/money.h"
#include "crypto/sha3.h"

const char *
qtcl_ledger_strerror(int code)
{
	switch (code)
	{
		case QTCL_LEDGER_OK:
			return "ok";
		case QTCL_LEDGER_ERR_NONCE:
			return "a transaction's nonce is not its sender's next (already spent, or out of order)";
		case QTCL_LEDGER_ERR_BALANCE:
			return "a transaction spends more than its sender's balance";
		case QTCL_LEDGER_ERR_OVERFLOW:
			return "a credit would leave the money range";
		case QTCL_LEDGER_ERR_MISSING:
			return "an account the block touches was not loaded";
		case QTCL_LEDGER_ERR_ARGUMENT:
			return "bad argument (NULL pointer, too little room, undecodable transaction)";
		case QTCL_LEDGER_ERR_HASH:
			return "internal hashing failure";
		default:
			return "unknown ledger error";
	}
}

char *
qtcl_ledger_describe(const qtcl_ledger_result *res, char *buf, size_t buflen)
{
	if (buf == NULL || buflen == 0)
		return buf;
	if (res == NULL)
		snprintf(buf, buflen, "%s", qtcl_ledger_strerror(QTCL_LEDGER_ERR_ARGUMENT));
	else if (res->code == QTCL_LEDGER_ERR_NONCE)
		snprintf(buf, buflen, "transaction %u: nonce %llu is not the sender's next nonce %llu (double spend or out of order)",
				 (unsigned) res->tx_index, (unsigned long long) res->tx_nonce,
				 (unsigned long long) res->expected_nonce);
	else if (res->code == QTCL_LEDGER_ERR_BALANCE)
		snprintf(buf, buflen, "transaction %u: the sender's balance %lld is below amount + fee = %lld",
				 (unsigned) res->tx_index, (long long) res->balance, (long long) res->need);
	else if (res->code == QTCL_LEDGER_ERR_OVERFLOW)
		snprintf(buf, buflen, "transaction %u: %s", (unsigned) res->tx_index, qtcl_ledger_strerror(res->code));
	else
		snprintf(buf, buflen, "%s", qtcl_ledger_strerror(res->code));
	return buf;
}

static int
cmp_addr(const void *a, const void *b)
{
	return memcmp(a, b, QTCL_LEDGER_ADDR_BYTES);
}

static int
cmp_acct(const void *a, const void *b)
{
	return memcmp(((const qtcl_ledger_account *) a)->address, ((const qtcl_ledger_account *) b)->address,
				  QTCL_LEDGER_ADDR_BYTES);
}

int
qtcl_ledger_addresses(const qtcl_block_view *v, uint8_t (*out)[QTCL_LEDGER_ADDR_BYTES], size_t cap, size_t *count)
{
	size_t		n = 0,
				i,
				w;

	if (v == NULL || out == NULL || count == NULL || cap < (size_t) v->tx_count * 2 + 1)
		return QTCL_LEDGER_ERR_ARGUMENT;
	for (i = 0; i < v->tx_count; i++)
	{
		const uint8_t *p = qtcl_block_tx_bytes(v, (uint32_t) i);

		if (qtcl_sha3_256(p + QTCL_TX_OFF_SENDER, QTCL_TX_PK_BYTES, out[n++]) != 0)
			return QTCL_LEDGER_ERR_HASH;
		memcpy(out[n++], p + QTCL_TX_OFF_RECIPIENT, QTCL_LEDGER_ADDR_BYTES);
	}
	memcpy(out[n++], v->header.miner, QTCL_LEDGER_ADDR_BYTES);
	qsort(out, n, QTCL_LEDGER_ADDR_BYTES, cmp_addr);
	for (i = 0, w = 0; i < n; i++)
		if (w == 0 || memcmp(out[w - 1], out[i], QTCL_LEDGER_ADDR_BYTES) != 0)
		{
			if (w != i)
				memcpy(out[w], out[i], QTCL_LEDGER_ADDR_BYTES);
			w++;
		}
	*count = w;
	return QTCL_LEDGER_OK;
}

void
qtcl_ledger_sort(qtcl_ledger_account *accts, size_t n)
{
	if (accts != NULL && n > 1)
		qsort(accts, n, sizeof *accts, cmp_acct);
}

qtcl_ledger_account *
qtcl_ledger_find(qtcl_ledger_account *accts, size_t n, const uint8_t address[QTCL_LEDGER_ADDR_BYTES])
{
	size_t		lo = 0,
				hi = n;

	if (accts == NULL || address == NULL)
		return NULL;
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;
		int			c = memcmp(accts[mid].address, address, QTCL_LEDGER_ADDR_BYTES);

		if (c == 0)
			return &accts[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
fail(qtcl_ledger_result *res, int code, uint32_t i)
{
	res->code = code;
	res->tx_index = i;
	return code;
}

/* Credit an account, creating it when new. */
static int
credit_to(qtcl_ledger_account *a, int64_t amount)
{
	if (!qtcl_money_add(a->balance, amount, &a->balance))
		return QTCL_LEDGER_ERR_OVERFLOW;
	if (!a->exists)
	{
		a->exists = 1;
		a->nonce = 0;
	}
	a->touched = 1;
	return QTCL_LEDGER_OK;
}

int
qtcl_ledger_apply(const qtcl_block_view *v, int64_t credit, qtcl_ledger_account *accts, size_t n,
				  qtcl_ledger_result *res)
{
	qtcl_ledger_result local;
	uint32_t	i;

	if (res == NULL)
		res = &local;
	memset(res, 0, sizeof *res);
	if (v == NULL || (accts == NULL && n > 0))
		return fail(res, QTCL_LEDGER_ERR_ARGUMENT, 0);
	for (i = 0; i < v->tx_count; i++)
	{
		qtcl_tx		tx;
		uint8_t		sender[QTCL_LEDGER_ADDR_BYTES];
		qtcl_ledger_account *s,
				   *r;
		int64_t		need;

		if (qtcl_block_tx_decode(v, i, &tx) != QTCL_TX_OK)
			return fail(res, QTCL_LEDGER_ERR_ARGUMENT, i);
		if (qtcl_sha3_256(tx.sender_pk, QTCL_TX_PK_BYTES, sender) != 0)
			return fail(res, QTCL_LEDGER_ERR_HASH, i);
		s = qtcl_ledger_find(accts, n, sender);
		r = qtcl_ledger_find(accts, n, tx.recipient);
		if (s == NULL || r == NULL)
			return fail(res, QTCL_LEDGER_ERR_MISSING, i);
		res->tx_nonce = tx.nonce;
		res->expected_nonce = s->exists ? s->nonce : 0;
		if (!s->exists || s->nonce != tx.nonce)
			return fail(res, QTCL_LEDGER_ERR_NONCE, i);
		res->balance = s->balance;
		if (!qtcl_money_add(tx.amount, tx.fee, &need) || s->balance < need)
		{
			res->need = qtcl_money_add(tx.amount, tx.fee, &need) ? need : INT64_MAX;
			return fail(res, QTCL_LEDGER_ERR_BALANCE, i);
		}
		s->balance -= need;
		s->nonce++;
		s->touched = 1;
		if (credit_to(r, tx.amount) != QTCL_LEDGER_OK)
			return fail(res, QTCL_LEDGER_ERR_OVERFLOW, i);
	}
	{
		qtcl_ledger_account *m = qtcl_ledger_find(accts, n, v->header.miner);

		if (m == NULL)
			return fail(res, QTCL_LEDGER_ERR_MISSING, v->tx_count);
		if (credit < 0 || credit_to(m, credit) != QTCL_LEDGER_OK)
			return fail(res, QTCL_LEDGER_ERR_OVERFLOW, v->tx_count);
	}
	res->code = QTCL_LEDGER_OK;
	return QTCL_LEDGER_OK;
}

size_t
qtcl_ledger_pending_keep(uint64_t confirmed_nonce, int64_t balance, const uint64_t *nonces,
						 const int64_t *amounts, const int64_t *fees, size_t n, size_t max_pending, size_t *stale)
{
	size_t		i = 0,
				kept = 0;
	int64_t		spent = 0;

	if (stale)
		*stale = 0;
	if (nonces == NULL || amounts == NULL || fees == NULL)
		return 0;
	while (i < n && nonces[i] < confirmed_nonce)
		i++;
	if (stale)
		*stale = i;
	for (; i < n && kept < max_pending; i++, kept++)
	{
		if (nonces[i] != confirmed_nonce + kept)
			break;
		if (!qtcl_money_add(spent, amounts[i], &spent) || !qtcl_money_add(spent, fees[i], &spent) ||
			spent > balance)
			break;
	}
	return kept;
}
