/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compact address -> file:line tables for kernel backtraces.
 *
 * scripts/gen_lineinfo builds one blob per table from the DWARF line tables
 * (and, for inline chains and parameters, the DIEs) at link time (vmlinux)
 * or modfinal time (modules).  The same blob format and
 * the same decoder (lib/lineinfo/) serve both.  The format part of this
 * header is shared by the kernel and the host tool, so it only uses __u*
 * types.
 *
 * Byte order.  Every field of the structs below is stored in the byte order
 * of the target, which gen_lineinfo takes from the ELF header of its input,
 * as sorttable and objtool do; a blob of the other byte order is rejected
 * (its magic reads byte-swapped).  The entry bit stream is a sequence of
 * bytes, read most significant bit first, and is the same on every target.
 *
 * Layout.  A blob starts with struct lineinfo_header.  Every reference inside
 * the blob is a (offset, size) span relative to the blob start, so the blob
 * needs no relocations and can be validated by bounds checks alone.  The
 * header carries its own size: readers ignore fields they do not know, and
 * new sub-tables (inline chains, ...) are appended after the known ones.
 *
 * A blob describes one or more text ranges, at most LINEINFO_MAX_RANGES.
 * Each range is a section (".text", ".init.text", ...), named by a name that
 * no other executable section of the image carries, and addresses are
 * stored relative to the section start.  Relinking moves sections but never
 * changes the layout inside one, which is why vmlinux tables stay valid
 * across the kallsyms link passes even for .init.text, which sits behind the
 * growing .rodata.
 *
 * Entries.  A range is a sorted list of (offset, file, line) entries; entry
 * i covers [offset_i, offset_i+1).  File id 0 marks a gap: code without line
 * information (asm, padding), which must not inherit the previous line.
 * The entries are cut into blocks of 1 << block_shift entries.  Each block
 * starts from absolute values; inside a block every entry is coded as:
 *
 *	address delta - 1		Exp-Golomb, order k_addr
 *	file op: 0			same file
 *		 10			the previous file
 *		 1100, 1101		the third, fourth most recent file
 *		 111 + id		new file, Exp-Golomb order k_file
 *	line delta (unless file 0)	zig-zag, Exp-Golomb order k_line
 *
 * The decoder keeps the last LINEINFO_CACHE files with their last lines,
 * most recent first; an op moves its file to the front.  Inlined code
 * ping-pongs between headers and the .c file, so most file changes go back
 * to a recent file (on Debian's cloud vmlinux: 70% of entries keep their
 * file, 16% return to the previous one and 4% to the third or fourth), and
 * its line delta is then taken from the line that file had, not from the
 * line of the other file.  A new file's line is coded relative to the
 * current line.  A gap entry (file 0) codes no line.  The first entry of a
 * block codes its file id and line as plain Exp-Golomb numbers, with an
 * empty cache.  The bit stream is read MSB first.  The generator picks each
 * k to minimise the stream size of the range.
 *
 * Lookup.  The index gives each block's first offset and the bit position
 * of its first entry, in two levels: a struct lineinfo_group of absolute
 * values for every 1 << group_shift blocks, and a struct lineinfo_block of
 * 16-bit deltas from its group for each block.  Like ORC's lookup table, a
 * fast index maps each (1 << fast_shift)-byte slice of the range to the
 * last block starting at or before it, so a lookup does a short binary
 * search inside one slice and decodes at most one block: its cost is
 * bounded by log2(blocks in a slice) + (1 << block_shift) entry decodes.
 *
 * Sizes, measured on Debian's 6.12 cloud vmlinux (1.26 million entries,
 * bench/run.sh): 2.26 bytes per entry in all, against 3.85 for LEB128
 * deltas in blocks of 64.  The entry stream takes 1.98 bytes per entry;
 * the file cache saves 0.08 of that.  A flat index of two u32 per block
 * took 0.25 bytes per entry, the two-level index takes 0.14.  Fast index
 * slots hold u16 block numbers when a range has fewer than 65536 blocks,
 * 0.05 bytes per entry.  32-entry blocks are a compromise: 16-entry blocks
 * make lookups 30% faster and the table 17% larger.
 */
#ifndef _LINUX_KALLSYMS_LINEINFO_H
#define _LINUX_KALLSYMS_LINEINFO_H

#include <linux/types.h>

#define LINEINFO_MAGIC		0x464e494cU	/* "LINF" in little endian */
#define LINEINFO_MAGIC_SWAPPED	0x4c494e46U	/* the other byte order */
#define LINEINFO_VERSION	1

/* Limits of the format; the generator enforces them. */
#define LINEINFO_MAX_FILES	0x1000000	/* file ids, including 0 */
#define LINEINFO_MAX_LINE	0x1000000
#define LINEINFO_MAX_K		16		/* largest Exp-Golomb order */
#define LINEINFO_MAX_BLOCK_SHIFT 10
#define LINEINFO_MAX_GROUP_SHIFT 8
#define LINEINFO_MAX_EG_ZEROS	32		/* longest Exp-Golomb prefix */
#define LINEINFO_CACHE		4		/* recently used files */
#define LINEINFO_MAX_RANGES	16		/* text sections per blob */

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
 * @inlines: struct lineinfo_inlines, or empty: no inline chains.  Only in a
 *	header of at least LINEINFO_HDR_INLINES bytes.
 * @params: struct lineinfo_params, or empty: no parameter locations.  Only
 *	in a header of at least LINEINFO_HDR_PARAMS bytes, and only with
 *	@inlines.
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
	struct lineinfo_span inlines;
	struct lineinfo_span params;
};

/* The header without @inlines, as first written, with it, with @params */
#define LINEINFO_HDR_MIN	40
#define LINEINFO_HDR_INLINES	48
#define LINEINFO_HDR_PARAMS	56

/**
 * struct lineinfo_range - the table of one text section
 * @name: offset into the strings of the section name, e.g. ".text"
 * @text_size: bytes of text covered, from the section start
 * @nr_entries: number of entries
 * @nr_blocks: number of blocks; ceil(@nr_entries >> @block_shift)
 * @groups: array of struct lineinfo_group, one per 1 << @group_shift blocks
 * @blocks: array of struct lineinfo_block, one per block
 * @fast: array of (@text_size >> @fast_shift) + 2 block numbers, __u32 if
 *	  @fast_wide, else __u16
 * @bits: the entry bit stream, followed by at least 8 bytes of zero padding
 * @block_shift: log2 of the number of entries per block
 * @group_shift: log2 of the number of blocks per group
 * @fast_shift: log2 of the bytes of text per fast index slot
 * @fast_wide: fast index entries are __u32
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
	struct lineinfo_span groups;
	struct lineinfo_span blocks;
	struct lineinfo_span fast;
	struct lineinfo_span bits;
	__u8 block_shift;
	__u8 group_shift;
	__u8 fast_shift;
	__u8 fast_wide;
	__u8 k_addr;
	__u8 k_file;
	__u8 k_line;
	__u8 pad;
};

/**
 * struct lineinfo_group - absolute index values for a group of blocks
 * @offset: text offset of the first entry of the group's first block
 * @bit: bit position of that entry in the range's bit stream
 */
struct lineinfo_group {
	__u32 offset;
	__u32 bit;
};

/**
 * struct lineinfo_block - index entry of one block, relative to its group
 * @offset: text offset of the block's first entry, minus the group's
 * @bit: bit position of the block's first entry, minus the group's
 */
struct lineinfo_block {
	__u16 offset;
	__u16 bit;
};

/*
 * Inline chains.  For each range, the address ranges of the calls inlined
 * into its functions, each with the name of the inlined function and its
 * call site (file id and line).  An inlined call is a record of depth 1 if
 * it is inlined into the function itself, of depth d + 1 if into a record
 * of depth d, and lies inside that record.  Records are sorted by start,
 * a record before the ones inside it (preorder), so the records holding an
 * address are one per depth, 1 to n, and none starts after the address.
 *
 * The records are cut into blocks, each starting with a record of depth 1,
 * indexed by its offset and bit position in two levels, as the entries
 * are (struct lineinfo_group and struct lineinfo_block).  The
 * first record of a block has depth 1 and the block's offset.  Every
 * following record codes first
 *
 *	previous depth + 1 - depth	unary: that many 0s, then a 1
 *	offset - base			Exp-Golomb, order k_lo or k_child
 *
 * where base is the end of the last record of the same depth if the
 * previous record is that one or inside it (records of one depth never
 * overlap), with order k_lo, and else the start of the previous record,
 * which is then the parent, with order k_child (86% of first children start
 * where their parent starts).  A record of depth 1 then codes
 *
 *	length - 1			Exp-Golomb, order k_len
 *
 * and a deeper record
 *
 *	end: 1				it ends where its parent ends
 *	     0 + length - 1		Exp-Golomb, order k_len
 *
 * After its bounds, a record of depth 1 codes its call in full:
 *
 *	repeat: 1			the name and call site of the last
 *					record of depth 1 in the block
 *		0, then:
 *	name: 1 + 2 bits		one of the last LINEINFO_INL_NAMES
 *					names of depth 1 in the block, most
 *					recent first
 *	      0 + id			Exp-Golomb, order k_name
 *	call file: 1			the call file of the last record of
 *					depth 1 in the block
 *		   0 + id		Exp-Golomb, order k_file
 *	call line			zig-zag delta from the call line of the
 *					last record of depth 1, order k_line
 *
 * A record of depth 2 or more is a call inside the inlined function of its
 * parent (the last record one depth up), and an inlined function makes the
 * same few calls wherever it is inlined: on Debian's cloud vmlinux, 348,000
 * such records hold 54,000 distinct (caller, callee, call site) tuples.  So
 * each name id has a list of the calls made from inside that function, the
 * most used first, and such a record codes only its position in its
 * parent's list:
 *
 *	call index			Exp-Golomb, order k_call
 *
 * The lists are a bit stream of their own (@calls of struct
 * lineinfo_inlines), one list per name id in id order:
 *
 *	number of calls			Exp-Golomb, order 0
 *	the list's call file		Exp-Golomb, order k_call_file
 *	for each call:
 *	  name id			Exp-Golomb, order k_call_name
 *	  call file: 1			the list's call file
 *		     0 + id		Exp-Golomb, order k_call_file
 *	  call line			zig-zag delta from the line of the call
 *					before it (0 for the first), order
 *					k_call_line
 *
 * A list of no calls codes only its length.  @call_index holds the bit
 * position of every LINEINFO_CALL_GROUP-th list, so a call is found after
 * at most LINEINFO_CALL_GROUP - 1 skipped lists.
 *
 * Name ids count from 0, the most used first.  @name_index holds the
 * offset of every LINEINFO_NAME_GROUP-th name, so a name is found with at
 * most LINEINFO_NAME_GROUP - 1 string skips.  Names are stored with
 * tokens, as kallsyms stores symbol names: a byte 0x80 + i stands for the
 * string @token_index[i] points at in @tokens, and any other byte for
 * itself.  Names of C functions are plain ASCII, which leaves 128 tokens
 * for the most frequent byte pairs; on Debian's cloud vmlinux they take the
 * 35,000 names from 708 KB to 437 KB.
 */
#define LINEINFO_NAME_GROUP	16
#define LINEINFO_CALL_GROUP	8
#define LINEINFO_INL_NAMES	4	/* recent names of depth 1 */
#define LINEINFO_INL_NAMES_BITS	2
#define LINEINFO_TOKEN		0x80	/* the first token byte */
#define LINEINFO_MAX_TOKENS	128
#define LINEINFO_MAX_DEPTH	16	/* deepest record kept */
#define LINEINFO_MAX_INL_BLOCK	4096	/* most records in a block */

/**
 * struct lineinfo_inlines - the inline chains of a blob
 * @nr_names: number of names
 * @nr_call_bits: length of the @calls stream in bits
 * @names: NUL-terminated names of inlined functions, by id, with tokens
 * @name_index: __u32 offset into @names of every LINEINFO_NAME_GROUP-th name
 * @tokens: NUL-terminated strings the tokens stand for
 * @token_index: __u16 offset into @tokens of each token, at most
 *	LINEINFO_MAX_TOKENS
 * @ranges: struct lineinfo_inline_range, one per range of the blob
 * @calls: the lists of calls made inside each inlined function, followed
 *	by 8 bytes of padding
 * @call_index: __u32 bit position in @calls of every
 *	LINEINFO_CALL_GROUP-th list
 * @k_call_name: order of the name ids in @calls
 * @k_call_file: order of the call file ids in @calls
 * @k_call_line: order of the call line deltas in @calls
 * @pad: zero
 */
struct lineinfo_inlines {
	__u32 nr_names;
	__u32 nr_call_bits;
	struct lineinfo_span names;
	struct lineinfo_span name_index;
	struct lineinfo_span ranges;
	struct lineinfo_span calls;
	struct lineinfo_span call_index;
	struct lineinfo_span tokens;
	struct lineinfo_span token_index;
	__u8 k_call_name;
	__u8 k_call_file;
	__u8 k_call_line;
	__u8 pad[5];
};

/**
 * struct lineinfo_inline_range - the inline records of one range
 * @nr_blocks: number of blocks
 * @nr_bits: length of the record stream in bits
 * @groups: struct lineinfo_group, one per 1 << @group_shift blocks
 * @blocks: struct lineinfo_block, one per block
 * @bits: the record stream, followed by 8 bytes of padding
 * @group_shift: log2 of the number of blocks per group
 * @k_lo: order of the offsets after a sibling
 * @k_len: order of the lengths
 * @k_name: order of the name ids of records of depth 1
 * @k_file: order of their call file ids
 * @k_line: order of their call line deltas
 * @k_call: order of the call indexes of deeper records
 * @k_child: order of the offsets of first children
 */
struct lineinfo_inline_range {
	__u32 nr_blocks;
	__u32 nr_bits;
	struct lineinfo_span groups;
	struct lineinfo_span blocks;
	struct lineinfo_span bits;
	__u8 group_shift;
	__u8 k_lo;
	__u8 k_len;
	__u8 k_name;
	__u8 k_file;
	__u8 k_line;
	__u8 k_call;
	__u8 k_child;
};

/*
 * Parameter locations.  Where DWARF proves that a parameter of a function,
 * or of a call inlined into it, is in a register, the blob says which:
 * for the scopes (a function, an inlined call) holding an address, each
 * parameter's name, type and, if one covers the address, the register.
 * Only a location that is exactly one general register (DW_OP_reg0 to
 * DW_OP_reg15, or DW_OP_regx of those) makes a piece; entry values,
 * register pieces, memory and computed values make none, and neither does
 * an address outside every piece.  The parameters are a scope's own, from
 * its DIE, so a clone (.isra, .constprop, .part) lists what it really has.
 *
 * Names.  Parameter names and type spellings are names of the inline
 * sub-table, which stores and tokenizes them with the inlined functions'.
 *
 * Signatures.  A signature is the list of a scope's parameters, each a
 * name id and a type id:
 *
 *	number of parameters		Exp-Golomb, order 0
 *	for each: name id		Exp-Golomb, order k_arg_name
 *		  type id		Exp-Golomb, order k_arg_type
 *
 * Signature i < nr_names is the one most records of inlined function i
 * have (empty if none has parameters); the others follow.  @sig_index
 * holds the bit position of every LINEINFO_SIG_GROUP-th signature.
 *
 * Pieces.  A scope [lo, hi) codes its pieces, sorted by parameter and
 * start, cut to the scope, as a group:
 *
 *	number of pieces		Exp-Golomb, order 0
 *	(inlined call, with pieces) signature:
 *		1			the one of its name id
 *		0 + id			Exp-Golomb, order k_sig
 *	for each piece:
 *	  parameter - previous one	Exp-Golomb, order k_pidx (from 0)
 *	  start - base			Exp-Golomb, order k_pstart; base is the
 *					end of the previous piece of the same
 *					parameter, else lo
 *	  end: 1			it ends at hi
 *	       0 + length - 1		Exp-Golomb, order k_plen
 *	  register			4 bits, the DWARF register number
 *
 * Each range has one bit stream.  First the functions that have
 * parameters, sorted and not overlapping, in blocks of LINEINFO_FUNC_BLOCK
 * indexed by (offset, bit) in @funcs:
 *
 *	start - end of the previous	Exp-Golomb, order k_fstart (not for the
 *					first of a block: the index has it)
 *	length - 1			Exp-Golomb, order k_flen
 *	signature			Exp-Golomb, order k_sig
 *	the group of its pieces
 *
 * then the group of every inline record, in the order of the inline
 * stream; @iblocks holds the bit position of the first group of each
 * inline block.  So a lookup finds the function as it finds line entries,
 * and the inlined calls' groups by the records the inline lookup decodes.
 *
 * Sizes, on Debian's cloud vmlinux: see Documentation/admin-guide/
 * kallsyms-lineinfo.rst.
 */
#define LINEINFO_SIG_GROUP	8
#define LINEINFO_FUNC_BLOCK	16
#define LINEINFO_MAX_PARAMS	64	/* parameters of a scope, at most */
#define LINEINFO_NR_REGS	16	/* DWARF general registers */

/**
 * struct lineinfo_params - the parameter locations of a blob
 * @nr_sigs: number of signatures, at least the inline sub-table's nr_names
 * @nr_sig_bits: length of the @sigs stream in bits
 * @sigs: the signatures, followed by 8 bytes of padding
 * @sig_index: __u32 bit position in @sigs of every LINEINFO_SIG_GROUP-th
 * @ranges: struct lineinfo_param_range, one per range of the blob
 * @k_arg_name: order of parameter name ids
 * @k_arg_type: order of parameter type ids
 * @pad: zero
 */
struct lineinfo_params {
	__u32 nr_sigs;
	__u32 nr_sig_bits;
	struct lineinfo_span sigs;
	struct lineinfo_span sig_index;
	struct lineinfo_span ranges;
	__u8 k_arg_name;
	__u8 k_arg_type;
	__u8 pad[6];
};

/**
 * struct lineinfo_param_range - the parameter pieces of one range
 * @nr_funcs: functions with parameters
 * @nr_bits: length of @bits in bits
 * @funcs: struct lineinfo_group, absolute offset and bit of every
 *	LINEINFO_FUNC_BLOCK-th function
 * @iblocks: __u32 bit position of each inline block's first group; as
 *	many as the range has inline blocks
 * @bits: the stream, followed by 8 bytes of padding
 * @k_fstart: order of function starts
 * @k_flen: order of function lengths
 * @k_sig: order of signature ids
 * @k_pidx: order of parameter deltas
 * @k_pstart: order of piece starts
 * @k_plen: order of piece lengths
 * @pad: zero
 */
struct lineinfo_param_range {
	__u32 nr_funcs;
	__u32 nr_bits;
	struct lineinfo_span funcs;
	struct lineinfo_span iblocks;
	struct lineinfo_span bits;
	__u8 k_fstart;
	__u8 k_flen;
	__u8 k_sig;
	__u8 k_pidx;
	__u8 k_pstart;
	__u8 k_plen;
	__u8 pad[2];
};

/*
 * The decoder's interface (lib/lineinfo/): the kernel's, and that of the
 * userspace programs that build the decoder against tools/include with
 * -DLINEINFO_DECODER.  The format above is all that scripts/gen_lineinfo
 * needs.
 */
#if defined(__KERNEL__) || defined(LINEINFO_DECODER)

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

/**
 * struct lineinfo_call - one inlined call of a chain
 * @blob: the blob it was found in
 * @file: the file of the call, or NULL if unknown
 * @name: the inlined function, a name id of @blob: see lineinfo_call_name()
 * @line: the line of the call
 */
struct lineinfo_call {
	const void *blob;
	const char *file;
	unsigned int name;
	unsigned int line;
};

int lineinfo_call_name(const struct lineinfo_call *call, char *buf, size_t size);
int lineinfo_name(const void *blob, unsigned int id, char *buf, size_t size);

/* Parameters of a scope reported, at most */
#define LINEINFO_MAX_ARGS	16

/**
 * struct lineinfo_args - the parameters of one scope at an address
 * @blob: the blob they were found in
 * @depth: 0 for the function, d for the inlined call of depth d
 * @name: for an inlined call, the name id of the inlined function
 * @nr_args: number of parameters of the scope; the first LINEINFO_MAX_ARGS
 *	are reported
 * @arg_name: name id of each parameter, see lineinfo_name()
 * @arg_type: name id of the C spelling of its type
 * @reg: DWARF register number that holds it exactly at the address, or -1:
 *	unknown here
 * @file: the place in the scope: the call of the inlined call inside it,
 *	or NULL where that is unknown and for the innermost scope, whose
 *	place is the address itself
 * @line: the line of that call
 */
struct lineinfo_args {
	const void *blob;
	const char *file;
	unsigned int line;
	unsigned int depth;
	unsigned int name;
	unsigned int nr_args;
	unsigned int arg_name[LINEINFO_MAX_ARGS];
	unsigned int arg_type[LINEINFO_MAX_ARGS];
	__s8 reg[LINEINFO_MAX_ARGS];
};

/* Called for each scope, see lineinfo_blob_args() */
typedef void (*lineinfo_args_fn)(void *ctx, const struct lineinfo_args *args);

unsigned int lineinfo_blob_args(const void *blob, unsigned int range,
				unsigned long offset, lineinfo_args_fn fn, void *ctx);

/* Called for each inlined call, see kallsyms_lineinfo_walk_inline() */
typedef void (*lineinfo_inline_fn)(void *ctx, const char *name,
				   const struct lineinfo_loc *loc);

unsigned int lineinfo_blob_inline(const void *blob, unsigned int range,
				  unsigned long offset, struct lineinfo_call *calls,
				  unsigned int max);

#endif /* __KERNEL__ || LINEINFO_DECODER */

#ifdef __KERNEL__
/*
 * A buffer for the " (file:line)" of one address: room for nearly every
 * path of the tree; lineinfo_format() shortens the rest from the left.
 */
#define KSYM_LINEINFO_LEN	(IS_ENABLED(CONFIG_KALLSYMS_LINEINFO) ? 128 : 1)

#ifdef CONFIG_KALLSYMS_LINEINFO
/* The vmlinux blobs, from scripts/link-vmlinux.sh; empty in the first pass */
extern const u8 kallsyms_lineinfo[], kallsyms_lineinfo_end[];
extern const u8 kallsyms_lineinfo_init[], kallsyms_lineinfo_init_end[];

/* Inlined calls printed before a frame, at most */
#define LINEINFO_PRINT_INLINE	8

bool kallsyms_lineinfo_enabled(void);
bool kallsyms_lineinfo_lookup(unsigned long addr, struct lineinfo_loc *loc);
int kallsyms_lineinfo_sprint(char *buf, size_t size, unsigned long addr);
int kallsyms_lineinfo_frame(char *buf, size_t size, unsigned long addr,
			    const char *log_lvl, const char *prefix);
unsigned int kallsyms_lineinfo_inline(unsigned long addr, struct lineinfo_call *calls,
				      unsigned int max);
unsigned int kallsyms_lineinfo_walk_inline(unsigned long addr, lineinfo_inline_fn fn,
					   void *ctx);
void kallsyms_lineinfo_free_init(void);
bool module_lineinfo_place(unsigned long addr, const void **blob, unsigned int *range,
			   unsigned long *offset);
struct module;
const void *module_lineinfo_blob(const struct module *mod, size_t *size);

/*
 * Mode of the files in /sys/kernel/lineinfo: root only.  The tables hold
 * offsets from section starts, no addresses, but those give the layout of
 * the kernel's text, which /proc/kallsyms shows only to the privileged.
 */
#define KALLSYMS_LINEINFO_SYSFS_MODE	0400

struct kobject;
#if defined(CONFIG_KALLSYMS_LINEINFO_MODULES) && defined(CONFIG_SYSFS)
int module_lineinfo_sysfs_init(struct kobject *dir);
#else
static inline int module_lineinfo_sysfs_init(struct kobject *dir)
{
	return 0;
}
#endif
#else
static inline bool kallsyms_lineinfo_enabled(void)
{
	return false;
}

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

static inline int kallsyms_lineinfo_frame(char *buf, size_t size,
					  unsigned long addr,
					  const char *log_lvl,
					  const char *prefix)
{
	if (size)
		buf[0] = '\0';
	return 0;
}

static inline void kallsyms_lineinfo_free_init(void) { }
#endif /* CONFIG_KALLSYMS_LINEINFO */

struct pt_regs;
#ifdef CONFIG_KALLSYMS_PARAMINFO
void kallsyms_lineinfo_show_args(struct pt_regs *regs, const char *log_lvl);

/**
 * arch_lineinfo_reg - read a general register by its DWARF number
 * @regs: the registers of a kernel-mode exception
 * @dwarf_reg: the register's number in the architecture's DWARF
 *	register mapping, as the parameter table stores it
 * @val: set to the register's value in @regs
 *
 * Provided by an architecture that selects HAVE_KALLSYMS_PARAMINFO.
 * Runs in the oops path: no locks, nothing read beyond @regs.
 *
 * Return: the register's name as the architecture's register dump spells
 * it, or NULL (and @val unset) if @dwarf_reg is not a general register.
 */
const char *arch_lineinfo_reg(struct pt_regs *regs, unsigned int dwarf_reg,
			      unsigned long *val);
#else
static inline void kallsyms_lineinfo_show_args(struct pt_regs *regs,
					       const char *log_lvl)
{
}
#endif
#endif /* __KERNEL__ */
#endif /* _LINUX_KALLSYMS_LINEINFO_H */
