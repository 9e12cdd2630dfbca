#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Fuzz tests of the lineinfo decoder and of gen_lineinfo.
#
#   tests/fuzz/run.sh             quick (make check): <= ~60 s
#   tests/fuzz/run.sh --long      >= 10,000,000 blob executions, 5000 generator mutants
#   tests/fuzz/run.sh --strict-line (the default now; kept for scripts)
#                                 also require line <= LINEINFO_MAX_LINE from
#                                 lookups in blobs that only pass the quick check
#
# 1. fuzz_blob: libFuzzer + ASan + UBSan on the decoder (lib/lineinfo/) itself,
#    seeded with tests/fuzz/corpus-blob and with blobs made now by the current
#    gen_lineinfo (the format may have changed since the corpus was made).
# 2. fuzz_gen.sh: corrupted ELF/DWARF into gen_lineinfo under ASan + UBSan,
#    after replaying the saved failures in tests/fuzz/regress-gen/.
# Environment: FUZZ_DIR (work dir, default build/fuzz), BLOB_RUNS, BLOB_TIME,
# GEN_ITERATIONS, GEN_SEED.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/tests/lib/userspace.sh"
export FUZZ_DIR=${FUZZ_DIR:-$ROOT/build/fuzz}
W=$FUZZ_DIR/blob
LONG=0 STRICT=1
for a in "$@"; do
	case $a in
	--long) LONG=1 ;;
	--strict-line) STRICT=1 ;;
	*) echo "usage: $0 [--long] [--strict-line]" >&2; exit 2 ;;
	esac
done
if [ $LONG = 1 ]; then
	BLOB_RUNS=${BLOB_RUNS:-10000000} BLOB_TIME=${BLOB_TIME:-0} GEN_ITERATIONS=${GEN_ITERATIONS:-5000}
else
	BLOB_RUNS=${BLOB_RUNS:-200000} BLOB_TIME=${BLOB_TIME:-30} GEN_ITERATIONS=${GEN_ITERATIONS:-200}
fi
GEN_SEED=${GEN_SEED:-$([ $LONG = 1 ] && date +%s || echo 1)}
fail=0
pass() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }

# Tools, installed only when missing (CI starts from a fresh machine)
apt_install() {
	echo "# installing $*"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } > /dev/null 2>&1 ||
		{ echo "not ok - cannot install $*"; exit 1; }
}
fuzzer_ok() {
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' > "$W/t.c"
	"$1" -fsanitize=fuzzer,address,undefined -o "$W/t" "$W/t.c" > /dev/null 2>&1
}
mkdir -p "$W"
# No pinned versions: Debian's default clang, and the compiler-rt package
# (libFuzzer, sanitizers) of whatever major version that clang is.
CLANG=
for c in ${CLANG_CMD:-} clang; do
	command -v "$c" > /dev/null && fuzzer_ok "$c" && { CLANG=$c; break; }
done
if [ -z "$CLANG" ]; then
	command -v clang > /dev/null || apt_install clang
	major=$(clang -dumpversion | cut -d. -f1)
	case $major in
	[0-9]*) ;;
	*) echo "not ok - cannot tell the version of clang ($(clang --version | head -1))"; exit 1 ;;
	esac
	apt_install "libclang-rt-$major-dev"
	fuzzer_ok clang || { echo "not ok - clang $major cannot build a libFuzzer target"; exit 1; }
	CLANG=clang
fi
command -v gcc > /dev/null || apt_install gcc
command -v python3 > /dev/null || apt_install python3
command -v objcopy > /dev/null || apt_install binutils
[ -f /usr/include/elfutils/libdw.h ] && [ -f /usr/include/gelf.h ] || apt_install libdw-dev libelf-dev

# 1. The decoder
# fuzz_blob.c includes the decoder source, to reach its static helpers
$CLANG -g -O2 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-DLINEINFO_QUICK_LINE=$STRICT $DECODER_CFLAGS -I"$ROOT/tests/lib" -o "$W/fuzz_blob" \
	"$HERE/fuzz_blob.c"
gen_build "$W/gen_lineinfo" gcc -O1 -g
rm -rf "$W/seeds"
if "$HERE/mkseeds.sh" "$W/gen_lineinfo" "$W/seeds" > "$W/mkseeds.out" 2>&1; then
	pass "$(tail -1 "$W/mkseeds.out" | sed 's/^mkseeds: //'), all accepted by the decoder's full check"
else
	cat "$W/mkseeds.out"; bad "fresh seed blobs from gen_lineinfo"
fi
export ASAN_OPTIONS=detect_leaks=0
mkdir -p "$W/corpus" "$W/artifacts"
rm -f "$W"/artifacts/*
# Saved decoder failures, if any, are replayed first
shopt -s nullglob
reg=("$HERE"/regress-blob/*.bin)
shopt -u nullglob
if [ ${#reg[@]} -gt 0 ]; then
	if "$W/fuzz_blob" "${reg[@]}" > "$W/regress.out" 2>&1; then
		pass "fuzz_blob: ${#reg[@]} saved inputs of tests/fuzz/regress-blob"
	else
		grep -E 'invariant|ERROR|runtime error|Running' "$W/regress.out" | head -10
		bad "fuzz_blob fails on saved inputs of tests/fuzz/regress-blob"
	fi
fi
set +e
"$W/fuzz_blob" -runs="$BLOB_RUNS" -max_total_time="$BLOB_TIME" -print_final_stats=1 \
	-artifact_prefix="$W/artifacts/" -timeout=10 -rss_limit_mb=2048 \
	"$W/corpus" "$W/seeds" "$HERE/corpus-blob" > "$W/fuzz_blob.log" 2>&1
rc=$?
set -e
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$W/fuzz_blob.log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$W/fuzz_blob.log")
crashes=$(ls "$W"/artifacts/ | wc -l)
echo "# fuzz_blob: ${execs:-0} executions (${rate:-0}/s), $crashes crashes, corpus $(ls "$W/corpus" | wc -l) units"
if [ $rc = 0 ] && [ "$crashes" = 0 ] && [ -n "$execs" ]; then
	pass "fuzz_blob: ${execs} executions, 0 crashes"
else
	grep -E 'invariant violated|ERROR:|runtime error|SUMMARY|#[0-9]+ 0x.* in .*kallsyms_lineinfo|Test unit written' \
		"$W/fuzz_blob.log" | head -20
	for a in "$W"/artifacts/*; do echo "# input: $a ($(stat -c %s "$a") bytes)"; done
	bad "fuzz_blob: exit $rc, $crashes crashes after ${execs:-?} executions (log: $W/fuzz_blob.log)"
fi

# 2. The generator
if "$HERE/fuzz_gen.sh" --replay > "$FUZZ_DIR/regress-gen.out" 2>&1; then
	grep '^ok' "$FUZZ_DIR/regress-gen.out" | tail -1
else
	cat "$FUZZ_DIR/regress-gen.out"
	bad "gen_lineinfo fails on saved inputs of tests/fuzz/regress-gen"
fi
if "$HERE/fuzz_gen.sh" -n "$GEN_ITERATIONS" -s "$GEN_SEED" > "$FUZZ_DIR/fuzz_gen.out" 2>&1; then
	grep '^# generator fuzz: [0-9]' "$FUZZ_DIR/fuzz_gen.out"
	pass "gen_lineinfo: $GEN_ITERATIONS mutants (seed $GEN_SEED), 0 crashes"
else
	grep -E '^(# |  saved)' "$FUZZ_DIR/fuzz_gen.out"; grep '^FAIL' "$FUZZ_DIR/fuzz_gen.out" | head -5
	bad "gen_lineinfo: failures on mutants (seed $GEN_SEED, log $FUZZ_DIR/fuzz_gen.out)"
fi

[ $fail = 0 ] && echo "fuzz tests: PASS" || { echo "fuzz tests: FAIL"; exit 1; }
