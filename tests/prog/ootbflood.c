// SPDX-License-Identifier: GPL-2.0
/*
 * ootbflood: send SCTP INIT packets over a raw socket, as fast as allowed,
 * to a range of destination ports: out-of-the-blue traffic for the receiving
 * kernel, to exercise the verdict path while modules come and go.
 *
 *   ootbflood -s SRC -d DST -p LO[-HI] [-l SPORT] [-n COUNT] [-t SECONDS] [-r PPS] [-x]
 *
 * IPv4 or IPv6 by the form of the addresses.  Stops after COUNT packets or
 * SECONDS seconds, whichever comes first; prints how many it sent.  With -x
 * every packet carries a wrong CRC32c: what the receiver counts then shows
 * whether it verified the checksum.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef IPPROTO_SCTP
#define IPPROTO_SCTP 132
#endif

static uint32_t crc32c_table[256];

static void crc32c_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78 : c >> 1;
		crc32c_table[i] = c;
	}
}

static uint32_t crc32c(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffff;

	while (n--)
		c = crc32c_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

/* Common header + one INIT chunk (RFC 9260 3.3.2), no parameters. */
struct init_pkt {
	uint16_t sport, dport;
	uint32_t vtag, crc;
	uint8_t type, flags;
	uint16_t len;
	uint32_t itag, a_rwnd;
	uint16_t os, mis;
	uint32_t tsn;
} __attribute__((packed));

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: ootbflood -s SRC -d DST -p LO[-HI] [-l SPORT] [-n COUNT] [-t SECONDS] [-r PPS] [-x]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *src = NULL, *dst = NULL;
	unsigned long lo = 0, hi = 0, sport = 40000, count = 0, pps = 0;
	double secs = 5, t0, t;
	struct sockaddr_storage ss = { 0 }, ds = { 0 };
	socklen_t slen;
	struct init_pkt p;
	unsigned long sent = 0, errors = 0;
	int fam, fd, c, bad_crc = 0;
	char *end;

	while ((c = getopt(argc, argv, "s:d:p:l:n:t:r:x")) != -1) {
		switch (c) {
		case 's': src = optarg; break;
		case 'd': dst = optarg; break;
		case 'p':
			lo = strtoul(optarg, &end, 10);
			hi = *end == '-' ? strtoul(end + 1, &end, 10) : lo;
			if (*end || !lo || hi < lo || hi > 65535)
				usage();
			break;
		case 'l': sport = strtoul(optarg, NULL, 10); break;
		case 'n': count = strtoul(optarg, NULL, 10); break;
		case 't': secs = atof(optarg); break;
		case 'r': pps = strtoul(optarg, NULL, 10); break;
		case 'x': bad_crc = 1; break;
		default: usage();
		}
	}
	if (!src || !dst || !lo || !sport || sport > 65535)
		usage();

	fam = strchr(dst, ':') ? AF_INET6 : AF_INET;
	if (fam == AF_INET) {
		struct sockaddr_in *s4 = (void *)&ss, *d4 = (void *)&ds;

		s4->sin_family = d4->sin_family = AF_INET;
		if (inet_pton(AF_INET, src, &s4->sin_addr) != 1 ||
		    inet_pton(AF_INET, dst, &d4->sin_addr) != 1)
			usage();
		slen = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (void *)&ss, *d6 = (void *)&ds;

		s6->sin6_family = d6->sin6_family = AF_INET6;
		if (inet_pton(AF_INET6, src, &s6->sin6_addr) != 1 ||
		    inet_pton(AF_INET6, dst, &d6->sin6_addr) != 1)
			usage();
		slen = sizeof(*s6);
	}

	fd = socket(fam, SOCK_RAW, IPPROTO_SCTP);
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, slen) < 0) {
		perror("ootbflood: raw socket");
		return 1;
	}

	crc32c_init();
	srand(getpid());
	t0 = now();
	for (unsigned long port = lo;; port = port == hi ? lo : port + 1) {
		t = now() - t0;
		if ((count && sent >= count) || t >= secs)
			break;
		if (pps && sent > t * pps) {
			usleep(1000);
			continue;
		}
		memset(&p, 0, sizeof(p));
		p.sport = htons(sport);
		p.dport = htons(port);
		p.type = 1;			/* INIT, verification tag 0 */
		p.len = htons(20);
		p.itag = htonl((uint32_t)rand() | 1);
		p.a_rwnd = htonl(65536);
		p.os = p.mis = htons(1);
		p.tsn = htonl((uint32_t)rand());
		/* CRC32c is stored little-endian on the wire (RFC 9260 App. B). */
		p.crc = crc32c((const uint8_t *)&p, sizeof(p));
		if (bad_crc)
			p.crc ^= htonl(1);
		if (fam == AF_INET6)
			((struct sockaddr_in6 *)&ds)->sin6_port = 0;
		if (sendto(fd, &p, sizeof(p), 0, (struct sockaddr *)&ds, slen) < 0) {
			if (errno != ENOBUFS && errno != EAGAIN) {
				perror("ootbflood: sendto");
				return 1;
			}
			errors++;
			continue;
		}
		sent++;
	}
	printf("ootbflood: sent %lu INIT%s to %s ports %lu-%lu in %.1f s (%lu ENOBUFS)\n",
	       sent, bad_crc ? " with a wrong CRC32c" : "", dst, lo, hi,
	       now() - t0, errors);
	return sent ? 0 : 1;
}
