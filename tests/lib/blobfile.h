/* SPDX-License-Identifier: GPL-2.0 */
/* Read a whole lineinfo blob into an 8-byte aligned buffer (test tools). */
#ifndef BLOBFILE_H
#define BLOBFILE_H

#include <stdio.h>
#include <stdlib.h>

/* Returns a malloc()ed copy of @path and sets *@size, or NULL with errno. */
static inline void *read_blob(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *blob = NULL, *p;

	*size = 0;
	if (!f)
		return NULL;
	while (!feof(f) && !ferror(f)) {
		p = realloc(blob, *size + 65536 + 8);
		if (!p) {
			free(blob);
			fclose(f);
			return NULL;
		}
		blob = p;
		*size += fread((char *)blob + *size, 1, 65536, f);
	}
	fclose(f);
	return blob;
}

#endif
