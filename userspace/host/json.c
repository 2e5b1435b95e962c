// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepf-host: a minimal streaming JSON writer (stdout), enough for the read
 * verbs.  Nesting is tracked so commas and indentation come out right.
 */
#include <stdio.h>

#include "host.h"

#define JSON_MAX_DEPTH 16

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
		else if (ch < 0x20)
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
	if (key) {
		put_string(key);
		fputs(": ", stdout);
	}
}

static void open_nest(const char *key, char ch)
{
	member(key);
	putchar(ch);
	if (depth + 1 >= JSON_MAX_DEPTH)
		die(EXIT_TROUBLE, "internal error: JSON nesting too deep");
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
	put_string(val);
}

void json_int(const char *key, long long val)
{
	member(key);
	printf("%lld", val);
}

void json_uint(const char *key, unsigned long long val)
{
	member(key);
	printf("%llu", val);
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

void json_done(void)
{
	putchar('\n');
}
