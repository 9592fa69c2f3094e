/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SCTPCTL_DOCTOR_SECUREBOOT_H
#define SCTPCTL_DOCTOR_SECUREBOOT_H

#include <stdbool.h>
#include <stddef.h>

/* One finding of doctor's Secure Boot checks (doctor_secureboot.c). */
struct sb_finding {
	const char *check;
	bool fail;
	char msg[600];
	char fix[400];
};

#define SB_FINDINGS_MAX 3

/*
 * What a kernel that loads only signed modules makes of sctp-ootb's, for
 * the running kernel @kver: up to SB_FINDINGS_MAX findings in @f, none
 * when it loads unsigned modules too (Secure Boot off, no lockdown).
 */
size_t sb_findings(struct sb_finding *f, const char *kver);

#endif
