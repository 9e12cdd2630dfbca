// SPDX-License-Identifier: GPL-2.0
/*
 * lineinfo: annotate text the way the kernel annotates it.  A line that
 * names a code address as symbol+offset gets what a kernel with
 * CONFIG_KALLSYMS_LINEINFO would have printed there, by the rule of the
 * line's kind:
 *
 *   Call Trace entry, "? " entry,	a return address: the location of the
 *   /proc/PID/stack entry,		call (the address minus one); a frame
 *   saved stack entry			in inlined code gets the line in its own
 *					function and, before it, one [inline]
 *					line per inlined call (not for
 *					/proc/PID/stack and KFENCE's
 *					allocation and free stacks, which the
 *					kernel prints without them)
 *   RIP:/EIP: line, the first entry	the exact address, as a frame
 *   of a KFENCE access stack
 *   Kernel BUG at, Bad FPU state	the exact address, its innermost line,
 *   detected at, ORC's ip=		no [inline] lines (%pSL)
 *   perf script, bpftrace kstack	as a Call Trace, except that the first
 *   (symbol+offset, no size)		entry of a stack is the exact address
 *   arm64 "pc :" line			the exact address, as a frame
 *   arm64 "lr :" line			a return address standing alone: the
 *					innermost line of the call
 *   arm64 Call trace entry		a return address, except the first
 *					entry when it repeats the "pc :" line
 *					before it, and an entry after one in
 *					an exception entry stub (el1h_64_sync
 *					and the others; the frame record in
 *					pt_regs holds the interrupted pc):
 *					those are exact
 *
 * Everything else passes through byte for byte, and so do lines the
 * kernel annotated already.  What the text cannot tell: which entries of a
 * saved stack follow an exception (the kernel looks those up exactly; here
 * they count as return addresses), and the frame of a saved stack printed
 * with %pS whose return address ends a function (it reads next+0x0 and is
 * left alone).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kernel.h>

#include "lineinfo.h"

/* As the kernel prints them: kallsyms_lineinfo.c and KSYM_LINEINFO_LEN */
#define LI_PRINT_INLINE		8	/* LINEINFO_PRINT_INLINE */
#define LI_NAME_LEN		128	/* LINEINFO_INLINE_NAME_LEN */
#define LI_WHERE_LEN		128	/* KSYM_LINEINFO_LEN */

enum li_rule {
	LI_RETURN,		/* a return address, with [inline] lines */
	LI_RETURN_PLAIN,	/* a return address, without them */
	LI_EXACT,		/* an exact address, as a frame */
	LI_EXACT_SITE,		/* an exact address standing alone (%pSL) */
	LI_RETURN_SITE,		/* a return address standing alone (arm64 lr) */
};

/* A symbol+offset[/size] [module] token found in a line */
struct li_token {
	const char *start, *end;	/* of the token, [module] included */
	char name[512];
	char module[64];
	unsigned long long off, size;
	bool has_size;
};

static bool is_sym_start(int c)
{
	return isalpha(c) || c == '_' || c == '.' || c == '$';
}

static bool is_sym_char(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '$';
}

/* "0x" and lowercase hex digits, as the kernel prints them */
static bool is_hex(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f');
}

static const char *hex(const char *p, unsigned long long *v)
{
	const char *q;

	if (p[0] != '0' || p[1] != 'x' || !is_hex((unsigned char)p[2]))
		return NULL;
	*v = 0;
	for (q = p + 2; is_hex((unsigned char)*q) && q - p < 18; q++)
		*v = *v << 4 | (isdigit((unsigned char)*q) ? *q - '0' : *q - 'a' + 10);
	return is_hex((unsigned char)*q) ? NULL : q;
}

/* Parse symbol+0xoff[/0xsize][ [module[ buildid]]] at @p. */
static bool parse_token(const char *p, struct li_token *t)
{
	const char *q = p, *m;
	size_t n;

	if (!is_sym_start((unsigned char)*q))
		return false;
	while (is_sym_char((unsigned char)*q))
		q++;
	n = q - p;
	if (*q != '+' || n >= sizeof(t->name))
		return false;
	memcpy(t->name, p, n);
	t->name[n] = '\0';
	if (q[1] == '0' && q[2] == 'x') {
		q = hex(q + 1, &t->off);
		if (!q)
			return false;
	} else {
		/* bpftrace's kstack: symbol+offset in decimal, no size */
		char *end;

		if (!isdigit((unsigned char)q[1]))
			return false;
		t->off = strtoull(q + 1, &end, 10);
		q = end;
		if (*q == '/')
			return false;
	}
	t->has_size = *q == '/';
	if (t->has_size) {
		q = hex(q + 1, &t->size);
		if (!q)
			return false;
	}
	t->start = p;
	t->module[0] = '\0';
	if (q[0] == ' ' && q[1] == '[') {
		for (m = q + 2; isalnum((unsigned char)*m) || *m == '_' || *m == '-'; m++)
			;
		n = m - (q + 2);
		if (n && n < sizeof(t->module) && (*m == ']' || *m == ' ')) {
			const char *e = strchr(m, ']');

			if (e) {
				memcpy(t->module, q + 2, n);
				t->module[n] = '\0';
				q = e + 1;
			}
		}
	}
	t->end = q;
	return true;
}

/* syslog's and journalctl's "Dec  4 03:47:23 host kernel: " */
static const char *skip_syslog(const char *s)
{
	const char *k = strstr(s, " kernel: ");

	return k && k - s < 64 && !memchr(s, '[', k - s) ? k + 9 : s;
}

/* dmesg -x's "kern  :warn  : " */
static const char *skip_facility(const char *s)
{
	const char *p = s;
	int i;

	for (i = 0; i < 2; i++) {
		if (!islower((unsigned char)*p))
			return s;
		while (islower((unsigned char)*p))
			p++;
		while (*p == ' ')
			p++;
		if (*p++ != ':')
			return s;
		if (*p == ' ')
			p++;
	}
	return p;
}

/*
 * The message of a log line: after syslog's or dmesg -x's prefix, dmesg
 * -r's "<4>", printk's "[  12.345678] " and its caller id "[T123] ".
 */
static const char *skip_timestamp(const char *line)
{
	const char *s = skip_facility(skip_syslog(line)), *p = s;

	while (*p == '<' && isdigit((unsigned char)p[1])) {	/* dmesg -r's <4> */
		const char *q = p + 1;

		while (isdigit((unsigned char)*q))
			q++;
		if (*q != '>')
			break;
		p = q + 1;
	}
	if (*p != '[')
		return s;
	for (p++; *p == ' '; p++)
		;
	/* printk's "%5lu.%06lu" */
	if (!isdigit((unsigned char)*p))
		return s;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return s;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p != ']')
		return s;
	p++;
	if (*p == ' ')
		p++;
	/* the caller id, "[%6s]" of "T123" (a task) or "C1" (a CPU) */
	if (*p == '[') {
		const char *q = p + 1;

		while (*q == ' ')
			q++;
		if ((*q == 'T' || *q == 'C') && isdigit((unsigned char)q[1])) {
			for (q++; isdigit((unsigned char)*q); q++)
				;
			if (*q == ']') {
				p = q + 1;
				if (*p == ' ')
					p++;
			}
		}
	}
	return p;
}

/* The state carried from line to line */
struct li_ctx {
	struct li_image *vmlinux;
	struct li_stats *st;
	FILE *out;
	bool kfence_access;	/* the previous line starts a KFENCE access stack */
	bool track_stack;	/* in a KFENCE allocation or free stack */
	bool perf_stack;	/* the previous line was a perf/bpftrace entry */
	bool said_mismatch;
	/* arm64: the register dump's pc, and where its Call trace is */
	struct li_token regs_pc;
	bool have_pc;
	bool trace_first;	/* the next entry is a Call trace's first */
	bool after_entry_stub;	/* the previous line was an entry stub's */
};

/*
 * The annotation of @t by @rule: @where gets " (file:line)" and @chain
 * the [inline] lines (prefix excluded), one per NUL-terminated string.
 * Returns 1 if annotated, 0 if not ours, -1 on a mismatch, -2 if @t can
 * be placed in more than one way with different results.
 */
struct li_result {
	char where[LI_WHERE_LEN];
	char chain[LI_PRINT_INLINE + 1][LI_NAME_LEN + LI_WHERE_LEN + 16];
	unsigned int nr_chain;
};

static int annotate_sym(const struct li_image *img, const struct li_sym *sym,
			const struct li_token *t, enum li_rule rule, struct li_result *r)
{
	struct lineinfo_call calls[LINEINFO_MAX_DEPTH];
	unsigned long long off = t->off;
	struct lineinfo_loc loc, at;
	struct li_place pl;
	unsigned int n = 0, i, shown = 0;

	memset(r, 0, sizeof(*r));
	if (rule == LI_RETURN || rule == LI_RETURN_PLAIN || rule == LI_RETURN_SITE) {
		if (!off)
			return 0;	/* %pS of a return address at a function's end */
		off--;
	}
	if (!li_place(img, sym, off, &pl) ||
	    !lineinfo_blob_find(pl.blob, pl.range, pl.offset, &loc))
		return 0;
	if (rule != LI_EXACT_SITE && rule != LI_RETURN_SITE) {
		n = lineinfo_blob_inline(pl.blob, pl.range, pl.offset, calls, LINEINFO_MAX_DEPTH);
		if (n > LINEINFO_MAX_DEPTH)
			n = 0;
	}
	/* the [inline] lines, innermost first, as lineinfo_walk_chain() */
	at = loc;
	for (i = n; rule != LI_RETURN_PLAIN && i-- > 0 && shown < LI_PRINT_INLINE; shown++) {
		char name[LI_NAME_LEN], where[LI_WHERE_LEN] = "";

		if (i + 1 < n) {
			at.file = calls[i + 1].file;
			at.line = calls[i + 1].line;
		}
		if (lineinfo_call_name(&calls[i], name, sizeof(name)) == sizeof(name) - 1)
			memcpy(name + sizeof(name) - 4, "...", 4);
		if (at.file)
			lineinfo_format(where, sizeof(where), &at);
		snprintf(r->chain[r->nr_chain++], sizeof(r->chain[0]), "%s%s [inline]",
			 name, where);
	}
	if (rule != LI_RETURN_PLAIN && n > shown)
		snprintf(r->chain[r->nr_chain++], sizeof(r->chain[0]), "... [inline]");
	if (n > 0 && calls[0].file) {
		loc.file = calls[0].file;
		loc.line = calls[0].line;
	}
	lineinfo_format(r->where, sizeof(r->where), &loc);
	return 1;
}

static bool same_result(const struct li_result *a, const struct li_result *b)
{
	unsigned int i;

	if (strcmp(a->where, b->where) || a->nr_chain != b->nr_chain)
		return false;
	for (i = 0; i < a->nr_chain; i++)
		if (strcmp(a->chain[i], b->chain[i]))
			return false;
	return true;
}

static int annotate_token(struct li_ctx *c, const struct li_token *t, enum li_rule rule,
			  struct li_result *r)
{
	const struct li_image *img = c->vmlinux;
	const struct li_sym *sym;
	struct li_result other;
	size_t n, i;
	int found = 0, sized = 0;

	if (t->module[0]) {
		img = li_module(t->module);
		if (!img) {
			c->st->unknown++;
			return 0;
		}
	}
	n = li_find_syms(img, t->name, &sym);
	if (!n) {
		c->st->unknown++;
		return 0;
	}
	for (i = 0; i < n; i++) {
		const struct li_sym *s = &sym[i];
		int ret;

		/* the printed size is kallsyms's: the image's must be the same */
		if (t->has_size && !(s->size == t->size || (s->size_min && t->size >= s->size)))
			continue;
		if (t->has_size ? t->off > t->size : (!s->size_min && t->off > s->size))
			continue;
		sized++;
		ret = annotate_sym(img, s, t, rule, found ? &other : r);
		if (ret <= 0)
			continue;
		if (found && !same_result(r, &other))
			return -2;
		found = 1;
	}
	if (!sized) {
		c->st->mismatches++;
		if (!c->said_mismatch)
			fprintf(stderr, "%s: %.*s: %s\n", li_prog, (int)(t->end - t->start),
				t->start, "size differs from the image's: another build?");
		c->said_mismatch = true;
		return -1;
	}
	return found;
}

/* Print @line with @r's location inserted at @at, its [inline] lines first. */
static void emit(struct li_ctx *c, const char *line, const char *body, const char *at,
		 const char *prefix, size_t plen, const struct li_result *r)
{
	unsigned int i;

	for (i = 0; i < r->nr_chain; i++)
		fprintf(c->out, "%.*s%.*s%s\n", (int)(body - line), line, (int)plen, prefix,
			r->chain[i]);
	fwrite(line, 1, at - line, c->out);
	fputs(r->where, c->out);
	fputs(at, c->out);
	c->st->annotated++;
}

/* " (file:line)" right after a frame: the kernel annotated it already */
static bool annotated(const char *end)
{
	const char *p = end, *colon;

	if (p[0] != ' ' || p[1] != '(')
		return false;
	p = strchr(p, ')');
	colon = strchr(end, ':');
	return p && isdigit((unsigned char)p[-1]) && colon && colon < p;
}

/* The kinds of lines with a code address, and where the address is */
struct li_kind {
	enum li_rule rule;
	const char *prefix;	/* of its [inline] lines */
	size_t plen;
	const char *at;		/* where the annotation goes */
	bool whole;		/* the token must end the line */
	bool perf;		/* a perf script or bpftrace entry */
};

/* A trace entry: blanks, "? ", the token; bpftrace's has no size */
static bool trace_entry(const char *body, struct li_token *t, struct li_kind *k)
{
	const char *p = body;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!strncmp(p, "? ", 2))
		p += 2;
	if (!parse_token(p, t))
		return false;
	k->prefix = body;
	k->plen = p - body;
	k->whole = true;
	k->perf = !t->has_size;
	return true;
}

/* /proc/PID/stack: "[<0>] symbol+0xoff/0xsize" */
static bool proc_stack_entry(const char *body, struct li_token *t, struct li_kind *k)
{
	const char *p;

	if (strncmp(body, "[<", 2))
		return false;
	for (p = body + 2; is_hex((unsigned char)*p) || *p == 'x'; p++)
		;
	if (p == body + 2 || strncmp(p, ">] ", 3) || !parse_token(p + 3, t) || !t->has_size)
		return false;
	k->rule = LI_RETURN_PLAIN;
	k->whole = true;
	return true;
}

/*
 * The ip of a register dump: "RIP: 0010:symbol+0xoff/0xsize", arm64's
 * "pc : symbol+0xoff/0xsize"; and arm64's "lr : ", a return address
 */
static bool regs_ip(const char *body, struct li_token *t, struct li_kind *k)
{
	const char *p;
	size_t i;

	if (!strncmp(body, "lr : ", 5)) {
		if (!parse_token(body + 5, t) || !t->has_size)
			return false;
		k->rule = LI_RETURN_SITE;
		k->whole = true;
		return true;
	}
	if (!strncmp(body, "EIP: ", 5) || !strncmp(body, "pc : ", 5)) {
		p = body + 5;				/* no segment */
	} else if (!strncmp(body, "RIP: ", 5)) {	/* "%04x:" of cs */
		for (i = 5; i < 9; i++)
			if (!is_hex((unsigned char)body[i]))
				return false;
		if (body[9] != ':')
			return false;
		p = body + 10;
	} else {
		return false;
	}
	if (!parse_token(p, t) || !t->has_size)
		return false;
	k->rule = LI_EXACT;
	k->prefix = " ";	/* as show_ip() prints them */
	k->plen = 1;
	k->whole = true;
	return true;
}

/* perf script: "    ffffffff81234567 symbol+0xoff (dso)" */
static bool perf_entry(const char *body, struct li_token *t, struct li_kind *k)
{
	const char *p = body, *q, *m, *e;
	size_t n;

	while (*p == ' ' || *p == '\t')
		p++;
	for (q = p; is_hex((unsigned char)*q); q++)
		;
	if (q - p < 8 || *q != ' ' || !parse_token(q + 1, t) || t->has_size ||
	    t->end[0] != ' ' || t->end[1] != '(')
		return false;
	m = t->end + 2;
	e = strchr(m, ')');
	n = e ? e - m : 0;
	/* a module's dso is "[name]"; vmlinux's "[kernel.kallsyms]" */
	if (n > 2 && m[0] == '[' && e[-1] == ']' && n - 2 < sizeof(t->module) &&
	    strncmp(m, "[kernel.", 8)) {
		memcpy(t->module, m + 1, n - 2);
		t->module[n - 2] = '\0';
	}
	k->prefix = body;
	k->plen = p - body;
	k->at = body + strlen(body);	/* after perf's "(dso)" */
	while (k->at > body && (k->at[-1] == '\n' || k->at[-1] == '\r'))
		k->at--;
	k->perf = true;
	return true;
}

/* %pSL sites: the exact address standing alone, its innermost line */
static const char *const exact_sites[] = {
	"Kernel BUG at ", "Bad FPU state detected at ", " ip=",
};

static bool exact_site(const char *body, struct li_token *t, struct li_kind *k)
{
	const char *p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exact_sites); i++) {
		p = strstr(body, exact_sites[i]);
		if (p && parse_token(p + strlen(exact_sites[i]), t) && t->has_size) {
			k->rule = LI_EXACT_SITE;
			return true;
		}
	}
	return false;
}

/*
 * KFENCE reports of a faulting access: the stack after this line starts
 * with the faulting instruction (mm/kfence/report.c, with regs)
 */
static const char *const kfence_faults[] = {
	"Use-after-free read at ", "Use-after-free write at ",
	"Out-of-bounds read at ", "Out-of-bounds write at ",
	"Invalid read at ", "Invalid write at ",
};

static bool starts_with_any(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strncmp(s, list[i], strlen(list[i])))
			return true;
	return false;
}

/*
 * arm64's exception entry stubs (arch/arm64/kernel/entry.S): the entry
 * after one of theirs is the pc that the stub saved in pt_regs
 */
static bool arm64_entry_stub(const char *name)
{
	static const char *const kinds[] = { "sync", "irq", "fiq", "error" };
	size_t i;

	if (!strcmp(name, "__bad_stack"))
		return true;
	if (strncmp(name, "el", 2) || (name[2] != '0' && name[2] != '1') ||
	    (name[3] != 't' && name[3] != 'h') || name[4] != '_' ||
	    (strncmp(name + 5, "64_", 3) && strncmp(name + 5, "32_", 3)))
		return false;
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(name + 8, kinds[i]))
			return true;
	return false;
}

static bool same_token(const struct li_token *a, const struct li_token *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->module, b->module) &&
	       a->off == b->off && a->size == b->size;
}

/* KFENCE's allocation and free stacks: printed without [inline] lines */
static const char *const kfence_tracks[] = {
	"allocated by task ", "freed by task ",
};

static void do_line(struct li_ctx *c, const char *line)
{
	const char *body = skip_timestamp(line), *end = line + strlen(line);
	bool fault = c->kfence_access, track = c->track_stack, perf = c->perf_stack;
	bool first = c->trace_first, stub = c->after_entry_stub;
	struct li_kind k = { .rule = LI_RETURN };
	struct li_result r;
	struct li_token t;
	bool found, entry;

	while (end > body && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	c->kfence_access = starts_with_any(body, kfence_faults, ARRAY_SIZE(kfence_faults));
	c->perf_stack = false;
	c->after_entry_stub = false;
	entry = trace_entry(body, &t, &k);
	found = entry || proc_stack_entry(body, &t, &k) ||
		regs_ip(body, &t, &k) || perf_entry(body, &t, &k) || exact_site(body, &t, &k);
	if (!found) {
		/* a track stack goes on until a line that is no frame */
		c->track_stack = starts_with_any(body, kfence_tracks, ARRAY_SIZE(kfence_tracks));
		c->trace_first = !strncmp(body, "Call trace:", 11);
		fputs(line, c->out);
		return;
	}
	if (entry && !k.perf) {
		/* arm64: the pc of a trace from registers, or after an exception */
		c->trace_first = false;
		c->after_entry_stub = arm64_entry_stub(t.name);
		if ((first && c->have_pc && same_token(&t, &c->regs_pc)) || stub)
			k.rule = LI_EXACT;
		if (first)
			c->have_pc = false;
	} else if (!strncmp(body, "pc : ", 5)) {
		c->regs_pc = t;
		c->have_pc = true;
	}
	c->st->frames++;
	if (annotated(t.end)) {
		c->st->already++;
		fputs(line, c->out);
		return;
	}
	if (k.whole && t.end != end) {
		/* more text after the token: not a line this tool knows */
		c->st->frames--;
		c->track_stack = false;
		fputs(line, c->out);
		return;
	}
	if (k.perf) {
		/* the first entry of a stack is the sampled ip */
		k.rule = perf ? LI_RETURN : LI_EXACT;
		c->perf_stack = true;
	} else if (k.rule == LI_RETURN && fault) {
		k.rule = LI_EXACT;
	} else if (k.rule == LI_RETURN && track) {
		k.rule = LI_RETURN_PLAIN;
	}
	c->track_stack = track && k.rule == LI_RETURN_PLAIN;
	switch (annotate_token(c, &t, k.rule, &r)) {
	case 1:
		emit(c, line, body, k.at ? k.at : t.end, k.prefix ? k.prefix : "", k.plen, &r);
		return;
	case -2:
		c->st->unknown++;
		break;
	default:
		break;
	}
	fputs(line, c->out);
}

/**
 * li_annotate - annotate a text stream
 * @in: the text
 * @out: where it goes, annotated
 * @vmlinux: the kernel image; modules come from li_module()
 * @st: counts, added to
 *
 * Return: 0, or -1 on a read error.
 */
int li_annotate(FILE *in, FILE *out, struct li_image *vmlinux, struct li_stats *st)
{
	struct li_ctx c = { .vmlinux = vmlinux, .st = st, .out = out };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while ((n = getline(&line, &cap, in)) > 0) {
		if (memchr(line, '\0', n)) {	/* binary: as it is */
			fwrite(line, 1, n, out);
			continue;
		}
		do_line(&c, line);
	}
	free(line);
	return ferror(in) ? -1 : 0;
}
