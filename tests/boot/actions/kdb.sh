# Enter kdb over the serial console (tests/kdb/run.py types the commands
# and "go"); the write to sysrq-trigger returns when kdb lets go.
echo ttyS0 > /sys/module/kgdboc/parameters/kgdboc || { echo "HARNESS: no kgdboc"; exit 1; }
echo "HARNESS: entering kdb"
echo g > /proc/sysrq-trigger
echo "HARNESS: back from kdb"
echo > /sys/module/kgdboc/parameters/kgdboc
