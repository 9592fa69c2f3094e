// SPDX-License-Identifier: GPL-2.0
/*
 * Linked into the patched sctp.ko by kmod/sctp/Kbuild: which kernel source
 * this build took net/sctp from, so that an operator can tell (modinfo -F
 * ootb_source sctp).  Debian keeps only the newest linux-source of a series,
 * which may not be the running kernel's own release.
 */
#include <linux/module.h>

#include "sctp_ootb_source.h"

MODULE_INFO(ootb_source, SCTP_OOTB_SOURCE);
