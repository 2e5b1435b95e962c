// SPDX-License-Identifier: LGPL-2.1-or-later
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/pci_regs.h>

#include "msix-fixture.h"

static int fx_raise(void *opaque, unsigned int v)
{
	struct fx *f = opaque;

	if (f->reenter)
		f->reenter_ret = uepf_msix_notify(f->m, v);
	if (f->refuse) {
		f->refuse--;
		if (f->refuse_masks_entry)
			fx_host_mask(f, v, true);
		return f->refuse_with;
	}
	if (f->nlog < FX_LOG_MAX)
		f->log[f->nlog++] = (struct fx_log){ FX_RAISE, v };
	return 0;
}

void fx_init(struct fx *f, unsigned int n, bool use)
{
	char err[256];
	unsigned int v;
	int r;

	memset(f, 0, sizeof(*f));
	f->n = n;
	f->refuse_with = UEPF_MSIX_REFUSED;
	f->unmask_fail_at = -1;
	f->poll_set = -1;
	r = uepf_msix_exclusive_bar_layout(n, 0, &f->layout, err, sizeof(err));
	if (r) {
		fprintf(stderr, "fixture layout: %s\n", err);
		abort();
	}
	f->table = calloc(1, UEPF_MSIX_TABLE_SIZE(n));
	f->pba = calloc(1, UEPF_MSIX_PBA_SIZE(n));
	/* garbage everywhere: new() must initialise it */
	memset(f->table, 0xa5, UEPF_MSIX_TABLE_SIZE(n));
	memset(f->pba, 0x5a, UEPF_MSIX_PBA_SIZE(n));
	r = uepf_msix_new(&f->m, &f->layout, f->table, f->pba, fx_raise, f,
			  err, sizeof(err));
	if (r) {
		fprintf(stderr, "fixture new: %s\n", err);
		abort();
	}
	if (use)
		for (v = 0; v < n; v++)
			uepf_msix_vector_use(f->m, v);
}

int fx_adopt(struct fx *f, bool use, char *err, size_t errlen)
{
	unsigned int v;
	int r;

	uepf_msix_free(f->m);
	f->m = NULL;
	r = uepf_msix_new_flags(&f->m, &f->layout, f->table, f->pba, fx_raise, f,
				UEPF_MSIX_ADOPT, err, errlen);
	if (!r && use)
		for (v = 0; v < f->n; v++)
			uepf_msix_vector_use(f->m, v);
	return r;
}

void fx_fini(struct fx *f)
{
	uepf_msix_free(f->m);
	free(f->table);
	free(f->pba);
	f->m = NULL;
}

void fx_clear_log(struct fx *f)
{
	f->nlog = 0;
}

unsigned int fx_count(const struct fx *f, enum fx_event ev, unsigned int v)
{
	unsigned int i, c = 0;

	for (i = 0; i < f->nlog; i++)
		c += f->log[i].ev == ev && f->log[i].v == v;
	return c;
}

unsigned int fx_count_all(const struct fx *f, enum fx_event ev)
{
	unsigned int i, c = 0;

	for (i = 0; i < f->nlog; i++)
		c += f->log[i].ev == ev;
	return c;
}

uint32_t fx_ctrl(const struct fx *f, unsigned int v)
{
	return le32toh(((volatile uint32_t *)f->table)[v * 4 + 3]);
}

void fx_host_ctrl(struct fx *f, unsigned int v, uint32_t ctrl)
{
	((volatile uint32_t *)f->table)[v * 4 + 3] = htole32(ctrl);
}

void fx_host_mask(struct fx *f, unsigned int v, bool masked)
{
	uint32_t c = fx_ctrl(f, v) & ~PCI_MSIX_ENTRY_CTRL_MASKBIT;

	fx_host_ctrl(f, v, c | (masked ? PCI_MSIX_ENTRY_CTRL_MASKBIT : 0));
}

void fx_host_entry(struct fx *f, unsigned int v, uint64_t addr, uint32_t data)
{
	f->table[v * 4 + 0] = htole32((uint32_t)addr);
	f->table[v * 4 + 1] = htole32((uint32_t)(addr >> 32));
	f->table[v * 4 + 2] = htole32(data);
}

bool fx_pba_bit(const struct fx *f, unsigned int v)
{
	return le32toh(f->pba[v / 32]) >> (v % 32) & 1;
}

void fx_host_pba_write(struct fx *f, unsigned int word, uint32_t val)
{
	((volatile uint32_t *)f->pba)[word] = htole32(val);
}

static int fx_unmask(void *opaque, unsigned int v, uint64_t addr, uint32_t data)
{
	struct fx *f = opaque;

	if ((int)v == f->unmask_fail_at)
		return -5;
	if (f->nlog < FX_LOG_MAX)
		f->log[f->nlog++] = (struct fx_log){ FX_UNMASK, v };
	return f->unmask_ret;
}

static void fx_mask(void *opaque, unsigned int v)
{
	struct fx *f = opaque;

	if (f->nlog < FX_LOG_MAX)
		f->log[f->nlog++] = (struct fx_log){ FX_MASK, v };
}

static void fx_poll(void *opaque, unsigned int first, unsigned int end)
{
	struct fx *f = opaque;

	f->poll_first = first;
	f->poll_end = end;
	if (f->nlog < FX_LOG_MAX)
		f->log[f->nlog++] = (struct fx_log){ FX_POLL, first };
	if (f->poll_set >= 0)
		f->poll_ret = uepf_msix_set_pending(f->m, f->poll_set);
}

int fx_set_notifiers(struct fx *f)
{
	struct uepf_msix_notifiers n = {
		.unmask = fx_unmask, .mask = fx_mask, .poll = fx_poll,
		.opaque = f,
	};

	return uepf_msix_set_notifiers(f->m, &n);
}
