// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: the read verbs (list, status, table, pba, watch) and fire.
 * Function facts come from configfs, live MSI-X state from uepfd's control
 * socket; --json prints one JSON document (watch: one per refresh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uepf/ctl.h>

#include "uepfctl.h"
#include "verbs.h"

static bool opt_json;

#define READ_OPTS \
	{ "json", no_argument, NULL, 'j' }, \
	{ "help", no_argument, NULL, 'h' }

/* Common loop for verbs whose only option is --json. */
static const char *json_only_args(int argc, char **argv, bool need_name,
				  bool more)
{
	static const struct option lo[] = { READ_OPTS, { NULL, 0, NULL, 0 } };
	int o;

	while ((o = verb_getopt(argc, argv, lo, "jh")) != -1)
		if (o == 'j')
			opt_json = true;
	if (!need_name) {
		if (optind < argc)
			usage_error("unexpected argument '%s'", argv[optind]);
		return NULL;
	}
	return verb_name_arg(argc, argv, more);
}

/* ---- function facts from configfs -------------------------------------- */

struct fn_facts {
	char vectors[16];
	char table_bar[16], table_offset[32];
	char model[64];
	char *controller;
	int pid;
	const char *state;	/* created, bound, running */
};

static void facts(const char *name, struct fn_facts *f)
{
	memset(f, 0, sizeof(*f));
	if (cfs_read_attr(name, "uepf/msix_vectors", f->vectors,
			  sizeof(f->vectors)))
		strcpy(f->vectors, "?");
	if (cfs_read_attr(name, "uepf/msix_table_bar", f->table_bar,
			  sizeof(f->table_bar)))
		strcpy(f->table_bar, "?");
	if (cfs_read_attr(name, "uepf/msix_table_offset", f->table_offset,
			  sizeof(f->table_offset)))
		strcpy(f->table_offset, "?");
	if (conf_get(name, "model", f->model, sizeof(f->model)) != 1)
		strcpy(f->model, "-");
	f->controller = cfs_bound_controller(name);
	f->pid = daemon_pid(name);
	f->state = f->pid ? "running" : f->controller ? "bound" : "created";
}

static void json_facts(const char *name, const struct fn_facts *f)
{
	json_str("name", name);
	json_str("state", f->state);
	json_str("controller", f->controller);
	if (f->pid)
		json_i64("pid", f->pid);
	else
		json_null("pid");
	json_i64("vectors", atoi(f->vectors));
	json_str("model", strcmp(f->model, "-") ? f->model : NULL);
}

/* ---- list -------------------------------------------------------------- */

static void list_one(const char *name, void *opaque)
{
	struct fn_facts f;

	facts(name, &f);
	if (opt_json) {
		json_begin_obj(NULL);
		json_facts(name, &f);
		json_end_obj();
	} else {
		printf("%-20s %-8s %7s  %-12s %s\n", name, f.state,
		       f.vectors, f.controller ? f.controller : "-", f.model);
	}
	free(f.controller);
}

int verb_list(int argc, char **argv)
{
	json_only_args(argc, argv, false, false);
	if (opt_json) {
		json_begin_obj(NULL);
		json_begin_arr("functions");
	} else {
		printf("%-20s %-8s %7s  %-12s %s\n", "NAME", "STATE",
		       "VECTORS", "CONTROLLER", "MODEL");
	}
	cfs_list(list_one, NULL);
	if (opt_json) {
		json_end_arr();
		json_end_obj();
		json_end();
	}
	return EXIT_OK;
}

/* ---- status ------------------------------------------------------------ */

static const char *yesno(int b)
{
	return b < 0 ? "unknown" : b ? "yes" : "no";
}

static void print_status(const char *name, const struct fn_facts *f,
			 const struct jv *s)
{
	const struct jv *db = jv_get(s, "doorbell");
	int fm = jv_bool(s, "function_mask");

	printf("function:    %s\n", name);
	printf("state:       %s", f->state);
	if (f->pid)
		printf(" (uepfd pid %d)", f->pid);
	printf("\ncontroller:  %s\n", f->controller ? f->controller : "-");
	if (!s) {
		printf("vectors:     %s\n", f->vectors);
		return;
	}
	printf("model:       %s", jv_str(s, "model", "?"));
	if (db && db->type == JV_OBJECT)
		printf(" (doorbell BAR%lld+0x%llx)",
		       (long long)jv_int(db, "bar", -1),
		       (unsigned long long)jv_int(db, "offset", 0));
	printf("\nvectors:     %lld\n", (long long)jv_int(s, "nvectors", 0));
	printf("msgctl:      %s: MSI-X %s, function mask %s, function %s\n",
	       jv_str(s, "msgctl", "?"),
	       jv_bool(s, "enabled") > 0 ? "enabled" : "disabled",
	       fm < 0 ? "unknown" : fm ? "set" : "clear",
	       jv_bool(s, "function_masked") > 0 ? "masked" : "unmasked");
	printf("masked:      %lld of %lld vectors\n",
	       (long long)jv_int(s, "vectors_masked", 0),
	       (long long)jv_int(s, "nvectors", 0));
	printf("pending:     %lld\n", (long long)jv_int(s, "vectors_pending", 0));
	printf("link:        %s, bus master %s\n", jv_str(s, "link", "?"),
	       jv_str(s, "bus_master", "?"));
	printf("interrupts:  fired %lld, raised %lld, delivered %lld, latched %lld, refused %lld, ignored %lld, errors %lld\n",
	       (long long)jv_int(s, "fired", 0),
	       (long long)jv_int(s, "raised", 0),
	       (long long)jv_int(s, "delivered", 0),
	       (long long)jv_int(s, "latched", 0),
	       (long long)jv_int(s, "refused", 0),
	       (long long)jv_int(s, "ignored", 0),
	       (long long)jv_int(s, "raise_errors", 0));
	printf("resets:      %lld\n", (long long)jv_int(s, "resets", 0));
	printf("watching:    %s", yesno(jv_bool(s, "watching")));
	if (jv_bool(s, "watching") > 0)
		printf(" (poll every %lld us)",
		       (long long)jv_int(s, "poll_us", 0));
	putchar('\n');
}

/* Status of @name; returns the exit status (EXIT_NODAEMON without uepfd,
 * after printing what configfs knows). */
static int do_status(const char *name)
{
	struct fn_facts f;
	struct jv *s = NULL;
	char why[512];
	int st = EXIT_OK;

	facts(name, &f);
	if (f.pid)
		s = ctl_query(name, "status", &st, why, sizeof(why));
	else
		st = EXIT_NODAEMON;
	if (opt_json) {
		json_begin_obj(NULL);
		json_facts(name, &f);
		if (s)
			jv_emit("daemon", s);
		else
			json_null("daemon");
		json_end_obj();
		json_end();
	} else {
		print_status(name, &f, s);
	}
	if (!s) {
		if (!f.pid)
			snprintf(why, sizeof(why),
				 "uepfd for '%s' is not running: run 'uepfctl start %s'",
				 name, name);
		fflush(stdout);
		fprintf(stderr, "uepfctl: status %s: %s\n", name, why);
	}
	free(f.controller);
	jv_free(s);
	return st;
}

int verb_status(int argc, char **argv)
{
	const char *name = json_only_args(argc, argv, true, false);

	cfs_check_fn(name);
	return do_status(name);
}

/* ---- table ------------------------------------------------------------- */

/* Connect or die with the status ctl_open() chose. */
static struct ctl *need_ctl(const char *verb, const char *name)
{
	char why[512];
	int st;
	struct ctl *c;

	cfs_check_fn(name);
	c = ctl_open(name, &st, why, sizeof(why));
	if (!c)
		die(st, "%s %s: %s", verb, name, why);
	return c;
}

static struct jv *need_call(struct ctl *c, const char *verb, const char *name,
			    const char *req)
{
	char why[512];
	struct jv *v;
	int st;

	v = ctl_call(c, req, &st, why, sizeof(why));
	if (!v)
		die(st, "%s %s: %s", verb, name, why);
	return v;
}

static void print_entry_header(void)
{
	printf("%6s  %-18s  %-10s  %-10s  %-6s  %-7s  %s\n", "VECTOR",
	       "ADDRESS", "DATA", "CONTROL", "MASKED", "PENDING", "FIRED");
}

static void print_entry(const struct jv *e)
{
	printf("%6lld  %-18s  %-10s  %-10s  %-6s  %-7s  %lld\n",
	       (long long)jv_int(e, "vector", -1), jv_str(e, "address", "?"),
	       jv_str(e, "data", "?"), jv_str(e, "control", "?"),
	       yesno(jv_bool(e, "masked")), yesno(jv_bool(e, "pending")),
	       (long long)jv_int(e, "fired", 0));
}

/* Walk the table pages [first, first + count); count 0: to the end. */
static void table_walk(struct ctl *c, const char *name, unsigned int first,
		       unsigned int count, void (*cb)(const struct jv *e))
{
	unsigned int done = 0;
	char req[64];

	for (;;) {
		unsigned int ask = UEPF_CTL_TABLE_MAX;
		const struct jv *ents, *next;
		struct jv *t;

		if (count && count - done < ask)
			ask = count - done;
		snprintf(req, sizeof(req), "table %u %u", first, ask);
		t = need_call(c, "table", name, req);
		ents = jv_get(t, "entries");
		for (size_t i = 0; ents && ents->type == JV_ARRAY && i < ents->n;
		     i++) {
			cb(ents->items[i]);
			done++;
		}
		next = jv_get(t, "next");
		if (!next || next->type != JV_NUMBER || (count && done >= count) ||
		    !ents || !ents->n) {
			jv_free(t);
			break;
		}
		first = (unsigned int)next->i;
		jv_free(t);
	}
}

static void emit_entry(const struct jv *e)
{
	jv_emit(NULL, e);
}

static unsigned int fn_vectors(const char *name)
{
	char buf[16];
	uint64_t v;

	if (cfs_read_attr(name, "uepf/msix_vectors", buf, sizeof(buf)) ||
	    parse_u64(buf, false, &v) || !v || v > 2048)
		die(EXIT_FAIL, "%s: cannot read uepf/msix_vectors", name);
	return (unsigned int)v;
}

int verb_table(int argc, char **argv)
{
	static const struct option lo[] = {
		READ_OPTS,
		{ "first", required_argument, NULL, 'f' },
		{ "count", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	const char *name, *sfirst = NULL;
	uint64_t first = 0, count = 0;
	unsigned int n;
	struct ctl *c;
	int o;

	while ((o = verb_getopt(argc, argv, lo, "jhf:c:")) != -1) {
		if (o == 'j')
			opt_json = true;
		else if (o == 'f')
			sfirst = optarg;
		else if (o == 'c')
			count = need_u64("--count", optarg, false, 1, 2048);
	}
	name = verb_name_arg(argc, argv, false);
	if (sfirst)
		first = need_u64("--first", sfirst, false, 0, 2047);
	cfs_check_fn(name);
	n = fn_vectors(name);
	if (first >= n)
		die(EXIT_USAGE, "table %s: --first %llu out of range 0..%u",
		    name, (unsigned long long)first, n - 1);
	c = need_ctl("table", name);
	if (opt_json) {
		json_begin_obj(NULL);
		json_str("name", name);
		json_i64("nvectors", n);
		json_begin_arr("entries");
		table_walk(c, name, (unsigned int)first, (unsigned int)count,
			   emit_entry);
		json_end_arr();
		json_end_obj();
		json_end();
	} else {
		print_entry_header();
		table_walk(c, name, (unsigned int)first, (unsigned int)count,
			   print_entry);
	}
	ctl_close(c);
	return EXIT_OK;
}

/* ---- pba --------------------------------------------------------------- */

int verb_pba(int argc, char **argv)
{
	const char *name = json_only_args(argc, argv, true, false);
	const struct jv *p, *q;
	struct ctl *c = need_ctl("pba", name);
	struct jv *v = need_call(c, "pba", name, "pba");

	ctl_close(c);
	if (opt_json) {
		json_begin_obj(NULL);
		json_str("name", name);
		for (size_t i = 0; i < v->n; i++)
			jv_emit(v->keys[i], v->items[i]);
		json_end_obj();
		json_end();
		jv_free(v);
		return EXIT_OK;
	}
	printf("vectors:     %lld\npending:    ",
	       (long long)jv_int(v, "nvectors", 0));
	p = jv_get(v, "pending");
	if (!p || p->type != JV_ARRAY || !p->n)
		printf(" none");
	for (size_t i = 0; p && p->type == JV_ARRAY && i < p->n; i++)
		printf(" %lld", (long long)p->items[i]->i);
	putchar('\n');
	q = jv_get(v, "qwords");
	for (size_t i = 0; q && q->type == JV_ARRAY && i < q->n; i++)
		printf("qword %-5zu %s\n", i,
		       q->items[i]->type == JV_STRING ? q->items[i]->str : "?");
	printf("consistent:  %s (PBA memory %s the daemon's pending bits)\n",
	       yesno(jv_bool(v, "consistent")),
	       jv_bool(v, "consistent") > 0 ? "matches" : "differs from");
	jv_free(v);
	return EXIT_OK;
}

/* ---- fire -------------------------------------------------------------- */

int verb_fire(int argc, char **argv)
{
	const char *name = json_only_args(argc, argv, true, true);
	unsigned int n, nv, *vec, i;
	bool all = false;
	struct ctl *c;
	int first = optind + 1;

	if (first >= argc)
		usage_error("fire %s: give VECTOR numbers or 'all'", name);
	/* check every vector before firing any */
	cfs_check_fn(name);
	n = fn_vectors(name);
	vec = xcalloc((size_t)(argc - first), sizeof(*vec));
	nv = 0;
	for (int a = first; a < argc; a++) {
		uint64_t v;

		if (!strcmp(argv[a], "all")) {
			all = true;
			continue;
		}
		if (parse_u64(argv[a], false, &v))
			die(EXIT_USAGE, "fire %s: vector '%s' is not a number",
			    name, argv[a]);
		if (v >= n)
			die(EXIT_USAGE, "fire %s: vector %s out of range 0..%u (%u vectors)",
			    name, argv[a], n - 1, n);
		vec[nv++] = (unsigned int)v;
	}
	if (all && nv)
		usage_error("fire %s: 'all' and vector numbers together", name);
	c = need_ctl("fire", name);
	if (opt_json) {
		json_begin_obj(NULL);
		json_str("name", name);
		json_begin_arr("results");
	}
	for (i = 0; all ? i == 0 : i < nv; ) {
		char req[UEPF_CTL_MAX_REQUEST];
		const struct jv *res;
		struct jv *r;
		size_t l;
		unsigned int k;

		if (all) {
			snprintf(req, sizeof(req), "fire all");
			k = 1;
		} else {
			l = (size_t)snprintf(req, sizeof(req), "fire");
			for (k = 0; k < UEPF_CTL_FIRE_MAX && i + k < nv; k++)
				l += (size_t)snprintf(req + l, sizeof(req) - l,
						      " %u", vec[i + k]);
		}
		r = need_call(c, "fire", name, req);
		res = jv_get(r, "results");
		for (size_t j = 0; res && res->type == JV_ARRAY && j < res->n;
		     j++) {
			if (opt_json)
				jv_emit(NULL, res->items[j]);
			else
				printf("vector %lld: %s\n",
				       (long long)jv_int(res->items[j], "vector", -1),
				       jv_str(res->items[j], "result", "?"));
		}
		jv_free(r);
		i += k;
	}
	if (opt_json) {
		json_end_arr();
		json_end_obj();
		json_end();
	}
	ctl_close(c);
	free(vec);
	return EXIT_OK;
}

/* ---- watch ------------------------------------------------------------- */

static void watch_entry(const struct jv *e)
{
	if (jv_int(e, "fired", 0) || jv_bool(e, "pending") > 0 ||
	    jv_bool(e, "masked") == 0)
		print_entry(e);
}

int verb_watch(int argc, char **argv)
{
	static const struct option lo[] = {
		READ_OPTS,
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	uint64_t interval = 1000, count = 0, k;
	const char *name;
	bool tty = isatty(STDOUT_FILENO);
	int o, st = EXIT_OK;

	while ((o = verb_getopt(argc, argv, lo, "jhi:c:")) != -1) {
		if (o == 'j')
			opt_json = true;
		else if (o == 'i')
			interval = need_u64("--interval", optarg, false, 50,
					    3600000);
		else if (o == 'c')
			count = need_u64("--count", optarg, false, 1,
					 1000000000);
	}
	name = verb_name_arg(argc, argv, false);
	cfs_check_fn(name);
	for (k = 0; !count || k < count; k++) {
		struct ctl *c;
		char why[512];

		if (k)
			sleep_ms((unsigned int)interval);
		if (tty && !opt_json)
			fputs("\033[H\033[2J", stdout);
		if (opt_json) {
			st = do_status(name);
		} else {
			st = do_status(name);
			c = ctl_open(name, &o, why, sizeof(why));
			if (c) {
				printf("\nvectors that fired, are pending or are unmasked:\n");
				print_entry_header();
				table_walk(c, name, 0, 0, watch_entry);
				ctl_close(c);
			}
		}
		fflush(stdout);
		if (st != EXIT_OK && st != EXIT_NODAEMON)
			break;
	}
	return st;
}
