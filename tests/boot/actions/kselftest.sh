# The series' kselftests (tools/testing/selftests/lineinfo), installed into
# /kselftest by harness/build-selftests.sh, run by kselftest's own runner.
# Checked by tests/boot/check_tap.py kselftest.
[ -x /kselftest/run_kselftest.sh ] || { echo "HARNESS: no /kselftest/run_kselftest.sh in the initramfs"; exit 1; }
# no modprobe database in the initramfs: load lkdtm for warning_trace.sh
load_module lkdtm || exit 1
cd /kselftest && ./run_kselftest.sh
