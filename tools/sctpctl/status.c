// SPDX-License-Identifier: GPL-2.0
/*
 * stats: the namespace's totals.  status: is everything in place?
 *
 * status reads sysfs (the root can be moved with SCTPCTL_SYSFS, so tests
 * can fake every state; see env.c) and asks the module over netlink only
 * when sysfs shows it loaded.  doctor builds on the same probe.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "sctpctl.h"

static struct nla_policy stats_policy[SCTP_OOTB_A_MAX + 1] = {
	[SCTP_OOTB_A_RANGES] = { .type = NLA_U32 },
	[SCTP_OOTB_A_MAX_RANGES] = { .type = NLA_U32 },
	[SCTP_OOTB_A_STAT_DISCARDED] = { .type = NLA_U64 },
	[SCTP_OOTB_A_STAT_COUNTED] = { .type = NLA_U64 },
	[SCTP_OOTB_A_STAT_ABORTED] = { .type = NLA_U64 },
	[SCTP_OOTB_A_STAT_UNMATCHED] = { .type = NLA_U64 },
	[SCTP_OOTB_A_HOOKED] = { .type = NLA_U8 },
};

static int on_stats(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[SCTP_OOTB_A_MAX + 1];
	struct stats_rec *s = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, SCTP_OOTB_A_MAX,
			  stats_policy) < 0)
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
#undef TAKE
	return NL_OK;
}

int get_stats(struct ctx *c, struct stats_rec *s)
{
	struct nl_msg *msg;

	memset(s, 0, sizeof(*s));
	if (nl_open(c))
		return EXIT_FAIL;
	msg = nl_request(c, SCTP_OOTB_CMD_GET_STATS, 0, 0);
	if (!msg)
		return EXIT_FAIL;
	return nl_do(c, SCTP_OOTB_CMD_GET_STATS, msg, on_stats, s);
}

int cmd_stats(struct ctx *c, const struct req *r)
{
	struct stats_rec s;

	(void)r;
	if (get_stats(c, &s))
		return EXIT_FAIL;
	print_stats(&s, c->all_netns ? "stats" : NULL);
	return EXIT_OK;
}

static bool sysfs_dir(const char *rel)
{
	char path[4096];

	return !env_path(path, sizeof(path), "SCTPCTL_SYSFS", "/sys", rel) &&
	       path_is_dir(path);
}

static bool sysfs_line(const char *rel, char *buf, size_t len)
{
	char path[4096];

	return !env_path(path, sizeof(path), "SCTPCTL_SYSFS", "/sys", rel) &&
	       read_line(path, buf, len);
}

/* Is sctp_ootb loaded?  (Without loading it, unlike a netlink query.) */
bool ootb_loaded(void)
{
	return sysfs_dir("module/sctp_ootb");
}

/*
 * What is loaded and hooked.  The module is asked over netlink only when
 * sysfs shows it: resolving the family would otherwise load it through
 * its module alias, and looking must change nothing.
 */
void status_probe(struct ctx *c, struct status *st)
{
	memset(st, 0, sizeof(*st));
	st->hooked = -1;
	st->sctp_loaded = sysfs_dir("module/sctp");
	st->has_version = st->sctp_loaded &&
			  sysfs_line("module/sctp/version", st->version,
				     sizeof(st->version));
	st->sctp_patched = st->has_version &&
			   !strncmp(st->version, PATCHED_VERSION_PREFIX,
				    strlen(PATCHED_VERSION_PREFIX));
	st->ootb_loaded = sysfs_dir("module/sctp_ootb");
	if (st->ootb_loaded) {
		struct stats_rec s;
		char why[ERRLEN - 64];

		if (nl_open_quiet(c, why, sizeof(why), &st->no_family))
			snprintf(st->why, sizeof(st->why),
				 "cannot ask sctp_ootb over netlink: %s", why);
		else if (!get_stats(c, &s) && (s.have & HAVE_HOOKED))
			st->hooked = s.hooked;
	}
}

static const char *status_hint(const struct status *st)
{
	if (st->sctp_loaded && !st->sctp_patched)
		return "stock sctp.ko is loaded: install the patched module (make install) and reboot";
	if (!st->ootb_loaded)
		return st->sctp_loaded ?
		       "load the companion module: modprobe sctp_ootb" :
		       "load the companion module, which loads the patched sctp.ko: modprobe sctp_ootb";
	if (!st->sctp_loaded)
		return "sctp_ootb is loaded without sctp.ko: reload it (modprobe -r sctp_ootb; modprobe sctp_ootb)";
	if (st->no_family)
		return "sctp_ootb is loaded but has no netlink family: reload it (modprobe -r sctp_ootb; modprobe sctp_ootb)";
	if (st->hooked < 0)
		return st->why[0] ? st->why :
		       "cannot ask sctp_ootb over netlink (see the error above)";
	if (!st->hooked)
		return "sctp_ootb is not hooked into sctp.ko: reload it (modprobe -r sctp_ootb; modprobe sctp_ootb)";
	return NULL;
}

int cmd_status(struct ctx *c, const struct req *r)
{
	struct status st;
	const char *hint;
	bool ready;

	(void)r;
	if (enter_netns(c))
		return EXIT_FAIL;
	status_probe(c, &st);

	hint = status_hint(&st);
	ready = !hint;

	out_open_obj(NULL);

	out_open_obj("sctp");
	out_text("sctp: ");
	out_bool(PRINT_ANY, "loaded", "loaded", "not loaded", st.sctp_loaded);
	out_bool(PRINT_ANY, "patched", ", patched",
		 st.sctp_loaded ? ", stock" : NULL, st.sctp_patched);
	if (st.has_version)
		out_str(PRINT_ANY, "version", " (version %s)", st.version);
	else
		out_null("version");
	out_close_obj();
	out_text("\n");

	out_open_obj("sctp_ootb");
	out_text("sctp_ootb: ");
	out_bool(PRINT_ANY, "loaded", "loaded", "not loaded", st.ootb_loaded);
	if (!st.ootb_loaded)
		out_bool(PRINT_JSON, "hooked", NULL, NULL, false);
	else if (st.hooked < 0)
		out_null("hooked");
	else
		out_bool(PRINT_ANY, "hooked", ", hooked", ", not hooked",
			 st.hooked);
	if (st.ootb_loaded && st.hooked < 0)
		out_text(", hook state unknown");
	out_close_obj();
	out_text("\n");

	out_bool(PRINT_ANY, "ready", "ready: yes\n", "ready: no\n", ready);
	if (hint)
		out_str(PRINT_ANY, "hint", "hint: %s\n", hint);
	else
		out_null("hint");

	out_close_obj();
	return ready ? EXIT_OK : EXIT_FAIL;
}
