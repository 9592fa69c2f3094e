/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Restore files: read and checked here, for restore and for doctor's
 * config check.
 */
#ifndef SCTPCTL_RESTORE_H
#define SCTPCTL_RESTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"

struct rs_item {
	uint16_t start, end;
	uint8_t policy;
	bool reserve;
	unsigned long line;
};

struct rs_error {
	unsigned long line;	/* 0: about the whole file */
	int code;		/* EXIT_USAGE: syntax; EXIT_FAIL: the rules */
	char msg[ERRLEN];
};

struct rs_file {
	const char *name;	/* as in messages: FILE or <stdin> */
	struct rs_item *v;
	size_t n, cap;
	bool flush;		/* a flush line: an empty table is meant */
	struct rs_error *err;
	size_t nerr, caperr;
	int code;		/* the worst error code, EXIT_OK if none */
};

int rs_load(const char *file, struct rs_file *f);
void rs_free(struct rs_file *f);
void rs_report(const struct rs_file *f);

#endif /* SCTPCTL_RESTORE_H */
