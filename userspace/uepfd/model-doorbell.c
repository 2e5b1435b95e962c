// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd model "doorbell" (the contract of doc/host-check.md): a 32-bit
 * register at BAR:OFFSET (default 0:0x0).  The daemon keeps it at the idle
 * value 0xffffffff.  A 32-bit little-endian write of v by the host fires
 * vector v through the MSI-X core (sent now, or latched in the PBA while
 * masked and sent on unmask); v >= the table size is ignored.  The daemon
 * polls the register, writes the idle value back, then fires: one ring at
 * a time (a second write before the daemon saw the first replaces it).
 */
#include "uepfd.h"

static int doorbell_init(struct uepfd *d)
{
	const struct uepf_info *in = uepf_device_info(d->dev);
	unsigned int b = d->o.db_bar;
	uint64_t off = d->o.db_offset, size;
	uint8_t *bar = uepf_device_bar(d->dev, b, &size);
	uint64_t t0 = in->table_offset, t1 = t0 + in->table_size;
	uint64_t p0 = in->pba_offset, p1 = p0 + in->pba_size;

	if (!bar) {
		log_error("--doorbell %u:0x%llx: BAR%u is unused (see the function's barN_size)",
			  b, (unsigned long long)off, b);
		return -1;
	}
	if (off + 4 > size) {
		log_error("--doorbell %u:0x%llx: offset beyond BAR%u of 0x%llx bytes (limit 0x%llx)",
			  b, (unsigned long long)off, b, (unsigned long long)size,
			  (unsigned long long)size - 4);
		return -1;
	}
	if ((b == in->table_bar && off + 4 > t0 && off < t1) ||
	    (b == in->pba_bar && off + 4 > p0 && off < p1)) {
		log_error("--doorbell %u:0x%llx: inside the MSI-X table (BAR%u [0x%llx, 0x%llx)) or PBA (BAR%u [0x%llx, 0x%llx))",
			  b, (unsigned long long)off, in->table_bar,
			  (unsigned long long)t0, (unsigned long long)t1,
			  in->pba_bar, (unsigned long long)p0, (unsigned long long)p1);
		return -1;
	}
	d->mregs = (volatile uint32_t *)(bar + off);
	d->mbar_size = size;
	/*
	 * Freshly bound BAR memory reads 0, which would be a ring of vector
	 * 0: start idle.  After a restart (the previous daemon's state file
	 * was loaded) a non-idle, non-zero value is a ring written while no
	 * daemon ran: the first poll serves it.
	 */
	if (!d->restarted || *d->mregs == 0)
		*d->mregs = UEPFD_DOORBELL_IDLE;
	return 0;
}

static void doorbell_poll(struct uepfd *d)
{
	uint32_t v = *d->mregs;

	if (v == UEPFD_DOORBELL_IDLE)
		return;
	*d->mregs = UEPFD_DOORBELL_IDLE;
	uepfd_kick(d);
	if (v >= d->nvec) {
		log_debug("doorbell: %u at or beyond the %u vectors, ignored", v, d->nvec);
		return;
	}
	log_debug("doorbell: vector %u", v);
	uepfd_fire(d, v);
}

static void doorbell_reset(struct uepfd *d)
{
	*d->mregs = UEPFD_DOORBELL_IDLE;
}

static void doorbell_status(struct uepfd *d, struct ujson *j)
{
	ujson_begin(j, "doorbell", '{');
	ujson_u64(j, "bar", d->o.db_bar);
	ujson_u64(j, "offset", d->o.db_offset);
	ujson_hex(j, "value", *d->mregs, 8);
	ujson_end(j, '}');
}

const struct uepfd_model_ops uepfd_model_doorbell = {
	.name = "doorbell",
	.init = doorbell_init,
	.poll = doorbell_poll,
	.reset = doorbell_reset,
	.status = doorbell_status,
};
