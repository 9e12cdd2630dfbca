# The series' KUnit suites (lineinfo, lineinfo_init) as a module: built with
# CONFIG_LINEINFO_KUNIT_TEST=m, they check the module's own .mod_lineinfo.
# KTAP goes to the kernel log; checked by tests/boot/check_tap.py kunit.
# init_text_addr: a vmlinux __init function, whose table was freed after
# boot; the lineinfo_freed_init_text case checks it gets no annotation.
addr=$(grep -m1 ' start_kernel$' /proc/kallsyms | cut -d' ' -f1)
load_module lineinfo_kunit ${addr:+init_text_addr=0x$addr} || exit 1
grep -q '^lineinfo_kunit ' /proc/modules && rmmod lineinfo_kunit
true
