#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Modules with a .mod_lineinfo that the kernel must refuse, made from a
# built module by ELF edits (run by harness/build-extmod.sh; loaded by the
# crafted_modules boot action):
#   NAME_reloc.ko  a relocation section targets .mod_lineinfo (reloc_ko.py)
#   NAME_dup.ko    .exit.text renamed to .text: the table's .text range
#                  names two executable sections
#   NAME_swab.ko   the table in the other byte order (swab_blob.py)
#   NAME_params.ko the parameter table's signatures one bit short (only
#                  with a parameter table)
#   tests/modules/crafted/make.sh IN.ko OUTDIR
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
ko=$1 out=$2
name=$(basename "$ko" .ko)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# the module's architecture's objcopy (CROSS_COMPILE as in Kbuild)
objcopy() { command "${CROSS_COMPILE:-}objcopy" "$@"; }
python3 "$HERE/reloc_ko.py" "$ko" "$out/${name}_reloc.ko"
objcopy --rename-section .exit.text=.text "$ko" "$out/${name}_dup.ko"
[ "$(readelf -SW "$out/${name}_dup.ko" | grep -c ' \.text  *PROGBITS')" = 2 ] ||
	{ echo "$name: no second .text after the rename" >&2; exit 1; }
objcopy -O binary --only-section=.mod_lineinfo "$ko" "$tmp/li"
python3 "$ROOT/tests/host/swab_blob.py" --from little --to big "$tmp/li" "$tmp/li.swab"
objcopy --update-section .mod_lineinfo="$tmp/li.swab" "$ko" "$out/${name}_swab.ko"
# a parameter table (CONFIG_KALLSYMS_PARAMINFO) one bit short: only the
# full check, which the kernel runs on every module table, can tell
if python3 - "$tmp/li" "$tmp/li.params" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
hdr_size, = struct.unpack_from('<H', b, 6)
off, size = struct.unpack_from('<II', b, 48) if hdr_size >= 56 else (0, 0)
if not size:
    sys.exit(1)
bits, = struct.unpack_from('<I', b, off + 4)
struct.pack_into('<I', b, off + 4, bits - 1)
open(sys.argv[2], 'wb').write(b)
PY
then
	objcopy --update-section .mod_lineinfo="$tmp/li.params" "$ko" "$out/${name}_params.ko"
	made=" ${name}_params.ko"
else
	rm -f "$out/${name}_params.ko"; made=""
fi
echo "crafted: ${name}_reloc.ko ${name}_dup.ko ${name}_swab.ko$made"
