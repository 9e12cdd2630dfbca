// SPDX-License-Identifier: GPL-2.0
/*
 * Source locations of code addresses in backtraces: file:line, the chain
 * of inlined calls and the registers of parameters, from the tables that
 * scripts/gen_lineinfo embeds in vmlinux and in modules.  This is the
 * kernel's side: which table holds an address (lineinfo_place(), for
 * vmlinux text, init text and modules), the runtime switch, and the
 * printers; the tables are read by the decoder in lib/lineinfo/.  With
 * CONFIG_SYSFS, /sys/kernel/lineinfo/ holds the tables as they are.
 *
 * Everything here runs from backtrace printing, so it may run in NMI, panic
 * and early boot context: no locks, no allocations.
 */

#define pr_fmt(fmt) "kallsyms_lineinfo: " fmt

#include <kunit/visibility.h>
#ifdef CONFIG_DEBUG_FS
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#endif
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kallsyms_lineinfo.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <asm/sections.h>
#ifdef CONFIG_KALLSYMS_PARAMINFO
#include <asm/ptrace.h>
#endif

/*
 * A vmlinux blob.  @state caches its check, done on first use: 0 before it,
 * the range index + 1 after a good one, -errno after a bad one.  It is one
 * word, so a racing reader sees the check either done or not done, whatever
 * the CPU's memory order: there are no two stores whose order could matter.
 */
struct lineinfo_table {
	const u8 *start;
	const u8 *end;
	const char *section;
	int state;
};

static struct lineinfo_table lineinfo_text = {
	.start = kallsyms_lineinfo,
	.end = kallsyms_lineinfo_end,
	.section = ".text",
};

static struct lineinfo_table lineinfo_inittext = {
	.start = kallsyms_lineinfo_init,
	.end = kallsyms_lineinfo_init_end,
	.section = ".init.text",
};

/* Cleared, and waited for, before init memory is freed. */
static bool lineinfo_init_live = true;

/*
 * The runtime switch: kallsyms_lineinfo.enable=0 on the command line, or
 * /sys/module/kallsyms_lineinfo/parameters/enable at run time.  Every
 * annotation reads it once, with READ_ONCE(), before it looks anything up,
 * so a backtrace printed from NMI while someone writes the switch gets
 * either a whole annotation or none.  Off, nothing is appended at all: the
 * output is byte for byte that of a kernel without CONFIG_KALLSYMS_LINEINFO.
 */
static bool lineinfo_enable = true;
module_param_named(enable, lineinfo_enable, bool, 0644);
MODULE_PARM_DESC(enable, "append (file:line) to backtrace frames (default: on)");

/**
 * kallsyms_lineinfo_enabled - whether backtraces are annotated
 *
 * For printers that do work only annotations need, such as replaying the
 * unwinder for each entry of a saved stack: with the switch off, that work
 * is skipped too.
 *
 * Return: the state of the runtime switch.
 */
bool kallsyms_lineinfo_enabled(void)
{
	return READ_ONCE(lineinfo_enable);
}

/* Check a vmlinux blob on first use; racing callers compute the same. */
static int lineinfo_table_check(struct lineinfo_table *t)
{
	int state = READ_ONCE(t->state);
	int range;

	if (state)
		return state > 0 ? state - 1 : state;
	range = lineinfo_blob_check(t->start, t->end - t->start, false);
	if (!range)
		range = lineinfo_blob_range(t->start, t->section);
	WRITE_ONCE(t->state, range >= 0 ? range + 1 : range);
	return range;
}

/*
 * The vmlinux table holding @addr and its offset in it, if any.  An init
 * text address counts only until init memory is about to be freed.
 */
static struct lineinfo_table *lineinfo_table_of(unsigned long addr,
						unsigned long *offset)
{
	if (addr >= (unsigned long)_stext && addr < (unsigned long)_etext) {
		*offset = addr - (unsigned long)_stext;
		return &lineinfo_text;
	}
	if (is_kernel_inittext(addr) && READ_ONCE(lineinfo_init_live)) {
		*offset = addr - (unsigned long)_sinittext;
		return &lineinfo_inittext;
	}
	return NULL;
}

/*
 * The blob, range and offset of a text address of vmlinux or a module.  The
 * caller keeps preemption disabled while it uses the blob: that keeps a
 * module from being freed under it, as for kallsyms, and
 * kallsyms_lineinfo_free_init() clears lineinfo_init_live and waits for a
 * grace period before init memory goes away.
 */
static bool lineinfo_place(unsigned long addr, const void **blob, unsigned int *range,
			   unsigned long *offset)
{
	struct lineinfo_table *t = lineinfo_table_of(addr, offset);
	int r;

	if (!t)
		return IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES) &&
		       module_lineinfo_place(addr, blob, range, offset);
	r = lineinfo_table_check(t);
	if (r < 0)
		return false;
	*blob = t->start;
	*range = r;
	return true;
}

/**
 * kallsyms_lineinfo_lookup - source location of a text address
 * @addr: the address; for a return address pass the address of the call,
 *	  e.g. the return address minus one
 * @loc: the result; @loc->file points into the table that held @addr
 *
 * Covers core kernel text, init text until init memory is freed, and, with
 * CONFIG_KALLSYMS_LINEINFO_MODULES, module text.  @loc->file points into
 * the kernel image, init memory or the module: call this with preemption
 * disabled and use @loc->file before enabling it, or use
 * kallsyms_lineinfo_sprint() instead.  Safe in NMI, panic and early boot
 * context.
 *
 * Return: true if @addr has line information.
 */
bool kallsyms_lineinfo_lookup(unsigned long addr, struct lineinfo_loc *loc)
{
	unsigned long offset;
	unsigned int range;
	const void *blob;

	return lineinfo_place(addr, &blob, &range, &offset) &&
	       lineinfo_blob_find(blob, range, offset, loc);
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_lookup);

/**
 * kallsyms_lineinfo_inline - the calls inlined at a text address
 * @addr: the address, as for kallsyms_lineinfo_lookup()
 * @calls: filled outermost first, as by lineinfo_blob_inline()
 * @max: room in @calls; LINEINFO_MAX_DEPTH holds every chain
 *
 * Covers vmlinux and modules.  The names and files are in the tables: call
 * it with preemption disabled, and read them (lineinfo_call_name()) before
 * enabling it, as a module may go away otherwise.  Safe in NMI and panic
 * context.
 *
 * Return: the depth of the chain, 0 without inlined code at @addr or with
 * CONFIG_KALLSYMS_LINEINFO_INLINE off.
 */
unsigned int kallsyms_lineinfo_inline(unsigned long addr, struct lineinfo_call *calls,
				      unsigned int max)
{
	unsigned long offset;
	unsigned int range;
	const void *blob;

	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE) ||
	    !lineinfo_place(addr, &blob, &range, &offset))
		return 0;
	return lineinfo_blob_inline(blob, range, offset, calls, max);
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_inline);

/**
 * kallsyms_lineinfo_sprint - append " (file:line)" of an exact code address
 * @buf: destination
 * @size: bytes available at @buf; KSYM_LINEINFO_LEN is enough
 * @addr: the address, as for kallsyms_lineinfo_lookup()
 *
 * The location of @addr itself, as addr2line gives it: in inlined code, the
 * innermost line.  That is the location for a line that stands alone, such
 * as "Kernel BUG at" or an address typed at the kdb prompt.  A frame of a
 * backtrace gets kallsyms_lineinfo_frame() instead.  Covers vmlinux and,
 * with CONFIG_KALLSYMS_LINEINFO_MODULES, modules.  No locks, no allocation:
 * safe in NMI and panic context.
 *
 * Return: the number of characters written; 0 without line information, or
 * when annotations are switched off (then @buf is untouched).
 */
int kallsyms_lineinfo_sprint(char *buf, size_t size, unsigned long addr)
{
	struct lineinfo_loc loc;
	unsigned long offset;
	unsigned int range;
	const void *blob;
	int len = 0;

	if (!READ_ONCE(lineinfo_enable))
		return 0;
	preempt_disable_notrace();
	if (lineinfo_place(addr, &blob, &range, &offset) &&
	    lineinfo_blob_find(blob, range, offset, &loc))
		len = lineinfo_format(buf, size, &loc);
	preempt_enable_notrace();
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_sprint);

/* Longest inlined function name printed; longer ones end in "..." */
#define LINEINFO_INLINE_NAME_LEN	128

/*
 * Call @fn for the inlined calls of a chain of @n, innermost first, as
 * kallsyms_lineinfo_walk_inline() describes; @loc is the location of the
 * address.  Runs after the decoder has returned, so that whatever @fn
 * prints is not nested in its stack frames.
 */
static unsigned int lineinfo_walk_chain(const struct lineinfo_call *calls, unsigned int n,
					const struct lineinfo_loc *loc,
					lineinfo_inline_fn fn, void *ctx)
{
	char name[LINEINFO_INLINE_NAME_LEN];
	struct lineinfo_loc at = *loc;
	unsigned int i, shown = 0;

	for (i = n; i-- > 0 && shown < LINEINFO_PRINT_INLINE; shown++) {
		if (i + 1 < n) {
			at.file = calls[i + 1].file;
			at.line = calls[i + 1].line;
		}
		if (lineinfo_call_name(&calls[i], name, sizeof(name)) == sizeof(name) - 1)
			strscpy(name + sizeof(name) - 4, "...", 4);
		fn(ctx, name, at.file ? &at : NULL);
	}
	if (n > shown)
		fn(ctx, NULL, NULL);
	return shown + (n > shown);
}

/*
 * Decode @addr once: its location into @loc and its inline chain into
 * @calls; return the depth of the chain, 0 if there is none or it is too
 * deep to have been kept whole, or -1 without line information at @addr.
 * Call with preemption disabled.
 */
static int lineinfo_decode(unsigned long addr, struct lineinfo_loc *loc,
			   struct lineinfo_call *calls)
{
	unsigned long offset;
	unsigned int range, n;
	const void *blob;

	if (!lineinfo_place(addr, &blob, &range, &offset) ||
	    !lineinfo_blob_find(blob, range, offset, loc))
		return -1;
	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE))
		return 0;
	n = lineinfo_blob_inline(blob, range, offset, calls, LINEINFO_MAX_DEPTH);
	return n > LINEINFO_MAX_DEPTH ? 0 : n;
}

/**
 * kallsyms_lineinfo_walk_inline - the inlined calls at a code address
 * @addr: the address, as for kallsyms_lineinfo_lookup()
 * @fn: called for each inlined call holding @addr, innermost first, with
 *	the inlined function's name and the place in it: for the innermost
 *	the location of @addr, for the others the call of the one inside
 *	(NULL if unknown); once more with a NULL name if the chain is deeper
 *	than LINEINFO_PRINT_INLINE and was cut at the outer end
 * @ctx: passed to @fn
 *
 * @fn runs with preemption disabled and must not keep the pointers.
 * Nothing happens without CONFIG_KALLSYMS_LINEINFO_INLINE, without inlined
 * code at @addr, or with annotations switched off.  Safe in NMI context if
 * @fn is.
 *
 * Return: the number of calls of @fn.
 */
unsigned int kallsyms_lineinfo_walk_inline(unsigned long addr, lineinfo_inline_fn fn,
					   void *ctx)
{
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	struct lineinfo_loc loc;
	unsigned int shown = 0;
	int n;

	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE) || !READ_ONCE(lineinfo_enable))
		return 0;
	preempt_disable_notrace();
	n = lineinfo_decode(addr, &loc, calls);
	if (n > 0)
		shown = lineinfo_walk_chain(calls, n, &loc, fn, ctx);
	preempt_enable_notrace();
	return shown;
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_walk_inline);

struct lineinfo_print {
	const char *log_lvl;
	const char *prefix;
};

static void lineinfo_print_one(void *ctx, const char *name, const struct lineinfo_loc *loc)
{
	const struct lineinfo_print *p = ctx;
	char where[KSYM_LINEINFO_LEN];

	where[0] = '\0';
	if (loc)
		lineinfo_format(where, sizeof(where), loc);
	printk("%s%s%s%s [inline]\n", p->log_lvl, p->prefix, name ?: "...", where);
}

/**
 * kallsyms_lineinfo_frame - the source location of a backtrace frame
 * @buf: destination for " (file:line)", or "" without one
 * @size: bytes available at @buf; KSYM_LINEINFO_LEN is enough
 * @addr: the address looked up: the exact ip of an interrupted frame, the
 *	return address minus one for the others
 * @log_lvl: the log level of the trace, or NULL to print no [inline] lines
 * @prefix: what the trace prints before a frame's symbol, e.g. " ? "
 *
 * Decodes @addr once.  With CONFIG_KALLSYMS_LINEINFO_INLINE, if @addr lies
 * in inlined code, @buf gets the line in the frame's own function, the call
 * of the outermost inlined function, and unless @log_lvl is NULL, one line
 * per inlined call is printed first, innermost first, the way syzbot
 * reports show them:
 *
 *   ? __hlist_del (include/linux/list.h:992) [inline]
 *   ? hlist_del_init (include/linux/list.h:1029) [inline]
 *   ? d_drop+0x2d/0x90 (fs/dcache.c:563)
 *
 * At most LINEINFO_PRINT_INLINE lines, then "... [inline]" for a deeper
 * chain.  Otherwise @buf gets the line of @addr.  The caller prints the
 * frame afterwards, with @buf after its symbol, so that no lookup runs
 * nested inside printk().  No locks, no allocation: safe in NMI and panic
 * context.
 *
 * Return: the number of characters stored in @buf.
 */
int kallsyms_lineinfo_frame(char *buf, size_t size, unsigned long addr,
			    const char *log_lvl, const char *prefix)
{
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	struct lineinfo_print p = { log_lvl, prefix };
	struct lineinfo_loc loc;
	int n, len = 0;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (!READ_ONCE(lineinfo_enable))
		return 0;
	preempt_disable_notrace();
	n = lineinfo_decode(addr, &loc, calls);
	if (n > 0 && log_lvl)
		lineinfo_walk_chain(calls, n, &loc, lineinfo_print_one, &p);
	if (n > 0 && calls[0].file) {
		/* in inlined code, the line in the function itself */
		loc.file = calls[0].file;
		loc.line = calls[0].line;
	}
	if (n >= 0)
		len = lineinfo_format(buf, size, &loc);
	preempt_enable_notrace();
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_frame);

#ifdef CONFIG_KALLSYMS_PARAMINFO
/* Longest parameter name and type printed; longer ones are cut */
#define LINEINFO_ARG_LEN	96

struct lineinfo_argprint {
	struct pt_regs *regs;
	const char *log_lvl;
	struct lineinfo_loc loc;	/* of the address */
	unsigned int scopes;		/* printed */
};

/*
 * The "Arguments of" line of a scope.  Kept apart from the parameter
 * lines: its %ps runs the deepest printk() of the block, so nothing else
 * shares its stack frame.
 */
static noinline void lineinfo_print_scope(const struct lineinfo_argprint *p,
					  const struct lineinfo_args *a)
{
	char name[LINEINFO_ARG_LEN], where[KSYM_LINEINFO_LEN];
	struct lineinfo_loc loc = p->loc;

	/* the place in the scope: the call of the one inside, or the address */
	if (a->file) {
		loc.file = a->file;
		loc.line = a->line;
	}
	where[0] = '\0';
	if (loc.file)
		lineinfo_format(where, sizeof(where), &loc);
	if (a->depth) {
		lineinfo_name(a->blob, a->name, name, sizeof(name));
		printk("%sArguments of %s%s [inline]:\n", p->log_lvl, name, where);
	} else {
		printk("%sArguments of %ps%s:\n", p->log_lvl,
		       (void *)instruction_pointer(p->regs), where);
	}
}

static void lineinfo_print_args(void *ctx, const struct lineinfo_args *a)
{
	struct lineinfo_argprint *p = ctx;
	char name[LINEINFO_ARG_LEN], type[LINEINFO_ARG_LEN];
	const char *reg;
	unsigned long val;
	unsigned int i;

	if (p->scopes++ > LINEINFO_PRINT_INLINE)
		return;
	lineinfo_print_scope(p, a);
	for (i = 0; i < a->nr_args && i < LINEINFO_MAX_ARGS; i++) {
		lineinfo_name(a->blob, a->arg_name[i], name, sizeof(name));
		lineinfo_name(a->blob, a->arg_type[i], type, sizeof(type));
		reg = a->reg[i] < 0 ? NULL : arch_lineinfo_reg(p->regs, a->reg[i], &val);
		if (!reg)
			printk("%s %s (%s) = <unknown here>\n", p->log_lvl, name, type);
		else
			printk("%s %s (%s) = %#lx [%s]\n", p->log_lvl, name, type, val, reg);
	}
	if (a->nr_args > LINEINFO_MAX_ARGS)
		printk("%s ...\n", p->log_lvl);
}

/**
 * kallsyms_lineinfo_show_args - print the arguments the registers hold
 * @regs: the registers of a kernel-mode exception, as the report printed
 *	them; their instruction pointer is the exact address of the
 *	faulting or trapping instruction
 * @log_lvl: the log level of the report
 *
 * After the register dump of an oops, BUG() or WARN, prints the parameters
 * of the function at that address, and of the calls inlined there that
 * have a parameter in a register, innermost first:
 *
 *   Arguments of ext4_readdir (fs/ext4/dir.c:131):
 *    file (struct file *) = 0xffff888123456000 [rdi]
 *    ctx (struct dir_context *) = <unknown here>
 *
 * A value is printed only where the DWARF location of the parameter, at
 * exactly that address, is that one register (see kallsyms_lineinfo.h); the
 * value comes from @regs, so nothing is read from memory and nothing is
 * shown that the register dump does not.  At most LINEINFO_PRINT_INLINE + 1
 * scopes of LINEINFO_MAX_ARGS parameters; names and types longer than
 * LINEINFO_ARG_LEN - 1 are cut.  Nothing is printed with annotations
 * switched off.  No locks, no allocation: safe in NMI and panic context.
 */
void kallsyms_lineinfo_show_args(struct pt_regs *regs, const char *log_lvl)
{
	struct lineinfo_argprint p = { .regs = regs, .log_lvl = log_lvl };
	unsigned long offset;
	unsigned int range;
	const void *blob;

	if (!READ_ONCE(lineinfo_enable))
		return;
	preempt_disable_notrace();
	if (lineinfo_place(instruction_pointer(regs), &blob, &range, &offset)) {
		if (!lineinfo_blob_find(blob, range, offset, &p.loc))
			p.loc.file = NULL;
		lineinfo_blob_args(blob, range, offset, lineinfo_print_args, &p);
	}
	preempt_enable_notrace();
}
EXPORT_SYMBOL_IF_KUNIT(kallsyms_lineinfo_show_args);
#endif /* CONFIG_KALLSYMS_PARAMINFO */

#ifdef CONFIG_SYSFS
/*
 * /sys/kernel/lineinfo/: the checked tables, byte for byte as they are
 * linked, for tools that decode addresses offline, as /sys/kernel/btf/
 * holds BTF.  "vmlinux" is the .text table, "vmlinux.init" the .init.text
 * table while init memory lives, and kernel/module/lineinfo.c adds one file
 * per module.  The files are added before rootfs_initcall() lets user mode
 * helpers load modules.
 */
static struct kobject *lineinfo_kobj;
static bool lineinfo_init_added;

static ssize_t lineinfo_sysfs_read(struct file *file, struct kobject *kobj,
				   struct bin_attribute *attr, char *buf,
				   loff_t off, size_t len)
{
	const struct lineinfo_table *t = attr->private;

	/* sysfs has cut @off and @len to the size of the table */
	memcpy(buf, t->start + off, len);
	return len;
}

static struct bin_attribute lineinfo_text_attr __ro_after_init = {
	.attr = { .name = "vmlinux", .mode = KALLSYMS_LINEINFO_SYSFS_MODE },
	.private = &lineinfo_text,
	.read = lineinfo_sysfs_read,
};

static struct bin_attribute lineinfo_inittext_attr __ro_after_init = {
	.attr = { .name = "vmlinux.init", .mode = KALLSYMS_LINEINFO_SYSFS_MODE },
	.private = &lineinfo_inittext,
	.read = lineinfo_sysfs_read,
};

/* Add the file of a usable vmlinux table. */
static int __init lineinfo_sysfs_add(struct bin_attribute *attr)
{
	struct lineinfo_table *t = attr->private;
	int err;

	if (lineinfo_table_check(t) < 0)
		return -ENOENT;
	attr->size = t->end - t->start;
	err = sysfs_create_bin_file(lineinfo_kobj, attr);
	if (err)
		pr_warn("cannot add /sys/kernel/lineinfo/%s: %d\n", attr->attr.name, err);
	return err;
}

static int __init lineinfo_sysfs_init(void)
{
	int err;

	lineinfo_kobj = kobject_create_and_add("lineinfo", kernel_kobj);
	if (!lineinfo_kobj)
		return -ENOMEM;
	lineinfo_sysfs_add(&lineinfo_text_attr);
	lineinfo_init_added = !lineinfo_sysfs_add(&lineinfo_inittext_attr);
	err = module_lineinfo_sysfs_init(lineinfo_kobj);
	if (err)
		pr_warn("no module files in /sys/kernel/lineinfo: %d\n", err);
	return 0;
}
subsys_initcall(lineinfo_sysfs_init);

/*
 * Remove vmlinux.init before init memory goes: sysfs_remove_bin_file()
 * waits for the readers inside lineinfo_sysfs_read() to leave, and later
 * ones fail.  The initcall above has long returned by then.
 */
static void lineinfo_sysfs_free_init(void)
{
	if (lineinfo_init_added)
		sysfs_remove_bin_file(lineinfo_kobj, &lineinfo_inittext_attr);
	lineinfo_init_added = false;
}
#else
static inline void lineinfo_sysfs_free_init(void) { }
#endif /* CONFIG_SYSFS */

/**
 * kallsyms_lineinfo_free_init - stop using the init text table
 *
 * Called before free_initmem(): after it returns, no lookup reads the init
 * blob any more, which lives in init memory, and
 * /sys/kernel/lineinfo/vmlinux.init is gone.
 */
void kallsyms_lineinfo_free_init(void)
{
	lineinfo_sysfs_free_init();
	WRITE_ONCE(lineinfo_init_live, false);
	synchronize_rcu();
}

/*
 * Say once, at boot, why a vmlinux table is unusable: lookups then fail
 * silently, and a trace without locations would leave the reader guessing.
 */
static void __init lineinfo_table_report(struct lineinfo_table *t)
{
	int range = lineinfo_table_check(t);

	if (range == -ENOEXEC)
		pr_warn("%s table has the wrong byte order, no file:line in backtraces\n",
			t->section);
	else if (range < 0 && range != -ENOENT)
		pr_warn("%s table is malformed (%d), no file:line in backtraces\n",
			t->section, range);
}

#ifdef CONFIG_DEBUG_FS
/* Bytes of a vmlinux table, 0 if it is absent or unusable. */
static unsigned long lineinfo_table_size(struct lineinfo_table *t)
{
	return lineinfo_table_check(t) >= 0 ? t->end - t->start : 0;
}

/*
 * <debugfs>/kallsyms_lineinfo/tables: which tables this kernel has, for
 * tools and tests that must know whether to expect annotations.  One
 * "name value" line each: the bytes of the usable .text and .init.text
 * tables (0 if absent or unusable; "freed" once init memory is gone), and
 * whether modules can carry tables.
 */
static int lineinfo_tables_show(struct seq_file *m, void *v)
{
	seq_printf(m, ".text %lu\n", lineinfo_table_size(&lineinfo_text));
	/* as in kallsyms_lineinfo_frame(): init memory stays until we are done */
	preempt_disable();
	if (READ_ONCE(lineinfo_init_live))
		seq_printf(m, ".init.text %lu\n", lineinfo_table_size(&lineinfo_inittext));
	else
		seq_puts(m, ".init.text freed\n");
	preempt_enable();
	seq_printf(m, "modules %c\n", IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES) ? 'y' : 'n');
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lineinfo_tables);

static int __init lineinfo_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("kallsyms_lineinfo", NULL);

	debugfs_create_file("tables", 0444, dir, NULL, &lineinfo_tables_fops);
	return 0;
}
late_initcall(lineinfo_debugfs_init);
#endif /* CONFIG_DEBUG_FS */

static int __init kallsyms_lineinfo_check_tables(void)
{
	lineinfo_table_report(&lineinfo_text);
	lineinfo_table_report(&lineinfo_inittext);
	return 0;
}
core_initcall(kallsyms_lineinfo_check_tables);
