// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libsctpootb-auto.so: claims for an unmodified usrsctp program, loaded
 * with LD_PRELOAD by `sctpctl run --auto -- PROGRAM`.
 *
 * It interposes the usrsctp calls that give a socket its local port and
 * claims that port, before a packet can come back to it:
 *
 *   usrsctp_bind(), usrsctp_bindx()   after the bind, the port bound (read
 *                                     back when the program asked for 0);
 *   usrsctp_connect(), usrsctp_connectx(), usrsctp_listen(),
 *   usrsctp_sendv() to an address     on a socket not bound yet, which
 *                                     usrsctp would bind to an ephemeral
 *                                     port of its choice as it sends the
 *                                     INIT: the socket is bound to port 0
 *                                     here first, the port read back and
 *                                     claimed, then the call goes on.
 *
 * Only sockets of AF_INET and AF_INET6 are served (AF_CONN sockets send no
 * packet the kernel could see).  All claims of a process are made on one
 * claim socket of its own, close-on-exec, which a child made by fork()
 * closes at once: the claims go when the process does, however it ends.
 * A port is given up a while after usrsctp_close() of the last socket on
 * it (SCTPOOTB_LINGER seconds, 30 by default), so that the association's
 * last packets (SHUTDOWN ACK, retransmissions) are still covered; the
 * expired claims are given up at the next call of the program.
 *
 * A claim that fails makes the call fail (errno from the claim, one line
 * on stderr saying why), except when the port is already in the table
 * (EEXIST: a static range or another program's claim decides it; said on
 * stderr, the call goes on).
 *
 * Environment (set by sctpctl run):
 *   SCTPOOTB_POLICY     discard (default), abort or count
 *   SCTPOOTB_NORESERVE  1: leave the ports among the kernel's ephemeral ones
 *   SCTPOOTB_LINGER     seconds a closed socket's port stays claimed
 *   SCTPOOTB_VERBOSE    1: one line on stderr per claim and release
 *
 * Only a program that calls libusrsctp's shared library is seen here; one
 * that embeds usrsctp (linked statically, or a copy of its own) is not,
 * and needs `sctpctl run RANGE` or libsctpootb.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <sys/socket.h>
#include <usrsctp.h>

#include "sctpootb.h"

#define EXPORT __attribute__((visibility("default")))

/* ---- settings ------------------------------------------------------------ */

static int policy = SCTPOOTB_DISCARD;
static unsigned int add_flags;
static long linger = 30;
static bool verbose;

__attribute__((constructor))
static void auto_init(void)
{
	const char *s;

	s = getenv("SCTPOOTB_POLICY");
	if (s && !strcmp(s, "abort"))
		policy = SCTPOOTB_ABORT;
	else if (s && !strcmp(s, "count"))
		policy = SCTPOOTB_COUNT;
	s = getenv("SCTPOOTB_NORESERVE");
	if (s && !strcmp(s, "1"))
		add_flags |= SCTPOOTB_NORESERVE;
	s = getenv("SCTPOOTB_LINGER");
	if (s && *s)
		linger = strtol(s, NULL, 10);
	s = getenv("SCTPOOTB_VERBOSE");
	verbose = s && !strcmp(s, "1");
}

__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "sctpootb[%d]: ", (int)getpid());
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	/* One write: lines of several threads do not mix. */
	dprintf(STDERR_FILENO, "%s\n", line);
}

/* ---- the real calls -------------------------------------------------------- */

#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

/*
 * A call made from inside another interposed call (libusrsctp calling its
 * own exported functions, or ours calling it) goes straight through.
 */
static __thread int depth;

/* ---- state: sockets and claimed ports ----------------------------------- */

struct sock {
	struct socket *so;
	int domain;
	uint16_t port;		/* claimed for this socket, or 0 */
	struct sock *next;
};

struct port {
	uint16_t port;
	unsigned int refs;	/* sockets on it */
	time_t expires;		/* refs == 0: give up then */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct sock *socks[256];
static struct port *ports;
static size_t nports, cap_ports;
static int claim_fd = -1;
static uint32_t claim_portid;	/* its netlink port id */

/*
 * With the lock: is claim_fd still our claim socket?  A program may close
 * every descriptor (a daemon does), and the number then names another
 * file: never write to it.  The claims of a closed socket are gone
 * already; forget them, and open a new socket at the next claim.
 */
static bool claim_fd_ours(void)
{
	struct sockaddr_nl sa;
	socklen_t len = sizeof(sa);
	int v;

	if (claim_fd < 0)
		return false;
	len = sizeof(v);
	if (getsockopt(claim_fd, SOL_SOCKET, SO_PROTOCOL, &v, &len) == 0 &&
	    v == NETLINK_GENERIC) {
		len = sizeof(sa);
		if (getsockname(claim_fd, (struct sockaddr *)&sa, &len) == 0 &&
		    sa.nl_family == AF_NETLINK && sa.nl_pid == claim_portid)
			return true;
	}
	say("the claim socket was closed by the program: its claims are gone");
	claim_fd = -1;
	nports = 0;
	return false;
}

static struct sock **sock_slot(struct socket *so)
{
	struct sock **p = &socks[((uintptr_t)so >> 4) % 256];

	while (*p && (*p)->so != so)
		p = &(*p)->next;
	return p;
}

static struct port *port_find(uint16_t port)
{
	size_t i;

	for (i = 0; i < nports; i++)
		if (ports[i].port == port)
			return &ports[i];
	return NULL;
}

static time_t now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* A child of fork(): the claims are the parent's, its socket too. */
static void atfork_child(void)
{
	struct sock *s, *next;
	size_t i;

	if (claim_fd >= 0)
		close(claim_fd);
	claim_fd = -1;
	for (i = 0; i < 256; i++) {
		for (s = socks[i]; s; s = next) {
			next = s->next;
			free(s);
		}
		socks[i] = NULL;
	}
	nports = 0;
	pthread_mutex_init(&lock, NULL);
}

__attribute__((constructor))
static void auto_atfork(void)
{
	pthread_atfork(NULL, NULL, atfork_child);
}

/* With the lock: give up the claims whose time has come (all: @force). */
static void sweep(bool force)
{
	time_t t = now();
	size_t i = 0;

	if (!nports || !claim_fd_ours())
		return;
	while (i < nports) {
		struct port *p = &ports[i];

		if (p->refs || (!force && p->expires > t)) {
			i++;
			continue;
		}
		if (sctpootb_del(claim_fd, p->port, p->port) < 0)
			say("%s", sctpootb_error());
		else if (verbose)
			say("released %u", p->port);
		*p = ports[--nports];
	}
}

/*
 * With the lock: claim @port for one more socket.  0, or -1 with errno
 * (the call that needed it fails).
 */
static int claim(uint16_t port)
{
	struct port *p;
	int err;

	if (claim_fd >= 0)
		claim_fd_ours();
	sweep(false);
	p = port_find(port);
	if (p) {
		p->refs++;
		return 0;
	}
	if (nports == cap_ports) {
		size_t cap = cap_ports ? 2 * cap_ports : 16;
		struct port *n = realloc(ports, cap * sizeof(*n));

		if (!n) {
			say("cannot claim %u: out of memory", port);
			errno = ENOMEM;
			return -1;
		}
		ports = n;
		cap_ports = cap;
	}
	if (claim_fd < 0) {
		struct sockaddr_nl sa;
		socklen_t len = sizeof(sa);

		claim_fd = sctpootb_open(0);
		if (claim_fd >= 0 &&
		    getsockname(claim_fd, (struct sockaddr *)&sa, &len) == 0)
			claim_portid = sa.nl_pid;
		if (claim_fd < 0) {
			err = errno;
			say("%s", sctpootb_error());
			errno = err;
			return -1;
		}
	}
	err = 0;
	if (sctpootb_add(claim_fd, port, port, policy, add_flags) < 0) {
		err = errno;
		if (err == ENOSPC && nports) {
			/* Closed sockets' ports first, then try again. */
			sweep(true);
			err = 0;
			if (sctpootb_add(claim_fd, port, port, policy,
					 add_flags) < 0)
				err = errno;
		}
	}
	if (err == EEXIST) {
		say("port %u is in the table already (a static range or another program's claim decides it): not claimed",
		    port);
		return 0;
	}
	if (err) {
		say("%s", sctpootb_error());
		errno = err;
		return -1;
	}
	if (verbose)
		say("claimed %u", port);
	ports[nports++] = (struct port){ .port = port, .refs = 1 };
	return 0;
}

/* With the lock: @s no longer holds its port. */
static void unclaim(struct sock *s)
{
	struct port *p;

	if (!s->port)
		return;
	p = port_find(s->port);
	s->port = 0;
	if (p && !--p->refs)
		p->expires = now() + linger;
}

/* ---- the port of a socket ------------------------------------------------ */

static uint16_t sa_port(const struct sockaddr *sa)
{
	switch (sa->sa_family) {
	case AF_INET:
		return ntohs(((const struct sockaddr_in *)sa)->sin_port);
	case AF_INET6:
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	}
	return 0;
}

static bool sa_inet(const struct sockaddr *sa)
{
	return sa && (sa->sa_family == AF_INET || sa->sa_family == AF_INET6);
}

/* The local port usrsctp bound @so to, or 0. */
static uint16_t bound_port(struct socket *so)
{
	struct sockaddr *addrs;
	uint16_t port = 0;
	int n;
	REAL(usrsctp_getladdrs);
	REAL(usrsctp_freeladdrs);

	if (!real_usrsctp_getladdrs || !real_usrsctp_freeladdrs)
		return 0;
	n = real_usrsctp_getladdrs(so, 0, &addrs);
	if (n > 0) {
		port = sa_port(addrs);
		real_usrsctp_freeladdrs(addrs);
	}
	return port;
}

/*
 * @so has just been bound (by the program, or by us): claim its port.
 * 0, or -1 with errno.
 */
static int bound(struct socket *so, int domain)
{
	uint16_t port = bound_port(so);
	struct sock **slot, *s;
	int ret = 0;

	if (!port) {
		say("cannot claim the port of a socket: usrsctp does not tell it");
		errno = EADDRNOTAVAIL;
		return -1;
	}
	pthread_mutex_lock(&lock);
	slot = sock_slot(so);
	s = *slot;
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s) {
			pthread_mutex_unlock(&lock);
			errno = ENOMEM;
			return -1;
		}
		s->so = so;
		s->domain = domain;
		*slot = s;
	}
	if (!s->port) {
		ret = claim(port);
		if (!ret)
			s->port = port;
	}
	pthread_mutex_unlock(&lock);
	return ret;
}

/* The domain of a socket usrsctp_socket() made, or 0 (AF_CONN, unknown). */
static int sock_domain(struct socket *so, bool *has_port)
{
	struct sock *s;
	int domain = 0;

	pthread_mutex_lock(&lock);
	s = *sock_slot(so);
	if (s) {
		domain = s->domain;
		*has_port = s->port != 0;
	}
	pthread_mutex_unlock(&lock);
	return domain;
}

/*
 * Before a call that would bind @so implicitly: bind it to port 0 of
 * every address, as usrsctp would, and claim the port it got.  0 (also
 * when there is nothing to do), or -1 with errno.
 */
static int bind_first(struct socket *so)
{
	struct sockaddr_in6 any6 = { .sin6_family = AF_INET6,
				     .sin6_addr = IN6ADDR_ANY_INIT };
	struct sockaddr_in any4 = { .sin_family = AF_INET };
	bool has_port = false;
	int domain;
	REAL(usrsctp_bind);

	domain = sock_domain(so, &has_port);
	if (!domain || has_port)
		return 0;
	/* Bound already (by a call we do not see): claim what it has. */
	if (bound_port(so))
		return bound(so, domain);
	if (!real_usrsctp_bind)
		return 0;
	if (domain == AF_INET6 ?
	    real_usrsctp_bind(so, (struct sockaddr *)&any6, sizeof(any6)) :
	    real_usrsctp_bind(so, (struct sockaddr *)&any4, sizeof(any4)))
		return -1;
	return bound(so, domain);
}

/* ---- the interposed calls ---------------------------------------------- */

EXPORT struct socket *
usrsctp_socket(int domain, int type, int protocol,
	       int (*receive_cb)(struct socket *sock, union sctp_sockstore addr,
				 void *data, size_t datalen,
				 struct sctp_rcvinfo, int flags,
				 void *ulp_info),
	       int (*send_cb)(struct socket *sock, uint32_t sb_free,
			      void *ulp_info),
	       uint32_t sb_threshold, void *ulp_info)
{
	struct socket *so;
	struct sock *s;
	REAL(usrsctp_socket);

	if (!real_usrsctp_socket) {
		errno = ENOSYS;
		return NULL;
	}
	depth++;
	so = real_usrsctp_socket(domain, type, protocol, receive_cb, send_cb,
				 sb_threshold, ulp_info);
	depth--;
	if (!so || depth || (domain != AF_INET && domain != AF_INET6))
		return so;
	s = calloc(1, sizeof(*s));
	if (!s)
		return so;	/* not served: as without us */
	s->so = so;
	s->domain = domain;
	pthread_mutex_lock(&lock);
	s->next = socks[((uintptr_t)so >> 4) % 256];
	socks[((uintptr_t)so >> 4) % 256] = s;
	pthread_mutex_unlock(&lock);
	return so;
}

EXPORT int usrsctp_bind(struct socket *so, struct sockaddr *name,
			socklen_t namelen)
{
	int ret, err;
	REAL(usrsctp_bind);

	if (!real_usrsctp_bind) {
		errno = ENOSYS;
		return -1;
	}
	if (depth || !sa_inet(name))
		return real_usrsctp_bind(so, name, namelen);
	depth++;
	ret = real_usrsctp_bind(so, name, namelen);
	if (!ret)
		ret = bound(so, name->sa_family);
	err = errno;
	depth--;
	errno = err;
	return ret;
}

EXPORT int usrsctp_bindx(struct socket *so, struct sockaddr *addrs,
			 int addrcnt, int flags)
{
	bool has_port = false;
	int ret, err, domain;
	REAL(usrsctp_bindx);

	if (!real_usrsctp_bindx) {
		errno = ENOSYS;
		return -1;
	}
	if (depth || flags != SCTP_BINDX_ADD_ADDR || addrcnt <= 0 ||
	    !sa_inet(addrs))
		return real_usrsctp_bindx(so, addrs, addrcnt, flags);
	depth++;
	domain = sock_domain(so, &has_port);
	ret = real_usrsctp_bindx(so, addrs, addrcnt, flags);
	if (!ret && !has_port)
		ret = bound(so, domain ? domain : addrs->sa_family);
	err = errno;
	depth--;
	errno = err;
	return ret;
}

/* The calls that bind implicitly: bind_first(), then the call. */
#define IMPLICIT(call, so)					\
	do {							\
		int ret_, err_;					\
								\
		if (depth)					\
			return call;				\
		depth++;					\
		ret_ = bind_first(so);				\
		err_ = errno;					\
		depth--;					\
		if (ret_) {					\
			errno = err_;				\
			return -1;				\
		}						\
		return call;					\
	} while (0)

EXPORT int usrsctp_connect(struct socket *so, struct sockaddr *name,
			   socklen_t namelen)
{
	REAL(usrsctp_connect);

	if (!real_usrsctp_connect) {
		errno = ENOSYS;
		return -1;
	}
	if (!sa_inet(name))
		return real_usrsctp_connect(so, name, namelen);
	IMPLICIT(real_usrsctp_connect(so, name, namelen), so);
}

EXPORT int usrsctp_connectx(struct socket *so, const struct sockaddr *addrs,
			    int addrcnt, sctp_assoc_t *id)
{
	REAL(usrsctp_connectx);

	if (!real_usrsctp_connectx) {
		errno = ENOSYS;
		return -1;
	}
	if (addrcnt <= 0 || !sa_inet(addrs))
		return real_usrsctp_connectx(so, addrs, addrcnt, id);
	IMPLICIT(real_usrsctp_connectx(so, addrs, addrcnt, id), so);
}

EXPORT int usrsctp_listen(struct socket *so, int backlog)
{
	REAL(usrsctp_listen);

	if (!real_usrsctp_listen) {
		errno = ENOSYS;
		return -1;
	}
	IMPLICIT(real_usrsctp_listen(so, backlog), so);
}

EXPORT ssize_t usrsctp_sendv(struct socket *so, const void *data, size_t len,
			     struct sockaddr *to, int addrcnt, void *info,
			     socklen_t infolen, unsigned int infotype,
			     int flags)
{
	REAL(usrsctp_sendv);

	if (!real_usrsctp_sendv) {
		errno = ENOSYS;
		return -1;
	}
	if (addrcnt <= 0 || !sa_inet(to))
		return real_usrsctp_sendv(so, data, len, to, addrcnt, info,
					  infolen, infotype, flags);
	IMPLICIT(real_usrsctp_sendv(so, data, len, to, addrcnt, info,
				    infolen, infotype, flags), so);
}

EXPORT void usrsctp_close(struct socket *so)
{
	struct sock **slot, *s;
	REAL(usrsctp_close);

	if (real_usrsctp_close)
		real_usrsctp_close(so);
	if (depth)
		return;
	pthread_mutex_lock(&lock);
	slot = sock_slot(so);
	s = *slot;
	if (s) {
		*slot = s->next;
		unclaim(s);
		free(s);
	}
	if (claim_fd >= 0)
		sweep(false);
	pthread_mutex_unlock(&lock);
}
