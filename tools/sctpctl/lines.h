/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one line reader: batch files, restore files, config files.
 */
#ifndef SCTPCTL_LINES_H
#define SCTPCTL_LINES_H

#include <stdbool.h>

struct line_reader;

/* "-" is stdin, named "<stdin>" in messages; NULL with *err set. */
struct line_reader *lr_open(const char *file, const char **name, int *err);
/* The next line, or NULL at the end (or on a read error, see lr_close). */
char *lr_next(struct line_reader *lr, unsigned long *lineno, bool *nul);
/* Does it read stdin? */
bool lr_stdin(const struct line_reader *lr);
/* 0, or the errno that kept the file from being read to its end. */
int lr_close(struct line_reader *lr);

#endif /* SCTPCTL_LINES_H */
