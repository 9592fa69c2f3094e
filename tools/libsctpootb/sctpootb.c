// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libsctpootb: claims on the sctp_ootb generic netlink family, over raw
 * netlink sockets (the library is loaded into arbitrary programs by the
 * preload library: it depends on nothing but libc).
 *
 * A claim socket is connected to the kernel, so that nothing but the
 * kernel can send to it; every request asks for an ack with extended
 * error text (NETLINK_EXT_ACK) and a capped echo (NETLINK_CAP_ACK), and
 * the reply is matched by sequence number.  The family is looked up for
 * every request: its id changes when the module is reloaded, and claims
 * are rare.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <uapi/linux/sctp_ootb.h>

#include "sctpootb.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define SCTPOOTB_CLAIMS_VERSION	3

_Static_assert(SCTPOOTB_DISCARD == SCTP_OOTB_POLICY_DISCARD &&
	       SCTPOOTB_ABORT == SCTP_OOTB_POLICY_ABORT &&
	       SCTPOOTB_COUNT == SCTP_OOTB_POLICY_COUNT,
	       "policy values follow the family's");

/* ---- errors -------------------------------------------------------------- */

static __thread char errbuf[256];

const char *sctpootb_error(void)
{
	return errbuf[0] ? errbuf : "no error";
}

/* Record why, set errno to @err, return -1. */
__attribute__((format(printf, 2, 3)))
static int fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof(errbuf), fmt, ap);
	va_end(ap);
	errno = err;
	return -1;
}

/* The module's words when it sent some, else ours for the errno. */
static const char *reason(int err, const char *extack)
{
	if (extack && *extack)
		return extack;
	switch (err) {
	case EPERM:
		return "CAP_NET_ADMIN is needed over the network namespace";
	case ENOENT:
		return "no such claim";
	default:
		return strerror(err);
	}
}

/* ---- messages ------------------------------------------------------------ */

struct req {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char attrs[128];
};

static void req_init(struct req *r, uint16_t type, uint8_t cmd,
		     uint8_t version)
{
	memset(r, 0, sizeof(*r));
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = type;
	r->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->g.cmd = cmd;
	r->g.version = version;
}

static void req_put(struct req *r, uint16_t type, const void *data,
		    uint16_t len)
{
	struct nlattr *a = (struct nlattr *)((char *)r +
					     NLMSG_ALIGN(r->n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static void req_put_u16(struct req *r, uint16_t type, uint16_t v)
{
	req_put(r, type, &v, sizeof(v));
}

static void req_put_u8(struct req *r, uint16_t type, uint8_t v)
{
	req_put(r, type, &v, sizeof(v));
}

/* Walk the attributes in [@p, @p + @len), calling @fn on each. */
static void attrs_each(const void *p, size_t len,
		       void (*fn)(const struct nlattr *a, void *arg),
		       void *arg)
{
	const struct nlattr *a = p;

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		fn(a, arg);
		if ((size_t)NLA_ALIGN(a->nla_len) >= len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a +
					    NLA_ALIGN(a->nla_len));
	}
}

static const void *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static size_t attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

/* ---- one request ----------------------------------------------------------- */

struct reply {
	char extack[160];	/* NLMSGERR_ATTR_MSG */
	/* CTRL_CMD_GETFAMILY */
	bool family;
	uint16_t id;
	uint32_t version;
};

static void on_extack(const struct nlattr *a, void *arg)
{
	struct reply *rep = arg;
	size_t n;

	if ((a->nla_type & NLA_TYPE_MASK) != NLMSGERR_ATTR_MSG)
		return;
	n = attr_len(a);
	if (n >= sizeof(rep->extack))
		n = sizeof(rep->extack) - 1;
	memcpy(rep->extack, attr_data(a), n);
	rep->extack[n] = '\0';
	n = strnlen(rep->extack, n);
	/* The kernel's own texts end without a period; ours too. */
	while (n && (rep->extack[n - 1] == '\n' || rep->extack[n - 1] == '.'))
		rep->extack[--n] = '\0';
}

static void on_family(const struct nlattr *a, void *arg)
{
	struct reply *rep = arg;

	switch (a->nla_type & NLA_TYPE_MASK) {
	case CTRL_ATTR_FAMILY_ID:
		if (attr_len(a) >= sizeof(uint16_t)) {
			memcpy(&rep->id, attr_data(a), sizeof(uint16_t));
			rep->family = true;
		}
		break;
	case CTRL_ATTR_VERSION:
		if (attr_len(a) >= sizeof(uint32_t))
			memcpy(&rep->version, attr_data(a), sizeof(uint32_t));
		break;
	}
}

/*
 * Send @r on @fd and read until its ack or error.  Returns 0 or a
 * positive errno (the kernel's, or the socket's), @rep filled in.
 */
static int transact(int fd, struct req *r, struct reply *rep)
{
	static atomic_uint seq_next;
	_Alignas(struct nlmsghdr) char buf[8192];
	uint32_t seq = atomic_fetch_add(&seq_next, 1) + 1;

	memset(rep, 0, sizeof(*rep));
	r->n.nlmsg_seq = seq;
	if (send(fd, r, r->n.nlmsg_len, 0) < 0)
		return errno;

	for (;;) {
		const struct nlmsghdr *h;
		ssize_t n;
		size_t len;

		n = recv(fd, buf, sizeof(buf), MSG_TRUNC);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if ((size_t)n > sizeof(buf))
			return EMSGSIZE;
		len = n;
		for (h = (const struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			const struct nlmsgerr *e;
			size_t off;

			if (h->nlmsg_seq != seq)
				continue;	/* a late answer to another */
			if (h->nlmsg_type != NLMSG_ERROR) {
				const char *p = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
					continue;
				attrs_each(p + GENL_HDRLEN,
					   h->nlmsg_len -
					   NLMSG_LENGTH(GENL_HDRLEN),
					   on_family, rep);
				continue;
			}
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return EPROTO;
			e = NLMSG_DATA(h);
			/* The echoed request: capped to its header, or whole. */
			off = NLMSG_LENGTH(sizeof(*e));
			if (!(h->nlmsg_flags & NLM_F_CAPPED))
				off += NLMSG_ALIGN(e->msg.nlmsg_len) -
				       NLMSG_HDRLEN;
			if ((h->nlmsg_flags & NLM_F_ACK_TLVS) &&
			    h->nlmsg_len > off)
				attrs_each((const char *)h + off,
					   h->nlmsg_len - off, on_extack, rep);
			return -e->error;
		}
	}
}

/*
 * The family's id, checked to speak claims.  Returns the id, or 0 with
 * the error recorded (@what: the operation, for the text).
 */
static uint16_t family(int fd, const char *what)
{
	struct reply rep;
	struct req r;
	int err;

	req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	req_put(&r, CTRL_ATTR_FAMILY_NAME, SCTP_OOTB_GENL_NAME,
		sizeof(SCTP_OOTB_GENL_NAME));
	err = transact(fd, &r, &rep);
	if (err == ENOENT) {
		fail(ENOENT, "cannot %s: the %s module is not loaded",
		     what, SCTP_OOTB_GENL_NAME);
		return 0;
	}
	if (err) {
		fail(err, "cannot %s: cannot look up the %s family: %s",
		     what, SCTP_OOTB_GENL_NAME, reason(err, rep.extack));
		return 0;
	}
	if (!rep.family) {
		fail(EPROTO, "cannot %s: no id in the controller's reply", what);
		return 0;
	}
	if (rep.version < SCTPOOTB_CLAIMS_VERSION) {
		fail(EPROTONOSUPPORT,
		     "cannot %s: the loaded %s module is too old for claims (family version %u, claims need %u): install a newer one and reload it (modprobe -r %s; modprobe %s)",
		     what, SCTP_OOTB_GENL_NAME, rep.version,
		     SCTPOOTB_CLAIMS_VERSION, SCTP_OOTB_GENL_NAME,
		     SCTP_OOTB_GENL_NAME);
		return 0;
	}
	return rep.id;
}

/* "5000" or "5000-5010", for the texts. */
static const char *span(char *buf, size_t size, uint16_t first,
			uint16_t last)
{
	if (first == last)
		snprintf(buf, size, "%u", first);
	else
		snprintf(buf, size, "%u-%u", first, last);
	return buf;
}

/* ---- the API ------------------------------------------------------------- */

int sctpootb_open(unsigned int flags)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int one = 1, fd, type = SOCK_RAW;

	if (flags & ~SCTPOOTB_INHERIT)
		return fail(EINVAL, "cannot open a claim socket: unknown flags 0x%x",
			    flags & ~SCTPOOTB_INHERIT);
	if (!(flags & SCTPOOTB_INHERIT))
		type |= SOCK_CLOEXEC;
	fd = socket(AF_NETLINK, type, NETLINK_GENERIC);
	if (fd < 0)
		return fail(errno, "cannot open a netlink socket: %s",
			    strerror(errno));
	/* Older kernels lack one or the other: the texts only get poorer. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* From now on only the kernel can send to this socket. */
	if (connect(fd, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		int err = errno;

		close(fd);
		return fail(err, "cannot connect a netlink socket: %s",
			    strerror(err));
	}
	if (!family(fd, "claim ports")) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

int sctpootb_add(int fd, uint16_t first, uint16_t last, int policy,
		 unsigned int flags)
{
	char what[32], s[16];
	struct reply rep;
	struct req r;
	uint16_t id;
	int err;

	snprintf(what, sizeof(what), "claim %s",
		 span(s, sizeof(s), first, last));
	if (!first || first > last)
		return fail(EINVAL, "cannot %s: ports are 1-65535, the first not above the last",
			    what);
	if (policy < SCTPOOTB_DISCARD || policy > SCTPOOTB_COUNT)
		return fail(EINVAL, "cannot %s: unknown policy %d", what,
			    policy);
	if (flags & ~SCTPOOTB_NORESERVE)
		return fail(EINVAL, "cannot %s: unknown flags 0x%x", what,
			    flags & ~SCTPOOTB_NORESERVE);
	id = family(fd, what);
	if (!id)
		return -1;

	req_init(&r, id, SCTP_OOTB_CMD_ADD_RANGE, SCTPOOTB_CLAIMS_VERSION);
	req_put_u16(&r, SCTP_OOTB_A_START, first);
	req_put_u16(&r, SCTP_OOTB_A_END, last);
	req_put_u8(&r, SCTP_OOTB_A_POLICY, policy);
	req_put(&r, SCTP_OOTB_A_OWNED, NULL, 0);
	if (!(flags & SCTPOOTB_NORESERVE))
		req_put(&r, SCTP_OOTB_A_RESERVE, NULL, 0);
	err = transact(fd, &r, &rep);
	if (err)
		return fail(err, "cannot %s: %s", what,
			    reason(err, rep.extack));
	return 0;
}

int sctpootb_del(int fd, uint16_t first, uint16_t last)
{
	char what[40], s[16];
	struct reply rep;
	struct req r;
	uint16_t id;
	int err;

	snprintf(what, sizeof(what), "give up the claim %s",
		 span(s, sizeof(s), first, last));
	if (!first || first > last)
		return fail(EINVAL, "cannot %s: ports are 1-65535, the first not above the last",
			    what);
	id = family(fd, what);
	if (!id)
		return -1;

	req_init(&r, id, SCTP_OOTB_CMD_DEL_RANGE, SCTPOOTB_CLAIMS_VERSION);
	req_put_u16(&r, SCTP_OOTB_A_START, first);
	req_put_u16(&r, SCTP_OOTB_A_END, last);
	err = transact(fd, &r, &rep);
	if (err)
		return fail(err, "cannot %s: %s", what,
			    reason(err, rep.extack));
	return 0;
}

int sctpootb_claim(uint16_t first, uint16_t last, unsigned int flags)
{
	int fd, err;

	if (flags & ~(SCTPOOTB_INHERIT | SCTPOOTB_NORESERVE))
		return fail(EINVAL, "cannot claim ports: unknown flags 0x%x",
			    flags & ~(SCTPOOTB_INHERIT | SCTPOOTB_NORESERVE));
	fd = sctpootb_open(flags & SCTPOOTB_INHERIT);
	if (fd < 0)
		return -1;
	if (sctpootb_add(fd, first, last, SCTPOOTB_DISCARD,
			 flags & SCTPOOTB_NORESERVE) < 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}
