// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd: leveled logging.  Lines go to stderr (or --log-file, reopened on
 * SIGHUP) as "uepfd[NAME]: LEVEL: text", and to syslog (daemon facility)
 * when asked.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "uepfd.h"

static struct {
	char ident[UEPF_CTL_NAME_MAX + 16];
	char file[4096];
	FILE *f;
	enum uepfd_level level;
	bool sys;
} lg = { .level = UEPFD_LOG_INFO };

static int open_file(void)
{
	FILE *f;

	if (!lg.file[0]) {
		lg.f = stderr;
		return 0;
	}
	f = fopen(lg.file, "ae");
	if (!f)
		return -errno;
	setvbuf(f, NULL, _IOLBF, 0);
	if (lg.f && lg.f != stderr)
		fclose(lg.f);
	lg.f = f;
	return 0;
}

int uepfd_log_open(const char *name, const char *file, enum uepfd_level level,
		   bool sys)
{
	snprintf(lg.ident, sizeof(lg.ident), "uepfd[%s]", name);
	snprintf(lg.file, sizeof(lg.file), "%s", file ? file : "");
	lg.level = level;
	lg.sys = sys;
	if (sys)
		openlog(lg.ident, LOG_PID, LOG_DAEMON);
	return open_file();
}

int uepfd_log_reopen(void)
{
	if (lg.sys) {
		closelog();
		openlog(lg.ident, LOG_PID, LOG_DAEMON);
	}
	return open_file();
}

void uepfd_log_set_level(enum uepfd_level level)
{
	lg.level = level;
}

enum uepfd_level uepfd_log_level(void)
{
	return lg.level;
}

void uepfd_log_close(void)
{
	if (lg.sys)
		closelog();
	if (lg.f && lg.f != stderr)
		fclose(lg.f);
	lg.f = NULL;
}

void uepfd_log(enum uepfd_level level, const char *fmt, ...)
{
	static const int prio[] = { LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR };
	char msg[1024];
	va_list ap;
	int e = errno;

	if (level < lg.level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (lg.f || !lg.sys) {
		FILE *f = lg.f ? lg.f : stderr;

		if (f != stderr) {
			struct timespec ts;
			struct tm tm;
			char t[32];

			clock_gettime(CLOCK_REALTIME, &ts);
			localtime_r(&ts.tv_sec, &tm);
			strftime(t, sizeof(t), "%Y-%m-%d %H:%M:%S", &tm);
			fprintf(f, "%s.%03ld ", t, ts.tv_nsec / 1000000);
		}
		fprintf(f, "%s: %s: %s\n", lg.ident[0] ? lg.ident : "uepfd",
			uepfd_level_name(level), msg);
	}
	if (lg.sys)
		syslog(prio[level], "%s", msg);
	errno = e;
}
