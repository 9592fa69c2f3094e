/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing of ports, ranges, policies and lines: pure functions, no output;
 * errors go to err as one line.
 */
#ifndef SCTPCTL_PARSE_H
#define SCTPCTL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;

int parse_port(const char *s, uint16_t *port, char *err, size_t len);
int parse_range(const char *s, uint16_t *start, uint16_t *end,
		char *err, size_t len);
int parse_policy(const char *s, uint8_t *policy, char *err, size_t len);
const char *policy_name(unsigned int policy);
int parse_range_args(struct req *r, const char *cmd, int argc, char **argv,
		     bool allow_policy, char *err, size_t len);
int parse_no_args(const char *cmd, int argc, char **argv,
		  char *err, size_t len);
int split_line(char *line, char **argv, int max, int *argc,
	       char *err, size_t len);
const char *quote(char *buf, size_t len, const char *s);

#endif /* SCTPCTL_PARSE_H */
