// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd: start-up, restart from the state file, shutdown.  See uepfd(8).
 *
 * Start-up (also after a SIGKILL): the pending set is the state file's
 * recorded vectors whose kernel raise count is still the recorded one
 * (uepfd_restart_pending() in state.c; PBA memory is host-writable and is
 * not consulted).  The MSI-X core adopts the live table (UEPF_MSIX_ADOPT:
 * the table the host programmed is never written, the mask shadow comes
 * from it, PBA memory is rewritten empty) and is at once loaded, keeping
 * the table (UEPF_MSIX_LOAD_KEEP_TABLE), with the live Message Control and
 * that pending set.  uepf_msix_load() then delivers each pending vector the
 * host unmasked meanwhile, once, and keeps the others pending (PBA bits set
 * again).  The state file is rewritten only after that.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "uepfd.h"

static int read_conf(struct uepfd_opts *o, unsigned int set, char *err,
		     size_t errlen)
{
	char path[4096];
	void *buf;
	size_t len;
	int r;

	if (o->config_explicit)
		snprintf(path, sizeof(path), "%s", o->config);
	else
		uepf_ctl_default_path(path, sizeof(path), UEPF_CONF_DIR, o->name, "conf");
	r = uepfd_state_read(path, 65536, &buf, &len);
	if (r == -ENOENT && !o->config_explicit)
		return 0;
	if (r) {
		snprintf(err, errlen, "config %.400s: %s%s", path, strerror(-r),
			 r == -EFBIG ? " (limit 64 KiB)" : "");
		return -1;
	}
	if (memchr(buf, 0, len)) {
		snprintf(err, errlen, "config %.400s: contains a NUL byte", path);
		free(buf);
		return -1;
	}
	buf = realloc(buf, len + 1);
	((char *)buf)[len] = 0;
	r = uepfd_opts_conf(o, set, buf, path, err, errlen);
	free(buf);
	return r;
}

/*
 * Load the state file and apply the restart rule against the kernel's raise
 * counts: d->maybe/d->rcount get the vectors still pending, d->fired the
 * fire counts; sets d->restarted.  Return: 0, or -1 when the kernel's
 * counts cannot be read (logged).
 */
static int load_state(struct uepfd *d)
{
	uint64_t *saved = calloc(d->words, 8);
	uint32_t *scount = calloc(d->nvec, 4), *kcount = calloc(d->nvec, 4);
	void *buf = NULL;
	size_t len;
	char err[256];
	unsigned int v, dropped;
	int r, ret = -1;

	if (!saved || !scount || !kcount) {
		log_error("out of memory");
		goto out;
	}
	r = uepfd_state_read(d->o.state, UEPFD_STATE_SIZE(UEPF_MSIX_MAX_VECTORS),
			     &buf, &len);
	ret = 0;
	if (r == -ENOENT) {
		log_info("no state file %s: fresh start", d->o.state);
		goto out;
	}
	if (r) {
		log_warn("state file %s: %s: ignored", d->o.state, strerror(-r));
		goto out;
	}
	if (uepfd_state_decode(buf, len, d->nvec, saved, scount, d->fired, err,
			       sizeof(err))) {
		log_warn("state file %s: %s: ignored", d->o.state, err);
		goto out;
	}
	d->restarted = true;
	if (uepf_device_raise_counts(d->dev, 0, d->nvec, kcount)) {
		log_error("%s", uepf_device_errmsg(d->dev));
		ret = -1;
		goto out;
	}
	dropped = uepfd_restart_pending(d->nvec, saved, scount, kcount, d->maybe);
	for (v = 0; v < d->nvec; v++) {
		if (!uepfd_bit(saved, v))
			continue;
		if (uepfd_bit(d->maybe, v)) {
			d->rcount[v] = scount[v];
			log_info("vector %u: pending (raise count still %u)", v,
				 kcount[v]);
		} else {
			log_info("vector %u: delivered before the restart (raise count %u -> %u): not pending",
				 v, scount[v], kcount[v]);
		}
	}
	if (dropped)
		log_info("%u recorded vector(s) delivered before the restart", dropped);
out:
	free(buf);
	free(saved);
	free(scount);
	free(kcount);
	return ret;
}

static int build_core(struct uepfd *d)
{
	const struct uepf_info *in = uepf_device_info(d->dev);
	struct uepf_msix_layout lay;
	uint8_t *table, *pba;
	uint8_t *blob = NULL;
	uint64_t *pend = NULL;
	char err[256] = "";
	unsigned int v, w;
	int r = -1;

	uepf_device_msix_layout(d->dev, &lay);
	table = (uint8_t *)uepf_device_bar(d->dev, in->table_bar, NULL);
	pba = (uint8_t *)uepf_device_bar(d->dev, in->pba_bar, NULL);
	if (!table || !pba) {
		log_error("MSI-X table BAR%u or PBA BAR%u not mapped", in->table_bar,
			  in->pba_bar);
		return -1;
	}
	table += in->table_offset;
	pba += in->pba_offset;
	pend = calloc(d->words, 8);
	blob = malloc(UEPF_MSIX_STATE_SIZE(d->nvec));
	if (!pend || !blob)
		goto out;
	/* pending comes from the restart rule; the PBA only for the log */
	for (w = 0; w < d->words; w++) {
		uint64_t q = ((volatile uint32_t *)pba)[2 * w] |
			     (uint64_t)((volatile uint32_t *)pba)[2 * w + 1] << 32;

		pend[w] = d->maybe[w];
		if (q & ~d->maybe[w])
			log_warn("PBA word %u: bits 0x%016llx not pending by the state file and raise counts (host-written?): ignored",
				 w, (unsigned long long)(q & ~d->maybe[w]));
		if (d->maybe[w] & ~q)
			log_info("PBA word %u: bits 0x%016llx clear but pending (the daemon died during their delivery): kept",
				 w, (unsigned long long)(d->maybe[w] & ~q));
	}
	if (d->nvec % 64)
		pend[d->words - 1] &= (1ull << (d->nvec % 64)) - 1;
	uepfd_read_msgctl(d);
	uepfd_msix_blob(blob, d->nvec, d->msgctl, NULL, pend);
	r = uepf_msix_new_flags(&d->m, &lay, table, pba, uepfd_raise, d,
				UEPF_MSIX_ADOPT, err, sizeof(err));
	if (r) {
		log_error("MSI-X core: %s", err[0] ? err : uepf_msix_strerror(r));
		r = -1;
		goto out;
	}
	for (v = 0; v < d->nvec; v++)
		uepf_msix_vector_use(d->m, v);
	r = uepf_msix_load(d->m, blob, UEPF_MSIX_STATE_SIZE(d->nvec),
			   UEPF_MSIX_LOAD_KEEP_TABLE, err, sizeof(err));
	if (r < 0) {
		log_error("restoring the live MSI-X state: %s", err[0] ? err : uepf_msix_strerror(r));
		r = -1;
		goto out;
	}
	log_info("MSI-X: %u vectors, table BAR%u+0x%x, PBA BAR%u+0x%x, msgctl 0x%04x, %u pending, %d delivered at start",
		 d->nvec, in->table_bar, in->table_offset, in->pba_bar,
		 in->pba_offset, d->msgctl, uepf_msix_pending_count(d->m), r);
	r = 0;
out:
	free(pend);
	free(blob);
	return r;
}

static int write_pidfile(const char *path)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	int r = uepfd_mkdir_parent(path);

	if (!r)
		r = uepfd_state_write(path, buf, n);
	if (r)
		log_error("pidfile %s: %s", path, strerror(-r));
	return r;
}

/* --daemon: fork; the parent exits with the child's start-up status */
static int daemonize(struct uepfd *d)
{
	int p[2];
	pid_t pid;
	char st = 1;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		if (read(p[0], &st, 1) != 1)
			st = 1;
		_exit(st);
	}
	close(p[0]);
	setsid();
	d->ready_fd = p[1];
	return 0;
}

static void ready(struct uepfd *d, char status)
{
	int fd;

	if (d->ready_fd < 0)
		return;
	if (write(d->ready_fd, &status, 1) < 0)
		status = 1;
	close(d->ready_fd);
	d->ready_fd = -1;
	if (status)
		return;
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		if (d->o.logfile[0] || d->o.use_syslog)
			dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	if (chdir("/") < 0)
		log_warn("chdir /: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	static struct uepfd d;
	char err[512];
	unsigned int set;
	int r, code = 1;

	d.epfd = d.tfd = d.sfd = d.lfd = d.ready_fd = -1;
	d.link = d.bme = UEPFD_UNKNOWN;
	r = uepfd_opts_parse(&d.o, &set, argc, argv, err, sizeof(err));
	if (r == 1)
		return 0;
	if (r || read_conf(&d.o, set, err, sizeof(err)) ||
	    uepfd_opts_finish(&d.o, err, sizeof(err))) {
		fprintf(stderr, "uepfd: %s\n", err);
		return 2;
	}
	if (uepfd_test_hook_parse(&d, getenv("UEPFD_TEST_EXIT"), err, sizeof(err))) {
		fprintf(stderr, "uepfd: %s\n", err);
		return 2;
	}
	if (d.o.daemonize && !d.o.logfile[0])
		d.o.use_syslog = true;
	r = uepfd_log_open(d.o.name, d.o.logfile, d.o.level, d.o.use_syslog);
	if (r) {
		fprintf(stderr, "uepfd: --log-file %s: %s\n", d.o.logfile, strerror(-r));
		return 2;
	}
	if (d.o.daemonize && daemonize(&d)) {
		log_error("fork: %s", strerror(errno));
		return 1;
	}
	r = uepf_device_open(&d.dev, d.o.device[0] ? d.o.device : d.o.name,
			     UEPF_DEVICE_NONBLOCK, err, sizeof(err));
	if (r) {
		log_error("%s", err);
		goto out;
	}
	d.nvec = uepf_device_info(d.dev)->msix_vectors;
	d.maskall_known = uepf_device_info(d.dev)->features & UEPF_FEAT_FUNC_MASK_READABLE;
	d.words = (d.nvec + 63) / 64;
	d.maybe = calloc(d.words, 8);
	d.rcount = calloc(d.nvec, sizeof(*d.rcount));
	d.fired = calloc(d.nvec, 8);
	if (!d.maybe || !d.rcount || !d.fired) {
		log_error("out of memory");
		goto out;
	}
	d.model = d.o.model == UEPFD_MODEL_DOORBELL ? &uepfd_model_doorbell :
						      &uepfd_model_epf_test;
	r = uepfd_mkdir_parent(d.o.state);
	if (r) {
		log_error("state file %s: cannot create its directory: %s", d.o.state,
			  strerror(-r));
		goto out;
	}
	if (!(uepf_device_info(d.dev)->features & UEPF_FEAT_RAISE_COUNTS)) {
		log_error("uepf %s: the kernel has no UEPF_IOC_RAISE_COUNTS (uepf.ko older than uepfd): a restart could not tell a delivered vector from a pending one",
			  d.o.name);
		goto out;
	}
	if (load_state(&d))
		goto out;
	if (d.model->init(&d)) {
		code = 2;
		goto out;
	}
	if (build_core(&d))
		goto out;
	uepfd_settle(&d, true);
	r = uepfd_loop_init(&d);
	if (r) {
		log_error("event loop: %s", strerror(-r));
		goto out;
	}
	if (uepfd_ctl_listen(&d))
		goto out;
	if (write_pidfile(d.o.pidfile))
		goto out;
	log_info("ready: model %s, socket %s, poll %u..%u us", d.model->name,
		 d.o.socket, d.o.poll_min_us, d.o.poll_max_us);
	ready(&d, 0);
	code = uepfd_loop_run(&d);
	if (d.unbound) {
		unlink(d.o.state);
	} else {
		uepfd_settle(&d, true);
	}
	unlink(d.o.pidfile);
out:
	ready(&d, (char)code);
	uepfd_ctl_close(&d);
	uepfd_loop_fini(&d);
	uepf_msix_free(d.m);
	uepf_device_close(d.dev);
	free(d.maybe);
	free(d.rcount);
	free(d.fired);
	log_info("exit %d", code);
	uepfd_log_close();
	return code;
}
