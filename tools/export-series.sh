#!/usr/bin/env bash
# Export patches/series (+ overlay/) as a `git am`-able series in out/series/,
# checkpatch it (--strict), and verify that it applies with `git am` on the
# pristine files.
# Env: PATCHES, OVERLAY (inputs), OUT (default <repo>/out/series),
#      SERIES_AUTHOR ("Name <email>" for From:, Signed-off-by: and
#      MAINTAINERS; default: git's user.name/user.email),
#      CHECKPATCH_IGNORE (comma-separated checkpatch types to ignore; default none).
set -euo pipefail
. "$(dirname "$0")/../harness/lib.sh"
OUT=$(abspath "${OUT:-$ROOT/out/series}")
WORK=$BUILD/series
CHECKPATCH=${CHECKPATCH:-$KSRC/scripts/checkpatch.pl}
DATE="2026-01-01T00:00:00+0000"

rm -rf "$WORK"; mkdir -p "$WORK"
series_expand "$WORK/patches"
log "author: $(series_author) (set SERIES_AUTHOR='Name <email>' to change it)"
mapfile -t LIST < <(series_patches)
if [ ${#LIST[@]} -eq 0 ]; then
	echo "series: $PATCHES/series is missing or empty: nothing to export"
	exit 0
fi
[ -f "$TARBALL" ] || die "$TARBALL missing (make deps)"
rm -rf "$OUT"; mkdir -p "$OUT"

# ---- parse patches -------------------------------------------------------------
hdr() { # hdr FILE NAME -> value of (possibly folded) mail header NAME
	awk -v h="$2" 'BEGIN{IGNORECASE=1} /^$/{exit}
		f && /^[ \t]/ {sub(/^[ \t]+/," "); v=v $0; next} {f=0}
		tolower(substr($0,1,length(h)+1))==tolower(h)":" {v=substr($0,length(h)+2); sub(/^[ \t]+/,"",v); f=1}
		END{print v}' "$1"
}
body() { # commit message body: after the header block, up to the '---' line
	awk 'BEGIN{s=0} s==0 && /^$/ {s=1; next} s==1 && /^---[ \t]*$/ {exit} s==1 {print}' "$1" |
		sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}
diffpart() { sed -n '/^diff --git /,$p' "$1" | sed '/^-- $/,$d'; }

declare -a NEWFILES=() OLDFILES=()
for p in "${LIST[@]}"; do
	name=$(basename "$p")
	[ -n "$(hdr "$p" From)" ] || die "$name: no 'From:' header"
	[ -n "$(hdr "$p" Subject)" ] || die "$name: no 'Subject:' header"
	grep -q '^Signed-off-by: ' "$p" || die "$name: no Signed-off-by: line"
	grep -q '^---[[:space:]]*$' "$p" || die "$name: no '---' separator line"
	while IFS= read -r f; do
		[ -f "$OVERLAY/$f" ] || die "$name: Overlay: $f but $OVERLAY/$f is missing"
		OLDFILES+=("$f")  # may or may not exist upstream
	done < <(patch_overlays "$p")
	diffpart "$p" > "$WORK/$name.diff"
	# files touched by the diffs: a/ paths of modified files, b/ paths of new ones
	while IFS= read -r f; do OLDFILES+=("$f"); done < <(sed -n 's|^--- a/||p' "$WORK/$name.diff" | sed 's/[[:space:]].*//')
	while IFS= read -r f; do NEWFILES+=("$f"); done < <(awk '/^--- \/dev\/null/{n=1;next} n && /^\+\+\+ b\//{sub(/^\+\+\+ b\//,""); print} {n=0}' "$WORK/$name.diff")
done
# Membership tests use associative arrays, not `printf | grep -q`: with
# pipefail, grep -q leaving early can kill printf with SIGPIPE and fail
# a test that matched.
declare -A OLDSET=() NEWSET=()
for f in "${OLDFILES[@]}"; do OLDSET[$f]=1; done
for f in "${NEWFILES[@]}"; do NEWSET[$f]=1; done
# every overlay file must belong to some patch
if [ -d "$OVERLAY" ]; then
	while IFS= read -r f; do
		[ -n "${OLDSET[$f]:-}" ] || die "overlay/$f is not listed as 'Overlay: $f' in any patch"
	done < <(cd "$OVERLAY" && find . -type f | sed 's|^\./||')
fi

# ---- overlay files as their patch adds them ------------------------------------
# overlay/ holds each new file as the whole series leaves it; a later patch
# that extends it (a feature's hooks) carries an ordinary diff of it.  The
# version the adding patch commits is overlay/ with those later diffs
# reverted, last patch first.
overlay_set "${LIST[@]}" > "$WORK/overlay.set"
mkdir -p "$WORK/stage"
while IFS= read -r f; do
	mkdir -p "$(dirname "$WORK/stage/$f")"; cp "$OVERLAY/$f" "$WORK/stage/$f"
done < "$WORK/overlay.set"
for ((i = ${#LIST[@]} - 1; i >= 0; i--)); do
	name=$(basename "${LIST[$i]}")
	only_overlay_diffs "$WORK/overlay.set" "$WORK/$name.diff" > "$WORK/$name.ovl"
	[ -s "$WORK/$name.ovl" ] || continue
	# patch(1), not git apply: inside this repository git apply would take
	# the paths as relative to its top and skip them
	patch -p1 -R -s -f --fuzz=0 --no-backup-if-mismatch -d "$WORK/stage" \
		< "$WORK/$name.ovl" > "$WORK/apply.err" 2>&1 || {
		cat "$WORK/apply.err" >&2
		die "$name: its diffs of overlay files do not revert from overlay/ (an overlay file changed without its patch)"; }
done

# ---- pristine base -------------------------------------------------------------
mapfile -t WANT < <(printf '%s\n' "${OLDFILES[@]}" | LC_ALL=C sort -u)
log "extracting ${#WANT[@]} pristine file(s) from $TARBALL ..."
mkdir -p "$WORK/x"
tar -xJf "$TARBALL" -C "$WORK/x" "${WANT[@]/#/$SRCNAME/}" 2> "$WORK/tar.err" || true
mkdir -p "$WORK/pristine"
[ -d "$WORK/x/$SRCNAME" ] && cp -a "$WORK/x/$SRCNAME/." "$WORK/pristine/"
for f in "${WANT[@]}"; do
	if [ ! -e "$WORK/pristine/$f" ] && grep -q -- "^diff --git a/$f " "$WORK"/*.diff &&
	   [ -z "${NEWSET[$f]:-}" ] && ! grep -qxF -- "$f" "$WORK/overlay.set"; then
		die "$f is patched but not found in $TARBALL"
	fi
done

newrepo() { # newrepo DIR: git repo with the pristine files committed as base
	rm -rf "$1"; mkdir -p "$1"; cp -a "$WORK/pristine/." "$1/"
	git -C "$1" init -q -b series
	git -C "$1" add -A
	GIT_AUTHOR_DATE=$DATE GIT_COMMITTER_DATE=$DATE git -C "$1" -c user.name=base -c user.email=base@localhost \
		commit -q --allow-empty -m "base: pristine files of $SRCNAME"
	git -C "$1" tag base
}

# ---- build the series as commits ----------------------------------------------
R=$WORK/export
newrepo "$R"
for p in "${LIST[@]}"; do
	name=$(basename "$p")
	while IFS= read -r f; do
		mkdir -p "$(dirname "$R/$f")"; cp "$WORK/stage/$f" "$R/$f"
	done < <(patch_overlays "$p")
	if [ -s "$WORK/$name.diff" ]; then
		git -C "$R" apply --whitespace=nowarn "$WORK/$name.diff" 2> "$WORK/apply.err" || {
			cat "$WORK/apply.err" >&2; die "$name: diffs do not apply with 'git apply' to pristine + earlier patches"; }
	fi
	git -C "$R" add -A
	git -C "$R" diff --cached --quiet && die "$name: patch makes no change"
	from=$(hdr "$p" From)
	subj=$(hdr "$p" Subject | sed -E 's/^\[[^]]*\][[:space:]]*//')
	{ printf '%s\n\n' "$subj"; body "$p"; } > "$WORK/msg"
	an=${from%% <*}; ae=${from##*<}; ae=${ae%%>*}
	GIT_AUTHOR_NAME=$an GIT_AUTHOR_EMAIL=$ae GIT_COMMITTER_NAME=$an GIT_COMMITTER_EMAIL=$ae \
	GIT_AUTHOR_DATE=$DATE GIT_COMMITTER_DATE=$DATE \
		git -C "$R" commit -q --cleanup=verbatim -F "$WORK/msg"
done
# the series ends with overlay/ as it is
while IFS= read -r f; do
	cmp -s "$OVERLAY/$f" "$R/$f" || die "the exported series leaves $f different from overlay/$f"
done < "$WORK/overlay.set"
first_from=$(hdr "${LIST[0]}" From); fn=${first_from%% <*}; fe=${first_from##*<}; fe=${fe%%>*}
GIT_COMMITTER_DATE=$DATE git -C "$R" -c user.name="$fn" -c user.email="$fe" format-patch -q --cover-letter --no-signature -o "$OUT" base..HEAD

# ---- cover letter --------------------------------------------------------------
cover=$(ls "$OUT"/0000-cover-letter.patch)
CSUBJ="kallsyms: file:line annotations in stack traces"
if [ -f "$PATCHES/cover-letter" ]; then
	CSUBJ=$(head -1 "$PATCHES/cover-letter"); tail -n +3 "$PATCHES/cover-letter" > "$WORK/blurb"
else
	cat > "$WORK/blurb" <<'BLURB'
This series lets stack traces (WARN, oops, SysRq, /proc/PID/stack) print the
source file and line of each frame, e.g.

  do_syscall_64+0x82/0x190 (arch/x86/entry/common.c:52)

A build-time tool extracts a compact line table from the DWARF info, which
is linked into the kernel next to the kallsyms tables, and the symbol
printing code appends the location when the table has one. Loadable
modules carry their own table.

Optionally, inlined calls get lines of their own before the frame, as
syzbot reports show them, and the register dump of an oops or WARN is
followed by the arguments of the function, printed only where DWARF says
which register holds each one at that address.

The tables are also exported read-only in /sys/kernel/lineinfo, as BTF is,
and tools/lineinfo annotates saved traces offline from them or from the
kernel image, without debug info.  x86-64 and arm64 print annotated
reports, each address by the rule of what it is (a return address, or
where the CPU was); the arguments are x86-64 only.
BLURB
fi
python3 - "$cover" "$CSUBJ" "$WORK/blurb" <<'PY'
import sys
p, subj, blurb = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().rstrip('\n')
s = open(p).read().replace('*** SUBJECT HERE ***', subj).replace('*** BLURB HERE ***', blurb)
open(p, 'w').write(s)
PY

# ---- checkpatch ----------------------------------------------------------------
[ -f "$CHECKPATCH" ] || "$ROOT/harness/unpack.sh" >/dev/null
[ -f "$CHECKPATCH" ] || die "$CHECKPATCH missing"
cp_fail=0
for f in "$OUT"/0*.patch; do
	case $f in */0000-cover-letter.patch) continue ;; esac
	res=$(cd "$(dirname "$(dirname "$CHECKPATCH")")" &&
		perl "$CHECKPATCH" --strict --root="$KSRC" --terse --show-types \
			${CHECKPATCH_IGNORE:+--ignore "$CHECKPATCH_IGNORE"} "$f" 2>&1) || true
	# gen_lineinfo uses the libelf/libdw API, whose type names are
	# CamelCase (Dwarf_Die, GElf_Shdr, ...): those, and only those, pass.
	res=$(printf '%s\n' "$res" |
		grep -vE 'CHECK:CAMELCASE: Avoid CamelCase: <(Dwarf|Dwfl|GElf|Elf)(_[A-Za-z]+)?>$' || true)
	# findings kept on purpose (patches/checkpatch-exceptions), up to their count
	if [ -f "$PATCHES/checkpatch-exceptions" ]; then
		src=$(printf '%s\n' "${LIST[@]}" | sed -n "$(basename "$f" | sed 's/-.*//' | sed 's/^0*//')p")
		while read -r pname ptype pcount _; do
			case $pname in ''|'#'*) continue ;; esac
			[ "$pname" = "$(basename "$src")" ] || continue
			n=$(printf '%s\n' "$res" | grep -c ": WARNING:$ptype:\|: CHECK:$ptype:" || true)
			if [ "$n" -le "$pcount" ]; then
				res=$(printf '%s\n' "$res" | grep -v ": WARNING:$ptype:\|: CHECK:$ptype:" || true)
				[ "$n" = 0 ] || echo "checkpatch: $(basename "$f"): $n x $ptype kept (patches/checkpatch-exceptions)"
			fi
		done < "$PATCHES/checkpatch-exceptions"
	fi
	if grep -qE ': (ERROR|WARNING|CHECK):' <<< "$res"; then
		echo "checkpatch: $(basename "$f"): FAIL"
		printf '%s\n' "$res" | sed 's/^/    /'
		cp_fail=$((cp_fail + 1))
	else
		echo "checkpatch: $(basename "$f"): clean"
	fi
done

# ---- git am verification -------------------------------------------------------
V=$WORK/verify
newrepo "$V"
am_ok=1
mapfile -t AM < <(ls "$OUT"/0*.patch | grep -v '/0000-cover-letter.patch$')
if ! git -C "$V" -c user.name=v -c user.email=v@localhost am -q "${AM[@]}" 2> "$WORK/am.err"; then
	am_ok=0; git -C "$V" am --abort 2>/dev/null || true
fi
if [ $am_ok = 1 ] && [ "$(git -C "$V" rev-parse 'HEAD^{tree}')" != "$(git -C "$R" rev-parse 'HEAD^{tree}')" ]; then
	echo "git am: resulting tree differs from the exported one" >&2; am_ok=0
fi
[ $am_ok = 1 ] || { cat "$WORK/am.err" >&2; }

n=$(ls "$OUT"/0*.patch | grep -vc 0000-cover-letter)
echo "series: exported $n patch(es) + cover letter to $OUT"
echo "series: checkpatch --strict: $((n - cp_fail)) clean, $cp_fail with errors/warnings/checks"
echo "series: git am on pristine files: $([ $am_ok = 1 ] && echo OK || echo FAILED)"
[ $cp_fail = 0 ] && [ $am_ok = 1 ] || die "series check failed"
