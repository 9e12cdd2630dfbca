# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the lineinfo selftests (POSIX sh; sourced after ktap_helpers.sh).

# Assembly code has no line information; every other frame must have it.
LI_ASM_RE='^(entry_|asm_|.*_asm$|.*_hwframe$|native_irq_return|xen_)'

LI_PARAMS=/sys/module/kallsyms_lineinfo/parameters
LI_TABLES=/sys/kernel/debug/kallsyms_lineinfo/tables

# the table report lives in debugfs
if [ ! -e $LI_TABLES ] && [ -d /sys/kernel/debug ] &&
   ! grep -q ' /sys/kernel/debug debugfs ' /proc/mounts 2>/dev/null; then
	mount -t debugfs none /sys/kernel/debug 2>/dev/null
fi

# li_table NAME: the "NAME value" item of the kernel's table report
# (Documentation/admin-guide/kallsyms-lineinfo.rst), e.g. li_table .text
# prints the bytes of the vmlinux text table.  Prints nothing when the
# kernel has no CONFIG_KALLSYMS_LINEINFO (no such file).
li_table()
{
	sed -n "s/^$1 //p" $LI_TABLES 2>/dev/null
}

# li_feature: does this kernel annotate its traces?  Prints y (a usable
# vmlinux table and the switch on), n (no CONFIG_KALLSYMS_LINEINFO, no
# usable table) or off (annotations switched off at run time).
li_feature()
{
	size=$(li_table .text)
	if [ -z "$size" ] || [ "$size" = 0 ]; then
		echo n
	elif [ "$(cat $LI_PARAMS/enable)" != Y ]; then
		echo off
	else
		echo y
	fi
}

# li_skip_unless_annotated: end the test with a KTAP skip unless li_feature
# says the kernel annotates its traces
li_skip_unless_annotated()
{
	case $(li_feature) in
	n)	ktap_skip_all "kernel without CONFIG_KALLSYMS_LINEINFO, or no usable table"
		exit "$KSFT_SKIP" ;;
	off)	ktap_skip_all "annotations switched off ($LI_PARAMS/enable)"
		exit "$KSFT_SKIP" ;;
	esac
}

# li_test_skip DESCRIPTION REASON: a skipped test point with its reason
li_test_skip()
{
	__ktap_test "ok" "$1" "SKIP $2"
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

# li_strip: drop dmesg timestamps/caller ids, '[<0>] ' of /proc/PID/stack
# and the '? ' of unreliable frames.  'RIP: 0010:func+off/size' lines stay
# as they are: they are printed with %pS, which carries no file:line.
li_strip()
{
	sed -E -e 's/^\[ *[0-9]+\.[0-9]+\] ?//' -e 's/^\[ *[TC][0-9]+\] ?//' \
		-e 's/^\[<[0-9a-fx]+>\] //' -e 's/^ *(\? )?//'
}

# li_parse_frames: stack-trace frame lines (after li_strip) on stdin ->
# "func|module|file|line" on stdout (module, file, line empty if absent)
LI_SYM='([A-Za-z_.$][A-Za-z0-9_.$]*)\+0x[0-9a-f]+\/0x[0-9a-f]+'
LI_MOD='( \[([A-Za-z0-9_-]+)( [0-9a-f]+)?\])?'
LI_LOC='( \(([^ ()]+):([0-9]+)\))?'
li_parse_frames()
{
	sed -n -E "s/^$LI_SYM$LI_MOD$LI_LOC\$/\\1|\\3|\\6|\\7/p"
}

# li_check_frames FILE (of li_parse_frames lines): counts in LI_N (frames),
# LI_ANN (annotated), LI_ASM (unannotated assembly), LI_MISSING (unannotated
# C code), LI_BADPATH (absolute paths or paths with . or ..); diagnostics
# as KTAP comments
li_check_frames()
{
	LI_N=0 LI_ANN=0 LI_ASM=0 LI_MISSING=0 LI_BADPATH=0
	while IFS='|' read -r func mod file line; do
		LI_N=$((LI_N + 1))
		where=$func${mod:+ [$mod]}
		if [ -z "$file" ]; then
			if echo "$func" | grep -q -E "$LI_ASM_RE"; then
				LI_ASM=$((LI_ASM + 1))
			else
				LI_MISSING=$((LI_MISSING + 1))
				ktap_print_msg "no file:line: $where"
			fi
			continue
		fi
		LI_ANN=$((LI_ANN + 1))
		case /$file/ in
		//*|*/../*|*/./*)
			LI_BADPATH=$((LI_BADPATH + 1))
			ktap_print_msg "not a clean relative path: $where ($file:$line)" ;;
		esac
		[ "$line" -gt 0 ] || {
			LI_BADPATH=$((LI_BADPATH + 1))
			ktap_print_msg "line 0: $where ($file:$line)"
		}
	done < "$1"
	ktap_print_msg "$LI_N frames: $LI_ANN annotated, $LI_ASM assembly," \
		"$LI_MISSING missing, $LI_BADPATH bad paths"
}
