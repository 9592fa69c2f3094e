/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The commands, one file each (wg(8)'s way): each file exports its
 * struct cmd, parser and runner together; sctpctl.c's table lists them.
 */
#ifndef SCTPCTL_COMMANDS_H
#define SCTPCTL_COMMANDS_H

#include "cmd.h"

/* cmd_NAME in NAME.c; replace-range is add-range's, with its flag. */
extern const struct cmd cmd_add_range, cmd_replace_range, cmd_del_range,
	cmd_get, cmd_list, cmd_reset_counters, cmd_flush, cmd_stats,
	cmd_status, cmd_save, cmd_restore, cmd_monitor, cmd_doctor, cmd_run;

#endif /* SCTPCTL_COMMANDS_H */
