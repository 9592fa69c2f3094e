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
	const char *ns_name;	/* -a: the namespace being worked on, or NULL */

	struct nl_sock *sk;	/* opened on first use, reused by a batch */
	struct family_info fam;

	/* What the kernel said about the last request (see nl.c). */
	char ext_msg[ERRLEN];	/* extack text, "" if none */
	long ext_offs;		/* offending attribute offset, -1 if none */
	bool dump_intr;		/* NLM_F_DUMP_INTR seen in the last dump */
};

/* A parsed command line (or batch line), ready to run. */
struct req {
	const struct cmd *cmd;
	uint16_t start, end;	/* a range; get: the port in start */
	uint8_t policy;
	bool has_range;		/* reset-counters: a range was given */
	bool has_policy;
	bool reserve;		/* add-range/replace-range: reserve */
	bool reset;		/* list --reset */
	bool check;		/* restore --check */
	const char *file;	/* restore: FILE, "-" for stdin; doctor: --config */
	const char *topic;	/* help: a command name or NULL */
};

enum {
	CMD_ALL_NETNS = 1 << 0,	/* takes -a */
	CMD_NO_BATCH = 1 << 1,	/* cannot run in a batch */
};

struct cmd {
	const char *name;
	const char *args;	/* synopsis of the arguments */
	const char *help;	/* one line */
	unsigned int flags;	/* CMD_* */
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
bool reads_stdin(const struct req *r);

/* netns.c: -n and -a. */
const char *netns_dir(void);
int enter_netns(struct ctx *c);
struct netns_list {
	char **names;		/* NULL first: the namespace sctpctl runs in */
	size_t n;
};
int netns_list(struct netns_list *l);
void netns_list_free(struct netns_list *l);
int netns_enter_nth(struct ctx *c, const struct netns_list *l, size_t i,
		    int home);
int netns_home(void);
int netns_return(struct ctx *c, int home);
int run_all_netns(struct ctx *c, const struct req *r);

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
void report_netns(const char *name);
void report_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void report_error_at(const char *file, unsigned long line,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void report_kernel(const struct ctx *c, int cmd, int err);
void report_kernel_at(const struct ctx *c, int cmd, int err,
		      const char *file, unsigned long line);
void report_warning(const struct ctx *c, const char *msg);
const char *errno_sentence(int cmd, int err);

/* nl.c: libnl-genl plumbing. */
struct nl_msg;
int nl_open(struct ctx *c);
int nl_open_quiet(struct ctx *c, char *why, size_t len, bool *missing);
void nl_close_ctx(struct ctx *c);
int nl_need(struct ctx *c, const char *what, int cmd);
struct nl_msg *nl_request(struct ctx *c, uint8_t cmd, int flags, size_t size);
typedef int (*nl_valid_fn)(struct nl_msg *msg, void *arg);
int nl_talk(struct ctx *c, struct nl_msg *msg, nl_valid_fn valid, void *arg);
int nl_do(struct ctx *c, uint8_t cmd, struct nl_msg *msg,
	  nl_valid_fn valid, void *arg);
int nl_build_failed(struct nl_msg *msg);

/* The records the kernel sends. */
struct range_rec {
	uint16_t start, end;
	uint8_t policy;
	bool reserve;
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
bool out_json(void);
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
void print_range_fields(const struct range_rec *r);
void print_range(const struct range_rec *r);
void print_save_line(const struct range_rec *r);
void print_stats(const struct stats_rec *s, const char *key);

/* ranges.c */
int range_list_add(struct range_list *l, const struct range_rec *rec);
int parse_range_msg(struct nl_msg *msg, struct range_rec *rec);
int get_ranges(struct ctx *c, struct range_list *l);
int cmd_add(struct ctx *c, const struct req *r);
int cmd_replace(struct ctx *c, const struct req *r);
int cmd_del(struct ctx *c, const struct req *r);
int cmd_flush(struct ctx *c, const struct req *r);
int cmd_list(struct ctx *c, const struct req *r);
int cmd_save(struct ctx *c, const struct req *r);
int cmd_get(struct ctx *c, const struct req *r);
int cmd_reset(struct ctx *c, const struct req *r);

/* restore.c */
struct rs_item {
	uint16_t start, end;
	uint8_t policy;
	bool reserve;
	unsigned long line;
};
struct rs_error {
	unsigned long line;	/* 0: about the whole file */
	int code;		/* EXIT_USAGE: syntax; EXIT_FAIL: the rules */
	char msg[ERRLEN];
};
struct rs_file {
	const char *name;	/* as in messages: FILE or <stdin> */
	struct rs_item *v;
	size_t n, cap;
	bool flush;		/* a flush line: an empty table is meant */
	struct rs_error *err;
	size_t nerr, caperr;
	int code;		/* the worst error code, EXIT_OK if none */
};
int rs_load(const char *file, struct rs_file *f);
void rs_free(struct rs_file *f);
void rs_report(const struct rs_file *f);
int cmd_restore(struct ctx *c, const struct req *r);

/* status.c */
int get_stats(struct ctx *c, struct stats_rec *s);
int cmd_stats(struct ctx *c, const struct req *r);
struct status {
	bool sctp_loaded, sctp_patched, has_version;
	char version[64];
	bool ootb_loaded;
	int hooked;		/* 1, 0, or -1 when it could not be asked */
	bool no_family;		/* in sysfs, but no netlink family */
	char why[ERRLEN];	/* why it could not be asked */
};
void status_probe(struct ctx *c, struct status *st);
bool ootb_loaded(void);
int cmd_status(struct ctx *c, const struct req *r);

/* env.c: where sctpctl looks at the system; each root can be moved. */
const char *env_root(const char *var, const char *dflt);
int env_path(char *buf, size_t len, const char *var, const char *dflt,
	     const char *rel);
bool path_is_dir(const char *path);
bool read_line(const char *path, char *buf, size_t len);
int run_cmd(const char *var, const char *dflt, char *const argv[],
	    char *out, size_t len, int *status);

/* batch.c */
struct line_reader;
struct line_reader *lr_open(const char *file, const char **name, int *err);
char *lr_next(struct line_reader *lr, unsigned long *lineno, bool *nul);
int lr_close(struct line_reader *lr);
int run_batch(struct ctx *c, const char *file);

/* monitor.c */
int cmd_monitor(struct ctx *c, const struct req *r);

/* doctor.c */
int cmd_doctor(struct ctx *c, const struct req *r);

#endif /* SCTPCTL_H */
