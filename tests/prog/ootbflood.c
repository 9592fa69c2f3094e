// SPDX-License-Identifier: GPL-2.0
/*
 * ootbflood: send SCTP INIT packets over a raw socket, as fast as allowed,
 * to a range of destination ports: out-of-the-blue traffic for the receiving
 * kernel, to exercise the verdict path while modules come and go.
 *
 *   ootbflood -s SRC -d DST -p LO[-HI] [-l SPORT] [-n COUNT] [-t SECONDS] [-r PPS]
 *             [-v VTAG] [-x]
 *
 * IPv4 or IPv6 by the form of the addresses.  -v puts VTAG in the common
 * header instead of the 0 an INIT must carry: even a listening kernel
 * endpoint then answers with ABORT (RFC 9260 section 3.1).  With -x every
 * packet carries a wrong CRC32c: what the receiver counts then shows whether
 * it verified the checksum.  Stops after COUNT packets or SECONDS seconds,
 * whichever comes first; prints how many it sent.
 */
#include <errno.h>
#include <unistd.h>

#include "prog.h"
#include "sctppkt.h"

#define USAGE "ootbflood -s SRC -d DST -p LO[-HI] [-l SPORT] [-n COUNT] " \
	"[-t SECONDS] [-r PPS] [-v VTAG] [-x]"

int main(int argc, char **argv)
{
	const char *src = NULL, *dst = NULL;
	unsigned int lo = 0, hi = 0;
	unsigned long sport = 40000, count = 0, pps = 0, vtag = 0;
	double secs = 5, t0, t;
	struct sockaddr_storage ss, ds;
	socklen_t slen;
	struct init_pkt p;
	unsigned long sent = 0, errors = 0;
	int fd, c, bad_crc = 0;

	while ((c = getopt(argc, argv, "s:d:p:l:n:t:r:v:x")) != -1) {
		switch (c) {
		case 's': src = optarg; break;
		case 'd': dst = optarg; break;
		case 'p':
			if (parse_ports(optarg, &lo, &hi))
				usage(USAGE);
			break;
		case 'l': sport = strtoul(optarg, NULL, 10); break;
		case 'n': count = strtoul(optarg, NULL, 10); break;
		case 't': secs = atof(optarg); break;
		case 'r': pps = strtoul(optarg, NULL, 10); break;
		case 'v': vtag = strtoul(optarg, NULL, 0); break;
		case 'x': bad_crc = 1; break;
		default: usage(USAGE);
		}
	}
	if (!src || !dst || !lo || !sport || sport > 65535)
		usage(USAGE);
	slen = parse_addr(src, 0, AF_INET, &ss);
	if (!slen || parse_addr(dst, 0, AF_INET, &ds) != slen)
		usage(USAGE);

	fd = socket(ss.ss_family, SOCK_RAW, IPPROTO_SCTP);
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, slen) < 0) {
		perror("ootbflood: raw socket");
		return 1;
	}

	crc32c_init();
	srand(getpid());
	t0 = now();
	for (unsigned int port = lo;; port = port == hi ? lo : port + 1) {
		t = now() - t0;
		if ((count && sent >= count) || t >= secs)
			break;
		if (pps && sent > t * pps) {
			usleep(1000);
			continue;
		}
		init_pkt_make(&p, sport, port, (uint32_t)rand(), (uint32_t)rand());
		if (vtag) {	/* -v: a non-zero verification tag */
			p.vtag = htonl((uint32_t)vtag);
			p.crc = 0;
			p.crc = crc32c((const uint8_t *)&p, sizeof(p));
		}
		if (bad_crc)
			p.crc ^= htonl(1);
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
	printf("ootbflood: sent %lu INIT%s to %s ports %u-%u in %.1f s (%lu ENOBUFS)\n",
	       sent, bad_crc ? " with a wrong CRC32c" : "", dst, lo, hi,
	       now() - t0, errors);
	return sent ? 0 : 1;
}
