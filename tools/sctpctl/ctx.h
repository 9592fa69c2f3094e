/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every part of sctpctl shares: the exit codes, a few limits and
 * defaults, and the state of one invocation.
 */
#ifndef SCTPCTL_CTX_H
#define SCTPCTL_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uapi/linux/sctp_ootb.h>

#ifndef SCTPCTL_VERSION
#define SCTPCTL_VERSION "1.0"
#endif

#define PROG "sctpctl"

/* Exit codes, as documented in sctpctl(8). */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* the operation failed (get: not silenced) */
	EXIT_USAGE = 2,		/* bad command line or batch file: nothing ran */
};

#define ERRLEN 256		/* room for one error message */
#define MAX_LINE_ARGS 32	/* tokens on one batch line */

/* Where `ip netns` keeps named network namespaces (SCTPCTL_NETNS_DIR). */
#ifndef NETNS_RUN_DIR
#define NETNS_RUN_DIR "/var/run/netns"
#endif

/* Stock sctp.ko has no version; the patched build's starts with this. */
#define PATCHED_VERSION_PREFIX "ootb."

/* Config files of the packaged service (SCTPCTL_CONFDIR). */
#ifndef CONF_DIR
#define CONF_DIR "/etc/sctp-ootb"
#endif

struct nl_sock;
struct cmd;

/* What the kernel told us about the family (CTRL_CMD_GETFAMILY). */
struct family_info {
	int id;			/* generic netlink family id, -1: unresolved */
	uint32_t version;	/* the module's SCTP_OOTB_GENL_VERSION */
	uint64_t ops;		/* bit N: command N is implemented */
	int monitor_grp;	/* multicast group id, -1 if none */
};

/* State of one invocation, shared by every command it runs. */
struct ctx {
	bool json;
	bool pretty;
	bool quiet;		/* -q: no warnings */
	bool force;		/* -f: a batch goes on after a failure */
	bool all_netns;		/* -a: every named namespace too */
	const char *netns;	/* -n NAME */
	bool in_netns;		/* entered a namespace already */

	/* The commands, NULL-terminated: what a batch line may name. */
	const struct cmd *const *cmds;

	struct nl_sock *sk;	/* opened on first use, reused by a batch */
	struct family_info fam;

	/* What the kernel said about the last request (see family.c). */
	char ext_msg[ERRLEN];	/* extack text, "" if none */
	long ext_offs;		/* offending attribute offset, -1 if none */
	bool dump_intr;		/* NLM_F_DUMP_INTR seen in the last dump */
};

#endif /* SCTPCTL_CTX_H */
