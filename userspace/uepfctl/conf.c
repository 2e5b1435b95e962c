// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: /etc/uepf/NAME.conf, the key=value file uepfd reads at start
 * (model=, doorbell=BAR:OFFSET, owner=UID).  $UEPF_CONF_DIR moves it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uepf/ctl.h>

#include "uepfctl.h"

static const char *conf_dir(void)
{
	const char *d = getenv("UEPF_CONF_DIR");

	return d && *d ? d : UEPF_CONF_DIR;
}

char *conf_path(const char *name)
{
	return xasprintf("%s/%s.conf", conf_dir(), name);
}

int conf_write(const char *name, const struct fn_cfg *c)
{
	char *path = conf_path(name), *tmp = xasprintf("%s.tmp", path);
	FILE *f;
	int e = 0;

	if (mkdir(conf_dir(), 0755) && errno != EEXIST) {
		e = errno;
		goto out;
	}
	f = fopen(tmp, "we");
	if (!f) {
		e = errno;
		goto out;
	}
	fprintf(f, "# uepfd settings for %s, written by uepfctl create\n",
		name);
	fprintf(f, "model=%s\n", c->model);
	if (c->doorbell_bar != BAR_AUTO)
		fprintf(f, "doorbell=%d:0x%x\n", c->doorbell_bar,
			c->doorbell_offset);
	if (c->owner)
		fprintf(f, "owner=%s\n", c->owner);
	if (fflush(f) || ferror(f))
		e = errno ? errno : EIO;
	if (fclose(f) && !e)
		e = errno;
	if (!e && rename(tmp, path))
		e = errno;
	if (e)
		unlink(tmp);
out:
	free(tmp);
	free(path);
	return -e;
}

int conf_get(const char *name, const char *key, char *buf, size_t len)
{
	char *path = conf_path(name), line[256];
	size_t kl = strlen(key);
	FILE *f = fopen(path, "re");
	int found = 0;

	free(path);
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!strncmp(line, key, kl) && line[kl] == '=') {
			snprintf(buf, len, "%s", line + kl + 1);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

int conf_remove(const char *name)
{
	char *path = conf_path(name);
	int r = unlink(path) && errno != ENOENT ? -errno : 0;

	free(path);
	return r;
}
