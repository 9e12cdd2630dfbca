# SPDX-License-Identifier: GPL-2.0
"""Give the sections of a relocatable module addresses without a linker.

llvm-symbolizer cannot tell apart the sections of a .ko, which all start
at 0.  tests/lib/kolink.py links the module with ld into an image that
places each section at an address of its own, but the host's ld (Debian's
binutils for x86-64) links x86-64 objects only.  For a module of another
target (arm64), place() writes a copy of it whose executable sections carry
addresses of their own in sh_addr, one BASE apart as kolink does.  That is
enough for llvm-symbolizer: in an ET_REL file LLVM adds the section's
sh_addr to the value of every symbol a DWARF relocation refers to (line
table rows, CU and DIE ranges, call sites), and looks up the section of an
address by sh_addr.  .debug_aranges is the exception: LLVM 14 reads it
without its relocations (every set at address 0, for the CU at offset 0),
so the copy renames it ("aranges") and LLVM takes every CU's ranges from
its DIE.  The file is left as it is otherwise; gen_lineinfo reads the
original.  Used by bench/agree.py and bench/agree_inline.py.
"""
import os
import shutil
import struct

BASE = 0x1000000    # as tests/lib/kolink.py: the first section's address, then one BASE apart
SHT_PROGBITS, SHF_ALLOC, SHF_EXECINSTR = 1, 0x2, 0x4
EM_X86_64, EM_AARCH64 = 62, 183


def machine(path):
    """e_machine of the ELF file @path."""
    with open(path, 'rb') as f:
        head = f.read(20)
    return struct.unpack_from('<H' if head[5] == 1 else '>H', head, 18)[0]


def _headers(data):
    """(byte order, [(offset of the header, name, type, flags, size)]) of an ELF64 file,
    name as an offset into the section name table and as a string."""
    if data[:4] != b'\x7fELF' or data[4] != 2:
        raise SystemExit('elfplace.py: not an ELF64 file')
    e = '<' if data[5] == 1 else '>'
    shoff, = struct.unpack_from(e + 'Q', data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(e + 'HHH', data, 0x3a)
    if shnum == 0:          # 0xff00 sections or more: the count is in section 0
        shnum, = struct.unpack_from(e + 'Q', data, shoff + 32)
    if shstrndx == 0xffff:
        shstrndx, = struct.unpack_from(e + 'I', data, shoff + 40)
    strs, = struct.unpack_from(e + 'Q', data, shoff + shstrndx * shentsize + 24)
    res = []
    for i in range(shnum):
        off = shoff + i * shentsize
        name, typ, flags = struct.unpack_from(e + 'IIQ', data, off)
        size, = struct.unpack_from(e + 'Q', data, off + 32)
        end = data.index(b'\0', strs + name)
        res.append((off, (name, data[strs + name:end].decode()), typ, flags, size))
    return e, res


def exec_sections(ko):
    """[(name, size)] of the non-empty executable PROGBITS sections of @ko,
    in file order (as kolink.exec_sections())."""
    with open(ko, 'rb') as f:
        _, hdrs = _headers(f.read())
    return [(name[1], size) for _, name, typ, flags, size in hdrs
            if typ == SHT_PROGBITS and flags & SHF_EXECINSTR and size]


def place(ko, sections, tmp):
    """Copy @ko to @tmp/ko.elf with each of @sections at an address of its
    own; return the copy and {section: address}."""
    image = os.path.join(tmp, 'ko.elf')
    shutil.copyfile(ko, image)
    with open(image, 'r+b') as f:
        data = bytearray(f.read())
        e, hdrs = _headers(data)
        addr = {}
        for off, (at, name), typ, flags, size in hdrs:
            if name == '.debug_aranges':
                struct.pack_into(e + 'I', data, off, at + len('.debug_'))
            if name in sections and name not in addr:
                addr[name] = BASE * (sections.index(name) + 1)
                struct.pack_into(e + 'Q', data, off + 16, addr[name])
        missing = [s for s in sections if s not in addr]
        if missing:
            raise SystemExit('elfplace.py: %s has no section %s' % (ko, ', '.join(missing)))
        f.seek(0)
        f.write(data)
    return image, addr
