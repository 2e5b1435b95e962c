// SPDX-License-Identifier: GPL-2.0
/*
 * vepc - the emulated configuration space of the presented device.
 *
 * 256 bytes and a write mask, like the DBI registers of a DesignWare
 * controller: the header the EPF wrote, BARs fixed by "firmware" (only
 * sizing is honoured), Command, and the MSI and MSI-X capabilities.  The
 * host reaches it through the bridge's pci_ops (vepc-bridge.c), the EPF
 * through the EPC ops (vepc-epc.c); both hold cfg_lock.
 */

#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/string.h>

#include "vepc-internal.h"

/* The PBA Offset/BIR register. Under cfg_lock. */
void vepc_msix_pba_place(struct vepc *v, u8 bir, u32 offset)
{
	v->pba_bir = bir;
	v->pba_offset = offset;
	set32(v, VEPC_MSIX_CAP + PCI_MSIX_PBA, offset | bir);
}

/* Like DesignWare: the PBA follows the table in the same BAR. */
void vepc_msix_pba_default(struct vepc *v)
{
	vepc_msix_pba_place(v, v->msix_bir,
			    v->msix_offset + v->msix_nr * PCI_MSIX_ENTRY_SIZE);
}

/* Power-on / reset values of the host-writable state. Under cfg_lock. */
void vepc_cfg_reset(struct vepc *v)
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
void vepc_cfg_caps(struct vepc *v)
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

void vepc_cfg_init(struct vepc *v)
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

/* What the host reads: @size bytes at @where, little-endian. Under cfg_lock. */
u32 vepc_cfg_read(struct vepc *v, int where, int size)
{
	u32 res = 0;
	int i;

	for (i = 0; i < size; i++)
		res |= (u32)vepc_cfg_byte(v, where + i) << (8 * i);
	return res;
}

/* A host write: only the writable bits change. Under cfg_lock. */
void vepc_cfg_write(struct vepc *v, int where, int size, u32 val)
{
	int i;

	if (where >= PCI_BASE_ADDRESS_0 && where <= PCI_BASE_ADDRESS_5 + 3) {
		/* BARs are dword registers: narrower writes are ignored. */
		if (size == 4 && !(where & 3))
			vepc_bar_write(v, (where - PCI_BASE_ADDRESS_0) / 4, val);
		return;
	}
	for (i = 0; i < size; i++) {
		int off = where + i;
		u8 b = val >> (8 * i);

		v->cfg[off] = (v->cfg[off] & ~v->wmask[off]) |
			      (b & v->wmask[off]);
	}
}
