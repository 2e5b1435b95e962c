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
typedef enum pci_epc_irq_type vepc_irq_type_t;
#define VEPC_IRQ_INTX	PCI_EPC_IRQ_LEGACY
#define VEPC_IRQ_MSI	PCI_EPC_IRQ_MSI
#define VEPC_IRQ_MSIX	PCI_EPC_IRQ_MSIX
#else
typedef unsigned int vepc_irq_type_t;
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

#endif /* _UEPF_COMPAT_H */
