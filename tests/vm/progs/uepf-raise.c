/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uepf-raise NAME VECTOR [COUNT] [nocheck]: raise a vector COUNT times
 * through libuepf.  Prints "raised N" or "refused REASON errno=EPERM" /
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
	unsigned long v, n = 1, i;
	char err[256];
	int ret = 0;

	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: uepf-raise NAME VECTOR [COUNT] [nocheck]\n");
		return 2;
	}
	v = strtoul(argv[2], NULL, 0);
	if (argc >= 4)
		n = strtoul(argv[3], NULL, 0);
	if (argc == 5 && !strcmp(argv[4], "nocheck"))
		flags = UEPF_RAISE_NOCHECK;
	if (uepf_device_open(&d, argv[1], 0, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		ret = uepf_device_raise(d, v, flags, &refused);
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
