// SPDX-License-Identifier: GPL-2.0
/*
 * doctor's checks of a namespace (-n NAME: that one; -a: every one):
 *   config          its config file parses (restore's parser and rules)
 *                   and is what the table holds: ranges, policies, reserve
 *   listeners       no kernel SCTP socket listens (/proc/net/sctp/eps) on a
 *                   port that a discard range decides: its endpoint would
 *                   answer that port's out-of-the-blue packets itself
 *   ephemeral       no port of net.ipv4.ip_local_port_range that is not in
 *                   ip_local_reserved_ports is decided by a discard range
 *   aborts          while there are discard ranges, the hook is active; if
 *                   not, SctpOutOfBlues (/proc/net/sctp/snmp) counts the
 *                   out-of-the-blue packets the kernel handled instead
 * The ranges are the table's when it can be read, else the config's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "doctor_host.h"
#include "doctor_netns.h"
#include "env.h"
#include "family.h"
#include "findings.h"
#include "parse.h"
#include "query.h"
#include "restore.h"
#include "table.h"

/* The checks of one namespace: where they write, what they know. */
struct nsck {
	struct ctx *c;
	struct findings *fs;
	const struct host_view *h;
	const char *ns;		/* its name; NULL: the current, unnamed one */
	const char *config;	/* --config FILE, or NULL */
};


struct ns_view {
	bool have_table;		/* the kernel's table was read */
	struct range_list table;
	bool have_conf;			/* the config parsed */
	struct rs_file conf;
	char conf_path[4096];
	struct ootb_table *t;		/* the ranges checked against */
	const char *source;		/* "table" or "config" */
};

static void config_path(struct nsck *k, struct ns_view *v)
{
	char rel[512];

	v->conf_path[0] = '\0';
	if (k->config) {
		snprintf(v->conf_path, sizeof(v->conf_path), "%s", k->config);
		return;
	}
	if (!k->ns)
		snprintf(rel, sizeof(rel), "ranges.conf");
	else if (!strchr(k->ns, '/') && strlen(k->ns) < 256)
		snprintf(rel, sizeof(rel), "netns/%s.conf", k->ns);
	else
		return;
	if (env_path(v->conf_path, sizeof(v->conf_path), "SCTPCTL_CONFDIR",
		     CONF_DIR, rel))
		v->conf_path[0] = '\0';
}

/* How to apply the config: the command, and the unit when it is its file. */
static void apply_hint(struct nsck *k, const struct ns_view *v, char *buf,
		       size_t len)
{
	char q[64] = "";

	if (k->ns)
		snprintf(q, sizeof(q), "-n %s ", k->ns);
	snprintf(buf, len, "%s %srestore %s", PROG, q, v->conf_path);
	if (!k->config)
		msg_cat(buf, len, " (or systemctl reload %s%s%s)",
			k->ns ? "sctp-ootb@" : "sctp-ootb",
			k->ns ? k->ns : "", k->ns ? "" : "");
}

static void describe(char *buf, size_t len, const char *lead, uint16_t lo,
		     uint16_t hi, uint8_t policy, bool reserve,
		     const char *where)
{
	msg_cat(buf, len, "%s%u-%u %s%s %s", lead, lo, hi, policy_name(policy),
		reserve ? " reserve" : "", where);
}

static void check_config(struct nsck *k, struct ns_view *v)
{
	char msg[600] = "", hint[400];
	size_t i, j, diffs = 0;
	struct stat sb;

	if (!v->conf_path[0]) {
		finding(k->fs, "config", D_SKIP, NULL,
			"no config file for a namespace given by path (use --config FILE)");
		return;
	}
	if (stat(v->conf_path, &sb) && errno == ENOENT && !k->config) {
		finding(k->fs, "config", D_SKIP, NULL,
			"no config file %s: the table is not managed by one",
			v->conf_path);
		return;
	}
	rs_load(v->conf_path, &v->conf);
	if (v->conf.nerr) {
		const struct rs_error *e = &v->conf.err[0];
		char fix[400];

		snprintf(fix, sizeof(fix),
			 "fix the file; %s restore --check %s lists every error",
			 PROG, v->conf_path);
		if (e->line)
			finding(k->fs, "config", D_FAIL, fix, "%s:%lu: %s%s",
				v->conf.name, e->line, e->msg,
				v->conf.nerr > 1 ? " (and more errors)" : "");
		else
			finding(k->fs, "config", D_FAIL, fix, "%s: %s",
				v->conf.name, e->msg);
		return;
	}
	v->have_conf = true;
	apply_hint(k, v, hint, sizeof(hint));
	if (!v->have_table) {
		if (v->conf.n)
			finding(k->fs, "config", D_FAIL, "see companion, then apply it",
				"%s is not applied: the table cannot be read (sctp_ootb is not loaded)",
				v->conf_path);
		else
			finding(k->fs, "config", D_OK, NULL,
				"%s asks for no range, and none is in force",
				v->conf_path);
		return;
	}

	for (i = 0; i < v->conf.n; i++) {
		const struct rs_item *it = &v->conf.v[i];
		const struct range_rec *k = NULL;

		for (j = 0; j < v->table.n && !k; j++)
			if (v->table.v[j].start == it->start &&
			    v->table.v[j].end == it->end)
				k = &v->table.v[j];
		if (k && k->policy == it->policy && k->reserve == it->reserve)
			continue;
		if (diffs++ < 3) {
			describe(msg, sizeof(msg), diffs > 1 ? "; " : "",
				 it->start, it->end, it->policy, it->reserve,
				 k ? "in the file," : "is in the file, not in the table");
			if (k)
				describe(msg, sizeof(msg), " ", k->start,
					 k->end, k->policy, k->reserve,
					 "in the table");
		}
	}
	for (j = 0; j < v->table.n; j++) {
		const struct range_rec *k = &v->table.v[j];
		bool found = false;

		for (i = 0; i < v->conf.n && !found; i++)
			found = v->conf.v[i].start == k->start &&
				v->conf.v[i].end == k->end;
		if (found)
			continue;
		if (diffs++ < 3)
			describe(msg, sizeof(msg), diffs > 1 ? "; " : "",
				 k->start, k->end, k->policy, k->reserve,
				 "is in the table, not in the file");
	}
	if (!diffs) {
		finding(k->fs, "config", D_OK, NULL,
			"the table matches %s (%zu range%s)", v->conf_path,
			v->conf.n, v->conf.n == 1 ? "" : "s");
		return;
	}
	if (diffs > 3)
		msg_cat(msg, sizeof(msg), "; and %zu more", diffs - 3);
	finding(k->fs, "config", D_FAIL, hint, "%s is not applied: %s",
		v->conf_path, msg);
}

/* The ranges to check ports against: the table's, else the config's. */
static void view_table(struct ns_view *v)
{
	struct ootb_range_spec *s;
	struct ootb_reject why;
	size_t i, n;

	n = v->have_table ? v->table.n : v->have_conf ? v->conf.n : 0;
	v->source = v->have_table ? "table" : "config";
	if (!v->have_table && !v->have_conf)
		return;
	s = calloc(n ? n : 1, sizeof(*s));
	if (!s)
		return;
	for (i = 0; i < n; i++) {
		if (v->have_table) {
			s[i].lo = v->table.v[i].start;
			s[i].hi = v->table.v[i].end;
			s[i].policy = v->table.v[i].policy;
		} else {
			s[i].lo = v->conf.v[i].start;
			s[i].hi = v->conf.v[i].end;
			s[i].policy = v->conf.v[i].policy;
		}
	}
	if (ootb_table_build(NULL, s, (u32)n, &v->t, &why))
		v->t = NULL;
	free(s);
}

static const struct ootb_entry *discard_at(const struct ns_view *v,
					   unsigned int port)
{
	const struct ootb_entry *e = ootb_table_lookup(v->t, (u16)port);

	return e && e->policy == SCTP_OOTB_POLICY_DISCARD ? e : NULL;
}

static bool has_discard(const struct ns_view *v)
{
	u32 i;

	for (i = 0; i < ootb_table_size(v->t); i++)
		if (ootb_table_entry(v->t, i)->policy ==
		    SCTP_OOTB_POLICY_DISCARD)
			return true;
	return false;
}

/*
 * Are there discard ranges to check @check against?  If not, say so (skip
 * when there are no ranges at all, ok when none discards) and return false.
 */
static bool discard_ranges(struct nsck *k, const struct ns_view *v,
			   const char *check)
{
	if (!v->have_table && !v->have_conf) {
		finding(k->fs, check, D_SKIP, NULL,
			"no ranges to check against (neither the table nor a config file)");
		return false;
	}
	if (!has_discard(v)) {
		finding(k->fs, check, D_OK, NULL, "no discard range in the %s",
			v->source);
		return false;
	}
	return true;
}

struct listeners {
	const struct ns_view *v;
	unsigned int found;
	char msg[600];
};

static void on_ep(const struct sctp_ep *ep, void *arg)
{
	struct listeners *ls = arg;
	const struct ootb_entry *e = discard_at(ls->v, ep->port);

	if (!e)
		return;
	if (ls->found++ < 3)
		msg_cat(ls->msg, sizeof(ls->msg),
			"%sport %u (uid %u, socket inode %lu) in %u-%u",
			ls->found > 1 ? "; " : "", ep->port, ep->uid, ep->inode,
			e->lo, e->hi);
}

/* Kernel SCTP sockets that listen on a port a discard range decides. */
static void check_listeners(struct nsck *k, struct ns_view *v)
{
	struct listeners ls = { .v = v };
	char path[4096];

	if (!discard_ranges(k, v, "listeners"))
		return;
	if (proc_sctp_eps(on_ep, &ls, path, sizeof(path))) {
		finding(k->fs, "listeners", D_OK, NULL,
			"no kernel SCTP socket (%s: %s)", path, strerror(errno));
		return;
	}
	if (!ls.found) {
		finding(k->fs, "listeners", D_OK, NULL,
			"no kernel SCTP socket listens in a discard range");
		return;
	}
	if (ls.found > 3)
		msg_cat(ls.msg, sizeof(ls.msg), "; and %u more", ls.found - 3);
	finding(k->fs, "listeners", D_FAIL,
		"stop the kernel SCTP application or move it out of the range, or exempt its port: sctpctl add-range PORT policy abort",
		"a kernel SCTP socket listens in a discard range, so its endpoint answers that port's out-of-the-blue packets itself (ABORT): %s",
		ls.msg);
}

static void check_ephemeral(struct nsck *k, struct ns_view *v)
{
	static uint8_t bits[65536 / 8];
	char path[4096], msg[400] = "";
	unsigned int lo, hi, p, runs = 0, first = 0, count = 0;

	if (!discard_ranges(k, v, "ephemeral"))
		return;
	if (proc_port_range(&lo, &hi, path, sizeof(path))) {
		finding(k->fs, "ephemeral", D_SKIP, NULL, "cannot read %s", path);
		return;
	}
	proc_reserved_ports(bits);
	for (p = lo; p <= hi + 1; p++) {
		bool bad = p <= hi && !(bits[p / 8] & (1u << (p % 8))) &&
			   discard_at(v, p);

		if (bad) {
			if (!first)
				first = p;
			count++;
			continue;
		}
		if (first && runs++ < 3)
			msg_cat(msg, sizeof(msg), "%s%u-%u", runs > 1 ? ", " : "",
				first, p - 1);
		first = 0;
	}
	if (!count) {
		finding(k->fs, "ephemeral", D_OK, NULL,
			"no ephemeral port (%u-%u) is in a discard range, or each is reserved",
			lo, hi);
		return;
	}
	if (runs > 3)
		msg_cat(msg, sizeof(msg), " and %u more", runs - 3);
	finding(k->fs, "ephemeral", D_FAIL,
		"reserve them: add reserve to those ranges (e.g. sctpctl replace-range LO-HI policy discard reserve, and in the config file), or move net.ipv4.ip_local_port_range",
		"%u ports of the ephemeral range %u-%u (net.ipv4.ip_local_port_range) are in discard ranges and not reserved: %s: a kernel SCTP socket may be given one as its local port",
		count, lo, hi, msg);
}

static void check_aborts(struct nsck *k, struct ns_view *v)
{
	long long ootb;
	struct stats_rec s;

	if (!discard_ranges(k, v, "aborts"))
		return;
	if (k->h->hook_active) {
		if (!query_stats(k->c, &s) && (s.have & HAVE_DISCARDED))
			finding(k->fs, "aborts", D_OK, NULL,
				"the hook is active: out-of-the-blue packets to the discard ranges are dropped (%" PRIu64 " so far)",
				s.discarded);
		else
			finding(k->fs, "aborts", D_OK, NULL,
				"the hook is active: out-of-the-blue packets to the discard ranges are dropped");
		return;
	}
	ootb = proc_sctp_snmp("SctpOutOfBlues");
	if (ootb < 0) {
		finding(k->fs, "aborts", D_OK, NULL,
			"sctp.ko is not loaded: nothing answers out-of-the-blue packets yet");
		return;
	}
	finding(k->fs, "aborts", D_FAIL, "see sctp-loaded and companion",
		"nothing silences the discard ranges of the %s: the kernel handled %lld out-of-the-blue packets in this namespace (SctpOutOfBlues), answering them with ABORT where RFC 9260 section 8.4 says so",
		v->source, ootb);
}

void doctor_netns(struct ctx *c, struct findings *fs,
		  const struct host_view *h, const char *config)
{
	struct nsck k = { .c = c, .fs = fs, .h = h, .ns = fs->ns,
			  .config = config };
	struct ns_view v;

	memset(&v, 0, sizeof(v));
	if (h->st.ootb_loaded && !h->st.no_family) {
		char why[ERRLEN];

		if (!fam_open_quiet(c, why, sizeof(why), NULL) &&
		    !query_ranges(c, &v.table, false))
			v.have_table = true;
	}
	config_path(&k, &v);
	check_config(&k, &v);
	view_table(&v);
	check_listeners(&k, &v);
	check_ephemeral(&k, &v);
	check_aborts(&k, &v);
	ootb_table_free(v.t);
	free(v.table.v);
	rs_free(&v.conf);
}
