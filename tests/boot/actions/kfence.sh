# A KFENCE use-after-free report from the external module lineinfo_test
# (tests/modules/lineinfo_test): access, allocation and free stacks, each
# through the module.  KFENCE hands out an object every sample_interval ms.
load_module lineinfo_test || exit 1
si=/sys/module/kfence/parameters/sample_interval
old=$(cat $si)
echo 1 > $si
echo 1 > /sys/kernel/debug/lineinfo_test/kfence_uaf
echo "HARNESS: kfence_uaf rc=$?"
echo "$old" > $si
print_modules
rmmod lineinfo_test || { echo "HARNESS: rmmod lineinfo_test failed"; exit 1; }
echo "HARNESS: lineinfo_test unloaded"
