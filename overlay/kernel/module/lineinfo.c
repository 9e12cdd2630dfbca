// SPDX-License-Identifier: GPL-2.0
/*
 * File:line tables of modules (CONFIG_KALLSYMS_LINEINFO_MODULES)
 *
 * scripts/Makefile.modfinal adds a .mod_lineinfo section to every module:
 * the same blob format that vmlinux uses, with one range per text section,
 * addressed relative to the section start.  A module is not trusted: the
 * blob is checked in full when the module is loaded, and every range must
 * name an executable section of the module that is at least as large.  A
 * bad table is ignored with a warning; the module loads without it.
 *
 * The blob is an allocated, read-only section of the module, so it lives
 * and dies with the module's read-only data and needs no allocation.
 * Lookups run with preemption disabled, under the same protection that
 * kallsyms uses for module symbols against a concurrent unload.  Init
 * text ranges stop matching once init memory is freed, because
 * __module_address() no longer returns the module for those addresses.
 */

#include <linux/elf.h>
#include <linux/kallsyms_lineinfo.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/string.h>

#include "internal.h"

static const Elf_Shdr *module_lineinfo_sec(const struct load_info *info,
					   const char *name)
{
	unsigned int i;

	for (i = 1; i < info->hdr->e_shnum; i++) {
		const Elf_Shdr *s = &info->sechdrs[i];

		if ((s->sh_flags & SHF_ALLOC) &&
		    !strcmp(info->secstrings + s->sh_name, name))
			return s;
	}
	return NULL;
}

/**
 * module_lineinfo_init - find and check the .mod_lineinfo section
 * @mod: the module being loaded, with its sections at their final place
 * @info: its load information
 */
void module_lineinfo_init(struct module *mod, const struct load_info *info)
{
	struct module_lineinfo *li = &mod->lineinfo;
	const Elf_Shdr *sec, *text;
	const char *name;
	const void *blob;
	unsigned int i;
	u32 size;

	memset(li, 0, sizeof(*li));
	sec = module_lineinfo_sec(info, ".mod_lineinfo");
	if (!sec || !sec->sh_size)
		return;
	blob = (const void *)sec->sh_addr;
	if (lineinfo_blob_check(blob, sec->sh_size, true)) {
		pr_warn("%s: invalid .mod_lineinfo, backtraces will lack file:line\n",
			mod->name);
		return;
	}

	for (i = 0; i < MODULE_LINEINFO_RANGES; i++) {
		name = lineinfo_blob_range_name(blob, i, &size);
		if (!name)
			break;
		text = module_lineinfo_sec(info, name);
		if (!text || !(text->sh_flags & SHF_EXECINSTR) ||
		    size > text->sh_size) {
			pr_warn("%s: .mod_lineinfo does not match section %s, backtraces will lack file:line\n",
				mod->name, name);
			return;
		}
		li->base[i] = text->sh_addr;
		li->size[i] = size;
	}
	li->nr_ranges = i;
	li->blob_size = sec->sh_size;
	li->blob = blob;
}

/**
 * module_lineinfo_lookup - source location of a module text address
 * @addr: the address
 * @loc: the result; @loc->file points into the module
 *
 * The caller must have preemption disabled, which keeps the module, and
 * so @loc->file, from going away.
 *
 * Return: true if @addr has line information.
 */
bool module_lineinfo_lookup(unsigned long addr, struct lineinfo_loc *loc)
{
	const struct module_lineinfo *li;
	struct module *mod;
	unsigned int i;

	mod = __module_address(addr);
	if (!mod)
		return false;
	li = &mod->lineinfo;
	if (!li->blob)
		return false;
	for (i = 0; i < li->nr_ranges; i++) {
		if (addr - li->base[i] < li->size[i])
			return lineinfo_blob_find(li->blob, i,
						  addr - li->base[i], loc);
	}
	return false;
}
