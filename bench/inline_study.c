// SPDX-License-Identifier: GPL-2.0
/*
 * inline_study - what context pays for coding inline chains (issue 11)
 *
 * Usage: inline_study ELF
 *
 * Reads the line tables and every DW_TAG_inlined_subroutine of ELF's .text
 * with libdw and prints, before any format is designed:
 *  - the input: inline ranges, distinct inlined DIEs, nesting, names;
 *  - how often a range's bounds fall on a line-table entry boundary (an
 *    entry is a run of addresses with one file:line, as gen_lineinfo merges
 *    them), and how often its call site is the location of the entry just
 *    before it or just after it;
 *  - sizes of a few codings, field by field, each the sum over ranges of
 *    Exp-Golomb lengths with the best order, or an order-0 entropy bound.
 * The figures choose the design; nothing here is used by the kernel.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <search.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>

struct row { uint64_t addr; uint32_t file; uint32_t line; };
struct irange {
	uint64_t lo, hi;
	uint32_t name, file, line;	/* callee name id, call file id, call line */
	uint32_t die;			/* DIE number: ranges of one DIE share it */
	uint16_t depth;
};

static struct row *rows;
static size_t nrows, crows;
static struct irange *rng;
static size_t nrng, crng;
static uint64_t text_lo, text_hi;
static uint32_t ndies, maxdepth;

/* string interning (file names and callee names share one table) */
static void *strtree;
static uint32_t nstr;
static uint64_t name_bytes;
static uint32_t *name_count;	/* per string id: uses as a callee name */
struct str { const char *s; uint32_t id; bool is_name; };

static int strcmp_node(const void *a, const void *b)
{
	return strcmp(((const struct str *)a)->s, ((const struct str *)b)->s);
}

static uint32_t intern(const char *s, bool is_name)
{
	struct str key = { .s = s }, **found, *n;

	found = tfind(&key, &strtree, strcmp_node);
	if (found) {
		n = *found;
	} else {
		n = malloc(sizeof(*n));
		n->s = strdup(s);
		n->id = nstr++;
		n->is_name = false;
		tsearch(n, &strtree, strcmp_node);
		name_count = realloc(name_count, nstr * sizeof(*name_count));
		name_count[n->id] = 0;
	}
	if (is_name) {
		if (!n->is_name)
			name_bytes += strlen(s) + 1;
		n->is_name = true;
		name_count[n->id]++;
	}
	return n->id;
}

static void add_row(uint64_t addr, uint32_t file, uint32_t line)
{
	if (nrows == crows) {
		crows = crows ? 2 * crows : 1 << 20;
		rows = realloc(rows, crows * sizeof(*rows));
	}
	rows[nrows++] = (struct row){ addr, file, line };
}

static void walk(Dwarf_Die *die, Dwarf_Files *files, size_t nfiles, unsigned int depth)
{
	Dwarf_Die child;

	if (dwarf_child(die, &child))
		return;
	do {
		int tag = dwarf_tag(&child);
		unsigned int d = depth;

		if (tag == DW_TAG_inlined_subroutine) {
			Dwarf_Attribute a;
			Dwarf_Word cf = 0, cl = 0;
			Dwarf_Addr base, lo, hi;
			const char *name = dwarf_diename(&child);
			const char *file = NULL;
			ptrdiff_t off = 0;
			uint32_t nid, fid;

			if (dwarf_attr(&child, DW_AT_call_file, &a))
				dwarf_formudata(&a, &cf);
			if (dwarf_attr(&child, DW_AT_call_line, &a))
				dwarf_formudata(&a, &cl);
			if (files && cf < nfiles)
				file = dwarf_filesrc(files, cf, NULL, NULL);
			nid = intern(name ? name : "?", true);
			fid = intern(file ? file : "?", false);
			d = depth + 1;
			if (d > maxdepth)
				maxdepth = d;
			while ((off = dwarf_ranges(&child, off, &base, &lo, &hi)) > 0) {
				if (lo < text_lo || hi > text_hi || lo >= hi)
					continue;
				if (nrng == crng) {
					crng = crng ? 2 * crng : 1 << 18;
					rng = realloc(rng, crng * sizeof(*rng));
				}
				rng[nrng++] = (struct irange){ lo, hi, nid, fid, (uint32_t)cl,
							       ndies, (uint16_t)d };
			}
			ndies++;
		}
		if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine ||
		    tag == DW_TAG_lexical_block)
			walk(&child, files, nfiles, d);
	} while (!dwarf_siblingof(&child, &child));
}

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int rng_cmp(const void *a, const void *b)
{
	const struct irange *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->depth - y->depth;
}

/* bits of an order-k Exp-Golomb code of v */
static unsigned int eg_bits(uint64_t v, unsigned int k)
{
	uint64_t x = (v >> k) + 1;
	unsigned int n = 0;

	while (x >> n)
		n++;
	return 2 * n - 1 + k;
}

/* best order for a set of values, and the total bits */
static uint64_t eg_best(const uint64_t *v, size_t n, unsigned int *kbest)
{
	uint64_t best = UINT64_MAX;
	unsigned int k;

	for (k = 0; k < 24; k++) {
		uint64_t sum = 0;
		size_t i;

		for (i = 0; i < n; i++)
			sum += eg_bits(v[i], k);
		if (sum < best) {
			best = sum;
			*kbest = k;
		}
	}
	return best;
}

static uint64_t zigzag(int64_t v)
{
	return v < 0 ? ((uint64_t)-v << 1) - 1 : (uint64_t)v << 1;
}

/* the merged entry containing addr: index into entries (starts), or -1 */
static bool *near_hit;
static uint64_t *estart;
static uint32_t *efile, *eline;
static size_t nent;

static ssize_t entry_at(uint64_t addr)
{
	size_t lo = 0, hi = nent;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (estart[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ssize_t)lo - 1;
}

static void report(const char *what, uint64_t bits)
{
	printf("  %-58s %10.0f bytes\n", what, bits / 8.0);
}

int main(int argc, char **argv)
{
	Dwarf_Off off = 0, next;
	size_t hsize, i, n;
	uint64_t *v;
	unsigned int k;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	Dwarf *dw;
	Elf *elf;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: inline_study ELF\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	dw = dwarf_begin(fd, DWARF_C_READ);
	if (!dw) {
		fprintf(stderr, "inline_study: %s: %s\n", argv[1], dwarf_errmsg(-1));
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
		fprintf(stderr, "inline_study: %s: no .text\n", argv[1]);
		return 1;
	}

	while (!dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL)) {
		Dwarf_Die cu;
		Dwarf_Lines *lines;
		Dwarf_Files *files = NULL;
		size_t nlines, nfiles = 0;

		if (dwarf_offdie(dw, off + hsize, &cu)) {
			if (!dwarf_getsrclines(&cu, &lines, &nlines)) {
				for (i = 0; i < nlines; i++) {
					Dwarf_Line *l = dwarf_onesrcline(lines, i);
					Dwarf_Addr addr;
					bool end = false;
					int line = 0;
					const char *src;

					dwarf_lineaddr(l, &addr);
					dwarf_lineno(l, &line);
					dwarf_lineendsequence(l, &end);
					src = dwarf_linesrc(l, NULL, NULL);
					if (addr < text_lo || addr >= text_hi)
						continue;
					add_row(addr, end ? UINT32_MAX : intern(src ? src : "?", false),
						end ? 0 : (uint32_t)line);
				}
			}
			dwarf_getsrcfiles(&cu, &files, &nfiles);
			walk(&cu, files, nfiles, 0);
		}
		off = next;
	}

	/* merged entries: a new one where the location changes */
	qsort(rows, nrows, sizeof(*rows), row_cmp);
	estart = malloc(nrows * sizeof(*estart));
	efile = malloc(nrows * sizeof(*efile));
	eline = malloc(nrows * sizeof(*eline));
	for (i = 0; i < nrows; i++) {
		/* the last row of an address wins */
		if (i + 1 < nrows && rows[i + 1].addr == rows[i].addr)
			continue;
		if (nent && efile[nent - 1] == rows[i].file && eline[nent - 1] == rows[i].line)
			continue;
		estart[nent] = rows[i].addr;
		efile[nent] = rows[i].file;
		eline[nent] = rows[i].line;
		nent++;
	}
	qsort(rng, nrng, sizeof(*rng), rng_cmp);

	{
		uint64_t lo_on = 0, hi_on = 0, cs_before = 0, cs_after = 0, cs_either = 0;
		uint64_t distinct = 0, nnames = 0, hbits;
		double ent = 0;

		for (i = 0; i < nrng; i++) {
			ssize_t e = entry_at(rng[i].lo), b = entry_at(rng[i].lo - 1);
			ssize_t h = entry_at(rng[i].hi);
			bool before, after;

			if (e >= 0 && estart[e] == rng[i].lo)
				lo_on++;
			if (h >= 0 && estart[h] == rng[i].hi)
				hi_on++;
			before = b >= 0 && efile[b] == rng[i].file && eline[b] == rng[i].line;
			after = h >= 0 && efile[h] == rng[i].file && eline[h] == rng[i].line;
			cs_before += before;
			cs_after += after;
			cs_either += before || after;
			if (!i || rng[i].lo != rng[i - 1].lo || rng[i].hi != rng[i - 1].hi)
				distinct++;
		}
		for (i = 0; i < nstr; i++) {
			if (name_count[i]) {
				double p = (double)name_count[i] / ndies;

				nnames++;
				ent -= name_count[i] * log2(p);
			}
		}
		printf("inline_study: %s\n", argv[1]);
		printf("input: .text %" PRIu64 " bytes, %zu line rows, %zu merged entries\n",
		       text_hi - text_lo, nrows, nent);
		printf("input: %zu inline ranges in .text (%" PRIu64 " distinct bounds), %u inlined DIEs,"
		       " nesting up to %u\n", nrng, distinct, ndies, maxdepth);
		printf("input: %" PRIu64 " distinct callee names, %" PRIu64 " bytes of names\n",
		       nnames, name_bytes);
		printf("context: range start on an entry boundary  %5.1f%%\n", 100.0 * lo_on / nrng);
		printf("context: range end on an entry boundary    %5.1f%%\n", 100.0 * hi_on / nrng);
		printf("context: call site = entry before the range %5.1f%%\n", 100.0 * cs_before / nrng);
		printf("context: call site = entry after the range  %5.1f%%\n", 100.0 * cs_after / nrng);
		printf("context: call site = either                 %5.1f%%\n", 100.0 * cs_either / nrng);

		v = malloc(nrng * sizeof(*v));
		near_hit = calloc(nrng, sizeof(*near_hit));
		printf("sizes, field by field over all ranges:\n");
		/* bounds in bytes: start delta from the previous start, length */
		for (i = 0; i < nrng; i++)
			v[i] = i ? rng[i].lo - rng[i - 1].lo : 0;
		hbits = eg_best(v, nrng, &k);
		report("start, byte delta from the previous start (EG)", hbits);
		for (i = 0; i < nrng; i++)
			v[i] = rng[i].hi - rng[i].lo;
		report("length in bytes (EG)", eg_best(v, nrng, &k));
		/* bounds in entries, where they fall on boundaries */
		for (n = 0, i = 0; i < nrng; i++) {
			ssize_t a = entry_at(rng[i].lo), p = i ? entry_at(rng[i - 1].lo) : 0;

			v[n++] = (uint64_t)(a - p);
		}
		report("start, entry delta from the previous start (EG)", eg_best(v, n, &k));
		for (n = 0, i = 0; i < nrng; i++)
			v[n++] = (uint64_t)(entry_at(rng[i].hi - 1) - entry_at(rng[i].lo));
		report("length in entries - 1 (EG)", eg_best(v, n, &k));
		report("one flag per bound: on a boundary or not", 2 * nrng);
		/* call sites */
		for (i = 0; i < nrng; i++)
			v[i] = zigzag((int64_t)rng[i].line - (int64_t)(i ? rng[i - 1].line : 0));
		report("call line, delta from the previous range's (EG)", eg_best(v, nrng, &k));
		for (n = 0, i = 0; i < nrng; i++) {
			ssize_t b = entry_at(rng[i].lo - 1);

			v[n++] = zigzag((int64_t)rng[i].line - (int64_t)(b >= 0 ? eline[b] : 0));
		}
		report("call line, delta from the entry before (EG)", eg_best(v, n, &k));
		report("call site: 2-bit choice before/after/explicit", 2 * nrng);
		/*
		 * The call site among the nearby entries: the distance (in
		 * entries, outwards from the range, before and after
		 * interleaved) to the first entry with the call site's file and
		 * line, within WIN entries; 0 codes "not there".
		 */
		{
			const ssize_t WIN = 256;
			uint64_t hits = 0, miss_bits = 0;

			for (n = 0, i = 0; i < nrng; i++) {
				ssize_t b = entry_at(rng[i].lo - 1), a = entry_at(rng[i].hi), d;
				uint64_t code = 0;

				for (d = 0; d < WIN && !code; d++) {
					if (b - d >= 0 && efile[b - d] == rng[i].file &&
					    eline[b - d] == rng[i].line)
						code = 2 * d + 1;
					else if (a + d < (ssize_t)nent && efile[a + d] == rng[i].file &&
						 eline[a + d] == rng[i].line)
						code = 2 * d + 2;
				}
				hits += code != 0;
				near_hit[i] = code != 0;
				if (!code) {
					ssize_t e = b >= 0 ? b : 0;

					/* explicit: line delta from the entry before */
					miss_bits += eg_bits(zigzag((int64_t)rng[i].line -
								    (int64_t)eline[e]), 9);
					miss_bits += efile[e] == rng[i].file ? 1 : 17;
				}
				v[n++] = code;
			}
			printf("context: call site among the %zd entries on each side %5.1f%%\n",
			       WIN, 100.0 * hits / nrng);
			report("call site: nearby entry distance, 0 = explicit (EG)", eg_best(v, n, &k));
			report("call site: explicit line and file of the misses", miss_bits);
		}
		/*
		 * Rows that the "last row per address" rule drops: GCC puts the
		 * caller's row at the address where the inlined code starts,
		 * before the callee's (location views).
		 */
		{
			uint64_t at_lo = 0;

			for (i = 0; i < nrng; i++) {
				size_t lo = 0, hi = nrows;

				while (lo < hi) {
					size_t mid = (lo + hi) / 2;

					if (rows[mid].addr < rng[i].lo)
						lo = mid + 1;
					else
						hi = mid;
				}
				for (; lo < nrows && rows[lo].addr == rng[i].lo; lo++) {
					if (rows[lo].file == rng[i].file && rows[lo].line == rng[i].line) {
						at_lo++;
						near_hit[i] = true;
						break;
					}
				}
			}
			printf("context: call site = a row at the range start %5.1f%%\n",
			       100.0 * at_lo / nrng);
			for (n = 0, i = 0; i < nrng; i++)
				n += near_hit[i];
			printf("context: call site = a row at the start or a nearby entry %5.1f%%\n",
			       100.0 * n / nrng);
		}
		report("callee name, order-0 entropy per DIE", (uint64_t)ent);
		report("names table (NUL-terminated strings)", name_bytes * 8);
		report("depth, 4 bits per range", 4 * nrng);
	}
	dwarf_end(dw);
	close(fd);
	return 0;
}
