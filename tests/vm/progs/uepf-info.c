/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uepf-info NAME: print a function's UEPF_IOC_INFO (through libuepf) as
 * key=value lines for the VM test scripts.
 */
#include <stdio.h>

#include <uepf/device.h>

int main(int argc, char **argv)
{
	const struct uepf_info *in;
	struct uepf_device *d;
	struct uepf_ctrl c;
	struct uepf_stats st;
	char err[256];
	unsigned int i;

	if (argc != 2) {
		fprintf(stderr, "usage: uepf-info NAME\n");
		return 2;
	}
	if (uepf_device_open(&d, argv[1], 0, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	in = uepf_device_info(d);
	printf("abi_version=%u\nname=%s\nepc=%s\nfeatures=0x%x\n",
	       in->abi_version, in->name, in->epc_name, in->features);
	printf("func_mask_readable=%d\n",
	       !!(in->features & UEPF_FEAT_FUNC_MASK_READABLE));
	printf("vectors=%u\ntable_bar=%u\ntable_offset=0x%x\n",
	       in->msix_vectors, in->table_bar, in->table_offset);
	printf("pba_bar=%u\npba_offset=0x%x\n", in->pba_bar, in->pba_offset);
	printf("msi_vectors=%u\n", in->msi_vectors);
	for (i = 0; i < UEPF_NUM_BARS; i++)
		printf("bar%u_size=0x%llx\nbar%u_flags=0x%x\n", i,
		       (unsigned long long)in->bar[i].size, i,
		       in->bar[i].flags);
	if (uepf_device_ctrl(d, &c)) {
		fprintf(stderr, "%s\n", uepf_device_errmsg(d));
	} else {
		printf("enabled=%d\nenabled_vectors=%u\n",
		       !!(c.flags & UEPF_CTRL_ENABLE), c.vectors);
		if (c.flags & UEPF_CTRL_MASKALL_VALID)
			printf("maskall=%d\n", !!(c.flags & UEPF_CTRL_MASKALL));
		else
			printf("maskall=unknown\n");
	}
	if (uepf_device_stats(d, &st)) {
		fprintf(stderr, "%s\n", uepf_device_errmsg(d));
	} else {
		printf("raise_ok=%llu\nraise_refused=%llu\nraise_failed=%llu\n",
		       (unsigned long long)st.raise_ok,
		       (unsigned long long)st.raise_refused,
		       (unsigned long long)st.raise_failed);
		printf("events=%llu\nevents_lost=%llu\n",
		       (unsigned long long)st.events,
		       (unsigned long long)st.events_lost);
	}
	{
		uint32_t rc[UEPF_MAX_VECTORS];

		if (uepf_device_raise_counts(d, 0, in->msix_vectors, rc))
			fprintf(stderr, "%s\n", uepf_device_errmsg(d));
		else
			for (i = 0; i < in->msix_vectors; i++)
				printf("raise_count_%u=%u\n", i, rc[i]);
	}
	uepf_device_close(d);
	return 0;
}
