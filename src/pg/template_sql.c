/*
 * template_sql.c: block templates and mining: qtcl.block_template and
 * qtcl.mine_block (the miner worker uses the same steps).
 *
 * A template builds on the tip (or on a given parent, then without
 * transactions): height, the ASERT target, timestamp max(node time, median
 * time past + 1), the newest stored beacon round when it is newer than the
 * parent's and no older than half the maximum beacon age (else a new round
 * is made first), the pending transactions chosen by src/chain/template.c
 * (highest fees first within each sender's nonce order), and the claimed
 * reward (mintable subsidy plus fees). Mining hashes nonces in batches
 * with the fast proof-of-work path (src/chain/powfast.c), checking for
 * interrupts between batches, and submits what it finds through the same
 * path as qtcl.submit_block.
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "beacon/round.h"
#include "chain/merkle.h"
#include "chain/money.h"
#include "chain/powfast.h"
#include "chain/target.h"
#include "chain/template.h"
#include "crypto/sha3.h"
#include "pg/beacon.h"
#include "pg/block.h"
#include "pg/template.h"
#include "pg/types.h"
#include "pg/util.h"

/* Bytes of the newest stored round (palloc'd), or NULL. */
static bytea *
newest_round(void)
{
	bool		isnull;
	Datum		d;

	if (SPI_execute("SELECT bytes FROM qtcl.beacon ORDER BY round DESC LIMIT 1", false, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading qtcl.beacon failed");
	if (SPI_processed == 0)
		return NULL;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return DatumGetByteaPCopy(d);
}

/* A beacon round fresh enough for a block on parent at node time: the newest stored, or a new one. */
static void
fresh_round(const qtcl_chain_cfg *cfg, const qtcl_stored_block *parent, int64 now, qtcl_beacon_round *r,
			uint8 bytes[QTCL_BEACON_ENCODED_BYTES])
{
	int			attempt;

	for (attempt = 0; attempt < 2; attempt++)
	{
		bytea	   *b = newest_round();

		if (b != NULL && VARSIZE_ANY_EXHDR(b) == QTCL_BEACON_ENCODED_BYTES &&
			qtcl_beacon_decode((const uint8 *) VARDATA_ANY(b), QTCL_BEACON_ENCODED_BYTES, r, qtcl_beacon_work_area(), NULL) == QTCL_BEACON_OK &&
			(int64) r->round > parent->beacon_round && now - r->timestamp_ms <= cfg->max_beacon_age_ms / 2)
		{
			memcpy(bytes, VARDATA_ANY(b), QTCL_BEACON_ENCODED_BYTES);
			return;
		}
		if (attempt == 0 && SPI_execute("SELECT qtcl.beacon_tick()", false, 0) != SPI_OK_SELECT)
			elog(ERROR, "making a beacon round failed");
	}
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("no beacon round fresh enough for a block on height " INT64_FORMAT, parent->height),
			 errdetail("A new round was made but is not newer than the parent's round " INT64_FORMAT
					   " or older than half the maximum beacon age.", parent->beacon_round)));
}

/* The pending transactions a block on the tip takes (tx records, palloc'd); *n their number. */
static qtcl_tx *
choose_txs(const qtcl_chain_cfg *cfg, uint32 *n_out, int64 *fees)
{
	SPITupleTable *tt;
	uint64		n,
				m,
				k;
	qtcl_template_tx *c;
	qtcl_template_sender *st;
	qtcl_template_work *w;
	size_t	   *chosen,
				count = 0,
				wl;
	qtcl_tx    *txs;

	*n_out = 0;
	*fees = 0;
	if (SPI_execute("SELECT sender, nonce, amount, fee, sender_key, recipient, signature FROM qtcl.mempool", false, 0)
		!= SPI_OK_SELECT)
		elog(ERROR, "reading the mempool failed");
	tt = SPI_tuptable;
	n = SPI_processed;
	if (n == 0)
		return NULL;
	c = qtcl_mempool_candidates(tt, n);
	if (SPI_execute("SELECT a.address, a.nonce, a.balance FROM qtcl.account_state a "
					"WHERE a.address OPERATOR(qtcl.=) ANY (SELECT sender FROM qtcl.mempool)", false, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the senders' accounts failed");
	m = SPI_processed;
	st = palloc(sizeof(*st) * Max(m, 1));
	for (k = 0; k < m; k++)
	{
		bool		isnull;

		memcpy(st[k].address, DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull)), 32);
		st[k].nonce = (uint64) DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 2, &isnull));
		st[k].balance = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 3, &isnull));
	}
	wl = QTCL_TEMPLATE_WORK_LEN((size_t) n, (size_t) m);
	w = palloc(sizeof(*w) * wl);
	chosen = palloc(sizeof(size_t) * n);
	if (qtcl_template_select(c, n, st, m, (size_t) cfg->max_block_txs, w, wl, chosen, &count) != QTCL_TEMPLATE_OK)
		elog(ERROR, "choosing the template's transactions failed");
	txs = palloc0(sizeof(qtcl_tx) * Max(count, 1));
	for (k = 0; k < count; k++)
	{
		HeapTuple	t = tt->vals[chosen[k]];
		bool		isnull;
		bytea	   *key = DatumGetByteaPP(SPI_getbinval(t, tt->tupdesc, 5, &isnull));
		const uint8 *sig;
		size_t		siglen = qtcl_hlwe_signature_bytes(SPI_getbinval(t, tt->tupdesc, 7, &isnull), &sig);

		txs[k].chain_id = cfg->chain_id;
		memcpy(txs[k].sender_pk, VARDATA_ANY(key), QTCL_TX_PK_BYTES);
		memcpy(txs[k].recipient, DatumGetPointer(SPI_getbinval(t, tt->tupdesc, 6, &isnull)), 32);
		txs[k].amount = c[chosen[k]].amount;
		txs[k].fee = c[chosen[k]].fee;
		txs[k].nonce = c[chosen[k]].nonce;
		if (siglen == QTCL_TX_SIG_BYTES)
			memcpy(txs[k].signature, sig, QTCL_TX_SIG_BYTES);
		if (!qtcl_money_add(*fees, txs[k].fee, fees))
			elog(ERROR, "fees out of the money range");
	}
	*n_out = (uint32) count;
	return txs;
}

bytea *
qtcl_build_template(const qtcl_chain_cfg *cfg, const uint8 *miner, const qtcl_stored_block *parent, bool with_txs)
{
	qtcl_block_context ctx;
	int64		recent[QTCL_MTP_SPAN];
	int64		now,
				mtp,
				minted,
				credit,
				fees = 0;
	qtcl_block_header h;
	qtcl_beacon_round round;
	uint8		beacon[QTCL_BEACON_ENCODED_BYTES];
	qtcl_tx    *txs = NULL;
	uint32		n = 0,
				i;
	uint8		(*hashes)[32];
	bytea	   *out;
	size_t		cap,
				len;
	uint32		bad;

	qtcl_block_context_of(cfg, parent, recent, &ctx);
	now = ctx.node_time_ms;
	mtp = qtcl_median_time_past(recent, ctx.n_recent);
	memset(&h, 0, sizeof(h));
	h.version = QTCL_HEADER_VERSION;
	h.chain_id = cfg->chain_id;
	h.height = (uint64) parent->height + 1;
	memcpy(h.parent, parent->hash, 32);
	h.timestamp_ms = Max(now, mtp + 1);
	if (qtcl_context_next_target(&ctx, parent->timestamp_ms, &h.target_compact) != QTCL_ASERT_OK)
		elog(ERROR, "computing the target failed");
	memcpy(h.miner, miner, 32);
	fresh_round(cfg, parent, now, &round, beacon);
	if (qtcl_sha3_256(beacon, sizeof(beacon), h.beacon_round_hash) != 0)
		elog(ERROR, "SHA3-256 failed");
	if (with_txs)
		txs = choose_txs(cfg, &n, &fees);
	if (!qtcl_miner_reward((int64) h.height, cfg->block_reward, cfg->halving_interval, parent->issued, fees, &minted, &credit))
		elog(ERROR, "computing the miner's reward failed");
	hashes = palloc(sizeof(*hashes) * Max(n, 1));
	for (i = 0; i < n; i++)
		if (qtcl_tx_hash(&txs[i], hashes[i]) != QTCL_TX_OK)
			elog(ERROR, "hashing a pending transaction failed");
	if (qtcl_merkle_root((const uint8 (*)[32]) hashes, n, h.merkle_root) != QTCL_MERKLE_OK)
		elog(ERROR, "computing the merkle root failed");
	cap = (size_t) QTCL_BLOCK_ENCODED_BYTES(n);
	out = palloc(VARHDRSZ + cap);
	if (qtcl_block_encode(&h, beacon, credit, txs, n, (uint8 *) VARDATA(out), cap, &len, &bad) != QTCL_BLOCK_OK)
		elog(ERROR, "encoding the template failed (transaction %u)", bad);
	SET_VARSIZE(out, VARHDRSZ + len);
	return out;
}

/* The parent a template builds on: the tip, or a stored valid block. */
static void
template_parent(const uint8 *given, qtcl_stored_block *parent, bool *is_tip)
{
	qtcl_stored_block tip;

	qtcl_block_tip(&tip);
	if (given == NULL)
	{
		*parent = tip;
		*is_tip = true;
		return;
	}
	if (!qtcl_block_load(given, parent) || (parent->status != 'a' && parent->status != 's'))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the parent must be a stored valid block (active or side branch)")));
	*is_tip = memcmp(parent->hash, tip.hash, 32) == 0;
}

PG_FUNCTION_INFO_V1(qtcl_block_template);

Datum
qtcl_block_template(PG_FUNCTION_ARGS)
{
	qtcl_chain_cfg cfg;
	qtcl_stored_block parent;
	bool		is_tip;
	bytea	   *t,
			   *copy;

	qtcl_require_read_committed("qtcl.block_template");
	qtcl_spi_connect();
	qtcl_chain_cfg_load(&cfg);
	template_parent(NULL, &parent, &is_tip);
	t = qtcl_build_template(&cfg, (const uint8 *) PG_GETARG_POINTER(0), &parent, true);
	copy = SPI_palloc(VARSIZE(t));
	memcpy(copy, t, VARSIZE(t));
	SPI_finish();
	PG_RETURN_BYTEA_P(copy);
}

bool
qtcl_mine_template(bytea *block, uint64 max_hashes, uint64 *hashes_done)
{
	return qtcl_mine_range(block, 0, max_hashes, hashes_done);
}

bool
qtcl_mine_range(bytea *block, uint64 first_nonce, uint64 count, uint64 *hashes_done)
{
	uint8	   *buf = (uint8 *) VARDATA(block);
	qtcl_block_header h;
	qtcl_beacon_round round;
	qtcl_powfast_ctx ctx;
	qtcl_u256	target;
	uint8		prefix[QTCL_HEADER_PREFIX_BYTES],
				hash[32];
	uint64		next = first_nonce,
				end = count > UINT64_MAX - first_nonce ? UINT64_MAX : first_nonce + count;

	*hashes_done = 0;
	if (qtcl_header_decode(buf, QTCL_HEADER_BYTES, &h) != QTCL_HEADER_OK ||
		qtcl_beacon_decode(buf + QTCL_BLOCK_OFF_BEACON, QTCL_BEACON_ENCODED_BYTES, &round, qtcl_beacon_work_area(), NULL) != QTCL_BEACON_OK ||
		qtcl_target_decode(h.target_compact, &target) != QTCL_TARGET_OK)
		elog(ERROR, "the template does not decode");
	qtcl_header_encode_prefix(&h, prefix);
	if (qtcl_powfast_prepare(&ctx, round.output, prefix) != QTCL_POW_OK)
		elog(ERROR, "preparing the proof-of-work state failed");
	while (next < end)
	{
		uint64		batch = Min((uint64) QTCL_MINE_BATCH, end - next);
		uint64		nonce;
		int			rc = qtcl_powfast_search(&ctx, &target, next, batch, &nonce, hash);

		if (rc == QTCL_POW_OK)
		{
			int			b;

			*hashes_done += nonce - next + 1;
			for (b = 0; b < 8; b++)
				buf[QTCL_HEADER_OFF_NONCE + b] = (uint8) (nonce >> (56 - 8 * b));
			return true;
		}
		if (rc != QTCL_POW_NOT_FOUND)
			elog(ERROR, "proof-of-work search failed");
		next += batch;
		*hashes_done += batch;
		CHECK_FOR_INTERRUPTS();
	}
	return false;
}

PG_FUNCTION_INFO_V1(qtcl_mine_block);

/* mine_block(miner, max_hashes DEFAULT NULL, parent DEFAULT NULL) RETURNS bytea */
Datum
qtcl_mine_block(PG_FUNCTION_ARGS)
{
	qtcl_chain_cfg cfg;
	qtcl_stored_block parent;
	bool		is_tip;
	bytea	   *t;
	uint64		max_hashes = UINT64_MAX,
				done;
	uint8		hash[32];
	bytea	   *result = NULL;

	if (PG_ARGISNULL(0))
		ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("mine_block needs a miner address")));
	if (!PG_ARGISNULL(1))
	{
		if (PG_GETARG_INT64(1) < 0)
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("max_hashes must not be negative")));
		max_hashes = (uint64) PG_GETARG_INT64(1);
	}
	qtcl_require_read_committed("qtcl.mine_block");
	if (RecoveryInProgress())
		ereport(ERROR, (errcode(ERRCODE_READ_ONLY_SQL_TRANSACTION), errmsg("cannot mine during recovery")));
	qtcl_spi_connect();
	qtcl_chain_cfg_load(&cfg);
	if (!PG_ARGISNULL(2))
	{
		bytea	   *p = PG_GETARG_BYTEA_PP(2);

		if (VARSIZE_ANY_EXHDR(p) != 32)
			ereport(ERROR, (errcode(ERRCODE_STRING_DATA_LENGTH_MISMATCH), errmsg("a block hash is 32 bytes")));
		template_parent((const uint8 *) VARDATA_ANY(p), &parent, &is_tip);
	}
	else
		template_parent(NULL, &parent, &is_tip);
	t = qtcl_build_template(&cfg, (const uint8 *) PG_GETARG_POINTER(0), &parent, is_tip && PG_ARGISNULL(2));
	if (qtcl_mine_template(t, max_hashes, &done))
	{
		qtcl_chain_lock();
		qtcl_chain_cfg_load(&cfg);
		qtcl_process_block(&cfg, t, hash);
		qtcl_process_orphans(&cfg, hash);
		result = SPI_palloc(VARHDRSZ + 32);
		SET_VARSIZE(result, VARHDRSZ + 32);
		memcpy(VARDATA(result), hash, 32);
	}
	SPI_finish();
	if (result == NULL)
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(result);
}

PG_FUNCTION_INFO_V1(qtcl_solve_block);

/*
 * solve_block(block bytea, max_hashes bigint DEFAULT NULL) RETURNS bytea: the
 * block with a nonce that meets its header's own target (nothing else is
 * checked or changed), or NULL when max_hashes ran out. For blocks built by
 * hand: tests, external tools.
 */
Datum
qtcl_solve_block(PG_FUNCTION_ARGS)
{
	bytea	   *in;
	bytea	   *b;
	uint64		max_hashes = UINT64_MAX,
				done;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	in = PG_GETARG_BYTEA_PP(0);
	if (!PG_ARGISNULL(1))
	{
		if (PG_GETARG_INT64(1) < 0)
			ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("max_hashes must not be negative")));
		max_hashes = (uint64) PG_GETARG_INT64(1);
	}
	if (VARSIZE_ANY_EXHDR(in) < QTCL_BLOCK_FIXED_BYTES)
		ereport(ERROR, (errcode(ERRCODE_QTCL_BLOCK_MALFORMED),
						errmsg("a block is at least %d bytes, not %zu", QTCL_BLOCK_FIXED_BYTES, (size_t) VARSIZE_ANY_EXHDR(in))));
	b = palloc(VARHDRSZ + VARSIZE_ANY_EXHDR(in));
	SET_VARSIZE(b, VARHDRSZ + VARSIZE_ANY_EXHDR(in));
	memcpy(VARDATA(b), VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in));
	if (!qtcl_mine_template(b, max_hashes, &done))
		PG_RETURN_NULL();
	PG_RETURN_BYTEA_P(b);
}
