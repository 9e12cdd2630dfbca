// SPDX-License-Identifier: GPL-2.0
/*
 * The check of a whole blob: headers, spans, ranges and, in a full check,
 * every entry of every stream (see include/linux/kallsyms_lineinfo.h
 * for the format).
 */

#include "decode.h"

/**
 * lineinfo_blob_check - validate a lineinfo blob
 * @blob: the blob, at least 4-byte aligned
 * @size: bytes available at @blob
 * @full: also decode every entry and check the lookup index
 *
 * The quick check makes lookups memory safe: every span is inside the blob.
 * The full check, which is linear in the table size, also guarantees that
 * lookups only return entries the generator wrote, with valid file ids
 * and file names without control characters.
 * Use it for tables that come from outside the kernel image, i.e. modules.
 *
 * Return: 0 if the blob is usable, -ENOENT if it is empty, -ENOEXEC if it
 * was written for a target of the other byte order, -EINVAL if it is
 * malformed.
 */
int lineinfo_blob_check(const void *blob, unsigned long size, bool full)
{
	const struct lineinfo_header *h = blob;
	const struct lineinfo_range *r;
	const char *strings;
	const u32 *files;
	u32 i;

	if (!size)
		return -ENOENT;
	if (size < sizeof(*h) || ((unsigned long)blob & 3))
		return -EINVAL;
	if (h->magic == LINEINFO_MAGIC_SWAPPED)
		return -ENOEXEC;
	if (h->magic != LINEINFO_MAGIC || h->version != LINEINFO_VERSION ||
	    h->hdr_size < LINEINFO_HDR_MIN || h->blob_size > size ||
	    h->hdr_size > h->blob_size)
		return -EINVAL;
	if (!lineinfo_span_ok(&h->ranges, h->blob_size, 4) ||
	    h->ranges.size % sizeof(*r) ||
	    h->ranges.size / sizeof(*r) > LINEINFO_MAX_RANGES ||
	    !lineinfo_span_ok(&h->files, h->blob_size, 4) ||
	    !lineinfo_span_ok(&h->strings, h->blob_size, 1))
		return -EINVAL;
	if (!h->nr_files || h->nr_files > LINEINFO_MAX_FILES ||
	    h->files.size != h->nr_files * sizeof(u32))
		return -EINVAL;
	strings = lineinfo_at(blob, h->strings.off);
	if (!h->strings.size || strings[h->strings.size - 1] ||
	    (full && !lineinfo_text_ok(strings, h->strings.size)))
		return -EINVAL;

	r = lineinfo_ranges(blob);
	for (i = 0; i < lineinfo_nr_ranges(blob); i++) {
		if (!lineinfo_range_ok(h, &r[i]))
			return -EINVAL;
		if (full && !lineinfo_range_entries_ok(blob, &r[i]))
			return -EINVAL;
	}

	if (full) {
		files = lineinfo_at(blob, h->files.off);
		for (i = 1; i < h->nr_files; i++)
			if (files[i] >= h->strings.size)
				return -EINVAL;
	}
	return lineinfo_inlines_ok(blob, full) && lineinfo_params_ok(blob, full) ? 0 : -EINVAL;
}
EXPORT_SYMBOL_IF_KUNIT(lineinfo_blob_check);
