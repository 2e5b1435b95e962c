// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepf-host: the MSI-X table and Pending Bit Array in BAR memory, read and
 * written with 32-bit accesses through the sysfs resource mapping.
 */
#include <linux/pci_regs.h>

#include "host.h"

void msix_mem_map(struct pci_dev *d, const struct msix_cap *c, bool writable,
		  struct msix_mem *m)
{
	m->nvec = c->nvec;
	bar_map(d, c->table_bir, c->table_off, c->table_len, writable, &m->table);
	/* The PBA is read-only to the host: never map it writable. */
	bar_map(d, c->pba_bir, c->pba_off, c->pba_len, false, &m->pba);
}

void msix_mem_unmap(struct msix_mem *m)
{
	bar_unmap(&m->pba);
	bar_unmap(&m->table);
}

static uint32_t rd32(volatile uint8_t *base, size_t off)
{
	return *(volatile uint32_t *)(base + off);
}

static void wr32(volatile uint8_t *base, size_t off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

void msix_entry_read(const struct msix_mem *m, unsigned int v,
		     struct msix_entry *e)
{
	size_t off = (size_t)v * PCI_MSIX_ENTRY_SIZE;

	e->addr = rd32(m->table.base, off + PCI_MSIX_ENTRY_LOWER_ADDR) |
		  (uint64_t)rd32(m->table.base, off + PCI_MSIX_ENTRY_UPPER_ADDR) << 32;
	e->data = rd32(m->table.base, off + PCI_MSIX_ENTRY_DATA);
	e->ctrl = rd32(m->table.base, off + PCI_MSIX_ENTRY_VECTOR_CTRL);
}

void msix_entry_set_mask(struct msix_mem *m, unsigned int v, bool mask)
{
	size_t off = (size_t)v * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL;
	uint32_t ctrl = rd32(m->table.base, off);

	if (mask)
		ctrl |= PCI_MSIX_ENTRY_CTRL_MASKBIT;
	else
		ctrl &= ~PCI_MSIX_ENTRY_CTRL_MASKBIT;
	wr32(m->table.base, off, ctrl);
	/* Read back to flush the posted write before the caller goes on. */
	(void)rd32(m->table.base, off);
}

uint64_t msix_pba_qword(const struct msix_mem *m, unsigned int i)
{
	return rd32(m->pba.base, i * 8) | (uint64_t)rd32(m->pba.base, i * 8 + 4) << 32;
}

bool msix_pba_bit(const struct msix_mem *m, unsigned int v)
{
	return rd32(m->pba.base, (v / 64) * 8 + (v % 64) / 32 * 4) >> (v % 32) & 1;
}
