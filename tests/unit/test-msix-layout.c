// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * MSI-X core: init validation (reference msix_init() sanity checks), the
 * exclusive-BAR layout helper, error names, byte-wise Message Control.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/pci_regs.h>

#include "msix-fixture.h"
#include "tap.h"

static struct uepf_msix_layout base(uint32_t n)
{
	struct uepf_msix_layout l = {
		.nvectors = n, .table_bar = 0, .table_offset = 0,
		.pba_bar = 0, .pba_offset = 0x8000,
		.bar_size = { 0x10000, 0x1000, 0, 0, 0, 0x1000 },
	};
	return l;
}

static int check(const struct uepf_msix_layout *l, char *err)
{
	err[0] = 0;
	return uepf_msix_layout_check(l, err, 256);
}

static int dummy_raise(void *o, unsigned int v)
{
	return 0;
}

/* uepf_msix_new() on a bad layout: error, *mp NULL, memory untouched. */
static int new_refuses_cleanly(const struct uepf_msix_layout *l, int want)
{
	static uint8_t table[0x8000 + 64] __attribute__((aligned(8)));
	static uint8_t pba[512] __attribute__((aligned(8)));
	struct uepf_msix *m = (struct uepf_msix *)1;
	char err[256] = "";
	int r, i;

	memset(table, 0xa5, sizeof(table));
	memset(pba, 0x5a, sizeof(pba));
	r = uepf_msix_new(&m, l, table, pba, dummy_raise, NULL, err, sizeof(err));
	if (r != want || m != NULL || !err[0])
		return 0;
	for (i = 0; i < (int)sizeof(table); i++)
		if (table[i] != 0xa5)
			return 0;
	for (i = 0; i < (int)sizeof(pba); i++)
		if (pba[i] != 0x5a)
			return 0;
	return 1;
}

static void test_vectors(void)
{
	struct tap_case c;
	struct uepf_msix_layout l;
	char err[256];

	CASE_BEGIN(&c);
	l = base(0);
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_NVECTORS);
	CHECK(&c, strstr(err, "0 vectors") && strstr(err, "1..2048"));
	CHECK(&c, new_refuses_cleanly(&l, UEPF_MSIX_E_NVECTORS));
	l = base(2049);
	l.bar_size[0] = 0x100000;
	l.pba_offset = 0x80000;
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_NVECTORS);
	CHECK(&c, strstr(err, "2049") && strstr(err, "1..2048"));
	l = base(1);
	CHECK(&c, check(&l, err) == 0);
	l = base(2048);
	CHECK(&c, check(&l, err) == 0);
	tap_case_end(&c, "init: vector count 1..2048 (0 and 2049 refused)");
}

static void test_bar_index(void)
{
	struct tap_case c;
	struct uepf_msix_layout l;
	char err[256];

	CASE_BEGIN(&c);
	l = base(8);
	l.table_bar = 6;
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_TABLE_BAR);
	CHECK(&c, strstr(err, "table BAR 6") && strstr(err, "0..5"));
	CHECK(&c, new_refuses_cleanly(&l, UEPF_MSIX_E_TABLE_BAR));
	l = base(8);
	l.pba_bar = 7;
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_PBA_BAR);
	CHECK(&c, strstr(err, "PBA BAR 7") && strstr(err, "0..5"));
	l = base(8);
	l.pba_bar = 0xffffffffu;
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_PBA_BAR);
	l = base(8);
	l.table_bar = 5;
	l.pba_bar = 5;
	l.pba_offset = 0x800;
	CHECK(&c, check(&l, err) == 0);
	tap_case_end(&c, "init: BAR index 0..5 (6 refused, table and PBA apart)");
}

static void test_align(void)
{
	struct tap_case c;
	struct uepf_msix_layout l;
	char err[256];
	uint32_t low;

	CASE_BEGIN(&c);
	for (low = 1; low < 8; low++) {
		l = base(8);
		l.table_offset = 0x100 | low;
		CHECK(&c, check(&l, err) == UEPF_MSIX_E_TABLE_ALIGN);
		CHECK(&c, strstr(err, "8-byte") != NULL);
		l = base(8);
		l.pba_offset = 0x8000 | low;
		CHECK(&c, check(&l, err) == UEPF_MSIX_E_PBA_ALIGN);
	}
	l = base(8);
	l.table_offset = 0x104;
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_TABLE_ALIGN);
	CHECK(&c, strstr(err, "0x104") != NULL);
	CHECK(&c, new_refuses_cleanly(&l, UEPF_MSIX_E_TABLE_ALIGN));
	l = base(8);
	l.table_offset = 0x108;
	CHECK(&c, check(&l, err) == 0);
	tap_case_end(&c, "init: table and PBA offsets 8-byte aligned (low 3 bits are the BIR)");
}

static void test_fit(void)
{
	struct tap_case c;
	struct uepf_msix_layout l;
	char err[256];

	CASE_BEGIN(&c);
	/* 64 vectors = 0x400 bytes of table; BAR 1 is 0x1000 */
	l = base(64);
	l.table_bar = 1;
	l.table_offset = 0xc00;
	CHECK(&c, check(&l, err) == 0);		/* ends exactly at the BAR end */
	l.table_offset = 0xc08;
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_TABLE_FIT);
	CHECK(&c, strstr(err, "0x1008") && strstr(err, "0x1000"));
	CHECK(&c, new_refuses_cleanly(&l, UEPF_MSIX_E_TABLE_FIT));
	l = base(64);
	l.table_bar = 2;			/* size 0: not implemented */
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_TABLE_FIT);
	l = base(64);
	l.table_offset = 0xfffffff8u;		/* 32-bit wrap must not pass */
	l.bar_size[0] = 0x100000000ull;
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_TABLE_FIT);
	tap_case_end(&c, "init: table fits inside its BAR");

	CASE_BEGIN(&c);
	/* 65 vectors → PBA 16 bytes */
	l = base(65);
	l.pba_bar = 5;
	l.pba_offset = 0xff0;
	CHECK(&c, check(&l, err) == 0);
	l.pba_offset = 0xff8;
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_PBA_FIT);
	CHECK(&c, strstr(err, "PBA") && strstr(err, "0x1008") && strstr(err, "BAR 5"));
	CHECK(&c, new_refuses_cleanly(&l, UEPF_MSIX_E_PBA_FIT));
	l = base(65);
	l.pba_bar = 3;
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_PBA_FIT);
	tap_case_end(&c, "init: PBA fits inside its BAR");
}

static void test_overlap(void)
{
	struct tap_case c;
	struct uepf_msix_layout l;
	char err[256];

	CASE_BEGIN(&c);
	l = base(64);				/* table [0x100, 0x500) */
	l.table_offset = 0x100;
	l.pba_offset = 0x4f8;			/* PBA [0x4f8, 0x500) */
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_OVERLAP);
	CHECK(&c, strstr(err, "overlap") && strstr(err, "0x4f8"));
	CHECK(&c, new_refuses_cleanly(&l, UEPF_MSIX_E_OVERLAP));
	l.pba_offset = 0x0f8;			/* PBA [0xf8, 0x100): adjacent */
	CHECK(&c, check(&l, err) == 0);
	l.pba_offset = 0x500;			/* right after, same 4 KiB page */
	CHECK(&c, check(&l, err) == 0);
	l.pba_offset = 0x100;			/* same offset ... */
	CHECK(&c, check(&l, err) == UEPF_MSIX_E_OVERLAP);
	l.pba_bar = 1;				/* ... in another BAR is fine */
	CHECK(&c, check(&l, err) == 0);
	tap_case_end(&c, "init: no overlap of table and PBA in the same BAR");

	CASE_BEGIN(&c);
	/* cloud-hypervisor #139 / ACRN #1210: non-zero offsets, one page */
	l = base(8);
	l.table_bar = 0;
	l.table_offset = 0x80;
	l.pba_bar = 0;
	l.pba_offset = 0x100;
	CHECK(&c, check(&l, err) == 0);
	l.table_bar = 1;
	l.table_offset = 0x800;
	l.pba_bar = 5;
	l.pba_offset = 0x10;
	CHECK(&c, check(&l, err) == 0);
	tap_case_end(&c, "init: table at non-zero offset, table and PBA in one page or in different BARs");
}

static void test_new_memory(void)
{
	static uint32_t table[64 * 4 + 8], pba[16];
	struct uepf_msix_layout l = base(64);
	struct uepf_msix *m = (struct uepf_msix *)1;
	struct tap_case c;
	char err[256];

	CASE_BEGIN(&c);
	CHECK(&c, uepf_msix_new(&m, &l, (char *)table + 2, pba, dummy_raise,
				NULL, err, sizeof(err)) == UEPF_MSIX_E_MEM_ALIGN);
	CHECK(&c, m == NULL && strstr(err, "aligned"));
	CHECK(&c, uepf_msix_new(&m, &l, table, table + 8, dummy_raise,
				NULL, err, sizeof(err)) == UEPF_MSIX_E_MEM_OVERLAP);
	CHECK(&c, uepf_msix_new(&m, &l, NULL, pba, dummy_raise,
				NULL, err, sizeof(err)) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_new(&m, &l, table, pba, NULL,
				NULL, err, sizeof(err)) == UEPF_MSIX_E_INVAL);
	CHECK(&c, strstr(err, "raise"));
	CHECK(&c, uepf_msix_new(&m, NULL, table, pba, dummy_raise,
				NULL, err, sizeof(err)) == UEPF_MSIX_E_INVAL);
	CHECK(&c, uepf_msix_new(NULL, &l, table, pba, dummy_raise,
				NULL, err, sizeof(err)) == UEPF_MSIX_E_INVAL);
	CHECK(&c, m == NULL);
	CHECK(&c, uepf_msix_new(&m, &l, table, pba, dummy_raise,
				NULL, NULL, 0) == 0 && m);
	uepf_msix_free(m);
	tap_case_end(&c, "new: memory NULL, misaligned or overlapping refused, nothing built");
}

static void test_distinct(void)
{
	static const int codes[] = {
		UEPF_MSIX_E_NVECTORS, UEPF_MSIX_E_TABLE_BAR, UEPF_MSIX_E_PBA_BAR,
		UEPF_MSIX_E_TABLE_ALIGN, UEPF_MSIX_E_PBA_ALIGN,
		UEPF_MSIX_E_TABLE_FIT, UEPF_MSIX_E_PBA_FIT, UEPF_MSIX_E_OVERLAP,
	};
	struct tap_case c;
	int e, f;

	CASE_BEGIN(&c);
	for (e = 0; e < 8; e++)
		for (f = e + 1; f < 8; f++)
			CHECK(&c, codes[e] != codes[f]);
	for (e = -1; e >= UEPF_MSIX_E_LAST; e--) {
		CHECK(&c, strcmp(uepf_msix_strerror(e), "unknown error") != 0);
		for (f = e - 1; f >= UEPF_MSIX_E_LAST; f--)
			CHECK(&c, strcmp(uepf_msix_strerror(e),
					 uepf_msix_strerror(f)) != 0);
	}
	CHECK(&c, !strcmp(uepf_msix_strerror(UEPF_MSIX_E_LAST - 1), "unknown error"));
	CHECK(&c, !strcmp(uepf_msix_strerror(1), "unknown error"));
	CHECK(&c, !strcmp(uepf_msix_strerror(0), "success"));
	tap_case_end(&c, "init: each refusal has a distinct error and name (uepf_msix_strerror)");
}

static void test_exclusive(void)
{
	struct uepf_msix_layout l, keep;
	struct tap_case c;
	char err[256];
	uint32_t n;

	CASE_BEGIN(&c);
	CHECK(&c, uepf_msix_exclusive_bar_layout(1, 2, &l, err, sizeof(err)) == 0);
	CHECK(&c, l.bar_size[2] == 4096 && l.table_bar == 2 && l.pba_bar == 2);
	CHECK(&c, l.table_offset == 0 && l.pba_offset == 2048);
	CHECK(&c, l.bar_size[0] == 0 && l.bar_size[1] == 0 && l.bar_size[5] == 0);
	CHECK(&c, uepf_msix_exclusive_bar_layout(128, 0, &l, err, sizeof(err)) == 0);
	CHECK(&c, l.bar_size[0] == 4096 && l.pba_offset == 2048);
	CHECK(&c, uepf_msix_exclusive_bar_layout(129, 0, &l, err, sizeof(err)) == 0);
	CHECK(&c, l.bar_size[0] == 8192 && l.pba_offset == 4096);
	CHECK(&c, uepf_msix_exclusive_bar_layout(2048, 5, &l, err, sizeof(err)) == 0);
	CHECK(&c, l.bar_size[5] == 65536 && l.pba_offset == 32768);
	for (n = 1; n <= 2048; n++) {
		uint64_t s;

		CHECK(&c, uepf_msix_exclusive_bar_layout(n, 3, &l, err, sizeof(err)) == 0);
		s = l.bar_size[3];
		CHECK(&c, s >= 4096 && (s & (s - 1)) == 0);
		CHECK(&c, l.pba_offset == s / 2 && l.table_offset == 0);
		CHECK(&c, UEPF_MSIX_TABLE_SIZE(n) <= s / 2);
		CHECK(&c, s == 4096 || UEPF_MSIX_TABLE_SIZE(n) > s / 4);
		CHECK(&c, uepf_msix_layout_check(&l, err, sizeof(err)) == 0);
	}
	memset(&keep, 0x77, sizeof(keep));
	l = keep;
	CHECK(&c, uepf_msix_exclusive_bar_layout(0, 0, &l, err, sizeof(err)) == UEPF_MSIX_E_NVECTORS);
	CHECK(&c, uepf_msix_exclusive_bar_layout(2049, 0, &l, err, sizeof(err)) == UEPF_MSIX_E_NVECTORS);
	CHECK(&c, uepf_msix_exclusive_bar_layout(8, 6, &l, err, sizeof(err)) == UEPF_MSIX_E_TABLE_BAR);
	CHECK(&c, strstr(err, "BAR 6") && strstr(err, "0..5"));
	CHECK(&c, uepf_msix_exclusive_bar_layout(8, 0, NULL, err, sizeof(err)) == UEPF_MSIX_E_INVAL);
	CHECK(&c, memcmp(&l, &keep, sizeof(l)) == 0);
	tap_case_end(&c, "exclusive BAR layout: table at 0, PBA at half, power of two >= 4 KiB, grown to fit");
}

static void test_ctl_bytes(void)
{
	struct tap_case c;
	struct fx f;
	uint16_t ctl;

	CASE_BEGIN(&c);
	/* Table Size (read-only) 7 = 8 vectors */
	ctl = 7;
	ctl = uepf_msix_ctl_apply_write(ctl, PCI_MSIX_FLAGS + 1, 1, 0x80);
	CHECK(&c, ctl == (PCI_MSIX_FLAGS_ENABLE | 7));
	/* libvfio-user #758: a byte 0x40 at +3 is Function Mask, not Enable */
	ctl = uepf_msix_ctl_apply_write(7, PCI_MSIX_FLAGS + 1, 1, 0x40);
	CHECK(&c, ctl == (PCI_MSIX_FLAGS_MASKALL | 7));
	ctl = uepf_msix_ctl_apply_write(ctl, PCI_MSIX_FLAGS + 1, 1, 0xff);
	CHECK(&c, ctl == (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL | 7));
	/* the low byte has nothing writable */
	CHECK(&c, uepf_msix_ctl_apply_write(ctl, PCI_MSIX_FLAGS, 1, 0) == ctl);
	/* word write: only Enable and Function Mask change */
	CHECK(&c, uepf_msix_ctl_apply_write(7, PCI_MSIX_FLAGS, 2, 0xffff) ==
		  (PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL | 7));
	CHECK(&c, uepf_msix_ctl_apply_write(ctl, PCI_MSIX_FLAGS, 2, 0x07ff) == 7);
	/* dword write at the capability start: Message Control is bits 31:16 */
	CHECK(&c, uepf_msix_ctl_apply_write(7, 0, 4, 0x80000000u) ==
		  (PCI_MSIX_FLAGS_ENABLE | 7));
	CHECK(&c, uepf_msix_ctl_apply_write(7, 0, 4, 0x0000ffffu) == 7);
	/* bytes outside Message Control, bad sizes: unchanged */
	CHECK(&c, uepf_msix_ctl_apply_write(7, 1, 1, 0xff) == 7);
	CHECK(&c, uepf_msix_ctl_apply_write(7, PCI_MSIX_TABLE, 4, 0xffffffffu) == 7);
	CHECK(&c, uepf_msix_ctl_apply_write(7, PCI_MSIX_FLAGS + 1, 3, 0xff) == 7);
	CHECK(&c, uepf_msix_ctl_apply_write(7, PCI_MSIX_FLAGS + 1, 0, 0xff) == 7);
	/* byte write at +3 drives the core: enable, unmask → pending raised */
	fx_init(&f, 8, true);
	fx_host_mask(&f, 2, false);
	ctl = 7;
	CHECK(&c, uepf_msix_notify(f.m, 2) == UEPF_MSIX_LATCHED);
	ctl = uepf_msix_ctl_apply_write(ctl, PCI_MSIX_FLAGS + 1, 1, 0xc0);
	CHECK(&c, uepf_msix_sync(f.m, ctl) == 0 && uepf_msix_function_masked(f.m));
	ctl = uepf_msix_ctl_apply_write(ctl, PCI_MSIX_FLAGS + 1, 1, 0x80);
	CHECK(&c, uepf_msix_sync(f.m, ctl) == 1 && fx_count(&f, FX_RAISE, 2) == 1);
	CHECK(&c, !uepf_msix_function_masked(f.m) && uepf_msix_enabled(f.m));
	fx_fini(&f);
	tap_case_end(&c, "Message Control byte-wise write: high byte at +3 holds Enable and Function Mask");
}

int main(void)
{
	test_vectors();
	test_bar_index();
	test_align();
	test_fit();
	test_overlap();
	test_new_memory();
	test_distinct();
	test_exclusive();
	test_ctl_bytes();
	return tap_done();
}
