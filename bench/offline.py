#!/usr/bin/env python3
"""Offline decoding on Debian's distro kernel: tools/lineinfo against
scripts/decode_stacktrace.sh, on the same 10,000-line log.

usage: offline.py TOOL TABLES_DIR SYSTEM_MAP VMLINUX_DBG DECODE_STACKTRACE WORKDIR
                  [--lines N] [--frames N] [--seed S]

The log: Call Trace blocks (RIP line, then return-address frames, some
with "? ") made of NFRAMES distinct frames of the image, repeated to
--lines lines with timestamps, as a WARN that fires in a loop prints them.
The tool reads the tables that gen_lineinfo made for the image (TABLES_DIR,
as saved from /sys/kernel/lineinfo) and System.map, and no DWARF;
decode_stacktrace.sh reads the debug vmlinux with nm and addr2line, and
caches what it looked up once.

Agreement: decode_stacktrace.sh looks every address up as it is, while
the kernel (and the tool) look a return address up at the address minus
one.  So it also decodes a copy of the log whose return-address frames
name the byte before (offset - 1): the same addresses as the tool.  Its
`addr2line -i` answer (innermost first) is compared, line numbers only,
with the tool's [inline] lines and frame line; files are not compared,
since binutils addr2line misreads the file numbers of gcc's DWARF 5
(right line, wrong file): llvm-symbolizer's agreement in bench/run.sh is
the check of the files.  Chains deeper than the kernel prints (8) are
compared as far as the kernel prints them.
"""
import argparse
import bisect
import os
import random
import re
import subprocess
import sys
import time


def read_map(path):
    syms = []
    for ln in open(path):
        f = ln.split()
        if len(f) >= 3:
            syms.append((int(f[0], 16), f[1], f[2]))
    syms.sort()
    addrs = sorted(set(a for a, _, _ in syms))
    return syms, addrs


def main():
    ap = argparse.ArgumentParser()
    for n in ('tool', 'tables', 'map', 'vmlinux', 'decode', 'work'):
        ap.add_argument(n)
    ap.add_argument('--lines', type=int, default=10000)
    ap.add_argument('--frames', type=int, default=40)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.work, exist_ok=True)
    syms, addrs = read_map(a.map)
    names = {}
    for addr, t, n in syms:
        names.setdefault(n, []).append(addr)
    stext = names['_stext'][0]
    etext = names['_etext'][0]
    text = [(addr, n) for addr, t, n in syms
            if t in 'tT' and stext <= addr < etext and len(names[n]) == 1 and not n.startswith('__pfx_')]
    frames = []
    while len(frames) < a.frames:
        addr, n = rnd.choice(text)
        i = bisect.bisect_right(addrs, addr)
        size = addrs[i] - addr if i < len(addrs) else 0
        if size < 16:
            continue
        frames.append((n, rnd.randrange(8, size), size))
    # the log: blocks of 1 RIP line + 12 frames + markers
    out, t = [], 100.0
    while len(out) < a.lines:
        block = rnd.sample(frames, 12)
        n, off, size = block[0]
        t += 0.001
        out.append('[%12.6f] RIP: 0010:%s+0x%x/0x%x\n' % (t, n, off, size))
        out.append('[%12.6f] Call Trace:\n' % t)
        out.append('[%12.6f]  <TASK>\n' % t)
        for n, off, size in block[1:]:
            out.append('[%12.6f]  %s%s+0x%x/0x%x\n' % (t, '? ' if rnd.random() < 0.2 else '', n, off, size))
        out.append('[%12.6f]  </TASK>\n' % t)
    out = out[:a.lines]
    log = os.path.join(a.work, 'log.txt')
    open(log, 'w').write(''.join(out))
    # the same frames, each as the address the kernel looks up
    same = [re.sub(r'^(\[[ \d.]+\]  (?:\? )?)(\w+)\+0x([0-9a-f]+)/',
                   lambda m: '%s%s+0x%x/' % (m.group(1), m.group(2), int(m.group(3), 16) - 1), ln)
            for ln in out]
    # (each frame once: decode_stacktrace.sh caches repeats anyway)
    seen, same_u, out_u = set(), [], []
    for x, y in zip(same, out):
        k = re.sub(r'^\[[ \d.]+\]', '', x)
        if k not in seen:
            seen.add(k)
            same_u.append(x)
            out_u.append(y)
    same = same_u
    log1 = os.path.join(a.work, 'log-minus1.txt')
    open(log1, 'w').write(''.join(same))

    t0 = time.monotonic()
    r = subprocess.run([a.tool, 'decode', '-T', a.tables, '-s', a.map, log],
                       capture_output=True, text=True)
    t_tool = time.monotonic() - t0
    if r.returncode != 0:
        print('offline: tool failed: %s' % r.stderr.strip())
        return 2
    tool_out = r.stdout.splitlines()
    t0 = time.monotonic()
    d = subprocess.run(['bash', a.decode, a.vmlinux], stdin=open(log), capture_output=True, text=True)
    t_dec = time.monotonic() - t0
    d1 = subprocess.run(['bash', a.decode, a.vmlinux], stdin=open(log1), capture_output=True, text=True)
    dec1 = d1.stdout.splitlines()

    # per frame: the tool's location lines (innermost first), and decode_stacktrace's
    ours, pend = {}, []
    fr = re.compile(r'^\[[ \d.]+\] (?:RIP: 0010:| (?:\? )?)([\w.]+)\+0x([0-9a-f]+)/0x[0-9a-f]+ \(\S+:(\d+)\)$')
    inl = re.compile(r'^\[[ \d.]+\]  (?:\? )?(?:\S+) (?:\(\S+:(\d+)\) )?\[inline\]$')
    for ln in tool_out:
        m = inl.match(ln)
        if m:
            pend.append(m.group(1))
            continue
        m = fr.match(ln)
        if m:
            ours[(m.group(1), int(m.group(2), 16), 'RIP: ' in ln)] = pend + [m.group(3)]
        pend = []
    theirs = {}
    dfr = re.compile(r'^\[[ \d.]+\] (?:RIP: 0010:)? ?(?:\? )?([\w.]+) \((.*)\)\s*$')
    for ln_in, ln in zip(same, dec1):
        m = dfr.match(ln)
        k = re.search(r'([\w.]+)\+0x([0-9a-f]+)/', ln_in)
        if m and k:
            lines = re.findall(r':(\d+)(?: \(discriminator \d+\))?(?= |$)', m.group(2))
            exact = 'RIP:' in ln_in
            off = int(k.group(2), 16) + (0 if exact else 1)
            theirs[(k.group(1), off, exact)] = lines
    compared = agree = 0
    diffs = []
    for key, o in sorted(ours.items()):
        if key not in theirs:
            continue
        compared += 1
        t = theirs[key]
        # the kernel prints at most 8 [inline] lines: compare those
        if len(t) > 9:
            t = t[:8] + [t[-1]]
            o = [x for x in o if x is not None][:8] + o[-1:] if len(o) > 9 else o
        if [x for x in o if x is not None] == t or o == t:
            agree += 1
        else:
            diffs.append('%s+0x%x%s: tool %s, decode_stacktrace.sh %s'
                         % (key[0], key[1], ' (RIP)' if key[2] else '', o, t))
    # the referee where they differ: llvm-symbolizer, which shares no code with either
    ref_tool = ref_dec = 0
    if diffs:
        addr_of = {n: addrs_[0] for n, addrs_ in names.items()}
        keys = [k for k, o in sorted(ours.items()) if k in theirs and
                [x for x in o if x is not None] != theirs[k] and o != theirs[k]]
        q = ['0x%x' % (addr_of[n] + off - (0 if exact else 1)) for n, off, exact in keys]
        r = subprocess.run(['llvm-symbolizer', '--inlining', '-e', a.vmlinux] + q,
                           capture_output=True, text=True)
        for key, block in zip(keys, r.stdout.strip().split('\n\n')):
            lines = re.findall(r':(\d+):\d+$', block, re.M)
            o = [x for x in ours[key] if x is not None]
            if lines[:len(o)] == o or lines[:8] + lines[-1:] == o:
                ref_tool += 1
            elif lines == theirs[key]:
                ref_dec += 1
    print('offline log: %d lines, %d distinct frames (%s)' % (len(out), len(frames), log))
    print('offline tool (tables + System.map, no DWARF) s: %.3f' % t_tool)
    print('offline decode_stacktrace.sh (debug vmlinux, nm + addr2line) s: %.3f' % t_dec)
    print('offline speed ratio decode_stacktrace.sh/tool: %.0f' % (t_dec / t_tool))
    print('offline frames annotated by the tool: %d lines' % sum(1 for x in tool_out if re.search(r'\(\S+:\d+\)$', x)))
    print('offline agreement on lines with decode_stacktrace.sh (same addresses): %d compared, %d agree, %d differ'
          % (compared, agree, len(diffs)))
    print('offline where they differ, llvm-symbolizer agrees with: the tool %d, decode_stacktrace.sh %d, neither %d'
          % (ref_tool, ref_dec, len(diffs) - ref_tool - ref_dec))
    for x in diffs[:10]:
        print('  ' + x)
    return 0


if __name__ == '__main__':
    sys.exit(main())
