// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: client of uepfd's control socket (doc/control-protocol.md):
 * one request, one reply of a status line and a JSON object.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uepf/ctl.h>

#include "uepfctl.h"

#define CTL_TIMEOUT_MS 5000

struct ctl {
	int fd;
	char *name;
	char *path;
	char reply[UEPF_CTL_MAX_REPLY + 1];
};

struct ctl *ctl_open(const char *name, int *status, char *why, size_t len)
{
	char *path = socket_path(name);
	struct ctl *c;
	int fd = uepf_ctl_connect(path);

	if (fd < 0) {
		if (fd == -EACCES || fd == -EPERM) {
			*status = EXIT_PERM;
			snprintf(why, len, "%s: permission denied (root or the function's owner only)",
				 path);
		} else if (fd == -ENOENT || fd == -ECONNREFUSED) {
			*status = EXIT_NODAEMON;
			snprintf(why, len,
				 "uepfd for '%s' is not running (no answer on %s): run 'uepfctl start %s'",
				 name, path, name);
		} else {
			*status = EXIT_FAIL;
			snprintf(why, len, "connecting to %s: %s", path,
				 strerror(-fd));
		}
		free(path);
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->name = xstrdup(name);
	c->path = path;
	return c;
}

void ctl_close(struct ctl *c)
{
	if (!c)
		return;
	close(c->fd);
	free(c->name);
	free(c->path);
	free(c);
}

static int ename_status(const char *e)
{
	if (!strcmp(e, UEPF_CTL_E_ACCES))
		return EXIT_PERM;
	if (!strcmp(e, UEPF_CTL_E_INVAL) || !strcmp(e, UEPF_CTL_E_RANGE))
		return EXIT_USAGE;
	if (!strcmp(e, UEPF_CTL_E_NODEV))
		return EXIT_NOTFOUND;
	return EXIT_FAIL;
}

struct jv *ctl_call(struct ctl *c, const char *req, int *status, char *why,
		    size_t len)
{
	const char *ename, *body;
	char perr[128];
	struct jv *v;
	long n;
	int r;

	n = uepf_ctl_call(c->fd, req, c->reply, sizeof(c->reply),
			  CTL_TIMEOUT_MS);
	if (n < 0) {
		if (n == -ECONNRESET || n == -EPIPE) {
			*status = EXIT_NODAEMON;
			snprintf(why, len, "uepfd for '%s' closed the connection (%s)",
				 c->name, c->path);
		} else {
			*status = EXIT_FAIL;
			snprintf(why, len, "'%s' to uepfd on %s: %s", req,
				 c->path, strerror((int)-n));
		}
		return NULL;
	}
	r = uepf_ctl_reply_split(c->reply, &ename, &body);
	if (r < 0) {
		*status = EXIT_FAIL;
		snprintf(why, len, "uepfd on %s: malformed reply", c->path);
		return NULL;
	}
	v = jv_parse(body, perr, sizeof(perr));
	if (r == 1) {
		*status = ename_status(ename);
		snprintf(why, len, "%s (uepfd: %s)",
			 jv_str(v, "message", "no message"), ename);
		jv_free(v);
		return NULL;
	}
	if (!v || v->type != JV_OBJECT) {
		*status = EXIT_FAIL;
		snprintf(why, len, "uepfd on %s: reply to '%s': %s", c->path,
			 req, v ? "not a JSON object" : perr);
		jv_free(v);
		return NULL;
	}
	return v;
}

struct jv *ctl_query(const char *name, const char *req, int *status,
		     char *why, size_t len)
{
	struct ctl *c = ctl_open(name, status, why, len);
	struct jv *v;

	if (!c)
		return NULL;
	v = ctl_call(c, req, status, why, len);
	ctl_close(c);
	return v;
}
