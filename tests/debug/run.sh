#!/usr/bin/env bash
# make check step "debug": the test kernel with checkers on (lockdep,
# DEBUG_ATOMIC_SLEEP, UBSAN bounds+shift, DEBUG_STACK_USAGE, generic KASAN),
# built from the same applied tree (KSRC) with its own O=, booted once with
# the boot actions below; any splat that is not a test's own intended
# report fails the step.
#
# make check runs it with DEBUG_KASAN=0 (a cold build of the KASAN kernel
# and its slower boot would not fit in make check's time); make debug-check
# runs the whole of it.
#
# Env: DEBUG_WORKDIR (default $BUILD/debug, with KASAN $BUILD/debug-kasan:
#      obj/, modules/, boot/, build.log),
#      DEBUG_KASAN=0 (leave KASAN out: tests/debug/kasan.config),
#      DEBUG_ACTIONS (default below), STRESS_SECS (trace_stress, default 25),
#      BOOT_TIMEOUT (default 1200), QEMU_MEM (default 1024),
#      DEBUG_NOBUILD=1 (boot and check the kernel built last time).
set -euo pipefail
. "$(dirname "$0")/../../harness/lib.sh"
# the KASAN kernel (make debug-check) and the one without (make check) in
# their own build dirs, so that neither rebuilds the other
if [ "${DEBUG_KASAN:-1}" = 0 ]; then WORKDIR=${DEBUG_WORKDIR:-$BUILD/debug}; else WORKDIR=${DEBUG_WORKDIR:-$BUILD/debug-kasan}; fi
WORKDIR=$(abspath "$WORKDIR")
O=$WORKDIR/obj
MODDIR=$WORKDIR/modules
export KSRC O WORKDIR BUILD
# the exception action oopses, which turns lock debugging off: it runs last
ACTIONS=${DEBUG_ACTIONS:-lineinfo_ctx warning sysrq_l proc_stack module_warns kfence trace_stress exception}
LOG=$WORKDIR/boot/debug.log
pass=0 fail=0
ok()   { echo "debug PASS: $*"; pass=$((pass + 1)); }
bad()  { echo "debug FAIL: $*"; fail=$((fail + 1)); }

frags="$(ls "$ROOT"/configs/*.config | tr '\n' ' ') $ROOT/tests/debug/debug.config"
[ "${DEBUG_KASAN:-1}" = 0 ] || frags="$frags $ROOT/tests/debug/kasan.config"
if [ "${DEBUG_NOBUILD:-0}" != 1 ]; then
	t0=$SECONDS
	FRAGMENTS=$frags "$ROOT/harness/build-kernel.sh" ||
		{ bad "debug kernel build"; echo "debug: $pass passed, $fail failed"; exit 1; }
	echo "debug: kernel built in $((SECONDS - t0)) s ($O)"
fi

# trace_stress's duration: a kernel parameter, which the kernel hands to /init
# as an environment variable
stage_secs=${STRESS_SECS:-25}
t0=$SECONDS
# shellcheck disable=SC2086
if BOOT_TIMEOUT=${BOOT_TIMEOUT:-1200} QEMU_MEM=${QEMU_MEM:-1024} APPEND_EXTRA="${APPEND_EXTRA:-} stress_secs=$stage_secs" \
	"$ROOT/harness/boot.sh" --name debug $ACTIONS; then
	ok "boot reached 'HARNESS: done' ($((SECONDS - t0)) s)"
else
	bad "boot ($((SECONDS - t0)) s)"
fi
[ -f "$LOG" ] || { echo "debug: $pass passed, $fail failed"; exit 1; }

# ---- splats -------------------------------------------------------------------
# Every report line, with the action it appeared in.  Allowed: the WARNs of
# lkdtm's WARNING (warning) and of lineinfo_test (module_warns), the oops of
# lkdtm's EXCEPTION (exception), the KFENCE report (kfence).  Everything else
# fails: lockdep, RCU, atomic sleep, KASAN, UBSAN, unexpected WARNINGs, oopses.
splats=$(sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$LOG" | awk '
	/^HARNESS: begin / { act = $3 }
	/^HARNESS: end /   { act = "-" }
	/WARNING:|BUG:|Oops|Kernel panic|UBSAN:|KASAN|general protection|possible (circular|recursive) locking|inconsistent lock state|suspicious RCU usage|lock held when returning|INFO: (task|rcu|lockdep|possible)|stack-protector|stack guard page|Disabling lock debugging|turning off the locking correctness validator|scheduling while atomic|refcount_t:|list_(add|del) corruption/ {
		ok = 0
		if (act == "warning" && $0 ~ /^WARNING: CPU: [0-9]+ PID: [0-9]+ at drivers\/misc\/lkdtm\/bugs\.c:[0-9]+ lkdtm_WARNING/) ok = 1
		if (act == "module_warns" && $0 ~ /^WARNING: CPU: [0-9]+ PID: [0-9]+ at [^ ]*lineinfo_test\.c:[0-9]+ lineinfo_test_/) ok = 1
		# with KASAN, the NULL write is its report first; after the oops,
		# lockdep turns itself off (the action runs last for that reason)
		if (act == "exception" && $0 ~ /^(BUG: kernel NULL pointer dereference, address: |Oops: |BUG: KASAN: null-ptr-deref in lkdtm_EXCEPTION\+|Disabling lock debugging due to kernel taint)/) ok = 1
		if (act == "kfence" && $0 ~ /^BUG: KFENCE: use-after-free read in lineinfo_test_kfence_read\+/) ok = 1
		# boot notes of KASAN itself, not reports
		if ($0 ~ /^(KASAN: |kasan: )/ || $0 ~ /^Poking KASLR/) ok = 1
		if (!ok) printf "  [%s] %s\n", (act == "" ? "boot" : act), $0
	}')
if [ -z "$splats" ]; then
	ok "no unexpected splat (lockdep, RCU, atomic sleep, KASAN, UBSAN, WARNING, BUG, Oops, panic)"
else
	bad "unexpected splats in $LOG:"
	printf '%s\n' "$splats" | head -40
	# the first report in full
	first=$(printf '%s\n' "$splats" | head -1 | sed -E 's/^  \[[^]]*\] //')
	echo "  ----- first report (from $LOG) -----"
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$LOG" | grep -F -x -A45 -- "$first" | head -46 | sed 's/^/  | /'
fi

# the intended reports are there, and every action ran to its end
section() { sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$LOG" | sed -n "/^HARNESS: begin $1\$/,/^HARNESS: end $1 /p"; }
expect() { # expect ACTION DESCRIPTION REGEX
	case " $ACTIONS " in *" $1 "*) ;; *) return 0 ;; esac
	if section "$1" | grep -E -- "$3" >/dev/null; then ok "$1: $2"; else bad "$1: $2 (no /$3/ in its part of $LOG)"; fi
}
for a in $ACTIONS; do expect "$a" "action ran to its end" "^HARNESS: end $a rc="; done
expect warning "lkdtm WARNING" '^WARNING: CPU: .* lkdtm_WARNING'
expect module_warns "lineinfo_test WARNs" 'lineinfo_test: WARN from init text'
expect exception "lkdtm EXCEPTION oops" '^Oops: '
expect kfence "KFENCE report" '^BUG: KFENCE: use-after-free'
expect sysrq_l "NMI backtraces" 'NMI backtrace for cpu 1$'
for w in init "debugfs write"; do
	expect lineinfo_ctx "saved trace from $w" "^lineinfo_ctx: $w: [1-9][0-9]* entries, snprint [1-9][0-9]* bytes\$"
done
expect lineinfo_ctx "init frame annotated" '^ *lineinfo_ctx_init\+0x[0-9a-f]+/0x[0-9a-f]+ \[lineinfo_ctx\] \(\S*lineinfo_ctx\.c:[0-9]+\)$'
expect trace_stress "modules loaded in the loop" '^HARNESS: trace_stress: [1-9][0-9]* module loads$'
expect trace_stress "SysRq-l in the loop" '^HARNESS: trace_stress: [1-9][0-9]* SysRq-l$'
expect trace_stress "SysRq-t" 'task:'
expect trace_stress "saved traces while modules come and go" '^lineinfo_ctx: debugfs write: '

# ---- counts -------------------------------------------------------------------
body=$(sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$LOG")
ntr=$(grep -c -E '^ *Call Trace:' <<< "$body" || true)
nsaved=$(grep -c -E '^lineinfo_ctx: .*: [0-9]+ entries' <<< "$body" || true)
nfr=$(grep -c -E '^ +(\? )?[A-Za-z_.][A-Za-z0-9_.]*\+0x[0-9a-f]+/0x[0-9a-f]+' <<< "$body" || true)
nann=$(grep -c -E '^ +(\? )?[A-Za-z_.][A-Za-z0-9_.]*\+0x[0-9a-f]+/0x[0-9a-f]+( \[[A-Za-z0-9_]+\])? \(\S+:[0-9]+\)' <<< "$body" || true)
hw=$(grep -oE 'used greatest stack depth: [0-9]+ bytes left' <<< "$body" | awk '{print $5}' | sort -n | head -1)
echo "debug: checked $ntr Call Trace blocks + $nsaved saved traces (lineinfo_ctx), $nfr frames ($nann annotated)"
echo "debug: stack high-water mark (DEBUG_STACK_USAGE): ${hw:-none reported} bytes left (least of all tasks)"

# ---- frames against the oracle --------------------------------------------------
# Not on trace_stress: there several tasks and CPUs print traces at once, and
# without caller ids on the lines (CONFIG_PRINTK_CALLER) their frames and
# [inline] lines interleave, so a frame seems to carry another trace's
# inline chain.  Its frames are checked for splats above only.
CFLOG=$WORKDIR/boot/debug-frames.log
awk '/HARNESS: end trace_stress /{s=0} !s{print} /HARNESS: begin trace_stress$/{s=1}' "$LOG" > "$CFLOG"
req=(--require-module lkdtm --require-module lineinfo_test --require-module lineinfo_ctx)
for d in "$WORKDIR"/extmod/*/; do [ -d "$d" ] && req+=(--extmod-dir "${d%/}"); done
if python3 "$ROOT/tests/boot/check_frames.py" "$O/vmlinux" "$CFLOG" --modules-dir "$MODDIR" \
	--srctree "$KSRC" --objtree "$O" --min-annotated "${MIN_ANNOTATED:-20}" "${req[@]}" \
	> "$WORKDIR/boot/check_frames.out" 2>&1; then
	ok "$(grep '^check_frames: annotated' "$WORKDIR/boot/check_frames.out" | tail -1)"
else
	tail -30 "$WORKDIR/boot/check_frames.out"; bad "check_frames (full output $WORKDIR/boot/check_frames.out)"
fi
echo "debug: $pass passed, $fail failed"
[ $fail = 0 ]
