/*
 * unit.h: a minimal TAP producer for the C unit tests.
 *
 * Each check prints "ok N - name" or "not ok N - name" with a diagnostic;
 * unit_done() prints the plan line "1..N" and returns the exit status.
 * test/run.sh counts these lines together with every other layer.
 */
#ifndef QTCL_UNIT_H
#define QTCL_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int	unit_count;
static int	unit_failed;

static inline int
unit_check(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list		ap;

	unit_count++;
	printf("%s %d - ", cond ? "ok" : "not ok", unit_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
	{
		unit_failed++;
		printf("# failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

/* CHECK(condition, "name %s", args...) */
#define CHECK(cond, ...) unit_check((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)

static inline void
unit_hexdump(const char *label, const uint8_t *p, size_t n)
{
	size_t		i;

	printf("# %s (%zu bytes): ", label, n);
	for (i = 0; i < n && i < 64; i++)
		printf("%02x", p[i]);
	printf("%s\n", n > 64 ? "..." : "");
}

/* Byte comparison that shows both sides when they differ. */
#define CHECK_BYTES(got, gotlen, want, wantlen, ...) \
	(((gotlen) == (wantlen) && memcmp((got), (want), (wantlen)) == 0) \
	 ? CHECK(1, __VA_ARGS__) \
	 : (unit_hexdump("got", (got), (gotlen)), unit_hexdump("want", (want), (wantlen)), CHECK(0, __VA_ARGS__)))

static inline int
unit_done(void)
{
	printf("1..%d\n", unit_count);
	if (unit_failed)
		printf("# %d of %d checks failed\n", unit_failed, unit_count);
	return unit_failed ? 1 : 0;
}

#endif
