#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# How module builds treat the .mod_lineinfo step of modfinal
# (CONFIG_KALLSYMS_LINEINFO_MODULES), on the external test module:
#  1. built without debug information (KCFLAGS=-g0): the build succeeds,
#     the module has no table, and one line says why;
#  2. objcopy failing in the step: the build fails and no .ko is left;
#  3. built against a headers tree as linux-headers ships it (made by the
#     package scripts' install-extmod-build in a scratch root): the module
#     gets its table; where scripts/gen_lineinfo cannot start (its libdw
#     replaced by a broken library), the module is built without a table,
#     with a warning, and the build succeeds;
#  4. mkdebian makes linux-headers depend on libdw1 and libelf1.
set -euo pipefail
. "$(dirname "$0")/../../harness/lib.sh"
# The sub-makes print kbuild's quiet lines ("LINEINFO [M] ...", which case 2
# looks for) whatever the caller's make: 'make -s check' or 'make check V=1'
# reach them through MAKEFLAGS/MFLAGS (or KBUILD_VERBOSE) otherwise.
unset MAKEFLAGS MFLAGS KBUILD_VERBOSE
W=$WORKDIR/modbuild
rm -rf "$W"; mkdir -p "$W"
fail=0
pass() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }
grep -q '^CONFIG_KALLSYMS_LINEINFO_MODULES=y' "$O/.config" ||
	{ echo "not ok - CONFIG_KALLSYMS_LINEINFO_MODULES is not set in $O"; exit 1; }
has_table() { grep -q ' \.mod_lineinfo ' <<< "$(readelf -SW "$1")"; }
# modbuild NAME KDIR [make args...]: build a fresh copy of lineinfo_test
modbuild() {
	local name=$1 kdir=$2; shift 2
	mkdir -p "$W/$name"; cp "$ROOT"/tests/modules/lineinfo_test/* "$W/$name/"
	make -C "$kdir" ARCH=x86_64 CC=gcc HOSTCC=gcc M="$W/$name" "$@" modules > "$W/$name.log" 2>&1
}
ko() { echo "$W/$1/lineinfo_test.ko"; }

# 1. no DWARF
if modbuild nodwarf "$KSRC" O="$O" KCFLAGS=-g0; then
	n=$(grep -c 'no DWARF' "$W/nodwarf.log" || true)
	if [ ! -f "$(ko nodwarf)" ]; then bad "no DWARF: no .ko"
	elif has_table "$(ko nodwarf)"; then bad "no DWARF: the module has a .mod_lineinfo"
	elif [ "$n" != 1 ] || grep -i 'warning' "$W/nodwarf.log"; then
		bad "no DWARF: want exactly one informational line and no warning, got $n (log $W/nodwarf.log)"
	else pass "no DWARF: built without a table: $(grep 'no DWARF' "$W/nodwarf.log")"; fi
else
	tail -5 "$W/nodwarf.log"; bad "no DWARF: the build failed"
fi

# 2. a failing step fails the build and leaves no module behind
if modbuild objcopyfail "$KSRC" O="$O" OBJCOPY=false; then
	bad "objcopy failing: the build succeeded"
elif ls "$W"/objcopyfail/*.ko 2> /dev/null; then
	bad "objcopy failing: the build failed but left a .ko behind"
elif ! grep -q 'LINEINFO \[M\]' "$W/objcopyfail.log"; then
	tail -5 "$W/objcopyfail.log"; bad "objcopy failing: the build failed elsewhere"
else
	pass "objcopy failing: build failed ($(grep -m1 -E 'Error|error' "$W/objcopyfail.log" | sed 's/^ *//')), no .ko left"
fi

# 3. a headers tree as linux-headers ships it
H=$W/root/usr/src/linux-headers
if make -C "$KSRC" O="$O" ARCH=x86_64 run-command \
	KBUILD_RUN_COMMAND="$KSRC/scripts/package/install-extmod-build $H" > "$W/headers.log" 2>&1 &&
   [ -x "$H/scripts/gen_lineinfo" ]; then
	pass "headers tree: $(du -sh "$H" | cut -f1), with scripts/gen_lineinfo"
	if modbuild headers "$H" && has_table "$(ko headers)"; then
		pass "against the headers: the module has a .mod_lineinfo"
	else
		tail -5 "$W/headers.log"; bad "against the headers: no module or no table (log $W/headers.log)"
	fi
	mkdir -p "$W/brokenlib"
	echo "not a library" > "$W/brokenlib/libdw.so.1"
	rc=0; LD_LIBRARY_PATH=$W/brokenlib "$H/scripts/gen_lineinfo" --help > /dev/null 2>&1 || rc=$?
	if [ "$rc" != 127 ]; then
		bad "a broken libdw.so.1 should keep gen_lineinfo from starting (exit 127), got $rc"
	elif LD_LIBRARY_PATH=$W/brokenlib modbuild nolibdw "$H"; then
		if has_table "$(ko nolibdw)"; then bad "gen_lineinfo cannot start: the module has a table"
		elif grep -q 'warning: .*cannot run scripts/gen_lineinfo, no file:line table' "$W/nolibdw.log"; then
			pass "gen_lineinfo cannot start: module built without a table: $(grep 'cannot run' "$W/nolibdw.log")"
		else bad "gen_lineinfo cannot start: no warning (log $W/nolibdw.log)"; fi
	else
		tail -5 "$W/nolibdw.log"; bad "gen_lineinfo cannot start: the build failed"
	fi
else
	tail -5 "$W/headers.log"; bad "install-extmod-build failed (log $W/headers.log)"
fi

# 4. the headers package declares what gen_lineinfo needs
rm -rf "$O/debian"
# (bindeb-pkg runs it as well; only its debian/control matters here)
if make -C "$KSRC" O="$O" ARCH=x86_64 run-command \
	KBUILD_RUN_COMMAND="$KSRC/scripts/package/mkdebian" > "$W/debian.log" 2>&1; then
	stanza=$(awk '/^Package: linux-headers-/{p=1} /^$/{p=0} p' "$O/debian/control")
	if grep -qx 'Depends: libdw1, libelf1' <<< "$stanza"; then
		pass "mkdebian: linux-headers depends on libdw1, libelf1"
	else
		printf '%s\n' "$stanza"; bad "mkdebian: linux-headers does not depend on libdw1, libelf1"
	fi
else
	tail -5 "$W/debian.log"; bad "mkdebian failed (log $W/debian.log)"
fi
rm -rf "$O/debian"

[ $fail = 0 ] && echo "module build tests: PASS" || { echo "module build tests: FAIL"; exit 1; }
