// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the table and the totals: the dumps of GET_RANGE and
 * RESET_COUNTERS, GET_STATS, and the parsing of their messages with the
 * family's policies (generated from the spec, tools/lib).
 */
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "sctp_ootb_policy.h"

#include "family.h"
#include "query.h"
#include "report.h"

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
			  sctp_ootb_policy) < 0)
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
	rec->owned = tb[SCTP_OOTB_A_OWNED] != NULL;
	if (rec->owned && tb[SCTP_OOTB_A_OWNER_PORTID]) {
		rec->has_owner = true;
		rec->owner_portid = nla_get_u32(tb[SCTP_OOTB_A_OWNER_PORTID]);
		if (tb[SCTP_OOTB_A_OWNER_PID])
			rec->owner_pid = nla_get_u32(tb[SCTP_OOTB_A_OWNER_PID]);
		if (tb[SCTP_OOTB_A_OWNER_COMM])
			nla_strlcpy(rec->owner_comm,
				    tb[SCTP_OOTB_A_OWNER_COMM],
				    sizeof(rec->owner_comm));
	}
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
int query_ranges(struct ctx *c, struct range_list *l, bool reset)
{
	int cmd = reset ? SCTP_OOTB_CMD_RESET_COUNTERS : SCTP_OOTB_CMD_GET_RANGE;
	struct nl_msg *msg;
	int ret = EXIT_FAIL, tries;

	memset(l, 0, sizeof(*l));
	if (fam_open(c) || (reset && fam_need(c, "list --reset", cmd)))
		return EXIT_FAIL;
	for (tries = 0; tries < DUMP_TRIES; tries++) {
		l->n = 0;
		l->bad = l->nomem = false;
		msg = fam_request(c, (uint8_t)cmd, NLM_F_DUMP, 0);
		if (!msg) {
			ret = EXIT_FAIL;
			break;
		}
		ret = fam_do(c, (uint8_t)cmd, msg, on_range, l);
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

static int on_stats(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SCTP_OOTB_A_MAX + 1];
	struct stats_rec *s = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SCTP_OOTB_A_MAX,
			  sctp_ootb_policy) < 0)
		return NL_SKIP;
#define TAKE(attr, field, get, bit)			\
	do {						\
		if (tb[attr]) {				\
			s->field = get(tb[attr]);	\
			s->have |= bit;			\
		}					\
	} while (0)
	TAKE(SCTP_OOTB_A_RANGES, ranges, nla_get_u32, HAVE_RANGES);
	TAKE(SCTP_OOTB_A_MAX_RANGES, max_ranges, nla_get_u32, HAVE_MAX_RANGES);
	TAKE(SCTP_OOTB_A_STAT_DISCARDED, discarded, nla_get_u64, HAVE_DISCARDED);
	TAKE(SCTP_OOTB_A_STAT_COUNTED, counted, nla_get_u64, HAVE_COUNTED);
	TAKE(SCTP_OOTB_A_STAT_ABORTED, aborted, nla_get_u64, HAVE_ABORTED);
	TAKE(SCTP_OOTB_A_STAT_UNMATCHED, unmatched, nla_get_u64, HAVE_UNMATCHED);
	TAKE(SCTP_OOTB_A_HOOKED, hooked, nla_get_u8, HAVE_HOOKED);
	TAKE(SCTP_OOTB_A_OWNED_RANGES, claims, nla_get_u32, HAVE_CLAIMS);
	TAKE(SCTP_OOTB_A_MAX_OWNED_RANGES, max_claims, nla_get_u32,
	     HAVE_MAX_CLAIMS);
#undef TAKE
	return NL_OK;
}

int query_stats(struct ctx *c, struct stats_rec *s)
{
	struct nl_msg *msg;

	memset(s, 0, sizeof(*s));
	msg = fam_start(c, SCTP_OOTB_CMD_GET_STATS, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	return fam_do(c, SCTP_OOTB_CMD_GET_STATS, msg, on_stats, s);
}
