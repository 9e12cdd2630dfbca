/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the few kernel helpers that
 * kernel/kallsyms_lineinfo.c uses, so that host tests, fuzzers and
 * benchmarks build the decoder from the kernel source file itself.
 */
#ifndef LINEINFO_USER_H
#define LINEINFO_USER_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define U32_MAX		UINT32_MAX
#define EXPORT_SYMBOL_GPL(sym)
#define min(a, b)	((a) < (b) ? (a) : (b))
#define BIT_ULL(n)	(1ULL << (n))

static inline u64 get_unaligned_be64(const void *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return __builtin_bswap64(v);
}

static inline int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

#endif
