/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version shims for the modules under epf/ and tests/host-driver.
 * Every decision is taken on a HAVE_* macro that configure probed against
 * the --with-linux tree (m4/kernel-probes.m4), never on a version number.
 * Owners append their own section; keep sections independent.
 */
#ifndef _UEPF_COMPAT_H
#define _UEPF_COMPAT_H

#include "kconfig.h"

/* --- vepc ------------------------------------------------------------- */
#include <linux/pci.h>
#include <linux/pci-epc.h>

/* raise_irq type: an enum up to 6.7, unsigned int with PCI_IRQ_* since 6.8. */
#ifdef HAVE_PCI_EPC_IRQ_TYPE_ENUM
#define vepc_irq_type_t enum pci_epc_irq_type
#define VEPC_IRQ_INTX	PCI_EPC_IRQ_LEGACY
#define VEPC_IRQ_MSI	PCI_EPC_IRQ_MSI
#define VEPC_IRQ_MSIX	PCI_EPC_IRQ_MSIX
#else
#define vepc_irq_type_t unsigned int
#ifdef HAVE_PCI_IRQ_INTX
#define VEPC_IRQ_INTX	PCI_IRQ_INTX
#else
#define VEPC_IRQ_INTX	PCI_IRQ_LEGACY
#endif
#define VEPC_IRQ_MSI	PCI_IRQ_MSI
#define VEPC_IRQ_MSIX	PCI_IRQ_MSIX
#endif

/* Events the generic EPC framework can carry to EPF drivers. */
static inline void vepc_compat_linkdown(struct pci_epc *epc)
{
#ifdef HAVE_PCI_EPC_LINKDOWN
	pci_epc_linkdown(epc);
#endif
}

static inline void vepc_compat_bme(struct pci_epc *epc)
{
#ifdef HAVE_PCI_EPC_BME_NOTIFY
	pci_epc_bus_master_enable_notify(epc);
#endif
}

/* --- uepf (epf/uepf) -------------------------------------------------- */
#include <linux/pci-epf.h>

#define UEPF_IRQ_MSIX	VEPC_IRQ_MSIX

/* pci_epf_alloc_space(): size_t align up to 6.8, the features since 6.9. */
static inline void *uepf_epf_alloc_space(struct pci_epf *epf, size_t size,
					 enum pci_barno bar,
					 const struct pci_epc_features *feat)
{
#ifdef HAVE_PCI_EPF_ALLOC_SPACE_FEATURES
	return pci_epf_alloc_space(epf, size, bar, feat, PRIMARY_INTERFACE);
#else
	return pci_epf_alloc_space(epf, size, bar, feat->align,
				   PRIMARY_INTERFACE);
#endif
}

/* pci_epf_driver.probe() takes the matched id since 6.4. */
#ifdef HAVE_PCI_EPF_PROBE_ID
#define UEPF_EPF_PROBE(name, epf) \
	int name(struct pci_epf *epf, const struct pci_epf_device_id *id)
#else
#define UEPF_EPF_PROBE(name, epf)	int name(struct pci_epf *epf)
#endif

/* Per-BAR controller constraints: bitmaps up to 6.8, bar[] since 6.9. */
static inline bool uepf_feat_bar_reserved(const struct pci_epc_features *f,
					  int bar)
{
#ifdef HAVE_PCI_EPC_FEATURES_BAR_ARRAY
	return f->bar[bar].type == BAR_RESERVED;
#else
	return f->reserved_bar & BIT(bar);
#endif
}

static inline u64 uepf_feat_bar_fixed_size(const struct pci_epc_features *f,
					   int bar)
{
#ifdef HAVE_PCI_EPC_FEATURES_BAR_ARRAY
	return f->bar[bar].type == BAR_FIXED ? f->bar[bar].fixed_size : 0;
#else
	return f->bar_fixed_size[bar];
#endif
}

static inline bool uepf_feat_bar_only_64bit(const struct pci_epc_features *f,
					    int bar)
{
#ifdef HAVE_PCI_EPC_FEATURES_BAR_ARRAY
	return f->bar[bar].only_64bit;
#else
	return f->bar_fixed_64bit & BIT(bar);
#endif
}

/*
 * EPC -> EPF events: a notifier chain (CORE_INIT, LINK_UP) up to 6.3,
 * pci_epf.event_ops since 6.4.  With the notifier, a controller that has
 * core_init_notifier initialises later; with event_ops, one whose
 * init_complete is not set yet.
 */
static inline bool uepf_epc_init_deferred(struct pci_epc *epc,
					  const struct pci_epc_features *f)
{
#ifdef HAVE_PCI_EPC_EVENT_OPS
	return !epc->init_complete;
#else
	return f->core_init_notifier;
#endif
}

#include <linux/mm.h>
/* vm_flags became read-only with vm_flags_set() in 6.3. */
static inline void uepf_vm_flags_set(struct vm_area_struct *vma,
				     unsigned long flags)
{
#ifdef HAVE_VM_FLAGS_SET
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

#endif /* _UEPF_COMPAT_H */
