// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: launching and stopping uepfd.
 *
 * uepfd is started as `uepfd --daemon --socket S --pidfile P [--config
 * NAME.conf] NAME` (the config path is passed so uepfd and uepfctl agree
 * even when $UEPF_CONF_DIR moves it).  "Started" means its control socket answers "ping".  Stopping is
 * SIGTERM to the pid in the pidfile (or the pid "ping" reports), then a
 * wait, then SIGKILL.  $UEPFD names the daemon binary; $UEPF_RUN_DIR moves
 * the socket and pidfile directory (default /run/uepf).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <uepf/ctl.h>

#include "uepfctl.h"

#ifndef UEPFD_PATH
#define UEPFD_PATH "/usr/sbin/uepfd"
#endif

const char *run_dir(void)
{
	const char *d = getenv("UEPF_RUN_DIR");

	return d && *d ? d : UEPF_RUN_DIR;
}

char *socket_path(const char *name)
{
	return xasprintf("%s/%s.sock", run_dir(), name);
}

char *pidfile_path(const char *name)
{
	return xasprintf("%s/%s.pid", run_dir(), name);
}

/* Is @pid a live process that looks like uepfd? */
static int pid_alive(pid_t pid)
{
	char path[64], comm[64] = "";
	FILE *f;

	if (pid <= 1 || (kill(pid, 0) && errno != EPERM))
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 1;	/* no /proc: trust kill(0) */
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = 0;
	fclose(f);
	/* a zombie child of ours is not running */
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (f) {
		char state = 0;

		if (fscanf(f, "%*d (%*[^)]) %c", &state) == 1 && state == 'Z') {
			fclose(f);
			return 0;
		}
		fclose(f);
	}
	return !strncmp(comm, "uepfd", 5);
}

static int ping(const char *name, int *pid);

int daemon_pid(const char *name)
{
	char *p = pidfile_path(name);
	FILE *f = fopen(p, "re");
	int pid = 0;

	free(p);
	if (f) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
		if (pid_alive(pid))
			return pid;
	}
	/* no (valid) pidfile: a daemon may still answer on the socket */
	pid = 0;
	if (ping(name, &pid) && pid > 0)
		return pid;
	return 0;
}

/* Does the daemon answer "ping"?  Fills its pid. */
static int ping(const char *name, int *pid)
{
	char why[256];
	int st;
	struct jv *v = ctl_query(name, "ping", &st, why, sizeof(why));

	if (!v)
		return 0;
	if (pid)
		*pid = (int)jv_int(v, "pid", 0);
	jv_free(v);
	return 1;
}

static const char *uepfd_path(void)
{
	const char *p = getenv("UEPFD");

	if (p && *p)
		return p;
	if (!access(UEPFD_PATH, X_OK))
		return UEPFD_PATH;
	return "uepfd";		/* from $PATH */
}

int daemon_start(const char *name, int timeout_ms, char *why, size_t len)
{
	char *conf = conf_path(name);
	char *sock = socket_path(name), *pidf = pidfile_path(name);
	const char *argv[16];
	const char *bin = uepfd_path();
	uint64_t end;
	int argc = 0, st, r = -1;
	pid_t child, w;

	argv[argc++] = bin;
	argv[argc++] = "--daemon";
	argv[argc++] = "--socket";
	argv[argc++] = sock;
	argv[argc++] = "--pidfile";
	argv[argc++] = pidf;
	if (!access(conf, F_OK)) {
		argv[argc++] = "--config";
		argv[argc++] = conf;
	}
	argv[argc++] = name;
	argv[argc] = NULL;

	if (mkdir(run_dir(), 0755) && errno != EEXIST) {
		snprintf(why, len, "mkdir %s: %s", run_dir(), strerror(errno));
		goto out;
	}
	fflush(NULL);
	child = fork();
	if (child < 0) {
		snprintf(why, len, "fork: %s", strerror(errno));
		goto out;
	}
	if (!child) {
		execvp(bin, (char *const *)argv);
		fprintf(stderr, "uepfctl: cannot run %s: %s\n", bin,
			strerror(errno));
		_exit(127);
	}
	/*
	 * With --daemon the process we started exits once the daemon has
	 * forked; a failure before that is its exit status.
	 */
	end = now_ms() + (uint64_t)timeout_ms;
	for (;;) {
		w = waitpid(child, &st, WNOHANG);
		if (w == child) {
			if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
				snprintf(why, len, "cannot run %s (set $UEPFD to the uepfd binary)",
					 bin);
				goto out;
			}
			if (!WIFEXITED(st) || WEXITSTATUS(st)) {
				snprintf(why, len, "uepfd failed to start (%s %d; its message is above)",
					 WIFEXITED(st) ? "exit status" : "signal",
					 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
				goto out;
			}
			child = 0;
		}
		if (ping(name, NULL)) {
			r = 0;
			break;
		}
		if (now_ms() >= end) {
			snprintf(why, len, "uepfd did not answer on %s within %d ms",
				 sock, timeout_ms);
			if (child > 0)
				kill(child, SIGTERM);
			break;
		}
		sleep_ms(20);
	}
out:
	free(conf);
	free(sock);
	free(pidf);
	return r;
}

int daemon_stop(const char *name, int timeout_ms, char *why, size_t len)
{
	int pid = daemon_pid(name);
	uint64_t end;

	if (!pid)
		return 0;
	if (kill(pid, SIGTERM)) {
		snprintf(why, len, "kill %d: %s", pid, strerror(errno));
		return -1;
	}
	end = now_ms() + (uint64_t)timeout_ms;
	while (pid_alive(pid)) {
		if (now_ms() >= end) {
			warnx("uepfd (pid %d) still running after %d ms: SIGKILL",
			      pid, timeout_ms);
			kill(pid, SIGKILL);
			sleep_ms(100);
			break;
		}
		sleep_ms(20);
	}
	return 0;
}
