// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd-call: send raw requests to a uepfd control socket (VM tests).
 *   uepfd-call SOCKET REQUEST...      one message per argument; prints
 *                                     each reply; exit 0 if all "ok"
 *   uepfd-call SOCKET --size N        one request of N bytes of 'x'
 *   uepfd-call SOCKET --hex HEX       one request of raw bytes
 *   uepfd-call SOCKET --empty         one empty message
 *   uepfd-call --uid N SOCKET ...     connect as uid/gid N (run as root)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <uepf/ctl.h>

static char reply[UEPF_CTL_MAX_REPLY + 1];

static int one(int fd, const char *req, size_t len)
{
	ssize_t n;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (send(fd, req, len, MSG_NOSIGNAL) < 0) {
		perror("send");
		return 2;
	}
	if (poll(&p, 1, 5000) != 1) {
		fprintf(stderr, "no reply within 5 s\n");
		return 2;
	}
	n = recv(fd, reply, sizeof(reply) - 1, 0);
	if (n <= 0) {
		fprintf(stderr, "connection closed\n");
		return 2;
	}
	reply[n] = 0;
	fputs(reply, stdout);
	return strncmp(reply, "ok\n", 3) ? 1 : 0;
}

int main(int argc, char **argv)
{
	int fd, i, rc = 0;

	if (argc > 3 && !strcmp(argv[1], "--uid")) {
		unsigned int id = strtoul(argv[2], NULL, 0);

		if (setgid(id) || setuid(id)) {
			perror("setuid");
			return 2;
		}
		argv += 2;
		argc -= 2;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: uepfd-call SOCKET REQUEST...|--size N|--hex HEX|--empty\n");
		return 2;
	}
	fd = uepf_ctl_connect(argv[1]);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-fd));
		return 2;
	}
	if (!strcmp(argv[2], "--size") && argc == 4) {
		size_t n = strtoul(argv[3], NULL, 0);
		char *b = malloc(n + 1);

		memset(b, 'x', n);
		return one(fd, b, n);
	}
	if (!strcmp(argv[2], "--empty"))
		return one(fd, "", 0);
	if (!strcmp(argv[2], "--hex") && argc == 4) {
		char b[1024];
		size_t n = 0;
		const char *h = argv[3];

		while (h[0] && h[1] && n < sizeof(b)) {
			unsigned int x;

			sscanf(h, "%2x", &x);
			b[n++] = x;
			h += 2;
		}
		return one(fd, b, n);
	}
	for (i = 2; i < argc; i++) {
		int r = one(fd, argv[i], strlen(argv[i]));

		if (r > rc)
			rc = r;
	}
	return rc;
}
