/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The records the kernel sends: ranges (a dump, get-port's answer) and the
 * namespace's totals.
 */
#ifndef SCTPCTL_RECORD_H
#define SCTPCTL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct range_rec {
	uint16_t start, end;
	uint8_t policy;
	bool reserve;
	uint64_t matched;
	/* A claim (version 3), and who owns it when the kernel says so. */
	bool owned;
	bool has_owner;		/* owner_portid and owner_comm are there */
	uint32_t owner_portid;
	uint32_t owner_pid;	/* 0: gone, or not in our pid namespace */
	char owner_comm[17];
};

struct range_list {
	struct range_rec *v;
	size_t n, cap;
	bool bad;		/* a reply lacked START, END or POLICY */
	bool nomem;
};

struct stats_rec {
	uint32_t ranges, max_ranges;
	uint32_t claims, max_claims;	/* version 3 */
	uint64_t discarded, counted, aborted, unmatched;
	bool hooked;
	unsigned int have;	/* HAVE_*: the fields the kernel sent */
};

enum {
	HAVE_RANGES = 1 << 0,
	HAVE_MAX_RANGES = 1 << 1,
	HAVE_DISCARDED = 1 << 2,
	HAVE_COUNTED = 1 << 3,
	HAVE_ABORTED = 1 << 4,
	HAVE_UNMATCHED = 1 << 5,
	HAVE_HOOKED = 1 << 6,
	HAVE_CLAIMS = 1 << 7,
	HAVE_MAX_CLAIMS = 1 << 8,
};

#endif /* SCTPCTL_RECORD_H */
