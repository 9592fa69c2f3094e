// SPDX-License-Identifier: GPL-2.0
/*
 * The port-range table: building, checking and indexing.  Plain C on top of
 * table_shim.h, built into the module and on the host for the unit tests.
 *
 * Every builder ends in table_finish(), which sorts the entries, checks that
 * they form a proper nesting, links each entry to the range around it,
 * attaches counters and paints the port index.  With entries sorted by lo
 * and widest first, the ranges that contain the current point form a chain
 * (innermost on top, linked by ->parent), so one sweep over the entries
 * checks the whole set and one sweep over the ports paints the index, in
 * O(n log n + 65536) whatever the nesting depth.
 */
#include "table.h"

#define NO_ENTRY 0	/* ->parent, ->from and index[] hold 1 + index */

#ifndef __KERNEL__
long ootb_shim_live;
long ootb_shim_fail_after = -1;
void (*ootb_shim_on_alloc)(size_t size);
__thread unsigned int ootb_count_this_cpu;
void (*ootb_count_on_read)(const struct ootb_count *s);
#endif

static const char * const policy_names[] = {
	[SCTP_OOTB_POLICY_DISCARD]	= "discard",
	[SCTP_OOTB_POLICY_ABORT]	= "abort",
	[SCTP_OOTB_POLICY_COUNT]	= "count",
};

const char *ootb_policy_name(u32 policy)
{
	if (policy > SCTP_OOTB_POLICY_MAX)
		return "?";
	return policy_names[policy];
}

int ootb_reason_errno(enum ootb_reason reason)
{
	switch (reason) {
	case OOTB_R_NONE:
		return 0;
	case OOTB_R_EXISTS:
	case OOTB_R_DUPLICATE:
	case OOTB_R_CLAIMED:
		return -EEXIST;
	case OOTB_R_OWNED:
		return -EPERM;
	case OOTB_R_CLAIMS_FULL:
		return -ENOSPC;
	case OOTB_R_OVERLAP:
		return -EBUSY;
	case OOTB_R_FULL:
		return -ENOSPC;
	case OOTB_R_NOENT:
		return -ENOENT;
	case OOTB_R_NOMEM:
		return -ENOMEM;
	case OOTB_R_PORT:
	case OOTB_R_ORDER:
	case OOTB_R_POLICY:
	case OOTB_R_SYNTAX:
		break;
	}
	return -EINVAL;
}

const char *ootb_reason_str(enum ootb_reason reason)
{
	switch (reason) {
	case OOTB_R_NONE:
		return "ok";
	case OOTB_R_PORT:
		return "port out of range";
	case OOTB_R_ORDER:
		return "start after end";
	case OOTB_R_POLICY:
		return "unknown policy";
	case OOTB_R_SYNTAX:
		return "bad range syntax";
	case OOTB_R_EXISTS:
		return "range already exists";
	case OOTB_R_DUPLICATE:
		return "duplicate range";
	case OOTB_R_OVERLAP:
		return "overlaps an existing range";
	case OOTB_R_FULL:
		return "table is full";
	case OOTB_R_NOENT:
		return "no such range";
	case OOTB_R_NOMEM:
		return "out of memory";
	case OOTB_R_OWNED:
		return "range is owned by another socket";
	case OOTB_R_CLAIMED:
		return "same range as a claim";
	case OOTB_R_CLAIMS_FULL:
		return "too many claims";
	}
	return "?";
}

static int reject(struct ootb_reject *why, enum ootb_reason reason, u32 pos)
{
	why->reason = reason;
	why->pos = pos;
	why->with_lo = 0;
	why->with_hi = 0;
	why->with_owner = 0;
	return ootb_reason_errno(reason);
}

static int reject_with(struct ootb_reject *why, enum ootb_reason reason,
		       u32 pos, const struct ootb_entry *with)
{
	int err = reject(why, reason, pos);

	why->with_lo = with->lo;
	why->with_hi = with->hi;
	why->with_owner = with->owner;
	return err;
}

static enum ootb_reason spec_check(const struct ootb_range_spec *r)
{
	if (r->lo < SCTP_OOTB_PORT_MIN || r->lo > SCTP_OOTB_PORT_MAX ||
	    r->hi < SCTP_OOTB_PORT_MIN || r->hi > SCTP_OOTB_PORT_MAX)
		return OOTB_R_PORT;
	if (r->lo > r->hi)
		return OOTB_R_ORDER;
	if (r->policy > SCTP_OOTB_POLICY_MAX)
		return OOTB_R_POLICY;
	return OOTB_R_NONE;
}

/* Two blocks, the index exactly 2^17 bytes: see table.h.  */
static struct ootb_table *table_alloc(u32 n)
{
	struct ootb_table *t;

	/*
	 * n <= OOTB_MAX_RANGES + OOTB_MAX_CLAIMS + 1: no overflow.  index[]
	 * is painted whole.
	 */
	t = ootb_alloc(sizeof(*t) + (size_t)n * sizeof(t->e[0]));
	if (!t)
		return NULL;
	t->index = ootb_alloc(OOTB_PORTS * sizeof(t->index[0]));
	if (!t->index) {
		ootb_free(t);
		return NULL;
	}
	t->n = n;
	memset(t->e, 0, (size_t)n * sizeof(t->e[0]));
	return t;
}

/* Entry order: lo ascending, then widest first, then request order. */
static int entry_cmp(const void *a, const void *b)
{
	const struct ootb_entry *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi > y->hi ? -1 : 1;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return 0;
}

/* Index of [lo, hi] in @t, or -1. */
static int table_find(const struct ootb_table *t, u32 lo, u32 hi)
{
	u32 left = 0, right = ootb_table_size(t);

	while (left < right) {
		u32 mid = left + (right - left) / 2;
		const struct ootb_entry *e = &t->e[mid];

		if (e->lo == lo && e->hi == hi)
			return mid;
		if (e->lo < lo || (e->lo == lo && e->hi > hi))
			left = mid + 1;
		else
			right = mid;
	}
	return -1;
}

/*
 * Check that the sorted entries nest properly and link ->parent.  The entry
 * at fault is the later one in request order; the other is named in @why.
 */
static int table_check(struct ootb_table *t, struct ootb_reject *why)
{
	u32 cur = NO_ENTRY;
	u32 i;

	for (i = 0; i < t->n; i++) {
		struct ootb_entry *e = &t->e[i];

		/* Leave the ranges that end before this one starts. */
		while (cur != NO_ENTRY && t->e[cur - 1].hi < e->lo)
			cur = t->e[cur - 1].parent;

		if (cur != NO_ENTRY) {
			const struct ootb_entry *c = &t->e[cur - 1];
			enum ootb_reason reason = OOTB_R_NONE;

			/* c->lo <= e->lo <= c->hi here, by the sort. */
			if (c->lo == e->lo && c->hi == e->hi)
				reason = c->owner || e->owner ?
					 OOTB_R_CLAIMED : OOTB_R_DUPLICATE;
			else if (e->hi > c->hi)
				reason = OOTB_R_OVERLAP;
			if (reason != OOTB_R_NONE) {
				if (e->pos > c->pos)
					return reject_with(why, reason,
							   e->pos, c);
				return reject_with(why, reason, c->pos, e);
			}
		}
		e->parent = cur;
		/* The parent comes first in this order: its flag is final. */
		e->reserved = e->reserve ||
			      (cur != NO_ENTRY && t->e[cur - 1].reserved);
		cur = i + 1;
	}
	return 0;
}

/* The innermost range containing each port decides it. */
static void table_paint(struct ootb_table *t)
{
	u32 cur = NO_ENTRY;
	u32 next = 0;
	u32 port;

	t->index[0] = NO_ENTRY;
	for (port = 1; port < OOTB_PORTS; port++) {
		while (cur != NO_ENTRY && t->e[cur - 1].hi < port)
			cur = t->e[cur - 1].parent;
		/* Ranges starting here come outermost first. */
		while (next < t->n && t->e[next].lo == port)
			cur = ++next;
		t->index[port] = cur;
	}
}

/* Share the counters of ranges kept from @old, allocate the others. */
static int table_counters(struct ootb_table *t, const struct ootb_table *old,
			  struct ootb_reject *why)
{
	u32 i;

	for (i = 0; i < t->n; i++) {
		struct ootb_entry *e = &t->e[i];
		int k = table_find(old, e->lo, e->hi);

		if (k >= 0) {
			e->count = old->e[k].count;
			e->from = k + 1;
			e->own = 0;
			continue;
		}
		e->count = ootb_count_alloc();
		if (!e->count)
			return reject(why, OOTB_R_NOMEM, e->pos);
		e->from = NO_ENTRY;
		e->own = 1;
	}
	return 0;
}

static int table_finish(struct ootb_table *t, const struct ootb_table *old,
			struct ootb_reject *why)
{
	u32 i;
	int err;

	ootb_sort(t->e, t->n, sizeof(t->e[0]), entry_cmp);
	err = table_check(t, why);
	if (err)
		return err;
	t->claims = 0;
	for (i = 0; i < t->n; i++)
		if (t->e[i].owner)
			t->claims++;
	if (t->claims > OOTB_MAX_CLAIMS)
		return reject(why, OOTB_R_CLAIMS_FULL, t->n - 1);
	if (t->n - t->claims > OOTB_MAX_RANGES)
		return reject(why, OOTB_R_FULL, t->n - 1);
	err = table_counters(t, old, why);
	if (err)
		return err;
	table_paint(t);
	return 0;
}

/* An edit of one range: @t into *@newp, or freed with the reason why not. */
static int table_finish_one(struct ootb_table *t, const struct ootb_table *old,
			    struct ootb_table **newp, struct ootb_reject *why)
{
	int err = table_finish(t, old, why);

	if (err) {
		ootb_table_free(t);
		why->pos = 0;
		return err;
	}
	*newp = t;
	return 0;
}

static void entry_from_spec(struct ootb_entry *e,
			    const struct ootb_range_spec *r, u32 pos)
{
	e->lo = r->lo;
	e->hi = r->hi;
	e->policy = r->policy;
	e->reserve = r->reserve;
	e->pos = pos;
	e->owner = r->owner;
	e->who = r->owner ? r->who : NULL;
	ootb_owner_get(e->who);
}

/* Entry @i of @old as entry @n of @t, at position @n of the request. */
static void copy_entry(struct ootb_table *t, u32 n,
		       const struct ootb_table *old, u32 i)
{
	t->e[n].lo = old->e[i].lo;
	t->e[n].hi = old->e[i].hi;
	t->e[n].policy = old->e[i].policy;
	t->e[n].reserve = old->e[i].reserve;
	t->e[n].owner = old->e[i].owner;
	t->e[n].who = old->e[i].who;
	ootb_owner_get(t->e[n].who);
	t->e[n].pos = n;
}

/* Copy @old's ranges into @t, in order, skipping index @skip (or -1). */
static u32 copy_entries(struct ootb_table *t, const struct ootb_table *old,
			int skip)
{
	u32 i, n = 0;

	for (i = 0; i < ootb_table_size(old); i++) {
		if ((int)i == skip)
			continue;
		copy_entry(t, n++, old, i);
	}
	return n;
}

int ootb_table_add(const struct ootb_table *old,
		   const struct ootb_range_spec *r, bool replace,
		   struct ootb_table **newp, struct ootb_reject *why)
{
	enum ootb_reason reason = spec_check(r);
	struct ootb_table *t;
	u32 n = ootb_table_size(old);
	int k;

	*newp = NULL;
	if (reason != OOTB_R_NONE)
		return reject(why, reason, 0);

	k = table_find(old, r->lo, r->hi);
	if (k >= 0) {
		const struct ootb_entry *e = &old->e[k];

		/* Never someone else's claim; never a change of owner. */
		if (e->owner && e->owner != r->owner)
			return reject_with(why, OOTB_R_CLAIMED, 0, e);
		if (!replace || e->owner != r->owner)
			return reject_with(why, OOTB_R_EXISTS, 0, e);
	}

	t = table_alloc(k >= 0 ? n : n + 1);
	if (!t)
		return reject(why, OOTB_R_NOMEM, 0);
	copy_entries(t, old, -1);
	if (k >= 0) {
		t->e[k].policy = r->policy;
		t->e[k].reserve = r->reserve;
	} else {
		entry_from_spec(&t->e[n], r, n);	/* last in request order */
	}
	return table_finish_one(t, old, newp, why);
}

int ootb_table_del(const struct ootb_table *old, u32 lo, u32 hi,
		   u32 requester, bool force,
		   struct ootb_table **newp, struct ootb_reject *why)
{
	struct ootb_range_spec r = { .lo = lo, .hi = hi };
	enum ootb_reason reason = spec_check(&r);
	struct ootb_table *t;
	int k;

	*newp = NULL;
	if (reason != OOTB_R_NONE)
		return reject(why, reason, 0);

	k = table_find(old, lo, hi);
	if (k < 0)
		return reject(why, OOTB_R_NOENT, 0);
	if (old->e[k].owner && old->e[k].owner != requester && !force)
		return reject_with(why, OOTB_R_OWNED, 0, &old->e[k]);
	if (old->n == 1)
		return 0;

	t = table_alloc(old->n - 1);
	if (!t)
		return reject(why, OOTB_R_NOMEM, 0);
	copy_entries(t, old, k);
	return table_finish_one(t, old, newp, why);
}

int ootb_table_build(const struct ootb_table *old,
		     const struct ootb_range_spec *list, u32 n,
		     struct ootb_table **newp, struct ootb_reject *why)
{
	u32 i, m = ootb_table_claims(old), c = 0;
	struct ootb_table *t;
	int err;

	*newp = NULL;
	if (n > OOTB_MAX_RANGES)
		return reject(why, OOTB_R_FULL, OOTB_MAX_RANGES);
	for (i = 0; i < n; i++) {
		enum ootb_reason reason = spec_check(&list[i]);

		if (reason != OOTB_R_NONE)
			return reject(why, reason, i);
	}
	if (!n && !m)
		return 0;

	t = table_alloc(m + n);
	if (!t)
		return reject(why, OOTB_R_NOMEM, 0);
	/*
	 * The claims first in request order, so that a range of @list that
	 * collides with one is always the later, the one at fault.
	 */
	for (i = 0; i < ootb_table_size(old); i++)
		if (old->e[i].owner)
			copy_entry(t, c++, old, i);
	for (i = 0; i < n; i++) {
		struct ootb_range_spec r = list[i];

		r.owner = 0;	/* a claim is made by add only */
		entry_from_spec(&t->e[m + i], &r, m + i);
	}
	err = table_finish(t, old, why);
	if (err) {
		ootb_table_free(t);
		if (why->pos >= m)
			why->pos -= m;
		return err;
	}
	*newp = t;
	return 0;
}

int ootb_table_drop(const struct ootb_table *old,
		    bool (*gone)(const struct ootb_entry *e, void *arg),
		    void *arg, struct ootb_table **newp,
		    struct ootb_reject *why)
{
	u32 i, n = 0, keep = 0;
	struct ootb_table *t;
	int err;

	*newp = NULL;
	for (i = 0; i < ootb_table_size(old); i++)
		if (!gone(&old->e[i], arg))
			keep++;
	if (keep == ootb_table_size(old))
		return 0;
	if (!keep)
		return ootb_table_size(old);

	t = table_alloc(keep);
	if (!t)
		return reject(why, OOTB_R_NOMEM, 0);
	for (i = 0; i < ootb_table_size(old); i++)
		if (!gone(&old->e[i], arg))
			copy_entry(t, n++, old, i);
	/* A subset of a proper table: only an allocation can fail. */
	err = table_finish(t, old, why);
	if (err) {
		ootb_table_free(t);
		return err;
	}
	*newp = t;
	return ootb_table_size(old) - keep;
}

static bool entry_unowned(const struct ootb_entry *e, void *arg)
{
	(void)arg;
	return !e->owner;
}

int ootb_table_flush(const struct ootb_table *old,
		     struct ootb_table **newp, struct ootb_reject *why)
{
	return ootb_table_drop(old, entry_unowned, NULL, newp, why);
}

void ootb_table_commit(struct ootb_table *old, struct ootb_table *new)
{
	u32 i;

	if (!old || !new)
		return;
	for (i = 0; i < new->n; i++) {
		struct ootb_entry *e = &new->e[i];

		if (e->from == NO_ENTRY)
			continue;
		old->e[e->from - 1].own = 0;
		e->own = 1;
	}
}

void ootb_table_free(struct ootb_table *t)
{
	u32 i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++) {
		if (t->e[i].own)
			ootb_count_free(t->e[i].count);
		ootb_owner_put(t->e[i].who);
	}
	ootb_free(t->index);
	ootb_free(t);
}

const struct ootb_entry *ootb_table_find(const struct ootb_table *t,
					 u32 lo, u32 hi)
{
	int k = table_find(t, lo, hi);

	return k < 0 ? NULL : &t->e[k];
}

bool ootb_table_reserves(const struct ootb_table *t)
{
	u32 i;

	for (i = 0; i < ootb_table_size(t); i++)
		if (t->e[i].reserve)
			return true;
	return false;
}

/*
 * One pass over the ports: ->reserved of the innermost range tells whether
 * any range around the port asked for RESERVE (table_check() folded the
 * flag down the nesting).  Only runs for a namespace that has used RESERVE.
 */
u32 ootb_reserve_sync(const struct ootb_table *t, unsigned long *sys,
		      unsigned long *ours)
{
	u32 port, kept = 0;

	for (port = SCTP_OOTB_PORT_MIN; port < OOTB_PORTS; port++) {
		const struct ootb_entry *e = ootb_table_lookup(t, port);
		bool want = e && e->reserved;

		if (ootb_bit_test(port, ours)) {
			if (want) {
				ootb_bit_set(port, sys);
				kept++;
			} else {
				ootb_bit_clear(port, sys);
				ootb_bit_clear(port, ours);
			}
		} else if (want && !ootb_bit_test_and_set(port, sys)) {
			ootb_bit_set(port, ours);
			kept++;
		}
	}
	return kept;
}

/* Digits to a number, saturating well above any port: 0 when none. */
static const char *parse_port(const char *s, u32 *val, bool *ok)
{
	u32 v = 0;

	*ok = *s >= '0' && *s <= '9';
	while (*s >= '0' && *s <= '9') {
		if (v <= 1000000)
			v = v * 10 + (*s - '0');
		s++;
	}
	*val = v;
	return s;
}

static const char *parse_policy(const char *s, u32 *policy, bool *ok)
{
	size_t len = 0;
	u32 p;

	while (s[len] && s[len] != ',')
		len++;
	*ok = false;
	for (p = 0; p <= SCTP_OOTB_POLICY_MAX; p++) {
		if (strlen(policy_names[p]) == len &&
		    !strncmp(s, policy_names[p], len)) {
			*policy = p;
			*ok = true;
			break;
		}
	}
	return s + len;
}

int ootb_parse_ranges(const char *s, struct ootb_range_spec *out, u32 max,
		      u32 *n, struct ootb_reject *why)
{
	u32 count = 0;
	bool ok;

	*n = 0;
	if (!s || !*s)
		return 0;

	for (;;) {
		struct ootb_range_spec r = {
			.policy = SCTP_OOTB_POLICY_DISCARD,
		};

		if (count >= max)
			return reject(why, OOTB_R_FULL, count);

		s = parse_port(s, &r.lo, &ok);
		if (!ok)
			return reject(why, OOTB_R_SYNTAX, count);
		r.hi = r.lo;
		if (*s == '-') {
			s = parse_port(s + 1, &r.hi, &ok);
			if (!ok)
				return reject(why, OOTB_R_SYNTAX, count);
		}
		if (*s == ':') {
			s = parse_policy(s + 1, &r.policy, &ok);
			if (!ok)
				return reject(why, OOTB_R_POLICY, count);
		}
		if (*s != ',' && *s != '\0')
			return reject(why, OOTB_R_SYNTAX, count);

		out[count++] = r;
		if (*s == '\0')
			break;
		s++;	/* a trailing ',' is an empty item: a syntax error */
	}
	*n = count;
	return 0;
}
