// SPDX-License-Identifier: GPL-2.0
/*
 * gen_lineinfo, --inline: the inline chains.  The DIE walk of each CU
 * collects the address ranges of functions and inlined calls (it also
 * serves --dump-inline and the parameter locations of params.c); then each
 * blob gets its local name ids and the lists of calls made inside inlined
 * functions, each range its record stream, and the blob its inline part:
 * names with tokens, call lists and per-range indexes (see
 * include/linux/kallsyms_lineinfo.h and lib/lineinfo/inline.c).
 */

#include <stdlib.h>
#include <string.h>

#include <dwarf.h>

#include "gen_lineinfo.h"

/*
 * A copy of the name @s for the inline name table, whose bytes 0x80 and
 * up stand for tokens: other bytes of that range (a name that is not
 * ASCII, or corrupt DWARF) become '?'.
 */
char *xstrdup_name(const char *s)
{
	char *d = xstrdup(s), *p;

	for (p = d; *p; p++)
		if ((unsigned char)*p >= LINEINFO_TOKEN)
			*p = '?';
	return d;
}

/*
 * A call made inside an inlined function: the parent and callee names,
 * name_tab ids, and the call site, a file_tab id and a line.
 */
struct call {
	__u32 parent, name, file, line;
	__u64 count;		/* records of this call */
	__u32 idx;		/* position in the parent's list */
};

static __u32 cu_file(struct cu_walk *w, Dwarf_Word idx)
{
	const char *name;

	if (idx >= w->nr_files)
		fatal(w->ctx, "bad call file index %llu in CU %s",
		      (unsigned long long)idx, cu_name(w->ctx, w->cu));
	if (!w->map[idx]) {
		name = dwarf_filesrc(w->files, idx, NULL, NULL);
		w->map[idx] = intern_file(w->ctx, w->comp_dir, name ?: "??");
	}
	return w->map[idx];
}

static void add_inl(struct cu_walk *w, Dwarf_Die *die, __u32 depth,
		    __u32 file, __u32 line, __u32 pset)
{
	struct inline_ctx *c = &w->ctx->chains;
	Dwarf_Addr base, lo, hi;
	ptrdiff_t off = 0;
	const char *name;
	__u32 r, r_end, id = 0;
	__u64 o, o_end;

	while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
		if (lo >= hi || !place(w->ctx, w->mod, w->bias, lo, &r, &o) ||
		    !place(w->ctx, w->mod, w->bias, hi - 1, &r_end, &o_end) ||
		    r != r_end || o_end >= 0xffffffffU)
			continue;
		if (!id) {
			name = dwarf_diename(die);
			id = strtab_intern(&c->name_tab, xstrdup_name(name ?: "??"));
		}
		if (c->nr_inls >= c->inls_alloc) {
			c->inls_alloc = c->inls_alloc ? c->inls_alloc * 2 : 1 << 16;
			c->inls = xrealloc(c->inls, c->inls_alloc * sizeof(*c->inls));
		}
		c->inls[c->nr_inls] = (struct inl){ r, (__u32)o, (__u32)o_end + 1, depth, id,
						    file, line, pset, (__u32)c->nr_inls };
		c->nr_inls++;
	}
	if (off < 0)
		fatal(w->ctx, "bad address ranges in CU %s: %s", cu_name(w->ctx, w->cu),
		      dwarf_errmsg(-1));
}

static void walk_inlines(struct cu_walk *w, Dwarf_Die *parent, __u32 depth);

/*
 * Record the function (@depth 0) or inlined call @die, then the calls
 * inlined into it.  The names of its parameters are interned before its
 * own: name ids follow the DWARF, and the call lists are sorted by them.
 */
static void add_scope(struct cu_walk *w, Dwarf_Die *die, __u32 depth,
		      __u32 file, __u32 line)
{
	const struct gen_opts *opt = &w->ctx->opt;
	__u32 ps = 0;

	/* hook: --params, --dump-params */
	if (opt->params || opt->dump_params)
		ps = params_of_scope(w, die);
	add_inl(w, die, depth, file, line, ps);
	/* hook: --dump-params */
	if (opt->dump_params)
		params_dump_scope(w, die, depth, ps);
	walk_inlines(w, die, depth + 1);
}

/*
 * Record the functions among the children of @parent and the calls inlined
 * into them; @depth is the depth of a call inlined right here.
 */
static void walk_inlines(struct cu_walk *w, Dwarf_Die *parent, __u32 depth)
{
	Dwarf_Attribute attr;
	Dwarf_Word file, line;
	Dwarf_Die die;
	int res;

	for (res = dwarf_child(parent, &die); !res; res = dwarf_siblingof(&die, &die)) {
		switch (dwarf_tag(&die)) {
		case DW_TAG_subprogram:
			add_scope(w, &die, 0, 0, 0);
			break;
		case DW_TAG_inlined_subroutine:
			file = 0;
			line = 0;
			if (dwarf_attr(&die, DW_AT_call_file, &attr) &&
			    dwarf_formudata(&attr, &file))
				fatal(w->ctx, "bad call file in CU %s", cu_name(w->ctx, w->cu));
			if (dwarf_attr(&die, DW_AT_call_line, &attr) &&
			    dwarf_formudata(&attr, &line))
				fatal(w->ctx, "bad call line in CU %s", cu_name(w->ctx, w->cu));
			add_scope(w, &die, depth,
				  dwarf_hasattr(&die, DW_AT_call_file) ? cu_file(w, file) : 0,
				  line <= LINEINFO_MAX_LINE ? (__u32)line : 0);
			break;
		case DW_TAG_lexical_block:
			walk_inlines(w, &die, depth);
			break;
		}
	}
	if (res < 0)
		fatal(w->ctx, "corrupt DIE tree in CU %s: %s", cu_name(w->ctx, w->cu),
		      dwarf_errmsg(-1));
}

/* The functions and inlined calls of the CU of @w */
void inline_walk_cu(struct cu_walk *w)
{
	walk_inlines(w, w->cu, 1);
}

static int cmp_inl(const void *a, const void *b)
{
	const struct inl *x = a, *y = b;

	if (x->range != y->range)
		return x->range < y->range ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	/* e.g. two ranges of one call at one address: as found */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * --dump-inline: one line per range of a function or inlined call,
 * "RANGE LO HI DEPTH NAME CALL_FILE:CALL_LINE", sorted by range, start and
 * depth; the call site of a function (depth 0) is "-".
 */
static void inline_dump(struct gen_ctx *ctx)
{
	size_t i;

	if (ctx->chains.nr_inls)
		qsort(ctx->chains.inls, ctx->chains.nr_inls, sizeof(*ctx->chains.inls), cmp_inl);
	for (i = 0; i < ctx->chains.nr_inls; i++) {
		const struct inl *x = &ctx->chains.inls[i];

		printf("%s %#x %#x %u %s ", ctx->all_ranges[x->range]->name, x->lo, x->hi,
		       x->depth, ctx->chains.name_tab.str[x->name]);
		if (!x->depth)
			printf("-\n");
		else
			printf("%s:%u\n", x->file ? ctx->file_tab.str[x->file] : "??", x->line);
	}
}

/*
 * --inline: give each range its records of depth >= 1, sorted, keeping a
 * record only if it lies inside its caller, one depth below: then the
 * records holding an address are one per depth from 1 up, as the decoder
 * expects.  DWARF where a child range leaves its parent's, or nesting
 * deeper than the format keeps, loses those records, with a warning.
 */
static void inline_sort(struct gen_ctx *ctx)
{
	struct inline_range *c;
	struct inl *stack[LINEINFO_MAX_DEPTH + 1];
	unsigned long long dropped = 0;
	__u32 cur = UINT32_MAX;
	unsigned int n = 0;
	size_t i;

	if (ctx->chains.nr_inls)
		qsort(ctx->chains.inls, ctx->chains.nr_inls, sizeof(*ctx->chains.inls), cmp_inl);
	for (i = 0; i < ctx->chains.nr_inls; i++) {
		struct inl *x = &ctx->chains.inls[i];
		struct range *r = ctx->all_ranges[x->range];

		if (!x->depth) {
			/* hook: --params, functions with parameters */
			if (x->pset)
				params_keep_function(r, x);
			continue;
		}
		if (x->range != cur) {
			cur = x->range;
			n = 0;
		}
		while (n && stack[n - 1]->hi <= x->lo)
			n--;
		if (x->depth > LINEINFO_MAX_DEPTH || x->depth != n + 1 ||
		    (n && x->hi > stack[n - 1]->hi)) {
			dropped++;
			continue;
		}
		stack[n++] = x;
		c = &r->chains;
		if (c->nr_inl % 4096 == 0)
			c->inl = xrealloc(c->inl, (c->nr_inl + 4096) * sizeof(*c->inl));
		c->inl[c->nr_inl++] = *x;
	}
	if (dropped)
		warn(ctx, "%llu inlined call ranges left out: %s %d, or not inside their caller",
		     dropped, "deeper than", LINEINFO_MAX_DEPTH);
}

/*
 * Calls equal in this order are equal in every field (their count is 1
 * and idx 0 when they are sorted, then they are merged): the order is
 * total for what is sorted, whatever the libc's qsort() does with ties.
 */
static int cmp_call_key(const void *x, const void *y)
{
	const struct call *a = x, *b = y;

	if (a->parent != b->parent)
		return a->parent < b->parent ? -1 : 1;
	if (a->name != b->name)
		return a->name < b->name ? -1 : 1;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* Within a parent, the most used first, then by key so the output is stable. */
static int cmp_call_use(const void *x, const void *y)
{
	const struct call *a = *(struct call * const *)x, *b = *(struct call * const *)y;

	if (a->parent != b->parent)
		return a->parent < b->parent ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return cmp_call_key(a, b);
}

/*
 * The records of depth 2 or more of @b, as (parent name, callee name, call
 * site) tuples with their use counts, each with its position in the list
 * of its parent.  The parent of a record is the last record one depth up,
 * as the decoder sees it.
 */
static void build_calls(struct blob *b)
{
	__u32 name_at[LINEINFO_MAX_DEPTH + 1];
	struct call *c = NULL, **order;
	__u32 i, j, n = 0, m = 0;

	for (i = 0; i < b->nr_ranges; i++) {
		const struct range *r = b->ranges[i];

		for (j = 0; j < r->chains.nr_inl; j++) {
			const struct inl *x = &r->chains.inl[j];

			name_at[x->depth] = x->name;
			if (x->depth < 2)
				continue;
			if (n % 4096 == 0)
				c = xrealloc(c, (n + 4096) * sizeof(*c));
			c[n++] = (struct call){ name_at[x->depth - 1], x->name,
						x->file, x->line, 1, 0 };
		}
	}
	if (n)
		qsort(c, n, sizeof(*c), cmp_call_key);
	for (i = 0; i < n; i++) {
		if (m && !cmp_call_key(&c[m - 1], &c[i]))
			c[m - 1].count++;
		else
			c[m++] = c[i];
	}
	order = xcalloc(m ?: 1, sizeof(*order));
	for (i = 0; i < m; i++)
		order[i] = &c[i];
	if (m)
		qsort(order, m, sizeof(*order), cmp_call_use);
	for (i = 0; i < m; i++)
		order[i]->idx = i && order[i - 1]->parent == order[i]->parent ?
				order[i - 1]->idx + 1 : 0;
	free(order);
	b->chains.calls = c;
	b->chains.nr_calls = m;
}

static __u32 call_idx(struct gen_ctx *ctx, const struct blob *b, __u32 parent, const struct inl *x)
{
	struct call key = { parent, x->name, x->file, x->line, 0, 0 };
	const struct call *c = bsearch(&key, b->chains.calls, b->chains.nr_calls, sizeof(key),
				       cmp_call_key);

	if (!c)
		fatal(ctx, "internal error: call of %s not in its list",
		      ctx->chains.name_tab.str[x->name]);
	return c->idx;
}

/*
 * Blob-local ids of the names of inlined functions, the most coded first:
 * names of records of depth 1 and of the calls in the lists.
 */
static void assign_names(struct gen_ctx *ctx, struct blob *b)
{
	__u64 *count = xcalloc(ctx->chains.name_tab.nr, sizeof(*count));
	__u32 *order = xcalloc(ctx->chains.name_tab.nr, sizeof(*order));
	__u32 i, j, n = 0;

	for (i = 0; i < b->nr_ranges; i++)
		for (j = 0; j < b->ranges[i]->chains.nr_inl; j++)
			if (b->ranges[i]->chains.inl[j].depth == 1)
				count[b->ranges[i]->chains.inl[j].name]++;
	for (i = 0; i < b->chains.nr_calls; i++)
		count[b->chains.calls[i].name]++;
	/* hook: --params, the names and types of parameters */
	if (ctx->opt.params)
		params_count_names(ctx, b, count);
	for (i = 1; i < ctx->chains.name_tab.nr; i++)
		if (count[i])
			order[n++] = i;
	sort_ids_by_count(order, n, count, &ctx->chains.name_tab);
	b->chains.name_map = xcalloc(ctx->chains.name_tab.nr, sizeof(*b->chains.name_map));
	b->chains.name_of_local = xcalloc(n + 1, sizeof(*b->chains.name_of_local));
	for (i = 0; i < n; i++) {
		b->chains.name_map[order[i]] = i;
		b->chains.name_of_local[i] = order[i];
	}
	b->chains.nr_names = n;
	free(count);
	free(order);
}

#define INL_BLOCK	32	/* records after which a new block may start */

/*
 * Code the records of @r: first into fields, block by block, then each
 * field with the order that makes it smallest.
 */
void inline_encode(struct gen_ctx *ctx, struct blob *b, struct range *r)
{
	__u64 (*f)[NR_IF] = xcalloc(r->chains.nr_inl ?: 1, sizeof(*f));
	__u32 cfile = 0, cline = 0, names[LINEINFO_INL_NAMES], nr_names = 0;
	__u32 name_at[LINEINFO_MAX_DEPTH + 1], hi_at[LINEINFO_MAX_DEPTH + 1];
	bool *first = xcalloc(r->chains.nr_inl ?: 1, sizeof(*first));
	unsigned int k, best[NR_IF] = { 0 };
	__u32 i, nb = 0, in_block = 0;
	struct bitbuf bb = { 0 };
	__u64 *fb = b->chains.stats.field_bits;	/* for --stats */
	__u64 cost[NR_IF][LINEINFO_MAX_K + 1] = { { 0 } };

	free(r->chains.iblocks);
	r->chains.iblocks = xcalloc(r->chains.nr_inl ?: 1, 2 * sizeof(*r->chains.iblocks));
	for (i = 0; i < r->chains.nr_inl; i++) {
		const struct inl *x = &r->chains.inl[i];
		__u32 file = b->file_map[x->file], d = x->depth;

		name_at[d] = x->name;
		if (d == 1 && (!i || in_block >= INL_BLOCK)) {
			first[i] = true;
			r->chains.iblocks[2 * nb++] = x->lo;
			in_block = 0;
			cfile = 0;
			cline = 0;
			nr_names = 0;
		}
		if (++in_block > LINEINFO_MAX_INL_BLOCK)
			fatal(ctx,
			      "more than %d inlined calls inside one function's call at %s+%#x",
			      LINEINFO_MAX_INL_BLOCK, r->name, x->lo);
		if (!first[i]) {
			f[i][IF_DEPTH] = r->chains.inl[i - 1].depth + 1 - d;
			/* after the last sibling, or at the start of the parent */
			f[i][IF_CHILD] = r->chains.inl[i - 1].depth < d;
			f[i][IF_LO] = x->lo - (f[i][IF_CHILD] ? r->chains.inl[i - 1].lo : hi_at[d]);
		}
		/* most calls inside an inlined call end where it ends */
		f[i][IF_END] = d > 1 && x->hi == hi_at[d - 1];
		f[i][IF_LEN] = x->hi - x->lo - 1;
		hi_at[d] = x->hi;
		for (k = 0; k <= LINEINFO_MAX_K; k++) {
			unsigned int lo_k = f[i][IF_CHILD] ? IF_CHILD : IF_LO;

			if (!first[i])
				cost[lo_k][k] += eg_cost(f[i][IF_LO], k);
			if (!f[i][IF_END])
				cost[IF_LEN][k] += eg_cost(f[i][IF_LEN], k);
		}
		if (d > 1) {
			f[i][IF_CALL] = call_idx(ctx, b, name_at[d - 1], x);
			for (k = 0; k <= LINEINFO_MAX_K; k++)
				cost[IF_CALL][k] += eg_cost(f[i][IF_CALL], k);
			continue;
		}
		f[i][IF_NAME] = b->chains.name_map[x->name];
		/* another range of the call before it, mostly */
		f[i][IF_REP] = nr_names && names[0] == f[i][IF_NAME] && cfile == file &&
			       cline == x->line;
		f[i][IF_SAME] = file == cfile;
		f[i][IF_FILE] = file;
		f[i][IF_LINE] = zigzag((int64_t)x->line - cline);
		cfile = file;
		cline = x->line;
		/* the names of depth 1 in the block, most recent first */
		for (k = 0; k < nr_names && names[k] != f[i][IF_NAME]; k++)
			;
		f[i][IF_HIT] = k < nr_names;
		if (f[i][IF_HIT])
			f[i][IF_NAME] = k;	/* the position */
		else if (nr_names < LINEINFO_INL_NAMES)
			nr_names++;
		for (k = f[i][IF_HIT] ? k : nr_names - 1; k > 0; k--)
			names[k] = names[k - 1];
		names[0] = b->chains.name_map[x->name];
		if (f[i][IF_REP])
			continue;
		for (k = 0; k <= LINEINFO_MAX_K; k++) {
			if (!f[i][IF_HIT])
				cost[IF_NAME][k] += eg_cost(f[i][IF_NAME], k);
			if (!f[i][IF_SAME])
				cost[IF_FILE][k] += eg_cost(f[i][IF_FILE], k);
			cost[IF_LINE][k] += eg_cost(f[i][IF_LINE], k);
		}
	}
	for (k = IF_LO; k < NR_IF; k++)
		best[k] = best_k(cost[k]);
	for (i = 0, nb = 0; i < r->chains.nr_inl; i++) {
		if (first[i]) {
			r->chains.iblocks[2 * nb++ + 1] = bb.bits;
		} else {
			/* unary: 48% go one deeper, 31% stay, 11% go one up */
			put_bits(&bb, 1, f[i][IF_DEPTH] + 1);
			k = best[f[i][IF_CHILD] ? IF_CHILD : IF_LO];
			put_eg(&bb, f[i][IF_LO], k);
			fb[IF_DEPTH] += f[i][IF_DEPTH] + 1;
			fb[IF_LO] += eg_cost(f[i][IF_LO], k);
		}
		if (r->chains.inl[i].depth > 1) {
			put_bits(&bb, f[i][IF_END], 1);
			fb[IF_END]++;
		}
		if (!f[i][IF_END]) {
			put_eg(&bb, f[i][IF_LEN], best[IF_LEN]);
			fb[IF_LEN] += eg_cost(f[i][IF_LEN], best[IF_LEN]);
		}
		if (r->chains.inl[i].depth > 1) {
			put_eg(&bb, f[i][IF_CALL], best[IF_CALL]);
			fb[IF_CALL] += eg_cost(f[i][IF_CALL], best[IF_CALL]);
			continue;
		}
		put_bits(&bb, f[i][IF_REP], 1);
		fb[IF_REP]++;
		if (f[i][IF_REP])
			continue;
		put_bits(&bb, f[i][IF_HIT], 1);
		fb[IF_NAME]++;
		if (f[i][IF_HIT]) {
			put_bits(&bb, f[i][IF_NAME], LINEINFO_INL_NAMES_BITS);
			fb[IF_NAME] += LINEINFO_INL_NAMES_BITS;
		} else {
			put_eg(&bb, f[i][IF_NAME], best[IF_NAME]);
			fb[IF_NAME] += eg_cost(f[i][IF_NAME], best[IF_NAME]);
		}
		put_bits(&bb, f[i][IF_SAME], 1);
		fb[IF_SAME]++;
		if (!f[i][IF_SAME]) {
			put_eg(&bb, f[i][IF_FILE], best[IF_FILE]);
			fb[IF_FILE] += eg_cost(f[i][IF_FILE], best[IF_FILE]);
		}
		put_eg(&bb, f[i][IF_LINE], best[IF_LINE]);
		fb[IF_LINE] += eg_cost(f[i][IF_LINE], best[IF_LINE]);
	}
	if (bb.bits > 0xffffffffULL)
		fatal(ctx, "inline chains of %s: stream too large", r->name);
	r->chains.ihdr.nr_blocks = nb;
	r->chains.ihdr.nr_bits = bb.bits;
	encode_index(&r->chains.iindex, r->chains.iblocks, nb);
	r->chains.ihdr.group_shift = r->chains.iindex.shift;
	r->chains.ihdr.k_lo = best[IF_LO];
	r->chains.ihdr.k_child = best[IF_CHILD];
	r->chains.ihdr.k_len = best[IF_LEN];
	r->chains.ihdr.k_name = best[IF_NAME];
	r->chains.ihdr.k_file = best[IF_FILE];
	r->chains.ihdr.k_line = best[IF_LINE];
	r->chains.ihdr.k_call = best[IF_CALL];
	/* the decoder's 64-bit loads may run 8 bytes past the last bit */
	r->chains.ibits_size = ((bb.bits + 7) >> 3) + 8;
	r->chains.ibits = xcalloc(r->chains.ibits_size, 1);
	if (bb.p)
		memcpy(r->chains.ibits, bb.p, (bb.bits + 7) >> 3);
	free(bb.p);
	free(f);
	free(r->chains.ifirst);
	r->chains.ifirst = first;
}

/*
 * A call of a blob with the local id of its parent's name, to sort the
 * lists by that id, then by position: a decorated copy, as qsort() takes
 * no context argument.
 */
struct call_local {
	__u32 parent;
	__u32 idx;
	__u32 seq;		/* position in the blob's calls */
};

static int cmp_call_local(const void *x, const void *y)
{
	const struct call_local *a = x, *b = y;

	if (a->parent != b->parent)
		return a->parent < b->parent ? -1 : 1;
	if (a->idx != b->idx)
		return a->idx < b->idx ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * Code the lists of calls of @b (see kallsyms_lineinfo.h) into @bb, with
 * the orders in @in, and the bit position of every LINEINFO_CALL_GROUP-th
 * list into @index if it is not NULL.  Without @index, only count the
 * cost of each order into @cost.
 */
static void code_calls(struct gen_ctx *ctx, const struct blob *b, struct call **order,
		       struct bitbuf *bb,
		       const struct lineinfo_inlines *in, __u32 *index,
		       __u64 (*cost)[LINEINFO_MAX_K + 1])
{
	__u32 p, i = 0, j, n, file, line;
	unsigned int k;

	for (p = 0; p < b->chains.nr_names; p++) {
		if (index && p % LINEINFO_CALL_GROUP == 0) {
			if (bb->bits > 0xffffffffULL)
				fatal(ctx, "inline call lists of %s too large", b->path);
			index[p / LINEINFO_CALL_GROUP] = bb->bits;
		}
		n = 0;
		while (i + n < b->chains.nr_calls && b->chains.name_map[order[i + n]->parent] == p)
			n++;
		if (index)
			put_eg(bb, n, 0);
		if (!n)
			continue;
		/* the list's file: the call file of most of its calls */
		file = 0;
		for (j = 0, k = 0; j < n; j++) {
			__u32 f = b->file_map[order[i + j]->file], c = 0, l;

			for (l = 0; l < n; l++)
				c += b->file_map[order[i + l]->file] == f;
			if (c > k) {
				k = c;
				file = f;
			}
		}
		line = 0;
		for (j = 0; j < n; j++, i++) {
			const struct call *c = order[i];
			__u32 name = b->chains.name_map[c->name], f = b->file_map[c->file];
			__u32 dl = zigzag((int64_t)c->line - line);

			if (index) {
				if (!j)
					put_eg(bb, file, in->k_call_file);
				put_eg(bb, name, in->k_call_name);
				put_bits(bb, f == file, 1);
				if (f != file)
					put_eg(bb, f, in->k_call_file);
				put_eg(bb, dl, in->k_call_line);
			} else {
				for (k = 0; k <= LINEINFO_MAX_K; k++) {
					if (!j)
						cost[0][k] += eg_cost(file, k);
					cost[1][k] += eg_cost(name, k);
					if (f != file)
						cost[0][k] += eg_cost(f, k);
					cost[2][k] += eg_cost(dl, k);
				}
			}
			line = c->line;
		}
	}
}

/* Append what byte @c of a name stands for to @s, of length @n. */
static char *expand_byte(char *const *token_str, char *s, size_t *n, __u8 c)
{
	const char *t = c < LINEINFO_TOKEN ? NULL : token_str[c - LINEINFO_TOKEN];
	size_t add = t ? strlen(t) : 1;

	s = xrealloc(s, *n + add + 1);
	if (t)
		memcpy(s + *n, t, add);
	else
		s[*n] = c;
	*n += add;
	s[*n] = '\0';
	return s;
}

/*
 * Store names with tokens (see kallsyms_lineinfo.h), as scripts/kallsyms
 * stores symbol names: while it saves bytes, the most frequent pair of
 * adjacent bytes inside a name becomes the next token.  @buf holds the
 * names, each NUL-terminated, and is rewritten in place; *@len is updated.
 * The token strings go to @tokens, their offsets to @index.
 * Return: the number of tokens.
 */
static unsigned int make_tokens(struct inline_ctx *c, __u8 *buf, size_t *len,
				struct out *tokens, __u16 *index)
{
	__u32 *count;
	unsigned int nt, i;
	size_t j, o, n = *len;

	for (j = 0; j < n; j++)
		if (buf[j] >= LINEINFO_TOKEN)
			return 0;	/* not plain ASCII: the names stay plain */
	if (!c->pair_count)
		c->pair_count = xcalloc(1 << 16, sizeof(*c->pair_count));
	count = c->pair_count;
	for (nt = 0; nt < LINEINFO_MAX_TOKENS; nt++) {
		__u32 best = 0, pair = 0, p;
		size_t elen = 0;
		char *e = NULL;

		/* count, then clear only what was counted: modules have few names */
		for (j = 0; j + 1 < n; j++) {
			if (!buf[j] || !buf[j + 1])
				continue;
			p = buf[j] << 8 | buf[j + 1];
			if (++count[p] > best || (count[p] == best && p < pair)) {
				best = count[p];
				pair = p;
			}
		}
		for (j = 0; j + 1 < n; j++)
			count[buf[j] << 8 | buf[j + 1]] = 0;
		if (!best)
			break;
		e = expand_byte(c->token_str, e, &elen, pair >> 8);
		e = expand_byte(c->token_str, e, &elen, pair & 0xff);
		/* a token costs its string, the NUL and its index entry */
		if (best <= elen + 1 + sizeof(*index) || tokens->size + elen + 1 > 0xffff) {
			free(e);
			break;
		}
		c->token_str[nt] = e;
		index[nt] = out_add(tokens, e, elen + 1, 1);
		for (j = 0, o = 0; j < n; j++) {
			if (j + 1 < n && buf[j] && buf[j + 1] &&
			    (__u32)(buf[j] << 8 | buf[j + 1]) == pair) {
				buf[o++] = LINEINFO_TOKEN + nt;
				j++;
			} else {
				buf[o++] = buf[j];
			}
		}
		n = o;
	}
	for (i = 0; i < nt; i++) {
		free(c->token_str[i]);
		c->token_str[i] = NULL;
	}
	*len = n;
	return nt;
}

/* Write the lists of calls of @b into @o, and point @in at them. */
static void write_calls(struct gen_ctx *ctx, struct blob *b, struct out *o,
			struct lineinfo_inlines *in)
{
	struct inline_stats *st = &b->chains.stats;
	__u64 cost[3][LINEINFO_MAX_K + 1] = { { 0 } };
	__u32 groups = (b->chains.nr_names + LINEINFO_CALL_GROUP - 1) / LINEINFO_CALL_GROUP;
	__u32 *index = xcalloc(groups ?: 1, sizeof(*index));
	struct call **order = xcalloc(b->chains.nr_calls ?: 1, sizeof(*order));
	struct call_local *d = xcalloc(b->chains.nr_calls ?: 1, sizeof(*d));
	struct bitbuf bb = { 0 };
	size_t size;
	__u32 i;

	for (i = 0; i < b->chains.nr_calls; i++) {
		const struct call *c = &b->chains.calls[i];

		d[i] = (struct call_local){ b->chains.name_map[c->parent], c->idx, i };
	}
	if (b->chains.nr_calls)
		qsort(d, b->chains.nr_calls, sizeof(*d), cmp_call_local);
	for (i = 0; i < b->chains.nr_calls; i++)
		order[i] = &b->chains.calls[d[i].seq];
	free(d);
	code_calls(ctx, b, order, NULL, in, NULL, cost);
	in->k_call_file = best_k(cost[0]);
	in->k_call_name = best_k(cost[1]);
	in->k_call_line = best_k(cost[2]);
	code_calls(ctx, b, order, &bb, in, index, NULL);
	if (bb.bits > 0xffffffffULL)
		fatal(ctx, "inline call lists of %s too large", b->path);
	in->nr_call_bits = bb.bits;
	/* the decoder's 64-bit loads may run 8 bytes past the last bit */
	size = ((bb.bits + 7) >> 3) + 8;
	in->calls.size = size;
	in->calls.off = out_add(o, NULL, size, 1);
	if (bb.bits)
		memcpy(o->p + in->calls.off, bb.p, (bb.bits + 7) >> 3);
	in->call_index.size = groups * sizeof(*index);
	in->call_index.off = out_add_words(o, index, groups, sizeof(*index), 4);
	st->calls += size;
	st->call_index += in->call_index.size;
	free(bb.p);
	free(index);
	free(order);
}

static const struct out_field inlines_fields[] = {
	OUT_U32(struct lineinfo_inlines, nr_names),
	OUT_U32(struct lineinfo_inlines, nr_call_bits),
	OUT_SPAN(struct lineinfo_inlines, names),
	OUT_SPAN(struct lineinfo_inlines, name_index),
	OUT_SPAN(struct lineinfo_inlines, ranges),
	OUT_SPAN(struct lineinfo_inlines, calls),
	OUT_SPAN(struct lineinfo_inlines, call_index),
	OUT_SPAN(struct lineinfo_inlines, tokens),
	OUT_SPAN(struct lineinfo_inlines, token_index),
	OUT_U8(struct lineinfo_inlines, k_call_name),
	OUT_U8(struct lineinfo_inlines, k_call_file),
	OUT_U8(struct lineinfo_inlines, k_call_line),
	OUT_BYTES(struct lineinfo_inlines, pad, 5),
};

static const struct out_field inline_range_fields[] = {
	OUT_U32(struct lineinfo_inline_range, nr_blocks),
	OUT_U32(struct lineinfo_inline_range, nr_bits),
	OUT_SPAN(struct lineinfo_inline_range, groups),
	OUT_SPAN(struct lineinfo_inline_range, blocks),
	OUT_SPAN(struct lineinfo_inline_range, bits),
	OUT_U8(struct lineinfo_inline_range, group_shift),
	OUT_U8(struct lineinfo_inline_range, k_lo),
	OUT_U8(struct lineinfo_inline_range, k_len),
	OUT_U8(struct lineinfo_inline_range, k_name),
	OUT_U8(struct lineinfo_inline_range, k_file),
	OUT_U8(struct lineinfo_inline_range, k_line),
	OUT_U8(struct lineinfo_inline_range, k_call),
	OUT_U8(struct lineinfo_inline_range, k_child),
};

static const struct layout inlines_layout = {
	.name = "struct lineinfo_inlines",
	.size = sizeof(struct lineinfo_inlines),
	.fields = inlines_fields,
	.nr_fields = ARRAY_SIZE(inlines_fields),
};

static const struct layout inline_range_layout = {
	.name = "struct lineinfo_inline_range",
	.size = sizeof(struct lineinfo_inline_range),
	.fields = inline_range_fields,
	.nr_fields = ARRAY_SIZE(inline_range_fields),
};

/* Append the inline chains of @b to @o and point @h at them. */
void inline_write(struct gen_ctx *ctx, struct blob *b, struct out *o,
		  struct lineinfo_header *h)
{
	struct inline_stats *st = &b->chains.stats;
	struct lineinfo_inlines in = { 0 };
	struct out names = out_new(ctx), tokens = out_new(ctx);
	__u32 nr_index = (b->chains.nr_names + LINEINFO_NAME_GROUP - 1) / LINEINFO_NAME_GROUP;
	__u32 *index = xcalloc(nr_index ?: 1, sizeof(*index));
	__u16 tindex[LINEINFO_MAX_TOKENS];
	unsigned int nt;
	__u32 i, at;
	size_t j;

	for (i = 0; i < b->chains.nr_names; i++) {
		const char *s = ctx->chains.name_tab.str[b->chains.name_of_local[i]];

		out_add(&names, s, strlen(s) + 1, 1);
	}
	st->plain_names += names.size;
	nt = make_tokens(&ctx->chains, names.p, &names.size, &tokens, tindex);
	for (i = 0, j = 0; i < b->chains.nr_names; i++) {
		if (i % LINEINFO_NAME_GROUP == 0)
			index[i / LINEINFO_NAME_GROUP] = j;
		j += strlen((char *)names.p + j) + 1;
	}
	/* the header and the range headers are written when they are complete */
	at = out_add(o, NULL, sizeof(in), 8);
	in.nr_names = b->chains.nr_names;
	in.names.size = names.size;
	in.names.off = out_add(o, names.p, names.size, 1);
	in.name_index.size = nr_index * sizeof(__u32);
	in.name_index.off = out_add_words(o, index, nr_index, sizeof(*index), 4);
	in.tokens.size = tokens.size;
	in.tokens.off = out_add(o, tokens.p, tokens.size, 1);
	in.token_index.size = nt * sizeof(*tindex);
	in.token_index.off = out_add_words(o, tindex, nt, sizeof(*tindex), 2);
	st->tokens += tokens.size + in.token_index.size;
	in.ranges.size = b->nr_ranges * sizeof(struct lineinfo_inline_range);
	in.ranges.off = out_add(o, NULL, in.ranges.size, 4);
	st->names += names.size;
	st->name_index += in.name_index.size;
	write_calls(ctx, b, o, &in);
	for (i = 0; i < b->nr_ranges; i++) {
		struct range *r = b->ranges[i];

		write_index(o, &r->chains.iindex, &r->chains.ihdr.groups, &r->chains.ihdr.blocks);
		r->chains.ihdr.bits.size = r->chains.ibits_size;
		r->chains.ihdr.bits.off = out_add(o, r->chains.ibits, r->chains.ibits_size, 1);
		out_put_struct(o, in.ranges.off + i * sizeof(struct lineinfo_inline_range),
			       &r->chains.ihdr, &inline_range_layout);
		st->records += r->chains.nr_inl;
		st->blocks += r->chains.ihdr.groups.size + r->chains.ihdr.blocks.size;
		st->bits += r->chains.ibits_size;
	}
	out_put_struct(o, at, &in, &inlines_layout);
	h->inlines.off = at;
	h->inlines.size = o->size - at;
	st->total = h->inlines.size;
	free(names.p);
	free(tokens.p);
	free(index);
}

/* --stats: the inline part of the blob @b */
void inline_print_stats(const struct blob *b)
{
	const struct inline_stats *st = &b->chains.stats;
	const __u64 *fb = st->field_bits;

	printf("%s: inline records: %llu\n", b->path, (unsigned long long)st->records);
	printf("%s: inline names: %u\n", b->path, b->chains.nr_names);
	printf("%s: bytes inline names: %llu\n", b->path, (unsigned long long)st->names);
	printf("%s: bytes inline names without tokens: %llu\n", b->path,
	       (unsigned long long)st->plain_names);
	printf("%s: bytes inline name tokens: %llu\n", b->path, (unsigned long long)st->tokens);
	printf("%s: bytes inline name index: %llu\n", b->path,
	       (unsigned long long)st->name_index);
	printf("%s: bytes inline block index: %llu\n", b->path, (unsigned long long)st->blocks);
	printf("%s: inline calls in lists: %u\n", b->path, b->chains.nr_calls);
	printf("%s: bytes inline call lists: %llu\n", b->path, (unsigned long long)st->calls);
	printf("%s: bytes inline call list index: %llu\n", b->path,
	       (unsigned long long)st->call_index);
	printf("%s: bytes inline record stream: %llu\n", b->path, (unsigned long long)st->bits);
	printf("%s: bytes inline stream fields: depth %llu, start %llu",
	       b->path, fb[IF_DEPTH] / 8, fb[IF_LO] / 8);
	printf(", length %llu, repeat %llu, name %llu",
	       (fb[IF_END] + fb[IF_LEN]) / 8, fb[IF_REP] / 8, fb[IF_NAME] / 8);
	printf(", call file %llu, call line %llu, call index %llu\n",
	       (fb[IF_SAME] + fb[IF_FILE]) / 8, fb[IF_LINE] / 8, fb[IF_CALL] / 8);
	printf("%s: bytes inline total: %u\n", b->path, st->total);
}

/* After reading: --dump-inline, and the records of each range for --inline */
void inline_prepare(struct gen_ctx *ctx)
{
	if (ctx->opt.dump_inline)
		inline_dump(ctx);
	if (ctx->opt.inline_chains)
		inline_sort(ctx);
}

/* Name and call ids of @b, before its ranges are encoded */
void inline_assign(struct gen_ctx *ctx, struct blob *b)
{
	build_calls(b);
	assign_names(ctx, b);
}

/* The call sites of the records of @b, by file_tab id, into @count */
void inline_count_files(const struct blob *b, __u64 *count)
{
	__u32 i, j;

	for (i = 0; i < b->nr_ranges; i++)
		for (j = 0; j < b->ranges[i]->chains.nr_inl; j++)
			count[b->ranges[i]->chains.inl[j].file]++;
}

void inline_init(struct gen_ctx *ctx)
{
	strtab_init(&ctx->chains.name_tab);
}
