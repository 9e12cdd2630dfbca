# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# Source it: the flags and sources that build the decoder of lib/lineinfo/
# unchanged in userspace, against the kernel tree's tools/include as tools/
# builds kernel code (the tree must have the series applied: it adds the
# two definitions the decoder needs there), and the flags that build
# scripts/gen_lineinfo.c as Kbuild does.
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
# headers, whose <linux/types.h> gives the __u* types; it links the decoder
# (scripts/gen_lineinfo_check.c, built like the decoder above) to check its blobs.
GEN_CFLAGS_INC="-DLINEINFO_DECODER -idirafter $_REPO/overlay/include"
GEN_SRC="$_REPO/overlay/scripts/gen_lineinfo.c"
GEN_CHECK_SRC="$_REPO/overlay/scripts/gen_lineinfo_check.c"
unset _LIB _REPO _KSRC

# gen_build OUT COMPILER [FLAGS...]: build gen_lineinfo as Kbuild does, each of
# its two objects with its own include flags, then link it with libdw.
gen_build() {
	local out=$1 cc=$2
	shift 2
	"$cc" "$@" $GEN_CFLAGS_INC -c -o "$out.o" "$GEN_SRC" &&
	"$cc" "$@" $DECODER_CFLAGS -c -o "$out-check.o" "$GEN_CHECK_SRC" &&
	"$cc" "$@" -o "$out" "$out.o" "$out-check.o" -ldw -lelf
}
