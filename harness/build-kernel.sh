#!/usr/bin/env bash
# Unpack (once), apply the series in place, configure and build the test kernel.
#
# Env / make variables:
#   FRAGMENTS  space-separated config fragments (default: all configs/*.config)
#   KSRC, O    source tree / build dir (default build/linux-source-6.12, build/obj)
#   NOAPPLY=1  do not apply patches/ + overlay/ (build the tree as it is)
#   CCACHE=0   build without ccache
#   LLVM=1     build with clang and the LLVM tools (Debian's clang, lld, llvm)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ "${NOAPPLY:-0}" != 1 ]; then
	"$ROOT/harness/apply-tree.sh"
else
	"$ROOT/harness/unpack.sh"
fi

# ---- config ------------------------------------------------------------------
FRAGMENTS=${FRAGMENTS:-$DEFAULT_FRAGMENTS}
frags=()
for f in $FRAGMENTS; do
	case $f in /*) ;; *) [ -f "$f" ] || f=$ROOT/$f ;; esac
	[ -f "$f" ] || die "config fragment $f not found"
	frags+=("$(abspath "$f")")
done
log "config fragments: ${frags[*]}"

# LLVM=1 reaches every make below (and build-extmod.sh) from the environment
if [ "${LLVM:-}" = 1 ]; then export LLVM; else unset LLVM; fi

CFGO=$WORKDIR/kconfig          # scratch O= dir only for generating .config
mkdir -p "$CFGO" "$O"
make -s -C "$KSRC" O="$CFGO" ARCH="$ARCH" tinyconfig >/dev/null
(cd "$KSRC" && scripts/kconfig/merge_config.sh -m -O "$CFGO" "$CFGO/.config" "${frags[@]}") > "$CFGO/merge.log" 2>&1 ||
	{ cat "$CFGO/merge.log"; die "merge_config.sh failed"; }
make -s -C "$KSRC" O="$CFGO" ARCH="$ARCH" olddefconfig >/dev/null

# verify: every option of every fragment must be set exactly
bad=0
for f in "${frags[@]}"; do
	while IFS= read -r line || [ -n "$line" ]; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			opt=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set ]]; then
			opt=${BASH_REMATCH[1]} val=n
		else
			continue
		fi
		got=$(grep -E "^($opt=|# $opt is not set)" "$CFGO/.config" || true)
		if [ "$val" = n ]; then
			[ -z "$got" ] || [ "$got" = "# $opt is not set" ] || { log "CONFIG MISMATCH ($f): $opt wanted 'n', final .config has '$got'"; bad=1; }
		else
			[ "$got" = "$opt=$val" ] || { log "CONFIG MISMATCH ($f): $opt wanted '$val', final .config has '${got:-<absent: unknown option or unmet dependency>}'"; bad=1; }
		fi
	done < "$f"
done
[ $bad = 0 ] || die "final .config does not honour the fragments (see above)"
log "config verified: all fragment options set"
if ! cmp -s "$CFGO/.config" "$O/.config"; then
	cp "$CFGO/.config" "$O/.config"
	log "config changed -> $O/.config"
fi

# ---- build -------------------------------------------------------------------
CC=${CROSS_COMPILE}gcc
[ -z "${LLVM:-}" ] || CC=clang
if [ "${CCACHE:-1}" != 0 ] && command -v ccache >/dev/null; then CC="ccache $CC"; fi
JOBS=${JOBS:-$(nproc)}
log "building $KIMAGE_TARGET + modules in $O (CC='$CC', -j$JOBS) ..."
t0=$(date +%s)
make -s -C "$KSRC" O="$O" ARCH="$ARCH" olddefconfig >/dev/null
make -C "$KSRC" O="$O" ARCH="$ARCH" CC="$CC" HOSTCC=gcc -j"$JOBS" "$KIMAGE_TARGET" modules > "$WORKDIR/build.log" 2>&1 || {
	grep -E -B2 -A8 'error|Error' "$WORKDIR/build.log" | head -80 >&2 || true
	tail -30 "$WORKDIR/build.log" >&2
	die "kernel build failed (full log: $WORKDIR/build.log)"
}
t1=$(date +%s)
# show warnings (they matter for the series)
if grep -E 'warning:' "$WORKDIR/build.log" >/dev/null; then
	log "compiler warnings:"; grep -E 'warning:' "$WORKDIR/build.log" | sort -u | head -40 >&2
fi

# ---- modules staging (flat dir of .ko files for the initramfs) ---------------
rm -rf "$MODDIR"; mkdir -p "$MODDIR"
find "$O" -name '*.ko' -exec cp {} "$MODDIR/" \;
# external test modules (tests/modules/*, built with M=), .mod_lineinfo check
"$ROOT/harness/build-extmod.sh"
# kselftests of the series (copied into the initramfs as /kselftest)
"$ROOT/harness/build-selftests.sh"
# the offline decoder, static (copied into the initramfs as /bin/lineinfo);
# a host program: not for a cross-built kernel
[ -n "$CROSS_COMPILE" ] || "$ROOT/harness/build-tools.sh"
log "modules: $(cd "$MODDIR" && ls | tr '\n' ' ')"
echo "build: OK in $((t1 - t0)) s: $O/$KIMAGE_PATH ($(stat -c %s "$O/$KIMAGE_PATH") bytes), vmlinux $O/vmlinux (log $WORKDIR/build.log)"
