// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * MSI-X core: one test per rule (issue 3 / DESIGN "Semantics"), each named
 * after the rule.  Reference: QEMU hw/pci/msix.c and the PCI spec.
 */
#include <errno.h>
#include <string.h>
#include <linux/pci_regs.h>

#include "msix-fixture.h"
#include "tap.h"

/* Enabled, function unmasked, every entry unmasked. */
static void fx_open(struct fx *f)
{
	unsigned int v;

	for (v = 0; v < f->n; v++)
		fx_host_mask(f, v, false);
	uepf_msix_sync(f->m, CTL_EN);
	fx_clear_log(f);
}

static void t_initial_state(void)
{
	struct tap_case c;
	struct fx f;
	unsigned int v;

	CASE_BEGIN(&c);
	fx_init(&f, 100, false);	/* memory was 0xa5/0x5a garbage */
	for (v = 0; v < 100; v++) {
		uint64_t a;
		uint32_t d;

		CHECK(&c, fx_ctrl(&f, v) == PCI_MSIX_ENTRY_CTRL_MASKBIT);
		CHECK(&c, uepf_msix_get_message(f.m, v, &a, &d) == 0 && a == 0 && d == 0);
		CHECK(&c, uepf_msix_is_masked(f.m, v) == 1);
		CHECK(&c, uepf_msix_is_pending(f.m, v) == 0 && !fx_pba_bit(&f, v));
		CHECK(&c, uepf_msix_use_count(f.m, v) == 0);
	}
	for (v = 0; v < UEPF_MSIX_PBA_SIZE(100) / 4; v++)
		CHECK(&c, f.pba[v] == 0);
	CHECK(&c, uepf_msix_control(f.m) == 0 && !uepf_msix_enabled(f.m));
	CHECK(&c, uepf_msix_function_masked(f.m) == 1);
	CHECK(&c, uepf_msix_pending_count(f.m) == 0);
	fx_fini(&f);
	tap_case_end(&c, "initial state: every vector masked, PBA clear, enable and function mask clear");
}

static void t_reset(void)
{
	struct tap_case c;
	struct fx f;
	unsigned int v;

	CASE_BEGIN(&c);
	fx_init(&f, 70, true);
	fx_open(&f);
	fx_set_notifiers(&f);
	fx_host_mask(&f, 3, true);
	fx_host_ctrl(&f, 5, 0xabcd0000);	/* unmasked, TPH bits */
	fx_host_entry(&f, 5, 0xfee00000, 0x42);
	uepf_msix_sync(f.m, CTL_EN);
	uepf_msix_notify(f.m, 3);			/* pending, masked */
	uepf_msix_notify(f.m, 69);
	CHECK(&c, uepf_msix_is_pending(f.m, 3) == 1);
	fx_clear_log(&f);
	CHECK(&c, uepf_msix_reset(f.m) == 0);
	for (v = 0; v < 70; v++) {
		CHECK(&c, f.table[v * 4] == 0 && f.table[v * 4 + 1] == 0 && f.table[v * 4 + 2] == 0);
		CHECK(&c, fx_ctrl(&f, v) == PCI_MSIX_ENTRY_CTRL_MASKBIT);
		CHECK(&c, uepf_msix_is_masked(f.m, v) == 1);
		CHECK(&c, uepf_msix_is_pending(f.m, v) == 0 && !fx_pba_bit(&f, v));
		CHECK(&c, uepf_msix_use_count(f.m, v) == 1);	/* device model's */
		/* mask notifier only for vectors that were unmasked */
		CHECK(&c, fx_count(&f, FX_MASK, v) == (v == 3 ? 0u : 1u));
	}
	CHECK(&c, fx_count_all(&f, FX_RAISE) == 0);
	CHECK(&c, uepf_msix_control(f.m) == 0 && uepf_msix_function_masked(f.m));
	/* after reset a notify latches until the host enables again */
	CHECK(&c, uepf_msix_notify(f.m, 1) == UEPF_MSIX_LATCHED);
	fx_fini(&f);
	tap_case_end(&c, "reset (FLR, hot reset, link down): every vector masked, PBA clear, enable and function mask clear");
}

static void t_function_masked(void)
{
	static const struct { uint16_t ctl; int fm; } tt[] = {
		{ 0, 1 }, { CTL_MA, 1 }, { CTL_EN, 0 }, { CTL_EN | CTL_MA, 1 },
		{ CTL_EN | 0x7ff, 0 },	/* Table Size bits are read-only */
	};
	struct tap_case c;
	struct fx f;
	unsigned int i;

	CASE_BEGIN(&c);
	fx_init(&f, 4, true);
	fx_host_mask(&f, 0, false);
	for (i = 0; i < sizeof(tt) / sizeof(tt[0]); i++) {
		CHECK(&c, uepf_msix_set_control(f.m, tt[i].ctl) >= 0);
		CHECK(&c, uepf_msix_function_masked(f.m) == tt[i].fm);
		CHECK(&c, uepf_msix_enabled(f.m) == !!(tt[i].ctl & CTL_EN));
		CHECK(&c, uepf_msix_control(f.m) == (tt[i].ctl & (CTL_EN | CTL_MA)));
		fx_clear_log(&f);
		CHECK(&c, uepf_msix_sync(f.m, tt[i].ctl) >= 0);
		CHECK(&c, uepf_msix_notify(f.m, 0) ==
			  (tt[i].fm ? UEPF_MSIX_LATCHED : UEPF_MSIX_RAISED));
		uepf_msix_vector_unuse(f.m, 0);		/* drop the pending bit */
		uepf_msix_vector_use(f.m, 0);
	}
	fx_fini(&f);
	tap_case_end(&c, "function masked = !enabled || function mask");
}

static void t_vector_masked(void)
{
	struct tap_case c;
	struct fx f;
	unsigned int i;

	CASE_BEGIN(&c);
	fx_init(&f, 2, true);
	for (i = 0; i < 8; i++) {
		uint16_t ctl = (i & 1 ? CTL_EN : 0) | (i & 2 ? CTL_MA : 0);
		bool entry = i & 4;
		int want = !(ctl & CTL_EN) || (ctl & CTL_MA) || entry;

		uepf_msix_unuse_all(f.m);
		uepf_msix_vector_use(f.m, 1);
		fx_host_mask(&f, 1, entry);
		uepf_msix_sync(f.m, ctl);
		fx_clear_log(&f);
		CHECK(&c, uepf_msix_is_masked(f.m, 1) == want);
		CHECK(&c, uepf_msix_notify(f.m, 1) ==
			  (want ? UEPF_MSIX_LATCHED : UEPF_MSIX_RAISED));
		CHECK(&c, fx_count(&f, FX_RAISE, 1) == (unsigned int)!want);
		CHECK(&c, uepf_msix_is_pending(f.m, 1) == want);
	}
	fx_fini(&f);
	tap_case_end(&c, "vector masked = function masked || the entry's mask bit");
}

static void t_notify_range(void)
{
	struct tap_case c;
	struct fx f;
	struct uepf_msix_stats s0, s1;

	CASE_BEGIN(&c);
	fx_init(&f, 8, true);
	fx_open(&f);
	uepf_msix_get_stats(f.m, &s0);
	CHECK(&c, uepf_msix_notify(f.m, 8) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_notify(f.m, 2048) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_notify(f.m, ~0u) == UEPF_MSIX_E_VECTOR);
	uepf_msix_get_stats(f.m, &s1);
	CHECK(&c, memcmp(&s0, &s1, sizeof(s0)) == 0);
	CHECK(&c, f.nlog == 0 && uepf_msix_pending_count(f.m) == 0);
	fx_fini(&f);
	tap_case_end(&c, "notify: vector out of range → error, nothing changes");
}

static void t_notify_unused(void)
{
	struct tap_case c;
	struct fx f;

	CASE_BEGIN(&c);
	fx_init(&f, 8, false);
	fx_open(&f);
	CHECK(&c, uepf_msix_notify(f.m, 2) == UEPF_MSIX_IGNORED);
	fx_host_mask(&f, 3, true);
	CHECK(&c, uepf_msix_notify(f.m, 3) == UEPF_MSIX_IGNORED);
	CHECK(&c, f.nlog == 0 && uepf_msix_pending_count(f.m) == 0);
	CHECK(&c, !fx_pba_bit(&f, 3));
	uepf_msix_vector_use(f.m, 2);
	CHECK(&c, uepf_msix_notify(f.m, 2) == UEPF_MSIX_RAISED);
	fx_fini(&f);
	tap_case_end(&c, "notify: vector not in use → ignored, as the reference does");
}

static void t_notify_masked(void)
{
	struct tap_case c;
	struct fx f;

	CASE_BEGIN(&c);
	fx_init(&f, 130, true);
	fx_open(&f);
	fx_host_mask(&f, 129, true);
	CHECK(&c, uepf_msix_notify(f.m, 129) == UEPF_MSIX_LATCHED);
	CHECK(&c, f.nlog == 0);
	CHECK(&c, uepf_msix_is_pending(f.m, 129) == 1);
	/* PBA layout: bit (v % 64) of QWORD v / 64, little-endian */
	CHECK(&c, ((uint8_t *)f.pba)[129 / 8] == 1u << (129 % 8));
	CHECK(&c, fx_pba_bit(&f, 129) && uepf_msix_pending_count(f.m) == 1);
	fx_fini(&f);
	tap_case_end(&c, "notify: masked → pending bit set in the PBA");
}

static void t_notify_raised(void)
{
	struct tap_case c;
	struct fx f;

	CASE_BEGIN(&c);
	fx_init(&f, 8, true);
	fx_open(&f);
	CHECK(&c, uepf_msix_notify(f.m, 7) == UEPF_MSIX_RAISED);
	CHECK(&c, uepf_msix_notify(f.m, 7) == UEPF_MSIX_RAISED);
	CHECK(&c, fx_count(&f, FX_RAISE, 7) == 2 && f.nlog == 2);
	CHECK(&c, uepf_msix_pending_count(f.m) == 0);
	/* an entry unmasked by the host since the last sync: seen at notify */
	fx_host_mask(&f, 6, true);
	uepf_msix_sync(f.m, CTL_EN);
	fx_host_mask(&f, 6, false);
	CHECK(&c, uepf_msix_notify(f.m, 6) == UEPF_MSIX_RAISED);
	fx_fini(&f);
	tap_case_end(&c, "notify: unmasked → raised");
}

static void t_level(void)
{
	struct tap_case c;
	struct fx f;
	int i;

	CASE_BEGIN(&c);
	fx_init(&f, 8, true);
	fx_open(&f);
	fx_host_mask(&f, 4, true);
	for (i = 0; i < 5; i++)
		CHECK(&c, uepf_msix_notify(f.m, 4) == UEPF_MSIX_LATCHED);
	fx_host_mask(&f, 4, false);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1);
	CHECK(&c, fx_count(&f, FX_RAISE, 4) == 1);
	fx_fini(&f);
	tap_case_end(&c, "pending is a level: several notifies while masked give one message");
}

static void t_vector_unmask(void)
{
	struct tap_case c;
	struct fx f;

	CASE_BEGIN(&c);
	fx_init(&f, 300, true);
	fx_open(&f);
	fx_host_mask(&f, 299, true);
	fx_host_mask(&f, 10, true);
	uepf_msix_notify(f.m, 299);
	uepf_msix_notify(f.m, 10);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0 && f.nlog == 0);
	fx_host_mask(&f, 299, false);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1);
	CHECK(&c, fx_count(&f, FX_RAISE, 299) == 1 && f.nlog == 1);
	CHECK(&c, uepf_msix_is_pending(f.m, 299) == 0 && !fx_pba_bit(&f, 299));
	CHECK(&c, uepf_msix_is_pending(f.m, 10) == 1 && fx_pba_bit(&f, 10));
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0 && f.nlog == 1);
	/* mask and unmask again without an event: nothing */
	fx_host_mask(&f, 299, true);
	uepf_msix_sync(f.m, CTL_EN);
	fx_host_mask(&f, 299, false);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0 && f.nlog == 1);
	fx_fini(&f);
	tap_case_end(&c, "vector masked → unmasked with its pending bit set → raised once and the bit cleared");
}

static void t_function_unmask(void)
{
	struct tap_case c;
	struct fx f;
	unsigned int v;

	CASE_BEGIN(&c);
	fx_init(&f, 64, true);
	fx_open(&f);
	fx_host_mask(&f, 9, true);
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN | CTL_MA) == 0);
	for (v = 0; v < 64; v += 3)
		CHECK(&c, uepf_msix_notify(f.m, v) == UEPF_MSIX_LATCHED);
	CHECK(&c, f.nlog == 0);
	/* clearing the function mask: every pending unmasked vector once */
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN) == 21);
	for (v = 0; v < 64; v += 3) {
		CHECK(&c, fx_count(&f, FX_RAISE, v) == (v == 9 ? 0u : 1u));
		CHECK(&c, uepf_msix_is_pending(f.m, v) == (v == 9));
		CHECK(&c, fx_pba_bit(&f, v) == (v == 9));
	}
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN) == 0 && f.nlog == 21);
	/* disabled → enabled is a function unmask too */
	CHECK(&c, uepf_msix_set_control(f.m, 0) == 0);
	uepf_msix_notify(f.m, 1);
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN) == 1);
	CHECK(&c, fx_count(&f, FX_RAISE, 1) == 1 && f.nlog == 22);
	fx_fini(&f);
	tap_case_end(&c, "function masked → unmasked with pending bits set → each raised once and cleared");
}

static void t_use_unuse(void)
{
	struct tap_case c;
	struct fx f;

	CASE_BEGIN(&c);
	fx_init(&f, 8, false);
	CHECK(&c, uepf_msix_vector_use(f.m, 5) == 0);
	CHECK(&c, uepf_msix_vector_use(f.m, 5) == 0);
	CHECK(&c, uepf_msix_use_count(f.m, 5) == 2);
	CHECK(&c, uepf_msix_notify(f.m, 5) == UEPF_MSIX_LATCHED);
	CHECK(&c, uepf_msix_vector_unuse(f.m, 5) == 0);
	CHECK(&c, uepf_msix_use_count(f.m, 5) == 1);
	CHECK(&c, uepf_msix_is_pending(f.m, 5) == 1);
	CHECK(&c, uepf_msix_vector_unuse(f.m, 5) == 0);
	CHECK(&c, uepf_msix_use_count(f.m, 5) == 0);
	CHECK(&c, uepf_msix_is_pending(f.m, 5) == 0 && !fx_pba_bit(&f, 5));
	CHECK(&c, uepf_msix_vector_unuse(f.m, 5) == UEPF_MSIX_E_UNUSED);
	CHECK(&c, uepf_msix_use_count(f.m, 5) == 0);
	/* nothing is delivered for the dropped event on a later unmask */
	uepf_msix_vector_use(f.m, 5);
	fx_open(&f);
	CHECK(&c, f.nlog == 0);
	fx_fini(&f);
	tap_case_end(&c, "vector use / unuse with counts; the last unuse clears the pending bit");

	CASE_BEGIN(&c);
	fx_init(&f, 40, true);
	uepf_msix_vector_use(f.m, 3);
	uepf_msix_notify(f.m, 3);
	uepf_msix_notify(f.m, 39);
	CHECK(&c, uepf_msix_unuse_all(f.m) == 0);
	CHECK(&c, uepf_msix_use_count(f.m, 3) == 0 && uepf_msix_use_count(f.m, 39) == 0);
	CHECK(&c, uepf_msix_pending_count(f.m) == 0 && !fx_pba_bit(&f, 39));
	CHECK(&c, uepf_msix_notify(f.m, 3) == UEPF_MSIX_IGNORED);
	fx_fini(&f);
	tap_case_end(&c, "unuse_all: every count to zero and every pending bit cleared");
}

static void t_notifiers(void)
{
	struct tap_case c;
	struct fx f;

	CASE_BEGIN(&c);
	fx_init(&f, 4, true);
	fx_open(&f);
	fx_host_mask(&f, 3, true);
	uepf_msix_sync(f.m, CTL_EN);
	CHECK(&c, fx_set_notifiers(&f) == 0);
	/* registration: unmask for each unmasked vector, then poll(0, n) */
	CHECK(&c, fx_count_all(&f, FX_UNMASK) == 3 && fx_count(&f, FX_UNMASK, 3) == 0);
	CHECK(&c, fx_count_all(&f, FX_POLL) == 1 && f.poll_first == 0 && f.poll_end == 4);
	fx_clear_log(&f);
	fx_host_mask(&f, 1, true);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0);
	CHECK(&c, fx_count(&f, FX_MASK, 1) == 1 && f.nlog == 1);
	fx_host_mask(&f, 1, false);
	uepf_msix_sync(f.m, CTL_EN);
	CHECK(&c, fx_count(&f, FX_UNMASK, 1) == 1 && f.nlog == 2);
	/* function mask: mask for the three unmasked vectors */
	fx_clear_log(&f);
	uepf_msix_sync(f.m, CTL_EN | CTL_MA);
	CHECK(&c, fx_count_all(&f, FX_MASK) == 3 && fx_count(&f, FX_MASK, 3) == 0);
	uepf_msix_sync(f.m, CTL_EN);
	CHECK(&c, fx_count_all(&f, FX_UNMASK) == 3);
	/* reference: disabling fires nothing; re-enabling fires unmask */
	fx_clear_log(&f);
	uepf_msix_sync(f.m, 0);
	CHECK(&c, f.nlog == 0);
	uepf_msix_sync(f.m, CTL_EN);
	CHECK(&c, fx_count_all(&f, FX_UNMASK) == 3 && f.nlog == 3);
	/* unmask notifier first, then the pending message */
	fx_host_mask(&f, 3, true);
	uepf_msix_notify(f.m, 3);
	fx_clear_log(&f);
	fx_host_mask(&f, 3, false);
	uepf_msix_sync(f.m, CTL_EN);
	CHECK(&c, f.nlog == 2 && f.log[0].ev == FX_UNMASK && f.log[1].ev == FX_RAISE);
	/* a failing unmask notifier is counted */
	f.unmask_fail_at = 2;
	fx_host_mask(&f, 2, true);
	uepf_msix_sync(f.m, CTL_EN);
	fx_host_mask(&f, 2, false);
	uepf_msix_sync(f.m, CTL_EN);
	{
		struct uepf_msix_stats s;

		uepf_msix_get_stats(f.m, &s);
		CHECK(&c, s.notifier_errors == 1);
	}
	f.unmask_fail_at = -1;
	/* unset: mask for each unmasked vector */
	fx_clear_log(&f);
	CHECK(&c, uepf_msix_unset_notifiers(f.m) == 0);
	CHECK(&c, fx_count_all(&f, FX_MASK) == 4 && f.nlog == 4);
	fx_clear_log(&f);
	fx_host_mask(&f, 0, true);
	uepf_msix_sync(f.m, CTL_EN);
	CHECK(&c, f.nlog == 0);
	CHECK(&c, uepf_msix_unset_notifiers(f.m) == UEPF_MSIX_E_NO_NOTIFIERS);
	/* registration failure undoes what it did */
	fx_clear_log(&f);
	f.unmask_fail_at = 2;
	CHECK(&c, fx_set_notifiers(&f) == UEPF_MSIX_E_NOTIFIER);
	CHECK(&c, fx_count(&f, FX_UNMASK, 1) == 1 && fx_count(&f, FX_MASK, 1) == 1);
	CHECK(&c, uepf_msix_unset_notifiers(f.m) == UEPF_MSIX_E_NO_NOTIFIERS);
	fx_fini(&f);
	tap_case_end(&c, "notifiers for unmask and mask transitions, as the reference's vector notifiers");

	CASE_BEGIN(&c);
	fx_init(&f, 100, true);
	f.poll_set = 70;
	CHECK(&c, fx_set_notifiers(&f) == 0);
	CHECK(&c, f.poll_ret == 0 && uepf_msix_is_pending(f.m, 70) == 1);
	CHECK(&c, fx_pba_bit(&f, 70));
	f.poll_set = 71;
	fx_host_pba_write(&f, 2, 0);
	CHECK(&c, uepf_msix_poll(f.m, 64, 100) == 0);
	CHECK(&c, f.poll_first == 64 && f.poll_end == 100);
	CHECK(&c, uepf_msix_is_pending(f.m, 71) == 1 && fx_pba_bit(&f, 70) && fx_pba_bit(&f, 71));
	CHECK(&c, uepf_msix_poll(f.m, 0, 101) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_poll(f.m, 5, 4) == UEPF_MSIX_E_VECTOR);
	/* pending set by the poll hook is delivered on unmask */
	fx_clear_log(&f);
	fx_open(&f);
	CHECK(&c, f.nlog == 0);		/* fx_open clears the log */
	CHECK(&c, uepf_msix_pending_count(f.m) == 0);
	fx_fini(&f);
	tap_case_end(&c, "poll hook: called at registration and by uepf_msix_poll, may set pending bits");
}

static void t_pba_readonly(void)
{
	struct tap_case c;
	struct fx f;
	unsigned int w;

	CASE_BEGIN(&c);
	fx_init(&f, 128, true);
	fx_open(&f);
	fx_host_mask(&f, 33, true);
	uepf_msix_notify(f.m, 33);
	/* host sets every bit and clears the real one */
	for (w = 0; w < 4; w++)
		fx_host_pba_write(&f, w, 0xffffffff);
	fx_host_pba_write(&f, 1, 0);
	CHECK(&c, uepf_msix_pending_count(f.m) == 1);
	CHECK(&c, uepf_msix_is_pending(f.m, 0) == 0 && uepf_msix_is_pending(f.m, 33) == 1);
	/* a "pending" bit written by the host is never delivered */
	fx_host_mask(&f, 0, true);
	uepf_msix_sync(f.m, CTL_EN);
	fx_host_mask(&f, 0, false);
	uepf_msix_sync(f.m, CTL_EN);
	CHECK(&c, f.nlog == 0);
	/* sync rewrote the word holding the real pending bit */
	CHECK(&c, f.pba[1] == 2);
	uepf_msix_pba_republish(f.m);
	CHECK(&c, f.pba[0] == 0 && f.pba[1] == 2 && f.pba[2] == 0 && f.pba[3] == 0);
	/* the real one is delivered on unmask, once */
	fx_host_mask(&f, 33, false);
	uepf_msix_sync(f.m, CTL_EN);
	CHECK(&c, fx_count(&f, FX_RAISE, 33) == 1 && f.nlog == 1 && f.pba[1] == 0);
	fx_fini(&f);
	tap_case_end(&c, "PBA is read-only to the host: host writes into PBA memory never change pending state");
}

static void t_disabled_latches(void)
{
	struct tap_case c;
	struct fx f;

	CASE_BEGIN(&c);
	fx_init(&f, 8, true);
	fx_host_mask(&f, 2, false);		/* entry unmasked, MSI-X off */
	CHECK(&c, uepf_msix_sync(f.m, 0) == 0);
	CHECK(&c, uepf_msix_notify(f.m, 2) == UEPF_MSIX_LATCHED);
	CHECK(&c, f.nlog == 0 && uepf_msix_is_pending(f.m, 2) == 1 && fx_pba_bit(&f, 2));
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1 && fx_count(&f, FX_RAISE, 2) == 1);
	fx_fini(&f);
	tap_case_end(&c, "notify while MSI-X is disabled sets the pending bit (disabled counts as masked)");
}

static void t_ctrl_bits(void)
{
	struct tap_case c;
	struct fx f;

	CASE_BEGIN(&c);
	fx_init(&f, 8, true);
	uepf_msix_sync(f.m, CTL_EN);
	fx_host_ctrl(&f, 1, 0xfffffffe);	/* all TPH bits, unmasked */
	fx_host_ctrl(&f, 2, 0x80000001);	/* masked */
	fx_host_ctrl(&f, 3, 0x00000002);	/* bit 1 only: unmasked */
	CHECK(&c, uepf_msix_is_masked(f.m, 1) == 0);
	CHECK(&c, uepf_msix_is_masked(f.m, 2) == 1);
	CHECK(&c, uepf_msix_is_masked(f.m, 3) == 0);
	CHECK(&c, uepf_msix_notify(f.m, 1) == UEPF_MSIX_RAISED);
	CHECK(&c, uepf_msix_notify(f.m, 2) == UEPF_MSIX_LATCHED);
	CHECK(&c, uepf_msix_notify(f.m, 3) == UEPF_MSIX_RAISED);
	uepf_msix_sync(f.m, CTL_EN | CTL_MA);
	uepf_msix_notify(f.m, 1);
	fx_host_ctrl(&f, 2, 0x80000000);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 2);
	CHECK(&c, fx_ctrl(&f, 1) == 0xfffffffe && fx_ctrl(&f, 2) == 0x80000000);
	CHECK(&c, fx_ctrl(&f, 3) == 0x00000002);
	fx_fini(&f);
	tap_case_end(&c, "Vector Control bits 31:1 preserved untouched; only bit 0 is the mask");
}

static void t_enable_sequence(void)
{
	struct tap_case c;
	struct fx f;
	unsigned int v;
	uint64_t a;
	uint32_t d;

	CASE_BEGIN(&c);
	/* Linux msix_capability_init(): step by step, syncing in between */
	fx_init(&f, 16, true);
	uepf_msix_notify(f.m, 4);		/* event before the host is ready */
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN | CTL_MA) == 0);
	for (v = 0; v < 16; v++) {
		fx_host_entry(&f, v, 0xfee00000 + v * 16, 0x4000 + v);
		uepf_msix_sync(f.m, CTL_EN | CTL_MA);
		fx_host_mask(&f, v, false);
		CHECK(&c, uepf_msix_sync(f.m, CTL_EN | CTL_MA) == 0);
	}
	CHECK(&c, f.nlog == 0 && uepf_msix_is_pending(f.m, 4) == 1);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1 && fx_count(&f, FX_RAISE, 4) == 1);
	CHECK(&c, uepf_msix_get_message(f.m, 4, &a, &d) == 0 && a == 0xfee00040 && d == 0x4004);
	CHECK(&c, uepf_msix_notify(f.m, 15) == UEPF_MSIX_RAISED);
	fx_fini(&f);

	/* the same seen in a single sync */
	fx_init(&f, 16, true);
	uepf_msix_notify(f.m, 4);
	for (v = 0; v < 16; v++)
		fx_host_mask(&f, v, false);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1 && fx_count(&f, FX_RAISE, 4) == 1);
	fx_fini(&f);
	tap_case_end(&c, "host enable sequence: Enable + Function Mask, program and unmask entries, clear Function Mask");

	CASE_BEGIN(&c);
	fx_init(&f, 16, true);
	for (v = 0; v < 16; v++) {
		fx_host_entry(&f, v, 0x1000 + v, v);
		fx_host_mask(&f, v, false);
	}
	CHECK(&c, uepf_msix_sync(f.m, 0) == 0);
	CHECK(&c, uepf_msix_notify(f.m, 7) == UEPF_MSIX_LATCHED);
	CHECK(&c, uepf_msix_is_masked(f.m, 7) == 1);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1 && fx_count(&f, FX_RAISE, 7) == 1);
	CHECK(&c, uepf_msix_get_message(f.m, 7, &a, &d) == 0 && a == 0x1007 && d == 7);
	fx_fini(&f);
	tap_case_end(&c, "host writes entries while MSI-X is disabled, then enables");
}

static void t_refused(void)
{
	struct tap_case c;
	struct fx f;
	struct uepf_msix_stats s;

	CASE_BEGIN(&c);
	fx_init(&f, 8, true);
	fx_open(&f);
	/* the host masked the vector between our look and the raise */
	f.refuse = 1;
	f.refuse_masks_entry = true;
	CHECK(&c, uepf_msix_notify(f.m, 5) == UEPF_MSIX_LATCHED);
	CHECK(&c, uepf_msix_is_pending(f.m, 5) == 1 && fx_pba_bit(&f, 5) && f.nlog == 0);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0 && f.nlog == 0);
	fx_host_mask(&f, 5, false);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1 && fx_count(&f, FX_RAISE, 5) == 1);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0 && f.nlog == 1);
	/* masked and unmasked again before we looked: retried at next sync */
	f.refuse = 1;
	f.refuse_masks_entry = false;
	CHECK(&c, uepf_msix_notify(f.m, 6) == UEPF_MSIX_LATCHED);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1 && fx_count(&f, FX_RAISE, 6) == 1);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0 && fx_count(&f, FX_RAISE, 6) == 1);
	/* refused again during the unmask delivery: pending again */
	fx_host_mask(&f, 2, true);
	uepf_msix_notify(f.m, 2);
	fx_host_mask(&f, 2, false);
	f.refuse = 1;
	f.refuse_masks_entry = true;
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 0 && uepf_msix_is_pending(f.m, 2) == 1);
	fx_host_mask(&f, 2, false);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1 && fx_count(&f, FX_RAISE, 2) == 1);
	/* another failure: reported, kept pending, retried */
	f.refuse = 1;
	f.refuse_with = -EIO;
	f.refuse_masks_entry = false;
	CHECK(&c, uepf_msix_notify(f.m, 1) == UEPF_MSIX_E_RAISE);
	CHECK(&c, uepf_msix_is_pending(f.m, 1) == 1);
	uepf_msix_get_stats(f.m, &s);
	CHECK(&c, s.raise_errors == 1 && s.last_raise_error == -EIO && s.refused == 3);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN) == 1 && fx_count(&f, FX_RAISE, 1) == 1);
	CHECK(&c, uepf_msix_pending_count(f.m) == 0);
	fx_fini(&f);
	tap_case_end(&c, "a raise the controller refuses goes back to pending: never lost, never duplicated");
}

static void t_reentry(void)
{
	struct tap_case c;
	struct fx f;

	CASE_BEGIN(&c);
	fx_init(&f, 4, true);
	fx_open(&f);
	f.reenter = true;
	CHECK(&c, uepf_msix_notify(f.m, 0) == UEPF_MSIX_RAISED);
	CHECK(&c, f.reenter_ret == UEPF_MSIX_E_BUSY && f.nlog == 1);
	fx_fini(&f);
	tap_case_end(&c, "calls from inside the raise callback fail with E_BUSY");
}

int main(void)
{
	t_initial_state();
	t_reset();
	t_function_masked();
	t_vector_masked();
	t_notify_range();
	t_notify_unused();
	t_notify_masked();
	t_notify_raised();
	t_level();
	t_vector_unmask();
	t_function_unmask();
	t_use_unuse();
	t_notifiers();
	t_pba_readonly();
	t_disabled_latches();
	t_ctrl_bits();
	t_enable_sequence();
	t_refused();
	t_reentry();
	return tap_done();
}
