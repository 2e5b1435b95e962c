// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd: the glue between the device models and libuepf's MSI-X core.
 *
 * Every fire reads Message Control first (the host writes it into config
 * space; it is not trapped), so the core judges the vector against the
 * function's present state.  A vector that is about to be latched (masked
 * now) or whose raise the controller refused is recorded in the state file
 * with the kernel's raise count of that vector before the core latches it
 * (see state.c, uepfd_restart_pending(), for why that closes every kill
 * point).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "uepfd.h"

const char *uepfd_fire_result_name(enum uepfd_fire_result r)
{
	switch (r) {
	case UEPFD_FIRE_RAISED:		return "raised";
	case UEPFD_FIRE_LATCHED:	return "latched";
	case UEPFD_FIRE_IGNORED:	return "ignored";
	case UEPFD_FIRE_FAILED:		return "failed";
	}
	return "?";
}

int uepfd_save(struct uepfd *d)
{
	size_t size = UEPFD_STATE_SIZE(d->nvec);
	uint8_t *buf;
	int r;

	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	uepfd_state_encode(buf, d->nvec, d->maybe, d->rcount, d->fired);
	r = uepfd_state_write(d->o.state, buf, size);
	free(buf);
	if (r)
		log_error("state file %s: %s", d->o.state, strerror(-r));
	else
		d->state_dirty = false;
	return r;
}

/*
 * Record @v as pending with the kernel's raise count of it, before the core
 * latches it.  Already recorded with the same count: nothing to write (one
 * message is owed either way).  Recorded with an older count (it was
 * delivered since, not yet settled): recorded again with the new count.
 */
static void remember(struct uepfd *d, unsigned int v)
{
	uint32_t k;
	int r = uepf_device_raise_counts(d->dev, v, 1, &k);

	if (r) {
		log_error("vector %u: %s: recorded with the old count",
			  v, uepf_device_errmsg(d->dev));
		if (r == -ENODEV)
			d->quit = true;
		k = d->rcount[v];
	}
	if (uepfd_bit(d->maybe, v) && d->rcount[v] == k)
		return;
	uepfd_bit_set(d->maybe, v);
	d->rcount[v] = k;
	uepfd_save(d);
}

void uepfd_settle(struct uepfd *d, bool force)
{
	bool changed = false;
	unsigned int w;

	for (w = 0; w < d->words; w++) {
		uint64_t bits = d->maybe[w];

		while (bits) {
			unsigned int b = __builtin_ctzll(bits);
			unsigned int v = w * 64 + b;

			bits &= bits - 1;
			if (uepf_msix_is_pending(d->m, v) != 1) {
				uepfd_bit_clear(d->maybe, v);
				d->rcount[v] = 0;
				changed = true;
			}
		}
	}
	if (changed || force)
		uepfd_save(d);
}

int uepfd_raise(void *opaque, unsigned int vector)
{
	struct uepfd *d = opaque;
	unsigned int refused = 0;
	bool hook = d->test_exit && vector == d->test_exit_vec &&
		    uepfd_bit(d->maybe, vector);
	int r;

	if (d->bme == UEPFD_OFF) {
		log_debug("vector %u held: bus mastering is disabled", vector);
		remember(d, vector);
		d->c.refused++;
		return UEPF_MSIX_REFUSED;
	}
	/* test hook: die with the PBA bit already cleared by the core */
	if (hook && d->test_exit == UEPFD_TEST_EXIT_BEFORE)
		_exit(UEPFD_TEST_EXIT_STATUS);
	r = uepf_device_raise(d->dev, vector, 0, &refused);
	/* test hook: die after the message left, before the state write */
	if (hook && r == 0 && d->test_exit == UEPFD_TEST_EXIT_AFTER)
		_exit(UEPFD_TEST_EXIT_STATUS);
	if (r == 0) {
		d->c.sent++;
		return 0;
	}
	remember(d, vector);
	if (r == -EPERM) {
		d->c.refused++;
		log_debug("vector %u refused (%s): kept pending", vector,
			  uepf_refused_name(refused));
		return UEPF_MSIX_REFUSED;
	}
	d->c.raise_errors++;
	log_warn("vector %u: raise failed: %s", vector, uepf_device_errmsg(d->dev));
	if (r == -ENODEV)
		d->quit = true;
	return r;
}

int uepfd_read_msgctl(struct uepfd *d)
{
	uint16_t mc;
	int r = uepf_device_msgctl(d->dev, &mc);

	if (r) {
		log_warn("Message Control: %s", uepf_device_errmsg(d->dev));
		if (r == -ENODEV)
			d->quit = true;
		return r;
	}
	d->msgctl = mc;
	return 0;
}

enum uepfd_fire_result uepfd_fire(struct uepfd *d, unsigned int v)
{
	uint64_t sent0;
	int r, masked;

	if (v >= d->nvec)
		return UEPFD_FIRE_IGNORED;
	d->fired[v]++;
	d->state_dirty = true;
	d->c.fired++;
	uepfd_read_msgctl(d);
	sent0 = d->c.sent;
	uepf_msix_set_control(d->m, d->msgctl);
	if (d->c.sent != sent0)
		uepfd_kick(d);
	masked = uepf_msix_is_masked(d->m, v);
	if (masked == 1 || d->bme == UEPFD_OFF)
		remember(d, v);
	r = uepf_msix_notify(d->m, v);
	uepfd_kick(d);
	switch (r) {
	case UEPF_MSIX_RAISED:
		d->c.raised++;	/* delivered = sent - raised */
		log_debug("vector %u raised", v);
		return UEPFD_FIRE_RAISED;
	case UEPF_MSIX_LATCHED:
		d->c.latched++;
		log_debug("vector %u latched (pending)", v);
		return UEPFD_FIRE_LATCHED;
	case UEPF_MSIX_IGNORED:
		d->c.ignored++;
		return UEPFD_FIRE_IGNORED;
	default:
		log_warn("vector %u: %s", v, uepf_msix_strerror(r));
		return UEPFD_FIRE_FAILED;
	}
}

int uepfd_watch(struct uepfd *d)
{
	uint64_t sent0 = d->c.sent;
	unsigned int pend0 = uepf_msix_pending_count(d->m);
	int r;

	if (uepfd_read_msgctl(d))
		return 0;
	r = uepf_msix_sync(d->m, d->msgctl);
	if (r < 0 && r != UEPF_MSIX_E_RAISE)
		log_warn("sync: %s", uepf_msix_strerror(r));
	if (d->c.sent != sent0 || uepf_msix_pending_count(d->m) != pend0) {
		log_debug("watch: %llu delivered, %u pending",
			  (unsigned long long)(d->c.sent - sent0),
			  uepf_msix_pending_count(d->m));
		uepfd_kick(d);
		uepfd_settle(d, false);
	}
	return (int)(d->c.sent - sent0);
}

int uepfd_test_hook_parse(struct uepfd *d, const char *val, char *err,
			  size_t errlen)
{
	const char *colon;
	uint32_t v;

	d->test_exit = 0;
	if (!val || !*val)
		return 0;
	colon = strchr(val, ':');
	if (colon && !strncmp(val, "before-raise:", 13))
		d->test_exit = UEPFD_TEST_EXIT_BEFORE;
	else if (colon && !strncmp(val, "after-raise:", 12))
		d->test_exit = UEPFD_TEST_EXIT_AFTER;
	if (!d->test_exit || uepfd_parse_u32(colon + 1, UEPF_MAX_VECTORS - 1, &v)) {
		d->test_exit = 0;
		snprintf(err, errlen,
			 "UEPFD_TEST_EXIT '%.100s': must be before-raise:V or after-raise:V with V in 0..%u",
			 val, UEPF_MAX_VECTORS - 1);
		return -1;
	}
	d->test_exit_vec = v;
	return 0;
}

void uepfd_reset(struct uepfd *d, const char *why)
{
	int r;

	/* forget the pending set on disk first: a kill after this point must
	 * not bring back what the reset drops */
	memset(d->maybe, 0, d->words * 8);
	memset(d->rcount, 0, d->nvec * sizeof(*d->rcount));
	uepfd_save(d);
	r = uepf_msix_reset(d->m);
	if (r)
		log_error("reset (%s): %s", why, uepf_msix_strerror(r));
	d->c.resets++;
	if (d->model->reset)
		d->model->reset(d);
	uepfd_read_msgctl(d);
	uepf_msix_set_control(d->m, d->msgctl);
	log_info("%s: MSI-X reset (every vector masked, PBA cleared)", why);
}
