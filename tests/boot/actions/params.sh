# The series' parameters with bad and odd values at run time (the boot that
# runs this action also passes odd ones on the command line, see
# tests/boot/run.sh).  Every write must either take a bool value or be
# refused, and the kernel must carry on; "tables" is no parameter at all.
p=/sys/module/kallsyms_lineinfo/parameters
echo "HARNESS: params: enable at boot $(cat $p/enable)"
for v in banana 2 -1 ' ' yes no on off 0 1 N Y \
	 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; do
	if printf '%s' "$v" > $p/enable 2>/dev/null; then r=taken; else r=refused; fi
	echo "HARNESS: params: enable '$v' $r -> $(cat $p/enable)"
done
echo 1 > $p/enable
for f in $p/*; do
	echo "HARNESS: params: file ${f##*/}"
done
# a trace with the switch back on is still annotated
echo "HARNESS: params: after $(cat /proc/self/stack | head -1)"
