// SPDX-License-Identifier: GPL-2.0
/*
 * inline_time - cost of a full inline chain lookup, next to a line lookup
 *
 * Usage: inline_time BLOB SECTION NR_LOOKUPS SEED
 *
 * BLOB is a gen_lineinfo --inline blob.  Looks up the same seeded random
 * offsets as published.c (same generator, same seed) with the kernel's
 * decoder (the lib/lineinfo/ files, included): lineinfo_blob_find()
 * alone, and lineinfo_blob_find() plus lineinfo_blob_inline(), which is what
 * an annotated frame with its [inline] lines costs; for a blob with
 * parameters (--params), also that plus lineinfo_blob_args() with every
 * name spelled, what an "Arguments of" block costs.  Batches of 32 timed
 * with clock_gettime(), alternating which variant goes first.  Prints
 * "name: value" lines: median and p99 ns per lookup, chain depths.
 */
#include <stdlib.h>

#include "../overlay/lib/lineinfo/lines.c"
#include "../overlay/lib/lineinfo/inline.c"
#include "../overlay/lib/lineinfo/params.c"
#include "../overlay/lib/lineinfo/check.c"

/* the kernel's KSYM_NAME_LEN, the buffer its printers use for a name */
#define BENCH_NAME_LEN	512
#include "blobfile.h"
#include "timing.h"

#define BATCH	32

static noinline u32 line_only(const void *blob, int range, u32 off)
{
	struct lineinfo_loc loc;

	return lineinfo_blob_find(blob, range, off, &loc) ? loc.line : 0;
}

static noinline u32 with_chain(const void *blob, int range, u32 off)
{
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	char name[BENCH_NAME_LEN];
	struct lineinfo_loc loc;
	u32 n, i, sum = 0;

	n = lineinfo_blob_inline(blob, range, off, calls, LINEINFO_MAX_DEPTH);
	/* every name, as a trace prints them */
	for (i = 0; i < n && i < LINEINFO_MAX_DEPTH; i++)
		sum += lineinfo_call_name(&calls[i], name, sizeof(name));
	return (lineinfo_blob_find(blob, range, off, &loc) ? loc.line : 0) + n +
	       (n ? calls[0].line : 0) + sum;
}

static void spell_args(void *ctx, const struct lineinfo_args *a)
{
	char name[BENCH_NAME_LEN];
	u32 *sum = ctx, i;

	if (a->depth)
		*sum += lineinfo_name(a->blob, a->name, name, sizeof(name));
	for (i = 0; i < a->nr_args && i < LINEINFO_MAX_ARGS; i++)
		*sum += lineinfo_name(a->blob, a->arg_name[i], name, sizeof(name)) +
			lineinfo_name(a->blob, a->arg_type[i], name, sizeof(name)) + a->reg[i];
}

/*
 * A frame with its [inline] lines as the series printed it before
 * kallsyms_lineinfo_frame(): the [inline] lines decoded the chain (with
 * the line and the names), then %pB decoded the line and the chain again
 * for the frame's own location.  with_chain() is the frame now: one decode.
 */
static noinline u32 frame_twice(const void *blob, int range, u32 off)
{
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	struct lineinfo_loc loc;
	u32 n;

	n = lineinfo_blob_inline(blob, range, off, calls, LINEINFO_MAX_DEPTH);
	return with_chain(blob, range, off) + n + (n ? calls[0].line : 0) +
	       (lineinfo_blob_find(blob, range, off, &loc) ? loc.line : 0);
}

/* What an "Arguments of" block costs: the chain and line too, as printed */
static noinline u32 with_args(const void *blob, int range, u32 off)
{
	u32 sum = 0;

	lineinfo_blob_args(blob, range, off, spell_args, &sum);
	return with_chain(blob, range, off) + sum;
}

int main(int argc, char **argv)
{
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	u32 text_size = 0, nr_look, nr_batch, i, j, k, *addr;
	u64 seed, t0, sink = 0, depth[LINEINFO_MAX_DEPTH + 2] = { 0 };
	double *t_line, *t_chain, overhead;
	size_t size;
	void *blob;
	int range;

	if (argc != 5) {
		fprintf(stderr, "usage: inline_time BLOB SECTION NR_LOOKUPS SEED\n");
		return 2;
	}
	blob = read_blob(argv[1], &size);
	if (!blob || lineinfo_blob_check(blob, size, true)) {
		fprintf(stderr, "inline_time: %s: unreadable or invalid blob\n", argv[1]);
		return 2;
	}
	range = lineinfo_blob_range(blob, argv[2]);
	if (range < 0 || !lineinfo_blob_range_name(blob, range, &text_size) || !text_size) {
		fprintf(stderr, "inline_time: %s: no range %s\n", argv[1], argv[2]);
		return 2;
	}
	nr_look = strtoul(argv[3], NULL, 0);
	seed = strtoull(argv[4], NULL, 0) | 1;
	nr_batch = nr_look / BATCH;
	nr_look = nr_batch * BATCH;
	addr = malloc(sizeof(*addr) * nr_look);
	t_line = malloc(sizeof(double) * nr_batch);
	t_chain = malloc(sizeof(double) * nr_batch);
	if (!addr || !t_line || !t_chain)
		return 2;
	for (i = 0; i < nr_look; i++) {
		addr[i] = xorshift(&seed) % text_size;
		k = lineinfo_blob_inline(blob, range, addr[i], calls, LINEINFO_MAX_DEPTH);
		depth[k <= LINEINFO_MAX_DEPTH ? k : LINEINFO_MAX_DEPTH + 1]++;
	}
	for (i = 0; i < nr_batch; i++) {
		t0 = now_ns();
		t_line[i] = now_ns() - t0;
	}
	overhead = pct(t_line, nr_batch, 0.5);
	for (i = 0; i < nr_batch; i++) {
		const u32 *ad = addr + (size_t)i * BATCH;

		for (k = 0; k < 2; k++) {
			bool chain = (i & 1) == k;

			t0 = now_ns();
			for (j = 0; j < BATCH; j++)
				sink += chain ? with_chain(blob, range, ad[j]) :
						line_only(blob, range, ad[j]);
			(chain ? t_chain : t_line)[i] = ((double)(now_ns() - t0) - overhead) / BATCH;
		}
	}
	{
		double *t_twice = malloc(sizeof(double) * nr_batch), *t_once, om, tm;

		t_once = malloc(sizeof(double) * nr_batch);
		if (!t_twice || !t_once)
			return 2;
		for (i = 0; i < nr_batch; i++) {
			const u32 *ad = addr + (size_t)i * BATCH;

			for (k = 0; k < 2; k++) {
				bool twice = (i & 1) == k;

				t0 = now_ns();
				for (j = 0; j < BATCH; j++)
					sink += twice ? frame_twice(blob, range, ad[j]) :
							with_chain(blob, range, ad[j]);
				(twice ? t_twice : t_once)[i] =
					((double)(now_ns() - t0) - overhead) / BATCH;
			}
		}
		om = pct(t_once, nr_batch, 0.5);
		tm = pct(t_twice, nr_batch, 0.5);
		printf("frame decoded once (now) median ns: %.1f\n", om);
		printf("frame decoded twice (before) median ns: %.1f\n", tm);
		printf("frame decoded twice / once median: %.2f\n", tm / om);
	}
	if (lineinfo_params_hdr(blob)) {
		double *t_args = malloc(sizeof(double) * nr_batch), am, a99;

		if (!t_args)
			return 2;
		for (i = 0; i < nr_batch; i++) {
			const u32 *ad = addr + (size_t)i * BATCH;

			t0 = now_ns();
			for (j = 0; j < BATCH; j++)
				sink += with_args(blob, range, ad[j]);
			t_args[i] = ((double)(now_ns() - t0) - overhead) / BATCH;
		}
		am = pct(t_args, nr_batch, 0.5);
		a99 = pct(t_args, nr_batch, 0.99);
		printf("lookup lines + chain + arguments median ns: %.1f\n", am);
		printf("lookup lines + chain + arguments p99 ns: %.1f\n", a99);
		printf("lookup lines + chain + arguments / lines only median: %.2f\n",
		       am / pct(t_line, nr_batch, 0.5));
	}
	printf("chain lookups: %u (batches of %u), checksum %llu\n", nr_look, BATCH,
	       (unsigned long long)sink);
	printf("chain depth 0/1/2/3+ of the sample: %llu/%llu/%llu/%llu\n",
	       (unsigned long long)depth[0], (unsigned long long)depth[1],
	       (unsigned long long)depth[2], (unsigned long long)(nr_look - depth[0] - depth[1] - depth[2]));
	{
		double lm = pct(t_line, nr_batch, 0.5), l99 = pct(t_line, nr_batch, 0.99);
		double cm = pct(t_chain, nr_batch, 0.5), c99 = pct(t_chain, nr_batch, 0.99);

		printf("lookup lines only median ns: %.1f\n", lm);
		printf("lookup lines only p99 ns: %.1f\n", l99);
		printf("lookup lines + chain median ns: %.1f\n", cm);
		printf("lookup lines + chain p99 ns: %.1f\n", c99);
		printf("lookup lines + chain / lines only median: %.2f\n", cm / lm);
	}
	return 0;
}
