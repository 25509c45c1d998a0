/*
 * guc.c: defines qtcl's settings.
 *
 * URLs, limits, the source list: PGC_SUSET (postgresql.conf and a reload, or a
 * superuser's SET, which lets tests point a source at a mock server). Keys:
 * PGC_POSTMASTER, superuser-only and hidden from SHOW ALL, defined only when
 * preloaded. Why postmaster-only: on a reload PostgreSQL logs every changed
 * setting with its new value ("parameter ... changed to ..."), which would
 * write a key into the server log; a postmaster-only setting is read at start
 * and a change is only reported as needing a restart, without the value.
 */
#include "postgres.h"

#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/varlena.h"

#include "entropy/sources.h"
#include "pg/guc.h"

const char *const qtcl_qrng_source_names[QTCL_QRNG_NSOURCES] = {
	"anu", "random_org", "qbck", "hotbits", "os"
};

char	   *qtcl_qrng_sources = NULL;
char	   *qtcl_qrng_url[QTCL_QRNG_NSOURCES];
char	   *qtcl_qrng_key[QTCL_QRNG_NSOURCES];
int			qtcl_qrng_min_sources = 0;
int			qtcl_qrng_block_bytes = 1024;
int			qtcl_qrng_connect_timeout_ms = 1000;
int			qtcl_qrng_timeout_ms = 3000;
int			qtcl_qrng_max_response_bytes = 65536;
int			qtcl_mempool_expiry_s = 3 * 3600;
int			qtcl_mempool_max_txs = 10000;
int			qtcl_max_orphan_blocks = 100;

int
qtcl_qrng_source_index(const char *name)
{
	int			i;

	for (i = 0; i < QTCL_QRNG_NSOURCES; i++)
		if (strcmp(name, qtcl_qrng_source_names[i]) == 0)
			return i;
	return -1;
}

/* Parses a source list; false (with GUC_check_errdetail) on an unknown name. */
static bool
parse_sources(const char *value, bool *enabled)
{
	char	   *copy = pstrdup(value);
	List	   *names;
	ListCell   *lc;
	bool		ok = true;

	memset(enabled, 0, sizeof(bool) * QTCL_QRNG_NSOURCES);
	if (!SplitIdentifierString(copy, ',', &names))
	{
		GUC_check_errdetail("List syntax is invalid.");
		ok = false;
	}
	else
	{
		foreach(lc, names)
		{
			int			i = qtcl_qrng_source_index((const char *) lfirst(lc));

			if (i < 0)
			{
				GUC_check_errdetail("Unknown entropy source \"%s\"; the sources are anu, random_org, qbck, hotbits and os.",
									(const char *) lfirst(lc));
				ok = false;
				break;
			}
			enabled[i] = true;
		}
		list_free(names);
	}
	pfree(copy);
	return ok;
}

static bool
check_sources(char **newval, void **extra, GucSource source)
{
	bool		enabled[QTCL_QRNG_NSOURCES];

	return parse_sources(*newval, enabled);
}

bool
qtcl_qrng_source_enabled(int i)
{
	bool		enabled[QTCL_QRNG_NSOURCES];

	if (i < 0 || i >= QTCL_QRNG_NSOURCES || qtcl_qrng_sources == NULL)
		return false;
	return parse_sources(qtcl_qrng_sources, enabled) && enabled[i];
}

static bool
check_url(char **newval, void **extra, GucSource source)
{
	if (*newval == NULL || (*newval)[0] == '\0')
		return true;			/* empty: the source is unusable, and says so */
	if (pg_strncasecmp(*newval, "http://", 7) != 0 && pg_strncasecmp(*newval, "https://", 8) != 0)
	{
		GUC_check_errdetail("An entropy source URL must start with http:// or https://.");
		return false;
	}
	return true;
}

static bool
check_block_bytes(int *newval, void **extra, GucSource source)
{
	if (*newval % 64 != 0)
	{
		GUC_check_errdetail("qtcl.qrng_block_bytes must be a multiple of 64.");
		return false;
	}
	return true;
}

void
qtcl_define_gucs(bool preloading)
{
	int			i;

	DefineCustomStringVariable("qtcl.qrng_sources",
							   "Entropy sources used by refills.",
							   "Comma-separated: anu, random_org, qbck, hotbits, os. os (getrandom) always contributes.",
							   &qtcl_qrng_sources, "anu,random_org,qbck,hotbits,os",
							   PGC_SUSET, GUC_LIST_INPUT, check_sources, NULL, NULL);
	DefineCustomIntVariable("qtcl.qrng_min_sources",
							"Healthy remote entropy sources a draw needs.",
							"0 lets an offline node draw from the operating system alone.",
							&qtcl_qrng_min_sources, 0, 0, QTCL_QRNG_NSOURCES - 1,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("qtcl.qrng_block_bytes",
							"Bytes asked of each source per refill (a multiple of 64).",
							"1024, the default, is the most ANU and QBCK give per request, and passes a fresh source's "
							"SP 800-90B start-up test (1024 samples) in one response.",
							&qtcl_qrng_block_bytes, 1024, 64, 1024,
							PGC_SUSET, 0, check_block_bytes, NULL, NULL);
	DefineCustomIntVariable("qtcl.qrng_connect_timeout_ms",
							"Connect timeout of an entropy source request.",
							NULL, &qtcl_qrng_connect_timeout_ms, 1000, 1, 60000,
							PGC_SUSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomIntVariable("qtcl.qrng_timeout_ms",
							"Total time limit of an entropy source request.",
							"Also ends a response that drips in too slowly.",
							&qtcl_qrng_timeout_ms, 3000, 1, 120000,
							PGC_SUSET, GUC_UNIT_MS, NULL, NULL, NULL);
	DefineCustomIntVariable("qtcl.qrng_max_response_bytes",
							"Largest entropy source response read; a larger one fails.",
							NULL, &qtcl_qrng_max_response_bytes, 65536, 1024, 16 * 1024 * 1024,
							PGC_SUSET, GUC_UNIT_BYTE, NULL, NULL, NULL);

	DefineCustomIntVariable("qtcl.mempool_expiry",
							"Pending transactions older than this are evicted (with their senders' later nonces).",
							NULL, &qtcl_mempool_expiry_s, 3 * 3600, 1, 30 * 24 * 3600,
							PGC_SUSET, GUC_UNIT_S, NULL, NULL, NULL);
	DefineCustomIntVariable("qtcl.mempool_max_txs",
							"Most pending transactions; beyond it the lowest fees are evicted (with their senders' later nonces).",
							"10000 is 100 full blocks, about 17 minutes of the chain's capacity.",
							&qtcl_mempool_max_txs, 10000, 1, 10000000,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("qtcl.max_orphan_blocks",
							"Most blocks held while their parent is unknown; the oldest go first.",
							NULL, &qtcl_max_orphan_blocks, 100, 0, 100000,
							PGC_SUSET, 0, NULL, NULL, NULL);

	for (i = 0; i < QTCL_QRNG_NSOURCES; i++)
	{
		char		name[64];

		/* The public services' real endpoints, from the source table (os has none: no URL or key). */
		const char *default_url = qtcl_source_default_url(qtcl_source_by_name(qtcl_qrng_source_names[i]));

		if (default_url == NULL)
			continue;
		snprintf(name, sizeof(name), "qtcl.qrng_%s_url", qtcl_qrng_source_names[i]);
		DefineCustomStringVariable(MemoryContextStrdup(TopMemoryContext, name),
								   "Base URL of an entropy source.",
								   "http:// or https:// only; tests point it at a local mock server.",
								   &qtcl_qrng_url[i], default_url,
								   PGC_SUSET, 0, check_url, NULL, NULL);
		if (preloading)
		{
			snprintf(name, sizeof(name), "qtcl.qrng_%s_key", qtcl_qrng_source_names[i]);
			DefineCustomStringVariable(MemoryContextStrdup(TopMemoryContext, name),
									   "API key of an entropy source (read at server start; never logged).",
									   NULL, &qtcl_qrng_key[i], "",
									   PGC_POSTMASTER, GUC_SUPERUSER_ONLY | GUC_NO_SHOW_ALL | GUC_NOT_IN_SAMPLE,
									   NULL, NULL, NULL);
		}
	}
}
