# lineinfo_test's WARN with known arguments, for tests/boot/gdb_args.py: it
# says where the module's .text is, waits while gdb, on QEMU's gdbstub,
# puts a breakpoint on the WARN, then triggers it.
load_module lineinfo_test || exit 1
echo "HARNESS: gdb_args .text $(cat /sys/module/lineinfo_test/sections/.text)"
sleep "${GDB_ARGS_WAIT:-25}"
echo 1 > /sys/kernel/debug/lineinfo_test/warn_args
echo "HARNESS: gdb_args triggered"
