# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Source it: the flags and sources that build the decoder of lib/lineinfo/
# unchanged in userspace, against the kernel tree's tools/include as tools/
# builds kernel code (the tree must have the series applied: it adds the
# two definitions the decoder needs there), and the flags that build
# scripts/gen_lineinfo (the sources in scripts/lineinfo/) as Kbuild does.
# Env: KSRC (default build/linux-source-6.12).
_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_REPO=$(cd "$_LIB/../.." && pwd)
_KSRC=${KSRC:-$_REPO/build/linux-source-6.12}
if ! grep -qs 'DIV_ROUND_UP_POW2' "$_KSRC/tools/include/linux/math.h"; then
	# unpack and apply (the harness's tree; another KSRC must be applied by hand)
	[ -n "${KSRC:-}" ] || "$_REPO/harness/apply-tree.sh" >&2
	grep -qs 'DIV_ROUND_UP_POW2' "$_KSRC/tools/include/linux/math.h" ||
		{ echo "userspace.sh: $_KSRC/tools/include lacks the series (make apply KSRC=$_KSRC)" >&2; exit 1; }
fi
DECODER_DIR="$_REPO/overlay/lib/lineinfo"
# tools/include's __fls() is the generic shift ladder; the kernel's x86 one
# is a single bsr, which __builtin_clzl() gives here too, so the userspace
# decoder runs (and is timed by the bench) as the kernel's does
DECODER_CFLAGS="-DLINEINFO_DECODER -I$_KSRC/tools/include -I$_REPO/overlay/include"
DECODER_CFLAGS+=" -D__HAVE_ARCH___FLS -D__fls(w)=(__LONG_WIDTH__-1-__builtin_clzl(w))"
DECODER_SRCS="$DECODER_DIR/lines.c $DECODER_DIR/inline.c $DECODER_DIR/params.c $DECODER_DIR/check.c"
# gen_lineinfo includes <linux/kallsyms_lineinfo.h> as Kbuild builds it: after the system
# headers, whose <linux/types.h> gives the __u* types (GEN_SRCS); it links the
# decoder (scripts/lineinfo/check.c, built like the decoder above) to check its blobs.
GEN_CFLAGS_INC="-DLINEINFO_DECODER -idirafter $_REPO/overlay/include"
GEN_DIR="$_REPO/overlay/scripts/lineinfo"
GEN_SRCS=""
for _f in main util dwarf lines inline params write; do
	GEN_SRCS+="${GEN_SRCS:+ }$GEN_DIR/$_f.c"
done
GEN_CHECK_SRC="$GEN_DIR/check.c"
unset _LIB _REPO _KSRC _f

# gen_compile OUT COMPILER [FLAGS...]: compile the objects of gen_lineinfo as
# Kbuild does, each with its own include flags, into OUT.objs/ (check.o, the
# decoder, is built apart from the others; GEN_CORE_CFLAGS go to the others).
gen_compile() {
	local out=$1 cc=$2 src
	shift 2
	rm -rf "$out.objs" && mkdir -p "$out.objs" &&
	for src in $GEN_SRCS; do
		# shellcheck disable=SC2086
		"$cc" "$@" $GEN_CFLAGS_INC ${GEN_CORE_CFLAGS:-} -c \
			-o "$out.objs/$(basename "$src" .c).o" "$src" || return
	done &&
	"$cc" "$@" $DECODER_CFLAGS -c -o "$out.objs/check.o" "$GEN_CHECK_SRC"
}

# gen_build OUT COMPILER [FLAGS...]: build gen_lineinfo, then link it with libdw.
gen_build() {
	local out=$1 cc=$2
	shift 2
	gen_compile "$out" "$cc" "$@" &&
	"$cc" "$@" -o "$out" "$out".objs/*.o -ldw -lelf
}
