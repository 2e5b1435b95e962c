/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vepc - virtual PCI endpoint controller with a loopback host bridge.
 *
 * What the files of vepc.ko share: struct vepc (one controller) and the
 * functions one file calls in another.  The files, one concern each:
 *
 *  vepc-main.c      module parameters, platform driver probe/teardown,
 *                   module init/exit
 *  vepc-window.c    the reserved window's place in the resource tree
 *  vepc-dma.c       DMA ops: EPF BAR memory from the window
 *  vepc-epc.c       the endpoint controller: pci_epc_ops, calibration of
 *                   the EPC core's MSI/MSI-X count encodings
 *  vepc-outbound.c  map_addr/unmap_addr: the outbound window
 *  vepc-raise.c     raise_irq: what the host wrote, refused or delivered
 *  vepc-cfg.c       the emulated config space of the presented device
 *  vepc-bridge.c    the loopback host bridge: pci_ops, root bus, scan
 *  vepc-link.c      the link state machine: up, down, hot reset
 *  vepc-msi.c       the bridge's MSI irq domain and message delivery
 *  vepc-events.c    the event queue and its worker
 *  vepc-ext.c       the extension API declared in vepc.h
 *  vepc-debugfs.c   /sys/kernel/debug/vepc/vepc.N/
 */
#ifndef _VEPC_INTERNAL_H
#define _VEPC_INTERNAL_H

#include <linux/atomic.h>
#include <linux/ioport.h>
#include <linux/irq.h>
#include <linux/kfifo.h>
#include <linux/msi.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/pci-epc.h>
#include <linux/spinlock.h>
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

/* Why a raise was refused: one counter each in debugfs "stats". */
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

/* pba_placement module parameter (vepc-main.c): offer vepc_msix_set_pba() */
extern bool vepc_pba_placement;

/* Little-endian accessors of the emulated config space. Under cfg_lock. */
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

/* Count a refused raise and return @err. */
static inline int vepc_refuse(struct vepc *v, enum vepc_refuse why, int err)
{
	atomic_long_inc(&v->refused[why]);
	return err;
}

/* --- vepc-window.c ---------------------------------------------------- */

/**
 * vepc_claim_window() - put a controller's share of the window in iomem
 * @v: the controller, with pool_* and ob_* set
 * @phys: start of its share (the "slice")
 * @size: size of the slice
 *
 * Inserts the slice, not busy, with "vepc.N BARs" (the pool) and
 * "vepc.N outbound" in it; released by a devm action.
 *
 * Return: 0, or a negative errno after a log line naming the conflict.
 */
int vepc_claim_window(struct vepc *v, phys_addr_t phys, size_t size);

/* --- vepc-dma.c ------------------------------------------------------- */

/**
 * vepc_dma_init() - give the platform device vepc's DMA ops
 * @v: the controller, with its BAR pool mapped
 *
 * After this, dma_alloc_coherent() on @v->dev (hence pci_epf_alloc_space)
 * hands out naturally aligned chunks of the BAR pool.
 *
 * Return: 0, -ENODEV if this kernel cannot give a device its own DMA
 * ops, or the error of setting the DMA mask.
 */
int vepc_dma_init(struct vepc *v);

/* --- vepc-epc.c ------------------------------------------------------- */

/**
 * vepc_epc_create() - create the endpoint controller and its outbound memory
 * @v: the controller, with ob_phys and ob_size set
 *
 * Managed: the EPC and its pci_epc_mem go away with @v->dev.
 *
 * Return: 0 or a negative errno (logged).
 */
int vepc_epc_create(struct vepc *v);

/**
 * vepc_calibrate() - measure the EPC core's MSI/MSI-X count encodings
 * @v: the controller, created, with no EPF bound yet
 *
 * Sets set_msix_nr, set_msi_nr, get_msix_nr and get_msi_nr.
 *
 * Return: 0, or -EINVAL when the core uses an encoding vepc does not know.
 */
int vepc_calibrate(struct vepc *v);

/**
 * vepc_from_epc() - the vepc behind a controller
 * @epc: any controller, or an error pointer or NULL
 *
 * Return: the vepc, or NULL if @epc is not one of vepc's controllers.
 */
struct vepc *vepc_from_epc(struct pci_epc *epc);

/* --- vepc-outbound.c: pci_epc_ops map_addr and unmap_addr ------------- */

/**
 * vepc_map_addr() - pci_epc_ops.map_addr: map host memory at @pci_addr
 * @epc: the controller
 * @func_no: physical function, 0
 * @vfunc_no: virtual function, 0
 * @addr: CPU address in the outbound window
 * @pci_addr: host address, must be host System RAM
 * @size: bytes
 *
 * The host's bytes are copied into the window now (when the host has Bus
 * Master Enable set).
 *
 * Return: 0, -EINVAL (outside the window, not host memory), -EBUSY
 * (mapped already) or -ENOSPC (all VEPC_MAX_OB regions in use).
 */
int vepc_map_addr(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
		  phys_addr_t addr, u64 pci_addr, size_t size);

/**
 * vepc_unmap_addr() - pci_epc_ops.unmap_addr: copy back and free a region
 * @epc: the controller
 * @func_no: physical function, 0
 * @vfunc_no: virtual function, 0
 * @addr: the CPU address given to vepc_map_addr()
 */
void vepc_unmap_addr(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
		     phys_addr_t addr);

/* --- vepc-raise.c ----------------------------------------------------- */

/**
 * vepc_raise_irq() - pci_epc_ops.raise_irq, checked like DesignWare
 * @epc: the controller
 * @func_no: physical function, 0
 * @vfunc_no: virtual function, 0
 * @type: MSI-X, MSI or INTx (refused: no INTx wire)
 * @interrupt_num: vector, from 1
 *
 * Reads what the host wrote (the MSI-X table entry in BAR memory, or the
 * MSI capability) and delivers the message through the bridge's irq
 * domain.  Every refusal is counted in debugfs "stats".
 *
 * Return: 0 when delivered; -ENOLINK, -EINVAL or -EPERM (masked) when
 * refused.
 */
int vepc_raise_irq(struct pci_epc *epc, u8 func_no, u8 vfunc_no,
		   vepc_irq_type_t type, u16 interrupt_num);

/* --- vepc-cfg.c ------------------------------------------------------- */

/**
 * vepc_cfg_init() - power-on config space: no function, capabilities built
 * @v: the controller, before anyone else can see it
 */
void vepc_cfg_init(struct vepc *v);

/**
 * vepc_cfg_reset() - reset the host-writable state (DL_Down, hot reset)
 * @v: the controller, cfg_lock held
 *
 * Clears Command, MSI/MSI-X Enable, Function Mask, MME, the MSI address,
 * data and mask bits, and BAR sizing.
 */
void vepc_cfg_reset(struct vepc *v);

/**
 * vepc_cfg_caps() - rebuild the capability list from msi_cap and msix_cap
 * @v: the controller, cfg_lock held
 */
void vepc_cfg_caps(struct vepc *v);

/**
 * vepc_cfg_read() - what the host reads from the config space
 * @v: the controller, cfg_lock held
 * @where: offset, @where + @size <= VEPC_CFG_SIZE
 * @size: 1, 2 or 4 bytes
 *
 * Return: the value, BAR registers as the host sees them (sizing too).
 */
u32 vepc_cfg_read(struct vepc *v, int where, int size);

/**
 * vepc_cfg_write() - a host write to the config space
 * @v: the controller, cfg_lock held
 * @where: offset, @where + @size <= VEPC_CFG_SIZE
 * @size: 1, 2 or 4 bytes
 * @val: the value
 *
 * Only the bits of wmask change; BARs take only an aligned dword (sizing).
 */
void vepc_cfg_write(struct vepc *v, int where, int size, u32 val);

/**
 * vepc_msix_pba_place() - set the MSI-X PBA Offset/BIR register
 * @v: the controller, cfg_lock held
 * @bir: the BAR holding the PBA
 * @offset: its offset in the BAR, 8-byte aligned
 */
void vepc_msix_pba_place(struct vepc *v, u8 bir, u32 offset);

/**
 * vepc_msix_pba_default() - put the PBA right after the table (DesignWare)
 * @v: the controller, cfg_lock held, msix_nr/bir/offset set
 */
void vepc_msix_pba_default(struct vepc *v);

/* --- vepc-bridge.c ---------------------------------------------------- */

/**
 * vepc_create_bus() - create the host bridge's root bus (not scanned)
 * @v: the controller, with its MSI irq domain and mem_res
 *
 * Managed: the bus is removed with @v->dev.
 *
 * Return: 0 or a negative errno (logged).
 */
int vepc_create_bus(struct vepc *v);

/**
 * vepc_host_scan() - enumerate the device, claim its BARs, bind drivers
 * @v: the controller, link up
 */
void vepc_host_scan(struct vepc *v);

/**
 * vepc_host_remove() - remove the host's device (and unbind its driver)
 * @v: the controller
 */
void vepc_host_remove(struct vepc *v);

/* --- vepc-link.c ------------------------------------------------------ */

/**
 * vepc_link_work() - bring the link to link_target, or do a pending reset
 * @work: &vepc.link_work
 *
 * Link up: event, pci_epc_linkup(), host scan.  Link down: host removal,
 * config reset, event, linkdown notification.  Also called directly at
 * teardown, with dying set, to take the host device away.
 */
void vepc_link_work(struct work_struct *work);

/* --- vepc-msi.c ------------------------------------------------------- */

/**
 * vepc_create_domain() - create the bridge's PCI/MSI irq domain
 * @v: the controller, with sysdata.domain set
 *
 * Managed: removed with @v->dev.
 *
 * Return: 0 or a negative errno (logged).
 */
int vepc_create_domain(struct vepc *v);

/**
 * vepc_deliver() - hand a message the host programmed to its interrupt
 * @v: the controller
 * @addr: message address; must be this bridge's doorbell
 * @data: message data; must be an irq of this bridge's domain
 *
 * Return: 0 when delivered; otherwise a refusal counted as bad_message.
 */
int vepc_deliver(struct vepc *v, u64 addr, u32 data);

/* --- vepc-events.c ---------------------------------------------------- */

/**
 * vepc_queue_event() - queue an event for the registered callback
 * @v: the controller
 * @event: what happened
 * @arg: VEPC_EVENT_BME: 1 = set, 0 = cleared; 0 otherwise
 *
 * Any context (the config-write path holds pci_lock with interrupts
 * off).  Counted; when the queue is full the event is dropped and counted
 * in events_dropped.
 */
void vepc_queue_event(struct vepc *v, enum vepc_event event, u32 arg);

/**
 * vepc_event_work() - deliver queued events in order, in process context
 * @work: &vepc.event_work
 */
void vepc_event_work(struct work_struct *work);

/* --- vepc-debugfs.c --------------------------------------------------- */

/** vepc_debugfs_init() - create /sys/kernel/debug/vepc (module init) */
void vepc_debugfs_init(void);

/** vepc_debugfs_exit() - remove /sys/kernel/debug/vepc (module exit) */
void vepc_debugfs_exit(void);

/**
 * vepc_debugfs_add() - create the controller's directory vepc/vepc.N/
 * @v: the controller, ready for link, reset, raise and pba writes
 */
void vepc_debugfs_add(struct vepc *v);

/**
 * vepc_debugfs_remove() - remove the controller's directory
 * @v: the controller
 */
void vepc_debugfs_remove(struct vepc *v);

#endif /* _VEPC_INTERNAL_H */
