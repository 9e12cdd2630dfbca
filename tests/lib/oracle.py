# SPDX-License-Identifier: GPL-2.0
"""The address-to-line oracles the tests and the benchmark compare with.

eu_addr2line(): elfutils' eu-addr2line, the main oracle; llvm_symbolizer()
where eu-addr2line 0.188 cannot read the input (clang objects).  binutils
addr2line 2.40 misreads DWARF 5 file indexes, so it only serves as an
oracle for DWARF 4 (binutils_addr2line()) and as a tie-breaker
(binutils_has_line()): eu-addr2line 0.188 answers an address after the end
of a line-table sequence, up to the next row, with the sequence's last
line (e.g. padding or asm after a function), where binutils has no line.
"""
import os, re, subprocess, sys

def norm(path, prefixes):
    """Strip the longest of @prefixes from @path."""
    path = os.path.normpath(path)
    best = ''
    for p in prefixes:
        p = os.path.normpath(p) if p else ''
        if p and path.startswith(p + '/') and len(p) > len(best):
            best = p
    return path[len(best) + 1:] if best else path

def _run(cmd, addrs):
    out = subprocess.run(cmd, input=''.join('0x%x\n' % a for a in addrs),
                         capture_output=True, text=True, check=True).stdout.splitlines()
    if len(out) != len(addrs):
        sys.exit('%s printed %d lines for %d addresses' % (cmd[0], len(out), len(addrs)))
    return out

def _parse(lines, prefixes):
    """'file:line' or None ("??", line 0, no line) for each output line."""
    res = []
    for l in lines:
        l = re.sub(r' \(discriminator \d+\)$', '', l.strip())
        l = re.sub(r'(:\d+):\d+$', r'\1', l)        # eu-addr2line adds a column
        f, _, n = l.rpartition(':')
        if not f or f.startswith('??') or not n.isdigit() or n == '0':
            res.append(None)
        else:
            res.append('%s:%s' % (norm(f, prefixes), n))
    return res

def eu_addr2line(elf, addrs, prefixes, section=None):
    """Locations of @addrs; with @section, addresses relative to it (ET_REL)."""
    cmd = ['eu-addr2line', '-e', elf] + (['-j', section] if section else [])
    return _parse(_run(cmd, addrs), prefixes)

def binutils_addr2line(elf, addrs, prefixes, section=None):
    cmd = ['addr2line', '-e', elf] + (['-j', section] if section else [])
    return _parse(_run(cmd, addrs), prefixes)

def llvm_symbolizer(elf, addrs, prefixes, section=None):
    """llvm-symbolizer, which shares no code with libdw or binutils.  It
    takes plain addresses: for an ET_REL file the caller must make sure that
    @section is the only executable section, so that offsets are unique."""
    cmd = ['llvm-symbolizer', '--obj=' + elf, '--output-style=GNU',
           '--functions=none', '--no-inlines']
    return _parse([l.split(' (discriminator')[0] for l in _run(cmd, addrs)], prefixes)

def binutils_has_line(elf, addrs, section=None):
    """Does binutils addr2line give a line number for each of @addrs?"""
    cmd = ['addr2line', '-e', elf] + (['-j', section] if section else [])
    return [bool(re.search(r':[1-9]\d*( \(discriminator \d+\))?$', l))
            for l in _run(cmd, addrs)]

def lineinfo_lookup(lookup, blob, sec, base, addrs):
    """Our answer: tests/host/lineinfo_lookup (the kernel decoder) on @blob,
    range @sec starting at address @base, after the full check."""
    p = subprocess.run([lookup, '--full', blob, sec, '%x' % base],
                       input=''.join('%x\n' % a for a in addrs),
                       capture_output=True, text=True)
    if p.returncode:
        sys.exit('%s: %s' % (lookup, p.stderr.strip()))
    out = p.stdout.splitlines()
    if len(out) != len(addrs):
        sys.exit('%s printed %d lines for %d addresses' % (lookup, len(out), len(addrs)))
    return [None if l.split(' ', 1)[1] == '??' else l.split(' ', 1)[1] for l in out]
