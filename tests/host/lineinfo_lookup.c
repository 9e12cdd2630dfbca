// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo_lookup - decode a gen_lineinfo blob with the kernel's decoder
 *
 * Usage: lineinfo_lookup [--full] [--inline|--params] BLOB SECTION BASE < addresses
 *
 * Reads hex addresses, one per line, and prints "ADDR FILE:LINE" or
 * "ADDR ??" for each, where BASE is the address of the start of SECTION.
 * With --inline, prints the inline chain instead: "ADDR DEPTH" and, for
 * each call, outermost first, " NAME FILE:LINE" (FILE "??" if unknown).
 * With --params, prints "ADDR" and, for each scope lineinfo_blob_args()
 * reports, innermost first, " |DEPTH NAME" (NAME "-" for the function) and
 * " PARAM(TYPE)=REG" for each parameter (REG "-" where unknown).
 * Exits 1 if the blob fails lineinfo_blob_check().
 */
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>

#include <errno.h>
#include <linux/types.h>
#include "blobfile.h"
#include <linux/kallsyms.h>
#include <linux/kallsyms_lineinfo.h>

static const char *const regs[LINEINFO_NR_REGS] = {
	"ax", "dx", "cx", "bx", "si", "di", "bp", "sp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static void print_scope(void *ctx, const struct lineinfo_args *a)
{
	char name[KSYM_NAME_LEN], type[KSYM_NAME_LEN];
	unsigned int i;

	if (a->depth)
		lineinfo_name(a->blob, a->name, name, sizeof(name));
	printf(" |%u %s", a->depth, a->depth ? name : "-");
	for (i = 0; i < a->nr_args && i < LINEINFO_MAX_ARGS; i++) {
		lineinfo_name(a->blob, a->arg_name[i], name, sizeof(name));
		lineinfo_name(a->blob, a->arg_type[i], type, sizeof(type));
		printf(" %s(%s)=%s", name, type, a->reg[i] < 0 ? "-" : regs[a->reg[i]]);
	}
}

int main(int argc, char **argv)
{
	bool full = argc > 1 && !strcmp(argv[1], "--full");
	bool inl = argc > 1 + full && !strcmp(argv[1 + full], "--inline");
	bool par = argc > 1 + full && !strcmp(argv[1 + full], "--params");
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	char name[KSYM_NAME_LEN];
	struct lineinfo_loc loc;
	unsigned int n, i;
	unsigned long long addr, base;
	char line[256];
	void *blob = NULL;
	size_t size = 0;
	int range, err;

	if (argc != 4 + full + inl + par) {
		fprintf(stderr, "usage: lineinfo_lookup [--full] [--inline|--params] BLOB SECTION BASE\n");
		return 2;
	}
	argv += full + inl + par;
	blob = read_blob(argv[1], &size);
	if (!blob) {
		perror(argv[1]);
		return 2;
	}
	err = lineinfo_blob_check(blob, size, full);
	if (err == -ENOEXEC) {
		fprintf(stderr, "%s: blob of the other byte order\n", argv[1]);
		free(blob);
		return 1;
	}
	if (err) {
		fprintf(stderr, "%s: invalid blob (%d)\n", argv[1], err);
		free(blob);
		return 1;
	}
	range = lineinfo_blob_range(blob, argv[2]);
	base = strtoull(argv[3], NULL, 16);
	while (fgets(line, sizeof(line), stdin)) {
		addr = strtoull(line, NULL, 16);
		if (par) {
			printf("%llx", addr);
			if (range >= 0 && addr >= base)
				lineinfo_blob_args(blob, range, addr - base, print_scope, NULL);
			printf("\n");
			continue;
		}
		if (inl) {
			n = range >= 0 && addr >= base ?
			    lineinfo_blob_inline(blob, range, addr - base, calls,
						 LINEINFO_MAX_DEPTH) : 0;
			printf("%llx %u", addr, n);
			for (i = 0; i < n && i < LINEINFO_MAX_DEPTH; i++) {
				if (lineinfo_call_name(&calls[i], name, sizeof(name)) < 0) {
					fprintf(stderr, "lineinfo_lookup: %llx: bad name\n", addr);
					return 1;
				}
				printf(" %s %s:%u", name, calls[i].file ?: "??", calls[i].line);
			}
			printf("\n");
			continue;
		}
		if (range >= 0 && addr >= base &&
		    lineinfo_blob_find(blob, range, addr - base, &loc))
			printf("%llx %s:%u\n", addr, loc.file, loc.line);
		else
			printf("%llx ??\n", addr);
	}
	free(blob);
	return 0;
}
