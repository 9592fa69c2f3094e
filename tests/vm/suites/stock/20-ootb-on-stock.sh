# SPDX-License-Identifier: GPL-2.0
#
# sctp_ootb on the stock sctp.ko: the load fails, and the kernel log tells
# the operator why and what to do; nothing is registered, sctp is untouched.

ootb_on_stock() {
	local rc

	[ -e "/lib/modules/$KVER/updates/sctp_ootb.ko" ] ||
		{ fail "sctp_ootb.ko in the image" "none"; return; }
	ootb_refused "on the stock sctp.ko" "Operation not supported" \
		"the loaded sctp module is the stock one" || return
	sctpctl status >"$(t_workdir)/status.txt" 2>&1
	rc=$?
	cat "$(t_workdir)/status.txt"
	[ "$rc" = 1 ] && grep -q 'stock' "$(t_workdir)/status.txt" ||
		{ fail "sctpctl status to exit 1 and name the stock sctp.ko" "exit $rc: $(tr '\n' ';' <"$(t_workdir)/status.txt")"; return; }
}

check ootb-on-stock ootb_on_stock
