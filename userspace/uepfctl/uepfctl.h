/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uepfctl: create, start and look at uepf endpoint functions.
 *
 * Internal interfaces shared by the small files of this program.  Each file
 * has one concern:
 *   main.c       verbs and their options
 *   util.c       messages, exit statuses, number and list parsing
 *   layout.c     the function's configuration and its validation (the
 *                kernel's rules, with libuepf's MSI-X layout check)
 *   configfs.c   /sys/kernel/config/pci_ep: functions, attributes, binding
 *   kmsg.c       the kernel's reason for a refusal, from /dev/kmsg
 *   conf.c       /etc/uepf/NAME.conf (what uepfd reads)
 *   daemon.c     uepfd: pidfile, launch, stop
 *   ctl-client.c the uepfd control socket
 *   (JSON output and messages: userspace/common)
 *   show.c       list/status/table/pba/watch output
 * Every path can be moved by an environment variable (see uepfctl(8)) so
 * the argument tests can run against a scratch directory.
 */
#ifndef UEPFCTL_H
#define UEPFCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json-writer.h"
#include "msg.h"

/* Exit statuses (documented in uepfctl(8)). */
#define EXIT_OK			0
#define EXIT_FAIL		1	/* runtime failure */
#define EXIT_USAGE		2	/* bad command line or argument value */
#define EXIT_NOTFOUND		3	/* function, controller or module unknown */
#define EXIT_NODAEMON		4	/* uepfd not running for the function */
#define EXIT_PERM		5	/* permission denied */
#define EXIT_STATE		6	/* exists already / started / not started */

#define NUM_BARS		6
#define NAME_MAX_LEN		63	/* UEPF_NAME_LEN - 1 */

/* ---- util.c ----------------------------------------------------------- */

/* Exit status for a failed system call: EXIT_PERM for EACCES/EPERM,
 * EXIT_NOTFOUND for ENOENT, else EXIT_FAIL. */
int errno_status(int err);

/*
 * parse_u64() - a number in any strtoull base, with an optional K, M, G or
 * T suffix (powers of 1024) when @suffix.  No sign, no trailing junk.
 * Return: 0, or -1.
 */
int parse_u64(const char *s, bool suffix, uint64_t *v);
/* parse_u64() then die(EXIT_USAGE) naming @what, @s and the range. */
uint64_t need_u64(const char *what, const char *s, bool suffix,
		  uint64_t min, uint64_t max);

/* A function name: 1..63 of [A-Za-z0-9_.-], not starting with '.'. */
void need_name(const char *name);

/* xmalloc/xstrdup: die on failure. */
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
/* Allocated printf. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t now_ms(void);
/* Sleep @ms milliseconds. */
void sleep_ms(unsigned int ms);

/* ---- layout.c --------------------------------------------------------- */

#define BAR_AUTO	(-1)

/* What `create` writes: the configfs attributes and the uepfd config. */
struct fn_cfg {
	uint32_t vectors;
	uint64_t bar_size[NUM_BARS];
	uint32_t bar_flags[NUM_BARS];	/* PCI_BASE_ADDRESS_MEM_* bits */
	bool bar_given[NUM_BARS];
	int table_bar;			/* BAR_AUTO or 0..5 */
	uint32_t table_offset;
	int pba_bar;			/* BAR_AUTO or 0..5 */
	uint32_t pba_offset;
	int exclusive_bar;		/* BAR_AUTO (not asked) or 0..5 */
	uint32_t vendor, device;
	const char *model;		/* "pci-epf-test" or "doorbell" */
	int doorbell_bar;		/* BAR_AUTO: none */
	uint32_t doorbell_offset;
	const char *owner;		/* numeric uid as text, or NULL */
	int msi;			/* msi_interrupts 0..32, -1: model's */
};

/* Defaults: 1 vector, table automatic, vendor 0x1234, device 0xc0de,
 * model pci-epf-test, MSI messages as the model wants (cfg_finish()). */
void cfg_init(struct fn_cfg *c);

/* --bar N:SIZE[:64][:pref] into @c; dies with EXIT_USAGE when malformed. */
void cfg_parse_bar(struct fn_cfg *c, const char *spec);
/* BAR:OFFSET for --table, --pba, --doorbell; dies when malformed. */
void parse_bar_offset(const char *opt, const char *spec, int *bar,
		      uint32_t *off);

/* MSI messages the pci-epf-test model offers unless --msi says otherwise. */
#define MODEL_EPF_TEST_MSI	4

/*
 * cfg_finish() - apply the implied parts (exclusive BAR, the model's
 * register BAR, the model's MSI messages) and validate the whole configuration with the kernel's
 * rules; on error writes a message to @why and returns -1.
 */
int cfg_finish(struct fn_cfg *c, char *why, size_t len);

/* Table size of @n vectors and PBA size, as the kernel computes them. */
uint32_t cfg_table_size(uint32_t n);
uint32_t cfg_pba_size(uint32_t n);

/* ---- configfs.c ------------------------------------------------------- */

/* Paths (environment overridable). */
const char *cfs_root(void);		/* $UEPF_CONFIGFS/pci_ep */
char *cfs_fn_dir(const char *name);	/* .../functions/pci_epf_uepf/NAME */

/*
 * cfs_check_fn() - the function must exist; dies with EXIT_NOTFOUND naming
 * what is missing (configfs, uepf.ko, the function).
 */
void cfs_check_fn(const char *name);
/* 1 if the function exists, 0 if not; dies when uepf.ko is not loaded. */
int cfs_fn_exists(const char *name);

/*
 * cfs_create() - mkdir the function and write @c; on any failure the
 * directory is removed again and the message is in @why.
 * Return: 0 or a negative errno.
 */
int cfs_create(const char *name, const struct fn_cfg *c,
	       char *why, size_t len);
/* rmdir the function.  Return: 0 or a negative errno. */
int cfs_remove(const char *name);

/* Read an attribute of the function (relative path, e.g. "uepf/msix_vectors")
 * into @buf without the newline.  Return: 0 or a negative errno. */
int cfs_read_attr(const char *name, const char *attr, char *buf, size_t len);

/* The controller the function is linked to (allocated) or NULL. */
char *cfs_bound_controller(const char *name);
/* Number of controllers (entries of controllers/). @only receives the name when 1. */
int cfs_controllers(char **only, bool *has_vepc0);
/* 1 if controllers/EPC exists. */
int cfs_controller_exists(const char *epc);
/* Link the function into controllers/EPC.  Return 0 or -errno. */
int cfs_bind(const char *name, const char *epc);
/* Remove the link.  Return 0 or -errno. */
int cfs_unbind(const char *name, const char *epc);
/* Write 1 or 0 to controllers/EPC/start (0 only when no function but
 * @self is linked).  Return 0 or -errno. */
int cfs_epc_start(const char *epc, bool on, const char *self);

/* Callback per function name for cfs_list(). */
typedef void (*cfs_list_fn)(const char *name, void *opaque);
/* Every pci_epf_uepf function, sorted by name.  Return: count. */
int cfs_list(cfs_list_fn fn, void *opaque);

/* ---- kmsg.c ----------------------------------------------------------- */

/* /dev/kmsg opened at its end (or -1 when unreadable). */
int kmsg_mark(void);
/* Newest kernel message after kmsg_mark() @fd containing @match, into
 * @buf; closes @fd.  Return: 1 found, 0 not. */
int kmsg_reason(int fd, const char *match, char *buf, size_t len);

/* ---- conf.c ----------------------------------------------------------- */

/* $UEPF_CONF_DIR/NAME.conf (allocated). */
char *conf_path(const char *name);
/* Write model=, doorbell=, owner= for @c atomically.  Return 0 or -errno. */
int conf_write(const char *name, const struct fn_cfg *c);
/* Read key @key of NAME.conf into @buf.  Return 1 found, 0 not, -errno. */
int conf_get(const char *name, const char *key, char *buf, size_t len);
/* Remove NAME.conf (missing is fine).  Return 0 or -errno. */
int conf_remove(const char *name);

/* ---- daemon.c --------------------------------------------------------- */

const char *run_dir(void);		/* $UEPF_RUN_DIR or /run/uepf */
char *socket_path(const char *name);
char *pidfile_path(const char *name);

/* Pid of a running uepfd for @name (pidfile + kill 0), or 0. */
int daemon_pid(const char *name);
/*
 * daemon_start() - launch `uepfd --daemon ... NAME` and wait up to
 * @timeout_ms for its control socket to answer.
 * Return: 0, or -1 with a message in @why.
 */
int daemon_start(const char *name, int timeout_ms, char *why, size_t len);
/*
 * daemon_stop() - SIGTERM, wait up to @timeout_ms, then SIGKILL.
 * Return: 0 stopped (or was not running), -1 with @why.
 */
int daemon_stop(const char *name, int timeout_ms, char *why, size_t len);

/* ---- jv.c (JSON reader) ---------------------------------------------- */

enum jv_type { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT };

/* A parsed JSON value; arrays and objects hold n items (keys for objects). */
struct jv {
	enum jv_type type;
	bool b;
	double num;
	int64_t i;		/* the number as an integer */
	char *str;
	size_t n;
	char **keys;
	struct jv **items;
};

/* Parse @text; NULL with a message in @why when malformed. */
struct jv *jv_parse(const char *text, char *why, size_t len);
void jv_free(struct jv *v);
/* Member @key of object @o, or NULL. */
const struct jv *jv_get(const struct jv *o, const char *key);
/* Typed member access with a default for missing/other types. */
const char *jv_str(const struct jv *o, const char *key, const char *def);
int64_t jv_int(const struct jv *o, const char *key, int64_t def);
/* 1 true, 0 false, -1 missing or not a boolean (e.g. "unknown"). */
int jv_bool(const struct jv *o, const char *key);
/* A "0x..." string member as a number. */
uint64_t jv_hex(const struct jv *o, const char *key, uint64_t def);
/* Write @v with the JSON writer below under @key. */
void jv_emit(const char *key, const struct jv *v);

/* ---- ctl-client.c ----------------------------------------------------- */

struct ctl;

/*
 * ctl_open() - connect to the function's uepfd.
 * Return: the connection, or NULL with *@status EXIT_NODAEMON (no daemon
 * answers), EXIT_PERM or EXIT_FAIL and a message in @why.
 */
struct ctl *ctl_open(const char *name, int *status, char *why, size_t len);
void ctl_close(struct ctl *c);
/*
 * ctl_call() - one request, its parsed JSON body.
 * Return: the body (free with jv_free()), or NULL with *@status
 * (EXIT_USAGE for EINVAL/ERANGE, EXIT_PERM, EXIT_NOTFOUND for ENODEV,
 * EXIT_NODAEMON when the daemon went away, else EXIT_FAIL) and the
 * daemon's message in @why.
 */
struct jv *ctl_call(struct ctl *c, const char *req, int *status,
		    char *why, size_t len);
/* ctl_open() + ctl_call() + ctl_close(). */
struct jv *ctl_query(const char *name, const char *req, int *status,
		     char *why, size_t len);

#endif /* UEPFCTL_H */
