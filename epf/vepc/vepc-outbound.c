// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - the outbound window: map_addr and unmap_addr.
 *
 * pci_epc_mem is the outbound part of the window; up to VEPC_MAX_OB
 * regions of it stand for host memory, like iATU outbound regions.  There
 * is no live aliasing: the host's bytes are copied in at map time and back
 * at unmap time, and only while the host has Bus Master Enable set.
 */

#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/pci.h>
#include <linux/pci-epc.h>
#include <linux/string.h>

#include "vepc-internal.h"

/* Outbound: the EPF's window pages stand for host memory at pci_addr. */
static int vepc_ob_copy(struct vepc *v, struct vepc_ob *ob, bool to_host)
{
	void __iomem *win;
	void *host;
	unsigned long flags;
	u16 cmd;

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	cmd = cfg16(v, PCI_COMMAND);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (!(cmd & PCI_COMMAND_MASTER)) {
		atomic_long_inc(&v->ob_dropped);
		dev_warn_ratelimited(v->dev,
				     "outbound %s %#llx+%#zx dropped: host has not enabled bus mastering\n",
				     to_host ? "write to" : "read from",
				     ob->pci_addr, ob->size);
		return -EACCES;
	}
	win = ioremap(ob->phys, ob->size);
	if (!win)
		return -ENOMEM;
	host = memremap(ob->pci_addr, ob->size, MEMREMAP_WB);
	if (!host) {
		iounmap(win);
		return -ENOMEM;
	}
	if (to_host)
		memcpy_fromio(host, win, ob->size);
	else
		memcpy_toio(win, host, ob->size);
	memunmap(host);
	iounmap(win);
	atomic_long_inc(&v->ob_copies);
	return 0;
}

int vepc_map_addr(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			 phys_addr_t addr, u64 pci_addr, size_t size)
{
	struct vepc *v = epc_get_drvdata(epc);
	struct vepc_ob *ob = NULL;
	int i;

	if (func_no || vfunc_no)
		return -EINVAL;
	if (!size || addr < v->ob_phys || size > v->ob_size ||
	    addr - v->ob_phys > v->ob_size - size) {
		dev_err(v->dev, "map_addr: %pa+%#zx is outside the outbound window %pa+%#zx\n",
			&addr, size, &v->ob_phys, v->ob_size);
		return -EINVAL;
	}
	if (pci_addr + size < pci_addr ||
	    region_intersects(pci_addr, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_INTERSECTS) {
		dev_err(v->dev, "map_addr: PCI address %#llx+%#zx is not host memory\n",
			pci_addr, size);
		return -EINVAL;
	}
	for (i = 0; i < VEPC_MAX_OB; i++) {
		if (v->ob[i].size && v->ob[i].phys == addr) {
			dev_err(v->dev, "map_addr: %pa is mapped already\n", &addr);
			return -EBUSY;
		}
		if (!v->ob[i].size && !ob)
			ob = &v->ob[i];
	}
	if (!ob) {
		dev_err(v->dev, "map_addr: all %d outbound windows in use\n",
			VEPC_MAX_OB);
		return -ENOSPC;
	}
	ob->phys = addr;
	ob->pci_addr = pci_addr;
	ob->size = size;
	/* the EPF may read what the host has there now */
	vepc_ob_copy(v, ob, false);
	return 0;
}

void vepc_unmap_addr(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			    phys_addr_t addr)
{
	struct vepc *v = epc_get_drvdata(epc);
	int i;

	for (i = 0; i < VEPC_MAX_OB; i++) {
		if (v->ob[i].size && v->ob[i].phys == addr) {
			/* what the EPF wrote reaches the host */
			vepc_ob_copy(v, &v->ob[i], true);
			memset(&v->ob[i], 0, sizeof(v->ob[i]));
			return;
		}
	}
	dev_err(v->dev, "unmap_addr: %pa is not mapped\n", &addr);
}
