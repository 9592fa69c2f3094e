/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlm: the raw generic netlink of the tests, shared by ootbnl, the abuse
 * programs (ootbfuzz, ootbwriters, ootbchurn, ootbreload, ootbdumpintr)
 * and fake_ootb,
 * the module's stand-in of the CLI tests: messages built by hand into a
 * buffer (any request at all, or a stand-in's replies), attributes walked,
 * a socket with extended acks that reads up to the answer of one request,
 * a family resolved, the sctp_ootb table dumped.  No libnl, so that a
 * request can be anything, and each thread can own its socket.
 */
#ifndef _OOTB_TESTS_NLM_H
#define _OOTB_TESTS_NLM_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "../../include/uapi/linux/sctp_ootb.h"

#define NLM_BUF		(64 * 1024)

/* ---- building messages -------------------------------------------------- */

/*
 * Messages built one after the other: a request (nlm_start), or the
 * replies of a stand-in (nlm_next).  Attributes go to the last message.
 */
struct nlm_msg {
	uint32_t len;		/* bytes used, every message */
	uint32_t start;		/* where the last message starts */
	int full;		/* an attribute did not fit */
	unsigned char b[NLM_BUF] __attribute__((aligned(4)));
};

static inline struct nlmsghdr *nlm_hdr(struct nlm_msg *m)
{
	return (struct nlmsghdr *)(m->b + m->start);
}

/* A new request: one generic netlink message, the buffer's only one. */
void nlm_start(struct nlm_msg *m, uint16_t type, uint16_t flags, uint8_t cmd,
	       uint8_t version);

/*
 * Another message after those already built, with @payload zeroed bytes
 * after its header; NULL when it does not fit.
 */
struct nlmsghdr *nlm_next(struct nlm_msg *m, uint16_t type, uint16_t flags,
			  uint32_t seq, uint32_t pid, uint32_t payload);

/*
 * Append an attribute with @len bytes of @data (zeroes if NULL) to the
 * last message; returns its offset in that message, or 0 (and m->full)
 * when it would not fit.  nlmsg_len follows.
 */
uint32_t nlm_attr(struct nlm_msg *m, uint16_t type, const void *data,
		  uint16_t len);

static inline void nlm_u8(struct nlm_msg *m, uint16_t type, uint8_t v)
{
	nlm_attr(m, type, &v, sizeof(v));
}

static inline void nlm_u16(struct nlm_msg *m, uint16_t type, uint16_t v)
{
	nlm_attr(m, type, &v, sizeof(v));
}

static inline void nlm_u32(struct nlm_msg *m, uint16_t type, uint32_t v)
{
	nlm_attr(m, type, &v, sizeof(v));
}

static inline void nlm_u64(struct nlm_msg *m, uint16_t type, uint64_t v)
{
	nlm_attr(m, type, &v, sizeof(v));
}

static inline uint32_t nlm_nest(struct nlm_msg *m, uint16_t type)
{
	return nlm_attr(m, type | NLA_F_NESTED, NULL, 0);
}

void nlm_nest_end(struct nlm_msg *m, uint32_t off);

/* ---- reading messages --------------------------------------------------- */

/* Walk the attributes in [p, end), stopping at a malformed one. */
#define nlm_for_each_attr(a, p, end)					\
	for (a = (const struct nlattr *)(p);				\
	     (const unsigned char *)a + NLA_HDRLEN <=			\
		(const unsigned char *)(end) &&				\
	     a->nla_len >= NLA_HDRLEN &&				\
	     (const unsigned char *)a + a->nla_len <=			\
		(const unsigned char *)(end);				\
	     a = (const struct nlattr *)((const unsigned char *)a +	\
					 NLA_ALIGN(a->nla_len)))

static inline const void *nlm_data(const struct nlattr *a)
{
	return (const unsigned char *)a + NLA_HDRLEN;
}

static inline const unsigned char *nlm_end(const void *p)
{
	const struct nlattr *a = p;

	return (const unsigned char *)a + a->nla_len;
}

/* A generic netlink message's first attribute and its end. */
static inline const void *nlm_genl_attrs(const struct nlmsghdr *h)
{
	return (const unsigned char *)NLMSG_DATA(h) + GENL_HDRLEN;
}

static inline const void *nlm_msg_end(const struct nlmsghdr *h)
{
	return (const unsigned char *)h + h->nlmsg_len;
}

/* An unsigned attribute of any width (0 for other lengths). */
uint64_t nlm_uint(const struct nlattr *a);

/* The top-level attribute @type of a genetlink message, by nlm_uint (0: none). */
uint64_t nlm_get(const struct nlmsghdr *h, uint16_t type);

/* ---- a socket and its answers ------------------------------------------- */

/* The answer to a request: its NLMSG_ERROR (0: an ACK) or NLMSG_DONE. */
struct nlm_answer {
	int error;		/* positive errno, 0 when accepted */
	char msg[512];		/* extack text, "" when none */
	long offs;		/* extack offset in the request, -1: none */
	long miss_type;		/* NLMSGERR_ATTR_MISS_TYPE, -1: none */
	long miss_nest;		/* NLMSGERR_ATTR_MISS_NEST, -1: none */
	int intr;		/* a part of the dump had NLM_F_DUMP_INTR */
};

struct nlm {
	int fd;
	uint32_t seq;
	uint16_t fam;		/* sctp_ootb's id, once resolved */
	uint32_t version, maxattr;
	int mcgrp;		/* its monitor group's id, -1: none */
	struct nlm_answer answer;	/* of the last nlm_read() */
	unsigned char rsp[4 * NLM_BUF];
};

/*
 * A netlink socket, bound, with extended and capped acks, that gives up
 * reading after @timeout seconds (0: never).  0 or a negative errno.
 */
int nlm_open(struct nlm *n, int timeout);

/* The socket's netlink port id. */
uint32_t nlm_portid(const struct nlm *n);

/*
 * Send @len bytes of @m (nlmsg_len may say otherwise) with the next
 * sequence number, which is returned (0 when sendto failed: errno).
 */
uint32_t nlm_send(struct nlm *n, struct nlm_msg *m, uint32_t len);

typedef void (*nlm_cb)(const struct nlmsghdr *h, void *arg);

/*
 * Read until the answer to sequence number @want: its NLMSG_ERROR (an ACK
 * when 0), its NLMSG_DONE, or its one reply when that came without
 * NLM_F_MULTI.  @on_msg sees the other messages of @want, @other those of
 * any other sequence number.  Returns the answer's errno (0: accepted),
 * with the details in n->answer, or -1 when nothing came in time.
 */
int nlm_read(struct nlm *n, uint32_t want, nlm_cb on_msg, nlm_cb other,
	     void *arg);

/* Send a whole request and read its answer: errno, 0 or -1 as nlm_read. */
int nlm_ask(struct nlm *n, struct nlm_msg *m, nlm_cb on_msg, void *arg);

/*
 * sctp_ootb's family: n->fam, version, maxattr and mcgrp; @on_reply (may
 * be NULL) sees the controller's reply too.  0 or an errno (-1: no answer).
 */
int nlm_resolve_cb(struct nlm *n, nlm_cb on_reply, void *arg);

static inline int nlm_resolve(struct nlm *n)
{
	return nlm_resolve_cb(n, NULL, NULL);
}

/* ---- the sctp_ootb table ------------------------------------------------ */

/* A request of sctp_ootb (n->fam), of its current version. */
static inline void nlm_ootb(struct nlm_msg *m, const struct nlm *n,
			    uint8_t cmd, uint16_t flags)
{
	nlm_start(m, n->fam, flags, cmd, SCTP_OOTB_GENL_VERSION);
}

/* START and END. */
static inline void nlm_ports(struct nlm_msg *m, uint16_t lo, uint16_t hi)
{
	nlm_u16(m, SCTP_OOTB_A_START, lo);
	nlm_u16(m, SCTP_OOTB_A_END, hi);
}

/* One range of a GET_RANGE dump. */
struct nlm_range {
	uint16_t lo, hi;
	uint8_t policy;
	uint64_t matched;
};

void nlm_range_of(const struct nlmsghdr *h, struct nlm_range *r);

/*
 * Dump the table of the socket's namespace: @on_msg sees each message;
 * n->answer.intr says whether the kernel flagged it interrupted.
 */
int nlm_dump(struct nlm *n, nlm_cb on_msg, void *arg);

/* GET_STATS: its attribute @type in *v (0 when absent). */
int nlm_stat(struct nlm *n, uint16_t type, uint64_t *v);

#endif /* _OOTB_TESTS_NLM_H */
