#!/usr/bin/env bash
# Boot the built kernel under QEMU (TCG) with an initramfs running boot actions.
#   harness/boot.sh [--name NAME] ACTION...
# Log: build/boot/NAME.log (<dir of O>/boot/) (NAME defaults to the action names joined by '-').
# Env: BOOT_TIMEOUT (s, default 300), APPEND_EXTRA (extra kernel args),
#      QEMU_SMP (default 2), QEMU_MEM (default 512), KERNEL (bzImage path),
#      QEMU_EXTRA (extra QEMU options, e.g. "-gdb tcp::1234").
set -euo pipefail
. "$(dirname "$0")/lib.sh"
name=""
if [ "${1:-}" = --name ]; then name=$2; shift 2; fi
[ $# -ge 1 ] || set -- warning
[ -n "$name" ] || name=$(IFS=-; echo "$*")
KERNEL=${KERNEL:-$O/$KIMAGE_PATH}
[ -f "$KERNEL" ] || die "$KERNEL not built (run 'make kernel')"
mkdir -p "$WORKDIR/boot"
cpio=$WORKDIR/boot/$name.cpio
logf=$WORKDIR/boot/$name.log
"$ROOT/harness/mkinitramfs.sh" "$cpio" "$@"

APPEND="console=$CONSOLE panic=-1 loglevel=8 printk.devkmsg=on kaslr panic_on_oops=0 panic_on_warn=0 ${APPEND_EXTRA:-}"
log "booting $KERNEL (TCG, -smp ${QEMU_SMP:-2}) actions: $* ..."
t0=$(date +%s.%N)
rc=0
# shellcheck disable=SC2086
timeout "${BOOT_TIMEOUT:-300}" "$QEMU_SYSTEM" $QEMU_MACHINE -accel tcg -m "${QEMU_MEM:-512}" -smp "${QEMU_SMP:-2}" \
	-nodefaults -nographic -no-reboot -serial stdio \
	${QEMU_EXTRA:-} -kernel "$KERNEL" -initrd "$cpio" -append "$APPEND" </dev/null 2>&1 |
	stdbuf -oL tr -d '\r' > "$logf" || rc=$?
t1=$(date +%s.%N)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}')
if ! grep -qE '(^|\] )HARNESS: done$' "$logf"; then
	echo "----- last 40 lines of $logf -----" >&2
	tail -40 "$logf" >&2
	die "boot timed out/crashed after ${secs}s (qemu rc=$rc): no 'HARNESS: done' in $logf"
fi
grep -oE 'HARNESS: end .*' "$logf" | sed 's/^/  /'
echo "boot: OK in ${secs}s, log: $logf"
