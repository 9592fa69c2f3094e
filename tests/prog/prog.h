/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prog: what the VM's test programs share: a clock, the usage error, port
 * ranges and addresses from the command line, a generator that a seed
 * replays.  Header only: each program is one .c file.
 */
#ifndef _OOTB_PROG_H
#define _OOTB_PROG_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Seconds on @clock; now(): on CLOCK_MONOTONIC. */
static inline double clock_secs(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline double now(void)
{
	return clock_secs(CLOCK_MONOTONIC);
}

/* "usage: TEXT" and exit status 2. */
static inline __attribute__((noreturn)) void usage(const char *text)
{
	fprintf(stderr, "usage: %s\n", text);
	exit(2);
}

/* LO[-HI] with 1 <= LO <= HI <= 65535: 0, or -1 when it is not. */
static inline int parse_ports(const char *s, unsigned int *lo,
			      unsigned int *hi)
{
	char *end;

	*lo = strtoul(s, &end, 10);
	*hi = *end == '-' ? strtoul(end + 1, &end, 10) : *lo;
	return *end || !*lo || *hi < *lo || *hi > 65535 ? -1 : 0;
}

/*
 * @addr and @port into @ss: IPv6 when @addr has a colon, IPv4 when it has
 * none, the wildcard of @family when it is NULL.  The address's length, or
 * 0 when @addr is not an address.
 */
static inline socklen_t parse_addr(const char *addr, unsigned int port,
				   int family, struct sockaddr_storage *ss)
{
	struct sockaddr_in *s4 = (void *)ss;
	struct sockaddr_in6 *s6 = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (addr)
		family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (family == AF_INET6) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		if (addr && inet_pton(AF_INET6, addr, &s6->sin6_addr) != 1)
			return 0;
		return sizeof(*s6);
	}
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	if (addr && inet_pton(AF_INET, addr, &s4->sin_addr) != 1)
		return 0;
	return sizeof(*s4);
}

/* splitmix64: the next number of the stream @s. */
static inline uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif /* _OOTB_PROG_H */
