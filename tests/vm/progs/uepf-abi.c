/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uepf-abi NAME CHECK: one negative test of the raw /dev/uepf ABI.  Exits
 * 0 when the kernel answered with the documented errno, 1 otherwise, and
 * prints what it got.  "uepf-abi NAME list" lists the checks.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/uepf.h>

static int fd;
static struct uepf_info info;

static int first_bar(int used)
{
	int i;

	for (i = 0; i < UEPF_NUM_BARS; i++)
		if (!!(info.bar[i].flags & UEPF_BAR_USED) == used)
			return i;
	return -1;
}

/* Return the errno of the operation, 0 on success. */
static int try_mmap(off_t off, size_t len, int flags)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, off);

	if (p == MAP_FAILED)
		return errno;
	munmap(p, len);
	return 0;
}

static int run(const char *check)
{
	struct uepf_raise r = { .size = sizeof(r) };
	struct uepf_info in = { .size = 4 };
	struct uepf_event ev[2];
	long page = sysconf(_SC_PAGESIZE);
	int bar;

	if (!strcmp(check, "raise-vector-range")) {
		r.vector = info.msix_vectors;
		return ioctl(fd, UEPF_IOC_RAISE, &r) ? errno : 0;
	}
	if (!strcmp(check, "raise-vector-huge")) {
		r.vector = 0xffffffff;
		return ioctl(fd, UEPF_IOC_RAISE, &r) ? errno : 0;
	}
	if (!strcmp(check, "raise-bad-flags")) {
		r.flags = 0x80;
		return ioctl(fd, UEPF_IOC_RAISE, &r) ? errno : 0;
	}
	if (!strcmp(check, "raise-reserved")) {
		r.reserved = 1;
		return ioctl(fd, UEPF_IOC_RAISE, &r) ? errno : 0;
	}
	if (!strcmp(check, "raise-small-size")) {
		r.size = 8;
		return ioctl(fd, UEPF_IOC_RAISE, &r) ? errno : 0;
	}
	if (!strncmp(check, "counts-", 7)) {
		__u32 buf[UEPF_MAX_VECTORS + 1];
		struct uepf_raise_counts rc = {
			.size = sizeof(rc), .first = 0, .count = 1,
			.counts = (__u64)(unsigned long)buf,
		};

		if (!strcmp(check, "counts-ok"))
			rc.count = info.msix_vectors;
		else if (!strcmp(check, "counts-past-end"))
			rc.first = info.msix_vectors - 1, rc.count = 2;
		else if (!strcmp(check, "counts-first-past-end"))
			rc.first = info.msix_vectors;
		else if (!strcmp(check, "counts-wrap"))
			rc.first = 1, rc.count = 0xffffffff;
		else if (!strcmp(check, "counts-zero"))
			rc.count = 0;
		else if (!strcmp(check, "counts-small-size"))
			rc.size = 20;
		else if (!strcmp(check, "counts-reserved"))
			rc.reserved = 1;
		else if (!strcmp(check, "counts-bad-pointer"))
			rc.counts = 16;
		else
			return -1;
		return ioctl(fd, UEPF_IOC_RAISE_COUNTS, &rc) ? errno : 0;
	}
	if (!strcmp(check, "info-small-size"))
		return ioctl(fd, UEPF_IOC_INFO, &in) ? errno : 0;
	if (!strcmp(check, "info-bad-pointer"))
		return ioctl(fd, UEPF_IOC_INFO, (void *)16) ? errno : 0;
	if (!strcmp(check, "ioctl-unknown"))
		return ioctl(fd, _IOWR(UEPF_IOC_MAGIC, 0x7f, struct uepf_raise),
			     &r) ? errno : 0;
	if (!strcmp(check, "ioctl-wrong-encoded-size"))
		return ioctl(fd, _IOWR(UEPF_IOC_MAGIC, 0x01, __u32), &r) ?
			errno : 0;
	if (!strcmp(check, "mmap-bad-bar"))
		return try_mmap((off_t)UEPF_MMAP_OFFSET(6), page, MAP_SHARED);
	if (!strcmp(check, "mmap-unused-bar")) {
		bar = first_bar(0);
		if (bar < 0)
			return -1;
		return try_mmap((off_t)UEPF_MMAP_OFFSET(bar), page,
				MAP_SHARED);
	}
	if (!strcmp(check, "mmap-past-end")) {
		bar = first_bar(1);
		return try_mmap((off_t)UEPF_MMAP_OFFSET(bar),
				info.bar[bar].size + page, MAP_SHARED);
	}
	if (!strcmp(check, "mmap-offset-past-end")) {
		bar = first_bar(1);
		return try_mmap((off_t)(UEPF_MMAP_OFFSET(bar) +
					info.bar[bar].size), page, MAP_SHARED);
	}
	if (!strcmp(check, "mmap-private")) {
		bar = first_bar(1);
		return try_mmap((off_t)UEPF_MMAP_OFFSET(bar), page,
				MAP_PRIVATE);
	}
	if (!strcmp(check, "mmap-whole-bar")) {
		bar = first_bar(1);
		return try_mmap((off_t)UEPF_MMAP_OFFSET(bar),
				info.bar[bar].size, MAP_SHARED);
	}
	if (!strcmp(check, "read-small-buffer"))
		return read(fd, ev, sizeof(ev[0]) - 1) < 0 ? errno : 0;
	if (!strcmp(check, "read-nonblock-empty")) {
		fcntl(fd, F_SETFL, O_NONBLOCK);
		while (read(fd, ev, sizeof(ev)) > 0)
			;
		return errno;
	}
	fprintf(stderr, "unknown check %s\n", check);
	return -1;
}

static const char *const checks =
	"raise-vector-range raise-vector-huge raise-bad-flags raise-reserved\n"
	"raise-small-size info-small-size info-bad-pointer ioctl-unknown\n"
	"ioctl-wrong-encoded-size mmap-bad-bar mmap-unused-bar mmap-past-end\n"
	"mmap-offset-past-end mmap-private mmap-whole-bar read-small-buffer\n"
	"read-nonblock-empty counts-ok counts-past-end counts-first-past-end\n"
	"counts-wrap counts-zero counts-small-size counts-reserved\n"
	"counts-bad-pointer\n";

int main(int argc, char **argv)
{
	char path[128];
	int got;

	if (argc != 3) {
		fprintf(stderr, "usage: uepf-abi NAME CHECK|list\n");
		return 2;
	}
	if (!strcmp(argv[2], "list")) {
		fputs(checks, stdout);
		return 0;
	}
	snprintf(path, sizeof(path), "/dev/uepf/%s", argv[1]);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	info.size = sizeof(info);
	if (ioctl(fd, UEPF_IOC_INFO, &info)) {
		perror("UEPF_IOC_INFO");
		return 1;
	}
	got = run(argv[2]);
	if (got < 0)
		return 2;
	printf("%s: %s\n", argv[2], got ? strerrorname_np(got) : "success");
	return 0;
}
