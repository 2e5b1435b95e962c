/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version shims for the modules under epf/ and tests/host-driver.
 * Every decision is taken on a HAVE_* macro that configure probed against
 * the --with-linux tree (m4/kernel-probes.m4), never on a version number;
 * doc/portability.md lists each probe and its result per kernel.
 */
#ifndef _UEPF_COMPAT_H
#define _UEPF_COMPAT_H

#include "kconfig.h"

#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/pci-epc.h>
#include <linux/pci-epf.h>

/* --- generic EPC API -------------------------------------------------- */

/*
 * Every EPC operation takes a virtual function number since 5.14.  Older
 * EPC APIs (5.10) would need a shim on every call and every vepc op: not
 * written, so say so instead of failing on each call.
 */
#ifndef HAVE_PCI_EPC_VFUNC_NO
#error "this kernel's EPC API has no vfunc_no (before 5.14): not supported, see doc/portability.md"
#endif

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

/* --- vepc ------------------------------------------------------------- */

/* Events the generic EPC framework can carry from a controller to EPFs. */
static inline void vepc_compat_linkdown(struct pci_epc *epc)
{
#ifdef HAVE_PCI_EPC_LINKDOWN
	pci_epc_linkdown(epc);
#endif
}

static inline void vepc_compat_bme(struct pci_epc *epc)
{
#if defined(HAVE_PCI_EPC_BUS_MASTER_ENABLE_NOTIFY)
	pci_epc_bus_master_enable_notify(epc);
#elif defined(HAVE_PCI_EPC_BME_NOTIFY)
	pci_epc_bme_notify(epc);
#endif
}

/* generic_handle_irq_safe() appeared in 5.18. */
#ifndef HAVE_GENERIC_HANDLE_IRQ_SAFE
static inline int generic_handle_irq_safe(unsigned int irq)
{
	unsigned long flags;
	int ret;

	local_irq_save(flags);
	ret = generic_handle_irq(irq);
	local_irq_restore(flags);
	return ret;
}
#endif

/*
 * The host bridge's sysdata: x86 has struct pci_sysdata, whose domain
 * pci_domain_nr() returns.  Elsewhere (arm64, CONFIG_PCI_DOMAINS_GENERIC)
 * the PCI core allocates the domain itself and the value kept here only
 * names the MSI domain.
 */
#ifdef HAVE_PCI_SYSDATA
#define vepc_sysdata pci_sysdata
#else
struct vepc_sysdata {
	int domain;
	int node;
};
#endif

/* --- uepf (epf/uepf) -------------------------------------------------- */

#define UEPF_IRQ_MSIX	VEPC_IRQ_MSIX
#define UEPF_IRQ_MSI	VEPC_IRQ_MSI

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
 * EPC -> EPF events.  Up to 6.3 a notifier chain (CORE_INIT, LINK_UP,
 * atomic context); since 6.4 pci_epf.event_ops (process context), whose
 * members changed: core_init became epc_init and bme bus_master_enable in
 * 6.11, which also added epc_deinit.  UEPF_EVOPS_* name the member this
 * kernel has; undefined when it has none.
 */
#if defined(HAVE_PCI_EPC_EVENT_OPS) && !defined(HAVE_PCI_EPC_EVENT_OPS_EPC_INIT) && \
	!defined(HAVE_PCI_EPC_EVENT_OPS_CORE_INIT)
#error "pci_epc_event_ops has neither epc_init nor core_init: unknown EPC event API"
#endif
#if !defined(HAVE_PCI_EPC_EVENT_OPS) && !defined(HAVE_PCI_EPC_NOTIFIER)
#error "the EPC has neither event_ops nor a notifier chain: unknown EPC event API"
#endif

#ifdef HAVE_PCI_EPC_EVENT_OPS_EPC_INIT
#define UEPF_EVOPS_INIT		epc_init
#else
#define UEPF_EVOPS_INIT		core_init
#endif
#ifdef HAVE_PCI_EPC_EVENT_OPS_EPC_DEINIT
#define UEPF_EVOPS_DEINIT	epc_deinit
#endif
#ifdef HAVE_PCI_EPC_EVENT_OPS_LINK_DOWN
#define UEPF_EVOPS_LINK_DOWN	link_down
#endif
#if defined(HAVE_PCI_EPC_EVENT_OPS_BUS_MASTER_ENABLE)
#define UEPF_EVOPS_BME		bus_master_enable
#elif defined(HAVE_PCI_EPC_EVENT_OPS_BME)
#define UEPF_EVOPS_BME		bme
#endif

/*
 * Must bind leave programming the controller to the init event?
 * 6.11+: the core sends epc_init to every EPF, right after bind when the
 * controller is initialised already (pci_epc_notify_pending_init()), so
 * always.  Up to 6.10 only controllers with core_init_notifier send it
 * (CORE_INIT, then core_init); the others are ready at bind.
 */
static inline bool uepf_epc_init_deferred(struct pci_epc *epc,
					  const struct pci_epc_features *f)
{
#if defined(HAVE_PCI_EPC_NOTIFY_PENDING_INIT)
	return true;
#elif defined(HAVE_PCI_EPC_FEATURES_CORE_INIT_NOTIFIER)
	return f->core_init_notifier;
#else
	return false;
#endif
}

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
