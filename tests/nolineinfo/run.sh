#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The series with CONFIG_KALLSYMS_LINEINFO=n: the kernel builds, carries no
# tables, and prints traces exactly as before, without annotations.  Also
# prints what the option costs: vmlinux and bzImage growth against the
# CONFIG_KALLSYMS_LINEINFO=y test kernel of `make check` (build/obj).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export O=${O_NOLINEINFO:-$ROOT/build/nolineinfo/obj}
Y=${O_LINEINFO:-$ROOT/build/obj}
fail=0
mkdir -p "$O"
ok()  { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }

FRAGMENTS="$ROOT/configs/base.config $ROOT/configs/crash.config" \
	"$ROOT/harness/build-kernel.sh" > "$(dirname "$O")/build-kernel.out" 2>&1 ||
	{ tail -20 "$(dirname "$O")/build-kernel.out"; echo "not ok - build with CONFIG_KALLSYMS_LINEINFO=n"; exit 1; }
ok "builds with CONFIG_KALLSYMS_LINEINFO=n"
grep -q '^CONFIG_KALLSYMS_LINEINFO=y' "$O/.config" && bad "CONFIG_KALLSYMS_LINEINFO is on"
grep -q ' kallsyms_lineinfo' <<< "$(nm "$O/vmlinux")" && bad "vmlinux has lineinfo symbols" ||
	ok "no lineinfo tables or code in vmlinux"
if grep -q mod_lineinfo <<< "$(readelf -SW "$O/drivers/misc/lkdtm/lkdtm.ko")"; then bad "lkdtm.ko has .mod_lineinfo"
else ok "no .mod_lineinfo in modules"; fi

"$ROOT/harness/boot.sh" --name nolineinfo tables warning proc_stack > "$(dirname "$O")/boot.out" 2>&1 ||
	{ tail -20 "$(dirname "$O")/boot.out"; bad "boot"; }
log=$(dirname "$O")/boot/nolineinfo.log
frames=$(grep -cE '^\[ *[0-9.]+\] +(\? )?[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+/0x[0-9a-f]+' "$log" || true)
annot=$(grep -cE '\+0x[0-9a-f]+/0x[0-9a-f]+( \[[^]]+\])? \([^ ()]+:[0-9]+\)$' "$log" || true)
[ "$frames" -ge 5 ] && [ "$annot" = 0 ] && ok "trace printed as before: $frames frames, none annotated" ||
	bad "trace: $frames frames, $annot annotated"
grep -q 'Call Trace:' "$log" && grep -q -- '---\[ end trace' "$log" && ok "WARNING trace complete" ||
	bad "WARNING trace incomplete"
grep -q 'HARNESS: tables: none' "$log" && ok "no tables report (no kallsyms_lineinfo/tables in debugfs)" ||
	bad "tables report present without the option"

# The CONFIG_KALLSYMS_LINEINFO=y kernel booted with kallsyms_lineinfo.enable=0:
# tables present and reported, switch off, no annotation anywhere.
if [ -f "$Y/arch/x86/boot/bzImage" ]; then
	# the traces of the boot tests' actions, which tests/offline decodes
	# offline and compares with the annotated boot's
	O=$Y APPEND_EXTRA=kallsyms_lineinfo.enable=0 "$ROOT/harness/boot.sh" --name enable0 \
		tables warning exception sysrq_l proc_stack module_warns kfence \
		> "$(dirname "$O")/boot-enable0.out" 2>&1 ||
		{ tail -20 "$(dirname "$O")/boot-enable0.out"; bad "boot with kallsyms_lineinfo.enable=0"; }
	log=$(dirname "$Y")/boot/enable0.log
	text=$(sed -n 's/^.*HARNESS: tables: \.text \([0-9]*\)$/\1/p' "$log")
	[ "${text:-0}" -gt 0 ] && ok "enable=0: tables report a .text table of $text bytes" ||
		bad "enable=0: no .text table reported"
	grep -q 'HARNESS: enable: N$' "$log" && ok "enable=0: the switch reads N" || bad "enable=0: the switch is not N"
	frames=$(grep -cE '^\[ *[0-9.]+\] +(\? )?[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+/0x[0-9a-f]+' "$log" || true)
	annot=$(grep -cE '\+0x[0-9a-f]+/0x[0-9a-f]+( \[[^]]+\])? \([^ ()]+:[0-9]+\)$' "$log" || true)
	[ "$frames" -ge 5 ] && [ "$annot" = 0 ] && ok "enable=0: $frames frames, none annotated" ||
		bad "enable=0: $frames frames, $annot annotated"
fi

if [ -f "$Y/vmlinux" ] && grep -q '^CONFIG_KALLSYMS_LINEINFO=y' "$Y/.config"; then
	for f in vmlinux arch/x86/boot/bzImage; do
		a=$(stat -c %s "$O/$f") b=$(stat -c %s "$Y/$f")
		echo "# size $f: $a without, $b with CONFIG_KALLSYMS_LINEINFO(_MODULES)=y: +$((b - a)) bytes"
	done
	# the memory the tables take: .rodata and init data of the running kernel
	for o in "$O" "$Y"; do
		size -A "$o/vmlinux" | awk -v o="$o" '$1 == ".rodata" || $1 == ".init.data" { printf "# %s %s: %d\n", o, $1, $2 }'
	done
fi
[ $fail = 0 ]
