/*
 * qtcl.c: module entry point.
 *
 * _PG_init only dispatches. Loaded on demand (CREATE EXTENSION, first call),
 * the SQL types and functions work; preloaded through shared_preload_libraries,
 * the module also reserves shared memory (and, as later subsystems land, starts
 * background workers). During pg_upgrade (IsBinaryUpgrade) nothing beyond the
 * SQL functions is set up: no shared memory, no workers.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "bgworker/shmem.h"
#include "bgworker/workers.h"
#include "pg/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

void
_PG_init(void)
{
	bool		preloading = process_shared_preload_libraries_in_progress && !IsBinaryUpgrade;

	qtcl_define_gucs(preloading);
	qtcl_define_worker_gucs(preloading);
	if (preloading)
	{
		qtcl_shmem_install_hooks();
		qtcl_register_workers();
	}

	/* Last: warns about and removes misspelt qtcl.* settings. */
	MarkGUCPrefixReserved("qtcl");
}

PG_FUNCTION_INFO_V1(qtcl_version);

/* qtcl.version(): the version of the loaded library. */
Datum
qtcl_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(QTCL_VERSION));
}
