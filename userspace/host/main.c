// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepf-host: look at and exercise the MSI-X capability of a PCI device from
 * the host side, built on libpci.  Options and verbs; the work is in the
 * other files (see host.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "host.h"

struct host_opts opts = {
	.timeout_ms = 100,
	.settle_ms = 10,
	.debugfs = "/sys/kernel/debug/uepf-host-test",
};

static struct pci_access *pacc;

static void pci_error(char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

static void pci_error(char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("libpci: ", fmt, ap);
	va_end(ap);
	exit(EXIT_TROUBLE);
}

static void pci_warning(char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void pci_warning(char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("libpci: warning: ", fmt, ap);
	va_end(ap);
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

const char *dev_name(struct pci_dev *d, char *buf, size_t len)
{
	snprintf(buf, len, "%04x:%02x:%02x.%d", d->domain, d->bus, d->dev, d->func);
	return buf;
}

static void usage(FILE *f)
{
	fputs("Usage: uepf-host [OPTIONS] VERB [ARGS]\n"
	      "\n"
	      "Verbs:\n"
	      "  list                       devices with an MSI-X capability\n"
	      "  show BDF                   capability, layout checks, table entries, PBA\n"
	      "  mask|unmask BDF VECTOR...  set/clear the mask bit of table entries\n"
	      "  fmask|funmask BDF          set/clear Function Mask (config space)\n"
	      "  enable|disable BDF         set/clear MSI-X Enable (config space)\n"
	      "  check BDF [VECTOR...]      masking scenario (needs uepf-host-test and --doorbell)\n"
	      "\n"
	      "Options:\n"
	      "  -A METHOD                  libpci access method (as lspci -A; e.g. dump)\n"
	      "  -O PARAM=VALUE             libpci parameter (as lspci -O; e.g. dump.name=FILE)\n"
	      "  -F FILE                    read a config-space dump (-A dump -O dump.name=FILE)\n"
	      "  --json                     JSON output (list, show)\n"
	      "  --bar-size N=SIZE          size of BAR N when the source has none (dumps)\n"
	      "  --doorbell BAR:OFFSET      uepf doorbell: 32-bit write of the vector number\n"
	      "  --doorbell epf-test[:BAR]  pci-epf-test register block (default BAR 0)\n"
	      "  --timeout MS               check: wait for an expected event (default 100)\n"
	      "  --settle MS                check: watch for extra interrupts (default 10)\n"
	      "  --debugfs DIR              uepf-host-test debugfs root\n"
	      "                             (default /sys/kernel/debug/uepf-host-test)\n"
	      "  -h, --help                 this text\n"
	      "\n"
	      "Exit status: 0 all held, 1 a check or layout rule failed, 2 could not run.\n",
	      f);
}

static unsigned long parse_num(const char *s, const char *what, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-' || v > max)
		die(EXIT_TROUBLE, "%s '%s' is not a number in 0..%lu", what, s, max);
	return v;
}

/* "N=SIZE" with optional K/M/G suffix. */
static void parse_bar_size(const char *s)
{
	char *end;
	unsigned long n;
	unsigned long long size;

	errno = 0;
	n = strtoul(s, &end, 0);
	if (errno || end == s || *end != '=' || n > 5)
		die(EXIT_TROUBLE, "--bar-size %s: expected N=SIZE with N in 0..5", s);
	s = end + 1;
	errno = 0;
	size = strtoull(s, &end, 0);
	if (errno || end == s)
		die(EXIT_TROUBLE, "--bar-size: bad size '%s'", s);
	switch (*end) {
	case 'K': case 'k': size <<= 10; end++; break;
	case 'M': case 'm': size <<= 20; end++; break;
	case 'G': case 'g': size <<= 30; end++; break;
	}
	if (*end || size < 16 || (size & (size - 1)))
		die(EXIT_TROUBLE, "--bar-size: size '%s' must be a power of two of at least 16 bytes", s);
	opts.bar_size[n] = size;
}

static void need_root(void)
{
	if (!opts.dump && geteuid() != 0)
		die(EXIT_TROUBLE, "must be root: without it the kernel shows only the first 64 bytes of config space, where no MSI-X capability lives");
}

static struct pci_dev *find_dev(const char *bdf)
{
	struct pci_filter f;
	struct pci_dev *d, *found = NULL;
	char *err, buf[64];

	pci_filter_init(pacc, &f);
	snprintf(buf, sizeof(buf), "%s", bdf);
	err = pci_filter_parse_slot(&f, buf);
	if (err || f.func < 0 || f.slot < 0 || f.bus < 0)
		die(EXIT_TROUBLE, "'%s' is not a device address ([DOMAIN:]BUS:DEV.FN): %s",
		    bdf, err ? err : "give bus, device and function");
	for (d = pacc->devices; d; d = d->next) {
		if (!pci_filter_match(&f, d))
			continue;
		if (found)
			die(EXIT_TROUBLE, "'%s' matches several devices: give the domain too", bdf);
		found = d;
	}
	if (!found)
		die(EXIT_TROUBLE, "no such device: %s", bdf);
	pci_fill_info(found, PCI_FILL_IDENT | PCI_FILL_BASES | PCI_FILL_SIZES | PCI_FILL_CAPS);
	return found;
}

static void need_msix(struct pci_dev *d, struct msix_cap *c)
{
	char name[32];

	if (!msix_cap_read(d, c))
		die(EXIT_TROUBLE, "%s has no MSI-X capability", dev_name(d, name, sizeof(name)));
}

/* ---- list ---------------------------------------------------------------- */

static int dev_cmp(const void *a, const void *b)
{
	const struct pci_dev *x = *(struct pci_dev *const *)a;
	const struct pci_dev *y = *(struct pci_dev *const *)b;

	if (x->domain != y->domain)
		return x->domain < y->domain ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus - y->bus;
	if (x->dev != y->dev)
		return x->dev - y->dev;
	return x->func - y->func;
}

static int cmd_list(void)
{
	struct pci_dev *d, **devs;
	struct msix_cap c;
	char name[32];
	size_t count = 0, i;
	int n = 0;

	for (d = pacc->devices; d; d = d->next)
		count++;
	devs = calloc(count + 1, sizeof(*devs));
	if (!devs)
		die(EXIT_TROUBLE, "out of memory");
	for (d = pacc->devices, i = 0; d; d = d->next)
		devs[i++] = d;
	qsort(devs, count, sizeof(*devs), dev_cmp);

	if (opts.json)
		json_begin_arr(NULL);
	else
		printf("%-14s %-9s %7s %-6s %-5s\n", "device", "id", "vectors", "enable", "fmask");
	for (i = 0; i < count; i++) {
		d = devs[i];
		pci_fill_info(d, PCI_FILL_IDENT | PCI_FILL_CAPS);
		if (!msix_cap_read(d, &c))
			continue;
		n++;
		dev_name(d, name, sizeof(name));
		if (opts.json) {
			char id[16];

			snprintf(id, sizeof(id), "%04x:%04x", d->vendor_id, d->device_id);
			json_begin_obj(NULL);
			json_str("device", name);
			json_str("id", id);
			json_u64("vectors", c.nvec);
			json_bool("enable", c.enabled);
			json_bool("function_mask", c.fmasked);
			json_end_obj();
		} else {
			printf("%-14s %04x:%04x %7u %-6s %-5s\n", name, d->vendor_id,
			       d->device_id, c.nvec, c.enabled ? "+" : "-",
			       c.fmasked ? "+" : "-");
		}
	}
	if (opts.json) {
		json_end_arr();
		json_end();
	} else if (!n) {
		printf("(no device with an MSI-X capability)\n");
	}
	free(devs);
	return 0;
}

/* ---- show ---------------------------------------------------------------- */

static const char *bar_kind(const struct bar_info *b)
{
	if (b->upper_half)
		return "upper half of a 64-bit BAR";
	if (!b->present)
		return "not implemented";
	if (b->io)
		return "I/O";
	return b->is64 ? (b->prefetch ? "memory, 64-bit, prefetchable" : "memory, 64-bit") :
			 (b->prefetch ? "memory, 32-bit, prefetchable" : "memory, 32-bit");
}

static void print_bar(const struct bar_info *b)
{
	char s[32];

	printf("\tBAR %d: %s at 0x%llx", b->index, bar_kind(b), (unsigned long long)b->addr);
	if (b->size_known)
		printf(" [size=%s, %s]", size_str(b->size, s, sizeof(s)), b->size_source);
	else
		printf(" [size unknown]");
	printf(", decoding %s\n", b->mem_enabled ? "enabled" : "DISABLED");
}

static void json_bar(const char *key, const struct bar_info *b)
{
	json_begin_obj(key);
	json_u64("index", b->index);
	json_str("kind", bar_kind(b));
	json_u64("address", b->addr);
	if (b->size_known)
		json_u64("size", b->size);
	else
		json_null("size");
	json_bool("decoding", b->mem_enabled);
	json_end_obj();
}

static int cmd_show(struct pci_dev *d)
{
	struct msix_cap c;
	struct msix_layout l;
	struct msix_mem m;
	struct msix_entry e;
	char name[32];
	bool mem;

	need_msix(d, &c);
	msix_layout_check(d, &c, &l);
	dev_name(d, name, sizeof(name));
	/* Table and PBA are readable only live, and only from usable BARs. */
	mem = !opts.dump && !l.errors;

	if (opts.json) {
		char id[16];

		snprintf(id, sizeof(id), "%04x:%04x", d->vendor_id, d->device_id);
		json_begin_obj(NULL);
		json_str("device", name);
		json_str("id", id);
		json_begin_obj("msix");
		json_u64("capability", c.pos);
		json_bool("enable", c.enabled);
		json_bool("function_mask", c.fmasked);
		json_u64("count", c.nvec);
		json_begin_obj("table");
		json_u64("bir", c.table_bir);
		json_u64("offset", c.table_off);
		json_u64("length", c.table_len);
		json_end_obj();
		json_begin_obj("pba");
		json_u64("bir", c.pba_bir);
		json_u64("offset", c.pba_off);
		json_u64("length", c.pba_len);
		json_end_obj();
		json_end_obj();
		json_bar("table_bar", &l.table_bar);
		json_bar("pba_bar", &l.pba_bar);
		json_begin_arr("findings");
		for (int i = 0; i < l.n; i++) {
			json_begin_obj(NULL);
			json_str("level", finding_level_name(l.f[i].level));
			json_str("text", l.f[i].text);
			json_end_obj();
		}
		json_end_arr();
		json_u64("errors", l.errors);
		json_u64("warnings", l.warnings);
		if (mem) {
			msix_mem_map(d, &c, false, &m);
			json_begin_arr("entries");
			for (unsigned int v = 0; v < c.nvec; v++) {
				msix_entry_read(&m, v, &e);
				json_begin_obj(NULL);
				json_u64("vector", v);
				json_u64("address", e.addr);
				json_u64("data", e.data);
				json_bool("masked", e.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT);
				json_bool("pending", msix_pba_bit(&m, v));
				json_end_obj();
			}
			json_end_arr();
			json_begin_arr("pba");
			for (unsigned int i = 0; i < c.pba_len / 8; i++)
				json_u64(NULL, msix_pba_qword(&m, i));
			json_end_arr();
			msix_mem_unmap(&m);
		} else {
			json_null("entries");
			json_null("pba");
		}
		json_end_obj();
		json_end();
		return l.errors ? EXIT_CHECK_FAILED : 0;
	}

	printf("%s %04x:%04x\n", name, d->vendor_id, d->device_id);
	/* The same three lines as lspci -vvv prints. */
	printf("\tCapabilities: [%02x] MSI-X: Enable%c Count=%u Masked%c\n", c.pos,
	       c.enabled ? '+' : '-', c.nvec, c.fmasked ? '+' : '-');
	printf("\t\tVector table: BAR=%u offset=%08x\n", c.table_bir, c.table_off);
	printf("\t\tPBA: BAR=%u offset=%08x\n", c.pba_bir, c.pba_off);
	printf("\tLayout: table 0x%x..0x%llx (%llu bytes), PBA 0x%x..0x%llx (%llu bytes)\n",
	       c.table_off, (unsigned long long)(c.table_off + c.table_len),
	       (unsigned long long)c.table_len, c.pba_off,
	       (unsigned long long)(c.pba_off + c.pba_len), (unsigned long long)c.pba_len);
	if (c.table_bir <= 5)
		print_bar(&l.table_bar);
	if (c.pba_bir != c.table_bir && c.pba_bir <= 5)
		print_bar(&l.pba_bar);
	printf("\tChecks:\n");
	for (int i = 0; i < l.n; i++)
		printf("\t\t%s: %s\n", finding_level_name(l.f[i].level), l.f[i].text);
	printf("\tLayout verdict: %s (%d error(s), %d warning(s))\n",
	       l.errors ? "BROKEN" : "ok", l.errors, l.warnings);

	if (opts.dump) {
		printf("\tTable entries and PBA: not available from a config-space dump\n");
	} else if (!mem) {
		printf("\tTable entries and PBA: not read (the layout is broken)\n");
	} else {
		fflush(stdout);
		msix_mem_map(d, &c, false, &m);
		printf("\tTable (BAR %u + 0x%x):\n", c.table_bir, c.table_off);
		printf("\t\t%5s  %-16s  %-8s  %-6s  %s\n", "vec", "address", "data", "masked",
		       "pending");
		for (unsigned int v = 0; v < c.nvec; v++) {
			msix_entry_read(&m, v, &e);
			printf("\t\t%5u  %016llx  %08x  %-6s  %s\n", v,
			       (unsigned long long)e.addr, e.data,
			       e.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT ? "+" : "-",
			       msix_pba_bit(&m, v) ? "+" : "-");
		}
		printf("\tPBA (BAR %u + 0x%x):", c.pba_bir, c.pba_off);
		for (unsigned int i = 0; i < c.pba_len / 8; i++)
			printf("%s%016llx", i % 4 ? " " : "\n\t\t",
			       (unsigned long long)msix_pba_qword(&m, i));
		printf("\n");
		msix_mem_unmap(&m);
	}
	return l.errors ? EXIT_CHECK_FAILED : 0;
}

/* ---- writes ---------------------------------------------------------------- */

static int cmd_mask(struct pci_dev *d, bool mask, int argc, char **argv)
{
	struct msix_cap c;
	struct msix_layout l;
	struct msix_mem m;
	struct msix_entry e;
	unsigned int *vecs;

	need_msix(d, &c);
	if (!argc)
		die(EXIT_TROUBLE, "%s: give at least one vector number", mask ? "mask" : "unmask");
	vecs = calloc(argc, sizeof(*vecs));
	if (!vecs)
		die(EXIT_TROUBLE, "out of memory");
	/* Validate everything before changing anything. */
	for (int i = 0; i < argc; i++)
		vecs[i] = parse_num(argv[i], "vector", c.nvec - 1);
	msix_layout_check(d, &c, &l);
	if (l.errors)
		die(EXIT_CHECK_FAILED, "the MSI-X layout is broken (%d error(s), see 'show'): not writing the table",
		    l.errors);
	msix_mem_map(d, &c, true, &m);
	for (int i = 0; i < argc; i++) {
		msix_entry_read(&m, vecs[i], &e);
		msix_entry_set_mask(&m, vecs[i], mask);
		printf("vector %u: mask %c -> %c\n", vecs[i],
		       e.ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT ? '+' : '-', mask ? '+' : '-');
	}
	msix_mem_unmap(&m);
	free(vecs);
	return 0;
}

static int cmd_ctrl(struct pci_dev *d, uint16_t bit, bool on)
{
	struct msix_cap c;
	uint16_t now;

	need_msix(d, &c);
	msix_ctrl_update(d, &c, on ? bit : 0, on ? 0 : bit);
	now = pci_read_word(d, c.pos + PCI_MSIX_FLAGS);
	printf("Message Control 0x%04x -> 0x%04x: Enable%c Masked%c\n", c.ctrl, now,
	       now & PCI_MSIX_FLAGS_ENABLE ? '+' : '-',
	       now & PCI_MSIX_FLAGS_MASKALL ? '+' : '-');
	if (!!(now & bit) != on)
		die(EXIT_CHECK_FAILED, "the bit did not %s: the device ignored the write",
		    on ? "set" : "clear");
	return 0;
}

static int cmd_check(struct pci_dev *d, int argc, char **argv)
{
	struct msix_cap c;
	unsigned int *vecs = NULL;
	int ret;

	if (opts.dump)
		die(EXIT_TROUBLE, "check needs a live device, not a dump");
	if (argc) {
		unsigned int max = msix_cap_read(d, &c) ? c.nvec - 1 : MSIX_MAX_VECTORS - 1;

		vecs = calloc(argc, sizeof(*vecs));
		if (!vecs)
			die(EXIT_TROUBLE, "out of memory");
		for (int i = 0; i < argc; i++)
			vecs[i] = parse_num(argv[i], "vector", max);
	}
	ret = check_run(d, vecs, argc);
	free(vecs);
	return ret;
}

/* ---- main ---------------------------------------------------------------- */

enum { OPT_JSON = 256, OPT_DOORBELL, OPT_TIMEOUT, OPT_SETTLE, OPT_BAR_SIZE, OPT_DEBUGFS };

static const struct option long_opts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "doorbell", required_argument, NULL, OPT_DOORBELL },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "settle", required_argument, NULL, OPT_SETTLE },
	{ "bar-size", required_argument, NULL, OPT_BAR_SIZE },
	{ "debugfs", required_argument, NULL, OPT_DEBUGFS },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	const char *verb;
	struct pci_dev *d;
	int ch, ret;

	pacc = pci_alloc();
	pacc->error = pci_error;
	pacc->warning = pci_warning;

	while ((ch = getopt_long(argc, argv, "A:O:F:h", long_opts, NULL)) != -1) {
		switch (ch) {
		case 'A': {
			int m = pci_lookup_method(optarg);

			if (m < 0)
				die(EXIT_TROUBLE, "-A %s: no such libpci access method (lspci -A help lists them)",
				    optarg);
			pacc->method = m;
			opts.dump = !strcmp(optarg, "dump");
			break;
		}
		case 'O': {
			char *eq = strchr(optarg, '=');

			if (!eq)
				die(EXIT_TROUBLE, "-O %s: expected PARAM=VALUE", optarg);
			*eq = 0;
			if (pci_set_param(pacc, optarg, eq + 1) < 0)
				die(EXIT_TROUBLE, "-O: no such libpci parameter '%s'", optarg);
			break;
		}
		case 'F':
			pacc->method = PCI_ACCESS_DUMP;
			opts.dump = true;
			pci_set_param(pacc, "dump.name", optarg);
			break;
		case OPT_JSON:
			opts.json = true;
			break;
		case OPT_DOORBELL:
			opts.doorbell = optarg;
			break;
		case OPT_TIMEOUT:
			opts.timeout_ms = parse_num(optarg, "--timeout", 600000);
			break;
		case OPT_SETTLE:
			opts.settle_ms = parse_num(optarg, "--settle", 60000);
			break;
		case OPT_BAR_SIZE:
			parse_bar_size(optarg);
			break;
		case OPT_DEBUGFS:
			opts.debugfs = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_TROUBLE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_TROUBLE;
	}
	verb = argv[optind++];
	argc -= optind;
	argv += optind;

	static const char *const verbs[] = {
		"list", "show", "mask", "unmask", "fmask", "funmask", "enable", "disable",
		"check",
	};
	bool known = false;

	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		known |= !strcmp(verb, verbs[i]);
	if (!known)
		die(EXIT_TROUBLE, "unknown verb '%s' (try --help)", verb);
	if (opts.json && strcmp(verb, "list") && strcmp(verb, "show"))
		die(EXIT_TROUBLE, "--json applies to the read verbs list and show only");
	if (opts.dump && strcmp(verb, "list") && strcmp(verb, "show"))
		die(EXIT_TROUBLE, "%s writes to the device: not possible on a dump", verb);

	need_root();
	pci_init(pacc);
	pci_scan_bus(pacc);

	if (!strcmp(verb, "list")) {
		if (argc)
			die(EXIT_TROUBLE, "list takes no arguments");
		ret = cmd_list();
		goto out;
	}
	if (!argc)
		die(EXIT_TROUBLE, "%s needs a device address (BDF)", verb);
	d = find_dev(argv[0]);
	argc--;
	argv++;
	if (strcmp(verb, "mask") && strcmp(verb, "unmask") && strcmp(verb, "check") && argc)
		die(EXIT_TROUBLE, "%s takes only a device address", verb);

	if (!strcmp(verb, "show"))
		ret = cmd_show(d);
	else if (!strcmp(verb, "mask") || !strcmp(verb, "unmask"))
		ret = cmd_mask(d, !strcmp(verb, "mask"), argc, argv);
	else if (!strcmp(verb, "fmask") || !strcmp(verb, "funmask"))
		ret = cmd_ctrl(d, PCI_MSIX_FLAGS_MASKALL, !strcmp(verb, "fmask"));
	else if (!strcmp(verb, "enable") || !strcmp(verb, "disable"))
		ret = cmd_ctrl(d, PCI_MSIX_FLAGS_ENABLE, !strcmp(verb, "enable"));
	else
		ret = cmd_check(d, argc, argv);
out:
	pci_cleanup(pacc);
	return ret;
}
