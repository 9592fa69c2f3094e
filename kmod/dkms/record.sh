# SPDX-License-Identifier: GPL-2.0
#
# Kernels that this version of sctp-ootb could not be built for.
#
# Debian's kernel packages run dkms's autoinstall from their postinst with
# run-parts --exit-on-error, and bookworm's dkms (3.0.10) turns any failed
# module, even a BUILD_EXCLUSIVE skip, into a failure of that postinst: the
# kernel stays unconfigured and apt upgrade fails.  So the kernel hook
# (kmod/dkms/kernel-hook) builds sctp-ootb first; when that fails it writes
# a record here, with the reason, and dkms.conf reads it back
# (sctp_ootb_dkms_gate) to take sctp-ootb out of the autoinstall that
# follows.  A record holds only while the inputs of the failed build stay
# as they were: installing the missing linux-source, new headers or a new
# sctp-ootb make the next attempt build again.
#
# Sourced by dkms.conf (bash, inside dkms), by the kernel hook and by the
# package's postinst (sh): POSIX sh only, and nothing printed on stdout.

SCTP_OOTB_STATE=${SCTP_OOTB_STATE:-/var/lib/sctp-ootb}
SCTP_OOTB_ROOT=${SCTP_OOTB_ROOT:-}	# tests: where /lib/modules and /usr/src are

sctp_ootb_record() {
	echo "$SCTP_OOTB_STATE/unbuilt/$1"
}

# sctp_ootb_inputs KVER VERSION: a digest of what a build for KVER reads.
sctp_ootb_inputs() {
	{
		echo "$2"
		stat -L -c '%n %s %Y' "$SCTP_OOTB_ROOT/lib/modules/$1/build/Module.symvers" \
			"$SCTP_OOTB_ROOT"/usr/src/linux-source-*.tar.xz 2>/dev/null
	} | md5sum | cut -d ' ' -f 1
}

# sctp_ootb_unbuilt KVER VERSION: print the reason and succeed while a
# record for KVER holds.
sctp_ootb_unbuilt() {
	_f=$(sctp_ootb_record "$1")
	[ -r "$_f" ] || return 1
	[ "$(sed -n 's/^inputs=//p' "$_f")" = "$(sctp_ootb_inputs "$1" "$2")" ] ||
		return 1
	sed -n 's/^reason=//p' "$_f"
}

# sctp_ootb_unbuilt_write KVER VERSION REASON [LOG]
sctp_ootb_unbuilt_write() {
	_f=$(sctp_ootb_record "$1")
	mkdir -p "${_f%/*}" || return
	{
		echo "version=$2"
		echo "inputs=$(sctp_ootb_inputs "$1" "$2")"
		echo "reason=$3"
		echo "log=${4:-}"
	} >"$_f.tmp" && mv "$_f.tmp" "$_f"
}

sctp_ootb_unbuilt_clear() {
	rm -f "$(sctp_ootb_record "$1")"
}

# The kernel that dkms is about to build for.  dkms.conf is read for a
# given kernel ($kernelver), except in autoinstall, which reads AUTOINSTALL
# once per kernel that the module is already built for: there, the kernel
# being installed is only on dkms's own command line (-k/--kernelver, else
# the running kernel).
sctp_ootb_dkms_target() {
	_auto= _next= _k=
	[ -r "/proc/$$/cmdline" ] || { echo "$1"; return; }
	for _a in $(tr '\0' '\n' <"/proc/$$/cmdline"); do
		if [ -n "$_next" ]; then
			_k=${_a%%/*}
			_next=
			continue
		fi
		case $_a in
		autoinstall) _auto=1 ;;
		-k | --kernelver) _next=1 ;;
		--kernelver=*) _a=${_a#*=}; _k=${_a%%/*} ;;
		esac
	done
	if [ -n "$_auto" ]; then
		echo "${_k:-$(uname -r)}"
	else
		echo "$1"
	fi
}

# From dkms.conf: leave sctp-ootb out when a record holds for the target
# kernel, and say why on stderr (dkms keeps stdout).  The build itself is
# excluded too, so that dkms install says so and exits 77, which dkms's
# package postinst treats as a skip.
sctp_ootb_dkms_gate() {
	_t=$(sctp_ootb_dkms_target "$1")
	[ -n "$_t" ] || return 0
	_why=$(sctp_ootb_unbuilt "$_t" "$2") || return 0
	echo "sctp-ootb: not building for kernel $_t: $_why (record: $(sctp_ootb_record "$_t"); remove it to try again as things are)" >&2
	AUTOINSTALL=""
	[ "$_t" = "$1" ] && BUILD_EXCLUSIVE_KERNEL="^$"
	return 0
}
