/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct kallsyms_locator: where kallsyms's tables are in a vmlinux file,
 * for offline readers (tools/lineinfo).  Shared by the kernel and tools,
 * so it uses only the __u* types.
 */
#ifndef _LINUX_KALLSYMS_LOCATOR_H
#define _LINUX_KALLSYMS_LOCATOR_H

#include <linux/types.h>

/*
 * Where kallsyms's tables are, for a reader of the image file that has no
 * symbol table: the vmlinux inside a bzImage, which objcopy -S stripped.
 * kernel/kallsyms.c leaves one in .rodata; tools/lineinfo finds it by
 * @magic and reads the symbols as kallsyms_expand_symbol() does, so that
 * a distribution's vmlinuz is enough to decode a trace offline, without
 * System.map.  All addresses are link addresses.  A change to the way
 * kallsyms stores its tables changes @version.
 */
#define KALLSYMS_LOCATOR_MAGIC		0x31434f4c4d59534bULL	/* "KSYMLOC1" */
#define KALLSYMS_LOCATOR_VERSION	1
#define KALLSYMS_LOCATOR_ABSOLUTE_PERCPU 1	/* CONFIG_KALLSYMS_ABSOLUTE_PERCPU */

/**
 * struct kallsyms_locator - where the kallsyms tables of an image are
 * @magic: %KALLSYMS_LOCATOR_MAGIC
 * @version: %KALLSYMS_LOCATOR_VERSION
 * @flags: %KALLSYMS_LOCATOR_ABSOLUTE_PERCPU if the offsets are read so
 * @num_syms: address of kallsyms_num_syms
 * @names: address of kallsyms_names
 * @offsets: address of kallsyms_offsets
 * @relative_base: address of kallsyms_relative_base
 * @token_table: address of kallsyms_token_table
 * @token_index: address of kallsyms_token_index
 * @stext: _stext, the start of the .text table's range
 * @etext: _etext
 * @sinittext: _sinittext, the start of the .init.text table's range
 * @einittext: _einittext
 */
struct kallsyms_locator {
	__u64 magic;
	__u32 version;
	__u32 flags;
	__u64 num_syms;
	__u64 names;
	__u64 offsets;
	__u64 relative_base;
	__u64 token_table;
	__u64 token_index;
	__u64 stext;
	__u64 etext;
	__u64 sinittext;
	__u64 einittext;
};

#endif /* _LINUX_KALLSYMS_LOCATOR_H */
