/* address.c: see address.h */
#include "addr/address.h"

#include <string.h>

#include "addr/bech32m.h"
#include "crypto/sha3.h"

/* qtcl_addr_decode passes bech32 codes through: they must coincide. */
_Static_assert((int) QTCL_ADDR_ERR_TOO_LONG == (int) BECH32_ERR_TOO_LONG &&
			   (int) QTCL_ADDR_ERR_NO_SEPARATOR == (int) BECH32_ERR_NO_SEPARATOR &&
			   (int) QTCL_ADDR_ERR_BAD_HRP == (int) BECH32_ERR_BAD_HRP &&
			   (int) QTCL_ADDR_ERR_BAD_CHAR == (int) BECH32_ERR_BAD_CHAR &&
			   (int) QTCL_ADDR_ERR_MIXED_CASE == (int) BECH32_ERR_MIXED_CASE &&
			   (int) QTCL_ADDR_ERR_TOO_SHORT == (int) BECH32_ERR_TOO_SHORT &&
			   (int) QTCL_ADDR_ERR_CHECKSUM == (int) BECH32_ERR_CHECKSUM &&
			   (int) QTCL_ADDR_ERR_WRONG_HRP == (int) BECH32_ERR_WRONG_HRP &&
			   (int) QTCL_ADDR_ERR_DATA_LENGTH == (int) BECH32_ERR_DATA_LENGTH &&
			   (int) QTCL_ADDR_ERR_PADDING == (int) BECH32_ERR_PADDING,
			   "address error codes mirror bech32 error codes");

const char *
qtcl_addr_strerror(int code)
{
	switch (code)
	{
		case QTCL_ADDR_OK:
			return "ok";
		case QTCL_ADDR_ERR_TOO_LONG:
			return "invalid qtcl address: longer than 90 characters";
		case QTCL_ADDR_ERR_NO_SEPARATOR:
			return "invalid qtcl address: missing separator '1'";
		case QTCL_ADDR_ERR_BAD_HRP:
			return "invalid qtcl address: malformed human-readable part";
		case QTCL_ADDR_ERR_BAD_CHAR:
			return "invalid qtcl address: character outside the bech32 alphabet";
		case QTCL_ADDR_ERR_MIXED_CASE:
			return "invalid qtcl address: mixed upper and lower case";
		case QTCL_ADDR_ERR_TOO_SHORT:
			return "invalid qtcl address: too short for a checksum";
		case QTCL_ADDR_ERR_CHECKSUM:
			return "invalid qtcl address: address checksum failed";
		case QTCL_ADDR_ERR_WRONG_HRP:
			return "invalid qtcl address: human-readable part is not \"qtcl\"";
		case QTCL_ADDR_ERR_DATA_LENGTH:
			return "invalid qtcl address: data part is not 52 characters";
		case QTCL_ADDR_ERR_PADDING:
			return "invalid qtcl address: non-zero padding bits";
		case QTCL_ADDR_ERR_HASH:
			return "SHA3-256 failed";
	}
	return "invalid qtcl address";
}

void
qtcl_addr_encode(const uint8_t h[QTCL_ADDR_HASH_BYTES], char out[QTCL_ADDR_TEXT_SIZE])
{
	uint8_t		d5[QTCL_ADDR_DATA_CHARS];
	size_t		n5 = 0;

	/* Neither call can fail with these fixed sizes. */
	(void) bech32_convert_bits(d5, sizeof d5, &n5, 5, h, QTCL_ADDR_HASH_BYTES, 8, 1);
	(void) bech32m_encode(out, QTCL_ADDR_TEXT_SIZE, NULL, QTCL_ADDR_HRP, d5, n5);
}

int
qtcl_addr_decode(const char *s, size_t len, uint8_t h[QTCL_ADDR_HASH_BYTES])
{
	char		hrp[BECH32_MAX_HRP + 1];
	uint8_t		d5[BECH32_MAX_DATA];
	uint8_t		d8[BECH32_MAX_DATA];
	size_t		n5,
				n8;
	int			rc;

	rc = bech32m_decode(s, len, hrp, sizeof hrp, d5, sizeof d5, &n5);
	if (rc != BECH32_OK)
		return (rc == BECH32_ERR_BUFFER || rc == BECH32_ERR_VALUE) ? QTCL_ADDR_ERR_DATA_LENGTH : rc;
	if (strcmp(hrp, QTCL_ADDR_HRP) != 0)
		return QTCL_ADDR_ERR_WRONG_HRP;
	if (n5 != QTCL_ADDR_DATA_CHARS)
		return QTCL_ADDR_ERR_DATA_LENGTH;
	rc = bech32_convert_bits(d8, sizeof d8, &n8, 8, d5, n5, 5, 0);
	if (rc != BECH32_OK)
		return QTCL_ADDR_ERR_PADDING;
	if (n8 != QTCL_ADDR_HASH_BYTES)
		return QTCL_ADDR_ERR_DATA_LENGTH;
	memcpy(h, d8, QTCL_ADDR_HASH_BYTES);
	return QTCL_ADDR_OK;
}

int
qtcl_addr_from_pubkey(const void *pk, size_t pklen, uint8_t h[QTCL_ADDR_HASH_BYTES])
{
	return qtcl_sha3_256(pk, pklen, h) == 0 ? QTCL_ADDR_OK : QTCL_ADDR_ERR_HASH;
}

int32_t
qtcl_addr_pseudoqubit(const uint8_t h[QTCL_ADDR_HASH_BYTES])
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | h[i];
	return (int32_t) (v % QTCL_PSEUDOQUBITS);
}
