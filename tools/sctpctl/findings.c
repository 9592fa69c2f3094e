// SPDX-License-Identifier: GPL-2.0
/*
 * doctor's findings, kept in order and printed at the end: text, one
 * "STATUS check: message" line and a "fix:" line per problem, under a
 * "netns: NAME" header per namespace with -a; or one JSON object.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "print.h"

static const char *const status_word[] = {
	[D_OK] = "ok", [D_FAIL] = "FAIL", [D_SKIP] = "skip",
};

void finding(struct findings *fs, const char *check, int status,
	     const char *fix, const char *fmt, ...)
{
	bool in_ns = fs->in_ns;
	struct finding *f;
	va_list ap;

	if (status == D_FAIL)
		fs->fails++;
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? 2 * fs->cap : 16;
		void *p = realloc(fs->v, cap * sizeof(*fs->v));

		if (!p) {
			/* Not shown, but a problem all the same. */
			if (status != D_FAIL)
				fs->fails++;
			return;
		}
		fs->v = p;
		fs->cap = cap;
	}
	f = &fs->v[fs->n];
	memset(f, 0, sizeof(*f));
	/* The name outlives the walk over the namespaces. */
	if (in_ns && fs->ns) {
		f->netns = strdup(fs->ns);
		if (!f->netns) {
			if (status != D_FAIL)
				fs->fails++;
			return;
		}
	}
	fs->n++;
	f->check = check;
	f->status = status;
	f->in_netns = in_ns;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	if (fix)
		snprintf(f->fix, sizeof(f->fix), "%s", fix);
}

void msg_cat(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

void findings_print(const struct findings *fs, bool headers)
{
	const char *section = "";
	size_t i;

	out_open_obj(NULL);
	out_bool(PRINT_JSON, "ok", NULL, NULL, fs->fails == 0);
	out_uint(PRINT_JSON, "problems", NULL, (uint64_t)fs->fails);
	out_open_arr("checks");
	for (i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];
		const char *label = !f->in_netns ? "" :
				    f->netns ? f->netns : "(current)";

		if (headers && f->in_netns && strcmp(section, label)) {
			out_text("\nnetns: ");
			out_text(label);
			out_text("\n");
			section = label;
		}
		out_open_obj(NULL);
		out_str(PRINT_JSON, "check", NULL, f->check);
		if (f->netns)
			out_str(PRINT_JSON, "netns", NULL, f->netns);
		else
			out_null("netns");
		out_str(PRINT_ANY, "status", "%-4s ", status_word[f->status]);
		out_str(PRINT_TEXT, NULL, "%s: ", f->check);
		out_str(PRINT_ANY, "message", "%s\n", f->msg);
		if (f->fix[0])
			out_str(PRINT_ANY, "fix", "     fix: %s\n", f->fix);
		else
			out_null("fix");
		out_close_obj();
	}
	out_close_arr();
	if (headers)
		out_text("\n");
	if (!out_json() && fs->fails)
		printf("doctor: %d problem%s found\n", fs->fails,
		       fs->fails > 1 ? "s" : "");
	else if (!out_json())
		printf("doctor: no problem found\n");
	out_close_obj();
}

void findings_free(struct findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		free(fs->v[i].netns);
	free(fs->v);
	fs->v = NULL;
	fs->n = fs->cap = 0;
}
