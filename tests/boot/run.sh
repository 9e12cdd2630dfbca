#!/usr/bin/env bash
# Boot tests: one QEMU boot running the actions below, sanity checks on the
# serial log, then check_frames.py on all stack traces.
# Env: MIN_ANNOTATED (default 20), BOOT_ACTIONS (default below), KSRC, O.
set -euo pipefail
. "$(dirname "$0")/../../harness/lib.sh"
ACTIONS=${BOOT_ACTIONS:-warning exception sysrq_l proc_stack}
MIN_ANNOTATED=${MIN_ANNOTATED:-20}
LOG=$WORKDIR/boot/check.log
pass=0 fail=0
ok()   { echo "boot-test PASS: $*"; pass=$((pass + 1)); }
bad()  { echo "boot-test FAIL: $*"; fail=$((fail + 1)); }
# section NAME: log lines between HARNESS: begin NAME and HARNESS: end NAME
# (timestamps stripped; harness lines go through /dev/kmsg and carry them too)
section() { sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' "$LOG" | sed -n "/^HARNESS: begin $1\$/,/^HARNESS: end $1 /p"; }
expect() { # expect ACTION DESCRIPTION REGEX
	if section "$1" | grep -E -- "$3" >/dev/null; then ok "$1: $2"; else bad "$1: $2 (no /$3/ in its part of $LOG)"; fi
}

# shellcheck disable=SC2086
if "$ROOT/harness/boot.sh" --name check $ACTIONS; then ok "boot reached 'HARNESS: done'"; else
	bad "boot"; echo "boot-tests: $pass passed, $fail failed"; exit 1; fi

for a in $ACTIONS; do
	case $a in
	warning)    expect warning "WARNING with Call Trace" 'WARNING: CPU' ; expect warning "Call Trace" 'Call Trace:'
	            expect warning "end trace" '---\[ end trace' ;;
	exception)  expect exception "oops" 'Oops|BUG: kernel NULL pointer'
	            expect exception "system continued after oops" '^HARNESS: exception action survived' ;;
	sysrq_l)    expect sysrq_l "NMI backtrace of CPU 0" 'NMI backtrace for cpu 0$'
	            expect sysrq_l "NMI backtrace of CPU 1" 'NMI backtrace for cpu 1$' ;;
	proc_stack) expect proc_stack "/proc/PID/stack frames" '^\[<[0-9a-fx]+>\] [A-Za-z_][A-Za-z0-9_.]*\+0x' ;;
	esac
done

if python3 "$ROOT/tests/boot/check_frames.py" "$O/vmlinux" "$LOG" --modules-dir "$MODDIR" \
	--srctree "$KSRC" --objtree "$O" --min-annotated "$MIN_ANNOTATED"; then
	ok "check_frames (min annotated $MIN_ANNOTATED)"
else
	bad "check_frames (min annotated $MIN_ANNOTATED)"
fi
echo "boot-tests: $pass passed, $fail failed"
[ $fail = 0 ]
