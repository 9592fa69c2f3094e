// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * claimlib: a small usrsctp program that claims its ports with
 * libsctpootb, as sctpootb(3) tells application authors to.
 *
 *   claimlib api PORT
 *       the library's promises on PORT, PORT+1 and PORT+2 (nothing else
 *       may hold them): one line per step, "ok STEP" or
 *       "not ok STEP: expected X, got Y"; between the steps that need the
 *       table looked at from outside it prints "pause WHAT" and waits for
 *       a line on stdin.  Exits 0 when every step passed.
 *   claimlib client ADDR PORT COUNT
 *       a usrsctp client with a port of usrsctp's choice: bind to port 0,
 *       read the port back, claim it, connect to ADDR PORT, send COUNT
 *       messages and check each echo; "claimed N" once claimed, and
 *       "OK COUNT/COUNT echoed" at the end (exit 0), or why not (exit 1).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <usrsctp.h>

#include "sctpootb.h"

static int failed;

static void pause_for(const char *what)
{
	char line[64];

	printf("pause %s\n", what);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return;
}

/* STEP returned RET with errno ERR: want WANT (0: success, else errno). */
static void expect(const char *step, int ret, int err, int want)
{
	if (want == 0 && ret >= 0) {
		printf("ok %s\n", step);
		return;
	}
	if (want && ret < 0 && err == want) {
		printf("ok %s (%s)\n", step, sctpootb_error());
		return;
	}
	failed = 1;
	if (want)
		printf("not ok %s: expected %s, got %s\n", step, strerror(want),
		       ret < 0 ? sctpootb_error() : "success");
	else
		printf("not ok %s: expected success, got %s (errno %d)\n",
		       step, sctpootb_error(), err);
}

static int cmd_api(uint16_t p)
{
	int fd, fd2, ret;

	fd = sctpootb_claim(p, p, 0);
	expect("claim", fd, errno, 0);
	if (fd < 0)
		return 1;
	ret = sctpootb_claim(p, p, 0);
	expect("claim-twice", ret, errno, EEXIST);
	if (ret >= 0)
		close(ret);
	ret = sctpootb_add(fd, p + 1, p + 2, SCTPOOTB_COUNT,
			   SCTPOOTB_NORESERVE);
	expect("add-second", ret, errno, 0);
	ret = sctpootb_add(fd, p + 2, p + 3, SCTPOOTB_DISCARD, 0);
	expect("add-overlap", ret, errno, EBUSY);
	ret = sctpootb_add(fd, 0, 1, SCTPOOTB_DISCARD, 0);
	expect("add-port-0", ret, errno, EINVAL);
	ret = sctpootb_add(fd, p + 2, p + 1, SCTPOOTB_DISCARD, 0);
	expect("add-reversed", ret, errno, EINVAL);
	ret = sctpootb_add(fd, p + 5, p + 5, 7, 0);
	expect("add-bad-policy", ret, errno, EINVAL);
	ret = sctpootb_add(fd, p + 5, p + 5, SCTPOOTB_DISCARD, 0x80);
	expect("add-bad-flag", ret, errno, EINVAL);
	ret = sctpootb_open(SCTPOOTB_NORESERVE);
	expect("open-bad-flag", ret, errno, EINVAL);

	/* Another socket may not give up this socket's claim. */
	fd2 = sctpootb_open(0);
	expect("open-other", fd2, errno, 0);
	ret = sctpootb_del(fd2, p, p);
	expect("del-not-owner", ret, errno, EPERM);
	if (fd2 >= 0)
		close(fd2);

	pause_for("claims");
	ret = sctpootb_del(fd, p + 1, p + 2);
	expect("del", ret, errno, 0);
	ret = sctpootb_del(fd, p + 1, p + 2);
	expect("del-again", ret, errno, ENOENT);
	pause_for("one-claim");
	close(fd);
	pause_for("closed");
	return failed;
}

static int cmd_client(const char *addr, uint16_t port, unsigned long count)
{
	struct sockaddr_in any = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct sockaddr *la;
	char buf[64], got[64];
	struct socket *so;
	unsigned long i;
	int claim, n;
	uint16_t lport = 0;

	if (inet_pton(AF_INET, addr, &dst.sin_addr) != 1) {
		fprintf(stderr, "claimlib: bad address %s\n", addr);
		return 2;
	}
	dst.sin_port = htons(port);
	usrsctp_init(0, NULL, NULL);
	usrsctp_sysctl_set_sctp_blackhole(2);
	so = usrsctp_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP, NULL, NULL, 0,
			    NULL);
	if (!so || usrsctp_bind(so, (struct sockaddr *)&any, sizeof(any))) {
		printf("bind: %s\n", strerror(errno));
		return 1;
	}
	n = usrsctp_getladdrs(so, 0, &la);
	if (n > 0) {
		lport = ntohs(((struct sockaddr_in *)la)->sin_port);
		usrsctp_freeladdrs(la);
	}
	claim = sctpootb_claim(lport, lport, 0);
	if (!lport || claim < 0) {
		printf("claim %u: %s\n", lport, sctpootb_error());
		return 1;
	}
	printf("claimed %u\n", lport);
	fflush(stdout);
	if (usrsctp_connect(so, (struct sockaddr *)&dst, sizeof(dst))) {
		printf("connect: %s\n", strerror(errno));
		return 1;
	}
	for (i = 0; i < count; i++) {
		struct sctp_sndinfo snd = { 0 };
		struct sctp_rcvinfo rcv;
		socklen_t rlen = sizeof(rcv);
		unsigned int type;
		int flags = 0;
		ssize_t r;

		snprintf(buf, sizeof(buf), "claimlib message %lu", i);
		if (usrsctp_sendv(so, buf, strlen(buf), NULL, 0, &snd,
				  sizeof(snd), SCTP_SENDV_SNDINFO, 0) < 0) {
			printf("send %lu: %s\n", i, strerror(errno));
			return 1;
		}
		r = usrsctp_recvv(so, got, sizeof(got), NULL, NULL, &rcv,
				  &rlen, &type, &flags);
		if (r <= 0) {
			printf("echo %lu: %s\n", i,
			       r ? strerror(errno) : "association closed");
			return 1;
		}
		if ((size_t)r != strlen(buf) || memcmp(buf, got, r)) {
			printf("echo %lu differs\n", i);
			return 1;
		}
	}
	usrsctp_close(so);
	for (n = 0; usrsctp_finish() != 0 && n < 100; n++)
		usleep(50 * 1000);
	close(claim);
	printf("OK %lu/%lu echoed\n", count, count);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "api"))
		return cmd_api((uint16_t)atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "client"))
		return cmd_client(argv[2], (uint16_t)atoi(argv[3]),
				  strtoul(argv[4], NULL, 10));
	fprintf(stderr,
		"usage: claimlib api PORT\n"
		"       claimlib client ADDR PORT COUNT\n");
	return 2;
}
