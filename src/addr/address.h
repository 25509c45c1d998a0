/*
 * address.h: qtcl wallet addresses.
 *
 * An address is h = SHA3-256(public key), 32 bytes, written as Bech32m
 * (BIP-350) with human-readable part "qtcl" over h regrouped from 8-bit to
 * 5-bit groups with zero padding: "qtcl1" + 52 data characters + 6 checksum
 * characters = 63 characters, lower case.
 *
 * Decoding accepts the canonical lower-case form and the all-upper-case form
 * (BIP-173 allows both; the output is always lower case), and rejects another
 * hrp, a bad checksum, mixed case, characters outside the bech32 set, a data
 * part that is not exactly 52 characters, non-zero padding bits and strings
 * of more than 90 characters. Bech32m detects every error in up to 4
 * characters, so every 1-4 character typo is refused (with
 * QTCL_ADDR_ERR_CHECKSUM, or an earlier syntax error).
 *
 * The pseudoqubit index of an address is the first 8 bytes of h read as a
 * big-endian unsigned 64-bit integer, mod QTCL_PSEUDOQUBITS (106496); it is
 * also the address's tile index in addr/tiling.h.
 *
 * Pure core: no PostgreSQL headers, no allocation. Functions return
 * QTCL_ADDR_OK (0) or a negative QTCL_ADDR_ERR_* code;
 * qtcl_addr_strerror() gives a static message (the checksum one contains
 * "checksum failed").
 */
#ifndef QTCL_ADDRESS_H
#define QTCL_ADDRESS_H

#include <stddef.h>
#include <stdint.h>

#define QTCL_ADDR_HRP			"qtcl"
#define QTCL_ADDR_HASH_BYTES	32
#define QTCL_ADDR_DATA_CHARS	52	/* ceil(256 / 5) */
#define QTCL_ADDR_TEXT_LEN		63	/* without the terminating NUL */
#define QTCL_ADDR_TEXT_SIZE		64	/* buffer size with the NUL */
#define QTCL_PSEUDOQUBITS		106496

enum
{
	QTCL_ADDR_OK = 0,
	QTCL_ADDR_ERR_TOO_LONG = -1,
	QTCL_ADDR_ERR_NO_SEPARATOR = -2,
	QTCL_ADDR_ERR_BAD_HRP = -3,		/* malformed human-readable part */
	QTCL_ADDR_ERR_BAD_CHAR = -4,
	QTCL_ADDR_ERR_MIXED_CASE = -5,
	QTCL_ADDR_ERR_TOO_SHORT = -6,
	QTCL_ADDR_ERR_CHECKSUM = -7,
	QTCL_ADDR_ERR_WRONG_HRP = -8,		/* well-formed, but not "qtcl" */
	QTCL_ADDR_ERR_DATA_LENGTH = -9,	/* not 52 data characters */
	QTCL_ADDR_ERR_PADDING = -10,
	QTCL_ADDR_ERR_HASH = -11			/* SHA3 failed (OpenSSL allocation) */
};

/* Static message for a code, e.g. "invalid qtcl address: address checksum failed". */
const char *qtcl_addr_strerror(int code);

/* h -> "qtcl1..." (63 characters plus NUL). Cannot fail. */
void		qtcl_addr_encode(const uint8_t h[QTCL_ADDR_HASH_BYTES], char out[QTCL_ADDR_TEXT_SIZE]);

/* Text (len bytes, no NUL needed) -> h. */
int			qtcl_addr_decode(const char *s, size_t len, uint8_t h[QTCL_ADDR_HASH_BYTES]);

/* h = SHA3-256(pk). Returns QTCL_ADDR_OK or QTCL_ADDR_ERR_HASH. */
int			qtcl_addr_from_pubkey(const void *pk, size_t pklen, uint8_t h[QTCL_ADDR_HASH_BYTES]);

/* (first 8 bytes of h, big-endian) mod 106496. */
int32_t		qtcl_addr_pseudoqubit(const uint8_t h[QTCL_ADDR_HASH_BYTES]);

#endif
