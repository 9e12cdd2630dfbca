/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINEINFO_SHIM_ASM_SECTIONS_H
#define _LINEINFO_SHIM_ASM_SECTIONS_H

#include <linux/types.h>

/* Defined in tests/lib/kernel_stubs.c; no address is kernel text there. */
extern char _stext[], _etext[], _sinittext[], _einittext[];

static inline bool is_kernel_inittext(unsigned long addr)
{
	return addr >= (unsigned long)_sinittext &&
	       addr < (unsigned long)_einittext;
}

#endif
