/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlmini: the raw generic netlink that the abuse programs (ootbfuzz,
 * ootbwriters, ootbchurn) share: a socket with extended acks, requests
 * built by hand, reading up to the answer of one request, the sctp_ootb
 * family's id and a dump of its table.  No libnl, so that a request can be
 * anything at all, and each thread can own its socket.
 */
#ifndef _OOTB_NLMINI_H
#define _OOTB_NLMINI_H

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

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define NLM_BUF		(64 * 1024)

struct nlm {
	int fd;
	uint16_t fam;		/* sctp_ootb's id, once resolved */
	uint32_t seq;
	unsigned char rsp[4 * NLM_BUF];
};

struct nlm_msg {
	uint32_t len;
	unsigned char b[NLM_BUF];
};

static inline struct nlmsghdr *nlm_hdr(struct nlm_msg *m)
{
	return (struct nlmsghdr *)m->b;
}

/* A netlink socket that gives up reading after @timeout seconds. */
static inline int nlm_open(struct nlm *n, int timeout)
{
	struct timeval tv = { .tv_sec = timeout };
	int one = 1, big = 1 << 20;

	n->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (n->fd < 0)
		return -errno;
	setsockopt(n->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(n->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(n->fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(n->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	n->seq = 0;
	n->fam = 0;
	return 0;
}

static inline void nlm_start(struct nlm_msg *m, uint16_t type, uint16_t flags,
			     uint8_t cmd, uint8_t version)
{
	struct genlmsghdr *g;

	memset(m->b, 0, NLMSG_LENGTH(GENL_HDRLEN));
	nlm_hdr(m)->nlmsg_type = type;
	nlm_hdr(m)->nlmsg_flags = flags;
	g = NLMSG_DATA(nlm_hdr(m));
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_LENGTH(GENL_HDRLEN);
	nlm_hdr(m)->nlmsg_len = m->len;
}

/*
 * Append an attribute with @len bytes of @data (zeroes if NULL); returns its
 * offset, or 0 when it would not fit.  nlmsg_len follows m->len.
 */
static inline uint32_t nlm_attr(struct nlm_msg *m, uint16_t type,
				const void *data, uint16_t len)
{
	uint32_t off = NLA_ALIGN(m->len);
	struct nlattr *a = (struct nlattr *)(m->b + off);

	if (off + NLA_ALIGN(NLA_HDRLEN + len) > sizeof(m->b) - 256)
		return 0;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (data)
		memcpy(m->b + off + NLA_HDRLEN, data, len);
	else
		memset(m->b + off + NLA_HDRLEN, 0, len);
	memset(m->b + off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->len = off + NLA_ALIGN(a->nla_len);
	nlm_hdr(m)->nlmsg_len = m->len;
	return off;
}

static inline void nlm_u16(struct nlm_msg *m, uint16_t type, uint16_t v)
{
	nlm_attr(m, type, &v, sizeof(v));
}

static inline void nlm_u8(struct nlm_msg *m, uint16_t type, uint8_t v)
{
	nlm_attr(m, type, &v, sizeof(v));
}

static inline uint32_t nlm_nest(struct nlm_msg *m, uint16_t type)
{
	return nlm_attr(m, type | NLA_F_NESTED, NULL, 0);
}

static inline void nlm_nest_end(struct nlm_msg *m, uint32_t off)
{
	if (off)
		((struct nlattr *)(m->b + off))->nla_len = m->len - off;
}

/* Send @len bytes of @m (nlmsg_len may say otherwise) with the next
 * sequence number, which is returned (0 when sendto failed: errno). */
static inline uint32_t nlm_send(struct nlm *n, struct nlm_msg *m, uint32_t len)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	nlm_hdr(m)->nlmsg_seq = ++n->seq;
	if (sendto(n->fd, m->b, len, 0, (struct sockaddr *)&k, sizeof(k)) < 0)
		return 0;
	return n->seq;
}

typedef void (*nlm_cb)(const struct nlmsghdr *h, void *arg);

/*
 * Read until the answer to sequence number @want: its NLMSG_ERROR (an ACK
 * when 0), its NLMSG_DONE, or its one reply when that came without
 * NLM_F_MULTI.  @on_msg sees the other messages of @want, @other those of
 * any other sequence number.  Returns the answer's errno (0: accepted), or
 * -1 when nothing came in time.
 */
static inline int nlm_read(struct nlm *n, uint32_t want, nlm_cb on_msg,
			   nlm_cb other, void *arg)
{
	for (;;) {
		ssize_t len = recv(n->fd, n->rsp, sizeof(n->rsp), 0);
		struct nlmsghdr *h;

		if (len < 0) {
			/* ENOBUFS: our receive queue overran; read on */
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			return -1;
		}
		for (h = (struct nlmsghdr *)n->rsp; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != want) {
				if (other)
					other(h, arg);
				continue;
			}
			if (h->nlmsg_type == NLMSG_ERROR)
				return -((const struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (on_msg)
				on_msg(h, arg);
			if (!(h->nlmsg_flags & NLM_F_MULTI))
				return 0;
		}
	}
}

/* Send a whole request and read its answer: errno, 0 or -1 as nlm_read. */
static inline int nlm_ask(struct nlm *n, struct nlm_msg *m, nlm_cb on_msg,
			  void *arg)
{
	uint32_t seq = nlm_send(n, m, m->len);

	if (!seq)
		return errno;
	return nlm_read(n, seq, on_msg, NULL, arg);
}

/* Call @fn for each attribute of a genetlink message (top level). */
static inline void nlm_attrs(const struct nlmsghdr *h,
			     void (*fn)(uint16_t type, const void *v, uint16_t len, void *arg),
			     void *arg)
{
	const unsigned char *p = (const unsigned char *)NLMSG_DATA(h) + GENL_HDRLEN;
	const unsigned char *end = (const unsigned char *)h + h->nlmsg_len;

	while (p + NLA_HDRLEN <= end) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || p + a->nla_len > end)
			break;
		fn(a->nla_type & NLA_TYPE_MASK, p + NLA_HDRLEN,
		   a->nla_len - NLA_HDRLEN, arg);
		p += NLA_ALIGN(a->nla_len);
	}
}

static inline void nlm_family_attr(uint16_t type, const void *v, uint16_t len,
				   void *arg)
{
	if (type == CTRL_ATTR_FAMILY_ID && len >= sizeof(uint16_t))
		memcpy(arg, v, sizeof(uint16_t));
}

static inline void nlm_family_msg(const struct nlmsghdr *h, void *arg)
{
	nlm_attrs(h, nlm_family_attr, arg);
}

/* sctp_ootb's family id into n->fam; 0 or an errno (-1: no answer). */
static inline int nlm_resolve(struct nlm *n)
{
	struct nlm_msg *m = malloc(sizeof(*m));
	int err;

	if (!m)
		return ENOMEM;
	nlm_start(m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	nlm_attr(m, CTRL_ATTR_FAMILY_NAME, SCTP_OOTB_GENL_NAME,
		 sizeof(SCTP_OOTB_GENL_NAME));
	err = nlm_ask(n, m, nlm_family_msg, &n->fam);
	free(m);
	if (!err && !n->fam)
		err = ENOENT;
	return err;
}

/* One range of a GET_RANGE dump. */
struct nlm_range {
	uint16_t lo, hi;
	uint8_t policy;
	uint64_t matched;
};

static inline void nlm_range_attr(uint16_t type, const void *v, uint16_t len,
				  void *arg)
{
	struct nlm_range *r = arg;

	if (type == SCTP_OOTB_A_START && len >= 2)
		memcpy(&r->lo, v, 2);
	else if (type == SCTP_OOTB_A_END && len >= 2)
		memcpy(&r->hi, v, 2);
	else if (type == SCTP_OOTB_A_POLICY && len >= 1)
		memcpy(&r->policy, v, 1);
	else if (type == SCTP_OOTB_A_MATCHED && len >= 8)
		memcpy(&r->matched, v, 8);
}

static inline void nlm_range_of(const struct nlmsghdr *h, struct nlm_range *r)
{
	memset(r, 0, sizeof(*r));
	nlm_attrs(h, nlm_range_attr, r);
}

/* Dump the table of the socket's namespace: @on_msg sees each message. */
static inline int nlm_dump(struct nlm *n, nlm_cb on_msg, void *arg)
{
	struct nlm_msg *m = malloc(sizeof(*m));
	int err;

	if (!m)
		return ENOMEM;
	nlm_start(m, n->fam, NLM_F_REQUEST | NLM_F_DUMP, SCTP_OOTB_CMD_GET_RANGE,
		  SCTP_OOTB_GENL_VERSION);
	err = nlm_ask(n, m, on_msg, arg);
	free(m);
	return err;
}

#endif /* _OOTB_NLMINI_H */
