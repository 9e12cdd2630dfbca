// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo_test: an external (M=) module that WARNs from its init function,
 * from normal text and from its exit function, so that the boot tests can
 * check the file:line annotations of module frames in all three kinds of
 * module text (.init.text, .text, .exit.text) of a module built outside the
 * kernel tree.
 *
 *   insmod lineinfo_test.ko warn_init=1 warn_exit=1
 *   echo 1 > /sys/module/lineinfo_test/parameters/trigger  # WARN from .text
 *   echo 1 > /sys/kernel/debug/lineinfo_test/warn           # same, via debugfs
 *   echo 1 > /sys/kernel/debug/lineinfo_test/warn_inline    # WARN two inline levels deep
 *   rmmod lineinfo_test                                     # WARN from .exit.text
 *
 * With CONFIG_KFENCE it also makes a KFENCE report whose access, allocation
 * and free stacks run through this module:
 *
 *   echo 1 > /sys/kernel/debug/lineinfo_test/kfence_uaf
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kfence.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

static bool warn_init;
module_param(warn_init, bool, 0444);
MODULE_PARM_DESC(warn_init, "WARN from the module's init function");

static bool warn_exit;
module_param(warn_exit, bool, 0444);
MODULE_PARM_DESC(warn_exit, "WARN from the module's exit function");

static int lineinfo_test_count;

/* Normal module text: two frames of the module below the sysfs/debugfs write. */
static noinline void lineinfo_test_warn(const char *from)
{
	lineinfo_test_count++;
	WARN(1, "lineinfo_test: WARN from %s (%d)\n", from, lineinfo_test_count);
}

static noinline int lineinfo_test_trigger(const char *from)
{
	lineinfo_test_warn(from);
	barrier();		/* keep the call above a real call, not a tail call */
	return 0;
}

static int trigger_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	if (on)
		ret = lineinfo_test_trigger("module text (parameter)");
	return ret;
}

static const struct kernel_param_ops trigger_ops = {
	.set = trigger_set,
	.get = param_get_int,
};
module_param_cb(trigger, &trigger_ops, &lineinfo_test_count, 0644);
MODULE_PARM_DESC(trigger, "write 1: WARN from normal module text; read: number of WARNs");

static ssize_t warn_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	int ret = lineinfo_test_trigger("module text (debugfs)");

	return ret ? ret : count;
}

/* A WARN inside a chain of two inlined calls, for the [inline] lines */
static __always_inline void lineinfo_test_inner(int n)
{
	WARN(n > 0, "lineinfo_test: WARN in an inline chain (%d)\n", n);
}

static __always_inline void lineinfo_test_outer(int n)
{
	lineinfo_test_inner(n + 1);
	lineinfo_test_count++;
}

static noinline int lineinfo_test_inline_trigger(int n)
{
	lineinfo_test_outer(n);
	barrier();		/* keep a frame of our own */
	return 0;
}

static ssize_t warn_inline_write(struct file *file, const char __user *buf,
				 size_t count, loff_t *ppos)
{
	int ret = lineinfo_test_inline_trigger(lineinfo_test_count);

	return ret ? ret : count;
}

/*
 * A WARN in a function whose arguments are known: magic and n are used
 * after the WARN's printk call, so at its trap they are in callee-saved
 * registers, where DWARF says so; tag is not, so its register may be
 * reused.  It is not static and its result is used, so neither compiler
 * may drop or move an argument: gcc could clone it (__noipa keeps it
 * whole), clang, which has no noipa, would drop the unused magic of a
 * static function and pass n in another register.
 */
static unsigned long lineinfo_test_magic = 0x1234abcd5678UL;
unsigned long lineinfo_test_sum;
unsigned long lineinfo_test_args(unsigned long magic, const char *tag, int n);

noinline __noipa unsigned long lineinfo_test_args(unsigned long magic, const char *tag, int n)
{
	WARN(n > 0, "lineinfo_test: WARN with arguments (%s)\n", tag);
	return magic + n;
}

static ssize_t warn_args_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	lineinfo_test_count++;
	lineinfo_test_sum += lineinfo_test_args(READ_ONCE(lineinfo_test_magic), "args",
						lineinfo_test_count);
	return count;
}

static const struct file_operations warn_args_fops = {
	.owner = THIS_MODULE,
	.write = warn_args_write,
	.llseek = noop_llseek,
};

static const struct file_operations warn_inline_fops = {
	.owner = THIS_MODULE,
	.write = warn_inline_write,
	.llseek = noop_llseek,
};

static const struct file_operations warn_fops = {
	.owner = THIS_MODULE,
	.write = warn_write,
	.llseek = noop_llseek,
};

#ifdef CONFIG_KFENCE
/*
 * Use after free of a KFENCE object: allocate until KFENCE hands out one
 * (every kfence.sample_interval ms), free it, read it.  Each step is a
 * function of its own, so each stack of the report has a frame here.
 * No function here starts with "kfence_": KFENCE's report skips such
 * frames as its own.
 */
static noinline char *lineinfo_test_kfence_alloc(void)
{
	char *p;
	int i;

	for (i = 0; i < 2000; i++) {
		p = kmalloc(32, GFP_KERNEL);
		if (!p || is_kfence_address(p))
			return p;
		kfree(p);
		msleep(5);
	}
	return NULL;
}

static int lineinfo_test_freed;

static noinline void lineinfo_test_kfence_free(char *p)
{
	kfree(p);
	lineinfo_test_freed++;	/* not a tail call: keep this frame */
}

static noinline char lineinfo_test_kfence_read(char *p)
{
	return READ_ONCE(p[3]);
}

static ssize_t uaf_write(struct file *file, const char __user *buf,
				size_t count, loff_t *ppos)
{
	char *p = lineinfo_test_kfence_alloc();
	char c;

	if (!p || !is_kfence_address(p)) {
		kfree(p);
		pr_info("lineinfo_test: no KFENCE object\n");
		return -EAGAIN;
	}
	lineinfo_test_kfence_free(p);
	c = lineinfo_test_kfence_read(p);
	pr_info("lineinfo_test: KFENCE use-after-free done (%d)\n", c);
	return count;
}

static const struct file_operations uaf_fops = {
	.owner = THIS_MODULE,
	.write = uaf_write,
	.llseek = noop_llseek,
};
#endif

static struct dentry *lineinfo_test_dir;

static noinline void __init lineinfo_test_init_warn(void)
{
	WARN(1, "lineinfo_test: WARN from init text\n");
}

static int __init lineinfo_test_init(void)
{
	if (warn_init)
		lineinfo_test_init_warn();
	lineinfo_test_dir = debugfs_create_dir("lineinfo_test", NULL);
	debugfs_create_file("warn", 0200, lineinfo_test_dir, NULL, &warn_fops);
	debugfs_create_file("warn_inline", 0200, lineinfo_test_dir, NULL, &warn_inline_fops);
	debugfs_create_file("warn_args", 0200, lineinfo_test_dir, NULL, &warn_args_fops);
#ifdef CONFIG_KFENCE
	debugfs_create_file("kfence_uaf", 0200, lineinfo_test_dir, NULL, &uaf_fops);
#endif
	return 0;
}

static noinline void __exit lineinfo_test_exit_warn(void)
{
	WARN(1, "lineinfo_test: WARN from exit text\n");
}

static void __exit lineinfo_test_exit(void)
{
	/* not a tail call: keep a frame of lineinfo_test_exit in the trace */
	if (warn_exit)
		lineinfo_test_exit_warn();
	debugfs_remove_recursive(lineinfo_test_dir);
}

module_init(lineinfo_test_init);
module_exit(lineinfo_test_exit);
MODULE_DESCRIPTION("WARNs from init, normal and exit text, to test file:line in module backtraces");
MODULE_LICENSE("GPL");
