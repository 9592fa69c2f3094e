/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where sctpctl looks at the system outside netlink: sysfs, procfs, the
 * config directory, the module trees, programs.  Every root can be moved
 * by an environment variable, for the host tests (see env.c).
 */
#ifndef SCTPCTL_ENV_H
#define SCTPCTL_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

const char *env_root(const char *var, const char *dflt);
int env_path(char *buf, size_t len, const char *var, const char *dflt,
	     const char *rel);
bool path_is_dir(const char *path);
bool read_line(const char *path, char *buf, size_t len);
int run_cmd(const char *var, const char *dflt, char *const argv[],
	    char *out, size_t len, int *status);

/* sysfs (SCTPCTL_SYSFS): is REL a directory; REL's first line. */
bool sysfs_dir(const char *rel);
bool sysfs_line(const char *rel, char *buf, size_t len);

/* procfs of the current namespace (SCTPCTL_PROC). */
int proc_path(char *buf, size_t len, const char *rel);
struct sctp_ep {
	unsigned int port, uid;
	unsigned long inode;
};
int proc_sctp_eps(void (*fn)(const struct sctp_ep *ep, void *arg),
		  void *arg, char *path, size_t len);
int proc_port_range(unsigned int *lo, unsigned int *hi, char *path,
		    size_t len);
void proc_reserved_ports(uint8_t *bits);
long long proc_sctp_snmp(const char *name);

/* The running kernel's release, and the kernels under /lib/modules. */
const char *kernel_release(char *buf, size_t len);
bool modinfo_field(const char *out, const char *key, char *val, size_t len);
size_t kernels(char names[][128], size_t max);

#endif /* SCTPCTL_ENV_H */
