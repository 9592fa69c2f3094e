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
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sctpctl.h"

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
	char *args[16];
	size_t n = 0;
	int fd[2], err, ws;
	pid_t pid;
	ssize_t got;

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
	err = posix_spawnp(&pid, prog, &fa, NULL, args, environ);
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
