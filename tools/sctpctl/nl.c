// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing on libnl-genl-3, in the manner of iw: connect,
 * ask for extended acks, resolve the family, send one request and read
 * until its ACK, error or NLMSG_DONE, keeping the kernel's extack text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "sctpctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * Open the socket and resolve the family; on failure, say why in why and
 * set *missing when the family does not exist (the module is not loaded).
 * The caller has entered the network namespace of -n already.
 */
int nl_open_quiet(struct ctx *c, char *why, size_t len, bool *missing)
{
	struct nl_sock *sk;
	int one = 1, err, family;

	if (missing)
		*missing = false;
	if (c->sk)
		return 0;

	sk = nl_socket_alloc();
	if (!sk) {
		snprintf(why, len, "out of memory");
		return EXIT_FAIL;
	}
	err = genl_connect(sk);
	if (err < 0) {
		snprintf(why, len, "cannot open a generic netlink socket: %s",
			 nl_geterror(err));
		goto fail;
	}
	/* Replies can exceed a page (a dump, an error about a big request). */
	nl_socket_enable_msg_peek(sk);
	/*
	 * Ask for the kernel's error text and the offset of the attribute
	 * at fault; do not echo a failed request back (REPLACE_TABLE is
	 * tens of KB).  Best effort: without them we map errnos ourselves.
	 */
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK,
			 &one, sizeof(one));
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK,
			 &one, sizeof(one));

	family = genl_ctrl_resolve(sk, SCTP_OOTB_GENL_NAME);
	if (family == -NLE_OBJ_NOTFOUND) {
		snprintf(why, len, "the %s module is not loaded (modprobe %s)",
			 SCTP_OOTB_GENL_NAME, SCTP_OOTB_GENL_NAME);
		if (missing)
			*missing = true;
		goto fail;
	}
	if (family < 0) {
		snprintf(why, len, "cannot look up the %s netlink family: %s",
			 SCTP_OOTB_GENL_NAME, nl_geterror(family));
		goto fail;
	}
	c->sk = sk;
	c->family = family;
	return 0;
fail:
	nl_socket_free(sk);
	return EXIT_FAIL;
}

int nl_open(struct ctx *c)
{
	char why[ERRLEN];

	/* -n: the socket must be born in the target namespace. */
	if (enter_netns(c))
		return EXIT_FAIL;
	if (nl_open_quiet(c, why, sizeof(why), NULL)) {
		report_error("%s", why);
		return EXIT_FAIL;
	}
	return 0;
}

void nl_close_ctx(struct ctx *c)
{
	if (c->sk)
		nl_socket_free(c->sk);
	c->sk = NULL;
}

/* size: room for the attributes; 0 for the default (one page). */
struct nl_msg *nl_request(struct ctx *c, uint8_t cmd, int flags, size_t size)
{
	struct nl_msg *msg;

	msg = size ? nlmsg_alloc_size(NLMSG_HDRLEN + GENL_HDRLEN + size) :
		     nlmsg_alloc();
	if (!msg) {
		report_error("out of memory");
		return NULL;
	}
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0, flags,
			 cmd, SCTP_OOTB_GENL_VERSION)) {
		report_error("cannot build the request");
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct talk {
	struct ctx *c;
	bool done;
	int err;		/* positive errno from the kernel */
};

/* The table changed while a dump was under way: the caller may retry. */
static int on_dump_intr(struct nl_msg *msg, void *arg)
{
	struct talk *t = arg;

	(void)msg;
	t->c->dump_intr = true;
	return NL_OK;
}

/*
 * Keep the extack TLVs of an NLMSG_ERROR or NLMSG_DONE; off is where
 * they start.  The text is made printable and loses a final period, as
 * the report adds its own.
 */
static void take_extack(struct ctx *c, const struct nlmsghdr *nlh,
			size_t off)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t i, n;
	char *m = c->ext_msg;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_ALIGN(off);
	if (nlh->nlmsg_len <= off)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + off),
		      (int)(nlh->nlmsg_len - off), NULL) < 0)
		return;

	if (tb[NLMSGERR_ATTR_MSG]) {
		const char *s = nla_data(tb[NLMSGERR_ATTR_MSG]);

		n = strnlen(s, (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]));
		if (n > sizeof(c->ext_msg) - 1)
			n = sizeof(c->ext_msg) - 1;
		for (i = 0; i < n; i++)
			m[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : ' ';
		while (n > 0 && (m[n - 1] == '.' || m[n - 1] == ' '))
			n--;
		m[n] = '\0';
	}
	if (tb[NLMSGERR_ATTR_OFFS] &&
	    nla_len(tb[NLMSGERR_ATTR_OFFS]) >= (int)sizeof(uint32_t))
		c->ext_offs = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
}

/* Where the TLVs of an NLMSG_ERROR start, or 0 if it is malformed. */
static size_t error_tlv_offset(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	if (nlh->nlmsg_len < off)
		return 0;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return 0;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	return off;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct talk *t = arg;
	size_t off = error_tlv_offset(nlh);

	(void)nla;
	if (off)
		take_extack(t->c, nlh, off);
	t->err = e->error < 0 ? -e->error : e->error;
	t->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct talk *t = arg;
	size_t off = error_tlv_offset(nlh);

	/* A success can carry a warning in its extack. */
	if (off)
		take_extack(t->c, nlh, off);
	t->done = true;
	return NL_STOP;
}

/* The end of a dump: its payload is the dump's error code. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	const struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct talk *t = arg;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		int err;

		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			t->err = -err;
			take_extack(t->c, nlh, NLMSG_HDRLEN + sizeof(int));
		}
	}
	t->done = true;
	return NL_STOP;
}

/*
 * Send msg (consumed) and read replies up to the end of the exchange;
 * valid() sees each data message.  Returns 0, a positive errno when the
 * kernel refused (its text in c->ext_msg), or -1 after reporting a local
 * failure.  c->dump_intr tells whether a dump saw the table change.
 */
int nl_talk(struct ctx *c, struct nl_msg *msg, nl_valid_fn valid, void *arg)
{
	struct talk t = { .c = c };
	struct nl_cb *cb;
	int ret;

	c->ext_msg[0] = '\0';
	c->ext_offs = -1;
	c->dump_intr = false;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		report_error("out of memory");
		return -1;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &t);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &t);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &t);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_dump_intr, &t);
	if (valid)
		nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);

	ret = nl_send_auto(c->sk, msg);
	nlmsg_free(msg);
	if (ret < 0) {
		report_error("cannot send the request: %s", nl_geterror(ret));
		ret = -1;
		goto out;
	}

	ret = 0;
	while (!t.done) {
		int r = nl_recvmsgs(c->sk, cb);

		/* An error callback's NL_STOP also makes r negative. */
		if (t.done)
			break;
		if (r < 0) {
			report_error("cannot read the reply: %s",
				     nl_geterror(r));
			ret = -1;
			goto out;
		}
	}
	if (t.err) {
		ret = t.err;
	} else if (c->ext_msg[0]) {
		report_warning(c->ext_msg);
		c->ext_msg[0] = '\0';
	}
out:
	nl_cb_put(cb);
	return ret;
}

/* nl_talk() and report a refusal; returns an exit code. */
int nl_do(struct ctx *c, uint8_t cmd, struct nl_msg *msg,
	  nl_valid_fn valid, void *arg)
{
	int ret = nl_talk(c, msg, valid, arg);

	if (ret > 0)
		report_kernel(c, cmd, ret);
	return ret ? EXIT_FAIL : EXIT_OK;
}
