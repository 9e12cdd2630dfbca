/* SPDX-License-Identifier: GPL-2.0 */
/* kernel/kallsyms_lineinfo.c needs nothing from it in userspace. */
