#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The offline decoder (tools/lineinfo, a host program) on the logs of the
# cross-built kernel: each log of the boot tests and the crash sweep, with
# its annotations stripped as the switched-off kernel prints it, decoded
# from vmlinux and the modules, must be the kernel's own log again
# (tests/offline/compare.py same: every annotation and [inline] line).
set -euo pipefail
. "$(dirname "$0")/../../harness/lib.sh"
OUT=$WORKDIR/offline
mkdir -p "$OUT"
mkdir -p "$OUT/tool"
# a program of the build host: not with the target's ARCH and CROSS_COMPILE
env -u ARCH -u CROSS_COMPILE make -s -C "$KSRC/tools/lineinfo" O="$OUT/tool" > "$OUT/tool.log" 2>&1 ||
	{ cat "$OUT/tool.log"; die "tools/lineinfo failed to build"; }
TOOL=$OUT/tool/lineinfo
fail=0 n=0
for log in "$WORKDIR"/boot/check.log "$WORKDIR"/boot/crash-*.log; do
	[ -s "$log" ] || continue
	b=$(basename "$log" .log)
	min=1
	[ "$b" != check ] || min=20
	python3 "$ROOT/tests/offline/compare.py" strip "$log" > "$OUT/$b.off"
	"$TOOL" decode -q -k "$O/vmlinux" -m "$MODDIR" "$OUT/$b.off" > "$OUT/$b.dec" || true
	if python3 "$ROOT/tests/offline/compare.py" same "$log" "$OUT/$b.dec" --min "$min" \
		--name "$b" > "$OUT/$b.cmp"; then
		echo "ok - offline: $(head -1 "$OUT/$b.cmp")"
	else
		echo "not ok - offline: $(head -20 "$OUT/$b.cmp")"; fail=1
	fi
	n=$((n + 1))
done
[ "$n" -gt 0 ] || die "no logs in $WORKDIR/boot (run the boot and crash steps first)"
[ $fail = 0 ]
