// SPDX-License-Identifier: GPL-2.0
/*
 * Linked into a test build of gen_lineinfo, whose call of the decoder's
 * check is renamed to corrupt_then_check() (-Dlineinfo_blob_check=...):
 * points the last file of each blob one past the string table, which only
 * the full check sees, then calls the real check.  gen_lineinfo must fail
 * and write nothing.
 */
#include <stdbool.h>
#include <linux/types.h>
#include <linux/kallsyms_lineinfo.h>

int lineinfo_blob_check(const void *blob, unsigned long size, bool full);

int corrupt_then_check(const void *blob, unsigned long size, bool full)
{
	const struct lineinfo_header *h = blob;
	__u32 *files = (__u32 *)((char *)blob + h->files.off);

	if (h->nr_files > 1)
		files[h->nr_files - 1] = h->strings.size;
	return lineinfo_blob_check(blob, size, full);
}
