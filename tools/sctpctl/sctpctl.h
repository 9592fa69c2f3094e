/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sctpctl: manage the sctp_ootb port-range table of a network namespace.
 */
#ifndef SCTPCTL_H
#define SCTPCTL_H

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
	EXIT_FAIL = 1,		/* the operation failed */
	EXIT_USAGE = 2,		/* bad command line or batch line */
};

#define ERRLEN 256		/* room for one error message */
#define MAX_LINE_ARGS 32	/* tokens on one batch line */

struct nl_sock;

/* State of one invocation, shared by every command it runs. */
struct ctx {
	bool json;
	bool pretty;
	bool force;
	const char *netns;
	bool in_netns;

	struct nl_sock *sk;	/* opened on first use, reused by a batch */
	int family;

	/* What the kernel said about the last request (see nl.c). */
	char ext_msg[ERRLEN];	/* extack text, "" if none */
	long ext_offs;		/* offending attribute offset, -1 if none */
	bool dump_intr;		/* NLM_F_DUMP_INTR seen in the last dump */
};

/* A parsed command line (or batch line), ready to run. */
struct req {
	const struct cmd *cmd;
	uint16_t start, end;
	uint8_t policy;
	bool has_policy;
	const char *file;	/* restore: FILE, "-" for stdin */
	const char *topic;	/* help: a command name or NULL */
};

struct cmd {
	const char *name;
	const char *args;	/* synopsis of the arguments */
	const char *help;	/* one line */
	/* Parse argv (after the command name); 0 or -1 with err set. */
	int (*parse)(struct req *r, int argc, char **argv,
		     char *err, size_t len);
	/* Run a parsed request; returns an exit code. */
	int (*run)(struct ctx *c, const struct req *r);
};

/* sctpctl.c */
const struct cmd *cmd_find(const char *name);
int cmd_parse(struct req *r, int argc, char **argv, char *err, size_t len);
int cmd_help(struct ctx *c, const struct req *r);
int enter_netns(struct ctx *c);

/* parse.c: pure functions, no output; errors go to err as one line. */
int parse_port(const char *s, uint16_t *port, char *err, size_t len);
int parse_range(const char *s, uint16_t *start, uint16_t *end,
		char *err, size_t len);
int parse_policy(const char *s, uint8_t *policy, char *err, size_t len);
const char *policy_name(unsigned int policy);
int parse_range_args(struct req *r, const char *cmd, int argc, char **argv,
		     bool allow_policy, char *err, size_t len);
int parse_no_args(const char *cmd, int argc, char **argv,
		  char *err, size_t len);
int split_line(char *line, char **argv, int max, int *argc,
	       char *err, size_t len);
const char *quote(char *buf, size_t len, const char *s);

/* report.c: everything written to stderr. */
void report_where(const char *file, unsigned long line);
void report_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void report_error_at(const char *file, unsigned long line,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void report_kernel(const struct ctx *c, int cmd, int err);
void report_kernel_at(const struct ctx *c, int cmd, int err,
		      const char *file, unsigned long line);
void report_warning(const char *msg);
const char *errno_sentence(int cmd, int err);

/* nl.c: libnl-genl plumbing. */
struct nl_msg;
int nl_open(struct ctx *c);
int nl_open_quiet(struct ctx *c, char *why, size_t len, bool *missing);
void nl_close_ctx(struct ctx *c);
struct nl_msg *nl_request(struct ctx *c, uint8_t cmd, int flags, size_t size);
typedef int (*nl_valid_fn)(struct nl_msg *msg, void *arg);
int nl_talk(struct ctx *c, struct nl_msg *msg, nl_valid_fn valid, void *arg);
int nl_do(struct ctx *c, uint8_t cmd, struct nl_msg *msg,
	  nl_valid_fn valid, void *arg);

/* The records the kernel sends. */
struct range_rec {
	uint16_t start, end;
	uint8_t policy;
	uint64_t matched;
};
struct range_list {
	struct range_rec *v;
	size_t n, cap;
	bool bad;		/* a reply lacked START, END or POLICY */
	bool nomem;
};
struct stats_rec {
	uint32_t ranges, max_ranges;
	uint64_t discarded, counted, aborted, unmatched;
	bool hooked;
	unsigned int have;	/* HAVE_*: the fields the kernel sent */
};
enum {
	HAVE_RANGES = 1 << 0,
	HAVE_MAX_RANGES = 1 << 1,
	HAVE_DISCARDED = 1 << 2,
	HAVE_COUNTED = 1 << 3,
	HAVE_ABORTED = 1 << 4,
	HAVE_UNMATCHED = 1 << 5,
	HAVE_HOOKED = 1 << 6,
};

/* print.c: one helper for text and JSON output, and the records. */
enum print_mode {
	PRINT_TEXT = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_TEXT | PRINT_JSON,
};
void out_init(bool json, bool pretty);
void out_open_obj(const char *key);
void out_close_obj(void);
void out_open_arr(const char *key);
void out_close_arr(void);
void out_uint(enum print_mode m, const char *key, const char *fmt,
	      uint64_t v);
void out_str(enum print_mode m, const char *key, const char *fmt,
	     const char *s);
void out_bool(enum print_mode m, const char *key, const char *yes,
	      const char *no, bool v);
void out_null(const char *key);
void out_text(const char *s);
int out_flush(void);
void print_range(const struct range_rec *r);
void print_save_line(const struct range_rec *r);
void print_stats(const struct stats_rec *s);

/* ranges.c */
int cmd_add(struct ctx *c, const struct req *r);
int cmd_replace(struct ctx *c, const struct req *r);
int cmd_del(struct ctx *c, const struct req *r);
int cmd_flush(struct ctx *c, const struct req *r);
int cmd_list(struct ctx *c, const struct req *r);
int cmd_save(struct ctx *c, const struct req *r);
int cmd_restore(struct ctx *c, const struct req *r);

/* status.c */
int get_stats(struct ctx *c, struct stats_rec *s);
int cmd_stats(struct ctx *c, const struct req *r);
int cmd_status(struct ctx *c, const struct req *r);

/* batch.c */
struct line_reader;
struct line_reader *lr_open(const char *file, const char **name);
char *lr_next(struct line_reader *lr, unsigned long *lineno, bool *nul);
int lr_close(struct line_reader *lr);
int run_batch(struct ctx *c, const char *file);

#endif /* SCTPCTL_H */
