#!/usr/bin/env bash
# make series-bisect: build every prefix of the exported series.
#
# Exports the series (tools/export-series.sh, out/series/), then applies it
# with `git am` to a pristine tree one patch at a time and builds each prefix
# (bzImage and modules) with the test kernel's config fragments: every
# option that the prefix knows is on, the ones it does not know yet are
# dropped by olddefconfig.  One build directory serves all prefixes, so each
# build after the first is incremental (and ccache'd).
# Env: FRAGMENTS (default: configs/*.config), SKIP_EXPORT=1 (use out/series, or SERIES=dir,
#      as they are), CCACHE=0, W (passed to make, e.g. W=1).
set -euo pipefail
. "$(dirname "$0")/../harness/lib.sh"

SERIES=${SERIES:-$ROOT/out/series}
T=$BUILD/bisect
SRC=$T/src
OBJ=$T/obj
LOGS=$T/logs

mkdir -p "$T"
[ "${SKIP_EXPORT:-0}" = 1 ] || "$ROOT/tools/export-series.sh" > "$T.export.log" 2>&1 ||
	{ tail -20 "$T.export.log"; die "export-series failed (log $T.export.log)"; }
mapfile -t PATCHES < <(ls "$SERIES"/0*.patch | grep -v '/0000-cover-letter.patch$')
[ ${#PATCHES[@]} -gt 0 ] || die "no patches in $SERIES"
[ -f "$TARBALL" ] || die "$TARBALL missing (make deps)"

# ---- a pristine tree as a git repository (made once) ---------------------------
if ! git -C "$SRC" rev-parse -q --verify base > /dev/null 2>&1; then
	log "unpacking $TARBALL into $SRC (once) ..."
	rm -rf "$SRC" "$T/x"; mkdir -p "$T/x"
	tar -xJf "$TARBALL" -C "$T/x"
	mv "$T/x/$SRCNAME" "$SRC"; rm -rf "$T/x"
	git -C "$SRC" init -q -b bisect
	# Debian's source tree ignores everything (.gitignore: /*): add by force
	git -C "$SRC" add -A -f
	git -C "$SRC" -c user.name=base -c user.email=base@localhost commit -q -m "base: $SRCNAME"
	git -C "$SRC" tag base
fi
git -C "$SRC" am --abort > /dev/null 2>&1 || true
git -C "$SRC" checkout -q -B bisect base
git -C "$SRC" clean -qfdx

# ---- the config: the fragments merged once, on the pristine tree ----------------
FRAGMENTS=${FRAGMENTS:-$(ls "$ROOT"/configs/*.config)}
mkdir -p "$OBJ" "$LOGS" "$T/kconfig"
make -s -C "$SRC" O="$T/kconfig" ARCH=x86_64 tinyconfig > /dev/null
# shellcheck disable=SC2086
(cd "$SRC" && scripts/kconfig/merge_config.sh -m -O "$T/kconfig" "$T/kconfig/.config" $FRAGMENTS) \
	> "$T/kconfig/merge.log" 2>&1 || { cat "$T/kconfig/merge.log"; die "merge_config.sh failed"; }
# unknown symbols are kept in the merged file, so that each prefix sees them
cp "$T/kconfig/.config" "$T/config.merged"

CC_ARG=gcc
[ "${CCACHE:-1}" = 0 ] || ! command -v ccache > /dev/null || CC_ARG="ccache gcc"

# ---- build each prefix ---------------------------------------------------------
fail=0 k=0
declare -a RESULT=()
for p in "${PATCHES[@]}"; do
	k=$((k + 1))
	name=$(basename "$p" .patch)
	if ! git -C "$SRC" -c user.name=bisect -c user.email=bisect@localhost am -q "$p" \
		> "$LOGS/$name.am" 2>&1; then
		RESULT+=("$name: git am FAILED")
		fail=1
		break
	fi
	cp "$T/config.merged" "$OBJ/.config"
	make -s -C "$SRC" O="$OBJ" ARCH=x86_64 olddefconfig > /dev/null
	opts=$(grep -oE '^CONFIG_(KALLSYMS_LINEINFO[A-Z_]*|KALLSYMS_PARAMINFO|LINEINFO_KUNIT_TEST)=[ym]' "$OBJ/.config" |
		sed 's/^CONFIG_//; s/=.*//' | tr '\n' ' ' || true)
	start=$(date +%s)
	if make -C "$SRC" O="$OBJ" ARCH=x86_64 CC="$CC_ARG" HOSTCC=gcc ${W:+W=$W} -j"$(nproc)" \
		bzImage modules > "$LOGS/$name.build" 2>&1; then
		RESULT+=("$name: builds ($(( $(date +%s) - start )) s) with ${opts:-no lineinfo options}")
	else
		RESULT+=("$name: build FAILED (log ${LOGS#$ROOT/}/$name.build) with ${opts:-no lineinfo options}")
		grep -E 'error|Error' "$LOGS/$name.build" | head -5 | sed 's/^/    /' >&2
		fail=1
	fi
	log "${RESULT[-1]}"
done

echo "==================== series-bisect: ${#PATCHES[@]} patches ===================="
printf '%s\n' "${RESULT[@]}"
if [ $fail = 0 ]; then
	echo "series-bisect: PASS (every prefix builds)"
else
	echo "series-bisect: FAIL"
	exit 1
fi
