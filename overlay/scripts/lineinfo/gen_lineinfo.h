/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gen_lineinfo - build address to file:line tables for backtraces
 *
 * The internal header of the generator: its one context, which every stage
 * takes and which holds all state between the stages (nothing lives at
 * file scope), and the functions one stage calls in another.  The stages,
 * in the order main() runs them:
 *
 *	main.c		options into struct gen_opts, and the pipeline
 *	dwarf.c		read: the ELF, its text ranges, the DWARF line rows
 *	lines.c		build entries per range, encode the line tables
 *	inline.c	--inline: inlined calls, their encoding and writing
 *	params.c	--params: parameter registers, their encoding and writing
 *	write.c		lay a blob out in the target's byte order, check it
 *			with the kernel's decoder (check.c), write it
 *	util.c		allocation, messages, paths, string tables
 *
 * inline.c and params.c are optional features: the core calls them only
 * at the places marked "hook: --inline" and "hook: --params", and their
 * state is in the chains and params members of the context, blob and range.
 */
#ifndef GEN_LINEINFO_H
#define GEN_LINEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>

#include <linux/kallsyms_lineinfo.h>

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define DEFAULT_BLOCK_SHIFT	5
#define GROUP_SHIFT		4	/* log2 of the most blocks per index group */
#define MAX_BLOBS		8
#define MAX_PREFIXES		8
#define MAX_RANGES		512	/* sections looked at; see LINEINFO_MAX_RANGES */

#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __noreturn		__attribute__((noreturn))

/* Interned strings, by id from 1 (0 means none), found by hash. */
struct strtab {
	char **str;
	__u32 nr;		/* the next id */
	__u32 alloc;
	__u32 *hash;
	size_t hash_size;
};

/* A DWARF line row, placed in a range */
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

/* A function symbol, placed in a range */
struct func {
	__u32 off;
	__u32 range;
	__u32 size;
};

/* A two-level block index, see struct lineinfo_group */
struct index {
	struct lineinfo_group *groups;
	struct lineinfo_block *deltas;
	__u32 nr_groups;
	__u32 nr_blocks;
	unsigned int shift;	/* log2 of the blocks per group */
};

/* --inline: the records of a range and their encoding (inline.c) */
struct inline_range {
	struct inl *inl;	/* records of depth >= 1 */
	__u32 nr_inl;
	struct lineinfo_inline_range ihdr;
	__u32 *iblocks;		/* pairs of absolute (offset, bit) */
	struct index iindex;
	__u8 *ibits;
	size_t ibits_size;
	bool *ifirst;		/* records that start an inline block */
};

/* --params: the functions with parameters of a range, sorted, and their encoding */
struct params_range {
	struct inl *fn;
	__u32 nr_fn;
	struct lineinfo_param_range phdr;
	struct lineinfo_group *pfuncs;
	__u32 *piblocks;
	__u8 *pbits;
	size_t pbits_size;
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
	__u32 nr_moved;		/* function entries moved back to the symbol */
	bool duplicate;		/* another section has the same name */
	/* encoded */
	struct lineinfo_range hdr;
	__u8 *bits;
	size_t bits_size;
	__u32 *blocks;		/* pairs of absolute (offset, bit) */
	struct index index;
	void *fast;
	__u32 nr_fast;
	struct inline_range chains;	/* --inline */
	struct params_range params;	/* --params */
};

/* The fields of one inline record as coded (see kallsyms_lineinfo.h). */
enum {
	IF_DEPTH, IF_LO, IF_LEN, IF_REP, IF_NAME, IF_FILE, IF_LINE, IF_SAME, IF_CALL,
	IF_END, IF_CHILD, IF_HIT, NR_IF
};

/* Bytes of each part of the inline chains of a blob, for --stats */
struct inline_stats {
	__u64 records, names, name_index, blocks, bits, calls, call_index, tokens;
	__u64 plain_names;
	__u64 field_bits[NR_IF];	/* of the record streams, by field */
	__u32 total;
};

/* --inline, per blob: local name ids, calls in lists (inline.c) */
struct inline_blob {
	__u32 *name_map;	/* blob-local name ids by name_tab id */
	__u32 *name_of_local;	/* name_tab ids by local id */
	__u32 nr_names;
	struct call *calls;	/* the calls made inside inlined functions */
	__u32 nr_calls;
	struct inline_stats stats;
};

/* The fields of the parameter stream; PF_EG0 and PF_BITS have no order */
enum {
	PF_FSTART, PF_FLEN, PF_SIG, PF_PIDX, PF_PSTART, PF_PLEN, NR_PF,
	PF_EG0 = NR_PF, PF_BITS, PF_MARK_FUNC, PF_MARK_INL
};

/* Bytes of each part of the parameter locations of a blob, for --stats */
struct param_stats {
	__u64 sigs, sig_index, funcs, iblocks, bits, funcs_nr, pieces_scopes;
	__u64 field_bits[NR_PF + 2];	/* of the streams, by field */
	__u32 total;
};

/* --params, per blob: local signature ids (params.c) */
struct params_blob {
	__u32 *sig_map;		/* blob-local signature ids by sig_tab id */
	__u32 *sig_of_local;	/* and back */
	__u32 nr_sigs;
	struct param_stats stats;
};

struct blob {
	const char *path;
	struct range *ranges[MAX_RANGES];
	unsigned int nr_ranges;
	bool all_text;
	/* blob-local file ids, by global id; 0 if unused */
	__u32 *file_map;
	__u32 *file_of_local;	/* global id, by local id */
	__u32 nr_files;
	struct inline_blob chains;	/* --inline */
	struct params_blob params;	/* --params */
};

/* The command line, parsed and checked once (main.c) */
struct gen_opts {
	const char *input;
	const char *prefixes[MAX_PREFIXES];
	unsigned int nr_prefixes;
	unsigned int block_shift;
	__u32 max_files;	/* file ids, including 0 */
	bool stats;		/* --stats */
	bool skip_no_dwarf;	/* --skip-no-dwarf */
	bool dump_inline;	/* --dump-inline */
	bool dump_params;	/* --dump-params */
	bool inline_chains;	/* --inline: write the inline chains */
	bool params;		/* --params: and the parameter locations */
};

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
	__u32 seq;		/* the order found, the last key of sorting */
};

/* --inline (and the DIE walk of --dump-*): state across CUs (inline.c) */
struct inline_ctx {
	struct strtab name_tab;
	struct inl *inls;
	size_t nr_inls, inls_alloc;
	char *token_str[LINEINFO_MAX_TOKENS];
	__u32 *pair_count;	/* make_tokens(), by pair of bytes */
};

/* --params (and --dump-params): state across CUs and blobs (params.c) */
struct params_ctx {
	struct strtab sig_tab;	/* "name:type," name_tab ids */
	struct pset *psets;
	size_t nr_psets, psets_alloc;
	struct piece *pieces;
	size_t nr_pieces, pieces_alloc;
	__u32 *sig_first, *sig_ids;	/* the parameters of each signature */
	struct piece *piece_buf;
	unsigned long long skipped, unreadable, overlapping;
};

struct gen_ctx {
	struct gen_opts opt;
	struct blob blobs[MAX_BLOBS];
	unsigned int nr_blobs;
	struct range *all_ranges[MAX_BLOBS * MAX_RANGES];
	unsigned int nr_all_ranges;
	/* the input */
	Dwfl *dwfl;
	Elf *elf;
	GElf_Ehdr ehdr;
	bool big_endian;	/* the target's byte order, from EI_DATA */
	char cu_name[80];	/* cu_name()'s printable copy */
	/* function symbols, sorted by range and offset in build_entries() */
	struct func *funcs;
	size_t nr_funcs, funcs_alloc;
	__u64 rows_4g;		/* rows placed back from 4 GiB too high */
	/* line rows of every CU, then entries per range */
	struct strtab file_tab;	/* normalised paths */
	struct row *rows;
	size_t nr_rows, rows_alloc;
	__u64 skipped_far, skipped_line;
	struct inline_ctx chains;	/* --inline */
	struct params_ctx params;	/* --params */
};

/* What the DIE walk of one CU needs */
struct cu_walk {
	struct gen_ctx *ctx;
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	Dwarf_Die *cu;
	Dwarf_Files *files;
	size_t nr_files;
	const char *comp_dir;
	__u32 *map;		/* global file ids by CU file index, as in row_file() */
};

struct bitbuf {
	__u8 *p;
	size_t bits;
	size_t alloc;
};

/* A blob being laid out, in the target's byte order (write.c) */
struct out {
	struct gen_ctx *ctx;
	__u8 *p;
	size_t size;
	bool big_endian;
};

/*
 * A field of a format struct, as out_put_struct() writes it: @size bytes
 * at @off, words of @width (1, 2 or 4) bytes.  The table of a struct must
 * list its fields in order and cover all its bytes, which is checked.
 */
struct out_field {
	unsigned short off, size, width;
};

#define OUT_U8(type, m)		{ offsetof(type, m), 1, 1 }
#define OUT_U16(type, m)	{ offsetof(type, m), 2, 2 }
#define OUT_U32(type, m)	{ offsetof(type, m), 4, 4 }
#define OUT_SPAN(type, m)	{ offsetof(type, m), 8, 4 }	/* struct lineinfo_span */
#define OUT_BYTES(type, m, n)	{ offsetof(type, m), n, 1 }

struct layout {
	const char *name;
	size_t size;
	const struct out_field *fields;
	unsigned int nr_fields;
};

/* util.c */
void __printf(2, 3) __noreturn fatal(const struct gen_ctx *ctx, const char *fmt, ...);
void __printf(2, 3) warn(const struct gen_ctx *ctx, const char *fmt, ...);
void *xrealloc(void *p, size_t size);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
char *clean_path(const char *path);
void strtab_init(struct strtab *t);
__u32 strtab_intern(struct strtab *t, char *s);
__u32 intern_file(struct gen_ctx *ctx, const char *comp_dir, const char *raw);

/* dwarf.c */
struct range *new_range(struct gen_ctx *ctx, struct blob *b, const char *name);
bool read_rows(struct gen_ctx *ctx);
bool place(struct gen_ctx *ctx, Dwfl_Module *mod, Dwarf_Addr bias, Dwarf_Addr addr,
	   __u32 *range, __u64 *off);
const char *cu_name(struct gen_ctx *ctx, Dwarf_Die *cu);

/* lines.c */
void build_entries(struct gen_ctx *ctx);
void drop_empty_ranges(struct gen_ctx *ctx, struct blob *b);
void assign_files(struct gen_ctx *ctx, struct blob *b);
void encode_lines(struct gen_ctx *ctx, struct blob *b, struct range *r);
void encode_index(struct index *x, const __u32 *pairs, __u32 n);
void put_bits(struct bitbuf *b, __u64 v, unsigned int n);
void put_eg(struct bitbuf *b, __u64 v, unsigned int k);
unsigned int eg_cost(__u64 v, unsigned int k);
unsigned int best_k(const __u64 *hist);
__u32 zigzag(int64_t d);
void sort_ids_by_count(__u32 *ids, __u32 n, const __u64 *count, const struct strtab *t);

/* write.c */
__u32 out_add(struct out *o, const void *bytes, size_t n, size_t align);
__u32 out_add_words(struct out *o, const void *v, size_t n, unsigned int width,
		    size_t align);
void out_put_struct(struct out *o, __u32 at, const void *s, const struct layout *l);
__u32 out_add_structs(struct out *o, const void *s, size_t n, const struct layout *l,
		      size_t align);
struct out out_new(struct gen_ctx *ctx);
__u32 out_add_groups(struct out *o, const struct lineinfo_group *g, size_t n);
void write_index(struct out *o, const struct index *x, struct lineinfo_span *groups,
		 struct lineinfo_span *blocks);
void write_blob(struct gen_ctx *ctx, struct blob *b);

/* inline.c: --inline, and the DIE walk that --dump-inline and --params use */
void inline_init(struct gen_ctx *ctx);
void inline_walk_cu(struct cu_walk *w);
void inline_prepare(struct gen_ctx *ctx);
void inline_count_files(const struct blob *b, __u64 *count);
void inline_assign(struct gen_ctx *ctx, struct blob *b);
void inline_encode(struct gen_ctx *ctx, struct blob *b, struct range *r);
void inline_write(struct gen_ctx *ctx, struct blob *b, struct out *o,
		  struct lineinfo_header *h);
void inline_print_stats(const struct blob *b);
char *xstrdup_name(const char *s);

/* params.c: --params and --dump-params */
void params_init(struct gen_ctx *ctx);
__u32 params_of_scope(struct cu_walk *w, Dwarf_Die *scope);
void params_dump_scope(struct cu_walk *w, Dwarf_Die *scope, __u32 depth, __u32 ps);
void params_keep_function(struct range *r, const struct inl *x);
void params_report(struct gen_ctx *ctx);
void params_prepare(struct gen_ctx *ctx);
void params_count_names(struct gen_ctx *ctx, struct blob *b, __u64 *names);
void params_assign(struct gen_ctx *ctx, struct blob *b);
void params_encode(struct gen_ctx *ctx, struct blob *b, struct range *r);
void params_write(struct gen_ctx *ctx, struct blob *b, struct out *o,
		  struct lineinfo_header *h);
void params_print_stats(const struct blob *b);
void params_report_end(struct gen_ctx *ctx);

#endif /* GEN_LINEINFO_H */
