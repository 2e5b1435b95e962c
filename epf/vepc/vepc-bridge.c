// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - the loopback host bridge.
 *
 * Modelled on drivers/pci/controller/vmd.c: a root bus in PCI domain
 * 0x10000 + N with its own pci_ops, whose one device 00:00.0 is what the
 * endpoint function presents (vepc-cfg.c).  Its memory window is the BAR
 * pool, and the BARs are fixed by "firmware": they are claimed, never
 * assigned, so the host's BAR address is the EPF's DMA handle.
 */

#include <linux/list.h>
#include <linux/pci.h>

#include "vepc-internal.h"

static struct vepc *vepc_from_bus(struct pci_bus *bus)
{
	return container_of(bus->sysdata, struct vepc, sysdata);
}

static int vepc_pci_read(struct pci_bus *bus, unsigned int devfn, int where,
			 int size, u32 *val)
{
	struct vepc *v = vepc_from_bus(bus);
	unsigned long flags;
	u32 res;

	if (bus->number || devfn || where < 0 || where + size > VEPC_CFG_SIZE) {
		*val = ~0;
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	if (!v->link_up) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		*val = ~0;
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	res = vepc_cfg_read(v, where, size);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	*val = res;
	return PCIBIOS_SUCCESSFUL;
}

static int vepc_pci_write(struct pci_bus *bus, unsigned int devfn, int where,
			  int size, u32 val)
{
	struct vepc *v = vepc_from_bus(bus);
	unsigned long flags;
	u16 old_cmd, new_cmd;

	if (bus->number || devfn || where < 0 || where + size > VEPC_CFG_SIZE)
		return PCIBIOS_DEVICE_NOT_FOUND;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	if (!v->link_up) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	old_cmd = cfg16(v, PCI_COMMAND);
	vepc_cfg_write(v, where, size, val);
	new_cmd = cfg16(v, PCI_COMMAND);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);

	if ((old_cmd ^ new_cmd) & PCI_COMMAND_MASTER) {
		/* the generic notifier sleeps: it is sent from event_work */
		vepc_queue_event(v, VEPC_EVENT_BME,
				 !!(new_cmd & PCI_COMMAND_MASTER));
	}
	return PCIBIOS_SUCCESSFUL;
}

static struct pci_ops vepc_pci_ops = {
	.read	= vepc_pci_read,
	.write	= vepc_pci_write,
};

void vepc_host_scan(struct vepc *v)
{
	pci_lock_rescan_remove();
	pci_scan_child_bus(v->bus);
	/* firmware-fixed BARs: claim, never assign */
	pci_bus_claim_resources(v->bus);
	pci_bus_add_devices(v->bus);
	pci_unlock_rescan_remove();
}

void vepc_host_remove(struct vepc *v)
{
	struct pci_dev *pdev, *tmp;

	pci_lock_rescan_remove();
	list_for_each_entry_safe(pdev, tmp, &v->bus->devices, bus_list)
		pci_stop_and_remove_bus_device(pdev);
	pci_unlock_rescan_remove();
}

static void vepc_remove_bus(void *data)
{
	struct vepc *v = data;

	pci_lock_rescan_remove();
	pci_stop_root_bus(v->bus);
	pci_remove_root_bus(v->bus);
	pci_unlock_rescan_remove();
}

int vepc_create_bus(struct vepc *v)
{
	LIST_HEAD(resources);

	v->sysdata.domain = VEPC_DOMAIN_BASE + v->id;
	v->sysdata.node = NUMA_NO_NODE;
	v->busn_res = (struct resource) {
		.name	= "vepc bus",
		.start	= 0,
		.end	= 0,
		.flags	= IORESOURCE_BUS | IORESOURCE_PCI_FIXED,
	};
	pci_add_resource(&resources, &v->busn_res);
	pci_add_resource(&resources, &v->mem_res);
	v->bus = pci_create_root_bus(v->dev, 0, &vepc_pci_ops, &v->sysdata,
				     &resources);
	if (!v->bus) {
		pci_free_resource_list(&resources);
		dev_err(v->dev, "cannot create PCI root bus %04x:00\n",
			v->sysdata.domain);
		return -ENODEV;
	}
	dev_set_msi_domain(&v->bus->dev, v->irq_domain);
	return devm_add_action_or_reset(v->dev, vepc_remove_bus, v);
}
