#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Regenerate the seed corpus of fuzz_blob: real blobs written by gen_lineinfo.
#
#   tests/fuzz/mkseeds.sh [GEN_LINEINFO] [OUTDIR]
#
# Seeds: the tests/host/src programs as objects (ET_REL, every executable
# section) and linked (--range .text), at several block shifts, plus the
# .mod_lineinfo of the modules of a kernel build if build/obj has any.
# The committed tests/fuzz/corpus-blob/ was made by this script; run.sh
# also calls it at run time to add seeds from fresh build products.
set -euo pipefail
export ASAN_OPTIONS=detect_leaks=0
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/lib/userspace.sh"
GEN=${1:-}
OUT=${2:-$HERE/corpus-blob}
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
if [ -z "$GEN" ]; then
	gen_build "$W/gen_lineinfo" gcc -O1 -g
	GEN=$W/gen_lineinfo
fi
mkdir -p "$OUT"
cp "$ROOT"/tests/host/src/* "$W/"
cd "$W"
n=0
for v in "o2:-O2 -g" "o0d4:-O0 -g -gdwarf-4" "os:-Os -g -gdwarf-5"; do
	name=${v%%:*} flags=${v#*:}
	gcc $flags -c main.c helper.c linedir.c
	gcc -c asm_add.S
	gcc -o prog main.o helper.o linedir.o asm_add.o
	for bs in 0 2 5; do
		"$GEN" --block-shift $bs --prefix "$W" helper.o -o "$OUT/$name-helper-bs$bs.bin" >/dev/null
	done
	"$GEN" --prefix "$W" main.o -o "$OUT/$name-main.bin" >/dev/null
	"$GEN" --inline --prefix "$W" main.o -o "$OUT/$name-main-inline.bin" >/dev/null
	# parameter tables (args.c needs optimisation: its asm clobbers rbp)
	case $name in
	o0*) n=$((n - 1)) ;;
	*) gcc $flags -c -o args.o "$ROOT/tests/host/params/args.c"
	   "$GEN" --inline --params --prefix "$W" args.o -o "$OUT/$name-args-params.bin" >/dev/null ;;
	esac
	"$GEN" --prefix "$W" linedir.o -o "$OUT/$name-linedir.bin" >/dev/null
	n=$((n + 7))
done
# A linked program (large: only one) and a multi-range blob
"$GEN" --prefix "$W" prog -o "$OUT/o2-prog-text.bin" --range .text >/dev/null
"$GEN" --inline --prefix "$W" prog -o "$OUT/o2-prog-text-inline.bin" --range .text >/dev/null
n=$((n + 2))
printf 'static int f(int x){return x*3;}\n__attribute__((section(".text.unlikely"))) int g(int x){return f(x)+1;}\n__attribute__((section(".init.text"))) int h(int x){return g(x)*2;}\nint k(int x){return h(x)-1;}\n' > multi.c
gcc -O1 -g -c multi.c
"$GEN" --block-shift 1 --prefix "$W" multi.o -o "$OUT/multi-sections.bin" >/dev/null
n=$((n + 1))
# Module tables of a kernel build: the .mod_lineinfo section if the current
# decoder accepts it (a stale build may have an older format), else a table
# made from the module's DWARF by the current gen_lineinfo.
gcc -O1 $DECODER_CFLAGS -I"$ROOT/tests/lib" -o "$W/lookup" \
	"$ROOT/tests/host/lineinfo_lookup.c" $DECODER_SRCS
valid() { "$W/lookup" --full "$1" .text 0 < /dev/null > /dev/null 2>&1; }
for ko in "$ROOT"/build/obj/*/*/*.ko "$ROOT"/build/obj/*/*/*/*.ko "$ROOT"/build/modules/*.ko; do
	[ -f "$ko" ] || continue
	b=$(basename "$ko" .ko)
	[ -f "$OUT/ko-$b.bin" ] && continue
	rm -f "$W/ko.bin"
	if ! { objcopy -O binary --only-section=.mod_lineinfo "$ko" "$W/ko.bin" 2>/dev/null &&
	       [ -s "$W/ko.bin" ] && valid "$W/ko.bin"; }; then
		"$GEN" --prefix "$ROOT/build/linux-source-6.12" --prefix "$ROOT/build/obj" \
			"$ko" -o "$W/ko.bin" > /dev/null 2>&1 && valid "$W/ko.bin" || continue
	fi
	[ "$(stat -c %s "$W/ko.bin")" -le 16384 ] || continue
	cp "$W/ko.bin" "$OUT/ko-$b.bin"; n=$((n + 1))
done
# Only seeds the current decoder accepts are useful starting points
for f in "$OUT"/*.bin; do
	valid "$f" || { echo "mkseeds: $f rejected by the decoder" >&2; exit 1; }
done
echo "mkseeds: $n seeds in $OUT ($(du -cb "$OUT"/* | tail -1 | cut -f1) bytes)"
