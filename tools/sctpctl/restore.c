// SPDX-License-Identifier: GPL-2.0
/*
 * restore [--check] [FILE|-]: replace the whole table in one
 * REPLACE_TABLE, after checking the file here against the same rules the
 * module applies, with the module's own code: kmod/ootb/table.c is built
 * into sctpctl, so the two cannot disagree on what nests, what overlaps,
 * what is a duplicate and how many ranges fit.  Every error is reported,
 * in line order, as FILE:LINE, whatever the kernel would have said, and
 * a file with any error sends nothing.
 *
 * A restore file holds add-range lines, blank lines and comments, and may
 * start with flush lines.  One with no add-range and no flush line is
 * refused: an empty or truncated input (restore </dev/null, stdin read
 * already) would otherwise empty the table.  A file that means "no
 * ranges" says flush.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "commands.h"
#include "family.h"
#include "lines.h"
#include "parse.h"
#include "report.h"
#include "restore.h"
#include "status.h"
#include "table.h"

/* What a restore file's lines may say, besides flush. */
static const struct cmd *const line_cmds[] = { &cmd_add_range, NULL };

static void rs_error(struct rs_file *f, unsigned long line, int code,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void rs_error(struct rs_file *f, unsigned long line, int code,
		     const char *fmt, ...)
{
	struct rs_error *e;
	va_list ap;

	if (f->nerr == f->caperr) {
		size_t cap = f->caperr ? 2 * f->caperr : 8;
		void *p = realloc(f->err, cap * sizeof(*f->err));

		if (!p) {
			if (f->code < EXIT_FAIL)
				f->code = EXIT_FAIL;
			return;
		}
		f->err = p;
		f->caperr = cap;
	}
	e = &f->err[f->nerr++];
	e->line = line;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	if (code > f->code)
		f->code = code;
}

static int rs_append(struct rs_file *f, const struct req *r,
		     unsigned long line)
{
	struct rs_item *it;

	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 64;
		void *p = realloc(f->v, cap * sizeof(*f->v));

		if (!p)
			return -1;
		f->v = p;
		f->cap = cap;
	}
	it = &f->v[f->n++];
	it->start = r->start;
	it->end = r->end;
	it->policy = r->policy;
	it->reserve = r->reserve;
	it->line = line;
	return 0;
}

/* One line: an add-range, a flush, or nothing.  Syntax only. */
static void rs_line(struct rs_file *f, char *line, unsigned long no)
{
	char *argv[MAX_LINE_ARGS], err[ERRLEN], q[64];
	struct req r;
	int argc;

	if (split_line(line, argv, MAX_LINE_ARGS, &argc, err, sizeof(err))) {
		rs_error(f, no, EXIT_USAGE, "%s", err);
		return;
	}
	if (argc == 0)
		return;
	if (!strcmp(argv[0], "flush")) {
		if (argc > 1)
			rs_error(f, no, EXIT_USAGE,
				 "flush: unexpected argument %s",
				 quote(q, sizeof(q), argv[1]));
		else if (f->n)
			rs_error(f, no, EXIT_USAGE,
				 "flush must come before the add-range lines");
		else
			f->flush = true;
		return;
	}
	if (strcmp(argv[0], "add-range")) {
		rs_error(f, no, EXIT_USAGE,
			 "restore reads add-range and flush lines only, not %s",
			 quote(q, sizeof(q), argv[0]));
		return;
	}
	if (cmd_parse(line_cmds, &r, argc, argv, err, sizeof(err))) {
		rs_error(f, no, EXIT_USAGE, "%s", err);
		return;
	}
	if (rs_append(f, &r, no))
		rs_error(f, no, EXIT_FAIL, "out of memory");
}

/* The line of the range [lo, hi] among the first @n items. */
static unsigned long rs_line_of(const struct rs_file *f, size_t n,
				unsigned int lo, unsigned int hi)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (f->v[i].start == lo && f->v[i].end == hi)
			return f->v[i].line;
	return 0;
}

static void spec_of(const struct rs_item *it, struct ootb_range_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->lo = it->start;
	s->hi = it->end;
	s->policy = it->policy;
	s->reserve = it->reserve;
}

/*
 * The table's rules, with the module's table.c.  The whole set is built
 * once; only when that fails are the ranges added one by one, so that
 * every range that collides with an earlier line is reported, not just
 * the first (a range that is refused is left out, as if its line were
 * not there).
 */
static void rs_rules(struct rs_file *f)
{
	struct ootb_range_spec *specs;
	struct ootb_table *t = NULL, *nt;
	struct ootb_reject why;
	size_t i, kept = 0;

	if (!f->n)
		return;
	specs = calloc(f->n, sizeof(*specs));
	if (!specs) {
		rs_error(f, 0, EXIT_FAIL, "out of memory");
		return;
	}
	for (i = 0; i < f->n; i++)
		spec_of(&f->v[i], &specs[i]);
	if (!ootb_table_build(NULL, specs, (u32)f->n, &t, &why)) {
		ootb_table_free(t);
		goto out;
	}

	for (i = 0; i < f->n; i++) {
		const struct rs_item *it = &f->v[i];
		int err;

		if (kept == SCTP_OOTB_MAX_RANGES) {
			rs_error(f, it->line, EXIT_FAIL,
				 "too many ranges (at most %u)",
				 SCTP_OOTB_MAX_RANGES);
			break;
		}
		err = ootb_table_add(t, &specs[i], false, &nt, &why);
		if (err == -EEXIST) {
			rs_error(f, it->line, EXIT_FAIL,
				 "duplicate range %u-%u (line %lu)",
				 it->start, it->end,
				 rs_line_of(f, i, it->start, it->end));
		} else if (err == -EBUSY) {
			rs_error(f, it->line, EXIT_FAIL,
				 "range %u-%u overlaps %u-%u (line %lu)",
				 it->start, it->end, why.with_lo, why.with_hi,
				 rs_line_of(f, i, why.with_lo, why.with_hi));
		} else if (err) {
			rs_error(f, it->line, EXIT_FAIL, "%s",
				 ootb_reason_str(why.reason));
			if (err == -ENOMEM)
				break;
		} else {
			ootb_table_commit(t, nt);
			ootb_table_free(t);
			t = nt;
			kept++;
		}
	}
	ootb_table_free(t);
out:
	free(specs);
}

static int by_line(const void *a, const void *b)
{
	const struct rs_error *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	/* Same line: keep the order they were found in (syntax first). */
	return x < y ? -1 : x > y;
}

/*
 * Read and check FILE ("-": stdin).  Every error goes to f->err (line 0:
 * about the whole file), f->code is the worst: EXIT_USAGE for a syntax
 * error, EXIT_FAIL for the table's rules, an empty file, or a file that
 * cannot be read.  Nothing is printed.
 */
int rs_load(const char *file, struct rs_file *f)
{
	struct line_reader *lr;
	unsigned long no;
	bool nul;
	char *line;
	int err;

	memset(f, 0, sizeof(*f));
	lr = lr_open(file, &f->name, &err);
	if (!lr) {
		char q[64];

		rs_error(f, 0, EXIT_FAIL, "cannot open %s: %s",
			 quote(q, sizeof(q), file), strerror(err));
		return f->code;
	}
	while ((line = lr_next(lr, &no, &nul))) {
		if (nul)
			rs_error(f, no, EXIT_USAGE, "the line holds a NUL byte");
		else
			rs_line(f, line, no);
	}
	err = lr_close(lr);
	if (err)
		rs_error(f, 0, EXIT_FAIL, "cannot read it: %s", strerror(err));
	rs_rules(f);
	if (!f->nerr && !f->n && !f->flush)
		rs_error(f, 0, EXIT_FAIL,
			 "nothing to restore (no add-range or flush line): the table is left as it is; to empty it, run \"%s flush\" or restore a file holding \"flush\"",
			 PROG);
	qsort(f->err, f->nerr, sizeof(*f->err), by_line);
	return f->code;
}

void rs_free(struct rs_file *f)
{
	free(f->v);
	free(f->err);
	f->v = NULL;
	f->err = NULL;
	f->n = f->nerr = 0;
}

/* Every error, one line each: FILE:LINE: msg, or FILE: msg. */
void rs_report(const struct rs_file *f)
{
	size_t i;

	for (i = 0; i < f->nerr; i++) {
		if (f->err[i].line)
			report_error_at(f->name, f->err[i].line, "%s",
					f->err[i].msg);
		else
			report_error("%s: %s", f->name, f->err[i].msg);
	}
}

static bool rs_reserves(const struct rs_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->v[i].reserve)
			return true;
	return false;
}

/* Bytes of one RANGE nest: START (u16), END (u16), POLICY (u8), RESERVE. */
#define RANGE_NEST_SIZE \
	(NLA_HDRLEN + 2 * NLA_ALIGN(NLA_HDRLEN + 2) + \
	 NLA_ALIGN(NLA_HDRLEN + 1) + NLA_HDRLEN)

static int rs_send(struct ctx *c, const struct rs_file *f)
{
	struct nl_msg *msg;
	long *offs;
	size_t i;
	int ret;

	if (fam_open(c) || (rs_reserves(f) && fam_need(c, "reserve", 0)))
		return EXIT_FAIL;
	offs = calloc(f->n ? f->n : 1, sizeof(*offs));
	if (!offs) {
		report_error("out of memory");
		return EXIT_FAIL;
	}
	msg = fam_request(c, SCTP_OOTB_CMD_REPLACE_TABLE, 0,
			 f->n * RANGE_NEST_SIZE + 64);
	if (!msg) {
		free(offs);
		return EXIT_FAIL;
	}
	for (i = 0; i < f->n; i++) {
		const struct rs_item *it = &f->v[i];
		struct nlattr *nest;

		nest = nla_nest_start(msg, SCTP_OOTB_A_RANGE | NLA_F_NESTED);
		if (!nest || nla_put_u16(msg, SCTP_OOTB_A_START, it->start) ||
		    nla_put_u16(msg, SCTP_OOTB_A_END, it->end) ||
		    nla_put_u8(msg, SCTP_OOTB_A_POLICY, it->policy) ||
		    (it->reserve && nla_put_flag(msg, SCTP_OOTB_A_RESERVE))) {
			free(offs);
			return fam_build_failed(msg);
		}
		nla_nest_end(msg, nest);
		offs[i] = (long)((char *)nest - (char *)nlmsg_hdr(msg));
	}

	ret = fam_talk(c, msg, NULL, NULL);
	if (ret > 0) {
		/* Point at the line of the range the kernel complains about. */
		for (i = f->n; i-- > 0;)
			if (c->ext_offs >= offs[i])
				break;
		if (c->ext_offs >= 0 && i < f->n)
			report_kernel_at(c, SCTP_OOTB_CMD_REPLACE_TABLE, ret,
					 f->name, f->v[i].line);
		else
			report_kernel(c, SCTP_OOTB_CMD_REPLACE_TABLE, ret);
	}
	free(offs);
	return ret ? EXIT_FAIL : EXIT_OK;
}

/* restore [-c|--check] [--] [FILE|-] */
static int parse_restore(struct req *r, int argc, char **argv,
			 char *err, size_t len)
{
	int i = 0;

	r->file = "-";
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--check")) {
			r->check = true;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			char q[64];

			snprintf(err, len, "restore: unknown option %s",
				 quote(q, sizeof(q), argv[i]));
			return -1;
		} else {
			break;
		}
	}
	if (i < argc) {
		if (argv[i][0] == '\0') {
			snprintf(err, len, "restore: empty FILE name");
			return -1;
		}
		r->file = argv[i++];
	}
	r->reads_stdin = !strcmp(r->file, "-");
	return parse_no_args(r->cmd->name, argc - i, argv + i, err, len);
}

static int run_restore(struct ctx *c, const struct req *r)
{
	struct rs_file f;
	int ret;

	ret = rs_load(r->file, &f);
	if (ret) {
		rs_report(&f);
	} else if (r->check) {
		/* Only what can be known without changing anything. */
		if (rs_reserves(&f) && ootb_loaded() &&
		    (fam_open(c) || fam_need(c, "reserve", 0)))
			ret = EXIT_FAIL;
	} else {
		ret = rs_send(c, &f);
	}
	rs_free(&f);
	return ret;
}

DEFINE_CMD(cmd_restore, "restore", "[-c|--check] [FILE|-]", 0,
	   parse_restore, run_restore,
	   "replace the whole table with the add-range lines of FILE, atomically; --check only validates");
