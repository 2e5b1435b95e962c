// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepf-host: the MSI-X capability.  Decoding as lspci does, plus the layout
 * rules lspci never checks: BIR, alignment, fit in the BAR, BAR type and
 * decoding, overlap of table and PBA.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/pci_regs.h>

#include "host.h"

#define PAGE_4K 4096u

bool msix_cap_read(struct pci_dev *d, struct msix_cap *c)
{
	struct pci_cap *cap;
	uint32_t t, p;

	memset(c, 0, sizeof(*c));
	pci_fill_info(d, PCI_FILL_CAPS);
	cap = pci_find_cap(d, PCI_CAP_ID_MSIX, PCI_CAP_NORMAL);
	if (!cap)
		return false;
	c->pos = cap->addr;
	c->ctrl = pci_read_word(d, c->pos + PCI_MSIX_FLAGS);
	c->nvec = (c->ctrl & PCI_MSIX_FLAGS_QSIZE) + 1;
	c->enabled = c->ctrl & PCI_MSIX_FLAGS_ENABLE;
	c->fmasked = c->ctrl & PCI_MSIX_FLAGS_MASKALL;
	t = pci_read_long(d, c->pos + PCI_MSIX_TABLE);
	p = pci_read_long(d, c->pos + PCI_MSIX_PBA);
	c->table_bir = t & PCI_MSIX_TABLE_BIR;
	c->table_off = t & PCI_MSIX_TABLE_OFFSET;
	c->pba_bir = p & PCI_MSIX_PBA_BIR;
	c->pba_off = p & PCI_MSIX_PBA_OFFSET;
	c->table_len = (uint64_t)c->nvec * PCI_MSIX_ENTRY_SIZE;
	/* One bit per vector, in QWORDs: ALIGN(n, 64) / 8 bytes. */
	c->pba_len = (c->nvec + 63) / 64 * 8;
	return true;
}

const char *finding_level_name(enum finding_level lvl)
{
	static const char *const names[] = {
		[FIND_OK] = "ok", [FIND_NOTE] = "note",
		[FIND_WARN] = "warning", [FIND_ERROR] = "error",
	};

	return names[lvl];
}

__attribute__((format(printf, 3, 4)))
static void add(struct msix_layout *l, enum finding_level lvl, const char *fmt, ...)
{
	va_list ap;

	if (l->n >= MAX_FINDINGS)
		return;
	l->f[l->n].level = lvl;
	va_start(ap, fmt);
	vsnprintf(l->f[l->n].text, sizeof(l->f[l->n].text), fmt, ap);
	va_end(ap);
	l->n++;
	if (lvl == FIND_ERROR)
		l->errors++;
	else if (lvl == FIND_WARN)
		l->warnings++;
}

/* Rules on the BAR that holds a structure; false if the BAR is unusable. */
static bool check_bar(struct msix_layout *l, const char *what, unsigned int bir,
		      const struct bar_info *b)
{
	char s1[32];

	if (bir > 5) {
		add(l, FIND_ERROR, "%s BIR %u is reserved (valid BIRs are 0..5)", what, bir);
		return false;
	}
	if (b->upper_half) {
		add(l, FIND_ERROR, "%s BIR %u names the upper half of the 64-bit BAR %u",
		    what, bir, bir - 1);
		return false;
	}
	if (!b->present) {
		add(l, FIND_ERROR, "%s BIR %u: BAR %u is not implemented or not assigned (address 0)",
		    what, bir, bir);
		return false;
	}
	if (b->io) {
		add(l, FIND_ERROR, "%s BIR %u: BAR %u is an I/O BAR; MSI-X structures must be in memory space",
		    what, bir, bir);
		return false;
	}
	if (!b->mem_enabled)
		add(l, FIND_ERROR, "BAR %u is not enabled: Memory Space Enable is off in the Command register",
		    bir);
	if (b->size_known && (b->addr & (b->size - 1)))
		add(l, FIND_ERROR, "BAR %u at 0x%llx is not aligned to its size %s",
		    bir, (unsigned long long)b->addr, size_str(b->size, s1, sizeof(s1)));
	return true;
}

/* Does [off, off+len) fit in BAR @b?  Never guesses an unknown size. */
static void check_fit(struct msix_layout *l, const char *what, uint64_t off,
		      uint64_t len, const struct bar_info *b)
{
	uint64_t end = off + len;
	char s1[32], s2[32];

	if (b->size_known) {
		if (end > b->size)
			add(l, FIND_ERROR, "%s 0x%llx..0x%llx ends beyond BAR %d (size %s, from %s)",
			    what, (unsigned long long)off, (unsigned long long)end,
			    b->index, size_str(b->size, s1, sizeof(s1)), b->size_source);
		else
			add(l, FIND_OK, "%s 0x%llx..0x%llx fits in BAR %d (size %s, from %s)",
			    what, (unsigned long long)off, (unsigned long long)end,
			    b->index, size_str(b->size, s1, sizeof(s1)), b->size_source);
		return;
	}
	if (b->size_bound && end > b->size_bound) {
		add(l, FIND_ERROR, "%s 0x%llx..0x%llx ends beyond BAR %d: its address 0x%llx is only %s aligned, so the BAR is at most %s",
		    what, (unsigned long long)off, (unsigned long long)end, b->index,
		    (unsigned long long)b->addr, size_str(b->size_bound, s1, sizeof(s1)),
		    size_str(b->size_bound, s2, sizeof(s2)));
		return;
	}
	add(l, FIND_NOTE, "%s 0x%llx..0x%llx: BAR %d size unknown (no sizes in this source; give --bar-size %d=SIZE), fit not checked%s%s",
	    what, (unsigned long long)off, (unsigned long long)end, b->index, b->index,
	    b->size_bound ? " beyond the alignment bound " : "",
	    b->size_bound ? size_str(b->size_bound, s1, sizeof(s1)) : "");
}

void msix_layout_check(struct pci_dev *d, const struct msix_cap *c,
		       struct msix_layout *l)
{
	bool tb_ok, pb_ok;

	memset(l, 0, sizeof(*l));
	bar_decode(d, c->table_bir, &l->table_bar);
	bar_decode(d, c->pba_bir, &l->pba_bar);

	tb_ok = check_bar(l, "table", c->table_bir, &l->table_bar);
	/* One BAR holding both structures is judged once. */
	pb_ok = c->pba_bir == c->table_bir ? tb_ok :
		check_bar(l, "PBA", c->pba_bir, &l->pba_bar);
	if (tb_ok)
		check_fit(l, "table", c->table_off, c->table_len, &l->table_bar);
	if (pb_ok)
		check_fit(l, "PBA", c->pba_off, c->pba_len, &l->pba_bar);

	if (c->table_bir == c->pba_bir) {
		uint64_t te = c->table_off + c->table_len;
		uint64_t pe = c->pba_off + c->pba_len;

		if (c->table_off < pe && c->pba_off < te)
			add(l, FIND_ERROR, "table 0x%x..0x%llx and PBA 0x%x..0x%llx overlap in BAR %u",
			    c->table_off, (unsigned long long)te, c->pba_off,
			    (unsigned long long)pe, c->table_bir);
		else
			add(l, FIND_OK, "table and PBA do not overlap");
	}

	/*
	 * PCIe r4.0 7.7.2: a structure should not share a naturally aligned
	 * 4 KiB range with registers other than MSI-X ones (the table and PBA
	 * may share one).  Only the start can be judged from here.
	 */
	if (c->table_off % PAGE_4K)
		add(l, FIND_WARN, "table offset 0x%x is not 4 KiB aligned: it may share a page with other registers (the spec recommends against it)",
		    c->table_off);
	if (c->pba_off % PAGE_4K &&
	    !(c->pba_bir == c->table_bir &&
	      c->pba_off / PAGE_4K <= (c->table_off + c->table_len - 1) / PAGE_4K &&
	      c->pba_off / PAGE_4K >= c->table_off / PAGE_4K))
		add(l, FIND_WARN, "PBA offset 0x%x is not 4 KiB aligned and not in a page of the table: it may share a page with other registers",
		    c->pba_off);
	if (!(c->table_off % PAGE_4K) && !l->warnings)
		add(l, FIND_OK, "table is 4 KiB aligned");
}

void msix_ctrl_update(struct pci_dev *d, const struct msix_cap *c,
		      uint16_t set, uint16_t clear)
{
	uint16_t v = pci_read_word(d, c->pos + PCI_MSIX_FLAGS);

	v = (v & ~clear) | set;
	if (!pci_write_word(d, c->pos + PCI_MSIX_FLAGS, v))
		die(EXIT_TROUBLE, "write of Message Control (config 0x%x) failed",
		    c->pos + PCI_MSIX_FLAGS);
}
