#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /proc/<pid>/stack prints its frames with %pB and, with
# CONFIG_KALLSYMS_LINEINFO, every frame of C code ends in
# " (path/file.c:line)", a path relative to the
# kernel source tree.  Checks the stack of this test's own reader (/proc/self)
# and of a sleeping child.

DIR=$(dirname "$(readlink -f "$0")")
. "$DIR"/../kselftest/ktap_helpers.sh
. "$DIR"/lineinfo_lib.sh

ktap_print_header

if [ "$(id -u)" != 0 ]; then
	ktap_skip_all "must be run as root (/proc/PID/stack needs CAP_SYS_ADMIN)"
	exit "$KSFT_SKIP"
fi
if [ ! -r /proc/self/stack ]; then
	ktap_skip_all "no /proc/self/stack (CONFIG_STACKTRACE not set?)"
	exit "$KSFT_SKIP"
fi
li_skip_unless_annotated

ktap_set_plan 4

tmp=$(mktemp -d)
child=
trap 'rm -rf "$tmp"; [ -z "$child" ] || kill "$child" 2>/dev/null' EXIT

# check_stack NAME FILE: two test points, annotations and their paths
check_stack()
{
	li_strip < "$2" | li_parse_frames > "$tmp/frames"
	li_check_frames "$tmp/frames"
	if [ "$LI_N" = 0 ]; then
		ktap_print_msg "$1: no frames in:"
		sed 's/^/# /' "$2"
		ktap_test_fail "$1: frames annotated with file:line"
		ktap_test_fail "$1: paths relative, without . or .."
		return
	fi
	if [ "$LI_MISSING" = 0 ] && [ "$LI_ANN" -gt 0 ]; then
		ktap_test_pass "$1: frames annotated with file:line"
	else
		ktap_test_fail "$1: frames annotated with file:line"
	fi
	if [ "$LI_BADPATH" = 0 ]; then
		ktap_test_pass "$1: paths relative, without . or .."
	else
		ktap_test_fail "$1: paths relative, without . or .."
	fi
}

cat /proc/self/stack > "$tmp/self"
check_stack /proc/self/stack "$tmp/self"

sleep 100 &
child=$!
# wait until it sleeps (state S) in nanosleep
i=0
while [ $i -lt 50 ]; do
	state=$(sed -E 's/^.*\) ([A-Z]).*/\1/' /proc/$child/stat 2>/dev/null)
	[ "$state" = S ] && grep -q . /proc/$child/stack && break
	sleep 0.1 2>/dev/null || sleep 1
	i=$((i + 1))
done
cat /proc/$child/stack > "$tmp/child"
kill "$child"
wait "$child" 2>/dev/null
child=
check_stack "/proc/<sleeping child>/stack" "$tmp/child"

ktap_finished
