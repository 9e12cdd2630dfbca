// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo - annotate kernel traces offline, as the kernel would have with
 * CONFIG_KALLSYMS_LINEINFO, from the tables of its build: no debug info,
 * no DWARF reader.  See Documentation/admin-guide/kallsyms-lineinfo.rst.
 *
 *   lineinfo decode [-k IMAGE] [-s System.map] [-m MODULES_DIR] [-r RELEASE] [FILE...]
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/kernel.h>

#include "lineinfo.h"

const char *li_prog = "lineinfo";

void li_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", li_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static const char *const help[] = {
	"",
	"Annotates kernel traces (dmesg, console logs, /proc/PID/stack, perf script,",
	"bpftrace kstack) read from FILEs or stdin with \" (file:line)\" and [inline]",
	"lines, as a kernel with CONFIG_KALLSYMS_LINEINFO prints them, from the",
	"tables of its build.  Other lines pass through unchanged.",
	"",
	"  -k IMAGE        vmlinux, or the compressed bzImage/vmlinuz",
	"  -s System.map   symbols of IMAGE; else its ELF symbol table or, in a",
	"                  bzImage, its kallsyms tables",
	"  -m DIR          modules directory (.ko, .ko.xz, .ko.zst, .ko.gz); repeatable",
	"  -T DIR          tables saved from /sys/kernel/lineinfo (vmlinux,",
	"                  vmlinux.init) instead of those in IMAGE; with -s, no IMAGE",
	"  -r RELEASE      /boot/vmlinuz-RELEASE, /boot/System.map-RELEASE and",
	"                  /lib/modules/RELEASE",
	"  -q              no summary on stderr",
	"Without options, the running kernel's tables (/sys/kernel/lineinfo) and",
	"symbols (/proc/kallsyms; root), else -r with the running release.",
	"",
	"Exit status: 0 decoded, 1 nothing decodable or a frame of another build,",
	"2 usage or I/O error.",
};

static void print_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: %s decode [-k IMAGE] [-s System.map] [-m MODULES_DIR] [-r RELEASE]\n"
		"       %*s        [-T DIR] [-q] [FILE...]\n", li_prog, (int)strlen(li_prog), "");
	for (i = 0; i < ARRAY_SIZE(help); i++)
		fprintf(f, "%s\n", help[i]);
}

static char *release_path(const char *fmt, const char *release)
{
	size_t n = strlen(fmt) + strlen(release);
	char *p = malloc(n);

	if (p)
		snprintf(p, n, fmt, release);
	return p;
}

/* Distributions ship a placeholder System.map; a real one is larger. */
static bool real_map(const char *path)
{
	struct stat st;

	return !stat(path, &st) && st.st_size > 4096;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *image = NULL, *map = NULL, *release = NULL, *tables = NULL, *moddirs[16];
	struct li_stats st = { 0 };
	struct li_image vmlinux;
	int c, i, nr_moddirs = 0, ret = 0;
	bool quiet = false, live;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		print_usage(stdout);
		return 0;
	}
	if (argc < 2 || strcmp(argv[1], "decode")) {
		print_usage(stderr);
		return 2;
	}
	argv++;
	argc--;
	while ((c = getopt_long(argc, argv, "k:s:m:r:T:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			image = optarg;
			break;
		case 's':
			map = optarg;
			break;
		case 'm':
			if (nr_moddirs == 16) {
				li_err("-m: at most 16 directories");
				return 2;
			}
			moddirs[nr_moddirs++] = optarg;
			break;
		case 'r':
			release = optarg;
			break;
		case 'T':
			tables = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	live = !image && !release && !map && !nr_moddirs && !tables &&
	       !access("/sys/kernel/lineinfo/vmlinux", F_OK);
	if (!image && !live && !(tables && map)) {
		struct utsname u;

		if (!release && !uname(&u))
			release = strdup(u.release);
		if (!release) {
			li_err("no image: give one with -k or -r");
			return 2;
		}
		image = release_path("/boot/vmlinuz-%s", release);
		if (!map) {
			char *m = release_path("/boot/System.map-%s", release);

			map = m && real_map(m) ? m : NULL;
		}
		if (!nr_moddirs)
			moddirs[nr_moddirs++] = release_path("/lib/modules/%s", release);
	}
	if (live) {
		if (li_load_live(&vmlinux) || li_index_live_modules() < 0)
			return 2;
		image = "/sys/kernel/lineinfo";
		map = "/proc/kallsyms";
	} else {
		if (li_load_vmlinux(&vmlinux, image, map, tables))
			return 2;
		for (i = 0; i < nr_moddirs; i++)
			if (li_index_modules(moddirs[i]) < 0)
				return 2;
	}

	if (optind == argc) {
		if (li_annotate(stdin, stdout, &vmlinux, &st)) {
			li_err("stdin: %s", strerror(errno));
			ret = 2;
		}
	}
	for (i = optind; i < argc && !ret; i++) {
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;

		if (!f) {
			li_err("%s: %s", argv[i], strerror(errno));
			ret = 2;
			break;
		}
		if (li_annotate(f, stdout, &vmlinux, &st)) {
			li_err("%s: %s", argv[i], strerror(errno));
			ret = 2;
		}
		if (f != stdin)
			fclose(f);
	}
	if (fflush(stdout)) {
		li_err("stdout: %s", strerror(errno));
		ret = 2;
	}
	if (!quiet) {
		fprintf(stderr, "%s: tables from %s %s, symbols from %s", li_prog, vmlinux.source,
			tables ? tables : image, map ? map : vmlinux.kallsyms ?
			"its kallsyms tables" : "its ELF symbol table");
		for (i = 0; i < nr_moddirs; i++)
			fprintf(stderr, "%s%s", i ? " " : ", modules from ", moddirs[i]);
		fprintf(stderr, ": %lu frames, %lu annotated, %lu annotated already, ",
			st.frames, st.annotated, st.already);
		fprintf(stderr, "%lu of unknown symbols or modules, %lu of another build\n",
			st.unknown, st.mismatches);
	}
	if (!ret && (st.mismatches || !st.annotated))
		ret = 1;
	return ret;
}
