#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Enrol a pending MOK in shim's MokManager, over the VM's serial console.

    mokmanager.py PIPE PASSWORD CONSOLE_LOG

PIPE.in and PIPE.out are the FIFOs of QEMU's first serial port (-serial
pipe:PIPE), which OVMF uses as its console.  A pipe, not a Unix socket:
QEMU's UART writes one byte at a time and drops a byte its backend does not
take; a Unix stream socket takes 278 one-byte writes before it is full (a
buffer per write), a pipe 65536.  Over a socket, with the machine busy,
whole parts of MokManager's screens were lost, the title that the next
step waits for among them.

After "mokutil --import KEY" (MokNew set),
shim starts MokManager instead of grub; this answers its screens as an
operator would, with the keys an operator presses, and checks that each
screen says what the docs say it does:

    "Press any key to perform MOK management"    any key
    "Perform MOK management": "Enroll MOK"       down, Enter
    "[Enroll MOK]": "Continue"                   down, Enter
    "Enroll the key(s)?": "Yes"                  down, Enter
    "Password:"                                  the password, Enter
    "Perform MOK management": "Reboot"           Enter

Everything the console shows goes to CONSOLE_LOG.  Exits 0 once the VM
reboots (QEMU, run with -no-reboot, exits: the end of PIPE.out) after
"Reboot"; 1 with the screen it stopped at otherwise.
"""
import os
import re
import select
import signal
import sys
import time

DOWN = b"\x1b[B"
ENTER = b"\r"
# OVMF's terminal: cursor moves, colours, mode changes.
ESCAPES = re.compile(rb"\x1b(\[[0-9;?=]*[A-Za-z]|[()][A-Za-z0-9]|[78=>])")


class Console:
    def __init__(self, path, log):
        # QEMU opens both FIFOs read-write, so these opens return once it
        # has started; it may not start at all.
        signal.alarm(300)
        self.out = os.open(path + ".out", os.O_RDONLY)
        self.inp = os.open(path + ".in", os.O_WRONLY)
        signal.alarm(0)
        self.log = open(log, "wb")
        self.text = b""  # what the screen showed since the last expect()
        self.closed = False
        self.t0 = time.monotonic()

    def read(self, timeout):
        if not select.select([self.out], [], [], timeout)[0]:
            return
        data = os.read(self.out, 65536)
        if not data:
            self.closed = True
            return
        self.log.write(data)
        self.log.flush()
        self.text += ESCAPES.sub(b" ", data)

    def expect(self, what, timeout):
        """Wait until the screen shows WHAT (a regex on its text)."""
        end = time.monotonic() + timeout
        pat = re.compile(what.encode(), re.S)
        while time.monotonic() < end and not self.closed:
            m = pat.search(self.text)
            if m:
                self.text = self.text[m.end():]
                return True
            self.read(1)
        return False

    def settle(self, quiet=1.0, limit=10):
        """Let the screen finish drawing: no output for QUIET seconds."""
        end = time.monotonic() + limit
        while time.monotonic() < end and not self.closed:
            before = len(self.text)
            self.read(quiet)
            if len(self.text) == before:
                return

    def send(self, keys):
        for k in keys:
            try:
                os.write(self.inp, k)
            except BrokenPipeError:  # QEMU is gone
                self.closed = True
                return
            time.sleep(0.3)


def step(con, screen, timeout, keys, note):
    if not con.expect(screen, timeout):
        tail = re.sub(rb"\s+", b" ", con.text[-300:]).decode(errors="replace")
        print(f"mokmanager: expected '{screen}', got: ...{tail}")
        sys.exit(1)
    con.settle()
    print(f"mokmanager: {time.monotonic() - con.t0:.0f} s: '{screen}': {note}")
    con.send(keys)


def main():
    sock, password, log = sys.argv[1:4]
    con = Console(sock, log)
    t0 = time.monotonic()
    # OVMF under TCG, then shim: well under a minute here.  The first
    # screen counts down from 10 s: press a key at once (a space, which
    # the menu after it ignores), again if the menu does not come.
    if not con.expect(r"Press any key to perform MOK management", 300):
        print("mokmanager: expected 'Press any key to perform MOK management', got no MokManager")
        sys.exit(1)
    print("mokmanager: 'Press any key to perform MOK management': a key")
    for _ in range(4):
        con.send([b" "])
        if con.expect(r"Perform MOK management.*Enroll MOK", 3):
            break
    else:
        print("mokmanager: expected the menu 'Perform MOK management' after a key, got none")
        sys.exit(1)
    con.settle()
    print("mokmanager: 'Perform MOK management': Enroll MOK")
    con.send([DOWN, ENTER])
    step(con, r"\[Enroll MOK\].*Continue", 60, [DOWN, ENTER], "Continue")
    step(con, r"Enroll the key\(s\)\?.*Yes", 60, [DOWN, ENTER], "Yes")
    step(con, r"Password", 60,
         [bytes([c]) for c in password.encode()] + [ENTER], "the password")
    step(con, r"Perform MOK management.*Reboot", 60, [ENTER], "Reboot")
    end = time.monotonic() + 120
    while not con.closed and time.monotonic() < end:
        con.read(1)
    if not con.closed:
        print("mokmanager: expected the VM to reboot after 'Reboot', got no reset")
        sys.exit(1)
    print(f"mokmanager: key enrolled, VM rebooted, {time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
