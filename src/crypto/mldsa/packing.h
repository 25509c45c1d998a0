/*
 * packing.h: byte encodings of FIPS 204 section 7.1-7.2 (bit packing,
 * hint packing, pk/sk/signature and w1 encodings).
 */
#ifndef QTCL_MLDSA_PACKING_H
#define QTCL_MLDSA_PACKING_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/mldsa/poly.h"

/* z: BitPack(z, gamma1 - 1, gamma1), 18 or 20 bits per coefficient. */
void		mldsa_pack_z(uint8_t *out, const mldsa_poly *z, int32_t gamma1);
void		mldsa_unpack_z(mldsa_poly *z, const uint8_t *in, int32_t gamma1);

/* w1Encode (Algorithm 28) of one polynomial: SimpleBitPack with 4 or 6 bits. */
void		mldsa_pack_w1(uint8_t *out, const mldsa_poly *w1, unsigned bits);

/* Algorithm 22 / 23. t1 coefficients in [0, 2^10). */
void		mldsa_pk_encode(const mldsa_params *p, uint8_t *pk, const uint8_t rho[32], const mldsa_poly *t1);
void		mldsa_pk_decode(const mldsa_params *p, const uint8_t *pk, uint8_t rho[32], mldsa_poly *t1);

/* Algorithm 24. */
void		mldsa_sk_encode(const mldsa_params *p, uint8_t *sk, const uint8_t rho[32],
							const uint8_t key[32], const uint8_t tr[64],
							const mldsa_poly *s1, const mldsa_poly *s2, const mldsa_poly *t0);

/*
 * Algorithm 25 plus the range check FIPS 204 leaves to the caller: returns 0,
 * or -1 when some coefficient of s1 or s2 lies outside [-eta, eta] (the
 * outputs are then filled but must not be used). Constant time in the data.
 */
int			mldsa_sk_decode(const mldsa_params *p, const uint8_t *sk, uint8_t rho[32],
							uint8_t key[32], uint8_t tr[64],
							mldsa_poly *s1, mldsa_poly *s2, mldsa_poly *t0);

/* Algorithm 26 with HintBitPack (Algorithm 20); h has 0/1 coefficients, at most omega ones. */
void		mldsa_sig_encode(const mldsa_params *p, uint8_t *sig, const uint8_t *ctilde,
							 const mldsa_poly *z, const mldsa_poly *h);

/*
 * Algorithm 27 with HintBitUnpack (Algorithm 21): returns 0, or -1 when the
 * hint encoding is malformed. sig must hold exactly p->sig_bytes; every read
 * stays inside it.
 */
int			mldsa_sig_decode(const mldsa_params *p, const uint8_t *sig, uint8_t *ctilde,
							 mldsa_poly *z, mldsa_poly *h);

/* Algorithm 21 alone on the omega + k hint bytes: 0 or -1 (malformed). */
int			mldsa_hint_unpack(const mldsa_params *p, const uint8_t *y, mldsa_poly *h);

#endif
