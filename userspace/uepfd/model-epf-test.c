// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd model "pci-epf-test": the register block of Linux's pci-epf-test
 * (drivers/pci/endpoint/functions/pci-epf-test.c) at offset 0 of BAR0, so
 * the unmodified host driver pci_endpoint_test and pcitest drive it.
 *
 *   0x00 MAGIC  0x04 COMMAND  0x08 STATUS  0x0c/0x10 SRC_ADDR
 *   0x14/0x18 DST_ADDR  0x1c SIZE  0x20 CHECKSUM  0x24 IRQ_TYPE
 *   0x28 IRQ_NUMBER  0x2c FLAGS
 *
 * COMMAND is polled (host writes are not trapped); a non-zero command is
 * consumed as pci-epf-test does: COMMAND and STATUS cleared, then
 *   RAISE_MSIX_IRQ: IRQ_NUMBER n (1-based) in 1..vectors → STATUS =
 *     IRQ_RAISED, vector n-1 fired through the MSI-X core (so a masked
 *     vector is latched in the PBA and delivered on unmask, where mainline
 *     drops it); other n: nothing, as mainline.
 *   RAISE_MSI_IRQ: IRQ_NUMBER n in 1..msi_vectors (the function's MSI
 *     capability, configfs msi_interrupts) → STATUS = IRQ_RAISED, MSI
 *     message n-1 raised (UEPF_RAISE_MSI); MSI has no per-message mask,
 *     so nothing is latched: a message the host did not enable or MSI
 *     disabled is dropped and logged, as mainline drops it.  Other n, or
 *     a function without MSI: nothing (logged), the host driver times out.
 *   RAISE_LEGACY_IRQ: uepf(4) has no INTx raise: nothing happens
 *     (logged), the host driver times out.
 *   READ, WRITE, COPY: uepf(4) has no outbound window: STATUS gets the
 *     *_FAIL bit and the completion interrupt is raised (MSI or MSI-X).
 */
#include <errno.h>
#include <stdio.h>

#include "uepfd.h"

#define REG_MAGIC	0x00
#define REG_COMMAND	0x04
#define REG_STATUS	0x08
#define REG_IRQ_TYPE	0x24
#define REG_IRQ_NUMBER	0x28
#define REG_END		0x30

#define IRQ_TYPE_MSI	1
#define IRQ_TYPE_MSIX	2

#define CMD_RAISE_LEGACY	(1u << 0)
#define CMD_RAISE_MSI		(1u << 1)
#define CMD_RAISE_MSIX		(1u << 2)
#define CMD_READ		(1u << 3)
#define CMD_WRITE		(1u << 4)
#define CMD_COPY		(1u << 5)

#define ST_READ_FAIL	(1u << 1)
#define ST_WRITE_FAIL	(1u << 3)
#define ST_COPY_FAIL	(1u << 5)
#define ST_IRQ_RAISED	(1u << 6)

static inline uint32_t rd(struct uepfd *d, unsigned int off)
{
	return d->mregs[off / 4];
}

static inline void wr(struct uepfd *d, unsigned int off, uint32_t v)
{
	d->mregs[off / 4] = v;
}

static int epf_test_init(struct uepfd *d)
{
	const struct uepf_info *in = uepf_device_info(d->dev);
	uint64_t size;
	void *bar = uepf_device_bar(d->dev, 0, &size);

	if (!bar || size < REG_END) {
		log_error("model pci-epf-test: needs BAR0 of at least 0x%x bytes for its registers (BAR0 is %s)",
			  REG_END, bar ? "too small" : "unused");
		return -1;
	}
	if ((in->table_bar == 0 && in->table_offset < REG_END) ||
	    (in->pba_bar == 0 && in->pba_offset < REG_END)) {
		log_error("model pci-epf-test: registers [0x0, 0x%x) of BAR0 overlap the MSI-X table (BAR%u+0x%x) or PBA (BAR%u+0x%x)",
			  REG_END, in->table_bar, in->table_offset, in->pba_bar,
			  in->pba_offset);
		return -1;
	}
	d->mregs = bar;
	d->mbar_size = size;
	return 0;
}

/* MSI message n (1-based, as IRQ_NUMBER): sent now or dropped. */
static void raise_msi(struct uepfd *d, uint32_t n)
{
	int r = uepf_device_raise_msi(d->dev, n - 1, NULL);

	if (r) {
		log_warn("pci-epf-test: MSI %u dropped: %s", n,
			 uepf_device_errmsg(d->dev));
		if (r == -ENODEV)
			d->quit = true;
	}
}

static unsigned int msi_vectors(struct uepfd *d)
{
	return uepf_device_info(d->dev)->msi_vectors;
}

static void complete(struct uepfd *d, uint32_t status)
{
	uint32_t type = rd(d, REG_IRQ_TYPE), n = rd(d, REG_IRQ_NUMBER);

	wr(d, REG_STATUS, status);
	if (type == IRQ_TYPE_MSIX && n >= 1 && n <= d->nvec)
		uepfd_fire(d, n - 1);
	else if (type == IRQ_TYPE_MSI && n >= 1 && n <= msi_vectors(d))
		raise_msi(d, n);
}

static void epf_test_poll(struct uepfd *d)
{
	uint32_t cmd = rd(d, REG_COMMAND), type, n;

	if (!cmd)
		return;
	uepfd_kick(d);
	wr(d, REG_COMMAND, 0);
	wr(d, REG_STATUS, 0);
	type = rd(d, REG_IRQ_TYPE);
	n = rd(d, REG_IRQ_NUMBER);
	log_debug("pci-epf-test: command 0x%x irq_type %u irq_number %u", cmd, type, n);
	if (type > IRQ_TYPE_MSIX) {
		log_warn("pci-epf-test: IRQ_TYPE %u: not in 0..2, command 0x%x ignored",
			 type, cmd);
		return;
	}
	if (cmd & CMD_RAISE_LEGACY) {
		log_warn("pci-epf-test: RAISE_LEGACY_IRQ: uepf has no INTx raise, ignored");
		return;
	}
	if (cmd & CMD_WRITE) {
		log_warn("pci-epf-test: WRITE: uepf has no outbound window, failed");
		complete(d, ST_WRITE_FAIL);
		return;
	}
	if (cmd & CMD_READ) {
		log_warn("pci-epf-test: READ: uepf has no outbound window, failed");
		complete(d, ST_READ_FAIL);
		return;
	}
	if (cmd & CMD_COPY) {
		log_warn("pci-epf-test: COPY: uepf has no outbound window, failed");
		complete(d, ST_COPY_FAIL);
		return;
	}
	if (cmd & CMD_RAISE_MSI) {
		if (n < 1 || n > msi_vectors(d)) {
			log_warn("pci-epf-test: RAISE_MSI_IRQ %u: outside 1..%u (msi_interrupts), ignored",
				 n, msi_vectors(d));
			return;
		}
		wr(d, REG_STATUS, ST_IRQ_RAISED);
		raise_msi(d, n);
		return;
	}
	if (cmd & CMD_RAISE_MSIX) {
		if (n < 1 || n > d->nvec) {
			log_warn("pci-epf-test: RAISE_MSIX_IRQ %u: outside 1..%u, ignored",
				 n, d->nvec);
			return;
		}
		wr(d, REG_STATUS, ST_IRQ_RAISED);
		uepfd_fire(d, n - 1);
		return;
	}
	log_warn("pci-epf-test: unknown command 0x%x ignored", cmd);
}

static void epf_test_status(struct uepfd *d, struct ujson *j)
{
	(void)d;
	ujson_null(j, "doorbell");
	ujson_begin(j, "registers", '{');
	ujson_u64(j, "bar", 0);
	ujson_hex(j, "command", rd(d, REG_COMMAND), 8);
	ujson_hex(j, "status", rd(d, REG_STATUS), 8);
	ujson_end(j, '}');
}

const struct uepfd_model_ops uepfd_model_epf_test = {
	.name = "pci-epf-test",
	.init = epf_test_init,
	.poll = epf_test_poll,
	.status = epf_test_status,
};
