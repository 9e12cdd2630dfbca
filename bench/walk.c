// SPDX-License-Identifier: GPL-2.0
/*
 * walk - the bare cost of reading every DWARF line table with libdw
 *
 * Usage: walk [--inline] ELF
 *
 * The baseline for gen_lineinfo's run time and memory: dwarf_begin() on the
 * file, every CU, dwarf_getsrclines(), and every row touched through
 * dwarf_lineaddr(), dwarf_lineno() and dwarf_linesrc().  Nothing else.
 * With --inline, also every DIE of every CU, and of each inlined subroutine
 * its address ranges, call file, call line and name (through its abstract
 * origin): the baseline of gen_lineinfo --inline.
 * Prints the number of CUs and rows, and a checksum so nothing is optimised
 * away.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <string.h>

static uint64_t inl, inl_sum;

static void walk_dies(Dwarf_Die *parent)
{
	Dwarf_Die die;

	if (dwarf_child(parent, &die))
		return;
	do {
		if (dwarf_tag(&die) == DW_TAG_inlined_subroutine) {
			Dwarf_Addr base, lo, hi;
			Dwarf_Attribute a;
			Dwarf_Word w = 0;
			ptrdiff_t off = 0;
			const char *name = dwarf_diename(&die);

			while ((off = dwarf_ranges(&die, off, &base, &lo, &hi)) > 0)
				inl_sum += lo ^ hi;
			if (dwarf_attr(&die, DW_AT_call_file, &a) && !dwarf_formudata(&a, &w))
				inl_sum += w;
			if (dwarf_attr(&die, DW_AT_call_line, &a) && !dwarf_formudata(&a, &w))
				inl_sum += w;
			inl_sum += name ? (unsigned char)*name : 0;
			inl++;
		}
		walk_dies(&die);
	} while (!dwarf_siblingof(&die, &die));
}

int main(int argc, char **argv)
{
	Dwarf_Off off = 0, next;
	size_t hsize, nlines, i;
	uint64_t cus = 0, rows = 0, sum = 0;
	Dwarf *dw;
	int fd;

	bool inline_too = argc == 3 && !strcmp(argv[1], "--inline");

	if (argc != 2 + inline_too) {
		fprintf(stderr, "usage: walk [--inline] ELF\n");
		return 2;
	}
	argv += inline_too;
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
		if (inline_too && dwarf_offdie(dw, off + hsize, &cu))
			walk_dies(&cu);
		off = next;
	}
	printf("walk: cus %" PRIu64 ", rows %" PRIu64 ", inlined %" PRIu64 ", checksum %" PRIx64 "\n",
	       cus, rows, inl, sum + inl_sum);
	dwarf_end(dw);
	close(fd);
	return 0;
}
