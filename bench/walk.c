// SPDX-License-Identifier: GPL-2.0
/*
 * walk - the bare cost of reading every DWARF line table with libdw
 *
 * Usage: walk ELF
 *
 * The baseline for gen_lineinfo's run time and memory: dwarf_begin() on the
 * file, every CU, dwarf_getsrclines(), and every row touched through
 * dwarf_lineaddr(), dwarf_lineno() and dwarf_linesrc().  Nothing else.
 * Prints the number of CUs and rows, and a checksum so nothing is optimised
 * away.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include <elfutils/libdw.h>

int main(int argc, char **argv)
{
	Dwarf_Off off = 0, next;
	size_t hsize, nlines, i;
	uint64_t cus = 0, rows = 0, sum = 0;
	Dwarf *dw;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: walk ELF\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	dw = dwarf_begin(fd, DWARF_C_READ);
	if (!dw) {
		fprintf(stderr, "walk: %s: %s\n", argv[1], dwarf_errmsg(-1));
		return 1;
	}
	while (!dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL)) {
		Dwarf_Die cu;
		Dwarf_Lines *lines;

		if (dwarf_offdie(dw, off + hsize, &cu) &&
		    !dwarf_getsrclines(&cu, &lines, &nlines)) {
			cus++;
			for (i = 0; i < nlines; i++) {
				Dwarf_Line *l = dwarf_onesrcline(lines, i);
				Dwarf_Addr addr = 0;
				int line = 0;
				const char *src;

				dwarf_lineaddr(l, &addr);
				dwarf_lineno(l, &line);
				src = dwarf_linesrc(l, NULL, NULL);
				sum += addr + line + (src ? (unsigned char)*src : 0);
				rows++;
			}
		}
		off = next;
	}
	printf("walk: cus %" PRIu64 ", rows %" PRIu64 ", checksum %" PRIx64 "\n",
	       cus, rows, sum);
	dwarf_end(dw);
	close(fd);
	return 0;
}
