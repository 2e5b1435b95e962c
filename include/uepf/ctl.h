/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * uepf control socket: the protocol between uepfd (one daemon per endpoint
 * function) and its clients (uepfctl, tests).  doc/control-protocol.md is
 * the full description; this header holds the constants and a few small
 * client helpers (static inline, no library needed).
 *
 * Transport: a Unix SOCK_SEQPACKET socket, default /run/uepf/NAME.sock,
 * mode 0600.  The daemon checks the peer's credentials (SO_PEERCRED) at
 * accept: uid 0 or the configured owner; anyone else gets one
 * "error EACCES" reply and the connection is closed.
 *
 * Request: one message, at most UEPF_CTL_MAX_REQUEST bytes of printable
 * ASCII (0x20..0x7e, plus an optional trailing '\n'): a verb and
 * arguments separated by single or multiple spaces.  No NUL bytes.
 *
 * Reply: one message per request, at most UEPF_CTL_MAX_REPLY bytes: a
 * status line, then a JSON object and a '\n':
 *
 *   "ok\n"             {"...": ...}
 *   "error ENAME\n"    {"error":"ENAME","message":"text naming the value"}
 *
 * Verbs (version 1): ping, status, table [FIRST [COUNT]], pba,
 * fire V [V ...], reset, log-level LEVEL, shutdown.  Vector numbers are
 * decimal or 0x-hex; "all" in fire means every vector.
 *
 * Error names (the reply's ENAME): see UEPF_CTL_E_* below.  A request that
 * fails changes nothing (fire validates every vector before firing any).
 * The daemon keeps serving after any error; a connection may carry any
 * number of requests, one reply each, in order.
 */
#ifndef UEPF_CTL_H
#define UEPF_CTL_H

#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Protocol version, reported by "ping" and "status" as "protocol". */
#define UEPF_CTL_VERSION	1

/** Largest request in bytes (a longer one is answered "error EMSGSIZE"). */
#define UEPF_CTL_MAX_REQUEST	512
/** Largest reply in bytes; a client's receive buffer must be this big. */
#define UEPF_CTL_MAX_REPLY	65536
/** Most table entries in one "table" reply (use FIRST to page). */
#define UEPF_CTL_TABLE_MAX	256
/** Most vectors one "fire" request may name (besides "all"). */
#define UEPF_CTL_FIRE_MAX	64

/** Directories and file name patterns used by uepfd and uepfctl. */
#define UEPF_RUN_DIR		"/run/uepf"		/* NAME.sock, NAME.pid */
#define UEPF_STATE_DIR		"/var/lib/uepf"		/* NAME.state */
#define UEPF_CONF_DIR		"/etc/uepf"		/* NAME.conf */

/** A function name: 1..63 of [A-Za-z0-9_.-], not starting with '.'. */
#define UEPF_CTL_NAME_MAX	63

/*
 * Error names in "error ENAME" replies.
 */
#define UEPF_CTL_E_BADMSG	"EBADMSG"	/* empty, NUL or non-ASCII bytes */
#define UEPF_CTL_E_MSGSIZE	"EMSGSIZE"	/* request > UEPF_CTL_MAX_REQUEST */
#define UEPF_CTL_E_NOTSUP	"EOPNOTSUPP"	/* unknown verb */
#define UEPF_CTL_E_INVAL	"EINVAL"	/* bad/missing/extra argument */
#define UEPF_CTL_E_RANGE	"ERANGE"	/* number outside its limit */
#define UEPF_CTL_E_ACCES	"EACCES"	/* peer not root nor the owner */
#define UEPF_CTL_E_NODEV	"ENODEV"	/* function unbound */
#define UEPF_CTL_E_IO		"EIO"		/* the raise path failed */

/**
 * uepf_ctl_name_valid() - is @name a valid function name?
 * Return: 1 valid, 0 not (see UEPF_CTL_NAME_MAX).
 */
static inline int uepf_ctl_name_valid(const char *name)
{
	size_t i, n = name ? strlen(name) : 0;

	if (!n || n > UEPF_CTL_NAME_MAX || name[0] == '.')
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

/**
 * uepf_ctl_default_path() - "DIR/NAME.EXT" into @buf.
 * @dir: UEPF_RUN_DIR, UEPF_STATE_DIR or UEPF_CONF_DIR; @ext: "sock" ...
 * Return: 0, or -ENAMETOOLONG (buf too small), -EINVAL (bad name).
 */
static inline int uepf_ctl_default_path(char *buf, size_t len, const char *dir,
					const char *name, const char *ext)
{
	int n;

	if (!uepf_ctl_name_valid(name))
		return -EINVAL;
	n = snprintf(buf, len, "%s/%s.%s", dir, name, ext);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/**
 * uepf_ctl_connect() - connect to a daemon's control socket.
 * @path: the socket path.
 * Return: a connected SOCK_SEQPACKET fd (close-on-exec), or -errno
 * (ENAMETOOLONG if @path does not fit in sun_path; ENOENT/ECONNREFUSED when
 * no daemon listens).
 */
static inline int uepf_ctl_connect(const char *path)
{
	struct sockaddr_un sa;
	int fd, e;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

/**
 * uepf_ctl_call() - send one request, receive its reply.
 * @fd:         from uepf_ctl_connect().
 * @req:        the request text (no newline needed).
 * @reply:      buffer of @len bytes (UEPF_CTL_MAX_REPLY + 1 recommended);
 *              the reply is NUL terminated.
 * @timeout_ms: how long to wait for the reply (-1 forever).
 * Return: reply length, or -errno: ETIMEDOUT, ECONNRESET (daemon closed),
 * EMSGSIZE (@reply too small: the reply was truncated), or send/recv's.
 */
static inline long uepf_ctl_call(int fd, const char *req, char *reply,
				 size_t len, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;
	int r;

	if (!len)
		return -EINVAL;
	if (send(fd, req, strlen(req), MSG_NOSIGNAL) < 0)
		return -errno;
	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (r == 0)
		return -ETIMEDOUT;
	n = recv(fd, reply, len - 1, MSG_TRUNC);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ECONNRESET;
	if ((size_t)n > len - 1) {
		reply[len - 1] = 0;
		return -EMSGSIZE;
	}
	reply[n] = 0;
	return n;
}

/**
 * uepf_ctl_reply_split() - split a reply into status and body.
 * @reply: a NUL-terminated reply (modified: the status line's '\n' becomes
 *         NUL).
 * @ename: receives NULL for "ok", else a pointer to the error name.
 * @body:  receives the JSON body (possibly "").
 * Return: 0 ok, 1 error reply, -EBADMSG when the status line is malformed.
 */
static inline int uepf_ctl_reply_split(char *reply, const char **ename,
				       const char **body)
{
	char *nl = strchr(reply, '\n');

	if (!nl)
		return -EBADMSG;
	*nl = 0;
	*body = nl + 1;
	if (!strcmp(reply, "ok")) {
		*ename = NULL;
		return 0;
	}
	if (!strncmp(reply, "error ", 6) && reply[6]) {
		*ename = reply + 6;
		return 1;
	}
	return -EBADMSG;
}

#ifdef __cplusplus
}
#endif

#endif /* UEPF_CTL_H */
