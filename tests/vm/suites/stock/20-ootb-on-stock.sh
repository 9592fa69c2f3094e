# SPDX-License-Identifier: GPL-2.0
#
# sctp_ootb on the stock sctp.ko: the load fails, and the kernel log tells
# the operator why and what to do; nothing is registered, sctp is untouched.

ootb_on_stock() {
	local out rc

	[ -e "/lib/modules/$KVER/updates/sctp_ootb.ko" ] ||
		{ fail "sctp_ootb.ko in the image" "none"; return; }
	out=$(modprobe sctp_ootb 2>&1)
	rc=$?
	echo "modprobe sctp_ootb -> exit $rc: $out"
	dmesg | grep 'sctp_ootb' | tail -n 3
	[ "$rc" != 0 ] ||
		{ fail "modprobe sctp_ootb to fail on the stock sctp.ko" "it loaded"; return; }
	case "$out" in
	*"Operation not supported"*) ;;
	*) fail "modprobe to say 'Operation not supported'" "'$out'"; return ;;
	esac
	[ ! -d /sys/module/sctp_ootb ] ||
		{ fail "no sctp_ootb module loaded" "/sys/module/sctp_ootb exists"; return; }
	dmesg | grep -q 'sctp_ootb: the loaded sctp module is the stock one' ||
		{ fail "the kernel log to say the stock sctp.ko is loaded" "$(dmesg | tail -n 1)"; return; }
	sctpctl status >"$(t_workdir)/status.txt" 2>&1
	rc=$?
	cat "$(t_workdir)/status.txt"
	[ "$rc" = 1 ] && grep -q 'stock' "$(t_workdir)/status.txt" ||
		{ fail "sctpctl status to exit 1 and name the stock sctp.ko" "exit $rc: $(tr '\n' ';' <"$(t_workdir)/status.txt")"; return; }
}

check ootb-on-stock ootb_on_stock
