// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel's linker script and module code provide to
 * kernel/kallsyms_lineinfo.c, for its userspace builds: empty vmlinux
 * tables and empty text sections, so that only the blob functions, which
 * take their blob as an argument, find anything.
 */
#include <linux/kallsyms_lineinfo.h>

__asm__(".section .rodata\n"
	".globl kallsyms_lineinfo, kallsyms_lineinfo_end\n"
	".globl kallsyms_lineinfo_init, kallsyms_lineinfo_init_end\n"
	".globl _stext, _etext, _sinittext, _einittext\n"
	".balign 8\n"
	"kallsyms_lineinfo:\nkallsyms_lineinfo_end:\n"
	"kallsyms_lineinfo_init:\nkallsyms_lineinfo_init_end:\n"
	"_stext:\n_etext:\n_sinittext:\n_einittext:\n"
	".previous\n");

bool module_lineinfo_place(unsigned long addr, const void **blob, unsigned int *range,
			   unsigned long *offset)
{
	return false;
}
