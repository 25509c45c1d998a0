/*
 * chain.h: glue shared by the chain's SQL functions.
 *
 * Transaction verdicts use SQLSTATE class QT (docs/SQLSTATES.md):
 *   QT001 bad signature           QT006 duplicate transaction
 *   QT002 wrong chain id          QT007 amount not positive
 *   QT003 nonce not the next one  QT008 amount + fee out of the money range
 *   QT004 balance too low         QT009 fee below the minimum
 *   QT005 too many pending        QT010 replacement fee not 10% higher
 *   QT011 malformed field (negative fee, nonce out of range)
 *   QT012 mempool full and the fee too low to enter
 */
#ifndef QTCL_PG_CHAIN_H
#define QTCL_PG_CHAIN_H

#include "postgres.h"

#include "chain/tx.h"

#define ERRCODE_QTCL_BAD_SIGNATURE		MAKE_SQLSTATE('Q','T','0','0','1')
#define ERRCODE_QTCL_WRONG_CHAIN		MAKE_SQLSTATE('Q','T','0','0','2')
#define ERRCODE_QTCL_NONCE				MAKE_SQLSTATE('Q','T','0','0','3')
#define ERRCODE_QTCL_BALANCE			MAKE_SQLSTATE('Q','T','0','0','4')
#define ERRCODE_QTCL_TOO_MANY_PENDING	MAKE_SQLSTATE('Q','T','0','0','5')
#define ERRCODE_QTCL_DUPLICATE			MAKE_SQLSTATE('Q','T','0','0','6')
#define ERRCODE_QTCL_AMOUNT				MAKE_SQLSTATE('Q','T','0','0','7')
#define ERRCODE_QTCL_MONEY_RANGE		MAKE_SQLSTATE('Q','T','0','0','8')
#define ERRCODE_QTCL_FEE_TOO_LOW		MAKE_SQLSTATE('Q','T','0','0','9')
#define ERRCODE_QTCL_REPLACEMENT_FEE	MAKE_SQLSTATE('Q','T','0','1','0')
#define ERRCODE_QTCL_MALFORMED			MAKE_SQLSTATE('Q','T','0','1','1')
#define ERRCODE_QTCL_MEMPOOL_FULL		MAKE_SQLSTATE('Q','T','0','1','2')

/*
 * Block verdicts: SQLSTATE class QB (docs/SQLSTATES.md).
 */
#define ERRCODE_QTCL_BLOCK_MALFORMED	MAKE_SQLSTATE('Q','B','0','0','1')
#define ERRCODE_QTCL_BLOCK_CHAIN		MAKE_SQLSTATE('Q','B','0','0','2')
#define ERRCODE_QTCL_BLOCK_POW			MAKE_SQLSTATE('Q','B','0','0','3')
#define ERRCODE_QTCL_BLOCK_TARGET		MAKE_SQLSTATE('Q','B','0','0','4')
#define ERRCODE_QTCL_BLOCK_TIME_OLD		MAKE_SQLSTATE('Q','B','0','0','5')
#define ERRCODE_QTCL_BLOCK_TIME_NEW		MAKE_SQLSTATE('Q','B','0','0','6')
#define ERRCODE_QTCL_BLOCK_BEACON		MAKE_SQLSTATE('Q','B','0','0','7')
#define ERRCODE_QTCL_BLOCK_BEACON_OLD	MAKE_SQLSTATE('Q','B','0','0','8')
#define ERRCODE_QTCL_BLOCK_BEACON_STALE	MAKE_SQLSTATE('Q','B','0','0','9')
#define ERRCODE_QTCL_BLOCK_MERKLE		MAKE_SQLSTATE('Q','B','0','1','0')
#define ERRCODE_QTCL_BLOCK_TOO_MANY_TXS	MAKE_SQLSTATE('Q','B','0','1','1')
#define ERRCODE_QTCL_BLOCK_BAD_TX		MAKE_SQLSTATE('Q','B','0','1','2')
#define ERRCODE_QTCL_BLOCK_DUPLICATE_TX	MAKE_SQLSTATE('Q','B','0','1','3')
#define ERRCODE_QTCL_BLOCK_REWARD		MAKE_SQLSTATE('Q','B','0','1','4')
#define ERRCODE_QTCL_BLOCK_STATE		MAKE_SQLSTATE('Q','B','0','1','5')
#define ERRCODE_QTCL_BLOCK_BAD_PARENT	MAKE_SQLSTATE('Q','B','0','1','6')
#define ERRCODE_QTCL_BLOCK_HEIGHT		MAKE_SQLSTATE('Q','B','0','1','7')
#define ERRCODE_QTCL_BLOCK_KNOWN_INVALID	MAKE_SQLSTATE('Q','B','0','1','8')

/* Most pending transactions one sender may have. */
#define QTCL_MAX_PENDING_PER_SENDER 25

/* The chain's parameters (qtcl.chain_params and its genesis block). */
typedef struct qtcl_chain_cfg
{
	char		network[16];
	uint32		chain_id;
	int64		target_block_ms;
	int32		max_block_txs;
	int64		block_reward;
	int64		halving_interval;
	int64		min_fee;
	int64		max_future_ms;
	int64		max_beacon_age_ms;
	uint32		genesis_target;
	uint8		genesis_hash[32];
	int64		genesis_time_ms;
	bool		has_mock_time;
	int64		mock_time_ms;
} qtcl_chain_cfg;

/* Raises 55000: this database has no chain yet. */
pg_attribute_noreturn() void qtcl_raise_no_chain(void);

/* Loads the chain's parameters; raises 55000 when there is no chain. Inside SPI. */
void		qtcl_chain_cfg_load(qtcl_chain_cfg *cfg);

/* Node time in ms since the Unix epoch: the regtest mock time when set, else the clock. */
int64		qtcl_node_time_ms_cfg(const qtcl_chain_cfg *cfg);

/* The same, reading qtcl.chain_params (the clock when there is no chain). Inside SPI. */
int64		qtcl_node_time_ms(void);

/* Block functions run at READ COMMITTED (each step sees what the step before committed). */
void		qtcl_require_read_committed(const char *what);

/* The chain's id; raises 55000 when no chain was initialised. */
uint32		qtcl_chain_id(void);

/* Fills a transaction from SQL arguments (the sender key must be 1952 bytes). */
void		qtcl_tx_from_parts(qtcl_tx *tx, uint32 chain_id, bytea *sender_key, const uint8 *recipient,
							   int64 amount, int64 fee, int64 nonce);

/* Raises the error of a tx check code with its SQLSTATE and message. */
pg_attribute_noreturn() void qtcl_tx_raise(int code, const qtcl_tx *tx, const char *message);

#endif
