/*
 * guc.h: qtcl's settings (all under the reserved "qtcl." prefix).
 * Documented in README.md, "Configuration".
 */
#ifndef QTCL_PG_GUC_H
#define QTCL_PG_GUC_H

#define QTCL_QRNG_NSOURCES 5

/* Source names in settings order: anu, random_org, qbck, hotbits, os. */
extern const char *const qtcl_qrng_source_names[QTCL_QRNG_NSOURCES];

extern char *qtcl_qrng_sources;	/* comma-separated enabled sources */
extern char *qtcl_qrng_url[QTCL_QRNG_NSOURCES];	/* os: unused */
extern char *qtcl_qrng_key[QTCL_QRNG_NSOURCES];	/* NULL unless preloaded */
extern int	qtcl_qrng_min_sources;
extern int	qtcl_qrng_block_bytes;
extern int	qtcl_qrng_connect_timeout_ms;
extern int	qtcl_qrng_timeout_ms;
extern int	qtcl_qrng_max_response_bytes;

extern int	qtcl_mempool_expiry_s;		/* qtcl.mempool_expiry */
extern int	qtcl_mempool_max_txs;		/* qtcl.mempool_max_txs */
extern int	qtcl_max_orphan_blocks;		/* qtcl.max_orphan_blocks */

void		qtcl_define_gucs(bool preloading);

/* Index in qtcl_qrng_source_names, or -1. */
int			qtcl_qrng_source_index(const char *name);

/* Is source i listed in qtcl.qrng_sources? */
bool		qtcl_qrng_source_enabled(int i);

#endif
