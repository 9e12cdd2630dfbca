// SPDX-License-Identifier: GPL-2.0
/*
 * Inline chains for gen_lineinfo --dump-inline against llvm-symbolizer
 * --inlining: static inline, always_inline nested three deep, an inline
 * function called twice in one caller, a call inlined from another file
 * (cross_cu() with -flto), and a partially inlined or cloned function.
 */
#include "inl.h"

volatile int sink;

static inline int plain_inline(int x)
{
	sink = x;
	return sink ^ 5;
}

__attribute__((noinline)) int twice(int x)
{
	int a = plain_inline(x);
	int b = plain_inline(a + 3);

	return a + b;
}

__attribute__((noinline)) int deep(int x)
{
	return level1(x) + 1;
}

/* big enough not to be inlined whole: GCC splits it (.part) or clones it */
static int split_me(int x, int mode)
{
	int i, s = 0;

	if (mode == 0)
		return x;
	for (i = 0; i < x; i++) {
		sink = i;
		s += sink * mode;
		if (s > 100000)
			s = plain_inline(s);
	}
	for (i = 0; i < x; i++)
		s += level3(i);
	return s;
}

int main(int argc, char **argv)
{
	/* no libc headers: the byte-order test cross-compiles this file */
	int n = argc > 1 ? argv[1][0] - '0' : 3;

	sink = twice(n) + deep(n) + split_me(n, 0) + split_me(n, 3) + split_me(n + 1, 3);
	sink += cross_cu(n);
	return sink & 1;
}
