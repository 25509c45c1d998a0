/*
 * shmem.c: reserve and initialise qtcl's shared memory (see shmem.h).
 *
 * PostgreSQL 15 wants shared memory and LWLocks requested from
 * shmem_request_hook (not directly in _PG_init), and initialised in
 * shmem_startup_hook under AddinShmemInitLock, which also runs in every
 * backend on EXEC_BACKEND builds; ShmemInitStruct's "found" tells first use.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "storage/ipc.h"
#include "storage/shmem.h"

#include "bgworker/shmem.h"

QtclShared *qtcl_shared = NULL;

static shmem_request_hook_type prev_shmem_request_hook = NULL;
static shmem_startup_hook_type prev_shmem_startup_hook = NULL;

static void
qtcl_shmem_request(void)
{
	if (prev_shmem_request_hook)
		prev_shmem_request_hook();
	RequestAddinShmemSpace(MAXALIGN(sizeof(QtclShared)));
	RequestNamedLWLockTranche("qtcl", QTCL_SHMEM_LWLOCKS);
}

static void
qtcl_shmem_startup(void)
{
	bool		found;

	if (prev_shmem_startup_hook)
		prev_shmem_startup_hook();

	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	qtcl_shared = ShmemInitStruct("qtcl", sizeof(QtclShared), &found);
	if (!found)
	{
		memset(qtcl_shared, 0, sizeof(QtclShared));
		LWLockPadded *locks = GetNamedLWLockTranche("qtcl");

		qtcl_shared->lock = &locks[0].lock;
		qtcl_shared->pool_lock = &locks[1].lock;
		qtcl_shared->sources_lock = &locks[2].lock;
		qtcl_qrng_state_init(qtcl_shared->sources);
		qtcl_shared->initialized_at = GetCurrentTimestamp();
		qtcl_shared->layout = QTCL_SHMEM_LAYOUT;
		pg_write_barrier();
		qtcl_shared->magic = QTCL_SHMEM_MAGIC;
	}
	LWLockRelease(AddinShmemInitLock);
}

void
qtcl_shmem_install_hooks(void)
{
	prev_shmem_request_hook = shmem_request_hook;
	shmem_request_hook = qtcl_shmem_request;
	prev_shmem_startup_hook = shmem_startup_hook;
	shmem_startup_hook = qtcl_shmem_startup;
}

bool
qtcl_shmem_ready(void)
{
	return qtcl_shared != NULL && qtcl_shared->magic == QTCL_SHMEM_MAGIC &&
		qtcl_shared->layout == QTCL_SHMEM_LAYOUT;
}

PG_FUNCTION_INFO_V1(qtcl_preloaded);

/* qtcl.preloaded(): true when the library was preloaded and its shared memory is set up. */
Datum
qtcl_preloaded(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(qtcl_shmem_ready());
}
