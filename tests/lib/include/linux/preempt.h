/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINEINFO_SHIM_LINUX_PREEMPT_H
#define _LINEINFO_SHIM_LINUX_PREEMPT_H
#define preempt_disable_notrace()	do { } while (0)
#define preempt_enable_notrace()	do { } while (0)
#define preempt_disable()		do { } while (0)
#define preempt_enable()		do { } while (0)
#endif
