// SPDX-License-Identifier: GPL-2.0
/*
 * param_study - what a table of parameters in registers costs (issue 13)
 *
 * Usage: param_study ELF
 *
 * Reads every concrete function and inlined call of ELF's .text with libdw,
 * with its own formal parameters (a clone's, not its abstract origin's),
 * their C type spellings, and the code where each parameter is exactly one
 * general register (a location list entry or a location expression that
 * is DW_OP_reg0..15 or DW_OP_regx alone), the rule gen_lineinfo
 * --dump-params applies.  Prints, before any format is designed:
 *  - the input: scopes, parameters, how many are in a register somewhere,
 *    the pieces of code where they are, and what else the locations say;
 *  - how often, at an address of a function with parameters, the innermost
 *    scope has at least one parameter in a register (what an oops could
 *    show);
 *  - the size of one candidate layout, field by field: scope records
 *    (start, length, depth, signature) sorted like the inline records, one
 *    piece list per parameter, and a table of distinct signatures (name,
 *    parameter names and types), with and without predicting a piece's
 *    register from the last piece of the same parameter.
 * The figures choose the design; nothing here is used by the kernel.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <search.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>

#define MAX_PARAMS	64

struct scope {
	uint64_t lo, hi;
	uint32_t sig, depth, nparams;
	uint32_t first;		/* index of its first piece */
	uint32_t npieces;
};

struct piece {
	uint64_t lo, hi;
	uint16_t param;
	uint8_t reg;
};

static struct scope *scopes;
static size_t nscopes, cscopes;
static struct piece *pieces;
static size_t npieces, cpieces;
static uint64_t text_lo, text_hi;
static uint64_t nparams_all, nparams_reg, nparams_noloc, loc_entries, loc_reg, loc_entry_value;
static uint64_t loc_piece, loc_other, nclones_params;

/* strings: function names, parameter names, type spellings; and signatures */
struct str {
	char *s;
	uint32_t id;
	uint64_t count;
};
static void *strtree, *sigtree;
static uint32_t nstr, nsig;
static uint64_t str_bytes;
static struct str **sigs;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(((const struct str *)a)->s, ((const struct str *)b)->s);
}

static struct str *intern(void **tree, uint32_t *n, const char *s, uint64_t *bytes)
{
	struct str key = { .s = (char *)s }, **found, *x;

	found = tfind(&key, tree, cmp_str);
	if (found) {
		(*found)->count++;
		return *found;
	}
	x = calloc(1, sizeof(*x));
	x->s = strdup(s);
	x->id = (*n)++;
	x->count = 1;
	if (bytes)
		*bytes += strlen(s) + 1;
	tsearch(x, tree, cmp_str);
	return x;
}

/* The C spelling of a type, cut at @size (the study only counts them) */
static void type_spell(Dwarf_Die *die, char *buf, size_t size, int depth)
{
	Dwarf_Attribute a;
	Dwarf_Die t;
	const char *n;
	char in[256];

	if (!dwarf_attr_integrate(die, DW_AT_type, &a) || !dwarf_formref_die(&a, &t)) {
		snprintf(buf, size, "void");
		return;
	}
	if (depth > 8) {
		snprintf(buf, size, "...");
		return;
	}
	n = dwarf_diename(&t);
	switch (dwarf_tag(&t)) {
	case DW_TAG_pointer_type:
		type_spell(&t, in, sizeof(in), depth + 1);
		snprintf(buf, size, "%s *", in);
		break;
	case DW_TAG_const_type:
		type_spell(&t, in, sizeof(in), depth + 1);
		snprintf(buf, size, "const %s", in);
		break;
	case DW_TAG_volatile_type:
		type_spell(&t, in, sizeof(in), depth + 1);
		snprintf(buf, size, "volatile %s", in);
		break;
	case DW_TAG_structure_type:
		snprintf(buf, size, "struct %s", n ?: "(anon)");
		break;
	case DW_TAG_union_type:
		snprintf(buf, size, "union %s", n ?: "(anon)");
		break;
	case DW_TAG_enumeration_type:
		snprintf(buf, size, "enum %s", n ?: "(anon)");
		break;
	default:
		snprintf(buf, size, "%s", n ?: "?");
	}
}

static int one_register(const Dwarf_Op *e, size_t len)
{
	if (len != 1)
		return -1;
	if (e[0].atom >= DW_OP_reg0 && e[0].atom <= DW_OP_reg15)
		return e[0].atom - DW_OP_reg0;
	if (e[0].atom == DW_OP_regx && e[0].number < 16)
		return (int)e[0].number;
	return -1;
}

struct rawpiece {
	uint64_t lo, hi;	/* hi == 0: the whole scope */
	uint16_t param;
	uint8_t reg;
};

static void add_scope(Dwarf_Die *die, uint32_t depth)
{
	static struct rawpiece raw[1 << 14];
	char sig[4096], t[256];
	size_t nraw = 0, i, len;
	uint32_t np = 0;
	Dwarf_Addr base, lo, hi, start, end;
	ptrdiff_t off = 0;
	Dwarf_Die p;
	struct str *s;
	bool any_reg[MAX_PARAMS] = { false };

	/* only scopes with code in .text */
	while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0)
		if (lo >= text_lo && hi <= text_hi && lo < hi)
			break;
	if (off <= 0)
		return;
	off = 0;
	snprintf(sig, sizeof(sig), "%s", dwarf_diename(die) ?: "?");
	if (dwarf_child(die, &p))
		return;
	do {
		Dwarf_Attribute a;
		Dwarf_Op *e;
		ptrdiff_t lo_off = 0;

		if (dwarf_tag(&p) != DW_TAG_formal_parameter || np >= MAX_PARAMS)
			continue;
		type_spell(&p, t, sizeof(t), 0);
		intern(&strtree, &nstr, dwarf_diename(&p) ?: "?", &str_bytes);
		intern(&strtree, &nstr, t, &str_bytes);
		len = strlen(sig);
		snprintf(sig + len, sizeof(sig) - len, "|%s:%s", dwarf_diename(&p) ?: "?", t);
		if (!dwarf_attr(&p, DW_AT_location, &a)) {
			nparams_noloc++;
		} else {
			while ((lo_off = dwarf_getlocations(&a, lo_off, &base, &start, &end,
							    &e, &len)) > 0) {
				int reg = one_register(e, len);

				loc_entries++;
				if (reg < 0) {
					if (len && (e[0].atom == DW_OP_entry_value ||
						    e[0].atom == DW_OP_GNU_entry_value))
						loc_entry_value++;
					else if (len > 1 && e[1].atom == DW_OP_piece)
						loc_piece++;
					else
						loc_other++;
					continue;
				}
				loc_reg++;
				if (nraw < sizeof(raw) / sizeof(raw[0]))
					raw[nraw++] = (struct rawpiece){
						start, end == (Dwarf_Addr)-1 ? 0 : end, np, reg };
			}
		}
		np++;
	} while (!dwarf_siblingof(&p, &p));
	if (!np)
		return;
	s = intern(&sigtree, &nsig, sig, NULL);
	if (s->count == 1) {
		sigs = realloc(sigs, nsig * sizeof(*sigs));
		sigs[s->id] = s;
	}
	while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
		struct scope *sc;

		if (lo < text_lo || hi > text_hi || lo >= hi)
			continue;
		if (nscopes == cscopes) {
			cscopes = cscopes ? 2 * cscopes : 1 << 16;
			scopes = realloc(scopes, cscopes * sizeof(*scopes));
		}
		sc = &scopes[nscopes++];
		*sc = (struct scope){ lo - text_lo, hi - text_lo, s->id, depth, np,
				      (uint32_t)npieces, 0 };
		for (i = 0; i < nraw; i++) {
			uint64_t a = raw[i].hi ? raw[i].lo : lo, b = raw[i].hi ? raw[i].hi : hi;

			if (a < lo)
				a = lo;
			if (b > hi)
				b = hi;
			if (a >= b)
				continue;
			if (npieces == cpieces) {
				cpieces = cpieces ? 2 * cpieces : 1 << 18;
				pieces = realloc(pieces, cpieces * sizeof(*pieces));
			}
			pieces[npieces++] = (struct piece){ a - text_lo, b - text_lo,
							    raw[i].param, raw[i].reg };
			sc->npieces++;
			any_reg[raw[i].param] = true;
		}
	}
	nparams_all += np;
	for (i = 0; i < np; i++)
		nparams_reg += any_reg[i];
	if (dwarf_hasattr(die, DW_AT_abstract_origin) && dwarf_tag(die) == DW_TAG_subprogram)
		nclones_params += np;
}

static void walk(Dwarf_Die *die, uint32_t depth)
{
	Dwarf_Die c;

	if (dwarf_child(die, &c))
		return;
	do {
		int tag = dwarf_tag(&c);

		if (tag == DW_TAG_subprogram) {
			add_scope(&c, 0);
			walk(&c, 1);
		} else if (tag == DW_TAG_inlined_subroutine) {
			add_scope(&c, depth);
			walk(&c, depth + 1);
		} else if (tag == DW_TAG_lexical_block) {
			walk(&c, depth);
		}
	} while (!dwarf_siblingof(&c, &c));
}

static unsigned int eg_bits(uint64_t v, unsigned int k)
{
	uint64_t x = (v >> k) + 1;
	unsigned int n = 0;

	while (x >> n)
		n++;
	return 2 * n - 1 + k;
}

/* A field: its values, coded with the best Exp-Golomb order */
struct field {
	const char *what;
	uint64_t *v;
	size_t n, alloc;
	uint64_t fixed_bits;	/* bits coded without Exp-Golomb */
};

static void put(struct field *f, uint64_t v)
{
	if (f->n == f->alloc) {
		f->alloc = f->alloc ? 2 * f->alloc : 1 << 16;
		f->v = realloc(f->v, f->alloc * sizeof(*f->v));
	}
	f->v[f->n++] = v;
}

static uint64_t field_bytes(const struct field *f)
{
	uint64_t best = UINT64_MAX;
	unsigned int k;
	size_t i;

	for (k = 0; k < 20; k++) {
		uint64_t sum = 0;

		for (i = 0; i < f->n; i++)
			sum += eg_bits(f->v[i], k);
		if (sum < best)
			best = sum;
	}
	return (f->n ? best : 0) / 8 + f->fixed_bits / 8;
}

static int cmp_scope(const void *a, const void *b)
{
	const struct scope *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (int)x->depth - (int)y->depth;
}

static int cmp_sig_count(const void *a, const void *b)
{
	const struct str *x = *(struct str * const *)a, *y = *(struct str * const *)b;

	return x->count > y->count ? -1 : x->count < y->count;
}

int main(int argc, char **argv)
{
	struct field f_lo = { .what = "scope start" }, f_len = { .what = "scope length" },
		     f_depth = { .what = "scope depth" }, f_sig = { .what = "scope signature" },
		     f_count = { .what = "pieces per parameter" }, f_plo = { .what = "piece start" },
		     f_plen = { .what = "piece length" }, f_reg = { .what = "piece register (4 bits)" },
		     f_regp = { .what = "piece register, predicted (1 or 5 bits)" },
		     f_plen2 = { .what = "piece length, unless it ends with the scope" },
		     f_flo = { .what = "function start (B)" }, f_flen = { .what = "function length (B)" };
	uint64_t names_sig_bytes = 0, end_flags = 0;
	void *name_tree = NULL;
	uint32_t nnames = 0;
	uint64_t *rank, total, sig_bytes = 0, covered = 0, func_bytes = 0;
	Dwarf_Off off = 0, next;
	Elf_Scn *scn = NULL;
	size_t hsize, shstrndx, i, j;
	Dwarf *dw;
	Elf *elf;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: param_study ELF\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	dw = fd < 0 ? NULL : dwarf_begin(fd, DWARF_C_READ);
	if (!dw) {
		fprintf(stderr, "param_study: %s: cannot read DWARF\n", argv[1]);
		return 1;
	}
	elf = dwarf_getelf(dw);
	elf_getshdrstrndx(elf, &shstrndx);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		gelf_getshdr(scn, &sh);
		if (!strcmp(elf_strptr(elf, shstrndx, sh.sh_name), ".text")) {
			text_lo = sh.sh_addr;
			text_hi = sh.sh_addr + sh.sh_size;
		}
	}
	if (text_lo == text_hi) {
		fprintf(stderr, "param_study: %s: no .text\n", argv[1]);
		return 1;
	}
	while (!dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL)) {
		Dwarf_Die cu;

		if (dwarf_offdie(dw, off + hsize, &cu))
			walk(&cu, 1);
		off = next;
	}
	qsort(scopes, nscopes, sizeof(*scopes), cmp_scope);

	/* signature ranks, the most used first */
	qsort(sigs, nsig, sizeof(*sigs), cmp_sig_count);
	rank = calloc(nsig, sizeof(*rank));
	for (i = 0; i < nsig; i++)
		rank[sigs[i]->id] = i;

	/* what an oops could show: addresses of depth-0 scopes with a parameter in a register */
	for (i = 0; i < nscopes; i++) {
		const struct scope *s = &scopes[i];
		uint64_t a, hit = 0;

		if (s->depth)
			continue;
		func_bytes += s->hi - s->lo;
		for (a = s->lo; a < s->hi; a++) {
			for (j = s->first; j < s->first + s->npieces; j++)
				if (pieces[j].lo <= a && a < pieces[j].hi)
					break;
			hit += j < s->first + s->npieces;
		}
		covered += hit;
	}

	/* the candidate layout */
	for (i = 0; i < nscopes; i++) {
		const struct scope *s = &scopes[i];
		uint8_t last_reg[MAX_PARAMS];
		uint64_t at;
		uint16_t p;

		memset(last_reg, 0xff, sizeof(last_reg));
		if (!s->depth) {
			put(&f_flo, i ? s->lo - scopes[i - 1].lo : 0);
			put(&f_flen, s->hi - s->lo - 1);
		}
		put(&f_lo, i ? s->lo - scopes[i - 1].lo : 0);
		put(&f_len, s->hi - s->lo - 1);
		put(&f_depth, s->depth);
		put(&f_sig, rank[s->sig]);
		for (p = 0; p < s->nparams; p++) {
			uint64_t n = 0;

			at = s->lo;
			for (j = s->first; j < s->first + s->npieces; j++) {
				const struct piece *x = &pieces[j];

				if (x->param != p)
					continue;
				n++;
				put(&f_plo, x->lo >= at ? x->lo - at : 0);
				put(&f_plen, x->hi - x->lo - 1);
				end_flags++;
				if (x->hi != s->hi)
					put(&f_plen2, x->hi - x->lo - 1);
				f_reg.fixed_bits += 4;
				f_regp.fixed_bits += x->reg == last_reg[p] ? 1 : 5;
				last_reg[p] = x->reg;
				at = x->hi;
			}
			put(&f_count, n);
		}
	}
	for (i = 0; i < nsig; i++) {
		const char *s = sigs[i]->s;

		/* a name id, then a name and a type id per parameter: ~2 bytes each */
		sig_bytes += 2;
		for (; *s; s++)
			sig_bytes += (*s == '|') * 4;
	}
	sig_bytes += str_bytes;
	/* B: one signature per function name (inlined copies share it) */
	for (i = 0; i < nsig; i++) {
		char name[4096], *bar;
		struct str *n;

		snprintf(name, sizeof(name), "%s", sigs[i]->s);
		bar = strchr(name, '|');
		if (bar)
			*bar = '\0';
		n = intern(&name_tree, &nnames, name, NULL);
		if (n->count == 1) {
			const char *x = sigs[i]->s;

			names_sig_bytes += 1;
			for (; *x; x++)
				names_sig_bytes += (*x == '|') * 4;
		}
	}

	printf("param_study: %s\n", argv[1]);
	printf("input: scope ranges with parameters in .text %zu (functions and inlined calls), pieces in a register %zu\n",
	       nscopes, npieces);
	printf("input: parameters %" PRIu64 ", in a register at some address %" PRIu64 " (%.1f%%), without location %" PRIu64
	       ", of clones %" PRIu64 "\n", nparams_all, nparams_reg,
	       nparams_all ? 100.0 * nparams_reg / nparams_all : 0.0, nparams_noloc, nclones_params);
	printf("input: location entries %" PRIu64 ": exactly one register %" PRIu64 ", entry value %" PRIu64
	       ", register pieces %" PRIu64 ", other (memory, computed, constant) %" PRIu64 "\n",
	       loc_entries, loc_reg, loc_entry_value, loc_piece, loc_other);
	printf("input: distinct signatures %u, distinct names and type spellings %u (%" PRIu64 " bytes)\n",
	       nsig, nstr, str_bytes);
	{
		uint64_t with = 0, with_fn = 0, fn = 0;

		for (i = 0; i < nscopes; i++) {
			with += scopes[i].npieces > 0;
			fn += !scopes[i].depth;
			with_fn += !scopes[i].depth && scopes[i].npieces;
		}
		printf("input: scope ranges with a parameter in a register %" PRIu64 " of %zu; functions %" PRIu64
		       " of %" PRIu64 "\n", with, nscopes, with_fn, fn);
	}
	printf("coverage: bytes of functions with parameters %" PRIu64 ", with one in a register there %" PRIu64
	       " (%.1f%%)\n", func_bytes, covered, func_bytes ? 100.0 * covered / func_bytes : 0.0);
	printf("sizes, field by field (best-order Exp-Golomb):\n");
	total = 0;
	{
		struct field *fs[] = { &f_lo, &f_len, &f_depth, &f_sig, &f_count, &f_plo, &f_plen };

		for (i = 0; i < sizeof(fs) / sizeof(fs[0]); i++) {
			printf("  %-44s %10" PRIu64 " bytes\n", fs[i]->what, field_bytes(fs[i]));
			total += field_bytes(fs[i]);
		}
	}
	printf("  %-44s %10" PRIu64 " bytes\n", f_reg.what, field_bytes(&f_reg));
	printf("  %-44s %10" PRIu64 " bytes\n", f_regp.what, field_bytes(&f_regp));
	printf("  %-44s %10" PRIu64 " bytes\n", "signatures and their strings (estimate)", sig_bytes);
	printf("  %-44s %10zu bytes\n", "block index (8 bytes per 64 scopes)", nscopes / 64 * 8);
	total += sig_bytes + nscopes / 64 * 8;
	printf("size total A (scope records, signatures): %" PRIu64 " bytes\n",
	       total + field_bytes(&f_reg));
	/*
	 * B: the inline records already give each inlined call its bounds and
	 * name, kallsyms names functions; a table keeps each function's bounds,
	 * one signature per name, and the pieces, whose length is left out when
	 * the piece ends with its scope.
	 */
	total = field_bytes(&f_flo) + field_bytes(&f_flen) + field_bytes(&f_count) +
		field_bytes(&f_plo) + field_bytes(&f_plen2) + end_flags / 8 + field_bytes(&f_reg) +
		names_sig_bytes + str_bytes + nscopes / 64 * 8;
	printf("size B: function bounds %" PRIu64 ", pieces %" PRIu64 " (lengths %" PRIu64
	       " + end flags %" PRIu64 "), signatures by name (%u names) %" PRIu64 "\n",
	       field_bytes(&f_flo) + field_bytes(&f_flen),
	       field_bytes(&f_count) + field_bytes(&f_plo) + field_bytes(&f_plen2) + end_flags / 8 +
	       field_bytes(&f_reg), field_bytes(&f_plen2), end_flags / 8, nnames,
	       names_sig_bytes + str_bytes);
	printf("size total B (on the inline records, signatures by name): %" PRIu64 " bytes\n", total);
	return 0;
}
