#!/usr/bin/env bash
# Unpack the Debian kernel source tarball into build/ (once) and record its version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -f "$TARBALL" ] || die "$TARBALL missing (run 'make deps')"
if [ ! -f "$KSRC/Makefile" ]; then
	log "unpacking $TARBALL into $(dirname "$KSRC") ..."
	mkdir -p "$(dirname "$KSRC")"
	t0=$(date +%s)
	tmp=$(dirname "$KSRC")/.unpack.$$
	rm -rf "$tmp"; mkdir -p "$tmp"
	tar -xJf "$TARBALL" -C "$tmp"   # into a temp dir + rename: never a half tree
	[ -f "$tmp/$SRCNAME/Makefile" ] || die "tarball did not produce $SRCNAME/"
	rm -rf "$KSRC"; mv "$tmp/$SRCNAME" "$KSRC"; rm -rf "$tmp"
	log "unpacked in $(( $(date +%s) - t0 )) s"
fi
mkdir -p "$BUILD"
{
	echo "kernelversion: $(make -s -C "$KSRC" kernelversion)"
	echo "package: $(dpkg-query -W linux-source-6.12 2>/dev/null || echo 'linux-source-6.12 unknown')"
	echo "tarball: $TARBALL"
} > "$BUILD/VERSION"
cat "$BUILD/VERSION"
