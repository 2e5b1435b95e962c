// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - the reserved window in the resource tree.
 *
 * Each controller's share of the window (memmap=16M$0x1e000000) is a
 * slice "vepc.N" holding "vepc.N BARs", the BAR pool and bridge memory
 * window, and "vepc.N outbound", the pci_epc_mem window.
 */

#include <linux/device.h>
#include <linux/ioport.h>
#include <linux/kernel.h>

#include "vepc-internal.h"

static void vepc_release_window(void *data)
{
	struct vepc *v = data;

	release_resource(&v->ob_res);
	release_resource(&v->mem_res);
	release_resource(&v->slice_res);
}

/*
 * Put the window in the resource tree, not busy, like a host bridge window:
 * the BARs claimed by the PCI core nest in "vepc.N BARs" and the host
 * driver's pci_request_regions() nests in the BARs.
 *
 * insert_resource() puts a new resource inside one that is strictly larger,
 * but makes it the parent of one with the same range.  With count=1 the
 * slice is exactly the firmware's "Reserved" entry for memmap=16M$0x1e000000:
 * it would adopt that entry, "vepc.N BARs" would then conflict with it, and
 * releasing the slice would take the firmware's entry out of the tree.  So a
 * slice that adopted anything gives it back: it goes inside a single
 * non-busy resource of the same range, and anything else is a conflict.
 */
static int vepc_insert_window(struct vepc *v)
{
	struct resource *parent = &iomem_resource;
	struct resource *child;
	bool same;
	int ret;

	for (;;) {
		ret = insert_resource(parent, &v->slice_res);
		if (ret) {
			dev_err(v->dev, "window %pR crosses another resource (see /proc/iomem): %d\n",
				&v->slice_res, ret);
			return ret;
		}
		child = v->slice_res.child;
		if (!child)
			return 0;
		same = !child->sibling && !(child->flags & IORESOURCE_BUSY) &&
		       child->start == v->slice_res.start &&
		       child->end == v->slice_res.end;
		/* give back what insert_resource() made our children */
		remove_resource(&v->slice_res);
		v->slice_res.child = NULL;
		if (!same) {
			dev_err(v->dev, "window %pR is in use: %s %pR is in it (see /proc/iomem): %d\n",
				&v->slice_res, child->name, child, -EBUSY);
			return -EBUSY;
		}
		parent = child;
	}
}

int vepc_claim_window(struct vepc *v, phys_addr_t phys, size_t size)
{
	int ret;

	v->slice_res = (struct resource)DEFINE_RES_MEM_NAMED(phys, size,
							     dev_name(v->dev));
	snprintf(v->mem_name, sizeof(v->mem_name), "%s BARs", dev_name(v->dev));
	v->mem_res = (struct resource)DEFINE_RES_MEM_NAMED(v->pool_phys,
							   v->pool_size,
							   v->mem_name);
	snprintf(v->ob_name, sizeof(v->ob_name), "%s outbound", dev_name(v->dev));
	v->ob_res = (struct resource)DEFINE_RES_MEM_NAMED(v->ob_phys, v->ob_size,
							  v->ob_name);
	ret = vepc_insert_window(v);
	if (ret)
		return ret;
	/* children of a leaf resource we own: they cannot conflict */
	ret = request_resource(&v->slice_res, &v->mem_res);
	if (ret) {
		dev_err(v->dev, "cannot claim %pR in %pR: %d\n", &v->mem_res,
			&v->slice_res, ret);
		release_resource(&v->slice_res);
		return ret;
	}
	ret = request_resource(&v->slice_res, &v->ob_res);
	if (ret) {
		dev_err(v->dev, "cannot claim %pR in %pR: %d\n", &v->ob_res,
			&v->slice_res, ret);
		release_resource(&v->mem_res);
		release_resource(&v->slice_res);
		return ret;
	}
	return devm_add_action_or_reset(v->dev, vepc_release_window, v);
}
