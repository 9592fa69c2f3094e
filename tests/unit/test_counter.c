// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the per-CPU packet counter (kmod/ootb/counter.h),
 * whose host build keeps OOTB_COUNT_CPUS slots and the kernel's read and
 * reset algorithm over them: increments on several CPUs interleaved with
 * reads and resets, as netlink does them (a reset is ootb_count_take(),
 * by the namespace's writer), then a reset racing increments on the other
 * CPUs' slots, in threads.  Whatever the interleaving, the sum of what the
 * resets took plus a final read is every increment, none lost, none twice.
 * Output: tests/lib/check.h.
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>

#include "table.h"
#include "../lib/check.h"

static void inc_on(struct ootb_count *c, unsigned int cpu, unsigned int n)
{
	ootb_count_this_cpu = cpu;
	while (n--)
		ootb_count_inc(c);
	ootb_count_this_cpu = 0;
}

/* A fixed sequence of pseudo-random numbers (xorshift). */
static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void test_slots(void)
{
	struct ootb_count *c = ootb_count_alloc();
	unsigned int cpu;

	check_int("count-fresh-zero", 0, ootb_count_read(c));
	for (cpu = 0; cpu < OOTB_COUNT_CPUS; cpu++)
		inc_on(c, cpu, 10 * (cpu + 1));
	check_int("count-sums-slots", 100, ootb_count_read(c));
	/* Each increment stays on the slot of the CPU that made it. */
	for (cpu = 0; cpu < OOTB_COUNT_CPUS; cpu++) {
		char name[64];

		snprintf(name, sizeof(name), "count-slot-%u-own-packets", cpu);
		check_int(name, 10 * (cpu + 1),
			  ootb_count_packets(ootb_count_cpu(c, cpu)));
	}
	check_int("count-take-all", 100, ootb_count_take(c));
	check_int("count-take-zeroes", 0, ootb_count_read(c));
	check_int("count-take-again-0", 0, ootb_count_take(c));
	/* A reset moves the bases; the packets are never written back. */
	check_int("count-take-keeps-packets", 40,
		  ootb_count_packets(ootb_count_cpu(c, 3)));
	inc_on(c, 2, 5);
	inc_on(c, 0, 1);
	check_int("count-after-take", 6, ootb_count_read(c));
	check_int("count-take-after", 6, ootb_count_take(c));
	ootb_count_free(c);
}

/*
 * Increments on random CPUs, reads and resets interleaved at random: every
 * read is what came since the last reset, and the resets plus the last
 * read are every increment.
 */
static void test_interleaved(void)
{
	struct ootb_count *c = ootb_count_alloc();
	unsigned long long total = 0, since = 0, taken = 0;
	unsigned int i, bad_reads = 0, bad_takes = 0, takes = 0;

	for (i = 0; i < 20000; i++) {
		uint32_t r = rnd();
		unsigned long long got;

		switch (r % 8) {
		case 0:
			got = ootb_count_take(c);
			bad_takes += got != since;
			taken += got;
			since = 0;
			takes++;
			break;
		case 1:
		case 2:
			bad_reads += ootb_count_read(c) != since;
			break;
		default:
			inc_on(c, (r >> 8) % OOTB_COUNT_CPUS, (r >> 16) % 5);
			total += (r >> 16) % 5;
			since += (r >> 16) % 5;
		}
	}
	check("count-interleaved-ran", takes > 100 && total > 10000,
	      "expected > 100 resets and > 10000 increments, got %u and %llu",
	      takes, total);
	check_int("count-interleaved-reads", 0, bad_reads);
	check_int("count-interleaved-takes", 0, bad_takes);
	check_int("count-interleaved-sum", total,
		  taken + ootb_count_read(c));
	ootb_count_free(c);
}

/* ---- a reset racing the other CPUs' increments ------------------------- */

/*
 * In the window: between a reset's read of a slot and its write of that
 * slot's base, its CPU counts 3 and every other CPU 1.  Deterministic, so
 * a reset that loses what came in that window fails every time.
 */
static struct ootb_count *window_c;
static unsigned long long window_incs;

static void count_in_window(const struct ootb_count *s)
{
	unsigned int saved = ootb_count_this_cpu, cpu;

	ootb_count_on_read = NULL;	/* no window inside the window */
	for (cpu = 0; cpu < OOTB_COUNT_CPUS; cpu++) {
		unsigned int n = ootb_count_cpu(window_c, cpu) == s ? 3 : 1;

		ootb_count_this_cpu = cpu;
		window_incs += n;
		while (n--)
			ootb_count_inc(window_c);
	}
	ootb_count_this_cpu = saved;
	ootb_count_on_read = count_in_window;
}

/*
 * Each window leaves 3 on the slot just read (after its read) and 1 on
 * each slot read before it; what lands on a slot still to read is taken:
 * after each reset, 3 + 0 + 3 + 1 + 3 + 2 + 3 + 3 = 18 are left.
 */
static void test_window(void)
{
	unsigned long long taken = 0, left, bad = 0;
	unsigned int i;

	window_c = ootb_count_alloc();
	inc_on(window_c, 2, 10);
	window_incs = 10;
	for (i = 0; i < 100; i++) {
		ootb_count_on_read = count_in_window;
		taken += ootb_count_take(window_c);
		ootb_count_on_read = NULL;
		left = ootb_count_read(window_c);
		bad += left != 4 * 3 + 0 + 1 + 2 + 3;
	}
	check_int("count-window-left", 0, bad);
	check_int("count-window-sum", window_incs, taken + left);
	ootb_count_free(window_c);
}

/*
 * In threads: each other CPU counts without pause, and the writer resets
 * only once every one of them counted since its last reset, so that each
 * reset has packets of theirs to take, and races them where the host has
 * the cores to.
 */
#define RACE_TAKES	1000

struct racer {
	pthread_t thread;
	struct ootb_count *c;
	unsigned int cpu;
	unsigned long long incs;
};

static int race_go, race_stop;

static void *racer_run(void *arg)
{
	struct racer *r = arg;
	unsigned long long n = 0;

	ootb_count_this_cpu = r->cpu;
	while (!__atomic_load_n(&race_go, __ATOMIC_RELAXED))
		sched_yield();
	while (!__atomic_load_n(&race_stop, __ATOMIC_RELAXED)) {
		ootb_count_inc(r->c);
		__atomic_store_n(&r->incs, ++n, __ATOMIC_RELAXED);
		/* Bursts, so that the writer gets the CPU on a busy host. */
		if (!(n % 256))
			sched_yield();
	}
	return NULL;
}

static void test_race(void)
{
	struct racer r[OOTB_COUNT_CPUS - 1];
	unsigned long long seen[OOTB_COUNT_CPUS - 1] = { 0 };
	struct ootb_count *c = ootb_count_alloc();
	unsigned long long taken = 0, total = 0, last;
	unsigned int i, takes, busy = 0, wrapped = 0;

	for (i = 0; i < OOTB_COUNT_CPUS - 1; i++) {
		r[i].c = c;
		r[i].cpu = i + 1;
		r[i].incs = 0;
		pthread_create(&r[i].thread, NULL, racer_run, &r[i]);
	}
	/* CPU 0: the writer resets, and counts packets of its own. */
	ootb_count_this_cpu = 0;
	__atomic_store_n(&race_go, 1, __ATOMIC_RELAXED);
	for (takes = 0; takes < RACE_TAKES; takes++) {
		unsigned long long got;

		for (i = 0; i < OOTB_COUNT_CPUS - 1; i++) {
			while (__atomic_load_n(&r[i].incs, __ATOMIC_RELAXED) ==
			       seen[i])
				sched_yield();
			seen[i] = __atomic_load_n(&r[i].incs, __ATOMIC_RELAXED);
		}
		ootb_count_inc(c);
		total++;
		got = ootb_count_take(c);
		taken += got;
		busy += got > OOTB_COUNT_CPUS - 1;
		/* A base ahead of its packets would read as a huge count. */
		wrapped += ootb_count_read(c) > (1ULL << 62);
	}
	__atomic_store_n(&race_stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < OOTB_COUNT_CPUS - 1; i++) {
		pthread_join(r[i].thread, NULL);
		total += r[i].incs;
	}
	last = ootb_count_read(c);
	printf("# race: %u resets, %u took more than one packet per CPU; "
	       "%llu increments, %llu taken, %llu left\n",
	       takes, busy, total, taken, last);
	check_int("count-race-reads-never-wrap", 0, wrapped);
	check_int("count-race-loses-nothing", total, taken + last);
	ootb_count_free(c);
}

/* ---- through the table, as netlink resets a range ----------------------- */

static void hit_on(const struct ootb_table *t, u16 port, unsigned int cpu,
		   unsigned int n)
{
	ootb_count_this_cpu = cpu;
	while (n--)
		ootb_entry_hit(ootb_table_lookup(t, port));
	ootb_count_this_cpu = 0;
}

static void test_table_reset(void)
{
	struct ootb_range_spec r = { .lo = 5000, .hi = 5100 };
	struct ootb_table *t = NULL, *n;
	struct ootb_reject why;

	ootb_table_add(NULL, &r, false, &t, &why);
	hit_on(t, 5000, 1, 3);
	hit_on(t, 5050, 3, 4);
	check_int("count-entry-matched", 7,
		  ootb_entry_matched(ootb_table_lookup(t, 5000)));
	check_int("count-entry-reset", 7,
		  ootb_entry_reset(ootb_table_lookup(t, 5000)));
	hit_on(t, 5001, 2, 2);
	/* The next table keeps the counter, and with it the reset. */
	r.lo = 6000;
	r.hi = 6000;
	ootb_table_add(t, &r, false, &n, &why);
	ootb_table_commit(t, n);
	ootb_table_free(t);
	t = n;
	hit_on(t, 5002, 1, 1);
	check_int("count-entry-reset-kept", 3,
		  ootb_entry_matched(ootb_table_lookup(t, 5000)));
	check_int("count-entry-other-fresh", 0,
		  ootb_entry_matched(ootb_table_lookup(t, 6000)));
	ootb_table_free(t);
}

int main(void)
{
	void (*const tests[])(void) = {
		test_slots, test_interleaved, test_window, test_race,
		test_table_reset,
	};
	unsigned int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		tests[i]();
	check_int("count-no-leaks", 0, ootb_shim_live);
	return check_summary();
}
