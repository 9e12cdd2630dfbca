/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compact address -> file:line tables for kernel backtraces.
 *
 * scripts/gen_lineinfo builds one blob per table from DWARF .debug_line at
 * link time (vmlinux) or modfinal time (modules).  The same blob format and
 * the same decoder (kernel/kallsyms_lineinfo.c) serve both.  This header is
 * shared by the kernel and the host tool, so it only uses __u* types.
 *
 * Layout.  A blob starts with struct lineinfo_header.  Every reference inside
 * the blob is a (offset, size) span relative to the blob start, so the blob
 * needs no relocations and can be validated by bounds checks alone.  The
 * header carries its own size: readers ignore fields they do not know, and
 * new sub-tables (inline chains, ...) are appended after the known ones.
 *
 * A blob describes one or more text ranges.  Each range is a section
 * (".text", ".init.text", ...) and addresses are stored relative to the
 * section start.  Relinking moves sections but never changes the layout
 * inside one, which is why vmlinux tables stay valid across the kallsyms
 * link passes even for .init.text, which sits behind the growing .rodata.
 *
 * Entries.  A range is a sorted list of (offset, file, line) entries; entry
 * i covers [offset_i, offset_i+1).  File id 0 marks a gap: code without line
 * information (asm, padding), which must not inherit the previous line.
 * The entries are cut into blocks of 1 << block_shift entries.  Each block
 * starts from absolute values; inside a block every entry is coded as:
 *
 *	address delta - 1		Exp-Golomb, order k_addr
 *	file op: 0			same file
 *		 10			swap with the previous (file, line)
 *		 11 + id		new file, Exp-Golomb order k_file;
 *					the current (file, line) becomes previous
 *	line delta (unless file 0)	zig-zag, Exp-Golomb order k_line
 *
 * The first entry of a block codes its file id and line as plain
 * Exp-Golomb numbers.  The bit stream is read MSB first.  The "swap" op
 * exists because inlined code ping-pongs between a header and the .c file:
 * returning to the caller's file then costs two bits plus a small delta.
 * A gap entry (file 0) codes no line, so the line after a gap is coded
 * relative to the line before it.  The generator picks each k to minimise
 * the stream size of the range.
 *
 * Lookup.  A struct lineinfo_block per block holds its first offset and the
 * bit position of its first entry.  Like ORC's lookup table, a fast index
 * maps each (1 << fast_shift)-byte slice of the range to the first block
 * that can cover it, so a lookup does a short binary search inside one
 * slice and decodes at most one block: its cost is bounded by
 * log2(blocks in a slice) + (1 << block_shift) entry decodes.
 */
#ifndef _LINUX_KALLSYMS_LINEINFO_H
#define _LINUX_KALLSYMS_LINEINFO_H

#include <linux/types.h>

#define LINEINFO_MAGIC		0x464e494cU	/* "LINF" in little endian */
#define LINEINFO_VERSION	1

/* Limits of the format; the generator enforces them. */
#define LINEINFO_MAX_FILES	0x1000000	/* file ids, including 0 */
#define LINEINFO_MAX_LINE	0x1000000
#define LINEINFO_MAX_K		16		/* largest Exp-Golomb order */
#define LINEINFO_MAX_BLOCK_SHIFT 10
#define LINEINFO_MAX_EG_ZEROS	32		/* longest Exp-Golomb prefix */

/**
 * struct lineinfo_span - a sub-table inside a blob
 * @off: offset from the start of the blob, in bytes
 * @size: size in bytes
 */
struct lineinfo_span {
	__u32 off;
	__u32 size;
};

/**
 * struct lineinfo_header - start of every lineinfo blob
 * @magic: %LINEINFO_MAGIC
 * @version: %LINEINFO_VERSION
 * @hdr_size: size of the header as written; at least the size of this struct
 * @blob_size: size of the whole blob, in bytes
 * @nr_files: number of file ids, including the gap id 0
 * @ranges: array of struct lineinfo_range
 * @files: array of __u32 offsets into @strings, one per file id (id 0 unused)
 * @strings: NUL-terminated file and section names
 */
struct lineinfo_header {
	__u32 magic;
	__u16 version;
	__u16 hdr_size;
	__u32 blob_size;
	__u32 nr_files;
	struct lineinfo_span ranges;
	struct lineinfo_span files;
	struct lineinfo_span strings;
};

/**
 * struct lineinfo_range - the table of one text section
 * @name: offset into the strings of the section name, e.g. ".text"
 * @text_size: bytes of text covered, from the section start
 * @nr_entries: number of entries
 * @nr_blocks: number of blocks; ceil(@nr_entries >> @block_shift)
 * @blocks: array of struct lineinfo_block
 * @fast: array of __u32 block numbers, (@text_size >> @fast_shift) + 2 long
 * @bits: the entry bit stream, followed by at least 8 bytes of zero padding
 * @block_shift: log2 of the number of entries per block
 * @fast_shift: log2 of the bytes of text per fast index slot
 * @k_addr: Exp-Golomb order of address deltas
 * @k_file: Exp-Golomb order of file ids
 * @k_line: Exp-Golomb order of zig-zag line deltas and of first lines
 * @pad: zero
 */
struct lineinfo_range {
	__u32 name;
	__u32 text_size;
	__u32 nr_entries;
	__u32 nr_blocks;
	struct lineinfo_span blocks;
	struct lineinfo_span fast;
	struct lineinfo_span bits;
	__u8 block_shift;
	__u8 fast_shift;
	__u8 k_addr;
	__u8 k_file;
	__u8 k_line;
	__u8 pad[3];
};

/**
 * struct lineinfo_block - index entry of one block
 * @offset: text offset of the block's first entry
 * @bit: bit position of the block's first entry in the range's bit stream
 */
struct lineinfo_block {
	__u32 offset;
	__u32 bit;
};

#if defined(__KERNEL__) || defined(LINEINFO_USERSPACE)

/**
 * struct lineinfo_loc - result of a lookup
 * @file: path relative to the source tree, NUL-terminated, inside the blob
 * @line: line number
 */
struct lineinfo_loc {
	const char *file;
	unsigned int line;
};

int lineinfo_blob_check(const void *blob, unsigned long size, bool full);
int lineinfo_blob_range(const void *blob, const char *name);
const char *lineinfo_blob_range_name(const void *blob, unsigned int range,
				     __u32 *text_size);
bool lineinfo_blob_find(const void *blob, unsigned int range,
			unsigned long offset, struct lineinfo_loc *loc);
int lineinfo_format(char *buf, size_t size, const struct lineinfo_loc *loc);
#endif

#ifdef __KERNEL__
#ifdef CONFIG_KALLSYMS_LINEINFO
/* The vmlinux blobs, from scripts/link-vmlinux.sh; empty in the first pass */
extern const u8 kallsyms_lineinfo[], kallsyms_lineinfo_end[];
extern const u8 kallsyms_lineinfo_init[], kallsyms_lineinfo_init_end[];

bool kallsyms_lineinfo_lookup(unsigned long addr, struct lineinfo_loc *loc);
int kallsyms_lineinfo_sprint(char *buf, size_t size, unsigned long addr);
void kallsyms_lineinfo_free_init(void);
bool module_lineinfo_lookup(unsigned long addr, struct lineinfo_loc *loc);
#else
static inline bool kallsyms_lineinfo_lookup(unsigned long addr,
					    struct lineinfo_loc *loc)
{
	return false;
}

static inline int kallsyms_lineinfo_sprint(char *buf, size_t size,
					   unsigned long addr)
{
	return 0;
}

static inline void kallsyms_lineinfo_free_init(void) { }
#endif /* CONFIG_KALLSYMS_LINEINFO */
#endif /* __KERNEL__ */
#endif /* _LINUX_KALLSYMS_LINEINFO_H */
