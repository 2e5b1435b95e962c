// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepf-host: Base Address Registers.  Decodes a BAR from config space and maps
 * a part of it through /sys/bus/pci/devices/BDF/resourceN, explaining every
 * way the kernel can refuse that.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "host.h"

#define SYSFS_PCI "/sys/bus/pci/devices"

/* Number of BARs of the header type of @d. */
static int bar_count(struct pci_dev *d)
{
	switch (pci_read_byte(d, PCI_HEADER_TYPE) & 0x7f) {
	case PCI_HEADER_TYPE_NORMAL:
		return 6;
	case PCI_HEADER_TYPE_BRIDGE:
		return 2;
	default:
		return 0;
	}
}

static uint32_t bar_reg(struct pci_dev *d, int i)
{
	return pci_read_long(d, PCI_BASE_ADDRESS_0 + 4 * i);
}

void bar_decode(struct pci_dev *d, int index, struct bar_info *b)
{
	int n = bar_count(d);
	uint32_t r;

	memset(b, 0, sizeof(*b));
	b->index = index;
	b->mem_enabled = pci_read_word(d, PCI_COMMAND) & PCI_COMMAND_MEMORY;
	if (index < 0 || index >= n)
		return;

	/* Is this the upper half of a 64-bit BAR below it? */
	for (int i = 0; i < index; i++) {
		r = bar_reg(d, i);
		if (!(r & PCI_BASE_ADDRESS_SPACE_IO) &&
		    (r & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64) {
			if (i + 1 == index) {
				b->upper_half = true;
				return;
			}
			i++;
		}
	}

	r = bar_reg(d, index);
	if (r & PCI_BASE_ADDRESS_SPACE_IO) {
		b->io = true;
		b->present = true;
		b->addr = r & PCI_BASE_ADDRESS_IO_MASK;
		return;
	}
	b->prefetch = r & PCI_BASE_ADDRESS_MEM_PREFETCH;
	b->is64 = (r & PCI_BASE_ADDRESS_MEM_TYPE_MASK) == PCI_BASE_ADDRESS_MEM_TYPE_64;
	b->addr = r & PCI_BASE_ADDRESS_MEM_MASK;
	if (b->is64 && index + 1 < n)
		b->addr |= (uint64_t)bar_reg(d, index + 1) << 32;
	b->present = b->addr != 0 || (d->known_fields & PCI_FILL_SIZES && d->size[index]);

	if (opts.bar_size[index]) {
		b->size = opts.bar_size[index];
		b->size_known = true;
		b->size_source = "--bar-size";
	} else if ((d->known_fields & PCI_FILL_SIZES) && d->size[index]) {
		b->size = d->size[index];
		b->size_known = true;
		b->size_source = "sysfs";
	}
	/* A BAR is naturally aligned: its address bounds its size. */
	if (b->addr)
		b->size_bound = b->addr & -b->addr;
}

const char *size_str(uint64_t size, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (size >= 1024 && !(size & 1023) && u < 5) {
		size >>= 10;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", (unsigned long long)size);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)size, units[u]);
	return buf;
}

/* The bound driver of @d, or NULL. */
static const char *bound_driver(const char *dev, char *buf, size_t len)
{
	char path[256], link[256];
	ssize_t n;

	snprintf(path, sizeof(path), SYSFS_PCI "/%s/driver", dev);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return NULL;
	link[n] = 0;
	snprintf(buf, len, "%s", basename(link));
	return buf;
}

/* Kernel lockdown mode ("integrity", "confidentiality") or NULL if none. */
static const char *lockdown_mode(char *buf, size_t len)
{
	FILE *f = fopen("/sys/kernel/security/lockdown", "r");
	char line[128], *l, *r;

	if (!f)
		return NULL;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	l = strchr(line, '[');
	r = l ? strchr(l, ']') : NULL;
	if (!l || !r)
		return NULL;
	*r = 0;
	snprintf(buf, len, "%s", l + 1);
	return strcmp(buf, "none") ? buf : NULL;
}

static void explain_mmap_failure(const char *dev, const char *path, int err)
{
	char drv[64], mode[64];
	const char *driver = bound_driver(dev, drv, sizeof(drv));
	const char *lock = lockdown_mode(mode, sizeof(mode));

	if (err == EPERM && lock)
		die(EXIT_TROUBLE,
		    "mmap of %s refused: the kernel is in lockdown mode '%s', which forbids userspace access to PCI BARs; boot without lockdown (lockdown=none, Secure Boot off) to use this verb",
		    path, lock);
	if (err == EINVAL && driver)
		die(EXIT_TROUBLE,
		    "mmap of %s refused (EINVAL): driver '%s' has claimed the BAR and the kernel enforces strict devmem (CONFIG_IO_STRICT_DEVMEM or iomem=strict) or an exclusive claim; unbind it (echo %s > /sys/bus/pci/drivers/%s/unbind) or boot with iomem=relaxed",
		    path, driver, dev, driver);
	if (err == EINVAL)
		die(EXIT_TROUBLE,
		    "mmap of %s refused (EINVAL): the range is outside the BAR or the region is claimed exclusively (see /proc/iomem)",
		    path);
	die(EXIT_TROUBLE, "mmap of %s failed: %s%s", path, strerror(err),
	    lock ? " (kernel lockdown is active)" : "");
}

void bar_map(struct pci_dev *d, int bar, uint64_t offset, size_t len,
	     bool writable, struct bar_map *m)
{
	char dev[32], path[256];
	long page = sysconf(_SC_PAGESIZE);
	uint64_t start = offset & ~(uint64_t)(page - 1);
	struct stat st;
	void *p;

	if (opts.dump)
		die(EXIT_TROUBLE, "BAR memory cannot be read from a config-space dump");
	dev_name(d, dev, sizeof(dev));
	snprintf(path, sizeof(path), SYSFS_PCI "/%s/resource%d", dev, bar);
	m->fd = open(path, writable ? O_RDWR | O_SYNC : O_RDONLY | O_SYNC);
	if (m->fd < 0) {
		int err = errno;

		if (err == ENOENT && d->known_fields & PCI_FILL_SIZES && d->size[bar])
			die(EXIT_TROUBLE, "%s: no such file although the kernel lists BAR %d (size 0x%llx): this kernel does not offer sysfs resource mapping (no HAVE_PCI_MMAP or a sandboxed sysfs)",
			    path, bar, (unsigned long long)d->size[bar]);
		if (err == ENOENT)
			die(EXIT_TROUBLE, "%s: no such file: BAR %d of %s is not implemented or not a resource the kernel knows",
			    path, bar, dev);
		if ((err == EACCES || err == EPERM) && geteuid())
			die(EXIT_TROUBLE, "%s: %s: must be root to map BAR memory",
			    path, strerror(err));
		die(EXIT_TROUBLE, "%s: %s", path, strerror(err));
	}
	if (fstat(m->fd, &st) == 0 && (uint64_t)st.st_size < offset + len)
		die(EXIT_TROUBLE, "%s: range 0x%llx..0x%llx is beyond the BAR (size 0x%llx)",
		    path, (unsigned long long)offset,
		    (unsigned long long)(offset + len), (unsigned long long)st.st_size);
	m->map_len = offset + len - start;
	p = mmap(NULL, m->map_len, writable ? PROT_READ | PROT_WRITE : PROT_READ,
		 MAP_SHARED, m->fd, start);
	if (p == MAP_FAILED)
		explain_mmap_failure(dev, path, errno);
	m->map = p;
	m->base = (volatile uint8_t *)p + (offset - start);
}

void bar_unmap(struct bar_map *m)
{
	if (m->map)
		munmap(m->map, m->map_len);
	if (m->fd >= 0)
		close(m->fd);
	m->map = NULL;
	m->base = NULL;
	m->fd = -1;
}
