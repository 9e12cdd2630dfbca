// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_blob - libFuzzer target for the kernel's lineinfo blob decoder
 *
 * Built from the decoder sources themselves, which it includes so that the
 * static entry readers can be compared (see tests/fuzz/run.sh for flags):
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *	$DECODER_CFLAGS -Itests/lib tests/fuzz/fuzz_blob.c
 *
 * Each input is copied into a fresh 8-byte aligned buffer of exactly its
 * size, so ASan reports any read past the end of the blob.  Invariants that
 * the memory-safety checkers cannot see are checked here and abort() when
 * violated:
 *
 *  - quick check passed: every found loc.file points inside the blob and is
 *    NUL-terminated inside it, loc.line <= LINEINFO_MAX_LINE (see
 *    LINEINFO_QUICK_LINE below), lookups at or
 *    beyond text_size fail, range names are NUL-terminated inside the blob;
 *  - full check passed: all of the above, plus every loc.file is one of the
 *    blob's file-table strings and loc.line <= LINEINFO_MAX_LINE;
 *  - a blob that passes the full check passes the quick check;
 *  - the one-load entry reader (lineinfo_entry_fast) and the field-by-field
 *    one (lineinfo_entry_slow) agree wherever the fast one succeeds: on every
 *    entry of a quick-checked blob, and at every bit position of the input
 *    read as a raw stream.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>
#include <linux/types.h>
#include "../../overlay/lib/lineinfo/lines.c"
#include "../../overlay/lib/lineinfo/inline.c"
#include "../../overlay/lib/lineinfo/params.c"
#include "../../overlay/lib/lineinfo/check.c"

/*
 * The quick check only makes lookups memory safe: it does not decode the
 * entries, so a corrupted stream could yield any line number unless the
 * lookup itself bounds it.  We require loc.line <= LINEINFO_MAX_LINE after
 * the quick check too (the kernel prints whatever the lookup returns);
 * -DLINEINFO_QUICK_LINE=0 relaxes that to the full check only.
 */
#ifndef LINEINFO_QUICK_LINE
#define LINEINFO_QUICK_LINE 0
#endif

#define fail(...)							\
	do {								\
		fprintf(stderr, "fuzz_blob: invariant violated: " __VA_ARGS__); \
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

struct ctx {
	const uint8_t *blob;
	size_t size;
	bool full;
	const uint32_t *files;	/* file table, full mode only */
	uint32_t nr_files;
	uint8_t *is_file;	/* bitmap over strings: a file-table string starts here */
	const char *strings;
	uint32_t strings_size;
};

static void check_str(const struct ctx *c, const char *s, const char *what)
{
	const uint8_t *p = (const uint8_t *)s;

	if (p < c->blob || p >= c->blob + c->size)
		fail("%s %p outside the blob [%p, +%zu)", what, (void *)p,
		     (void *)c->blob, c->size);
	if (!memchr(p, 0, c->blob + c->size - p))
		fail("%s not NUL-terminated inside the blob", what);
}

static void check_loc(const struct ctx *c, const struct lineinfo_loc *loc)
{
	size_t i;

	check_str(c, loc->file, "loc.file");
	if ((c->full || LINEINFO_QUICK_LINE) && loc->line > LINEINFO_MAX_LINE)
		fail("loc.line %u > LINEINFO_MAX_LINE", loc->line);
	if (!c->full)
		return;
	i = loc->file - c->strings;
	if (loc->file >= c->strings && i < c->strings_size &&
	    (c->is_file[i / 8] & (1 << (i % 8))))
		return;
	fail("loc.file at blob offset %td is not a file-table string",
	     (const uint8_t *)loc->file - c->blob);
}

/* The inline chain at @off: only inside the range, names and files in the blob. */
static void lookup_inline(const struct ctx *c, unsigned int range, uint32_t text_size,
			  unsigned long off)
{
	struct lineinfo_call calls[4];
	struct lineinfo_loc loc;
	char name[64];
	unsigned int n, i;
	int len;

	memset(calls, 0, sizeof(calls));
	n = lineinfo_blob_inline(c->blob, range, off, calls, 4);
	if (!n)
		return;
	if (off >= text_size)
		fail("inline lookup at offset %#lx >= text_size %#x succeeded", off, text_size);
	if (n > LINEINFO_MAX_DEPTH)
		fail("inline chain of depth %u > %d", n, LINEINFO_MAX_DEPTH);
	for (i = 0; i < n && i < 4; i++) {
		/* names expand inside the blob's tokens; after the full check, always */
		len = lineinfo_call_name(&calls[i], name, sizeof(name));
		if (len >= (int)sizeof(name) || strlen(name) != (size_t)(len < 0 ? 2 : len))
			fail("inlined function name of length %d, buffer holds %zu", len,
			     strlen(name));
		if (c->full && len < 0)
			fail("inlined function name %u does not expand after the full check",
			     calls[i].name);
		if (!calls[i].file)
			continue;
		loc.file = calls[i].file;
		loc.line = calls[i].line;
		check_loc(c, &loc);
	}
}

struct args_ctx {
	const struct ctx *c;
	unsigned long off;
	uint32_t text_size;
	unsigned int scopes;
};

/* Each scope of the parameters at an offset: bounded, names in the blob. */
static void check_args(void *p, const struct lineinfo_args *a)
{
	struct args_ctx *x = p;
	char name[64];
	unsigned int i;
	int len;

	if (x->off >= x->text_size)
		fail("parameters at offset %#lx >= text_size %#x", x->off, x->text_size);
	if (++x->scopes > LINEINFO_MAX_DEPTH + 1 || a->depth > LINEINFO_MAX_DEPTH)
		fail("parameters of %u scopes, one of depth %u", x->scopes, a->depth);
	if (a->nr_args > LINEINFO_MAX_PARAMS)
		fail("a scope of %u parameters", a->nr_args);
	for (i = 0; i < a->nr_args && i < LINEINFO_MAX_ARGS; i++) {
		if (a->reg[i] < -1 || a->reg[i] >= LINEINFO_NR_REGS)
			fail("parameter %u in register %d", i, a->reg[i]);
		len = lineinfo_name(a->blob, a->arg_type[i], name, sizeof(name));
		if (len >= (int)sizeof(name) || strlen(name) != (size_t)(len < 0 ? 2 : len))
			fail("type name of length %d, buffer holds %zu", len, strlen(name));
		if (x->c->full && (len < 0 || lineinfo_name(a->blob, a->arg_name[i], name,
							    sizeof(name)) < 0))
			fail("parameter %u name or type does not expand after the full check", i);
	}
}

static void lookup(const struct ctx *c, unsigned int range, uint32_t text_size,
		   unsigned long off)
{
	struct args_ctx x = { c, off, text_size, 0 };

	struct lineinfo_loc loc;
	bool found;

	lookup_inline(c, range, text_size, off);
	lineinfo_blob_args(c->blob, range, off, check_args, &x);
	memset(&loc, 0, sizeof(loc));
	found = lineinfo_blob_find(c->blob, range, off, &loc);
	if (!found)
		return;
	if (off >= text_size)
		fail("lookup at offset %#lx >= text_size %#x succeeded", off, text_size);
	check_loc(c, &loc);
}

/*
 * The fast reader may decline (it then consumes nothing), but when it
 * accepts an entry the slow reader must accept the same bits with the same
 * fields and the same length.
 */
static void compare_readers(const struct lineinfo_bits *b,
			    const struct lineinfo_range *r,
			    const struct lineinfo_state *s)
{
	struct lineinfo_bits bf = *b, bs = *b;
	struct lineinfo_fields ff, fs;

	memset(&ff, 0, sizeof(ff));
	memset(&fs, 0, sizeof(fs));
	if (!lineinfo_entry_fast(&bf, r, s, &ff)) {
		if (bf.pos != b->pos)
			fail("fast reader declined at bit %u but consumed %u bits",
			     b->pos, bf.pos - b->pos);
		return;
	}
	if (!lineinfo_entry_slow(&bs, r, s, &fs))
		fail("bit %u: fast reader accepted an entry the slow one rejects", b->pos);
	if (bf.pos != bs.pos || ff.delta != fs.delta || ff.op != fs.op ||
	    (ff.op == LINEINFO_CACHE && ff.file != fs.file) ||
	    (lineinfo_op_file(s, &ff) && ff.line != fs.line))
		fail("bit %u: fast/slow readers differ: end %u/%u delta %u/%u op %u/%u file %u/%u line %u/%u",
		     b->pos, bf.pos, bs.pos, ff.delta, fs.delta, ff.op, fs.op,
		     ff.file, fs.file, ff.line, fs.line);
}

/* Every entry of every block of a blob that passed the quick check. */
static void compare_blob_readers(const uint8_t *blob)
{
	const struct lineinfo_range *ranges = lineinfo_ranges(blob);
	u32 i, j, n, left, offset;

	for (i = 0; i < lineinfo_nr_ranges(blob); i++) {
		const struct lineinfo_range *r = &ranges[i];
		struct lineinfo_bits b = {
			.p = lineinfo_at(blob, r->bits.off),
			.end = (r->bits.size - 8) * 8,
		};
		struct lineinfo_state s;

		left = r->nr_entries;
		for (j = 0; j < r->nr_blocks; j++) {
			n = min(left, 1U << r->block_shift);
			left -= n;
			offset = lineinfo_block_start(blob, r, j, &b.pos);
			if (!lineinfo_entry_first(&b, r, &s, offset))
				continue;
			while (--n) {
				compare_readers(&b, r, &s);
				if (!lineinfo_entry_next(&b, r, &s))
					break;
			}
		}
	}
}

/* The input as a raw bit stream, with orders and file cache taken from it. */
static void compare_raw_readers(const uint8_t *data, size_t size)
{
	struct lineinfo_range r = { 0 };
	struct lineinfo_state s = { 0 };
	struct lineinfo_bits b;
	uint8_t *stream;
	size_t i;

	if (size < 8)
		return;
	r.k_addr = data[0] % (LINEINFO_MAX_K + 1);
	r.k_file = data[1] % (LINEINFO_MAX_K + 1);
	r.k_line = data[2] % (LINEINFO_MAX_K + 1);
	s.file = data[3] & 3;
	for (i = 0; i < LINEINFO_CACHE - 1; i++)
		s.cfile[i] = (data[4] >> (2 * i)) & 3;
	size -= 8;
	stream = calloc(size + 8, 1);
	if (!stream)
		abort();
	memcpy(stream, data + 8, size);
	b.p = stream;
	b.end = size * 8;
	for (b.pos = 0; b.pos < b.end && b.pos < 4096; b.pos++)
		compare_readers(&b, &r, &s);
	free(stream);
}

static void run(const struct ctx *c, const uint8_t *data, size_t size)
{
	const char *name;
	uint32_t text_size, i;
	unsigned int range;
	unsigned long off, step;
	struct lineinfo_loc loc;
	char buf[64];

	for (range = 0;; range++) {
		text_size = 0xdeadbeef;
		name = lineinfo_blob_range_name(c->blob, range, &text_size);
		if (!name)
			break;
		if (range > (1u << 20))
			fail("more than 2^20 ranges");
		check_str(c, name, "range name");
		if (lineinfo_blob_range(c->blob, name) > (int)range)
			fail("lineinfo_blob_range(%s) after range %u", name, range);

		/* Edges */
		lookup(c, range, text_size, 0);
		lookup(c, range, text_size, 1);
		if (text_size) {
			lookup(c, range, text_size, text_size - 1);
			lookup(c, range, text_size, text_size / 2);
		}
		/* Beyond the range: must fail */
		lookup(c, range, text_size, text_size);
		lookup(c, range, text_size, (unsigned long)text_size + 1);
		lookup(c, range, text_size, 0xffffffffUL);
		lookup(c, range, text_size, ~0UL);
		lookup(c, range, text_size, ~0UL >> 1);

		/* Strided: at most ~128 lookups per range */
		step = text_size / 127 + 1;
		for (off = 0; off < text_size; off += step)
			lookup(c, range, text_size, off);
		/* Every offset of a small range */
		if (text_size <= 64)
			for (off = 0; off < text_size; off++)
				lookup(c, range, text_size, off);

		/* Offsets derived from the input: 32-bit words of it */
		for (i = 0; i + 4 <= size && i < 32 * 4; i += 4) {
			uint32_t v;

			memcpy(&v, data + i, 4);
			lookup(c, range, text_size, v);
			if (text_size)
				lookup(c, range, text_size, v % text_size);
		}
		/* Block start offsets near their boundaries */
		if (size >= 8)
			lookup(c, range, text_size, data[size - 1] | data[size - 2] << 8);
	}
	/* Out-of-range range indexes must fail cleanly */
	if (lineinfo_blob_find(c->blob, range, 0, &loc) ||
	    lineinfo_blob_find(c->blob, ~0u, 0, &loc))
		fail("lookup in nonexistent range %u succeeded", range);
	/* a range found by name has that name (the fuzzer may create it) */
	{
		static const char name[] = "\x01no such range";
		int r = lineinfo_blob_range(c->blob, name);
		u32 sz;

		if (r >= 0 && strcmp(lineinfo_blob_range_name(c->blob, r, &sz), name))
			fail("lineinfo_blob_range() found range %d, named otherwise", r);
	}

	/* lineinfo_format: bounded output */
	loc.file = c->strings ? c->strings : "x";
	loc.line = size;
	if (c->full && c->nr_files > 1)
		loc.file = c->strings + c->files[1];
	for (i = 0; i < sizeof(buf); i += 7) {
		int n;

		memset(buf, 0x5a, sizeof(buf));
		n = lineinfo_format(buf, i, &loc);
		if (n < 0 || (i && (unsigned int)n >= i) || (!i && n))
			fail("lineinfo_format(%u) returned %d", i, n);
		if (n && buf[n])
			fail("lineinfo_format(%u) not NUL-terminated", i);
		if (!i && buf[0] != 0x5a)
			fail("lineinfo_format(0) wrote");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct lineinfo_header *h;
	struct ctx c = { 0 };
	int quick, full;
	uint8_t *blob;

	/*
	 * A fresh buffer of exactly @size bytes (malloc is 16-byte aligned), so
	 * ASan catches any read past the end of the blob.
	 */
	blob = malloc(size ? size : 1);
	if (!blob || ((uintptr_t)blob & 7))
		abort();
	memcpy(blob, data, size);
	c.blob = blob;
	c.size = size;

	compare_raw_readers(data, size);

	quick = lineinfo_blob_check(blob, size, false);
	if (quick != 0 && quick != -EINVAL && quick != -ENOENT && quick != -ENOEXEC)
		fail("quick check returned %d", quick);
	if (!quick) {
		compare_blob_readers(blob);
		h = (const void *)blob;
		c.strings = (const char *)blob + h->strings.off;
		c.strings_size = h->strings.size;
	}

	/*
	 * Full check.  A blob that passes it gets the stricter invariants; one
	 * that passes only the quick check gets the quick-check ones.
	 */
	full = lineinfo_blob_check(blob, size, true);
	if (full != 0 && full != -EINVAL && full != -ENOENT && full != -ENOEXEC)
		fail("full check returned %d", full);
	if (!full && quick)
		fail("full check passed but quick check failed (%d)", quick);
	if (!full) {
		uint32_t i;

		h = (const void *)blob;
		c.full = true;
		c.files = (const uint32_t *)(blob + h->files.off);
		c.nr_files = h->nr_files;
		c.is_file = calloc(c.strings_size / 8 + 1, 1);
		if (!c.is_file)
			abort();
		for (i = 1; i < c.nr_files; i++) {
			if (c.files[i] >= c.strings_size)
				fail("full check passed with file %u at %u >= strings size %u",
				     i, c.files[i], c.strings_size);
			c.is_file[c.files[i] / 8] |= 1 << (c.files[i] % 8);
		}
		run(&c, data, size);
		free(c.is_file);
	} else if (!quick) {
		run(&c, data, size);
	}

	/* A different size must never crash either: one byte shorter */
	if (size > 1 && !quick) {
		int r = lineinfo_blob_check(blob, size - 1, true);

		if (r == 0 && ((const struct lineinfo_header *)blob)->blob_size > size - 1)
			fail("full check accepted blob_size > size");
	}

	free(blob);
	return 0;
}
