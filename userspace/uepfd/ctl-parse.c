// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd: parsing of control requests (doc/control-protocol.md).  Pure: no
 * I/O, so tests/unit/test-uepfd-ctl.c can feed it anything.
 */
#include <stdio.h>
#include <string.h>

#include "uepfd.h"

#define MAX_ARGS (UEPF_CTL_FIRE_MAX + 2)

#define FAIL(name, ...) do { \
	*ename = name; snprintf(err, errlen, __VA_ARGS__); return -1; \
} while (0)

/* Parse vector argument @s (< @n); -1 with the error set. */
static int vector_arg(const char *verb, const char *what, const char *s,
		      unsigned int n, uint32_t *v, const char **ename,
		      char *err, size_t errlen)
{
	int r = uepfd_parse_u32(s, n ? n - 1 : 0, v);

	if (r == -1)
		FAIL(UEPF_CTL_E_INVAL, "%s: %s '%s' is not a number", verb, what, s);
	if (r == -2 || !n)
		FAIL(UEPF_CTL_E_RANGE, "%s: %s %s out of range 0..%u", verb, what,
		     s, n ? n - 1 : 0);
	return 0;
}

/* argument count check; 1 (with the message) when outside lo..hi */
static int nargs_bad(const char *verb, unsigned int n, unsigned int lo,
		     unsigned int hi, char *err, size_t errlen)
{
	if (n >= lo && n <= hi)
		return 0;
	snprintf(err, errlen, "%s: takes %u..%u arguments, got %u", verb, lo, hi, n);
	return 1;
}

int uepfd_req_parse(const char *msg, size_t len, unsigned int nvectors,
		    struct uepfd_req *req, const char **ename,
		    char *err, size_t errlen)
{
	char buf[UEPF_CTL_MAX_REQUEST + 1];
	char *argv[MAX_ARGS + 1];
	unsigned int argc = 0, i;
	char *p;
	int lvl;

	memset(req, 0, sizeof(*req));
	if (len > UEPF_CTL_MAX_REQUEST)
		FAIL(UEPF_CTL_E_MSGSIZE, "request of %zu bytes is over the limit of %d",
		     len, UEPF_CTL_MAX_REQUEST);
	if (len && msg[len - 1] == '\n')
		len--;
	if (!len)
		FAIL(UEPF_CTL_E_BADMSG, "empty request");
	for (i = 0; i < len; i++) {
		unsigned char c = msg[i];

		if (c < 0x20 || c > 0x7e)
			FAIL(UEPF_CTL_E_BADMSG, "byte 0x%02x at offset %u: only printable ASCII allowed",
			     c, i);
	}
	memcpy(buf, msg, len);
	buf[len] = 0;
	for (p = buf; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (argc == MAX_ARGS)
			FAIL(UEPF_CTL_E_INVAL, "more than %d arguments", MAX_ARGS - 1);
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = 0;
	}
	if (!argc)
		FAIL(UEPF_CTL_E_BADMSG, "request holds only spaces");
	argv[argc] = NULL;

#define NARGS(lo, hi) do { \
	if (nargs_bad(argv[0], argc - 1, lo, hi, err, errlen)) { \
		*ename = UEPF_CTL_E_INVAL; \
		return -1; \
	} \
} while (0)

	if (!strcmp(argv[0], "ping")) {
		NARGS(0, 0);
		req->verb = UEPFD_VERB_PING;
	} else if (!strcmp(argv[0], "status")) {
		NARGS(0, 0);
		req->verb = UEPFD_VERB_STATUS;
	} else if (!strcmp(argv[0], "pba")) {
		NARGS(0, 0);
		req->verb = UEPFD_VERB_PBA;
	} else if (!strcmp(argv[0], "reset")) {
		NARGS(0, 0);
		req->verb = UEPFD_VERB_RESET;
	} else if (!strcmp(argv[0], "shutdown")) {
		NARGS(0, 0);
		req->verb = UEPFD_VERB_SHUTDOWN;
	} else if (!strcmp(argv[0], "table")) {
		NARGS(0, 2);
		req->verb = UEPFD_VERB_TABLE;
		if (argc > 1 && vector_arg("table", "FIRST", argv[1], nvectors,
					   &req->first, ename, err, errlen))
			return -1;
		if (argc > 2) {
			int r = uepfd_parse_u32(argv[2], UEPF_CTL_TABLE_MAX, &req->count);

			if (r == -1)
				FAIL(UEPF_CTL_E_INVAL, "table: COUNT '%s' is not a number", argv[2]);
			if (r == -2 || !req->count)
				FAIL(UEPF_CTL_E_RANGE, "table: COUNT %s out of range 1..%d",
				     argv[2], UEPF_CTL_TABLE_MAX);
		}
	} else if (!strcmp(argv[0], "fire")) {
		req->verb = UEPFD_VERB_FIRE;
		if (argc < 2)
			FAIL(UEPF_CTL_E_INVAL, "fire: needs vector numbers (0..%u) or 'all'",
			     nvectors ? nvectors - 1 : 0);
		if (!strcmp(argv[1], "all")) {
			NARGS(1, 1);
			req->all = true;
			return 0;
		}
		if (argc - 1 > UEPF_CTL_FIRE_MAX)
			FAIL(UEPF_CTL_E_INVAL, "fire: %u vectors, at most %d per request",
			     argc - 1, UEPF_CTL_FIRE_MAX);
		for (i = 1; i < argc; i++)
			if (vector_arg("fire", "vector", argv[i], nvectors,
				       &req->vec[req->nvec++], ename, err, errlen))
				return -1;
	} else if (!strcmp(argv[0], "log-level")) {
		NARGS(1, 1);
		req->verb = UEPFD_VERB_LOG_LEVEL;
		lvl = uepfd_parse_level(argv[1]);
		if (lvl < 0)
			FAIL(UEPF_CTL_E_INVAL, "log-level: '%s' is not debug, info, warn or error",
			     argv[1]);
		req->level = lvl;
	} else {
		char v[40];

		snprintf(v, sizeof(v), "%s", argv[0]);
		FAIL(UEPF_CTL_E_NOTSUP, "unknown verb '%s' (ping, status, table, pba, fire, reset, log-level, shutdown)",
		     v);
	}
	return 0;
}
