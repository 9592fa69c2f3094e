/* SPDX-License-Identifier: GPL-2.0 */
/*
 * doctor's findings: one per check, ok, FAIL or skip, each FAIL with its
 * fix, printed in text or JSON.
 */
#ifndef SCTPCTL_FINDINGS_H
#define SCTPCTL_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

enum { D_OK, D_FAIL, D_SKIP };

struct finding {
	const char *check;
	char *netns;		/* NULL: the host, or an unnamed namespace */
	bool in_netns;		/* a check of a namespace */
	int status;
	char msg[600];
	char fix[400];
};

struct findings {
	struct finding *v;
	size_t n, cap;
	int fails;
	/* Checks of a namespace now (the host's come first): of ns. */
	bool in_ns;
	const char *ns;
};

/* A finding of the check being made; fix may be NULL. */
void finding(struct findings *fs, const char *check, int status,
	     const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void findings_print(const struct findings *fs, bool headers);
void findings_free(struct findings *fs);

/* Append to a message buffer; nothing more once it is full. */
void msg_cat(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* SCTPCTL_FINDINGS_H */
