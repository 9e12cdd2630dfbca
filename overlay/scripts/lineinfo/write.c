// SPDX-License-Identifier: GPL-2.0
/*
 * gen_lineinfo, stage "lay out, check, write": place the encoded parts of
 * a blob one after another (struct lineinfo_header points at each), in the
 * byte order of the target, which is that of the input ELF file; check the
 * blob with the kernel's own decoder; write it; print its --stats.
 *
 * Every multi-byte value reaches the blob through put16()/put32(), which
 * write the target's order whatever the host's: format structs through a
 * table of their fields (struct layout), which must cover every byte of
 * the struct, so that a field added to the format and not to its table
 * fails every run instead of going out in the host's order.
 */

#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gen_lineinfo.h"

static void put16(const struct out *o, size_t at, __u16 v)
{
	__u8 *p = o->p + at;

	if (o->big_endian) {
		p[0] = v >> 8;
		p[1] = v;
	} else {
		p[0] = v;
		p[1] = v >> 8;
	}
}

static void put32(const struct out *o, size_t at, __u32 v)
{
	__u8 *p = o->p + at;
	unsigned int i;

	for (i = 0; i < 4; i++)
		p[o->big_endian ? 3 - i : i] = v >> (8 * i);
}

/* Write @n host-order words of @width bytes from @v at @at. */
static void put_words(const struct out *o, size_t at, const void *v, size_t n,
		      unsigned int width)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const __u8 *src = (const __u8 *)v + i * width;
		__u16 v16;
		__u32 v32;

		switch (width) {
		case 1:
			o->p[at + i] = *src;
			break;
		case 2:
			memcpy(&v16, src, 2);
			put16(o, at + 2 * i, v16);
			break;
		case 4:
			memcpy(&v32, src, 4);
			put32(o, at + 4 * i, v32);
			break;
		default:
			fatal(o->ctx, "internal error: a field of %u bytes", width);
		}
	}
}

/*
 * Append @n bytes at the next multiple of @align, zeros between, and
 * return their offset.  @bytes NULL: zeros, to be written later.
 */
__u32 out_add(struct out *o, const void *bytes, size_t n, size_t align)
{
	size_t off = (o->size + align - 1) & ~(align - 1);

	if (off + n > 0xffffffffU)
		fatal(o->ctx, "blob larger than 4 GiB");
	o->p = xrealloc(o->p, off + n);
	memset(o->p + o->size, 0, off - o->size);
	if (bytes && n)
		memcpy(o->p + off, bytes, n);
	else if (n)
		memset(o->p + off, 0, n);
	o->size = off + n;
	return (__u32)off;
}

/* Append an array of @n words of @width bytes, in the target's order. */
__u32 out_add_words(struct out *o, const void *v, size_t n, unsigned int width, size_t align)
{
	__u32 at = out_add(o, NULL, n * width, align);

	put_words(o, at, v, n, width);
	return at;
}

/* A blob, or a part of one, for the target of @ctx */
struct out out_new(struct gen_ctx *ctx)
{
	return (struct out){ .ctx = ctx, .big_endian = ctx->big_endian };
}

/* Write the format struct @s, host order, at @at in the target's order. */
void out_put_struct(struct out *o, __u32 at, const void *s, const struct layout *l)
{
	size_t pos = 0;
	unsigned int i;

	for (i = 0; i < l->nr_fields; i++) {
		const struct out_field *f = &l->fields[i];

		if (f->off != pos || f->size % f->width)
			break;
		put_words(o, at + f->off, (const __u8 *)s + f->off, f->size / f->width, f->width);
		pos += f->size;
	}
	if (i < l->nr_fields || pos != l->size)
		fatal(o->ctx, "internal error: the fields of %s do not cover it at byte %zu",
		      l->name, pos);
}

/* Append @n format structs of the layout @l. */
__u32 out_add_structs(struct out *o, const void *s, size_t n, const struct layout *l,
		      size_t align)
{
	__u32 at = out_add(o, NULL, n * l->size, align);
	size_t i;

	for (i = 0; i < n; i++)
		out_put_struct(o, at + i * l->size, (const __u8 *)s + i * l->size, l);
	return at;
}

static const struct out_field header_fields[] = {
	OUT_U32(struct lineinfo_header, magic),
	OUT_U16(struct lineinfo_header, version),
	OUT_U16(struct lineinfo_header, hdr_size),
	OUT_U32(struct lineinfo_header, blob_size),
	OUT_U32(struct lineinfo_header, nr_files),
	OUT_SPAN(struct lineinfo_header, ranges),
	OUT_SPAN(struct lineinfo_header, files),
	OUT_SPAN(struct lineinfo_header, strings),
	OUT_SPAN(struct lineinfo_header, inlines),
	OUT_SPAN(struct lineinfo_header, params),
};

static const struct out_field range_fields[] = {
	OUT_U32(struct lineinfo_range, name),
	OUT_U32(struct lineinfo_range, text_size),
	OUT_U32(struct lineinfo_range, nr_entries),
	OUT_U32(struct lineinfo_range, nr_blocks),
	OUT_SPAN(struct lineinfo_range, groups),
	OUT_SPAN(struct lineinfo_range, blocks),
	OUT_SPAN(struct lineinfo_range, fast),
	OUT_SPAN(struct lineinfo_range, bits),
	OUT_U8(struct lineinfo_range, block_shift),
	OUT_U8(struct lineinfo_range, group_shift),
	OUT_U8(struct lineinfo_range, fast_shift),
	OUT_U8(struct lineinfo_range, fast_wide),
	OUT_U8(struct lineinfo_range, k_addr),
	OUT_U8(struct lineinfo_range, k_file),
	OUT_U8(struct lineinfo_range, k_line),
	OUT_U8(struct lineinfo_range, pad),
};

static const struct out_field group_fields[] = {
	OUT_U32(struct lineinfo_group, offset),
	OUT_U32(struct lineinfo_group, bit),
};

static const struct out_field block_fields[] = {
	OUT_U16(struct lineinfo_block, offset),
	OUT_U16(struct lineinfo_block, bit),
};

static const struct layout header_layout = {
	.name = "struct lineinfo_header",
	.size = sizeof(struct lineinfo_header),
	.fields = header_fields,
	.nr_fields = ARRAY_SIZE(header_fields),
};

static const struct layout range_layout = {
	.name = "struct lineinfo_range",
	.size = sizeof(struct lineinfo_range),
	.fields = range_fields,
	.nr_fields = ARRAY_SIZE(range_fields),
};

static const struct layout group_layout = {
	.name = "struct lineinfo_group",
	.size = sizeof(struct lineinfo_group),
	.fields = group_fields,
	.nr_fields = ARRAY_SIZE(group_fields),
};

static const struct layout block_layout = {
	.name = "struct lineinfo_block",
	.size = sizeof(struct lineinfo_block),
	.fields = block_fields,
	.nr_fields = ARRAY_SIZE(block_fields),
};

/* Append @n index groups (absolute offset and bit, see struct lineinfo_group) */
__u32 out_add_groups(struct out *o, const struct lineinfo_group *g, size_t n)
{
	return out_add_structs(o, g, n, &group_layout, 4);
}

/* Append an index to @o, setting @groups and @blocks. */
void write_index(struct out *o, const struct index *x, struct lineinfo_span *groups,
		 struct lineinfo_span *blocks)
{
	groups->size = x->nr_groups * sizeof(*x->groups);
	groups->off = out_add_groups(o, x->groups, x->nr_groups);
	blocks->size = x->nr_blocks * sizeof(*x->deltas);
	blocks->off = out_add_structs(o, x->deltas, x->nr_blocks, &block_layout, 4);
}

/* The line tables of the ranges of @b, after the header and the file names */
static void write_lines(struct out *o, struct blob *b, struct lineinfo_header *h)
{
	__u32 i;

	for (i = 0; i < b->nr_ranges; i++) {
		struct range *r = b->ranges[i];
		unsigned int width = r->hdr.fast_wide ? 4 : 2;

		write_index(o, &r->index, &r->hdr.groups, &r->hdr.blocks);
		r->hdr.fast.size = r->nr_fast * width;
		r->hdr.fast.off = out_add_words(o, r->fast, r->nr_fast, width, 4);
		r->hdr.bits.size = r->bits_size;
		r->hdr.bits.off = out_add(o, r->bits, r->bits_size, 1);
		out_put_struct(o, h->ranges.off + i * sizeof(r->hdr), &r->hdr, &range_layout);
	}
}

static void print_stats(const struct gen_ctx *ctx, const struct blob *b,
			const struct lineinfo_header *h, size_t size)
{
	unsigned long long entries = 0, fillers = 0, moved = 0, blocks = 0, fast = 0, bits = 0;
	unsigned int i;

	for (i = 0; i < b->nr_ranges; i++) {
		const struct range *r = b->ranges[i];

		printf("%s: range %s: entries %u, text %u bytes, k %u/%u/%u, %s %u\n",
		       b->path, r->name, r->nr_entries - r->nr_fillers, r->hdr.text_size,
		       r->hdr.k_addr, r->hdr.k_file, r->hdr.k_line,
		       "blocks per group", 1U << r->hdr.group_shift);
		entries += r->nr_entries - r->nr_fillers;
		fillers += r->nr_fillers;
		moved += r->nr_moved;
		blocks += r->hdr.groups.size + r->hdr.blocks.size;
		fast += r->hdr.fast.size;
		bits += r->hdr.bits.size;
	}
	printf("%s: entries: %llu\n", b->path, entries);
	printf("%s: hole filler entries: %llu\n", b->path, fillers);
	printf("%s: function entries moved to the symbol: %llu\n", b->path, moved);
	printf("%s: line rows of the input placed back from 4 GiB too high: %llu\n", b->path,
	       (unsigned long long)ctx->rows_4g);
	printf("%s: files: %u\n", b->path, b->nr_files - 1);
	printf("%s: bytes header+ranges: %zu\n", b->path,
	       sizeof(*h) + (size_t)h->ranges.size);
	printf("%s: bytes file table: %u\n", b->path, h->files.size);
	printf("%s: bytes file names: %u\n", b->path, h->strings.size);
	printf("%s: bytes block index: %llu\n", b->path, blocks);
	printf("%s: bytes fast index: %llu\n", b->path, fast);
	printf("%s: bytes entry stream: %llu\n", b->path, bits);
	/* hook: --inline */
	if (ctx->opt.inline_chains)
		inline_print_stats(b);
	/* hook: --params */
	if (ctx->opt.params)
		params_print_stats(b);
	printf("%s: bytes total: %zu\n", b->path, size);
	printf("%s: bytes per entry: %.3f\n", b->path,
	       entries ? (double)size / entries : 0.0);
}

/* Lay out the blob @b, check it, write it to its file. */
void write_blob(struct gen_ctx *ctx, struct blob *b)
{
	struct lineinfo_header h = { 0 };
	struct out o = out_new(ctx), strings = out_new(ctx);
	__u32 *file_off = xcalloc(b->nr_files, sizeof(__u32));
	bool host_order = ctx->big_endian == (__BYTE_ORDER == __BIG_ENDIAN);
	__u32 i;
	FILE *f;
	int err;

	out_add(&strings, "", 1, 1);
	for (i = 1; i < b->nr_files; i++) {
		const char *s = ctx->file_tab.str[b->file_of_local[i]];

		file_off[i] = out_add(&strings, s, strlen(s) + 1, 1);
	}
	for (i = 0; i < b->nr_ranges; i++)
		b->ranges[i]->hdr.name = out_add(&strings, b->ranges[i]->name,
						 strlen(b->ranges[i]->name) + 1, 1);

	/* headers are written once the offsets in them are known */
	out_add(&o, NULL, sizeof(h), 8);
	h.ranges.off = out_add(&o, NULL, 0, 8);
	h.ranges.size = b->nr_ranges * sizeof(struct lineinfo_range);
	out_add(&o, NULL, h.ranges.size, 8);
	h.files.size = b->nr_files * sizeof(__u32);
	h.files.off = out_add_words(&o, file_off, b->nr_files, sizeof(__u32), 4);
	h.strings.off = out_add(&o, strings.p, strings.size, 1);
	h.strings.size = strings.size;
	write_lines(&o, b, &h);
	/* hook: --inline */
	if (ctx->opt.inline_chains)
		inline_write(ctx, b, &o, &h);
	/* hook: --params */
	if (ctx->opt.params)
		params_write(ctx, b, &o, &h);
	out_add(&o, NULL, 0, 8);

	h.magic = LINEINFO_MAGIC;
	h.version = LINEINFO_VERSION;
	h.hdr_size = sizeof(h);
	h.blob_size = o.size;
	h.nr_files = b->nr_files;
	out_put_struct(&o, 0, &h, &header_layout);

	/*
	 * Check the blob with the kernel's own decoder, as fully as the kernel
	 * checks a module's table at load: a bug here fails the build, not a
	 * lookup in a crash report.  The decoder reads the host's byte order,
	 * so a blob for a target of the other one is left to the kernel.
	 */
	err = host_order ? lineinfo_blob_check(o.p, o.size, true) : 0;
	if (err)
		fatal(ctx,
		      "%s: the blob fails the decoder's full check (%s): a bug in gen_lineinfo",
		      b->path, strerror(-err));

	f = fopen(b->path, "wb");
	if (!f || fwrite(o.p, 1, o.size, f) != o.size || fclose(f))
		fatal(ctx, "cannot write %s: %s", b->path, strerror(errno));

	if (ctx->opt.stats)
		print_stats(ctx, b, &h, o.size);
	free(o.p);
	free(strings.p);
	free(file_off);
}
