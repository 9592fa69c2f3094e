// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of ports, ranges, policies and batch lines.
 *
 * Everything here is pure: no output, no kernel.  A failure leaves a
 * one-line message in the caller's buffer, so the same words reach the
 * terminal, a batch report ("FILE:LINE: ...") and the unit tests.
 */
#include <stdio.h>
#include <string.h>

#include <uapi/linux/sctp_ootb.h>

#include "parse.h"
#include "req.h"

static const char *const policy_names[] = {
	[SCTP_OOTB_POLICY_DISCARD] = "discard",
	[SCTP_OOTB_POLICY_ABORT] = "abort",
	[SCTP_OOTB_POLICY_COUNT] = "count",
};

const char *policy_name(unsigned int policy)
{
	if (policy > SCTP_OOTB_POLICY_MAX)
		return NULL;
	return policy_names[policy];
}

/*
 * Quote user input for a message: printable ASCII as is, anything else
 * as \xNN, cut with "..." when long.  Keeps every message on one line
 * whatever bytes the argument holds.
 */
const char *quote(char *buf, size_t len, const char *s)
{
	size_t o = 0, limit = len < 48 ? len : 48;

	if (len < 8) {
		if (len)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		char tmp[5];
		size_t n;

		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\') {
			tmp[0] = (char)ch;
			n = 1;
		} else if (ch == '"' || ch == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)ch;
			n = 2;
		} else {
			snprintf(tmp, sizeof(tmp), "\\x%02x", ch);
			n = 4;
		}
		if (o + n + 5 > limit) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(buf + o, tmp, n);
		o += n;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

/*
 * Why a port string is not a port, or NULL when it is one.  Decimal
 * digits only: no sign, no spaces, no leading zero (which some tools
 * would read as octal), 1..65535.
 */
static const char *port_why(const char *s, size_t n, uint16_t *port)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0)
		return "empty";
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return "not a decimal number";
	if (n > 1 && s[0] == '0')
		return "leading zeros are not allowed";
	if (n > 5)
		return "must be 1-65535";
	for (i = 0; i < n; i++)
		v = v * 10 + (unsigned long)(s[i] - '0');
	if (v < SCTP_OOTB_PORT_MIN || v > SCTP_OOTB_PORT_MAX)
		return "must be 1-65535";
	*port = (uint16_t)v;
	return NULL;
}

int parse_port(const char *s, uint16_t *port, char *err, size_t len)
{
	char q[64];
	const char *why = port_why(s, strlen(s), port);

	if (!why)
		return 0;
	snprintf(err, len, "bad port %s: %s", quote(q, sizeof(q), s), why);
	return -1;
}

/* LO-HI or PORT (meaning PORT-PORT). */
int parse_range(const char *s, uint16_t *start, uint16_t *end,
		char *err, size_t len)
{
	const char *dash = strchr(s, '-'), *why;
	char q[64], p[64];
	size_t n;

	if (!dash) {
		if (parse_port(s, start, err, len))
			return -1;
		*end = *start;
		return 0;
	}

	quote(q, sizeof(q), s);
	if (strchr(dash + 1, '-')) {
		snprintf(err, len, "bad range %s: expected LO-HI or PORT", q);
		return -1;
	}
	n = (size_t)(dash - s);
	if (n == 0) {
		snprintf(err, len, "bad range %s: missing start port", q);
		return -1;
	}
	if (dash[1] == '\0') {
		snprintf(err, len, "bad range %s: missing end port", q);
		return -1;
	}
	why = port_why(s, n, start);
	if (why) {
		char part[64];

		snprintf(part, sizeof(part), "%.*s", (int)(n < 40 ? n : 40), s);
		snprintf(err, len, "bad range %s: start port %s: %s", q,
			 quote(p, sizeof(p), part), why);
		return -1;
	}
	why = port_why(dash + 1, strlen(dash + 1), end);
	if (why) {
		snprintf(err, len, "bad range %s: end port %s: %s", q,
			 quote(p, sizeof(p), dash + 1), why);
		return -1;
	}
	if (*start > *end) {
		snprintf(err, len, "bad range %s: start %u is after end %u",
			 q, *start, *end);
		return -1;
	}
	return 0;
}

int parse_policy(const char *s, uint8_t *policy, char *err, size_t len)
{
	char q[64];
	unsigned int i;

	for (i = 0; i <= SCTP_OOTB_POLICY_MAX; i++) {
		if (!strcmp(s, policy_names[i])) {
			*policy = (uint8_t)i;
			return 0;
		}
	}
	snprintf(err, len, "bad policy %s: expected discard, abort or count",
		 quote(q, sizeof(q), s));
	return -1;
}

/* LO-HI|PORT [policy discard|abort|count] [reserve|--reserve] */
int parse_range_args(struct req *r, const char *cmd, int argc, char **argv,
		     bool allow_policy, char *err, size_t len)
{
	char q[64];
	int i;

	if (argc < 1) {
		snprintf(err, len, "%s: missing LO-HI or PORT", cmd);
		return -1;
	}
	if (parse_range(argv[0], &r->start, &r->end, err, len))
		return -1;

	for (i = 1; i < argc; i++) {
		if (allow_policy && !strcmp(argv[i], "policy")) {
			if (r->has_policy) {
				snprintf(err, len, "%s: policy given twice",
					 cmd);
				return -1;
			}
			if (++i >= argc) {
				snprintf(err, len,
					 "%s: policy needs a value: discard, abort or count",
					 cmd);
				return -1;
			}
			if (parse_policy(argv[i], &r->policy, err, len))
				return -1;
			r->has_policy = true;
			continue;
		}
		if (allow_policy && (!strcmp(argv[i], "reserve") ||
				     !strcmp(argv[i], "--reserve"))) {
			if (r->reserve) {
				snprintf(err, len, "%s: reserve given twice",
					 cmd);
				return -1;
			}
			r->reserve = true;
			continue;
		}
		snprintf(err, len, "%s: unexpected argument %s", cmd,
			 quote(q, sizeof(q), argv[i]));
		return -1;
	}
	return 0;
}

int parse_no_args(const char *cmd, int argc, char **argv,
		  char *err, size_t len)
{
	char q[64];

	if (argc > 0) {
		snprintf(err, len, "%s: unexpected argument %s", cmd,
			 quote(q, sizeof(q), argv[0]));
		return -1;
	}
	return 0;
}

/*
 * Split a batch line in place into words separated by blanks.  A word
 * that starts with '#' starts a comment.  No quoting: no argument of the
 * grammar needs a blank.
 */
int split_line(char *line, char **argv, int max, int *argc,
	       char *err, size_t len)
{
	static const char blanks[] = " \t\r\n\v\f";
	char *p = line;
	int n = 0;

	for (;;) {
		p += strspn(p, blanks);
		if (*p == '\0' || *p == '#')
			break;
		if (n == max) {
			snprintf(err, len, "too many words (at most %d)", max);
			return -1;
		}
		argv[n++] = p;
		p += strcspn(p, blanks);
		if (*p)
			*p++ = '\0';
	}
	*argc = n;
	return 0;
}
