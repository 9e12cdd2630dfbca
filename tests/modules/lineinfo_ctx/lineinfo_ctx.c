// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo_ctx: saved stack traces printed from preemptible process
 * context of a module, for the debug kernel of tests/debug/run.sh
 * (lockdep, DEBUG_ATOMIC_SLEEP, KASAN, UBSAN).
 *
 * stack_trace_print() annotates each entry with file:line, which looks the
 * address up in vmlinux's or a module's tables (and in a module's ORC
 * table); from a module's init function and from a debugfs write that
 * runs with preemption enabled and no module_mutex held, so every lookup
 * there must protect itself.
 *
 *   insmod lineinfo_ctx.ko                         # from init: print + snprint
 *   echo 1 > /sys/kernel/debug/lineinfo_ctx/trace  # same from normal text
 *   rmmod lineinfo_ctx
 *
 * Each run logs "lineinfo_ctx: <where>: N entries, snprint M bytes".
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/stacktrace.h>

#define LINEINFO_CTX_ENTRIES	32
#define LINEINFO_CTX_BUF	4096

static unsigned int lineinfo_ctx_runs;

static noinline int lineinfo_ctx_trace(const char *where)
{
	unsigned long *entries;
	unsigned int n;
	char *buf, *line, *p;
	int len;

	might_sleep();
	entries = kcalloc(LINEINFO_CTX_ENTRIES, sizeof(*entries), GFP_KERNEL);
	buf = kmalloc(LINEINFO_CTX_BUF, GFP_KERNEL);
	if (!entries || !buf) {
		kfree(entries);
		kfree(buf);
		return -ENOMEM;
	}
	n = stack_trace_save(entries, LINEINFO_CTX_ENTRIES, 0);
	pr_info("lineinfo_ctx: stack_trace_print from %s:\n", where);
	stack_trace_print(entries, n, 1);
	len = stack_trace_snprint(buf, LINEINFO_CTX_BUF, entries, n, 1);
	pr_info("lineinfo_ctx: stack_trace_snprint from %s:\n", where);
	for (p = buf; (line = strsep(&p, "\n")) != NULL;)
		if (*line)
			pr_info("%s\n", line);
	lineinfo_ctx_runs++;
	pr_info("lineinfo_ctx: %s: %u entries, snprint %d bytes\n", where, n, len);
	kfree(buf);
	kfree(entries);
	return 0;
}

static ssize_t trace_write(struct file *file, const char __user *ubuf,
			   size_t count, loff_t *ppos)
{
	int ret = lineinfo_ctx_trace("debugfs write");

	return ret ? ret : count;
}

static const struct file_operations trace_fops = {
	.owner = THIS_MODULE,
	.write = trace_write,
	.llseek = noop_llseek,
};

static struct dentry *lineinfo_ctx_dir;

static int __init lineinfo_ctx_init(void)
{
	int ret = lineinfo_ctx_trace("init");

	if (ret)
		return ret;
	lineinfo_ctx_dir = debugfs_create_dir("lineinfo_ctx", NULL);
	debugfs_create_file("trace", 0200, lineinfo_ctx_dir, NULL, &trace_fops);
	return 0;
}

static void __exit lineinfo_ctx_exit(void)
{
	debugfs_remove_recursive(lineinfo_ctx_dir);
	pr_info("lineinfo_ctx: unloaded after %u traces\n", lineinfo_ctx_runs);
}

module_init(lineinfo_ctx_init);
module_exit(lineinfo_ctx_exit);
MODULE_DESCRIPTION("stack_trace_print/snprint with file:line from preemptible module context");
MODULE_LICENSE("GPL");
