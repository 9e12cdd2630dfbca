// SPDX-License-Identifier: GPL-2.0
/*
 * gen_lineinfo - build address to file:line tables for backtraces
 *
 * Reads the DWARF of vmlinux or of a module (the line tables, and with
 * --inline and --params the inlined calls and the parameter locations) and
 * writes the compact blobs described in include/linux/kallsyms_lineinfo.h,
 * which lib/lineinfo/ decodes when a backtrace is printed.
 *
 * Usage: gen_lineinfo [options] <elf> (-o <blob> [--range <spec>]...)...
 *
 * Each -o starts a blob; the --range options after it name the text ranges
 * it covers.  A range is "<name>=<start symbol>,<end symbol>" (vmlinux) or
 * a plain section name.  A blob without --range covers every executable
 * section, which is what modules use.  Offsets are stored relative to the
 * start of each range, so they do not depend on where the linker later
 * puts the section.
 *
 * Pipeline (see main()): read_rows() collects the line rows of every CU
 * (and the inlined calls and parameter pieces), build_entries() keeps one
 * row per address (the last one, as addr2line does), turns ends of
 * sequences into gaps and merges runs of the same location; then for each
 * blob assign_files() numbers its files, encode_range(), encode_inlines()
 * and encode_params() code each range, and write_blob() lays the blob out
 * and writes it.
 */

#define _GNU_SOURCE
#include <byteswap.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <dwarf.h>
#include <gelf.h>

#include <linux/kallsyms_lineinfo.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define LINEINFO_TYPE_LEN	128	/* longest type spelling printed */
#define DEFAULT_BLOCK_SHIFT	5
#define MAX_BLOBS		8
#define MAX_RANGES		512	/* sections looked at; see LINEINFO_MAX_RANGES */

struct row {
	__u32 off;		/* offset inside the range */
	__u32 range;
	__u32 file;		/* global file id; 0 = gap */
	__u32 line;
};

struct entry {
	__u32 off;
	__u32 file;
	__u32 line;
};

/* A two-level block index, see struct lineinfo_group */
struct index {
	struct lineinfo_group *groups;
	struct lineinfo_block *deltas;
	__u32 nr_groups;
	__u32 nr_blocks;
	unsigned int shift;	/* log2 of the blocks per group */
};

struct range {
	const char *name;
	const char *start_sym;	/* NULL: the whole section */
	const char *end_sym;
	__u64 start;
	__u64 end;
	struct entry *entries;
	__u32 nr_entries;
	__u32 nr_fillers;	/* entries repeated to cover holes */
	bool duplicate;		/* another section has the same name */
	/* encoded */
	struct lineinfo_range hdr;
	__u8 *bits;
	size_t bits_size;
	__u32 *blocks;	/* pairs of absolute (offset, bit) */
	struct index index;
	void *fast;
	__u32 nr_fast;
	/* inline chains: records of depth >= 1, then their encoding */
	struct inl *inl;
	__u32 nr_inl;
	struct lineinfo_inline_range ihdr;
	__u32 *iblocks;		/* pairs of absolute (offset, bit) */
	struct index iindex;
	__u8 *ibits;
	size_t ibits_size;
	bool *ifirst;		/* records that start an inline block */
	/* parameters: functions with parameters, sorted, then the encoding */
	struct inl *fn;
	__u32 nr_fn;
	struct lineinfo_param_range phdr;
	struct lineinfo_group *pfuncs;
	__u32 *piblocks;
	__u8 *pbits;
	size_t pbits_size;
};

struct blob {
	const char *path;
	struct range *ranges[MAX_RANGES];
	unsigned int nr_ranges;
	bool all_text;
	/* inline chains: blob-local name ids by name_tab id, names by local id */
	__u32 *name_map;
	__u32 *name_of_local;
	__u32 nr_names;
	/* the calls made inside inlined functions, see build_calls() */
	struct call *calls;
	__u32 nr_calls;
	/* parameters: blob-local signature ids by sig_tab id, and back */
	__u32 *sig_map;
	__u32 *sig_of_local;
	__u32 nr_sigs;
	/* blob-local file ids, by global id; 0 if unused */
	__u32 *file_map;
	__u32 *file_of_local;	/* global id, by local id */
	__u32 nr_files;
};

static const char *input;
static struct blob blobs[MAX_BLOBS];
static unsigned int nr_blobs;
static struct range *all_ranges[MAX_BLOBS * MAX_RANGES];
static unsigned int nr_all_ranges;
static const char *prefixes[8];
static unsigned int nr_prefixes;
static unsigned int block_shift = DEFAULT_BLOCK_SHIFT;
static __u32 max_files = LINEINFO_MAX_FILES;	/* ids, including 0 */
static bool show_stats;
static bool skip_no_dwarf;
static bool dump_inline;
static bool dump_params_flag;	/* --dump-params */
static unsigned long long unreadable_locations;
static bool want_inline;	/* --inline: write the inline chains */
static bool want_params;	/* --params: and the parameter locations */
static bool swap_bytes;		/* the target's byte order is not the host's */

/* Interned strings, by id from 1 (0 means none), found by hash. */
struct strtab {
	char **str;
	__u32 nr;		/* the next id */
	__u32 alloc;
	__u32 *hash;
	size_t hash_size;
};

/* Global file table: normalised paths. */
static struct strtab file_tab = { .nr = 1 };

static struct row *rows;
static size_t nr_rows, rows_alloc;
static __u64 skipped_far, skipped_line;

static void __attribute__((noreturn)) usage(FILE *out, int status)
{
	fprintf(out,
		"Usage: gen_lineinfo [--stats] [--prefix DIR]... [--block-shift N] <elf>\n"
		"                    (-o <blob> [--range NAME[=START,END]]...)...\n"
		"  -o FILE            write a blob covering the ranges that follow\n"
		"  --range NAME       the section NAME\n"
		"  --range NAME=S,E   text from symbol S to symbol E, stored as NAME\n"
		"                     (no --range: every executable section)\n"
		"  --prefix DIR       strip DIR/ from file names (source and object\n"
		"                     tree); may be repeated\n"
		"  --stats            print table statistics to stdout\n"
		"  --skip-no-dwarf    an input without DWARF is not an error: say so\n"
		"                     in one line and write no blob\n"
		"  --max-files N      fail above N - 1 files instead of the format's\n"
		"                     limit (to test that limit)\n"
		"  --inline           also write the inline chains of each range\n"
		"  --params           with --inline, also write where parameters are\n"
		"                     in registers\n"
		"  --dump-inline      print the ranges of functions and inlined calls\n"
		"                     (\"RANGE LO HI DEPTH NAME CALL_FILE:LINE\")\n"
		"  --dump-params      print the parameters of functions and inlined calls\n"
		"                     and where each is exactly one register\n"
		"  --help             print this text\n");
	exit(status);
}

/* A wrong command line: say what is wrong, in one line, and exit 2. */
static void __attribute__((format(printf, 1, 2), noreturn))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("gen_lineinfo: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (gen_lineinfo --help for the usage)\n", stderr);
	exit(2);
}

/* The value of option @opt: a whole number from @min to @max, or exit. */
static unsigned long parse_number(const char *opt, const char *arg,
				  unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 0);
	if (!*arg || *end || errno || arg[0] == '-' || v < min || v > max)
		usage_error("%s: '%s' is not a number from %lu to %lu", opt, arg, min, max);
	return v;
}

static void __attribute__((format(printf, 1, 2)))
fatal(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gen_lineinfo: %s: ", input ? input : "error");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((format(printf, 1, 2)))
warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gen_lineinfo: %s: warning: ", input);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		fatal("out of memory");
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		fatal("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		fatal("out of memory");
	return p;
}

/* ------------------------------------------------------------------ */
/* File names */

/*
 * A copy of the name @s for the inline name table, whose bytes 0x80 and
 * up stand for tokens: other bytes of that range (a name that is not
 * ASCII, or corrupt DWARF) become '?'.
 */
static char *xstrdup_name(const char *s)
{
	char *d = xstrdup(s), *p;

	for (p = d; *p; p++)
		if ((unsigned char)*p >= LINEINFO_TOKEN)
			*p = '?';
	return d;
}

/* Clean a path lexically: "a/./b/../c" -> "a/c". */
static char *clean_path(const char *path)
{
	size_t len = strlen(path), o = 0, root, *stack;
	char *out = xcalloc(len + 2, 1);
	const char *p = path;
	unsigned int depth = 0;

	stack = xcalloc(len / 2 + 2, sizeof(*stack));
	if (*path == '/')
		out[o++] = '/';
	root = o;
	while (*p) {
		const char *name = p, *q = strchrnul(p, '/');
		size_t n = q - p, start = o;
		bool dotdot = n == 2 && name[0] == '.' && name[1] == '.';

		p = *q ? q + 1 : q;
		if (n == 0 || (n == 1 && name[0] == '.'))
			continue;
		if (dotdot && depth) {
			o = stack[--depth];
			continue;
		}
		if (dotdot && root)
			continue;	/* "/.." is "/" */
		if (o > root)
			out[o++] = '/';
		memcpy(out + o, name, n);
		o += n;
		/* a leading ".." of a relative path cannot be undone */
		if (!dotdot)
			stack[depth++] = start;
	}
	out[o] = '\0';
	free(stack);
	return out;
}

/*
 * Make a DWARF file name relative to the trees given with --prefix,
 * stripping the longest that matches.  Paths outside every prefix, such as
 * compiler headers, are kept as they are: they name files that are not part
 * of the tree.
 */
static char *normalise_path(const char *path)
{
	char *out = clean_path(path);
	size_t best = 0, len = strlen(out);
	unsigned int i;

	for (i = 0; i < nr_prefixes; i++) {
		size_t n = strlen(prefixes[i]);

		if (n > best && n < len && !strncmp(out, prefixes[i], n) &&
		    out[n] == '/')
			best = n;
	}
	if (best)
		memmove(out, out + best + 1, len - best);
	return out;
}

/* Open-addressing hash of interned paths. */
static __u64 hash_str(const char *s)
{
	__u64 h = 14695981039346656037ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void strtab_hash_insert(struct strtab *t, __u32 id)
{
	size_t i = hash_str(t->str[id]) & (t->hash_size - 1);

	while (t->hash[i])
		i = (i + 1) & (t->hash_size - 1);
	t->hash[i] = id;
}

/* The id of @s in @t, which takes over @s (malloc()ed). */
static __u32 strtab_intern(struct strtab *t, char *s)
{
	size_t i;
	__u32 id;

	if (t->nr * 2 >= t->hash_size) {
		free(t->hash);
		t->hash_size = t->hash_size ? t->hash_size * 2 : 4096;
		t->hash = xcalloc(t->hash_size, sizeof(*t->hash));
		for (id = 1; id < t->nr; id++)
			strtab_hash_insert(t, id);
	}
	for (i = hash_str(s) & (t->hash_size - 1); t->hash[i];
	     i = (i + 1) & (t->hash_size - 1)) {
		if (!strcmp(t->str[t->hash[i]], s)) {
			free(s);
			return t->hash[i];
		}
	}
	if (t->nr >= t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 1024;
		t->str = xrealloc(t->str, t->alloc * sizeof(*t->str));
	}
	id = t->nr++;
	t->str[id] = s;
	t->hash[i] = id;
	return id;
}

/* Intern a DWARF file name; relative names are relative to @comp_dir. */
static __u32 intern_file(const char *comp_dir, const char *raw)
{
	char *path;

	if (*raw != '/' && comp_dir && *comp_dir) {
		char *full = xcalloc(strlen(comp_dir) + strlen(raw) + 2, 1);

		sprintf(full, "%s/%s", comp_dir, raw);
		path = normalise_path(full);
		free(full);
	} else {
		path = normalise_path(raw);
	}
	return strtab_intern(&file_tab, path);
}

/* ------------------------------------------------------------------ */
/* Reading */

static struct Elf *elf;
static GElf_Ehdr ehdr;

static bool find_symbol(const char *name, __u64 *value)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t i, n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		n = sh.sh_size / sh.sh_entsize;
		for (i = 0; i < n; i++) {
			GElf_Sym sym;
			const char *s;

			if (!gelf_getsym(data, i, &sym))
				continue;
			s = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (s && !strcmp(s, name)) {
				*value = sym.st_value;
				return true;
			}
		}
	}
	return false;
}

static Elf_Scn *find_section(const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		fatal("cannot read section names: %s", elf_errmsg(-1));
	while ((scn = elf_nextscn(elf, scn))) {
		const char *s;

		if (!gelf_getshdr(scn, sh))
			continue;
		s = elf_strptr(elf, shstrndx, sh->sh_name);
		if (s && !strcmp(s, name))
			return scn;
	}
	return NULL;
}

static struct range *new_range(struct blob *b, const char *name)
{
	struct range *r = xcalloc(1, sizeof(*r));

	if (b->nr_ranges >= MAX_RANGES)
		fatal("more than %u executable sections", MAX_RANGES);
	r->name = name;
	b->ranges[b->nr_ranges++] = r;
	all_ranges[nr_all_ranges++] = r;
	return r;
}

/*
 * A range names its section, and the kernel finds the section by that name:
 * two executable sections with one name (possible in a relocatable object,
 * e.g. from section groups) cannot be told apart, so neither gets a table.
 */
static void drop_duplicate_ranges(struct blob *b)
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
			warn("several executable sections are named %s; they get no line table",
			     b->ranges[i]->name);
		}
	}
	for (i = 0; i < b->nr_ranges; i++)
		if (!b->ranges[i]->duplicate)
			b->ranges[n++] = b->ranges[i];
	b->nr_ranges = n;
}

/* Add every allocated executable section to blobs that asked for "all". */
static void add_text_sections(void)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	unsigned int i;

	if (elf_getshdrstrndx(elf, &shstrndx))
		fatal("cannot read section names: %s", elf_errmsg(-1));
	for (i = 0; i < nr_blobs; i++) {
		if (!blobs[i].all_text)
			continue;
		while ((scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;
			const char *name;

			if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
			    (sh.sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) !=
			    (SHF_ALLOC | SHF_EXECINSTR) || !sh.sh_size)
				continue;
			name = elf_strptr(elf, shstrndx, sh.sh_name);
			if (!name)
				continue;
			new_range(&blobs[i], xstrdup(name));
		}
		drop_duplicate_ranges(&blobs[i]);
	}
}

static void resolve_ranges(void)
{
	unsigned int i;

	for (i = 0; i < nr_all_ranges; i++) {
		struct range *r = all_ranges[i];
		GElf_Shdr sh;

		if (r->start_sym) {
			if (!find_symbol(r->start_sym, &r->start))
				fatal("symbol %s not found", r->start_sym);
			if (!find_symbol(r->end_sym, &r->end))
				fatal("symbol %s not found", r->end_sym);
		} else {
			if (!find_section(r->name, &sh))
				fatal("section %s not found", r->name);
			/* ET_REL: DWARF addresses are section relative (below) */
			r->start = ehdr.e_type == ET_REL ? 0 : sh.sh_addr;
			r->end = r->start + sh.sh_size;
		}
		if (r->end < r->start)
			fatal("range %s ends before it starts", r->name);
	}
}

static void add_row(__u32 range, __u64 off, __u32 file, __u32 line)
{
	if (range >= ARRAY_SIZE(all_ranges))
		fatal("more than %zu ranges", ARRAY_SIZE(all_ranges));
	if (nr_rows >= rows_alloc) {
		rows_alloc = rows_alloc ? rows_alloc * 2 : 1 << 16;
		rows = xrealloc(rows, rows_alloc * sizeof(*rows));
	}
	rows[nr_rows] = (struct row){ (__u32)off, range, file, line };
	nr_rows++;
}

/* Map a DWARF address to (range, offset); false if no range covers it. */
static bool place(Dwfl_Module *mod, Dwarf_Addr bias, Dwarf_Addr addr,
		  __u32 *range, __u64 *off)
{
	unsigned int i;

	if (ehdr.e_type == ET_REL) {
		Dwarf_Addr a = addr + bias;
		const char *name;
		int idx;

		idx = dwfl_module_relocate_address(mod, &a);
		if (idx < 0)
			return false;
		name = dwfl_module_relocation_info(mod, idx, NULL);
		if (!name)
			return false;
		for (i = 0; i < nr_all_ranges; i++) {
			if (!strcmp(all_ranges[i]->name, name) &&
			    a < all_ranges[i]->end) {
				*range = i;
				*off = a;
				return true;
			}
		}
		return false;
	}
	for (i = 0; i < nr_all_ranges; i++) {
		if (addr >= all_ranges[i]->start && addr < all_ranges[i]->end) {
			*range = i;
			*off = addr - all_ranges[i]->start;
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

	return x->start < y->start ? -1 : x->start > y->start;
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

/* The name of a CU for messages, printable even if the DWARF is garbage. */
static const char *cu_name(Dwarf_Die *cu)
{
	static char buf[80];
	const char *name = dwarf_diename(cu);
	size_t i;

	if (!name)
		return "?";
	for (i = 0; name[i] && i < sizeof(buf) - 1; i++)
		buf[i] = name[i] >= 0x20 && name[i] < 0x7f ? name[i] : '?';
	buf[i] = '\0';
	return buf;
}

/* The global file id of a line row; @map caches the CU's file table. */
static __u32 row_file(Dwarf_Die *cu, Dwarf_Line *l, const char *comp_dir,
		      __u32 *map, size_t nfiles)
{
	Dwarf_Files *lf;
	size_t fidx;

	if (dwarf_line_file(l, &lf, &fidx) || fidx >= nfiles)
		fatal("bad file index in CU %s", cu_name(cu));
	if (!map[fidx]) {
		const char *name = dwarf_filesrc(lf, fidx, NULL, NULL);

		map[fidx] = intern_file(comp_dir, name ?: "??");
	}
	return map[fidx];
}

/* ------------------------------------------------------------------ */
/* Inlined calls */

/*
 * An address range of a function (depth 0) or of a call inlined into it
 * (depth 1) or into an inlined call (depth 2, ...), with the callee's name
 * and, for inlined calls, the call site.
 */
struct inl {
	__u32 range;
	__u32 lo, hi;		/* offsets in the range */
	__u32 depth;
	__u32 name;		/* name_tab id */
	__u32 file;		/* call site: file_tab id, 0 if unknown */
	__u32 line;		/* call site line, 0 if unknown */
	__u32 pset;		/* its parameters, 0 if none; see struct pset */
};

/*
 * A call made inside an inlined function: the parent and callee names,
 * name_tab ids, and the call site, a file_tab id and a line.
 */
struct call {
	__u32 parent, name, file, line;
	__u64 count;		/* records of this call */
	__u32 idx;		/* position in the parent's list */
};

static struct strtab name_tab = { .nr = 1 };
static struct inl *inls;
static size_t nr_inls, inls_alloc;

/* What the DIE walk of one CU needs */
struct cu_walk {
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	Dwarf_Die *cu;
	Dwarf_Files *files;
	size_t nr_files;
	const char *comp_dir;
	__u32 *map;		/* global file ids by CU file index, as in row_file() */
};

static __u32 cu_file(struct cu_walk *w, Dwarf_Word idx)
{
	const char *name;

	if (idx >= w->nr_files)
		fatal("bad call file index %llu in CU %s",
		      (unsigned long long)idx, cu_name(w->cu));
	if (!w->map[idx]) {
		name = dwarf_filesrc(w->files, idx, NULL, NULL);
		w->map[idx] = intern_file(w->comp_dir, name ?: "??");
	}
	return w->map[idx];
}

static void add_inl(struct cu_walk *w, Dwarf_Die *die, __u32 depth,
		    __u32 file, __u32 line, __u32 pset)
{
	Dwarf_Addr base, lo, hi;
	ptrdiff_t off = 0;
	const char *name;
	__u32 r, r_end, id = 0;
	__u64 o, o_end;

	while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
		if (lo >= hi || !place(w->mod, w->bias, lo, &r, &o) ||
		    !place(w->mod, w->bias, hi - 1, &r_end, &o_end) ||
		    r != r_end || o_end >= 0xffffffffU)
			continue;
		if (!id) {
			name = dwarf_diename(die);
			id = strtab_intern(&name_tab, xstrdup_name(name ?: "??"));
		}
		if (nr_inls >= inls_alloc) {
			inls_alloc = inls_alloc ? inls_alloc * 2 : 1 << 16;
			inls = xrealloc(inls, inls_alloc * sizeof(*inls));
		}
		inls[nr_inls++] = (struct inl){ r, (__u32)o, (__u32)o_end + 1,
						depth, id, file, line, pset };
	}
	if (off < 0)
		fatal("bad address ranges in CU %s: %s", cu_name(w->cu),
		      dwarf_errmsg(-1));
}

/* ------------------------------------------------------------------ */
/* Parameters in registers (--dump-params) */

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
static void __attribute__((format(printf, 3, 4)))
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
		spell(buf, size, "%s%s*", inner, inner[strlen(inner) - 1] == '*' ? "" : " ");
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

static struct strtab sig_tab = { .nr = 1 };	/* "name:type," name_tab ids */
static struct pset *psets;
static size_t nr_psets = 1, psets_alloc;
static struct piece *pieces;
static size_t nr_pieces, pieces_alloc;
static unsigned long long skipped_params;

static void add_piece(__u32 param, __u32 range, __u32 lo, __u32 hi, __u32 reg)
{
	if (nr_pieces >= pieces_alloc) {
		pieces_alloc = pieces_alloc ? pieces_alloc * 2 : 1 << 16;
		pieces = xrealloc(pieces, pieces_alloc * sizeof(*pieces));
	}
	pieces[nr_pieces++] = (struct piece){ param, range, lo, hi, reg };
}

/*
 * Collect the formal parameters of @scope.  A location list that libdw
 * cannot read to its end (GCC's DW_OP_GNU_uninit after a register) keeps
 * the entries before that one: the rest is unknown.  Return: a pset id,
 * 0 if the scope has no parameters, or more than the format keeps.
 */
static __u32 scope_params(struct cu_walk *w, Dwarf_Die *scope)
{
	Dwarf_Addr base, lo, hi;
	Dwarf_Attribute a;
	Dwarf_Op *expr;
	ptrdiff_t off;
	char t[LINEINFO_TYPE_LEN], *key = NULL;
	size_t key_len = 0, first = nr_pieces;
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
		nid = strtab_intern(&name_tab, xstrdup_name(name ?: "??"));
		tid = strtab_intern(&name_tab, xstrdup_name(t));
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
					add_piece(n, UINT32_MAX, 0, 0, reg);
					continue;
				}
				if (lo >= hi || !place(w->mod, w->bias, lo, &r, &o) ||
				    !place(w->mod, w->bias, hi - 1, &r_end, &o_end) ||
				    r != r_end || o_end >= 0xffffffffU)
					continue;
				add_piece(n, r, o, o_end + 1, reg);
			}
			/* e.g. DW_OP_GNU_uninit, which libdw does not read */
			if (off < 0)
				unreadable_locations++;
		}
		n++;
	} while (!dwarf_siblingof(&p, &p));
	if (!n || n > LINEINFO_MAX_PARAMS) {
		skipped_params += n;
		nr_pieces = first;
		free(key);
		return 0;
	}
	if (nr_psets >= psets_alloc) {
		psets_alloc = psets_alloc ? psets_alloc * 2 : 1 << 14;
		psets = xrealloc(psets, psets_alloc * sizeof(*psets));
	}
	psets[nr_psets] = (struct pset){ strtab_intern(&sig_tab, key), n, first,
					 nr_pieces - first };
	return nr_psets++;
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
static void dump_params(struct cu_walk *w, Dwarf_Die *scope, __u32 depth, __u32 ps)
{
	Dwarf_Addr base, lo, hi;
	ptrdiff_t off = 0;
	const char *name, *key;
	__u32 r, r_end, nid, tid, i;
	__u64 o, o_end;
	unsigned int n = 0;
	size_t j;

	while ((off = dwarf_ranges(scope, off, &base, &lo, &hi)) > 0) {
		if (lo >= hi || !place(w->mod, w->bias, lo, &r, &o) ||
		    !place(w->mod, w->bias, hi - 1, &r_end, &o_end) || r != r_end)
			continue;
		if (!n++)
			printf("scope %s", all_ranges[r]->name);
		printf("%c%#llx-%#llx", n > 1 ? ',' : ' ', (unsigned long long)o,
		       (unsigned long long)o_end + 1);
	}
	if (!n)
		return;
	name = dwarf_diename(scope);
	printf(" %u %s\n", depth, name ?: "??");
	if (!ps)
		return;
	key = sig_tab.str[psets[ps].sig];
	for (i = 0; i < psets[ps].nr_params; i++) {
		if (sscanf(key, "%x:%x,", &nid, &tid) != 2)
			fatal("internal error: signature %s", sig_tab.str[psets[ps].sig]);
		key = strchr(key, ',') + 1;
		printf(" param %s (%s):", name_tab.str[nid], name_tab.str[tid]);
		n = 0;
		for (j = psets[ps].first; j < psets[ps].first + psets[ps].nr; j++) {
			const struct piece *x = &pieces[j];

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

/*
 * Record the functions among the children of @parent and the calls inlined
 * into them; @depth is the depth of a call inlined right here.
 */
static void walk_inlines(struct cu_walk *w, Dwarf_Die *parent, __u32 depth)
{
	Dwarf_Attribute attr;
	Dwarf_Word file, line;
	Dwarf_Die die;
	__u32 ps;
	int res;

	for (res = dwarf_child(parent, &die); !res; res = dwarf_siblingof(&die, &die)) {
		switch (dwarf_tag(&die)) {
		case DW_TAG_subprogram:
			ps = want_params || dump_params_flag ? scope_params(w, &die) : 0;
			add_inl(w, &die, 0, 0, 0, ps);
			if (dump_params_flag)
				dump_params(w, &die, 0, ps);
			walk_inlines(w, &die, 1);
			break;
		case DW_TAG_inlined_subroutine:
			file = 0;
			line = 0;
			if (dwarf_attr(&die, DW_AT_call_file, &attr) &&
			    dwarf_formudata(&attr, &file))
				fatal("bad call file in CU %s", cu_name(w->cu));
			if (dwarf_attr(&die, DW_AT_call_line, &attr) &&
			    dwarf_formudata(&attr, &line))
				fatal("bad call line in CU %s", cu_name(w->cu));
			ps = want_params || dump_params_flag ? scope_params(w, &die) : 0;
			add_inl(w, &die, depth,
				dwarf_hasattr(&die, DW_AT_call_file) ? cu_file(w, file) : 0,
				line <= LINEINFO_MAX_LINE ? (__u32)line : 0, ps);
			if (dump_params_flag)
				dump_params(w, &die, depth, ps);
			walk_inlines(w, &die, depth + 1);
			break;
		case DW_TAG_lexical_block:
			walk_inlines(w, &die, depth);
			break;
		}
	}
	if (res < 0)
		fatal("corrupt DIE tree in CU %s: %s", cu_name(w->cu), dwarf_errmsg(-1));
}

static int cmp_inl(const void *a, const void *b)
{
	const struct inl *x = a, *y = b;

	if (x->range != y->range)
		return x->range < y->range ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->depth < y->depth ? -1 : x->depth > y->depth;
}

/*
 * --dump-inline: one line per range of a function or inlined call,
 * "RANGE LO HI DEPTH NAME CALL_FILE:CALL_LINE", sorted by range, start and
 * depth; the call site of a function (depth 0) is "-".
 */
static void dump_inlines(void)
{
	size_t i;

	if (nr_inls)
		qsort(inls, nr_inls, sizeof(*inls), cmp_inl);
	for (i = 0; i < nr_inls; i++) {
		const struct inl *x = &inls[i];

		printf("%s %#x %#x %u %s ", all_ranges[x->range]->name, x->lo, x->hi,
		       x->depth, name_tab.str[x->name]);
		if (!x->depth)
			printf("-\n");
		else
			printf("%s:%u\n", x->file ? file_tab.str[x->file] : "??", x->line);
	}
}

/*
 * --inline: give each range its records of depth >= 1, sorted, keeping a
 * record only if it lies inside its caller, one depth below: then the
 * records holding an address are one per depth from 1 up, as the decoder
 * expects.  DWARF where a child range leaves its parent's, or nesting
 * deeper than the format keeps, loses those records, with a warning.
 */
static void sort_inlines(void)
{
	struct inl *stack[LINEINFO_MAX_DEPTH + 1];
	unsigned long long dropped = 0;
	__u32 cur = UINT32_MAX;
	unsigned int n = 0;
	size_t i;

	if (nr_inls)
		qsort(inls, nr_inls, sizeof(*inls), cmp_inl);
	for (i = 0; i < nr_inls; i++) {
		struct inl *x = &inls[i];
		struct range *r = all_ranges[x->range];

		if (!x->depth) {
			/* functions with parameters, not overlapping */
			if (x->pset && (!r->nr_fn || r->fn[r->nr_fn - 1].hi <= x->lo)) {
				if (r->nr_fn % 4096 == 0)
					r->fn = xrealloc(r->fn, (r->nr_fn + 4096) * sizeof(*r->fn));
				r->fn[r->nr_fn++] = *x;
			}
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
		if (r->nr_inl % 4096 == 0)
			r->inl = xrealloc(r->inl, (r->nr_inl + 4096) * sizeof(*r->inl));
		r->inl[r->nr_inl++] = *x;
	}
	if (dropped)
		warn("%llu inlined call ranges left out: %s %d, or not inside their caller",
		     dropped, "deeper than", LINEINFO_MAX_DEPTH);
}

/* Returns false if there is no DWARF and --skip-no-dwarf allows that. */
static bool read_rows(const char *path)
{
	static const Dwfl_Callbacks cb = {
		.find_debuginfo = dwfl_standard_find_debuginfo,
		.section_address = dwfl_offline_section_address,
	};
	Dwfl *dwfl = dwfl_begin(&cb);
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	Dwarf *dw;
	Dwarf_Die *cu = NULL;
	Dwarf_Attribute attr;
	const char *comp_dir;
	__u32 *map = NULL;
	size_t map_alloc = 0, cur_alloc = 0;
	struct addr_range *cur = NULL;

	if (!dwfl)
		fatal("libdwfl: %s", dwfl_errmsg(-1));
	mod = dwfl_report_offline(dwfl, path, path, -1);
	if (!mod)
		fatal("cannot read: %s", dwfl_errmsg(-1));
	dwfl_report_end(dwfl, NULL, NULL);
	elf = dwfl_module_getelf(mod, &bias);
	if (!elf || !gelf_getehdr(elf, &ehdr))
		fatal("not a readable ELF file: %s", dwfl_errmsg(-1));
	switch (ehdr.e_ident[EI_DATA]) {
	case ELFDATA2LSB:
		swap_bytes = __BYTE_ORDER != __LITTLE_ENDIAN;
		break;
	case ELFDATA2MSB:
		swap_bytes = __BYTE_ORDER != __BIG_ENDIAN;
		break;
	default:
		fatal("unknown ELF byte order %u", ehdr.e_ident[EI_DATA]);
	}
	dw = dwfl_module_getdwarf(mod, &bias);
	if (!dw && skip_no_dwarf) {
		fprintf(stderr, "gen_lineinfo: %s: no DWARF debug information, no line table\n",
			path);
		return false;
	}
	if (!dw)
		fatal("no DWARF debug information (%s); build with CONFIG_DEBUG_INFO",
		      dwfl_errmsg(-1));

	add_text_sections();
	resolve_ranges();

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
			fatal("unsupported or corrupt line table in CU %s: %s",
			      cu_name(cu), dwarf_errmsg(-1));
		}
		if (dwarf_getsrcfiles(cu, &dfiles, &nfiles))
			fatal("cannot read file table of CU %s: %s",
			      cu_name(cu), dwarf_errmsg(-1));
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
				fatal("corrupt line row in CU %s: %s",
				      cu_name(cu), dwarf_errmsg(-1));
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
			if (!place(mod, bias, addr, &range, &off))
				continue;
			if (off > 0xffffffffU) {
				skipped_far++;
				continue;
			}
			if (!end && lineno > 0)
				file = row_file(cu, l, comp_dir, map, nfiles);
			if (file && (__u64)lineno > LINEINFO_MAX_LINE) {
				skipped_line++;
				file = 0;
			}
			/* Line 0 ("no source line") is stored as a gap. */
			add_row(range, off, lineno > 0 ? file : 0, file ? lineno : 0);
		}
		if (dump_inline || want_inline || dump_params_flag) {
			struct cu_walk w = { mod, bias, cu, dfiles, nfiles, comp_dir, map };

			walk_inlines(&w, cu, 1);
		}
	}
	free(map);
	free(cur);
	if (file_tab.nr > max_files)
		fatal("%u source files, more than the format holds (%u)",
		      file_tab.nr - 1, max_files - 1);
	if (skipped_far)
		warn("skipped %llu line rows beyond the 4 GiB offset limit",
		     (unsigned long long)skipped_far);
	if (skipped_line)
		warn("%llu line rows above line %u stored without a line",
		     (unsigned long long)skipped_line, LINEINFO_MAX_LINE);
	return true;
}

/* ------------------------------------------------------------------ */
/* Normalising */

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
static bool sort_rows_by_runs(void)
{
	struct run *runs = NULL;
	size_t nr_runs = 0, alloc = 0, i, n = 0;
	struct row *out;
	__u64 last = 0;

	for (i = 0; i < nr_rows; i++) {
		if (i && rows[i - 1].file &&
		    row_key(&rows[i]) >= row_key(&rows[i - 1])) {
			runs[nr_runs - 1].len++;
			continue;
		}
		if (nr_runs >= alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			runs = xrealloc(runs, alloc * sizeof(*runs));
		}
		runs[nr_runs++] = (struct run){ i, 1, row_key(&rows[i]) };
	}
	if (!nr_runs)
		return true;
	qsort(runs, nr_runs, sizeof(*runs), cmp_run);
	for (i = 0; i < nr_runs; i++) {
		if (i && runs[i].first < last) {
			free(runs);
			return false;
		}
		last = row_key(&rows[runs[i].start + runs[i].len - 1]);
	}
	out = xcalloc(nr_rows, sizeof(*out));
	for (i = 0; i < nr_runs; i++) {
		memcpy(out + n, rows + runs[i].start, runs[i].len * sizeof(*out));
		n += runs[i].len;
	}
	free(runs);
	free(rows);
	rows = out;
	return true;
}

#define RADIX_BITS	11

static unsigned int radix_digit(const struct row *r, unsigned int shift)
{
	return (row_key(r) >> shift) & ((1 << RADIX_BITS) - 1);
}

/* The general case: a stable LSD radix sort on the 42-bit key. */
static void sort_rows(void)
{
	struct row *tmp, *src = rows, *dst;
	size_t *count;
	unsigned int shift;
	size_t i;

	if (sort_rows_by_runs())
		return;
	tmp = xcalloc(nr_rows, sizeof(*tmp));
	count = xcalloc(1 << RADIX_BITS, sizeof(*count));
	dst = tmp;
	for (shift = 0; shift < 44; shift += RADIX_BITS) {
		size_t sum = 0;

		memset(count, 0, sizeof(*count) << RADIX_BITS);
		for (i = 0; i < nr_rows; i++)
			count[radix_digit(&src[i], shift)]++;
		for (i = 0; i < (1 << RADIX_BITS); i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < nr_rows; i++)
			dst[count[radix_digit(&src[i], shift)]++] = src[i];
		tmp = src;
		src = dst;
		dst = tmp;
	}
	free(dst);
	free(count);
	rows = src;
}

static void build_entries(void)
{
	size_t i = 0, j;

	sort_rows();
	while (i < nr_rows) {
		struct range *r = all_ranges[rows[i].range];

		for (j = i; j < nr_rows && rows[j].range == rows[i].range; j++)
			;
		r->entries = xcalloc(j - i, sizeof(*r->entries));
		for (; i < j; i++) {
			struct row *w = &rows[i];
			struct entry *last;

			/* the last row at an address wins */
			if (i + 1 < j && rows[i + 1].off == w->off)
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
	free(rows);
	rows = NULL;
}

#define HOLE_MIN	4096
#define GROUP_SHIFT	4

/*
 * The two-level block index stores 16-bit offsets within a group of
 * blocks (see encode_index()), and a big hole without code, like the
 * padding in front of the entry text, would make a group span more than
 * that and force small groups on the whole range.  Move the entry after
 * such a hole to the start of a group instead, by repeating the entry in
 * front of the hole at the next few bytes: a repeat costs 5 bits.
 */
static bool fill_holes(struct range *r)
{
	__u32 per_group = 1U << (block_shift + GROUP_SHIFT);
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
static void drop_empty_ranges(struct blob *b)
{
	unsigned int i, n = 0;

	if (b->all_text) {
		for (i = 0; i < b->nr_ranges; i++)
			if (b->ranges[i]->nr_entries)
				b->ranges[n++] = b->ranges[i];
		b->nr_ranges = n;
	}
	if (b->nr_ranges > LINEINFO_MAX_RANGES)
		fatal("%u text sections with line information, more than a table holds (%u)",
		      b->nr_ranges, LINEINFO_MAX_RANGES);
}

/* ------------------------------------------------------------------ */
/* Encoding */

struct bitbuf {
	__u8 *p;
	size_t bits;
	size_t alloc;
};

/* Append the low @n bits of @v, most significant first. */
static void put_bits(struct bitbuf *b, __u64 v, unsigned int n)
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

static unsigned int eg_cost(__u64 v, unsigned int k)
{
	unsigned int n = ilog2_64(v + (1ULL << k)) + 1;

	return 2 * n - k - 1;
}

static void put_eg(struct bitbuf *b, __u64 v, unsigned int k)
{
	__u64 x = v + (1ULL << k);
	unsigned int n = ilog2_64(x) + 1;

	put_bits(b, 0, n - k - 1);
	put_bits(b, x, n);
}

static __u32 zigzag(int64_t d)
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

static void walk_range(struct walker *w, const struct range *r,
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

static unsigned int best_k(const __u64 *hist)
{
	unsigned int k, best = 0;

	for (k = 1; k <= LINEINFO_MAX_K; k++)
		if (hist[k] < hist[best])
			best = k;
	return best;
}

static const __u64 *sort_count;

/* By use count, most used first, then by name so the output is stable. */
static int cmp_file_count(const void *x, const void *y)
{
	__u32 a = *(const __u32 *)x, b = *(const __u32 *)y;

	if (sort_count[a] != sort_count[b])
		return sort_count[a] > sort_count[b] ? -1 : 1;
	return strcmp(file_tab.str[a], file_tab.str[b]);
}

static int cmp_name_count(const void *x, const void *y)
{
	__u32 a = *(const __u32 *)x, b = *(const __u32 *)y;

	if (sort_count[a] != sort_count[b])
		return sort_count[a] > sort_count[b] ? -1 : 1;
	return strcmp(name_tab.str[a], name_tab.str[b]);
}

static int cmp_sig_count(const void *x, const void *y)
{
	__u32 a = *(const __u32 *)x, b = *(const __u32 *)y;

	if (sort_count[a] != sort_count[b])
		return sort_count[a] > sort_count[b] ? -1 : 1;
	return strcmp(sig_tab.str[a], sig_tab.str[b]);
}

/* Assign blob-local file ids, most used first, so they code shortest. */
static void assign_files(struct blob *b)
{
	__u64 *count = xcalloc(file_tab.nr, sizeof(*count));
	__u32 *order = xcalloc(file_tab.nr, sizeof(*order));
	__u32 i, j, n = 0;

	for (i = 0; i < b->nr_ranges; i++) {
		for (j = 0; j < b->ranges[i]->nr_entries; j++)
			count[b->ranges[i]->entries[j].file]++;
		for (j = 0; j < b->ranges[i]->nr_inl; j++)
			count[b->ranges[i]->inl[j].file]++;
	}
	for (i = 1; i < file_tab.nr; i++)
		if (count[i])
			order[n++] = i;
	sort_count = count;
	qsort(order, n, sizeof(*order), cmp_file_count);
	b->file_map = xcalloc(file_tab.nr, sizeof(*b->file_map));
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
static void encode_index(struct index *x, const __u32 *pairs, __u32 n)
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

static void encode_range(struct blob *b, struct range *r)
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
	walk_range(&w, r, b->file_map, NULL);
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
	r->hdr.block_shift = block_shift;
	r->hdr.k_addr = best_k(w.hist[F_ADDR]);
	r->hdr.k_file = best_k(w.hist[F_FILE]);
	r->hdr.k_line = best_k(w.hist[F_LINE]);

	free(r->blocks);
	free(r->bits);
	free(r->fast);
	nr_blocks = (r->nr_entries + (1U << block_shift) - 1) >> block_shift;
	r->hdr.nr_blocks = nr_blocks;
	r->blocks = xcalloc(2 * (size_t)nr_blocks, sizeof(__u32));
	w.emit = write_emit;
	w.bb = &bb;
	w.hdr = &r->hdr;
	walk_range(&w, r, b->file_map, r->blocks);
	r->bits_size = ((bb.bits + 7) >> 3) + 8;
	r->bits = xcalloc(r->bits_size, 1);
	if (bb.bits)
		memcpy(r->bits, bb.p, (bb.bits + 7) >> 3);
	free(bb.p);
	if (r->bits_size - 8 > 0xffffffffU / 8)
		fatal("line table of %s too large", r->name);

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

/* ------------------------------------------------------------------ */
/* Output, in the byte order of the target (the input ELF file) */

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

		for (j = 0; j < r->nr_inl; j++) {
			const struct inl *x = &r->inl[j];

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
	b->calls = c;
	b->nr_calls = m;
}

static __u32 call_idx(const struct blob *b, __u32 parent, const struct inl *x)
{
	struct call key = { parent, x->name, x->file, x->line, 0, 0 };
	const struct call *c = bsearch(&key, b->calls, b->nr_calls, sizeof(key),
				       cmp_call_key);

	if (!c)
		fatal("internal error: call of %s not in its list", name_tab.str[x->name]);
	return c->idx;
}

static void count_sigs(struct blob *b, __u64 *count, __u64 *names);

/*
 * Blob-local ids of the names of inlined functions, the most coded first:
 * names of records of depth 1 and of the calls in the lists.
 */
static void assign_names(struct blob *b)
{
	__u64 *count = xcalloc(name_tab.nr, sizeof(*count));
	__u32 *order = xcalloc(name_tab.nr, sizeof(*order));
	__u32 i, j, n = 0;

	for (i = 0; i < b->nr_ranges; i++)
		for (j = 0; j < b->ranges[i]->nr_inl; j++)
			if (b->ranges[i]->inl[j].depth == 1)
				count[b->ranges[i]->inl[j].name]++;
	for (i = 0; i < b->nr_calls; i++)
		count[b->calls[i].name]++;
	if (want_params) {
		__u64 *sigs = xcalloc(sig_tab.nr, sizeof(*sigs));

		/* parameter names and types, once per record that codes them */
		count_sigs(b, sigs, count);
		free(sigs);
	}
	for (i = 1; i < name_tab.nr; i++)
		if (count[i])
			order[n++] = i;
	sort_count = count;
	qsort(order, n, sizeof(*order), cmp_name_count);
	b->name_map = xcalloc(name_tab.nr, sizeof(*b->name_map));
	b->name_of_local = xcalloc(n + 1, sizeof(*b->name_of_local));
	for (i = 0; i < n; i++) {
		b->name_map[order[i]] = i;
		b->name_of_local[i] = order[i];
	}
	b->nr_names = n;
	free(count);
	free(order);
}

/* The fields of one inline record as coded (see kallsyms_lineinfo.h). */
enum {
	IF_DEPTH, IF_LO, IF_LEN, IF_REP, IF_NAME, IF_FILE, IF_LINE, IF_SAME, IF_CALL,
	IF_END, IF_CHILD, IF_HIT, NR_IF
};

#define INL_BLOCK	32	/* records after which a new block may start */

static __u64 inl_field_bits[NR_IF];	/* for --stats, per blob */

/*
 * Code the records of @r: first into fields, block by block, then each
 * field with the order that makes it smallest.
 */
static void encode_inlines(struct blob *b, struct range *r)
{
	__u64 (*f)[NR_IF] = xcalloc(r->nr_inl ?: 1, sizeof(*f));
	__u32 cfile = 0, cline = 0, names[LINEINFO_INL_NAMES], nr_names = 0;
	__u32 name_at[LINEINFO_MAX_DEPTH + 1], hi_at[LINEINFO_MAX_DEPTH + 1];
	bool *first = xcalloc(r->nr_inl ?: 1, sizeof(*first));
	unsigned int k, best[NR_IF] = { 0 };
	__u32 i, nb = 0, in_block = 0;
	struct bitbuf bb = { 0 };
	__u64 cost[NR_IF][LINEINFO_MAX_K + 1] = { { 0 } };

	free(r->iblocks);
	r->iblocks = xcalloc(r->nr_inl ?: 1, 2 * sizeof(*r->iblocks));
	for (i = 0; i < r->nr_inl; i++) {
		const struct inl *x = &r->inl[i];
		__u32 file = b->file_map[x->file], d = x->depth;

		name_at[d] = x->name;
		if (d == 1 && (!i || in_block >= INL_BLOCK)) {
			first[i] = true;
			r->iblocks[2 * nb++] = x->lo;
			in_block = 0;
			cfile = 0;
			cline = 0;
			nr_names = 0;
		}
		if (++in_block > LINEINFO_MAX_INL_BLOCK)
			fatal("more than %d inlined calls inside one function's call at %s+%#x",
			      LINEINFO_MAX_INL_BLOCK, r->name, x->lo);
		if (!first[i]) {
			f[i][IF_DEPTH] = r->inl[i - 1].depth + 1 - d;
			/* after the last sibling, or at the start of the parent */
			f[i][IF_CHILD] = r->inl[i - 1].depth < d;
			f[i][IF_LO] = x->lo - (f[i][IF_CHILD] ? r->inl[i - 1].lo : hi_at[d]);
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
			f[i][IF_CALL] = call_idx(b, name_at[d - 1], x);
			for (k = 0; k <= LINEINFO_MAX_K; k++)
				cost[IF_CALL][k] += eg_cost(f[i][IF_CALL], k);
			continue;
		}
		f[i][IF_NAME] = b->name_map[x->name];
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
		names[0] = b->name_map[x->name];
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
	for (i = 0, nb = 0; i < r->nr_inl; i++) {
		if (first[i]) {
			r->iblocks[2 * nb++ + 1] = bb.bits;
		} else {
			/* unary: 48% go one deeper, 31% stay, 11% go one up */
			put_bits(&bb, 1, f[i][IF_DEPTH] + 1);
			k = best[f[i][IF_CHILD] ? IF_CHILD : IF_LO];
			put_eg(&bb, f[i][IF_LO], k);
			inl_field_bits[IF_DEPTH] += f[i][IF_DEPTH] + 1;
			inl_field_bits[IF_LO] += eg_cost(f[i][IF_LO], k);
		}
		if (r->inl[i].depth > 1) {
			put_bits(&bb, f[i][IF_END], 1);
			inl_field_bits[IF_END]++;
		}
		if (!f[i][IF_END]) {
			put_eg(&bb, f[i][IF_LEN], best[IF_LEN]);
			inl_field_bits[IF_LEN] += eg_cost(f[i][IF_LEN], best[IF_LEN]);
		}
		if (r->inl[i].depth > 1) {
			put_eg(&bb, f[i][IF_CALL], best[IF_CALL]);
			inl_field_bits[IF_CALL] += eg_cost(f[i][IF_CALL], best[IF_CALL]);
			continue;
		}
		put_bits(&bb, f[i][IF_REP], 1);
		inl_field_bits[IF_REP]++;
		if (f[i][IF_REP])
			continue;
		put_bits(&bb, f[i][IF_HIT], 1);
		inl_field_bits[IF_NAME]++;
		if (f[i][IF_HIT]) {
			put_bits(&bb, f[i][IF_NAME], LINEINFO_INL_NAMES_BITS);
			inl_field_bits[IF_NAME] += LINEINFO_INL_NAMES_BITS;
		} else {
			put_eg(&bb, f[i][IF_NAME], best[IF_NAME]);
			inl_field_bits[IF_NAME] += eg_cost(f[i][IF_NAME], best[IF_NAME]);
		}
		put_bits(&bb, f[i][IF_SAME], 1);
		inl_field_bits[IF_SAME]++;
		if (!f[i][IF_SAME]) {
			put_eg(&bb, f[i][IF_FILE], best[IF_FILE]);
			inl_field_bits[IF_FILE] += eg_cost(f[i][IF_FILE], best[IF_FILE]);
		}
		put_eg(&bb, f[i][IF_LINE], best[IF_LINE]);
		inl_field_bits[IF_LINE] += eg_cost(f[i][IF_LINE], best[IF_LINE]);
	}
	if (bb.bits > 0xffffffffULL)
		fatal("inline chains of %s: stream too large", r->name);
	r->ihdr.nr_blocks = nb;
	r->ihdr.nr_bits = bb.bits;
	encode_index(&r->iindex, r->iblocks, nb);
	r->ihdr.group_shift = r->iindex.shift;
	r->ihdr.k_lo = best[IF_LO];
	r->ihdr.k_child = best[IF_CHILD];
	r->ihdr.k_len = best[IF_LEN];
	r->ihdr.k_name = best[IF_NAME];
	r->ihdr.k_file = best[IF_FILE];
	r->ihdr.k_line = best[IF_LINE];
	r->ihdr.k_call = best[IF_CALL];
	/* the decoder's 64-bit loads may run 8 bytes past the last bit */
	r->ibits_size = ((bb.bits + 7) >> 3) + 8;
	r->ibits = xcalloc(r->ibits_size, 1);
	if (bb.p)
		memcpy(r->ibits, bb.p, (bb.bits + 7) >> 3);
	free(bb.p);
	free(f);
	free(r->ifirst);
	r->ifirst = first;
}

/* ------------------------------------------------------------------ */
/* Parameter locations (--params), see kallsyms_lineinfo.h */

static __u32 t32(__u32 v);

/* The parameters of each signature, pairs of name_tab ids */
static __u32 *sig_first, *sig_ids;

static void parse_sigs(void)
{
	size_t n = 0, i;
	const char *k;
	__u32 a, t;

	sig_first = xcalloc(sig_tab.nr + 1, sizeof(*sig_first));
	for (i = 1; i < sig_tab.nr; i++)
		for (k = sig_tab.str[i]; *k; k++)
			n += *k == ',';
	sig_ids = xcalloc(2 * n + 1, sizeof(*sig_ids));
	for (i = 1, n = 0; i < sig_tab.nr; i++) {
		sig_first[i] = n;
		for (k = sig_tab.str[i]; *k; k = strchr(k, ',') + 1) {
			if (sscanf(k, "%x:%x,", &a, &t) != 2)
				fatal("internal error: signature %s", sig_tab.str[i]);
			sig_ids[n++] = a;
			sig_ids[n++] = t;
		}
	}
	sig_first[sig_tab.nr] = n;
}

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
	return a->reg < b->reg ? -1 : a->reg > b->reg;
}

static unsigned long long overlapping_pieces;

/*
 * The pieces of the scope @x, a record of one range, cut to it and sorted
 * into @out (room for all pieces of its pset).  Where two pieces of a
 * parameter overlap, DWARF says it is in both places: the first is kept.
 * Return: the number of pieces.
 */
static __u32 scope_pieces(const struct inl *x, struct piece *out)
{
	const struct pset *ps = &psets[x->pset];
	__u32 n = 0, m = 0, i;
	size_t j;

	if (!x->pset)
		return 0;
	for (j = ps->first; j < ps->first + ps->nr; j++) {
		struct piece p = pieces[j];

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
			overlapping_pieces++;
			continue;
		}
		out[m++] = out[i];
	}
	return m;
}

static struct piece *piece_buf;

static void alloc_piece_buf(void)
{
	size_t most = 0, i;

	for (i = 1; i < nr_psets; i++)
		if (psets[i].nr > most)
			most = psets[i].nr;
	piece_buf = xcalloc(most + 1, sizeof(*piece_buf));
}

/* Does the record @x code a signature: a function, or a call with pieces */
static bool codes_sig(const struct inl *x)
{
	return x->pset && (!x->depth || scope_pieces(x, piece_buf));
}

struct sig_use {
	__u32 name, sig;
	__u64 count;
};

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
static void count_sigs(struct blob *b, __u64 *count, __u64 *names)
{
	__u32 i, j, k;

	for (i = 0; i < b->nr_ranges; i++) {
		const struct range *r = b->ranges[i];

		for (j = 0; j < r->nr_fn + r->nr_inl; j++) {
			const struct inl *x = j < r->nr_fn ? &r->fn[j] : &r->inl[j - r->nr_fn];
			__u32 sig;

			if (!codes_sig(x))
				continue;
			sig = psets[x->pset].sig;
			count[sig]++;
			for (k = sig_first[sig]; names && k < sig_first[sig + 1]; k++)
				names[sig_ids[k]]++;
		}
	}
}

/*
 * Blob-local signature ids: i < nr_names is the signature most records of
 * inlined function i code, then the others, the most used first.
 */
static void assign_sigs(struct blob *b)
{
	__u64 *count = xcalloc(sig_tab.nr, sizeof(*count));
	__u32 *order = xcalloc(sig_tab.nr, sizeof(*order));
	struct sig_use *u = NULL;
	__u32 i, j, n = 0, m = 0;

	count_sigs(b, count, NULL);
	for (i = 0; i < b->nr_ranges; i++) {
		const struct range *r = b->ranges[i];

		for (j = 0; j < r->nr_inl; j++) {
			const struct inl *x = &r->inl[j];

			if (!codes_sig(x))
				continue;
			if (n % 4096 == 0)
				u = xrealloc(u, (n + 4096) * sizeof(*u));
			u[n++] = (struct sig_use){ b->name_map[x->name], psets[x->pset].sig, 1 };
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
	b->sig_map = xcalloc(sig_tab.nr, sizeof(*b->sig_map));
	for (i = 0; i < sig_tab.nr; i++)
		b->sig_map[i] = UINT32_MAX;
	b->sig_of_local = xcalloc(b->nr_names + sig_tab.nr, sizeof(*b->sig_of_local));
	/* the default of each name: its most used signature */
	for (i = 0; i < m; i = j) {
		__u32 best = i;

		for (j = i; j < m && u[j].name == u[i].name; j++)
			if (u[j].count > u[best].count)
				best = j;
		b->sig_of_local[u[i].name] = u[best].sig;
		if (b->sig_map[u[best].sig] == UINT32_MAX)
			b->sig_map[u[best].sig] = u[i].name;
	}
	for (i = 1, n = 0; i < sig_tab.nr; i++)
		if (count[i] && b->sig_map[i] == UINT32_MAX)
			order[n++] = i;
	sort_count = count;
	if (n)
		qsort(order, n, sizeof(*order), cmp_sig_count);
	for (i = 0; i < n; i++) {
		b->sig_map[order[i]] = b->nr_names + i;
		b->sig_of_local[b->nr_names + i] = order[i];
	}
	b->nr_sigs = b->nr_names + n;
	free(u);
	free(count);
	free(order);
}

/* The fields of the parameter stream; PF_EG0 and PF_BITS have no order */
enum {
	PF_FSTART, PF_FLEN, PF_SIG, PF_PIDX, PF_PSTART, PF_PLEN, NR_PF,
	PF_EG0 = NR_PF, PF_BITS, PF_MARK_FUNC, PF_MARK_INL
};

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

static __u64 param_field_bits[NR_PF + 2];	/* for --stats */

/* The group of pieces of @x (see kallsyms_lineinfo.h) */
static void param_group(struct blob *b, struct pops *o, const struct inl *x)
{
	__u32 n = scope_pieces(x, piece_buf), i, prev = 0, at = 0, sig;

	pop_add(o, PF_EG0, 0, n);
	if (x->depth && n) {
		sig = b->sig_map[psets[x->pset].sig];
		/* the default signature of its name */
		if (b->sig_of_local[b->name_map[x->name]] == psets[x->pset].sig) {
			pop_add(o, PF_BITS, 1, 1);
		} else {
			pop_add(o, PF_BITS, 1, 0);
			pop_add(o, PF_SIG, 0, sig);
		}
	}
	for (i = 0; i < n; i++) {
		const struct piece *p = &piece_buf[i];

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

static void encode_params(struct blob *b, struct range *r)
{
	struct pops o = { 0 };
	struct bitbuf bb = { 0 };
	unsigned int best[NR_PF], k;
	__u32 i, nb = 0, nf = (r->nr_fn + LINEINFO_FUNC_BLOCK - 1) / LINEINFO_FUNC_BLOCK;
	size_t j;

	for (i = 0; i < r->nr_fn; i++) {
		const struct inl *x = &r->fn[i];

		if (i % LINEINFO_FUNC_BLOCK == 0)
			pop_add(&o, PF_MARK_FUNC, 0, i / LINEINFO_FUNC_BLOCK);
		else
			pop_add(&o, PF_FSTART, 0, x->lo - r->fn[i - 1].hi);
		pop_add(&o, PF_FLEN, 0, x->hi - x->lo - 1);
		pop_add(&o, PF_SIG, 0, b->sig_map[psets[x->pset].sig]);
		param_group(b, &o, x);
	}
	for (i = 0; i < r->nr_inl; i++) {
		if (r->ifirst[i])
			pop_add(&o, PF_MARK_INL, 0, nb++);
		param_group(b, &o, &r->inl[i]);
	}
	if (nb != r->ihdr.nr_blocks)
		fatal("internal error: %u inline blocks, %u parameter blocks",
		      r->ihdr.nr_blocks, nb);
	for (k = 0; k < NR_PF; k++)
		best[k] = best_k(o.cost[k]);
	r->pfuncs = xcalloc(nf ?: 1, sizeof(*r->pfuncs));
	r->piblocks = xcalloc(nb ?: 1, sizeof(*r->piblocks));
	for (j = 0; j < o.nr; j++) {
		const struct pop *p = &o.op[j];
		size_t at = bb.bits;

		switch (p->f) {
		case PF_MARK_FUNC:
			r->pfuncs[p->v].offset = t32(r->fn[p->v * LINEINFO_FUNC_BLOCK].lo);
			r->pfuncs[p->v].bit = t32(bb.bits);
			continue;
		case PF_MARK_INL:
			r->piblocks[p->v] = t32(bb.bits);
			continue;
		case PF_BITS:
			put_bits(&bb, p->v, p->n);
			param_field_bits[NR_PF + 1] += p->n;
			continue;
		case PF_EG0:
			put_eg(&bb, p->v, 0);
			param_field_bits[NR_PF] += bb.bits - at;
			continue;
		default:
			put_eg(&bb, p->v, best[p->f]);
			param_field_bits[p->f] += bb.bits - at;
		}
		if (bb.bits > 0xffffffffULL)
			fatal("parameter locations of %s: stream too large", r->name);
	}
	r->phdr.nr_funcs = r->nr_fn;
	r->phdr.nr_bits = bb.bits;
	r->phdr.k_fstart = best[PF_FSTART];
	r->phdr.k_flen = best[PF_FLEN];
	r->phdr.k_sig = best[PF_SIG];
	r->phdr.k_pidx = best[PF_PIDX];
	r->phdr.k_pstart = best[PF_PSTART];
	r->phdr.k_plen = best[PF_PLEN];
	r->pbits_size = ((bb.bits + 7) >> 3) + 8;
	r->pbits = xcalloc(r->pbits_size, 1);
	if (bb.p)
		memcpy(r->pbits, bb.p, (bb.bits + 7) >> 3);
	free(bb.p);
	free(o.op);
}

/* The calls of @b by local parent id, then by position in the list. */
static const struct blob *sort_blob;

static int cmp_call_local(const void *x, const void *y)
{
	const struct call *a = *(struct call * const *)x, *b = *(struct call * const *)y;
	__u32 pa = sort_blob->name_map[a->parent], pb = sort_blob->name_map[b->parent];

	if (pa != pb)
		return pa < pb ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/*
 * Code the lists of calls of @b (see kallsyms_lineinfo.h) into @bb, with
 * the orders in @in, and the bit position of every LINEINFO_CALL_GROUP-th
 * list into @index if it is not NULL.  Without @index, only count the
 * cost of each order into @cost.
 */
static void code_calls(const struct blob *b, struct call **order, struct bitbuf *bb,
		       const struct lineinfo_inlines *in, __u32 *index,
		       __u64 (*cost)[LINEINFO_MAX_K + 1])
{
	__u32 p, i = 0, j, n, file, line;
	unsigned int k;

	for (p = 0; p < b->nr_names; p++) {
		if (index && p % LINEINFO_CALL_GROUP == 0) {
			if (bb->bits > 0xffffffffULL)
				fatal("inline call lists of %s too large", b->path);
			index[p / LINEINFO_CALL_GROUP] = bb->bits;
		}
		for (n = 0; i + n < b->nr_calls && b->name_map[order[i + n]->parent] == p; n++)
			;
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
			__u32 name = b->name_map[c->name], f = b->file_map[c->file];
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

static __u16 t16(__u16 v)
{
	return swap_bytes ? bswap_16(v) : v;
}

static __u32 t32(__u32 v)
{
	return swap_bytes ? bswap_32(v) : v;
}

static struct lineinfo_span t_span(struct lineinfo_span s)
{
	return (struct lineinfo_span){ t32(s.off), t32(s.size) };
}

static struct lineinfo_header t_header(const struct lineinfo_header *h)
{
	struct lineinfo_header t = *h;

	t.magic = t32(h->magic);
	t.version = t16(h->version);
	t.hdr_size = t16(h->hdr_size);
	t.blob_size = t32(h->blob_size);
	t.nr_files = t32(h->nr_files);
	t.ranges = t_span(h->ranges);
	t.files = t_span(h->files);
	t.strings = t_span(h->strings);
	t.inlines = t_span(h->inlines);
	t.params = t_span(h->params);
	return t;
}

static struct lineinfo_inline_range t_inline_range(const struct lineinfo_inline_range *r)
{
	struct lineinfo_inline_range t = *r;

	t.nr_blocks = t32(r->nr_blocks);
	t.nr_bits = t32(r->nr_bits);
	t.groups = t_span(r->groups);
	t.blocks = t_span(r->blocks);
	t.bits = t_span(r->bits);
	return t;
}

/* The single-byte fields (shifts, orders) need no conversion. */
static struct lineinfo_range t_range(const struct lineinfo_range *r)
{
	struct lineinfo_range t = *r;

	t.name = t32(r->name);
	t.text_size = t32(r->text_size);
	t.nr_entries = t32(r->nr_entries);
	t.nr_blocks = t32(r->nr_blocks);
	t.groups = t_span(r->groups);
	t.blocks = t_span(r->blocks);
	t.fast = t_span(r->fast);
	t.bits = t_span(r->bits);
	return t;
}

/* Convert an index in place, just before it is written. */
static void t_index(struct index *x)
{
	__u32 i;

	for (i = 0; i < x->nr_groups; i++) {
		x->groups[i].offset = t32(x->groups[i].offset);
		x->groups[i].bit = t32(x->groups[i].bit);
	}
	for (i = 0; i < x->nr_blocks; i++) {
		x->deltas[i].offset = t16(x->deltas[i].offset);
		x->deltas[i].bit = t16(x->deltas[i].bit);
	}
}

/* Convert the fast index of @r in place, just before it is written. */
static void t_fast(struct range *r)
{
	__u32 i;

	for (i = 0; i < r->nr_fast; i++) {
		if (r->hdr.fast_wide)
			((__u32 *)r->fast)[i] = t32(((__u32 *)r->fast)[i]);
		else
			((__u16 *)r->fast)[i] = t16(((__u16 *)r->fast)[i]);
	}
}

struct out {
	__u8 *p;
	size_t size;
};

static __u32 out_add(struct out *o, const void *data, size_t n, size_t align)
{
	size_t off = (o->size + align - 1) & ~(align - 1);

	if (off + n > 0xffffffffU)
		fatal("blob larger than 4 GiB");
	o->p = xrealloc(o->p, off + n);
	memset(o->p + o->size, 0, off - o->size);
	if (n)
		memcpy(o->p + off, data, n);
	o->size = off + n;
	return (__u32)off;
}

/* Append an index to @o, setting @groups and @blocks. */
static void write_index(struct out *o, struct index *x, struct lineinfo_span *groups,
			struct lineinfo_span *blocks)
{
	t_index(x);
	groups->size = x->nr_groups * sizeof(*x->groups);
	groups->off = out_add(o, x->groups, groups->size, 4);
	blocks->size = x->nr_blocks * sizeof(*x->deltas);
	blocks->off = out_add(o, x->deltas, blocks->size, 4);
}

/* Bytes of each part of the inline chains, for --stats */
struct inline_stats {
	__u64 records, names, name_index, blocks, bits, calls, call_index, tokens;
	__u64 plain_names;
};

static char *token_str[LINEINFO_MAX_TOKENS];

/* Append what byte @c of a name stands for to @s, of length @n. */
static char *expand_byte(char *s, size_t *n, __u8 c)
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
static unsigned int make_tokens(__u8 *buf, size_t *len, struct out *tokens, __u16 *index)
{
	static __u32 count[1 << 16];
	unsigned int nt, i;
	size_t j, o, n = *len;

	for (j = 0; j < n; j++)
		if (buf[j] >= LINEINFO_TOKEN)
			return 0;	/* not plain ASCII: the names stay plain */
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
		e = expand_byte(e, &elen, pair >> 8);
		e = expand_byte(e, &elen, pair & 0xff);
		/* a token costs its string, the NUL and its index entry */
		if (best <= elen + 1 + sizeof(*index) || tokens->size + elen + 1 > 0xffff) {
			free(e);
			break;
		}
		token_str[nt] = e;
		index[nt] = t16(out_add(tokens, e, elen + 1, 1));
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
		free(token_str[i]);
		token_str[i] = NULL;
	}
	*len = n;
	return nt;
}

/* Write the lists of calls of @b into @o, and point @in at them. */
static void write_calls(struct blob *b, struct out *o, struct lineinfo_inlines *in,
			struct inline_stats *st)
{
	__u64 cost[3][LINEINFO_MAX_K + 1] = { { 0 } };
	__u32 groups = (b->nr_names + LINEINFO_CALL_GROUP - 1) / LINEINFO_CALL_GROUP;
	__u32 *index = xcalloc(groups ?: 1, sizeof(*index));
	struct call **order = xcalloc(b->nr_calls ?: 1, sizeof(*order));
	struct bitbuf bb = { 0 };
	size_t size;
	__u8 *bits;
	__u32 i;

	for (i = 0; i < b->nr_calls; i++)
		order[i] = &b->calls[i];
	sort_blob = b;
	if (b->nr_calls)
		qsort(order, b->nr_calls, sizeof(*order), cmp_call_local);
	code_calls(b, order, NULL, in, NULL, cost);
	in->k_call_file = best_k(cost[0]);
	in->k_call_name = best_k(cost[1]);
	in->k_call_line = best_k(cost[2]);
	code_calls(b, order, &bb, in, index, NULL);
	if (bb.bits > 0xffffffffULL)
		fatal("inline call lists of %s too large", b->path);
	in->nr_call_bits = bb.bits;
	size = ((bb.bits + 7) >> 3) + 8;
	bits = xcalloc(size, 1);
	if (bb.p)
		memcpy(bits, bb.p, (bb.bits + 7) >> 3);
	in->calls.size = size;
	in->calls.off = out_add(o, bits, size, 1);
	for (i = 0; i < groups; i++)
		index[i] = t32(index[i]);
	in->call_index.size = groups * sizeof(*index);
	in->call_index.off = out_add(o, index, in->call_index.size, 4);
	st->calls += size;
	st->call_index += in->call_index.size;
	free(bb.p);
	free(bits);
	free(index);
	free(order);
}

/* Append the inline chains of @b to @o and point @h at them. */
static __u32 write_inlines(struct blob *b, struct out *o, struct lineinfo_header *h,
			   struct inline_stats *st)
{
	struct lineinfo_inlines in = { 0 }, tin;
	struct lineinfo_inline_range *ir = xcalloc(b->nr_ranges ?: 1, sizeof(*ir));
	struct out names = { 0 }, tokens = { 0 };
	__u32 *index = xcalloc(b->nr_names / LINEINFO_NAME_GROUP + 1, sizeof(*index));
	__u16 tindex[LINEINFO_MAX_TOKENS];
	unsigned int nt;
	__u32 i, at;
	size_t j;

	for (i = 0; i < b->nr_names; i++) {
		const char *s = name_tab.str[b->name_of_local[i]];

		out_add(&names, s, strlen(s) + 1, 1);
	}
	st->plain_names += names.size;
	nt = make_tokens(names.p, &names.size, &tokens, tindex);
	for (i = 0, j = 0; i < b->nr_names; i++) {
		if (i % LINEINFO_NAME_GROUP == 0)
			index[i / LINEINFO_NAME_GROUP] = t32(j);
		j += strlen((char *)names.p + j) + 1;
	}
	at = out_add(o, &in, sizeof(in), 8);
	in.nr_names = b->nr_names;
	in.names.size = names.size;
	in.names.off = out_add(o, names.p, names.size, 1);
	in.name_index.size = (b->nr_names + LINEINFO_NAME_GROUP - 1) / LINEINFO_NAME_GROUP *
			     sizeof(__u32);
	in.name_index.off = out_add(o, index, in.name_index.size, 4);
	in.tokens.size = tokens.size;
	in.tokens.off = out_add(o, tokens.p, tokens.size, 1);
	in.token_index.size = nt * sizeof(*tindex);
	in.token_index.off = out_add(o, tindex, in.token_index.size, 2);
	st->tokens += tokens.size + in.token_index.size;
	in.ranges.size = b->nr_ranges * sizeof(*ir);
	in.ranges.off = out_add(o, ir, in.ranges.size, 4);
	st->names += names.size;
	st->name_index += in.name_index.size;
	write_calls(b, o, &in, st);
	for (i = 0; i < b->nr_ranges; i++) {
		struct range *r = b->ranges[i];

		write_index(o, &r->iindex, &r->ihdr.groups, &r->ihdr.blocks);
		r->ihdr.bits.size = r->ibits_size;
		r->ihdr.bits.off = out_add(o, r->ibits, r->ibits_size, 1);
		ir[i] = t_inline_range(&r->ihdr);
		st->records += r->nr_inl;
		st->blocks += r->ihdr.groups.size + r->ihdr.blocks.size;
		st->bits += r->ibits_size;
	}
	memcpy(o->p + in.ranges.off, ir, in.ranges.size);
	tin = in;
	tin.nr_names = t32(in.nr_names);
	tin.nr_call_bits = t32(in.nr_call_bits);
	tin.calls = t_span(in.calls);
	tin.call_index = t_span(in.call_index);
	tin.tokens = t_span(in.tokens);
	tin.token_index = t_span(in.token_index);
	tin.names = t_span(in.names);
	tin.name_index = t_span(in.name_index);
	tin.ranges = t_span(in.ranges);
	memcpy(o->p + at, &tin, sizeof(tin));
	h->inlines.off = at;
	h->inlines.size = o->size - at;
	free(ir);
	free(names.p);
	free(tokens.p);
	free(index);
	return h->inlines.size;
}

/* Bytes of each part of the parameter locations, for --stats */
struct param_stats {
	__u64 sigs, sig_index, funcs, iblocks, bits, funcs_nr, pieces_scopes;
};

/* Code the signatures of @b into @bb, or count the cost of each order. */
static void code_sigs(const struct blob *b, struct bitbuf *bb, __u32 *index,
		      const struct lineinfo_params *p, __u64 (*cost)[LINEINFO_MAX_K + 1])
{
	__u32 i, j, sig, nid, tid;
	unsigned int k;

	for (i = 0; i < b->nr_sigs; i++) {
		sig = b->sig_of_local[i];
		if (index && i % LINEINFO_SIG_GROUP == 0)
			index[i / LINEINFO_SIG_GROUP] = t32(bb->bits);
		if (index)
			put_eg(bb, sig ? (sig_first[sig + 1] - sig_first[sig]) / 2 : 0, 0);
		for (j = sig ? sig_first[sig] : 0; sig && j < sig_first[sig + 1]; j += 2) {
			nid = b->name_map[sig_ids[j]];
			tid = b->name_map[sig_ids[j + 1]];
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

/* Append the parameter locations of @b to @o and point @h at them. */
static __u32 write_params(struct blob *b, struct out *o, struct lineinfo_header *h,
			  struct param_stats *st)
{
	__u64 cost[2][LINEINFO_MAX_K + 1] = { { 0 } };
	__u32 groups = (b->nr_sigs + LINEINFO_SIG_GROUP - 1) / LINEINFO_SIG_GROUP;
	__u32 *index = xcalloc(groups ?: 1, sizeof(*index));
	struct lineinfo_param_range *pr = xcalloc(b->nr_ranges ?: 1, sizeof(*pr));
	struct lineinfo_params p = { 0 }, tp;
	struct bitbuf bb = { 0 };
	size_t size;
	__u8 *bits;
	__u32 i, at;

	code_sigs(b, NULL, NULL, &p, cost);
	p.k_arg_name = best_k(cost[0]);
	p.k_arg_type = best_k(cost[1]);
	code_sigs(b, &bb, index, &p, NULL);
	if (bb.bits > 0xffffffffULL)
		fatal("signatures of %s too large", b->path);
	at = out_add(o, &p, sizeof(p), 8);
	p.nr_sigs = b->nr_sigs;
	p.nr_sig_bits = bb.bits;
	size = ((bb.bits + 7) >> 3) + 8;
	bits = xcalloc(size, 1);
	if (bb.p)
		memcpy(bits, bb.p, (bb.bits + 7) >> 3);
	p.sigs.size = size;
	p.sigs.off = out_add(o, bits, size, 1);
	p.sig_index.size = groups * sizeof(*index);
	p.sig_index.off = out_add(o, index, p.sig_index.size, 4);
	st->sigs += size;
	st->sig_index += p.sig_index.size;
	p.ranges.size = b->nr_ranges * sizeof(*pr);
	p.ranges.off = out_add(o, pr, p.ranges.size, 4);
	for (i = 0; i < b->nr_ranges; i++) {
		struct range *r = b->ranges[i];
		struct lineinfo_param_range x = r->phdr;

		x.funcs.size = (r->nr_fn + LINEINFO_FUNC_BLOCK - 1) / LINEINFO_FUNC_BLOCK *
			       sizeof(*r->pfuncs);
		x.funcs.off = out_add(o, r->pfuncs, x.funcs.size, 4);
		x.iblocks.size = r->ihdr.nr_blocks * sizeof(*r->piblocks);
		x.iblocks.off = out_add(o, r->piblocks, x.iblocks.size, 4);
		x.bits.size = r->pbits_size;
		x.bits.off = out_add(o, r->pbits, r->pbits_size, 1);
		st->funcs += x.funcs.size;
		st->funcs_nr += r->nr_fn;
		st->iblocks += x.iblocks.size;
		st->bits += x.bits.size;
		pr[i].nr_funcs = t32(x.nr_funcs);
		pr[i].nr_bits = t32(x.nr_bits);
		pr[i].funcs = t_span(x.funcs);
		pr[i].iblocks = t_span(x.iblocks);
		pr[i].bits = t_span(x.bits);
		pr[i].k_fstart = x.k_fstart;
		pr[i].k_flen = x.k_flen;
		pr[i].k_sig = x.k_sig;
		pr[i].k_pidx = x.k_pidx;
		pr[i].k_pstart = x.k_pstart;
		pr[i].k_plen = x.k_plen;
	}
	memcpy(o->p + p.ranges.off, pr, p.ranges.size);
	tp = p;
	tp.nr_sigs = t32(p.nr_sigs);
	tp.nr_sig_bits = t32(p.nr_sig_bits);
	tp.sigs = t_span(p.sigs);
	tp.sig_index = t_span(p.sig_index);
	tp.ranges = t_span(p.ranges);
	memcpy(o->p + at, &tp, sizeof(tp));
	h->params.off = at;
	h->params.size = o->size - at;
	free(bb.p);
	free(bits);
	free(index);
	free(pr);
	return h->params.size;
}

static void write_blob(struct blob *b)
{
	struct inline_stats istats = { 0 };
	struct param_stats pstats = { 0 };
	__u32 iself = 0, pself = 0;
	struct lineinfo_header h = { 0 }, th;
	struct out o = { 0 };
	struct out strings = { 0 };
	__u32 *file_off = xcalloc(b->nr_files, sizeof(__u32));
	struct lineinfo_range *rh = xcalloc(b->nr_ranges ?: 1, sizeof(*rh));
	__u32 i;
	FILE *f;
	int err;

	out_add(&strings, "", 1, 1);
	for (i = 1; i < b->nr_files; i++) {
		const char *s = file_tab.str[b->file_of_local[i]];

		file_off[i] = t32(out_add(&strings, s, strlen(s) + 1, 1));
	}
	for (i = 0; i < b->nr_ranges; i++)
		b->ranges[i]->hdr.name = out_add(&strings, b->ranges[i]->name,
						 strlen(b->ranges[i]->name) + 1, 1);

	out_add(&o, &h, sizeof(h), 8);
	h.ranges.off = out_add(&o, NULL, 0, 8);
	h.ranges.size = b->nr_ranges * sizeof(*rh);
	out_add(&o, rh, h.ranges.size, 8);
	h.files.off = out_add(&o, file_off, b->nr_files * sizeof(__u32), 4);
	h.files.size = b->nr_files * sizeof(__u32);
	h.strings.off = out_add(&o, strings.p, strings.size, 1);
	h.strings.size = strings.size;
	for (i = 0; i < b->nr_ranges; i++) {
		struct range *r = b->ranges[i];

		write_index(&o, &r->index, &r->hdr.groups, &r->hdr.blocks);
		t_fast(r);
		r->hdr.fast.size = r->nr_fast * (r->hdr.fast_wide ? 4 : 2);
		r->hdr.fast.off = out_add(&o, r->fast, r->hdr.fast.size, 4);
		r->hdr.bits.size = r->bits_size;
		r->hdr.bits.off = out_add(&o, r->bits, r->bits_size, 1);
		rh[i] = t_range(&r->hdr);
	}
	if (want_inline)
		iself = write_inlines(b, &o, &h, &istats);
	if (want_params)
		pself = write_params(b, &o, &h, &pstats);
	out_add(&o, NULL, 0, 8);

	h.magic = LINEINFO_MAGIC;
	h.version = LINEINFO_VERSION;
	h.hdr_size = sizeof(h);
	h.blob_size = o.size;
	h.nr_files = b->nr_files;
	th = t_header(&h);
	memcpy(o.p, &th, sizeof(th));
	memcpy(o.p + h.ranges.off, rh, h.ranges.size);

	/*
	 * Check the blob with the kernel's own decoder, as fully as the kernel
	 * checks a module's table at load: a bug here fails the build, not a
	 * lookup in a crash report.  The decoder reads the host's byte order,
	 * so a blob for a target of the other one is left to the kernel.
	 */
	err = swap_bytes ? 0 : lineinfo_blob_check(o.p, o.size, true);
	if (err)
		fatal("%s: the blob fails the decoder's full check (%s): a bug in gen_lineinfo",
		      b->path, strerror(-err));

	f = fopen(b->path, "wb");
	if (!f || fwrite(o.p, 1, o.size, f) != o.size || fclose(f))
		fatal("cannot write %s: %s", b->path, strerror(errno));

	if (show_stats) {
		unsigned long long entries = 0, fillers = 0, blocks = 0, fast = 0, bits = 0;

		for (i = 0; i < b->nr_ranges; i++) {
			struct range *r = b->ranges[i];

			printf("%s: range %s: entries %u, text %u bytes, k %u/%u/%u, %s %u\n",
			       b->path, r->name, r->nr_entries - r->nr_fillers, r->hdr.text_size,
			       r->hdr.k_addr, r->hdr.k_file, r->hdr.k_line,
			       "blocks per group", 1U << r->hdr.group_shift);
			entries += r->nr_entries - r->nr_fillers;
			fillers += r->nr_fillers;
			blocks += r->hdr.groups.size + r->hdr.blocks.size;
			fast += r->hdr.fast.size;
			bits += r->hdr.bits.size;
		}
		printf("%s: entries: %llu\n", b->path, entries);
		printf("%s: hole filler entries: %llu\n", b->path, fillers);
		printf("%s: files: %u\n", b->path, b->nr_files - 1);
		printf("%s: bytes header+ranges: %zu\n", b->path,
		       sizeof(h) + (size_t)h.ranges.size);
		printf("%s: bytes file table: %u\n", b->path, h.files.size);
		printf("%s: bytes file names: %u\n", b->path, h.strings.size);
		printf("%s: bytes block index: %llu\n", b->path, blocks);
		printf("%s: bytes fast index: %llu\n", b->path, fast);
		printf("%s: bytes entry stream: %llu\n", b->path, bits);
		if (want_inline) {
			printf("%s: inline records: %llu\n", b->path,
			       (unsigned long long)istats.records);
			printf("%s: inline names: %u\n", b->path, b->nr_names);
			printf("%s: bytes inline names: %llu\n", b->path,
			       (unsigned long long)istats.names);
			printf("%s: bytes inline names without tokens: %llu\n", b->path,
			       (unsigned long long)istats.plain_names);
			printf("%s: bytes inline name tokens: %llu\n", b->path,
			       (unsigned long long)istats.tokens);
			printf("%s: bytes inline name index: %llu\n", b->path,
			       (unsigned long long)istats.name_index);
			printf("%s: bytes inline block index: %llu\n", b->path,
			       (unsigned long long)istats.blocks);
			printf("%s: inline calls in lists: %u\n", b->path, b->nr_calls);
			printf("%s: bytes inline call lists: %llu\n", b->path,
			       (unsigned long long)istats.calls);
			printf("%s: bytes inline call list index: %llu\n", b->path,
			       (unsigned long long)istats.call_index);
			printf("%s: bytes inline record stream: %llu\n", b->path,
			       (unsigned long long)istats.bits);
			printf("%s: bytes inline stream fields: depth %llu, start %llu",
			       b->path, inl_field_bits[IF_DEPTH] / 8, inl_field_bits[IF_LO] / 8);
			printf(", length %llu, repeat %llu, name %llu",
			       (inl_field_bits[IF_END] + inl_field_bits[IF_LEN]) / 8,
			       inl_field_bits[IF_REP] / 8,
			       inl_field_bits[IF_NAME] / 8);
			printf(", call file %llu, call line %llu, call index %llu\n",
			       (inl_field_bits[IF_SAME] + inl_field_bits[IF_FILE]) / 8,
			       inl_field_bits[IF_LINE] / 8, inl_field_bits[IF_CALL] / 8);
			printf("%s: bytes inline total: %u\n", b->path, iself);
			memset(inl_field_bits, 0, sizeof(inl_field_bits));
		}
		if (want_params) {
			printf("%s: param functions: %llu, signatures: %u\n", b->path,
			       (unsigned long long)pstats.funcs_nr, b->nr_sigs);
			printf("%s: bytes param signatures: %llu, index %llu\n", b->path,
			       (unsigned long long)pstats.sigs,
			       (unsigned long long)pstats.sig_index);
			printf("%s: bytes param function index: %llu, inline block index %llu\n",
			       b->path, (unsigned long long)pstats.funcs,
			       (unsigned long long)pstats.iblocks);
			printf("%s: bytes param stream: %llu\n", b->path,
			       (unsigned long long)pstats.bits);
			printf("%s: bytes param stream fields: function start %llu, length %llu",
			       b->path, param_field_bits[PF_FSTART] / 8,
			       param_field_bits[PF_FLEN] / 8);
			printf(", signature %llu, pieces %llu, parameter %llu, start %llu",
			       param_field_bits[PF_SIG] / 8, param_field_bits[NR_PF] / 8,
			       param_field_bits[PF_PIDX] / 8, param_field_bits[PF_PSTART] / 8);
			printf(", length %llu, end flags and registers %llu\n",
			       param_field_bits[PF_PLEN] / 8, param_field_bits[NR_PF + 1] / 8);
			printf("%s: bytes param total: %u\n", b->path, pself);
			memset(param_field_bits, 0, sizeof(param_field_bits));
		}
		printf("%s: bytes total: %zu\n", b->path, o.size);
		printf("%s: bytes per entry: %.3f\n", b->path,
		       entries ? (double)o.size / entries : 0.0);
	}
	free(o.p);
	free(strings.p);
	free(file_off);
	free(rh);
}

static void parse_range(const char *arg)
{
	struct blob *b;
	struct range *r;
	char *s = xstrdup(arg), *eq, *comma;

	if (!nr_blobs)
		usage_error("--range %s: no -o before it (a --range belongs to the last -o)",
			    arg);
	b = &blobs[nr_blobs - 1];
	b->all_text = false;
	eq = strchr(s, '=');
	r = new_range(b, s);
	if (eq) {
		*eq = '\0';
		comma = strchr(eq + 1, ',');
		if (!comma || eq == s || comma == eq + 1 || !comma[1])
			usage_error("--range %s: expected NAME=START,END or NAME", arg);
		*comma = '\0';
		r->start_sym = eq + 1;
		r->end_sym = comma + 1;
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "range", required_argument, NULL, 'r' },
		{ "prefix", required_argument, NULL, 'p' },
		{ "block-shift", required_argument, NULL, 'b' },
		{ "stats", no_argument, NULL, 's' },
		{ "max-files", required_argument, NULL, 'm' },
		{ "skip-no-dwarf", no_argument, NULL, 'n' },
		{ "dump-inline", no_argument, NULL, 'i' },
		{ "dump-params", no_argument, NULL, 'P' },
		{ "inline", no_argument, NULL, 'I' },
		{ "params", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int i, j;
	int c;

	while ((c = getopt_long(argc, argv, "-o:", opts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (input)
				usage_error("two input files: %s and %s", input, optarg);
			input = optarg;
			break;
		case 'o':
			if (nr_blobs >= MAX_BLOBS)
				usage_error("-o %s: more than %d blobs", optarg, MAX_BLOBS);
			blobs[nr_blobs].path = optarg;
			blobs[nr_blobs].all_text = true;
			nr_blobs++;
			break;
		case 'r':
			parse_range(optarg);
			break;
		case 'p':
			if (nr_prefixes >= ARRAY_SIZE(prefixes))
				usage_error("--prefix %s: more than %zu prefixes", optarg,
					    ARRAY_SIZE(prefixes));
			prefixes[nr_prefixes++] = clean_path(optarg);
			break;
		case 'b':
			block_shift = parse_number("--block-shift", optarg, 0,
						   LINEINFO_MAX_BLOCK_SHIFT);
			break;
		case 's':
			show_stats = true;
			break;
		case 'n':
			skip_no_dwarf = true;
			break;
		case 'i':
			dump_inline = true;
			break;
		case 'P':
			dump_params_flag = true;
			break;
		case 'I':
			want_inline = true;
			break;
		case 'A':
			want_params = true;
			break;
		case 'm':
			max_files = parse_number("--max-files", optarg, 2, LINEINFO_MAX_FILES);
			break;
		case 'h':
			usage(stdout, 0);
		default:
			/* getopt has said which option is wrong */
			usage(stderr, 2);
		}
	}
	if (!input)
		usage_error("no input ELF file");
	if (!nr_blobs)
		usage_error("%s: no -o blob to write", input);
	if (want_params && !want_inline)
		usage_error("--params needs --inline (the parameter table uses its names)");

	elf_version(EV_CURRENT);
	if (!read_rows(input))
		return 0;
	/* documented skips (kallsyms-lineinfo.rst): counted, not warned about */
	if (unreadable_locations && (show_stats || dump_params_flag))
		warn("%llu parameter locations cut at an operation libdw cannot read",
		     unreadable_locations);
	if (skipped_params && (show_stats || dump_params_flag))
		warn("%llu parameters of scopes with more than %d left out",
		     skipped_params, LINEINFO_MAX_PARAMS);
	if (dump_inline)
		dump_inlines();
	if (want_inline)
		sort_inlines();
	if (want_params) {
		parse_sigs();
		alloc_piece_buf();
	}
	build_entries();
	for (i = 0; i < nr_blobs; i++) {
		drop_empty_ranges(&blobs[i]);
		assign_files(&blobs[i]);
		if (want_inline) {
			build_calls(&blobs[i]);
			assign_names(&blobs[i]);
		}
		if (want_params)
			assign_sigs(&blobs[i]);
		for (j = 0; j < blobs[i].nr_ranges; j++) {
			struct range *r = blobs[i].ranges[j];

			encode_range(&blobs[i], r);
			/* holes forced small groups: fill them and try again */
			if (r->hdr.group_shift < GROUP_SHIFT && fill_holes(r))
				encode_range(&blobs[i], r);
			if (want_inline)
				encode_inlines(&blobs[i], r);
			if (want_params)
				encode_params(&blobs[i], r);
		}
		write_blob(&blobs[i]);
	}
	if (overlapping_pieces && show_stats)
		warn("%llu register pieces overlap another of their parameter: the first is kept",
		     overlapping_pieces);
	return 0;
}
