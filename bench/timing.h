/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Timing helpers shared by the bench's lookup timers (published.c,
 * inline_time.c): a monotonic clock in ns, the seeded address generator
 * both use (same seed, same addresses), and percentiles of batch times.
 * Include after the kernel decoder source, which provides u32 and u64.
 */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H
#include <stdlib.h>
#include <time.h>

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static u64 xorshift(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* the @q quantile of @v (sorts @v) */
static double pct(double *v, u32 n, double q)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[(u32)(q * (n - 1))];
}
#endif
