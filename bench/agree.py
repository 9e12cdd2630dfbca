#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Agreement of gen_lineinfo tables (decoded by the kernel's decoder, built
in userspace) with eu-addr2line, on large address sets.

agree.py vmlinux LOOKUP ELF BLOB --prefix DIR [--seed S] [--random N] [--even N]
    .text addresses: N seeded random, N evenly spaced, every t/T symbol
    (function start), and every return address (instruction after a call,
    from objdump), the latter queried as ret-1 on both sides.
agree.py module LOOKUP KO BLOB --prefix DIR [--step N]
    every N-th byte of every executable section of an ET_REL module,
    section relative (eu-addr2line -j SECTION).

Oracle "??" or line 0 must be "no annotation" on our side.  Prints
"name: value" lines and the first 10 mismatches (AGREE_SHOW=N for more);
exits 1 on a mismatch.
"""
import argparse, os, random, re, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../tests/lib'))
from oracle import eu_addr2line, binutils_has_line, lineinfo_lookup as ours

def eu(elf, addrs, prefix, section=None):
    return eu_addr2line(elf, addrs, [prefix], section)

def sections(elf):
    out = subprocess.run(['readelf', '-SW', elf], capture_output=True, text=True,
                         check=True).stdout
    res = []
    for m in re.finditer(r'\]\s+(\S+)\s+PROGBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+(\S+)', out):
        if 'A' in m.group(4) and 'X' in m.group(4) and int(m.group(3), 16):
            res.append((m.group(1), int(m.group(2), 16), int(m.group(3), 16)))
    return res

def symbols(elf):
    syms = {}
    out = subprocess.run(['nm', elf], capture_output=True, text=True, check=True).stdout
    for l in out.splitlines():
        p = l.split()
        if len(p) == 3:
            syms.setdefault(p[2], int(p[0], 16))
            if p[1] in 'tT':
                syms.setdefault(('func', int(p[0], 16)), True)
    return syms

def returns(elf, start, stop):
    """Addresses of the instructions that follow a call."""
    p = subprocess.Popen(['objdump', '-d', '--no-show-raw-insn',
                          '--start-address=0x%x' % start, '--stop-address=0x%x' % stop, elf],
                         stdout=subprocess.PIPE, text=True)
    insn = re.compile(r'^\s*([0-9a-f]+):\s+(\S+)')
    res, after_call = [], False
    for l in p.stdout:
        m = insn.match(l)
        if not m:
            continue
        if after_call:
            res.append(int(m.group(1), 16))
        after_call = m.group(2) in ('call', 'callq')
    if p.wait():
        sys.exit('agree.py: objdump failed')
    return res

class Tally:
    """Counts agreement.  eu-addr2line (elfutils 0.188) answers an address
    at or after the end of a line-table sequence, up to the next row, with
    the sequence's last line (e.g. the __pfx_ padding after a function or
    asm like madt_playdead.S).  Where we print nothing and eu-addr2line
    prints a line, binutils addr2line breaks the tie: if it has no line
    either, the address is counted as such an oracle artefact, not as a
    mismatch.  binutils is not the main oracle because 2.40 misreads
    DWARF 5 file indexes."""
    def __init__(self):
        self.mism = []
        self.total = self.annotated = self.artefacts = 0

    def add(self, kind, where, want, got, elf=None, raw=None, section=None):
        self.total += len(want)
        disputed = []
        for i, (ad, w, g) in enumerate(zip(where, want, got)):
            if g:
                self.annotated += 1
            if w != g:
                if g is None and elf:
                    disputed.append(i)
                else:
                    self.mism.append((kind, ad, w, g))
        if disputed:
            has = binutils_has_line(elf, [raw[i] for i in disputed], section)
            for i, h in zip(disputed, has):
                if h:
                    self.mism.append((kind, where[i], want[i], got[i]))
                else:
                    self.artefacts += 1

    def report(self, name):
        print('%s agreement addresses: %d' % (name, self.total))
        print('%s agreement annotated: %d' % (name, self.annotated))
        print('%s agreement eu-addr2line end-of-sequence artefacts (binutils: no line): %d'
              % (name, self.artefacts))
        print('%s agreement mismatches: %d' % (name, len(self.mism)))
        for kind, ad, w, g in self.mism[:int(os.environ.get("AGREE_SHOW", 10))]:
            print('  MISMATCH %s %s: eu-addr2line %s, lineinfo %s' % (kind, ad, w, g))

def vmlinux(a):
    syms = symbols(a.elf)
    start, end = syms['_stext'], syms['_etext']
    size = end - start
    rnd = random.Random(a.seed)
    sets = [('random', sorted(start + rnd.randrange(size) for _ in range(a.random))),
            ('even', [start + i * size // a.even for i in range(a.even)]),
            ('func', sorted(k[1] for k in syms if isinstance(k, tuple) and start <= k[1] < end))]
    rets = [r for r in returns(a.elf, start, end) if start < r <= end]
    sets.append(('ret-1', [r - 1 for r in rets]))
    t = Tally()
    for kind, addrs in sets:
        print('vmlinux %s addresses: %d' % (kind, len(addrs)))
        want = eu(a.elf, addrs, a.prefix)
        got = ours(a.lookup, a.blob, '.text', start, addrs)
        t.add(kind, ['.text+0x%x' % (x - start) for x in addrs], want, got, a.elf, addrs)
    t.report('vmlinux')
    return t

def module(a):
    name = os.path.basename(a.elf)
    t = Tally()
    for sec, _, size in sections(a.elf):
        addrs = list(range(0, size, a.step))
        want = eu(a.elf, addrs, a.prefix, sec)
        got = ours(a.lookup, a.blob, sec, 0, addrs)
        t.add(sec, ['%s+0x%x' % (sec, x) for x in addrs], want, got, a.elf, addrs, sec)
    t.report(name)
    return t

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('mode', choices=['vmlinux', 'module'])
    ap.add_argument('lookup'); ap.add_argument('elf'); ap.add_argument('blob')
    ap.add_argument('--prefix', default='')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--random', type=int, default=100000)
    ap.add_argument('--even', type=int, default=100000)
    ap.add_argument('--step', type=int, default=1)
    a = ap.parse_args()
    a.prefix = os.path.normpath(a.prefix) if a.prefix else ''
    t = vmlinux(a) if a.mode == 'vmlinux' else module(a)
    sys.exit(1 if t.mism else 0)

main()
