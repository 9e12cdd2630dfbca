#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Inline chains of a gen_lineinfo --inline blob against llvm-symbolizer --inlining.

usage: agree_inline.py LOOKUP VMLINUX BLOB --prefix DIR [--seed N] [--random N]

LOOKUP is tests/host/lineinfo_lookup.c (the kernel decoder).  Samples
seeded random .text addresses of VMLINUX (the blob's range .text runs from
_stext) and compares, at each, the decoder's chain with llvm-symbolizer's:
the depth, the inlined function's name at every level and every call site.
The physical function's name is not in the table (the kernel prints the
kallsyms symbol) and is not compared.  Prints counts per class and the
first disagreements; "mismatches" counts the ones outside a documented class.
"""
import argparse
import collections
import os
import random
import re
import subprocess
import sys


def nm_addr(elf, sym):
    out = subprocess.run(['nm', elf], capture_output=True, text=True, check=True).stdout
    for ln in out.splitlines():
        f = ln.split()
        if len(f) == 3 and f[2] == sym:
            return int(f[0], 16)
    sys.exit('%s: no symbol %s' % (elf, sym))


def norm(path, prefix):
    path = os.path.normpath(path)
    return path[len(prefix) + 1:] if prefix and path.startswith(prefix + '/') else path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('lookup')
    ap.add_argument('vmlinux')
    ap.add_argument('blob')
    ap.add_argument('--prefix', default='')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--random', type=int, default=20000)
    a = ap.parse_args()
    prefix = os.path.normpath(a.prefix) if a.prefix else ''
    start, end = nm_addr(a.vmlinux, '_stext'), nm_addr(a.vmlinux, '_etext')
    rnd = random.Random(a.seed)
    addrs = sorted(rnd.randrange(start, end) for _ in range(a.random))
    inp = ''.join('%x\n' % x for x in addrs)
    ours = subprocess.run([a.lookup, '--inline', a.blob, '.text', '%x' % start], input=inp,
                          capture_output=True, text=True, check=True).stdout.splitlines()
    out = subprocess.run(['llvm-symbolizer', '--inlining', '--obj=' + a.vmlinux],
                         input=''.join('0x%x\n' % x for x in addrs),
                         capture_output=True, text=True, check=True).stdout
    blocks = out.split('\n\n')[:len(addrs)]
    stats = collections.Counter()
    bad = []
    for x, o, blk in zip(addrs, ours, blocks):
        f = o.split()
        n = int(f[1])
        calls = [(f[2 + 2 * i], f[3 + 2 * i]) for i in range(n)]
        lines = [ln for ln in blk.split('\n') if ln]
        frames = []
        for name, loc in zip(lines[0::2], lines[1::2]):
            m = re.match(r'^(.*?):(\d+)(?::\d+)?$', loc)
            frames.append((name, '%s:%s' % (norm(m.group(1), prefix), m.group(2)) if m else '??:0'))
        if not frames or frames[0][0] == '??':
            stats['no function (oracle)'] += 1
            if n:
                bad.append((x, calls, frames))
            continue
        depth = len(frames) - 1
        stats['depth %s' % (depth if depth < 3 else '3+')] += 1
        want = [(frames[n_ - 1 - i][0], frames[n_ - i][1])
                for n_ in [depth] for i in range(depth)]
        if calls == want:
            stats['agree'] += 1
            continue
        # documented classes
        if len(calls) == len(want) and all(
                c[0] == w[0] and (c[1] == w[1] or (c[1].startswith('??:') and w[1].endswith(':0')))
                for c, w in zip(calls, want)):
            stats['call line 0 / no call file (both: no call site)'] += 1
            continue
        stats['mismatch'] += 1
        bad.append((x, calls, want))
    print('inline agreement: %d random .text addresses: %s'
          % (len(addrs), ', '.join('%s %d' % kv for kv in sorted(stats.items()))))
    for x, o, t in bad[:8]:
        print('  MISMATCH %#x\n    ours   %s\n    oracle %s' % (x, o, t))
    print('inline agreement mismatches: %d' % stats['mismatch'])
    return 1 if stats['mismatch'] else 0


if __name__ == '__main__':
    sys.exit(main())
