// SPDX-License-Identifier: GPL-2.0
/*
 * uepf-host-test: host-side MSI-X interrupt counter for the uepf tests.
 *
 * A PCI driver with an empty ID table: it binds only to a device named
 * through driver_override or new_id, never to a real device by accident.
 * It enables every MSI-X vector of the device (or max_vectors), counts the
 * interrupts of each and lets userspace mask and unmask a vector through
 * the kernel's own MSI-X mask helpers, in debugfs:
 *
 *   /sys/kernel/debug/uepf-host-test/<BDF>/nvec    number of vectors enabled
 *   /sys/kernel/debug/uepf-host-test/<BDF>/counts  "<vector> <count>" lines
 *   /sys/kernel/debug/uepf-host-test/<BDF>/mask    write a vector number
 *   /sys/kernel/debug/uepf-host-test/<BDF>/unmask  write a vector number
 *
 * Masking uses pci_msi_mask_irq()/pci_msi_unmask_irq() (the PCI/MSI irq
 * chip callbacks) rather than disable_irq(): the vector's mask bit is set in
 * the device's table at once, and an interrupt that arrives while masked is
 * still counted, so a device that ignores the mask bit is seen, not hidden
 * by a lazy disable and a software resend.
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/msi.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/seq_file.h>

#define DRV_NAME "uepf-host-test"

static unsigned int max_vectors;
module_param(max_vectors, uint, 0444);
MODULE_PARM_DESC(max_vectors, "most MSI-X vectors to enable per device (0: all)");

struct uht_vec {
	atomic64_t count;
};

struct uht_dev {
	struct pci_dev *pdev;
	struct dentry *dir;
	u32 nvec;
	struct mutex lock;	/* serialises mask and unmask */
	struct uht_vec vec[];
};

static struct dentry *uht_root;

static irqreturn_t uht_irq(int irq, void *data)
{
	struct uht_vec *v = data;

	atomic64_inc(&v->count);
	return IRQ_HANDLED;
}

static int uht_counts_show(struct seq_file *s, void *unused)
{
	struct uht_dev *ud = s->private;
	u32 i;

	for (i = 0; i < ud->nvec; i++)
		seq_printf(s, "%u %lld\n", i, atomic64_read(&ud->vec[i].count));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(uht_counts);

static ssize_t uht_mask_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos, bool mask)
{
	struct uht_dev *ud = file->private_data;
	struct irq_data *d;
	unsigned int v;
	int irq, ret;

	ret = kstrtouint_from_user(ubuf, count, 0, &v);
	if (ret)
		return ret;
	if (v >= ud->nvec) {
		dev_err_ratelimited(&ud->pdev->dev, "%s: vector %u out of range 0..%u\n",
				    mask ? "mask" : "unmask", v, ud->nvec - 1);
		return -ERANGE;
	}
	irq = pci_irq_vector(ud->pdev, v);
	if (irq < 0)
		return irq;
	d = irq_get_irq_data(irq);
	if (!d)
		return -ENXIO;

	mutex_lock(&ud->lock);
	if (mask)
		pci_msi_mask_irq(d);
	else
		pci_msi_unmask_irq(d);
	mutex_unlock(&ud->lock);
	return count;
}

static ssize_t uht_mask_fwrite(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	return uht_mask_write(file, ubuf, count, ppos, true);
}

static ssize_t uht_unmask_fwrite(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	return uht_mask_write(file, ubuf, count, ppos, false);
}

static const struct file_operations uht_mask_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = uht_mask_fwrite,
};

static const struct file_operations uht_unmask_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = uht_unmask_fwrite,
};

static void uht_debugfs_remove(void *data)
{
	struct uht_dev *ud = data;

	debugfs_remove_recursive(ud->dir);
}

static int uht_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	struct uht_dev *ud;
	int nvec, ret;
	u32 i;

	ret = pcim_enable_device(pdev);
	if (ret) {
		dev_err(dev, "cannot enable the device: %d\n", ret);
		return ret;
	}
	pci_set_master(pdev);

	nvec = pci_msix_vec_count(pdev);
	if (nvec < 0) {
		dev_err(dev, "no MSI-X capability (%d): nothing to test\n", nvec);
		return -ENODEV;
	}
	if (max_vectors && nvec > max_vectors)
		nvec = max_vectors;

	ud = devm_kzalloc(dev, struct_size(ud, vec, nvec), GFP_KERNEL);
	if (!ud)
		return -ENOMEM;
	ud->pdev = pdev;
	ud->nvec = nvec;
	mutex_init(&ud->lock);

	/* Managed by pcim_enable_device(): disabled again on unbind. */
	ret = pci_alloc_irq_vectors(pdev, nvec, nvec, PCI_IRQ_MSIX);
	if (ret < 0) {
		dev_err(dev, "cannot enable %d MSI-X vectors: %d\n", nvec, ret);
		return ret;
	}

	for (i = 0; i < ud->nvec; i++) {
		ret = devm_request_irq(dev, pci_irq_vector(pdev, i), uht_irq, 0,
				       DRV_NAME, &ud->vec[i]);
		if (ret) {
			dev_err(dev, "cannot request the IRQ of vector %u: %d\n", i, ret);
			return ret;
		}
	}

	ud->dir = debugfs_create_dir(pci_name(pdev), uht_root);
	debugfs_create_u32("nvec", 0444, ud->dir, &ud->nvec);
	debugfs_create_file("counts", 0444, ud->dir, ud, &uht_counts_fops);
	debugfs_create_file("mask", 0200, ud->dir, ud, &uht_mask_fops);
	debugfs_create_file("unmask", 0200, ud->dir, ud, &uht_unmask_fops);
	/* Registered last, so the files go before the IRQs are freed. */
	ret = devm_add_action_or_reset(dev, uht_debugfs_remove, ud);
	if (ret)
		return ret;

	pci_set_drvdata(pdev, ud);
	dev_info(dev, "counting interrupts of %u MSI-X vectors\n", ud->nvec);
	return 0;
}

/* Empty: bind through driver_override or new_id only. */
static const struct pci_device_id uht_ids[] = {
	{ }
};

static struct pci_driver uht_driver = {
	.name = DRV_NAME,
	.id_table = uht_ids,
	.probe = uht_probe,
};

static int __init uht_init(void)
{
	int ret;

	uht_root = debugfs_create_dir(DRV_NAME, NULL);
	ret = pci_register_driver(&uht_driver);
	if (ret)
		debugfs_remove_recursive(uht_root);
	return ret;
}
module_init(uht_init);

static void __exit uht_exit(void)
{
	pci_unregister_driver(&uht_driver);
	debugfs_remove_recursive(uht_root);
}
module_exit(uht_exit);

MODULE_DESCRIPTION("uepf host-side MSI-X interrupt counter for tests");
MODULE_LICENSE("GPL");
