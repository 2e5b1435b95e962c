/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Error and warning messages of the command-line tools (uepfctl, uepf-host). */
#ifndef UEPF_MSG_H
#define UEPF_MSG_H

#include <stdarg.h>

/* Print "PROGRAM: PREFIXMSG" and a newline on stderr, stdout flushed first. */
void vmsg(const char *prefix, const char *fmt, va_list ap);

/* Print "PROGRAM: MSG" on stderr and exit with @status. */
void die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* Print "PROGRAM: warning: MSG" on stderr. */
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* UEPF_MSG_H */
