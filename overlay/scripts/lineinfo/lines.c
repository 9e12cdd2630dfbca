// SPDX-License-Identifier: GPL-2.0
/*
 * gen_lineinfo, stage "build and encode the line tables": sort the line
 * rows, keep one entry per address and location change, and code each
 * range's entries into the bit stream, block index and fast index that
 * lib/lineinfo/lines.c reads.  The Exp-Golomb coder and the block index
 * here are shared with the inline chains and the parameter locations.
 */

#include <stdlib.h>
#include <string.h>

#include "gen_lineinfo.h"

/*
 * Order rows by range, then offset; at one offset a real row comes after
 * the end of another sequence, so that it wins.  Rows of equal key keep
 * their DWARF order, which makes "the last row at an address" well
 * defined.
 */
static __u64 row_key(const struct row *r)
{
	return (__u64)r->range << 33 | (__u64)r->off << 1 | !!r->file;
}

struct run {
	size_t start;
	size_t len;
	__u64 first;
};

static int cmp_run(const void *a, const void *b)
{
	const struct run *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * libdw hands out each CU's rows sorted, and line-table sequences of
 * different CUs do not overlap, so cut the rows into sorted runs that end
 * at each gap (end of sequence): sorting the runs and checking that they
 * line up is about linear.  Returns false if some runs overlap.
 */
static bool sort_rows_by_runs(struct gen_ctx *ctx)
{
	struct run *runs = NULL;
	size_t nr_runs = 0, alloc = 0, i, n = 0;
	struct row *out;
	__u64 last = 0;

	for (i = 0; i < ctx->nr_rows; i++) {
		if (i && ctx->rows[i - 1].file &&
		    row_key(&ctx->rows[i]) >= row_key(&ctx->rows[i - 1])) {
			runs[nr_runs - 1].len++;
			continue;
		}
		if (nr_runs >= alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			runs = xrealloc(runs, alloc * sizeof(*runs));
		}
		runs[nr_runs++] = (struct run){ i, 1, row_key(&ctx->rows[i]) };
	}
	if (!nr_runs)
		return true;
	qsort(runs, nr_runs, sizeof(*runs), cmp_run);
	for (i = 0; i < nr_runs; i++) {
		if (i && runs[i].first < last) {
			free(runs);
			return false;
		}
		last = row_key(&ctx->rows[runs[i].start + runs[i].len - 1]);
	}
	out = xcalloc(ctx->nr_rows, sizeof(*out));
	for (i = 0; i < nr_runs; i++) {
		memcpy(out + n, ctx->rows + runs[i].start, runs[i].len * sizeof(*out));
		n += runs[i].len;
	}
	free(runs);
	free(ctx->rows);
	ctx->rows = out;
	return true;
}

#define RADIX_BITS	11

static unsigned int radix_digit(const struct row *r, unsigned int shift)
{
	return (row_key(r) >> shift) & ((1 << RADIX_BITS) - 1);
}

/* The general case: a stable LSD radix sort on the 42-bit key. */
static void sort_rows(struct gen_ctx *ctx)
{
	struct row *tmp, *src = ctx->rows, *dst;
	size_t *count;
	unsigned int shift;
	size_t i;

	if (sort_rows_by_runs(ctx))
		return;
	tmp = xcalloc(ctx->nr_rows, sizeof(*tmp));
	count = xcalloc(1 << RADIX_BITS, sizeof(*count));
	dst = tmp;
	for (shift = 0; shift < 44; shift += RADIX_BITS) {
		size_t sum = 0;

		memset(count, 0, sizeof(*count) << RADIX_BITS);
		for (i = 0; i < ctx->nr_rows; i++)
			count[radix_digit(&src[i], shift)]++;
		for (i = 0; i < (1 << RADIX_BITS); i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < ctx->nr_rows; i++)
			dst[count[radix_digit(&src[i], shift)]++] = src[i];
		tmp = src;
		src = dst;
		dst = tmp;
	}
	free(dst);
	free(count);
	ctx->rows = src;
}

static int cmp_func(const void *a, const void *b)
{
	const struct func *x = a, *y = b;

	if (x->range != y->range)
		return x->range < y->range ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->size < y->size ? -1 : x->size > y->size;
}

/* The first of the rows @w[0..n) at or after offset @off (n if none). */
static size_t row_at(const struct row *w, size_t n, __u32 off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (w[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The first instructions of a function may have no line row of their own:
 * with -fpatchable-function-entry=N,M (arm64 ftrace) GCC 12 often puts
 * the function's first row after the entry NOPs, and x86 asm may start with an
 * ALTERNATIVE's NOPs.  The last row of the function before then covers
 * them, and a return address from ftrace_caller or a probe at the symbol
 * would print that function's line.  Where no row starts at a function
 * symbol and the row in effect there started inside the previous function
 * (not in the padding between them, which GCC may give the new function's
 * line), move the function's first rows back to the symbol.  @w are the
 * rows of range @r, sorted; @f its function symbols, sorted by offset.
 */
static void own_function_entries(struct range *r, struct row *w, size_t nw,
				 const struct func *f, size_t nf)
{
	__u64 prev_end = 0;
	size_t i, k, m;

	for (i = 0; i < nf; i++) {
		__u32 start = f[i].off;
		__u64 end = (__u64)start + f[i].size;

		/* not the first function, an alias, or one inside another */
		if (i && f[i - 1].off != start && prev_end <= start) {
			k = row_at(w, nw, start);
			if (k && k < nw && w[k].off > start && w[k].off < end && w[k].file &&
			    w[k - 1].file && w[k - 1].off < prev_end) {
				for (m = k; m < nw && w[m].off == w[k].off; m++)
					;
				while (k < m)
					w[k++].off = start;
				r->nr_moved++;
			}
		}
		if (end > prev_end)
			prev_end = end;
	}
}

void build_entries(struct gen_ctx *ctx)
{
	size_t i = 0, j, k, fn = 0;

	sort_rows(ctx);
	if (ctx->nr_funcs)
		qsort(ctx->funcs, ctx->nr_funcs, sizeof(*ctx->funcs), cmp_func);
	while (i < ctx->nr_rows) {
		__u32 rid = ctx->rows[i].range;
		struct range *r = ctx->all_ranges[rid];

		for (j = i; j < ctx->nr_rows && ctx->rows[j].range == rid; j++)
			;
		/* the function symbols of this range */
		for (; fn < ctx->nr_funcs && ctx->funcs[fn].range < rid; fn++)
			;
		for (k = fn; k < ctx->nr_funcs && ctx->funcs[k].range == rid; k++)
			;
		own_function_entries(r, ctx->rows + i, j - i, ctx->funcs + fn, k - fn);
		fn = k;
		r->entries = xcalloc(j - i, sizeof(*r->entries));
		for (; i < j; i++) {
			struct row *w = &ctx->rows[i];
			struct entry *last;

			/* the last row at an address wins */
			if (i + 1 < j && ctx->rows[i + 1].off == w->off)
				continue;
			last = r->nr_entries ? &r->entries[r->nr_entries - 1] : NULL;
			if (!last && !w->file)
				continue;	/* leading gap */
			if (last && last->file == w->file && last->line == w->line)
				continue;	/* same location */
			r->entries[r->nr_entries++] = (struct entry){
				(__u32)w->off, w->file, w->line };
		}
	}
	free(ctx->rows);
	ctx->rows = NULL;
	free(ctx->funcs);
	ctx->funcs = NULL;
}

#define HOLE_MIN	4096

/*
 * The two-level block index stores 16-bit offsets within a group of
 * blocks (see encode_index()), and a big hole without code, like the
 * padding in front of the entry text, would make a group span more than
 * that and force small groups on the whole range.  Move the entry after
 * such a hole to the start of a group instead, by repeating the entry in
 * front of the hole at the next few bytes: a repeat costs 5 bits.
 */
static bool fill_holes(struct gen_ctx *ctx, struct range *r)
{
	__u32 per_group = 1U << (ctx->opt.block_shift + GROUP_SHIFT);
	__u32 i, n = 0, extra = 0;
	struct entry *e;

	for (i = 0; i + 1 < r->nr_entries; i++)
		if (r->entries[i + 1].off - r->entries[i].off > HOLE_MIN)
			extra += per_group;
	if (!extra)
		return false;
	e = xcalloc((size_t)r->nr_entries + extra, sizeof(*e));
	for (i = 0; i < r->nr_entries; i++) {
		e[n++] = r->entries[i];
		if (i + 1 < r->nr_entries &&
		    r->entries[i + 1].off - r->entries[i].off > HOLE_MIN) {
			__u32 k, pad = (per_group - n % per_group) % per_group;

			for (k = 1; k <= pad; k++) {
				e[n] = r->entries[i];
				e[n++].off += k;
			}
		}
	}
	free(r->entries);
	r->entries = e;
	r->nr_fillers = n - r->nr_entries;
	r->nr_entries = n;
	return true;
}

/*
 * Sections without line information cost a range header each: drop them.
 * The kernel takes at most LINEINFO_MAX_RANGES of the rest; never truncate.
 */
void drop_empty_ranges(struct gen_ctx *ctx, struct blob *b)
{
	unsigned int i, n = 0;

	if (b->all_text) {
		for (i = 0; i < b->nr_ranges; i++)
			if (b->ranges[i]->nr_entries)
				b->ranges[n++] = b->ranges[i];
		b->nr_ranges = n;
	}
	if (b->nr_ranges > LINEINFO_MAX_RANGES)
		fatal(ctx, "%u text sections with line information, more than a table holds (%u)",
		      b->nr_ranges, LINEINFO_MAX_RANGES);
}

/* Append the low @n bits of @v, most significant first. */
void put_bits(struct bitbuf *b, __u64 v, unsigned int n)
{
	if (((b->bits + n) >> 3) + 1 >= b->alloc) {
		size_t old = b->alloc;

		b->alloc = b->alloc ? b->alloc * 2 : 4096;
		b->p = xrealloc(b->p, b->alloc);
		memset(b->p + old, 0, b->alloc - old);
	}
	while (n) {
		unsigned int room = 8 - (b->bits & 7);
		unsigned int take = n < room ? n : room;
		unsigned int chunk = (v >> (n - take)) & ((1U << take) - 1);

		b->p[b->bits >> 3] |= chunk << (room - take);
		b->bits += take;
		n -= take;
	}
}

static unsigned int ilog2_64(__u64 v)
{
	return 63 - __builtin_clzll(v);
}

unsigned int eg_cost(__u64 v, unsigned int k)
{
	unsigned int n = ilog2_64(v + (1ULL << k)) + 1;

	return 2 * n - k - 1;
}

void put_eg(struct bitbuf *b, __u64 v, unsigned int k)
{
	__u64 x = v + (1ULL << k);
	unsigned int n = ilog2_64(x) + 1;

	put_bits(b, 0, n - k - 1);
	put_bits(b, x, n);
}

__u32 zigzag(int64_t d)
{
	return d >= 0 ? (__u32)(2 * d) : (__u32)(-2 * d - 1);
}

/*
 * Walk the entries of a range as the decoder will, calling @emit for each
 * coded field.  Used both to measure (choose k) and to write.
 */
enum field { F_ADDR, F_FILE, F_LINE, F_OP };

struct walker {
	void (*emit)(struct walker *w, enum field f, __u64 v);
	struct bitbuf *bb;
	const struct lineinfo_range *hdr;
	__u64 hist[3][LINEINFO_MAX_K + 1];	/* bits of each field, by k */
	__u64 *small[3];			/* counts of values < SMALL */
};

#define SMALL	65536

static void walk_range(struct walker *w, const struct range *r, unsigned int block_shift,
		       const __u32 *local, __u32 *blocks)
{
	__u32 n = 1U << block_shift, i, off = 0;
	__u32 cf[LINEINFO_CACHE], cl[LINEINFO_CACHE];	/* [0] is current */

	for (i = 0; i < r->nr_entries; i++) {
		const struct entry *e = &r->entries[i];
		__u32 f = local[e->file], line;
		unsigned int j, q;

		if (!(i % n)) {
			if (blocks) {
				blocks[2 * (i / n)] = e->off;
				blocks[2 * (i / n) + 1] = (__u32)w->bb->bits;
			}
			w->emit(w, F_FILE, f);
			if (f)
				w->emit(w, F_LINE, e->line);
			memset(cf, 0, sizeof(cf));
			memset(cl, 0, sizeof(cl));
			cf[0] = f;
			cl[0] = f ? e->line : 0;
			off = e->off;
			continue;
		}
		w->emit(w, F_ADDR, e->off - off - 1);
		off = e->off;

		/* the first cache entry with this file, or a new file */
		for (j = 0; j < LINEINFO_CACHE && cf[j] != f; j++)
			;
		w->emit(w, F_OP, j);
		if (j == LINEINFO_CACHE)
			w->emit(w, F_FILE, f);
		line = j < LINEINFO_CACHE ? cl[j] : cl[0];
		for (q = j < LINEINFO_CACHE ? j : LINEINFO_CACHE - 1; q > 0; q--) {
			cf[q] = cf[q - 1];
			cl[q] = cl[q - 1];
		}
		cf[0] = f;
		cl[0] = line;
		if (f) {
			w->emit(w, F_LINE, zigzag((int64_t)e->line - line));
			cl[0] = e->line;
		}
	}
}

/* The file op codes, by cache position (LINEINFO_CACHE: new file). */
static const struct { __u8 code, bits; } file_ops[LINEINFO_CACHE + 1] = {
	{ 0x0, 1 }, { 0x2, 2 }, { 0xc, 4 }, { 0xd, 4 }, { 0x7, 3 },
};

static void measure_emit(struct walker *w, enum field f, __u64 v)
{
	unsigned int k;

	/* op codes do not depend on k */
	if (f == F_OP)
		return;
	/* first lines are absolute; they share k_line with the deltas */
	if (v < SMALL) {
		w->small[f][v]++;
		return;
	}
	for (k = 0; k <= LINEINFO_MAX_K; k++)
		w->hist[f][k] += eg_cost(v, k);
}

static void write_emit(struct walker *w, enum field f, __u64 v)
{
	switch (f) {
	case F_OP:
		put_bits(w->bb, file_ops[v].code, file_ops[v].bits);
		break;
	case F_ADDR:
		put_eg(w->bb, v, w->hdr->k_addr);
		break;
	case F_FILE:
		put_eg(w->bb, v, w->hdr->k_file);
		break;
	case F_LINE:
		put_eg(w->bb, v, w->hdr->k_line);
		break;
	}
}

unsigned int best_k(const __u64 *hist)
{
	unsigned int k, best = 0;

	for (k = 1; k <= LINEINFO_MAX_K; k++)
		if (hist[k] < hist[best])
			best = k;
	return best;
}

/*
 * Order @n ids of the table @t by @count, the most used first, then by
 * string, so that the output does not depend on the order ids were given
 * in: a decorated copy is sorted, as qsort() takes no context argument
 * (qsort_r() is not portable to every build host).
 */
struct id_count {
	__u64 count;
	const char *str;
	__u32 id;
};

static int cmp_id_count(const void *x, const void *y)
{
	const struct id_count *a = x, *b = y;
	int c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	c = strcmp(a->str, b->str);
	if (c)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

void sort_ids_by_count(__u32 *ids, __u32 n, const __u64 *count, const struct strtab *t)
{
	struct id_count *d = xcalloc(n, sizeof(*d));
	__u32 i;

	for (i = 0; i < n; i++)
		d[i] = (struct id_count){ count[ids[i]], t->str[ids[i]], ids[i] };
	if (n)
		qsort(d, n, sizeof(*d), cmp_id_count);
	for (i = 0; i < n; i++)
		ids[i] = d[i].id;
	free(d);
}

/* Assign blob-local file ids, most used first, so they code shortest. */
void assign_files(struct gen_ctx *ctx, struct blob *b)
{
	__u64 *count = xcalloc(ctx->file_tab.nr, sizeof(*count));
	__u32 *order = xcalloc(ctx->file_tab.nr, sizeof(*order));
	__u32 i, j, n = 0;

	for (i = 0; i < b->nr_ranges; i++) {
		for (j = 0; j < b->ranges[i]->nr_entries; j++)
			count[b->ranges[i]->entries[j].file]++;
	}
	/* hook: --inline, the call sites of inlined calls */
	if (ctx->opt.inline_chains)
		inline_count_files(b, count);
	for (i = 1; i < ctx->file_tab.nr; i++)
		if (count[i])
			order[n++] = i;
	sort_ids_by_count(order, n, count, &ctx->file_tab);
	b->file_map = xcalloc(ctx->file_tab.nr, sizeof(*b->file_map));
	b->file_of_local = xcalloc(n + 1, sizeof(*b->file_of_local));
	for (i = 0; i < n; i++) {
		b->file_map[order[i]] = i + 1;
		b->file_of_local[i + 1] = order[i];
	}
	b->nr_files = n + 1;
	free(count);
	free(order);
}

/*
 * Split @n blocks, pairs of absolute (offset, bit) in @pairs, into groups
 * of absolute values and 16-bit deltas, with the largest group that keeps
 * every delta in 16 bits.  Both the line entries and the inline records
 * are indexed this way.
 */
void encode_index(struct index *x, const __u32 *pairs, __u32 n)
{
	unsigned int gs = GROUP_SHIFT;
	__u32 i;

	for (;; gs--) {
		bool fits = true;

		for (i = 0; i < n && fits; i++) {
			__u32 g = i & ~((1U << gs) - 1);

			fits = pairs[2 * i] - pairs[2 * g] <= 0xffff &&
			       pairs[2 * i + 1] - pairs[2 * g + 1] <= 0xffff;
		}
		if (fits || !gs)
			break;
	}
	free(x->groups);
	free(x->deltas);
	x->shift = gs;
	x->nr_blocks = n;
	x->nr_groups = (n + (1U << gs) - 1) >> gs;
	x->groups = xcalloc(x->nr_groups ?: 1, sizeof(*x->groups));
	x->deltas = xcalloc(n ?: 1, sizeof(*x->deltas));
	for (i = 0; i < n; i++) {
		__u32 g = i >> gs;

		if (!(i & ((1U << gs) - 1))) {
			x->groups[g].offset = pairs[2 * i];
			x->groups[g].bit = pairs[2 * i + 1];
		}
		x->deltas[i].offset = pairs[2 * i] - x->groups[g].offset;
		x->deltas[i].bit = pairs[2 * i + 1] - x->groups[g].bit;
	}
}

static void encode_range(struct gen_ctx *ctx, struct blob *b, struct range *r)
{
	struct walker w = { .emit = measure_emit };
	struct bitbuf bb = { 0 };
	__u64 size = r->end - r->start;
	__u32 nr_blocks, i, slots, blk;
	unsigned int fs;

	if (size > 0xffffffffU)
		size = 0xffffffffU;
	for (i = 0; i < 3; i++)
		w.small[i] = xcalloc(SMALL, sizeof(__u64));
	walk_range(&w, r, ctx->opt.block_shift, b->file_map, NULL);
	for (i = 0; i < 3; i++) {
		__u32 v;
		unsigned int k;

		for (v = 0; v < SMALL; v++)
			for (k = 0; w.small[i][v] && k <= LINEINFO_MAX_K; k++)
				w.hist[i][k] += w.small[i][v] * eg_cost(v, k);
		free(w.small[i]);
	}
	r->hdr.text_size = (__u32)size;
	r->hdr.nr_entries = r->nr_entries;
	r->hdr.block_shift = ctx->opt.block_shift;
	r->hdr.k_addr = best_k(w.hist[F_ADDR]);
	r->hdr.k_file = best_k(w.hist[F_FILE]);
	r->hdr.k_line = best_k(w.hist[F_LINE]);

	free(r->blocks);
	free(r->bits);
	free(r->fast);
	nr_blocks = (r->nr_entries + (1U << ctx->opt.block_shift) - 1) >> ctx->opt.block_shift;
	r->hdr.nr_blocks = nr_blocks;
	r->blocks = xcalloc(2 * (size_t)nr_blocks, sizeof(__u32));
	w.emit = write_emit;
	w.bb = &bb;
	w.hdr = &r->hdr;
	walk_range(&w, r, ctx->opt.block_shift, b->file_map, r->blocks);
	r->bits_size = ((bb.bits + 7) >> 3) + 8;
	r->bits = xcalloc(r->bits_size, 1);
	if (bb.bits)
		memcpy(r->bits, bb.p, (bb.bits + 7) >> 3);
	free(bb.p);
	if (r->bits_size - 8 > 0xffffffffU / 8)
		fatal(ctx, "line table of %s too large", r->name);

	/*
	 * Fast index: about two blocks per slot keeps the binary search to
	 * one or two steps for the price of a quarter of a u32 per block.
	 */
	fs = 4;
	if (nr_blocks && size / nr_blocks > 1)
		fs = ilog2_64(size / nr_blocks) + 1;
	if (fs > 31)
		fs = 31;
	r->hdr.fast_shift = fs;
	r->hdr.fast_wide = nr_blocks > 0xffff;
	slots = (__u32)(size >> fs) + 2;
	r->fast = xcalloc(slots, r->hdr.fast_wide ? 4 : 2);
	r->nr_fast = slots;
	for (i = 0, blk = 0; i < slots; i++) {
		__u64 start = (__u64)i << fs;

		while (blk + 1 < nr_blocks && r->blocks[2 * (blk + 1)] <= start)
			blk++;
		if (r->hdr.fast_wide)
			((__u32 *)r->fast)[i] = nr_blocks ? blk : 0;
		else
			((__u16 *)r->fast)[i] = nr_blocks ? blk : 0;
	}
	encode_index(&r->index, r->blocks, r->hdr.nr_blocks);
	r->hdr.group_shift = r->index.shift;
}

/* Encode the line table of @r, of the blob @b */
void encode_lines(struct gen_ctx *ctx, struct blob *b, struct range *r)
{
	encode_range(ctx, b, r);
	/* holes forced small groups: fill them and try again */
	if (r->hdr.group_shift < GROUP_SHIFT && fill_holes(ctx, r))
		encode_range(ctx, b, r);
}
