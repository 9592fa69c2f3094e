# SPDX-License-Identifier: GPL-2.0
#
# Which Debian release a kernel or this machine belongs to, and apt for a
# release other than this machine's: sourced by scripts/kernels.sh, kver.sh,
# deps.sh and root.sh.
#
# A release's apt state (its lists, its downloads) is private, under
# $(deb_cache)/apt/RELEASE: the host's own apt configuration is read for
# nothing and never changed.

# The cache of things built from Debian's archive, outside every tree
# (tests/debug/build-kernel.sh uses the same).
deb_cache() {
	if [ -n "${SCTP_OOTB_CACHE:-}" ]; then
		echo "$SCTP_OOTB_CACHE"
	elif [ -n "${XDG_CACHE_HOME:-}" ]; then
		echo "$XDG_CACHE_HOME/sctp-ootb"
	elif [ "$(id -u)" = 0 ]; then
		echo /var/cache/sctp-ootb
	else
		echo "$HOME/.cache/sctp-ootb"
	fi
}

DEB_MIRROR=${SCTP_OOTB_MIRROR:-http://deb.debian.org/debian}
DEB_SECURITY=${SCTP_OOTB_SECURITY:-http://deb.debian.org/debian-security}

# deb_codename MAJOR: the release's name (12 -> bookworm).
deb_codename() {
	case "$1" in
	11) echo bullseye ;;
	12) echo bookworm ;;
	13) echo trixie ;;
	14) echo forky ;;
	15) echo duke ;;
	*) return 1 ;;
	esac
}

# The release this machine (or the root it runs in) is.
deb_host_release() {
	local c=
	[ -r /etc/os-release ] && c=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	if [ -z "$c" ] && [ -r /etc/debian_version ]; then
		c=$(deb_codename "$(cut -d. -f1 /etc/debian_version)") ||
			c=$(sed -n 's,^\([a-z]*\)/sid$,\1,p' /etc/debian_version)
	fi
	[ -n "$c" ] || { echo "debian: cannot tell which Debian release this is" >&2; return 1; }
	echo "$c"
}

# deb_kver_release KVER: the release a Debian kernel comes from.  Since
# Debian 12's 6.12 kernels the release says it (6.12.118+deb13-amd64); the
# older ABI names (6.1.0-57-amd64) are Debian 12's, 5.10.0-N Debian 11's.
# Any other kernel (one built here, e.g. make check-debug's) is this
# machine's.
deb_kver_release() {
	local n
	n=$(echo "$1" | sed -n 's/^[0-9]*\.[0-9]*\.[0-9]*+deb\([0-9]*\)-.*/\1/p')
	if [ -n "$n" ]; then
		deb_codename "$n" || { echo "debian: unknown release deb$n of kernel $1" >&2; return 1; }
		return
	fi
	case "$1" in
	6.1.0-[0-9]*-*) echo bookworm ;;
	5.10.0-[0-9]*-*) echo bullseye ;;
	*) deb_host_release ;;
	esac
}

# deb_sources RELEASE: apt's one-line sources of a release: main, updates,
# security and backports, binaries and sources.
deb_sources() {
	local t
	for t in deb deb-src; do
		echo "$t $DEB_MIRROR $1 main"
		echo "$t $DEB_MIRROR $1-updates main"
		echo "$t $DEB_MIRROR $1-backports main"
		echo "$t $DEB_SECURITY $1-security main"
	done
}

# rel_apt_init RELEASE: the private apt state of RELEASE, its lists fetched
# when missing or older than REL_APT_MAX_AGE seconds (default 6 hours);
# sets REL_APT (the options for apt-get and apt-cache).
rel_apt_init() {
	local d age
	d=$(deb_cache)/apt/$1
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" || return
	deb_sources "$1" >"$d/sources.list.new" && mv "$d/sources.list.new" "$d/sources.list"
	REL_APT="-o Dir::Etc::SourceList=$d/sources.list -o Dir::Etc::SourceParts=/dev/null
	 -o Dir::State::Lists=$d/lists -o Dir::Cache=$d/cache
	 -o Dir::State::status=/dev/null -o APT::Sandbox::User=root -q"
	age=$(($(date +%s) - $(stat -c %Y "$d/updated" 2>/dev/null || echo 0)))
	[ "$age" -lt "${REL_APT_MAX_AGE:-21600}" ] &&
		[ "$(cat "$d/updated" 2>/dev/null)" = "$(sha256sum <"$d/sources.list")" ] && return 0
	# One update at a time per release (two trees may ask at once).
	(
		flock 9
		echo "debian: fetching the package lists of $1 (private state in $d)" >&2
		# shellcheck disable=SC2086
		apt-get $REL_APT update >"$d/update.log" 2>&1 ||
			{ tail -n 5 "$d/update.log" >&2; echo "debian: apt-get update for $1 failed (log: $d/update.log)" >&2; exit 1; }
		sha256sum <"$d/sources.list" >"$d/updated"
	) 9>"$d/lock"
}

# rel_apt_cache RELEASE ARGS...: apt-cache on RELEASE's private lists.
rel_apt_cache() {
	local r=$1
	shift
	rel_apt_init "$r" || return
	# shellcheck disable=SC2086
	apt-cache $REL_APT "$@"
}
