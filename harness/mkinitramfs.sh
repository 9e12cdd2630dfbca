#!/usr/bin/env bash
# Build a busybox initramfs that runs the given boot actions.
#   harness/mkinitramfs.sh OUT.cpio ACTION...
# Actions are tests/boot/actions/<name>.sh; modules come from <WORKDIR>/modules/*.ko,
# kselftests (if installed) from <WORKDIR>/kselftest/ (-> /kselftest).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { echo "usage: $0 OUT.cpio ACTION..." >&2; exit 2; }
out=$(abspath "$1"); shift
# a cross-built kernel's busybox comes from harness/deps-arch.sh
BUSYBOX_DEFAULT=/bin/busybox
[ -z "$CROSS_COMPILE" ] || BUSYBOX_DEFAULT=$BUILD/$ARCH/busybox/bin/busybox
BUSYBOX=${BUSYBOX:-$BUSYBOX_DEFAULT}
[ -x "$BUSYBOX" ] || die "$BUSYBOX missing (x86-64: apt-get install busybox-static, or 'make deps'; another ARCH: harness/deps-arch.sh)"
file -L "$BUSYBOX" 2>/dev/null | grep -q 'dynamically linked' && die "$BUSYBOX is dynamically linked; need busybox-static"
ACTIONS_DIR=${ACTIONS_DIR:-$ROOT/tests/boot/actions}

stage=$(mktemp -d "${TMPDIR:-/tmp}/initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# mktemp -d makes the directory 0700, which would be the mode of / in the
# guest: users other than root could run nothing
chmod 755 "$stage"
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,lib,actions,modules}
cp "$BUSYBOX" "$stage/bin/busybox"
# the applet list: a busybox of another architecture cannot run here; the
# host's (the same Debian package) has the same applets
lister=$BUSYBOX
[ -z "$CROSS_COMPILE" ] || lister=/bin/busybox
for a in $("$lister" --list); do
	[ "$a" = busybox ] || ln -s busybox "$stage/bin/$a"
done
install -m 755 "$ROOT/harness/init.sh" "$stage/init"
cp "$ROOT/harness/initlib.sh" "$stage/lib/harness.sh"
: > "$stage/actions.list"
for a in "$@"; do
	[ -f "$ACTIONS_DIR/$a.sh" ] || die "unknown boot action '$a' (no $ACTIONS_DIR/$a.sh; have: $(cd "$ACTIONS_DIR" && ls | sed 's/\.sh$//' | tr '\n' ' '))"
	cp "$ACTIONS_DIR/$a.sh" "$stage/actions/"
	echo "$a" >> "$stage/actions.list"
done
if [ -d "$MODDIR" ]; then
	cp "$MODDIR"/*.ko "$stage/modules/" 2>/dev/null || true
fi
# the offline decoder built by harness/build-tools.sh
if [ -x "$WORKDIR/tools-static/lineinfo" ]; then
	cp "$WORKDIR/tools-static/lineinfo" "$stage/bin/lineinfo"
fi
# kselftests installed by harness/build-selftests.sh (run_kselftest.sh layout)
if [ -f "$WORKDIR/kselftest/run_kselftest.sh" ]; then
	cp -a "$WORKDIR/kselftest" "$stage/kselftest"
fi
mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) > "$out"
log "initramfs $out ($(stat -c %s "$out") bytes): actions: $*; modules: $(ls "$stage/modules" | tr '\n' ' ')"
