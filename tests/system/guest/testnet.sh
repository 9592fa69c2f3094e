#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ExecStart of ootb-testnet.service: the two-namespace topology of the VM
# tests (tests/vm/lib.sh), on the systemd test host.
T_DIR=/run/ootb-test/t
. /usr/local/lib/ootb-test/lib.sh
topo_up 3>/dev/null
