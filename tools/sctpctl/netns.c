// SPDX-License-Identifier: GPL-2.0
/*
 * Network namespaces: -n NAME enters one before any socket is opened, as
 * `ip -n` does; -a runs a command in the namespace sctpctl runs in and in
 * every named one, as `ip -all netns exec` does.
 *
 * A netlink socket belongs to the namespace it was created in, and
 * /proc/self/net and /proc/sys/net show the caller's current one, so what
 * runs after setns() sees that namespace whole.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctx.h"
#include "netns.h"
#include "parse.h"

const char *netns_dir(void)
{
	const char *v = getenv("SCTPCTL_NETNS_DIR");

	return v && v[0] ? v : NETNS_RUN_DIR;
}

int netns_enter(const char *name, char *why, size_t len)
{
	char path[4096], q[64];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", netns_dir(), name);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, len, "cannot open network namespace %s: %s",
			 quote(q, sizeof(q), name), strerror(errno));
		return -1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		snprintf(why, len, "cannot enter network namespace %s: %s",
			 quote(q, sizeof(q), name), strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

struct netns_list {
	char **names;		/* NULL first: the namespace sctpctl runs in */
	size_t n;
};

static void list_free(struct netns_list *l)
{
	size_t i;

	for (i = 0; l->names && i < l->n; i++)
		free(l->names[i]);
	free(l->names);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool same_ns(const struct stat *a, const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_dev == a->st_dev &&
	       st.st_ino == a->st_ino;
}

/*
 * The current namespace (a NULL name) first, then the named ones in name
 * order.  When the current namespace has a name (run under `ip netns exec
 * NAME`), it goes first under that name, once.
 */
static int list_netns(struct netns_list *l, char *why, size_t len)
{
	const char *dir = netns_dir();
	struct stat self;
	struct dirent *d;
	size_t cap = 8, i;
	bool have_self;
	char path[4096];
	DIR *dp;

	l->n = 1;
	l->names = calloc(cap, sizeof(*l->names));
	if (!l->names)
		goto nomem;
	have_self = stat("/proc/self/ns/net", &self) == 0;

	dp = opendir(dir);
	if (!dp) {
		if (errno == ENOENT)
			return 0;	/* no named namespace */
		snprintf(why, len, "cannot read %s: %s", dir, strerror(errno));
		list_free(l);
		return -1;
	}
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		if (l->n == cap) {
			char **p = realloc(l->names, 2 * cap * sizeof(*p));

			if (!p) {
				closedir(dp);
				goto nomem;
			}
			l->names = p;
			cap *= 2;
		}
		l->names[l->n] = strdup(d->d_name);
		if (!l->names[l->n]) {
			closedir(dp);
			goto nomem;
		}
		l->n++;
	}
	closedir(dp);
	qsort(l->names + 1, l->n - 1, sizeof(*l->names), by_name);

	for (i = 1; have_self && i < l->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, l->names[i]);
		if (same_ns(&self, path)) {
			l->names[0] = l->names[i];
			memmove(l->names + i, l->names + i + 1,
				(l->n - i - 1) * sizeof(*l->names));
			l->n--;
			break;
		}
	}
	return 0;
nomem:
	snprintf(why, len, "out of memory");
	list_free(l);
	return -1;
}

static int go_home(int home, char *why, size_t len)
{
	if (setns(home, CLONE_NEWNET) < 0) {
		snprintf(why, len,
			 "cannot go back to the first network namespace: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

int for_each_netns(netns_fn fn, void *arg, char *why, size_t len)
{
	struct netns_list l;
	char err[ERRLEN];
	int home, worst = EXIT_OK, ret;
	size_t i;

	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0) {
		snprintf(why, len, "cannot open /proc/self/ns/net: %s",
			 strerror(errno));
		return -1;
	}
	if (list_netns(&l, why, len)) {
		close(home);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		int bad = l.names[i] ? netns_enter(l.names[i], err, sizeof(err)) :
				       go_home(home, err, sizeof(err));

		ret = fn(l.names[i], bad ? err : NULL, arg);
		if (ret > worst)
			worst = ret;
	}
	if (go_home(home, why, len))
		worst = -1;
	close(home);
	list_free(&l);
	return worst;
}
