# The kernel's own report of its line tables and the runtime switch.
p=/sys/module/kallsyms_lineinfo/parameters
if [ -r $p/tables ]; then
	sed 's/^/HARNESS: tables: /' $p/tables
	echo "HARNESS: enable: $(cat $p/enable)"
else
	echo "HARNESS: tables: none ($p/tables absent)"
fi
