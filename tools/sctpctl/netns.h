/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Switching network namespace: -n NAME, and -a's walk over every one.
 */
#ifndef SCTPCTL_NETNS_H
#define SCTPCTL_NETNS_H

#include <stddef.h>

/* Where named namespaces are: SCTPCTL_NETNS_DIR, else NETNS_RUN_DIR. */
const char *netns_dir(void);

/* Enter namespace @name (a name under netns_dir(), or a path): 0, or -1
 * with the reason in why. */
int netns_enter(const char *name, char *why, size_t len);

/*
 * Called in each namespace of for_each_netns(): @name is NULL for the one
 * sctpctl started in (when it has no name), @why is NULL once entered, or
 * says why it could not be; returns an exit code.
 */
typedef int (*netns_fn)(const char *name, const char *why, void *arg);

/*
 * Call @fn in the namespace sctpctl runs in, then in every named one, in
 * name order (the current one once, under its name, when it has one), and
 * go back.  A socket belongs to the namespace it was created in: @fn must
 * close the ones it opened.  Returns the highest exit code of @fn, or -1
 * with the reason in why when the walk could not start or go back.
 */
int for_each_netns(netns_fn fn, void *arg, char *why, size_t len);

#endif /* SCTPCTL_NETNS_H */
