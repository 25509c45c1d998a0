/* beacon.h: what beacon_sql.c shares with the chain's glue. */
#ifndef QTCL_PG_BEACON_H
#define QTCL_PG_BEACON_H

#include "postgres.h"

#include "beacon/round.h"

/* The process's scratch space for decoding and verifying rounds (~330 KB, allocated once). */
qtcl_beacon_work *qtcl_beacon_work_area(void);

/* The trusted oracle public keys (palloc'd copies, in SPI memory). Inside SPI. */
const uint8 **qtcl_oracle_trusted_keys(size_t *n);

#endif
