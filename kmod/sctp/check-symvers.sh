#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Do the symbols our sctp.ko exports carry the CRCs of the stock module's?
#
#   kmod/sctp/check-symvers.sh KDIR/Module.symvers BUILT/Module.symvers
#
# Any module built against the distribution's sctp.ko (sctp_diag, a
# vendor's module...) records these CRCs and is refused by a sctp.ko whose
# CRCs differ ("disagrees about version of symbol").  The headers' own
# Module.symvers lists the stock exports of net/sctp/sctp; every one of
# them must be exported by our build with the same CRC.  Exports that are
# only ours (the hook's API) are allowed.  Exit 0 when they all agree, 1
# otherwise, one "symvers: ..." line per problem on stderr.
set -eu

die() { echo "symvers: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: $0 STOCK_MODULE.SYMVERS BUILT_MODULE.SYMVERS"
stock=$1 built=$2
[ -r "$stock" ] || die "no $stock: cannot compare with the stock sctp.ko's exports"
[ -r "$built" ] || die "no $built: was sctp.ko built?"

# Module.symvers: CRC <tab> symbol <tab> module path <tab> export type ...
awk -F '\t' -v stock="$stock" -v built="$built" '
	FILENAME == stock && $3 == "net/sctp/sctp" { want[$2] = $1; nwant++ }
	FILENAME == built && $3 ~ /(^|\/)sctp$/ { have[$2] = $1 }
	END {
		if (!nwant) {
			printf "symvers: %s lists no export of net/sctp/sctp: cannot check\n", stock > "/dev/stderr"
			exit 1
		}
		bad = 0
		for (s in want) {
			if (!(s in have)) {
				printf "symvers: %s: exported by the stock sctp.ko, not by ours\n", s > "/dev/stderr"
				bad++
			} else if (have[s] != want[s]) {
				printf "symvers: %s: CRC %s, the stock sctp.ko has %s: modules built against it would not load\n", s, have[s], want[s] > "/dev/stderr"
				bad++
			}
		}
		extra = ""
		for (s in have)
			if (!(s in want))
				extra = extra " " s
		if (bad)
			exit 1
		printf "symvers: the %d exports of the stock sctp.ko have the same CRCs in ours%s\n", nwant, extra ? "; ours only:" extra : ""
	}' "$stock" "$built"
