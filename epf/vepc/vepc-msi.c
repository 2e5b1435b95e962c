// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - the host bridge's MSI irq domain and message delivery.
 *
 * As in drivers/pci/controller/vmd.c: a PCI/MSI domain with no parent.
 * Its chip composes a fixed doorbell address and the Linux irq number as
 * data (the domain's hwirqs do not fit 32 bits).  Delivery checks that a
 * message the host programmed is one of ours and runs the irq's handler.
 */

#include <linux/device.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/msi.h>
#include <linux/rcupdate.h>

#include "vepc-internal.h"

static u32 vepc_doorbell(struct vepc *v)
{
	return VEPC_DOORBELL + (v->id << 12);
}

/* Hand a message the host programmed to the host's interrupt. */
int vepc_deliver(struct vepc *v, u64 addr, u32 data)
{
	struct irq_data *d;
	int ret;

	if (addr != vepc_doorbell(v)) {
		dev_err_ratelimited(v->dev,
				    "message address %#llx is not the bridge doorbell %#x: dropped\n",
				    addr, vepc_doorbell(v));
		return vepc_refuse(v, VEPC_REFUSED_BAD_MESSAGE, -EINVAL);
	}
	rcu_read_lock();
	d = irq_get_irq_data(data);
	if (!d || d->domain != v->irq_domain) {
		rcu_read_unlock();
		dev_err_ratelimited(v->dev,
				    "message data %#x is not an interrupt of this bridge: dropped\n",
				    data);
		return vepc_refuse(v, VEPC_REFUSED_BAD_MESSAGE, -EINVAL);
	}
	ret = generic_handle_irq_safe(data);
	rcu_read_unlock();
	if (ret)
		return vepc_refuse(v, VEPC_REFUSED_BAD_MESSAGE, ret);
	atomic_long_inc(&v->delivered);
	return 0;
}

static void vepc_compose_msi_msg(struct irq_data *d, struct msi_msg *msg)
{
	struct vepc *v = irq_data_get_irq_chip_data(d);

	msg->address_hi = 0;
	msg->address_lo = vepc_doorbell(v);
	msg->data = d->irq;
}

#ifndef HAVE_MSI_FLAG_NO_AFFINITY
static int vepc_msi_set_affinity(struct irq_data *d, const struct cpumask *m,
				 bool force)
{
	return -EINVAL;
}
#endif

static void vepc_remove_domain(void *data)
{
	struct vepc *v = data;

	irq_domain_remove(v->irq_domain);
	irq_domain_free_fwnode(v->fwnode);
}

int vepc_create_domain(struct vepc *v)
{
	v->msi_chip.name = "VEPC-MSI";
	v->msi_chip.irq_compose_msi_msg = vepc_compose_msi_msg;
#ifndef HAVE_MSI_FLAG_NO_AFFINITY
	v->msi_chip.irq_set_affinity = vepc_msi_set_affinity;
#endif
	v->msi_info.flags = MSI_FLAG_USE_DEF_DOM_OPS | MSI_FLAG_USE_DEF_CHIP_OPS |
			    MSI_FLAG_PCI_MSIX | MSI_FLAG_MULTI_PCI_MSI;
#ifdef HAVE_MSI_FLAG_NO_AFFINITY
	v->msi_info.flags |= MSI_FLAG_NO_AFFINITY;
#endif
	v->msi_info.chip = &v->msi_chip;
	v->msi_info.chip_data = v;
	v->msi_info.handler = handle_simple_irq;
	v->msi_info.handler_name = "simple";

	v->fwnode = irq_domain_alloc_named_id_fwnode("VEPC-MSI",
						     v->sysdata.domain);
	if (!v->fwnode) {
		dev_err(v->dev, "cannot allocate the MSI domain fwnode: %d\n",
			-ENOMEM);
		return -ENOMEM;
	}
	v->irq_domain = pci_msi_create_irq_domain(v->fwnode, &v->msi_info, NULL);
	if (!v->irq_domain) {
		irq_domain_free_fwnode(v->fwnode);
		dev_err(v->dev, "cannot create the MSI irq domain\n");
		return -ENOMEM;
	}
	return devm_add_action_or_reset(v->dev, vepc_remove_domain, v);
}
