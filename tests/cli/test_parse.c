// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of sctpctl's parsing (parse.c), output helper (print.c) and
 * errno sentences (report.c):
 * one line per check, "ok NAME" or "not ok NAME: expected X, got Y", and a
 * final "N passed, N failed" (tests/lib/check.h).  Exit 1 if anything failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sctpctl.h"
#include "../lib/check.h"

/* A range argument: "START-END" when it parses, else the message. */
static void range(const char *name, const char *arg, const char *expected)
{
	char err[ERRLEN], got[ERRLEN];
	uint16_t s = 0, e = 0;

	if (parse_range(arg, &s, &e, err, sizeof(err)) == 0)
		snprintf(got, sizeof(got), "%u-%u", s, e);
	else
		snprintf(got, sizeof(got), "%s", err);
	check_str(name, expected, got);
}

/* A command's arguments, given as one blank-separated string. */
static void args(const char *name, const char *cmd, bool allow_policy,
		 const char *line, const char *expected)
{
	char buf[256], err[ERRLEN], got[ERRLEN + 16];
	char *argv[MAX_LINE_ARGS];
	struct req r = { .policy = SCTP_OOTB_POLICY_DISCARD };
	int argc;

	snprintf(buf, sizeof(buf), "%s", line);
	if (split_line(buf, argv, MAX_LINE_ARGS, &argc, err, sizeof(err)))
		snprintf(got, sizeof(got), "split: %s", err);
	else if (parse_range_args(&r, cmd, argc, argv, allow_policy, err,
				  sizeof(err)))
		snprintf(got, sizeof(got), "%s", err);
	else
		snprintf(got, sizeof(got), "%u-%u %s%s%s", r.start, r.end,
			 policy_name(r.policy), r.has_policy ? "" : " (default)",
			 r.reserve ? " reserve" : "");
	check_str(name, expected, got);
}

static void split(const char *name, const char *line, const char *expected)
{
	char buf[512], err[ERRLEN], got[512] = "";
	char *argv[MAX_LINE_ARGS];
	int argc, i;

	snprintf(buf, sizeof(buf), "%s", line);
	if (split_line(buf, argv, MAX_LINE_ARGS, &argc, err, sizeof(err))) {
		snprintf(got, sizeof(got), "%s", err);
	} else {
		snprintf(got, sizeof(got), "%d", argc);
		for (i = 0; i < argc; i++) {
			strncat(got, "|", sizeof(got) - strlen(got) - 1);
			strncat(got, argv[i], sizeof(got) - strlen(got) - 1);
		}
	}
	check_str(name, expected, got);
}

/* Run fn with stdout captured, compare what it printed. */
static void output(const char *name, bool json, bool pretty,
		   void (*fn)(void), const char *expected)
{
	char got[1024];
	size_t n;
	FILE *f = tmpfile();
	int saved;

	fflush(stdout);
	saved = dup(1);
	if (!f || saved < 0 || dup2(fileno(f), 1) < 0) {
		check_str(name, expected, "cannot capture stdout");
		return;
	}
	out_init(json, pretty);
	fn();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(f);
	n = fread(got, 1, sizeof(got) - 1, f);
	got[n] = '\0';
	fclose(f);
	check_str(name, expected, got);
}

static void emit_range(void)
{
	struct range_rec r = { .start = 5000, .end = 5100,
			       .policy = SCTP_OOTB_POLICY_DISCARD,
			       .reserve = true, .matched = 42 };

	out_open_arr(NULL);
	print_range(&r);
	r.start = r.end = 5050;
	r.policy = SCTP_OOTB_POLICY_ABORT;
	r.reserve = false;
	r.matched = 0;
	print_range(&r);
	out_close_arr();
}

/* Claims: with their owner (as root reads them), without (as others do). */
static void emit_claims(void)
{
	struct range_rec r = { .start = 5300, .end = 5300,
			       .policy = SCTP_OOTB_POLICY_DISCARD,
			       .reserve = true, .owned = true,
			       .has_owner = true, .owner_portid = 4001,
			       .owner_pid = 77, .owner_comm = "usctp" };

	out_open_arr(NULL);
	print_range(&r);
	r.start = r.end = 5301;
	r.owner_pid = 0;	/* the claimer is gone */
	print_range(&r);
	r.start = r.end = 5302;
	r.has_owner = false;	/* not told to this reader */
	print_range(&r);
	out_close_arr();
}

static void emit_empty(void)
{
	out_open_arr(NULL);
	out_close_arr();
}

static void emit_escape(void)
{
	out_open_obj(NULL);
	out_str(PRINT_ANY, "s", "%s\n", "a\"b\\c\n\x01");
	out_null("n");
	out_bool(PRINT_ANY, "t", "yes\n", "no\n", true);
	out_close_obj();
}

int main(void)
{
	char q[64];

	/* Boundaries first. */
	range("port-0", "0", "bad port \"0\": must be 1-65535");
	range("port-1", "1", "1-1");
	range("port-1023", "1023", "1023-1023");
	range("port-1024", "1024", "1024-1024");
	range("port-65535", "65535", "65535-65535");
	range("port-65536", "65536", "bad port \"65536\": must be 1-65535");
	range("port-99999", "99999", "bad port \"99999\": must be 1-65535");
	range("port-huge", "184467440737095516160", "bad port \"184467440737095516160\": must be 1-65535");
	range("range-full", "1-65535", "1-65535");
	range("range-equal", "5-5", "5-5");
	range("range-reversed", "5-3", "bad range \"5-3\": start 5 is after end 3");
	range("range-start-0", "0-5", "bad range \"0-5\": start port \"0\": must be 1-65535");
	range("range-end-65536", "1-65536", "bad range \"1-65536\": end port \"65536\": must be 1-65535");
	range("abc", "abc", "bad port \"abc\": not a decimal number");
	range("open-end", "5000-", "bad range \"5000-\": missing end port");
	range("open-start", "-5", "bad range \"-5\": missing start port");
	range("lone-dash", "-", "bad range \"-\": missing start port");
	range("three-parts", "5000-5100-6000", "bad range \"5000-5100-6000\": expected LO-HI or PORT");
	range("double-dash", "5000--6000", "bad range \"5000--6000\": expected LO-HI or PORT");
	range("plus", "+5", "bad port \"+5\": not a decimal number");
	range("plus-end", "5-+6", "bad range \"5-+6\": end port \"+6\": not a decimal number");
	range("space-lead", " 5", "bad port \" 5\": not a decimal number");
	range("space-trail", "5 ", "bad port \"5 \": not a decimal number");
	range("space-mid", "5000 -5100", "bad range \"5000 -5100\": start port \"5000 \": not a decimal number");
	range("empty", "", "bad port \"\": empty");
	range("hex", "0x10", "bad port \"0x10\": not a decimal number");
	range("octal-looking", "010", "bad port \"010\": leading zeros are not allowed");
	range("negative", "-0", "bad range \"-0\": missing start port");
	range("control-char", "5\n", "bad port \"5\\x0a\": not a decimal number");

	/* Whole argument lists. */
	args("args-default-policy", "add-range", true, "5000-5100", "5000-5100 discard (default)");
	args("args-policy-discard", "add-range", true, "5000 policy discard", "5000-5000 discard");
	args("args-policy-abort", "add-range", true, "5000 policy abort", "5000-5000 abort");
	args("args-policy-count", "add-range", true, "1-65535 policy count", "1-65535 count");
	args("args-policy-unknown", "add-range", true, "5000 policy drop", "bad policy \"drop\": expected discard, abort or count");
	args("args-policy-case", "add-range", true, "5000 policy DISCARD", "bad policy \"DISCARD\": expected discard, abort or count");
	args("args-policy-prefix", "add-range", true, "5000 policy disc", "bad policy \"disc\": expected discard, abort or count");
	args("args-policy-missing", "add-range", true, "5000 policy", "add-range: policy needs a value: discard, abort or count");
	args("args-policy-twice", "add-range", true, "5000 policy abort policy count", "add-range: policy given twice");
	args("args-missing", "add-range", true, "", "add-range: missing LO-HI or PORT");
	args("args-extra", "add-range", true, "5000 policy abort x", "add-range: unexpected argument \"x\"");
	args("args-extra-range", "add-range", true, "5000 6000", "add-range: unexpected argument \"6000\"");
	args("args-del-policy", "del-range", false, "5000 policy abort", "del-range: unexpected argument \"policy\"");
	args("args-del", "del-range", false, "5000-5100", "5000-5100 discard (default)");
	args("args-reserve", "add-range", true, "5000-5100 reserve", "5000-5100 discard (default) reserve");
	args("args-reserve-option", "add-range", true, "5000-5100 --reserve policy count", "5000-5100 count reserve");
	args("args-reserve-twice", "add-range", true, "5000 reserve --reserve", "add-range: reserve given twice");
	args("args-del-reserve", "del-range", false, "5000 reserve", "del-range: unexpected argument \"reserve\"");

	/* Batch lines. */
	split("split-empty", "", "0");
	split("split-blank", " \t \r\n", "0");
	split("split-comment", "# add-range 5000", "0");
	split("split-trailing-comment", "add-range 5000 # note", "2|add-range|5000");
	split("split-tabs", "\tadd-range\t5000-5100  policy abort\r\n", "4|add-range|5000-5100|policy|abort");
	split("split-hash-inside", "add-range 5000#x", "2|add-range|5000#x");

	check_str("quote-plain", "\"abc\"", quote(q, sizeof(q), "abc"));
	check_str("quote-escapes", "\"a\\\"b\\\\\\x1b\"",
		  quote(q, sizeof(q), "a\"b\\\x1b"));
	check_str("quote-long",
		  "\"" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "...\"",
		  quote(q, sizeof(q),
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));

	/* The output helper: the same calls make text and JSON. */
	output("print-list-text", false, false, emit_range,
	       "5000-5100 discard matched 42 reserved\n5050-5050 abort matched 0\n");
	output("print-list-json", true, false, emit_range,
	       "[{\"start\":5000,\"end\":5100,\"policy\":\"discard\",\"matched\":42,\"reserve\":true,\"owned\":false,\"owner\":null},"
	       "{\"start\":5050,\"end\":5050,\"policy\":\"abort\",\"matched\":0,\"reserve\":false,\"owned\":false,\"owner\":null}]\n");
	output("print-list-pretty", true, true, emit_range,
	       "[\n  {\n    \"start\": 5000,\n    \"end\": 5100,\n"
	       "    \"policy\": \"discard\",\n    \"matched\": 42,\n    \"reserve\": true,\n"
	       "    \"owned\": false,\n    \"owner\": null\n  },\n"
	       "  {\n    \"start\": 5050,\n    \"end\": 5050,\n"
	       "    \"policy\": \"abort\",\n    \"matched\": 0,\n    \"reserve\": false,\n"
	       "    \"owned\": false,\n    \"owner\": null\n  }\n]\n");
	output("print-claims-text", false, false, emit_claims,
	       "5300-5300 discard matched 0 reserved owned pid 77 comm usctp portid 4001\n"
	       "5301-5301 discard matched 0 reserved owned comm usctp portid 4001\n"
	       "5302-5302 discard matched 0 reserved owned\n");
	output("print-claims-json", true, false, emit_claims,
	       "[{\"start\":5300,\"end\":5300,\"policy\":\"discard\",\"matched\":0,\"reserve\":true,"
	       "\"owned\":true,\"owner\":{\"pid\":77,\"comm\":\"usctp\",\"portid\":4001}},"
	       "{\"start\":5301,\"end\":5301,\"policy\":\"discard\",\"matched\":0,\"reserve\":true,"
	       "\"owned\":true,\"owner\":{\"pid\":null,\"comm\":\"usctp\",\"portid\":4001}},"
	       "{\"start\":5302,\"end\":5302,\"policy\":\"discard\",\"matched\":0,\"reserve\":true,"
	       "\"owned\":true,\"owner\":null}]\n");
	output("print-empty-text", false, false, emit_empty, "");
	output("print-empty-json", true, false, emit_empty, "[]\n");
	output("print-empty-pretty", true, true, emit_empty, "[]\n");
	output("print-escape-json", true, false, emit_escape,
	       "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":null,\"t\":true}\n");
	output("print-escape-text", false, false, emit_escape,
	       "a\"b\\c\n\x01\nyes\n");

	/* What the user reads when the kernel sends no extack text. */
	check_str("errno-add-exists", "range already exists (use replace-range)",
		  errno_sentence(SCTP_OOTB_CMD_ADD_RANGE, EEXIST));
	check_str("errno-del-noent", "no such range",
		  errno_sentence(SCTP_OOTB_CMD_DEL_RANGE, ENOENT));
	check_str("errno-replace-exists", "the new table lists a range twice",
		  errno_sentence(SCTP_OOTB_CMD_REPLACE_TABLE, EEXIST));
	check_str("errno-perm-any",
		  "permission denied: changing the table needs CAP_NET_ADMIN",
		  errno_sentence(SCTP_OOTB_CMD_FLUSH, EPERM));
	check_str("errno-full", "table full",
		  errno_sentence(SCTP_OOTB_CMD_ADD_RANGE, ENOSPC));
	check_str("errno-unknown", strerror(EIO),
		  errno_sentence(SCTP_OOTB_CMD_GET_RANGE, EIO));

	return check_summary();
}
