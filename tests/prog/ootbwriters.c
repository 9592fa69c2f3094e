// SPDX-License-Identifier: GPL-2.0
/*
 * ootbwriters: several threads edit the sctp_ootb table of this network
 * namespace at once, each on ranges of its own, and check every answer and
 * the final table.
 *
 *   ootbwriters [-w WRITERS] [-n OPS] [-b BASE] [-s SEED]
 *
 * Writer i (default 4 writers) owns the ports BASE + 1000 i .. + 999
 * (default BASE 20000) as 100 slots of 10 ports; slot k is the range
 * [lo, lo + k % 10] with lo = BASE + 1000 i + 10 k, so no two slots touch.
 * Each writer makes OPS requests (default 10000), each on a random slot of
 * its own: add (EEXIST when the slot is in the table), add with the REPLACE
 * flag (a new policy, or the range added), or delete (ENOENT when it is
 * not).  It knows what each answer must be, since nobody else touches its
 * slots; any other answer is a failure.
 *
 * At the end the table is dumped: the ranges inside the writers' ports
 * must be exactly what the writers left (range and policy), and the ranges
 * outside them exactly those of a dump taken before (range and policy).
 * Prints the seed, the operations per second and the final count; exit 0
 * when everything matched, 1 otherwise, 2 on usage errors.
 */
#include <pthread.h>

#include "../lib/nlm.h"
#include "prog.h"

#define SLOTS		100
#define MAX_WRITERS	16

struct writer {
	pthread_t th;
	int id;
	uint64_t rng;
	int8_t policy[SLOTS];	/* -1: not in the table */
	int8_t found[SLOTS];	/* in the final table */
	/* By op (add, replace, del): requests, and those refused as expected. */
	unsigned long done[3], refused[3];
	unsigned long bad;
	char first_bad[200];
};

static unsigned int base = 20000;
static unsigned long ops = 10000;

static uint16_t slot_lo(int w, int k)
{
	return base + 1000 * w + 10 * k;
}

static uint16_t slot_hi(int w, int k)
{
	return slot_lo(w, k) + k % 10;
}

static void *writer_run(void *arg)
{
	struct writer *w = arg;
	struct nlm *n = malloc(sizeof(*n));
	struct nlm_msg *m = malloc(sizeof(*m));
	unsigned long i;

	if (!n || !m || nlm_open(n, 60) || nlm_resolve(n)) {
		snprintf(w->first_bad, sizeof(w->first_bad), "writer %d: no %s family",
			 w->id, SCTP_OOTB_GENL_NAME);
		w->bad++;
		return NULL;
	}
	memset(w->policy, -1, sizeof(w->policy));
	for (i = 0; i < ops; i++) {
		uint64_t r = splitmix64(&w->rng);
		int k = r % SLOTS, op = (r >> 8) % 3, pol = (r >> 16) % 3, want, got;
		const char *what;

		nlm_ootb(m, n, op == 2 ? SCTP_OOTB_CMD_DEL_RANGE :
			 SCTP_OOTB_CMD_ADD_RANGE, NLM_F_REQUEST | NLM_F_ACK);
		what = op == 2 ? "del-range" : op ? "add-range replace" : "add-range";
		nlm_ports(m, slot_lo(w->id, k), slot_hi(w->id, k));
		if (op != 2)
			nlm_u8(m, SCTP_OOTB_A_POLICY, pol);
		if (op == 1)
			nlm_attr(m, SCTP_OOTB_A_REPLACE, NULL, 0);

		want = op == 1 ? 0 : op == 0 ? (w->policy[k] < 0 ? 0 : EEXIST) :
		       w->policy[k] < 0 ? ENOENT : 0;
		got = nlm_ask(n, m, NULL, NULL);
		if (got != want) {
			if (!w->bad++)
				snprintf(w->first_bad, sizeof(w->first_bad),
					 "writer %d, op %lu: %s %u-%u: expected %s, got %s",
					 w->id, i, what, slot_lo(w->id, k), slot_hi(w->id, k),
					 want ? strerror(want) : "success",
					 got > 0 ? strerror(got) : got ? "no answer" : "success");
			if (got < 0)
				break;
			continue;
		}
		if (!want)
			w->policy[k] = op == 2 ? -1 : pol;
		w->done[op]++;
		w->refused[op] += want != 0;
	}
	close(n->fd);
	free(m);
	free(n);
	return NULL;
}

/* ---- the table, as a list of ranges ------------------------------------------ */

struct list {
	struct nlm_range *r;
	size_t n;
};

static void list_msg(const struct nlmsghdr *h, void *arg)
{
	struct list *l = arg;

	l->r = realloc(l->r, (l->n + 1) * sizeof(*l->r));
	if (!l->r) {
		perror("ootbwriters");
		exit(1);
	}
	nlm_range_of(h, &l->r[l->n++]);
}

static int ours(const struct nlm_range *r, int writers)
{
	return r->lo >= base && r->lo < base + 1000 * writers;
}

#define USAGE "ootbwriters [-w WRITERS] [-n OPS] [-b BASE] [-s SEED]"

int main(int argc, char **argv)
{
	static struct writer w[MAX_WRITERS];
	unsigned long seed, bad = 0, total = 0, want_n = 0;
	struct list before = { 0 }, after = { 0 };
	int writers = 4, c, i, k;
	struct nlm *n = malloc(sizeof(*n));
	size_t j, outside;
	double t0, secs;

	seed = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16);
	while ((c = getopt(argc, argv, "w:n:b:s:")) != -1) {
		switch (c) {
		case 'w': writers = atoi(optarg); break;
		case 'n': ops = strtoul(optarg, NULL, 0); break;
		case 'b': base = strtoul(optarg, NULL, 0); break;
		case 's': seed = strtoul(optarg, NULL, 0); break;
		default: usage(USAGE);
		}
	}
	if (optind != argc || writers < 1 || writers > MAX_WRITERS || !base ||
	    base + 1000 * writers > 65536)
		usage(USAGE);
	printf("ootbwriters: seed %lu, %d writers x %lu operations on %u-%u\n",
	       seed, writers, ops, base, base + 1000 * writers - 1);
	fflush(stdout);

	if (!n || nlm_open(n, 60) || nlm_resolve(n) || nlm_dump(n, list_msg, &before)) {
		fprintf(stderr, "ootbwriters: cannot dump the table\n");
		return 1;
	}
	for (j = 0; j < before.n; j++) {
		if (ours(&before.r[j], writers)) {
			fprintf(stderr, "ootbwriters: %u-%u is already in the writers' ports\n",
				before.r[j].lo, before.r[j].hi);
			return 1;
		}
	}

	t0 = now();
	for (i = 0; i < writers; i++) {
		w[i].id = i;
		w[i].rng = seed * 131 + i;
		if (pthread_create(&w[i].th, NULL, writer_run, &w[i])) {
			perror("ootbwriters: pthread_create");
			return 1;
		}
	}
	for (i = 0; i < writers; i++)
		pthread_join(w[i].th, NULL);
	secs = now() - t0;

	for (i = 0; i < writers; i++) {
		total += w[i].done[0] + w[i].done[1] + w[i].done[2];
		bad += w[i].bad;
		printf("ootbwriters: writer %d: %lu add (%lu EEXIST), %lu replace, %lu del (%lu ENOENT), %lu unexpected answers%s%s\n",
		       i, w[i].done[0], w[i].refused[0], w[i].done[1], w[i].done[2], w[i].refused[2],
		       w[i].bad, w[i].bad ? ": " : "", w[i].first_bad);
	}
	printf("ootbwriters: %lu operations in %.1f s (%.0f/s)\n", total, secs,
	       secs > 0 ? total / secs : 0.0);

	if (nlm_dump(n, list_msg, &after)) {
		fprintf(stderr, "ootbwriters: cannot dump the table afterwards\n");
		return 1;
	}
	/* Every range in the writers' ports was left there by a writer... */
	for (j = 0; j < after.n; j++) {
		const struct nlm_range *r = &after.r[j];
		int wi = (r->lo - base) / 1000, slot;

		k = (r->lo - base) % 1000 / 10;
		if (!ours(r, writers))
			continue;
		slot = r->lo == slot_lo(wi, k) && r->hi == slot_hi(wi, k);
		w[wi].found[k] |= slot;
		if (!slot || w[wi].policy[k] != r->policy) {
			printf("ootbwriters: unexpected range in the table: %u-%u policy %u\n",
			       r->lo, r->hi, r->policy);
			bad++;
		}
	}
	/* ...and every range a writer left is there. */
	for (i = 0; i < writers; i++) {
		for (k = 0; k < SLOTS; k++) {
			want_n += w[i].policy[k] >= 0;
			if (w[i].policy[k] >= 0 && !w[i].found[k]) {
				printf("ootbwriters: missing from the table: %u-%u\n",
				       slot_lo(i, k), slot_hi(i, k));
				bad++;
			}
		}
	}
	/* The ranges around them are untouched. */
	outside = 0;
	for (j = 0; j < after.n; j++) {
		if (ours(&after.r[j], writers))
			continue;
		if (outside >= before.n || after.r[j].lo != before.r[outside].lo ||
		    after.r[j].hi != before.r[outside].hi ||
		    after.r[j].policy != before.r[outside].policy) {
			printf("ootbwriters: the ranges outside the writers' ports changed at %u-%u\n",
			       after.r[j].lo, after.r[j].hi);
			bad++;
			break;
		}
		outside++;
	}
	if (outside != before.n && !bad) {
		printf("ootbwriters: %zu ranges outside the writers' ports before, %zu after\n",
		       before.n, outside);
		bad++;
	}
	printf("ootbwriters: final table: %zu ranges, %lu of them the writers' (expected %lu)\n",
	       after.n, (unsigned long)(after.n - outside), want_n);
	return bad ? 1 : 0;
}
