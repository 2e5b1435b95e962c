// SPDX-License-Identifier: GPL-2.0
/*
 * pci_epf_uepf: userspace endpoint function.
 *
 * A thin EPF driver: it allocates the BARs described in configfs, puts an
 * MSI-X table (every vector masked) and a zeroed PBA in them, programs the
 * controller (header, BARs, MSI-X capability) and hands the rest to
 * userspace through /dev/uepf/<name> (uepf-cdev.c): BAR mappings, raise,
 * Message Control state and controller events.  See uepf(4).
 *
 * uepf works on any EPC.  When the virtual EPC vepc is loaded, its optional
 * extensions (Function Mask readback, link down / reset / BME events,
 * free PBA placement) are taken with symbol_get(), never linked.
 */
#include <linux/configfs.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>

#include "../compat.h"
#include "../vepc/vepc.h"
#include "uepf.h"

static void uepf_vepc_event(void *data, enum vepc_event event, u32 arg)
{
	struct uepf_dev *udev = data;

	switch (event) {
	case VEPC_EVENT_LINK_DOWN:
		uepf_dev_event(udev, UEPF_EVENT_LINK_DOWN, 0);
		break;
	case VEPC_EVENT_LINK_UP:
		uepf_dev_event(udev, UEPF_EVENT_LINK_UP, 0);
		break;
	case VEPC_EVENT_HOST_RESET:
		uepf_dev_event(udev, UEPF_EVENT_HOST_RESET, 0);
		break;
	case VEPC_EVENT_BME:
		uepf_dev_event(udev, UEPF_EVENT_BME, !!arg);
		break;
	}
}

/* Take what vepc offers for this controller; nothing when it is absent. */
static void uepf_vepc_get(struct uepf_dev *udev, struct pci_epc *epc, u8 func)
{
	int (*masked)(struct pci_epc *epc, u8 func_no);
	int (*reg)(struct pci_epc *epc, vepc_event_fn fn, void *data);
	void (*unreg)(struct pci_epc *epc);
	int (*set_pba)(struct pci_epc *epc, u8 func_no, int bar, u32 offset);

	/*
	 * PBA placement apart from the table, if this controller offers it
	 * (the query, bar < 0, changes nothing).  Without it the PBA follows
	 * pci_epc_set_msix()'s convention, right after the table.
	 */
	set_pba = symbol_get(vepc_msix_set_pba);
	if (set_pba) {
		if (!set_pba(epc, func, -1, 0))
			udev->vepc.set_pba = set_pba;
		else
			symbol_put(vepc_msix_set_pba);
	}

	masked = symbol_get(vepc_msix_function_masked);
	if (masked) {
		if (masked(epc, func) >= 0)
			udev->vepc.func_masked = masked;
		else
			symbol_put(vepc_msix_function_masked);
	}

	reg = symbol_get(vepc_event_register);
	if (!reg)
		return;
	unreg = symbol_get(vepc_event_unregister);
	if (unreg && !reg(epc, uepf_vepc_event, udev)) {
		udev->vepc.unregister = unreg;
		udev->vepc.events = true;
	} else if (unreg) {
		symbol_put(vepc_event_unregister);
	}
	symbol_put(vepc_event_register);
}

static void uepf_vepc_put(struct uepf_dev *udev)
{
	if (udev->vepc.unregister) {
		udev->vepc.unregister(udev->epc);
		symbol_put(vepc_event_unregister);
		udev->vepc.unregister = NULL;
	}
	if (udev->vepc.func_masked) {
		symbol_put(vepc_msix_function_masked);
		udev->vepc.func_masked = NULL;
	}
	if (udev->vepc.set_pba) {
		symbol_put(vepc_msix_set_pba);
		udev->vepc.set_pba = NULL;
	}
}

/* Reset state of the MSI-X structures: every vector masked, PBA clear. */
static void uepf_msix_reset(struct uepf_dev *udev)
{
	const struct uepf_layout *lay = &udev->lay;
	void *table = udev->bar_addr[lay->table_bar] + lay->table_offset;
	void *pba = udev->bar_addr[lay->pba_bar] + lay->pba_offset;
	int v;

	for (v = 0; v < lay->vectors; v++) {
		void *e = table + v * PCI_MSIX_ENTRY_SIZE;

		WRITE_ONCE(*(u32 *)(e + PCI_MSIX_ENTRY_LOWER_ADDR), 0);
		WRITE_ONCE(*(u32 *)(e + PCI_MSIX_ENTRY_UPPER_ADDR), 0);
		WRITE_ONCE(*(u32 *)(e + PCI_MSIX_ENTRY_DATA), 0);
		WRITE_ONCE(*(u32 *)(e + PCI_MSIX_ENTRY_VECTOR_CTRL),
			   PCI_MSIX_ENTRY_CTRL_MASKBIT);
	}
	memset(pba, 0, uepf_pba_size(lay->vectors));
	wmb(); /* the host must never see an unmasked stale entry */
}

static void uepf_free_bars(struct pci_epf *epf, struct uepf_dev *udev)
{
	int i;

	for (i = PCI_STD_NUM_BARS - 1; i >= 0; i--) {
		if (!udev->bar_addr[i])
			continue;
		pci_epf_free_space(epf, udev->bar_addr[i], i,
				   PRIMARY_INTERFACE);
		udev->bar_addr[i] = NULL;
	}
}

static int uepf_alloc_bars(struct pci_epf *epf, struct uepf_dev *udev,
			   const struct pci_epc_features *feat)
{
	struct uepf_layout *lay = &udev->lay;
	int i;

	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		if (!lay->bar_size[i])
			continue;
		udev->bar_addr[i] = uepf_epf_alloc_space(epf, lay->bar_size[i],
							 i, feat);
		if (!udev->bar_addr[i]) {
			dev_err(&epf->dev, "BAR%d: cannot allocate 0x%llx bytes\n",
				i, lay->bar_size[i]);
			uepf_free_bars(epf, udev);
			return -ENOMEM;
		}
		/* The allocator may round up (alignment, power of two). */
		lay->bar_size[i] = epf->bar[i].size;
		udev->bar_phys[i] = epf->bar[i].phys_addr;
		epf->bar[i].flags |= lay->bar_flags[i];
		memset(udev->bar_addr[i], 0, lay->bar_size[i]);
	}
	return 0;
}

static void uepf_clear_bars(struct pci_epf *epf, struct uepf_dev *udev)
{
	int i;

	for (i = PCI_STD_NUM_BARS - 1; i >= 0; i--) {
		if (!udev->bar_set[i])
			continue;
		pci_epc_clear_bar(epf->epc, epf->func_no, epf->vfunc_no,
				  &epf->bar[i]);
		udev->bar_set[i] = false;
	}
}

/* Program the controller: header, BARs, MSI and MSI-X capabilities. */
static int uepf_core_init(struct pci_epf *epf, struct uepf_dev *udev)
{
	struct pci_epc *epc = epf->epc;
	struct device *dev = &epf->dev;
	const struct uepf_layout *lay = &udev->lay;
	int i, ret;

	if (epf->vfunc_no <= 1) {
		ret = pci_epc_write_header(epc, epf->func_no, epf->vfunc_no,
					   epf->header);
		if (ret) {
			dev_err(dev, "%s: header write failed: %d\n",
				dev_name(&epc->dev), ret);
			return ret;
		}
	}
	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		if (!udev->bar_addr[i] || udev->bar_set[i])
			continue;
		ret = pci_epc_set_bar(epc, epf->func_no, epf->vfunc_no,
				      &epf->bar[i]);
		if (ret) {
			dev_err(dev, "%s: BAR%d (0x%llx bytes, flags 0x%x) refused: %d\n",
				dev_name(&epc->dev), i, lay->bar_size[i],
				epf->bar[i].flags, ret);
			goto err;
		}
		udev->bar_set[i] = true;
	}
	if (udev->msi_vectors) {
		ret = pci_epc_set_msi(epc, epf->func_no, epf->vfunc_no,
				      udev->msi_vectors);
		if (ret) {
			dev_err(dev, "%s: MSI (%u messages) refused: %d\n",
				dev_name(&epc->dev), udev->msi_vectors, ret);
			goto err;
		}
	}
	ret = pci_epc_set_msix(epc, epf->func_no, epf->vfunc_no, lay->vectors,
			       lay->table_bar, lay->table_offset);
	if (ret) {
		dev_err(dev, "%s: MSI-X (%u vectors, table BAR%d+0x%x) refused: %d\n",
			dev_name(&epc->dev), lay->vectors, lay->table_bar,
			lay->table_offset, ret);
		goto err;
	}
	if (udev->vepc.set_pba) {
		ret = udev->vepc.set_pba(epc, epf->func_no, lay->pba_bar,
					 lay->pba_offset);
		if (ret) {
			dev_err(dev, "%s: PBA at BAR%d+0x%x refused: %d\n",
				dev_name(&epc->dev), lay->pba_bar,
				lay->pba_offset, ret);
			goto err;
		}
	}
	udev->core_ready = true;
	return 0;
err:
	uepf_clear_bars(epf, udev);
	return ret;
}

static void uepf_core_init_work(struct work_struct *work)
{
	struct uepf_fn *fn = container_of(work, struct uepf_fn, core_init_work);
	int ret;

	mutex_lock(&fn->lock);
	if (fn->dev) {
		ret = uepf_core_init(fn->epf, fn->dev);
		if (!ret)
			uepf_dev_event(fn->dev, UEPF_EVENT_CORE_INIT, 0);
	}
	mutex_unlock(&fn->lock);
}

#ifdef HAVE_PCI_EPC_EVENT_OPS
/* EPC events through pci_epf.event_ops (process context). */
static struct uepf_dev *uepf_ev_dev(struct pci_epf *epf)
{
	struct uepf_fn *fn = epf_get_drvdata(epf);

	return READ_ONCE(fn->dev);
}

static int uepf_ev_epc_init(struct pci_epf *epf)
{
	struct uepf_fn *fn = epf_get_drvdata(epf);

	schedule_work(&fn->core_init_work);
	return 0;
}

static __maybe_unused void uepf_ev_epc_deinit(struct pci_epf *epf)
{
	struct uepf_dev *udev = uepf_ev_dev(epf);

	if (udev)
		udev->core_ready = false;
}

/* vepc reports link and BME changes through its own event hook. */
static int uepf_ev_link_up(struct pci_epf *epf)
{
	struct uepf_dev *udev = uepf_ev_dev(epf);

	if (udev && !udev->vepc.events)
		uepf_dev_event(udev, UEPF_EVENT_LINK_UP, 0);
	return 0;
}

static __maybe_unused int uepf_ev_link_down(struct pci_epf *epf)
{
	struct uepf_dev *udev = uepf_ev_dev(epf);

	if (udev && !udev->vepc.events)
		uepf_dev_event(udev, UEPF_EVENT_LINK_DOWN, 0);
	return 0;
}

static __maybe_unused int uepf_ev_bme(struct pci_epf *epf)
{
	struct uepf_dev *udev = uepf_ev_dev(epf);

	if (udev && !udev->vepc.events)
		uepf_dev_event(udev, UEPF_EVENT_BME, 1);
	return 0;
}

/* member names and presence differ across kernels: see compat.h */
static const struct pci_epc_event_ops uepf_event_ops = {
	.UEPF_EVOPS_INIT	= uepf_ev_epc_init,
#ifdef UEPF_EVOPS_DEINIT
	.UEPF_EVOPS_DEINIT	= uepf_ev_epc_deinit,
#endif
	.link_up		= uepf_ev_link_up,
#ifdef UEPF_EVOPS_LINK_DOWN
	.UEPF_EVOPS_LINK_DOWN	= uepf_ev_link_down,
#endif
#ifdef UEPF_EVOPS_BME
	.UEPF_EVOPS_BME		= uepf_ev_bme,
#endif
};

static void uepf_events_start(struct pci_epf *epf)
{
}

static void uepf_events_stop(struct pci_epf *epf)
{
}
#else
/* EPC notifier chain (atomic context). */
static int uepf_notifier(struct notifier_block *nb, unsigned long val,
			 void *data)
{
	struct pci_epf *epf = container_of(nb, struct pci_epf, nb);
	struct uepf_fn *fn = epf_get_drvdata(epf);
	struct uepf_dev *udev = READ_ONCE(fn->dev);

	if (!udev)
		return NOTIFY_DONE;
	switch (val) {
	case CORE_INIT:
		schedule_work(&fn->core_init_work);
		break;
	case LINK_UP:
		/* vepc reports link up through its own event hook. */
		if (!udev->vepc.events)
			uepf_dev_event(udev, UEPF_EVENT_LINK_UP, 0);
		break;
	default:
		return NOTIFY_DONE;
	}
	return NOTIFY_OK;
}

static void uepf_events_start(struct pci_epf *epf)
{
	epf->nb.notifier_call = uepf_notifier;
	pci_epc_register_notifier(epf->epc, &epf->nb);
}

static void uepf_events_stop(struct pci_epf *epf)
{
	atomic_notifier_chain_unregister(&epf->epc->notifier, &epf->nb);
}
#endif

static const char *uepf_fn_name(struct pci_epf *epf)
{
	if (epf->group)
		return config_item_name(&epf->group->cg_item);
	return dev_name(&epf->dev);
}

static int uepf_bind(struct pci_epf *epf)
{
	struct uepf_fn *fn = epf_get_drvdata(epf);
	const struct pci_epc_features *feat;
	struct pci_epc *epc = epf->epc;
	struct device *dev = &epf->dev;
	struct uepf_dev *udev;
	const char *name = uepf_fn_name(epf);
	int ret;

	if (!epc)
		return -EINVAL;
	feat = pci_epc_get_features(epc, epf->func_no, epf->vfunc_no);
	if (!feat) {
		dev_err(dev, "%s: controller %s reports no features\n", name,
			dev_name(&epc->dev));
		return -EOPNOTSUPP;
	}
	if (!feat->msix_capable) {
		dev_err(dev, "%s: controller %s has no MSI-X (msix_capable=0); uepf needs it\n",
			name, dev_name(&epc->dev));
		return -EOPNOTSUPP;
	}
	if (fn->header.vendorid == 0xffff) {
		dev_err(dev, "%s: vendorid=0xffff is not a vendor ID: set vendorid before binding\n",
			name);
		return -EINVAL;
	}
	if (strlen(name) >= UEPF_NAME_LEN) {
		dev_err(dev, "%s: function name longer than %d characters\n",
			name, UEPF_NAME_LEN - 1);
		return -ENAMETOOLONG;
	}

	if (epf->msi_interrupts > 32) {
		dev_err(dev, "%s: msi_interrupts=%u: MSI offers 0..32 messages\n",
			name, epf->msi_interrupts);
		return -EINVAL;
	}
	if (epf->msi_interrupts && !feat->msi_capable)
		dev_info(dev, "%s: controller %s has no MSI (msi_capable=0): msi_interrupts=%u ignored\n",
			 name, dev_name(&epc->dev), epf->msi_interrupts);

	udev = uepf_dev_alloc(name);
	if (!udev)
		return -ENOMEM;
	if (feat->msi_capable)
		udev->msi_vectors = epf->msi_interrupts;
	udev->epc = epc;
	udev->epf = epf;
	udev->dma_dev = epc->dev.parent;
	udev->epc_align = feat->align;
	uepf_vepc_get(udev, epc, epf->func_no);

	mutex_lock(&fn->lock);
	ret = uepf_layout_resolve(dev, &fn->cfg, feat, !!udev->vepc.set_pba,
				  &udev->lay);
	if (ret)
		goto err_unlock;
	udev->features = UEPF_FEAT_MSIX |
		(feat->msi_capable ? UEPF_FEAT_MSI : 0) |
		(feat->linkup_notifier ? UEPF_FEAT_LINKUP_NOTIFIER : 0) |
		(uepf_epc_init_deferred(epc, feat) ?
		 UEPF_FEAT_CORE_INIT_NOTIFIER : 0) |
		(udev->vepc.func_masked ? UEPF_FEAT_FUNC_MASK_READABLE : 0) |
		(udev->vepc.events ? UEPF_FEAT_EXT_EVENTS : 0) |
		UEPF_FEAT_RAISE_COUNTS;
	epf->msix_interrupts = udev->lay.vectors;
	/* freed with udev: open files may read it until they close */
	udev->raise_count = kcalloc(udev->lay.vectors,
				    sizeof(*udev->raise_count), GFP_KERNEL);
	if (!udev->raise_count) {
		ret = -ENOMEM;
		goto err_unlock;
	}

	ret = uepf_alloc_bars(epf, udev, feat);
	if (ret)
		goto err_unlock;
	uepf_msix_reset(udev);
	if (!uepf_epc_init_deferred(epc, feat)) {
		ret = uepf_core_init(epf, udev);
		if (ret)
			goto err_free;
	}
	ret = uepf_dev_register(udev);
	if (ret) {
		dev_err(dev, "%s: cannot create /dev/%s: %d\n", name,
			udev->nodename, ret);
		goto err_clear;
	}
	WRITE_ONCE(fn->dev, udev);
	mutex_unlock(&fn->lock);

	uepf_events_start(epf);
	dev_info(dev, "%s: bound to %s, %u MSI-X vectors, %u MSI, table BAR%d+0x%x, PBA BAR%d+0x%x, /dev/%s\n",
		 name, dev_name(&epc->dev), udev->lay.vectors,
		 udev->msi_vectors,
		 udev->lay.table_bar, udev->lay.table_offset,
		 udev->lay.pba_bar, udev->lay.pba_offset, udev->nodename);
	return 0;

err_clear:
	uepf_clear_bars(epf, udev);
err_free:
	uepf_free_bars(epf, udev);
err_unlock:
	mutex_unlock(&fn->lock);
	uepf_vepc_put(udev);
	uepf_dev_put(udev);
	return ret;
}

static void uepf_unbind(struct pci_epf *epf)
{
	struct uepf_fn *fn = epf_get_drvdata(epf);
	struct uepf_dev *udev = fn->dev;

	if (!udev)
		return;
	uepf_events_stop(epf);
	if (udev->vepc.unregister) {
		udev->vepc.unregister(udev->epc);
		symbol_put(vepc_event_unregister);
		udev->vepc.unregister = NULL;
	}
	cancel_work_sync(&fn->core_init_work);

	/* No opener can reach the BARs or the EPC after this. */
	uepf_dev_kill(udev);

	mutex_lock(&fn->lock);
	WRITE_ONCE(fn->dev, NULL);
	uepf_clear_bars(epf, udev);
	uepf_free_bars(epf, udev);
	mutex_unlock(&fn->lock);

	uepf_vepc_put(udev);
	dev_info(&epf->dev, "%s: unbound\n", udev->name);
	uepf_dev_put(udev);
}

static UEPF_EPF_PROBE(uepf_probe, epf)
{
	struct uepf_fn *fn;

	fn = devm_kzalloc(&epf->dev, sizeof(*fn), GFP_KERNEL);
	if (!fn)
		return -ENOMEM;
	fn->epf = epf;
	mutex_init(&fn->lock);
	uepf_cfg_init(&fn->cfg);
	INIT_WORK(&fn->core_init_work, uepf_core_init_work);
	fn->header.vendorid = PCI_ANY_ID;
	fn->header.deviceid = PCI_ANY_ID;
	fn->header.baseclass_code = PCI_CLASS_OTHERS;
	fn->header.interrupt_pin = PCI_INTERRUPT_UNKNOWN;
	epf->header = &fn->header;
#ifdef HAVE_PCI_EPC_EVENT_OPS
	epf->event_ops = &uepf_event_ops;
#endif
	epf_set_drvdata(epf, fn);
	return 0;
}

static const struct pci_epf_device_id uepf_ids[] = {
	{ .name = "pci_epf_uepf" },
	{},
};

static struct pci_epf_ops uepf_ops = {
	.bind		= uepf_bind,
	.unbind		= uepf_unbind,
	.add_cfs	= uepf_add_cfs,
};

static struct pci_epf_driver uepf_driver = {
	.driver.name	= "pci_epf_uepf",
	.probe		= uepf_probe,
	.id_table	= uepf_ids,
	.ops		= &uepf_ops,
	.owner		= THIS_MODULE,
};

static int __init uepf_init(void)
{
	return pci_epf_register_driver(&uepf_driver);
}
module_init(uepf_init);

static void __exit uepf_exit(void)
{
	pci_epf_unregister_driver(&uepf_driver);
}
module_exit(uepf_exit);

MODULE_DESCRIPTION("uepf: userspace PCI endpoint function with MSI-X");
MODULE_LICENSE("GPL");
