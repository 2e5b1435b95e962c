// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - DMA ops: EPF BAR memory comes from the reserved window.
 *
 * pci_epf_alloc_space() allocates with dma_alloc_coherent() on the EPC's
 * parent, our platform device.  Its dma_map_ops hand out naturally aligned
 * chunks of the BAR pool, mapped with ioremap() (UC-, the same cache type
 * the host side uses), so the host's BAR and the EPF's memory are the same
 * bytes.  .mmap lets dma_mmap_coherent() map them to userspace.
 */

#include <linux/bitmap.h>
#include <linux/dma-map-ops.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/mm.h>

#include "vepc-internal.h"

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

int vepc_dma_init(struct vepc *v)
{
	struct device *dev = v->dev;
	int ret;

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
	return 0;
}
