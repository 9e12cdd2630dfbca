#!/usr/bin/env python3
"""The kernel as the oracle of the offline decoder (tools/lineinfo).

usage: compare.py strip ON_LOG            print ON_LOG as a switched-off kernel
                                          prints it: no (file:line), no [inline]
                                          lines, no Arguments blocks
       compare.py same ON_LOG DECODED     DECODED (the decoder's output for the
                                          stripped ON_LOG) must be ON_LOG line for
                                          line, Arguments blocks apart
       compare.py keyed ON_LOG DECODED    DECODED comes from another boot (with
                                          kallsyms_lineinfo.enable=0): every frame
                                          that both logs print must carry the same
                                          annotation and [inline] lines
       compare.py --selftest

Timestamps are not compared: the decoder gives an [inline] line the
timestamp of its frame, the kernel one of its own.  Exit status 1 on any
difference, or if fewer than --min frames were compared.
"""
import argparse
import re
import sys

# as the tool skips them: syslog's "... kernel: ", dmesg -x's "kern  :warn  : ",
# dmesg -r's "<4>", printk's timestamp and caller id
TS_RE = re.compile(r'^(?:[^\[]{0,63}? kernel: )?(?:(?:[a-z]+ *: ?){2})?(?:<\d+>)*'
                   r'(?:\[ *\d+\.\d+\] ?(?:\[ *[TC]\d+\] ?)?)?')
TOKEN = r'[A-Za-z_.$][\w.$]*\+(?:0x[0-9a-f]+(?:/0x[0-9a-f]+)?|\d+)(?: \[[\w-]+(?: [0-9a-f]+)?\])?'
# (any name, even an empty one: a crafted table may name an inlined
# function anyhow, and the kernel prints what the table says)
INLINE_RE = re.compile(r'^\s*(?:\?\s+)?(?:[^\s()\[\]:][^()\[\]:]*?)?(?: \([^()\s]+:\d+\))? \[inline\]$')
ARGS_RE = re.compile(r'^Arguments of .*:$')
ARG_RE = re.compile(r'^ (?:\S+ \(.*\) = .*|\.\.\.)$')
FRAME_RE = re.compile(r'^(?P<pre>\s*(?:\?\s+)?|\[<[0-9a-fx]+>\] |RIP: [0-9a-fA-F]{4}:|EIP: |pc : |lr : |'
                      r'.*(?:Kernel BUG at | ip=))'
                      r'(?P<tok>' + TOKEN + r')(?P<annot> \([^()\s]+:\d+\))?(?P<rest>.*)$')


def body(line):
    return TS_RE.sub('', line.rstrip('\r\n'), count=1)


def without_args(lines):
    out, in_args = [], False
    for line in lines:
        b = body(line)
        if ARGS_RE.match(b):
            in_args = True
            continue
        if in_args and ARG_RE.match(b):
            continue
        in_args = False
        out.append(line)
    return out


def strip_lines(lines):
    """What the kernel prints with the switch off."""
    out = []
    for line in without_args(lines):
        b = body(line)
        if INLINE_RE.match(b):
            continue
        m = FRAME_RE.match(b)
        if m and m.group('annot'):
            line = line.replace(m.group('tok') + m.group('annot'), m.group('tok'), 1)
        out.append(line)
    return out


def records(lines):
    """(line without annotation, annotation, [inline] lines before it) per line."""
    out, pending = [], []
    for line in without_args(lines):
        b = body(line)
        if INLINE_RE.match(b):
            pending.append(b)
            continue
        m = FRAME_RE.match(b)
        annot = m.group('annot') if m else None
        out.append((b.replace(m.group('tok') + annot, m.group('tok'), 1) if annot else b,
                    annot, tuple(pending)))
        pending = []
    return out


def same(on, dec):
    """The decoder's output against the kernel's log, record for record.

    Where the kernel annotated a frame, the decoder must print the same
    annotation and [inline] lines; where it printed none (the switch was
    off there: the stack_depth action measures it off), the decoder's
    annotations are counted apart.  Returns (frames compared, inline
    lines compared, frames annotated only by the decoder, differences).
    """
    a, b = records(on), records(dec)
    diffs = []
    if [x[0] for x in a] != [x[0] for x in b]:
        import difflib
        diffs = list(difflib.unified_diff([x[0] for x in a], [x[0] for x in b], 'kernel',
                                          'decoder', lineterm='', n=1))
        return 0, 0, 0, diffs
    frames = inl = extra = 0
    for i, (x, y) in enumerate(zip(a, b), 1):
        if x[1] or x[2]:
            frames += 1
            inl += len(x[2])
            if x[1:] != y[1:]:
                diffs.append('%s:\n  kernel:  %s %s\n  decoder: %s %s' % (x[0], x[1], x[2], y[1], y[2]))
        elif y[1] or y[2]:
            extra += 1
    return frames, inl, extra, diffs


def frames(lines):
    """(kind, token) -> (annotation, inline lines) for each annotated frame."""
    res, pending = {}, []
    for line in without_args(lines):
        b = body(line)
        if INLINE_RE.match(b):
            pending.append(b)
            continue
        m = FRAME_RE.match(b)
        if m and m.group('annot'):
            pre = m.group('pre')
            kind = ('rip' if pre.startswith(('RIP', 'pc : ')) else 'proc' if pre.startswith('[<')
                    else 'site' if pre.strip() and not pre.strip() == '?' else 'trace')
            res.setdefault((kind, pre if kind == 'trace' else '', m.group('tok')), set()).add(
                (m.group('annot'), tuple(pending)))
        pending = []
    return res


def keyed(on, dec):
    k, d = frames(on), frames(dec)
    compared, diffs = 0, []
    for key, got in sorted(d.items()):
        if key not in k:
            continue
        compared += 1
        # one address prints one way; a frame seen twice must agree with any
        if not got <= k[key]:
            diffs.append('%s %s:\n  kernel:  %s\n  decoder: %s' % (key[0], key[2], sorted(k[key]), sorted(got)))
    return compared, len(d), diffs


def selftest():
    on = [
        '[    1.000000] Call Trace:\n',
        '[    1.000001]  ? inner (include/a.h:3) [inline]\n',
        '[    1.000002]  ? outer+0x10/0x20 (kernel/a.c:9)\n',
        '[    1.000003] RIP: 0010:f+0x1/0x2 [mod] (m/f.c:1)\n',
        '[    1.000004] Arguments of f (m/f.c:1):\n',
        '[    1.000005]  x (int) = 0x1 [rdi]\n',
        '[    1.000006] WARNING: CPU: 0 PID: 1 at a.c:1 g+0x1/0x2\n',
        '[<0>] h+0x5/0x9 (k/h.c:4)\n',
    ]
    off = strip_lines(on)
    assert off == ['[    1.000000] Call Trace:\n', '[    1.000002]  ? outer+0x10/0x20\n',
                   '[    1.000003] RIP: 0010:f+0x1/0x2 [mod]\n',
                   '[    1.000006] WARNING: CPU: 0 PID: 1 at a.c:1 g+0x1/0x2\n',
                   '[<0>] h+0x5/0x9\n'], off
    dec = ['[    1.000000] Call Trace:\n', '[    1.000002]  ? inner (include/a.h:3) [inline]\n',
           '[    1.000002]  ? outer+0x10/0x20 (kernel/a.c:9)\n',
           '[    1.000003] RIP: 0010:f+0x1/0x2 [mod] (m/f.c:1)\n',
           '[    1.000006] WARNING: CPU: 0 PID: 1 at a.c:1 g+0x1/0x2\n', '[<0>] h+0x5/0x9 (k/h.c:4)\n']
    n, inl, extra, diffs = same(on, dec)
    assert (n, inl, extra, diffs) == (3, 1, 0, []), (n, inl, extra, diffs)
    # a frame the kernel printed with the switch off: annotated apart
    on2 = on + ['[    1.000007]  k+0x1/0x4\n']
    dec2 = dec + ['[    1.000007]  k+0x1/0x4 (k.c:1)\n']
    assert same(on2, dec2)[2:] == (1, []), same(on2, dec2)
    # a wrong line, a missing [inline] line: both caught
    bad = list(dec)
    bad[2] = bad[2].replace('a.c:9', 'a.c:8')
    assert len(same(on, bad)[3]) == 1
    assert same(on, dec[:1] + dec[2:])[3]
    c, total, diffs = keyed(on, dec)
    assert (c, total, diffs) == (3, 3, []), (c, total, diffs)
    c, total, diffs = keyed(on, bad)
    assert c == 3 and len(diffs) == 1, diffs
    print('compare.py selftest: ok')


def main():
    if sys.argv[1:] == ['--selftest']:
        selftest()
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument('mode', choices=['strip', 'same', 'keyed'])
    ap.add_argument('on')
    ap.add_argument('decoded', nargs='?')
    ap.add_argument('--min', type=int, default=1)
    ap.add_argument('--name', default='')
    a = ap.parse_args()
    with open(a.on, errors='surrogateescape', newline='') as f:
        on = f.readlines()
    if a.mode == 'strip':
        sys.stdout.write(''.join(strip_lines(on)))
        return 0
    with open(a.decoded, errors='surrogateescape', newline='') as f:
        dec = f.readlines()
    if a.mode == 'same':
        n, inl, extra, diffs = same(on, dec)
        print('%s: %d annotated frames and %d [inline] lines of the kernel, %d differences '
              '(%d frames the kernel printed with the switch off, annotated by the decoder)'
              % (a.name, n, inl, len(diffs), extra))
    else:
        n, total, diffs = keyed(on, dec)
        print('%s: %d frames annotated by the decoder, %d of them printed by the kernel too '
              '(compared), %d differences' % (a.name, total, n, len(diffs)))
    for d in diffs[:30]:
        print('  ' + d)
    return 1 if diffs or n < a.min else 0


if __name__ == '__main__':
    sys.exit(main())
