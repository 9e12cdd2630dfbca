#include <stdio.h>
#include <stdlib.h>
#include "util.h"

static int __attribute__((noinline)) walk(int n)
{
	int i, acc = 0;

	for (i = 0; i < n; i++)
		acc += scale(i) ^ helper(i);
	return clamp(acc, -1000, 1000000);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10;

	printf("%d\n", walk(n) + asm_add(n, 2) + from_line_directive(n));
	return 0;
}
