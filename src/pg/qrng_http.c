/*
 * qrng_http.c: see qrng_http.h.
 *
 * Response bytes are collected with malloc in curl's write callback, never
 * palloc: an out-of-memory ERROR there would longjmp through libcurl. On any
 * exit, error or interrupt included, the handles are cleaned up; after an
 * error the response buffers are freed too.
 */
#include "postgres.h"

#include <curl/curl.h>

#include "miscadmin.h"
#include "storage/latch.h"
#include "utils/wait_event.h"

#include "pg/qrng_http.h"

typedef struct transfer
{
	qtcl_http_req *req;
	CURL	   *easy;
	struct curl_slist *headers;
	size_t		cap;			/* max_bytes */
	size_t		alloc;
	bool		too_big;
	bool		oom;
} transfer;

static bool curl_ready = false;

static void
ensure_curl(void)
{
	if (!curl_ready)
	{
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			ereport(ERROR, (errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
							errmsg("could not initialise libcurl")));
		curl_ready = true;
	}
}

static size_t
on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	transfer   *t = userdata;
	qtcl_http_req *r = t->req;
	size_t		n = size * nmemb;

	if (r->resp_len + n > t->cap)
	{
		t->too_big = true;
		return 0;				/* makes libcurl abort the transfer */
	}
	if (r->resp_len + n + 1 > t->alloc)
	{
		size_t		want = Max(t->alloc * 2, r->resp_len + n + 1);
		char	   *p;

		want = Min(want, t->cap + 1);
		p = realloc(r->resp, want);
		if (p == NULL)
		{
			t->oom = true;
			return 0;
		}
		r->resp = p;
		t->alloc = want;
	}
	memcpy(r->resp + r->resp_len, ptr, n);
	r->resp_len += n;
	r->resp[r->resp_len] = '\0';
	return n;
}

static void
set_error(qtcl_http_req *r, const char *msg)
{
	strlcpy(r->error, msg, sizeof(r->error));
	r->ok = false;
}

/*
 * Waits until a transfer's socket is ready, curl's own timer is due, or the
 * process latch is set (SIGTERM, reload, a ProcSignalBarrier), at most 100 ms:
 * the sockets are part of the backend's wait, so nothing blocks an interrupt.
 */
static void
wait_for_sockets(CURLM *multi)
{
	fd_set		rd,
				wr,
				ex;
	int			maxfd = -1,
				fd;
	long		curl_ms = -1;
	volatile long timeout = 100;
	WaitEventSet *set;
	WaitEvent	ev;

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_ZERO(&ex);
	if (curl_multi_fdset(multi, &rd, &wr, &ex, &maxfd) != CURLM_OK || maxfd >= FD_SETSIZE)
	{
		curl_multi_poll(multi, NULL, 0, 100, NULL);
		return;
	}
	if (curl_multi_timeout(multi, &curl_ms) == CURLM_OK && curl_ms >= 0)
		timeout = Min(timeout, curl_ms);
	if (maxfd < 0)
	{
		/* No socket yet (resolving, or between retries): just sleep on the latch. */
		(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, Max(timeout, 1), PG_WAIT_EXTENSION);
		ResetLatch(MyLatch);
		return;
	}
	set = CreateWaitEventSet(CurrentMemoryContext, 2 + 2 * (maxfd + 1));
	/* Not tracked by a resource owner in PostgreSQL 15: free it on every exit. */
	PG_TRY();
	{
		AddWaitEventToSet(set, WL_LATCH_SET, PGINVALID_SOCKET, MyLatch, NULL);
		AddWaitEventToSet(set, WL_EXIT_ON_PM_DEATH, PGINVALID_SOCKET, NULL, NULL);
		for (fd = 0; fd <= maxfd; fd++)
		{
			uint32		events = 0;

			if (FD_ISSET(fd, &rd) || FD_ISSET(fd, &ex))
				events |= WL_SOCKET_READABLE;
			if (FD_ISSET(fd, &wr))
				events |= WL_SOCKET_WRITEABLE;
			if (events)
				AddWaitEventToSet(set, events, fd, NULL, NULL);
		}
		if (WaitEventSetWait(set, Max(timeout, 0), &ev, 1, PG_WAIT_EXTENSION) > 0 && (ev.events & WL_LATCH_SET))
			ResetLatch(MyLatch);
	}
	PG_FINALLY();
	{
		FreeWaitEventSet(set);
	}
	PG_END_TRY();
}

static void
cleanup(CURLM *multi, transfer *ts, qtcl_http_req *reqs, int n)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (ts[i].easy)
		{
			curl_multi_remove_handle(multi, ts[i].easy);
			curl_easy_cleanup(ts[i].easy);
		}
		if (ts[i].headers)
			curl_slist_free_all(ts[i].headers);
		if (!reqs[i].ok && reqs[i].error[0] == '\0')
			set_error(&reqs[i], "transfer did not finish");
	}
	curl_multi_cleanup(multi);
	pfree(ts);
}

void
qtcl_http_perform(qtcl_http_req *reqs, int n, int connect_timeout_ms,
				  int total_timeout_ms, size_t max_bytes)
{
	CURLM	   *multi;
	transfer   *ts;
	int			i;

	ensure_curl();
	ts = palloc0(sizeof(transfer) * Max(n, 1));
	multi = curl_multi_init();
	if (multi == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("could not create a libcurl multi handle")));

	PG_TRY();
	{
		int			running = 0;

		for (i = 0; i < n; i++)
		{
			transfer   *t = &ts[i];
			qtcl_http_req *r = &reqs[i];

			t->req = r;
			t->cap = max_bytes;
			r->status = 0;
			r->resp = NULL;
			r->resp_len = 0;
			r->ok = false;
			r->error[0] = '\0';
			t->easy = curl_easy_init();
			if (t->easy == NULL)
			{
				set_error(r, "could not create a transfer");
				continue;
			}
			curl_easy_setopt(t->easy, CURLOPT_URL, r->url);
			curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "http,https");
			curl_easy_setopt(t->easy, CURLOPT_FOLLOWLOCATION, 0L);
			curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
			curl_easy_setopt(t->easy, CURLOPT_CONNECTTIMEOUT_MS, (long) connect_timeout_ms);
			curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, (long) total_timeout_ms);
			curl_easy_setopt(t->easy, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) max_bytes);
			curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, on_data);
			curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
			curl_easy_setopt(t->easy, CURLOPT_USERAGENT, "qtcl/" QTCL_VERSION);
			curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
			if (r->header)
			{
				t->headers = curl_slist_append(NULL, r->header);
				curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
			}
			if (r->method && strcmp(r->method, "POST") == 0)
				curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, r->body ? r->body : "");
			if (curl_multi_add_handle(multi, t->easy) != CURLM_OK)
				set_error(r, "could not start the transfer");
		}

		do
		{
			CURLMsg    *msg;
			int			left;

			if (curl_multi_perform(multi, &running) != CURLM_OK)
				break;
			while ((msg = curl_multi_info_read(multi, &left)) != NULL)
			{
				transfer   *t = NULL;

				if (msg->msg != CURLMSG_DONE)
					continue;
				curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **) &t);
				curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &t->req->status);
				if (msg->data.result == CURLE_OK)
					t->req->ok = true;
				else if (t->too_big || msg->data.result == CURLE_FILESIZE_EXCEEDED)
					set_error(t->req, "response larger than the size cap");
				else if (t->oom)
					set_error(t->req, "out of memory reading the response");
				else
					set_error(t->req, curl_easy_strerror(msg->data.result));
			}
			if (running > 0)
			{
				wait_for_sockets(multi);
				CHECK_FOR_INTERRUPTS();
			}
		} while (running > 0);
	}
	PG_CATCH();
	{
		/* Interrupted (or failed): nothing of this batch survives. */
		cleanup(multi, ts, reqs, n);
		qtcl_http_free(reqs, n);
		PG_RE_THROW();
	}
	PG_END_TRY();
	cleanup(multi, ts, reqs, n);
}

void
qtcl_http_free(qtcl_http_req *reqs, int n)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		free(reqs[i].resp);
		reqs[i].resp = NULL;
		reqs[i].resp_len = 0;
	}
}
