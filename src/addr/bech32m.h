/*
 * bech32m.h: generic Bech32 / Bech32m strings (BIP-173 format, BIP-350
 * checksum constant 0x2bc830a3) and the 8 <-> 5 bit regrouping.
 *
 * Pure core: no PostgreSQL headers, no allocation, no global state. Every
 * function returns BECH32_OK (0) or a negative BECH32_ERR_* code;
 * bech32_strerror() gives a static message for each code.
 *
 * String form: hrp "1" data checksum, where hrp is 1..83 characters in
 * 33..126, data and checksum are characters of
 * "qpzry9x8gf2tvdw0s3jn54khce6mua7l" (6 checksum characters), the whole
 * string is at most 90 characters and is either all lower or all upper case.
 * The separator is the LAST '1' of the string. Decoding returns the hrp in
 * lower case.
 */
#ifndef QTCL_BECH32M_H
#define QTCL_BECH32M_H

#include <stddef.h>
#include <stdint.h>

#define BECH32_MAX_LENGTH	90		/* whole string, BIP-173 */
#define BECH32_MAX_HRP		83
#define BECH32_CHECKSUM_LEN	6
#define BECH32_MAX_DATA		(BECH32_MAX_LENGTH - 2 - BECH32_CHECKSUM_LEN)	/* 82 */

#define BECH32M_CONST		0x2bc830a3u
#define BECH32_CONST		0x1u

typedef enum bech32_variant
{
	BECH32_VARIANT_NONE = 0,	/* checksum matches neither constant */
	BECH32_VARIANT_BECH32 = 1,	/* BIP-173, constant 1 */
	BECH32_VARIANT_BECH32M = 2	/* BIP-350, constant 0x2bc830a3 */
} bech32_variant;

enum
{
	BECH32_OK = 0,
	BECH32_ERR_TOO_LONG = -1,		/* more than 90 characters */
	BECH32_ERR_NO_SEPARATOR = -2,	/* no '1' */
	BECH32_ERR_BAD_HRP = -3,		/* empty, longer than 83, or a byte outside 33..126 */
	BECH32_ERR_BAD_CHAR = -4,		/* data/checksum character outside the bech32 set */
	BECH32_ERR_MIXED_CASE = -5,
	BECH32_ERR_TOO_SHORT = -6,		/* fewer than 6 characters after the separator */
	BECH32_ERR_CHECKSUM = -7,		/* checksum failed (for Bech32m: not the Bech32m constant) */
	BECH32_ERR_WRONG_HRP = -8,		/* valid string, but not the expected hrp */
	BECH32_ERR_DATA_LENGTH = -9,	/* wrong number of data characters / bytes */
	BECH32_ERR_PADDING = -10,		/* non-zero padding bits, or a whole padding group, in 5->8 */
	BECH32_ERR_BUFFER = -11,		/* output buffer too small, or bad argument */
	BECH32_ERR_VALUE = -12			/* input value does not fit the group width */
};

/* Static message for a code (never NULL). */
const char *bech32_strerror(int code);

/*
 * Decodes s (len bytes, need not be NUL-terminated; a NUL byte is a bad
 * character). On success: hrp (lower case, NUL-terminated) in hrp[hrpcap],
 * the 5-bit data values without the checksum in data[datacap], count in
 * *datalen, and which checksum constant matched in *variant.
 * bech32_decode accepts either constant (and reports which); a string whose
 * checksum matches neither fails with BECH32_ERR_CHECKSUM.
 */
int			bech32_decode(const char *s, size_t len, char *hrp, size_t hrpcap,
						  uint8_t *data, size_t datacap, size_t *datalen,
						  bech32_variant *variant);

/* As bech32_decode, but only a Bech32m checksum is accepted. */
int			bech32m_decode(const char *s, size_t len, char *hrp, size_t hrpcap,
						   uint8_t *data, size_t datacap, size_t *datalen);

/*
 * Encodes hrp (NUL-terminated, 1..83 chars in 33..126, converted to lower
 * case) and 5-bit values data[datalen] with the checksum of variant into out
 * (NUL-terminated, lower case). *outlen (if not NULL) gets the length.
 */
int			bech32_encode(char *out, size_t outcap, size_t *outlen, const char *hrp,
						  const uint8_t *data, size_t datalen, bech32_variant variant);
int			bech32m_encode(char *out, size_t outcap, size_t *outlen, const char *hrp,
						   const uint8_t *data, size_t datalen);

/*
 * Regroups inlen values of inbits bits into values of outbits bits
 * (1 <= bits <= 8), most significant bit first. With pad, a final partial
 * group is padded with zero bits. Without pad (the decoding direction),
 * leftover bits must be fewer than inbits and all zero, otherwise
 * BECH32_ERR_PADDING. Input values wider than inbits give BECH32_ERR_VALUE.
 */
int			bech32_convert_bits(uint8_t *out, size_t outcap, size_t *outlen, int outbits,
								const uint8_t *in, size_t inlen, int inbits, int pad);

#endif
