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
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lineinfo.h"

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

/*
 * Without the symbols that bound a table (a bzImage's vmlinux has no
 * symbol table, and System.map is optional for it), find the table by its
 * magic in the sections: the one whose range is @section, checked in full.
 */
static const void *scan_table(const struct li_elf *e, const char *section, size_t *size)
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
static int vmlinux_table(struct li_table *t, const struct li_elf *e, const struct li_symvec *sv,
			 const char *start, const char *end, const char *section,
			 const char *path)
{
	unsigned long long a, b;
	const void *p = NULL;
	size_t size = 0;
	int err;

	if (li_sym_get(sv, start, &a) && li_sym_get(sv, end, &b)) {
		p = b < a ? NULL : li_elf_bytes(e, a, b - a);
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
	struct li_symvec sv = { 0 };
	struct li_buf b = { 0 };
	struct li_elf e;
	int err;

	memset(img, 0, sizeof(*img));
	img->path = strdup(path ? path : tables);
	img->source = tables ? "saved tables" : "vmlinux";
	if (path) {
		err = li_read_file(path, &b);
		if (err) {
			li_err("%s: %s", path, strerror(-err));
			return err;
		}
		if (b.size >= SELFMAG && memcmp(b.p, ELFMAG, SELFMAG)) {
			err = li_extract_bzimage(path, &b);
			if (err) {
				li_err("%s: neither an ELF file nor a bzImage holding one", path);
				return -ENOEXEC;
			}
			if (!tables)
				img->source = "bzImage";
		}
		err = li_elf_open(&e, &b, path);
		if (err) {
			if (err == -ENOEXEC)
				li_err("%s: not an ELF file", path);
			return err;
		}
	}
	if (map) {
		err = li_read_map(map, &sv, &img->symstr);
	} else if (path) {
		err = li_read_symtab(&e, &sv, false, path);
		if (err == -ENOENT) {
			err = li_locator_syms(&e, &sv, &img->symstr, img, path);
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
	} else if (!li_sym_get(&sv, "_stext", &img->stext) ||
		   !li_sym_get(&sv, "_etext", &img->etext)) {
		li_err("%s: no _stext/_etext symbols: not a kernel?", map ? map : path);
		return -EINVAL;
	}
	if (!img->kallsyms && (!li_sym_get(&sv, "_sinittext", &img->sinittext) ||
			       !li_sym_get(&sv, "_einittext", &img->einittext))) {
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
	li_sym_sizes(&sv, NULL, 0);
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
static int module_sec(const struct li_elf *e, const char *name, unsigned long flags)
{
	int found = -1;
	size_t i;

	for (i = 1; i < e->shnum; i++) {
		if ((e->sh[i].sh_flags & (SHF_ALLOC | flags)) != (SHF_ALLOC | flags) ||
		    strcmp(li_elf_secname(e, i), name))
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
static int module_table(struct li_image *m, const struct li_elf *e)
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
	struct li_symvec sv = { 0 };
	struct li_buf b;
	struct li_elf e;
	size_t i;
	int err;

	m->broken = true;
	m->source = "module";
	err = li_read_any(m->path, &b);
	if (err) {
		li_err("%s: %s", m->path, strerror(-err));
		return err;
	}
	err = li_elf_open(&e, &b, m->path);
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
		m->secnames[i] = strdup(li_elf_secname(&e, i));
		ends[i] = e.sh[i].sh_size;
	}
	err = module_table(m, &e);
	if (err) {
		free(ends);
		return err;
	}
	err = li_read_symtab(&e, &sv, true, m->path);
	if (err) {
		if (err == -ENOENT)
			li_err("%s: no symbol table", m->path);
		free(ends);
		return err;
	}
	li_sym_sizes(&sv, ends, e.shnum);
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
	int err = li_read_file(path, &b);

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
	struct li_symvec sv = { 0 };
	unsigned long long addr;
	char *pos, *name, *mod;
	bool hidden = true;
	int err;

	memset(img, 0, sizeof(*img));
	img->path = strdup(LI_SYSFS);
	img->source = "the running kernel";
	err = li_read_file("/proc/kallsyms", &kallsyms);
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
		if (!name || mod || li_sym_ignored(name))
			continue;
		hidden = hidden && !addr;
		if (li_sym_add(&sv, name, addr, 0))
			return -ENOMEM;
	}
	if (hidden) {
		li_err("/proc/kallsyms: addresses hidden (kptr_restrict): run as root");
		return -EPERM;
	}
	if (!li_sym_get(&sv, "_stext", &img->stext) || !li_sym_get(&sv, "_etext", &img->etext)) {
		li_err("/proc/kallsyms: no _stext/_etext");
		return -EINVAL;
	}
	if (!li_sym_get(&sv, "_sinittext", &img->sinittext) ||
	    !li_sym_get(&sv, "_einittext", &img->einittext)) {
		img->sinittext = 0;
		img->einittext = 0;
	}
	err = sysfs_table(&img->text, LI_SYSFS "/vmlinux", ".text");
	if (err) {
		if (err != -EINVAL)
			li_err(LI_SYSFS "/vmlinux: %s", strerror(-err));
		return err;
	}
	li_sym_sizes(&sv, NULL, 0);
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
	struct li_symvec sv = { 0 };
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
		err = li_read_file(path, &b);
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
		if (name && mod && !strcmp(mod, m->name) && !li_sym_ignored(name) &&
		    li_sym_add(&sv, name, addr, 0))
			return -ENOMEM;
	/* sizes as kallsyms has them, in memory order; then by range */
	li_sym_sizes(&sv, ends, 0);
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
