/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINEINFO_SHIM_LINUX_KERNEL_H
#define _LINEINFO_SHIM_LINUX_KERNEL_H

#include <errno.h>
#include <stdio.h>
#include <linux/types.h>

#define U32_MAX		UINT32_MAX
#define BIT_ULL(n)	(1ULL << (n))
#define min(a, b)	((a) < (b) ? (a) : (b))
/* round up, for a power-of-two @d, without overflowing near the type max */
#define DIV_ROUND_UP_POW2(n, d)	((n) / (d) + !!((n) & ((d) - 1)))
#define noinline	__attribute__((__noinline__))

/* Plain accesses: the userspace builds are single-threaded. */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

/*
 * IS_ENABLED(CONFIG_FOO) is 1 if the build defines CONFIG_FOO to 1, else 0,
 * also for options that are not defined at all: "1" pastes into a macro that
 * adds an argument, which moves the 1 into the selected position.
 */
#define __lineinfo_opt_1			0,
#define __lineinfo_second(ignored, val, ...)	val
#define __lineinfo_sel(junk_or_0)		__lineinfo_second(junk_or_0 1, 0, 0)
#define __lineinfo_paste(val)			__lineinfo_sel(__lineinfo_opt_##val)
#define IS_ENABLED(option)			__lineinfo_paste(option)

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

#endif
