// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reference model (see msix-model.h).  Return values follow the public API
 * so the differential test can compare them: notify → 0 raised, 1 latched,
 * 2 ignored, -13 bad vector, -17 raise failed; control/sync/load → number
 * raised or -17.
 */
#include <endian.h>
#include <string.h>

#include "msix-model.h"

#define R_RAISED 0
#define R_LATCHED 1
#define R_IGNORED 2
#define E_VECTOR (-13)
#define E_UNUSED (-14)
#define E_RAISE (-17)
#define E_NO_NOTIFIERS (-19)

/* Vector Control is word 3 of an entry; the mask is its bit 0 only. */
static bool live_bit(const struct model *mo, unsigned int v)
{
	return le32toh(mo->table[4 * v + 3]) & 1;
}

bool model_fmask(const struct model *mo)
{
	/* spec: Enable clear → masked; Function Mask set → masked */
	return !mo->enable || mo->maskall;
}

static bool masked(const struct model *mo, unsigned int v)
{
	return model_fmask(mo) || mo->seen[v];
}

bool model_live_masked(const struct model *mo, unsigned int v)
{
	return model_fmask(mo) || live_bit(mo, v);
}

void model_init(struct model *mo, unsigned int n, uint32_t *table,
		const struct model_ops *ops)
{
	unsigned int v;

	memset(mo, 0, sizeof(*mo));
	mo->n = n;
	mo->table = table;
	mo->ops = *ops;
	for (v = 0; v < n; v++) {
		memset(&table[4 * v], 0, 16);
		table[4 * v + 3] = htole32(1);
		mo->seen[v] = true;
	}
}

/*
 * A new function state on a table the host already programmed: the table
 * is not touched, the last-seen mask bit of each entry is its live bit 0,
 * nothing pending, no vector in use, Enable and Function Mask clear until
 * the caller applies Message Control, no notifiers.
 */
void model_adopt(struct model *mo, unsigned int n, uint32_t *table,
		 const struct model_ops *ops)
{
	unsigned int v;

	memset(mo, 0, sizeof(*mo));
	mo->n = n;
	mo->table = table;
	mo->ops = *ops;
	for (v = 0; v < n; v++)
		mo->seen[v] = live_bit(mo, v);
}

/* Try to send; on any failure the event is remembered as pending. */
static int send(struct model *mo, unsigned int v)
{
	int r = mo->ops.raise(mo->ops.opaque, v);

	if (r == 0)
		return 1;
	mo->pending[v] = true;
	mo->retry[v] = true;
	return r == 1 ? 0 : E_RAISE;
}

static void add(int *acc, int r)
{
	if (r < 0)
		*acc = r;
	else if (*acc >= 0)
		*acc += r;
}

/* A vector's masked state may have changed from @before. */
static int changed(struct model *mo, unsigned int v, bool before)
{
	bool now = masked(mo, v);

	if (now == before)
		return 0;
	if (mo->notifiers) {
		if (now)
			mo->ops.mask(mo->ops.opaque, v);
		else
			mo->ops.unmask(mo->ops.opaque, v);
	}
	if (!now && mo->pending[v]) {
		mo->pending[v] = false;
		mo->retry[v] = false;
		if (mo->use[v])
			return send(mo, v);
	}
	return 0;
}

/* The host's write to entry v is seen now, as if trapped now. */
static int look(struct model *mo, unsigned int v)
{
	bool before;

	if (live_bit(mo, v) == mo->seen[v])
		return 0;
	before = masked(mo, v);
	mo->seen[v] = live_bit(mo, v);
	return changed(mo, v, before);
}

int model_notify(struct model *mo, unsigned int v)
{
	int r;

	if (v >= mo->n)
		return E_VECTOR;
	if (!mo->use[v])
		return R_IGNORED;
	r = look(mo, v);
	if (r < 0)
		return r;
	if (masked(mo, v)) {
		mo->pending[v] = true;
		return R_LATCHED;
	}
	r = send(mo, v);
	return r < 0 ? r : r == 1 ? R_RAISED : R_LATCHED;
}

int model_set_control(struct model *mo, uint16_t ctl)
{
	bool fbefore = model_fmask(mo);
	unsigned int v;
	int acc = 0;

	mo->enable = ctl & 0x8000;
	mo->maskall = ctl & 0x4000;
	if (!mo->enable)
		return 0;		/* disabling: no per-vector transitions */
	if (model_fmask(mo) == fbefore)
		return 0;
	for (v = 0; v < mo->n; v++)
		add(&acc, changed(mo, v, fbefore || mo->seen[v]));
	return acc;
}

int model_sync(struct model *mo, uint16_t ctl)
{
	static bool again[MODEL_MAX];
	unsigned int v;
	int acc;

	for (v = 0; v < mo->n; v++) {
		again[v] = mo->retry[v];
		mo->retry[v] = false;
	}
	acc = model_set_control(mo, ctl);
	for (v = 0; v < mo->n; v++)
		add(&acc, look(mo, v));
	for (v = 0; v < mo->n; v++) {
		if (!again[v] || !mo->pending[v] || mo->retry[v] || masked(mo, v))
			continue;
		mo->pending[v] = false;
		if (mo->use[v])
			add(&acc, send(mo, v));
	}
	return acc;
}

int model_set_pending(struct model *mo, unsigned int v)
{
	int r;

	if (v >= mo->n)
		return E_VECTOR;
	r = look(mo, v);
	mo->pending[v] = true;
	return r < 0 ? r : 0;
}

void model_reset(struct model *mo)
{
	bool fbefore = model_fmask(mo);
	unsigned int v;

	mo->enable = mo->maskall = false;
	for (v = 0; v < mo->n; v++) {
		bool before = fbefore || mo->seen[v];

		mo->pending[v] = mo->retry[v] = false;
		memset(&mo->table[4 * v], 0, 16);
		mo->table[4 * v + 3] = htole32(1);
		mo->seen[v] = true;
		if (mo->notifiers && !before)
			mo->ops.mask(mo->ops.opaque, v);
	}
}

int model_use(struct model *mo, unsigned int v)
{
	if (v >= mo->n)
		return E_VECTOR;
	mo->use[v]++;
	return 0;
}

int model_unuse(struct model *mo, unsigned int v)
{
	if (v >= mo->n)
		return E_VECTOR;
	if (!mo->use[v])
		return E_UNUSED;
	if (--mo->use[v] == 0)
		mo->pending[v] = mo->retry[v] = false;
	return 0;
}

void model_unuse_all(struct model *mo)
{
	unsigned int v;

	for (v = 0; v < mo->n; v++) {
		mo->use[v] = 0;
		mo->pending[v] = mo->retry[v] = false;
	}
}

void model_set_notifiers(struct model *mo)
{
	unsigned int v;

	for (v = 0; v < mo->n; v++)
		look(mo, v);
	mo->notifiers = true;
	if (model_fmask(mo))
		return;
	for (v = 0; v < mo->n; v++)
		if (!masked(mo, v))
			mo->ops.unmask(mo->ops.opaque, v);
}

int model_unset_notifiers(struct model *mo)
{
	unsigned int v;

	if (!mo->notifiers)
		return E_NO_NOTIFIERS;
	for (v = 0; v < mo->n; v++)
		look(mo, v);
	if (!model_fmask(mo))
		for (v = 0; v < mo->n; v++)
			if (!masked(mo, v))
				mo->ops.mask(mo->ops.opaque, v);
	mo->notifiers = false;
	return 0;
}

void model_save(const struct model *mo, struct model_snapshot *s)
{
	s->n = mo->n;
	memcpy(s->table, mo->table, 16 * mo->n);
	memcpy(s->pending, mo->pending, sizeof(bool) * mo->n);
	s->enable = mo->enable;
	s->maskall = mo->maskall;
}

int model_load(struct model *mo, const struct model_snapshot *s, bool keep_table)
{
	unsigned int v;
	int acc = 0;

	if (!keep_table)
		memcpy(mo->table, s->table, 16 * mo->n);
	for (v = 0; v < mo->n; v++) {
		mo->seen[v] = live_bit(mo, v);
		mo->pending[v] = s->pending[v];
		mo->retry[v] = false;
	}
	mo->enable = s->enable;
	mo->maskall = s->maskall;
	/* every vector counts as masked before the load */
	for (v = 0; v < mo->n; v++)
		add(&acc, changed(mo, v, true));
	return acc;
}

unsigned int model_pending_count(const struct model *mo)
{
	unsigned int v, c = 0;

	for (v = 0; v < mo->n; v++)
		c += mo->pending[v];
	return c;
}
