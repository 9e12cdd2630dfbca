// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for bpf_bprintf_prepare(), which checks the format strings of
 * the printf-like BPF helpers (bpf_snprintf(), bpf_seq_printf(),
 * bpf_trace_printk()) and packs their arguments for bstr_printf().
 *
 * The arguments are packed into a per-CPU buffer.  %pB and %pI4/%pI6 are
 * formatted into it and %s is copied into it as strings; a string that does
 * not fit is cut at the end of the buffer, and an argument that finds no
 * room left is refused with -ENOSPC.  Nothing may be written behind the
 * buffer.  In struct bpf_bprintf_buffers the output buffer of the same
 * nesting level follows it, so the tests fill that one with a pattern and
 * check that the pattern is still there afterwards.
 */

#include <kunit/test.h>
#include <linux/bpf.h>
#include <linux/irqflags.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sprintf.h>
#include <linux/string.h>

#define GUARD_BYTE	0xa5

/* The most arguments the BPF helpers pass on */
#define MAX_ARGS	MAX_BPRINTF_VARARGS

struct bprintf_result {
	int err;
	size_t size;		/* bytes of the argument buffer */
	size_t dirty;		/* bytes behind it that changed */
	size_t first_dirty;	/* offset behind it of the first of them */
	char packed[MAX_BPRINTF_BUF];	/* copy of the argument buffer */
};

/*
 * Get the buffers of the next nesting level on this CPU and give them back
 * at once: the argument buffer and the output buffer behind it.
 */
static void bprintf_buffers(char **bin_args, char **buf)
{
	char fmt[] = "%d";
	u64 arg = 0;
	struct bpf_bprintf_data data = {
		.get_bin_args = true,
		.get_buf = true,
	};

	*bin_args = NULL;
	*buf = NULL;
	if (bpf_bprintf_prepare(fmt, sizeof(fmt), &arg, 1, &data))
		return;
	*bin_args = (char *)data.bin_args;
	*buf = data.buf;
	bpf_bprintf_cleanup(&data);
}

/* Bytes of the argument buffer */
static size_t bprintf_size(struct kunit *test)
{
	char *bin_args, *buf;
	unsigned long flags;

	local_irq_save(flags);
	bprintf_buffers(&bin_args, &buf);
	local_irq_restore(flags);
	KUNIT_ASSERT_NOT_NULL(test, bin_args);
	KUNIT_ASSERT_TRUE_MSG(test, buf > bin_args && buf - bin_args < MAX_BPRINTF_BUF,
			      "output buffer not right behind the argument buffer");
	return buf - bin_args;
}

/*
 * Run bpf_bprintf_prepare() on @fmt with the output buffer behind the
 * argument buffer filled with GUARD_BYTE.  With interrupts off, the call
 * gets the same buffers on this CPU as bprintf_buffers() did before it, and
 * nothing else can take them in between.
 */
static void bprintf_guarded(struct kunit *test, char *fmt, const u64 *args,
			    u32 num_args, struct bprintf_result *res)
{
	struct bpf_bprintf_data data = {
		.get_bin_args = true,
	};
	char *bin_args, *guard;
	unsigned long flags;
	bool same;
	size_t i;

	memset(res, 0, sizeof(*res));
	local_irq_save(flags);
	bprintf_buffers(&bin_args, &guard);
	if (!bin_args) {
		local_irq_restore(flags);
		KUNIT_FAIL(test, "no bprintf buffers");
		return;
	}
	res->size = guard - bin_args;
	memset(guard, GUARD_BYTE, MAX_BPRINTF_BUF);

	res->err = bpf_bprintf_prepare(fmt, strlen(fmt) + 1, args, num_args, &data);

	memcpy(res->packed, bin_args, res->size);
	for (i = 0; i < MAX_BPRINTF_BUF; i++) {
		if ((u8)guard[i] == GUARD_BYTE)
			continue;
		if (!res->dirty++)
			res->first_dirty = i;
	}
	same = (char *)data.bin_args == bin_args;
	if (!res->err)
		bpf_bprintf_cleanup(&data);
	local_irq_restore(flags);

	KUNIT_EXPECT_TRUE_MSG(test, same, "not the buffer of the guard");

	KUNIT_EXPECT_EQ_MSG(test, res->dirty, 0,
			    "\"%s\" wrote behind the %zu-byte argument buffer, first at +%zu",
			    fmt, res->size, res->first_dirty);
}

/* A string of @len bytes for %s, which takes @len + 1 of the buffer */
static u64 bprintf_filler(struct kunit *test, size_t len)
{
	char *s = kunit_kzalloc(test, len + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	memset(s, 'x', len);
	return (unsigned long)s;
}

/* Its name is long on purpose: %pB of it takes a good part of the buffer. */
static noinline int bprintf_test_function_whose_long_name_fills_the_buffer_soon(int x)
{
	return x * 3 + 1;
}

static unsigned long bprintf_long_name_address(void)
{
	/* a return address inside it, as %pB expects */
	return (unsigned long)bprintf_test_function_whose_long_name_fills_the_buffer_soon + 1;
}

/*
 * Several %pB of a long name, more than the buffer holds, then %d: the %pB
 * that does not fit is cut, the arguments after it find no room.
 */
static void bprintf_pB_long_names(struct kunit *test)
{
	struct bprintf_result *res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	unsigned long addr = bprintf_long_name_address();
	u64 args[MAX_ARGS];
	char fmt[4 * MAX_ARGS + 1] = "";
	size_t size, len, n, i;

	KUNIT_ASSERT_NOT_NULL(test, res);
	if (!IS_ENABLED(CONFIG_KALLSYMS))
		kunit_skip(test, "%%pB prints no names without CONFIG_KALLSYMS");
	size = bprintf_size(test);
	len = snprintf(NULL, 0, "%pB", (void *)addr);
	/* enough %pB to fill the buffer and one more, then a %d */
	n = size / (len + 1) + 2;
	KUNIT_ASSERT_LE_MSG(test, n + 1, (size_t)MAX_ARGS, "%%pB of %ps is too short (%zu)",
			    (void *)addr, len);
	for (i = 0; i < n; i++) {
		strcat(fmt, "%pB ");
		args[i] = addr;
	}
	strcat(fmt, "%d");
	args[n] = 42;

	bprintf_guarded(test, fmt, args, n + 1, res);
	KUNIT_EXPECT_EQ_MSG(test, res->err, -ENOSPC,
			    "%zu x %%pB of %zu bytes and %%d in %zu bytes", n, len, size);
}

/* A %pB that is the last argument is cut at the end of the buffer, like %s. */
static void bprintf_pB_cut_at_end(struct kunit *test)
{
	struct bprintf_result *res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	unsigned long addr = bprintf_long_name_address();
	char fmt[] = "%s%pB";
	char expect[16];
	size_t size, room = sizeof(expect);
	u64 args[2];

	KUNIT_ASSERT_NOT_NULL(test, res);
	size = bprintf_size(test);
	args[0] = bprintf_filler(test, size - room - 1);
	args[1] = addr;
	snprintf(expect, sizeof(expect), "%pB", (void *)addr);

	bprintf_guarded(test, fmt, args, 2, res);
	KUNIT_EXPECT_EQ(test, res->err, 0);
	KUNIT_EXPECT_STREQ(test, res->packed + size - room, expect);
}

/*
 * %pI6 is checked against the 16 bytes of the address, but needs up to 40
 * for its text: cut, then %d finds no room.
 */
static void bprintf_ip6_cut(struct kunit *test)
{
	struct bprintf_result *res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	static const u8 ip6[16] = {
		0xfe, 0x80, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc,
		0xde, 0xf0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc,
	};
	char fmt[] = "%s%pI6 %d";
	size_t size, room = 20;
	u64 args[3];

	KUNIT_ASSERT_NOT_NULL(test, res);
	size = bprintf_size(test);
	args[0] = bprintf_filler(test, size - room - 1);
	args[1] = (unsigned long)ip6;
	args[2] = 42;

	bprintf_guarded(test, fmt, args, 3, res);
	KUNIT_EXPECT_EQ(test, res->err, -ENOSPC);
}

/*
 * What BPF programs get for %pB is what they have always got,
 * "symbol+offset/size", whatever the kernel appends to its own backtraces.
 */
static void bprintf_pB_format(struct kunit *test)
{
	struct bprintf_result *res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	/* a return address in vmlinux text: no module name */
	unsigned long addr = (unsigned long)bpf_bprintf_prepare + 1;
	unsigned long size, offset;
	char expect[KSYM_NAME_LEN + 64];
	char fmt[] = "%pB";
	u64 arg = addr;

	KUNIT_ASSERT_NOT_NULL(test, res);
	if (!IS_ENABLED(CONFIG_KALLSYMS))
		kunit_skip(test, "%%pB prints no names without CONFIG_KALLSYMS");
	KUNIT_ASSERT_TRUE(test, kallsyms_lookup_size_offset(addr - 1, &size, &offset));
	snprintf(expect, sizeof(expect), "%ps+%#lx/%#lx", (void *)(addr - 1),
		 offset + 1, size);

	bprintf_guarded(test, fmt, &arg, 1, res);
	KUNIT_ASSERT_EQ(test, res->err, 0);
	KUNIT_EXPECT_STREQ(test, res->packed, expect);
}

static struct kunit_case bprintf_test_cases[] = {
	KUNIT_CASE(bprintf_pB_long_names),
	KUNIT_CASE(bprintf_pB_cut_at_end),
	KUNIT_CASE(bprintf_ip6_cut),
	KUNIT_CASE(bprintf_pB_format),
	{}
};

static struct kunit_suite bprintf_test_suite = {
	.name = "bpf_bprintf",
	.test_cases = bprintf_test_cases,
};

kunit_test_suite(bprintf_test_suite);

MODULE_DESCRIPTION("KUnit tests for the argument packing of the BPF printf helpers");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
