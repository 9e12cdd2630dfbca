#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make arch-check ARCH=arm64: the series on another architecture, with the
# proof make check gives for x86-64, in build/$ARCH/:
#   build   the test kernel cross-built with Debian's cross gcc
#           (configs/$ARCH/*.config), every module with a .mod_lineinfo
#   boot    qemu-system-aarch64 -M virt (TCG): WARN, oops, SysRq-l, module
#           WARNs from every kind of text, KFENCE, /proc/PID/stack, crafted
#           modules, the KUnit module and the kselftests; every annotated
#           frame, pc :/lr : line and [inline] chain checked against
#           llvm-symbolizer (tests/boot/run.sh, FRAMES_ORACLE=llvm)
#   rule    the same check with a wrong rule (return addresses looked up
#           exactly; exact pcs at -1) must fail, on the boot log and on
#           the soft lockup's trace, which crosses an exception entry
#   crash   the crash sweep (tests/crash/run.sh): one boot per LKDTM crash
#           type and SysRq-l, every frame checked
#   offline the offline decoder on those logs, stripped of their
#           annotations: it must print the kernel's (tests/arch/offline.sh)
#   kdb     kdb over the serial console: bt, btp, bta and lookups at the
#           prompt (tests/kdb/run.py)
#   kunit   kunit.py run --arch=$ARCH
#   dwarf4  a DWARF 4 build, booted and checked
#   clang   an LLVM=1 build, booted and checked
# and prints "arch-check ARCH: PASS" or the failing steps.
# Env: ARCH_STEPS (default: all of the above), BOOT_ACTIONS.
set -uo pipefail
. "$(dirname "$0")/../../harness/lib.sh"
[ "$ARCH" != x86_64 ] || die "make arch-check is for the other architectures (ARCH=arm64); x86_64 is make check"
STEPS=${ARCH_STEPS:-build boot crash rule offline kdb kunit dwarf4 clang}
export FRAMES_ORACLE=llvm
ACTIONS="tables sysfs_tables warning exception sysrq_l proc_stack module_warns kfence crafted_modules kunit_module kselftest stack_depth"
mkdir -p "$WORKDIR"
passed=() failed=()
step() { # step NAME CMD...: run, log to $WORKDIR/arch-NAME.log, show its summary
	local name=$1 t0=$SECONDS rc=0
	shift
	echo "==== arch-check $ARCH: $name"
	"$@" > "$WORKDIR/arch-$name.log" 2>&1 || rc=$?
	grep -E '^(boot-test (PASS|FAIL)|(not )?ok - |crash sweep:|check_frames: (annotated|inline chains|wrong rule|FAIL|PASS)|build: |kunit: |kdb (PASS|FAIL)|kdb: |\[build-kernel.sh\] ERROR|ERROR)' \
		"$WORKDIR/arch-$name.log" | tail -60
	if [ $rc = 0 ]; then passed+=("$name($((SECONDS - t0))s)")
	else failed+=("$name"); echo "arch-check $ARCH: $name FAILED (log $WORKDIR/arch-$name.log)"; fi
	return $rc
}

"$ROOT/harness/deps.sh" > /dev/null && "$ROOT/harness/deps-arch.sh" || die "dependencies"
for s in $STEPS; do
	case $s in
	build) step build "$ROOT/harness/build-kernel.sh" || break ;;
	boot) BOOT_ACTIONS=${BOOT_ACTIONS:-$ACTIONS} step boot "$ROOT/tests/boot/run.sh" ;;
	rule)
		ext=()
		for d in "$WORKDIR"/extmod/*/; do [ -d "$d" ] && ext+=(--extmod-dir "${d%/}"); done
		for r in return-exact exact-minus-one; do
			for l in check crash-SOFTLOCKUP; do
				step "rule-$r-$l" python3 "$ROOT/tests/boot/check_frames.py" "$O/vmlinux" \
					"$WORKDIR/boot/$l.log" --modules-dir "$MODDIR" --srctree "$KSRC" \
					--objtree "$O" "${ext[@]}" --wrong-rule "$r"
			done
		done ;;
	crash) step crash "$ROOT/tests/crash/run.sh" ;;
	offline) step offline "$ROOT/tests/arch/offline.sh" ;;
	kdb) step kdb python3 "$ROOT/tests/kdb/run.py" ;;
	kunit) step kunit "$ROOT/tests/kunit/run.sh" ;;
	dwarf4|clang)
		# another build of the same config, booted with the actions that
		# print traces through vmlinux and modules
		# (dwarf4: the DWARF 5 fragment swapped; clang: LLVM=1)
		how=(FRAGMENTS="${DEFAULT_FRAGMENTS/dwarf5.config/dwarf4.config}")
		[ "$s" = dwarf4 ] || how=(LLVM=1)
		step "$s" env O="$WORKDIR/$s/obj" "${how[@]}" \
			BOOT_ACTIONS="warning exception sysrq_l module_warns" \
			bash -c '"$1/harness/build-kernel.sh" && "$1/tests/boot/run.sh"' _ "$ROOT" ;;
	*) die "unknown step '$s' (build boot crash rule offline kdb kunit dwarf4 clang)" ;;
	esac
done
echo "arch-check $ARCH: passed: ${passed[*]:-none}; failed: ${failed[*]:-none}"
if [ ${#failed[@]} = 0 ]; then echo "arch-check $ARCH: PASS"; else echo "arch-check $ARCH: FAIL (${failed[*]})"; exit 1; fi
