#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Crash sweep: one QEMU boot per LKDTM crash type (and SysRq-l, whose NMI
# backtraces cover NMI context).  For each type:
#  - the kernel behaves as LKDTM expects (the type's own message),
#  - the trace is printed completely (its end marker is there; after a
#    panic with panic=-1 that is the "Kernel Offset" line before the reboot),
#  - every annotated frame agrees with eu-addr2line (check_frames.py),
#  - no warning or oops comes from the lineinfo code itself.
# Needs configs/crash.config (DEBUG_LIST, SOFTLOCKUP_DETECTOR, VMAP_STACK).
# Env: CRASH_TYPES to run a subset.
set -euo pipefail
. "$(dirname "$0")/../../harness/lib.sh"
ACT=$WORKDIR/crash/actions
mkdir -p "$ACT"
pass=0 fail=0 skip=0
ok()   { echo "ok - $*"; pass=$((pass + 1)); }
bad()  { echo "not ok - $*"; fail=$((fail + 1)); }

# TYPE|what LKDTM prints|end of the trace|kernel args|min annotated frames
SWEEP='WARNING|WARNING: CPU: .* lkdtm_WARNING|---\[ end trace|-|4
WARNING_MESSAGE|Warning message trigger|---\[ end trace|-|4
BUG|kernel BUG at drivers/misc/lkdtm|---\[ end trace|-|4
EXCEPTION|BUG: kernel NULL pointer dereference|---\[ end trace|-|4
CORRUPT_LIST_ADD|list_add corruption|---\[ end trace|-|4
CORRUPT_LIST_DEL|list_del corruption|---\[ end trace|-|4
SOFTLOCKUP|watchdog: BUG: soft lockup|Kernel Offset: 0x[0-9a-f]+ from|softlockup_panic=1 watchdog_thresh=4|4
EXHAUST_STACK|BUG: TASK stack guard page was hit|Kernel Offset: 0x[0-9a-f]+ from|-|2
SYSRQ_L|NMI backtrace for cpu 1|HARNESS: SYSRQ_L survived|-|4'
# arm64 words its oops and stack overflow reports differently
if [ "$ARCH" = arm64 ]; then
	SWEEP=${SWEEP/BUG: kernel NULL pointer dereference/Unable to handle kernel NULL pointer dereference}
	SWEEP=${SWEEP/BUG: TASK stack guard page was hit/Insufficient stack space to handle exception}
fi
# the register dump's line of the exact address: x86 RIP:, arm64 pc :
PC_RE='RIP: 0010:'
[ "$ARCH" != arm64 ] || PC_RE='pc : '

have() { grep -q "^CONFIG_$1=y" "$O/.config"; }

while IFS='|' read -r type expect end args min; do
	if [ -n "${CRASH_TYPES:-}" ] && ! [[ " $CRASH_TYPES " == *" $type "* ]]; then
		continue
	fi
	case $type in
	CORRUPT_LIST_*) have DEBUG_LIST || { echo "ok - $type # SKIP CONFIG_DEBUG_LIST off"; skip=$((skip + 1)); continue; } ;;
	SOFTLOCKUP) have SOFTLOCKUP_DETECTOR || { echo "ok - $type # SKIP no soft lockup detector"; skip=$((skip + 1)); continue; } ;;
	EXHAUST_STACK) have VMAP_STACK || { echo "ok - $type # SKIP CONFIG_VMAP_STACK off"; skip=$((skip + 1)); continue; } ;;
	esac
	if [ "$type" = SYSRQ_L ]; then
		cat > "$ACT/$type.sh" <<-A
		# keep both CPUs busy in the kernel, so both have a backtrace
		dd if=/dev/zero of=/dev/null bs=4096 count=200000 2>/dev/null &
		dd if=/dev/zero of=/dev/null bs=4096 count=200000 2>/dev/null &
		sleep 1
		echo l > /proc/sysrq-trigger
		sleep 2
		kill %1 %2 2>/dev/null
		echo "HARNESS: $type survived"
		A
	else
		cat > "$ACT/$type.sh" <<-A
		lkdtm_trigger $type
		echo "HARNESS: $type survived"
		A
	fi
	log=$WORKDIR/boot/crash-$type.log
	extra=""
	[ "$args" = - ] || extra=$args
	ACTIONS_DIR=$ACT APPEND_EXTRA="$extra" BOOT_TIMEOUT=180 \
		"$ROOT/harness/boot.sh" --name "crash-$type" "$type" > "$WORKDIR/crash/$type.out" 2>&1 || true
	if [ ! -s "$log" ]; then bad "$type: no serial log"; continue; fi
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$log" > "$WORKDIR/crash/$type.txt"
	t=$WORKDIR/crash/$type.txt
	grep -Eq -- "$expect" "$t" && ok "$type: LKDTM behaves as expected (/$expect/)" ||
		bad "$type: no /$expect/ in $log"
	grep -Eq -- "$end" "$t" && ok "$type: trace complete (/$end/)" ||
		bad "$type: trace incomplete, no /$end/ in $log"
	# The lineinfo code must not be the source of any oops or warning.
	if grep -E "^($PC_RE.*|WARNING: .* at |BUG: .* at )" "$t" | grep -Eq 'lineinfo'; then
		bad "$type: a warning or oops in the lineinfo code: $(grep -E "^($PC_RE|WARNING|BUG)" "$t" | grep lineinfo | head -2)"
	else
		ok "$type: no warning or oops from the lineinfo code"
	fi
	# The RIP: line of kernel code names the line the CPU was at (%pSL); its
	# location is checked with the frames below, by the exact-address rule.
	rips=$(grep -cE "^$PC_RE[A-Za-z_][^ ]*\+0x" "$t" || true)
	annotated=$(grep -cE "^$PC_RE[A-Za-z_][^ ]*\+0x.* \([^ ()]+:[0-9]+\)\$" "$t" || true)
	if [ "$rips" -gt 0 ] && [ "$annotated" = 0 ]; then
		bad "$type: none of $rips kernel ${PC_RE%% *} lines is annotated"
	elif [ "$rips" -gt 0 ]; then
		ok "$type: $annotated of $rips kernel ${PC_RE%% *} lines annotated"
	fi
	if python3 "$ROOT/tests/boot/check_frames.py" "$O/vmlinux" "$log" \
		--modules-dir "$WORKDIR/modules" --srctree "$KSRC" --objtree "$O" \
		--min-annotated "$min" > "$WORKDIR/crash/$type.frames" 2>&1; then
		ok "$type: $(grep -m1 'annotated' "$WORKDIR/crash/$type.frames" | sed 's/^check_frames: //')"
	else
		tail -8 "$WORKDIR/crash/$type.frames"; bad "$type: frames disagree with the oracle (${FRAMES_ORACLE:-eu})"
	fi
	# "Arguments of" blocks (CONFIG_KALLSYMS_PARAMINFO), as in the boot tests
	if have KALLSYMS_PARAMINFO; then
		kos=()
		for ko in "$WORKDIR"/modules/*.ko $(find "$O" -name lkdtm.ko); do
			kos+=(--ko "$(basename "$ko" .ko)=$ko")
		done
		if python3 "$ROOT/tests/boot/check_args.py" "$log" "$O/vmlinux" "$O/scripts/gen_lineinfo" \
			"${kos[@]}" --min 0 > "$WORKDIR/crash/$type.args" 2>&1; then
			ok "$type: $(sed 's/^check_args: //' "$WORKDIR/crash/$type.args")"
		else
			cat "$WORKDIR/crash/$type.args"; bad "$type: arguments disagree with gdb or the register dump"
		fi
	fi
done <<< "$SWEEP"
# how often an argument could be shown at the sweep's crash sites
if have KALLSYMS_PARAMINFO; then
	cat "$WORKDIR"/crash/*.args 2>/dev/null | awk '
		{ gsub(/,/, ""); for (i = 1; i <= NF; i++) {
			if ($i == "blocks" && $(i + 1) + 0 == $(i + 1)) b += $(i + 1)
			if ($i == "value" && $(i + 1) + 0 == $(i + 1)) v += $(i + 1)
			if ($i == "block" && $(i + 1) + 0 == $(i + 1)) n += $(i + 1) } }
		END { printf "# crash sweep arguments: %d register dumps of kernel code, %d at a function with parameters (an Arguments block), %d of those with a value shown\n", b + n, b, v }'
fi
echo "ok - HARDLOCKUP # SKIP the hard lockup detector needs a PMU NMI, which QEMU TCG does not emulate"
echo "crash sweep: $pass passed, $fail failed, $((skip + 1)) skipped"
[ $fail = 0 ]
