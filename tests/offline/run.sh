#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The offline decoder (tools/lineinfo) against the kernel itself.
#  1. The boot log of the boot tests (build/boot/check.log), stripped of
#     what the switch adds (annotations, [inline] lines, Arguments blocks)
#     is what a switched-off kernel prints; decoded offline it must be the
#     kernel's log again, line for line: from vmlinux; from bzImage +
#     System.map with xz-compressed modules; from the bzImage alone.
#  2. A real boot with kallsyms_lineinfo.enable=0 (the nolineinfo step's
#     enable0.log), decoded: every frame that the annotated boot printed
#     too must carry the kernel's annotation and [inline] lines.
#     The same inside the guest, from the live /sys/kernel/lineinfo.
#  3. Bad input: a truncated image, a table of the other byte order, a
#     garbage module: one line on stderr, the text passed through.
# Env: KSRC, O (the harness's), TOOL (a built decoder; default: build it).
set -euo pipefail
. "$(dirname "$0")/../../harness/lib.sh"
HERE=$ROOT/tests/offline
OUT=$WORKDIR/offline
rm -rf "$OUT"; mkdir -p "$OUT"
pass=0 fail=0
ok()  { echo "offline PASS: $*"; pass=$((pass + 1)); }
bad() { echo "offline FAIL: $*"; fail=$((fail + 1)); }

# built the usual tools/ way: make -C tools lineinfo O=dir
if [ -z "${TOOL:-}" ]; then
	rm -rf "$OUT/tools" && mkdir -p "$OUT/tools"
	make -C "$KSRC/tools" lineinfo O="$OUT/tools" > "$OUT/tool-build.log" 2>&1 ||
		{ cat "$OUT/tool-build.log"; bad "build tools/lineinfo"; exit 1; }
	TOOL=$OUT/tools/lineinfo/lineinfo
	if grep -iE 'warning|error' "$OUT/tool-build.log"; then bad "warnings building tools/lineinfo"; fi
fi
ok "tools/lineinfo builds ($TOOL)"
if "$TOOL" --help | grep -q '^usage: .*decode'; then ok "--help"; else bad "--help"; fi
"$TOOL" bogus > /dev/null 2>&1 && rc=0 || rc=$?
[ "$rc" = 2 ] && ok "usage error exits 2" || bad "usage error exits $rc, not 2"

LOG=$WORKDIR/boot/check.log
[ -s "$LOG" ] || { bad "no boot log $LOG (run the boot tests first)"; exit 1; }
python3 "$HERE/compare.py" strip "$LOG" > "$OUT/off.log"
# decode_same TAG DESCRIPTION TOOL-ARGS...: decode the stripped log with
# TOOL-ARGS; the result must be the kernel's log, line for line
decode_same() {
	local tag=$1 what=$2
	shift 2
	if "$TOOL" decode "$@" "$OUT/off.log" > "$OUT/dec-$tag.log" 2> "$OUT/dec-$tag.err"; then
		ok "decode from $what: $(tail -1 "$OUT/dec-$tag.err")"
	else
		bad "decode from $what: exit $?: $(tail -3 "$OUT/dec-$tag.err")"
	fi
	if python3 "$HERE/compare.py" same "$LOG" "$OUT/dec-$tag.log" --min 20 --name "$what" \
		> "$OUT/cmp-$tag.txt"; then
		ok "$(head -1 "$OUT/cmp-$tag.txt")"
	else
		bad "$(cat "$OUT/cmp-$tag.txt")"
	fi
}

# 1a. vmlinux and the staged modules
decode_same vmlinux "vmlinux + modules" -k "$O/vmlinux" -m "$MODDIR"

# 1b. bzImage + System.map, modules compressed as Debian 13 ships them
mkdir -p "$OUT/modules-xz"
for ko in "$MODDIR"/*.ko; do xz -T1 -c "$ko" > "$OUT/modules-xz/$(basename "$ko").xz"; done
decode_same bzimage "bzImage + System.map + .ko.xz" -k "$O/arch/x86/boot/bzImage" \
	-s "$O/System.map" -m "$OUT/modules-xz"
# 1b'. the comparison can fail: the Call Trace entries of the log decoded
# by the wrong rule (as exact addresses: RIP: lines) must differ from the
# kernel's annotations of the same frames
python3 - "$LOG" "$OUT/dec-vmlinux.log" > "$OUT/wrong-rule.in" <<'PY'
import re, sys
seen = set()
for ln in open(sys.argv[1], errors='replace'):
    m = re.match(r'^\[[ \d.]+\]  ([A-Za-z_][\w.]*\+0x[0-9a-f]+/0x[0-9a-f]+(?: \[\w+\])?) \(', ln)
    if m and m.group(1) not in seen:
        seen.add(m.group(1))
        print('RIP: 0010:' + m.group(1))
PY
"$TOOL" decode -q -k "$O/vmlinux" -m "$MODDIR" "$OUT/wrong-rule.in" > "$OUT/wrong-rule.out" || true
n_wrong=$(python3 - "$LOG" "$OUT/wrong-rule.out" <<'PY'
import re, sys
kernel = {}
for ln in open(sys.argv[1], errors='replace'):
    m = re.match(r'^\[[ \d.]+\]  ([A-Za-z_][\w.]*\+0x[0-9a-f]+/0x[0-9a-f]+(?: \[\w+\])?)( \(\S+:\d+\))$', ln.rstrip())
    if m:
        kernel[m.group(1)] = m.group(2)
total = differ = 0
for ln in open(sys.argv[2]):
    m = re.match(r'^RIP: 0010:(\S+(?: \[\w+\])?)( \(\S+:\d+\))$', ln.rstrip())
    if m and m.group(1) in kernel:
        total += 1
        differ += m.group(2) != kernel[m.group(1)]
print(differ, total)
PY
)
if [ "${n_wrong% *}" -gt 0 ]; then
	ok "a wrong rule is caught: return addresses looked up exactly differ on ${n_wrong% *} of ${n_wrong#* } frames"
else
	bad "a wrong rule would not be caught (${n_wrong:-none})"
fi

# 1b''. perf script and bpftrace stacks (symbol+offset, no size): the
# kernel's Call Trace entries written as perf and bpftrace print them, each
# stack led by a sampled ip; every entry after the first is a return
# address and must get the kernel's annotation, its [inline] lines included
python3 - "$LOG" "$OUT/perf.in" "$OUT/perf.want" <<'PY'
import re, sys
want, out, seen, pend, trace = [], [], set(), [], False
for ln in open(sys.argv[1], errors='replace'):
    b = re.sub(r'^\[[ \d.]+\] ', '', ln.rstrip('\n'))
    # only Call Trace entries: return addresses all (saved stacks may hold exact ones)
    if b == 'Call Trace:' or not b.startswith(' '):
        trace, pend = b == 'Call Trace:', []
        continue
    m = re.match(r'^ (?:\? )?(\S+(?: \(\S+:\d+\))? \[inline\])$', b)
    if m:
        pend.append(m.group(1))
        continue
    if not trace:
        pend = []
        continue
    m = re.match(r'^ (?:\? )?([A-Za-z_][\w.]*)\+0x([0-9a-f]+)/0x[0-9a-f]+( \[\w+\])? (\(\S+:\d+\))$', b)
    if m and (m.group(1), m.group(2)) not in seen and len(seen) < 40:
        seen.add((m.group(1), m.group(2)))
        mod = m.group(3)[2:-1] if m.group(3) else 'kernel.kallsyms'
        i = len(seen)
        # perf script: a stack of two, the sampled ip (left alone here) first
        out.append('swapper 0 [000] %d.0: cycles:\n\tffffffff81000000 _stext+0x0 ([kernel.kallsyms])\n' % i)
        out.append('\tffffffff81000000 %s+0x%s ([%s])\n\n' % (m.group(1), m.group(2), mod))
        want.append('\t' + '\n\t'.join(pend + ['ffffffff81000000 %s+0x%s ([%s]) %s' % (m.group(1), m.group(2), mod, m.group(4))]))
        if not m.group(3):
            # bpftrace's kstack: decimal offsets
            out.append('\n        _stext+0\n        %s+%d\n' % (m.group(1), int(m.group(2), 16)))
            want.append('        ' + '\n        '.join(pend + ['%s+%d %s' % (m.group(1), int(m.group(2), 16), m.group(4))]))
    pend = []
open(sys.argv[2], 'w').write(''.join(out))
open(sys.argv[3], 'w').write('\n'.join(want) + '\n')
PY
"$TOOL" decode -q -k "$O/vmlinux" -m "$MODDIR" "$OUT/perf.in" > "$OUT/perf.out" || true
missing=0 total=0
while IFS= read -r -d '' block; do
	total=$((total + 1))
	grep -qF -- "$block" "$OUT/perf.out" || { missing=$((missing + 1)); [ $missing -le 3 ] && echo "  missing: $block"; }
done < <(python3 -c 'import sys; [sys.stdout.write(b + "\0") for b in open(sys.argv[1]).read().split("\n") if b]' "$OUT/perf.want")
if [ "$total" -gt 10 ] && [ "$missing" = 0 ]; then
	ok "perf script and bpftrace stacks: $total entries annotated as the kernel annotated them"
else
	bad "perf script and bpftrace stacks: $missing of $total entries differ from the kernel's"
fi

# 1c. the crash sweep's and kdb's boots (every LKDTM crash type of the sweep)
shopt -s nullglob
n=0 bad_logs=
for l in "$WORKDIR"/boot/crash-*.log "$WORKDIR"/boot/kdb.log; do
	b=$(basename "$l" .log)
	python3 "$HERE/compare.py" strip "$l" > "$OUT/$b.off"
	"$TOOL" decode -q -k "$O/vmlinux" -m "$MODDIR" "$OUT/$b.off" > "$OUT/$b.dec" || true
	python3 "$HERE/compare.py" same "$l" "$OUT/$b.dec" --name "$b" > "$OUT/cmp-$b.txt" ||
		bad_logs+=" $b"
	n=$((n + $(sed -n 's/^[^:]*: \([0-9]*\) annotated frames.*/\1/p' "$OUT/cmp-$b.txt")))
done
shopt -u nullglob
if [ -z "$bad_logs" ] && [ "$n" -gt 0 ]; then
	ok "crash sweep and kdb logs: $n annotated frames of the kernel, 0 differences"
else
	bad "crash sweep and kdb logs ($n frames): differences in$bad_logs (see $OUT/cmp-*.txt)"
fi

# 1d. a bzImage alone, as a distribution installs it (its System.map may be a
# placeholder): the symbols from its kallsyms tables, through the locator
decode_same bzonly "bzImage alone + .ko.xz" -k "$O/arch/x86/boot/bzImage" -m "$OUT/modules-xz"
if grep -q 'symbols from its kallsyms tables' "$OUT/dec-bzonly.err"; then
	ok "the bzImage alone: symbols from its kallsyms tables (the locator)"
else
	bad "the bzImage alone: $(tail -1 "$OUT/dec-bzonly.err")"
fi

# 2. a real boot with the switch off (tests/nolineinfo)
OFF=$WORKDIR/boot/enable0.log
if [ -s "$OFF" ]; then
	for src in vmlinux bzImage; do
		case $src in
		vmlinux) args=(-k "$O/vmlinux" -m "$MODDIR") ;;
		bzImage) args=(-k "$O/arch/x86/boot/bzImage" -m "$OUT/modules-xz") ;;
		esac
		"$TOOL" decode -q "${args[@]}" "$OFF" > "$OUT/dec-enable0-$src.log" || true
		if python3 "$HERE/compare.py" keyed "$LOG" "$OUT/dec-enable0-$src.log" --min 20 \
			--name "enable=0 boot, from $src" > "$OUT/cmp-enable0-$src.txt"; then
			ok "$(head -1 "$OUT/cmp-enable0-$src.txt")"
		else
			bad "$(cat "$OUT/cmp-enable0-$src.txt")"
		fi
	done
else
	bad "no $OFF (the nolineinfo step boots it)"
fi

# 2b. inside the guest: the boot action offline_live decodes a WARNING and
# /proc/self/stack, printed with the switch off, from /sys/kernel/lineinfo
# and /proc/kallsyms; its output is in the boot log as "HARNESS: live:" lines
sed -n 's/^\[ *[0-9.]*\] HARNESS: live: //p' "$LOG" > "$OUT/dec-live.log"
if grep -q 'HARNESS: begin offline_live' "$LOG"; then
	if python3 "$HERE/compare.py" keyed "$LOG" "$OUT/dec-live.log" --min 8 \
		--name "live, inside the guest (/sys/kernel/lineinfo, /proc/kallsyms)" > "$OUT/cmp-live.txt" &&
		grep -q '^\[ *[0-9.]*\] HARNESS: live rc=0$' "$LOG"; then
		ok "$(head -1 "$OUT/cmp-live.txt")"
	else
		grep 'HARNESS: live' "$LOG" | grep -v 'live: \[' | head -5
		bad "$(cat "$OUT/cmp-live.txt")"
	fi
else
	bad "no offline_live action in $LOG"
fi

# 3. bad input
one_line() { # one_line DESCRIPTION WANT_RC ERRFILE RC
	if [ "$4" = "$2" ] && [ "$(wc -l < "$3")" -le 2 ]; then ok "$1: exit $4: $(head -1 "$3")"
	else bad "$1: exit $4 (want $2): $(head -3 "$3")"; fi
}
head -c 4000000 "$O/vmlinux" > "$OUT/vmlinux.trunc"
"$TOOL" decode -q -k "$OUT/vmlinux.trunc" < "$OUT/off.log" > /dev/null 2> "$OUT/trunc.err" && rc=0 || rc=$?
one_line "truncated vmlinux" 2 "$OUT/trunc.err" "$rc"
head -c 100000 /dev/urandom > "$OUT/garbage"
"$TOOL" decode -q -k "$OUT/garbage" < "$OUT/off.log" > /dev/null 2> "$OUT/garbage.err" && rc=0 || rc=$?
one_line "garbage image" 2 "$OUT/garbage.err" "$rc"
# modules the kernel refuses (tests/modules/crafted): refused here too,
# one line each, and their frames left as they are
mkdir -p "$OUT/badmods"
for v in swab reloc dup; do
	[ -f "$MODDIR/lineinfo_test_$v.ko" ] && cp "$MODDIR/lineinfo_test_$v.ko" "$OUT/badmods/lineinfo_test.ko"
	head -c 3000 /dev/urandom > "$OUT/badmods/garbage_mod.ko"
	printf ' lineinfo_test_init+0x10/0x40 [lineinfo_test]\n garbage_mod_fn+0x1/0x2 [garbage_mod]\n' > "$OUT/bad-in.txt"
	"$TOOL" decode -q -k "$O/vmlinux" -m "$OUT/badmods" "$OUT/bad-in.txt" > "$OUT/bad-out.txt" 2> "$OUT/bad.err" && rc=0 || rc=$?
	if [ "$rc" = 1 ] && cmp -s "$OUT/bad-in.txt" "$OUT/bad-out.txt" && [ "$(wc -l < "$OUT/bad.err")" = 2 ]; then
		ok "module table '$v' and a garbage module refused, text unchanged: $(tr '\n' '|' < "$OUT/bad.err")"
	else
		bad "module table '$v': exit $rc, $(wc -l < "$OUT/bad.err") lines: $(cat "$OUT/bad.err")"
	fi
done
# a frame of another build: its size differs; said once, the frame left as is
grep -m1 -E '^\[ *[0-9.]+\]  [a-z_]+\+0x[0-9a-f]+/0x[0-9a-f]+$' "$OUT/off.log" |
	sed -E 's|/0x[0-9a-f]+$|/0x7|' > "$OUT/other.txt"
"$TOOL" decode -q -k "$O/vmlinux" "$OUT/other.txt" > "$OUT/other-out.txt" 2> "$OUT/other.err" && rc=0 || rc=$?
if [ -s "$OUT/other.txt" ] && [ "$rc" = 1 ] && cmp -s "$OUT/other.txt" "$OUT/other-out.txt" &&
	grep -q 'another build' "$OUT/other.err"; then
	ok "a frame of another build is left alone: $(cat "$OUT/other.err")"
else
	bad "a frame of another build: exit $rc: $(cat "$OUT/other.err")"
fi

# 4. fuzzing: mutated text, module tables and files, images and maps
mkdir -p "$OUT/asan"
if make -s -C "$KSRC/tools/lineinfo" O="$OUT/asan" LDFLAGS="-fsanitize=address,undefined" \
	CFLAGS="-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all" > "$OUT/asan-build.log" 2>&1 &&
	python3 "$HERE/fuzz.py" "$OUT/asan/lineinfo" "$O/vmlinux" "$O/System.map" \
		"$MODDIR/lineinfo_test.ko" "$OUT/off.log" "$OUT/fuzz" -n "${OFFLINE_FUZZ_RUNS:-300}" \
		-s "${OFFLINE_FUZZ_SEED:-1}" > "$OUT/fuzz.out" 2>&1; then
	ok "$(tail -1 "$OUT/fuzz.out" | sed 's/^# //')"
else
	cat "$OUT/asan-build.log"; grep -A20 '^FAIL' "$OUT/fuzz.out" | head -60; tail -1 "$OUT/fuzz.out"
	bad "offline fuzz (log $OUT/fuzz.out)"
fi

echo "offline: $pass passed, $fail failed (logs in $OUT)"
[ "$fail" = 0 ]
