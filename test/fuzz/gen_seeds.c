/*
 * gen_seeds.c: writes a small seed corpus for fuzz_mldsa in the harness's
 * input layout: for each parameter set, a valid (pk, signature, context,
 * message) and a few variants (other context lengths, a hedged signature, a
 * signature with the maximum context, short pieces).
 *
 *   gen_seeds DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/mldsa.h"

static int	nfiles;

static void
write_seed(const char *dir, const uint8_t *b, size_t n)
{
	char		path[4096];
	FILE	   *f;

	snprintf(path, sizeof path, "%s/seed-%03d", dir, nfiles++);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(b, 1, n, f) != n)
	{
		perror(path);
		exit(1);
	}
	fclose(f);
}

static void
seed(const char *dir, int lv, int flags, size_t ctxlen, const uint8_t rnd[32], int16_t dpk, int16_t dsig)
{
	const mldsa_params *p = mldsa_params_get((mldsa_level) lv);
	uint8_t		xi[32],
				pk[MLDSA_MAX_PK_BYTES],
				sk[MLDSA_MAX_SK_BYTES],
				sig[MLDSA_MAX_SIG_BYTES],
				ctx[256],
				msg[40];
	uint8_t    *buf = malloc(6 + MLDSA_MAX_SK_BYTES + MLDSA_MAX_SIG_BYTES + 256 + sizeof msg);
	size_t		n = 0;

	memset(xi, 0x30 + lv, sizeof xi);
	memset(ctx, 'c', sizeof ctx);
	memset(msg, 'm', sizeof msg);
	if (mldsa_keygen_internal((mldsa_level) lv, xi, pk, sk) != MLDSA_OK ||
		mldsa_sign((mldsa_level) lv, sk, msg, sizeof msg, ctx, ctxlen, rnd, sig) != MLDSA_OK)
	{
		fprintf(stderr, "seed generation failed\n");
		exit(1);
	}
	buf[n++] = (uint8_t) (lv | flags << 2);
	buf[n++] = (uint8_t) ctxlen;
	buf[n++] = (uint8_t) dpk;
	buf[n++] = (uint8_t) ((uint16_t) dpk >> 8);
	buf[n++] = (uint8_t) dsig;
	buf[n++] = (uint8_t) ((uint16_t) dsig >> 8);
	memcpy(buf + n, pk, p->pk_bytes);
	n += p->pk_bytes;
	memcpy(buf + n, sig, p->sig_bytes);
	n += p->sig_bytes;
	memcpy(buf + n, ctx, ctxlen);
	n += ctxlen;
	memcpy(buf + n, msg, sizeof msg);
	n += sizeof msg;
	write_seed(dir, buf, n);
	free(buf);
	/* the secret key, laid out as flag-2 input */
	if (flags & 2)
	{
		sk[0] = (uint8_t) (lv | flags << 2);
		write_seed(dir, sk, p->sk_bytes);
	}
}

int
main(int argc, char **argv)
{
	uint8_t		zero[32] = {0},
				hedge[32];
	int			lv;

	if (argc != 2)
	{
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	memset(hedge, 0xa5, sizeof hedge);
	for (lv = 0; lv < 3; lv++)
	{
		seed(argv[1], lv, 0, 0, zero, 0, 0);
		seed(argv[1], lv, 0, 7, hedge, 0, 0);
		seed(argv[1], lv, 0, 255, zero, 0, 0);
		seed(argv[1], lv, 1, 255, zero, 0, 0);	/* harness reads 256 context bytes */
		seed(argv[1], lv, 0, 3, zero, -1, 0);
		seed(argv[1], lv, 0, 3, zero, 0, 1);
		seed(argv[1], lv, 2, 3, zero, 0, 0);
	}
	printf("%d seeds written to %s\n", nfiles, argv[1]);
	return 0;
}
