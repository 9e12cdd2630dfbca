// SPDX-License-Identifier: GPL-2.0
/*
 * The bit reader's variable-length codes, the line tables, and the
 * lookup of an offset in them (see include/linux/kallsyms_lineinfo.h
 * for the format).
 */

#include "decode.h"

/*
 * Read an Exp-Golomb number of order @k: z zeros, then z + k + 1 bits.
 * Short codes, by far the most common, come out of a single 64-bit load.
 */
bool lineinfo_bits_eg(struct lineinfo_bits *b, unsigned int k, u32 *val)
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
bool lineinfo_bits_unary(struct lineinfo_bits *b, u32 *val)
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

bool lineinfo_range_ok(const struct lineinfo_header *h,
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
bool lineinfo_range_entries_ok(const void *blob,
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
