/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINEINFO_SHIM_LINUX_SYSFS_H
#define _LINEINFO_SHIM_LINUX_SYSFS_H
#include <stdio.h>
#define sysfs_emit(buf, ...)		sprintf(buf, __VA_ARGS__)
#define sysfs_emit_at(buf, at, ...)	sprintf((buf) + (at), __VA_ARGS__)
#endif
