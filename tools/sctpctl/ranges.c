// SPDX-License-Identifier: GPL-2.0
/*
 * The range commands: add-range, replace-range, del-range, flush, list,
 * save and restore.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "sctpctl.h"

/* One range inside a message: START, END, POLICY. */
static int put_range(struct nl_msg *msg, uint16_t start, uint16_t end,
		     uint8_t policy)
{
	if (nla_put_u16(msg, SCTP_OOTB_A_START, start) ||
	    nla_put_u16(msg, SCTP_OOTB_A_END, end) ||
	    nla_put_u8(msg, SCTP_OOTB_A_POLICY, policy))
		return -1;
	return 0;
}

static int add_range(struct ctx *c, const struct req *r, bool replace)
{
	struct nl_msg *msg;

	if (nl_open(c))
		return EXIT_FAIL;
	msg = nl_request(c, SCTP_OOTB_CMD_ADD_RANGE, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	/* The policy always travels, so the module's default never matters. */
	if (put_range(msg, r->start, r->end, r->policy) ||
	    (replace && nla_put_flag(msg, SCTP_OOTB_A_REPLACE))) {
		nlmsg_free(msg);
		report_error("cannot build the request");
		return EXIT_FAIL;
	}
	return nl_do(c, SCTP_OOTB_CMD_ADD_RANGE, msg, NULL, NULL);
}

int cmd_add(struct ctx *c, const struct req *r)
{
	return add_range(c, r, false);
}

int cmd_replace(struct ctx *c, const struct req *r)
{
	return add_range(c, r, true);
}

int cmd_del(struct ctx *c, const struct req *r)
{
	struct nl_msg *msg;

	if (nl_open(c))
		return EXIT_FAIL;
	msg = nl_request(c, SCTP_OOTB_CMD_DEL_RANGE, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	if (nla_put_u16(msg, SCTP_OOTB_A_START, r->start) ||
	    nla_put_u16(msg, SCTP_OOTB_A_END, r->end)) {
		nlmsg_free(msg);
		report_error("cannot build the request");
		return EXIT_FAIL;
	}
	return nl_do(c, SCTP_OOTB_CMD_DEL_RANGE, msg, NULL, NULL);
}

int cmd_flush(struct ctx *c, const struct req *r)
{
	struct nl_msg *msg;

	(void)r;
	if (nl_open(c))
		return EXIT_FAIL;
	msg = nl_request(c, SCTP_OOTB_CMD_FLUSH, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	return nl_do(c, SCTP_OOTB_CMD_FLUSH, msg, NULL, NULL);
}

static struct nla_policy range_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_START] = { .type = NLA_U16 },
	[SCTP_OOTB_A_END] = { .type = NLA_U16 },
	[SCTP_OOTB_A_POLICY] = { .type = NLA_U8 },
	[SCTP_OOTB_A_MATCHED] = { .type = NLA_U64 },
};

/* One dump message: one range. */
static int on_range(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SCTP_OOTB_A_MAX + 1];
	struct range_list *l = arg;
	struct range_rec *rec;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SCTP_OOTB_A_MAX,
			  range_policy) < 0 ||
	    !tb[SCTP_OOTB_A_START] || !tb[SCTP_OOTB_A_END] ||
	    !tb[SCTP_OOTB_A_POLICY]) {
		l->bad = true;
		return NL_SKIP;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		void *v = realloc(l->v, cap * sizeof(*l->v));

		if (!v) {
			l->nomem = true;
			return NL_SKIP;
		}
		l->v = v;
		l->cap = cap;
	}
	rec = &l->v[l->n++];
	rec->start = nla_get_u16(tb[SCTP_OOTB_A_START]);
	rec->end = nla_get_u16(tb[SCTP_OOTB_A_END]);
	rec->policy = nla_get_u8(tb[SCTP_OOTB_A_POLICY]);
	rec->matched = tb[SCTP_OOTB_A_MATCHED] ?
		       nla_get_u64(tb[SCTP_OOTB_A_MATCHED]) : 0;
	return NL_OK;
}

/* Dumps that met a concurrent change, retried before giving up. */
#define DUMP_TRIES 5

/*
 * The whole table, in the kernel's order (START, then widest first).  A
 * table replaced while the dump spans several messages gives a mix of
 * old and new (NLM_F_DUMP_INTR): read it again.
 */
static int get_ranges(struct ctx *c, struct range_list *l)
{
	struct nl_msg *msg;
	int ret, tries;

	memset(l, 0, sizeof(*l));
	if (nl_open(c))
		return EXIT_FAIL;
	for (tries = 0; tries < DUMP_TRIES; tries++) {
		l->n = 0;
		l->bad = l->nomem = false;
		msg = nl_request(c, SCTP_OOTB_CMD_GET_RANGE, NLM_F_DUMP, 0);
		if (!msg) {
			ret = EXIT_FAIL;
			break;
		}
		ret = nl_do(c, SCTP_OOTB_CMD_GET_RANGE, msg, on_range, l);
		if (ret || !c->dump_intr)
			break;
	}
	if (!ret && c->dump_intr) {
		report_error("the table kept changing while it was read; try again");
		ret = EXIT_FAIL;
	}
	if (!ret && l->nomem) {
		report_error("out of memory");
		ret = EXIT_FAIL;
	}
	if (!ret && l->bad) {
		report_error("malformed reply from the kernel (a range without start, end or policy)");
		ret = EXIT_FAIL;
	}
	if (ret) {
		free(l->v);
		l->v = NULL;
		l->n = 0;
	}
	return ret;
}

int cmd_list(struct ctx *c, const struct req *r)
{
	struct range_list l;
	size_t i;

	(void)r;
	if (get_ranges(c, &l))
		return EXIT_FAIL;
	out_open_arr(NULL);
	for (i = 0; i < l.n; i++)
		print_range(&l.v[i]);
	out_close_arr();
	free(l.v);
	return EXIT_OK;
}

int cmd_save(struct ctx *c, const struct req *r)
{
	struct range_list l;
	size_t i;

	(void)r;
	if (get_ranges(c, &l))
		return EXIT_FAIL;
	for (i = 0; i < l.n; i++) {
		if (!policy_name(l.v[i].policy)) {
			report_error("range %u-%u has policy %u, unknown to this %s: nothing saved",
				     l.v[i].start, l.v[i].end, l.v[i].policy,
				     PROG);
			free(l.v);
			return EXIT_FAIL;
		}
	}
	for (i = 0; i < l.n; i++)
		print_save_line(&l.v[i]);
	free(l.v);
	return EXIT_OK;
}

struct restore_item {
	uint16_t start, end;
	uint8_t policy;
	unsigned long line;
	long offs;		/* of its RANGE nest in the request */
};

/* Bytes of one RANGE nest: START (u16), END (u16), POLICY (u8). */
#define RANGE_NEST_SIZE \
	(NLA_HDRLEN + 2 * NLA_ALIGN(NLA_HDRLEN + 2) + NLA_ALIGN(NLA_HDRLEN + 1))

/*
 * Read every line first; only a file that parses completely is sent, as
 * one REPLACE_TABLE: the kernel then puts all of it in force or none.
 */
static int read_restore(struct line_reader *lr, const char *name,
			struct restore_item **items, size_t *count)
{
	struct restore_item *v = NULL;
	size_t n = 0, cap = 0;
	unsigned long no;
	char err[ERRLEN], q[64];
	bool nul;
	char *line;

	while ((line = lr_next(lr, &no, &nul))) {
		char *argv[MAX_LINE_ARGS];
		struct req r;
		int argc;

		if (nul) {
			report_error_at(name, no, "the line holds a NUL byte");
			goto usage;
		}
		if (split_line(line, argv, MAX_LINE_ARGS, &argc, err,
			       sizeof(err))) {
			report_error_at(name, no, "%s", err);
			goto usage;
		}
		if (argc == 0)
			continue;
		if (strcmp(argv[0], "add-range")) {
			report_error_at(name, no,
					"restore reads add-range lines only, not %s",
					quote(q, sizeof(q), argv[0]));
			goto usage;
		}
		if (cmd_parse(&r, argc, argv, err, sizeof(err))) {
			report_error_at(name, no, "%s", err);
			goto usage;
		}
		if (n == SCTP_OOTB_MAX_RANGES) {
			report_error_at(name, no, "too many ranges (at most %u)",
					SCTP_OOTB_MAX_RANGES);
			free(v);
			return EXIT_FAIL;
		}
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 64;
			void *p = realloc(v, ncap * sizeof(*v));

			if (!p) {
				report_error("out of memory");
				free(v);
				return EXIT_FAIL;
			}
			v = p;
			cap = ncap;
		}
		v[n].start = r.start;
		v[n].end = r.end;
		v[n].policy = r.policy;
		v[n].line = no;
		v[n].offs = -1;
		n++;
	}
	*items = v;
	*count = n;
	return EXIT_OK;
usage:
	free(v);
	return EXIT_USAGE;
}

int cmd_restore(struct ctx *c, const struct req *r)
{
	struct restore_item *v = NULL;
	struct line_reader *lr;
	struct nl_msg *msg;
	const char *name;
	size_t i, n = 0;
	int ret;

	lr = lr_open(r->file, &name);
	if (!lr)
		return EXIT_FAIL;
	ret = read_restore(lr, name, &v, &n);
	if (lr_close(lr) && !ret)
		ret = EXIT_FAIL;
	if (ret) {
		free(v);
		return ret;
	}

	ret = EXIT_FAIL;
	if (nl_open(c))
		goto out;
	msg = nl_request(c, SCTP_OOTB_CMD_REPLACE_TABLE, 0,
			 n * RANGE_NEST_SIZE + 64);
	if (!msg)
		goto out;
	for (i = 0; i < n; i++) {
		struct nlattr *nest;

		nest = nla_nest_start(msg, SCTP_OOTB_A_RANGE | NLA_F_NESTED);
		if (!nest || put_range(msg, v[i].start, v[i].end, v[i].policy)) {
			nlmsg_free(msg);
			report_error("cannot build the request");
			goto out;
		}
		nla_nest_end(msg, nest);
		v[i].offs = (long)((char *)nest - (char *)nlmsg_hdr(msg));
	}

	ret = nl_talk(c, msg, NULL, NULL);
	if (ret > 0) {
		/* Point at the line of the range the kernel complains about. */
		for (i = n; i-- > 0;)
			if (c->ext_offs >= v[i].offs)
				break;
		if (i < n)
			report_kernel_at(c, SCTP_OOTB_CMD_REPLACE_TABLE, ret,
					 name, v[i].line);
		else
			report_kernel(c, SCTP_OOTB_CMD_REPLACE_TABLE, ret);
	}
	ret = ret ? EXIT_FAIL : EXIT_OK;
out:
	free(v);
	return ret;
}
