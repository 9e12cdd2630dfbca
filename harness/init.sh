#!/bin/sh
# /init of the test initramfs (busybox). Runs the actions listed in /actions.list.
# All output goes through /dev/kmsg (one record per line), so that it is ordered
# exactly with the kernel's own messages on the serial console.
export PATH=/bin
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
# devtmpfs has no /dev/fd, /dev/std*: kselftest's runner writes to /dev/stdout
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || echo "HARNESS: note: no debugfs"
echo 0 > /proc/sys/kernel/kptr_restrict
echo on > /proc/sys/kernel/printk_devkmsg 2>/dev/null
dmesg -n 8
. /lib/harness.sh
{
	echo "HARNESS: boot ok"
	echo "HARNESS: uname $(uname -a)"
	echo "HARNESS: cmdline $(cat /proc/cmdline)"
	grep -w -e _text -e _stext /proc/kallsyms | sed 's/^/HARNESS: kallsyms /'
} 2>&1 | tolog
for a in $(cat /actions.list); do
	# begin/end markers are written synchronously, so every kernel message
	# caused by the action lies between them
	echo "HARNESS: begin $a" > /dev/kmsg
	{
		sh -c ". /lib/harness.sh; . /actions/$a.sh"
		echo $? > /tmp/rc
		print_modules
	} 2>&1 | tolog
	echo "HARNESS: end $a rc=$(cat /tmp/rc)" > /dev/kmsg
done
echo "HARNESS: done" | tolog
poweroff -f
# poweroff needs ACPI+PCI; fall back to reboot (qemu runs with -no-reboot)
sleep 2; reboot -f
