// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepf-host check: the MSI-X masking scenario against a device that has a
 * doorbell (see doorbell.c) and is bound to uepf-host-test (interrupt
 * counts, see hostdrv.c).  For each vector, three phases:
 *
 *  direct    vector and function unmasked: ring, expect exactly one
 *            interrupt and the PBA bit clear;
 *  vector    mask the vector (kernel helper), ring, expect the PBA bit set
 *            and no interrupt; unmask, expect exactly one interrupt and the
 *            PBA bit clear;
 *  function  the same with the Function Mask bit of Message Control.
 *
 * Any interrupt on another vector is a failure too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pci_regs.h>

#include "host.h"

enum phase { PH_DIRECT, PH_VECTOR, PH_FUNCTION, PH_COUNT };

static const char *const phase_names[PH_COUNT] = {
	[PH_DIRECT] = "direct", [PH_VECTOR] = "vector-mask",
	[PH_FUNCTION] = "function-mask",
};

struct ctx {
	struct pci_dev *d;
	struct msix_cap cap;
	struct msix_mem mem;
	struct hostdrv drv;
	struct doorbell db;
	uint64_t *before, *now;
};

struct result {
	bool ok;
	char why[160];
};

static void fail(struct result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct result *r, const char *fmt, ...)
{
	size_t len = strlen(r->why);
	va_list ap;

	r->ok = false;
	if (len && len < sizeof(r->why) - 2) {
		strcpy(r->why + len, "; ");
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->why + len, sizeof(r->why) - len, fmt, ap);
	va_end(ap);
}

/* Interrupts on vector @v since the snapshot; reports strays on others. */
static uint64_t delta(struct ctx *c, unsigned int v, struct result *r)
{
	hostdrv_counts(&c->drv, c->now);
	for (unsigned int w = 0; w < c->drv.nvec; w++) {
		if (w != v && c->now[w] != c->before[w]) {
			fail(r, "stray interrupt on vector %u", w);
			c->before[w] = c->now[w];
		}
	}
	return c->now[v] - c->before[v];
}

/* Wait until vector @v got at least @want interrupts; returns the count. */
static uint64_t wait_irqs(struct ctx *c, unsigned int v, uint64_t want,
			  struct result *r)
{
	uint64_t deadline = now_ms() + opts.timeout_ms, n;

	while ((n = delta(c, v, r)) < want && now_ms() < deadline)
		sleep_ms(1);
	if (n >= want) {
		/* Watch a little longer for a second (wrong) interrupt. */
		sleep_ms(opts.settle_ms);
		n = delta(c, v, r);
	}
	return n;
}

/* Wait until the PBA bit of @v is @want; false on timeout. */
static bool wait_pba(struct ctx *c, unsigned int v, bool want)
{
	uint64_t deadline = now_ms() + opts.timeout_ms;

	while (msix_pba_bit(&c->mem, v) != want) {
		if (now_ms() >= deadline)
			return false;
		sleep_ms(1);
	}
	return true;
}

static void ring(struct ctx *c, unsigned int v, struct result *r)
{
	if (!doorbell_ring(&c->db, v, opts.timeout_ms))
		fail(r, "device did not take the doorbell within %d ms", opts.timeout_ms);
}

static void set_fmask(struct ctx *c, bool on)
{
	msix_ctrl_update(c->d, &c->cap, on ? PCI_MSIX_FLAGS_MASKALL : 0,
			 on ? 0 : PCI_MSIX_FLAGS_MASKALL);
}

static void run_phase(struct ctx *c, unsigned int v, enum phase ph, struct result *r)
{
	struct msix_entry e;
	uint64_t n;

	r->ok = true;
	r->why[0] = 0;
	hostdrv_counts(&c->drv, c->before);
	if (msix_pba_bit(&c->mem, v))
		fail(r, "PBA bit already set before the doorbell");

	if (ph == PH_DIRECT) {
		msix_entry_read(&c->mem, v, &e);
		if (e.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT)
			fail(r, "vector masked in the table although the driver unmasked it");
		ring(c, v, r);
		n = wait_irqs(c, v, 1, r);
		if (n != 1)
			fail(r, "%llu interrupts, expected 1", (unsigned long long)n);
		if (msix_pba_bit(&c->mem, v))
			fail(r, "PBA bit set after delivery");
		return;
	}

	if (ph == PH_VECTOR) {
		hostdrv_mask(&c->drv, v, true);
		msix_entry_read(&c->mem, v, &e);
		if (!(e.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT))
			fail(r, "mask bit not set in the table after masking");
	} else {
		set_fmask(c, true);
	}
	ring(c, v, r);
	if (!wait_pba(c, v, true))
		fail(r, "PBA bit not set while masked");
	sleep_ms(opts.settle_ms);
	n = delta(c, v, r);
	if (n)
		fail(r, "%llu interrupts while masked", (unsigned long long)n);
	if (ph == PH_VECTOR)
		hostdrv_mask(&c->drv, v, false);
	else
		set_fmask(c, false);
	hostdrv_counts(&c->drv, c->before);
	n = wait_irqs(c, v, 1, r);
	if (n == 0)
		fail(r, "no interrupt on unmask (lost)");
	else if (n > 1)
		fail(r, "%llu interrupts on unmask, expected 1", (unsigned long long)n);
	if (!wait_pba(c, v, false))
		fail(r, "PBA bit still set after unmask");
}

int check_run(struct pci_dev *d, const unsigned int *vecs, unsigned int nv)
{
	struct ctx c = { .d = d };
	struct msix_layout lay;
	struct result res[PH_COUNT];
	unsigned int nvec, failed = 0, steps = 0, *all = NULL;
	char why[512], name[32];
	uint16_t ctrl;

	dev_name(d, name, sizeof(name));
	if (!msix_cap_read(d, &c.cap)) {
		printf("%s: no MSI-X capability: nothing to check\nverdict: FAIL\n", name);
		return EXIT_CHECK_FAILED;
	}
	msix_layout_check(d, &c.cap, &lay);
	if (lay.errors) {
		for (int i = 0; i < lay.n; i++)
			if (lay.f[i].level == FIND_ERROR)
				printf("%s: layout error: %s\n", name, lay.f[i].text);
		printf("verdict: FAIL (the capability layout is broken)\n");
		return EXIT_CHECK_FAILED;
	}
	if (!opts.doorbell)
		die(EXIT_TROUBLE, "check needs --doorbell BAR:OFFSET (uepf device model) or --doorbell epf-test[:BAR] (pci-epf-test)");
	doorbell_parse(opts.doorbell, &c.db);
	if (!hostdrv_open(d, &c.drv, why, sizeof(why)))
		die(EXIT_TROUBLE, "%s", why);
	ctrl = pci_read_word(d, c.cap.pos + PCI_MSIX_FLAGS);
	if (!(ctrl & PCI_MSIX_FLAGS_ENABLE))
		die(EXIT_TROUBLE, "%s: MSI-X is not enabled although uepf-host-test is bound", name);
	if (ctrl & PCI_MSIX_FLAGS_MASKALL)
		die(EXIT_TROUBLE, "%s: Function Mask is set; clear it first (uepf-host funmask %s)",
		    name, name);

	nvec = c.drv.nvec < c.cap.nvec ? c.drv.nvec : c.cap.nvec;
	if (!nv) {
		all = calloc(nvec, sizeof(*all));
		if (!all)
			die(EXIT_TROUBLE, "out of memory");
		for (unsigned int v = 0; v < nvec; v++)
			all[v] = v;
		vecs = all;
		nv = nvec;
	}
	for (unsigned int i = 0; i < nv; i++)
		if (vecs[i] >= nvec)
			die(EXIT_TROUBLE, "vector %u out of range: the driver enabled vectors 0..%u",
			    vecs[i], nvec - 1);

	c.before = calloc(c.drv.nvec, sizeof(*c.before));
	c.now = calloc(c.drv.nvec, sizeof(*c.now));
	if (!c.before || !c.now)
		die(EXIT_TROUBLE, "out of memory");
	msix_mem_map(d, &c.cap, false, &c.mem);
	doorbell_open(d, &c.db);

	printf("%s: MSI-X Count=%u, checking %u vector(s), doorbell %s, timeout %d ms\n",
	       name, c.cap.nvec, nv, opts.doorbell, opts.timeout_ms);
	printf("%6s  %-14s %-14s %-14s\n", "vector", phase_names[0], phase_names[1],
	       phase_names[2]);
	for (unsigned int i = 0; i < nv; i++) {
		unsigned int v = vecs[i];

		for (int ph = 0; ph < PH_COUNT; ph++) {
			run_phase(&c, v, ph, &res[ph]);
			steps++;
			if (!res[ph].ok)
				failed++;
		}
		printf("%6u  %-14s %-14s %-14s\n", v,
		       res[0].ok ? "ok" : "FAIL", res[1].ok ? "ok" : "FAIL",
		       res[2].ok ? "ok" : "FAIL");
		for (int ph = 0; ph < PH_COUNT; ph++)
			if (!res[ph].ok)
				printf("        %s: %s\n", phase_names[ph], res[ph].why);
		fflush(stdout);
	}
	/* Leave the function unmasked whatever happened. */
	set_fmask(&c, false);

	if (failed)
		printf("verdict: FAIL (%u of %u steps failed)\n", failed, steps);
	else
		printf("verdict: PASS (%u vectors x %d phases held)\n", nv, PH_COUNT);

	doorbell_close(&c.db);
	msix_mem_unmap(&c.mem);
	free(c.before);
	free(c.now);
	free(all);
	return failed ? EXIT_CHECK_FAILED : 0;
}
