#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Give a module's .mod_lineinfo a relocation, by ELF edit.

    reloc_ko.py IN.ko OUT.ko

A .rela section that targets a debug section (which the module loader
skips) is pointed at .mod_lineinfo instead and cut down to one
R_X86_64_32S entry (R_AARCH64_ABS64 on arm64).  It writes the address of
.text into the first entry of range 0's block index, four zero bytes
(block 0 starts its group), so the x86 loader, which only relocates into
zeros, accepts it and the table changes after a check made before
relocation.  The kernel must refuse the table: no relocation may target
.mod_lineinfo.
"""
import struct, sys

# the relocation type by e_machine: one the loader applies without a complaint
RELOC = {62: (11, 'R_X86_64_32S'), 183: (257, 'R_AARCH64_ABS64')}


def main():
    src, dst = sys.argv[1:3]
    b = bytearray(open(src, 'rb').read())
    if b[:4] != b'\x7fELF' or b[4] != 2 or b[5] != 1:
        sys.exit('%s: not a 64-bit little-endian ELF file' % src)
    machine, = struct.unpack_from('<H', b, 18)
    if machine not in RELOC:
        sys.exit('%s: e_machine %d is neither x86-64 nor arm64' % (src, machine))
    rtype, rname = RELOC[machine]
    shoff, = struct.unpack_from('<Q', b, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)
    SH = '<IIQQQQIIQQ'

    def shdr(i):
        return list(struct.unpack_from(SH, b, shoff + i * shentsize))

    strtab = shdr(shstrndx)

    def name(sh):
        o = strtab[4] + sh[0]
        return b[o:b.index(b'\0', o)].decode()

    secs = [shdr(i) for i in range(shnum)]
    names = [name(s) for s in secs]
    li = names.index('.mod_lineinfo')
    text = names.index('.text')
    blob = secs[li][4]
    ranges_off, = struct.unpack_from('<I', b, blob + 16)
    blocks_off, = struct.unpack_from('<I', b, blob + ranges_off + 24)
    if b[blob + blocks_off:blob + blocks_off + 4] != b'\0' * 4:
        sys.exit('%s: first block index entry is not zero' % src)
    SHF_ALLOC, SHT_RELA, SHT_SYMTAB = 2, 4, 2
    rela = next(i for i, s in enumerate(secs)
                if s[1] == SHT_RELA and not secs[s[7]][2] & SHF_ALLOC and s[5] >= 24)
    symtab = secs[secs[rela][6]]
    if symtab[1] != SHT_SYMTAB:
        sys.exit('%s: %s does not use .symtab' % (src, names[rela]))
    # the section symbol of .text
    sym = next(i for i in range(symtab[5] // 24)
               if b[symtab[4] + i * 24 + 4] & 0xf == 3 and
               struct.unpack_from('<H', b, symtab[4] + i * 24 + 6)[0] == text)
    struct.pack_into('<QQq', b, secs[rela][4], blocks_off, sym << 32 | rtype, 0)
    secs[rela][5] = 24
    secs[rela][7] = li
    struct.pack_into(SH, b, shoff + rela * shentsize, *secs[rela])
    open(dst, 'wb').write(b)
    print('%s: %s now relocates .mod_lineinfo+0x%x (%s against .text)'
          % (dst, names[rela], blocks_off, rname))


if __name__ == '__main__':
    main()
