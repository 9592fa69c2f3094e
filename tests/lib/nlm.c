// SPDX-License-Identifier: GPL-2.0
/*
 * nlm: the raw generic netlink of the tests (see nlm.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "nlm.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* ---- building ----------------------------------------------------------- */

void nlm_start(struct nlm_msg *m, uint16_t type, uint16_t flags, uint8_t cmd,
	       uint8_t version)
{
	struct genlmsghdr *g;

	m->len = 0;
	m->start = 0;
	m->full = 0;
	nlm_next(m, type, flags, 0, 0, GENL_HDRLEN);
	g = NLMSG_DATA(nlm_hdr(m));
	g->cmd = cmd;
	g->version = version;
}

struct nlmsghdr *nlm_next(struct nlm_msg *m, uint16_t type, uint16_t flags,
			  uint32_t seq, uint32_t pid, uint32_t payload)
{
	uint32_t start = NLMSG_ALIGN(m->len);
	struct nlmsghdr *h;

	if (start + NLMSG_ALIGN(NLMSG_LENGTH(payload)) > sizeof(m->b))
		return NULL;
	m->start = start;
	h = nlm_hdr(m);
	memset(h, 0, NLMSG_ALIGN(NLMSG_LENGTH(payload)));
	h->nlmsg_len = NLMSG_LENGTH(payload);
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = pid;
	m->len = start + h->nlmsg_len;
	return h;
}

uint32_t nlm_attr(struct nlm_msg *m, uint16_t type, const void *data,
		  uint16_t len)
{
	uint32_t off = NLA_ALIGN(m->len);
	struct nlattr *a = (struct nlattr *)(m->b + off);

	/* Room is kept for a reply that echoes the request. */
	if (off + NLA_ALIGN(NLA_HDRLEN + len) > sizeof(m->b) - 256) {
		m->full = 1;
		return 0;
	}
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (data)
		memcpy(m->b + off + NLA_HDRLEN, data, len);
	else
		memset(m->b + off + NLA_HDRLEN, 0, len);
	memset(m->b + off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->len = off + NLA_ALIGN(a->nla_len);
	nlm_hdr(m)->nlmsg_len = m->len - m->start;
	return off - m->start;
}

void nlm_nest_end(struct nlm_msg *m, uint32_t off)
{
	if (off)
		((struct nlattr *)(m->b + m->start + off))->nla_len =
			m->len - m->start - off;
}

/* ---- reading ------------------------------------------------------------ */

uint64_t nlm_uint(const struct nlattr *a)
{
	int len = a->nla_len - NLA_HDRLEN;
	uint64_t v = 0;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return 0;
	/* Host order: the low bytes first, or last on a big-endian host. */
	memcpy((unsigned char *)&v +
	       (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? 8 - len : 0),
	       nlm_data(a), len);
	return v;
}

uint64_t nlm_get(const struct nlmsghdr *h, uint16_t type)
{
	const struct nlattr *a;

	nlm_for_each_attr(a, nlm_genl_attrs(h), nlm_msg_end(h))
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return nlm_uint(a);
	return 0;
}

/* The extack TLVs of an NLMSG_ERROR or NLMSG_DONE message. */
static void answer_tlvs(const void *p, const void *end, struct nlm_answer *a)
{
	const struct nlattr *t;

	nlm_for_each_attr(t, p, end) {
		int vlen = t->nla_len - NLA_HDRLEN;

		switch (t->nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG:
			snprintf(a->msg, sizeof(a->msg), "%.*s",
				 (int)strnlen(nlm_data(t), vlen),
				 (const char *)nlm_data(t));
			break;
		case NLMSGERR_ATTR_OFFS:
			if (vlen == 4)
				a->offs = nlm_uint(t);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (vlen == 4)
				a->miss_type = nlm_uint(t);
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			if (vlen == 4)
				a->miss_nest = nlm_uint(t);
			break;
		}
	}
}

/* @h is an answer (NLMSG_ERROR, NLMSG_DONE): 1 and @a filled, else 0. */
static int answer_of(const struct nlmsghdr *h, struct nlm_answer *a)
{
	const unsigned char *d = NLMSG_DATA(h);
	int err = 0;

	memset(a, 0, sizeof(*a));
	a->offs = a->miss_type = a->miss_nest = -1;
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = (const void *)d;
		const unsigned char *tlv = (const void *)(e + 1);

		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
			a->error = EBADMSG;
			return 1;
		}
		a->error = -e->error;
		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			tlv += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
		if (h->nlmsg_flags & NLM_F_ACK_TLVS)
			answer_tlvs(tlv, nlm_msg_end(h), a);
		return 1;
	}
	if (h->nlmsg_type == NLMSG_DONE) {
		if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
			memcpy(&err, d, sizeof(err));
		a->error = -err;
		if (h->nlmsg_flags & NLM_F_ACK_TLVS)
			answer_tlvs(d + NLMSG_ALIGN(sizeof(err)),
				    nlm_msg_end(h), a);
		return 1;
	}
	return 0;
}

/* ---- the socket --------------------------------------------------------- */

int nlm_open(struct nlm *n, int timeout)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = timeout };
	int one = 1, big = 1 << 20;

	n->seq = 0;
	n->fam = 0;
	n->mcgrp = -1;
	n->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (n->fd < 0)
		return -errno;
	if (bind(n->fd, (struct sockaddr *)&local, sizeof(local)) < 0 ||
	    setsockopt(n->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one,
		       sizeof(one)) < 0) {
		int err = -errno;

		close(n->fd);
		return err;
	}
	setsockopt(n->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(n->fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	if (timeout)
		setsockopt(n->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

uint32_t nlm_portid(const struct nlm *n)
{
	struct sockaddr_nl sa;
	socklen_t len = sizeof(sa);

	if (getsockname(n->fd, (struct sockaddr *)&sa, &len) < 0)
		return 0;
	return sa.nl_pid;
}

uint32_t nlm_send(struct nlm *n, struct nlm_msg *m, uint32_t len)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	nlm_hdr(m)->nlmsg_seq = ++n->seq;
	if (sendto(n->fd, m->b, len, 0, (struct sockaddr *)&k, sizeof(k)) < 0)
		return 0;
	return n->seq;
}

int nlm_read(struct nlm *n, uint32_t want, nlm_cb on_msg, nlm_cb other,
	     void *arg)
{
	int intr = 0;

	for (;;) {
		struct iovec iov = { n->rsp, sizeof(n->rsp) };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t len = recvmsg(n->fd, &mh, 0);
		struct nlmsghdr *h;

		if (len < 0) {
			/* ENOBUFS: our receive queue overran; read on */
			if (errno == EINTR || errno == ENOBUFS)
				continue;
			return -1;
		}
		if (len == 0 || (mh.msg_flags & MSG_TRUNC)) {
			fprintf(stderr, "nlm: %s\n", len ? "answer too large" :
							    "no answer");
			return -1;
		}
		for (h = (struct nlmsghdr *)n->rsp; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != want) {
				if (other)
					other(h, arg);
				continue;
			}
			intr |= !!(h->nlmsg_flags & NLM_F_DUMP_INTR);
			if (answer_of(h, &n->answer)) {
				n->answer.intr = intr;
				return n->answer.error;
			}
			if (on_msg)
				on_msg(h, arg);
			if (!(h->nlmsg_flags & NLM_F_MULTI)) {
				answer_of(h, &n->answer);	/* none: 0 */
				return 0;
			}
		}
	}
}

int nlm_ask(struct nlm *n, struct nlm_msg *m, nlm_cb on_msg, void *arg)
{
	uint32_t seq = nlm_send(n, m, m->len);

	if (!seq)
		return errno;
	return nlm_read(n, seq, on_msg, NULL, arg);
}

/* ---- the family --------------------------------------------------------- */

struct family_ask {
	struct nlm *n;
	nlm_cb on_reply;
	void *arg;
};

static void family_reply(const struct nlmsghdr *h, void *arg)
{
	struct family_ask *fa = arg;
	const struct nlattr *a, *g, *ga;

	if (h->nlmsg_type != GENL_ID_CTRL)
		return;
	nlm_for_each_attr(a, nlm_genl_attrs(h), nlm_msg_end(h)) {
		switch (a->nla_type & NLA_TYPE_MASK) {
		case CTRL_ATTR_FAMILY_ID:
			fa->n->fam = nlm_uint(a);
			break;
		case CTRL_ATTR_VERSION:
			fa->n->version = nlm_uint(a);
			break;
		case CTRL_ATTR_MAXATTR:
			fa->n->maxattr = nlm_uint(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			nlm_for_each_attr(g, nlm_data(a), nlm_end(a)) {
				const char *name = NULL;
				int id = -1;

				nlm_for_each_attr(ga, nlm_data(g), nlm_end(g)) {
					if ((ga->nla_type & NLA_TYPE_MASK) ==
					    CTRL_ATTR_MCAST_GRP_NAME)
						name = nlm_data(ga);
					if ((ga->nla_type & NLA_TYPE_MASK) ==
					    CTRL_ATTR_MCAST_GRP_ID)
						id = nlm_uint(ga);
				}
				if (name &&
				    !strcmp(name, SCTP_OOTB_MCGRP_MONITOR))
					fa->n->mcgrp = id;
			}
			break;
		}
	}
	if (fa->on_reply)
		fa->on_reply(h, fa->arg);
}

int nlm_resolve_cb(struct nlm *n, nlm_cb on_reply, void *arg)
{
	struct family_ask fa = { n, on_reply, arg };
	struct nlm_msg *m = malloc(sizeof(*m));
	int err;

	if (!m)
		return ENOMEM;
	n->fam = 0;
	n->mcgrp = -1;
	nlm_start(m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK,
		  CTRL_CMD_GETFAMILY, 1);
	nlm_attr(m, CTRL_ATTR_FAMILY_NAME, SCTP_OOTB_GENL_NAME,
		 sizeof(SCTP_OOTB_GENL_NAME));
	err = nlm_ask(n, m, family_reply, &fa);
	free(m);
	if (!err && !n->fam)
		err = ENOENT;
	return err;
}

/* ---- the sctp_ootb table ------------------------------------------------ */

void nlm_range_of(const struct nlmsghdr *h, struct nlm_range *r)
{
	r->lo = nlm_get(h, SCTP_OOTB_A_START);
	r->hi = nlm_get(h, SCTP_OOTB_A_END);
	r->policy = nlm_get(h, SCTP_OOTB_A_POLICY);
	r->matched = nlm_get(h, SCTP_OOTB_A_MATCHED);
}

/* A request of sctp_ootb with no attribute, and its answer. */
static int ask_ootb(struct nlm *n, uint8_t cmd, uint16_t flags, nlm_cb on_msg,
		    void *arg)
{
	struct nlm_msg *m = malloc(sizeof(*m));
	int err;

	if (!m)
		return ENOMEM;
	nlm_ootb(m, n, cmd, flags);
	err = nlm_ask(n, m, on_msg, arg);
	free(m);
	return err;
}

int nlm_dump(struct nlm *n, nlm_cb on_msg, void *arg)
{
	return ask_ootb(n, SCTP_OOTB_CMD_GET_RANGE,
			NLM_F_REQUEST | NLM_F_DUMP, on_msg, arg);
}

struct stat_ask {
	uint16_t type;
	uint64_t *v;
};

static void stat_reply(const struct nlmsghdr *h, void *arg)
{
	struct stat_ask *sa = arg;

	*sa->v = nlm_get(h, sa->type);
}

int nlm_stat(struct nlm *n, uint16_t type, uint64_t *v)
{
	struct stat_ask sa = { type, v };

	*v = 0;
	return ask_ootb(n, SCTP_OOTB_CMD_GET_STATS, NLM_F_REQUEST, stat_reply,
			&sa);
}
