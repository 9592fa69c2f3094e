// SPDX-License-Identifier: GPL-2.0
/*
 * -b FILE|-: one command per line, as on the command line without the
 * program name and options; blank lines and "#" comments are skipped.
 *
 * The whole file is parsed before anything runs, so a syntax error
 * anywhere changes nothing (exit 2).  Then the lines run in order and
 * the first failing one stops the batch (exit 1).  With -f, bad lines
 * are reported and skipped and the batch goes on; the exit status is the
 * worst seen.  Each line is applied on its own: for an all-or-nothing
 * change of the table, use restore.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sctpctl.h"

struct line_reader {
	FILE *f;
	const char *name;
	char *buf;
	size_t cap;
	unsigned long lineno;
	int err;
};

/* "-" is stdin, named "<stdin>" in messages. */
struct line_reader *lr_open(const char *file, const char **name)
{
	struct line_reader *lr = calloc(1, sizeof(*lr));
	char q[64];

	if (!lr) {
		report_error("out of memory");
		return NULL;
	}
	if (!strcmp(file, "-")) {
		lr->f = stdin;
		lr->name = "<stdin>";
	} else {
		lr->f = fopen(file, "re");
		if (!lr->f) {
			report_error("cannot open %s: %s",
				     quote(q, sizeof(q), file), strerror(errno));
			free(lr);
			return NULL;
		}
		lr->name = file;
	}
	*name = lr->name;
	return lr;
}

/* The next line, or NULL at the end (or on a read error, see lr_close). */
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

/* 0, or -1 after reporting that the file could not be read to its end. */
int lr_close(struct line_reader *lr)
{
	int ret = 0;

	if (lr->err) {
		report_error("cannot read %s: %s", lr->name,
			     strerror(lr->err));
		ret = -1;
	}
	if (lr->f != stdin)
		fclose(lr->f);
	free(lr->buf);
	free(lr);
	return ret;
}

struct bline {
	unsigned long no;
	char *text;		/* owns the words the request points into */
	struct req r;
};

static bool reads_stdin(const struct req *r)
{
	return r->cmd->run == cmd_restore && !strcmp(r->file, "-");
}

int run_batch(struct ctx *c, const char *file)
{
	struct bline *lines = NULL;
	size_t n = 0, cap = 0, i;
	struct line_reader *lr;
	const char *name;
	unsigned long no;
	int worst = EXIT_OK;
	bool nul;
	char *line;

	lr = lr_open(file, &name);
	if (!lr)
		return EXIT_FAIL;

	while ((line = lr_next(lr, &no, &nul))) {
		char *argv[MAX_LINE_ARGS], err[ERRLEN];
		char *text = NULL;
		int argc;

		report_where(name, no);
		if (nul) {
			report_error("the line holds a NUL byte");
			goto bad;
		}
		text = strdup(line);
		if (!text) {
			report_error("out of memory");
			worst = EXIT_FAIL;
			break;
		}
		if (split_line(text, argv, MAX_LINE_ARGS, &argc, err,
			       sizeof(err))) {
			report_error("%s", err);
			goto bad;
		}
		if (argc == 0) {
			free(text);
			continue;
		}
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 32;
			void *p = realloc(lines, ncap * sizeof(*lines));

			if (!p) {
				report_error("out of memory");
				free(text);
				worst = EXIT_FAIL;
				break;
			}
			lines = p;
			cap = ncap;
		}
		if (cmd_parse(&lines[n].r, argc, argv, err, sizeof(err))) {
			report_error("%s", err);
			goto bad;
		}
		if (lr->f == stdin && reads_stdin(&lines[n].r)) {
			report_error("restore needs a FILE when the batch comes from stdin");
			goto bad;
		}
		lines[n].no = no;
		lines[n].text = text;
		n++;
		continue;
bad:
		free(text);
		worst = EXIT_USAGE;
		if (!c->force)
			break;
	}
	report_where(NULL, 0);
	if (lr_close(lr) && worst < EXIT_FAIL)
		worst = EXIT_FAIL;

	/* Without -f, an incomplete or bad file runs nothing. */
	if (worst == EXIT_OK || c->force) {
		for (i = 0; i < n; i++) {
			int ret;

			report_where(name, lines[i].no);
			ret = lines[i].r.cmd->run(c, &lines[i].r);
			if (ret > worst)
				worst = ret;
			if (ret && !c->force)
				break;
		}
		report_where(NULL, 0);
	}

	for (i = 0; i < n; i++)
		free(lines[i].text);
	free(lines);
	return worst;
}
