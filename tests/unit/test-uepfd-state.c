// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd state file: encode/decode round trip, every corruption refused
 * with a message, atomic replace; and the MSI-X blob uepfd builds at
 * restart is byte-identical to libuepf's own uepf_msix_save() and is
 * accepted by uepf_msix_load(), which delivers the unmasked pending
 * vectors once; the restart path (UEPF_MSIX_ADOPT, then load with
 * UEPF_MSIX_LOAD_KEEP_TABLE) never writes the table.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "tap.h"
#include "uepfd.h"

static unsigned int raised[80];

static int raise_cb(void *opaque, unsigned int v)
{
	(void)opaque;
	raised[v]++;
	return 0;
}

int main(void)
{
	const unsigned int n = 70;
	uint64_t maybe[2] = { 0x8000000000000005ull, 0x21 }, fired[70];
	uint64_t m2[2], f2[70];
	size_t size = UEPFD_STATE_SIZE(n);
	uint8_t *buf = malloc(size), *cp = malloc(size);
	char err[256] = "", path[] = "/tmp/uepfd-state-XXXXXX";
	void *rd;
	size_t rlen;
	unsigned int v, i;
	int fd;

	for (v = 0; v < n; v++)
		fired[v] = v * 1000003ull;
	uepfd_state_encode(buf, n, maybe, fired);
	tap_ok(!uepfd_state_decode(buf, size, n, m2, f2, err, sizeof(err)) &&
	       !memcmp(m2, maybe, sizeof(m2)) && !memcmp(f2, fired, sizeof(f2)),
	       "round trip (%s)", err);
	tap_ok(uepfd_crc32("123456789", 9) == 0xcbf43926u, "CRC-32 check value");

#define CORRUPT(what, msg, len, mut) do { \
	memcpy(cp, buf, size); mut; \
	memset(m2, 0xaa, sizeof(m2)); \
	tap_ok(uepfd_state_decode(cp, len, n, m2, f2, err, sizeof(err)) == -1 && \
	       strstr(err, msg) && m2[0] == 0xaaaaaaaaaaaaaaaaull, \
	       "refused: %s (%s)", what, err); \
} while (0)
	CORRUPT("short", "shorter than the 28-byte minimum", 10, (void)0);
	CORRUPT("magic", "magic", size, cp[0] = 'X');
	CORRUPT("version", "version 2, only 1 is known", size, cp[8] = 2);
	CORRUPT("vector count", "saved for 71 vectors, the function has 70", size, cp[12] = 71);
	CORRUPT("truncated", "603 bytes, 604 expected for 70 vectors", size - 1, (void)0);
	cp = realloc(cp, size + 8);
	CORRUPT("extended", "612 bytes, 604 expected", size + 8, (void)0);
	CORRUPT("flipped bit", "checksum", size, cp[30] ^= 1);
	{
		/* reserved word and padding bits with a valid checksum */
		memcpy(cp, buf, size);
		cp[16] = 1;
		{
			uint32_t c = uepfd_crc32(cp, size - 4);

			memcpy(cp + size - 4, &c, 4);
		}
		tap_ok(uepfd_state_decode(cp, size, n, m2, f2, err, sizeof(err)) == -1 &&
		       strstr(err, "reserved words set"), "refused: reserved (%s)", err);
		m2[0] = 0;
		m2[1] = 1ull << 6;	/* vector 70: beyond 0..69 */
		uepfd_state_encode(cp, n, m2, fired);
		tap_ok(uepfd_state_decode(cp, size, n, m2, f2, err, sizeof(err)) == -1 &&
		       strstr(err, "pending bits set beyond vector 69"), "refused: padding (%s)", err);
	}

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
