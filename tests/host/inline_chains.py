#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Inline chains of gen_lineinfo --dump-inline against llvm-symbolizer --inlining.

usage: inline_chains.py PROG DUMP PREFIX [--oracle llvm|eu] [--decoder LOOKUP BLOB]

PROG is a linked executable, DUMP the output of
'gen_lineinfo --dump-inline --prefix PREFIX PROG -o ... --range .text'.
For every byte of .text, the chain of the dump (the function and the
inlined calls whose ranges hold the address, innermost first) must equal
the oracle's: the same depth, the same function name at each level, and at
each level above the innermost the same file:line, which is the call site
of the level below.  The innermost level's file:line comes from the line
table, which the line-table tests check; it is not compared here.

With --decoder, the inlined levels come from the blob's inline table as
the kernel's decoder reads it (tests/host/lineinfo_lookup.c --inline), the
function's name from the dump.

Oracles: llvm-symbolizer (LLVM shares no code with libdw), or
eu-addr2line -i -f as the second opinion.  Prints the counts and the first
disagreements; exits 1 on any.
"""
import collections
import os
import re
import subprocess
import sys


def text_section(prog):
    for ln in subprocess.run(['readelf', '-SW', prog], capture_output=True, text=True,
                             check=True).stdout.splitlines():
        m = re.search(r'\]\s+\.text\s+PROGBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)', ln)
        if m:
            return int(m.group(1), 16), int(m.group(2), 16)
    sys.exit('%s: no .text' % prog)


def our_chains(dump, size):
    """Per offset: [(name, callsite)] innermost first, or None (no function)."""
    recs = []
    with open(dump) as f:
        for ln in f:
            rng, lo, hi, depth, name, cs = ln.split()
            if rng == '.text':
                recs.append((int(lo, 16), int(hi, 16), int(depth), name, cs))
    at = [dict() for _ in range(size)]
    clash = 0
    for lo, hi, depth, name, cs in recs:
        for a in range(lo, min(hi, size)):
            if depth in at[a]:
                clash += 1
            at[a][depth] = (name, cs)
    chains = []
    for a in range(size):
        d = at[a]
        if 0 not in d:
            chains.append(None)
            continue
        n = max(d)
        if sorted(d) != list(range(n + 1)):
            chains.append('gap')
            continue
        chains.append([d[i] for i in range(n, -1, -1)])
    return chains, clash


def decoded_chains(lookup, blob, start, size, ours):
    """Replace the inlined levels of @ours by the decoder's answers."""
    inp = ''.join('%x\n' % (start + a) for a in range(size))
    out = subprocess.run([lookup, '--full', '--inline', blob, '.text', '%x' % start],
                         input=inp, capture_output=True, text=True, check=True).stdout.splitlines()
    res = []
    for a, ln in enumerate(out):
        f = ln.split()
        n = int(f[1])
        calls = [(f[2 + 2 * i], f[3 + 2 * i]) for i in range(n)]
        o = ours[a]
        if not isinstance(o, list):
            res.append(o if not calls else 'gap')
            continue
        # outermost first -> innermost first; the function's call site is '-'
        res.append(list(reversed(calls)) + [o[-1]])
    return res


def norm(path, prefix):
    path = os.path.normpath(path)
    return path[len(prefix) + 1:] if path.startswith(prefix + '/') else path


def oracle_frames(kind, prog, addrs, prefix):
    """Per address: [(name, 'file:line')] innermost first; [] without info."""
    inp = ''.join('0x%x\n' % a for a in addrs)
    if kind == 'llvm':
        out = subprocess.run(['llvm-symbolizer', '--inlining', '--obj=' + prog],
                             input=inp, capture_output=True, text=True, check=True).stdout
        blocks = out.split('\n\n')
        res = []
        for b in blocks[:len(addrs)]:
            lines = [x for x in b.split('\n') if x]
            fr = []
            for name, loc in zip(lines[0::2], lines[1::2]):
                f, line = loc.rsplit(':', 2)[0:2]
                fr.append((name, '%s:%s' % (norm(f, prefix), line)))
            # a symbol-table name without line information: no DWARF there
            res.append([] if not fr or fr[0][0] == '??' or
                       (len(fr) == 1 and re.search(r'^\?\?:|:0$', fr[0][1])) else fr)
        return res
    out = subprocess.run(['eu-addr2line', '-i', '-f', '-a', '-e', prog], input=inp,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    def loc_of(loc):
        m = re.match(r'^(.*?):(\d+)(?::\d+)?$', loc)
        return (norm(m.group(1), prefix), m.group(2)) if m else ('??', '0')

    res, cur, outer = [], None, []
    i = 0
    while i < len(out):
        if re.match(r'^0x[0-9a-f]+$', out[i]):
            cur, outer = [], []
            res.append(cur)
            i += 1
            continue
        name = out[i]
        loc = out[i + 1] if i + 1 < len(out) else '??:0'
        # 'f inlined at LOC in g': eu-addr2line 0.188 sometimes prints the
        # caller g only here, not as a frame of its own (seen on a
        # partially inlined function); take it from this text
        m = re.match(r'^(\S+) inlined at (\S+) in (\S+)$', name)
        if m:
            name = m.group(1)
            outer[:] = [(m.group(3), '%s:%s' % loc_of(m.group(2)))]
        f, line = loc_of(loc)
        if name != '??' and line != '0':
            cur.append((name, '%s:%s' % (f, line)))
            if len(cur) == 1 and outer and (i + 2 >= len(out) or
                                            re.match(r'^0x', out[i + 2])):
                cur.append(outer[0])
        i += 2
    return res


def main():
    args = sys.argv[1:]
    prog, dump, prefix = args[:3]
    kind, decoder = 'llvm', None
    rest = args[3:]
    while rest:
        if rest[0] == '--oracle':
            kind, rest = rest[1], rest[2:]
        elif rest[0] == '--decoder':
            decoder, rest = rest[1:3], rest[3:]
        else:
            sys.exit(__doc__)
    prefix = os.path.normpath(prefix)
    start, size = text_section(prog)
    ours, clash = our_chains(dump, size)
    if decoder:
        ours = decoded_chains(decoder[0], decoder[1], start, size, ours)
    theirs = oracle_frames(kind, prog, [start + a for a in range(size)], prefix)
    stats = collections.Counter()
    bad = []
    for off in range(size):
        o, t = ours[off], theirs[off]
        if o is None and not t:
            stats['no function'] += 1
            continue
        if o == 'gap' or o is None or not t:
            stats['mismatch'] += 1
            bad.append((off, o, t))
            continue
        stats['depth %d' % (len(o) - 1)] += 1
        # names at every level; call sites above the innermost level.  The
        # oracles name a clone (f.part.0, f.constprop.0) by its symbol, the
        # DIE by its abstract origin (f); the kernel prints the symbol.
        ok = len(o) == len(t) and all(on == tn for (on, _), (tn, _) in zip(o[:-1], t[:-1]))
        ok = ok and (o[-1][0] == t[-1][0] or t[-1][0].startswith(o[-1][0] + '.'))
        if ok and o[-1][0] != t[-1][0]:
            stats['clone name'] += 1
        ok = ok and all(o[i][1] == t[i + 1][1] for i in range(len(o) - 1))
        stats['agree' if ok else 'mismatch'] += 1
        if not ok:
            bad.append((off, o, t))
    print('inline_chains %s (%s%s): %d bytes of .text: %s; overlapping ranges %d'
          % (os.path.basename(prog), 'decoder vs ' if decoder else '', kind, size,
             ', '.join('%s %d' % kv for kv in sorted(stats.items())), clash))
    for off, o, t in bad[:5]:
        print('  MISMATCH .text+%#x\n    ours   %s\n    oracle %s' % (off, o, t))
    return 1 if bad or clash else 0


if __name__ == '__main__':
    sys.exit(main())
