// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm-rtt: host command -> MSI-X round trip through the pci_endpoint_test
 * host driver (the same ioctl pcitest -x uses), timed N times.
 *   uepf-bench-rtt [-d /dev/pci-endpoint-test.0] [-n N] [-v VECTOR]
 * Prints: "rtt n=N ok=K p50_us=.. p99_us=.. mean_us=.. min_us=.. max_us=..".
 * Exit 1 when a round trip failed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/pcitest.h>

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

int main(int argc, char **argv)
{
	const char *dev = "/dev/pci-endpoint-test.0";
	int n = 200, vec = 1, c, fd, i, ok = 0;
	double *t, sum = 0;

	while ((c = getopt(argc, argv, "d:n:v:")) != -1) {
		switch (c) {
		case 'd': dev = optarg; break;
		case 'n': n = atoi(optarg); break;
		case 'v': vec = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: uepf-bench-rtt [-d DEV] [-n N] [-v VECTOR]\n");
			return 2;
		}
	}
	if (n < 1 || n > 1000000) {
		fprintf(stderr, "-n %d: outside 1..1000000\n", n);
		return 2;
	}
	fd = open(dev, O_RDWR);
	if (fd < 0) {
		perror(dev);
		return 2;
	}
	if (ioctl(fd, PCITEST_SET_IRQTYPE, 2) < 0) {
		perror("PCITEST_SET_IRQTYPE 2 (MSI-X)");
		return 2;
	}
	t = calloc(n, sizeof(*t));
	for (i = 0; i < n; i++) {
		double t0 = now_us();
		int r = ioctl(fd, PCITEST_MSIX, vec);

		t[i] = now_us() - t0;
		if (r == 1)
			ok++;
		sum += t[i];
	}
	qsort(t, n, sizeof(*t), cmp);
	printf("rtt n=%d ok=%d p50_us=%.0f p99_us=%.0f mean_us=%.0f min_us=%.0f max_us=%.0f\n",
	       n, ok, t[n / 2], t[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1],
	       sum / n, t[0], t[n - 1]);
	return ok == n ? 0 : 1;
}
