/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uepf-host: host-side MSI-X checker built on libpci.
 *
 * Internal interfaces shared by the small files of this program.  Each file
 * has one concern: main.c (options, verbs), msix-cap.c (the capability and its
 * layout checks), bar.c (BAR decode and sysfs resource mapping), table.c
 * (table entries and PBA in BAR memory), hostdrv.c (the uepf-host-test debugfs
 * interface), doorbell.c (making the device raise a vector), check.c (the
 * masking scenario); JSON output and messages come from userspace/common.
 */
#ifndef UEPF_HOST_H
#define UEPF_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json-writer.h"
#include "msg.h"

#include <pci/pci.h>

/* Exit statuses: 0 all good, 1 a check or layout rule failed, 2 could not run. */
#define EXIT_CHECK_FAILED	1
#define EXIT_TROUBLE		2

#define MSIX_MAX_VECTORS	2048

/* ---- main.c ---------------------------------------------------------- */

/* Global options. */
struct host_opts {
	bool json;			/* --json on read verbs */
	bool dump;			/* access method is "dump": no BAR memory */
	uint64_t bar_size[6];		/* --bar-size overrides, 0 = not given */
	int timeout_ms;			/* check: wait for an expected event */
	int settle_ms;			/* check: watch for unexpected events */
	const char *doorbell;		/* check: --doorbell spec */
	const char *debugfs;		/* root of uepf-host-test debugfs */
};

extern struct host_opts opts;

/* Format the device address as DDDD:BB:DD.F into @buf (at least 16 bytes). */
const char *dev_name(struct pci_dev *d, char *buf, size_t len);

/* ---- bar.c ----------------------------------------------------------- */

/* What is known about one BAR of a type 0 header. */
struct bar_info {
	int index;
	bool present;		/* register implemented (not 0 and not upper half) */
	bool io;		/* I/O space BAR */
	bool is64;		/* 64-bit memory BAR (uses index+1 too) */
	bool upper_half;	/* this index is the upper half of a 64-bit BAR */
	bool prefetch;
	uint64_t addr;		/* bus address without flag bits */
	uint64_t size;		/* 0 when unknown */
	bool size_known;
	const char *size_source;	/* "sysfs", "--bar-size" or NULL */
	uint64_t size_bound;	/* upper bound implied by address alignment, 0 = none */
	bool mem_enabled;	/* Command register Memory Space Enable */
};

/* Decode BAR @index of @d (config space + what libpci knows about sizes). */
void bar_decode(struct pci_dev *d, int index, struct bar_info *b);

/* Human readable size (4K, 1M, ...) into @buf. */
const char *size_str(uint64_t size, char *buf, size_t len);

/* A mapping of part of a BAR through /sys/bus/pci/devices/BDF/resourceN. */
struct bar_map {
	volatile uint8_t *base;	/* points at the requested offset */
	void *map;
	size_t map_len;
	int fd;
};

/*
 * Map @len bytes at @offset of BAR @bar of @d, read-only or read-write.
 * On failure print a message that says why (not root, lockdown, BAR claimed
 * with strict devmem, ...) and exit(EXIT_TROUBLE).
 */
void bar_map(struct pci_dev *d, int bar, uint64_t offset, size_t len,
	     bool writable, struct bar_map *m);

/* Undo bar_map(). */
void bar_unmap(struct bar_map *m);

/* ---- msix-cap.c ------------------------------------------------------ */

struct msix_cap {
	int pos;		/* config space offset of the capability */
	uint16_t ctrl;		/* Message Control */
	unsigned int nvec;	/* Table Size + 1 */
	bool enabled, fmasked;
	unsigned int table_bir, pba_bir;
	uint32_t table_off, pba_off;
	uint64_t table_len, pba_len;	/* bytes */
};

enum finding_level { FIND_OK, FIND_NOTE, FIND_WARN, FIND_ERROR };

struct finding {
	enum finding_level level;
	char text[200];
};

#define MAX_FINDINGS 24

/* The layout rules of a capability against the BARs of its device. */
struct msix_layout {
	struct bar_info table_bar, pba_bar;
	struct finding f[MAX_FINDINGS];
	int n;
	int errors, warnings;
};

/* Find and decode the MSI-X capability of @d; false if it has none. */
bool msix_cap_read(struct pci_dev *d, struct msix_cap *c);

/*
 * Check BIR, alignment, fit in the BAR, BAR type and decoding, overlap of
 * table and PBA.  Never guesses a BAR size: says when it is unknown.
 */
void msix_layout_check(struct pci_dev *d, const struct msix_cap *c,
		       struct msix_layout *l);

/* Write Message Control: set bits in @set, clear bits in @clear. */
void msix_ctrl_update(struct pci_dev *d, const struct msix_cap *c,
		      uint16_t set, uint16_t clear);

/* Name of a finding level ("ok", "note", "warning", "error"). */
const char *finding_level_name(enum finding_level lvl);

/* ---- table.c --------------------------------------------------------- */

struct msix_entry {
	uint64_t addr;
	uint32_t data;
	uint32_t ctrl;
};

/* The table and PBA of a device, mapped from its BARs. */
struct msix_mem {
	struct bar_map table, pba;
	unsigned int nvec;
};

/* Map table and PBA (read-only unless @writable); exits on failure. */
void msix_mem_map(struct pci_dev *d, const struct msix_cap *c, bool writable,
		  struct msix_mem *m);
void msix_mem_unmap(struct msix_mem *m);

/* Read table entry @v. */
void msix_entry_read(const struct msix_mem *m, unsigned int v,
		     struct msix_entry *e);

/* Set or clear the mask bit of entry @v (read-modify-write of Vector Control). */
void msix_entry_set_mask(struct msix_mem *m, unsigned int v, bool mask);

/* Pending bit of vector @v. */
bool msix_pba_bit(const struct msix_mem *m, unsigned int v);

/* QWORD @i of the PBA. */
uint64_t msix_pba_qword(const struct msix_mem *m, unsigned int i);

/* ---- hostdrv.c ------------------------------------------------------- */

/* The uepf-host-test driver's debugfs directory of one device. */
struct hostdrv {
	char dir[256];
	unsigned int nvec;
};

/* Open the debugfs directory for @d; false (and @why set) if absent. */
bool hostdrv_open(struct pci_dev *d, struct hostdrv *h, char *why, size_t len);

/* Interrupt counts per vector into @counts (hostdrv.nvec entries). */
void hostdrv_counts(const struct hostdrv *h, uint64_t *counts);

/* Mask or unmask vector @v through the kernel's MSI-X mask helpers. */
void hostdrv_mask(const struct hostdrv *h, unsigned int v, bool mask);

/* ---- doorbell.c ------------------------------------------------------ */

/* How to make the device signal one vector. */
struct doorbell {
	enum { DB_UEPF, DB_EPF_TEST } kind;
	int bar;
	uint32_t offset;
	struct bar_map map;
};

/* Parse a --doorbell spec ("BAR:OFFSET" or "epf-test[:BAR]"); exits on error. */
void doorbell_parse(const char *spec, struct doorbell *db);

/* Map the doorbell register(s). */
void doorbell_open(struct pci_dev *d, struct doorbell *db);

/* Ask the device to signal vector @v (0-based); false on device timeout. */
bool doorbell_ring(struct doorbell *db, unsigned int v, int timeout_ms);

void doorbell_close(struct doorbell *db);

/* ---- check.c --------------------------------------------------------- */

/* Run the masking scenario on the vectors in @vecs (all if @nv == 0). */
int check_run(struct pci_dev *d, const unsigned int *vecs, unsigned int nv);

/* ---- util ------------------------------------------------------------ */

/* Milliseconds on a monotonic clock. */
uint64_t now_ms(void);
void sleep_ms(int ms);

#endif /* UEPF_HOST_H */
