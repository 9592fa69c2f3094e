// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * autoprobe: a usrsctp program that makes, in order, the calls its
 * arguments name, for the tests of libsctpootb-auto.so (which it knows
 * nothing about: it is an ordinary program linked to libusrsctp).
 *
 *   autoprobe STEP...
 *     s4 | s6           a new one-to-one socket (AF_INET, AF_INET6): the
 *                       current one
 *     m4 | m6           a new one-to-many socket
 *     bind PORT         bind the current socket to PORT of every address
 *     bindx ADDR PORT   usrsctp_bindx(ADD_ADDR) of one address
 *     connect ADDR PORT non-blocking connect
 *     connectx ADDR PORT
 *     listen
 *     sendv ADDR PORT   one message to ADDR PORT (one-to-many sockets)
 *     port              print "port N": the local port usrsctp gave it
 *     close             usrsctp_close() the current socket
 *     fork              the child stops here and waits for stdin's end
 *     wait              wait for a line on stdin (or its end)
 *     sleep SECONDS
 * Prints "ok STEP" after each step and "error STEP: REASON" (exit 1) on
 * the first that fails.  usrsctp runs without UDP encapsulation and with
 * the blackhole on, as a real program next to kernel SCTP must.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <usrsctp.h>

static int addr_of(const char *host, const char *port,
		   struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(atoi(port));
		*len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(atoi(port));
		*len = sizeof(*s6);
		return 0;
	}
	return -1;
}

static void wait_stdin(void)
{
	char line[64];

	if (!fgets(line, sizeof(line), stdin))
		return;
}

static int local_port(struct socket *so)
{
	struct sockaddr *a;
	int n, port = 0;

	n = usrsctp_getladdrs(so, 0, &a);
	if (n <= 0)
		return 0;
	if (a->sa_family == AF_INET)
		port = ntohs(((struct sockaddr_in *)a)->sin_port);
	else if (a->sa_family == AF_INET6)
		port = ntohs(((struct sockaddr_in6 *)a)->sin6_port);
	usrsctp_freeladdrs(a);
	return port;
}

#define NEED(n)								\
	do {								\
		if (i + (n) >= argc) {					\
			fprintf(stderr, "autoprobe: %s needs %d arguments\n", \
				step, n);				\
			return 2;					\
		}							\
	} while (0)

int main(int argc, char **argv)
{
	struct socket *so = NULL;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	usrsctp_init(0, NULL, NULL);
	usrsctp_sysctl_set_sctp_blackhole(2);

	for (i = 1; i < argc; i++) {
		const char *step = argv[i];
		struct sockaddr_storage ss;
		socklen_t len;
		int ret = 0;

		if (!strcmp(step, "s4") || !strcmp(step, "s6") ||
		    !strcmp(step, "m4") || !strcmp(step, "m6")) {
			so = usrsctp_socket(step[1] == '4' ? AF_INET : AF_INET6,
					    step[0] == 's' ? SOCK_STREAM :
							     SOCK_SEQPACKET,
					    IPPROTO_SCTP, NULL, NULL, 0, NULL);
			if (so)
				usrsctp_set_non_blocking(so, 1);
			ret = so ? 0 : -1;
		} else if (!strcmp(step, "bind")) {
			struct sockaddr_in6 a6 = { .sin6_family = AF_INET6,
						   .sin6_addr = IN6ADDR_ANY_INIT };
			struct sockaddr_in a4 = { .sin_family = AF_INET };

			NEED(1);
			a6.sin6_port = a4.sin_port = htons(atoi(argv[++i]));
			/* The socket's family: try v6 first, as a v6 socket. */
			ret = usrsctp_bind(so, (struct sockaddr *)&a6,
					   sizeof(a6));
			if (ret && errno == EINVAL)
				ret = usrsctp_bind(so, (struct sockaddr *)&a4,
						   sizeof(a4));
		} else if (!strcmp(step, "bindx")) {
			NEED(2);
			if (addr_of(argv[i + 1], argv[i + 2], &ss, &len))
				goto bad_addr;
			i += 2;
			ret = usrsctp_bindx(so, (struct sockaddr *)&ss, 1,
					    SCTP_BINDX_ADD_ADDR);
		} else if (!strcmp(step, "connect") ||
			   !strcmp(step, "connectx")) {
			NEED(2);
			if (addr_of(argv[i + 1], argv[i + 2], &ss, &len))
				goto bad_addr;
			i += 2;
			if (step[7] == 'x')
				ret = usrsctp_connectx(so,
						       (struct sockaddr *)&ss,
						       1, NULL);
			else
				ret = usrsctp_connect(so,
						      (struct sockaddr *)&ss,
						      len);
			if (ret && errno == EINPROGRESS)
				ret = 0;
		} else if (!strcmp(step, "listen")) {
			ret = usrsctp_listen(so, 1);
		} else if (!strcmp(step, "sendv")) {
			NEED(2);
			if (addr_of(argv[i + 1], argv[i + 2], &ss, &len))
				goto bad_addr;
			i += 2;
			ret = usrsctp_sendv(so, "probe", 5,
					    (struct sockaddr *)&ss, 1, NULL, 0,
					    SCTP_SENDV_NOINFO, 0) < 0 ? -1 : 0;
			if (ret && errno == EINPROGRESS)
				ret = 0;
		} else if (!strcmp(step, "port")) {
			printf("port %d\n", local_port(so));
		} else if (!strcmp(step, "close")) {
			usrsctp_close(so);
			so = NULL;
		} else if (!strcmp(step, "fork")) {
			pid_t pid = fork();

			if (pid < 0) {
				ret = -1;
			} else if (pid == 0) {
				printf("child %d\n", (int)getpid());
				wait_stdin();
				_exit(0);
			}
		} else if (!strcmp(step, "wait")) {
			wait_stdin();
		} else if (!strcmp(step, "sleep")) {
			NEED(1);
			sleep(atoi(argv[++i]));
		} else {
			fprintf(stderr, "autoprobe: unknown step %s\n", step);
			return 2;
		}
		if (ret) {
			printf("error %s: %s\n", step, strerror(errno));
			return 1;
		}
		printf("ok %s\n", step);
		continue;
bad_addr:
		fprintf(stderr, "autoprobe: bad address %s\n", argv[i + 1]);
		return 2;
	}
	if (so)
		usrsctp_close(so);
	while (usrsctp_finish() != 0)
		sleep(1);
	return 0;
}
