/*
 * oracle.c: see oracle.h.
 */
#include "postgres.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/file_perm.h"
#include "miscadmin.h"
#include "storage/fd.h"

#include "crypto/mldsa.h"
#include "crypto/sha3.h"
#include "pg/errors.h"
#include "pg/oracle.h"

#define ORACLE_DIR "qtcl"
#define SECRETS_MAGIC "QTCLSEC1"
#define SECRETS_KEEP 16

typedef struct secret_entry
{
	uint64		round;
	uint32		sources;
	uint8		secret[QTCL_BEACON_SECRET_BYTES];
} secret_entry;

typedef struct secrets_file
{
	char		magic[8];
	uint32		count;
	secret_entry e[SECRETS_KEEP];
} secrets_file;

static bool key_loaded = false;
static uint8 oracle_sk[MLDSA_MAX_SK_BYTES];
static uint8 oracle_pk[MLDSA_MAX_PK_BYTES];
static uint8 oracle_key_id[32];

static char *
oracle_path(const char *file)
{
	return psprintf("%s/%s/%s", DataDir, ORACLE_DIR, file);
}

static void
ensure_dir(void)
{
	char	   *dir = psprintf("%s/%s", DataDir, ORACLE_DIR);

	if (MakePGDirectory(dir) != 0 && errno != EEXIST)
		ereport(ERROR, (errcode_for_file_access(), errmsg("could not create directory \"%s\": %m", dir)));
	pfree(dir);
}

/* Reads exactly len bytes; false if the file does not exist. */
static bool
read_file(const char *path, void *buf, size_t len)
{
	int			fd = OpenTransientFile(path, O_RDONLY | PG_BINARY);
	ssize_t		n;

	if (fd < 0)
	{
		if (errno == ENOENT)
			return false;
		ereport(ERROR, (errcode_for_file_access(), errmsg("could not open \"%s\": %m", path)));
	}
	n = read(fd, buf, len);
	CloseTransientFile(fd);
	if (n != (ssize_t) len)
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED),
						errmsg("oracle file \"%s\" is %s than expected", path, n < (ssize_t) len ? "shorter" : "longer")));
	return true;
}

/* Writes len bytes durably: temporary file (0600), fsync, rename, fsync of the directory. */
static void
write_file_durably(const char *path, const void *buf, size_t len)
{
	char	   *tmp = psprintf("%s.tmp", path);
	int			fd;

	fd = OpenTransientFilePerm(tmp, O_WRONLY | O_CREAT | O_TRUNC | PG_BINARY, S_IRUSR | S_IWUSR);
	if (fd < 0)
		ereport(ERROR, (errcode_for_file_access(), errmsg("could not create \"%s\": %m", tmp)));
	if (write(fd, buf, len) != (ssize_t) len || pg_fsync(fd) != 0)
	{
		int			save = errno;

		CloseTransientFile(fd);
		errno = save;
		ereport(ERROR, (errcode_for_file_access(), errmsg("could not write \"%s\": %m", tmp)));
	}
	CloseTransientFile(fd);
	(void) durable_rename(tmp, path, ERROR);
	pfree(tmp);
}

void
qtcl_oracle_key(const uint8 **sk, const uint8 **pk, const uint8 **key_id)
{
	if (!key_loaded)
	{
		char	   *path = oracle_path("oracle.key");
		uint8		xi[MLDSA_SEED_BYTES];

		ensure_dir();
		if (!read_file(path, xi, sizeof(xi)))
		{
			/*
			 * First use: a fresh seed, written before anything is signed with
			 * it. link() refuses an existing name, so when two processes race
			 * here exactly one seed wins and the other reads it back.
			 */
			char	   *tmp = psprintf("%s.%d.new", path, MyProcPid);

			if (!pg_strong_random(xi, sizeof(xi)))
				ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("could not obtain random bytes for the oracle key")));
			write_file_durably(tmp, xi, sizeof(xi));
			if (link(tmp, path) == 0)
			{
				(void) unlink(tmp);
				fsync_fname(psprintf("%s/%s", DataDir, ORACLE_DIR), true);
				ereport(LOG, (errmsg("qtcl: created the oracle key in %s/%s", ORACLE_DIR, "oracle.key")));
			}
			else
			{
				int			save = errno;

				(void) unlink(tmp);
				if (save != EEXIST)
				{
					errno = save;
					ereport(ERROR, (errcode_for_file_access(), errmsg("could not create \"%s\": %m", path)));
				}
				if (!read_file(path, xi, sizeof(xi)))
					ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("oracle key file vanished while being created")));
			}
			pfree(tmp);
		}
		if (mldsa_keygen_internal(MLDSA_65, xi, oracle_pk, oracle_sk) != MLDSA_OK)
		{
			qtcl_wipe(xi, sizeof(xi));
			qtcl_crypto_failure("ML-DSA key generation");
		}
		qtcl_wipe(xi, sizeof(xi));
		if (qtcl_sha3_256(oracle_pk, QTCL_BEACON_PK_BYTES, oracle_key_id) != 0)
			qtcl_crypto_failure("SHA3-256");
		pfree(path);
		key_loaded = true;
	}
	*sk = oracle_sk;
	*pk = oracle_pk;
	*key_id = oracle_key_id;
}

static void
load_secrets(secrets_file *f)
{
	char	   *path = oracle_path("oracle.secrets");

	memset(f, 0, sizeof(*f));
	if (!read_file(path, f, sizeof(*f)))
	{
		memcpy(f->magic, SECRETS_MAGIC, 8);
		f->count = 0;
	}
	else if (memcmp(f->magic, SECRETS_MAGIC, 8) != 0 || f->count > SECRETS_KEEP)
		ereport(ERROR, (errcode(ERRCODE_DATA_CORRUPTED), errmsg("oracle file \"%s\" is corrupt", path)));
	pfree(path);
}

bool
qtcl_oracle_secret_get(uint64 round, const uint8 commitment[QTCL_BEACON_HASH_BYTES],
					   uint8 secret[QTCL_BEACON_SECRET_BYTES], uint32 *sources)
{
	secrets_file f;
	uint32		i;
	bool		found = false;

	ensure_dir();
	load_secrets(&f);
	for (i = 0; i < f.count && !found; i++)
	{
		uint8		c[QTCL_BEACON_HASH_BYTES];

		if (f.e[i].round != round)
			continue;
		if (qtcl_sha3_256(f.e[i].secret, QTCL_BEACON_SECRET_BYTES, c) != 0)
			qtcl_crypto_failure("SHA3-256");
		if (memcmp(c, commitment, QTCL_BEACON_HASH_BYTES) == 0)
		{
			memcpy(secret, f.e[i].secret, QTCL_BEACON_SECRET_BYTES);
			*sources = f.e[i].sources;
			found = true;
		}
	}
	qtcl_wipe(&f, sizeof(f));
	return found;
}

void
qtcl_oracle_secret_put(uint64 round, const uint8 secret[QTCL_BEACON_SECRET_BYTES], uint32 sources)
{
	secrets_file f;
	secrets_file out;
	uint32		i;

	ensure_dir();
	load_secrets(&f);
	memset(&out, 0, sizeof(out));
	memcpy(out.magic, SECRETS_MAGIC, 8);
	/* Keep the newest entries, then add this one; nothing is overwritten. */
	for (i = (f.count >= SECRETS_KEEP ? f.count - (SECRETS_KEEP - 1) : 0); i < f.count; i++)
		out.e[out.count++] = f.e[i];
	out.e[out.count].round = round;
	out.e[out.count].sources = sources;
	memcpy(out.e[out.count].secret, secret, QTCL_BEACON_SECRET_BYTES);
	out.count++;
	write_file_durably(oracle_path("oracle.secrets"), &out, sizeof(out));
	qtcl_wipe(&f, sizeof(f));
	qtcl_wipe(&out, sizeof(out));
}
