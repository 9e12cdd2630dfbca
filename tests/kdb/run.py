#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""kdb over the serial console of a QEMU guest (boot action kdb).

Enters kdb with SysRq-g, runs bt, btp 1 and bta, looks up a symbol+offset and a raw
address at the kdb> prompt, and leaves with go; the guest must carry on to
the end of its init script.  Then checks:
  - the frames of bt, btp and bta: check_frames.py (every annotation against eu-addr2line);
  - each lookup line 'X = 0xADDR (sym+off) (file:line)': file:line equals
    eu-addr2line of ADDR itself (the exact rule) on vmlinux, the innermost
    level of its -i chain also in inlined code (one lookup is chosen inside
    an inline chain), ADDR taken back through the KASLR slide from the
    guest's 'HARNESS: kallsyms _text';
  - the guest printed 'HARNESS: back from kdb' and 'HARNESS: done'.
Env: KSRC, O (as the harness), BOOT_TIMEOUT (default 300 s), ARCH (x86_64 or
arm64: qemu-system-aarch64 -M virt, console ttyAMA0, build/arm64/obj).
"""
import os
import re
import select
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'lib'))
import oracle  # noqa: E402

BUILD = os.path.join(ROOT, 'build')
ARCH = os.environ.get('ARCH') or 'x86_64'
O = os.environ.get('O') or os.path.join(BUILD, *(['arm64'] if ARCH == 'arm64' else []), 'obj')
# the guest by architecture, as harness/lib.sh sets it up
QEMU = {'arm64': (['qemu-system-aarch64', '-M', 'virt', '-cpu', 'cortex-a57'],
                  'arch/arm64/boot/Image', 'ttyAMA0')}.get(
    ARCH, (['qemu-system-x86_64'], 'arch/x86/boot/bzImage', 'ttyS0'))
KSRC = os.environ.get('KSRC') or os.path.join(BUILD, 'linux-source-6.12')
WORK = os.path.join(os.path.dirname(O), 'boot')
VMLINUX = os.path.join(O, 'vmlinux')
TIMEOUT = float(os.environ.get('BOOT_TIMEOUT') or '300')
PROMPT = re.compile(rb'\[\d+\]kdb> $')
# bta stops after each task until told to go on
MORE = re.compile(rb'Enter <q> to end, <cr> or <space> to continue:$')
PROMPT_OR_MORE = re.compile(PROMPT.pattern + rb'|' + MORE.pattern)
# the lookups typed at the prompt: a symbol+offset, then a raw address
LOOKUP_SYM = 'vfs_read+0x20'
LOOKUP_RAW_OF = ('ksys_write', 0x10)
# and an address in inlined code, found in the first of these that has one
LOOKUP_INLINED_IN = ('vfs_read', 'ksys_write', 'do_sys_openat2', 'vfs_write', 'ksys_read')

fails = 0


def result(ok, what):
    global fails
    print('kdb %s: %s' % ('PASS' if ok else 'FAIL', what))
    fails += 0 if ok else 1


class Guest:
    def __init__(self, cmd, logpath):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT)
        self.buf = b''
        self.log = open(logpath, 'wb')
        self.t_end = time.time() + TIMEOUT

    def expect(self, pat, start=None):
        """Read until @pat matches after offset @start; return the match."""
        start = len(self.buf) if start is None else start
        while True:
            m = pat.search(self.buf, start)
            if m:
                return m
            left = self.t_end - time.time()
            if left <= 0 or self.p.poll() is not None:
                return None
            r, _, _ = select.select([self.p.stdout], [], [], min(left, 1.0))
            if r:
                chunk = os.read(self.p.stdout.fileno(), 65536)
                if not chunk:
                    return None
                self.buf += chunk.replace(b'\r', b'')
                self.log.write(chunk.replace(b'\r', b''))
                self.log.flush()

    def type(self, line):
        """Type @line and Enter; return the offset of the output that follows."""
        start = len(self.buf)
        for ch in line + '\r':
            self.p.stdin.write(ch.encode())
            self.p.stdin.flush()
            time.sleep(0.05)    # kdb polls the UART
        return start

    def command(self, line):
        """Type @line at the kdb prompt; return its output (up to the next prompt)."""
        start = self.type(line)
        pos = start
        while True:
            m = self.expect(PROMPT_OR_MORE, pos)
            if m is None or PROMPT.match(m.group(0)):
                break
            pos = m.end()
            self.p.stdin.write(b' ')
            self.p.stdin.flush()
        return None if m is None else self.buf[start:m.start()].decode(errors='replace')

    def close(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()
        self.log.close()


def inlined_lookup(vmlinux, syms):
    """'sym+0xoff' of the first address with an inline chain of two or
    more levels (eu-addr2line -i) in one of LOOKUP_INLINED_IN, or None"""
    for sym in LOOKUP_INLINED_IN:
        if sym not in syms:
            continue
        base = syms[sym]
        addrs = ['0x%x' % (base + off) for off in range(1, 0x200)]
        out = subprocess.run(['eu-addr2line', '-i', '-a', '-e', vmlinux] + addrs,
                             capture_output=True, text=True, check=True).stdout.splitlines()
        cur, depth = None, 0
        for ln in out + ['0x0']:
            if ln.startswith('0x'):
                if cur is not None and depth >= 2:
                    return '%s+0x%x' % (sym, cur - base)
                cur, depth = int(ln, 16), 0
            else:
                depth += 1
    return None


def nm(path):
    syms = {}
    for ln in subprocess.run(['nm', path], capture_output=True, text=True, check=True).stdout.splitlines():
        f = ln.split()
        if len(f) == 3:
            syms.setdefault(f[2], int(f[0], 16))
    return syms


def main():
    os.makedirs(WORK, exist_ok=True)
    cpio = os.path.join(WORK, 'kdb.cpio')
    logpath = os.path.join(WORK, 'kdb.log')
    subprocess.run([os.path.join(ROOT, 'harness', 'mkinitramfs.sh'), cpio, 'kdb'], check=True)
    cmd = QEMU[0] + ['-accel', 'tcg', '-m', '512', '-smp', '2', '-nodefaults',
                     '-nographic', '-no-reboot', '-serial', 'stdio',
                     '-kernel', os.path.join(O, QEMU[1]), '-initrd', cpio,
                     '-append', 'console=%s panic=-1 loglevel=8 printk.devkmsg=on kaslr' % QEMU[2]]
    g = Guest(cmd, logpath)
    try:
        m = g.expect(re.compile(rb'HARNESS: kallsyms ([0-9a-f]+) \w _text\n'), 0)
        result(m is not None, 'guest booted and printed _text')
        if m is None:
            return 1
        text_rt = int(m.group(1), 16)
        entered = g.expect(PROMPT)
        result(entered is not None, 'SysRq-g entered kdb (kdb> prompt on the serial console)')
        if entered is None:
            return 1
        g.command('set LINES 10000')
        bt = g.command('bt')
        result(bt is not None and 'call trace' in bt.lower(), 'bt printed a call trace')
        btp = g.command('btp 1')
        result(btp is not None and 'Stack traceback for pid 1' in btp, 'btp 1 printed the stack of pid 1')
        bta = g.command('bta')
        n = 0 if bta is None else bta.count('Stack traceback for pid')
        result(n >= 2, 'bta printed the stacks of several tasks (%d)' % n)
        syms = nm(VMLINUX)
        slide = text_rt - syms['_text']
        raw = syms[LOOKUP_RAW_OF[0]] + LOOKUP_RAW_OF[1] + slide
        lookups = [(LOOKUP_SYM, g.command(LOOKUP_SYM)), ('0x%x' % raw, g.command('0x%x' % raw))]
        inl = inlined_lookup(VMLINUX, syms)
        result(inl is not None, 'an address in inlined code to look up (%s)' % inl)
        if inl:
            lookups.append((inl, g.command(inl)))
        go = g.type('go')
        back = g.expect(re.compile(rb'HARNESS: back from kdb'), go)
        result(back is not None, 'the guest carried on after go')
        done = g.expect(re.compile(rb'HARNESS: done'), go)
        result(done is not None, 'the guest reached the end of its init script')
    finally:
        g.close()

    prefixes = [os.path.realpath(KSRC), KSRC, os.path.realpath(O), O]
    for typed, out in lookups:
        # kdb prints the symbol name it parsed, without the offset
        lm = re.search(r'^%s\S* = 0x([0-9a-f]+) \(([^()]+)\)(?: \(([^ ()]+:\d+)\))?$'
                       % re.escape(typed.split('+')[0]), out or '', re.M)
        if not lm:
            result(False, 'lookup %s: no result line in %r' % (typed, out))
            continue
        addr = int(lm.group(1), 16) - slide
        # a location printed alone is the innermost one, as addr2line
        # gives it, also in inlined code: the first line of eu-addr2line -i
        locs = subprocess.run(['eu-addr2line', '-i', '-e', VMLINUX, '0x%x' % addr],
                              capture_output=True, text=True, check=True).stdout.splitlines()
        want = oracle._parse([locs[0]], prefixes)[0]
        result(lm.group(3) is not None and lm.group(3) == want,
               'lookup %s -> %s (%s), eu-addr2line: %s' % (typed, lm.group(2), lm.group(3), want))
    rc = subprocess.run([sys.executable, os.path.join(ROOT, 'tests', 'boot', 'check_frames.py'),
                         VMLINUX, logpath, '--srctree', KSRC, '--objtree', O,
                         '--min-annotated', '5']).returncode
    result(rc == 0, 'bt frames match the oracle (check_frames.py)')
    print('kdb: %s' % ('PASS' if fails == 0 else '%d FAILED' % fails))
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
