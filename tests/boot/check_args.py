#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the "Arguments of" blocks of a boot log (CONFIG_KALLSYMS_PARAMINFO).

usage: check_args.py LOG VMLINUX GEN_LINEINFO [--ko NAME=PATH]... [--min N]

Each block follows the register dump of an oops or WARN:

  RIP: 0010:lineinfo_test_args+0x1c/0x40 [lineinfo_test] (lineinfo_test.c:104)
  ...
  RAX: ... RBX: ... RCX: ...
  ...
  Arguments of lineinfo_test_args (lineinfo_test.c:104):
   magic (unsigned long) = 0x1234abcd5678 [rbx]
   tag (const char *) = <unknown here>

A report whose register dump is followed by its Call Trace without a
block must be at a function that has no parameters by the dump.  Two
independent checks per parameter line:
 - a value must be the register of that name in the dump just printed;
 - gdb, which reads DWARF with its own code, must say the same at the RIP
   address: the parameter is in that register, or (for "<unknown here>")
   in no single register.  The address is the RIP symbol + offset in
   VMLINUX, or in the module (--ko), linked by tests/lib/kolink.py so its
   sections have addresses.  gdb's 'info scope' at an address where the
   printed scope is innermost (from gen_lineinfo --dump-params) lists the
   parameter's whole location list, evaluated at the RIP address, as
   tests/host/params_gdb.py does.  A value gdb calls optimized out, or a
   parameter gdb does not list, is a mismatch.
Exits 1 on any mismatch, or with fewer than N (default 1) blocks checked.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'host'))
sys.path.insert(0, os.path.join(HERE, '..', 'lib'))
import params_gdb  # noqa: E402
import kolink  # noqa: E402

TS = re.compile(r'^\[ *\d+\.\d+\] ')
REGS = ('RAX', 'RBX', 'RCX', 'RDX', 'RSI', 'RDI', 'RBP', 'R08', 'R09', 'R10', 'R11',
        'R12', 'R13', 'R14', 'R15')


def reg_name(r):
    """RDX -> rdx, R08 -> r8"""
    r = r.lower()
    return 'r%d' % int(r[1:]) if re.match(r'^r\d+$', r) else r


def blocks(log):
    """[((rip symbol, offset, module), {reg: value}, [(inlined, name, [(p, type, value, reg)])]
    or None where show_regs() printed no block)]"""
    lines = [TS.sub('', ln.rstrip('\n')) for ln in open(log, errors='replace')]
    out = []
    rip = regs = None
    i = 0
    while i < len(lines):
        ln = lines[i]
        m = re.match(r'^RIP: 0010:([\w.]+)\+(0x[0-9a-f]+)/0x[0-9a-f]+(?: \[(\w+)\])?', ln)
        if m:
            rip = (m.group(1), int(m.group(2), 16), m.group(3))
            regs = {}
        m = re.match(r'^RSP: 0018:([0-9a-f]+)', ln)
        if m and regs is not None:
            regs['rsp'] = int(m.group(1), 16)
        for r, v in re.findall(r'\b(R[A-Z0-9]{2}): ([0-9a-f]{16})\b', ln):
            if regs is not None and r in REGS:
                regs[reg_name(r)] = int(v, 16)
        if ln == 'Call Trace:' and rip:
            # show_regs() printed no block: the function must have no parameters
            out.append((rip, dict(regs), None))
            rip = regs = None
        if ln.startswith('Arguments of ') and rip:
            scopes = []
            while i < len(lines) and lines[i].startswith('Arguments of '):
                m = re.match(r'^Arguments of (\S+?)(?: \[\w+\])?(?: \(\S+:\d+\))?( \[inline\])?:$',
                             lines[i])
                params = []
                i += 1
                while i < len(lines) and lines[i].startswith(' '):
                    p = re.match(r'^ (\S+) \((.*)\) = (?:(0x[0-9a-f]+|0) \[(\w+)\]|(<unknown here>))$',
                                 lines[i])
                    if not p:
                        break
                    params.append((p.group(1), p.group(2),
                                   int(p.group(3), 16) if p.group(3) else None, p.group(4)))
                    i += 1
                scopes.append((bool(m and m.group(2)), m.group(1) if m else '?', params))
            out.append((rip, dict(regs), scopes))
            rip = regs = None
            continue
        i += 1
    return out


class Binary:
    """An ELF with a --dump-params dump, symbols and a gdb oracle."""

    def __init__(self, path, gen, tmp):
        self.path = path
        dump = os.path.join(tmp, os.path.basename(path) + '.dump')
        with open(dump, 'w') as f:
            subprocess.run([gen, '--dump-params', path, '-o', dump + '.bin'], stdout=f,
                           stderr=subprocess.DEVNULL, check=True)
        self.scopes = params_gdb.parse_dump(dump, params_gdb.text_addr(path))
        self.index = params_gdb.range_index(self.scopes)
        self.syms = collections.defaultdict(list)
        for ln in subprocess.run(['nm', path], capture_output=True, text=True,
                                 check=True).stdout.splitlines():
            f = ln.split()
            if len(f) == 3 and f[1] in 'tT':
                self.syms[f[2]].append(int(f[0], 16))

    def gdb(self, pc):
        p = subprocess.run(['gdb', '-nx', '-batch', '-ex', 'info scope *%#x' % pc, self.path],
                           capture_output=True, text=True)
        return params_gdb.parse_gdb(p.stdout + p.stderr)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('log')
    ap.add_argument('vmlinux')
    ap.add_argument('gen')
    ap.add_argument('--ko', action='append', default=[])
    ap.add_argument('--min', type=int, default=1)
    a = ap.parse_args()
    kos = dict(k.split('=', 1) for k in a.ko)
    tmp = tempfile.mkdtemp(prefix='check_args.')
    bins = {}
    stats = collections.Counter()
    bad = 0

    def fail(msg):
        nonlocal bad
        bad += 1
        print('check_args: MISMATCH %s' % msg)

    for (sym, off, mod), regs, scopes in blocks(a.log):
        key = mod or 'vmlinux'
        if key not in bins:
            if mod and mod not in kos:
                stats['blocks of modules not given'] += 1
                continue
            path = a.vmlinux
            if mod:
                d = os.path.join(tmp, mod)
                os.makedirs(d, exist_ok=True)
                path, _ = kolink.link(kos[mod], [s for s, _ in kolink.exec_sections(kos[mod])], d)
            bins[key] = Binary(path, a.gen, tmp)
        b = bins[key]
        if len(b.syms.get(sym, [])) != 1:
            stats['blocks at an ambiguous symbol'] += 1
            continue
        pc = b.syms[sym][0] + off
        where = '%s+%#x%s' % (sym, off, ' [%s]' % mod if mod else '')
        holding = [s for s in b.scopes if any(lo <= pc < hi for lo, hi in s['ranges'])]
        if scopes is None:
            if any(s['depth'] == 0 and s['params'] for s in holding):
                fail('%s: no "Arguments of" block, but the function has parameters' % where)
            else:
                stats['reports of functions without parameters, no block'] += 1
            continue
        stats['blocks'] += 1
        if not any(not inline for inline, _, _ in scopes):
            fail('%s: no block of the function itself' % where)
        for inline, name, params in scopes:
            want = [s for s in holding if (s['depth'] > 0) == inline and
                    (not inline or s['name'] == name)]
            if len(want) != 1:
                fail('%s: scope %s: %d scopes of the dump hold the address' % (where, name, len(want)))
                continue
            scope = want[0]
            ipc = params_gdb.innermost_pc(scope, b.index)
            locs = b.gdb(ipc) if ipc is not None else {}
            if not inline and any(v is not None for _, _, v, _ in params):
                stats['blocks with a value'] += 1
            for pname, ptype, value, reg in params:
                stats['parameters'] += 1
                if pname not in locs:
                    fail('%s: %s: gdb does not list %s' % (where, name, pname))
                    continue
                g = params_gdb.gdb_at(locs[pname], pc)
                g = g if g and g != params_gdb.CORRUPT else None
                ours = params_gdb.GDB_REGS.get(reg, reg) if reg else None
                if ours != g:
                    fail('%s: %s: %s: printed %s, gdb %s' % (where, name, pname, reg or 'unknown',
                                                              g or 'not one register'))
                    continue
                if reg is None:
                    stats['unknown here, gdb agrees'] += 1
                    continue
                if regs.get(reg) != value:
                    fail('%s: %s: %s = %#x [%s], the register dump has %s' %
                         (where, name, pname, value, reg,
                          '%#x' % regs[reg] if reg in regs else 'no such register'))
                    continue
                stats['values, gdb and the register dump agree'] += 1
    print('check_args: %s' % ', '.join('%s %d' % kv for kv in sorted(stats.items())) +
          ', mismatches %d' % bad)
    sys.exit(1 if bad or stats['blocks'] < a.min else 0)


if __name__ == '__main__':
    main()
