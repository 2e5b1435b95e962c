/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uepfctl: the verb table and the helpers verbs share (main.c).
 */
#ifndef UEPFCTL_VERBS_H
#define UEPFCTL_VERBS_H

#include <getopt.h>
#include <stdbool.h>

struct verb {
	const char *name;
	int (*fn)(int argc, char **argv);	/* argv[0] is the verb */
	const char *args;			/* synopsis */
	const char *help;			/* option lines */
};

/* Message, "Try 'uepfctl VERB --help'", exit EXIT_USAGE. */
void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
/* getopt_long() for the current verb; handles --help and bad options. */
int verb_getopt(int argc, char **argv, const struct option *lo,
		const char *so);
/* The NAME at argv[optind], validated; @more: arguments may follow. */
const char *verb_name_arg(int argc, char **argv, bool more);

/* show.c: the read verbs. */
int verb_list(int argc, char **argv);
int verb_status(int argc, char **argv);
int verb_table(int argc, char **argv);
int verb_pba(int argc, char **argv);
int verb_fire(int argc, char **argv);
int verb_watch(int argc, char **argv);

#endif /* UEPFCTL_VERBS_H */
