// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * MSI-X core: every API entry with bad input returns its error code and
 * leaves the state unchanged (table, PBA memory, pending, control, use
 * counts, counters); calls from inside callbacks are refused.
 */
#include <stdlib.h>
#include <string.h>

#include "msix-fixture.h"
#include "msix-internal.h"	/* white box: to reach a use count of 2^32-1 */
#include "tap.h"

#define N 40

struct snap {
	uint8_t blob[UEPF_MSIX_STATE_SIZE(N)];
	uint32_t table[N * 4];
	uint32_t pba[UEPF_MSIX_PBA_SIZE(N) / 4];
	long use[N];
	unsigned int pcount;
	struct uepf_msix_stats st;
	unsigned int nlog;
};

static void take(struct fx *f, struct snap *s)
{
	unsigned int v;

	memset(s, 0, sizeof(*s));
	uepf_msix_save(f->m, s->blob, sizeof(s->blob));
	memcpy(s->table, f->table, sizeof(s->table));
	memcpy(s->pba, f->pba, sizeof(s->pba));
	for (v = 0; v < N; v++)
		s->use[v] = uepf_msix_use_count(f->m, v);
	s->pcount = uepf_msix_pending_count(f->m);
	uepf_msix_get_stats(f->m, &s->st);
	s->nlog = f->nlog;
}

static void setup(struct fx *f)
{
	unsigned int v;

	fx_init(f, N, true);
	for (v = 0; v < N; v++)
		fx_host_mask(f, v, v & 1);
	uepf_msix_sync(f->m, CTL_EN);
	for (v = 0; v < N; v += 3)
		uepf_msix_notify(f->m, v);
	fx_clear_log(f);
}

#define UNCHANGED(c, f, s0) do { \
	struct snap s1_; \
	take(f, &s1_); \
	CHECK(c, memcmp(&(s0), &s1_, sizeof(s1_)) == 0); \
} while (0)

static void t_bad(void)
{
	struct uepf_msix_notifiers nn = { 0 };
	struct tap_case c;
	struct snap s0;
	struct fx f;
	uint64_t a;
	uint32_t d;

	setup(&f);
	take(&f, &s0);

	CASE_BEGIN(&c);
	CHECK(&c, uepf_msix_notify(NULL, 0) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_notify(f.m, N) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_notify(f.m, 0x10000) == UEPF_MSIX_E_VECTOR);
	UNCHANGED(&c, &f, s0);
	tap_case_end(&c, "bad input: uepf_msix_notify");

	CASE_BEGIN(&c);
	CHECK(&c, uepf_msix_set_control(NULL, CTL_EN) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_sync(NULL, CTL_EN) == UEPF_MSIX_E_INVAL);
	/* read-only Table Size bits and reserved bits are ignored */
	CHECK(&c, uepf_msix_set_control(f.m, CTL_EN | (0x3fff & ~CTL_MA)) == 0);
	CHECK(&c, uepf_msix_sync(f.m, CTL_EN | 0x07ff) == 0);
	CHECK(&c, uepf_msix_control(f.m) == CTL_EN);
	CHECK(&c, uepf_msix_control(NULL) == 0 && uepf_msix_enabled(NULL) == 0);
	CHECK(&c, uepf_msix_function_masked(NULL) == 1);
	UNCHANGED(&c, &f, s0);
	tap_case_end(&c, "bad input: uepf_msix_set_control / uepf_msix_sync / control queries");

	CASE_BEGIN(&c);
	CHECK(&c, uepf_msix_is_masked(NULL, 0) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_is_masked(f.m, N) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_is_pending(NULL, 0) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_is_pending(f.m, N) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_pending_count(NULL) == 0);
	CHECK(&c, uepf_msix_nvectors(NULL) == 0 && uepf_msix_nvectors(f.m) == N);
	CHECK(&c, uepf_msix_use_count(NULL, 0) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_use_count(f.m, N) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_get_message(NULL, 0, &a, &d) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_get_message(f.m, 0, NULL, &d) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_get_message(f.m, 0, &a, NULL) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_get_message(f.m, N, &a, &d) == UEPF_MSIX_E_VECTOR);
	uepf_msix_get_stats(NULL, &s0.st);
	uepf_msix_get_stats(f.m, NULL);
	UNCHANGED(&c, &f, s0);
	tap_case_end(&c, "bad input: queries (is_masked, is_pending, use_count, get_message, stats)");

	CASE_BEGIN(&c);
	CHECK(&c, uepf_msix_set_pending(NULL, 0) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_set_pending(f.m, N) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_reset(NULL) == UEPF_MSIX_E_INVAL);
	uepf_msix_pba_republish(NULL);
	uepf_msix_free(NULL);
	UNCHANGED(&c, &f, s0);
	tap_case_end(&c, "bad input: uepf_msix_set_pending / uepf_msix_reset / pba_republish / free");

	CASE_BEGIN(&c);
	CHECK(&c, uepf_msix_vector_use(NULL, 0) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_vector_use(f.m, N) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_vector_unuse(NULL, 0) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_vector_unuse(f.m, N) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_unuse_all(NULL) == UEPF_MSIX_E_INVAL);
	UNCHANGED(&c, &f, s0);
	f.m->use[7] = UINT32_MAX;
	take(&f, &s0);
	CHECK(&c, uepf_msix_vector_use(f.m, 7) == UEPF_MSIX_E_USE_OVERFLOW);
	UNCHANGED(&c, &f, s0);
	f.m->use[7] = 1;
	CHECK(&c, uepf_msix_vector_unuse(f.m, 7) == 0);
	take(&f, &s0);
	CHECK(&c, uepf_msix_vector_unuse(f.m, 7) == UEPF_MSIX_E_UNUSED);
	UNCHANGED(&c, &f, s0);
	tap_case_end(&c, "bad input: uepf_msix_vector_use / unuse / unuse_all");

	CASE_BEGIN(&c);
	CHECK(&c, uepf_msix_set_notifiers(NULL, &nn) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_set_notifiers(f.m, NULL) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_set_notifiers(f.m, &nn) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_unset_notifiers(NULL) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_unset_notifiers(f.m) == UEPF_MSIX_E_NO_NOTIFIERS);
	CHECK(&c, uepf_msix_poll(NULL, 0, 1) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_poll(f.m, 0, N + 1) == UEPF_MSIX_E_VECTOR);
	CHECK(&c, uepf_msix_poll(f.m, 3, 2) == UEPF_MSIX_E_VECTOR);
	UNCHANGED(&c, &f, s0);
	tap_case_end(&c, "bad input: uepf_msix_set_notifiers / unset_notifiers / poll");

	fx_fini(&f);
}

/* From inside the raise callback every changing call is refused. */
static struct fx *busy_f;
static int busy_rets[16];

static int busy_raise(void *opaque, unsigned int v)
{
	struct uepf_msix *m = busy_f->m;
	struct uepf_msix_notifiers nn = { 0 };
	uint8_t blob[UEPF_MSIX_STATE_SIZE(N)];
	int i = 0;

	uepf_msix_save(m, blob, sizeof(blob));
	busy_rets[i++] = uepf_msix_notify(m, 1);
	busy_rets[i++] = uepf_msix_set_control(m, 0);
	busy_rets[i++] = uepf_msix_sync(m, 0);
	busy_rets[i++] = uepf_msix_reset(m);
	busy_rets[i++] = uepf_msix_vector_use(m, 1);
	busy_rets[i++] = uepf_msix_vector_unuse(m, 1);
	busy_rets[i++] = uepf_msix_unuse_all(m);
	busy_rets[i++] = uepf_msix_set_pending(m, 1);
	busy_rets[i++] = uepf_msix_set_notifiers(m, &nn);
	busy_rets[i++] = uepf_msix_unset_notifiers(m);
	busy_rets[i++] = uepf_msix_poll(m, 0, 1);
	busy_rets[i++] = uepf_msix_load(m, blob, sizeof(blob), 0, NULL, 0);
	return 0;
}

static void t_busy(void)
{
	struct tap_case c;
	struct fx f;
	struct snap s0;
	int i;

	CASE_BEGIN(&c);
	setup(&f);
	uepf_msix_free(f.m);
	CHECK(&c, uepf_msix_new(&f.m, &f.layout, f.table, f.pba, busy_raise,
				NULL, NULL, 0) == 0);
	uepf_msix_vector_use(f.m, 0);
	uepf_msix_vector_use(f.m, 1);
	fx_host_mask(&f, 0, false);
	uepf_msix_sync(f.m, CTL_EN);
	busy_f = &f;
	take(&f, &s0);
	CHECK(&c, uepf_msix_notify(f.m, 0) == UEPF_MSIX_RAISED);
	for (i = 0; i < 12; i++)
		CHECK(&c, busy_rets[i] == UEPF_MSIX_E_BUSY);
	{
		struct snap s1;

		take(&f, &s1);
		s1.st.raised--;		/* the one legitimate raise */
		CHECK(&c, memcmp(&s0, &s1, sizeof(s1)) == 0);
	}
	fx_fini(&f);
	tap_case_end(&c, "bad input: every changing call from inside a callback → E_BUSY, nothing changes");
}

int main(void)
{
	t_bad();
	t_busy();
	return tap_done();
}
