/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to libuepf: the MSI-X object and the helpers its files share. */
#ifndef UEPF_MSIX_INTERNAL_H
#define UEPF_MSIX_INTERNAL_H

#include <endian.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <linux/pci_regs.h>

#include <uepf/msix.h>

#define MSIX_CTL_BITS (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL)
/* Table memory as 32-bit words: 4 per entry. */
#define ENTRY_WORDS (PCI_MSIX_ENTRY_SIZE / 4)
#define CTRL_WORD(v) ((v) * ENTRY_WORDS + PCI_MSIX_ENTRY_VECTOR_CTRL / 4)

enum msix_busy {
	MSIX_IDLE = 0,
	MSIX_IN_POLL,		/* poll hook: set_pending and queries allowed */
	MSIX_IN_CALLBACK,	/* raise or mask notifier: queries only */
};

struct uepf_msix {
	unsigned int n;			/* vectors */
	unsigned int pba_words;		/* 32-bit words of PBA: ALIGN(n,64)/32 */
	volatile uint32_t *table;	/* host-written, untrusted */
	volatile uint32_t *pba;		/* written only by us */
	uepf_msix_raise_fn raise;
	void *opaque;

	uint16_t ctl;			/* Enable | MASKALL as last applied */
	bool fmask;			/* !Enable || MASKALL */
	enum msix_busy busy;
	bool have_notifiers;
	struct uepf_msix_notifiers nt;

	/* Bitmaps, pba_words 32-bit words each. */
	uint32_t *pending;		/* authoritative pending bits */
	uint32_t *retry;		/* raise failed: retry at next sync */
	uint32_t *seen_mask;		/* entry mask bit as last observed */

	/* Pending vectors as a compact list (O(pending) walks). */
	uint16_t *plist;
	uint16_t *ppos;			/* index of v in plist when pending */
	unsigned int pcount;
	uint16_t *scratch;		/* snapshot of plist during walks */
	uint16_t *scratch2;		/* retry candidates during sync */

	uint32_t *use;			/* use counts */
	struct uepf_msix_stats stats;
};

static inline bool bit_test(const uint32_t *b, unsigned int v)
{
	return b[v >> 5] >> (v & 31) & 1;
}

static inline void bit_set(uint32_t *b, unsigned int v)
{
	b[v >> 5] |= 1u << (v & 31);
}

static inline void bit_clear(uint32_t *b, unsigned int v)
{
	b[v >> 5] &= ~(1u << (v & 31));
}

static inline uint32_t mem_rd32(const volatile uint32_t *p)
{
	return le32toh(*p);
}

static inline void mem_wr32(volatile uint32_t *p, uint32_t v)
{
	*p = htole32(v);
}

void msix_errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* msix.c internals used by msix-state.c */
void msix_pending_clear_all(struct uepf_msix *m);
void msix_pending_add(struct uepf_msix *m, unsigned int v);
void msix_set_control_bits(struct uepf_msix *m, uint16_t ctl);
void msix_shadow_from_table(struct uepf_msix *m);
int msix_mask_update(struct uepf_msix *m, unsigned int v, bool was_masked);

#endif
