# Enter kdb over the serial console (tests/kdb/run.py types the commands
# and "go"); the write to sysrq-trigger returns when kdb lets go.
# kgdboc on the serial console: ttyS0 on x86, ttyAMA0 on arm64
con=$(sed -n 's/.*console=\([^ ,]*\).*/\1/p' /proc/cmdline)
echo "${con:-ttyS0}" > /sys/module/kgdboc/parameters/kgdboc || { echo "HARNESS: no kgdboc"; exit 1; }
echo "HARNESS: entering kdb"
echo g > /proc/sysrq-trigger
echo "HARNESS: back from kdb"
echo > /sys/module/kgdboc/parameters/kgdboc
