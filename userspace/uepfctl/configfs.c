// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: the PCI endpoint configfs tree.
 *
 *   $UEPF_CONFIGFS/pci_ep/functions/pci_epf_uepf/NAME/   the function
 *   $UEPF_CONFIGFS/pci_ep/controllers/EPC/NAME -> ...    bound to EPC
 *   $UEPF_CONFIGFS/pci_ep/controllers/EPC/start          link up
 *
 * $UEPF_CONFIGFS defaults to /sys/kernel/config.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uepfctl.h"

#define FN_TYPE "pci_epf_uepf"

const char *cfs_root(void)
{
	static char *root;
	const char *base;

	if (!root) {
		base = getenv("UEPF_CONFIGFS");
		root = xasprintf("%s/pci_ep",
				 base && *base ? base : "/sys/kernel/config");
	}
	return root;
}

static char *fn_type_dir(void)
{
	return xasprintf("%s/functions/" FN_TYPE, cfs_root());
}

char *cfs_fn_dir(const char *name)
{
	return xasprintf("%s/functions/" FN_TYPE "/%s", cfs_root(), name);
}

static int is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* Die with EXIT_NOTFOUND unless the uepf function type is there. */
static void need_fn_type(void)
{
	char *t = fn_type_dir();

	if (!is_dir(cfs_root()))
		die(EXIT_NOTFOUND,
		    "%s: no PCI endpoint configfs (is configfs mounted and CONFIG_PCI_ENDPOINT_CONFIGFS set?)",
		    cfs_root());
	if (!is_dir(t))
		die(EXIT_NOTFOUND, "%s: missing: is uepf.ko loaded?", t);
	free(t);
}

int cfs_fn_exists(const char *name)
{
	char *d;
	int r;

	need_fn_type();
	d = cfs_fn_dir(name);
	r = is_dir(d);
	free(d);
	return r;
}

void cfs_check_fn(const char *name)
{
	if (!cfs_fn_exists(name))
		die(EXIT_NOTFOUND,
		    "function '%s' unknown: no %s/functions/" FN_TYPE "/%s (see 'uepfctl list')",
		    name, cfs_root(), name);
}

/* Write @val to @path; on failure errno is returned negated. */
static int write_file(const char *path, const char *val)
{
	size_t n = strlen(val);
	ssize_t w;
	int fd, e;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	w = write(fd, val, n);
	e = w < 0 ? errno : (size_t)w != n ? EIO : 0;
	if (close(fd) && !e)
		e = errno;
	return -e;
}

static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

int cfs_read_attr(const char *name, const char *attr, char *buf, size_t len)
{
	char *p = xasprintf("%s/functions/" FN_TYPE "/%s/%s", cfs_root(), name,
			    attr);
	int r = read_file(p, buf, len);

	free(p);
	return r;
}

/* Set attribute @attr; on failure describe it in @why. */
static int set_attr(const char *dir, const char *attr, const char *val,
		    char *why, size_t len)
{
	char *p = xasprintf("%s/%s", dir, attr);
	int km = kmsg_mark();
	char kwhy[400];
	int r = write_file(p, val);

	if (r) {
		if (!kmsg_reason(km, "pci_epf_uepf", kwhy, sizeof(kwhy)))
			snprintf(kwhy, sizeof(kwhy),
				 "the kernel log names the limit");
		snprintf(why, len, "writing %s to %s: %s (kernel: %s)", val, p,
			 strerror(-r), kwhy);
	} else if (km >= 0) {
		close(km);
	}
	free(p);
	return r;
}

int cfs_create(const char *name, const struct fn_cfg *c, char *why,
	       size_t len)
{
	char *dir = cfs_fn_dir(name), val[64], attr[32];
	int i, r;

	need_fn_type();
	if (mkdir(dir, 0755)) {
		r = -errno;
		snprintf(why, len, "mkdir %s: %s", dir, strerror(errno));
		free(dir);
		return r;
	}
	/*
	 * Order matters: every write is validated against the whole
	 * configuration.  Flags before sizes (64-bit raises the size limit);
	 * the vector count while the table is still automatic; the table
	 * before the PBA (an explicit PBA needs an explicit table).
	 */
#define SET(a, ...) do {						\
		snprintf(val, sizeof(val), __VA_ARGS__);		\
		r = set_attr(dir, a, val, why, len);			\
		if (r)							\
			goto undo;					\
	} while (0)
	SET("vendorid", "0x%04x", c->vendor);
	SET("deviceid", "0x%04x", c->device);
	for (i = 0; i < NUM_BARS; i++) {
		if (!c->bar_flags[i])
			continue;
		snprintf(attr, sizeof(attr), "uepf/bar%d_flags", i);
		SET(attr, "0x%x", c->bar_flags[i]);
	}
	for (i = 0; i < NUM_BARS; i++) {
		if (!c->bar_size[i])
			continue;
		snprintf(attr, sizeof(attr), "uepf/bar%d_size", i);
		SET(attr, "0x%llx", (unsigned long long)c->bar_size[i]);
	}
	SET("uepf/msix_vectors", "%u", c->vectors);
	if (c->msi > 0)
		SET("msi_interrupts", "%d", c->msi);
	if (c->table_bar != BAR_AUTO) {
		SET("uepf/msix_table_offset", "0x%x", c->table_offset);
		SET("uepf/msix_table_bar", "%d", c->table_bar);
	}
	if (c->pba_bar != BAR_AUTO) {
		SET("uepf/msix_pba_offset", "0x%x", c->pba_offset);
		SET("uepf/msix_pba_bar", "%d", c->pba_bar);
	}
#undef SET
	free(dir);
	return 0;
undo:
	if (rmdir(dir))
		warnx("could not remove %s again: %s", dir, strerror(errno));
	free(dir);
	return r;
}

int cfs_remove(const char *name)
{
	char *dir = cfs_fn_dir(name);
	int r = rmdir(dir) ? -errno : 0;

	free(dir);
	return r;
}

static char *ctrl_dir(void)
{
	return xasprintf("%s/controllers", cfs_root());
}

char *cfs_bound_controller(const char *name)
{
	char *cd = ctrl_dir(), *found = NULL;
	struct dirent *de;
	DIR *d = opendir(cd);

	if (!d) {
		free(cd);
		return NULL;
	}
	while (!found && (de = readdir(d))) {
		struct stat st;
		char *l;

		if (de->d_name[0] == '.')
			continue;
		l = xasprintf("%s/%s/%s", cd, de->d_name, name);
		if (!lstat(l, &st) && S_ISLNK(st.st_mode))
			found = xstrdup(de->d_name);
		free(l);
	}
	closedir(d);
	free(cd);
	return found;
}

int cfs_controllers(char **only, bool *has_vepc0)
{
	char *cd = ctrl_dir();
	struct dirent *de;
	DIR *d = opendir(cd);
	int n = 0;

	*only = NULL;
	*has_vepc0 = false;
	if (!d) {
		free(cd);
		return 0;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (!strcmp(de->d_name, "vepc.0"))
			*has_vepc0 = true;
		if (!n++)
			*only = xstrdup(de->d_name);
	}
	closedir(d);
	free(cd);
	if (n != 1) {
		free(*only);
		*only = NULL;
	}
	return n;
}

int cfs_controller_exists(const char *epc)
{
	char *p;
	int r;

	if (!*epc || strchr(epc, '/') || epc[0] == '.')
		return 0;
	p = xasprintf("%s/controllers/%s", cfs_root(), epc);
	r = is_dir(p);
	free(p);
	return r;
}

int cfs_bind(const char *name, const char *epc)
{
	char *fn = cfs_fn_dir(name);
	char *l = xasprintf("%s/controllers/%s/%s", cfs_root(), epc, name);
	int r = symlink(fn, l) ? -errno : 0;

	free(fn);
	free(l);
	return r;
}

int cfs_unbind(const char *name, const char *epc)
{
	char *l = xasprintf("%s/controllers/%s/%s", cfs_root(), epc, name);
	int r = unlink(l) ? -errno : 0;

	free(l);
	return r;
}

int cfs_epc_start(const char *epc, bool on, const char *self)
{
	char *cd = xasprintf("%s/controllers/%s", cfs_root(), epc);
	char *p = xasprintf("%s/start", cd);
	int r = 0;

	if (!on) {
		/* Keep the link up while another function is bound. */
		struct dirent *de;
		DIR *d = opendir(cd);

		while (d && (de = readdir(d))) {
			struct stat st;
			char *l;

			if (self && !strcmp(de->d_name, self))
				continue;
			l = xasprintf("%s/%s", cd, de->d_name);
			if (!lstat(l, &st) && S_ISLNK(st.st_mode))
				r = 1;
			free(l);
		}
		if (d)
			closedir(d);
	}
	if (!r)
		r = write_file(p, on ? "1" : "0");
	else
		r = 0;
	free(p);
	free(cd);
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cfs_list(cfs_list_fn fn, void *opaque)
{
	char *t, **names = NULL;
	struct dirent *de;
	size_t n = 0, cap = 0;
	DIR *d;

	need_fn_type();
	t = fn_type_dir();
	d = opendir(t);
	if (!d)
		die(errno_status(errno), "%s: %s", t, strerror(errno));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				die(EXIT_FAIL, "out of memory");
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	free(t);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		fn(names[i], opaque);
		free(names[i]);
	}
	free(names);
	return (int)n;
}
