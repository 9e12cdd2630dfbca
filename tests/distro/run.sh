#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make distro-check: the README's test command on fresh Debian machines.
# For each release in $DISTROS (default: bookworm trixie), one after another:
#  1. delete the previous root and create a fresh one with
#     `mmdebstrap --variant=apt` from the Debian mirror this machine's apt
#     uses, plus make, git and ca-certificates (the README clones and runs
#     make; the harness installs everything else with apt-get itself);
#  2. `git clone` the committed $DISTRO_REF (default main) of this repo into it;
#  3. mount /proc, /sys, /dev (with /dev/pts, /dev/shm) and a ccache dir
#     shared between runs, and run .ci/run (make check) with CI=true in
#     the root with chroot, as root;
#  4. unmount everything (also on failure and Ctrl-C) and print one line:
#     the steps passed/failed/skipped with their times, and the wall times.
# Work dir $DISTRO_DIR (default /var/tmp/kallsyms-lineinfo-distro): roots
# SUITE/, logs SUITE.mmdebstrap.log and SUITE.log, ccache/, summary.txt.
# One run at a time per work dir (flock). Exit status: non-zero if any
# release failed. Needs root; long (~30-40 minutes per release on 2 cores,
# ~8 with a warm ccache); never part of `make check`.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
DISTROS=${DISTROS:-bookworm trixie}
WORK=${DISTRO_DIR:-/var/tmp/kallsyms-lineinfo-distro}
REF=${DISTRO_REF:-main}

log() { printf '[distro-check] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap, mount, chroot)"
# one run at a time per work dir: a second one would delete the first one's roots
mkdir -p "$WORK"
exec 9> "$WORK/.lock"
flock -n 9 || die "another distro-check is running in $WORK (set DISTRO_DIR for another work dir)"

# the first URI of this machine's apt sources whose path ends in /$1
host_uri() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[ ! -f "$f" ] || grep -v '^[[:space:]]*#' "$f"
	done | grep -oE '(https?|file)://[^][ ]+' | grep -E "/$1/?\$" | head -1 || true
}
MIRROR=${MIRROR:-$(host_uri debian)}
MIRROR=${MIRROR%/}
[ -n "$MIRROR" ] || die "no Debian mirror in /etc/apt/sources.list*; set MIRROR=http://.../debian"
SECURITY=$(host_uri debian-security)
SECURITY=${SECURITY:-${MIRROR}-security}
SECURITY=${SECURITY%/}

if ! command -v mmdebstrap >/dev/null; then
	log "installing mmdebstrap"
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap
fi

# mount points under $1 (deepest first), and the processes whose root is $1
mounted_under() { findmnt -rn -o TARGET | awk -v p="$1/" 'index($0 "/", p) == 1' | sort -r; }
procs_in() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/root" 2>/dev/null)" = "$1" ] && echo "${p#/proc/}"
	done
	return 0
}

# stop what still runs in root $1, unmount everything below it
release_root() {
	local r=$1 m pids
	pids=$(procs_in "$r" | tr '\n' ' ')
	if [ -n "$pids" ]; then # by pid: only what runs inside this root
		log "stopping processes in $r: $pids"
		# shellcheck disable=SC2086
		kill -TERM $pids 2>/dev/null || true
		sleep 3
		pids=$(procs_in "$r" | tr '\n' ' ')
		# shellcheck disable=SC2086
		[ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
		sleep 1
	fi
	for m in ccache dev sys proc; do
		mountpoint -q "$r/$m" || continue
		umount -R "$r/$m" 2>/dev/null || { log "lazy unmount of $r/$m"; umount -R -l "$r/$m"; }
	done
	for m in $(mounted_under "$r"); do umount -l "$m" || true; done
	[ -z "$(mounted_under "$r")" ] || { log "still mounted under $r:"; mounted_under "$r" >&2; return 1; }
}

# delete root $1, never while anything is mounted in it
remove_root() {
	[ -e "$1" ] || return 0
	release_root "$1" || die "not deleting $1: mounts remain"
	[ -z "$(mounted_under "$1")" ] || die "not deleting $1: mounts remain"
	rm -rf --one-file-system "$1"
}

CURRENT=""
# shellcheck disable=SC2317
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$CURRENT" ]; then release_root "$CURRENT" || rc=1; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# summary LOG: steps with result and time, from harness/check.sh's output
summary() {
	awk '
	/^=== check: [^:]+: (PASS|FAIL) \([0-9]+ s\)$/ {
		split($0, a, ": "); t[a[2]] = substr(a[3], index(a[3], "(") + 1); sub(/ s\)$/, "s", t[a[2]]) }
	/^=== summary$/ { s = 1; next }
	s && /^  [^ ]+ +[a-z]+$/ { steps = steps sep $1 " " $2 (t[$1] ? " " t[$1] : ""); sep = ", "; next }
	s && /^check: / { total = substr($0, 8); s = 0 }
	END { if (total) printf "%s; steps: %s", total, steps; else printf "no summary from make check" }' "$1"
}
mmss() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# run_release SUITE: sets LINE to the summary line, returns non-zero on failure
# (errexit is off in here: called in an `if`, so every step is checked)
run_release() {
	local suite=$1 r=$WORK/$1 t0=$SECONDS t1 rc=0 src=/root/kallsyms-lineinfo
	local log=$WORK/$1.log
	remove_root "$r"
	log "$suite: creating root $r from $MIRROR"
	CURRENT=$r
	if ! mmdebstrap --variant=apt --include=make,git,ca-certificates "$suite" "$r" \
		"deb $MIRROR $suite main" "deb $MIRROR $suite-updates main" \
		"deb $SECURITY $suite-security main" > "$WORK/$suite.mmdebstrap.log" 2>&1; then
		tail -5 "$WORK/$suite.mmdebstrap.log" >&2
		LINE="$suite: FAIL: mmdebstrap (see $WORK/$suite.mmdebstrap.log)"
		return 1
	fi
	if ! { git clone -q --branch "$REF" "$REPO" "$r$src" &&
		cp /etc/resolv.conf "$r/etc/resolv.conf" &&
		mount -t proc proc "$r/proc" &&
		mount --rbind --make-rslave /sys "$r/sys" &&
		mount --rbind --make-rslave /dev "$r/dev" &&
		mkdir -p "$r/ccache" &&
		mount --bind "$WORK/ccache" "$r/ccache"; }; then
		LINE="$suite: FAIL: setting up the root"
		return 1
	fi

	log "$suite: make check of $(git -C "$r$src" log -1 --format='%h %s') (log: $log)"
	echo "distro-check: $suite, $(sed -n 's/^PRETTY_NAME="\(.*\)"$/\1/p' "$r/etc/os-release"), commit $(git -C "$r$src" rev-parse HEAD)" > "$log"
	t1=$SECONDS
	# in the background, so that a signal to this script is handled at once
	chroot "$r" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		CI=true CCACHE_DIR=/ccache bash -c "cd $src && bash .ci/run" < /dev/null >> "$log" 2>&1 9>&- &
	wait $! || rc=$?
	local check=$((SECONDS - t1))
	release_root "$r" || rc=1
	CURRENT=""
	LINE="$suite: $([ $rc = 0 ] && echo PASS || echo "FAIL (exit $rc)"): $(summary "$log")"
	LINE+="; make check $(mmss $check), total $(mmss $((SECONDS - t0)))"
	return $rc
}

mkdir -p "$WORK/ccache"
: > "$WORK/summary.txt"
fail=0
for suite in $DISTROS; do
	if ! run_release "$suite"; then fail=1; fi
	echo "$LINE" | tee -a "$WORK/summary.txt"
done
echo "=== distro-check summary ($WORK/summary.txt)"
cat "$WORK/summary.txt"
exit $fail
