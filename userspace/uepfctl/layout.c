// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: the function's configuration (BARs, MSI-X placement, IDs, device
 * model) and its validation before anything is written to configfs.
 *
 * The BAR rules are uepf.ko's (epf/uepf/uepf-cfs.c, doc/configfs.md) and the
 * MSI-X placement is checked with libuepf's uepf_msix_layout_check(), the
 * same rules the kernel applies, so a request uepfctl accepts is one the
 * kernel accepts (the kernel checks again; controller limits such as
 * reserved or fixed-size BARs are only known at bind).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pci_regs.h>

#include <uepf/msix.h>

#include "uepfctl.h"

#define BAR_MIN_SIZE	128ULL
#define BAR_MAX_SIZE_32	(1ULL << 31)
#define BAR_MAX_SIZE_64	(1ULL << 40)
#define MODEL_REG_BAR_SIZE 4096u	/* BAR0 added for pci-epf-test */
#define EPF_TEST_REG_SIZE 0x30u		/* pci-epf-test registers (uepfd) */

void cfg_init(struct fn_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->vectors = 1;
	c->table_bar = BAR_AUTO;
	c->pba_bar = BAR_AUTO;
	c->exclusive_bar = BAR_AUTO;
	c->doorbell_bar = BAR_AUTO;
	c->vendor = 0x1234;
	c->device = 0xc0de;
	c->model = "pci-epf-test";
	c->msi = -1;
}

uint32_t cfg_table_size(uint32_t n)
{
	return n * PCI_MSIX_ENTRY_SIZE;
}

uint32_t cfg_pba_size(uint32_t n)
{
	return (uint32_t)UEPF_MSIX_PBA_SIZE(n);
}

static int bar_index(const char *opt, const char *s, char **end)
{
	if (s[0] < '0' || s[0] > '5' || (s[1] && s[1] != ':'))
		die(EXIT_USAGE, "%s: BAR '%.*s' is not 0..5", opt,
		    (int)strcspn(s, ":"), s);
	*end = (char *)s + 1;
	return s[0] - '0';
}

void cfg_parse_bar(struct fn_cfg *c, const char *spec)
{
	char *rest, *tok, *save = NULL, *copy;
	int bar = bar_index("--bar", spec, &rest);
	uint64_t size;

	if (*rest != ':')
		die(EXIT_USAGE, "--bar %s: expected N:SIZE[:64][:pref]", spec);
	if (c->bar_given[bar])
		die(EXIT_USAGE, "--bar %s: BAR%d given twice", spec, bar);
	copy = xstrdup(rest + 1);
	tok = strtok_r(copy, ":", &save);
	if (!tok || parse_u64(tok, true, &size))
		die(EXIT_USAGE, "--bar %s: size '%s' is not a number (suffixes K, M, G allowed)",
		    spec, tok ? tok : "");
	c->bar_size[bar] = size;
	c->bar_flags[bar] = 0;
	while ((tok = strtok_r(NULL, ":", &save))) {
		if (!strcmp(tok, "64"))
			c->bar_flags[bar] |= PCI_BASE_ADDRESS_MEM_TYPE_64;
		else if (!strcmp(tok, "pref") || !strcmp(tok, "prefetch"))
			c->bar_flags[bar] |= PCI_BASE_ADDRESS_MEM_PREFETCH;
		else if (!strcmp(tok, "32"))
			;
		else
			die(EXIT_USAGE, "--bar %s: unknown flag '%s' (64, 32 or pref)",
			    spec, tok);
	}
	free(copy);
	c->bar_given[bar] = true;
}

void parse_bar_offset(const char *opt, const char *spec, int *bar,
		      uint32_t *off)
{
	char *rest;
	uint64_t v;

	*bar = bar_index(opt, spec, &rest);
	if (*rest != ':' || parse_u64(rest + 1, true, &v))
		die(EXIT_USAGE, "%s %s: expected BAR:OFFSET (e.g. 0:0x1000)",
		    opt, spec);
	if (v > UINT32_MAX - 7)
		die(EXIT_USAGE, "%s %s: offset 0x%llx is above the limit 0x%x",
		    opt, spec, (unsigned long long)v, UINT32_MAX - 7);
	*off = (uint32_t)v;
}

static int fail(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* uepf_cfg_check() in uepf.ko: sizes, flags, 64-bit upper halves. */
static int check_bars(const struct fn_cfg *c, char *why, size_t len)
{
	for (int i = 0; i < NUM_BARS; i++) {
		uint64_t s = c->bar_size[i];
		int is64 = !!(c->bar_flags[i] & PCI_BASE_ADDRESS_MEM_TYPE_64);
		uint64_t max = is64 ? BAR_MAX_SIZE_64 : BAR_MAX_SIZE_32;

		if (s && (s < BAR_MIN_SIZE || (s & (s - 1))))
			return fail(why, len,
				    "--bar %d: BAR%d size 0x%llx is not a power of two >= %llu",
				    i, i, (unsigned long long)s, BAR_MIN_SIZE);
		if (s > max)
			return fail(why, len,
				    "--bar %d: BAR%d size 0x%llx exceeds the %s BAR limit 0x%llx",
				    i, i, (unsigned long long)s,
				    is64 ? "64-bit" : "32-bit",
				    (unsigned long long)max);
		if (is64 && i == NUM_BARS - 1)
			return fail(why, len,
				    "--bar 5: BAR5 cannot be 64-bit: no BAR6 for its upper half");
		if (is64 && c->bar_size[i + 1])
			return fail(why, len,
				    "--bar %d: BAR%d is 64-bit, so BAR%d (its upper half) must be unused, has size 0x%llx",
				    i, i, i + 1,
				    (unsigned long long)c->bar_size[i + 1]);
		if (!s && c->bar_flags[i])
			return fail(why, len, "--bar %d: flags for an unused BAR",
				    i);
	}
	return 0;
}

/* Is BAR i free for the kernel's automatic table (uepf_bar_free())? */
static int bar_free(const struct fn_cfg *c, int i)
{
	if (c->bar_size[i])
		return 0;
	if (i > 0 && c->bar_size[i - 1] &&
	    (c->bar_flags[i - 1] & PCI_BASE_ADDRESS_MEM_TYPE_64))
		return 0;
	return 1;
}

static int check_msix(const struct fn_cfg *c, char *why, size_t len)
{
	struct uepf_msix_layout l = { 0 };
	char err[200];
	int i;

	if (c->vectors < 1 || c->vectors > UEPF_MSIX_MAX_VECTORS)
		return fail(why, len, "--vectors %u: outside 1..%u",
			    c->vectors, UEPF_MSIX_MAX_VECTORS);
	if (c->table_bar == BAR_AUTO) {
		if (c->pba_bar != BAR_AUTO)
			return fail(why, len,
				    "--pba %d:0x%x: the table is automatic: give --table too",
				    c->pba_bar, c->pba_offset);
		for (i = 0; i < NUM_BARS; i++)
			if (bar_free(c, i))
				return 0;
		return fail(why, len,
			    "no free BAR for the automatic MSI-X table of %u vectors: all six are used (give --table BAR:OFFSET)",
			    c->vectors);
	}
	if (!c->bar_size[c->table_bar])
		return fail(why, len,
			    "--table %d:0x%x: MSI-X table in BAR%d, which is unused (size 0): add --bar %d:SIZE",
			    c->table_bar, c->table_offset, c->table_bar,
			    c->table_bar);
	if (c->pba_bar != BAR_AUTO && !c->bar_size[c->pba_bar])
		return fail(why, len,
			    "--pba %d:0x%x: PBA in BAR%d, which is unused (size 0): add --bar %d:SIZE",
			    c->pba_bar, c->pba_offset, c->pba_bar, c->pba_bar);
	l.nvectors = c->vectors;
	l.table_bar = c->table_bar;
	l.table_offset = c->table_offset;
	if (c->pba_bar == BAR_AUTO) {
		/* the kernel puts it right after the table */
		l.pba_bar = c->table_bar;
		l.pba_offset = c->table_offset + cfg_table_size(c->vectors);
	} else {
		l.pba_bar = c->pba_bar;
		l.pba_offset = c->pba_offset;
	}
	for (i = 0; i < NUM_BARS; i++)
		l.bar_size[i] = c->bar_size[i];
	{
		int r = uepf_msix_layout_check(&l, err, sizeof(err));

		if (r)
			return fail(why, len, "MSI-X layout refused: %s%s", err,
				    c->pba_bar == BAR_AUTO &&
				    (r == UEPF_MSIX_E_PBA_FIT ||
				     r == UEPF_MSIX_E_PBA_ALIGN) ?
				    " (the PBA follows the table)" : "");
	}
	return 0;
}

/* The pci-epf-test model keeps its registers at the start of BAR0; the
 * doorbell model needs its 32-bit doorbell register inside a used BAR and
 * outside the table and PBA. */
static int check_model(const struct fn_cfg *c, char *why, size_t len)
{
	uint32_t tsz = cfg_table_size(c->vectors);
	uint32_t psz = cfg_pba_size(c->vectors);
	uint32_t pba_off = c->pba_bar == BAR_AUTO ?
			   c->table_offset + tsz : c->pba_offset;
	int pba_bar = c->pba_bar == BAR_AUTO ? c->table_bar : c->pba_bar;

	if (!strcmp(c->model, "pci-epf-test")) {
		if (c->doorbell_bar != BAR_AUTO)
			return fail(why, len,
				    "--doorbell: only for --model doorbell");
		if (!c->bar_size[0])
			return fail(why, len,
				    "--model pci-epf-test: needs BAR0 for its registers (add --bar 0:4K)");
		if (c->table_bar == 0 && c->table_offset < EPF_TEST_REG_SIZE)
			return fail(why, len,
				    "--model pci-epf-test: MSI-X table at BAR0 offset 0x%x overlaps the registers [0x0, 0x%x)",
				    c->table_offset, EPF_TEST_REG_SIZE);
		if (pba_bar == 0 && pba_off < EPF_TEST_REG_SIZE)
			return fail(why, len,
				    "--model pci-epf-test: PBA at BAR0 offset 0x%x overlaps the registers [0x0, 0x%x)",
				    pba_off, EPF_TEST_REG_SIZE);
		return 0;
	}
	if (strcmp(c->model, "doorbell"))
		return fail(why, len,
			    "--model '%s': unknown (pci-epf-test or doorbell)",
			    c->model);
	if (c->doorbell_bar == BAR_AUTO)
		return fail(why, len,
			    "--model doorbell: needs --doorbell BAR:OFFSET");
	if (!c->bar_size[c->doorbell_bar])
		return fail(why, len,
			    "--doorbell %d:0x%x: BAR%d is unused (size 0)",
			    c->doorbell_bar, c->doorbell_offset,
			    c->doorbell_bar);
	if (c->doorbell_offset & 3)
		return fail(why, len,
			    "--doorbell %d:0x%x: offset not 4-byte aligned",
			    c->doorbell_bar, c->doorbell_offset);
	if ((uint64_t)c->doorbell_offset + 4 > c->bar_size[c->doorbell_bar])
		return fail(why, len,
			    "--doorbell %d:0x%x: beyond BAR%d size 0x%llx",
			    c->doorbell_bar, c->doorbell_offset,
			    c->doorbell_bar,
			    (unsigned long long)c->bar_size[c->doorbell_bar]);
	if (c->table_bar == BAR_AUTO)
		return 0;	/* the table gets a BAR of its own */
	if (c->doorbell_bar == c->table_bar &&
	    c->doorbell_offset + 4 > c->table_offset &&
	    c->doorbell_offset < c->table_offset + tsz)
		return fail(why, len,
			    "--doorbell %d:0x%x: inside the MSI-X table [0x%x, 0x%x)",
			    c->doorbell_bar, c->doorbell_offset,
			    c->table_offset, c->table_offset + tsz);
	if (c->doorbell_bar == pba_bar && c->doorbell_offset + 4 > pba_off &&
	    c->doorbell_offset < pba_off + psz)
		return fail(why, len,
			    "--doorbell %d:0x%x: inside the PBA [0x%x, 0x%x)",
			    c->doorbell_bar, c->doorbell_offset, pba_off,
			    pba_off + psz);
	return 0;
}

int cfg_finish(struct fn_cfg *c, char *why, size_t len)
{
	int given = 0;

	for (int i = 0; i < NUM_BARS; i++)
		given |= c->bar_given[i];
	if (c->exclusive_bar != BAR_AUTO) {
		struct uepf_msix_layout l;
		char err[200];
		int b = c->exclusive_bar;

		if (c->table_bar != BAR_AUTO || c->pba_bar != BAR_AUTO)
			return fail(why, len,
				    "--exclusive-bar %d: cannot be combined with --table or --pba",
				    b);
		if (c->bar_given[b])
			return fail(why, len,
				    "--exclusive-bar %d: BAR%d is also given by --bar",
				    b, b);
		if (uepf_msix_exclusive_bar_layout(c->vectors, (uint32_t)b, &l,
						   err, sizeof(err)))
			return fail(why, len, "--exclusive-bar %d: %s", b, err);
		c->bar_size[b] = l.bar_size[b];
		c->table_bar = b;
		c->table_offset = 0;
	}
	/* pci-epf-test without any BAR option: a 4 KiB register BAR0. */
	if (!strcmp(c->model, "pci-epf-test") && !given && !c->bar_size[0] &&
	    c->exclusive_bar != 0 && c->table_bar != 0)
		c->bar_size[0] = MODEL_REG_BAR_SIZE;
	/* pci-epf-test raises MSI too (pcitest -m); the doorbell model not. */
	if (c->msi < 0)
		c->msi = !strcmp(c->model, "pci-epf-test") ?
			 MODEL_EPF_TEST_MSI : 0;
	if (c->vendor > 0xfffe)
		return fail(why, len, "--vendor 0x%x: not a vendor ID (0x0000..0xfffe)",
			    c->vendor);
	if (check_bars(c, why, len) || check_msix(c, why, len) ||
	    check_model(c, why, len))
		return -1;
	return 0;
}
