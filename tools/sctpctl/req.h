/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A command line (or batch line) once parsed: what its command runs with.
 * Each command's parser fills the fields it takes.
 */
#ifndef SCTPCTL_REQ_H
#define SCTPCTL_REQ_H

#include <stdbool.h>
#include <stdint.h>

struct cmd;

struct req {
	const struct cmd *cmd;
	uint16_t start, end;	/* a range; get: the port in start */
	uint8_t policy;
	bool has_range;		/* reset-counters: a range was given */
	bool has_policy;
	bool reserve;		/* add-range/replace-range: reserve */
	bool reset;		/* list --reset */
	bool check;		/* restore --check */
	bool reads_stdin;	/* restore: FILE is "-" */
	const char *file;	/* restore: FILE, "-" for stdin; doctor: --config */
	const char *topic;	/* help: a command name or NULL */
	bool force;		/* del-range: a claim too */
	/* run */
	const char *run_ranges;	/* RANGE[,RANGE...] or NULL */
	const char *run_netns;	/* its -n NAME, or NULL */
	char **run_argv;	/* COMMAND [ARGS...], NULL-terminated */
	bool run_auto;		/* --auto */
	bool run_no_reserve;	/* --no-reserve */
};

#endif /* SCTPCTL_REQ_H */
