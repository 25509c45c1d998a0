/* bech32m.c: see bech32m.h */
#include "addr/bech32m.h"

#include <string.h>

static const char bech32_charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* BCH generator coefficients of BIP-173 (the checksum polynomial). */
static const uint32_t bech32_gen[5] = {
	0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu, 0x2a1462b3u
};

const char *
bech32_strerror(int code)
{
	switch (code)
	{
		case BECH32_OK:
			return "ok";
		case BECH32_ERR_TOO_LONG:
			return "string longer than 90 characters";
		case BECH32_ERR_NO_SEPARATOR:
			return "missing separator '1'";
		case BECH32_ERR_BAD_HRP:
			return "human-readable part empty, too long, or with a character outside 33..126";
		case BECH32_ERR_BAD_CHAR:
			return "character outside the bech32 alphabet";
		case BECH32_ERR_MIXED_CASE:
			return "mixed upper and lower case";
		case BECH32_ERR_TOO_SHORT:
			return "data part shorter than the 6-character checksum";
		case BECH32_ERR_CHECKSUM:
			return "checksum failed";
		case BECH32_ERR_WRONG_HRP:
			return "wrong human-readable part";
		case BECH32_ERR_DATA_LENGTH:
			return "wrong data length";
		case BECH32_ERR_PADDING:
			return "non-zero or excess padding bits";
		case BECH32_ERR_BUFFER:
			return "output buffer too small or bad argument";
		case BECH32_ERR_VALUE:
			return "value wider than its bit group";
	}
	return "unknown bech32 error";
}

static uint32_t
polymod_step(uint32_t chk, uint8_t v)
{
	uint32_t	top = chk >> 25;
	int			i;

	chk = ((chk & 0x1ffffffu) << 5) ^ v;
	for (i = 0; i < 5; i++)
		if ((top >> i) & 1)
			chk ^= bech32_gen[i];
	return chk;
}

/* Checksum state after the expanded hrp (high bits, 0, low bits); hrp lower case. */
static uint32_t
polymod_hrp(const char *hrp, size_t hlen)
{
	uint32_t	chk = 1;
	size_t		i;

	for (i = 0; i < hlen; i++)
		chk = polymod_step(chk, (uint8_t) ((unsigned char) hrp[i] >> 5));
	chk = polymod_step(chk, 0);
	for (i = 0; i < hlen; i++)
		chk = polymod_step(chk, (uint8_t) ((unsigned char) hrp[i] & 31));
	return chk;
}

static int
charset_value(unsigned char c)
{
	const char *p;

	if (c >= 'A' && c <= 'Z')
		c = (unsigned char) (c - 'A' + 'a');
	if (c == 0)
		return -1;
	p = memchr(bech32_charset, c, 32);
	return p ? (int) (p - bech32_charset) : -1;
}

int
bech32_decode(const char *s, size_t len, char *hrp, size_t hrpcap,
			  uint8_t *data, size_t datacap, size_t *datalen,
			  bech32_variant *variant)
{
	size_t		i,
				sep,
				ndata;
	int			lower = 0,
				upper = 0;
	uint32_t	chk;
	char		lhrp[BECH32_MAX_HRP + 1];

	if (s == NULL)
		return BECH32_ERR_BUFFER;
	if (len > BECH32_MAX_LENGTH)
		return BECH32_ERR_TOO_LONG;

	/* Separator: the last '1'. */
	sep = len;
	for (i = len; i > 0; i--)
		if (s[i - 1] == '1')
		{
			sep = i - 1;
			break;
		}

	/* Every byte must be printable ASCII (33..126); blame the part it is in. */
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c < 33 || c > 126)
			return (sep < len && i < sep) ? BECH32_ERR_BAD_HRP : BECH32_ERR_BAD_CHAR;
		if (c >= 'a' && c <= 'z')
			lower = 1;
		else if (c >= 'A' && c <= 'Z')
			upper = 1;
	}
	if (lower && upper)
		return BECH32_ERR_MIXED_CASE;
	if (sep == len)
		return BECH32_ERR_NO_SEPARATOR;
	if (sep == 0 || sep > BECH32_MAX_HRP)
		return BECH32_ERR_BAD_HRP;
	if (len - sep - 1 < BECH32_CHECKSUM_LEN)
		return BECH32_ERR_TOO_SHORT;

	for (i = 0; i < sep; i++)
	{
		char		c = s[i];

		lhrp[i] = (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : c;
	}
	lhrp[sep] = '\0';

	ndata = len - sep - 1 - BECH32_CHECKSUM_LEN;
	chk = polymod_hrp(lhrp, sep);
	for (i = sep + 1; i < len; i++)
	{
		int			v = charset_value((unsigned char) s[i]);

		if (v < 0)
			return BECH32_ERR_BAD_CHAR;
		chk = polymod_step(chk, (uint8_t) v);
		if (i < sep + 1 + ndata && data != NULL)
		{
			if (i - sep - 1 >= datacap)
				return BECH32_ERR_BUFFER;
			data[i - sep - 1] = (uint8_t) v;
		}
	}

	if (chk == BECH32M_CONST)
		*variant = BECH32_VARIANT_BECH32M;
	else if (chk == BECH32_CONST)
		*variant = BECH32_VARIANT_BECH32;
	else
	{
		*variant = BECH32_VARIANT_NONE;
		return BECH32_ERR_CHECKSUM;
	}

	if (hrp != NULL)
	{
		if (hrpcap < sep + 1)
			return BECH32_ERR_BUFFER;
		memcpy(hrp, lhrp, sep + 1);
	}
	if (datalen != NULL)
		*datalen = ndata;
	return BECH32_OK;
}

int
bech32m_decode(const char *s, size_t len, char *hrp, size_t hrpcap,
			   uint8_t *data, size_t datacap, size_t *datalen)
{
	bech32_variant v;
	int			rc = bech32_decode(s, len, hrp, hrpcap, data, datacap, datalen, &v);

	if (rc == BECH32_OK && v != BECH32_VARIANT_BECH32M)
		return BECH32_ERR_CHECKSUM;
	return rc;
}

int
bech32_encode(char *out, size_t outcap, size_t *outlen, const char *hrp,
			  const uint8_t *data, size_t datalen, bech32_variant variant)
{
	size_t		hlen,
				total,
				i;
	uint32_t	chk;
	char		lhrp[BECH32_MAX_HRP + 1];

	if (out == NULL || hrp == NULL || (data == NULL && datalen > 0))
		return BECH32_ERR_BUFFER;
	if (variant != BECH32_VARIANT_BECH32 && variant != BECH32_VARIANT_BECH32M)
		return BECH32_ERR_BUFFER;
	hlen = strlen(hrp);
	if (hlen == 0 || hlen > BECH32_MAX_HRP)
		return BECH32_ERR_BAD_HRP;
	for (i = 0; i < hlen; i++)
	{
		unsigned char c = (unsigned char) hrp[i];

		if (c < 33 || c > 126)
			return BECH32_ERR_BAD_HRP;
		lhrp[i] = (c >= 'A' && c <= 'Z') ? (char) (c - 'A' + 'a') : (char) c;
	}
	lhrp[hlen] = '\0';
	total = hlen + 1 + datalen + BECH32_CHECKSUM_LEN;
	if (total > BECH32_MAX_LENGTH)
		return BECH32_ERR_TOO_LONG;
	if (outcap < total + 1)
		return BECH32_ERR_BUFFER;

	chk = polymod_hrp(lhrp, hlen);
	memcpy(out, lhrp, hlen);
	out[hlen] = '1';
	for (i = 0; i < datalen; i++)
	{
		if (data[i] > 31)
			return BECH32_ERR_VALUE;
		chk = polymod_step(chk, data[i]);
		out[hlen + 1 + i] = bech32_charset[data[i]];
	}
	for (i = 0; i < BECH32_CHECKSUM_LEN; i++)
		chk = polymod_step(chk, 0);
	chk ^= (variant == BECH32_VARIANT_BECH32M) ? BECH32M_CONST : BECH32_CONST;
	for (i = 0; i < BECH32_CHECKSUM_LEN; i++)
		out[hlen + 1 + datalen + i] = bech32_charset[(chk >> (5 * (5 - i))) & 31];
	out[total] = '\0';
	if (outlen != NULL)
		*outlen = total;
	return BECH32_OK;
}

int
bech32m_encode(char *out, size_t outcap, size_t *outlen, const char *hrp,
			   const uint8_t *data, size_t datalen)
{
	return bech32_encode(out, outcap, outlen, hrp, data, datalen, BECH32_VARIANT_BECH32M);
}

int
bech32_convert_bits(uint8_t *out, size_t outcap, size_t *outlen, int outbits,
					const uint8_t *in, size_t inlen, int inbits, int pad)
{
	uint32_t	acc = 0;
	int			bits = 0;
	size_t		n = 0,
				i;
	uint32_t	maxv;

	if (inbits < 1 || inbits > 8 || outbits < 1 || outbits > 8 || (in == NULL && inlen > 0))
		return BECH32_ERR_BUFFER;
	maxv = (1u << outbits) - 1;
	for (i = 0; i < inlen; i++)
	{
		if (in[i] >> inbits)
			return BECH32_ERR_VALUE;
		acc = ((acc << inbits) | in[i]) & 0xffffu;
		bits += inbits;
		while (bits >= outbits)
		{
			bits -= outbits;
			if (n >= outcap)
				return BECH32_ERR_BUFFER;
			out[n++] = (uint8_t) ((acc >> bits) & maxv);
		}
	}
	if (pad)
	{
		if (bits > 0)
		{
			if (n >= outcap)
				return BECH32_ERR_BUFFER;
			out[n++] = (uint8_t) ((acc << (outbits - bits)) & maxv);
		}
	}
	else if (bits >= inbits || ((acc << (outbits - bits)) & maxv) != 0)
		return BECH32_ERR_PADDING;
	if (outlen != NULL)
		*outlen = n;
	return BECH32_OK;
}
