# SPDX-License-Identifier: GPL-2.0
#
# The JSON of the golden files against sctpctl's schema (monitor's and
# doctor's own output is checked by their suites): json-schema-NAME, NAME
# naming the schema's definition (schema.py).

json_schema list "$golden/list.json" list-pretty "$golden/list-pretty.json" \
	empty "$golden/empty.json" stats "$golden/stats.json" \
	status-ready "$golden/status-ready.json" \
	status-stock "$golden/status-stock.json" get "$golden/get.json" \
	get-none "$golden/get-none.json" all-list "$golden/all-list.json" \
	all-stats "$golden/all-stats.json" \
	doctor-clean "$golden/doctor-clean.json"
