// SPDX-License-Identifier: GPL-2.0
/*
 * Decoder for the file:line tables that scripts/gen_lineinfo embeds in
 * vmlinux and in modules.  The format is described in
 * include/linux/kallsyms_lineinfo.h.
 *
 * Everything here runs from backtrace printing, so it may run in NMI, panic
 * and early boot context: no locks, no allocations, and every loop is
 * bounded by the size of a block or by a binary search.  A malformed table
 * makes a lookup fail; it never makes it read outside the blob.
 *
 * The blob functions take their blob as an argument and touch no other
 * kernel state, so this file also builds unchanged in userspace against
 * header stand-ins, the way tools/include serves objtool, for host tests,
 * fuzzing and benchmarks of this very code.
 */

#define pr_fmt(fmt) "kallsyms_lineinfo: " fmt

#include <kunit/visibility.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kallsyms_lineinfo.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/unaligned.h>
#include <asm/sections.h>

/* A bit reader over one range's stream; @end is the last readable bit. */
struct lineinfo_bits {
	const u8 *p;
	u32 pos;
	u32 end;
};

/*
 * Decoder state of one block: the current location, and the locations of
 * the files used before it, most recent first (see the format description).
 */
struct lineinfo_state {
	u32 offset;
	u32 file;
	u32 line;
	u32 cfile[LINEINFO_CACHE - 1];
	u32 cline[LINEINFO_CACHE - 1];
};

static inline const struct lineinfo_header *lineinfo_hdr(const void *blob)
{
	return blob;
}

static inline const void *lineinfo_at(const void *blob, u32 off)
{
	return (const u8 *)blob + off;
}

/*
 * The stream is followed by 8 bytes of padding, so an unaligned 64-bit
 * load at any position up to @end stays inside the span.
 */
static inline u64 lineinfo_peek(const struct lineinfo_bits *b)
{
	return get_unaligned_be64(b->p + (b->pos >> 3)) << (b->pos & 7);
}

/*
 * Read an Exp-Golomb number of order @k: z zeros, then z + k + 1 bits.
 * Short codes, by far the most common, come out of a single 64-bit load.
 */
static bool lineinfo_eg(struct lineinfo_bits *b, unsigned int k, u32 *val)
{
	unsigned int zeros, n;
	u64 w, v;

	if (b->pos >= b->end)
		return false;
	w = lineinfo_peek(b);
	if (!w)
		return false;
	zeros = 64 - fls64(w);
	if (zeros > LINEINFO_MAX_EG_ZEROS)
		return false;
	n = zeros + k + 1;
	if (b->end - b->pos < zeros + n)
		return false;
	if (zeros + n <= 57) {
		/* the peek holds at least 57 valid bits */
		v = (w << zeros) >> (64 - n);
	} else {
		b->pos += zeros;
		v = lineinfo_peek(b) >> (64 - n);
		b->pos -= zeros;
	}
	b->pos += zeros + n;
	v -= 1ULL << k;
	if (v > U32_MAX)
		return false;
	*val = v;
	return true;
}

/* Decode the first entry of a block. */
static bool lineinfo_first(struct lineinfo_bits *b,
			   const struct lineinfo_range *r,
			   struct lineinfo_state *s, u32 offset)
{
	memset(s, 0, sizeof(*s));
	s->offset = offset;
	if (!lineinfo_eg(b, r->k_file, &s->file))
		return false;
	return !s->file || lineinfo_eg(b, r->k_line, &s->line);
}

/* The fields of one entry after the first of a block. */
struct lineinfo_fields {
	u32 delta;		/* address delta - 1 */
	unsigned int op;	/* cache position, or LINEINFO_CACHE: new file */
	u32 file;		/* the file id, for a new file */
	u32 line;		/* zig-zag line delta, if the file is not 0 */
};

/* File op codes: 0, 10, 1100, 1101 (cache position 0-3), 111 (new file). */
static inline unsigned int lineinfo_op(u64 w, unsigned int *bits)
{
	if (!(w >> 63)) {
		*bits = 1;
		return 0;
	}
	if (!(w & BIT_ULL(62))) {
		*bits = 2;
		return 1;
	}
	if (!(w & BIT_ULL(61))) {
		*bits = 4;
		return 2 + !!(w & BIT_ULL(60));
	}
	*bits = 3;
	return LINEINFO_CACHE;
}

/* The file an op leaves current. */
static inline u32 lineinfo_op_file(const struct lineinfo_state *s,
				   const struct lineinfo_fields *f)
{
	if (!f->op)
		return s->file;
	return f->op < LINEINFO_CACHE ? s->cfile[f->op - 1] : f->file;
}

/*
 * Take an Exp-Golomb number of order @k from a 64-bit window of which the
 * first *@used bits are consumed and 57 are valid.  Fails, without harm,
 * if the code does not fit the window.
 */
static inline bool lineinfo_win_eg(u64 w, unsigned int k, unsigned int *used,
				   u32 *val)
{
	unsigned int zeros, n;
	u64 v;

	w <<= *used;
	if (!w)
		return false;
	zeros = 64 - fls64(w);
	n = zeros + k + 1;
	if (*used + zeros + n > 57 || zeros > LINEINFO_MAX_EG_ZEROS)
		return false;
	v = ((w << zeros) >> (64 - n)) - (1ULL << k);
	/* as in lineinfo_eg(): the same bits must decode the same way */
	if (v > U32_MAX)
		return false;
	*val = v;
	*used += zeros + n;
	return true;
}

/*
 * The common case: all fields of an entry, about 16 bits on average, come
 * out of one 64-bit load.  Returns false, having consumed nothing, if they
 * do not fit or the stream ends; lineinfo_read_slow() then decides.
 */
static inline bool lineinfo_read_fast(struct lineinfo_bits *b,
				      const struct lineinfo_range *r,
				      const struct lineinfo_state *s,
				      struct lineinfo_fields *f)
{
	unsigned int used = 0, bits;
	u64 w;

	if (b->end - b->pos < 64)
		return false;
	w = lineinfo_peek(b);
	if (!lineinfo_win_eg(w, r->k_addr, &used, &f->delta) || used + 4 > 57)
		return false;
	f->op = lineinfo_op(w << used, &bits);
	used += bits;
	if (f->op == LINEINFO_CACHE &&
	    !lineinfo_win_eg(w, r->k_file, &used, &f->file))
		return false;
	if (lineinfo_op_file(s, f) &&
	    !lineinfo_win_eg(w, r->k_line, &used, &f->line))
		return false;
	b->pos += used;
	return true;
}

/* Any entry, a field at a time, with every read bounds checked. */
static bool lineinfo_read_slow(struct lineinfo_bits *b,
			       const struct lineinfo_range *r,
			       const struct lineinfo_state *s,
			       struct lineinfo_fields *f)
{
	unsigned int bits;

	if (!lineinfo_eg(b, r->k_addr, &f->delta) || b->pos >= b->end)
		return false;
	f->op = lineinfo_op(lineinfo_peek(b), &bits);
	if (b->end - b->pos < bits)
		return false;
	b->pos += bits;
	if (f->op == LINEINFO_CACHE && !lineinfo_eg(b, r->k_file, &f->file))
		return false;
	return !lineinfo_op_file(s, f) || lineinfo_eg(b, r->k_line, &f->line);
}

/* Decode the entry after @s, updating @s in place. */
static bool lineinfo_next(struct lineinfo_bits *b,
			  const struct lineinfo_range *r,
			  struct lineinfo_state *s)
{
	struct lineinfo_fields f;
	unsigned int i;
	u32 file, line;

	if (!lineinfo_read_fast(b, r, s, &f) && !lineinfo_read_slow(b, r, s, &f))
		return false;
	if (f.delta >= U32_MAX - s->offset)
		return false;
	s->offset += f.delta + 1;

	if (f.op) {
		/* move cache entry op, or a new file, to the front */
		file = lineinfo_op_file(s, &f);
		line = f.op < LINEINFO_CACHE ? s->cline[f.op - 1] : s->line;
		for (i = min(f.op, LINEINFO_CACHE - 1U) - 1; i > 0; i--) {
			s->cfile[i] = s->cfile[i - 1];
			s->cline[i] = s->cline[i - 1];
		}
		s->cfile[0] = s->file;
		s->cline[0] = s->line;
		s->file = file;
		s->line = line;
	}
	/* zig-zag: 0, -1, 1, -2, 2, ... */
	if (s->file)
		s->line += (f.line & 1) ? -(f.line >> 1) - 1 : f.line >> 1;
	return true;
}

static bool lineinfo_span_ok(const struct lineinfo_span *s, u32 blob_size,
			     u32 align)
{
	return s->off <= blob_size && s->size <= blob_size - s->off &&
	       !(s->off & (align - 1));
}

static const struct lineinfo_range *lineinfo_ranges(const void *blob)
{
	return lineinfo_at(blob, lineinfo_hdr(blob)->ranges.off);
}

static u32 lineinfo_nr_ranges(const void *blob)
{
	return lineinfo_hdr(blob)->ranges.size / sizeof(struct lineinfo_range);
}

static inline u32 lineinfo_block_offset(const void *blob,
					const struct lineinfo_range *r, u32 i)
{
	const struct lineinfo_group *g = lineinfo_at(blob, r->groups.off);
	const struct lineinfo_block *blk = lineinfo_at(blob, r->blocks.off);

	return g[i >> r->group_shift].offset + blk[i].offset;
}

/* Where block @i starts: its first offset and its bit position. */
static inline void lineinfo_block_start(const void *blob,
					const struct lineinfo_range *r, u32 i,
					u32 *offset, u32 *bit)
{
	const struct lineinfo_group *g = lineinfo_at(blob, r->groups.off);
	const struct lineinfo_block *blk = lineinfo_at(blob, r->blocks.off);

	*offset = lineinfo_block_offset(blob, r, i);
	*bit = g[i >> r->group_shift].bit + blk[i].bit;
}

/* The fast index entry of @slot: the last block starting at or before it. */
static inline u32 lineinfo_fast(const void *blob, const struct lineinfo_range *r,
				u32 slot)
{
	const void *fast = lineinfo_at(blob, r->fast.off);

	return r->fast_wide ? ((const u32 *)fast)[slot] : ((const u16 *)fast)[slot];
}

static bool lineinfo_range_ok(const struct lineinfo_header *h,
			      const struct lineinfo_range *r)
{
	u64 slots, groups;

	if (r->name >= h->strings.size || r->block_shift > LINEINFO_MAX_BLOCK_SHIFT ||
	    r->fast_shift > 31 || r->k_addr > LINEINFO_MAX_K ||
	    r->k_file > LINEINFO_MAX_K || r->k_line > LINEINFO_MAX_K)
		return false;
	if (r->nr_blocks != ((u64)r->nr_entries + (1U << r->block_shift) - 1) >>
			    r->block_shift)
		return false;
	if (r->group_shift > LINEINFO_MAX_GROUP_SHIFT || r->fast_wide > 1)
		return false;
	groups = ((u64)r->nr_blocks + (1U << r->group_shift) - 1) >> r->group_shift;
	if (!lineinfo_span_ok(&r->groups, h->blob_size, 4) ||
	    r->groups.size != groups * sizeof(struct lineinfo_group) ||
	    !lineinfo_span_ok(&r->blocks, h->blob_size, 2) ||
	    r->blocks.size != (u64)r->nr_blocks * sizeof(struct lineinfo_block))
		return false;
	slots = ((u64)r->text_size >> r->fast_shift) + 2;
	if (!lineinfo_span_ok(&r->fast, h->blob_size, r->fast_wide ? 4 : 2) ||
	    r->fast.size != slots * (r->fast_wide ? 4 : 2))
		return false;
	/* The stream is padded by 8 bytes; its bit count must fit a u32. */
	return lineinfo_span_ok(&r->bits, h->blob_size, 1) &&
	       r->bits.size >= 8 && r->bits.size - 8 <= U32_MAX / 8;
}

/* Check every entry of every block: the slow part of a full check. */
static bool lineinfo_range_entries_ok(const void *blob,
				      const struct lineinfo_range *r)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);
	struct lineinfo_bits b = {
		.p = lineinfo_at(blob, r->bits.off),
		.end = (r->bits.size - 8) * 8,
	};
	struct lineinfo_state s;
	u32 i, n, offset, bit, left = r->nr_entries;
	u32 slots = r->fast.size / (r->fast_wide ? 4 : 2);

	for (i = 0; i < r->nr_blocks; i++) {
		n = min(left, 1U << r->block_shift);
		left -= n;
		lineinfo_block_start(blob, r, i, &offset, &bit);
		if (offset >= r->text_size || bit != b.pos ||
		    (i && offset <= s.offset))
			return false;
		if (!lineinfo_first(&b, r, &s, offset))
			return false;
		while (true) {
			if (s.file >= h->nr_files || s.line > LINEINFO_MAX_LINE ||
			    s.offset >= r->text_size)
				return false;
			if (!--n)
				break;
			if (!lineinfo_next(&b, r, &s))
				return false;
		}
	}

	/* fast[i] is the last block starting at or before slot i. */
	for (i = 0; i < slots; i++) {
		u64 start = (u64)i << r->fast_shift;
		u32 f = lineinfo_fast(blob, r, i);

		if (!r->nr_blocks) {
			if (f)
				return false;
			continue;
		}
		if (f >= r->nr_blocks)
			return false;
		if (f && lineinfo_block_offset(blob, r, f) > start)
			return false;
		if (f + 1 < r->nr_blocks &&
		    lineinfo_block_offset(blob, r, f + 1) <= start)
			return false;
	}
	return true;
}

/**
 * lineinfo_blob_check - validate a lineinfo blob
 * @blob: the blob, at least 4-byte aligned
 * @size: bytes available at @blob
 * @full: also decode every entry and check the lookup index
 *
 * The quick check makes lookups memory safe: every span is inside the blob.
 * The full check, which is linear in the table size, also guarantees that
 * lookups only return entries the generator wrote, with valid file ids.
 * Use it for tables that come from outside the kernel image, i.e. modules.
 *
 * Return: 0 if the blob is usable, -ENOENT if it is empty, -ENOEXEC if it
 * was written for a target of the other byte order, -EINVAL if it is
 * malformed.
 */
int lineinfo_blob_check(const void *blob, unsigned long size, bool full)
{
	const struct lineinfo_header *h = blob;
	const struct lineinfo_range *r;
	const char *strings;
	const u32 *files;
	u32 i;

	if (!size)
		return -ENOENT;
	if (size < sizeof(*h) || ((unsigned long)blob & 3))
		return -EINVAL;
	if (h->magic == LINEINFO_MAGIC_SWAPPED)
		return -ENOEXEC;
	if (h->magic != LINEINFO_MAGIC || h->version != LINEINFO_VERSION ||
	    h->hdr_size < sizeof(*h) || h->blob_size > size ||
	    h->hdr_size > h->blob_size)
		return -EINVAL;
	if (!lineinfo_span_ok(&h->ranges, h->blob_size, 4) ||
	    h->ranges.size % sizeof(*r) ||
	    h->ranges.size / sizeof(*r) > LINEINFO_MAX_RANGES ||
	    !lineinfo_span_ok(&h->files, h->blob_size, 4) ||
	    !lineinfo_span_ok(&h->strings, h->blob_size, 1))
		return -EINVAL;
	if (!h->nr_files || h->nr_files > LINEINFO_MAX_FILES ||
	    h->files.size != h->nr_files * sizeof(u32))
		return -EINVAL;
	strings = lineinfo_at(blob, h->strings.off);
	if (!h->strings.size || strings[h->strings.size - 1])
		return -EINVAL;

	r = lineinfo_ranges(blob);
	for (i = 0; i < lineinfo_nr_ranges(blob); i++) {
		if (!lineinfo_range_ok(h, &r[i]))
			return -EINVAL;
		if (full && !lineinfo_range_entries_ok(blob, &r[i]))
			return -EINVAL;
	}

	if (full) {
		files = lineinfo_at(blob, h->files.off);
		for (i = 1; i < h->nr_files; i++)
			if (files[i] >= h->strings.size)
				return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_blob_check);

/**
 * lineinfo_blob_range - find a range by section name
 * @blob: a blob that passed lineinfo_blob_check()
 * @name: section name, e.g. ".text"
 *
 * Return: the range index, or -ENOENT.
 */
int lineinfo_blob_range(const void *blob, const char *name)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);
	const struct lineinfo_range *r = lineinfo_ranges(blob);
	const char *strings = lineinfo_at(blob, h->strings.off);
	u32 i;

	for (i = 0; i < lineinfo_nr_ranges(blob); i++)
		if (!strcmp(strings + r[i].name, name))
			return i;
	return -ENOENT;
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_blob_range);

/**
 * lineinfo_blob_range_name - name and size of a range
 * @blob: a blob that passed lineinfo_blob_check()
 * @range: range index
 * @text_size: set to the bytes of text the range covers
 *
 * Return: the section name of the range, or NULL if there is no such range.
 */
const char *lineinfo_blob_range_name(const void *blob, unsigned int range,
				     u32 *text_size)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);
	const struct lineinfo_range *r = lineinfo_ranges(blob);

	if (range >= lineinfo_nr_ranges(blob))
		return NULL;
	*text_size = r[range].text_size;
	return (const char *)lineinfo_at(blob, h->strings.off) + r[range].name;
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_blob_range_name);

/**
 * lineinfo_blob_find - look up the file and line of a text offset
 * @blob: a blob that passed lineinfo_blob_check()
 * @range: range index, from lineinfo_blob_range()
 * @offset: offset of the address from the start of the range's section
 * @loc: the result
 *
 * Safe in any context: no locks, no allocations, bounded time.
 *
 * Return: true if @offset has line information.
 */
bool lineinfo_blob_find(const void *blob, unsigned int range,
			unsigned long offset, struct lineinfo_loc *loc)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);
	const struct lineinfo_range *r;
	struct lineinfo_state s, next;
	struct lineinfo_bits b;
	u32 lo, hi, mid, n, start;
	const u32 *files;

	if (range >= lineinfo_nr_ranges(blob))
		return false;
	r = &lineinfo_ranges(blob)[range];
	if (offset >= r->text_size || !r->nr_blocks)
		return false;

	/* The fast index narrows the search to the blocks of one slot. */
	lo = lineinfo_fast(blob, r, offset >> r->fast_shift);
	hi = lineinfo_fast(blob, r, (offset >> r->fast_shift) + 1);
	if (hi >= r->nr_blocks || lo > hi)
		return false;
	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (lineinfo_block_offset(blob, r, mid) <= offset)
			lo = mid;
		else
			hi = mid - 1;
	}
	lineinfo_block_start(blob, r, lo, &start, &b.pos);
	if (start > offset)
		return false;

	b.p = lineinfo_at(blob, r->bits.off);
	b.end = (r->bits.size - 8) * 8;
	n = min(r->nr_entries - (lo << r->block_shift), 1U << r->block_shift);
	if (!lineinfo_first(&b, r, &s, start))
		return false;
	while (--n) {
		next = s;
		if (!lineinfo_next(&b, r, &next) || next.offset > offset)
			break;
		s = next;
	}

	/* a garbled stream of a quick-checked blob must not print nonsense */
	if (!s.file || s.file >= h->nr_files || s.line > LINEINFO_MAX_LINE)
		return false;
	files = lineinfo_at(blob, h->files.off);
	if (files[s.file] >= h->strings.size)
		return false;
	loc->file = (const char *)lineinfo_at(blob, h->strings.off) + files[s.file];
	loc->line = s.line;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_blob_find);

/**
 * lineinfo_format - print " (file:line)" into a buffer
 * @buf: destination
 * @size: bytes available at @buf, including the terminating NUL
 * @loc: the location
 *
 * A path that does not fit is shortened from the left and starts with
 * "...", so the file name and line survive.  Nothing is written if not even
 * that fits.
 *
 * Return: the number of characters written, excluding the NUL.
 */
int lineinfo_format(char *buf, size_t size, const struct lineinfo_loc *loc)
{
	char num[16];
	size_t len, nlen, room;
	const char *file = loc->file;
	const char *dots = "";

	nlen = snprintf(num, sizeof(num), "%u", loc->line);
	len = strlen(file);
	/* " (" + file + ":" + num + ")" + NUL */
	if (size < nlen + 5 + 4)
		return 0;
	room = size - nlen - 5;
	if (len > room) {
		dots = "...";
		file += len - (room - 3);
	}
	return snprintf(buf, size, " (%s%s:%s)", dots, file, num);
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_format);

/* A vmlinux blob, with its range index (or -errno) cached on first use. */
struct lineinfo_table {
	const u8 *start;
	const u8 *end;
	const char *section;
	int range;
	bool checked;
};

static struct lineinfo_table lineinfo_text = {
	.start = kallsyms_lineinfo,
	.end = kallsyms_lineinfo_end,
	.section = ".text",
};

static struct lineinfo_table lineinfo_inittext = {
	.start = kallsyms_lineinfo_init,
	.end = kallsyms_lineinfo_init_end,
	.section = ".init.text",
};

/* Cleared, and waited for, before init memory is freed. */
static bool lineinfo_init_live = true;

/*
 * The runtime switch: kallsyms_lineinfo.enable=0 on the command line, or
 * /sys/module/kallsyms_lineinfo/parameters/enable at run time.  Every
 * annotation reads it once, with READ_ONCE(), before it looks anything up,
 * so a backtrace printed from NMI while someone writes the switch gets
 * either a whole annotation or none.  Off, nothing is appended at all: the
 * output is byte for byte that of a kernel without CONFIG_KALLSYMS_LINEINFO.
 */
static bool lineinfo_enable = true;
module_param_named(enable, lineinfo_enable, bool, 0644);
MODULE_PARM_DESC(enable, "append (file:line) to backtrace frames (default: on)");

/*
 * Check a vmlinux blob on first use.  The check is cheap and racing callers
 * compute the same result, so no lock is needed.
 */
static int lineinfo_table_range(struct lineinfo_table *t)
{
	int range;

	if (READ_ONCE(t->checked))
		return READ_ONCE(t->range);
	range = lineinfo_blob_check(t->start, t->end - t->start, false);
	if (!range)
		range = lineinfo_blob_range(t->start, t->section);
	WRITE_ONCE(t->range, range);
	WRITE_ONCE(t->checked, true);
	return range;
}

static bool lineinfo_table_find(struct lineinfo_table *t, unsigned long offset,
				struct lineinfo_loc *loc)
{
	int range = lineinfo_table_range(t);

	return range >= 0 && lineinfo_blob_find(t->start, range, offset, loc);
}

/**
 * kallsyms_lineinfo_lookup - source location of a vmlinux text address
 * @addr: the address; for a return address pass the address of the call,
 *	  e.g. the return address minus one, as sprint_backtrace() does
 * @loc: the result; @loc->file points into the kernel image
 *
 * Covers core kernel text and, until init memory is freed, init text.  For
 * init text, @loc->file points into init memory: use it before init memory
 * can be freed, or use kallsyms_lineinfo_sprint() instead.
 * Safe in NMI, panic and early boot context.
 *
 * Return: true if @addr has line information.
 */
bool kallsyms_lineinfo_lookup(unsigned long addr, struct lineinfo_loc *loc)
{
	if (addr >= (unsigned long)_stext && addr < (unsigned long)_etext)
		return lineinfo_table_find(&lineinfo_text,
					   addr - (unsigned long)_stext, loc);
	if (is_kernel_inittext(addr) && READ_ONCE(lineinfo_init_live))
		return lineinfo_table_find(&lineinfo_inittext,
					   addr - (unsigned long)_sinittext, loc);
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_lookup);

/**
 * kallsyms_lineinfo_sprint - append " (file:line)" for a text address
 * @buf: destination
 * @size: bytes available at @buf
 * @addr: the address, as for kallsyms_lineinfo_lookup()
 *
 * Covers vmlinux and, with CONFIG_KALLSYMS_LINEINFO_MODULES, modules.
 * Preemption stays disabled from the lookup to the copy of the file name.
 * That keeps a module from being freed under us, as for kallsyms, and
 * kallsyms_lineinfo_free_init() clears lineinfo_init_live and waits for a
 * grace period before init memory goes away, so the init blob stays mapped
 * meanwhile too.
 *
 * Return: the number of characters written; 0 without line information, or
 * when annotations are switched off.
 */
int kallsyms_lineinfo_sprint(char *buf, size_t size, unsigned long addr)
{
	struct lineinfo_loc loc;
	int len = 0;

	if (!READ_ONCE(lineinfo_enable))
		return 0;
	preempt_disable_notrace();
	if (kallsyms_lineinfo_lookup(addr, &loc) ||
	    (IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES) &&
	     module_lineinfo_lookup(addr, &loc)))
		len = lineinfo_format(buf, size, &loc);
	preempt_enable_notrace();
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_sprint);

/**
 * kallsyms_lineinfo_free_init - stop using the init text table
 *
 * Called before free_initmem(): after it returns, no lookup reads the init
 * blob any more, which lives in init memory.
 */
void kallsyms_lineinfo_free_init(void)
{
	WRITE_ONCE(lineinfo_init_live, false);
	synchronize_rcu();
}

/*
 * Say once, at boot, why a vmlinux table is unusable: lookups then fail
 * silently, and a trace without locations would leave the reader guessing.
 */
static void __init lineinfo_table_report(struct lineinfo_table *t)
{
	int range = lineinfo_table_range(t);

	if (range == -ENOEXEC)
		pr_warn("%s table has the wrong byte order, no file:line in backtraces\n",
			t->section);
	else if (range < 0 && range != -ENOENT)
		pr_warn("%s table is malformed (%d), no file:line in backtraces\n",
			t->section, range);
}

/* Bytes of a vmlinux table, 0 if it is absent or unusable. */
static unsigned long lineinfo_table_size(struct lineinfo_table *t)
{
	return lineinfo_table_range(t) >= 0 ? t->end - t->start : 0;
}

/*
 * /sys/module/kallsyms_lineinfo/parameters/tables: which tables this kernel
 * has, for tools and tests that must know whether to expect annotations.
 * One "name value" line each: the bytes of the usable .text and .init.text
 * tables (0 if absent or unusable; "freed" once init memory is gone), and
 * whether modules can carry tables.
 */
static int lineinfo_tables_get(char *buf, const struct kernel_param *kp)
{
	int len;

	len = sysfs_emit(buf, ".text %lu\n", lineinfo_table_size(&lineinfo_text));
	/* as in kallsyms_lineinfo_sprint(): init memory stays until we are done */
	preempt_disable();
	if (READ_ONCE(lineinfo_init_live))
		len += sysfs_emit_at(buf, len, ".init.text %lu\n",
				     lineinfo_table_size(&lineinfo_inittext));
	else
		len += sysfs_emit_at(buf, len, ".init.text freed\n");
	preempt_enable();
	len += sysfs_emit_at(buf, len, "modules %c\n",
			     IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES) ? 'y' : 'n');
	return len;
}

static const struct kernel_param_ops lineinfo_tables_ops = {
	.get = lineinfo_tables_get,
};
module_param_cb(tables, &lineinfo_tables_ops, NULL, 0444);
MODULE_PARM_DESC(tables, "line tables of this kernel and their sizes in bytes");

static int __init kallsyms_lineinfo_check_tables(void)
{
	lineinfo_table_report(&lineinfo_text);
	lineinfo_table_report(&lineinfo_inittext);
	return 0;
}
core_initcall(kallsyms_lineinfo_check_tables);
