#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The runtime switch, /sys/module/kallsyms_lineinfo/parameters/enable:
# switched off, /proc/<pid>/stack of a sleeping task must be exactly what
# it is switched on minus the " (file:line)" of each frame, which is what
# a kernel without CONFIG_KALLSYMS_LINEINFO prints; switched on again, the
# annotations must be back.

DIR=$(dirname "$(readlink -f "$0")")
. "$DIR"/../kselftest/ktap_helpers.sh
. "$DIR"/lineinfo_lib.sh

ktap_print_header

if [ "$(id -u)" != 0 ]; then
	ktap_skip_all "must be run as root"
	exit "$KSFT_SKIP"
fi
if [ ! -w $LI_PARAMS/enable ]; then
	ktap_skip_all "kernel without CONFIG_KALLSYMS_LINEINFO (no $LI_PARAMS/enable)"
	exit "$KSFT_SKIP"
fi
if [ "$(li_table .text)" = 0 ]; then
	ktap_skip_all "the kernel has no usable .text table ($LI_TABLES)"
	exit "$KSFT_SKIP"
fi
if [ ! -r /proc/self/stack ]; then
	ktap_skip_all "no /proc/self/stack (CONFIG_STACKTRACE not set?)"
	exit "$KSFT_SKIP"
fi

ktap_set_plan 4

tmp=$(mktemp -d)
saved=$(cat $LI_PARAMS/enable)
child=
cleanup()
{
	echo "$saved" > $LI_PARAMS/enable
	[ -z "$child" ] || kill "$child" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

sleep 100 &
child=$!
i=0
while [ $i -lt 50 ]; do
	state=$(sed -E 's/^.*\) ([A-Z]).*/\1/' /proc/$child/stat 2>/dev/null)
	[ "$state" = S ] && grep -q . /proc/$child/stack && break
	sleep 0.1 2>/dev/null || sleep 1
	i=$((i + 1))
done

echo 1 > $LI_PARAMS/enable
cat /proc/$child/stack > "$tmp/on"
echo 0 > $LI_PARAMS/enable
cat /proc/$child/stack > "$tmp/off"
echo 1 > $LI_PARAMS/enable
cat /proc/$child/stack > "$tmp/again"

li_strip < "$tmp/on" | li_parse_frames > "$tmp/on.frames"
li_check_frames "$tmp/on.frames"
if [ "$LI_ANN" -gt 0 ] && [ "$LI_MISSING" = 0 ]; then
	ktap_test_pass "switched on: frames annotated"
else
	sed 's/^/# /' "$tmp/on"
	ktap_test_fail "switched on: frames annotated"
fi

li_strip < "$tmp/off" | li_parse_frames > "$tmp/off.frames"
li_check_frames "$tmp/off.frames"
if [ "$LI_N" -gt 0 ] && [ "$LI_ANN" = 0 ]; then
	ktap_test_pass "switched off: no frame annotated"
else
	sed 's/^/# /' "$tmp/off"
	ktap_test_fail "switched off: no frame annotated"
fi

sed -E 's/ \([^ ()]+:[0-9]+\)$//' "$tmp/on" > "$tmp/on.plain"
if cmp -s "$tmp/on.plain" "$tmp/off"; then
	ktap_test_pass "switched off: output is the annotated one without annotations"
else
	diff "$tmp/on.plain" "$tmp/off" | sed 's/^/# /'
	ktap_test_fail "switched off: output is the annotated one without annotations"
fi

if cmp -s "$tmp/on" "$tmp/again"; then
	ktap_test_pass "switched on again: the same annotated output"
else
	diff "$tmp/on" "$tmp/again" | sed 's/^/# /'
	ktap_test_fail "switched on again: the same annotated output"
fi

ktap_finished
