/*
 * entropy_pool.c: see entropy_pool.h. The pool struct sits inside QtclShared
 * (bgworker/shmem.h) and is guarded by its own LWLock.
 */
#include "postgres.h"

#include "storage/lwlock.h"

#include "bgworker/entropy_pool.h"
#include "bgworker/shmem.h"
#include "crypto/sha3.h"

static QtclPool *
pool(void)
{
	if (!qtcl_shmem_ready())
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the qtcl entropy pool needs qtcl in shared_preload_libraries")));
	return &qtcl_shared->pool;
}

void
qtcl_pool_add(const uint8 *bytes, size_t len, int sources)
{
	QtclPool   *p = pool();
	size_t		off;

	Assert(len % QTCL_POOL_CELL == 0);
	LWLockAcquire(qtcl_shared->pool_lock, LW_EXCLUSIVE);
	for (off = 0; off + QTCL_POOL_CELL <= len; off += QTCL_POOL_CELL)
	{
		uint64		pos = p->written % QTCL_POOL_BYTES;

		/* A full ring drops its oldest unread cell: fresher bytes are never worse. */
		if (p->written - p->read >= QTCL_POOL_BYTES)
		{
			uint64		rpos = p->read % QTCL_POOL_BYTES;
			uint64		left = QTCL_POOL_CELL - rpos % QTCL_POOL_CELL;

			qtcl_wipe(p->data + rpos, left);
			p->read += left;
			p->bytes_discarded += left;
		}
		memcpy(p->data + pos, bytes + off, QTCL_POOL_CELL);
		p->cell_sources[pos / QTCL_POOL_CELL] = (uint8) Min(sources, 255);
		p->written += QTCL_POOL_CELL;
	}
	LWLockRelease(qtcl_shared->pool_lock);
}

bool
qtcl_pool_draw(uint8 *out, size_t len, int min_sources, int *sources)
{
	QtclPool   *p = pool();
	size_t		got = 0;
	int			least = INT_MAX;
	bool		ok;

	LWLockAcquire(qtcl_shared->pool_lock, LW_EXCLUSIVE);
	/* Drop cells too poor for this draw from the front. */
	while (p->written > p->read &&
		   p->cell_sources[(p->read % QTCL_POOL_BYTES) / QTCL_POOL_CELL] < min_sources)
	{
		uint64		rpos = p->read % QTCL_POOL_BYTES;
		uint64		left = QTCL_POOL_CELL - rpos % QTCL_POOL_CELL;

		qtcl_wipe(p->data + rpos, left);
		p->read += left;
		p->bytes_discarded += left;
	}
	/* Enough good bytes in a row? Check before taking anything. */
	{
		uint64		r = p->read;
		size_t		need = len;

		while (need > 0 && r < p->written &&
			   p->cell_sources[(r % QTCL_POOL_BYTES) / QTCL_POOL_CELL] >= min_sources)
		{
			uint64		left = QTCL_POOL_CELL - (r % QTCL_POOL_BYTES) % QTCL_POOL_CELL;
			uint64		take = Min(left, need);

			need -= take;
			r += take;
		}
		ok = (need == 0);
	}
	if (ok)
	{
		while (got < len)
		{
			uint64		rpos = p->read % QTCL_POOL_BYTES;
			uint64		left = QTCL_POOL_CELL - rpos % QTCL_POOL_CELL;
			size_t		take = Min(left, len - got);

			least = Min(least, (int) p->cell_sources[rpos / QTCL_POOL_CELL]);
			memcpy(out + got, p->data + rpos, take);
			/* Never again: the bytes are gone from the pool once handed out. */
			qtcl_wipe(p->data + rpos, take);
			p->read += take;
			got += take;
		}
		p->draws++;
		p->bytes_drawn += len;
		p->last_draw_sources = (len == 0) ? 0 : least;
	}
	LWLockRelease(qtcl_shared->pool_lock);
	if (ok && sources)
		*sources = (len == 0) ? 0 : least;
	return ok;
}

uint64
qtcl_pool_available(void)
{
	QtclPool   *p = pool();
	uint64		n;

	LWLockAcquire(qtcl_shared->pool_lock, LW_SHARED);
	n = p->written - p->read;
	LWLockRelease(qtcl_shared->pool_lock);
	return n;
}
