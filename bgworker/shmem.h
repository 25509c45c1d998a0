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

#define QTCL_SHMEM_MAGIC 0x7154434Cu	/* "qTCL" */
#define QTCL_SHMEM_LAYOUT 1

typedef struct QtclShared
{
	uint32		magic;
	uint32		layout;			/* bumped when this struct changes */
	TimestampTz initialized_at;
	LWLock	   *lock;			/* points into the main LWLock array: same in every process */
} QtclShared;

/* NULL unless preloaded and initialised. */
extern QtclShared *qtcl_shared;

void		qtcl_shmem_install_hooks(void);
bool		qtcl_shmem_ready(void);

#endif
