/*
 * chain_cfg.c: the chain's parameters as the block functions need them, and
 * node time (the regtest mock clock or the real one).
 */
#include "postgres.h"

#include "access/xact.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "pg/chain.h"
#include "pg/util.h"

void
qtcl_raise_no_chain(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("this database has no chain yet"),
			 errhint("Create one with SELECT qtcl.init_chain().")));
}

static int64
int8_col(HeapTuple t, TupleDesc td, int col, bool *isnull)
{
	return DatumGetInt64(SPI_getbinval(t, td, col, isnull));
}

void
qtcl_chain_cfg_load(qtcl_chain_cfg *cfg)
{
	HeapTuple	t;
	TupleDesc	td;
	bool		isnull;
	bytea	   *g;

	if (SPI_execute("SELECT p.network, p.chain_id, p.target_block_ms, p.max_block_txs, p.block_reward, "
					"p.halving_interval, p.min_fee, p.max_future_ms, p.max_beacon_age_ms, p.genesis_target, "
					"p.genesis_hash, b.timestamp_ms, p.mock_time_ms "
					"FROM qtcl.chain_params p JOIN qtcl.blocks b ON b.hash = p.genesis_hash", qtcl_spi_one_snapshot, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading qtcl.chain_params failed");
	if (SPI_processed == 0)
		qtcl_raise_no_chain();
	t = SPI_tuptable->vals[0];
	td = SPI_tuptable->tupdesc;
	memset(cfg, 0, sizeof(*cfg));
	strlcpy(cfg->network, TextDatumGetCString(SPI_getbinval(t, td, 1, &isnull)), sizeof(cfg->network));
	cfg->chain_id = (uint32) int8_col(t, td, 2, &isnull);
	cfg->target_block_ms = int8_col(t, td, 3, &isnull);
	cfg->max_block_txs = DatumGetInt32(SPI_getbinval(t, td, 4, &isnull));
	cfg->block_reward = int8_col(t, td, 5, &isnull);
	cfg->halving_interval = int8_col(t, td, 6, &isnull);
	cfg->min_fee = int8_col(t, td, 7, &isnull);
	cfg->max_future_ms = int8_col(t, td, 8, &isnull);
	cfg->max_beacon_age_ms = int8_col(t, td, 9, &isnull);
	cfg->genesis_target = (uint32) int8_col(t, td, 10, &isnull);
	g = DatumGetByteaPP(SPI_getbinval(t, td, 11, &isnull));
	if (VARSIZE_ANY_EXHDR(g) != 32)
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("qtcl.chain_params.genesis_hash is not 32 bytes")));
	memcpy(cfg->genesis_hash, VARDATA_ANY(g), 32);
	cfg->genesis_time_ms = int8_col(t, td, 12, &isnull);
	cfg->mock_time_ms = int8_col(t, td, 13, &isnull);
	cfg->has_mock_time = !isnull && strcmp(cfg->network, "regtest") == 0;
}

int64
qtcl_node_time_ms_cfg(const qtcl_chain_cfg *cfg)
{
	return cfg->has_mock_time ? cfg->mock_time_ms : qtcl_now_unix_ms();
}

int64
qtcl_node_time_ms(void)
{
	bool		isnull;
	Datum		d;

	if (SPI_execute("SELECT mock_time_ms FROM qtcl.chain_params WHERE network = 'regtest'", false, 1) != SPI_OK_SELECT)
		elog(ERROR, "reading qtcl.chain_params failed");
	if (SPI_processed == 0)
		return qtcl_now_unix_ms();
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return isnull ? qtcl_now_unix_ms() : DatumGetInt64(d);
}

void
qtcl_require_read_committed(const char *what)
{
	if (IsolationUsesXactSnapshot())
		ereport(ERROR,
				(errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
				 errmsg("%s runs at READ COMMITTED isolation", what),
				 errdetail("Each of its steps must see what the step before it committed."),
				 errhint("Call it outside REPEATABLE READ and SERIALIZABLE transactions.")));
}
