# SPDX-License-Identifier: GPL-2.0
#
# The JSON of the golden files against sctpctl's schema (monitor's and
# doctor's own output is checked by their suites).

set --
for g in list.json list-pretty.json empty.json stats.json \
	status-ready.json status-stock.json get.json get-none.json \
	all-list.json all-stats.json doctor-clean.json; do
	set -- "$@" "${g%.json}" "$golden/$g"
done
json_schema "$@"
