// SPDX-License-Identifier: GPL-2.0
/*
 * Where parameters live, for gen_lineinfo --dump-params against gdb: one
 * that stays in its register, one whose register is reused, ones spilled
 * to the stack across calls, an .isra clone with a dropped parameter, a
 * .constprop clone, and an inlined call with parameters of its own.
 */
volatile int sink;

struct obj {
	int a, b;
};

__attribute__((noinline)) int kept(struct obj *o, int n)
{
	sink = n;
	return o->a + n;
}

__attribute__((noinline)) int overwritten(int a, int b)
{
	a = sink * 3;
	sink = a;
	return b + sink;
}

/* called through a pointer: the compiler must assume the ABI's clobbers */
int (*volatile kept_ptr)(struct obj *o, int n) = kept;

__attribute__((noinline)) int spilled(int a, long b, const char *s)
{
	int i, t = 0;

	for (i = 0; i < a; i++) {
		t += kept_ptr(0, i);
		/* no callee-saved register left: a, b and s live on the stack */
#ifdef __x86_64__
		asm volatile("" : : : "rbx", "rbp", "r12", "r13", "r14", "r15", "memory");
#else
		/* big-endian byte-order test (s390x, powerpc64) */
		asm volatile("" : : : "memory");
#endif
	}
	return t + b + s[0];
}

static __attribute__((noinline)) int isra_me(struct obj *o, int unused, int k)
{
	return o->b * k;
}

static __attribute__((noinline)) int constprop_me(int x, int mode)
{
	if (mode == 7)
		return x * 5 + sink;
	return x - sink;
}

static inline __attribute__((always_inline)) int helper(int v, int w)
{
	sink = v;
	sink = w * v;
	return sink + v;
}

__attribute__((noinline)) int outer(int a, int b)
{
	int r = helper(a + 1, b);

	return r * b + helper(b, a);
}

int main(int argc, char **argv)
{
	struct obj o = { argc, 2 };

	sink = kept(&o, argc) + overwritten(argc, 4) + spilled(argc, 9, argv[0]);
	sink += isra_me(&o, 1, argc) + isra_me(&o, 3, 5);
	sink += constprop_me(argc, 7) + constprop_me(argc + 1, 7);
	return outer(argc, sink) & 1;
}
