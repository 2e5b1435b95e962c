// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm-unmask: unmask -> delivery latency of a pending vector through uepfd.
 *   uepf-bench-unmask SOCKET DEBUGFS_DIR VECTOR N [GAP_MS]
 * Each round: mask VECTOR (uepf-host-test debugfs), "fire VECTOR" over the
 * control socket (latched), wait GAP_MS (lets uepfd's poll interval grow),
 * then time from the unmask write until the host's interrupt count grows.
 * Prints "unmask n=N gap_ms=G p50_us=.. p99_us=.. max_us=..".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <uepf/ctl.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void put(const char *dir, const char *file, int v)
{
	char p[512], b[16];
	int fd, n;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	fd = open(p, O_WRONLY);
	n = snprintf(b, sizeof(b), "%d\n", v);
	if (fd < 0 || write(fd, b, n) != n) {
		perror(p);
		exit(2);
	}
	close(fd);
}

static long count(int fd, int v)
{
	char b[8192], *s;
	ssize_t n = pread(fd, b, sizeof(b) - 1, 0);
	long vec, cnt;

	if (n <= 0)
		return -1;
	b[n] = 0;
	for (s = b; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : s)
		if (sscanf(s, "%ld %ld", &vec, &cnt) == 2 && vec == v)
			return cnt;
	return -1;
}

int main(int argc, char **argv)
{
	static char reply[UEPF_CTL_MAX_REPLY + 1];
	char p[512], req[64];
	int v, n, gap, i, sfd, cfd, lost = 0;
	double *t;

	if (argc < 5) {
		fprintf(stderr, "usage: uepf-bench-unmask SOCKET DEBUGFS_DIR VECTOR N [GAP_MS]\n");
		return 2;
	}
	v = atoi(argv[3]);
	n = atoi(argv[4]);
	gap = argc > 5 ? atoi(argv[5]) : 0;
	if (n < 1)
		return 2;
	sfd = uepf_ctl_connect(argv[1]);
	if (sfd < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(-sfd));
		return 2;
	}
	snprintf(p, sizeof(p), "%s/counts", argv[2]);
	cfd = open(p, O_RDONLY);
	if (cfd < 0) {
		perror(p);
		return 2;
	}
	snprintf(req, sizeof(req), "fire %d", v);
	t = calloc(n, sizeof(*t));
	for (i = 0; i < n; i++) {
		long c0;
		double t0;

		put(argv[2], "mask", v);
		if (uepf_ctl_call(sfd, req, reply, sizeof(reply), 5000) < 0 ||
		    !strstr(reply, "latched")) {
			fprintf(stderr, "fire not latched: %s\n", reply);
			return 1;
		}
		c0 = count(cfd, v);
		if (gap)
			usleep(gap * 1000);
		t0 = now_us();
		put(argv[2], "unmask", v);
		while (count(cfd, v) == c0) {
			if (now_us() - t0 > 2e6) {
				lost++;
				break;
			}
		}
		t[i] = now_us() - t0;
	}
	qsort(t, n, sizeof(*t), cmp);
	printf("unmask n=%d gap_ms=%d lost=%d p50_us=%.0f p99_us=%.0f max_us=%.0f\n",
	       n, gap, lost, t[n / 2], t[(n * 99) / 100], t[n - 1]);
	return lost ? 1 : 0;
}
