#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""End to end: the kernel's "Arguments of" block against gdb on the gdbstub.

usage: gdb_args.py KO

Boots the test kernel (harness/boot.sh) with QEMU's gdbstub and the boot
action gdb_args, which loads KO (lineinfo_test.ko), prints where its .text
is and waits.  gdb then attaches, loads KO's symbols (KO linked with its
executable sections where the kernel put them, tests/lib/kolink.py), puts
a hardware breakpoint on the WARN in lineinfo_test_args() (the ud2 that
objdump finds in it) and lets the guest trigger the WARN, which
lineinfo_test calls with known arguments.  Stopped on the ud2, with the
registers the trap will save, gdb prints 'info args' and the registers,
then detaches; the kernel prints its report.

Checks: every register gdb shows equals the register dump of the report;
every argument the kernel prints with a value has that value by gdb too,
cut to the argument's size; an argument gdb calls <optimized out> has no
value in the kernel's block.  gdb may know more (it evaluates entry
values through the caller); that is counted, not a mismatch.  Prints
PASS/FAIL lines; exits 1 on any failure.
"""
import os
import re
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'lib'))
import kolink  # noqa: E402
TS = re.compile(r'^\[ *\d+\.\d+\] ')
SIZES = {'int': 4, 'unsigned int': 4, 'long unsigned int': 8, 'long int': 8, 'char': 1}


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def warn_offset(ko):
    """Offset in .text of the ud2 of lineinfo_test_args()."""
    out = subprocess.run(['objdump', '-d', '--section=.text', ko], capture_output=True,
                         text=True, check=True).stdout
    inside = False
    for ln in out.splitlines():
        m = re.match(r'^([0-9a-f]+) <(\S+)>:$', ln)
        if m:
            inside = m.group(2) == 'lineinfo_test_args'
            continue
        m = re.match(r'^\s*([0-9a-f]+):\s.*\bud2\b', ln)
        if inside and m:
            return int(m.group(1), 16)
    sys.exit('gdb_args: no ud2 in lineinfo_test_args of %s' % ko)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ko = sys.argv[1]
    fails = 0

    def result(ok, what):
        nonlocal fails
        fails += not ok
        print('gdb_args %s: %s' % ('PASS' if ok else 'FAIL', what))

    off = warn_offset(ko)
    port = free_port()
    work = os.environ.get('WORKDIR') or \
        (os.path.dirname(os.environ['O']) if os.environ.get('O') else os.path.join(ROOT, 'build'))
    logpath = os.path.join(work, 'boot', 'gdb_args.log')
    if os.path.exists(logpath):
        os.unlink(logpath)
    env = dict(os.environ, QEMU_EXTRA='-gdb tcp:127.0.0.1:%d' % port,
               APPEND_EXTRA=os.environ.get('APPEND_EXTRA', ''))
    boot = subprocess.Popen([os.path.join(ROOT, 'harness', 'boot.sh'), '--name', 'gdb_args',
                             'gdb_args'], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    text = None
    deadline = time.time() + 240
    while time.time() < deadline and boot.poll() is None:
        if os.path.exists(logpath):
            m = re.search(r'HARNESS: gdb_args \.text (0x[0-9a-f]+)', open(logpath, errors='replace').read())
            if m:
                text = int(m.group(1), 16)
                break
        time.sleep(0.5)
    if text is None:
        boot.kill()
        print(boot.communicate()[0])
        result(False, 'the guest said where lineinfo_test .text is')
        sys.exit(1)
    # gdb reads a relocatable module's DWARF relative to .text alone, which
    # puts .init.text on top of it: link it with every executable section
    # where the kernel loaded it (tests/lib/kolink.py) and load that
    at = {sec: int(addr, 16) for sec, addr in
          re.findall(r'HARNESS: modsect lineinfo_test (\S+) (0x[0-9a-f]+)',
                     open(logpath, errors='replace').read())}
    image, _ = kolink.link(ko, [s for s, _ in kolink.exec_sections(ko)], os.path.dirname(logpath),
                           at)
    gdb = subprocess.run(
        ['gdb', '-nx', '-batch',
         '-ex', 'set pagination off', '-ex', 'set confirm off',
         '-ex', 'target remote 127.0.0.1:%d' % port,
         '-ex', 'add-symbol-file %s' % image,
         '-ex', 'hbreak *%#x' % (text + off),
         '-ex', 'continue',
         '-ex', 'echo GDB: frame\\n', '-ex', 'frame',
         '-ex', 'echo GDB: args\\n', '-ex', 'info args',
         '-ex', 'echo GDB: registers\\n', '-ex', 'info registers',
         '-ex', 'delete', '-ex', 'detach'],
        capture_output=True, text=True, timeout=200)
    out = boot.communicate(timeout=300)[0]
    result(boot.returncode == 0, 'the guest booted, warned and finished (%s)' % out.strip().splitlines()[-1]
           if out.strip() else 'no boot output')
    g = gdb.stdout
    open(os.path.join(work, 'boot', 'gdb_args.gdb'), 'w').write(g + gdb.stderr)
    result('lineinfo_test_args' in g.split('GDB: frame', 1)[-1].split('GDB: args')[0],
           'gdb stopped in lineinfo_test_args at the WARN (.text %#x + %#x)' % (text, off))
    gargs = {}
    for ln in g.split('GDB: args', 1)[-1].split('GDB: registers')[0].splitlines():
        m = re.match(r'^(\w+) = (.*)$', ln.strip())
        if m:
            gargs[m.group(1)] = m.group(2)
    gregs = {}
    for ln in g.split('GDB: registers', 1)[-1].splitlines():
        m = re.match(r'^(r\w+)\s+(0x[0-9a-f]+)', ln)
        if m:
            gregs[m.group(1)] = int(m.group(2), 16)
    result(bool(gargs), 'gdb info args: %s' % ', '.join('%s = %s' % kv for kv in gargs.items()))

    lines = [TS.sub('', ln.rstrip('\n')) for ln in open(logpath, errors='replace')]
    try:
        i = next(i for i, ln in enumerate(lines) if ln.startswith('Arguments of lineinfo_test_args'))
    except StopIteration:
        result(False, 'the kernel printed "Arguments of lineinfo_test_args"')
        sys.exit(1)
    dump = {}
    for ln in lines[max(0, i - 12):i]:
        for r, v in re.findall(r'\b(R[A-Z0-9]{2}): ([0-9a-f]{16})\b', ln):
            dump['r%d' % int(r[1:]) if re.match(r'^R\d+$', r) else r.lower()] = int(v, 16)
    same = [r for r in dump if r in gregs and gregs[r] == dump[r]]
    result(len(same) == len(dump) and len(dump) >= 15,
           'gdb registers at the breakpoint equal the report\'s dump (%d of %d)' % (len(same), len(dump)))
    shown = 0
    for ln in lines[i + 1:]:
        m = re.match(r'^ (\S+) \((.*)\) = (?:(0x[0-9a-f]+|0) \[(\w+)\]|<unknown here>)$', ln)
        if not m:
            break
        name, typ, val = m.group(1), m.group(2), m.group(3)
        gv = gargs.get(name)
        if val is None:
            result(True, '%s: <unknown here>; gdb: %s' % (name, gv))
            continue
        shown += 1
        nums = re.findall(r'(?:^|\s|\))(-?(?:0x[0-9a-f]+|\d+))', gv or '')
        size = SIZES.get(typ, 8)
        want = int(val, 16) & ((1 << (8 * size)) - 1)
        got = int(nums[0], 0) & ((1 << (8 * size)) - 1) if nums else None
        result(gv is not None and '<optimized out>' not in gv and got == want,
               '%s (%s) = %s [%s]; gdb: %s' % (name, typ, val, m.group(4), gv))
    result(shown >= 1, '%d argument(s) with a value checked' % shown)
    print('gdb_args: %s' % ('PASS' if not fails else '%d FAILED' % fails))
    sys.exit(1 if fails else 0)


if __name__ == '__main__':
    main()
