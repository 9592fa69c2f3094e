// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the port-range table (kmod/ootb/table.c), the same
 * source the module is built from.  One line per check, then
 * "N passed, N failed" (tests/lib/check.h); the exit status is non-zero
 * when a check failed.
 * Built and run by the Makefile next to this file.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "table.h"
#include "../lib/check.h"

static void check_err(const char *name, int expected, int got)
{
	const char *want = expected ? strerrorname_np(-expected) : "0";
	const char *was = got ? strerrorname_np(-got) : "0";

	check(name, expected == got, "expected %s, got %s", want ?: "other",
	      was ?: "other");
}

/*
 * The table of the running test, freed after it; why the last add(), del(),
 * build() or parse() was refused.
 */
static struct ootb_table *tab;
static struct ootb_reject why;

/* "lo-hi/policy" of the range deciding @port, "-" when none. */
static const char *decides(unsigned int port)
{
	static char buf[64];
	const struct ootb_entry *e = ootb_table_lookup(tab, port);

	if (!e)
		return "-";
	snprintf(buf, sizeof(buf), "%u-%u/%s", e->lo, e->hi,
		 ootb_policy_name(e->policy));
	return buf;
}

static void check_port(const char *name, unsigned int port,
		       const char *expected)
{
	const char *got = decides(port);

	check(name, !strcmp(expected, got), "expected %s for port %u, got %s",
	      expected, port, got);
}

/* The range the last refusal named. */
static void check_with(const char *name, unsigned int lo, unsigned int hi)
{
	check(name, why.with_lo == lo && why.with_hi == hi,
	      "expected %u-%u, got %u-%u", lo, hi, why.with_lo, why.with_hi);
}

/* What the module does on a successful update: commit, publish, free. */
static void apply(struct ootb_table *new)
{
	ootb_table_commit(tab, new);
	ootb_table_free(tab);
	tab = new;
}

enum { DISCARD = SCTP_OOTB_POLICY_DISCARD, ABORT = SCTP_OOTB_POLICY_ABORT,
       COUNT = SCTP_OOTB_POLICY_COUNT };
enum { REPLACE = 1, RESERVE = 2 };	/* add()'s @flags */

static int add(unsigned int lo, unsigned int hi, unsigned int policy,
	       unsigned int flags)
{
	struct ootb_range_spec r = {
		.lo = lo, .hi = hi, .policy = policy,
		.reserve = flags & RESERVE,
	};
	struct ootb_table *new;
	int err;

	err = ootb_table_add(tab, &r, flags & REPLACE, &new, &why);
	if (!err)
		apply(new);
	return err;
}

static int del(unsigned int lo, unsigned int hi)
{
	struct ootb_table *new;
	int err;

	err = ootb_table_del(tab, lo, hi, 0, false, &new, &why);
	if (!err)
		apply(new);
	return err;
}

static struct ootb_range_spec parsed[OOTB_MAX_RANGES];
static u32 nparsed;

/* ootb_parse_ranges() of @text into parsed[], at most @max ranges. */
static int parse(const char *text, u32 max)
{
	return ootb_parse_ranges(text, parsed, max, &nparsed, &why);
}

static int build(const char *text)
{
	struct ootb_table *new;
	int err;

	err = parse(text, OOTB_MAX_RANGES) ?:
	      ootb_table_build(tab, parsed, nparsed, &new, &why);
	if (!err)
		apply(new);
	return err;
}

/* The deciding range of every port, as text: proves nothing changed. */
static unsigned long snapshot(void)
{
	unsigned long h = 5381;
	unsigned int port;

	for (port = 0; port < OOTB_PORTS; port++) {
		const struct ootb_entry *e = ootb_table_lookup(tab, port);

		h = h * 33 + (e ? e->lo * 131071u + e->hi * 7u + e->policy : 0);
	}
	return h;
}

static void hit(unsigned int port, int times)
{
	while (times--)
		ootb_entry_hit(ootb_table_lookup(tab, port));
}

static long long matched(unsigned int port)
{
	const struct ootb_entry *e = ootb_table_lookup(tab, port);

	return e ? (long long)ootb_entry_matched(e) : -1;
}

static void test_boundaries(void)
{
	check_err("bound-add-1", 0, add(1, 1, 0, 0));
	check_err("bound-add-65535", 0, add(65535, 65535, 0, 0));
	check_port("bound-lookup-0", 0, "-");
	check_port("bound-lookup-1", 1, "1-1/discard");
	check_port("bound-lookup-2", 2, "-");
	check_port("bound-lookup-65534", 65534, "-");
	check_port("bound-lookup-65535", 65535, "65535-65535/discard");

	check_err("bound-lo-0-rejected", -EINVAL, add(0, 10, 0, 0));
	check_int("bound-lo-0-reason", OOTB_R_PORT, why.reason);
	check_err("bound-hi-0-rejected", -EINVAL, add(0, 0, 0, 0));
	check_err("bound-hi-65536-rejected", -EINVAL, add(100, 65536, 0, 0));
	check_int("bound-hi-65536-reason", OOTB_R_PORT, why.reason);
	check_err("bound-lo-65536-rejected", -EINVAL, add(65536, 65536, 0, 0));
	check_err("order-lo-gt-hi-rejected", -EINVAL, add(5, 3, 0, 0));
	check_int("order-lo-gt-hi-reason", OOTB_R_ORDER, why.reason);
	check_err("policy-3-rejected", -EINVAL,
		  add(5, 6, SCTP_OOTB_POLICY_MAX + 1, 0));
	check_int("policy-3-reason", OOTB_R_POLICY, why.reason);
	check_int("bound-rejects-change-nothing", 2, ootb_table_size(tab));
	check_err("del-0-rejected", -EINVAL, del(0, 1));
	check_err("del-65536-rejected", -EINVAL, del(1, 65536));

	check_err("bound-whole-space", 0, add(1, 65535, 0, 0));
	check_port("bound-whole-space-1", 1, "1-1/discard");
	check_port("bound-whole-space-2", 2, "1-65535/discard");
	check_port("bound-whole-space-65535", 65535, "65535-65535/discard");
	check_port("bound-whole-space-0", 0, "-");
}

static void test_nesting(void)
{
	check_err("nest-add-outer", 0, add(5000, 5100, DISCARD, 0));
	check_err("nest-add-inner", 0, add(5050, 5060, ABORT, 0));
	check_err("nest-add-same-lo", 0, add(5000, 5010, COUNT, 0));
	check_err("nest-add-same-hi", 0, add(5090, 5100, ABORT, 0));
	check_err("nest-add-deeper", 0, add(5055, 5055, DISCARD, 0));
	check_port("nest-4999", 4999, "-");
	check_port("nest-5000", 5000, "5000-5010/count");
	check_port("nest-5010", 5010, "5000-5010/count");
	check_port("nest-5011", 5011, "5000-5100/discard");
	check_port("nest-5049", 5049, "5000-5100/discard");
	check_port("nest-5050", 5050, "5050-5060/abort");
	check_port("nest-5054", 5054, "5050-5060/abort");
	check_port("nest-5055", 5055, "5055-5055/discard");
	check_port("nest-5056", 5056, "5050-5060/abort");
	check_port("nest-5060", 5060, "5050-5060/abort");
	check_port("nest-5061", 5061, "5000-5100/discard");
	check_port("nest-5089", 5089, "5000-5100/discard");
	check_port("nest-5090", 5090, "5090-5100/abort");
	check_port("nest-5100", 5100, "5090-5100/abort");
	check_port("nest-5101", 5101, "-");

	/* Dump order: by start, widest first. */
	check_int("nest-order-0-lo", 5000, ootb_table_entry(tab, 0)->lo);
	check_int("nest-order-0-hi", 5100, ootb_table_entry(tab, 0)->hi);
	check_int("nest-order-1-hi", 5010, ootb_table_entry(tab, 1)->hi);
	check_int("nest-order-2-lo", 5050, ootb_table_entry(tab, 2)->lo);
	check_int("nest-order-3-lo", 5055, ootb_table_entry(tab, 3)->lo);
	check_int("nest-order-4-lo", 5090, ootb_table_entry(tab, 4)->lo);
	ootb_table_free(tab);

	/* Inner first, outer afterwards: same result. */
	tab = NULL;
	check_err("nest-inner-first", 0, add(200, 300, ABORT, 0));
	check_err("nest-outer-after", 0, add(100, 400, DISCARD, 0));
	check_port("nest-after-199", 199, "100-400/discard");
	check_port("nest-after-200", 200, "200-300/abort");
	check_port("nest-after-301", 301, "100-400/discard");
}

static void test_identical(void)
{
	struct ootb_table *before;

	add(5000, 5100, DISCARD, 0);
	hit(5050, 7);
	before = tab;
	check_err("identical-eexist", -EEXIST, add(5000, 5100, COUNT, 0));
	check_int("identical-eexist-reason", OOTB_R_EXISTS, why.reason);
	check_with("identical-eexist-names", 5000, 5100);
	check_int("identical-eexist-table-kept", 1, tab == before);
	check_err("identical-replace", 0, add(5000, 5100, COUNT, REPLACE));
	check_port("identical-replace-policy", 5050, "5000-5100/count");
	check_int("identical-replace-keeps-counter", 7, matched(5050));
	check_int("identical-replace-size", 1, ootb_table_size(tab));
	check_err("replace-absent-adds", 0, add(7000, 7000, ABORT, REPLACE));
	check_port("replace-absent-lookup", 7000, "7000-7000/abort");
	check_int("replace-absent-counter-0", 0, matched(7000));
}

static void test_overlap(void)
{
	unsigned long snap;

	add(5000, 5100, 0, 0);
	add(1000, 2000, 0, 0);
	add(1500, 1600, ABORT, 0);
	snap = snapshot();

	check_err("overlap-right", -EBUSY, add(5050, 5200, 0, 0));
	check_int("overlap-right-reason", OOTB_R_OVERLAP, why.reason);
	check_with("overlap-right-names", 5000, 5100);
	check_err("overlap-left", -EBUSY, add(4900, 5050, 0, 0));
	check_with("overlap-left-names", 5000, 5100);
	check_err("overlap-touch-lo", -EBUSY, add(4900, 5000, 0, 0));
	check_with("overlap-touch-lo-names", 5000, 5100);
	check_err("overlap-touch-hi", -EBUSY, add(5100, 5200, 0, 0));
	check_with("overlap-touch-hi-names", 5000, 5100);
	check_err("overlap-inner-range", -EBUSY, add(1550, 1700, 0, 0));
	check_with("overlap-inner-range-names", 1500, 1600);
	check_err("overlap-two-ranges", -EBUSY, add(1900, 5050, 0, 0));
	check("overlap-two-ranges-names",
	      why.with_lo == 1000 || why.with_lo == 5000,
	      "expected 1000-1999 or 5000-5999, got %u-%u",
	      why.with_lo, why.with_hi);
	check_int("overlap-changes-nothing", 1, snapshot() == snap);
	check_err("adjacent-below", 0, add(4900, 4999, 0, 0));
	check_err("adjacent-above", 0, add(5101, 5200, 0, 0));
	check_err("around-several", 0, add(900, 5300, 0, 0));
	check_port("around-several-950", 950, "900-5300/discard");
	check_port("around-several-1550", 1550, "1500-1600/abort");
	check_port("around-several-3000", 3000, "900-5300/discard");
}

static void test_delete(void)
{
	add(5000, 5100, DISCARD, 0);
	add(5050, 5060, ABORT, 0);
	add(5055, 5055, COUNT, 0);

	check_err("del-nested", 0, del(5050, 5060));
	check_port("del-nested-outer-visible", 5050, "5000-5100/discard");
	check_port("del-nested-innermost-stays", 5055, "5055-5055/count");
	check_port("del-nested-5060", 5060, "5000-5100/discard");

	add(5050, 5060, ABORT, 0);
	check_err("del-outer-with-inner", 0, del(5000, 5100));
	check_port("del-outer-5000-free", 5000, "-");
	check_port("del-outer-5049-free", 5049, "-");
	check_port("del-outer-inner-stays", 5050, "5050-5060/abort");
	check_port("del-outer-innermost-stays", 5055, "5055-5055/count");
	check_port("del-outer-5061-free", 5061, "-");
	check_int("del-outer-size", 2, ootb_table_size(tab));

	check_err("del-not-found", -ENOENT, del(6000, 6100));
	check_int("del-not-found-reason", OOTB_R_NOENT, why.reason);
	check_err("del-part-of-range", -ENOENT, del(5050, 5055));
	check_err("del-wider-than-range", -ENOENT, del(5049, 5061));
	check_err("del-last-but-one", 0, del(5050, 5060));
	check_err("del-last", 0, del(5055, 5055));
	check_int("del-last-empty-is-null", 1, !tab);
	check_err("del-from-empty", -ENOENT, del(5055, 5055));
	check_port("del-empty-lookup", 5055, "-");
}

static void test_full(void)
{
	unsigned int i;
	int err = 0;
	unsigned long snap;

	for (i = 1; i <= OOTB_MAX_RANGES && !err; i++)
		err = add(2 * i, 2 * i, 0, 0);
	check_err("full-at-limit-ok", 0, err);
	check_int("full-at-limit-size", OOTB_MAX_RANGES, ootb_table_size(tab));
	snap = snapshot();
	check_err("full-one-more-enospc", -ENOSPC, add(60000, 60000, 0, 0));
	check_int("full-one-more-reason", OOTB_R_FULL, why.reason);
	check_err("full-nested-enospc", -ENOSPC, add(1, 65535, 0, 0));
	check_int("full-table-unchanged", 1, snapshot() == snap);
	check_err("full-replace-existing-ok", 0, add(2, 2, COUNT, REPLACE));
	check_err("full-identical-still-eexist", -EEXIST, add(4, 4, 0, 0));
	check_err("full-after-del-ok", 0, del(2, 2));
	check_err("full-refill-ok", 0, add(60000, 60000, 0, 0));
	check_port("full-lookup-last", 2 * OOTB_MAX_RANGES, "2048-2048/discard");
	check_port("full-lookup-between", 2047, "-");
}

static void test_build(void)
{
	struct ootb_range_spec list[OOTB_MAX_RANGES + 1];
	struct ootb_table *before, *new;
	unsigned long snap;
	unsigned int i;

	check_err("build-initial", 0,
		  build("5000-5100,5050:abort,7000-7010:count"));
	hit(5000, 3);
	hit(5050, 2);
	hit(7005, 4);
	before = tab;
	snap = snapshot();

	check_err("build-invalid-port", -EINVAL, build("1-10,20-30,0-5"));
	check_int("build-invalid-port-pos", 2, why.pos);
	check_err("build-invalid-order", -EINVAL, build("1-10,30-20"));
	check_int("build-invalid-order-pos", 1, why.pos);
	check_err("build-overlap", -EBUSY, build("100-200,300-400,150-250"));
	check_int("build-overlap-pos", 2, why.pos);
	check_with("build-overlap-names", 100, 200);
	check_err("build-overlap-later-wins-blame", -EBUSY,
		  build("150-250,300-400,100-200"));
	check_int("build-overlap-later-pos", 2, why.pos);
	check_with("build-overlap-later-names", 150, 250);
	check_err("build-duplicate", -EEXIST,
		  build("100-200,300-400,100-200:count"));
	check_int("build-duplicate-reason", OOTB_R_DUPLICATE, why.reason);
	check_int("build-duplicate-pos", 2, why.pos);
	check_int("build-failures-keep-table", 1,
		  tab == before && snapshot() == snap);
	check_int("build-failures-keep-counter", 3, matched(5000));

	for (i = 0; i <= OOTB_MAX_RANGES; i++)
		list[i] = (struct ootb_range_spec){ .lo = i + 1, .hi = i + 1 };
	check_err("build-too-many", -ENOSPC,
		  ootb_table_build(tab, list, OOTB_MAX_RANGES + 1, &new, &why));
	check_int("build-too-many-pos", OOTB_MAX_RANGES, why.pos);
	check_err("build-exactly-max", 0,
		  ootb_table_build(tab, list, OOTB_MAX_RANGES, &new, &why));
	/* Never committed: the counters of the table in force untouched. */
	ootb_table_free(new);
	check_int("build-uncommitted-free-safe", 3, matched(5000));

	check_err("build-replace", 0,
		  build("5000-5100:count,5050:discard,8000"));
	check_port("build-replace-policy", 5000, "5000-5100/count");
	check_int("build-replace-keeps-identical", 3, matched(5000));
	check_int("build-replace-keeps-single", 2, matched(5050));
	check_int("build-replace-new-0", 0, matched(8000));
	check_port("build-replace-dropped", 7005, "-");
	check_err("build-empty", 0, build(""));
	check_int("build-empty-is-null", 1, !tab);
}

static void test_counters(void)
{
	add(5000, 5100, 0, 0);
	add(6000, 6000, COUNT, 0);
	hit(5000, 11);
	hit(6000, 5);
	add(7000, 7100, 0, 0);
	add(5050, 5060, ABORT, 0);
	hit(5055, 2);
	del(7000, 7100);
	add(100, 65000, 0, 0);
	check_int("counters-kept-outer", 11, matched(5000));
	check_int("counters-kept-single", 5, matched(6000));
	check_int("counters-inner-own", 2, matched(5055));
	check_int("counters-new-zero", 0, matched(100));
	del(5050, 5060);
	add(5050, 5060, ABORT, 0);
	check_int("counters-readded-restart", 0, matched(5055));
	check_int("counters-kept-after-churn", 11, matched(5000));
}

static void test_nomem(void)
{
	struct ootb_range_spec r = { .lo = 5050, .hi = 5060, .policy = 1 };
	struct ootb_table *new;
	long live;
	unsigned long snap;
	int k, bad = 0;

	add(5000, 5100, 0, 0);
	hit(5000, 4);
	snap = snapshot();
	live = ootb_shim_live;
	for (k = 0; k < 4; k++) {
		int err;

		ootb_shim_fail_after = k;
		err = ootb_table_add(tab, &r, false, &new, &why);
		ootb_shim_fail_after = -1;
		if (!err) {
			ootb_table_free(new);
			continue;
		}
		if (err != -ENOMEM || ootb_shim_live != live)
			bad++;
	}
	check_int("nomem-no-leak-no-change", 0,
		  bad + (snapshot() != snap) + (matched(5000) != 4));
}

static void test_parse(void)
{
	const struct ootb_range_spec *l = parsed;

	check_err("parse-ok", 0, parse("5000-5100:discard,7000:count", 8));
	check_int("parse-ok-n", 2, nparsed);
	check_int("parse-ok-0", 1, l[0].lo == 5000 && l[0].hi == 5100 &&
		  l[0].policy == DISCARD);
	check_int("parse-ok-1", 1, l[1].lo == 7000 && l[1].hi == 7000 &&
		  l[1].policy == COUNT);
	check_err("parse-abort-default", 0, parse("1-2,3:abort", 8));
	check_int("parse-abort-default-policies", 1,
		  l[0].policy == DISCARD && l[1].policy == ABORT);
	check_err("parse-empty", 0, parse("", 8));
	check_int("parse-empty-n", 0, nparsed);
	check_err("parse-abc", -EINVAL, parse("abc", 8));
	check_int("parse-abc-reason", OOTB_R_SYNTAX, why.reason);
	check_err("parse-dash-end", -EINVAL, parse("5000-", 8));
	check_err("parse-trailing-comma", -EINVAL, parse("5000,", 8));
	check_int("parse-trailing-comma-pos", 1, why.pos);
	check_err("parse-space", -EINVAL, parse("5000, 6000", 8));
	check_err("parse-bad-policy", -EINVAL, parse("1,2:drop", 8));
	check_int("parse-bad-policy-reason", OOTB_R_POLICY, why.reason);
	check_int("parse-bad-policy-pos", 1, why.pos);
	check_err("parse-policy-prefix", -EINVAL, parse("1:disc", 8));
	check_err("parse-too-many", -ENOSPC, parse("1,2,3", 2));
	check_err("parse-huge-number", 0, parse("99999999999", 8));
	check_int("parse-huge-number-out-of-range", 1, l[0].lo > 65535);
	check_err("parse-0-is-syntax-ok", 0, parse("0-5", 8));
	check_int("parse-0-value", 0, l[0].lo);
}

/* ---- allocation layout --------------------------------------------------- */

static size_t block_sizes[4 * OOTB_MAX_RANGES];
static unsigned int nblocks;

static void record_block(size_t size)
{
	if (nblocks < sizeof(block_sizes) / sizeof(block_sizes[0]))
		block_sizes[nblocks] = size;
	nblocks++;
}

/*
 * What the kernel's kmalloc() gives for @size (slab caches up to 8 KiB,
 * powers of two with the 96 and 192 byte ones; above, whole pages rounded
 * up to a power of two): the model of kvmalloc()'s first attempt.
 */
static size_t kmalloc_size(size_t size)
{
	size_t s = 8;

	if (size > 8192) {
		for (s = 4096; s < size; s *= 2)
			;
		return s;
	}
	if (size > 64 && size <= 96)
		return 96;
	if (size > 128 && size <= 192)
		return 192;
	while (s < size)
		s *= 2;
	return s;
}

static void test_layout(void)
{
	static struct ootb_range_spec list[OOTB_MAX_RANGES];
	struct ootb_table *t = NULL;
	unsigned int sizes[] = { 1, 16, OOTB_MAX_RANGES };
	unsigned int k, i;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		unsigned int n = sizes[k], index_blocks = 0, table_blocks = 0;
		size_t want = sizeof(*t) + n * sizeof(t->e[0]);
		size_t waste = 0, largest = 0;
		char name[64];

		for (i = 0; i < n; i++)
			list[i] = (struct ootb_range_spec){
				.lo = 10 + 2 * i, .hi = 10 + 2 * i,
				.policy = DISCARD,
			};
		nblocks = 0;
		ootb_shim_on_alloc = record_block;
		check_err("layout-build", 0,
			  ootb_table_build(NULL, list, n, &t, &why));
		ootb_shim_on_alloc = NULL;
		for (i = 0; i < nblocks; i++) {
			if (block_sizes[i] == OOTB_PORTS * sizeof(u16))
				index_blocks++;
			if (block_sizes[i] == want)
				table_blocks++;
			waste += kmalloc_size(block_sizes[i]) - block_sizes[i];
			if (block_sizes[i] > largest)
				largest = block_sizes[i];
		}
		snprintf(name, sizeof(name), "layout-%u-index-block-2^17", n);
		check_int(name, 1, index_blocks);
		/*
		 * On the host a counter is OOTB_COUNT_CPUS slots in one block,
		 * which may be the entries block's size (one entry): those n
		 * blocks are the counters, not entries blocks.
		 */
		if (want == OOTB_COUNT_CPUS * sizeof(struct ootb_count))
			table_blocks -= n;
		snprintf(name, sizeof(name), "layout-%u-entries-block", n);
		check_int(name, 1, table_blocks);
		snprintf(name, sizeof(name), "layout-%u-blocks", n);
		check_int(name, 2 + n, nblocks);	/* + one counter each */
		snprintf(name, sizeof(name), "layout-%u-largest-is-index", n);
		check_int(name, OOTB_PORTS * sizeof(u16), largest);
		/*
		 * Waste left: the slab rounding of the small blocks (under
		 * half of each), never a rounding of the 128 KiB index.
		 */
		snprintf(name, sizeof(name), "layout-%u-kmalloc-waste-small", n);
		check(name, waste < want + n * sizeof(struct ootb_count),
		      "expected less waste, got %zu bytes wasted for %zu asked",
		      waste, want);
		ootb_table_free(t);
	}
	/* The old single block: index + header + entries, > 2^17 bytes. */
	check_int("layout-one-block-would-waste",
		  1, kmalloc_size(OOTB_PORTS * sizeof(u16) + sizeof(*t) +
				  sizeof(t->e[0])) == 2 * OOTB_PORTS * sizeof(u16));
}

/* ---- counter reset -------------------------------------------------------- */

static long long reset_port(unsigned int port)
{
	const struct ootb_entry *e = ootb_table_lookup(tab, port);

	return e ? (long long)ootb_entry_reset(e) : -1;
}

static void test_reset(void)
{
	long long taken = 0;
	int i;

	add(5000, 5100, 0, 0);
	add(6000, 6000, COUNT, 0);
	hit(5000, 7);
	hit(6000, 3);
	check_int("reset-takes-count", 7, reset_port(5000));
	check_int("reset-zeroes", 0, matched(5000));
	check_int("reset-leaves-others", 3, matched(6000));
	check_int("reset-twice-takes-0", 0, reset_port(5000));
	hit(5000, 2);
	check_int("reset-counts-after", 2, matched(5000));

	/* The reset state goes with the counter into every later table. */
	add(7000, 7000, 0, 0);
	check_int("reset-kept-by-add", 2, matched(5000));
	add(5000, 5100, COUNT, REPLACE);
	check_int("reset-kept-by-replace", 2, matched(5000));
	check_err("reset-build-keeps", 0, build("5000-5100,6000:count,8000"));
	check_int("reset-kept-by-build", 2, matched(5000));
	check_int("reset-kept-other-by-build", 3, matched(6000));
	check_int("reset-after-rebuild", 2, reset_port(5000));
	check_int("reset-after-rebuild-zero", 0, matched(5000));

	/* Read-and-reset steps plus a final read add up to every hit. */
	for (i = 1; i <= 50; i++) {
		hit(5000, i);
		if (i % 7 == 0)
			taken += reset_port(5000);
		if (i % 11 == 0)
			add(9000 + i, 9000 + i, 0, 0);
	}
	check_int("reset-sum-of-takes", 50 * 51 / 2, taken + matched(5000));

	/* A range deleted and added again starts afresh. */
	del(6000, 6000);
	add(6000, 6000, 0, 0);
	check_int("reset-readded-fresh", 0, matched(6000));
}

/* ---- reserved ports ------------------------------------------------------- */

#define MAP_LONGS	(OOTB_BITMAP_BYTES / sizeof(unsigned long))

static unsigned long sys_map[MAP_LONGS], our_map[MAP_LONGS];

/* The set bits of @map as "a-b,c" (the sysctl's own format). */
static const char *bits(const unsigned long *map)
{
	static char buf[512];
	size_t len = 0;
	unsigned int p = 0;

	buf[0] = '\0';
	while (p < OOTB_PORTS) {
		unsigned int q;

		if (!ootb_bit_test(p, map)) {
			p++;
			continue;
		}
		for (q = p; q + 1 < OOTB_PORTS && ootb_bit_test(q + 1, map); q++)
			;
		if (len < sizeof(buf) - 32)
			len += snprintf(buf + len, sizeof(buf) - len,
					q == p ? "%s%u" : "%s%u-%u",
					len ? "," : "", p, q);
		p = q + 1;
	}
	return buf;
}

static u32 sync_reserved(const struct ootb_table *t)
{
	return ootb_reserve_sync(t, sys_map, our_map);
}

static void test_reserve(void)
{
	memset(sys_map, 0, sizeof(sys_map));
	memset(our_map, 0, sizeof(our_map));
	/* An admin's own reserved ports, one inside the range to come. */
	ootb_bit_set(150, sys_map);
	ootb_bit_set(300, sys_map);

	add(1000, 1010, 0, 0);
	check_int("reserve-none-in-table", 0, ootb_table_reserves(tab));
	check_int("reserve-none-sync-keeps-0", 0, sync_reserved(tab));
	check_str("reserve-none-sys", "150,300", bits(sys_map));

	check_err("reserve-add", 0, add(100, 199, 0, RESERVE));
	check_int("reserve-in-table", 1, ootb_table_reserves(tab));
	check_int("reserve-add-kept", 99, sync_reserved(tab));
	check_str("reserve-add-sys", "100-199,300", bits(sys_map));
	check_str("reserve-add-ours-not-foreign", "100-149,151-199",
		  bits(our_map));

	/* Nested: an inner range without the flag is still covered. */
	check_err("reserve-inner-plain", 0, add(120, 130, ABORT, 0));
	sync_reserved(tab);
	check_str("reserve-inner-plain-covered", "100-199,300", bits(sys_map));
	/* ...and an inner RESERVE inside a plain range covers only itself. */
	check_err("reserve-inner-of-plain", 0, add(1003, 1004, 0, RESERVE));
	sync_reserved(tab);
	check_str("reserve-inner-of-plain-sys", "100-199,300,1003-1004",
		  bits(sys_map));

	/* A write of the sysctl dropped two of ours: the next sync repairs. */
	ootb_bit_clear(101, sys_map);
	ootb_bit_clear(1004, sys_map);
	sync_reserved(tab);
	check_str("reserve-repaired", "100-199,300,1003-1004", bits(sys_map));

	/* REPLACE without the flag gives the ports back, not the admin's. */
	check_err("reserve-replace-off", 0, add(100, 199, 0, REPLACE));
	check_int("reserve-replace-off-kept", 2, sync_reserved(tab));
	check_str("reserve-replace-off-sys", "150,300,1003-1004",
		  bits(sys_map));
	check_str("reserve-replace-off-ours", "1003-1004", bits(our_map));
	check_err("reserve-replace-on", 0, add(100, 199, 0, REPLACE | RESERVE));
	sync_reserved(tab);
	check_str("reserve-replace-on-sys", "100-199,300,1003-1004",
		  bits(sys_map));

	/* Delete the outer range: its nested plain range stays, unreserved. */
	del(100, 199);
	sync_reserved(tab);
	check_str("reserve-del-sys", "150,300,1003-1004", bits(sys_map));
	check_port("reserve-del-inner-stays", 125, "120-130/abort");

	/* A whole new table, then none: only the foreign bits are left. */
	check_err("reserve-build", 0, build("2000-2001,3000"));
	check_int("reserve-build-no-flag", 0, sync_reserved(tab));
	check_str("reserve-build-sys", "150,300", bits(sys_map));
	add(65530, 65535, 0, RESERVE);
	add(1, 2, 0, RESERVE);
	sync_reserved(tab);
	check_str("reserve-bounds-sys", "1-2,150,300,65530-65535",
		  bits(sys_map));
	check_int("reserve-flush-kept", 0, sync_reserved(NULL));
	check_str("reserve-flush-sys", "150,300", bits(sys_map));
	check_str("reserve-flush-ours", "", bits(our_map));
	check_int("reserve-port-0-never", 0, ootb_bit_test(0, sys_map));
}

/* Random proper nestings against a brute-force innermost search. */
static void test_random(void)
{
	static struct ootb_range_spec ref[OOTB_MAX_RANGES];
	unsigned int seed = 12345, round, nref, port, mismatches = 0;
	unsigned int refused_bad = 0;

#define RND() (seed = seed * 1103515245u + 12345u, (seed >> 8) & 0xffffff)
	for (round = 0; round < 20; round++) {
		unsigned int tries;

		nref = 0;
		for (tries = 0; tries < 300; tries++) {
			unsigned int lo = 1 + RND() % 65535;
			unsigned int len = RND() % (round & 1 ? 30000 : 300);
			unsigned int hi = lo + len > 65535 ? 65535 : lo + len;
			unsigned int i, laminar = 1;
			int err;

			for (i = 0; i < nref; i++) {
				bool disjoint = hi < ref[i].lo || lo > ref[i].hi;
				bool in = lo >= ref[i].lo && hi <= ref[i].hi;
				bool around = lo <= ref[i].lo && hi >= ref[i].hi;

				if (lo == ref[i].lo && hi == ref[i].hi)
					laminar = 0;
				else if (!disjoint && !in && !around)
					laminar = 0;
			}
			err = add(lo, hi, RND() % 3, 0);
			if (laminar != !err)
				refused_bad++;
			if (!err) {
				ref[nref].lo = lo;
				ref[nref].hi = hi;
				nref++;
			}
		}
		for (port = 0; port < OOTB_PORTS; port++) {
			const struct ootb_entry *e;
			int best = -1;
			unsigned int i;

			for (i = 0; i < nref; i++) {
				if (port < ref[i].lo || port > ref[i].hi)
					continue;
				if (best < 0 || ref[i].hi - ref[i].lo <
				    ref[best].hi - ref[best].lo)
					best = i;
			}
			e = ootb_table_lookup(tab, port);
			if (best < 0 ? !!e :
			    !e || e->lo != ref[best].lo || e->hi != ref[best].hi)
				mismatches++;
		}
		ootb_table_free(tab);
		tab = NULL;
	}
#undef RND
	check_int("random-accept-iff-nested-or-disjoint", 0, refused_bad);
	check_int("random-lookup-matches-reference", 0, mismatches);
}

int main(void)
{
	void (*const tests[])(void) = {
		test_boundaries, test_nesting, test_identical, test_overlap,
		test_delete, test_full, test_build, test_counters, test_nomem,
		test_parse, test_random, test_layout, test_reset, test_reserve,
	};
	unsigned int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		tests[i]();
		ootb_table_free(tab);
		tab = NULL;
	}
	check_int("no-leaks", 0, ootb_shim_live);
	return check_summary();
}
