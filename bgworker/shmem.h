/*
 * shmem.h: qtcl's shared memory segment.
 *
 * One fixed-size struct, requested from shmem_request_hook (PostgreSQL 15)
 * when the library is preloaded. It holds only plain data and atomics: never
 * a pointer, which would be meaningless in another process.
 */
#ifndef QTCL_BGWORKER_SHMEM_H
#define QTCL_BGWORKER_SHMEM_H

#include "postgres.h"

#include "port/atomics.h"
#include "storage/lwlock.h"
#include "utils/timestamp.h"

#include "bgworker/entropy_pool.h"
#include "bgworker/miner.h"
#include "bgworker/qrng_state.h"
#include "bgworker/workers.h"

#define QTCL_SHMEM_MAGIC 0x7154434Cu	/* "qTCL" */
#define QTCL_SHMEM_LAYOUT 4
#define QTCL_SHMEM_LWLOCKS 3			/* general, pool, sources */

typedef struct QtclShared
{
	uint32		magic;
	uint32		layout;			/* bumped when this struct changes */
	TimestampTz initialized_at;
	/* Locks point into the main LWLock array, which is shared: the same in every process. */
	LWLock	   *lock;			/* general */
	LWLock	   *pool_lock;		/* pool */
	LWLock	   *sources_lock;	/* sources[] */
	int32		refill_owner;	/* pid running a refill, 0 = none (sources_lock) */
	QtclPool	pool;
	QtclSourceState sources[QTCL_QRNG_SOURCES];
	QtclWorkerStatus workers[QTCL_WORKER_COUNT];	/* lock */
	QtclMinerStatus miner;		/* lock */
} QtclShared;

/* NULL unless preloaded and initialised. */
extern QtclShared *qtcl_shared;

void		qtcl_shmem_install_hooks(void);
bool		qtcl_shmem_ready(void);

#endif
