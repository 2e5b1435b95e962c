// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: messages, exit statuses, number and name parsing.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "uepfctl.h"

int errno_status(int err)
{
	if (err < 0)
		err = -err;
	if (err == EACCES || err == EPERM || err == EROFS)
		return EXIT_PERM;
	if (err == ENOENT)
		return EXIT_NOTFOUND;
	return EXIT_FAIL;
}

int parse_u64(const char *s, bool suffix, uint64_t *v)
{
	unsigned long long n;
	unsigned int shift = 0;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (suffix && *end) {
		switch (*end) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		case 't': case 'T': shift = 40; break;
		default: return -1;
		}
		end++;
		if (*end == 'i' && end[1] == 'B')
			end += 2;
		else if (*end == 'B')
			end++;
		if (n > (~0ULL >> shift))
			return -1;
		n <<= shift;
	}
	if (*end)
		return -1;
	*v = n;
	return 0;
}

uint64_t need_u64(const char *what, const char *s, bool suffix,
		  uint64_t min, uint64_t max)
{
	uint64_t v;

	if (parse_u64(s, suffix, &v))
		die(EXIT_USAGE, "%s '%s' is not a number%s", what, s,
		    suffix ? " (suffixes K, M, G, T allowed)" : "");
	if (v < min || v > max)
		die(EXIT_USAGE, "%s %s is outside %llu..%llu", what, s,
		    (unsigned long long)min, (unsigned long long)max);
	return v;
}

void need_name(const char *name)
{
	size_t n = strlen(name);

	if (!n)
		die(EXIT_USAGE, "empty function name");
	if (n > NAME_MAX_LEN)
		die(EXIT_USAGE, "function name '%s' is %zu characters, the limit is %d",
		    name, n, NAME_MAX_LEN);
	if (name[0] == '.' || name[0] == '-')
		die(EXIT_USAGE, "function name '%s' must not start with '%c'",
		    name, name[0]);
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
			die(EXIT_USAGE, "function name '%s': character '%c' not allowed (use A-Z a-z 0-9 _ . -)",
			    name, *p);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		die(EXIT_FAIL, "out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		die(EXIT_FAIL, "out of memory");
	return p;
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}
