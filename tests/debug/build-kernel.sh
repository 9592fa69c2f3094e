#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel of `make check-debug` from Debian's linux-source
# tarball, or find it in the cache, and print where it is:
#
#   tests/debug/build-kernel.sh [SERIES]        (default 6.1)
#
# The config is tinyconfig + tests/debug/debug.config (KASAN, lockdep,
# PROVE_RCU, DEBUG_ATOMIC_SLEEP, kmemleak; sctp.ko as a module), and every
# line of the fragment must be in the final .config.
#
# The cache ($SCTP_OOTB_CACHE, else $XDG_CACHE_HOME/sctp-ootb, else
# /var/cache/sctp-ootb as root, else ~/.cache/sctp-ootb) keeps, per source
# package version, debug-kernel/SERIES-VERSION/:
#   src/    the unpacked tarball (KSRC: our sctp.ko takes net/sctp from it)
#   obj/    the kbuild output (KDIR: our modules build against it)
#   mods/   the installed modules, lib/modules/KREL
#   stamp   the key of what obj/ and mods/ hold: the config fragment, this
#           script and the compiler.  A different key (an edited fragment)
#           rebuilds in place, which kbuild makes incremental; a newer
#           tarball starts a new directory and the old one goes.
#
# Output on stdout, for the Makefile (everything else goes to stderr):
#   DEBUG_KREL=6.1.192-ootb-debug     kernel release (KVER)
#   DEBUG_KSRC=.../src                the source tree
#   DEBUG_KDIR=.../obj                the kbuild tree
#   DEBUG_KERNEL=.../bzImage          what QEMU boots
#   DEBUG_MODROOT=.../mods            the root of its lib/modules/KREL
set -eu

series=${1:-6.1}
here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/debug.config
tarball=/usr/src/linux-source-$series.tar.xz
jobs=${DEBUG_JOBS:-$(nproc)}

say() { echo "debug-kernel: $*" >&2; }
die() { say "$*"; exit 1; }

[ -f "$tarball" ] || die "no $tarball: run 'make deps' (linux-source-$series)"
if [ -n "${SCTP_OOTB_CACHE:-}" ]; then
	cache=$SCTP_OOTB_CACHE
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
	cache=$XDG_CACHE_HOME/sctp-ootb
elif [ "$(id -u)" = 0 ]; then
	cache=/var/cache/sctp-ootb
else
	cache=$HOME/.cache/sctp-ootb
fi

src_v=$(dpkg-query -W -f '${Version}' "linux-source-$series" 2>/dev/null || true)
src_key="$src_v $(stat -c '%s %Y' "$tarball")"
dir=$cache/debug-kernel/$series-${src_v:-unknown}
key=$( {
	cat "$fragment" "$0"
	${CC:-gcc} --version | head -n 1
} | sha256sum | cut -c1-16)

if [ "$(cat "$dir/stamp" 2>/dev/null)" = "$key" ] && [ -f "$dir/env" ]; then
	say "cached: $dir (linux-source-$series $src_v, config $key)"
	cat "$dir/env"
	exit 0
fi

start=$(date +%s)
if [ "$(cat "$dir/src.stamp" 2>/dev/null)" != "$src_key" ]; then
	# A new tarball, or an unpacking that did not finish: from scratch.
	rm -rf "$dir"
	mkdir -p "$dir/src" "$dir/obj"
	say "unpacking $tarball ($src_v) into $dir"
	tar -xJf "$tarball" -C "$dir/src" --strip-components=1
	echo "$src_key" >"$dir/src.stamp"
	say "unpacked in $(($(date +%s) - start)) s"
	for old in "$cache/debug-kernel/$series"-*; do
		[ "$old" = "$dir" ] || rm -rf "$old"
	done
fi
rm -f "$dir/stamp" "$dir/env"
say "building linux-source-$series $src_v, config $key, in $dir ($jobs jobs)"

k() {
	make -C "$dir/src" O="$dir/obj" ARCH=x86_64 LOCALVERSION=-ootb-debug \
		KBUILD_BUILD_USER=sctp-ootb KBUILD_BUILD_HOST=debug "$@"
}

k -s tinyconfig >&2
"$dir/src/scripts/kconfig/merge_config.sh" -m -O "$dir/obj" \
	"$dir/obj/.config" "$fragment" >"$dir/merge.log" 2>&1 ||
	{ cat "$dir/merge.log" >&2; die "merge_config failed"; }
k -s olddefconfig >&2

# Every line of the fragment must have stuck: a silently dropped KASAN or
# lockdep would make the whole lane prove nothing.
missing=$(grep -E '^(CONFIG_|# CONFIG_.* is not set$)' "$fragment" |
	while IFS= read -r line; do
		case "$line" in
		"# "*)	n=${line#\# }; n=${n%% *}
			grep -q "^$n=" "$dir/obj/.config" && echo "$line" ;;
		*)	grep -qx -- "$line" "$dir/obj/.config" || echo "$line" ;;
		esac
	done)
[ -z "$missing" ] || die "options of $fragment not in the final .config: $(echo "$missing" | tr '\n' ' ')"

k -j"$jobs" bzImage modules >"$dir/build.log" 2>&1 ||
	{ tail -n 40 "$dir/build.log" >&2; die "kernel build failed (log: $dir/build.log)"; }
rm -rf "$dir/mods"
k -s INSTALL_MOD_PATH="$dir/mods" modules_install >>"$dir/build.log" 2>&1 ||
	{ tail -n 20 "$dir/build.log" >&2; die "modules_install failed"; }
krel=$(k -s kernelrelease)
[ -d "$dir/mods/lib/modules/$krel" ] || die "no modules for $krel in $dir/mods"
# Links back into the cache: not needed, and they would loop.
rm -f "$dir/mods/lib/modules/$krel/build" "$dir/mods/lib/modules/$krel/source"

cat >"$dir/env" <<X
DEBUG_KREL=$krel
DEBUG_KSRC=$dir/src
DEBUG_KDIR=$dir/obj
DEBUG_KERNEL=$dir/obj/arch/x86/boot/bzImage
DEBUG_MODROOT=$dir/mods
X
echo "$key" >"$dir/stamp"
say "built $krel in $(($(date +%s) - start)) s on $jobs jobs"
cat "$dir/env"
