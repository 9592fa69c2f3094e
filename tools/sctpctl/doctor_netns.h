/* SPDX-License-Identifier: GPL-2.0 */
/*
 * doctor: the checks of the namespace sctpctl is in (fs->ns names it).
 */
#ifndef SCTPCTL_DOCTOR_NETNS_H
#define SCTPCTL_DOCTOR_NETNS_H

#include "ctx.h"

struct findings;
struct host_view;

/* @config: --config FILE, or NULL for the namespace's own config file. */
void doctor_netns(struct ctx *c, struct findings *fs,
		  const struct host_view *h, const char *config);

#endif /* SCTPCTL_DOCTOR_NETNS_H */
