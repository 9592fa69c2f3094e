#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# ExecStart of ootb-testnet.service: the two-namespace topology of the VM
# tests (tests/vm/lib.sh), on the systemd test host.
#
# Unlike the busybox image, this host runs udev, which gives a new veth
# device its own MAC address (MACAddressPolicy=persistent) some time after
# it appears.  If that happens after the neighbours learnt the first one,
# frames go to a MAC that is no longer there and IP drops them (as
# PACKET_OTHERHOST) after tcpdump saw them.  So wait for udev, then forget
# what the neighbours learnt and check the path again.
T_DIR=/run/ootb-test/t
T_LIB=/usr/local/lib/ootb-test	# lib.sh's check.sh is there
. "$T_LIB/lib.sh"
topo_up 3>/dev/null || exit
udevadm settle --timeout=60
ip neigh flush dev "$HOST_IF"
in_peer ip neigh flush dev "$PEER_IF"
echo "host $HOST_IF $(cat /sys/class/net/$HOST_IF/address), peer $PEER_IF $(in_peer cat /sys/class/net/$PEER_IF/address)"
wait_until 10 ping -c 1 -W 1 "$PEER4" || { echo "no IPv4 path to $PEER4"; exit 1; }
wait_until 10 in_peer ping -c 1 -W 1 "$HOST4" || { echo "no IPv4 path to $HOST4"; exit 1; }
