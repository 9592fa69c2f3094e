#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The summary of a CI run, in Markdown, from what the run left behind:
#
#   scripts/ci-summary.sh LOGDIR [TOTAL_SECONDS] > LOGDIR/summary.md
#
# LOGDIR is .ci/run's build/ci:
#   times       one line per part: NAME (padded), SECONDS " s  ", RESULT
#               ("ok", "FAILED (...)", "NOT FINISHED: ..."), as .ci/run's
#               part() writes it;
#   LANE.log    the output of each lane; a part in it starts with
#               "=== ci: NAME: COMMAND" and ends with "=== ci: NAME: ...
#               after N s".  Between the two, the runners' own lines:
#               "ok NAME" or "not ok NAME: expected X, got Y" (KTAP's
#               "ok N NAME" too), and "N passed, N failed".
#
# Writes: the commit the run tested (scripts/commit.sh: "dirty" when the
# tree differed from it; taken now, so run this in the tree the run
# tested, at its end, as .ci/run does), the kernels, every part with its lane, kernel,
# time and result, the checks that did not pass, then every check with its
# result in every part, and the totals.  Nothing here is kept by hand: a
# check is in the summary because a runner printed it.
set -eu
dir=${1:?usage: ci-summary.sh LOGDIR [TOTAL_SECONDS]}
total=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$dir" ] || { echo "ci-summary: no directory $dir" >&2; exit 2; }
commit=$("$here/commit.sh")
files=
[ -f "$dir/times" ] && files=$dir/times
for f in "$dir"/*.log; do
	[ -f "$f" ] && files="$files $f"
done

# shellcheck disable=SC2086 # $files: no blanks in .ci/run's names
awk -v commit="$commit" -v total="$total" -v date="$(date -u +%Y-%m-%dT%H:%M:%SZ)" '
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
function md(s) { gsub(/\|/, "\\|", s); gsub(/`/, "'\''", s); return s }
# A part seen for the first time, in order.
function part(name) {
	if (!(name in pidx)) { pidx[name] = ++np; pname[np] = name }
	return pidx[name]
}
function kernel_of(p, k) {
	if (p in pkern || k == "") return
	pkern[p] = k
	if (!(k in kseen)) { kseen[k] = 1; kern[++nk] = k }
}
# KVER=X in a part name or command.
function kver_in(s,   k) {
	if (!match(s, /KVER=[^ )]+/)) return ""
	return substr(s, RSTART + 5, RLENGTH - 5)
}
# One "ok"/"not ok" line of part p.
function result(p, ok, name, why,   key) {
	key = p SUBSEP name
	if (!(name in cidx)) { cidx[name] = ++nc; cname[nc] = name }
	if (ok) { cok[key]++; pok[p]++ }
	else {
		cbad[key]++; pbad[p]++
		nfail++; fail[nfail] = "`" md(plane[p]) "` " md(pname[p]) ": `not ok " md(name) (why == "" ? "" : ": " md(why)) "`"
	}
	if (!(p SUBSEP "checks" in pchk)) { pchk[p SUBSEP "checks"] = 1; ncp++; chkpart[ncp] = p }
}
# The part a line belongs to; outside every part, the lane itself.
function here() {
	if (!cur) { cur = part(lane " (outside its parts)"); plane[cur] = lane }
	return cur
}
FNR == 1 {
	lane = FILENAME; sub(/.*\//, "", lane); sub(/\.log$/, "", lane)
	cur = 0
}
# The times file: NAME SECONDS s  RESULT.
FILENAME ~ /\/times$/ {
	if (!match($0, / +[0-9]+ s  /)) next
	name = trim(substr($0, 1, RSTART - 1))
	p = part(name)
	t = substr($0, RSTART, RLENGTH); sub(/ s  $/, "", t)
	ptime[p] = trim(t)
	pres[p] = substr($0, RSTART + RLENGTH)
	kernel_of(p, kver_in(name))
	next
}
{ sub(/\r$/, "") }
/^=== ci: / {
	s = substr($0, 9)
	i = index(s, ": ")
	if (i == 0) next
	name = substr(s, 1, i - 1)
	rest = substr(s, i + 2)
	if (rest ~ / after [0-9]+ s$/) { cur = 0; next }
	cur = part(name)
	plane[cur] = lane
	kernel_of(cur, kver_in(name " " rest))
	next
}
/^KVER=[^ ]+ \(KDIR=/ { kernel_of(here(), kver_in($0)); next }
/^# boot [a-z]+: kernel [^ ]+,/ { k = $5; sub(/,$/, "", k); kernel_of(here(), k); next }
/^[0-9]+ passed, [0-9]+ failed$/ { p = here(); rpass[p] += $1; rfail[p] += $3; next }
# ok NAME, ok N NAME (KTAP), with nothing else on the line but a directive.
/^ok / {
	n = ($2 ~ /^[0-9]+$/ && NF >= 3) ? 3 : 2
	if (NF == n || $(n + 1) == "#") result(here(), 1, $n, "")
	next
}
/^not ok / {
	n = ($3 ~ /^[0-9]+$/ && NF >= 4) ? 4 : 3
	name = $n
	if (name !~ /:$/ && NF != n && $(n + 1) != "#") next
	sub(/:$/, "", name)
	why = $0; i = index(why, name ":")
	why = i ? trim(substr(why, i + length(name) + 1)) : ""
	result(here(), 0, name, why)
	next
}
END {
	nparts = 0; pfailed = 0
	for (p = 1; p <= np; p++) {
		if (p in pres) {
			nparts++
			if (pres[p] != "ok") pfailed++
			if (pres[p] ~ /FAILED/) nfailed++
		}
	}
	for (p = 1; p <= np; p++) { tok += pok[p]; tbad += pbad[p] }
	split(commit, c, " ")
	print "# CI summary"
	print ""
	print "| | |"
	print "|---|---|"
	print "| commit | `" c[1] "`" (c[2] == "dirty" ? " **dirty**: the tree differed from this commit" : (c[1] == "unknown" ? " (not a git checkout)" : " (clean tree)")) " |"
	print "| written | " date " |"
	ks = ""
	for (i = 1; i <= nk; i++) ks = ks (i > 1 ? ", " : "") "`" kern[i] "`"
	print "| kernels | " (ks == "" ? "none named" : ks) " |"
	print "| parts | " nparts - pfailed " passed, " pfailed " did not |"
	print "| checks | " tok " ok, " tbad " not ok |"
	if (total != "") print "| total time | " total " s |"
	# .ci/run'\''s own rule: a run fails when a part failed.
	if (nparts == 0) verdict = "**no part recorded**"
	else if (nfailed) verdict = "**FAILED**"
	else if (pfailed) verdict = "passed, but not every part finished"
	else verdict = "every part passed"
	print "| result | " verdict " |"
	print ""
	print "## Parts"
	print ""
	print "Times are wall-clock seconds of this run; lanes run side by side."
	print ""
	print "| part | lane | kernel | time | result | ok | not ok | the runners'\'' own totals |"
	print "|---|---|---|---|---|---|---|---|"
	for (p = 1; p <= np; p++) {
		res = (p in pres) ? pres[p] : "no time recorded (the part did not end)"
		tot = (p in rpass) ? rpass[p] " passed, " rfail[p] " failed" : ""
		print "| " md(pname[p]) " | " md(plane[p]) " | " md(pkern[p]) " | " \
			((p in ptime) ? ptime[p] " s" : "") " | " md(res) " | " pok[p] + 0 " | " pbad[p] + 0 " | " tot " |"
	}
	print ""
	print "## Checks that did not pass"
	print ""
	if (nfail == 0) print "None."
	for (i = 1; i <= nfail; i++) print "- " fail[i]
	print ""
	print "## Every check"
	print ""
	if (nc == 0) { print "No check printed a result."; exit }
	print "One column per part that ran checks (see Parts); a name printed more"
	print "than once in a part (by two of its runners) shows how many times."
	print ""
	hdr = "| check |"; sep = "|---|"
	for (j = 1; j <= ncp; j++) { hdr = hdr " " md(pname[chkpart[j]]) " |"; sep = sep "---|" }
	print hdr; print sep
	for (i = 1; i <= nc; i++) {
		row = "| " md(cname[i]) " |"
		for (j = 1; j <= ncp; j++) {
			key = chkpart[j] SUBSEP cname[i]
			g = cok[key] + 0; b = cbad[key] + 0
			if (g + b == 0) cell = "-"
			else if (b) cell = "**not ok**" (g + b > 1 ? " (" b " of " g + b ")" : "")
			else cell = "ok" (g > 1 ? " x" g : "")
			row = row " " cell " |"
		}
		print row
	}
}
' $files
