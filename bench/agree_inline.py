#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Inline chains of a gen_lineinfo --inline blob against llvm-symbolizer --inlining.

usage: agree_inline.py LOOKUP VMLINUX BLOB --prefix DIR [--seed N] [--random N] [--oracle llvm|eu]
       agree_inline.py LOOKUP MODULE.ko BLOB --module --prefix DIR [--step N]

LOOKUP is tests/host/lineinfo_lookup.c (the kernel decoder).  Samples
seeded random .text addresses of VMLINUX (the blob's range .text runs from
_stext), or with --module every byte (every N-th) of every executable
section of a module, and compares, at each, the decoder's chain with
llvm-symbolizer's.  A module is first linked into an image whose sections have
addresses (tests/lib/kolink.py; an arm64 module, which the host's ld
cannot link, is placed by bench/elfplace.py).
At each address it compares
the depth, the inlined function's name at every level and every call site.
The physical function's name is not in the table (the kernel prints the
kallsyms symbol) and is not compared.  --oracle eu takes eu-addr2line -i -f
as the second opinion.  Prints counts per class and the
first disagreements; "mismatches" counts the ones outside a documented class.
"""
import argparse
import collections
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'lib'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kolink  # noqa: E402
import elfplace  # noqa: E402


def nm_addr(elf, sym):
    out = subprocess.run(['nm', elf], capture_output=True, text=True, check=True).stdout
    for ln in out.splitlines():
        f = ln.split()
        if len(f) == 3 and f[2] == sym:
            return int(f[0], 16)
    sys.exit('%s: no symbol %s' % (elf, sym))


def eu_blocks(out):
    """eu-addr2line -i -f -a output -> one 'name\\nloc\\n...' block per address,
    the caller of a 'f inlined at LOC in g' line added when eu-addr2line
    0.188 prints it only there (a partially inlined function)."""
    blocks, cur = [], None
    lines = out.splitlines()
    i = 0
    while i < len(lines):
        if re.match(r'^0x[0-9a-f]+$', lines[i]):
            cur = []
            blocks.append(cur)
            i += 1
            continue
        name, loc = lines[i], lines[i + 1] if i + 1 < len(lines) else '??:0'
        m = re.match(r'^(\S+) inlined at (\S+) in (\S+)$', name)
        cur += [m.group(1) if m else name, loc]
        last = i + 2 >= len(lines) or lines[i + 2].startswith('0x')
        if m and len(cur) == 2 and last:
            cur += [m.group(3), m.group(2)]
        elif m and not last and lines[i + 3] != m.group(2):
            # eu-addr2line 0.188 can print the caller's frame at another
            # line than its own 'inlined at': the call site is the latter
            lines[i + 3] = m.group(2)
            EU_FIXED[0] += 1
        i += 2
    return ['\n'.join(b) for b in blocks]


EU_FIXED = [0]


def norm(path, prefix):
    path = os.path.normpath(path)
    return path[len(prefix) + 1:] if prefix and path.startswith(prefix + '/') else path


def link_module(ko, tmp):
    """The image to ask llvm-symbolizer about @ko, and [(section, address,
    size)] of its executable sections there (see tests/lib/kolink.py).  An
    object of one executable section is taken as it is, at address 0; the
    module of another target than x86-64 (arm64), which the host's ld cannot
    link, gets its sections placed in a copy (bench/elfplace.py)."""
    secs = kolink.exec_sections(ko)
    if len(secs) == 1:
        return ko, [(secs[0][0], 0, secs[0][1])]
    if elfplace.machine(ko) == elfplace.EM_X86_64:
        image, addr = kolink.link(ko, [name for name, _ in secs], tmp)
    else:
        image, addr = elfplace.place(ko, [name for name, _ in secs], tmp)
    return image, [(name, addr[name], size) for name, size in secs]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('lookup')
    ap.add_argument('vmlinux')
    ap.add_argument('blob')
    ap.add_argument('--prefix', default='')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--random', type=int, default=20000)
    ap.add_argument('--oracle', choices=['llvm', 'eu'], default='llvm')
    ap.add_argument('--module', action='store_true')
    ap.add_argument('--step', type=int, default=1)
    a = ap.parse_args()
    prefix = os.path.normpath(a.prefix) if a.prefix else ''
    if a.module:
        tmp = tempfile.mkdtemp()
        try:
            image, placed = link_module(a.vmlinux, tmp)
            addrs, ours = [], []
            for name, base, size in placed:
                sec = list(range(base, base + size, a.step))
                addrs += sec
                ours += subprocess.run(
                    [a.lookup, '--inline', a.blob, name, '%x' % base],
                    input=''.join('%x\n' % x for x in sec), capture_output=True, text=True,
                    check=True).stdout.splitlines()
            out = subprocess.run(['llvm-symbolizer', '--inlining', '--obj=' + image],
                                 input=''.join('0x%x\n' % x for x in addrs),
                                 capture_output=True, text=True, check=True).stdout
        finally:
            shutil.rmtree(tmp)
        blocks = out.split('\n\n')[:len(addrs)]
        what = '%s: %d bytes of %s' % (os.path.basename(a.vmlinux), len(addrs),
                                        ', '.join(p[0] for p in placed))
    else:
        start, end = nm_addr(a.vmlinux, '_stext'), nm_addr(a.vmlinux, '_etext')
        rnd = random.Random(a.seed)
        addrs = sorted(rnd.randrange(start, end) for _ in range(a.random))
        inp = ''.join('%x\n' % x for x in addrs)
        ours = subprocess.run([a.lookup, '--inline', a.blob, '.text', '%x' % start], input=inp,
                              capture_output=True, text=True, check=True).stdout.splitlines()
        if a.oracle == 'llvm':
            out = subprocess.run(['llvm-symbolizer', '--inlining', '--obj=' + a.vmlinux],
                                 input=''.join('0x%x\n' % x for x in addrs),
                                 capture_output=True, text=True, check=True).stdout
            blocks = out.split('\n\n')[:len(addrs)]
        else:
            out = subprocess.run(['eu-addr2line', '-i', '-f', '-a', '-e', a.vmlinux],
                                 input=''.join('0x%x\n' % x for x in addrs),
                                 capture_output=True, text=True, check=True).stdout
            blocks = eu_blocks(out)
        what = '%d random .text addresses' % len(addrs)
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
        if not n and a.oracle == 'eu' and any(f[0].startswith('__pfx_') for f in frames):
            # the padding before a function (its __pfx_ symbol): eu-addr2line
            # 0.188 gives it an inline chain, which neither our DIE walk nor
            # llvm-symbolizer find there
            stats['eu: chain in __pfx_ padding'] += 1
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
    print('inline agreement (%s): %s: %s'
          % (a.oracle, what, ', '.join('%s %d' % kv for kv in sorted(stats.items()))))
    for x, o, t in bad[:8]:
        print('  MISMATCH %#x\n    ours   %s\n    oracle %s' % (x, o, t))
    if a.oracle == 'eu':
        print('inline agreement (eu): %d caller frames printed at another line than their '
              '"inlined at" (taken from the latter)' % EU_FIXED[0])
    print('inline agreement mismatches: %d' % stats['mismatch'])
    return 1 if stats['mismatch'] else 0


if __name__ == '__main__':
    sys.exit(main())
