/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The records of the family, read from the kernel: the table (a dump) and
 * the namespace's totals.
 */
#ifndef SCTPCTL_QUERY_H
#define SCTPCTL_QUERY_H

#include <stdbool.h>

#include "ctx.h"
#include "record.h"

struct nl_msg;

int range_list_add(struct range_list *l, const struct range_rec *rec);
int parse_range_msg(struct nl_msg *msg, struct range_rec *rec);
int query_ranges(struct ctx *c, struct range_list *l, bool reset);
int query_stats(struct ctx *c, struct stats_rec *s);

#endif /* SCTPCTL_QUERY_H */
