/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uepf-events NAME [MAX] [TIMEOUT_MS] [DELAY_MS]: open the device, print
 * "open", sleep DELAY_MS or, when it is -1, wait for a line on stdin (events
 * queue up meanwhile), then print events,
 * one line each ("event link-up arg=0 seq=3"), until MAX events, a timeout
 * with no event ("timeout"), or end of file ("eof").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <uepf/device.h>

int main(int argc, char **argv)
{
	struct uepf_device *d;
	struct uepf_event ev;
	long max = -1, got = 0;
	int timeout = 1000, ret;
	char err[256];

	if (argc < 2 || argc > 5) {
		fprintf(stderr, "usage: uepf-events NAME [MAX] [TIMEOUT_MS] [DELAY_MS]\n");
		return 2;
	}
	if (argc >= 3)
		max = strtol(argv[2], NULL, 0);
	if (argc >= 4)
		timeout = atoi(argv[3]);
	if (uepf_device_open(&d, argv[1], UEPF_DEVICE_NONBLOCK, err,
			     sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("open\n");
	fflush(stdout);
	if (argc >= 5 && atoi(argv[4]) < 0) {
		char line[16];

		if (!fgets(line, sizeof(line), stdin))
			return 1;
	} else if (argc >= 5) {
		usleep(atoi(argv[4]) * 1000);
	}
	while (max < 0 || got < max) {
		ret = uepf_device_event(d, &ev, timeout);
		if (ret == 0) {
			printf("timeout\n");
			break;
		}
		if (ret == -ENODEV) {
			printf("eof\n");
			break;
		}
		if (ret < 0) {
			printf("error %s\n", uepf_device_errmsg(d));
			break;
		}
		printf("event %s arg=%u seq=%llu\n", uepf_event_name(ev.type),
		       ev.arg, (unsigned long long)ev.seq);
		fflush(stdout);
		got++;
	}
	uepf_device_close(d);
	return 0;
}
