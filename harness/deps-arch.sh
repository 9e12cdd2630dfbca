#!/usr/bin/env bash
# The packages a cross-built test kernel needs besides harness/deps.sh's:
# Debian's default cross compiler and QEMU for $ARCH, lld (arch-check's
# LLVM=1 build), and a static busybox of that architecture for the
# initramfs (busybox-static:$ARCH, downloaded and unpacked under
# $BUILD/$ARCH/busybox, not installed: it would replace the host's).  Nothing
# to do for x86_64.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ "$ARCH" != x86_64 ] || exit 0
case $ARCH in
arm64) pkgs="gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm lld" ;;
esac
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	log "installing:$missing"
	$SUDO apt-get update -q
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -q --no-install-recommends $missing
fi
bb=$BUILD/$ARCH/busybox/bin/busybox
if [ ! -x "$bb" ]; then
	if ! dpkg --print-foreign-architectures | grep -qx "$ARCH"; then
		log "adding the $ARCH architecture to dpkg (for apt-get download)"
		$SUDO dpkg --add-architecture "$ARCH"
		$SUDO apt-get update -q
	fi
	tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
	# apt downloads as its _apt user where it can
	chown _apt "$tmp" 2>/dev/null || true
	(cd "$tmp" && apt-get download -q "busybox-static:$ARCH") || die "apt-get download busybox-static:$ARCH failed"
	rm -rf "$BUILD/$ARCH/busybox"
	mkdir -p "$BUILD/$ARCH/busybox/pkg"
	dpkg-deb -x "$tmp"/busybox-static_*.deb "$BUILD/$ARCH/busybox/pkg"
	mkdir -p "$BUILD/$ARCH/busybox/bin"
	cp "$BUILD/$ARCH/busybox/pkg/bin/busybox" "$bb"
	log "busybox-static:$ARCH -> $bb"
fi
echo "deps-arch: $ARCH toolchain, QEMU and busybox present"
