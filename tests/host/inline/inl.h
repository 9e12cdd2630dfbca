/* SPDX-License-Identifier: GPL-2.0 */
/* Inline functions shared by the inline-chain test programs. */
#ifndef INL_H
#define INL_H
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif

extern volatile int sink;

static __always_inline int level3(int x)
{
	sink = x * 3;
	return sink + 1;
}

static __always_inline int level2(int x)
{
	int y = level3(x + 1);

	sink = y;
	return y * 2;
}

static __always_inline int level1(int x)
{
	int z = level2(x) + level2(x + 7);

	sink = z;
	return z;
}

int cross_cu(int x);
#endif
