#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parameter registers of gen_lineinfo --dump-params against gdb.

usage: params_gdb.py PROG DUMP [--bug-sites | --sample N]

PROG is a linked executable or vmlinux, DUMP the output of
'gen_lineinfo --dump-params PROG -o ... --range .text'.  For every function
and inlined call of the dump, at one address where it is the innermost
scope, gdb's 'info scope *ADDR' lists its parameters with their locations
(gdb reads DWARF with its own code, not libdw's).  At every address of the
scope, each parameter must be in the same register by both, or in none:
a register by gdb's "a variable in $REG" (for the whole scope, or in one of
its "Range A-B:" entries), nothing for any other description (pieces,
optimized out, a constant, memory, a computed value, an entry value).  Prints counts
and the first disagreements; exits 1 on any, or if nothing was compared.

With --bug-sites (a vmlinux with CONFIG_GENERIC_BUG_RELATIVE_POINTERS and
CONFIG_DEBUG_BUGVERBOSE), only the scopes that hold a WARN or BUG site of
its __bug_table are compared, every address of each as above.  With
--sample N, N functions and inlined calls with parameters picked at random
(seed 1), every address of each: their calls, and every other instruction.
"""
import bisect
import collections
import random
import re
import struct
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


def bug_sites(prog):
    """The addresses of the WARN and BUG sites in the __bug_table of @prog:
    struct bug_entry with relative pointers and a file and line, 12 bytes."""
    for ln in subprocess.run(['readelf', '-SW', prog], capture_output=True, text=True,
                             check=True).stdout.splitlines():
        m = re.search(r'\]\s+__bug_table\s+PROGBITS\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)', ln)
        if m:
            addr, off, size = (int(g, 16) for g in m.groups())
            break
    else:
        sys.exit('%s: no __bug_table' % prog)
    with open(prog, 'rb') as f:
        f.seek(off)
        data = f.read(size)
    if size % 12:
        sys.exit('%s: __bug_table of %d bytes is not made of 12-byte entries' % (prog, size))
    sites = []
    for i in range(0, size, 12):
        disp, = struct.unpack_from('<i', data, i)
        sites.append((addr + i + disp) & (2 ** 64 - 1))
    return sites


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


def sites_in(sites, lo, hi):
    """The sorted @sites in [lo, hi)."""
    return sites[bisect.bisect_left(sites, lo):bisect.bisect_left(sites, hi)]


def innermost_pc(scope, index):
    """An address of @scope that no deeper scope covers, or None; @index is
    (sorted starts, [(lo, hi, depth)]) of every scope range."""
    starts, ranges = index
    for lo, hi in scope['ranges']:
        i = bisect.bisect_left(starts, lo)
        # deeper scopes inside this range, by start; skip past each that covers a
        a = lo
        while i < len(ranges) and ranges[i][0] < hi:
            r_lo, r_hi, d = ranges[i]
            if d > scope['depth'] and r_lo <= a < r_hi:
                a = r_hi
            elif d > scope['depth'] and r_lo > a:
                break
            i += 1
        if a < hi:
            return a
    return None


def range_index(scopes):
    ranges = sorted((lo, hi, s['depth']) for s in scopes for lo, hi in s['ranges'])
    return [r[0] for r in ranges], ranges


CORRUPT = 'corrupt'


def parse_gdb(text):
    """'info scope' output (stdout and stderr) -> ({symbol: ('all', reg) |
    ('ranges', [(lo, hi, reg|None|CORRUPT)])}, stopped).  gdb 13 prints the
    first operation of an expression it cannot read ("a variable in $r15"),
    then "Corrupted DWARF2 expression" and stops listing: such a range is
    CORRUPT, and @stopped says the list was cut."""
    syms = {}
    cur = None
    stopped = False
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
            stopped |= 'Corrupted DWARF2 expression' in desc
            continue
        m = re.search(r'Range (0x[0-9a-f]+)-(0x[0-9a-f]+): (.*)$', ln)
        if m and cur is not None:
            # exactly one register: not "[8-byte piece]", not "and ..."
            r = re.match(r'^a variable in \$([a-z0-9]+)$', m.group(3))
            reg = GDB_REGS.get(r.group(1), r.group(1)) if r else None
            if 'Corrupted DWARF2 expression' in m.group(3):
                reg = CORRUPT
                stopped = True
            cur.append((int(m.group(1), 16), int(m.group(2), 16), reg))
    return syms, stopped


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


def segments(scope, pieces, loc):
    """The scope's addresses cut where either answer may change: (start, length)."""
    cuts = set()
    for lo, hi in scope['ranges']:
        cuts |= {lo, hi}
    cuts |= {x for _, lo, hi in pieces if lo is not None for x in (lo, hi)}
    if loc[0] == 'ranges':
        cuts |= {x for lo, hi, _ in loc[1] for x in (lo, hi)}
    cuts = sorted(cuts)
    for lo, hi in scope['ranges']:
        for a, b in zip(cuts, cuts[1:]):
            if lo <= a and b <= hi:
                yield a, b - a


def main():
    argv = sys.argv[1:]
    sample = 0
    if '--sample' in argv:
        i = argv.index('--sample')
        sample = int(argv[i + 1])
        del argv[i:i + 2]
    args = [a for a in argv if not a.startswith('--')]
    if len(args) != 2 or set(argv) - set(args) - {'--bug-sites'}:
        sys.exit(__doc__)
    prog, dump = args
    scopes = parse_dump(dump, text_addr(prog))
    stats = collections.Counter()
    if sample:
        # a seeded sample of functions and inlined calls with parameters
        with_params = [s for s in scopes if s['params']]
        scopes_all = scopes
        scopes = random.Random(1).sample(with_params, min(sample, len(with_params)))
        stats['scopes sampled'] = len(scopes)
    if '--bug-sites' in sys.argv:
        sites = sorted(bug_sites(prog))
        held = [s for s in scopes
                if any(lo <= a < hi for lo, hi in s['ranges'] for a in sites_in(sites, lo, hi))]
        stats['WARN/BUG sites'] = len(sites)
        stats['WARN/BUG sites in a scope with parameters'] = len({
            a for s in held if s['params'] for lo, hi in s['ranges']
            for a in sites_in(sites, lo, hi)})
        scopes_all, scopes = scopes, held
    elif not sample:
        scopes_all = scopes
    index = range_index(scopes_all)
    todo = [(s, innermost_pc(s, index)) for s in scopes if s['params']]
    cmds = []
    for s, pc in todo:
        if pc is None:
            stats['scopes covered by inlined calls'] += 1
            continue
        cmds += ['-ex', 'echo @@ %#x\\n' % pc, '-ex', 'info scope *%#x' % pc]
    out = subprocess.run(['gdb', '-nx', '-batch'] + cmds + [prog], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True).stdout
    by_pc = {}
    for part in out.split('@@ ')[1:]:
        head, _, body = part.partition('\n')
        by_pc[int(head, 16)] = parse_gdb(body)
    bad = []
    for s, pc in todo:
        if pc is None:
            continue
        syms, stopped = by_pc.get(pc, ({}, False))
        stats['scopes compared'] += 1
        for name, typ, pieces in s['params']:
            if name not in syms:
                if stopped:
                    # documented: gdb stopped listing at an expression it cannot read
                    stats['gdb: not listed after a corrupted expression'] += 1
                    continue
                stats['parameter unknown to gdb'] += 1
                bad.append((s['name'], pc, name, 'not in gdb scope'))
                continue
            stats['parameters compared'] += 1
            in_reg = False
            for a, n in segments(s, pieces, syms[name]):
                o, g = ours_at(pieces, a), gdb_at(syms[name], a)
                if g == CORRUPT and o is None:
                    # documented: more than one operation (DW_OP_regN, then
                    # DW_OP_GNU_uninit): not exactly one register, unknown
                    stats['gdb: register of a corrupted expression (ours: unknown)'] += n
                elif o == g:
                    stats['addresses agree'] += n
                    stats['addresses in a register' if o else 'addresses unknown here'] += n
                    in_reg |= bool(o)
                else:
                    stats['mismatch'] += n
                    bad.append((s['name'], a, name, 'ours %s, gdb %s' % (o, g)))
            stats['parameters in a register somewhere' if in_reg else
                  'parameters never in a register'] += 1
    print('params_gdb: %s: %s' % (prog, ', '.join('%s %d' % kv for kv in sorted(stats.items()))))
    for b in bad[:8]:
        print('  MISMATCH %s at %#x: %s: %s' % b)
    if bad or not stats['parameters compared']:
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
