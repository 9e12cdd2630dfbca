#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the parameter table the kernel's decoder reads against the dump.

usage: params_table.py DUMP LOOKUP BLOB SECTION [--sample N] [--seed S]

DUMP is 'gen_lineinfo --dump-params' of the same ELF: every function and
inlined call with its own parameters and the pieces of code where each is
exactly one register (what tests/host/params_gdb.py checks against gdb).
LOOKUP is tests/host/lineinfo_lookup, run as 'LOOKUP --full --params BLOB
SECTION 0' on section offsets.  The addresses are every byte of every scope
of SECTION, or a seeded sample of N of them.

At each address, the expected report is, innermost first, every inlined
call holding the address with at least one parameter in a register there,
then the function holding it, if it has parameters: each with its
parameters (name, type) and the register of the piece holding the address,
or '-'.  The decoder must print exactly that.  Exit status 1 on any
mismatch.
"""
import argparse
import bisect
import collections
import random
import re
import subprocess
import sys

MAX_ARGS = 16   # LINEINFO_MAX_ARGS


def parse(path, section):
    """[(depth, name, [(lo, hi)], [(param, type, [(reg, lo, hi) or (reg, None, None)])])]"""
    scopes, cur = [], None
    for ln in open(path):
        if ln.startswith('scope '):
            f = ln.split()
            cur = None
            if f[1] != section:
                continue
            ranges = [tuple(int(x, 16) for x in r.split('-')) for r in f[2].split(',')]
            cur = (int(f[3]), f[4], ranges, [])
            scopes.append(cur)
        elif ln.startswith(' param ') and cur is not None:
            m = re.match(r'^ param (\S+) \((.*)\):(.*)$', ln.rstrip('\n'))
            pieces = []
            for p in m.group(3).split():
                if p == '-':
                    continue
                reg, where = p.split('@')
                if where == 'all':
                    pieces.append((reg, None, None))
                else:
                    lo, hi = (int(x, 16) for x in where.split('-'))
                    pieces.append((reg, lo, hi))
            cur[3].append((m.group(1), m.group(2), pieces))
    return scopes


def expected(scopes, addrs):
    """{addr: [(depth, name, [(param, type, reg)])]}, by a sweep over starts"""
    items = sorted((lo, hi, i) for i, s in enumerate(scopes) for lo, hi in s[2])
    los = [x[0] for x in items]
    out = {}
    # scopes nest or are apart: the ones holding A start at most the
    # longest scope before A
    longest = max((hi - lo for lo, hi, _ in items), default=0)
    for a in addrs:
        j = bisect.bisect_right(los, a)
        k = bisect.bisect_left(los, a - longest)
        holding = [(items[t][0], items[t][1], scopes[items[t][2]]) for t in range(k, j)
                   if items[t][1] > a]
        inl, fn = [], None
        for lo, hi, (depth, name, _, params) in holding:
            if not params:
                continue
            regs = []
            for pname, ptype, pieces in params[:MAX_ARGS]:
                reg = '-'
                for r, plo, phi in sorted(pieces, key=lambda p: (p[1] is not None, p[1] or 0)):
                    if plo is None or plo <= a < phi:
                        reg = r
                        break
                regs.append((pname, ptype, reg))
            if depth == 0:
                fn = (0, '-', regs)
            elif any(r != '-' for _, _, r in regs):
                inl.append((depth, name, regs))
        inl.sort(key=lambda x: -x[0])
        out[a] = inl + ([fn] if fn else [])
    return out


def decoded(line):
    f = line.rstrip('\n').split(' |')
    addr = int(f[0], 16)
    res = []
    for sc in f[1:]:
        m = re.match(r'^(\d+) (\S+)(.*)$', sc)
        regs = re.findall(r' (\S+)\((.*?)\)=(\S+)', m.group(3))
        res.append((int(m.group(1)), m.group(2), regs))
    return addr, res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dump')
    ap.add_argument('lookup')
    ap.add_argument('blob')
    ap.add_argument('section')
    ap.add_argument('--sample', type=int, default=0)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    scopes = parse(a.dump, a.section)
    addrs = sorted({x for s in scopes for lo, hi in s[2] for x in range(lo, hi)}) \
        if not a.sample else None
    if a.sample:
        rng = random.Random(a.seed)
        spans = [(lo, hi) for s in scopes if s[0] == 0 for lo, hi in s[2]]
        total = sum(hi - lo for lo, hi in spans)
        cum = []
        t = 0
        for lo, hi in spans:
            t += hi - lo
            cum.append(t)
        addrs = []
        for _ in range(a.sample):
            x = rng.randrange(total)
            i = bisect.bisect_right(cum, x)
            lo, hi = spans[i]
            addrs.append(lo + x - (cum[i] - (hi - lo)))
        addrs = sorted(set(addrs))
    want = expected(scopes, addrs)
    p = subprocess.run([a.lookup, '--full', '--params', a.blob, a.section, '0'],
                       input=''.join('%x\n' % x for x in addrs), capture_output=True,
                       text=True)
    if p.returncode:
        sys.exit('params_table: lookup failed: %s' % p.stderr.strip())
    bad = 0
    stats = collections.Counter()
    for line in p.stdout.splitlines():
        addr, got = decoded(line)
        exp = [(d, n, [tuple(r) for r in regs]) for d, n, regs in want[addr]]
        got = [(d, n, [tuple(r) for r in regs]) for d, n, regs in got]
        stats['addresses'] += 1
        stats['with a register'] += any(r[2] != '-' for sc in got for r in sc[2])
        stats['inlined scopes'] += sum(1 for sc in got if sc[0])
        if got != exp:
            bad += 1
            if bad <= 10:
                print('params_table: MISMATCH %#x\n  table: %s\n  dump:  %s' % (addr, got, exp))
    print('params_table: %s %s: %d addresses, %d with a parameter in a register, '
          '%d inlined scopes shown, %d mismatches'
          % (a.blob, a.section, stats['addresses'], stats['with a register'],
             stats['inlined scopes'], bad))
    sys.exit(1 if bad or not stats['addresses'] else 0)


if __name__ == '__main__':
    main()
