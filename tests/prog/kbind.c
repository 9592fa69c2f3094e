// SPDX-License-Identifier: GPL-2.0
/*
 * kbind: hold a kernel SCTP socket bound to a port, without listening and
 * without any association, for the VM tests: such a port is the kernel's
 * (it has a bind bucket) although no endpoint lookup finds it.
 *
 *   kbind -a ADDR -p PORT [-t SECONDS]
 *
 * Prints "kbind: bound ADDR:PORT" once bound, then sleeps until SECONDS
 * (default 600) have passed or it is killed.  Exit 1 if it cannot bind.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif

int main(int argc, char **argv)
{
	struct sockaddr_storage ss = { 0 };
	const char *addr = NULL;
	unsigned long port = 0, secs = 600;
	socklen_t len;
	int fd, c;

	while ((c = getopt(argc, argv, "a:p:t:")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = strtoul(optarg, NULL, 10); break;
		case 't': secs = strtoul(optarg, NULL, 10); break;
		default: port = 0; addr = NULL;
		}
	}
	if (!addr || !port || port > 65535) {
		fprintf(stderr, "usage: kbind -a ADDR -p PORT [-t SECONDS]\n");
		return 2;
	}
	if (strchr(addr, ':')) {
		struct sockaddr_in6 *s6 = (void *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (inet_pton(AF_INET6, addr, &s6->sin6_addr) != 1)
			return 2;
		len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (void *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		if (inet_pton(AF_INET, addr, &s4->sin_addr) != 1)
			return 2;
		len = sizeof(*s4);
	}
	fd = socket(ss.ss_family, SOCK_SEQPACKET, IPPROTO_SCTP);
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) < 0) {
		perror("kbind");
		return 1;
	}
	printf("kbind: bound %s:%lu\n", addr, port);
	fflush(stdout);
	sleep(secs);
	return 0;
}
