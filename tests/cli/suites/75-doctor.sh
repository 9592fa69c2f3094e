# SPDX-License-Identifier: GPL-2.0
#
# doctor, each of its inputs faked (sysfs, procfs, the config directory,
# /lib/modules, modinfo, dkms), finding by finding; its JSON against the
# schema.

fake_start || return 0
doctor_env
sc flush
sc add-range 5000-5100
sc add-range 5050 policy abort
sc save >"$d/etc/ranges.conf"

expect doctor-clean 0 '' doctor-clean.txt doctor
expect doctor-clean-json 0 '' doctor-clean.json -j doctor
sc -j doctor >"$tmp/doctor-sample.json" 2>/dev/null
json_schema doctor "$tmp/doctor-sample.json"

# sctp-loaded, sctp-installed
rm "$d/sys/module/sctp/version"
finding doctor-stock-loaded 1 FAIL sctp-loaded \
	'the stock sctp.ko is loaded (no version): it answers every out-of-the-blue packet'
has doctor-stock-loaded-fix 1 \
	'     fix: reboot: a loaded sctp.ko cannot be unloaded, and the patched one is installed for this kernel' doctor
: >"$d/modinfo-version"
finding doctor-stock-installed 1 FAIL sctp-installed \
	'modprobe sctp would load the stock module for 6.1.0-57-amd64: /lib/modules/6.1.0-57-amd64/updates/dkms/sctp.ko'
has doctor-stock-loaded-fix-install 1 \
	'     fix: install the patched module (apt install sctp-ootb-dkms, or make install), then reboot: a loaded sctp.ko cannot be unloaded' doctor
echo ootb.3 >"$d/modinfo-version"
echo ootb.3 >"$d/sys/module/sctp/version"
SCTPCTL_KVER=9.9.9
finding doctor-no-module-for-kernel 1 FAIL \
	sctp-installed 'modprobe sctp finds no sctp.ko for 9.9.9'
SCTPCTL_KVER=6.1.0-57-amd64
SCTPCTL_MODINFO=$d/bin/none
finding doctor-no-modinfo 0 skip \
	sctp-installed 'cannot run modinfo (kmod): No such file or directory'
SCTPCTL_MODINFO=$d/bin/modinfo
finding doctor-installed-ok 0 ok sctp-installed \
	'modprobe sctp loads the patched module for 6.1.0-57-amd64: /lib/modules/6.1.0-57-amd64/updates/dkms/sctp.ko (version ootb.3)'

# dkms
finding doctor-dkms-ok 0 ok dkms 'sctp-ootb is installed for 6.12.117+deb12-amd64'
printf 'sctp-ootb/1.0, 6.1.0-57-amd64, x86_64: installed\nsctp-ootb/1.0, 6.12.117+deb12-amd64, x86_64: built\n' \
	>"$d/dkms-status"
finding doctor-dkms-built 1 FAIL dkms \
	'sctp-ootb is built for 6.12.117+deb12-amd64, not installed'
printf 'sctp-ootb/1.0, 6.1.0-57-amd64, x86_64: installed\n' >"$d/dkms-status"
finding doctor-dkms-missing-kernel 1 FAIL dkms \
	'sctp-ootb is not built for 6.12.117+deb12-amd64: that kernel would load the stock sctp.ko'
has doctor-dkms-missing-kernel-fix 1 \
	'     fix: apt install linux-headers-6.12.117+deb12-amd64 linux-source-6.12, then dkms autoinstall -k 6.12.117+deb12-amd64 (the log is under /var/lib/dkms/sctp-ootb)' doctor
: >"$d/dkms-status"
finding doctor-dkms-not-used 0 skip dkms 'sctp-ootb is not a DKMS module on this host'
SCTPCTL_DKMS=$d/bin/none
finding doctor-no-dkms 0 skip dkms 'dkms is not installed: not checked'
SCTPCTL_DKMS=$d/bin/dkms
printf 'sctp-ootb/1.0, 6.1.0-57-amd64, x86_64: installed\nsctp-ootb/1.0, 6.12.117+deb12-amd64, x86_64: installed\n' \
	>"$d/dkms-status"

# Secure Boot: nothing said while the kernel loads unsigned modules
# (every finding above); with it, the state, the module's signer
# against the kernel's keys, and dkms's key in MokList.
sb=$d/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c
mkdir -p "${sb%/*}" "$d/sys/kernel/security"
printf '\006\000\000\000\000' >"$sb"
echo '[none] integrity confidentiality' >"$d/sys/kernel/security/lockdown"
echo 'DKMS module signing key' >"$d/modinfo-signer"
printf '#!/bin/sh\ncat %s/mokutil-out\n' "$d" >"$d/bin/mokutil"
chmod +x "$d/bin/mokutil"
echo '/var/lib/dkms/mok.pub is not enrolled' >"$d/mokutil-out"
echo '2a5771c4 I------     1 perm 1f010000     0     0 asymmetri Debian Secure Boot CA: 6ccece7e4c6c0d1f6149f3dd27dfcc5cbb419ea1: X509.rsa bb419ea1 []' >"$d/keys"
export SCTPCTL_MOKUTIL=$d/bin/mokutil SCTPCTL_KEYS=$d/keys
expect doctor-sb-off 0 '' doctor-clean.txt doctor
printf '\006\000\000\000\001' >"$sb"
echo 'none [integrity] confidentiality' >"$d/sys/kernel/security/lockdown"
finding doctor-sb-state 1 ok secure-boot \
	'UEFI Secure Boot is on, the kernel is locked down (integrity): this kernel loads only modules signed by a key it trusts'
finding doctor-sb-untrusted 1 FAIL module-signature \
	'the patched sctp.ko for 6.1.0-57-amd64 is signed by "DKMS module signing key", a key this kernel does not trust'
finding doctor-sb-not-enrolled 1 FAIL module-key \
	"dkms's key /var/lib/dkms/mok.pub is not enrolled in MokList"
has doctor-sb-fix 1 \
	"     fix: enrol dkms's key once: mokutil --import /var/lib/dkms/mok.pub (a one-time password), reboot, and in MokManager choose Enroll MOK, Continue, Yes, type the password, Reboot" doctor
has doctor-sb-json 1 '      "check": "module-key",' -j -p doctor
echo '/var/lib/dkms/mok.pub is already in the enrollment request' >"$d/mokutil-out"
finding doctor-sb-pending 1 FAIL module-key \
	"dkms's key /var/lib/dkms/mok.pub waits for its enrolment in MokManager at the next boot"
echo '/var/lib/dkms/mok.pub is already enrolled' >"$d/mokutil-out"
echo '1d2f3a4b I------     1 perm 1f010000     0     0 asymmetri DKMS module signing key: 86c2bf1cc4d6f1388f01b03b4ae00a1ae77ce9de: X509.rsa e77ce9de []' >>"$d/keys"
finding doctor-sb-trusted 0 ok module-signature \
	'the patched sctp.ko for 6.1.0-57-amd64 is signed by "DKMS module signing key", a key this kernel holds'
finding doctor-sb-enrolled 0 ok module-key \
	"dkms's key /var/lib/dkms/mok.pub is enrolled in MokList"
rm -f "$d/modinfo-signer"
finding doctor-sb-unsigned 1 FAIL module-signature \
	'the patched sctp.ko for 6.1.0-57-amd64 (/lib/modules/6.1.0-57-amd64/updates/dkms/sctp.ko) is not signed: this kernel refuses it'
rm -rf "$d/sys/firmware" "$d/sys/kernel/security"
unset SCTPCTL_MOKUTIL SCTPCTL_KEYS

# companion
rm -r "$d/sys/module/sctp_ootb"
finding doctor-companion-not-loaded 1 FAIL companion \
	'sctp_ootb is not loaded: no range is in force'
# Not loaded per sysfs: the module is not asked (asking would load it).
finding doctor-never-loads 1 FAIL config \
	"$d/etc/ranges.conf is not applied: the table cannot be read (sctp_ootb is not loaded)"
finding doctor-config-ranges-fallback 1 FAIL aborts \
	'nothing silences the discard ranges of the config: the kernel handled 37 out-of-the-blue packets in this namespace (SctpOutOfBlues)'
mkdir "$d/sys/module/sctp_ootb"
finding doctor-companion-ok 0 ok companion \
	'sctp_ootb is loaded and hooked (family version 3)'

# config
finding doctor-config-applied 0 ok config "the table matches $d/etc/ranges.conf (2 ranges)"
sc add-range 7000-7010 policy count
sc replace-range 5050 policy count
finding doctor-config-drift 1 FAIL config \
	"$d/etc/ranges.conf is not applied: 5050-5050 abort in the file, 5050-5050 count in the table; 7000-7010 count is in the table, not in the file"
has doctor-config-drift-fix 1 \
	"     fix: sctpctl restore $d/etc/ranges.conf (or systemctl reload sctp-ootb)" doctor
sc restore "$d/etc/ranges.conf"
lines "$d/bad.conf" 'add-range 5000-5100' 'add-range 5050-5200'
finding doctor-config-bad-line 1 FAIL config \
	"$d/bad.conf:2: range 5050-5200 overlaps 5000-5100 (line 1)" \
	doctor --config "$d/bad.conf"
: >"$d/empty.conf"
finding doctor-config-empty 1 FAIL config \
	"$d/empty.conf: nothing to restore" doctor --config "$d/empty.conf"
finding doctor-config-explicit-missing 1 FAIL config \
	"cannot open \"$d/none.conf\"" doctor --config "$d/none.conf"
mv "$d/etc/ranges.conf" "$d/etc/ranges.conf.off"
finding doctor-config-none 0 skip config \
	"no config file $d/etc/ranges.conf: the table is not managed by one"
mv "$d/etc/ranges.conf.off" "$d/etc/ranges.conf"
lines "$d/reserve.conf" 'add-range 5000-5100 reserve' 'add-range 5050 policy abort'
finding doctor-config-reserve-drift 1 FAIL config \
	'5000-5100 discard reserve in the file, 5000-5100 discard in the table' \
	doctor --config "$d/reserve.conf"

# listeners
printf '%s\n' \
	' ENDPT     SOCK   STY SST HBKT LPORT   UID INODE LADDRS' \
	'       0        0 2   10  4    5050      0 1111 10.0.0.1' \
	'       0        0 2   10  4    7001      0 2222 10.0.0.1' \
	>"$d/proc/net/sctp/eps"
finding doctor-listener-abort-ok 0 ok listeners \
	'no kernel SCTP socket listens in a discard range'
printf '       0        0 2   10  4    5001    100 3333 10.0.0.1\n' \
	>>"$d/proc/net/sctp/eps"
finding doctor-listener-in-discard 1 FAIL listeners \
	'a kernel SCTP socket listens in a discard range, so its endpoint answers that port'"'"'s out-of-the-blue packets itself (ABORT): port 5001 (uid 100, socket inode 3333) in 5000-5100'
rm "$d/proc/net/sctp/eps"
finding doctor-listener-no-sctp 0 ok listeners 'no kernel SCTP socket'

# ephemeral
printf '5040\t5060\n' >"$d/proc/sys/net/ipv4/ip_local_port_range"
finding doctor-ephemeral-overlap 1 FAIL ephemeral \
	'20 ports of the ephemeral range 5040-5060 (net.ipv4.ip_local_port_range) are in discard ranges and not reserved: 5040-5049, 5051-5060'
printf '5040-5049,5051-5055,5056,5057-5060\n' \
	>"$d/proc/sys/net/ipv4/ip_local_reserved_ports"
finding doctor-ephemeral-reserved 0 ok ephemeral \
	'no ephemeral port (5040-5060) is in a discard range, or each is reserved'
printf '32768\t60999\n' >"$d/proc/sys/net/ipv4/ip_local_port_range"

# aborts
finding doctor-aborts-hooked 0 ok aborts \
	'the hook is active: out-of-the-blue packets to the discard ranges are dropped (100 so far)'
fake_start -H 0 || return 0
sc restore "$d/etc/ranges.conf"
finding doctor-aborts-unhooked 1 FAIL aborts \
	'nothing silences the discard ranges of the table: the kernel handled 37 out-of-the-blue packets in this namespace (SctpOutOfBlues)'
finding doctor-companion-unhooked 1 FAIL companion \
	'sctp_ootb is loaded but not hooked into sctp.ko'
fake_start || return 0
sc restore "$d/etc/ranges.conf"
lines "$d/count.conf" 'add-range 5000-5100 policy count'
sc restore "$d/count.conf"
finding doctor-aborts-no-discard 1 ok aborts 'no discard range in the table'
sc restore "$d/etc/ranges.conf"

# namespaces: -n NAME reads netns/NAME.conf; -a checks each one: blue
# with a config file, red with none and a discard range that saw nothing.
netns_blue_red() {
	ns_fake blue -z && ns_fake red &&
	SCTPCTL_NETNS_DIR=$tmp/netns SCTPCTL_FAKE_PORTDIR=$tmp/ports \
		sc -n red add-range 7000 reserve
}
if step doctor-netns-setup netns_blue_red; then
	export SCTPCTL_NETNS_DIR=$tmp/netns SCTPCTL_FAKE_PORTDIR=$tmp/ports
	sc -n blue add-range 6000-6010
	lines "$d/etc/netns/blue.conf" 'add-range 6000-6010 policy discard'
	finding doctor-netns-config 0 ok config \
		"the table matches $d/etc/netns/blue.conf (1 range)" -n blue doctor
	sc -n blue add-range 6100
	has doctor-netns-config-fix 1 \
		"     fix: sctpctl -n blue restore $d/etc/netns/blue.conf (or systemctl reload sctp-ootb@blue)" \
		-n blue doctor
	expect doctor-all-netns 1 '' doctor-all.txt -a doctor
fi
