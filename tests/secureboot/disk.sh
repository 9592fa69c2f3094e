# SPDX-License-Identifier: GPL-2.0
#
# The Secure Boot VM's disk and firmware (sourced by run.sh, bash).
#
# make_disk TREE IMG KVER APPEND: a GPT image file made without a loop
# mount: partition 1 an EFI system partition (FAT, mkfs.vfat at an offset,
# files copied in with mtools) holding Debian's signed shim as the removable
# media path EFI/BOOT/BOOTX64.EFI, MokManager (mmx64.efi) and the signed
# grub next to it, and a grub.cfg that boots KVER from partition 2, the root
# filesystem (mkfs.ext4 -d TREE at the partition's offset).  The firmware
# finds shim by itself (no boot entry needed), shim checks grub against
# Microsoft's CA, grub has shim check the kernel against Debian's.
#
# boot_vm NAME IMG VARS [CONSOLE] (in a subshell: it ends in exec): q35 with SMM and OVMF's Secure Boot
# code, VARS the VM's own copy of the variable store (MokList lives there),
# TCG; the console (first serial port) on $WORK/NAME.console.log or the
# QEMU chardev CONSOLE, the second serial port (results) on
# $WORK/NAME.results.

OVMF_CODE=${SB_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.secboot.fd}
OVMF_VARS=${SB_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.ms.fd}
ESP_MB=64
ROOT_LABEL=sbroot

grub_cfg() {
	local kver=$1 append=$2

	cat <<-EOF
	set timeout=0
	set default=0
	search --no-floppy --label --set=root $ROOT_LABEL
	menuentry "Debian GNU/Linux, $kver" {
		linux /boot/vmlinuz-$kver root=/dev/vda2 ro console=ttyS0 $append
		initrd /boot/initrd.img-$kver
	}
	EOF
}

make_disk() {
	local tree=$1 img=$2 kver=$3 append=$4
	local root_mb esp_off root_off total cfg rc
	local mt=$tree/usr/lib/shim gr=$tree/usr/lib/grub/x86_64-efi-signed

	for f in "$mt/shimx64.efi.signed" "$mt/mmx64.efi.signed" \
		"$gr/grubx64.efi.signed" "$tree/boot/vmlinuz-$kver" \
		"$tree/boot/initrd.img-$kver"; do
		[ -r "$f" ] || { echo "make_disk: no $f" >&2; return 1; }
	done
	root_mb=$(du -sm "$tree" | cut -f 1)
	root_mb=$((root_mb + root_mb / 4 + 512))
	esp_off=1
	root_off=$((esp_off + ESP_MB))
	total=$((root_off + root_mb + 1))
	rm -f "$img"
	truncate -s "${total}M" "$img" || return
	sfdisk -q "$img" <<-EOF || return
	label: gpt
	start=$((esp_off * 2048)), size=$((ESP_MB * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=esp
	start=$((root_off * 2048)), size=$((root_mb * 2048)), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=root
	EOF
	mkfs.vfat -F 16 -n ESP --offset=$((esp_off * 2048)) "$img" $((ESP_MB * 1024)) >/dev/null 2>&1 ||
		return
	cfg=$(mktemp)
	grub_cfg "$kver" "$append" >"$cfg"
	export MTOOLS_SKIP_CHECK=1
	mmd -i "$img@@${esp_off}M" ::/EFI ::/EFI/BOOT ::/EFI/debian &&
	mcopy -i "$img@@${esp_off}M" "$mt/shimx64.efi.signed" ::/EFI/BOOT/BOOTX64.EFI &&
	mcopy -i "$img@@${esp_off}M" "$mt/mmx64.efi.signed" ::/EFI/BOOT/mmx64.efi &&
	mcopy -i "$img@@${esp_off}M" "$gr/grubx64.efi.signed" ::/EFI/BOOT/grubx64.efi &&
	mcopy -i "$img@@${esp_off}M" "$cfg" ::/EFI/debian/grub.cfg &&
	mcopy -i "$img@@${esp_off}M" "$cfg" ::/EFI/BOOT/grub.cfg
	rc=$?
	rm -f "$cfg"
	[ "$rc" = 0 ] || return $rc
	mkfs.ext4 -q -F -L "$ROOT_LABEL" -E offset=$((root_off * 1024 * 1024)) \
		-d "$tree" "$img" "${root_mb}M"
}

# new_vars FILE: a fresh copy of the variable store with Microsoft's keys
# enrolled and Secure Boot on.
new_vars() {
	cp "$OVMF_VARS" "$1"
}

boot_vm() {
	local name=$1 img=$2 vars=$3 console=${4:-file:$WORK/$1.console.log}

	rm -f "$WORK/$name.console.log"
	: >"$WORK/$name.results"
	# exec: started in the background, $! is timeout's, which passes a
	# kill on to QEMU.
	exec timeout -k 10 "${VM_TIMEOUT:-1200}" qemu-system-x86_64 \
		-machine q35,smm=on -accel "tcg,thread=${VM_TCG_THREAD:-single}" \
		-global driver=cfi.pflash01,property=secure,value=on \
		-global ICH9-LPC.disable_s3=1 \
		-drive "if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE" \
		-drive "if=pflash,format=raw,unit=1,file=$vars" \
		-cpu max -m 1024 -smp 2 \
		-nodefaults -no-user-config -display none -no-reboot \
		-drive "file=$img,format=raw,if=virtio" \
		-serial "$console" -serial "file:$WORK/$name.results" </dev/null
}
