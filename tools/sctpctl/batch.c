// SPDX-License-Identifier: GPL-2.0
/*
 * -b FILE|-: one command per line, as on the command line without the
 * program name and options; blank lines and "#" comments are skipped.
 *
 * The whole file is parsed before anything runs, so a syntax error
 * anywhere changes nothing: every bad line is reported, in order, and the
 * exit status is 2.  Then the lines run in order and the first failing
 * one stops the batch (exit 1).  With -f, the lines run in order whatever
 * happens, each bad or failing line is reported where it stands, and the
 * exit status is 1 if any line failed (2 if none could run at all).  Each
 * line is applied on its own: for an all-or-nothing change of the table,
 * use restore.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cmd.h"
#include "lines.h"
#include "parse.h"
#include "report.h"

struct bline {
	unsigned long no;
	char *text;		/* owns the words the request points into */
	char *err;		/* why the line cannot run, or NULL */
	struct req r;
};

/* Why a parsed line cannot run in this batch, or NULL. */
static const char *batch_refuses(const struct req *r, bool from_stdin,
				 unsigned long *stdin_line, unsigned long no,
				 char *buf, size_t len)
{
	if (r->cmd->flags & CMD_NO_BATCH) {
		snprintf(buf, len, "%s cannot run in a batch", r->cmd->name);
		return buf;
	}
	if (!r->reads_stdin)
		return NULL;
	if (from_stdin)
		return "restore needs a FILE when the batch comes from stdin";
	if (*stdin_line) {
		snprintf(buf, len,
			 "restore needs a FILE: stdin is read by line %lu already",
			 *stdin_line);
		return buf;
	}
	*stdin_line = no;
	return NULL;
}

/* Parse every line of the batch; bad ones keep their message. */
static int batch_read(const struct ctx *c, struct line_reader *lr,
		      bool from_stdin, struct bline **linesp, size_t *np)
{
	struct bline *lines = NULL, *b;
	size_t n = 0, cap = 0;
	unsigned long no, stdin_line = 0;
	bool nul;
	char *line;

	while ((line = lr_next(lr, &no, &nul))) {
		char *argv[MAX_LINE_ARGS], err[ERRLEN];
		const char *why = NULL;
		int argc = 0;

		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 32;
			void *p = realloc(lines, ncap * sizeof(*lines));

			if (!p)
				goto nomem;
			lines = p;
			cap = ncap;
		}
		b = &lines[n];
		memset(b, 0, sizeof(*b));
		b->no = no;
		b->text = strdup(line);
		if (!b->text)
			goto nomem;
		if (nul)
			why = "the line holds a NUL byte";
		else if (split_line(b->text, argv, MAX_LINE_ARGS, &argc, err,
				    sizeof(err)))
			why = err;
		else if (argc == 0) {
			free(b->text);
			continue;
		} else if (cmd_parse(c->cmds, &b->r, argc, argv, err,
				     sizeof(err)))
			why = err;
		else
			why = batch_refuses(&b->r, from_stdin, &stdin_line, no,
					    err, sizeof(err));
		if (why) {
			b->err = strdup(why);
			if (!b->err) {
				free(b->text);
				goto nomem;
			}
		}
		n++;
	}
	*linesp = lines;
	*np = n;
	return 0;
nomem:
	*linesp = lines;
	*np = n;
	report_error("out of memory");
	return -1;
}

int run_batch(struct ctx *c, const char *file)
{
	struct bline *lines = NULL;
	size_t n = 0, i, bad = 0, ran = 0, failed = 0;
	struct line_reader *lr;
	const char *name;
	int ret = EXIT_OK, err;
	char q[64];

	lr = lr_open(file, &name, &err);
	if (!lr) {
		report_error("cannot open %s: %s", quote(q, sizeof(q), file),
			     strerror(err));
		return EXIT_FAIL;
	}
	if (batch_read(c, lr, lr_stdin(lr), &lines, &n))
		ret = EXIT_FAIL;
	err = lr_close(lr);
	if (err && !ret) {
		report_error("cannot read %s: %s", name, strerror(err));
		ret = EXIT_FAIL;
	}
	for (i = 0; i < n; i++)
		bad += lines[i].err != NULL;

	/* Without -f, a bad line anywhere runs nothing. */
	if (!ret && bad && !c->force) {
		for (i = 0; i < n; i++) {
			if (!lines[i].err)
				continue;
			report_where(name, lines[i].no);
			report_error("%s", lines[i].err);
		}
		ret = EXIT_USAGE;
	}
	for (i = 0; !ret && i < n; i++) {
		report_where(name, lines[i].no);
		if (lines[i].err) {
			report_error("%s", lines[i].err);
			failed++;
			continue;
		}
		ran++;
		if (lines[i].r.cmd->run(c, &lines[i].r)) {
			failed++;
			if (!c->force)
				break;
		}
	}
	report_where(NULL, 0);
	if (!ret && failed)
		ret = ran ? EXIT_FAIL : EXIT_USAGE;

	for (i = 0; i < n; i++) {
		free(lines[i].text);
		free(lines[i].err);
	}
	free(lines);
	return ret;
}
