// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * uepfd control request parsing and the JSON writer: every verb, and
 * malformed, oversized and truncated requests refused with the right
 * error name and a message naming the value.
 */
#include <string.h>

#include "tap.h"
#include "uepfd.h"

static struct uepfd_req rq;
static const char *en;
static char err[256];

static int p(const char *s, size_t len)
{
	en = NULL;
	err[0] = 0;
	return uepfd_req_parse(s, len, 8, &rq, &en, err, sizeof(err));
}
#define P(s) p(s, strlen(s))

#define BAD(name, msg, s, len) do { \
	int r_ = p(s, len); \
	tap_ok(r_ == -1 && en && !strcmp(en, name) && strstr(err, msg), \
	       "%s -> %s \"%s\"", #s, en ? en : "(none)", err); \
} while (0)

int main(void)
{
	static char big[100000];
	char buf[600];
	struct ujson j;

	tap_ok(!P("ping") && rq.verb == UEPFD_VERB_PING, "ping");
	tap_ok(!P("status\n") && rq.verb == UEPFD_VERB_STATUS, "status with newline");
	tap_ok(!P("  pba  ") && rq.verb == UEPFD_VERB_PBA, "pba with spaces");
	tap_ok(!P("table") && rq.verb == UEPFD_VERB_TABLE && rq.first == 0 && rq.count == 0, "table");
	tap_ok(!P("table 7 256") && rq.first == 7 && rq.count == 256, "table 7 256");
	tap_ok(!P("fire 0 0x7 3") && rq.verb == UEPFD_VERB_FIRE && rq.nvec == 3 &&
	       rq.vec[0] == 0 && rq.vec[1] == 7 && rq.vec[2] == 3, "fire 0 0x7 3");
	tap_ok(!P("fire all") && rq.all, "fire all");
	tap_ok(!P("reset") && rq.verb == UEPFD_VERB_RESET, "reset");
	tap_ok(!P("shutdown") && rq.verb == UEPFD_VERB_SHUTDOWN, "shutdown");
	tap_ok(!P("log-level warn") && rq.level == UEPFD_LOG_WARN, "log-level warn");

	BAD(UEPF_CTL_E_BADMSG, "empty request", "", 0);
	BAD(UEPF_CTL_E_BADMSG, "empty request", "\n", 1);
	BAD(UEPF_CTL_E_BADMSG, "only spaces", "   ", 3);
	BAD(UEPF_CTL_E_BADMSG, "byte 0x00 at offset 4", "ping\0x", 6);
	BAD(UEPF_CTL_E_BADMSG, "byte 0xff at offset 0", "\xffping", 5);
	BAD(UEPF_CTL_E_BADMSG, "byte 0x09 at offset 4", "fire\t1", 6);
	BAD(UEPF_CTL_E_BADMSG, "byte 0x0a at offset 4", "ping\n\n", 6);
	memset(big, 'a', sizeof(big));
	BAD(UEPF_CTL_E_MSGSIZE, "request of 513 bytes is over the limit of 512", big, 513);
	BAD(UEPF_CTL_E_MSGSIZE, "request of 100000 bytes", big, sizeof(big));
	BAD(UEPF_CTL_E_NOTSUP, "unknown verb 'stat'", "stat", 4);
	BAD(UEPF_CTL_E_NOTSUP, "unknown verb 'PING'", "PING", 4);
	BAD(UEPF_CTL_E_INVAL, "ping: takes 0..0 arguments, got 1", "ping x", 6);
	BAD(UEPF_CTL_E_INVAL, "fire: needs vector numbers (0..7)", "fire", 4);
	BAD(UEPF_CTL_E_INVAL, "vector 'x' is not a number", "fire 1 x", 8);
	BAD(UEPF_CTL_E_INVAL, "vector '-1' is not a number", "fire -1", 7);
	BAD(UEPF_CTL_E_RANGE, "vector 8 out of range 0..7", "fire 8", 6);
	BAD(UEPF_CTL_E_RANGE, "vector 4294967296 out of range 0..7", "fire 4294967296", 15);
	BAD(UEPF_CTL_E_INVAL, "fire: takes 1..1 arguments, got 2", "fire all 1", 10);
	BAD(UEPF_CTL_E_RANGE, "FIRST 8 out of range 0..7", "table 8", 7);
	BAD(UEPF_CTL_E_RANGE, "COUNT 0 out of range 1..256", "table 0 0", 9);
	BAD(UEPF_CTL_E_RANGE, "COUNT 257 out of range 1..256", "table 0 257", 11);
	BAD(UEPF_CTL_E_INVAL, "table: takes 0..2 arguments, got 3", "table 0 1 2", 11);
	BAD(UEPF_CTL_E_INVAL, "log-level: 'loud'", "log-level loud", 14);
	BAD(UEPF_CTL_E_INVAL, "log-level: takes 1..1 arguments, got 0", "log-level", 9);
	/* 65 vectors: over the per-request limit */
	strcpy(buf, "fire");
	for (int i = 0; i < 65; i++)
		strcat(buf, " 1");
	BAD(UEPF_CTL_E_INVAL, "fire: 65 vectors, at most 64 per request", buf, strlen(buf));
	buf[4 + 2 * 64] = 0;
	tap_ok(!P(buf) && rq.nvec == 64, "fire with 64 vectors accepted");
	/* truncated: a prefix of a valid request */
	BAD(UEPF_CTL_E_NOTSUP, "unknown verb 'tab'", "table 3", 3);
	BAD(UEPF_CTL_E_INVAL, "'0x' is not a number", "fire 0x", 7);

	/* JSON writer: escaping, commas, bounded */
	ujson_init(&j, buf, sizeof(buf));
	ujson_begin(&j, NULL, '{');
	ujson_str(&j, "a", "q\"\\\n");
	ujson_u64(&j, "n", 18446744073709551615ull);
	ujson_begin(&j, "l", '[');
	ujson_bool(&j, NULL, true);
	ujson_null(&j, NULL);
	ujson_hex(&j, NULL, 0x2a, 4);
	ujson_end(&j, ']');
	ujson_end(&j, '}');
	tap_ok(!j.overflow && !strcmp(buf, "{\"a\":\"q\\\"\\\\\\u000a\",\"n\":18446744073709551615,\"l\":[true,null,\"0x002a\"]}"),
	       "JSON: %s", buf);
	ujson_init(&j, buf, 8);
	ujson_str(&j, NULL, "0123456789");
	tap_ok(j.overflow && j.len < 8 && strlen(buf) == j.len, "JSON writer never overflows");
	return tap_done();
}
