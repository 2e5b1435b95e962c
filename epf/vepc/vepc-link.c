// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - the link state machine.
 *
 * start/stop and debugfs set link_target (or reset_pending) and schedule
 * link_work, which brings the link there: link up lets the host enumerate
 * the device, link down removes it first and then resets the function
 * (DL_Down), a hot reset resets it in place.  Each step is an event for the
 * registered consumer and, where the kernel has one, an EPC notification.
 */

#include <linux/mutex.h>
#include <linux/workqueue.h>

#include "vepc-internal.h"

static void vepc_set_link(struct vepc *v, bool up)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	v->link_up = up;
	/* DL_Down resets the function */
	if (!up)
		vepc_cfg_reset(v);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
}

void vepc_link_work(struct work_struct *work)
{
	struct vepc *v = container_of(work, struct vepc, link_work);
	bool want;

	mutex_lock(&v->link_lock);
	want = READ_ONCE(v->link_target) && !READ_ONCE(v->dying);
	if (want && !v->link_up) {
		vepc_set_link(v, true);
		dev_info(v->dev, "link up\n");
		vepc_queue_event(v, VEPC_EVENT_LINK_UP, 0);
		pci_epc_linkup(v->epc);
		vepc_host_scan(v);
	} else if (!want && v->link_up) {
		vepc_host_remove(v);
		vepc_set_link(v, false);
		dev_info(v->dev, "link down\n");
		vepc_queue_event(v, VEPC_EVENT_LINK_DOWN, 0);
		vepc_compat_linkdown(v->epc);
	} else if (want) {
		if (v->reset_pending) {
			unsigned long flags;

			raw_spin_lock_irqsave(&v->cfg_lock, flags);
			vepc_cfg_reset(v);
			raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
			dev_info(v->dev, "host reset\n");
			vepc_queue_event(v, VEPC_EVENT_HOST_RESET, 0);
			/* a hot reset retrains the link */
			vepc_compat_linkdown(v->epc);
			pci_epc_linkup(v->epc);
		}
		/* a header written after link up: enumerate now */
		vepc_host_scan(v);
	}
	v->reset_pending = false;
	mutex_unlock(&v->link_lock);
}
