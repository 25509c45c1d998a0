/*
 * vectors.h: reads test vectors flattened by flatten_vectors.pl
 * ("key=value" lines, records separated by "--").
 */
#ifndef QTCL_UNIT_VECTORS_H
#define QTCL_UNIT_VECTORS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VEC_MAX_FIELDS 128

typedef struct vec_record
{
	int			nfields;
	char	   *key[VEC_MAX_FIELDS];
	char	   *val[VEC_MAX_FIELDS];
} vec_record;

/* Opens "<dir>/<name>.vec" where dir is $QTCL_VECTORS (set by the Makefile). */
FILE	   *vec_open(const char *name);

/* Reads the next record; returns 0 at end of file. Frees the previous one. */
int			vec_next(FILE *f, vec_record *r);
void		vec_free(vec_record *r);

/* Field value, or NULL when absent. */
const char *vec_get(const vec_record *r, const char *key);

/* Decodes a hex field into a malloc'd buffer (*len set); NULL when absent or bad. */
uint8_t    *vec_hex(const vec_record *r, const char *key, size_t *len);

/* Decodes a hex string; returns malloc'd bytes or NULL. */
uint8_t    *vec_unhex(const char *hex, size_t *len);

#endif
