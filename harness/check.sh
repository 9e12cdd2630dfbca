#!/usr/bin/env bash
# `make check`: run every test step in order and print a summary.
# A step is skipped when a step it needs failed. Add a test = add one `step` line.
#   step NAME NEEDS COMMAND...   (NEEDS: comma-separated step names or '-')
set -uo pipefail
. "$(dirname "$0")/lib.sh"
export KSRC O PATCHES OVERLAY BUILD
declare -A RESULT=()
ORDER=()
step() {
	local name=$1 needs=$2 n; shift 2
	ORDER+=("$name")
	for n in ${needs//,/ }; do
		[ "$n" = - ] && continue
		if [ "${RESULT[$n]:-}" != pass ]; then
			RESULT[$name]=skip; echo "=== check: $name: SKIPPED ($n did not pass)"; return
		fi
	done
	echo "=== check: $name: $*"
	local t0=$SECONDS
	if "$@"; then RESULT[$name]=pass; else RESULT[$name]=fail; fi
	echo "=== check: $name: ${RESULT[$name]^^} ($((SECONDS - t0)) s)"
}

step frames-selftest -          python3 "$ROOT/tests/boot/check_frames.py" --selftest
step tap-selftest    -          python3 "$ROOT/tests/boot/check_tap.py" --selftest
step compare-selftest -         python3 "$ROOT/tests/offline/compare.py" --selftest
step apply           -          "$ROOT/harness/apply-tree.sh"
step kernel          apply      "$ROOT/harness/build-kernel.sh"
# after `kernel`: the host tests also check the tables of this build's vmlinux
# and modules (those of the previous build would be stale), and of the
# external test module
export EXTMOD_DIR=$WORKDIR/extmod/lineinfo_test
export EXTMOD_KOS=$EXTMOD_DIR/lineinfo_test.ko
step host-tests      apply      "$ROOT/tests/host/run.sh"
step kunit           apply      "$ROOT/tests/kunit/run.sh"
step warnings        apply      "$ROOT/tests/warnings/run.sh"
step boot-tests      kernel     "$ROOT/tests/boot/run.sh"
step kdb             kernel     python3 "$ROOT/tests/kdb/run.py"
step gdb-args        kernel     python3 "$ROOT/tests/boot/gdb_args.py" "$EXTMOD_KOS"
step crash-sweep     kernel     "$ROOT/tests/crash/run.sh"
step nolineinfo      kernel     "$ROOT/tests/nolineinfo/run.sh"
# the offline decoder (tools/lineinfo) against the kernel's own annotations
step offline         boot-tests,nolineinfo "$ROOT/tests/offline/run.sh"
# the test kernel with lockdep, atomic-sleep, UBSAN and stack checks (KASAN:
# make debug-check), booted with stack_trace_print() from a module, SysRq-l
# and module unloads while traces print
step debug-kernel    apply      env DEBUG_KASAN=0 "$ROOT/tests/debug/run.sh"
step module-build    kernel     "$ROOT/tests/modbuild/run.sh"
step compat          boot-tests "$ROOT/tests/compat/run.sh"
step fuzz            -          "$ROOT/tests/fuzz/run.sh"
step series          -          "$ROOT/tools/export-series.sh"

p=0 f=0 s=0
echo "=== summary"
for n in "${ORDER[@]}"; do
	printf '  %-16s %s\n' "$n" "${RESULT[$n]}"
	case ${RESULT[$n]} in pass) p=$((p + 1)) ;; fail) f=$((f + 1)) ;; *) s=$((s + 1)) ;; esac
done
echo "check: $p passed, $f failed, $s skipped"
[ $f = 0 ] && [ $s = 0 ]
