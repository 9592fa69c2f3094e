// SPDX-License-Identifier: GPL-2.0
/*
 * Read a file line by line, counting lines, telling a line that holds a
 * NUL byte (a binary file, a wrong argument) from one that does not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

struct line_reader {
	FILE *f;
	char *buf;
	size_t cap;
	unsigned long lineno;
	int err;
};

struct line_reader *lr_open(const char *file, const char **name, int *err)
{
	struct line_reader *lr = calloc(1, sizeof(*lr));
	bool in = !strcmp(file, "-");

	*name = in ? "<stdin>" : file;
	if (!lr) {
		*err = ENOMEM;
		return NULL;
	}
	lr->f = in ? stdin : fopen(file, "re");
	if (!lr->f) {
		*err = errno;
		free(lr);
		return NULL;
	}
	return lr;
}

char *lr_next(struct line_reader *lr, unsigned long *lineno, bool *nul)
{
	ssize_t n;

	errno = 0;
	n = getline(&lr->buf, &lr->cap, lr->f);
	if (n < 0) {
		if (ferror(lr->f))
			lr->err = errno ? errno : EIO;
		return NULL;
	}
	*lineno = ++lr->lineno;
	*nul = strlen(lr->buf) != (size_t)n;
	return lr->buf;
}

bool lr_stdin(const struct line_reader *lr)
{
	return lr->f == stdin;
}

int lr_close(struct line_reader *lr)
{
	int err = lr->err;

	if (lr->f != stdin)
		fclose(lr->f);
	free(lr->buf);
	free(lr);
	return err;
}
