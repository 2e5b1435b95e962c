// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libuepf MSI-X core: the state machine.
 *
 * Mirrors QEMU hw/pci/msix.c (msix_notify, msix_handle_mask_update,
 * msix_write_config, msix_reset, msix_vector_use/unuse,
 * msix_set_vector_notifiers) for a device whose table is written by the
 * host without traps: the core compares what it sees with a private shadow
 * at observation points (see include/uepf/msix.h).
 */
#include <stdlib.h>
#include <string.h>

#include "msix-internal.h"

/* ---- pending bitmap + compact list; PBA memory mirrors the bitmap ---- */

static void pba_publish_word(struct uepf_msix *m, unsigned int w)
{
	mem_wr32(&m->pba[w], m->pending[w]);
}

void msix_pending_add(struct uepf_msix *m, unsigned int v)
{
	if (bit_test(m->pending, v))
		return;
	bit_set(m->pending, v);
	m->ppos[v] = m->pcount;
	m->plist[m->pcount++] = v;
	pba_publish_word(m, v >> 5);
}

static void pending_del(struct uepf_msix *m, unsigned int v)
{
	unsigned int pos, last;

	if (!bit_test(m->pending, v))
		return;
	bit_clear(m->pending, v);
	bit_clear(m->retry, v);
	pos = m->ppos[v];
	last = m->plist[--m->pcount];
	m->plist[pos] = last;
	m->ppos[last] = pos;
	pba_publish_word(m, v >> 5);
}

void msix_pending_clear_all(struct uepf_msix *m)
{
	unsigned int w;

	for (w = 0; w < m->pba_words; w++) {
		m->pending[w] = 0;
		m->retry[w] = 0;
		mem_wr32(&m->pba[w], 0);
	}
	m->pcount = 0;
}

void uepf_msix_pba_republish(struct uepf_msix *m)
{
	unsigned int w;

	if (!m)
		return;
	for (w = 0; w < m->pba_words; w++)
		pba_publish_word(m, w);
}

/* ---- masks ---- */

static inline bool seen_masked(const struct uepf_msix *m, unsigned int v)
{
	/* msix_is_masked(): judged on the shadow of the entry */
	return m->fmask || bit_test(m->seen_mask, v);
}

static inline uint32_t live_maskbit(const struct uepf_msix *m, unsigned int v)
{
	return mem_rd32(&m->table[CTRL_WORD(v)]) & PCI_MSIX_ENTRY_CTRL_MASKBIT;
}

/*
 * The shadow of every entry's mask bit from the live table: adopting a
 * table the host programmed (UEPF_MSIX_ADOPT) and loading with
 * UEPF_MSIX_LOAD_KEEP_TABLE.  Reads only; bit 0 only.
 */
void msix_shadow_from_table(struct uepf_msix *m)
{
	unsigned int v;

	for (v = 0; v < m->n; v++) {
		if (live_maskbit(m, v))
			bit_set(m->seen_mask, v);
		else
			bit_clear(m->seen_mask, v);
	}
}

void msix_set_control_bits(struct uepf_msix *m, uint16_t ctl)
{
	/* msix_update_function_masked() */
	m->ctl = ctl & MSIX_CTL_BITS;
	m->fmask = !(m->ctl & PCI_MSIX_FLAGS_ENABLE) ||
		   (m->ctl & PCI_MSIX_FLAGS_MASKALL);
}

/* ---- raising ---- */

/*
 * Send the message of an unmasked vector (the tail of msix_notify()).  A
 * refusal or failure puts the vector back to pending with its retry bit.
 * Return: 1 raised, 0 refused, UEPF_MSIX_E_RAISE.
 */
static int deliver(struct uepf_msix *m, unsigned int v)
{
	enum msix_busy prev = m->busy;
	int r;

	m->busy = MSIX_IN_CALLBACK;
	r = m->raise(m->opaque, v);
	m->busy = prev;
	if (r == 0) {
		m->stats.raised++;
		return 1;
	}
	msix_pending_add(m, v);
	bit_set(m->retry, v);
	if (r == UEPF_MSIX_REFUSED) {
		m->stats.refused++;
		return 0;
	}
	m->stats.raise_errors++;
	m->stats.last_raise_error = r;
	return UEPF_MSIX_E_RAISE;
}

/* Accumulate a deliver() result into a walk's result. */
static void account(int *acc, int r)
{
	if (r < 0)
		*acc = r;
	else if (*acc >= 0)
		*acc += r;
}

static void fire_vector_notifier(struct uepf_msix *m, unsigned int v,
				 bool is_masked)
{
	/* msix_fire_vector_notifier() */
	enum msix_busy prev = m->busy;

	if (!m->have_notifiers)
		return;
	m->busy = MSIX_IN_CALLBACK;
	if (is_masked) {
		m->nt.mask(m->nt.opaque, v);
	} else {
		uint64_t addr = 0;
		uint32_t data = 0;

		uepf_msix_get_message(m, v, &addr, &data);
		if (m->nt.unmask(m->nt.opaque, v, addr, data) < 0)
			m->stats.notifier_errors++;
	}
	m->busy = prev;
}

/*
 * msix_handle_mask_update(): after a change, a vector whose masked state
 * changed gets its notifier; unmasked with its pending bit set → bit
 * cleared and msix_notify() (which ignores a vector not in use).
 * Return: messages raised (0/1) or UEPF_MSIX_E_RAISE.
 */
int msix_mask_update(struct uepf_msix *m, unsigned int v, bool was_masked)
{
	bool is_masked = seen_masked(m, v);

	if (is_masked == was_masked)
		return 0;
	fire_vector_notifier(m, v, is_masked);
	if (!is_masked && bit_test(m->pending, v)) {
		pending_del(m, v);
		if (m->use[v])
			return deliver(m, v);
	}
	return 0;
}

/*
 * Observe entry v: a change of its mask bit since the last look is handled
 * as the trapped table write msix_table_mmio_write() would have been.
 */
static int observe(struct uepf_msix *m, unsigned int v)
{
	uint32_t live = live_maskbit(m, v);
	bool was;

	if (live == bit_test(m->seen_mask, v))
		return 0;
	was = seen_masked(m, v);
	if (live)
		bit_set(m->seen_mask, v);
	else
		bit_clear(m->seen_mask, v);
	return msix_mask_update(m, v, was);
}

/* Vectors a walk must visit: all with notifiers, else the pending ones. */
static unsigned int walk_list(struct uepf_msix *m, uint16_t **list)
{
	unsigned int v;

	if (m->have_notifiers) {
		for (v = 0; v < m->n; v++)
			m->scratch[v] = v;
		*list = m->scratch;
		return m->n;
	}
	memcpy(m->scratch, m->plist, m->pcount * sizeof(*m->plist));
	*list = m->scratch;
	return m->pcount;
}

/* ---- life cycle ---- */

static void reset_state(struct uepf_msix *m, bool notify_mask)
{
	bool was_fmask = m->fmask;
	unsigned int v;

	/*
	 * msix_reset(): clear pending, clear Enable and MASKALL, zero the
	 * table and mask every entry (msix_mask_all()).  Unlike the
	 * reference, function masked is updated too and only vectors that
	 * really were unmasked get their mask notifier (msix_reset() judges
	 * was_masked after zeroing the table with a stale function mask).
	 */
	msix_pending_clear_all(m);
	msix_set_control_bits(m, 0);
	for (v = 0; v < m->n; v++) {
		bool was = was_fmask || bit_test(m->seen_mask, v);

		mem_wr32(&m->table[v * ENTRY_WORDS + 0], 0);
		mem_wr32(&m->table[v * ENTRY_WORDS + 1], 0);
		mem_wr32(&m->table[v * ENTRY_WORDS + 2], 0);
		mem_wr32(&m->table[CTRL_WORD(v)], PCI_MSIX_ENTRY_CTRL_MASKBIT);
		bit_set(m->seen_mask, v);
		if (notify_mask && !was)
			fire_vector_notifier(m, v, true);
	}
}

int uepf_msix_new(struct uepf_msix **mp, const struct uepf_msix_layout *l,
		  void *table_mem, void *pba_mem,
		  uepf_msix_raise_fn raise, void *opaque,
		  char *err, size_t errlen)
{
	return uepf_msix_new_flags(mp, l, table_mem, pba_mem, raise, opaque,
				   0, err, errlen);
}

int uepf_msix_new_flags(struct uepf_msix **mp,
			const struct uepf_msix_layout *l,
			void *table_mem, void *pba_mem,
			uepf_msix_raise_fn raise, void *opaque,
			unsigned int flags, char *err, size_t errlen)
{
	struct uepf_msix *m;
	uintptr_t t = (uintptr_t)table_mem, p = (uintptr_t)pba_mem;
	unsigned int n, words;
	int r;

	if (!mp) {
		msix_errf(err, errlen, "no place to return the object (mp is NULL)");
		return UEPF_MSIX_E_INVAL;
	}
	*mp = NULL;
	if (flags & ~UEPF_MSIX_ADOPT) {
		msix_errf(err, errlen,
			  "flags %#x: unknown bits %#x (only UEPF_MSIX_ADOPT, %#x, is defined)",
			  flags, flags & ~UEPF_MSIX_ADOPT, UEPF_MSIX_ADOPT);
		return UEPF_MSIX_E_INVAL;
	}
	r = uepf_msix_layout_check(l, err, errlen);
	if (r)
		return r;
	if (!table_mem || !pba_mem || !raise) {
		msix_errf(err, errlen, "%s is NULL",
			  !table_mem ? "table memory" :
			  !pba_mem ? "PBA memory" : "raise callback");
		return UEPF_MSIX_E_INVAL;
	}
	if ((t | p) & 3) {
		msix_errf(err, errlen,
			  "%s memory %p not 4-byte aligned (32-bit accesses)",
			  t & 3 ? "table" : "PBA", t & 3 ? table_mem : pba_mem);
		return UEPF_MSIX_E_MEM_ALIGN;
	}
	n = l->nvectors;
	if (t < p + UEPF_MSIX_PBA_SIZE(n) && p < t + UEPF_MSIX_TABLE_SIZE(n)) {
		msix_errf(err, errlen,
			  "table memory %p (+%#x) and PBA memory %p (+%#x) overlap",
			  table_mem, (unsigned int)UEPF_MSIX_TABLE_SIZE(n),
			  pba_mem, (unsigned int)UEPF_MSIX_PBA_SIZE(n));
		return UEPF_MSIX_E_MEM_OVERLAP;
	}

	words = (unsigned int)(UEPF_MSIX_PBA_SIZE(n) / 4);
	m = calloc(1, sizeof(*m));
	if (!m)
		goto nomem;
	m->pending = calloc(3 * words, sizeof(uint32_t));
	m->plist = calloc(4 * (size_t)n, sizeof(uint16_t));
	m->use = calloc(n, sizeof(uint32_t));
	if (!m->pending || !m->plist || !m->use) {
		uepf_msix_free(m);
		goto nomem;
	}
	m->retry = m->pending + words;
	m->seen_mask = m->retry + words;
	m->ppos = m->plist + n;
	m->scratch = m->ppos + n;
	m->scratch2 = m->scratch + n;
	m->n = n;
	m->pba_words = words;
	m->table = table_mem;
	m->pba = pba_mem;
	m->raise = raise;
	m->opaque = opaque;
	m->fmask = true;
	if (flags & UEPF_MSIX_ADOPT) {
		/*
		 * The table is the host's: leave it as it is, take the mask
		 * shadow from it; pending starts empty and PBA memory is
		 * rewritten from it.  Control as after msix_init().
		 */
		msix_set_control_bits(m, 0);
		msix_shadow_from_table(m);
		msix_pending_clear_all(m);
	} else {
		/* msix_init(): function masked, every entry masked, PBA clear */
		reset_state(m, false);
	}
	*mp = m;
	return 0;
nomem:
	msix_errf(err, errlen, "out of memory for %u vectors", n);
	return UEPF_MSIX_E_NOMEM;
}

void uepf_msix_free(struct uepf_msix *m)
{
	if (!m)
		return;
	free(m->pending);
	free(m->plist);
	free(m->use);
	free(m);
}

unsigned int uepf_msix_nvectors(const struct uepf_msix *m)
{
	return m ? m->n : 0;
}

int uepf_msix_reset(struct uepf_msix *m)
{
	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;
	reset_state(m, true);
	return 0;
}

/* ---- the notify path: O(1), no allocation ---- */

int uepf_msix_notify(struct uepf_msix *m, unsigned int v)
{
	int r;

	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (v >= m->n)
		return UEPF_MSIX_E_VECTOR;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;
	/* msix_notify(): a vector not in use is ignored */
	if (!m->use[v]) {
		m->stats.ignored++;
		return UEPF_MSIX_IGNORED;
	}
	if (live_maskbit(m, v) != bit_test(m->seen_mask, v)) {
		r = observe(m, v);
		if (r < 0)
			return r;
	}
	if (seen_masked(m, v)) {
		msix_pending_add(m, v);
		m->stats.latched++;
		return UEPF_MSIX_LATCHED;
	}
	r = deliver(m, v);
	if (r == 0)
		return UEPF_MSIX_LATCHED;
	return r < 0 ? r : UEPF_MSIX_RAISED;
}

/* ---- Message Control and sync ---- */

static int control(struct uepf_msix *m, uint16_t msgctl)
{
	bool was = m->fmask;
	unsigned int i, cnt;
	uint16_t *list;
	int acc = 0;

	/* msix_write_config() */
	msix_set_control_bits(m, msgctl);
	if (!(m->ctl & PCI_MSIX_FLAGS_ENABLE))
		return 0;
	if (m->fmask == was)
		return 0;
	cnt = walk_list(m, &list);
	for (i = 0; i < cnt; i++) {
		unsigned int v = list[i];

		account(&acc, msix_mask_update(m, v,
				was || bit_test(m->seen_mask, v)));
	}
	return acc;
}

int uepf_msix_set_control(struct uepf_msix *m, uint16_t msgctl)
{
	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;
	return control(m, msgctl);
}

int uepf_msix_sync(struct uepf_msix *m, uint16_t msgctl)
{
	unsigned int i, cnt, nretry = 0;
	uint64_t words = 0;
	uint16_t *list;
	int acc;

	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;

	/* Raises that failed before this sync: retried at the end. */
	for (i = 0; i < m->pcount; i++) {
		unsigned int v = m->plist[i];

		if (bit_test(m->retry, v)) {
			bit_clear(m->retry, v);
			m->scratch2[nretry++] = v;
		}
	}

	acc = control(m, msgctl);

	cnt = walk_list(m, &list);
	for (i = 0; i < cnt; i++)
		account(&acc, observe(m, list[i]));

	for (i = 0; i < nretry; i++) {
		unsigned int v = m->scratch2[i];

		if (!bit_test(m->pending, v) || bit_test(m->retry, v) ||
		    seen_masked(m, v))
			continue;
		pending_del(m, v);
		if (m->use[v])
			account(&acc, deliver(m, v));
	}

	/*
	 * Undo host writes into the PBA words that hold pending bits (at
	 * most 64 words: a 64-bit set of them, each written once).
	 */
	for (i = 0; i < m->pcount; i++)
		words |= 1ull << (m->plist[i] >> 5);
	while (words) {
		pba_publish_word(m, __builtin_ctzll(words));
		words &= words - 1;
	}
	return acc;
}

uint16_t uepf_msix_control(const struct uepf_msix *m)
{
	return m ? m->ctl : 0;
}

int uepf_msix_enabled(const struct uepf_msix *m)
{
	return m && (m->ctl & PCI_MSIX_FLAGS_ENABLE) ? 1 : 0;
}

int uepf_msix_function_masked(const struct uepf_msix *m)
{
	return !m || m->fmask ? 1 : 0;
}

/* ---- queries ---- */

int uepf_msix_is_masked(const struct uepf_msix *m, unsigned int v)
{
	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (v >= m->n)
		return UEPF_MSIX_E_VECTOR;
	return m->fmask || live_maskbit(m, v);
}

int uepf_msix_is_pending(const struct uepf_msix *m, unsigned int v)
{
	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (v >= m->n)
		return UEPF_MSIX_E_VECTOR;
	return bit_test(m->pending, v);
}

unsigned int uepf_msix_pending_count(const struct uepf_msix *m)
{
	return m ? m->pcount : 0;
}

int uepf_msix_get_message(const struct uepf_msix *m, unsigned int v,
			  uint64_t *addr, uint32_t *data)
{
	const volatile uint32_t *e;

	if (!m || !addr || !data)
		return UEPF_MSIX_E_INVAL;
	if (v >= m->n)
		return UEPF_MSIX_E_VECTOR;
	/* msix_get_message() */
	e = &m->table[v * ENTRY_WORDS];
	*addr = mem_rd32(&e[PCI_MSIX_ENTRY_LOWER_ADDR / 4]) |
		(uint64_t)mem_rd32(&e[PCI_MSIX_ENTRY_UPPER_ADDR / 4]) << 32;
	*data = mem_rd32(&e[PCI_MSIX_ENTRY_DATA / 4]);
	return 0;
}

void uepf_msix_get_stats(const struct uepf_msix *m, struct uepf_msix_stats *s)
{
	if (m && s)
		*s = m->stats;
}

int uepf_msix_set_pending(struct uepf_msix *m, unsigned int v)
{
	int r;

	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (v >= m->n)
		return UEPF_MSIX_E_VECTOR;
	if (m->busy == MSIX_IN_CALLBACK)
		return UEPF_MSIX_E_BUSY;
	r = observe(m, v);
	/* msix_set_pending() */
	msix_pending_add(m, v);
	return r < 0 ? r : 0;
}

/* ---- use counts ---- */

int uepf_msix_vector_use(struct uepf_msix *m, unsigned int v)
{
	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (v >= m->n)
		return UEPF_MSIX_E_VECTOR;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;
	if (m->use[v] == UINT32_MAX)
		return UEPF_MSIX_E_USE_OVERFLOW;
	m->use[v]++;
	return 0;
}

int uepf_msix_vector_unuse(struct uepf_msix *m, unsigned int v)
{
	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (v >= m->n)
		return UEPF_MSIX_E_VECTOR;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;
	/* msix_vector_unuse(): silent there, an error here; nothing changes */
	if (!m->use[v])
		return UEPF_MSIX_E_UNUSED;
	if (--m->use[v] == 0)
		pending_del(m, v);
	return 0;
}

int uepf_msix_unuse_all(struct uepf_msix *m)
{
	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;
	/* msix_free_irq_entries() */
	memset(m->use, 0, m->n * sizeof(*m->use));
	msix_pending_clear_all(m);
	return 0;
}

long uepf_msix_use_count(const struct uepf_msix *m, unsigned int v)
{
	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (v >= m->n)
		return UEPF_MSIX_E_VECTOR;
	return m->use[v];
}

/* ---- notifiers ---- */

static void observe_all(struct uepf_msix *m)
{
	unsigned int v;

	for (v = 0; v < m->n; v++)
		observe(m, v);
}

int uepf_msix_set_notifiers(struct uepf_msix *m,
			    const struct uepf_msix_notifiers *n)
{
	unsigned int v;
	int r;

	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;
	if (!n || !n->unmask || !n->mask)
		return UEPF_MSIX_E_INVAL;
	/* bring every shadow up to date before notifiers depend on it */
	observe_all(m);
	m->nt = *n;
	m->have_notifiers = true;
	/* msix_set_vector_notifiers() / msix_set_notifier_for_vector() */
	if (!m->fmask) {
		for (v = 0; v < m->n; v++) {
			uint64_t addr = 0;
			uint32_t data = 0;

			if (seen_masked(m, v))
				continue;
			uepf_msix_get_message(m, v, &addr, &data);
			m->busy = MSIX_IN_CALLBACK;
			r = n->unmask(n->opaque, v, addr, data);
			m->busy = MSIX_IDLE;
			if (r < 0)
				goto undo;
		}
	}
	if (n->poll) {
		m->busy = MSIX_IN_POLL;
		n->poll(n->opaque, 0, m->n);
		m->busy = MSIX_IDLE;
	}
	return 0;
undo:
	m->busy = MSIX_IN_CALLBACK;
	while (v-- > 0)
		if (!seen_masked(m, v))
			n->mask(n->opaque, v);
	m->busy = MSIX_IDLE;
	m->have_notifiers = false;
	memset(&m->nt, 0, sizeof(m->nt));
	return UEPF_MSIX_E_NOTIFIER;
}

int uepf_msix_unset_notifiers(struct uepf_msix *m)
{
	unsigned int v;

	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;
	if (!m->have_notifiers)
		return UEPF_MSIX_E_NO_NOTIFIERS;
	observe_all(m);
	/* msix_unset_vector_notifiers() */
	if (!m->fmask) {
		m->busy = MSIX_IN_CALLBACK;
		for (v = 0; v < m->n; v++)
			if (!seen_masked(m, v))
				m->nt.mask(m->nt.opaque, v);
		m->busy = MSIX_IDLE;
	}
	m->have_notifiers = false;
	memset(&m->nt, 0, sizeof(m->nt));
	return 0;
}

int uepf_msix_poll(struct uepf_msix *m, unsigned int first, unsigned int end)
{
	unsigned int w;

	if (!m)
		return UEPF_MSIX_E_INVAL;
	if (first > end || end > m->n)
		return UEPF_MSIX_E_VECTOR;
	if (m->busy)
		return UEPF_MSIX_E_BUSY;
	/* msix_pba_mmio_read() → msix_vector_poll_notifier */
	if (m->have_notifiers && m->nt.poll && first < end) {
		m->busy = MSIX_IN_POLL;
		m->nt.poll(m->nt.opaque, first, end);
		m->busy = MSIX_IDLE;
	}
	if (first < end)
		for (w = first >> 5; w <= (end - 1) >> 5; w++)
			pba_publish_word(m, w);
	return 0;
}
