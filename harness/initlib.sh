# /lib/harness.sh in the test initramfs: helpers for tests/boot/actions/*.sh (busybox sh).
DIRECT=/sys/kernel/debug/provoke-crash/DIRECT

# print /proc/modules and every module's section addresses (for check_frames.py)
print_modules() {
	grep -q . /proc/modules || return 0
	sed 's/^/HARNESS: procmod /' /proc/modules
	for d in /sys/module/*/sections; do
		[ -d "$d" ] || continue
		m=${d%/sections}; m=${m##*/}
		for s in "$d"/.* "$d"/*; do
			n=${s##*/}
			case $n in .|..|'*'|'.*') continue ;; esac
			[ -f "$s" ] && echo "HARNESS: modsect $m $n $(cat "$s")"
		done
	done
}

# load_module NAME [args]: insmod /modules/NAME.ko unless already loaded
load_module() {
	m=$1; shift
	grep -q "^$m " /proc/modules && return 0
	insmod "/modules/$m.ko" "$@" || { echo "HARNESS: insmod $m failed"; return 1; }
	print_modules > /dev/kmsg   # synchronously, before the module is used
}

# lkdtm_trigger TYPE: write TYPE to lkdtm's DIRECT file in a child process
# (crashing types kill only that child).
lkdtm_trigger() {
	load_module lkdtm || return 1
	sh -c "echo $1 > $DIRECT"
}

# tolog: copy stdin to the kernel log, one record per line (keeps the order
# with kernel messages on the console; needs printk_devkmsg=on)
tolog() {
	while IFS= read -r l; do
		echo "$l" > /dev/kmsg
	done
}
