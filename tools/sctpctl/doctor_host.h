/* SPDX-License-Identifier: GPL-2.0 */
/*
 * doctor: the host's checks, and what the namespaces' checks need of them.
 */
#ifndef SCTPCTL_DOCTOR_HOST_H
#define SCTPCTL_DOCTOR_HOST_H

#include <stdbool.h>

#include "ctx.h"
#include "status.h"

struct findings;

struct host_view {
	struct status st;
	bool hook_active;	/* patched sctp.ko, sctp_ootb hooked */
	bool installed_patched;	/* modprobe would load the patched sctp.ko */
};

void doctor_host(struct ctx *c, struct findings *fs, struct host_view *h);

#endif /* SCTPCTL_DOCTOR_HOST_H */
