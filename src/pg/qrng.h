/*
 * qrng.h: the entropy pool's steps, shared by the SQL functions and the qrng
 * worker (see qrng_sql.c).
 */
#ifndef QTCL_PG_QRNG_H
#define QTCL_PG_QRNG_H

#include "postgres.h"

/* One refill round over the enabled sources; returns the healthy sources, os included. */
int			qtcl_qrng_refill_round(void);

/* len bytes from the pool (refilled from the OS alone when qtcl.qrng_min_sources = 0). */
void		qtcl_entropy_draw(uint8 *out, size_t len, int *sources);

#endif
