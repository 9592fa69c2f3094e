// SPDX-License-Identifier: GPL-2.0
/*
 * usctp: a usrsctp echo server and a checking client, for the VM tests.
 *
 * Plain SCTP over raw sockets (usrsctp_init(0, ...): no UDP encapsulation),
 * exactly the traffic that a host's sctp.ko sees as "out of the blue".
 *
 *   usctp server -p PORT [-a BINDADDR] [-6] [-t SECONDS]
 *   usctp client -a ADDR -p PORT [-b BINDADDR] [-l LOCALPORT] [-n COUNT]
 *                [-s SIZE] [-w WINDOW] [-t SECONDS] [-6]
 *
 * The client sends COUNT messages whose content is a function of their
 * sequence number, keeps up to WINDOW of them in flight, and compares every
 * echo byte for byte with what it sent.  It prints one result line and exits
 * 0 only when every message came back intact and the association shut down;
 * 1 on refusal, loss of the association or a wrong echo, 2 on usage errors,
 * 3 when the time bound (-t) expires.  The server prints "listening on ..."
 * once it accepts associations, and one line per association.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <usrsctp.h>

#define MSG_MIN		16
#define MSG_MAX		65536
#define INFLIGHT_MAX	(256 * 1024)	/* bytes in flight, well below the buffers */

static const char *prog_role = "usctp";
static const char *volatile phase = "starting";
static char timeout_msg[64];

struct endpoint {
	struct sockaddr_storage ss;
	socklen_t len;
};

static void die(int code, const char *fmt, ...)
{
	FILE *f = code ? stderr : stdout;
	va_list ap;

	fflush(stdout);
	fprintf(f, "%s: ", prog_role);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
	exit(code);
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

/* ADDR may be NULL: the wildcard address of the family. */
static void make_endpoint(struct endpoint *ep, const char *addr,
			  unsigned int port, int v6)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&ep->ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ep->ss;

	memset(ep, 0, sizeof(*ep));
	if (addr && strchr(addr, ':'))
		v6 = 1;
	if (v6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = in6addr_any;
		if (addr && inet_pton(AF_INET6, addr, &sin6->sin6_addr) != 1)
			die(2, "bad IPv6 address '%s'", addr);
		ep->len = sizeof(*sin6);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(INADDR_ANY);
		if (addr && inet_pton(AF_INET, addr, &sin->sin_addr) != 1)
			die(2, "bad IPv4 address '%s'", addr);
		ep->len = sizeof(*sin);
	}
}

static const char *fmt_sa(const struct sockaddr *sa, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned int port = 0;

	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		port = ntohs(s6->sin6_port);
		snprintf(buf, len, "[%s]:%u", host, port);
	} else {
		const struct sockaddr_in *s4 = (const void *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		port = ntohs(s4->sin_port);
		snprintf(buf, len, "%s:%u", host, port);
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
	char *buf = malloc(MSG_MAX);
	ssize_t n;

	if (!buf)
		die(1, "out of memory");
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

static int cmd_server(int argc, char **argv)
{
	const char *addr = NULL;
	unsigned int port = 0, seconds = 0;
	struct endpoint ep;
	struct socket *lso;
	char name[INET6_ADDRSTRLEN + 8];
	int v6 = 0, opt;

	prog_role = "usctp server";
	while ((opt = getopt(argc, argv, "a:p:t:6")) != -1) {
		switch (opt) {
		case 'a':
			addr = optarg;
			break;
		case 'p':
			port = parse_num(optarg, 1, 65535, "port");
			break;
		case 't':
			seconds = parse_num(optarg, 0, 86400, "time");
			break;
		case '6':
			v6 = 1;
			break;
		default:
			return 2;
		}
	}
	if (!port || optind != argc)
		die(2, "usage: usctp server -p PORT [-a BINDADDR] [-6] [-t SECONDS]");

	arm_timeout(seconds);
	make_endpoint(&ep, addr, port, v6);
	stack_init();
	lso = stack_socket(ep.ss.ss_family);
	if (usrsctp_bind(lso, (struct sockaddr *)&ep.ss, ep.len) < 0)
		die(1, "bind %s: %s", fmt_sa((void *)&ep.ss, name, sizeof(name)),
		    strerror(errno));
	if (usrsctp_listen(lso, 16) < 0)
		die(1, "listen: %s", strerror(errno));
	printf("%s: listening on %s\n", prog_role,
	       fmt_sa((void *)&ep.ss, name, sizeof(name)));
	phase = "serving";

	for (;;) {
		struct sockaddr_storage from;
		socklen_t fromlen = sizeof(from);
		struct conn *c;
		pthread_t tid;
		struct socket *so;
		int on = 1;

		so = usrsctp_accept(lso, (struct sockaddr *)&from, &fromlen);
		if (!so) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die(1, "accept: %s", strerror(errno));
		}
		usrsctp_setsockopt(so, IPPROTO_SCTP, SCTP_NODELAY, &on,
				   sizeof(on));
		c = calloc(1, sizeof(*c));
		if (!c)
			die(1, "out of memory");
		c->so = so;
		fmt_sa((void *)&from, c->peer, sizeof(c->peer));
		printf("%s: association from %s\n", prog_role, c->peer);
		if (pthread_create(&tid, NULL, serve, c))
			die(1, "pthread_create failed");
		pthread_detach(tid);
	}
}

/* ---- client ---- */

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

static int cmd_client(int argc, char **argv)
{
	const char *addr = NULL, *baddr = NULL;
	unsigned int port = 0, lport = 0, seconds = 30;
	unsigned long count = 10, size = 64, window = 16, sent, recvd;
	struct endpoint dst, src;
	struct sctp_initmsg init;
	char lname[INET6_ADDRSTRLEN + 8], rname[INET6_ADDRSTRLEN + 8];
	char *want, *got;
	struct socket *so;
	int v6 = 0, opt, i;

	prog_role = "usctp client";
	while ((opt = getopt(argc, argv, "a:p:b:l:n:s:w:t:6")) != -1) {
		switch (opt) {
		case 'a':
			addr = optarg;
			break;
		case 'p':
			port = parse_num(optarg, 1, 65535, "port");
			break;
		case 'b':
			baddr = optarg;
			break;
		case 'l':
			lport = parse_num(optarg, 1, 65535, "local port");
			break;
		case 'n':
			count = parse_num(optarg, 0, 10000000, "count");
			break;
		case 's':
			size = parse_num(optarg, MSG_MIN, MSG_MAX, "size");
			break;
		case 'w':
			window = parse_num(optarg, 1, 1024, "window");
			break;
		case 't':
			seconds = parse_num(optarg, 0, 86400, "time");
			break;
		case '6':
			v6 = 1;
			break;
		default:
			return 2;
		}
	}
	if (!addr || !port || optind != argc)
		die(2, "usage: usctp client -a ADDR -p PORT [-b BINDADDR] "
		    "[-l LOCALPORT] [-n COUNT] [-s SIZE] [-w WINDOW] "
		    "[-t SECONDS] [-6]");
	if (window * size > INFLIGHT_MAX)
		window = INFLIGHT_MAX / size;

	arm_timeout(seconds);
	make_endpoint(&dst, addr, port, v6);
	v6 = dst.ss.ss_family == AF_INET6;
	make_endpoint(&src, baddr, lport, v6);
	if (src.ss.ss_family != dst.ss.ss_family)
		die(2, "local and remote address families differ");
	fmt_sa((void *)&dst.ss, rname, sizeof(rname));
	fmt_sa((void *)&src.ss, lname, sizeof(lname));

	want = malloc(window * size);
	got = malloc(size);
	if (!want || !got)
		die(1, "out of memory");

	stack_init();
	so = stack_socket(dst.ss.ss_family);
	/* A refusal must show as such, not as INIT retransmissions. */
	memset(&init, 0, sizeof(init));
	init.sinit_max_attempts = 4;
	init.sinit_max_init_timeo = 1000;
	if (usrsctp_setsockopt(so, IPPROTO_SCTP, SCTP_INITMSG, &init,
			       sizeof(init)) < 0)
		die(1, "SCTP_INITMSG: %s", strerror(errno));
	if ((baddr || lport) &&
	    usrsctp_bind(so, (struct sockaddr *)&src.ss, src.len) < 0)
		die(1, "bind %s: %s", lname, strerror(errno));

	phase = "connecting";
	if (usrsctp_connect(so, (struct sockaddr *)&dst.ss, dst.len) < 0)
		die(1, "connect %s -> %s: %s", lname, rname, strerror(errno));

	phase = "echoing";
	for (sent = recvd = 0; recvd < count; recvd++) {
		char *w;
		ssize_t n;

		while (sent < count && sent - recvd < window) {
			w = want + (sent % window) * size;
			fill_msg(w, size, (uint32_t)sent);
			if (send_msg(so, w, size) < 0)
				die(1, "send of message %lu (%lu echoed): %s",
				    sent, recvd, strerror(errno));
			sent++;
		}
		n = recv_msg(so, got, size);
		if (n < 0)
			die(1, "association lost after %lu of %lu messages: %s",
			    recvd, count, strerror(errno));
		if (n == 0)
			die(1, "association closed by peer after %lu of %lu messages",
			    recvd, count);
		w = want + (recvd % window) * size;
		if ((size_t)n != size)
			die(1, "message %lu: echo of %zd bytes, sent %lu",
			    recvd, n, size);
		if (memcmp(w, got, size)) {
			for (i = 0; i < (int)size && w[i] == got[i]; i++)
				;
			die(1, "message %lu: echo differs at byte %d", recvd, i);
		}
	}

	/* A clean SHUTDOWN, so the capture of a good run shows no ABORT. */
	phase = "shutting down";
	usrsctp_close(so);
	for (i = 0; usrsctp_finish() != 0; i++) {
		if (i == 100)
			die(1, "%lu messages echoed but the shutdown did not complete",
			    count);
		usleep(50 * 1000);
	}
	printf("%s: OK %lu/%lu messages of %lu bytes echoed intact, %s -> %s\n",
	       prog_role, recvd, count, size, lname, rname);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 2 && !strcmp(argv[1], "server"))
		return cmd_server(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "client"))
		return cmd_client(argc - 1, argv + 1);
	fprintf(stderr,
		"usage: usctp server -p PORT [-a BINDADDR] [-6] [-t SECONDS]\n"
		"       usctp client -a ADDR -p PORT [-b BINDADDR] [-l LOCALPORT]\n"
		"                    [-n COUNT] [-s SIZE] [-w WINDOW] [-t SECONDS] [-6]\n");
	return 2;
}
