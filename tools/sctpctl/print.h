/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output: one helper for text and JSON, and the records printed with it.
 */
#ifndef SCTPCTL_PRINT_H
#define SCTPCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "record.h"

enum print_mode {
	PRINT_TEXT = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_TEXT | PRINT_JSON,
};

void out_init(bool json, bool pretty);
bool out_json(void);
void out_open_obj(const char *key);
void out_close_obj(void);
void out_open_arr(const char *key);
void out_close_arr(void);
void out_uint(enum print_mode m, const char *key, const char *fmt,
	      uint64_t v);
void out_str(enum print_mode m, const char *key, const char *fmt,
	     const char *s);
void out_bool(enum print_mode m, const char *key, const char *yes,
	      const char *no, bool v);
void out_null(const char *key);
void out_text(const char *s);
int out_flush(void);

void print_range_fields(const struct range_rec *r);
void print_range(const struct range_rec *r);
void print_save_line(const struct range_rec *r);
void print_stats(const struct stats_rec *s, const char *key);

#endif /* SCTPCTL_PRINT_H */
