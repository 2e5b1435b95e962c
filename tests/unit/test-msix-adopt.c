// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * MSI-X core: adopting a live table (uepf_msix_new_flags() with
 * UEPF_MSIX_ADOPT), the start or restart of a daemon after the host driver
 * programmed the table.  One test per rule (include/uepf/msix.h,
 * libuepf(3) "Adopting a live table"), each named after it.
 *
 * White box for one check: the private mask shadow is compared with the
 * live Vector Control words (no public call shows the shadow: every
 * observation point looks at the entry first).
 */
#include <stdlib.h>
#include <string.h>
#include <linux/pci_regs.h>

#include "msix-fixture.h"
#include "msix-internal.h"	/* white box: seen_mask */
#include "tap.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd32(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

/*
 * What a host driver left behind: random addresses and data, random
 * reserved/TPH bits 31:1 in Vector Control, the mask bit from @masked(v);
 * and random bytes in PBA memory.
 */
static void host_programs(struct fx *f, int (*masked)(unsigned int))
{
	unsigned int v, w;

	for (v = 0; v < f->n; v++) {
		fx_host_entry(f, v, (uint64_t)rnd32() << 32 | rnd32(), rnd32());
		fx_host_ctrl(f, v, (rnd32() & ~PCI_MSIX_ENTRY_CTRL_MASKBIT) |
			     (masked(v) ? PCI_MSIX_ENTRY_CTRL_MASKBIT : 0));
	}
	for (w = 0; w < UEPF_MSIX_PBA_SIZE(f->n) / 4; w++)
		fx_host_pba_write(f, w, rnd32() | 1);
}

static int no_raise(void *opaque, unsigned int v)
{
	(void)opaque;
	(void)v;
	return 0;
}

static int odd_masked(unsigned int v) { return v & 1; }
static int every_third_masked(unsigned int v) { return v % 3 == 0; }

static void *copy(const void *p, size_t len)
{
	void *c = malloc(len);

	memcpy(c, p, len);
	return c;
}

static bool pba_all_clear(const struct fx *f)
{
	unsigned int w;

	for (w = 0; w < UEPF_MSIX_PBA_SIZE(f->n) / 4; w++)
		if (f->pba[w])
			return false;
	return true;
}

static void t_table_unchanged(void)
{
	struct tap_case c;
	struct fx f;
	char err[256] = "";
	size_t tsz;
	void *t0;
	unsigned int v;

	CASE_BEGIN(&c);
	fx_init(&f, 300, false);
	tsz = UEPF_MSIX_TABLE_SIZE(f.n);
	host_programs(&f, odd_masked);
	t0 = copy(f.table, tsz);
	CHECK(&c, fx_adopt(&f, true, err, sizeof(err)) == 0);
	CHECK(&c, memcmp(f.table, t0, tsz) == 0);
	/* and through the usual life: control, sync, notifiers, notifies */
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN) == 0);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0);
	CHECK(&c, fx_set_notifiers(&f) == 0);
	for (v = 0; v < f.n; v += 7)
		uepf_msix_notify(f.m, v);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN | CTL_MA) >= 0);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) >= 0);
	CHECK(&c, memcmp(f.table, t0, tsz) == 0);
	/* the same memory under plain uepf_msix_new() is reset: the check bites */
	uepf_msix_free(f.m);
	CHECK(&c, uepf_msix_new(&f.m, &f.layout, f.table, f.pba,
				no_raise, NULL,
				err, sizeof(err)) == 0);
	CHECK(&c, memcmp(f.table, t0, tsz) != 0 &&
		  fx_ctrl(&f, 0) == PCI_MSIX_ENTRY_CTRL_MASKBIT);
	free(t0);
	fx_fini(&f);
	tap_case_end(&c, "adopt leaves every table byte unchanged (address/data garbage, Vector Control bits 31:1), also through control, sync, notifiers and notifies");
}

static void t_shadow(void)
{
	struct tap_case c;
	struct fx f;
	char err[256] = "";
	unsigned int v;

	CASE_BEGIN(&c);
	fx_init(&f, 300, false);
	host_programs(&f, every_third_masked);
	/* bits 31:1 all set on an unmasked entry: still unmasked */
	fx_host_ctrl(&f, 1, ~PCI_MSIX_ENTRY_CTRL_MASKBIT);
	fx_host_ctrl(&f, 2, 0);
	fx_host_ctrl(&f, 3, PCI_MSIX_ENTRY_CTRL_MASKBIT);
	CHECK(&c, fx_adopt(&f, true, err, sizeof(err)) == 0);
	for (v = 0; v < f.n; v++)
		CHECK(&c, bit_test(f.m->seen_mask, v) == (fx_ctrl(&f, v) & 1));
	CHECK(&c, !bit_test(f.m->seen_mask, 1) && !bit_test(f.m->seen_mask, 2));
	CHECK(&c, bit_test(f.m->seen_mask, 3));
	fx_fini(&f);
	tap_case_end(&c, "adopt: the mask shadow of each entry is bit 0 of its live Vector Control word, no other bit");
}

static void t_no_invented_transitions(void)
{
	struct tap_case c;
	struct fx f;
	char err[256] = "";
	unsigned int v;

	CASE_BEGIN(&c);
	fx_init(&f, 130, false);
	host_programs(&f, every_third_masked);
	CHECK(&c, fx_adopt(&f, true, err, sizeof(err)) == 0);
	/* the function was enabled by the host long ago: no message */
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0);
	CHECK(&c, fx_count_all(&f, FX_RAISE) == 0);
	CHECK(&c, fx_set_notifiers(&f) == 0);
	/* registration reports the entries as the host left them */
	for (v = 0; v < f.n; v++)
		CHECK(&c, fx_count(&f, FX_UNMASK, v) == (v % 3 ? 1u : 0u));
	CHECK(&c, fx_count_all(&f, FX_MASK) == 0);
	fx_clear_log(&f);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0);
	CHECK(&c, f.nlog == 0);
	/* a real host write is seen: exactly one mask, one unmask */
	fx_host_mask(&f, 4, true);
	fx_host_mask(&f, 6, false);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0);
	CHECK(&c, f.nlog == 2 && fx_count(&f, FX_MASK, 4) == 1 &&
		  fx_count(&f, FX_UNMASK, 6) == 1);
	fx_fini(&f);
	tap_case_end(&c, "adopt: a later sync invents no mask or unmask transition; real host writes are still seen");
}

static void t_fire_or_latch(void)
{
	struct tap_case c;
	struct fx f;
	char err[256] = "";
	unsigned int v;

	CASE_BEGIN(&c);
	fx_init(&f, 70, false);
	host_programs(&f, odd_masked);
	CHECK(&c, fx_adopt(&f, true, err, sizeof(err)) == 0);
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN) == 0);
	for (v = 0; v < f.n; v++) {
		int r = uepf_msix_notify(f.m, v);

		if (v & 1) {
			CHECK(&c, r == UEPF_MSIX_LATCHED);
			CHECK(&c, uepf_msix_is_pending(f.m, v) == 1 && fx_pba_bit(&f, v));
			CHECK(&c, fx_count(&f, FX_RAISE, v) == 0);
		} else {
			CHECK(&c, r == UEPF_MSIX_RAISED);
			CHECK(&c, fx_count(&f, FX_RAISE, v) == 1);
			CHECK(&c, uepf_msix_is_pending(f.m, v) == 0 && !fx_pba_bit(&f, v));
		}
	}
	/* the host unmasks the latched ones: each delivered once */
	for (v = 1; v < f.n; v += 2)
		fx_host_mask(&f, v, false);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == (int)f.n / 2);
	for (v = 0; v < f.n; v++)
		CHECK(&c, fx_count(&f, FX_RAISE, v) == 1);
	CHECK(&c, uepf_msix_pending_count(f.m) == 0 && pba_all_clear(&f));
	fx_fini(&f);
	tap_case_end(&c, "adopt: a vector the host unmasked before the start fires at once on notify, a masked one latches (and is delivered once on unmask)");
}

static void t_function_mask_from_caller(void)
{
	struct tap_case c;
	struct fx f;
	char err[256] = "";
	unsigned int v;

	CASE_BEGIN(&c);
	fx_init(&f, 20, false);
	host_programs(&f, odd_masked);
	CHECK(&c, fx_adopt(&f, true, err, sizeof(err)) == 0);
	/* until the caller hands Message Control in: function masked */
	CHECK(&c, uepf_msix_control(f.m) == 0 && uepf_msix_function_masked(f.m) == 1);
	CHECK(&c, uepf_msix_notify(f.m, 0) == UEPF_MSIX_LATCHED);
	/* the host's Function Mask: everything latches */
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN | CTL_MA) == 0);
	for (v = 0; v < f.n; v++)
		CHECK(&c, uepf_msix_notify(f.m, v) == UEPF_MSIX_LATCHED);
	CHECK(&c, fx_count_all(&f, FX_RAISE) == 0);
	/* cleared: the unmasked entries' messages, once each */
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN) == (int)f.n / 2);
	for (v = 0; v < f.n; v++)
		CHECK(&c, fx_count(&f, FX_RAISE, v) == (v & 1 ? 0u : 1u));
	fx_fini(&f);
	tap_case_end(&c, "adopt: Message Control comes from the caller (function masked until applied; Function Mask latches, its clear delivers)");
}

static void t_pba_garbage(void)
{
	struct tap_case c;
	struct fx f;
	char err[256] = "";
	unsigned int v, w;

	CASE_BEGIN(&c);
	fx_init(&f, 100, false);		/* 100: padding bits in the last PBA QWORD */
	host_programs(&f, odd_masked);
	for (w = 0; w < UEPF_MSIX_PBA_SIZE(f.n) / 4; w++)
		fx_host_pba_write(&f, w, 0xffffffffu);
	CHECK(&c, fx_adopt(&f, true, err, sizeof(err)) == 0);
	CHECK(&c, uepf_msix_pending_count(f.m) == 0);
	for (v = 0; v < f.n; v++)
		CHECK(&c, uepf_msix_is_pending(f.m, v) == 0);
	CHECK(&c, pba_all_clear(&f));
	/* unmasking everything delivers nothing: nothing was pending */
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN) == 0);
	for (v = 0; v < f.n; v++)
		fx_host_mask(&f, v, false);
	fx_host_pba_write(&f, 0, 0xffffffffu);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0);
	CHECK(&c, fx_count_all(&f, FX_RAISE) == 0 && uepf_msix_pending_count(f.m) == 0);
	fx_fini(&f);
	tap_case_end(&c, "adopt: host garbage in PBA memory is overwritten (padding bits too) and never taken as pending");
}

static void t_bad_flags(void)
{
	static const unsigned int bad[] = {
		UEPF_MSIX_LOAD_KEEP_TABLE, 4u, 0x80000000u,
		UEPF_MSIX_ADOPT | 8u, ~0u,
	};
	struct uepf_msix_layout lay;
	struct tap_case c;
	struct uepf_msix *m;
	struct fx f;
	char err[256];
	size_t tsz, psz;
	void *t0, *p0;
	unsigned int i;

	CASE_BEGIN(&c);
	fx_init(&f, 40, false);
	host_programs(&f, odd_masked);
	tsz = UEPF_MSIX_TABLE_SIZE(f.n);
	psz = UEPF_MSIX_PBA_SIZE(f.n);
	t0 = copy(f.table, tsz);
	p0 = copy(f.pba, psz);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[64];

		m = (struct uepf_msix *)&f;	/* must be set to NULL */
		err[0] = 0;
		CHECK(&c, uepf_msix_new_flags(&m, &f.layout, f.table, f.pba,
					      no_raise,
					      NULL, bad[i], err, sizeof(err)) ==
			  UEPF_MSIX_E_INVAL);
		CHECK(&c, m == NULL);
		snprintf(want, sizeof(want), "flags %#x: unknown bits %#x", bad[i],
			 bad[i] & ~UEPF_MSIX_ADOPT);
		CHECK(&c, strstr(err, want) != NULL);
		CHECK(&c, strstr(err, "UEPF_MSIX_ADOPT") != NULL);
	}
	/* adopt with a bad layout: the layout's error, nothing written either */
	lay = f.layout;
	lay.nvectors = 0;
	m = (struct uepf_msix *)&f;
	CHECK(&c, uepf_msix_new_flags(&m, &lay, f.table, f.pba,
				      no_raise, NULL,
				      UEPF_MSIX_ADOPT, err, sizeof(err)) ==
		  UEPF_MSIX_E_NVECTORS && m == NULL);
	CHECK(&c, uepf_msix_new_flags(&m, &f.layout, f.table, f.table,
				      no_raise, NULL,
				      UEPF_MSIX_ADOPT, err, sizeof(err)) ==
		  UEPF_MSIX_E_MEM_OVERLAP && m == NULL);
	CHECK(&c, uepf_msix_new_flags(NULL, &f.layout, f.table, f.pba,
				      no_raise, NULL,
				      UEPF_MSIX_ADOPT, err, sizeof(err)) ==
		  UEPF_MSIX_E_INVAL);
	CHECK(&c, memcmp(f.table, t0, tsz) == 0 && memcmp(f.pba, p0, psz) == 0);
	free(t0);
	free(p0);
	fx_fini(&f);
	tap_case_end(&c, "uepf_msix_new_flags refuses unknown flag bits (UEPF_MSIX_E_INVAL, message naming them), *mp NULL, table and PBA memory untouched");
}

static void t_flags0_is_new(void)
{
	struct tap_case c;
	struct fx f;
	struct uepf_msix *m;
	char err[256];
	size_t tsz, psz;
	void *t1, *p1;

	CASE_BEGIN(&c);
	fx_init(&f, 90, false);
	tsz = UEPF_MSIX_TABLE_SIZE(f.n);
	psz = UEPF_MSIX_PBA_SIZE(f.n);
	host_programs(&f, odd_masked);
	uepf_msix_free(f.m);
	CHECK(&c, uepf_msix_new(&f.m, &f.layout, f.table, f.pba,
				no_raise, NULL,
				err, sizeof(err)) == 0);
	t1 = copy(f.table, tsz);
	p1 = copy(f.pba, psz);
	host_programs(&f, odd_masked);
	CHECK(&c, uepf_msix_new_flags(&m, &f.layout, f.table, f.pba,
				      no_raise, NULL,
				      0, err, sizeof(err)) == 0);
	CHECK(&c, memcmp(f.table, t1, tsz) == 0 && memcmp(f.pba, p1, psz) == 0);
	CHECK(&c, fx_ctrl(&f, 89) == PCI_MSIX_ENTRY_CTRL_MASKBIT && pba_all_clear(&f));
	uepf_msix_free(m);
	free(t1);
	free(p1);
	fx_fini(&f);
	tap_case_end(&c, "uepf_msix_new_flags with flags 0 is uepf_msix_new: table and PBA reset as msix_init()");
}

/*
 * The restart path: state saved by one core, the host changes the table
 * while no core runs, a new core adopts the memory and loads the state
 * keeping the table.
 */
static void t_restart(void)
{
	struct tap_case c;
	struct fx f;
	char err[256] = "";
	uint8_t *blob;
	size_t tsz, bsz;
	void *t0;
	unsigned int v;
	int r;

	CASE_BEGIN(&c);
	fx_init(&f, 70, true);
	tsz = UEPF_MSIX_TABLE_SIZE(f.n);
	bsz = UEPF_MSIX_STATE_SIZE(f.n);
	blob = malloc(bsz);
	host_programs(&f, every_third_masked);
	uepf_msix_sync(f.m, CTL_EN);
	for (v = 0; v < f.n; v++)
		uepf_msix_notify(f.m, v);	/* 0, 3, ..., 69 latched */
	CHECK(&c, uepf_msix_pending_count(f.m) == 24);
	CHECK(&c, uepf_msix_save(f.m, blob, bsz) == (long)bsz);
	/* no core runs: the host unmasks 3 and 6, garbles the rest */
	fx_host_mask(&f, 3, false);
	fx_host_mask(&f, 6, false);
	fx_host_ctrl(&f, 9, 0xdead0000u | PCI_MSIX_ENTRY_CTRL_MASKBIT);
	fx_host_entry(&f, 10, 0x123456789abcdef0ull, 0xfeedf00du);
	t0 = copy(f.table, tsz);
	fx_clear_log(&f);
	CHECK(&c, fx_adopt(&f, true, err, sizeof(err)) == 0);
	CHECK(&c, memcmp(f.table, t0, tsz) == 0);
	r = uepf_msix_load(f.m, blob, bsz, UEPF_MSIX_LOAD_KEEP_TABLE, err, sizeof(err));
	CHECK(&c, r == 2);
	CHECK(&c, memcmp(f.table, t0, tsz) == 0);
	CHECK(&c, f.nlog == 2 && fx_count(&f, FX_RAISE, 3) == 1 &&
		  fx_count(&f, FX_RAISE, 6) == 1);
	for (v = 0; v < f.n; v++) {
		bool pend = v % 3 == 0 && v != 3 && v != 6;

		CHECK(&c, uepf_msix_is_pending(f.m, v) == pend && fx_pba_bit(&f, v) == pend);
		/* the same shadow rule as ADOPT */
		CHECK(&c, bit_test(f.m->seen_mask, v) == (fx_ctrl(&f, v) & 1));
	}
	/* later: the host unmasks 9, delivered once, TPH bits kept */
	fx_host_mask(&f, 9, false);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1 && fx_count(&f, FX_RAISE, 9) == 1);
	CHECK(&c, fx_ctrl(&f, 9) == 0xdead0000u);
	free(t0);
	free(blob);
	fx_fini(&f);
	tap_case_end(&c, "restart without writing the table: adopt, then load with UEPF_MSIX_LOAD_KEEP_TABLE restores pending, delivers what the host unmasked meanwhile once, table bytes unchanged");
}

static void t_load_bad_flags(void)
{
	struct tap_case c;
	struct fx f;
	char err[256] = "";
	uint8_t *blob, *before;
	size_t bsz;

	CASE_BEGIN(&c);
	fx_init(&f, 40, true);
	bsz = UEPF_MSIX_STATE_SIZE(f.n);
	blob = malloc(bsz);
	before = malloc(bsz);
	uepf_msix_notify(f.m, 5);
	uepf_msix_save(f.m, blob, bsz);
	host_programs(&f, odd_masked);
	uepf_msix_save(f.m, before, bsz);
	CHECK(&c, uepf_msix_load(f.m, blob, bsz, UEPF_MSIX_ADOPT, err, sizeof(err)) ==
		  UEPF_MSIX_E_INVAL);
	CHECK(&c, strstr(err, "load flags 0x2: unknown bits 0x2") != NULL);
	uepf_msix_save(f.m, blob, bsz);
	CHECK(&c, memcmp(blob, before, bsz) == 0);
	free(blob);
	free(before);
	fx_fini(&f);
	tap_case_end(&c, "uepf_msix_load refuses unknown flag bits (e.g. UEPF_MSIX_ADOPT), naming them, nothing changed");
}

int main(void)
{
	t_table_unchanged();
	t_shadow();
	t_no_invented_transitions();
	t_fire_or_latch();
	t_function_mask_from_caller();
	t_pba_garbage();
	t_bad_flags();
	t_flags0_is_new();
	t_restart();
	t_load_bad_flags();
	return tap_done();
}
