// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libuepf MSI-X: save and load of the whole state (reference msix_save(),
 * msix_load()) as a versioned, fixed-layout, little-endian blob.
 */
#include <inttypes.h>
#include <string.h>

#include "le-bytes.h"
#include "msix-internal.h"

#define HDR_SIZE 24u
static const char blob_magic[8] = { 'U', 'E', 'P', 'F', 'M', 'S', 'I', 'X' };

size_t uepf_msix_state_size(const struct uepf_msix *m)
{
	return m ? UEPF_MSIX_STATE_SIZE(m->n) : 0;
}

long uepf_msix_save(const struct uepf_msix *m, void *buf, size_t len)
{
	uint8_t *b = buf;
	size_t size, off;
	unsigned int i;

	if (!m || !buf)
		return UEPF_MSIX_E_INVAL;
	size = UEPF_MSIX_STATE_SIZE(m->n);
	if (len < size)
		return UEPF_MSIX_E_BUFSIZE;
	memcpy(b, blob_magic, sizeof(blob_magic));
	le_put32(b + 8, UEPF_MSIX_STATE_VERSION);
	le_put32(b + 12, m->n);
	le_put32(b + 16, m->ctl);		/* u16 control + u16 reserved */
	le_put32(b + 20, 0);
	off = HDR_SIZE;
	for (i = 0; i < m->n * ENTRY_WORDS; i++, off += 4)
		le_put32(b + off, mem_rd32(&m->table[i]));
	for (i = 0; i < m->pba_words; i++, off += 4)
		le_put32(b + off, m->pending[i]);
	le_put32(b + off, crc32_ieee(b, off));
	return (long)size;
}

static int check_blob(const struct uepf_msix *m, const uint8_t *b, size_t len,
		      char *err, size_t errlen)
{
	size_t size = UEPF_MSIX_STATE_SIZE(m->n), pba_off;
	uint32_t ver, n, ctl, crc, want;
	unsigned int i;

	if (len < HDR_SIZE) {
		msix_errf(err, errlen, "state blob of %zu bytes: shorter than its %u-byte header",
			  len, HDR_SIZE);
		return UEPF_MSIX_E_BLOB_SIZE;
	}
	if (memcmp(b, blob_magic, sizeof(blob_magic))) {
		msix_errf(err, errlen, "state blob magic is not \"UEPFMSIX\"");
		return UEPF_MSIX_E_BLOB_MAGIC;
	}
	ver = le_get32(b + 8);
	if (ver != UEPF_MSIX_STATE_VERSION) {
		msix_errf(err, errlen, "state blob version %" PRIu32 ": only version %u is known",
			  ver, UEPF_MSIX_STATE_VERSION);
		return UEPF_MSIX_E_BLOB_VERSION;
	}
	n = le_get32(b + 12);
	if (n != m->n) {
		msix_errf(err, errlen, "state blob has %" PRIu32 " vectors, this function %u",
			  n, m->n);
		return UEPF_MSIX_E_BLOB_NVECTORS;
	}
	if (len != size) {
		msix_errf(err, errlen, "state blob of %zu bytes: %u vectors need exactly %zu",
			  len, m->n, size);
		return UEPF_MSIX_E_BLOB_SIZE;
	}
	crc = le_get32(b + size - 4);
	want = crc32_ieee(b, size - 4);
	if (crc != want) {
		msix_errf(err, errlen, "state blob CRC-32 %#" PRIx32 ", computed %#" PRIx32,
			  crc, want);
		return UEPF_MSIX_E_BLOB_CHECKSUM;
	}
	ctl = le_get32(b + 16);
	if (ctl & ~(uint32_t)MSIX_CTL_BITS || le_get32(b + 20)) {
		msix_errf(err, errlen,
			  "state blob control word %#" PRIx32 " / reserved %#" PRIx32 ": only %#x may be set",
			  ctl, le_get32(b + 20), MSIX_CTL_BITS);
		return UEPF_MSIX_E_BLOB_FIELD;
	}
	pba_off = HDR_SIZE + UEPF_MSIX_TABLE_SIZE(m->n);
	for (i = 0; i < m->pba_words; i++) {
		unsigned int first = i * 32;
		uint32_t valid = m->n - first >= 32 ? 0xffffffffu :
				 m->n > first ? (1u << (m->n - first)) - 1 : 0;
		uint32_t w = le_get32(b + pba_off + 4 * i);

		if (w & ~valid) {
			msix_errf(err, errlen,
				  "state blob PBA word %u = %#" PRIx32 ": bits for vectors >= %u set",
				  i, w, m->n);
			return UEPF_MSIX_E_BLOB_FIELD;
		}
	}
	return 0;
}

int uepf_msix_load(struct uepf_msix *m, const void *buf, size_t len,
		   unsigned int flags, char *err, size_t errlen)
{
	const uint8_t *b = buf;
	size_t off;
	unsigned int i, v;
	int r, acc = 0;

	if (!m || !buf) {
		msix_errf(err, errlen, "%s", !m ? "object is NULL" : "blob is NULL");
		return UEPF_MSIX_E_INVAL;
	}
	if (flags & ~UEPF_MSIX_LOAD_KEEP_TABLE) {
		msix_errf(err, errlen,
			  "load flags %#x: unknown bits %#x (only UEPF_MSIX_LOAD_KEEP_TABLE, %#x, is defined)",
			  flags, flags & ~UEPF_MSIX_LOAD_KEEP_TABLE,
			  UEPF_MSIX_LOAD_KEEP_TABLE);
		return UEPF_MSIX_E_INVAL;
	}
	if (m->busy) {
		msix_errf(err, errlen, "load called from inside a callback");
		return UEPF_MSIX_E_BUSY;
	}
	r = check_blob(m, b, len, err, errlen);
	if (r)
		return r;

	/* msix_load(): clear, table, PBA, function mask, re-evaluate */
	msix_pending_clear_all(m);
	off = HDR_SIZE;
	/* KEEP_TABLE: the table is not written; the shadow as for ADOPT */
	if (!(flags & UEPF_MSIX_LOAD_KEEP_TABLE))
		for (i = 0; i < m->n * ENTRY_WORDS; i++)
			mem_wr32(&m->table[i], le_get32(b + off + 4 * i));
	msix_shadow_from_table(m);
	off += UEPF_MSIX_TABLE_SIZE(m->n);
	for (v = 0; v < m->n; v++)
		if (le_get32(b + off + 4 * (v >> 5)) >> (v & 31) & 1)
			msix_pending_add(m, v);
	msix_set_control_bits(m, le_get32(b + 16));
	for (v = 0; v < m->n; v++) {
		r = msix_mask_update(m, v, true);
		if (r < 0)
			acc = r;
		else if (acc >= 0)
			acc += r;
	}
	return acc;
}
