/*
 * gen_decoder_seeds.c: writes a small seed corpus for fuzz_decoders in the
 * harness's input layout (byte 0 = target selector, see fuzz_decoders.c):
 *   0  JSON documents (the four sources' response shapes and some nesting,
 *      escapes and numbers);
 *   1  source responses: valid answers of each source for 16 bytes, plus
 *      refusals (success:false, JSON-RPC error, HotBits invalid key page,
 *      HTTP 500);
 *   2  a valid address (lower and upper case) and BIP-173 / BIP-350 strings;
 *   3  density matrices: text and binary forms (1, 2 and 3 qubits);
 *   4  a transaction, a header, blocks with 1 and 2 transactions and a
 *      beacon round, made with the library's own encoders (ML-DSA-65 keys
 *      from fixed seeds, deterministic signatures).
 *
 *   gen_decoder_seeds DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr/address.h"
#include "beacon/round.h"
#include "beacon/verify.h"
#include "chain/block.h"
#include "chain/header.h"
#include "chain/merkle.h"
#include "chain/tx.h"
#include "crypto/mldsa.h"
#include "crypto/sha3.h"
#include "quantum/density.h"

enum
{
	SEL_JSON = 0,
	SEL_SOURCE = 1,
	SEL_ADDR = 2,
	SEL_DM = 3,
	SEL_CHAIN = 4
};

static const char *outdir;
static int	nfiles;

static void
die(const char *what)
{
	fprintf(stderr, "seed generation failed: %s\n", what);
	exit(1);
}

/* Writes selector byte + b[n]. */
static void
write_seed(int sel, const void *b, size_t n)
{
	char		path[4096];
	FILE	   *f;
	unsigned char s = (unsigned char) sel;

	snprintf(path, sizeof path, "%s/seed-%d-%03d", outdir, sel, nfiles++);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(&s, 1, 1, f) != 1 || (n && fwrite(b, 1, n, f) != n) || fclose(f) != 0)
	{
		perror(path);
		exit(1);
	}
}

static void
write_str(int sel, const char *s)
{
	write_seed(sel, s, strlen(s));
}

/*
 * Source seed: rest[0] = source | status mode << 2 (mode < 48: HTTP 200,
 * 48 + k: the harness's status_table[k]), rest[1..2] = nbytes - 1,
 * rest[3..6] = rpc id, then the body.
 */
static void
write_source(int id, int mode, unsigned nbytes, uint32_t rpc_id, const char *body)
{
	size_t		blen = strlen(body);
	unsigned char *b = malloc(7 + blen);

	if (b == NULL)
		die("malloc");
	b[0] = (unsigned char) (id | mode << 2);
	b[1] = (unsigned char) ((nbytes - 1) >> 8);
	b[2] = (unsigned char) (nbytes - 1);
	b[3] = (unsigned char) (rpc_id >> 24);
	b[4] = (unsigned char) (rpc_id >> 16);
	b[5] = (unsigned char) (rpc_id >> 8);
	b[6] = (unsigned char) rpc_id;
	memcpy(b + 7, body, blen);
	write_seed(SEL_SOURCE, b, 7 + blen);
	free(b);
}

#define U16 "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,255]"
#define H16 "[\"00010203\",\"0405060708090a0b\",\"0C0D0E0F\"]"

static void
json_and_source_seeds(void)
{
	static const char *const docs[] = {
		"{\"success\":true,\"type\":\"uint8\",\"length\":\"16\",\"data\":" U16 "}",
		"{\"jsonrpc\":\"2.0\",\"result\":{\"random\":{\"data\":" U16 ",\"completionTime\":\"2024-01-01 00:00:00Z\"},"
		"\"bitsUsed\":128,\"bitsLeft\":249872,\"requestsLeft\":999,\"advisoryDelay\":1000},\"id\":16909060}",
		"{\"data\":{\"result\":" H16 "},\"error\":null}",
		"{\"version\":\"1.0\",\"schema\":\"https://www.fourmilab.ch/hotbits/\",\"status\":200,"
		"\"requestInformation\":{\"serverVersion\":\"4.0\",\"quotaRequestsRemaining\":99},\"data\":" U16 "}",
		"[1, -2, 3.5e+10, 0, -0.0, 1E-3, 18446744073709551615, 18446744073709551616, true, false, null]",
		"{\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\u0000\",\"u\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}",
		"{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":[[[[[]]]]]}}}},\"a\":1}",
		" \t\r\n{ } ",
		"\"just a string\"",
		"{\"error\":{\"code\":-32000,\"message\":\"x\"},\"result\":{\"random\":{\"data\":[]}}}",
	};
	size_t		i;

	for (i = 0; i < sizeof docs / sizeof docs[0]; i++)
		write_str(SEL_JSON, docs[i]);

	/* valid answers for 16 bytes */
	write_source(0, 0, 16, 0, docs[0]);
	write_source(0, 0, 16, 0, "{\"success\":true,\"type\":\"hex16\",\"length\":3,\"data\":" H16 "}");
	write_source(0, 0, 16, 0, "{\"success\":true,\"type\":\"hex8\",\"length\":16,\"data\":"
				 "[\"00\",\"01\",\"02\",\"03\",\"04\",\"05\",\"06\",\"07\",\"08\",\"09\",\"0a\",\"0b\",\"0c\",\"0d\",\"0e\",\"ff\"]}");
	write_source(1, 0, 16, 16909060, docs[1]);
	write_source(2, 0, 16, 0, docs[2]);
	write_source(3, 0, 16, 0, docs[3]);
	/* refusals and faults */
	write_source(0, 0, 16, 0, "{\"success\":false,\"message\":\"over quota\"}");
	write_source(1, 0, 16, 7, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":401,\"message\":\"bad key\",\"data\":null},\"id\":7}");
	write_source(3, 0, 16, 0, "<html><body>HotBits API Key invalid</body></html>");
	write_source(2, 48 + 11, 16, 0, docs[2]);
	write_source(3, 0, 4, 0, "{\"status\":503,\"data\":[1,2,3,4]}");
	write_source(1, 0, 1, 1, "{\"jsonrpc\":\"2.0\",\"result\":{\"random\":{\"data\":[255]}},\"id\":1}");
}

static void
address_seeds(void)
{
	uint8_t		h[32];
	char		txt[QTCL_ADDR_TEXT_SIZE];
	size_t		i;
	static const char *const vectors[] = {
		/* BIP-173 (bech32) and BIP-350 (bech32m) valid strings */
		"A12UEL5L",
		"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
		"split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
		"a1lqfn3a",
		"abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
		"?1v759aa",
		"an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
	};

	if (qtcl_addr_from_pubkey("alice", 5, h) != QTCL_ADDR_OK)
		die("address hash");
	qtcl_addr_encode(h, txt);
	write_str(SEL_ADDR, txt);
	for (i = 0; txt[i]; i++)
		if (txt[i] >= 'a' && txt[i] <= 'z')
			txt[i] = (char) (txt[i] - 'a' + 'A');
	write_str(SEL_ADDR, txt);
	for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++)
		write_str(SEL_ADDR, vectors[i]);
}

static qtcl_dm dm;

static void
density_seeds(void)
{
	char	   *txt;
	uint8_t    *bin;
	size_t		len;
	int			n;

	write_str(SEL_DM, "{\"n\": 1, \"re\": [0.5, 0, 0, 0.5], \"im\": [0, 0, 0, 0]}");
	write_str(SEL_DM, "{\"im\":[0,-0.5,0.5,0],\"re\":[0.5,0,0,0.5],\"n\":1}");
	for (n = 1; n <= 3; n++)
	{
		if ((n == 2 ? qtcl_dm_ghz_state(&dm, n) : qtcl_dm_w_state(&dm, n)) != QTCL_DM_OK)
			die("density state");
		txt = malloc(qtcl_dm_text_max(n) + 1);
		bin = malloc(qtcl_dm_binary_size(n));
		if (txt == NULL || bin == NULL)
			die("malloc");
		len = qtcl_dm_format(&dm, txt, qtcl_dm_text_max(n) + 1);
		write_seed(SEL_DM, txt, len);
		len = qtcl_dm_to_binary(&dm, bin, qtcl_dm_binary_size(n));
		if (len == 0)
			die("density binary");
		write_seed(SEL_DM, bin, len);
		free(txt);
		free(bin);
	}
}

static qtcl_beacon_work bwork;
static qtcl_beacon_round round1;
static uint8_t opk[QTCL_TX_PK_BYTES],
			osk[QTCL_TX_SK_BYTES],
			apk[QTCL_TX_PK_BYTES],
			ask[QTCL_TX_SK_BYTES];
static qtcl_tx txs[2];
static uint8_t blk[QTCL_BLOCK_FIXED_BYTES + 2 * QTCL_TX_ENCODED_BYTES];

static void
chain_seeds(void)
{
	uint8_t		xi[32],
				s1[32],
				s2[32],
				beacon[QTCL_BEACON_ENCODED_BYTES],
				beacon_hash[32],
				th[2][32],
				hdr[QTCL_HEADER_BYTES],
				txenc[QTCL_TX_ENCODED_BYTES];
	qtcl_block_header h;
	size_t		len;
	uint32_t	i;

	memset(xi, 0x01, 32);
	if (mldsa_keygen_internal(MLDSA_65, xi, opk, osk) != MLDSA_OK)
		die("oracle key");
	memset(xi, 0x07, 32);
	if (mldsa_keygen_internal(MLDSA_65, xi, apk, ask) != MLDSA_OK)
		die("sender key");

	/* beacon round 1 */
	memset(s1, 0x11, 32);
	memset(s2, 0x22, 32);
	if (qtcl_beacon_make(&round1, NULL, s1, s2, INT64_C(1700000000000), 1, osk, opk, &bwork) != QTCL_BEACON_OK)
		die("beacon round");
	qtcl_beacon_encode(&round1, beacon);
	if (qtcl_beacon_round_hash(&round1, beacon_hash) != QTCL_BEACON_OK)
		die("round hash");
	write_seed(SEL_CHAIN, beacon, sizeof beacon);

	/* two transactions */
	for (i = 0; i < 2; i++)
	{
		memset(&txs[i], 0, sizeof txs[i]);
		txs[i].chain_id = 2;
		memcpy(txs[i].sender_pk, apk, QTCL_TX_PK_BYTES);
		qtcl_sha3_256("bob", 3, txs[i].recipient);
		txs[i].amount = 150000000 + i;
		txs[i].fee = 1000;
		txs[i].nonce = i;
		if (qtcl_tx_sign(&txs[i], ask, NULL) != QTCL_TX_OK ||
			qtcl_tx_hash(&txs[i], th[i]) != QTCL_TX_OK)
			die("transaction");
	}
	if (qtcl_tx_encode(&txs[0], txenc) != QTCL_TX_OK)
		die("transaction encoding");
	write_seed(SEL_CHAIN, txenc, sizeof txenc);

	/* header */
	memset(&h, 0, sizeof h);
	h.version = QTCL_HEADER_VERSION;
	h.chain_id = 2;
	h.height = 1;
	memset(h.parent, 0xAA, 32);
	h.timestamp_ms = INT64_C(1700000010000);
	h.target_compact = 0x207fffff;
	qtcl_sha3_256("miner", 5, h.miner);
	memcpy(h.beacon_round_hash, beacon_hash, 32);
	h.nonce = 3;
	for (i = 1; i <= 2; i++)
	{
		if (qtcl_merkle_root((const uint8_t (*)[32]) th, i, h.merkle_root) != QTCL_MERKLE_OK)
			die("merkle root");
		if (qtcl_block_encode(&h, beacon, INT64_C(5000000000) + 1000 * i, txs, i,
							  blk, sizeof blk, &len, NULL) != QTCL_BLOCK_OK)
			die("block encoding");
		write_seed(SEL_CHAIN, blk, len);
	}
	qtcl_header_encode(&h, hdr);
	write_seed(SEL_CHAIN, hdr, sizeof hdr);
	/* a block with no transactions */
	qtcl_block_encode_prefix(&h, beacon, INT64_C(5000000000), 0, blk);
	write_seed(SEL_CHAIN, blk, QTCL_BLOCK_FIXED_BYTES);
}

int
main(int argc, char **argv)
{
	if (argc != 2)
	{
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	outdir = argv[1];
	json_and_source_seeds();
	address_seeds();
	density_seeds();
	chain_seeds();
	printf("%d seeds written to %s\n", nfiles, outdir);
	return 0;
}
