/* SPDX-License-Identifier: GPL-2.0 */
/*
 * doctor: what a kernel that loads only signed modules (UEFI Secure Boot,
 * lockdown) makes of sctp-ootb's.
 */
#ifndef SCTPCTL_DOCTOR_SECUREBOOT_H
#define SCTPCTL_DOCTOR_SECUREBOOT_H

struct findings;

/*
 * secure-boot, module-signature, module-key for the running kernel @kver;
 * nothing when it loads unsigned modules too (Secure Boot off, no
 * lockdown).
 */
void doctor_secureboot(struct findings *fs, const char *kver);

#endif /* SCTPCTL_DOCTOR_SECUREBOOT_H */
