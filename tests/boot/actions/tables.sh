# The kernel's own report of its line tables (debugfs) and the runtime switch.
t=/sys/kernel/debug/kallsyms_lineinfo/tables
p=/sys/module/kallsyms_lineinfo/parameters
if [ -r $t ]; then
	sed 's/^/HARNESS: tables: /' $t
	echo "HARNESS: enable: $(cat $p/enable)"
else
	echo "HARNESS: tables: none ($t absent)"
fi
# the report is not a parameter: no such file, so nothing on the command
# line or in sysfs can reach a missing ->set
[ -e $p/tables ] && echo "HARNESS: tables: still a parameter" || true
