// SPDX-License-Identifier: GPL-2.0
/*
 * run [-n NS] [-p POLICY] [--no-reserve] [--auto] [RANGE[,RANGE...]]
 *     -- COMMAND [ARGS...]
 *
 * Claims the ranges for as long as COMMAND runs, and no longer.
 *
 * How: one claim socket (libsctpootb), held by two processes.  sctpctl
 * opens it and forks; the child makes the claims on it (so that the
 * owner's pid is COMMAND's, and its command name COMMAND's once it has
 * run exec) and execs COMMAND with the socket inherited.  The parent keeps
 * its own copy and waits for COMMAND, forwarding SIGTERM, SIGHUP, SIGUSR1
 * and SIGUSR2 to it (SIGINT and SIGQUIT from a terminal reach COMMAND
 * directly, so sctpctl ignores them), and exits with COMMAND's status
 * (128 + N when signal N ended it).  The module drops the claims when the
 * socket is released, that is when both copies are gone:
 *   - COMMAND exits, crashes or is killed: sctpctl sees it, exits, and the
 *     claims go (unless a child of COMMAND kept the inherited descriptor);
 *   - sctpctl is killed: COMMAND's copy keeps the claims until it ends
 *     (unless COMMAND closed the descriptors it inherited).
 *
 * --auto: COMMAND runs with the preload library libsctpootb-auto.so,
 * which claims, in each process, the ports it binds through libusrsctp
 * (tools/libsctpootb/auto.c); POLICY and --no-reserve apply to those claims
 * too.  Only a program that loads libusrsctp dynamically is served so:
 * sctpctl asks the dynamic loader what COMMAND loads (ld.so --list runs
 * none of COMMAND's code) and says so when it is static or does not load
 * libusrsctp; a static COMMAND without RANGE is refused.
 *
 * Exit status: COMMAND's once it ran; 1 when a claim failed (COMMAND did
 * not run), 2 on a usage error, 126 when COMMAND could not be run, 127
 * when it was not found.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "family.h"
#include "parse.h"
#include "report.h"
#include "sctpootb.h"

#ifndef AUTO_LIB
#define AUTO_LIB "/usr/local/lib/sctpootb/libsctpootb-auto.so"
#endif

#define RUN_MAX_RANGES 64

struct span {
	uint16_t lo, hi;
};

/* RANGE[,RANGE...] into @s; the count, or -1 with err set. */
static int parse_spans(const char *list, struct span *s, char *err,
		       size_t len)
{
	char buf[1024], *tok, *save = NULL;
	int n = 0;

	if (strlen(list) >= sizeof(buf)) {
		snprintf(err, len, "run: the list of ranges is too long");
		return -1;
	}
	strcpy(buf, list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == RUN_MAX_RANGES) {
			snprintf(err, len, "run: at most %d ranges",
				 RUN_MAX_RANGES);
			return -1;
		}
		if (parse_range(tok, &s[n].lo, &s[n].hi, err, len))
			return -1;
		n++;
	}
	if (!n || list[strlen(list) - 1] == ',' || list[0] == ',' ||
	    strstr(list, ",,")) {
		char q[64];

		snprintf(err, len, "run: bad list of ranges %s",
			 quote(q, sizeof(q), list));
		return -1;
	}
	return n;
}

static int parse_run(struct req *r, int argc, char **argv, char *err,
		     size_t len)
{
	struct span s[RUN_MAX_RANGES];
	char q[64];
	int i;

	for (i = 0; i < argc && strcmp(argv[i], "--"); i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--auto")) {
			r->run_auto = true;
		} else if (!strcmp(a, "--no-reserve")) {
			r->run_no_reserve = true;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--policy") ||
			   !strcmp(a, "-n") || !strcmp(a, "--netns")) {
			if (i + 1 >= argc || !strcmp(argv[i + 1], "--")) {
				snprintf(err, len, "run: %s needs %s", a,
					 a[1] == 'p' || a[2] == 'p' ?
					 "a POLICY" : "a NAME");
				return -1;
			}
			if (a[1] == 'n' || a[2] == 'n') {
				r->run_netns = argv[++i];
			} else {
				if (parse_policy(argv[++i], &r->policy, err,
						 len))
					return -1;
				r->has_policy = true;
			}
		} else if (a[0] == '-') {
			snprintf(err, len, "run: unknown option %s",
				 quote(q, sizeof(q), a));
			return -1;
		} else if (r->run_ranges) {
			snprintf(err, len,
				 "run: one list of ranges, RANGE[,RANGE...], found %s",
				 quote(q, sizeof(q), a));
			return -1;
		} else {
			if (parse_spans(a, s, err, len) < 0)
				return -1;
			r->run_ranges = a;
		}
	}
	if (i >= argc) {
		snprintf(err, len, "run: missing -- before COMMAND");
		return -1;
	}
	if (i + 1 >= argc) {
		snprintf(err, len, "run: missing COMMAND after --");
		return -1;
	}
	if (!r->run_ranges && !r->run_auto) {
		snprintf(err, len, "run: give RANGE[,RANGE...], --auto, or both");
		return -1;
	}
	r->run_argv = argv + i + 1;
	return 0;
}

/* ---- what COMMAND is ------------------------------------------------------ */

/* The file execvp() would run for @name, in @path; false if none. */
static bool find_command(const char *name, char *path, size_t size)
{
	const char *p = getenv("PATH");
	char dirs[4096], *d, *save = NULL;

	if (strchr(name, '/')) {
		snprintf(path, size, "%s", name);
		return access(path, X_OK) == 0;
	}
	snprintf(dirs, sizeof(dirs), "%s", p && *p ? p : "/usr/bin:/bin");
	for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(path, size, "%s/%s", *d ? d : ".", name);
		if (access(path, X_OK) == 0)
			return true;
	}
	return false;
}

/*
 * The PT_INTERP of the ELF program open on @fd, of class @bits, into
 * @interp: 1, 0 for a static program (or one whose headers cannot be read).
 */
#define DEFINE_ELF_INTERP(bits)						\
static int elf##bits##_interp(int fd, char *interp, size_t size)		\
{									\
	Elf##bits##_Ehdr eh;						\
	Elf##bits##_Phdr ph;						\
	unsigned int i;							\
									\
	if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))		\
		return 0;						\
	for (i = 0; i < eh.e_phnum; i++) {				\
		if (pread(fd, &ph, sizeof(ph),				\
			  eh.e_phoff + (off_t)i * eh.e_phentsize) !=	\
		    sizeof(ph))						\
			return 0;					\
		if (ph.p_type != PT_INTERP || ph.p_filesz >= size)	\
			continue;					\
		if (pread(fd, interp, ph.p_filesz, ph.p_offset) !=	\
		    (ssize_t)ph.p_filesz)				\
			return 0;					\
		interp[ph.p_filesz] = '\0';				\
		return 1;						\
	}								\
	return 0;							\
}

DEFINE_ELF_INTERP(64)
DEFINE_ELF_INTERP(32)

/*
 * The ELF interpreter of @path into @interp: 1, 0 for a static ELF
 * program, -1 when @path is no ELF program (a script...).
 */
static int elf_interp(const char *path, char *interp, size_t size)
{
	unsigned char id[EI_NIDENT];
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (pread(fd, id, sizeof(id), 0) == sizeof(id) &&
	    !memcmp(id, ELFMAG, SELFMAG))
		ret = id[EI_CLASS] == ELFCLASS64 ? elf64_interp(fd, interp, size) :
		      id[EI_CLASS] == ELFCLASS32 ? elf32_interp(fd, interp, size) :
		      0;
	close(fd);
	return ret;
}

/* Does the dynamic loader @interp list libusrsctp for @path? -1: unknown. */
static int loads_usrsctp(const char *interp, const char *path)
{
	char line[512];
	int p[2], found = 0, status;
	pid_t pid;
	FILE *f;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		/* Lists the libraries; runs nothing of @path. */
		execl(interp, interp, "--list", path, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	f = fdopen(p[0], "r");
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "libusrsctp"))
			found = 1;
	if (f)
		fclose(f);
	else
		close(p[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return found ? 1 : -1;
	return found;
}

/*
 * --auto can serve COMMAND?  0 to go on (perhaps with a warning), or an
 * exit code.
 */
static int auto_check(struct ctx *c, const struct req *r)
{
	char path[4096], interp[256], msg[ERRLEN + 4200];
	const char *name = r->run_argv[0];

	if (!find_command(name, path, sizeof(path)))
		return 0;	/* exec will say */
	switch (elf_interp(path, interp, sizeof(interp))) {
	case 0:
		if (!r->run_ranges) {
			report_error("run --auto: %s is statically linked: its usrsctp calls cannot be seen; give its ports as RANGE, or claim them in the program with libsctpootb",
				     path);
			return EXIT_FAIL;
		}
		snprintf(msg, sizeof(msg),
			 "run --auto: %s is statically linked: only RANGE is claimed",
			 path);
		report_warning(c, msg);
		return 0;
	case 1:
		if (loads_usrsctp(interp, path) == 0) {
			snprintf(msg, sizeof(msg),
				 "run --auto: %s does not load libusrsctp: only the programs it starts that do are served",
				 path);
			report_warning(c, msg);
		}
		return 0;
	}
	return 0;	/* a script: what it runs is served */
}

/* ---- the run ------------------------------------------------------------- */

/* The preload library: SCTPCTL_AUTO_LIB, else where it is installed. */
static const char *auto_lib(void)
{
	const char *v = getenv("SCTPCTL_AUTO_LIB");

	return v && *v ? v : AUTO_LIB;
}

/* In the child: the environment of --auto. */
static int auto_env(const struct req *r)
{
	const char *old = getenv("LD_PRELOAD");
	char *v;
	int n;

	if (old && *old)
		n = asprintf(&v, "%s:%s", auto_lib(), old);
	else
		n = asprintf(&v, "%s", auto_lib());
	if (n < 0 || setenv("LD_PRELOAD", v, 1))
		return -1;
	free(v);
	if (r->has_policy &&
	    setenv("SCTPOOTB_POLICY", policy_name(r->policy), 1))
		return -1;
	if (r->run_no_reserve && setenv("SCTPOOTB_NORESERVE", "1", 1))
		return -1;
	return 0;
}

/* In the child: say why over @fd, exit with @code. */
__attribute__((noreturn, format(printf, 3, 4)))
static void child_fail(int fd, int code, const char *fmt, ...)
{
	char buf[ERRLEN + 64];
	va_list ap;
	int n;

	buf[0] = (char)code;
	va_start(ap, fmt);
	n = vsnprintf(buf + 1, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	if (write(fd, buf, n + 1) < 0)
		_exit(code);
	_exit(code);
}

/*
 * The child: claim on @sock, then become COMMAND.  Anything that fails is
 * written to @report (close-on-exec: a successful exec closes it empty).
 */
__attribute__((noreturn))
static void child(const struct req *r, int sock, const struct span *s,
		  int n, int report, const sigset_t *mask)
{
	int i, err;

	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	sigprocmask(SIG_SETMASK, mask, NULL);
	for (i = 0; i < n; i++)
		if (sctpootb_add(sock, s[i].lo, s[i].hi,
				 r->has_policy ? r->policy : SCTPOOTB_DISCARD,
				 r->run_no_reserve ? SCTPOOTB_NORESERVE : 0))
			child_fail(report, EXIT_FAIL, "%s", sctpootb_error());
	if (r->run_auto && auto_env(r))
		child_fail(report, EXIT_FAIL, "run --auto: %s",
			   strerror(errno));
	execvp(r->run_argv[0], r->run_argv);
	err = errno;
	child_fail(report, err == ENOENT ? 127 : 126, "cannot run %s: %s",
		   r->run_argv[0], strerror(err));
}

/* The parent: wait for @pid, forward signals; COMMAND's exit code. */
static int supervise(pid_t pid, const sigset_t *wait_set)
{
	int status;

	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(wait_set, &si);

		if (sig < 0) {
			if (errno == EINTR)
				continue;
			return EXIT_FAIL;
		}
		if (sig != SIGCHLD) {
			kill(pid, sig);
			continue;
		}
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

static int run_run(struct ctx *c, const struct req *r)
{
	struct span s[RUN_MAX_RANGES];
	char err[ERRLEN], msg[ERRLEN + 64];
	static const int fwd[] = { SIGTERM, SIGHUP, SIGUSR1, SIGUSR2 };
	sigset_t set, old;
	int n = 0, sock, report[2], status, ret;
	ssize_t got;
	size_t i;
	pid_t pid;

	if (r->run_netns) {
		if (c->netns && strcmp(c->netns, r->run_netns)) {
			report_error("run: -n %s and -n %s: one namespace",
				     c->netns, r->run_netns);
			return EXIT_USAGE;
		}
		c->netns = r->run_netns;
	}
	if (fam_netns(c))
		return EXIT_FAIL;
	if (r->run_ranges) {
		n = parse_spans(r->run_ranges, s, err, sizeof(err));
		if (n < 0) {
			report_error("%s", err);
			return EXIT_USAGE;
		}
	}
	if (r->run_auto) {
		ret = auto_check(c, r);
		if (ret)
			return ret;
		if (access(auto_lib(), R_OK)) {
			report_error("run --auto: cannot read the preload library %s: %s",
				     auto_lib(), strerror(errno));
			return EXIT_FAIL;
		}
	}

	/*
	 * The claim socket, opened here so that a module that is missing or
	 * too old is said before anything runs.  Inherited by COMMAND only
	 * when it holds claims.
	 */
	sock = sctpootb_open(n ? SCTPOOTB_INHERIT : 0);
	if (sock < 0) {
		report_error("%s", sctpootb_error());
		return EXIT_FAIL;
	}
	if (!n) {
		close(sock);
		sock = -1;
	}
	if (pipe2(report, O_CLOEXEC)) {
		report_error("run: %s", strerror(errno));
		return EXIT_FAIL;
	}
	fflush(NULL);

	sigemptyset(&set);
	for (i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++)
		sigaddset(&set, fwd[i]);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);

	pid = fork();
	if (pid < 0) {
		report_error("run: cannot fork: %s", strerror(errno));
		return EXIT_FAIL;
	}
	if (pid == 0) {
		close(report[0]);
		child(r, sock, s, n, report[1], &old);
	}
	close(report[1]);
	/* From a terminal these reach COMMAND too: let it decide. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);

	do {
		got = read(report[0], msg, sizeof(msg) - 1);
	} while (got < 0 && errno == EINTR);
	close(report[0]);
	if (got > 0) {
		msg[got] = '\0';
		report_error("%s", msg + 1);
		waitpid(pid, &status, 0);
		return (unsigned char)msg[0];
	}
	/* COMMAND runs: this process holds the second copy of the socket. */
	return supervise(pid, &set);
}

DEFINE_CMD(cmd_run, "run",
	   "[-n NAME] [-p POLICY] [--no-reserve] [--auto] [RANGE[,RANGE...]] -- COMMAND [ARGS...]",
	   CMD_NO_BATCH, parse_run, run_run,
	   "run COMMAND with the ranges claimed for as long as it runs; --auto also claims the ports it binds through libusrsctp");
