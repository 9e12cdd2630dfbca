#!/usr/bin/env bash
# Install the Debian packages the harness needs, only those that are missing.
set -euo pipefail
PKGS="gcc make gawk libc6-dev git patch perl xz-utils kmod linux-source-6.12 libdw-dev libelf-dev flex bison bc
libssl-dev cpio qemu-system-x86 busybox-static ccache python3 binutils elfutils zlib1g-dev libzstd-dev rsync
clang llvm gdb gcc-aarch64-linux-gnu"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	echo "deps: all packages present"
	exit 0
fi
echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
