// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - the endpoint controller: struct pci_epc and its operations.
 *
 * Endpoint function drivers bind to it through configfs, as to a
 * DesignWare controller.  The header, BARs and MSI/MSI-X counts they set
 * go into the emulated config space (vepc-cfg.c); map_addr/unmap_addr are
 * in vepc-outbound.c and raise_irq in vepc-raise.c.
 */

#include <linux/device.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pci-epc.h>
#include <linux/pci-epf.h>
#include <linux/sizes.h>

#include "vepc-internal.h"

static int vepc_write_header(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			     struct pci_epf_header *hdr)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;

	if (func_no || vfunc_no)
		return -EINVAL;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	set16(v, PCI_VENDOR_ID, hdr->vendorid);
	set16(v, PCI_DEVICE_ID, hdr->deviceid);
	v->cfg[PCI_REVISION_ID] = hdr->revid;
	v->cfg[PCI_CLASS_PROG] = hdr->progif_code;
	v->cfg[PCI_CLASS_DEVICE] = hdr->subclass_code;
	v->cfg[PCI_CLASS_DEVICE + 1] = hdr->baseclass_code;
	v->cfg[PCI_CACHE_LINE_SIZE] = hdr->cache_line_size;
	set16(v, PCI_SUBSYSTEM_VENDOR_ID, hdr->subsys_vendor_id);
	set16(v, PCI_SUBSYSTEM_ID, hdr->subsys_id);
	/* INTx is not wired: Interrupt Pin stays 0 whatever the EPF asks */
	v->cfg[PCI_INTERRUPT_PIN] = 0;
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (hdr->interrupt_pin)
		dev_dbg(v->dev, "interrupt pin %u ignored: no INTx\n",
			hdr->interrupt_pin);
	if (READ_ONCE(v->link_target))
		schedule_work(&v->link_work);
	return 0;
}

static int vepc_set_bar(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			struct pci_epf_bar *epf_bar)
{
	struct vepc *v = epc_get_drvdata(epc);
	int i = epf_bar->barno;
	bool is64 = epf_bar->flags & PCI_BASE_ADDRESS_MEM_TYPE_64;
	phys_addr_t phys = epf_bar->phys_addr;
	unsigned long flags;
	u64 size;

	if (func_no || vfunc_no)
		return -EINVAL;
	if (i < 0 || i >= PCI_STD_NUM_BARS) {
		dev_err(v->dev, "set_bar: BAR%d does not exist (0..5)\n", i);
		return -EINVAL;
	}
	if (epf_bar->flags & PCI_BASE_ADDRESS_SPACE_IO) {
		dev_err(v->dev, "set_bar: BAR%d: I/O BARs are not supported\n", i);
		return -EINVAL;
	}
	if (is64 && i == BAR_5) {
		dev_err(v->dev, "set_bar: BAR5 cannot be 64-bit\n");
		return -EINVAL;
	}
	if (!epf_bar->size) {
		dev_err(v->dev, "set_bar: BAR%d has size 0\n", i);
		return -EINVAL;
	}
	size = roundup_pow_of_two(max_t(u64, epf_bar->size, 128));
	if (phys < v->pool_phys || size > v->pool_size ||
	    phys - v->pool_phys > v->pool_size - size ||
	    !IS_ALIGNED(phys, size)) {
		dev_err(v->dev,
			"set_bar: BAR%d memory %pa+%#llx is not a naturally aligned chunk of the BAR window %pa+%#zx (allocate it with pci_epf_alloc_space)\n",
			i, &phys, size, &v->pool_phys, v->pool_size);
		return -EINVAL;
	}
	if (!is64 && upper_32_bits(phys + size - 1)) {
		dev_err(v->dev, "set_bar: 32-bit BAR%d at %pa is above 4 GiB\n",
			i, &phys);
		return -EINVAL;
	}

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	if (i > 0 && v->bar[i - 1].size &&
	    (v->bar[i - 1].flags & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err(v->dev, "set_bar: BAR%d is the upper half of 64-bit BAR%d\n",
			i, i - 1);
		return -EBUSY;
	}
	if (is64 && v->bar[i + 1].size) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err(v->dev, "set_bar: 64-bit BAR%d needs BAR%d, which is in use\n",
			i, i + 1);
		return -EBUSY;
	}
	if (!v->bar[i].size && !v->bars_set++)
		__module_get(THIS_MODULE);
	v->bar[i].phys = phys;
	v->bar[i].virt = v->pool_virt + (phys - v->pool_phys);
	v->bar[i].size = size;
	v->bar[i].flags = epf_bar->flags & ~PCI_BASE_ADDRESS_MEM_MASK &
			  ~PCI_BASE_ADDRESS_SPACE_IO;
	v->bar[i].sizing_lo = v->bar[i].sizing_hi = false;
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	return 0;
}

static void vepc_clear_bar(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			   struct pci_epf_bar *epf_bar)
{
	struct vepc *v = epc_get_drvdata(epc);
	int i = epf_bar->barno;
	unsigned long flags;
	bool put = false;

	if (func_no || vfunc_no || i < 0 || i >= PCI_STD_NUM_BARS)
		return;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	if (v->bar[i].size) {
		memset(&v->bar[i], 0, sizeof(v->bar[i]));
		put = !--v->bars_set;
		/* a PBA placed in this BAR goes back after the table */
		if (v->msix_cap && v->pba_bir == i)
			vepc_msix_pba_default(v);
	}
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (put)
		module_put(THIS_MODULE);
}

static int vepc_set_msi(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			u8 interrupts)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;
	unsigned int mmc, nr;
	u16 ctrl;

	if (v->calibrating) {
		v->cal_arg = interrupts;
		return 0;
	}
	if (func_no || vfunc_no)
		return -EINVAL;
	if (v->set_msi_nr) {
		if (interrupts < 1 || interrupts > 32)
			goto bad;
		mmc = order_base_2(interrupts);
	} else {
		if (interrupts > 5)
			goto bad;
		mmc = interrupts;
	}
	nr = 1 << mmc;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS) & ~PCI_MSI_FLAGS_QMASK;
	set16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS, ctrl | (mmc << 1));
	memset(&v->wmask[VEPC_MSI_CAP + PCI_MSI_MASK_64], 0, 4);
	v->wmask[VEPC_MSI_CAP + PCI_MSI_MASK_64] = nr >= 8 ? 0xff : (1 << nr) - 1;
	if (nr > 8)
		v->wmask[VEPC_MSI_CAP + PCI_MSI_MASK_64 + 1] = nr >= 16 ? 0xff : (1 << (nr - 8)) - 1;
	if (nr > 16)
		memset(&v->wmask[VEPC_MSI_CAP + PCI_MSI_MASK_64 + 2], 0xff, 2);
	v->msi_cap = true;
	vepc_cfg_caps(v);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	return 0;
bad:
	dev_err(v->dev, "set_msi: %u interrupts: out of range (1..32)\n",
		interrupts);
	return -EINVAL;
}

static int vepc_get_msi(struct pci_epc *epc, u8 func_no, u8 vfunc_no)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;
	unsigned int mme, mmc;
	u16 ctrl;

	if (v->calibrating)
		return v->cal_ret;
	if (func_no || vfunc_no)
		return -EINVAL;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (!v->msi_cap || !(ctrl & PCI_MSI_FLAGS_ENABLE))
		return -EINVAL;
	mmc = (ctrl & PCI_MSI_FLAGS_QMASK) >> 1;
	mme = min((ctrl & PCI_MSI_FLAGS_QSIZE) >> 4, mmc);
	return v->get_msi_nr ? 1 << mme : mme;
}

static int vepc_set_msix(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			 u16 interrupts, enum pci_barno bir, u32 offset)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;
	unsigned int nr;
	u16 ctrl;

	if (v->calibrating) {
		v->cal_arg = interrupts;
		return 0;
	}
	if (func_no || vfunc_no)
		return -EINVAL;
	nr = v->set_msix_nr ? interrupts : interrupts + 1;
	if (nr < 1 || nr > 2048) {
		dev_err(v->dev, "set_msix: %u vectors: out of range (1..2048)\n", nr);
		return -EINVAL;
	}
	if (bir < BAR_0 || bir > BAR_5) {
		dev_err(v->dev, "set_msix: BIR %d: no such BAR (0..5)\n", bir);
		return -EINVAL;
	}
	if (offset & PCI_MSIX_TABLE_BIR) {
		dev_err(v->dev, "set_msix: table offset %#x is not 8-byte aligned\n",
			offset);
		return -EINVAL;
	}
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS) & ~PCI_MSIX_FLAGS_QSIZE;
	set16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS, ctrl | (nr - 1));
	set32(v, VEPC_MSIX_CAP + PCI_MSIX_TABLE, offset | bir);
	v->msix_nr = nr;
	v->msix_bir = bir;
	v->msix_offset = offset;
	/* until vepc_msix_set_pba() places it elsewhere */
	vepc_msix_pba_default(v);
	v->msix_cap = true;
	vepc_cfg_caps(v);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	return 0;
}

static int vepc_get_msix(struct pci_epc *epc, u8 func_no, u8 vfunc_no)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;
	u16 ctrl;

	if (v->calibrating)
		return v->cal_ret;
	if (func_no || vfunc_no)
		return -EINVAL;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (!v->msix_cap || !(ctrl & PCI_MSIX_FLAGS_ENABLE))
		return -EINVAL;
	return v->get_msix_nr ? v->msix_nr : v->msix_nr - 1;
}

static int vepc_start(struct pci_epc *epc)
{
	struct vepc *v = epc_get_drvdata(epc);

	WRITE_ONCE(v->link_target, true);
	schedule_work(&v->link_work);
	return 0;
}

static void vepc_stop(struct pci_epc *epc)
{
	struct vepc *v = epc_get_drvdata(epc);

	WRITE_ONCE(v->link_target, false);
	schedule_work(&v->link_work);
}

static const struct pci_epc_features vepc_features = {
	.linkup_notifier	= true,
	.msi_capable		= true,
	.msix_capable		= true,
	.align			= SZ_4K,
};

static const struct pci_epc_features *
vepc_get_features(struct pci_epc *epc, u8 func_no, u8 vfunc_no)
{
	if (func_no || vfunc_no)
		return NULL;
	return &vepc_features;
}

static const struct pci_epc_ops vepc_epc_ops = {
	.write_header	= vepc_write_header,
	.set_bar	= vepc_set_bar,
	.clear_bar	= vepc_clear_bar,
	.map_addr	= vepc_map_addr,
	.unmap_addr	= vepc_unmap_addr,
	.set_msi	= vepc_set_msi,
	.get_msi	= vepc_get_msi,
	.set_msix	= vepc_set_msix,
	.get_msix	= vepc_get_msix,
	.raise_irq	= vepc_raise_irq,
	.start		= vepc_start,
	.stop		= vepc_stop,
	.get_features	= vepc_get_features,
};

/*
 * The EPC core's encodings of the MSI/MSI-X counts changed across kernels
 * without an API change a compile probe could see: measure them on our own
 * controller before any EPF can bind.
 */
int vepc_calibrate(struct vepc *v)
{
	int r;

	v->calibrating = true;
	v->cal_arg = -1;
	pci_epc_set_msix(v->epc, 0, 0, 2, BAR_0, 0);
	if (v->cal_arg != 1 && v->cal_arg != 2)
		goto bad;
	v->set_msix_nr = v->cal_arg == 2;
	v->cal_arg = -1;
	pci_epc_set_msi(v->epc, 0, 0, 4);
	if (v->cal_arg != 2 && v->cal_arg != 4)
		goto bad;
	v->set_msi_nr = v->cal_arg == 4;
	v->cal_ret = 2;
	r = pci_epc_get_msix(v->epc, 0, 0);
	if (r != 2 && r != 3)
		goto bad;
	v->get_msix_nr = r == 2;
	r = pci_epc_get_msi(v->epc, 0, 0);
	if (r != 2 && r != 4)
		goto bad;
	v->get_msi_nr = r == 2;
	v->calibrating = false;
	dev_dbg(v->dev, "EPC core encodings: set_msix %s, set_msi %s, get_msix %s, get_msi %s\n",
		v->set_msix_nr ? "nr" : "nr-1", v->set_msi_nr ? "nr" : "log2",
		v->get_msix_nr ? "nr" : "nr-1", v->get_msi_nr ? "nr" : "log2");
	return 0;
bad:
	v->calibrating = false;
	dev_err(v->dev, "unknown EPC core MSI/MSI-X count encoding\n");
	return -EINVAL;
}

struct vepc *vepc_from_epc(struct pci_epc *epc)
{
	if (IS_ERR_OR_NULL(epc) || epc->ops != &vepc_epc_ops)
		return NULL;
	return epc_get_drvdata(epc);
}

static void vepc_mem_exit(void *data)
{
	pci_epc_mem_exit(data);
}

/* 6.1's EPC core gives its device no release(); the core kfree()s it */
static void vepc_epc_dev_release(struct device *dev)
{
}

int vepc_epc_create(struct vepc *v)
{
	struct device *dev = v->dev;
	int ret;

	v->epc = devm_pci_epc_create(dev, &vepc_epc_ops);
	if (IS_ERR(v->epc)) {
		dev_err(dev, "cannot create the endpoint controller: %pe\n",
			v->epc);
		return PTR_ERR(v->epc);
	}
	if (!v->epc->dev.release)
		v->epc->dev.release = vepc_epc_dev_release;
	v->epc->max_functions = 1;
	epc_set_drvdata(v->epc, v);

	ret = pci_epc_mem_init(v->epc, v->ob_phys, v->ob_size, PAGE_SIZE);
	if (ret) {
		dev_err(dev, "cannot set up the outbound window %pa+%#zx: %d\n",
			&v->ob_phys, v->ob_size, ret);
		return ret;
	}
	return devm_add_action_or_reset(dev, vepc_mem_exit, v->epc);
}
