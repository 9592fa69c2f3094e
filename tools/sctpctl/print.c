// SPDX-License-Identifier: GPL-2.0
/*
 * Output: one helper for text and JSON, and the records built on it.
 *
 * A command prints each field once, naming its JSON key and its text
 * format in the same call, so the two forms cannot drift apart.  Text is
 * for people; JSON (-j) is the stable interface.  Objects and arrays only
 * shape the JSON; in text they print nothing.
 */
#include <inttypes.h>
#include <stdio.h>

#include "parse.h"
#include "print.h"

#define MAX_DEPTH 8

static struct {
	bool json, pretty;
	int depth;
	bool used[MAX_DEPTH + 1];	/* the current container has a member */
} o;

void out_init(bool json, bool pretty)
{
	o.json = json;
	o.pretty = pretty;
	o.depth = 0;
}

bool out_json(void)
{
	return o.json;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		const char *esc = ch == '"' ? "\\\"" : ch == '\\' ? "\\\\" :
				  ch == '\n' ? "\\n" : ch == '\t' ? "\\t" : NULL;

		if (esc)
			fputs(esc, stdout);
		else if (ch < 0x20 || ch == 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void indent(void)
{
	int i;

	putchar('\n');
	for (i = 0; i < o.depth; i++)
		fputs("  ", stdout);
}

/* Separator, indentation and "key": before a JSON value. */
static void json_member(const char *key)
{
	if (o.depth > 0) {
		if (o.used[o.depth])
			putchar(',');
		o.used[o.depth] = true;
		if (o.pretty)
			indent();
	}
	if (key) {
		json_string(key);
		putchar(':');
		if (o.pretty)
			putchar(' ');
	}
}

/* Objects and arrays shape the JSON only: in text they print nothing. */
static void json_open(const char *key, char ch)
{
	if (!o.json)
		return;
	json_member(key);
	putchar(ch);
	if (o.depth < MAX_DEPTH)
		o.depth++;
	o.used[o.depth] = false;
}

static void json_close(char ch)
{
	bool used = o.used[o.depth];

	if (!o.json)
		return;
	if (o.depth > 0)
		o.depth--;
	if (o.pretty && used)
		indent();
	putchar(ch);
	if (o.depth == 0)
		putchar('\n');
}

void out_open_obj(const char *key)
{
	json_open(key, '{');
}

void out_close_obj(void)
{
	json_close('}');
}

void out_open_arr(const char *key)
{
	json_open(key, '[');
}

void out_close_arr(void)
{
	json_close(']');
}

void out_uint(enum print_mode m, const char *key, const char *fmt,
	      uint64_t v)
{
	if (o.json && (m & PRINT_JSON)) {
		json_member(key);
		printf("%" PRIu64, v);
	} else if (!o.json && (m & PRINT_TEXT) && fmt) {
		printf(fmt, v);
	}
}

void out_str(enum print_mode m, const char *key, const char *fmt,
	     const char *s)
{
	if (o.json && (m & PRINT_JSON)) {
		json_member(key);
		json_string(s);
	} else if (!o.json && (m & PRINT_TEXT) && fmt) {
		printf(fmt, s);
	}
}

/* In text, a boolean prints one of two phrases (either may be NULL). */
void out_bool(enum print_mode m, const char *key, const char *yes,
	      const char *no, bool v)
{
	if (o.json && (m & PRINT_JSON)) {
		json_member(key);
		fputs(v ? "true" : "false", stdout);
	} else if (!o.json && (m & PRINT_TEXT)) {
		const char *s = v ? yes : no;

		if (s)
			fputs(s, stdout);
	}
}

/* A field that has no value: null in JSON, nothing in text. */
void out_null(const char *key)
{
	if (o.json) {
		json_member(key);
		fputs("null", stdout);
	}
}

/* Text only: words between fields, line ends. */
void out_text(const char *s)
{
	if (!o.json)
		fputs(s, stdout);
}

/* 0, or -1 when stdout could not be written (full disk, closed pipe). */
int out_flush(void)
{
	if (fflush(stdout) || ferror(stdout))
		return -1;
	return 0;
}

/* The records sctpctl prints, each field once. */

/*
 * The fields of one range: "START-END POLICY matched N[ reserved]" in
 * text, "start", "end", "policy", "matched", "reserve" in JSON.
 */
void print_range_fields(const struct range_rec *r)
{
	const char *name = policy_name(r->policy);
	char num[16];

	if (!name) {
		snprintf(num, sizeof(num), "%u", r->policy);
		name = num;
	}
	out_uint(PRINT_ANY, "start", "%" PRIu64, r->start);
	out_uint(PRINT_ANY, "end", "-%" PRIu64, r->end);
	out_str(PRINT_ANY, "policy", " %s", name);
	out_uint(PRINT_ANY, "matched", " matched %" PRIu64, r->matched);
	out_bool(PRINT_ANY, "reserve", " reserved", NULL, r->reserve);
	/*
	 * A claim: "owned", and who owns it when the kernel says so (to
	 * CAP_NET_ADMIN); the pid is there while the claimer lives in our
	 * pid namespace.
	 */
	out_bool(PRINT_ANY, "owned", " owned", NULL, r->owned);
	if (!r->has_owner) {
		out_null("owner");
		return;
	}
	out_open_obj("owner");
	if (r->owner_pid)
		out_uint(PRINT_ANY, "pid", " pid %" PRIu64, r->owner_pid);
	else
		out_null("pid");
	out_str(PRINT_ANY, "comm", " comm %s", r->owner_comm);
	out_uint(PRINT_ANY, "portid", " portid %" PRIu64, r->owner_portid);
	out_close_obj();
}

/* One range as an object, one line of text. */
void print_range(const struct range_rec *r)
{
	out_open_obj(NULL);
	print_range_fields(r);
	out_close_obj();
	out_text("\n");
}

/* save writes a file format, not a report: -j does not apply. */
void print_save_line(const struct range_rec *r)
{
	printf("add-range %u-%u policy %s%s\n", r->start, r->end,
	       policy_name(r->policy), r->reserve ? " reserve" : "");
}

/* Text: one "key value" line per field, keys as in JSON. */
void print_stats(const struct stats_rec *s, const char *key)
{
	const struct {
		unsigned int bit;
		const char *key;
		uint64_t v;
	} f[] = {
		{ HAVE_RANGES, "ranges", s->ranges },
		{ HAVE_MAX_RANGES, "max_ranges", s->max_ranges },
		{ HAVE_DISCARDED, "discarded", s->discarded },
		{ HAVE_COUNTED, "counted", s->counted },
		{ HAVE_ABORTED, "aborted", s->aborted },
		{ HAVE_UNMATCHED, "unmatched", s->unmatched },
		{ HAVE_CLAIMS, "claims", s->claims },
		{ HAVE_MAX_CLAIMS, "max_claims", s->max_claims },
	};
	size_t i;

	out_open_obj(key);
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!(s->have & f[i].bit)) {
			out_null(f[i].key);
			continue;
		}
		out_text(f[i].key);
		out_uint(PRINT_ANY, f[i].key, " %" PRIu64 "\n", f[i].v);
	}
	if (s->have & HAVE_HOOKED)
		out_bool(PRINT_ANY, "hooked", "hooked yes\n", "hooked no\n",
			 s->hooked);
	else
		out_null("hooked");
	out_close_obj();
}
