/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINEINFO_SHIM_LINUX_INIT_H
#define _LINEINFO_SHIM_LINUX_INIT_H
#define __init
/* Nothing runs initcalls here; keep the function referenced. */
#define core_initcall(fn) \
	int (*const __initcall_##fn)(void) __attribute__((unused)) = fn
#endif
