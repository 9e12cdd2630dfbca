#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Modules with a .mod_lineinfo that the kernel must refuse, made from a
# built module by ELF edits (run by harness/build-extmod.sh; loaded by the
# crafted_modules boot action):
#   NAME_reloc.ko  a relocation section targets .mod_lineinfo (reloc_ko.py)
#   NAME_dup.ko    .exit.text renamed to .text: the table's .text range
#                  names two executable sections
#   NAME_swab.ko   the table in the other byte order (swab_blob.py)
#   tests/modules/crafted/make.sh IN.ko OUTDIR
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
ko=$1 out=$2
name=$(basename "$ko" .ko)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$HERE/reloc_ko.py" "$ko" "$out/${name}_reloc.ko"
objcopy --rename-section .exit.text=.text "$ko" "$out/${name}_dup.ko"
[ "$(readelf -SW "$out/${name}_dup.ko" | grep -c ' \.text  *PROGBITS')" = 2 ] ||
	{ echo "$name: no second .text after the rename" >&2; exit 1; }
objcopy -O binary --only-section=.mod_lineinfo "$ko" "$tmp/li"
python3 "$ROOT/tests/host/swab_blob.py" --from little --to big "$tmp/li" "$tmp/li.swab"
objcopy --update-section .mod_lineinfo="$tmp/li.swab" "$ko" "$out/${name}_swab.ko"
echo "crafted: ${name}_reloc.ko ${name}_dup.ko ${name}_swab.ko"
