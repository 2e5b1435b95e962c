// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * MSI-X core micro-benchmark (not a test; run by `make bench`).
 *
 *   msix-bench time            ns/op of every scenario and of a trivial
 *                              baseline loop, measured in the same run
 *   msix-bench run NAME ITERS  run one scenario ITERS times (for
 *                              valgrind --tool=callgrind
 *                              --toggle-collect=bench_NAME)
 *   msix-bench list            scenario names
 *
 * Each scenario's timed loop is its own noinline function bench_NAME, so
 * callgrind counts only the loop; the baseline loop (an indirect call to an
 * empty function) is subtracted by the script to get instructions per op.
 */
#include <endian.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uepf/msix.h>

#define CTL_EN 0x8000

struct ctx {
	struct uepf_msix *m;
	uint32_t *table, *pba;
	unsigned int n;
	unsigned long raised;
};

static struct ctx cx;

static int raise_ok(void *opaque, unsigned int v)
{
	cx.raised++;
	return 0;
}

static void setup(unsigned int n, bool unmask, unsigned int npending)
{
	struct uepf_msix_layout l;
	unsigned int v;

	free(cx.table);
	free(cx.pba);
	uepf_msix_free(cx.m);
	cx.n = n;
	cx.table = aligned_alloc(64, UEPF_MSIX_TABLE_SIZE(n));
	cx.pba = aligned_alloc(64, UEPF_MSIX_PBA_SIZE(n) < 64 ? 64 : UEPF_MSIX_PBA_SIZE(n));
	uepf_msix_exclusive_bar_layout(n, 0, &l, NULL, 0);
	if (uepf_msix_new(&cx.m, &l, cx.table, cx.pba, raise_ok, NULL, NULL, 0))
		abort();
	for (v = 0; v < n; v++) {
		uepf_msix_vector_use(cx.m, v);
		if (unmask)
			cx.table[4 * v + 3] = 0;	/* host unmasks (LE 0) */
	}
	uepf_msix_sync(cx.m, CTL_EN);
	/* pending vectors: masked by the host, then notified */
	for (v = 0; v < npending; v++) {
		unsigned int x = (v * 37) % n;

		cx.table[4 * x + 3] = htole32(1);
		uepf_msix_notify(cx.m, x);
	}
	if (uepf_msix_pending_count(cx.m) != npending)
		abort();
}

static void empty(unsigned int v)
{
	__asm__ volatile("" ::: "memory");
}

static void (*volatile empty_fn)(unsigned int) = empty;

__attribute__((noinline)) void bench_baseline(unsigned long iters);
__attribute__((noinline)) void bench_baseline(unsigned long iters)
{
	unsigned long i;

	for (i = 0; i < iters; i++)
		empty_fn(i & 2047);
}

__attribute__((noinline)) void bench_notify_unmasked(unsigned long iters);
__attribute__((noinline)) void bench_notify_unmasked(unsigned long iters)
{
	unsigned long i;

	for (i = 0; i < iters; i++)
		uepf_msix_notify(cx.m, i & 2047);
}

__attribute__((noinline)) void bench_notify_masked(unsigned long iters);
__attribute__((noinline)) void bench_notify_masked(unsigned long iters)
{
	unsigned long i;

	for (i = 0; i < iters; i++)
		uepf_msix_notify(cx.m, i & 2047);
}

__attribute__((noinline)) void bench_sync(unsigned long iters);
__attribute__((noinline)) void bench_sync(unsigned long iters)
{
	unsigned long i;

	for (i = 0; i < iters; i++)
		uepf_msix_sync(cx.m, CTL_EN);
}

struct scenario {
	const char *name;	/* bench_<fn> is the callgrind toggle */
	const char *fn;
	unsigned int n;
	bool unmask;
	unsigned int npending;
	void (*loop)(unsigned long);
};

static const struct scenario scen[] = {
	{ "baseline", "baseline", 2048, true, 0, bench_baseline },
	{ "notify_unmasked", "notify_unmasked", 2048, true, 0, bench_notify_unmasked },
	{ "notify_masked", "notify_masked", 2048, false, 0, bench_notify_masked },
	{ "sync_2048v_1pending", "sync", 2048, true, 1, bench_sync },
	{ "sync_2048v_2048pending", "sync", 2048, true, 2048, bench_sync },
	{ "sync_64v_1pending", "sync", 64, true, 1, bench_sync },
	{ "sync_512v_1pending", "sync", 512, true, 1, bench_sync },
};

#define NSCEN (sizeof(scen) / sizeof(scen[0]))

static const struct scenario *find(const char *name)
{
	unsigned int i;

	for (i = 0; i < NSCEN; i++)
		if (!strcmp(scen[i].name, name))
			return &scen[i];
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double time_one(const struct scenario *s, unsigned long iters)
{
	double best = 1e30;
	int rep;

	for (rep = 0; rep < 5; rep++) {
		double t0, t;

		setup(s->n, s->unmask, s->npending);
		/* notify on masked vectors: measure the latch, then steady state */
		t0 = now();
		s->loop(iters);
		t = (now() - t0) / iters * 1e9;
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc >= 2 && !strcmp(argv[1], "list")) {
		for (i = 0; i < NSCEN; i++)
			printf("%s %s\n", scen[i].name, scen[i].fn);
		return 0;
	}
	if (argc >= 4 && !strcmp(argv[1], "run")) {
		const struct scenario *s = find(argv[2]);
		unsigned long iters = strtoul(argv[3], NULL, 0);

		if (!s) {
			fprintf(stderr, "unknown scenario %s\n", argv[2]);
			return 2;
		}
		setup(s->n, s->unmask, s->npending);
		s->loop(iters);
		printf("%s: %lu iterations, %lu raised, %u pending\n", s->name,
		       iters, cx.raised, uepf_msix_pending_count(cx.m));
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "time")) {
		unsigned long iters = argc >= 3 ? strtoul(argv[2], NULL, 0) : 2000000;
		double base = time_one(&scen[0], iters);

		printf("%-24s %10s %8s\n", "scenario", "ns/op", "x base");
		for (i = 0; i < NSCEN; i++) {
			/* the 2048-pending sync costs ~1000 of the others */
		unsigned long it = scen[i].npending > 1 ? iters / 1000 + 1 : iters;
		double t = i ? time_one(&scen[i], it) : base;

			printf("%-24s %10.2f %8.2f\n", scen[i].name, t, t / base);
		}
		return 0;
	}
	fprintf(stderr, "usage: %s time [ITERS] | run NAME ITERS | list\n", argv[0]);
	return 2;
}
