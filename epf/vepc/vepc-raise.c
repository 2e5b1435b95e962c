// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - raise_irq: an interrupt from the endpoint to the host.
 *
 * Like DesignWare's raise, it reads what the host wrote (the MSI-X table
 * entry in BAR memory, or the MSI capability) and refuses a masked vector
 * with -EPERM, latching nothing; it is stricter in that it also checks
 * MSI-X Enable and Function Mask.  What passes goes to the bridge's MSI
 * irq domain (vepc-msi.c).  Every refusal is counted by its reason.
 */

#include <linux/io.h>
#include <linux/pci.h>
#include <linux/pci-epc.h>

#include "vepc-internal.h"

static int vepc_raise_msix(struct vepc *v, u16 n)
{
	struct vepc_bar *bar;
	void __iomem *entry;
	unsigned long flags;
	u32 lo, hi, data, vctrl;
	u64 off;
	u16 ctrl;

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	if (!v->msix_cap) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err_ratelimited(v->dev, "raise MSI-X %u: MSI-X not configured (set_msix)\n", n);
		return vepc_refuse(v, VEPC_REFUSED_NOT_CONFIGURED, -EINVAL);
	}
	if (n < 1 || n > v->msix_nr) {
		unsigned int nr = v->msix_nr;

		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err_ratelimited(v->dev, "raise MSI-X vector %u: out of range 1..%u\n",
				    n, nr);
		return vepc_refuse(v, VEPC_REFUSED_OUT_OF_RANGE, -EINVAL);
	}
	ctrl = cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS);
	if (!(ctrl & PCI_MSIX_FLAGS_ENABLE)) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_dbg(v->dev, "raise MSI-X %u: MSI-X disabled by the host\n", n);
		return vepc_refuse(v, VEPC_REFUSED_DISABLED, -EINVAL);
	}
	if (ctrl & PCI_MSIX_FLAGS_MASKALL) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_dbg(v->dev, "raise MSI-X %u: function masked\n", n);
		return vepc_refuse(v, VEPC_REFUSED_FUNCTION_MASKED, -EPERM);
	}
	bar = &v->bar[v->msix_bir];
	off = v->msix_offset + (u64)(n - 1) * PCI_MSIX_ENTRY_SIZE;
	if (!bar->size || off + PCI_MSIX_ENTRY_SIZE > bar->size) {
		u8 bir = v->msix_bir;

		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err_ratelimited(v->dev, "raise MSI-X %u: table entry at BAR%u+%#llx is outside the BAR\n",
				    n, bir, off);
		return vepc_refuse(v, VEPC_REFUSED_BAD_TABLE, -EINVAL);
	}
	entry = bar->virt + off;
	lo = readl(entry + PCI_MSIX_ENTRY_LOWER_ADDR);
	hi = readl(entry + PCI_MSIX_ENTRY_UPPER_ADDR);
	data = readl(entry + PCI_MSIX_ENTRY_DATA);
	vctrl = readl(entry + PCI_MSIX_ENTRY_VECTOR_CTRL);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);

	if (vctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT) {
		dev_dbg(v->dev, "raise MSI-X %u: vector masked\n", n);
		return vepc_refuse(v, VEPC_REFUSED_VECTOR_MASKED, -EPERM);
	}
	return vepc_deliver(v, ((u64)hi << 32) | lo, data);
}

static int vepc_raise_msi(struct vepc *v, u16 n)
{
	unsigned long flags;
	unsigned int nvec;
	u32 lo, hi, mask;
	u16 ctrl, data;

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS);
	lo = cfg32(v, VEPC_MSI_CAP + PCI_MSI_ADDRESS_LO);
	hi = cfg32(v, VEPC_MSI_CAP + PCI_MSI_ADDRESS_HI);
	data = cfg16(v, VEPC_MSI_CAP + PCI_MSI_DATA_64);
	mask = cfg32(v, VEPC_MSI_CAP + PCI_MSI_MASK_64);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);

	if (!v->msi_cap) {
		dev_err_ratelimited(v->dev, "raise MSI %u: MSI not configured (set_msi)\n", n);
		return vepc_refuse(v, VEPC_REFUSED_NOT_CONFIGURED, -EINVAL);
	}
	if (!(ctrl & PCI_MSI_FLAGS_ENABLE)) {
		dev_dbg(v->dev, "raise MSI %u: MSI disabled by the host\n", n);
		return vepc_refuse(v, VEPC_REFUSED_DISABLED, -EINVAL);
	}
	/* the host-written Multiple Message Enable, capped at what we offer */
	nvec = 1 << min((ctrl & PCI_MSI_FLAGS_QSIZE) >> 4,
			(ctrl & PCI_MSI_FLAGS_QMASK) >> 1);
	if (n < 1 || n > nvec) {
		dev_err_ratelimited(v->dev, "raise MSI %u: out of range 1..%u (enabled by the host)\n",
				    n, nvec);
		return vepc_refuse(v, VEPC_REFUSED_OUT_OF_RANGE, -EINVAL);
	}
	if (mask & BIT(n - 1)) {
		dev_dbg(v->dev, "raise MSI %u: vector masked\n", n);
		return vepc_refuse(v, VEPC_REFUSED_VECTOR_MASKED, -EPERM);
	}
	/*
	 * A device ORs the vector number into the low bits of the data; the
	 * bridge's data is a Linux irq number, and a multi-MSI block is
	 * contiguous, so adding gives the same result without alignment.
	 */
	return vepc_deliver(v, ((u64)hi << 32) | lo, data + n - 1);
}

int vepc_raise_irq(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			  vepc_irq_type_t type, u16 interrupt_num)
{
	struct vepc *v = epc_get_drvdata(epc);

	if (func_no || vfunc_no)
		return -EINVAL;
	atomic_long_inc(&v->raised);
	if (!READ_ONCE(v->link_up))
		return vepc_refuse(v, VEPC_REFUSED_LINK_DOWN, -ENOLINK);
	switch (type) {
	case VEPC_IRQ_MSIX:
		return vepc_raise_msix(v, interrupt_num);
	case VEPC_IRQ_MSI:
		return vepc_raise_msi(v, interrupt_num);
	case VEPC_IRQ_INTX:
		dev_err_ratelimited(v->dev, "raise INTx: not implemented (no INTx wire)\n");
		return vepc_refuse(v, VEPC_REFUSED_UNSUPPORTED, -EINVAL);
	default:
		dev_err_ratelimited(v->dev, "raise: unknown interrupt type %d\n",
				    (int)type);
		return vepc_refuse(v, VEPC_REFUSED_UNSUPPORTED, -EINVAL);
	}
}
