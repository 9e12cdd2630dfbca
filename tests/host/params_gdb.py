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

Where gdb cannot read a location expression (GCC's DW_OP_GNU_uninit after a
register: "Corrupted DWARF2 expression for ..."), it stops listing: the rest
of that parameter's location list and the parameters after it are not
gdb's silence but unknown.  At those addresses a third reader settles the
register: llvm-dwarfdump (--lookup at the scope's address, then the scope's
DIE with its children), exactly one DW_OP_regN/DW_OP_regx being a register,
anything else none.  A register of ours that llvm-dwarfdump does not give is
a mismatch; none of ours where it gives one is accepted (and counted) only
after a DW_OP_GNU_uninit entry of that list, where libdw 0.188 (Debian 12)
stops reading and 0.192 (Debian 13) does not.

  params_gdb.py --selftest   the comparison on gdb outputs of that shape and
                             made-up llvm-dwarfdump answers, no gdb run

With --bug-sites (a vmlinux with CONFIG_GENERIC_BUG_RELATIVE_POINTERS and
CONFIG_DEBUG_BUGVERBOSE), only the scopes that hold a WARN or BUG site of
its __bug_table are compared, every address of each as above.  With
--sample N, N functions and inlined calls with parameters picked at random
(seed 1), every address of each: their calls, and every other instruction.
"""
import bisect
import collections
import os
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
GDB_CORRUPT = 'Corrupted DWARF2 expression'


def parse_gdb(text):
    """'info scope' output (stdout and stderr) -> ({symbol: ('all', reg) |
    ('ranges', [(lo, hi, reg|None|CORRUPT)])}, stopped, cut).  gdb 13 prints
    the first operation of an expression it cannot read ("a variable in
    $r15") and then, on the same line, "Corrupted DWARF2 expression for
    "x"."; gdb 16 puts that message on a line of its own.  Either way gdb
    stops there: the symbol it was describing is in @cut (its last range,
    or its single location, is CORRUPT; nothing after it is listed), and
    @stopped says the list of symbols was cut as well.

    gdb lists the innermost block first and then its superblocks; gdb 16
    goes on past an inlined function into its caller's blocks, where a
    local of the same name ("pages", optimized out) follows the inlined
    parameter.  The first listing of a name is the one in scope; a later
    one is shadowed and skipped with its ranges."""
    syms = {}
    cur = None
    last = None
    stopped = False
    cut = set()
    for ln in text.splitlines():
        m = re.match(r'^Symbol (\S+) is (.*)$', ln)
        if m:
            name, desc = m.group(1), m.group(2)
            cur = None
            last = name
            if name in syms:
                # shadowed: its ranges go nowhere, and a corrupted
                # expression in it still stops the list
                last = None
                cur = [] if desc.startswith('multi-location:') else None
                stopped |= GDB_CORRUPT in desc
                continue
            if desc.startswith('multi-location:'):
                cur = []
                syms[name] = ('ranges', cur)
                desc = desc[len('multi-location:'):]
            else:
                r = re.match(r'^a variable in \$(\w+), length', desc)
                syms[name] = ('all', GDB_REGS.get(r.group(1), r.group(1)) if r else None)
            if GDB_CORRUPT in desc:
                stopped = True
                cut.add(name)
                if cur is None:
                    syms[name] = ('all', CORRUPT)
            continue
        m = re.search(r'Range (0x[0-9a-f]+)-(0x[0-9a-f]+): (.*)$', ln)
        if m and cur is not None:
            # exactly one register: not "[8-byte piece]", not "and ..."
            r = re.match(r'^a variable in \$([a-z0-9]+)$', m.group(3))
            reg = GDB_REGS.get(r.group(1), r.group(1)) if r else None
            if GDB_CORRUPT in m.group(3):
                reg = CORRUPT
                stopped = True
                if last is not None:
                    cut.add(last)
            cur.append((int(m.group(1), 16), int(m.group(2), 16), reg))
            continue
        if GDB_CORRUPT in ln:
            # the message on a line of its own: about the entry just listed
            stopped = True
            if last is not None:
                cut.add(last)
                loc = syms[last]
                if loc[0] == 'all':
                    syms[last] = ('all', CORRUPT)
                elif loc[1] and cur is loc[1]:
                    lo, hi, _ = cur[-1]
                    cur[-1] = (lo, hi, CORRUPT)
    return syms, stopped, cut


# llvm-dwarfdump, the third reader

DWARF_GPR = ['ax', 'dx', 'cx', 'bx', 'si', 'di', 'bp', 'sp',
             'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15']


# DW_OP_GNU_uninit (0xf0), which llvm-dwarfdump 14 does not know by name
LLVM_UNINIT = re.compile(r'DW_OP_GNU_uninit|<decoding error> f0\b')


def llvm_one_register(expr):
    """The register of an llvm-dwarfdump expression that is exactly one
    general register (DW_OP_regN, DW_OP_regx), else None."""
    m = re.match(r'^DW_OP_reg(\d+)(?: [A-Za-z0-9]+)?$', expr)
    if m:
        n = int(m.group(1))
    else:
        m = re.match(r'^DW_OP_regx (0x[0-9a-f]+|\d+)(?: [A-Za-z0-9]+)?$', expr)
        if not m:
            return None
        n = int(m.group(1), 0)
    return DWARF_GPR[n] if n < len(DWARF_GPR) else None


def parse_llvm_die(text):
    """'llvm-dwarfdump --debug-info=OFF -c -r 1' output -> (name of the DIE,
    {parameter name: [location list of each child of that name]}), a
    location list being [(lo, hi, reg, after_uninit)], lo None for a location
    that holds everywhere; after_uninit: an entry before it in the list has
    DW_OP_GNU_uninit."""
    dies = []
    for ln in text.splitlines():
        m = re.match(r'^0x[0-9a-f]+:\s+(DW_TAG_\w+|NULL)', ln)
        if m:
            dies.append((m.group(1), []))
        elif dies:
            dies[-1][1].append(ln)
    if not dies:
        return None, {}

    def name_of(lines):
        for ln in lines:
            m = re.match(r'^\s*DW_AT_name\s+\("(.*)"\)$', ln)
            if m:
                return m.group(1)
        for ln in lines:
            m = re.match(r'^\s*DW_AT_(?:abstract_origin|specification)\s+'
                         r'\(0x[0-9a-f]+ "(.*)"\)$', ln)
            if m:
                return m.group(1)
        return None

    params = {}
    for tag, lines in dies[1:]:
        if tag != 'DW_TAG_formal_parameter':
            continue
        name = name_of(lines)
        entries = []
        for k, ln in enumerate(lines):
            m = re.match(r'^\s*DW_AT_location\s+\((.*)$', ln)
            if not m:
                continue
            if not re.match(r'^0x[0-9a-f]+:\s*$', m.group(1)):
                # one expression for the whole scope
                entries.append((None, None, m.group(1)[:-1] if m.group(1).endswith(')')
                                else m.group(1)))
                break
            for ln2 in lines[k + 1:]:
                e = re.match(r'^\s*\[(0x[0-9a-f]+), (0x[0-9a-f]+)\): (.*)$', ln2)
                d = re.match(r'^\s*<default>: (.*)$', ln2)
                if e:
                    entries.append((int(e.group(1), 16), int(e.group(2), 16), e.group(3)))
                elif d:
                    entries.append((None, None, d.group(1)))
                else:
                    break
            # the attribute's closing parenthesis ends its last entry
            if entries and entries[-1][2].endswith(')'):
                entries[-1] = entries[-1][:2] + (entries[-1][2][:-1],)
            break
        out, uninit = [], False
        for lo, hi, expr in entries:
            out.append((lo, hi, llvm_one_register(expr), uninit))
            uninit |= bool(LLVM_UNINIT.search(expr))
        params.setdefault(name, []).append(out)
    return name_of(dies[0][1]), params


class Llvm:
    """llvm-dwarfdump on @prog: the parameter locations of the innermost
    function or inlined call at an address, or None with the reason."""

    def __init__(self, prog):
        self.prog = prog
        self.tool = os.environ.get('LLVM_DWARFDUMP', 'llvm-dwarfdump')
        self.cache = {}

    def run(self, *args):
        try:
            return subprocess.run([self.tool] + list(args) + [self.prog], capture_output=True,
                                  text=True).stdout
        except OSError as e:
            return 'error: %s' % e

    def scope(self, pc):
        if pc not in self.cache:
            offs = re.findall(r'^(0x[0-9a-f]+):\s+DW_TAG_(?:subprogram|inlined_subroutine)\b',
                              self.run('--lookup=%#x' % pc), re.M)
            if not offs:
                self.cache[pc] = (None, {})
            else:
                self.cache[pc] = parse_llvm_die(self.run('--debug-info=%s' % offs[-1],
                                                         '--show-children', '--recurse-depth=1'))
        return self.cache[pc]

    def param(self, pc, scope_name, name):
        """[(lo, hi, reg, after_uninit)] of @name in the scope at @pc, or the
        reason there is no answer."""
        die, params = self.scope(pc)
        if die is None:
            return 'llvm-dwarfdump finds no function at %#x' % pc
        if die != scope_name:
            return 'llvm-dwarfdump: the scope at %#x is %s' % (pc, die)
        if len(params.get(name, [])) != 1:
            return 'llvm-dwarfdump: %d parameters %s' % (len(params.get(name, [])), name)
        return params[name][0]


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


def gdb_definite(loc, cut, a):
    """(True, gdb's register or None) where gdb's answer at @a holds, else
    (False, None): in an expression it could not read, or past the point
    where it stopped listing the symbol (@cut), or a symbol it never got to
    (@loc None)."""
    if loc is None:
        return False, None
    if loc[0] == 'all':
        return loc[1] != CORRUPT and not cut, loc[1]
    for lo, hi, reg in loc[1]:
        if lo <= a < hi:
            return reg != CORRUPT, reg
    return not cut, None


def llvm_at(entries, a):
    """(register or None, after DW_OP_GNU_uninit) of llvm-dwarfdump's list at @a."""
    for lo, hi, reg, after in entries:
        if lo is not None and lo <= a < hi:
            return reg, after
    for lo, hi, reg, after in entries:
        if lo is None:
            return reg, after
    return None, False


def segments(scope, pieces, loc, extra=()):
    """The scope's addresses cut where any answer may change: (start, length)."""
    cuts = set(extra)
    for lo, hi in scope['ranges']:
        cuts |= {lo, hi}
    cuts |= {x for _, lo, hi in pieces if lo is not None for x in (lo, hi)}
    if loc and loc[0] == 'ranges':
        cuts |= {x for lo, hi, _ in loc[1] for x in (lo, hi)}
    cuts = sorted(cuts)
    for lo, hi in scope['ranges']:
        for a, b in zip(cuts, cuts[1:]):
            if lo <= a and b <= hi:
                yield a, b - a


def compare_scope(s, pc, gdb, llvm, stats, bad):
    """Compare the parameters of scope @s with gdb's 'info scope *@pc'
    (parse_gdb()), with @llvm (Llvm) where gdb stopped; count into @stats,
    append disagreements to @bad."""
    syms, stopped, cut = gdb
    stats['scopes compared'] += 1
    for name, typ, pieces in s['params']:
        loc = syms.get(name)
        if loc is None and not stopped:
            stats['parameter unknown to gdb'] += 1
            bad.append((s['name'], pc, name, 'not in gdb scope'))
            continue
        # gdb stopped at an expression it cannot read before this symbol or
        # in its list: llvm-dwarfdump answers for the rest
        entries = None
        if loc is None or name in cut:
            entries = llvm.param(pc, s['name'], name)
            if isinstance(entries, str):
                stats['mismatch'] += 1
                bad.append((s['name'], pc, name, 'gdb stopped at a corrupted expression, '
                            'and %s' % entries))
                continue
            stats['parameters settled by llvm-dwarfdump where gdb stopped'] += 1
        stats['parameters compared'] += 1
        in_reg = False
        extra = {x for lo, hi, _, _ in entries or () if lo is not None for x in (lo, hi)}
        for a, n in segments(s, pieces, loc, extra):
            o = ours_at(pieces, a)
            known, g = gdb_definite(loc, name in cut, a)
            if known:
                ok = o == g
                why = 'ours %s, gdb %s' % (o, g)
            else:
                l, after_uninit = llvm_at(entries, a)
                ok = o == l
                why = 'ours %s, gdb %s, llvm-dwarfdump %s' % (
                    o, 'corrupted expression' if g == CORRUPT else 'stopped', l)
                if ok:
                    stats['addresses settled by llvm-dwarfdump'] += n
                elif o is None and after_uninit:
                    # documented: libdw 0.188 stops reading the list at
                    # DW_OP_GNU_uninit; the rest is unknown to us
                    stats['llvm-dwarfdump: register after DW_OP_GNU_uninit (ours: unknown)'] += n
                    continue
            if ok:
                stats['addresses agree'] += n
                stats['addresses in a register' if o else 'addresses unknown here'] += n
                in_reg |= bool(o)
            else:
                stats['mismatch'] += n
                bad.append((s['name'], a, name, why))
        stats['parameters in a register somewhere' if in_reg else
              'parameters never in a register'] += 1


# --selftest: vmap of a test vmlinux, whose 'prot' has a DW_OP_GNU_uninit
# entry in its location list, as gdb 13 and gdb 16 print it and as
# llvm-dwarfdump does; 'flags' comes after it and gdb never gets there.
ST_BASE = 0xffffffff810ef000
ST_GDB13 = """Scope for *0xffffffff810ef3b0:
Symbol addr is a variable in $rdi, length 8.
Symbol prot is multi-location:
  Base address 0xffffffff810ef3b0  Range 0xffffffff810ef3c0-0xffffffff810ef3d9: a variable in $rcx
  Range 0xffffffff810ef41e-0xffffffff810ef42f: a variable in $r13Corrupted DWARF2 expression for "prot".
"""
ST_GDB16 = ST_GDB13.replace('$r13Corrupted', '$r13\nCorrupted')
ST_LLVM = """vmlinux:	file format elf64-x86-64

.debug_info contents:

0x0012ab34: DW_TAG_subprogram
              DW_AT_name	("vmap")
              DW_AT_low_pc	(0xffffffff810ef3b0)
              DW_AT_high_pc	(0xffffffff810ef480)

0x0012ab50:   DW_TAG_formal_parameter
                DW_AT_name	("addr")
                DW_AT_type	(0x00001234 "void *")
                DW_AT_location	(DW_OP_reg5 RDI)

0x0012ab5d:   DW_TAG_formal_parameter
                DW_AT_name	("prot")
                DW_AT_type	(0x00001240 "pgprot_t")
                DW_AT_location	(0x00abcdef: 
                   [0xffffffff810ef3c0, 0xffffffff810ef3d9): DW_OP_reg2 RCX
                   [0xffffffff810ef41e, 0xffffffff810ef42f): DW_OP_reg13 R13, DW_OP_GNU_uninit
                   [0xffffffff810ef42f, 0xffffffff810ef437): DW_OP_reg1 RDX
                   [0xffffffff810ef465, 0xffffffff810ef46a): DW_OP_reg2 RCX)
                DW_AT_GNU_locviews	(0x00abcde0)

0x0012ab6a:   DW_TAG_formal_parameter
                DW_AT_name	("flags")
                DW_AT_type	(0x00001250 "long unsigned int")
                DW_AT_location	(0x00abce20: 
                   [0xffffffff810ef3b0, 0xffffffff810ef400): DW_OP_reg12 R12
                   [0xffffffff810ef400, 0xffffffff810ef480): DW_OP_entry_value(DW_OP_reg1 RDX), DW_OP_stack_value)

0x0012ab77:   DW_TAG_variable
                DW_AT_name	("area")

0x0012ab80:   NULL
"""


class FakeLlvm(Llvm):
    def __init__(self, text):
        self.text = text
        self.cache = {}
        self.asked = 0

    def scope(self, pc):
        self.asked += 1
        return parse_llvm_die(self.text) if self.text else (None, {})


def selftest():
    def scope(prot, flags='r12@0x3b0-0x400'):
        text = 'scope .text 0x3b0-0x480 0 vmap\n param addr (void *): di@all\n' \
               ' param prot (pgprot_t): %s\n param flags (long unsigned int): %s\n' % (prot, flags)
        path = '/tmp/params_gdb_selftest.%d' % os.getpid()
        with open(path, 'w') as f:
            f.write(text)
        try:
            return parse_dump(path, ST_BASE)[0]
        finally:
            os.unlink(path)

    def run(gdb_text, dump_scope, llvm_text=ST_LLVM):
        stats, bad = collections.Counter(), []
        compare_scope(dump_scope, ST_BASE + 0x3b0, parse_gdb(gdb_text), FakeLlvm(llvm_text),
                      stats, bad)
        return stats, bad

    trixie = 'cx@0x3c0-0x3d9 dx@0x42f-0x437 cx@0x465-0x46a'   # libdw 0.192
    bookworm = 'cx@0x3c0-0x3d9'                                 # libdw 0.188 stops
    fails = 0
    cases = [
        # (what, gdb output, our pieces of prot, flags, llvm, want a mismatch)
        ('gdb 13, libdw reads past DW_OP_GNU_uninit', ST_GDB13, trixie, None, ST_LLVM, False),
        ('gdb 16, libdw reads past DW_OP_GNU_uninit', ST_GDB16, trixie, None, ST_LLVM, False),
        ('gdb 16, libdw stops at DW_OP_GNU_uninit', ST_GDB16, bookworm, None, ST_LLVM, False),
        ('gdb 13, libdw stops, llvm-dwarfdump 14 ("<decoding error> f0")', ST_GDB13, bookworm,
         None, ST_LLVM.replace('DW_OP_GNU_uninit', '<decoding error> f0'), False),
        ('gdb 13, libdw stops, an undecodable operation other than DW_OP_GNU_uninit', ST_GDB13,
         bookworm, None, ST_LLVM.replace('DW_OP_GNU_uninit', '<decoding error> f3'), True),
        ('gdb 16, ours r8 where llvm-dwarfdump says rdx', ST_GDB16,
         'cx@0x3c0-0x3d9 r8@0x42f-0x437 cx@0x465-0x46a', None, ST_LLVM, True),
        ('gdb 13, ours r13 in the DW_OP_GNU_uninit entry', ST_GDB13,
         'cx@0x3c0-0x3d9 r13@0x41e-0x42f dx@0x42f-0x437', None, ST_LLVM, True),
        ('gdb 16, ours rdx past the last entry', ST_GDB16,
         'cx@0x3c0-0x3d9 dx@0x42f-0x440', None, ST_LLVM, True),
        ('gdb 16, parameter after the stop in a wrong register', ST_GDB16, trixie,
         'r13@0x3b0-0x400', ST_LLVM, True),
        ('gdb 16, parameter after the stop: none of ours, llvm-dwarfdump r12', ST_GDB16, trixie,
         '-', ST_LLVM, True),
        ('gdb 16, llvm-dwarfdump has no answer', ST_GDB16, trixie, None, '', True),
        ('gdb 16, llvm-dwarfdump finds another function', ST_GDB16, trixie, None,
         ST_LLVM.replace('("vmap")', '("vunmap")'), True),
        ('gdb 16, ours rdx where gdb (before it stops) says rcx', ST_GDB16,
         'cx@0x3c0-0x3d0 dx@0x3d0-0x3d9 dx@0x42f-0x437 cx@0x465-0x46a', None, ST_LLVM, True),
    ]
    for what, gdb_text, prot, flags, llvm_text, want_bad in cases:
        stats, bad = run(gdb_text, scope(prot, flags or 'r12@0x3b0-0x400'), llvm_text)
        settled = stats['parameters settled by llvm-dwarfdump where gdb stopped']
        unknown = stats['llvm-dwarfdump: register after DW_OP_GNU_uninit (ours: unknown)']
        ok = bool(bad) == want_bad and (want_bad or settled == 2)
        fails += not ok
        if bad:
            got = 'mismatch: %s' % bad[0][3]
        else:
            got = '%d parameters, %d addresses settled by llvm-dwarfdump' % (
                settled, stats['addresses settled by llvm-dwarfdump'])
            if unknown:
                got += ', %d after DW_OP_GNU_uninit unknown to us' % unknown
        print('%s - %s: %s' % ('ok' if ok else 'not ok', what, got))
    # the parser: both shapes cut 'prot' at its second range and stop
    for what, text in (('gdb 13', ST_GDB13), ('gdb 16', ST_GDB16)):
        syms, stopped, cut = parse_gdb(text)
        ok = (stopped and cut == {'prot'} and syms['addr'] == ('all', 'di') and
              syms['prot'][1][-1][2] == CORRUPT and 'flags' not in syms)
        fails += not ok
        print('%s - %s output: prot cut at its DW_OP_GNU_uninit range, nothing after it' %
              ('ok' if ok else 'not ok', what))
    # gdb 16 past an inlined function: the caller's optimized-out 'prot'
    # after the inlined parameter must not replace it
    shadow = ('Scope for *0xffffffff810ef3b0:\n'
              'Symbol addr is a variable in $rdi, length 8.\n'
              'Symbol prot is multi-location:\n'
              '  Base address 0xffffffff810ef3b0  Range 0xffffffff810ef3c0-0xffffffff810ef3d9:'
              ' a variable in $rcx\n, length 8.\n'
              'Symbol flags is a variable in $r12, length 8.\n'
              'Symbol prot is optimized out.\n'
              'Symbol addr is multi-location:\n'
              '  Range 0xffffffff810ef3b0-0xffffffff810ef3c0: a variable in $rbx\n, length 8.\n')
    syms, stopped, cut = parse_gdb(shadow)
    stats, bad = collections.Counter(), []
    compare_scope(scope('cx@0x3c0-0x3d9', 'r12@all'), ST_BASE + 0x3b0, (syms, stopped, cut),
                  FakeLlvm(''), stats, bad)
    ok = (not stopped and not cut and syms['addr'] == ('all', 'di') and
          syms['prot'][0] == 'ranges' and not bad and stats['addresses in a register'] > 0)
    fails += not ok
    print('%s - gdb 16 output with the caller\'s symbols of the same names after the inlined'
          ' ones: the inlined ones kept%s' % ('ok' if ok else 'not ok',
                                             ', mismatch: %s' % bad[0][3] if bad else ''))
    print('params_gdb selftest: %s' % ('PASS' if not fails else 'FAIL'))
    return 1 if fails else 0


def main():
    argv = sys.argv[1:]
    if argv == ['--selftest']:
        return selftest()
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
    llvm = Llvm(prog)
    for s, pc in todo:
        if pc is None:
            continue
        compare_scope(s, pc, by_pc.get(pc, ({}, False, set())), llvm, stats, bad)
    print('params_gdb: %s: %s' % (prog, ', '.join('%s %d' % kv for kv in sorted(stats.items()))))
    for b in bad[:8]:
        print('  MISMATCH %s at %#x: %s: %s' % b)
    if bad or not stats['parameters compared']:
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
