// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - the extension API of vepc.h: what an endpoint function can ask
 * of vepc beyond the generic EPC API (the Function Mask bit, PBA
 * placement, link/reset/bus-master events).  uepf.ko takes these with
 * symbol_get(), so it does not depend on vepc.
 */

#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/pci-epc.h>

#include "vepc-internal.h"

int vepc_msix_function_masked(struct pci_epc *epc, u8 func_no)
{
	struct vepc *v = vepc_from_epc(epc);
	unsigned long flags;
	u16 ctrl;

	if (!v)
		return -ENODEV;
	if (func_no != 0)
		return -EINVAL;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	return !!(ctrl & PCI_MSIX_FLAGS_MASKALL);
}
EXPORT_SYMBOL_GPL(vepc_msix_function_masked);

int vepc_msix_set_pba(struct pci_epc *epc, u8 func_no, int bar, u32 offset)
{
	struct vepc *v = vepc_from_epc(epc);
	u64 bar_size, pend, tend;
	unsigned long flags;
	bool configured, upper;
	u32 toff;
	u16 nr;
	u8 tbir;
	int ret = 0;

	if (!v)
		return -ENODEV;
	if (!vepc_pba_placement)
		return -EOPNOTSUPP;
	if (bar < 0)
		return 0;	/* the query: this controller can place it */
	if (func_no >= epc->max_functions) {
		dev_err(v->dev, "set_pba: function %u does not exist (max_functions %u)\n",
			func_no, epc->max_functions);
		return -EINVAL;
	}
	if (bar > BAR_5) {
		dev_err(v->dev, "set_pba: BIR %d: no such BAR (0..5)\n", bar);
		return -EINVAL;
	}
	if (offset & PCI_MSIX_PBA_BIR) {
		dev_err(v->dev, "set_pba: PBA offset %#x is not 8-byte aligned\n",
			offset);
		return -EINVAL;
	}

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	configured = v->msix_cap;
	nr = v->msix_nr;
	tbir = v->msix_bir;
	toff = v->msix_offset;
	bar_size = v->bar[bar].size;
	upper = bar > 0 && v->bar[bar - 1].size &&
		(v->bar[bar - 1].flags & PCI_BASE_ADDRESS_MEM_TYPE_64);
	pend = (u64)offset + ALIGN(nr, 64) / 8;
	tend = (u64)toff + nr * PCI_MSIX_ENTRY_SIZE;
	if (!configured || !bar_size || pend > bar_size ||
	    (bar == tbir && offset < tend && toff < pend))
		ret = -EINVAL;
	else
		vepc_msix_pba_place(v, bar, offset);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);

	if (!ret)
		return 0;
	if (!configured)
		dev_err(v->dev, "set_pba: MSI-X is not configured: call pci_epc_set_msix() first\n");
	else if (upper)
		dev_err(v->dev, "set_pba: BAR%d is the upper half of 64-bit BAR%d\n",
			bar, bar - 1);
	else if (!bar_size)
		dev_err(v->dev, "set_pba: BAR%d is not set (set_bar)\n", bar);
	else if (pend > bar_size)
		dev_err(v->dev, "set_pba: PBA [%#x, %#llx) for %u vectors does not fit in BAR%d of %#llx bytes\n",
			offset, pend, nr, bar, bar_size);
	else
		dev_err(v->dev, "set_pba: PBA [%#x, %#llx) overlaps the MSI-X table [%#x, %#llx) in BAR%d\n",
			offset, pend, toff, tend, bar);
	return ret;
}
EXPORT_SYMBOL_GPL(vepc_msix_set_pba);

int vepc_event_register(struct pci_epc *epc, vepc_event_fn fn, void *data)
{
	struct vepc *v = vepc_from_epc(epc);
	int ret = 0;

	if (!v)
		return -ENODEV;
	if (!fn)
		return -EINVAL;
	mutex_lock(&v->cb_lock);
	if (v->cb) {
		ret = -EBUSY;
	} else {
		v->cb = fn;
		v->cb_data = data;
	}
	mutex_unlock(&v->cb_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(vepc_event_register);

void vepc_event_unregister(struct pci_epc *epc)
{
	struct vepc *v = vepc_from_epc(epc);

	if (!v)
		return;
	mutex_lock(&v->cb_lock);
	v->cb = NULL;
	v->cb_data = NULL;
	mutex_unlock(&v->cb_lock);
}
EXPORT_SYMBOL_GPL(vepc_event_unregister);
