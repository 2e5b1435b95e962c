// SPDX-License-Identifier: GPL-2.0
/*
 * uepf configfs attributes (functions/pci_epf_uepf/<name>/uepf/) and the
 * validation of the BAR and MSI-X layout they describe.
 *
 * Every store validates the whole resulting configuration; a bad value is
 * refused with -EINVAL, a log line naming the attribute, the value and the
 * limit, and changes nothing.
 */
#include <linux/configfs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/pci_regs.h>
#include <linux/sizes.h>

#include "../compat.h"
#include "uepf.h"

#define UEPF_WHY_LEN	160

u32 uepf_pba_size(u16 vectors)
{
	return ALIGN(vectors, 64) / 8;
}

void uepf_cfg_init(struct uepf_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->vectors = 1;
	cfg->table_bar = UEPF_BAR_AUTO;
	cfg->pba_bar = UEPF_BAR_AUTO;
}

static int uepf_check_place(const u64 *bar_size, const char *what, int bar,
			    u32 offset, u32 size, char *why)
{
	if (bar < 0 || bar >= PCI_STD_NUM_BARS) {
		snprintf(why, UEPF_WHY_LEN, "%s BAR %d out of range 0..5",
			 what, bar);
		return -EINVAL;
	}
	if (!bar_size[bar]) {
		snprintf(why, UEPF_WHY_LEN, "%s in BAR%d, which is unused (size 0)",
			 what, bar);
		return -EINVAL;
	}
	if (offset & 7) {
		snprintf(why, UEPF_WHY_LEN,
			 "%s offset 0x%x is not 8-byte aligned", what, offset);
		return -EINVAL;
	}
	if ((u64)offset + size > bar_size[bar]) {
		snprintf(why, UEPF_WHY_LEN,
			 "%s [0x%x, 0x%llx) does not fit in BAR%d of 0x%llx bytes",
			 what, offset, (u64)offset + size, bar, bar_size[bar]);
		return -EINVAL;
	}
	return 0;
}

static int uepf_check_msix(const u64 *bar_size, u16 vectors, int table_bar,
			   u32 table_off, int pba_bar, u32 pba_off, char *why)
{
	u32 tsize = vectors * PCI_MSIX_ENTRY_SIZE;
	u32 psize = uepf_pba_size(vectors);
	int ret;

	ret = uepf_check_place(bar_size, "MSI-X table", table_bar, table_off,
			       tsize, why);
	if (ret)
		return ret;
	ret = uepf_check_place(bar_size, "PBA", pba_bar, pba_off, psize, why);
	if (ret)
		return ret;
	if (table_bar == pba_bar && table_off < pba_off + psize &&
	    pba_off < table_off + tsize) {
		snprintf(why, UEPF_WHY_LEN,
			 "table [0x%x, 0x%x) and PBA [0x%x, 0x%x) overlap in BAR%d",
			 table_off, table_off + tsize, pba_off, pba_off + psize,
			 table_bar);
		return -EINVAL;
	}
	return 0;
}

/* Checks that need no controller: ranges, alignment, fit, overlap. */
static int uepf_cfg_check(const struct uepf_cfg *c, char *why)
{
	int i;

	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		u64 s = c->bar_size[i];
		bool is64 = c->bar_flags[i] & PCI_BASE_ADDRESS_MEM_TYPE_64;
		u64 max = is64 ? UEPF_BAR_MAX_SIZE_64 : UEPF_BAR_MAX_SIZE_32;

		if (c->bar_flags[i] & ~UEPF_BAR_CFG_FLAGS) {
			snprintf(why, UEPF_WHY_LEN,
				 "BAR%d flags 0x%x: only 0x%x (64-bit) and 0x%x (prefetchable) are allowed",
				 i, c->bar_flags[i], PCI_BASE_ADDRESS_MEM_TYPE_64,
				 PCI_BASE_ADDRESS_MEM_PREFETCH);
			return -EINVAL;
		}
		if (s && (s < UEPF_BAR_MIN_SIZE || !is_power_of_2(s))) {
			snprintf(why, UEPF_WHY_LEN,
				 "BAR%d size 0x%llx is not a power of two >= %d",
				 i, s, UEPF_BAR_MIN_SIZE);
			return -EINVAL;
		}
		if (s > max) {
			snprintf(why, UEPF_WHY_LEN,
				 "BAR%d size 0x%llx exceeds the %s BAR limit 0x%llx",
				 i, s, is64 ? "64-bit" : "32-bit", max);
			return -EINVAL;
		}
		if (is64 && i == PCI_STD_NUM_BARS - 1) {
			snprintf(why, UEPF_WHY_LEN,
				 "BAR5 cannot be 64-bit: no BAR6 for its upper half");
			return -EINVAL;
		}
		if (is64 && c->bar_size[i + 1]) {
			snprintf(why, UEPF_WHY_LEN,
				 "BAR%d is 64-bit, so BAR%d (its upper half) must be unused, has size 0x%llx",
				 i, i + 1, c->bar_size[i + 1]);
			return -EINVAL;
		}
	}
	if (c->vectors < 1 || c->vectors > UEPF_MAX_VECTORS) {
		snprintf(why, UEPF_WHY_LEN, "vector count %u outside 1..%d",
			 c->vectors, UEPF_MAX_VECTORS);
		return -EINVAL;
	}
	if (c->table_bar == UEPF_BAR_AUTO) {
		if (c->pba_bar != UEPF_BAR_AUTO) {
			snprintf(why, UEPF_WHY_LEN,
				 "PBA placed in BAR%d but the table is automatic: set msix_table_bar first",
				 c->pba_bar);
			return -EINVAL;
		}
		return 0;
	}
	if (c->pba_bar == UEPF_BAR_AUTO)
		return uepf_check_msix(c->bar_size, c->vectors, c->table_bar,
				       c->table_offset, c->table_bar,
				       c->table_offset +
				       c->vectors * PCI_MSIX_ENTRY_SIZE, why);
	return uepf_check_msix(c->bar_size, c->vectors, c->table_bar,
			       c->table_offset, c->pba_bar, c->pba_offset, why);
}

static bool uepf_bar_free(const struct uepf_layout *lay,
			  const struct pci_epc_features *feat, int i)
{
	if (i >= PCI_STD_NUM_BARS || lay->bar_size[i])
		return false;
	if (uepf_feat_bar_reserved(feat, i))
		return false;
	if (i > 0 && (lay->bar_flags[i - 1] & PCI_BASE_ADDRESS_MEM_TYPE_64) &&
	    lay->bar_size[i - 1])
		return false;
	if (uepf_feat_bar_only_64bit(feat, i))
		return uepf_bar_free(lay, feat, i + 1);
	return true;
}

/* Exclusive-BAR layout: table at 0, PBA at half of a power-of-two BAR. */
static int uepf_auto_msix(struct device *dev, struct uepf_layout *lay,
			  const struct pci_epc_features *feat, bool pba_free)
{
	u32 tsize = lay->vectors * PCI_MSIX_ENTRY_SIZE;
	u32 psize = uepf_pba_size(lay->vectors);
	u64 size, fixed;
	int i;

	size = pba_free ? roundup_pow_of_two(2 * tsize) :
			  roundup_pow_of_two(tsize + psize);
	size = max_t(u64, size, UEPF_EXCL_BAR_MIN_SIZE);

	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		if (!uepf_bar_free(lay, feat, i))
			continue;
		fixed = uepf_feat_bar_fixed_size(feat, i);
		if (fixed && fixed < tsize + psize)
			continue;
		lay->bar_size[i] = fixed ? fixed : size;
		if (uepf_feat_bar_only_64bit(feat, i))
			lay->bar_flags[i] |= PCI_BASE_ADDRESS_MEM_TYPE_64;
		lay->table_bar = i;
		lay->table_offset = 0;
		lay->pba_bar = i;
		if (pba_free && tsize <= lay->bar_size[i] / 2)
			lay->pba_offset = lay->bar_size[i] / 2;
		else
			lay->pba_offset = tsize;
		return 0;
	}
	dev_err(dev, "msix_table_bar=auto: no free BAR for a %u-vector table: all used or reserved\n",
		lay->vectors);
	return -EINVAL;
}

/*
 * Apply the controller's constraints (reserved, fixed-size and 64-bit-only
 * BARs) to @cfg and place an automatic MSI-X table.  @pba_free: the
 * controller can put the PBA anywhere; otherwise it follows the
 * pci_epc_set_msix() convention, right after the table.
 */
int uepf_layout_resolve(struct device *dev, const struct uepf_cfg *cfg,
			const struct pci_epc_features *feat, bool pba_free,
			struct uepf_layout *lay)
{
	char why[UEPF_WHY_LEN];
	u32 tsize;
	int i, ret;

	memset(lay, 0, sizeof(*lay));
	lay->vectors = cfg->vectors;
	tsize = cfg->vectors * PCI_MSIX_ENTRY_SIZE;
	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		u64 fixed = uepf_feat_bar_fixed_size(feat, i);

		lay->bar_size[i] = cfg->bar_size[i];
		lay->bar_flags[i] = cfg->bar_flags[i];
		if (!cfg->bar_size[i])
			continue;
		if (uepf_feat_bar_reserved(feat, i)) {
			dev_err(dev, "bar%d_size=0x%llx: BAR%d is reserved by the controller\n",
				i, cfg->bar_size[i], i);
			return -EINVAL;
		}
		if (fixed && cfg->bar_size[i] > fixed) {
			dev_err(dev, "bar%d_size=0x%llx exceeds the controller's fixed BAR%d size 0x%llx\n",
				i, cfg->bar_size[i], i, fixed);
			return -EINVAL;
		}
		if (fixed)
			lay->bar_size[i] = fixed;
		if (uepf_feat_bar_only_64bit(feat, i))
			lay->bar_flags[i] |= PCI_BASE_ADDRESS_MEM_TYPE_64;
	}
	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		if (!lay->bar_size[i] ||
		    !(lay->bar_flags[i] & PCI_BASE_ADDRESS_MEM_TYPE_64))
			continue;
		if (i == PCI_STD_NUM_BARS - 1 || lay->bar_size[i + 1] ||
		    (uepf_feat_bar_reserved(feat, i + 1))) {
			dev_err(dev, "bar%d: the controller makes BAR%d 64-bit but BAR%d (its upper half) is not free\n",
				i, i, i + 1);
			return -EINVAL;
		}
	}

	if (cfg->table_bar == UEPF_BAR_AUTO) {
		ret = uepf_auto_msix(dev, lay, feat, pba_free);
		if (ret)
			return ret;
	} else {
		lay->table_bar = cfg->table_bar;
		lay->table_offset = cfg->table_offset;
		if (cfg->pba_bar == UEPF_BAR_AUTO) {
			lay->pba_bar = cfg->table_bar;
			lay->pba_offset = cfg->table_offset + tsize;
		} else {
			lay->pba_bar = cfg->pba_bar;
			lay->pba_offset = cfg->pba_offset;
		}
	}
	if (!pba_free && (lay->pba_bar != lay->table_bar ||
			  lay->pba_offset != lay->table_offset + tsize)) {
		dev_err(dev, "msix_pba_bar=%d msix_pba_offset=0x%x: this controller puts the PBA right after the table (BAR%d offset 0x%x)\n",
			lay->pba_bar, lay->pba_offset, lay->table_bar,
			lay->table_offset + tsize);
		return -EOPNOTSUPP;
	}
	ret = uepf_check_msix(lay->bar_size, lay->vectors, lay->table_bar,
			      lay->table_offset, lay->pba_bar, lay->pba_offset,
			      why);
	if (ret) {
		dev_err(dev, "MSI-X layout refused on this controller: %s\n",
			why);
		return ret;
	}

	for (i = 0; i < PCI_STD_NUM_BARS; i++) {
		if (!lay->bar_size[i])
			continue;
		lay->bar_uflags[i] = UEPF_BAR_USED;
		if (lay->bar_flags[i] & PCI_BASE_ADDRESS_MEM_TYPE_64)
			lay->bar_uflags[i] |= UEPF_BAR_64BIT;
		if (lay->bar_flags[i] & PCI_BASE_ADDRESS_MEM_PREFETCH)
			lay->bar_uflags[i] |= UEPF_BAR_PREFETCH;
		if (uepf_feat_bar_fixed_size(feat, i))
			lay->bar_uflags[i] |= UEPF_BAR_FIXED_SIZE;
	}
	lay->bar_uflags[lay->table_bar] |= UEPF_BAR_MSIX_TABLE;
	lay->bar_uflags[lay->pba_bar] |= UEPF_BAR_MSIX_PBA;
	return 0;
}

/* configfs */

static struct uepf_fn *to_uepf_fn(struct config_item *item)
{
	return container_of(to_config_group(item), struct uepf_fn, group);
}

enum uepf_attr_kind {
	UEPF_A_VECTORS,
	UEPF_A_TABLE_BAR,
	UEPF_A_TABLE_OFFSET,
	UEPF_A_PBA_BAR,
	UEPF_A_PBA_OFFSET,
	UEPF_A_BAR_SIZE,
	UEPF_A_BAR_FLAGS,
};

static int uepf_parse_bar(const char *page, int *bar)
{
	if (sysfs_streq(page, "auto")) {
		*bar = UEPF_BAR_AUTO;
		return 0;
	}
	return kstrtoint(page, 0, bar);
}

static ssize_t uepf_store(struct config_item *item, const char *attr,
			  enum uepf_attr_kind kind, int barno,
			  const char *page, size_t len)
{
	struct uepf_fn *fn = to_uepf_fn(item);
	struct device *dev = &fn->epf->dev;
	char why[UEPF_WHY_LEN];
	struct uepf_cfg c;
	u64 val = 0;
	int bar = 0, ret;

	if (kind == UEPF_A_TABLE_BAR || kind == UEPF_A_PBA_BAR)
		ret = uepf_parse_bar(page, &bar);
	else
		ret = kstrtou64(page, 0, &val);
	if (ret) {
		dev_err(dev, "%s=%.*s: not a number\n", attr,
			(int)strcspn(page, "\n"), page);
		return -EINVAL;
	}

	mutex_lock(&fn->lock);
	if (fn->dev) {
		dev_err(dev, "%s: cannot change while bound to a controller\n",
			attr);
		ret = -EBUSY;
		goto out;
	}
	c = fn->cfg;
	ret = -EINVAL;
	switch (kind) {
	case UEPF_A_VECTORS:
		if (val < 1 || val > UEPF_MAX_VECTORS) {
			dev_err(dev, "%s=%llu: outside 1..%d\n", attr, val,
				UEPF_MAX_VECTORS);
			goto out;
		}
		c.vectors = val;
		break;
	case UEPF_A_TABLE_BAR:
	case UEPF_A_PBA_BAR:
		if (bar != UEPF_BAR_AUTO &&
		    (bar < 0 || bar >= PCI_STD_NUM_BARS)) {
			dev_err(dev, "%s=%d: outside 0..5 (or auto)\n", attr,
				bar);
			goto out;
		}
		if (kind == UEPF_A_TABLE_BAR)
			c.table_bar = bar;
		else
			c.pba_bar = bar;
		break;
	case UEPF_A_TABLE_OFFSET:
	case UEPF_A_PBA_OFFSET:
		if (val & 7 || val > U32_MAX - 7) {
			dev_err(dev, "%s=0x%llx: must be 8-byte aligned and below 0x%x\n",
				attr, val, U32_MAX - 7);
			goto out;
		}
		if (kind == UEPF_A_TABLE_OFFSET)
			c.table_offset = val;
		else
			c.pba_offset = val;
		break;
	case UEPF_A_BAR_SIZE:
		c.bar_size[barno] = val;
		break;
	case UEPF_A_BAR_FLAGS:
		if (val > U32_MAX) {
			dev_err(dev, "%s=0x%llx: flags are 32 bits\n", attr,
				val);
			goto out;
		}
		c.bar_flags[barno] = val;
		break;
	}
	ret = uepf_cfg_check(&c, why);
	if (ret) {
		dev_err(dev, "%s=%.*s refused: %s\n", attr,
			(int)strcspn(page, "\n"), page, why);
		goto out;
	}
	fn->cfg = c;
	ret = len;
out:
	mutex_unlock(&fn->lock);
	return ret;
}

static ssize_t uepf_show_bar(char *page, int bar)
{
	if (bar == UEPF_BAR_AUTO)
		return sysfs_emit(page, "auto\n");
	return sysfs_emit(page, "%d\n", bar);
}

#define UEPF_ATTR(_name, _kind, _show_expr)				\
static ssize_t uepf_##_name##_store(struct config_item *item,		\
				    const char *page, size_t len)	\
{									\
	return uepf_store(item, #_name, _kind, 0, page, len);		\
}									\
static ssize_t uepf_##_name##_show(struct config_item *item, char *page) \
{									\
	struct uepf_cfg *c = &to_uepf_fn(item)->cfg;			\
	return _show_expr;						\
}									\
CONFIGFS_ATTR(uepf_, _name)

UEPF_ATTR(msix_vectors, UEPF_A_VECTORS, sysfs_emit(page, "%u\n", c->vectors));
UEPF_ATTR(msix_table_bar, UEPF_A_TABLE_BAR, uepf_show_bar(page, c->table_bar));
UEPF_ATTR(msix_table_offset, UEPF_A_TABLE_OFFSET,
	  sysfs_emit(page, "0x%x\n", c->table_offset));
UEPF_ATTR(msix_pba_bar, UEPF_A_PBA_BAR, uepf_show_bar(page, c->pba_bar));
UEPF_ATTR(msix_pba_offset, UEPF_A_PBA_OFFSET,
	  sysfs_emit(page, "0x%x\n", c->pba_offset));

#define UEPF_BAR_ATTRS(_n)						\
static ssize_t uepf_bar##_n##_size_store(struct config_item *item,	\
					 const char *page, size_t len)	\
{									\
	return uepf_store(item, "bar" #_n "_size", UEPF_A_BAR_SIZE, _n,	\
			  page, len);					\
}									\
static ssize_t uepf_bar##_n##_size_show(struct config_item *item,	\
					char *page)			\
{									\
	return sysfs_emit(page, "0x%llx\n",				\
			  to_uepf_fn(item)->cfg.bar_size[_n]);		\
}									\
static ssize_t uepf_bar##_n##_flags_store(struct config_item *item,	\
					  const char *page, size_t len)	\
{									\
	return uepf_store(item, "bar" #_n "_flags", UEPF_A_BAR_FLAGS, _n, \
			  page, len);					\
}									\
static ssize_t uepf_bar##_n##_flags_show(struct config_item *item,	\
					 char *page)			\
{									\
	return sysfs_emit(page, "0x%x\n",				\
			  to_uepf_fn(item)->cfg.bar_flags[_n]);		\
}									\
CONFIGFS_ATTR(uepf_, bar##_n##_size);					\
CONFIGFS_ATTR(uepf_, bar##_n##_flags)

UEPF_BAR_ATTRS(0);
UEPF_BAR_ATTRS(1);
UEPF_BAR_ATTRS(2);
UEPF_BAR_ATTRS(3);
UEPF_BAR_ATTRS(4);
UEPF_BAR_ATTRS(5);

static struct configfs_attribute *uepf_attrs[] = {
	&uepf_attr_msix_vectors,
	&uepf_attr_msix_table_bar,
	&uepf_attr_msix_table_offset,
	&uepf_attr_msix_pba_bar,
	&uepf_attr_msix_pba_offset,
	&uepf_attr_bar0_size,
	&uepf_attr_bar0_flags,
	&uepf_attr_bar1_size,
	&uepf_attr_bar1_flags,
	&uepf_attr_bar2_size,
	&uepf_attr_bar2_flags,
	&uepf_attr_bar3_size,
	&uepf_attr_bar3_flags,
	&uepf_attr_bar4_size,
	&uepf_attr_bar4_flags,
	&uepf_attr_bar5_size,
	&uepf_attr_bar5_flags,
	NULL,
};

static const struct config_item_type uepf_group_type = {
	.ct_attrs	= uepf_attrs,
	.ct_owner	= THIS_MODULE,
};

struct config_group *uepf_add_cfs(struct pci_epf *epf,
				  struct config_group *group)
{
	struct uepf_fn *fn = epf_get_drvdata(epf);

	config_group_init_type_name(&fn->group, "uepf", &uepf_group_type);
	return &fn->group;
}
