// SPDX-License-Identifier: GPL-2.0
/*
 * gen_lineinfo, stage "read": open the ELF file with libdwfl, find the text
 * ranges each blob covers, and collect the line rows of every CU, placed
 * in those ranges.  With --inline or a --dump option, each CU's DIE tree
 * is walked too (inline.c).
 */

#define _GNU_SOURCE
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include <dwarf.h>

#include "gen_lineinfo.h"

/* The symbol table: its data, number of symbols and string section. */
static Elf_Data *symtab(struct gen_ctx *ctx, size_t *n, size_t *strndx)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(ctx->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		*n = sh.sh_size / sh.sh_entsize;
		*strndx = sh.sh_link;
		return elf_getdata(scn, NULL);
	}
	return NULL;
}

static bool find_symbol(struct gen_ctx *ctx, const char *name, __u64 *value)
{
	Elf_Data *data;
	size_t i, n, strndx;

	data = symtab(ctx, &n, &strndx);
	for (i = 0; data && i < n; i++) {
		GElf_Sym sym;
		const char *s;

		if (!gelf_getsym(data, i, &sym))
			continue;
		s = elf_strptr(ctx->elf, strndx, sym.st_name);
		if (s && !strcmp(s, name)) {
			*value = sym.st_value;
			return true;
		}
	}
	return false;
}

static Elf_Scn *find_section(struct gen_ctx *ctx, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(ctx->elf, &shstrndx))
		fatal(ctx, "cannot read section names: %s", elf_errmsg(-1));
	while ((scn = elf_nextscn(ctx->elf, scn))) {
		const char *s;

		if (!gelf_getshdr(scn, sh))
			continue;
		s = elf_strptr(ctx->elf, shstrndx, sh->sh_name);
		if (s && !strcmp(s, name))
			return scn;
	}
	return NULL;
}

struct range *new_range(struct gen_ctx *ctx, struct blob *b, const char *name)
{
	struct range *r = xcalloc(1, sizeof(*r));

	if (b->nr_ranges >= MAX_RANGES)
		fatal(ctx, "more than %u executable sections", MAX_RANGES);
	r->name = name;
	b->ranges[b->nr_ranges++] = r;
	ctx->all_ranges[ctx->nr_all_ranges++] = r;
	return r;
}

/*
 * A range names its section, and the kernel finds the section by that name:
 * two executable sections with one name (possible in a relocatable object,
 * e.g. from section groups) cannot be told apart, so neither gets a table.
 */
static void drop_duplicate_ranges(struct gen_ctx *ctx, struct blob *b)
{
	unsigned int i, j, n = 0;

	for (i = 0; i < b->nr_ranges; i++) {
		for (j = i + 1; j < b->nr_ranges; j++) {
			if (strcmp(b->ranges[i]->name, b->ranges[j]->name))
				continue;
			b->ranges[j]->duplicate = true;
			if (b->ranges[i]->duplicate)
				continue;
			b->ranges[i]->duplicate = true;
			warn(ctx,
			     "several executable sections are named %s; they get no line table",
			     b->ranges[i]->name);
		}
	}
	for (i = 0; i < b->nr_ranges; i++)
		if (!b->ranges[i]->duplicate)
			b->ranges[n++] = b->ranges[i];
	b->nr_ranges = n;
}

/* Add every allocated executable section to blobs that asked for "all". */
static void add_text_sections(struct gen_ctx *ctx)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	unsigned int i;

	if (elf_getshdrstrndx(ctx->elf, &shstrndx))
		fatal(ctx, "cannot read section names: %s", elf_errmsg(-1));
	for (i = 0; i < ctx->nr_blobs; i++) {
		if (!ctx->blobs[i].all_text)
			continue;
		while ((scn = elf_nextscn(ctx->elf, scn))) {
			GElf_Shdr sh;
			const char *name;

			if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
			    (sh.sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) !=
			    (SHF_ALLOC | SHF_EXECINSTR) || !sh.sh_size)
				continue;
			name = elf_strptr(ctx->elf, shstrndx, sh.sh_name);
			if (!name)
				continue;
			new_range(ctx, &ctx->blobs[i], xstrdup(name));
		}
		drop_duplicate_ranges(ctx, &ctx->blobs[i]);
	}
}

static void resolve_ranges(struct gen_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->nr_all_ranges; i++) {
		struct range *r = ctx->all_ranges[i];
		GElf_Shdr sh;

		if (r->start_sym) {
			if (!find_symbol(ctx, r->start_sym, &r->start))
				fatal(ctx, "symbol %s not found", r->start_sym);
			if (!find_symbol(ctx, r->end_sym, &r->end))
				fatal(ctx, "symbol %s not found", r->end_sym);
		} else {
			if (!find_section(ctx, r->name, &sh))
				fatal(ctx, "section %s not found", r->name);
			/* ET_REL: DWARF addresses are section relative (below) */
			r->start = ctx->ehdr.e_type == ET_REL ? 0 : sh.sh_addr;
			r->end = r->start + sh.sh_size;
		}
		if (r->end < r->start)
			fatal(ctx, "range %s ends before it starts", r->name);
	}
}

static void add_row(struct gen_ctx *ctx, __u32 range, __u64 off, __u32 file, __u32 line)
{
	if (range >= ARRAY_SIZE(ctx->all_ranges))
		fatal(ctx, "more than %zu ranges", ARRAY_SIZE(ctx->all_ranges));
	if (ctx->nr_rows >= ctx->rows_alloc) {
		ctx->rows_alloc = ctx->rows_alloc ? ctx->rows_alloc * 2 : 1 << 16;
		ctx->rows = xrealloc(ctx->rows, ctx->rows_alloc * sizeof(*ctx->rows));
	}
	ctx->rows[ctx->nr_rows] = (struct row){ (__u32)off, range, file, line };
	ctx->nr_rows++;
}

/* Map a DWARF address to (range, offset); false if no range covers it. */
bool place(struct gen_ctx *ctx, Dwfl_Module *mod, Dwarf_Addr bias, Dwarf_Addr addr,
	   __u32 *range, __u64 *off)
{
	unsigned int i;

	if (ctx->ehdr.e_type == ET_REL) {
		Dwarf_Addr a = addr + bias;
		const char *name;
		int idx;

		idx = dwfl_module_relocate_address(mod, &a);
		if (idx < 0)
			return false;
		name = dwfl_module_relocation_info(mod, idx, NULL);
		if (!name)
			return false;
		for (i = 0; i < ctx->nr_all_ranges; i++) {
			if (!strcmp(ctx->all_ranges[i]->name, name) &&
			    a < ctx->all_ranges[i]->end) {
				*range = i;
				*off = a;
				return true;
			}
		}
		return false;
	}
	for (i = 0; i < ctx->nr_all_ranges; i++) {
		if (addr >= ctx->all_ranges[i]->start && addr < ctx->all_ranges[i]->end) {
			*range = i;
			*off = addr - ctx->all_ranges[i]->start;
			return true;
		}
	}
	return false;
}

struct addr_range {
	Dwarf_Addr start;
	Dwarf_Addr end;
};

static int cmp_range_start(const void *a, const void *b)
{
	const struct addr_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* overlapping ranges (bad DWARF): a total order all the same */
	return x->end < y->end ? -1 : x->end > y->end;
}

/*
 * libdw returns a CU's rows sorted by address, with an end of sequence
 * before a row at the same address.  Such a row is either the start of
 * another sequence, or an empty last row of the ending one, which GCC
 * emits at the end of functions and which covers no code: keeping it would
 * stretch its line over whatever follows, e.g. asm without line info.
 * A sequence start lies inside one of the CU's address ranges, an empty
 * last row at the end of one, so collect the ranges.
 */
static size_t cu_ranges(Dwarf_Die *cu, struct addr_range **r, size_t *alloc)
{
	Dwarf_Addr base, start, end;
	ptrdiff_t off = 0;
	size_t n = 0;

	while ((off = dwarf_ranges(cu, off, &base, &start, &end)) > 0) {
		if (start >= end)
			continue;
		if (n >= *alloc) {
			*alloc = *alloc ? *alloc * 2 : 64;
			*r = xrealloc(*r, *alloc * sizeof(**r));
		}
		(*r)[n].start = start;
		(*r)[n++].end = end;
	}
	if (n)
		qsort(*r, n, sizeof(**r), cmp_range_start);
	return n;
}

static bool in_cu_ranges(const struct addr_range *r, size_t n, Dwarf_Addr addr)
{
	size_t lo = 0, hi = n;

	/* ranges of one CU do not overlap: look at the last one starting <= addr */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && addr < r[lo - 1].end;
}

/*
 * libdw (0.188 to 0.192 at least) reads the operand of DW_LNS_advance_pc
 * into 32 bits, so a negative advance (LLVM's assembler emits one where a
 * macro's .pushsection puts an instruction in another section, as in the
 * arm64 entry.S vectors) leaves every row after it 4 GiB too high, once
 * more for each such advance.  Place such a row at its address with the
 * high half of the CU's first range, if that lies in a text range (not
 * necessarily the CU's: the .subsection 1 code comes after its high_pc).
 */
static bool place_truncated(struct gen_ctx *ctx, Dwfl_Module *mod, Dwarf_Addr bias,
			    const struct addr_range *cur, size_t ncur, Dwarf_Addr addr,
			    __u32 *range, __u64 *off)
{
	Dwarf_Addr a;

	if (ctx->ehdr.e_ident[EI_CLASS] != ELFCLASS64 || !ncur ||
	    addr >> 32 == cur[0].start >> 32)
		return false;
	a = (cur[0].start & ~0xffffffffULL) | (addr & 0xffffffffULL);
	if (!place(ctx, mod, bias, a, range, off))
		return false;
	ctx->rows_4g++;
	return true;
}

/* The name of a CU for messages, printable even if the DWARF is garbage. */
const char *cu_name(struct gen_ctx *ctx, Dwarf_Die *cu)
{
	char *buf = ctx->cu_name;
	const char *name = dwarf_diename(cu);
	size_t i;

	if (!name)
		return "?";
	for (i = 0; name[i] && i < sizeof(ctx->cu_name) - 1; i++)
		buf[i] = name[i] >= 0x20 && name[i] < 0x7f ? name[i] : '?';
	buf[i] = '\0';
	return buf;
}

/* The global file id of a line row; @map caches the CU's file table. */
static __u32 row_file(struct gen_ctx *ctx, Dwarf_Die *cu, Dwarf_Line *l, const char *comp_dir,
		      __u32 *map, size_t nfiles)
{
	Dwarf_Files *lf;
	size_t fidx;

	if (dwarf_line_file(l, &lf, &fidx) || fidx >= nfiles)
		fatal(ctx, "bad file index in CU %s", cu_name(ctx, cu));
	if (!map[fidx]) {
		const char *name = dwarf_filesrc(lf, fidx, NULL, NULL);

		map[fidx] = intern_file(ctx, comp_dir, name ?: "??");
	}
	return map[fidx];
}

/*
 * Open the input and choose the byte order of the blobs, that of the ELF
 * file.  Return: the module, or NULL if there is no DWARF and
 * --skip-no-dwarf allows that.
 */
static Dwfl_Module *open_input(struct gen_ctx *ctx)
{
	static const Dwfl_Callbacks cb = {
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.section_address = dwfl_offline_section_address,
	};
	const char *path = ctx->opt.input;
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	Dwarf *dw;

	elf_version(EV_CURRENT);
	ctx->dwfl = dwfl_begin(&cb);
	if (!ctx->dwfl)
		fatal(ctx, "libdwfl: %s", dwfl_errmsg(-1));
	mod = dwfl_report_offline(ctx->dwfl, path, path, -1);
	if (!mod)
		fatal(ctx, "cannot read: %s", dwfl_errmsg(-1));
	dwfl_report_end(ctx->dwfl, NULL, NULL);
	ctx->elf = dwfl_module_getelf(mod, &bias);
	if (!ctx->elf || !gelf_getehdr(ctx->elf, &ctx->ehdr))
		fatal(ctx, "not a readable ELF file: %s", dwfl_errmsg(-1));
	switch (ctx->ehdr.e_ident[EI_DATA]) {
	case ELFDATA2LSB:
		ctx->big_endian = false;
		break;
	case ELFDATA2MSB:
		ctx->big_endian = true;
		break;
	default:
		fatal(ctx, "unknown ELF byte order %u", ctx->ehdr.e_ident[EI_DATA]);
	}
	dw = dwfl_module_getdwarf(mod, &bias);
	if (!dw && ctx->opt.skip_no_dwarf) {
		fprintf(stderr, "gen_lineinfo: %s: no DWARF debug information, no line table\n",
			path);
		return NULL;
	}
	if (!dw)
		fatal(ctx, "no DWARF debug information (%s); build with CONFIG_DEBUG_INFO",
		      dwfl_errmsg(-1));
	return mod;
}

/* Place function symbol @sym (in section @sec, for ET_REL) in its range. */
static void add_function(struct gen_ctx *ctx, const GElf_Sym *sym, const char *sec)
{
	unsigned int r;

	for (r = 0; r < ctx->nr_all_ranges; r++) {
		const struct range *rg = ctx->all_ranges[r];

		if ((sec && strcmp(rg->name, sec)) || sym->st_value < rg->start ||
		    sym->st_value >= rg->end || sym->st_value - rg->start > 0xffffffffU)
			continue;
		if (ctx->nr_funcs >= ctx->funcs_alloc) {
			ctx->funcs_alloc = ctx->funcs_alloc ? ctx->funcs_alloc * 2 : 4096;
			ctx->funcs = xrealloc(ctx->funcs, ctx->funcs_alloc * sizeof(*ctx->funcs));
		}
		ctx->funcs[ctx->nr_funcs++] = (struct func){
			(__u32)(sym->st_value - rg->start), r, (__u32)sym->st_size };
	}
}

/*
 * The function symbols (STT_FUNC with a size) of the text ranges, for
 * build_entries(): a relocatable file's by their section, a linked one's
 * by address.
 */
static void read_functions(struct gen_ctx *ctx)
{
	size_t i, n, strndx, shstrndx;
	Elf_Data *data;

	if (elf_getshdrstrndx(ctx->elf, &shstrndx))
		fatal(ctx, "cannot read section names: %s", elf_errmsg(-1));
	data = symtab(ctx, &n, &strndx);
	for (i = 0; data && i < n; i++) {
		const char *sec = NULL;
		GElf_Shdr ssh;
		GElf_Sym sym;
		Elf_Scn *s;

		if (!gelf_getsym(data, i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    !sym.st_size || sym.st_size > 0xffffffffU ||
		    sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE)
			continue;
		if (ctx->ehdr.e_type == ET_REL) {
			s = elf_getscn(ctx->elf, sym.st_shndx);
			if (!s || !gelf_getshdr(s, &ssh))
				continue;
			sec = elf_strptr(ctx->elf, shstrndx, ssh.sh_name);
			if (!sec)
				continue;
		}
		add_function(ctx, &sym, sec);
	}
}

/* Returns false if there is no DWARF and --skip-no-dwarf allows that. */
bool read_rows(struct gen_ctx *ctx)
{
	Dwfl_Module *mod = open_input(ctx);
	Dwarf_Addr bias;
	Dwarf_Die *cu = NULL;
	Dwarf_Attribute attr;
	const char *comp_dir;
	__u32 *map = NULL;
	size_t map_alloc = 0, cur_alloc = 0;
	struct addr_range *cur = NULL;

	if (!mod)
		return false;

	add_text_sections(ctx);
	resolve_ranges(ctx);
	read_functions(ctx);

	while ((cu = dwfl_module_nextcu(mod, cu, &bias))) {
		Dwarf_Lines *lines;
		Dwarf_Files *dfiles;
		size_t nlines, nfiles, ncur, i;
		Dwarf_Addr end_addr = 0;
		bool after_end = false;

		/* A CU without a line table (e.g. pure data) is fine. */
		if (!dwarf_hasattr(cu, DW_AT_stmt_list))
			continue;
		if (dwarf_getsrclines(cu, &lines, &nlines)) {
			fatal(ctx, "unsupported or corrupt line table in CU %s: %s",
			      cu_name(ctx, cu), dwarf_errmsg(-1));
		}
		if (dwarf_getsrcfiles(cu, &dfiles, &nfiles))
			fatal(ctx, "cannot read file table of CU %s: %s",
			      cu_name(ctx, cu), dwarf_errmsg(-1));
		comp_dir = dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &attr));
		if (nfiles > map_alloc) {
			map_alloc = nfiles;
			map = xrealloc(map, map_alloc * sizeof(*map));
		}
		memset(map, 0, nfiles * sizeof(*map));
		ncur = cu_ranges(cu, &cur, &cur_alloc);

		for (i = 0; i < nlines; i++) {
			Dwarf_Line *l = dwarf_onesrcline(lines, i);
			Dwarf_Addr addr;
			bool end = false;
			int lineno = 0;
			__u32 range, file = 0;
			__u64 off;

			if (!l || dwarf_lineaddr(l, &addr) || dwarf_lineendsequence(l, &end) ||
			    dwarf_lineno(l, &lineno))
				fatal(ctx, "corrupt line row in CU %s: %s",
				      cu_name(ctx, cu), dwarf_errmsg(-1));
			/* an empty last row of a sequence: see cu_ranges() */
			if (end) {
				end_addr = addr;
				after_end = true;
			} else if (after_end && addr == end_addr) {
				if (!in_cu_ranges(cur, ncur, addr))
					continue;
			} else {
				after_end = false;
			}
			if (!place(ctx, mod, bias, addr, &range, &off) &&
			    !place_truncated(ctx, mod, bias, cur, ncur, addr, &range, &off))
				continue;
			if (off > 0xffffffffU) {
				ctx->skipped_far++;
				continue;
			}
			if (!end && lineno > 0)
				file = row_file(ctx, cu, l, comp_dir, map, nfiles);
			if (file && (__u64)lineno > LINEINFO_MAX_LINE) {
				ctx->skipped_line++;
				file = 0;
			}
			/* Line 0 ("no source line") is stored as a gap. */
			add_row(ctx, range, off, lineno > 0 ? file : 0, file ? lineno : 0);
		}
		/* hook: --inline (and --dump-inline, --dump-params) */
		if (ctx->opt.dump_inline || ctx->opt.inline_chains || ctx->opt.dump_params) {
			struct cu_walk w = { ctx, mod, bias, cu, dfiles, nfiles, comp_dir, map };

			inline_walk_cu(&w);
		}
	}
	free(map);
	free(cur);
	if (ctx->file_tab.nr > ctx->opt.max_files)
		fatal(ctx, "%u source files, more than the format holds (%u)",
		      ctx->file_tab.nr - 1, ctx->opt.max_files - 1);
	if (ctx->skipped_far)
		warn(ctx, "skipped %llu line rows beyond the 4 GiB offset limit",
		     (unsigned long long)ctx->skipped_far);
	if (ctx->skipped_line)
		warn(ctx, "%llu line rows above line %u stored without a line",
		     (unsigned long long)ctx->skipped_line, LINEINFO_MAX_LINE);
	return true;
}
