/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one way to write a check in C, for the host's unit tests: the
 * output contract of tests/lib/check.sh.  One line per check, "ok NAME" or
 * "not ok NAME: expected X, got Y", then "N passed, N failed"; main()
 * returns check_summary(), non-zero when a check failed or none ran.
 *
 *   check(name, ok, "expected %s, got %s", ...)   any condition; the text
 *                                                 says why when it fails
 *   check_int(name, expected, got)
 *   check_str(name, expected, got)
 *   return check_summary();
 *
 * For one test program: the counts live in this file's statics.
 */
#ifndef _OOTB_TESTS_CHECK_H
#define _OOTB_TESTS_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

static __attribute__((format(printf, 3, 4), unused))
void check(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		check_passed++;
		printf("ok %s\n", name);
		return;
	}
	check_failed++;
	printf("not ok %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static __attribute__((unused))
void check_int(const char *name, long long expected, long long got)
{
	check(name, expected == got, "expected %lld, got %lld", expected, got);
}

static __attribute__((unused))
void check_str(const char *name, const char *expected, const char *got)
{
	check(name, !strcmp(expected, got), "expected '%s', got '%s'",
	      expected, got);
}

static __attribute__((unused)) int check_summary(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	fflush(stdout);
	return check_failed || !check_passed;
}

#endif /* _OOTB_TESTS_CHECK_H */
