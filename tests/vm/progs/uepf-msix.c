/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uepf-msix NAME VECTOR: attach libuepf's MSI-X core to the function's real
 * table and PBA (uepf_device_msix_new()), use VECTOR and notify it.  With
 * MSI-X disabled by the host the notify must latch: prints the notify
 * result, the PBA QWORD holding VECTOR as read back from the mapped BAR,
 * and the table entry's Vector Control.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <linux/pci_regs.h>
#include <uepf/device.h>

int main(int argc, char **argv)
{
	const struct uepf_info *in;
	struct uepf_device *d;
	struct uepf_msix *m;
	volatile uint64_t *pba;
	volatile uint32_t *ent;
	unsigned int v;
	char err[256];
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: uepf-msix NAME VECTOR\n");
		return 2;
	}
	v = strtoul(argv[2], NULL, 0);
	if (uepf_device_open(&d, argv[1], 0, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (uepf_device_msix_new(d, &m, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	in = uepf_device_info(d);
	printf("nvectors=%u\n", uepf_msix_nvectors(m));
	ret = uepf_msix_vector_use(m, v);
	printf("use=%d\n", ret);
	ret = uepf_msix_notify(m, v);
	printf("notify=%s\n", ret == UEPF_MSIX_RAISED ? "raised" :
	       ret == UEPF_MSIX_LATCHED ? "latched" :
	       ret == UEPF_MSIX_IGNORED ? "ignored" : uepf_msix_strerror(ret));
	pba = (volatile uint64_t *)((char *)uepf_device_bar(d, in->pba_bar,
							    NULL) +
				    in->pba_offset);
	ent = (volatile uint32_t *)((char *)uepf_device_bar(d, in->table_bar,
							    NULL) +
				    in->table_offset + v * PCI_MSIX_ENTRY_SIZE);
	printf("pba_qword=0x%016" PRIx64 "\n", (uint64_t)pba[v / 64]);
	printf("pending=%d\n", uepf_msix_is_pending(m, v));
	printf("vector_ctrl=0x%x\n", ent[PCI_MSIX_ENTRY_VECTOR_CTRL / 4]);
	uepf_msix_free(m);
	uepf_device_close(d);
	return 0;
}
