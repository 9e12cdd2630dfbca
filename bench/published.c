// SPDX-License-Identifier: GPL-2.0
/*
 * published - compare a gen_lineinfo blob with a model of the published
 * (LEB128) line table format, on the very same entries.
 *
 * Usage: published BLOB SECTION NR_LOOKUPS SEED
 *
 * 1. Walks every block of the blob with the kernel decoder's own block
 *    decoder (the lib/lineinfo/ files are included below, so this is the
 *    code the kernel runs) and collects the (offset, file, line) entries.
 * 2. Encodes them in the published format: blocks of 64 entries, a u32
 *    start offset and a u32 data offset per block, and per entry a ULEB128
 *    address delta, SLEB128 file id delta and SLEB128 line delta; the first
 *    entry of a block is absolute (address delta 0 from the block start,
 *    absolute file id and line).  Gaps (file 0) keep the previous line, the
 *    cheapest choice for that format.  File ids, file offsets and file name
 *    bytes are the same as ours.
 * 3. Looks up the same NR_LOOKUPS seeded random offsets with both decoders,
 *    in batches timed with clock_gettime(), and checks that both decoders
 *    return the same file:line for every one of them.
 *
 * Prints "name: value" lines.
 */
#include <stdlib.h>

/* The kernel decoder, built from the kernel source file. */
#include "../overlay/lib/lineinfo/lines.c"
#include "../overlay/lib/lineinfo/inline.c"
#include "../overlay/lib/lineinfo/params.c"
#include "../overlay/lib/lineinfo/check.c"
#include "blobfile.h"
#include "timing.h"

typedef int64_t s64;

#define PUB_BLOCK	64
#define BATCH		32	/* lookups per timed batch */

struct entry {
	u32 off;
	u32 file;
	u32 line;
};

/* The published format, in memory. */
struct pub {
	u32 nr_entries;
	u32 nr_blocks;
	u32 text_size;
	u32 *blk_off;		/* start offset of each block */
	u32 *blk_data;		/* byte position of each block in @data */
	u8 *data;
	size_t data_size;
	/* shared with our blob: file id -> name */
	const char *strings;
	const u32 *files;
	u32 nr_files;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	return p;
}

/*
 * Decode every entry of range @ri with the kernel's block decoder.  The
 * entries gen_lineinfo repeats to cover holes (same location as the entry
 * before) are dropped, which leaves the merged line-table entries.
 */
static struct entry *walk_blob(const void *blob, int ri, u32 *nr)
{
	const struct lineinfo_range *r = &lineinfo_ranges(blob)[ri];
	struct lineinfo_bits b = {
		.p = lineinfo_at(blob, r->bits.off),
		.end = (r->bits.size - 8) * 8,
	};
	struct entry *e = xmalloc(sizeof(*e) * (r->nr_entries + 1));
	struct lineinfo_state s;
	u32 i, n, k = 0, left = r->nr_entries, start;

	for (i = 0; i < r->nr_blocks; i++) {
		n = min(left, 1U << r->block_shift);
		left -= n;
		start = lineinfo_block_start(blob, r, i, &b.pos);
		if (!lineinfo_entry_first(&b, r, &s, start))
			goto bad;
		while (true) {
			if (!k || e[k - 1].file != s.file || e[k - 1].line != s.line)
				e[k++] = (struct entry){ s.offset, s.file, s.line };
			if (!--n)
				break;
			if (!lineinfo_entry_next(&b, r, &s))
				goto bad;
		}
	}
	*nr = k;
	return e;
bad:
	fprintf(stderr, "published: cannot decode block %u\n", i);
	exit(1);
}

static void put_uleb(u8 *p, size_t *pos, u64 v)
{
	do {
		u8 c = v & 0x7f;

		v >>= 7;
		p[(*pos)++] = c | (v ? 0x80 : 0);
	} while (v);
}

static void put_sleb(u8 *p, size_t *pos, s64 v)
{
	bool more;

	do {
		u8 c = v & 0x7f;

		v >>= 7;	/* arithmetic shift */
		more = !((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40)));
		p[(*pos)++] = c | (more ? 0x80 : 0);
	} while (more);
}

static inline u64 get_uleb(const u8 **pp)
{
	const u8 *p = *pp;
	u64 v = 0;
	unsigned int shift = 0;
	u8 c;

	do {
		c = *p++;
		v |= (u64)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	*pp = p;
	return v;
}

static inline s64 get_sleb(const u8 **pp)
{
	const u8 *p = *pp;
	u64 v = 0;
	unsigned int shift = 0;
	u8 c;

	do {
		c = *p++;
		v |= (u64)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	if (shift < 64 && (c & 0x40))
		v |= ~0ULL << shift;
	*pp = p;
	return (s64)v;
}

static void pub_encode(struct pub *p, const struct entry *e, u32 n)
{
	u32 i, file = 0, line = 0, off = 0;
	size_t pos = 0;

	p->nr_entries = n;
	p->nr_blocks = (n + PUB_BLOCK - 1) / PUB_BLOCK;
	p->blk_off = xmalloc(sizeof(u32) * (p->nr_blocks + 1));
	p->blk_data = xmalloc(sizeof(u32) * (p->nr_blocks + 1));
	p->data = xmalloc((size_t)n * 3 * 10 + 16);
	for (i = 0; i < n; i++) {
		if (!(i % PUB_BLOCK)) {
			p->blk_off[i / PUB_BLOCK] = e[i].off;
			p->blk_data[i / PUB_BLOCK] = pos;
			off = e[i].off;
			file = 0;
			line = 0;
		}
		put_uleb(p->data, &pos, e[i].off - off);
		put_sleb(p->data, &pos, (s64)e[i].file - file);
		/* a gap keeps the previous line: delta 0, one byte */
		if (e[i].file) {
			put_sleb(p->data, &pos, (s64)e[i].line - line);
			line = e[i].line;
		} else {
			put_sleb(p->data, &pos, 0);
		}
		off = e[i].off;
		file = e[i].file;
	}
	p->data_size = pos;
}

/* bsearch over the block start offsets, then a linear decode of one block */
static noinline bool pub_find(const struct pub *p, u32 offset,
			      struct lineinfo_loc *loc)
{
	u32 lo = 0, hi = p->nr_blocks, mid, n, off, file, line;
	const u8 *d;

	if (offset >= p->text_size || !p->nr_blocks || p->blk_off[0] > offset)
		return false;
	/* last block with blk_off <= offset */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (p->blk_off[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	d = p->data + p->blk_data[lo];
	n = min(p->nr_entries - lo * PUB_BLOCK, (u32)PUB_BLOCK);
	off = p->blk_off[lo] + get_uleb(&d);
	file = get_sleb(&d);
	line = get_sleb(&d);
	while (--n) {
		const u8 *q = d;
		u32 noff = off + get_uleb(&q);

		if (noff > offset)
			break;
		off = noff;
		file += get_sleb(&q);
		line += get_sleb(&q);
		d = q;
	}
	if (!file || file >= p->nr_files)
		return false;
	loc->file = p->strings + p->files[file];
	loc->line = line;
	return true;
}

static noinline bool our_find(const void *blob, int range,
			      u32 offset, struct lineinfo_loc *loc)
{
	return lineinfo_blob_find(blob, range, offset, loc);
}

int main(int argc, char **argv)
{
	const struct lineinfo_header *h;
	struct lineinfo_loc a, b;
	struct pub p = { 0 };
	struct entry *e;
	u32 nr, i, j, k, nr_look, nr_batch, mism = 0, annotated = 0;
	u64 seed, t0, t1, t2, sink = 0;
	size_t size = 0, pub_total;
	double *t_our, *t_pub, overhead;
	void *blob = NULL;
	u32 *addr;
	int range;

	if (argc != 5) {
		fprintf(stderr, "usage: published BLOB SECTION NR_LOOKUPS SEED\n");
		return 2;
	}
	blob = read_blob(argv[1], &size);
	if (!blob) {
		perror(argv[1]);
		return 2;
	}
	if (lineinfo_blob_check(blob, size, true)) {
		fprintf(stderr, "published: %s fails the full check\n", argv[1]);
		return 1;
	}
	range = lineinfo_blob_range(blob, argv[2]);
	if (range < 0) {
		fprintf(stderr, "published: no range %s\n", argv[2]);
		return 1;
	}
	h = blob;
	e = walk_blob(blob, range, &nr);

	p.text_size = lineinfo_ranges(blob)[range].text_size;
	p.strings = lineinfo_at(blob, h->strings.off);
	p.files = lineinfo_at(blob, h->files.off);
	p.nr_files = h->nr_files;
	pub_encode(&p, e, nr);

	/* Every entry must decode back; a cheap exhaustive check of pub_find. */
	for (i = 0; i < nr; i++) {
		bool ok = pub_find(&p, e[i].off, &a);

		if (ok != !!e[i].file ||
		    (ok && (a.line != e[i].line || a.file != p.strings + p.files[e[i].file]))) {
			fprintf(stderr, "published: entry %u at 0x%x decodes wrong\n", i, e[i].off);
			return 1;
		}
	}

	/* header: nr_entries, nr_blocks, nr_files, text_size */
	pub_total = 16 + (size_t)p.nr_blocks * 8 + p.data_size +
		    h->files.size + h->strings.size;
	printf("walked entries: %u\n", nr);
	printf("published bytes header: 16\n");
	printf("published bytes file table: %u\n", h->files.size);
	printf("published bytes file names: %u\n", h->strings.size);
	printf("published bytes block index: %zu\n", (size_t)p.nr_blocks * 8);
	printf("published bytes entry stream: %zu\n", p.data_size);
	printf("published bytes total: %zu\n", pub_total);
	printf("published bytes per entry: %.3f\n", (double)pub_total / nr);
	printf("ours bytes total (blob): %u\n", h->blob_size);
	printf("ours/published size: %.3f\n", (double)h->blob_size / pub_total);

	/* Lookups: the same seeded random offsets for both decoders. */
	nr_look = strtoul(argv[3], NULL, 0);
	seed = strtoull(argv[4], NULL, 0) | 1;
	nr_batch = nr_look / BATCH;
	nr_look = nr_batch * BATCH;
	addr = xmalloc(sizeof(*addr) * nr_look);
	for (i = 0; i < nr_look; i++)
		addr[i] = xorshift(&seed) % p.text_size;

	/* Same answer for every address? (also warms the caches) */
	for (i = 0; i < nr_look; i++) {
		bool x = our_find(blob, range, addr[i], &a);
		bool y = pub_find(&p, addr[i], &b);

		annotated += x;
		if (x != y || (x && (a.file != b.file || a.line != b.line))) {
			if (mism < 5)
				fprintf(stderr, "published: mismatch at 0x%x: ours %s:%u, published %s:%u\n",
					addr[i], x ? a.file : "??", x ? a.line : 0,
					y ? b.file : "??", y ? b.line : 0);
			mism++;
		}
	}

	/* Timing overhead of an empty batch. */
	t_our = xmalloc(sizeof(double) * nr_batch);
	t_pub = xmalloc(sizeof(double) * nr_batch);
	for (i = 0; i < nr_batch; i++) {
		t0 = now_ns();
		t1 = now_ns();
		t_our[i] = t1 - t0;
	}
	overhead = pct(t_our, nr_batch, 0.5);

	/* Alternate which decoder goes first, so neither gets warmer caches. */
	for (i = 0; i < nr_batch; i++) {
		const u32 *ad = addr + (size_t)i * BATCH;
		bool pub_first = i & 1;

		for (k = 0; k < 2; k++) {
			t0 = now_ns();
			if (pub_first == !k)
				for (j = 0; j < BATCH; j++)
					sink += pub_find(&p, ad[j], &b) + b.line;
			else
				for (j = 0; j < BATCH; j++)
					sink += our_find(blob, range, ad[j], &a) + a.line;
			t1 = now_ns();
			t2 = t1 - t0;
			if (pub_first == !k)
				t_pub[i] = ((double)t2 - overhead) / BATCH;
			else
				t_our[i] = ((double)t2 - overhead) / BATCH;
		}
	}
	printf("lookups: %u (batches of %u, timer overhead %.0f ns/batch subtracted)\n",
	       nr_look, BATCH, overhead);
	printf("lookups annotated: %u\n", annotated);
	printf("lookup mismatches ours vs published: %u\n", mism);
	{
		double om = pct(t_our, nr_batch, 0.5), o99 = pct(t_our, nr_batch, 0.99);
		double pm = pct(t_pub, nr_batch, 0.5), p99 = pct(t_pub, nr_batch, 0.99);

		printf("lookup ours median ns: %.1f\n", om);
		printf("lookup ours p99 ns: %.1f\n", o99);
		printf("lookup published median ns: %.1f\n", pm);
		printf("lookup published p99 ns: %.1f\n", p99);
		printf("lookup median ours/published: %.3f\n", om / pm);
		printf("lookup p99 ours/published: %.3f\n", o99 / p99);
	}
	if (sink == 42)
		fputc(' ', stderr);
	return mism ? 1 : 0;
}
