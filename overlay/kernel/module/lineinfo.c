// SPDX-License-Identifier: GPL-2.0
/*
 * File:line tables of modules (CONFIG_KALLSYMS_LINEINFO_MODULES)
 *
 * scripts/Makefile.modfinal adds a .mod_lineinfo section to every module:
 * the same blob format that vmlinux uses, with one range per text section,
 * addressed relative to the section start.  A module is not trusted: the
 * blob is checked in full when the module is loaded, no relocation may
 * target it, and every range must name exactly one executable section of
 * the module, at least as large as the range.  A bad table is ignored with
 * a warning; the module loads without it.
 *
 * The blob is an allocated, read-only section of the module, so it lives
 * and dies with the module's read-only data and needs no allocation.
 * Lookups run with preemption disabled, under the same protection that
 * kallsyms uses for module symbols against a concurrent unload.  Init
 * text ranges stop matching once init memory is freed, because
 * __module_address() no longer returns the module for those addresses.
 *
 * With CONFIG_SYSFS, a live module's checked table can also be read as
 * /sys/kernel/lineinfo/<module>, from a module notifier, as BTF does it.
 */

#include <kunit/visibility.h>
#include <linux/elf.h>
#include <linux/kallsyms_lineinfo.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"

/**
 * struct module_lineinfo - a module's checked file:line table
 * @blob: the .mod_lineinfo section, in the module's read-only data
 * @blob_size: its size in bytes
 * @nr_ranges: number of text sections it covers
 * @base: start address of each section
 * @size: bytes of each section covered by the table
 * @attr: /sys/kernel/lineinfo/<module>, with CONFIG_SYSFS
 * @attr_added: whether @attr is in sysfs
 *
 * Allocated at load time for a module whose table passed every check,
 * freed after the RCU grace period of the unload: a lookup that found the
 * module with preemption disabled may still be reading it until then.
 */
struct module_lineinfo {
	const void *blob;
	unsigned long blob_size;
	unsigned int nr_ranges;
	unsigned long base[LINEINFO_MAX_RANGES];
	u32 size[LINEINFO_MAX_RANGES];
#ifdef CONFIG_SYSFS
	struct bin_attribute attr;
	bool attr_added;
#endif
};

/*
 * The one allocated section called @name whose flags include @flags.  A
 * table names its sections, so a name that two such sections share cannot
 * be resolved: @dup is set and NULL returned.
 */
static const Elf_Shdr *module_lineinfo_sec(const struct load_info *info,
					   const char *name, unsigned long flags,
					   bool *dup)
{
	const Elf_Shdr *found = NULL;
	unsigned int i;

	*dup = false;
	for (i = 1; i < info->hdr->e_shnum; i++) {
		const Elf_Shdr *s = &info->sechdrs[i];

		if ((s->sh_flags & (SHF_ALLOC | flags)) != (SHF_ALLOC | flags) ||
		    strcmp(info->secstrings + s->sh_name, name))
			continue;
		if (found) {
			*dup = true;
			return NULL;
		}
		found = s;
	}
	return found;
}

/*
 * gen_lineinfo writes a table that needs no relocation.  One that a
 * relocation section targets would change after the check below, since
 * relocations are applied later: refuse it.
 */
static bool module_lineinfo_relocated(const struct load_info *info,
				      const Elf_Shdr *sec)
{
	unsigned int i, idx = sec - info->sechdrs;

	for (i = 1; i < info->hdr->e_shnum; i++) {
		const Elf_Shdr *s = &info->sechdrs[i];

		if ((s->sh_type == SHT_REL || s->sh_type == SHT_RELA) &&
		    s->sh_info == idx)
			return true;
	}
	return false;
}

/**
 * module_lineinfo_init - find and check the .mod_lineinfo section
 * @mod: the module being loaded, with its sections at their final place
 * @info: its load information
 *
 * Runs before relocations are applied, so it refuses a table that any
 * relocation targets.  A table that fails a check is ignored with one
 * warning; the module loads without it.
 */
void module_lineinfo_init(struct module *mod, const struct load_info *info)
{
	struct module_lineinfo li;
	const Elf_Shdr *sec, *text;
	const char *name, *why;
	const void *blob;
	unsigned int i, j;
	bool dup;
	u32 size;
	int err;

	mod->lineinfo = NULL;
	memset(&li, 0, sizeof(li));
	sec = module_lineinfo_sec(info, ".mod_lineinfo", 0, &dup);
	if (dup) {
		pr_warn("%s: more than one .mod_lineinfo section, backtraces will lack file:line\n",
			mod->name);
		return;
	}
	if (!sec || !sec->sh_size)
		return;
	if (module_lineinfo_relocated(info, sec)) {
		pr_warn("%s: .mod_lineinfo has relocations, backtraces will lack file:line\n",
			mod->name);
		return;
	}
	blob = (const void *)sec->sh_addr;
	err = lineinfo_blob_check(blob, sec->sh_size, true);
	if (err) {
		why = err == -ENOEXEC ? "of the wrong byte order" : "invalid";
		pr_warn("%s: .mod_lineinfo %s, backtraces will lack file:line\n",
			mod->name, why);
		return;
	}

	/* lineinfo_blob_check() allows at most LINEINFO_MAX_RANGES ranges */
	for (i = 0; (name = lineinfo_blob_range_name(blob, i, &size)); i++) {
		text = module_lineinfo_sec(info, name, SHF_EXECINSTR, &dup);
		for (j = 0; j < i && text; j++)
			if (li.base[j] == text->sh_addr)
				dup = true;
		if (!text || dup || size > text->sh_size) {
			pr_warn("%s: .mod_lineinfo does not match %s section %s, backtraces will lack file:line\n",
				mod->name, dup ? "an ambiguous" : "the", name);
			return;
		}
		li.base[i] = text->sh_addr;
		li.size[i] = size;
	}
	li.nr_ranges = i;
	li.blob_size = sec->sh_size;
	li.blob = blob;
	mod->lineinfo = kmemdup(&li, sizeof(li), GFP_KERNEL);
	if (!mod->lineinfo)
		pr_warn("%s: no memory for the .mod_lineinfo ranges, backtraces will lack file:line\n",
			mod->name);
}

/**
 * module_lineinfo_free - release what module_lineinfo_init() allocated
 * @mod: the module, unlinked from the module list and tree
 *
 * Call it after the RCU grace period that follows the unlink, when no
 * lookup can still hold the module, and after the MODULE_STATE_GOING
 * notifiers, which remove its file in /sys/kernel/lineinfo.
 */
void module_lineinfo_free(struct module *mod)
{
	kfree(mod->lineinfo);
	mod->lineinfo = NULL;
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * module_lineinfo_blob - a module's checked table, for KUnit
 * @mod: the module
 * @size: set to the table's size, 0 without one
 *
 * Return: the table, or NULL if the module has none.
 */
const void *module_lineinfo_blob(const struct module *mod, size_t *size)
{
	*size = mod->lineinfo ? mod->lineinfo->blob_size : 0;
	return mod->lineinfo ? mod->lineinfo->blob : NULL;
}
EXPORT_SYMBOL_IF_KUNIT(module_lineinfo_blob);
#endif

/**
 * module_lineinfo_place - the table and range of a module text address
 * @addr: the address
 * @blob: set to the module's checked table
 * @range: set to the range of @addr in it
 * @offset: set to the offset of @addr in that range
 *
 * The caller must have preemption disabled while it uses the table, which
 * keeps the module from going away.  The one placement of module addresses:
 * every lookup of kernel/kallsyms_lineinfo.c goes through lineinfo_place(),
 * which calls this for addresses outside vmlinux.
 *
 * Return: true if a range of the module's table holds @addr.
 */
bool module_lineinfo_place(unsigned long addr, const void **blob, unsigned int *range,
			   unsigned long *offset)
{
	const struct module_lineinfo *li;
	struct module *mod;
	unsigned int i;

	mod = __module_address(addr);
	if (!mod)
		return false;
	li = mod->lineinfo;
	if (!li)
		return false;
	for (i = 0; i < li->nr_ranges; i++) {
		if (addr - li->base[i] < li->size[i]) {
			*blob = li->blob;
			*range = i;
			*offset = addr - li->base[i];
			return true;
		}
	}
	return false;
}

#ifdef CONFIG_SYSFS
/* /sys/kernel/lineinfo, from kernel/kallsyms_lineinfo.c */
static struct kobject *module_lineinfo_dir;

static ssize_t module_lineinfo_read(struct file *file, struct kobject *kobj,
				    struct bin_attribute *attr, char *buf,
				    loff_t off, size_t len)
{
	const struct module_lineinfo *li = attr->private;

	/* sysfs has cut @off and @len to the size of the table */
	memcpy(buf, (const u8 *)li->blob + off, len);
	return len;
}

/*
 * The file of a module appears once its init function has returned and
 * goes before it is freed.  The loader calls MODULE_STATE_LIVE and
 * MODULE_STATE_GOING one after the other, never at the same time: until the
 * LIVE notifiers have run, the module holds the reference of its init and
 * delete_module() refuses it, and a module whose init fails goes from
 * COMING to GOING without LIVE.  sysfs_remove_bin_file() waits for the
 * readers in module_lineinfo_read() to leave, and the GOING notifiers run
 * before free_module() frees the table and the module's memory.
 */
static int module_lineinfo_notify(struct notifier_block *nb, unsigned long op,
				  void *data)
{
	struct module *mod = data;
	struct module_lineinfo *li = mod->lineinfo;
	int err;

	if (!li)
		return NOTIFY_DONE;
	switch (op) {
	case MODULE_STATE_LIVE:
		sysfs_bin_attr_init(&li->attr);
		li->attr.attr.name = mod->name;
		li->attr.attr.mode = KALLSYMS_LINEINFO_SYSFS_MODE;
		li->attr.size = li->blob_size;
		li->attr.private = li;
		li->attr.read = module_lineinfo_read;
		err = sysfs_create_bin_file(module_lineinfo_dir, &li->attr);
		if (err)
			pr_warn("%s: cannot add /sys/kernel/lineinfo/%s: %d\n",
				mod->name, mod->name, err);
		li->attr_added = !err;
		break;
	case MODULE_STATE_GOING:
		if (li->attr_added)
			sysfs_remove_bin_file(module_lineinfo_dir, &li->attr);
		li->attr_added = false;
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block module_lineinfo_nb = {
	.notifier_call = module_lineinfo_notify,
};

/**
 * module_lineinfo_sysfs_init - add a file per module to /sys/kernel/lineinfo
 * @dir: the kobject of /sys/kernel/lineinfo
 *
 * Called once at boot, before user mode helpers can load a module, so
 * every module with a checked table gets its file.
 *
 * Return: 0, or the error of register_module_notifier().
 */
int __init module_lineinfo_sysfs_init(struct kobject *dir)
{
	module_lineinfo_dir = dir;
	return register_module_notifier(&module_lineinfo_nb);
}
#endif /* CONFIG_SYSFS */
