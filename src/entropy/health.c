/* health.c: see health.h */
#include "entropy/health.h"

#include <string.h>

#include "crypto/sha3.h"

const char *
qtcl_health_strerror(int code)
{
	switch (code)
	{
		case QTCL_HEALTH_OK:
			return "ok";
		case QTCL_HEALTH_STARTUP:
			return "passed, start-up testing not yet complete";
		case QTCL_HEALTH_ERR_ARG:
			return "empty block or bad argument";
		case QTCL_HEALTH_ERR_REPEAT:
			return "block identical to the previous block of this source";
		case QTCL_HEALTH_ERR_RCT:
			return "repetition count test failed";
		case QTCL_HEALTH_ERR_APT:
			return "adaptive proportion test failed";
		case QTCL_HEALTH_ERR_HASH:
			return "SHA3-256 failed";
	}
	return "unknown health error";
}

static void
reset_tests(qtcl_health_state *st)
{
	st->rct_run = 0;
	st->rct_last = 0;
	st->apt_first = 0;
	st->apt_count = 0;
	st->apt_seen = 0;
	st->samples = 0;
}

void
qtcl_health_init(qtcl_health_state *st)
{
	if (st == NULL)
		return;
	memset(st, 0, sizeof(*st));
	reset_tests(st);
}

int
qtcl_health_ready(const qtcl_health_state *st)
{
	return st != NULL && st->samples >= QTCL_HEALTH_STARTUP_SAMPLES;
}

int
qtcl_health_check(qtcl_health_state *st, const uint8_t *block, size_t len, size_t *fail_at)
{
	uint8_t		digest[QTCL_HEALTH_DIGEST_BYTES];
	qtcl_health_state t;
	size_t		i;
	int			repeat;
	int			rc = QTCL_HEALTH_OK;

	if (fail_at)
		*fail_at = 0;
	if (st == NULL || block == NULL || len == 0)
		return QTCL_HEALTH_ERR_ARG;

	if (qtcl_sha3_256(block, len, digest) != 0)
		return QTCL_HEALTH_ERR_HASH;
	repeat = st->have_prev && memcmp(digest, st->prev_digest, sizeof(digest)) == 0;
	memcpy(st->prev_digest, digest, sizeof(digest));
	st->have_prev = 1;
	if (repeat)
	{
		st->fail_repeat++;
		reset_tests(st);
		return QTCL_HEALTH_ERR_REPEAT;
	}

	/* Run on a copy: the state is committed only if the whole block passes. */
	t = *st;
	for (i = 0; i < len; i++)
	{
		uint8_t		x = block[i];

		/* RCT (90B 4.4.1) */
		if (t.rct_run > 0 && x == t.rct_last)
		{
			t.rct_run++;
			if (t.rct_run >= QTCL_HEALTH_RCT_CUTOFF)
			{
				rc = QTCL_HEALTH_ERR_RCT;
				break;
			}
		}
		else
		{
			t.rct_last = x;
			t.rct_run = 1;
		}

		/* APT (90B 4.4.2): the window's first sample counts as 1 */
		if (t.apt_seen == 0)
		{
			t.apt_first = x;
			t.apt_count = 1;
			t.apt_seen = 1;
		}
		else
		{
			t.apt_seen++;
			if (x == t.apt_first)
			{
				t.apt_count++;
				if (t.apt_count >= QTCL_HEALTH_APT_CUTOFF)
				{
					rc = QTCL_HEALTH_ERR_APT;
					break;
				}
			}
			if (t.apt_seen >= QTCL_HEALTH_APT_WINDOW)
				t.apt_seen = 0;		/* the next sample opens a new window */
		}
	}

	if (rc != QTCL_HEALTH_OK)
	{
		if (fail_at)
			*fail_at = i;
		if (rc == QTCL_HEALTH_ERR_RCT)
			st->fail_rct++;
		else
			st->fail_apt++;
		reset_tests(st);
		return rc;
	}

	t.samples += len;
	t.blocks_passed++;
	*st = t;
	return qtcl_health_ready(st) ? QTCL_HEALTH_OK : QTCL_HEALTH_STARTUP;
}
