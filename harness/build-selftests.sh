#!/usr/bin/env bash
# Install the series' kselftests (tools/testing/selftests/lineinfo, from the
# applied tree) the upstream way, into $WORKDIR/kselftest, which
# harness/mkinitramfs.sh copies to /kselftest of the test initramfs.
# The tests are POSIX shell scripts (busybox sh in the initramfs).
#   harness/build-selftests.sh      (run by harness/build-kernel.sh)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
SELFTESTS=$KSRC/tools/testing/selftests
KST=${KSELFTEST_TARGETS:-lineinfo}
for t in $KST; do
	[ -f "$SELFTESTS/$t/Makefile" ] || die "$SELFTESTS/$t/Makefile missing (series not applied?)"
done
command -v rsync >/dev/null || die "rsync missing (kselftest install uses it; apt-get install rsync)"
DEST=$WORKDIR/kselftest
rm -rf "$DEST"
make -C "$SELFTESTS" TARGETS="$KST" INSTALL_PATH="$DEST" install > "$WORKDIR/kselftest.log" 2>&1 || {
	tail -20 "$WORKDIR/kselftest.log" >&2; die "kselftest install failed (log: $WORKDIR/kselftest.log)"; }
# shell tests must run under busybox sh: catch syntax errors now
for f in "$DEST"/*/*.sh; do
	busybox sh -n "$f" 2>/dev/null || sh -n "$f" || die "syntax error in $f"
done
echo "kselftest: installed $(tr '\n' ' ' < "$DEST/kselftest-list.txt")-> $DEST"
