/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sctp_ootb: which SCTP "out of the blue" packets the kernel keeps quiet about.
 *
 * The patched sctp.ko asks the sctp_ootb module for a verdict on every packet
 * that matches no kernel association or endpoint (RFC 9260 §8.4).  The module
 * keeps, per network namespace, a table of local port ranges with a policy:
 *
 *   DISCARD  drop the packet silently: a userspace stack (usrsctp) owns it;
 *   ABORT    stock behaviour, an explicit exception inside a wider range;
 *   COUNT    stock behaviour, counted as "would discard" (dry run).
 *
 * With the patched sctp.ko of hook revision 2 and later, a packet to a port
 * whose deciding range is DISCARD is dropped as soon as sctp.ko has it,
 * before its checksum is verified and before any lookup, when no kernel SCTP
 * socket of the namespace is bound to that port (no listener, no client, no
 * association on it): every packet to that port then counts as discarded,
 * in the range's MATCHED, in STAT_DISCARDED and in the kernel's
 * SctpInPktDiscards, a packet with a wrong checksum included (it never
 * reaches SctpChecksumErrors).  A port that a kernel socket is bound to is
 * never dropped early: its packets are checksummed and looked up as without
 * sctp_ootb, and only those that turn out to be out of the blue meet the
 * policy.  Ports in ABORT and COUNT ranges are never dropped early.
 *
 * Ranges are [START, END], 1 <= START <= END <= 65535.  Two ranges are either
 * disjoint or nested; a nested range overrides the one around it (the most
 * specific range wins).  Partial overlaps are refused.  At most
 * SCTP_OOTB_MAX_RANGES ranges per namespace.
 *
 * What the hook is asked, and so what the counters count.  sctp.ko asks
 * for a verdict on a packet that matched no association and landed on the
 * namespace's control socket, before the §8.4 handling runs.  MATCHED,
 * STAT_DISCARDED, STAT_COUNTED, STAT_ABORTED and STAT_UNMATCHED therefore
 * count every such packet, including those that §8.4 then drops without a
 * reply (an ABORT, a SHUTDOWN COMPLETE, a COOKIE ACK or a stale-cookie
 * ERROR out of the blue; also an INIT bundled with other chunks):
 * STAT_COUNTED is "would have been dropped", not "an ABORT was sent", and
 * STAT_ABORTED and STAT_UNMATCHED are "passed on to §8.4", which answers
 * most packets but not all.  Packets sctp.ko drops before that point (bad
 * checksum, no such local address) are not seen.
 *
 * What a range cannot cover: a local port on which a kernel SCTP socket
 * listens.  Packets to that port find the socket's endpoint, not the
 * control socket, so the hook is not asked and the endpoint answers what
 * it refuses itself (e.g. an INIT with a non-zero verification tag, or a
 * chunk of an unknown association, with an ABORT), whatever the range
 * says; its MATCHED does not move.  Do not let a kernel socket listen on a
 * port usrsctp owns.
 *
 * Generic netlink family SCTP_OOTB_GENL_NAME, version SCTP_OOTB_GENL_VERSION.
 * Every command works on the requester's network namespace.  Commands that
 * change the table need CAP_NET_ADMIN in that namespace's user namespace
 * (EPERM otherwise, without extack text).  Attributes are strictly validated
 * by the core, which answers with its own extack text:
 *   EINVAL "Unsupported attribute" / "Unknown attribute type": an attribute
 *          the command does not take (FLUSH, GET_RANGE, GET_STATS take none;
 *          PAD there gives "Attribute failed policy validation");
 *   EINVAL "invalid attribute length": e.g. a u32 where a u16 is due;
 *   EINVAL "ambiguous or reserved bits set in nlmsg_flags": any nlmsg flag
 *          but REQUEST, ACK, ECHO and DUMP (resv_start_op is 0);
 *   ERANGE "integer out of range": START or END of 0, POLICY above
 *          SCTP_OOTB_POLICY_MAX (with the offending attribute's offset).
 * Everything else is refused by the module with a short lowercase extack
 * message on the attribute at fault (NLMSGERR_ATTR_OFFS), listed below.
 * A missing START or END is EINVAL "missing start" / "missing end", with
 * NLMSGERR_ATTR_MISS_TYPE (and NLMSGERR_ATTR_MISS_NEST inside a RANGE).
 *
 * SCTP_OOTB_CMD_ADD_RANGE
 *   request: START, END, [POLICY] (default DISCARD), [REPLACE], [RESERVE]
 *   With the REPLACE flag: change the policy (and RESERVE) of an identical
 *   range (its counter is kept), or add the range if it is not there.  (nlmsg_flags
 *   carry nothing: the core refuses any but REQUEST, ACK, ECHO and DUMP.)
 *   errors:  EINVAL "start after end";
 *            EEXIST "range already exists" (identical range, no REPLACE);
 *            EBUSY  "overlaps LO-HI", naming the range it collides with
 *                   (kernels before 6.2: "overlaps an existing range");
 *            ENOSPC "table is full".
 *
 * SCTP_OOTB_CMD_DEL_RANGE
 *   request: START, END (exactly as added; nested ranges stay, and the ports
 *            of a deleted range fall back to the range around it, if any).
 *   errors:  ENOENT "no such range"; EINVAL "start after end".
 *
 * SCTP_OOTB_CMD_FLUSH
 *   request: nothing.  Removes every range (and their MATCHED counters).
 *   The namespace totals of GET_STATS stay.
 *
 * SCTP_OOTB_CMD_REPLACE_TABLE
 *   request: zero or more RANGE nests, each START, END, [POLICY], [RESERVE].
 *   The new table is validated as a whole and published atomically: either
 *   all of it is in force or, on any error, the old table is untouched.
 *   Ranges identical (same START and END) to one of the old table keep their
 *   counter, whatever their policy.  Zero nests empties the table.
 *   errors:  as ADD_RANGE, the extack offset pointing at the offending nest:
 *            of two nests that collide, the later one, and "overlaps LO-HI"
 *            names the earlier; EEXIST "duplicate range" for the same range
 *            twice; ENOSPC "table is full" on nest SCTP_OOTB_MAX_RANGES + 1.
 *
 * SCTP_OOTB_CMD_GET_RANGE (dump only)
 *   reply:   one message per range, ordered by START then widest first:
 *            START, END, POLICY, MATCHED (packets that range decided),
 *            [RESERVE].
 *            A table changed while a dump spans several messages sets
 *            NLM_F_DUMP_INTR on the later ones.
 *
 * SCTP_OOTB_CMD_GET_STATS
 *   reply:   RANGES, MAX_RANGES, STAT_DISCARDED, STAT_COUNTED,
 *            STAT_ABORTED, STAT_UNMATCHED, HOOKED.
 *
 * SCTP_OOTB_CMD_RESET_COUNTERS (version 2)
 *   do:      request [START, END]: zero that range's MATCHED (ENOENT "no
 *            such range" if it is not in the table); with neither, zero
 *            every range's MATCHED and the namespace totals of GET_STATS.
 *   dump:    (no attributes) as GET_RANGE, each range's MATCHED read and
 *            zeroed in one step: a packet is counted either in this reply
 *            or in a later read, never in both and never lost.
 *   The dump's messages carry the command RESET_COUNTERS.  START or END
 *   in a dump request is EINVAL "the reset dump takes no attribute" (the
 *   text only on kernels from 6.2 on: 6.1 gives a dump's start no extack).
 *   Needs CAP_NET_ADMIN, like the commands that change the table.
 *
 * SCTP_OOTB_CMD_GET_PORT (version 2)
 *   request: PORT.
 *   reply:   PORT, and when a range decides that port (the innermost one
 *            containing it, the one the verdict uses): START, END, POLICY,
 *            MATCHED, [RESERVE].  No START means no range: the stock
 *            behaviour applies.  The reply carries the command GET_PORT.
 *   errors:  EINVAL "missing port"; ERANGE for PORT 0 (the core).
 *
 * Reserved ports (version 2).  A range added with the RESERVE flag (in
 * ADD_RANGE or in a RANGE nest of REPLACE_TABLE) also puts its ports in the
 * namespace's net.ipv4.ip_local_reserved_ports, so that no kernel socket
 * (SCTP, TCP or UDP) is given one of them as an ephemeral port.  The module
 * sets only the bits that were clear and remembers them; when no RESERVE
 * range covers a port any more (delete, flush, replace, a REPLACE without
 * the flag, the namespace or the module going away) it clears the bits it
 * set and never touches the others.  Dumps and GET_PORT report RESERVE.
 * A port stays reserved while any RESERVE range contains it, even when a
 * nested range without the flag decides it.  Reserved ports only steer
 * the choice of ephemeral ports; an explicit bind() still gets them.
 * The sysctl has no owner per bit: a write of it replaces the whole
 * bitmap, so a write while RESERVE ranges exist may drop the module's bits
 * (the next successful change of the table sets them again), and a bit the
 * module set stays the module's even if the write listed it too (it is
 * cleared when no RESERVE range covers it).  Don't write the sysctl while
 * RESERVE ranges exist, or re-apply the table afterwards.
 * errors:    EOPNOTSUPP "reserved ports need a kernel with sysctl" on a
 *            kernel built without CONFIG_SYSCTL.
 *
 * Memory.  Everything a request makes the module allocate (a table is the
 * 128 KiB port index, the ranges and a per-CPU counter each; the record of
 * reserved ports is 8 KiB) is charged to the requester's memory cgroup.
 * Over the cgroup's limit the request fails with ENOMEM and changes
 * nothing, without invoking the cgroup's OOM killer.
 *
 * Multicast group SCTP_OOTB_MCGRP_MONITOR (version 2).  Every change to a
 * namespace's table is announced, once, to the listeners of that namespace
 * only, as a message whose command is the request's:
 *   ADD_RANGE       START, END, POLICY, [RESERVE], [REPLACE: an identical
 *                   range was there and was replaced]
 *   DEL_RANGE       START, END
 *   FLUSH           -
 *   REPLACE_TABLE   RANGES (in the new table)
 *   RESET_COUNTERS  [START, END] (a do), or RANGES (a dump: how many
 *                   ranges it read and zeroed; announced once, when the
 *                   dump has been read to its end)
 * each with NETNS_INUM (the namespace's inode number, as in
 * /proc/PID/ns/net) and PORTID (the requester's netlink port id).
 * A refused request is not announced; every request that succeeds is,
 * even when it left the table as it was (a FLUSH of an empty table).
 * Announcements of one namespace come in the order of its changes.
 *
 * Module parameter "ranges" (initial namespace only), e.g.
 *   modprobe sctp_ootb ranges=5000-5100,5050:abort,7000:count
 * items LO[-HI][:discard|abort|count] separated by commas, no spaces; the
 * module does not load (EINVAL, reason in the kernel log) if any item is bad.
 */
#ifndef _UAPI_LINUX_SCTP_OOTB_H
#define _UAPI_LINUX_SCTP_OOTB_H

#define SCTP_OOTB_GENL_NAME	"sctp_ootb"
#define SCTP_OOTB_GENL_VERSION	3
#define SCTP_OOTB_MCGRP_MONITOR	"monitor"

#define SCTP_OOTB_PORT_MIN	1
#define SCTP_OOTB_PORT_MAX	65535
#define SCTP_OOTB_MAX_RANGES	1024
#define SCTP_OOTB_MAX_CLAIMS	1024

enum sctp_ootb_policy {
	SCTP_OOTB_POLICY_DISCARD,
	SCTP_OOTB_POLICY_ABORT,
	SCTP_OOTB_POLICY_COUNT,

	__SCTP_OOTB_POLICY_MAX,
	SCTP_OOTB_POLICY_MAX = __SCTP_OOTB_POLICY_MAX - 1
};

enum sctp_ootb_cmd {
	SCTP_OOTB_CMD_UNSPEC,
	SCTP_OOTB_CMD_ADD_RANGE,
	SCTP_OOTB_CMD_DEL_RANGE,
	SCTP_OOTB_CMD_FLUSH,
	SCTP_OOTB_CMD_REPLACE_TABLE,
	SCTP_OOTB_CMD_GET_RANGE,
	SCTP_OOTB_CMD_GET_STATS,
	SCTP_OOTB_CMD_RESET_COUNTERS,	/* version 2 */
	SCTP_OOTB_CMD_GET_PORT,		/* version 2 */

	__SCTP_OOTB_CMD_MAX,
	SCTP_OOTB_CMD_MAX = __SCTP_OOTB_CMD_MAX - 1
};

enum sctp_ootb_attr {
	SCTP_OOTB_A_UNSPEC,
	SCTP_OOTB_A_PAD,
	SCTP_OOTB_A_START,		/* u16, first local port of a range */
	SCTP_OOTB_A_END,		/* u16, last local port of a range */
	SCTP_OOTB_A_POLICY,		/* u8, enum sctp_ootb_policy */
	SCTP_OOTB_A_MATCHED,		/* u64, packets this range decided */
	SCTP_OOTB_A_RANGE,		/* nest: START, END, [POLICY], [RESERVE] */
	SCTP_OOTB_A_RANGES,		/* u32, ranges in the table */
	SCTP_OOTB_A_MAX_RANGES,		/* u32, table capacity */
	SCTP_OOTB_A_STAT_DISCARDED,	/* u64, dropped silently */
	SCTP_OOTB_A_STAT_COUNTED,	/* u64, COUNT matches (would discard) */
	SCTP_OOTB_A_STAT_ABORTED,	/* u64, ABORT matches (passed on) */
	SCTP_OOTB_A_STAT_UNMATCHED,	/* u64, in no range (passed on) */
	SCTP_OOTB_A_HOOKED,		/* u8, 1 when registered on sctp.ko */
	SCTP_OOTB_A_REPLACE,		/* flag: ADD_RANGE may replace */
	SCTP_OOTB_A_RESERVE,		/* flag: also reserve the ports (v2) */
	SCTP_OOTB_A_PORT,		/* u16, GET_PORT's question (v2) */
	SCTP_OOTB_A_NETNS_INUM,		/* u32, monitor: the namespace (v2) */
	SCTP_OOTB_A_PORTID,		/* u32, monitor: who asked (v2) */
	SCTP_OOTB_A_OWNED,		/* flag: a claim (v3) */
	SCTP_OOTB_A_FORCE,		/* flag: delete another's claim (v3) */
	SCTP_OOTB_A_RELEASED,		/* flag: its owner is gone (v3) */
	SCTP_OOTB_A_OWNER_PORTID,	/* u32, a claim's socket (v3) */
	SCTP_OOTB_A_OWNER_PID,		/* u32, who claimed (v3) */
	SCTP_OOTB_A_OWNER_COMM,		/* string, its command (v3) */
	SCTP_OOTB_A_OWNED_RANGES,	/* u32, claims in the table (v3) */
	SCTP_OOTB_A_MAX_OWNED_RANGES,	/* u32, their capacity (v3) */

	__SCTP_OOTB_A_MAX,
	SCTP_OOTB_A_MAX = __SCTP_OOTB_A_MAX - 1
};

#endif /* _UAPI_LINUX_SCTP_OOTB_H */
