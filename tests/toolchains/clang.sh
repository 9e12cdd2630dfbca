#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build the test kernel with clang and the LLVM tools (LLVM=1, Debian's
# clang/lld/llvm packages) in build/clang/, boot it, and check every
# annotated frame against eu-addr2line, as the gcc boot test does.
#   tests/toolchains/clang.sh        (make clang-check)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export O=${O:-$ROOT/build/clang/obj}
need=()
for p in clang lld llvm; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}" > /dev/null
fi
echo "clang: $(clang --version | head -1)"
LLVM=1 "$ROOT/harness/build-kernel.sh"
grep -q '^CONFIG_CC_IS_CLANG=y' "$O/.config" || { echo "not ok - not a clang build" >&2; exit 1; }
grep -q '^CONFIG_KALLSYMS_LINEINFO=y' "$O/.config" || { echo "not ok - CONFIG_KALLSYMS_LINEINFO is off with clang" >&2; exit 1; }
# eu-addr2line 0.188 cannot place addresses in clang's DWARF 5 (it answers
# ?? for all of vmlinux): check the frames with llvm-symbolizer instead.
FRAMES_ORACLE=llvm BOOT_ACTIONS="warning exception sysrq_l proc_stack module_warns" \
	"$ROOT/tests/boot/run.sh"
