/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Test fixture for the MSI-X core: table and PBA memory, a host that writes
 * into them, a raise callback that records (and can refuse), notifiers
 * that record.
 */
#ifndef UEPF_TEST_MSIX_FIXTURE_H
#define UEPF_TEST_MSIX_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uepf/msix.h>

#define FX_LOG_MAX 8192

enum fx_event { FX_RAISE, FX_UNMASK, FX_MASK, FX_POLL };

struct fx_log {
	enum fx_event ev;
	unsigned int v;
};

struct fx {
	struct uepf_msix *m;
	struct uepf_msix_layout layout;
	uint32_t *table;		/* table memory, 32-bit words */
	uint32_t *pba;			/* PBA memory */
	unsigned int n;
	struct fx_log log[FX_LOG_MAX];
	unsigned int nlog;
	unsigned int refuse;		/* refuse this many raises */
	int refuse_with;		/* value returned when refusing */
	bool refuse_masks_entry;	/* host masked the entry when refusing */
	int unmask_ret;			/* returned by the unmask notifier */
	int unmask_fail_at;		/* fail the unmask notifier for this vector */
	int reenter_ret;		/* result of a re-entrant call from raise */
	bool reenter;			/* raise callback calls notify() */
	unsigned int poll_first, poll_end;
	int poll_set;			/* poll hook sets this vector pending (-1 none) */
	int poll_ret;
};

/* New function with @n vectors, exclusive BAR layout in BAR 0; all in use if @use. */
void fx_init(struct fx *f, unsigned int n, bool use);
/*
 * Replace the core by one that adopts the same (live) memory with
 * UEPF_MSIX_ADOPT, as a restarted daemon does; all in use if @use.
 * Return: uepf_msix_new_flags()'s result.
 */
int fx_adopt(struct fx *f, bool use, char *err, size_t errlen);
void fx_fini(struct fx *f);
void fx_clear_log(struct fx *f);
unsigned int fx_count(const struct fx *f, enum fx_event ev, unsigned int v);
unsigned int fx_count_all(const struct fx *f, enum fx_event ev);

/* Host side: untrapped writes into table/PBA memory (little-endian). */
void fx_host_mask(struct fx *f, unsigned int v, bool masked);
void fx_host_ctrl(struct fx *f, unsigned int v, uint32_t ctrl);
uint32_t fx_ctrl(const struct fx *f, unsigned int v);
void fx_host_entry(struct fx *f, unsigned int v, uint64_t addr, uint32_t data);
bool fx_pba_bit(const struct fx *f, unsigned int v);
void fx_host_pba_write(struct fx *f, unsigned int word, uint32_t val);

int fx_set_notifiers(struct fx *f);

#define CTL_EN	0x8000u	/* PCI_MSIX_FLAGS_ENABLE */
#define CTL_MA	0x4000u	/* PCI_MSIX_FLAGS_MASKALL */

#endif
