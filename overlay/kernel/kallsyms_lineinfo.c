// SPDX-License-Identifier: GPL-2.0
/*
 * Source locations of code addresses: file:line, the chain of inlined
 * calls and the registers of parameters, from the tables that
 * scripts/gen_lineinfo embeds in vmlinux and in modules.  The format is
 * described in include/linux/kallsyms_lineinfo.h.
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
#ifdef CONFIG_DEBUG_FS
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#endif
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kallsyms_lineinfo.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <asm/sections.h>
#ifdef CONFIG_KALLSYMS_PARAMINFO
#include <asm/ptrace.h>
#endif

/* A bit reader over one stream; @end is one past the last readable bit. */
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

/* Zig-zag decoding: 0, 1, 2, 3, 4 ... stand for 0, -1, 1, -2, 2 ... */
static inline s64 lineinfo_unzigzag(u64 v)
{
	return (v & 1) ? -(s64)(v >> 1) - 1 : (s64)(v >> 1);
}

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
static inline u64 lineinfo_bits_peek(const struct lineinfo_bits *b)
{
	return get_unaligned_be64(b->p + (b->pos >> 3)) << (b->pos & 7);
}

/*
 * The leading zeros at the read position and the 64 bits peeked there;
 * false at the end of the stream or with no one bit in sight.
 */
static inline bool lineinfo_bits_zeros(const struct lineinfo_bits *b, u64 *w,
				       unsigned int *zeros)
{
	if (b->pos >= b->end)
		return false;
	*w = lineinfo_bits_peek(b);
	if (!*w)
		return false;
	*zeros = 64 - fls64(*w);
	return true;
}

/*
 * Read an Exp-Golomb number of order @k: z zeros, then z + k + 1 bits.
 * Short codes, by far the most common, come out of a single 64-bit load.
 */
static bool lineinfo_bits_eg(struct lineinfo_bits *b, unsigned int k, u32 *val)
{
	unsigned int zeros, n;
	u64 w, v;

	if (!lineinfo_bits_zeros(b, &w, &zeros) || zeros > LINEINFO_MAX_EG_ZEROS)
		return false;
	n = zeros + k + 1;
	if (b->end - b->pos < zeros + n)
		return false;
	if (zeros + n <= 57) {
		/* the peek holds at least 57 valid bits */
		v = (w << zeros) >> (64 - n);
	} else {
		b->pos += zeros;
		v = lineinfo_bits_peek(b) >> (64 - n);
		b->pos -= zeros;
	}
	b->pos += zeros + n;
	v -= 1ULL << k;
	if (v > U32_MAX)
		return false;
	*val = v;
	return true;
}

/* Read a unary number: @val zeros, then a one, all before the end. */
static bool lineinfo_bits_unary(struct lineinfo_bits *b, u32 *val)
{
	unsigned int zeros;
	u64 w;

	if (!lineinfo_bits_zeros(b, &w, &zeros) || b->end - b->pos < zeros + 1)
		return false;
	b->pos += zeros + 1;
	*val = zeros;
	return true;
}

/* Decode the first entry of a block. */
static bool lineinfo_entry_first(struct lineinfo_bits *b,
				 const struct lineinfo_range *r,
				 struct lineinfo_state *s, u32 offset)
{
	memset(s, 0, sizeof(*s));
	s->offset = offset;
	if (!lineinfo_bits_eg(b, r->k_file, &s->file))
		return false;
	return !s->file || lineinfo_bits_eg(b, r->k_line, &s->line);
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
	/* as in lineinfo_bits_eg(): the same bits must decode the same way */
	if (v > U32_MAX)
		return false;
	*val = v;
	*used += zeros + n;
	return true;
}

/*
 * The common case: all fields of an entry, about 16 bits on average, come
 * out of one 64-bit load.  Returns false, having consumed nothing, if they
 * do not fit or the stream ends; lineinfo_entry_slow() then decides.
 */
static inline bool lineinfo_entry_fast(struct lineinfo_bits *b,
				       const struct lineinfo_range *r,
				       const struct lineinfo_state *s,
				       struct lineinfo_fields *f)
{
	unsigned int used = 0, bits;
	u64 w;

	if (b->end - b->pos < 64)
		return false;
	w = lineinfo_bits_peek(b);
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
static bool lineinfo_entry_slow(struct lineinfo_bits *b,
				const struct lineinfo_range *r,
				const struct lineinfo_state *s,
				struct lineinfo_fields *f)
{
	unsigned int bits;

	if (!lineinfo_bits_eg(b, r->k_addr, &f->delta) || b->pos >= b->end)
		return false;
	f->op = lineinfo_op(lineinfo_bits_peek(b), &bits);
	if (b->end - b->pos < bits)
		return false;
	b->pos += bits;
	if (f->op == LINEINFO_CACHE && !lineinfo_bits_eg(b, r->k_file, &f->file))
		return false;
	return !lineinfo_op_file(s, f) || lineinfo_bits_eg(b, r->k_line, &f->line);
}

/* Decode the entry after @s, updating @s in place. */
static bool lineinfo_entry_next(struct lineinfo_bits *b,
				const struct lineinfo_range *r,
				struct lineinfo_state *s)
{
	struct lineinfo_fields f;
	unsigned int i;
	u32 file, line;

	if (!lineinfo_entry_fast(b, r, s, &f) && !lineinfo_entry_slow(b, r, s, &f))
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
		s->line += lineinfo_unzigzag(f.line);
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

/*
 * Where block @i of a two-level index starts: its first offset (returned)
 * and its bit position (in @bit).  A struct lineinfo_group at @groups
 * every 1 << @group_shift blocks, plus a struct lineinfo_block delta at
 * @blocks per block; the line ranges and the inline ranges share it.
 */
static inline u32 lineinfo_index(const void *blob, u32 groups, u32 blocks,
				 unsigned int group_shift, u32 i, u32 *bit)
{
	const struct lineinfo_group *g = lineinfo_at(blob, groups);
	const struct lineinfo_block *blk = lineinfo_at(blob, blocks);

	*bit = g[i >> group_shift].bit + blk[i].bit;
	return g[i >> group_shift].offset + blk[i].offset;
}

/* The first offset of line block @i of @r, and its bit in @bit. */
static inline u32 lineinfo_block_start(const void *blob,
				       const struct lineinfo_range *r, u32 i, u32 *bit)
{
	return lineinfo_index(blob, r->groups.off, r->blocks.off, r->group_shift, i, bit);
}

/*
 * The one binary search of the decoder: the last i in [@lo, @hi] with
 * key(@blob, @table, i) <= @offset, or @lo if there is none (the caller
 * checks the key of the result).  The keys ascend with i.
 */
static __always_inline u32 lineinfo_search(const void *blob, const void *table,
					   u32 (*key)(const void *blob, const void *table, u32 i),
					   u32 lo, u32 hi, u32 offset)
{
	while (lo < hi) {
		u32 mid = lo + (hi - lo + 1) / 2;

		if (key(blob, table, mid) <= offset)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static u32 lineinfo_group_key(const void *blob, const void *groups, u32 i)
{
	return ((const struct lineinfo_group *)groups)[i].offset;
}

static u32 lineinfo_block_key(const void *blob, const void *r, u32 i)
{
	u32 bit;

	return lineinfo_block_start(blob, r, i, &bit);
}

/* The fast index entry of @slot: the last block starting at or before it. */
static inline u32 lineinfo_block_of(const void *blob, const struct lineinfo_range *r,
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
		offset = lineinfo_block_start(blob, r, i, &bit);
		if (offset >= r->text_size || bit != b.pos ||
		    (i && offset <= s.offset))
			return false;
		if (!lineinfo_entry_first(&b, r, &s, offset))
			return false;
		while (true) {
			if (s.file >= h->nr_files || s.line > LINEINFO_MAX_LINE ||
			    s.offset >= r->text_size)
				return false;
			if (!--n)
				break;
			if (!lineinfo_entry_next(&b, r, &s))
				return false;
		}
	}

	/* fast[i] is the last block starting at or before slot i. */
	for (i = 0; i < slots; i++) {
		u64 start = (u64)i << r->fast_shift;
		u32 f = lineinfo_block_of(blob, r, i);

		if (!r->nr_blocks) {
			if (f)
				return false;
			continue;
		}
		if (f >= r->nr_blocks)
			return false;
		if (f && lineinfo_block_start(blob, r, f, &bit) > start)
			return false;
		if (f + 1 < r->nr_blocks &&
		    lineinfo_block_start(blob, r, f + 1, &bit) <= start)
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Inline chains */

/* The inline sub-table, or NULL if the blob has none (checked). */
static const struct lineinfo_inlines *lineinfo_inline_hdr(const void *blob)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);

	if (h->hdr_size < LINEINFO_HDR_INLINES || !h->inlines.size)
		return NULL;
	return lineinfo_at(blob, h->inlines.off);
}

/*
 * One inline record.  For depth 2 and more, @call is its position in the
 * list of its parent, and @name, @file and @line are only known once
 * lineinfo_inline_call() has looked it up.
 */
struct lineinfo_irec {
	u32 lo, hi, name, file, line, call, ord;
};

/* The records of a block as decoded, and what depth 1 is coded against. */
struct lineinfo_inline_state {
	unsigned int depth;		/* of the last record */
	u32 records;			/* decoded in this block */
	struct lineinfo_irec rec[LINEINFO_MAX_DEPTH + 1];	/* last by depth */
	u32 cfile, cline;		/* of the last record of depth 1 */
	u32 names[LINEINFO_INL_NAMES];	/* of depth 1, most recent first */
	unsigned int nr_names;
};

static void lineinfo_inline_start(struct lineinfo_inline_state *st)
{
	memset(st, 0, sizeof(*st));
}

/* Read @n bits, 1 to 32, the first read the most significant. */
static bool lineinfo_bits_read(struct lineinfo_bits *b, unsigned int n, u32 *val)
{
	if (b->pos >= b->end || b->end - b->pos < n)
		return false;
	*val = lineinfo_bits_peek(b) >> (64 - n);
	b->pos += n;
	return true;
}

static bool lineinfo_bits_bit(struct lineinfo_bits *b, u32 *bit)
{
	return lineinfo_bits_read(b, 1, bit);
}

/*
 * Decode the next record of a block into @x and @depth; the caller makes it
 * st->rec[@depth] and st->depth.  The first record of a block starts at
 * @block_offset.  Checks what the lookup relies
 * on: depth 1 to LINEINFO_MAX_DEPTH, one below the previous record at most,
 * starts in order, inside the caller, and within @text_size.
 */
static bool lineinfo_inline_next(struct lineinfo_bits *b,
				 const struct lineinfo_inline_range *ir,
				 struct lineinfo_inline_state *st, u32 block_offset,
				 u32 text_size, struct lineinfo_irec *x, unsigned int *depth)
{
	u32 d, lo, hi, len, end, rep, hit, same, v, base, name;

	if (++st->records > LINEINFO_MAX_INL_BLOCK)
		return false;
	x->ord = st->records - 1;
	if (st->records == 1) {
		d = 1;
		lo = block_offset;
	} else {
		if (!lineinfo_bits_unary(b, &v) || v > st->depth)
			return false;
		d = st->depth + 1 - v;
		/* after the last sibling, or at the start of the parent */
		base = d <= st->depth ? st->rec[d].hi : st->rec[st->depth].lo;
		if (!lineinfo_bits_eg(b, d <= st->depth ? ir->k_lo : ir->k_child, &v) ||
		    v > U32_MAX - base)
			return false;
		lo = base + v;
	}
	if (!d || d > LINEINFO_MAX_DEPTH || lo >= text_size)
		return false;
	if (d > 1) {
		if (!lineinfo_bits_bit(b, &end))
			return false;
		if (end) {
			hi = st->rec[d - 1].hi;
		} else {
			if (!lineinfo_bits_eg(b, ir->k_len, &len) || len >= text_size - lo)
				return false;
			hi = lo + len + 1;
		}
		if (lo < st->rec[d - 1].lo || hi > st->rec[d - 1].hi || lo >= hi)
			return false;
		x->lo = lo;
		x->hi = hi;
		x->name = U32_MAX;
		x->file = 0;
		x->line = 0;
		*depth = d;
		return lineinfo_bits_eg(b, ir->k_call, &x->call);
	}
	if (!lineinfo_bits_eg(b, ir->k_len, &len) || len >= text_size - lo)
		return false;
	x->lo = lo;
	x->hi = lo + len + 1;
	*depth = d;
	if (!lineinfo_bits_bit(b, &rep))
		return false;
	if (rep) {
		if (!st->nr_names)
			return false;
	} else {
		if (!lineinfo_bits_bit(b, &hit))
			return false;
		if (hit) {
			if (!lineinfo_bits_read(b, LINEINFO_INL_NAMES_BITS, &v) ||
			    v >= st->nr_names)
				return false;
			name = st->names[v];
		} else {
			if (!lineinfo_bits_eg(b, ir->k_name, &name))
				return false;
			v = st->nr_names < LINEINFO_INL_NAMES ? st->nr_names++ :
							       LINEINFO_INL_NAMES - 1;
		}
		/* move to the front */
		for (; v > 0; v--)
			st->names[v] = st->names[v - 1];
		st->names[0] = name;
		if (!lineinfo_bits_bit(b, &same))
			return false;
		if (!same && !lineinfo_bits_eg(b, ir->k_file, &st->cfile))
			return false;
		if (!lineinfo_bits_eg(b, ir->k_line, &v))
			return false;
		/* zig-zag: 0, -1, 1, -2, 2, ... */
		st->cline += lineinfo_unzigzag(v);
	}
	x->name = st->names[0];
	x->file = st->cfile;
	x->line = st->cline;
	x->call = U32_MAX;
	return true;
}

/*
 * Fill in the name and call site of @x, a record of depth 2 or more, from
 * the list of calls of its parent's name @parent.  Bounded by the lists of
 * one group and the calls in them; fails on anything out of bounds.
 */
static bool lineinfo_inline_call(const void *blob, const struct lineinfo_inlines *in,
				 u32 parent, struct lineinfo_irec *x)
{
	const u32 *index = lineinfo_at(blob, in->call_index.off);
	struct lineinfo_bits b;
	u32 skip, n, i, file, name, same, f, v, line;

	if (parent >= in->nr_names)
		return false;
	b.p = lineinfo_at(blob, in->calls.off);
	b.pos = index[parent / LINEINFO_CALL_GROUP];
	b.end = in->nr_call_bits;
	for (skip = parent % LINEINFO_CALL_GROUP;; skip--) {
		if (!lineinfo_bits_eg(&b, 0, &n))
			return false;
		if (!skip && x->call >= n)
			return false;
		if (n && !lineinfo_bits_eg(&b, in->k_call_file, &file))
			return false;
		for (i = 0, line = 0; i < n; i++) {
			if (!lineinfo_bits_eg(&b, in->k_call_name, &name) ||
			    !lineinfo_bits_bit(&b, &same))
				return false;
			f = file;
			if (!same && !lineinfo_bits_eg(&b, in->k_call_file, &f))
				return false;
			if (!lineinfo_bits_eg(&b, in->k_call_line, &v))
				return false;
			line += lineinfo_unzigzag(v);
			if (!skip && i == x->call) {
				x->name = name;
				x->file = f;
				x->line = line;
				return true;
			}
		}
		if (!skip)
			return false;
	}
}

/*
 * The full check of the lists of calls: every list decodes, the index
 * points at its lists, and every name, file and line is valid.
 */
static bool lineinfo_inline_calls_ok(const void *blob, const struct lineinfo_inlines *in)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);
	const u32 *index = lineinfo_at(blob, in->call_index.off);
	struct lineinfo_bits b;
	u32 p, n, i, file, name, same, v, line;

	b.p = lineinfo_at(blob, in->calls.off);
	b.pos = 0;
	b.end = in->nr_call_bits;
	for (p = 0; p < in->nr_names; p++) {
		if (p % LINEINFO_CALL_GROUP == 0 && index[p / LINEINFO_CALL_GROUP] != b.pos)
			return false;
		if (!lineinfo_bits_eg(&b, 0, &n) || n > in->nr_call_bits)
			return false;
		if (n && (!lineinfo_bits_eg(&b, in->k_call_file, &file) || file >= h->nr_files))
			return false;
		for (i = 0, line = 0; i < n; i++) {
			if (!lineinfo_bits_eg(&b, in->k_call_name, &name) || name >= in->nr_names ||
			    !lineinfo_bits_bit(&b, &same))
				return false;
			if (!same && (!lineinfo_bits_eg(&b, in->k_call_file, &v) ||
				      v >= h->nr_files))
				return false;
			if (!lineinfo_bits_eg(&b, in->k_call_line, &v))
				return false;
			line += lineinfo_unzigzag(v);
			if (line > LINEINFO_MAX_LINE)
				return false;
		}
	}
	return b.pos == b.end;
}

static void lineinfo_inline_commit(struct lineinfo_inline_state *st,
				   const struct lineinfo_irec *x, unsigned int depth)
{
	st->rec[depth] = *x;
	st->depth = depth;
}

static const struct lineinfo_inline_range *
lineinfo_inline_range_at(const void *blob, const struct lineinfo_inlines *in, unsigned int range)
{
	return (const struct lineinfo_inline_range *)lineinfo_at(blob, in->ranges.off) + range;
}

/* The first offset of inline block @i of @ir, and its bit in @bit. */
static inline u32 lineinfo_inline_block(const void *blob, const struct lineinfo_inline_range *ir,
					u32 i, u32 *bit)
{
	return lineinfo_index(blob, ir->groups.off, ir->blocks.off, ir->group_shift, i, bit);
}

static u32 lineinfo_inline_block_key(const void *blob, const void *ir, u32 i)
{
	u32 bit;

	return lineinfo_inline_block(blob, ir, i, &bit);
}

/* The bit where block @i ends: the next block's start, or the stream's end. */
static u32 lineinfo_inline_block_end(const void *blob, const struct lineinfo_inline_range *ir,
				     u32 i)
{
	u32 bit;

	if (i + 1 < ir->nr_blocks) {
		lineinfo_inline_block(blob, ir, i + 1, &bit);
		return bit;
	}
	return ir->nr_bits;
}

/* Name @id of the inline sub-table as stored, with tokens, or NULL. */
static const char *lineinfo_inline_name(const void *blob, const struct lineinfo_inlines *in,
					u32 id)
{
	const char *names = lineinfo_at(blob, in->names.off);
	const u32 *index = lineinfo_at(blob, in->name_index.off);
	u32 off, n;
	const char *end;

	if (id >= in->nr_names)
		return NULL;
	off = index[id / LINEINFO_NAME_GROUP];
	for (n = id % LINEINFO_NAME_GROUP; off < in->names.size; n--) {
		if (!n)
			return names + off;
		end = memchr(names + off, '\0', in->names.size - off);
		if (!end)
			return NULL;
		off = end - names + 1;
	}
	return NULL;
}

/*
 * Expand the tokens of @name, which ends inside @names, into @buf.
 * Return: the length of the name, cut to @size - 1, or -EINVAL for a token
 * the blob does not have.
 */
static int lineinfo_expand(const void *blob, const struct lineinfo_inlines *in,
			   const char *name, char *buf, size_t size)
{
	const u16 *index = lineinfo_at(blob, in->token_index.off);
	const char *tokens = lineinfo_at(blob, in->tokens.off);
	u32 nr_tokens = in->token_index.size / sizeof(u16);
	size_t len = 0;
	const char *t;
	u8 c;

	for (; (c = *name); name++) {
		if (c < LINEINFO_TOKEN) {
			if (len + 1 < size)
				buf[len++] = c;
			continue;
		}
		if (c - LINEINFO_TOKEN >= nr_tokens)
			return -EINVAL;
		/* the checks made every token string end inside @tokens */
		for (t = tokens + index[c - LINEINFO_TOKEN]; *t; t++)
			if (len + 1 < size)
				buf[len++] = *t;
	}
	buf[len] = '\0';
	return len;
}

/**
 * lineinfo_call_name - the name of the inlined function of a call
 * @call: filled by lineinfo_blob_inline() or kallsyms_lineinfo_inline(),
 *	with the blob still live (see there)
 * @buf: destination
 * @size: bytes available at @buf; KSYM_NAME_LEN holds every name, a
 *	shorter buffer gets the name cut
 *
 * Return: the length of the name written, or -EINVAL if the blob has no
 * such name (then @buf holds "??") or @size is 0.
 */
int lineinfo_call_name(const struct lineinfo_call *call, char *buf, size_t size)
{
	return lineinfo_name(call->blob, call->name, buf, size);
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_call_name);

/**
 * lineinfo_name - a name of a blob's inline sub-table
 * @blob: a checked blob, still live
 * @id: the name id: of an inlined function, a parameter or a type
 * @buf: destination
 * @size: bytes available at @buf; a shorter buffer than the name gets it cut
 *
 * Return: the length of the name written, or -EINVAL if the blob has no
 * such name (then @buf holds "??") or @size is 0.
 */
int lineinfo_name(const void *blob, unsigned int id, char *buf, size_t size)
{
	const struct lineinfo_inlines *in;
	const char *name;
	int len;

	if (!size)
		return -EINVAL;
	in = lineinfo_inline_hdr(blob);
	name = in ? lineinfo_inline_name(blob, in, id) : NULL;
	len = name ? lineinfo_expand(blob, in, name, buf, size) : -EINVAL;
	if (len < 0)
		strscpy(buf, "??", size);
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_name);

/*
 * Every token string ends inside @tokens; with @full, no name uses a token
 * the blob does not have.
 */
static bool lineinfo_tokens_ok(const void *blob, const struct lineinfo_inlines *in,
			       bool full)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);
	const u16 *index = lineinfo_at(blob, in->token_index.off);
	const char *tokens = lineinfo_at(blob, in->tokens.off);
	const u8 *names = lineinfo_at(blob, in->names.off);
	u32 nr_tokens = in->token_index.size / sizeof(u16), i;

	if (!lineinfo_span_ok(&in->token_index, h->blob_size, 2) ||
	    in->token_index.size % sizeof(u16) || nr_tokens > LINEINFO_MAX_TOKENS ||
	    !lineinfo_span_ok(&in->tokens, h->blob_size, 1) ||
	    (nr_tokens && (!in->tokens.size || tokens[in->tokens.size - 1])))
		return false;
	for (i = 0; i < nr_tokens; i++)
		if (index[i] >= in->tokens.size)
			return false;
	for (i = 0; full && i < in->names.size; i++)
		if (names[i] >= LINEINFO_TOKEN + nr_tokens)
			return false;
	return true;
}

static bool lineinfo_inlines_ok(const void *blob, bool full)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);
	const struct lineinfo_inlines *in = lineinfo_inline_hdr(blob);
	const struct lineinfo_range *r = lineinfo_ranges(blob);
	const struct lineinfo_inline_range *ir;
	struct lineinfo_inline_state st;
	struct lineinfo_irec x;
	struct lineinfo_bits b;
	unsigned int depth;
	u32 i, j, offset, prev_off, end, groups, cgroups;
	u64 igroups;
	const char *names;
	const u32 *index;

	if (h->hdr_size < LINEINFO_HDR_INLINES || !h->inlines.size)
		return true;
	if (!lineinfo_span_ok(&h->inlines, h->blob_size, 4) || h->inlines.size < sizeof(*in))
		return false;
	groups = DIV_ROUND_UP_POW2(in->nr_names, LINEINFO_NAME_GROUP);
	cgroups = DIV_ROUND_UP_POW2(in->nr_names, LINEINFO_CALL_GROUP);
	names = lineinfo_at(blob, in->names.off);
	if (!lineinfo_span_ok(&in->names, h->blob_size, 1) ||
	    !lineinfo_span_ok(&in->name_index, h->blob_size, 4) ||
	    in->name_index.size != (u64)groups * sizeof(u32) ||
	    (in->nr_names && (!in->names.size || names[in->names.size - 1])) ||
	    !lineinfo_span_ok(&in->ranges, h->blob_size, 4) ||
	    in->ranges.size != lineinfo_nr_ranges(blob) * sizeof(*ir) ||
	    !lineinfo_span_ok(&in->calls, h->blob_size, 1) ||
	    in->calls.size < 8 || in->calls.size - 8 > U32_MAX / 8 ||
	    in->nr_call_bits > (in->calls.size - 8) * 8 ||
	    !lineinfo_span_ok(&in->call_index, h->blob_size, 4) ||
	    in->call_index.size != (u64)cgroups * sizeof(u32) ||
	    in->k_call_name > LINEINFO_MAX_K || in->k_call_file > LINEINFO_MAX_K ||
	    in->k_call_line > LINEINFO_MAX_K)
		return false;
	index = lineinfo_at(blob, in->name_index.off);
	for (i = 0; i < groups; i++)
		if (index[i] >= in->names.size)
			return false;
	index = lineinfo_at(blob, in->call_index.off);
	for (i = 0; i < cgroups; i++)
		if (index[i] > in->nr_call_bits)
			return false;
	if (!lineinfo_tokens_ok(blob, in, full))
		return false;
	if (full && !lineinfo_inline_calls_ok(blob, in))
		return false;
	for (i = 0; i < lineinfo_nr_ranges(blob); i++) {
		ir = lineinfo_inline_range_at(blob, in, i);
		if (ir->group_shift > LINEINFO_MAX_GROUP_SHIFT)
			return false;
		igroups = ((u64)ir->nr_blocks + (1U << ir->group_shift) - 1) >> ir->group_shift;
		if (!lineinfo_span_ok(&ir->groups, h->blob_size, 4) ||
		    ir->groups.size != igroups * sizeof(struct lineinfo_group) ||
		    ir->k_lo > LINEINFO_MAX_K || ir->k_len > LINEINFO_MAX_K ||
		    ir->k_name > LINEINFO_MAX_K || ir->k_file > LINEINFO_MAX_K ||
		    ir->k_line > LINEINFO_MAX_K || ir->k_call > LINEINFO_MAX_K ||
		    ir->k_child > LINEINFO_MAX_K ||
		    !lineinfo_span_ok(&ir->blocks, h->blob_size, 4) ||
		    ir->blocks.size != (u64)ir->nr_blocks * sizeof(struct lineinfo_block) ||
		    !lineinfo_span_ok(&ir->bits, h->blob_size, 1) ||
		    ir->bits.size < 8 || ir->bits.size - 8 > U32_MAX / 8 ||
		    ir->nr_bits > (ir->bits.size - 8) * 8)
			return false;
		if (!full)
			continue;
		/* every block in order and inside the range, every record sound */
		prev_off = 0;
		b.p = lineinfo_at(blob, ir->bits.off);
		for (j = 0; j < ir->nr_blocks; j++) {
			offset = lineinfo_inline_block(blob, ir, j, &b.pos);
			end = lineinfo_inline_block_end(blob, ir, j);
			if (offset < prev_off || offset >= r[i].text_size ||
			    b.pos >= end || end > ir->nr_bits)
				return false;
			prev_off = offset;
			b.end = end;
			lineinfo_inline_start(&st);
			while (b.pos < end) {
				if (!lineinfo_inline_next(&b, ir, &st, offset, r[i].text_size,
							  &x, &depth) ||
				    (depth > 1 &&
				     !lineinfo_inline_call(blob, in, st.rec[depth - 1].name, &x)) ||
				    x.name >= in->nr_names || x.file >= h->nr_files ||
				    x.line > LINEINFO_MAX_LINE)
					return false;
				lineinfo_inline_commit(&st, &x, depth);
			}
		}
	}
	return true;
}

/*
 * The file and line of the call of the inline record @x, decoded by
 * lineinfo_inline_decode(); NULL, and @line 0, where they are unknown.
 */
static const char *lineinfo_call_site(const void *blob, const struct lineinfo_irec *x,
				      unsigned int *line)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);
	const u32 *files = lineinfo_at(blob, h->files.off);

	*line = 0;
	if (!x->file || x->file >= h->nr_files || files[x->file] >= h->strings.size ||
	    !x->line || x->line > LINEINFO_MAX_LINE)
		return NULL;
	*line = x->line;
	return (const char *)lineinfo_at(blob, h->strings.off) + files[x->file];
}

/*
 * Decode the inline records holding @offset of @range into @st: the chain
 * is st->rec[1..n], outermost first, with the names and call sites of the
 * deeper ones looked up; *@blk is the block they are in.  Return: n, 0
 * without inlined code at @offset or on a record that does not decode.
 */
static unsigned int lineinfo_inline_decode(const void *blob, unsigned int range,
					   unsigned long offset, struct lineinfo_inline_state *st,
					   u32 *blk)
{
	const struct lineinfo_inlines *in = lineinfo_inline_hdr(blob);
	const struct lineinfo_inline_range *ir;
	const struct lineinfo_range *r;
	struct lineinfo_irec x;
	struct lineinfo_bits b;
	unsigned int depth, n, i;
	u32 lo, start, bit;

	if (!in || range >= lineinfo_nr_ranges(blob))
		return 0;
	r = &lineinfo_ranges(blob)[range];
	ir = lineinfo_inline_range_at(blob, in, range);
	if (offset >= r->text_size || !ir->nr_blocks)
		return 0;
	lo = lineinfo_search(blob, ir, lineinfo_inline_block_key, 0, ir->nr_blocks - 1, offset);
	start = lineinfo_inline_block(blob, ir, lo, &bit);
	if (start > offset)
		return 0;
	*blk = lo;
	b.p = lineinfo_at(blob, ir->bits.off);
	b.pos = bit;
	b.end = lineinfo_inline_block_end(blob, ir, lo);
	if (b.end > ir->nr_bits)
		return 0;
	lineinfo_inline_start(st);
	while (b.pos < b.end) {
		if (!lineinfo_inline_next(&b, ir, st, start, r->text_size, &x, &depth))
			return 0;
		/* records are sorted: one starting after @offset ends the search */
		if (x.lo > offset)
			break;
		lineinfo_inline_commit(st, &x, depth);
	}
	for (n = 0; n < st->depth; n++)
		if (offset < st->rec[n + 1].lo || offset >= st->rec[n + 1].hi)
			break;
	/* the names and call sites of deeper calls, from the outermost in */
	for (i = 2; i <= n; i++)
		if (!lineinfo_inline_call(blob, in, st->rec[i - 1].name, &st->rec[i]))
			return 0;
	return n;
}

/**
 * lineinfo_blob_inline - the calls inlined at an offset of a range
 * @blob: a checked blob
 * @range: range index
 * @offset: offset inside the range
 * @calls: filled with the calls, outermost first
 * @max: room in @calls; a deeper chain keeps its innermost @max calls
 *
 * @calls[0] is the call inlined into the function itself: its name is the
 * inlined function's (lineinfo_call_name() spells it out), its file and line
 * are the call's, in the function.  Each next one is inlined into the one
 * before.  @file is NULL where the call site is unknown.  No locks, no
 * allocation, bounded by the records of one block (LINEINFO_MAX_INL_BLOCK)
 * and one lookup in the lists of calls per level.
 *
 * Return: the depth of the chain (0 without inlined code at @offset), which
 * is more than @max when the chain was cut.
 */
unsigned int lineinfo_blob_inline(const void *blob, unsigned int range,
				  unsigned long offset, struct lineinfo_call *calls,
				  unsigned int max)
{
	const struct lineinfo_inlines *in = lineinfo_inline_hdr(blob);
	struct lineinfo_inline_state st;
	unsigned int n, skip, i;
	u32 blk;

	n = lineinfo_inline_decode(blob, range, offset, &st, &blk);
	skip = n > max ? n - max : 0;
	for (i = skip; i < n; i++) {
		const struct lineinfo_irec *x = &st.rec[i + 1];
		struct lineinfo_call *c = &calls[i - skip];

		if (x->name >= in->nr_names)
			return 0;
		c->blob = blob;
		c->name = x->name;
		c->file = lineinfo_call_site(blob, x, &c->line);
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_blob_inline);

/* ------------------------------------------------------------------ */
/* Parameter locations */

/* The parameter sub-table, or NULL if the blob has none (checked). */
static const struct lineinfo_params *lineinfo_params_hdr(const void *blob)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);

	if (h->hdr_size < LINEINFO_HDR_PARAMS || !h->params.size || !lineinfo_inline_hdr(blob))
		return NULL;
	return lineinfo_at(blob, h->params.off);
}

static const struct lineinfo_param_range *
lineinfo_params_range_at(const void *blob, const struct lineinfo_params *pp, unsigned int range)
{
	return (const struct lineinfo_param_range *)lineinfo_at(blob, pp->ranges.off) + range;
}

/*
 * Decode signature @sig: its number of parameters into *@nr and, with @a,
 * the names and types of the first LINEINFO_MAX_ARGS.  Bounded by the
 * signatures of one group and their parameters.
 */
static bool lineinfo_params_sig(const void *blob, const struct lineinfo_params *pp,
				u32 sig, u32 *nr, struct lineinfo_args *a)
{
	const struct lineinfo_inlines *in = lineinfo_inline_hdr(blob);
	const u32 *index = lineinfo_at(blob, pp->sig_index.off);
	struct lineinfo_bits b;
	u32 skip, n, i, name, type;

	if (sig >= pp->nr_sigs)
		return false;
	b.p = lineinfo_at(blob, pp->sigs.off);
	b.pos = index[sig / LINEINFO_SIG_GROUP];
	b.end = pp->nr_sig_bits;
	for (skip = sig % LINEINFO_SIG_GROUP;; skip--) {
		if (!lineinfo_bits_eg(&b, 0, &n) || n > LINEINFO_MAX_PARAMS)
			return false;
		for (i = 0; i < n; i++) {
			if (!lineinfo_bits_eg(&b, pp->k_arg_name, &name) ||
			    !lineinfo_bits_eg(&b, pp->k_arg_type, &type) ||
			    name >= in->nr_names || type >= in->nr_names)
				return false;
			if (!skip && a && i < LINEINFO_MAX_ARGS) {
				a->arg_name[i] = name;
				a->arg_type[i] = type;
				a->reg[i] = -1;
			}
		}
		if (!skip) {
			*nr = n;
			return true;
		}
	}
}

/* What lineinfo_params_group() does with a group */
enum lineinfo_pmode {
	LINEINFO_PSKIP,		/* read past it */
	LINEINFO_PCHECK,	/* check it against its scope and signature */
	LINEINFO_PFIND,		/* and fill @a for @offset */
};

/*
 * Read the group of pieces of a scope [@lo, @hi): a function with
 * signature @sig, or (@sig U32_MAX) an inlined call of name id @name.
 * Except in LINEINFO_PSKIP mode, every piece must be a parameter of the
 * signature, inside the scope, after the one before; in LINEINFO_PFIND
 * mode, @a gets the signature and the registers of the pieces holding
 * @offset.  An inlined call without pieces gets @a->nr_args 0.
 */
static bool lineinfo_params_group(const void *blob, const struct lineinfo_params *pp,
				  const struct lineinfo_param_range *pr, struct lineinfo_bits *b,
				  enum lineinfo_pmode mode, u32 lo, u32 hi, u32 sig, u32 name,
				  unsigned long offset, struct lineinfo_args *a)
{
	u32 n, i, nr = 0, p = 0, d, at = lo, start, end, len, reg, plo, phi;

	if (!lineinfo_bits_eg(b, 0, &n))
		return false;
	if (mode == LINEINFO_PFIND)
		a->nr_args = 0;
	if (sig == U32_MAX) {
		if (!n)
			return true;
		if (!lineinfo_bits_bit(b, &d))
			return false;
		if (d)
			sig = name;
		else if (!lineinfo_bits_eg(b, pr->k_sig, &sig))
			return false;
	}
	if (mode != LINEINFO_PSKIP &&
	    !lineinfo_params_sig(blob, pp, sig, &nr, mode == LINEINFO_PFIND ? a : NULL))
		return false;
	if (mode == LINEINFO_PFIND)
		a->nr_args = nr;
	for (i = 0; i < n; i++) {
		if (!lineinfo_bits_eg(b, pr->k_pidx, &d) || d > LINEINFO_MAX_PARAMS)
			return false;
		if (!i || d)
			at = lo;
		p += d;
		if (!lineinfo_bits_eg(b, pr->k_pstart, &start) || !lineinfo_bits_bit(b, &end))
			return false;
		if (!end && !lineinfo_bits_eg(b, pr->k_plen, &len))
			return false;
		if (!lineinfo_bits_read(b, 4, &reg))
			return false;
		if (mode == LINEINFO_PSKIP)
			continue;
		if (p >= nr || start >= hi - at)
			return false;
		plo = at + start;
		if (!end && len >= hi - plo)
			return false;
		phi = end ? hi : plo + len + 1;
		at = phi;
		if (mode == LINEINFO_PFIND && p < LINEINFO_MAX_ARGS &&
		    offset >= plo && offset < phi)
			a->reg[p] = reg;
	}
	return true;
}

/*
 * Read the function record at @b, the first of its block at @start if
 * @prev_hi is U32_MAX, into [*@lo, *@hi) and *@sig.
 */
static bool lineinfo_params_func(const struct lineinfo_param_range *pr, struct lineinfo_bits *b,
				 u32 start, u32 prev_hi, u32 text_size, u32 *lo, u32 *hi, u32 *sig)
{
	u32 v, len;

	*lo = start;
	if (prev_hi != U32_MAX) {
		if (!lineinfo_bits_eg(b, pr->k_fstart, &v) || v >= text_size - prev_hi)
			return false;
		*lo = prev_hi + v;
	}
	if (*lo >= text_size || !lineinfo_bits_eg(b, pr->k_flen, &len) || len >= text_size - *lo)
		return false;
	*hi = *lo + len + 1;
	return lineinfo_bits_eg(b, pr->k_sig, sig);
}

static bool lineinfo_params_ok(const void *blob, bool full)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);
	const struct lineinfo_params *pp = lineinfo_params_hdr(blob);
	const struct lineinfo_inlines *in = lineinfo_inline_hdr(blob);
	const struct lineinfo_range *r = lineinfo_ranges(blob);
	const struct lineinfo_param_range *pr;
	const struct lineinfo_inline_range *ir;
	const struct lineinfo_group *fg;
	const u32 *index, *ib;
	struct lineinfo_bits b, ibits;
	struct lineinfo_inline_state st;
	struct lineinfo_irec x;
	unsigned int depth;
	u32 i, j, groups, nfg, lo, hi, sig, nr, prev, start = 0, bit, end;

	if (h->hdr_size < LINEINFO_HDR_PARAMS || !h->params.size)
		return true;
	if (!in || !lineinfo_span_ok(&h->params, h->blob_size, 4) ||
	    h->params.size < sizeof(*pp))
		return false;
	groups = DIV_ROUND_UP_POW2(pp->nr_sigs, LINEINFO_SIG_GROUP);
	if (pp->nr_sigs < in->nr_names ||
	    !lineinfo_span_ok(&pp->sigs, h->blob_size, 1) ||
	    pp->sigs.size < 8 || pp->sigs.size - 8 > U32_MAX / 8 ||
	    pp->nr_sig_bits > (pp->sigs.size - 8) * 8 ||
	    !lineinfo_span_ok(&pp->sig_index, h->blob_size, 4) ||
	    pp->sig_index.size != (u64)groups * sizeof(u32) ||
	    !lineinfo_span_ok(&pp->ranges, h->blob_size, 4) ||
	    pp->ranges.size != lineinfo_nr_ranges(blob) * sizeof(*pr) ||
	    pp->k_arg_name > LINEINFO_MAX_K || pp->k_arg_type > LINEINFO_MAX_K)
		return false;
	index = lineinfo_at(blob, pp->sig_index.off);
	for (i = 0; i < groups; i++)
		if (index[i] > pp->nr_sig_bits)
			return false;
	for (i = 0; i < lineinfo_nr_ranges(blob); i++) {
		pr = lineinfo_params_range_at(blob, pp, i);
		ir = lineinfo_inline_range_at(blob, in, i);
		nfg = DIV_ROUND_UP_POW2(pr->nr_funcs, LINEINFO_FUNC_BLOCK);
		if (!lineinfo_span_ok(&pr->funcs, h->blob_size, 4) ||
		    pr->funcs.size != (u64)nfg * sizeof(*fg) ||
		    !lineinfo_span_ok(&pr->iblocks, h->blob_size, 4) ||
		    pr->iblocks.size != (u64)ir->nr_blocks * sizeof(u32) ||
		    !lineinfo_span_ok(&pr->bits, h->blob_size, 1) ||
		    pr->bits.size < 8 || pr->bits.size - 8 > U32_MAX / 8 ||
		    pr->nr_bits > (pr->bits.size - 8) * 8 ||
		    pr->k_fstart > LINEINFO_MAX_K || pr->k_flen > LINEINFO_MAX_K ||
		    pr->k_sig > LINEINFO_MAX_K || pr->k_pidx > LINEINFO_MAX_K ||
		    pr->k_pstart > LINEINFO_MAX_K || pr->k_plen > LINEINFO_MAX_K)
			return false;
		fg = lineinfo_at(blob, pr->funcs.off);
		ib = lineinfo_at(blob, pr->iblocks.off);
		for (j = 0; j < nfg; j++)
			if (fg[j].bit > pr->nr_bits)
				return false;
		for (j = 0; j < ir->nr_blocks; j++)
			if (ib[j] > pr->nr_bits)
				return false;
		if (!full)
			continue;
		/* the functions: in order, apart, inside the range, sound groups */
		b.p = lineinfo_at(blob, pr->bits.off);
		b.pos = 0;
		b.end = pr->nr_bits;
		for (j = 0, prev = 0; j < pr->nr_funcs; j++) {
			if (j % LINEINFO_FUNC_BLOCK == 0) {
				start = fg[j / LINEINFO_FUNC_BLOCK].offset;
				if (fg[j / LINEINFO_FUNC_BLOCK].bit != b.pos || start < prev)
					return false;
			}
			if (!lineinfo_params_func(pr, &b, start,
						  j % LINEINFO_FUNC_BLOCK ? prev : U32_MAX,
						  r[i].text_size, &lo, &hi, &sig) ||
			    !lineinfo_params_group(blob, pp, pr, &b, LINEINFO_PCHECK,
						   lo, hi, sig, 0, 0, NULL))
				return false;
			prev = hi;
		}
		/* then a group per inline record, block by block */
		ibits.p = lineinfo_at(blob, ir->bits.off);
		for (j = 0; j < ir->nr_blocks; j++) {
			if (ib[j] != b.pos)
				return false;
			start = lineinfo_inline_block(blob, ir, j, &bit);
			end = lineinfo_inline_block_end(blob, ir, j);
			ibits.pos = bit;
			ibits.end = end;
			lineinfo_inline_start(&st);
			while (ibits.pos < end) {
				if (!lineinfo_inline_next(&ibits, ir, &st, start, r[i].text_size,
							  &x, &depth) ||
				    (depth > 1 &&
				     !lineinfo_inline_call(blob, in, st.rec[depth - 1].name, &x)) ||
				    !lineinfo_params_group(blob, pp, pr, &b, LINEINFO_PCHECK,
							   x.lo, x.hi, U32_MAX, x.name, 0,
							   NULL))
					return false;
				lineinfo_inline_commit(&st, &x, depth);
			}
		}
		if (b.pos != pr->nr_bits)
			return false;
	}
	if (!full)
		return true;
	/* every signature decodes, where the index says */
	b.p = lineinfo_at(blob, pp->sigs.off);
	b.pos = 0;
	b.end = pp->nr_sig_bits;
	for (i = 0; i < pp->nr_sigs; i++) {
		if (i % LINEINFO_SIG_GROUP == 0 && index[i / LINEINFO_SIG_GROUP] != b.pos)
			return false;
		if (!lineinfo_bits_eg(&b, 0, &nr) || nr > LINEINFO_MAX_PARAMS)
			return false;
		for (j = 0; j < 2 * nr; j++)
			if (!lineinfo_bits_eg(&b, j & 1 ? pp->k_arg_type : pp->k_arg_name, &lo) ||
			    lo >= in->nr_names)
				return false;
	}
	return b.pos == b.end;
}

/*
 * Scope @skip of @offset, counted innermost first as lineinfo_blob_args()
 * reports them, into @a.  Each call decodes anew, so that the caller can
 * print a scope with none of this decoder's state on the stack.
 */
static noinline bool lineinfo_blob_scope(const void *blob, unsigned int range,
					 unsigned long offset, unsigned int skip,
					 struct lineinfo_args *a)
{
	const struct lineinfo_params *pp = lineinfo_params_hdr(blob);
	const struct lineinfo_param_range *pr;
	const struct lineinfo_range *r;
	const struct lineinfo_group *fg;
	struct lineinfo_inline_state st;
	struct lineinfo_bits b;
	u32 pos[LINEINFO_MAX_DEPTH + 1], blk = 0, ord, lo, sig, prev, i;
	unsigned int n, d, seen = 0;

	if (!pp || range >= lineinfo_nr_ranges(blob))
		return false;
	r = &lineinfo_ranges(blob)[range];
	pr = lineinfo_params_range_at(blob, pp, range);
	if (offset >= r->text_size)
		return false;
	b.p = lineinfo_at(blob, pr->bits.off);
	b.end = pr->nr_bits;
	a->blob = blob;

	/* inlined calls: skip to the groups of the chain's records */
	n = lineinfo_inline_decode(blob, range, offset, &st, &blk);
	if (n) {
		b.pos = ((const u32 *)lineinfo_at(blob, pr->iblocks.off))[blk];
		for (ord = 0, d = 1; d <= n; ord++) {
			if (ord == st.rec[d].ord)
				pos[d++] = b.pos;
			if (!lineinfo_params_group(blob, pp, pr, &b, LINEINFO_PSKIP,
						   0, 0, U32_MAX, 0, 0, NULL))
				return false;
		}
	}
	for (d = n; d > 0; d--) {
		b.pos = pos[d];
		if (!lineinfo_params_group(blob, pp, pr, &b, LINEINFO_PFIND, st.rec[d].lo,
					   st.rec[d].hi, U32_MAX, st.rec[d].name, offset, a))
			return false;
		for (i = 0; i < a->nr_args && i < LINEINFO_MAX_ARGS && a->reg[i] < 0; i++)
			;
		if (i < a->nr_args && i < LINEINFO_MAX_ARGS && seen++ == skip) {
			a->depth = d;
			a->name = st.rec[d].name;
			a->file = d < n ? lineinfo_call_site(blob, &st.rec[d + 1], &a->line) : NULL;
			return true;
		}
	}

	/* the function: its block, then at most LINEINFO_FUNC_BLOCK records */
	if (!pr->nr_funcs || seen != skip)
		return false;
	fg = lineinfo_at(blob, pr->funcs.off);
	lo = lineinfo_search(blob, fg, lineinfo_group_key, 0,
			     (pr->nr_funcs - 1) / LINEINFO_FUNC_BLOCK, offset);
	if (fg[lo].offset > offset)
		return false;
	b.pos = fg[lo].bit;
	for (i = lo * LINEINFO_FUNC_BLOCK, prev = U32_MAX;
	     i < pr->nr_funcs && i < (lo + 1) * LINEINFO_FUNC_BLOCK; i++) {
		u32 flo, fhi;

		if (!lineinfo_params_func(pr, &b, fg[lo].offset, prev,
					  r->text_size, &flo, &fhi, &sig) ||
		    flo > offset)
			break;
		prev = fhi;
		if (offset >= fhi) {
			if (!lineinfo_params_group(blob, pp, pr, &b, LINEINFO_PSKIP,
						   0, 0, sig, 0, 0, NULL))
				break;
			continue;
		}
		if (!lineinfo_params_group(blob, pp, pr, &b, LINEINFO_PFIND, flo, fhi, sig, 0,
					   offset, a))
			break;
		a->depth = 0;
		a->name = 0;
		a->file = n ? lineinfo_call_site(blob, &st.rec[1], &a->line) : NULL;
		return true;
	}
	return false;
}

/**
 * lineinfo_blob_args - the parameters in registers at an offset of a range
 * @blob: a checked blob
 * @range: range index
 * @offset: offset inside the range, an exact code address (not a return
 *	address)
 * @fn: called for each scope holding @offset, innermost first: each
 *	inlined call that has a parameter in a register at @offset, then the
 *	function itself if it has parameters at all
 * @ctx: passed to @fn
 *
 * @fn gets the scope's parameters, by name id and type id (see
 * lineinfo_name()), with the DWARF register number of each one that is
 * exactly that register at @offset, and -1 for the others.  No locks, no
 * allocation; bounded by one block of inline records, one of functions,
 * and their groups, per scope.  @fn runs with none of the decoder's state
 * on the stack, so a printer called from it is not nested in the decoder.
 *
 * Return: the number of calls of @fn.
 */
unsigned int lineinfo_blob_args(const void *blob, unsigned int range,
				unsigned long offset, lineinfo_args_fn fn, void *ctx)
{
	struct lineinfo_args a;
	unsigned int n;

	for (n = 0; n <= LINEINFO_MAX_DEPTH && lineinfo_blob_scope(blob, range, offset, n, &a);
	     n++)
		fn(ctx, &a);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_blob_args);

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
	    h->hdr_size < LINEINFO_HDR_MIN || h->blob_size > size ||
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
	return lineinfo_inlines_ok(blob, full) && lineinfo_params_ok(blob, full) ? 0 : -EINVAL;
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
	u32 lo, hi, n, start;
	const u32 *files;

	if (range >= lineinfo_nr_ranges(blob))
		return false;
	r = &lineinfo_ranges(blob)[range];
	if (offset >= r->text_size || !r->nr_blocks)
		return false;

	/* The fast index narrows the search to the blocks of one slot. */
	lo = lineinfo_block_of(blob, r, offset >> r->fast_shift);
	hi = lineinfo_block_of(blob, r, (offset >> r->fast_shift) + 1);
	if (hi >= r->nr_blocks || lo > hi)
		return false;
	lo = lineinfo_search(blob, r, lineinfo_block_key, lo, hi, offset);
	start = lineinfo_block_start(blob, r, lo, &b.pos);
	if (start > offset)
		return false;

	b.p = lineinfo_at(blob, r->bits.off);
	b.end = (r->bits.size - 8) * 8;
	n = min(r->nr_entries - (lo << r->block_shift), 1U << r->block_shift);
	if (!lineinfo_entry_first(&b, r, &s, start))
		return false;
	while (--n) {
		next = s;
		if (!lineinfo_entry_next(&b, r, &next) || next.offset > offset)
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

/*
 * A vmlinux blob.  @state caches its check, done on first use: 0 before it,
 * the range index + 1 after a good one, -errno after a bad one.  It is one
 * word, so a racing reader sees the check either done or not done, whatever
 * the CPU's memory order: there are no two stores whose order could matter.
 */
struct lineinfo_table {
	const u8 *start;
	const u8 *end;
	const char *section;
	int state;
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

/**
 * kallsyms_lineinfo_enabled - whether backtraces are annotated
 *
 * For printers that do work only annotations need, such as replaying the
 * unwinder for each entry of a saved stack: with the switch off, that work
 * is skipped too.
 *
 * Return: the state of the runtime switch.
 */
bool kallsyms_lineinfo_enabled(void)
{
	return READ_ONCE(lineinfo_enable);
}

/* Check a vmlinux blob on first use; racing callers compute the same. */
static int lineinfo_table_check(struct lineinfo_table *t)
{
	int state = READ_ONCE(t->state);
	int range;

	if (state)
		return state > 0 ? state - 1 : state;
	range = lineinfo_blob_check(t->start, t->end - t->start, false);
	if (!range)
		range = lineinfo_blob_range(t->start, t->section);
	WRITE_ONCE(t->state, range >= 0 ? range + 1 : range);
	return range;
}

/*
 * The vmlinux table holding @addr and its offset in it, if any.  An init
 * text address counts only until init memory is about to be freed.
 */
static struct lineinfo_table *lineinfo_table_of(unsigned long addr,
						unsigned long *offset)
{
	if (addr >= (unsigned long)_stext && addr < (unsigned long)_etext) {
		*offset = addr - (unsigned long)_stext;
		return &lineinfo_text;
	}
	if (is_kernel_inittext(addr) && READ_ONCE(lineinfo_init_live)) {
		*offset = addr - (unsigned long)_sinittext;
		return &lineinfo_inittext;
	}
	return NULL;
}

/*
 * The blob, range and offset of a text address of vmlinux or a module.  The
 * caller keeps preemption disabled while it uses the blob: that keeps a
 * module from being freed under it, as for kallsyms, and
 * kallsyms_lineinfo_free_init() clears lineinfo_init_live and waits for a
 * grace period before init memory goes away.
 */
static bool lineinfo_place(unsigned long addr, const void **blob, unsigned int *range,
			   unsigned long *offset)
{
	struct lineinfo_table *t = lineinfo_table_of(addr, offset);
	int r;

	if (!t)
		return IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES) &&
		       module_lineinfo_place(addr, blob, range, offset);
	r = lineinfo_table_check(t);
	if (r < 0)
		return false;
	*blob = t->start;
	*range = r;
	return true;
}

/**
 * kallsyms_lineinfo_lookup - source location of a text address
 * @addr: the address; for a return address pass the address of the call,
 *	  e.g. the return address minus one
 * @loc: the result; @loc->file points into the table that held @addr
 *
 * Covers core kernel text, init text until init memory is freed, and, with
 * CONFIG_KALLSYMS_LINEINFO_MODULES, module text.  @loc->file points into
 * the kernel image, init memory or the module: call this with preemption
 * disabled and use @loc->file before enabling it, or use
 * kallsyms_lineinfo_sprint() instead.  Safe in NMI, panic and early boot
 * context.
 *
 * Return: true if @addr has line information.
 */
bool kallsyms_lineinfo_lookup(unsigned long addr, struct lineinfo_loc *loc)
{
	unsigned long offset;
	unsigned int range;
	const void *blob;

	return lineinfo_place(addr, &blob, &range, &offset) &&
	       lineinfo_blob_find(blob, range, offset, loc);
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_lookup);

/**
 * kallsyms_lineinfo_inline - the calls inlined at a text address
 * @addr: the address, as for kallsyms_lineinfo_lookup()
 * @calls: filled outermost first, as by lineinfo_blob_inline()
 * @max: room in @calls; LINEINFO_MAX_DEPTH holds every chain
 *
 * Covers vmlinux and modules.  The names and files are in the tables: call
 * it with preemption disabled, and read them (lineinfo_call_name()) before
 * enabling it, as a module may go away otherwise.  Safe in NMI and panic
 * context.
 *
 * Return: the depth of the chain, 0 without inlined code at @addr or with
 * CONFIG_KALLSYMS_LINEINFO_INLINE off.
 */
unsigned int kallsyms_lineinfo_inline(unsigned long addr, struct lineinfo_call *calls,
				      unsigned int max)
{
	unsigned long offset;
	unsigned int range;
	const void *blob;

	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE) ||
	    !lineinfo_place(addr, &blob, &range, &offset))
		return 0;
	return lineinfo_blob_inline(blob, range, offset, calls, max);
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_inline);

/**
 * kallsyms_lineinfo_sprint - append " (file:line)" of an exact code address
 * @buf: destination
 * @size: bytes available at @buf; KSYM_LINEINFO_LEN is enough
 * @addr: the address, as for kallsyms_lineinfo_lookup()
 *
 * The location of @addr itself, as addr2line gives it: in inlined code, the
 * innermost line.  That is the location for a line that stands alone, such
 * as "Kernel BUG at" or an address typed at the kdb prompt.  A frame of a
 * backtrace gets kallsyms_lineinfo_frame() instead.  Covers vmlinux and,
 * with CONFIG_KALLSYMS_LINEINFO_MODULES, modules.  No locks, no allocation:
 * safe in NMI and panic context.
 *
 * Return: the number of characters written; 0 without line information, or
 * when annotations are switched off (then @buf is untouched).
 */
int kallsyms_lineinfo_sprint(char *buf, size_t size, unsigned long addr)
{
	struct lineinfo_loc loc;
	unsigned long offset;
	unsigned int range;
	const void *blob;
	int len = 0;

	if (!READ_ONCE(lineinfo_enable))
		return 0;
	preempt_disable_notrace();
	if (lineinfo_place(addr, &blob, &range, &offset) &&
	    lineinfo_blob_find(blob, range, offset, &loc))
		len = lineinfo_format(buf, size, &loc);
	preempt_enable_notrace();
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_sprint);

/* Longest inlined function name printed; longer ones end in "..." */
#define LINEINFO_INLINE_NAME_LEN	128

/*
 * Call @fn for the inlined calls of a chain of @n, innermost first, as
 * kallsyms_lineinfo_walk_inline() describes; @loc is the location of the
 * address.  Runs after the decoder has returned, so that whatever @fn
 * prints is not nested in its stack frames.
 */
static unsigned int lineinfo_walk_chain(const struct lineinfo_call *calls, unsigned int n,
					const struct lineinfo_loc *loc,
					lineinfo_inline_fn fn, void *ctx)
{
	char name[LINEINFO_INLINE_NAME_LEN];
	struct lineinfo_loc at = *loc;
	unsigned int i, shown = 0;

	for (i = n; i-- > 0 && shown < LINEINFO_PRINT_INLINE; shown++) {
		if (i + 1 < n) {
			at.file = calls[i + 1].file;
			at.line = calls[i + 1].line;
		}
		if (lineinfo_call_name(&calls[i], name, sizeof(name)) == sizeof(name) - 1)
			strscpy(name + sizeof(name) - 4, "...", 4);
		fn(ctx, name, at.file ? &at : NULL);
	}
	if (n > shown)
		fn(ctx, NULL, NULL);
	return shown + (n > shown);
}

/*
 * Decode @addr once: its location into @loc and its inline chain into
 * @calls; return the depth of the chain, 0 if there is none or it is too
 * deep to have been kept whole, or -1 without line information at @addr.
 * Call with preemption disabled.
 */
static int lineinfo_decode(unsigned long addr, struct lineinfo_loc *loc,
			   struct lineinfo_call *calls)
{
	unsigned long offset;
	unsigned int range, n;
	const void *blob;

	if (!lineinfo_place(addr, &blob, &range, &offset) ||
	    !lineinfo_blob_find(blob, range, offset, loc))
		return -1;
	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE))
		return 0;
	n = lineinfo_blob_inline(blob, range, offset, calls, LINEINFO_MAX_DEPTH);
	return n > LINEINFO_MAX_DEPTH ? 0 : n;
}

/**
 * kallsyms_lineinfo_walk_inline - the inlined calls at a code address
 * @addr: the address, as for kallsyms_lineinfo_lookup()
 * @fn: called for each inlined call holding @addr, innermost first, with
 *	the inlined function's name and the place in it: for the innermost
 *	the location of @addr, for the others the call of the one inside
 *	(NULL if unknown); once more with a NULL name if the chain is deeper
 *	than LINEINFO_PRINT_INLINE and was cut at the outer end
 * @ctx: passed to @fn
 *
 * @fn runs with preemption disabled and must not keep the pointers.
 * Nothing happens without CONFIG_KALLSYMS_LINEINFO_INLINE, without inlined
 * code at @addr, or with annotations switched off.  Safe in NMI context if
 * @fn is.
 *
 * Return: the number of calls of @fn.
 */
unsigned int kallsyms_lineinfo_walk_inline(unsigned long addr, lineinfo_inline_fn fn,
					   void *ctx)
{
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	struct lineinfo_loc loc;
	unsigned int shown = 0;
	int n;

	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE) || !READ_ONCE(lineinfo_enable))
		return 0;
	preempt_disable_notrace();
	n = lineinfo_decode(addr, &loc, calls);
	if (n > 0)
		shown = lineinfo_walk_chain(calls, n, &loc, fn, ctx);
	preempt_enable_notrace();
	return shown;
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_walk_inline);

struct lineinfo_print {
	const char *log_lvl;
	const char *prefix;
};

static void lineinfo_print_one(void *ctx, const char *name, const struct lineinfo_loc *loc)
{
	const struct lineinfo_print *p = ctx;
	char where[KSYM_LINEINFO_LEN];

	where[0] = '\0';
	if (loc)
		lineinfo_format(where, sizeof(where), loc);
	printk("%s%s%s%s [inline]\n", p->log_lvl, p->prefix, name ?: "...", where);
}

/**
 * kallsyms_lineinfo_frame - the source location of a backtrace frame
 * @buf: destination for " (file:line)", or "" without one
 * @size: bytes available at @buf; KSYM_LINEINFO_LEN is enough
 * @addr: the address looked up: the exact ip of an interrupted frame, the
 *	return address minus one for the others
 * @log_lvl: the log level of the trace, or NULL to print no [inline] lines
 * @prefix: what the trace prints before a frame's symbol, e.g. " ? "
 *
 * Decodes @addr once.  With CONFIG_KALLSYMS_LINEINFO_INLINE, if @addr lies
 * in inlined code, @buf gets the line in the frame's own function, the call
 * of the outermost inlined function, and unless @log_lvl is NULL, one line
 * per inlined call is printed first, innermost first, the way syzbot
 * reports show them:
 *
 *   ? __hlist_del (include/linux/list.h:992) [inline]
 *   ? hlist_del_init (include/linux/list.h:1029) [inline]
 *   ? d_drop+0x2d/0x90 (fs/dcache.c:563)
 *
 * At most LINEINFO_PRINT_INLINE lines, then "... [inline]" for a deeper
 * chain.  Otherwise @buf gets the line of @addr.  The caller prints the
 * frame afterwards, with @buf after its symbol, so that no lookup runs
 * nested inside printk().  No locks, no allocation: safe in NMI and panic
 * context.
 *
 * Return: the number of characters stored in @buf.
 */
int kallsyms_lineinfo_frame(char *buf, size_t size, unsigned long addr,
			    const char *log_lvl, const char *prefix)
{
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	struct lineinfo_print p = { log_lvl, prefix };
	struct lineinfo_loc loc;
	int n, len = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (!READ_ONCE(lineinfo_enable))
		return 0;
	preempt_disable_notrace();
	n = lineinfo_decode(addr, &loc, calls);
	if (n > 0 && log_lvl)
		lineinfo_walk_chain(calls, n, &loc, lineinfo_print_one, &p);
	if (n > 0 && calls[0].file) {
		/* in inlined code, the line in the function itself */
		loc.file = calls[0].file;
		loc.line = calls[0].line;
	}
	if (n >= 0)
		len = lineinfo_format(buf, size, &loc);
	preempt_enable_notrace();
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_frame);

#ifdef CONFIG_KALLSYMS_PARAMINFO
/* Longest parameter name and type printed; longer ones are cut */
#define LINEINFO_ARG_LEN	96

struct lineinfo_argprint {
	struct pt_regs *regs;
	const char *log_lvl;
	struct lineinfo_loc loc;	/* of the address */
	unsigned int scopes;		/* printed */
};

/*
 * The "Arguments of" line of a scope.  Kept apart from the parameter
 * lines: its %ps runs the deepest printk() of the block, so nothing else
 * shares its stack frame.
 */
static noinline void lineinfo_print_scope(const struct lineinfo_argprint *p,
					  const struct lineinfo_args *a)
{
	char name[LINEINFO_ARG_LEN], where[KSYM_LINEINFO_LEN];
	struct lineinfo_loc loc = p->loc;

	/* the place in the scope: the call of the one inside, or the address */
	if (a->file) {
		loc.file = a->file;
		loc.line = a->line;
	}
	where[0] = '\0';
	if (loc.file)
		lineinfo_format(where, sizeof(where), &loc);
	if (a->depth) {
		lineinfo_name(a->blob, a->name, name, sizeof(name));
		printk("%sArguments of %s%s [inline]:\n", p->log_lvl, name, where);
	} else {
		printk("%sArguments of %ps%s:\n", p->log_lvl,
		       (void *)instruction_pointer(p->regs), where);
	}
}

static void lineinfo_print_args(void *ctx, const struct lineinfo_args *a)
{
	struct lineinfo_argprint *p = ctx;
	char name[LINEINFO_ARG_LEN], type[LINEINFO_ARG_LEN];
	const char *reg;
	unsigned long val;
	unsigned int i;

	if (p->scopes++ > LINEINFO_PRINT_INLINE)
		return;
	lineinfo_print_scope(p, a);
	for (i = 0; i < a->nr_args && i < LINEINFO_MAX_ARGS; i++) {
		lineinfo_name(a->blob, a->arg_name[i], name, sizeof(name));
		lineinfo_name(a->blob, a->arg_type[i], type, sizeof(type));
		reg = a->reg[i] < 0 ? NULL : arch_lineinfo_reg(p->regs, a->reg[i], &val);
		if (!reg)
			printk("%s %s (%s) = <unknown here>\n", p->log_lvl, name, type);
		else
			printk("%s %s (%s) = %#lx [%s]\n", p->log_lvl, name, type, val, reg);
	}
	if (a->nr_args > LINEINFO_MAX_ARGS)
		printk("%s ...\n", p->log_lvl);
}

/**
 * kallsyms_lineinfo_show_args - print the arguments the registers hold
 * @regs: the registers of a kernel-mode exception, as the report printed
 *	them; their instruction pointer is the exact address of the
 *	faulting or trapping instruction
 * @log_lvl: the log level of the report
 *
 * After the register dump of an oops, BUG() or WARN, prints the parameters
 * of the function at that address, and of the calls inlined there that
 * have a parameter in a register, innermost first:
 *
 *   Arguments of ext4_readdir (fs/ext4/dir.c:131):
 *    file (struct file *) = 0xffff888123456000 [rdi]
 *    ctx (struct dir_context *) = <unknown here>
 *
 * A value is printed only where the DWARF location of the parameter, at
 * exactly that address, is that one register (see kallsyms_lineinfo.h); the
 * value comes from @regs, so nothing is read from memory and nothing is
 * shown that the register dump does not.  At most LINEINFO_PRINT_INLINE + 1
 * scopes of LINEINFO_MAX_ARGS parameters; names and types longer than
 * LINEINFO_ARG_LEN - 1 are cut.  Nothing is printed with annotations
 * switched off.  No locks, no allocation: safe in NMI and panic context.
 */
void kallsyms_lineinfo_show_args(struct pt_regs *regs, const char *log_lvl)
{
	struct lineinfo_argprint p = { .regs = regs, .log_lvl = log_lvl };
	unsigned long offset;
	unsigned int range;
	const void *blob;

	if (!READ_ONCE(lineinfo_enable))
		return;
	preempt_disable_notrace();
	if (lineinfo_place(instruction_pointer(regs), &blob, &range, &offset)) {
		if (!lineinfo_blob_find(blob, range, offset, &p.loc))
			p.loc.file = NULL;
		lineinfo_blob_args(blob, range, offset, lineinfo_print_args, &p);
	}
	preempt_enable_notrace();
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_show_args);
#endif /* CONFIG_KALLSYMS_PARAMINFO */

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
	int range = lineinfo_table_check(t);

	if (range == -ENOEXEC)
		pr_warn("%s table has the wrong byte order, no file:line in backtraces\n",
			t->section);
	else if (range < 0 && range != -ENOENT)
		pr_warn("%s table is malformed (%d), no file:line in backtraces\n",
			t->section, range);
}

#ifdef CONFIG_DEBUG_FS
/* Bytes of a vmlinux table, 0 if it is absent or unusable. */
static unsigned long lineinfo_table_size(struct lineinfo_table *t)
{
	return lineinfo_table_check(t) >= 0 ? t->end - t->start : 0;
}

/*
 * <debugfs>/kallsyms_lineinfo/tables: which tables this kernel has, for
 * tools and tests that must know whether to expect annotations.  One
 * "name value" line each: the bytes of the usable .text and .init.text
 * tables (0 if absent or unusable; "freed" once init memory is gone), and
 * whether modules can carry tables.
 */
static int lineinfo_tables_show(struct seq_file *m, void *v)
{
	seq_printf(m, ".text %lu\n", lineinfo_table_size(&lineinfo_text));
	/* as in kallsyms_lineinfo_frame(): init memory stays until we are done */
	preempt_disable();
	if (READ_ONCE(lineinfo_init_live))
		seq_printf(m, ".init.text %lu\n", lineinfo_table_size(&lineinfo_inittext));
	else
		seq_puts(m, ".init.text freed\n");
	preempt_enable();
	seq_printf(m, "modules %c\n", IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES) ? 'y' : 'n');
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lineinfo_tables);

static int __init lineinfo_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("kallsyms_lineinfo", NULL);

	debugfs_create_file("tables", 0444, dir, NULL, &lineinfo_tables_fops);
	return 0;
}
late_initcall(lineinfo_debugfs_init);
#endif /* CONFIG_DEBUG_FS */

static int __init kallsyms_lineinfo_check_tables(void)
{
	lineinfo_table_report(&lineinfo_text);
	lineinfo_table_report(&lineinfo_inittext);
	return 0;
}
core_initcall(kallsyms_lineinfo_check_tables);
