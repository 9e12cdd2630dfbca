# /proc/<pid>/stack of a sleeping task and of ourselves.
sleep 100 &
pid=$!
sleep 1
echo "HARNESS: /proc/$pid/stack (sleep):"
cat /proc/$pid/stack
kill $pid
echo "HARNESS: /proc/self/stack:"
cat /proc/self/stack
