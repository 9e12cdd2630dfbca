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

--oracle llvm asks llvm-symbolizer instead (used for the arm64 kernel and
the x86-64 one next to it): a module is first copied with its executable
sections at addresses of their own (elfplace.py).  The ELF's machine picks
the disassembler for return addresses: objdump for x86-64, llvm-objdump for
aarch64 (Debian's objdump has no aarch64 disassembler), where a call is
bl/blr (blraa... with pointer authentication) and ret-1 lies in it as well.

Oracle "??" or line 0 must be "no annotation" on our side.  Prints
"name: value" lines and the first 10 mismatches (AGREE_SHOW=N for more);
exits 1 on a mismatch.
"""
import argparse, bisect, os, random, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '../tests/lib'))
sys.path.insert(0, HERE)
from oracle import eu_addr2line, binutils_has_line, llvm_symbolizer, lineinfo_lookup as ours, \
    functions, rel_functions, moved_entries
import elfplace

ORACLE = {'eu': 'eu-addr2line', 'llvm': 'llvm-symbolizer'}
# disassembler and call mnemonics by ELF machine
CALLS = {elfplace.EM_AARCH64: ('llvm-objdump', ('bl', 'blr', 'blraa', 'blraaz', 'blrab', 'blrabz'))}
X86_CALLS = ('objdump', ('call', 'callq'))

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
            # not the aarch64 mapping symbols ($x: code starts here)
            if p[1] in 'tT' and not p[2].startswith('$'):
                syms.setdefault(('func', int(p[0], 16)), True)
    return syms

def returns(elf, start, stop):
    """Addresses of the instructions that follow a call."""
    objdump, calls = CALLS.get(elfplace.machine(elf), X86_CALLS)
    p = subprocess.Popen([objdump, '-d', '--no-show-raw-insn',
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
        after_call = m.group(2) in calls
    if p.wait():
        sys.exit('agree.py: %s failed' % objdump)
    return res

class Tally:
    """Counts agreement.  eu-addr2line (elfutils 0.188) answers an address
    at or after the end of a line-table sequence, up to the next row, with
    the sequence's last line (e.g. the __pfx_ padding after a function or
    asm like madt_playdead.S).  Where we print nothing and eu-addr2line
    prints a line, binutils addr2line breaks the tie: if it has no line
    either, the address is counted as such an oracle artefact, not as a
    mismatch.  binutils is not the main oracle because 2.40 misreads
    DWARF 5 file indexes.

    llvm-symbolizer answers only inside the ranges of a CU (.debug_aranges,
    DW_AT_ranges), which leave out code that a line-table sequence covers:
    on arm64 the patchable-function-entry NOPs (ftrace) between a function's
    symbol and its DW_AT_low_pc, 8 bytes, where a function gets a range of
    its own (a __section function such as .ref.text, .noinstr.text), and
    the ALTERNATIVE() replacements that .subsection 1 puts after an
    object's functions.  Where it prints nothing and we print a line,
    eu-addr2line, which reads the line table alone, breaks the tie: if it
    prints our line, the address is counted apart (@entry: the
    number of those addresses in the first 8 bytes of a function symbol,
    not of its __pfx_ padding).

    Where no line row starts at a function symbol and the row before it
    belongs to the previous function, gen_lineinfo moves the function's
    first row back to the symbol; the oracles give those bytes the line
    before.  Counted apart (@moved) where oracle.moved_entries() confirms
    it with @ask (the oracle on raw addresses) and @funcs (function
    symbols, raw addresses)."""
    def __init__(self, oracle='eu', prefix='', entries=None, insn=1):
        self.oracle = ORACLE[oracle]
        self.prefix = prefix
        self.entries = entries
        self.insn = insn
        self.mism = []
        self.total = self.annotated = self.artefacts = self.entry = self.moved = 0

    def add(self, kind, where, want, got, elf=None, raw=None, section=None, ask=None, funcs=()):
        self.total += len(want)
        llvm = self.oracle == 'llvm-symbolizer'
        disputed = []
        moved = moved_entries(ask, raw, want, got, funcs, self.insn) if ask and funcs else set()
        self.moved += len(moved)
        for i, (ad, w, g) in enumerate(zip(where, want, got)):
            if g:
                self.annotated += 1
            if w != g and i not in moved:
                if elf and (w is None if llvm else g is None):
                    disputed.append(i)
                else:
                    self.mism.append((kind, ad, w, g))
        if disputed and llvm:
            line = eu(elf, [raw[i] for i in disputed], self.prefix, section)
            # eu-addr2line also confirms the moved function entries there
            eu_moved = moved_entries(lambda q: eu(elf, q, self.prefix, section),
                                     [raw[i] for i in disputed], line,
                                     [got[i] for i in disputed], funcs, self.insn) \
                if ask and funcs else set()
            self.moved += len(eu_moved)
            for k, (i, e) in enumerate(zip(disputed, line)):
                if k in eu_moved:
                    continue
                if e != got[i]:
                    self.mism.append((kind, where[i], want[i], got[i]))
                    continue
                self.artefacts += 1
                if self.entries:
                    j = bisect.bisect_right(self.entries, raw[i]) - 1
                    self.entry += j >= 0 and raw[i] - self.entries[j] < 8
        elif disputed:
            has = binutils_has_line(elf, [raw[i] for i in disputed], section)
            for i, h in zip(disputed, has):
                if h:
                    self.mism.append((kind, where[i], want[i], got[i]))
                else:
                    self.artefacts += 1

    def report(self, name):
        print('%s agreement addresses: %d' % (name, self.total))
        print('%s agreement annotated: %d' % (name, self.annotated))
        if self.oracle == 'eu-addr2line':
            print('%s agreement eu-addr2line end-of-sequence artefacts (binutils: no line): %d'
                  % (name, self.artefacts))
        else:
            print('%s agreement llvm-symbolizer outside CU ranges (eu-addr2line: our line): %d%s'
                  % (name, self.artefacts, ', %d in the first 8 bytes of a function symbol'
                     % self.entry if self.entries else ''))
        print('%s agreement function entries with their first row moved to the symbol: %d'
              % (name, self.moved))
        print('%s agreement mismatches: %d' % (name, len(self.mism)))
        for kind, ad, w, g in self.mism[:int(os.environ.get("AGREE_SHOW", 10))]:
            print('  MISMATCH %s %s: %s %s, lineinfo %s' % (kind, ad, self.oracle, w, g))

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
    pfx = {v for k, v in syms.items() if isinstance(k, str) and k.startswith('__pfx_')}
    t = Tally(a.oracle, a.prefix, [f for f in sets[2][1] if f not in pfx], insn_size(a.elf))
    oracle = llvm_symbolizer if a.oracle == 'llvm' else eu_addr2line
    funcs = functions(a.elf)
    for kind, addrs in sets:
        print('vmlinux %s addresses: %d' % (kind, len(addrs)))
        want = oracle(a.elf, addrs, [a.prefix])
        got = ours(a.lookup, a.blob, '.text', start, addrs)
        t.add(kind, ['.text+0x%x' % (x - start) for x in addrs], want, got, a.elf, addrs,
              ask=lambda q: oracle(a.elf, q, [a.prefix]), funcs=funcs)
    t.report('vmlinux')
    return t

def insn_size(elf):
    """The granule of instruction addresses: 4 on arm64, else 1."""
    return 4 if elfplace.machine(elf) == elfplace.EM_AARCH64 else 1

def module(a):
    name = os.path.basename(a.elf)
    t = Tally(a.oracle, a.prefix, insn=insn_size(a.elf))
    secs = sections(a.elf)
    funcs = rel_functions(a.elf)
    if a.oracle == 'llvm':
        # the sections at addresses of their own, in a scratch copy
        tmp = tempfile.mkdtemp()
        try:
            image, at = elfplace.place(a.elf, [s[0] for s in secs], tmp)
            for sec, _, size in secs:
                addrs = list(range(0, size, a.step))
                base = at[sec]
                ask = lambda q, base=base: llvm_symbolizer(image, [base + x for x in q], [a.prefix])
                want = ask(addrs)
                got = ours(a.lookup, a.blob, sec, 0, addrs)
                t.add(sec, ['%s+0x%x' % (sec, x) for x in addrs], want, got, a.elf, addrs, sec,
                      ask, funcs.get(sec, ()))
        finally:
            shutil.rmtree(tmp)
        t.report(name)
        return t
    for sec, _, size in secs:
        addrs = list(range(0, size, a.step))
        want = eu(a.elf, addrs, a.prefix, sec)
        got = ours(a.lookup, a.blob, sec, 0, addrs)
        t.add(sec, ['%s+0x%x' % (sec, x) for x in addrs], want, got, a.elf, addrs, sec,
              lambda q, sec=sec: eu(a.elf, q, a.prefix, sec), funcs.get(sec, ()))
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
    ap.add_argument('--oracle', choices=['eu', 'llvm'], default='eu')
    a = ap.parse_args()
    a.prefix = os.path.normpath(a.prefix) if a.prefix else ''
    t = vmlinux(a) if a.mode == 'vmlinux' else module(a)
    sys.exit(1 if t.mism else 0)

main()
