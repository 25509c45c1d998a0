/*
 * test_bech32m.c: the generic Bech32/Bech32m codec (addr/bech32m.h) against
 * the BIP-350 vectors in ../shared/vectors/bech32m.json.
 *
 *   valid_bech32m      decode as Bech32m, re-encode to the same (lower-case) string
 *   invalid_bech32m    refused, each with the error class its "reason" names
 *   valid_segwit_addresses / invalid_segwit_addresses: the segwit layer
 *                      (witness version, program length, Bech32 for v0 vs
 *                      Bech32m for v1+, 8-to-5 padding) is written here on top
 *                      of the generic decoder. Each invalid address is also
 *                      checked at the generic level: only some are invalid
 *                      Bech32m strings (bad checksum constant, bad character,
 *                      mixed case); the others are well-formed Bech32/Bech32m
 *                      strings that only segwit rules refuse (hrp not bc/tb,
 *                      witness version 17, program lengths, padding, empty
 *                      data), and the table below says which.
 */
#include <stdlib.h>
#include <ctype.h>

#include "addr/bech32m.h"
#include "unit.h"
#include "vectors.h"

static int
expected_code(const char *reason)
{
	if (strcmp(reason, "HRP character out of range") == 0 ||
		strcasecmp(reason, "Empty HRP") == 0)
		return BECH32_ERR_BAD_HRP;
	if (strcmp(reason, "overall max length exceeded") == 0)
		return BECH32_ERR_TOO_LONG;
	if (strcmp(reason, "No separator character") == 0)
		return BECH32_ERR_NO_SEPARATOR;
	if (strcmp(reason, "Invalid data character") == 0 ||
		strcmp(reason, "Invalid character in checksum") == 0)
		return BECH32_ERR_BAD_CHAR;
	if (strcmp(reason, "Too short checksum") == 0)
		return BECH32_ERR_TOO_SHORT;
	if (strcmp(reason, "checksum calculated with uppercase form of HRP") == 0)
		return BECH32_ERR_CHECKSUM;
	return 1;					/* unknown reason: fail the check */
}

/* Segwit decoding on top of the generic codec; returns 0 and the scriptPubKey, or -1. */
static int
segwit_decode(const char *addr, uint8_t *spk, size_t *spklen)
{
	char		hrp[BECH32_MAX_HRP + 1];
	uint8_t		d5[BECH32_MAX_DATA],
				prog[BECH32_MAX_DATA];
	size_t		n5,
				np;
	bech32_variant v;

	if (bech32_decode(addr, strlen(addr), hrp, sizeof hrp, d5, sizeof d5, &n5, &v) != BECH32_OK)
		return -1;
	if (strcmp(hrp, "bc") != 0 && strcmp(hrp, "tb") != 0)
		return -1;
	if (n5 < 1 || d5[0] > 16)
		return -1;
	if ((d5[0] == 0) != (v == BECH32_VARIANT_BECH32))
		return -1;
	if (bech32_convert_bits(prog, sizeof prog, &np, 8, d5 + 1, n5 - 1, 5, 0) != BECH32_OK)
		return -1;
	if (np < 2 || np > 40 || (d5[0] == 0 && np != 20 && np != 32))
		return -1;
	spk[0] = d5[0] ? (uint8_t) (0x50 + d5[0]) : 0;
	spk[1] = (uint8_t) np;
	memcpy(spk + 2, prog, np);
	*spklen = np + 2;
	return 0;
}

/* Result of the generic Bech32m decoder for each invalid segwit address (by reason). */
static int
segwit_generic_expect(const char *reason, int *padding)
{
	*padding = 0;
	if (strstr(reason, "Bech32 instead of Bech32m"))
		return BECH32_ERR_CHECKSUM;		/* bech32m level */
	if (strcmp(reason, "Invalid character in checksum") == 0)
		return BECH32_ERR_BAD_CHAR;		/* bech32m level */
	if (strcmp(reason, "Mixed case") == 0)
		return BECH32_ERR_MIXED_CASE;	/* bech32m level */
	if (strstr(reason, "padding"))
	{
		*padding = 1;					/* valid string; the 5->8 regrouping refuses it */
		return BECH32_OK;
	}
	/* segwit level only: hrp, witness version, program length, empty data,
	 * and "Bech32m instead of Bech32" (a valid Bech32m string, wrong for v0) */
	return 2;
}

static void
vectors(void)
{
	FILE	   *f = vec_open("bech32m");
	vec_record	r = {0};
	int			nvalid = 0,
				ninvalid = 0,
				nsw = 0,
				nswbad = 0;

	if (!CHECK(f != NULL, "bech32m vector file opens"))
		return;
	while (vec_next(f, &r))
	{
		const char *group = vec_get(&r, "group");

		if (strcmp(group, "valid_bech32m") == 0)
		{
			const char *s = vec_get(&r, "string");
			char		hrp[BECH32_MAX_HRP + 1],
						out[BECH32_MAX_LENGTH + 1],
						lower[BECH32_MAX_LENGTH + 1];
			uint8_t		d5[BECH32_MAX_DATA];
			size_t		n5,
						i;
			bech32_variant v;
			int			rc = bech32_decode(s, strlen(s), hrp, sizeof hrp, d5, sizeof d5, &n5, &v);

			nvalid++;
			CHECK(rc == BECH32_OK && v == BECH32_VARIANT_BECH32M, "valid Bech32m %s decodes (%s)", s, bech32_strerror(rc));
			CHECK(bech32m_decode(s, strlen(s), hrp, sizeof hrp, d5, sizeof d5, &n5) == BECH32_OK,
				  "valid Bech32m %s passes bech32m_decode", s);
			for (i = 0; s[i]; i++)
				lower[i] = (char) tolower((unsigned char) s[i]);
			lower[i] = '\0';
			rc = bech32m_encode(out, sizeof out, NULL, hrp, d5, n5);
			CHECK(rc == BECH32_OK && strcmp(out, lower) == 0, "valid Bech32m %s re-encodes", s);
			/* every valid Bech32m string is an invalid Bech32 one: the variant tells */
			CHECK(v != BECH32_VARIANT_BECH32, "%s is not a Bech32 (constant 1) string", s);
		}
		else if (strcmp(group, "invalid_bech32m") == 0)
		{
			size_t		len;
			uint8_t    *raw = vec_hex(&r, "string_hex", &len);
			const char *reason = vec_get(&r, "reason");
			char		hrp[BECH32_MAX_HRP + 1];
			uint8_t		d5[BECH32_MAX_DATA];
			size_t		n5;
			int			rc = bech32m_decode((const char *) raw, len, hrp, sizeof hrp, d5, sizeof d5, &n5);

			ninvalid++;
			CHECK(rc == expected_code(reason), "invalid Bech32m #%d (%s) refused: %s",
				  ninvalid, reason, bech32_strerror(rc));
			free(raw);
		}
		else if (strcmp(group, "valid_segwit_addresses") == 0)
		{
			const char *addr = vec_get(&r, "address");
			size_t		wlen,
						glen = 0;
			uint8_t    *want = vec_hex(&r, "scriptPubKey", &wlen);
			uint8_t		got[64];

			nsw++;
			CHECK(segwit_decode(addr, got, &glen) == 0, "valid segwit %s decodes", addr);
			CHECK_BYTES(got, glen, want, wlen, "valid segwit %s scriptPubKey", addr);
			/* generic level: witness v1+ is Bech32m; v0 is Bech32, so bech32m_decode refuses it */
			{
				int			rc = bech32m_decode(addr, strlen(addr), NULL, 0, NULL, 0, NULL);

				CHECK(want[0] == 0 ? rc == BECH32_ERR_CHECKSUM : rc == BECH32_OK,
					  "valid segwit %s (witness v%d) at the generic Bech32m level: %s",
					  addr, want[0] ? want[0] - 0x50 : 0, bech32_strerror(rc));
			}
			free(want);
		}
		else if (strcmp(group, "invalid_segwit_addresses") == 0)
		{
			const char *addr = vec_get(&r, "address");
			const char *reason = vec_get(&r, "reason");
			uint8_t		got[64];
			size_t		glen;
			char		hrp[BECH32_MAX_HRP + 1];
			uint8_t		d5[BECH32_MAX_DATA],
						d8[BECH32_MAX_DATA];
			size_t		n5,
						n8;
			int			padding,
						want = segwit_generic_expect(reason, &padding),
						rc = bech32m_decode(addr, strlen(addr), hrp, sizeof hrp, d5, sizeof d5, &n5);

			nswbad++;
			CHECK(segwit_decode(addr, got, &glen) == -1, "invalid segwit %s (%s) refused", addr, reason);
			if (want == 2)
			{
				bech32_variant v;

				/* a well-formed generic string (either checksum constant) */
				CHECK(bech32_decode(addr, strlen(addr), hrp, sizeof hrp, d5, sizeof d5, &n5, &v) == BECH32_OK,
					  "invalid segwit %s is a well-formed string, refused by segwit rules only", addr);
			}
			else
			{
				CHECK(rc == want, "invalid segwit %s at the generic Bech32m level: %s", addr, bech32_strerror(rc));
				if (padding)
					CHECK(n5 >= 1 && bech32_convert_bits(d8, sizeof d8, &n8, 8, d5 + 1, n5 - 1, 5, 0) == BECH32_ERR_PADDING,
						  "invalid segwit %s: 5->8 regrouping refuses the padding", addr);
			}
		}
	}
	vec_free(&r);
	fclose(f);
	CHECK(nvalid == 7 && ninvalid == 14 && nsw == 8 && nswbad == 15,
		  "all vectors read (7, 14, 8, 15; got %d, %d, %d, %d)", nvalid, ninvalid, nsw, nswbad);
}

static void
codec(void)
{
	uint8_t		in[40],
				d5[96],
				back[40];
	size_t		n5,
				n8,
				i;
	char		s[BECH32_MAX_LENGTH + 1];
	int			len;

	for (len = 0; len <= 40; len++)
	{
		for (i = 0; i < (size_t) len; i++)
			in[i] = (uint8_t) (i * 37 + len);
		CHECK(bech32_convert_bits(d5, sizeof d5, &n5, 5, in, len, 8, 1) == BECH32_OK &&
			  n5 == ((size_t) len * 8 + 4) / 5, "8->5 of %d bytes gives %zu groups", len, n5);
		CHECK(bech32_convert_bits(back, sizeof back, &n8, 8, d5, n5, 5, 0) == BECH32_OK &&
			  n8 == (size_t) len && memcmp(back, in, len) == 0, "5->8 restores %d bytes", len);
	}
	/* non-zero padding: 1 byte -> 2 groups, the last has 2 padding bits */
	d5[0] = 31;
	d5[1] = 29;					/* 11101: padding bits 01 */
	CHECK(bech32_convert_bits(back, sizeof back, &n8, 8, d5, 2, 5, 0) == BECH32_ERR_PADDING, "non-zero padding refused");
	d5[1] = 28;
	CHECK(bech32_convert_bits(back, sizeof back, &n8, 8, d5, 2, 5, 0) == BECH32_OK && back[0] == 0xff, "zero padding accepted");
	CHECK(bech32_convert_bits(back, sizeof back, &n8, 8, d5, 3, 5, 0) == BECH32_ERR_PADDING, "a whole extra padding group refused");
	d5[0] = 32;
	CHECK(bech32_convert_bits(back, sizeof back, &n8, 8, d5, 2, 5, 0) == BECH32_ERR_VALUE, "5-bit value 32 refused");
	CHECK(bech32_convert_bits(back, 0, &n8, 5, in, 1, 8, 1) == BECH32_ERR_BUFFER, "small output buffer refused");

	/* encode limits */
	memset(d5, 0, sizeof d5);
	CHECK(bech32m_encode(s, sizeof s, NULL, "a", d5, 82) == BECH32_OK && strlen(s) == 90, "90 characters encode");
	CHECK(bech32m_encode(s, sizeof s, NULL, "a", d5, 83) == BECH32_ERR_TOO_LONG, "91 characters refused");
	CHECK(bech32m_encode(s, sizeof s, NULL, "", d5, 3) == BECH32_ERR_BAD_HRP, "empty hrp refused");
	CHECK(bech32m_encode(s, 10, NULL, "abc", d5, 10) == BECH32_ERR_BUFFER, "small string buffer refused");
	CHECK(bech32m_encode(s, sizeof s, NULL, "ABC", d5, 3) == BECH32_OK && strncmp(s, "abc1", 4) == 0, "hrp encoded lower case");
	d5[1] = 40;
	CHECK(bech32m_encode(s, sizeof s, NULL, "abc", d5, 3) == BECH32_ERR_VALUE, "data value 40 refused");
	/* both variants, told apart */
	{
		uint8_t		dd[3] = {1, 2, 3},
					o[8];
		size_t		no;
		bech32_variant v;

		bech32_encode(s, sizeof s, NULL, "xy", dd, 3, BECH32_VARIANT_BECH32);
		CHECK(bech32_decode(s, strlen(s), NULL, 0, o, sizeof o, &no, &v) == BECH32_OK && v == BECH32_VARIANT_BECH32,
			  "a Bech32 string decodes as Bech32");
		CHECK(bech32m_decode(s, strlen(s), NULL, 0, o, sizeof o, &no) == BECH32_ERR_CHECKSUM,
			  "bech32m_decode refuses a Bech32 checksum");
	}
	/* strings with a NUL byte inside */
	CHECK(bech32m_decode("a1lqf\0n3a", 9, NULL, 0, NULL, 0, NULL) == BECH32_ERR_BAD_CHAR, "a NUL byte is a bad character");
	CHECK(strstr(bech32_strerror(BECH32_ERR_CHECKSUM), "checksum failed") != NULL, "checksum message");
}

int
main(void)
{
	vectors();
	codec();
	return unit_done();
}
