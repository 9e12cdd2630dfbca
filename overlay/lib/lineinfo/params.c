// SPDX-License-Identifier: GPL-2.0
/*
 * Parameters: the registers that hold the parameters of a function and
 * of the calls inlined into it, at an offset (see include/linux/kallsyms_lineinfo.h
 * for the format).
 */

#include "decode.h"

/* What lineinfo_params_group() does with a group */
enum lineinfo_pmode {
	LINEINFO_PSKIP,		/* read past it */
	LINEINFO_PCHECK,	/* check it against its scope and signature */
	LINEINFO_PFIND,		/* and fill @a for @offset */
};

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

bool lineinfo_params_ok(const void *blob, bool full)
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
