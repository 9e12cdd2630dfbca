/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The decoder of the file:line tables: what its files share.  Pure C over
 * a blob, for the kernel (kernel/kallsyms_lineinfo.c, kernel/module/) and,
 * unchanged, for userspace programs built against tools/include with
 * -DLINEINFO_DECODER.  Nothing here takes a lock, allocates or touches
 * state outside the blob: it runs from backtrace printing, in NMI, panic
 * and early boot context, and every loop is bounded by the size of a block
 * or by a binary search.  A malformed table makes a lookup fail; it never
 * makes it read outside the blob.
 */
#ifndef _LIB_LINEINFO_DECODE_H
#define _LIB_LINEINFO_DECODE_H

#ifdef __KERNEL__
#include <kunit/visibility.h>
#else
#include <linux/export.h>
#define EXPORT_SYMBOL_IF_KUNIT(sym) EXPORT_SYMBOL(sym)
#endif
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kallsyms_lineinfo.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/unaligned.h>

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

static inline bool lineinfo_span_ok(const struct lineinfo_span *s, u32 blob_size,
				    u32 align)
{
	return s->off <= blob_size && s->size <= blob_size - s->off &&
	       !(s->off & (align - 1));
}

/*
 * A string area holds no control characters: a table that is printed into
 * the log must not break a line or send terminal escapes.  Bytes from 0x80
 * up stay (UTF-8 paths, and the name tokens of inline.c).
 */
static inline bool lineinfo_text_ok(const char *s, u32 size)
{
	u32 i;

	for (i = 0; i < size; i++)
		if (s[i] && ((u8)s[i] < 0x20 || s[i] == 0x7f))
			return false;
	return true;
}

static inline const struct lineinfo_range *lineinfo_ranges(const void *blob)
{
	return lineinfo_at(blob, lineinfo_hdr(blob)->ranges.off);
}

static inline u32 lineinfo_nr_ranges(const void *blob)
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

static inline u32 lineinfo_group_key(const void *blob, const void *groups, u32 i)
{
	return ((const struct lineinfo_group *)groups)[i].offset;
}

static inline u32 lineinfo_block_key(const void *blob, const void *r, u32 i)
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

/* The inline sub-table, or NULL if the blob has none (checked). */
static inline const struct lineinfo_inlines *lineinfo_inline_hdr(const void *blob)
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

static inline void lineinfo_inline_start(struct lineinfo_inline_state *st)
{
	memset(st, 0, sizeof(*st));
}

/* Read @n bits, 1 to 32, the first read the most significant. */
static inline bool lineinfo_bits_read(struct lineinfo_bits *b, unsigned int n, u32 *val)
{
	if (b->pos >= b->end || b->end - b->pos < n)
		return false;
	*val = lineinfo_bits_peek(b) >> (64 - n);
	b->pos += n;
	return true;
}

static inline bool lineinfo_bits_bit(struct lineinfo_bits *b, u32 *bit)
{
	return lineinfo_bits_read(b, 1, bit);
}

static inline const struct lineinfo_inline_range *
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

/* The parameter sub-table, or NULL if the blob has none (checked). */
static inline const struct lineinfo_params *lineinfo_params_hdr(const void *blob)
{
	const struct lineinfo_header *h = lineinfo_hdr(blob);

	if (h->hdr_size < LINEINFO_HDR_PARAMS || !h->params.size || !lineinfo_inline_hdr(blob))
		return NULL;
	return lineinfo_at(blob, h->params.off);
}

static inline const struct lineinfo_param_range *
lineinfo_params_range_at(const void *blob, const struct lineinfo_params *pp, unsigned int range)
{
	return (const struct lineinfo_param_range *)lineinfo_at(blob, pp->ranges.off) + range;
}

/* lines.c */
bool lineinfo_bits_eg(struct lineinfo_bits *b, unsigned int k, u32 *val);
bool lineinfo_bits_unary(struct lineinfo_bits *b, u32 *val);
bool lineinfo_range_ok(const struct lineinfo_header *h, const struct lineinfo_range *r);
bool lineinfo_range_entries_ok(const void *blob, const struct lineinfo_range *r);

/* inline.c */
bool lineinfo_inline_next(struct lineinfo_bits *b, const struct lineinfo_inline_range *ir,
			  struct lineinfo_inline_state *st, u32 block_offset, u32 text_size,
			  struct lineinfo_irec *x, unsigned int *depth);
bool lineinfo_inline_call(const void *blob, const struct lineinfo_inlines *in, u32 parent,
			  struct lineinfo_irec *x);
void lineinfo_inline_commit(struct lineinfo_inline_state *st, const struct lineinfo_irec *x,
			    unsigned int depth);
u32 lineinfo_inline_block_end(const void *blob, const struct lineinfo_inline_range *ir, u32 i);
bool lineinfo_inlines_ok(const void *blob, bool full);
const char *lineinfo_call_site(const void *blob, const struct lineinfo_irec *x, unsigned int *line);
unsigned int lineinfo_inline_decode(const void *blob, unsigned int range, unsigned long offset,
				    struct lineinfo_inline_state *st, u32 *blk);

/* params.c */
bool lineinfo_params_ok(const void *blob, bool full);

#endif /* _LIB_LINEINFO_DECODE_H */
