// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - virtual PCI endpoint controller with a loopback host bridge.
 *
 * Each instance is a platform device "vepc.N" that is at the same time:
 *  - an endpoint controller (struct pci_epc) that endpoint function drivers
 *    bind to through configfs, exactly like a DesignWare controller, and
 *  - a host bridge (own pci_ops, PCI domain 0x10000 + N, modelled on
 *    drivers/pci/controller/vmd.c) whose single device 00:00.0 is what the
 *    endpoint function presents: the header it wrote, its BARs, and MSI and
 *    MSI-X capabilities.
 *
 * BAR memory is one copy: the EPF allocates it with dma_alloc_coherent() on
 * our platform device, whose dma_map_ops hand out naturally aligned chunks of
 * a reserved physical window (memmap=16M$0x1e000000); the host side's BARs
 * are claimed at the same physical addresses, so a host access and an EPF
 * access hit the same bytes.
 *
 * Interrupts: the bridge owns a PCI/MSI irq domain.  Its irq_chip composes a
 * fixed doorbell address and the Linux irq number as data.  raise_irq reads
 * what the host wrote (the MSI-X table entry in BAR memory, or the MSI
 * capability), refuses what a DesignWare controller would refuse, and hands
 * the message to generic_handle_irq_safe().
 *
 * This file holds the module parameters, the platform driver and module
 * init/exit; vepc-internal.h lists the other files, one concern each.
 */

#include <linux/bitmap.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci-epc.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "vepc-internal.h"

static unsigned long window_base = 0x1e000000;
module_param(window_base, ulong, 0444);
MODULE_PARM_DESC(window_base,
		 "physical base of the reserved window (default 0x1e000000, boot with memmap=16M$0x1e000000)");

static unsigned long window_size = SZ_16M;
module_param(window_size, ulong, 0444);
MODULE_PARM_DESC(window_size, "size of the reserved window (default 16 MiB)");

static unsigned int count = 1;
module_param(count, uint, 0444);
MODULE_PARM_DESC(count, "number of controllers vepc.0 .. vepc.N-1 (1..8, default 1)");

bool vepc_pba_placement = true;
module_param_named(pba_placement, vepc_pba_placement, bool, 0444);
MODULE_PARM_DESC(pba_placement,
		 "offer vepc_msix_set_pba() (default Y); N models DesignWare and Cadence: the PBA always follows the table");

static struct platform_device *vepc_pdevs[VEPC_MAX_COUNT];
static int vepc_probe_err[VEPC_MAX_COUNT];

static void vepc_teardown(void *data)
{
	struct vepc *v = data;

	vepc_debugfs_remove(v);
	WRITE_ONCE(v->dying, true);
	WRITE_ONCE(v->link_target, false);
	cancel_work_sync(&v->link_work);
	/* take the host device away before the bridge goes */
	vepc_link_work(&v->link_work);
	cancel_work_sync(&v->event_work);
}

static int __vepc_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	phys_addr_t slice_phys;
	size_t slice;
	struct vepc *v;
	int ret;

	v = devm_kzalloc(dev, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	v->dev = dev;
	v->id = pdev->id;
	raw_spin_lock_init(&v->cfg_lock);
	raw_spin_lock_init(&v->ev_lock);
	spin_lock_init(&v->pool_lock);
	mutex_init(&v->link_lock);
	mutex_init(&v->cb_lock);
	INIT_KFIFO(v->events);
	INIT_WORK(&v->link_work, vepc_link_work);
	INIT_WORK(&v->event_work, vepc_event_work);
	vepc_cfg_init(v);
	platform_set_drvdata(pdev, v);

	slice = rounddown(window_size / count, PAGE_SIZE);
	slice_phys = window_base + (phys_addr_t)slice * v->id;
	v->pool_phys = slice_phys;
	v->pool_size = rounddown(slice / 4 * 3, PAGE_SIZE);
	v->ob_phys = slice_phys + v->pool_size;
	v->ob_size = slice - v->pool_size;
	v->pool_pages = v->pool_size >> PAGE_SHIFT;

	ret = vepc_claim_window(v, slice_phys, slice);
	if (ret)
		return ret;
	v->pool_virt = devm_ioremap(dev, v->pool_phys, v->pool_size);
	if (!v->pool_virt) {
		dev_err(dev, "cannot map the BAR window %pa+%#zx\n",
			&v->pool_phys, v->pool_size);
		return -ENOMEM;
	}
	v->pool_map = devm_bitmap_zalloc(dev, v->pool_pages, GFP_KERNEL);
	if (!v->pool_map)
		return -ENOMEM;

	ret = vepc_dma_init(v);
	if (ret)
		return ret;
	ret = vepc_epc_create(v);
	if (ret)
		return ret;
	ret = vepc_calibrate(v);
	if (ret)
		return ret;
	ret = vepc_create_domain(v);
	if (ret)
		return ret;
	ret = vepc_create_bus(v);
	if (ret)
		return ret;
	vepc_debugfs_add(v);
	ret = devm_add_action_or_reset(dev, vepc_teardown, v);
	if (ret)
		return ret;

	/* the core is ready: on kernels with epc_init events this starts EPFs */
	pci_epc_init_notify(v->epc);

	dev_info(dev, "endpoint controller; host bridge %04x:00, BAR window %pa+%#zx, outbound %pa+%#zx\n",
		 v->sysdata.domain, &v->pool_phys, v->pool_size, &v->ob_phys,
		 v->ob_size);
	return 0;
}

static int vepc_probe(struct platform_device *pdev)
{
	int ret = __vepc_probe(pdev);

	/* the cause is logged above; this names the value in every case */
	if (ret)
		dev_err(&pdev->dev, "probe failed: %pe\n", ERR_PTR(ret));
	if (pdev->id >= 0 && pdev->id < VEPC_MAX_COUNT)
		vepc_probe_err[pdev->id] = ret;
	return ret;
}

static struct platform_driver vepc_driver = {
	.probe	= vepc_probe,
	.driver	= {
		.name			= "vepc",
		.suppress_bind_attrs	= true,
	},
};

static int vepc_check_params(void)
{
	unsigned long slice;

	if (count < 1 || count > VEPC_MAX_COUNT) {
		pr_err("vepc: count=%u: must be 1..%d\n", count, VEPC_MAX_COUNT);
		return -EINVAL;
	}
	if (!window_base || !PAGE_ALIGNED(window_base) ||
	    !PAGE_ALIGNED(window_size)) {
		pr_err("vepc: window_base=%#lx window_size=%#lx: both must be page aligned, base non-zero\n",
		       window_base, window_size);
		return -EINVAL;
	}
	if (window_base + window_size < window_base) {
		pr_err("vepc: window_base=%#lx + window_size=%#lx overflows\n",
		       window_base, window_size);
		return -EINVAL;
	}
	slice = window_size / count;
	if (slice < VEPC_MIN_SLICE) {
		pr_err("vepc: window_size=%#lx gives %#lx per controller (count=%u): need at least %#x\n",
		       window_size, slice, count, VEPC_MIN_SLICE);
		return -EINVAL;
	}
	if (region_intersects(window_base, window_size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("vepc: window %#lx+%#lx overlaps System RAM: reserve it on the kernel command line, e.g. memmap=%luM$%#lx\n",
		       window_base, window_size, window_size >> 20, window_base);
		return -EINVAL;
	}
	return 0;
}

static void vepc_unregister_devices(void)
{
	int i;

	for (i = VEPC_MAX_COUNT - 1; i >= 0; i--) {
		if (vepc_pdevs[i])
			platform_device_unregister(vepc_pdevs[i]);
		vepc_pdevs[i] = NULL;
	}
}

static int __init vepc_init(void)
{
	unsigned int i;
	int ret;

	ret = vepc_check_params();
	if (ret)
		return ret;
	vepc_debugfs_init();
	ret = platform_driver_register(&vepc_driver);
	if (ret)
		goto err_dbg;
	for (i = 0; i < count; i++) {
		struct platform_device *pdev;

		pdev = platform_device_register_simple("vepc", i, NULL, 0);
		if (IS_ERR(pdev)) {
			ret = PTR_ERR(pdev);
			pr_err("vepc: cannot register vepc.%u: %d\n", i, ret);
			goto err_devs;
		}
		vepc_pdevs[i] = pdev;
		if (!pdev->dev.driver) {
			ret = vepc_probe_err[i] ? vepc_probe_err[i] : -ENODEV;
			pr_err("vepc: vepc.%u did not start: %d (see above)\n",
			       i, ret);
			goto err_devs;
		}
	}
	return 0;

err_devs:
	vepc_unregister_devices();
	platform_driver_unregister(&vepc_driver);
err_dbg:
	vepc_debugfs_exit();
	return ret;
}
module_init(vepc_init);

static void __exit vepc_exit(void)
{
	vepc_unregister_devices();
	platform_driver_unregister(&vepc_driver);
	vepc_debugfs_exit();
}
module_exit(vepc_exit);

MODULE_DESCRIPTION("Virtual PCI endpoint controller with a loopback host bridge");
MODULE_LICENSE("GPL");
