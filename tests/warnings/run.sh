#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# W=1 + CONFIG_WERROR=y compile of the objects the series adds or changes,
# in three configs of the test kernel (configs/*.config on tinyconfig):
#
#   on            the test config as it is (every lineinfo option on)
#   off           CONFIG_KALLSYMS_LINEINFO=n and every option depending on it
#   nostacktrace  CONFIG_STACKTRACE=n with CONFIG_UNWINDER_ORC=y (KFENCE,
#                 which selects STACKTRACE, off; lineinfo options on)
#
# Objects: every .c file a patch of the series changes, and the overlay's
# kernel .c files, each as its .o where the variant builds it (kbuild's own
# obj-y/obj-m lists decide, see objs.mk).  Each variant gets its own O= dir
# under $WORKDIR/warn/ ("make prepare" once, then "make -k W=1 a.o b.o ...");
# $KSRC (the patched tree) is only read.  In variant "on", scripts/gen_lineinfo
# is compiled again with the host equivalent of W=1 and -Werror.
#
# W=1 may warn in 6.12's own code in these files.  Only new warnings fail:
# when a file warns, the same objects are compiled in a tree without the
# series (a symlink copy of $KSRC in which the series' files are reverted)
# and the warnings are compared by file and message (line numbers ignored).
#
# Env: WARN_VARIANTS="on off nostacktrace", WARN_DIR (default $WORKDIR/warn),
#      FRAGMENTS (as for build-kernel.sh), CCACHE=0, JOBS.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../harness/lib.sh
. "$HERE/../../harness/lib.sh"
WARN=$(abspath "${WARN_DIR:-$WORKDIR/warn}")
VARIANTS=${WARN_VARIANTS:-on off nostacktrace}
JOBS=${JOBS:-$(nproc)}
CC=gcc HOSTCC=gcc
if [ "${CCACHE:-1}" != 0 ] && command -v ccache >/dev/null; then CC="ccache gcc" HOSTCC="ccache gcc"; fi
[ -f "$KSRC/Makefile" ] || die "$KSRC is not a kernel tree (run the apply step first)"
mkdir -p "$WARN"
t_start=$SECONDS
fail=0
ok()  { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }

FRAGMENTS=${FRAGMENTS:-$(ls "$ROOT"/configs/*.config)}
frags=()
for f in $FRAGMENTS; do
	case $f in /*) ;; *) [ -f "$f" ] || f=$ROOT/$f ;; esac
	[ -f "$f" ] || die "config fragment $f not found"
	frags+=("$(abspath "$f")")
done

# ---- the series' files ---------------------------------------------------------
# .c files of the kernel proper (not scripts/, tools/, usr/, samples/)
series_c_files() {
	local p
	{
		for p in $(series_patches); do
			sed -n 's|^diff --git a/\([^ ]*\) b/.*|\1|p' "$p"
		done
		[ -d "$OVERLAY" ] && (cd "$OVERLAY" && find . -name '*.c' | sed 's|^\./||')
	} | grep '\.c$' | LC_ALL=C sort -u
}
mapfile -t CFILES < <(series_c_files | grep -v -E '^(scripts|tools|usr|samples|Documentation)/')
# host programs of the series under scripts/ (overlay): scripts/gen_lineinfo,
# whose sources are in scripts/lineinfo/
mapfile -t HOSTC < <(series_c_files | grep -E '^scripts/([^/]+|lineinfo/[^/]+)\.c$' || true)
[ ${#CFILES[@]} -gt 0 ] || die "no .c files found in $PATCHES and $OVERLAY"

# ---- config --------------------------------------------------------------------
variant_fragment() { # the variant's overrides, merged last
	echo "# tests/warnings: variant $1"
	echo "CONFIG_WERROR=y"
	case $1 in
	on) ;;
	off)
		# the main option and all lineinfo options the fragments set
		{ echo CONFIG_KALLSYMS_LINEINFO
		  sed -n 's/^\(CONFIG_[A-Z0-9_]*\(LINEINFO\|PARAMINFO\)[A-Z0-9_]*\)=.*/\1/p' "${frags[@]}"
		} | sort -u | sed 's/.*/# & is not set/'
		;;
	nostacktrace)
		echo "# CONFIG_STACKTRACE is not set"
		echo "CONFIG_UNWINDER_ORC=y"
		# KFENCE selects STACKTRACE (lib/Kconfig.kfence)
		echo "# CONFIG_KFENCE is not set"
		;;
	*) die "unknown variant '$1' (on, off, nostacktrace)" ;;
	esac
}

# mkconfig VARIANT SRC O: .config of the variant for tree SRC in O, checked
mkconfig() {
	local v=$1 src=$2 o=$3 cfgo=$3.kconfig vf=$WARN/$1.config line opt val got bad=0
	variant_fragment "$v" > "$vf"
	rm -rf "$cfgo"; mkdir -p "$cfgo" "$o"
	make -s -C "$src" O="$cfgo" ARCH=x86_64 tinyconfig >/dev/null
	(cd "$src" && scripts/kconfig/merge_config.sh -m -O "$cfgo" "$cfgo/.config" "${frags[@]}" "$vf") \
		> "$cfgo/merge.log" 2>&1 || { cat "$cfgo/merge.log"; die "$v: merge_config.sh failed"; }
	make -s -C "$src" O="$cfgo" ARCH=x86_64 olddefconfig >/dev/null
	# every option of the fragments as the last fragment setting it wants
	declare -A want=()
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			want[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set ]]; then
			want[${BASH_REMATCH[1]}]=n
		fi
	done < <(cat "${frags[@]}" "$vf")
	for opt in "${!want[@]}"; do
		val=${want[$opt]}
		got=$(grep -E "^($opt=|# $opt is not set)" "$cfgo/.config" || true)
		if [ "$val" = n ]; then
			[ -z "$got" ] || [ "$got" = "# $opt is not set" ] ||
				{ log "$v: CONFIG MISMATCH: $opt wanted 'n', .config has '$got'"; bad=1; }
		else
			[ "$got" = "$opt=$val" ] ||
				{ log "$v: CONFIG MISMATCH: $opt wanted '$val', .config has '${got:-<absent>}'"; bad=1; }
		fi
	done
	[ $bad = 0 ] || die "$v: the variant's .config does not honour the fragments (see above)"
	cmp -s "$cfgo/.config" "$o/.config" || cp "$cfgo/.config" "$o/.config"
}

kmake() { # kmake SRC O ARGS...
	local src=$1 o=$2; shift 2
	make -C "$src" O="$o" ARCH=x86_64 CC="$CC" HOSTCC="$HOSTCC" W=1 "$@"
}

# ---- which of the files a variant builds ------------------------------------------
declare -A DIRCACHE=()
dir_objs() { # dir_objs SRC O DIR: "y ...", "m ...", "d ..." lines of objs.mk (cached)
	local key="$2:$3"
	if [ -z "${DIRCACHE[$key]+x}" ]; then
		DIRCACHE[$key]=$(make -s -C "$2" -f "$HERE/objs.mk" srctree="$1" obj="$3" print-objs 2>/dev/null || true)
	fi
	printf '%s\n' "${DIRCACHE[$key]}"
}
dir_built() { # is DIR descended into?  Top-level directories and arch/x86 always are.
	local src=$1 o=$2 d=$3 parent
	case $d in */*) ;; *) return 0 ;; esac
	[ "$d" = arch/x86 ] && return 0
	parent=${d%/*}
	dir_built "$src" "$o" "$parent" || return 1
	# a here-string, not a pipe into grep -q: its early exit could kill tr
	# with SIGPIPE, and pipefail would turn a match into a failure
	grep -qx "$d" <<< "$(dir_objs "$src" "$o" "$parent" | sed -n 's/^d //p' | tr ' ' '\n')"
}
obj_built() { # obj_built SRC O path/x.o
	local d=${3%/*}
	dir_built "$1" "$2" "$d" || return 1
	grep -qx "$3" <<< "$(dir_objs "$1" "$2" "$d" | sed -n 's/^[ym] //p' | tr ' ' '\n')"
}

# ---- compile and collect diagnostics -----------------------------------------------
# diagnostics LOG SRC [OBJDIR]: "file: warning: message [-Wflag]" lines of the
# compiler, kernel-doc and objtool ("x.o: warning: objtool: ..."), -Werror=flag
# folded into warnings, paths relative to the tree, line numbers dropped.
diagnostics() {
	local src obj=${3:-}
	src=$(cd "$2" && pwd)
	sed -n -E -e 's/^([^ :]+):[0-9]+(:[0-9]+)?: (warning|error): (.*)$/\1: \3: \4/p' \
		  -e 's/^([^ :]+\.o): (warning|error): (.*)$/\1: \2: \3/p' "$1" |
		sed -E -e "s|^$src/||" ${obj:+-e "s|^$obj/||"} -e 's|^(\./)+||' -e 's|^(\.\./)+||' \
		    -e 's/: error: (.*) \[-Werror=([^]]+)\]$/: warning: \1 [-W\2]/' | LC_ALL=C sort
}

prepare() { # prepare SRC O: make prepare (objs.mk needs include/config/auto.conf)
	kmake "$1" "$2" -s -j"$JOBS" prepare > "$2.prepare.log" 2>&1 ||
		{ tail -30 "$2.prepare.log"; return 1; }
}
# compile_objs SRC O LOG OBJ...: the objects, all of them (make -k)
compile_objs() {
	local src=$1 o=$2 log=$3; shift 3
	kmake "$src" "$o" -k -j"$JOBS" "$@" > "$log" 2>&1
}

# Baseline tree, 6.12 without the series: symlinks to $KSRC, except along
# the paths of the files the series changes or adds, where directories are
# real, changed files are the tarball's and added files are absent.
make_baseline_src() {
	local base=$WARN/base-src tmp f d p part files=()
	[ -f "$base/.done" ] && [ "$(cat "$base/.done")" = "$SERIES_SUM" ] && return 0
	[ -f "$TARBALL" ] || { log "$TARBALL missing: no baseline"; return 1; }
	mapfile -t files < <(touched_files)
	tmp=$WARN/base-tar; rm -rf "$tmp" "$base"; mkdir -p "$tmp" "$base"
	find "$KSRC" -mindepth 1 -maxdepth 1 -exec ln -s {} "$base/" \;
	# files the series adds are not in the tarball: tar complains, that is fine
	tar -xJf "$TARBALL" -C "$tmp" "${files[@]/#/$SRCNAME/}" 2>/dev/null || true
	for f in "${files[@]}"; do
		d=.
		IFS=/ read -ra part <<< "$f"
		for p in "${part[@]}"; do
			if [ -L "$base/$d" ]; then
				rm -f "$base/$d"; mkdir -p "$base/$d"
				[ ! -d "$KSRC/$d" ] || find "$KSRC/$d" -mindepth 1 -maxdepth 1 -exec ln -s {} "$base/$d/" \;
			fi
			[ "$d/$p" = "./$f" ] && break
			d=$d/$p
		done
		rm -f "$base/$f"
		[ ! -f "$tmp/$SRCNAME/$f" ] || cp "$tmp/$SRCNAME/$f" "$base/$f"
	done
	rm -rf "$tmp"
	echo "$SERIES_SUM" > "$base/.done"
}
touched_files() { # every file a patch changes or the overlay adds
	local p
	{
		for p in $(series_patches); do sed -n 's|^+++ b/||p' "$p" | sed 's|\t.*||'; done
		[ -d "$OVERLAY" ] && (cd "$OVERLAY" && find . -type f | sed 's|^\./||')
	} | LC_ALL=C sort -u
}
SERIES_SUM=$( (touched_files; echo "$KSRC") | md5sum | cut -d' ' -f1)

# ---- per variant -------------------------------------------------------------------
for v in $VARIANTS; do
	t0=$SECONDS
	o=$WARN/$v
	mkconfig "$v" "$KSRC" "$o"
	if [ "$v" = nostacktrace ]; then
		grep -qx 'CONFIG_UNWINDER_ORC=y' "$o/.config" && grep -qx '# CONFIG_STACKTRACE is not set' "$o/.config" ||
			die "$v: STACKTRACE=n with UNWINDER_ORC=y not reached"
	fi
	prepare "$KSRC" "$o" || { bad "$v: make prepare failed (log $o.prepare.log)"; continue; }
	objs=() skipped=()
	for f in "${CFILES[@]}"; do
		if obj_built "$KSRC" "$o" "${f%.c}.o"; then objs+=("${f%.c}.o"); else skipped+=("${f%.c}.o"); fi
	done
	log "$v: ${#objs[@]} objects; not built in this variant: ${skipped[*]:-none}"
	rc=0
	rm -f "$WARN/$v-base.log"
	# compiled every time, so that the log has every warning (ccache makes it cheap)
	for x in "${objs[@]}"; do rm -f "$o/$x"; done
	compile_objs "$KSRC" "$o" "$o.log" V=1 "${objs[@]}" || rc=$?
	diagnostics "$o.log" "$KSRC" > "$o.diag"
	if [ $rc != 0 ] && [ ! -s "$o.diag" ]; then
		grep -E 'error|Error' "$o.log" | head -20
		bad "$v: W=1 CONFIG_WERROR=y build failed without a compiler diagnostic (log $o.log)"
		continue
	fi
	if [ -s "$o.diag" ]; then
		# the objects that warned, compiled again from the tree without the
		# series, with the same command line (from the V=1 log)
		: > "$o-base.diag"
		if make_baseline_src; then
			base=$WARN/base-src btmp=$WARN/$v-base
			rm -rf "$btmp"; mkdir -p "$btmp"
			# objects that failed, and those whose own source has a diagnostic
			# (kernel-doc's warnings do not fail the build)
			for x in $( { sed -n -E 's/^make\[[0-9]+\]: \*\*\* \[[^]]*: ([^ ]+\.o)\] Error [0-9]+$/\1/p' "$o.log"
				     for y in "${objs[@]}"; do grep -q -e "^${y%.o}\.c: " -e "^$y: " "$o.diag" && echo "$y"; done; } | sort -u); do
				[ -f "$base/${x%.o}.c" ] || continue # new in the series: nothing to compare
				# the compiler and objtool, as in the build, with the object in $btmp
				c=$(grep -F -- " -c -o $x " "$o.log" | head -1 | sed -e 's/^ *//' || true)
				[ -n "$c" ] || { log "$v: no command line for $x in $o.log"; continue; }
				c=${c//$KSRC\//$base\/}
				mkdir -p "$btmp/$(dirname "$x")"
				c=$(printf '%s' "$c" | sed -E -e "s|-Wp,-MMD,[^ ]+|-Wp,-MMD,$btmp/dep.d|" \
					-e "s| -o $x | -o $btmp/$x |" -e "s| $x *\$| $btmp/$x|")
				(cd "$o" && eval "set -e; $c") >> "$btmp.log" 2>&1 || true
				# W=1's kernel-doc check of the source, if the build ran it
				c=$(grep -A1 -x -F "# cmd_checkdoc $x" "$o.log" | sed -n '2s/^ *//p' || true)
				[ -z "$c" ] || (cd "$o" && eval "${c//$KSRC\//$base\/}") >> "$btmp.log" 2>&1 || true
			done
			[ ! -f "$btmp.log" ] || diagnostics "$btmp.log" "$base" "$btmp" > "$o-base.diag"
		fi
		# new = in the series' build more often than in 6.12's
		LC_ALL=C comm -23 "$o.diag" "$o-base.diag" > "$o.new"
		if [ -s "$o.new" ]; then
			bad "$v: new W=1/CONFIG_WERROR warnings in the series' code:"
			sed 's/^/#   /' "$o.new"
			echo "#   as the compiler and kernel-doc print them ($o.log):"
			sed -E 's/^[^:]*: (warning|error): //; s/ \[-W[^]]*\]$//' "$o.new" |
				grep -F -f - "$o.log" | grep -E '(warning|error): ' | sed "s|$KSRC/||" | head -20 | sed 's/^/#   /'
		else
			ok "$v: ${#objs[@]} objects: only warnings 6.12 has without the series ($(wc -l < "$o.diag"))"
			sed 's/^/#   /' "$o.diag"
		fi
	else
		ok "$v: ${#objs[@]} objects compile with W=1 and CONFIG_WERROR=y, no warnings"
	fi

	# host programs of the series, with W=1's warnings for the host and -Werror
	if [ "$v" = on ]; then
		for f in "${HOSTC[@]}"; do
			# a program of one file has its compile command in .prog.cmd;
			# a file of a composite program (gen_lineinfo) in .file.o.cmd
			prog=${f%.c}
			cmdf=$o/$(dirname "$prog")/.$(basename "$prog").o.cmd
			if [ -f "$cmdf" ]; then
				prog=$prog.o
			else
				cmdf=$o/$(dirname "$prog")/.$(basename "$prog").cmd
			fi
			[ -f "$cmdf" ] || { bad "$v: $prog was not built by make prepare ($cmdf missing)"; continue; }
			cmd=$(sed -n "s|^savedcmd_$prog := ||p" "$cmdf")
			[ -n "$cmd" ] || { bad "$v: no command line in $cmdf"; continue; }
			hostw1="-Wextra -Wno-unused-parameter -Wno-sign-compare -Wmissing-declarations -Wmissing-format-attribute -Wmissing-include-dirs -Wunused-const-variable -Wundef -Wformat-overflow -Wformat-truncation -Wstringop-truncation"
			# same command, output elsewhere, flags appended before the sources;
			# every warning fails except those inside tools/include's own
			# headers (the decoder's userspace build includes them; 6.12's
			# tools/include/linux/panic.h lacks a format attribute), listed
			cmd=${cmd/ -o $prog / -o $WARN\/$(basename "$prog").w1 $hostw1 }
			hlog=$o.$(basename "$prog").log
			rc=0; (cd "$o" && eval "$cmd") > "$hlog" 2>&1 || rc=$?
			ours=$(grep -E '(warning|error): ' "$hlog" | grep -v '/tools/include/' || true)
			theirs=$(grep -E '(warning|error): ' "$hlog" | grep '/tools/include/' | sed "s|$KSRC/||" | sort -u || true)
			if [ $rc = 0 ] && [ -z "$ours" ]; then
				ok "$v: $prog compiles with the host W=1 warnings, none in the series' code"
				[ -z "$theirs" ] || printf '%s\n' "$theirs" | sed 's/^/#   in tools\/include, not the series: /'
			else
				bad "$v: $prog with the host W=1 warnings (rc $rc):"
				sed 's/^/#   /' "$hlog" | head -40
			fi
		done
	fi
	log "$v: $((SECONDS - t0)) s"
done
echo "# warnings: $((SECONDS - t_start)) s"
[ $fail = 0 ]
