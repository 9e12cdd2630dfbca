#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare gen_lineinfo tables, decoded by the kernel's decoder, with an
independent oracle (elfutils eu-addr2line, binutils addr2line,
llvm-symbolizer, or the rows of llvm-dwarfdump --debug-line, see
oracle.dwarfdump_rows()).

agree.py [--oracle eu|binutils|llvm|rows] [--prefix DIR]... [--step N] [--rel] [--insn N]
         LOOKUP ELF BLOB SECTION[=BASE_ADDR,SIZE]...

For each address in each section (every byte, or every N-th with --step),
ask both and compare file and line.  An address the oracle cannot place
(??, line 0) must get no annotation from us either.  In a linked file, the
first bytes of a function whose first line row gen_lineinfo moved back to
the symbol are counted apart where oracle.moved_entries() confirms it.
Prints counts and the first mismatches; exits 1 on any mismatch or if
nothing was annotated.
"""
import argparse, os, re, subprocess, sys

def sections(elf):
    out = subprocess.run(['readelf', '-SW', elf], capture_output=True, text=True, check=True).stdout
    res = {}
    for m in re.finditer(r'\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)', out):
        res[m.group(1)] = (int(m.group(2), 16), int(m.group(3), 16))
    return res

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '../lib'))
from oracle import eu_addr2line, binutils_addr2line, binutils_has_line, llvm_symbolizer, \
    dwarfdump_rows, lineinfo_lookup as ours, functions, rel_functions, moved_entries

def oracle(kind, elf, addrs, prefixes, section=None):
    """@section: (name, base) for ET_REL, where addresses are section offsets."""
    if section:
        addrs = [a - section[1] for a in addrs]
    f = {'eu': eu_addr2line, 'binutils': binutils_addr2line, 'llvm': llvm_symbolizer,
         'rows': dwarfdump_rows}[kind]
    return f(elf, addrs, prefixes, section[0] if section else None)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--oracle', default='eu', choices=['eu', 'binutils', 'llvm', 'rows'])
    ap.add_argument('--prefix', action='append', default=[])
    ap.add_argument('--step', type=int, default=1)
    ap.add_argument('--rel', action='store_true', help='ELF is ET_REL: addresses are section offsets')
    ap.add_argument('--min-annotated', type=int, default=1)
    ap.add_argument('--insn', type=int, default=1, help='instruction granule (4 on arm64)')
    ap.add_argument('lookup'); ap.add_argument('elf'); ap.add_argument('blob')
    ap.add_argument('sections', nargs='+')
    a = ap.parse_args()
    secs = sections(a.elf)
    total = annotated = gaps = artefacts = moved = 0
    mism = []
    # function entries whose first row gen_lineinfo moved to the symbol
    funcs = rel_functions(a.elf) if a.rel else functions(a.elf)
    for s in a.sections:
        if s not in secs:
            sys.exit('agree.py: %s has no section %s' % (a.elf, s))
        addr, size = secs[s]
        if a.rel:
            addr = 0
        addrs = list(range(addr, addr + size, a.step))
        if not addrs:
            continue
        want = oracle(a.oracle, a.elf, addrs, a.prefix, (s, addr) if a.rel else None)
        got = ours(a.lookup, a.blob, s, addr, addrs)
        disputed = []
        ok = moved_entries(lambda q: oracle(a.oracle, a.elf, q, a.prefix, (s, addr) if a.rel else None),
                           addrs, want, got, funcs.get(s, []) if a.rel else funcs, a.insn)
        moved += len(ok)
        for i, (ad, w, g) in enumerate(zip(addrs, want, got)):
            total += 1
            if g:
                annotated += 1
            else:
                gaps += 1
            if w != g and i not in ok:
                if g is None and a.oracle == 'eu':
                    disputed.append((ad, w, g))
                else:
                    mism.append((s, ad, w, g))
        # elfutils 0.188 answers an address after the end of a line-table
        # sequence, up to the next row, with the sequence's last line (e.g.
        # padding or asm after a function).  Where we print nothing and
        # binutils has no line either, that is such an artefact.
        if disputed:
            has = binutils_has_line(a.elf, [d[0] - (addr if a.rel else 0) for d in disputed],
                                    s if a.rel else None)
            for d, h in zip(disputed, has):
                if h:
                    mism.append((s,) + d)
                else:
                    artefacts += 1
    print('%s: addresses %d, annotated %d, without line info %d, eu-addr2line end-of-sequence artefacts %d, '
          'function entries with their first row moved to the symbol %d, mismatches %d'
          % (os.path.basename(a.elf), total, annotated, gaps, artefacts, moved, len(mism)))
    for s, ad, w, g in mism[:10]:
        print('  MISMATCH %s+0x%x: oracle %s, lineinfo %s' % (s, ad - (0 if a.rel else secs[s][0]), w, g))
    if mism:
        sys.exit(1)
    if annotated < a.min_annotated:
        sys.exit('agree.py: only %d annotated addresses' % annotated)

main()
