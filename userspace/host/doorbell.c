// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepf-host: making the device signal one vector ("ringing the doorbell").
 *
 * Two device models are understood:
 *
 *  BAR:OFFSET  the uepf doorbell contract: a 32-bit write of a vector number
 *              v (0-based, little endian) to OFFSET of BAR asks the device to
 *              signal vector v by the MSI-X rules: sent at once if neither the
 *              function nor the vector is masked, otherwise its PBA bit is set
 *              and the message sent when it is unmasked.  Writes of v >= the
 *              table size are ignored by the device.
 *
 *  epf-test[:BAR]  the register block of Linux's pci-epf-test (default BAR 0):
 *              IRQ_TYPE=2 (MSI-X), IRQ_NUMBER=v+1, COMMAND=RAISE_MSIX_IRQ,
 *              then wait until the function consumed the command.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

/* pci-epf-test registers (drivers/misc/pci_endpoint_test.c). */
#define EPF_TEST_COMMAND		0x04
#define EPF_TEST_STATUS			0x08
#define EPF_TEST_IRQ_TYPE		0x24
#define EPF_TEST_IRQ_NUMBER		0x28
#define EPF_TEST_REG_END		0x30
#define EPF_TEST_CMD_RAISE_MSIX		(1u << 2)
#define EPF_TEST_IRQ_TYPE_MSIX		2

void doorbell_parse(const char *spec, struct doorbell *db)
{
	char *end;
	unsigned long v;

	memset(db, 0, sizeof(*db));
	db->map.fd = -1;
	if (!strncmp(spec, "epf-test", 8)) {
		db->kind = DB_EPF_TEST;
		if (!spec[8])
			return;
		if (spec[8] != ':')
			goto bad;
		errno = 0;
		v = strtoul(spec + 9, &end, 0);
		if (errno || *end || end == spec + 9 || v > 5)
			die(EXIT_TROUBLE, "--doorbell %s: BAR must be 0..5", spec);
		db->bar = v;
		return;
	}
	db->kind = DB_UEPF;
	errno = 0;
	v = strtoul(spec, &end, 0);
	if (errno || end == spec || *end != ':')
		goto bad;
	if (v > 5)
		die(EXIT_TROUBLE, "--doorbell %s: BAR %lu out of range 0..5", spec, v);
	db->bar = v;
	spec = end + 1;
	errno = 0;
	v = strtoul(spec, &end, 0);
	if (errno || end == spec || *end)
		goto bad;
	if (v & 3 || v > 0xfffffffcul)
		die(EXIT_TROUBLE, "--doorbell: offset 0x%lx must be 4-byte aligned and below 4 GiB", v);
	db->offset = v;
	return;
bad:
	die(EXIT_TROUBLE, "--doorbell %s: expected BAR:OFFSET (e.g. 0:0x1000) or epf-test[:BAR]",
	    spec);
}

void doorbell_open(struct pci_dev *d, struct doorbell *db)
{
	if (db->kind == DB_EPF_TEST)
		bar_map(d, db->bar, 0, EPF_TEST_REG_END, true, &db->map);
	else
		bar_map(d, db->bar, db->offset, 4, true, &db->map);
}

static void wr32(struct doorbell *db, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(db->map.base + off) = v;
}

static uint32_t rd32(struct doorbell *db, uint32_t off)
{
	return *(volatile uint32_t *)(db->map.base + off);
}

bool doorbell_ring(struct doorbell *db, unsigned int v, int timeout_ms)
{
	uint64_t deadline;

	if (db->kind == DB_UEPF) {
		wr32(db, 0, v);
		(void)rd32(db, 0);	/* flush the posted write */
		return true;
	}
	wr32(db, EPF_TEST_STATUS, 0);
	wr32(db, EPF_TEST_IRQ_TYPE, EPF_TEST_IRQ_TYPE_MSIX);
	wr32(db, EPF_TEST_IRQ_NUMBER, v + 1);
	wr32(db, EPF_TEST_COMMAND, EPF_TEST_CMD_RAISE_MSIX);
	deadline = now_ms() + timeout_ms;
	while (rd32(db, EPF_TEST_COMMAND)) {
		if (now_ms() > deadline)
			return false;
		sleep_ms(1);
	}
	return true;
}

void doorbell_close(struct doorbell *db)
{
	bar_unmap(&db->map);
}
