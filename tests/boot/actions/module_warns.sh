# External module lineinfo_test (tests/modules/lineinfo_test): WARN from its
# init function, from normal module text (parameter write and debugfs write)
# from its exit function, and with known arguments (warn_args).
load_module lineinfo_test warn_init=1 warn_exit=1 || exit 1
echo 1 > /sys/module/lineinfo_test/parameters/trigger
echo 1 > /sys/kernel/debug/lineinfo_test/warn
echo 1 > /sys/kernel/debug/lineinfo_test/warn_inline
echo 1 > /sys/kernel/debug/lineinfo_test/warn_args
echo "HARNESS: lineinfo_test WARNs: $(cat /sys/module/lineinfo_test/parameters/trigger)"
# module sections are printed while it is loaded (check_frames needs .exit.text too)
print_modules
rmmod lineinfo_test || { echo "HARNESS: rmmod lineinfo_test failed"; exit 1; }
echo "HARNESS: lineinfo_test unloaded"
