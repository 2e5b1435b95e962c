/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Minimal TAP producer for the unit tests: one line per test case. */
#ifndef UEPF_TEST_TAP_H
#define UEPF_TEST_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

/* Report one test case; extra diagnostics go to "# " lines. */
static inline __attribute__((format(printf, 2, 3)))
int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

static inline __attribute__((format(printf, 1, 2)))
void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/*
 * A test case made of several checks: CHECK() records the first failing
 * condition; tap_case_end() prints one TAP line.
 */
struct tap_case {
	int ok;
	char why[256];
};

#define CASE_BEGIN(c) do { (c)->ok = 1; (c)->why[0] = 0; } while (0)
#define CHECK(c, cond) do { \
	if (!(cond) && (c)->ok) { \
		(c)->ok = 0; \
		snprintf((c)->why, sizeof((c)->why), "%s:%d: %s", \
			 __FILE__, __LINE__, #cond); \
	} \
} while (0)

static inline void tap_case_end(struct tap_case *c, const char *name)
{
	if (!c->ok)
		tap_diag("%s", c->why);
	tap_ok(c->ok, "%s", name);
}

#endif
