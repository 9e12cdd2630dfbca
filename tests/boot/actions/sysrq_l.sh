# SysRq-l: NMI backtrace of all CPUs (needs SMP=y and -smp 2). Idle CPUs are
# skipped by the kernel, so keep them busy in kernel mode (reading /dev/zero).
dd if=/dev/zero of=/dev/null bs=1M 2>/dev/null & b1=$!
dd if=/dev/zero of=/dev/null bs=1M 2>/dev/null & b2=$!
sleep 1
echo l > /proc/sysrq-trigger
sleep 1
kill $b1 $b2
wait $b1 $b2 2>/dev/null
true
