# SPDX-License-Identifier: GPL-2.0
#
# checks: example-*
# The examples of the documentation (examples.sh --docs), against the
# stand-in (tests/cli/examples.sh; the VM runs them against the module
# too).

bin=$tmp/ex-bin
mkdir -p "$bin"
# sctpctl, under valgrind when VALGRIND says so.
printf '#!/bin/sh\nexec %s%s "$@"\n' \
	"${VALGRIND:+$VALGRIND --log-file=$tmp/vg/%p }" "$SCTPCTL" >"$bin/sctpctl"
# modprobe: the module is "loaded" already.
printf '#!/bin/sh\nexit 0\n' >"$bin/modprobe"
chmod +x "$bin/modprobe" "$bin/sctpctl"
doctor_env
rm -f "$SCTPCTL_DKMS"
echo 'fake_start -z && ns_stop && ns_fake blue -z' >"$tmp/ex-reset"
# The examples run in sh subshells: they see the variables exported.
export SCTPCTL_NETNS_DIR=$tmp/netns SCTPCTL_FAKE_PORTDIR=$tmp/ports
EXAMPLES_RESET=". $tmp/ex-reset && export SCTPCTL_FAKE_PORTID=\$fake_port LD_PRELOAD=$FAKE_PRELOAD"
EXAMPLES_CLEANUP="fake_stop; ns_stop"
export EXAMPLES_RESET EXAMPLES_CLEANUP

examples() {
	(set --
	for d in $(sh "$here/examples.sh" --docs); do
		set -- "$@" "$top/$d"
	done
	PATH="$bin:$PATH"
	export PATH
	. "$here/examples.sh")
}
check_lines examples examples
