// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd: the state file.  It records which vectors are pending, with the
 * kernel's raise count of each one when it was recorded (uepf(4),
 * UEPF_IOC_RAISE_COUNTS), and the fire count of each vector.  At restart
 * a recorded vector is still pending iff its kernel count did not change:
 * see uepfd_restart_pending() for the rule and why it holds at every kill
 * point.  PBA memory is host-writable and never consulted.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "le-bytes.h"
#include "uepfd.h"

/* write the PBA-layout bytes of bitmap @bits (n vectors) at @p */
static void put_bitmap(uint8_t *p, unsigned int n, const uint64_t *bits)
{
	unsigned int w;

	for (w = 0; w < (n + 63) / 64; w++)
		le_put64(p + 8 * w, bits[w]);
}

void uepfd_state_encode(void *buf, unsigned int n, const uint64_t *pending,
			const uint32_t *rcount, const uint64_t *fired)
{
	uint8_t *p = buf;
	size_t bm = UEPF_MSIX_PBA_SIZE(n), size = UEPFD_STATE_SIZE(n);
	unsigned int v;

	memset(p, 0, size);
	memcpy(p, UEPFD_STATE_MAGIC, 8);
	le_put32(p + 8, UEPFD_STATE_VERSION);
	le_put32(p + 12, n);
	put_bitmap(p + 24, n, pending);
	for (v = 0; v < n; v++) {
		if (uepfd_bit(pending, v))
			le_put32(p + 24 + bm + 4 * v, rcount[v]);
		le_put64(p + 24 + bm + 4 * n + 8 * v, fired[v]);
	}
	le_put32(p + size - 4, crc32_ieee(p, size - 4));
}

int uepfd_state_decode(const void *buf, size_t len, unsigned int n,
		       uint64_t *pending, uint32_t *rcount, uint64_t *fired,
		       char *err, size_t errlen)
{
	const uint8_t *p = buf;
	size_t bm = UEPF_MSIX_PBA_SIZE(n), size = UEPFD_STATE_SIZE(n);
	unsigned int w, v, fn, version;
	uint32_t crc;

	if (len < 28) {
		snprintf(err, errlen, "%zu bytes, shorter than the 28-byte minimum", len);
		return -1;
	}
	if (memcmp(p, UEPFD_STATE_MAGIC, 8)) {
		snprintf(err, errlen, "not a uepfd state file (magic)");
		return -1;
	}
	version = le_get32(p + 8);
	if (version == 1) {
		snprintf(err, errlen,
			 "version 1, written by an older uepfd without raise counts: its pending set cannot be checked against the kernel; only version %u is known",
			 UEPFD_STATE_VERSION);
		return -1;
	}
	if (version != UEPFD_STATE_VERSION) {
		snprintf(err, errlen, "version %u, only %u is known", version,
			 UEPFD_STATE_VERSION);
		return -1;
	}
	fn = le_get32(p + 12);
	if (fn != n) {
		snprintf(err, errlen, "saved for %u vectors, the function has %u", fn, n);
		return -1;
	}
	if (len != size) {
		snprintf(err, errlen, "%zu bytes, %zu expected for %u vectors", len, size, n);
		return -1;
	}
	crc = crc32_ieee(p, size - 4);
	if (crc != le_get32(p + size - 4)) {
		snprintf(err, errlen, "checksum 0x%08x, computed 0x%08x",
			 le_get32(p + size - 4), crc);
		return -1;
	}
	if (le_get32(p + 16) || le_get32(p + 20)) {
		snprintf(err, errlen, "reserved words set (0x%x, 0x%x)", le_get32(p + 16),
			 le_get32(p + 20));
		return -1;
	}
	if (n % 64 && le_get64(p + 24 + bm - 8) >> (n % 64)) {
		snprintf(err, errlen, "pending bits set beyond vector %u", n - 1);
		return -1;
	}
	for (v = 0; v < n; v++) {
		bool pend = (le_get64(p + 24 + 8 * (v / 64)) >> (v % 64)) & 1;

		if (!pend && le_get32(p + 24 + bm + 4 * v)) {
			snprintf(err, errlen, "raise count 0x%x recorded for vector %u, which is not pending",
				 le_get32(p + 24 + bm + 4 * v), v);
			return -1;
		}
	}
	for (w = 0; w < (n + 63) / 64; w++)
		pending[w] = le_get64(p + 24 + 8 * w);
	for (v = 0; v < n; v++) {
		rcount[v] = le_get32(p + 24 + bm + 4 * v);
		fired[v] = le_get64(p + 24 + bm + 4 * n + 8 * v);
	}
	return 0;
}

/*
 * The restart rule: a vector the state file records as pending is still
 * pending iff the kernel's raise count of that vector equals the count
 * recorded with it; a count that grew means that raise was the delivery.
 *
 * Why it holds (single-threaded daemon; the kernel bumps a vector's count
 * in the same uninterruptible step as pci_epc_raise_irq() returns 0, so a
 * SIGKILL lands before or after both, never between):
 *
 *  - A vector is recorded (bit set, count read from the kernel, file
 *    replaced by rename) before the core latches it: at fire time when it
 *    is masked, from the raise callback when the raise is refused.  A
 *    vector already recorded with an unchanged count is not written again
 *    (pending is a level: one message is owed either way); with a count
 *    that grew it is recorded again with the new count.
 *  - latch -> state write (a fire on a masked vector, or on an unmasked
 *    one whose raise is refused): the write comes first.  Killed before
 *    it: the vector was never pending (the fire is lost with the daemon's
 *    memory, as a fire that had not happened); after it: recorded, count
 *    unchanged, pending at restart: delivered once.
 *  - unmask seen by sync -> core clears pending (bitmap and PBA) -> raise
 *    ioctl -> state write: until the ioctl sent the message the count is
 *    the recorded one, so the vector is pending at restart (no loss even
 *    though its PBA bit is already clear); once it sent it the count is
 *    one higher, so the vector is not pending at restart although the
 *    file still lists it (no duplicate).  The write that drops the vector
 *    changes nothing the rule would decide.
 *  - refused raise -> back to pending -> state write: a refusal does not
 *    count, the recorded count stays equal, the vector stays pending
 *    whether or not the write happened.
 *  - reset: the file is emptied before the core's reset, so a kill in
 *    between leaves nothing pending that the reset would have dropped.
 *  - restart itself: the file is rewritten only after uepf_msix_load()
 *    delivered what it could; a kill in between is the case above.
 *
 * Another raiser of the same vector (uepfctl fire, UEPF_IOC_RAISE by hand)
 * also grows the count: that message then counts as the delivery, which
 * is what a level-triggered pending bit allows.  Counts wrap at 2^32, and
 * a recorded vector can be raised at most once before it is dropped, so
 * equality never misleads.
 */
unsigned int uepfd_restart_pending(unsigned int n, const uint64_t *saved,
				   const uint32_t *saved_count,
				   const uint32_t *kcount, uint64_t *pending)
{
	unsigned int v, dropped = 0;

	memset(pending, 0, ((n + 63) / 64) * 8);
	for (v = 0; v < n; v++) {
		if (!uepfd_bit(saved, v))
			continue;
		if (kcount[v] == saved_count[v])
			uepfd_bit_set(pending, v);
		else
			dropped++;
	}
	return dropped;
}

int uepfd_state_write(const char *path, const void *buf, size_t len)
{
	char tmp[4200];
	const char *p = buf;
	int fd, e;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : EIO;
			close(fd);
			unlink(tmp);
			return -e;
		}
		p += n;
		len -= n;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		return -e;
	}
	return 0;
}

int uepfd_state_read(const char *path, size_t max, void **bufp, size_t *lenp)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return -e;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	*bufp = buf;
	*lenp = got;
	return 0;
}

void uepfd_msix_blob(void *buf, unsigned int n, uint16_t msgctl,
		     const void *table, const uint64_t *pending)
{
	uint8_t *p = buf;
	size_t size = UEPF_MSIX_STATE_SIZE(n);
	size_t tsz = UEPF_MSIX_TABLE_SIZE(n);

	memset(p, 0, size);
	memcpy(p, "UEPFMSIX", 8);
	le_put32(p + 8, UEPF_MSIX_STATE_VERSION);
	le_put32(p + 12, n);
	p[16] = (msgctl & 0xc000) & 0xff;
	p[17] = (msgctl & 0xc000) >> 8;
	if (table)
		memcpy(p + 24, table, tsz);
	put_bitmap(p + 24 + tsz, n, pending);
	le_put32(p + size - 4, crc32_ieee(p, size - 4));
}
