# The offline decoder on the running kernel (tools/lineinfo, built static
# into the initramfs as /bin/lineinfo): a WARNING and /proc/self/stack,
# printed with the switch off, decoded from /sys/kernel/lineinfo and
# /proc/kallsyms; tests/offline/run.sh compares the "HARNESS: live:" lines
# with the annotated traces of the same boot.
if [ ! -x /bin/lineinfo ]; then
	echo "HARNESS: live: no /bin/lineinfo"
	exit 0
fi
E=/sys/module/kallsyms_lineinfo/parameters/enable
echo 0 > $E
echo "HARNESS: live mark" > /dev/kmsg
lkdtm_trigger WARNING
cat /proc/self/stack > /tmp/stack.txt
echo 1 > $E
dmesg | sed -n '/HARNESS: live mark/,$p' > /tmp/off.txt
cat /tmp/stack.txt >> /tmp/off.txt
/bin/lineinfo decode < /tmp/off.txt > /tmp/dec.txt 2> /tmp/err.txt
echo "HARNESS: live rc=$?"
sed 's/^/HARNESS: live: /' /tmp/dec.txt | tolog
sed 's/^/HARNESS: live-err: /' /tmp/err.txt | tolog
