#!/usr/bin/env python3
"""Mutation fuzzer of the offline decoder (tools/lineinfo), built with ASan
and UBSan: mutated input text, mutated module tables and files, mutated
images and System.map files.

usage: fuzz.py TOOL VMLINUX SYSTEM_MAP MODULE.ko LOG WORKDIR [-n N] [-s SEED]

Each run must end with exit status 0, 1 or 2, no sanitizer report, at most
a few lines on stderr, and its output must be its input with only
annotations, [inline] lines and Arguments blocks added (only_added(),
checked on known cases before the runs).  A mutated module whose table still
passes the full check may annotate differently; the others must leave the
module's frames alone.
"""
import argparse
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import compare  # noqa: E402


def mutate(data, rnd, n=None):
    b = bytearray(data)
    for _ in range(n or rnd.randint(1, 8)):
        op = rnd.randrange(5)
        if not b:
            b = bytearray(rnd.randbytes(16))
        i = rnd.randrange(len(b))
        if op == 0:
            b[i] ^= 1 << rnd.randrange(8)
        elif op == 1:
            b[i] = rnd.randrange(256)
        elif op == 2:
            del b[i:i + rnd.randint(1, 64)]
        elif op == 3:
            b[i:i] = rnd.randbytes(rnd.randint(1, 32))
        else:
            j = rnd.randrange(len(b))
            b[i:i + 8] = b[j:j + 8]
    return bytes(b)


def annotated(src, out):
    """@out is @src with ' (...)' inserted at one place: what the decoder
    does to a frame it places, whatever the names in the table are."""
    d = len(out) - len(src)
    if d < 4:
        return False
    for k in range(len(src) + 1):
        if out[k + d:] == src[k:] and out[k:k + 2] == ' (' and out[k + d - 1] == ')':
            return True
        if k == len(src) or out[k] != src[k]:
            return False
    return False


def only_added(src, out):
    """Each line of @out is the next line of @src, that line annotated, or
    a line the decoder adds ([inline] lines, an Arguments block); every
    line of @src is there, in order.  Unlike compare.strip_lines() this
    holds for any names a mutated table may carry (parentheses, colons,
    spaces, an empty name)."""
    i = 0
    for o in out:
        if i < len(src) and (o == src[i] or annotated(src[i], o)):
            i += 1
        elif not (o.endswith(' [inline]') or compare.ARGS_RE.match(compare.body(o)) or
                  compare.ARG_RE.match(compare.body(o))):
            return False
    return i == len(src)


def only_added_selftest():
    """only_added() on cases with a known answer: True if it gets them all."""
    f = ' foo+0x1/0x2 [m]'
    cases = [
        ([f], [f], True),
        ([f], [' foo+0x1/0x2 (a.c:1) [m]'], True),
        ([f], [f + ' (a (b):c d:1)'], True),                 # odd names
        ([f], ['  (:1) [inline]', f + ' (a.c:1)'], True),   # empty inline name
        ([f, 'x'], [f], False),                              # a line lost
        ([f], [' foo+0x1/0x3 [m] (a.c:1)'], False),          # a line changed
        ([f], [' foo+0x1/0x2 (a.c:1 [m]'], False),           # not ' (...)'
        ([f], ['junk', f], False),                           # a line added
        (['x', 'y'], ['y', 'x'], False),                     # reordered
    ]
    return all(only_added(src, out) == want for src, out, want in cases)


def section(ko, name):
    """(offset, size) of ELF64 section @name in @ko's bytes."""
    import struct
    shoff, = struct.unpack_from('<Q', ko, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', ko, 0x3a)
    def sh(i):
        return struct.unpack_from('<IIQQQQIIQQ', ko, shoff + i * shentsize)
    stroff = sh(shstrndx)[4]
    for i in range(shnum):
        s = sh(i)
        end = ko.index(b'\0', stroff + s[0])
        if ko[stroff + s[0]:end] == name:
            return s[4], s[5]
    return None


def elf_bytes(elf, addr, size):
    """The file bytes at link address @addr of an ELF64 file."""
    import struct
    shoff, = struct.unpack_from('<Q', elf, 0x28)
    shentsize, shnum = struct.unpack_from('<HH', elf, 0x3a)
    for i in range(shnum):
        _, typ, _, sh_addr, off, size_ = struct.unpack_from('<IIQQQQ', elf, shoff + i * shentsize)
        if typ != 8 and sh_addr <= addr and addr + size <= sh_addr + size_:
            return elf[off + addr - sh_addr:off + addr - sh_addr + size]
    return None


def save_tables(vml, smap, out):
    """The vmlinux tables, as /sys/kernel/lineinfo exports them, into @out."""
    syms = {}
    for ln in smap.decode().splitlines():
        f = ln.split()
        if len(f) == 3:
            syms[f[2]] = int(f[0], 16)
    os.makedirs(out, exist_ok=True)
    for name, sym in (('vmlinux', 'kallsyms_lineinfo'), ('vmlinux.init', 'kallsyms_lineinfo_init')):
        if sym in syms and sym + '_end' in syms and syms[sym + '_end'] > syms[sym]:
            b = elf_bytes(vml, syms[sym], syms[sym + '_end'] - syms[sym])
            open(os.path.join(out, name), 'wb').write(b)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('tool')
    ap.add_argument('vmlinux')
    ap.add_argument('map')
    ap.add_argument('ko')
    ap.add_argument('log')
    ap.add_argument('work')
    ap.add_argument('-n', type=int, default=300)
    ap.add_argument('-s', type=int, default=1)
    a = ap.parse_args()
    if not only_added_selftest():
        print('# offline fuzz: only_added() gets a known case wrong')
        return 1
    rnd = random.Random(a.s)
    os.makedirs(a.work, exist_ok=True)
    text = open(a.log, 'rb').read()
    # the frames of the log, and some of the module, as the base text
    lines = [ln for ln in text.splitlines(True) if b'+0x' in ln or rnd.random() < 0.05]
    base = b''.join(lines[:400])
    ko = open(a.ko, 'rb').read()
    mod = os.path.basename(a.ko)[:-3]
    sec = section(ko, b'.mod_lineinfo')
    vml = open(a.vmlinux, 'rb').read()
    smap = open(a.map, 'rb').read()
    tables = os.path.join(a.work, 'tables')
    save_tables(vml, smap, tables)
    env = dict(os.environ, ASAN_OPTIONS='detect_leaks=0:abort_on_error=0',
               UBSAN_OPTIONS='print_stacktrace=1:halt_on_error=1')
    fails, kinds = 0, {}
    for it in range(a.n):
        kind = rnd.choice(['text'] * 6 + ['table'] * 4 + ['module'] * 4 + ['map'] * 3 + ['image'])
        kinds[kind] = kinds.get(kind, 0) + 1
        moddir = os.path.join(a.work, 'mods')
        os.makedirs(moddir, exist_ok=True)
        inp, kofile = base, ko
        image, mapfile = None, a.map
        if kind == 'text':
            inp = mutate(base, rnd, rnd.randint(1, 40))
        elif kind == 'table' and sec:
            off, size = sec
            kofile = ko[:off] + mutate(ko[off:off + size], rnd, rnd.randint(1, 4))[:size].ljust(size, b'\0') + ko[off + size:]
        elif kind == 'module':
            kofile = mutate(ko, rnd)
        elif kind == 'map':
            mapfile = os.path.join(a.work, 'System.map')
            with open(mapfile, 'wb') as f:
                f.write(mutate(smap, rnd) if rnd.random() < 0.5 else smap[:rnd.randrange(len(smap))])
        elif kind == 'image':
            # a window of it mutated: the ELF and section headers, or anywhere
            image = os.path.join(a.work, 'vmlinux')
            import struct
            shoff, = struct.unpack_from('<Q', vml, 0x28)
            at = rnd.choice([0, shoff, rnd.randrange(len(vml))])
            with open(image, 'wb') as f:
                if rnd.random() < 0.7:
                    f.write(vml[:at] + mutate(vml[at:at + 4096], rnd, 3) + vml[at + 4096:])
                else:
                    f.write(vml[:rnd.randrange(len(vml))])
        with open(os.path.join(moddir, mod + '.ko'), 'wb') as f:
            f.write(kofile)
        # the vmlinux tables saved as exported (fast), or the image itself
        cmd = [a.tool, 'decode', '-q', '-m', moddir] + (
            ['-k', image] if image else ['-T', tables, '-s', mapfile])
        p = subprocess.run(cmd, input=inp, capture_output=True, timeout=120, env=env)
        err = p.stderr.decode(errors='replace')
        why = None
        if p.returncode not in (0, 1, 2):
            why = 'exit status %d' % p.returncode
        elif 'Sanitizer' in err or 'runtime error' in err:
            why = 'sanitizer report'
        elif err.count('\n') > 4:
            why = '%d lines on stderr' % err.count('\n')
        elif p.returncode != 2:
            # lines end at '\n' only, as for the tool
            out = p.stdout.decode('latin-1').split('\n')
            src = inp.decode('latin-1').split('\n')
            if not only_added(src, out):
                why = 'output is not the input plus annotations'
        if why:
            fails += 1
            keep = os.path.join(a.work, 'fail-%d' % it)
            os.makedirs(keep, exist_ok=True)
            open(os.path.join(keep, 'input.txt'), 'wb').write(inp)
            open(os.path.join(keep, mod + '.ko'), 'wb').write(kofile)
            print('FAIL %d (%s): %s; kept in %s\n%s' % (it, kind, why, keep, err[-2000:]))
    print('# offline fuzz: %d runs (%s), seed %d, %d failures'
          % (a.n, ', '.join('%s %d' % kv for kv in sorted(kinds.items())), a.s, fails))
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
