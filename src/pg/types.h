/*
 * types.h: building and comparing qtcl type values from C, for glue that
 * stores or checks them (the beacon, later the chain).
 */
#ifndef QTCL_PG_TYPES_H
#define QTCL_PG_TYPES_H

#include "postgres.h"

/* A density_matrix datum of n qubits from row-major parts (not validated: callers pass valid states). */
Datum		qtcl_density_datum(int n, const double *re, const double *im);

/* Does the density_matrix datum hold exactly these parts (bit for bit)? */
bool		qtcl_density_equals(Datum d, int n, const double *re, const double *im);

/* An hlwe_signature datum from FIPS 204 signature bytes (the length names the parameter set). */
Datum		qtcl_hlwe_signature_datum(const uint8 *sig, size_t len);

/* The FIPS 204 bytes of an hlwe_signature datum (detoasted if needed): sets *bytes, returns the length. */
size_t		qtcl_hlwe_signature_bytes(Datum d, const uint8 **bytes);

/* Does the hlwe_signature datum hold exactly these bytes? */
bool		qtcl_hlwe_signature_equals(Datum d, const uint8 *sig, size_t len);

#endif
