/*
 * mu.h: the message representative mu = H(tr || M', 64) of FIPS 204
 * (Algorithm 7 line 6, Algorithm 8 line 7), with M' given as pre || msg.
 */
#ifndef QTCL_MLDSA_MU_H
#define QTCL_MLDSA_MU_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/mldsa/params.h"

/* Returns 0, or -1 when hashing failed. */
int			mldsa_compute_mu(const uint8_t tr[MLDSA_TR_BYTES],
							 const uint8_t *pre, size_t prelen,
							 const uint8_t *msg, size_t msglen,
							 uint8_t mu[MLDSA_MU_BYTES]);

#endif
