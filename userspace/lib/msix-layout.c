// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libuepf MSI-X: layout validation (reference msix_init() sanity checks),
 * the exclusive-BAR layout, error names, Message Control writes.
 */
#include <inttypes.h>
#include <stdio.h>

#include "msix-internal.h"

void msix_errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static const char *const msix_errnames[] = {
	[0] = "success",
	[-UEPF_MSIX_E_INVAL] = "invalid argument",
	[-UEPF_MSIX_E_NVECTORS] = "vector count out of range 1..2048",
	[-UEPF_MSIX_E_TABLE_BAR] = "table BAR index out of range 0..5",
	[-UEPF_MSIX_E_PBA_BAR] = "PBA BAR index out of range 0..5",
	[-UEPF_MSIX_E_TABLE_ALIGN] = "table offset not 8-byte aligned",
	[-UEPF_MSIX_E_PBA_ALIGN] = "PBA offset not 8-byte aligned",
	[-UEPF_MSIX_E_TABLE_FIT] = "table does not fit in its BAR",
	[-UEPF_MSIX_E_PBA_FIT] = "PBA does not fit in its BAR",
	[-UEPF_MSIX_E_OVERLAP] = "table and PBA overlap",
	[-UEPF_MSIX_E_MEM_ALIGN] = "table or PBA memory not 4-byte aligned",
	[-UEPF_MSIX_E_MEM_OVERLAP] = "table and PBA memory overlap",
	[-UEPF_MSIX_E_NOMEM] = "out of memory",
	[-UEPF_MSIX_E_VECTOR] = "vector number out of range",
	[-UEPF_MSIX_E_UNUSED] = "vector not in use",
	[-UEPF_MSIX_E_USE_OVERFLOW] = "vector use count overflow",
	[-UEPF_MSIX_E_BUSY] = "called from inside a callback",
	[-UEPF_MSIX_E_RAISE] = "raise failed (vector kept pending)",
	[-UEPF_MSIX_E_NOTIFIER] = "unmask notifier failed",
	[-UEPF_MSIX_E_NO_NOTIFIERS] = "no notifiers registered",
	[-UEPF_MSIX_E_BUFSIZE] = "buffer too small",
	[-UEPF_MSIX_E_BLOB_SIZE] = "state blob size mismatch",
	[-UEPF_MSIX_E_BLOB_MAGIC] = "not an MSI-X state blob",
	[-UEPF_MSIX_E_BLOB_VERSION] = "unsupported state blob version",
	[-UEPF_MSIX_E_BLOB_NVECTORS] = "state blob vector count mismatch",
	[-UEPF_MSIX_E_BLOB_CHECKSUM] = "state blob checksum mismatch",
	[-UEPF_MSIX_E_BLOB_FIELD] = "state blob has reserved bits set",
};

const char *uepf_msix_strerror(int err)
{
	if (err > 0 || err < UEPF_MSIX_E_LAST || !msix_errnames[-err])
		return "unknown error";
	return msix_errnames[-err];
}

int uepf_msix_layout_check(const struct uepf_msix_layout *l,
			   char *err, size_t errlen)
{
	uint64_t tsize, psize, tend, pend;

	if (!l) {
		msix_errf(err, errlen, "layout is NULL");
		return UEPF_MSIX_E_INVAL;
	}
	if (l->nvectors < 1 || l->nvectors > UEPF_MSIX_MAX_VECTORS) {
		msix_errf(err, errlen, "%" PRIu32 " vectors: out of range 1..%u",
			  l->nvectors, UEPF_MSIX_MAX_VECTORS);
		return UEPF_MSIX_E_NVECTORS;
	}
	if (l->table_bar >= UEPF_MSIX_NUM_BARS) {
		msix_errf(err, errlen, "table BAR %" PRIu32 ": out of range 0..%u",
			  l->table_bar, UEPF_MSIX_NUM_BARS - 1);
		return UEPF_MSIX_E_TABLE_BAR;
	}
	if (l->pba_bar >= UEPF_MSIX_NUM_BARS) {
		msix_errf(err, errlen, "PBA BAR %" PRIu32 ": out of range 0..%u",
			  l->pba_bar, UEPF_MSIX_NUM_BARS - 1);
		return UEPF_MSIX_E_PBA_BAR;
	}
	if (l->table_offset & PCI_MSIX_TABLE_BIR) {
		msix_errf(err, errlen,
			  "table offset %#" PRIx32 ": not 8-byte aligned (the low 3 bits hold the BIR)",
			  l->table_offset);
		return UEPF_MSIX_E_TABLE_ALIGN;
	}
	if (l->pba_offset & PCI_MSIX_PBA_BIR) {
		msix_errf(err, errlen,
			  "PBA offset %#" PRIx32 ": not 8-byte aligned (the low 3 bits hold the BIR)",
			  l->pba_offset);
		return UEPF_MSIX_E_PBA_ALIGN;
	}
	tsize = UEPF_MSIX_TABLE_SIZE(l->nvectors);
	psize = UEPF_MSIX_PBA_SIZE(l->nvectors);
	tend = (uint64_t)l->table_offset + tsize;
	pend = (uint64_t)l->pba_offset + psize;
	if (tend > l->bar_size[l->table_bar]) {
		msix_errf(err, errlen,
			  "table of %" PRIu32 " vectors at %#" PRIx32 " + %#" PRIx64 " ends at %#" PRIx64 ", beyond BAR %" PRIu32 " size %#" PRIx64,
			  l->nvectors, l->table_offset, tsize, tend,
			  l->table_bar, l->bar_size[l->table_bar]);
		return UEPF_MSIX_E_TABLE_FIT;
	}
	if (pend > l->bar_size[l->pba_bar]) {
		msix_errf(err, errlen,
			  "PBA of %" PRIu32 " vectors at %#" PRIx32 " + %#" PRIx64 " ends at %#" PRIx64 ", beyond BAR %" PRIu32 " size %#" PRIx64,
			  l->nvectors, l->pba_offset, psize, pend,
			  l->pba_bar, l->bar_size[l->pba_bar]);
		return UEPF_MSIX_E_PBA_FIT;
	}
	/* ranges_overlap() in the reference */
	if (l->table_bar == l->pba_bar &&
	    l->table_offset < pend && l->pba_offset < tend) {
		msix_errf(err, errlen,
			  "table [%#" PRIx32 ", %#" PRIx64 ") and PBA [%#" PRIx32 ", %#" PRIx64 ") overlap in BAR %" PRIu32,
			  l->table_offset, tend, l->pba_offset, pend,
			  l->table_bar);
		return UEPF_MSIX_E_OVERLAP;
	}
	return 0;
}

int uepf_msix_exclusive_bar_layout(uint32_t nvectors, uint32_t bar,
				   struct uepf_msix_layout *layout,
				   char *err, size_t errlen)
{
	struct uepf_msix_layout l = { 0 };
	uint64_t size = UEPF_MSIX_EXCLUSIVE_BAR_MIN;

	if (!layout) {
		msix_errf(err, errlen, "layout is NULL");
		return UEPF_MSIX_E_INVAL;
	}
	if (nvectors < 1 || nvectors > UEPF_MSIX_MAX_VECTORS) {
		msix_errf(err, errlen, "%" PRIu32 " vectors: out of range 1..%u",
			  nvectors, UEPF_MSIX_MAX_VECTORS);
		return UEPF_MSIX_E_NVECTORS;
	}
	if (bar >= UEPF_MSIX_NUM_BARS) {
		msix_errf(err, errlen, "BAR %" PRIu32 ": out of range 0..%u",
			  bar, UEPF_MSIX_NUM_BARS - 1);
		return UEPF_MSIX_E_TABLE_BAR;
	}
	/* msix_init_exclusive_bar(): table in the lower half, PBA at half. */
	while (UEPF_MSIX_TABLE_SIZE(nvectors) > size / 2)
		size *= 2;
	l.nvectors = nvectors;
	l.table_bar = bar;
	l.table_offset = 0;
	l.pba_bar = bar;
	l.pba_offset = (uint32_t)(size / 2);
	l.bar_size[bar] = size;
	*layout = l;
	return 0;
}

uint16_t uepf_msix_ctl_apply_write(uint16_t msgctl, unsigned int offset,
				   unsigned int size, uint32_t val)
{
	/* Writable bits of each byte of Message Control (msix_init() wmask). */
	static const uint8_t wmask[2] = {
		0, (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL) >> 8,
	};
	unsigned int i;

	if (size != 1 && size != 2 && size != 4)
		return msgctl;
	for (i = 0; i < size; i++) {
		unsigned int pos = offset + i;
		unsigned int b;
		uint8_t byte = val >> (8 * i);

		if (pos < PCI_MSIX_FLAGS || pos > PCI_MSIX_FLAGS + 1)
			continue;
		b = pos - PCI_MSIX_FLAGS;
		msgctl &= ~(wmask[b] << (8 * b));
		msgctl |= (byte & wmask[b]) << (8 * b);
	}
	return msgctl;
}
