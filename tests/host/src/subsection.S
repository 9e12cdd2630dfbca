/*
 * Assembled by clang for arm64 with -g: each vent puts one instruction
 * into .subsection 1 (as ALTERNATIVE() does), and LLVM's assembler goes
 * back to the main code with a negative DW_LNS_advance_pc, which libdw
 * reads into 32 bits (every later row 4 GiB too high, once more per vent).
 */
	.macro vent n
	.align 5
	add x0, x0, #\n
	.subsection 1
	add x1, x1, #\n
	.previous
	add x2, x2, #\n
	ret
	.endm

	.text
	.globl vectors
vectors:
	vent 1
	vent 2
	vent 3
	vent 4
