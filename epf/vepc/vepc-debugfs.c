// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - debugfs: /sys/kernel/debug/vepc/vepc.N/
 *
 * stats and msix to read what happened and what the host wrote; link,
 * reset, raise and pba to inject what a host or an EPF would do.
 * doc/vepc.md describes each file.
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/pci-epc.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "vepc-internal.h"

static struct dentry *vepc_dbg_root;

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

void vepc_debugfs_add(struct vepc *v)
{
	v->dbg = debugfs_create_dir(dev_name(v->dev), vepc_dbg_root);
	debugfs_create_file("stats", 0444, v->dbg, v, &vepc_stats_fops);
	debugfs_create_file("msix", 0444, v->dbg, v, &vepc_msix_fops);
	debugfs_create_file("link", 0644, v->dbg, v, &vepc_link_fops);
	debugfs_create_file("reset", 0200, v->dbg, v, &vepc_reset_fops);
	debugfs_create_file("raise", 0200, v->dbg, v, &vepc_raise_fops);
	debugfs_create_file("pba", 0200, v->dbg, v, &vepc_pba_fops);
}

void vepc_debugfs_remove(struct vepc *v)
{
	debugfs_remove_recursive(v->dbg);
}

void vepc_debugfs_init(void)
{
	vepc_dbg_root = debugfs_create_dir("vepc", NULL);
}

void vepc_debugfs_exit(void)
{
	debugfs_remove_recursive(vepc_dbg_root);
}
