// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A streaming JSON writer on stdout for the --json output of uepfctl and
 * uepf-host.  Nesting is tracked so commas and indentation come out right.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "json-writer.h"

#define JSON_MAX_DEPTH 40

static int depth;
static bool first[JSON_MAX_DEPTH];

static void indent(void)
{
	for (int i = 0; i < depth; i++)
		fputs("  ", stdout);
}

static void put_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

/* Separator, indentation and key before a value. */
static void member(const char *key)
{
	if (depth > 0) {
		if (!first[depth])
			putchar(',');
		putchar('\n');
		first[depth] = false;
	}
	indent();
	if (key && depth > 0) {
		put_string(key);
		fputs(": ", stdout);
	}
}

static void open_nest(const char *key, char ch)
{
	member(key);
	putchar(ch);
	if (depth + 1 >= JSON_MAX_DEPTH) {
		/* a programming error, not bad input: no caller nests this deep */
		fputs("internal error: JSON nesting too deep\n", stderr);
		abort();
	}
	first[++depth] = true;
}

static void close_nest(char ch)
{
	bool empty = first[depth];

	depth--;
	if (!empty) {
		putchar('\n');
		indent();
	}
	putchar(ch);
}

void json_begin_obj(const char *key)
{
	open_nest(key, '{');
}

void json_end_obj(void)
{
	close_nest('}');
}

void json_begin_arr(const char *key)
{
	open_nest(key, '[');
}

void json_end_arr(void)
{
	close_nest(']');
}

void json_str(const char *key, const char *val)
{
	member(key);
	if (val)
		put_string(val);
	else
		fputs("null", stdout);
}

void json_u64(const char *key, uint64_t val)
{
	member(key);
	printf("%" PRIu64, val);
}

void json_i64(const char *key, int64_t val)
{
	member(key);
	printf("%" PRId64, val);
}

void json_double(const char *key, double val)
{
	member(key);
	printf("%.17g", val);
}

void json_hex(const char *key, uint64_t val)
{
	member(key);
	printf("\"0x%" PRIx64 "\"", val);
}

void json_bool(const char *key, bool val)
{
	member(key);
	fputs(val ? "true" : "false", stdout);
}

void json_null(const char *key)
{
	member(key);
	fputs("null", stdout);
}

void json_end(void)
{
	putchar('\n');
	fflush(stdout);
}
