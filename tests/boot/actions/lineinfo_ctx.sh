# External module lineinfo_ctx (tests/modules/lineinfo_ctx): stack_trace_save()
# + stack_trace_print() + stack_trace_snprint() from its init function and from
# a debugfs write, both preemptible process context (for the debug kernel of
# tests/debug/run.sh: lockdep and atomic-sleep checks on the annotation path).
load_module lineinfo_ctx || exit 1
echo 1 > /sys/kernel/debug/lineinfo_ctx/trace || { echo "HARNESS: lineinfo_ctx trace write failed"; exit 1; }
print_modules
rmmod lineinfo_ctx || { echo "HARNESS: rmmod lineinfo_ctx failed"; exit 1; }
echo "HARNESS: lineinfo_ctx unloaded"
