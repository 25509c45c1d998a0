/*
 * verify_chain.c: qtcl.verify_chain(), tamper evidence in the way ledger
 * databases offer it: everything stored is recomputed from the blocks' bytes
 * and compared with what the tables say.
 *
 *   genesis            header hash = chain_params.genesis_hash; its merkle
 *                      field commits to qtcl.genesis_allocations
 *   block hashes       every stored block: SHA3-256(header) = hash, its bytes
 *                      start with the header, the columns are the header's
 *   active chain       heights 0 .. tip without gaps, parent links, chainwork
 *                      sums, issued amounts
 *   blocks             every active block again, in full: proof of work,
 *                      target rule, timestamps (not the future limit), beacon
 *                      round signature and recomputation, merkle root,
 *                      transaction signatures, reward
 *   transactions       qtcl.transactions = the active blocks' transactions
 *   account state      the state replayed from genesis = qtcl.account_state
 *   supply             sum of balances = amount issued up to the tip
 * Each check is a row: its name, whether it holds, and the first difference.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"

#include "beacon/verify.h"
#include "chain/context.h"
#include "chain/ledger.h"
#include "chain/merkle.h"
#include "crypto/sha3.h"
#include "pg/beacon.h"
#include "pg/block.h"
#include "pg/util.h"

typedef struct replay_entry
{
	uint8		address[32];	/* key */
	int64		balance;
	uint64		nonce;
} replay_entry;

static void
emit(ReturnSetInfo *rsinfo, const char *name, bool ok, const char *detail)
{
	Datum		v[3];
	bool		n[3] = {false, false, detail == NULL};

	v[0] = CStringGetTextDatum(name);
	v[1] = BoolGetDatum(ok);
	v[2] = detail ? CStringGetTextDatum(detail) : (Datum) 0;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, n);
}

static char *
hex(const uint8 *p)
{
	char	   *s = palloc(65);
	int			i;

	for (i = 0; i < 32; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	return s;
}

static const uint8 *
bytes_col(HeapTuple t, TupleDesc td, int col, size_t *len)
{
	bool		isnull;
	Datum		d = SPI_getbinval(t, td, col, &isnull);
	bytea	   *b;

	if (isnull)
	{
		*len = 0;
		return NULL;
	}
	b = DatumGetByteaPP(d);
	*len = VARSIZE_ANY_EXHDR(b);
	return (const uint8 *) VARDATA_ANY(b);
}

static void verify(ReturnSetInfo *rsinfo, qtcl_chain_cfg *cfg_out);

PG_FUNCTION_INFO_V1(qtcl_verify_chain);

Datum
qtcl_verify_chain(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	qtcl_chain_cfg cfg;

	InitMaterializedSRF(fcinfo, 0);
	qtcl_spi_connect();
	/* One snapshot for every read (see qtcl_spi_one_snapshot): blocks may be committed meanwhile. */
	qtcl_spi_one_snapshot = true;
	PG_TRY();
	{
		verify(rsinfo, &cfg);
	}
	PG_FINALLY();
	{
		qtcl_spi_one_snapshot = false;
	}
	PG_END_TRY();
	SPI_finish();
	return (Datum) 0;
}

/* The checks; inside SPI, reading with one snapshot. */
static void
verify(ReturnSetInfo *rsinfo, qtcl_chain_cfg *cfg_out)
{
	qtcl_chain_cfg cfg;
	SPITupleTable *tt;
	uint64		n,
				k;
	char	   *bad = NULL;
	HTAB	   *state;
	HASHCTL		hc;
	int64		tip_issued = 0;
	int64		expected_txs = 0;
	uint8		prev_hash[32];

	qtcl_chain_cfg_load(&cfg);

	/* genesis */
	if (SPI_execute("SELECT b.header, qtcl.sha3_256(convert_to('qtcl-genesis-v1', 'UTF8') || coalesce((SELECT "
					"string_agg(qtcl.addr_hash(address) || int8send(amount), ''::bytea ORDER BY qtcl.addr_hash(address)) "
					"FROM qtcl.genesis_allocations), ''::bytea)) FROM qtcl.blocks b JOIN qtcl.chain_params p "
					"ON b.hash = p.genesis_hash", true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading the genesis block failed");
	{
		size_t		hl,
					cl;
		const uint8 *hdr = SPI_processed ? bytes_col(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &hl) : NULL;
		const uint8 *com = SPI_processed ? bytes_col(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &cl) : NULL;
		uint8		h[32];

		if (hdr == NULL || hl != QTCL_HEADER_BYTES)
			bad = "the genesis block is missing or its header is not 164 bytes";
		else if (qtcl_sha3_256(hdr, hl, h) != 0 || memcmp(h, cfg.genesis_hash, 32) != 0)
			bad = psprintf("the genesis header hashes to %s, chain_params says %s", hex(h), hex(cfg.genesis_hash));
		else if (memcmp(hdr + QTCL_HEADER_OFF_MERKLE, com, 32) != 0)
			bad = "the genesis block does not commit to qtcl.genesis_allocations";
		emit(rsinfo, "genesis", bad == NULL, bad);
	}

	/* block hashes */
	bad = NULL;
	if (SPI_execute("SELECT hash, header, raw, parent, height, timestamp_ms FROM qtcl.blocks", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading blocks failed");
	for (k = 0; k < SPI_processed && bad == NULL; k++)
	{
		HeapTuple	t = SPI_tuptable->vals[k];
		TupleDesc	td = SPI_tuptable->tupdesc;
		size_t		hl,
					rl,
					hdl,
					pl;
		const uint8 *hash = bytes_col(t, td, 1, &hl),
				   *hdr = bytes_col(t, td, 2, &hdl),
				   *raw = bytes_col(t, td, 3, &rl),
				   *par = bytes_col(t, td, 4, &pl);
		uint8		h[32];
		qtcl_block_header bh;
		bool		isnull;

		if (hdl != QTCL_HEADER_BYTES || qtcl_header_decode(hdr, hdl, &bh) != QTCL_HEADER_OK)
			bad = psprintf("block %s: the header does not decode", hex(hash));
		else if (qtcl_sha3_256(hdr, hdl, h) != 0 || hl != 32 || memcmp(h, hash, 32) != 0)
			bad = psprintf("block %s: its header hashes to %s", hex(hash), hex(h));
		else if (raw == NULL || rl < QTCL_HEADER_BYTES || memcmp(raw, hdr, QTCL_HEADER_BYTES) != 0)
			bad = psprintf("block %s: its bytes do not start with its header", hex(hash));
		else if (pl != 32 || memcmp(par, bh.parent, 32) != 0 ||
				 (int64) bh.height != DatumGetInt64(SPI_getbinval(t, td, 5, &isnull)) ||
				 bh.timestamp_ms != DatumGetInt64(SPI_getbinval(t, td, 6, &isnull)))
			bad = psprintf("block %s: parent, height or timestamp columns differ from its header", hex(hash));
	}
	emit(rsinfo, "block hashes", bad == NULL, bad);

	/* active chain, then every active block in full, replaying the state */
	memset(&hc, 0, sizeof(hc));
	hc.keysize = 32;
	hc.entrysize = sizeof(replay_entry);
	hc.hcxt = CurrentMemoryContext;
	state = hash_create("qtcl replay", 1024, &hc, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	if (SPI_execute("SELECT address, amount FROM qtcl.genesis_allocations", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading genesis allocations failed");
	for (k = 0; k < SPI_processed; k++)
	{
		bool		isnull,
					found;
		replay_entry *e = hash_search(state, DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull)),
									  HASH_ENTER, &found);

		e->balance = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 2, &isnull));
		e->nonce = 0;
	}
	if (SPI_execute("SELECT hash, height, raw, chainwork = coalesce(lag(chainwork) OVER w, 0) + qtcl.target_work("
					"('x' || encode(substring(header FROM 89 FOR 4), 'hex'))::bit(32)::bigint), issued "
					"FROM qtcl.blocks WHERE status = 'active' WINDOW w AS (ORDER BY height) ORDER BY height",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "reading the active chain failed");
	tt = SPI_tuptable;
	n = SPI_processed;
	{
		char	   *chain_bad = NULL,
				   *block_bad = NULL;
		int64		prev_issued = 0;
		qtcl_block_params params;

		qtcl_block_params_of(&cfg, &params);
		for (k = 0; k < n; k++)
		{
			HeapTuple	t = tt->vals[k];
			bool		isnull;
			size_t		hl,
						rl;
			const uint8 *hash = bytes_col(t, tt->tupdesc, 1, &hl);
			const uint8 *raw = bytes_col(t, tt->tupdesc, 3, &rl);
			int64		height = DatumGetInt64(SPI_getbinval(t, tt->tupdesc, 2, &isnull));
			bool		work_ok = DatumGetBool(SPI_getbinval(t, tt->tupdesc, 4, &isnull));
			Datum		iss = SPI_getbinval(t, tt->tupdesc, 5, &isnull);
			int64		issued = isnull ? -1 : DatumGetInt64(iss);
			qtcl_block_view v;
			qtcl_block_result res;

			CHECK_FOR_INTERRUPTS();
			if (chain_bad == NULL && height != (int64) k)
				chain_bad = psprintf("height " INT64_FORMAT " is missing from the active chain", (int64) k);
			if (chain_bad == NULL && !work_ok)
				chain_bad = psprintf("block at height " INT64_FORMAT ": chainwork is not the sum of the work up to it", height);
			if (k == 0)
			{
				prev_issued = issued;
				memcpy(prev_hash, hash, 32);
				continue;
			}
			/* full stateless checks with scratch space */
			if (block_bad == NULL)
			{
				int			rc;

				rc = qtcl_block_check_stateless(raw, rl, &params, prev_issued, qtcl_block_scratch_area(cfg.max_block_txs), &res);
				if (rc != QTCL_BLOCK_OK)
				{
					char		msg[QTCL_BLOCK_MESSAGE_SIZE];

					block_bad = psprintf("block at height " INT64_FORMAT ": %s", height, qtcl_block_describe(&res, msg, sizeof(msg)));
				}
				else if (issued != prev_issued + res.minted)
					block_bad = psprintf("block at height " INT64_FORMAT ": issued column " INT64_FORMAT " is not " INT64_FORMAT,
										 height, issued, prev_issued + res.minted);
			}
			if (qtcl_block_decode(raw, rl, UINT32_MAX, &v, &res) != QTCL_BLOCK_OK)
			{
				if (block_bad == NULL)
					block_bad = psprintf("block at height " INT64_FORMAT " does not decode", height);
				break;
			}
			if (chain_bad == NULL && memcmp(v.header.parent, prev_hash, 32) != 0)
				chain_bad = psprintf("block at height " INT64_FORMAT " does not link to the block below it", height);
			/* context (without the future limit) and the beacon round's signature */
			if (block_bad == NULL)
			{
				qtcl_stored_block parent;
				qtcl_block_context ctx;
				qtcl_context_result cres;
				qtcl_beacon_round round;
				int64		recent[QTCL_MTP_SPAN];
				size_t		ntrusted;
				const uint8 **trusted;
				int			rc;

				if (!qtcl_block_load(v.header.parent, &parent))
					block_bad = psprintf("block at height " INT64_FORMAT ": parent missing", height);
				else if (qtcl_beacon_decode(v.beacon, QTCL_BEACON_ENCODED_BYTES, &round, qtcl_beacon_work_area(), NULL) != QTCL_BEACON_OK)
					block_bad = psprintf("block at height " INT64_FORMAT ": beacon round does not decode", height);
				else
				{
					qtcl_block_context_of(&cfg, &parent, recent, &ctx);
					ctx.check_future = 0;
					rc = qtcl_block_check_context(&v.header, round.round, round.timestamp_ms, &ctx, &cres);
					if (rc != QTCL_CTX_OK)
					{
						char		msg[QTCL_CTX_MESSAGE_SIZE];

						block_bad = psprintf("block at height " INT64_FORMAT ": %s", height,
											 qtcl_context_describe(&cres, &v.header, round.round, &ctx, msg, sizeof(msg)));
					}
					trusted = qtcl_oracle_trusted_keys(&ntrusted);
					rc = qtcl_beacon_verify_unlinked(&round, trusted, ntrusted, qtcl_beacon_work_area());
					if (block_bad == NULL && rc != QTCL_BEACON_OK)
						block_bad = psprintf("block at height " INT64_FORMAT ": beacon round: %s", height, qtcl_beacon_strerror(rc));
				}
			}
			/* replay */
			{
				uint8		(*addrs)[32] = palloc(sizeof(*addrs) * (2 * (Size) v.tx_count + 1));
				size_t		na,
							i;
				qtcl_ledger_account *accts;
				qtcl_ledger_result lres;

				if (qtcl_ledger_addresses(&v, addrs, 2 * (size_t) v.tx_count + 1, &na) != QTCL_LEDGER_OK)
					elog(ERROR, "listing accounts failed");
				accts = palloc0(sizeof(*accts) * na);
				for (i = 0; i < na; i++)
				{
					bool		found;
					replay_entry *e = hash_search(state, addrs[i], HASH_FIND, &found);

					memcpy(accts[i].address, addrs[i], 32);
					if (e)
					{
						accts[i].balance = e->balance;
						accts[i].nonce = e->nonce;
						accts[i].exists = 1;
					}
				}
				if (qtcl_ledger_apply(&v, v.claimed_reward, accts, na, &lres) != QTCL_LEDGER_OK)
				{
					char		msg[QTCL_LEDGER_MESSAGE_SIZE];

					if (block_bad == NULL)
						block_bad = psprintf("block at height " INT64_FORMAT ": %s", height, qtcl_ledger_describe(&lres, msg, sizeof(msg)));
				}
				else
					for (i = 0; i < na; i++)
					{
						bool		found;
						replay_entry *e;

						if (!accts[i].touched)
							continue;
						e = hash_search(state, accts[i].address, HASH_ENTER, &found);
						e->balance = accts[i].balance;
						e->nonce = accts[i].nonce;
					}
			}
			expected_txs += v.tx_count;
			prev_issued = issued;
			memcpy(prev_hash, hash, 32);
		}
		tip_issued = prev_issued;
		emit(rsinfo, "active chain", chain_bad == NULL && n > 0, chain_bad ? chain_bad : (n > 0 ? NULL : "no active blocks"));
		emit(rsinfo, "blocks", block_bad == NULL, block_bad);
	}

	/* transactions: one row per transaction of the active blocks, with their fields */
	bad = NULL;
	if (SPI_execute("SELECT count(*) FILTER (WHERE b.status IS DISTINCT FROM 'active' OR t.tx_hash <> qtcl.sha3_256(t.raw) "
					"OR substring(b.raw FROM 4734 + 5328 * t.position FOR 5328) <> t.raw OR NOT t.sender OPERATOR(qtcl.=) "
					"qtcl.hyper_addr_from_hash(qtcl.sha3_256(substring(t.raw FROM 12 FOR 1952)))), count(*) "
					"FROM qtcl.transactions t LEFT JOIN qtcl.blocks b ON b.hash = t.block_hash", true, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading transactions failed");
	{
		bool		isnull;
		int64		wrong = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
		int64		total = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));

		if (wrong > 0)
			bad = psprintf(INT64_FORMAT " rows of qtcl.transactions differ from the active blocks' transactions", wrong);
		else if (total != expected_txs)
			bad = psprintf("qtcl.transactions has " INT64_FORMAT " rows, the active blocks hold " INT64_FORMAT, total, expected_txs);
	}
	emit(rsinfo, "transactions", bad == NULL, bad);

	/* account state */
	bad = NULL;
	{
		int64		rows = 0,
					total = 0;

		if (SPI_execute("SELECT address, balance, nonce FROM qtcl.account_state", true, 0) != SPI_OK_SELECT)
			elog(ERROR, "reading accounts failed");
		for (k = 0; k < SPI_processed && bad == NULL; k++)
		{
			bool		isnull,
						found;
			const uint8 *a = (const uint8 *) DatumGetPointer(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 1, &isnull));
			int64		bal = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 2, &isnull));
			int64		non = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k], SPI_tuptable->tupdesc, 3, &isnull));
			replay_entry *e = hash_search(state, a, HASH_FIND, &found);

			rows++;
			total += bal;
			if (e == NULL)
				bad = psprintf("account %s is stored but no block or allocation made it", hex(a));
			else if (e->balance != bal || e->nonce != (uint64) non)
				bad = psprintf("account %s: stored balance " INT64_FORMAT " nonce " INT64_FORMAT ", replayed " INT64_FORMAT
							   " nonce " UINT64_FORMAT, hex(a), bal, non, e->balance, e->nonce);
		}
		if (bad == NULL && rows != hash_get_num_entries(state))
			bad = psprintf("qtcl.account_state has " INT64_FORMAT " accounts, the replay " INT64_FORMAT,
						   rows, (int64) hash_get_num_entries(state));
		emit(rsinfo, "account state", bad == NULL, bad);
		emit(rsinfo, "supply", total == tip_issued,
			 total == tip_issued ? NULL : psprintf("balances total " INT64_FORMAT ", issued " INT64_FORMAT, total, tip_issued));
	}
	*cfg_out = cfg;
}
