/* errors.c: see errors.h */
#include "postgres.h"

#include "pg/errors.h"

void
qtcl_crypto_failure(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
			 errmsg("%s failed inside OpenSSL", what),
			 errhint("This is usually an out-of-memory condition.")));
}
