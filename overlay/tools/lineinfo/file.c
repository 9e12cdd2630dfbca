// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo: the files an image is read from.  Plain, compressed (a .ko.xz,
 * the payload of a bzImage) and ELF files, read whole into memory; an ELF
 * file is checked before use: its headers and sections lie inside it.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/kernel.h>

#include "lineinfo.h"

extern char **environ;

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

int li_read_file(const char *path, struct li_buf *b)
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
int li_read_any(const char *path, struct li_buf *b)
{
	const char *tool;
	int err = li_read_file(path, b);

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
int li_extract_bzimage(const char *path, struct li_buf *b)
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

int li_elf_open(struct li_elf *e, const struct li_buf *b, const char *path)
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

const char *li_elf_secname(const struct li_elf *e, size_t i)
{
	size_t n = e->sh[i].sh_name;

	return n < e->shstr_size ? e->shstr + n : "";
}

/* The bytes from link address @addr to the end of its section */
size_t li_elf_avail(const struct li_elf *e, unsigned long long addr)
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
const void *li_elf_bytes(const struct li_elf *e, unsigned long long addr, size_t size)
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
