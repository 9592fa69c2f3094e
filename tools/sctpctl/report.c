// SPDX-License-Identifier: GPL-2.0
/*
 * Messages on stderr: always one line each.
 *
 *   sctpctl: <message>          a usage error or a local failure
 *   Error: <message>.           the kernel refused (iproute2 style)
 *   FILE:LINE: ...              either of the above, from a batch or
 *                               restore file
 *
 * When the kernel sends an extack message it is printed as is; when it
 * sends only an errno, the (command, errno) pair becomes a sentence.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static char where[512];
static char netns[300];

/* Prefix later messages with FILE:LINE; file NULL goes back to the default. */
void report_where(const char *file, unsigned long line)
{
	if (file)
		snprintf(where, sizeof(where), "%s:%lu", file, line);
	else
		where[0] = '\0';
}

/* -a: messages about namespace NAME say "netns NAME"; NULL stops. */
void report_netns(const char *name)
{
	if (name)
		snprintf(netns, sizeof(netns), "netns %s", name);
	else
		netns[0] = '\0';
}

/* What a message starts with before the ": ", NULL for a kernel message. */
static const char *prefix(void)
{
	if (where[0])
		return where;
	if (netns[0])
		return netns;
	return NULL;
}

void report_error(const char *fmt, ...)
{
	const char *p = prefix();
	va_list ap;

	fprintf(stderr, "%s: ", p ? p : PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A message about a line of another file (restore inside a batch). */
void report_error_at(const char *file, unsigned long line,
		     const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%lu: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const struct {
	int cmd;		/* 0: any command */
	int err;
	const char *msg;
} sentences[] = {
	{ SCTP_OOTB_CMD_ADD_RANGE, EEXIST,
	  "range already exists (use replace-range)" },
	{ SCTP_OOTB_CMD_ADD_RANGE, EBUSY,
	  "range partially overlaps an existing range" },
	{ SCTP_OOTB_CMD_ADD_RANGE, EINVAL, "invalid range or policy" },
	{ SCTP_OOTB_CMD_DEL_RANGE, ENOENT, "no such range" },
	{ SCTP_OOTB_CMD_DEL_RANGE, EINVAL, "invalid range" },
	{ SCTP_OOTB_CMD_RESET_COUNTERS, ENOENT, "no such range" },
	{ SCTP_OOTB_CMD_REPLACE_TABLE, EEXIST,
	  "the new table lists a range twice" },
	{ SCTP_OOTB_CMD_REPLACE_TABLE, EBUSY,
	  "two ranges of the new table partially overlap" },
	{ SCTP_OOTB_CMD_REPLACE_TABLE, EINVAL,
	  "invalid range or policy in the new table" },
	{ SCTP_OOTB_CMD_REPLACE_TABLE, ENOSPC,
	  "the new table has more ranges than the table can hold" },
	{ 0, EPERM,
	  "permission denied: changing the table needs CAP_NET_ADMIN" },
	{ 0, ENOSPC, "table full" },
	{ 0, EOPNOTSUPP,
	  "operation not supported by the loaded sctp_ootb module" },
	{ 0, ENOMEM, "out of memory" },
	{ 0, EMSGSIZE, "request too large" },
	{ 0, EINVAL, "invalid request" },
};

const char *errno_sentence(int cmd, int err)
{
	size_t i;

	for (i = 0; i < sizeof(sentences) / sizeof(sentences[0]); i++)
		if (sentences[i].err == err &&
		    (sentences[i].cmd == cmd || sentences[i].cmd == 0))
			return sentences[i].msg;
	return strerror(err);
}

static const char *kernel_text(const struct ctx *c, int cmd, int err)
{
	return c->ext_msg[0] ? c->ext_msg : errno_sentence(cmd, err);
}

/* err: a positive errno from an NLMSG_ERROR. */
void report_kernel(const struct ctx *c, int cmd, int err)
{
	const char *p = prefix();

	if (p)
		fprintf(stderr, "%s: Error: %s.\n", p,
			kernel_text(c, cmd, err));
	else
		fprintf(stderr, "Error: %s.\n", kernel_text(c, cmd, err));
}

void report_kernel_at(const struct ctx *c, int cmd, int err,
		      const char *file, unsigned long line)
{
	fprintf(stderr, "%s:%lu: Error: %s.\n", file, line,
		kernel_text(c, cmd, err));
}

/* The kernel accepted the request but had something to say (not with -q). */
void report_warning(const struct ctx *c, const char *msg)
{
	const char *p = prefix();

	if (c->quiet)
		return;
	if (p)
		fprintf(stderr, "%s: Warning: %s.\n", p, msg);
	else
		fprintf(stderr, "Warning: %s.\n", msg);
}
