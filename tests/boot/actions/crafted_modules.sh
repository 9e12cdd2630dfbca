# Copies of lineinfo_test whose .mod_lineinfo the kernel must refuse, each
# with its one-line warning (tests/modules/crafted/make.sh): a relocation
# targets the table, the table's .text names two sections, the table has
# the other byte order, its parameter table is cut (if it has one).  All
# but dup must load and unload without their table.  Two sections of one name also make sysfs refuse the module
# (its sections/ directory cannot hold both), after our check has run.
for v in reloc dup swab params; do
	[ -f "/modules/lineinfo_test_$v.ko" ] || continue
	if insmod "/modules/lineinfo_test_$v.ko"; then
		echo "HARNESS: crafted $v loaded"
		rmmod lineinfo_test || echo "HARNESS: rmmod after crafted $v failed"
	else
		echo "HARNESS: insmod crafted $v failed"
	fi
done
