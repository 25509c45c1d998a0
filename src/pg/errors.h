/*
 * errors.h: error helpers shared by the SQL glue. SQLSTATEs are listed in
 * docs/SQLSTATES.md; keep that file in step.
 */
#ifndef QTCL_PG_ERRORS_H
#define QTCL_PG_ERRORS_H

#include "postgres.h"

/* OpenSSL could not run a primitive (allocation failure inside libcrypto). */
pg_attribute_noreturn() void qtcl_crypto_failure(const char *what);

#endif
