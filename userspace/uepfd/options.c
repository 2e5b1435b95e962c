// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd: command line and /etc/uepf/NAME.conf.  Every bad value gives a
 * message naming the value and the limit; the caller exits 2.
 */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "uepfd.h"

#define BAD(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

int uepfd_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v = 0;
	int base = 10;
	const char *p = s;

	if (!s || !*s)
		return -1;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (!*p)
			return -1;
	}
	for (; *p; p++) {
		int dg;

		if (*p >= '0' && *p <= '9')
			dg = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			dg = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			dg = *p - 'A' + 10;
		else
			return -1;
		v = v * base + dg;
		if (v > 0xffffffffull)
			return -2;
	}
	if (v > max)
		return -2;
	*out = (uint32_t)v;
	return 0;
}

int uepfd_parse_level(const char *s)
{
	static const char *const names[] = { "debug", "info", "warn", "error" };
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, names[i]))
			return (int)i;
	if (!strcmp(s, "warning"))
		return UEPFD_LOG_WARN;
	return -1;
}

const char *uepfd_level_name(enum uepfd_level l)
{
	switch (l) {
	case UEPFD_LOG_DEBUG:	return "debug";
	case UEPFD_LOG_INFO:	return "info";
	case UEPFD_LOG_WARN:	return "warn";
	case UEPFD_LOG_ERROR:	return "error";
	}
	return "?";
}

const char *uepfd_model_name(enum uepfd_model m)
{
	return m == UEPFD_MODEL_DOORBELL ? "doorbell" : "pci-epf-test";
}

static int set_model(struct uepfd_opts *o, const char *v, const char *where,
		     char *err, size_t errlen)
{
	if (!strcmp(v, "pci-epf-test"))
		o->model = UEPFD_MODEL_EPF_TEST;
	else if (!strcmp(v, "doorbell"))
		o->model = UEPFD_MODEL_DOORBELL;
	else
		BAD("%smodel '%s': must be pci-epf-test or doorbell", where, v);
	return 0;
}

static int set_doorbell(struct uepfd_opts *o, const char *v, const char *where,
			char *err, size_t errlen)
{
	char bar[16];
	const char *colon = strchr(v, ':');
	uint32_t b, off;
	int r;

	if (!colon || (size_t)(colon - v) >= sizeof(bar))
		BAD("%sdoorbell '%s': expected BAR:OFFSET, e.g. 0:0x1000", where, v);
	memcpy(bar, v, colon - v);
	bar[colon - v] = 0;
	if (uepfd_parse_u32(bar, 5, &b))
		BAD("%sdoorbell '%s': BAR '%s' not in 0..5", where, v, bar);
	r = uepfd_parse_u32(colon + 1, 0xfffffffcu, &off);
	if (r == -1)
		BAD("%sdoorbell '%s': offset '%s' is not a number", where, v, colon + 1);
	if (r == -2)
		BAD("%sdoorbell '%s': offset '%s' above 0xfffffffc", where, v, colon + 1);
	if (off & 3)
		BAD("%sdoorbell '%s': offset 0x%x must be 4-byte aligned", where, v, off);
	o->db_bar = b;
	o->db_offset = off;
	o->db_set = true;
	return 0;
}

static int set_owner(struct uepfd_opts *o, const char *v, const char *where,
		     char *err, size_t errlen)
{
	uint32_t u;
	struct passwd *pw;

	if (!uepfd_parse_u32(v, 0xfffffffeu, &u)) {
		o->owner = u;
		o->owner_set = true;
		return 0;
	}
	pw = getpwnam(v);
	if (!pw)
		BAD("%sowner '%s': not a uid (0..4294967294) nor a user name", where, v);
	o->owner = pw->pw_uid;
	o->owner_set = true;
	return 0;
}

static int set_poll(unsigned int *dst, const char *key, const char *v,
		    const char *where, char *err, size_t errlen)
{
	uint32_t u;
	int r = uepfd_parse_u32(v, UEPFD_POLL_US_HIGH, &u);

	if (r == -1)
		BAD("%s%s '%s': not a number", where, key, v);
	if (r == -2 || u < UEPFD_POLL_US_LOW)
		BAD("%s%s %s: outside %u..%u microseconds", where, key, v,
		    UEPFD_POLL_US_LOW, UEPFD_POLL_US_HIGH);
	*dst = u;
	return 0;
}

static int set_level(struct uepfd_opts *o, const char *v, const char *where,
		     char *err, size_t errlen)
{
	int l = uepfd_parse_level(v);

	if (l < 0)
		BAD("%slog-level '%s': must be debug, info, warn or error", where, v);
	o->level = l;
	return 0;
}

static int set_path(char *dst, size_t cap, const char *key, const char *v,
		    const char *where, char *err, size_t errlen)
{
	if (!*v)
		BAD("%s%s: empty path", where, key);
	if (strlen(v) >= cap)
		BAD("%s%s '%s': longer than %zu bytes", where, key, v, cap - 1);
	strcpy(dst, v);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: uepfd [OPTION]... NAME\n"
"Companion daemon of the uepf endpoint function NAME (/dev/uepf/NAME).\n\n"
"  -m, --model MODEL        pci-epf-test (default) or doorbell\n"
"  -b, --doorbell BAR:OFF   doorbell register (default 0:0)\n"
"  -s, --state FILE         state file (default /var/lib/uepf/NAME.state)\n"
"  -S, --socket PATH        control socket (default /run/uepf/NAME.sock)\n"
"  -o, --owner UID|USER     who besides root may use the socket\n"
"      --poll-min-us N      shortest poll interval (default %u, %u..%u)\n"
"      --poll-max-us N      longest poll interval (default %u, %u..%u)\n"
"  -l, --log-level LEVEL    debug, info (default), warn, error\n"
"      --log-file FILE      log there instead of stderr (SIGHUP reopens)\n"
"      --syslog             also log to syslog (daemon facility)\n"
"  -p, --pidfile FILE       pid file (default /run/uepf/NAME.pid)\n"
"  -c, --config FILE        config file (default /etc/uepf/NAME.conf)\n"
"      --device PATH        device node (default /dev/uepf/NAME)\n"
"  -d, --daemon             detach once ready\n"
"  -h, --help, -V, --version\n",
		UEPFD_POLL_MIN_US_DEFAULT, UEPFD_POLL_US_LOW, UEPFD_POLL_US_HIGH,
		UEPFD_POLL_MAX_US_DEFAULT, UEPFD_POLL_US_LOW, UEPFD_POLL_US_HIGH);
}

static void defaults(struct uepfd_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->model = UEPFD_MODEL_EPF_TEST;
	o->db_bar = UEPFD_DOORBELL_BAR_DEFAULT;
	o->db_offset = UEPFD_DOORBELL_OFFSET_DEFAULT;
	o->poll_min_us = UEPFD_POLL_MIN_US_DEFAULT;
	o->poll_max_us = UEPFD_POLL_MAX_US_DEFAULT;
	o->level = UEPFD_LOG_INFO;
}

int uepfd_opts_parse(struct uepfd_opts *o, unsigned int *set, int argc,
		     char **argv, char *err, size_t errlen)
{
	enum { O_PMIN = 256, O_PMAX, O_SYSLOG, O_LOGFILE, O_DEVICE };
	static const struct option lo[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "doorbell", required_argument, NULL, 'b' },
		{ "state", required_argument, NULL, 's' },
		{ "socket", required_argument, NULL, 'S' },
		{ "owner", required_argument, NULL, 'o' },
		{ "poll-min-us", required_argument, NULL, O_PMIN },
		{ "poll-max-us", required_argument, NULL, O_PMAX },
		{ "log-level", required_argument, NULL, 'l' },
		{ "log-file", required_argument, NULL, O_LOGFILE },
		{ "syslog", no_argument, NULL, O_SYSLOG },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "config", required_argument, NULL, 'c' },
		{ "device", required_argument, NULL, O_DEVICE },
		{ "daemon", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	defaults(o);
	*set = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:b:s:S:o:l:p:c:dhV", lo, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (set_model(o, optarg, "--", err, errlen))
				return -1;
			*set |= UEPFD_SET_MODEL;
			break;
		case 'b':
			if (set_doorbell(o, optarg, "--", err, errlen))
				return -1;
			*set |= UEPFD_SET_DOORBELL;
			break;
		case 's':
			if (set_path(o->state, sizeof(o->state), "--state", optarg, "", err, errlen))
				return -1;
			*set |= UEPFD_SET_STATE;
			break;
		case 'S':
			if (set_path(o->socket, sizeof(o->socket), "--socket", optarg, "", err, errlen))
				return -1;
			*set |= UEPFD_SET_SOCKET;
			break;
		case 'o':
			if (set_owner(o, optarg, "--", err, errlen))
				return -1;
			*set |= UEPFD_SET_OWNER;
			break;
		case O_PMIN:
			if (set_poll(&o->poll_min_us, "--poll-min-us", optarg, "", err, errlen))
				return -1;
			*set |= UEPFD_SET_POLL_MIN;
			break;
		case O_PMAX:
			if (set_poll(&o->poll_max_us, "--poll-max-us", optarg, "", err, errlen))
				return -1;
			*set |= UEPFD_SET_POLL_MAX;
			break;
		case 'l':
			if (set_level(o, optarg, "--", err, errlen))
				return -1;
			*set |= UEPFD_SET_LEVEL;
			break;
		case O_LOGFILE:
			if (set_path(o->logfile, sizeof(o->logfile), "--log-file", optarg, "", err, errlen))
				return -1;
			break;
		case O_SYSLOG:
			o->use_syslog = true;
			break;
		case 'p':
			if (set_path(o->pidfile, sizeof(o->pidfile), "--pidfile", optarg, "", err, errlen))
				return -1;
			*set |= UEPFD_SET_PIDFILE;
			break;
		case 'c':
			if (set_path(o->config, sizeof(o->config), "--config", optarg, "", err, errlen))
				return -1;
			o->config_explicit = true;
			break;
		case O_DEVICE:
			if (set_path(o->device, sizeof(o->device), "--device", optarg, "", err, errlen))
				return -1;
			break;
		case 'd':
			o->daemonize = true;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("uepfd %s (control protocol %d)\n", PACKAGE_VERSION,
			       UEPF_CTL_VERSION);
			return 1;
		case ':':
			BAD("option %s needs a value", argv[optind - 1]);
		default:
			if (optopt)
				BAD("unknown option -%c (see uepfd --help)", optopt);
			BAD("unknown option %s (see uepfd --help)", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		BAD("missing function NAME (see uepfd --help)");
	if (optind + 1 < argc)
		BAD("one function NAME expected, got also '%s'", argv[optind + 1]);
	if (!uepf_ctl_name_valid(argv[optind]))
		BAD("function name '%s': must be 1..%d of A-Z a-z 0-9 _ . - and not start with '.'",
		    argv[optind], UEPF_CTL_NAME_MAX);
	strcpy(o->name, argv[optind]);
	if (o->db_set && o->model != UEPFD_MODEL_DOORBELL && (*set & UEPFD_SET_MODEL))
		BAD("--doorbell needs --model doorbell (model is %s)",
		    uepfd_model_name(o->model));
	return 0;
}

int uepfd_opts_conf(struct uepfd_opts *o, unsigned int set, const char *text,
		    const char *file, char *err, size_t errlen)
{
	const char *p = text;
	unsigned int lineno = 0;

	while (*p) {
		char line[512], where[600], *k, *v, *e;
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		int r = 0;

		lineno++;
		if (n >= sizeof(line))
			BAD("%s:%u: line longer than %zu bytes", file, lineno, sizeof(line) - 1);
		memcpy(line, p, n);
		line[n] = 0;
		p += n + (nl ? 1 : 0);
		for (k = line; *k == ' ' || *k == '\t'; k++)
			;
		if (!*k || *k == '#')
			continue;
		e = k + strlen(k);
		while (e > k && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = 0;
		v = strchr(k, '=');
		if (!v)
			BAD("%s:%u: '%s': expected key=value", file, lineno, k);
		*v++ = 0;
		for (e = v - 1; e > k && (e[-1] == ' ' || e[-1] == '\t'); )
			*--e = 0;
		while (*v == ' ' || *v == '\t')
			v++;
		snprintf(where, sizeof(where), "%s:%u: ", file, lineno);
		if (!strcmp(k, "model")) {
			if (!(set & UEPFD_SET_MODEL))
				r = set_model(o, v, where, err, errlen);
		} else if (!strcmp(k, "doorbell")) {
			if (!(set & UEPFD_SET_DOORBELL))
				r = set_doorbell(o, v, where, err, errlen);
		} else if (!strcmp(k, "owner")) {
			if (!(set & UEPFD_SET_OWNER))
				r = set_owner(o, v, where, err, errlen);
		} else if (!strcmp(k, "state")) {
			if (!(set & UEPFD_SET_STATE))
				r = set_path(o->state, sizeof(o->state), "state", v, where, err, errlen);
		} else if (!strcmp(k, "socket")) {
			if (!(set & UEPFD_SET_SOCKET))
				r = set_path(o->socket, sizeof(o->socket), "socket", v, where, err, errlen);
		} else if (!strcmp(k, "pidfile")) {
			if (!(set & UEPFD_SET_PIDFILE))
				r = set_path(o->pidfile, sizeof(o->pidfile), "pidfile", v, where, err, errlen);
		} else if (!strcmp(k, "poll-min-us") || !strcmp(k, "poll_min_us")) {
			if (!(set & UEPFD_SET_POLL_MIN))
				r = set_poll(&o->poll_min_us, "poll-min-us", v, where, err, errlen);
		} else if (!strcmp(k, "poll-max-us") || !strcmp(k, "poll_max_us")) {
			if (!(set & UEPFD_SET_POLL_MAX))
				r = set_poll(&o->poll_max_us, "poll-max-us", v, where, err, errlen);
		} else if (!strcmp(k, "log-level") || !strcmp(k, "log_level")) {
			if (!(set & UEPFD_SET_LEVEL))
				r = set_level(o, v, where, err, errlen);
		} else if (!strcmp(k, "name") || !strcmp(k, "controller") ||
			   !strncmp(k, "bar", 3) || !strncmp(k, "msix", 4) ||
			   !strcmp(k, "vendorid") || !strcmp(k, "deviceid") ||
			   !strcmp(k, "vectors")) {
			/* uepfctl's own keys (function creation): not ours */
		} else {
			BAD("%s:%u: unknown key '%s' (known: model, doorbell, owner, state, socket, pidfile, poll-min-us, poll-max-us, log-level)",
			    file, lineno, k);
		}
		if (r)
			return -1;
	}
	return 0;
}

int uepfd_opts_finish(struct uepfd_opts *o, char *err, size_t errlen)
{
	if (!o->socket[0] &&
	    uepf_ctl_default_path(o->socket, sizeof(o->socket), UEPF_RUN_DIR, o->name, "sock"))
		BAD("socket path for '%s' longer than %zu bytes", o->name, sizeof(o->socket) - 1);
	if (!o->state[0])
		uepf_ctl_default_path(o->state, sizeof(o->state), UEPF_STATE_DIR, o->name, "state");
	if (!o->pidfile[0])
		uepf_ctl_default_path(o->pidfile, sizeof(o->pidfile), UEPF_RUN_DIR, o->name, "pid");
	if (o->poll_min_us > o->poll_max_us)
		BAD("--poll-min-us %u is above --poll-max-us %u", o->poll_min_us, o->poll_max_us);
	if (o->db_set && o->model != UEPFD_MODEL_DOORBELL)
		BAD("doorbell %u:0x%x given but the model is %s (use --model doorbell)",
		    o->db_bar, o->db_offset, uepfd_model_name(o->model));
	return 0;
}
