// SPDX-License-Identifier: GPL-2.0
/*
 * The range commands: add-range, replace-range, del-range, flush, list,
 * save, get and reset-counters.  restore lives in restore.c.
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

/* Version 2 of the family is asked for only when the request uses it. */
static int need_reserve(struct ctx *c, bool reserve)
{
	return reserve ? nl_need(c, "reserve", 0) : 0;
}

static int put_range(struct nl_msg *msg, const struct req *r)
{
	/* The policy always travels, so the module's default never matters. */
	if (nla_put_u16(msg, SCTP_OOTB_A_START, r->start) ||
	    nla_put_u16(msg, SCTP_OOTB_A_END, r->end) ||
	    nla_put_u8(msg, SCTP_OOTB_A_POLICY, r->policy) ||
	    (r->reserve && nla_put_flag(msg, SCTP_OOTB_A_RESERVE)))
		return -1;
	return 0;
}

/*
 * Kernels before 6.2 cannot format an extack message, so the module says
 * "overlaps an existing range" there; name the range ourselves, from the
 * table, so that every kernel gives the same message.
 */
static void explain_overlap(struct ctx *c, const struct req *r)
{
	char msg[ERRLEN];
	struct range_list l;
	size_t i;

	if (!strncmp(c->ext_msg, "overlaps ", 9) &&
	    c->ext_msg[9] >= '0' && c->ext_msg[9] <= '9')
		return;
	snprintf(msg, sizeof(msg), "%s", c->ext_msg);
	if (get_ranges(c, &l))
		return;
	for (i = 0; i < l.n; i++) {
		const struct range_rec *o = &l.v[i];
		bool disjoint = r->end < o->start || r->start > o->end;
		bool nested = (r->start >= o->start && r->end <= o->end) ||
			      (o->start >= r->start && o->end <= r->end);

		if (!disjoint && !nested) {
			snprintf(msg, sizeof(msg), "overlaps %u-%u", o->start,
				 o->end);
			break;
		}
	}
	free(l.v);
	snprintf(c->ext_msg, sizeof(c->ext_msg), "%s", msg);
}

static int add_range(struct ctx *c, const struct req *r, bool replace)
{
	struct nl_msg *msg;
	int ret;

	if (nl_open(c) || need_reserve(c, r->reserve))
		return EXIT_FAIL;
	msg = nl_request(c, SCTP_OOTB_CMD_ADD_RANGE, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	if (put_range(msg, r) ||
	    (replace && nla_put_flag(msg, SCTP_OOTB_A_REPLACE)))
		return nl_build_failed(msg);
	ret = nl_talk(c, msg, NULL, NULL);
	if (ret == EBUSY)
		explain_overlap(c, r);
	if (ret > 0)
		report_kernel(c, SCTP_OOTB_CMD_ADD_RANGE, ret);
	return ret ? EXIT_FAIL : EXIT_OK;
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
	    nla_put_u16(msg, SCTP_OOTB_A_END, r->end))
		return nl_build_failed(msg);
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
	[SCTP_OOTB_A_RESERVE] = { .type = NLA_FLAG },
	[SCTP_OOTB_A_PORT] = { .type = NLA_U16 },
};

/*
 * A message describing one range (a dump entry, GET_PORT's reply): 1 when
 * it has START, END and POLICY, 0 when it has no START (GET_PORT: no
 * range), -1 when it is malformed.
 */
int parse_range_msg(struct nl_msg *msg, struct range_rec *rec)
{
	struct nlattr *tb[SCTP_OOTB_A_MAX + 1];

	memset(rec, 0, sizeof(*rec));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SCTP_OOTB_A_MAX,
			  range_policy) < 0)
		return -1;
	if (!tb[SCTP_OOTB_A_START])
		return 0;
	if (!tb[SCTP_OOTB_A_END] || !tb[SCTP_OOTB_A_POLICY])
		return -1;
	rec->start = nla_get_u16(tb[SCTP_OOTB_A_START]);
	rec->end = nla_get_u16(tb[SCTP_OOTB_A_END]);
	rec->policy = nla_get_u8(tb[SCTP_OOTB_A_POLICY]);
	rec->reserve = tb[SCTP_OOTB_A_RESERVE] != NULL;
	rec->matched = tb[SCTP_OOTB_A_MATCHED] ?
		       nla_get_u64(tb[SCTP_OOTB_A_MATCHED]) : 0;
	return 1;
}

int range_list_add(struct range_list *l, const struct range_rec *rec)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		void *v = realloc(l->v, cap * sizeof(*l->v));

		if (!v) {
			l->nomem = true;
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *rec;
	return 0;
}

/* One dump message: one range. */
static int on_range(struct nl_msg *msg, void *arg)
{
	struct range_list *l = arg;
	struct range_rec rec;

	if (parse_range_msg(msg, &rec) != 1) {
		l->bad = true;
		return NL_SKIP;
	}
	range_list_add(l, &rec);
	return NL_OK;
}

/* Dumps that met a concurrent change, retried before giving up. */
#define DUMP_TRIES 5

/*
 * The whole table, in the kernel's order (START, then widest first), by
 * GET_RANGE, or by RESET_COUNTERS when @reset.  A table replaced while the
 * dump spans several messages gives a mix of old and new
 * (NLM_F_DUMP_INTR): read it again, unless the dump zeroed the counters
 * it read, which a second dump would lose.
 */
static int dump_ranges(struct ctx *c, struct range_list *l, bool reset)
{
	int cmd = reset ? SCTP_OOTB_CMD_RESET_COUNTERS : SCTP_OOTB_CMD_GET_RANGE;
	struct nl_msg *msg;
	int ret = EXIT_FAIL, tries;

	memset(l, 0, sizeof(*l));
	if (nl_open(c) || (reset && nl_need(c, "list --reset", cmd)))
		return EXIT_FAIL;
	for (tries = 0; tries < DUMP_TRIES; tries++) {
		l->n = 0;
		l->bad = l->nomem = false;
		msg = nl_request(c, (uint8_t)cmd, NLM_F_DUMP, 0);
		if (!msg) {
			ret = EXIT_FAIL;
			break;
		}
		ret = nl_do(c, (uint8_t)cmd, msg, on_range, l);
		if (ret || !c->dump_intr || reset)
			break;
	}
	if (!ret && c->dump_intr) {
		if (reset)
			report_warning(c, "the table changed while it was read: each counter was read and zeroed once, but the list mixes the old and the new table");
		else {
			report_error("the table kept changing while it was read; try again");
			ret = EXIT_FAIL;
		}
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

int get_ranges(struct ctx *c, struct range_list *l)
{
	return dump_ranges(c, l, false);
}

int cmd_list(struct ctx *c, const struct req *r)
{
	struct range_list l;
	size_t i;

	if (dump_ranges(c, &l, r->reset))
		return EXIT_FAIL;
	out_open_arr(c->all_netns ? "ranges" : NULL);
	for (i = 0; i < l.n; i++)
		print_range(&l.v[i]);
	out_close_arr();
	free(l.v);
	return EXIT_OK;
}

/*
 * A restore file: one add-range line per range; an empty table is saved
 * as a lone flush line, since restore refuses a file with neither.
 */
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
	if (!l.n)
		printf("flush\n");
	for (i = 0; i < l.n; i++)
		print_save_line(&l.v[i]);
	free(l.v);
	return EXIT_OK;
}

struct port_answer {
	int have;		/* parse_range_msg(), or -2: no reply */
	struct range_rec rec;
};

static int on_port(struct nl_msg *msg, void *arg)
{
	struct port_answer *a = arg;

	a->have = parse_range_msg(msg, &a->rec);
	return NL_OK;
}

/*
 * get PORT: text "port P: RANGE" or "port P: no range: stock behaviour";
 * JSON {"port":P,"silenced":B,"range":RANGE or null}.  Exit 0 only when
 * a discard range decides the port.
 */
int cmd_get(struct ctx *c, const struct req *r)
{
	struct port_answer a = { .have = -2 };
	struct nl_msg *msg;
	bool silenced;

	if (nl_open(c) || nl_need(c, "get", SCTP_OOTB_CMD_GET_PORT))
		return EXIT_FAIL;
	msg = nl_request(c, SCTP_OOTB_CMD_GET_PORT, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	if (nla_put_u16(msg, SCTP_OOTB_A_PORT, r->start))
		return nl_build_failed(msg);
	if (nl_do(c, SCTP_OOTB_CMD_GET_PORT, msg, on_port, &a))
		return EXIT_FAIL;
	if (a.have < 0) {
		report_error("malformed reply from the kernel (no port, or a range without end or policy)");
		return EXIT_FAIL;
	}
	silenced = a.have == 1 && a.rec.policy == SCTP_OOTB_POLICY_DISCARD;

	out_open_obj(NULL);
	out_uint(PRINT_ANY, "port", "port %" PRIu64 ": ", r->start);
	out_bool(PRINT_JSON, "silenced", NULL, NULL, silenced);
	if (a.have == 1) {
		out_open_obj("range");
		print_range_fields(&a.rec);
		out_close_obj();
	} else {
		out_null("range");
		out_text("no range: stock behaviour");
	}
	out_close_obj();
	out_text("\n");
	return silenced ? EXIT_OK : EXIT_FAIL;
}

/* reset-counters [LO-HI|PORT] */
int cmd_reset(struct ctx *c, const struct req *r)
{
	struct nl_msg *msg;

	if (nl_open(c) ||
	    nl_need(c, "reset-counters", SCTP_OOTB_CMD_RESET_COUNTERS))
		return EXIT_FAIL;
	msg = nl_request(c, SCTP_OOTB_CMD_RESET_COUNTERS, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	if (r->has_range &&
	    (nla_put_u16(msg, SCTP_OOTB_A_START, r->start) ||
	     nla_put_u16(msg, SCTP_OOTB_A_END, r->end)))
		return nl_build_failed(msg);
	return nl_do(c, SCTP_OOTB_CMD_RESET_COUNTERS, msg, NULL, NULL);
}
