// SPDX-License-Identifier: GPL-2.0
/*
 * The x86-64 general registers by DWARF register number, for the function
 * arguments of oops and WARN reports (CONFIG_KALLSYMS_PARAMINFO).
 */
#include <linux/array_size.h>
#include <linux/kallsyms_lineinfo.h>
#include <linux/stddef.h>
#include <asm/ptrace.h>

/*
 * Numbered as in the System V x86-64 psABI, "DWARF Register Number
 * Mapping": where struct pt_regs keeps each one, and its name as the
 * register dump of __show_regs() spells it.
 */
static const struct {
	unsigned short offset;
	char name[4];
} lineinfo_dwarf_regs[] = {
	{ offsetof(struct pt_regs, ax), "rax" },
	{ offsetof(struct pt_regs, dx), "rdx" },
	{ offsetof(struct pt_regs, cx), "rcx" },
	{ offsetof(struct pt_regs, bx), "rbx" },
	{ offsetof(struct pt_regs, si), "rsi" },
	{ offsetof(struct pt_regs, di), "rdi" },
	{ offsetof(struct pt_regs, bp), "rbp" },
	{ offsetof(struct pt_regs, sp), "rsp" },
	{ offsetof(struct pt_regs, r8), "r8" },
	{ offsetof(struct pt_regs, r9), "r9" },
	{ offsetof(struct pt_regs, r10), "r10" },
	{ offsetof(struct pt_regs, r11), "r11" },
	{ offsetof(struct pt_regs, r12), "r12" },
	{ offsetof(struct pt_regs, r13), "r13" },
	{ offsetof(struct pt_regs, r14), "r14" },
	{ offsetof(struct pt_regs, r15), "r15" },
};

static_assert(ARRAY_SIZE(lineinfo_dwarf_regs) == LINEINFO_NR_REGS);

const char *arch_lineinfo_reg(struct pt_regs *regs, unsigned int dwarf_reg,
			      unsigned long *val)
{
	if (dwarf_reg >= ARRAY_SIZE(lineinfo_dwarf_regs))
		return NULL;
	*val = regs_get_register(regs, lineinfo_dwarf_regs[dwarf_reg].offset);
	return lineinfo_dwarf_regs[dwarf_reg].name;
}
