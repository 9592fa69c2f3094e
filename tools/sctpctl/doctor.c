// SPDX-License-Identifier: GPL-2.0
/*
 * doctor: what an operator runs when usrsctp breaks.  Each check gives a
 * finding (ok, FAIL or skip), and every FAIL says how to fix it.  Exit 0
 * only when nothing failed.  Nothing is changed, and sctp_ootb is asked
 * over netlink only when sysfs shows it loaded (a netlink lookup would
 * load it).
 *
 * Host checks:
 *   sctp-loaded     the loaded sctp.ko is the patched one (version ootb.*)
 *   sctp-installed  the one `modinfo -k KVER sctp` names (what modprobe
 *                   loads next) is the patched one
 *   dkms            `dkms status sctp-ootb` says installed for every kernel
 *                   under /lib/modules (skipped without dkms)
 *   secure-boot, module-signature, module-key
 *                   only when the kernel loads only signed modules (UEFI
 *                   Secure Boot, lockdown): doctor_secureboot.c
 *   companion       sctp_ootb is loaded and hooked
 * Checks of each namespace (-n NAME: that one; -a: every one):
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
 * Every input can be moved for tests: see env.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <dirent.h>

#include "sctpctl.h"
#include "doctor_secureboot.h"
#include "table.h"

enum { D_OK, D_FAIL, D_SKIP };

static const char *const status_word[] = {
	[D_OK] = "ok", [D_FAIL] = "FAIL", [D_SKIP] = "skip",
};

struct finding {
	const char *check;
	const char *netns;	/* NULL: the host, or an unnamed namespace */
	bool in_netns;		/* a check of a namespace */
	int status;
	char msg[600];
	char fix[400];
};

struct doctor {
	struct ctx *c;
	const struct req *r;
	struct status st;
	bool hook_active;	/* patched sctp.ko, sctp_ootb hooked */
	bool installed_patched;	/* modprobe would load the patched sctp.ko */
	struct finding *v;
	size_t n, cap;
	int fails;
	/* the namespace being checked */
	const char *ns;
	bool ns_named;
};

static struct finding *add(struct doctor *d, const char *check, int status,
			   const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct finding *add(struct doctor *d, const char *check, int status,
			   const char *fix, const char *fmt, ...)
{
	static struct finding spare;
	struct finding *f;
	va_list ap;

	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		void *p = realloc(d->v, cap * sizeof(*d->v));

		if (!p) {
			d->fails++;
			return &spare;
		}
		d->v = p;
		d->cap = cap;
	}
	f = &d->v[d->n++];
	memset(f, 0, sizeof(*f));
	f->check = check;
	f->status = status;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	if (fix)
		snprintf(f->fix, sizeof(f->fix), "%s", fix);
	if (status == D_FAIL)
		d->fails++;
	return f;
}

/* The same, about the namespace being checked. */
#define add_ns(d, ...)						\
	do {							\
		struct finding *f_ = add(d, __VA_ARGS__);	\
		f_->in_netns = true;				\
		f_->netns = (d)->ns;				\
	} while (0)

/* Append to a message buffer, "..." when it is full. */
static void cat(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

static const char *kernel_release(char *buf, size_t len)
{
	const char *k = getenv("SCTPCTL_KVER");
	struct utsname u;

	if (k && k[0])
		snprintf(buf, len, "%s", k);
	else if (!uname(&u))
		snprintf(buf, len, "%s", u.release);
	else
		snprintf(buf, len, "unknown");
	return buf;
}

/* "key:   value" lines of modinfo: the value of @key, trimmed. */
static bool modinfo_field(const char *out, const char *key, char *val,
			  size_t len)
{
	size_t kl = strlen(key);
	const char *p = out;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (n > kl && !strncmp(p, key, kl) && p[kl] == ':') {
			const char *v = p + kl + 1;

			while (v < p + n && (*v == ' ' || *v == '\t'))
				v++;
			snprintf(val, len, "%.*s", (int)(p + n - v), v);
			return true;
		}
		p += n + (eol ? 1 : 0);
	}
	return false;
}

/* What `modinfo -k KVER sctp` says: what modprobe sctp would load. */
struct installed {
	int ran;		/* 0: modinfo could not run */
	int err;		/* its errno then */
	int status;
	char kver[128], file[1024], ver[128];
};

static void probe_installed(struct doctor *d, struct installed *in)
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
	d->installed_patched = !in->status && in->file[0] &&
			       !strncmp(in->ver, PATCHED_VERSION_PREFIX,
					strlen(PATCHED_VERSION_PREFIX));
}

static void check_installed(struct doctor *d, const struct installed *in)
{
	if (!in->ran)
		add(d, "sctp-installed", D_SKIP, NULL,
		    "cannot run modinfo (kmod): %s", strerror(in->err));
	else if (in->status || !in->file[0])
		add(d, "sctp-installed", D_FAIL,
		    "install the patched module: apt install sctp-ootb-dkms (or make install)",
		    "modprobe sctp finds no sctp.ko for %s", in->kver);
	else if (d->installed_patched)
		add(d, "sctp-installed", D_OK, NULL,
		    "modprobe sctp loads the patched module for %s: %s (version %s)",
		    in->kver, in->file, in->ver);
	else
		add(d, "sctp-installed", D_FAIL,
		    "install the patched module for this kernel: apt install sctp-ootb-dkms (or make install); then dkms status sctp-ootb must say installed",
		    "modprobe sctp would load the stock module for %s: %s",
		    in->kver, in->file);
}

static void check_loaded(struct doctor *d)
{
	const struct status *st = &d->st;

	if (!st->sctp_loaded)
		add(d, "sctp-loaded", D_OK, NULL,
		    "sctp.ko is not loaded: the kernel answers no SCTP packet");
	else if (st->sctp_patched)
		add(d, "sctp-loaded", D_OK, NULL,
		    "the patched sctp.ko is loaded (version %s)", st->version);
	else
		add(d, "sctp-loaded", D_FAIL,
		    d->installed_patched ?
		    "reboot: a loaded sctp.ko cannot be unloaded, and the patched one is installed for this kernel" :
		    "install the patched module (apt install sctp-ootb-dkms, or make install), then reboot: a loaded sctp.ko cannot be unloaded",
		    "the stock sctp.ko is loaded%s%s%s: it answers every out-of-the-blue packet, and sctp_ootb cannot hook into it",
		    st->has_version ? " (version " : " (no version)",
		    st->has_version ? st->version : "",
		    st->has_version ? ")" : "");
}

/* Only when the kernel enforces module signatures (doctor_secureboot.c). */
static void check_secureboot(struct doctor *d, const struct installed *in)
{
	struct sb_finding sb[SB_FINDINGS_MAX];
	size_t i, n = sb_findings(sb, in->kver);

	for (i = 0; i < n; i++)
		add(d, sb[i].check, sb[i].fail ? D_FAIL : D_OK,
		    sb[i].fix[0] ? sb[i].fix : NULL, "%s", sb[i].msg);
}

/* Kernels with their own modules under SCTPCTL_MODULES (/lib/modules). */
static size_t kernels(char names[][128], size_t max)
{
	const char *root = env_root("SCTPCTL_MODULES", "/lib/modules");
	char path[4096];
	struct dirent *e;
	size_t n = 0;
	DIR *dp;

	dp = opendir(root);
	if (!dp)
		return 0;
	while ((e = readdir(dp)) && n < max) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/kernel", root, e->d_name);
		if (!path_is_dir(path))
			continue;
		snprintf(names[n++], 128, "%.127s", e->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof(names[0]),
	      (int (*)(const void *, const void *))strcmp);
	return n;
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

static void check_dkms(struct doctor *d)
{
	char out[8192], state[64], fix[400], k[32][128];
	char *argv[] = { "status", "sctp-ootb", NULL };
	size_t nk, i;
	int status;

	if (run_cmd("SCTPCTL_DKMS", "dkms", argv, out, sizeof(out), &status)) {
		add(d, "dkms", D_SKIP, NULL,
		    "dkms is not installed: not checked");
		return;
	}
	if (status) {
		add(d, "dkms", D_FAIL, "run dkms status sctp-ootb and read its error",
		    "dkms status sctp-ootb failed (exit %d)", status);
		return;
	}
	if (!strstr(out, "sctp-ootb")) {
		add(d, "dkms", D_SKIP, NULL,
		    "sctp-ootb is not a DKMS module on this host (installed another way, or not at all)");
		return;
	}
	nk = kernels(k, 32);
	for (i = 0; i < nk; i++) {
		if (dkms_state(out, k[i], state, sizeof(state)) &&
		    !strcmp(state, "installed")) {
			add(d, "dkms", D_OK, NULL,
			    "sctp-ootb is installed for %s", k[i]);
			continue;
		}
		snprintf(fix, sizeof(fix),
			 "dkms autoinstall -k %.127s (it needs linux-headers-%.127s and the matching linux-source; the log is under /var/lib/dkms/sctp-ootb)",
			 k[i], k[i]);
		if (dkms_state(out, k[i], state, sizeof(state)))
			add(d, "dkms", D_FAIL, fix,
			    "sctp-ootb is %s for %s, not installed: that kernel would load the stock sctp.ko",
			    state, k[i]);
		else
			add(d, "dkms", D_FAIL, fix,
			    "sctp-ootb is not built for %s: that kernel would load the stock sctp.ko",
			    k[i]);
	}
}

static void check_companion(struct doctor *d)
{
	const struct status *st = &d->st;
	const char *reload = "modprobe -r sctp_ootb; modprobe sctp_ootb; then apply the config again (systemctl restart sctp-ootb)";

	if (!st->ootb_loaded)
		add(d, "companion", D_FAIL,
		    "modprobe sctp_ootb (any load of sctp loads it too), then systemctl restart sctp-ootb",
		    "sctp_ootb is not loaded: no range is in force");
	else if (st->no_family)
		add(d, "companion", D_FAIL, reload,
		    "sctp_ootb is loaded but has no netlink family");
	else if (st->hooked < 0)
		add(d, "companion", D_FAIL, reload, "%s", st->why);
	else if (!st->hooked)
		add(d, "companion", D_FAIL,
		    st->sctp_patched ? reload :
		    "see sctp-loaded: sctp_ootb hooks only into the patched sctp.ko",
		    "sctp_ootb is loaded but not hooked into sctp.ko: no range is in force");
	else
		add(d, "companion", D_OK, NULL,
		    "sctp_ootb is loaded and hooked (family version %u)",
		    d->c->fam.version);
}

/* ---- one namespace ----------------------------------------------------- */

struct ns_view {
	bool have_table;		/* the kernel's table was read */
	struct range_list table;
	bool have_conf;			/* the config parsed */
	struct rs_file conf;
	char conf_path[4096];
	struct ootb_table *t;		/* the ranges checked against */
	const char *source;		/* "table" or "config" */
};

static int proc_path(char *buf, size_t len, const char *rel)
{
	return env_path(buf, len, "SCTPCTL_PROC", "/proc", rel);
}

static void config_path(struct doctor *d, struct ns_view *v)
{
	char rel[512];

	v->conf_path[0] = '\0';
	if (d->r->file) {
		snprintf(v->conf_path, sizeof(v->conf_path), "%s", d->r->file);
		return;
	}
	if (!d->ns)
		snprintf(rel, sizeof(rel), "ranges.conf");
	else if (!strchr(d->ns, '/') && strlen(d->ns) < 256)
		snprintf(rel, sizeof(rel), "netns/%s.conf", d->ns);
	else
		return;
	if (env_path(v->conf_path, sizeof(v->conf_path), "SCTPCTL_CONFDIR",
		     CONF_DIR, rel))
		v->conf_path[0] = '\0';
}

/* How to apply the config: the command, and the unit when it is its file. */
static void apply_hint(struct doctor *d, const struct ns_view *v, char *buf,
		       size_t len)
{
	char q[64] = "";

	if (d->ns)
		snprintf(q, sizeof(q), "-n %s ", d->ns);
	snprintf(buf, len, "%s %srestore %s", PROG, q, v->conf_path);
	if (!d->r->file)
		cat(buf, len, " (or systemctl reload %s%s%s)",
		    d->ns ? "sctp-ootb@" : "sctp-ootb", d->ns ? d->ns : "",
		    d->ns ? "" : "");
}

static void describe(char *buf, size_t len, const char *lead, uint16_t lo,
		     uint16_t hi, uint8_t policy, bool reserve,
		     const char *where)
{
	cat(buf, len, "%s%u-%u %s%s %s", lead, lo, hi, policy_name(policy),
	    reserve ? " reserve" : "", where);
}

static void check_config(struct doctor *d, struct ns_view *v)
{
	char msg[600] = "", hint[400];
	size_t i, j, diffs = 0;
	struct stat sb;

	if (!v->conf_path[0]) {
		add_ns(d, "config", D_SKIP, NULL,
		       "no config file for a namespace given by path (use --config FILE)");
		return;
	}
	if (stat(v->conf_path, &sb) && errno == ENOENT && !d->r->file) {
		add_ns(d, "config", D_SKIP, NULL,
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
			add_ns(d, "config", D_FAIL, fix, "%s:%lu: %s%s",
			       v->conf.name, e->line, e->msg,
			       v->conf.nerr > 1 ? " (and more errors)" : "");
		else
			add_ns(d, "config", D_FAIL, fix, "%s: %s",
			       v->conf.name, e->msg);
		return;
	}
	v->have_conf = true;
	apply_hint(d, v, hint, sizeof(hint));
	if (!v->have_table) {
		if (v->conf.n)
			add_ns(d, "config", D_FAIL, "see companion, then apply it",
			       "%s is not applied: the table cannot be read (sctp_ootb is not loaded)",
			       v->conf_path);
		else
			add_ns(d, "config", D_OK, NULL,
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
		add_ns(d, "config", D_OK, NULL,
		       "the table matches %s (%zu range%s)", v->conf_path,
		       v->conf.n, v->conf.n == 1 ? "" : "s");
		return;
	}
	if (diffs > 3)
		cat(msg, sizeof(msg), "; and %zu more", diffs - 3);
	add_ns(d, "config", D_FAIL, hint, "%s is not applied: %s",
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
static bool discard_ranges(struct doctor *d, const struct ns_view *v,
			   const char *check)
{
	if (!v->have_table && !v->have_conf) {
		add_ns(d, check, D_SKIP, NULL,
		       "no ranges to check against (neither the table nor a config file)");
		return false;
	}
	if (!has_discard(v)) {
		add_ns(d, check, D_OK, NULL, "no discard range in the %s",
		       v->source);
		return false;
	}
	return true;
}

/* /proc/net/sctp/eps: ENDPT SOCK STY SST HBKT LPORT UID INODE LADDRS */
static void check_listeners(struct doctor *d, struct ns_view *v)
{
	char path[4096], line[1024], msg[600] = "";
	unsigned int found = 0;
	FILE *f;

	if (!discard_ranges(d, v, "listeners"))
		return;
	proc_path(path, sizeof(path), "net/sctp/eps");
	f = fopen(path, "re");
	if (!f) {
		add_ns(d, "listeners", D_OK, NULL,
		       "no kernel SCTP socket (%s: %s)", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned int port, uid;
		unsigned long inode;
		const struct ootb_entry *e;
		char a[5][32];

		if (sscanf(line, "%31s %31s %31s %31s %31s %u %u %lu", a[0],
			   a[1], a[2], a[3], a[4], &port, &uid, &inode) != 8 ||
		    port > 65535)
			continue;
		e = discard_at(v, port);
		if (!e)
			continue;
		if (found++ < 3)
			cat(msg, sizeof(msg),
			    "%sport %u (uid %u, socket inode %lu) in %u-%u",
			    found > 1 ? "; " : "", port, uid, inode, e->lo,
			    e->hi);
	}
	fclose(f);
	if (!found) {
		add_ns(d, "listeners", D_OK, NULL,
		       "no kernel SCTP socket listens in a discard range");
		return;
	}
	if (found > 3)
		cat(msg, sizeof(msg), "; and %u more", found - 3);
	add_ns(d, "listeners", D_FAIL,
	       "stop the kernel SCTP application or move it out of the range, or exempt its port: sctpctl add-range PORT policy abort",
	       "a kernel SCTP socket listens in a discard range, so its endpoint answers that port's out-of-the-blue packets itself (ABORT): %s",
	       msg);
}

/* Set the bits of "8080,9000-9100" (ip_local_reserved_ports). */
static void reserved_bits(const char *s, uint8_t *bits)
{
	while (*s) {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo, p;

		if (end == s)
			break;
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		for (p = lo; p <= hi && p < 65536; p++)
			bits[p / 8] |= (uint8_t)(1u << (p % 8));
		s = end;
		while (*s == ',' || *s == ' ' || *s == '\t')
			s++;
	}
}

static void check_ephemeral(struct doctor *d, struct ns_view *v)
{
	static uint8_t bits[65536 / 8];
	char path[4096], buf[65536], msg[400] = "";
	unsigned int lo, hi, p, runs = 0, first = 0, count = 0;
	FILE *f;

	if (!discard_ranges(d, v, "ephemeral"))
		return;
	proc_path(path, sizeof(path), "sys/net/ipv4/ip_local_port_range");
	if (!read_line(path, buf, sizeof(buf)) ||
	    sscanf(buf, "%u %u", &lo, &hi) != 2 || lo > hi || hi > 65535) {
		add_ns(d, "ephemeral", D_SKIP, NULL, "cannot read %s", path);
		return;
	}
	memset(bits, 0, sizeof(bits));
	proc_path(path, sizeof(path), "sys/net/ipv4/ip_local_reserved_ports");
	f = fopen(path, "re");
	if (f) {
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);

		buf[n] = '\0';
		fclose(f);
		reserved_bits(buf, bits);
	}
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
			cat(msg, sizeof(msg), "%s%u-%u", runs > 1 ? ", " : "",
			    first, p - 1);
		first = 0;
	}
	if (!count) {
		add_ns(d, "ephemeral", D_OK, NULL,
		       "no ephemeral port (%u-%u) is in a discard range, or each is reserved",
		       lo, hi);
		return;
	}
	if (runs > 3)
		cat(msg, sizeof(msg), " and %u more", runs - 3);
	add_ns(d, "ephemeral", D_FAIL,
	       "reserve them: add reserve to those ranges (e.g. sctpctl replace-range LO-HI policy discard reserve, and in the config file), or move net.ipv4.ip_local_port_range",
	       "%u ports of the ephemeral range %u-%u (net.ipv4.ip_local_port_range) are in discard ranges and not reserved: %s: a kernel SCTP socket may be given one as its local port",
	       count, lo, hi, msg);
}

/* A counter of /proc/net/sctp/snmp, or -1. */
static long long snmp_counter(const char *name)
{
	char path[4096], key[64];
	long long val, ret = -1;
	FILE *f;

	proc_path(path, sizeof(path), "net/sctp/snmp");
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", key, &val) == 2)
		if (!strcmp(key, name))
			ret = val;
	fclose(f);
	return ret;
}

static void check_aborts(struct doctor *d, struct ns_view *v)
{
	long long ootb;
	struct stats_rec s;

	if (!discard_ranges(d, v, "aborts"))
		return;
	if (d->hook_active) {
		if (!get_stats(d->c, &s) && (s.have & HAVE_DISCARDED))
			add_ns(d, "aborts", D_OK, NULL,
			       "the hook is active: out-of-the-blue packets to the discard ranges are dropped (%" PRIu64 " so far)",
			       s.discarded);
		else
			add_ns(d, "aborts", D_OK, NULL,
			       "the hook is active: out-of-the-blue packets to the discard ranges are dropped");
		return;
	}
	ootb = snmp_counter("SctpOutOfBlues");
	if (ootb < 0) {
		add_ns(d, "aborts", D_OK, NULL,
		       "sctp.ko is not loaded: nothing answers out-of-the-blue packets yet");
		return;
	}
	add_ns(d, "aborts", D_FAIL, "see sctp-loaded and companion",
	       "nothing silences the discard ranges of the %s: the kernel handled %lld out-of-the-blue packets in this namespace (SctpOutOfBlues), answering them with ABORT where RFC 9260 section 8.4 says so",
	       v->source, ootb);
}

static void check_ns(struct doctor *d)
{
	struct ns_view v;

	memset(&v, 0, sizeof(v));
	if (d->st.ootb_loaded && !d->st.no_family) {
		char why[ERRLEN];

		if (!nl_open_quiet(d->c, why, sizeof(why), NULL) &&
		    !get_ranges(d->c, &v.table))
			v.have_table = true;
	}
	config_path(d, &v);
	check_config(d, &v);
	view_table(&v);
	check_listeners(d, &v);
	check_ephemeral(d, &v);
	check_aborts(d, &v);
	ootb_table_free(v.t);
	free(v.table.v);
	rs_free(&v.conf);
}

/* ---- output -------------------------------------------------------------- */

static void print_findings(const struct doctor *d, bool headers)
{
	const char *section = "";
	size_t i;

	out_open_obj(NULL);
	out_bool(PRINT_JSON, "ok", NULL, NULL, d->fails == 0);
	out_uint(PRINT_JSON, "problems", NULL, (uint64_t)d->fails);
	out_open_arr("checks");
	for (i = 0; i < d->n; i++) {
		const struct finding *f = &d->v[i];
		const char *label = !f->in_netns ? "" :
				    f->netns ? f->netns : "(current)";

		if (headers && f->in_netns && strcmp(section, label)) {
			out_text("\nnetns: ");
			out_text(label);
			out_text("\n");
			section = label;
		}
		out_open_obj(NULL);
		out_str(PRINT_JSON, "check", NULL, f->check);
		if (f->netns)
			out_str(PRINT_JSON, "netns", NULL, f->netns);
		else
			out_null("netns");
		out_str(PRINT_ANY, "status", "%-4s ", status_word[f->status]);
		out_str(PRINT_TEXT, NULL, "%s: ", f->check);
		out_str(PRINT_ANY, "message", "%s\n", f->msg);
		if (f->fix[0])
			out_str(PRINT_ANY, "fix", "     fix: %s\n", f->fix);
		else
			out_null("fix");
		out_close_obj();
	}
	out_close_arr();
	if (headers)
		out_text("\n");
	if (!out_json() && d->fails)
		printf("doctor: %d problem%s found\n", d->fails,
		       d->fails > 1 ? "s" : "");
	else if (!out_json())
		printf("doctor: no problem found\n");
	out_close_obj();
}

int cmd_doctor(struct ctx *c, const struct req *r)
{
	struct doctor d = { .c = c, .r = r };
	struct installed in;
	struct netns_list l;
	int home = -1;
	size_t i;

	if (c->all_netns && r->file) {
		report_error("doctor: --config works with one namespace, not with -a");
		return EXIT_USAGE;
	}
	if (enter_netns(c))
		return EXIT_FAIL;

	status_probe(c, &d.st);
	d.hook_active = d.st.sctp_patched && d.st.hooked == 1;
	/* sctp-loaded's fix depends on what is installed. */
	probe_installed(&d, &in);
	check_loaded(&d);
	check_installed(&d, &in);
	check_secureboot(&d, &in);
	check_dkms(&d);
	check_companion(&d);

	if (!c->all_netns) {
		d.ns = c->netns;
		check_ns(&d);
	} else {
		home = netns_home();
		if (home < 0 || netns_list(&l)) {
			free(d.v);
			if (home >= 0)
				close(home);
			return EXIT_FAIL;
		}
		for (i = 0; i < l.n; i++) {
			d.ns = l.names[i];
			report_netns(NULL);
			if (netns_enter_nth(c, &l, i, home)) {
				add_ns(&d, "netns", D_FAIL,
				       "remove the stale name (ip netns delete NAME) or fix its mount",
				       "cannot enter the namespace");
				continue;
			}
			report_netns(l.names[i] ? l.names[i] : "(current)");
			check_ns(&d);
		}
		report_netns(NULL);
		netns_return(c, home);
		close(home);
	}

	print_findings(&d, c->all_netns);
	if (c->all_netns)
		netns_list_free(&l);
	free(d.v);
	return d.fails ? EXIT_FAIL : EXIT_OK;
}
