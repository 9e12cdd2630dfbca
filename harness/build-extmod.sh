#!/usr/bin/env bash
# Build the external test modules (tests/modules/*/) against the built kernel,
# as out-of-tree M= modules, and stage their .ko files in $MODDIR (where the
# initramfs builder and check_frames.py --modules-dir pick modules up).
# The sources are copied under $WORKDIR/extmod/ first, so that no build
# products land in the repository.
# When CONFIG_KALLSYMS_LINEINFO_MODULES=y, every staged .ko (in-tree ones
# too) must carry a .mod_lineinfo section.
#   harness/build-extmod.sh      (run by harness/build-kernel.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -f "$O/.config" ] && [ -f "$O/Module.symvers" ] || die "$O is not a built kernel tree (run harness/build-kernel.sh)"
CC=${CROSS_COMPILE}gcc
[ "${LLVM:-}" != 1 ] || CC=clang
if [ "${CCACHE:-1}" != 0 ] && command -v ccache >/dev/null; then CC="ccache $CC"; fi
mkdir -p "$MODDIR"
EXT=$WORKDIR/extmod
n=0
for src in "$ROOT"/tests/modules/*/; do
	[ -f "$src/Kbuild" ] || [ -f "$src/Makefile" ] || continue
	name=$(basename "$src")
	dst=$EXT/$name
	mkdir -p "$dst"
	# refresh sources, keep build products (incremental builds)
	cp -p "$src"/* "$dst/"
	blog=$EXT/$name.build.log
	make -C "$KSRC" O="$O" ARCH="$ARCH" CC="$CC" HOSTCC=gcc M="$dst" modules > "$blog" 2>&1 || {
		tail -30 "$blog" >&2; die "external module $name failed to build (log: $blog)"; }
	if grep -E 'warning:' "$blog" >/dev/null; then
		log "$name: compiler warnings:"; grep -E 'warning:' "$blog" | sort -u >&2
	fi
	for ko in "$dst"/*.ko; do
		[ -f "$ko" ] || die "$name: no .ko built (log: $blog)"
		cp "$ko" "$MODDIR/"
		n=$((n + 1))
		log "external module: $(basename "$ko") ($(stat -c %s "$ko") bytes) -> $MODDIR"
	done
done

# .mod_lineinfo in every module, when the kernel config asks for it
if grep -q '^CONFIG_KALLSYMS_LINEINFO_MODULES=y' "$O/.config"; then
	# and copies of lineinfo_test with tables the kernel must refuse
	"$ROOT/tests/modules/crafted/make.sh" "$MODDIR/lineinfo_test.ko" "$MODDIR" ||
		die "crafting modules with bad tables failed"
	bad=0
	for ko in "$MODDIR"/*.ko; do
		[ -f "$ko" ] || continue
		sz=$(readelf -SW "$ko" | sed -nE 's/^ *\[ *[0-9]+\] +\.mod_lineinfo +[A-Z_]+ +[0-9a-f]+ +[0-9a-f]+ +([0-9a-f]+) .*/\1/p')
		[ -z "$sz" ] || sz=$((16#$sz))
		if [ -z "$sz" ]; then
			log "ERROR: $(basename "$ko") has no .mod_lineinfo section (CONFIG_KALLSYMS_LINEINFO_MODULES=y)"; bad=1
		elif [ "$sz" -eq 0 ]; then
			log "ERROR: $(basename "$ko") has an empty .mod_lineinfo section"; bad=1
		else
			log "$(basename "$ko"): .mod_lineinfo $sz bytes"
		fi
	done
	[ $bad = 0 ] || die "modules without .mod_lineinfo (see above)"
else
	log "CONFIG_KALLSYMS_LINEINFO_MODULES is not set: .mod_lineinfo not required"
fi
echo "extmod: OK: $n external module(s) staged in $MODDIR"
