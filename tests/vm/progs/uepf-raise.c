/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uepf-raise NAME VECTOR [COUNT] [nocheck|msi]: raise a vector COUNT times
 * through libuepf (msi: plain MSI message VECTOR).  Prints "raised N" or "refused REASON errno=EPERM" /
 * the error; exit 0 only when every raise was sent.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uepf/device.h>

int main(int argc, char **argv)
{
	struct uepf_device *d;
	unsigned int refused, flags = 0;
	int msi = 0;
	unsigned long v, n = 1, i;
	char err[256];
	int ret = 0;

	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: uepf-raise NAME VECTOR [COUNT] [nocheck|msi]\n");
		return 2;
	}
	v = strtoul(argv[2], NULL, 0);
	if (argc >= 4)
		n = strtoul(argv[3], NULL, 0);
	if (argc == 5 && !strcmp(argv[4], "nocheck"))
		flags = UEPF_RAISE_NOCHECK;
	if (argc == 5 && !strcmp(argv[4], "msi"))
		msi = 1;
	if (uepf_device_open(&d, argv[1], 0, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		ret = msi ? uepf_device_raise_msi(d, v, &refused) :
			    uepf_device_raise(d, v, flags, &refused);
		if (ret)
			break;
	}
	if (!ret)
		printf("raised %lu\n", i);
	else if (ret == -EPERM)
		printf("refused %s errno=EPERM\n", uepf_refused_name(refused));
	else
		printf("error errno=%d %s\n", -ret, uepf_device_errmsg(d));
	uepf_device_close(d);
	return ret ? 1 : 0;
}
