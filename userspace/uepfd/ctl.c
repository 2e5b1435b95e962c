// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd: the control socket (doc/control-protocol.md).  SOCK_SEQPACKET,
 * mode 0600 (chowned to --owner), peer credentials checked at accept.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "uepfd.h"

#define MAX_CLIENTS 16

struct uepfd_client {
	int fd;
	uid_t uid;
	pid_t pid;
	struct uepfd_client *next;
};

static void reply_error(struct ujson *j, const char *ename, const char *msg)
{
	ujson_raw(j, "error ");
	ujson_raw(j, ename);
	ujson_raw(j, "\n");
	ujson_begin(j, NULL, '{');
	ujson_str(j, "error", ename);
	ujson_str(j, "message", msg);
	ujson_end(j, '}');
	ujson_raw(j, "\n");
}

static const char *tri(enum uepfd_tri t, const char *on, const char *off)
{
	return t == UEPFD_UNKNOWN ? "unknown" : t == UEPFD_ON ? on : off;
}

/* entries whose Mask bit is set in the live (host-written) table */
static unsigned int count_masked(struct uepfd *d)
{
	const struct uepf_info *in = uepf_device_info(d->dev);
	const volatile uint32_t *t = (const volatile uint32_t *)
		((const uint8_t *)uepf_device_bar(d->dev, in->table_bar, NULL) +
		 in->table_offset);
	unsigned int v, n = 0;

	for (v = 0; v < d->nvec; v++)
		n += t[4 * v + 3] & PCI_MSIX_ENTRY_CTRL_MASKBIT;
	return n;
}

static void do_status(struct uepfd *d, struct ujson *j)
{
	const struct uepf_info *in = uepf_device_info(d->dev);
	uint16_t mc;

	uepfd_read_msgctl(d);
	mc = d->msgctl;
	ujson_u64(j, "protocol", UEPF_CTL_VERSION);
	ujson_str(j, "name", d->o.name);
	ujson_u64(j, "pid", (uint64_t)getpid());
	ujson_str(j, "model", d->model->name);
	if (d->model->status)
		d->model->status(d, j);
	ujson_u64(j, "nvectors", d->nvec);
	ujson_str(j, "controller", in->epc_name);
	ujson_hex(j, "msgctl", mc, 4);
	ujson_bool(j, "enabled", mc & PCI_MSIX_FLAGS_ENABLE);
	if (d->maskall_known)
		ujson_bool(j, "function_mask", mc & PCI_MSIX_FLAGS_MASKALL);
	else
		ujson_str(j, "function_mask", "unknown");
	ujson_bool(j, "function_masked", !(mc & PCI_MSIX_FLAGS_ENABLE) ||
		   (mc & PCI_MSIX_FLAGS_MASKALL));
	ujson_u64(j, "vectors_masked", count_masked(d));
	ujson_u64(j, "vectors_pending", uepf_msix_pending_count(d->m));
	ujson_str(j, "link", tri(d->link, "up", "down"));
	ujson_str(j, "bus_master", tri(d->bme, "on", "off"));
	ujson_u64(j, "fired", d->c.fired);
	ujson_u64(j, "raised", d->c.raised);
	ujson_u64(j, "delivered", d->c.sent - d->c.raised);
	ujson_u64(j, "latched", d->c.latched);
	ujson_u64(j, "refused", d->c.refused);
	ujson_u64(j, "ignored", d->c.ignored);
	ujson_u64(j, "raise_errors", d->c.raise_errors);
	ujson_u64(j, "resets", d->c.resets);
	ujson_bool(j, "watching", uepf_msix_pending_count(d->m) != 0);
	ujson_u64(j, "poll_us", d->poll_us);
	ujson_u64(j, "poll_min_us", d->o.poll_min_us);
	ujson_u64(j, "poll_max_us", d->o.poll_max_us);
	ujson_u64(j, "wakeups", d->wakeups);
	ujson_bool(j, "restarted", d->restarted);
	ujson_str(j, "state_file", d->o.state);
	ujson_str(j, "log_level", uepfd_level_name(uepfd_log_level()));
}

static void do_table(struct uepfd *d, struct ujson *j, const struct uepfd_req *r)
{
	uint32_t first = r->first, count = r->count, v, end;
	const uint8_t *tab;
	const struct uepf_info *in = uepf_device_info(d->dev);

	tab = (const uint8_t *)uepf_device_bar(d->dev, in->table_bar, NULL) +
	      in->table_offset;
	if (!count)
		count = UEPF_CTL_TABLE_MAX;
	end = first + count > d->nvec ? d->nvec : first + count;
	ujson_u64(j, "nvectors", d->nvec);
	ujson_u64(j, "first", first);
	ujson_u64(j, "count", end - first);
	if (end < d->nvec)
		ujson_u64(j, "next", end);
	else
		ujson_null(j, "next");
	ujson_begin(j, "entries", '[');
	for (v = first; v < end; v++) {
		const volatile uint32_t *e = (const volatile uint32_t *)(tab + 16 * v);
		uint64_t addr = e[0] | (uint64_t)e[1] << 32;
		uint32_t ctrl = e[3];

		ujson_begin(j, NULL, '{');
		ujson_u64(j, "vector", v);
		ujson_hex(j, "address", addr, 16);
		ujson_hex(j, "data", e[2], 8);
		ujson_hex(j, "control", ctrl, 8);
		ujson_bool(j, "masked", ctrl & PCI_MSIX_ENTRY_CTRL_MASKBIT);
		ujson_bool(j, "pending", uepf_msix_is_pending(d->m, v) == 1);
		ujson_u64(j, "fired", d->fired[v]);
		ujson_end(j, '}');
	}
	ujson_end(j, ']');
}

static void do_pba(struct uepfd *d, struct ujson *j)
{
	const struct uepf_info *in = uepf_device_info(d->dev);
	const volatile uint32_t *pba = (const volatile uint32_t *)
		((const uint8_t *)uepf_device_bar(d->dev, in->pba_bar, NULL) +
		 in->pba_offset);
	unsigned int v, w;
	bool same = true;

	ujson_u64(j, "nvectors", d->nvec);
	ujson_begin(j, "pending", '[');
	for (v = 0; v < d->nvec; v++)
		if (uepf_msix_is_pending(d->m, v) == 1)
			ujson_u64(j, NULL, v);
	ujson_end(j, ']');
	ujson_begin(j, "qwords", '[');
	for (w = 0; w < (d->nvec + 63) / 64; w++) {
		uint64_t q = pba[2 * w] | (uint64_t)pba[2 * w + 1] << 32;
		unsigned int b;

		ujson_hex(j, NULL, q, 16);
		for (b = 0; b < 64 && w * 64 + b < d->nvec; b++)
			if (((q >> b) & 1) != (uepf_msix_is_pending(d->m, w * 64 + b) == 1))
				same = false;
		if (d->nvec - w * 64 < 64 && q >> (d->nvec - w * 64))
			same = false;
	}
	ujson_end(j, ']');
	ujson_bool(j, "consistent", same);
}

static void do_fire(struct uepfd *d, struct ujson *j, const struct uepfd_req *r)
{
	unsigned int i, n = r->all ? d->nvec : r->nvec;
	unsigned int cnt[4] = { 0 };
	bool list = n <= UEPF_CTL_TABLE_MAX;

	if (list)
		ujson_begin(j, "results", '[');
	for (i = 0; i < n; i++) {
		unsigned int v = r->all ? i : r->vec[i];
		enum uepfd_fire_result res = uepfd_fire(d, v);

		cnt[res]++;
		if (list) {
			ujson_begin(j, NULL, '{');
			ujson_u64(j, "vector", v);
			ujson_str(j, "result", uepfd_fire_result_name(res));
			ujson_end(j, '}');
		}
	}
	if (list)
		ujson_end(j, ']');
	ujson_begin(j, "counts", '{');
	for (i = 0; i < 4; i++)
		ujson_u64(j, uepfd_fire_result_name(i), cnt[i]);
	ujson_end(j, '}');
	uepfd_settle(d, false);
}

size_t uepfd_ctl_handle(struct uepfd *d, const char *msg, size_t len,
			char *reply, size_t cap)
{
	struct uepfd_req req;
	struct ujson j;
	const char *ename = NULL;
	char err[256];
	size_t mark;

	ujson_init(&j, reply, cap);
	if (uepfd_req_parse(msg, len, d->nvec, &req, &ename, err, sizeof(err))) {
		log_debug("control: %s: %s", ename, err);
		reply_error(&j, ename, err);
		return j.len;
	}
	ujson_raw(&j, "ok\n");
	mark = j.len;
	ujson_begin(&j, NULL, '{');
	switch (req.verb) {
	case UEPFD_VERB_PING:
		ujson_bool(&j, "pong", true);
		ujson_u64(&j, "protocol", UEPF_CTL_VERSION);
		ujson_str(&j, "name", d->o.name);
		ujson_u64(&j, "pid", (uint64_t)getpid());
		break;
	case UEPFD_VERB_STATUS:
		do_status(d, &j);
		break;
	case UEPFD_VERB_TABLE:
		do_table(d, &j, &req);
		break;
	case UEPFD_VERB_PBA:
		do_pba(d, &j);
		uepf_msix_pba_republish(d->m);
		break;
	case UEPFD_VERB_FIRE:
		do_fire(d, &j, &req);
		break;
	case UEPFD_VERB_RESET: {
		unsigned int p = uepf_msix_pending_count(d->m);

		uepfd_reset(d, "control request");
		ujson_bool(&j, "reset", true);
		ujson_u64(&j, "cleared_pending", p);
		break;
	}
	case UEPFD_VERB_LOG_LEVEL:
		uepfd_log_set_level(req.level);
		ujson_str(&j, "log_level", uepfd_level_name(req.level));
		break;
	case UEPFD_VERB_SHUTDOWN:
		ujson_bool(&j, "shutdown", true);
		log_info("shutdown requested over the control socket");
		d->quit = true;
		d->exit_code = 0;
		break;
	}
	ujson_end(&j, '}');
	ujson_raw(&j, "\n");
	if (j.overflow) {
		(void)mark;
		ujson_init(&j, reply, cap);
		snprintf(err, sizeof(err), "reply over %zu bytes (ask for fewer table entries)",
			 cap);
		reply_error(&j, UEPF_CTL_E_MSGSIZE, err);
	}
	return j.len;
}

/* ---- the socket ---- */

static int mkdir_parent(const char *path)
{
	char dir[4096], *s;

	snprintf(dir, sizeof(dir), "%s", path);
	s = strrchr(dir, '/');
	if (!s || s == dir)
		return 0;
	*s = 0;
	for (s = dir + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		mkdir(dir, 0755);
		*s = '/';
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int uepfd_mkdir_parent(const char *path)
{
	return mkdir_parent(path);
}

int uepfd_ctl_listen(struct uepfd *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, r;
	mode_t old;

	r = uepf_ctl_connect(d->o.socket);
	if (r >= 0) {
		close(r);
		log_error("%s: another daemon answers there: refusing to start",
			  d->o.socket);
		return -1;
	}
	r = mkdir_parent(d->o.socket);
	if (r) {
		log_error("%s: cannot create its directory: %s", d->o.socket, strerror(-r));
		return -1;
	}
	unlink(d->o.socket);
	strcpy(sa.sun_path, d->o.socket);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		log_error("socket: %s", strerror(errno));
		return -1;
	}
	old = umask(0177);
	r = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0 || chmod(d->o.socket, 0600) < 0 ||
	    (d->o.owner_set && chown(d->o.socket, d->o.owner, (gid_t)-1) < 0) ||
	    listen(fd, 8) < 0 || uepfd_loop_add_listen(d, fd) < 0) {
		log_error("%s: %s", d->o.socket, strerror(errno));
		close(fd);
		return -1;
	}
	d->lfd = fd;
	return 0;
}

static void drop(struct uepfd *d, struct uepfd_client *c)
{
	struct uepfd_client **pp;

	for (pp = &d->clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	epoll_ctl(d->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c);
	d->nclients--;
}

static void send_reply(int fd, const char *buf, size_t len)
{
	if (send(fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		log_debug("control: reply not sent: %s", strerror(errno));
}

void uepfd_ctl_accept(struct uepfd *d)
{
	for (;;) {
		struct ucred cr;
		socklen_t cl = sizeof(cr);
		struct uepfd_client *c;
		int fd = accept4(d->lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn("accept: %s", strerror(errno));
			return;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &cl) < 0) {
			close(fd);
			continue;
		}
		if (cr.uid != 0 && !(d->o.owner_set && cr.uid == d->o.owner)) {
			char buf[256];
			struct ujson j;
			char msg[160];

			snprintf(msg, sizeof(msg), "uid %u is neither root nor the owner",
				 (unsigned int)cr.uid);
			ujson_init(&j, buf, sizeof(buf));
			reply_error(&j, UEPF_CTL_E_ACCES, msg);
			send_reply(fd, buf, j.len);
			log_warn("control: pid %d %s: refused", (int)cr.pid, msg);
			close(fd);
			continue;
		}
		if (d->nclients >= MAX_CLIENTS) {
			log_warn("control: %d clients connected, pid %d refused",
				 MAX_CLIENTS, (int)cr.pid);
			close(fd);
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->uid = cr.uid;
		c->pid = cr.pid;
		if (uepfd_loop_add_client(d, fd, c) < 0) {
			close(fd);
			free(c);
			continue;
		}
		c->next = d->clients;
		d->clients = c;
		d->nclients++;
		log_debug("control: client pid %d uid %u", (int)c->pid, (unsigned int)c->uid);
	}
}

void uepfd_ctl_client_ready(struct uepfd *d, struct uepfd_client *c)
{
	static char reply[UEPF_CTL_MAX_REPLY];
	char msg[UEPF_CTL_MAX_REQUEST + 1];
	ssize_t n;
	size_t len;

	n = recv(c->fd, msg, sizeof(msg), MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		drop(d, c);
		return;
	}
	if (n == 0) {
		/* an empty message or the peer's end of file? */
		struct pollfd p = { .fd = c->fd, .events = POLLRDHUP };

		int pr = poll(&p, 1, 0);

		if (pr < 0 || (pr == 1 && (p.revents & (POLLRDHUP | POLLHUP)))) {
			drop(d, c);
			return;
		}
	}
	/* n > sizeof(msg) when truncated: the parser reports EMSGSIZE */
	len = uepfd_ctl_handle(d, msg, (size_t)n, reply, sizeof(reply));
	send_reply(c->fd, reply, len);
}

void uepfd_ctl_close(struct uepfd *d)
{
	while (d->clients)
		drop(d, d->clients);
	if (d->lfd >= 0) {
		close(d->lfd);
		unlink(d->o.socket);
		d->lfd = -1;
	}
}
