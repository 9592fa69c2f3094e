#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build, on the host, the peers' SCTP test suites that the VM runs on the
# stock and on the patched sctp.ko (tests/vm/peer.sh):
#
#   tests/peer/build.sh KVER OUT        (make peer: OUT=build/peer, or
#                                        build/RELEASE/peer for a kernel of
#                                        another Debian release)
#
#   OUT/lksctp/          lksctp-tools' functional tests (src/func_tests),
#                        from the source tests/peer/fetch-lksctp.sh fetched
#                        into PEER_SRC (default OUT/src): the programs,
#                        v4test.list and v6test.list (the order of
#                        upstream's `make v4test` / `make v6test`); without
#                        that source, only NOT-RUN, the reason why: the VM
#                        then reports both suites as not run (never passed)
#   OUT/kselftest-X.Y/   the kernel's SCTP selftests from Debian's
#                        linux-source-X.Y of KVER's series (PEER_TAR,
#                        default /usr/src/linux-source-X.Y.tar.xz; that of
#                        KVER's release: Debian 12 and 13 both have a 6.12),
#                        those it has: sctp_vrf.sh + lib.sh + sctp_hello
#                        (6.12, not 6.1), ip_local_port_range (6.3 and
#                        later); SUITES lists them (maybe none)
#
# Quick when nothing changed.  Never part of the repository.
set -eu

kver=${1:?usage: build.sh KVER OUT}
out=${2:?usage: build.sh KVER OUT}
mkdir -p "$out"
out=$(cd "$out" && pwd)
xy=$(echo "$kver" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
cc=${CC:-cc}

say() { echo "peer: $*" >&2; }
die() { say "$*"; exit 1; }

# ---- lksctp-tools' func_tests -------------------------------------------------

srcdir=${PEER_SRC:-$out/src}
src=$srcdir/lksctp-tools
dst=$out/lksctp
if ! ver=$(cat "$srcdir/lksctp-tools.version" 2>/dev/null) || [ ! -d "$src" ]; then
	why=$(cat "$srcdir/lksctp-tools.missing" 2>/dev/null) ||
		why="no lksctp-tools source in $srcdir (tests/peer/fetch-lksctp.sh)"
	rm -rf "$dst"
	mkdir -p "$dst"
	echo "$why" >"$dst/NOT-RUN"
	say "lksctp-tools func_tests: NOT RUN: $why"
elif [ "$(cat "$dst/version" 2>/dev/null)" != "$ver" ]; then
	say "building lksctp-tools $ver func_tests"
	rm -rf "$out/lksctp-build" "$dst"
	cp -r "$src" "$out/lksctp-build"
	(
		cd "$out/lksctp-build"
		./bootstrap
		# Static libsctp: the programs need nothing but libc in the VM.
		./configure --disable-shared --enable-static
		make -j"$(nproc)"
	) >"$out/lksctp-build.log" 2>&1 ||
		{ tail -n 30 "$out/lksctp-build.log" >&2; die "lksctp-tools build failed (log: $out/lksctp-build.log)"; }
	mkdir -p "$dst"
	printf 'print-%%:\n\t@echo $($*)\n' >"$out/print.mk"
	for l in v4test:PASSING_KERN_TESTS v6test:PASSING_V6_KERN_TESTS; do
		make -s -C "$out/lksctp-build/src/func_tests" -f Makefile \
			-f "$out/print.mk" "print-${l#*:}" | tr ' ' '\n' | sed '/^$/d' \
			>"$dst/${l%%:*}.list"
	done
	for t in $(cat "$dst/v4test.list" "$dst/v6test.list"); do
		cp "$out/lksctp-build/src/func_tests/$t" "$dst/" ||
			die "func_tests: no program $t"
	done
	echo "$ver" >"$dst/version"
	rm -rf "$out/lksctp-build" "$out/print.mk"
fi
[ -f "$dst/NOT-RUN" ] ||
	say "lksctp-tools $ver func_tests: $(wc -l <"$dst/v4test.list") v4test + $(wc -l <"$dst/v6test.list") v6test programs in $dst"

# ---- the kernel's own selftests -------------------------------------------------

tarball=${PEER_TAR:-/usr/src/linux-source-$xy.tar.xz}
[ -f "$tarball" ] || die "no $tarball: run 'make deps KVER=$kver'"
dst=$out/kselftest-$xy
key="$(stat -c '%n %s %Y' "$tarball") $(sha256sum <"$0")"
if [ "$(cat "$dst/key" 2>/dev/null)" != "$key" ]; then
	say "extracting the SCTP selftests of $tarball"
	rm -rf "$dst" "$out/kselftest-src"
	mkdir -p "$dst" "$out/kselftest-src"
	# Members a series does not have are simply not there.
	tar -xJf "$tarball" -C "$out/kselftest-src" --strip-components=1 --wildcards \
		'*/tools/testing/selftests/kselftest.h' \
		'*/tools/testing/selftests/kselftest_harness.h' \
		'*/tools/testing/selftests/net/lib.sh' \
		'*/tools/testing/selftests/net/sctp_*' \
		'*/tools/testing/selftests/net/ip_local_port_range*' 2>/dev/null || true
	st=$out/kselftest-src/tools/testing/selftests
	suites=
	if [ -f "$st/net/sctp_vrf.sh" ] && [ -f "$st/net/sctp_hello.c" ]; then
		$cc -O2 -Wall -o "$dst/sctp_hello" "$st/net/sctp_hello.c" ||
			die "sctp_hello.c does not build"
		cp "$st/net/sctp_vrf.sh" "$st/net/lib.sh" "$dst/"
		suites="$suites sctp_vrf"
	fi
	if [ -f "$st/net/ip_local_port_range.c" ]; then
		$cc -O2 -Wall -D_GNU_SOURCE -I"$st" -o "$dst/ip_local_port_range" \
			"$st/net/ip_local_port_range.c" ||
			die "ip_local_port_range.c does not build"
		cp "$st/net/ip_local_port_range.sh" "$dst/"
		suites="$suites ip_local_port_range"
	fi
	echo "${suites# }" >"$dst/SUITES"
	rm -rf "$out/kselftest-src"
	echo "$key" >"$dst/key"
fi
say "kernel selftests of $tarball: $(cat "$dst/SUITES" | sed 's/^$/none with SCTP cases/') in $dst"
