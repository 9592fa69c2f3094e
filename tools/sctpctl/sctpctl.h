/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sctpctl's pure parts, for the host unit tests (tests/cli/test_parse.c):
 * parsing, the text and JSON output helper, the messages.  sctpctl's own
 * files include the header of each part they use, never this one.
 */
#ifndef SCTPCTL_H
#define SCTPCTL_H

#include "ctx.h"
#include "parse.h"
#include "print.h"
#include "record.h"
#include "report.h"
#include "req.h"

#endif /* SCTPCTL_H */
