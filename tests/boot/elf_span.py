#!/usr/bin/env python3
"""Print the size and sha256 of the bytes of an ELF64 file between two
addresses, as linked: elf_span.py FILE START END (hex addresses, e.g. from
nm).  The span must lie inside one allocated section with file contents;
its bytes are read at the section's file offset."""
import hashlib
import struct
import sys


def main():
    path, start, end = sys.argv[1], int(sys.argv[2], 16), int(sys.argv[3], 16)
    data = open(path, 'rb').read()
    if data[:4] != b'\x7fELF' or data[4] != 2 or data[5] != 1:
        sys.exit(f'{path}: not a little-endian ELF64 file')
    shoff, = struct.unpack_from('<Q', data, 0x28)
    shentsize, shnum = struct.unpack_from('<HH', data, 0x3a)
    for i in range(shnum):
        _, sh_type, flags, addr, off, size = struct.unpack_from('<IIQQQQ', data, shoff + i * shentsize)
        # SHF_ALLOC, not SHT_NOBITS
        if flags & 2 and sh_type != 8 and addr <= start <= end <= addr + size:
            blob = data[off + start - addr:off + end - addr]
            print(len(blob), hashlib.sha256(blob).hexdigest())
            return
    sys.exit(f'{path}: no section holds {start:#x}..{end:#x}')


main()
