/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libuepf device access: /dev/uepf/<name>, see include/uepf/device.h.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include <uepf/device.h>

struct uepf_device {
	int fd;
	char name[UEPF_NAME_LEN];
	struct uepf_info info;
	void *bar[UEPF_NUM_BARS];
	uint64_t bar_size[UEPF_NUM_BARS];
	char errmsg[256];
};

static int fail(char *buf, size_t len, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Format "uepf NAME: what: strerror" into @buf; return -@err. */
static int fail(char *buf, size_t len, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (buf && len) {
		va_start(ap, fmt);
		n = vsnprintf(buf, len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < len)
			snprintf(buf + n, len - n, ": %s (errno %d)",
				 strerror(err), err);
	}
	return -err;
}

#define dfail(d, err, fmt, ...) \
	fail((d)->errmsg, sizeof((d)->errmsg), err, "uepf %s: " fmt, \
	     (d)->name, ##__VA_ARGS__)

static void unmap_bars(struct uepf_device *d)
{
	unsigned int i;

	for (i = 0; i < UEPF_NUM_BARS; i++) {
		if (d->bar[i])
			munmap(d->bar[i], d->bar_size[i]);
		d->bar[i] = NULL;
	}
}

static int map_bars(struct uepf_device *d)
{
	unsigned int i;

	for (i = 0; i < UEPF_NUM_BARS; i++) {
		const struct uepf_bar_info *b = &d->info.bar[i];
		void *p;

		if (!(b->flags & UEPF_BAR_USED) || !b->size)
			continue;
		if (b->size > SIZE_MAX)
			return dfail(d, EOVERFLOW, "BAR%u of 0x%llx bytes", i,
				     (unsigned long long)b->size);
		p = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 d->fd, (off_t)b->mmap_offset);
		if (p == MAP_FAILED)
			return dfail(d, errno, "mmap BAR%u (0x%llx bytes)", i,
				     (unsigned long long)b->size);
		d->bar[i] = p;
		d->bar_size[i] = b->size;
	}
	return 0;
}

int uepf_device_open(struct uepf_device **dp, const char *name, int flags,
		     char *err, size_t errlen)
{
	struct uepf_device *d;
	char path[sizeof(UEPF_DEVICE_DIR) + UEPF_NAME_LEN + 1];
	const char *base;
	int ret;

	if (!dp)
		return fail(err, errlen, EINVAL, "uepf: no result pointer");
	*dp = NULL;
	if (!name || !*name)
		return fail(err, errlen, EINVAL, "uepf: empty function name");
	if (flags & ~UEPF_DEVICE_NONBLOCK)
		return fail(err, errlen, EINVAL, "uepf %s: flags 0x%x", name,
			    flags);
	base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	if (strlen(base) >= UEPF_NAME_LEN)
		return fail(err, errlen, ENAMETOOLONG,
			    "uepf %s: name longer than %d", name,
			    UEPF_NAME_LEN - 1);
	if (strchr(name, '/')) {
		if (strlen(name) >= sizeof(path))
			return fail(err, errlen, ENAMETOOLONG, "uepf %s", name);
		strcpy(path, name);
	} else {
		snprintf(path, sizeof(path), "%s/%s", UEPF_DEVICE_DIR, name);
	}

	d = calloc(1, sizeof(*d));
	if (!d)
		return fail(err, errlen, ENOMEM, "uepf %s", name);
	snprintf(d->name, sizeof(d->name), "%s", base);
	d->fd = open(path, O_RDWR | O_CLOEXEC |
		     (flags & UEPF_DEVICE_NONBLOCK ? O_NONBLOCK : 0));
	if (d->fd < 0) {
		ret = dfail(d, errno, "open %s", path);
		goto out;
	}
	d->info.size = sizeof(d->info);
	if (ioctl(d->fd, UEPF_IOC_INFO, &d->info) < 0) {
		ret = dfail(d, errno, "UEPF_IOC_INFO");
		goto out;
	}
	if (d->info.abi_version != UEPF_ABI_VERSION) {
		ret = dfail(d, EPROTO, "kernel ABI version %u, library %u",
			    d->info.abi_version, UEPF_ABI_VERSION);
		goto out;
	}
	ret = map_bars(d);
	if (ret)
		goto out;
	*dp = d;
	return 0;
out:
	if (err && errlen)
		snprintf(err, errlen, "%s", d->errmsg);
	uepf_device_close(d);
	return ret;
}

void uepf_device_close(struct uepf_device *d)
{
	if (!d)
		return;
	unmap_bars(d);
	if (d->fd >= 0)
		close(d->fd);
	free(d);
}

const char *uepf_device_errmsg(const struct uepf_device *d)
{
	return d ? d->errmsg : "uepf: no device";
}

const char *uepf_device_name(const struct uepf_device *d)
{
	return d->name;
}

int uepf_device_fd(const struct uepf_device *d)
{
	return d->fd;
}

const struct uepf_info *uepf_device_info(const struct uepf_device *d)
{
	return &d->info;
}

void *uepf_device_bar(const struct uepf_device *d, unsigned int bar,
		      uint64_t *size)
{
	if (bar >= UEPF_NUM_BARS || !d->bar[bar])
		return NULL;
	if (size)
		*size = d->bar_size[bar];
	return d->bar[bar];
}

int uepf_device_raise(struct uepf_device *d, unsigned int vector,
		      unsigned int flags, unsigned int *refused)
{
	struct uepf_raise r = {
		.size = sizeof(r),
		.vector = vector,
		.flags = flags,
	};
	int ret = 0;

	if (ioctl(d->fd, UEPF_IOC_RAISE, &r) < 0) {
		if (errno == EPERM)
			ret = dfail(d, errno, "raise vector %u refused: %s",
				    vector, uepf_refused_name(r.refused));
		else if (errno == EIO)
			ret = dfail(d, errno, "raise vector %u: controller error %d",
				    vector, r.epc_error);
		else
			ret = dfail(d, errno, "raise vector %u", vector);
	}
	if (refused)
		*refused = r.refused;
	return ret;
}

int uepf_device_raise_msi(struct uepf_device *d, unsigned int msg,
			  unsigned int *refused)
{
	struct uepf_raise r = {
		.size = sizeof(r),
		.vector = msg,
		.flags = UEPF_RAISE_MSI,
	};
	int ret = 0;

	if (ioctl(d->fd, UEPF_IOC_RAISE, &r) < 0) {
		if (errno == EPERM)
			ret = dfail(d, errno, "raise MSI %u refused: %s",
				    msg, uepf_refused_name(r.refused));
		else if (errno == EIO)
			ret = dfail(d, errno, "raise MSI %u: controller error %d",
				    msg, r.epc_error);
		else if (errno == EINVAL && !d->info.msi_vectors)
			ret = dfail(d, errno, "raise MSI %u: the function has no MSI (msi_interrupts was 0 or the controller has no MSI)",
				    msg);
		else if (errno == EINVAL)
			ret = dfail(d, errno, "raise MSI %u: not below the messages the host enabled (at most %u offered)",
				    msg, d->info.msi_vectors);
		else
			ret = dfail(d, errno, "raise MSI %u", msg);
	}
	if (refused)
		*refused = r.refused;
	return ret;
}

int uepf_device_ctrl(struct uepf_device *d, struct uepf_ctrl *ctrl)
{
	memset(ctrl, 0, sizeof(*ctrl));
	ctrl->size = sizeof(*ctrl);
	if (ioctl(d->fd, UEPF_IOC_CTRL, ctrl) < 0)
		return dfail(d, errno, "UEPF_IOC_CTRL");
	return 0;
}

int uepf_device_msgctl(struct uepf_device *d, uint16_t *msgctl)
{
	struct uepf_ctrl c;
	int ret;

	ret = uepf_device_ctrl(d, &c);
	if (ret)
		return ret;
	*msgctl = (uint16_t)((d->info.msix_vectors - 1) & PCI_MSIX_FLAGS_QSIZE);
	if (c.flags & UEPF_CTRL_ENABLE)
		*msgctl |= PCI_MSIX_FLAGS_ENABLE;
	if ((c.flags & UEPF_CTRL_MASKALL_VALID) &&
	    (c.flags & UEPF_CTRL_MASKALL))
		*msgctl |= PCI_MSIX_FLAGS_MASKALL;
	return 0;
}

int uepf_device_stats(struct uepf_device *d, struct uepf_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	stats->size = sizeof(*stats);
	if (ioctl(d->fd, UEPF_IOC_STATS, stats) < 0)
		return dfail(d, errno, "UEPF_IOC_STATS");
	return 0;
}

int uepf_device_raise_counts(struct uepf_device *d, unsigned int first,
			     unsigned int count, uint32_t *counts)
{
	struct uepf_raise_counts rc = {
		.size = sizeof(rc),
		.first = first,
		.count = count,
		.counts = (uintptr_t)counts,
	};

	if (!count || first > d->info.msix_vectors ||
	    count > d->info.msix_vectors - first)
		return dfail(d, EINVAL, "raise counts of vectors %u..+%u: outside 0..%u",
			     first, count, d->info.msix_vectors - 1);
	if (ioctl(d->fd, UEPF_IOC_RAISE_COUNTS, &rc) < 0)
		return dfail(d, errno, "UEPF_IOC_RAISE_COUNTS (vectors %u..+%u)",
			     first, count);
	return 0;
}

int uepf_device_event(struct uepf_device *d, struct uepf_event *ev,
		      int timeout_ms)
{
	struct pollfd pfd = { .fd = d->fd, .events = POLLIN };
	ssize_t n;
	int ret;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0)
		return dfail(d, errno, "poll");
	if (ret == 0)
		return 0;
	n = read(d->fd, ev, sizeof(*ev));
	if (n < 0) {
		if (errno == EAGAIN)
			return 0;
		return dfail(d, errno, "read event");
	}
	if (n == 0)
		return dfail(d, ENODEV, "function unbound");
	if ((size_t)n != sizeof(*ev))
		return dfail(d, EPROTO, "short event read (%zd bytes)", n);
	return 1;
}

const char *uepf_event_name(uint32_t type)
{
	switch (type) {
	case UEPF_EVENT_OVERFLOW:	return "overflow";
	case UEPF_EVENT_CORE_INIT:	return "core-init";
	case UEPF_EVENT_LINK_UP:	return "link-up";
	case UEPF_EVENT_LINK_DOWN:	return "link-down";
	case UEPF_EVENT_BME:		return "bus-master-enable";
	case UEPF_EVENT_HOST_RESET:	return "host-reset";
	case UEPF_EVENT_UNBOUND:	return "unbound";
	default:			return "unknown";
	}
}

const char *uepf_refused_name(uint32_t refused)
{
	switch (refused) {
	case UEPF_REFUSED_NONE:		return "none";
	case UEPF_REFUSED_DISABLED:	return "msix-disabled";
	case UEPF_REFUSED_FUNC_MASKED:	return "function-masked";
	case UEPF_REFUSED_VECTOR_MASKED: return "vector-masked";
	case UEPF_REFUSED_BY_EPC:	return "refused-by-controller";
	case UEPF_REFUSED_MSI_DISABLED:	return "msi-disabled";
	default:			return "unknown";
	}
}

void uepf_device_msix_layout(const struct uepf_device *d,
			     struct uepf_msix_layout *layout)
{
	unsigned int i;

	memset(layout, 0, sizeof(*layout));
	layout->nvectors = d->info.msix_vectors;
	layout->table_bar = d->info.table_bar;
	layout->table_offset = d->info.table_offset;
	layout->pba_bar = d->info.pba_bar;
	layout->pba_offset = d->info.pba_offset;
	for (i = 0; i < UEPF_NUM_BARS && i < UEPF_MSIX_NUM_BARS; i++)
		layout->bar_size[i] = d->bar_size[i];
}

int uepf_device_msix_raise(void *opaque, unsigned int vector)
{
	struct uepf_device *d = opaque;
	int ret;

	ret = uepf_device_raise(d, vector, 0, NULL);
	if (ret == -EPERM)
		return UEPF_MSIX_REFUSED;
	return ret;
}

int uepf_device_msix_new(struct uepf_device *d, struct uepf_msix **mp,
			 char *err, size_t errlen)
{
	struct uepf_msix_layout layout;
	char why[200] = "";
	int ret;

	uepf_device_msix_layout(d, &layout);
	ret = uepf_msix_layout_check(&layout, why, sizeof(why));
	if (!ret && (!d->bar[layout.table_bar] || !d->bar[layout.pba_bar]))
		ret = UEPF_MSIX_E_INVAL;
	if (!ret)
		ret = uepf_msix_new(mp, &layout,
				    (char *)d->bar[layout.table_bar] +
				    layout.table_offset,
				    (char *)d->bar[layout.pba_bar] +
				    layout.pba_offset,
				    uepf_device_msix_raise, d, why, sizeof(why));
	if (ret && err && errlen)
		snprintf(err, errlen, "uepf %s: MSI-X core: %s%s%s", d->name,
			 uepf_msix_strerror(ret), *why ? ": " : "", why);
	return ret;
}
