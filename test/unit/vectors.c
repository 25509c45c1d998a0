/* vectors.c: see vectors.h */
#include "vectors.h"

#include <stdlib.h>
#include <string.h>

FILE *
vec_open(const char *name)
{
	const char *dir = getenv("QTCL_VECTORS");
	char		path[4096];
	FILE	   *f;

	if (dir == NULL)
		dir = "test/unit/build";
	snprintf(path, sizeof(path), "%s/%s.vec", dir, name);
	f = fopen(path, "r");
	if (f == NULL)
		fprintf(stderr, "cannot open vector file %s\n", path);
	return f;
}

void
vec_free(vec_record *r)
{
	int			i;

	for (i = 0; i < r->nfields; i++)
	{
		free(r->key[i]);
		free(r->val[i]);
	}
	r->nfields = 0;
}

int
vec_next(FILE *f, vec_record *r)
{
	char	   *line = NULL;
	size_t		cap = 0;
	ssize_t		n;
	int			got = 0;

	vec_free(r);
	while ((n = getline(&line, &cap, f)) > 0)
	{
		char	   *eq;

		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (strcmp(line, "--") == 0)
		{
			got = 1;
			break;
		}
		eq = strchr(line, '=');
		if (eq == NULL || r->nfields >= VEC_MAX_FIELDS)
			continue;
		*eq = '\0';
		r->key[r->nfields] = strdup(line);
		r->val[r->nfields] = strdup(eq + 1);
		r->nfields++;
		got = 1;
	}
	free(line);
	return got;
}

const char *
vec_get(const vec_record *r, const char *key)
{
	int			i;

	for (i = 0; i < r->nfields; i++)
		if (strcmp(r->key[i], key) == 0)
			return r->val[i];
	return NULL;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

uint8_t *
vec_unhex(const char *hex, size_t *len)
{
	size_t		n = strlen(hex),
				i;
	uint8_t    *out;

	if (n % 2 != 0)
		return NULL;
	out = malloc(n / 2 + 1);	/* +1: a zero-length result is still non-NULL */
	for (i = 0; i < n / 2; i++)
	{
		int			hi = hexval(hex[2 * i]),
					lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
		{
			free(out);
			return NULL;
		}
		out[i] = (uint8_t) (hi << 4 | lo);
	}
	*len = n / 2;
	return out;
}

uint8_t *
vec_hex(const vec_record *r, const char *key, size_t *len)
{
	const char *v = vec_get(r, key);

	return v ? vec_unhex(v, len) : NULL;
}
