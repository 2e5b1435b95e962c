// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * MSI-X core: save and load of the whole state (reference msix_save(),
 * msix_load()) and refusal of bad blobs.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/pci_regs.h>

#include "msix-fixture.h"
#include "tap.h"

static uint32_t crc32_test(const uint8_t *p, size_t len)
{
	uint32_t crc = ~0u;

	while (len--) {
		int k;

		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
	}
	return ~crc;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &(uint32_t){ htole32(v) }, 4);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

static void reseal(uint8_t *b, size_t size)
{
	put32(b + size - 4, crc32_test(b, size - 4));
}

/* A busy function: enabled, entries programmed, some pending. */
static void populate(struct fx *f)
{
	unsigned int v;

	for (v = 0; v < f->n; v++) {
		fx_host_entry(f, v, 0xfee00000 + v, 0x100 + v);
		fx_host_ctrl(f, v, (v << 8) | (v % 3 == 0));
	}
	uepf_msix_sync(f->m, CTL_EN);
	for (v = 0; v < f->n; v += 2)
		uepf_msix_notify(f->m, v);
}

static void t_roundtrip(void)
{
	struct tap_case c;
	struct fx a, b;
	size_t size;
	uint8_t *blob, *blob2;
	unsigned int v;

	CASE_BEGIN(&c);
	fx_init(&a, 100, true);
	populate(&a);
	size = uepf_msix_state_size(a.m);
	CHECK(&c, size == UEPF_MSIX_STATE_SIZE(100) && size == 24 + 1600 + 16 + 4);
	blob = malloc(size);
	blob2 = malloc(size);
	CHECK(&c, uepf_msix_save(a.m, blob, size) == (long)size);
	CHECK(&c, !memcmp(blob, "UEPFMSIX", 8) && get32(blob + 8) == 1);
	CHECK(&c, get32(blob + 12) == 100 && get32(blob + 16) == CTL_EN);
	CHECK(&c, get32(blob + size - 4) == crc32_test(blob, size - 4));
	fx_init(&b, 100, true);
	CHECK(&c, uepf_msix_load(b.m, blob, size, 0, NULL, 0) == 0);
	CHECK(&c, memcmp(a.table, b.table, UEPF_MSIX_TABLE_SIZE(100)) == 0);
	CHECK(&c, memcmp(a.pba, b.pba, UEPF_MSIX_PBA_SIZE(100)) == 0);
	CHECK(&c, uepf_msix_control(b.m) == CTL_EN);
	for (v = 0; v < 100; v++)
		CHECK(&c, uepf_msix_is_pending(a.m, v) == uepf_msix_is_pending(b.m, v));
	CHECK(&c, uepf_msix_pending_count(b.m) == 17 && b.nlog == 0);
	CHECK(&c, uepf_msix_save(b.m, blob2, size) == (long)size);
	CHECK(&c, memcmp(blob, blob2, size) == 0);
	/* the restored pending vectors are delivered on unmask, once */
	for (v = 0; v < 100; v++)
		fx_host_mask(&b, v, false);
	CHECK(&c, uepf_msix_sync(b.m, CTL_EN) == 17 && b.nlog == 17);
	CHECK(&c, uepf_msix_pending_count(b.m) == 0);
	fx_fini(&a);
	fx_fini(&b);
	free(blob);
	free(blob2);
	tap_case_end(&c, "save and load of the whole state (table, PBA, control)");
}

static void t_load_reevaluates(void)
{
	struct tap_case c;
	struct fx a, b;
	size_t size = UEPF_MSIX_STATE_SIZE(8);
	uint8_t blob[UEPF_MSIX_STATE_SIZE(8)];

	CASE_BEGIN(&c);
	fx_init(&a, 8, true);
	uepf_msix_sync(a.m, CTL_EN);
	fx_host_mask(&a, 0, false);
	fx_host_mask(&a, 1, false);
	fx_host_mask(&a, 2, false);
	uepf_msix_sync(a.m, CTL_EN);
	uepf_msix_set_pending(a.m, 0);	/* pending on an unmasked vector */
	uepf_msix_set_pending(a.m, 1);
	uepf_msix_set_pending(a.m, 5);	/* pending, masked */
	uepf_msix_set_pending(a.m, 6);
	CHECK(&c, uepf_msix_save(a.m, blob, size) == (long)size);

	fx_init(&b, 8, false);
	uepf_msix_vector_use(b.m, 0);	/* 1, 6 not in use */
	uepf_msix_vector_use(b.m, 5);
	fx_set_notifiers(&b);
	fx_clear_log(&b);
	/* every vector counts as masked before: unmask notifier + raise */
	CHECK(&c, uepf_msix_load(b.m, blob, size, 0, NULL, 0) == 1);
	CHECK(&c, fx_count(&b, FX_UNMASK, 0) == 1 && fx_count(&b, FX_UNMASK, 1) == 1);
	CHECK(&c, fx_count(&b, FX_UNMASK, 2) == 1 && fx_count_all(&b, FX_UNMASK) == 3);
	CHECK(&c, fx_count(&b, FX_RAISE, 0) == 1 && fx_count_all(&b, FX_RAISE) == 1);
	CHECK(&c, b.log[0].ev == FX_UNMASK && b.log[1].ev == FX_RAISE);
	/* unmasked but not in use: dropped, as msix_notify() ignores it */
	CHECK(&c, uepf_msix_is_pending(b.m, 1) == 0);
	/* masked: kept pending, in use or not */
	CHECK(&c, uepf_msix_is_pending(b.m, 5) == 1 && uepf_msix_is_pending(b.m, 6) == 1);
	CHECK(&c, uepf_msix_pending_count(b.m) == 2 && fx_pba_bit(&b, 6));
	/* loading again fires unmask again (msix_load() passes was_masked=true) */
	fx_clear_log(&b);
	CHECK(&c, uepf_msix_load(b.m, blob, size, 0, NULL, 0) == 1);
	CHECK(&c, fx_count_all(&b, FX_UNMASK) == 3 && fx_count_all(&b, FX_MASK) == 0);
	/* a function-masked blob: no unmask, pending kept */
	uepf_msix_sync(a.m, CTL_EN | CTL_MA);
	uepf_msix_save(a.m, blob, size);
	fx_clear_log(&b);
	CHECK(&c, uepf_msix_load(b.m, blob, size, 0, NULL, 0) == 0 && b.nlog == 0);
	CHECK(&c, uepf_msix_is_pending(b.m, 0) == 1 && uepf_msix_function_masked(b.m));
	fx_fini(&a);
	fx_fini(&b);
	tap_case_end(&c, "load re-evaluates masks exactly as the reference msix_load()");

	CASE_BEGIN(&c);
	fx_init(&a, 8, true);
	fx_host_mask(&a, 3, false);
	uepf_msix_sync(a.m, CTL_EN | CTL_MA);
	uepf_msix_notify(a.m, 3);
	uepf_msix_save(a.m, blob, size);
	fx_init(&b, 8, true);
	fx_host_mask(&b, 3, true);		/* the host's live view differs */
	fx_host_entry(&b, 3, 0x1234, 0x55);
	CHECK(&c, uepf_msix_load(b.m, blob, size, UEPF_MSIX_LOAD_KEEP_TABLE, NULL, 0) == 0);
	CHECK(&c, fx_ctrl(&b, 3) == 1 && b.table[12] == htole32(0x1234));
	CHECK(&c, uepf_msix_is_pending(b.m, 3) == 1);
	fx_host_mask(&b, 3, false);
	CHECK(&c, uepf_msix_sync(b.m, CTL_EN) == 1 && fx_count(&b, FX_RAISE, 3) == 1);
	fx_fini(&a);
	fx_fini(&b);
	tap_case_end(&c, "load with UEPF_MSIX_LOAD_KEEP_TABLE keeps the live table memory");
}

struct snap {
	uint8_t blob[UEPF_MSIX_STATE_SIZE(70)];
	uint32_t pba[UEPF_MSIX_PBA_SIZE(70) / 4];
	struct uepf_msix_stats st;
};

static void take(struct fx *f, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	uepf_msix_save(f->m, s->blob, sizeof(s->blob));
	memcpy(s->pba, f->pba, sizeof(s->pba));
	uepf_msix_get_stats(f->m, &s->st);
}

static void t_bad_blobs(void)
{
	struct tap_case c;
	struct fx a, b;
	struct snap s0, s1;
	const size_t size = UEPF_MSIX_STATE_SIZE(70);
	uint8_t good[UEPF_MSIX_STATE_SIZE(70)], bad[UEPF_MSIX_STATE_SIZE(70) + 8];
	uint8_t other[UEPF_MSIX_STATE_SIZE(71)];
	char err[256];
	int r;

	CASE_BEGIN(&c);
	fx_init(&a, 70, true);
	populate(&a);
	uepf_msix_save(a.m, good, size);
	fx_init(&b, 70, true);
	populate(&b);
	uepf_msix_notify(b.m, 69);
	take(&b, &s0);

#define REFUSED(buf, len, want, text) do { \
	err[0] = 0; \
	r = uepf_msix_load(b.m, buf, len, 0, err, sizeof(err)); \
	CHECK(&c, r == (want)); \
	CHECK(&c, strstr(err, text) != NULL); \
	take(&b, &s1); \
	CHECK(&c, memcmp(&s0, &s1, sizeof(s0)) == 0); \
	CHECK(&c, b.nlog == 0); \
} while (0)

	fx_clear_log(&b);
	REFUSED(good, 10, UEPF_MSIX_E_BLOB_SIZE, "10 bytes");
	REFUSED(good, size - 1, UEPF_MSIX_E_BLOB_SIZE, "exactly");
	memcpy(bad, good, size);
	bad[size] = 0;
	REFUSED(bad, size + 8, UEPF_MSIX_E_BLOB_SIZE, "exactly");
	memcpy(bad, good, size);
	bad[0] = 'X';
	REFUSED(bad, size, UEPF_MSIX_E_BLOB_MAGIC, "magic");
	memcpy(bad, good, size);
	put32(bad + 8, 2);
	reseal(bad, size);
	REFUSED(bad, size, UEPF_MSIX_E_BLOB_VERSION, "version 2");
	fx_fini(&a);
	fx_init(&a, 71, true);
	uepf_msix_save(a.m, other, sizeof(other));
	REFUSED(other, sizeof(other), UEPF_MSIX_E_BLOB_NVECTORS, "71 vectors");
	memcpy(bad, good, size);
	bad[100] ^= 1;
	REFUSED(bad, size, UEPF_MSIX_E_BLOB_CHECKSUM, "CRC");
	memcpy(bad, good, size);
	put32(bad + 16, CTL_EN | 0x7);
	reseal(bad, size);
	REFUSED(bad, size, UEPF_MSIX_E_BLOB_FIELD, "0x8007");
	memcpy(bad, good, size);
	put32(bad + 20, 1);
	reseal(bad, size);
	REFUSED(bad, size, UEPF_MSIX_E_BLOB_FIELD, "reserved");
	memcpy(bad, good, size);
	put32(bad + 24 + 70 * 16 + 8, 0x80);	/* PBA bit of vector 71 */
	reseal(bad, size);
	REFUSED(bad, size, UEPF_MSIX_E_BLOB_FIELD, ">= 70");
	REFUSED(NULL, size, UEPF_MSIX_E_INVAL, "NULL");
	err[0] = 0;
	CHECK(&c, uepf_msix_load(b.m, good, size, 2, err, sizeof(err)) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_load(NULL, good, size, 0, err, sizeof(err)) == UEPF_MSIX_E_INVAL);
	take(&b, &s1);
	CHECK(&c, memcmp(&s0, &s1, sizeof(s0)) == 0);
	/* the good one loads */
	CHECK(&c, uepf_msix_load(b.m, good, size, 0, err, sizeof(err)) >= 0);
	fx_fini(&a);
	fx_fini(&b);
	tap_case_end(&c, "load refuses bad blobs (size, magic, version, vectors, CRC, fields) with clear errors, changing nothing");

	CASE_BEGIN(&c);
	fx_init(&b, 70, true);
	memset(bad, 0xee, sizeof(bad));
	CHECK(&c, uepf_msix_save(b.m, bad, size - 1) == UEPF_MSIX_E_BUFSIZE);
	CHECK(&c, bad[0] == 0xee && bad[size - 2] == 0xee);
	CHECK(&c, uepf_msix_save(b.m, NULL, size) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_save(NULL, bad, size) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_state_size(NULL) == 0);
	CHECK(&c, uepf_msix_save(b.m, bad, sizeof(bad)) == (long)size && bad[size] == 0xee);
	fx_fini(&b);
	tap_case_end(&c, "save: buffer too small or NULL refused, nothing written");
}

int main(void)
{
	t_roundtrip();
	t_load_reevaluates();
	t_bad_blobs();
	return tap_done();
}
