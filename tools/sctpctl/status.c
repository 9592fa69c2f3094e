// SPDX-License-Identifier: GPL-2.0
/*
 * status: is everything in place?
 *
 * status reads sysfs (the root can be moved with SCTPCTL_SYSFS, so tests
 * can fake every state; see env.c) and asks the module over netlink only
 * when sysfs shows it loaded.  doctor builds on the same probe.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "env.h"
#include "family.h"
#include "print.h"
#include "query.h"
#include "status.h"

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

		if (fam_open_quiet(c, why, sizeof(why), &st->no_family))
			snprintf(st->why, sizeof(st->why),
				 "cannot ask sctp_ootb over netlink: %s", why);
		else if (!query_stats(c, &s) && (s.have & HAVE_HOOKED))
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

static int run_status(struct ctx *c, const struct req *r)
{
	struct status st;
	const char *hint;
	bool ready;

	(void)r;
	if (fam_netns(c))
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

DEFINE_CMD(cmd_status, "status", "", 0,
	   cmd_parse_none, run_status,
	   "check that the patched sctp.ko and sctp_ootb are loaded and hooked");
