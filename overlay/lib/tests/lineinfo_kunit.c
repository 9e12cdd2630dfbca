// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for file:line annotations of backtraces
 * (CONFIG_KALLSYMS_LINEINFO and CONFIG_KALLSYMS_LINEINFO_MODULES).
 *
 * Built in, the functions below are vmlinux text; built as a module they
 * are module text and exercise .mod_lineinfo.  Expected lines come from
 * __LINE__ markers around each function, never from hard-coded numbers.
 */

#include <kunit/test.h>
#include <linux/bug.h>
#include <linux/hrtimer.h>
#include <linux/kallsyms.h>
#include <linux/kallsyms_lineinfo.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/swab.h>
#include <asm/sections.h>
#ifdef CONFIG_X86_64
#include <asm/asm.h>		/* _ASM_EXTABLE() of li_fault_load() */
#endif

/* The path the annotations use, relative to the source tree, like __FILE__ */
#define THIS_FILE __FILE__

static bool li_is_module(void)
{
#ifdef MODULE
	return true;
#else
	return false;
#endif
}

static bool li_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* A real blob to break: vmlinux's, or this module's own .mod_lineinfo. */
static const u8 *li_real_blob(size_t *size)
{
#ifdef MODULE
#ifdef CONFIG_KALLSYMS_LINEINFO_MODULES
	return module_lineinfo_blob(THIS_MODULE, size);
#else
	*size = 0;
	return NULL;
#endif
#else
	*size = kallsyms_lineinfo_end - kallsyms_lineinfo;
	return kallsyms_lineinfo;
#endif
}

/* A return address recorded by li_capture(), with the line of its call. */
struct li_site {
	unsigned long ret;
	int line;
};

static struct li_site li_sites[6];

static noinline void li_capture(int slot, int line)
{
	li_sites[slot].ret = (unsigned long)__builtin_return_address(0);
	li_sites[slot].line = line;
	barrier();
}

enum { LI_TINY_FIRST = __LINE__ };

static noinline int li_tiny(int x)
{
	return x * 3 + 1;
}

enum { LI_TINY_LAST = __LINE__ };

enum { LI_LONG_FIRST = __LINE__ };

static noinline int li_long(int n)
{
	int i, acc = 0;

	for (i = 0; i < n; i++) {
		if (i & 1)
			acc += i * i;
		else
			acc ^= i << 3;
		if (acc > 100000)
			acc /= 7;
	}
	li_capture(0, __LINE__);
	return acc;
}

enum { LI_LONG_LAST = __LINE__ };

enum { LI_INLINE_FIRST = __LINE__ };

static __always_inline int li_inline(int x)
{
	li_capture(1, __LINE__);
	return x + 2;
}

enum { LI_INLINE_LAST = __LINE__ };

enum { LI_INLINE_CALL = __LINE__ + 3 };
static noinline int li_calls_inline(int x)
{
	return li_inline(x) * 5;
}

/* An inline chain two deep: li_in2() in li_in1() in li_inline_chain(). */
static __always_inline int li_in2(int x)
{
	li_capture(4, __LINE__);
	return x + 1;
}

enum { LI_IN2_CALL = __LINE__ + 3 };
static __always_inline int li_in1(int x)
{
	return li_in2(x) * 2;
}

enum { LI_IN1_CALL = __LINE__ + 3 };
static noinline int li_inline_chain(int x)
{
	return li_in1(x) + 3;
}

/* A short call chain: each frame's return address is a call's line. */
static noinline int li_chain_inner(int x)
{
	li_capture(2, __LINE__);
	return x - 1;
}

static noinline int li_chain_outer(int x)
{
	int r = li_chain_inner(x);

	li_capture(3, __LINE__);
	return r;
}

/*
 * Look @addr up (no "minus one") and split " (file:line)": as a single
 * exact location, the innermost one (kallsyms_lineinfo_sprint()), or as the
 * frame of a backtrace prints it (kallsyms_lineinfo_frame()), which in
 * inlined code is the line in the frame's own function.  Both cover vmlinux
 * and modules alike.
 */
static bool li_lookup_as(unsigned long addr, bool frame, char *file, size_t size,
			 unsigned int *line)
{
	char buf[KSYM_SYMBOL_LEN];
	char *colon;
	int len;

	if (frame)
		len = kallsyms_lineinfo_frame(buf, sizeof(buf), addr, NULL, NULL);
	else
		len = kallsyms_lineinfo_sprint(buf, sizeof(buf), addr);
	if (len < 6 || strncmp(buf, " (", 2) || buf[len - 1] != ')')
		return false;
	buf[len - 1] = '\0';
	colon = strrchr(buf, ':');
	if (!colon || kstrtouint(colon + 1, 10, line))
		return false;
	*colon = '\0';
	strscpy(file, buf + 2, size);
	return true;
}

static bool li_lookup(unsigned long addr, char *file, size_t size,
		      unsigned int *line)
{
	return li_lookup_as(addr, false, file, size, line);
}

static void li_expect_in(struct kunit *test, unsigned long addr,
			 int first, int last, const char *what)
{
	char file[128];
	unsigned int line;

	KUNIT_ASSERT_TRUE_MSG(test, li_lookup(addr, file, sizeof(file), &line),
			      "%s (%pS) has no line information", what, (void *)addr);
	KUNIT_EXPECT_STREQ_MSG(test, file, THIS_FILE, "file of %s", what);
	KUNIT_EXPECT_GT_MSG(test, line, first, "line of %s", what);
	KUNIT_EXPECT_LT_MSG(test, line, last, "line of %s", what);
}

/* The location of @addr as the frame of a backtrace prints it */
static void li_expect_line(struct kunit *test, unsigned long addr, int want,
			   const char *what)
{
	char file[128];
	unsigned int line;

	KUNIT_ASSERT_TRUE_MSG(test, li_lookup_as(addr, true, file, sizeof(file), &line),
			      "%s (%pS) has no line information", what, (void *)addr);
	KUNIT_EXPECT_STREQ_MSG(test, file, THIS_FILE, "file of %s", what);
	KUNIT_EXPECT_EQ_MSG(test, line, want, "line of %s", what);
}

static void lineinfo_known_functions(struct kunit *test)
{
	if (li_is_module() &&
	    !IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES))
		kunit_skip(test, "modules carry no line information");
	li_expect_in(test, (unsigned long)li_tiny, LI_TINY_FIRST, LI_TINY_LAST,
		     "li_tiny");
	li_expect_in(test, (unsigned long)li_long, LI_LONG_FIRST, LI_LONG_LAST,
		     "li_long");
	/* the last byte of a function is still inside its body */
	KUNIT_EXPECT_NE(test, li_tiny(1), 0);
}

static void lineinfo_return_addresses(struct kunit *test)
{
	memset(li_sites, 0, sizeof(li_sites));
	KUNIT_EXPECT_NE(test, li_long(40), -1);
	KUNIT_EXPECT_EQ(test, li_calls_inline(3), 25);
	KUNIT_EXPECT_EQ(test, li_chain_outer(5), 4);

	/* as backtraces do: the return address minus one is in the call */
	li_expect_line(test, li_sites[0].ret - 1, li_sites[0].line, "call in li_long");
	/* in inlined code the frame names the line in its own function */
	li_expect_line(test, li_sites[1].ret - 1,
		       IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE) ? LI_INLINE_CALL :
		       li_sites[1].line, "call inlined from li_inline");
	KUNIT_EXPECT_GT(test, li_sites[1].line, LI_INLINE_FIRST);
	KUNIT_EXPECT_LT(test, li_sites[1].line, LI_INLINE_LAST);
	li_expect_line(test, li_sites[2].ret - 1, li_sites[2].line, "call in li_chain_inner");
	li_expect_line(test, li_sites[3].ret - 1, li_sites[3].line, "call in li_chain_outer");
}

/*
 * An address the CPU executes is looked up as it is (%pSL); a return
 * address one byte back (%pB).  At a function's first byte the two rules
 * part: the exact one is in the function, the other one is not.
 */
static void lineinfo_exact_addresses(struct kunit *test)
{
	unsigned long fn = (unsigned long)li_long;
	char sym[KSYM_SYMBOL_LEN], buf[KSYM_SYMBOL_LEN], file[128], want[160];
	unsigned int line;

	if (li_is_module() && !IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES))
		kunit_skip(test, "modules carry no line information");
	li_expect_in(test, fn, LI_LONG_FIRST, LI_LONG_LAST, "first byte of li_long");
	KUNIT_ASSERT_TRUE(test, li_lookup(fn, file, sizeof(file), &line));

	/* %pSL: the symbol exactly as %pS prints it, then that location */
	snprintf(sym, sizeof(sym), "%pS", (void *)fn);
	snprintf(buf, sizeof(buf), "%pSL", (void *)fn);
	snprintf(want, sizeof(want), " (%s:%u)", file, line);
	KUNIT_ASSERT_EQ(test, strncmp(buf, sym, strlen(sym)), 0);
	KUNIT_EXPECT_STREQ(test, buf + strlen(sym), want);

	/* as a return address, it is about the byte before the function */
	kallsyms_lineinfo_frame(buf, sizeof(buf), fn - 1, NULL, NULL);
	KUNIT_EXPECT_STRNEQ_MSG(test, buf, want,
				"frame of the return address li_long: %s", buf);
}

/*
 * A single exact location (%pSL, kdb, "Kernel BUG at") prints no [inline]
 * lines, so it must be the innermost one, where addr2line puts the address;
 * only a frame names the line in its own function.
 */
static void lineinfo_exact_inline(struct kunit *test)
{
	char buf[KSYM_SYMBOL_LEN], want[160];
	unsigned long addr;

	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE))
		kunit_skip(test, "CONFIG_KALLSYMS_LINEINFO_INLINE is off");
	if (li_is_module() && !IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES))
		kunit_skip(test, "modules carry no line information");
	KUNIT_EXPECT_EQ(test, li_inline_chain(4), 13);
	/* the call of li_capture(), two inline levels deep */
	addr = li_sites[4].ret - 1;
	snprintf(want, sizeof(want), "(%s:%d)", THIS_FILE, li_sites[4].line);
	snprintf(buf, sizeof(buf), "%pSL", (void *)addr);
	KUNIT_EXPECT_TRUE_MSG(test, li_ends_with(buf, want), "%%pSL: %s, want %s", buf, want);
	kallsyms_lineinfo_sprint(buf, sizeof(buf), addr);
	KUNIT_EXPECT_TRUE_MSG(test, li_ends_with(buf, want), "sprint: %s, want %s", buf, want);
	/* the frame: the call of li_in1() in li_inline_chain() */
	snprintf(want, sizeof(want), "(%s:%d)", THIS_FILE, LI_IN1_CALL);
	kallsyms_lineinfo_frame(buf, sizeof(buf), addr, NULL, NULL);
	KUNIT_EXPECT_TRUE_MSG(test, li_ends_with(buf, want), "frame: %s, want %s", buf, want);
}

#ifdef CONFIG_STACKTRACE
/*
 * One entry of a saved stack follows one rule for its symbol and its
 * location.  A return address right after a call at the end of a function
 * (a noreturn call) is the first byte of the next one: its location is that
 * of the call, one byte back, so the symbol must be the one %pB prints
 * there, not the next function's "+0x0" that %pS prints.  Taken at the
 * first byte of each function of this file; those whose byte before has a
 * location are the ones where the two rules part.
 */
static void lineinfo_saved_stack_rule(struct kunit *test)
{
	unsigned long fns[] = {
		(unsigned long)li_tiny, (unsigned long)li_long,
		(unsigned long)li_calls_inline, (unsigned long)li_inline_chain,
		(unsigned long)li_chain_inner, (unsigned long)li_chain_outer,
	};
	char buf[KSYM_SYMBOL_LEN + KSYM_LINEINFO_LEN + 8], sym[KSYM_SYMBOL_LEN];
	char loc[KSYM_LINEINFO_LEN];
	unsigned int i, parted = 0;

	if (li_is_module() && !IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES))
		kunit_skip(test, "modules carry no line information");
	for (i = 0; i < ARRAY_SIZE(fns); i++) {
		stack_trace_snprint(buf, sizeof(buf), &fns[i], 1, 0);
		kallsyms_lineinfo_frame(loc, sizeof(loc), fns[i] - 1, NULL, NULL);
		if (loc[0]) {
			snprintf(sym, sizeof(sym), " %pB%s\n", (void *)fns[i], loc);
			parted++;
		} else {
			snprintf(sym, sizeof(sym), " %pS\n", (void *)fns[i]);
		}
		KUNIT_EXPECT_STREQ_MSG(test, buf, sym, "saved entry %pS as a return address",
				       (void *)fns[i]);
	}
	if (!parted)
		kunit_skip(test, "no byte before a function here has a location");
	kunit_info(test, "%u of %zu entries at a function's first byte have a location one byte back\n",
		   parted, ARRAY_SIZE(fns));
}
#endif

#ifdef CONFIG_DEBUG_BUGVERBOSE
static unsigned long li_bug_addr(const struct bug_entry *bug)
{
#ifdef CONFIG_GENERIC_BUG_RELATIVE_POINTERS
	return (unsigned long)&bug->bug_addr_disp + bug->bug_addr_disp;
#else
	return bug->bug_addr;
#endif
}

static const char *li_bug_file(const struct bug_entry *bug)
{
#ifdef CONFIG_GENERIC_BUG_RELATIVE_POINTERS
	return (const char *)&bug->file_disp + bug->file_disp;
#else
	return bug->file;
#endif
}

#ifndef MODULE
extern struct bug_entry __start___bug_table[], __stop___bug_table[];
#endif

/* A WARN or BUG site: the trapping instruction, with the line of the macro. */
static noinline void li_never_warns(int x)
{
	WARN_ON_ONCE(x == 0x1dead);
}
#endif

/* "kernel/futex/../locking/x.h" as "kernel/locking/x.h", in place */
static void li_collapse_dotdot(char *path)
{
	char *dots, *prev;

	while ((dots = strstr(path, "/../"))) {
		*dots = '\0';
		prev = strrchr(path, '/');
		prev = prev ? prev + 1 : path;
		memmove(prev, dots + 4, strlen(dots + 4) + 1);
	}
}

/*
 * The innermost location of @addr, the line table's own answer, which with
 * CONFIG_KALLSYMS_LINEINFO_INLINE a frame only prints in its [inline] lines.
 */
static bool li_lookup_inner(unsigned long addr, char *file, size_t size,
			    unsigned int *line)
{
	struct lineinfo_loc loc;
	bool found;

	preempt_disable();
	found = kallsyms_lineinfo_lookup(addr, &loc);
	if (found) {
		strscpy(file, loc.file, size);
		*line = loc.line;
	}
	preempt_enable();
	return found;
}

/* Does the location of @addr, by the exact rule or not, match @bug? */
static bool li_bug_matches(const struct bug_entry *bug, unsigned long addr)
{
	char file[128], want[128];
	unsigned int line;

	/* the bug table records the place of the WARN, inlined or not */
	if (!li_lookup_inner(addr, file, sizeof(file), &line))
		return false;
	strscpy(want, li_bug_file(bug), sizeof(want));
	li_collapse_dotdot(want);
	return !strcmp(file, want) && line == bug->line;
}

/*
 * The compiler records the file and line of every BUG() and WARN() site in
 * the bug table, next to the address of its trapping instruction: a second
 * oracle for the exact rule, independent of DWARF.  It is not a perfect one:
 * for a WARN in a condition that spans lines, the line table gives the
 * statement's first line where __LINE__ gives the macro's, and where the
 * compiler moves a trap the two can name different functions.  So: the
 * exact rule must agree at 99% of the sites or more, and better than the
 * return rule does, and exactly at this file's own site.  This module's
 * sites when built as a module, else those of vmlinux.
 */
static void lineinfo_bug_sites(struct kunit *test)
{
#ifdef CONFIG_DEBUG_BUGVERBOSE
	const struct bug_entry *bug, *start, *stop;
	unsigned int n = 0, exact = 0, ret = 0, own = 0;
	char buf[KSYM_SYMBOL_LEN], want[160];
	unsigned long addr;

	li_never_warns(1);
#ifdef MODULE
	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES))
		kunit_skip(test, "modules carry no line information");
	start = THIS_MODULE->bug_table;
	stop = start + THIS_MODULE->num_bugs;
#else
	start = __start___bug_table;
	stop = __stop___bug_table;
#endif
	for (bug = start; bug < stop; bug++) {
		addr = li_bug_addr(bug);
		if (!bug->line)
			continue;
		n++;
		ret += li_bug_matches(bug, addr - 1);
		if (li_bug_matches(bug, addr)) {
			exact++;
		} else if (n - exact <= 5) {
			kunit_info(test, "%pSL: bug table says %s:%u\n", (void *)addr,
				   li_bug_file(bug), bug->line);
		}

		/* this file's site, through %pSL as "Kernel BUG at" prints it */
		if (addr - (unsigned long)li_never_warns >= 64 ||
		    strcmp(li_bug_file(bug), THIS_FILE))
			continue;
		own++;
		snprintf(buf, sizeof(buf), "%pSL", (void *)addr);
		snprintf(want, sizeof(want), "(%s:%u)", THIS_FILE, bug->line);
		KUNIT_EXPECT_TRUE_MSG(test, li_ends_with(buf, want), "%s, want %s",
				      buf, want);
	}
	kunit_info(test, "%u bug sites: the exact rule agrees at %u, the return rule at %u\n",
		   n, exact, ret);
	KUNIT_EXPECT_EQ_MSG(test, own, 1, "bug table entries of li_never_warns");
	KUNIT_EXPECT_GE_MSG(test, exact * 100, n * 99, "exact rule: %u of %u", exact, n);
	if (n > 1)
		KUNIT_EXPECT_GT(test, exact, ret);
#else
	kunit_skip(test, "CONFIG_DEBUG_BUGVERBOSE is off: no file:line in the bug table");
#endif
}

#ifdef CONFIG_X86_64
/*
 * A load from a non-canonical address faults (#GP); its exception table
 * entry resumes after it.  Returns the address of the faulting instruction
 * and, in *@line, the line of the asm statement; sets *@faulted if the load
 * did fault.
 */
static noinline unsigned long li_fault(bool *faulted, int *line)
{
	unsigned long insn, bad = 0xdead000000000000UL;
	int flag = 1;

	*line = __LINE__ + 1;
	asm volatile("lea 1f(%%rip), %0\n"
		     "1: movb (%2), %%al\n"
		     "movl $0, %1\n"
		     "2:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : "=&r" (insn), "+m" (flag) : "r" (bad) : "rax", "memory");
	*faulted = flag;
	return insn;
}
#endif

/* A faulting instruction is reported by its own line (exact rule). */
static void lineinfo_faulting_instruction(struct kunit *test)
{
#ifdef CONFIG_X86_64
	char buf[KSYM_SYMBOL_LEN], want[160];
	bool faulted = false;
	unsigned long insn;
	int line;

	if (li_is_module() && !IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES))
		kunit_skip(test, "modules carry no line information");
	insn = li_fault(&faulted, &line);
	KUNIT_ASSERT_TRUE_MSG(test, faulted, "the load at %pS did not fault", (void *)insn);
	li_expect_line(test, insn, line, "faulting load in li_fault");
	snprintf(buf, sizeof(buf), "%pSL", (void *)insn);
	snprintf(want, sizeof(want), "(%s:%d)", THIS_FILE, line);
	KUNIT_EXPECT_TRUE_MSG(test, li_ends_with(buf, want), "%s, want %s", buf, want);
#else
	kunit_skip(test, "the faulting load is x86-64 assembly");
#endif
}

/*
 * The unwinders whose exact entries arch_stack_trace_next_exact() replays:
 * ORC from its data, arm64 from its exception entry code.
 */
#if defined(CONFIG_STACKTRACE) && \
	(defined(CONFIG_UNWINDER_ORC) || defined(CONFIG_ARM64))
#define LI_EXACT_REPLAY 1
#endif

#ifdef LI_EXACT_REPLAY
/*
 * A stack saved in an interrupt holds the interrupted ip, an exact address,
 * after the entry of the interrupt entry code; the entries around it are
 * return addresses.  A timer interrupt saves the stack while li_spin() runs
 * its one-line loop.
 */
static unsigned long li_irq_stack[64];
static unsigned int li_irq_nr;
static int li_spin_done;
static int li_spin_line, li_spin_call_line;

static enum hrtimer_restart li_irq_save(struct hrtimer *timer)
{
	li_irq_nr = stack_trace_save(li_irq_stack, ARRAY_SIZE(li_irq_stack), 0);
	WRITE_ONCE(li_spin_done, 1);
	return HRTIMER_NORESTART;
}

/* a call that makes li_spin() no leaf function */
static noinline void li_spin_enter(void)
{
	asm volatile("");
}

static noinline void li_spin(unsigned long budget)
{
	/*
	 * A leaf function on arm64 saves no frame record, and an unwind
	 * from inside it skips its caller: the call keeps li_spin_caller()
	 * in the saved stack.
	 */
	li_spin_enter();
	li_spin_line = __LINE__ + 1;
	do { } while (!READ_ONCE(li_spin_done) && --budget);
}

static noinline void li_spin_caller(void)
{
	li_spin_call_line = __LINE__ + 1;
	li_spin(1UL << 32);
	barrier();		/* keep a real call */
}

/* Is @addr in the function @name, or in a clone of it (name.constprop.0)? */
static bool li_in_func(unsigned long addr, const char *name)
{
	char sym[KSYM_SYMBOL_LEN];
	size_t len = strlen(name);

	snprintf(sym, sizeof(sym), "%ps", (void *)addr);
	return !strncmp(sym, name, len) &&
	       (!sym[len] || sym[len] == ' ' || sym[len] == '.');
}
#endif

static void lineinfo_saved_stack_interrupt(struct kunit *test)
{
#ifdef LI_EXACT_REPLAY
	char loc[KSYM_LINEINFO_LEN], want[160];
	struct hrtimer timer;
	unsigned int i, spin = 0;
	bool exact, found = false;
	int tries;

	if (li_is_module() && !IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES))
		kunit_skip(test, "modules carry no line information");
	/* the interrupt must land in li_spin(), not before it */
	for (tries = 0; tries < 5 && !found; tries++) {
		WRITE_ONCE(li_spin_done, 0);
		li_irq_nr = 0;
		hrtimer_init(&timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
		timer.function = li_irq_save;
		hrtimer_start(&timer, ms_to_ktime(2), HRTIMER_MODE_REL_HARD);
		li_spin_caller();
		hrtimer_cancel(&timer);
		for (i = 0; i + 1 < li_irq_nr; i++) {
			if (li_in_func(li_irq_stack[i], "li_spin") &&
			    li_in_func(li_irq_stack[i + 1], "li_spin_caller")) {
				spin = i;
				found = true;
				break;
			}
		}
	}
	if (!found)
		stack_trace_print(li_irq_stack, li_irq_nr, 4);
	KUNIT_ASSERT_TRUE_MSG(test, found, "no stack saved in an interrupt of li_spin()");

	/* follow the kinds from the first entry, a return address */
	exact = false;
	for (i = 0; i < spin; i++)
		exact = stack_trace_lineinfo(NULL, 0, li_irq_stack[i], exact);
	KUNIT_EXPECT_TRUE_MSG(test, exact, "interrupted ip %pS taken for a return address",
			      (void *)li_irq_stack[spin]);
	exact = stack_trace_lineinfo(loc, sizeof(loc), li_irq_stack[spin], exact);
	snprintf(want, sizeof(want), "(%s:%d)", THIS_FILE, li_spin_line);
	KUNIT_EXPECT_TRUE_MSG(test, li_ends_with(loc, want), "interrupted ip %pS: \"%s\", want %s",
			      (void *)li_irq_stack[spin], loc, want);

	/* the caller's entry is a return address again: the line of the call */
	KUNIT_EXPECT_FALSE(test, exact);
	stack_trace_lineinfo(loc, sizeof(loc), li_irq_stack[spin + 1], exact);
	snprintf(want, sizeof(want), "(%s:%d)", THIS_FILE, li_spin_call_line);
	KUNIT_EXPECT_TRUE_MSG(test, li_ends_with(loc, want), "return address %pS: \"%s\", want %s",
			      (void *)li_irq_stack[spin + 1], loc, want);
#else
	kunit_skip(test, "needs CONFIG_STACKTRACE and the ORC or arm64 unwinder");
#endif
}

/* A chain ten deep, deeper than a trace prints: li_d9() in ... li_d0() */
static __always_inline int li_d9(int x)
{
	li_capture(5, __LINE__);
	return x + 9;
}

enum { LI_D8_CALL = __LINE__ + 3 };
static __always_inline int li_d8(int x)
{
	return li_d9(x) + 8;
}

enum { LI_D7_CALL = __LINE__ + 3 };
static __always_inline int li_d7(int x)
{
	return li_d8(x) + 7;
}

enum { LI_D6_CALL = __LINE__ + 3 };
static __always_inline int li_d6(int x)
{
	return li_d7(x) + 6;
}

enum { LI_D5_CALL = __LINE__ + 3 };
static __always_inline int li_d5(int x)
{
	return li_d6(x) + 5;
}

enum { LI_D4_CALL = __LINE__ + 3 };
static __always_inline int li_d4(int x)
{
	return li_d5(x) + 4;
}

enum { LI_D3_CALL = __LINE__ + 3 };
static __always_inline int li_d3(int x)
{
	return li_d4(x) + 3;
}

enum { LI_D2_CALL = __LINE__ + 3 };
static __always_inline int li_d2(int x)
{
	return li_d3(x) + 2;
}

enum { LI_D1_CALL = __LINE__ + 3 };
static __always_inline int li_d1(int x)
{
	return li_d2(x) + 1;
}

enum { LI_D0_CALL = __LINE__ + 3 };
static __always_inline int li_d0(int x)
{
	return li_d1(x) + 0;
}

static noinline int li_deep_chain(int x)
{
	return li_d0(x);
}

struct li_inline_lines {
	unsigned int n;
	char name[LINEINFO_PRINT_INLINE + 2][16];	/* "" for the "..." line */
	unsigned int line[LINEINFO_PRINT_INLINE + 2];
};

/* The walk's pointers only live during the call: keep copies. */
static void li_collect(void *ctx, const char *name, const struct lineinfo_loc *loc)
{
	struct li_inline_lines *l = ctx;

	if (l->n < ARRAY_SIZE(l->name)) {
		strscpy(l->name[l->n], name ?: "", sizeof(l->name[0]));
		l->line[l->n] = loc ? loc->line : 0;
	}
	l->n++;
}

/*
 * A trace prints LINEINFO_PRINT_INLINE [inline] lines, innermost first,
 * then one "..." line for the rest of a deeper chain.
 */
static void lineinfo_inline_truncation(struct kunit *test)
{
	static const int call[] = { LI_D8_CALL, LI_D7_CALL, LI_D6_CALL, LI_D5_CALL,
				    LI_D4_CALL, LI_D3_CALL, LI_D2_CALL, LI_D1_CALL };
	struct li_inline_lines l = { 0 };
	char want[8];
	unsigned int i, n;

	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE))
		kunit_skip(test, "CONFIG_KALLSYMS_LINEINFO_INLINE is off");
	if (li_is_module() && !IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES))
		kunit_skip(test, "modules carry no line information");
	KUNIT_EXPECT_EQ(test, li_deep_chain(1), 46);
	n = kallsyms_lineinfo_walk_inline(li_sites[5].ret - 1, li_collect, &l);
	KUNIT_ASSERT_EQ(test, n, LINEINFO_PRINT_INLINE + 1);
	KUNIT_ASSERT_EQ(test, l.n, LINEINFO_PRINT_INLINE + 1);
	/* innermost first: li_d9 at the capture, then each at its call */
	for (i = 0; i < LINEINFO_PRINT_INLINE; i++) {
		snprintf(want, sizeof(want), "li_d%u", 9 - i);
		KUNIT_EXPECT_STREQ(test, l.name[i], want);
		KUNIT_EXPECT_EQ(test, l.line[i], i ? call[i - 1] : li_sites[5].line);
	}
	KUNIT_EXPECT_STREQ(test, l.name[LINEINFO_PRINT_INLINE], "");
}

/*
 * The calls inlined at an address, outermost first, each with its call
 * site, and the frame's own location: the call of the outermost one.
 */
static void lineinfo_inline_chain(struct kunit *test)
{
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	char buf[KSYM_SYMBOL_LEN], want[160], name[32];
	unsigned long addr;
	unsigned int n;

	if (!IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_INLINE))
		kunit_skip(test, "CONFIG_KALLSYMS_LINEINFO_INLINE is off");
	if (li_is_module() && !IS_ENABLED(CONFIG_KALLSYMS_LINEINFO_MODULES))
		kunit_skip(test, "modules carry no line information");
	KUNIT_EXPECT_EQ(test, li_inline_chain(4), 13);
	KUNIT_EXPECT_NE(test, li_long(10), -1);
	addr = li_sites[4].ret - 1;

	preempt_disable();
	n = kallsyms_lineinfo_inline(addr, calls, ARRAY_SIZE(calls));
	KUNIT_EXPECT_EQ_MSG(test, n, 2, "depth of the chain at %pS", (void *)addr);
	if (n == 2) {
		KUNIT_EXPECT_EQ(test, lineinfo_call_name(&calls[0], name, sizeof(name)), 6);
		KUNIT_EXPECT_STREQ(test, name, "li_in1");
		KUNIT_EXPECT_TRUE(test, calls[0].file && li_ends_with(calls[0].file, THIS_FILE));
		KUNIT_EXPECT_EQ(test, calls[0].line, LI_IN1_CALL);
		lineinfo_call_name(&calls[1], name, sizeof(name));
		KUNIT_EXPECT_STREQ(test, name, "li_in2");
		KUNIT_EXPECT_TRUE(test, calls[1].file && li_ends_with(calls[1].file, THIS_FILE));
		KUNIT_EXPECT_EQ(test, calls[1].line, LI_IN2_CALL);
		/* a short buffer gets the name cut */
		KUNIT_EXPECT_EQ(test, lineinfo_call_name(&calls[1], name, 4), 3);
		KUNIT_EXPECT_STREQ(test, name, "li_");
	}
	/* cut to one level: the innermost call is kept, the depth still told */
	n = kallsyms_lineinfo_inline(addr, calls, 1);
	KUNIT_EXPECT_EQ(test, n, 2);
	lineinfo_call_name(&calls[0], name, sizeof(name));
	KUNIT_EXPECT_STREQ(test, name, "li_in2");
	preempt_enable();

	/* the frame: the line in li_inline_chain() itself */
	kallsyms_lineinfo_frame(buf, sizeof(buf), li_sites[4].ret - 1, NULL, NULL);
	snprintf(want, sizeof(want), "(%s:%d)", THIS_FILE, LI_IN1_CALL);
	KUNIT_EXPECT_TRUE_MSG(test, li_ends_with(buf, want), "%s, want %s", buf, want);
	/* outside inlined code, no chain */
	preempt_disable();
	n = kallsyms_lineinfo_inline(li_sites[0].ret - 1, calls, ARRAY_SIZE(calls));
	preempt_enable();
	KUNIT_EXPECT_EQ(test, n, 0);
}

static void lineinfo_formatting(struct kunit *test)
{
	char want[64], buf[KSYM_SYMBOL_LEN + 32];
	unsigned long ret;
	int i;

	li_chain_outer(1);
	ret = li_sites[2].ret;
	snprintf(want, sizeof(want), " (" THIS_FILE ":%d)", li_sites[2].line);

	/* a frame of a backtrace carries the suffix, at the return address - 1 */
	kallsyms_lineinfo_frame(buf, sizeof(buf), ret - 1, NULL, NULL);
	KUNIT_EXPECT_STREQ_MSG(test, buf, want, "frame: %s", buf);

	/* ... %pB, %pS, %ps and sprint_symbol() do not: they are unchanged */
	snprintf(buf, sizeof(buf), "%pB", (void *)ret);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(buf, "li_chain_inner+") == buf, "%%pB: %s", buf);
	KUNIT_EXPECT_NULL_MSG(test, strchr(buf, '('), "%%pB: %s", buf);
	snprintf(buf, sizeof(buf), "%pS", (void *)ret);
	KUNIT_EXPECT_NULL_MSG(test, strchr(buf, '('), "%%pS: %s", buf);
	snprintf(buf, sizeof(buf), "%ps", (void *)ret);
	KUNIT_EXPECT_NULL_MSG(test, strchr(buf, '('), "%%ps: %s", buf);

	memset(buf, 0xa5, sizeof(buf));
	sprint_symbol(buf, ret);
	KUNIT_EXPECT_NULL_MSG(test, strchr(buf, '('), "sprint_symbol: %s", buf);
	for (i = KSYM_SYMBOL_LEN; i < sizeof(buf); i++)
		KUNIT_EXPECT_EQ_MSG(test, (u8)buf[i], 0xa5, "canary at %d", i);
}

static void lineinfo_truncation(struct kunit *test)
{
	static char path[400];
	struct lineinfo_loc loc = { .file = path, .line = 4242 };
	char buf[64 + 8];
	int len, i;

	memset(path, 'd', sizeof(path) - 1);
	memcpy(path + sizeof(path) - 8, "/x/end.c", 8);
	path[sizeof(path) - 1] = '\0';
	memcpy(path + sizeof(path) - 8, "/x/e.c", 7);

	memset(buf, 0xa5, sizeof(buf));
	len = lineinfo_format(buf, 64, &loc);
	KUNIT_EXPECT_LT(test, len, 64);
	KUNIT_EXPECT_EQ(test, len, (int)strlen(buf));
	KUNIT_EXPECT_TRUE_MSG(test, !strncmp(buf, " (...", 5), "truncated: %s", buf);
	KUNIT_EXPECT_TRUE_MSG(test, li_ends_with(buf, "/x/e.c:4242)"), "truncated: %s", buf);
	for (i = 64; i < sizeof(buf); i++)
		KUNIT_EXPECT_EQ_MSG(test, (u8)buf[i], 0xa5, "canary at %d", i);

	/* no room even for the line number: nothing at all */
	KUNIT_EXPECT_EQ(test, lineinfo_format(buf, 8, &loc), 0);
}

static int li_data = 42;

static void lineinfo_no_line_info(struct kunit *test)
{
	char file[128];
	unsigned int line;

	KUNIT_EXPECT_FALSE(test, li_lookup((unsigned long)&li_data, file,
					   sizeof(file), &line));
	KUNIT_EXPECT_FALSE(test, li_lookup((unsigned long)li_sites, file,
					   sizeof(file), &line));
	KUNIT_EXPECT_FALSE(test, li_lookup(0, file, sizeof(file), &line));
	KUNIT_EXPECT_FALSE(test, li_lookup(~0UL, file, sizeof(file), &line));
	KUNIT_EXPECT_EQ(test, li_data, 42);
}

/* Blobs the decoder must reject, made by breaking a copy of a real one. */
static void lineinfo_crafted_blobs(struct kunit *test)
{
	struct lineinfo_header *h;
	size_t size;
	const u8 *real = li_real_blob(&size);
	struct lineinfo_loc loc;
	u32 *copy;
	u8 *name;
	int range;

	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(real, 0, true), -ENOENT);
	if (!size)
		kunit_skip(test, "no lineinfo blob");
	KUNIT_ASSERT_EQ(test, lineinfo_blob_check(real, size, false), 0);

	copy = kunit_kzalloc(test, size + 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	h = (struct lineinfo_header *)copy;

#define RESET() memcpy(copy, real, size)
	RESET();
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), 0);
	range = lineinfo_blob_range(copy, ".text");
	KUNIT_EXPECT_GE(test, range, 0);
	KUNIT_EXPECT_EQ(test, lineinfo_blob_range(copy, ".nonexistent"), -ENOENT);
	KUNIT_EXPECT_FALSE(test, lineinfo_blob_find(copy, 7, 0, &loc));

	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, sizeof(*h) - 1, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size - 1, false), -EINVAL);
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check((u8 *)copy + 1, size - 1, false),
			-EINVAL);
	h->magic ^= 1;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	/* a blob for a target of the other byte order is told apart */
	h->magic = swab32(h->magic);
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -ENOEXEC);
	RESET();
	h->version++;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	h->hdr_size = LINEINFO_HDR_MIN - 4;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	/* a header without the inline span, as first written, is still read */
	h->hdr_size = LINEINFO_HDR_MIN;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, true), 0);
	RESET();
	if (h->hdr_size >= LINEINFO_HDR_INLINES && h->inlines.size) {
		struct lineinfo_inlines *in = (void *)((u8 *)copy + h->inlines.off);
		u8 *names = (u8 *)copy + in->names.off;
		u32 nr_tokens = in->token_index.size / sizeof(u16), i;

		h->inlines.off = size;
		KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
		RESET();
		h->inlines.size = sizeof(struct lineinfo_inlines) - 1;
		KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
		RESET();
		/* a call list index past the end of the lists */
		if (in->call_index.size) {
			*(u32 *)((u8 *)copy + in->call_index.off) = in->nr_call_bits + 1;
			KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
			RESET();
		}
		/* a token string running off the end of the token strings */
		if (nr_tokens) {
			((u8 *)copy)[in->tokens.off + in->tokens.size - 1] = 'x';
			KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
			RESET();
		}
		/* a name with a token the blob does not have: the full check */
		for (i = 0; nr_tokens < LINEINFO_MAX_TOKENS && i < in->names.size; i++) {
			if (!names[i])
				continue;
			names[i] = LINEINFO_TOKEN + nr_tokens;
			KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), 0);
			KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, true), -EINVAL);
			RESET();
			break;
		}
		/* a line break in a name: the full check */
		for (i = 0; i < in->names.size; i++) {
			if (!names[i] || names[i] >= LINEINFO_TOKEN)
				continue;
			names[i] = '\n';
			KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), 0);
			KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, true), -EINVAL);
			RESET();
			break;
		}
	}
	h->ranges.off = size;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	h->ranges.size += 4;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	h->files.size -= 4;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	h->nr_files = 0;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	((u8 *)copy)[h->strings.off + h->strings.size - 1] = 'x';
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	/* a terminal escape in a file name: the full check */
	name = memchr_inv((u8 *)copy + h->strings.off, 0, h->strings.size);
	KUNIT_ASSERT_NOT_NULL(test, name);
	*name = 0x1b;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), 0);
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, true), -EINVAL);
	RESET();
	((struct lineinfo_range *)((u8 *)copy + h->ranges.off))->k_addr = 200;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	((struct lineinfo_range *)((u8 *)copy + h->ranges.off))->nr_blocks++;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
	RESET();
	((struct lineinfo_range *)((u8 *)copy + h->ranges.off))->fast.size += 4;
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
#undef RESET
}

/* The stream of a blob that passed the quick check may still be garbage. */
static void lineinfo_garbage_stream(struct kunit *test)
{
	const struct lineinfo_header *h;
	const struct lineinfo_range *r;
	struct lineinfo_loc loc;
	unsigned int i, found = 0;
	u8 *copy, *bits;
	size_t size;
	const u8 *real = li_real_blob(&size);

	if (!size)
		kunit_skip(test, "no lineinfo blob");
	h = (const void *)real;
	copy = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, real, size);
	r = (const void *)(copy + h->ranges.off);
	bits = copy + r->bits.off;
	get_random_bytes(bits, r->bits.size - 8);

	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), 0);
	for (i = 0; i < 20000; i++) {
		unsigned long off = get_random_u32_below(r->text_size);

		if (lineinfo_blob_find(copy, 0, off, &loc)) {
			found++;
			/* whatever it finds is a real file name of the blob */
			KUNIT_EXPECT_TRUE(test, (const u8 *)loc.file >=
					  copy + h->strings.off);
			KUNIT_EXPECT_TRUE(test, (const u8 *)loc.file <
					  copy + h->strings.off + h->strings.size);
		}
	}
	kunit_info(test, "garbage stream: %u of 20000 lookups returned a location\n",
		   found);
	/* the full check decodes everything and must notice */
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, true), -EINVAL);
}

/* Append the low @n bits of @v at bit *@pos of @p, most significant first */
static void li_put(u8 *p, unsigned int *pos, u32 v, unsigned int n)
{
	while (n--) {
		if (v >> n & 1)
			p[*pos / 8] |= 0x80 >> (*pos % 8);
		else
			p[*pos / 8] &= ~(0x80 >> (*pos % 8));
		++*pos;
	}
}

/* Exp-Golomb of order 0 */
static void li_put_eg(u8 *p, unsigned int *pos, u32 v)
{
	unsigned int n = fls(v + 1);

	li_put(p, pos, 0, n - 1);
	li_put(p, pos, v + 1, n);
}

struct li_args_seen {
	unsigned int calls, inlined, nr_args;
	s8 reg[2];
};

/* Keeps what lineinfo_blob_args() says of the function (depth 0) */
static void li_args_collect(void *ctx, const struct lineinfo_args *a)
{
	struct li_args_seen *s = ctx;

	if (a->depth) {
		s->inlined++;
		return;
	}
	s->calls++;
	s->nr_args = a->nr_args;
	s->reg[0] = a->reg[0];
	s->reg[1] = a->reg[1];
}

/*
 * A function record [0, @len) with signature 0 and two pieces: a in rdi
 * over [0, @a_len), b in rbx from @b_start to the end (orders 0).
 */
static unsigned int li_put_func(u8 *bits, u32 len, u32 a_len, u32 b_start)
{
	unsigned int pos = 0;

	li_put_eg(bits, &pos, len - 1);
	li_put_eg(bits, &pos, 0);	/* signature */
	li_put_eg(bits, &pos, 2);	/* pieces */
	li_put_eg(bits, &pos, 0);	/* a */
	li_put_eg(bits, &pos, 0);	/* from the start */
	li_put(bits, &pos, 0, 1);	/* not to the end: a length */
	li_put_eg(bits, &pos, a_len - 1);
	li_put(bits, &pos, 5, 4);	/* rdi */
	li_put_eg(bits, &pos, 1);	/* b */
	li_put_eg(bits, &pos, b_start);
	li_put(bits, &pos, 1, 1);	/* to the end */
	li_put(bits, &pos, 3, 4);	/* rbx */
	return pos;
}

/* lineinfo_blob_args() at @offset of range 0: how many scopes, and the registers */
static struct li_args_seen li_args_at(const void *blob, unsigned long offset)
{
	struct li_args_seen s = { .reg = { -2, -2 } };

	lineinfo_blob_args(blob, 0, offset, li_args_collect, &s);
	return s;
}

/*
 * The trust rules of the parameter table, on a crafted function record: a
 * register is reported only inside a piece of that parameter, which the
 * decoder also keeps inside its scope and its signature.  The first
 * function of range 0 of a real blob is replaced by [0, 100) with
 * signature 0, made (a, b), and two pieces: a in rdi over [0, 10), b in
 * rbx from 20 to the end of the function.
 */
static void lineinfo_args_trust_rules(struct kunit *test)
{
	struct lineinfo_param_range *pr;
	struct lineinfo_params *pp;
	struct lineinfo_header *h;
	struct lineinfo_group *fg;
	struct li_args_seen s;
	unsigned int pos;
	size_t size;
	const u8 *real = li_real_blob(&size);
	u8 *copy, *bits, *sigs;

	if (!size)
		kunit_skip(test, "no lineinfo blob");
	h = (void *)real;
	if (h->hdr_size < LINEINFO_HDR_PARAMS || !h->params.size)
		kunit_skip(test, "no parameter table (CONFIG_KALLSYMS_PARAMINFO=n)");
	copy = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, real, size);
	h = (void *)copy;
	pp = (void *)(copy + h->params.off);
	pr = (void *)(copy + pp->ranges.off);
	KUNIT_ASSERT_GE(test, ((struct lineinfo_range *)(copy + h->ranges.off))->text_size, 101);
	KUNIT_ASSERT_GE(test, pp->sigs.size, 16);
	KUNIT_ASSERT_GE(test, pr->bits.size, 16);
	KUNIT_ASSERT_GE(test, pr->funcs.size, sizeof(*fg));

	/* signature 0: two parameters, name and type ids 0 to 3 */
	pp->k_arg_name = 0;
	pp->k_arg_type = 0;
	sigs = copy + pp->sigs.off;
	pos = 0;
	li_put_eg(sigs, &pos, 2);
	li_put_eg(sigs, &pos, 0);
	li_put_eg(sigs, &pos, 1);
	li_put_eg(sigs, &pos, 2);
	li_put_eg(sigs, &pos, 3);
	*(u32 *)(copy + pp->sig_index.off) = 0;

	/* one function [0, 100) */
	pr->k_fstart = 0;
	pr->k_flen = 0;
	pr->k_sig = 0;
	pr->k_pidx = 0;
	pr->k_pstart = 0;
	pr->k_plen = 0;
	pr->nr_funcs = 1;
	pr->funcs.size = sizeof(*fg);
	fg = (void *)(copy + pr->funcs.off);
	fg->offset = 0;
	fg->bit = 0;
	bits = copy + pr->bits.off;
	KUNIT_ASSERT_LE(test, li_put_func(bits, 100, 10, 20), pr->nr_bits);
	KUNIT_ASSERT_EQ(test, lineinfo_blob_check(copy, size, false), 0);

	/* in a's piece, in neither, in b's, and outside the function */
	s = li_args_at(copy, 0);
	KUNIT_EXPECT_EQ(test, s.calls, 1);
	KUNIT_EXPECT_EQ(test, s.nr_args, 2);
	KUNIT_EXPECT_EQ(test, s.reg[0], 5);
	KUNIT_EXPECT_EQ(test, s.reg[1], -1);
	s = li_args_at(copy, 9);
	KUNIT_EXPECT_EQ(test, s.reg[0], 5);
	s = li_args_at(copy, 10);
	KUNIT_EXPECT_EQ(test, s.calls, 1);
	KUNIT_EXPECT_EQ(test, s.reg[0], -1);
	KUNIT_EXPECT_EQ(test, s.reg[1], -1);
	s = li_args_at(copy, 20);
	KUNIT_EXPECT_EQ(test, s.reg[0], -1);
	KUNIT_EXPECT_EQ(test, s.reg[1], 3);
	s = li_args_at(copy, 99);
	KUNIT_EXPECT_EQ(test, s.reg[1], 3);
	KUNIT_EXPECT_EQ(test, li_args_at(copy, 100).calls, 0);

	/* a piece of a parameter the signature does not have: nothing shown */
	pos = 0;
	li_put_eg(sigs, &pos, 1);
	KUNIT_EXPECT_EQ(test, li_args_at(copy, 20).calls, 0);
	pos = 0;
	li_put_eg(sigs, &pos, 2);
	KUNIT_EXPECT_EQ(test, li_args_at(copy, 20).reg[1], 3);

	/* a piece that runs past its function, or starts past it: nothing shown */
	li_put_func(bits, 100, 101, 20);
	KUNIT_EXPECT_EQ(test, li_args_at(copy, 0).calls, 0);
	li_put_func(bits, 100, 10, 100);
	KUNIT_EXPECT_EQ(test, li_args_at(copy, 0).calls, 0);
	li_put_func(bits, 100, 10, 20);
	KUNIT_EXPECT_EQ(test, li_args_at(copy, 0).calls, 1);

	/* a signature the table does not have: nothing shown */
	pp->nr_sigs = 0;
	KUNIT_EXPECT_EQ(test, li_args_at(copy, 0).calls, 0);
	/* ... and the quick check refuses fewer signatures than names */
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), -EINVAL);
}

/* A parameter table a quick check passes may still be garbage: no crash */
static void lineinfo_args_garbage(struct kunit *test)
{
	const struct lineinfo_param_range *pr;
	const struct lineinfo_params *pp;
	const struct lineinfo_header *h;
	const struct lineinfo_range *r;
	struct li_args_seen s;
	unsigned int i, found = 0;
	size_t size;
	const u8 *real = li_real_blob(&size);
	u8 *copy;

	if (!size)
		kunit_skip(test, "no lineinfo blob");
	h = (const void *)real;
	if (h->hdr_size < LINEINFO_HDR_PARAMS || !h->params.size)
		kunit_skip(test, "no parameter table (CONFIG_KALLSYMS_PARAMINFO=n)");
	copy = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memcpy(copy, real, size);
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, true), 0);
	pp = (const void *)(copy + h->params.off);
	pr = (const void *)(copy + pp->ranges.off);
	r = (const void *)(copy + h->ranges.off);
	get_random_bytes(copy + pr->bits.off, pr->bits.size - 8);
	get_random_bytes(copy + pp->sigs.off, pp->sigs.size - 8);
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, false), 0);
	for (i = 0; i < 20000; i++) {
		s = li_args_at(copy, get_random_u32_below(r->text_size));
		found += s.calls;
		KUNIT_EXPECT_LE(test, s.calls, LINEINFO_MAX_DEPTH + 1);
		KUNIT_EXPECT_LE(test, s.nr_args, LINEINFO_MAX_PARAMS);
	}
	kunit_info(test, "garbage parameter stream: %u scopes reported in 20000 lookups\n",
		   found);
	KUNIT_EXPECT_EQ(test, lineinfo_blob_check(copy, size, true), -EINVAL);
}

static atomic_t li_cpu_errors, li_cpu_runs;

static void li_lookup_many(void *arg)
{
	struct lineinfo_loc loc;
	unsigned long want_line = (unsigned long)arg;
	int i;

	for (i = 0; i < 200; i++) {
		char file[128];
		unsigned int line;

		if (!li_lookup(li_sites[2].ret - 1, file, sizeof(file), &line) ||
		    line != want_line || strcmp(file, THIS_FILE))
			atomic_inc(&li_cpu_errors);
		/* and a vmlinux address, which must never fail */
		if (!kallsyms_lineinfo_lookup((unsigned long)vprintk, &loc))
			atomic_inc(&li_cpu_errors);
	}
	atomic_inc(&li_cpu_runs);
}

static void lineinfo_concurrent(struct kunit *test)
{
	int round;

	li_chain_outer(2);
	atomic_set(&li_cpu_errors, 0);
	atomic_set(&li_cpu_runs, 0);
	/* on_each_cpu() runs the lookups in IPI (hard IRQ) context */
	for (round = 0; round < 20; round++)
		on_each_cpu(li_lookup_many, (void *)(unsigned long)li_sites[2].line, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&li_cpu_errors), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&li_cpu_runs), 20 * num_online_cpus());
}

/*
 * Built in, time random addresses all over core kernel text; as a module
 * (which cannot see _stext), time the module path on this module's text.
 */
static void lineinfo_timing(struct kunit *test)
{
#ifdef MODULE
	unsigned long start = (unsigned long)li_tiny & PAGE_MASK, span = PAGE_SIZE;
#else
	unsigned long start = (unsigned long)_stext;
	unsigned long span = (unsigned long)_etext - start;
#endif
	unsigned int i, n = 100000, found = 0;
	char buf[KSYM_SYMBOL_LEN];
	unsigned long *addrs;
	u64 t0, t1;

	addrs = kunit_kmalloc_array(test, n, sizeof(*addrs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, addrs);
	for (i = 0; i < n; i++)
		addrs[i] = start + get_random_u32_below(span);

	t0 = ktime_get_ns();
	for (i = 0; i < n; i++)
		found += kallsyms_lineinfo_sprint(buf, sizeof(buf), addrs[i]) > 0;
	t1 = ktime_get_ns();
	kunit_info(test, "in-kernel lookup: %llu ns per lookup+format over %u random %s text addresses (%u with a location)\n",
		   div_u64(t1 - t0, n), n, li_is_module() ? "module" : "core kernel", found);
	KUNIT_EXPECT_GT(test, found, 0);
}

#ifdef MODULE
/*
 * Loaded after boot, a vmlinux init text address must get no annotation:
 * its table went away with init memory.  The address comes from
 * /proc/kallsyms, e.g. init_text_addr=0x<start_kernel>.
 */
static unsigned long init_text_addr;
module_param(init_text_addr, ulong, 0);
MODULE_PARM_DESC(init_text_addr, "address of a vmlinux __init function");

static void lineinfo_freed_init_text(struct kunit *test)
{
	char buf[KSYM_SYMBOL_LEN];

	if (!init_text_addr)
		kunit_skip(test, "no init_text_addr=<vmlinux __init function> given");
	KUNIT_ASSERT_EQ(test, system_state, SYSTEM_RUNNING);
	KUNIT_EXPECT_EQ_MSG(test, kallsyms_lineinfo_sprint(buf, sizeof(buf), init_text_addr), 0,
			    "freed init text %lx annotated", init_text_addr);
	KUNIT_EXPECT_EQ_MSG(test, kallsyms_lineinfo_frame(buf, sizeof(buf), init_text_addr,
							  NULL, NULL), 0,
			    "frame in freed init text: %s", buf);
}
#else
/*
 * Built in, lineinfo_kunit.init_warn=1 on the command line WARNs from init
 * text during boot, so that a boot test can check the frames of a trace
 * printed from built-in __init code.
 */
static bool init_warn;
module_param(init_warn, bool, 0);
MODULE_PARM_DESC(init_warn, "WARN from init text during boot");

static noinline void __init li_init_warn_fn(void)
{
	WARN(1, "lineinfo_kunit: test warning from init text\n");
}

static int __init li_init_warn(void)
{
	if (init_warn)
		li_init_warn_fn();
	return 0;
}
late_initcall(li_init_warn);
#endif

static struct kunit_case lineinfo_test_cases[] = {
	KUNIT_CASE(lineinfo_known_functions),
	KUNIT_CASE(lineinfo_return_addresses),
	KUNIT_CASE(lineinfo_exact_addresses),
	KUNIT_CASE(lineinfo_exact_inline),
#ifdef CONFIG_STACKTRACE
	KUNIT_CASE(lineinfo_saved_stack_rule),
#endif
	KUNIT_CASE(lineinfo_bug_sites),
	KUNIT_CASE(lineinfo_faulting_instruction),
	KUNIT_CASE(lineinfo_saved_stack_interrupt),
	KUNIT_CASE(lineinfo_inline_chain),
	KUNIT_CASE(lineinfo_inline_truncation),
	KUNIT_CASE(lineinfo_formatting),
	KUNIT_CASE(lineinfo_truncation),
	KUNIT_CASE(lineinfo_no_line_info),
	KUNIT_CASE(lineinfo_crafted_blobs),
	KUNIT_CASE(lineinfo_garbage_stream),
	KUNIT_CASE(lineinfo_args_trust_rules),
	KUNIT_CASE(lineinfo_args_garbage),
	KUNIT_CASE(lineinfo_concurrent),
	KUNIT_CASE(lineinfo_timing),
#ifdef MODULE
	KUNIT_CASE(lineinfo_freed_init_text),
#endif
	{}
};

static struct kunit_suite lineinfo_test_suite = {
	.name = "lineinfo",
	.test_cases = lineinfo_test_cases,
};

/* Init text is annotated while init memory exists. */
enum { LI_INIT_FIRST = __LINE__ };

static noinline int __init li_init_fn(int x)
{
	li_capture(0, __LINE__);
	return x + 7;
}

enum { LI_INIT_LAST = __LINE__ };

static void __init lineinfo_init_text(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, li_init_fn(1), 8);
	li_expect_in(test, (unsigned long)li_init_fn, LI_INIT_FIRST, LI_INIT_LAST,
		     "li_init_fn");
	li_expect_line(test, li_sites[0].ret - 1, li_sites[0].line, "call in li_init_fn");
}

static struct kunit_case __refdata lineinfo_init_test_cases[] = {
	KUNIT_CASE(lineinfo_init_text),
	{}
};

static struct kunit_suite lineinfo_init_test_suite = {
	.name = "lineinfo_init",
	.test_cases = lineinfo_init_test_cases,
};

kunit_test_suites(&lineinfo_test_suite);
kunit_test_init_section_suites(&lineinfo_init_test_suite);

MODULE_DESCRIPTION("KUnit tests for file:line annotations in backtraces");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
