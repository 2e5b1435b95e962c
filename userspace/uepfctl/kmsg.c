// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: the kernel's reason for a refused configfs write or bind.
 * uepf.ko logs every refusal with the value and the limit; after a failed
 * write uepfctl quotes the newest such line logged since just before the
 * write (a /dev/kmsg descriptor opened and moved to the end beforehand).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "uepfctl.h"

int kmsg_mark(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0 && lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

int kmsg_reason(int fd, const char *match, char *buf, size_t len)
{
	char rec[2048];
	int found = 0;
	ssize_t n;

	if (fd < 0)
		return 0;
	for (;;) {
		char *msg, *nl;

		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (n <= 0)
			break;
		rec[n] = 0;
		/* "prio,seq,ts_usec,flags;message\n" */
		msg = strchr(rec, ';');
		if (!msg || !strstr(++msg, match))
			continue;
		nl = strchr(msg, '\n');
		if (nl)
			*nl = 0;
		snprintf(buf, len, "%s", msg);
		found = 1;
	}
	close(fd);
	return found;
}
