#!/usr/bin/env bash
# Build tools/lineinfo, the offline decoder, as a static program for the
# test initramfs (/bin/lineinfo; harness/mkinitramfs.sh copies it), where
# the offline_live boot action decodes traces of the running kernel.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ -f "$KSRC/tools/lineinfo/Makefile" ] || { log "no tools/lineinfo in $KSRC: skipped"; exit 0; }
out=$WORKDIR/tools-static
rm -rf "$out" && mkdir -p "$out"
make -s -C "$KSRC/tools/lineinfo" O="$out" LDFLAGS="-static -s" > "$out.log" 2>&1 ||
	{ cat "$out.log" >&2; die "tools/lineinfo (static) failed to build"; }
log "tools/lineinfo (static): $out/lineinfo"
