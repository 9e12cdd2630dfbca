// SPDX-License-Identifier: GPL-2.0
/*
 * gen_lineinfo: the helpers of every stage - messages that name the input,
 * allocation that cannot fail quietly, file names made relative to the
 * trees given with --prefix, and the interned string tables.
 */

#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gen_lineinfo.h"

/* A failure: name the input, say what is wrong, exit 1. */
void fatal(const struct gen_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gen_lineinfo: %s: ", ctx->opt.input ? ctx->opt.input : "error");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void warn(const struct gen_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gen_lineinfo: %s: warning: ", ctx->opt.input);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * The allocators are called from everywhere, also where no context is at
 * hand (bit buffers); running out of memory does not depend on the input.
 */
static void __noreturn out_of_memory(void)
{
	fputs("gen_lineinfo: out of memory\n", stderr);
	exit(1);
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory();
	return p;
}

/* Clean a path lexically: "a/./b/../c" -> "a/c". */
char *clean_path(const char *path)
{
	size_t len = strlen(path), o = 0, root, *stack;
	char *out = xcalloc(len + 2, 1);
	const char *p = path;
	unsigned int depth = 0;

	stack = xcalloc(len / 2 + 2, sizeof(*stack));
	if (*path == '/')
		out[o++] = '/';
	root = o;
	while (*p) {
		const char *name = p, *q = strchrnul(p, '/');
		size_t n = q - p, start = o;
		bool dotdot = n == 2 && name[0] == '.' && name[1] == '.';

		p = *q ? q + 1 : q;
		if (n == 0 || (n == 1 && name[0] == '.'))
			continue;
		if (dotdot && depth) {
			o = stack[--depth];
			continue;
		}
		if (dotdot && root)
			continue;	/* "/.." is "/" */
		if (o > root)
			out[o++] = '/';
		memcpy(out + o, name, n);
		o += n;
		/* a leading ".." of a relative path cannot be undone */
		if (!dotdot)
			stack[depth++] = start;
	}
	out[o] = '\0';
	free(stack);
	return out;
}

/*
 * Make a DWARF file name relative to the trees given with --prefix,
 * stripping the longest that matches.  Paths outside every prefix, such as
 * compiler headers, are kept as they are: they name files that are not part
 * of the tree.
 */
static char *normalise_path(const struct gen_opts *opt, const char *path)
{
	char *out = clean_path(path);
	size_t best = 0, len = strlen(out);
	unsigned int i;

	for (i = 0; i < opt->nr_prefixes; i++) {
		size_t n = strlen(opt->prefixes[i]);

		if (n > best && n < len && !strncmp(out, opt->prefixes[i], n) &&
		    out[n] == '/')
			best = n;
	}
	if (best)
		memmove(out, out + best + 1, len - best);
	return out;
}

/* The string tables: open-addressing hash, FNV-1a */
static __u64 hash_str(const char *s)
{
	__u64 h = 14695981039346656037ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static void strtab_hash_insert(struct strtab *t, __u32 id)
{
	size_t i = hash_str(t->str[id]) & (t->hash_size - 1);

	while (t->hash[i])
		i = (i + 1) & (t->hash_size - 1);
	t->hash[i] = id;
}

/* An empty table: id 0 is "none" */
void strtab_init(struct strtab *t)
{
	*t = (struct strtab){ .nr = 1 };
}

/* The id of @s in @t, which takes over @s (malloc()ed). */
__u32 strtab_intern(struct strtab *t, char *s)
{
	size_t i;
	__u32 id;

	if (t->nr * 2 >= t->hash_size) {
		free(t->hash);
		t->hash_size = t->hash_size ? t->hash_size * 2 : 4096;
		t->hash = xcalloc(t->hash_size, sizeof(*t->hash));
		for (id = 1; id < t->nr; id++)
			strtab_hash_insert(t, id);
	}
	for (i = hash_str(s) & (t->hash_size - 1); t->hash[i];
	     i = (i + 1) & (t->hash_size - 1)) {
		if (!strcmp(t->str[t->hash[i]], s)) {
			free(s);
			return t->hash[i];
		}
	}
	if (t->nr >= t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 1024;
		t->str = xrealloc(t->str, t->alloc * sizeof(*t->str));
	}
	id = t->nr++;
	t->str[id] = s;
	t->hash[i] = id;
	return id;
}

/* Intern a DWARF file name; relative names are relative to @comp_dir. */
__u32 intern_file(struct gen_ctx *ctx, const char *comp_dir, const char *raw)
{
	char *path;

	if (*raw != '/' && comp_dir && *comp_dir) {
		char *full = xcalloc(strlen(comp_dir) + strlen(raw) + 2, 1);

		sprintf(full, "%s/%s", comp_dir, raw);
		path = normalise_path(&ctx->opt, full);
		free(full);
	} else {
		path = normalise_path(&ctx->opt, raw);
	}
	return strtab_intern(&ctx->file_tab, path);
}
