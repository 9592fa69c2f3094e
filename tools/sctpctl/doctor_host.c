// SPDX-License-Identifier: GPL-2.0
/*
 * doctor's checks of the host:
 *   sctp-loaded     the loaded sctp.ko is the patched one (version ootb.*)
 *   sctp-installed  the one `modinfo -k KVER sctp` names (what modprobe
 *                   loads next) is the patched one
 *   dkms            `dkms status sctp-ootb` says installed for every kernel
 *                   under /lib/modules (skipped without dkms)
 *   secure-boot, module-signature, module-key
 *                   only when the kernel loads only signed modules (UEFI
 *                   Secure Boot, lockdown): doctor_secureboot.c
 *   companion       sctp_ootb is loaded and hooked
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "doctor_host.h"
#include "doctor_secureboot.h"
#include "env.h"
#include "findings.h"

/* What `modinfo -k KVER sctp` says: what modprobe sctp would load. */
struct installed {
	int ran;		/* 0: modinfo could not run */
	int err;		/* its errno then */
	int status;
	char kver[128], file[1024], ver[128];
};

static void probe_installed(struct host_view *h, struct installed *in)
{
	char out[4096];
	char *argv[] = { "-k", in->kver, "sctp", NULL };

	memset(in, 0, sizeof(*in));
	kernel_release(in->kver, sizeof(in->kver));
	if (run_cmd("SCTPCTL_MODINFO", "modinfo", argv, out, sizeof(out),
		    &in->status)) {
		in->err = errno;
		return;
	}
	in->ran = 1;
	modinfo_field(out, "filename", in->file, sizeof(in->file));
	modinfo_field(out, "version", in->ver, sizeof(in->ver));
	h->installed_patched = !in->status && in->file[0] &&
			       !strncmp(in->ver, PATCHED_VERSION_PREFIX,
					strlen(PATCHED_VERSION_PREFIX));
}

static void check_installed(struct findings *fs, const struct host_view *h,
			    const struct installed *in)
{
	if (!in->ran)
		finding(fs, "sctp-installed", D_SKIP, NULL,
			"cannot run modinfo (kmod): %s", strerror(in->err));
	else if (in->status || !in->file[0])
		finding(fs, "sctp-installed", D_FAIL,
			"install the patched module: apt install sctp-ootb-dkms (or make install)",
			"modprobe sctp finds no sctp.ko for %s", in->kver);
	else if (h->installed_patched)
		finding(fs, "sctp-installed", D_OK, NULL,
			"modprobe sctp loads the patched module for %s: %s (version %s)",
			in->kver, in->file, in->ver);
	else
		finding(fs, "sctp-installed", D_FAIL,
			"install the patched module for this kernel: apt install sctp-ootb-dkms (or make install); then dkms status sctp-ootb must say installed",
			"modprobe sctp would load the stock module for %s: %s",
			in->kver, in->file);
}

static void check_loaded(struct findings *fs, const struct host_view *h)
{
	const struct status *st = &h->st;

	if (!st->sctp_loaded)
		finding(fs, "sctp-loaded", D_OK, NULL,
			"sctp.ko is not loaded: the kernel answers no SCTP packet");
	else if (st->sctp_patched)
		finding(fs, "sctp-loaded", D_OK, NULL,
			"the patched sctp.ko is loaded (version %s)", st->version);
	else
		finding(fs, "sctp-loaded", D_FAIL,
			h->installed_patched ?
			"reboot: a loaded sctp.ko cannot be unloaded, and the patched one is installed for this kernel" :
			"install the patched module (apt install sctp-ootb-dkms, or make install), then reboot: a loaded sctp.ko cannot be unloaded",
			"the stock sctp.ko is loaded%s%s%s: it answers every out-of-the-blue packet, and sctp_ootb cannot hook into it",
			st->has_version ? " (version " : " (no version)",
			st->has_version ? st->version : "",
			st->has_version ? ")" : "");
}

/*
 * The state `dkms status` gives sctp-ootb for @kver, from lines such as
 * "sctp-ootb/1.0, 6.1.0-57-amd64, x86_64: installed" (older dkms:
 * "sctp-ootb, 1.0, KVER, ARCH: installed").
 */
static bool dkms_state(const char *out, const char *kver, char *state,
		       size_t len)
{
	const char *p = out;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char line[512], *colon, *k;

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (eol ? 1 : 0);
		colon = strrchr(line, ':');
		if (strncmp(line, "sctp-ootb", 9) || !colon)
			continue;
		*colon = '\0';
		for (k = strtok(line, ","); k; k = strtok(NULL, ",")) {
			while (*k == ' ')
				k++;
			if (!strcmp(k, kver)) {
				const char *s = colon + 1;

				while (*s == ' ')
					s++;
				snprintf(state, len, "%.*s",
					 (int)strcspn(s, " ("), s);
				return true;
			}
		}
	}
	return false;
}

static void check_dkms(struct findings *fs)
{
	char out[8192], state[64], fix[400], src[40], k[32][128];
	char *argv[] = { "status", "sctp-ootb", NULL };
	unsigned int maj, min;
	size_t nk, i;
	int status;

	if (run_cmd("SCTPCTL_DKMS", "dkms", argv, out, sizeof(out), &status)) {
		finding(fs, "dkms", D_SKIP, NULL,
			"dkms is not installed: not checked");
		return;
	}
	if (status) {
		finding(fs, "dkms", D_FAIL, "run dkms status sctp-ootb and read its error",
			"dkms status sctp-ootb failed (exit %d)", status);
		return;
	}
	if (!strstr(out, "sctp-ootb")) {
		finding(fs, "dkms", D_SKIP, NULL,
			"sctp-ootb is not a DKMS module on this host (installed another way, or not at all)");
		return;
	}
	nk = kernels(k, 32);
	for (i = 0; i < nk; i++) {
		if (dkms_state(out, k[i], state, sizeof(state)) &&
		    !strcmp(state, "installed")) {
			finding(fs, "dkms", D_OK, NULL,
				"sctp-ootb is installed for %s", k[i]);
			continue;
		}
		/* The build needs the kernel's headers and its series' source. */
		if (sscanf(k[i], "%u.%u", &maj, &min) == 2)
			snprintf(src, sizeof(src), "linux-source-%u.%u", maj, min);
		else
			snprintf(src, sizeof(src), "the linux-source of its series");
		snprintf(fix, sizeof(fix),
			 "apt install linux-headers-%.127s %s, then dkms autoinstall -k %.127s (the log is under /var/lib/dkms/sctp-ootb)",
			 k[i], src, k[i]);
		if (dkms_state(out, k[i], state, sizeof(state)))
			finding(fs, "dkms", D_FAIL, fix,
				"sctp-ootb is %s for %s, not installed: that kernel would load the stock sctp.ko",
				state, k[i]);
		else
			finding(fs, "dkms", D_FAIL, fix,
				"sctp-ootb is not built for %s: that kernel would load the stock sctp.ko",
				k[i]);
	}
}

static void check_companion(struct findings *fs, const struct ctx *c,
			    const struct host_view *h)
{
	const struct status *st = &h->st;
	const char *reload = "modprobe -r sctp_ootb; modprobe sctp_ootb; then apply the config again (systemctl restart sctp-ootb)";

	if (!st->ootb_loaded)
		finding(fs, "companion", D_FAIL,
			"modprobe sctp_ootb (any load of sctp loads it too), then systemctl restart sctp-ootb",
			"sctp_ootb is not loaded: no range is in force");
	else if (st->no_family)
		finding(fs, "companion", D_FAIL, reload,
			"sctp_ootb is loaded but has no netlink family");
	else if (st->hooked < 0)
		finding(fs, "companion", D_FAIL, reload, "%s", st->why);
	else if (!st->hooked)
		finding(fs, "companion", D_FAIL,
			st->sctp_patched ? reload :
			"see sctp-loaded: sctp_ootb hooks only into the patched sctp.ko",
			"sctp_ootb is loaded but not hooked into sctp.ko: no range is in force");
	else
		finding(fs, "companion", D_OK, NULL,
			"sctp_ootb is loaded and hooked (family version %u)",
			c->fam.version);
}

void doctor_host(struct ctx *c, struct findings *fs, struct host_view *h)
{
	struct installed in;

	memset(h, 0, sizeof(*h));
	status_probe(c, &h->st);
	h->hook_active = h->st.sctp_patched && h->st.hooked == 1;
	/* sctp-loaded's fix depends on what is installed. */
	probe_installed(h, &in);
	check_loaded(fs, h);
	check_installed(fs, h, &in);
	doctor_secureboot(fs, in.kver);
	check_dkms(fs);
	check_companion(fs, c, h);
}
