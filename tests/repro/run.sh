#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build properties of CONFIG_KALLSYMS_LINEINFO (make repro; ~20 minutes):
#  1. two clean builds of the same tree and config give byte-identical
#     vmlinux and lineinfo tables;
#  2. builds from two different absolute source paths (O= builds) give
#     byte-identical tables, and, with the prefix maps that
#     Documentation/kbuild/reproducible-builds.rst recommends, vmlinux;
#  3. an in-tree build gives the same tables as an O= build;
#  4. switching CONFIG_KALLSYMS_LINEINFO off and on again in a build
#     directory rebuilds correctly (the kallsyms and lineinfo consistency
#     checks of link-vmlinux.sh pass) and gives the same tables again.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/harness/lib.sh"
R=$BUILD/repro
pass=0 fail=0
ok()  { echo "ok - $*"; pass=$((pass + 1)); }
bad() { echo "not ok - $*"; fail=$((fail + 1)); }

"$ROOT/harness/apply-tree.sh" > /dev/null
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
export KBUILD_BUILD_USER=repro KBUILD_BUILD_HOST=repro KBUILD_BUILD_VERSION=1

# a copy of the patched tree at another absolute path
copy_tree() { rm -rf "$1"; mkdir -p "$(dirname "$1")"; cp -a "$KSRC" "$1"; }
# build SRC OBJ [prefix maps]: the test kernel, via the harness
build() {
	local src=$1 obj=$2 maps=${3:-}
	[ "$obj" = "$src" ] || rm -rf "$obj"
	KCFLAGS="$maps" KAFLAGS="$maps" KSRC=$src O=$obj WORKDIR=$R/work NOAPPLY=1 \
		"$ROOT/harness/build-kernel.sh" > "$R/build-$(basename "$obj").log" 2>&1 ||
		{ tail -20 "$R/build-$(basename "$obj").log"; return 1; }
}
# tables OBJ: the lineinfo tables of a build, one file per table
tables() {
	local obj=$1 out=$1.tables ko
	rm -rf "$out"; mkdir -p "$out"
	cp "$obj"/.tmp_vmlinux1.lineinfo.text.bin "$obj"/.tmp_vmlinux1.lineinfo.init.bin "$out/"
	find "$obj" -name '*.ko' | while read -r ko; do
		objcopy -O binary --only-section=.mod_lineinfo "$ko" "$out/$(basename "$ko").lineinfo"
	done
	echo "$out"
}
same() { # same WHAT A B
	if diff -r -q "$2" "$3" > /dev/null; then ok "$1"; else bad "$1: $(diff -r -q "$2" "$3" | head -3)"; fi
}
mkdir -p "$R"
# REPRO_FROM=N: start at part N (the earlier parts' builds must exist)
FROM=${REPRO_FROM:-1}

if [ "$FROM" -le 1 ]; then
# 1. same tree, same paths, twice
# (the first build's tables are kept as a2.tables, the second's are a1.tables)
build "$KSRC" "$R/a1"
rm -rf "$R/a2.tables"; mv "$(tables "$R/a1")" "$R/a2.tables"; cp "$R/a1/vmlinux" "$R/vmlinux.a1"
build "$KSRC" "$R/a1"
tables "$R/a1" > /dev/null
cmp -s "$R/vmlinux.a1" "$R/a1/vmlinux" && ok "two clean builds: byte-identical vmlinux" ||
	bad "two clean builds: vmlinux differs"
same "two clean builds: identical lineinfo tables ($(ls "$R/a1.tables" | wc -l) tables)" "$R/a1.tables" "$R/a2.tables"

fi

if [ "$FROM" -le 2 ]; then
# 2. two absolute source paths, O= builds, with and without prefix maps
copy_tree "$R/src-b/linux"
build "$R/src-b/linux" "$R/b1"
same "other source path: identical lineinfo tables" "$R/a1.tables" "$(tables "$R/b1")"
m_a="-ffile-prefix-map=$KSRC=. -ffile-prefix-map=$R/a1=."
m_b="-ffile-prefix-map=$R/src-b/linux=. -ffile-prefix-map=$R/b1=."
build "$KSRC" "$R/a1" "$m_a"; cp "$R/a1/vmlinux" "$R/vmlinux.a1m"
build "$R/src-b/linux" "$R/b1" "$m_b"
cmp -s "$R/vmlinux.a1m" "$R/b1/vmlinux" && ok "other source path, prefix maps: byte-identical vmlinux" ||
	bad "other source path, prefix maps: vmlinux differs"

fi

# 3. in-tree build of a third copy
copy_tree "$R/src-c/linux"
build "$R/src-c/linux" "$R/src-c/linux"
mkdir -p "$R/c"; rm -rf "$R/c.tables"; cp -r "$(tables "$R/src-c/linux")" "$R/c.tables"
same "in-tree build: identical lineinfo tables" "$R/a1.tables" "$R/c.tables"

# 4. toggling in the same build directory
build "$KSRC" "$R/a1"
for step in off on; do
	if [ $step = off ]; then "$KSRC/scripts/config" --file "$R/a1/.config" -d KALLSYMS_LINEINFO
	else "$KSRC/scripts/config" --file "$R/a1/.config" -e KALLSYMS_LINEINFO -e KALLSYMS_LINEINFO_MODULES \
		-e KALLSYMS_LINEINFO_INLINE -e KALLSYMS_PARAMINFO -m LINEINFO_KUNIT_TEST; fi
	make -s -C "$KSRC" O="$R/a1" olddefconfig
	if make -C "$KSRC" O="$R/a1" CC="ccache gcc" -j"$(nproc)" bzImage modules > "$R/toggle-$step.log" 2>&1; then
		ok "toggle $step: rebuilds, link-vmlinux.sh consistency checks pass"
	else
		grep -E 'Inconsistent|error' "$R/toggle-$step.log" | head -5; bad "toggle $step: build failed"
	fi
	n=$(nm "$R/a1/vmlinux" | grep -c ' kallsyms_lineinfo$' || true)
	if [ $step = off ]; then [ "$n" = 0 ] && ok "toggle off: no tables in vmlinux" || bad "toggle off: tables still in vmlinux"
	else [ "$n" = 1 ] && ok "toggle on: tables back in vmlinux" || bad "toggle on: no tables in vmlinux"; fi
done
rm -rf "$R/a1.tables"; tables "$R/a1" > /dev/null
[ -d "$R/a2.tables" ] || { rm -rf "$R/a2.tables"; cp -r "$R/c.tables" "$R/a2.tables"; }
cmp -s "$R/a1.tables/.tmp_vmlinux1.lineinfo.text.bin" "$R/a2.tables/.tmp_vmlinux1.lineinfo.text.bin" &&
	ok "toggle on again: same vmlinux tables as the clean build" || bad "toggle on again: tables differ"

echo "repro: $pass passed, $fail failed"
[ $fail = 0 ]
