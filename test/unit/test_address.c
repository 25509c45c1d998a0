/*
 * test_address.c: qtcl addresses (addr/address.h): the text form, the hash of
 * a public key, the pseudoqubit index, and typo detection: every
 * 1-character substitution of an address is refused, and so is every one of
 * 200,000 random 2-, 3- and 4-character substitutions (deterministic
 * generator); substitutions by bech32 characters in the data and checksum
 * must fail with the checksum error and its "checksum failed" message.
 * Expected addresses were computed independently (a separate BIP-350
 * implementation over SHA3-256).
 */
#include <ctype.h>

#include "addr/address.h"
#include "addr/bech32m.h"
#include "crypto/sha3.h"
#include "unit.h"

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t
rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void
known_answers(void)
{
	uint8_t		h[32],
				back[32];
	char		text[QTCL_ADDR_TEXT_SIZE];

	CHECK(qtcl_addr_from_pubkey("", 0, h) == QTCL_ADDR_OK, "hash of an empty key");
	qtcl_addr_encode(h, text);
	CHECK(strcmp(text, "qtcl15llud79lrmtkv5wpgat2qcwkvt6cpl6dusa5n75zmq9yhq8cgd9qnfrdyq") == 0,
		  "address of SHA3-256(\"\") is %s", text);
	CHECK(qtcl_addr_pseudoqubit(h) == 14182, "pseudoqubit of SHA3-256(\"\") is 14182 (0xa7ffc6f8bf1ed766 mod 106496)");
	qtcl_addr_from_pubkey("abc", 3, h);
	qtcl_addr_encode(h, text);
	CHECK(strcmp(text, "qtcl182v9mf60ugjmypzuzukkh5ushkz47zrw86w4yk6xhl3y2y2rz5eqe676qf") == 0,
		  "address of SHA3-256(\"abc\") is %s", text);
	CHECK(qtcl_addr_pseudoqubit(h) == 17842, "pseudoqubit of SHA3-256(\"abc\") is 17842");
	CHECK(qtcl_addr_decode(text, strlen(text), back) == QTCL_ADDR_OK && memcmp(back, h, 32) == 0, "decodes back");
	memset(h, 0, 32);
	qtcl_addr_encode(h, text);
	CHECK(strcmp(text, "qtcl1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqlfewua") == 0, "all-zero hash");
	CHECK(qtcl_addr_pseudoqubit(h) == 0, "pseudoqubit of the zero hash is 0");
	memset(h, 0xff, 32);
	qtcl_addr_encode(h, text);
	CHECK(strcmp(text, "qtcl1lllllllllllllllllllllllllllllllllllllllllllllllllllsah6l42") == 0, "all-ones hash");
	CHECK(qtcl_addr_pseudoqubit(h) == (int32_t) (UINT64_MAX % 106496), "pseudoqubit of the all-ones hash is 2^64-1 mod 106496");
	/* 106496 * k + r in the first 8 bytes */
	{
		uint64_t	v = 106496ull * 123456789ull + 106495ull;
		int			i;

		for (i = 0; i < 8; i++)
			h[i] = (uint8_t) (v >> (56 - 8 * i));
		CHECK(qtcl_addr_pseudoqubit(h) == 106495, "pseudoqubit reads the first 8 bytes big-endian");
	}
}

static void
round_trips(void)
{
	int			i,
				ok = 1,
				okfmt = 1;

	for (i = 0; i < 2000; i++)
	{
		uint8_t		h[32],
					back[32];
		char		text[QTCL_ADDR_TEXT_SIZE];
		int			j;

		for (j = 0; j < 32; j++)
			h[j] = (uint8_t) rng_next();
		qtcl_addr_encode(h, text);
		if (strlen(text) != 63 || strncmp(text, "qtcl1", 5) != 0)
			okfmt = 0;
		for (j = 0; j < 63; j++)
			if (isupper((unsigned char) text[j]))
				okfmt = 0;
		if (qtcl_addr_decode(text, 63, back) != QTCL_ADDR_OK || memcmp(h, back, 32) != 0)
			ok = 0;
	}
	CHECK(okfmt, "2000 random hashes: 63 characters, \"qtcl1\" prefix, lower case");
	CHECK(ok, "2000 random hashes round-trip");
}

static void
typos(void)
{
	uint8_t		h[32],
				back[32];
	char		text[QTCL_ADDR_TEXT_SIZE],
				t[QTCL_ADDR_TEXT_SIZE];
	int			pos,
				c,
				all = 1,
				n1 = 0,
				data_checksum = 1,
				k,
				i;
	long		counts[4] = {0, 0, 0, 0};
	int			refused[4] = {1, 1, 1, 1};

	qtcl_addr_from_pubkey("typo test key", 13, h);
	qtcl_addr_encode(h, text);

	/* every 1-character substitution by any printable ASCII character */
	for (pos = 0; pos < 63; pos++)
		for (c = 33; c <= 126; c++)
		{
			int			rc;

			if (c == text[pos])
				continue;
			memcpy(t, text, sizeof t);
			t[pos] = (char) c;
			rc = qtcl_addr_decode(t, 63, back);
			n1++;
			if (rc == QTCL_ADDR_OK)
			{
				all = 0;
				printf("# accepted: %s\n", t);
			}
			if (pos >= 5 && strchr(charset, c) && rc != QTCL_ADDR_ERR_CHECKSUM)
				data_checksum = 0;
		}
	CHECK(all, "all %d single-character substitutions (63 positions x 93 characters) refused", n1);
	CHECK(data_checksum, "bech32 substitutions in the data/checksum fail with the checksum error");

	/* 200,000 random multi-character substitutions by bech32 characters */
	for (i = 0; i < 200000; i++)
	{
		int			nsub = 2 + i % 3,
					used[4],
					rc;

		memcpy(t, text, sizeof t);
		for (k = 0; k < nsub; k++)
		{
			int			dup;

			do
			{
				pos = (int) (rng_next() % 63);
				dup = 0;
				for (c = 0; c < k; c++)
					if (used[c] == pos)
						dup = 1;
			} while (dup);
			used[k] = pos;
			do
				c = charset[rng_next() % 32];
			while (c == text[pos]);
			t[pos] = (char) c;
		}
		rc = qtcl_addr_decode(t, 63, back);
		counts[nsub - 1]++;
		if (rc == QTCL_ADDR_OK)
		{
			refused[nsub - 1] = 0;
			printf("# accepted: %s\n", t);
		}
	}
	for (k = 1; k < 4; k++)
		CHECK(refused[k], "%ld random %d-character substitutions all refused", counts[k], k + 1);

	/* random substitutions confined to data + checksum: always the checksum error */
	{
		int			onlycs = 1;

		for (i = 0; i < 50000; i++)
		{
			int			nsub = 1 + i % 4,
						used[4],
						rc;

			memcpy(t, text, sizeof t);
			for (k = 0; k < nsub; k++)
			{
				int			dup;

				do
				{
					pos = 5 + (int) (rng_next() % 58);
					dup = 0;
					for (c = 0; c < k; c++)
						if (used[c] == pos)
							dup = 1;
				} while (dup);
				used[k] = pos;
				do
					c = charset[rng_next() % 32];
				while (c == text[pos]);
				t[pos] = (char) c;
			}
			rc = qtcl_addr_decode(t, 63, back);
			if (rc != QTCL_ADDR_ERR_CHECKSUM)
				onlycs = 0;
		}
		CHECK(onlycs, "50,000 random 1-4 substitutions in the data part: all \"checksum failed\"");
	}
	CHECK(strstr(qtcl_addr_strerror(QTCL_ADDR_ERR_CHECKSUM), "checksum failed") != NULL,
		  "checksum message: %s", qtcl_addr_strerror(QTCL_ADDR_ERR_CHECKSUM));

	/* adjacent transpositions are refused too */
	{
		int			allt = 1;

		for (pos = 5; pos < 62; pos++)
		{
			if (text[pos] == text[pos + 1])
				continue;
			memcpy(t, text, sizeof t);
			t[pos] = text[pos + 1];
			t[pos + 1] = text[pos];
			if (qtcl_addr_decode(t, 63, back) == QTCL_ADDR_OK)
				allt = 0;
		}
		CHECK(allt, "every adjacent transposition refused");
	}
}

static void
malformed(void)
{
	uint8_t		h[32],
				back[32];
	char		text[QTCL_ADDR_TEXT_SIZE],
				t[128];
	uint8_t		d5[60];
	size_t		n5;
	int			rc,
				i;

	qtcl_addr_from_pubkey("malformed", 9, h);
	qtcl_addr_encode(h, text);

	/* case */
	memcpy(t, text, 64);
	t[20] = (char) toupper((unsigned char) t[20]);
	if (t[20] == text[20])
		t[21] = (char) toupper((unsigned char) t[21]);
	rc = qtcl_addr_decode(t, 63, back);
	CHECK(rc == QTCL_ADDR_ERR_MIXED_CASE, "mixed case refused: %s", qtcl_addr_strerror(rc));
	for (i = 0; i < 63; i++)
		t[i] = (char) toupper((unsigned char) text[i]);
	CHECK(qtcl_addr_decode(t, 63, back) == QTCL_ADDR_OK && memcmp(back, h, 32) == 0,
		  "the all-upper-case form is accepted (BIP-173) and decodes to the same hash");

	/* another hrp with a valid checksum */
	bech32_convert_bits(d5, sizeof d5, &n5, 5, h, 32, 8, 1);
	bech32m_encode(t, sizeof t, NULL, "qtcm", d5, n5);
	rc = qtcl_addr_decode(t, strlen(t), back);
	CHECK(rc == QTCL_ADDR_ERR_WRONG_HRP, "hrp \"qtcm\" refused: %s", qtcl_addr_strerror(rc));
	bech32m_encode(t, sizeof t, NULL, "bc", d5, n5);
	CHECK(qtcl_addr_decode(t, strlen(t), back) == QTCL_ADDR_ERR_WRONG_HRP, "hrp \"bc\" refused");
	/* the same text as Bech32 (constant 1) */
	bech32_encode(t, sizeof t, NULL, "qtcl", d5, n5, BECH32_VARIANT_BECH32);
	CHECK(qtcl_addr_decode(t, strlen(t), back) == QTCL_ADDR_ERR_CHECKSUM, "a Bech32 (not Bech32m) checksum refused");

	/* data lengths 51 and 53 with valid checksums */
	bech32m_encode(t, sizeof t, NULL, "qtcl", d5, 51);
	rc = qtcl_addr_decode(t, strlen(t), back);
	CHECK(rc == QTCL_ADDR_ERR_DATA_LENGTH, "51 data characters refused: %s", qtcl_addr_strerror(rc));
	d5[52] = 0;
	bech32m_encode(t, sizeof t, NULL, "qtcl", d5, 53);
	CHECK(qtcl_addr_decode(t, strlen(t), back) == QTCL_ADDR_ERR_DATA_LENGTH, "53 data characters refused");

	/* non-zero padding: the last group carries 1 data bit and 4 padding bits */
	d5[51] |= 1;
	bech32m_encode(t, sizeof t, NULL, "qtcl", d5, 52);
	rc = qtcl_addr_decode(t, strlen(t), back);
	CHECK(rc == QTCL_ADDR_ERR_PADDING, "non-zero padding bits refused: %s", qtcl_addr_strerror(rc));

	/* other malformations */
	CHECK(qtcl_addr_decode(text, 62, back) != QTCL_ADDR_OK, "truncated address refused");
	memcpy(t, text, 63);
	memset(t + 63, 'q', 40);
	CHECK(qtcl_addr_decode(t, 91, back) == QTCL_ADDR_ERR_TOO_LONG, "91 characters refused");
	CHECK(qtcl_addr_decode(text + 5, 58, back) == QTCL_ADDR_ERR_NO_SEPARATOR, "no separator refused");
	CHECK(qtcl_addr_decode("", 0, back) == QTCL_ADDR_ERR_NO_SEPARATOR, "empty string refused");
	memcpy(t, " ", 1);
	memcpy(t + 1, text, 63);
	CHECK(qtcl_addr_decode(t, 64, back) == QTCL_ADDR_ERR_BAD_HRP, "leading space refused");
	memcpy(t, text, 63);
	t[63] = ' ';
	CHECK(qtcl_addr_decode(t, 64, back) == QTCL_ADDR_ERR_BAD_CHAR, "trailing space refused");
	memcpy(t, text, 63);
	t[30] = 'b';
	rc = qtcl_addr_decode(t, 63, back);
	CHECK(rc == QTCL_ADDR_ERR_BAD_CHAR, "'b' refused: %s", qtcl_addr_strerror(rc));
	CHECK(qtcl_addr_decode("qtcl1", 5, back) == QTCL_ADDR_ERR_TOO_SHORT, "\"qtcl1\" refused");
}

int
main(void)
{
	known_answers();
	round_trips();
	typos();
	malformed();
	return unit_done();
}
