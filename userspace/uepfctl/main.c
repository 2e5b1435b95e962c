// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: command line and verb dispatch.  The verbs that change things
 * (create, start, stop, destroy) live here; the read verbs are in show.c.
 * Every argument is checked before anything is touched: a bad request
 * changes nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "uepfctl.h"
#include "verbs.h"

#define START_TIMEOUT_MS 5000
#define STOP_TIMEOUT_MS 5000

static const struct verb *cur_verb;

void usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try 'uepfctl %s --help'.\n",
		cur_verb ? cur_verb->name : "");
	exit(EXIT_USAGE);
}

/* Parse options for the current verb: every verb takes --help. */
int verb_getopt(int argc, char **argv, const struct option *lo,
		const char *so)
{
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, so, lo, NULL);

	if (c == 'h') {
		printf("usage: uepfctl %s %s\n%s", cur_verb->name,
		       cur_verb->args, cur_verb->help);
		exit(EXIT_OK);
	}
	if (c == '?' || c == ':') {
		const char *arg = argv[optind - 1];

		if (optopt && !strchr(so, optopt))
			usage_error("%s: unknown option '-%c'", cur_verb->name,
				    optopt);
		if (optopt || c == ':')
			usage_error("%s: option '%s' needs a value",
				    cur_verb->name, arg);
		usage_error("%s: unknown option '%s'", cur_verb->name, arg);
	}
	return c;
}

const char *verb_name_arg(int argc, char **argv, bool more)
{
	if (optind >= argc)
		usage_error("%s: give the function NAME", cur_verb->name);
	if (!more && optind + 1 < argc)
		usage_error("%s: unexpected argument '%s'", cur_verb->name,
			    argv[optind + 1]);
	need_name(argv[optind]);
	return argv[optind];
}

/* ---- create ------------------------------------------------------------ */

static char *owner_uid(const char *s)
{
	struct passwd *pw;
	uint64_t uid;

	if (!parse_u64(s, false, &uid)) {
		if (uid >= 0xffffffffu)
			die(EXIT_USAGE, "--owner %s: not a valid uid", s);
		return xasprintf("%u", (unsigned int)uid);
	}
	pw = getpwnam(s);
	if (!pw)
		die(EXIT_USAGE, "--owner %s: no such user (give a uid or a user name)",
		    s);
	return xasprintf("%u", (unsigned int)pw->pw_uid);
}

static int verb_create(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "vectors", required_argument, NULL, 'n' },
		{ "bar", required_argument, NULL, 'b' },
		{ "table", required_argument, NULL, 't' },
		{ "pba", required_argument, NULL, 'p' },
		{ "exclusive-bar", required_argument, NULL, 'x' },
		{ "vendor", required_argument, NULL, 'V' },
		{ "device", required_argument, NULL, 'D' },
		{ "model", required_argument, NULL, 'm' },
		{ "doorbell", required_argument, NULL, 'd' },
		{ "owner", required_argument, NULL, 'o' },
		{ "msi", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct fn_cfg c;
	char why[512];
	const char *name;
	int o, r;

	cfg_init(&c);
	while ((o = verb_getopt(argc, argv, lo, "n:b:t:p:x:V:D:m:d:o:M:h")) != -1) {
		switch (o) {
		case 'n':
			c.vectors = (uint32_t)need_u64("--vectors", optarg, false,
						       1, 2048);
			break;
		case 'b':
			cfg_parse_bar(&c, optarg);
			break;
		case 't':
			parse_bar_offset("--table", optarg, &c.table_bar,
					 &c.table_offset);
			break;
		case 'p':
			parse_bar_offset("--pba", optarg, &c.pba_bar,
					 &c.pba_offset);
			break;
		case 'x':
			c.exclusive_bar = (int)need_u64("--exclusive-bar",
							optarg, false, 0, 5);
			break;
		case 'V':
			c.vendor = (uint32_t)need_u64("--vendor", optarg, false,
						      0, 0xfffe);
			break;
		case 'D':
			c.device = (uint32_t)need_u64("--device", optarg, false,
						      0, 0xffff);
			break;
		case 'm':
			c.model = optarg;
			break;
		case 'd':
			parse_bar_offset("--doorbell", optarg, &c.doorbell_bar,
					 &c.doorbell_offset);
			break;
		case 'o':
			c.owner = owner_uid(optarg);
			break;
		case 'M':
			c.msi = (int)need_u64("--msi", optarg, false, 0, 32);
			break;
		}
	}
	name = verb_name_arg(argc, argv, false);
	if (cfg_finish(&c, why, sizeof(why)))
		die(EXIT_USAGE, "create %s: %s", name, why);
	if (cfs_fn_exists(name))
		die(EXIT_STATE, "create %s: function '%s' exists already",
		    name, name);
	r = cfs_create(name, &c, why, sizeof(why));
	if (r)
		die(errno_status(r), "create %s: %s", name, why);
	r = conf_write(name, &c);
	if (r) {
		char *p = conf_path(name);

		cfs_remove(name);
		die(errno_status(r), "create %s: writing %s: %s (function removed again)",
		    name, p, strerror(-r));
	}
	printf("created %s: %u vector%s, ", name, c.vectors,
	       c.vectors == 1 ? "" : "s");
	if (c.table_bar == BAR_AUTO)
		printf("table in a BAR of its own (chosen at start)");
	else
		printf("table BAR%d+0x%x", c.table_bar, c.table_offset);
	printf(", %d MSI, model %s\n", c.msi, c.model);
	return EXIT_OK;
}

/* ---- start / stop / destroy -------------------------------------------- */

static char *pick_controller(const char *want)
{
	bool has_vepc0;
	char *only;
	int n;

	if (want) {
		if (!cfs_controller_exists(want))
			die(EXIT_NOTFOUND, "controller '%s' unknown: no %s/controllers/%s",
			    want, cfs_root(), want);
		return xstrdup(want);
	}
	n = cfs_controllers(&only, &has_vepc0);
	if (n == 1)
		return only;
	if (!n)
		die(EXIT_NOTFOUND, "no endpoint controller in %s/controllers (load the controller driver, e.g. vepc.ko)",
		    cfs_root());
	if (has_vepc0)
		return xstrdup("vepc.0");
	die(EXIT_USAGE, "%d controllers in %s/controllers: choose one with --controller",
	    n, cfs_root());
}

static int verb_start(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "controller", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *want = NULL, *name;
	int o, pid, r, timeout = START_TIMEOUT_MS;
	char why[512], *epc, *bound;
	bool did_bind = false;

	while ((o = verb_getopt(argc, argv, lo, "c:T:h")) != -1) {
		if (o == 'c')
			want = optarg;
		else if (o == 'T')
			timeout = (int)need_u64("--timeout", optarg, false, 1,
						600000);
	}
	name = verb_name_arg(argc, argv, false);
	if (want && (!*want || strchr(want, '/')))
		usage_error("--controller '%s': a controller name such as vepc.0",
			    want);
	cfs_check_fn(name);
	pid = daemon_pid(name);
	if (pid)
		die(EXIT_STATE, "start %s: already started (uepfd pid %d)",
		    name, pid);
	bound = cfs_bound_controller(name);
	if (bound && want && strcmp(bound, want))
		die(EXIT_STATE, "start %s: bound to %s already, not %s ('uepfctl stop %s' first)",
		    name, bound, want, name);
	epc = bound ? bound : pick_controller(want);
	if (!bound) {
		int km = kmsg_mark();

		r = cfs_bind(name, epc);
		if (r) {
			char kwhy[400];

			if (!kmsg_reason(km, "pci_epf_uepf", kwhy, sizeof(kwhy)))
				snprintf(kwhy, sizeof(kwhy),
					 "the kernel log says why");
			die(errno_status(r) == EXIT_PERM ? EXIT_PERM : EXIT_FAIL,
			    "start %s: binding to %s: %s (kernel: %s)",
			    name, epc, strerror(-r), kwhy);
		}
		if (km >= 0)
			close(km);
		did_bind = true;
	}
	if (daemon_start(name, timeout, why, sizeof(why))) {
		if (did_bind)
			cfs_unbind(name, epc);
		die(EXIT_FAIL, "start %s: %s", name, why);
	}
	r = cfs_epc_start(epc, true, name);
	if (r) {
		daemon_stop(name, STOP_TIMEOUT_MS, why, sizeof(why));
		if (did_bind)
			cfs_unbind(name, epc);
		die(errno_status(r), "start %s: starting the link of %s: %s",
		    name, epc, strerror(-r));
	}
	printf("started %s on %s (uepfd pid %d)\n", name, epc, daemon_pid(name));
	free(epc);
	return EXIT_OK;
}

/* Stop the daemon and unbind. */
static void stop_fn(const char *name)
{
	char why[512], *epc;
	int r;

	if (daemon_stop(name, STOP_TIMEOUT_MS, why, sizeof(why)))
		die(EXIT_FAIL, "stop %s: %s", name, why);
	epc = cfs_bound_controller(name);
	if (epc) {
		r = cfs_epc_start(epc, false, name);
		if (r)
			warnx("stop %s: stopping the link of %s: %s", name,
			      epc, strerror(-r));
		r = cfs_unbind(name, epc);
		if (r)
			die(errno_status(r), "stop %s: unbinding from %s: %s",
			    name, epc, strerror(-r));
		free(epc);
	}
}

static int verb_stop(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *name;

	while (verb_getopt(argc, argv, lo, "h") != -1)
		;
	name = verb_name_arg(argc, argv, false);
	cfs_check_fn(name);
	if (!daemon_pid(name) && !cfs_bound_controller(name))
		die(EXIT_STATE, "stop %s: not started (no uepfd, not bound)",
		    name);
	stop_fn(name);
	printf("stopped %s\n", name);
	return EXIT_OK;
}

static int verb_destroy(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool force = false;
	const char *name;
	char *epc;
	int o, pid, r;

	while ((o = verb_getopt(argc, argv, lo, "fh")) != -1)
		if (o == 'f')
			force = true;
	name = verb_name_arg(argc, argv, false);
	cfs_check_fn(name);
	pid = daemon_pid(name);
	epc = cfs_bound_controller(name);
	if ((pid || epc) && !force)
		die(EXIT_STATE, "destroy %s: started (%s%s%s): 'uepfctl stop %s' first, or --force",
		    name, pid ? "uepfd running" : "",
		    pid && epc ? ", " : "", epc ? "bound to a controller" : "",
		    name);
	free(epc);
	if (pid || force)
		stop_fn(name);
	r = cfs_remove(name);
	if (r)
		die(errno_status(r), "destroy %s: rmdir: %s", name,
		    strerror(-r));
	r = conf_remove(name);
	if (r)
		warnx("destroy %s: removing its config: %s", name,
		      strerror(-r));
	printf("destroyed %s\n", name);
	return EXIT_OK;
}

/* ---- dispatch ---------------------------------------------------------- */

static const struct verb verbs[] = {
	{ "create", verb_create, "NAME [OPTIONS]",
	  "  --vectors N               MSI-X vectors, 1..2048 (default 1)\n"
	  "  --msi N                   MSI messages, 0..32 (default 4 for pci-epf-test, else 0)\n"
	  "  --bar N:SIZE[:64][:pref]  BAR N (0..5) of SIZE bytes (K, M, G suffixes)\n"
	  "  --table BAR:OFFSET        place the MSI-X table (default: a BAR of its own)\n"
	  "  --pba BAR:OFFSET          place the PBA (default: right after the table)\n"
	  "  --exclusive-bar N         table and PBA alone in BAR N, sized for them\n"
	  "  --vendor ID, --device ID  PCI IDs (default 0x1234, 0xc0de)\n"
	  "  --model M                 pci-epf-test (default) or doorbell\n"
	  "  --doorbell BAR:OFFSET     doorbell register (model doorbell)\n"
	  "  --owner UID|USER          may use uepfd's control socket\n" },
	{ "start", verb_start, "NAME [--controller EPC] [--timeout MS]",
	  "  bind NAME to the controller (default: the only one, or vepc.0),\n"
	  "  launch uepfd, wait for its socket, start the link\n" },
	{ "stop", verb_stop, "NAME",
	  "  stop uepfd and unbind NAME from its controller\n" },
	{ "destroy", verb_destroy, "NAME [--force]",
	  "  remove NAME (--force: stop it first)\n" },
	{ "list", verb_list, "[--json]",
	  "  every uepf function, its controller and state\n" },
	{ "status", verb_status, "NAME [--json]",
	  "  MSI-X control, masked/pending counts, link, interrupt counters\n" },
	{ "table", verb_table, "NAME [--json] [--first V] [--count N]",
	  "  the decoded MSI-X table entries\n" },
	{ "pba", verb_pba, "NAME [--json]",
	  "  the pending bits (the daemon's and the PBA memory)\n" },
	{ "fire", verb_fire, "NAME [--json] VECTOR... | all",
	  "  signal vectors by the MSI-X rules (raised, or latched if masked)\n" },
	{ "watch", verb_watch, "NAME [--json] [--interval MS] [--count N]",
	  "  status and per-vector counts, refreshed every second\n" },
	{ NULL, NULL, NULL, NULL }
};

static void usage(FILE *f)
{
	fputs("usage: uepfctl VERB [ARGS]   (uepfctl VERB --help for its options)\n"
	      "verbs:\n", f);
	for (const struct verb *v = verbs; v->name; v++)
		fprintf(f, "  %-8s %s\n", v->name, v->args);
	fputs("exit status: 0 ok, 1 failure, 2 usage, 3 not found, 4 daemon not running,\n"
	      "             5 permission denied, 6 wrong state (exists, started, not started)\n",
	      f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("uepfctl %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	for (cur_verb = verbs; cur_verb->name; cur_verb++) {
		if (!strcmp(cur_verb->name, argv[1])) {
			optind = 1;
			return cur_verb->fn(argc - 1, argv + 1);
		}
	}
	cur_verb = NULL;
	fprintf(stderr, "uepfctl: unknown verb '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
