#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Compatibility of the kernel's trace tools with file:line annotated traces.
#
#   tests/compat/run.sh
#
# Takes a boot log with annotated Call Traces and the vmlinux it came from
# (build/boot/check.log + build/obj/vmlinux, else build/dev/boot/check.log +
# build/dev/obj/vmlinux), makes an unannotated copy by removing the
# " (path:line)" suffix of every frame line, and checks that
#
#  1. scripts/decode_stacktrace.sh decodes the same frames, with the same
#     results, from both logs (the annotation must neither hide a frame
#     from it nor change what it prints, apart from the annotation itself);
#     That includes annotated RIP: lines, which must be decoded too;
#  2. scripts/faddr2line prints a source location for symbols taken from
#     annotated frames.
#
# The scripts are those of the patched tree, build/linux-source-6.12/scripts
# (KSRC=... to override).  Exits 0 with SKIP when the build products are
# missing, non-zero on any failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
B=$ROOT/build
W=${COMPAT_DIR:-$B/compat}
KSRC=${KSRC:-$B/linux-source-6.12}
fail=0
pass() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }
skip() { echo "SKIP: $*"; exit 0; }

FRAME_RE='[^+ ]+\+0x[0-9a-f]+/0x[0-9a-f]+'
# " (path:line)" at the end of a frame line, as kallsyms_lineinfo_sprint() prints it
ANNOT_RE=' \([^ ()]+:[0-9]+\)$'

[ -x "$KSRC/scripts/decode_stacktrace.sh" ] || [ -f "$KSRC/scripts/decode_stacktrace.sh" ] ||
	skip "no $KSRC/scripts/decode_stacktrace.sh (patched tree not prepared)"
# Tools the scripts and this test use; installed only when missing
for t in addr2line:binutils nm:binutils readelf:binutils objdump:binutils gawk:gawk python3:python3; do
	command -v ${t%%:*} > /dev/null && continue
	echo "# installing ${t#*:}"
	{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${t#*:}; } > /dev/null 2>&1 ||
		{ echo "not ok - cannot install ${t#*:}"; exit 1; }
done

# The log and the vmlinux it came from: the log's "Linux version" line has
# the build's UTS version ("#8 SMP <date>"), which must be in the vmlinux
# (a vmlinux rebuilt after the boot does not match its traces).
LOG= VMLINUX= OBJ=
for pair in "$B/boot/check.log:$B/obj" "$B/dev/boot/check.log:$B/dev/obj"; do
	log=${pair%%:*} obj=${pair#*:}
	[ -f "$log" ] && [ -f "$obj/vmlinux" ] || continue
	grep -qE "$FRAME_RE.*$ANNOT_RE" "$log" || { echo "# $log: no annotated frames"; continue; }
	uts=$(tr -d '\r' < "$log" | grep -a -o -m1 'Linux version .*' | grep -o '#[0-9][0-9]* .*' || true)
	if [ -z "$uts" ] || ! grep -a -q -F "$uts" "$obj/vmlinux"; then
		echo "# $log (${uts:-no Linux version line}) is not from $obj/vmlinux ($(grep -a -o -m1 '#[0-9][0-9]* SMP [^%]*UTC [0-9]*' "$obj/vmlinux" || echo '?'))"
		continue
	fi
	LOG=$log VMLINUX=$obj/vmlinux OBJ=$obj
	break
done
[ -n "$LOG" ] || skip "no boot log with annotated traces together with its vmlinux (run the boot tests first)"
rm -rf "$W"; mkdir -p "$W"
echo "# log $LOG, vmlinux $VMLINUX (both $uts), scripts from $KSRC/scripts"

# The unannotated copy: remove the annotation of frame lines only.  Only the
# lines with frames are decoded (Code: lines would run objdump for nothing).
tr -d '\r' < "$LOG" | grep -E "$FRAME_RE" > "$W/annotated.log" || true
sed -E "\\#$FRAME_RE# s#$ANNOT_RE##" "$W/annotated.log" > "$W/plain.log"
total=$(wc -l < "$W/annotated.log")
annotated=$(grep -cE "$ANNOT_RE" "$W/annotated.log" || true)
if [ "$annotated" -gt 0 ] && ! cmp -s "$W/annotated.log" "$W/plain.log"; then
	pass "$annotated of $total frame lines annotated; unannotated copy made"
else
	bad "no annotated frame lines in $LOG"
fi

# 1. decode_stacktrace.sh on both; basepath is the source tree, modules are
# found in the build directory.
SRC=$(cd "$OBJ/source" 2>/dev/null && pwd -P || echo "$KSRC")
dec() { # in out
	(cd "$W" && bash "$KSRC/scripts/decode_stacktrace.sh" "$VMLINUX" "$SRC" "$OBJ" < "$1" > "$2" 2> "$2.err")
}
dec "$W/annotated.log" "$W/annotated.out" || bad "decode_stacktrace.sh failed on the annotated log (exit $?): $(head -3 "$W/annotated.out.err")"
dec "$W/plain.log" "$W/plain.out" || bad "decode_stacktrace.sh failed on the unannotated log (exit $?): $(head -3 "$W/plain.out.err")"

# Compare line by line.  A frame is "decoded" if no func+0xoff/0xsize is left
# in the output: the script replaces it by "func (file:line ...)".
python3 - "$W" <<'PY' > "$W/compare.out" || fail=1
import re, sys
w = sys.argv[1]
rd = lambda n: open('%s/%s' % (w, n), errors='replace').read().splitlines()
ain, pin, aout, pout = rd('annotated.log'), rd('plain.log'), rd('annotated.out'), rd('plain.out')
annot = re.compile(r' \([^ ()]+:[0-9]+\)$')
frame = re.compile(r'[^+ ]+\+0x[0-9a-f]+/0x[0-9a-f]+')
norm = lambda s: ' '.join(s.split())
if not (len(ain) == len(pin) == len(aout) == len(pout)):
    print('not ok - line counts differ: annotated %d in/%d out, plain %d in/%d out'
          % (len(ain), len(aout), len(pin), len(pout)))
    sys.exit(1)
dec_a = dec_p = same = 0
diffs = []
for ai, pi, ao, po in zip(ain, pin, aout, pout):
    m = annot.search(ai)
    suffix = m.group(0) if m else ''
    # The decoded annotated line, with the original annotation text removed
    # wherever the script left it, must equal the decoded plain line.
    ao_n = norm(ao.replace(suffix, '', 1) if suffix else ao)
    da = not frame.search(ao)
    dp = not frame.search(po)
    dec_a += da
    dec_p += dp
    if (norm(ao) == norm(po) or ao_n == norm(po)) and da == dp:
        same += 1
    else:
        diffs.append((ai, ao, po))
print('# decode_stacktrace.sh decoded %d of %d frame lines without annotation, %d with'
      % (dec_p, len(pin), dec_a))
if dec_p == 0:
    print('not ok - decode_stacktrace.sh decoded no frame at all from the unannotated log')
    sys.exit(1)
if diffs:
    print('not ok - decode_stacktrace.sh gives different results on %d of %d annotated frame lines'
          % (len(diffs), len(ain)))
    for ai, ao, po in diffs[:6]:
        print('#   input:             %s' % ai.strip())
        print('#   output, annotated: %s' % ao.strip())
        print('#   output, plain:     %s' % po.strip())
    if dec_a < dec_p:
        print('#   %d frames are left undecoded when annotated: the script takes the last word,'
              % (dec_p - dec_a))
        print('#   " (path:line)", as the symbol (and "[mod]" is then not the last word either);')
        print('#   scripts/decode_stacktrace.sh needs to drop a trailing (path:line) before parsing.')
    sys.exit(1)
print('ok - decode_stacktrace.sh decodes the same %d frames with the same results with and without '
      'annotations' % dec_p)
# The RIP: line carries the location of the exact address (%pSL).  It is
# among the lines decoded alike above; and the script must decode it (those
# of external modules, which it cannot find, stay undecoded either way).
rip = [(ai, ao) for ai, ao in zip(ain, aout) if 'RIP: 0010:' in ai and annot.search(ai)]
done = [(ai, ao) for ai, ao in rip if not frame.search(ao)]
if not done:
    print('not ok - none of %d annotated kernel RIP: lines decoded' % len(rip))
    sys.exit(1)
print('ok - %d of %d annotated RIP: lines decoded (the rest, like their plain copies, are in modules it cannot find), e.g. %s -> %s'
      % (len(done), len(rip), done[0][0].strip(), done[0][1].strip()))
PY
cat "$W/compare.out"

# 1b. [inline] lines (CONFIG_KALLSYMS_LINEINFO_INLINE): decode_stacktrace.sh
# on the log with them must give, once they are dropped from its output,
# what it gives on the log without them.  Also with a copy of every inline
# group made unreliable, "? " on the [inline] lines and on their frame.
INL_RE=' \[inline\]$'
tr -d '\r' < "$LOG" | grep -E "$FRAME_RE|$INL_RE" > "$W/inline.log" || true
if grep -qE "$INL_RE" "$W/inline.log"; then
	awk '
		function unreliable(s) { sub(/\] +/, "&? ", s); return s }
		{ line[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				print line[i]
				if (line[i] !~ / \[inline\]$/ || (i > 1 && line[i - 1] ~ / \[inline\]$/))
					continue
				# an unreliable copy of this group and of its frame
				for (j = i; j <= NR && line[j] ~ / \[inline\]$/; j++)
					print unreliable(line[j])
				if (j <= NR)
					print unreliable(line[j])
			}
		}' "$W/inline.log" > "$W/inline2.log"
	grep -vE "$INL_RE" "$W/inline2.log" > "$W/noinline.log"
	dec "$W/inline2.log" "$W/inline2.out" || bad "decode_stacktrace.sh failed on the log with [inline] lines"
	dec "$W/noinline.log" "$W/noinline.out" || bad "decode_stacktrace.sh failed on the log without [inline] lines"
	ninl=$(grep -cE "$INL_RE" "$W/inline2.log")
	nunrel=$(grep -cE "\] +\? .*$INL_RE" "$W/inline2.log" || true)
	if grep -vE "$INL_RE" "$W/inline2.out" | cmp -s - "$W/noinline.out"; then
		pass "decode_stacktrace.sh: $ninl [inline] lines ($nunrel of unreliable frames) change nothing else"
	else
		bad "decode_stacktrace.sh: [inline] lines change the decoded output"
		diff <(grep -vE "$INL_RE" "$W/inline2.out") "$W/noinline.out" | head -10
	fi
	if [ "$(grep -cE "$INL_RE" "$W/inline2.out")" = "$ninl" ]; then
		pass "decode_stacktrace.sh passes the $ninl [inline] lines through"
	else bad "decode_stacktrace.sh lost or changed [inline] lines"; fi
else
	echo "# no [inline] lines in $LOG (CONFIG_KALLSYMS_LINEINFO_INLINE off?)"
fi

# 2. faddr2line on symbols of annotated vmlinux frames (no [module])
grep -E "$ANNOT_RE" "$W/annotated.log" | grep -v '\] *(' | grep -vE '\[[A-Za-z0-9_]+\] \(' |
	grep -oE "$FRAME_RE" | grep -v '^\[' | sed -E 's/^[0-9a-f]{4}://' | sort -u | head -5 > "$W/syms"
nsym=0
while read -r sym; do
	nsym=$((nsym + 1))
	out=$(cd "$W" && bash "$KSRC/scripts/faddr2line" "$VMLINUX" "$sym" 2>&1) || true
	loc=$(printf '%s\n' "$out" | grep -oE ' at [^ ]+:[0-9]+' | head -1 || true)
	want=$(grep -F "$sym " "$W/annotated.log" | head -1 | grep -oE "$ANNOT_RE" | tr -d ' ()' || true)
	if [ -n "$loc" ]; then
		pass "faddr2line $sym:${loc} (annotation: $want)"
	else
		bad "faddr2line $sym printed no location: $(printf '%s' "$out" | head -3 | tr '\n' ' ')"
	fi
done < "$W/syms"
[ $nsym -gt 0 ] || bad "no annotated vmlinux frame to try faddr2line on"

[ $fail = 0 ] && echo "compat tests: PASS" || { echo "compat tests: FAIL"; exit 1; }
