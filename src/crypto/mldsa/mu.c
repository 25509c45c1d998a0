/* mu.c: see mu.h. */
#include "crypto/sha3.h"
#include "crypto/mldsa/mu.h"

int
mldsa_compute_mu(const uint8_t tr[MLDSA_TR_BYTES],
				 const uint8_t *pre, size_t prelen,
				 const uint8_t *msg, size_t msglen,
				 uint8_t mu[MLDSA_MU_BYTES])
{
	qtcl_hash	h;

	if (qtcl_hash_init(&h, QTCL_SHAKE256) != 0)
		return -1;
	if (qtcl_hash_update(&h, tr, MLDSA_TR_BYTES) != 0 ||
		qtcl_hash_update(&h, pre, prelen) != 0 ||
		qtcl_hash_update(&h, msg, msglen) != 0)
	{
		qtcl_hash_free(&h);
		return -1;
	}
	return qtcl_hash_final(&h, mu, MLDSA_MU_BYTES);
}
