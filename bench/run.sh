#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Benchmark of CONFIG_KALLSYMS_LINEINFO on a real distribution kernel: table
# size against the published LEB128 format, lookup speed, agreement with
# eu-addr2line, and generator cost.  Everything is measured in one run on
# the same input.  Prints "name: value" lines and a summary of the goals.
#
# Exit status: 0 if everything ran and agreement has 0 mismatches, 1 on
# agreement mismatches, 2 on errors.  Missed size/speed goals print MISS
# but do not fail.
#
# Environment: BENCH_PKG (default linux-image-6.12.117+deb12-cloud-amd64-dbg),
# BENCH_LOOKUPS (1000000), BENCH_SEED (20250101), BENCH_STEP (1: every byte
# of module text), BENCH_ARCHES ("x86_64 arm64": the columns of the x86-64 |
# arm64 table; without x86_64 only the arm64 part runs, see bench/arm64.sh),
# BENCH_ARM64_PKG (default: BENCH_PKG with arm64 for amd64).
set -Eeuo pipefail   # -E: the ERR trap in functions too (build, bench/arm64.sh)
trap 'echo "bench: error at line $LINENO" >&2; exit 2' ERR

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=$ROOT/build/bench
PKG=${BENCH_PKG:-linux-image-6.12.117+deb12-cloud-amd64-dbg}
LOOKUPS=${BENCH_LOOKUPS:-1000000}
SEED=${BENCH_SEED:-20250101}
STEP=${BENCH_STEP:-1}
MODULES="xfs btrfs mlx5_core"
mkdir -p "$B"
rm -f "$B"/*.out
T0=$(date +%s)

say() { printf '%s: %s\n' "$1" "$2"; }
# val FILE KEY: the value of the "KEY: value" line in FILE
val() { sed -n "s|^$2: ||p" "$1" | head -1; }
# wall time in seconds and peak RSS in KiB of the 3 runs of $1
timing() {
	for i in 1 2 3; do
		awk -F': ' '/Elapsed/ { n = split($2, t, ":"); s = 0;
				 for (j = 1; j <= n; j++) s = s * 60 + t[j]; w = s }
			 /Maximum resident/ { r = $2 } END { print w, r }' "$B/$1.time.$i"
	done | sort -n | awk '{ w[NR] = $1; if ($2 > r) r = $2 } END { print w[2], r }'
}
build() {
	CFLAGS="-O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare"
	. "$ROOT/tests/lib/userspace.sh"
	DEC="$DECODER_CFLAGS -I$ROOT/tests/lib"
	gen_build "$B/gen_lineinfo" gcc $CFLAGS
	gcc $CFLAGS $DEC -o "$B/lookup" "$ROOT/tests/host/lineinfo_lookup.c" $DECODER_SRCS
	gcc $CFLAGS $DEC -o "$B/published" "$ROOT/bench/published.c"
	gcc $CFLAGS -o "$B/walk" "$ROOT/bench/walk.c" -ldw -lelf
	gcc $CFLAGS $DEC -o "$B/inline_time" "$ROOT/bench/inline_time.c"
	say "build" "gen_lineinfo, lookup, published, walk in ${B#$ROOT/} (gcc $(gcc -dumpversion) -O2)"
}
ARCHES=${BENCH_ARCHES-x86_64 arm64}
for a in $ARCHES; do
	case $a in x86_64|arm64) ;; *) echo "bench: BENCH_ARCHES: unknown $a (x86_64, arm64)" >&2; exit 2 ;; esac
done
# nearest_dbg ARCH PKG: the versioned cloud -dbg image of ARCH (amd64,
# arm64) that apt offers nearest to PKG, same major.minor first; empty if none
nearest_dbg() {
	local want=${2#linux-image-} all near
	all=$(apt-cache pkgnames linux-image- | grep -E -- "^linux-image-[0-9].*-cloud-$1-dbg\$" | sort -V || true)
	near=$(grep -F -- "${want%%.*}." <<< "$all" | tail -1 || true)
	[ -n "$near" ] || near=$(tail -1 <<< "$all")
	printf '%s\n' "$near"
}

. "$ROOT/bench/arm64.sh"
# ---------------------------------------------------------------- arm64 alone
if [[ " $ARCHES " != *" x86_64 "* ]]; then
	build
	ARCH_MISM=0
	if [[ " $ARCHES " == *" arm64 "* ]]; then
		arm64_input
		arm64_bench
		arch_table arm64 "$B/arm64" "$AVER"
	fi
	say "bench runtime s" "$(($(date +%s) - T0))"
	[ "$ARCH_MISM" = 0 ] || { echo "bench: FAIL ($ARCH_MISM mismatches in the table)"; exit 1; }
	echo "bench: OK"
	exit 0
fi

# ---------------------------------------------------------------- input
if ! dpkg-query -W -f '${Status}' "$PKG" 2>/dev/null | grep -q 'ok installed'; then
	if ! apt-cache show "$PKG" > /dev/null 2>&1; then
		near=$(nearest_dbg amd64 "$PKG")
		[ -n "$near" ] || { echo "bench: no $PKG nor any cloud -dbg image in apt" >&2; exit 2; }
		echo "bench: $PKG not offered by apt, using $near" >&2
		PKG=$near
	fi
	echo "bench: installing $PKG (~320 MB)" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$PKG" >&2
fi
if [ ! -x /usr/bin/time ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >&2
fi
KVER=${PKG#linux-image-}
KVER=${KVER%-dbg}
VMLINUX=/usr/lib/debug/boot/vmlinux-$KVER
MODDIR=/usr/lib/debug/lib/modules/$KVER/kernel
[ -f "$VMLINUX" ] || { echo "bench: $VMLINUX missing" >&2; exit 2; }
say "input package" "$PKG"
say "input package version" "$(dpkg-query -W -f '${Version}' "$PKG")"
say "input vmlinux" "$VMLINUX ($(stat -c %s "$VMLINUX") bytes)"

# Paths in the DWARF are relative to comp_dir, e.g.
# debian/build/build_amd64_none_cloud-amd64; strip it as gen_lineinfo does.
readelf --debug-dump=info --dwarf-depth=1 "$VMLINUX" 2>/dev/null |
	sed -n 's/.*DW_AT_comp_dir.*): //p' | sort | uniq -c | sort -rn > "$B/compdir.out"
PREFIX=$(awk 'NR == 1 { print $2 }' "$B/compdir.out")
say "input comp_dir (prefix)" "$PREFIX ($(awk '{ n += $1 } END { print n }' "$B/compdir.out") CUs, $(wc -l < "$B/compdir.out") distinct)"

# ---------------------------------------------------------------- build
build

# ---------------------------------------------------------------- generator cost
# Warm the page cache, then alternate bare walk and gen_lineinfo 3 times
# each; report the median wall time and the largest peak RSS.
cat "$VMLINUX" > /dev/null
GEN=("$B/gen_lineinfo" --stats --prefix "$PREFIX" "$VMLINUX"
     -o "$B/text.bin" --range .text=_stext,_etext
     -o "$B/init.bin" --range .init.text=_sinittext,_einittext)
for i in 1 2 3; do
	/usr/bin/time -v -o "$B/walk.time.$i" "$B/walk" "$VMLINUX" > "$B/walk.out"
	/usr/bin/time -v -o "$B/gen.time.$i" "${GEN[@]}" > "$B/gen.out"
done
read -r WALK_S WALK_KB < <(timing walk)
read -r GEN_S GEN_KB < <(timing gen)

# ---------------------------------------------------------------- size
say "size vmlinux rows (bare walk)" "$(sed 's/^walk: //' "$B/walk.out")"
sed -n -e "s#^$B/text.bin: #size .text #p" -e "s#^$B/init.bin: #size .init.text #p" "$B/gen.out"
ENTRIES=$(val "$B/gen.out" "$B/text.bin: entries")
OURS_BPE=$(val "$B/gen.out" "$B/text.bin: bytes per entry")

"$B/published" "$B/text.bin" .text "$LOOKUPS" "$SEED" > "$B/pub.out" && rc=0 || rc=$?
[ $rc -le 1 ] || { echo "bench: published failed" >&2; exit 2; }
WALKED=$(val "$B/pub.out" "walked entries")
say "size .text entries walked in our blob" "$WALKED (gen_lineinfo --stats: $ENTRIES)"
[ "$WALKED" = "$ENTRIES" ] || { echo "bench: entry count mismatch" >&2; exit 2; }
grep '^published bytes' "$B/pub.out" | sed 's/^/size .text /'
SIZE_RATIO=$(val "$B/pub.out" "ours/published size")
PUB_BPE=$(val "$B/pub.out" "published bytes per entry")
say "size .text ours bytes per entry" "$OURS_BPE"
say "size .text ours/published" "$SIZE_RATIO"

# ---------------------------------------------------------------- lookup speed
grep '^lookup' "$B/pub.out"
LOOK_RATIO=$(val "$B/pub.out" "lookup median ours/published")
LOOK_MISM=$(val "$B/pub.out" "lookup mismatches ours vs published")

# ---------------------------------------------------------------- generator cost (print)
say "gen vmlinux gen_lineinfo wall s" "$GEN_S"
say "gen vmlinux gen_lineinfo peak RSS MiB" "$((GEN_KB / 1024))"
say "gen vmlinux bare libdw walk wall s" "$WALK_S"
say "gen vmlinux bare libdw walk peak RSS MiB" "$((WALK_KB / 1024))"
GEN_RATIO=$(awk -v g="$GEN_S" -v w="$WALK_S" 'BEGIN { printf "%.2f", g / w }')
say "gen vmlinux gen_lineinfo/walk wall" "$GEN_RATIO"

# ---------------------------------------------------------------- agreement
AGREE_MISM=0
python3 "$ROOT/bench/agree.py" vmlinux "$B/lookup" "$VMLINUX" "$B/text.bin" \
	--prefix "$PREFIX" --seed "$SEED" --random 100000 --even 100000 \
	> "$B/agree.vmlinux.out" && rc=0 || rc=$?
cat "$B/agree.vmlinux.out"
[ $rc -le 1 ] || { echo "bench: agreement on vmlinux failed to run" >&2; exit 2; }
AGREE_MISM=$((AGREE_MISM + $(val "$B/agree.vmlinux.out" "vmlinux agreement mismatches")))

for m in $MODULES; do
	ko=$(find "$MODDIR" -name "$m.ko" | head -1)
	[ -n "$ko" ] || { echo "bench: $m.ko not found under $MODDIR" >&2; exit 2; }
	"$B/gen_lineinfo" --stats --prefix "$PREFIX" "$ko" -o "$B/$m.bin" > "$B/gen.$m.out"
	say "module $m entries" "$(val "$B/gen.$m.out" "$B/$m.bin: entries")"
	say "module $m files" "$(val "$B/gen.$m.out" "$B/$m.bin: files")"
	say "module $m bytes total" "$(val "$B/gen.$m.out" "$B/$m.bin: bytes total")"
	say "module $m bytes per entry" "$(val "$B/gen.$m.out" "$B/$m.bin: bytes per entry")"
	python3 "$ROOT/bench/agree.py" module "$B/lookup" "$ko" "$B/$m.bin" \
		--prefix "$PREFIX" --step "$STEP" > "$B/agree.$m.out" && rc=0 || rc=$?
	sed 's/^/module /' "$B/agree.$m.out"
	[ $rc -le 1 ] || { echo "bench: agreement on $m failed to run" >&2; exit 2; }
	AGREE_MISM=$((AGREE_MISM + $(val "$B/agree.$m.out" "$m.ko agreement mismatches")))
done

# ---------------------------------------------------------------- summary
goal() { # description, measured, awk condition on x
	local ok
	ok=$(awk -v x="$2" "BEGIN { print ($3) ? \"PASS\" : \"MISS\" }")
	printf '  %-4s %-62s measured %s\n' "$ok" "$1" "$2"
}
# ---------------------------------------------------------------- inline chains
# The same .text with --inline: the lines table and the inline table side by
# side, against the published format's lines-only size; chain lookups next
# to line lookups; generator against a bare walk of line tables plus
# inlined-subroutine DIEs; agreement with llvm-symbolizer --inlining.
GENI=("$B/gen_lineinfo" --stats --inline --prefix "$PREFIX" "$VMLINUX"
      -o "$B/text-inline.bin" --range .text=_stext,_etext)
for i in 1 2 3; do
	/usr/bin/time -v -o "$B/walki.time.$i" "$B/walk" --inline "$VMLINUX" > "$B/walki.out"
	/usr/bin/time -v -o "$B/geni.time.$i" "${GENI[@]}" > "$B/geni.out"
done
read -r WALKI_S WALKI_KB < <(timing walki)
read -r GENI_S GENI_KB < <(timing geni)
echo "==================== inline chains ===================="
I=$B/text-inline.bin
PUB_BYTES=$(val "$B/pub.out" "published bytes total")
LINES_BYTES=$(val "$B/gen.out" "$B/text.bin: bytes total")
INL_BYTES=$(val "$B/geni.out" "$I: bytes inline total")
say "inline records in .text" "$(val "$B/geni.out" "$I: inline records")"
say "inline names" "$(val "$B/geni.out" "$I: inline names")"
say "inline bytes names" "$(val "$B/geni.out" "$I: bytes inline names") (without tokens $(val "$B/geni.out" "$I: bytes inline names without tokens"))"
say "inline bytes name tokens" "$(val "$B/geni.out" "$I: bytes inline name tokens")"
say "inline bytes name index" "$(val "$B/geni.out" "$I: bytes inline name index")"
say "inline bytes block index" "$(val "$B/geni.out" "$I: bytes inline block index")"
say "inline calls in lists" "$(val "$B/geni.out" "$I: inline calls in lists")"
say "inline bytes call lists" "$(val "$B/geni.out" "$I: bytes inline call lists")"
say "inline bytes call list index" "$(val "$B/geni.out" "$I: bytes inline call list index")"
say "inline bytes record stream" "$(val "$B/geni.out" "$I: bytes inline record stream")"
say "inline bytes stream by field" "$(val "$B/geni.out" "$I: bytes inline stream fields")"
say "size lines table (.text)" "$LINES_BYTES"
say "size inline table (.text)" "$INL_BYTES"
SUM_BYTES=$((LINES_BYTES + INL_BYTES))
say "size lines + inline" "$SUM_BYTES"
say "size published lines only" "$PUB_BYTES"
SUM_RATIO=$(awk -v a="$SUM_BYTES" -v b="$PUB_BYTES" 'BEGIN { printf "%.3f", a / b }')
say "size lines + inline / published lines only" "$SUM_RATIO"
say "size lines / published, inline / published" "$(awk -v l="$LINES_BYTES" -v i="$INL_BYTES" -v b="$PUB_BYTES" 'BEGIN { printf "%.3f, %.3f", l / b, i / b }')"
"$B/inline_time" "$I" .text "$LOOKUPS" "$SEED" > "$B/inline_time.out"
sed 's/^/inline /' "$B/inline_time.out"
say "inline gen vmlinux gen_lineinfo --inline wall s" "$GENI_S"
say "inline gen vmlinux gen_lineinfo --inline peak RSS MiB" "$((GENI_KB / 1024))"
say "inline gen vmlinux bare walk (lines + inlined DIEs) wall s" "$WALKI_S"
GENI_RATIO=$(awk -v g="$GENI_S" -v w="$WALKI_S" 'BEGIN { printf "%.2f", g / w }')
say "inline gen vmlinux gen_lineinfo --inline / walk" "$GENI_RATIO"
# what a distro build pays in modfinal: every module of the package
find "$MODDIR" -name '*.ko' | sort > "$B/all-ko.list"
/usr/bin/time -f '%U %S' -o "$B/allko.time" sh -c '
	while read -r ko; do
		"$0" --skip-no-dwarf --inline --prefix "$1" "$ko" -o "$2/ko.bin" > /dev/null 2>&1 || echo "FAIL $ko"
	done < "$3"' "$B/gen_lineinfo" "$PREFIX" "$B" "$B/all-ko.list" > "$B/allko.out"
say "inline gen all $(wc -l < "$B/all-ko.list") modules of the package: CPU s (user+sys)" \
	"$(awk '{ printf "%.1f", $1 + $2 }' "$B/allko.time")"
say "inline gen modules failed" "$(grep -c '^FAIL' "$B/allko.out" || true)"
python3 "$ROOT/bench/agree_inline.py" "$B/lookup" "$VMLINUX" "$I" --prefix "$PREFIX" \
	--seed "$SEED" --random 20000 > "$B/agree_inline.out" && rc=0 || rc=$?
cat "$B/agree_inline.out"
[ $rc -le 1 ] || { echo "bench: inline agreement failed to run" >&2; exit 2; }
INL_MISM=$(val "$B/agree_inline.out" "inline agreement mismatches")
# every byte of the bench modules (BENCH_STEP), each with its own inline table
for m in $MODULES; do
	ko=$(find "$MODDIR" -name "$m.ko" | head -1)
	"$B/gen_lineinfo" --stats --inline --prefix "$PREFIX" "$ko" -o "$B/$m-inline.bin" \
		> "$B/geni.$m.out"
	say "inline module $m bytes lines + inline" \
		"$(val "$B/geni.$m.out" "$B/$m-inline.bin: bytes total") (inline $(val "$B/geni.$m.out" "$B/$m-inline.bin: bytes inline total"))"
	python3 "$ROOT/bench/agree_inline.py" "$B/lookup" "$ko" "$B/$m-inline.bin" --module \
		--prefix "$PREFIX" --step "$STEP" > "$B/agree_inline.$m.out" && rc=0 || rc=$?
	grep -v '^    ' "$B/agree_inline.$m.out" | sed 's/^/module /'
	[ $rc -le 1 ] || { echo "bench: inline agreement on $m failed to run" >&2; exit 2; }
	INL_MISM=$((INL_MISM + $(val "$B/agree_inline.$m.out" "inline agreement mismatches")))
done
# second opinion (informational): eu-addr2line 0.188 disagrees where
# llvm-symbolizer agrees with us (see bench/README.md)
python3 "$ROOT/bench/agree_inline.py" "$B/lookup" "$VMLINUX" "$I" --prefix "$PREFIX" \
	--seed "$SEED" --random 20000 --oracle eu > "$B/agree_inline_eu.out" || true
grep -v '^    \|^  MISMATCH' "$B/agree_inline_eu.out"
# ---------------------------------------------------------------- offline decoding
# tools/lineinfo (the tables gen_lineinfo made above, saved as from
# /sys/kernel/lineinfo, and System.map: no DWARF) against
# scripts/decode_stacktrace.sh (the debug vmlinux), on one 10,000-line log
echo "==================== offline decoding (tools/lineinfo, bench/offline.py) ===================="
rm -rf "$B/offline" && mkdir -p "$B/offline/tables"
cp "$B/text-inline.bin" "$B/offline/tables/vmlinux"
cp "$B/init.bin" "$B/offline/tables/vmlinux.init"
# System.map as scripts/mksysmap makes it
nm -n "$VMLINUX" | grep -v -E ' [aNUw] | \$|\.L|__crc_|__kstrtab' > "$B/offline/System.map"
gcc $CFLAGS -D_GNU_SOURCE $DECODER_CFLAGS -o "$B/offline/lineinfo" \
	"$ROOT"/overlay/tools/lineinfo/{lineinfo,file,symbols,image,annotate,decoder}.c
python3 "$ROOT/bench/offline.py" "$B/offline/lineinfo" "$B/offline/tables" "$B/offline/System.map" \
	"$VMLINUX" "${KSRC:-$ROOT/build/linux-source-6.12}/scripts/decode_stacktrace.sh" "$B/offline/work" --lines 10000 > "$B/offline.out"
cat "$B/offline.out"
OFF_RATIO=$(val "$B/offline.out" "offline speed ratio decode_stacktrace.sh/tool")
OFF_DIFF=$(sed -n 's/^offline agreement on lines.*, \([0-9]*\) differ$/\1/p' "$B/offline.out")
OFF_NEITHER=$(sed -n 's/^offline where they differ.*tool \([0-9]*\), decode_stacktrace.sh \([0-9]*\), neither \([0-9]*\)$/\2 \3/p' "$B/offline.out")

gcc $CFLAGS -o "$B/inline_study" "$ROOT/bench/inline_study.c" -ldw -lelf -lm
"$B/inline_study" "$VMLINUX" > "$B/inline_study.out"
echo "==================== inline study (design input, bench/inline_study.c) ===================="
sed 's/^/inline: /' "$B/inline_study.out"
# issue 13: what a table of parameters in registers would hold and cost
"$B/gen_lineinfo" --dump-params "$VMLINUX" -o "$B/params.bin" --range .text=_stext,_etext \
	> "$B/params.dump" 2> "$B/params.err"
python3 "$ROOT/bench/param_study.py" "$B/params.dump" > "$B/param_study.out"
echo "==================== parameter study (design input, bench/param_study.py) ===================="
sed 's/^/params: /' "$B/params.err"
sed 's/^/params: /' "$B/param_study.out"
# issue 13: the parameter table (gen_lineinfo --params) next to the others
echo "==================== parameter table (gen_lineinfo --inline --params) ===================="
GENP=("$B/gen_lineinfo" --stats --inline --params --prefix "$PREFIX" "$VMLINUX"
      -o "$B/text-params.bin" --range .text=_stext,_etext)
for i in 1 2 3; do
	/usr/bin/time -v -o "$B/genp.time.$i" "${GENP[@]}" > "$B/genp.out" 2> "$B/genp.err"
done
read -r GENP_S GENP_KB < <(timing genp)
P=$B/text-params.bin
sed -n "s#^$P: \(.*param.*\)#params \1#p" "$B/genp.out"
INLP_BYTES=$(val "$B/genp.out" "$P: bytes inline total")
PAR_BYTES=$(val "$B/genp.out" "$P: bytes param total")
# the parameter names and types live in the inline name table, which grows
PAR_ADDED=$((PAR_BYTES + INLP_BYTES - INL_BYTES))
say "params bytes inline table with parameter names and types" "$INLP_BYTES (without: $INL_BYTES)"
say "size lines / inline / parameters (.text)" "$LINES_BYTES / $INL_BYTES / $PAR_ADDED"
say "size parameters added / lines + inline" "$(awk -v p="$PAR_ADDED" -v s="$SUM_BYTES" 'BEGIN { printf "%.3f", p / s }')"
say "params parameters in a register at one or more addresses / all" \
	"$(sed -n 's/^input: parameters \([0-9]*\), in a register at some address \([0-9]*\) (\([0-9.]*%\)).*/\2 \/ \1 (\3)/p' "$B/param_study.out")"
say "params gen vmlinux --inline --params wall s" "$GENP_S (--inline: $GENI_S, added $(awk -v a="$GENP_S" -v b="$GENI_S" 'BEGIN { printf "%.2f", a - b }'))"
say "params gen vmlinux --inline --params peak RSS MiB" "$((GENP_KB / 1024))"
"$B/inline_time" "$P" .text "$LOOKUPS" "$SEED" | grep 'arguments' | sed 's/^/params /'
# the decoder against the dump it was made from (itself checked against gdb
# by tests/host/params_gdb.py), at sampled addresses of functions
python3 "$ROOT/tests/host/params_table.py" "$B/params.dump" "$B/lookup" "$P" .text \
	--sample 20000 --seed "$SEED" > "$B/params_table.out" && rc=0 || rc=$?
tail -1 "$B/params_table.out" | sed 's/^/params /'
[ $rc -le 1 ] || { echo "bench: params_table failed to run" >&2; exit 2; }
PAR_MISM=$(sed -n 's/.* \([0-9]*\) mismatches$/\1/p' "$B/params_table.out" | tail -1)
# the dump itself against gdb, at every address of 2000 random scopes
python3 "$ROOT/tests/host/params_gdb.py" "$VMLINUX" "$B/params.dump" --sample 2000 \
	> "$B/params_gdb.out" && rc=0 || rc=$?
head -1 "$B/params_gdb.out" | sed 's/^params_gdb: [^:]*: /params gdb agreement, 2000 sampled scopes: /'
sed -n 's/^  MISMATCH/params   MISMATCH/p' "$B/params_gdb.out"
PAR_GDB_MISM=$(sed -n 's/.*[ ,]mismatch \([0-9]*\).*/\1/p' "$B/params_gdb.out" | head -1)
PAR_GDB_MISM=${PAR_GDB_MISM:-0}
[ $rc = 0 ] || [ "$PAR_GDB_MISM" != 0 ] || { echo "bench: params_gdb failed to run" >&2; exit 2; }
# The tables as bytes: a digest of every blob the bench makes, and of every
# module of the package with --inline --params, so that a change meant to
# leave the format alone (a refactoring) can show it did (same digests).
echo "==================== digests (sha256 of the blobs) ===================="
rm -rf "$B/digest-ko"; mkdir -p "$B/digest-ko"
while read -r ko; do
	m=$(basename "$ko" .ko)
	"$B/gen_lineinfo" --skip-no-dwarf --inline --params --prefix "$PREFIX" "$ko" \
		-o "$B/digest-ko/$m.bin" > /dev/null 2>&1 || echo "FAIL $ko"
done < "$B/all-ko.list" > "$B/digest-ko.out"
(cd "$B" && sha256sum text.bin init.bin text-inline.bin text-params.bin) > "$B/digests.txt"
(cd "$B/digest-ko" && find . -name '*.bin' | sort | xargs sha256sum) > "$B/digests-ko.txt"
sed 's/^\([0-9a-f]*\)  \(.*\)/digest vmlinux \2: \1/' "$B/digests.txt"
say "digest modules --inline --params: $(wc -l < "$B/digests-ko.txt") blobs ($(grep -c '^FAIL' "$B/digest-ko.out" || true) failed), sha256 of their list" \
	"$(sha256sum < "$B/digests-ko.txt" | cut -d' ' -f1) (each in ${B#$ROOT/}/digests-ko.txt)"
# ---------------------------------------------------------------- x86-64 | arm64
# issue 24: the arm64 package through the same host tools, next to x86-64,
# both against llvm-symbolizer (bench/arm64.sh)
ARCH_MISM=0
if [[ " $ARCHES " == *" arm64 "* ]]; then
	arm64_input
	arm64_bench
fi
llvm_agree "$B" "$VMLINUX" "$MODDIR" "$PREFIX"
if [[ " $ARCHES " == *" arm64 "* ]]; then
	arch_table x86_64 "$B" "$(dpkg-query -W -f '${Version}' "$PKG")" arm64 "$B/arm64" "$AVER"
else
	arch_table x86_64 "$B" "$(dpkg-query -W -f '${Version}' "$PKG")"
fi
echo "==================== summary ($PKG $(dpkg-query -W -f '${Version}' "$PKG")) ===================="
goal ".text table incl. index + file names <= 2.3 bytes/entry" "$OURS_BPE" "x <= 2.3"
goal ">= 40% smaller than published (ours/published <= 0.60)" "$SIZE_RATIO" "x <= 0.60"
goal "lookup median <= 1/3 of published (ours/published)" "$LOOK_RATIO" "x <= 1/3"
goal "generator wall <= 1.5x bare libdw walk" "$GEN_RATIO" "x <= 1.5"
goal "generator peak RSS <= 1 GB (MiB)" "$((GEN_KB / 1024))" "x * 1048576 <= 1e9"
goal "agreement with eu-addr2line: 0 mismatches" "$AGREE_MISM" "x == 0"
goal "our and published decoders agree on every lookup" "$LOOK_MISM" "x == 0"
goal "inline: lines + inline <= 5.5 MB (bytes)" "$SUM_BYTES" "x <= 5500000"
goal "inline: lines + inline <= 4.8 MB, the published lines alone" "$SUM_BYTES" "x <= 4800000"
goal "inline: generator wall <= 1.5x bare walk with inlined DIEs" "$GENI_RATIO" "x <= 1.5"
goal "inline: generator peak RSS <= 1 GB (MiB)" "$((GENI_KB / 1024))" "x * 1048576 <= 1e9"
goal "inline: chains agree with llvm-symbolizer (vmlinux sample, every module byte): 0 mismatches" "$INL_MISM" "x == 0"
goal "params: table added <= 3 MB (bytes)" "$PAR_ADDED" "x <= 3000000"
goal "params: table added <= 1.5 MB (bytes)" "$PAR_ADDED" "x <= 1500000"
goal "params: generator peak RSS <= 1 GB (MiB)" "$((GENP_KB / 1024))" "x * 1048576 <= 1e9"
goal "params: decoder agrees with the dump (sampled addresses): 0 mismatches" "${PAR_MISM:-1}" "x == 0"
goal "params: gdb agrees with the dump (2000 sampled scopes, every address): 0 mismatches" "$PAR_GDB_MISM" "x == 0"
goal "offline: tool >= 100x faster than decode_stacktrace.sh (ratio)" "$OFF_RATIO" "x >= 100"
goal "offline: lines where llvm-symbolizer sides against the tool (0)" "$(echo "${OFF_NEITHER:-1 1}" | awk '{ print $1 + $2 }')" "x == 0"
say "published bytes per entry" "$PUB_BPE"
say "bench runtime s" "$(($(date +%s) - T0))"
if [ "$AGREE_MISM" != 0 ] || [ "$LOOK_MISM" != 0 ] || [ "$INL_MISM" != 0 ] || [ "${PAR_MISM:-1}" != 0 ] || [ "$PAR_GDB_MISM" != 0 ] || [ "$ARCH_MISM" != 0 ]; then
	echo "bench: FAIL ($AGREE_MISM agreement mismatches, $LOOK_MISM decoder mismatches$([ "$ARCH_MISM" = 0 ] || echo ", $ARCH_MISM mismatches in the x86-64 | arm64 table"))"
	exit 1
fi
echo "bench: OK"
