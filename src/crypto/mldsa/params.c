/*
 * params.c: the three parameter sets of FIPS 204 (Table 1, sizes from Table 2)
 * and the lookups by name and by encoding length.
 */
#include <string.h>

#include "crypto/mldsa/params.h"

static const mldsa_params mldsa_param_sets[3] = {
	{"ml-dsa-44", 4, 4, 2, 39, 78, 80, 128, 1 << 17, (MLDSA_Q - 1) / 88, 1312, 2560, 2420},
	{"ml-dsa-65", 6, 5, 4, 49, 196, 55, 192, 1 << 19, (MLDSA_Q - 1) / 32, 1952, 4032, 3309},
	{"ml-dsa-87", 8, 7, 2, 60, 120, 75, 256, 1 << 19, (MLDSA_Q - 1) / 32, 2592, 4896, 4627},
};

const mldsa_params *
mldsa_params_get(mldsa_level level)
{
	if ((unsigned) level > MLDSA_87)
		return NULL;
	return &mldsa_param_sets[level];
}

int
mldsa_level_by_name(const char *name)
{
	int			i;

	if (name == NULL)
		return -1;
	for (i = 0; i < 3; i++)
		if (strcmp(name, mldsa_param_sets[i].name) == 0)
			return i;
	return -1;
}

int
mldsa_level_by_pk_len(size_t len)
{
	int			i;

	for (i = 0; i < 3; i++)
		if (len == mldsa_param_sets[i].pk_bytes)
			return i;
	return -1;
}

int
mldsa_level_by_sk_len(size_t len)
{
	int			i;

	for (i = 0; i < 3; i++)
		if (len == mldsa_param_sets[i].sk_bytes)
			return i;
	return -1;
}

int
mldsa_level_by_sig_len(size_t len)
{
	int			i;

	for (i = 0; i < 3; i++)
		if (len == mldsa_param_sets[i].sig_bytes)
			return i;
	return -1;
}
