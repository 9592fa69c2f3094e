# SPDX-License-Identifier: GPL-2.0
#
# sctp-ootb: a patched sctp.ko with an out-of-the-blue hook, the sctp_ootb
# companion module, and sctpctl.  See README.md.
#
#   make deps        install the Debian packages (apt-get) for KVER
#   make             build sctp.ko + sctp_diag.ko (patched), sctp_ootb.ko, sctpctl
#   make check       make deps, host unit tests, then the QEMU suite on KVER
#   make demo        make deps, then boot QEMU: the stock failure, then the fix
#   make bench       make deps, the range table on the host, then usrsctp and kernel
#                    SCTP throughput, OOTB and control-plane costs in QEMU, as ratios
#   make install     install the modules under /lib/modules/KVER/updates + sctpctl
#
# KVER=  kernel release (default: see scripts/kver.sh)
# KDIR=  kbuild tree (default: /lib/modules/KVER/build, else /usr/src/linux-headers-KVER)
# KSRC=  a kernel source tree to take net/sctp from (default: Debian's linux-source-X.Y)

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
BUILD    := $(TOP)/build
OUT      := $(BUILD)/$(KVER)
BIN      := $(BUILD)/bin
INC      := $(TOP)/include
DESTDIR  ?=
PREFIX   ?= /usr/local

KMAKE     = $(MAKE) -C $(KDIR) OOTB_INCLUDE=$(INC)
CC       ?= cc
CFLAGS   ?= -O2 -g -Wall -Wextra

.PHONY: all modules sctp ootb testmod tools progs deps check unit vmcheck demo \
	install clean kver kdir-check bench bench-global deps-bench

all: kver modules tools progs

kver:
	@echo "KVER=$(KVER) (KDIR=$(KDIR))"

kdir-check:
	@test -f $(KDIR)/Makefile || { echo "no kbuild tree at $(KDIR): run 'make deps KVER=$(KVER)' or pass KDIR=" >&2; exit 1; }

deps:
	@$(TOP)/scripts/deps.sh $(KVER)

modules: sctp ootb testmod

# The distribution's net/sctp + kmod/sctp/*.patch, built out of tree.
sctp: kdir-check
	@$(TOP)/kmod/sctp/prepare.sh $(KVER) $(OUT) $(KSRC)
	+$(KMAKE) M=$(OUT)/sctp KCFLAGS="$(KCFLAGS) -I$(INC)" modules
	@modinfo -F version $(OUT)/sctp/sctp.ko | sed 's/^/sctp.ko version: /'

# Kbuild wants the sources in the output directory: one copy per kernel.
ootb: sctp
	@if [ -f $(TOP)/kmod/ootb/Kbuild ]; then \
		mkdir -p $(OUT)/ootb && cp -u $(TOP)/kmod/ootb/* $(OUT)/ootb/ && \
		$(KMAKE) M=$(OUT)/ootb KBUILD_EXTRA_SYMBOLS=$(OUT)/sctp/Module.symvers modules; \
	fi

testmod: sctp
	@if [ -f $(TOP)/tests/kmod/Kbuild ]; then \
		mkdir -p $(OUT)/testmod && cp -u $(TOP)/tests/kmod/* $(OUT)/testmod/ && \
		$(KMAKE) M=$(OUT)/testmod KBUILD_EXTRA_SYMBOLS=$(OUT)/sctp/Module.symvers modules; \
	fi

tools:
	@if [ -f $(TOP)/tools/sctpctl/Makefile ]; then \
		mkdir -p $(BIN) && $(MAKE) -C $(TOP)/tools/sctpctl O=$(BIN); \
	fi

progs:
	@mkdir -p $(BIN)
	@for f in $(wildcard $(TOP)/tests/prog/*.c); do \
		n=$$(basename $$f .c); \
		[ $(BIN)/$$n -nt $$f ] || { echo "  CC      $$n"; \
		$(CC) $(CFLAGS) -o $(BIN)/$$n $$f -lusrsctp -lpthread || exit 1; }; \
	done

# check and demo install what they need first (quick when all is there).
check: deps all unit vmcheck

unit:
	$(MAKE) -C $(TOP)/tests/unit O=$(BUILD)/unit run
	$(MAKE) -C $(TOP)/tests/cli O=$(BUILD)/cli check

vmcheck: modules progs tools
	KVER=$(KVER) OUT=$(OUT) BIN=$(BIN) $(TOP)/tests/vm/run.sh

demo: deps all
	KVER=$(KVER) OUT=$(OUT) BIN=$(BIN) $(TOP)/tests/vm/run.sh --demo

install: modules tools
	@$(TOP)/scripts/install.sh $(KVER) $(OUT) $(BIN) "$(DESTDIR)" $(PREFIX)

clean:
	rm -rf $(BUILD)
	@if [ -f $(TOP)/tools/sctpctl/Makefile ]; then $(MAKE) -C $(TOP)/tools/sctpctl clean; fi

# Not part of check: it measures, it does not test.  The range table on the
# host, then one boot per sctp.ko under QEMU TCG -cpu max -icount (none,
# stock, the bench-only global-discard variant, ours); the BENCH_* knobs
# and the output in $(OUT)/bench are described in tests/bench/vm.sh.
bench: deps-bench all bench-global
	$(MAKE) -s -C $(TOP)/tests/bench O=$(BUILD)/bench run
	KVER=$(KVER) OUT=$(OUT) BIN=$(BIN) $(TOP)/tests/bench/vm.sh

deps-bench:
	@$(TOP)/scripts/deps.sh $(KVER) bench

# The yardstick (c) of make bench, never installed: $(OUT)/bench-global.
bench-global: sctp
	@$(TOP)/tests/bench/build-global.sh $(KDIR) $(OUT)
