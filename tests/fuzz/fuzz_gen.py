#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Mutation fuzzer for gen_lineinfo; driven by fuzz_gen.sh.

  fuzz_gen.py --gen GEN [--lookup LOOKUP] --seed S --iterations N
              --work DIR --regress DIR SEED_ELF...
  fuzz_gen.py --gen GEN [--lookup LOOKUP] --work DIR --replay FILE...

Each mutant i is made by random.Random("S:i") from one of the seed ELF files,
so (S, i) reproduces it.  Mutations: random byte flips, flips inside the
DWARF sections, truncation, corruption of section header fields (offset,
size, type, flags, link, info, entsize, name) of the DWARF and relocation
sections, of ELF header fields, and of .debug_line header fields.

gen_lineinfo (built with ASan and UBSan) runs on each mutant with a 5 s
timeout.  Accepted outcomes: exit 0 (and, if LOOKUP is given, the kernel
decoder's full check accepts every blob written), or exit 1 with a message
starting "gen_lineinfo:".  Anything else is a failure: a
signal, a sanitizer report, a timeout, another exit code, an exit 1 with
no or an unprefixed message, or a blob the decoder rejects.  One input
per distinct failure signature is kept in the regress directory, with a
.txt file describing it.
"""
import argparse
import hashlib
import os
import random
import re
import struct
import subprocess
import sys
import time

TIMEOUT = 5
ASAN_RC = 86
UBSAN_RC = 87
ENV = dict(os.environ,
           ASAN_OPTIONS='detect_leaks=0:exitcode=%d:abort_on_error=0:'
                        'allocator_may_return_null=1:handle_abort=1' % ASAN_RC,
           UBSAN_OPTIONS='halt_on_error=1:exitcode=%d:print_stacktrace=1' % UBSAN_RC)

DWARF_PREFIXES = ('.debug_', '.zdebug_', '.rela.debug_', '.rel.debug_')


class Elf:
    """Just enough of ELF64 little endian to find sections."""

    def __init__(self, data):
        self.data = data
        self.ok = len(data) >= 64 and data[:4] == b'\x7fELF' and data[4] == 2 and data[5] == 1
        self.sections = []
        if not self.ok:
            return
        self.shoff, = struct.unpack_from('<Q', data, 0x28)
        self.shentsize, self.shnum, self.shstrndx = struct.unpack_from('<HHH', data, 0x3a)
        if self.shentsize != 64 or self.shoff + self.shnum * 64 > len(data):
            self.ok = False
            return
        hdrs = [struct.unpack_from('<IIQQQQIIQQ', data, self.shoff + i * 64)
                for i in range(self.shnum)]
        stroff = hdrs[self.shstrndx][4] if self.shstrndx < self.shnum else 0
        for i, h in enumerate(hdrs):
            end = data.find(b'\0', stroff + h[0])
            name = data[stroff + h[0]:end].decode('latin1') if end >= 0 else ''
            self.sections.append(dict(index=i, name=name, type=h[1], offset=h[4],
                                      size=h[5], hdr=self.shoff + i * 64))

    def dwarf(self):
        return [s for s in self.sections if s['name'].startswith(DWARF_PREFIXES)]

    def by_name(self, name):
        for s in self.sections:
            if s['name'] == name:
                return s
        return None


# Section header fields: (offset in Elf64_Shdr, struct format)
SHDR_FIELDS = {'name': (0, '<I'), 'type': (4, '<I'), 'flags': (8, '<Q'),
               'addr': (16, '<Q'), 'offset': (24, '<Q'), 'size': (32, '<Q'),
               'link': (40, '<I'), 'info': (44, '<I'), 'addralign': (48, '<Q'),
               'entsize': (56, '<Q')}
EHDR_FIELDS = {'e_type': (0x10, '<H'), 'e_machine': (0x12, '<H'), 'e_shoff': (0x28, '<Q'),
               'e_shentsize': (0x3a, '<H'), 'e_shnum': (0x3c, '<H'),
               'e_shstrndx': (0x3e, '<H'), 'ei_class': (4, '<B'), 'ei_data': (5, '<B')}


def interesting(rnd, old, width, filesize):
    bits = struct.calcsize(width) * 8
    mask = (1 << bits) - 1
    v = rnd.choice([0, 1, 2, 7, 8, 0x40, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x7fffffff,
                    0x80000000, 0xffffffff, mask, mask - 1, filesize, filesize - 1,
                    filesize + 1, old + 1, old - 1, old * 2, old // 2, old + 8, old - 8,
                    old ^ (1 << rnd.randrange(bits)), rnd.getrandbits(bits)])
    return v & mask


def put(buf, off, fmt, val):
    if 0 <= off and off + struct.calcsize(fmt) <= len(buf):
        struct.pack_into(fmt, buf, off, val & ((1 << (struct.calcsize(fmt) * 8)) - 1))


def get(buf, off, fmt):
    return struct.unpack_from(fmt, buf, off)[0]


def mutate(data, rnd):
    """Return (mutant bytes, description)."""
    buf = bytearray(data)
    elf = Elf(data)
    dw = elf.dwarf() if elf.ok else []
    kinds = ['flip', 'truncate']
    if dw:
        kinds += ['flip_dwarf'] * 3 + ['shdr'] * 3 + ['debug_line_hdr'] * 2 + ['ehdr']
    kind = rnd.choice(kinds)
    desc = [kind]
    if kind == 'flip':
        for _ in range(rnd.choice([1, 1, 2, 4, 16])):
            p = rnd.randrange(len(buf))
            buf[p] = rnd.randrange(256) if rnd.random() < 0.5 else buf[p] ^ (1 << rnd.randrange(8))
            desc.append('@%#x' % p)
    elif kind == 'truncate':
        n = rnd.choice([rnd.randrange(len(buf)), rnd.randrange(64),
                        len(buf) - rnd.randrange(1, 256)])
        n = max(0, min(n, len(buf) - 1))
        buf = buf[:n]
        desc.append('to %d of %d' % (n, len(data)))
    elif kind == 'flip_dwarf':
        s = rnd.choice([x for x in dw if x['size'] and x['type'] != 8] or dw)
        desc.append(s['name'])
        for _ in range(rnd.choice([1, 1, 2, 3, 8])):
            if not s['size'] or s['offset'] + s['size'] > len(buf):
                break
            p = s['offset'] + rnd.randrange(s['size'])
            r = rnd.random()
            if r < 0.4:
                buf[p] ^= 1 << rnd.randrange(8)
            elif r < 0.8:
                buf[p] = rnd.randrange(256)
            else:  # a 4-byte interesting value
                put(buf, p, '<I', interesting(rnd, get(buf, p, '<I') if p + 4 <= len(buf) else 0,
                                              '<I', len(buf)))
            desc.append('@%#x' % p)
    elif kind == 'shdr':
        targets = dw + [s for s in elf.sections if s['name'] in ('.text', '.symtab', '.strtab',
                                                                  '.shstrtab')]
        for _ in range(rnd.choice([1, 1, 1, 2, 3])):
            s = rnd.choice(targets)
            field = rnd.choice(list(SHDR_FIELDS) + ['offset', 'size', 'size', 'flags', 'type'])
            off, fmt = SHDR_FIELDS[field]
            old = get(buf, s['hdr'] + off, fmt)
            if field == 'flags' and rnd.random() < 0.5:
                new = old ^ 0x800  # SHF_COMPRESSED
            elif field == 'type' and rnd.random() < 0.5:
                new = rnd.choice([0, 1, 2, 3, 4, 8, 9, 0x11, 0x6ffffff6])
            else:
                new = interesting(rnd, old, fmt, len(buf))
            put(buf, s['hdr'] + off, fmt, new)
            desc.append('%s.sh_%s %#x->%#x' % (s['name'], field, old, new))
    elif kind == 'ehdr':
        field = rnd.choice(list(EHDR_FIELDS))
        off, fmt = EHDR_FIELDS[field]
        old = get(buf, off, fmt)
        new = interesting(rnd, old, fmt, len(buf))
        put(buf, off, fmt, new)
        desc.append('%s %#x->%#x' % (field, old, new))
    elif kind == 'debug_line_hdr':
        s = elf.by_name('.debug_line')
        if s and s['size'] >= 40 and s['offset'] + s['size'] <= len(buf):
            o = s['offset']
            # Pick a unit: walk unit_length fields
            units = []
            p = o
            while p + 4 <= o + s['size']:
                units.append(p)
                ln = get(buf, p, '<I')
                if ln >= 0xfffffff0:
                    break
                p += 4 + ln
            u = rnd.choice(units)
            ver = get(buf, u + 4, '<H') if u + 6 <= len(buf) else 5
            # DWARF 5: length(4) version(2) addr_size(1) seg_sel(1) header_length(4)
            #          min_inst(1) max_ops(1) default_is_stmt(1) line_base(1)
            #          line_range(1) opcode_base(1)
            # DWARF 4: length(4) version(2) header_length(4) min_inst(1) max_ops(1)
            #          default_is_stmt(1) line_base(1) line_range(1) opcode_base(1)
            base = u + (12 if ver >= 5 else 10)
            fields = {'unit_length': (u, '<I'), 'version': (u + 4, '<H'),
                      'header_length': (base - 4, '<I'), 'min_inst': (base, '<B'),
                      'max_ops': (base + 1, '<B'), 'line_base': (base + 3, '<B'),
                      'line_range': (base + 4, '<B'), 'opcode_base': (base + 5, '<B')}
            if ver >= 5:
                fields['address_size'] = (u + 6, '<B')
                fields['dir_format_count'] = (base + 6 + 12, '<B')
            for _ in range(rnd.choice([1, 1, 2])):
                field = rnd.choice(list(fields))
                p, fmt = fields[field]
                if p + struct.calcsize(fmt) > len(buf):
                    continue
                old = get(buf, p, fmt)
                new = interesting(rnd, old, fmt, s['size'])
                if field == 'line_range' and rnd.random() < 0.5:
                    new = 0
                put(buf, p, fmt, new)
                desc.append('.debug_line+%#x %s %#x->%#x' % (p - o, field, old, new))
        else:
            desc.append('(no .debug_line)')
    return bytes(buf), ' '.join(desc)


def classify(gen, lookup, path, work, args_mode):
    """Run gen_lineinfo on path; return (status, detail).  status 'ok' or a failure kind."""
    out = os.path.join(work, 'out.bin')
    if os.path.exists(out):
        os.unlink(out)
    # every table: lines, inline chains and parameter locations
    cmd = [gen, '--inline', '--params', path, '-o', out]
    if args_mode == 'range':
        cmd += ['--range', '.text']
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, env=ENV)
    except subprocess.TimeoutExpired:
        return 'timeout', 'no exit after %d s (%s)' % (TIMEOUT, ' '.join(cmd))
    err = p.stderr.decode('utf-8', 'replace')
    rc = p.returncode
    san = re.search(r'(ERROR: AddressSanitizer: [^\n]*|runtime error: [^\n]*|'
                    r'ERROR: LeakSanitizer[^\n]*|AddressSanitizer:DEADLYSIGNAL)', err)
    if rc < 0:
        return 'signal', 'killed by signal %d%s\n%s' % (-rc, ' ' + san.group(1) if san else '', err)
    if san or rc in (ASAN_RC, UBSAN_RC):
        return 'sanitizer', '%s (exit %d)\n%s' % (san.group(1) if san else 'sanitizer', rc, err)
    if rc == 0:
        if lookup and os.path.exists(out):
            q = subprocess.run([lookup, '--full', out, '.text', '0'], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=30)
            if q.returncode != 0:
                return 'bad-blob', ('gen_lineinfo exit 0 but the kernel decoder rejects the blob: %s'
                                    % q.stderr.decode('utf-8', 'replace').strip())
        return 'ok', ''
    if rc == 1:
        lines = [l for l in err.splitlines() if l.strip()]
        if not lines:
            return 'no-message', 'exit 1 with no message'
        if not lines[0].startswith('gen_lineinfo:'):
            return 'bad-message', 'exit 1, message not starting with "gen_lineinfo:": %r' % lines[:3]
        # Messages may quote names from the (corrupt) DWARF, newlines included:
        # only the first line must carry the prefix.
        return 'ok', ''
    return 'exit-code', 'exit %d\n%s' % (rc, err)


def signature(status, detail):
    """Failure identity for deduplication: kind + first frame in gen_lineinfo's
    sources (scripts/lineinfo/*.c; gen_lineinfo.c before they were split), or + message."""
    frames = re.findall(r'#\d+ 0x[0-9a-f]+ in (\S+) (\S*(?:scripts/lineinfo/\w+|gen_lineinfo)\.c:\d+)',
                        detail)
    if frames:
        return '%s:%s@%s' % (status, frames[0][0], frames[0][1].split('/')[-1])
    frames = re.findall(r'#\d+ 0x[0-9a-f]+ in (\S+)', detail)
    first = re.search(r'(ERROR: AddressSanitizer: [\w-]+|runtime error: [^\n]{0,60})', detail)
    return '%s:%s:%s' % (status, first.group(1) if first else detail[:60].replace('\n', ' '),
                         frames[0] if frames else '')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--gen', required=True)
    ap.add_argument('--lookup')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--iterations', type=int, default=200)
    ap.add_argument('--work', required=True)
    ap.add_argument('--regress')
    ap.add_argument('--replay', action='store_true')
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)

    if a.replay:
        fails = 0
        for f in a.files:
            mode = 'range' if f.endswith('.range.elf') else 'all'
            status, detail = classify(a.gen, a.lookup, f, a.work, mode)
            if status == 'ok':
                print('ok - regress %s' % os.path.basename(f))
            else:
                fails += 1
                print('not ok - regress %s: %s: %s' % (os.path.basename(f), status,
                                                       detail.splitlines()[0] if detail else ''))
        return 1 if fails else 0

    seeds = [(f, open(f, 'rb').read()) for f in a.files]
    counts = {}
    sigs = {}
    known = set()  # signatures already saved in the regress directory
    if a.regress and os.path.isdir(a.regress):
        for t in os.listdir(a.regress):
            if t.endswith('.txt'):
                with open(os.path.join(a.regress, t)) as f:
                    known.add(f.readline().split(': ', 1)[-1].strip())
    t0 = time.monotonic()
    mutant = os.path.join(a.work, 'mutant.elf')
    for i in range(a.iterations):
        rnd = random.Random('%d:%d' % (a.seed, i))
        name, data = rnd.choice(seeds)
        mode = 'range' if rnd.random() < 0.3 else 'all'
        buf, desc = mutate(data, rnd)
        with open(mutant, 'wb') as f:
            f.write(buf)
        status, detail = classify(a.gen, a.lookup, mutant, a.work, mode)
        counts[status] = counts.get(status, 0) + 1
        if status == 'ok':
            continue
        sig = signature(status, detail)
        first = sig not in sigs
        sigs.setdefault(sig, []).append(i)
        print('FAIL %s seed=%d i=%d from %s (%s): %s' % (
            status, a.seed, i, os.path.basename(name), desc, detail.splitlines()[0]))
        if first and a.regress and sig not in known:
            os.makedirs(a.regress, exist_ok=True)
            h = hashlib.sha1(buf).hexdigest()[:12]
            base = os.path.join(a.regress, '%s-%s%s' % (status, h, '.range' if mode == 'range' else ''))
            with open(base + '.elf', 'wb') as f:
                f.write(buf)
            with open(base + '.txt', 'w') as f:
                f.write('signature: %s\nseed: %d iteration: %d\nfrom: %s\nmutation: %s\n'
                        'command: gen_lineinfo %s.elf -o out.bin%s\n\n%s\n' % (
                            sig, a.seed, i, os.path.basename(name), desc, os.path.basename(base),
                            ' --range .text' if mode == 'range' else '', detail))
            print('  saved %s.elf' % base)
    dt = time.monotonic() - t0
    nfail = sum(v for k, v in counts.items() if k != 'ok')
    print('# generator fuzz: %d mutants in %.1f s (%.0f/s), %d ok, %d failures, '
          '%d distinct: %s' % (a.iterations, dt, a.iterations / dt if dt else 0,
                               counts.get('ok', 0), nfail, len(sigs),
                               ', '.join('%s=%d' % kv for kv in sorted(counts.items()))))
    for sig, its in sigs.items():
        print('#   %s (%d, first i=%d)' % (sig, len(its), its[0]))
    return 1 if nfail else 0


if __name__ == '__main__':
    sys.exit(main())
