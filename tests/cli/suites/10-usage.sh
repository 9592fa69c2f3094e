# SPDX-License-Identifier: GPL-2.0
#
# The command line with no module anywhere: usage errors (boundaries
# first), help and version, the options (getopt_long_only), what cannot be
# opened, a full stdout.

bad_inputs ""

has help-long 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' --help
has help-short 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' -h
has help-single-dash-long 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' -help
has help-command 0 'Usage: sctpctl [OPTIONS] COMMAND [ARGUMENTS]' help
has help-topic 0 'Usage: sctpctl [OPTIONS] del-range LO-HI|PORT [force]' \
	help del-range
has help-topic-get 0 'Usage: sctpctl [OPTIONS] get PORT' help get
has version 0 "sctpctl 1.0 (sctp_ootb generic netlink version 3)" --version
has version-short 0 "sctpctl 1.0 (sctp_ootb generic netlink version 3)" -V

# GNU long options with "=", parsed as such: the namespace is looked up.
ns=sctpctl-no-such-ns
nons="cannot open network namespace \"$ns\""
fails opt-netns-equals "$nons" --netns=$ns list
fails opt-netns-single-dash "$nons" -netns $ns list
fails opt-netns-attached "$nons" -n$ns list
fails opt-batch-equals 'cannot open "/nonexistent/batch"' \
	--batch=/nonexistent/batch
fails netns-missing "$nons" -n $ns list
fails netns-missing-status "$nons" -n $ns status
fails restore-no-file 'cannot open "/nonexistent/ranges": No such file or directory' \
	restore /nonexistent/ranges
fails restore-check-no-file 'cannot open "/nonexistent/ranges"' \
	restore --check /nonexistent/ranges
fails batch-no-file 'cannot open "/nonexistent/batch"' -b /nonexistent/batch

check help-write-error write_error --help
