// SPDX-License-Identifier: GPL-2.0
/*
 * gen_lineinfo, --params: where the parameters of functions and inlined
 * calls are, at each address, exactly one general register.  The DIE walk
 * of inline.c hands each scope here: its signature (names and C spellings
 * of the types, interned with the inline names) and its register pieces.
 * Each blob then gets local signature ids, each range its parameter
 * stream, and the blob its parameter part (see
 * include/linux/kallsyms_lineinfo.h and lib/lineinfo/params.c).
 * --dump-params prints what the walk found, for the tests against gdb.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <dwarf.h>

#include "gen_lineinfo.h"

#define LINEINFO_TYPE_LEN	128	/* longest type spelling printed */

/* The general registers by x86-64 DWARF number, as struct pt_regs names them */
static const char *const dwarf_gpr[16] = {
	"ax", "dx", "cx", "bx", "si", "di", "bp", "sp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

/*
 * The register of a location expression that is exactly one general
 * register (DW_OP_regN, DW_OP_regx), or -1: a register piece, a value
 * computed from registers, memory or an entry value never qualify.
 */
static int one_register(const Dwarf_Op *expr, size_t len)
{
	if (len != 1)
		return -1;
	if (expr[0].atom >= DW_OP_reg0 && expr[0].atom <= DW_OP_reg15)
		return expr[0].atom - DW_OP_reg0;
	if (expr[0].atom == DW_OP_regx && expr[0].number < ARRAY_SIZE(dwarf_gpr))
		return (int)expr[0].number;
	return -1;
}

#define TYPE_DEPTH	8	/* qualifiers and pointers spelled, at most */

static void type_spell(Dwarf_Die *die, char *buf, size_t size, unsigned int depth);

/* Append the spelling of @fmt to @buf, cut at @size */
static void __printf(3, 4)
spell(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

/* "ret (*)(args)" for a pointer to the subroutine type @fn */
static void fn_pointer_spell(Dwarf_Die *fn, char *buf, size_t size, unsigned int depth)
{
	char t[LINEINFO_TYPE_LEN];
	Dwarf_Die p;
	bool first = true;

	type_spell(fn, t, sizeof(t), depth + 1);
	spell(buf, size, "%s (*)(", t);
	if (!dwarf_child(fn, &p)) {
		do {
			if (dwarf_tag(&p) == DW_TAG_unspecified_parameters) {
				spell(buf, size, "%s...", first ? "" : ", ");
				first = false;
			}
			if (dwarf_tag(&p) != DW_TAG_formal_parameter)
				continue;
			type_spell(&p, t, sizeof(t), depth + 1);
			spell(buf, size, "%s%s", first ? "" : ", ", t);
			first = false;
		} while (!dwarf_siblingof(&p, &p));
	}
	spell(buf, size, "%s)", first ? "void" : "");
}

/*
 * The C spelling of the type of @die, as short as pahole prints it:
 * "struct file *", "const char *", "unsigned int", "int (*)(void *)".
 */
static void type_spell(Dwarf_Die *die, char *buf, size_t size, unsigned int depth)
{
	Dwarf_Attribute a;
	char inner[LINEINFO_TYPE_LEN];
	const char *name;
	size_t n;
	Dwarf_Die t;

	buf[0] = '\0';
	if (!dwarf_attr_integrate(die, DW_AT_type, &a) || !dwarf_formref_die(&a, &t)) {
		spell(buf, size, "void");
		return;
	}
	if (depth > TYPE_DEPTH) {
		spell(buf, size, "...");
		return;
	}
	name = dwarf_diename(&t);
	switch (dwarf_tag(&t)) {
	case DW_TAG_pointer_type:
		if (dwarf_attr_integrate(&t, DW_AT_type, &a)) {
			Dwarf_Die to;

			if (dwarf_formref_die(&a, &to) &&
			    dwarf_tag(&to) == DW_TAG_subroutine_type) {
				fn_pointer_spell(&to, buf, size, depth);
				return;
			}
		}
		type_spell(&t, inner, sizeof(inner), depth + 1);
		/* "char **"; the name of a type in corrupt DWARF can be "" */
		n = strlen(inner);
		spell(buf, size, "%s%s*", inner, n && inner[n - 1] == '*' ? "" : " ");
		return;
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
		type_spell(&t, inner, sizeof(inner), depth + 1);
		spell(buf, size, "%s %s",
		      dwarf_tag(&t) == DW_TAG_const_type ? "const" : "volatile", inner);
		return;
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		type_spell(&t, buf, size, depth + 1);
		return;
	case DW_TAG_structure_type:
		spell(buf, size, "struct %s", name ?: "(anon)");
		return;
	case DW_TAG_union_type:
		spell(buf, size, "union %s", name ?: "(anon)");
		return;
	case DW_TAG_enumeration_type:
		spell(buf, size, "enum %s", name ?: "(anon)");
		return;
	case DW_TAG_array_type:
		type_spell(&t, inner, sizeof(inner), depth + 1);
		spell(buf, size, "%s[]", inner);
		return;
	default:
		spell(buf, size, "%s", name ?: "?");
	}
}

/*
 * The parameters of a scope (function or inlined call), from its own DIE:
 * a signature (sig_tab id) and the pieces of code where each parameter is
 * exactly one register.  Pieces of one scope are consecutive in @pieces,
 * sorted by parameter; a piece with range UINT32_MAX holds in the whole
 * scope (a location expression, not a list).
 */
struct piece {
	__u32 param;
	__u32 range;
	__u32 lo, hi;
	__u32 reg;
};

struct pset {
	__u32 sig;
	__u32 nr_params;
	size_t first, nr;	/* in pieces[] */
};

static void add_piece(struct params_ctx *c, __u32 param, __u32 range, __u32 lo, __u32 hi,
		      __u32 reg)
{
	if (c->nr_pieces >= c->pieces_alloc) {
		c->pieces_alloc = c->pieces_alloc ? c->pieces_alloc * 2 : 1 << 16;
		c->pieces = xrealloc(c->pieces, c->pieces_alloc * sizeof(*c->pieces));
	}
	c->pieces[c->nr_pieces++] = (struct piece){ param, range, lo, hi, reg };
}

/*
 * Collect the formal parameters of @scope.  A location list that libdw
 * cannot read to its end (GCC's DW_OP_GNU_uninit after a register) keeps
 * the entries before that one: the rest is unknown.  Return: a pset id,
 * 0 if the scope has no parameters, or more than the format keeps.
 */
__u32 params_of_scope(struct cu_walk *w, Dwarf_Die *scope)
{
	struct gen_ctx *ctx = w->ctx;
	struct params_ctx *pc = &ctx->params;
	Dwarf_Addr base, lo, hi;
	Dwarf_Attribute a;
	Dwarf_Op *expr;
	ptrdiff_t off;
	char t[LINEINFO_TYPE_LEN], *key = NULL;
	size_t key_len = 0, first = pc->nr_pieces;
	const char *name;
	__u32 r, r_end, n = 0, nid, tid;
	__u64 o, o_end;
	Dwarf_Die p;
	size_t len;
	int reg;

	if (dwarf_child(scope, &p))
		return 0;
	do {
		if (dwarf_tag(&p) != DW_TAG_formal_parameter)
			continue;
		name = dwarf_diename(&p);
		type_spell(&p, t, sizeof(t), 0);
		nid = strtab_intern(&ctx->chains.name_tab, xstrdup_name(name ?: "??"));
		tid = strtab_intern(&ctx->chains.name_tab, xstrdup_name(t));
		key = xrealloc(key, key_len + 24);
		key_len += sprintf(key + key_len, "%x:%x,", nid, tid);
		off = 0;
		if (dwarf_attr(&p, DW_AT_location, &a)) {
			while ((off = dwarf_getlocations(&a, off, &base, &lo, &hi,
							 &expr, &len)) > 0) {
				reg = one_register(expr, len);
				if (reg < 0)
					continue;
				if (!lo && hi == (Dwarf_Addr)-1) {
					add_piece(&ctx->params, n, UINT32_MAX, 0, 0, reg);
					continue;
				}
				if (lo >= hi || !place(ctx, w->mod, w->bias, lo, &r, &o) ||
				    !place(ctx, w->mod, w->bias, hi - 1, &r_end, &o_end) ||
				    r != r_end || o_end >= 0xffffffffU)
					continue;
				add_piece(&ctx->params, n, r, o, o_end + 1, reg);
			}
			/* e.g. DW_OP_GNU_uninit, which libdw does not read */
			if (off < 0)
				pc->unreadable++;
		}
		n++;
	} while (!dwarf_siblingof(&p, &p));
	if (!n || n > LINEINFO_MAX_PARAMS) {
		pc->skipped += n;
		pc->nr_pieces = first;
		free(key);
		return 0;
	}
	if (pc->nr_psets >= pc->psets_alloc) {
		pc->psets_alloc = pc->psets_alloc ? pc->psets_alloc * 2 : 1 << 14;
		pc->psets = xrealloc(pc->psets, pc->psets_alloc * sizeof(*pc->psets));
	}
	pc->psets[pc->nr_psets] = (struct pset){ strtab_intern(&pc->sig_tab, key), n, first,
					 pc->nr_pieces - first };
	return pc->nr_psets++;
}

/*
 * --dump-params: the placed ranges of a function or inlined call, then one
 * line per formal parameter of its own DIE (a clone's, not its abstract
 * origin's) with the pieces of code where it is exactly one register:
 *
 *	scope .text 0x10-0x32 0 name
 *	 param file (struct file *): di@0x10-0x1c si@0x1c-0x20
 *	 param ctx (struct dir_context *): -
 *
 * "reg@all" is a location that holds at every address of the scope.
 */
void params_dump_scope(struct cu_walk *w, Dwarf_Die *scope, __u32 depth, __u32 ps)
{
	struct gen_ctx *ctx = w->ctx;
	struct params_ctx *pc = &ctx->params;
	Dwarf_Addr base, lo, hi;
	ptrdiff_t off = 0;
	const char *name, *key;
	__u32 r, r_end, nid, tid, i;
	__u64 o, o_end;
	unsigned int n = 0;
	size_t j;

	while ((off = dwarf_ranges(scope, off, &base, &lo, &hi)) > 0) {
		if (lo >= hi || !place(ctx, w->mod, w->bias, lo, &r, &o) ||
		    !place(ctx, w->mod, w->bias, hi - 1, &r_end, &o_end) || r != r_end)
			continue;
		if (!n++)
			printf("scope %s", ctx->all_ranges[r]->name);
		printf("%c%#llx-%#llx", n > 1 ? ',' : ' ', (unsigned long long)o,
		       (unsigned long long)o_end + 1);
	}
	if (!n)
		return;
	name = dwarf_diename(scope);
	printf(" %u %s\n", depth, name ?: "??");
	if (!ps)
		return;
	key = pc->sig_tab.str[pc->psets[ps].sig];
	for (i = 0; i < pc->psets[ps].nr_params; i++) {
		if (sscanf(key, "%x:%x,", &nid, &tid) != 2)
			fatal(ctx, "internal error: signature %s",
			      pc->sig_tab.str[pc->psets[ps].sig]);
		key = strchr(key, ',') + 1;
		printf(" param %s (%s):", ctx->chains.name_tab.str[nid],
		       ctx->chains.name_tab.str[tid]);
		n = 0;
		for (j = pc->psets[ps].first; j < pc->psets[ps].first + pc->psets[ps].nr; j++) {
			const struct piece *x = &pc->pieces[j];

			if (x->param != i)
				continue;
			n++;
			if (x->range == UINT32_MAX)
				printf(" %s@all", dwarf_gpr[x->reg]);
			else
				printf(" %s@%#x-%#x", dwarf_gpr[x->reg], x->lo, x->hi);
		}
		printf("%s\n", n ? "" : " -");
	}
}

/* The parameters of each signature, pairs of name_tab ids */
static void parse_sigs(struct gen_ctx *ctx)
{
	struct params_ctx *pc = &ctx->params;
	size_t n = 0, i;
	const char *k;
	__u32 a, t;

	pc->sig_first = xcalloc(pc->sig_tab.nr + 1, sizeof(*pc->sig_first));
	for (i = 1; i < pc->sig_tab.nr; i++)
		for (k = pc->sig_tab.str[i]; *k; k++)
			n += *k == ',';
	pc->sig_ids = xcalloc(2 * n + 1, sizeof(*pc->sig_ids));
	for (i = 1, n = 0; i < pc->sig_tab.nr; i++) {
		pc->sig_first[i] = n;
		for (k = pc->sig_tab.str[i]; *k; k = strchr(k, ',') + 1) {
			if (sscanf(k, "%x:%x,", &a, &t) != 2)
				fatal(ctx, "internal error: signature %s", pc->sig_tab.str[i]);
			pc->sig_ids[n++] = a;
			pc->sig_ids[n++] = t;
		}
	}
	pc->sig_first[pc->sig_tab.nr] = n;
}

/* A total order: pieces equal in it are equal in every field */
static int cmp_piece(const void *x, const void *y)
{
	const struct piece *a = x, *b = y;

	if (a->param != b->param)
		return a->param < b->param ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	/* overlapping pieces: a total order, whatever qsort() does with ties */
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->reg != b->reg)
		return a->reg < b->reg ? -1 : 1;
	return a->range < b->range ? -1 : a->range > b->range;
}

/*
 * The pieces of the scope @x, a record of one range, cut to it and sorted
 * into @out (room for all pieces of its pset).  Where two pieces of a
 * parameter overlap, DWARF says it is in both places: the first is kept.
 * Return: the number of pieces.
 */
static __u32 scope_pieces(struct gen_ctx *ctx, const struct inl *x, struct piece *out)
{
	struct params_ctx *pc = &ctx->params;
	const struct pset *ps = &pc->psets[x->pset];
	__u32 n = 0, m = 0, i;
	size_t j;

	if (!x->pset)
		return 0;
	for (j = ps->first; j < ps->first + ps->nr; j++) {
		struct piece p = pc->pieces[j];

		if (p.range == UINT32_MAX) {
			p.lo = x->lo;
			p.hi = x->hi;
		} else if (p.range != x->range) {
			continue;
		}
		p.lo = p.lo > x->lo ? p.lo : x->lo;
		p.hi = p.hi < x->hi ? p.hi : x->hi;
		if (p.lo < p.hi)
			out[n++] = p;
	}
	if (n > 1)
		qsort(out, n, sizeof(*out), cmp_piece);
	for (i = 0; i < n; i++) {
		if (m && out[m - 1].param == out[i].param && out[i].lo < out[m - 1].hi) {
			pc->overlapping++;
			continue;
		}
		out[m++] = out[i];
	}
	return m;
}

static void alloc_piece_buf(struct gen_ctx *ctx)
{
	struct params_ctx *pc = &ctx->params;
	size_t most = 0, i;

	for (i = 1; i < pc->nr_psets; i++)
		if (pc->psets[i].nr > most)
			most = pc->psets[i].nr;
	pc->piece_buf = xcalloc(most + 1, sizeof(*pc->piece_buf));
}

/* Does the record @x code a signature: a function, or a call with pieces */
static bool codes_sig(struct gen_ctx *ctx, const struct inl *x)
{
	return x->pset && (!x->depth || scope_pieces(ctx, x, ctx->params.piece_buf));
}

struct sig_use {
	__u32 name, sig;
	__u64 count;
};

/* Uses equal in this order are equal in every field (count 1): merged */
static int cmp_sig_use(const void *x, const void *y)
{
	const struct sig_use *a = x, *b = y;

	if (a->name != b->name)
		return a->name < b->name ? -1 : 1;
	return a->sig < b->sig ? -1 : a->sig > b->sig;
}

/*
 * Count the signatures @b codes, by sig_tab id, into @count; with
 * @names, also the parameter names and types they use, by name_tab id.
 */
static void count_sigs(struct gen_ctx *ctx, struct blob *b, __u64 *count, __u64 *names)
{
	struct params_ctx *pc = &ctx->params;
	__u32 i, j, k;

	for (i = 0; i < b->nr_ranges; i++) {
		const struct range *r = b->ranges[i];

		for (j = 0; j < r->params.nr_fn + r->chains.nr_inl; j++) {
			const struct inl *x = j < r->params.nr_fn ? &r->params.fn[j] :
					      &r->chains.inl[j - r->params.nr_fn];
			__u32 sig;

			if (!codes_sig(ctx, x))
				continue;
			sig = pc->psets[x->pset].sig;
			count[sig]++;
			for (k = pc->sig_first[sig]; names && k < pc->sig_first[sig + 1]; k++)
				names[pc->sig_ids[k]]++;
		}
	}
}

/*
 * Blob-local signature ids: i < nr_names is the signature most records of
 * inlined function i code, then the others, the most used first.
 */
void params_assign(struct gen_ctx *ctx, struct blob *b)
{
	struct params_ctx *pc = &ctx->params;
	__u64 *count = xcalloc(pc->sig_tab.nr, sizeof(*count));
	__u32 *order = xcalloc(pc->sig_tab.nr, sizeof(*order));
	struct sig_use *u = NULL;
	__u32 i, j, n = 0, m = 0;

	count_sigs(ctx, b, count, NULL);
	for (i = 0; i < b->nr_ranges; i++) {
		const struct range *r = b->ranges[i];

		for (j = 0; j < r->chains.nr_inl; j++) {
			const struct inl *x = &r->chains.inl[j];

			if (!codes_sig(ctx, x))
				continue;
			if (n % 4096 == 0)
				u = xrealloc(u, (n + 4096) * sizeof(*u));
			u[n++] = (struct sig_use){ b->chains.name_map[x->name],
						   pc->psets[x->pset].sig, 1 };
		}
	}
	if (n)
		qsort(u, n, sizeof(*u), cmp_sig_use);
	for (i = 0; i < n; i++) {
		if (m && u[m - 1].name == u[i].name && u[m - 1].sig == u[i].sig)
			u[m - 1].count++;
		else
			u[m++] = u[i];
	}
	b->params.sig_map = xcalloc(pc->sig_tab.nr, sizeof(*b->params.sig_map));
	for (i = 0; i < pc->sig_tab.nr; i++)
		b->params.sig_map[i] = UINT32_MAX;
	b->params.sig_of_local = xcalloc(b->chains.nr_names + pc->sig_tab.nr,
					 sizeof(*b->params.sig_of_local));
	/* the default of each name: its most used signature */
	for (i = 0; i < m; i = j) {
		__u32 best = i;

		for (j = i; j < m && u[j].name == u[i].name; j++)
			if (u[j].count > u[best].count)
				best = j;
		b->params.sig_of_local[u[i].name] = u[best].sig;
		if (b->params.sig_map[u[best].sig] == UINT32_MAX)
			b->params.sig_map[u[best].sig] = u[i].name;
	}
	for (i = 1, n = 0; i < pc->sig_tab.nr; i++)
		if (count[i] && b->params.sig_map[i] == UINT32_MAX)
			order[n++] = i;
	sort_ids_by_count(order, n, count, &pc->sig_tab);
	for (i = 0; i < n; i++) {
		b->params.sig_map[order[i]] = b->chains.nr_names + i;
		b->params.sig_of_local[b->chains.nr_names + i] = order[i];
	}
	b->params.nr_sigs = b->chains.nr_names + n;
	free(u);
	free(count);
	free(order);
}

struct pop {
	__u8 f, n;
	__u32 v;
};

struct pops {
	struct pop *op;
	size_t nr, alloc;
	__u64 cost[NR_PF][LINEINFO_MAX_K + 1];
};

static void pop_add(struct pops *o, unsigned int f, unsigned int n, __u32 v)
{
	unsigned int k;

	if (o->nr >= o->alloc) {
		o->alloc = o->alloc ? o->alloc * 2 : 1 << 16;
		o->op = xrealloc(o->op, o->alloc * sizeof(*o->op));
	}
	o->op[o->nr++] = (struct pop){ f, n, v };
	for (k = 0; f < NR_PF && k <= LINEINFO_MAX_K; k++)
		o->cost[f][k] += eg_cost(v, k);
}

/* The group of pieces of @x (see kallsyms_lineinfo.h) */
static void param_group(struct gen_ctx *ctx, struct blob *b, struct pops *o, const struct inl *x)
{
	__u32 n = scope_pieces(ctx, x, ctx->params.piece_buf), i, prev = 0, at = 0, sig;

	pop_add(o, PF_EG0, 0, n);
	if (x->depth && n) {
		sig = b->params.sig_map[ctx->params.psets[x->pset].sig];
		/* the default signature of its name */
		if (b->params.sig_of_local[b->chains.name_map[x->name]] ==
		    ctx->params.psets[x->pset].sig) {
			pop_add(o, PF_BITS, 1, 1);
		} else {
			pop_add(o, PF_BITS, 1, 0);
			pop_add(o, PF_SIG, 0, sig);
		}
	}
	for (i = 0; i < n; i++) {
		const struct piece *p = &ctx->params.piece_buf[i];

		if (!i || p->param != prev)
			at = x->lo;
		pop_add(o, PF_PIDX, 0, p->param - prev);
		pop_add(o, PF_PSTART, 0, p->lo - at);
		pop_add(o, PF_BITS, 1, p->hi == x->hi);
		if (p->hi != x->hi)
			pop_add(o, PF_PLEN, 0, p->hi - p->lo - 1);
		pop_add(o, PF_BITS, 4, p->reg);
		prev = p->param;
		at = p->hi;
	}
}

void params_encode(struct gen_ctx *ctx, struct blob *b, struct range *r)
{
	struct pops o = { 0 };
	struct bitbuf bb = { 0 };
	unsigned int best[NR_PF], k;
	__u32 i, nb = 0, nf = (r->params.nr_fn + LINEINFO_FUNC_BLOCK - 1) / LINEINFO_FUNC_BLOCK;
	size_t j;

	for (i = 0; i < r->params.nr_fn; i++) {
		const struct inl *x = &r->params.fn[i];

		if (i % LINEINFO_FUNC_BLOCK == 0)
			pop_add(&o, PF_MARK_FUNC, 0, i / LINEINFO_FUNC_BLOCK);
		else
			pop_add(&o, PF_FSTART, 0, x->lo - r->params.fn[i - 1].hi);
		pop_add(&o, PF_FLEN, 0, x->hi - x->lo - 1);
		pop_add(&o, PF_SIG, 0, b->params.sig_map[ctx->params.psets[x->pset].sig]);
		param_group(ctx, b, &o, x);
	}
	for (i = 0; i < r->chains.nr_inl; i++) {
		if (r->chains.ifirst[i])
			pop_add(&o, PF_MARK_INL, 0, nb++);
		param_group(ctx, b, &o, &r->chains.inl[i]);
	}
	if (nb != r->chains.ihdr.nr_blocks)
		fatal(ctx, "internal error: %u inline blocks, %u parameter blocks",
		      r->chains.ihdr.nr_blocks, nb);
	for (k = 0; k < NR_PF; k++)
		best[k] = best_k(o.cost[k]);
	r->params.pfuncs = xcalloc(nf ?: 1, sizeof(*r->params.pfuncs));
	r->params.piblocks = xcalloc(nb ?: 1, sizeof(*r->params.piblocks));
	for (j = 0; j < o.nr; j++) {
		const struct pop *p = &o.op[j];
		size_t at = bb.bits;

		switch (p->f) {
		case PF_MARK_FUNC:
			r->params.pfuncs[p->v].offset = r->params.fn[p->v * LINEINFO_FUNC_BLOCK].lo;
			r->params.pfuncs[p->v].bit = bb.bits;
			continue;
		case PF_MARK_INL:
			r->params.piblocks[p->v] = bb.bits;
			continue;
		case PF_BITS:
			put_bits(&bb, p->v, p->n);
			b->params.stats.field_bits[NR_PF + 1] += p->n;
			continue;
		case PF_EG0:
			put_eg(&bb, p->v, 0);
			b->params.stats.field_bits[NR_PF] += bb.bits - at;
			continue;
		default:
			put_eg(&bb, p->v, best[p->f]);
			b->params.stats.field_bits[p->f] += bb.bits - at;
		}
		if (bb.bits > 0xffffffffULL)
			fatal(ctx, "parameter locations of %s: stream too large", r->name);
	}
	r->params.phdr.nr_funcs = r->params.nr_fn;
	r->params.phdr.nr_bits = bb.bits;
	r->params.phdr.k_fstart = best[PF_FSTART];
	r->params.phdr.k_flen = best[PF_FLEN];
	r->params.phdr.k_sig = best[PF_SIG];
	r->params.phdr.k_pidx = best[PF_PIDX];
	r->params.phdr.k_pstart = best[PF_PSTART];
	r->params.phdr.k_plen = best[PF_PLEN];
	r->params.pbits_size = ((bb.bits + 7) >> 3) + 8;
	r->params.pbits = xcalloc(r->params.pbits_size, 1);
	if (bb.p)
		memcpy(r->params.pbits, bb.p, (bb.bits + 7) >> 3);
	free(bb.p);
	free(o.op);
}

/* Code the signatures of @b into @bb, or count the cost of each order. */
static void code_sigs(struct gen_ctx *ctx, const struct blob *b, struct bitbuf *bb,
		      __u32 *index, const struct lineinfo_params *p,
		      __u64 (*cost)[LINEINFO_MAX_K + 1])
{
	const __u32 *first = ctx->params.sig_first, *ids = ctx->params.sig_ids;
	__u32 i, j, sig, nid, tid;
	unsigned int k;

	for (i = 0; i < b->params.nr_sigs; i++) {
		sig = b->params.sig_of_local[i];
		if (index && i % LINEINFO_SIG_GROUP == 0)
			index[i / LINEINFO_SIG_GROUP] = bb->bits;
		if (index)
			put_eg(bb, sig ? (first[sig + 1] - first[sig]) / 2 : 0, 0);
		for (j = sig ? first[sig] : 0; sig && j < first[sig + 1]; j += 2) {
			nid = b->chains.name_map[ids[j]];
			tid = b->chains.name_map[ids[j + 1]];
			if (index) {
				put_eg(bb, nid, p->k_arg_name);
				put_eg(bb, tid, p->k_arg_type);
				continue;
			}
			for (k = 0; k <= LINEINFO_MAX_K; k++) {
				cost[0][k] += eg_cost(nid, k);
				cost[1][k] += eg_cost(tid, k);
			}
		}
	}
}

static const struct out_field params_fields[] = {
	OUT_U32(struct lineinfo_params, nr_sigs),
	OUT_U32(struct lineinfo_params, nr_sig_bits),
	OUT_SPAN(struct lineinfo_params, sigs),
	OUT_SPAN(struct lineinfo_params, sig_index),
	OUT_SPAN(struct lineinfo_params, ranges),
	OUT_U8(struct lineinfo_params, k_arg_name),
	OUT_U8(struct lineinfo_params, k_arg_type),
	OUT_BYTES(struct lineinfo_params, pad, 6),
};

static const struct out_field param_range_fields[] = {
	OUT_U32(struct lineinfo_param_range, nr_funcs),
	OUT_U32(struct lineinfo_param_range, nr_bits),
	OUT_SPAN(struct lineinfo_param_range, funcs),
	OUT_SPAN(struct lineinfo_param_range, iblocks),
	OUT_SPAN(struct lineinfo_param_range, bits),
	OUT_U8(struct lineinfo_param_range, k_fstart),
	OUT_U8(struct lineinfo_param_range, k_flen),
	OUT_U8(struct lineinfo_param_range, k_sig),
	OUT_U8(struct lineinfo_param_range, k_pidx),
	OUT_U8(struct lineinfo_param_range, k_pstart),
	OUT_U8(struct lineinfo_param_range, k_plen),
	OUT_BYTES(struct lineinfo_param_range, pad, 2),
};

static const struct layout params_layout = {
	.name = "struct lineinfo_params",
	.size = sizeof(struct lineinfo_params),
	.fields = params_fields,
	.nr_fields = ARRAY_SIZE(params_fields),
};

static const struct layout param_range_layout = {
	.name = "struct lineinfo_param_range",
	.size = sizeof(struct lineinfo_param_range),
	.fields = param_range_fields,
	.nr_fields = ARRAY_SIZE(param_range_fields),
};

/* Append the parameter locations of @b to @o and point @h at them. */
void params_write(struct gen_ctx *ctx, struct blob *b, struct out *o,
		  struct lineinfo_header *h)
{
	struct param_stats *st = &b->params.stats;
	__u64 cost[2][LINEINFO_MAX_K + 1] = { { 0 } };
	__u32 groups = (b->params.nr_sigs + LINEINFO_SIG_GROUP - 1) / LINEINFO_SIG_GROUP;
	__u32 *index = xcalloc(groups ?: 1, sizeof(*index));
	struct lineinfo_params p = { 0 };
	struct bitbuf bb = { 0 };
	size_t size;
	__u32 i, at;

	code_sigs(ctx, b, NULL, NULL, &p, cost);
	p.k_arg_name = best_k(cost[0]);
	p.k_arg_type = best_k(cost[1]);
	code_sigs(ctx, b, &bb, index, &p, NULL);
	if (bb.bits > 0xffffffffULL)
		fatal(ctx, "signatures of %s too large", b->path);
	/* the header and the range headers are written when they are complete */
	at = out_add(o, NULL, sizeof(p), 8);
	p.nr_sigs = b->params.nr_sigs;
	p.nr_sig_bits = bb.bits;
	/* the decoder's 64-bit loads may run 8 bytes past the last bit */
	size = ((bb.bits + 7) >> 3) + 8;
	p.sigs.size = size;
	p.sigs.off = out_add(o, NULL, size, 1);
	if (bb.bits)
		memcpy(o->p + p.sigs.off, bb.p, (bb.bits + 7) >> 3);
	p.sig_index.size = groups * sizeof(*index);
	p.sig_index.off = out_add_words(o, index, groups, sizeof(*index), 4);
	st->sigs += size;
	st->sig_index += p.sig_index.size;
	p.ranges.size = b->nr_ranges * sizeof(struct lineinfo_param_range);
	p.ranges.off = out_add(o, NULL, p.ranges.size, 4);
	for (i = 0; i < b->nr_ranges; i++) {
		struct range *r = b->ranges[i];
		struct lineinfo_param_range *x = &r->params.phdr;
		__u32 nf = (r->params.nr_fn + LINEINFO_FUNC_BLOCK - 1) / LINEINFO_FUNC_BLOCK;

		x->funcs.size = nf * sizeof(*r->params.pfuncs);
		x->funcs.off = out_add_groups(o, r->params.pfuncs, nf);
		x->iblocks.size = r->chains.ihdr.nr_blocks * sizeof(*r->params.piblocks);
		x->iblocks.off = out_add_words(o, r->params.piblocks, r->chains.ihdr.nr_blocks,
					       sizeof(*r->params.piblocks), 4);
		x->bits.size = r->params.pbits_size;
		x->bits.off = out_add(o, r->params.pbits, r->params.pbits_size, 1);
		st->funcs += x->funcs.size;
		st->funcs_nr += r->params.nr_fn;
		st->iblocks += x->iblocks.size;
		st->bits += x->bits.size;
		out_put_struct(o, p.ranges.off + i * sizeof(*x), x, &param_range_layout);
	}
	out_put_struct(o, at, &p, &params_layout);
	h->params.off = at;
	h->params.size = o->size - at;
	st->total = h->params.size;
	free(bb.p);
	free(index);
}

/* --stats: the parameter part of the blob @b */
void params_print_stats(const struct blob *b)
{
	const struct param_stats *st = &b->params.stats;
	const __u64 *fb = st->field_bits;

	printf("%s: param functions: %llu, signatures: %u\n", b->path,
	       (unsigned long long)st->funcs_nr, b->params.nr_sigs);
	printf("%s: bytes param signatures: %llu, index %llu\n", b->path,
	       (unsigned long long)st->sigs, (unsigned long long)st->sig_index);
	printf("%s: bytes param function index: %llu, inline block index %llu\n",
	       b->path, (unsigned long long)st->funcs, (unsigned long long)st->iblocks);
	printf("%s: bytes param stream: %llu\n", b->path, (unsigned long long)st->bits);
	printf("%s: bytes param stream fields: function start %llu, length %llu",
	       b->path, fb[PF_FSTART] / 8, fb[PF_FLEN] / 8);
	printf(", signature %llu, pieces %llu, parameter %llu, start %llu",
	       fb[PF_SIG] / 8, fb[NR_PF] / 8, fb[PF_PIDX] / 8, fb[PF_PSTART] / 8);
	printf(", length %llu, end flags and registers %llu\n",
	       fb[PF_PLEN] / 8, fb[NR_PF + 1] / 8);
	printf("%s: bytes param total: %u\n", b->path, st->total);
}

/* A function of @r with parameters: kept if it does not overlap the last */
void params_keep_function(struct range *r, const struct inl *x)
{
	struct params_range *p = &r->params;

	if (p->nr_fn && p->fn[p->nr_fn - 1].hi > x->lo)
		return;
	if (p->nr_fn % 4096 == 0)
		p->fn = xrealloc(p->fn, (p->nr_fn + 4096) * sizeof(*p->fn));
	p->fn[p->nr_fn++] = *x;
}

/*
 * The names and types of parameters, by name_tab id, into @names: once
 * per record of @b that codes its signature.
 */
void params_count_names(struct gen_ctx *ctx, struct blob *b, __u64 *names)
{
	__u64 *sigs = xcalloc(ctx->params.sig_tab.nr, sizeof(*sigs));

	count_sigs(ctx, b, sigs, names);
	free(sigs);
}

/* What the DIE walk left out; documented skips (kallsyms-lineinfo.rst) */
void params_report(struct gen_ctx *ctx)
{
	const struct params_ctx *c = &ctx->params;

	/* counted, not warned about, unless asked for */
	if (!ctx->opt.stats && !ctx->opt.dump_params)
		return;
	if (c->unreadable)
		warn(ctx, "%llu parameter locations cut at an operation libdw cannot read",
		     c->unreadable);
	if (c->skipped)
		warn(ctx, "%llu parameters of scopes with more than %d left out",
		     c->skipped, LINEINFO_MAX_PARAMS);
}

/* Before the blobs: the signatures as ids, and room for a scope's pieces */
void params_prepare(struct gen_ctx *ctx)
{
	parse_sigs(ctx);
	alloc_piece_buf(ctx);
}

/* After the blobs */
void params_report_end(struct gen_ctx *ctx)
{
	if (ctx->params.overlapping && ctx->opt.stats)
		warn(ctx, "%llu register pieces overlap another of their parameter: %s",
		     ctx->params.overlapping, "the first is kept");
}

void params_init(struct gen_ctx *ctx)
{
	strtab_init(&ctx->params.sig_tab);
	/* pset 0 is "no parameters" */
	ctx->params.nr_psets = 1;
}
