/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINEINFO_SHIM_LINUX_PRINTK_H
#define _LINEINFO_SHIM_LINUX_PRINTK_H
#include <stdio.h>
#define pr_warn(fmt, ...)	fprintf(stderr, pr_fmt(fmt), ##__VA_ARGS__)
#define printk(fmt, ...)	printf(fmt, ##__VA_ARGS__)
#endif
