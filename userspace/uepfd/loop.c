// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd: the event loop.  One epoll set over the device's event queue,
 * a one-shot timerfd (the adaptive poll), a signalfd and the control
 * socket with its clients.  No busy loop: between ticks the daemon sleeps.
 *
 * Polling (uepfd(8)): each tick lets the model look at its registers and,
 * only while vectors are pending, reads Message Control and runs
 * uepf_msix_sync() (O(pending)).  After any activity (a command, a ring,
 * a delivery, a control request that fired) the interval drops to
 * --poll-min-us; every tick without activity doubles it, up to
 * --poll-max-us.  Once a second the whole PBA is rewritten from the
 * daemon's bits (undoing host writes) and changed fire counts are saved.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "uepfd.h"

enum { TAG_DEV = 1, TAG_TIMER, TAG_SIGNAL, TAG_LISTEN };

uint64_t uepfd_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void arm(struct uepfd *d)
{
	struct itimerspec it = { 0 };

	it.it_value.tv_sec = d->poll_us / 1000000;
	it.it_value.tv_nsec = (d->poll_us % 1000000) * 1000;
	if (timerfd_settime(d->tfd, 0, &it, NULL) < 0)
		log_error("timerfd_settime: %s", strerror(errno));
}

void uepfd_kick(struct uepfd *d)
{
	d->activity = true;
	if (d->poll_us != d->o.poll_min_us) {
		d->poll_us = d->o.poll_min_us;
		if (d->tfd >= 0)
			arm(d);
	}
}

static int add(struct uepfd *d, int fd, uint64_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };

	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev);
}

int uepfd_loop_init(struct uepfd *d)
{
	sigset_t ss;

	d->tfd = d->sfd = -1;
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->epfd < 0)
		return -errno;
	d->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (d->tfd < 0)
		return -errno;
	sigemptyset(&ss);
	sigaddset(&ss, SIGTERM);
	sigaddset(&ss, SIGINT);
	sigaddset(&ss, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &ss, NULL) < 0)
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	d->sfd = signalfd(-1, &ss, SFD_CLOEXEC | SFD_NONBLOCK);
	if (d->sfd < 0)
		return -errno;
	if (add(d, d->tfd, TAG_TIMER) || add(d, d->sfd, TAG_SIGNAL) ||
	    add(d, uepf_device_fd(d->dev), TAG_DEV))
		return -errno;
	d->poll_us = d->o.poll_min_us;
	d->last_republish_ns = uepfd_now_ns();
	return 0;
}

/* epoll tag of the listening socket / a client (ctl.c registers them) */
int uepfd_loop_add_listen(struct uepfd *d, int fd)
{
	return add(d, fd, TAG_LISTEN);
}

int uepfd_loop_add_client(struct uepfd *d, int fd, struct uepfd_client *c)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };

	return epoll_ctl(d->epfd, EPOLL_CTL_ADD, fd, &ev);
}

void uepfd_loop_fini(struct uepfd *d)
{
	if (d->sfd >= 0)
		close(d->sfd);
	if (d->tfd >= 0)
		close(d->tfd);
	if (d->epfd >= 0)
		close(d->epfd);
	d->sfd = d->tfd = d->epfd = -1;
}

static void tick(struct uepfd *d)
{
	uint64_t exp, now;

	if (read(d->tfd, &exp, sizeof(exp)) < 0 && errno == EAGAIN)
		return;
	d->wakeups++;
	d->activity = false;
	d->model->poll(d);
	if (uepf_msix_pending_count(d->m))
		uepfd_watch(d);
	now = uepfd_now_ns();
	if (now - d->last_republish_ns >= 1000000000ull) {
		d->last_republish_ns = now;
		uepf_msix_pba_republish(d->m);
		if (d->state_dirty)
			uepfd_save(d);
	}
	if (!d->activity) {
		unsigned int next = d->poll_us * 2;

		d->poll_us = next > d->o.poll_max_us || next < d->poll_us ?
			     d->o.poll_max_us : next;
	}
	arm(d);
}

static void on_signal(struct uepfd *d)
{
	struct signalfd_siginfo si;

	while (read(d->sfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGHUP:
			if (uepfd_log_reopen())
				log_error("SIGHUP: cannot reopen the log: %s", strerror(errno));
			else
				log_info("SIGHUP: log reopened");
			break;
		default:
			log_info("signal %u: exiting", si.ssi_signo);
			d->quit = true;
			d->exit_code = 0;
			break;
		}
	}
}

static void on_device(struct uepfd *d)
{
	struct uepf_event ev;
	int r;

	while ((r = uepf_device_event(d->dev, &ev, 0)) == 1) {
		log_info("event %s arg=%u", uepf_event_name(ev.type), ev.arg);
		switch (ev.type) {
		case UEPF_EVENT_LINK_UP:
			d->link = UEPFD_ON;
			break;
		case UEPF_EVENT_LINK_DOWN:
			d->link = UEPFD_OFF;
			uepfd_reset(d, "link down");
			break;
		case UEPF_EVENT_HOST_RESET:
			uepfd_reset(d, "host reset");
			break;
		case UEPF_EVENT_BME:
			d->bme = ev.arg ? UEPFD_ON : UEPFD_OFF;
			if (ev.arg && uepf_msix_pending_count(d->m))
				uepfd_watch(d);
			uepfd_kick(d);
			break;
		case UEPF_EVENT_OVERFLOW:
			log_warn("%u device events lost", ev.arg);
			uepfd_kick(d);
			break;
		case UEPF_EVENT_UNBOUND:
			log_info("function unbound: exiting");
			d->unbound = true;
			d->quit = true;
			return;
		default:
			break;
		}
	}
	if (r == -ENODEV) {
		log_info("function unbound: exiting");
		d->unbound = true;
		d->quit = true;
	} else if (r < 0 && r != -EAGAIN) {
		log_error("events: %s", uepf_device_errmsg(d->dev));
		d->quit = true;
		d->exit_code = 1;
	}
}

int uepfd_loop_run(struct uepfd *d)
{
	struct epoll_event evs[16];

	arm(d);
	while (!d->quit) {
		int n = epoll_wait(d->epfd, evs, 16, -1), i;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_error("epoll_wait: %s", strerror(errno));
			return 1;
		}
		for (i = 0; i < n && !d->quit; i++) {
			switch (evs[i].data.u64) {
			case TAG_DEV:
				on_device(d);
				break;
			case TAG_TIMER:
				tick(d);
				break;
			case TAG_SIGNAL:
				on_signal(d);
				break;
			case TAG_LISTEN:
				uepfd_ctl_accept(d);
				break;
			default:
				uepfd_ctl_client_ready(d, evs[i].data.ptr);
				/* a closed client may be later in evs: stop here */
				i = n;
				break;
			}
		}
	}
	return d->exit_code;
}
