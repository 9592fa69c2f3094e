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
#include <unistd.h>

#include "prog.h"

#define USAGE "kbind -a ADDR -p PORT [-t SECONDS]"

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	const char *addr = NULL;
	unsigned long port = 0, secs = 600;
	socklen_t len;
	int fd, c;

	while ((c = getopt(argc, argv, "a:p:t:")) != -1) {
		switch (c) {
		case 'a': addr = optarg; break;
		case 'p': port = strtoul(optarg, NULL, 10); break;
		case 't': secs = strtoul(optarg, NULL, 10); break;
		default: usage(USAGE);
		}
	}
	len = addr ? parse_addr(addr, port, AF_INET, &ss) : 0;
	if (!len || !port || port > 65535)
		usage(USAGE);
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
