/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Little-endian fields and the CRC-32 of the on-disk/in-memory blobs (the
 * MSI-X core's save format and uepfd's state file): one definition for
 * both, header-only so libuepf does not export them.
 */
#ifndef UEPF_LE_BYTES_H
#define UEPF_LE_BYTES_H

#include <stddef.h>
#include <stdint.h>

static inline void le_put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static inline uint32_t le_get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void le_put64(uint8_t *p, uint64_t v)
{
	le_put32(p, (uint32_t)v);
	le_put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint64_t le_get64(const uint8_t *p)
{
	return le_get32(p) | (uint64_t)le_get32(p + 4) << 32;
}

/* CRC-32 (IEEE 802.3, reflected, as zlib): check value 0xcbf43926. */
static inline uint32_t crc32_ieee(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t crc = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < len; i++) {
		crc ^= p[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

#endif /* UEPF_LE_BYTES_H */
