# SPDX-License-Identifier: GPL-2.0
"""Link a relocatable module into an image whose sections have addresses.

A .ko is relocatable and all its sections start at 0, which
llvm-symbolizer cannot tell apart.  ld links it into a scratch image that
gives each named section an address of its own (unresolved symbols become
0; ld applies the debug info relocations), where the oracles can look up
section + offset.  Used by bench/agree_inline.py, tests/boot/check_frames.py,
tests/boot/check_args.py and tests/boot/gdb_args.py.
"""
import os
import re
import subprocess

BASE = 0x1000000    # the first section's address, then one BASE apart


def exec_sections(obj):
    """[(name, size)] of the non-empty executable PROGBITS sections of @obj."""
    out = subprocess.run(['readelf', '-SW', obj], capture_output=True, text=True,
                         check=True).stdout
    secs = []
    for ln in out.splitlines():
        m = re.match(r'^\s*\[\s*\d+\]\s+(\S+)\s+PROGBITS\s+\S+\s+\S+\s+([0-9a-f]+)\s+\S+\s+(\S+)', ln)
        if m and 'X' in m.group(3) and int(m.group(2), 16):
            secs.append((m.group(1), int(m.group(2), 16)))
    return secs


def link(ko, sections, tmp, at=None):
    """Link @ko into @tmp/ko.elf with each of @sections at an address of
    its own, or at @at[section] where given (e.g. where the kernel loaded
    it); return the image and {section: address}."""
    addr = {name: (at or {}).get(name, BASE * (i + 1)) for i, name in enumerate(sections)}
    script = os.path.join(tmp, 'ko.ld')
    with open(script, 'w') as f:
        f.write('SECTIONS {\n%s}\n' % ''.join('  . = %#x;\n  %s : { *(%s) }\n' % (a, n, n)
                                                for n, a in addr.items()))
    image = os.path.join(tmp, 'ko.elf')
    # the linker of the module's architecture (CROSS_COMPILE as in Kbuild)
    with open(ko, 'rb') as f:
        machine = int.from_bytes(f.read(20)[18:20], 'little')
    if machine == 183:      # EM_AARCH64
        ld = [(os.environ.get('CROSS_COMPILE') or 'aarch64-linux-gnu-') + 'ld']
    else:
        ld = ['ld', '-m', 'elf_x86_64']
    subprocess.run(ld + ['--unresolved-symbols=ignore-all', '-e', '0',
                    '--no-warn-rwx-segments', '-T', script, '-o', image, ko], check=True,
                   capture_output=True)
    return image, addr
