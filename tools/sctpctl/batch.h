/* SPDX-License-Identifier: GPL-2.0 */
/*
 * -b FILE|-: the commands of a file, one per line.
 */
#ifndef SCTPCTL_BATCH_H
#define SCTPCTL_BATCH_H

#include "ctx.h"

/* The lines may name the commands of c->cmds; returns an exit code. */
int run_batch(struct ctx *c, const char *file);

#endif /* SCTPCTL_BATCH_H */
