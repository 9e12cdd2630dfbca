// SPDX-License-Identifier: GPL-2.0
/*
 * gen_lineinfo - build address to file:line tables for backtraces
 *
 * Reads the DWARF of vmlinux or of a module (the line tables, and with
 * --inline and --params the inlined calls and the parameter locations) and
 * writes the compact blobs described in include/linux/kallsyms_lineinfo.h,
 * which lib/lineinfo/ decodes when a backtrace is printed.
 *
 * Usage: gen_lineinfo [options] <elf> (-o <blob> [--range <spec>]...)...
 *
 * Each -o starts a blob; the --range options after it name the text ranges
 * it covers.  A range is "<name>=<start symbol>,<end symbol>" (vmlinux) or
 * a plain section name.  A blob without --range covers every executable
 * section, which is what modules use.  Offsets are stored relative to the
 * start of each range, so they do not depend on where the linker later
 * puts the section.
 *
 * This file: the command line, parsed and checked into struct gen_opts,
 * and main(), which runs the stages over one struct gen_ctx (see
 * gen_lineinfo.h for which file holds which stage).
 */

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gen_lineinfo.h"

static void __noreturn usage(FILE *out, int status)
{
	fprintf(out,
		"Usage: gen_lineinfo [--stats] [--prefix DIR]... [--block-shift N] <elf>\n"
		"                    (-o <blob> [--range NAME[=START,END]]...)...\n"
		"  -o FILE            write a blob covering the ranges that follow\n"
		"  --range NAME       the section NAME\n"
		"  --range NAME=S,E   text from symbol S to symbol E, stored as NAME\n"
		"                     (no --range: every executable section)\n"
		"  --prefix DIR       strip DIR/ from file names (source and object\n"
		"                     tree); may be repeated\n"
		"  --stats            print table statistics to stdout\n"
		"  --skip-no-dwarf    an input without DWARF is not an error: say so\n"
		"                     in one line and write no blob\n"
		"  --max-files N      fail above N - 1 files instead of the format's\n"
		"                     limit (to test that limit)\n"
		"  --inline           also write the inline chains of each range\n"
		"  --params           with --inline, also write where parameters are\n"
		"                     in registers\n"
		"  --dump-inline      print the ranges of functions and inlined calls\n"
		"                     (\"RANGE LO HI DEPTH NAME CALL_FILE:LINE\")\n"
		"  --dump-params      print the parameters of functions and inlined calls\n"
		"                     and where each is exactly one register\n"
		"  --help             print this text\n");
	exit(status);
}

/* A wrong command line: say what is wrong, in one line, and exit 2. */
static void __printf(1, 2) __noreturn
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("gen_lineinfo: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (gen_lineinfo --help for the usage)\n", stderr);
	exit(2);
}

/* The value of option @opt: a whole number from @min to @max, or exit. */
static unsigned long parse_number(const char *opt, const char *arg,
				  unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(arg, &end, 0);
	if (!*arg || *end || errno || arg[0] == '-' || v < min || v > max)
		usage_error("%s: '%s' is not a number from %lu to %lu", opt, arg, min, max);
	return v;
}

/* --range NAME or NAME=START,END: a range of the last -o's blob */
static void parse_range(struct gen_ctx *ctx, const char *arg)
{
	struct blob *b;
	struct range *r;
	char *s = xstrdup(arg), *eq, *comma;

	if (!ctx->nr_blobs)
		usage_error("--range %s: no -o before it (a --range belongs to the last -o)",
			    arg);
	b = &ctx->blobs[ctx->nr_blobs - 1];
	if (b->nr_ranges >= MAX_RANGES)
		usage_error("--range %s: more than %d ranges for %s", arg, MAX_RANGES, b->path);
	b->all_text = false;
	eq = strchr(s, '=');
	r = new_range(ctx, b, s);
	if (eq) {
		*eq = '\0';
		comma = strchr(eq + 1, ',');
		if (!comma || eq == s || comma == eq + 1 || !comma[1])
			usage_error("--range %s: expected NAME=START,END or NAME", arg);
		*comma = '\0';
		r->start_sym = eq + 1;
		r->end_sym = comma + 1;
	}
}

/* The command line into @ctx->opt and the blobs, checked; exit 2 if wrong */
static void parse_options(struct gen_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "range", required_argument, NULL, 'r' },
		{ "prefix", required_argument, NULL, 'p' },
		{ "block-shift", required_argument, NULL, 'b' },
		{ "stats", no_argument, NULL, 's' },
		{ "max-files", required_argument, NULL, 'm' },
		{ "skip-no-dwarf", no_argument, NULL, 'n' },
		{ "dump-inline", no_argument, NULL, 'i' },
		{ "dump-params", no_argument, NULL, 'P' },
		{ "inline", no_argument, NULL, 'I' },
		{ "params", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gen_opts *opt = &ctx->opt;
	int c;

	opt->block_shift = DEFAULT_BLOCK_SHIFT;
	opt->max_files = LINEINFO_MAX_FILES;
	while ((c = getopt_long(argc, argv, "-o:", opts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (opt->input)
				usage_error("two input files: %s and %s", opt->input, optarg);
			opt->input = optarg;
			break;
		case 'o':
			if (ctx->nr_blobs >= MAX_BLOBS)
				usage_error("-o %s: more than %d blobs", optarg, MAX_BLOBS);
			ctx->blobs[ctx->nr_blobs].path = optarg;
			ctx->blobs[ctx->nr_blobs].all_text = true;
			ctx->nr_blobs++;
			break;
		case 'r':
			parse_range(ctx, optarg);
			break;
		case 'p':
			if (opt->nr_prefixes >= ARRAY_SIZE(opt->prefixes))
				usage_error("--prefix %s: more than %zu prefixes", optarg,
					    ARRAY_SIZE(opt->prefixes));
			opt->prefixes[opt->nr_prefixes++] = clean_path(optarg);
			break;
		case 'b':
			opt->block_shift = parse_number("--block-shift", optarg, 0,
							LINEINFO_MAX_BLOCK_SHIFT);
			break;
		case 's':
			opt->stats = true;
			break;
		case 'n':
			opt->skip_no_dwarf = true;
			break;
		case 'i':
			opt->dump_inline = true;
			break;
		case 'P':
			opt->dump_params = true;
			break;
		case 'I':
			opt->inline_chains = true;
			break;
		case 'A':
			opt->params = true;
			break;
		case 'm':
			opt->max_files = parse_number("--max-files", optarg, 2, LINEINFO_MAX_FILES);
			break;
		case 'h':
			usage(stdout, 0);
		default:
			/* getopt has said which option is wrong */
			usage(stderr, 2);
		}
	}
	if (!opt->input)
		usage_error("no input ELF file");
	if (!ctx->nr_blobs)
		usage_error("%s: no -o blob to write", opt->input);
	if (opt->params && !opt->inline_chains)
		usage_error("--params needs --inline (the parameter table uses its names)");
}

/* Encode the blob @b and write it */
static void make_blob(struct gen_ctx *ctx, struct blob *b)
{
	unsigned int i;

	drop_empty_ranges(ctx, b);
	assign_files(ctx, b);
	/* hook: --inline */
	if (ctx->opt.inline_chains)
		inline_assign(ctx, b);
	/* hook: --params */
	if (ctx->opt.params)
		params_assign(ctx, b);
	for (i = 0; i < b->nr_ranges; i++) {
		encode_lines(ctx, b, b->ranges[i]);
		/* hook: --inline */
		if (ctx->opt.inline_chains)
			inline_encode(ctx, b, b->ranges[i]);
		/* hook: --params */
		if (ctx->opt.params)
			params_encode(ctx, b, b->ranges[i]);
	}
	write_blob(ctx, b);
}

int main(int argc, char **argv)
{
	struct gen_ctx *ctx = xcalloc(1, sizeof(*ctx));
	unsigned int i;

	strtab_init(&ctx->file_tab);
	inline_init(ctx);		/* hook: --inline */
	params_init(ctx);		/* hook: --params */
	parse_options(ctx, argc, argv);

	/* read: the line rows of every CU (and the inlined calls, parameters) */
	if (!read_rows(ctx))
		return 0;
	/* hook: --params */
	params_report(ctx);
	/* hook: --inline, --dump-inline */
	inline_prepare(ctx);
	/* hook: --params */
	if (ctx->opt.params)
		params_prepare(ctx);
	/* build: one entry per address and change of location, per range */
	build_entries(ctx);
	/* encode, lay out, check and write each blob */
	for (i = 0; i < ctx->nr_blobs; i++)
		make_blob(ctx, &ctx->blobs[i]);
	/* hook: --params */
	params_report_end(ctx);
	return 0;
}
