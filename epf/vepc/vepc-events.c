// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - events to the registered consumer (vepc_event_register()).
 *
 * Events arise where sleeping is not allowed (a config write holds
 * pci_lock with interrupts off): they go into a small queue and a work
 * item hands them over in order, in process context, together with the
 * generic bus-master-enable notification where the kernel has one.
 */

#include <linux/kfifo.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "vepc-internal.h"

void vepc_queue_event(struct vepc *v, enum vepc_event event, u32 arg)
{
	struct vepc_ev ev = { .event = event, .arg = arg };
	unsigned long flags;
	bool queued;

	atomic_long_inc(&v->ev_count[event == VEPC_EVENT_BME && !arg ?
				   VEPC_EVENT_BME + 1 : event]);
	raw_spin_lock_irqsave(&v->ev_lock, flags);
	queued = kfifo_put(&v->events, ev);
	raw_spin_unlock_irqrestore(&v->ev_lock, flags);
	if (!queued) {
		atomic_long_inc(&v->events_dropped);
		dev_warn_ratelimited(v->dev, "event queue full (%d): event %u dropped\n",
				     VEPC_EVENTS, event);
		return;
	}
	schedule_work(&v->event_work);
}

void vepc_event_work(struct work_struct *work)
{
	struct vepc *v = container_of(work, struct vepc, event_work);
	struct vepc_ev ev;
	unsigned long flags;
	bool got;

	for (;;) {
		raw_spin_lock_irqsave(&v->ev_lock, flags);
		got = kfifo_get(&v->events, &ev);
		raw_spin_unlock_irqrestore(&v->ev_lock, flags);
		if (!got)
			break;
		if (ev.event == VEPC_EVENT_BME && ev.arg)
			vepc_compat_bme(v->epc);
		mutex_lock(&v->cb_lock);
		if (v->cb)
			v->cb(v->cb_data, ev.event, ev.arg);
		mutex_unlock(&v->cb_lock);
	}
}
