# SysRq-t: show the state + stack of every task (dump of many frames).
echo t > /proc/sysrq-trigger
sleep 1
