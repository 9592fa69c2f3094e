/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sctppkt: an SCTP INIT packet built by hand, for raw sockets: out of the
 * blue for the kernel that receives it (ootbflood, ootbchurn).
 */
#ifndef _OOTB_SCTPPKT_H
#define _OOTB_SCTPPKT_H

#include <arpa/inet.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

static uint32_t crc32c_table[256];

static inline void crc32c_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78 : c >> 1;
		crc32c_table[i] = c;
	}
}

static inline uint32_t crc32c(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffff;

	while (n--)
		c = crc32c_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

/* An INIT from @sport to @dport (verification tag 0), with its checksum;
 * crc32c_init() first. */
static inline void init_pkt_make(struct init_pkt *p, uint16_t sport,
				 uint16_t dport, uint32_t itag, uint32_t tsn)
{
	memset(p, 0, sizeof(*p));
	p->sport = htons(sport);
	p->dport = htons(dport);
	p->type = 1;
	p->len = htons(20);
	p->itag = htonl(itag | 1);
	p->a_rwnd = htonl(65536);
	p->os = p->mis = htons(1);
	p->tsn = htonl(tsn);
	/* CRC32c is stored little-endian on the wire (RFC 9260 App. B). */
	p->crc = crc32c((const uint8_t *)p, sizeof(*p));
}

#endif /* _OOTB_SCTPPKT_H */
