// SPDX-License-Identifier: GPL-2.0
/*
 * Where sctpctl looks at the system, outside netlink: sysfs, procfs, the
 * config directory, the named namespaces, and two programs (modinfo,
 * dkms).  Each can be moved with an environment variable, so the host
 * tests can fake every state status and doctor must recognise:
 *
 *   SCTPCTL_SYSFS       /sys
 *   SCTPCTL_PROC        /proc/self  (net/sctp/..., sys/net/ipv4/...)
 *   SCTPCTL_CONFDIR     /etc/sctp-ootb
 *   SCTPCTL_NETNS_DIR   /var/run/netns
 *   SCTPCTL_MODULES     /lib/modules
 *   SCTPCTL_MODINFO     modinfo
 *   SCTPCTL_DKMS        dkms
 *   SCTPCTL_KVER        the running kernel's release (uname -r)
 *
 * /proc/self rather than /proc: after setns() (-n, -a) it shows the
 * namespace sctpctl is in, and so do the /proc/sys/net files it opens.
 *
 * The readers of sysfs and procfs that status and doctor use are here
 * too, each file's format next to its parser.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "env.h"

extern char **environ;

const char *env_root(const char *var, const char *dflt)
{
	const char *v = getenv(var);

	return v && v[0] ? v : dflt;
}

/* ROOT/REL into buf; -1 if it does not fit. */
int env_path(char *buf, size_t len, const char *var, const char *dflt,
	     const char *rel)
{
	int n = snprintf(buf, len, "%s/%s", env_root(var, dflt), rel);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

bool path_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* First line of a file, printable, or false if there is none. */
bool read_line(const char *path, char *buf, size_t len)
{
	size_t i;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return false;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	for (i = 0; buf[i]; i++)
		if ((unsigned char)buf[i] < 0x20 && buf[i] != '\t')
			buf[i] = '?';
	return true;
}

/*
 * The path of @prog as execvp() would find it, in buf; -1 with errno
 * when there is none.  Looked up here rather than left to posix_spawnp():
 * whether that reports a missing program or lets the child exit 127
 * depends on the C library and on running under valgrind.
 */
static int find_program(const char *prog, char *buf, size_t len)
{
	const char *path = getenv("PATH"), *p, *end;

	if (strchr(prog, '/')) {
		snprintf(buf, len, "%s", prog);
		return access(buf, X_OK);
	}
	for (p = path && path[0] ? path : "/usr/bin:/bin"; *p; p = end) {
		end = strchrnul(p, ':');
		snprintf(buf, len, "%.*s/%s", (int)(end - p), end > p ? p : ".",
			 prog);
		if (!access(buf, X_OK))
			return 0;
		if (*end)
			end++;
	}
	errno = ENOENT;
	return -1;
}

/*
 * Run the program named by $VAR (default DFLT) with argv[1...], its
 * standard output and error in out (cut to len - 1 bytes), its exit
 * status in *status.  Returns 0, or -1 with errno when it could not run
 * at all (ENOENT: not installed).  No shell is involved.
 */
int run_cmd(const char *var, const char *dflt, char *const argv[],
	    char *out, size_t len, int *status)
{
	const char *prog = env_root(var, dflt);
	posix_spawn_file_actions_t fa;
	char *args[16], file[4096];
	size_t n = 0;
	int fd[2], err, ws;
	pid_t pid;
	ssize_t got;

	if (find_program(prog, file, sizeof(file)))
		return -1;
	args[0] = (char *)prog;
	for (n = 1; argv[n - 1] && n < 15; n++)
		args[n] = argv[n - 1];
	args[n] = NULL;

	if (pipe2(fd, O_CLOEXEC))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	err = posix_spawn(&pid, file, &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	if (err) {
		close(fd[0]);
		errno = err;
		return -1;
	}
	n = 0;
	for (;;) {
		char sink[512];

		if (n + 1 < len)
			got = read(fd[0], out + n, len - 1 - n);
		else
			got = read(fd[0], sink, sizeof(sink));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (n + 1 < len)
			n += (size_t)got;
	}
	out[n] = '\0';
	close(fd[0]);
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return -1;
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return 0;
}

/* ---- sysfs -------------------------------------------------------------- */

bool sysfs_dir(const char *rel)
{
	char path[4096];

	return !env_path(path, sizeof(path), "SCTPCTL_SYSFS", "/sys", rel) &&
	       path_is_dir(path);
}

bool sysfs_line(const char *rel, char *buf, size_t len)
{
	char path[4096];

	return !env_path(path, sizeof(path), "SCTPCTL_SYSFS", "/sys", rel) &&
	       read_line(path, buf, len);
}

/* ---- procfs, of the namespace sctpctl is in ------------------------------ */

int proc_path(char *buf, size_t len, const char *rel)
{
	return env_path(buf, len, "SCTPCTL_PROC", "/proc", rel);
}

/*
 * /proc/net/sctp/eps, one endpoint per line:
 *   ENDPT SOCK STY SST HBKT LPORT UID INODE LADDRS
 * @fn is called for each; -1 with errno when the file cannot be opened
 * (its path in path).
 */
int proc_sctp_eps(void (*fn)(const struct sctp_ep *ep, void *arg),
		  void *arg, char *path, size_t len)
{
	char line[1024];
	FILE *f;

	proc_path(path, len, "net/sctp/eps");
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct sctp_ep ep;
		char a[5][32];

		if (sscanf(line, "%31s %31s %31s %31s %31s %u %u %lu", a[0],
			   a[1], a[2], a[3], a[4], &ep.port, &ep.uid,
			   &ep.inode) != 8 || ep.port > 65535)
			continue;
		fn(&ep, arg);
	}
	fclose(f);
	return 0;
}

/* net.ipv4.ip_local_port_range, "LO HI": 0, or -1 (its path in path). */
int proc_port_range(unsigned int *lo, unsigned int *hi, char *path,
		    size_t len)
{
	char buf[256];

	proc_path(path, len, "sys/net/ipv4/ip_local_port_range");
	if (!read_line(path, buf, sizeof(buf)) ||
	    sscanf(buf, "%u %u", lo, hi) != 2 || *lo > *hi || *hi > 65535)
		return -1;
	return 0;
}

/* Set the bits of "8080,9000-9100" (ip_local_reserved_ports). */
static void reserved_bits(const char *s, uint8_t *bits)
{
	while (*s) {
		char *end;
		unsigned long lo = strtoul(s, &end, 10), hi = lo, p;

		if (end == s)
			break;
		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		for (p = lo; p <= hi && p < 65536; p++)
			bits[p / 8] |= (uint8_t)(1u << (p % 8));
		s = end;
		while (*s == ',' || *s == ' ' || *s == '\t')
			s++;
	}
}

/* net.ipv4.ip_local_reserved_ports as a bitmap of 65536 bits. */
void proc_reserved_ports(uint8_t *bits)
{
	char path[4096], buf[65536];
	FILE *f;

	memset(bits, 0, 65536 / 8);
	proc_path(path, sizeof(path), "sys/net/ipv4/ip_local_reserved_ports");
	f = fopen(path, "re");
	if (f) {
		size_t n = fread(buf, 1, sizeof(buf) - 1, f);

		buf[n] = '\0';
		fclose(f);
		reserved_bits(buf, bits);
	}
}

/* A counter of /proc/net/sctp/snmp ("Name value" lines), or -1. */
long long proc_sctp_snmp(const char *name)
{
	char path[4096], key[64];
	long long val, ret = -1;
	FILE *f;

	proc_path(path, sizeof(path), "net/sctp/snmp");
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", key, &val) == 2)
		if (!strcmp(key, name))
			ret = val;
	fclose(f);
	return ret;
}

/* ---- the kernel and its modules ----------------------------------------- */

/* The running kernel's release: SCTPCTL_KVER, else uname -r. */
const char *kernel_release(char *buf, size_t len)
{
	const char *k = getenv("SCTPCTL_KVER");
	struct utsname u;

	if (k && k[0])
		snprintf(buf, len, "%s", k);
	else if (!uname(&u))
		snprintf(buf, len, "%s", u.release);
	else
		snprintf(buf, len, "unknown");
	return buf;
}

static int by_release(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Kernels with their own modules under SCTPCTL_MODULES (/lib/modules). */
size_t kernels(char names[][128], size_t max)
{
	const char *root = env_root("SCTPCTL_MODULES", "/lib/modules");
	char path[4096];
	struct dirent *e;
	size_t n = 0;
	DIR *dp;

	dp = opendir(root);
	if (!dp)
		return 0;
	while ((e = readdir(dp)) && n < max) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/kernel", root, e->d_name);
		if (!path_is_dir(path))
			continue;
		snprintf(names[n++], 128, "%.127s", e->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof(names[0]), by_release);
	return n;
}

/* "key:   value" lines of modinfo: the value of @key, trimmed ("": none). */
bool modinfo_field(const char *out, const char *key, char *val, size_t len)
{
	size_t kl = strlen(key);
	const char *p = out;

	val[0] = '\0';
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (n > kl && !strncmp(p, key, kl) && p[kl] == ':') {
			const char *v = p + kl + 1;

			while (v < p + n && (*v == ' ' || *v == '\t'))
				v++;
			snprintf(val, len, "%.*s", (int)(p + n - v), v);
			return true;
		}
		p += n + (eol ? 1 : 0);
	}
	return false;
}
