/*
 * test_chain_tx.c: transaction encoding, signing, hashing and stateless checks.
 *
 * - round trips (struct -> bytes -> struct -> bytes);
 * - every decoding refusal, at its boundary (nonce 2^63-1 / 2^63, amount 0 / 1,
 *   fee -1 / 0, amount + fee = MAX_MONEY / MAX_MONEY + 1, INT64 overflow);
 * - the documented order of the stateless error codes (transactions with two
 *   faults report the earlier one);
 * - tampering: a bit flipped in any of the 5328 encoded bytes makes the
 *   transaction either undecodable or unverifiable, and changing any field
 *   through the struct breaks the signature;
 * - independent recomputation: the signing message, the encoding and the tx
 *   hash are assembled by hand here and hashed with qtcl_sha3_256, and the
 *   signature is checked with mldsa_verify directly;
 * - the known answers of docs/PROTOCOL.tx.md.
 */
#include <stdlib.h>

#include "addr/address.h"
#include "chain/money.h"
#include "chain/tx.h"
#include "crypto/mldsa.h"
#include "crypto/sha3.h"
#include "unit.h"

/* Known answers (docs/PROTOCOL.tx.md, "Test vectors"). */
#define KAT_PK_SHA3		"fc24452a6a4cd77f74643b2cb0a7dfd658b3874c37e7a23fae9fc7e2ec0978fc"
#define KAT_BOB			"b5d577dc9ce59725e29886632e69ecdf3b6ca49c0a14f4315a2404fc1508672d"
#define KAT_MSG_SHA3	"aa3bc2ad1bf2695e567f6c8e9aed55f846fbc105cea678711effac110a60f499"
#define KAT_SIG_SHA3	"2a6ee2b0cacfe4631dd05fa5f681e7cae9ac01d63a0b6655dfdc24928ba5f687"
#define KAT_TXHASH0		"0636f24cb4a9e26c2c650cf10a3f911c97f3bb8ce78929f41fc371a588566577"
#define KAT_TXHASH1		"d2d9843793f68d2fc7751883ebdaac3706f487c844788a43f674e3e0b6baf0dd"
#define KAT_TXHASH2		"bb61335a4561077891f949cf352b236a0aeeac8300f4666f138831e74d8c8ca6"

static uint8_t pk[QTCL_TX_PK_BYTES];
static uint8_t sk[QTCL_TX_SK_BYTES];
static uint8_t pk2[QTCL_TX_PK_BYTES];
static uint8_t sk2[QTCL_TX_SK_BYTES];
static uint8_t bob[32];

static void
hex2bin(const char *hex, uint8_t *out, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		unsigned	v = 0;

		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t) v;
	}
}

static void
print_hex(const char *label, const uint8_t *p, size_t n)
{
	size_t		i;

	printf("# %s = ", label);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

/* Big-endian writers of the test's own, independent of tx.c. */
static void
be(uint8_t *p, uint64_t v, int bytes)
{
	int			i;

	for (i = bytes - 1; i >= 0; i--)
	{
		p[i] = (uint8_t) (v & 0xff);
		v >>= 8;
	}
}

/* The vector transaction, nonce as given, unsigned. */
static void
make_tx(qtcl_tx *tx, uint64_t nonce)
{
	memset(tx, 0, sizeof *tx);
	tx->chain_id = 1;
	memcpy(tx->sender_pk, pk, sizeof pk);
	memcpy(tx->recipient, bob, sizeof bob);
	tx->amount = 150000000;
	tx->fee = 1000;
	tx->nonce = nonce;
}

/* Hand-assembled encoding (sig may be NULL: then only the 2019-byte message). */
static size_t
hand_encode(uint32_t chain, const uint8_t *spk, const uint8_t *rcpt, int64_t amount, int64_t fee,
			uint64_t nonce, const uint8_t *sig, uint8_t *out)
{
	size_t		o = 0;

	memcpy(out, "QTCLTX", 6);
	o = 6;
	out[o++] = 1;
	be(out + o, chain, 4);
	o += 4;
	memcpy(out + o, spk, 1952);
	o += 1952;
	memcpy(out + o, rcpt, 32);
	o += 32;
	be(out + o, (uint64_t) amount, 8);
	o += 8;
	be(out + o, (uint64_t) fee, 8);
	o += 8;
	be(out + o, nonce, 8);
	o += 8;
	if (sig)
	{
		memcpy(out + o, sig, 3309);
		o += 3309;
	}
	return o;
}

static void
setup(void)
{
	uint8_t		xi[32],
				h[32];

	memset(xi, 7, sizeof xi);
	CHECK(mldsa_keygen_internal(MLDSA_65, xi, pk, sk) == MLDSA_OK, "ML-DSA-65 key from xi = 07 * 32");
	memset(xi, 8, sizeof xi);
	CHECK(mldsa_keygen_internal(MLDSA_65, xi, pk2, sk2) == MLDSA_OK, "second key from xi = 08 * 32");
	CHECK(qtcl_sha3_256("bob", 3, bob) == 0, "recipient = SHA3-256(\"bob\")");
	qtcl_sha3_256(pk, sizeof pk, h);
	print_hex("SHA3-256(pk)", h, 32);
	print_hex("recipient", bob, 32);
}

static void
constants(void)
{
	CHECK(QTCL_TX_ENCODED_BYTES == 5328 && QTCL_TX_SIGNED_BYTES == 2019, "sizes 5328 / 2019");
	CHECK(QTCL_TX_OFF_SIG == 6 + 1 + 4 + 1952 + 32 + 8 + 8 + 8, "signature offset");
	CHECK(mldsa_params_get(MLDSA_65)->pk_bytes == QTCL_TX_PK_BYTES &&
		  mldsa_params_get(MLDSA_65)->sk_bytes == QTCL_TX_SK_BYTES &&
		  mldsa_params_get(MLDSA_65)->sig_bytes == QTCL_TX_SIG_BYTES, "ML-DSA-65 sizes match");
	CHECK(strlen(QTCL_TX_CONTEXT) == QTCL_TX_CONTEXT_BYTES, "context length");
}

static void
known_answers(void)
{
	qtcl_tx		tx;
	uint8_t		msg[QTCL_TX_SIGNED_BYTES],
				hand[QTCL_TX_ENCODED_BYTES],
				enc[QTCL_TX_ENCODED_BYTES],
				h[32],
				want[32];
	const char *txkat[3] = {KAT_TXHASH0, KAT_TXHASH1, KAT_TXHASH2};
	uint64_t	nonce;

	qtcl_sha3_256(pk, sizeof pk, h);
	hex2bin(KAT_PK_SHA3, want, 32);
	CHECK_BYTES(h, 32, want, 32, "KAT: SHA3-256 of the public key from xi = 07*32");
	hex2bin(KAT_BOB, want, 32);
	CHECK_BYTES(bob, 32, want, 32, "KAT: recipient SHA3-256(\"bob\")");

	make_tx(&tx, 0);
	CHECK(qtcl_tx_signing_message(1, pk, bob, 150000000, 1000, 0, msg) == QTCL_TX_OK, "signing message");
	CHECK(hand_encode(1, pk, bob, 150000000, 1000, 0, NULL, hand) == 2019, "hand-assembled message is 2019 bytes");
	CHECK_BYTES(msg, sizeof msg, hand, 2019, "signing message == hand-assembled bytes");
	qtcl_sha3_256(msg, sizeof msg, h);
	print_hex("SHA3-256(signing message)", h, 32);
	hex2bin(KAT_MSG_SHA3, want, 32);
	CHECK_BYTES(h, 32, want, 32, "KAT: SHA3-256 of the signing message");

	for (nonce = 0; nonce < 3; nonce++)
	{
		make_tx(&tx, nonce);
		CHECK(qtcl_tx_sign(&tx, sk, NULL) == QTCL_TX_OK, "nonce %d: deterministic signing", (int) nonce);
		CHECK(qtcl_tx_encode(&tx, enc) == QTCL_TX_OK, "nonce %d: encode", (int) nonce);
		CHECK(hand_encode(1, pk, bob, 150000000, 1000, nonce, tx.signature, hand) == 5328,
			  "nonce %d: hand-assembled encoding is 5328 bytes", (int) nonce);
		CHECK_BYTES(enc, sizeof enc, hand, 5328, "nonce %d: encoding == hand-assembled bytes", (int) nonce);
		/* The signature, checked directly with ML-DSA over the hand-assembled message. */
		CHECK(mldsa_verify(MLDSA_65, pk, 1952, hand, 2019, (const uint8_t *) "qtcl-tx-v1", 10,
						   hand + 2019, 3309) == 1, "nonce %d: mldsa_verify accepts the signature", (int) nonce);
		if (nonce == 0)
		{
			qtcl_sha3_256(tx.signature, sizeof tx.signature, h);
			print_hex("SHA3-256(signature, nonce 0)", h, 32);
			hex2bin(KAT_SIG_SHA3, want, 32);
			CHECK_BYTES(h, 32, want, 32, "KAT: SHA3-256 of the deterministic signature");
		}
		qtcl_sha3_256(hand, 5328, want);
		CHECK(qtcl_tx_hash(&tx, h) == QTCL_TX_OK, "nonce %d: tx hash", (int) nonce);
		CHECK_BYTES(h, 32, want, 32, "nonce %d: tx hash == SHA3-256(hand-assembled encoding)", (int) nonce);
		print_hex(nonce == 0 ? "tx hash nonce 0" : nonce == 1 ? "tx hash nonce 1" : "tx hash nonce 2", h, 32);
		hex2bin(txkat[nonce], want, 32);
		CHECK_BYTES(h, 32, want, 32, "KAT: tx hash, nonce %d", (int) nonce);
	}
}

static void
round_trip(void)
{
	qtcl_tx		tx,
				back;
	uint8_t		enc[QTCL_TX_ENCODED_BYTES],
				enc2[QTCL_TX_ENCODED_BYTES],
				a[32],
				b[32];
	int			rc;

	make_tx(&tx, 42);
	tx.chain_id = 0xfedcba98u;
	tx.amount = QTCL_MAX_MONEY - 7;
	tx.fee = 7;
	tx.nonce = QTCL_TX_NONCE_LIMIT - 1;
	CHECK(qtcl_tx_sign(&tx, sk, NULL) == QTCL_TX_OK, "sign extreme-valued transaction");
	CHECK(qtcl_tx_encode(&tx, enc) == QTCL_TX_OK, "encode");
	memset(&back, 0xa5, sizeof back);
	rc = qtcl_tx_decode(enc, sizeof enc, &back);
	CHECK(rc == QTCL_TX_OK, "decode (%s)", qtcl_tx_strerror(rc));
	CHECK(back.chain_id == tx.chain_id && back.amount == tx.amount && back.fee == tx.fee &&
		  back.nonce == tx.nonce && memcmp(back.sender_pk, tx.sender_pk, sizeof pk) == 0 &&
		  memcmp(back.recipient, tx.recipient, 32) == 0 &&
		  memcmp(back.signature, tx.signature, sizeof tx.signature) == 0, "decoded fields equal");
	CHECK(qtcl_tx_encode(&back, enc2) == QTCL_TX_OK, "re-encode");
	CHECK_BYTES(enc2, sizeof enc2, enc, sizeof enc, "re-encoding is identical");
	CHECK(qtcl_tx_check_stateless(&back, 0xfedcba98u, 7, NULL) == QTCL_TX_OK, "decoded tx passes the stateless checks");
	CHECK(enc[7] == 0xfe && enc[10] == 0x98, "chain id is big-endian");
	CHECK(enc[QTCL_TX_OFF_NONCE] == 0x7f && enc[QTCL_TX_OFF_NONCE + 7] == 0xff, "nonce 2^63-1 big-endian");

	CHECK(qtcl_tx_sender_address(&tx, a) == QTCL_TX_OK && qtcl_addr_from_pubkey(pk, sizeof pk, b) == QTCL_ADDR_OK,
		  "sender address computes");
	CHECK_BYTES(a, 32, b, 32, "sender address == qtcl_addr_from_pubkey(pk)");
}

/* Encode a valid signed tx, patch bytes, decode: expect code. */
static void
expect_decode(const uint8_t *enc, size_t off, const uint8_t *patch, size_t plen, int want, const char *what)
{
	uint8_t		buf[QTCL_TX_ENCODED_BYTES];
	qtcl_tx		tx;
	int			rc;

	memcpy(buf, enc, sizeof buf);
	memcpy(buf + off, patch, plen);
	rc = qtcl_tx_decode(buf, sizeof buf, &tx);
	CHECK(rc == want, "decode %s -> %d (%s), want %d", what, rc, qtcl_tx_strerror(rc), want);
}

static void
decode_refusals(void)
{
	qtcl_tx		tx;
	uint8_t		enc[QTCL_TX_ENCODED_BYTES],
				big[QTCL_TX_ENCODED_BYTES + 1],
				v[8];
	int			i,
				rc;

	make_tx(&tx, 0);
	qtcl_tx_sign(&tx, sk, NULL);
	qtcl_tx_encode(&tx, enc);

	CHECK(qtcl_tx_decode(enc, 0, &tx) == QTCL_TX_ERR_TRUNCATED, "empty input: truncated");
	CHECK(qtcl_tx_decode(NULL, 0, &tx) == QTCL_TX_ERR_TRUNCATED, "NULL, 0: truncated");
	CHECK(qtcl_tx_decode(enc, sizeof enc - 1, &tx) == QTCL_TX_ERR_TRUNCATED, "5327 bytes: truncated");
	CHECK(qtcl_tx_decode(enc, QTCL_TX_SIGNED_BYTES, &tx) == QTCL_TX_ERR_TRUNCATED, "message only: truncated");
	memcpy(big, enc, sizeof enc);
	big[sizeof enc] = 0;
	CHECK(qtcl_tx_decode(big, sizeof big, &tx) == QTCL_TX_ERR_TRAILING, "5329 bytes: trailing byte refused");
	CHECK(qtcl_tx_decode(enc, sizeof enc, NULL) == QTCL_TX_ERR_ARGUMENT, "NULL output: argument");
	CHECK(qtcl_tx_decode(NULL, 5328, &tx) == QTCL_TX_ERR_ARGUMENT, "NULL input: argument");

	for (i = 0; i < 6; i++)
	{
		uint8_t		b = enc[i] ^ 0x20;	/* e.g. lower case */

		expect_decode(enc, i, &b, 1, QTCL_TX_ERR_MAGIC, "magic byte changed");
	}
	v[0] = 0;
	expect_decode(enc, 6, v, 1, QTCL_TX_ERR_VERSION, "version 0");
	v[0] = 2;
	expect_decode(enc, 6, v, 1, QTCL_TX_ERR_VERSION, "version 2");
	v[0] = 0xff;
	expect_decode(enc, 6, v, 1, QTCL_TX_ERR_VERSION, "version 255");

	be(v, UINT64_C(1) << 63, 8);
	expect_decode(enc, QTCL_TX_OFF_NONCE, v, 8, QTCL_TX_ERR_NONCE, "nonce 2^63");
	be(v, UINT64_MAX, 8);
	expect_decode(enc, QTCL_TX_OFF_NONCE, v, 8, QTCL_TX_ERR_NONCE, "nonce 2^64-1");
	be(v, (UINT64_C(1) << 63) - 1, 8);
	expect_decode(enc, QTCL_TX_OFF_NONCE, v, 8, QTCL_TX_OK, "nonce 2^63-1 decodes");

	be(v, 0, 8);
	expect_decode(enc, QTCL_TX_OFF_AMOUNT, v, 8, QTCL_TX_ERR_AMOUNT, "amount 0");
	be(v, (uint64_t) -1, 8);
	expect_decode(enc, QTCL_TX_OFF_AMOUNT, v, 8, QTCL_TX_ERR_AMOUNT, "amount -1");
	be(v, UINT64_C(1) << 63, 8);
	expect_decode(enc, QTCL_TX_OFF_AMOUNT, v, 8, QTCL_TX_ERR_AMOUNT, "amount INT64_MIN");
	be(v, 1, 8);
	expect_decode(enc, QTCL_TX_OFF_AMOUNT, v, 8, QTCL_TX_OK, "amount 1 decodes");

	be(v, (uint64_t) -1, 8);
	expect_decode(enc, QTCL_TX_OFF_FEE, v, 8, QTCL_TX_ERR_FEE_NEGATIVE, "fee -1");
	be(v, UINT64_C(1) << 63, 8);
	expect_decode(enc, QTCL_TX_OFF_FEE, v, 8, QTCL_TX_ERR_FEE_NEGATIVE, "fee INT64_MIN");
	be(v, 0, 8);
	expect_decode(enc, QTCL_TX_OFF_FEE, v, 8, QTCL_TX_OK, "fee 0 decodes");

	{
		uint8_t		af[16];

		be(af, (uint64_t) (QTCL_MAX_MONEY - 1000), 8);
		be(af + 8, 1000, 8);
		expect_decode(enc, QTCL_TX_OFF_AMOUNT, af, 16, QTCL_TX_OK, "amount + fee = MAX_MONEY decodes");
		be(af + 8, 1001, 8);
		expect_decode(enc, QTCL_TX_OFF_AMOUNT, af, 16, QTCL_TX_ERR_MONEY_RANGE, "amount + fee = MAX_MONEY + 1");
		be(af, (uint64_t) (QTCL_MAX_MONEY + 1), 8);
		be(af + 8, 0, 8);
		expect_decode(enc, QTCL_TX_OFF_AMOUNT, af, 16, QTCL_TX_ERR_MONEY_RANGE, "amount MAX_MONEY + 1, fee 0");
		be(af, 1, 8);
		be(af + 8, (uint64_t) QTCL_MAX_MONEY, 8);
		expect_decode(enc, QTCL_TX_OFF_AMOUNT, af, 16, QTCL_TX_ERR_MONEY_RANGE, "amount 1, fee MAX_MONEY");
		be(af, (uint64_t) INT64_MAX, 8);
		be(af + 8, (uint64_t) INT64_MAX, 8);
		expect_decode(enc, QTCL_TX_OFF_AMOUNT, af, 16, QTCL_TX_ERR_MONEY_RANGE, "amount = fee = INT64_MAX (overflow)");
		be(af, (uint64_t) INT64_MAX, 8);
		be(af + 8, 1, 8);
		expect_decode(enc, QTCL_TX_OFF_AMOUNT, af, 16, QTCL_TX_ERR_MONEY_RANGE, "amount INT64_MAX + fee 1");
		/* two faults: the earlier check wins */
		be(af, 0, 8);
		be(af + 8, (uint64_t) -1, 8);
		expect_decode(enc, QTCL_TX_OFF_AMOUNT, af, 16, QTCL_TX_ERR_AMOUNT, "amount 0 and fee -1: amount first");
	}
	{
		uint8_t		buf[QTCL_TX_ENCODED_BYTES];

		memcpy(buf, enc, sizeof buf);
		buf[0] = 'X';
		buf[6] = 9;
		rc = qtcl_tx_decode(buf, sizeof buf, &tx);
		CHECK(rc == QTCL_TX_ERR_MAGIC, "bad magic and version: magic first");
		memcpy(buf, enc, sizeof buf);
		buf[6] = 9;
		be(buf + QTCL_TX_OFF_AMOUNT, 0, 8);
		CHECK(qtcl_tx_decode(buf, sizeof buf, &tx) == QTCL_TX_ERR_VERSION, "bad version and amount: version first");
		CHECK(qtcl_tx_decode(buf, sizeof buf - 1, &tx) == QTCL_TX_ERR_TRUNCATED, "short and bad version: length first");
	}
	/* Encoding refuses the same values (nothing undecodable is ever produced). */
	{
		uint8_t		out[QTCL_TX_ENCODED_BYTES];
		uint8_t		msg[QTCL_TX_SIGNED_BYTES];

		memset(out, 0x5a, sizeof out);
		make_tx(&tx, UINT64_C(1) << 63);
		CHECK(qtcl_tx_encode(&tx, out) == QTCL_TX_ERR_NONCE && out[0] == 0x5a, "encode refuses nonce 2^63, writes nothing");
		make_tx(&tx, 0);
		tx.amount = 0;
		CHECK(qtcl_tx_encode(&tx, out) == QTCL_TX_ERR_AMOUNT, "encode refuses amount 0");
		CHECK(qtcl_tx_hash(&tx, out) == QTCL_TX_ERR_AMOUNT, "hash refuses amount 0");
		CHECK(qtcl_tx_sign(&tx, sk, NULL) == QTCL_TX_ERR_AMOUNT, "sign refuses amount 0");
		CHECK(qtcl_tx_verify_signature(&tx) == 0, "verify says 0 for amount 0");
		tx.amount = 1;
		tx.fee = -1;
		CHECK(qtcl_tx_encode(&tx, out) == QTCL_TX_ERR_FEE_NEGATIVE, "encode refuses fee -1");
		tx.fee = QTCL_MAX_MONEY;
		CHECK(qtcl_tx_encode(&tx, out) == QTCL_TX_ERR_MONEY_RANGE, "encode refuses amount + fee > MAX");
		CHECK(qtcl_tx_signing_message(1, pk, bob, 0, 0, 0, msg) == QTCL_TX_ERR_AMOUNT, "signing message refuses amount 0");
		CHECK(qtcl_tx_signing_message(1, pk, bob, 1, -1, 0, msg) == QTCL_TX_ERR_FEE_NEGATIVE, "signing message refuses fee -1");
		CHECK(qtcl_tx_signing_message(1, pk, bob, 1, 0, UINT64_MAX, msg) == QTCL_TX_ERR_NONCE, "signing message refuses nonce 2^64-1");
		CHECK(qtcl_tx_signing_message(1, pk, bob, INT64_MAX, 1, 0, msg) == QTCL_TX_ERR_MONEY_RANGE, "signing message refuses overflow");
		CHECK(qtcl_tx_signing_message(1, NULL, bob, 1, 0, 0, msg) == QTCL_TX_ERR_ARGUMENT, "signing message: NULL pk");
		CHECK(qtcl_tx_encode(NULL, out) == QTCL_TX_ERR_ARGUMENT, "encode NULL");
	}
}

static void
stateless_order(void)
{
	qtcl_tx		good,
				tx;
	int			code = -1,
				rc;
	char		msg[QTCL_TX_MESSAGE_SIZE];

	make_tx(&good, 5);
	CHECK(qtcl_tx_sign(&good, sk, NULL) == QTCL_TX_OK, "sign");
	rc = qtcl_tx_check_stateless(&good, 1, 1000, &code);
	CHECK(rc == QTCL_TX_OK && code == QTCL_TX_OK, "valid tx passes; fee == minimum accepted");
	CHECK(qtcl_tx_check_stateless(&good, 1, 0, NULL) == QTCL_TX_OK, "min fee 0, code NULL");
	CHECK(qtcl_tx_check_stateless(&good, 1, -50, NULL) == QTCL_TX_OK, "negative min fee = no minimum");
	CHECK(qtcl_tx_check_stateless(NULL, 1, 0, &code) == QTCL_TX_ERR_ARGUMENT && code == QTCL_TX_ERR_ARGUMENT, "NULL tx");

	/* Each code alone. */
	tx = good;
	tx.nonce = UINT64_C(1) << 63;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_NONCE && code == QTCL_TX_ERR_NONCE, "nonce 2^63: malformed");
	CHECK(qtcl_tx_check_stateless(&good, 2, 0, &code) == QTCL_TX_ERR_CHAIN_ID, "expected chain 2: wrong chain id");
	qtcl_tx_describe(code, &good, 2, 0, msg, sizeof msg);
	CHECK(strcmp(msg, "wrong chain id 1 (this chain is 2)") == 0, "message: %s", msg);
	tx = good;
	tx.amount = 0;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_AMOUNT, "amount 0");
	qtcl_tx_describe(code, &tx, 1, 0, msg, sizeof msg);
	CHECK(strcmp(msg, "amount 0 is not positive (must be at least 1 base unit)") == 0, "message: %s", msg);
	tx.amount = -3;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_AMOUNT, "amount -3");
	tx = good;
	tx.fee = -1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_FEE_NEGATIVE, "fee -1");
	qtcl_tx_describe(code, &tx, 1, 0, msg, sizeof msg);
	CHECK(strcmp(msg, "fee -1 is negative (must be at least 0)") == 0, "message: %s", msg);
	tx = good;
	tx.fee = 5;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 10, &code) == QTCL_TX_ERR_FEE_TOO_LOW, "fee 5, minimum 10");
	qtcl_tx_describe(code, &tx, 1, 10, msg, sizeof msg);
	CHECK(strcmp(msg, "fee 5 below the minimum 10") == 0, "message: %s", msg);
	CHECK(qtcl_tx_check_stateless(&good, 1, 1001, &code) == QTCL_TX_ERR_FEE_TOO_LOW, "fee 1000, minimum 1001");
	tx = good;
	tx.amount = QTCL_MAX_MONEY;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_MONEY_RANGE, "amount MAX + fee 1000");
	qtcl_tx_describe(code, &tx, 1, 0, msg, sizeof msg);
	CHECK(strstr(msg, "amount 2100000000000000 + fee 1000") != NULL, "message: %s", msg);
	tx.amount = INT64_MAX;
	tx.fee = INT64_MAX;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_MONEY_RANGE, "INT64_MAX + INT64_MAX");
	tx = good;
	tx.signature[100] ^= 1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "flipped signature bit");
	qtcl_tx_describe(code, &tx, 1, 0, msg, sizeof msg);
	CHECK(strstr(msg, "bad signature") == msg, "message: %s", msg);

	/* Two faults: the earlier one in the documented order is reported. */
	tx = good;
	tx.nonce = UINT64_MAX;
	CHECK(qtcl_tx_check_stateless(&tx, 9, 0, &code) == QTCL_TX_ERR_NONCE, "malformed before chain id");
	tx = good;
	tx.amount = 0;
	CHECK(qtcl_tx_check_stateless(&tx, 9, 0, &code) == QTCL_TX_ERR_CHAIN_ID, "chain id before amount");
	tx.fee = -1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_AMOUNT, "amount before fee negative");
	tx = good;
	tx.fee = -1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 10, &code) == QTCL_TX_ERR_FEE_NEGATIVE, "fee negative before fee below minimum");
	tx = good;
	tx.amount = QTCL_MAX_MONEY;
	tx.fee = 5;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 10, &code) == QTCL_TX_ERR_FEE_TOO_LOW, "fee below minimum before money range");
	tx.fee = 10;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 10, &code) == QTCL_TX_ERR_MONEY_RANGE, "money range before signature");
	tx = good;
	tx.fee = 999;	/* changes the signed message too */
	CHECK(qtcl_tx_check_stateless(&tx, 1, 1000, &code) == QTCL_TX_ERR_FEE_TOO_LOW, "fee below minimum before signature");

	/* Messages: every code has its own static text. */
	{
		int			a,
					b,
					distinct = 1;

		for (a = QTCL_TX_OK; a <= QTCL_TX_ERR_HASH; a++)
			for (b = a + 1; b <= QTCL_TX_ERR_HASH; b++)
				if (strcmp(qtcl_tx_strerror(a), qtcl_tx_strerror(b)) == 0)
					distinct = 0;
		CHECK(distinct, "every code has a distinct message");
		CHECK(strstr(qtcl_tx_strerror(999), "unknown") != NULL, "unknown code");
		CHECK(strcmp(qtcl_tx_describe(QTCL_TX_ERR_MAGIC, NULL, 0, 0, msg, sizeof msg),
					 qtcl_tx_strerror(QTCL_TX_ERR_MAGIC)) == 0, "describe without tx copies the static text");
		qtcl_tx_describe(QTCL_TX_ERR_FEE_TOO_LOW, &tx, 1, 1000, msg, 8);
		CHECK(strlen(msg) == 7, "describe truncates to the buffer");
	}
}

static void
signing(void)
{
	qtcl_tx		tx,
				t2;
	uint8_t		rnd[32],
				badsk[QTCL_TX_SK_BYTES];
	int			i;

	make_tx(&tx, 7);
	CHECK(qtcl_tx_sign(&tx, sk, NULL) == QTCL_TX_OK, "deterministic sign");
	t2 = tx;
	memset(t2.signature, 0, sizeof t2.signature);
	CHECK(qtcl_tx_sign(&t2, sk, NULL) == QTCL_TX_OK && memcmp(t2.signature, tx.signature, QTCL_TX_SIG_BYTES) == 0,
		  "deterministic signing is repeatable");
	memset(rnd, 0, sizeof rnd);
	CHECK(qtcl_tx_sign(&t2, sk, rnd) == QTCL_TX_OK && memcmp(t2.signature, tx.signature, QTCL_TX_SIG_BYTES) == 0,
		  "rnd = zeros is the deterministic signature");
	for (i = 0; i < 32; i++)
		rnd[i] = (uint8_t) (i * 37 + 1);
	CHECK(qtcl_tx_sign(&t2, sk, rnd) == QTCL_TX_OK, "hedged sign");
	CHECK(memcmp(t2.signature, tx.signature, QTCL_TX_SIG_BYTES) != 0, "hedged signature differs");
	CHECK(qtcl_tx_check_stateless(&t2, 1, 0, NULL) == QTCL_TX_OK, "hedged signature verifies");

	/* Wrong key: refused before signing; signature left unchanged. */
	t2 = tx;
	CHECK(qtcl_tx_sign(&t2, sk2, NULL) == QTCL_TX_ERR_KEY, "another sender's key refused");
	CHECK(memcmp(t2.signature, tx.signature, QTCL_TX_SIG_BYTES) == 0, "signature untouched after refusal");
	memcpy(badsk, sk, sizeof badsk);
	badsk[QTCL_TX_SK_BYTES - 1] ^= 0x40;	/* inside t0: inconsistent key */
	CHECK(qtcl_tx_sign(&t2, badsk, NULL) == QTCL_TX_ERR_KEY, "corrupted secret key refused");
	CHECK(qtcl_tx_sign(&t2, NULL, NULL) == QTCL_TX_ERR_ARGUMENT, "NULL key");
	/* The second key signs its own transaction fine; a signature moved to another pk fails. */
	memcpy(t2.sender_pk, pk2, sizeof pk2);
	CHECK(qtcl_tx_sign(&t2, sk2, NULL) == QTCL_TX_OK && qtcl_tx_verify_signature(&t2), "second key signs its own tx");
	memcpy(t2.sender_pk, pk, sizeof pk);
	CHECK(!qtcl_tx_verify_signature(&t2), "signature by key 2 under pk 1 fails");
	/* Another context does not verify. */
	{
		uint8_t		m[QTCL_TX_SIGNED_BYTES];

		qtcl_tx_signing_message(tx.chain_id, tx.sender_pk, tx.recipient, tx.amount, tx.fee, tx.nonce, m);
		CHECK(mldsa_verify(MLDSA_65, pk, 1952, m, sizeof m, (const uint8_t *) "qtcl-tx-v2", 10, tx.signature, 3309) == 0,
			  "signature does not verify under context qtcl-tx-v2");
		CHECK(mldsa_verify(MLDSA_65, pk, 1952, m, sizeof m, NULL, 0, tx.signature, 3309) == 0,
			  "signature does not verify with an empty context");
	}
}

/* Each field changed through the struct breaks the signature. */
static void
tamper_fields(void)
{
	qtcl_tx		good,
				tx;
	int			code;

	make_tx(&good, 11);
	qtcl_tx_sign(&good, sk, NULL);
	CHECK(qtcl_tx_verify_signature(&good) == 1, "untampered verifies");

	tx = good;
	tx.chain_id = 2;
	CHECK(qtcl_tx_check_stateless(&tx, 2, 0, &code) == QTCL_TX_ERR_SIGNATURE, "chain id changed (and expected): bad signature");
	tx = good;
	tx.sender_pk[0] ^= 1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "sender key byte 0 changed");
	tx = good;
	tx.sender_pk[1951] ^= 0x80;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "sender key last byte changed");
	tx = good;
	memcpy(tx.sender_pk, pk2, sizeof pk2);
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "sender key replaced");
	tx = good;
	tx.recipient[31] ^= 1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "recipient changed");
	tx = good;
	tx.amount += 1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "amount + 1");
	tx = good;
	tx.fee += 1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "fee + 1");
	tx = good;
	tx.fee -= 1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "fee - 1");
	tx = good;
	tx.nonce += 1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "nonce + 1");
	tx = good;
	tx.signature[0] ^= 1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "signature first byte");
	tx = good;
	tx.signature[QTCL_TX_SIG_BYTES - 1] ^= 1;
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "signature last byte");
	tx = good;
	memset(tx.signature, 0, sizeof tx.signature);
	CHECK(qtcl_tx_check_stateless(&tx, 1, 0, &code) == QTCL_TX_ERR_SIGNATURE, "all-zero signature");
}

/* Every bit position class: flip one bit in each of the 5328 bytes. */
static void
tamper_bytes(void)
{
	qtcl_tx		good,
				tx;
	uint8_t		enc[QTCL_TX_ENCODED_BYTES],
				buf[QTCL_TX_ENCODED_BYTES],
				h0[32],
				h1[32];
	size_t		i;
	int			accepted = 0,
				refused_decode = 0,
				refused_sig = 0,
				same_hash = 0;

	make_tx(&good, 3);
	qtcl_tx_sign(&good, sk, NULL);
	qtcl_tx_encode(&good, enc);
	qtcl_sha3_256(enc, sizeof enc, h0);
	for (i = 0; i < sizeof enc; i++)
	{
		int			rc;

		memcpy(buf, enc, sizeof buf);
		buf[i] ^= (uint8_t) (1u << (i % 8));
		rc = qtcl_tx_decode(buf, sizeof buf, &tx);
		if (rc != QTCL_TX_OK)
		{
			refused_decode++;
			continue;
		}
		if (qtcl_tx_hash(&tx, h1) == QTCL_TX_OK && memcmp(h0, h1, 32) == 0)
			same_hash++;
		rc = qtcl_tx_check_stateless(&tx, tx.chain_id, 0, NULL);
		if (rc == QTCL_TX_ERR_SIGNATURE)
			refused_sig++;
		else
			accepted++;
	}
	printf("# bit flips: %d refused by decode, %d by signature\n", refused_decode, refused_sig);
	CHECK(accepted == 0, "no single-bit change of the 5328 bytes is accepted (%d were)", accepted);
	CHECK(same_hash == 0, "every change changes the tx hash");
	CHECK(refused_decode + refused_sig == QTCL_TX_ENCODED_BYTES, "every flip accounted for");
	CHECK(refused_decode >= 7, "magic and version flips refused by decode (%d)", refused_decode);
}

int
main(void)
{
	setup();
	constants();
	known_answers();
	round_trip();
	decode_refusals();
	stateless_order();
	signing();
	tamper_fields();
	tamper_bytes();
	return unit_done();
}
