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
