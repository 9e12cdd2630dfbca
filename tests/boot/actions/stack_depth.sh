# Stack budget of the annotations (tests/modules/lineinfo_stack): how deep
# into the task stack each print goes with the runtime switch on and off,
# least of three runs each, and what the series may add (checked by
# tests/boot/check_stack.py):
#   dump_stack   Call Trace frame print with [inline] lines    512 bytes
#   warn         WARN: show_regs() with the Arguments block    1024 bytes
#   stack_trace  stack_trace_save() + stack_trace_print()      512 bytes
sw=/sys/module/kallsyms_lineinfo/parameters/enable
[ -w $sw ] || { echo "HARNESS: stack: no $sw"; exit 1; }
load_module lineinfo_stack || exit 1
d=/sys/kernel/debug/lineinfo_stack
old=$(cat $sw)
rc=0
# least PATH: the least of three measurements of PATH, or nothing
least() {
	m=
	for _ in 1 2 3; do
		echo 1 > "$d/$1" || return 1
		v=$(cat "$d/$1")
		[ -z "$m" ] || [ "$v" -lt "$m" ] && m=$v
	done
	echo "$m"
}
for p in dump_stack:512 warn:1024 stack_trace:512; do
	path=${p%:*} budget=${p#*:}
	on='' off=''
	echo 1 > $sw && on=$(least "$path")
	echo 0 > $sw && off=$(least "$path")
	if [ -z "$on" ] || [ -z "$off" ]; then
		echo "HARNESS: stack $path: no figures (on '$on', off '$off')"
		rc=1
		continue
	fi
	echo "HARNESS: stack $path on=$on off=$off added=$((on - off)) budget=$budget"
done
echo "$old" > $sw
echo "HARNESS: stack switch restored: $(cat $sw)"
rmmod lineinfo_stack || { echo "HARNESS: rmmod lineinfo_stack failed"; rc=1; }
exit $rc
