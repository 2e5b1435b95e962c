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
 */

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/dma-map-ops.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/kfifo.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/msi.h>
#include <linux/pci.h>
#include <linux/pci-epc.h>
#include <linux/pci-epf.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "../compat.h"
#include "vepc.h"

#define VEPC_MAX_COUNT		8
#define VEPC_DOMAIN_BASE	0x10000
#define VEPC_CFG_SIZE		256
#define VEPC_MSI_CAP		0x40	/* 64-bit, per-vector masking: 24 bytes */
#define VEPC_MSIX_CAP		0x60	/* 12 bytes */
#define VEPC_DOORBELL		0xfeed0000u	/* + instance << 12 */
#define VEPC_MAX_OB		16	/* outbound windows (like iATU regions) */
#define VEPC_MIN_SLICE		SZ_1M
#define VEPC_EVENTS		64

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

static bool pba_placement = true;
module_param(pba_placement, bool, 0444);
MODULE_PARM_DESC(pba_placement,
		 "offer vepc_msix_set_pba() (default Y); N models DesignWare and Cadence: the PBA always follows the table");

enum vepc_refuse {
	VEPC_REFUSED_LINK_DOWN,
	VEPC_REFUSED_NOT_CONFIGURED,
	VEPC_REFUSED_OUT_OF_RANGE,
	VEPC_REFUSED_DISABLED,
	VEPC_REFUSED_FUNCTION_MASKED,
	VEPC_REFUSED_VECTOR_MASKED,
	VEPC_REFUSED_BAD_TABLE,
	VEPC_REFUSED_BAD_MESSAGE,
	VEPC_REFUSED_UNSUPPORTED,
	VEPC_REFUSED_NR
};

static const char * const vepc_refuse_names[VEPC_REFUSED_NR] = {
	[VEPC_REFUSED_LINK_DOWN]	= "refused_link_down",
	[VEPC_REFUSED_NOT_CONFIGURED]	= "refused_not_configured",
	[VEPC_REFUSED_OUT_OF_RANGE]	= "refused_out_of_range",
	[VEPC_REFUSED_DISABLED]		= "refused_disabled",
	[VEPC_REFUSED_FUNCTION_MASKED]	= "refused_function_masked",
	[VEPC_REFUSED_VECTOR_MASKED]	= "refused_vector_masked",
	[VEPC_REFUSED_BAD_TABLE]	= "refused_bad_table",
	[VEPC_REFUSED_BAD_MESSAGE]	= "refused_bad_message",
	[VEPC_REFUSED_UNSUPPORTED]	= "refused_unsupported",
};

struct vepc_bar {
	phys_addr_t	phys;
	void __iomem	*virt;
	u64		size;		/* power of two, 0 = not set */
	u32		flags;		/* PCI_BASE_ADDRESS_MEM_* */
	bool		sizing_lo;	/* host wrote all ones to the low dword */
	bool		sizing_hi;	/* ... to the high dword of a 64-bit BAR */
};

struct vepc_ob {
	phys_addr_t	phys;
	u64		pci_addr;
	size_t		size;
};

struct vepc_ev {
	u32		event;
	u32		arg;
};

struct vepc {
	struct device		*dev;
	int			id;
	struct pci_epc		*epc;

	/* BAR pool: EPF BAR memory, also the host bridge's memory window */
	phys_addr_t		pool_phys;
	size_t			pool_size;
	void __iomem		*pool_virt;
	unsigned long		*pool_map;
	unsigned int		pool_pages;
	spinlock_t		pool_lock;	/* pool_map */

	/* outbound window (pci_epc_mem) and its mappings, under epc->lock */
	phys_addr_t		ob_phys;
	size_t			ob_size;
	struct vepc_ob		ob[VEPC_MAX_OB];

	/* emulated config space: host pci_ops under pci_lock, EPC ops */
	raw_spinlock_t		cfg_lock;
	u8			cfg[VEPC_CFG_SIZE];
	u8			wmask[VEPC_CFG_SIZE];
	struct vepc_bar		bar[PCI_STD_NUM_BARS];
	bool			msi_cap;
	bool			msix_cap;
	u16			msix_nr;
	u8			msix_bir;
	u32			msix_offset;
	u8			pba_bir;	/* PBA Offset/BIR register */
	u32			pba_offset;
	bool			link_up;	/* the host can see the device */
	int			bars_set;	/* holds a module reference */

	/* host side */
	struct vepc_sysdata	sysdata;
	struct resource		slice_res;
	struct resource		mem_res;
	struct resource		ob_res;
	char			ob_name[32];
	struct resource		busn_res;
	char			mem_name[32];
	struct pci_bus		*bus;
	struct fwnode_handle	*fwnode;
	struct irq_domain	*irq_domain;
	struct irq_chip		msi_chip;
	struct msi_domain_info	msi_info;

	/* link state machine, run from link_work */
	struct mutex		link_lock;
	struct work_struct	link_work;
	bool			link_target;
	bool			reset_pending;
	bool			dying;

	/* events to the registered callback, delivered from event_work */
	raw_spinlock_t		ev_lock;
	DECLARE_KFIFO(events, struct vepc_ev, VEPC_EVENTS);
	struct work_struct	event_work;
	struct mutex		cb_lock;
	vepc_event_fn		cb;
	void			*cb_data;

	/* counters */
	atomic_long_t		raised;
	atomic_long_t		delivered;
	atomic_long_t		refused[VEPC_REFUSED_NR];
	atomic_long_t		events_dropped;
	atomic_long_t		ev_count[VEPC_EVENT_BME + 2];	/* BME set/clear */
	atomic_long_t		ob_copies;
	atomic_long_t		ob_dropped;

	/* EPC core encodings, measured at probe (they differ across kernels) */
	bool			calibrating;
	int			cal_arg;
	int			cal_ret;
	bool			set_msix_nr;	/* set_msix gets nr, not nr - 1 */
	bool			set_msi_nr;	/* set_msi gets nr, not log2 */
	bool			get_msix_nr;	/* get_msix returns nr */
	bool			get_msi_nr;	/* get_msi returns nr */

	struct dentry		*dbg;
};

static struct platform_device *vepc_pdevs[VEPC_MAX_COUNT];
static int vepc_probe_err[VEPC_MAX_COUNT];
static struct dentry *vepc_dbg_root;
static const struct pci_epc_ops vepc_epc_ops;

static inline u16 cfg16(struct vepc *v, unsigned int off)
{
	return v->cfg[off] | (v->cfg[off + 1] << 8);
}

static inline u32 cfg32(struct vepc *v, unsigned int off)
{
	return cfg16(v, off) | ((u32)cfg16(v, off + 2) << 16);
}

static inline void set16(struct vepc *v, unsigned int off, u16 val)
{
	v->cfg[off] = val & 0xff;
	v->cfg[off + 1] = val >> 8;
}

static inline void set32(struct vepc *v, unsigned int off, u32 val)
{
	set16(v, off, val & 0xffff);
	set16(v, off + 2, val >> 16);
}

static u32 vepc_doorbell(struct vepc *v)
{
	return VEPC_DOORBELL + (v->id << 12);
}

/* The PBA Offset/BIR register. Under cfg_lock. */
static void vepc_msix_pba_place(struct vepc *v, u8 bir, u32 offset)
{
	v->pba_bir = bir;
	v->pba_offset = offset;
	set32(v, VEPC_MSIX_CAP + PCI_MSIX_PBA, offset | bir);
}

/* Like DesignWare: the PBA follows the table in the same BAR. */
static void vepc_msix_pba_default(struct vepc *v)
{
	vepc_msix_pba_place(v, v->msix_bir,
			    v->msix_offset + v->msix_nr * PCI_MSIX_ENTRY_SIZE);
}

/* ---------------------------------------------------------------------- */
/* events                                                                  */

static void vepc_queue_event(struct vepc *v, enum vepc_event event, u32 arg)
{
	struct vepc_ev ev = { .event = event, .arg = arg };
	unsigned long flags;
	bool queued;

	atomic_long_inc(&v->ev_count[event == VEPC_EVENT_BME && !arg ?
				   VEPC_EVENT_BME + 1 : event]);
	raw_spin_lock_irqsave(&v->ev_lock, flags);
	queued = kfifo_put(&v->events, ev);
	raw_spin_unlock_irqrestore(&v->ev_lock, flags);
	if (!queued) {
		atomic_long_inc(&v->events_dropped);
		dev_warn_ratelimited(v->dev, "event queue full (%d): event %u dropped\n",
				     VEPC_EVENTS, event);
		return;
	}
	schedule_work(&v->event_work);
}

static void vepc_event_work(struct work_struct *work)
{
	struct vepc *v = container_of(work, struct vepc, event_work);
	struct vepc_ev ev;
	unsigned long flags;
	bool got;

	for (;;) {
		raw_spin_lock_irqsave(&v->ev_lock, flags);
		got = kfifo_get(&v->events, &ev);
		raw_spin_unlock_irqrestore(&v->ev_lock, flags);
		if (!got)
			break;
		if (ev.event == VEPC_EVENT_BME && ev.arg)
			vepc_compat_bme(v->epc);
		mutex_lock(&v->cb_lock);
		if (v->cb)
			v->cb(v->cb_data, ev.event, ev.arg);
		mutex_unlock(&v->cb_lock);
	}
}

static struct vepc *vepc_from_epc(struct pci_epc *epc)
{
	if (IS_ERR_OR_NULL(epc) || epc->ops != &vepc_epc_ops)
		return NULL;
	return epc_get_drvdata(epc);
}

int vepc_msix_function_masked(struct pci_epc *epc, u8 func_no)
{
	struct vepc *v = vepc_from_epc(epc);
	unsigned long flags;
	u16 ctrl;

	if (!v)
		return -ENODEV;
	if (func_no != 0)
		return -EINVAL;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	return !!(ctrl & PCI_MSIX_FLAGS_MASKALL);
}
EXPORT_SYMBOL_GPL(vepc_msix_function_masked);

int vepc_msix_set_pba(struct pci_epc *epc, u8 func_no, int bar, u32 offset)
{
	struct vepc *v = vepc_from_epc(epc);
	u64 bar_size, pend, tend;
	unsigned long flags;
	bool configured, upper;
	u32 toff;
	u16 nr;
	u8 tbir;
	int ret = 0;

	if (!v)
		return -ENODEV;
	if (!pba_placement)
		return -EOPNOTSUPP;
	if (bar < 0)
		return 0;	/* the query: this controller can place it */
	if (func_no >= epc->max_functions) {
		dev_err(v->dev, "set_pba: function %u does not exist (max_functions %u)\n",
			func_no, epc->max_functions);
		return -EINVAL;
	}
	if (bar > BAR_5) {
		dev_err(v->dev, "set_pba: BIR %d: no such BAR (0..5)\n", bar);
		return -EINVAL;
	}
	if (offset & PCI_MSIX_PBA_BIR) {
		dev_err(v->dev, "set_pba: PBA offset %#x is not 8-byte aligned\n",
			offset);
		return -EINVAL;
	}

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	configured = v->msix_cap;
	nr = v->msix_nr;
	tbir = v->msix_bir;
	toff = v->msix_offset;
	bar_size = v->bar[bar].size;
	upper = bar > 0 && v->bar[bar - 1].size &&
		(v->bar[bar - 1].flags & PCI_BASE_ADDRESS_MEM_TYPE_64);
	pend = (u64)offset + ALIGN(nr, 64) / 8;
	tend = (u64)toff + nr * PCI_MSIX_ENTRY_SIZE;
	if (!configured || !bar_size || pend > bar_size ||
	    (bar == tbir && offset < tend && toff < pend))
		ret = -EINVAL;
	else
		vepc_msix_pba_place(v, bar, offset);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);

	if (!ret)
		return 0;
	if (!configured)
		dev_err(v->dev, "set_pba: MSI-X is not configured: call pci_epc_set_msix() first\n");
	else if (upper)
		dev_err(v->dev, "set_pba: BAR%d is the upper half of 64-bit BAR%d\n",
			bar, bar - 1);
	else if (!bar_size)
		dev_err(v->dev, "set_pba: BAR%d is not set (set_bar)\n", bar);
	else if (pend > bar_size)
		dev_err(v->dev, "set_pba: PBA [%#x, %#llx) for %u vectors does not fit in BAR%d of %#llx bytes\n",
			offset, pend, nr, bar, bar_size);
	else
		dev_err(v->dev, "set_pba: PBA [%#x, %#llx) overlaps the MSI-X table [%#x, %#llx) in BAR%d\n",
			offset, pend, toff, tend, bar);
	return ret;
}
EXPORT_SYMBOL_GPL(vepc_msix_set_pba);

int vepc_event_register(struct pci_epc *epc, vepc_event_fn fn, void *data)
{
	struct vepc *v = vepc_from_epc(epc);
	int ret = 0;

	if (!v)
		return -ENODEV;
	if (!fn)
		return -EINVAL;
	mutex_lock(&v->cb_lock);
	if (v->cb) {
		ret = -EBUSY;
	} else {
		v->cb = fn;
		v->cb_data = data;
	}
	mutex_unlock(&v->cb_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(vepc_event_register);

void vepc_event_unregister(struct pci_epc *epc)
{
	struct vepc *v = vepc_from_epc(epc);

	if (!v)
		return;
	mutex_lock(&v->cb_lock);
	v->cb = NULL;
	v->cb_data = NULL;
	mutex_unlock(&v->cb_lock);
}
EXPORT_SYMBOL_GPL(vepc_event_unregister);

/* ---------------------------------------------------------------------- */
/* emulated configuration space                                            */

/* Power-on / reset values of the host-writable state. Under cfg_lock. */
static void vepc_cfg_reset(struct vepc *v)
{
	int i;

	set16(v, PCI_COMMAND, 0);
	v->cfg[PCI_CACHE_LINE_SIZE] = 0;
	v->cfg[PCI_INTERRUPT_LINE] = 0;
	for (i = 0; i < PCI_STD_NUM_BARS; i++)
		v->bar[i].sizing_lo = v->bar[i].sizing_hi = false;
	set16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS,
	      cfg16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS) &
	      ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE));
	set32(v, VEPC_MSI_CAP + PCI_MSI_ADDRESS_LO, 0);
	set32(v, VEPC_MSI_CAP + PCI_MSI_ADDRESS_HI, 0);
	set16(v, VEPC_MSI_CAP + PCI_MSI_DATA_64, 0);
	set32(v, VEPC_MSI_CAP + PCI_MSI_MASK_64, 0);
	set16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS,
	      cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS) &
	      ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
}

/* Rebuild the capability list from what the EPF configured. */
static void vepc_cfg_caps(struct vepc *v)
{
	u8 next = 0;

	if (v->msix_cap) {
		v->cfg[VEPC_MSIX_CAP + PCI_CAP_LIST_NEXT] = next;
		next = VEPC_MSIX_CAP;
	}
	if (v->msi_cap) {
		v->cfg[VEPC_MSI_CAP + PCI_CAP_LIST_NEXT] = next;
		next = VEPC_MSI_CAP;
	}
	v->cfg[PCI_CAPABILITY_LIST] = next;
	if (next)
		set16(v, PCI_STATUS, PCI_STATUS_CAP_LIST);
	else
		set16(v, PCI_STATUS, 0);
}

static void vepc_cfg_init(struct vepc *v)
{
	memset(v->cfg, 0, sizeof(v->cfg));
	memset(v->wmask, 0, sizeof(v->wmask));
	/* No function until the EPF writes its header. */
	set16(v, PCI_VENDOR_ID, 0xffff);
	set16(v, PCI_DEVICE_ID, 0xffff);
	v->cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL;

	/* Command: memory, bus master, parity, SERR, INTx disable. */
	v->wmask[PCI_COMMAND] = (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
				 PCI_COMMAND_PARITY) & 0xff;
	v->wmask[PCI_COMMAND + 1] = (PCI_COMMAND_SERR |
				     PCI_COMMAND_INTX_DISABLE) >> 8;
	v->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
	v->wmask[PCI_INTERRUPT_LINE] = 0xff;

	/* MSI: 64-bit with per-vector masking; the EPF sets the count. */
	v->cfg[VEPC_MSI_CAP + PCI_CAP_LIST_ID] = PCI_CAP_ID_MSI;
	set16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS,
	      PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_MASKBIT);
	v->wmask[VEPC_MSI_CAP + PCI_MSI_FLAGS] =
		PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE;
	memset(&v->wmask[VEPC_MSI_CAP + PCI_MSI_ADDRESS_LO], 0xff, 8);
	v->wmask[VEPC_MSI_CAP + PCI_MSI_ADDRESS_LO] = 0xfc;
	memset(&v->wmask[VEPC_MSI_CAP + PCI_MSI_DATA_64], 0xff, 2);
	/* mask bits: writable for the vectors that exist, set in set_msi */

	/* MSI-X: enable and function mask are host-writable. */
	v->cfg[VEPC_MSIX_CAP + PCI_CAP_LIST_ID] = PCI_CAP_ID_MSIX;
	v->wmask[VEPC_MSIX_CAP + PCI_MSIX_FLAGS + 1] =
		(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL) >> 8;
	vepc_cfg_caps(v);
}

/* BAR register value seen by the host. Under cfg_lock. */
static u32 vepc_bar_read(struct vepc *v, int i)
{
	struct vepc_bar *b = &v->bar[i];
	struct vepc_bar *lo = i ? &v->bar[i - 1] : NULL;

	if (lo && lo->size && (lo->flags & PCI_BASE_ADDRESS_MEM_TYPE_64))
		return lo->sizing_hi ? upper_32_bits(~(lo->size - 1)) :
				       upper_32_bits(lo->phys);
	if (!b->size)
		return 0;
	if (b->sizing_lo)
		return (lower_32_bits(~(b->size - 1)) & PCI_BASE_ADDRESS_MEM_MASK) |
		       b->flags;
	return (lower_32_bits(b->phys) & PCI_BASE_ADDRESS_MEM_MASK) | b->flags;
}

/*
 * The BARs are fixed by "firmware": their address is the EPF's memory.  Only
 * the all-ones sizing write is honoured; any other value ends sizing.
 */
static void vepc_bar_write(struct vepc *v, int i, u32 val)
{
	struct vepc_bar *lo = i ? &v->bar[i - 1] : NULL;

	if (lo && lo->size && (lo->flags & PCI_BASE_ADDRESS_MEM_TYPE_64))
		lo->sizing_hi = val == 0xffffffff;
	else
		v->bar[i].sizing_lo = val == 0xffffffff;
}

static u8 vepc_cfg_byte(struct vepc *v, int off)
{
	if (off >= PCI_BASE_ADDRESS_0 && off <= PCI_BASE_ADDRESS_5 + 3) {
		int i = (off - PCI_BASE_ADDRESS_0) / 4;

		return vepc_bar_read(v, i) >> (8 * (off & 3));
	}
	return v->cfg[off];
}

static struct vepc *vepc_from_bus(struct pci_bus *bus)
{
	return container_of(bus->sysdata, struct vepc, sysdata);
}

static int vepc_pci_read(struct pci_bus *bus, unsigned int devfn, int where,
			 int size, u32 *val)
{
	struct vepc *v = vepc_from_bus(bus);
	unsigned long flags;
	u32 res = 0;
	int i;

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
	for (i = 0; i < size; i++)
		res |= (u32)vepc_cfg_byte(v, where + i) << (8 * i);
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
	int i;

	if (bus->number || devfn || where < 0 || where + size > VEPC_CFG_SIZE)
		return PCIBIOS_DEVICE_NOT_FOUND;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	if (!v->link_up) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		return PCIBIOS_DEVICE_NOT_FOUND;
	}
	old_cmd = cfg16(v, PCI_COMMAND);
	if (where >= PCI_BASE_ADDRESS_0 && where <= PCI_BASE_ADDRESS_5 + 3) {
		/* BARs are dword registers: narrower writes are ignored. */
		if (size == 4 && !(where & 3))
			vepc_bar_write(v, (where - PCI_BASE_ADDRESS_0) / 4, val);
	} else {
		for (i = 0; i < size; i++) {
			int off = where + i;
			u8 b = val >> (8 * i);

			v->cfg[off] = (v->cfg[off] & ~v->wmask[off]) |
				      (b & v->wmask[off]);
		}
	}
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

/* ---------------------------------------------------------------------- */
/* link: host enumeration and removal                                      */

static void vepc_host_scan(struct vepc *v)
{
	pci_lock_rescan_remove();
	pci_scan_child_bus(v->bus);
	/* firmware-fixed BARs: claim, never assign */
	pci_bus_claim_resources(v->bus);
	pci_bus_add_devices(v->bus);
	pci_unlock_rescan_remove();
}

static void vepc_host_remove(struct vepc *v)
{
	struct pci_dev *pdev, *tmp;

	pci_lock_rescan_remove();
	list_for_each_entry_safe(pdev, tmp, &v->bus->devices, bus_list)
		pci_stop_and_remove_bus_device(pdev);
	pci_unlock_rescan_remove();
}

static void vepc_set_link(struct vepc *v, bool up)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	v->link_up = up;
	/* DL_Down resets the function */
	if (!up)
		vepc_cfg_reset(v);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
}

static void vepc_link_work(struct work_struct *work)
{
	struct vepc *v = container_of(work, struct vepc, link_work);
	bool want;

	mutex_lock(&v->link_lock);
	want = READ_ONCE(v->link_target) && !READ_ONCE(v->dying);
	if (want && !v->link_up) {
		vepc_set_link(v, true);
		dev_info(v->dev, "link up\n");
		vepc_queue_event(v, VEPC_EVENT_LINK_UP, 0);
		pci_epc_linkup(v->epc);
		vepc_host_scan(v);
	} else if (!want && v->link_up) {
		vepc_host_remove(v);
		vepc_set_link(v, false);
		dev_info(v->dev, "link down\n");
		vepc_queue_event(v, VEPC_EVENT_LINK_DOWN, 0);
		vepc_compat_linkdown(v->epc);
	} else if (want) {
		if (v->reset_pending) {
			unsigned long flags;

			raw_spin_lock_irqsave(&v->cfg_lock, flags);
			vepc_cfg_reset(v);
			raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
			dev_info(v->dev, "host reset\n");
			vepc_queue_event(v, VEPC_EVENT_HOST_RESET, 0);
			/* a hot reset retrains the link */
			vepc_compat_linkdown(v->epc);
			pci_epc_linkup(v->epc);
		}
		/* a header written after link up: enumerate now */
		vepc_host_scan(v);
	}
	v->reset_pending = false;
	mutex_unlock(&v->link_lock);
}

/* ---------------------------------------------------------------------- */
/* endpoint controller operations                                          */

static int vepc_write_header(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			     struct pci_epf_header *hdr)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;

	if (func_no || vfunc_no)
		return -EINVAL;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	set16(v, PCI_VENDOR_ID, hdr->vendorid);
	set16(v, PCI_DEVICE_ID, hdr->deviceid);
	v->cfg[PCI_REVISION_ID] = hdr->revid;
	v->cfg[PCI_CLASS_PROG] = hdr->progif_code;
	v->cfg[PCI_CLASS_DEVICE] = hdr->subclass_code;
	v->cfg[PCI_CLASS_DEVICE + 1] = hdr->baseclass_code;
	v->cfg[PCI_CACHE_LINE_SIZE] = hdr->cache_line_size;
	set16(v, PCI_SUBSYSTEM_VENDOR_ID, hdr->subsys_vendor_id);
	set16(v, PCI_SUBSYSTEM_ID, hdr->subsys_id);
	/* INTx is not wired: Interrupt Pin stays 0 whatever the EPF asks */
	v->cfg[PCI_INTERRUPT_PIN] = 0;
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (hdr->interrupt_pin)
		dev_dbg(v->dev, "interrupt pin %u ignored: no INTx\n",
			hdr->interrupt_pin);
	if (READ_ONCE(v->link_target))
		schedule_work(&v->link_work);
	return 0;
}

static int vepc_set_bar(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			struct pci_epf_bar *epf_bar)
{
	struct vepc *v = epc_get_drvdata(epc);
	int i = epf_bar->barno;
	bool is64 = epf_bar->flags & PCI_BASE_ADDRESS_MEM_TYPE_64;
	phys_addr_t phys = epf_bar->phys_addr;
	unsigned long flags;
	u64 size;

	if (func_no || vfunc_no)
		return -EINVAL;
	if (i < 0 || i >= PCI_STD_NUM_BARS) {
		dev_err(v->dev, "set_bar: BAR%d does not exist (0..5)\n", i);
		return -EINVAL;
	}
	if (epf_bar->flags & PCI_BASE_ADDRESS_SPACE_IO) {
		dev_err(v->dev, "set_bar: BAR%d: I/O BARs are not supported\n", i);
		return -EINVAL;
	}
	if (is64 && i == BAR_5) {
		dev_err(v->dev, "set_bar: BAR5 cannot be 64-bit\n");
		return -EINVAL;
	}
	if (!epf_bar->size) {
		dev_err(v->dev, "set_bar: BAR%d has size 0\n", i);
		return -EINVAL;
	}
	size = roundup_pow_of_two(max_t(u64, epf_bar->size, 128));
	if (phys < v->pool_phys || size > v->pool_size ||
	    phys - v->pool_phys > v->pool_size - size ||
	    !IS_ALIGNED(phys, size)) {
		dev_err(v->dev,
			"set_bar: BAR%d memory %pa+%#llx is not a naturally aligned chunk of the BAR window %pa+%#zx (allocate it with pci_epf_alloc_space)\n",
			i, &phys, size, &v->pool_phys, v->pool_size);
		return -EINVAL;
	}
	if (!is64 && upper_32_bits(phys + size - 1)) {
		dev_err(v->dev, "set_bar: 32-bit BAR%d at %pa is above 4 GiB\n",
			i, &phys);
		return -EINVAL;
	}

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	if (i > 0 && v->bar[i - 1].size &&
	    (v->bar[i - 1].flags & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err(v->dev, "set_bar: BAR%d is the upper half of 64-bit BAR%d\n",
			i, i - 1);
		return -EBUSY;
	}
	if (is64 && v->bar[i + 1].size) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err(v->dev, "set_bar: 64-bit BAR%d needs BAR%d, which is in use\n",
			i, i + 1);
		return -EBUSY;
	}
	if (!v->bar[i].size && !v->bars_set++)
		__module_get(THIS_MODULE);
	v->bar[i].phys = phys;
	v->bar[i].virt = v->pool_virt + (phys - v->pool_phys);
	v->bar[i].size = size;
	v->bar[i].flags = epf_bar->flags & ~PCI_BASE_ADDRESS_MEM_MASK &
			  ~PCI_BASE_ADDRESS_SPACE_IO;
	v->bar[i].sizing_lo = v->bar[i].sizing_hi = false;
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	return 0;
}

static void vepc_clear_bar(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			   struct pci_epf_bar *epf_bar)
{
	struct vepc *v = epc_get_drvdata(epc);
	int i = epf_bar->barno;
	unsigned long flags;
	bool put = false;

	if (func_no || vfunc_no || i < 0 || i >= PCI_STD_NUM_BARS)
		return;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	if (v->bar[i].size) {
		memset(&v->bar[i], 0, sizeof(v->bar[i]));
		put = !--v->bars_set;
		/* a PBA placed in this BAR goes back after the table */
		if (v->msix_cap && v->pba_bir == i)
			vepc_msix_pba_default(v);
	}
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (put)
		module_put(THIS_MODULE);
}

/* Outbound: the EPF's window pages stand for host memory at pci_addr. */
static int vepc_ob_copy(struct vepc *v, struct vepc_ob *ob, bool to_host)
{
	void __iomem *win;
	void *host;
	unsigned long flags;
	u16 cmd;

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	cmd = cfg16(v, PCI_COMMAND);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (!(cmd & PCI_COMMAND_MASTER)) {
		atomic_long_inc(&v->ob_dropped);
		dev_warn_ratelimited(v->dev,
				     "outbound %s %#llx+%#zx dropped: host has not enabled bus mastering\n",
				     to_host ? "write to" : "read from",
				     ob->pci_addr, ob->size);
		return -EACCES;
	}
	win = ioremap(ob->phys, ob->size);
	if (!win)
		return -ENOMEM;
	host = memremap(ob->pci_addr, ob->size, MEMREMAP_WB);
	if (!host) {
		iounmap(win);
		return -ENOMEM;
	}
	if (to_host)
		memcpy_fromio(host, win, ob->size);
	else
		memcpy_toio(win, host, ob->size);
	memunmap(host);
	iounmap(win);
	atomic_long_inc(&v->ob_copies);
	return 0;
}

static int vepc_map_addr(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			 phys_addr_t addr, u64 pci_addr, size_t size)
{
	struct vepc *v = epc_get_drvdata(epc);
	struct vepc_ob *ob = NULL;
	int i;

	if (func_no || vfunc_no)
		return -EINVAL;
	if (!size || addr < v->ob_phys || size > v->ob_size ||
	    addr - v->ob_phys > v->ob_size - size) {
		dev_err(v->dev, "map_addr: %pa+%#zx is outside the outbound window %pa+%#zx\n",
			&addr, size, &v->ob_phys, v->ob_size);
		return -EINVAL;
	}
	if (pci_addr + size < pci_addr ||
	    region_intersects(pci_addr, size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_INTERSECTS) {
		dev_err(v->dev, "map_addr: PCI address %#llx+%#zx is not host memory\n",
			pci_addr, size);
		return -EINVAL;
	}
	for (i = 0; i < VEPC_MAX_OB; i++) {
		if (v->ob[i].size && v->ob[i].phys == addr) {
			dev_err(v->dev, "map_addr: %pa is mapped already\n", &addr);
			return -EBUSY;
		}
		if (!v->ob[i].size && !ob)
			ob = &v->ob[i];
	}
	if (!ob) {
		dev_err(v->dev, "map_addr: all %d outbound windows in use\n",
			VEPC_MAX_OB);
		return -ENOSPC;
	}
	ob->phys = addr;
	ob->pci_addr = pci_addr;
	ob->size = size;
	/* the EPF may read what the host has there now */
	vepc_ob_copy(v, ob, false);
	return 0;
}

static void vepc_unmap_addr(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			    phys_addr_t addr)
{
	struct vepc *v = epc_get_drvdata(epc);
	int i;

	for (i = 0; i < VEPC_MAX_OB; i++) {
		if (v->ob[i].size && v->ob[i].phys == addr) {
			/* what the EPF wrote reaches the host */
			vepc_ob_copy(v, &v->ob[i], true);
			memset(&v->ob[i], 0, sizeof(v->ob[i]));
			return;
		}
	}
	dev_err(v->dev, "unmap_addr: %pa is not mapped\n", &addr);
}

static int vepc_set_msi(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			u8 interrupts)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;
	unsigned int mmc, nr;
	u16 ctrl;

	if (v->calibrating) {
		v->cal_arg = interrupts;
		return 0;
	}
	if (func_no || vfunc_no)
		return -EINVAL;
	if (v->set_msi_nr) {
		if (interrupts < 1 || interrupts > 32)
			goto bad;
		mmc = order_base_2(interrupts);
	} else {
		if (interrupts > 5)
			goto bad;
		mmc = interrupts;
	}
	nr = 1 << mmc;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS) & ~PCI_MSI_FLAGS_QMASK;
	set16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS, ctrl | (mmc << 1));
	memset(&v->wmask[VEPC_MSI_CAP + PCI_MSI_MASK_64], 0, 4);
	v->wmask[VEPC_MSI_CAP + PCI_MSI_MASK_64] = nr >= 8 ? 0xff : (1 << nr) - 1;
	if (nr > 8)
		v->wmask[VEPC_MSI_CAP + PCI_MSI_MASK_64 + 1] = nr >= 16 ? 0xff : (1 << (nr - 8)) - 1;
	if (nr > 16)
		memset(&v->wmask[VEPC_MSI_CAP + PCI_MSI_MASK_64 + 2], 0xff, 2);
	v->msi_cap = true;
	vepc_cfg_caps(v);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	return 0;
bad:
	dev_err(v->dev, "set_msi: %u interrupts: out of range (1..32)\n",
		interrupts);
	return -EINVAL;
}

static int vepc_get_msi(struct pci_epc *epc, u8 func_no, u8 vfunc_no)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;
	unsigned int mme, mmc;
	u16 ctrl;

	if (v->calibrating)
		return v->cal_ret;
	if (func_no || vfunc_no)
		return -EINVAL;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (!v->msi_cap || !(ctrl & PCI_MSI_FLAGS_ENABLE))
		return -EINVAL;
	mmc = (ctrl & PCI_MSI_FLAGS_QMASK) >> 1;
	mme = min((ctrl & PCI_MSI_FLAGS_QSIZE) >> 4, mmc);
	return v->get_msi_nr ? 1 << mme : mme;
}

static int vepc_set_msix(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			 u16 interrupts, enum pci_barno bir, u32 offset)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;
	unsigned int nr;
	u16 ctrl;

	if (v->calibrating) {
		v->cal_arg = interrupts;
		return 0;
	}
	if (func_no || vfunc_no)
		return -EINVAL;
	nr = v->set_msix_nr ? interrupts : interrupts + 1;
	if (nr < 1 || nr > 2048) {
		dev_err(v->dev, "set_msix: %u vectors: out of range (1..2048)\n", nr);
		return -EINVAL;
	}
	if (bir < BAR_0 || bir > BAR_5) {
		dev_err(v->dev, "set_msix: BIR %d: no such BAR (0..5)\n", bir);
		return -EINVAL;
	}
	if (offset & PCI_MSIX_TABLE_BIR) {
		dev_err(v->dev, "set_msix: table offset %#x is not 8-byte aligned\n",
			offset);
		return -EINVAL;
	}
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS) & ~PCI_MSIX_FLAGS_QSIZE;
	set16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS, ctrl | (nr - 1));
	set32(v, VEPC_MSIX_CAP + PCI_MSIX_TABLE, offset | bir);
	v->msix_nr = nr;
	v->msix_bir = bir;
	v->msix_offset = offset;
	/* until vepc_msix_set_pba() places it elsewhere */
	vepc_msix_pba_default(v);
	v->msix_cap = true;
	vepc_cfg_caps(v);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	return 0;
}

static int vepc_get_msix(struct pci_epc *epc, u8 func_no, u8 vfunc_no)
{
	struct vepc *v = epc_get_drvdata(epc);
	unsigned long flags;
	u16 ctrl;

	if (v->calibrating)
		return v->cal_ret;
	if (func_no || vfunc_no)
		return -EINVAL;
	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	if (!v->msix_cap || !(ctrl & PCI_MSIX_FLAGS_ENABLE))
		return -EINVAL;
	return v->get_msix_nr ? v->msix_nr : v->msix_nr - 1;
}

static int vepc_refuse(struct vepc *v, enum vepc_refuse why, int err)
{
	atomic_long_inc(&v->refused[why]);
	return err;
}

/* Hand a message the host programmed to the host's interrupt. */
static int vepc_deliver(struct vepc *v, u64 addr, u32 data)
{
	struct irq_data *d;
	int ret;

	if (addr != vepc_doorbell(v)) {
		dev_err_ratelimited(v->dev,
				    "message address %#llx is not the bridge doorbell %#x: dropped\n",
				    addr, vepc_doorbell(v));
		return vepc_refuse(v, VEPC_REFUSED_BAD_MESSAGE, -EINVAL);
	}
	rcu_read_lock();
	d = irq_get_irq_data(data);
	if (!d || d->domain != v->irq_domain) {
		rcu_read_unlock();
		dev_err_ratelimited(v->dev,
				    "message data %#x is not an interrupt of this bridge: dropped\n",
				    data);
		return vepc_refuse(v, VEPC_REFUSED_BAD_MESSAGE, -EINVAL);
	}
	ret = generic_handle_irq_safe(data);
	rcu_read_unlock();
	if (ret)
		return vepc_refuse(v, VEPC_REFUSED_BAD_MESSAGE, ret);
	atomic_long_inc(&v->delivered);
	return 0;
}

static int vepc_raise_msix(struct vepc *v, u16 n)
{
	struct vepc_bar *bar;
	void __iomem *entry;
	unsigned long flags;
	u32 lo, hi, data, vctrl;
	u64 off;
	u16 ctrl;

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	if (!v->msix_cap) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err_ratelimited(v->dev, "raise MSI-X %u: MSI-X not configured (set_msix)\n", n);
		return vepc_refuse(v, VEPC_REFUSED_NOT_CONFIGURED, -EINVAL);
	}
	if (n < 1 || n > v->msix_nr) {
		unsigned int nr = v->msix_nr;

		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err_ratelimited(v->dev, "raise MSI-X vector %u: out of range 1..%u\n",
				    n, nr);
		return vepc_refuse(v, VEPC_REFUSED_OUT_OF_RANGE, -EINVAL);
	}
	ctrl = cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS);
	if (!(ctrl & PCI_MSIX_FLAGS_ENABLE)) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_dbg(v->dev, "raise MSI-X %u: MSI-X disabled by the host\n", n);
		return vepc_refuse(v, VEPC_REFUSED_DISABLED, -EINVAL);
	}
	if (ctrl & PCI_MSIX_FLAGS_MASKALL) {
		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_dbg(v->dev, "raise MSI-X %u: function masked\n", n);
		return vepc_refuse(v, VEPC_REFUSED_FUNCTION_MASKED, -EPERM);
	}
	bar = &v->bar[v->msix_bir];
	off = v->msix_offset + (u64)(n - 1) * PCI_MSIX_ENTRY_SIZE;
	if (!bar->size || off + PCI_MSIX_ENTRY_SIZE > bar->size) {
		u8 bir = v->msix_bir;

		raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
		dev_err_ratelimited(v->dev, "raise MSI-X %u: table entry at BAR%u+%#llx is outside the BAR\n",
				    n, bir, off);
		return vepc_refuse(v, VEPC_REFUSED_BAD_TABLE, -EINVAL);
	}
	entry = bar->virt + off;
	lo = readl(entry + PCI_MSIX_ENTRY_LOWER_ADDR);
	hi = readl(entry + PCI_MSIX_ENTRY_UPPER_ADDR);
	data = readl(entry + PCI_MSIX_ENTRY_DATA);
	vctrl = readl(entry + PCI_MSIX_ENTRY_VECTOR_CTRL);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);

	if (vctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT) {
		dev_dbg(v->dev, "raise MSI-X %u: vector masked\n", n);
		return vepc_refuse(v, VEPC_REFUSED_VECTOR_MASKED, -EPERM);
	}
	return vepc_deliver(v, ((u64)hi << 32) | lo, data);
}

static int vepc_raise_msi(struct vepc *v, u16 n)
{
	unsigned long flags;
	unsigned int nvec;
	u32 lo, hi, mask;
	u16 ctrl, data;

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS);
	lo = cfg32(v, VEPC_MSI_CAP + PCI_MSI_ADDRESS_LO);
	hi = cfg32(v, VEPC_MSI_CAP + PCI_MSI_ADDRESS_HI);
	data = cfg16(v, VEPC_MSI_CAP + PCI_MSI_DATA_64);
	mask = cfg32(v, VEPC_MSI_CAP + PCI_MSI_MASK_64);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);

	if (!v->msi_cap) {
		dev_err_ratelimited(v->dev, "raise MSI %u: MSI not configured (set_msi)\n", n);
		return vepc_refuse(v, VEPC_REFUSED_NOT_CONFIGURED, -EINVAL);
	}
	if (!(ctrl & PCI_MSI_FLAGS_ENABLE)) {
		dev_dbg(v->dev, "raise MSI %u: MSI disabled by the host\n", n);
		return vepc_refuse(v, VEPC_REFUSED_DISABLED, -EINVAL);
	}
	/* the host-written Multiple Message Enable, capped at what we offer */
	nvec = 1 << min((ctrl & PCI_MSI_FLAGS_QSIZE) >> 4,
			(ctrl & PCI_MSI_FLAGS_QMASK) >> 1);
	if (n < 1 || n > nvec) {
		dev_err_ratelimited(v->dev, "raise MSI %u: out of range 1..%u (enabled by the host)\n",
				    n, nvec);
		return vepc_refuse(v, VEPC_REFUSED_OUT_OF_RANGE, -EINVAL);
	}
	if (mask & BIT(n - 1)) {
		dev_dbg(v->dev, "raise MSI %u: vector masked\n", n);
		return vepc_refuse(v, VEPC_REFUSED_VECTOR_MASKED, -EPERM);
	}
	/*
	 * A device ORs the vector number into the low bits of the data; the
	 * bridge's data is a Linux irq number, and a multi-MSI block is
	 * contiguous, so adding gives the same result without alignment.
	 */
	return vepc_deliver(v, ((u64)hi << 32) | lo, data + n - 1);
}

static int vepc_raise_irq(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
			  vepc_irq_type_t type, u16 interrupt_num)
{
	struct vepc *v = epc_get_drvdata(epc);

	if (func_no || vfunc_no)
		return -EINVAL;
	atomic_long_inc(&v->raised);
	if (!READ_ONCE(v->link_up))
		return vepc_refuse(v, VEPC_REFUSED_LINK_DOWN, -ENOLINK);
	switch (type) {
	case VEPC_IRQ_MSIX:
		return vepc_raise_msix(v, interrupt_num);
	case VEPC_IRQ_MSI:
		return vepc_raise_msi(v, interrupt_num);
	case VEPC_IRQ_INTX:
		dev_err_ratelimited(v->dev, "raise INTx: not implemented (no INTx wire)\n");
		return vepc_refuse(v, VEPC_REFUSED_UNSUPPORTED, -EINVAL);
	default:
		dev_err_ratelimited(v->dev, "raise: unknown interrupt type %d\n",
				    (int)type);
		return vepc_refuse(v, VEPC_REFUSED_UNSUPPORTED, -EINVAL);
	}
}

static int vepc_start(struct pci_epc *epc)
{
	struct vepc *v = epc_get_drvdata(epc);

	WRITE_ONCE(v->link_target, true);
	schedule_work(&v->link_work);
	return 0;
}

static void vepc_stop(struct pci_epc *epc)
{
	struct vepc *v = epc_get_drvdata(epc);

	WRITE_ONCE(v->link_target, false);
	schedule_work(&v->link_work);
}

static const struct pci_epc_features vepc_features = {
	.linkup_notifier	= true,
	.msi_capable		= true,
	.msix_capable		= true,
	.align			= SZ_4K,
};

static const struct pci_epc_features *
vepc_get_features(struct pci_epc *epc, u8 func_no, u8 vfunc_no)
{
	if (func_no || vfunc_no)
		return NULL;
	return &vepc_features;
}

static const struct pci_epc_ops vepc_epc_ops = {
	.write_header	= vepc_write_header,
	.set_bar	= vepc_set_bar,
	.clear_bar	= vepc_clear_bar,
	.map_addr	= vepc_map_addr,
	.unmap_addr	= vepc_unmap_addr,
	.set_msi	= vepc_set_msi,
	.get_msi	= vepc_get_msi,
	.set_msix	= vepc_set_msix,
	.get_msix	= vepc_get_msix,
	.raise_irq	= vepc_raise_irq,
	.start		= vepc_start,
	.stop		= vepc_stop,
	.get_features	= vepc_get_features,
};

/*
 * The EPC core's encodings of the MSI/MSI-X counts changed across kernels
 * without an API change a compile probe could see: measure them on our own
 * controller before any EPF can bind.
 */
static int vepc_calibrate(struct vepc *v)
{
	int r;

	v->calibrating = true;
	v->cal_arg = -1;
	pci_epc_set_msix(v->epc, 0, 0, 2, BAR_0, 0);
	if (v->cal_arg != 1 && v->cal_arg != 2)
		goto bad;
	v->set_msix_nr = v->cal_arg == 2;
	v->cal_arg = -1;
	pci_epc_set_msi(v->epc, 0, 0, 4);
	if (v->cal_arg != 2 && v->cal_arg != 4)
		goto bad;
	v->set_msi_nr = v->cal_arg == 4;
	v->cal_ret = 2;
	r = pci_epc_get_msix(v->epc, 0, 0);
	if (r != 2 && r != 3)
		goto bad;
	v->get_msix_nr = r == 2;
	r = pci_epc_get_msi(v->epc, 0, 0);
	if (r != 2 && r != 4)
		goto bad;
	v->get_msi_nr = r == 2;
	v->calibrating = false;
	dev_dbg(v->dev, "EPC core encodings: set_msix %s, set_msi %s, get_msix %s, get_msi %s\n",
		v->set_msix_nr ? "nr" : "nr-1", v->set_msi_nr ? "nr" : "log2",
		v->get_msix_nr ? "nr" : "nr-1", v->get_msi_nr ? "nr" : "log2");
	return 0;
bad:
	v->calibrating = false;
	dev_err(v->dev, "unknown EPC core MSI/MSI-X count encoding\n");
	return -EINVAL;
}

/* ---------------------------------------------------------------------- */
/* DMA ops: EPF BAR memory comes from the reserved window                   */

static struct vepc *vepc_from_dev(struct device *dev)
{
	return dev_get_drvdata(dev);
}

static void *vepc_dma_alloc(struct device *dev, size_t size,
			    dma_addr_t *dma_handle, gfp_t gfp,
			    unsigned long attrs)
{
	struct vepc *v = vepc_from_dev(dev);
	unsigned long pages, start, flags;
	size_t sz;

	if (!size || size > v->pool_size)
		goto full;
	sz = roundup_pow_of_two(PAGE_ALIGN(size));
	pages = sz >> PAGE_SHIFT;
	spin_lock_irqsave(&v->pool_lock, flags);
	start = bitmap_find_next_zero_area_off(v->pool_map, v->pool_pages, 0,
					       pages, pages - 1,
					       PHYS_PFN(v->pool_phys));
	if (start >= v->pool_pages) {
		spin_unlock_irqrestore(&v->pool_lock, flags);
		goto full;
	}
	bitmap_set(v->pool_map, start, pages);
	spin_unlock_irqrestore(&v->pool_lock, flags);

	memset_io(v->pool_virt + (start << PAGE_SHIFT), 0, sz);
	*dma_handle = v->pool_phys + (start << PAGE_SHIFT);
	return (void __force *)(v->pool_virt + (start << PAGE_SHIFT));
full:
	dev_err(dev, "BAR window %pa+%#zx: no room for %zu bytes\n",
		&v->pool_phys, v->pool_size, size);
	return NULL;
}

static bool vepc_dma_in_pool(struct vepc *v, dma_addr_t addr, size_t size)
{
	return addr >= v->pool_phys && size <= v->pool_size &&
	       addr - v->pool_phys <= v->pool_size - size;
}

static void vepc_dma_free(struct device *dev, size_t size, void *vaddr,
			  dma_addr_t dma_handle, unsigned long attrs)
{
	struct vepc *v = vepc_from_dev(dev);
	size_t sz = roundup_pow_of_two(PAGE_ALIGN(size));
	unsigned long flags;

	if (!vepc_dma_in_pool(v, dma_handle, sz)) {
		dev_err(dev, "free of %pad+%#zx: not from the BAR window\n",
			&dma_handle, size);
		return;
	}
	spin_lock_irqsave(&v->pool_lock, flags);
	bitmap_clear(v->pool_map, (dma_handle - v->pool_phys) >> PAGE_SHIFT,
		     sz >> PAGE_SHIFT);
	spin_unlock_irqrestore(&v->pool_lock, flags);
}

static int vepc_dma_mmap(struct device *dev, struct vm_area_struct *vma,
			 void *cpu_addr, dma_addr_t dma_addr, size_t size,
			 unsigned long attrs)
{
	struct vepc *v = vepc_from_dev(dev);
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long npages = PAGE_ALIGN(size) >> PAGE_SHIFT;

	if (!vepc_dma_in_pool(v, dma_addr, PAGE_ALIGN(size)) ||
	    vma->vm_pgoff >= npages ||
	    (len >> PAGE_SHIFT) > npages - vma->vm_pgoff)
		return -ENXIO;
	/* same cache type as the kernel's ioremap() of the window */
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	return remap_pfn_range(vma, vma->vm_start,
			       PHYS_PFN(dma_addr) + vma->vm_pgoff, len,
			       vma->vm_page_prot);
}

static dma_addr_t vepc_dma_map_page(struct device *dev, struct page *page,
				    unsigned long offset, size_t size,
				    enum dma_data_direction dir,
				    unsigned long attrs)
{
	return page_to_phys(page) + offset;
}

static const struct dma_map_ops vepc_dma_ops = {
	.alloc		= vepc_dma_alloc,
	.free		= vepc_dma_free,
	.mmap		= vepc_dma_mmap,
	.map_page	= vepc_dma_map_page,
};

/* ---------------------------------------------------------------------- */
/* MSI irq domain of the host bridge                                       */

static void vepc_compose_msi_msg(struct irq_data *d, struct msi_msg *msg)
{
	struct vepc *v = irq_data_get_irq_chip_data(d);

	msg->address_hi = 0;
	msg->address_lo = vepc_doorbell(v);
	msg->data = d->irq;
}

#ifndef HAVE_MSI_FLAG_NO_AFFINITY
static int vepc_msi_set_affinity(struct irq_data *d, const struct cpumask *m,
				 bool force)
{
	return -EINVAL;
}
#endif

static void vepc_remove_domain(void *data)
{
	struct vepc *v = data;

	irq_domain_remove(v->irq_domain);
	irq_domain_free_fwnode(v->fwnode);
}

static int vepc_create_domain(struct vepc *v)
{
	v->msi_chip.name = "VEPC-MSI";
	v->msi_chip.irq_compose_msi_msg = vepc_compose_msi_msg;
#ifndef HAVE_MSI_FLAG_NO_AFFINITY
	v->msi_chip.irq_set_affinity = vepc_msi_set_affinity;
#endif
	v->msi_info.flags = MSI_FLAG_USE_DEF_DOM_OPS | MSI_FLAG_USE_DEF_CHIP_OPS |
			    MSI_FLAG_PCI_MSIX | MSI_FLAG_MULTI_PCI_MSI;
#ifdef HAVE_MSI_FLAG_NO_AFFINITY
	v->msi_info.flags |= MSI_FLAG_NO_AFFINITY;
#endif
	v->msi_info.chip = &v->msi_chip;
	v->msi_info.chip_data = v;
	v->msi_info.handler = handle_simple_irq;
	v->msi_info.handler_name = "simple";

	v->fwnode = irq_domain_alloc_named_id_fwnode("VEPC-MSI",
						     v->sysdata.domain);
	if (!v->fwnode) {
		dev_err(v->dev, "cannot allocate the MSI domain fwnode: %d\n",
			-ENOMEM);
		return -ENOMEM;
	}
	v->irq_domain = pci_msi_create_irq_domain(v->fwnode, &v->msi_info, NULL);
	if (!v->irq_domain) {
		irq_domain_free_fwnode(v->fwnode);
		dev_err(v->dev, "cannot create the MSI irq domain\n");
		return -ENOMEM;
	}
	return devm_add_action_or_reset(v->dev, vepc_remove_domain, v);
}

/* ---------------------------------------------------------------------- */
/* host bridge                                                             */

static void vepc_remove_bus(void *data)
{
	struct vepc *v = data;

	pci_lock_rescan_remove();
	pci_stop_root_bus(v->bus);
	pci_remove_root_bus(v->bus);
	pci_unlock_rescan_remove();
}

static int vepc_create_bus(struct vepc *v)
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

/* ---------------------------------------------------------------------- */
/* debugfs                                                                 */

static int vepc_stats_show(struct seq_file *s, void *unused)
{
	struct vepc *v = s->private;
	int i;

	seq_printf(s, "raised %ld\n", atomic_long_read(&v->raised));
	seq_printf(s, "delivered %ld\n", atomic_long_read(&v->delivered));
	for (i = 0; i < VEPC_REFUSED_NR; i++)
		seq_printf(s, "%s %ld\n", vepc_refuse_names[i],
			   atomic_long_read(&v->refused[i]));
	seq_printf(s, "event_link_down %ld\n",
		   atomic_long_read(&v->ev_count[VEPC_EVENT_LINK_DOWN]));
	seq_printf(s, "event_link_up %ld\n",
		   atomic_long_read(&v->ev_count[VEPC_EVENT_LINK_UP]));
	seq_printf(s, "event_host_reset %ld\n",
		   atomic_long_read(&v->ev_count[VEPC_EVENT_HOST_RESET]));
	seq_printf(s, "event_bme_set %ld\n",
		   atomic_long_read(&v->ev_count[VEPC_EVENT_BME]));
	seq_printf(s, "event_bme_clear %ld\n",
		   atomic_long_read(&v->ev_count[VEPC_EVENT_BME + 1]));
	seq_printf(s, "events_dropped %ld\n", atomic_long_read(&v->events_dropped));
	seq_printf(s, "outbound_copies %ld\n", atomic_long_read(&v->ob_copies));
	seq_printf(s, "outbound_dropped %ld\n", atomic_long_read(&v->ob_dropped));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vepc_stats);

static int vepc_msix_show(struct seq_file *s, void *unused)
{
	struct vepc *v = s->private;
	unsigned long flags;
	u16 ctrl, mctrl;
	u32 mask;

	raw_spin_lock_irqsave(&v->cfg_lock, flags);
	ctrl = cfg16(v, VEPC_MSIX_CAP + PCI_MSIX_FLAGS);
	mctrl = cfg16(v, VEPC_MSI_CAP + PCI_MSI_FLAGS);
	mask = cfg32(v, VEPC_MSI_CAP + PCI_MSI_MASK_64);
	raw_spin_unlock_irqrestore(&v->cfg_lock, flags);
	seq_printf(s, "msix_configured %d\nmsix_enable %d\nmsix_function_mask %d\n",
		   v->msix_cap, !!(ctrl & PCI_MSIX_FLAGS_ENABLE),
		   !!(ctrl & PCI_MSIX_FLAGS_MASKALL));
	seq_printf(s, "msix_vectors %u\nmsix_bir %u\nmsix_offset %#x\n",
		   v->msix_nr, v->msix_bir, v->msix_offset);
	seq_printf(s, "msix_pba_bir %u\nmsix_pba_offset %#x\n",
		   v->pba_bir, v->pba_offset);
	seq_printf(s, "msi_configured %d\nmsi_enable %d\nmsi_mmc %u\nmsi_mme %u\nmsi_mask %#x\n",
		   v->msi_cap, !!(mctrl & PCI_MSI_FLAGS_ENABLE),
		   (mctrl & PCI_MSI_FLAGS_QMASK) >> 1,
		   (mctrl & PCI_MSI_FLAGS_QSIZE) >> 4, mask);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vepc_msix);

static ssize_t vepc_link_read(struct file *f, char __user *buf, size_t len,
			      loff_t *pos)
{
	struct vepc *v = f->private_data;
	const char *s = READ_ONCE(v->link_up) ? "up\n" : "down\n";

	return simple_read_from_buffer(buf, len, pos, s, strlen(s));
}

static ssize_t vepc_link_write(struct file *f, const char __user *ubuf,
			       size_t len, loff_t *pos)
{
	struct vepc *v = f->private_data;
	char buf[8] = {};

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	if (sysfs_streq(buf, "up") || sysfs_streq(buf, "1")) {
		WRITE_ONCE(v->link_target, true);
	} else if (sysfs_streq(buf, "down") || sysfs_streq(buf, "0")) {
		WRITE_ONCE(v->link_target, false);
	} else {
		dev_err(v->dev, "debugfs link: '%s': write up or down\n",
			strim(buf));
		return -EINVAL;
	}
	schedule_work(&v->link_work);
	flush_work(&v->link_work);
	return len;
}

static const struct file_operations vepc_link_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= vepc_link_read,
	.write	= vepc_link_write,
	.llseek	= default_llseek,
};

static ssize_t vepc_reset_write(struct file *f, const char __user *ubuf,
				size_t len, loff_t *pos)
{
	struct vepc *v = f->private_data;

	if (!READ_ONCE(v->link_up)) {
		dev_err(v->dev, "debugfs reset: link is down, nothing to reset\n");
		return -ENOLINK;
	}
	mutex_lock(&v->link_lock);
	v->reset_pending = true;
	mutex_unlock(&v->link_lock);
	schedule_work(&v->link_work);
	flush_work(&v->link_work);
	return len;
}

static const struct file_operations vepc_reset_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= vepc_reset_write,
};

/* "msix N", "msi N" or "intx": raise through the EPC API, as an EPF would */
static ssize_t vepc_raise_write(struct file *f, const char __user *ubuf,
				size_t len, loff_t *pos)
{
	struct vepc *v = f->private_data;
	vepc_irq_type_t type;
	char buf[24] = {};
	unsigned int n = 0;
	char *arg;
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	arg = strim(buf);
	if (!strncmp(arg, "msix ", 5)) {
		type = VEPC_IRQ_MSIX;
		ret = kstrtouint(arg + 5, 0, &n);
	} else if (!strncmp(arg, "msi ", 4)) {
		type = VEPC_IRQ_MSI;
		ret = kstrtouint(arg + 4, 0, &n);
	} else if (!strcmp(arg, "intx")) {
		type = VEPC_IRQ_INTX;
		ret = 0;
	} else {
		ret = -EINVAL;
	}
	if (ret || n > U16_MAX) {
		dev_err(v->dev, "debugfs raise: '%s': write msix N, msi N or intx (N <= %u)\n",
			arg, U16_MAX);
		return -EINVAL;
	}
	ret = pci_epc_raise_irq(v->epc, 0, 0, type, n);
	return ret ? ret : len;
}

static const struct file_operations vepc_raise_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= vepc_raise_write,
};

/* "BAR OFFSET [FUNC]": place the PBA through vepc_msix_set_pba(), as an EPF would */
static ssize_t vepc_pba_write(struct file *f, const char __user *ubuf,
			      size_t len, loff_t *pos)
{
	struct vepc *v = f->private_data;
	unsigned long long offset;
	unsigned int func = 0;
	char buf[48] = {};
	int bar, n, ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	n = sscanf(buf, "%d %lli %u", &bar, &offset, &func);
	if (n < 2 || offset > U32_MAX || func > U8_MAX) {
		dev_err(v->dev, "debugfs pba: '%s': write BAR OFFSET [FUNC] (OFFSET <= %#x, FUNC <= %u)\n",
			strim(buf), U32_MAX, U8_MAX);
		return -EINVAL;
	}
	ret = vepc_msix_set_pba(v->epc, func, bar, offset);
	return ret ? ret : len;
}

static const struct file_operations vepc_pba_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= vepc_pba_write,
};

static void vepc_debugfs(struct vepc *v)
{
	v->dbg = debugfs_create_dir(dev_name(v->dev), vepc_dbg_root);
	debugfs_create_file("stats", 0444, v->dbg, v, &vepc_stats_fops);
	debugfs_create_file("msix", 0444, v->dbg, v, &vepc_msix_fops);
	debugfs_create_file("link", 0644, v->dbg, v, &vepc_link_fops);
	debugfs_create_file("reset", 0200, v->dbg, v, &vepc_reset_fops);
	debugfs_create_file("raise", 0200, v->dbg, v, &vepc_raise_fops);
	debugfs_create_file("pba", 0200, v->dbg, v, &vepc_pba_fops);
}

/* ---------------------------------------------------------------------- */
/* platform device                                                         */

static void vepc_teardown(void *data)
{
	struct vepc *v = data;

	debugfs_remove_recursive(v->dbg);
	WRITE_ONCE(v->dying, true);
	WRITE_ONCE(v->link_target, false);
	cancel_work_sync(&v->link_work);
	/* take the host device away before the bridge goes */
	vepc_link_work(&v->link_work);
	cancel_work_sync(&v->event_work);
}

static void vepc_mem_exit(void *data)
{
	pci_epc_mem_exit(data);
}

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

static int vepc_claim_window(struct vepc *v, phys_addr_t phys, size_t size)
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

/* 6.1's EPC core gives its device no release(); the core kfree()s it */
static void vepc_epc_dev_release(struct device *dev)
{
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

	set_dma_ops(dev, &vepc_dma_ops);
	if (get_dma_ops(dev) != &vepc_dma_ops) {
		dev_err(dev, "this kernel cannot give a device its own DMA ops (needs CONFIG_DMA_OPS, e.g. CONFIG_GART_IOMMU=y)\n");
		return -ENODEV;
	}
	ret = dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (ret) {
		dev_err(dev, "cannot set a 64-bit DMA mask: %d\n", ret);
		return ret;
	}

	v->epc = devm_pci_epc_create(dev, &vepc_epc_ops);
	if (IS_ERR(v->epc)) {
		dev_err(dev, "cannot create the endpoint controller: %pe\n",
			v->epc);
		return PTR_ERR(v->epc);
	}
	if (!v->epc->dev.release)
		v->epc->dev.release = vepc_epc_dev_release;
	v->epc->max_functions = 1;
	epc_set_drvdata(v->epc, v);

	ret = pci_epc_mem_init(v->epc, v->ob_phys, v->ob_size, PAGE_SIZE);
	if (ret) {
		dev_err(dev, "cannot set up the outbound window %pa+%#zx: %d\n",
			&v->ob_phys, v->ob_size, ret);
		return ret;
	}
	ret = devm_add_action_or_reset(dev, vepc_mem_exit, v->epc);
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
	vepc_debugfs(v);
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
	vepc_dbg_root = debugfs_create_dir("vepc", NULL);
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
	debugfs_remove_recursive(vepc_dbg_root);
	return ret;
}
module_init(vepc_init);

static void __exit vepc_exit(void)
{
	vepc_unregister_devices();
	platform_driver_unregister(&vepc_driver);
	debugfs_remove_recursive(vepc_dbg_root);
}
module_exit(vepc_exit);

MODULE_DESCRIPTION("Virtual PCI endpoint controller with a loopback host bridge");
MODULE_LICENSE("GPL");
