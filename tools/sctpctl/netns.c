// SPDX-License-Identifier: GPL-2.0
/*
 * Network namespaces: -n NAME enters one before any socket is opened, as
 * `ip -n` does; -a runs list, stats, save (and doctor's checks) in the
 * namespace sctpctl runs in and in every named one, as
 * `ip -all netns exec` does.
 *
 * A netlink socket belongs to the namespace it was created in, and
 * /proc/self/net and /proc/sys/net show the caller's current one, so a
 * command that runs after setns() sees that namespace whole.
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

#include "sctpctl.h"

const char *netns_dir(void)
{
	return env_root("SCTPCTL_NETNS_DIR", NETNS_RUN_DIR);
}

/* Enter namespace @name: a name under netns_dir(), or a path. */
static int enter_named(const char *name)
{
	char path[4096], q[64];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", netns_dir(), name);

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		report_error("cannot open network namespace %s: %s",
			     quote(q, sizeof(q), name), strerror(errno));
		return EXIT_FAIL;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		report_error("cannot enter network namespace %s: %s",
			     quote(q, sizeof(q), name), strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	close(fd);
	return EXIT_OK;
}

/* Enter the namespace of -n, once, before any socket is opened. */
int enter_netns(struct ctx *c)
{
	if (!c->netns || c->in_netns)
		return EXIT_OK;
	if (enter_named(c->netns))
		return EXIT_FAIL;
	c->in_netns = true;
	return EXIT_OK;
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
 * The namespaces -a covers: the current one (a NULL name) first, then the
 * named ones in name order.  When the current namespace has a name (run
 * under `ip netns exec NAME`), it goes first under that name, once.
 */
int netns_list(struct netns_list *l)
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
		report_error("cannot read %s: %s", dir, strerror(errno));
		netns_list_free(l);
		return EXIT_FAIL;
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
	report_error("out of memory");
	netns_list_free(l);
	return EXIT_FAIL;
}

void netns_list_free(struct netns_list *l)
{
	size_t i;

	for (i = 0; l->names && i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	l->names = NULL;
	l->n = 0;
}

/* A handle on the namespace sctpctl started in, or -1 after reporting. */
int netns_home(void)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		report_error("cannot open /proc/self/ns/net: %s",
			     strerror(errno));
	return fd;
}

/* Enter the i-th namespace of @l; the socket of the previous one goes. */
int netns_enter_nth(struct ctx *c, const struct netns_list *l, size_t i,
		    int home)
{
	nl_close_ctx(c);
	c->in_netns = true;
	c->ns_name = l->names[i];
	if (!l->names[i]) {
		if (setns(home, CLONE_NEWNET) < 0) {
			report_error("cannot go back to the first network namespace: %s",
				     strerror(errno));
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	return enter_named(l->names[i]);
}

int netns_return(struct ctx *c, int home)
{
	nl_close_ctx(c);
	c->ns_name = NULL;
	if (setns(home, CLONE_NEWNET) < 0) {
		report_error("cannot go back to the first network namespace: %s",
			     strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/*
 * list, stats, save with -a.  Text: a "netns: NAME" line before each
 * namespace ("# netns: NAME" for save, so the output stays a restore
 * file), a blank line between them.  JSON: an array of one object per
 * namespace, {"netns": NAME or null, KEY: what the command prints}.
 */
int run_all_netns(struct ctx *c, const struct req *r)
{
	bool save = r->cmd->run == cmd_save;
	struct netns_list l;
	int home, worst = EXIT_OK, ret;
	size_t i;

	home = netns_home();
	if (home < 0)
		return EXIT_FAIL;
	if (netns_list(&l)) {
		close(home);
		return EXIT_FAIL;
	}
	if (!save)
		out_open_arr(NULL);
	for (i = 0; i < l.n; i++) {
		const char *label = l.names[i] ? l.names[i] : "(current)";

		report_netns(NULL);
		if (netns_enter_nth(c, &l, i, home)) {
			worst = EXIT_FAIL;
			continue;
		}
		report_netns(label);
		if (save) {
			printf("%s# netns: %s\n", i ? "\n" : "", label);
		} else {
			if (i)
				out_text("\n");
			out_text("netns: ");
			out_text(label);
			out_text("\n");
			out_open_obj(NULL);
			if (l.names[i])
				out_str(PRINT_JSON, "netns", NULL, l.names[i]);
			else
				out_null("netns");
		}
		ret = r->cmd->run(c, r);
		if (!save)
			out_close_obj();
		if (ret > worst)
			worst = ret;
	}
	if (!save)
		out_close_arr();
	report_netns(NULL);
	if (netns_return(c, home))
		worst = EXIT_FAIL;
	close(home);
	netns_list_free(&l);
	return worst;
}
