/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything written to stderr, one line per message.
 */
#ifndef SCTPCTL_REPORT_H
#define SCTPCTL_REPORT_H

#include "ctx.h"

void report_where(const char *file, unsigned long line);
void report_netns(const char *name);
void report_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void report_error_at(const char *file, unsigned long line,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void report_kernel(const struct ctx *c, int cmd, int err);
void report_kernel_at(const struct ctx *c, int cmd, int err,
		      const char *file, unsigned long line);
void report_warning(const struct ctx *c, const char *msg);
const char *errno_sentence(int cmd, int err);

#endif /* SCTPCTL_REPORT_H */
