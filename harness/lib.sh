# shellcheck shell=bash
# Common settings for harness scripts; source it, don't run it.
# All paths can be overridden from the environment (or as Make variables).
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BUILD=${BUILD:-$ROOT/build}
TARBALL=${TARBALL:-/usr/src/linux-source-6.12.tar.xz}
SRCNAME=${SRCNAME:-linux-source-6.12}
KSRC=${KSRC:-$BUILD/$SRCNAME}
PATCHES=${PATCHES:-$ROOT/patches}
OVERLAY=${OVERLAY:-$ROOT/overlay}
# The target: ARCH=x86_64 (default; the test kernel of make check) or
# ARCH=arm64 (make arch-check ARCH=arm64: cross-built, booted on
# qemu-system-aarch64 -M virt).  The same applied tree builds both; arm64
# builds go to build/arm64/ (its own obj/, modules/, boot/).
ARCH=${ARCH:-x86_64}
# (the settings are used by the scripts that source this file)
# shellcheck disable=SC2034
case $ARCH in
x86_64|x86)
	ARCH=x86_64
	CROSS_COMPILE=${CROSS_COMPILE:-}
	KIMAGE_TARGET=bzImage KIMAGE_PATH=arch/x86/boot/bzImage
	QEMU_SYSTEM=qemu-system-x86_64 QEMU_MACHINE="" CONSOLE=ttyS0
	O=${O:-$BUILD/obj}
	DEFAULT_FRAGMENTS=$(ls "$ROOT"/configs/*.config) ;;
arm64)
	CROSS_COMPILE=${CROSS_COMPILE:-aarch64-linux-gnu-}
	KIMAGE_TARGET=Image KIMAGE_PATH=arch/arm64/boot/Image
	QEMU_SYSTEM=qemu-system-aarch64 QEMU_MACHINE="-M virt -cpu cortex-a57" CONSOLE=ttyAMA0
	O=${O:-$BUILD/arm64/obj}
	DEFAULT_FRAGMENTS="$ROOT/configs/arm64/base.config $ROOT/configs/crash.config $ROOT/configs/arm64/lineinfo.config $ROOT/configs/arm64/dwarf5.config" ;;
*)
	printf '[%s] ERROR: ARCH=%s is not supported (x86_64 or arm64)\n' "$(basename "$0")" "$ARCH" >&2
	exit 2 ;;
esac
export ARCH CROSS_COMPILE

# Make relative paths absolute (relative to the caller's cwd).
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
KSRC=$(abspath "$KSRC"); O=$(abspath "$O"); BUILD=$(abspath "$BUILD")
# Per-build outputs live next to $O (default build/): build.log, kconfig/,
# modules/ (staged .ko files), boot/ (initramfs + serial logs).
WORKDIR=$(abspath "${WORKDIR:-$(dirname "$O")}")
MODDIR=$WORKDIR/modules
PATCHES=$(abspath "$PATCHES"); OVERLAY=$(abspath "$OVERLAY")

log()  { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# List patch files (absolute paths) of $PATCHES/series in order. Empty if none.
series_patches() {
	local f=$PATCHES/series line
	[ -f "$f" ] || return 0
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		line=$(printf '%s' "$line" | tr -d '[:space:]')
		[ -n "$line" ] || continue
		[ -f "$PATCHES/$line" ] || die "patches/series lists '$line' but $PATCHES/$line does not exist"
		printf '%s\n' "$PATCHES/$line"
	done < "$f"
}

# Print the 'Overlay: path' entries of a patch file (between '---' and first diff).
patch_overlays() {
	awk 'BEGIN{s=0} /^---[ \t]*$/ && s==0 {s=1; next} /^diff --git /{exit} s==1 && /^Overlay:[ \t]*/ {sub(/^Overlay:[ \t]*/,""); sub(/[ \t]+$/,""); print}' "$1"
}

# A later patch may change a file that an earlier one adds as an overlay
# (the inline patch adds its hooks to the decoder's check.c): overlay/ holds
# the file as the whole series leaves it, and the patches carry the changes
# for `make series`.  overlay_set PATCH...: every overlay file of the series.
overlay_set() {
	local p
	for p in "$@"; do patch_overlays "$p"; done | LC_ALL=C sort -u
}

# strip_overlay_diffs LIST PATCH: drop from PATCH (in place) the diff sections
# of the files named in LIST, so that applying it to a tree whose overlay
# files are copied whole does not apply their changes a second time.
strip_overlay_diffs() {
	awk -v list="$1" 'BEGIN { while ((getline l < list) > 0) skip[l] = 1 }
		/^diff --git / { f = $3; sub(/^a\//, "", f); drop = (f in skip) }
		/^-- $/ { drop = 0 }
		!drop' "$2" > "$2.tmp" && mv "$2.tmp" "$2"
}

# only_overlay_diffs LIST PATCH: the diff sections of PATCH for the files in
# LIST (stdout), the changes a later patch makes to an earlier overlay file.
only_overlay_diffs() {
	awk -v list="$1" 'BEGIN { while ((getline l < list) > 0) keep[l] = 1 }
		/^diff --git / { f = $3; sub(/^a\//, "", f); on = (f in keep) }
		/^-- $/ { on = 0 }
		on' "$2"
}

# Does the patch contain any diff?
patch_has_diff() { grep -q -E '^(diff --git |--- a/|\+\+\+ b/)' "$1"; }

# The identity the series is sent under (From:, Signed-off-by:, MAINTAINERS):
# SERIES_AUTHOR="Name <email>" if set (make SERIES_AUTHOR=...), else git's
# user.name and user.email, else the author of this repository's last commit.
series_author() {
	local n e
	if [ -n "${SERIES_AUTHOR:-}" ]; then
		printf '%s\n' "$SERIES_AUTHOR"
	elif n=$(git -C "$ROOT" config user.name) && e=$(git -C "$ROOT" config user.email); then
		printf '%s <%s>\n' "$n" "$e"
	else
		git -C "$ROOT" log -1 --format='%an <%ae>'
	fi
}

# series_expand DIR: copy $PATCHES to DIR with @SERIES_AUTHOR@ replaced by
# series_author, and point PATCHES there.
series_expand() {
	local a
	a=$(series_author)
	case $a in *?' <'?*@?*'>') ;; *) die "SERIES_AUTHOR '$a' is not 'Name <email>'" ;; esac
	rm -rf "$1"; mkdir -p "$1"
	cp -p "$PATCHES"/* "$1"/
	SA=$a perl -pi -e 's/\@SERIES_AUTHOR\@/$ENV{SA}/g' "$1"/*.patch
	PATCHES=$1
}
