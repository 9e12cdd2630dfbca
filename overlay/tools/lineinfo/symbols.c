// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo: the symbols of an image, from System.map, an ELF symbol table
 * or kallsyms's own tables in the image, with their sizes as kallsyms
 * computes them.
 */
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lineinfo.h"

int li_sym_add(struct li_symvec *sv, const char *name, unsigned long long addr, int sec)
{
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 4096;
		struct li_sym *v = realloc(sv->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = (struct li_sym){ .name = name, .addr = addr, .sec = sec };
	return 0;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct li_sym *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int cmp_name(const void *a, const void *b)
{
	const struct li_sym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->sec - y->sec;
}

/*
 * Sizes as kallsyms computes them: the distance to the next symbol at a
 * higher address (of the same section, for a module); the last one runs to
 * @end of its section, a lower bound for a module (@ends by section).
 */
void li_sym_sizes(struct li_symvec *sv, const unsigned long long *ends, size_t nr_ends)
{
	size_t i, j;

	qsort(sv->v, sv->n, sizeof(*sv->v), cmp_addr);
	for (i = 0; i < sv->n; i = j) {
		for (j = i + 1; j < sv->n && sv->v[j].sec == sv->v[i].sec &&
		     sv->v[j].addr == sv->v[i].addr; j++)
			;
		while (i < j) {
			struct li_sym *s = &sv->v[i++];

			if (j < sv->n && sv->v[j].sec == s->sec) {
				s->size = sv->v[j].addr - s->addr;
			} else {
				s->size_min = true;
				s->size = s->sec >= 0 && (size_t)s->sec < nr_ends &&
					  ends[s->sec] > s->addr ? ends[s->sec] - s->addr : 0;
			}
		}
	}
	qsort(sv->v, sv->n, sizeof(*sv->v), cmp_name);
}

/* Names that kallsyms leaves out, or that are no code symbols */
bool li_sym_ignored(const char *name)
{
	return !*name || name[0] == '$' || !strncmp(name, ".L", 2) ||
	       !strncmp(name, "__crc_", 6) || !strncmp(name, "__kstrtab", 9);
}

bool li_sym_get(const struct li_symvec *sv, const char *name, unsigned long long *addr)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i].name, name)) {
			*addr = sv->v[i].addr;
			return true;
		}
	return false;
}

/* The symbols of System.map ("address type name" per line) */
int li_read_map(const char *path, struct li_symvec *sv, char **store)
{
	struct li_buf b;
	char *line, *end;
	int err = li_read_file(path, &b);

	if (err) {
		li_err("%s: %s", path, strerror(-err));
		return err;
	}
	*store = (char *)b.p;
	if (b.size && b.p[b.size - 1] != '\n') {
		li_err("%s: not a System.map (no newline at its end)", path);
		return -EINVAL;
	}
	for (line = *store; line < *store + b.size; line = end + 1) {
		unsigned long long addr;
		char type, *name, *p;

		end = memchr(line, '\n', *store + b.size - line);
		*end = '\0';
		addr = strtoull(line, &p, 16);
		if (p == line || *p != ' ' || !p[1] || p[2] != ' ' || !p[3]) {
			li_err("%s: not a System.map line: '%.40s'", path, line);
			return -EINVAL;
		}
		type = p[1];
		name = p + 3;
		if (type == 'a' || type == 'A' || type == 'U' || type == 'N' ||
		    type == 'w' || type == 'v' || li_sym_ignored(name))
			continue;
		if (li_sym_add(sv, name, addr, 0))
			return -ENOMEM;
	}
	return 0;
}

/* The symbols of an ELF file's .symtab; @reloc: a module (section offsets) */
int li_read_symtab(const struct li_elf *e, struct li_symvec *sv, bool reloc, const char *path)
{
	const Elf64_Shdr *st = NULL, *str;
	const Elf64_Sym *sym;
	const char *names;
	size_t i, n;

	for (i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_type == SHT_SYMTAB)
			st = &e->sh[i];
	if (!st)
		return -ENOENT;
	if (st->sh_link >= e->shnum || st->sh_entsize != sizeof(*sym) ||
	    st->sh_offset % 8) {
		li_err("%s: bad ELF symbol table", path);
		return -EINVAL;
	}
	str = &e->sh[st->sh_link];
	names = (const char *)e->p + str->sh_offset;
	if (!str->sh_size || names[str->sh_size - 1]) {
		li_err("%s: bad ELF symbol names", path);
		return -EINVAL;
	}
	sym = (const void *)(e->p + st->sh_offset);
	n = st->sh_size / sizeof(*sym);
	for (i = 1; i < n; i++) {
		unsigned int type = ELF64_ST_TYPE(sym[i].st_info);
		const char *name;

		if (sym[i].st_name >= str->sh_size)
			continue;
		name = names + sym[i].st_name;
		if (sym[i].st_shndx == SHN_UNDEF || sym[i].st_shndx >= e->shnum ||
		    (type != STT_FUNC && type != STT_NOTYPE && type != STT_OBJECT) ||
		    !(e->sh[sym[i].st_shndx].sh_flags & SHF_ALLOC) || li_sym_ignored(name))
			continue;
		if (li_sym_add(sv, name, sym[i].st_value, reloc ? sym[i].st_shndx : 0))
			return -ENOMEM;
	}
	return 0;
}

/*
 * The symbols of an image without a symbol table (the vmlinux of a
 * bzImage), from kallsyms's own tables: struct kallsyms_locator, which
 * the kernel leaves in .rodata, says where they are.  They are exactly
 * the symbols the kernel names frames with, so the sizes come out as it
 * prints them.
 */
static const struct kallsyms_locator *find_locator(const struct li_elf *e)
{
	size_t i, off;

	for (i = 0; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];
		const unsigned char *p = e->p + s->sh_offset;

		if (s->sh_type != SHT_PROGBITS || !(s->sh_flags & SHF_ALLOC) ||
		    (s->sh_flags & SHF_EXECINSTR) || s->sh_offset % 8)
			continue;
		for (off = 0; off + sizeof(struct kallsyms_locator) <= s->sh_size; off += 8) {
			const struct kallsyms_locator *l = (const void *)(p + off);

			if (l->magic == KALLSYMS_LOCATOR_MAGIC)
				return l;
		}
	}
	return NULL;
}

int li_locator_syms(const struct li_elf *e, struct li_symvec *sv, char **store,
		    struct li_image *img, const char *path)
{
	const struct kallsyms_locator *l = find_locator(e);
	const unsigned char *names, *table;
	const __u32 *num, *offsets;
	const __u64 *base;
	const __u16 *index;
	size_t i, off = 0, names_size, table_size, used = 0, cap;
	char *buf;

	if (!l)
		return -ENOENT;
	if (l->version != KALLSYMS_LOCATOR_VERSION) {
		li_err("%s: kallsyms locator version %u, this tool reads %u", path, l->version,
		       KALLSYMS_LOCATOR_VERSION);
		return -EINVAL;
	}
	num = li_elf_bytes(e, l->num_syms, sizeof(*num));
	base = li_elf_bytes(e, l->relative_base, sizeof(*base));
	index = li_elf_bytes(e, l->token_index, 256 * sizeof(*index));
	/* the names and tokens run to the end of their section at most */
	names = li_elf_bytes(e, l->names, 1);
	table = li_elf_bytes(e, l->token_table, 1);
	offsets = NULL;
	if (num && *num < (1u << 24))
		offsets = li_elf_bytes(e, l->offsets, *num * sizeof(*offsets));
	if (!num || !base || !index || !names || !table || !offsets) {
		li_err("%s: the kallsyms locator points outside the image", path);
		return -EINVAL;
	}
	names_size = li_elf_avail(e, l->names);
	table_size = li_elf_avail(e, l->token_table);
	for (i = 0; i < 256; i++)
		if (index[i] >= table_size ||
		    !memchr(table + index[i], '\0', table_size - index[i])) {
			li_err("%s: bad kallsyms token table", path);
			return -EINVAL;
		}
	cap = (size_t)*num * 32;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < *num; i++) {
		size_t len, j, start = used;
		unsigned long long addr;
		bool first = true;

		if (off >= names_size)
			goto bad;
		len = names[off++];
		if (len & 0x80) {
			if (off >= names_size)
				goto bad;
			len = (len & 0x7f) | (names[off++] << 7);
		}
		if (len > names_size - off)
			goto bad;
		for (j = 0; j < len; j++) {
			const char *tok = (const char *)table + index[names[off + j]];

			for (; *tok; tok++) {
				if (first) {	/* the type */
					first = false;
					continue;
				}
				if (used + 2 > cap) {
					char *nb = realloc(buf, cap *= 2);

					if (!nb)
						goto nomem;
					buf = nb;
				}
				buf[used++] = *tok;
			}
		}
		off += len;
		buf[used++] = '\0';
		if (l->flags & KALLSYMS_LOCATOR_ABSOLUTE_PERCPU)
			addr = (__s32)offsets[i] >= 0 ? (unsigned long long)offsets[i] :
			       *base - 1 - (__s32)offsets[i];
		else
			addr = *base + offsets[i];
		/* names are stored by offset: the buffer may still move */
		if (li_sym_add(sv, (const char *)(uintptr_t)start, addr, 0))
			goto nomem;
	}
	for (i = 0; i < sv->n; i++)
		sv->v[i].name = buf + (uintptr_t)sv->v[i].name;
	*store = buf;
	img->stext = l->stext;
	img->etext = l->etext;
	img->sinittext = l->sinittext;
	img->einittext = l->einittext;
	return 0;
bad:
	li_err("%s: bad kallsyms names", path);
	free(buf);
	return -EINVAL;
nomem:
	free(buf);
	return -ENOMEM;
}
