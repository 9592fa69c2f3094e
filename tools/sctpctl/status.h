/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What is loaded and hooked: status prints it, doctor judges it.
 */
#ifndef SCTPCTL_STATUS_H
#define SCTPCTL_STATUS_H

#include <stdbool.h>

#include "ctx.h"

struct status {
	bool sctp_loaded, sctp_patched, has_version;
	char version[64];
	bool ootb_loaded;
	int hooked;		/* 1, 0, or -1 when it could not be asked */
	bool no_family;		/* in sysfs, but no netlink family */
	char why[ERRLEN];	/* why it could not be asked */
};

void status_probe(struct ctx *c, struct status *st);
bool ootb_loaded(void);

#endif /* SCTPCTL_STATUS_H */
