/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lineinfo - annotate saved kernel traces offline with the file:line
 * tables that a build with CONFIG_KALLSYMS_LINEINFO embeds in vmlinux and
 * in its modules.  What the files share: the images (vmlinux and modules)
 * with their checked tables and symbols, and where an address of a frame
 * is in a table.
 */
#ifndef _TOOLS_LINEINFO_H
#define _TOOLS_LINEINFO_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/kallsyms_lineinfo.h>
#include <linux/kallsyms_locator.h>

/*
 * A code symbol.  @addr is the link address (vmlinux) or the offset in
 * section @sec (a module); @size is its size as kallsyms computes it, the
 * distance to the next symbol, and only a lower bound if @size_min: the
 * last symbol of a module section, whose end in memory is the layout's.
 */
struct li_sym {
	const char *name;
	unsigned long long addr;
	unsigned long long size;
	int sec;
	bool size_min;
};

/* A table that passed lineinfo_blob_check(blob, size, true) */
struct li_table {
	void *blob;
	unsigned long size;
	int range;		/* vmlinux: the range of its section */
};

/*
 * An image: vmlinux, or one module.  @syms is sorted by name.  vmlinux has
 * the .text and .init.text tables and their bounds; a module has one table
 * whose ranges name its sections (@secnames, by ELF section index).
 */
struct li_image {
	char *path;
	char *name;		/* module name, NULL for vmlinux */
	const char *source;	/* where the tables came from, for the report */
	struct li_sym *syms;
	size_t nr_syms;
	char *symstr;		/* storage of the names */
	struct li_table text, init, mod;
	unsigned long long stext, etext, sinittext, einittext;
	char **secnames;
	size_t nr_secs;
	bool loaded, broken, live;
	bool kallsyms;		/* symbols from the kallsyms locator */
};

/* Where an address is: a table, its range and the offset in it */
struct li_place {
	const void *blob;
	unsigned int range;
	unsigned long offset;
};

/* Options of the decoder, from the command line */
struct li_opts {
	const char *image;	/* -k */
	const char *map;	/* -s */
	const char *modules;	/* -m */
	const char *release;	/* -r */
	bool verbose;
};

extern const char *li_prog;

void li_err(const char *fmt, ...) __printf(1, 2);

/* image.c */
int li_load_vmlinux(struct li_image *img, const char *path, const char *map,
		    const char *tables);
int li_index_modules(const char *dir);
int li_load_live(struct li_image *img);
int li_index_live_modules(void);
struct li_image *li_module(const char *name);
size_t li_find_syms(const struct li_image *img, const char *name,
		    const struct li_sym **first);
bool li_place(const struct li_image *img, const struct li_sym *sym,
	      unsigned long long off, struct li_place *pl);

/*
 * Shared by the files that read the images
 */

/* A file in memory, 8-byte aligned (malloc), with its size */
struct li_buf {
	unsigned char *p;
	size_t size;
};

/* An ELF file, checked: every header and section lies inside it. */
struct li_elf {
	const unsigned char *p;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	size_t shnum;
	const char *shstr;
	size_t shstr_size;
};

/* Collects symbols before they are sorted */
struct li_symvec {
	struct li_sym *v;
	size_t n, cap;
};

/* file.c */
int li_read_file(const char *path, struct li_buf *b);
int li_read_any(const char *path, struct li_buf *b);
int li_extract_bzimage(const char *path, struct li_buf *b);
int li_elf_open(struct li_elf *e, const struct li_buf *b, const char *path);
const char *li_elf_secname(const struct li_elf *e, size_t i);
size_t li_elf_avail(const struct li_elf *e, unsigned long long addr);
const void *li_elf_bytes(const struct li_elf *e, unsigned long long addr, size_t size);

/* symbols.c */
int li_sym_add(struct li_symvec *sv, const char *name, unsigned long long addr, int sec);
void li_sym_sizes(struct li_symvec *sv, const unsigned long long *ends, size_t nr_ends);
bool li_sym_ignored(const char *name);
bool li_sym_get(const struct li_symvec *sv, const char *name, unsigned long long *addr);
int li_read_map(const char *path, struct li_symvec *sv, char **store);
int li_read_symtab(const struct li_elf *e, struct li_symvec *sv, bool reloc,
		   const char *path);
int li_locator_syms(const struct li_elf *e, struct li_symvec *sv, char **store,
		    struct li_image *img, const char *path);

/* annotate.c */
struct li_stats {
	unsigned long frames;		/* lines that name a symbol+offset */
	unsigned long annotated;	/* lines this run annotated */
	unsigned long already;		/* lines the kernel had annotated */
	unsigned long mismatches;	/* frames whose size differs from the image's */
	unsigned long unknown;		/* frames of modules or symbols not found */
};

int li_annotate(FILE *in, FILE *out, struct li_image *vmlinux,
		struct li_stats *st);

#endif /* _TOOLS_LINEINFO_H */
