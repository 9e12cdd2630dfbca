#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A WARNING's backtrace (LKDTM's WARNING test) in the kernel log: with
# CONFIG_KALLSYMS_LINEINFO every frame of C code ends in " (path:line)", a
# clean relative path, and with CONFIG_KALLSYMS_LINEINFO_MODULES the frames
# in the lkdtm module name files under drivers/misc/lkdtm/.

DIR=$(dirname "$(readlink -f "$0")")
. "$DIR"/../kselftest/ktap_helpers.sh
. "$DIR"/lineinfo_lib.sh

TRIGGER=/sys/kernel/debug/provoke-crash/DIRECT

ktap_print_header

if [ "$(id -u)" != 0 ]; then
	ktap_skip_all "must be run as root"
	exit "$KSFT_SKIP"
fi
if [ "$(cat /proc/sys/kernel/panic_on_warn 2>/dev/null)" = 1 ]; then
	ktap_skip_all "panic_on_warn is set"
	exit "$KSFT_SKIP"
fi
li_skip_unless_annotated
if [ ! -w $TRIGGER ]; then
	grep -q debugfs /proc/mounts || mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
	modprobe -q lkdtm 2>/dev/null
fi
if [ ! -w $TRIGGER ]; then
	ktap_skip_all "no $TRIGGER (CONFIG_LKDTM not set, or debugfs not mounted)"
	exit "$KSFT_SKIP"
fi
if ! grep -q '^WARNING$' $TRIGGER; then
	ktap_skip_all "LKDTM has no WARNING test"
	exit "$KSFT_SKIP"
fi

ktap_set_plan 4

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

marker="lineinfo selftest $$ $(date +%s)"
echo "$marker" > /dev/kmsg
echo WARNING > $TRIGGER
# the WARNING after our marker, up to its end marker
dmesg | sed -n "/$marker/,\$p" | li_strip |
	sed -n '/^WARNING: CPU/,/^---\[ end trace/p' > "$tmp/trace"
li_parse_frames < "$tmp/trace" > "$tmp/frames"

if grep -q '^WARNING: CPU' "$tmp/trace" && [ -s "$tmp/frames" ]; then
	ktap_test_pass "WARNING trace with frames in the kernel log"
else
	ktap_print_msg "no WARNING trace after '$marker' in the kernel log"
	ktap_test_fail "WARNING trace with frames in the kernel log"
fi

li_check_frames "$tmp/frames"
if [ "$LI_MISSING" = 0 ] && [ "$LI_ANN" -gt 0 ]; then
	ktap_test_pass "frames of the WARNING trace annotated with file:line"
else
	sed 's/^/# /' "$tmp/trace"
	ktap_test_fail "frames of the WARNING trace annotated with file:line"
fi
if [ "$LI_BADPATH" = 0 ] && [ "$LI_ANN" -gt 0 ]; then
	ktap_test_pass "paths relative, without . or .."
else
	ktap_test_fail "paths relative, without . or .."
fi

# frames of lkdtm: in the module, or built in (lkdtm_* functions)
grep -E '^[^|]*\|lkdtm\||^lkdtm_[^|]*\|\|' "$tmp/frames" > "$tmp/lkdtm"
modular=$(grep -c '|lkdtm|' "$tmp/lkdtm")
bad=$(grep -v -c -E '^[^|]*\|[^|]*\|drivers/misc/lkdtm/[^|]+\|[0-9]+$' "$tmp/lkdtm")
if [ "$modular" -gt 0 ] && [ "$(li_table modules)" != y ]; then
	li_test_skip "lkdtm frames name files in drivers/misc/lkdtm/" \
		"kernel without CONFIG_KALLSYMS_LINEINFO_MODULES"
elif [ -s "$tmp/lkdtm" ] && [ "$bad" = 0 ]; then
	ktap_print_msg "lkdtm frames: $(cut -d'|' -f1,3,4 "$tmp/lkdtm" | tr '|\n' ': ')"
	ktap_test_pass "lkdtm frames name files in drivers/misc/lkdtm/"
else
	ktap_print_msg "lkdtm frames: $(tr '\n' ' ' < "$tmp/lkdtm")"
	ktap_test_fail "lkdtm frames name files in drivers/misc/lkdtm/"
fi

ktap_finished
