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

/* Most pending transactions one sender may have. */
#define QTCL_MAX_PENDING_PER_SENDER 25

/* The chain's id; raises 55000 when no chain was initialised. */
uint32		qtcl_chain_id(void);

/* Fills a transaction from SQL arguments (the sender key must be 1952 bytes). */
void		qtcl_tx_from_parts(qtcl_tx *tx, uint32 chain_id, bytea *sender_key, const uint8 *recipient,
							   int64 amount, int64 fee, int64 nonce);

/* Raises the error of a tx check code with its SQLSTATE and message. */
pg_attribute_noreturn() void qtcl_tx_raise(int code, const qtcl_tx *tx, const char *message);

#endif
