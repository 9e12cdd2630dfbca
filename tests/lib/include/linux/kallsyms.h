/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINEINFO_SHIM_LINUX_KALLSYMS_H
#define _LINEINFO_SHIM_LINUX_KALLSYMS_H

#define KSYM_NAME_LEN	512

#endif
