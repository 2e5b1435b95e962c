// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepf-host: client of the uepf-host-test driver's debugfs files
 * (tests/host-driver): <debugfs>/uepf-host-test/<BDF>/{nvec,counts,mask,unmask}.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "host.h"

static FILE *open_file(const struct hostdrv *h, const char *name, const char *mode)
{
	char path[320];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", h->dir, name);
	f = fopen(path, mode);
	if (!f)
		die(EXIT_TROUBLE, "%s: %s", path, strerror(errno));
	return f;
}

bool hostdrv_open(struct pci_dev *d, struct hostdrv *h, char *why, size_t len)
{
	char dev[32];
	struct stat st;
	FILE *f;

	dev_name(d, dev, sizeof(dev));
	snprintf(h->dir, sizeof(h->dir), "%s/%s", opts.debugfs, dev);
	if (stat(opts.debugfs, &st) != 0) {
		snprintf(why, len, "%s: %s (is debugfs mounted and uepf-host-test.ko loaded?)",
			 opts.debugfs, strerror(errno));
		return false;
	}
	if (stat(h->dir, &st) != 0) {
		snprintf(why, len,
			 "%s is not bound to uepf-host-test (no %s); bind it: echo uepf-host-test > /sys/bus/pci/devices/%s/driver_override; echo %s > /sys/bus/pci/drivers_probe (unbind its current driver first)",
			 dev, h->dir, dev, dev);
		return false;
	}
	f = open_file(h, "nvec", "r");
	if (fscanf(f, "%u", &h->nvec) != 1 || !h->nvec || h->nvec > MSIX_MAX_VECTORS)
		die(EXIT_TROUBLE, "%s/nvec: unreadable or out of range 1..%d",
		    h->dir, MSIX_MAX_VECTORS);
	fclose(f);
	return true;
}

void hostdrv_counts(const struct hostdrv *h, uint64_t *counts)
{
	FILE *f = open_file(h, "counts", "r");
	unsigned int v, seen = 0;
	unsigned long long n;

	memset(counts, 0, sizeof(*counts) * h->nvec);
	while (fscanf(f, "%u %llu", &v, &n) == 2) {
		if (v >= h->nvec)
			die(EXIT_TROUBLE, "%s/counts: vector %u out of range 0..%u",
			    h->dir, v, h->nvec - 1);
		counts[v] = n;
		seen++;
	}
	fclose(f);
	if (seen != h->nvec)
		die(EXIT_TROUBLE, "%s/counts: %u lines for %u vectors", h->dir,
		    seen, h->nvec);
}

void hostdrv_mask(const struct hostdrv *h, unsigned int v, bool mask)
{
	FILE *f = open_file(h, mask ? "mask" : "unmask", "w");

	fprintf(f, "%u\n", v);
	if (fclose(f) != 0)
		die(EXIT_TROUBLE, "%s/%s: write of %u failed: %s", h->dir,
		    mask ? "mask" : "unmask", v, strerror(errno));
}
