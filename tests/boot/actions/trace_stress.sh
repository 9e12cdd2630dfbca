# Annotated traces printed while modules come and go: for N
# (kernel parameter stress_secs=N, which reaches /init's environment;
# default 25) seconds one loop loads and unloads lineinfo_ctx (which prints
# saved traces from its init and from a debugfs write), lineinfo_test and
# lkdtm, while other loops read /proc/*/stack and trigger SysRq-l, and
# SysRq-t runs twice.  Every trace that touches a module being unloaded
# must still be safe (debug kernel of tests/debug/run.sh).
secs=${stress_secs:-25}
end=$(( $(cut -d. -f1 /proc/uptime) + secs ))
alive() { [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ]; }
mods=""
for m in lineinfo_ctx lineinfo_test lkdtm; do
	[ -f /modules/$m.ko ] && mods="$mods $m"
done
echo "HARNESS: trace_stress: ${secs}s, modules:$mods"
(
	n=0
	while alive; do
		for m in $mods; do
			insmod /modules/$m.ko 2>/dev/null && n=$((n + 1))
			[ -w /sys/kernel/debug/lineinfo_ctx/trace ] && echo 1 > /sys/kernel/debug/lineinfo_ctx/trace 2>/dev/null
			rmmod $m 2>/dev/null
		done
	done
	echo "HARNESS: trace_stress: $n module loads"
) & p1=$!
(
	n=0
	while alive; do
		cat /proc/[0-9]*/stack > /dev/null 2>&1
		n=$((n + 1))
	done
	echo "HARNESS: trace_stress: $n /proc/*/stack sweeps"
) & p2=$!
(
	n=0
	while alive; do
		echo l > /proc/sysrq-trigger
		n=$((n + 1))
		sleep 1
	done
	echo "HARNESS: trace_stress: $n SysRq-l"
) & p3=$!
(
	# a module's debugfs write from a second task, racing with its rmmod
	while alive; do
		echo 1 > /sys/kernel/debug/lineinfo_ctx/trace 2>/dev/null
		cat /proc/modules > /dev/null
	done
) & p4=$!
sleep $((secs / 3))
echo t > /proc/sysrq-trigger
sleep $((secs / 3))
echo t > /proc/sysrq-trigger
wait $p1 $p2 $p3 $p4
for m in $mods; do rmmod $m 2>/dev/null; done
echo "HARNESS: trace_stress done"
true
