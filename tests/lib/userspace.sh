# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Source it: the flags and extra source that build kernel/kallsyms_lineinfo.c
# unchanged in userspace (see tests/lib/include/README), and the flags that
# build scripts/gen_lineinfo.c as Kbuild does.
_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_REPO=$(cd "$_LIB/../.." && pwd)
DECODER_CFLAGS="-D__KERNEL__ -DCONFIG_KALLSYMS_LINEINFO=1 -I$_LIB/include -I$_REPO/overlay/include"
DECODER_SRCS="$_REPO/overlay/kernel/kallsyms_lineinfo.c $_LIB/kernel_stubs.c"
# gen_lineinfo includes <linux/kallsyms_lineinfo.h> as Kbuild builds it: after the system
# headers, whose <linux/types.h> gives the __u* types
GEN_CFLAGS_INC="-idirafter $_REPO/overlay/include"
GEN_SRC="$_REPO/overlay/scripts/gen_lineinfo.c"
unset _LIB _REPO
