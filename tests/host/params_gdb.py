#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parameter registers of gen_lineinfo --dump-params against gdb.

usage: params_gdb.py PROG DUMP

PROG is a linked executable, DUMP the output of
'gen_lineinfo --dump-params PROG -o ... --range .text'.  For every function
and inlined call of the dump, at one address where it is the innermost
scope, gdb's 'info scope *ADDR' lists its parameters with their locations
(gdb reads DWARF with its own code, not libdw's).  At every address of the
scope, each parameter must be in the same register by both, or in none:
a register by gdb's "a variable in $REG" (for the whole scope, or in one of
its "Range A-B:" entries), nothing for any other description (optimized
out, a constant, memory, a computed value, an entry value).  Prints counts
and the first disagreements; exits 1 on any, or if nothing was compared.
"""
import collections
import re
import subprocess
import sys

GDB_REGS = {'rax': 'ax', 'rdx': 'dx', 'rcx': 'cx', 'rbx': 'bx', 'rsi': 'si', 'rdi': 'di',
            'rbp': 'bp', 'rsp': 'sp'}


def text_addr(prog):
    for ln in subprocess.run(['readelf', '-SW', prog], capture_output=True, text=True,
                             check=True).stdout.splitlines():
        m = re.search(r'\]\s+\.text\s+PROGBITS\s+([0-9a-f]+)', ln)
        if m:
            return int(m.group(1), 16)
    sys.exit('%s: no .text' % prog)


def parse_dump(path, base):
    scopes = []
    for ln in open(path):
        if ln.startswith('scope '):
            f = ln.split()
            if f[1] != '.text':
                scopes.append(None)
                continue
            ranges = []
            for r in f[2].split(','):
                lo, hi = r.split('-')
                ranges.append((base + int(lo, 16), base + int(hi, 16)))
            scopes.append({'ranges': ranges, 'depth': int(f[3]), 'name': f[4], 'params': []})
        elif ln.startswith(' param ') and scopes and scopes[-1]:
            m = re.match(r'^ param (\S+) \((.*)\):(.*)$', ln.rstrip('\n'))
            pieces = []
            for p in m.group(3).split():
                if p == '-':
                    continue
                reg, where = p.split('@')
                if where == 'all':
                    pieces.append((reg, None, None))
                else:
                    lo, hi = where.split('-')
                    pieces.append((reg, base + int(lo, 16), base + int(hi, 16)))
            scopes[-1]['params'].append((m.group(1), m.group(2), pieces))
    return [s for s in scopes if s]


def innermost_pc(scope, scopes):
    """An address of @scope that no deeper scope covers, or None."""
    deeper = [r for s in scopes if s['depth'] > scope['depth'] for r in s['ranges']]
    for lo, hi in scope['ranges']:
        for a in range(lo, hi):
            if not any(d[0] <= a < d[1] for d in deeper):
                return a
    return None


def parse_gdb(text):
    """'info scope' output -> {symbol: ('all', reg) | ('ranges', [(lo, hi, reg|None)])}."""
    syms = {}
    cur = None
    for ln in text.splitlines():
        m = re.match(r'^Symbol (\S+) is (.*)$', ln)
        if m:
            name, desc = m.group(1), m.group(2)
            cur = None
            if desc.startswith('multi-location:'):
                cur = []
                syms[name] = ('ranges', cur)
                continue
            r = re.match(r'^a variable in \$(\w+), length', desc)
            syms[name] = ('all', GDB_REGS.get(r.group(1), r.group(1)) if r else None)
            continue
        m = re.search(r'Range (0x[0-9a-f]+)-(0x[0-9a-f]+): (.*)$', ln)
        if m and cur is not None:
            r = re.match(r'^a variable in \$(\w+)$', m.group(3))
            cur.append((int(m.group(1), 16), int(m.group(2), 16),
                        GDB_REGS.get(r.group(1), r.group(1)) if r else None))
    return syms


def ours_at(pieces, a):
    for reg, lo, hi in pieces:
        if lo is None or lo <= a < hi:
            return reg
    return None


def gdb_at(loc, a):
    if loc[0] == 'all':
        return loc[1]
    for lo, hi, reg in loc[1]:
        if lo <= a < hi:
            return reg
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    prog, dump = sys.argv[1:]
    scopes = parse_dump(dump, text_addr(prog))
    todo = [(s, innermost_pc(s, scopes)) for s in scopes if s['params']]
    stats = collections.Counter()
    cmds = []
    for s, pc in todo:
        if pc is None:
            stats['scopes covered by inlined calls'] += 1
            continue
        cmds += ['-ex', 'echo @@ %#x\\n' % pc, '-ex', 'info scope *%#x' % pc]
    out = subprocess.run(['gdb', '-nx', '-batch'] + cmds + [prog], capture_output=True,
                         text=True).stdout
    by_pc = {}
    for part in out.split('@@ ')[1:]:
        head, _, body = part.partition('\n')
        by_pc[int(head, 16)] = parse_gdb(body)
    bad = []
    for s, pc in todo:
        if pc is None:
            continue
        syms = by_pc.get(pc, {})
        stats['scopes compared'] += 1
        for name, typ, pieces in s['params']:
            if name not in syms:
                stats['parameter unknown to gdb'] += 1
                bad.append((s['name'], pc, name, 'not in gdb scope'))
                continue
            stats['parameters compared'] += 1
            in_reg = False
            for lo, hi in s['ranges']:
                for a in range(lo, hi):
                    o, g = ours_at(pieces, a), gdb_at(syms[name], a)
                    if o == g:
                        stats['addresses agree'] += 1
                        stats['addresses in a register' if o else 'addresses unknown here'] += 1
                        in_reg |= bool(o)
                    else:
                        stats['mismatch'] += 1
                        bad.append((s['name'], a, name, 'ours %s, gdb %s' % (o, g)))
            stats['parameters in a register somewhere' if in_reg else 'parameters never in a register'] += 1
    print('params_gdb: %s: %s' % (prog, ', '.join('%s %d' % kv for kv in sorted(stats.items()))))
    for b in bad[:8]:
        print('  MISMATCH %s at %#x: %s: %s' % b)
    if bad or not stats['parameters compared']:
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
