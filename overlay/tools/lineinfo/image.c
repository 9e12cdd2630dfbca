// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo: the images a trace is decoded with.  vmlinux comes as an ELF
 * file or inside a bzImage, with its own symbol table or System.map; the
 * modules come from a modules directory, as .ko files or compressed.  Each
 * table gets the check that the kernel runs on a module's table at load
 * before it is used: a table that fails it is not used at all.
 */
#include <elf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/kernel.h>

#include "lineinfo.h"

extern char **environ;

/* A file in memory, 8-byte aligned (malloc), with its size */
struct li_buf {
	unsigned char *p;
	size_t size;
};

static int read_fd(int fd, struct li_buf *b)
{
	size_t cap = 1 << 20;
	ssize_t n;

	b->size = 0;
	b->p = malloc(cap);
	if (!b->p)
		return -ENOMEM;
	while ((n = read(fd, b->p + b->size, cap - b->size)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		b->size += n;
		if (b->size == cap) {
			unsigned char *q = realloc(b->p, cap *= 2);

			if (!q)
				return -ENOMEM;
			b->p = q;
		}
	}
	return 0;
}

static int read_file(const char *path, struct li_buf *b)
{
	int fd = open(path, O_RDONLY);
	int err;

	if (fd < 0)
		return -errno;
	err = read_fd(fd, b);
	close(fd);
	return err;
}

/*
 * Run a decompressor on @path and read what it writes.  Its exit status
 * is not used: a kernel payload has bytes after the stream (its size), which
 * some decompressors complain about; the caller checks what came out, as
 * scripts/extract-vmlinux does.
 */
static int read_filtered(const char *tool, const char *path, struct li_buf *b)
{
	char *const argv[] = { (char *)tool, "-dc", (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	int fds[2], err, status;
	pid_t pid;

	if (pipe(fds))
		return -errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	err = posix_spawnp(&pid, tool, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (err) {
		close(fds[0]);
		return -err;
	}
	err = read_fd(fds[0], b);
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (!err && !b->size)
		err = -ENOEXEC;
	return err;
}

/* The decompressor of a stream, by its magic */
static const char *decompressor(const unsigned char *p, size_t size)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *tool;
	} tab[] = {
		{ "\x1f\x8b", 2, "gzip" },
		{ "\xfd\x37\x7a\x58\x5a\x00", 6, "xz" },
		{ "\x28\xb5\x2f\xfd", 4, "zstd" },
		{ "\x02\x21\x4c\x18", 4, "lz4" },
		{ "BZh", 3, "bzip2" },
		{ "\x5d\0\0", 3, "lzma" },
		{ "\x89LZO", 4, "lzop" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tab); i++)
		if (size >= tab[i].len && !memcmp(p, tab[i].magic, tab[i].len))
			return tab[i].tool;
	return NULL;
}

/* Read @path; a compressed file (a .ko.xz, say) is read decompressed. */
static int read_any(const char *path, struct li_buf *b)
{
	const char *tool;
	int err = read_file(path, b);

	if (err)
		return err;
	tool = decompressor(b->p, b->size);
	if (!tool)
		return 0;
	free(b->p);
	return read_filtered(tool, path, b);
}

/*
 * The vmlinux inside a bzImage: the boot protocol's setup header gives the
 * compressed payload (payload_offset, payload_length), which x86 builds
 * from vmlinux with objcopy -S: an ELF file without its symbols.
 */
static int extract_bzimage(const char *path, struct li_buf *b)
{
	static const char tmpl[] = "/lineinfo-payload-XXXXXX";
	unsigned int setup_sects, off, len;
	char name[4096];
	const char *tool, *dir;
	int fd, err;

	if (b->size < 0x250 || memcmp(b->p + 0x202, "HdrS", 4))
		return -ENOEXEC;
	setup_sects = b->p[0x1f1] ? b->p[0x1f1] : 4;
	memcpy(&off, b->p + 0x248, 4);
	memcpy(&len, b->p + 0x24c, 4);
	off += (setup_sects + 1) * 512;
	if (!len || off > b->size || len > b->size - off)
		return -ENOEXEC;
	tool = decompressor(b->p + off, len);
	if (!tool) {
		li_err("%s: bzImage payload: unknown compression", path);
		return -ENOEXEC;
	}
	dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	if (snprintf(name, sizeof(name), "%s%s", dir, tmpl) >= (int)sizeof(name))
		return -ENAMETOOLONG;
	fd = mkstemp(name);
	if (fd < 0)
		return -errno;
	err = write(fd, b->p + off, len) == (ssize_t)len ? 0 : -EIO;
	close(fd);
	free(b->p);
	b->p = NULL;
	if (!err)
		err = read_filtered(tool, name, b);
	unlink(name);
	if (err == -ENOENT)
		li_err("%s: bzImage payload: '%s' is needed to decompress it", path, tool);
	return err;
}

/* An ELF file, checked: every header and section lies inside it. */
struct elf {
	const unsigned char *p;
	size_t size;
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	size_t shnum;
	const char *shstr;
	size_t shstr_size;
};

static int elf_open(struct elf *e, const struct li_buf *b, const char *path)
{
	const Elf64_Ehdr *eh = (const void *)b->p;
	size_t i;

	memset(e, 0, sizeof(*e));
	if (b->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return -ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB) {
		li_err("%s: only 64-bit little-endian ELF files are supported", path);
		return -EINVAL;
	}
	if (eh->e_shentsize != sizeof(Elf64_Shdr) || !eh->e_shnum ||
	    eh->e_shoff > b->size || eh->e_shoff % 8 ||
	    eh->e_shnum > (b->size - eh->e_shoff) / sizeof(Elf64_Shdr) ||
	    eh->e_shstrndx >= eh->e_shnum) {
		li_err("%s: bad ELF section headers", path);
		return -EINVAL;
	}
	e->p = b->p;
	e->size = b->size;
	e->eh = eh;
	e->sh = (const void *)(b->p + eh->e_shoff);
	e->shnum = eh->e_shnum;
	for (i = 0; i < e->shnum; i++)
		if (e->sh[i].sh_type != SHT_NOBITS &&
		    (e->sh[i].sh_offset > b->size ||
		     e->sh[i].sh_size > b->size - e->sh[i].sh_offset)) {
			li_err("%s: ELF section %zu lies outside the file", path, i);
			return -EINVAL;
		}
	e->shstr = (const char *)b->p + e->sh[eh->e_shstrndx].sh_offset;
	e->shstr_size = e->sh[eh->e_shstrndx].sh_size;
	if (!e->shstr_size || e->shstr[e->shstr_size - 1]) {
		li_err("%s: bad ELF section name table", path);
		return -EINVAL;
	}
	return 0;
}

static const char *elf_secname(const struct elf *e, size_t i)
{
	size_t n = e->sh[i].sh_name;

	return n < e->shstr_size ? e->shstr + n : "";
}

/* Copy @size bytes into an 8-byte aligned buffer, as the decoder needs. */
static int take_table(struct li_table *t, const void *p, size_t size)
{
	t->blob = malloc(size ? size : 1);
	if (!t->blob)
		return -ENOMEM;
	memcpy(t->blob, p, size);
	t->size = size;
	return 0;
}

static int sysfs_table(struct li_table *t, const char *path, const char *section);

static const char *errname(int err)
{
	switch (err) {
	case -ENOENT: return "empty";
	case -ENOEXEC: return "wrong byte order";
	case -E2BIG: return "too large";
	default: return "malformed";
	}
}

/* Collects symbols before they are sorted */
struct symvec {
	struct li_sym *v;
	size_t n, cap;
};

static int sym_add(struct symvec *sv, const char *name, unsigned long long addr, int sec)
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
static void sym_sizes(struct symvec *sv, const unsigned long long *ends, size_t nr_ends)
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
static bool sym_ignored(const char *name)
{
	return !*name || name[0] == '$' || !strncmp(name, ".L", 2) ||
	       !strncmp(name, "__crc_", 6) || !strncmp(name, "__kstrtab", 9);
}

static bool sym_get(const struct symvec *sv, const char *name, unsigned long long *addr)
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
static int read_map(const char *path, struct symvec *sv, char **store)
{
	struct li_buf b;
	char *line, *end;
	int err = read_file(path, &b);

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
		    type == 'w' || type == 'v' || sym_ignored(name))
			continue;
		if (sym_add(sv, name, addr, 0))
			return -ENOMEM;
	}
	return 0;
}

/* The symbols of an ELF file's .symtab; @reloc: a module (section offsets) */
static int read_symtab(const struct elf *e, struct symvec *sv, bool reloc, const char *path)
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
		    !(e->sh[sym[i].st_shndx].sh_flags & SHF_ALLOC) || sym_ignored(name))
			continue;
		if (sym_add(sv, name, sym[i].st_value, reloc ? sym[i].st_shndx : 0))
			return -ENOMEM;
	}
	return 0;
}

/* The bytes from link address @addr to the end of its section */
static size_t elf_avail(const struct elf *e, unsigned long long addr)
{
	size_t i;

	for (i = 0; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];

		if (s->sh_type != SHT_NOBITS && (s->sh_flags & SHF_ALLOC) &&
		    addr >= s->sh_addr && addr - s->sh_addr < s->sh_size)
			return s->sh_size - (addr - s->sh_addr);
	}
	return 0;
}

/* The file bytes of a link address range, if one section holds them all */
static const void *elf_bytes(const struct elf *e, unsigned long long addr, size_t size)
{
	size_t i;

	for (i = 0; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];

		if (s->sh_type == SHT_NOBITS || !(s->sh_flags & SHF_ALLOC) ||
		    addr < s->sh_addr || addr - s->sh_addr > s->sh_size ||
		    size > s->sh_size - (addr - s->sh_addr))
			continue;
		return e->p + s->sh_offset + (addr - s->sh_addr);
	}
	return NULL;
}

/*
 * The symbols of an image without a symbol table (the vmlinux of a
 * bzImage), from kallsyms's own tables: struct kallsyms_locator, which
 * the kernel leaves in .rodata, says where they are.  They are exactly
 * the symbols the kernel names frames with, so the sizes come out as it
 * prints them.
 */
static const struct kallsyms_locator *find_locator(const struct elf *e)
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

static int locator_syms(const struct elf *e, struct symvec *sv, char **store,
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
	num = elf_bytes(e, l->num_syms, sizeof(*num));
	base = elf_bytes(e, l->relative_base, sizeof(*base));
	index = elf_bytes(e, l->token_index, 256 * sizeof(*index));
	/* the names and tokens run to the end of their section at most */
	names = elf_bytes(e, l->names, 1);
	table = elf_bytes(e, l->token_table, 1);
	offsets = NULL;
	if (num && *num < (1u << 24))
		offsets = elf_bytes(e, l->offsets, *num * sizeof(*offsets));
	if (!num || !base || !index || !names || !table || !offsets) {
		li_err("%s: the kallsyms locator points outside the image", path);
		return -EINVAL;
	}
	names_size = elf_avail(e, l->names);
	table_size = elf_avail(e, l->token_table);
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
		if (sym_add(sv, (const char *)(uintptr_t)start, addr, 0))
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

/*
 * Without the symbols that bound a table (a bzImage's vmlinux has no
 * symbol table, and System.map is optional for it), find the table by its
 * magic in the sections: the one whose range is @section, checked in full.
 */
static const void *scan_table(const struct elf *e, const char *section, size_t *size)
{
	size_t i, off;

	for (i = 0; i < e->shnum; i++) {
		const Elf64_Shdr *s = &e->sh[i];
		const unsigned char *p = e->p + s->sh_offset;

		if (s->sh_type != SHT_PROGBITS || !(s->sh_flags & SHF_ALLOC) ||
		    (s->sh_flags & SHF_EXECINSTR) || s->sh_offset % 4)
			continue;
		for (off = 0; off + sizeof(struct lineinfo_header) <= s->sh_size; off += 4) {
			const struct lineinfo_header *h = (const void *)(p + off);
			struct li_table t;
			int ok;

			if (h->magic != LINEINFO_MAGIC || h->blob_size > s->sh_size - off)
				continue;
			if (take_table(&t, h, h->blob_size))
				return NULL;
			ok = !lineinfo_blob_check(t.blob, t.size, true) &&
			     lineinfo_blob_range(t.blob, section) >= 0;
			free(t.blob);
			if (ok) {
				*size = h->blob_size;
				return h;
			}
		}
	}
	return NULL;
}

/*
 * One vmlinux table, from the symbols that bound it, else by its magic.
 * Returns 0 with an empty table where the image has none (an init table
 * is empty in a build without init text lines, say).
 */
static int vmlinux_table(struct li_table *t, const struct elf *e, const struct symvec *sv,
			 const char *start, const char *end, const char *section,
			 const char *path)
{
	unsigned long long a, b;
	const void *p = NULL;
	size_t size = 0;
	int err;

	if (sym_get(sv, start, &a) && sym_get(sv, end, &b)) {
		p = b < a ? NULL : elf_bytes(e, a, b - a);
		if (!p) {
			li_err("%s: %s..%s is not in the image: a System.map of another build?",
			       path, start, end);
			return -EINVAL;
		}
		size = b - a;
	} else {
		p = scan_table(e, section, &size);
	}
	t->range = -1;
	if (!size)
		return 0;
	err = take_table(t, p, size);
	if (err)
		return err;
	err = lineinfo_blob_check(t->blob, t->size, true);
	if (!err) {
		t->range = lineinfo_blob_range(t->blob, section);
		err = t->range < 0 ? -EINVAL : 0;
	}
	if (err) {
		li_err("%s: the %s table is %s (%d): not used", path, section, errname(err), err);
		free(t->blob);
		t->blob = NULL;
		t->size = 0;
		t->range = -1;
	}
	return 0;
}

/* The tables saved from /sys/kernel/lineinfo: DIR/vmlinux, DIR/vmlinux.init */
static int saved_tables(struct li_image *img, const char *dir)
{
	char path[4096];
	int err;

	snprintf(path, sizeof(path), "%s/vmlinux", dir);
	err = sysfs_table(&img->text, path, ".text");
	if (err) {
		if (err != -EINVAL)
			li_err("%s: %s", path, strerror(-err));
		return err;
	}
	snprintf(path, sizeof(path), "%s/vmlinux.init", dir);
	err = sysfs_table(&img->init, path, ".init.text");
	return err == -ENOENT ? 0 : err;
}

/**
 * li_load_vmlinux - read vmlinux and its tables
 * @img: filled in
 * @path: vmlinux, or a bzImage/vmlinuz; NULL with @tables and @map
 * @map: System.map, or NULL to use the ELF symbol table
 * @tables: a directory of tables saved from /sys/kernel/lineinfo, used
 *	instead of those in the image; or NULL
 *
 * Return: 0, or a negative errno after a message.
 */
int li_load_vmlinux(struct li_image *img, const char *path, const char *map,
		    const char *tables)
{
	struct symvec sv = { 0 };
	struct li_buf b = { 0 };
	struct elf e;
	int err;

	memset(img, 0, sizeof(*img));
	img->path = strdup(path ? path : tables);
	img->source = tables ? "saved tables" : "vmlinux";
	if (path) {
		err = read_file(path, &b);
		if (err) {
			li_err("%s: %s", path, strerror(-err));
			return err;
		}
		if (b.size >= SELFMAG && memcmp(b.p, ELFMAG, SELFMAG)) {
			err = extract_bzimage(path, &b);
			if (err) {
				li_err("%s: neither an ELF file nor a bzImage holding one", path);
				return -ENOEXEC;
			}
			if (!tables)
				img->source = "bzImage";
		}
		err = elf_open(&e, &b, path);
		if (err) {
			if (err == -ENOEXEC)
				li_err("%s: not an ELF file", path);
			return err;
		}
	}
	if (map) {
		err = read_map(map, &sv, &img->symstr);
	} else if (path) {
		err = read_symtab(&e, &sv, false, path);
		if (err == -ENOENT) {
			err = locator_syms(&e, &sv, &img->symstr, img, path);
			img->kallsyms = !err;
		}
	} else {
		err = -ENOENT;
	}
	if (err == -ENOENT)
		li_err("%s: no symbol table, no kallsyms locator: give its System.map with -s",
		       path ? path : tables);
	if (err)
		return err;
	if (img->kallsyms) {
		/* the locator gave the bounds */
	} else if (!sym_get(&sv, "_stext", &img->stext) ||
		   !sym_get(&sv, "_etext", &img->etext)) {
		li_err("%s: no _stext/_etext symbols: not a kernel?", map ? map : path);
		return -EINVAL;
	}
	if (!img->kallsyms && (!sym_get(&sv, "_sinittext", &img->sinittext) ||
			       !sym_get(&sv, "_einittext", &img->einittext))) {
		img->sinittext = 0;
		img->einittext = 0;
	}
	if (tables)
		err = saved_tables(img, tables);
	else
		err = vmlinux_table(&img->text, &e, &sv, "kallsyms_lineinfo",
				    "kallsyms_lineinfo_end", ".text", path) ?:
		      vmlinux_table(&img->init, &e, &sv, "kallsyms_lineinfo_init",
				    "kallsyms_lineinfo_init_end", ".init.text", path);
	if (err)
		return err;
	if (!img->text.blob && !img->init.blob) {
		li_err("%s: no usable file:line table (built without CONFIG_KALLSYMS_LINEINFO?)",
		       img->path);
		return -ENOENT;
	}
	/* kallsyms's sizes only see text symbols: sizes end at the next one */
	sym_sizes(&sv, NULL, 0);
	img->syms = sv.v;
	img->nr_syms = sv.n;
	img->loaded = true;
	/* System.map's and kallsyms's names are in img->symstr, the ELF file's in it */
	if (!map && !img->kallsyms)
		img->symstr = (char *)b.p;
	return 0;
}

/*
 * The modules of the modules directories, or of the running kernel, by
 * name, loaded when first used
 */
static struct li_image *modules;
static size_t nr_modules;

static int add_module(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *base = path + ftw->base, *ko = strstr(base, ".ko");
	struct li_image *m;
	char *p;

	(void)st;
	if (type != FTW_F || !ko || (ko[3] && strcmp(ko + 3, ".xz") &&
				     strcmp(ko + 3, ".zst") && strcmp(ko + 3, ".gz")))
		return 0;
	m = realloc(modules, (nr_modules + 1) * sizeof(*m));
	if (!m)
		return -1;
	modules = m;
	m = &modules[nr_modules++];
	memset(m, 0, sizeof(*m));
	m->path = strdup(path);
	m->name = strndup(base, ko - base);
	if (!m->path || !m->name)
		return -1;
	/* the kernel's module names have '_' where file names may have '-' */
	for (p = m->name; *p; p++)
		if (*p == '-')
			*p = '_';
	return 0;
}

/**
 * li_index_modules - find the modules of a directory, recursively
 * @dir: /lib/modules/RELEASE, or a build tree
 *
 * Return: the number found, or a negative errno after a message.
 */
int li_index_modules(const char *dir)
{
	if (nftw(dir, add_module, 16, FTW_PHYS)) {
		li_err("%s: %s", dir, strerror(errno));
		return -errno;
	}
	return nr_modules;
}

/*
 * The one allocated section called @name with @flags, as the kernel finds
 * it at load: -1 if there is none, -2 if two share the name.
 */
static int module_sec(const struct elf *e, const char *name, unsigned long flags)
{
	int found = -1;
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		if ((e->sh[i].sh_flags & (SHF_ALLOC | flags)) != (SHF_ALLOC | flags) ||
		    strcmp(elf_secname(e, i), name))
			continue;
		if (found >= 0)
			return -2;
		found = i;
	}
	return found;
}

/*
 * A module's table, with the checks the kernel runs at load
 * (kernel/module/lineinfo.c): one .mod_lineinfo section, no relocation
 * targets it, the full check of the blob, and each range names exactly one
 * executable section, a different one each, at least as large.
 */
static int module_table(struct li_image *m, const struct elf *e)
{
	const char *why = NULL, *name;
	int idx, text, *used;
	size_t i, j;
	__u32 size;
	int err;

	idx = module_sec(e, ".mod_lineinfo", 0);
	if (idx == -1 || (idx >= 0 && !e->sh[idx].sh_size))
		return -ENOENT;		/* a module without a table: nothing to say */
	if (idx == -2) {
		li_err("%s: more than one .mod_lineinfo section: not used", m->path);
		return -EINVAL;
	}
	if (e->sh[idx].sh_type == SHT_NOBITS) {
		li_err("%s: .mod_lineinfo has no contents: not used", m->path);
		return -EINVAL;
	}
	for (i = 1; i < e->shnum; i++)
		if ((e->sh[i].sh_type == SHT_REL || e->sh[i].sh_type == SHT_RELA) &&
		    e->sh[i].sh_info == (unsigned int)idx) {
			li_err("%s: .mod_lineinfo has relocations: not used", m->path);
			return -EINVAL;
		}
	err = take_table(&m->mod, e->p + e->sh[idx].sh_offset, e->sh[idx].sh_size);
	if (err)
		return err;
	err = lineinfo_blob_check(m->mod.blob, m->mod.size, true);
	if (err) {
		li_err("%s: .mod_lineinfo is %s (%d): not used", m->path, errname(err), err);
		return err;
	}
	used = calloc(LINEINFO_MAX_RANGES, sizeof(*used));
	if (!used)
		return -ENOMEM;
	for (i = 0; !why && (name = lineinfo_blob_range_name(m->mod.blob, i, &size)); i++) {
		text = module_sec(e, name, SHF_EXECINSTR);
		for (j = 0; j < i && text >= 0; j++)
			if (used[j] == text)
				text = -2;
		if (text < 0 || size > e->sh[text].sh_size)
			why = name;
		else
			used[i] = text;
	}
	free(used);
	if (why) {
		li_err("%s: .mod_lineinfo does not match %s section %s: not used", m->path,
		       text == -2 ? "an ambiguous" : "the", why);
		return -EINVAL;
	}
	return 0;
}

/* Read a module's symbols, sections and table; on an error it stays broken. */
static int load_module(struct li_image *m)
{
	unsigned long long *ends;
	struct symvec sv = { 0 };
	struct li_buf b;
	struct elf e;
	size_t i;
	int err;

	m->broken = true;
	m->source = "module";
	err = read_any(m->path, &b);
	if (err) {
		li_err("%s: %s", m->path, strerror(-err));
		return err;
	}
	err = elf_open(&e, &b, m->path);
	if (err) {
		if (err == -ENOEXEC)
			li_err("%s: not an ELF file", m->path);
		return err;
	}
	if (e.eh->e_type != ET_REL) {
		li_err("%s: not a module (ELF type %u)", m->path, e.eh->e_type);
		return -EINVAL;
	}
	m->nr_secs = e.shnum;
	m->secnames = calloc(e.shnum, sizeof(*m->secnames));
	ends = calloc(e.shnum, sizeof(*ends));
	if (!m->secnames || !ends)
		return -ENOMEM;
	for (i = 0; i < e.shnum; i++) {
		m->secnames[i] = strdup(elf_secname(&e, i));
		ends[i] = e.sh[i].sh_size;
	}
	err = module_table(m, &e);
	if (err) {
		free(ends);
		return err;
	}
	err = read_symtab(&e, &sv, true, m->path);
	if (err) {
		if (err == -ENOENT)
			li_err("%s: no symbol table", m->path);
		free(ends);
		return err;
	}
	sym_sizes(&sv, ends, e.shnum);
	free(ends);
	m->syms = sv.v;
	m->nr_syms = sv.n;
	m->symstr = (char *)b.p;
	m->broken = false;
	return 0;
}

/*
 * The running kernel: its tables from /sys/kernel/lineinfo, its symbols
 * from /proc/kallsyms (run addresses; a module's are placed in its
 * sections with /sys/module/NAME/sections).  Both need root.
 */
#define LI_SYSFS	"/sys/kernel/lineinfo"

/* /proc/kallsyms, kept for the modules: their symbols, by module */
static struct li_buf kallsyms;

static int sysfs_table(struct li_table *t, const char *path, const char *section)
{
	struct li_buf b;
	int err = read_file(path, &b);

	t->range = -1;
	if (err)
		return err;
	t->blob = b.p;
	t->size = b.size;
	err = lineinfo_blob_check(t->blob, t->size, true);
	if (!err && section) {
		t->range = lineinfo_blob_range(t->blob, section);
		err = t->range < 0 ? -EINVAL : 0;
	}
	if (err) {
		li_err("%s: the table is %s (%d): not used", path, errname(err), err);
		free(t->blob);
		t->blob = NULL;
		t->size = 0;
	}
	return err;
}

/* Each line of /proc/kallsyms: "address type name[\t[module]]" */
static bool kallsyms_line(char **pos, char *end, unsigned long long *addr,
			  char **name, char **mod)
{
	char *line = *pos, *nl, *p;

	if (line >= end)
		return false;
	nl = memchr(line, '\n', end - line);
	if (!nl)
		nl = end;
	*nl = '\0';
	*pos = nl + 1;
	*addr = strtoull(line, &p, 16);
	*name = NULL;
	*mod = NULL;
	if (p == line || p[0] != ' ' || !p[1] || p[2] != ' ')
		return true;
	*name = p + 3;
	p = strchr(*name, '\t');
	if (p) {
		*p = '\0';
		if (p[1] == '[' && p[strlen(p + 1)] == ']') {
			*mod = p + 2;
			p[strlen(p + 1)] = '\0';
		}
	}
	return true;
}

/**
 * li_load_live - the running kernel's tables and symbols
 * @img: filled in
 *
 * Return: 0, or a negative errno after a message.
 */
int li_load_live(struct li_image *img)
{
	struct symvec sv = { 0 };
	unsigned long long addr;
	char *pos, *name, *mod;
	bool hidden = true;
	int err;

	memset(img, 0, sizeof(*img));
	img->path = strdup(LI_SYSFS);
	img->source = "the running kernel";
	err = read_file("/proc/kallsyms", &kallsyms);
	if (err) {
		li_err("/proc/kallsyms: %s", strerror(-err));
		return err;
	}
	/* kallsyms_line() cuts the lines: parse a copy, keep it for the modules */
	img->symstr = malloc(kallsyms.size + 1);
	if (!img->symstr)
		return -ENOMEM;
	memcpy(img->symstr, kallsyms.p, kallsyms.size);
	pos = img->symstr;
	while (kallsyms_line(&pos, img->symstr + kallsyms.size, &addr, &name, &mod)) {
		if (!name || mod || sym_ignored(name))
			continue;
		hidden = hidden && !addr;
		if (sym_add(&sv, name, addr, 0))
			return -ENOMEM;
	}
	if (hidden) {
		li_err("/proc/kallsyms: addresses hidden (kptr_restrict): run as root");
		return -EPERM;
	}
	if (!sym_get(&sv, "_stext", &img->stext) || !sym_get(&sv, "_etext", &img->etext)) {
		li_err("/proc/kallsyms: no _stext/_etext");
		return -EINVAL;
	}
	if (!sym_get(&sv, "_sinittext", &img->sinittext) ||
	    !sym_get(&sv, "_einittext", &img->einittext)) {
		img->sinittext = 0;
		img->einittext = 0;
	}
	err = sysfs_table(&img->text, LI_SYSFS "/vmlinux", ".text");
	if (err) {
		if (err != -EINVAL)
			li_err(LI_SYSFS "/vmlinux: %s", strerror(-err));
		return err;
	}
	sym_sizes(&sv, NULL, 0);
	img->syms = sv.v;
	img->nr_syms = sv.n;
	img->loaded = true;
	return 0;
}

/**
 * li_index_live_modules - the loaded modules that export a table
 *
 * Return: the number found, or a negative errno after a message.
 */
int li_index_live_modules(void)
{
	struct dirent *d;
	DIR *dir = opendir(LI_SYSFS);

	if (!dir) {
		li_err(LI_SYSFS ": %s", strerror(errno));
		return -errno;
	}
	while ((d = readdir(dir))) {
		struct li_image *m;

		if (d->d_name[0] == '.' || !strncmp(d->d_name, "vmlinux", 7))
			continue;
		m = realloc(modules, (nr_modules + 1) * sizeof(*m));
		if (!m)
			break;
		modules = m;
		m = &modules[nr_modules++];
		memset(m, 0, sizeof(*m));
		m->name = strdup(d->d_name);
		m->path = malloc(strlen(LI_SYSFS) + strlen(d->d_name) + 2);
		if (!m->name || !m->path)
			break;
		sprintf(m->path, LI_SYSFS "/%s", d->d_name);
		m->live = true;
	}
	closedir(dir);
	return nr_modules;
}

/* A loaded module: its table, the bases of its ranges, its kallsyms */
static int load_live_module(struct li_image *m)
{
	unsigned long long base[LINEINFO_MAX_RANGES], *ends;
	struct symvec sv = { 0 };
	unsigned long long addr;
	char *pos, *name, *mod, *copy;
	const char *sec;
	size_t i, j, n;
	__u32 size[LINEINFO_MAX_RANGES];
	int err;

	m->broken = true;
	m->source = "module";
	err = sysfs_table(&m->mod, m->path, NULL);
	if (err) {
		if (err != -EINVAL)
			li_err("%s: %s", m->path, strerror(-err));
		return err;
	}
	for (n = 0; (sec = lineinfo_blob_range_name(m->mod.blob, n, &size[n])); n++) {
		char path[512];
		struct li_buf b;

		snprintf(path, sizeof(path), "/sys/module/%s/sections/%s", m->name, sec);
		err = read_file(path, &b);
		if (err) {
			li_err("%s: %s", path, strerror(-err));
			return err;
		}
		base[n] = strtoull((char *)b.p, NULL, 16);
		free(b.p);
	}
	m->nr_secs = n;
	m->secnames = calloc(n ? n : 1, sizeof(*m->secnames));
	ends = calloc(1, sizeof(*ends));
	if (!m->secnames || !ends)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		m->secnames[i] = (char *)lineinfo_blob_range_name(m->mod.blob, i, &size[i]);
	/* a copy of /proc/kallsyms: kallsyms_line() cuts the lines it reads */
	copy = malloc(kallsyms.size + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, kallsyms.p, kallsyms.size);
	for (pos = copy; kallsyms_line(&pos, copy + kallsyms.size, &addr, &name, &mod);)
		if (name && mod && !strcmp(mod, m->name) && !sym_ignored(name) &&
		    sym_add(&sv, name, addr, 0))
			return -ENOMEM;
	/* sizes as kallsyms has them, in memory order; then by range */
	sym_sizes(&sv, ends, 0);
	free(ends);
	for (i = j = 0; i < sv.n; i++) {
		struct li_sym *s = &sv.v[i];
		size_t r;

		for (r = 0; r < n; r++)
			if (s->addr >= base[r] && s->addr - base[r] < size[r])
				break;
		if (r == n)
			continue;	/* not code with lines */
		s->sec = r;
		s->addr -= base[r];
		sv.v[j++] = *s;
	}
	m->syms = sv.v;
	m->nr_syms = j;
	m->symstr = copy;
	m->broken = false;
	return 0;
}

/**
 * li_module - a module of the indexed directories, loaded on first use
 * @name: its name as a trace prints it
 *
 * Return: the module, or NULL if it is unknown or has no usable table.
 */
struct li_image *li_module(const char *name)
{
	size_t i;

	for (i = 0; i < nr_modules; i++) {
		struct li_image *m = &modules[i];

		if (strcmp(m->name, name))
			continue;
		if (!m->loaded) {
			m->loaded = true;
			if (m->live)
				load_live_module(m);
			else
				load_module(m);
		}
		return m->broken ? NULL : m;
	}
	return NULL;
}

/**
 * li_find_syms - the symbols of a name
 * @img: the image
 * @name: the name
 * @first: set to the first of them
 *
 * Return: how many there are (static functions may share a name).
 */
size_t li_find_syms(const struct li_image *img, const char *name,
		    const struct li_sym **first)
{
	size_t lo = 0, hi = img->nr_syms, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(img->syms[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = img->syms + lo;
	while (lo + n < img->nr_syms && !strcmp(img->syms[lo + n].name, name))
		n++;
	return n;
}

/**
 * li_place - the table, range and offset of @sym + @off
 * @img: the image of @sym
 * @sym: the symbol
 * @off: offset from it
 * @pl: the result
 *
 * Return: true if a table covers the address.
 */
bool li_place(const struct li_image *img, const struct li_sym *sym,
	      unsigned long long off, struct li_place *pl)
{
	unsigned long long addr = sym->addr + off;
	const struct li_table *t = NULL;
	int range;

	if (img->name) {
		if (sym->sec < 0 || (size_t)sym->sec >= img->nr_secs)
			return false;
		range = lineinfo_blob_range(img->mod.blob, img->secnames[sym->sec]);
		if (range < 0)
			return false;
		pl->blob = img->mod.blob;
		pl->range = range;
		pl->offset = addr;
		return true;
	}
	if (addr >= img->stext && addr < img->etext) {
		t = &img->text;
		addr -= img->stext;
	} else if (addr >= img->sinittext && addr < img->einittext) {
		t = &img->init;
		addr -= img->sinittext;
	}
	if (!t || !t->blob)
		return false;
	pl->blob = t->blob;
	pl->range = t->range;
	pl->offset = addr;
	return true;
}
