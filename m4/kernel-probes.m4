dnl One UEPF_KERNEL_TRY per kernel API difference (see doc/portability.md).

dnl --- vepc (epf/vepc) ---
UEPF_KERNEL_TRY([epc_irq_type_enum], [#include <linux/pci-epc.h>],
	[enum pci_epc_irq_type t = PCI_EPC_IRQ_MSIX; (void)t;],
	[HAVE_PCI_EPC_IRQ_TYPE_ENUM], [enum pci_epc_irq_type (raise_irq type before 6.8)])
UEPF_KERNEL_TRY([pci_irq_intx], [#include <linux/pci.h>],
	[unsigned int t = PCI_IRQ_INTX; (void)t;],
	[HAVE_PCI_IRQ_INTX], [PCI_IRQ_INTX (6.8)])
UEPF_KERNEL_TRY([msi_flag_no_affinity], [#include <linux/msi.h>],
	[unsigned long f = MSI_FLAG_NO_AFFINITY; (void)f;],
	[HAVE_MSI_FLAG_NO_AFFINITY], [MSI_FLAG_NO_AFFINITY])
UEPF_KERNEL_TRY([pci_epc_linkdown], [#include <linux/pci-epc.h>],
	[pci_epc_linkdown(NULL);],
	[HAVE_PCI_EPC_LINKDOWN], [pci_epc_linkdown()])
UEPF_KERNEL_TRY([pci_epc_deinit_notify], [#include <linux/pci-epc.h>],
	[pci_epc_deinit_notify(NULL);],
	[HAVE_PCI_EPC_DEINIT_NOTIFY], [pci_epc_deinit_notify()])
UEPF_KERNEL_TRY([pci_epc_bme_notify], [#include <linux/pci-epc.h>],
	[pci_epc_bus_master_enable_notify(NULL);],
	[HAVE_PCI_EPC_BME_NOTIFY], [pci_epc_bus_master_enable_notify()])

dnl --- uepf (epf/uepf) ---
UEPF_KERNEL_TRY([epf_alloc_space_features], [#include <linux/pci-epf.h>
#include <linux/pci-epc.h>],
	[const struct pci_epc_features *f = NULL; (void)pci_epf_alloc_space(NULL, 0, BAR_0, f, PRIMARY_INTERFACE);],
	[HAVE_PCI_EPF_ALLOC_SPACE_FEATURES], [pci_epf_alloc_space() takes the epc_features (6.9)])
UEPF_KERNEL_TRY([epf_probe_id], [#include <linux/pci-epf.h>],
	[struct pci_epf_driver d = { 0 }; int (*p)(struct pci_epf *, const struct pci_epf_device_id *) = d.probe; (void)p;],
	[HAVE_PCI_EPF_PROBE_ID], [pci_epf_driver.probe() takes the id (6.4)])
UEPF_KERNEL_TRY([epc_features_bar_array], [#include <linux/pci-epc.h>],
	[struct pci_epc_features f = { 0 }; (void)f.bar[0].only_64bit;],
	[HAVE_PCI_EPC_FEATURES_BAR_ARRAY], [pci_epc_features.bar[] (6.9)])
UEPF_KERNEL_TRY([epc_event_ops], [#include <linux/pci-epc.h>
#include <linux/pci-epf.h>],
	[static const struct pci_epc_event_ops o = { .epc_init = NULL, .epc_deinit = NULL, .link_down = NULL, .bus_master_enable = NULL };
	struct pci_epf e = { .event_ops = &o }; struct pci_epc c = { .init_complete = false }; (void)e; (void)c;],
	[HAVE_PCI_EPC_EVENT_OPS], [pci_epc_event_ops with epc_init, link_down, bus_master_enable (6.12)])
UEPF_KERNEL_TRY([vm_flags_set], [#include <linux/mm.h>],
	[vm_flags_set(NULL, VM_IO);],
	[HAVE_VM_FLAGS_SET], [vm_flags_set() (6.3)])
