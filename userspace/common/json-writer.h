/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A streaming JSON writer on stdout, shared by uepfctl and uepf-host for
 * their --json output.  Objects and arrays nest; members of an object are
 * given a key, elements of an array a NULL key.
 */
#ifndef UEPF_JSON_WRITER_H
#define UEPF_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>

/* Open an object / array as member @key (NULL inside an array). */
void json_begin_obj(const char *key);
void json_begin_arr(const char *key);
/* Close the innermost object / array. */
void json_end_obj(void);
void json_end_arr(void);

/* Scalars; a NULL @val for json_str() writes null. */
void json_str(const char *key, const char *val);
void json_u64(const char *key, uint64_t val);
void json_i64(const char *key, int64_t val);
/* @val as a "0x..." string, for addresses and register values. */
void json_hex(const char *key, uint64_t val);
void json_double(const char *key, double val);
void json_bool(const char *key, bool val);
void json_null(const char *key);

/* Finish the document: a newline, and stdout flushed. */
void json_end(void);

#endif /* UEPF_JSON_WRITER_H */
