#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of gen_lineinfo and of the kernel's decoder built in userspace.
#
#   tests/host/run.sh            small C programs (always)
#   O=<kernel build dir> tests/host/run.sh
#                                also the vmlinux tables of that build
#
# Every comparison is against eu-addr2line and binutils addr2line.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
W=${HOST_TEST_DIR:-$ROOT/build/host-tests}
rm -rf "$W"; mkdir -p "$W"
fail=0
export ASAN_OPTIONS=detect_leaks=0
pass() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }

CFLAGS="-O2 -g -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare"
. "$ROOT/tests/lib/userspace.sh"
DEC="$DECODER_CFLAGS -I$ROOT/tests/lib"

# The tools: generator and decoder, from the same files the kernel uses.
gen_build "$W/gen_lineinfo" gcc $CFLAGS -Werror
gcc $CFLAGS -Werror $DEC -o "$W/lookup" "$HERE/lineinfo_lookup.c" $DECODER_SRCS
gcc -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all $DEC \
	-o "$W/lookup-asan" "$HERE/lineinfo_lookup.c" $DECODER_SRCS
pass "built gen_lineinfo and the userspace decoder"

# Test programs: in-tree style (cwd = source tree, relative paths) and
# O= style (cwd = build dir, sources named through ../src), for several
# optimisation levels and DWARF versions.
build_prog() { # name cflags style
	local name=$1 flags=$2 style=$3 d
	if [ "$style" = intree ]; then
		d=$W/$name/src; mkdir -p "$d"; cp "$HERE"/src/* "$d/"
		(cd "$d" && gcc $flags -c main.c helper.c linedir.c && gcc -c asm_add.S &&
		 gcc -o ../prog main.o helper.o linedir.o asm_add.o)
	else
		d=$W/$name; mkdir -p "$d/src" "$d/obj"; cp "$HERE"/src/* "$d/src/"
		(cd "$d/obj" && for f in main.c helper.c linedir.c; do
			gcc $flags -I../src -c "../src/$f" -o "${f%.*}.o"; done &&
		 gcc -c ../src/asm_add.S -o asm_add.o &&
		 gcc -o ../prog main.o helper.o linedir.o asm_add.o)
	fi
}

for v in "O2-dwarf5:-O2 -g -gdwarf-5" "O2-dwarf4:-O2 -g -gdwarf-4" \
	 "O0-dwarf5:-O0 -g -gdwarf-5" "Os-dwarf5-zlib:-Os -g -gdwarf-5 -gz=zlib"; do
	name=${v%%:*} flags=${v#*:}
	for style in intree objtree; do
		t=$name-$style
		build_prog "$t" "$flags" "$style"
		"$W/gen_lineinfo" --prefix "$W/$t/src" --prefix "$W/$t/obj" "$W/$t/prog" -o "$W/$t.blob" \
			--range .text || { bad "$t: gen_lineinfo failed"; continue; }
		# binutils 2.40 misreads DWARF 5 file indexes (it reports main.c for
		# code from util.h that objdump --dwarf=decodedline and elfutils
		# place correctly), so it is an oracle for DWARF 4 only.
		oracles=eu; case $name in *dwarf4*) oracles="eu binutils";; esac
		for o in $oracles; do
			if python3 "$HERE/agree.py" --oracle $o --prefix "$W/$t/src" --prefix "$W/$t/obj" \
				--min-annotated 200 "$W/lookup" "$W/$t/prog" "$W/$t.blob" .text > "$W/$t.$o.out"; then
				pass "$t: every .text byte agrees with $o ($(sed 's/.*: //' "$W/$t.$o.out"))"
			else
				cat "$W/$t.$o.out"; bad "$t: disagreement with $o"
			fi
		done
		# asm without DWARF gets no annotation
		a=$(nm "$W/$t/prog" | awk '$3 == "asm_add" { print $1 }')
		s=$(readelf -SW "$W/$t/prog" | awk '$2 == ".text" { print $4 }')
		r=$(printf '%x\n' $((0x$a)) $((0x$a + 4)) | "$W/lookup" "$W/$t.blob" .text "$s" | awk '{print $2}' | sort -u)
		[ "$r" = "??" ] && pass "$t: asm_add has no annotation" || bad "$t: asm_add annotated: $r"
		# #line directives are honoured
		grep -q "generated/fake_source.y" "$W/$t.blob" && pass "$t: #line file name kept" ||
			bad "$t: #line file missing"
	done
	# paths do not depend on the build directory
	if cmp -s "$W/$name-intree.blob" "$W/$name-objtree.blob"; then
		pass "$name: in-tree and O= style builds give identical tables"
	else
		bad "$name: in-tree and O= style tables differ"
	fi
done
# Files of the tree are relative; only files outside it (system headers)
# keep their absolute path.
if strings "$W/O2-dwarf5-objtree.blob" | grep -e "$W" -e '\.\./' -e '^\./'; then
	bad "build paths or ../ in the table"
elif ! grep -qx "main.c" <<< "$(strings "$W/O2-dwarf5-objtree.blob")"; then
	bad "main.c not stored relative to the tree"
else
	pass "tree files relative, no build directory, ./ or ../ in the table"
fi

# Clear errors, non-zero exit
printf 'int main(void){return 0;}\n' > "$W/nodebug.c"; gcc -O2 -o "$W/nodebug" "$W/nodebug.c"
if "$W/gen_lineinfo" "$W/nodebug" -o "$W/x.blob" 2> "$W/err"; then bad "no DWARF accepted"
elif grep -q "nodebug: no DWARF" "$W/err"; then pass "no DWARF: $(cat "$W/err")"
else bad "no DWARF: unclear message: $(cat "$W/err")"; fi
echo "not an ELF" > "$W/notelf"
if "$W/gen_lineinfo" "$W/notelf" -o "$W/x.blob" 2> "$W/err"; then bad "non-ELF accepted"
elif grep -q "notelf" "$W/err"; then pass "non-ELF: $(head -1 "$W/err")"
else bad "non-ELF: unclear message: $(cat "$W/err")"; fi

# An input without DWARF is an error, unless --skip-no-dwarf (modules): then
# one line, no blob, exit 0.
rm -f "$W/x.blob"
if "$W/gen_lineinfo" --skip-no-dwarf "$W/nodebug" -o "$W/x.blob" 2> "$W/err" &&
   [ ! -e "$W/x.blob" ] && [ "$(wc -l < "$W/err")" = 1 ] && grep -q "nodebug: no DWARF" "$W/err"; then
	pass "--skip-no-dwarf: no blob, exit 0, one line: $(cat "$W/err")"
else
	bad "--skip-no-dwarf: rc/blob/message wrong: $(cat "$W/err")"
fi

# A wrong command line: exit 2 and one line naming the option and the
# value, never a blob (each case once without the error, to show that the
# error is what fails it).
cmdline() { # "EXPECTED MESSAGE PART" ARGS...
	local want=$1; shift
	rm -f "$W/c.blob"
	if "$W/gen_lineinfo" "$@" > /dev/null 2> "$W/err"; then
		bad "gen_lineinfo $*: accepted"
	elif [ $? != 2 ] || [ -e "$W/c.blob" ] || [ "$(wc -l < "$W/err")" != 1 ] ||
	     ! grep -qF -- "$want" "$W/err"; then
		bad "gen_lineinfo $*: rc/blob/message wrong: $(cat "$W/err")"
	else
		pass "gen_lineinfo $*: $(cat "$W/err")"
	fi
}
P=$W/O2-dwarf5-intree/prog
if "$W/gen_lineinfo" --block-shift 4 --max-files 100 --inline --params "$P" -o "$W/c.blob" \
	--range .text=_start,asm_add > /dev/null 2> "$W/err" && [ -s "$W/c.blob" ]; then
	pass "gen_lineinfo: the valid forms of the options below are accepted"
else
	bad "gen_lineinfo: a valid command line fails: $(cat "$W/err")"
fi
cmdline "--block-shift: '9x' is not a number from 0 to" "$P" -o "$W/c.blob" --block-shift 9x
cmdline "--block-shift: '-1' is not a number" "$P" -o "$W/c.blob" --block-shift -1
cmdline "--block-shift: '99' is not a number" "$P" -o "$W/c.blob" --block-shift 99
cmdline "--max-files: '1' is not a number from 2 to" "$P" -o "$W/c.blob" --max-files 1
cmdline "--max-files: '' is not a number" "$P" -o "$W/c.blob" --max-files ''
cmdline "--range .text: no -o before it" "$P" --range .text -o "$W/c.blob"
cmdline "--range .text=main: expected NAME=START,END" "$P" -o "$W/c.blob" --range .text=main
cmdline "--range =main,x: expected NAME=START,END" "$P" -o "$W/c.blob" --range =main,x
cmdline "two input files: $P and $P" "$P" "$P" -o "$W/c.blob"
cmdline "no -o blob to write" "$P"
cmdline "no input ELF file" -o "$W/c.blob"
cmdline "--params needs --inline" --params "$P" -o "$W/c.blob"
# gen_lineinfo checks each blob with the decoder (fully) before writing it:
# a build whose blobs are corrupted just before that check must fail.
GEN_CORE_CFLAGS="-Dlineinfo_blob_check=corrupt_then_check" \
	gen_compile "$W/gen-corrupt" gcc $CFLAGS -Werror &&
gcc $CFLAGS -Werror -idirafter "$ROOT/overlay/include" -c -o "$W/corrupt.o" "$HERE/gen_corrupt.c" &&
gcc -o "$W/gen-corrupt" "$W"/gen-corrupt.objs/*.o "$W/corrupt.o" -ldw -lelf
rm -f "$W/corrupt.blob"
if "$W/gen-corrupt" "$P" -o "$W/corrupt.blob" 2> "$W/err"; then
	bad "gen_lineinfo writes a blob that fails the full check"
elif ! grep -q "corrupt.blob: the blob fails the decoder's full check (Invalid argument)" "$W/err" ||
     [ -e "$W/corrupt.blob" ]; then
	bad "gen_lineinfo self-check: no one-line error, or a blob written: $(cat "$W/err")"
else
	pass "gen_lineinfo: a blob that fails the full check is an error, nothing written"
fi
if "$W/gen_lineinfo" --help | grep -q '^Usage: gen_lineinfo'; then
	pass "gen_lineinfo --help: usage on stdout, exit 0"
else bad "gen_lineinfo --help"; fi

# Byte order: a table is written in the target's byte order.  Big-endian
# objects (clang cross-compiles without a sysroot) give blobs that the
# decoder on this little-endian host rejects as such, and that, swapped to
# host order by an independent script (swab_blob.py), agree with
# llvm-symbolizer on every byte.
cp "$HERE/src/helper.c" "$HERE/src/util.h" "$W/"
for t in s390x-linux-gnu powerpc64-linux-gnu; do
	clang --target=$t -O2 -g -c -o "$W/be-$t.o" "$W/helper.c"
	"$W/gen_lineinfo" --prefix "$W" "$W/be-$t.o" -o "$W/be-$t.blob" || { bad "$t: gen_lineinfo failed"; continue; }
	if "$W/lookup" "$W/be-$t.blob" .text 0 < /dev/null 2> "$W/err"; then
		bad "$t: big-endian blob accepted on a little-endian host"
	elif grep -q "other byte order" "$W/err"; then
		pass "$t: blob rejected on this host: $(cat "$W/err")"
	else
		bad "$t: big-endian blob rejected without saying why: $(cat "$W/err")"
	fi
	python3 "$HERE/swab_blob.py" --from big "$W/be-$t.blob" "$W/be-$t.swab"
	if python3 "$HERE/agree.py" --oracle llvm --rel --min-annotated 20 --prefix "$W" \
		"$W/lookup" "$W/be-$t.o" "$W/be-$t.swab" .text > "$W/be-$t.out"; then
		pass "$t: swapped blob agrees with llvm-symbolizer ($(sed 's/.*: //' "$W/be-$t.out"))"
	else
		head -5 "$W/be-$t.out"; bad "$t: swapped blob disagrees with llvm-symbolizer"
	fi
	# ... and so do the inline chains, with their index, call lists and tokens
	clang --target=$t -O2 -g -c -I"$HERE/inline" -o "$W/be-$t-inl.o" "$HERE/inline/main.c"
	"$W/gen_lineinfo" --inline --prefix "$HERE/inline" "$W/be-$t-inl.o" -o "$W/be-$t-inl.blob" ||
		{ bad "$t: gen_lineinfo --inline failed"; continue; }
	python3 "$HERE/swab_blob.py" --from big "$W/be-$t-inl.blob" "$W/be-$t-inl.swab"
	if python3 "$ROOT/bench/agree_inline.py" "$W/lookup" "$W/be-$t-inl.o" "$W/be-$t-inl.swab" \
		--module --prefix "$HERE/inline" > "$W/be-$t-inl.out" &&
		grep -q 'depth 3+ [1-9]' "$W/be-$t-inl.out"; then
		pass "$t: swapped inline chains agree with llvm-symbolizer ($(head -1 "$W/be-$t-inl.out" | sed 's/.*: //'))"
	else
		head -5 "$W/be-$t-inl.out"; bad "$t: swapped inline chains disagree with llvm-symbolizer"
	fi
	# ... and so do the parameter tables (every span of the header, in the
	# target's order: swab_blob.py refuses a span outside the blob), with
	# the generator's own dump of the same object as the reference
	clang --target=$t -O2 -g -c -o "$W/be-$t-par.o" "$HERE/params/args.c"
	"$W/gen_lineinfo" --dump-params --inline --params --prefix "$HERE/params" "$W/be-$t-par.o" \
		-o "$W/be-$t-par.blob" --range .text > "$W/be-$t-par.dump" ||
		{ bad "$t: gen_lineinfo --params failed"; continue; }
	if python3 "$HERE/swab_blob.py" --from big "$W/be-$t-par.blob" "$W/be-$t-par.swab" 2> "$W/err" &&
	   python3 "$HERE/params_table.py" "$W/be-$t-par.dump" "$W/lookup" "$W/be-$t-par.swab" .text \
		> "$W/be-$t-par.out" && grep -q ' [1-9][0-9]* with a parameter in a register' "$W/be-$t-par.out"; then
		pass "$t: swapped parameter table: $(tail -1 "$W/be-$t-par.out" | sed 's/^params_table: [^:]*: //')"
	else
		cat "$W/err"; tail -5 "$W/be-$t-par.out" 2>/dev/null; bad "$t: swapped parameter table"
	fi
done

# Sections are found by name: two executable sections of one name get no
# table (with a warning), the others keep theirs.
gcc -O2 -g -c -o "$W/dup.o" "$HERE/src/helper.c"
printf '__attribute__((section(".text.other"))) int other_fn(int x)\n{\n\treturn x + 5;\n}\n' > "$W/other.c"
gcc -O2 -g -c -o "$W/other.o" "$W/other.c"
ld -r -o "$W/dup2.o" "$W/dup.o" "$W/other.o"
objcopy --rename-section .text.other=.text "$W/dup2.o" "$W/dup3.o"
n=$(readelf -SW "$W/dup3.o" | grep -c ' \.text  *PROGBITS' || true)
if [ "$n" != 2 ]; then
	bad "could not make an object with two .text sections ($n)"
elif "$W/gen_lineinfo" "$W/dup3.o" -o "$W/dup.blob" 2> "$W/err"; then
	if grep -q "several executable sections are named .text" "$W/err" &&
	   ! printf '0\n' | "$W/lookup" --full "$W/dup.blob" .text 0 | grep -q ':[0-9]'; then
		pass "two sections named .text: $(cat "$W/err"), no .text range"
	else
		bad "two sections named .text: warning or range wrong: $(cat "$W/err")"
	fi
else
	bad "two sections named .text: gen_lineinfo failed: $(cat "$W/err")"
fi

# One limit on ranges, on both sides: the decoder takes LINEINFO_MAX_RANGES
# (16) and rejects 17; the generator refuses to write more.
max=$(sed -n 's/^#define LINEINFO_MAX_RANGES[[:space:]]*\([0-9]*\).*/\1/p' "$ROOT/overlay/include/linux/kallsyms_lineinfo.h")
for n in "$max" $((max + 1)); do
	python3 "$HERE/swab_blob.py" --from little --to little --ranges "$n" "$W/O2-dwarf5-intree.blob" "$W/r$n.blob"
done
if "$W/lookup" --full "$W/r$max.blob" .text 0 < /dev/null && ! "$W/lookup" "$W/r$((max + 1)).blob" .text 0 < /dev/null 2> /dev/null; then
	pass "range limit: $max ranges accepted, $((max + 1)) rejected"
else
	bad "range limit: $max/$((max + 1)) ranges not accepted/rejected"
fi
python3 - "$W/ranges.c" $((max + 1)) <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    for i in range(int(sys.argv[2])):
        f.write('__attribute__((section(".text.s%d"))) int fn%d(int x)\n{\n\treturn x * %d;\n}\n' % (i, i, i + 2))
PY
gcc -O2 -g -c -o "$W/ranges.o" "$W/ranges.c"
if "$W/gen_lineinfo" "$W/ranges.o" -o "$W/x.blob" 2> "$W/err"; then
	bad "$((max + 1)) text sections: accepted"
elif grep -q "$((max + 1)) text sections with line information, more than a table holds ($max)" "$W/err"; then
	pass "$((max + 1)) text sections: $(cat "$W/err")"
else
	bad "$((max + 1)) text sections: unclear message: $(cat "$W/err")"
fi

# Limits.  More files than the format holds fails the build; the real
# limit is 2^24 ids, so lower it with --max-files to keep the input small.
python3 - "$W/manyfiles.c" <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('int many(int x)\n{\n')
    for i in range(40):
        f.write('#line %d "gen/file%02d.c"\n\tx = x * 3 + %d;\n' % (i + 1, i, i))
    f.write('\treturn x;\n}\n')
PY
gcc -O0 -g -c -o "$W/manyfiles.o" "$W/manyfiles.c"
if "$W/gen_lineinfo" --max-files 33 "$W/manyfiles.o" -o "$W/x.blob" 2> "$W/err"; then
	bad "over the file limit: accepted"
elif grep -q "source files, more than the format holds (32)" "$W/err"; then
	pass "over the file limit: $(cat "$W/err")"
else
	bad "over the file limit: unclear message: $(cat "$W/err")"
fi
"$W/gen_lineinfo" --max-files 64 "$W/manyfiles.o" -o "$W/x.blob" && pass "41 files under a limit of 63: accepted" ||
	bad "41 files under a limit of 63 rejected"

# Offsets past 4 GiB from the start of a range are skipped with a count.
cat > "$W/far.c" <<'C'
__attribute__((section("nearsec"))) int near_fn(int x)
{
	return x + 1;
}

__attribute__((section("farsec"))) int far_fn(int x)
{
	return x * 2;
}
C
gcc -O2 -g -c -fno-asynchronous-unwind-tables -o "$W/far.o" "$W/far.c"
ld -o "$W/far.elf" -e near_fn --section-start=nearsec=0x10000 \
	--section-start=farsec=0x100020000 --defsym=far_end=0x100030000 "$W/far.o"
if "$W/gen_lineinfo" "$W/far.elf" -o "$W/far.blob" --range big=near_fn,far_end 2> "$W/err"; then
	n=$(readelf -wL "$W/far.elf" 2>/dev/null | grep -c "far.c" || true)
	if grep -Eq "warning: skipped [1-9][0-9]* line rows beyond the 4 GiB offset limit" "$W/err"; then
		pass "past 4 GiB: $(cat "$W/err")"
	else
		bad "past 4 GiB: no warning with a count: $(cat "$W/err")"
	fi
	a=$(nm "$W/far.elf" | awk '$3 == "near_fn" { print $1 }')
	r=$(printf '%x\n' $((0x$a + 1)) | "$W/lookup" --full "$W/far.blob" big "$a" | awk '{print $2}')
	case $r in */far.c:[0-9]*) pass "past 4 GiB: the code below the limit is still annotated ($r)" ;;
	*) bad "past 4 GiB: near_fn lookup gave '$r'" ;; esac
else
	bad "past 4 GiB: gen_lineinfo failed: $(cat "$W/err")"
fi

# Corrupted blobs: the decoder, under ASan and UBSan, rejects or survives
t=O2-dwarf5-intree
s=$(readelf -SW "$W/$t/prog" | awk '$2 == ".text" { print $4 }')
python3 - "$W/$t.blob" "$W/corrupt" "$s" <<'PY'
import random, sys, os
blob = open(sys.argv[1], 'rb').read(); out = sys.argv[2]; base = int(sys.argv[3], 16)
os.makedirs(out, exist_ok=True)
rnd = random.Random(1234)
for i in range(300):
    b = bytearray(blob)
    kind = i % 3
    if kind == 0:
        for _ in range(rnd.randint(1, 8)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
    elif kind == 1:
        b = b[:rnd.randrange(len(b))]
    else:
        p = rnd.randrange(0, 96, 4)
        b[p:p + 4] = rnd.choice([b'\xff\xff\xff\xff', b'\0\0\0\0', b'\0\0\0\x80'])
    open('%s/%03d.blob' % (out, i), 'wb').write(bytes(b))
open(out + '/addrs', 'w').write(''.join('%x\n' % (base + a) for a in range(0, 4096, 3)))
PY
crash=0 rejected=0 quick=0
for b in "$W"/corrupt/*.blob; do
	for mode in --full ""; do
		set +e
		"$W/lookup-asan" $mode "$b" .text "$s" < "$W/corrupt/addrs" > /dev/null 2> "$W/asan.err"
		rc=$?
		set -e
		case $rc in
		0) if [ -z "$mode" ]; then quick=$((quick + 1)); fi ;;
		1) if [ -n "$mode" ]; then rejected=$((rejected + 1)); fi ;;
		*) crash=$((crash + 1)); echo "crash ($rc) on $b $mode"; head -5 "$W/asan.err" ;;
		esac
	done
done
[ $crash = 0 ] && pass "300 corrupted blobs: 0 crashes, $rejected rejected by the full check, $quick looked up after the quick check" ||
	bad "$crash crashes on corrupted blobs"

# Inline chains: the DIE walk (gen_lineinfo --dump-inline) and the inline
# table as the decoder reads it (--inline, lineinfo_blob_inline()), every
# byte of the tests/host/inline/ programs against llvm-symbolizer --inlining,
# and the walk against eu-addr2line -i -f as the second opinion.
# static inline, always_inline three deep, one inline function called twice,
# a partially inlined clone (split_me.part.0.constprop.0) and, with -flto, a
# call inlined from another CU.  eu-addr2line 0.188 finds no inline frames
# at all in GCC's LTO units, so it is the second opinion without -flto only.
command -v llvm-symbolizer > /dev/null || bad "llvm-symbolizer missing (make deps installs llvm)"
for o in O2 Os; do
	for g in 4 5; do
		for lto in nolto lto; do
			t=inline-$o-dwarf$g-$lto d=$W/$t
			mkdir -p "$d"
			flags="-$o -g -gdwarf-$g"; [ $lto = lto ] && flags="$flags -flto"
			if ! gcc $flags -I"$HERE/inline" -o "$d/prog" "$HERE/inline/main.c" "$HERE/inline/other.c"; then
				bad "$t: build"; continue
			fi
			"$W/gen_lineinfo" --dump-inline --inline --prefix "$HERE/inline" "$d/prog" \
				-o "$d/blob" --range .text > "$d/dump" || { bad "$t: gen_lineinfo --dump-inline"; continue; }
			oracles="llvm llvm-decoder"; [ $lto = nolto ] && oracles="$oracles eu"
			for or in $oracles; do
				opt=(--oracle "${or%-decoder}")
				[ "$or" = llvm-decoder ] && opt+=(--decoder "$W/lookup" "$d/blob")
				if python3 "$HERE/inline_chains.py" "$d/prog" "$d/dump" "$HERE/inline" \
					"${opt[@]}" > "$d/$or.out"; then
					# the programs must give chains three deep (level1..level3)
					if grep -q 'depth 3 [1-9]' "$d/$or.out"; then
						pass "$t: $(head -1 "$d/$or.out" | sed 's/^inline_chains //')"
					else bad "$t: no chain three deep: $(head -1 "$d/$or.out")"; fi
				else cat "$d/$or.out"; bad "$t: inline chains against $or"; fi
			done
		done
	done
done

# ... and the comparison can fail: a call line moved by one, a level dropped
d=$W/inline-O2-dwarf5-nolto
if [ -f "$d/dump" ]; then
	awk '!done && $4 == 2 { split($6, a, ":"); $6 = a[1] ":" a[2] + 1; done = 1 } 1' "$d/dump" > "$d/dump.line"
	awk '!done && $4 == 2 { done = 1; next } 1' "$d/dump" > "$d/dump.level"
	for m in line level; do
		if python3 "$HERE/inline_chains.py" "$d/prog" "$d/dump.$m" "$HERE/inline" > /dev/null; then
			bad "inline chains: a dump with a wrong $m passes"
		else pass "inline chains: a dump with a wrong $m fails"; fi
	done
fi

# Parameters in registers (gen_lineinfo --dump-params) against gdb, which
# reads DWARF with its own code: an argument kept in its register, one whose
# register is reused, ones spilled across a call, an .isra clone with a
# dropped parameter, a .constprop clone and an inlined call, at O2 and Os
# with DWARF 4 and 5.  At every address of every function and inlined call,
# each parameter is in the same register by both, or in none.
command -v gdb > /dev/null || bad "gdb missing (make deps installs it)"
# where gdb stops at an expression it cannot read (DW_OP_GNU_uninit), llvm-dwarfdump settles it
command -v llvm-dwarfdump > /dev/null || bad "llvm-dwarfdump missing (make deps installs llvm)"
if python3 "$HERE/params_gdb.py" --selftest > "$W/params_selftest.out"; then
	pass "params_gdb --selftest: gdb 13/16 stopping at DW_OP_GNU_uninit, settled by llvm-dwarfdump; $(grep -c '^ok - ' "$W/params_selftest.out") cases"
else
	cat "$W/params_selftest.out"; bad "params_gdb --selftest"
fi
# (and once with compressed debug sections, which libelf inflates)
for o in O2 Os; do
	for g in 4 5 5-zlib; do
		t=params-$o-dwarf$g d=$W/$t
		mkdir -p "$d"
		if ! gcc -$o -g -gdwarf-${g%-zlib} $([ "$g" = 5-zlib ] && echo -gz=zlib) \
			-o "$d/prog" "$HERE/params/args.c"; then
			bad "$t: build"; continue
		fi
		"$W/gen_lineinfo" --dump-params --prefix "$HERE/params" "$d/prog" -o "$d/blob" \
			--range .text > "$d/dump" || { bad "$t: gen_lineinfo --dump-params"; continue; }
		# the clones keep their own parameters: the dropped and the constant one are unknown
		if ! grep -A3 ' isra_me$' "$d/dump" | grep -q '^ param unused (int): -$' ||
		   ! grep -A2 ' constprop_me$' "$d/dump" | grep -q '^ param mode (int): -$'; then
			bad "$t: clone parameters not as their DIEs say: $(grep -A3 'isra_me$\|constprop_me$' "$d/dump" | tr '\n' ' ')"
		fi
		if python3 "$HERE/params_gdb.py" "$d/prog" "$d/dump" > "$d/gdb.out" &&
		   grep -q 'parameters in a register somewhere [1-9]' "$d/gdb.out" &&
		   grep -q 'parameters never in a register [1-9]' "$d/gdb.out"; then
			pass "$t: $(head -1 "$d/gdb.out" | sed 's/^params_gdb: [^:]*: //')"
		else
			cat "$d/gdb.out"; bad "$t: parameter registers against gdb"
		fi
		# the table (--params) as the kernel's decoder reads it, at every byte
		if "$W/gen_lineinfo" --inline --params --prefix "$HERE/params" "$d/prog" \
			-o "$d/pblob" --range .text &&
		   python3 "$HERE/params_table.py" "$d/dump" "$W/lookup" "$d/pblob" .text > "$d/table.out"; then
			pass "$t: table: $(tail -1 "$d/table.out" | sed 's/^params_table: [^:]*: //')"
		else
			head -20 "$d/table.out"; bad "$t: parameter table against the dump"
		fi
	done
done
# ... and the comparison can fail: a register renamed, a piece dropped
d=$W/params-O2-dwarf5
if [ -f "$d/dump" ]; then
	awk '!done && / param .*: [a-z0-9]+@/ { sub(/: [a-z0-9]+@/, ": r15@"); done = 1 } 1' "$d/dump" > "$d/dump.reg"
	awk '!done && / param .*@0x/ { sub(/ [a-z0-9]+@0x[0-9a-f]+-0x[0-9a-f]+/, ""); done = 1 } 1' "$d/dump" > "$d/dump.piece"
	for m in reg piece; do
		if cmp -s "$d/dump" "$d/dump.$m"; then
			bad "params: could not make a dump with a wrong $m"
		elif python3 "$HERE/params_gdb.py" "$d/prog" "$d/dump.$m" > /dev/null; then
			bad "params: a dump with a wrong $m passes"
		else pass "params: a dump with a wrong $m fails"; fi
		if python3 "$HERE/params_table.py" "$d/dump.$m" "$W/lookup" "$d/pblob" .text > /dev/null; then
			bad "params: the table agrees with a dump with a wrong $m"
		else pass "params: the table disagrees with a dump with a wrong $m"; fi
	done
fi

# Function entries: GCC 12 for arm64 with -fpatchable-function-entry=4,2
# (the kernel's ftrace) starts a function's line rows after the NOPs at its
# symbol, so the last row of the function before covers them, and the
# oracles give entry_second+0..7 entry_first's closing line.  gen_lineinfo
# moves the function's first row back to the symbol: both oracles must
# confirm every such byte (oracle.moved_entries()) and agree elsewhere.
# GCC 14 (Debian 13) puts a row at the symbol: then nothing may move.
pfe=$W/entry-arm64
if aarch64-linux-gnu-gcc -O2 -g -fpatchable-function-entry=4,2 -c -o "$pfe.o" "$HERE/src/entry.c" &&
   "$W/gen_lineinfo" --stats --prefix "$HERE/src" "$pfe.o" -o "$pfe.blob" > "$pfe.stats"; then
	moved=$(sed -n 's/.*: function entries moved to the symbol: //p' "$pfe.stats")
	# entry_second and entry_third start without a row of their own?
	at=$(llvm-nm "$pfe.o" | awk '$3 == "entry_second" { print $1 }')
	if llvm-dwarfdump --debug-line "$pfe.o" | grep -q "^0x$at "; then
		want=0 shape="GCC puts a row at each symbol"
	else
		want=2 shape="GCC starts the rows after the NOPs"
	fi
	for o in eu llvm; do
		if python3 "$HERE/agree.py" --oracle $o --rel --insn 4 --min-annotated 20 --prefix "$HERE/src" \
			"$W/lookup" "$pfe.o" "$pfe.blob" .text > "$pfe.$o.out" &&
		   grep -q "moved to the symbol $((want * 8))," "$pfe.$o.out" && [ "$moved" = "$want" ]; then
			pass "arm64 patchable function entries ($shape): $want functions' first rows moved to the symbol, confirmed by $o ($(sed 's/.*: //' "$pfe.$o.out"))"
		else
			cat "$pfe.stats" "$pfe.$o.out"; bad "arm64 patchable function entries ($o)"
		fi
	done
else
	bad "arm64 patchable function entries: aarch64-linux-gnu-gcc or gen_lineinfo failed"
fi

# Negative address advances: clang's assembler goes back in a line sequence
# after .subsection 1 code (arm64 ALTERNATIVE(), the entry.S vectors), and
# libdw reads DW_LNS_advance_pc into 32 bits, so it gives the rows after it
# 4 GiB too high.  gen_lineinfo places them back; the rows as llvm-dwarfdump
# decodes them must agree on every byte (llvm-symbolizer misses the rows
# past the end of the sequence, eu-addr2line has libdw's bug: counted only).
sub=$W/subsection-arm64
if clang --target=aarch64-linux-gnu -g -c -o "$sub.o" "$HERE/src/subsection.S" &&
   "$W/gen_lineinfo" --stats --prefix "$HERE/src" "$sub.o" -o "$sub.blob" > "$sub.stats"; then
	back=$(sed -n 's/.*: line rows of the input placed back from 4 GiB too high: //p' "$sub.stats")
	python3 "$HERE/agree.py" --oracle eu --rel --prefix "$HERE/src" "$W/lookup" "$sub.o" \
		"$sub.blob" .text > "$sub.eu.out" || true
	if python3 "$HERE/agree.py" --oracle rows --rel --min-annotated 100 --prefix "$HERE/src" \
		"$W/lookup" "$sub.o" "$sub.blob" .text > "$sub.rows.out" && [ "${back:-0}" -gt 0 ]; then
		pass "negative DW_LNS_advance_pc: $back rows placed back, every byte agrees with llvm-dwarfdump's rows ($(sed 's/.*: //' "$sub.rows.out"); eu-addr2line: $(sed -n 's/.*\(mismatches [0-9]*\)$/\1/p' "$sub.eu.out"))"
	else
		cat "$sub.stats"; head -5 "$sub.rows.out"; bad "negative DW_LNS_advance_pc"
	fi
else
	bad "negative DW_LNS_advance_pc: clang or gen_lineinfo failed"
fi

# The vmlinux tables of a kernel build, if one is given
if [ -n "${O:-}" ] && [ -f "$O/vmlinux" ]; then
	for part in text:.text init:.init.text; do
		blob=$O/.tmp_vmlinux1.lineinfo.${part%%:*}.bin sec=${part#*:}
		if [ ! -f "$blob" ]; then bad "$blob missing (CONFIG_KALLSYMS_LINEINFO=y?)"; continue; fi
		if python3 "$HERE/agree.py" --step 7 --min-annotated 1000 \
			--prefix "$(cd "${KSRC:-$O/source}" && pwd -P)" --prefix "$(cd "$O" && pwd -P)" \
			"$W/lookup" "$O/vmlinux" "$blob" "$sec" > "$W/vmlinux.$sec.out"; then
			pass "vmlinux $sec: every 7th byte agrees with eu-addr2line ($(sed 's/.*: //' "$W/vmlinux.$sec.out"))"
		else
			head -12 "$W/vmlinux.$sec.out"; bad "vmlinux $sec disagrees with eu-addr2line"
		fi
	done
	"$W/gen_lineinfo" --stats --prefix "$(cd "${KSRC:-$O/source}" && pwd -P)" --prefix "$(cd "$O" && pwd -P)" \
		"$O/vmlinux" -o "$W/vmlinux.text.bin" --range .text=_stext,_etext \
		-o "$W/vmlinux.init.bin" --range .init.text=_sinittext,_einittext | sed 's|^.*/||; s/^/# /'
fi

# The .mod_lineinfo of every module of that build, and of external modules
# (EXTMOD_KOS), decoded as the kernel does and compared byte by byte.
# ... and its parameter registers at every WARN/BUG site of its __bug_table,
# against gdb on the same vmlinux (issue 13: the oracle for the table to come)
if [ -n "${O:-}" ] && [ -f "$O/vmlinux" ]; then
	if "$W/gen_lineinfo" --dump-params "$O/vmlinux" -o "$W/vparams.bin" \
		--range .text=_stext,_etext > "$W/vparams.dump" 2> "$W/vparams.err" &&
	   python3 "$HERE/params_gdb.py" "$O/vmlinux" "$W/vparams.dump" --bug-sites > "$W/vparams.out" &&
	   grep -q 'parameters in a register somewhere [1-9]' "$W/vparams.out"; then
		pass "vmlinux WARN/BUG sites: $(head -1 "$W/vparams.out" | sed 's/^params_gdb: [^:]*: //')"
	else
		cat "$W/vparams.err"; head -10 "$W/vparams.out"; bad "vmlinux WARN/BUG sites: parameter registers against gdb"
	fi
	# ... and at every address of 2000 functions and inlined calls picked at random
	if python3 "$HERE/params_gdb.py" "$O/vmlinux" "$W/vparams.dump" --sample 2000 > "$W/vsample.out"; then
		pass "vmlinux sampled scopes: $(head -1 "$W/vsample.out" | sed 's/^params_gdb: [^:]*: //')"
	else
		head -10 "$W/vsample.out"; bad "vmlinux sampled scopes: parameter registers against gdb"
	fi
	# the table linked into that vmlinux, against the same dump
	blob=$O/.tmp_vmlinux1.lineinfo.text.bin
	if [ -f "$blob" ] && grep -q '^CONFIG_KALLSYMS_PARAMINFO=y' "$O/.config"; then
		if python3 "$HERE/params_table.py" "$W/vparams.dump" "$W/lookup" "$blob" .text \
			--sample 20000 > "$W/vtable.out"; then
			pass "vmlinux: table: $(tail -1 "$W/vtable.out" | sed 's/^params_table: [^:]*: //')"
		else
			head -20 "$W/vtable.out"; bad "vmlinux: parameter table against the dump"
		fi
	fi
fi
if [ -n "${O:-}" ] && [ -f "$O/vmlinux" ]; then
	mods=$(find "$O" -name '*.ko' | LC_ALL=C sort; printf '%s\n' ${EXTMOD_KOS:-})
	nmod=0
	for ko in $mods; do
		[ -f "$ko" ] || continue
		name=$(basename "$ko" .ko)
		if ! grep -q ' \.mod_lineinfo ' <<< "$(readelf -SW "$ko")"; then
			bad "$name: no .mod_lineinfo section"; continue
		fi
		objcopy -O binary --only-section=.mod_lineinfo "$ko" "$W/$name.mod_lineinfo"
		secs=$(readelf -SW "$ko" | awk '$0 ~ / AX / { for (i = 1; i <= NF; i++) if ($i ~ /^\./) { print $i; break } }' |
		       while read -r sec; do
			sz=$(readelf -SW "$ko" | awk -v s="$sec" '$0 ~ " "s" " { for (i = 1; i <= NF; i++) if ($i == s) { print $(i + 4); exit } }')
			[ "$((16#$sz))" -gt 0 ] && echo "$sec"
		       done)
		src=${KSRC:-$O/source}
		if python3 "$HERE/agree.py" --rel --min-annotated 1 \
			--prefix "$(cd "$src" && pwd -P)" --prefix "$(cd "$O" && pwd -P)" \
			${EXTMOD_DIR:+--prefix "$EXTMOD_DIR"} \
			"$W/lookup" "$ko" "$W/$name.mod_lineinfo" $secs > "$W/mod.$name.out"; then
			nmod=$((nmod + 1))
			echo "ok - module $name: $(echo $secs): every byte agrees with eu-addr2line ($(sed 's/.*: //' "$W/mod.$name.out"))"
		else
			head -12 "$W/mod.$name.out"; bad "module $name disagrees with eu-addr2line"
		fi
	done
	[ "$nmod" -gt 0 ] && pass "$nmod modules checked" || bad "no module checked"
	# inline chains of modules, whose text is in several sections: every
	# inlined call kept (no warning), a table the full check accepts
	for ko in $mods; do
		[ -f "$ko" ] || continue
		name=$(basename "$ko" .ko)
		if "$W/gen_lineinfo" --inline --stats "$ko" -o "$W/$name.inline.bin" > "$W/$name.inline.out" 2>&1 &&
		   ! grep -q 'warning' "$W/$name.inline.out" &&
		   "$W/lookup" --full "$W/$name.inline.bin" .text 0 < /dev/null > /dev/null; then
			pass "module $name: inline table of $(sed -n 's/^.*: inline records: //p' "$W/$name.inline.out") records"
		else
			head -5 "$W/$name.inline.out"; bad "module $name: inline table"
		fi
	done
fi

[ $fail = 0 ] && echo "host tests: PASS" || { echo "host tests: FAIL"; exit 1; }
