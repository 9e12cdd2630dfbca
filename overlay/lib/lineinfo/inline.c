// SPDX-License-Identifier: GPL-2.0
/*
 * Inline chains: the records of the inline sub-table, the chain of
 * calls at an offset, and the tokenized names (see include/linux/kallsyms_lineinfo.h
 * for the format).
 */

#include "decode.h"

/*
 * Decode the next record of a block into @x and @depth; the caller makes it
 * st->rec[@depth] and st->depth.  The first record of a block starts at
 * @block_offset.  Checks what the lookup relies
 * on: depth 1 to LINEINFO_MAX_DEPTH, one below the previous record at most,
 * starts in order, inside the caller, and within @text_size.
 */
bool lineinfo_inline_next(struct lineinfo_bits *b,
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
bool lineinfo_inline_call(const void *blob, const struct lineinfo_inlines *in,
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

void lineinfo_inline_commit(struct lineinfo_inline_state *st,
			    const struct lineinfo_irec *x, unsigned int depth)
{
	st->rec[depth] = *x;
	st->depth = depth;
}

static u32 lineinfo_inline_block_key(const void *blob, const void *ir, u32 i)
{
	u32 bit;

	return lineinfo_inline_block(blob, ir, i, &bit);
}

/* The bit where block @i ends: the next block's start, or the stream's end. */
u32 lineinfo_inline_block_end(const void *blob, const struct lineinfo_inline_range *ir,
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
		snprintf(buf, size, "??");
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_name);

/*
 * Every name id resolves: the names area holds @nr_names names, and the
 * name index the offset of every LINEINFO_NAME_GROUP-th one.
 */
static bool lineinfo_names_ok(const void *blob, const struct lineinfo_inlines *in)
{
	const char *names = lineinfo_at(blob, in->names.off);
	const u32 *index = lineinfo_at(blob, in->name_index.off);
	const char *end;
	u32 id, off = 0;

	for (id = 0; id < in->nr_names; id++) {
		if (off >= in->names.size ||
		    (!(id % LINEINFO_NAME_GROUP) && index[id / LINEINFO_NAME_GROUP] != off))
			return false;
		end = memchr(names + off, '\0', in->names.size - off);
		if (!end)
			return false;
		off = end - names + 1;
	}
	return true;
}

/*
 * Every token string ends inside @tokens; with @full, no name uses a token
 * the blob does not have, and no name or token has a control character.
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
	if (full && (!lineinfo_text_ok(tokens, in->tokens.size) ||
		     !lineinfo_text_ok((const char *)names, in->names.size)))
		return false;
	for (i = 0; full && i < in->names.size; i++)
		if (names[i] >= LINEINFO_TOKEN + nr_tokens)
			return false;
	return true;
}

bool lineinfo_inlines_ok(const void *blob, bool full)
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
	if (full && (!lineinfo_names_ok(blob, in) || !lineinfo_inline_calls_ok(blob, in)))
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
const char *lineinfo_call_site(const void *blob, const struct lineinfo_irec *x,
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
unsigned int lineinfo_inline_decode(const void *blob, unsigned int range,
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
