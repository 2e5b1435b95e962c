/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uepf-hold NAME: open the device, map every BAR, print "mapped", then
 * block on the event queue until the function is unbound, and report what
 * the process sees afterwards, one line each:
 *   event unbound | ioctl-info ENODEV | ioctl-raise ENODEV |
 *   ioctl-raise-counts ENODEV | mmap ENODEV | read eof | bar-read SIGBUS
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/uepf.h>

static sigjmp_buf jb;

static void on_sigbus(int sig)
{
	siglongjmp(jb, sig);
}

static const char *err_name(int ret)
{
	return ret < 0 ? strerrorname_np(errno) : "success";
}

int main(int argc, char **argv)
{
	struct uepf_info info = { .size = sizeof(info) };
	struct uepf_raise r = { .size = sizeof(r) };
	volatile unsigned int *bar[UEPF_NUM_BARS] = { 0 };
	struct sigaction sa;
	struct uepf_event ev;
	char path[128];
	ssize_t n;
	int fd, i, ret;
	void *p;

	if (argc != 2) {
		fprintf(stderr, "usage: uepf-hold NAME\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	snprintf(path, sizeof(path), "/dev/uepf/%s", argv[1]);
	fd = open(path, O_RDWR);
	if (fd < 0 || ioctl(fd, UEPF_IOC_INFO, &info)) {
		perror(path);
		return 1;
	}
	for (i = 0; i < UEPF_NUM_BARS; i++) {
		if (!(info.bar[i].flags & UEPF_BAR_USED))
			continue;
		p = mmap(NULL, info.bar[i].size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, fd, (off_t)info.bar[i].mmap_offset);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		bar[i] = p;
		(void)bar[i][0];
	}
	printf("mapped\n");

	do {
		n = read(fd, &ev, sizeof(ev));
		if (n == sizeof(ev))
			printf("event %u\n", ev.type);
	} while (n == sizeof(ev) && ev.type != UEPF_EVENT_UNBOUND);
	if (n == sizeof(ev))
		printf("event unbound\n");

	ret = ioctl(fd, UEPF_IOC_INFO, &info);
	printf("ioctl-info %s\n", err_name(ret));
	ret = ioctl(fd, UEPF_IOC_RAISE, &r);
	printf("ioctl-raise %s\n", err_name(ret));
	{
		__u32 cnt;
		struct uepf_raise_counts rc = {
			.size = sizeof(rc), .count = 1,
			.counts = (__u64)(unsigned long)&cnt,
		};

		ret = ioctl(fd, UEPF_IOC_RAISE_COUNTS, &rc);
		printf("ioctl-raise-counts %s\n", err_name(ret));
	}
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	printf("mmap %s\n", p == MAP_FAILED ? strerrorname_np(errno) :
	       "success");
	n = read(fd, &ev, sizeof(ev));
	printf("read %s\n", n == 0 ? "eof" : n < 0 ? strerrorname_np(errno) :
	       "data");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	for (i = 0; i < UEPF_NUM_BARS; i++) {
		int sig;

		if (!bar[i])
			continue;
		sig = sigsetjmp(jb, 1);
		if (!sig) {
			(void)bar[i][0];
			printf("bar-read readable\n");
		} else {
			printf("bar-read %s\n", sig == SIGBUS ? "SIGBUS" :
			       "SIGSEGV");
		}
		break;
	}
	close(fd);
	printf("closed\n");
	return 0;
}
