// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo_lookup - decode a gen_lineinfo blob with the kernel's decoder
 *
 * Usage: lineinfo_lookup [--full] [--inline] BLOB SECTION BASE < addresses
 *
 * Reads hex addresses, one per line, and prints "ADDR FILE:LINE" or
 * "ADDR ??" for each, where BASE is the address of the start of SECTION.
 * With --inline, prints the inline chain instead: "ADDR DEPTH" and, for
 * each call, outermost first, " NAME FILE:LINE" (FILE "??" if unknown).
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

int main(int argc, char **argv)
{
	bool full = argc > 1 && !strcmp(argv[1], "--full");
	bool inl = argc > 1 + full && !strcmp(argv[1 + full], "--inline");
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	char name[KSYM_NAME_LEN];
	struct lineinfo_loc loc;
	unsigned int n, i;
	unsigned long long addr, base;
	char line[256];
	void *blob = NULL;
	size_t size = 0;
	int range, err;

	if (argc != 4 + full + inl) {
		fprintf(stderr, "usage: lineinfo_lookup [--full] [--inline] BLOB SECTION BASE\n");
		return 2;
	}
	argv += full + inl;
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
