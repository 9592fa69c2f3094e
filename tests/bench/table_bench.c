// SPDX-License-Identifier: GPL-2.0
/*
 * Host micro-benchmark of the port-range table (kmod/ootb/table.c, the same
 * source the module is built from, through table_shim.h).
 *
 *   table_bench [-r ROUNDS] [-l LOOKUPS] [-u UPDATES]
 *
 * Lookup: ootb_table_lookup() and the read of the deciding range's policy,
 * which is what the module's verdict does per out-of-the-blue packet (its
 * per-CPU counter increment aside), over pre-drawn random ports; for tables
 * of 1, 16, 256 and 1024 ranges with nesting three deep.  Update: one
 * add-range into a table of N ranges, and a restore (replace the whole
 * table) of N ranges, as the module's netlink handlers run them: build the
 * new table, commit, free.  Every update paints the 64 Ki port index.
 *
 * The rounds interleave the table sizes, and each figure is given as its
 * median over the rounds with the median and quartiles of its ratio to the
 * 1-range figure of the same round (CLOCK_MONOTONIC), so that a slow spell
 * of a shared machine weighs on every size alike.  The claim to back is
 * that a lookup costs the same whatever the number of ranges; absolute
 * numbers depend on the machine, compare ratios.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "table.h"

#define PORTS_DRAWN	65536		/* one draw: 128 KiB of u16 */
#define MAX_RUNS	31

static const u32 sizes[] = { 1, 16, 256, 1024 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* xorshift64: the same draw on every run and every machine. */
static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u32 rnd(u32 bound)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state % bound);
}

static struct ootb_range_spec spec(u32 lo, u32 hi, u32 policy)
{
	return (struct ootb_range_spec){ .lo = lo, .hi = hi, .policy = policy };
}

/*
 * @n ranges (1 or a multiple of 4), nested three deep: the port space is cut
 * into n/4 blocks of W ports; each block holds a discard range over its
 * first half, with an abort exception inside it that holds a discard range
 * of its own, and a count range beside that exception:
 *
 *   [base, base+W/2-1] discard
 *     [base+W/16, base+W/4] abort
 *       [base+W/8, base+W/8+W/32] discard
 *     [base+W/4+W/16, base+W/2-W/16] count
 *
 * Half of the port space is covered, as by the single range 1-32768 used
 * for n = 1.  The last @n specs of the list can be dropped one by one and
 * the rest still nests properly.
 */
static void gen_ranges(u32 n, struct ootb_range_spec *out)
{
	u32 blocks = n / 4, w, b, base;

	if (n == 1) {
		out[0] = spec(1, 32768, SCTP_OOTB_POLICY_DISCARD);
		return;
	}
	w = OOTB_PORTS / blocks;
	for (b = 0; b < blocks; b++) {
		base = 1 + b * w;
		*out++ = spec(base, base + w / 2 - 1, SCTP_OOTB_POLICY_DISCARD);
		*out++ = spec(base + w / 16, base + w / 4, SCTP_OOTB_POLICY_ABORT);
		*out++ = spec(base + w / 8, base + w / 8 + w / 32,
			      SCTP_OOTB_POLICY_DISCARD);
		*out++ = spec(base + w / 4 + w / 16, base + w / 2 - w / 16,
			      SCTP_OOTB_POLICY_COUNT);
	}
}

/* A port in no range of gen_ranges(n): after the first block's half. */
static u32 free_port(u32 n)
{
	return n == 1 ? 40000 : 1 + (OOTB_PORTS / (n / 4)) * 3 / 4;
}

static void failed(const char *what, u32 n, const struct ootb_reject *why)
{
	fprintf(stderr, "table_bench: %s, table of %u ranges: %s (item %u)\n",
		what, n, ootb_reason_str(why->reason), why->pos);
	exit(1);
}

static struct ootb_table *make_table(const struct ootb_range_spec *list,
				     u32 n)
{
	struct ootb_table *t;
	struct ootb_reject why;

	if (ootb_table_build(NULL, list, n, &t, &why))
		failed("build", n, &why);
	return t;
}

/* What a packet's verdict reads: the deciding entry and its policy. */
static u64 lookup_loop(const struct ootb_table *t, const u16 *ports,
		       u64 lookups)
{
	u64 acc = 0, i;

	for (i = 0; i < lookups; i++) {
		const struct ootb_entry *e =
			ootb_table_lookup(t, ports[i & (PORTS_DRAWN - 1)]);

		acc += e ? e->policy + 1 : 0;
	}
	return acc;
}

static volatile u64 sink;

/* Ports drawn uniformly among those in a range (@hits) or in none. */
static void draw_ports(const struct ootb_table *t, bool hits, u16 *ports)
{
	u32 i = 0;

	while (i < PORTS_DRAWN) {
		u32 p = 1 + rnd(OOTB_PORTS - 1);

		if (!ootb_table_lookup(t, p) == !hits)
			ports[i++] = p;
	}
}

static double time_lookups(const struct ootb_table *t, const u16 *ports,
			   u64 lookups)
{
	double t0;

	sink += lookup_loop(t, ports, PORTS_DRAWN);	/* warm the caches */
	t0 = now_ns();
	sink += lookup_loop(t, ports, lookups);
	return (now_ns() - t0) / lookups;
}

/* The module's update: build from the table in force, commit, free the old. */
static void apply(struct ootb_table **cur, struct ootb_table *new)
{
	ootb_table_commit(*cur, new);
	ootb_table_free(*cur);
	*cur = new;
}

/*
 * µs per add-range of a free port into @cur; a del-range after each add, not
 * timed, keeps the table at its size.
 */
static double time_add(struct ootb_table **cur, u32 port, int updates)
{
	struct ootb_range_spec r = spec(port, port, SCTP_OOTB_POLICY_DISCARD);
	struct ootb_table *new;
	struct ootb_reject why;
	double sum = 0, t0;
	int k;

	for (k = 0; k < updates; k++) {
		t0 = now_ns();
		if (ootb_table_add(*cur, &r, false, &new, &why))
			failed("add-range", ootb_table_size(*cur), &why);
		apply(cur, new);
		sum += now_ns() - t0;
		if (ootb_table_del(*cur, port, port, 0, false, &new, &why))
			failed("del-range", ootb_table_size(*cur), &why);
		apply(cur, new);
	}
	return sum / updates / 1e3;
}

/*
 * µs per restore of @n ranges identical to those in force (every counter is
 * kept), as a `sctpctl restore` of a saved table does.
 */
static double time_restore(struct ootb_table **cur,
			   const struct ootb_range_spec *list, u32 n,
			   int updates)
{
	struct ootb_table *new;
	struct ootb_reject why;
	double t0 = now_ns();
	int k;

	for (k = 0; k < updates; k++) {
		if (ootb_table_build(*cur, list, n, &new, &why))
			failed("restore", n, &why);
		apply(cur, new);
	}
	return (now_ns() - t0) / updates / 1e3;
}

/* A figure: its value per table size and round. */
struct figure {
	double v[NSIZES][MAX_RUNS];
};

/*
 * The cell of a figure and a size: the median value, and the median and
 * quartiles of its ratio to the 1-range figure of the same round.
 */
static void print_cell(const struct figure *f, unsigned int size, int runs,
		       const char *fmt)
{
	double v[MAX_RUNS], r[MAX_RUNS], ratio;
	char val[16], spread[24];
	int k;

	for (k = 0; k < runs; k++) {
		v[k] = f->v[size][k];
		r[k] = f->v[size][k] / f->v[0][k];
	}
	snprintf(val, sizeof(val), fmt, median(v, runs));
	ratio = median(r, runs);	/* sorts r */
	snprintf(spread, sizeof(spread), "%.2f-%.2f", r[(runs - 1) / 4],
		 r[runs - 1 - (runs - 1) / 4]);
	printf("  %8s %5.2f %-9s", val, ratio, spread);
}

static void usage(void)
{
	fprintf(stderr, "usage: table_bench [-r ROUNDS] [-l LOOKUPS] [-u UPDATES]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct ootb_range_spec list[NSIZES][OOTB_MAX_RANGES];
	static u16 ports[NSIZES][2][PORTS_DRAWN];
	static struct figure fig[4];	/* in range, in none, add, restore */
	struct ootb_table *look[NSIZES], *upd[NSIZES], *rest[NSIZES];
	u64 lookups = 1ull << 23;
	int runs = 15, updates = 50, c, r;
	unsigned int i, j;

	while ((c = getopt(argc, argv, "r:l:u:")) != -1) {
		switch (c) {
		case 'r': runs = atoi(optarg); break;
		case 'l': lookups = strtoull(optarg, NULL, 0); break;
		case 'u': updates = atoi(optarg); break;
		default: usage();
		}
	}
	if (runs < 1 || runs > MAX_RUNS || lookups < 1 || updates < 1)
		usage();

	for (i = 0; i < NSIZES; i++) {
		u32 n = sizes[i];

		gen_ranges(n, list[i]);
		look[i] = make_table(list[i], n);
		draw_ports(look[i], true, ports[i][0]);
		draw_ports(look[i], false, ports[i][1]);
		/* A full table refuses an add: add into 1023 for 1024. */
		upd[i] = make_table(list[i], n < OOTB_MAX_RANGES ? n : n - 1);
		rest[i] = make_table(list[i], n);
	}

	for (r = 0; r < runs; r++) {
		for (i = 0; i < NSIZES; i++)
			for (j = 0; j < 2; j++)
				fig[j].v[i][r] = time_lookups(look[i], ports[i][j],
							      lookups);
		for (i = 0; i < NSIZES; i++) {
			fig[2].v[i][r] = time_add(&upd[i], free_port(sizes[i]),
						  updates);
			fig[3].v[i][r] = time_restore(&rest[i], list[i],
						      sizes[i], updates);
		}
	}

	printf("range table (kmod/ootb/table.c built on the host), %d rounds; ratio to 1 range:\n", runs);
	printf("median of the rounds' ratios and its quartiles (each round times every size)\n");
	printf("lookup = index + policy read, %llu random ports per round and size\n",
	       (unsigned long long)lookups);
	printf("update = build + commit + free, %d per round and size\n\n", updates);
	printf("%6s  %-25s  %-25s  %-25s  %-25s\n", "",
	       "lookup, port in a range", "lookup, port in none",
	       "add-range into N", "restore N ranges");
	printf("%6s", "ranges");
	for (j = 0; j < 4; j++)
		printf("  %8s %5s %-9s", j < 2 ? "ns" : "us", "ratio", "quartiles");
	printf("\n");
	for (i = 0; i < NSIZES; i++) {
		printf("%6u", sizes[i]);
		for (j = 0; j < 4; j++)
			print_cell(&fig[j], i, runs, j < 2 ? "%.2f" : "%.1f");
		printf("\n");
	}
	printf("\nports drawn uniformly among those in a range (its policy is read) or in none;\n");
	printf("add-range into %u is into %u (a full table refuses an add).\n",
	       OOTB_MAX_RANGES, OOTB_MAX_RANGES - 1);

	for (i = 0; i < NSIZES; i++) {
		ootb_table_free(look[i]);
		ootb_table_free(upd[i]);
		ootb_table_free(rest[i]);
	}
	return 0;
}
