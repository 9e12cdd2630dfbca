/* Static functions in a header, inlined into several CUs. */
#ifndef UTIL_H
#define UTIL_H

static inline int scale(int x)
{
	if (x > 100)
		return x / 3;
	return x * 7 + 1;
}

static int __attribute__((noinline)) clamp(int x, int lo, int hi)
{
	if (x < lo)
		return lo;
	if (x > hi)
		return hi;
	return x;
}

int helper(int x);
int asm_add(int a, int b);
int from_line_directive(int x);

#endif
