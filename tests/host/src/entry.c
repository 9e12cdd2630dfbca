/*
 * Built for arm64 with -fpatchable-function-entry=4,2 (as ftrace builds
 * the kernel): GCC gives each function its first line row after the two
 * NOPs at the symbol, so the last row of the function before covers them.
 */
int counter;

int __attribute__((noinline)) entry_first(int a)
{
	if (a > 3)
		counter += a;
	return counter * 2;
}

int __attribute__((noinline)) entry_second(int b)
{
	counter -= b;
	return counter;
}

int __attribute__((noinline)) entry_third(int c)
{
	return entry_first(c) + entry_second(c);
}
