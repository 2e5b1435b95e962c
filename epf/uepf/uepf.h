/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uepf.ko internals shared by pci-epf-uepf.c (EPF driver), uepf-cfs.c
 * (configfs attributes and layout validation) and uepf-cdev.c (the
 * /dev/uepf/<name> character device).
 */
#ifndef UEPF_INTERNAL_H
#define UEPF_INTERNAL_H

#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/pci-epc.h>
#include <linux/pci-epf.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/uepf.h>

#define UEPF_BAR_AUTO		(-1)
#define UEPF_BAR_MIN_SIZE	128
#define UEPF_BAR_MAX_SIZE_32	SZ_2G
#define UEPF_BAR_MAX_SIZE_64	(1ULL << 40)
#define UEPF_EXCL_BAR_MIN_SIZE	SZ_4K
#define UEPF_BAR_CFG_FLAGS	(PCI_BASE_ADDRESS_MEM_TYPE_64 | \
				 PCI_BASE_ADDRESS_MEM_PREFETCH)

/* The layout the user asked for through configfs. */
struct uepf_cfg {
	u64 bar_size[PCI_STD_NUM_BARS];		/* 0: unused */
	u32 bar_flags[PCI_STD_NUM_BARS];	/* UEPF_BAR_CFG_FLAGS */
	u16 vectors;				/* 1..2048 */
	int table_bar;				/* 0..5 or UEPF_BAR_AUTO */
	u32 table_offset;
	int pba_bar;				/* 0..5 or UEPF_BAR_AUTO */
	u32 pba_offset;
};

/* The layout after applying the controller's constraints. */
struct uepf_layout {
	u64 bar_size[PCI_STD_NUM_BARS];
	u32 bar_flags[PCI_STD_NUM_BARS];	/* PCI_BASE_ADDRESS_* */
	u32 bar_uflags[PCI_STD_NUM_BARS];	/* UEPF_BAR_* */
	u16 vectors;
	int table_bar;
	u32 table_offset;
	int pba_bar;
	u32 pba_offset;
};

struct uepf_dev;

/* One per configfs function directory; devm-allocated on epf->dev. */
struct uepf_fn {
	struct pci_epf *epf;
	struct pci_epf_header header;
	struct config_group group;
	struct mutex lock;		/* cfg, dev */
	struct uepf_cfg cfg;
	struct uepf_dev *dev;		/* set while bound */
	struct work_struct core_init_work;
};

/* Optional vepc extension, taken with symbol_get(). */
struct uepf_vepc_ops {
	int (*func_masked)(struct pci_epc *epc, u8 func_no);
	void (*unregister)(struct pci_epc *epc);
	int (*set_pba)(struct pci_epc *epc, u8 func_no, int bar, u32 offset);
	bool events;
};

/*
 * One per bind.  Reference counted: open files keep it after unbind, when
 * epf is NULL and dead is set; BAR memory is gone by then.
 */
struct uepf_dev {
	struct kref ref;
	struct miscdevice misc;
	char name[UEPF_NAME_LEN];
	char nodename[UEPF_NAME_LEN + 8];
	char miscname[UEPF_NAME_LEN + 8];

	struct mutex lock;		/* epf, dead, mms, files (with ev_lock) */
	struct pci_epf *epf;		/* NULL once unbound */
	struct pci_epc *epc;
	struct device *dma_dev;		/* the EPC's parent: owns BAR memory */
	bool dead;
	bool core_ready;		/* header, BARs and MSI-X written */
	struct list_head mms;		/* struct uepf_mm: who mapped BARs */

	struct uepf_layout lay;
	void *bar_addr[PCI_STD_NUM_BARS];
	dma_addr_t bar_phys[PCI_STD_NUM_BARS];
	bool bar_set[PCI_STD_NUM_BARS];
	u32 features;			/* UEPF_FEAT_* */
	u8 msi_vectors;			/* MSI messages offered, 0: none */
	u64 epc_align;
	struct uepf_vepc_ops vepc;

	spinlock_t ev_lock;		/* files' queues, seq */
	struct list_head files;		/* struct uepf_file */
	u64 seq;
	wait_queue_head_t wq;

	u32 *raise_count;		/* per vector, raises accepted; lock */
	atomic64_t raise_ok;
	atomic64_t raise_refused;
	atomic64_t raise_failed;
	atomic64_t events;
	atomic64_t events_lost;
};

/* uepf-cfs.c */
void uepf_cfg_init(struct uepf_cfg *cfg);
struct config_group *uepf_add_cfs(struct pci_epf *epf,
				  struct config_group *group);
int uepf_layout_resolve(struct device *dev, const struct uepf_cfg *cfg,
			const struct pci_epc_features *feat, bool pba_free,
			struct uepf_layout *lay);
u32 uepf_pba_size(u16 vectors);

/* uepf-cdev.c */
struct uepf_dev *uepf_dev_alloc(const char *name);
void uepf_dev_put(struct uepf_dev *udev);
int uepf_dev_register(struct uepf_dev *udev);
void uepf_dev_kill(struct uepf_dev *udev);
void uepf_dev_event(struct uepf_dev *udev, u32 type, u32 arg);

#endif /* UEPF_INTERNAL_H */
