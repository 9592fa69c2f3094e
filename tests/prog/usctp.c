// SPDX-License-Identifier: GPL-2.0
/*
 * usctp: a usrsctp echo server and a checking client, for the VM tests.
 *
 * Plain SCTP over raw sockets (usrsctp_init(0, ...): no UDP encapsulation),
 * exactly the traffic that a host's sctp.ko sees as "out of the blue".
 *
 *   usctp server -p PORT [-a BINDADDR] [-t SECONDS]
 *   usctp client -a ADDR -p PORT [-b BINDADDR] [-l LOCALPORT] [-n COUNT]
 *                [-s SIZE] [-t SECONDS]
 *   usctp sink   -p PORT [-a BINDADDR] [-n COUNT] [-t SECONDS]
 *   usctp source -a ADDR -p PORT [-b BINDADDR] [-l LOCALPORT] [-n COUNT]
 *                [-s SIZE] [-t SECONDS]
 *
 * Addresses are IPv4 or IPv6 by their form.  The client sends COUNT
 * messages whose content is a function of their sequence number, keeps up
 * to WINDOW of them in flight, and compares every
 * echo byte for byte with what it sent.  It prints one result line and exits
 * 0 only when every message came back intact and the association shut down;
 * 1 on refusal, loss of the association or a wrong echo, 2 on usage errors,
 * 3 when the time bound (-t) expires, 4 when every message came back (the
 * source: was sent) but the SHUTDOWN did not complete within 5 s.  The
 * server prints "listening on ..." once it accepts associations, and one
 * line per association.
 *
 * source and sink measure bulk throughput: the source sends COUNT messages
 * of SIZE bytes as fast as the association takes them, then shuts down;
 * the sink accepts one association, reads until its end and prints
 *
 *   usctp sink: M messages, B bytes in S s: R bytes/s, cpu busy P%
 *
 * timed on CLOCK_MONOTONIC from the first message to the end of the
 * association, with the share of that time the machine's CPUs were not
 * idle (from /proc/stat: a transfer that leaves the CPU idle is bound by
 * timers, not by the cost of its packets).  The sink exits 0 when it got
 * COUNT messages (or any, without -n) and the association ended cleanly.
 * No debug output: usrsctp's own (tsctp turns all of it on) would cost more
 * than the packets being measured.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <unistd.h>
#include <usrsctp.h>

#include "prog.h"

#define MSG_MIN		16
#define MSG_MAX		65536
#define WINDOW		16		/* messages in flight */
#define INFLIGHT_MAX	(256 * 1024)	/* bytes in flight, well below the buffers */

static char prog_role[16] = "usctp";
static const char *volatile phase = "starting";
static char timeout_msg[64];

struct endpoint {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* The command line of every role (their defaults in run_role()). */
struct opts {
	const char *addr, *baddr;
	unsigned int port, lport, seconds;
	unsigned long count, size;
	char lname[INET6_ADDRSTRLEN + 8], rname[INET6_ADDRSTRLEN + 8];
};

static __attribute__((noreturn)) void die(int code, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", prog_role);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void *xmalloc(size_t size)
{
	void *p = malloc(size);

	if (!p)
		die(1, "out of memory");
	return p;
}

static void write_str(const char *s)
{
	(void)!write(STDERR_FILENO, s, strlen(s));
}

/* The time bound covers everything, including usrsctp calls that block. */
static void on_alarm(int sig)
{
	(void)sig;
	write_str(prog_role);
	write_str(timeout_msg);
	write_str(phase);
	write_str("\n");
	_exit(3);
}

static void arm_timeout(unsigned int seconds)
{
	struct sigaction sa;

	if (!seconds)
		return;
	snprintf(timeout_msg, sizeof(timeout_msg),
		 ": timeout after %u s while ", seconds);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(seconds);
}

static unsigned long parse_num(const char *s, unsigned long lo,
			       unsigned long hi, const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		die(2, "bad %s '%s' (%lu-%lu)", what, s, lo, hi);
	return v;
}

/* ADDR may be NULL: the wildcard address of @family. */
static void make_endpoint(struct endpoint *ep, const char *addr,
			  unsigned int port, int family)
{
	ep->len = parse_addr(addr, port, family, &ep->ss);
	if (!ep->len)
		die(2, "bad address '%s'", addr);
}

static const char *fmt_sa(const struct endpoint *ep, char *buf, size_t len)
{
	const struct sockaddr_in6 *s6 = (const void *)&ep->ss;
	const struct sockaddr_in *s4 = (const void *)&ep->ss;
	char host[INET6_ADDRSTRLEN] = "?";

	if (ep->ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(s6->sin6_port));
	} else {
		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(s4->sin_port));
	}
	return buf;
}

static void stack_init(void)
{
	usrsctp_init(0, NULL, NULL);
	/*
	 * The raw sockets see every SCTP packet of the host, kernel
	 * associations included: without the blackhole usrsctp would answer
	 * them as out of the blue with ABORTs of its own.
	 */
	usrsctp_sysctl_set_sctp_blackhole(2);
	/*
	 * Between loopback addresses usrsctp by default neither computes nor
	 * verifies the CRC32c.  The kernel's packets on lo carry none (lo
	 * offloads it), so usrsctp would take the kernel's out-of-the-blue
	 * ABORTs there for its peer's: verify it on lo too, as on a wire.
	 */
	usrsctp_sysctl_set_sctp_no_csum_on_loopback(0);
}

static struct socket *stack_socket(int family)
{
	struct socket *so;
	int on = 1;

	so = usrsctp_socket(family, SOCK_STREAM, IPPROTO_SCTP,
			    NULL, NULL, 0, NULL);
	if (!so)
		die(1, "usrsctp_socket: %s", strerror(errno));
	if (usrsctp_setsockopt(so, IPPROTO_SCTP, SCTP_NODELAY, &on,
			       sizeof(on)) < 0)
		die(1, "SCTP_NODELAY: %s", strerror(errno));
	return so;
}

/* Receive one whole message; returns its length, 0 on EOF, -1 on error. */
static ssize_t recv_msg(struct socket *so, char *buf, size_t len)
{
	size_t got = 0;

	for (;;) {
		struct sctp_rcvinfo rcv;
		socklen_t infolen = sizeof(rcv);
		unsigned int infotype = 0;
		int flags = 0;
		ssize_t n;

		n = usrsctp_recvv(so, buf + got, len - got, NULL, NULL,
				  &rcv, &infolen, &infotype, &flags);
		if (n <= 0)
			return n;
		got += (size_t)n;
		if (flags & MSG_EOR)
			return (ssize_t)got;
		if (got == len) {
			errno = EMSGSIZE;
			return -1;
		}
	}
}

static int send_msg(struct socket *so, const char *buf, size_t len)
{
	struct sctp_sndinfo snd;
	ssize_t n;

	memset(&snd, 0, sizeof(snd));
	snd.snd_ppid = htonl(0x75736374);	/* "usct" */
	n = usrsctp_sendv(so, buf, len, NULL, 0, &snd, sizeof(snd),
			  SCTP_SENDV_SNDINFO, 0);
	if (n < 0)
		return -1;
	if ((size_t)n != len) {
		errno = EMSGSIZE;
		return -1;
	}
	return 0;
}

/* ---- server ---- */

struct conn {
	struct socket *so;
	char peer[INET6_ADDRSTRLEN + 8];
};

static void *serve(void *arg)
{
	struct conn *c = arg;
	unsigned long msgs = 0;
	char *buf = xmalloc(MSG_MAX);
	ssize_t n;

	while ((n = recv_msg(c->so, buf, MSG_MAX)) > 0) {
		if (send_msg(c->so, buf, (size_t)n) < 0)
			break;
		msgs++;
	}
	printf("%s: %s closed after %lu messages%s%s\n", prog_role, c->peer,
	       msgs, n < 0 ? ": " : "", n < 0 ? strerror(errno) : "");
	usrsctp_close(c->so);
	free(buf);
	free(c);
	return NULL;
}

/* Bound and listening, which the tests wait for: "listening on ...". */
static struct socket *server_listen(struct opts *o, int backlog)
{
	struct endpoint ep;
	struct socket *lso;

	arm_timeout(o->seconds);
	make_endpoint(&ep, o->addr, o->port, AF_INET);
	fmt_sa(&ep, o->lname, sizeof(o->lname));
	stack_init();
	lso = stack_socket(ep.ss.ss_family);
	if (usrsctp_bind(lso, (struct sockaddr *)&ep.ss, ep.len) < 0)
		die(1, "bind %s: %s", o->lname, strerror(errno));
	if (usrsctp_listen(lso, backlog) < 0)
		die(1, "listen: %s", strerror(errno));
	printf("%s: listening on %s\n", prog_role, o->lname);
	return lso;
}

static int cmd_server(struct opts *o)
{
	struct socket *lso = server_listen(o, 16);

	phase = "serving";

	for (;;) {
		struct endpoint from = { .len = sizeof(from.ss) };
		struct conn *c;
		pthread_t tid;
		struct socket *so;
		int on = 1;

		so = usrsctp_accept(lso, (struct sockaddr *)&from.ss, &from.len);
		if (!so) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die(1, "accept: %s", strerror(errno));
		}
		usrsctp_setsockopt(so, IPPROTO_SCTP, SCTP_NODELAY, &on,
				   sizeof(on));
		c = xmalloc(sizeof(*c));
		c->so = so;
		fmt_sa(&from, c->peer, sizeof(c->peer));
		printf("%s: association from %s\n", prog_role, c->peer);
		if (pthread_create(&tid, NULL, serve, c))
			die(1, "pthread_create failed");
		pthread_detach(tid);
	}
	return 0;	/* not reached: the time bound or a signal ends it */
}

/* ---- client and source ---- */

/* Bound as asked, connected: the association is up when this returns. */
static struct socket *client_connect(struct opts *o)
{
	struct endpoint dst, src;
	struct sctp_initmsg init;
	struct socket *so;

	arm_timeout(o->seconds);
	make_endpoint(&dst, o->addr, o->port, AF_INET);
	make_endpoint(&src, o->baddr, o->lport, dst.ss.ss_family);
	if (src.ss.ss_family != dst.ss.ss_family)
		die(2, "local and remote address families differ");
	fmt_sa(&dst, o->rname, sizeof(o->rname));
	fmt_sa(&src, o->lname, sizeof(o->lname));

	stack_init();
	so = stack_socket(dst.ss.ss_family);
	/* A refusal must show as such, not as INIT retransmissions. */
	memset(&init, 0, sizeof(init));
	init.sinit_max_attempts = 4;
	init.sinit_max_init_timeo = 1000;
	if (usrsctp_setsockopt(so, IPPROTO_SCTP, SCTP_INITMSG, &init,
			       sizeof(init)) < 0)
		die(1, "SCTP_INITMSG: %s", strerror(errno));
	if ((o->baddr || o->lport) &&
	    usrsctp_bind(so, (struct sockaddr *)&src.ss, src.len) < 0)
		die(1, "bind %s: %s", o->lname, strerror(errno));

	phase = "connecting";
	if (usrsctp_connect(so, (struct sockaddr *)&dst.ss, dst.len) < 0)
		die(1, "connect %s -> %s: %s", o->lname, o->rname,
		    strerror(errno));
	return so;
}

/* A clean SHUTDOWN, so the capture of a good run shows no ABORT. */
static void client_close(struct socket *so, unsigned long count)
{
	int i;

	phase = "shutting down";
	usrsctp_close(so);
	for (i = 0; usrsctp_finish() != 0; i++) {
		if (i == 100)
			die(4, "%lu messages sent but the shutdown did not complete",
			    count);
		usleep(50 * 1000);
	}
}

/* Message @seq: its number and length, then a pattern that depends on both. */
static void fill_msg(char *buf, size_t len, uint32_t seq)
{
	uint32_t be = htonl(seq), blen = htonl((uint32_t)len);
	size_t i;

	memcpy(buf, &be, 4);
	memcpy(buf + 4, &blen, 4);
	for (i = 8; i < len; i++)
		buf[i] = (char)((seq * 131u + i * 7u + 0x5a) & 0xff);
}

static int cmd_client(struct opts *o)
{
	unsigned long sent, recvd, window = WINDOW;
	char *want, *got;
	struct socket *so;
	int i;

	if (window * o->size > INFLIGHT_MAX)
		window = INFLIGHT_MAX / o->size;
	want = xmalloc(window * o->size);
	got = xmalloc(o->size);

	so = client_connect(o);
	printf("%s: associated, %s -> %s\n", prog_role, o->lname, o->rname);
	phase = "echoing";
	for (sent = recvd = 0; recvd < o->count; recvd++) {
		char *w;
		ssize_t n;

		while (sent < o->count && sent - recvd < window) {
			w = want + (sent % window) * o->size;
			fill_msg(w, o->size, (uint32_t)sent);
			if (send_msg(so, w, o->size) < 0)
				die(1, "send of message %lu (%lu echoed): %s",
				    sent, recvd, strerror(errno));
			sent++;
		}
		n = recv_msg(so, got, o->size);
		if (n < 0)
			die(1, "association lost after %lu of %lu messages: %s",
			    recvd, o->count, strerror(errno));
		if (n == 0)
			die(1, "association closed by peer after %lu of %lu messages",
			    recvd, o->count);
		w = want + (recvd % window) * o->size;
		if ((size_t)n != o->size)
			die(1, "message %lu: echo of %zd bytes, sent %lu",
			    recvd, n, o->size);
		if (memcmp(w, got, o->size)) {
			for (i = 0; i < (int)o->size && w[i] == got[i]; i++)
				;
			die(1, "message %lu: echo differs at byte %d", recvd, i);
		}
	}

	client_close(so, o->count);
	printf("%s: OK %lu/%lu messages of %lu bytes echoed intact, %s -> %s\n",
	       prog_role, recvd, o->count, o->size, o->lname, o->rname);
	return 0;
}

/* ---- bulk: source and sink ---- */

static int cmd_source(struct opts *o)
{
	unsigned long sent;
	struct socket *so;
	char *buf = xmalloc(o->size);

	fill_msg(buf, o->size, 0);

	so = client_connect(o);
	phase = "sending";
	for (sent = 0; sent < o->count; sent++)
		if (send_msg(so, buf, o->size) < 0)
			die(1, "send of message %lu: %s", sent, strerror(errno));
	client_close(so, o->count);
	printf("%s: sent %lu messages of %lu bytes, %s -> %s\n",
	       prog_role, sent, o->size, o->lname, o->rname);
	return 0;
}

/* All CPUs' jiffies from /proc/stat, and those spent idle (idle, iowait). */
static void cpu_jiffies(unsigned long long *all, unsigned long long *idle)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");
	int i;

	*all = *idle = 0;
	if (!f)
		return;
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
		for (i = 0; i < 8; i++)
			*all += v[i];
		*idle = v[3] + v[4];
	}
	fclose(f);
}

static int cmd_sink(struct opts *o)
{
	unsigned long msgs = 0;
	unsigned long long bytes = 0, all0 = 0, idle0 = 0, all1, idle1;
	struct socket *lso, *so;
	double t0 = 0, t1;
	char *buf = xmalloc(MSG_MAX);
	ssize_t n;

	lso = server_listen(o, 1);

	phase = "waiting for an association";
	do
		so = usrsctp_accept(lso, NULL, NULL);
	while (!so && (errno == EINTR || errno == ECONNABORTED));
	if (!so)
		die(1, "accept: %s", strerror(errno));
	phase = "receiving";
	while ((n = recv_msg(so, buf, MSG_MAX)) > 0) {
		if (!msgs++) {
			t0 = now();
			cpu_jiffies(&all0, &idle0);
		}
		bytes += (unsigned long long)n;
	}
	t1 = now();
	cpu_jiffies(&all1, &idle1);
	if (n < 0)
		die(1, "association lost after %lu messages: %s", msgs,
		    strerror(errno));
	if (!msgs || (o->count && msgs != o->count))
		die(1, "got %lu messages, expected %lu", msgs, o->count);
	printf("%s: %lu messages, %llu bytes in %.6f s: %.0f bytes/s, cpu busy %.0f%%\n",
	       prog_role, msgs, bytes, t1 - t0, (double)bytes / (t1 - t0),
	       all1 > all0 ? 100.0 * (double)(all1 - all0 - (idle1 - idle0)) /
			     (double)(all1 - all0) : 0.0);
	usrsctp_close(so);
	usrsctp_close(lso);
	return 0;
}

/* ---- the command line ---- */

static const struct role {
	const char *name;
	int (*run)(struct opts *o);
	const char *optstring, *usage;
} roles[] = {
	{ "server", cmd_server, "a:p:t:", "-p PORT [-a BINDADDR] [-t SECONDS]" },
	{ "client", cmd_client, "a:p:b:l:n:s:t:",
	  "-a ADDR -p PORT [-b BINDADDR] [-l LOCALPORT] [-n COUNT] [-s SIZE] [-t SECONDS]" },
	{ "sink", cmd_sink, "a:p:n:t:", "-p PORT [-a BINDADDR] [-n COUNT] [-t SECONDS]" },
	{ "source", cmd_source, "a:p:b:l:n:s:t:",
	  "-a ADDR -p PORT [-b BINDADDR] [-l LOCALPORT] [-n COUNT] [-s SIZE] [-t SECONDS]" },
};

static int run_role(const struct role *r, int argc, char **argv)
{
	/* Those that connect (-b) need -a, and have a time bound. */
	int connects = !!strchr(r->optstring, 'b'), opt;
	struct opts o = {
		.seconds = connects ? 30 : 0,
		.count = connects ? 10 : 0,
		.size = 64,
	};

	snprintf(prog_role, sizeof(prog_role), "usctp %s", r->name);
	while ((opt = getopt(argc, argv, r->optstring)) != -1) {
		if (opt == 'a')
			o.addr = optarg;
		else if (opt == 'b')
			o.baddr = optarg;
		else if (opt == 'p')
			o.port = parse_num(optarg, 1, 65535, "port");
		else if (opt == 'l')
			o.lport = parse_num(optarg, 1, 65535, "local port");
		else if (opt == 'n')
			o.count = parse_num(optarg, 0, 10000000, "count");
		else if (opt == 's')
			o.size = parse_num(optarg, MSG_MIN, MSG_MAX, "size");
		else if (opt == 't')
			o.seconds = parse_num(optarg, 0, 86400, "time");
		else
			exit(2);
	}
	if (!o.port || (connects && !o.addr) || optind != argc)
		die(2, "usage: usctp %s %s", r->name, r->usage);
	return r->run(&o);
}

int main(int argc, char **argv)
{
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < ARRAY_LEN(roles); i++)
		if (argc >= 2 && !strcmp(argv[1], roles[i].name))
			return run_role(&roles[i], argc - 1, argv + 1);
	for (i = 0; i < ARRAY_LEN(roles); i++)
		fprintf(stderr, "%s usctp %s %s\n", i ? "      " : "usage:",
			roles[i].name, roles[i].usage);
	return 2;
}
