/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * uepf: userspace endpoint function.  The ABI between uepf.ko (the
 * pci_epf_uepf EPF driver) and userspace, see uepf(4).
 *
 * One character device per bound function: /dev/uepf/<name>, where <name>
 * is the function's configfs directory under
 * /sys/kernel/config/pci_ep/functions/pci_epf_uepf/.
 *
 * Every ioctl argument starts with a __u32 size: the caller sets it to the
 * size of the structure it knows (sizeof).  A size below the first
 * version's size fails with EINVAL; a larger size is accepted and the
 * kernel fills (and reads) only what it knows.  On return the kernel sets
 * size to the number of bytes it filled.  Reserved fields must be zero.
 */
#ifndef _UAPI_LINUX_UEPF_H
#define _UAPI_LINUX_UEPF_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define UEPF_ABI_VERSION	1

#define UEPF_NUM_BARS		6
#define UEPF_MAX_VECTORS	2048
#define UEPF_NAME_LEN		64

/*
 * mmap(2) of BAR <bar> (0..5): offset UEPF_MMAP_OFFSET(bar) + a page
 * aligned offset inside the BAR, MAP_SHARED only.  32-bit programs need
 * a 64-bit off_t (-D_FILE_OFFSET_BITS=64).
 */
#define UEPF_MMAP_SHIFT		40
#define UEPF_MMAP_OFFSET(bar)	((__u64)(bar) << UEPF_MMAP_SHIFT)

/* struct uepf_bar_info.flags */
#define UEPF_BAR_USED		(1U << 0)	/* allocated and set on the EPC */
#define UEPF_BAR_64BIT		(1U << 1)	/* 64-bit memory BAR */
#define UEPF_BAR_PREFETCH	(1U << 2)	/* prefetchable */
#define UEPF_BAR_FIXED_SIZE	(1U << 3)	/* size imposed by the controller */
#define UEPF_BAR_MSIX_TABLE	(1U << 4)	/* holds the MSI-X table */
#define UEPF_BAR_MSIX_PBA	(1U << 5)	/* holds the MSI-X PBA */

struct uepf_bar_info {
	__u64 size;		/* bytes; 0 when the BAR is unused */
	__u64 mmap_offset;	/* UEPF_MMAP_OFFSET(index) */
	__u32 flags;		/* UEPF_BAR_* */
	__u32 reserved;
};

/* struct uepf_info.features: what the controller (EPC) offers */
#define UEPF_FEAT_MSI			(1U << 0)  /* msi_capable */
#define UEPF_FEAT_MSIX			(1U << 1)  /* msix_capable */
#define UEPF_FEAT_LINKUP_NOTIFIER	(1U << 2)  /* link up is reported */
#define UEPF_FEAT_CORE_INIT_NOTIFIER	(1U << 3)  /* core init is reported */
#define UEPF_FEAT_FUNC_MASK_READABLE	(1U << 4)  /* CTRL can read MASKALL */
#define UEPF_FEAT_EXT_EVENTS		(1U << 5)  /* link down, reset, BME */
#define UEPF_FEAT_RAISE_COUNTS		(1U << 6)  /* UEPF_IOC_RAISE_COUNTS */

struct uepf_info {
	__u32 size;			/* in: sizeof; out: bytes filled */
	__u32 abi_version;		/* UEPF_ABI_VERSION */
	__u32 features;			/* UEPF_FEAT_* */
	__u16 msix_vectors;		/* table size, 1..2048 */
	__u8 func_no;			/* physical function number on the EPC */
	__u8 vfunc_no;			/* virtual function number (0: none) */
	__u8 table_bar;			/* BIR of the MSI-X table */
	__u8 pba_bar;			/* BIR of the PBA */
	__u16 msi_vectors;		/* MSI messages offered (1..32), 0: no MSI */
	__u32 table_offset;		/* byte offset of the table in its BAR */
	__u32 pba_offset;		/* byte offset of the PBA in its BAR */
	__u32 table_size;		/* msix_vectors * PCI_MSIX_ENTRY_SIZE */
	__u32 pba_size;			/* ALIGN(msix_vectors, 64) / 8 */
	__u64 epc_align;		/* BAR alignment the controller needs */
	char name[UEPF_NAME_LEN];	/* function (configfs) name, NUL ended */
	char epc_name[UEPF_NAME_LEN];	/* controller name, NUL ended */
	struct uepf_bar_info bar[UEPF_NUM_BARS];
};

/* struct uepf_raise.flags */
#define UEPF_RAISE_NOCHECK	(1U << 0)  /* skip uepf's mask checks */
#define UEPF_RAISE_MSI		(1U << 1)  /* plain MSI, not MSI-X */

/* struct uepf_raise.refused: why a raise failed with EPERM */
#define UEPF_REFUSED_NONE		0
#define UEPF_REFUSED_DISABLED		1  /* MSI-X Enable is clear */
#define UEPF_REFUSED_FUNC_MASKED	2  /* Function Mask is set */
#define UEPF_REFUSED_VECTOR_MASKED	3  /* Vector Control mask bit set */
#define UEPF_REFUSED_BY_EPC		4  /* the controller said EPERM */
#define UEPF_REFUSED_MSI_DISABLED	5  /* MSI Enable is clear (MSI raise) */

/*
 * Raise MSI-X vector <vector> (0-based) through pci_epc_raise_irq().
 * Errors: EINVAL vector >= msix_vectors, unknown flags or reserved bits;
 * EPERM the vector, the function or MSI-X is masked/disabled (reason in
 * refused, which is copied back); EIO the controller failed otherwise
 * (its errno in epc_error); ENODEV the function was unbound.
 *
 * With UEPF_RAISE_MSI: raise MSI message <vector> (0-based) instead.  The
 * function has an MSI capability when the controller is MSI capable and
 * the configfs attribute msi_interrupts was 1..32 at bind (info
 * msi_vectors).  EINVAL the function has no MSI, or vector is not below
 * the number of messages the host enabled (pci_epc_get_msi()); EPERM
 * (UEPF_REFUSED_MSI_DISABLED) the host has MSI disabled.  MSI raises are
 * counted in uepf_stats but not in the per-vector MSI-X raise counts.
 */
struct uepf_raise {
	__u32 size;
	__u32 vector;
	__u32 flags;		/* UEPF_RAISE_* */
	__u32 refused;		/* out: UEPF_REFUSED_* */
	__s32 epc_error;	/* out: the controller's negative errno, or 0 */
	__u32 reserved;
};

/* struct uepf_ctrl.flags */
#define UEPF_CTRL_ENABLE	(1U << 0)  /* MSI-X Enable is set */
#define UEPF_CTRL_MASKALL	(1U << 1)  /* Function Mask is set */
#define UEPF_CTRL_MASKALL_VALID	(1U << 2)  /* MASKALL is known */

/* Message Control as the host last wrote it, read through the EPC. */
struct uepf_ctrl {
	__u32 size;
	__u32 flags;		/* out: UEPF_CTRL_* */
	__u32 vectors;		/* out: pci_epc_get_msix(): 0 when disabled */
	__u32 reserved;
};

/* Counters since bind. */
struct uepf_stats {
	__u32 size;
	__u32 reserved;
	__u64 raise_ok;		/* raises the controller accepted */
	__u64 raise_refused;	/* EPERM: masked or disabled */
	__u64 raise_failed;	/* EIO: other controller errors */
	__u64 events;		/* events queued */
	__u64 events_lost;	/* events folded into UEPF_EVENT_OVERFLOW */
};

/*
 * Per-vector raise counts: for each vector in [first, first + count) the
 * number of its raises the controller accepted since bind (UEPF_IOC_RAISE
 * whose pci_epc_raise_irq() returned 0), a __u32 that wraps.  A refused or
 * failed raise does not count.  counts is the user address of count __u32s
 * the kernel fills.  A raise and its count are one step: a count that grew
 * means the message left, whatever happened to the caller afterwards.
 * Errors: EINVAL count 0, first + count > msix_vectors, reserved set;
 * EFAULT bad counts address; ENODEV the function was unbound.
 */
struct uepf_raise_counts {
	__u32 size;
	__u32 first;		/* first vector, 0-based */
	__u32 count;		/* number of vectors, >= 1 */
	__u32 reserved;
	__u64 counts;		/* user address of count __u32s */
};

#define UEPF_IOC_MAGIC		0xEF
#define UEPF_IOC_INFO		_IOWR(UEPF_IOC_MAGIC, 0x00, struct uepf_info)
#define UEPF_IOC_RAISE		_IOWR(UEPF_IOC_MAGIC, 0x01, struct uepf_raise)
#define UEPF_IOC_CTRL		_IOWR(UEPF_IOC_MAGIC, 0x02, struct uepf_ctrl)
#define UEPF_IOC_STATS		_IOWR(UEPF_IOC_MAGIC, 0x03, struct uepf_stats)
#define UEPF_IOC_RAISE_COUNTS	_IOWR(UEPF_IOC_MAGIC, 0x04, \
				      struct uepf_raise_counts)

/*
 * Events: read(2) returns whole struct uepf_event records (a buffer
 * smaller than one record: EINVAL); poll(2) reports POLLIN when one is
 * queued.  The queue holds UEPF_EVENT_QUEUE_LEN records; when it is full
 * the last slot becomes UEPF_EVENT_OVERFLOW whose arg counts the events
 * lost.  After UEPF_EVENT_UNBOUND read returns 0 (end of file).
 */
#define UEPF_EVENT_QUEUE_LEN	64

enum uepf_event_type {
	UEPF_EVENT_OVERFLOW	= 1,	/* arg: events lost */
	UEPF_EVENT_CORE_INIT	= 2,	/* controller (re)initialised */
	UEPF_EVENT_LINK_UP	= 3,
	UEPF_EVENT_LINK_DOWN	= 4,
	UEPF_EVENT_BME		= 5,	/* arg: 1 set, 0 cleared */
	UEPF_EVENT_HOST_RESET	= 6,
	UEPF_EVENT_UNBOUND	= 7,	/* last event: function unbound */
};

struct uepf_event {
	__u32 type;		/* enum uepf_event_type */
	__u32 arg;
	__u64 seq;		/* 0, 1, 2 ... per open file's device */
	__u64 time_ns;		/* CLOCK_MONOTONIC */
};

#endif /* _UAPI_LINUX_UEPF_H */
