// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd: a bounded JSON writer for control replies.  Never writes past the
 * buffer; a reply that does not fit is marked overflowed (the caller turns
 * it into an error).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "uepfd.h"

void ujson_init(struct ujson *j, char *buf, size_t cap)
{
	j->buf = buf;
	j->cap = cap;
	j->len = 0;
	j->overflow = false;
	j->need_comma = false;
	if (cap)
		buf[0] = 0;
}

static void put(struct ujson *j, const char *s, size_t n)
{
	if (j->overflow || !j->cap)
		return;
	if (j->len + n >= j->cap) {
		j->overflow = true;
		return;
	}
	memcpy(j->buf + j->len, s, n);
	j->len += n;
	j->buf[j->len] = 0;
}

void ujson_raw(struct ujson *j, const char *s)
{
	put(j, s, strlen(s));
}

static void put_escaped(struct ujson *j, const char *s)
{
	put(j, "\"", 1);
	for (; *s; s++) {
		unsigned char c = *s;
		char e[8];

		if (c == '"' || c == '\\') {
			e[0] = '\\';
			e[1] = c;
			put(j, e, 2);
		} else if (c < 0x20 || c >= 0x7f) {
			snprintf(e, sizeof(e), "\\u%04x", c);
			put(j, e, 6);
		} else {
			put(j, (const char *)&c, 1);
		}
	}
	put(j, "\"", 1);
}

static void key(struct ujson *j, const char *k)
{
	if (j->need_comma)
		put(j, ",", 1);
	j->need_comma = true;
	if (k) {
		put_escaped(j, k);
		put(j, ":", 1);
	}
}

void ujson_begin(struct ujson *j, const char *k, char open)
{
	key(j, k);
	put(j, &open, 1);
	j->need_comma = false;
}

void ujson_end(struct ujson *j, char close)
{
	put(j, &close, 1);
	j->need_comma = true;
}

void ujson_str(struct ujson *j, const char *k, const char *val)
{
	key(j, k);
	put_escaped(j, val);
}

void ujson_u64(struct ujson *j, const char *k, uint64_t val)
{
	char b[32];

	key(j, k);
	put(j, b, snprintf(b, sizeof(b), "%" PRIu64, val));
}

void ujson_bool(struct ujson *j, const char *k, bool val)
{
	key(j, k);
	ujson_raw(j, val ? "true" : "false");
}

void ujson_null(struct ujson *j, const char *k)
{
	key(j, k);
	ujson_raw(j, "null");
}

void ujson_hex(struct ujson *j, const char *k, uint64_t val, int digits)
{
	char b[32];

	key(j, k);
	put(j, b, snprintf(b, sizeof(b), "\"0x%0*" PRIx64 "\"", digits, val));
}
