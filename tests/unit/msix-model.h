/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reference model of MSI-X for the differential test, written from the
 * rules (PCI spec + QEMU msix.c behaviour + the observation rules in
 * include/uepf/msix.h) with plain arrays and O(nvectors) loops: no shadow
 * shortcuts, no pending list.  It shares no code with userspace/lib.
 */
#ifndef UEPF_TEST_MSIX_MODEL_H
#define UEPF_TEST_MSIX_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#define MODEL_MAX 2048

struct model;

struct model_ops {
	/* 0 sent, 1 refused, < 0 failed (same contract as the core) */
	int (*raise)(void *opaque, unsigned int v);
	void (*unmask)(void *opaque, unsigned int v);
	void (*mask)(void *opaque, unsigned int v);
	void *opaque;
};

struct model_snapshot {
	unsigned int n;
	uint32_t table[MODEL_MAX * 4];
	bool pending[MODEL_MAX];
	bool enable, maskall;
};

struct model {
	unsigned int n;
	uint32_t *table;		/* its own table memory (LE words) */
	bool enable, maskall;
	bool seen[MODEL_MAX];		/* entry mask bit as last observed */
	bool pending[MODEL_MAX];
	bool retry[MODEL_MAX];
	uint32_t use[MODEL_MAX];
	bool notifiers;
	struct model_ops ops;
};

void model_init(struct model *mo, unsigned int n, uint32_t *table,
		const struct model_ops *ops);
/* as model_init() but on a table the host programmed: table left as is */
void model_adopt(struct model *mo, unsigned int n, uint32_t *table,
		 const struct model_ops *ops);
bool model_fmask(const struct model *mo);
bool model_live_masked(const struct model *mo, unsigned int v);
int model_notify(struct model *mo, unsigned int v);
int model_set_control(struct model *mo, uint16_t ctl);
int model_sync(struct model *mo, uint16_t ctl);
int model_set_pending(struct model *mo, unsigned int v);
void model_reset(struct model *mo);
int model_use(struct model *mo, unsigned int v);
int model_unuse(struct model *mo, unsigned int v);
void model_unuse_all(struct model *mo);
void model_set_notifiers(struct model *mo);
int model_unset_notifiers(struct model *mo);
void model_save(const struct model *mo, struct model_snapshot *s);
int model_load(struct model *mo, const struct model_snapshot *s, bool keep_table);
unsigned int model_pending_count(const struct model *mo);

#endif
