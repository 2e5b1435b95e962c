// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd state file: encode/decode round trip, every corruption refused
 * with a message (version 1 by name), atomic replace; the restart rule
 * (pending iff recorded and the kernel's raise count unchanged) at every
 * kill point of a latch, a delivery, a refused raise, a re-latch and a
 * reset, simulated step by step; and the MSI-X blob uepfd builds at
 * restart is byte-identical to libuepf's own uepf_msix_save() and is
 * accepted by uepf_msix_load(), which delivers the unmasked pending
 * vectors once; the restart path (UEPF_MSIX_ADOPT, then load with
 * UEPF_MSIX_LOAD_KEEP_TABLE) never writes the table.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "tap.h"
#include "le-bytes.h"
#include "uepfd.h"

static unsigned int raised[80];

static int raise_cb(void *opaque, unsigned int v)
{
	(void)opaque;
	raised[v]++;
	return 0;
}

/* ---- kill-point simulation of one vector (as fire.c does it) ---- */

#define SV 37		/* the simulated vector, of SN */
#define SN 70

enum step {
	FIRE_REMEMBER,	/* fire on a masked vector: record (new event) */
	CB_REMEMBER,	/* raise callback after a refusal: record again */
	LATCH,		/* core sets pending */
	CLEAR,		/* unmask seen by sync: core clears pending + PBA */
	RAISE_OK,	/* raise ioctl: the message leaves, kernel count + 1 */
	RAISE_REFUSED,	/* raise ioctl refused: nothing counted */
	SETTLE,		/* drop a vector no longer pending, write */
	RESET_FILE,	/* reset: empty the file first */
	RESET_CORE,	/* reset: core drops pending */
	END
};

struct sim {
	uint64_t s[2];			/* daemon memory: recorded set */
	uint32_t rc[SN];		/* daemon memory: recorded counts */
	uint64_t fired[SN];
	uint8_t file[UEPFD_STATE_SIZE(SN)];
	uint32_t k[SN];			/* the kernel's counts */
	bool core;			/* core pending bit of SV */
	unsigned int msgs;		/* messages the host received on SV */
};

static void sim_save(struct sim *x)
{
	uepfd_state_encode(x->file, SN, x->s, x->rc, x->fired);
}

static void sim_remember(struct sim *x)
{
	if (uepfd_bit(x->s, SV) && x->rc[SV] == x->k[SV])
		return;
	uepfd_bit_set(x->s, SV);
	x->rc[SV] = x->k[SV];
	sim_save(x);
}

static void sim_step(struct sim *x, enum step st)
{
	switch (st) {
	case FIRE_REMEMBER:
	case CB_REMEMBER:
		sim_remember(x);
		break;
	case LATCH:
		x->core = true;
		break;
	case CLEAR:
		x->core = false;
		break;
	case RAISE_OK:
		x->k[SV]++;
		x->msgs++;
		break;
	case RAISE_REFUSED:
	case END:
		break;
	case SETTLE:
		if (uepfd_bit(x->s, SV) && !x->core) {
			uepfd_bit_clear(x->s, SV);
			x->rc[SV] = 0;
			sim_save(x);
		}
		break;
	case RESET_FILE:
		memset(x->s, 0, sizeof(x->s));
		memset(x->rc, 0, sizeof(x->rc));
		sim_save(x);
		break;
	case RESET_CORE:
		x->core = false;
		break;
	}
}

/*
 * Run @steps, SIGKILL before step @kill, restart from the file with the
 * kernel's counts, deliver what the rule says is pending (the host
 * unmasks), and return the messages the host received in all.
 */
static int sim_run(const enum step *steps, unsigned int kill, uint32_t k0,
		   char *err, size_t errlen)
{
	struct sim x;
	uint64_t saved[2], pend[2], f[SN];
	uint32_t rc[SN];
	unsigned int i;

	memset(&x, 0, sizeof(x));
	for (i = 0; i < SN; i++)
		x.k[i] = k0 + i;	/* other vectors' history */
	x.k[SV] = k0;
	sim_save(&x);			/* the start-up write: nothing pending */
	for (i = 0; i < kill && steps[i] != END; i++)
		sim_step(&x, steps[i]);
	/* killed; the BAR memory and the kernel survive, the daemon not */
	if (uepfd_state_decode(x.file, sizeof(x.file), SN, saved, rc, f, err, errlen))
		return -1;
	uepfd_restart_pending(SN, saved, rc, x.k, pend);
	for (i = 0; i < SN; i++)
		if (i != SV && uepfd_bit(pend, i))
			return -2;
	if (uepfd_bit(pend, SV))
		x.msgs++;
	return (int)x.msgs;
}

struct scenario {
	const char *name;
	enum step steps[16];
	int want[16];		/* messages when killed before step i */
};

static const char *const step_name[] = {
	"fire-record", "callback-record", "latch", "core-clears-pending",
	"raise-ok", "raise-refused", "settle-write", "reset-file",
	"reset-core", "end",
};

static const struct scenario scenarios[] = {
	{ "latch, unmask, deliver",
	  { FIRE_REMEMBER, LATCH, CLEAR, RAISE_OK, SETTLE, END },
	  { 0, 1, 1, 1, 1, 1 } },
	{ "latch, unmask, refused, back to pending, unmask, deliver",
	  { FIRE_REMEMBER, LATCH, CLEAR, RAISE_REFUSED, CB_REMEMBER, LATCH,
	    SETTLE, CLEAR, RAISE_OK, SETTLE, END },
	  { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 } },
	{ "deliver, latch again before settle (re-record), deliver",
	  { FIRE_REMEMBER, LATCH, CLEAR, RAISE_OK, FIRE_REMEMBER, LATCH,
	    SETTLE, CLEAR, RAISE_OK, SETTLE, END },
	  { 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2 } },
	{ "latch, host reset",
	  { FIRE_REMEMBER, LATCH, RESET_FILE, RESET_CORE, END },
	  { 0, 1, 1, 0, 0 } },
};

static void test_kill_points(void)
{
	static const uint32_t k0s[] = { 0, 12345, 0xffffffffu };
	unsigned int s, i, j;
	char err[256];

	for (s = 0; s < sizeof(scenarios) / sizeof(scenarios[0]); s++) {
		const struct scenario *sc = &scenarios[s];

		for (i = 0; i == 0 || sc->steps[i - 1] != END; i++) {
			int got = 0, bad = 0;

			for (j = 0; j < sizeof(k0s) / sizeof(k0s[0]); j++) {
				err[0] = 0;
				got = sim_run(sc->steps, i, k0s[j], err, sizeof(err));
				if (got != sc->want[i])
					bad = 1;
			}
			tap_ok(!bad, "kill point: %s: killed before %s: %d message(s) in all, want %d %s",
			       sc->name, step_name[sc->steps[i]], got, sc->want[i], err);
		}
	}
}

/* the rule on its own, several vectors at once, counts wrapping */
static void test_rule(void)
{
	const unsigned int n = 130;
	uint64_t saved[3] = { 0, 0, 0 }, pend[3];
	uint32_t rc[130] = { 0 }, k[130] = { 0 };
	unsigned int d;

	uepfd_bit_set(saved, 0);	rc[0] = 5;	k[0] = 5;	/* pending */
	uepfd_bit_set(saved, 1);	rc[1] = 5;	k[1] = 6;	/* delivered */
	uepfd_bit_set(saved, 64);	rc[64] = 0xffffffffu; k[64] = 0; /* wrapped */
	uepfd_bit_set(saved, 129);	rc[129] = 0;	k[129] = 0;	/* pending */
	k[2] = 9;	/* not recorded, raised: nothing */
	memset(pend, 0xff, sizeof(pend));
	d = uepfd_restart_pending(n, saved, rc, k, pend);
	tap_ok(d == 2 && pend[0] == 1 && pend[1] == 0 && pend[2] == 2,
	       "rule: unchanged count pending, grown or wrapped count delivered, unrecorded never pending (dropped %u, 0x%llx 0x%llx 0x%llx)",
	       d, (unsigned long long)pend[0], (unsigned long long)pend[1],
	       (unsigned long long)pend[2]);
}

int main(void)
{
	const unsigned int n = 70;
	uint64_t maybe[2] = { 0x8000000000000005ull, 0x21 }, fired[70];
	uint64_t m2[2], f2[70];
	uint32_t rcount[70] = { 0 }, r2[70];
	size_t size = UEPFD_STATE_SIZE(n);
	uint8_t *buf = malloc(size), *cp = malloc(size);
	char err[256] = "", path[] = "/tmp/uepfd-state-XXXXXX";
	void *rd;
	size_t rlen;
	unsigned int v, i;
	int fd;

	for (v = 0; v < n; v++)
		fired[v] = v * 1000003ull;
	rcount[0] = 7;
	rcount[2] = 0xfffffffeu;
	rcount[63] = 1;
	rcount[64] = 0;
	rcount[69] = 123456;
	uepfd_state_encode(buf, n, maybe, rcount, fired);
	tap_ok(!uepfd_state_decode(buf, size, n, m2, r2, f2, err, sizeof(err)) &&
	       !memcmp(m2, maybe, sizeof(m2)) && !memcmp(f2, fired, sizeof(f2)) &&
	       !memcmp(r2, rcount, sizeof(r2)),
	       "round trip with raise counts (%s)", err);
	rcount[5] = 99;	/* not pending: not written */
	uepfd_state_encode(cp, n, maybe, rcount, fired);
	tap_ok(!memcmp(cp, buf, size), "raise count of a vector not pending is written as 0");
	rcount[5] = 0;
	tap_ok(crc32_ieee("123456789", 9) == 0xcbf43926u, "CRC-32 check value");

#define CORRUPT(what, msg, len, mut) do { \
	memcpy(cp, buf, size); mut; \
	memset(m2, 0xaa, sizeof(m2)); \
	tap_ok(uepfd_state_decode(cp, len, n, m2, r2, f2, err, sizeof(err)) == -1 && \
	       strstr(err, msg) && m2[0] == 0xaaaaaaaaaaaaaaaaull, \
	       "refused: %s (%s)", what, err); \
} while (0)
	CORRUPT("short", "shorter than the 28-byte minimum", 10, (void)0);
	CORRUPT("magic", "magic", size, cp[0] = 'X');
	CORRUPT("version", "version 3, only 2 is known", size, cp[8] = 3);
	CORRUPT("version 1 (no raise counts) by name",
		"version 1, written by an older uepfd without raise counts", size, cp[8] = 1);
	CORRUPT("vector count", "saved for 71 vectors, the function has 70", size, cp[12] = 71);
	CORRUPT("truncated", "883 bytes, 884 expected for 70 vectors", size - 1, (void)0);
	CORRUPT("version 1 sized file", "version 1", 604, cp[8] = 1);
	cp = realloc(cp, size + 8);
	CORRUPT("extended", "892 bytes, 884 expected", size + 8, (void)0);
	CORRUPT("flipped bit", "checksum", size, cp[30] ^= 1);
	{
		/* reserved word and padding bits with a valid checksum */
		memcpy(cp, buf, size);
		cp[16] = 1;
		{
			uint32_t c = crc32_ieee(cp, size - 4);

			memcpy(cp + size - 4, &c, 4);
		}
		tap_ok(uepfd_state_decode(cp, size, n, m2, r2, f2, err, sizeof(err)) == -1 &&
		       strstr(err, "reserved words set"), "refused: reserved (%s)", err);
		m2[0] = 0;
		m2[1] = 1ull << 6;	/* vector 70: beyond 0..69 */
		uepfd_state_encode(cp, n, m2, rcount, fired);
		tap_ok(uepfd_state_decode(cp, size, n, m2, r2, f2, err, sizeof(err)) == -1 &&
		       strstr(err, "pending bits set beyond vector 69"), "refused: padding (%s)", err);
		/* a raise count for a vector not pending, valid checksum */
		memcpy(cp, buf, size);
		cp[24 + 16 + 4 * 5] = 3;
		{
			uint32_t c = crc32_ieee(cp, size - 4);

			memcpy(cp + size - 4, &c, 4);
		}
		tap_ok(uepfd_state_decode(cp, size, n, m2, r2, f2, err, sizeof(err)) == -1 &&
		       strstr(err, "raise count 0x3 recorded for vector 5, which is not pending"),
		       "refused: count of a vector not pending (%s)", err);
	}
	test_rule();
	test_kill_points();

	/* atomic write and read back */
	fd = mkstemp(path);
	close(fd);
	tap_ok(!uepfd_state_write(path, buf, size) &&
	       !uepfd_state_read(path, 1 << 20, &rd, &rlen) && rlen == size &&
	       !memcmp(rd, buf, size) && access(strcat(strcpy((char *)cp, path), ".tmp"), F_OK),
	       "write replaces atomically, no .tmp left");
	free(rd);
	tap_ok(uepfd_state_read(path, 10, &rd, &rlen) == -EFBIG, "read refuses an oversized file");
	unlink(path);
	tap_ok(uepfd_state_read(path, 1 << 20, &rd, &rlen) == -ENOENT, "read: missing file ENOENT");
	tap_ok(uepfd_state_write("/nonexistent-dir/x", buf, size) == -ENOENT,
	       "write into a missing directory fails");

	/* the restart blob against libuepf */
	{
		struct uepf_msix_layout lay;
		struct uepf_msix *m;
		uint8_t *table = calloc(1, UEPF_MSIX_TABLE_SIZE(n));
		uint8_t *pba = calloc(1, UEPF_MSIX_PBA_SIZE(n));
		uint8_t *snap = malloc(UEPF_MSIX_TABLE_SIZE(n));
		size_t bsz = UEPF_MSIX_STATE_SIZE(n);
		uint8_t *mine = malloc(bsz), *theirs = malloc(bsz);
		uint64_t pend[2] = { 0x6, 0x20 };	/* vectors 1, 2, 69 */
		int r;

		uepf_msix_exclusive_bar_layout(n, 0, &lay, NULL, 0);
		r = uepf_msix_new(&m, &lay, table, pba, raise_cb, NULL, err, sizeof(err));
		for (v = 0; v < n; v++)
			uepf_msix_vector_use(m, v);
		/* host: enable, unmask 0..9 and 69 with addresses */
		for (v = 0; v < n; v++) {
			uint32_t *e = (uint32_t *)(table + 16 * v);

			e[0] = 0xfee00000 + v;
			e[2] = 0x40 + v;
			e[3] = (v < 10 || v == 69) ? 0 : 1;
		}
		uepf_msix_set_control(m, PCI_MSIX_FLAGS_ENABLE);
		uepf_msix_sync(m, PCI_MSIX_FLAGS_ENABLE);
		/* latch 1, 2, 69: mask them, notify */
		((uint32_t *)(table + 16 * 1))[3] = 1;
		((uint32_t *)(table + 16 * 2))[3] = 1;
		uepf_msix_set_control(m, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
		uepf_msix_notify(m, 1);
		uepf_msix_notify(m, 2);
		uepf_msix_notify(m, 69);
		r = r || uepf_msix_save(m, theirs, bsz) != (long)bsz;
		memcpy(snap, table, UEPF_MSIX_TABLE_SIZE(n));
		uepfd_msix_blob(mine, n, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL | 69,
				snap, pend);
		tap_ok(!r && !memcmp(mine, theirs, bsz),
		       "restart blob is byte-identical to uepf_msix_save()");
		uepf_msix_free(m);

		/* a restarted daemon, as build_core() does: adopt the live
		 * table, load a blob with no table bytes, "function unmasked
		 * now", keeping the table; the host's TPH bits on entry 5 */
		memset(raised, 0, sizeof(raised));
		err[0] = 0;
		((uint32_t *)(table + 16 * 5))[3] = 0xabc00000;
		memcpy(snap, table, UEPF_MSIX_TABLE_SIZE(n));
		uepfd_msix_blob(mine, n, PCI_MSIX_FLAGS_ENABLE, NULL, pend);
		r = uepf_msix_new_flags(&m, &lay, table, pba, raise_cb, NULL,
					UEPF_MSIX_ADOPT, err, sizeof(err));
		for (v = 0; v < n; v++)
			uepf_msix_vector_use(m, v);
		r = r ? r : uepf_msix_load(m, mine, bsz, UEPF_MSIX_LOAD_KEEP_TABLE,
					   err, sizeof(err));
		for (i = 0, v = 0; v < n; v++)
			i += raised[v];
		tap_ok(r == 1 && raised[69] == 1 && i == 1 &&
		       uepf_msix_pending_count(m) == 2 && uepf_msix_is_pending(m, 1) == 1 &&
		       uepf_msix_is_pending(m, 2) == 1 &&
		       !memcmp(table, snap, UEPF_MSIX_TABLE_SIZE(n)),
		       "adopt + load keeping the table: unmasked pending vector 69 delivered once, masked 1 and 2 kept, table bytes untouched (r=%d %s)",
		       r, err);
		((uint32_t *)(table + 16 * 1))[3] = 0;
		r = uepf_msix_sync(m, PCI_MSIX_FLAGS_ENABLE);
		tap_ok(r == 1 && raised[1] == 1 && raised[2] == 0 && uepf_msix_pending_count(m) == 1,
		       "after load: unmask of 1 delivers it once");
		uepf_msix_free(m);
		free(table);
		free(pba);
		free(snap);
		free(mine);
		free(theirs);
	}
	free(buf);
	free(cp);
	return tap_done();
}
