# /sys/kernel/lineinfo: the line tables as root-only files (patch 0013).
# Prints mode, size and sha256 of vmlinux and of lineinfo_test's file;
# tests/boot/run.sh compares them with the blob linked into vmlinux and
# with the .mod_lineinfo section of the .ko.
# (not "d": print_modules, run by load_module, sets that one)
lidir=/sys/kernel/lineinfo
say() { echo "HARNESS: sysfs_tables: $*"; }
# show NAME: mode, i_size, bytes read and their sha256, read whole and in
# reads of 1000 bytes (offsets that are no multiple of a page)
show() {
	f=$lidir/$1
	[ -e "$f" ] || { say "$1 absent"; return 1; }
	sum=$(sha256sum < "$f" | cut -d' ' -f1)
	sum1000=$(dd if="$f" bs=1000 2>/dev/null | sha256sum | cut -d' ' -f1)
	[ "$sum1000" = "$sum" ] || say "$1 reads of 1000 bytes give $sum1000"
	say "$1 mode $(stat -c %a "$f") i_size $(stat -c %s "$f") size $(wc -c < "$f") sha256 $sum"
}
[ -d $lidir ] || { say "no $lidir"; exit 1; }
show vmlinux || exit 1
# the init table's file goes before init memory is freed, before /init runs
[ -e $lidir/vmlinux.init ] && say "vmlinux.init still there" || say "vmlinux.init gone"

load_module lineinfo_test || exit 1
show lineinfo_test || exit 1

# a user other than root may not read the tables (mode 0400); busybox su
# needs the user in /etc/passwd, and root may switch without a password.
# First make sure nobody can run a shell and read a world-readable file.
mkdir -p /etc
echo 'nobody:x:65534:65534:nobody:/:/bin/sh' > /etc/passwd
echo 'nogroup:x:65534:' > /etc/group
if [ "$(su -s /bin/sh nobody -c 'cat /proc/version > /dev/null && id -u' 2>/dev/null)" = 65534 ]; then
	for n in vmlinux lineinfo_test; do
		if su -s /bin/sh nobody -c "cat $lidir/$n > /dev/null" 2>/dev/null; then
			say "$n readable by nobody"
		else
			say "$n not readable by nobody"
		fi
	done
else
	say "non-root check skipped: su cannot switch to nobody"
fi

rmmod lineinfo_test || { say "rmmod lineinfo_test failed"; exit 1; }
[ -e $lidir/lineinfo_test ] && say "lineinfo_test still there after rmmod" ||
	say "lineinfo_test gone after rmmod"

# a table the kernel refuses (other byte order) gets no file
if [ -f /modules/lineinfo_test_swab.ko ] && insmod /modules/lineinfo_test_swab.ko; then
	[ -e $lidir/lineinfo_test ] && say "refused table has a file" || say "refused table has no file"
	rmmod lineinfo_test || say "rmmod of the crafted module failed"
fi
true
