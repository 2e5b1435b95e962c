// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd option and config-file parsing: good values accepted, every bad
 * value refused with a message naming the value and the limit.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "uepfd.h"

static struct uepfd_opts o;
static unsigned int set;
static char err[512];

/* parse "uepfd ARGS..." from a NULL-terminated list */
static int parse(const char *a0, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;
	const char *s;

	argv[argc++] = (char *)"uepfd";
	va_start(ap, a0);
	for (s = a0; s && argc < 31; s = va_arg(ap, const char *))
		argv[argc++] = (char *)s;
	va_end(ap);
	argv[argc] = NULL;
	err[0] = 0;
	return uepfd_opts_parse(&o, &set, argc, argv, err, sizeof(err));
}

#define BAD(msg, ...) do { \
	int r_ = parse(__VA_ARGS__, NULL); \
	tap_ok(r_ == -1 && strstr(err, msg) != NULL, "refused: %s -> \"%s\"", #__VA_ARGS__, err); \
} while (0)

int main(void)
{
	int r;

	r = parse("fn", NULL);
	tap_ok(r == 0 && !strcmp(o.name, "fn") && o.model == UEPFD_MODEL_EPF_TEST &&
	       o.poll_min_us == UEPFD_POLL_MIN_US_DEFAULT &&
	       o.poll_max_us == UEPFD_POLL_MAX_US_DEFAULT && o.level == UEPFD_LOG_INFO,
	       "defaults");
	r = r || uepfd_opts_finish(&o, err, sizeof(err));
	tap_ok(r == 0 && !strcmp(o.socket, "/run/uepf/fn.sock") &&
	       !strcmp(o.state, "/var/lib/uepf/fn.state") &&
	       !strcmp(o.pidfile, "/run/uepf/fn.pid"), "default paths");
	r = parse("--model", "doorbell", "--doorbell", "2:0x1000", "--owner", "1000",
		  "--poll-min-us", "50", "--poll-max-us", "0x1000", "--log-level", "debug",
		  "--syslog", "--state", "/tmp/s", "--socket", "/tmp/k", "-d", "x.y-z_1", NULL);
	tap_ok(r == 0 && o.model == UEPFD_MODEL_DOORBELL && o.db_bar == 2 &&
	       o.db_offset == 0x1000 && o.owner == 1000 && o.owner_set &&
	       o.poll_min_us == 50 && o.poll_max_us == 4096 && o.level == UEPFD_LOG_DEBUG &&
	       o.use_syslog && o.daemonize && !strcmp(o.state, "/tmp/s") &&
	       !strcmp(o.socket, "/tmp/k") && !strcmp(o.name, "x.y-z_1"), "every option");
	{
		/* --help prints the usage on stdout: keep it out of the TAP stream */
		int saved = dup(1), null = open("/dev/null", O_WRONLY);

		fflush(stdout);
		dup2(null, 1);
		r = parse("--help", NULL);
		fflush(stdout);
		dup2(saved, 1);
		close(saved);
		close(null);
		tap_ok(r == 1, "--help returns 1 (exit 0)");
	}

	BAD("model 'nic': must be pci-epf-test or doorbell", "--model", "nic", "fn");
	BAD("BAR '6' not in 0..5", "--model", "doorbell", "--doorbell", "6:0", "fn");
	BAD("expected BAR:OFFSET", "--model", "doorbell", "--doorbell", "0", "fn");
	BAD("offset 0x6 must be 4-byte aligned", "--model", "doorbell", "--doorbell", "0:6", "fn");
	BAD("offset 'x' is not a number", "--model", "doorbell", "--doorbell", "0:x", "fn");
	BAD("above 0xfffffffc", "--model", "doorbell", "--doorbell", "0:0x100000000", "fn");
	BAD("--doorbell needs --model doorbell", "--model", "pci-epf-test", "--doorbell", "0:0", "fn");
	BAD("poll-min-us 9: outside 10..10000000", "--poll-min-us", "9", "fn");
	BAD("poll-max-us 10000001: outside 10..10000000", "--poll-max-us", "10000001", "fn");
	BAD("poll-min-us '-5': not a number", "--poll-min-us", "-5", "fn");
	BAD("poll-min-us '1e3': not a number", "--poll-min-us", "1e3", "fn");
	BAD("poll-max-us 99999999999: outside", "--poll-max-us", "99999999999", "fn");
	BAD("log-level 'verbose'", "--log-level", "verbose", "fn");
	BAD("owner 'no-such-user-xyz'", "--owner", "no-such-user-xyz", "fn");
	BAD("missing function NAME", "--model", "doorbell");
	BAD("got also 'b'", "a", "b");
	BAD("function name '.hidden'", ".hidden");
	BAD("function name 'a/b'", "a/b");
	BAD("function name '0123456789012345678901234567890123456789012345678901234567890123'",
	    "0123456789012345678901234567890123456789012345678901234567890123");
	BAD("unknown option", "--bogus", "fn");
	BAD("needs a value", "fn", "--model");
	BAD("--socket '", "--socket",
	    "/tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sock",
	    "fn");
	BAD("--state: empty path", "--state", "", "fn");

	parse("--poll-min-us", "500", "--poll-max-us", "100", "fn", NULL);
	r = uepfd_opts_finish(&o, err, sizeof(err));
	tap_ok(r == -1 && strstr(err, "--poll-min-us 500 is above --poll-max-us 100"),
	       "finish: min above max refused: %s", err);

	/* config file: keys applied, command line wins, bad lines named */
	parse("--poll-min-us", "77", "fn", NULL);
	r = uepfd_opts_conf(&o, set,
			    "# uepfctl create\nname=fn\nvectors=8\n  model = doorbell \n"
			    "doorbell=1:0x40\nowner=12\npoll-min-us=999\n\nbar0_size=4096\n",
			    "fn.conf", err, sizeof(err));
	tap_ok(r == 0 && o.model == UEPFD_MODEL_DOORBELL && o.db_bar == 1 &&
	       o.db_offset == 0x40 && o.owner == 12 && o.poll_min_us == 77,
	       "config applied, command line overrides (%s)", err);
	parse("fn", NULL);
	r = uepfd_opts_conf(&o, set, "model=doorbell\nfrobnicate=1\n", "fn.conf", err, sizeof(err));
	tap_ok(r == -1 && strstr(err, "fn.conf:2: unknown key 'frobnicate'"),
	       "config: unknown key named with file:line: %s", err);
	parse("fn", NULL);
	r = uepfd_opts_conf(&o, set, "doorbell=9:0\n", "fn.conf", err, sizeof(err));
	tap_ok(r == -1 && strstr(err, "fn.conf:1: doorbell '9:0': BAR '9' not in 0..5"),
	       "config: bad value named with file:line: %s", err);
	parse("fn", NULL);
	r = uepfd_opts_conf(&o, set, "model\n", "fn.conf", err, sizeof(err));
	tap_ok(r == -1 && strstr(err, "fn.conf:1: 'model': expected key=value"),
	       "config: line without '=': %s", err);

	/* strict numbers */
	{
		uint32_t v = 7;

		tap_ok(uepfd_parse_u32("0x", 100, &v) == -1 && uepfd_parse_u32("", 100, &v) == -1 &&
		       uepfd_parse_u32(" 1", 100, &v) == -1 && uepfd_parse_u32("1 ", 100, &v) == -1 &&
		       uepfd_parse_u32("+1", 100, &v) == -1 && uepfd_parse_u32("101", 100, &v) == -2 &&
		       uepfd_parse_u32("4294967296", 0xffffffffu, &v) == -2 && v == 7 &&
		       uepfd_parse_u32("0xFFFFFFFF", 0xffffffffu, &v) == 0 && v == 0xffffffffu,
		       "uepfd_parse_u32 is strict");
	}
	return tap_done();
}
