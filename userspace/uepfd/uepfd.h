/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uepfd: the companion daemon of one uepf endpoint function.  Internal
 * header shared by the daemon's files; each file holds one concern:
 *
 *   options.c        command line and /etc/uepf/NAME.conf
 *   log.c            leveled logging to stderr / a file / syslog
 *   json.c           a bounded JSON writer for control replies
 *   ctl-parse.c      control request parsing (pure)
 *   ctl.c            the control socket server and its verbs
 *   state.c          the state file (format, atomic replace, parse)
 *   fire.c           the glue to the MSI-X core: fire, raise, watch, reset
 *   loop.c           the epoll loop: device events, timer, signals, socket
 *   model-epf-test.c the pci-epf-test register block
 *   model-doorbell.c the doorbell register
 *   main.c           start-up, restart from the state file, shutdown
 */
#ifndef UEPFD_H
#define UEPFD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <uepf/ctl.h>
#include <uepf/device.h>
#include <uepf/msix.h>

/* ------------------------------------------------------------------ */
/* options.c                                                          */

/** Default adaptive poll interval bounds (see uepfd(8), "Polling"). */
#define UEPFD_POLL_MIN_US_DEFAULT	100u
#define UEPFD_POLL_MAX_US_DEFAULT	20000u
/** Limits of --poll-min-us / --poll-max-us. */
#define UEPFD_POLL_US_LOW		10u
#define UEPFD_POLL_US_HIGH		10000000u

/** Doorbell default: BAR0 offset 0; its idle value. */
#define UEPFD_DOORBELL_BAR_DEFAULT	0u
#define UEPFD_DOORBELL_OFFSET_DEFAULT	0u
#define UEPFD_DOORBELL_IDLE		0xffffffffu

/** enum uepfd_model - the built-in device models. */
enum uepfd_model {
	UEPFD_MODEL_EPF_TEST = 0,	/* "pci-epf-test" (default) */
	UEPFD_MODEL_DOORBELL = 1,	/* "doorbell" */
};

/** enum uepfd_level - log levels, most verbose first. */
enum uepfd_level {
	UEPFD_LOG_DEBUG = 0,
	UEPFD_LOG_INFO = 1,
	UEPFD_LOG_WARN = 2,
	UEPFD_LOG_ERROR = 3,
};

/**
 * struct uepfd_opts - the daemon's configuration.
 * Paths are empty strings until uepfd_opts_finish() fills the defaults.
 */
struct uepfd_opts {
	char name[UEPF_CTL_NAME_MAX + 1];
	enum uepfd_model model;
	unsigned int db_bar;
	uint32_t db_offset;
	bool db_set;			/* --doorbell given */
	char state[4096];
	char socket[108];		/* sun_path */
	char pidfile[4096];
	char config[4096];		/* "" = default /etc/uepf/NAME.conf */
	bool config_explicit;		/* --config given: must exist */
	char logfile[4096];		/* "" = stderr */
	uid_t owner;
	bool owner_set;
	unsigned int poll_min_us;
	unsigned int poll_max_us;
	enum uepfd_level level;
	bool use_syslog;
	bool daemonize;
	char device[4096];		/* --device PATH, "" = /dev/uepf/NAME */
};

/* which fields the command line set (so the config file does not override) */
#define UEPFD_SET_MODEL		(1u << 0)
#define UEPFD_SET_DOORBELL	(1u << 1)
#define UEPFD_SET_OWNER		(1u << 2)
#define UEPFD_SET_STATE		(1u << 3)
#define UEPFD_SET_SOCKET	(1u << 4)
#define UEPFD_SET_POLL_MIN	(1u << 5)
#define UEPFD_SET_POLL_MAX	(1u << 6)
#define UEPFD_SET_LEVEL		(1u << 7)
#define UEPFD_SET_PIDFILE	(1u << 8)

/**
 * uepfd_opts_parse() - parse the command line.
 * @o: filled in (defaults first).
 * @set: receives UEPFD_SET_* for what the command line gave.
 * @err/@errlen: message naming the bad value and the limit.
 * Return: 0, 1 when --help/--version was printed (exit 0), or -1 on a bad
 * value (exit 2).
 */
int uepfd_opts_parse(struct uepfd_opts *o, unsigned int *set, int argc,
		     char **argv, char *err, size_t errlen);

/**
 * uepfd_opts_conf() - apply a key=value config file's text.
 * @o: options; a key the command line set (@set) is not overridden.
 * @text: the file's contents (NUL terminated); @file: its name for messages.
 * Keys: model, doorbell, owner, state, socket, pidfile, poll-min-us,
 * poll-max-us, log-level; uepfctl's own keys (name, controller, vectors,
 * bar*, msix*, vendorid, deviceid) are skipped.  '#' starts a comment;
 * blank lines are ignored.
 * Return: 0 or -1 with @err naming file:line, the value and the limit.
 */
int uepfd_opts_conf(struct uepfd_opts *o, unsigned int set, const char *text,
		    const char *file, char *err, size_t errlen);

/**
 * uepfd_opts_finish() - fill default paths and cross-check limits
 * (poll-min <= poll-max).
 * Return: 0 or -1 with @err.
 */
int uepfd_opts_finish(struct uepfd_opts *o, char *err, size_t errlen);

/** uepfd_parse_level() - "debug".."error" → level; -1 if unknown. */
int uepfd_parse_level(const char *s);
/** uepfd_level_name() - name of a level. */
const char *uepfd_level_name(enum uepfd_level l);
/** uepfd_model_name() - "pci-epf-test" or "doorbell". */
const char *uepfd_model_name(enum uepfd_model m);
/**
 * uepfd_parse_u32() - strict unsigned parse: decimal or 0x hex, no sign,
 * no trailing garbage, at most @max.
 * Return: 0, -1 not a number, -2 above @max.
 */
int uepfd_parse_u32(const char *s, uint32_t max, uint32_t *out);

/* ------------------------------------------------------------------ */
/* log.c                                                              */

/**
 * uepfd_log_open() - start logging: @name prefixes every line, @file ("" =
 * stderr) receives lines at or above @level, and syslog too if @sys.
 * Return: 0, or -errno when @file cannot be opened.
 */
int uepfd_log_open(const char *name, const char *file, enum uepfd_level level,
		   bool sys);
/** uepfd_log_reopen() - reopen the log file and syslog (SIGHUP). */
int uepfd_log_reopen(void);
/** uepfd_log_set_level() - change the level. */
void uepfd_log_set_level(enum uepfd_level level);
/** uepfd_log_level() - the current level. */
enum uepfd_level uepfd_log_level(void);
/** uepfd_log_close() - close file and syslog. */
void uepfd_log_close(void);
/** uepfd_log() - log one line (no trailing newline needed). */
void uepfd_log(enum uepfd_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_debug(...)	uepfd_log(UEPFD_LOG_DEBUG, __VA_ARGS__)
#define log_info(...)	uepfd_log(UEPFD_LOG_INFO, __VA_ARGS__)
#define log_warn(...)	uepfd_log(UEPFD_LOG_WARN, __VA_ARGS__)
#define log_error(...)	uepfd_log(UEPFD_LOG_ERROR, __VA_ARGS__)

/* ------------------------------------------------------------------ */
/* json.c                                                             */

/**
 * struct ujson - a bounded JSON writer.  Appends never overflow @buf; once
 * full, @overflow is set and later appends are dropped.  Commas between
 * members/elements are inserted automatically.
 */
struct ujson {
	char *buf;
	size_t cap;
	size_t len;
	bool overflow;
	bool need_comma;
};

/** ujson_init() - start writing into @buf of @cap bytes (NUL kept). */
void ujson_init(struct ujson *j, char *buf, size_t cap);
/** ujson_raw() - append text verbatim (no comma logic). */
void ujson_raw(struct ujson *j, const char *s);
/** ujson_begin() / ujson_end() - '{' or '[' and its closing char. */
void ujson_begin(struct ujson *j, const char *key, char open);
void ujson_end(struct ujson *j, char close);
/** ujson_str() - "key":"escaped value" (key NULL inside arrays). */
void ujson_str(struct ujson *j, const char *key, const char *val);
/** ujson_u64() - "key":number. */
void ujson_u64(struct ujson *j, const char *key, uint64_t val);
/** ujson_bool() - "key":true/false. */
void ujson_bool(struct ujson *j, const char *key, bool val);
/** ujson_null() - "key":null. */
void ujson_null(struct ujson *j, const char *key);
/** ujson_hex() - "key":"0x%0*llx" with @digits digits. */
void ujson_hex(struct ujson *j, const char *key, uint64_t val, int digits);

/* ------------------------------------------------------------------ */
/* ctl-parse.c                                                        */

/** enum uepfd_verb - control verbs. */
enum uepfd_verb {
	UEPFD_VERB_PING,
	UEPFD_VERB_STATUS,
	UEPFD_VERB_TABLE,
	UEPFD_VERB_PBA,
	UEPFD_VERB_FIRE,
	UEPFD_VERB_RESET,
	UEPFD_VERB_LOG_LEVEL,
	UEPFD_VERB_SHUTDOWN,
};

/**
 * struct uepfd_req - a parsed request.
 * @first/@count: table range (@count 0 = as many as fit).
 * @all: "fire all".
 * @vec/@nvec: the vectors of fire.
 * @level: log-level's level.
 */
struct uepfd_req {
	enum uepfd_verb verb;
	uint32_t first;
	uint32_t count;
	bool all;
	uint32_t vec[UEPF_CTL_FIRE_MAX];
	unsigned int nvec;
	enum uepfd_level level;
};

/**
 * uepfd_req_parse() - parse one request message.
 * @msg/@len: the bytes received (not NUL terminated; @len may exceed
 *            UEPF_CTL_MAX_REQUEST when recv reported truncation).
 * @nvectors: the function's vector count, for range checks.
 * @req: receives the request.
 * @ename: receives the error name (UEPF_CTL_E_*) on failure.
 * @err/@errlen: message naming the bad value and the limit.
 * Return: 0 or -1.
 */
int uepfd_req_parse(const char *msg, size_t len, unsigned int nvectors,
		    struct uepfd_req *req, const char **ename,
		    char *err, size_t errlen);

/* ------------------------------------------------------------------ */
/* state.c                                                            */

/*
 * State file, binary, little endian:
 *   0  "UEPFDST1"         magic
 *   8  u32 version (2; 1 had no raise counts and is refused)
 *  12  u32 nvectors
 *  16  u32 flags (0), u32 reserved (0)
 *  24  pending bitmap, UEPF_MSIX_PBA_SIZE(nvectors) bytes
 *  ..  u32 per vector: the kernel's raise count of a pending vector when it
 *      was recorded (UEPF_IOC_RAISE_COUNTS); 0 for a vector not pending
 *  ..  u64 fired count per vector
 *  ..  u32 CRC-32 (IEEE) of all before
 */
#define UEPFD_STATE_MAGIC	"UEPFDST1"
#define UEPFD_STATE_VERSION	2u
#define UEPFD_STATE_SIZE(n) \
	(24u + UEPF_MSIX_PBA_SIZE(n) + 12u * (uint64_t)(n) + 4u)


/**
 * uepfd_state_encode() - build a state blob.
 * @buf: UEPFD_STATE_SIZE(@n) bytes.  @pending: bitmap as 64-bit words
 * (ALIGN(n,64)/64 of them); @rcount: @n recorded raise counts (only those
 * of pending vectors are written, the others as 0); @fired: @n counts.
 */
void uepfd_state_encode(void *buf, unsigned int n, const uint64_t *pending,
			const uint32_t *rcount, const uint64_t *fired);

/**
 * uepfd_state_decode() - validate and decode a state blob.
 * Return: 0, or -1 with @err naming what is wrong (size, magic, version --
 * version 1 is refused by name --, vector count, checksum, reserved or
 * padding bits, a raise count recorded for a vector not pending); outputs
 * untouched on error.
 */
int uepfd_state_decode(const void *buf, size_t len, unsigned int n,
		       uint64_t *pending, uint32_t *rcount, uint64_t *fired,
		       char *err, size_t errlen);

/**
 * uepfd_restart_pending() - the restart rule (state.c explains why).
 * @n: vectors.  @saved/@saved_count: the state file's pending bitmap and
 * recorded raise counts.  @kcount: the kernel's raise counts now.
 * @pending: receives the pending set: saved vectors whose kernel count
 * equals the recorded one.
 * Return: the number of saved vectors dropped because their count grew
 * (delivered before the daemon could record it).
 */
unsigned int uepfd_restart_pending(unsigned int n, const uint64_t *saved,
				   const uint32_t *saved_count,
				   const uint32_t *kcount, uint64_t *pending);

/**
 * uepfd_state_write() - atomically replace @path (write PATH.tmp, rename).
 * No fsync: the file must survive the daemon's death, not a power loss
 * (which also loses the BAR memory).  Return: 0 or -errno.
 */
int uepfd_state_write(const char *path, const void *buf, size_t len);

/**
 * uepfd_state_read() - read @path into a malloc'd buffer.
 * Return: 0, -ENOENT, -EFBIG (> @max bytes), other -errno.
 */
int uepfd_state_read(const char *path, size_t max, void **buf, size_t *len);

/**
 * uepfd_msix_blob() - build a libuepf MSI-X state blob (uepf/msix.h) from
 * a table snapshot, a pending bitmap and a Message Control value, so a
 * restarted daemon can hand the live state to uepf_msix_load().
 * @buf: UEPF_MSIX_STATE_SIZE(@n) bytes.
 * @table: the table bytes, or NULL for a zero table: uepf_msix_load()
 *         with UEPF_MSIX_LOAD_KEEP_TABLE (what the daemon uses) never
 *         looks at them.
 */
void uepfd_msix_blob(void *buf, unsigned int n, uint16_t msgctl,
		     const void *table, const uint64_t *pending);

/* ------------------------------------------------------------------ */
/* the daemon                                                         */

/** Counters since start (see doc/control-protocol.md, "status"). */
struct uepfd_counters {
	uint64_t fired, raised, sent, latched, refused, ignored;
	uint64_t raise_errors, resets;
};

enum uepfd_tri { UEPFD_UNKNOWN = -1, UEPFD_OFF = 0, UEPFD_ON = 1 };

struct uepfd_model_ops;
struct uepfd_client;

/** struct uepfd - the whole daemon state (one function). */
struct uepfd {
	struct uepfd_opts o;
	struct uepf_device *dev;
	struct uepf_msix *m;
	unsigned int nvec;
	uint16_t msgctl;		/* last read */
	bool maskall_known;
	/* state */
	uint64_t *maybe;		/* recorded-pending bitmap (saved) */
	uint32_t *rcount;		/* raise count recorded with each */
	uint64_t *fired;		/* per-vector fire counts */
	unsigned int words;		/* 64-bit words of @maybe */
	bool state_dirty;		/* fired counts changed since save */
	bool restarted;			/* a valid state file was loaded */
	struct uepfd_counters c;
	enum uepfd_tri link, bme;
	/* model */
	const struct uepfd_model_ops *model;
	volatile uint32_t *mregs;	/* model registers in BAR memory */
	uint64_t mbar_size;
	/* loop */
	int epfd, tfd, sfd, lfd;
	unsigned int poll_us;		/* current interval */
	bool activity;			/* something happened this tick */
	uint64_t last_republish_ns;
	uint64_t wakeups;
	bool quit;
	bool unbound;			/* the UNBOUND event came */
	int exit_code;
	struct uepfd_client *clients;
	unsigned int nclients;
	int ready_fd;			/* --daemon: tell the parent */
	/* test hook UEPFD_TEST_EXIT (uepfd(8), ENVIRONMENT) */
	int test_exit;			/* 0, or UEPFD_TEST_EXIT_* */
	unsigned int test_exit_vec;
};

/* UEPFD_TEST_EXIT=before-raise:V / after-raise:V: _exit() around the
 * raise ioctl of pending vector V, with this status */
#define UEPFD_TEST_EXIT_BEFORE	1
#define UEPFD_TEST_EXIT_AFTER	2
#define UEPFD_TEST_EXIT_STATUS	99

/**
 * uepfd_test_hook_parse() - parse UEPFD_TEST_EXIT's value (NULL: none).
 * Return: 0, or -1 with @err naming the value.
 */
int uepfd_test_hook_parse(struct uepfd *d, const char *val, char *err,
			  size_t errlen);

/** struct uepfd_model_ops - a device model. */
struct uepfd_model_ops {
	const char *name;
	/** @init: check the layout, set d->mregs; 0 or -1 (logged, exit 2). */
	int (*init)(struct uepfd *d);
	/** @poll: look at the registers the host wrote; fire vectors. */
	void (*poll)(struct uepfd *d);
	/** @reset: host reset / link down. */
	void (*reset)(struct uepfd *d);
	/** @status: add model members to a status reply. */
	void (*status)(struct uepfd *d, struct ujson *j);
};

extern const struct uepfd_model_ops uepfd_model_epf_test;
extern const struct uepfd_model_ops uepfd_model_doorbell;

/* fire.c */

/** Results of uepfd_fire(). */
enum uepfd_fire_result {
	UEPFD_FIRE_RAISED, UEPFD_FIRE_LATCHED, UEPFD_FIRE_IGNORED,
	UEPFD_FIRE_FAILED,
};
/** uepfd_fire_result_name() - "raised", "latched", "ignored", "failed". */
const char *uepfd_fire_result_name(enum uepfd_fire_result r);

/**
 * uepfd_raise() - the MSI-X core's raise callback: UEPF_IOC_RAISE, counted;
 * refused while Bus Master Enable is known clear.  A refused vector is
 * recorded in the state file before the core marks it pending.
 */
int uepfd_raise(void *opaque, unsigned int vector);

/**
 * uepfd_fire() - signal vector @v by the MSI-X rules (@v < nvec).
 * Reads Message Control first; records a vector about to be latched in the
 * state file before it is latched.
 */
enum uepfd_fire_result uepfd_fire(struct uepfd *d, unsigned int v);

/**
 * uepfd_watch() - one observation while vectors are pending: read Message
 * Control, uepf_msix_sync(), settle the state file.  Return: messages sent.
 */
int uepfd_watch(struct uepfd *d);

/** uepfd_read_msgctl() - refresh d->msgctl from the device. */
int uepfd_read_msgctl(struct uepfd *d);

/**
 * uepfd_settle() - drop vectors no longer pending from the recorded set
 * and rewrite the state file if it changed (or @force).
 */
void uepfd_settle(struct uepfd *d, bool force);

/** uepfd_save() - write the state file now. Return: 0 or -errno (logged). */
int uepfd_save(struct uepfd *d);

/** uepfd_reset() - host reset / link down / "reset": core and model. */
void uepfd_reset(struct uepfd *d, const char *why);

/** uepfd_bitmap_test/set/clear() - bit helpers on 64-bit word arrays. */
static inline bool uepfd_bit(const uint64_t *b, unsigned int v)
{
	return (b[v / 64] >> (v % 64)) & 1;
}
static inline void uepfd_bit_set(uint64_t *b, unsigned int v)
{
	b[v / 64] |= 1ull << (v % 64);
}
static inline void uepfd_bit_clear(uint64_t *b, unsigned int v)
{
	b[v / 64] &= ~(1ull << (v % 64));
}

/* loop.c */

/** uepfd_loop_init() - epoll, timerfd, signalfd; 0 or -errno. */
int uepfd_loop_init(struct uepfd *d);
/** uepfd_loop_run() - run until quit; returns the exit code. */
int uepfd_loop_run(struct uepfd *d);
/** uepfd_loop_fini() - close what init opened. */
void uepfd_loop_fini(struct uepfd *d);
/** uepfd_now_ns() - CLOCK_MONOTONIC in ns. */
uint64_t uepfd_now_ns(void);
/** uepfd_kick() - activity: next tick at poll-min. */
void uepfd_kick(struct uepfd *d);
/** uepfd_loop_add_listen() - watch the listening socket; 0 or -1. */
int uepfd_loop_add_listen(struct uepfd *d, int fd);
/** uepfd_loop_add_client() - watch a client socket; 0 or -1. */
int uepfd_loop_add_client(struct uepfd *d, int fd, struct uepfd_client *c);

/* ctl.c */

/** uepfd_mkdir_parent() - create the directories above @path (0755). */
int uepfd_mkdir_parent(const char *path);

/**
 * uepfd_ctl_listen() - create the control socket (0600, chowned to the
 * owner), refuse when a live daemon answers on it.  Adds it to epoll.
 * Return: 0 or -1 (logged).
 */
int uepfd_ctl_listen(struct uepfd *d);
/** uepfd_ctl_accept() - accept pending connections (epoll said readable). */
void uepfd_ctl_accept(struct uepfd *d);
/** uepfd_ctl_client_ready() - serve one client fd (epoll said readable). */
void uepfd_ctl_client_ready(struct uepfd *d, struct uepfd_client *c);
/** uepfd_ctl_close() - close every client and the socket; unlink it. */
void uepfd_ctl_close(struct uepfd *d);
/**
 * uepfd_ctl_handle() - answer one request message into @reply.
 * Return: reply length.
 */
size_t uepfd_ctl_handle(struct uepfd *d, const char *msg, size_t len,
			char *reply, size_t cap);

#endif /* UEPFD_H */
