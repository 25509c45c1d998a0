/*
 * keycache.c: expanded ML-DSA-65 public keys and sender addresses of recent
 * senders (keycache.h says why).
 */
#include "chain/keycache.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/mldsa.h"
#include "crypto/sha3.h"

#define PK_BYTES 1952

typedef struct slot
{
	uint8_t		pk[PK_BYTES];
	uint8_t		addr[32];
	int			has_addr;
	int			has_epk;
	uint64_t	used;			/* tick of the last lookup; 0 = empty */
	mldsa_expanded_pk *epk;		/* 32-byte aligned; kept when the slot is reused */
} slot;

static slot *slots;				/* QTCL_KEYCACHE_SLOTS of them, allocated on first use */
static int	capacity = QTCL_KEYCACHE_SLOTS;
static uint64_t tick,
			hits,
			misses;

/* The slot holding pk (its use refreshed), or the one to reuse for it (emptied); NULL = no cache. */
static slot *
lookup(const uint8_t *pk, int *found)
{
	slot	   *victim = NULL;
	int			i;

	*found = 0;
	if (capacity == 0)
		return NULL;
	if (slots == NULL && (slots = calloc(QTCL_KEYCACHE_SLOTS, sizeof(slot))) == NULL)
		return NULL;
	tick++;
	for (i = 0; i < capacity; i++)
	{
		slot	   *s = &slots[i];

		/* rho (the first 32 bytes) is uniformly random: it tells keys apart before the full comparison. */
		if (s->used != 0 && memcmp(s->pk, pk, 32) == 0 && memcmp(s->pk, pk, PK_BYTES) == 0)
		{
			s->used = tick;
			*found = 1;
			hits++;
			return s;
		}
		if (victim == NULL || s->used < victim->used)
			victim = s;
	}
	misses++;
	memcpy(victim->pk, pk, PK_BYTES);
	victim->has_addr = 0;
	victim->has_epk = 0;
	victim->used = tick;
	return victim;
}

int
qtcl_keycache_verify(const uint8_t *pk, const uint8_t *msg, size_t msglen,
					 const uint8_t *ctx, size_t ctxlen, const uint8_t *sig, size_t siglen)
{
	int			found;
	slot	   *s = lookup(pk, &found);

	if (s != NULL && !s->has_epk)
	{
		void	   *mem = s->epk;

		if (mem == NULL && posix_memalign(&mem, 32, mldsa_expanded_pk_size()) != 0)
			mem = NULL;
		s->epk = mem;
		s->has_epk = mem != NULL && mldsa_expand_pk(MLDSA_65, pk, PK_BYTES, s->epk) == 0;
	}
	if (s == NULL || !s->has_epk)
		return mldsa_verify(MLDSA_65, pk, PK_BYTES, msg, msglen, ctx, ctxlen, sig, siglen);
	return mldsa_verify_expanded(s->epk, msg, msglen, ctx, ctxlen, sig, siglen);
}

int
qtcl_keycache_address(const uint8_t *pk, uint8_t out[32])
{
	int			found;
	slot	   *s = lookup(pk, &found);

	if (s != NULL && s->has_addr)
	{
		memcpy(out, s->addr, 32);
		return 0;
	}
	if (qtcl_sha3_256(pk, PK_BYTES, out) != 0)
		return -1;
	if (s != NULL)
	{
		memcpy(s->addr, out, 32);
		s->has_addr = 1;
	}
	return 0;
}

void
qtcl_keycache_set_capacity(int n)
{
	int			i;

	capacity = n < 0 ? 0 : n > QTCL_KEYCACHE_SLOTS ? QTCL_KEYCACHE_SLOTS : n;
	if (slots != NULL)
		for (i = 0; i < QTCL_KEYCACHE_SLOTS; i++)
			slots[i].used = 0;
}

void
qtcl_keycache_stats(uint64_t *h, uint64_t *m)
{
	*h = hits;
	*m = misses;
}
