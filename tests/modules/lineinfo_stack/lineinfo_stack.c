// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo_stack: measure, in the running kernel, how deep into the task
 * stack a backtrace print goes, so that the boot tests can compare the
 * kernel with file:line annotations switched on and off
 * (/sys/module/kallsyms_lineinfo/parameters/enable).
 *
 * A write to one of the debugfs files runs its print once and logs
 *
 *   lineinfo_stack: dump_stack depth 2712
 *
 * the number of bytes of stack below the measuring function that the print
 * used; a read returns the last figure.
 *
 *   /sys/kernel/debug/lineinfo_stack/dump_stack   dump_stack() from inlined
 *	code two levels deep, in a function that is itself called from
 *	inlined code: the Call Trace has [inline] lines
 *   /sys/kernel/debug/lineinfo_stack/warn         a WARN in a function with
 *	register arguments, called from inlined code: __warn(), show_regs()
 *	with the "Arguments of" block and the Call Trace
 *   /sys/kernel/debug/lineinfo_stack/stack_trace  stack_trace_save() and
 *	stack_trace_print() of that trace, from the same kind of place
 *
 * Method: fill the unused part of the task stack, from a margin above its
 * end up to a margin below our stack pointer, with a pattern; run the
 * print; scan up from the bottom for the first byte that is not the
 * pattern.  Interrupts are disabled from the fill to the scan, so no
 * interrupt entry frame (x86-64 pushes pt_regs on the task stack before it
 * switches to the IRQ stack) lands in the measured area: the figure is
 * that of the print alone.  The printers are fine with that (dump_stack()
 * disables interrupts itself, a WARN keeps them as they were, printk() and
 * the serial console spin), and the console output happens in our context,
 * so its stack is counted too.  NMIs and #DB run on IST stacks.  A local
 * that the print never writes keeps the pattern, so the figure is where
 * the print wrote, not its lowest stack pointer; the difference is at most
 * the unwritten part of the deepest frame.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/sched/task_stack.h>
#include <linux/stacktrace.h>
#include <linux/uaccess.h>

#define LINEINFO_STACK_PATTERN	0x6b5a93c1d4e2f781UL
/* not filled: STACK_END_MAGIC and a little more at the end of the stack */
#define LINEINFO_STACK_BOTTOM	256
/* not filled: below our stack pointer, for the call and irq save */
#define LINEINFO_STACK_TOP	256
#define LINEINFO_STACK_ENTRIES	64

static int lineinfo_stack_count;

/*
 * Fill, run @fn with interrupts disabled, scan.  Returns the bytes used
 * below our stack pointer, or -E2BIG when the print reached the bottom
 * margin (nothing left to measure with).
 */
static noinline long lineinfo_stack_measure(void (*fn)(void))
{
	unsigned long sp = current_stack_pointer;
	unsigned long base = (unsigned long)task_stack_page(current);
	static const unsigned long pattern = LINEINFO_STACK_PATTERN;
	const u8 *b, *pat = (const u8 *)&pattern;
	unsigned long *bottom, *top, *p, flags;
	unsigned int i;

	if (sp < base + LINEINFO_STACK_BOTTOM + LINEINFO_STACK_TOP ||
	    sp >= base + THREAD_SIZE)
		return -EINVAL;
	bottom = (unsigned long *)(base + LINEINFO_STACK_BOTTOM);
	top = (unsigned long *)((sp - LINEINFO_STACK_TOP) & ~(sizeof(long) - 1));

	local_irq_save(flags);
	/* volatile stores: no memset() call, whose frame would be in the way */
	for (p = bottom; p < top; p++)
		WRITE_ONCE(*p, LINEINFO_STACK_PATTERN);
	fn();
	for (p = bottom; p < top && READ_ONCE(*p) == LINEINFO_STACK_PATTERN; p++)
		;
	local_irq_restore(flags);

	if (p == bottom)
		return -E2BIG;
	if (p == top)		/* nothing written below the margin */
		return sp - (unsigned long)top;
	/* the lowest byte of that word that differs */
	b = (const u8 *)p;
	for (i = 0; i < sizeof(long) && b[i] == pat[i]; i++)
		;
	return sp - (unsigned long)(b + i);
}

/*
 * (a) dump_stack() from inlined code, in a function called from inlined
 * code: two [inline] lines for each of the two frames.
 */
static __always_inline void lineinfo_stack_dump_inner(int n)
{
	if (n > 0)
		dump_stack();
}

static __always_inline void lineinfo_stack_dump_outer(int n)
{
	lineinfo_stack_dump_inner(n + 1);
	lineinfo_stack_count++;
}

static noinline void lineinfo_stack_dump_leaf(int n)
{
	lineinfo_stack_dump_outer(n);
	barrier();		/* keep a frame of our own */
}

static __always_inline void lineinfo_stack_dump_call(int n)
{
	lineinfo_stack_dump_leaf(n + 1);
	lineinfo_stack_count++;
}

static __always_inline void lineinfo_stack_dump_caller(int n)
{
	lineinfo_stack_dump_call(n + 1);
	barrier();
}

static noinline void lineinfo_stack_dump(void)
{
	lineinfo_stack_dump_caller(READ_ONCE(lineinfo_stack_count));
	barrier();
}

/*
 * (b) A WARN in a function with arguments in registers, as lineinfo_test's
 * lineinfo_test_args: magic and n are used after the WARN, so they are in
 * callee-saved registers at its trap; global and __noipa, so the compiler
 * keeps every argument.  It is called from inlined code.
 */
static unsigned long lineinfo_stack_magic = 0x5eed1234abcdUL;
unsigned long lineinfo_stack_sum;
unsigned long lineinfo_stack_args(unsigned long magic, const char *tag, int n);

noinline __noipa unsigned long lineinfo_stack_args(unsigned long magic, const char *tag, int n)
{
	WARN(n > 0, "lineinfo_stack: WARN with arguments (%s)\n", tag);
	return magic + n;
}

static __always_inline void lineinfo_stack_warn_inner(int n)
{
	lineinfo_stack_sum += lineinfo_stack_args(READ_ONCE(lineinfo_stack_magic), "stack", n);
}

static __always_inline void lineinfo_stack_warn_outer(int n)
{
	lineinfo_stack_warn_inner(n + 1);
	lineinfo_stack_count++;
}

static noinline void lineinfo_stack_warn(void)
{
	lineinfo_stack_warn_outer(READ_ONCE(lineinfo_stack_count));
	barrier();
}

/*
 * (c) stack_trace_save() from inlined code, then stack_trace_print() of
 * the saved entries.
 */
static __always_inline unsigned int lineinfo_stack_save_inner(unsigned long *entries, int n)
{
	return n > 0 ? stack_trace_save(entries, LINEINFO_STACK_ENTRIES, 0) : 0;
}

static __always_inline unsigned int lineinfo_stack_save_outer(unsigned long *entries, int n)
{
	unsigned int nr = lineinfo_stack_save_inner(entries, n + 1);

	lineinfo_stack_count++;
	return nr;
}

static noinline void lineinfo_stack_trace(void)
{
	unsigned long entries[LINEINFO_STACK_ENTRIES];
	unsigned int nr;

	nr = lineinfo_stack_save_outer(entries, READ_ONCE(lineinfo_stack_count));
	stack_trace_print(entries, nr, 1);
}

struct lineinfo_stack_path {
	const char *name;
	void (*fn)(void);
	long depth;		/* last figure, or -errno */
};

static struct lineinfo_stack_path lineinfo_stack_paths[] = {
	{ "dump_stack", lineinfo_stack_dump },
	{ "warn", lineinfo_stack_warn },
	{ "stack_trace", lineinfo_stack_trace },
};

static DEFINE_MUTEX(lineinfo_stack_lock);

static ssize_t lineinfo_stack_write(struct file *file, const char __user *buf,
				    size_t count, loff_t *ppos)
{
	struct lineinfo_stack_path *path = file->private_data;
	long depth;

	mutex_lock(&lineinfo_stack_lock);
	depth = lineinfo_stack_measure(path->fn);
	path->depth = depth;
	mutex_unlock(&lineinfo_stack_lock);
	if (depth < 0) {
		pr_err("lineinfo_stack: %s: no figure (%ld)\n", path->name, depth);
		return depth;
	}
	pr_info("lineinfo_stack: %s depth %ld\n", path->name, depth);
	return count;
}

static ssize_t lineinfo_stack_read(struct file *file, char __user *buf,
				   size_t count, loff_t *ppos)
{
	struct lineinfo_stack_path *path = file->private_data;
	char s[24];
	int len;

	len = scnprintf(s, sizeof(s), "%ld\n", READ_ONCE(path->depth));
	return simple_read_from_buffer(buf, count, ppos, s, len);
}

static const struct file_operations lineinfo_stack_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = lineinfo_stack_read,
	.write = lineinfo_stack_write,
	.llseek = default_llseek,
};

static struct dentry *lineinfo_stack_dir;

static int __init lineinfo_stack_init(void)
{
	unsigned int i;

	lineinfo_stack_dir = debugfs_create_dir("lineinfo_stack", NULL);
	for (i = 0; i < ARRAY_SIZE(lineinfo_stack_paths); i++) {
		lineinfo_stack_paths[i].depth = -ENODATA;
		debugfs_create_file(lineinfo_stack_paths[i].name, 0600, lineinfo_stack_dir,
				    &lineinfo_stack_paths[i], &lineinfo_stack_fops);
	}
	return 0;
}

static void __exit lineinfo_stack_exit(void)
{
	debugfs_remove_recursive(lineinfo_stack_dir);
}

module_init(lineinfo_stack_init);
module_exit(lineinfo_stack_exit);
MODULE_DESCRIPTION("Stack depth of backtrace prints, for the file:line stack budget");
MODULE_LICENSE("GPL");
