// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/uepf/<name>: ioctls (INFO, RAISE, CTRL, STATS, RAISE_COUNTS), mmap of the BARs
 * and the event queue (read/poll).  The ABI is include/uapi/linux/uepf.h.
 *
 * Lifetime: struct uepf_dev lives as long as the bind or an open file,
 * whichever is longer.  Unbind (uepf_dev_kill) marks it dead, waits for
 * mmap() calls in flight, zaps every user mapping of the BARs (later
 * accesses get SIGBUS) and only then lets the BAR memory go.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "../compat.h"
#include "uepf.h"

struct uepf_file {
	struct uepf_dev *udev;
	struct address_space *mapping;	/* where its BAR mappings live */
	struct list_head node;		/* udev->files */
	struct uepf_event ring[UEPF_EVENT_QUEUE_LEN];
	unsigned int head;
	unsigned int count;
	bool unbound;			/* UNBOUND not yet read */
	bool eof;			/* UNBOUND read: read returns 0 */
};

struct uepf_mm {
	struct list_head node;
	struct mm_struct *mm;
};

static void uepf_dev_release(struct kref *ref)
{
	struct uepf_dev *udev = container_of(ref, struct uepf_dev, ref);
	struct uepf_mm *m, *tmp;

	list_for_each_entry_safe(m, tmp, &udev->mms, node) {
		mmdrop(m->mm);
		kfree(m);
	}
	kfree(udev->raise_count);
	kfree(udev);
}

void uepf_dev_put(struct uepf_dev *udev)
{
	kref_put(&udev->ref, uepf_dev_release);
}

/* Queue one event on every open file; a full queue ends in OVERFLOW. */
void uepf_dev_event(struct uepf_dev *udev, u32 type, u32 arg)
{
	struct uepf_event ev = {
		.type = type,
		.arg = arg,
		.time_ns = ktime_get_ns(),
	};
	struct uepf_file *uf;
	unsigned long flags;

	spin_lock_irqsave(&udev->ev_lock, flags);
	ev.seq = udev->seq++;
	atomic64_inc(&udev->events);
	list_for_each_entry(uf, &udev->files, node) {
		unsigned int tail = (uf->head + uf->count) % UEPF_EVENT_QUEUE_LEN;
		unsigned int last = (tail + UEPF_EVENT_QUEUE_LEN - 1) %
				    UEPF_EVENT_QUEUE_LEN;

		if (uf->count < UEPF_EVENT_QUEUE_LEN - 1) {
			uf->ring[tail] = ev;
			uf->count++;
		} else if (uf->count == UEPF_EVENT_QUEUE_LEN - 1) {
			uf->ring[tail] = ev;
			uf->ring[tail].type = UEPF_EVENT_OVERFLOW;
			uf->ring[tail].arg = 1;
			uf->count++;
			atomic64_inc(&udev->events_lost);
		} else {
			uf->ring[last].arg++;
			atomic64_inc(&udev->events_lost);
		}
	}
	spin_unlock_irqrestore(&udev->ev_lock, flags);
	wake_up_interruptible(&udev->wq);
}

static int uepf_open(struct inode *inode, struct file *file)
{
	struct miscdevice *misc = file->private_data;
	struct uepf_dev *udev = container_of(misc, struct uepf_dev, misc);
	struct uepf_file *uf;

	uf = kzalloc(sizeof(*uf), GFP_KERNEL);
	if (!uf)
		return -ENOMEM;
	/* misc_open() holds misc_mtx: the bind reference is still ours. */
	kref_get(&udev->ref);
	uf->udev = udev;
	uf->mapping = file->f_mapping;

	mutex_lock(&udev->lock);
	if (udev->dead) {
		mutex_unlock(&udev->lock);
		uepf_dev_put(udev);
		kfree(uf);
		return -ENODEV;
	}
	spin_lock_irq(&udev->ev_lock);
	list_add_tail(&uf->node, &udev->files);
	spin_unlock_irq(&udev->ev_lock);
	mutex_unlock(&udev->lock);

	file->private_data = uf;
	return stream_open(inode, file);
}

static int uepf_release(struct inode *inode, struct file *file)
{
	struct uepf_file *uf = file->private_data;
	struct uepf_dev *udev = uf->udev;

	mutex_lock(&udev->lock);
	spin_lock_irq(&udev->ev_lock);
	list_del(&uf->node);
	spin_unlock_irq(&udev->ev_lock);
	mutex_unlock(&udev->lock);
	kfree(uf);
	uepf_dev_put(udev);
	return 0;
}

static ssize_t uepf_read(struct file *file, char __user *buf, size_t len,
			 loff_t *ppos)
{
	struct uepf_file *uf = file->private_data;
	struct uepf_dev *udev = uf->udev;
	struct uepf_event ev;
	size_t done = 0;
	int ret;

	if (len < sizeof(ev))
		return -EINVAL;

	for (;;) {
		spin_lock_irq(&udev->ev_lock);
		if (uf->count || uf->unbound || uf->eof)
			break;
		spin_unlock_irq(&udev->ev_lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(udev->wq,
					       READ_ONCE(uf->count) ||
					       READ_ONCE(uf->unbound));
		if (ret)
			return ret;
	}

	while (done + sizeof(ev) <= len) {
		if (uf->count) {
			ev = uf->ring[uf->head];
			uf->head = (uf->head + 1) % UEPF_EVENT_QUEUE_LEN;
			uf->count--;
		} else if (uf->unbound) {
			memset(&ev, 0, sizeof(ev));
			ev.type = UEPF_EVENT_UNBOUND;
			ev.seq = udev->seq;
			ev.time_ns = ktime_get_ns();
			uf->unbound = false;
			uf->eof = true;
		} else {
			break;
		}
		spin_unlock_irq(&udev->ev_lock);
		if (copy_to_user(buf + done, &ev, sizeof(ev)))
			return done ? done : -EFAULT;
		done += sizeof(ev);
		spin_lock_irq(&udev->ev_lock);
	}
	spin_unlock_irq(&udev->ev_lock);
	return done;
}

static __poll_t uepf_poll(struct file *file, poll_table *wait)
{
	struct uepf_file *uf = file->private_data;
	struct uepf_dev *udev = uf->udev;
	__poll_t mask = 0;

	poll_wait(file, &udev->wq, wait);
	spin_lock_irq(&udev->ev_lock);
	if (uf->count || uf->unbound)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (uf->unbound || uf->eof)
		mask |= EPOLLHUP;
	spin_unlock_irq(&udev->ev_lock);
	return mask;
}

/* ioctl argument: copy in at least @minsz, no more than @ksz bytes. */
static int uepf_arg_in(void *karg, size_t ksz, size_t minsz,
		       const void __user *uarg, u32 *usize)
{
	u32 size;

	if (get_user(size, (const u32 __user *)uarg))
		return -EFAULT;
	if (size < minsz)
		return -EINVAL;
	memset(karg, 0, ksz);
	if (copy_from_user(karg, uarg, min_t(size_t, size, ksz)))
		return -EFAULT;
	*usize = size;
	return 0;
}

static int uepf_arg_out(void __user *uarg, void *karg, size_t ksz, u32 usize)
{
	size_t n = min_t(size_t, usize, ksz);

	*(u32 *)karg = n;
	return copy_to_user(uarg, karg, n) ? -EFAULT : 0;
}

static long uepf_ioc_info(struct uepf_dev *udev, void __user *uarg)
{
	struct uepf_info info;
	u32 usize;
	int i, ret;

	ret = uepf_arg_in(&info, sizeof(info), sizeof(info), uarg, &usize);
	if (ret)
		return ret;
	memset(&info, 0, sizeof(info));
	info.abi_version = UEPF_ABI_VERSION;
	info.features = udev->features;
	info.msix_vectors = udev->lay.vectors;
	info.msi_vectors = udev->msi_vectors;
	info.table_bar = udev->lay.table_bar;
	info.table_offset = udev->lay.table_offset;
	info.table_size = udev->lay.vectors * PCI_MSIX_ENTRY_SIZE;
	info.pba_bar = udev->lay.pba_bar;
	info.pba_offset = udev->lay.pba_offset;
	info.pba_size = uepf_pba_size(udev->lay.vectors);
	info.epc_align = udev->epc_align;
	strscpy(info.name, udev->name, sizeof(info.name));
	mutex_lock(&udev->lock);
	if (udev->dead) {
		mutex_unlock(&udev->lock);
		return -ENODEV;
	}
	info.func_no = udev->epf->func_no;
	info.vfunc_no = udev->epf->vfunc_no;
	strscpy(info.epc_name, dev_name(&udev->epc->dev),
		sizeof(info.epc_name));
	mutex_unlock(&udev->lock);
	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		info.bar[i].size = udev->lay.bar_size[i];
		info.bar[i].flags = udev->lay.bar_uflags[i];
		info.bar[i].mmap_offset = UEPF_MMAP_OFFSET(i);
	}
	return uepf_arg_out(uarg, &info, sizeof(info), usize);
}

/* Caller holds udev->lock and udev is alive. */
static int uepf_msix_refusal(struct uepf_dev *udev, u32 vector)
{
	struct pci_epf *epf = udev->epf;
	void *entry;
	u32 ctrl;

	if (!pci_epc_get_msix(udev->epc, epf->func_no, epf->vfunc_no))
		return UEPF_REFUSED_DISABLED;
	if (udev->vepc.func_masked &&
	    udev->vepc.func_masked(udev->epc, epf->func_no) > 0)
		return UEPF_REFUSED_FUNC_MASKED;
	/* Host-written BAR memory: one read, trust only the mask bit. */
	entry = udev->bar_addr[udev->lay.table_bar] + udev->lay.table_offset +
		vector * PCI_MSIX_ENTRY_SIZE;
	ctrl = READ_ONCE(*(u32 *)(entry + PCI_MSIX_ENTRY_VECTOR_CTRL));
	if (ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT)
		return UEPF_REFUSED_VECTOR_MASKED;
	return UEPF_REFUSED_NONE;
}

/*
 * MSI raise, caller holds udev->lock and udev is alive: message @r->vector
 * must be below what the host enabled.  Returns 0 or -EINVAL, fills
 * refused/epc_error.
 */
static int uepf_raise_msi(struct uepf_dev *udev, struct uepf_raise *r)
{
	struct pci_epf *epf = udev->epf;
	int enabled, ret;

	enabled = pci_epc_get_msi(udev->epc, epf->func_no, epf->vfunc_no);
	if (!(r->flags & UEPF_RAISE_NOCHECK)) {
		if (enabled <= 0) {
			r->refused = UEPF_REFUSED_MSI_DISABLED;
			return 0;
		}
		if (r->vector >= enabled)
			return -EINVAL;
	}
	ret = pci_epc_raise_irq(udev->epc, epf->func_no, epf->vfunc_no,
				UEPF_IRQ_MSI, r->vector + 1);
	r->epc_error = ret;
	if (ret == -EPERM)
		r->refused = UEPF_REFUSED_BY_EPC;
	return 0;
}

static long uepf_ioc_raise(struct uepf_dev *udev, void __user *uarg)
{
	struct uepf_raise r;
	struct pci_epf *epf;
	u32 usize;
	int ret;

	ret = uepf_arg_in(&r, sizeof(r), sizeof(r), uarg, &usize);
	if (ret)
		return ret;
	if (r.flags & ~(UEPF_RAISE_NOCHECK | UEPF_RAISE_MSI) || r.reserved ||
	    r.refused || r.epc_error)
		return -EINVAL;
	if (r.flags & UEPF_RAISE_MSI) {
		if (r.vector >= udev->msi_vectors)
			return -EINVAL;
	} else if (r.vector >= udev->lay.vectors) {
		return -EINVAL;
	}

	mutex_lock(&udev->lock);
	epf = udev->epf;
	if (udev->dead) {
		ret = -ENODEV;
		goto out;
	}
	if (r.flags & UEPF_RAISE_MSI) {
		ret = uepf_raise_msi(udev, &r);
		if (ret)
			goto out;
	} else if (!(r.flags & UEPF_RAISE_NOCHECK)) {
		r.refused = uepf_msix_refusal(udev, r.vector);
	}
	if (!(r.flags & UEPF_RAISE_MSI) && r.refused == UEPF_REFUSED_NONE) {
		ret = pci_epc_raise_irq(udev->epc, epf->func_no, epf->vfunc_no,
					UEPF_IRQ_MSIX, r.vector + 1);
		r.epc_error = ret;
		if (ret == -EPERM)
			r.refused = UEPF_REFUSED_BY_EPC;
	}
	if (r.refused != UEPF_REFUSED_NONE) {
		atomic64_inc(&udev->raise_refused);
		ret = -EPERM;
	} else if (r.epc_error) {
		atomic64_inc(&udev->raise_failed);
		ret = -EIO;
	} else {
		/* under udev->lock, with the raise: the count is the witness */
		if (!(r.flags & UEPF_RAISE_MSI))
			udev->raise_count[r.vector]++;
		atomic64_inc(&udev->raise_ok);
		ret = 0;
	}
out:
	mutex_unlock(&udev->lock);
	if (ret == 0 || ret == -EPERM || ret == -EIO) {
		if (uepf_arg_out(uarg, &r, sizeof(r), usize))
			return -EFAULT;
	}
	return ret;
}

static long uepf_ioc_ctrl(struct uepf_dev *udev, void __user *uarg)
{
	struct uepf_ctrl c;
	struct pci_epf *epf;
	u32 usize;
	int ret;

	ret = uepf_arg_in(&c, sizeof(c), sizeof(c), uarg, &usize);
	if (ret)
		return ret;
	if (c.flags || c.vectors || c.reserved)
		return -EINVAL;
	mutex_lock(&udev->lock);
	if (udev->dead) {
		mutex_unlock(&udev->lock);
		return -ENODEV;
	}
	epf = udev->epf;
	c.vectors = pci_epc_get_msix(udev->epc, epf->func_no, epf->vfunc_no);
	if (c.vectors)
		c.flags |= UEPF_CTRL_ENABLE;
	if (udev->vepc.func_masked) {
		ret = udev->vepc.func_masked(udev->epc, epf->func_no);
		if (ret >= 0)
			c.flags |= UEPF_CTRL_MASKALL_VALID |
				   (ret ? UEPF_CTRL_MASKALL : 0);
	}
	mutex_unlock(&udev->lock);
	return uepf_arg_out(uarg, &c, sizeof(c), usize);
}

static long uepf_ioc_stats(struct uepf_dev *udev, void __user *uarg)
{
	struct uepf_stats s;
	u32 usize;
	int ret;

	ret = uepf_arg_in(&s, sizeof(s), sizeof(s), uarg, &usize);
	if (ret)
		return ret;
	memset(&s, 0, sizeof(s));
	s.raise_ok = atomic64_read(&udev->raise_ok);
	s.raise_refused = atomic64_read(&udev->raise_refused);
	s.raise_failed = atomic64_read(&udev->raise_failed);
	s.events = atomic64_read(&udev->events);
	s.events_lost = atomic64_read(&udev->events_lost);
	return uepf_arg_out(uarg, &s, sizeof(s), usize);
}

static long uepf_ioc_raise_counts(struct uepf_dev *udev, void __user *uarg)
{
	struct uepf_raise_counts rc;
	u32 usize, *buf;
	int ret;

	ret = uepf_arg_in(&rc, sizeof(rc), sizeof(rc), uarg, &usize);
	if (ret)
		return ret;
	if (rc.reserved || !rc.count ||
	    (u64)rc.first + rc.count > udev->lay.vectors)
		return -EINVAL;
	buf = kmalloc_array(rc.count, sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* copy out of the lock: uepf_mmap() takes it under the mmap lock */
	mutex_lock(&udev->lock);
	if (udev->dead) {
		mutex_unlock(&udev->lock);
		kfree(buf);
		return -ENODEV;
	}
	memcpy(buf, udev->raise_count + rc.first, rc.count * sizeof(*buf));
	mutex_unlock(&udev->lock);
	ret = copy_to_user(u64_to_user_ptr(rc.counts), buf,
			   rc.count * sizeof(*buf)) ? -EFAULT : 0;
	kfree(buf);
	if (ret)
		return ret;
	return uepf_arg_out(uarg, &rc, sizeof(rc), usize);
}

static long uepf_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct uepf_file *uf = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case UEPF_IOC_INFO:
		return uepf_ioc_info(uf->udev, uarg);
	case UEPF_IOC_RAISE:
		return uepf_ioc_raise(uf->udev, uarg);
	case UEPF_IOC_CTRL:
		return uepf_ioc_ctrl(uf->udev, uarg);
	case UEPF_IOC_STATS:
		return uepf_ioc_stats(uf->udev, uarg);
	case UEPF_IOC_RAISE_COUNTS:
		return uepf_ioc_raise_counts(uf->udev, uarg);
	default:
		return -ENOTTY;
	}
}

static vm_fault_t uepf_vm_fault(struct vm_fault *vmf)
{
	/* Every page was mapped by mmap(); a fault means it was zapped. */
	return VM_FAULT_SIGBUS;
}

static const struct vm_operations_struct uepf_vm_ops = {
	.fault = uepf_vm_fault,
};

static int uepf_note_mm(struct uepf_dev *udev, struct mm_struct *mm)
{
	struct uepf_mm *m;

	list_for_each_entry(m, &udev->mms, node)
		if (m->mm == mm)
			return 0;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	mmgrab(mm);
	m->mm = mm;
	list_add(&m->node, &udev->mms);
	return 0;
}

static int uepf_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct uepf_file *uf = file->private_data;
	struct uepf_dev *udev = uf->udev;
	unsigned long pgoff = vma->vm_pgoff;
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long bar = pgoff >> (UEPF_MMAP_SHIFT - PAGE_SHIFT);
	u64 off = (u64)(pgoff & ((1UL << (UEPF_MMAP_SHIFT - PAGE_SHIFT)) - 1))
		  << PAGE_SHIFT;
	u64 size;
	int ret;

	if (bar >= PCI_STD_NUM_BARS || !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	mutex_lock(&udev->lock);
	if (udev->dead) {
		ret = -ENODEV;
		goto out;
	}
	/*
	 * BAR memory comes from dma_alloc_coherent(), in whole pages: a BAR
	 * smaller than a page is mapped as one page (the host sees only the
	 * BAR's size of it).
	 */
	size = PAGE_ALIGN(udev->lay.bar_size[bar]);
	if (!udev->bar_addr[bar] || off >= size || len > size - off) {
		ret = -ENXIO;
		goto out;
	}
	ret = uepf_note_mm(udev, vma->vm_mm);
	if (ret)
		goto out;
	uepf_vm_flags_set(vma, VM_DONTCOPY | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_ops = &uepf_vm_ops;
	vma->vm_pgoff = off >> PAGE_SHIFT;
	ret = dma_mmap_coherent(udev->dma_dev, vma, udev->bar_addr[bar],
				udev->bar_phys[bar], udev->lay.bar_size[bar]);
	vma->vm_pgoff = pgoff;
out:
	mutex_unlock(&udev->lock);
	return ret;
}

static const struct file_operations uepf_fops = {
	.owner		= THIS_MODULE,
	.open		= uepf_open,
	.release	= uepf_release,
	.read		= uepf_read,
	.poll		= uepf_poll,
	.unlocked_ioctl	= uepf_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= uepf_mmap,
};

struct uepf_dev *uepf_dev_alloc(const char *name)
{
	struct uepf_dev *udev;

	udev = kzalloc(sizeof(*udev), GFP_KERNEL);
	if (!udev)
		return NULL;
	kref_init(&udev->ref);
	mutex_init(&udev->lock);
	spin_lock_init(&udev->ev_lock);
	init_waitqueue_head(&udev->wq);
	INIT_LIST_HEAD(&udev->files);
	INIT_LIST_HEAD(&udev->mms);
	strscpy(udev->name, name, sizeof(udev->name));
	snprintf(udev->nodename, sizeof(udev->nodename), "uepf/%s", name);
	snprintf(udev->miscname, sizeof(udev->miscname), "uepf!%s", name);
	return udev;
}

int uepf_dev_register(struct uepf_dev *udev)
{
	udev->misc.minor = MISC_DYNAMIC_MINOR;
	udev->misc.name = udev->miscname;
	udev->misc.nodename = udev->nodename;
	udev->misc.mode = 0600;
	udev->misc.fops = &uepf_fops;
	return misc_register(&udev->misc);
}

/*
 * Unbind: no new opens, no new mappings, no raise in flight; zap every
 * mapping and post UNBOUND.  On return the BAR memory can be freed.
 */
void uepf_dev_kill(struct uepf_dev *udev)
{
	struct uepf_file *uf;
	struct uepf_mm *m;

	misc_deregister(&udev->misc);

	mutex_lock(&udev->lock);
	udev->dead = true;
	udev->epf = NULL;
	mutex_unlock(&udev->lock);

	/*
	 * An mmap() that passed the dead check links its VMA only after
	 * ->mmap returns, under the mmap lock: wait for it before zapping.
	 * The list cannot grow once dead is set.
	 */
	list_for_each_entry(m, &udev->mms, node) {
		mmap_write_lock(m->mm);
		mmap_write_unlock(m->mm);
	}

	mutex_lock(&udev->lock);
	list_for_each_entry(uf, &udev->files, node)
		unmap_mapping_range(uf->mapping, 0, 0, 1);
	spin_lock_irq(&udev->ev_lock);
	list_for_each_entry(uf, &udev->files, node)
		uf->unbound = true;
	spin_unlock_irq(&udev->ev_lock);
	mutex_unlock(&udev->lock);
	wake_up_interruptible(&udev->wq);
}
