# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Sourced by bench/run.sh: the arm64 figures (issue 24) and the x86-64 | arm64
# table.  Debian's linux-image-*-cloud-arm64-dbg is downloaded (not
# installed: it is of a foreign architecture) and unpacked under
# build/bench/arm64/, and the same host gen_lineinfo, decoder and scripts as
# for x86-64 run on its vmlinux (EM_AARCH64, little endian) and modules.
# The oracle of both columns is llvm-symbolizer, which reads either target:
# bench/agree.py --oracle llvm for lines (vmlinux: the same seeded random,
# evenly spaced, function and ret-1 addresses as the x86-64 section; the
# bench modules: every BENCH_STEP-th byte), bench/agree_inline.py for
# inline chains.  Uses B, ROOT, PKG, SEED, LOOKUPS, STEP, MODULES, say, val
# and timing of run.sh.

# arm64_input: the arm64 counterpart of $PKG (BENCH_ARM64_PKG), or the
# nearest that apt offers, unpacked once into $B/arm64/KVER (reused after);
# sets APKG, AVER, AVMLINUX, AMODDIR.
arm64_input() {
	local a=$B/arm64 kver near
	APKG=${BENCH_ARM64_PKG:-${PKG/%-amd64-dbg/-arm64-dbg}}
	kver=${APKG#linux-image-}
	kver=${kver%-dbg}
	mkdir -p "$a"
	if [ ! -f "$a/$kver.version" ]; then
		# apt-get download of a foreign package needs its architecture in dpkg
		if ! dpkg --print-foreign-architectures | grep -qx arm64; then
			echo "bench: dpkg --add-architecture arm64 (for apt-get download)" >&2
			dpkg --add-architecture arm64
			apt-get update -q >&2
		fi
		if ! apt-cache show "$APKG:arm64" > /dev/null 2>&1; then
			near=$(nearest_dbg arm64 "$APKG")
			[ -n "$near" ] || { echo "bench: no $APKG:arm64 nor any arm64 cloud -dbg image in apt" >&2; exit 2; }
			echo "bench: $APKG:arm64 not offered by apt, using $near" >&2
			APKG=$near
			kver=${APKG#linux-image-}
			kver=${kver%-dbg}
		fi
	fi
	if [ ! -f "$a/$kver.version" ]; then
		echo "bench: downloading $APKG:arm64 (~320 MB) and unpacking it into ${a#"$ROOT"/}/$kver (~1.8 GB)" >&2
		rm -rf "${a:?}/dl" "${a:?}/$kver" "${a:?}/$kver.tmp"
		mkdir -p "$a/dl"
		# apt downloads as its _apt user where it can
		chown _apt "$a/dl" 2>/dev/null || true
		(cd "$a/dl" && apt-get download -q "$APKG:arm64") >&2
		dpkg-deb -x "$a"/dl/*.deb "$a/$kver.tmp"
		mv "$a/$kver.tmp" "$a/$kver"
		dpkg-deb -f "$a"/dl/*.deb Version > "$a/$kver.version"
		rm -rf "$a/dl"
	fi
	AVER=$(cat "$a/$kver.version")
	AVMLINUX=$a/$kver/usr/lib/debug/boot/vmlinux-$kver
	AMODDIR=$a/$kver/usr/lib/debug/lib/modules/$kver/kernel
	[ -f "$AVMLINUX" ] || { echo "bench: $AVMLINUX missing" >&2; exit 2; }
}

# llvm_agree DIR VMLINUX MODDIR PREFIX: line agreement with llvm-symbolizer of
# DIR/text.bin and DIR/MODULE.bin, into DIR/agree_llvm.*.out
llvm_agree() {
	local d=$1 vmlinux=$2 moddir=$3 prefix=$4 m ko rc
	python3 "$ROOT/bench/agree.py" vmlinux "$B/lookup" "$vmlinux" "$d/text.bin" --oracle llvm \
		--prefix "$prefix" --seed "$SEED" --random 100000 --even 100000 \
		> "$d/agree_llvm.vmlinux.out" && rc=0 || rc=$?
	[ $rc -le 1 ] || { echo "bench: llvm-symbolizer agreement on $vmlinux failed to run" >&2; exit 2; }
	for m in $MODULES; do
		ko=$(find "$moddir" -name "$m.ko" | head -1)
		python3 "$ROOT/bench/agree.py" module "$B/lookup" "$ko" "$d/$m.bin" --oracle llvm \
			--prefix "$prefix" --step "$STEP" > "$d/agree_llvm.$m.out" && rc=0 || rc=$?
		[ $rc -le 1 ] || { echo "bench: llvm-symbolizer agreement on $m failed to run" >&2; exit 2; }
	done
}

# arm64_bench: the figures of the x86-64 section that the table shows, on the
# arm64 package, into $B/arm64 under the same names as in $B
arm64_bench() {
	local d=$B/arm64 prefix i m ko rc
	rm -f "$d"/*.out "$d"/*.bin "$d"/*.time.* "$d"/all-ko.list
	echo "==================== arm64 ($APKG $AVER) ===================="
	say "arm64 input package" "$APKG (not installed: unpacked in ${d#"$ROOT"/})"
	say "arm64 input package version" "$AVER"
	say "arm64 input vmlinux" "${AVMLINUX#"$ROOT"/} ($(stat -c %s "$AVMLINUX") bytes, $(readelf -h "$AVMLINUX" |
		sed -n 's/^ *Machine: *//p'), $(readelf -h "$AVMLINUX" | sed -n 's/^ *Data: *[^,]*, *//p'))"
	readelf --debug-dump=info --dwarf-depth=1 "$AVMLINUX" 2>/dev/null |
		sed -n 's/.*DW_AT_comp_dir.*): //p' | sort | uniq -c | sort -rn > "$d/compdir.out"
	prefix=$(awk 'NR == 1 { print $2 }' "$d/compdir.out")
	say "arm64 input comp_dir (prefix)" "$prefix ($(awk '{ n += $1 } END { print n }' "$d/compdir.out") CUs, $(wc -l < "$d/compdir.out") distinct)"
	cat "$AVMLINUX" > /dev/null
	for i in 1 2 3; do
		/usr/bin/time -v -o "$d/gen.time.$i" "$B/gen_lineinfo" --stats --prefix "$prefix" "$AVMLINUX" \
			-o "$d/text.bin" --range .text=_stext,_etext \
			-o "$d/init.bin" --range .init.text=_sinittext,_einittext > "$d/gen.out" 2> "$d/gen.err"
		/usr/bin/time -v -o "$d/geni.time.$i" "$B/gen_lineinfo" --stats --inline --prefix "$prefix" \
			"$AVMLINUX" -o "$d/text-inline.bin" --range .text=_stext,_etext > "$d/geni.out" 2> "$d/geni.err"
	done
	sed -n -e "s#^$d/text.bin: #arm64 size .text #p" -e "s#^$d/init.bin: #arm64 size .init.text #p" "$d/gen.out"
	sed 's/^/arm64 gen: /' "$d/gen.err" "$d/geni.err"
	"$B/published" "$d/text.bin" .text "$LOOKUPS" "$SEED" > "$d/pub.out" && rc=0 || rc=$?
	[ $rc -le 1 ] || { echo "bench: published failed on arm64" >&2; exit 2; }
	[ "$(val "$d/pub.out" "walked entries")" = "$(val "$d/gen.out" "$d/text.bin: entries")" ] ||
		{ echo "bench: arm64 entry count mismatch" >&2; exit 2; }
	grep -e '^published bytes' -e '^ours/published' -e '^lookup' "$d/pub.out" | sed 's/^/arm64 /'
	sed -n "s#^$d/text-inline.bin: \(.*inline.*\)#arm64 inline \1#p" "$d/geni.out"
	for m in $MODULES; do
		ko=$(find "$AMODDIR" -name "$m.ko" | head -1)
		[ -n "$ko" ] || { echo "bench: $m.ko not found under $AMODDIR" >&2; exit 2; }
		"$B/gen_lineinfo" --stats --prefix "$prefix" "$ko" -o "$d/$m.bin" > "$d/gen.$m.out"
		"$B/gen_lineinfo" --stats --inline --prefix "$prefix" "$ko" -o "$d/$m-inline.bin" > "$d/geni.$m.out"
		say "arm64 module $m entries, bytes per entry" \
			"$(val "$d/gen.$m.out" "$d/$m.bin: entries"), $(val "$d/gen.$m.out" "$d/$m.bin: bytes per entry")"
	done
	# every module of the package, as the x86-64 section does
	find "$AMODDIR" -name '*.ko' | sort > "$d/all-ko.list"
	/usr/bin/time -f '%U %S' -o "$d/allko.time" sh -c '
		while read -r ko; do
			"$0" --skip-no-dwarf --inline --prefix "$1" "$ko" -o "$2/ko.bin" > /dev/null 2>&1 || echo "FAIL $ko"
		done < "$3"' "$B/gen_lineinfo" "$prefix" "$d" "$d/all-ko.list" > "$d/allko.out"
	rm -f "$d/ko.bin"
	say "arm64 inline gen all $(wc -l < "$d/all-ko.list") modules of the package: CPU s (user+sys)" \
		"$(awk '{ printf "%.1f", $1 + $2 }' "$d/allko.time")"
	say "arm64 inline gen modules failed" "$(grep -c '^FAIL' "$d/allko.out" || true)"
	{ grep "^FAIL" "$d/allko.out" || true; } | head -5 | sed "s/^/arm64   /"
	# agreement: lines, then inline chains, with llvm-symbolizer
	llvm_agree "$d" "$AVMLINUX" "$AMODDIR" "$prefix"
	sed 's/^/arm64 llvm-symbolizer /' "$d/agree_llvm.vmlinux.out"
	for m in $MODULES; do
		sed 's/^/arm64 llvm-symbolizer module /' "$d/agree_llvm.$m.out"
	done
	python3 "$ROOT/bench/agree_inline.py" "$B/lookup" "$AVMLINUX" "$d/text-inline.bin" --prefix "$prefix" \
		--seed "$SEED" --random 20000 > "$d/agree_inline.out" && rc=0 || rc=$?
	sed 's/^/arm64 /' "$d/agree_inline.out"
	[ $rc -le 1 ] || { echo "bench: arm64 inline agreement failed to run" >&2; exit 2; }
	for m in $MODULES; do
		ko=$(find "$AMODDIR" -name "$m.ko" | head -1)
		python3 "$ROOT/bench/agree_inline.py" "$B/lookup" "$ko" "$d/$m-inline.bin" --module \
			--prefix "$prefix" --step "$STEP" > "$d/agree_inline.$m.out" && rc=0 || rc=$?
		grep -v '^    ' "$d/agree_inline.$m.out" | sed 's/^/arm64 module /'
		[ $rc -le 1 ] || { echo "bench: arm64 inline agreement on $m failed to run" >&2; exit 2; }
	done
}

# arch_column DIR VERSION: one architecture's column of the table, a value a
# line (the rows of arch_table), from the outputs in DIR
arch_column() {
	local d=$1 t=$1/text.bin i=$1/text-inline.bin lines inl pub m f s kb rel
	local ent=0 bytes=0 both=0 n out entry mism moved
	rel=${d#"$B"}
	rel=${rel#/}
	rel=${rel:+$rel/}
	lines=$(val "$d/gen.out" "$t: bytes total")
	inl=$(val "$d/geni.out" "$i: bytes inline total")
	pub=$(val "$d/pub.out" "published bytes total")
	echo "$2"
	sed -n "s#^$t: range .text: .*, text \([0-9]*\) bytes.*#\1#p" "$d/gen.out"
	val "$d/gen.out" "$t: entries"
	val "$d/gen.out" "$t: bytes per entry"
	echo "$lines"
	val "$d/pub.out" "ours/published size"
	val "$d/pub.out" "lookup median ours/published"
	val "$d/gen.out" "$d/init.bin: entries"
	val "$d/gen.out" "$d/init.bin: bytes per entry"
	echo "$inl"
	echo $((lines + inl))
	awk -v a=$((lines + inl)) -v b="$pub" 'BEGIN { printf "%.3f\n", a / b }'
	read -r s kb < <(timing "${rel}gen")
	echo "$s"
	echo $((kb / 1024))
	read -r s kb < <(timing "${rel}geni")
	echo "$s"
	for m in $MODULES; do
		ent=$((ent + $(val "$d/gen.$m.out" "$d/$m.bin: entries")))
		bytes=$((bytes + $(val "$d/gen.$m.out" "$d/$m.bin: bytes total")))
		both=$((both + $(val "$d/geni.$m.out" "$d/$m-inline.bin: bytes total")))
	done
	echo "$ent"
	awk -v a="$bytes" -v b="$ent" 'BEGIN { printf "%.3f\n", a / b }'
	echo "$both"
	echo "$(grep -c '^FAIL' "$d/allko.out" || true)/$(wc -l < "$d/all-ko.list")"
	awk '{ printf "%.1f\n", $1 + $2 }' "$d/allko.time"
	# lines: agreeing/all, outside llvm-symbolizer's CU ranges, mismatches
	f=$d/agree_llvm.vmlinux.out
	n=$(val "$f" "vmlinux agreement addresses")
	out=$(sed -n 's/.* outside CU ranges ([^)]*): \([0-9]*\).*/\1/p' "$f")
	entry=$(sed -n 's/.* outside CU ranges .*, \([0-9]*\) in the first 8 bytes.*/\1/p' "$f")
	mism=$(val "$f" "vmlinux agreement mismatches")
	moved=$(val "$f" "vmlinux agreement function entries with their first row moved to the symbol")
	echo "$((n - out - moved - mism))/$n"
	echo "$out"
	echo "${entry:-0}"
	echo "$mism"
	echo "$(val "$d/gen.out" "$t: function entries moved to the symbol"), $moved"
	n=0 out=0 mism=0 moved=0
	for m in $MODULES; do
		f=$d/agree_llvm.$m.out
		n=$((n + $(val "$f" "$m.ko agreement addresses")))
		out=$((out + $(sed -n 's/.* outside CU ranges ([^)]*): \([0-9]*\).*/\1/p' "$f")))
		mism=$((mism + $(val "$f" "$m.ko agreement mismatches")))
		moved=$((moved + $(val "$f" "$m.ko agreement function entries with their first row moved to the symbol")))
	done
	echo "$((n - out - moved - mism))/$n"
	echo "$out"
	echo "$mism"
	# inline chains: all but the mismatches agree (no chain on either side,
	# or a documented class), of all addresses
	f=$d/agree_inline.out
	n=$(sed -n 's/^inline agreement (llvm): \([0-9]*\) random .*/\1/p' "$f")
	mism=$(val "$f" "inline agreement mismatches")
	echo "$((n - mism))/$n"
	echo "$mism"
	n=0 mism=0
	for m in $MODULES; do
		f=$d/agree_inline.$m.out
		n=$((n + $(sed -n 's/^inline agreement (llvm): [^:]*: \([0-9]*\) bytes of.*/\1/p' "$f")))
		mism=$((mism + $(val "$f" "inline agreement mismatches")))
	done
	echo "$((n - mism))/$n"
	echo "$mism"
}

ARCH_ROWS=("input package version"
	"vmlinux .text bytes (_stext.._etext)"
	".text line-table entries"
	".text bytes per entry"
	".text lines table bytes"
	".text size ours/published"
	".text lookup median ours/published"
	".init.text line-table entries"
	".init.text bytes per entry"
	".text inline table bytes"
	".text lines + inline bytes"
	".text lines + inline / published lines only"
	"gen_lineinfo vmlinux wall s (median of 3)"
	"gen_lineinfo vmlinux peak RSS MiB"
	"gen_lineinfo --inline vmlinux wall s (median of 3)"
	"modules ($MODULES) entries"
	"modules bytes per entry"
	"modules lines + inline bytes"
	"every module, gen_lineinfo --inline: failed/all"
	"every module, gen_lineinfo --inline: CPU s"
	"lines vs llvm-symbolizer, vmlinux: agree/addresses"
	"  outside its CU ranges, eu-addr2line: ours"
	"  of them in a function symbol's first 8 bytes"
	"  mismatches"
	"  moved function entries: gen (functions), confirmed (addr.)"
	"lines vs llvm-symbolizer, modules: agree/addresses"
	"  outside its CU ranges, eu-addr2line: ours"
	"  mismatches"
	"inline chains vs llvm-symbolizer, vmlinux: agree/addr."
	"  mismatches"
	"inline chains vs llvm-symbolizer, modules: agree/addr."
	"  mismatches")

# arch_table ARCH DIR VERSION...: the table, one column per ARCH (x86_64,
# arm64); sets ARCH_MISM to the sum of its mismatch rows
arch_table() {
	local head="" cols=()
	ARCH_MISM=0
	printf '%s\n' "" "${ARCH_ROWS[@]}" > "$B/column.rows"
	while [ $# -gt 0 ]; do
		{ echo "${1/x86_64/x86-64}"; arch_column "$2" "$3"; } > "$B/column.$1"
		[ "$(wc -l < "$B/column.$1")" = "$(wc -l < "$B/column.rows")" ] ||
			{ echo "bench: the $1 column of the table is incomplete" >&2; exit 2; }
		ARCH_MISM=$((ARCH_MISM + $(paste "$B/column.rows" "$B/column.$1" |
			awk -F'\t' '$1 == "  mismatches" { n += $2 } END { print n + 0 }')))
		head+="${head:+ | }${1/x86_64/x86-64}"
		cols+=("$B/column.$1")
		shift 3
	done
	echo "==================== $head (same host gen_lineinfo; oracle llvm-symbolizer) ===================="
	paste -d '\t' "$B/column.rows" "${cols[@]}" |
		awk -F'\t' '{ printf "arch %-52s", $1
			      for (i = 2; i <= NF; i++) printf (i == 2 ? " %22s" : " | %s"), $i
			      print "" }'
	say "arch mismatches (lines and inline chains, all columns)" "$ARCH_MISM"
}
