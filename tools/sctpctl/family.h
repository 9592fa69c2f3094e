/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sctp_ootb generic netlink family: open, ask, read the answer.
 */
#ifndef SCTPCTL_FAMILY_H
#define SCTPCTL_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"

struct nl_msg;

int fam_netns(struct ctx *c);
int fam_open(struct ctx *c);
int fam_open_quiet(struct ctx *c, char *why, size_t len, bool *missing);
void fam_close(struct ctx *c);
int fam_need(struct ctx *c, const char *what, int cmd);
int fam_need_claims(struct ctx *c, const char *what);
struct nl_msg *fam_request(struct ctx *c, uint8_t cmd, int flags,
			   size_t size);
struct nl_msg *fam_start(struct ctx *c, uint8_t cmd, int flags, size_t size);
int fam_build_failed(struct nl_msg *msg);
typedef int (*fam_valid_fn)(struct nl_msg *msg, void *arg);
int fam_talk(struct ctx *c, struct nl_msg *msg, fam_valid_fn valid,
	     void *arg);
int fam_do(struct ctx *c, uint8_t cmd, struct nl_msg *msg,
	   fam_valid_fn valid, void *arg);

#endif /* SCTPCTL_FAMILY_H */
