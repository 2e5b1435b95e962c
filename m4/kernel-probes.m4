dnl One UEPF_KERNEL_TRY per kernel API difference the modules meet; each
dnl defines one HAVE_* macro in epf/kconfig.h and epf/compat.h holds the
dnl shim.  The release named in each description is where the shape
dnl appeared upstream, for the reader only: the decision is the compile
dnl test.  doc/portability.md lists every probe with its result on 6.1 and
dnl 6.12 (x86 and arm64).  Probes are compiled with -Werror, so a pointer or
dnl integer type mismatch counts as "no".

dnl --- generic EPC/EPF API (vepc and uepf) ---------------------------------
UEPF_KERNEL_TRY([epc_vfunc_no], [#include <linux/pci-epc.h>
#include <linux/pci-epf.h>],
	[struct pci_epf e = { .vfunc_no = 0 };
	(void)pci_epc_write_header(NULL, 0, e.vfunc_no, NULL);],
	[HAVE_PCI_EPC_VFUNC_NO], [EPC ops take vfunc_no (5.14)])
UEPF_KERNEL_TRY([epc_irq_type_enum], [#include <linux/pci-epc.h>],
	[enum pci_epc_irq_type t = PCI_EPC_IRQ_MSIX; (void)t;],
	[HAVE_PCI_EPC_IRQ_TYPE_ENUM], [enum pci_epc_irq_type (raise_irq type before 6.8)])
UEPF_KERNEL_TRY([pci_irq_intx], [#include <linux/pci.h>],
	[unsigned int t = PCI_IRQ_INTX; (void)t;],
	[HAVE_PCI_IRQ_INTX], [PCI_IRQ_INTX (6.8)])
UEPF_KERNEL_TRY([epf_alloc_space_features], [#include <linux/pci-epf.h>
#include <linux/pci-epc.h>],
	[const struct pci_epc_features *f = NULL; (void)pci_epf_alloc_space(NULL, 0, BAR_0, f, PRIMARY_INTERFACE);],
	[HAVE_PCI_EPF_ALLOC_SPACE_FEATURES], [pci_epf_alloc_space() takes the epc_features (6.9)])
UEPF_KERNEL_TRY([epc_features_bar_array], [#include <linux/pci-epc.h>],
	[struct pci_epc_features f = { .bar@<:@0@:>@ = { .type = BAR_FIXED, .fixed_size = 0, .only_64bit = false } };
	(void)f; (void)BAR_RESERVED;],
	[HAVE_PCI_EPC_FEATURES_BAR_ARRAY], [pci_epc_features.bar@<:@@:>@ of {type, fixed_size, only_64bit} (6.9)])
UEPF_KERNEL_TRY([epf_probe_id], [#include <linux/pci-epf.h>],
	[struct pci_epf_driver d = { 0 }; int (*p)(struct pci_epf *, const struct pci_epf_device_id *) = d.probe; (void)p;],
	[HAVE_PCI_EPF_PROBE_ID], [pci_epf_driver.probe() takes the id (6.4)])

dnl --- EPC -> EPF events ---------------------------------------------------
UEPF_KERNEL_TRY([epc_notifier], [#include <linux/pci-epc.h>
#include <linux/pci-epf.h>],
	[struct pci_epf e; int ev@<:@@:>@ = { CORE_INIT, LINK_UP };
	(void)ev; (void)pci_epc_register_notifier(NULL, &e.nb);],
	[HAVE_PCI_EPC_NOTIFIER], [EPC notifier chain with CORE_INIT, LINK_UP (up to 6.3)])
UEPF_KERNEL_TRY([epc_features_core_init_notifier], [#include <linux/pci-epc.h>],
	[struct pci_epc_features f = { .core_init_notifier = 1 }; (void)f;],
	[HAVE_PCI_EPC_FEATURES_CORE_INIT_NOTIFIER], [pci_epc_features.core_init_notifier (removed in 6.11)])
UEPF_KERNEL_TRY([epc_event_ops], [#include <linux/pci-epc.h>
#include <linux/pci-epf.h>],
	[static const struct pci_epc_event_ops o = { .link_up = NULL };
	struct pci_epf e = { .event_ops = &o }; (void)e;],
	[HAVE_PCI_EPC_EVENT_OPS], [pci_epf.event_ops (6.4)])
UEPF_KERNEL_TRY([epc_event_ops_core_init], [#include <linux/pci-epf.h>],
	[struct pci_epc_event_ops o = { .core_init = NULL }; (void)o;],
	[HAVE_PCI_EPC_EVENT_OPS_CORE_INIT], [pci_epc_event_ops.core_init (6.4 to 6.10)])
UEPF_KERNEL_TRY([epc_event_ops_epc_init], [#include <linux/pci-epf.h>],
	[struct pci_epc_event_ops o = { .epc_init = NULL }; (void)o;],
	[HAVE_PCI_EPC_EVENT_OPS_EPC_INIT], [pci_epc_event_ops.epc_init (6.11)])
UEPF_KERNEL_TRY([epc_event_ops_epc_deinit], [#include <linux/pci-epf.h>],
	[struct pci_epc_event_ops o = { .epc_deinit = NULL }; (void)o;],
	[HAVE_PCI_EPC_EVENT_OPS_EPC_DEINIT], [pci_epc_event_ops.epc_deinit (6.11)])
UEPF_KERNEL_TRY([epc_event_ops_link_down], [#include <linux/pci-epf.h>],
	[struct pci_epc_event_ops o = { .link_down = NULL }; (void)o;],
	[HAVE_PCI_EPC_EVENT_OPS_LINK_DOWN], [pci_epc_event_ops.link_down (6.4)])
UEPF_KERNEL_TRY([epc_event_ops_bme], [#include <linux/pci-epf.h>],
	[struct pci_epc_event_ops o = { .bme = NULL }; (void)o;],
	[HAVE_PCI_EPC_EVENT_OPS_BME], [pci_epc_event_ops.bme (6.4 to 6.10)])
UEPF_KERNEL_TRY([epc_event_ops_bus_master_enable], [#include <linux/pci-epf.h>],
	[struct pci_epc_event_ops o = { .bus_master_enable = NULL }; (void)o;],
	[HAVE_PCI_EPC_EVENT_OPS_BUS_MASTER_ENABLE], [pci_epc_event_ops.bus_master_enable (6.11)])
UEPF_KERNEL_TRY([epc_init_complete], [#include <linux/pci-epc.h>],
	[struct pci_epc c = { .init_complete = false }; (void)c;],
	[HAVE_PCI_EPC_INIT_COMPLETE], [pci_epc.init_complete (6.11)])
UEPF_KERNEL_TRY([epc_notify_pending_init], [#include <linux/pci-epc.h>],
	[pci_epc_notify_pending_init(NULL, NULL);],
	[HAVE_PCI_EPC_NOTIFY_PENDING_INIT], [pci_epc_notify_pending_init() (6.11)])

dnl --- vepc: the controller side of the events, the host bridge -----------
UEPF_KERNEL_TRY([pci_epc_linkdown], [#include <linux/pci-epc.h>],
	[pci_epc_linkdown(NULL);],
	[HAVE_PCI_EPC_LINKDOWN], [pci_epc_linkdown() (6.4)])
UEPF_KERNEL_TRY([pci_epc_deinit_notify], [#include <linux/pci-epc.h>],
	[pci_epc_deinit_notify(NULL);],
	[HAVE_PCI_EPC_DEINIT_NOTIFY], [pci_epc_deinit_notify() (6.11)])
UEPF_KERNEL_TRY([pci_epc_bme_notify], [#include <linux/pci-epc.h>],
	[pci_epc_bme_notify(NULL);],
	[HAVE_PCI_EPC_BME_NOTIFY], [pci_epc_bme_notify() (6.4 to 6.10)])
UEPF_KERNEL_TRY([pci_epc_bus_master_enable_notify], [#include <linux/pci-epc.h>],
	[pci_epc_bus_master_enable_notify(NULL);],
	[HAVE_PCI_EPC_BUS_MASTER_ENABLE_NOTIFY], [pci_epc_bus_master_enable_notify() (6.11)])
UEPF_KERNEL_TRY([msi_flag_no_affinity], [#include <linux/msi.h>],
	[unsigned long f = MSI_FLAG_NO_AFFINITY; (void)f;],
	[HAVE_MSI_FLAG_NO_AFFINITY], [MSI_FLAG_NO_AFFINITY (6.10)])
UEPF_KERNEL_TRY([generic_handle_irq_safe], [#include <linux/irq.h>],
	[(void)generic_handle_irq_safe(0);],
	[HAVE_GENERIC_HANDLE_IRQ_SAFE], [generic_handle_irq_safe() (5.18)])
UEPF_KERNEL_TRY([pci_sysdata], [#include <linux/pci.h>],
	[struct pci_sysdata s = { .domain = 0, .node = 0 }; (void)s;],
	[HAVE_PCI_SYSDATA], [struct pci_sysdata with domain and node (x86)])

dnl --- uepf: memory mapping ------------------------------------------------
UEPF_KERNEL_TRY([vm_flags_set], [#include <linux/mm.h>],
	[vm_flags_set(NULL, VM_IO);],
	[HAVE_VM_FLAGS_SET], [vm_flags_set() (6.3)])
