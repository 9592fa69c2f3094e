# SPDX-License-Identifier: GPL-2.0
#
# sctp-ootb: a patched sctp.ko with an out-of-the-blue hook, the sctp_ootb
# companion module, and sctpctl.  See README.md.
#
#   make deps        install the Debian packages (apt-get) for KVER; the
#                    targets below run it once, then only when its package
#                    list or KVER changes (a stamp in build/stamps/)
#   make             build sctp.ko + sctp_diag.ko (patched), sctp_ootb.ko, sctpctl
#   make check       make deps, check-host, then check-vm: the README's test
#                    command
#   make check-host  the host tests: unit (the range table, its counter, the
#                    spec), cli (sctpctl against fake_ootb), packaging
#   make check-vm    the QEMU suite on KVER (tests/vm/run.sh and its VM_* knobs)
#   make check-system  the packages on a Debian systemd VM: install on 12, kernel
#                      upgrade, upgrade to 13, backports kernel, purge
#   make check-debug make deps, then the QEMU suite on a KASAN/lockdep/kmemleak
#                    kernel built from Debian's linux-source (tests/debug/)
#   make ci          .ci/run: the lanes as CI runs them, on this tree
#   make list-checks the inventory of checks, read from the suites themselves
#   make break       runs with a fault put back, to show the checks fail
#                    (tests/break.sh; not part of check)
#   make demo        make deps, then boot QEMU: the stock failure, then the fix
#   make bench       make deps, the range table on the host, then usrsctp and kernel
#                    SCTP throughput, OOTB and control-plane costs in QEMU, as ratios
#   make install     install the modules under /lib/modules/KVER/updates + sctpctl
#   make deb         the Debian packages sctp-ootb-dkms and sctpctl, in build/deb/
#   make check-secureboot  the packages on a Debian 13 UEFI Secure Boot VM:
#                    the stock sctp.ko while dkms's key is not enrolled, ours after
#   make unit, make vmcheck  the former names of check-host and check-vm
#
# KVER=  kernel release (default: see scripts/kver.sh; the matrix:
#        scripts/kernels.sh, docs/kernels.md)
# KDIR=  kbuild tree (default: /lib/modules/KVER/build, else /usr/src/linux-headers-KVER)
# KSRC=  a kernel source tree to take net/sctp from (default: Debian's linux-source-X.Y)
# YNL_TAR=  the kernel source tarball the netlink spec tools come from
#        (tools/net/ynl, the spec schemas; default Debian's linux-source-6.12
#        of KVER's release: Debian 12 and 13 each have one; 6.12's
#        ynl-gen-c.py is the one kmod/ootb/sctp_ootb.gen records)
#
# A kernel of another Debian release than this machine's (Debian 13's on
# Debian 12) is built for in a cached root of its release (scripts/root.sh,
# filled by make deps): the modules are compiled there, with the tree bound
# in, and the VM boots that root's kernel and modules; the userspace in the
# VM stays this machine's.

TOP      := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# Chosen once: kver.sh's answer can change while make runs (make deps).
ifeq ($(origin KVER),undefined)
KVER     := $(shell $(TOP)/scripts/kver.sh)
endif
ifeq ($(KVER),)
$(error cannot choose a kernel release; pass KVER=)
endif
KDIR     ?= $(firstword $(wildcard /lib/modules/$(KVER)/build) /usr/src/linux-headers-$(KVER))
KSRC     ?=
# KVER's Debian release, and the root of it when it is not this machine's.
KREL     := $(shell $(TOP)/scripts/kver.sh --release $(KVER))
ifneq ($(KREL),$(shell $(TOP)/scripts/kver.sh --release))
KROOT    := $(shell $(TOP)/scripts/root.sh path $(KREL))
endif
KXY      := $(shell echo $(KVER) | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
YNL_TAR  ?= $(KROOT)/usr/src/linux-source-6.12.tar.xz
BUILD    := $(TOP)/build
YNL      := $(BUILD)/ynl
# The peers' suites built for KVER (VM_BUILD of tests/vm/run.sh).
PEER_DIR := $(if $(KROOT),$(BUILD)/$(KREL),$(BUILD))
VM_ENV   := $(if $(KROOT),VM_KERNEL=$(KROOT)/boot/vmlinuz-$(KVER) VM_MODROOT=$(KROOT)) \
	VM_BUILD=$(PEER_DIR)
OUT      := $(BUILD)/$(KVER)
BIN      := $(BUILD)/bin
INC      := $(TOP)/include
DESTDIR  ?=
PREFIX   ?= /usr/local

KMAKE     = $(MAKE) -C $(KDIR) OOTB_INCLUDE=$(INC)
CC       ?= cc
CFLAGS   ?= -O2 -g -Wall -Wextra

.PHONY: all kver kdir-check deps deps-bench modules sctp ootb testmod tools \
	progs lib ynl peer check check-host check-vm check-system check-debug \
	check-secureboot unit vmcheck ci list-checks break demo install deb \
	clean bench bench-global

all: kver modules tools progs lib

# libsctpootb and its preload library in build/lib, its test programs in
# build/bin (tools/libsctpootb/Makefile).
lib:
	@$(MAKE) -s -C $(TOP)/tools/libsctpootb O=$(BUILD)/lib BIN=$(BIN) all progs
ifneq ($(KROOT),)
	@# The VM takes the libraries from where its release's suites are built.
	@rm -rf $(PEER_DIR)/lib && mkdir -p $(PEER_DIR) && cp -a $(BUILD)/lib $(PEER_DIR)/lib
endif

kver:
	@echo "KVER=$(KVER) (KDIR=$(KROOT)$(KDIR), Debian $(KREL))"

kdir-check:
	@test -f $(KDIR)/Makefile || { echo "no kbuild tree at $(KDIR): run 'make deps KVER=$(KVER)' or pass KDIR=" >&2; exit 1; }

# The package list is scripts/deps.sh (with what it sources and the root
# of another release it fills): a stamp keyed on them and KVER says it was
# installed, so that the lanes run it once, and again only when it changes.
# `make deps` always runs it.
DEPS_KEY := $(shell cat $(TOP)/scripts/deps.sh $(TOP)/scripts/debian.sh \
	$(TOP)/scripts/root.sh $(TOP)/tests/peer/fetch-lksctp.sh \
	2>/dev/null | sha256sum | cut -c 1-16)
DEPS_STAMP := $(BUILD)/stamps/deps-$(KVER)-$(DEPS_KEY)

deps:
	@$(TOP)/scripts/deps.sh $(KVER)
	@mkdir -p $(BUILD)/stamps && touch $(DEPS_STAMP)

$(DEPS_STAMP):
	@$(TOP)/scripts/deps.sh $(KVER)
	@mkdir -p $(BUILD)/stamps && touch $@

ifneq ($(KROOT),)
# In KVER's release's root, with this tree bound in at its own path.
modules sctp ootb testmod bench-global:
	@test -d $(KROOT) || { echo "no Debian $(KREL) root for $(KVER): run 'make deps KVER=$(KVER)'" >&2; exit 1; }
	+@$(TOP)/scripts/root.sh run $(KREL) $(MAKE) --no-print-directory -C $(TOP) \
		KVER=$(KVER) $(if $(KSRC),KSRC=$(KSRC)) $@
else
modules: sctp ootb testmod

# The distribution's net/sctp + kmod/sctp/*.patch, built out of tree.
sctp: kdir-check
	@$(TOP)/kmod/sctp/prepare.sh $(KVER) $(OUT) $(KSRC)
	+$(KMAKE) M=$(OUT)/sctp KCFLAGS="$(KCFLAGS) -I$(INC)" modules
	@$(TOP)/kmod/sctp/check-symvers.sh $(KDIR)/Module.symvers $(OUT)/sctp/Module.symvers
	@modinfo -F version $(OUT)/sctp/sctp.ko | sed 's/^/sctp.ko version: /'

# Kbuild wants the sources in the output directory: one copy per kernel.
ootb: sctp
	@if [ -f $(TOP)/kmod/ootb/Kbuild ]; then \
		mkdir -p $(OUT)/ootb && cp -u $(TOP)/kmod/ootb/* $(OUT)/ootb/ && \
		$(KMAKE) M=$(OUT)/ootb KBUILD_EXTRA_SYMBOLS=$(OUT)/sctp/Module.symvers modules; \
	fi

testmod: sctp
	@if [ -f $(TOP)/tests/kmod/Kbuild ]; then \
		mkdir -p $(OUT)/testmod/ootb && cp -u $(TOP)/tests/kmod/* $(OUT)/testmod/ && \
		cp -u $(TOP)/kmod/ootb/*.[ch] $(OUT)/testmod/ootb/ && \
		$(KMAKE) M=$(OUT)/testmod KBUILD_EXTRA_SYMBOLS=$(OUT)/sctp/Module.symvers modules; \
	fi
endif

tools:
	@if [ -f $(TOP)/tools/sctpctl/Makefile ]; then \
		mkdir -p $(BIN) && $(MAKE) -C $(TOP)/tools/sctpctl O=$(BIN); \
	fi

# Each program is one .c file, with the shared netlink helper.
PROG_DEPS := $(wildcard $(TOP)/tests/prog/*.h) $(TOP)/tests/lib/nlm.c \
	$(TOP)/tests/lib/nlm.h $(TOP)/include/uapi/linux/sctp_ootb.h
PROGS := $(patsubst $(TOP)/tests/prog/%.c,$(BIN)/%,$(wildcard $(TOP)/tests/prog/*.c))

progs: $(PROGS)

$(BIN)/%: $(TOP)/tests/prog/%.c $(PROG_DEPS)
	@mkdir -p $(BIN)
	@echo "  CC      $*"
	@$(CC) $(CFLAGS) -o $@ $< $(TOP)/tests/lib/nlm.c -lusrsctp -lpthread

# The kernel's netlink spec tools (cli.py and its lib) and the spec
# schemas, taken from the kernel source at build time, never committed:
# the unit tests validate kmod/ootb/sctp_ootb.yaml with them, the VM
# drives the module with them (tests/vm/suites/patched/55-ynl.sh).
# $(YNL) is a link to the tree of KVER's release; SOURCE in it
# names the package it came from (tools/spec/gen.py records it).
ynl:
	@$(TOP)/scripts/ynl.sh $(YNL_TAR) $(BUILD)/ynl.d/$(KREL)-6.12 $(YNL) $(KROOT)

# The lanes.  check and demo install what they need first (the stamp makes
# that quick once done).
check: $(DEPS_STAMP) all check-host check-vm

check-host: ynl
	$(MAKE) -C $(TOP)/tests/unit O=$(BUILD)/unit YNL=$(YNL) run
	$(MAKE) -C $(TOP)/tests/cli O=$(BUILD)/cli check
	$(TOP)/tests/system/host.sh

check-vm: modules progs tools lib ynl peer
	KVER=$(KVER) OUT=$(OUT) BIN=$(BIN) $(VM_ENV) $(TOP)/tests/vm/run.sh

unit: check-host
vmcheck: check-vm

# .ci/run on this tree: every lane, as CI runs them (90 minutes, 2 cores).
ci:
	$(TOP)/.ci/run

# The inventory: lane, suite, check, sets; read from the suites.
list-checks:
	@$(TOP)/tests/list-checks.sh

# Runs with faults put back (tests/break.sh): the checks must fail.
break:
	KVER=$(KVER) $(TOP)/tests/break.sh $(BREAK)

# The peers' suites the VM runs on both boots: lksctp-tools' func_tests
# (source fetched from Debian's archive into build/peer/src; without it,
# those suites are reported as not run) and the kernel's SCTP selftests of
# KVER's release and series, built on the host into build/peer/ (for
# another release's kernel: build/RELEASE/peer/).
peer:
	@$(TOP)/tests/peer/fetch-lksctp.sh $(BUILD)/peer || \
		echo "peer: lksctp-tools' suites will not run: $$(cat $(BUILD)/peer/src/lksctp-tools.missing)" >&2
	@PEER_SRC=$(BUILD)/peer/src PEER_TAR=$(KROOT)/usr/src/linux-source-$(KXY).tar.xz \
		$(TOP)/tests/peer/build.sh $(KVER) $(PEER_DIR)/peer

# The same VM suite on a debug kernel (KASAN, lockdep, PROVE_RCU,
# DEBUG_ATOMIC_SLEEP, kmemleak) built from Debian's linux-source-$(DEBUG_SERIES)
# and cached outside the tree (tests/debug/build-kernel.sh); our modules are
# built against it, from its own net/sctp.
DEBUG_SERIES ?= 6.1
DEBUG_VM_MEM ?= 1536
DEBUG_VM_TIMEOUT ?= 5400
# KASAN, lockdep and kmemleak under TCG: smaller abuse loops, namespace,
# reload and claim churns, gentler floods (an unload takes seconds there).
# acpi=noirq: PCI interrupts routed from the BIOS table, not by ACPI's _PRT,
# whose AML loop runs past its 30 s limit on such a kernel when virtio-pci
# (the host filesystem of the ynl checks) loads, and stalls RCU meanwhile.
DEBUG_VM_APPEND ?= ootbtest.fuzz=20000 ootbtest.writers_ops=2500 ootbtest.flood_pps=50 \
	ootbtest.netns=400 ootbtest.reloads=40 ootbtest.claim_churn=1000 acpi=noirq
check-debug: ynl
	@$(TOP)/scripts/deps.sh $(KVER) linux-source-$(DEBUG_SERIES)
	@$(TOP)/tests/debug/build-kernel.sh $(DEBUG_SERIES) >$(BUILD)/debug-kernel.env.tmp
	@mv $(BUILD)/debug-kernel.env.tmp $(BUILD)/debug-kernel.env
	@. $(BUILD)/debug-kernel.env && \
	$(MAKE) --no-print-directory KVER=$$DEBUG_KREL KDIR=$$DEBUG_KDIR \
		KSRC=$$DEBUG_KSRC modules progs tools lib && \
	$(TOP)/tests/peer/build.sh $$DEBUG_KREL $(BUILD)/peer && \
	KVER=$$DEBUG_KREL OUT=$(BUILD)/$$DEBUG_KREL BIN=$(BIN) \
		VM_KERNEL=$$DEBUG_KERNEL VM_MODROOT=$$DEBUG_MODROOT \
		VM_MEM=$${VM_MEM:-$(DEBUG_VM_MEM)} VM_TIMEOUT=$${VM_TIMEOUT:-$(DEBUG_VM_TIMEOUT)} \
		VM_APPEND="$${VM_APPEND:-$(DEBUG_VM_APPEND)}" \
		$(TOP)/tests/vm/run.sh

demo: $(DEPS_STAMP) all
	KVER=$(KVER) OUT=$(OUT) BIN=$(BIN) $(VM_ENV) $(TOP)/tests/vm/run.sh --demo

install: modules tools lib
	@$(TOP)/scripts/install.sh $(KVER) $(OUT) $(BIN) "$(DESTDIR)" $(PREFIX)
	@$(MAKE) -s -C $(TOP)/tools/libsctpootb O=$(BUILD)/lib install \
		DESTDIR="$(DESTDIR)" PREFIX=$(PREFIX)
	@[ -n "$(DESTDIR)" ] || ldconfig

# dpkg-buildpackage -us -uc -b on a copy of the tree: no kernel needed.
deb:
	@$(TOP)/scripts/mkdeb.sh $(BUILD)/deb

# A debootstrapped bookworm with systemd, booted in QEMU: the packages
# installed, a kernel upgrade, kernels without their source, the purge
# (tests/system/run.sh; SYSTEM_UPGRADE_KVER= the second kernel).
check-system: $(DEPS_STAMP) deb progs
	$(TOP)/tests/system/host.sh
	KVER=$(KVER) DEBS=$(BUILD)/deb BIN=$(BIN) $(TOP)/tests/system/run.sh

# A Debian 13 host booted by OVMF (Microsoft's keys), shim, grub and the
# signed kernel: the packages before and after dkms's key is enrolled
# (tests/secureboot/run.sh).
check-secureboot:
	@$(TOP)/scripts/deps.sh $(KVER) secureboot
	$(MAKE) --no-print-directory progs
	$(TOP)/tests/secureboot/host.sh
	BIN=$(BIN) $(TOP)/tests/secureboot/run.sh

clean:
	rm -rf $(BUILD)
	@if [ -f $(TOP)/tools/sctpctl/Makefile ]; then $(MAKE) -C $(TOP)/tools/sctpctl clean; fi

# Not part of check: it measures, it does not test.  The range table on the
# host, then one boot per sctp.ko under QEMU TCG -cpu max -icount (none,
# stock, the bench-only global-discard variant, ours); the BENCH_* knobs
# and the output in $(OUT)/bench are described in tests/bench/vm.sh.
bench: deps-bench all bench-global
	$(MAKE) -s -C $(TOP)/tests/bench O=$(BUILD)/bench run
	KVER=$(KVER) OUT=$(OUT) BIN=$(BIN) $(VM_ENV) $(TOP)/tests/bench/vm.sh

deps-bench:
	@$(TOP)/scripts/deps.sh $(KVER) bench

# The yardstick (c) of make bench, never installed: $(OUT)/bench-global.
ifeq ($(KROOT),)
bench-global: sctp
	@$(TOP)/tests/bench/build-global.sh $(KDIR) $(OUT)
endif
