#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Mutation fuzzing of scripts/gen_lineinfo with corrupted ELF/DWARF input.
#
#   tests/fuzz/fuzz_gen.sh [-n ITERATIONS] [-s SEED] [--no-regress]
#   tests/fuzz/fuzz_gen.sh --replay [FILE...]   (default: tests/fuzz/regress-gen/*.elf)
#
# Seeds are small real ELF files with DWARF: the tests/host/src programs as
# objects (gcc -g -O2 -c, DWARF 5 and 4, and -gz compressed) and linked.
# gen_lineinfo is built with ASan and UBSan and run on each mutant with a
# 5 s timeout; it must exit 0 (writing a blob the kernel decoder accepts) or
# exit 1 with "gen_lineinfo: ..." messages.  New failures are saved in
# tests/fuzz/regress-gen/ (one input per distinct failure, with a .txt);
# --replay reruns them.  Mutant i of seed S is reproducible: random.Random("S:i").
# GEN_CFLAGS adds compiler flags, e.g. GEN_CFLAGS=-fno-sanitize=nonnull-attribute
# to look past a known report.
# Exit status: 0 if no failure, 1 otherwise.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/lib/userspace.sh"
W=${FUZZ_DIR:-$ROOT/build/fuzz}/gen
N=200 SEED=1 REGRESS=$HERE/regress-gen REPLAY=0
while [ $# -gt 0 ]; do
	case $1 in
	-n) N=$2; shift 2 ;;
	-s) SEED=$2; shift 2 ;;
	--no-regress) REGRESS=; shift ;;
	--replay) REPLAY=1; shift; break ;;
	*) echo "usage: $0 [-n N] [-s SEED] [--no-regress] | --replay [FILE...]" >&2; exit 2 ;;
	esac
done
mkdir -p "$W"

# Tools: gen_lineinfo under ASan+UBSan, and the kernel decoder to check its output
# shellcheck disable=SC2086
gen_build "$W/gen_lineinfo" gcc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer ${GEN_CFLAGS:-}
gcc -O1 -g $DECODER_CFLAGS -I"$ROOT/tests/lib" -o "$W/lookup" \
	"$ROOT/tests/host/lineinfo_lookup.c" $DECODER_SRCS

if [ $REPLAY = 1 ]; then
	if [ $# = 0 ]; then
		shopt -s nullglob
		set -- "$HERE"/regress-gen/*.elf
		shopt -u nullglob
	fi
	if [ $# = 0 ]; then echo "ok - no generator regression inputs"; exit 0; fi
	exec python3 "$HERE/fuzz_gen.py" --gen "$W/gen_lineinfo" --lookup "$W/lookup" \
		--work "$W/replay" --replay "$@"
fi

# Seeds
S=$W/seeds; rm -rf "$S"; mkdir -p "$S/src"
cp "$ROOT"/tests/host/src/* "$S/src/"
(cd "$S/src" &&
 gcc -g -O2 -c main.c helper.c linedir.c && gcc -c asm_add.S &&
 gcc -g -o ../prog main.o helper.o linedir.o asm_add.o &&
 mv main.o helper.o linedir.o .. &&
 gcc -g -gdwarf-4 -O2 -c helper.c -o ../helper-dwarf4.o &&
 gcc -g -O0 -c main.c -o ../main-O0.o &&
 gcc -g -O2 -gz=zlib -c linedir.c -o ../linedir-gz.o)
seeds=("$S"/*.o "$S/prog")
echo "# generator fuzz: seed $SEED, $N mutants of ${#seeds[@]} files: $(cd "$S" && echo *.o prog)"

args=(--gen "$W/gen_lineinfo" --lookup "$W/lookup" --seed "$SEED" --iterations "$N"
      --work "$W/run")
[ -n "$REGRESS" ] && args+=(--regress "$REGRESS")
exec python3 "$HERE/fuzz_gen.py" "${args[@]}" "${seeds[@]}"
