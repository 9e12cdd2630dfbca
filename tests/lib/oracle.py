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

def functions(elf):
    """The function symbols of a linked ELF file with a size: sorted
    [(start, end)], from nm -S (t/T/W; not arm64's $x mapping symbols)."""
    out = subprocess.run(['nm', '-S', elf], capture_output=True, text=True, check=True).stdout
    res = set()
    for l in out.splitlines():
        p = l.split()
        if len(p) == 4 and p[2] in 'tTW' and not p[3].startswith('$') and int(p[1], 16):
            res.add((int(p[0], 16), int(p[0], 16) + int(p[1], 16)))
    return sorted(res)

def rel_functions(obj):
    """The function symbols with a size of an ET_REL file, by section:
    {section: sorted [(start, end)]}, section relative."""
    out = subprocess.run(['readelf', '-SsW', obj], capture_output=True, text=True,
                         check=True).stdout
    names, res = {}, {}
    for m in re.finditer(r'^\s*\[\s*(\d+)\]\s+(\S+)', out, re.M):
        names[m.group(1)] = m.group(2)
    for m in re.finditer(r'^\s*\d+:\s+([0-9a-f]+)\s+(\d+)\s+FUNC\s+\S+\s+\S+\s+(\d+)\s',
                         out, re.M):
        if int(m.group(2)) and m.group(3) in names:
            v = int(m.group(1), 16)
            res.setdefault(names[m.group(3)], set()).add((v, v + int(m.group(2))))
    return {k: sorted(v) for k, v in res.items()}

ENTRY_REACH = 64    # bytes after a function symbol looked at

def moved_entries(ask, addrs, want, got, funcs, insn=1):
    """The indexes of @addrs where we differ from the oracle (@want, @got)
    as gen_lineinfo means to: no line row starts at the function symbol, so
    the oracle gives the first bytes of a function the line of the code
    before the symbol (arm64's patchable-function-entry NOPs, an x86 asm
    function that starts with an ALTERNATIVE's NOPs), and the generator
    moved the function's first row back to the symbol.  Accepted where the
    oracle's line at the address is its line at symbol-1 and ours is the
    oracle's next line inside the function, at most ENTRY_REACH bytes on.
    @ask(addrs) asks the oracle; @funcs: sorted [(start, end)]; @insn: the
    instruction granule (4 on arm64)."""
    import bisect
    starts = [f[0] for f in funcs]
    cand = []
    for i, (a, w, g) in enumerate(zip(addrs, want, got)):
        if w == g or w is None or g is None:
            continue
        j = bisect.bisect_right(starts, a) - 1
        if j < 0 or not a < funcs[j][1] or a - funcs[j][0] >= ENTRY_REACH:
            continue
        after = list(range(a + insn - (a - funcs[j][0]) % insn, min(funcs[j][1],
                           funcs[j][0] + ENTRY_REACH + insn), insn))
        cand.append((i, funcs[j][0] - 1, after))
    if not cand:
        return set()
    q = [x for _, before, after in cand for x in [before] + after]
    ans = iter(ask(q))
    ok = set()
    for i, _, after in cand:
        before = next(ans)
        nxt = [next(ans) for _ in after]
        first = next((x for x in nxt if x != want[i]), None)
        if before == want[i] and first is not None and first == got[i]:
            ok.add(i)
    return ok

def dwarfdump_rows(elf, addrs, prefixes, section=None):
    """The line rows as llvm-dwarfdump --debug-line decodes the line
    programs, read the way gen_lineinfo means to read them where a sequence
    is not sorted (LLVM's assembler goes back in a sequence for .subsection
    1 code, and llvm-symbolizer's binary search then misses rows): all rows
    of a table sorted by address, the last row at an address wins, an end
    of sequence is a gap unless a row starts there.  For one-CU objects and
    DWARF 5 file tables (include_directories[0] is the CU's directory);
    @section is ignored (an ET_REL object's only text section)."""
    out = subprocess.run(['llvm-dwarfdump', '--debug-line', elf], capture_output=True,
                         text=True, check=True).stdout
    rows, dirs, files, name = [], {}, {}, None
    for l in out.splitlines():
        m = re.match(r'^include_directories\[\s*(\d+)\] = "(.*)"$', l)
        if m:
            dirs[int(m.group(1))] = m.group(2)
            continue
        m = re.match(r'^file_names\[\s*(\d+)\]:$', l)
        if m:
            name = int(m.group(1))
            continue
        m = re.match(r'^\s+name: "(.*)"$', l)
        if m and name is not None:
            files[name] = [m.group(1), 0]
            continue
        m = re.match(r'^\s+dir_index: (\d+)$', l)
        if m and name is not None:
            files[name][1] = int(m.group(1))
            continue
        m = re.match(r'^0x([0-9a-f]+)\s+(\d+)\s+\d+\s+(\d+)\s.*?(end_sequence)?$', l)
        if m:
            rows.append((int(m.group(1), 16), not m.group(4), len(rows), int(m.group(3)),
                         int(m.group(2))))
    rows.sort()
    last = {}
    for a, real, _, f, n in rows:
        last[a] = (real, f, n)
    keys = sorted(last)
    res = []
    import bisect
    for a in addrs:
        j = bisect.bisect_right(keys, a) - 1
        real, f, n = last[keys[j]] if j >= 0 else (False, 0, 0)
        if not real or not n or f not in files:
            res.append(None)
            continue
        path = files[f][0]
        if not path.startswith('/'):
            path = os.path.join(dirs.get(files[f][1], ''), path)
        res.append('%s:%d' % (norm(path, prefixes), n))
    return res
