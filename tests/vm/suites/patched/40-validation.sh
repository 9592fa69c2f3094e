# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own validation of sctp_ootb requests.  sctpctl refuses bad
# input before it asks the kernel, so here ootbnl (tests/prog/ootbnl.c)
# sends hand-built generic netlink requests and prints what the kernel
# answered: errno, extack text and the offset of the attribute at fault.
# The answers must be the ones include/uapi/linux/sctp_ootb.h documents,
# and no refused request may change the table.
#
# Offsets count from the request's nlmsghdr: attributes start at 20, a u16
# or u8 attribute takes 8 bytes, a RANGE nest of START and END 20.
#
# Runs after 30-ootb.sh, on whatever table it left (5100-5199 discard);
# ok-add / ok-del use 40000-40009, which no suite uses.  OOTB traffic may
# still reach the host meanwhile, so "the same table" is the same ranges
# and policies, with counters that did not go back.

# table_same BEFORE AFTER: two `sctpctl list` outputs hold the same ranges
# with the same policies, in the same order, and no counter went down (a
# range rebuilt with a fresh counter would).
table_same() {
	[ "$(echo "$1" | awk '{ print $1, $2 }')" = "$(echo "$2" | awk '{ print $1, $2 }')" ] ||
		return 1
	printf '%s\n' "$1" >"$(t_workdir)/list.before"
	printf '%s\n' "$2" >"$(t_workdir)/list.after"
	awk 'NR == FNR { m[FNR] = $4; next } $4 < m[FNR] { bad = 1 } END { exit bad }' \
		"$(t_workdir)/list.before" "$(t_workdir)/list.after"
}

# nl_case CASE WANT [WANT...]: `ootbnl CASE` must print one of the lines
# "CASE WANT" (and exit 0).  The first case that does not is kept in
# NL_WANT and NL_GOT; every case runs, so that the log shows them all.
nl_case() {
	local name=$1 got rc w

	shift
	got=$(ootbnl "$name" 2>&1)
	rc=$?
	echo "ootbnl $name -> exit $rc: $got"
	for w in "$@"; do
		[ "$rc" = 0 ] && [ "$got" = "$name $w" ] && return 0
	done
	if [ -z "$NL_WANT" ]; then
		NL_WANT="'$name $1'"
		NL_GOT="'$got' (exit $rc)"
	fi
	return 1
}

kernel_validation() {
	local before after line

	NL_WANT=
	NL_GOT=
	before=$(sctpctl list) || return
	echo "table before:"
	echo "$before"

	# The core's strict policies (ERANGE with the attribute's offset).
	nl_case port0 'errno=ERANGE msg="integer out of range" offs=20'
	nl_case policy-high 'errno=ERANGE msg="integer out of range" offs=36'
	# An attribute the command does not take: either text of the core.
	nl_case unknown-attr 'errno=EINVAL msg="Unsupported attribute" offs=36' \
		'errno=EINVAL msg="Unknown attribute type" offs=36'
	nl_case flush-with-attr 'errno=EINVAL msg="Unknown attribute type" offs=20' \
		'errno=EINVAL msg="Unsupported attribute" offs=20'
	nl_case dump-with-attr 'errno=EINVAL msg="Unknown attribute type" offs=20' \
		'errno=EINVAL msg="Unsupported attribute" offs=20'
	# A u32 where the policy says u16.
	nl_case bad-len 'errno=EINVAL msg="invalid attribute length" offs=20'
	# nlmsg_flags carry nothing: any flag but REQUEST, ACK, ECHO, DUMP.
	nl_case nlmsg-flag 'errno=EINVAL msg="ambiguous or reserved bits set in nlmsg_flags" offs=-'

	# The module's own refusals, on the attribute (or nest) at fault.
	nl_case start-after-end 'errno=EINVAL msg="start after end" offs=20'
	# END is attribute 3; at top level there is no nest to name.
	nl_case missing-end 'errno=EINVAL msg="missing end" offs=- miss=3'
	nl_case nest-missing-end 'errno=EINVAL msg="missing end" offs=20 miss=3 nest=20'
	# Of two colliding nests the later one (at 40), naming the earlier
	# ("overlaps an existing range" before 6.2: no formatted extack).
	nl_case replace-nest-overlap 'errno=EBUSY msg="overlaps 5000-5100" offs=40' \
		'errno=EBUSY msg="overlaps an existing range" offs=40'
	nl_case replace-dup 'errno=EEXIST msg="duplicate range" offs=40'
	# Nest 1025 is at 20 + 1024 * 20.
	nl_case too-many 'errno=ENOSPC msg="table is full" offs=20500'

	# PAD (type 1) meets the core's reject-all policy of FLUSH.
	nl_case flush-pad 'errno=EINVAL msg="Attribute failed policy validation" offs=20'

	after=$(sctpctl list)
	echo "table after the refused requests:"
	echo "$after"
	[ -z "$NL_WANT" ] || { fail "$NL_WANT" "$NL_GOT"; return; }
	table_same "$before" "$after" ||
		{ fail "the same table after the refused requests" "$(echo "$after" | tr '\n' ';')"; return; }

	# The program can succeed too, and the table is restored.
	nl_case ok-add 'errno=0 msg="" offs=-' ||
		{ fail "$NL_WANT" "$NL_GOT"; return; }
	line=$(sctpctl list | grep '^40000-40009 ')
	echo "after ok-add: $line"
	[ "$line" = "40000-40009 discard matched 0" ] ||
		{ fail "'40000-40009 discard matched 0' in the list after ok-add" "'$line'"; return; }
	nl_case ok-del 'errno=0 msg="" offs=-' ||
		{ fail "$NL_WANT" "$NL_GOT"; return; }
	after=$(sctpctl list)
	table_same "$before" "$after" ||
		{ fail "the table as before after ok-add and ok-del" "$(echo "$after" | tr '\n' ';')"; return; }
}

# -------------------------------------------------------------------------

step setup-validation-load modprobe sctp_ootb || return 0

check kernel-validation kernel_validation
