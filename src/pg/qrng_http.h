/*
 * qrng_http.h: parallel HTTP(S) requests for the entropy sources, through the
 * libcurl multi interface, bounded in every dimension: http and https only,
 * no redirects, a connect timeout, a total timeout per transfer (which also
 * ends a slow drip), a cap on the response size. The wait is sliced into
 * short polls with CHECK_FOR_INTERRUPTS between them, so a query cancel or
 * shutdown is honoured within a fraction of a second.
 *
 * Errors are described without URLs: a key can sit in a URL path (qbck).
 */
#ifndef QTCL_PG_QRNG_HTTP_H
#define QTCL_PG_QRNG_HTTP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct qtcl_http_req
{
	/* in */
	const char *url;
	const char *method;			/* "GET" or "POST" */
	const char *body;			/* POST body or NULL */
	const char *header;			/* one extra header line ("Name: value") or NULL */
	/* out */
	long		status;			/* HTTP status, 0 if none */
	char	   *resp;			/* response body (malloc'd, NUL-terminated), NULL on failure */
	size_t		resp_len;
	bool		ok;				/* transfer completed (any status) within the limits */
	char		error[96];		/* why not ok */
} qtcl_http_req;

/* Runs n requests in parallel; fills the out fields. May raise only for interrupts. */
void		qtcl_http_perform(qtcl_http_req *reqs, int n, int connect_timeout_ms,
							  int total_timeout_ms, size_t max_bytes);

/* Frees the response buffers of n requests (safe to call twice). */
void		qtcl_http_free(qtcl_http_req *reqs, int n);

#endif
