// SPDX-License-Identifier: GPL-2.0
/*
 * doctor's Secure Boot checks.  A kernel booted with UEFI Secure Boot (or
 * otherwise locked down, or with module.sig_enforce=1) loads only modules
 * signed by a key in its trusted keyrings; dkms signs sctp-ootb's with its
 * own key, /var/lib/dkms/mok.pub, which the firmware trusts only once it is
 * enrolled in MokList (shim hands MokList to the kernel's .machine
 * keyring at boot).  Until then modprobe falls back to the stock sctp.ko
 * (/lib/modprobe.d/sctp-ootb-dkms.conf) and nothing of sctp_ootb is in
 * force.  Said only when the kernel enforces signatures: elsewhere doctor
 * is as it was.
 *
 *   secure-boot       the state: Secure Boot (efivars), lockdown,
 *                     module.sig_enforce (informational)
 *   module-signature  the sctp.ko modprobe finds for this kernel: signed,
 *                     and by a key the kernel holds (/proc/keys)?
 *   module-key        dkms's key enrolled in MokList (mokutil --test-key)?
 *
 * Inputs, moved for tests: SCTPCTL_SYSFS (efivars, lockdown, sig_enforce),
 * SCTPCTL_KEYS (/proc/keys), SCTPCTL_MODINFO, SCTPCTL_MOKUTIL (mokutil),
 * SCTPCTL_MOK (/var/lib/dkms/mok.pub).
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "doctor_secureboot.h"
#include "env.h"
#include "findings.h"

#define SB_VAR "firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

/* 1 on, 0 off, -1 no such variable (BIOS boot, or not shown). */
static int secure_boot(void)
{
	unsigned char b[5];
	char path[4096];
	FILE *fp;
	size_t n;

	if (env_path(path, sizeof(path), "SCTPCTL_SYSFS", "/sys", SB_VAR))
		return -1;
	fp = fopen(path, "re");
	if (!fp)
		return -1;
	/* 4 bytes of attributes, then the value. */
	n = fread(b, 1, sizeof(b), fp);
	fclose(fp);
	return n == sizeof(b) ? b[4] == 1 : -1;
}

/* The lockdown mode in force ("integrity", "confidentiality") or "". */
static void lockdown(char *mode, size_t len)
{
	char path[4096], line[256], *l, *r;

	mode[0] = '\0';
	if (env_path(path, sizeof(path), "SCTPCTL_SYSFS", "/sys",
		     "kernel/security/lockdown") ||
	    !read_line(path, line, sizeof(line)))
		return;
	l = strchr(line, '[');
	r = l ? strchr(l, ']') : NULL;
	if (l && r && strncmp(l + 1, "none", 4))
		snprintf(mode, len, "%.*s", (int)(r - l - 1), l + 1);
}

static bool sig_enforce(void)
{
	char path[4096], v[16];

	return !env_path(path, sizeof(path), "SCTPCTL_SYSFS", "/sys",
			 "module/parameters/sig_enforce") &&
	       read_line(path, v, sizeof(v)) && v[0] == 'Y';
}


/*
 * Does the kernel hold an asymmetric key named @signer?  /proc/keys
 * describes an X.509 key as "CN: SUBJECT-KEY-ID"; modinfo's signer is
 * that CN.
 */
static bool kernel_has_key(const char *signer)
{
	const char *path = env_root("SCTPCTL_KEYS", "/proc/keys");
	char line[1024], want[300];
	bool found = false;
	FILE *fp;

	fp = fopen(path, "re");
	if (!fp)
		return false;
	snprintf(want, sizeof(want), " %s: ", signer);
	while (!found && fgets(line, sizeof(line), fp))
		found = strstr(line, " asymmetri ") && strstr(line, want);
	fclose(fp);
	return found;
}

void doctor_secureboot(struct findings *fs, const char *kver)
{
	const char *mok = env_root("SCTPCTL_MOK", "/var/lib/dkms/mok.pub");
	char ld[64], why[200], out[4096], file[1024], ver[128], signer[256];
	char fix[400];
	char *margv[] = { "-k", (char *)kver, "sctp", NULL };
	char *targv[] = { "--test-key", (char *)mok, NULL };
	int sb = secure_boot(), status;
	bool enforce = sig_enforce();

	lockdown(ld, sizeof(ld));
	if (sb != 1 && !ld[0] && !enforce)
		return;
	snprintf(why, sizeof(why), "%s%s%s%s%s",
		 sb == 1 ? "UEFI Secure Boot is on" : "UEFI Secure Boot is off",
		 ld[0] ? ", the kernel is locked down (" : "", ld,
		 ld[0] ? ")" : "",
		 enforce ? ", module.sig_enforce is on" : "");
	finding(fs, "secure-boot", D_OK, NULL,
	    "%s: this kernel loads only modules signed by a key it trusts", why);
	snprintf(fix, sizeof(fix),
		 "enrol dkms's key once: mokutil --import %s (a one-time password), reboot, and in MokManager choose Enroll MOK, Continue, Yes, type the password, Reboot",
		 mok);

	if (!run_cmd("SCTPCTL_MODINFO", "modinfo", margv, out, sizeof(out),
		     &status) && !status) {
		modinfo_field(out, "filename", file, sizeof(file));
		modinfo_field(out, "version", ver, sizeof(ver));
		modinfo_field(out, "signer", signer, sizeof(signer));
		if (strncmp(ver, PATCHED_VERSION_PREFIX,
			    strlen(PATCHED_VERSION_PREFIX)))
			;	/* the stock module: sctp-installed says so */
		else if (!signer[0])
			finding(fs, "module-signature", D_FAIL,
			    "dkms signs with /var/lib/dkms/mok.key, made with openssl: apt install openssl; dkms install --force sctp-ootb/VERSION -k KVER; then enrol /var/lib/dkms/mok.pub (mokutil --import)",
			    "the patched sctp.ko for %s (%s) is not signed: this kernel refuses it, and modprobe loads the stock sctp.ko instead",
			    kver, file);
		else if (kernel_has_key(signer))
			finding(fs, "module-signature", D_OK, NULL,
			    "the patched sctp.ko for %s is signed by \"%s\", a key this kernel holds",
			    kver, signer);
		else
			finding(fs, "module-signature", D_FAIL, fix,
			    "the patched sctp.ko for %s is signed by \"%s\", a key this kernel does not trust: it refuses it (and sctp_ootb), and modprobe loads the stock sctp.ko instead (/lib/modprobe.d/sctp-ootb-dkms.conf)",
			    kver, signer);
	}

	if (run_cmd("SCTPCTL_MOKUTIL", "mokutil", targv, out, sizeof(out),
		    &status))
		return;
	if (strstr(out, "already enrolled"))
		finding(fs, "module-key", D_OK, NULL,
		    "dkms's key %s is enrolled in MokList", mok);
	else if (strstr(out, "enrollment request"))
		finding(fs, "module-key", D_FAIL,
		    "reboot, and in MokManager choose Enroll MOK, Continue, Yes, type the password given to mokutil --import, Reboot",
		    "dkms's key %s waits for its enrolment in MokManager at the next boot",
		    mok);
	else if (strstr(out, "not enrolled"))
		finding(fs, "module-key", D_FAIL, fix,
		    "dkms's key %s is not enrolled in MokList: the firmware does not trust what dkms signs",
		    mok);
}
