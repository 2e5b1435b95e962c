// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Randomized differential test: the MSI-X core against the reference model
 * (msix-model.c), which shares no code with it.  Each sequence creates both
 * with the same vector count, applies the same random operations (notify,
 * host mask/unmask writes into the table, Message Control changes through
 * set_control and sync, host writes into PBA memory, use/unuse/unuse_all,
 * reset, save/load, refused and failed raises, set_pending, notifier
 * registration, a restart that adopts the live memory with
 * UEPF_MSIX_ADOPT) and compares after every operation: return values, raises
 * and notifier calls (per vector, in order), pending bits, use counts,
 * masks, control, table memory, and PBA memory after sync.
 *
 * Usage: test-msix-diff [SEED [SEQUENCES]]; or env UEPF_SEED, UEPF_DIFF_SEQS.
 * UEPF_DIFF_ONLY=I (with the same seed) replays sequence I with a trace.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uepf/msix.h>
#include "msix-model.h"
#include "tap.h"

#define LOGMAX 20000

struct ev {
	unsigned char kind;	/* 'R' raise, 'U' unmask, 'M' mask */
	unsigned int v;
};

struct side {
	uint32_t *table;
	uint32_t *pba;
	struct ev log[LOGMAX];
	unsigned int nlog;
	unsigned char refuse[MODEL_MAX], fail[MODEL_MAX], refuse_masks[MODEL_MAX];
};

static struct side sc, sm;		/* core, model */
static struct uepf_msix *core;
static struct model mo;
static struct model_snapshot snap;
static struct uepf_msix_layout layout;
static uint8_t blob[UEPF_MSIX_STATE_SIZE(MODEL_MAX)];
static bool have_saved;
static bool dirty[MODEL_MAX / 32];	/* PBA words the host wrote since we did */
static uint64_t rng;
static bool trace;
static char why[512];

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static unsigned int below(unsigned int n)
{
	return n ? (unsigned int)(rnd() % n) : 0;
}

static void logev(struct side *s, unsigned char k, unsigned int v)
{
	if (s->nlog < LOGMAX)
		s->log[s->nlog++] = (struct ev){ k, v };
}

static void host_mask(struct side *s, unsigned int v, bool masked)
{
	uint32_t c = le32toh(s->table[4 * v + 3]);

	s->table[4 * v + 3] = htole32((c & ~1u) | masked);
}

static int side_raise(struct side *s, unsigned int v)
{
	if (s->fail[v]) {
		s->fail[v]--;
		return -5;
	}
	if (s->refuse[v]) {
		s->refuse[v]--;
		if (s->refuse_masks[v])
			host_mask(s, v, true);
		return UEPF_MSIX_REFUSED;
	}
	logev(s, 'R', v);
	return 0;
}

static int c_raise(void *o, unsigned int v) { return side_raise(&sc, v); }
static int m_raise(void *o, unsigned int v) { return side_raise(&sm, v); }
static int c_unmask(void *o, unsigned int v, uint64_t a, uint32_t d)
{
	logev(&sc, 'U', v);
	return 0;
}
static void c_mask(void *o, unsigned int v) { logev(&sc, 'M', v); }
static void m_unmask(void *o, unsigned int v) { logev(&sm, 'U', v); }
static void m_mask(void *o, unsigned int v) { logev(&sm, 'M', v); }

/* Stable sort by vector: order across vectors is not part of the contract. */
static void sort_log(struct side *s)
{
	unsigned int i, j;

	for (i = 1; i < s->nlog; i++) {
		struct ev e = s->log[i];

		for (j = i; j > 0 && s->log[j - 1].v > e.v; j--)
			s->log[j] = s->log[j - 1];
		s->log[j] = e;
	}
}

static uint32_t model_word(unsigned int n, unsigned int w)
{
	uint32_t want = 0;
	unsigned int b;

	for (b = 0; b < 32 && w * 32 + b < n; b++)
		want |= (uint32_t)mo.pending[w * 32 + b] << b;
	return want;
}

static bool compare(unsigned int n, bool after_sync)
{
	unsigned int v, i;

	sort_log(&sc);
	sort_log(&sm);
	if (sc.nlog != sm.nlog) {
		snprintf(why, sizeof(why), "%u events from the core, %u from the model",
			 sc.nlog, sm.nlog);
		return false;
	}
	for (i = 0; i < sc.nlog; i++)
		if (sc.log[i].kind != sm.log[i].kind || sc.log[i].v != sm.log[i].v) {
			snprintf(why, sizeof(why), "event %u: core %c%u, model %c%u", i,
				 sc.log[i].kind, sc.log[i].v, sm.log[i].kind, sm.log[i].v);
			return false;
		}
	sc.nlog = sm.nlog = 0;
	if (memcmp(sc.table, sm.table, 16 * n)) {
		snprintf(why, sizeof(why), "table memory differs");
		return false;
	}
	if (uepf_msix_enabled(core) != mo.enable ||
	    uepf_msix_function_masked(core) != model_fmask(&mo)) {
		snprintf(why, sizeof(why), "control differs");
		return false;
	}
	if (uepf_msix_pending_count(core) != model_pending_count(&mo)) {
		snprintf(why, sizeof(why), "pending count core %u model %u",
			 uepf_msix_pending_count(core), model_pending_count(&mo));
		return false;
	}
	for (v = 0; v < n; v++) {
		if (uepf_msix_is_pending(core, v) != mo.pending[v]) {
			snprintf(why, sizeof(why), "vector %u pending core %d model %d",
				 v, uepf_msix_is_pending(core, v), mo.pending[v]);
			return false;
		}
		if (uepf_msix_use_count(core, v) != mo.use[v]) {
			snprintf(why, sizeof(why), "vector %u use count", v);
			return false;
		}
		if (uepf_msix_is_masked(core, v) != model_live_masked(&mo, v)) {
			snprintf(why, sizeof(why), "vector %u masked", v);
			return false;
		}
		if (after_sync && mo.pending[v])
			dirty[v / 32] = false;
	}
	/* PBA memory mirrors the pending bits, except words the host wrote */
	for (i = 0; i < (unsigned int)UEPF_MSIX_PBA_SIZE(n) / 4; i++)
		if (!dirty[i] && le32toh(sc.pba[i]) != model_word(n, i)) {
			snprintf(why, sizeof(why), "PBA word %u = %#x, want %#x",
				 i, le32toh(sc.pba[i]), model_word(n, i));
			return false;
		}
	return true;
}

static bool final_pba(unsigned int n)
{
	unsigned int v;

	uepf_msix_pba_republish(core);
	for (v = 0; v < (unsigned int)UEPF_MSIX_PBA_SIZE(n) * 8; v++) {
		bool bit = le32toh(sc.pba[v / 32]) >> (v % 32) & 1;

		if (bit != (v < n && mo.pending[v])) {
			snprintf(why, sizeof(why), "PBA bit %u after republish", v);
			return false;
		}
	}
	return true;
}

static uint16_t rnd_ctl(void)
{
	static const uint16_t c[] = { 0, 0x4000, 0x8000, 0xc000, 0x8000, 0x8000 };

	return c[below(6)] | (below(4) == 0 ? below(0x800) : 0);
}

#define T(...) do { if (trace) printf("#   " __VA_ARGS__); } while (0)

/* One operation on both; returns false on a mismatch. */
static bool step(unsigned int n, bool with_notifiers)
{
	unsigned int op = below(100), v = below(n), i;
	bool after_sync = false, all_clean = false;
	uint32_t before[MODEL_MAX / 32];
	int rc = 0, rm = 0;
	char err[256];

	for (i = 0; i < (unsigned int)UEPF_MSIX_PBA_SIZE(n) / 4; i++)
		before[i] = model_word(n, i);

	if (op < 22) {
		if (below(30) == 0)
			v = n + below(3);
		T("notify %u\n", v);
		rc = uepf_msix_notify(core, v);
		rm = model_notify(&mo, v);
	} else if (op < 40) {
		bool mk = below(2);
		uint32_t hi = below(4) == 0 ? (uint32_t)rnd() & ~1u : 0;

		T("host writes vector control %u = %#x\n", v, hi | mk);
		sc.table[4 * v + 3] = sm.table[4 * v + 3] = htole32(hi | mk);
	} else if (op < 43) {
		uint32_t w = (uint32_t)rnd();

		T("host writes entry %u word %u\n", v, w % 3);
		sc.table[4 * v + w % 3] = sm.table[4 * v + w % 3] = w;
	} else if (op < 50) {
		uint16_t ctl = rnd_ctl();

		T("set_control %#x\n", ctl);
		rc = uepf_msix_set_control(core, ctl);
		rm = model_set_control(&mo, ctl);
	} else if (op < 62) {
		uint16_t ctl = below(3) ? (uint16_t)(mo.enable << 15 | mo.maskall << 14) : rnd_ctl();

		T("sync %#x\n", ctl);
		rc = uepf_msix_sync(core, ctl);
		rm = model_sync(&mo, ctl);
		after_sync = true;
	} else if (op < 65) {
		unsigned int w = below((unsigned int)UEPF_MSIX_PBA_SIZE(n) / 4);

		T("host writes PBA word %u\n", w);
		sc.pba[w] = (uint32_t)rnd();
		dirty[w] = true;
	} else if (op < 73) {
		T("use %u\n", v);
		rc = uepf_msix_vector_use(core, v);
		rm = model_use(&mo, v);
	} else if (op < 78) {
		if (below(20) == 0)
			v = n;
		T("unuse %u\n", v);
		rc = uepf_msix_vector_unuse(core, v);
		rm = model_unuse(&mo, v);
	} else if (op < 79) {
		T("unuse_all\n");
		rc = uepf_msix_unuse_all(core);
		model_unuse_all(&mo);
		all_clean = true;
	} else if (op < 81) {
		T("reset\n");
		rc = uepf_msix_reset(core);
		model_reset(&mo);
		all_clean = true;
	} else if (op < 83) {
		T("save\n");
		rc = uepf_msix_save(core, blob, sizeof(blob)) ==
		     (long)UEPF_MSIX_STATE_SIZE(n) ? 0 : -1;
		model_save(&mo, &snap);
		have_saved = true;
	} else if (op < 86) {
		bool keep = below(4) == 0;

		if (!have_saved) {
			uepf_msix_save(core, blob, sizeof(blob));
			model_save(&mo, &snap);
			have_saved = true;
		}
		T("load%s\n", keep ? " (keep table)" : "");
		rc = uepf_msix_load(core, blob, UEPF_MSIX_STATE_SIZE(n),
				    keep ? UEPF_MSIX_LOAD_KEEP_TABLE : 0, err, sizeof(err));
		rm = model_load(&mo, &snap, keep);
		all_clean = rc >= 0;
	} else if (op < 91) {
		unsigned int k = below(3);

		T("arm: raise of %u %s\n", v, k == 0 ? "fails" : k == 1 ?
		  "refused, host masks" : "refused");
		if (k == 0) {
			sc.fail[v]++;
			sm.fail[v]++;
		} else {
			sc.refuse[v]++;
			sm.refuse[v]++;
			sc.refuse_masks[v] = sm.refuse_masks[v] = k == 1;
		}
	} else if (op < 92) {
		struct model_ops mops = { m_raise, m_unmask, m_mask, NULL };

		T("restart: adopt the live memory, vectors used again\n");
		uepf_msix_free(core);
		rc = uepf_msix_new_flags(&core, &layout, sc.table, sc.pba, c_raise,
					 NULL, UEPF_MSIX_ADOPT, err, sizeof(err));
		model_adopt(&mo, n, sm.table, &mops);
		if (rc) {
			snprintf(why, sizeof(why), "adopt: %s", err);
			return false;
		}
		for (i = 0; i < n; i++)
			if (below(4)) {
				uepf_msix_vector_use(core, i);
				model_use(&mo, i);
			}
		all_clean = true;
	} else if (op < 95) {
		T("set_pending %u\n", v);
		rc = uepf_msix_set_pending(core, v);
		rm = model_set_pending(&mo, v);
	} else if (with_notifiers) {
		if (below(2)) {
			struct uepf_msix_notifiers nt = {
				.unmask = c_unmask, .mask = c_mask,
			};

			T("set_notifiers\n");
			if (mo.notifiers) {	/* replace: unset first */
				uepf_msix_unset_notifiers(core);
				model_unset_notifiers(&mo);
			}
			rc = uepf_msix_set_notifiers(core, &nt);
			model_set_notifiers(&mo);
		} else {
			T("unset_notifiers\n");
			rc = uepf_msix_unset_notifiers(core);
			rm = model_unset_notifiers(&mo);
		}
	} else {
		T("republish PBA\n");
		uepf_msix_pba_republish(core);
		all_clean = true;
	}
	if (rc != rm) {
		snprintf(why, sizeof(why), "return value core %d model %d", rc, rm);
		return false;
	}
	/* words whose pending bits changed were rewritten by the core */
	for (i = 0; i < (unsigned int)UEPF_MSIX_PBA_SIZE(n) / 4; i++)
		if (all_clean || model_word(n, i) != before[i])
			dirty[i] = false;
	return compare(n, after_sync);
}

static unsigned int pick_n(unsigned int maxn)
{
	unsigned int r = below(100);

	if (maxn > 300)
		return 1 + below(maxn);
	if (r < 70)
		return 1 + below(40);
	if (r < 95)
		return 41 + below(90);
	return 131 + below(170);
}

/* Run one sequence; returns false on mismatch (why[] says what). */
static bool sequence(uint64_t seed, uint64_t idx, unsigned int maxn,
		     bool with_notifiers, unsigned int *nops_out)
{
	struct model_ops mops = { m_raise, m_unmask, m_mask, NULL };
	struct uepf_msix_layout l;
	unsigned int n, nops, i;
	bool ok = true;

	rng = (seed ^ (idx * 0x9e3779b97f4a7c15ull)) | 1;
	rnd();
	n = pick_n(maxn);
	if (maxn > 300)
		with_notifiers = below(2);
	nops = 1 + below(maxn > 300 ? 60 : 40);
	memset(&sc, 0, sizeof(sc));
	memset(&sm, 0, sizeof(sm));
	sc.table = calloc(n, 16);
	sm.table = calloc(n, 16);
	sc.pba = calloc(1, UEPF_MSIX_PBA_SIZE(n));
	have_saved = false;
	memset(dirty, 0, sizeof(dirty));
	uepf_msix_exclusive_bar_layout(n, 0, &l, NULL, 0);
	layout = l;
	if (uepf_msix_new(&core, &l, sc.table, sc.pba, c_raise, NULL, NULL, 0)) {
		snprintf(why, sizeof(why), "uepf_msix_new failed");
		return false;
	}
	model_init(&mo, n, sm.table, &mops);
	if (trace)
		printf("# sequence %llu: %u vectors, %u operations\n",
		       (unsigned long long)idx, n, nops);
	/* most vectors in use, as a device model would have them */
	for (i = 0; i < n; i++)
		if (below(4)) {
			uepf_msix_vector_use(core, i);
			model_use(&mo, i);
		}
	for (i = 0; i < nops && ok; i++)
		ok = step(n, with_notifiers);
	if (ok)
		ok = final_pba(n);
	if (!ok)
		*nops_out = i;
	uepf_msix_free(core);
	free(sc.table);
	free(sm.table);
	free(sc.pba);
	return ok;
}

static uint64_t total;

static void run(const char *name, uint64_t seed, uint64_t first, uint64_t count,
		unsigned int maxn, bool with_notifiers)
{
	uint64_t i;
	unsigned int at = 0;

	for (i = first; i < first + count; i++)
		if (!sequence(seed, i, maxn, with_notifiers, &at))
			break;
	if (i < first + count) {
		tap_diag("seed %llu sequence %llu: mismatch at operation %u: %s",
			 (unsigned long long)seed, (unsigned long long)i, at, why);
		tap_diag("replay: UEPF_SEED=%llu UEPF_DIFF_SEQS=%llu UEPF_DIFF_ONLY=%llu %s",
			 (unsigned long long)seed, (unsigned long long)total,
			 (unsigned long long)i, "tests/unit/test-msix-diff");
	}
	tap_ok(i == first + count, "differential: %llu random sequences, %s",
	       (unsigned long long)count, name);
}

int main(int argc, char **argv)
{
	const char *s_seed = argc > 1 ? argv[1] : getenv("UEPF_SEED");
	const char *s_seqs = argc > 2 ? argv[2] : getenv("UEPF_DIFF_SEQS");
	const char *s_only = getenv("UEPF_DIFF_ONLY");
	uint64_t seed, seqs, a, b;

	seed = s_seed && *s_seed ? strtoull(s_seed, NULL, 0) :
	       (uint64_t)time(NULL) ^ ((uint64_t)clock() << 32);
	seqs = s_seqs && *s_seqs ? strtoull(s_seqs, NULL, 0) : 100000;
	total = seqs;
	tap_diag("seed %llu (give it as argv[1] or UEPF_SEED to reproduce)",
		 (unsigned long long)seed);
	if (s_only && *s_only) {
		uint64_t idx = strtoull(s_only, NULL, 0);
		unsigned int at = 0;
		/* same split as below */
		a = seqs * 6 / 10;
		b = seqs - a;
		trace = true;
		if (!sequence(seed, idx, idx >= a + b ? UEPF_MSIX_MAX_VECTORS : 300,
			      idx >= a && idx < a + b, &at))
			tap_diag("mismatch at operation %u: %s", at, why);
		return tap_ok(why[0] == 0, "replay of sequence %llu",
			      (unsigned long long)idx) ? 0 : 1;
	}
	a = seqs * 6 / 10;
	b = seqs - a;
	run("no notifiers (O(pending) paths), 1..300 vectors", seed, 0, a, 300, false);
	run("with mask/unmask notifiers, 1..300 vectors", seed, a, b, 300, true);
	run("up to 2048 vectors", seed, a + b, seqs / 200 + 1, UEPF_MSIX_MAX_VECTORS,
	    false);
	return tap_done();
}
