#!/usr/bin/env bash
# Apply the patch series (patches/series + overlay/) to a kernel tree, idempotently.
#
#   tools/apply.sh KSRC
#
# Env: PATCHES=dir (default <repo>/patches), OVERLAY=dir (default <repo>/overlay),
#      APPLY_STATE=dir  optional: remember what was applied there, so that a later
#      run with changed/removed patches first reverts the stale ones (the harness
#      uses build/applied-state for build/linux-source-6.12).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 KSRC" >&2; exit 2; }
KSRC_ARG=$1
. "$(dirname "$0")/../harness/lib.sh"
KSRC=$(abspath "$KSRC_ARG")
[ -f "$KSRC/Makefile" ] || die "$KSRC does not look like a kernel tree (no Makefile)"

PATCH_OPTS="-p1 -s -f --fuzz=0 --no-backup-if-mismatch -d $KSRC"
EXPANDED=$(mktemp -d)
series_expand "$EXPANDED/patches"
mapfile -t LIST < <(series_patches)
# overlay files are copied whole below: their later changes are in them already
overlay_set "${LIST[@]}" > "$EXPANDED/overlay.set"
for p in "${LIST[@]}"; do strip_overlay_diffs "$EXPANDED/overlay.set" "$p"; done

# --- optional: revert patches that changed since the last run -----------------
if [ -n "${APPLY_STATE:-}" ] && [ -f "$APPLY_STATE/series" ]; then
	mapfile -t OLD < "$APPLY_STATE/series"
	i=0
	while [ $i -lt ${#OLD[@]} ] && [ $i -lt ${#LIST[@]} ] &&
	      [ "${OLD[$i]}" = "$(basename "${LIST[$i]}")" ] &&
	      cmp -s "$APPLY_STATE/${OLD[$i]}" "${LIST[$i]}"; do
		i=$((i + 1))
	done
	for ((j = ${#OLD[@]} - 1; j >= i; j--)); do
		p=$APPLY_STATE/${OLD[$j]}
		patch_has_diff "$p" || continue
		# shellcheck disable=SC2086
		if patch $PATCH_OPTS -R --dry-run < "$p" >/dev/null 2>&1; then
			log "reverting stale ${OLD[$j]}"
			# shellcheck disable=SC2086
			patch $PATCH_OPTS -R < "$p"
		else
			log "WARNING: stale ${OLD[$j]} does not revert cleanly; leaving tree as is"
		fi
	done
	# overlay files that are gone from overlay/ are removed from the tree
	if [ -f "$APPLY_STATE/overlay.list" ]; then
		while IFS= read -r f; do
			[ -n "$f" ] || continue
			if [ ! -f "$OVERLAY/$f" ] && [ -f "$KSRC/$f" ]; then
				log "removing stale overlay file $f"
				rm -f "$KSRC/$f"
			fi
		done < "$APPLY_STATE/overlay.list"
	fi
fi

# --- patches ------------------------------------------------------------------
# Patches may touch the same file one after the other (MAINTAINERS, Kconfig),
# so whether a patch is applied cannot be tested patch by patch.  Find the
# longest applied prefix of the series instead, on a scratch copy of the
# touched files: k patches are applied if reverting k..1 in turn succeeds.
n_applied=0 n_skipped=0 n_empty=0
DIFFS=()
for p in "${LIST[@]}"; do
	if patch_has_diff "$p"; then DIFFS+=("$p"); else n_empty=$((n_empty + 1)); fi
done
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH" "$EXPANDED"' EXIT
TOUCHED=()
if [ ${#DIFFS[@]} -gt 0 ]; then
	mapfile -t TOUCHED < <(sed -n 's|^+++ b/||p' "${DIFFS[@]}" | sed 's|\t.*||' | LC_ALL=C sort -u)
fi
scratch_copy() {
	local f
	rm -rf "$SCRATCH/t"; mkdir -p "$SCRATCH/t"
	for f in "${TOUCHED[@]}"; do
		[ -f "$KSRC/$f" ] || continue
		mkdir -p "$SCRATCH/t/$(dirname "$f")"; cp "$KSRC/$f" "$SCRATCH/t/$f"
	done
}
SPATCH="patch -p1 -s -f --fuzz=0 --no-backup-if-mismatch -d $SCRATCH/t"
done_k=0
for ((k = ${#DIFFS[@]}; k > 0; k--)); do
	scratch_copy
	ok=1
	for ((j = k - 1; j >= 0; j--)); do
		# shellcheck disable=SC2086
		$SPATCH -R < "${DIFFS[$j]}" > /dev/null 2>&1 || { ok=0; break; }
	done
	if [ $ok = 1 ]; then done_k=$k; break; fi
done
for ((j = 0; j < done_k; j++)); do
	log "$(basename "${DIFFS[$j]}"): already applied, skipping"
done
n_skipped=$done_k
# Try the rest on the scratch copy first, so a failure leaves the tree alone.
scratch_copy
for ((j = done_k; j < ${#DIFFS[@]}; j++)); do
	# shellcheck disable=SC2086
	if ! out=$(${SPATCH/-s /} < "${DIFFS[$j]}" 2>&1); then
		printf '%s\n' "$out" | sed 's/^/    /' >&2
		die "$(basename "${DIFFS[$j]}") does not apply to $KSRC (see failing file/hunk above; the tree was not changed)"
	fi
done
for ((j = done_k; j < ${#DIFFS[@]}; j++)); do
	# shellcheck disable=SC2086
	patch $PATCH_OPTS < "${DIFFS[$j]}"
	log "$(basename "${DIFFS[$j]}"): applied"
	n_applied=$((n_applied + 1))
done

# --- overlay files ------------------------------------------------------------
n_copied=0 n_same=0
declare -A REFERENCED=()
for p in "${LIST[@]}"; do
	while IFS= read -r f; do REFERENCED[$f]=1; done < <(patch_overlays "$p")
done
OVL_FILES=()
if [ -d "$OVERLAY" ]; then
	mapfile -t OVL_FILES < <(cd "$OVERLAY" && find . -type f ! -name '*~' ! -name '.*.swp' | sed 's|^\./||' | LC_ALL=C sort)
fi
for f in "${OVL_FILES[@]}"; do
	[ -n "${REFERENCED[$f]:-}" ] || log "WARNING: overlay/$f is not listed as 'Overlay: $f' in any patch (make series would drop it)"
	if cmp -s "$OVERLAY/$f" "$KSRC/$f"; then
		n_same=$((n_same + 1))
	else
		mkdir -p "$(dirname "$KSRC/$f")"
		cp "$OVERLAY/$f" "$KSRC/$f"
		n_copied=$((n_copied + 1))
	fi
done
for f in "${!REFERENCED[@]}"; do
	[ -f "$OVERLAY/$f" ] || die "a patch lists 'Overlay: $f' but $OVERLAY/$f does not exist"
done

# --- remember state -----------------------------------------------------------
if [ -n "${APPLY_STATE:-}" ]; then
	rm -rf "$APPLY_STATE"; mkdir -p "$APPLY_STATE"
	: > "$APPLY_STATE/series"
	for p in "${LIST[@]}"; do
		cp "$p" "$APPLY_STATE/"; basename "$p" >> "$APPLY_STATE/series"
	done
	printf '%s\n' "${OVL_FILES[@]}" > "$APPLY_STATE/overlay.list"
fi

echo "apply: ${#LIST[@]} patch(es) in series: $n_applied applied, $n_skipped already applied, $n_empty without diffs; overlay: $n_copied copied, $n_same unchanged -> $KSRC"
