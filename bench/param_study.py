#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What a table of parameters in registers costs (issue 13).

usage: param_study.py DUMP

DUMP is 'gen_lineinfo --dump-params ELF -o ... --range .text=...': every
function and inlined call of .text with its own parameters, their C type
spellings and the code where each is exactly one register, by the rule the
generator applies (and tests/host/params_gdb.py checks against gdb).
Prints, before any format is designed:
 - the input: scopes, parameters, how many are in a register somewhere;
 - how often, at an address of a function with parameters, at least one
   of them is in a register (what an oops could show);
 - the size of two candidate layouts, field by field with the best
   Exp-Golomb order: (A) scope records (start, length, depth, signature)
   sorted like the inline records, one piece list per parameter, and a
   table of distinct signatures; (B) the pieces on top of the inline
   records, which already give inlined calls their bounds and names, with
   function bounds, one signature per name and an "ends with the scope"
   flag instead of most piece lengths.
The figures choose the design; nothing here is used by the kernel.
"""
import collections
import re
import sys


def eg_bits(v, k):
    return 2 * ((v >> k) + 1).bit_length() - 1 + k


class Field:
    def __init__(self, what):
        self.what, self.values, self.fixed_bits = what, collections.Counter(), 0

    def put(self, v):
        self.values[v] += 1

    def bytes(self):
        best = min(sum(eg_bits(v, k) * n for v, n in self.values.items()) for k in range(20)) \
            if self.values else 0
        return (best + self.fixed_bits) // 8


def parse(path):
    """[(depth, name, [(lo, hi)], [(param, type, [(reg, lo|None, hi|None)])])]"""
    scopes = []
    for ln in open(path):
        if ln.startswith('scope '):
            f = ln.split()
            ranges = [tuple(int(x, 16) for x in r.split('-')) for r in f[2].split(',')]
            scopes.append((int(f[3]), f[4], ranges, [], f[1] == '.text'))
        elif ln.startswith(' param '):
            m = re.match(r'^ param (\S+) \((.*)\):(.*)$', ln.rstrip('\n'))
            pieces = []
            for p in m.group(3).split():
                if p != '-':
                    reg, where = p.split('@')
                    lo, hi = (None, None) if where == 'all' else \
                        (int(x, 16) for x in where.split('-'))
                    pieces.append((reg, lo, hi))
            scopes[-1][3].append((m.group(1), m.group(2), pieces))
    return [s[:4] for s in scopes if s[4] and s[3]]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    scopes = parse(sys.argv[1])
    nparams = sum(len(s[3]) for s in scopes)
    in_reg = sum(1 for s in scopes for p in s[3] if p[2])
    sigs = collections.Counter('|'.join([s[1]] + ['%s:%s' % p[:2] for p in s[3]]) for s in scopes)
    rank = {sig: i for i, (sig, _) in enumerate(sigs.most_common())}
    strings = {x for s in scopes for p in s[3] for x in p[:2]}

    # one record per range of a scope, with its pieces cut to the range
    recs = []
    for depth, name, ranges, params in scopes:
        sig = rank['|'.join([name] + ['%s:%s' % p[:2] for p in params])]
        for lo, hi in ranges:
            pieces = []
            for i, (_, _, ps) in enumerate(params):
                for reg, a, b in ps:
                    a, b = (lo, hi) if a is None else (max(a, lo), min(b, hi))
                    if a < b:
                        pieces.append((i, a, b, reg))
            recs.append((lo, depth, hi, sig, len(params), name, pieces))
    recs.sort(key=lambda r: r[:2])

    f = {w: Field(w) for w in ('scope start', 'scope length', 'scope depth', 'scope signature',
                               'pieces per parameter', 'piece start', 'piece length',
                               'piece length, unless it ends with the scope',
                               'function start (B)', 'function length (B)')}
    reg_bits = end_flags = covered = func_bytes = 0
    for i, (lo, depth, hi, sig, np, name, pieces) in enumerate(recs):
        f['scope start'].put(lo - recs[i - 1][0] if i else 0)
        f['scope length'].put(hi - lo - 1)
        f['scope depth'].put(depth)
        f['scope signature'].put(sig)
        if not depth:
            f['function start (B)'].put(lo - recs[i - 1][0] if i else 0)
            f['function length (B)'].put(hi - lo - 1)
            func_bytes += hi - lo
            at = lo
            for _, a, b, _ in sorted(pieces, key=lambda x: x[1]):
                covered += max(0, b - max(a, at))
                at = max(at, b)
        for p in range(np):
            mine = sorted((x for x in pieces if x[0] == p), key=lambda x: x[1])
            f['pieces per parameter'].put(len(mine))
            at = lo
            for _, a, b, reg in mine:
                f['piece start'].put(max(0, a - at))
                f['piece length'].put(b - a - 1)
                end_flags += 1
                if b != hi:
                    f['piece length, unless it ends with the scope'].put(b - a - 1)
                reg_bits += 4
                at = b
    str_bytes = sum(len(x) + 1 for x in strings)
    # a name id, then a name and a type id per parameter: ~2 bytes each
    sig_bytes = str_bytes + sum(2 + 4 * sig.count('|') for sig in sigs)
    by_name = {}
    for sig in sigs:
        by_name.setdefault(sig.split('|')[0], sig)
    name_sig_bytes = str_bytes + sum(1 + 4 * sig.count('|') for sig in by_name.values())
    index = len(recs) // 64 * 8

    b = {w: x.bytes() for w, x in f.items()}
    print('param_study: %s' % sys.argv[1])
    print('input: scope ranges with parameters in .text %d (functions and inlined calls), '
          'pieces in a register %d' % (len(recs), sum(len(r[6]) for r in recs)))
    print('input: parameters %d, in a register at some address %d (%.1f%%)'
          % (nparams, in_reg, 100.0 * in_reg / max(nparams, 1)))
    print('input: distinct signatures %d, distinct names and type spellings %d (%d bytes)'
          % (len(sigs), len(strings), str_bytes))
    print('input: scope ranges with a parameter in a register %d of %d; functions %d of %d'
          % (sum(1 for r in recs if r[6]), len(recs),
             sum(1 for r in recs if r[6] and not r[1]), sum(1 for r in recs if not r[1])))
    print('coverage: bytes of functions with parameters %d, with one in a register there %d (%.1f%%)'
          % (func_bytes, covered, 100.0 * covered / max(func_bytes, 1)))
    print('sizes, field by field (best-order Exp-Golomb):')
    for w in ('scope start', 'scope length', 'scope depth', 'scope signature',
              'pieces per parameter', 'piece start', 'piece length'):
        print('  %-44s %10d bytes' % (w, b[w]))
    print('  %-44s %10d bytes' % ('piece register (4 bits)', reg_bits // 8))
    print('  %-44s %10d bytes' % ('signatures and their strings (estimate)', sig_bytes))
    print('  %-44s %10d bytes' % ('block index (8 bytes per 64 scopes)', index))
    total_a = sum(b[w] for w in ('scope start', 'scope length', 'scope depth', 'scope signature',
                                 'pieces per parameter', 'piece start', 'piece length')) + \
        reg_bits // 8 + sig_bytes + index
    print('size total A (scope records, signatures): %d bytes' % total_a)
    fn = b['function start (B)'] + b['function length (B)']
    pieces_b = b['pieces per parameter'] + b['piece start'] + \
        b['piece length, unless it ends with the scope'] + end_flags // 8 + reg_bits // 8
    print('size B: function bounds %d, pieces %d (lengths %d + end flags %d), '
          'signatures by name (%d names) %d'
          % (fn, pieces_b, b['piece length, unless it ends with the scope'], end_flags // 8,
             len(by_name), name_sig_bytes))
    print('size total B (on the inline records, signatures by name): %d bytes'
          % (fn + pieces_b + name_sig_bytes + index))


if __name__ == '__main__':
    main()
