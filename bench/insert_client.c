/*
 * insert_client.c: rows sent by clients, as a wallet or an exchange sends
 * transactions: each client is a process with its own connection that
 * INSERTs one row per statement (autocommit) with the row's six values as
 * text parameters of a prepared INSERT ... VALUES ($1 .. $6).
 *
 *   insert_client CONNINFO TABLE ROWS_FILE CLIENTS PASSES
 *
 * ROWS_FILE: one row per line, six tab-separated values in their text forms
 * (sender_key, recipient, amount, fee, nonce, signature), as psql -At prints
 * them. Client c sends the c-th contiguous slice of the rows, in file order,
 * PASSES times. Every client connects and prepares first; the clock starts
 * when all are ready and stops when the last one is done. Prints rows per
 * second; exits non-zero if any statement failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#define COLS 6

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

/* The file's lines, split in place into COLS fields each. */
static char ***
read_rows(const char *path, int *nrows)
{
	FILE	   *f = fopen(path, "r");
	char	   *line = NULL;
	size_t		cap = 0;
	ssize_t		len;
	char	 ***rows = NULL;
	int			n = 0,
				room = 0;

	if (f == NULL)
	{
		perror(path);
		exit(2);
	}
	while ((len = getline(&line, &cap, f)) > 0)
	{
		char	  **v = malloc(COLS * sizeof(char *));
		char	   *p = strdup(line);
		int			i;

		if (p[len - 1] == '\n')
			p[len - 1] = '\0';
		for (i = 0; i < COLS; i++)
		{
			v[i] = p;
			p = strchr(p, '\t');
			if ((p == NULL) != (i == COLS - 1))
			{
				fprintf(stderr, "insert_client: line %d does not have %d tab-separated values\n", n + 1, COLS);
				exit(2);
			}
			if (p != NULL)
				*p++ = '\0';
		}
		if (n == room)
			rows = realloc(rows, (room = room ? room * 2 : 1024) * sizeof(char **));
		rows[n++] = v;
	}
	free(line);
	fclose(f);
	*nrows = n;
	return rows;
}

static int
client(const char *conninfo, const char *table, char ***rows, int from, int to, int passes, int ready_fd, int go_fd)
{
	PGconn	   *conn = PQconnectdb(conninfo);
	PGresult   *res;
	char		sql[512],
				byte = 0;
	int			pass,
				i;

	if (PQstatus(conn) != CONNECTION_OK)
	{
		fprintf(stderr, "insert_client: %s", PQerrorMessage(conn));
		return 1;
	}
	snprintf(sql, sizeof sql, "INSERT INTO %s (sender_key, recipient, amount, fee, nonce, signature) "
			 "VALUES ($1, $2, $3, $4, $5, $6)", table);
	res = PQprepare(conn, "ins", sql, COLS, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
	{
		fprintf(stderr, "insert_client: prepare: %s", PQerrorMessage(conn));
		return 1;
	}
	PQclear(res);
	if (write(ready_fd, &byte, 1) != 1 || read(go_fd, &byte, 1) != 0)	/* go = the parent closes the pipe */
		return 1;
	for (pass = 0; pass < passes; pass++)
		for (i = from; i < to; i++)
		{
			res = PQexecPrepared(conn, "ins", COLS, (const char *const *) rows[i], NULL, NULL, 0);
			if (PQresultStatus(res) != PGRES_COMMAND_OK)
			{
				fprintf(stderr, "insert_client: row %d: %s", i + 1, PQerrorMessage(conn));
				return 1;
			}
			PQclear(res);
		}
	PQfinish(conn);
	return 0;
}

int
main(int argc, char **argv)
{
	int			nrows,
				clients,
				passes,
				c,
				failed = 0,
				ready[2],
				go[2];
	char	 ***rows;
	char		byte;
	double		t0;

	if (argc != 6 || (clients = atoi(argv[4])) < 1 || (passes = atoi(argv[5])) < 1)
	{
		fprintf(stderr, "usage: insert_client CONNINFO TABLE ROWS_FILE CLIENTS PASSES\n");
		return 2;
	}
	rows = read_rows(argv[3], &nrows);
	if (pipe(ready) != 0 || pipe(go) != 0)
		return 2;
	for (c = 0; c < clients; c++)
	{
		pid_t		pid = fork();

		if (pid < 0)
			return 2;
		if (pid == 0)
		{
			close(go[1]);
			_exit(client(argv[1], argv[2], rows, (int) ((long) nrows * c / clients),
						 (int) ((long) nrows * (c + 1) / clients), passes, ready[1], go[0]));
		}
	}
	close(go[0]);
	close(ready[1]);
	for (c = 0; c < clients; c++)
		if (read(ready[0], &byte, 1) != 1)
		{
			fprintf(stderr, "insert_client: a client did not get ready\n");
			failed = 1;
			break;
		}
	t0 = now();
	close(go[1]);
	for (c = 0; c < clients; c++)
	{
		int			status;

		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed = 1;
	}
	if (failed)
		return 1;
	printf("%.1f\n", (double) nrows * passes / (now() - t0));
	return 0;
}
