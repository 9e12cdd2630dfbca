/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINEINFO_SHIM_LINUX_TYPES_H
#define _LINEINFO_SHIM_LINUX_TYPES_H
/* Keep the system's <linux/types.h> out: this one takes its place. */
#define _LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8, __u8;
typedef uint16_t u16, __u16;
typedef uint32_t u32, __u32;
typedef uint64_t u64, __u64;
typedef int8_t s8, __s8;
typedef int32_t s32, __s32;
typedef int64_t s64, __s64;

#endif
