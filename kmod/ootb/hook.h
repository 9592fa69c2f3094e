/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Our end of the patched sctp.ko's out-of-the-blue hook.
 */
#ifndef _SCTP_OOTB_HOOK_H
#define _SCTP_OOTB_HOOK_H

#include <linux/types.h>

/*
 * Find the hook API in sctp.ko, loading it if needed.  0, or -EOPNOTSUPP on
 * a stock sctp.ko: modprobe then says "Operation not supported" rather than
 * "Unknown symbol", and the kernel log says what to do.
 */
int ootb_hook_get(void);
void ootb_hook_put(void);

/* Start and stop receiving verdict requests. */
int ootb_hook_register(void);
void ootb_hook_unregister(void);

/* True while sctp.ko asks us for verdicts. */
bool ootb_hook_active(void);

#endif /* _SCTP_OOTB_HOOK_H */
