// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfctl: a small JSON reader for uepfd's replies (RFC 8259 values; \u
 * escapes outside ASCII are kept as '?').  The daemon is local and trusted
 * to be uepfd, but the parser still refuses malformed input rather than
 * guessing.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uepfctl.h"

#define JV_MAX_DEPTH 32

struct parser {
	const char *p;
	const char *err;
	int depth;
};

static void ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	       *ps->p == '\r')
		ps->p++;
}

static struct jv *jv_new(enum jv_type t)
{
	struct jv *v = xcalloc(1, sizeof(*v));

	v->type = t;
	return v;
}

static void push(struct jv *v, char *key, struct jv *item)
{
	if (!(v->n & (v->n + 1)) || !v->items) {
		size_t cap = (v->n + 1) * 2;

		v->items = realloc(v->items, cap * sizeof(*v->items));
		v->keys = realloc(v->keys, cap * sizeof(*v->keys));
		if (!v->items || !v->keys)
			die(EXIT_FAIL, "out of memory");
	}
	v->keys[v->n] = key;
	v->items[v->n++] = item;
}

static char *parse_string(struct parser *ps)
{
	size_t cap = 16, n = 0;
	char *s = xcalloc(1, cap);

	if (*ps->p != '"')
		goto bad;
	ps->p++;
	while (*ps->p != '"') {
		char ch = *ps->p++;

		if (!ch || (unsigned char)ch < 0x20)
			goto bad;
		if (ch == '\\') {
			ch = *ps->p++;
			switch (ch) {
			case '"': case '\\': case '/': break;
			case 'b': ch = '\b'; break;
			case 'f': ch = '\f'; break;
			case 'n': ch = '\n'; break;
			case 'r': ch = '\r'; break;
			case 't': ch = '\t'; break;
			case 'u': {
				unsigned int cp = 0;

				for (int i = 0; i < 4; i++, ps->p++) {
					if (!isxdigit((unsigned char)*ps->p))
						goto bad;
					cp = cp * 16 + (isdigit((unsigned char)*ps->p) ?
						*ps->p - '0' :
						(tolower((unsigned char)*ps->p) - 'a' + 10));
				}
				ch = cp < 0x80 ? (char)cp : '?';
				break;
			}
			default:
				goto bad;
			}
		}
		if (n + 2 > cap) {
			cap *= 2;
			s = realloc(s, cap);
			if (!s)
				die(EXIT_FAIL, "out of memory");
		}
		s[n++] = ch;
	}
	ps->p++;
	s[n] = 0;
	return s;
bad:
	free(s);
	ps->err = "bad string";
	return NULL;
}

static struct jv *parse_value(struct parser *ps);

static struct jv *parse_container(struct parser *ps, bool obj)
{
	struct jv *v = jv_new(obj ? JV_OBJECT : JV_ARRAY), *item;
	char close = obj ? '}' : ']';
	char *key = NULL;

	if (++ps->depth > JV_MAX_DEPTH) {
		ps->err = "nested too deep";
		goto bad;
	}
	ps->p++;
	ws(ps);
	if (*ps->p == close) {
		ps->p++;
		ps->depth--;
		return v;
	}
	for (;;) {
		ws(ps);
		if (obj) {
			key = parse_string(ps);
			if (!key)
				goto bad;
			ws(ps);
			if (*ps->p++ != ':') {
				ps->err = "expected ':'";
				goto bad;
			}
		}
		item = parse_value(ps);
		if (!item)
			goto bad;
		push(v, key, item);
		key = NULL;
		ws(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == close) {
			ps->p++;
			break;
		}
		ps->err = obj ? "expected ',' or '}'" : "expected ',' or ']'";
		goto bad;
	}
	ps->depth--;
	return v;
bad:
	free(key);
	jv_free(v);
	return NULL;
}

static struct jv *parse_number(struct parser *ps)
{
	const char *s = ps->p;
	struct jv *v;
	char *end;

	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s)) {
		ps->err = "unexpected character";
		return NULL;
	}
	v = jv_new(JV_NUMBER);
	errno = 0;
	v->num = strtod(ps->p, &end);
	if (end == ps->p) {
		free(v);
		ps->err = "bad number";
		return NULL;
	}
	if (ps->p[0] == '-')
		v->i = strtoll(ps->p, NULL, 10);
	else
		v->i = (int64_t)strtoull(ps->p, NULL, 10);
	ps->p = end;
	return v;
}

static struct jv *parse_value(struct parser *ps)
{
	struct jv *v;

	ws(ps);
	switch (*ps->p) {
	case '{':
		return parse_container(ps, true);
	case '[':
		return parse_container(ps, false);
	case '"':
		v = jv_new(JV_STRING);
		v->str = parse_string(ps);
		if (!v->str) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
	case 'f':
	case 'n': {
		static const char *const words[] = { "true", "false", "null" };

		for (int i = 0; i < 3; i++) {
			size_t l = strlen(words[i]);

			if (!strncmp(ps->p, words[i], l)) {
				ps->p += l;
				v = jv_new(i == 2 ? JV_NULL : JV_BOOL);
				v->b = i == 0;
				return v;
			}
		}
		ps->err = "unexpected word";
		return NULL;
	}
	default:
		return parse_number(ps);
	}
}

struct jv *jv_parse(const char *text, char *why, size_t len)
{
	struct parser ps = { .p = text };
	struct jv *v = parse_value(&ps);

	if (v) {
		ws(&ps);
		if (*ps.p) {
			ps.err = "trailing characters";
			jv_free(v);
			v = NULL;
		}
	}
	if (!v)
		snprintf(why, len, "malformed JSON at offset %td: %s",
			 ps.p - text, ps.err ? ps.err : "?");
	return v;
}

void jv_free(struct jv *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->keys[i]);
		jv_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->str);
	free(v);
}

const struct jv *jv_get(const struct jv *o, const char *key)
{
	if (!o || o->type != JV_OBJECT)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return o->items[i];
	return NULL;
}

const char *jv_str(const struct jv *o, const char *key, const char *def)
{
	const struct jv *v = jv_get(o, key);

	return v && v->type == JV_STRING ? v->str : def;
}

int64_t jv_int(const struct jv *o, const char *key, int64_t def)
{
	const struct jv *v = jv_get(o, key);

	return v && v->type == JV_NUMBER ? v->i : def;
}

int jv_bool(const struct jv *o, const char *key)
{
	const struct jv *v = jv_get(o, key);

	if (v && v->type == JV_BOOL)
		return v->b;
	return -1;
}

uint64_t jv_hex(const struct jv *o, const char *key, uint64_t def)
{
	const char *s = jv_str(o, key, NULL);
	uint64_t v;

	if (s && !parse_u64(s, false, &v))
		return v;
	return def;
}

void jv_emit(const char *key, const struct jv *v)
{
	switch (v->type) {
	case JV_NULL:
		json_null(key);
		break;
	case JV_BOOL:
		json_bool(key, v->b);
		break;
	case JV_NUMBER:
		if (v->num == (double)v->i)
			json_i64(key, v->i);
		else
			json_double(key, v->num);
		break;
	case JV_STRING:
		json_str(key, v->str);
		break;
	case JV_ARRAY:
	case JV_OBJECT:
		if (v->type == JV_ARRAY)
			json_begin_arr(key);
		else
			json_begin_obj(key);
		for (size_t i = 0; i < v->n; i++)
			jv_emit(v->keys[i], v->items[i]);
		if (v->type == JV_ARRAY)
			json_end_arr();
		else
			json_end_obj();
		break;
	}
}
