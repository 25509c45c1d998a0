/*
 * fuzz_mldsa.c: libFuzzer harness for the ML-DSA decoders and verification.
 *
 * Input layout (every field is taken from the input, so the fuzzer controls
 * the parameter set, the lengths and the split points):
 *   byte 0     parameter set (value mod 3) and flags (bits 2-7)
 *   byte 1     context length (0..255; flag bit 2 adds 1, making 256 possible)
 *   bytes 2-3  signed 16-bit change to the public-key length (0 = exact)
 *   bytes 4-5  signed 16-bit change to the signature length (0 = exact)
 *   then       public key, signature, context, and the rest is the message
 * A field is cut short when the input runs out. Every piece is copied into a
 * heap buffer of exactly its length, so AddressSanitizer reports any read
 * past the length the library was given. Flag bit 3 also feeds the bytes as
 * an expanded secret key to pk_from_sk and sign (must refuse out-of-range
 * s1/s2 without reading past sk_bytes). Flag bit 4 picks the portable back end
 * instead of AVX2 (when the CPU has it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/mldsa.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *
take(const uint8_t **p, size_t *left, size_t want, size_t *got)
{
	size_t		n = want < *left ? want : *left;
	uint8_t    *b = malloc(n ? n : 1);

	if (n)
		memcpy(b, *p, n);
	*p += n;
	*left -= n;
	*got = n;
	return b;
}

static size_t
adjust(size_t base, const uint8_t *d)
{
	int			delta = (int16_t) (d[0] | d[1] << 8);
	long		v = (long) base + delta;

	return v < 0 ? 0 : (size_t) v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const mldsa_params *p;
	mldsa_level lv;
	const uint8_t *cur;
	size_t		left,
				pklen,
				siglen,
				ctxlen,
				msglen;
	uint8_t    *pk,
			   *sig,
			   *ctx,
			   *msg;
	int			flags,
				ok,
				ok_int;

	if (size < 6)
		return 0;
	lv = (mldsa_level) (data[0] % 3);
	flags = data[0] >> 2;
	p = mldsa_params_get(lv);
	mldsa_set_impl(!(flags & 4));
	cur = data + 6;
	left = size - 6;

	pk = take(&cur, &left, adjust(p->pk_bytes, data + 2), &pklen);
	sig = take(&cur, &left, adjust(p->sig_bytes, data + 4), &siglen);
	ctx = take(&cur, &left, (size_t) data[1] + (flags & 1), &ctxlen);
	msg = take(&cur, &left, left, &msglen);

	(void) mldsa_level_by_pk_len(pklen);
	(void) mldsa_level_by_sig_len(siglen);
	(void) mldsa_pk_decodes(lv, pk, pklen);
	(void) mldsa_sig_decodes(lv, sig, siglen);
	ok = mldsa_verify(lv, pk, pklen, msg, msglen, ctx, ctxlen, sig, siglen);
	ok_int = mldsa_verify_internal(lv, pk, pklen, ctx, ctxlen, msg, msglen, sig, siglen);
	/* A verifying signature must have decoded; lengths must match exactly. */
	if ((ok || ok_int) && (!mldsa_sig_decodes(lv, sig, siglen) || pklen != p->pk_bytes))
		abort();
	if (ctxlen > MLDSA_MAX_CTX_BYTES && ok)
		abort();

	/* The whole input as an expanded secret key, when it is long enough. */
	if ((flags & 2) && size >= p->sk_bytes)
	{
		uint8_t    *sk = malloc(p->sk_bytes);
		uint8_t		out[MLDSA_MAX_SIG_BYTES];
		uint8_t		rnd[MLDSA_RND_BYTES] = {0};
		mldsa_status st;

		memcpy(sk, data, p->sk_bytes);
		st = mldsa_pk_from_sk(lv, sk, out);
		if (st != MLDSA_OK && st != MLDSA_ERR_BAD_KEY)
			abort();
		st = mldsa_sign(lv, sk, msg, msglen, ctx, ctxlen, rnd, out);
		if (st == MLDSA_OK && ctxlen > MLDSA_MAX_CTX_BYTES)
			abort();
		free(sk);
	}
	free(pk);
	free(sig);
	free(ctx);
	free(msg);
	return 0;
}
