// SPDX-License-Identifier: GPL-2.0
/*
 * Linked into sctp_diag.ko of the patched tree by kmod/sctp/Kbuild.
 *
 * sctp_diag.ko is rebuilt with sctp.ko so that the two agree on symbol
 * versions, and it is installed next to it.  dkms installs a module over
 * the distribution's only when its version wins, and Debian's sctp_diag.ko
 * has none: without this one, dkms keeps the stock file and says so only
 * in its log.
 */
#include <linux/module.h>
#include <net/sctp_ootb_hook.h>

#include "sctp_ootb_source.h"

MODULE_VERSION("ootb." __stringify(SCTP_OOTB_HOOK_REV));
MODULE_INFO(ootb_source, SCTP_OOTB_SOURCE);
