/* An asm function without line information: must get no annotation. */
	.text
	.globl asm_add
	.type asm_add, @function
	.p2align 4
asm_add:
	leal (%rdi,%rsi), %eax
	nop
	nop
	ret
	.size asm_add, .-asm_add
	.section .note.GNU-stack,"",@progbits
